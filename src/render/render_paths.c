/* render_paths.c - see render_paths.h. */
#include "render/render_paths.h"

#include <math.h>

#include "figure/plot.h"
#include "render/traj.h"

/* The first segment whose core a halo drawn from segment `first` on covers: walking back
 * from first over reach pixels (at most MAX_REDRAW segments). */
static long render_core_first(const PlotScene *sc, const TrajBuffer *b, long first, double reach)
{
    enum { MAX_REDRAW = 4096 };
    long core_first = first;
    double walked = 0.0;
    while (core_first > 0 && first - core_first < MAX_REDRAW && walked < reach) {
        const TrajVertex *g = &b->segs[core_first - 1];
        double dx = (double)(g->p1[0] - g->p0[0]), dy = (double)(g->p1[1] - g->p0[1]);
        double d = sqrt(dx * dx + dy * dy) / sc->view.scale;
        walked += isfinite(d) ? d : reach;
        core_first--;
    }
    return core_first;
}

PixelBox render_segments_box(Renderer *r, const PlotScene *sc, const TrajBuffer *b,
                             long first, long last)
{
    if (last <= first)
        return (PixelBox){0, 0, 0, 0};
    float rc, hw;
    plot_path_widths(sc, r->ui_scale, &rc, &hw);
    double reach = (double)(rc + hw) + 2.0;
    long from = render_core_first(sc, b, first, reach);
    DamageBounds bounds = damage_bounds_none();
    for (long k = from; k < last; k++) {
        const TrajVertex *g = &b->segs[k];
        const float *ends[2] = {g->p0, g->p1};
        for (int e = 0; e < 2; e++) {
            double sx, sy;
            view_world_to_screen(&sc->view, b->ox + (double)ends[e][0],
                                 b->oy + (double)ends[e][1], &sx, &sy);
            damage_bounds_add(&bounds, sx, sy);
        }
    }
    return damage_bounds_box(bounds, reach);
}

void render_segments(Renderer *r, const PlotScene *sc, int i, const TrajBuffer *b,
                     long first, long last)
{
    if (last <= first)
        return;
    float rc, hw;
    plot_path_widths(sc, r->ui_scale, &rc, &hw);
    long core_first = render_core_first(sc, b, first, (double)(rc + hw) + 2.0);
    const float *hc = r->traj.halo_color;
    LineStyle halo = {{hc[0], hc[1], hc[2], 0.8f}, rc + hw, 0.0f, 0.0f};
    LineStyle core = {{0}, rc, 0.0f, 0.0f};
    plot_run_color(plot_color_of(sc, i), core.color);
    traj_draw(&r->traj, b, &sc->view, first, last - first, &halo);
    traj_draw(&r->traj, b, &sc->view, core_first, last - core_first, &core);
}

PixelBox render_new_segments(Renderer *r, const PlotScene *sc, TrajBuffer *bufs,
                             long *drawn)
{
    PixelBox box = {0, 0, 0, 0};
    for (int i = 0; i < plot_n_runs(sc); i++) {
        if (!plot_run_enabled(sc, i))
            continue;
        long segs = bufs[i].nseg;
        if (segs <= drawn[i])
            continue;
        box = pixelbox_union(box, render_segments_box(r, sc, &bufs[i], drawn[i], segs));
        render_segments(r, sc, i, &bufs[i], drawn[i], segs);
        drawn[i] = segs;
    }
    return box;
}

void render_tails(Renderer *r, const PlotScene *sc, const TrajBuffer *bufs)
{
    for (int i = 0; i < plot_n_runs(sc); i++) {
        if (plot_run_enabled(sc, i) && bufs[i].tail)
            render_segments(r, sc, i, &bufs[i], bufs[i].nseg, bufs[i].nseg + 1);
    }
}

PixelBox render_tails_box(Renderer *r, const PlotScene *sc, const TrajBuffer *bufs)
{
    PixelBox box = {0, 0, 0, 0};
    for (int i = 0; i < plot_n_runs(sc); i++) {
        if (plot_run_enabled(sc, i) && bufs[i].tail)
            box = pixelbox_union(
                box, render_segments_box(r, sc, &bufs[i], bufs[i].nseg, bufs[i].nseg + 1));
    }
    return box;
}
