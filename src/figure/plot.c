/* plot.c - the look of a pane's plot shared by every backend: run colors, path widths, the
 * field's contour scale, the critical-point markers, and the one call that asks the canvas
 * for a pane's base (field, critical points, paths).
 */
#include "figure/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lecture/basinview.h"

bool plot_run_enabled(const PlotScene *sc, int i)
{
    return !sc->enabled || sc->enabled[i];
}

int plot_n_runs(const PlotScene *sc)
{
    return sc->n_runs < PLOT_MAX_RUNS ? sc->n_runs : PLOT_MAX_RUNS;
}

unsigned plot_runs_mask(const PlotScene *sc)
{
    unsigned mask = 0;
    for (int i = 0; i < plot_n_runs(sc); i++)
        mask |= plot_run_enabled(sc, i) ? 1u << i : 0u;
    return mask;
}

int plot_color_of(const PlotScene *sc, int i)
{
    return sc->colors ? sc->colors[i] : i;
}

void plot_run_color(int i, float rgba[4])
{
    unsigned char c[3];
    palette_run_rgb(i, c);
    rgba[0] = c[0] / 255.0f;
    rgba[1] = c[1] / 255.0f;
    rgba[2] = c[2] / 255.0f;
    rgba[3] = 1.0f;
}

Rgba plot_run_rgba(int i)
{
    unsigned char c[3];
    palette_run_rgb(i, c);
    return (Rgba){c[0], c[1], c[2], 255};
}

/* The contour bands sc asks for. */
static int plot_levels(const PlotScene *sc)
{
    return sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
}

FieldScale plot_field_look(const PlotScene *sc, float scale, FieldScale fs)
{
    fs.levels = colormap_levels(plot_levels(sc));
    fs.line_px = PLOT_FIELD_LINE_PX * scale;
    if (sc->presenter)
        fs.line_alpha = fminf(1.0f, fs.line_alpha * PLOT_PRESENTER_LINE_ALPHA);
    return fs;
}

FieldScale plot_field_scale(const PlotScene *sc, float scale, const ViewBox *box)
{
    FieldScale fs = sc->ls->data ? colormap_fit_view(sc->ls, &sc->view, plot_levels(sc), 1.0f)
                                 : colormap_fit(sc->ls, box, plot_levels(sc), 1.0f);
    return plot_field_look(sc, scale, fs);
}

FieldScale plot_field_scale_lattice(const PlotScene *sc, float scale, const double *lattice)
{
    return plot_field_look(
        sc, scale, colormap_fit_lattice(sc->ls, &sc->view, lattice, plot_levels(sc), 1.0f));
}

void plot_path_widths(const PlotScene *sc, float scale, float *core, float *halo)
{
    float k = scale * (sc->presenter ? PLOT_PRESENTER_PATH : 1.0f);
    *core = 1.9f * k;
    *halo = 1.4f * k;
}

const Run *plot_cloud_copy(const PlotScene *sc, int i, int c)
{
    if (!sc->cloud || c < 0 || c >= sc->cloud_k || i < 0 || i >= plot_n_runs(sc) ||
        !plot_run_enabled(sc, i))
        return NULL;
    const Run *copy = &sc->cloud[(long)i * sc->cloud_k + c];
    return copy->opt && copy->n >= 2 ? copy : NULL;
}

void plot_cloud_style(const PlotScene *sc, float scale, int i, float *hw, float *min_px,
                      Rgba *col)
{
    *hw = 0.75f * scale;
    *min_px = 2.0f * scale;
    *col = plot_run_rgba(plot_color_of(sc, i));
    col->a = (unsigned char)lroundf(PLOT_CLOUD_ALPHA * 255.0f);
}

void plot_cloud_path_free(PlotCloudPath *p)
{
    free(p->xy);
    free(p->at);
    memset(p, 0, sizeof *p);
}

/* Point k of copy in pixels of the pane; false when it ends a line (not finite, or far). */
static bool plot_cloud_px(const PlotScene *sc, const Run *copy, long k, float *x, float *y)
{
    double sx, sy;
    view_world_to_screen(&sc->view, copy->pts[k].x, copy->pts[k].y, &sx, &sy);
    *x = (float)sx;
    *y = (float)sy;
    float far = 4.0f * (float)(sc->view.w + sc->view.h);
    return isfinite(*x) && isfinite(*y) && fabsf(*x) <= far && fabsf(*y) <= far;
}

static bool plot_cloud_push(PlotCloudPath *p, float x, float y, long at)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 64;
        float *xy = realloc(p->xy, sizeof *xy * 2 * (size_t)cap);
        if (xy)
            p->xy = xy;
        long *a = realloc(p->at, sizeof *a * (size_t)cap);
        if (a)
            p->at = a;
        if (!xy || !a)
            return false;
        p->cap = cap;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->at[p->n++] = at;
    return true;
}

static bool plot_cloud_is_break(const PlotCloudPath *p, int v)
{
    return isnan(p->xy[2 * v]);
}

bool plot_cloud_path_read(PlotCloudPath *p, const PlotScene *sc, const Run *copy, float min_px)
{
    p->gen = copy->gen;
    for (; p->seen < copy->n - 1; p->seen++) {
        float x, y;
        bool open = p->n > 0 && !plot_cloud_is_break(p, p->n - 1);
        if (!plot_cloud_px(sc, copy, p->seen, &x, &y)) {
            if (open && !plot_cloud_push(p, NAN, NAN, p->seen))
                return false;
            p->line = p->n;
            continue;
        }
        if (open && hypotf(x - p->xy[2 * p->n - 2], y - p->xy[2 * p->n - 1]) < min_px)
            continue;
        /* Simplified: a point the tail's sleeve takes moves the tail, the last entry; one
         * it does not (the tail made final), or a line's first or second, is a new entry. */
        if (!open) {
            pathlod_start(&p->lod, PATHLOD_PX, x, y);
        } else {
            bool had_tail = p->lod.tail;
            double fx, fy;
            if (!pathlod_add(&p->lod, x, y, &fx, &fy) && had_tail) {
                p->xy[2 * p->n - 2] = x;
                p->xy[2 * p->n - 1] = y;
                continue;
            }
        }
        if (!plot_cloud_push(p, x, y, p->seen))
            return false;
    }
    return true;
}

bool plot_cloud_segment_span(const PlotCloudPath *p, int v, int *from, int *to)
{
    if (v < 1 || v >= p->n || plot_cloud_is_break(p, v) || plot_cloud_is_break(p, v - 1))
        return false;
    *from = v >= 2 && !plot_cloud_is_break(p, v - 2) ? v - 2 : v - 1;
    *to = v + 1 < p->n && !plot_cloud_is_break(p, v + 1) ? v + 1 : v;
    return true;
}

bool plot_cloud_segment_final(const PlotCloudPath *p, int v, long *key)
{
    /* Vertex v + 1 read, and final: a break, or a vertex with one read after it (the last
     * one read may yet give way to the copy's last point). */
    if (v + 1 >= p->n || (!plot_cloud_is_break(p, v + 1) && v + 2 >= p->n))
        return false;
    *key = plot_cloud_is_break(p, v + 1) ? p->at[v + 1] : p->at[v + 2];
    return true;
}

/* Where plot_cloud_last_line's points start among p's vertices (*u: its first segment
 * not final, counted from there), and how many vertices the last line has read (*m). */
static int plot_cloud_last_from(const PlotCloudPath *p, int *u, int *m)
{
    /* The last line's vertices read: s0 .. n - 1 (none after a break). */
    int s0 = p->line;
    *m = p->n - s0;
    /* Its segments ending at m - 2 on are not final; from two vertices before them. */
    int f = *m - 2 > 1 ? *m - 2 : 1;
    int c0 = f - 2 > 0 ? f - 2 : 0;
    *u = f - c0;
    return s0 + c0;
}

int plot_cloud_last_line(const PlotCloudPath *p, const PlotScene *sc, const Run *copy,
                         float min_px, float out[10], int *first)
{
    int m, from = plot_cloud_last_from(p, first, &m);
    int k = 0;
    for (int v = from; v < p->n; v++, k++) {
        out[2 * k] = p->xy[2 * v];
        out[2 * k + 1] = p->xy[2 * v + 1];
    }
    float x, y;
    if (copy->n >= 1 && plot_cloud_px(sc, copy, copy->n - 1, &x, &y)) {
        /* The last point: after the last kept, or instead of it when closer than min_px
         * (unless that one starts the line). */
        if (m >= 2 && hypotf(x - out[2 * k - 2], y - out[2 * k - 1]) < min_px)
            k--;
        out[2 * k] = x;
        out[2 * k + 1] = y;
        k++;
    }
    return k;
}

float *plot_cloud_line(const PlotScene *sc, const Run *copy, float min_px, int *n)
{
    PlotCloudPath p = {0};
    float tail[10];
    int first;
    if (!plot_cloud_path_read(&p, sc, copy, min_px)) {
        plot_cloud_path_free(&p);
        return NULL;
    }
    int m, keep = plot_cloud_last_from(&p, &first, &m);
    int k = plot_cloud_last_line(&p, sc, copy, min_px, tail, &first);
    /* The vertices before the last line's end, then that end. */
    float *xy = malloc(sizeof *xy * 2 * (size_t)(keep + k + 1));
    if (xy) {
        memcpy(xy, p.xy, sizeof *xy * 2 * (size_t)keep);
        memcpy(xy + 2 * keep, tail, sizeof *xy * 2 * (size_t)k);
        *n = keep + k;
    }
    plot_cloud_path_free(&p);
    return xy;
}

Rgba plot_panel_color(const PlotScene *sc)
{
    Rgba c = {14, 14, 22, 190};
    if (sc->presenter)
        c.a = PLOT_PRESENTER_PANEL_ALPHA;
    return c;
}

void plot_basins(Canvas *c, const PlotScene *sc)
{
    const BasinLayer *l = sc->basins;
    if (!l || l->w == 0)
        return;
    double dx = (l->box.xmax - l->box.xmin) / l->w, dy = (l->box.ymax - l->box.ymin) / l->h;
    double sx, sy, unused;
    float ex[BASINVIEW_COARSE_W * BASINVIEW_FINE_MAX + 1];
    if (l->w >= (int)(sizeof ex / sizeof ex[0]))
        return;
    for (int i = 0; i <= l->w; i++) {
        view_world_to_screen(&sc->view, l->box.xmin + i * dx, l->box.ymax, &sx, &unused);
        ex[i] = (float)lround(sx);
    }
    for (int j = 0; j < l->h; j++) {
        view_world_to_screen(&sc->view, l->box.xmin, l->box.ymax - j * dy, &unused, &sy);
        float y0 = (float)lround(sy);
        view_world_to_screen(&sc->view, l->box.xmin, l->box.ymax - (j + 1) * dy, &unused, &sy);
        float y1 = (float)lround(sy);
        if (y1 <= y0)
            continue;
        /* a run of cells of one colour is one rectangle */
        int i0 = 0;
        unsigned char run_rgb[3];
        basinview_cell_rgb(&l->cells[(size_t)j * l->w], l->steps, l->hue, run_rgb);
        for (int i = 1; i <= l->w; i++) {
            unsigned char rgb[3] = {0, 0, 0};
            if (i < l->w)
                basinview_cell_rgb(&l->cells[(size_t)j * l->w + i], l->steps, l->hue, rgb);
            if (i < l->w && rgb[0] == run_rgb[0] && rgb[1] == run_rgb[1] &&
                rgb[2] == run_rgb[2])
                continue;
            canvas_rect(c, ex[i0], y0, ex[i] - ex[i0], y1 - y0,
                        (Rgba){run_rgb[0], run_rgb[1], run_rgb[2], BASINVIEW_ALPHA});
            i0 = i;
            run_rgb[0] = rgb[0], run_rgb[1] = rgb[1], run_rgb[2] = rgb[2];
        }
    }
}

enum { PLOT_BASIN_ROWS = 10 };

/* The basins legend's rows: text and swatch (alpha 0: none). Returns how many. Compact: the
 * minima in one row, and no shading row. */
static int plot_basins_rows(const BasinLayer *l, bool compact, char text[PLOT_BASIN_ROWS][64],
                            Rgba sw[PLOT_BASIN_ROWS])
{
    int n = 0;
    if (l->n_minima <= 6 && !compact) {
        for (int k = 0; k < l->n_minima; k++) {
            unsigned char rgb[3];
            palette_run_rgb(l->hue[k], rgb);
            sw[n] = (Rgba){rgb[0], rgb[1], rgb[2], 255};
            snprintf(text[n++], 64, "ends at (%.3g, %.3g)", l->minima[k].x, l->minima[k].y);
        }
    } else {
        unsigned char rgb[3];
        palette_run_rgb(0, rgb);
        sw[n] = (Rgba){rgb[0], rgb[1], rgb[2], 255};
        snprintf(text[n++], 64, "one hue per minimum (%d)", l->n_minima);
    }
    sw[n] = (Rgba){0, 0, 0, 255};
    snprintf(text[n++], 64, "diverged");
    sw[n] = (Rgba){BASINVIEW_GREY, BASINVIEW_GREY, BASINVIEW_GREY, 255};
    snprintf(text[n++], 64, compact ? "not converged" : "not converged in %ld steps", l->steps);
    if (!compact) {
        sw[n] = (Rgba){0, 0, 0, 0};
        snprintf(text[n++], 64, "darker = more steps");
    }
    return n;
}

bool plot_basins_legend_size(Canvas *c, const PlotScene *sc, bool compact, float *w, float *h)
{
    const BasinLayer *l = sc->basins;
    if (!l || l->w == 0 || sc->plain)
        return false;
    char text[PLOT_BASIN_ROWS][64];
    Rgba sw[PLOT_BASIN_ROWS];
    int n = plot_basins_rows(l, compact, text, sw);
    float s = c->scale, pad = 6.0f * s, lh = (float)canvas_line_height(c, FONT_SMALL);
    float tw = 0.0f;
    for (int i = 0; i < n; i++)
        tw = fmaxf(tw, canvas_measure(c, FONT_SMALL, text[i]));
    *w = 0.7f * lh + 3.0f * pad + tw;
    *h = (float)n * lh + 2.0f * pad;
    return true;
}

void plot_axis_strips(Canvas *c, int *left, int *bottom)
{
    float s = c->scale;
    *bottom = (int)ceilf((float)canvas_line_height(c, FONT_SMALL) + 10.0f * s);
    *left = (int)ceilf(canvas_measure(c, FONT_SMALL, "\xe2\x88\x92" "0.00") + 16.0f * s);
}

void plot_basins_legend(Canvas *c, const PlotScene *sc, UiRect b, bool compact)
{
    if (!sc->basins || sc->basins->w == 0 || sc->plain)
        return;
    char text[PLOT_BASIN_ROWS][64];
    Rgba sw[PLOT_BASIN_ROWS];
    int n = plot_basins_rows(sc->basins, compact, text, sw);
    float s = c->scale, pad = 6.0f * s, lh = (float)canvas_line_height(c, FONT_SMALL);
    float box = 0.7f * lh;
    canvas_round_rect(c, b.x, b.y, b.w, b.h, 6.0f * s, plot_panel_color(sc));
    for (int i = 0; i < n; i++) {
        float ty = b.y + pad + (float)i * lh;
        if (sw[i].a) {
            canvas_rect(c, b.x + pad - 1.0f, ty + 0.15f * lh - 1.0f, box + 2.0f, box + 2.0f,
                        (Rgba){200, 200, 210, 255});
            canvas_rect(c, b.x + pad, ty + 0.15f * lh, box, box, sw[i]);
        }
        canvas_text(c, FONT_SMALL, b.x + 2.0f * pad + box, ty, text[i],
                    sw[i].a ? PLOT_TEXT : PLOT_TEXT_DIM);
    }
}

void plot_crit_marker(Canvas *c, CritKind kind, float fx, float fy)
{
    float s = c->scale;
    LineStyle plus = {{1.0f, 1.0f, 1.0f, 0.95f}, 1.1f * s, 1.3f * s, 0.75f};
    LineStyle other = {{0.85f, 0.85f, 0.9f, 0.85f}, 0.9f * s, 1.1f * s, 0.6f};
    LineStyle dot = {{0.85f, 0.85f, 0.9f, 0.9f}, 2.6f * s, 1.2f * s, 0.6f};
    float a = 6.5f * s, b = 4.0f * s;
    switch (kind) {
    case CRIT_MINIMUM:
        canvas_stroke(c, fx - a, fy, fx + a, fy, &plus);
        canvas_stroke(c, fx, fy - a, fx, fy + a, &plus);
        break;
    case CRIT_SADDLE:
        canvas_stroke(c, fx - b, fy - b, fx + b, fy + b, &other);
        canvas_stroke(c, fx - b, fy + b, fx + b, fy - b, &other);
        break;
    case CRIT_MAXIMUM:
    case CRIT_DEGENERATE:
    case CRIT_KIND_COUNT:
        canvas_dot(c, fx, fy, &dot);
        break;
    }
}

void plot_crit_markers(Canvas *c, const PlotScene *sc)
{
    for (int k = 0; k < sc->ls->n_crit; k++) {
        const CriticalPoint *cp = &sc->ls->crit[k];
        double x, y;
        view_world_to_screen(&sc->view, cp->x, cp->y, &x, &y);
        if (x < -20 || y < -20 || x > sc->view.w + 20 || y > sc->view.h + 20)
            continue;
        plot_crit_marker(c, cp->kind, (float)x, (float)y);
    }
}

void plot_pixel_rect(UiRect r, int *x, int *y, int *w, int *h)
{
    *x = (int)lroundf(r.x);
    *y = (int)lroundf(r.y);
    *w = (int)lroundf(r.w);
    *h = (int)lroundf(r.h);
    *w = *w > 1 ? *w : 1;
    *h = *h > 1 ? *h : 1;
}

bool plot_draw_base(Canvas *c, int slot, const PlotScene *sc, UiRect rect, char *err,
                    size_t errlen)
{
    int x, y, w, h;
    plot_pixel_rect(rect, &x, &y, &w, &h);
    PlotScene scene = *sc;
    view_resize(&scene.view, w, h);
    return canvas_plot(c, slot, &scene, x, y, w, h, err, errlen);
}
