/* view.c - the equal-scale camera: fitting a window, screen <-> world, pan, zoom about a point,
 * and nice tick numbers for the axes. Pure math (libc + cglm), unit tested in test_view.c.
 */
#include "lecture/view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { VIEW_MIN_PX = 1 };
static const double VIEW_SCALE_MIN = 1e-12, VIEW_SCALE_MAX = 1e12;

static int view_clamp_px(int n)
{
    return n < VIEW_MIN_PX ? VIEW_MIN_PX : n;
}

View view_fit(const ViewBox *box, int w, int h)
{
    View v;
    v.w = view_clamp_px(w);
    v.h = view_clamp_px(h);
    v.cx = 0.5 * (box->xmin + box->xmax);
    v.cy = 0.5 * (box->ymin + box->ymax);
    double sx = (box->xmax - box->xmin) / v.w;
    double sy = (box->ymax - box->ymin) / v.h;
    v.scale = sx > sy ? sx : sy;
    if (!(v.scale > VIEW_SCALE_MIN))
        v.scale = 1.0 / (v.w > v.h ? v.w : v.h);
    return v;
}

View view_fit_inset(const ViewBox *box, int w, int h, int left, int bottom)
{
    left = left > 0 && left < w / 2 ? left : 0;
    bottom = bottom > 0 && bottom < h / 2 ? bottom : 0;
    View inner = view_fit(box, w - left, h - bottom);
    View v = inner;
    v.w = view_clamp_px(w);
    v.h = view_clamp_px(h);
    /* The inner rect's centre is (left + (w - left) / 2, (h - bottom) / 2) on screen. */
    v.cx = inner.cx - 0.5 * left * v.scale;
    v.cy = inner.cy - 0.5 * bottom * v.scale;
    return v;
}

ViewBox view_box_include(ViewBox box, double x, double y, double frac)
{
    if (!isfinite(x) || !isfinite(y))
        return box;
    double mx = frac * (box.xmax - box.xmin), my = frac * (box.ymax - box.ymin);
    box.xmin = fmin(box.xmin, x - mx);
    box.xmax = fmax(box.xmax, x + mx);
    box.ymin = fmin(box.ymin, y - my);
    box.ymax = fmax(box.ymax, y + my);
    return box;
}

ViewBox view_bounds(const View *v)
{
    double hw = 0.5 * v->w * v->scale, hh = 0.5 * v->h * v->scale;
    return (ViewBox){v->cx - hw, v->cx + hw, v->cy - hh, v->cy + hh};
}

bool view_equal(const View *a, const View *b)
{
    return a->cx == b->cx && a->cy == b->cy && a->scale == b->scale && a->w == b->w &&
           a->h == b->h;
}

void view_screen_to_world(const View *v, double sx, double sy, double *wx, double *wy)
{
    *wx = v->cx + (sx - 0.5 * v->w) * v->scale;
    *wy = v->cy - (sy - 0.5 * v->h) * v->scale;
}

void view_lattice_size(const View *v, int *nx, int *ny)
{
    *nx = (v->w + VIEW_LATTICE_PX - 1) / VIEW_LATTICE_PX + 1;
    *ny = (v->h + VIEW_LATTICE_PX - 1) / VIEW_LATTICE_PX + 1;
}

void view_lattice_point(const View *v, int a, int b, double *x, double *y)
{
    view_screen_to_world(v, a * VIEW_LATTICE_PX + 0.5, b * VIEW_LATTICE_PX + 0.5, x, y);
}

void view_world_to_screen(const View *v, double wx, double wy, double *sx, double *sy)
{
    *sx = 0.5 * v->w + (wx - v->cx) / v->scale;
    *sy = 0.5 * v->h - (wy - v->cy) / v->scale;
}

void view_pan(View *v, double dx_px, double dy_px)
{
    v->cx -= dx_px * v->scale;
    v->cy += dy_px * v->scale;
}

void view_zoom_at(View *v, double sx, double sy, double factor)
{
    if (!(factor > 0.0))
        return;
    double wx, wy;
    view_screen_to_world(v, sx, sy, &wx, &wy);
    double s = v->scale / factor;
    if (s < VIEW_SCALE_MIN)
        s = VIEW_SCALE_MIN;
    if (s > VIEW_SCALE_MAX)
        s = VIEW_SCALE_MAX;
    v->scale = s;
    /* Put (wx, wy) back under the cursor. */
    v->cx = wx - (sx - 0.5 * v->w) * s;
    v->cy = wy + (sy - 0.5 * v->h) * s;
}

void view_resize(View *v, int w, int h)
{
    v->w = view_clamp_px(w);
    v->h = view_clamp_px(h);
}

void view_matrix(const View *v, double ox, double oy, mat4 dest)
{
    ViewBox b = view_bounds(v);
    glm_ortho((float)(b.xmin - ox), (float)(b.xmax - ox), (float)(b.ymin - oy),
              (float)(b.ymax - oy), -1.0f, 1.0f, dest);
}

void view_pixel_matrix(int w, int h, mat4 dest)
{
    glm_ortho(0.0f, (float)w, (float)h, 0.0f, -1.0f, 1.0f, dest);
}

double view_nice_step(double lo, double hi, int target)
{
    double span = fabs(hi - lo);
    if (target < 1)
        target = 1;
    if (!(span > 0.0) || !isfinite(span))
        return 1.0;
    double raw = span / target;
    double p = pow(10.0, floor(log10(raw)));
    static const double mults[] = {1.0, 2.0, 5.0, 10.0};
    for (size_t i = 0; i < sizeof mults / sizeof mults[0]; i++) {
        if (mults[i] * p >= raw * (1.0 - 1e-9))
            return mults[i] * p;
    }
    return 10.0 * p;
}

int view_ticks(double lo, double hi, int target, double *out, int max, double *step)
{
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    double s = view_nice_step(lo, hi, target);
    if (step)
        *step = s;
    double k0 = ceil(lo / s - 1e-9), k1 = floor(hi / s + 1e-9);
    int n = 0;
    for (double k = k0; k <= k1 && n < max; k += 1.0) {
        /* k * s, not an accumulated sum, so 0.1 * 3 does not drift; snap -0 and tiny to 0. */
        double val = k * s;
        if (fabs(val) < 1e-9 * s)
            val = 0.0;
        out[n++] = val;
    }
    return n;
}

void view_format_tick(double value, double step, char *buf, int len)
{
    char tmp[64];
    double a = fabs(step);
    if (a >= 1e-4 && a < 1e6) {
        int dec = 0;
        /* Enough decimals that consecutive multiples of step print differently. */
        while (dec < 8 && fabs(step * pow(10.0, dec) - round(step * pow(10.0, dec))) > 1e-6)
            dec++;
        snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(value));
    } else {
        snprintf(tmp, sizeof tmp, "%.3g", fabs(value));
    }
    if (value < 0.0 && strspn(tmp, "0.") != strlen(tmp))
        snprintf(buf, (size_t)len, "\xe2\x88\x92%s", tmp);
    else
        snprintf(buf, (size_t)len, "%s", tmp);
}
