/* test_session.c - the window's state without a display: click-to-start maps screen to
 * world through the current view; starts, sliders and landscapes recompute the runs to the
 * clock; the timeline steps back and forward to the same bits; play advances by speed;
 * linked panes move together. */
#include <math.h>

#include "lecture/readout.h"
#include "lecture/session.h"
#include "lecture/spec.h"
#include "test.h"

static SceneDesc two_panes(bool link)
{
    SceneDesc s = { .layout = LAYOUT_1X2, .n_panes = 2, .link = link };
    for (int p = 0; p < 2; p++) {
        PaneDesc *pane = &s.panes[p];
        pane->ls = landscape_find(p == 0 ? "ravine" : "rosenbrock");
        pane->start[0] = pane->ls->start[0];
        pane->start[1] = pane->ls->start[1];
        pane->runs[0] = run_desc_default(OPTIM_GD);
        pane->runs[1] = run_desc_default(OPTIM_MOMENTUM);
        pane->runs[1].opt.lr = 0.001;
        pane->n_runs = 2;
    }
    s.panes[0].runs[1].opt.lr = 0.05;
    return s;
}

static Session make(bool link)
{
    Session s;
    char err[128];
    SceneDesc scene = two_panes(link);
    ASSERT(session_init(&s, &scene, 8.0, 1000, err, sizeof err));
    session_layout_pane(&s, 0, 800, 600, 0, 0);
    session_layout_pane(&s, 1, 800, 600, 0, 0);
    return s;
}

/* A run set up and stepped on its own, to compare the session's runs against. */
static bool matches_fresh(const Run *run, const RunDesc *d, double x0, double y0, long steps)
{
    Run fresh;
    char err[128];
    if (!run_init(&fresh, run->ls, d, x0, y0, err, sizeof err)) {
        return false;
    }
    for (long k = 0; k < steps; k++) {
        run_step(&fresh);
    }
    bool same = fresh.n == run->n &&
                memcmp(fresh.pts, run->pts, (size_t)run->n * sizeof *run->pts) == 0;
    run_free(&fresh);
    return same;
}

TEST(click_maps_screen_to_world_through_the_view)
{
    Session s = make(false);
    /* ravine's home window [-10,10] x [-4,4] in 800 x 600: 0.025 per pixel, centred at 0 */
    const Pane *pane = &s.panes[0];
    ASSERT_NEAR(pane->view.scale, 0.025, 1e-15);
    double x, y;
    session_pick(&s, 0, 600, 150, &x, &y);
    ASSERT_NEAR(x, 5.0, 1e-12);
    ASSERT_NEAR(y, 3.75, 1e-12);
    /* after a zoom about that pixel the same pixel still maps to the same point */
    session_zoom(&s, 0, 600, 150, 2.0);
    session_pick(&s, 0, 600, 150, &x, &y);
    ASSERT_NEAR(x, 5.0, 1e-12);
    ASSERT_NEAR(y, 3.75, 1e-12);
    session_pick(&s, 0, 400, 300, &x, &y);
    ASSERT_NEAR(x, 2.5, 1e-12);
    ASSERT_NEAR(y, 1.875, 1e-12);
    /* a pan of (+100, +40) pixels moves the content with the mouse */
    session_pan(&s, 0, 100, 40);
    session_pick(&s, 0, 500, 340, &x, &y);
    ASSERT_NEAR(x, 2.5, 1e-12);
    ASSERT_NEAR(y, 1.875, 1e-12);
    /* pane 1 did not move (not linked) */
    ASSERT(s.panes[1].view.scale == view_fit(&s.panes[1].home, 800, 600).scale);
    session_free(&s);
}

TEST(a_click_restarts_the_runs_from_the_new_start)
{
    Session s = make(false);
    for (int k = 0; k < 30; k++) {
        session_step_forward(&s);
    }
    ASSERT(s.step == 30 && s.panes[0].runs[0].n == 31);
    double x, y;
    session_pick(&s, 0, 600, 150, &x, &y);
    session_set_start(&s, 0, x, y, false);
    ASSERT(s.step == 0);
    const Run *r = &s.panes[0].runs[0];
    ASSERT(r->n == 1 && r->pts[0].x == x && r->pts[0].y == y);
    ASSERT(s.panes[0].desc.start[0] == x);
    /* dragging the start marker recomputes to the clock at once */
    for (int k = 0; k < 40; k++) {
        session_step_forward(&s);
    }
    session_set_start(&s, 0, -7.5, 1.25, true);
    ASSERT(s.step == 40);
    for (int i = 0; i < 2; i++) {
        ASSERT(matches_fresh(&s.panes[0].runs[i], &s.panes[0].desc.runs[i], -7.5, 1.25, 40));
    }
    /* the other pane is untouched when not linked */
    ASSERT(s.panes[1].desc.start[0] == landscape_find("rosenbrock")->start[0]);
    session_free(&s);
}

TEST(linked_panes_share_start_and_view)
{
    Session s = make(true);
    session_set_start(&s, 1, 0.5, -0.5, false);
    ASSERT(s.panes[0].desc.start[0] == 0.5 && s.panes[0].runs[1].pts[0].y == -0.5);
    double before = s.panes[0].view.cx;
    session_pan(&s, 1, 80, 0);
    ASSERT(s.panes[0].view.cx != before);
    ASSERT_NEAR(s.panes[0].view.cx, before - 80 * s.panes[0].view.scale, 1e-12);
    session_free(&s);
}

TEST(a_slider_change_recomputes_to_the_clock)
{
    Session s = make(false);
    for (int k = 0; k < 25; k++) {
        session_step_forward(&s);
    }
    Pane *pane = &s.panes[0];
    pane->desc.runs[0].opt.lr = 1.5; /* past 2/λmax = 1 on the ravine: diverges */
    char err[128];
    ASSERT(session_apply(&s, 0, err, sizeof err));
    ASSERT(matches_fresh(&pane->runs[0], &pane->desc.runs[0], pane->desc.start[0],
                         pane->desc.start[1], 25));
    double y0 = fabs(pane->runs[0].pts[0].y), y25 = fabs(pane->runs[0].pts[25].y);
    ASSERT(y25 > 100 * y0); /* |1 - 2·1.5| = 2: the y error doubles each step */
    session_free(&s);
}

TEST(stepping_back_and_forward_gives_the_same_bits)
{
    Session s = make(false);
    for (int k = 0; k < 60; k++) {
        session_step_forward(&s);
    }
    Run copy = s.panes[1].runs[1];
    TrajPoint saved[61];
    memcpy(saved, copy.pts, sizeof saved);
    session_step_back(&s);
    session_step_back(&s);
    ASSERT(s.step == 58 && s.panes[1].runs[1].n == 59);
    session_seek(&s, 10);
    ASSERT(s.panes[0].runs[0].n == 11 && s.panes[1].runs[1].n == 11);
    session_seek(&s, 60);
    ASSERT(s.step == 60 && memcmp(saved, s.panes[1].runs[1].pts, sizeof saved) == 0);
    session_seek(&s, 5000); /* clamped to max_step */
    ASSERT(s.step == 1000);
    session_restart(&s);
    ASSERT(s.step == 0 && s.panes[0].runs[0].n == 1);
    session_free(&s);
}

/* The window's lazy session: a seek spends at most the frame's budget of steps; the runs
 * show as far as they got, session_catch_up takes them on, and they end with the bits of a
 * session that computed everything at once. Seeking back restores a checkpoint and leaves
 * the replay to the budget too. */
TEST(a_lazy_session_seeks_within_its_budget_and_catches_up_to_the_same_bits)
{
    SceneDesc scene = two_panes(false);
    Session lazy, eager;
    char err[128];
    ASSERT(session_init(&lazy, &scene, 8.0, 200000, err, sizeof err));
    ASSERT(session_init(&eager, &scene, 8.0, 200000, err, sizeof err));
    lazy.lazy = true;
    lazy.budget = 5000;
    session_seek(&lazy, 150000);
    ASSERT(lazy.step == 150000 && lazy.budget == 0 && session_behind(&lazy));
    ASSERT(session_least_step(&lazy) < 150000);
    int frames = 0;
    while (session_behind(&lazy) && frames < 1000) {
        lazy.budget = 50000;
        session_catch_up(&lazy);
        frames++;
    }
    ASSERT(!session_behind(&lazy) && frames > 1);
    session_seek(&eager, 150000);
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 2; i++) {
            const Run *a = &lazy.panes[p].runs[i], *b = &eager.panes[p].runs[i];
            ASSERT(run_last_step(a) == run_last_step(b) && a->n == b->n &&
                   memcmp(run_last(a), run_last(b), sizeof *run_last(a)) == 0);
        }
    /* Back to 123,457: nothing is replayed beyond the budget (here none), then it is. */
    lazy.budget = 0;
    session_seek(&lazy, 123457);
    ASSERT(lazy.step == 123457 && session_behind(&lazy));
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 2; i++)
            ASSERT(run_last_step(&lazy.panes[p].runs[i]) < 123457);
    lazy.budget = 1000000;
    ASSERT(!session_catch_up(&lazy));
    session_seek(&eager, 123457);
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < 2; i++) {
            const Run *a = &lazy.panes[p].runs[i], *b = &eager.panes[p].runs[i];
            const TrajPoint *pa = run_last(a), *pb = run_last(b);
            /* (a run that diverged early stays where it stopped, in both) */
            ASSERT(pa->step == pb->step && (b->stop != RUN_ACTIVE || pa->step == 123457));
            ASSERT(pa->x == pb->x && pa->y == pb->y && pa->loss == pb->loss &&
                   pa->grad_evals == pb->grad_evals && a->stop == b->stop);
        }
    session_free(&lazy);
    session_free(&eager);
}

TEST(play_advances_by_speed_and_carries_the_rest)
{
    Session s = make(false);
    ASSERT(session_advance(&s, 1.0) == 0); /* paused */
    s.playing = true;
    ASSERT(session_advance(&s, 0.3125) == 2); /* 8 steps/s x 5/16 s = 2.5 */
    ASSERT(s.step == 2);
    ASSERT(session_advance(&s, 0.0625) == 1); /* + 0.5 = 1 */
    ASSERT(s.step == 3);
    s.max_step = 10;
    ASSERT(session_advance(&s, 100.0) == 7);
    ASSERT(s.step == 10 && !s.playing);
    session_free(&s);
}

TEST(runs_and_landscapes_can_be_added_removed_and_swapped)
{
    Session s = make(false);
    char err[128];
    for (int k = 0; k < 12; k++) {
        session_step_forward(&s);
    }
    ASSERT(session_add_run(&s, 0, OPTIM_ADAM, err, sizeof err));
    Pane *pane = &s.panes[0];
    ASSERT(pane->desc.n_runs == 3 && pane->runs[2].n == 13);
    ASSERT(pane->runs[2].desc.opt.kind == OPTIM_ADAM);
    ASSERT(pane->color[0] == 0 && pane->color[1] == 1 && pane->color[2] == 2);
    session_remove_run(&s, 0, 0);
    ASSERT(pane->desc.n_runs == 2 && pane->runs[0].desc.opt.kind == OPTIM_MOMENTUM);
    /* The others keep their colors; a new run takes the free one. */
    ASSERT(pane->color[0] == 1 && pane->color[1] == 2);
    ASSERT(session_add_run(&s, 0, OPTIM_GD, err, sizeof err) && pane->color[2] == 0);
    session_remove_run(&s, 0, 2);
    ASSERT(pane->runs[1].desc.opt.kind == OPTIM_ADAM);
    session_remove_run(&s, 0, 0);
    session_remove_run(&s, 0, 0); /* the last run stays */
    ASSERT(pane->desc.n_runs == 1);
    const Landscape *hb = landscape_find("himmelblau");
    snprintf(s.scene.caption, sizeof s.scene.caption, "About the ravine");
    snprintf(s.scene.title, sizeof s.scene.title, "Zig-zags in the ravine");
    ASSERT(session_set_landscape(&s, 0, hb, err, sizeof err));
    ASSERT(s.scene.caption[0] == '\0'); /* the slide's caption spoke of the old landscape */
    ASSERT(strcmp(s.scene.title, "Himmelblau") == 0); /* and so did its title */
    snprintf(s.scene.title, sizeof s.scene.title, "Where you start decides where you end");
    ASSERT(session_set_landscape(&s, 0, landscape_find("bowl"), err, sizeof err));
    ASSERT(strcmp(s.scene.title, "Where you start decides where you end") == 0);
    ASSERT(session_set_landscape(&s, 0, hb, err, sizeof err));
    ASSERT(pane->runs[0].ls == hb && pane->runs[0].pts[0].x == hb->start[0]);
    ASSERT(pane->runs[0].n == 13);
    ASSERT(pane->home.xmin == hb->view.xmin && pane->view.w == 800);
    for (int i = 0; i < SCENE_MAX_RUNS; i++) {
        session_add_run(&s, 0, OPTIM_GD, err, sizeof err);
    }
    ASSERT(pane->desc.n_runs == SCENE_MAX_RUNS);
    ASSERT_STR_CONTAINS(err, "at most 16 runs");
    SceneDesc out;
    session_scene(&s, &out);
    ASSERT(out.panes[0].ls == hb && out.panes[0].n_runs == SCENE_MAX_RUNS);
    session_free(&s);
}

/* Swaps pane 0's landscape for ls, checking that the run was rebuilt with the pane's rates. */
static void swap_to(Session *s, const Landscape *ls)
{
    char err[128];
    ASSERT(session_set_landscape(s, 0, ls, err, sizeof err));
    const Pane *pane = &s->panes[0];
    for (int r = 0; r < pane->desc.n_runs; r++) {
        ASSERT(pane->runs[r].desc.opt.lr == pane->desc.runs[r].opt.lr);
    }
}

TEST(a_new_landscape_brings_its_rates_to_the_runs_whose_rate_nobody_chose)
{
    /* Pane 0 (the ravine): gd at its own default rate (nobody chose it), momentum at a rate
     * the scene chose. */
    SceneDesc scene = two_panes(false);
    scene.panes[0].runs[1].opt.lr = 0.123;
    Session s;
    char err[128];
    ASSERT(session_init(&s, &scene, 8.0, 1000, err, sizeof err));
    Pane *pane = &s.panes[0];
    OptimizerDesc *gd = &pane->desc.runs[0].opt, *mom = &pane->desc.runs[1].opt;
    ASSERT(gd->lr == 0.1 && mom->lr == 0.123); /* a loaded scene keeps its rates */
    const Landscape *ras = landscape_find("rastrigin"), *bowl = landscape_find("bowl"),
                    *ravine = landscape_find("ravine");
    RunDesc want[SPEC_DEFAULT_RUNS];
    const double PI = 3.14159265358979323846;

    /* Rastrigin: gd at a quarter of 2/λmax, λmax = 2 + 40π² at its minima (README "Default
     * rates"), not 0.1, which jumps across the view; the scene's 0.123 was chosen for the
     * ravine, so momentum gets Rastrigin's rate as well. */
    swap_to(&s, ras);
    spec_default_runs(ras, ras->start, &scene.panes[0].runs[0], want);
    ASSERT_NEAR(gd->lr, 0.5 / (2.0 + 40.0 * PI * PI), 1e-12);
    ASSERT(gd->lr == want[0].opt.lr && mom->lr == want[1].opt.lr);

    /* The slider chooses gd's rate on Rastrigin. */
    gd->lr = 0.0005;
    ASSERT(session_apply(&s, 0, err, sizeof err));
    swap_to(&s, bowl); /* both at the bowl's rates: λmax = 2, gd 0.25, momentum 0.19 */
    ASSERT_NEAR(gd->lr, 0.25, 1e-12);
    ASSERT_NEAR(mom->lr, 0.1 * 2.0 * 1.9 / 2.0, 1e-12);
    swap_to(&s, ravine); /* the scene's rate comes back on its landscape; gd at the ravine's */
    ASSERT(mom->lr == 0.123);
    ASSERT_NEAR(gd->lr, 0.25, 1e-12);
    swap_to(&s, ras); /* the rate chosen on Rastrigin comes back there */
    ASSERT(gd->lr == 0.0005 && mom->lr == want[1].opt.lr);

    /* Another optimizer, or a new run, starts at the landscape's rate for it. */
    ASSERT(session_set_optimizer(&s, 0, 0, OPTIM_NESTEROV, err, sizeof err));
    OptimizerDesc nest = optim_desc_default(OPTIM_NESTEROV);
    ASSERT(gd->kind == OPTIM_NESTEROV && gd->lr == spec_default_lr(ras, ras->start, &nest));
    ASSERT(gd->lr < 0.01 && pane->runs[0].desc.opt.kind == OPTIM_NESTEROV);
    ASSERT(session_add_run(&s, 0, OPTIM_GD, err, sizeof err));
    ASSERT(pane->desc.runs[2].opt.lr == want[0].opt.lr);
    swap_to(&s, bowl); /* the new run follows the landscape too */
    ASSERT_NEAR(pane->desc.runs[2].opt.lr, 0.25, 1e-12);

    /* A typed function is a landscape like the others: runs nobody tuned get its rates. */
    session_remove_run(&s, 0, 0);
    LandscapeTypedDesc td = { .text = "x^2 + 4*y^2" };
    ExprError xe;
    ASSERT(session_set_typed(&s, 0, &td, &xe, err, sizeof err));
    ASSERT_NEAR(pane->desc.runs[1].opt.lr, 0.25 * 2.0 / 8.0, 1e-6); /* gd: λmax = 8 */
    ASSERT(pane->runs[1].desc.opt.lr == pane->desc.runs[1].opt.lr);
    session_free(&s);
}

/* Whether pane p's session_surface_map is what a fresh fit gives now. */
static bool surface_map_fresh(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    FieldScale fs = colormap_fit(pane->desc.ls, &pane->home,
                                 s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT, 1.0f);
    SurfaceMap a = surface_map(&pane->home, &fs, pane->linear_height);
    SurfaceMap b = session_surface_map(s, p);
    return a.cx == b.cx && a.cy == b.cy && a.half == b.half && a.xr == b.xr && a.yr == b.yr &&
           a.fs.c == b.fs.c && a.fs.s_lo == b.fs.s_lo && a.fs.s_hi == b.fs.s_hi &&
           a.fs.levels == b.fs.levels && a.fs.line_px == b.fs.line_px &&
           a.linear == b.linear && a.f_lo == b.f_lo && a.f_hi == b.f_hi;
}

/* session_surface_map remembers its map: fitted once while nothing it depends on changes (a
 * frame asks several times), and again, the same as a fresh fit, after each change of the
 * levels, the home window, the height's kind, the landscape and a typed function's
 * parameter; the other pane's memo is left alone. */
TEST(the_surface_map_is_fitted_again_exactly_when_its_inputs_change)
{
    Session s = make(false);
    char err[128];
    const SurfaceMapMemo *m0 = &s.surface_maps[0], *m1 = &s.surface_maps[1];
    ASSERT(surface_map_fresh(&s, 0) && surface_map_fresh(&s, 1));
    long f0 = m0->fits, f1 = m1->fits;
    for (int k = 0; k < 5; k++)
        ASSERT(surface_map_fresh(&s, 0));
    session_camera(&s, 0);
    ASSERT(m0->fits == f0 && f0 >= 1);
#define REFITTED()                                                                          \
    do {                                                                                   \
        ASSERT(surface_map_fresh(&s, 0));                                                  \
        ASSERT(m0->fits == ++f0);                                                          \
    } while (0)
    s.levels = 7;
    REFITTED();
    ASSERT(session_surface_map(&s, 0).fs.levels == 7);
    s.panes[0].home.xmax += 0.5;
    REFITTED();
    session_toggle_height(&s, 0);
    REFITTED();
    ASSERT(session_surface_map(&s, 0).linear);
    ASSERT(session_set_landscape(&s, 0, landscape_find("himmelblau"), err, sizeof err));
    REFITTED();
    LandscapeTypedDesc td = {.text = "a*x^2 + y^2"};
    ASSERT(landscape_param_parse("a=1:0.1:100", &td.params[0], err, sizeof err));
    td.n_params = 1;
    ExprError xe;
    ASSERT(session_set_typed(&s, 0, &td, &xe, err, sizeof err));
    REFITTED();
    /* A parameter moves: the same landscape, another function. */
    const Landscape *ls = s.panes[0].desc.ls;
    float hi = session_surface_map(&s, 0).fs.s_hi;
    s.panes[0].desc.typed.params[0].value = 50.0;
    ASSERT(session_apply(&s, 0, err, sizeof err));
    ASSERT(s.panes[0].desc.ls == ls);
    REFITTED();
    ASSERT(session_surface_map(&s, 0).fs.s_hi != hi);
    ASSERT(m0->fits == f0);
#undef REFITTED
    /* Pane 1 was fitted again only for the levels, which it shares. */
    ASSERT(surface_map_fresh(&s, 1) && m1->fits == f1 + 1);
    session_free(&s);
}

/* README, newton: it solves ∇L = 0 whatever the Hessian's signs, so on Himmelblau from
 * (-0.5, -1.2) it climbs to the maximum (-0.271, -0.923), L = 181.6. */
TEST(newton_climbs_to_a_maximum)
{
    SceneDesc scene = { .layout = LAYOUT_SINGLE, .n_panes = 1 };
    PaneDesc *pd = &scene.panes[0];
    pd->ls = landscape_find("himmelblau");
    pd->start[0] = -0.5;
    pd->start[1] = -1.2;
    pd->runs[0] = run_desc_default(OPTIM_NEWTON);
    pd->n_runs = 1;
    Session s;
    char err[128];
    ASSERT(session_init(&s, &scene, 8.0, 1000, err, sizeof err));
    session_seek(&s, 20);
    const Run *run = &s.panes[0].runs[0];
    const TrajPoint *end = run_last(run);
    ASSERT_NEAR(end->x, -0.270845, 1e-6);
    ASSERT_NEAR(end->y, -0.923039, 1e-6);
    ASSERT_NEAR(end->loss, 181.6165, 1e-4);
    LocalInfo li;
    analysis_local(pd->ls, end->x, end->y, &li);
    ASSERT(li.curvature == CRIT_MAXIMUM && end->loss > run->pts[0].loss);
    session_free(&s);
}

TEST(hover_readout_names_what_the_hessian_makes_the_point)
{
    char lines[READOUT_LINES][READOUT_LINE_LEN];
    LocalInfo li;
    analysis_local(landscape_find("saddle"), 0.0, 0.0, &li);
    readout_format(&li, lines);
    ASSERT(strcmp(lines[0], "\xce\xb8 = (0, 0)") == 0);
    ASSERT(strcmp(lines[3], "\xce\xbb = -2, 2 (Hessian eigenvalues)") == 0);
    ASSERT_STR_CONTAINS(lines[4], "critical point: saddle");
    analysis_local(landscape_find("saddle"), 1.0, 0.5, &li);
    readout_format(&li, lines);
    ASSERT(strcmp(lines[1], "L(\xce\xb8) = 0.75") == 0);
    ASSERT_STR_CONTAINS(lines[2], "|\xe2\x88\x87L| = 2.24");
    ASSERT_STR_CONTAINS(lines[4], "saddle direction");
    analysis_local(landscape_find("monkey-saddle"), 0.0, 0.0, &li);
    readout_format(&li, lines);
    ASSERT_STR_CONTAINS(lines[4], "degenerate (Hessian test inconclusive)");
    analysis_local(landscape_find("himmelblau"), 3.0, 2.0, &li);
    readout_format(&li, lines);
    ASSERT_STR_CONTAINS(lines[4], "critical point: minimum");
    analysis_local(landscape_find("himmelblau"), -0.270844590667, -0.923038556480, &li);
    readout_format(&li, lines);
    ASSERT_STR_CONTAINS(lines[4], "critical point: maximum");
}

TEST(a_cloud_of_seeded_copies_follows_the_clock)
{
    SceneDesc scene = { .layout = LAYOUT_SINGLE, .n_panes = 1, .cloud = 4 };
    PaneDesc *pd = &scene.panes[0];
    pd->ls = landscape_find("logistic");
    pd->start[0] = -1;
    pd->start[1] = 4;
    pd->runs[0] = run_desc_default(OPTIM_GD);
    pd->runs[0].opt.lr = 0.5;
    pd->runs[0].batch = 8;
    pd->runs[0].seed = 5;
    pd->runs[1] = run_desc_default(OPTIM_GD); /* full batch: no cloud */
    pd->n_runs = 2;
    Session s;
    char err[128];
    ASSERT(session_init(&s, &scene, 10, 100, err, sizeof err));
    for (int k = 0; k < 20; k++) {
        session_step_forward(&s);
    }
    Pane *pane = &s.panes[0];
    ASSERT(pane->cloud_k == 4 && session_run_is_stochastic(pane, 0));
    ASSERT(!session_run_is_stochastic(pane, 1) && pane->cloud[4].opt == NULL);
    for (int c = 0; c < 4; c++) {
        const Run *copy = &pane->cloud[c];
        ASSERT(copy->n == 21 && copy->desc.seed == 5 + (uint64_t)c + 1);
        ASSERT(matches_fresh(copy, &copy->desc, -1, 4, 20));
        ASSERT(copy->pts[20].x != pane->runs[0].pts[20].x); /* other minibatches */
    }
    session_seek(&s, 7);
    ASSERT(pane->cloud[2].n == 8);
    ASSERT(session_add_run(&s, 0, OPTIM_ADAM, err, sizeof err));
    ASSERT(pane->cloud_runs == 3 && pane->cloud[0].n == 8);
    ASSERT(session_set_cloud(&s, 0, err, sizeof err) && pane->cloud == NULL);
    ASSERT(session_set_cloud(&s, 2, err, sizeof err) && pane->cloud_k == 2);
    session_remove_run(&s, 0, 1);
    ASSERT(pane->cloud_runs == 2 && pane->cloud[0].opt != NULL);
    session_set_start(&s, 0, 0.5, 0.5, false);
    ASSERT(pane->cloud[1].n == 1 && pane->cloud[1].pts[0].x == 0.5);
    session_free(&s);
}

/* Session.threads (the exports): the runs and their cloud stepped side by side give every
 * point's bits as one thread does, on a data landscape (full batch and minibatches) and on
 * the two closed forms of two_panes. */
TEST(runs_stepped_on_threads_give_the_same_bits)
{
    SceneDesc data = { .layout = LAYOUT_SINGLE, .n_panes = 1, .cloud = 3 };
    PaneDesc *pd = &data.panes[0];
    pd->ls = landscape_find("logistic");
    pd->start[0] = -1;
    pd->start[1] = 4;
    pd->runs[0] = run_desc_default(OPTIM_GD);
    pd->runs[0].batch = 16;
    pd->runs[1] = run_desc_default(OPTIM_ADAM);
    pd->runs[2] = run_desc_default(OPTIM_MOMENTUM);
    pd->n_runs = 3;
    SceneDesc scenes[2] = {data, two_panes(false)};
    for (int k = 0; k < 2; k++) {
        Session one, many;
        char err[128];
        ASSERT(session_init(&one, &scenes[k], 8.0, 400, err, sizeof err));
        ASSERT(session_init(&many, &scenes[k], 8.0, 400, err, sizeof err));
        many.threads = 4;
        session_seek(&one, 400);
        session_seek(&many, 400);
        long compared = 0;
        for (int p = 0; p < one.n_panes; p++) {
            const Pane *a = &one.panes[p], *b = &many.panes[p];
            for (int i = 0; i < a->desc.n_runs; i++) {
                ASSERT(a->runs[i].n == b->runs[i].n && a->runs[i].n > 1);
                ASSERT(memcmp(a->runs[i].pts, b->runs[i].pts,
                              (size_t)a->runs[i].n * sizeof *a->runs[i].pts) == 0);
                compared += a->runs[i].n;
            }
            for (int c = 0; c < a->cloud_runs * a->cloud_k; c++) {
                if (!a->cloud[c].opt)
                    continue;
                ASSERT(a->cloud[c].n == b->cloud[c].n && a->cloud[c].n > 1);
                ASSERT(memcmp(a->cloud[c].pts, b->cloud[c].pts,
                              (size_t)a->cloud[c].n * sizeof *a->cloud[c].pts) == 0);
                compared += a->cloud[c].n;
            }
        }
        ASSERT(compared > 1000);
        session_free(&one);
        session_free(&many);
    }
}

/* Trajectory memory: bounded by what is drawn (run.h: at most RUN_KEEP_MAX kept points of
 * 96 bytes and RUN_CHECKPOINT_MAX checkpoints a run, whatever the steps), estimated from
 * run_bytes_for and refused up front over 1 GiB, naming the limit and the steps that fit. */
TEST(memory_is_estimated_and_a_scene_over_the_limit_refused)
{
    ASSERT(sizeof(TrajPoint) == 96);
    ASSERT(run_bytes_for(1) == run_bytes_for(256) && run_bytes_for(257) > run_bytes_for(256));
    ASSERT(run_bytes_for(257) - run_bytes_for(256) == 256 * 96);
    /* Ten million steps cost what a hundred thousand do, under 4.5 MiB. */
    ASSERT(run_bytes_for(10000001) == run_bytes_for(100001));
    ASSERT(run_bytes_for(10000001) < ((size_t)9 << 19));
    SceneDesc scene = two_panes(false); /* 2 panes x 2 exact runs */
    ASSERT(session_memory_need(&scene, 1000) == 4 * run_bytes_for(1001));
    ASSERT(session_memory_need(&scene, 0) == 4 * run_bytes_for(100001)); /* default clock */
    /* A cloud multiplies only the stochastic runs: make pane 0's gd noisy. */
    scene.panes[0].runs[0].noise = 0.5;
    scene.cloud = 8;
    ASSERT(session_memory_need(&scene, 1000) == (4 + 8) * run_bytes_for(1001));
    char err[400] = "";
    ASSERT(session_check_memory(&scene, 1000, err, sizeof err));
    /* 16 runs of 10,000,000 steps fit; with a cloud of 64 copies of each (1040 runs) they
     * do not, at any length past the first thinning. */
    SceneDesc big = { .layout = LAYOUT_SINGLE, .n_panes = 1 };
    big.panes[0].ls = landscape_find("bowl");
    big.panes[0].start[0] = 1.0;
    big.panes[0].start[1] = 2.0;
    big.panes[0].n_runs = 16;
    for (int r = 0; r < 16; r++) {
        big.panes[0].runs[r] = run_desc_default(OPTIM_GD);
    }
    ASSERT(session_check_memory(&big, 10000000, err, sizeof err));
    SceneDesc cloudy = big;
    for (int r = 0; r < 16; r++)
        cloudy.panes[0].runs[r].noise = 0.1;
    cloudy.cloud = 64;
    ASSERT(!session_check_memory(&cloudy, 10000000, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "1040 runs (cloud copies included) of 10000000 steps need ");
    ASSERT_STR_CONTAINS(err, "more than the limit of 1024 MiB: expected at most ");
    Session s;
    ASSERT(!session_init(&s, &cloudy, 30, 10000000, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "limit of 1024 MiB");
    ASSERT(session_init(&s, &big, 30, 10000000, err, sizeof err));
    session_free(&s);
    /* A cloud that would not fit is refused and leaves the session as it was. */
    cloudy.cloud = 0;
    ASSERT(session_init(&s, &cloudy, 30, 1000000, err, sizeof err));
    ASSERT(!session_set_cloud(&s, 64, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "(cloud copies included)");
    ASSERT(s.scene.cloud == 0 && s.panes[0].cloud == NULL);
    /* Stepped to the clock, every run is complete. */
    session_seek(&s, 50);
    ASSERT(session_check_complete(&s, err, sizeof err));
    s.panes[0].runs[3].n = 10; /* as if its trajectory could not grow past step 9 */
    ASSERT(!session_check_complete(&s, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "out of memory: run 4 of pane 1 stopped at step 9 of 50");
    s.panes[0].runs[3].n = 51;
    session_free(&s);
}

int main(void)
{
    RUN_TEST(click_maps_screen_to_world_through_the_view);
    RUN_TEST(memory_is_estimated_and_a_scene_over_the_limit_refused);
    RUN_TEST(a_lazy_session_seeks_within_its_budget_and_catches_up_to_the_same_bits);
    RUN_TEST(a_click_restarts_the_runs_from_the_new_start);
    RUN_TEST(linked_panes_share_start_and_view);
    RUN_TEST(a_slider_change_recomputes_to_the_clock);
    RUN_TEST(stepping_back_and_forward_gives_the_same_bits);
    RUN_TEST(play_advances_by_speed_and_carries_the_rest);
    RUN_TEST(runs_and_landscapes_can_be_added_removed_and_swapped);
    RUN_TEST(a_new_landscape_brings_its_rates_to_the_runs_whose_rate_nobody_chose);
    RUN_TEST(newton_climbs_to_a_maximum);
    RUN_TEST(hover_readout_names_what_the_hessian_makes_the_point);
    RUN_TEST(a_cloud_of_seeded_copies_follows_the_clock);
    RUN_TEST(runs_stepped_on_threads_give_the_same_bits);
    RUN_TEST(the_surface_map_is_fitted_again_exactly_when_its_inputs_change);
    return TEST_MAIN("test_session");
}
