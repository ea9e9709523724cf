/* test_run.c - the seeded generator, minibatch epochs and the runner: trajectories against
 * hand calculations and an independent implementation, divergence, convergence, Newton's
 * singular stop, reproducibility of stochastic runs. */
#include <math.h>
#include <stdlib.h>

#include "landscape/landscape_exprs.h"
#include "run/batch.h"
#include "run/rng.h"
#include "run/run.h"
#include "test.h"

static Run make_run(const char *ls_id, RunDesc d, double x0, double y0)
{
    Run run;
    char err[128];
    bool ok = run_init(&run, landscape_find(ls_id), &d, x0, y0, err, sizeof err);
    ASSERT(ok);
    return run;
}

static void step_n(Run *run, long n)
{
    for (long k = 0; k < n; k++) {
        run_step(run);
    }
}

TEST(rng_is_seeded_and_uniform)
{
    Rng a = rng_seeded(42), b = rng_seeded(42), c = rng_seeded(43);
    int same = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = rng_next(&a);
        ASSERT(x == rng_next(&b));
        same += x == rng_next(&c);
    }
    ASSERT(same == 0);
    Rng r = rng_seeded(1);
    double sum = 0, sum2 = 0, umin = 1, umax = 0;
    int counts[7] = { 0 };
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double u = rng_uniform(&r);
        umin = fmin(umin, u);
        umax = fmax(umax, u);
        counts[rng_below(&r, 7)]++;
        double z = rng_normal(&r);
        sum += z;
        sum2 += z * z;
    }
    ASSERT(umin >= 0.0 && umax < 1.0);
    for (int i = 0; i < 7; i++) {
        ASSERT_NEAR(counts[i] / (double)n, 1.0 / 7.0, 0.005);
    }
    ASSERT_NEAR(sum / n, 0.0, 0.01);
    ASSERT_NEAR(sum2 / n, 1.0, 0.02);
}

TEST(every_epoch_visits_every_point_once)
{
    BatchSampler s;
    Rng rng = rng_seeded(5);
    ASSERT(batch_init(&s, 300, 16));
    int first_epoch[300];
    for (int epoch = 0; epoch < 3; epoch++) {
        int seen[300] = { 0 };
        int total = 0, batches = 0;
        while (total < 300) {
            const int *idx;
            int m = batch_next(&s, &rng, &idx);
            ASSERT(m == (batches < 18 ? 16 : 12)); /* 18 full batches and the remainder */
            for (int i = 0; i < m; i++) {
                ASSERT(idx[i] >= 0 && idx[i] < 300);
                seen[idx[i]]++;
                if (epoch == 0) {
                    first_epoch[total + i] = idx[i];
                }
            }
            total += m;
            batches++;
        }
        ASSERT(total == 300 && batches == 19 && s.epoch == epoch);
        for (int i = 0; i < 300; i++) {
            ASSERT(seen[i] == 1);
        }
        if (epoch == 1) {
            /* a fresh shuffle: not the first epoch's order */
            ASSERT(memcmp(first_epoch, s.perm, sizeof first_epoch) != 0);
        }
    }
    batch_free(&s);

    ASSERT(batch_init(&s, 10, 0)); /* full batch: all points, in order */
    const int *idx;
    ASSERT(batch_next(&s, &rng, &idx) == 10);
    for (int i = 0; i < 10; i++) {
        ASSERT(idx[i] == i);
    }
    batch_free(&s);
}

TEST(gd_on_bowl_matches_hand_calculation)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.1;
    Run run = make_run("bowl", d, 1.5, -1.0);
    step_n(&run, 3);
    ASSERT(run.n == 4);
    /* x_k = (1 - 2 alpha)^k x_0 on x^2 + y^2 */
    double x = 1.5, y = -1.0;
    for (int k = 0; k <= 3; k++) {
        ASSERT_NEAR(run.pts[k].x, x, 1e-14);
        ASSERT_NEAR(run.pts[k].y, y, 1e-14);
        ASSERT_NEAR(run.pts[k].loss, x * x + y * y, 1e-14);
        ASSERT_NEAR(run.pts[k].gx, 2 * x, 1e-14);
        ASSERT_NEAR(run.pts[k].gy, 2 * y, 1e-14);
        x *= 0.8;
        y *= 0.8;
    }
    run_free(&run);
}

TEST(schedule_is_applied_per_step)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.2;
    d.schedule = schedule_default(SCHEDULE_STEP);
    d.schedule.gamma = 0.5;
    d.schedule.every = 1;
    Run run = make_run("bowl", d, 1.0, 0.0);
    step_n(&run, 3);
    /* rates 0.2, 0.1, 0.05: x <- x (1 - 2 lr) */
    double x = 1.0 * (1 - 0.4) * (1 - 0.2) * (1 - 0.1);
    ASSERT_NEAR(run.pts[3].x, x, 1e-14);
    ASSERT_NEAR(run_current_lr(&run), 0.025, 1e-14);
    run_free(&run);
}

/* Independent reference: Adam and Nesterov written out here, on Rosenbrock. */
static void rosen_grad(double x, double y, double g[2])
{
    g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    g[1] = 200 * (y - x * x);
}

TEST(adam_and_nesterov_match_an_independent_implementation)
{
    RunDesc d = run_desc_default(OPTIM_ADAM);
    d.opt.lr = 0.02;
    Run run = make_run("rosenbrock", d, -1.2, 1.0);
    step_n(&run, 1000);
    double th[2] = { -1.2, 1.0 }, m[2] = { 0 }, v[2] = { 0 };
    double max_err = 0;
    for (int k = 1; k <= 1000; k++) {
        double g[2];
        rosen_grad(th[0], th[1], g);
        for (int i = 0; i < 2; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
            double mh = m[i] / (1 - pow(0.9, k)), vh = v[i] / (1 - pow(0.999, k));
            th[i] -= 0.02 * mh / (sqrt(vh) + 1e-8);
        }
        max_err = fmax(max_err, fabs(th[0] - run.pts[k].x) + fabs(th[1] - run.pts[k].y));
    }
    ASSERT(max_err < 1e-9);
    run_free(&run);

    d = run_desc_default(OPTIM_NESTEROV);
    d.opt.lr = 0.0005;
    d.opt.momentum = 0.9;
    run = make_run("rosenbrock", d, -1.2, 1.0);
    step_n(&run, 1000);
    th[0] = -1.2;
    th[1] = 1.0;
    double vel[2] = { 0 };
    max_err = 0;
    for (int k = 1; k <= 1000; k++) {
        double g[2];
        rosen_grad(th[0] - 0.0005 * 0.9 * vel[0], th[1] - 0.0005 * 0.9 * vel[1], g);
        for (int i = 0; i < 2; i++) {
            vel[i] = g[i] + 0.9 * vel[i];
            th[i] -= 0.0005 * vel[i];
        }
        max_err = fmax(max_err, fabs(th[0] - run.pts[k].x) + fabs(th[1] - run.pts[k].y));
    }
    ASSERT(max_err < 1e-9);
    run_free(&run);
}

TEST(divergence_stops_at_the_first_non_finite_value)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 10.0;
    Run run = make_run("bowl", d, 1.5, 1.0);
    step_n(&run, 1000);
    /* x_k = (-19)^k x_0: find where x^2 + y^2 first overflows */
    double x = 1.5, y = 1.0;
    long expect = 0;
    for (long k = 1; k < 1000; k++) {
        x *= -19.0;
        y *= -19.0;
        if (!isfinite(x * x + y * y)) {
            expect = k;
            break;
        }
    }
    ASSERT(expect > 100);
    ASSERT(run.stop == RUN_DIVERGED);
    ASSERT(run.stop_step == expect);
    ASSERT(run.n == expect); /* points 0 .. expect-1 */
    ASSERT(!run_step(&run));
    char text[64];
    run_status_text(&run, text, sizeof text);
    char want[64];
    snprintf(want, sizeof want, "diverged at step %ld", expect);
    ASSERT(strcmp(text, want) == 0);
    run_free(&run);
}

TEST(convergence_is_reported_but_does_not_stop)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.1;
    d.tol = 1e-6;
    Run run = make_run("bowl", d, 1.0, 0.0);
    step_n(&run, 200);
    long expect = -1;
    double x = 1.0;
    for (long k = 0; k <= 200; k++) {
        if (2 * fabs(x) < 1e-6) {
            expect = k;
            break;
        }
        x *= 0.8;
    }
    ASSERT(run.converged_step == expect && expect > 0);
    ASSERT(run.n == 201 && run.stop == RUN_ACTIVE);
    char text[64];
    run_status_text(&run, text, sizeof text);
    ASSERT_STR_CONTAINS(text, "converged at step");
    run_free(&run);
}

TEST(newton_stops_on_a_singular_hessian)
{
    Run run = make_run("monkey-saddle", run_desc_default(OPTIM_NEWTON), 0.0, 0.0);
    ASSERT(!run_step(&run));
    ASSERT(run.stop == RUN_SINGULAR && run.stop_step == 1 && run.n == 1);
    char text[64];
    run_status_text(&run, text, sizeof text);
    ASSERT(strcmp(text, "singular Hessian at step 1") == 0);
    run_free(&run);
    /* Newton at alpha = 1.5 on the logistic loss runs off (|theta| ~ 8e15 after step 3),
     * where the saturated sigmoids leave a zero Hessian: that is a divergence. */
    RunDesc far = run_desc_default(OPTIM_NEWTON);
    far.opt.lr = 1.5;
    run = make_run("logistic", far, -1.5, 4.0);
    step_n(&run, 10);
    ASSERT(run.stop == RUN_DIVERGED && run.stop_step == 4 && run.n == 4);
    ASSERT(hypot(run.pts[3].x, run.pts[3].y) > 1e15);
    run_status_text(&run, text, sizeof text);
    ASSERT(strcmp(text, "diverged at step 4") == 0);
    run_free(&run);
    /* At alpha = 1.9 from the default start it lands at |theta| ~ 2e4 with the loss up from
     * 3.6 to 7933 and a Hessian that vanishes there: diverged too. */
    far.opt.lr = 1.9;
    run = make_run("logistic", far, -1.5, -2.5);
    step_n(&run, 10);
    ASSERT(run.pts[run.n - 1].loss > 7000.0 && run.pts[0].loss < 4.0);
    run_status_text(&run, text, sizeof text);
    ASSERT(strcmp(text, "diverged at step 3") == 0);
    run_free(&run);
    /* and is drawn straight into the saddle of x^2 - y^2, which its status names */
    run = make_run("saddle", run_desc_default(OPTIM_NEWTON), -1.5, 0.7);
    step_n(&run, 1);
    ASSERT_NEAR(run.pts[1].x, 0.0, 1e-14);
    ASSERT_NEAR(run.pts[1].y, 0.0, 1e-14);
    run_status_text(&run, text, sizeof text);
    ASSERT(strcmp(text, "converged to a saddle at step 1") == 0);
    run_free(&run);
    /* It climbs to maxima too: Himmelblau's at (-0.2708, -0.9230), L = 181.6. */
    run = make_run("himmelblau", run_desc_default(OPTIM_NEWTON), -0.5, -1.2);
    step_n(&run, 20);
    ASSERT_NEAR(run.pts[run.n - 1].x, -0.270845, 1e-5);
    ASSERT_NEAR(run.pts[run.n - 1].loss, 181.617, 1e-3);
    run_status_text(&run, text, sizeof text);
    ASSERT(strcmp(text, "converged to a maximum at step 4") == 0);
    run_free(&run);
}

static bool same_trajectory(const Run *a, const Run *b)
{
    return a->n == b->n && memcmp(a->pts, b->pts, (size_t)a->n * sizeof *a->pts) == 0;
}

TEST(noisy_runs_repeat_exactly_from_their_seed)
{
    RunDesc d = run_desc_default(OPTIM_MOMENTUM);
    d.noise = 0.5;
    d.seed = 11;
    Run a = make_run("ravine", d, -8, 2), b = make_run("ravine", d, -8, 2);
    d.seed = 12;
    Run c = make_run("ravine", d, -8, 2);
    step_n(&a, 300);
    step_n(&b, 300);
    step_n(&c, 300);
    ASSERT(same_trajectory(&a, &b));
    ASSERT(!same_trajectory(&a, &c));
    /* a restart replays the same stream */
    ASSERT(run_restart(&a, -8, 2));
    step_n(&a, 300);
    ASSERT(same_trajectory(&a, &b));
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

/* Full batch on the data landscapes: each step is x - lr g(x) with g the whole dataset's
 * gradient in index order (eval_batch over 0..n-1), the batch loss that batch's loss, one
 * gradient evaluation a step, bit for bit (the step reuses its point's own evaluation). */
TEST(full_batch_steps_match_hand_calculation)
{
    static const char *const IDS[] = {"logistic", "tiny-net"};
    for (int l = 0; l < 2; l++) {
        const Landscape *ls = landscape_find(IDS[l]);
        ASSERT(ls && ls->data);
        int n = ls->data->n, idx[512];
        for (int i = 0; i < n; i++)
            idx[i] = i;
        RunDesc d = run_desc_default(OPTIM_GD);
        d.opt.lr = 0.2;
        Run run = make_run(IDS[l], d, 0.7, -0.4);
        step_n(&run, 30);
        ASSERT(run.n == 31);
        double th[2] = {0.7, -0.4};
        for (int k = 1; k <= 30; k++) {
            double g[2];
            double bl = ls->eval_batch(idx, n, th[0], th[1], g, NULL);
            ASSERT(run.pts[k].batch_loss == bl && run.pts[k - 1].loss == bl);
            th[0] -= 0.2 * g[0];
            th[1] -= 0.2 * g[1];
            ASSERT(run.pts[k].x == th[0] && run.pts[k].y == th[1]);
            ASSERT(run.pts[k].grad_evals == k);
        }
        run_free(&run);
    }
}

TEST(minibatch_step_uses_the_epochs_first_batch)
{
    const Landscape *ls = landscape_find("logistic");
    ASSERT(ls && ls->data && ls->eval_batch);
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.3;
    d.batch = 16;
    d.seed = 3;
    Run run = make_run("logistic", d, 1.0, -1.0);
    const int *none;
    ASSERT(run_last_batch(&run, &none) == 0);
    step_n(&run, 2);
    /* replay the sampler by hand */
    BatchSampler s;
    Rng rng = rng_seeded(3);
    ASSERT(batch_init(&s, ls->data->n, 16));
    double th[2] = { 1.0, -1.0 };
    for (int k = 1; k <= 2; k++) {
        const int *idx;
        int m = batch_next(&s, &rng, &idx);
        ASSERT(m == 16);
        double g[2];
        double bl = ls->eval_batch(idx, m, th[0], th[1], g, NULL);
        ASSERT(run.pts[k].batch_loss == bl);
        if (k == 2) {
            const int *last;
            ASSERT(run_last_batch(&run, &last) == 16 && memcmp(last, idx, 16 * sizeof *idx) == 0);
        }
        th[0] -= 0.3 * g[0];
        th[1] -= 0.3 * g[1];
        ASSERT(run.pts[k].x == th[0] && run.pts[k].y == th[1]);
        double full = ls->eval(th[0], th[1], NULL, NULL);
        ASSERT(run.pts[k].loss == full);
    }
    batch_free(&s);
    run_free(&run);
}

TEST(stepping_back_then_forward_reproduces_the_same_bits)
{
    const char *ids[] = { "logistic", "rosenbrock" };
    for (int i = 0; i < 2; i++) {
        RunDesc d = run_desc_default(OPTIM_ADAM);
        d.opt.lr = 0.05;
        d.batch = 8;
        d.noise = 0.3;
        d.seed = 77;
        Run a = make_run(ids[i], d, -1, 1), b = make_run(ids[i], d, -1, 1);
        step_n(&a, 400);
        step_n(&b, 400);
        ASSERT(run_rewind(&a, 123));
        ASSERT(a.n == 124 && a.opt->k == 123);
        ASSERT(memcmp(a.pts, b.pts, 124 * sizeof *a.pts) == 0);
        step_n(&a, 277);
        ASSERT(same_trajectory(&a, &b));
        /* the inspector's state at k equals a run stepped to k */
        OptimState sa, sb;
        double lr;
        ASSERT(run_state_at(&b, 50, &sa, &lr));
        ASSERT(run_rewind(&a, 50));
        optim_state(a.opt, &sb);
        ASSERT(sa.n == 4 && memcmp(sa.value, sb.value, sizeof sa.value) == 0);
        ASSERT(lr == run_current_lr(&a));
        ASSERT(!run_rewind(&a, 51) && !run_rewind(&a, -1));
        run_free(&a);
        run_free(&b);
    }
}

/* Every point of a run, as run_each_point emits them. */
typedef struct {
    TrajPoint *p;
    long n, cap;
} PointList;

static bool collect_point(void *ctx, const TrajPoint *p)
{
    PointList *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 1024;
        l->p = realloc(l->p, sizeof *l->p * (size_t)l->cap);
        ASSERT(l->p);
    }
    l->p[l->n++] = *p;
    return true;
}

static bool same_point(const TrajPoint *a, const TrajPoint *b)
{
    return a->step == b->step && a->x == b->x && a->y == b->y && a->loss == b->loss &&
           a->gx == b->gx && a->gy == b->gy && a->batch_loss == b->batch_loss &&
           a->grad_evals == b->grad_evals && a->loss_evals == b->loss_evals;
}

TEST(long_runs_keep_bounded_points_and_recompute_every_step_exactly)
{
    /* Adam on minibatches: the optimizer state, the random stream and the epoch order all
     * have to come back from the checkpoints. */
    RunDesc d = run_desc_default(OPTIM_ADAM);
    d.opt.lr = 0.01;
    d.batch = 8;
    d.seed = 5;
    const long N = 3L * RUN_KEEP_MAX + 77;
    Run a = make_run("logistic", d, -1, 1);
    TrajPoint *ref = malloc(sizeof *ref * (size_t)(N + 1));
    ASSERT(ref);
    ref[0] = a.pts[0];
    for (long k = 1; k <= N; k++) {
        ASSERT(run_step(&a));
        ref[k] = *run_last(&a);
    }
    ASSERT(run_last_step(&a) == N);
    ASSERT(a.n <= RUN_KEEP_MAX && a.cap <= RUN_KEEP_MAX && a.n > RUN_KEEP_MAX / 8);
    ASSERT(a.n_cks > 0 && a.n_cks <= RUN_CHECKPOINT_MAX);
    /* The kept points are real ones in step order, each with the least loss of its stretch,
     * and the newest one's predecessor is kept beside it. */
    ASSERT(a.pts[0].step == 0 && run_last(&a)->step == N);
    ASSERT(same_point(&a.prev, &ref[N - 1]));
    for (long i = 0; i < a.n; i++) {
        const TrajPoint *p = &a.pts[i];
        ASSERT(same_point(p, &ref[p->step]));
        double least = ref[p->step].loss;
        for (long k = i > 0 ? a.pts[i - 1].step + 1 : 0; k < p->step; k++)
            least = fmin(least, ref[k].loss);
        ASSERT(p->min_loss == least);
        ASSERT(i == 0 || p->step > a.pts[i - 1].step);
        /* The drawn segment into p passes within p->dev of every step it stands for. */
        for (long k = i > 0 ? a.pts[i - 1].step + 1 : 0; i > 0 && k < p->step; k++) {
            const TrajPoint *q = &a.pts[i - 1];
            double ux = p->x - q->x, uy = p->y - q->y, vx = ref[k].x - q->x,
                   vy = ref[k].y - q->y, len2 = ux * ux + uy * uy;
            double t = len2 > 0.0 ? fmin(1.0, fmax(0.0, (vx * ux + vy * uy) / len2)) : 0.0;
            ASSERT(hypot(vx - t * ux, vy - t * uy) <= p->dev * (1.0 + 1e-9) + 1e-300);
        }
    }
    /* Every step comes back bit for bit: all of them in order (what --csv writes) ... */
    PointList all = { 0 };
    ASSERT(run_each_point(&a, collect_point, &all));
    ASSERT(all.n == N + 1);
    for (long k = 0; k <= N; k++)
        ASSERT(same_point(&all.p[k], &ref[k]));
    free(all.p);
    /* ... one at a time, thinned or not ... */
    const long probe[] = { 0, 1, 2, 3, 1025, 12345, 40001, 77777, N - 1, N };
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
        TrajPoint p;
        ASSERT(run_point_at(&a, probe[i], &p) && same_point(&p, &ref[probe[i]]));
        ASSERT(run_index_at(&a, probe[i]) >= 0 &&
               a.pts[run_index_at(&a, probe[i])].step <= probe[i]);
    }
    /* ... the step from which the loss stays below a tolerance, searched inside thinned
     * stretches (a noisy run: it dips below and climbs back many times) ... */
    for (int t = 0; t < 3; t++) {
        double f_tol = ref[(const long[]){70001, 30000, 90000}[t]].loss * (t == 2 ? 1.5 : 1.0);
        const long uptos[] = { N, 98000, 75000, 60000, 20000, N };
        for (size_t u = 0; u < sizeof uptos / sizeof uptos[0]; u++) {
            long upto = uptos[u];
            if (a.pts[run_index_at(&a, upto)].step != upto)
                continue; /* the table asks at kept points */
            long want = -1;
            if (ref[upto].loss < f_tol) {
                want = upto;
                while (want > 0 && ref[want - 1].loss < f_tol)
                    want--;
            }
            TrajPoint at;
            long got = run_below_since(&a, upto, f_tol, &at);
            if (got != want)
                fprintf(stderr, "  tol %g upto %ld: since %ld, want %ld\n", f_tol, upto, got,
                        want);
            ASSERT(got == want);
            ASSERT(want < 0 || same_point(&at, &ref[want]));
            ASSERT(run_below_since(&a, upto, f_tol, NULL) == want); /* remembered */
        }
    }
    /* ... and the optimizer's state there. */
    OptimState sa, sb;
    double lr_a, lr_b;
    ASSERT(run_state_at(&a, 54321, &sa, &lr_a));
    Run b = make_run("logistic", d, -1, 1);
    step_n(&b, 54321);
    optim_state(b.opt, &sb);
    lr_b = run_current_lr(&b);
    ASSERT(sa.n == sb.n && memcmp(sa.value, sb.value, sizeof sa.value) == 0 && lr_a == lr_b);
    run_free(&b);
    /* Rewinding into the thinned past and stepping on gives the same bits again. */
    ASSERT(run_rewind(&a, 50001) && run_last_step(&a) == 50001);
    ASSERT(same_point(run_last(&a), &ref[50001]) && same_point(&a.prev, &ref[50000]));
    for (long k = 50002; k <= N; k++) {
        ASSERT(run_step(&a));
        ASSERT(same_point(run_last(&a), &ref[k]));
    }
    ASSERT(!run_rewind(&a, N + 1));
    free(ref);
    run_free(&a);
}

TEST(a_long_stay_around_a_minimum_does_not_cost_the_path_that_led_there)
{
    /* Noisy gradient descent on the bowl: a few hundred steps in from (3, 3), then a long
     * jitter around the minimum. The thinning that keeps memory bounded must take its
     * points from the jitter, not from the way in: every kept point of the first 100 steps
     * stands within 1/4096 of the path's extent of what it replaced. */
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.01;
    d.noise = 2.0;
    d.seed = 3;
    Run a = make_run("bowl", d, 3, 3);
    double x0 = 3, x1 = 3, y0 = 3, y1 = 3;
    for (long k = 0; k < 4L * RUN_KEEP_MAX; k++) {
        ASSERT(run_step(&a));
        const TrajPoint *p = run_last(&a);
        x0 = fmin(x0, p->x), x1 = fmax(x1, p->x), y0 = fmin(y0, p->y), y1 = fmax(y1, p->y);
    }
    ASSERT(a.n <= RUN_KEEP_MAX);
    double eps = hypot(x1 - x0, y1 - y0) / 4096.0;
    long early = 0;
    for (long i = 0; i < a.n && a.pts[i].step <= 100; i++, early++)
        ASSERT(a.pts[i].dev <= eps);
    ASSERT(early > 30);
    run_free(&a);
}

TEST(the_step_from_which_the_loss_stays_below)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.25; /* halves the point: loss 5 * 4^-k from (1, 2) */
    Run run = make_run("bowl", d, 1, 2);
    step_n(&run, 20);
    ASSERT(run_below_since(&run, 20, 5.0 / 4.0 + 1e-12, NULL) == 1);
    ASSERT(run_below_since(&run, 20, 1e-3, NULL) == 7); /* 5/4^7 = 3.05e-4 < 1e-3 < 5/4^6 */
    ASSERT(run_below_since(&run, 6, 1e-3, NULL) == -1);  /* not yet at step 6 */
    ASSERT(run_below_since(&run, 20, 1e-30, NULL) == -1);
    ASSERT(run_below_since(&run, 21, 1e-3, NULL) == -1); /* past the last step */
    run_free(&run);
    /* At α = 0.95 on the bowl the point flips sign and shrinks by 0.9 a step: monotone.
     * Momentum overshoots the minimum and climbs back: where it dips below a tolerance and
     * rises again, it has not got there until it stays. */
    d = run_desc_default(OPTIM_MOMENTUM);
    d.opt.lr = 0.1;
    d.opt.momentum = 0.9;
    run = make_run("bowl", d, 1, 0);
    step_n(&run, 200);
    double tol = 1e-2;
    long first = -1, stays = -1;
    for (long k = 0; k <= 200; k++) {
        bool below = run.pts[k].loss < tol;
        if (below && first < 0)
            first = k;
        if (below && stays < 0)
            stays = k;
        if (!below)
            stays = -1;
    }
    ASSERT(first > 0 && stays > first); /* dips, climbs back, then stays */
    ASSERT(run_below_since(&run, 200, tol, NULL) == stays);
    /* At the step of the first dip it counts from there; one climb later, not at all. */
    ASSERT(run_below_since(&run, first, tol, NULL) == first);
    long up = first;
    while (run.pts[up].loss < tol)
        up++;
    ASSERT(run_below_since(&run, up, tol, NULL) == -1);
    ASSERT(run_below_since(&run, 200, tol, NULL) == stays); /* and forward again */
    printf("  momentum on the bowl: L < 0.01 first at step %ld, for good from step %ld\n",
           first, stays);
    run_free(&run);
}

/* A typed function for the tests below: text and "NAME=VALUE[:MIN:MAX]" items. */
static LandscapeTyped *typed_make(const char *text, const char *p0, const char *p1)
{
    static LandscapeTypedDesc d; /* big: not on the stack; read only during create */
    memset(&d, 0, sizeof d);
    snprintf(d.text, sizeof d.text, "%s", text);
    const char *items[2] = { p0, p1 };
    for (int i = 0; i < 2 && items[i]; i++) {
        LandscapeParam lp;
        char err[160];
        ASSERT(landscape_param_parse(items[i], &lp, err, sizeof err));
        ASSERT(landscape_typed_desc_add(&d, &lp));
    }
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(&d, &xe);
    if (!t)
        fprintf(stderr, "  %s: %s\n", text, xe.message);
    ASSERT(t != NULL);
    return t;
}

/* The built-in Rosenbrock's definition typed in: every optimizer's trajectory, row by row,
 * to the last bit. Typed in written-math form (100 (y - x^2)^2, a parameter for the 100),
 * within 1e-12 relative over 200 steps of gd. */
TEST(a_typed_rosenbrock_steps_like_the_built_in_row_by_row)
{
    const Landscape *rb = landscape_find("rosenbrock");
    LandscapeTyped *t = typed_make(LANDSCAPE_EXPR_ROSENBROCK, NULL, NULL);
    if (!t)
        return;
    ASSERT(t->ls.lid == LANDSCAPE_TYPED && t->ls.eval == NULL && t->ls.program->n_params == 0);
    for (int k = 0; k < OPTIM_COUNT; k++) {
        RunDesc d = run_desc_default((OptimKind)k);
        d.opt.lr = k == OPTIM_NEWTON ? 0.5 : d.opt.lr * 0.1;
        Run a, b;
        char err[128];
        ASSERT(run_init(&a, rb, &d, -1.2, 1.0, err, sizeof err));
        ASSERT(run_init(&b, &t->ls, &d, -1.2, 1.0, err, sizeof err));
        step_n(&a, 300);
        step_n(&b, 300);
        ASSERT(a.n == b.n && a.n > 1);
        for (long r = 0; r < a.n && r < b.n; r++) {
            ASSERT(memcmp(&a.pts[r], &b.pts[r], sizeof a.pts[r]) == 0);
        }
        run_free(&a);
        run_free(&b);
    }
    LandscapeTyped *w = typed_make("(1 - x)^2 + c*(y - x^2)^2", "c=100:1:1000", NULL);
    if (w) {
        RunDesc d = run_desc_default(OPTIM_GD);
        d.opt.lr = 1e-3;
        Run a, b;
        char err[128];
        ASSERT(run_init(&a, rb, &d, -1.2, 1.0, err, sizeof err));
        ASSERT(run_init(&b, &w->ls, &d, -1.2, 1.0, err, sizeof err));
        step_n(&a, 200);
        step_n(&b, 200);
        ASSERT(a.n == 201 && b.n == 201);
        for (long r = 0; r < a.n && r < b.n; r++) {
            ASSERT_NEAR(b.pts[r].x, a.pts[r].x, 1e-12 * fabs(a.pts[r].x));
            ASSERT_NEAR(b.pts[r].y, a.pts[r].y, 1e-12 * fabs(a.pts[r].y));
            ASSERT_NEAR(b.pts[r].loss, a.pts[r].loss, 1e-12 * fabs(a.pts[r].loss));
        }
        /* a parameter is read at every evaluation: c = 1 is another function */
        w->values[0] = 1.0;
        ASSERT(run_restart(&b, -1.2, 1.0));
        ASSERT(b.pts[0].loss == 2.2 * 2.2 + (1.0 - 1.44) * (1.0 - 1.44));
        run_free(&a);
        run_free(&b);
        landscape_typed_destroy(w);
    }
    landscape_typed_destroy(t);
}

/* Where f is undefined the run stops with "undefined at step k"; its last point is the one
 * before. log(x) from x = 0.5 with lr 1: x1 = 0.5 - 1/0.5 = -1.5. */
TEST(a_run_that_steps_where_f_is_undefined_stops_there)
{
    LandscapeTyped *t = typed_make("log(x) + k*y^2", "k=2", NULL);
    if (!t)
        return;
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 1.0;
    Run run;
    char err[128];
    ASSERT(run_init(&run, &t->ls, &d, 0.5, 0.25, err, sizeof err));
    ASSERT(run.pts[0].loss == log(0.5) + 2.0 * 0.0625 && run.pts[0].gx == 2.0);
    ASSERT(run.pts[0].gy == 1.0);
    step_n(&run, 10);
    ASSERT(run.stop == RUN_UNDEFINED && run.stop_step == 1 && run.n == 1);
    char status[64];
    run_status_text(&run, status, sizeof status);
    ASSERT(strcmp(status, "undefined at step 1") == 0);
    /* a start where f is undefined cannot be stepped from */
    ASSERT(run_restart(&run, -1.0, 0.0));
    ASSERT(run.stop == RUN_UNDEFINED && run.stop_step == 0 && run.n == 1);
    /* 0/0 at a finite point is undefined too; a run off to infinity still diverges */
    run_free(&run);
    landscape_typed_destroy(t);
    LandscapeTyped *q = typed_make("x^2 + y^2 + (x - 1)/(x - 1)", NULL, NULL);
    if (!q)
        return;
    d.opt.lr = 0.25; /* x halves: 2 -> 1 at step 1 */
    ASSERT(run_init(&run, &q->ls, &d, 2.0, 0.0, err, sizeof err));
    step_n(&run, 5);
    ASSERT(run.stop == RUN_UNDEFINED && run.stop_step == 1);
    run_free(&run);
    d.opt.lr = 10.0;
    ASSERT(run_init(&run, &q->ls, &d, 3.0, 0.0, err, sizeof err));
    step_n(&run, 1000);
    ASSERT(run.stop == RUN_DIVERGED);
    run_free(&run);
    landscape_typed_destroy(q);
}

/* Scene 13's two runs differ only in bias correction; the legend and the table must say so,
 * and a lone run's title stays the legend's classic one. */
TEST(titles_name_what_differs_between_a_panes_runs)
{
    const Landscape *ls = landscape_find("bowl");
    char err[128], a[256], b[256];
    Run runs[2];
    RunDesc d = run_desc_default(OPTIM_ADAM);
    d.opt.lr = 0.1;
    ASSERT(run_init(&runs[0], ls, &d, 1.0, 1.0, err, sizeof err));
    d.opt.bias_correction = false;
    ASSERT(run_init(&runs[1], ls, &d, 1.0, 1.0, err, sizeof err));
    run_format_title(&runs[0], runs, 2, false, a, sizeof a);
    run_format_title(&runs[1], runs, 2, false, b, sizeof b);
    ASSERT(strcmp(a, b) != 0);
    ASSERT_STR_CONTAINS(a, "bias correction on");
    ASSERT_STR_CONTAINS(b, "bias correction off");
    /* Alone, nothing differs: the legend's title as run_format_label writes it. */
    char lone[256], label[256], status[192];
    run_format_title(&runs[0], &runs[0], 1, false, lone, sizeof lone);
    run_format_label(&runs[0], label, sizeof label, status, sizeof status);
    ASSERT(strcmp(lone, label) == 0 && strstr(lone, "bias") == NULL);
    /* The compact form (the table) starts with the id and leaves out the hyperparameters
     * the two share, so the difference is never the part cut off; alone, it keeps them. */
    run_format_title(&runs[1], runs, 2, true, a, sizeof a);
    ASSERT(strcmp(a, "adam bias correction off") == 0);
    run_format_title(&runs[0], &runs[0], 1, true, a, sizeof a);
    ASSERT(strcmp(a, "adam \xce\xb1 = 0.1, \xce\xb2\xe2\x82\x81 = 0.9, "
                     "\xce\xb2\xe2\x82\x82 = 0.999") == 0);
    runs[1].desc.opt.lr = 0.05;
    run_format_title(&runs[1], runs, 2, true, a, sizeof a);
    ASSERT(strcmp(a, "adam \xce\xb1 = 0.05, bias correction off") == 0);
    /* Adam with L2 beside AdamW with weight decay (scene 19): what both read alike (α, β₁,
     * β₂) goes, what tells them apart stays. */
    for (int k = 0; k < 2; k++)
        run_free(&runs[k]);
    RunDesc l2 = run_desc_default(OPTIM_ADAM), wd = run_desc_default(OPTIM_ADAMW);
    l2.opt.lr = wd.opt.lr = 0.05;
    hyper_set(&l2.opt, HYPER_L2, 0.1);
    hyper_set(&wd.opt, HYPER_WEIGHT_DECAY, 0.1);
    ASSERT(run_init(&runs[0], ls, &l2, 1.0, 1.0, err, sizeof err));
    ASSERT(run_init(&runs[1], ls, &wd, 1.0, 1.0, err, sizeof err));
    run_format_title(&runs[0], runs, 2, true, a, sizeof a);
    run_format_title(&runs[1], runs, 2, true, b, sizeof b);
    ASSERT(strstr(a, "\xce\xb2") == NULL && strstr(b, "\xce\xb2") == NULL);
    ASSERT(strstr(a, "= 0.05") == NULL);
    ASSERT_STR_CONTAINS(a, "adam");
    ASSERT_STR_CONTAINS(a, "0.1");
    ASSERT_STR_CONTAINS(b, "adamw");
    ASSERT_STR_CONTAINS(b, "0.1");
    ASSERT(strcmp(a, "adam \xc2\xb7 \xce\xbb\xe2\x82\x82 = 0.1") == 0); /* adam · λ₂ = 0.1 */
    /* Two noisy gd runs that differ only in their seed say which seed. */
    for (int k = 0; k < 2; k++)
        run_free(&runs[k]);
    RunDesc g = run_desc_default(OPTIM_GD);
    g.noise = 0.5;
    g.seed = 1;
    ASSERT(run_init(&runs[0], ls, &g, 1.0, 1.0, err, sizeof err));
    g.seed = 2;
    ASSERT(run_init(&runs[1], ls, &g, 1.0, 1.0, err, sizeof err));
    run_format_title(&runs[1], runs, 2, false, b, sizeof b);
    ASSERT_STR_CONTAINS(b, "seed 2");
    for (int k = 0; k < 2; k++)
        run_free(&runs[k]);
}

/* gd with the Armijo search on Rosenbrock keeps the points where its step evaluated the
 * loss: first the step's start (L there is the Armijo reference), then the trials on the ray
 * along -g, each half as far as the one before, the last the new point; a step without a
 * search keeps none. */
TEST(a_line_search_keeps_its_trial_points)
{
    const Landscape *ls = landscape_find("rosenbrock");
    char err[128];
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 1.0;
    d.opt.line_search = true;
    Run run;
    ASSERT(run_init(&run, ls, &d, -1.2, 1.0, err, sizeof err));
    ASSERT(run.n_trials == 0);
    ASSERT(run_step(&run));
    const TrajPoint *p0 = &run.pts[0], *p1 = &run.pts[1];
    ASSERT(run.n_trials >= 3); /* t = 1 is far too long at (-1.2, 1): it halves */
    ASSERT(run.trials[0][0] == p0->x && run.trials[0][1] == p0->y);
    double gx = p0->gx, gy = p0->gy;
    for (int k = 1; k < run.n_trials; k++) {
        double t = 1.0 / ldexp(1.0, k - 1); /* 1, 1/2, 1/4, ... */
        ASSERT_NEAR(run.trials[k][0], p0->x - t * gx, 1e-12 * (1.0 + fabs(t * gx)));
        ASSERT_NEAR(run.trials[k][1], p0->y - t * gy, 1e-12 * (1.0 + fabs(t * gy)));
    }
    ASSERT(run.trials[run.n_trials - 1][0] == p1->x && run.trials[run.n_trials - 1][1] == p1->y);
    ASSERT(run.loss_evals == run.n_trials);
    run_free(&run);
    d.opt.line_search = false;
    ASSERT(run_init(&run, ls, &d, -1.2, 1.0, err, sizeof err));
    d.opt.lr = 0.001;
    ASSERT(run_step(&run) && run.n_trials == 0);
    run_free(&run);
}

TEST(an_epoch_is_n_over_b_steps_rounded_up)
{
    /* logistic: 300 points. B = 7: 42 full batches and one of 6, 43 steps an epoch; the
     * sampler starts epoch 1 exactly at step 44. */
    RunDesc d = run_desc_default(OPTIM_GD);
    d.batch = 7;
    Run r = make_run("logistic", d, 0.5, 0.5);
    ASSERT(run_steps_per_epoch(&r) == 43);
    step_n(&r, 43);
    ASSERT(r.sampler.epoch == 0 && r.batch_len == 300 - 42 * 7);
    step_n(&r, 1);
    ASSERT(r.sampler.epoch == 1 && r.batch_len == 7);
    run_free(&r);
    d.batch = 4;
    r = make_run("logistic", d, 0.5, 0.5);
    ASSERT(run_steps_per_epoch(&r) == 75);
    run_free(&r);
    /* The full dataset, or no dataset: no epochs to mark. */
    d.batch = 300;
    r = make_run("logistic", d, 0.5, 0.5);
    ASSERT(run_steps_per_epoch(&r) == 0);
    run_free(&r);
    d.batch = 0;
    r = make_run("tiny-net", d, 0.5, 0.5);
    ASSERT(run_steps_per_epoch(&r) == 0);
    run_free(&r);
    d = run_desc_default(OPTIM_GD);
    r = make_run("bowl", d, 0.5, 0.5);
    ASSERT(run_steps_per_epoch(&r) == 0);
    run_free(&r);
}

int main(void)
{
    RUN_TEST(rng_is_seeded_and_uniform);
    RUN_TEST(every_epoch_visits_every_point_once);
    RUN_TEST(gd_on_bowl_matches_hand_calculation);
    RUN_TEST(schedule_is_applied_per_step);
    RUN_TEST(adam_and_nesterov_match_an_independent_implementation);
    RUN_TEST(divergence_stops_at_the_first_non_finite_value);
    RUN_TEST(convergence_is_reported_but_does_not_stop);
    RUN_TEST(newton_stops_on_a_singular_hessian);
    RUN_TEST(noisy_runs_repeat_exactly_from_their_seed);
    RUN_TEST(minibatch_step_uses_the_epochs_first_batch);
    RUN_TEST(stepping_back_then_forward_reproduces_the_same_bits);
    RUN_TEST(the_step_from_which_the_loss_stays_below);
    RUN_TEST(long_runs_keep_bounded_points_and_recompute_every_step_exactly);
    RUN_TEST(a_long_stay_around_a_minimum_does_not_cost_the_path_that_led_there);
    RUN_TEST(a_typed_rosenbrock_steps_like_the_built_in_row_by_row);
    RUN_TEST(a_run_that_steps_where_f_is_undefined_stops_there);
    RUN_TEST(titles_name_what_differs_between_a_panes_runs);
    RUN_TEST(a_line_search_keeps_its_trial_points);
    RUN_TEST(an_epoch_is_n_over_b_steps_rounded_up);
    RUN_TEST(full_batch_steps_match_hand_calculation);
    return TEST_MAIN("test_run");
}
