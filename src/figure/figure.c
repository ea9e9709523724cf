/* figure.c - the one composer: the layout of a session's screen (title band, panes with their
 * loss plots, control panel, timeline) and its drawing through a Canvas, for the window and
 * every export alike.
 */
#include "figure/figure.h"

#include "analysis/analysis.h"

#include "figure/hud.h"
#include "figure/legend.h"
#include "figure/pane.h"
#include "figure/surface3d.h"
#include "figure/sweeppane.h"
#include "figure/ui_draw.h"

#include <math.h>
#include <string.h>

static UiRect figure_shift(UiRect r, float dy)
{
    if (r.w > 0.0f && r.h > 0.0f)
        r.y += dy;
    return r;
}

/* The panes whose scene key `loss_plot = false` leaves out their loss plot, as bits. */
static unsigned figure_loss_off(const Session *s)
{
    unsigned off = 0;
    for (int p = 0; p < s->n_panes && p < SCREEN_MAX_PANES; p++)
        off |= s->panes[p].desc.no_loss_plot ? 1u << p : 0u;
    return off;
}

FigureLayout figure_layout(Canvas *cv, const Session *s, const FigureLayoutDesc *d)
{
    static const int COLS[LAYOUT_COUNT] = {[LAYOUT_SINGLE] = 1, [LAYOUT_1X2] = 2,
                                           [LAYOUT_2X2] = 2};
    static const int ROWS[LAYOUT_COUNT] = {[LAYOUT_SINGLE] = 1, [LAYOUT_1X2] = 1,
                                           [LAYOUT_2X2] = 2};
    FigureLayout l;
    memset(&l, 0, sizeof l);
    l.w = d->w > 1 ? d->w : 1;
    l.h = d->h > 1 ? d->h : 1;
    l.plain = d->plain;
    l.presenter = d->presenter;
    float scale = d->ui_scale > 0.0f ? d->ui_scale : 1.0f;
    int w = d->w > 1 ? d->w : 1, h = d->h > 1 ? d->h : 1;
    PaneLayout pl = s->scene.layout < LAYOUT_COUNT ? s->scene.layout : LAYOUT_SINGLE;
    int cols = COLS[pl], rows = ROWS[pl];
    int n = s->n_panes < 1 ? 1 : s->n_panes;
    /* A scene with more panes than its layout holds still shows them all. */
    while (n > cols * rows) {
        if (cols <= rows)
            cols++;
        else
            rows++;
    }
    float panel_w = d->panel ? floorf(FIGURE_PANEL_W * scale) : 0.0f;
    if (panel_w > 0.6f * (float)w)
        panel_w = floorf(0.6f * (float)w);
    float band = d->plain ? 0.0f
                          : pane_title_height(cv, s->scene.title, s->scene.caption,
                                              (float)w - panel_w);
    if (band > 0.4f * (float)h)
        band = floorf(0.4f * (float)h);
    float loss_frac = (s->scene.overlays >> OVERLAY_LOSS_PLOT) & 1u ? FIGURE_LOSS_FRAC : 0.0f;
    if (loss_frac > 0.0f) {
        /* The loss plot needs room for its labels and a readable curve at any UI scale
         * (presenter mode, HiDPI): at least FIGURE_LOSS_MIN_H scaled, at most half the cell. */
        float timeline_h = d->timeline ? floorf(FIGURE_TIMELINE_H * scale) : 0.0f;
        float cell_h = ((float)h - band - timeline_h) / (float)rows;
        if (cell_h > 0.0f && loss_frac * cell_h < FIGURE_LOSS_MIN_H * scale)
            loss_frac = FIGURE_LOSS_MIN_H * scale / cell_h;
        /* A cell too small for both gives the plot priority: no loss plot. */
        if (loss_frac > FIGURE_LOSS_MAX_FRAC)
            loss_frac = 0.0f;
    }
    ScreenDesc sd = {
        .w = w,
        .h = h - (int)band,
        .cols = cols,
        .rows = rows,
        .n_panes = n,
        .panel_w = panel_w,
        .timeline_h = d->timeline ? floorf(FIGURE_TIMELINE_H * scale) : 0.0f,
        .loss_frac = loss_frac,
        .loss_off = figure_loss_off(s),
        .gap = n > 1 || loss_frac > 0.0f ? floorf(FIGURE_PANE_GAP * scale) : 0.0f,
    };
    l.screen = screen_layout(&sd);
    for (int p = 0; p < l.screen.n_panes; p++) {
        l.screen.plot[p] = figure_shift(l.screen.plot[p], band);
        l.screen.loss[p] = figure_shift(l.screen.loss[p], band);
    }
    l.screen.timeline = figure_shift(l.screen.timeline, band);
    if (!d->plain && (s->scene.overlays >> OVERLAY_SWEEP & 1u) && s->selected_pane < n &&
        s->selected_pane < l.screen.n_panes) {
        /* beside the selected pane's plot: its view then fits what is left */
        l.sweep = sweeppane_carve(cv, &l.screen.plot[s->selected_pane],
                                  floorf(FIGURE_PANE_GAP * scale), sweepview_layer(s));
        if (l.sweep.w > 0.0f)
            l.sweep_grid = sweeppane_grid(cv, l.sweep, sweepview_layer(s));
    }
    if (panel_w > 0.0f)
        l.screen.panel = (UiRect){(float)w - panel_w, 0.0f, panel_w, (float)h};
    if (band > 0.0f)
        l.title = (UiRect){0.0f, 0.0f, (float)w - panel_w, band};
    return l;
}

/* Pixels per world unit of the home window `home` fitted into a w x h plot whose axis strips
 * take `left` and `bottom`. */
static double figure_fit_scale(ViewBox home, float w, float h, int left, int bottom)
{
    double bw = home.xmax - home.xmin, bh = home.ymax - home.ymin;
    return fmin(fmax((double)w - left, 1.0) / bw, fmax((double)h - bottom, 1.0) / bh);
}

/* One place for a pane's legend beside its plot. */
typedef struct {
    bool right;       /* on the right (else below) */
    LegendForm form;
    float size;       /* the strip's width (right) or height (below) */
    float lw, lh;     /* the legend in it */
    bool whole;       /* every run's line whole, every run listed */
    double scale;     /* what the home window gets on screen then */
} FigureStrip;

static FigureStrip figure_strip(Canvas *c, const PlotScene *ps, const UiRect *plot, bool right,
                                LegendForm form, ViewBox home)
{
    float m = 10.0f * c->scale, nat_w, nat_h;
    int left, bottom;
    pane_axis_strips(c, &left, &bottom);
    FigureStrip o = {.right = right, .form = form};
    legend_size(c, ps, form, 1e9f, &nat_w, &nat_h);
    if (right) {
        /* At most FIGURE_LEGEND_STRIP_MAX of the width, or FIGURE_LEGEND_STRIP_WHOLE where
         * that shows every line whole. */
        float cap = nat_w + 2.0f * m <= FIGURE_LEGEND_STRIP_WHOLE * plot->w
                        ? FIGURE_LEGEND_STRIP_WHOLE : FIGURE_LEGEND_STRIP_MAX;
        legend_size(c, ps, form, cap * plot->w - 2.0f * m, &o.lw, &o.lh);
        o.size = ceilf(o.lw + 2.0f * m);
        o.whole = nat_w <= o.lw + 0.5f && o.lh + 2.0f * m <= plot->h;
        o.scale = figure_fit_scale(home, plot->w - o.size, plot->h, left, bottom);
    } else {
        legend_size(c, ps, form, plot->w - 2.0f * m, &o.lw, &o.lh);
        o.size = fminf(ceilf(o.lh + 2.0f * m), floorf(FIGURE_LEGEND_STRIP_MAX * plot->h));
        o.whole = nat_w <= o.lw + 0.5f && o.lh + 2.0f * m <= o.size + 0.5f;
        o.scale = figure_fit_scale(home, plot->w, plot->h - o.size, left, bottom);
    }
    return o;
}

/* Pane p's plot gives up a strip for its legend, l->legend[p]: on its right or below it, in
 * the narrow form (two lines per run) or the compact one (one line per run). Of the places
 * that show every run's line whole, the one that leaves the home window largest on screen;
 * where none does, the largest of the others. */
static void figure_legend_strip(Canvas *c, const PlotScene *ps, FigureLayout *l, int p,
                                ViewBox home)
{
    UiRect *plot = &l->screen.plot[p];
    FigureStrip opts[4] = {
        figure_strip(c, ps, plot, true, LEGEND_NARROW, home),
        figure_strip(c, ps, plot, true, LEGEND_COMPACT_FORM, home),
        figure_strip(c, ps, plot, false, LEGEND_COMPACT_FORM, home),
        figure_strip(c, ps, plot, false, LEGEND_NARROW, home),
    };
    int best = 2;
    for (int i = 0; i < 4; i++) {
        const FigureStrip *o = &opts[i], *b = &opts[best];
        if (o->whole != b->whole ? o->whole : o->scale > b->scale)
            best = i;
    }
    const FigureStrip *o = &opts[best];
    l->legend_form[p] = o->form;
    if (o->right) {
        plot->w -= o->size;
        l->legend[p] = (UiRect){plot->x + plot->w, plot->y, o->size, plot->h};
    } else {
        plot->h -= o->size;
        l->legend[p] = (UiRect){plot->x, plot->y + plot->h, plot->w, o->size};
    }
}

/* The critical overlay's points for ps (pane p of s), which the legend keeps off. */
static void figure_scene_crit(const Session *s, int p, PlotScene *ps, FigurePaneCache *caches)
{
    if (!caches || !(s->scene.overlays & (1u << OVERLAY_CRITICAL)) || ps->surface)
        return;
    ps->n_crit = overlay_critical(ps->ls, &s->panes[p].view, &caches[p].overlay, &ps->crit);
}

void figure_fit_views(Canvas *c, Session *s, FigureLayout *l, FigurePaneCache *caches)
{
    int left = 0, bottom = 0;
    if (!l->plain)
        pane_axis_strips(c, &left, &bottom);
    for (int p = 0; p < s->n_panes; p++) {
        l->legend[p] = (UiRect){0};
        UiRect *plot = &l->screen.plot[p];
        session_layout_pane(s, p, (int)plot->w, (int)plot->h, left, bottom);
        memset(s->panes[p].surface_clear, 0, sizeof s->panes[p].surface_clear);
        if (l->plain || s->scene.legend == LEGEND_OFF)
            continue;
        PlotScene ps = figure_plot_scene(s, p);
        ps.presenter = l->presenter;
        figure_scene_crit(s, p, &ps, caches);
        LegendPlace lp = pane_legend(c, &ps, *plot, caches ? &caches[p].legend : NULL);
        /* A 3D pane frames its box clear of its legend, wherever it sits (a legend cut short
         * goes beside the plot, as in 2D). */
        if (ps.surface && !lp.cut) {
            if (lp.shown) {
                float *cl = s->panes[p].surface_clear;
                cl[0] = lp.box.x;
                cl[1] = lp.box.y;
                cl[2] = lp.box.x + lp.box.w;
                cl[3] = lp.box.y + lp.box.h;
            }
            continue;
        }
        if (!lp.shown || (lp.covered == 0 && !lp.cut))
            continue;
        /* It would hide something, or cut a run's line short: beside the plot instead. */
        figure_legend_strip(c, &ps, l, p, s->panes[p].home);
        session_layout_pane(s, p, (int)plot->w, (int)plot->h, left, bottom);
    }
}

PlotScene figure_plot_scene(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    return (PlotScene){
        .ls = pane->desc.ls,
        .gap = s->scene.loss_axis == LOSS_AXIS_GAP,
        .lstar = s->scene.loss_axis == LOSS_AXIS_GAP ? analysis_known_minimum(pane->desc.ls)
                                                     : 0.0,
        .view = pane->view,
        .levels = s->levels,
        .runs = pane->runs,
        .n_runs = pane->desc.n_runs,
        .enabled = pane->enabled,
        .colors = pane->color,
        .cloud = pane->cloud_k > 0 ? pane->cloud : NULL,
        .cloud_k = pane->cloud_k,
        .generation = s->generation,
        .playing = s->playing,
        .speed = s->speed,
        .step = s->step,
        .max_steps = s->max_step,
        .legend = s->scene.legend,
        .basins = s->scene.overlays & (1u << OVERLAY_BASINS) ? pane->basins : NULL,
        .surface = pane->desc.surface,
        .camera = pane->desc.surface ? session_camera(s, p) : (Camera3D){0},
        .map = pane->desc.surface ? session_surface_map(s, p) : (SurfaceMap){0},
    };
}

/* The drawn overlays of a scene's overlay bits. */
static OverlayFlags figure_overlay_flags(unsigned bits)
{
    return (OverlayFlags){
        .gradient_field = bits & (1u << OVERLAY_GRADIENT_FIELD),
        .directions = bits & (1u << OVERLAY_DIRECTIONS),
        .taylor = bits & (1u << OVERLAY_TAYLOR),
        .eigen = bits & (1u << OVERLAY_EIGEN),
        .critical = bits & (1u << OVERLAY_CRITICAL),
        .minibatch = bits & (1u << OVERLAY_MINIBATCH),
        .trials = bits & (1u << OVERLAY_TRIALS),
    };
}

static void figure_overlays(Canvas *cv, const Session *s, int p, UiRect plot,
                            const double *point, bool presenter, OverlayCache *cache,
                            LegendCache *legend)
{
    const Pane *pane = &s->panes[p];
    OverlayFlags flags = figure_overlay_flags(s->scene.overlays);
    const Run *run = &s->panes[p].runs[session_shown_run(s, p)];
    OverlayDesc d = {.ls = pane->desc.ls, .view = &pane->view, .rect = plot, .flags = flags,
                     .batch_run = pane->desc.ls->data ? run : NULL,
                     .trial_run = run,
                     .chord = pane->desc.has_chord ? pane->desc.chord : NULL,
                     .point = {point ? point[0] : run_last(run)->x,
                               point ? point[1] : run_last(run)->y}};
    /* Labels keep off the runs' start and current markers. */
    for (int i = 0; i < pane->desc.n_runs && d.n_marks + 2 <= OVERLAY_MAX_MARKS; i++) {
        const Run *r = &pane->runs[i];
        if (!pane->enabled[i] || r->n == 0)
            continue;
        d.marks[d.n_marks][0] = pane->desc.start[0];
        d.marks[d.n_marks++][1] = pane->desc.start[1];
        d.marks[d.n_marks][0] = run_last(r)->x;
        d.marks[d.n_marks++][1] = run_last(r)->y;
    }
    /* The chord's inset and the labels keep off the legend and the axis strips. */
    if (d.chord || flags.critical || flags.directions || flags.eigen) {
        PlotScene ps = figure_plot_scene(s, p);
        ps.presenter = presenter;
        if (flags.critical)
            ps.n_crit = overlay_critical(ps.ls, &pane->view, cache, &ps.crit);
        /* legend NULL: it sits in a strip beside the plot. */
        LegendPlace lp = s->scene.legend == LEGEND_OFF || !legend
                             ? (LegendPlace){0}
                             : pane_legend(cv, &ps, plot, legend);
        if (lp.shown)
            d.avoid = (UiRect){plot.x + lp.box.x, plot.y + lp.box.y, lp.box.w, lp.box.h};
    }
    int left, bottom;
    pane_axis_strips(cv, &left, &bottom);
    d.strip_left = (float)left;
    d.strip_bottom = (float)bottom;
    PlotScene sc = figure_plot_scene(s, p);
    /* inside the axis strips, which are drawn over the plot's edges */
    UiRect bb;
    bool bb_compact;
    if (legend_basins_box(cv, &sc, (float)pane->inset_left, 0.0f,
                          plot.w - (float)pane->inset_left, plot.h - (float)pane->inset_bottom,
                          &bb, &bb_compact))
        plot_basins_legend(cv, &sc, (UiRect){plot.x + bb.x, plot.y + bb.y, bb.w, bb.h},
                           bb_compact);
    overlay_draw(cv, &d, cache);
}

/* The overlays of a pane in 3D (figure/surface3d.h), of the same bits, run and point as the
 * 2D pane's: the point overlays at the cursor's point (or the selected run's current point). */
static void figure_overlays_3d(Canvas *cv, const Session *s, int p, const PlotScene *ps,
                               int fb_w, int fb_h, UiRect plot, const double *point,
                               OverlayCache *cache)
{
    const Pane *pane = &s->panes[p];
    const Run *run = &s->panes[p].runs[session_shown_run(s, p)];
    double at[2] = {point ? point[0] : run_last(run)->x, point ? point[1] : run_last(run)->y};
    Surface3dOverlays d = {.flags = figure_overlay_flags(s->scene.overlays),
                           .point = pane->desc.n_runs > 0 || point ? at : NULL,
                           .batch_run = pane->desc.ls->data ? run : NULL,
                           .trial_run = run};
    const OverlayFlags *f = &d.flags;
    if (!f->gradient_field && !f->directions && !f->taylor && !f->eigen && !f->critical &&
        !f->minibatch && !f->trials)
        return;
    int x, y, w, h;
    plot_pixel_rect(plot, &x, &y, &w, &h);
    PlotScene scene = *ps;
    view_resize(&scene.view, w, h);
    canvas_begin(cv, fb_w, fb_h, x, y, w, h);
    surface3d_overlays(cv, &scene, &d, cache);
    canvas_begin(cv, fb_w, fb_h, 0, 0, fb_w, fb_h);
}

static void figure_hud(Canvas *cv, const Session *s, int p, UiRect loss)
{
    const Pane *pane = &s->panes[p];
    HudRuns h = {.runs = pane->runs, .enabled = pane->enabled, .colors = pane->color,
                 .n_runs = pane->desc.n_runs,
                 .selected = p == s->selected_pane ? s->selected_run : -1, .step = s->step,
                 .f_tol = s->f_tol, .gap = s->scene.loss_axis == LOSS_AXIS_GAP};
    h.lstar = h.gap ? analysis_known_minimum(pane->desc.ls) : 0.0;
    hud_panel(cv, &h, loss);
}

float figure_ui_scale(int h, float px_ratio, float user_scale, bool presenter)
{
    float s = (px_ratio > 0.0f ? px_ratio : 1.0f) * (h > 1080 ? (float)h / 1080.0f : 1.0f);
    s = (s > 0.5f ? s : 1.0f) * (user_scale > 0.0f ? user_scale : 1.0f);
    return presenter ? s * FIGURE_PRESENTER_SCALE : s;
}

/* The selected pane's outline (when there are several), in the UI's accent. */
static void figure_outline(Canvas *c, UiRect r, UiColor accent)
{
    float t = fmaxf(2.0f, 2.0f * c->scale);
    Rgba col = {accent.r, accent.g, accent.b, 230};
    canvas_rect(c, r.x, r.y, r.w, t, col);
    canvas_rect(c, r.x, r.y + r.h - t, r.w, t, col);
    canvas_rect(c, r.x, r.y + t, t, r.h - 2.0f * t, col);
    canvas_rect(c, r.x + r.w - t, r.y + t, t, r.h - 2.0f * t, col);
}

/* The readout's translucent box near the pointer (mx, my), kept inside the pane pr. */
static void figure_readout(Canvas *c, UiRect pr, char (*lines)[READOUT_LINE_LEN],
                           float mx, float my, bool presenter)
{
    float s = c->scale, pad = 8.0f * s;
    float lh = (float)canvas_line_height(c, FONT_SMALL), bw = 0.0f;
    for (int i = 0; i < READOUT_LINES; i++)
        bw = fmaxf(bw, canvas_measure(c, FONT_SMALL, lines[i]));
    bw += 2.0f * pad;
    float bh = READOUT_LINES * lh + 2.0f * pad;
    /* In presenter mode the box keeps clear of the ring around the pointer. */
    float off = (presenter ? 32.0f : 18.0f) * s, up = (presenter ? 32.0f : 12.0f) * s;
    float x = mx - pr.x + off, y = my - pr.y + off;
    if (x + bw > pr.w)
        x = mx - pr.x - off - bw; /* flip to the left of the pointer */
    if (y + bh > pr.h)
        y = my - pr.y - up - bh; /* and above it */
    x = pr.x + fmaxf(0.0f, fminf(x, pr.w - bw));
    y = pr.y + fmaxf(0.0f, fminf(y, pr.h - bh));
    canvas_clip(c, (int)pr.x, (int)pr.y, (int)pr.w, (int)pr.h);
    unsigned char alpha = presenter ? 235 : 200;
    canvas_round_rect(c, x, y, bw, bh, 8.0f * s, (Rgba){12, 13, 20, alpha});
    for (int i = 0; i < READOUT_LINES; i++)
        canvas_text(c, FONT_SMALL, x + pad, y + pad + (float)i * lh, lines[i],
                    i == 0 ? (Rgba){255, 255, 255, 255} : (Rgba){215, 218, 228, 255});
    canvas_clip_off(c);
}

/* Presenter mode's highlighted cursor: a soft bright ring around the pointer while it is
 * over a plot, so the hall sees where the lecturer points: a glow that fades smoothly to
 * either side of the ring (thin adjacent bands, so no band overlaps another), a faint
 * lightening inside, and the ring itself as an anti-aliased stroke. */
static void figure_ring(Canvas *c, UiRect pr, float cx, float cy)
{
    enum { SEGMENTS = 72, BANDS = 16 };
    const float RADIUS = 24.0f, GLOW = 12.0f, PEAK = 120.0f; /* at UI scale 1 */
    float s = c->scale, rr = RADIUS * s;
    float cs[SEGMENTS + 1], sn[SEGMENTS + 1];
    for (int i = 0; i <= SEGMENTS; i++) {
        float a = 6.2831853f * (float)i / SEGMENTS;
        cs[i] = cosf(a);
        sn[i] = sinf(a);
    }
    canvas_clip(c, (int)pr.x, (int)pr.y, (int)pr.w, (int)pr.h);
    for (int j = -1; j < BANDS; j++) {
        /* Band -1 is the disc inside the glow; bands 0.. span rr +- GLOW s. */
        float r0 = j < 0 ? 0.0f : rr - GLOW * s + 2.0f * GLOW * s * (float)j / BANDS;
        float r1 = j < 0 ? rr - GLOW * s : r0 + 2.0f * GLOW * s / BANDS;
        float d = 0.5f * (r0 + r1) - rr, t = d / (0.45f * GLOW * s);
        float alpha = j < 0 ? 26.0f : PEAK * expf(-t * t) + (d < 0.0f ? 26.0f : 0.0f);
        Rgba col = {255, 246, 200, (unsigned char)fminf(255.0f, alpha)};
        for (int i = 0; i < SEGMENTS; i++) {
            float quad[8] = {cx + r0 * cs[i], cy + r0 * sn[i], cx + r1 * cs[i], cy + r1 * sn[i],
                             cx + r1 * cs[i + 1], cy + r1 * sn[i + 1], cx + r0 * cs[i + 1],
                             cy + r0 * sn[i + 1]};
            canvas_convex(c, quad, j < 0 ? 3 : 4, col);
        }
    }
    LineStyle ring = {{1.0f, 0.97f, 0.82f, 1.0f}, 1.6f * s, 0.0f, 0.0f};
    for (int i = 0; i < SEGMENTS; i++)
        canvas_stroke(c, cx + rr * cs[i], cy + rr * sn[i], cx + rr * cs[i + 1],
                      cy + rr * sn[i + 1], &ring);
    canvas_clip_off(c);
}

bool figure_draw(Canvas *c, const Session *s, const FigureLayout *l, const FigureDesc *d,
                 FigurePaneCache *caches, char *err, size_t errlen)
{
    int w = l->w, h = l->h;
    canvas_begin(c, w, h, 0, 0, w, h);
    UiRect p0 = l->screen.plot[0];
    if (s->n_panes > 1 || p0.x != 0.0f || p0.y != 0.0f || p0.w != (float)w || p0.h != (float)h)
        canvas_rect(c, 0.0f, 0.0f, (float)w, (float)h, FIGURE_BG); /* gaps, HUD, band */
    if (!d->plain)
        pane_title_band(c, s->scene.title, s->scene.caption, w, h, l->title);
    for (int p = 0; p < s->n_panes; p++) {
        UiRect plot = l->screen.plot[p], loss = l->screen.loss[p];
        PlotScene ps = figure_plot_scene(s, p);
        ps.plain = d->plain;
        ps.presenter = d->presenter;
        ps.interacting = d->interacting;
        figure_scene_crit(s, p, &ps, caches);
        UiRect strip = l->legend[p];
        if (strip.w > 0.0f && strip.h > 0.0f) {
            /* The legend beside the plot, where it hides nothing. */
            ps.legend = LEGEND_OFF;
            PlotScene full = figure_plot_scene(s, p);
            full.presenter = d->presenter;
            float m = 10.0f * c->scale, lw, lh;
            LegendForm form = l->legend_form[p];
            legend_size(c, &full, form, strip.w - 2.0f * m, &lw, &lh);
            canvas_begin(c, w, h, (int)strip.x, (int)strip.y, (int)strip.w, (int)strip.h);
            canvas_rect(c, 0.0f, 0.0f, strip.w, strip.h, FIGURE_BG);
            LegendPlace lp = {.shown = true, .form = form, .box = {m, m, lw, lh}};
            legend_draw(c, &full, &lp);
        }
        canvas_begin(c, w, h, 0, 0, w, h);
        if (!plot_draw_base(c, p, &ps, plot, err, errlen))
            return false;
        /* The point overlays follow the cursor while it is over this pane. */
        if (!d->plain && ps.surface)
            figure_overlays_3d(c, s, p, &ps, w, h, plot, d->point_pane == p ? d->point : NULL,
                               &caches[p].overlay);
        else if (!d->plain)
            figure_overlays(c, s, p, plot, d->point_pane == p ? d->point : NULL,
                            d->presenter, &caches[p].overlay,
                            strip.w > 0.0f && strip.h > 0.0f ? NULL : &caches[p].legend);
        pane_draw_decor(c, &ps, w, h, plot, &caches[p].legend);
        if (loss.w > 0.0f && loss.h > 0.0f && !d->plain) {
            canvas_begin(c, w, h, 0, 0, w, h);
            figure_hud(c, s, p, loss);
        }
    }
    canvas_begin(c, w, h, 0, 0, w, h);
    if (l->sweep.w > 0.0f && !d->plain)
        sweeppane_draw(c, s, l->sweep, d->sweep_hover, d->mx, d->my, d->presenter);
    if (d->outline_selected && s->n_panes > 1)
        figure_outline(c, l->screen.plot[s->selected_pane], d->accent);
    if (l->screen.timeline.w > 0.0f && l->screen.timeline.h > 0.0f)
        hud_timeline(c, s->step, s->max_step, s->playing, l->screen.timeline);
    canvas_begin(c, w, h, 0, 0, w, h);
    if (d->readout && d->readout_pane >= 0 && d->readout_pane < s->n_panes)
        figure_readout(c, l->screen.plot[d->readout_pane], d->readout, d->mx, d->my,
                       d->presenter);
    if (d->ring_pane >= 0 && d->ring_pane < s->n_panes) {
        UiRect pr = l->screen.plot[d->ring_pane];
        figure_ring(c, pr, d->mx, d->my);
    }
    canvas_flush(c);
    if (d->ui)
        ui_draw_commands(c, d->ui, w, h);
    canvas_flush(c);
    return true;
}

void figure_draw_notice(Canvas *c, const FigureLayout *l, int w, int h, const char *text)
{
    float s = c->scale, pad = 12.0f * s;
    canvas_begin(c, w, h, 0, 0, w, h);
    float tw = canvas_measure(c, FONT_BODY, text);
    float bw = tw + 2.0f * pad, bh = (float)canvas_line_height(c, FONT_BODY) + 2.0f * pad;
    UiRect area = l->screen.plot[0];
    float right = area.x + area.w;
    for (int p = 1; p < l->screen.n_panes; p++)
        right = fmaxf(right, l->screen.plot[p].x + l->screen.plot[p].w);
    float x = 0.5f * (right - bw), y = l->screen.timeline.h > 0.0f
                                         ? l->screen.timeline.y - bh - 16.0f * s
                                         : (float)h - bh - 16.0f * s;
    x = fmaxf(4.0f, x);
    canvas_round_rect(c, x, y, bw, bh, 10.0f * s, (Rgba){12, 13, 20, 230});
    canvas_text(c, FONT_BODY, x + pad, y + pad, text, (Rgba){255, 255, 255, 255});
    canvas_flush(c);
}
