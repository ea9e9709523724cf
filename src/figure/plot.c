/* plot.c - the look of a pane's plot shared by every backend: run colors, path widths, the
 * field's contour scale, the critical-point markers, and the one call that asks the canvas
 * for a pane's base (field, critical points, paths).
 */
#include "figure/plot.h"

#include <math.h>
#include <stdio.h>

#include "lecture/basinview.h"

bool plot_run_enabled(const PlotScene *sc, int i)
{
    return !sc->enabled || sc->enabled[i];
}

int plot_n_runs(const PlotScene *sc)
{
    return sc->n_runs < PLOT_MAX_RUNS ? sc->n_runs : PLOT_MAX_RUNS;
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
    return plot_field_look(sc, scale, colormap_fit(sc->ls, box, plot_levels(sc), 1.0f));
}

void plot_path_widths(const PlotScene *sc, float scale, float *core, float *halo)
{
    float k = scale * (sc->presenter ? PLOT_PRESENTER_PATH : 1.0f);
    *core = 1.9f * k;
    *halo = 1.4f * k;
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
