/* bench_basin_gl.c - the basin map on the GPU (render/basin_gl.h) against the CPU's
 * basin_compute in the same run: 1000 x 1000 starts x 200 Adam steps on Himmelblau (the
 * issue's target: 0.5 s), the whole compute including the read-back and classification,
 * median of several runs (the first call, which builds the shader, apart); the window's
 * coarse map (64 x 64 starts, 400 gd steps). Run under a display (xvfb-run). usage:
 * bench_basin_gl [W H] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>

#include <epoxy/gl.h>

#include "analysis/basin.h"
#include "bench.h"
#include "render/basin_gl.h"
#include "util/datadir.h"
#include "test.h"
#include "gl_test.h"

typedef bool (*MapFn)(void *ctx, const BasinDesc *d, BasinCell *cells, char *err, size_t len);

static bool gpu_map(void *ctx, const BasinDesc *d, BasinCell *cells, char *err, size_t len)
{
    return basin_gl_compute(ctx, d, cells, err, len);
}

static bool cpu_map(void *ctx, const BasinDesc *d, BasinCell *cells, char *err, size_t len)
{
    (void)ctx;
    return basin_compute(d, cells, err, len);
}

static double time_map(MapFn fn, void *ctx, const BasinDesc *d, BasinCell *cells)
{
    char err[256];
    double t0 = bench_now_ms();
    if (!fn(ctx, d, cells, err, sizeof err)) {
        fprintf(stderr, "bench_basin_gl: %s\n", err);
        exit(1);
    }
    return bench_now_ms() - t0;
}

/* CPU time of the whole process (every thread: the CPU path's and llvmpipe's), ms: on a
 * shared machine it says what a map costs when wall time says how busy the others were. */
static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-3;
}

static double last_cpu; /* median CPU time of median_of's maps */

static double median_of(int n, MapFn fn, void *ctx, const BasinDesc *d, BasinCell *cells)
{
    double t[16], c[16];
    for (int r = 0; r < n; r++) {
        double c0 = cpu_ms();
        t[r] = time_map(fn, ctx, d, cells);
        c[r] = cpu_ms() - c0;
    }
    last_cpu = bench_median(c, n);
    return bench_median(t, n);
}

int main(int argc, char **argv)
{
    int w = argc > 2 ? atoi(argv[1]) : 1000, h = argc > 2 ? atoi(argv[2]) : 1000;
    char err[1024] = "", dir[1024];
    GlWindow gw = {0};
    if (!test_gl_open("bench_basin_gl", &gw, err, sizeof err) ||
        !datadir_locate(dir, sizeof dir, err, sizeof err)) {
        fprintf(stderr, "bench_basin_gl: %s\n", err);
        return 1;
    }
    BasinGl gpu;
    basin_gl_init(&gpu, dir);
    printf("bench_basin_gl: %s, doubles in shaders: %s\n",
           (const char *)glGetString(GL_RENDERER), gpu.fp64 ? "yes" : "no");
    const Landscape *ls = landscape_find("himmelblau");
    CriticalPoint minima[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = ls, .run = run_desc_default(OPTIM_ADAM), .steps = 200,
                   .view = ls->view, .w = w, .h = h, .minima = minima};
    d.run.opt.lr = 0.1;
    d.n_minima = basin_minima(ls, ls->view, minima, BASIN_MAX_MINIMA);
    if (!basin_gl_supports(&gpu, &d)) {
        fprintf(stderr, "bench_basin_gl: the GPU engine does not take this map here\n");
        return 1;
    }
    /* room for the big map and for the window's maps below (256 x 256 at most) */
    size_t room = (size_t)w * h > 256 * 256 ? (size_t)w * h : 256 * 256;
    BasinCell *a = malloc(room * sizeof *a), *b = malloc(room * sizeof *b);
    double first = time_map(gpu_map, &gpu, &d, a);
    double t_gpu = median_of(5, gpu_map, &gpu, &d, a), cpu_gpu = last_cpu;
    double t_cpu = median_of(3, cpu_map, NULL, &d, b), cpu_cpu = last_cpu;
    long same = 0;
    for (long k = 0; k < (long)w * h; k++)
        same += a[k].cls == b[k].cls && a[k].status == b[k].status && a[k].steps == b[k].steps;
    printf("basin %dx%d x 200 adam steps, himmelblau: GPU %.0f ms (median of 5; first call "
           "with the shader build %.0f ms), CPU (2 threads) %.0f ms (median of 3): GPU %.2fx "
           "faster; CPU time of the process per map: GPU %.0f ms, CPU %.0f ms; class, status "
           "and steps agree on %.3f%% of cells\n", w, h, t_gpu, first, t_cpu, t_cpu / t_gpu,
           cpu_gpu, cpu_cpu, 100.0 * same / ((double)w * h));
    /* the same map in float: how much faster, and how far from the CPU's classes */
    gpu.use_float = true;
    time_map(gpu_map, &gpu, &d, a);
    double t_float = median_of(3, gpu_map, &gpu, &d, a), cpu_float = last_cpu;
    long fsame = 0;
    for (long k = 0; k < (long)w * h; k++)
        fsame += a[k].cls == b[k].cls;
    BasinDesc gd = d;
    gd.run = run_desc_default(OPTIM_GD);
    gd.run.opt.lr = 0.01;
    gd.w = gd.h = 200;
    long gsame = 0, gconv = 0;
    time_map(gpu_map, &gpu, &gd, a);
    time_map(cpu_map, NULL, &gd, b);
    for (long k = 0; k < 200L * 200; k++) {
        gsame += a[k].cls == b[k].cls;
        gconv += a[k].status == BASIN_CONVERGED;
    }
    gpu.use_float = false;
    printf("in float: %.0f ms (CPU time %.0f ms), classes agree on %.3f%%; but gd (lr 0.01, "
           "200x200, where the CPU converges everywhere) converges on %.1f%% of cells, classes "
           "agree on %.1f%%\n", t_float, cpu_float, 100.0 * fsame / ((double)w * h),
           100.0 * gconv / (200.0 * 200.0), 100.0 * gsame / (200.0 * 200.0));
    BasinDesc coarse = d;
    coarse.w = coarse.h = 64;
    coarse.steps = 400;
    coarse.run = run_desc_default(OPTIM_GD);
    coarse.run.opt.lr = 0.01;
    double c_gpu = median_of(9, gpu_map, &gpu, &coarse, a);
    double c_cpu = median_of(9, cpu_map, NULL, &coarse, b);
    printf("window coarse map 64x64 x 400 gd steps: GPU %.1f ms, CPU %.1f ms (medians of 9)\n",
           c_gpu, c_cpu);
    BasinDesc fine = coarse;
    fine.w = fine.h = 256;
    printf("window fine map 256x256 x 400 gd steps: GPU %.1f ms, CPU %.1f ms (medians of 3)\n",
           median_of(3, gpu_map, &gpu, &fine, a), median_of(3, cpu_map, NULL, &fine, b));
    free(a);
    free(b);
    basin_gl_free(&gpu);
    glwin_close(&gw);
    return 0;
}
