/* bench_optim.c - steps per second of every optimizer through the public optim_step, on a
 * closed-form quadratic whose callbacks are as cheap as an objective gets, so the figure is
 * the optimizer's own cost (dispatch, update rule). Median of 5 timed repeats per optimizer.
 * Usage: bench_optim [million steps per repeat, default 4]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "optim/optim.h"

enum { BENCH_REPEATS = 5 };

/* f = 1/2 (3 x^2 + 2 x y + 2 y^2) - x + y/2: minimum (0.5, -0.5), not the origin, so the
 * iterates settle on normal numbers instead of decaying into subnormals (which are slow). */
static void bench_grad(void *ctx, const double th[2], double g[2])
{
    (void)ctx;
    g[0] = 3.0 * th[0] + th[1] - 1.0;
    g[1] = th[0] + 2.0 * th[1] + 0.5;
}

static void bench_hess(void *ctx, const double th[2], double h[3])
{
    (void)ctx;
    (void)th;
    h[0] = 3.0;
    h[1] = 1.0;
    h[2] = 2.0;
}

/* The loss itself, for the line searches of lbfgs, cg and gd with line_search. */
static double bench_loss(void *ctx, const double th[2])
{
    (void)ctx;
    double x = th[0], y = th[1];
    return 0.5 * (3.0 * x * x + 2.0 * x * y + 2.0 * y * y) - x + 0.5 * y;
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long millions = argc > 1 ? strtol(argv[1], NULL, 10) : 4;
    if (millions < 1)
        millions = 1;
    long steps = millions * 1000000L;
    const Objective obj = {.grad = bench_grad, .hess = bench_hess, .loss = bench_loss,
                           .ctx = NULL};
    double checksum = 0.0; /* printed, so no run can be optimized away */

    printf("optim-steps: %ld M steps x %d repeats, median steps/s\n", millions, BENCH_REPEATS);
    for (int kind = 0; kind < OPTIM_COUNT; kind++) {
        OptimizerDesc d = optim_desc_default((OptimKind)kind);
        d.lr = kind == OPTIM_NEWTON ? 0.5 : 0.01;
        Optimizer *opt = optim_create(&d);
        if (!opt) {
            fprintf(stderr, "bench_optim: out of memory\n");
            return 1;
        }
        double rate[BENCH_REPEATS];
        for (int r = 0; r < BENCH_REPEATS; r++) {
            optim_reset(opt);
            double th[2] = {-1.5, 2.0};
            double t0 = bench_now();
            for (long i = 0; i < steps; i++)
                optim_step(opt, &obj, d.lr, th);
            double dt = bench_now() - t0;
            rate[r] = (double)steps / (dt > 0.0 ? dt : 1e-9);
            checksum += th[0] + th[1];
        }
        qsort(rate, BENCH_REPEATS, sizeof rate[0], bench_cmp);
        printf("  %-10s %8.1f M steps/s  (min %.1f, max %.1f)\n", opt->vt->id,
               rate[BENCH_REPEATS / 2] / 1e6, rate[0] / 1e6, rate[BENCH_REPEATS - 1] / 1e6);
        optim_destroy(opt);
    }
    printf("  (checksum %.6g)\n", checksum);
    return 0;
}
