/* plot.c - the look of a pane's plot shared by every backend: run colors, path widths, the
 * field's contour scale, the critical-point markers, and the one call that asks the canvas
 * for a pane's base (field, critical points, paths).
 */
#include "figure/plot.h"

#include <math.h>

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

FieldScale plot_field_scale(const PlotScene *sc, float scale, const ViewBox *box)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    FieldScale fs = colormap_fit(sc->ls, box, levels, PLOT_FIELD_LINE_PX * scale);
    if (sc->presenter)
        fs.line_alpha = fminf(1.0f, fs.line_alpha * PLOT_PRESENTER_LINE_ALPHA);
    return fs;
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
