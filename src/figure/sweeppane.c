/* sweeppane.c - the sweep pane over the Canvas (see sweeppane.h): where it goes, its grid,
 * axes, stability curve, marker, key and hover box. */
#include "figure/sweeppane.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figure/plot.h"
#include "lecture/basinview.h"
#include "ui/palette.h"

static const Rgba SWEEPPANE_BG = {24, 26, 36, 255};

/* Paddings and line heights the layout and the drawing share. */
typedef struct {
    float pad, lh, lb, left;
} SweepMetrics;

static SweepMetrics sweeppane_metrics(Canvas *c)
{
    SweepMetrics m;
    m.pad = 10.0f * c->scale;
    m.lh = (float)canvas_line_height(c, FONT_SMALL);
    m.lb = (float)canvas_line_height(c, FONT_BODY);
    /* the y axis: its tick labels and its symbol beside them */
    m.left = canvas_measure(c, FONT_SMALL, "0.999") + canvas_measure(c, FONT_BODY, "β₁") +
             2.0f * m.pad;
    return m;
}

static int sweeppane_key(Canvas *c, long steps, UiRect r, float y, SweepMetrics m, bool draw);

UiRect sweeppane_carve(Canvas *c, UiRect *plot, float gap, const SweepLayer *l)
{
    UiRect r = {0};
    float scale = c->scale;
    if (l && !l->has_y) {
        /* a strip of α: a band below the plot, as tall as it needs */
        SweepMetrics m = sweeppane_metrics(c);
        int key = sweeppane_key(c, l->steps, *plot, 0.0f, m, false);
        float h = ceilf(5.0f * m.pad + 6.0f * m.lb + m.lh + (float)key * m.lh);
        h = fminf(h, floorf(SWEEPPANE_FRAC * plot->h));
        if (plot->w < SWEEPPANE_MIN_W * scale || plot->h - h < SWEEPPANE_MIN_H * scale)
            return r;
        r = (UiRect){plot->x, plot->y + plot->h - h, plot->w, h};
        plot->h -= h + gap;
        return r;
    }
    if (plot->w >= plot->h) {
        float w = floorf(fminf(SWEEPPANE_FRAC * plot->w, 1.25f * plot->h));
        if (w < SWEEPPANE_MIN_W * scale || plot->h < SWEEPPANE_MIN_H * scale)
            return r;
        r = (UiRect){plot->x + plot->w - w, plot->y, w, plot->h};
        plot->w -= w + gap;
    } else {
        float h = floorf(fminf(SWEEPPANE_FRAC * plot->h, 1.0f * plot->w));
        if (h < SWEEPPANE_MIN_H * scale || plot->w < SWEEPPANE_MIN_W * scale)
            return r;
        r = (UiRect){plot->x, plot->y + plot->h - h, plot->w, h};
        plot->h -= h + gap;
    }
    return r;
}

UiRect sweeppane_grid(Canvas *c, UiRect r, const SweepLayer *l)
{
    SweepMetrics m = sweeppane_metrics(c);
    float top = m.pad + m.lb + 0.5f * m.pad;           /* the heading */
    int key = sweeppane_key(c, l ? l->steps : 100000, r, 0.0f, m, false);
    float bottom = m.lh + m.lb + (float)key * m.lh + 2.5f * m.pad; /* ticks, x label, key */
    float left = l && !l->has_y ? m.pad : m.left;
    UiRect g = {r.x + left, r.y + top, r.w - left - 1.5f * m.pad, r.h - top - bottom};
    if (l && !l->has_y)
        g.h = fminf(g.h, 4.0f * m.lb);
    g.w = fmaxf(g.w, 1.0f);
    g.h = fmaxf(g.h, 1.0f);
    return g;
}

/* The ticks of axis a: on a log axis the decades (with 2 and 5 when fewer than three
 * decades show), else about five round values. Returns how many (at most max). */
static int sweeppane_ticks(const SweepAxis *a, double *t, int max)
{
    int n = 0;
    if (a->log) {
        double d0 = floor(log10(a->lo)), d1 = ceil(log10(a->hi));
        bool fill = d1 - d0 < 3.0;
        static const double MULT[3] = {1.0, 2.0, 5.0};
        for (double d = d0; d <= d1 && n < max; d++) {
            for (int k = 0; k < (fill ? 3 : 1) && n < max; k++) {
                double v = MULT[k] * pow(10.0, d);
                if (a->batch)
                    v = round(v);
                if (v >= a->lo * (1.0 - 1e-9) && v <= a->hi * (1.0 + 1e-9))
                    t[n++] = v;
            }
        }
        return n;
    }
    double span = a->hi - a->lo, raw = span / 5.0, mag = pow(10.0, floor(log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2.0 * mag : raw / mag < 7.5
                                                                            ? 5.0 * mag
                                                                            : 10.0 * mag;
    for (double v = ceil(a->lo / step - 1e-9) * step; v <= a->hi + 1e-9 * span && n < max;
         v += step)
        t[n++] = fabs(v) < 1e-12 * step ? 0.0 : v;
    return n;
}

static float sweeppane_x(const SweepLayer *l, UiRect g, double v)
{
    return g.x + (float)sweepview_axis_frac(&l->x, v) * g.w;
}

static float sweeppane_y(const SweepLayer *l, UiRect g, double v)
{
    if (!l->has_y)
        return g.y + 0.5f * g.h;
    return g.y + (1.0f - (float)sweepview_axis_frac(&l->y, v)) * g.h;
}

static void sweeppane_cells(Canvas *c, const SweepLayer *l, UiRect g)
{
    for (int j = 0; j < l->h; j++) {
        float y0 = roundf(g.y + g.h * (float)j / (float)l->h);
        float y1 = roundf(g.y + g.h * (float)(j + 1) / (float)l->h);
        int i0 = 0;
        unsigned char run[3];
        sweepview_cell_rgb(l, &l->cells[(size_t)j * l->w], run);
        for (int i = 1; i <= l->w; i++) {
            unsigned char rgb[3] = {0, 0, 0};
            if (i < l->w) {
                sweepview_cell_rgb(l, &l->cells[(size_t)j * l->w + i], rgb);
                if (memcmp(rgb, run, 3) == 0)
                    continue;
            }
            float x0 = roundf(g.x + g.w * (float)i0 / (float)l->w);
            float x1 = roundf(g.x + g.w * (float)i / (float)l->w);
            canvas_rect(c, x0, y0, x1 - x0, y1 - y0, (Rgba){run[0], run[1], run[2], 255});
            i0 = i;
            memcpy(run, rgb, 3);
        }
    }
}

static void sweeppane_format(const SweepAxis *a, double v, char *buf, size_t len)
{
    if (a->batch || (fabs(v) >= 1.0 && v == round(v)))
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%g", v);
}

static void sweeppane_axes(Canvas *c, const SweepLayer *l, UiRect g, SweepMetrics m)
{
    Rgba tick = {200, 202, 215, 255};
    double t[40];
    char buf[48];
    int n = sweeppane_ticks(&l->x, t, 40);
    float last_right = -1e9f;
    for (int k = 0; k < n; k++) {
        float x = sweeppane_x(l, g, t[k]);
        canvas_rect(c, x - 0.5f, g.y + g.h, 1.0f, 0.4f * m.pad, tick);
        sweeppane_format(&l->x, t[k], buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        float tx = fminf(fmaxf(x - 0.5f * tw, g.x - m.pad), g.x + g.w + m.pad - tw);
        if (tx < last_right + 0.5f * m.pad)
            continue; /* crowded: every label keeps its own room */
        canvas_text(c, FONT_SMALL, tx, g.y + g.h + 0.5f * m.pad, buf, PLOT_TEXT_DIM);
        last_right = tx + tw;
    }
    char xl[64];
    snprintf(xl, sizeof xl, "%s (log scale)", sweepview_axis_symbol(&l->x));
    float xlw = canvas_measure(c, FONT_BODY, xl);
    canvas_text(c, FONT_BODY, g.x + 0.5f * (g.w - xlw), g.y + g.h + 0.5f * m.pad + m.lh, xl,
                PLOT_TEXT);
    if (!l->has_y)
        return;
    n = sweeppane_ticks(&l->y, t, 40);
    float last_top = 1e9f;
    for (int k = 0; k < n; k++) {
        float y = sweeppane_y(l, g, t[k]);
        canvas_rect(c, g.x - 0.4f * m.pad, y - 0.5f, 0.4f * m.pad, 1.0f, tick);
        sweeppane_format(&l->y, t[k], buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        float ty = fminf(fmaxf(y - 0.5f * m.lh, g.y - 0.5f * m.lh), g.y + g.h - 0.5f * m.lh);
        if (ty + m.lh > last_top)
            continue;
        canvas_text(c, FONT_SMALL, g.x - 0.6f * m.pad - tw, ty, buf, PLOT_TEXT_DIM);
        last_top = ty;
    }
    char yl[48];
    snprintf(yl, sizeof yl, "%s%s", sweepview_axis_symbol(&l->y), l->y.log ? " (log)" : "");
    float yw = canvas_measure(c, FONT_BODY, sweepview_axis_symbol(&l->y));
    canvas_text(c, FONT_BODY, g.x - m.left + 0.5f * m.pad, g.y + 0.5f * (g.h - m.lb),
                sweepview_axis_symbol(&l->y), PLOT_TEXT);
    (void)yw;
    (void)yl;
}

/* The optimizer's stability limit at λmax as α against the second setting: a dashed curve
 * (a vertical line on a strip), labelled with the rule's text. */
static void sweeppane_limit(Canvas *c, const SweepLayer *l, const RunDesc *r, UiRect g,
                            UiRect pane, SweepMetrics m)
{
    const OptimVTable *vt = optim_vtable(r->opt.kind);
    if (!vt->stability_text || !(l->lambda_max > 0.0) || l->y.batch)
        return;
    enum { N = 64 };
    float xy[2 * (N + 1)];
    int n = 0;
    float label_x = 0.0f, label_y = 0.0f;
    bool have_label = false;
    for (int k = 0; k <= N; k++) {
        double fy = (double)k / N;
        double yv = l->has_y ? (l->y.log ? exp(log(l->y.lo) + fy * (log(l->y.hi) - log(l->y.lo)))
                                         : l->y.lo + fy * (l->y.hi - l->y.lo))
                             : 0.0;
        OptimizerDesc d = r->opt;
        if (l->has_y)
            hyper_set(&d, l->y.key, yv);
        double a = optim_stability_limit(&d, l->lambda_max);
        bool in = isfinite(a) && a >= l->x.lo && a <= l->x.hi;
        if (in) {
            float px = sweeppane_x(l, g, a);
            float py = l->has_y ? g.y + (1.0f - (float)fy) * g.h : (k == 0 ? g.y + g.h : g.y);
            xy[2 * n] = px;
            xy[2 * n + 1] = py;
            n++;
            label_x = px, label_y = py;
            have_label = true;
        }
        if ((!in || k == N) && n >= 2) {
            /* dashes: every other segment */
            for (int s = 0; s + 1 < n; s += 2)
                canvas_polyline(c, xy + 2 * s, 2, 1.6f * c->scale, (Rgba){255, 255, 255, 230});
        }
        if (!in)
            n = 0;
        if (!l->has_y && k == 1)
            break;
    }
    if (!l->has_y && n >= 2)
        canvas_polyline(c, xy, 2, 1.6f * c->scale, (Rgba){255, 255, 255, 230});
    if (!have_label)
        return;
    /* the label may reach past the grid, not past the pane */
    canvas_clip(c, (int)pane.x, (int)pane.y, (int)pane.w, (int)pane.h);
    float tw = canvas_measure(c, FONT_SMALL, vt->stability_text);
    float tx = fminf(label_x + 0.4f * m.pad, pane.x + pane.w - tw - 0.5f * m.pad);
    if (tx < label_x && label_x - 0.4f * m.pad - tw >= g.x)
        tx = label_x - 0.4f * m.pad - tw;
    float ty = label_y + 0.2f * m.pad;
    canvas_round_rect(c, tx - 3.0f, ty, tw + 6.0f, m.lh, 3.0f * c->scale,
                      (Rgba){14, 14, 22, 170});
    canvas_text(c, FONT_SMALL, tx, ty, vt->stability_text, PLOT_TEXT);
}

static void sweeppane_ring(Canvas *c, float x, float y, float rad, float width, Rgba col)
{
    enum { N = 32 };
    float xy[2 * (N + 1)];
    for (int k = 0; k <= N; k++) {
        float a = 6.2831853f * (float)k / N;
        xy[2 * k] = x + rad * cosf(a);
        xy[2 * k + 1] = y + rad * sinf(a);
    }
    canvas_polyline(c, xy, N + 1, width, col);
}

/* The run's current values: a ring in the run's colour with a dark outline. */
static void sweeppane_marker(Canvas *c, const Session *s, const SweepLayer *l, UiRect g)
{
    const Pane *pane = &s->panes[l->pane];
    const RunDesc *r = &pane->desc.runs[l->run];
    double xv = sweepview_axis_get(&l->x, r);
    double yv = l->has_y ? sweepview_axis_get(&l->y, r) : 0.0;
    if (!(xv >= l->x.lo && xv <= l->x.hi) || (l->has_y && !(yv >= l->y.lo && yv <= l->y.hi)))
        return;
    float x = sweeppane_x(l, g, xv), y = sweeppane_y(l, g, yv), sc = c->scale;
    unsigned char rgb[3];
    palette_run_rgb(pane->color[l->run], rgb);
    sweeppane_ring(c, x, y, 7.0f * sc, 5.0f * sc, (Rgba){0, 0, 0, 230});
    sweeppane_ring(c, x, y, 7.0f * sc, 2.5f * sc, (Rgba){rgb[0], rgb[1], rgb[2], 255});
    canvas_disc(c, x, y, 1.8f * sc, (Rgba){255, 255, 255, 255});
}

/* The key below the axes: the steps' colours from 1 to N, diverged, not converged, the run's
 * ring; items wrap onto further lines where the pane is narrow. Returns the lines it takes
 * (drawn when draw). */
enum { SWEEPPANE_KEY_ITEMS = 4 };

static int sweeppane_key(Canvas *c, long steps, UiRect r, float y, SweepMetrics m, bool draw)
{
    float box = 0.75f * m.lh, sc = c->scale, gap = 0.4f * m.pad;
    float bw = fminf(120.0f * sc, 0.3f * r.w);
    char last[32];
    snprintf(last, sizeof last, "%ld", steps);
    static const char *const NAMES[3] = {"diverged (or L above its start)", "not converged",
                                         "the run"};
    float width[SWEEPPANE_KEY_ITEMS];
    width[0] = canvas_measure(c, FONT_SMALL, "steps: 1") + bw +
               canvas_measure(c, FONT_SMALL, last) + 2.0f * gap;
    for (int k = 0; k < 3; k++)
        width[k + 1] = box + gap + canvas_measure(c, FONT_SMALL, NAMES[k]);
    float x0 = r.x + m.pad, x = x0, right = r.x + r.w - 0.5f * m.pad;
    int lines = 1;
    for (int k = 0; k < SWEEPPANE_KEY_ITEMS; k++) {
        if (x > x0 && x + width[k] > right) {
            x = x0;
            y += m.lh;
            lines++;
        }
        if (draw && k == 0) {
            canvas_text(c, FONT_SMALL, x, y, "steps: 1", PLOT_TEXT_DIM);
            float bx = x + canvas_measure(c, FONT_SMALL, "steps: 1") + gap;
            enum { N = 24 };
            for (int i = 0; i < N; i++) {
                BasinCell cell = {.status = BASIN_CONVERGED,
                                  .steps = lround(expm1(log1p((double)steps) * (i + 0.5) / N))};
                unsigned char rgb[3];
                basinview_sweep_rgb(&cell, steps, rgb);
                canvas_rect(c, bx + bw * (float)i / N, y + 0.15f * m.lh, bw / N + 0.5f, box,
                            (Rgba){rgb[0], rgb[1], rgb[2], 255});
            }
            canvas_text(c, FONT_SMALL, bx + bw + gap, y, last, PLOT_TEXT_DIM);
        } else if (draw && k < 3) {
            Rgba sw = k == 1 ? (Rgba){0, 0, 0, 255}
                             : (Rgba){BASINVIEW_GREY, BASINVIEW_GREY, BASINVIEW_GREY, 255};
            canvas_rect(c, x - 1.0f, y + 0.15f * m.lh - 1.0f, box + 2.0f, box + 2.0f,
                        (Rgba){200, 200, 210, 255});
            canvas_rect(c, x, y + 0.15f * m.lh, box, box, sw);
            canvas_text(c, FONT_SMALL, x + box + gap, y, NAMES[k - 1], PLOT_TEXT_DIM);
        } else if (draw) {
            sweeppane_ring(c, x + 0.5f * box, y + 0.15f * m.lh + 0.5f * box, 0.45f * box,
                           2.0f * sc, PLOT_TEXT);
            canvas_text(c, FONT_SMALL, x + box + gap, y, NAMES[2], PLOT_TEXT_DIM);
        }
        x += width[k] + m.pad;
    }
    return lines;
}

static void sweeppane_hover(Canvas *c, const SweepLayer *l, UiRect r, UiRect g, float mx,
                            float my, SweepMetrics m, bool presenter)
{
    int i, j;
    if (!sweepview_cell_at(l, (double)((mx - g.x) / g.w), (double)((my - g.y) / g.h), &i, &j))
        return;
    float x0 = roundf(g.x + g.w * (float)i / (float)l->w);
    float x1 = roundf(g.x + g.w * (float)(i + 1) / (float)l->w);
    float y0 = roundf(g.y + g.h * (float)j / (float)l->h);
    float y1 = roundf(g.y + g.h * (float)(j + 1) / (float)l->h);
    Rgba hi = {255, 255, 255, 255};
    canvas_rect(c, x0, y0, x1 - x0, 1.0f, hi);
    canvas_rect(c, x0, y1 - 1.0f, x1 - x0, 1.0f, hi);
    canvas_rect(c, x0, y0, 1.0f, y1 - y0, hi);
    canvas_rect(c, x1 - 1.0f, y0, 1.0f, y1 - y0, hi);
    char values[96], status[64];
    sweepview_cell_text(l, i, j, values, sizeof values, status, sizeof status);
    float pad = 0.8f * m.pad;
    float bw = fmaxf(canvas_measure(c, FONT_SMALL, values),
                     canvas_measure(c, FONT_SMALL, status)) + 2.0f * pad;
    float bh = 2.0f * m.lh + 2.0f * pad;
    float off = (presenter ? 28.0f : 14.0f) * c->scale;
    float bx = mx + off, by = my + off;
    if (bx + bw > r.x + r.w)
        bx = mx - off - bw;
    if (by + bh > r.y + r.h)
        by = my - off - bh;
    bx = fmaxf(r.x, fminf(bx, r.x + r.w - bw));
    by = fmaxf(r.y, fminf(by, r.y + r.h - bh));
    canvas_round_rect(c, bx, by, bw, bh, 6.0f * c->scale, (Rgba){12, 13, 20, 225});
    canvas_text(c, FONT_SMALL, bx + pad, by + pad, values, PLOT_TEXT);
    canvas_text(c, FONT_SMALL, bx + pad, by + pad + m.lh, status, PLOT_TEXT_DIM);
}

void sweeppane_draw(Canvas *c, const Session *s, UiRect r, bool hover, float mx, float my,
                    bool presenter)
{
    if (r.w <= 0.0f || r.h <= 0.0f)
        return;
    SweepMetrics m = sweeppane_metrics(c);
    canvas_rect(c, r.x, r.y, r.w, r.h, SWEEPPANE_BG);
    canvas_clip(c, (int)r.x, (int)r.y, (int)r.w, (int)r.h);
    const SweepLayer *l = sweepview_layer(s);
    char head[160];
    if (!l) {
        canvas_text(c, FONT_BODY, r.x + m.pad, r.y + m.pad, "Sweep: computing...", PLOT_TEXT);
        canvas_clip_off(c);
        return;
    }
    const RunDesc *run = &s->panes[l->pane].desc.runs[l->run];
    double tol = run->tol > 0.0 ? run->tol : 1e-6;
    snprintf(head, sizeof head, "%s: steps to |\xe2\x88\x87L| < %g",
             optim_vtable(run->opt.kind)->name, tol);
    if (canvas_measure(c, FONT_BODY, head) > r.w - 2.0f * m.pad) /* narrow: the name goes */
        snprintf(head, sizeof head, "steps to |\xe2\x88\x87L| < %g", tol);
    canvas_text(c, FONT_BODY, r.x + m.pad, r.y + m.pad, head, PLOT_TEXT);
    UiRect g = sweeppane_grid(c, r, l);
    sweeppane_cells(c, l, g);
    canvas_clip(c, (int)g.x, (int)g.y, (int)ceilf(g.w), (int)ceilf(g.h));
    sweeppane_limit(c, l, run, g, r, m);
    sweeppane_marker(c, s, l, g);
    canvas_clip(c, (int)r.x, (int)r.y, (int)r.w, (int)r.h);
    sweeppane_axes(c, l, g, m);
    sweeppane_key(c, l->steps, r, g.y + g.h + m.pad + m.lh + m.lb, m, true);
    if (hover)
        sweeppane_hover(c, l, r, g, mx, my, m, presenter);
    canvas_clip_off(c);
}
