/* test_layout.c - what the projector shows: every shipped scene, at 1920x1080 and 1280x720,
 * in the window's normal layout (control panel, timeline) and in presenter mode (no panel,
 * 1.5x scale), played to its last step: no pane's legend hides a path, a start or current
 * marker or a critical point, every start marker lies clear of the axis strips, and the
 * sweep pane (scene 28) sits beside the plots, over none of them. Drawn
 * with the figure composer's own placement (pane_legend) on the CPU canvas; no display.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "figure/figure.h"
#include "figure/hud.h"
#include "figure/legend.h"
#include "figure/pane.h"
#include "lecture/basinview.h"
#include "lecture/scene.h"
#include "lecture/session.h"
#include "lecture/sweepview.h"
#include "render/canvas_soft.h"
#include "test.h"

static const char *g_dir;

/* One scene at one size and mode: its legends and start markers. */
static void check_scene(const char *path, int w, int h, bool presenter)
{
    char err[1024];
    static SceneDesc sd;
    ASSERT(scene_load(path, &sd, err, sizeof err));
    static Session s;
    long steps = sd.steps > 0 ? sd.steps : 200;
    if (!session_init(&s, &sd, 0.0, steps, err, sizeof err)) {
        ASSERT(!"session_init");
        return;
    }
    session_seek(&s, steps);
    bool changed;
    ASSERT(sweepview_update(&s, false, &changed, err, sizeof err)); /* a strip goes elsewhere */
    /* The basins overlay's map (coarse, as the window shows it first): its legend is one
     * more panel the runs' legend must not cover. */
    if (sd.overlays & (1u << OVERLAY_BASINS))
        ASSERT(basinview_update(&s, NULL, false, &changed, err, sizeof err));
    float ui = figure_ui_scale(h, 1.0f, 1.0f, presenter);
    Canvas *c = canvas_soft_open(8, 8, ui, 1, err, sizeof err);
    ASSERT(c != NULL);
    if (!c) {
        session_free(&s);
        return;
    }
    FigureLayout l = figure_layout(c, &s, &(FigureLayoutDesc){.w = w, .h = h, .ui_scale = ui,
                                                             .panel = !presenter,
                                                             .timeline = true,
                                                             .presenter = presenter});
    /* The window's caches: the critical overlay's points (found numerically on a typed
     * function, which lists none) are obstacles to the legend as well. */
    FigurePaneCache *caches = calloc(SCREEN_MAX_PANES, sizeof *caches);
    ASSERT(caches != NULL);
    figure_fit_views(c, &s, &l, caches);
    int left, bottom;
    pane_axis_strips(c, &left, &bottom);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    /* The sweep pane (scene 28): beside the plots, legends, loss plots, panel and timeline,
     * never over them; its grid inside it. */
    if (sd.overlays & (1u << OVERLAY_SWEEP)) {
        UiRect sw = l.sweep, g = l.sweep_grid;
        ASSERT(sw.w > 0.0f && sw.h > 0.0f && g.w > 0.0f && g.h > 0.0f);
        ASSERT(g.x >= sw.x && g.y >= sw.y && g.x + g.w <= sw.x + sw.w + 0.5f &&
               g.y + g.h <= sw.y + sw.h + 0.5f);
        ASSERT(sw.x >= 0.0f && sw.y >= 0.0f && sw.x + sw.w <= (float)w &&
               sw.y + sw.h <= (float)h);
        ASSERT(!ui_rect_overlaps(sw, l.screen.timeline) && !ui_rect_overlaps(sw, l.screen.panel));
        for (int p = 0; p < s.n_panes; p++)
            ASSERT(!ui_rect_overlaps(sw, l.screen.plot[p]) &&
                   !ui_rect_overlaps(sw, l.legend[p]) && !ui_rect_overlaps(sw, l.screen.loss[p]));
    } else {
        ASSERT(l.sweep.w == 0.0f);
    }
    for (int p = 0; p < s.n_panes; p++) {
        PlotScene ps = figure_plot_scene(&s, p);
        ps.presenter = presenter;
        if (sd.overlays & (1u << OVERLAY_CRITICAL) && !ps.surface)
            ps.n_crit = overlay_critical(ps.ls, &s.panes[p].view, &caches[p].overlay, &ps.crit);
        UiRect plot = l.screen.plot[p];
        UiRect strip = l.legend[p];
        if (strip.w > 0.0f) {
            /* Beside the plot: nothing of the plot is under it. */
            ASSERT(!ui_rect_overlaps(strip, plot));
            ps.legend = LEGEND_OFF;
        }
        LegendPlace lp = pane_legend(c, &ps, plot, NULL);
        if (lp.shown && lp.covered != 0)
            fprintf(stderr, "  %s %dx%d%s pane %d: the legend (%s, %.0fx%.0f) hides %d\n",
                    name, w, h, presenter ? " presenter" : "", p,
                    lp.form == LEGEND_FULL ? "full" : "compact", (double)lp.box.w, (double)lp.box.h,
                    lp.covered);
        ASSERT(!lp.shown || lp.covered == 0);
        /* Nor on the basins overlay's legend (bottom left inside the strips). */
        UiRect bb;
        bool bb_compact;
        if (lp.shown && legend_basins_box(c, &ps, (float)left, 0.0f, plot.w - (float)left,
                                               plot.h - (float)bottom, &bb, &bb_compact)) {
            /* which itself goes to a corner where it hides nothing, in its compact form
             * where the full one would */
            int hid = legend_covered(&ps, bb, ui);
            if (hid)
                fprintf(stderr, "  %s %dx%d%s pane %d: the basins legend hides %d\n", name, w, h,
                        presenter ? " presenter" : "", p, hid);
            ASSERT(hid == 0);
            if (ui_rect_overlaps(lp.box, bb))
                fprintf(stderr, "  %s %dx%d%s pane %d: the legend covers the basins legend\n",
                        name, w, h, presenter ? " presenter" : "", p);
            ASSERT(!ui_rect_overlaps(lp.box, bb));
        }
        /* Every run's line whole: no "gd α = 0.5 · L = 8.04…", no "diverged at ste…". */
        if (lp.shown && lp.cut)
            fprintf(stderr, "  %s %dx%d%s pane %d: the legend cuts a line short\n", name, w, h,
                    presenter ? " presenter" : "", p);
        ASSERT(!lp.shown || !lp.cut);
        /* ... and inside the plot, clear of the axis strips. */
        ASSERT(!lp.shown || (lp.box.x >= (float)left - 0.5f &&
                             lp.box.y + lp.box.h <= plot.h - (float)bottom + 0.5f));
        if (strip.w > 0.0f) {
            PlotScene full = figure_plot_scene(&s, p);
            full.presenter = presenter;
            LegendForm form = l.legend_form[p];
            float m = 10.0f * ui, lw, lh, nw, nh;
            legend_size(c, &full, form, strip.w - 2.0f * m, &lw, &lh);
            legend_size(c, &full, form, 1e9f, &nw, &nh);
            if (nw > lw + 0.5f)
                fprintf(stderr, "  %s %dx%d%s pane %d: the legend strip cuts a line short\n",
                        name, w, h, presenter ? " presenter" : "", p);
            ASSERT(nw <= lw + 0.5f);
            if (lh + 2.0f * m > strip.h + 0.5f)
                fprintf(stderr, "  %s %dx%d%s pane %d: the legend (%.0f high) overflows its "
                        "strip (%.0f)\n", name, w, h, presenter ? " presenter" : "", p,
                        (double)lh, (double)strip.h);
            ASSERT(lh + 2.0f * m <= strip.h + 0.5f); /* every run listed */
        }
        ASSERT(lp.shown || strip.w > 0.0f); /* every pane's runs have their labels */
        /* Start markers (radius 7 px at scale 1 with the halo) clear of the strips. */
        const Pane *pane = &s.panes[p];
        double sx, sy;
        view_world_to_screen(&pane->view, pane->desc.start[0], pane->desc.start[1], &sx, &sy);
        float r = 7.0f * ui;
        double rd = (double)r;
        bool clear = sx >= left + rd && sy <= (double)plot.h - bottom - rd &&
                     sx <= (double)plot.w - rd && sy >= rd;
        if (!clear)
            fprintf(stderr, "  %s %dx%d%s pane %d: start marker at (%.0f, %.0f) of %.0fx%.0f\n",
                    name, w, h, presenter ? " presenter" : "", p, sx, sy, (double)plot.w,
                    (double)plot.h);
        ASSERT(clear);
    }
    /* A single pane's loss plot at 1080p keeps the run table beside it, whatever the
     * details and the inspector's numbers ask for (the table used to vanish). */
    if (s.n_panes == 1 && l.screen.loss[0].h > 0.0f && h == 1080 && !presenter) {
        const Pane *pane = &s.panes[0];
        HudRuns hr = {.runs = pane->runs, .enabled = pane->enabled, .n_runs = pane->desc.n_runs,
                      .selected = 0, .step = s.step, .f_tol = s.f_tol};
        HudPanelLayout hl = hud_panel_layout(c, &hr, l.screen.loss[0]);
        if (hl.table.w <= 0.0f)
            fprintf(stderr, "  %s: table %.0f wide, inspector %.0f wide in a %.0fx%.0f loss rect\n",
                    name, (double)hl.table.w, (double)hl.inspector.w,
                    (double)l.screen.loss[0].w, (double)l.screen.loss[0].h);
        /* The loss plot keeps a third of the rect, a quarter beside the inspector. */
        float keep = l.screen.loss[0].w / (hl.inspector.w > 0.0f ? 4.0f : 3.0f);
        ASSERT(hl.table.w > 0.0f && hl.plot.w >= keep - 0.5f);
        ASSERT(!ui_rect_overlaps(hl.plot, hl.table));
        ASSERT(hl.inspector.w == 0.0f || (!ui_rect_overlaps(hl.table, hl.inspector) &&
                                          !ui_rect_overlaps(hl.plot, hl.inspector)));
        /* The inspector appears at the default scale at 1080p where the table, naming its
         * optimizers by id, has room for it with its details whole (it never did: the
         * details kept it out); scene 14's is such a table. */
        if (hl.inspector.w <= 0.0f)
            fprintf(stderr, "  %s: no room for the inspector at 1080p\n", name);
        if (strcmp(name, "14-sgd-batch-size.ini") == 0 || strcmp(name, "01-gradient-descent.ini") == 0 ||
            strcmp(name, "10-momentum.ini") == 0 || strcmp(name, "25-epochs.ini") == 0)
            ASSERT(hl.inspector.w > 0.0f);
        /* With the panel hidden (Tab) every such scene shows it. */
        FigureLayout wide = figure_layout(c, &s, &(FigureLayoutDesc){.w = w, .h = h,
                                                                    .ui_scale = ui,
                                                                    .timeline = true});
        HudPanelLayout hw = hud_panel_layout(c, &hr, wide.screen.loss[0]);
        if (hw.inspector.w <= 0.0f || hw.table.w <= 0.0f)
            fprintf(stderr, "  %s: no room for the inspector at 1080p without the panel\n", name);
        ASSERT(hw.inspector.w > 0.0f && hw.table.w > 0.0f);
    }
    free(caches);
    canvas_destroy(c);
    session_free(&s);
}

TEST(every_scene_at_projector_sizes_hides_nothing)
{
    static char paths[SCENE_LIST_MAX][SCENE_PATH_LEN];
    int n = scene_list(g_dir, paths, SCENE_LIST_MAX);
    ASSERT(n >= 15);
    static const int SIZES[][2] = {{1920, 1080}, {1280, 720}};
    for (int i = 0; i < n; i++)
        for (int z = 0; z < 2; z++)
            for (int pres = 0; pres < 2; pres++)
                check_scene(paths[i], SIZES[z][0], SIZES[z][1], pres == 1);
}

/* Scene 15 plots L − L*: the legend (every form), the table and the inspector say L − L*
 * too, with the same value, never the raw L (0.25 against a gap of 0.005). */
TEST(a_gap_scene_shows_every_loss_as_the_gap)
{
    char path[SCENE_PATH_LEN], err[1024];
    snprintf(path, sizeof path, "%s/15-step-decay.ini", g_dir);
    static SceneDesc sd;
    ASSERT(scene_load(path, &sd, err, sizeof err));
    ASSERT(sd.loss_axis == LOSS_AXIS_GAP);
    static Session s;
    ASSERT(session_init(&s, &sd, 0.0, sd.steps, err, sizeof err));
    session_seek(&s, sd.steps);
    Canvas *c = canvas_soft_open(8, 8, 1.0f, 1, err, sizeof err);
    ASSERT(c != NULL);
    PlotScene ps = figure_plot_scene(&s, 0);
    double lstar = analysis_known_minimum(s.panes[0].desc.ls);
    ASSERT(ps.gap && ps.lstar == lstar && lstar > 0.2);
    for (int r = 0; r < s.panes[0].desc.n_runs; r++) {
        const Run *run = &s.panes[0].runs[r];
        double loss = run_last(run)->loss, gap = hud_gap_value(loss, lstar);
        ASSERT(gap > 0.0 && gap < 0.05 && loss > 0.2);
        char title[256], status[192], want[48], said[96];
        hud_format_value(gap, want, sizeof want);
        snprintf(said, sizeof said, "L \xe2\x88\x92 L* = %s", want);
        static const LegendForm FORMS[] = {LEGEND_FULL, LEGEND_COMPACT_FORM, LEGEND_NARROW};
        for (int f = 0; f < 3; f++) {
            ASSERT(legend_entry_text(c, &ps, FORMS[f], r, title, sizeof title, status,
                                     sizeof status));
            const char *text = FORMS[f] == LEGEND_COMPACT_FORM ? title : status;
            ASSERT_STR_CONTAINS(text, said);
            ASSERT(strstr(text, "loss") == NULL);
        }
        HudRow row;
        hud_table_row(run, s.step, s.f_tol, ps.lstar, &row);
        ASSERT(strcmp(row.loss, want) == 0);
        HudLine lines[HUD_INSPECTOR_MAX_LINES];
        int n = hud_inspector_lines(run, s.step, ps.lstar, lines, HUD_INSPECTOR_MAX_LINES);
        bool found = false;
        for (int i = 0; i < n; i++)
            if (strcmp(lines[i].label, "L \xe2\x88\x92 L*") == 0)
                found = strcmp(lines[i].value, want) == 0;
        ASSERT(found);
    }
    /* The steps column counts to L − L* < tol: the step-decay run's gap falls below 10⁻³. */
    char head[96];
    hud_table_tol_header(1e-3, true, head, sizeof head);
    ASSERT(strcmp(head, "L \xe2\x88\x92 L* < 0.001 from step") == 0);
    HudRow row;
    ASSERT(s.f_tol == 1e-3); /* the scene's table_tol */
    hud_table_row(&s.panes[0].runs[1], s.step, 1e-3, ps.lstar, &row);
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") != 0);
    printf("  15: L - L* < 1e-3 from step %s with step decay\n", row.steps);
    /* The constant rate's gap dips below 10⁻³ (and 10⁻⁴) under the minibatch noise but
     * never stays there: its row says so, which is the slide's claim. */
    hud_table_row(&s.panes[0].runs[0], s.step, 1e-3, ps.lstar, &row);
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") == 0);
    double least = INFINITY;
    for (long k = 0; k < s.panes[0].runs[0].n; k++)
        least = fmin(least, s.panes[0].runs[0].pts[k].loss - ps.lstar);
    ASSERT(least < 1e-4);
    hud_table_row(&s.panes[0].runs[1], s.step, 1e-3, (double)NAN, &row);
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") == 0); /* L itself never is */
    canvas_destroy(c);
    session_free(&s);
}

TEST(legend_covered_counts_what_it_hides)
{
    const Landscape *ls = landscape_find("bowl");
    char err[256];
    Run run;
    RunDesc d = run_desc_default(OPTIM_GD);
    ASSERT(run_init(&run, ls, &d, 2.0, 0.0, err, sizeof err));
    /* A view of [-2.5, 2.5]^2 on 500 x 500: 0.01 per pixel, the origin at (250, 250). */
    PlotScene sc = {.ls = ls, .view = {.cx = 0.0, .cy = 0.0, .scale = 0.01, .w = 500, .h = 500},
                    .runs = &run, .n_runs = 1};
    /* The start marker at (450, 250), the minimum's marker at (250, 250). */
    ASSERT(legend_covered(&sc, (UiRect){10, 10, 100, 100}, 1.0f) == 0);
    ASSERT(legend_covered(&sc, (UiRect){440, 240, 30, 30}, 1.0f) >= 1);
    ASSERT(legend_covered(&sc, (UiRect){245, 245, 10, 10}, 1.0f) >= 1);
    /* A critical point the overlay found (a typed function lists none) counts as well. */
    CriticalPoint found = {.x = -1.0, .y = 1.0, .kind = CRIT_MAXIMUM}; /* at (150, 150) */
    ASSERT(legend_covered(&sc, (UiRect){140, 140, 20, 20}, 1.0f) == 0);
    sc.crit = &found;
    sc.n_crit = 1;
    ASSERT(legend_covered(&sc, (UiRect){140, 140, 20, 20}, 1.0f) >= 1);
    sc.crit = NULL;
    sc.n_crit = 0;
    for (int k = 0; k < 5; k++)
        run_step(&run);
    /* The path runs along y = 250 from x = 450 toward 250: a box across it hides segments,
     * a box just above the path's halo does not. */
    ASSERT(legend_covered(&sc, (UiRect){300, 200, 40, 100}, 1.0f) >= 1);
    ASSERT(legend_covered(&sc, (UiRect){300, 200, 40, 40}, 1.0f) == 0);
    run_free(&run);
}

/* A legend cache carried through a drag (the view moved, not scaled) holds the segments a
 * fresh walk over every point gives at the new view, and places the legend where one
 * without a cache does. */
TEST(legend_cache_moves_with_the_view)
{
    const Landscape *ls = landscape_find("rosenbrock");
    char err[256];
    Run runs[2];
    OptimKind kinds[2] = {OPTIM_GD, OPTIM_MOMENTUM};
    for (int i = 0; i < 2; i++) {
        RunDesc d = run_desc_default(kinds[i]);
        d.opt.lr = 0.001;
        ASSERT(run_init(&runs[i], ls, &d, ls->start[0], ls->start[1], err, sizeof err));
        for (int k = 0; k < 3000; k++)
            run_step(&runs[i]);
    }
    Canvas *c = canvas_soft_open(8, 8, 1.0f, 1, err, sizeof err);
    ASSERT(c != NULL);
    if (!c)
        return;
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, 900, 600), .runs = runs, .n_runs = 2};
    static LegendCache moved, fresh;
    memset(&moved, 0, sizeof moved);
    legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &moved);
    long walked = moved.n_seg;
    const double drags[3][2] = {{37.0, -12.0}, {-250.0, 90.0}, {3.0, 400.0}};
    for (int k = 0; k < 3; k++) {
        view_pan(&sc.view, drags[k][0], drags[k][1]);
        LegendPlace a = legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &moved);
        memset(&fresh, 0, sizeof fresh);
        LegendPlace b = legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &fresh);
        ASSERT(moved.n_seg == fresh.n_seg && moved.n_seg == walked);
        float worst = 0.0f;
        for (long g = 0; g < fresh.n_seg; g++)
            for (int e = 0; e < 4; e++)
                worst = fmaxf(worst, fabsf(moved.seg[g][e] - fresh.seg[g][e]));
        printf("  dragged by (%g, %g): %ld segments, %.2g px apart at most; legend at corner "
               "%d / %d\n", drags[k][0], drags[k][1], fresh.n_seg, (double)worst, a.corner,
               b.corner);
        ASSERT(worst < 1e-3f);
        ASSERT(a.shown == b.shown && a.corner == b.corner && a.form == b.form &&
               a.covered == b.covered);
    }
    /* Not walked again: points changed behind the cache's back (a run never does that
     * without a new Run.gen) do not show in it after a drag; after a zoom they do. */
    for (long k = 0; k < runs[1].n; k++)
        runs[1].pts[k].y += 0.5;
    view_pan(&sc.view, 5.0, 5.0);
    legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &moved);
    memset(&fresh, 0, sizeof fresh);
    legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &fresh);
    bool same = moved.n_seg == fresh.n_seg;
    for (long g = 0; same && g < fresh.n_seg; g++)
        for (int e = 0; e < 4; e++)
            same = same && fabsf(moved.seg[g][e] - fresh.seg[g][e]) < 1e-3f;
    ASSERT(!same);
    view_zoom_at(&sc.view, 450.0, 300.0, 1.5);
    legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &moved);
    memset(&fresh, 0, sizeof fresh);
    legend_place(c, &sc, 900, 600, 0.0f, 0.0f, &fresh);
    ASSERT(moved.n_seg == fresh.n_seg &&
           !memcmp(moved.seg, fresh.seg, sizeof moved.seg[0] * (size_t)fresh.n_seg));
    canvas_destroy(c);
    for (int i = 0; i < 2; i++)
        run_free(&runs[i]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_layout SCENES_DIR\n");
        return 2;
    }
    g_dir = argv[1];
    RUN_TEST(legend_covered_counts_what_it_hides);
    RUN_TEST(legend_cache_moves_with_the_view);
    RUN_TEST(a_gap_scene_shows_every_loss_as_the_gap);
    RUN_TEST(every_scene_at_projector_sizes_hides_nothing);
    return TEST_MAIN("test_layout");
}
