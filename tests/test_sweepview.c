/* test_sweepview.c - the sweep pane's model without a display: its axes come from the
 * optimizer's hyperparameter row (μ, β, β1, the batch size, or a strip), its cells are the
 * direct runs with their values (steps, status and loss to the bit), a click sets the run's
 * two values through session_apply and leaves the map and axes as they are, another
 * setting recomputes the map, and the `sweep` overlay saves and reloads. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "lecture/scene.h"
#include "lecture/session.h"
#include "lecture/sweepview.h"
#include "test.h"

static SceneDesc one_run(const char *land, OptimKind kind, double lr, long steps)
{
    SceneDesc s = {.layout = LAYOUT_SINGLE, .n_panes = 1,
                   .overlays = 1u << OVERLAY_SWEEP, .steps = steps};
    PaneDesc *pane = &s.panes[0];
    pane->ls = landscape_find(land);
    pane->start[0] = pane->ls->start[0];
    pane->start[1] = pane->ls->start[1];
    pane->runs[0] = run_desc_default(kind);
    pane->runs[0].opt.lr = lr;
    pane->n_runs = 1;
    return s;
}

/* The cell of the direct run from the pane's start with r's settings, N steps. */
static BasinCell direct(const Landscape *ls, const RunDesc *r, const double start[2], long n)
{
    Run run;
    char err[128];
    BasinCell c = {0};
    ASSERT(run_init(&run, ls, r, start[0], start[1], err, sizeof err));
    for (long k = 0; k < n && run_step(&run); k++) {
    }
    basin_cell_from_run(&run, n, NULL, 0, &c);
    run_free(&run);
    return c;
}

TEST(axes_come_from_the_optimizers_row)
{
    static const struct {
        const char *land;
        OptimKind kind;
        bool has_y, batch;
        HyperKey y;
    } CASES[] = {
        {"ravine", OPTIM_MOMENTUM, true, false, HYPER_MOMENTUM},
        {"ravine", OPTIM_NESTEROV, true, false, HYPER_MOMENTUM},
        {"ravine", OPTIM_RMSPROP, true, false, HYPER_BETA},
        {"ravine", OPTIM_ADAM, true, false, HYPER_BETA1},
        {"ravine", OPTIM_HEAVYBALL, true, false, HYPER_BETA},
        {"ravine", OPTIM_GD, false, false, HYPER_COUNT},
        {"logistic", OPTIM_GD, true, true, HYPER_COUNT},
    };
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        const Landscape *ls = landscape_find(CASES[k].land);
        RunDesc r = run_desc_default(CASES[k].kind);
        SweepAxis x, y;
        bool has_y;
        double lmax;
        sweepview_axes(ls, &r, ls->start, &x, &y, &has_y, &lmax);
        ASSERT(x.key == HYPER_LR && !x.batch && x.log && x.lo < r.opt.lr && r.opt.lr < x.hi);
        ASSERT(has_y == CASES[k].has_y && y.batch == CASES[k].batch);
        if (has_y && !y.batch) {
            const HyperInfo *h = hyper_info(CASES[k].y);
            ASSERT(y.key == CASES[k].y && y.lo == h->slider_lo && y.hi == h->slider_hi);
            ASSERT(strcmp(sweepview_axis_symbol(&y), h->symbol) == 0);
        }
        if (y.batch)
            ASSERT(y.lo == 1.0 && y.hi == (double)ls->data->n && y.log);
        /* gd's α axis ends at 3 times its limit 2/λmax: ravine λmax = 2 */
        if (CASES[k].kind == OPTIM_GD && !has_y)
            ASSERT_NEAR(x.hi, 3.0 * 2.0 / 2.0, 1e-12);
    }
    /* a rate far outside the usual axis widens it */
    const Landscape *rv = landscape_find("ravine");
    RunDesc r = run_desc_default(OPTIM_MOMENTUM);
    r.opt.lr = 50.0;
    SweepAxis x, y;
    bool has_y;
    double lmax;
    sweepview_axes(rv, &r, rv->start, &x, &y, &has_y, &lmax);
    ASSERT(x.lo < 50.0 && 50.0 < x.hi);
}

TEST(cells_are_the_direct_runs_and_a_click_sets_the_run)
{
    SceneDesc sc = one_run("ravine", OPTIM_MOMENTUM, 0.3, 200);
    Session s;
    char err[200];
    ASSERT(session_init(&s, &sc, 10.0, 200, err, sizeof err));
    bool changed;
    ASSERT(sweepview_update(&s, false, &changed, err, sizeof err) && changed);
    const SweepLayer *l = sweepview_layer(&s);
    ASSERT(l != NULL && !l->fine && l->w == SWEEPVIEW_COARSE_W && l->h == SWEEPVIEW_COARSE_W);
    if (!l) {
        session_free(&s);
        return;
    }
    const Pane *pane = &s.panes[0];
    /* every status shows up on this map; each checked cell is its direct run */
    int seen[BASIN_STATUS_COUNT] = {0}, grew = 0;
    for (int j = 0; j < l->h; j += 3) {
        for (int i = 0; i < l->w; i += 3) {
            RunDesc r = pane->desc.runs[0];
            r.opt.lr = sweepview_x_value(l, i);
            r.opt.momentum = sweepview_y_value(l, j);
            BasinCell want = direct(pane->desc.ls, &r, pane->desc.start, 200);
            const BasinCell *got = &l->cells[(size_t)j * l->w + i];
            ASSERT(got->status == want.status && got->steps == want.steps);
            ASSERT(got->loss == want.loss || (isnan(got->loss) && isnan(want.loss)));
            seen[got->status]++;
            grew += sweepview_class(l, got) == SWEEPVIEW_GREW;
        }
    }
    ASSERT(seen[BASIN_CONVERGED] > 0 && seen[BASIN_RUNNING] > 0 && grew > 0);
    /* a click on a converged cell and on a blown-up one: the run takes the cell's values */
    int targets[2][2] = {{-1, -1}, {-1, -1}};
    for (int j = 0; j < l->h; j++) {
        for (int i = 0; i < l->w; i++) {
            SweepViewClass k = sweepview_class(l, &l->cells[(size_t)j * l->w + i]);
            int t = k == SWEEPVIEW_CONVERGED ? 0 : k == SWEEPVIEW_GREW ? 1 : -1;
            if (t >= 0 && targets[t][0] < 0)
                targets[t][0] = i, targets[t][1] = j;
        }
    }
    unsigned gen = l->gen;
    SweepAxis ax = l->x, ay = l->y;
    for (int t = 0; t < 2; t++) {
        int i = targets[t][0], j = targets[t][1];
        ASSERT(i >= 0);
        if (i < 0)
            continue;
        BasinCell cell = l->cells[(size_t)j * l->w + i];
        session_restart(&s);
        s.playing = false;
        ASSERT(sweepview_click(&s, i, j, err, sizeof err));
        ASSERT(s.playing); /* from step 0 the new path plays */
        const RunDesc *r = &s.panes[0].desc.runs[0];
        ASSERT(r->opt.lr == sweepview_x_value(l, i));
        ASSERT(r->opt.momentum == sweepview_y_value(l, j));
        ASSERT(s.panes[0].runs[0].desc.opt.lr == r->opt.lr); /* the run was rebuilt */
        /* the path: the session's run, played to the end, ends as the cell says */
        session_seek(&s, s.max_step);
        BasinCell now;
        basin_cell_from_run(&s.panes[0].runs[0], s.max_step, NULL, 0, &now);
        ASSERT(now.status == cell.status && now.steps == cell.steps && now.loss == cell.loss);
        /* the map and its axes stay: only the marker moved */
        ASSERT(sweepview_update(&s, false, &changed, err, sizeof err) && !changed);
        ASSERT(l->gen == gen && l->x.lo == ax.lo && l->x.hi == ax.hi && l->y.hi == ay.hi);
        char values[96], status[64];
        sweepview_cell_text(l, i, j, values, sizeof values, status, sizeof status);
        ASSERT_STR_CONTAINS(values, "α = ");
        ASSERT_STR_CONTAINS(values, ", μ = ");
        ASSERT_STR_CONTAINS(status, t == 0 ? "converged at step" : "diverging: L grew");
    }
    /* the refined map in a quiet frame, then another setting (the tolerance) recomputes it */
    ASSERT(sweepview_update(&s, true, &changed, err, sizeof err) && changed);
    l = sweepview_layer(&s); /* grown: a new allocation */
    ASSERT(l && l->fine && l->w == SWEEPVIEW_FINE * SWEEPVIEW_COARSE_W);
    s.panes[0].desc.runs[0].tol = 1e-3;
    ASSERT(session_apply(&s, 0, err, sizeof err));
    ASSERT(sweepview_update(&s, true, &changed, err, sizeof err) && changed);
    l = sweepview_layer(&s);
    ASSERT(l && !l->fine && l->w == SWEEPVIEW_COARSE_W);
    /* off: no layer to show or click */
    s.scene.overlays = 0;
    ASSERT(sweepview_layer(&s) == NULL && !sweepview_click(&s, 0, 0, err, sizeof err));
    session_free(&s);
    ASSERT(s.sweep == NULL);
}

TEST(cell_at_maps_fractions_to_cells)
{
    SweepLayer l = {.w = 4, .h = 2};
    int i, j;
    ASSERT(sweepview_cell_at(&l, 0.0, 0.0, &i, &j) && i == 0 && j == 0);
    ASSERT(sweepview_cell_at(&l, 0.99, 0.51, &i, &j) && i == 3 && j == 1);
    ASSERT(sweepview_cell_at(&l, 0.26, 0.49, &i, &j) && i == 1 && j == 0);
    ASSERT(!sweepview_cell_at(&l, 1.0, 0.5, &i, &j) && !sweepview_cell_at(&l, 0.5, -0.01, &i, &j));
}

TEST(a_long_timeline_gets_fewer_cells)
{
    SceneDesc sc = one_run("ravine", OPTIM_GD, 0.3, 100000);
    Session s;
    char err[200];
    ASSERT(session_init(&s, &sc, 10.0, 100000, err, sizeof err));
    bool changed;
    ASSERT(sweepview_update(&s, true, &changed, err, sizeof err) && changed);
    const SweepLayer *l = sweepview_layer(&s);
    ASSERT(l && !l->has_y && l->h == 1 && l->w >= SWEEPVIEW_MIN_W);
    if (l)
        ASSERT((double)l->w * SWEEPVIEW_FINE * l->h * 100000.0 <= SWEEPVIEW_BUDGET * 1.01);
    session_free(&s);
}

TEST(the_sweep_overlay_saves_and_reloads)
{
    SceneDesc sc = one_run("ravine", OPTIM_MOMENTUM, 0.3, 200);
    char path[] = "/tmp/test_sweepview_XXXXXX";
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    close(fd);
    char err[256];
    ASSERT(scene_save(path, &sc, err, sizeof err));
    SceneDesc back;
    ASSERT(scene_load(path, &back, err, sizeof err));
    ASSERT(back.overlays == (1u << OVERLAY_SWEEP));
    ASSERT(strcmp(scene_overlay_id(OVERLAY_SWEEP), "sweep") == 0);
    unlink(path);
}

int main(void)
{
    RUN_TEST(axes_come_from_the_optimizers_row);
    RUN_TEST(cells_are_the_direct_runs_and_a_click_sets_the_run);
    RUN_TEST(cell_at_maps_fractions_to_cells);
    RUN_TEST(a_long_timeline_gets_fewer_cells);
    RUN_TEST(the_sweep_overlay_saves_and_reloads);
    return TEST_MAIN("test_sweepview");
}
