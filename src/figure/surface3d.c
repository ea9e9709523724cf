/* surface3d.c - the parts of a 3D pane drawn over the surface, for every backend: paths on
 * the surface, balls at the starts and current points, the box's axes. Points are projected
 * on the CPU each frame (a few thousand per run at most after dropping those within a pixel
 * and a half of the last one kept), so a frame costs the points shown, not the mesh.
 */
#include "figure/surface3d.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define UTF8_THETA "\xce\xb8"
#define UTF8_SUB1 "\xe2\x82\x81"
#define UTF8_SUB2 "\xe2\x82\x82"

/* Consecutive path points closer than this many pixels are merged. */
static const double SURFACE3D_PATH_PX = 1.5;

void surface3d_view(const PlotScene *sc, Surface3dView *v)
{
    v->map = sc->map;
    v->w = sc->view.w;
    v->h = sc->view.h;
    camera3d_matrix(&sc->camera, v->w, v->h, v->mvp);
}

/* Box point -> pixel. */
static bool surface3d_box(Surface3dView *v, float bx, float by, float bz, double *sx,
                          double *sy)
{
    double d;
    return camera3d_project(v->mvp, v->w, v->h, (const float[3]){bx, by, bz}, sx, sy, &d);
}

/* Whether the surface hides the point of (x, y) at loss f (as drawn: lifted). */
static bool surface3d_hidden(const PlotScene *sc, double x, double y, double f)
{
    float b[3];
    surface_to_box(&sc->map, x, y, f, b);
    b[2] += (float)SURFACE_LIFT;
    return isfinite(b[2]) && surface_occluded(&sc->map, sc->ls, &sc->camera, b);
}

bool surface3d_point(Surface3dView *v, double x, double y, double f, double *sx, double *sy)
{
    float b[3];
    surface_to_box(&v->map, x, y, f, b);
    if (!isfinite(b[2]))
        return false;
    return surface3d_box(v, b[0], b[1], b[2] + (float)SURFACE_LIFT, sx, sy);
}

FieldScale surface3d_scale(const PlotScene *sc, float scale)
{
    FieldScale fs = plot_field_scale(sc, scale, &(ViewBox){0.0, 1.0, 0.0, 1.0});
    FieldScale m = sc->map.fs;
    m.levels = fs.levels;
    m.line_px = fs.line_px;
    m.line_alpha = fs.line_alpha;
    return m;
}

/* The landscape's critical points on the surface (those a hill hides are left out). */
static void surface3d_crit(Canvas *c, const PlotScene *sc, Surface3dView *v)
{
    for (int k = 0; k < sc->ls->n_crit; k++) {
        const CriticalPoint *cp = &sc->ls->crit[k];
        double x, y, f = landscape_eval(sc->ls, cp->x, cp->y, NULL, NULL);
        if (surface3d_point(v, cp->x, cp->y, f, &x, &y) &&
            !surface3d_hidden(sc, cp->x, cp->y, f))
            plot_crit_marker(c, cp->kind, (float)x, (float)y);
    }
}

/* Alpha of what a hill hides: there, but behind. */
static const float SURFACE3D_HIDDEN_ALPHA = 0.3f;

void surface3d_paths(Canvas *c, const PlotScene *sc)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    surface3d_crit(c, sc, &v);
    float rc, hw;
    plot_path_widths(sc, c->scale, &rc, &hw);
    unsigned char g = (unsigned char)lroundf(CANVAS_HALO_GRAY * 255.0f);
    Rgba halo = {g, g, g, 204};
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (!plot_run_enabled(sc, i) || run->n < 2)
            continue;
        /* The visible stretches in xy, the hidden ones in hid (NaN breaks between them; a
         * point where one turns into the other ends the one and starts the other). */
        float *xy = malloc(sizeof *xy * 8 * (size_t)run->n);
        if (!xy)
            return;
        float *hid = xy + 4 * run->n; /* each holds up to 2n points: turns and breaks */
        int m = 0;
        double lx = 0.0, ly = 0.0;
        bool have = false, was_hidden = false;
        for (long k = 0; k < run->n; k++) {
            const TrajPoint *p = &run->pts[k];
            double sx, sy;
            /* A run that leaves the box (diverging) is drawn up to half a box beyond it. */
            bool inside = fabs(p->x - v.map.cx) <= 1.5 * v.map.xr * v.map.half &&
                          fabs(p->y - v.map.cy) <= 1.5 * v.map.yr * v.map.half;
            if (!inside || !surface3d_point(&v, p->x, p->y, p->loss, &sx, &sy) ||
                fabs(sx) > 1e6 || fabs(sy) > 1e6) {
                if (have) {
                    xy[2 * m] = xy[2 * m + 1] = hid[2 * m] = hid[2 * m + 1] = NAN;
                    m++;
                }
                have = false;
                continue;
            }
            if (have && k < run->n - 1 && hypot(sx - lx, sy - ly) < SURFACE3D_PATH_PX)
                continue;
            bool hidden = surface3d_hidden(sc, p->x, p->y, p->loss);
            if (have && hidden != was_hidden) {
                /* the turn: this point ends the stretch before it too */
                float *to = hidden ? xy : hid, *off = hidden ? hid : xy;
                to[2 * m] = (float)sx;
                to[2 * m + 1] = (float)sy;
                off[2 * m] = off[2 * m + 1] = NAN;
                m++;
            }
            float *on = hidden ? hid : xy, *other = hidden ? xy : hid;
            on[2 * m] = (float)sx;
            on[2 * m + 1] = (float)sy;
            other[2 * m] = other[2 * m + 1] = NAN;
            m++;
            was_hidden = hidden;
            lx = sx;
            ly = sy;
            have = true;
        }
        Rgba col = plot_run_rgba(plot_color_of(sc, i)), faint = col;
        faint.a = (unsigned char)lroundf(SURFACE3D_HIDDEN_ALPHA * (float)col.a);
        canvas_polyline(c, hid, m, 1.4f * rc, faint);
        canvas_polyline(c, xy, m, 2.0f * (rc + hw), halo);
        canvas_polyline(c, xy, m, 2.0f * rc, col);
        free(xy);
    }
}

/* A ball of radius r in col at (x, y): a dark rim, the body, and a highlight toward the
 * light (up left). */
static void surface3d_ball(Canvas *c, float x, float y, float r, const float col[4])
{
    float s = c->scale;
    canvas_disc(c, x, y, r + 1.6f * s, (Rgba){250, 250, 252, 235});
    canvas_disc(c, x, y, r + 0.4f * s, (Rgba){12, 12, 18, 255});
    Rgba body = {(unsigned char)lroundf(col[0] * 205.0f), (unsigned char)lroundf(col[1] * 205.0f),
                 (unsigned char)lroundf(col[2] * 205.0f), 255};
    canvas_disc(c, x, y, r - 0.6f * s, body);
    Rgba lit = {(unsigned char)lroundf(60.0f + col[0] * 195.0f),
                (unsigned char)lroundf(60.0f + col[1] * 195.0f),
                (unsigned char)lroundf(60.0f + col[2] * 195.0f), 255};
    canvas_disc(c, x - 0.18f * r, y - 0.18f * r, 0.62f * r, lit);
    canvas_disc(c, x - 0.36f * r, y - 0.36f * r, 0.2f * r, (Rgba){255, 255, 255, 210});
}

/* A ball, or where a hill hides it a faint disc of its color. */
static void surface3d_marker(Canvas *c, const PlotScene *sc, const TrajPoint *p, float x,
                             float y, float r, const float col[4])
{
    if (!surface3d_hidden(sc, p->x, p->y, p->loss)) {
        surface3d_ball(c, x, y, r, col);
        return;
    }
    Rgba faint = {(unsigned char)lroundf(col[0] * 255.0f), (unsigned char)lroundf(col[1] * 255.0f),
                  (unsigned char)lroundf(col[2] * 255.0f),
                  (unsigned char)lroundf(SURFACE3D_HIDDEN_ALPHA * 255.0f)};
    canvas_disc(c, x, y, r, faint);
}

void surface3d_markers(Canvas *c, const PlotScene *sc)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    float s = c->scale;
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (run->n < 1 || !plot_run_enabled(sc, i))
            continue;
        float col[4];
        plot_run_color(plot_color_of(sc, i), col);
        double x, y;
        const TrajPoint *p0 = &run->pts[0], *p = run_last(run);
        if (surface3d_point(&v, p0->x, p0->y, p0->loss, &x, &y))
            surface3d_marker(c, sc, p0, (float)x, (float)y, 5.0f * s, col);
        if (run->n < 2)
            continue;
        /* The current point, with a thin line down to its place on the floor. */
        float b[3];
        surface_to_box(&v.map, p->x, p->y, p->loss, b);
        double fx, fy;
        if (isfinite(b[2]) && surface3d_box(&v, b[0], b[1], (float)SURFACE_FLOOR, &fx, &fy) &&
            surface3d_point(&v, p->x, p->y, p->loss, &x, &y)) {
            LineStyle drop = {{col[0], col[1], col[2], 0.55f}, 0.8f * s, 0.0f, 0.0f};
            canvas_stroke(c, (float)fx, (float)fy, (float)x, (float)y, &drop);
            LineStyle dot = {{col[0], col[1], col[2], 0.9f}, 2.6f * s, 1.0f * s, 0.6f};
            canvas_dot(c, (float)fx, (float)fy, &dot);
            surface3d_marker(c, sc, p, (float)x, (float)y, 7.5f * s, col);
        }
    }
}

/* A label centred at pixel (x, y). */
static void surface3d_label(Canvas *c, FontFace face, double x, double y, const char *text,
                            Rgba col)
{
    float w = canvas_measure(c, face, text), lh = (float)canvas_line_height(c, face);
    canvas_text(c, face, (float)x - 0.5f * w, (float)y - 0.5f * lh, text, col);
}

/* One axis from box point a to b with ticks at the box points at[0..n) (labels text[k])
 * pointing along out (box units), and the axis's name beyond its end. */
static void surface3d_axis(Canvas *c, Surface3dView *v, const float a[3], const float b[3],
                           const float (*at)[3], char (*text)[32], int n, const float out[3],
                           const char *name)
{
    float s = c->scale;
    Rgba tick_col = {225, 228, 238, 230};
    LineStyle line = {{0.86f, 0.87f, 0.92f, 0.85f}, 0.9f * s, 0.8f * s, 0.5f};
    double ax, ay, bx, by;
    if (!surface3d_box(v, a[0], a[1], a[2], &ax, &ay) ||
        !surface3d_box(v, b[0], b[1], b[2], &bx, &by))
        return;
    canvas_stroke(c, (float)ax, (float)ay, (float)bx, (float)by, &line);
    float lh = (float)canvas_line_height(c, FONT_SMALL);
    double last_x = 1e30, last_y = 1e30;
    for (int k = 0; k < n; k++) {
        double px, py, qx, qy, lx, ly;
        const float *p = at[k];
        if (!surface3d_box(v, p[0], p[1], p[2], &px, &py) ||
            !surface3d_box(v, p[0] + out[0], p[1] + out[1], p[2] + out[2], &qx, &qy) ||
            !surface3d_box(v, p[0] + 2.6f * out[0], p[1] + 2.6f * out[1], p[2] + 2.6f * out[2],
                           &lx, &ly))
            continue;
        /* Labels that would touch the last one drawn are left out. */
        float tw = canvas_measure(c, FONT_SMALL, text[k]);
        if (fabs(lx - last_x) < (double)(0.5f * tw + 26.0f * s) &&
            fabs(ly - last_y) < (double)(1.5f * lh))
            continue;
        canvas_stroke(c, (float)px, (float)py, (float)qx, (float)qy, &line);
        surface3d_label(c, FONT_SMALL, lx, ly, text[k], tick_col);
        last_x = lx;
        last_y = ly;
    }
    /* The name: beyond the top of a vertical axis, else beside the middle of the axis,
     * outside the tick labels. */
    double nx, ny;
    bool up = a[0] == b[0] && a[1] == b[1];
    float e[3];
    for (int k = 0; k < 3; k++)
        e[k] = up ? b[k] + 0.12f * (b[k] - a[k]) : 0.5f * (a[k] + b[k]) + 6.0f * out[k];
    if (surface3d_box(v, e[0], e[1], e[2], &nx, &ny))
        surface3d_label(c, FONT_BODY, nx, ny, name, PLOT_TEXT);
}

/* Tick values of L between lo and hi: linear height, view_ticks' nice steps; log height,
 * 0 and +-1, 2, 5 times the powers of ten. Returns how many (at most max). */
static int surface3d_l_ticks(const SurfaceMap *m, double *out, int max)
{
    double lo = m->f_lo, hi = m->f_hi;
    if (m->linear)
        return view_ticks(lo, hi, 5, out, max, NULL);
    int n = 0;
    if (lo <= 0.0 && hi >= 0.0 && n < max)
        out[n++] = 0.0;
    for (int sign = -1; sign <= 1; sign += 2) {
        for (int e = -8; e <= 15; e++) {
            for (int k = 0; k < 3; k++) {
                double val = sign * (k == 0 ? 1.0 : k == 1 ? 2.0 : 5.0) * pow(10.0, e);
                if (val >= lo && val <= hi && n < max)
                    out[n++] = val;
            }
        }
    }
    /* by value, so the labels go up the axis in order */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
            double t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

void surface3d_axes(Canvas *c, const PlotScene *sc)
{
    enum { MAXT = VIEW_MAX_TICKS };
    Surface3dView v;
    surface3d_view(sc, &v);
    const SurfaceMap *m = &v.map;
    vec3 eye;
    camera3d_eye(&sc->camera, eye);
    float sx = eye[0] >= 0.0f ? 1.0f : -1.0f, sy = eye[1] >= 0.0f ? 1.0f : -1.0f;
    float xr = (float)m->xr, yr = (float)m->yr, fl = (float)SURFACE_FLOOR;
    float at[MAXT][3];
    char text[MAXT][32];
    double t[MAXT], step;
    /* theta1 along the floor's edge nearest the eye */
    double x0 = m->cx - m->xr * m->half, x1 = m->cx + m->xr * m->half;
    int n = view_ticks(x0, x1, 5, t, MAXT, &step);
    for (int k = 0; k < n; k++) {
        at[k][0] = (float)((t[k] - m->cx) / m->half);
        at[k][1] = sy * yr;
        at[k][2] = fl;
        view_format_tick(t[k], step, text[k], sizeof text[k]);
    }
    surface3d_axis(c, &v, (const float[3]){-xr, sy * yr, fl}, (const float[3]){xr, sy * yr, fl},
                   (const float(*)[3])at, text, n, (const float[3]){0.0f, sy * 0.045f, 0.0f},
                   UTF8_THETA UTF8_SUB1);
    /* theta2 along the other near edge */
    double y0 = m->cy - m->yr * m->half, y1 = m->cy + m->yr * m->half;
    n = view_ticks(y0, y1, 5, t, MAXT, &step);
    for (int k = 0; k < n; k++) {
        at[k][0] = sx * xr;
        at[k][1] = (float)((t[k] - m->cy) / m->half);
        at[k][2] = fl;
        view_format_tick(t[k], step, text[k], sizeof text[k]);
    }
    surface3d_axis(c, &v, (const float[3]){sx * xr, -yr, fl}, (const float[3]){sx * xr, yr, fl},
                   (const float(*)[3])at, text, n, (const float[3]){sx * 0.045f, 0.0f, 0.0f},
                   UTF8_THETA UTF8_SUB2);
    /* L up the corner at the far end of the theta1 axis */
    n = surface3d_l_ticks(m, t, MAXT);
    for (int k = 0; k < n; k++) {
        at[k][0] = -sx * xr;
        at[k][1] = sy * yr;
        at[k][2] = (float)surface_z(m, t[k]);
        snprintf(text[k], sizeof text[k], "%g", t[k]);
    }
    float top = (float)SURFACE_HEIGHT;
    surface3d_axis(c, &v, (const float[3]){-sx * xr, sy * yr, fl},
                   (const float[3]){-sx * xr, sy * yr, top}, (const float(*)[3])at, text, n,
                   (const float[3]){-sx * 0.032f, sy * 0.032f, 0.0f}, "L");
}
