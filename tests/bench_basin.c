/* bench_basin.c - the basin map's speed: 1000 x 1000 starts x 200 Adam steps on Himmelblau
 * (the target: 0.5 s on 2 cores) against the naive loop (run_init, run_step, run_free
 * per start) on a 100 x 100 grid of the same view, timed in the same run and scaled per start.
 * Also checks the two agree on that grid. usage: bench_basin [W H] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/basin.h"
#include "bench.h"

static double time_map(BasinDesc *d, BasinCell *cells)
{
    char err[160];
    double t0 = bench_now_ms();
    if (!basin_compute(d, cells, err, sizeof err)) {
        fprintf(stderr, "bench_basin: %s\n", err);
        exit(1);
    }
    return bench_now_ms() - t0;
}

int main(int argc, char **argv)
{
    int w = argc > 2 ? atoi(argv[1]) : 1000, h = argc > 2 ? atoi(argv[2]) : 1000;
    const Landscape *ls = landscape_find("himmelblau");
    CriticalPoint minima[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = ls, .run = run_desc_default(OPTIM_ADAM), .steps = 200,
                   .view = ls->view, .w = w, .h = h};
    d.run.opt.lr = 0.1;
    d.n_minima = basin_minima(ls, ls->view, minima, BASIN_MAX_MINIMA);
    d.minima = minima;
    BasinCell *cells = malloc((size_t)w * h * sizeof *cells);
    double t[3];
    for (int r = 0; r < 3; r++)
        t[r] = time_map(&d, cells);
    double fast = bench_median(t, 3);
    printf("basin %dx%d x 200 adam steps, himmelblau, 2 threads: %.0f ms (%.1f ns/step)\n", w,
           h, fast, fast * 1e6 / (200.0 * w * h));

    BasinDesc small = d;
    small.w = small.h = 100;
    BasinCell *a = malloc(100 * 100 * sizeof *a), *b = malloc(100 * 100 * sizeof *b);
    double t_fast = time_map(&small, a);
    small.path = BASIN_PATH_NAIVE;
    double t_naive = time_map(&small, b);
    small.path = BASIN_PATH_RUNS;
    double t_runs = time_map(&small, b);
    int same = 1;
    for (int k = 0; k < 100 * 100; k++)
        same &= memcmp(&a[k].end_x, &b[k].end_x, sizeof(double)) == 0 &&
                a[k].status == b[k].status && a[k].steps == b[k].steps;
    printf("100x100: many-start %.1f ms, reused Run per thread %.1f ms, naive run_init/"
           "run_step per start %.1f ms (2 threads each): many-start is %.1fx the naive loop; "
           "naive at 1000x1000 would take ~%.1f s; cells %s\n", t_fast, t_runs, t_naive,
           t_naive / t_fast, t_naive * 100.0 / 1000.0, same ? "equal" : "DIFFER");
    /* the window's coarse overlay: 64 x 64 starts, the lecture scene's 400 gd steps */
    BasinDesc coarse = d;
    coarse.w = coarse.h = 64;
    coarse.steps = 400;
    coarse.run = run_desc_default(OPTIM_GD);
    coarse.run.opt.lr = 0.01;
    double tc[5];
    for (int r = 0; r < 5; r++)
        tc[r] = time_map(&coarse, cells);
    printf("window coarse map 64x64 x 400 gd steps: %.1f ms (median of 5)\n",
           bench_median(tc, 5));
    free(a);
    free(b);
    free(cells);
    return same ? 0 : 1;
}
