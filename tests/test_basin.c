/* test_basin.c - the basin map's and the sweep's cells against the runs they stand for: every
 * sampled cell equals run_init/run_step from its start bit for bit (end point, loss, status,
 * steps) on the many-start path and the one-run-per-thread path; the lanes evaluator against
 * expr_eval_grad; the classes against the nearest minimum; the sweep's axes and messages. */
#include <math.h>
#include <string.h>

#include "analysis/basin.h"
#include "analysis/sweep.h"
#include "test.h"

/* The cell a direct run (run_init, run_step N times) from (x, y) makes. */
static BasinCell direct_cell(const Landscape *ls, const RunDesc *r, long steps, double x,
                             double y, const CriticalPoint *minima, int n_minima)
{
    Run run;
    char err[128];
    BasinCell c = {0};
    bool ok = run_init(&run, ls, r, x, y, err, sizeof err);
    ASSERT(ok);
    if (!ok)
        return c;
    for (long k = 0; k < steps && run_step(&run); k++) {
    }
    basin_cell_from_run(&run, steps, minima, n_minima, &c);
    run_free(&run);
    return c;
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int cells_equal(const BasinCell *a, const BasinCell *b)
{
    return same_bits(a->end_x, b->end_x) && same_bits(a->end_y, b->end_y) &&
           same_bits(a->loss, b->loss) && a->steps == b->steps && a->status == b->status &&
           a->cls == b->cls;
}

/* Computes the map of d and compares every `every`-th cell with its direct run; returns the
 * counts of each status so callers can check the case covers what it means to. */
static void check_map(BasinDesc d, int every, int counts[BASIN_STATUS_COUNT])
{
    CriticalPoint minima[BASIN_MAX_MINIMA];
    d.n_minima = basin_minima(d.ls, d.view, minima, BASIN_MAX_MINIMA);
    d.minima = minima;
    BasinCell *cells = calloc((size_t)d.w * d.h, sizeof *cells);
    char err[160];
    bool ok = basin_compute(&d, cells, err, sizeof err);
    ASSERT(ok);
    memset(counts, 0, BASIN_STATUS_COUNT * sizeof counts[0]);
    int bad = 0;
    for (int k = 0; ok && k < d.w * d.h; k++) {
        counts[cells[k].status]++;
        if (k % every)
            continue;
        double x, y;
        basin_start(&d, k % d.w, k / d.w, &x, &y);
        BasinCell want = direct_cell(d.ls, &d.run, d.steps, x, y, minima, d.n_minima);
        if (!cells_equal(&cells[k], &want) && bad++ < 3)
            fprintf(stderr, "cell %d at (%.17g, %.17g): %.17g %.17g %s %ld vs run %.17g %.17g "
                    "%s %ld\n", k, x, y, cells[k].end_x, cells[k].end_y,
                    basin_status_name(cells[k].status), cells[k].steps, want.end_x,
                    want.end_y, basin_status_name(want.status), want.steps);
    }
    ASSERT(bad == 0);
    if (getenv("BASIN_DEBUG"))
        fprintf(stderr, "counts c%d d%d r%d\n", counts[0], counts[1], counts[2]);
    free(cells);
}

static BasinDesc himmelblau_desc(OptimKind kind, double lr)
{
    const Landscape *ls = landscape_find("himmelblau");
    BasinDesc d = {.ls = ls, .run = run_desc_default(kind), .steps = 150, .view = ls->view,
                   .w = 41, .h = 23};
    d.run.opt.lr = lr;
    d.run.tol = 1e-3;
    return d;
}

TEST(pixel_centres_top_row_first)
{
    BasinDesc d = {.view = {-2.0, 2.0, -1.0, 3.0}, .w = 4, .h = 2};
    double x, y;
    basin_start(&d, 0, 0, &x, &y);
    ASSERT(x == -1.5 && y == 2.0); /* xmin + 1/2 * 4/4, ymax - 1/2 * 4/2 */
    basin_start(&d, 3, 1, &x, &y);
    ASSERT(x == 1.5 && y == 0.0);
}

TEST(lanes_equal_runs_adam_gd_momentum)
{
    int n[BASIN_STATUS_COUNT];
    check_map(himmelblau_desc(OPTIM_ADAM, 0.1), 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0 && n[BASIN_RUNNING] > 0);
    check_map(himmelblau_desc(OPTIM_GD, 0.01), 1, n);
    ASSERT(n[BASIN_CONVERGED] > 100);
    /* too large a rate: some starts diverge (at different steps) */
    check_map(himmelblau_desc(OPTIM_GD, 0.02), 1, n);
    ASSERT(n[BASIN_DIVERGED] > 0 && n[BASIN_CONVERGED] > 0);
    check_map(himmelblau_desc(OPTIM_MOMENTUM, 0.005), 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0);
}

TEST(lanes_equal_runs_with_noise_l2_clip_schedule)
{
    BasinDesc d = himmelblau_desc(OPTIM_ADAM, 0.1);
    d.run.noise = 0.5;
    d.run.seed = 7;
    d.run.opt.l2 = 0.01;
    d.run.opt.clip = 20.0;
    d.run.schedule = schedule_default(SCHEDULE_EXP);
    d.run.tol = 0.05;
    int n[BASIN_STATUS_COUNT];
    check_map(d, 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0);
}

TEST(lanes_equal_runs_trig_and_typed)
{
    const Landscape *ra = landscape_find("rastrigin");
    BasinDesc d = {.ls = ra, .run = run_desc_default(OPTIM_MOMENTUM), .steps = 100,
                   .view = ra->view, .w = 30, .h = 17};
    d.run.opt.lr = 0.002;
    d.run.tol = 1e-3;
    int n[BASIN_STATUS_COUNT];
    check_map(d, 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0);

    /* a typed function with a parameter, a division and a log: undefined at x <= -1.5, a
     * minimum at (0.5, 0) */
    LandscapeTypedDesc td = {.text = "0.5*x^2 - log(1.5 + x) + k*y^2/(1 + x^2)"};
    LandscapeParam p;
    char err[128];
    ASSERT(landscape_param_parse("k=2", &p, err, sizeof err));
    ASSERT(landscape_typed_desc_add(&td, &p));
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(&td, &xe);
    ASSERT(t);
    if (!t) {
        fprintf(stderr, "%s\n", xe.message);
        return;
    }
    d = (BasinDesc){.ls = &t->ls, .run = run_desc_default(OPTIM_GD), .steps = 80,
                    .view = {-2.0, 2.0, -1.0, 1.0}, .w = 29, .h = 13};
    d.run.opt.lr = 0.2;
    check_map(d, 1, n);
    ASSERT(n[BASIN_DIVERGED] > 0 && n[BASIN_CONVERGED] > 0);
    landscape_typed_destroy(t);
}

TEST(run_paths_equal_runs)
{
    /* Nesterov and a data landscape with minibatches: one reused Run per thread */
    BasinDesc d = himmelblau_desc(OPTIM_NESTEROV, 0.005);
    d.w = 13, d.h = 9;
    int n[BASIN_STATUS_COUNT];
    check_map(d, 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0);
    const Landscape *lg = landscape_find("logistic");
    d = (BasinDesc){.ls = lg, .run = run_desc_default(OPTIM_ADAM), .steps = 40,
                    .view = lg->view, .w = 7, .h = 5, .path = BASIN_PATH_RUNS};
    d.run.batch = 8;
    d.run.seed = 3;
    d.run.opt.lr = 0.1;
    check_map(d, 1, n);
    /* the naive path and the lanes path agree too */
    d = himmelblau_desc(OPTIM_ADAM, 0.1);
    d.path = BASIN_PATH_NAIVE;
    d.w = 9, d.h = 5;
    check_map(d, 1, n);
    ASSERT(n[BASIN_CONVERGED] > 0);
}

TEST(lanes_evaluator_equals_scalar)
{
    TestRng r = {11};
    enum { N = 37 };
    for (int l = 0; l < LANDSCAPE_COUNT; l++) {
        const Landscape *ls = landscape_at(l);
        if (!ls->program)
            continue;
        double x[N], y[N], f[N], gx[N], gy[N];
        double *work = malloc(expr_lanes_work(ls->program, N) * sizeof(double));
        for (int i = 0; i < N; i++) {
            x[i] = trng_uniform(&r, ls->view.xmin, ls->view.xmax);
            y[i] = trng_uniform(&r, ls->view.ymin, ls->view.ymax);
        }
        expr_eval_grad_lanes(ls->program, ls->params, N, x, y, f, gx, gy, work);
        for (int i = 0; i < N; i++) {
            double g[2];
            double v = landscape_eval(ls, x[i], y[i], g, NULL);
            ASSERT(same_bits(v, f[i]) && same_bits(g[0], gx[i]) && same_bits(g[1], gy[i]));
        }
        free(work);
    }
}

TEST(classes_are_nearest_minima)
{
    const Landscape *ls = landscape_find("himmelblau");
    CriticalPoint m[BASIN_MAX_MINIMA];
    int n = basin_minima(ls, ls->view, m, BASIN_MAX_MINIMA);
    ASSERT(n == 4); /* the listed four; the finder adds none */
    ASSERT(basin_nearest(m, n, 2.9, 2.1) == 0);
    ASSERT(basin_nearest(m, n, -3.7, -3.2) == 2);
    BasinDesc d = himmelblau_desc(OPTIM_GD, 0.01);
    d.minima = m, d.n_minima = n;
    BasinCell *cells = calloc((size_t)d.w * d.h, sizeof *cells);
    char err[128];
    ASSERT(basin_compute(&d, cells, err, sizeof err));
    int seen[4] = {0};
    for (int k = 0; k < d.w * d.h; k++) {
        if (cells[k].status != BASIN_CONVERGED) {
            ASSERT(cells[k].cls < 0);
            continue;
        }
        ASSERT(cells[k].cls >= 0 && cells[k].cls < 4);
        /* converged to |g| < 1e-6: within 1e-3 of its minimum */
        ASSERT(hypot(cells[k].end_x - m[cells[k].cls].x, cells[k].end_y - m[cells[k].cls].y) <
               1e-3);
        seen[cells[k].cls]++;
    }
    ASSERT(seen[0] && seen[1] && seen[2] && seen[3]);
    free(cells);
    /* a typed function has no list: the finder's minima (x^2 - 1)^2 + y^2 -> (-1,0), (1,0) */
    LandscapeTypedDesc td = {.text = "(x^2 - 1)^2 + y^2"};
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(&td, &xe);
    n = basin_minima(&t->ls, (ViewBox){-2, 2, -2, 2}, m, BASIN_MAX_MINIMA);
    ASSERT(n == 2);
    ASSERT_NEAR(fabs(m[0].x), 1.0, 1e-9);
    ASSERT_NEAR(m[0].x + m[1].x, 0.0, 1e-9);
    landscape_typed_destroy(t);
}

TEST(sweep_cells_equal_direct_runs)
{
    const Landscape *ls = landscape_find("ravine");
    SweepDesc d = {.ls = ls, .run = run_desc_default(OPTIM_MOMENTUM), .steps = 200,
                   .start = {ls->start[0], ls->start[1]}, .w = 12, .h = 7};
    char err[200];
    ASSERT(sweep_axis_parse("lr=1e-3:10:log", OPTIM_MOMENTUM, &d.x, err, sizeof err));
    ASSERT(sweep_axis_parse("momentum=0:0.99", OPTIM_MOMENTUM, &d.y, err, sizeof err));
    BasinCell cells[12 * 7];
    d.run.tol = 1e-3;
    ASSERT(sweep_compute(&d, cells, err, sizeof err));
    int n[BASIN_STATUS_COUNT] = {0};
    for (int j = 0; j < d.h; j++) {
        for (int i = 0; i < d.w; i++) {
            RunDesc r = sweep_cell_desc(&d, i, j);
            /* log axis: pixel centres in log alpha; rows from the top (mu high first) */
            ASSERT_NEAR(log(r.opt.lr), log(1e-3) + (i + 0.5) / 12.0 * (log(10.0) - log(1e-3)),
                        1e-12);
            ASSERT_NEAR(r.opt.momentum, 0.99 - (j + 0.5) / 7.0 * 0.99, 1e-15);
            BasinCell want = direct_cell(ls, &r, d.steps, d.start[0], d.start[1], NULL, 0);
            ASSERT(cells_equal(&cells[j * d.w + i], &want));
            n[cells[j * d.w + i].status]++;
        }
    }
    if (getenv("BASIN_DEBUG"))
        fprintf(stderr, "sweep c%d d%d r%d\n", n[0], n[1], n[2]);
    /* the cliff: small alpha converges, large alpha diverges */
    ASSERT(n[BASIN_CONVERGED] > 0 && n[BASIN_DIVERGED] > 0);
}

TEST(sweep_axis_messages)
{
    SweepAxis a;
    char err[400];
    ASSERT(sweep_axis_parse("lr=1e-4:1:log", OPTIM_ADAM, &a, err, sizeof err));
    ASSERT(a.log && a.lo == 1e-4 && a.hi == 1.0 && a.key == HYPER_LR);
    ASSERT(sweep_axis_parse("beta1=0:0.99", OPTIM_ADAM, &a, err, sizeof err) && !a.log);
    ASSERT(!sweep_axis_parse("momentum=0:0.9", OPTIM_ADAM, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "'momentum' is not a number adam reads");
    ASSERT_STR_CONTAINS(err, "beta1");
    ASSERT(!sweep_axis_parse("lr=1:0.1", OPTIM_GD, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "LO < HI");
    ASSERT(!sweep_axis_parse("lr=0:1:log", OPTIM_GD, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "LO > 0");
    ASSERT(!sweep_axis_parse("momentum=0:1", OPTIM_MOMENTUM, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "momentum takes");
    ASSERT(!sweep_axis_parse("lr", OPTIM_GD, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "expected KEY=LO:HI");
    ASSERT(!sweep_axis_parse("lr=1e-3:1:cubic", OPTIM_GD, &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "'log' or 'lin'");
    ASSERT(!sweep_axis_parse("batch=0:8", OPTIM_GD, &a, err, sizeof err));
    ASSERT(sweep_axis_parse("batch=1:64", OPTIM_GD, &a, err, sizeof err) && a.batch);
    ASSERT(sweep_axis_value(&a, 0, 4, false) == 9.0); /* round(1 + 63/8) */
}

int main(void)
{
    RUN_TEST(pixel_centres_top_row_first);
    RUN_TEST(lanes_equal_runs_adam_gd_momentum);
    RUN_TEST(lanes_equal_runs_with_noise_l2_clip_schedule);
    RUN_TEST(lanes_equal_runs_trig_and_typed);
    RUN_TEST(run_paths_equal_runs);
    RUN_TEST(lanes_evaluator_equals_scalar);
    RUN_TEST(classes_are_nearest_minima);
    RUN_TEST(sweep_cells_equal_direct_runs);
    RUN_TEST(sweep_axis_messages);
    return TEST_MAIN("test_basin");
}
