/* bench_soft.c - how fast the CPU canvas exports a 1920 x 1080 figure: the field (rosenbrock,
 * himmelblau; 1 and 2 threads), six 500-point polylines, the PNG encode, and a whole figure
 * as the export's CPU renderer draws it (field, six real 500-step runs with halos, markers
 * and arrows, axes, the legend, PNG write; a fresh renderer, so fonts opened as a new process
 * would). Prints the median of several runs of each and the target it is held to; exits
 * non-zero only on an error, not on a slow machine.
 * `bench_soft --figure OUT.png` draws one figure and exits, to time a whole process.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "losslens_config.h"
#include "lecture/colormap.h"
#include "render/pngio.h"
#include "render/render.h"
#include "render/canvas_soft.h"
#include "figure/pane.h"
#include "lecture/view.h"
#include "ui/palette.h"
#include "bench.h"

enum { W = 1920, H = 1080, RUNS = 9, N_RUNS = 6, N_PTS = 500 };

/* CPU time of the whole process (every thread): with the wall time it tells a busy machine
 * (wall >> cpu / threads) from slow code. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void report(const char *what, double *v, double *cpu, int n, double target)
{
    double m = bench_median(v, n), mc = bench_median(cpu, n);
    printf("%-46s median %6.1f ms (min %6.1f, max %6.1f; cpu %6.1f) target <= %5.1f ms %s\n",
           what, m, v[0], v[n - 1], mc, target, m <= target ? "ok" : "SLOW");
}

/* Six trajectories spiralling in to different points, steps of a few pixels (like a run of
 * 500 optimizer steps drawn at full HD). */
static void make_paths(float pts[N_RUNS][2 * N_PTS])
{
    for (int r = 0; r < N_RUNS; r++) {
        double cx = 500.0 + 180.0 * r, cy = 300.0 + 90.0 * (r % 3);
        double r0 = 420.0 - 30.0 * r, ph = 0.9 * r;
        for (int k = 0; k < N_PTS; k++) {
            double t = k / (double)(N_PTS - 1);
            double rad = r0 * exp(-3.0 * t), a = ph + 14.0 * t;
            pts[r][2 * k] = (float)(cx + rad * cos(a));
            pts[r][2 * k + 1] = (float)(cy + 0.6 * rad * sin(a));
        }
    }
}

static UiColor run_color(int i, unsigned char alpha)
{
    unsigned char rgb[3];
    palette_run_rgb(i, rgb);
    return (UiColor){rgb[0], rgb[1], rgb[2], alpha};
}

/* Six real 500-step runs on rosenbrock: the figure of the 'render-png' benchmark. */
static bool make_runs(Run runs[N_RUNS], char *err, size_t errlen)
{
    static const OptimKind KINDS[N_RUNS] = {OPTIM_GD,      OPTIM_MOMENTUM, OPTIM_NESTEROV,
                                            OPTIM_ADAGRAD, OPTIM_RMSPROP,  OPTIM_ADAM};
    static const double LRS[N_RUNS] = {0.001, 0.0005, 0.0005, 0.5, 0.01, 0.05};
    const Landscape *ls = landscape_find("rosenbrock");
    for (int i = 0; i < N_RUNS; i++) {
        RunDesc d = run_desc_default(KINDS[i]);
        d.opt.lr = LRS[i];
        if (!run_init(&runs[i], ls, &d, ls->start[0], ls->start[1], err, errlen))
            return false;
        while (runs[i].n < N_PTS + 1 && run_step(&runs[i]))
            ;
    }
    return true;
}

/* The whole figure as the export draws it: a fresh CPU renderer (a new image, fonts opened
 * on first use, as in a new process), its pane (field, critical points, paths with halos,
 * markers and arrows, axes, legend), then the PNG. */
static bool draw_figure(const Run runs[N_RUNS], const char *png, char *err, size_t errlen)
{
    Canvas *c = canvas_soft_open(W, H, 1.0f, 2, err, errlen);
    if (!c)
        return false;
    const Landscape *ls = landscape_find("rosenbrock");
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs,
                      .n_runs = N_RUNS};
    bool ok = pane_draw(c, 0, &sc, W, H, (UiRect){0.0f, 0.0f, W, H}, err, errlen) &&
              canvas_soft_error(c) == NULL &&
              pngio_write_rgba(png, W, H, canvas_soft_image(c)->rgba, W * 4, false, err,
                               errlen);
    canvas_destroy(c);
    return ok;
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/losslens-bench-soft-XXXXXX", png[256], err[512];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(png, sizeof png, "%s/figure.png", dir);
    SoftCanvas c;
    if (!soft_canvas_init(&c, W, H)) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    static float pts[N_RUNS][2 * N_PTS];
    make_paths(pts);
    static Run runs[N_RUNS];
    if (!make_runs(runs, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--figure") == 0) {
        /* One figure and exit: `time bench_soft --figure OUT.png` is the whole process. */
        bool ok = draw_figure(runs, argv[2], err, sizeof err);
        if (!ok)
            fprintf(stderr, "%s\n", err);
        soft_canvas_free(&c);
        rmdir(dir);
        return ok ? 0 : 1;
    }
    double t[RUNS], tc[RUNS];
    const char *ids[] = {"rosenbrock", "himmelblau"};
    for (int k = 0; k < 2; k++) {
        const Landscape *ls = landscape_find(ids[k]);
        View v = view_fit(&ls->view, W, H);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        for (int threads = 1; threads <= 2; threads++) {
            for (int r = 0; r < RUNS; r++) {
                double t0 = bench_now_ms(), c0 = cpu_ms();
                soft_field(&c, ls, &v, &fs, threads);
                t[r] = bench_now_ms() - t0;
                tc[r] = cpu_ms() - c0;
            }
            char what[96];
            snprintf(what, sizeof what, "field %s 1920x1080, %d thread%s", ids[k], threads,
                     threads > 1 ? "s" : "");
            report(what, t, tc, RUNS, threads == 2 ? 50.0 : 100.0);
        }
    }

    /* The data landscapes' field as --png draws it (soft_field_smooth_at, 2 threads) against
     * a closed form's (bowl, the cheapest; rosenbrock): the target is 1.3 x the closed
     * form's time. */
    double closed_ms = 0.0, closed_cpu = 0.0;
    const char *data_ids[] = {"bowl", "rosenbrock", "logistic", "tiny-net"};
    for (int k = 0; k < 4; k++) {
        const Landscape *ls = landscape_find(data_ids[k]);
        View v = view_fit(&ls->view, W, H);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        for (int r = 0; r < RUNS; r++) {
            double t0 = bench_now_ms(), c0 = cpu_ms();
            if (ls->data)
                soft_field_smooth_at(&c, 0, 0, ls, &v, &fs, 2);
            else
                soft_field(&c, ls, &v, &fs, 2);
            t[r] = bench_now_ms() - t0;
            tc[r] = cpu_ms() - c0;
        }
        char what[96];
        snprintf(what, sizeof what, "field %s 1920x1080, as --png (2 threads)", data_ids[k]);
        double m = bench_median(t, RUNS), mc = bench_median(tc, RUNS);
        if (k == 0) {
            closed_ms = m;
            closed_cpu = mc;
        }
        report(what, t, tc, RUNS, k < 2 ? 50.0 : 1.3 * closed_ms);
        if (ls->data)
            printf("  %s / bowl: %.2f x wall, %.2f x cpu (target <= 1.3)\n", data_ids[k],
                   m / closed_ms, mc / closed_cpu);
    }

    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        for (int i = 0; i < N_RUNS; i++)
            soft_polyline(&c, pts[i], N_PTS, 3.0f, run_color(i, 255));
        t[r] = bench_now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("6 polylines x 500 points, width 3", t, tc, RUNS, 10.0);
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        for (int i = 0; i < N_RUNS; i++) {
            soft_polyline(&c, pts[i], N_PTS, 6.6f, (UiColor){15, 15, 15, 204});
            soft_polyline(&c, pts[i], N_PTS, 3.8f, run_color(i, 255));
        }
        t[r] = bench_now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("6 polylines x 500 points, halo + core", t, tc, RUNS, 20.0);

    /* Text from a cold start: open the fonts, rasterize every glyph once, draw ~14 lines. */
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, sizeof err);
        if (!f) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        soft_text_draw(&c, f, SOFT_FACE_TITLE, 100.0f, 20.0f, "Rosenbrock",
                       (UiColor){255, 255, 255, 255});
        for (int i = 0; i < 13; i++) {
            char line[128];
            snprintf(line, sizeof line,
                     "Momentum %d  \xce\xb1 = 0.00%d \xc2\xb7 \xce\xbc = 0.9 loss %.4g", i, i,
                     0.0123 * i);
            soft_text_draw(&c, f, i % 2 ? SOFT_FACE_SMALL : SOFT_FACE_BODY, 100.0f,
                           50.0f + 26.0f * i, line, (UiColor){240, 240, 245, 255});
        }
        soft_font_close(f);
        t[r] = bench_now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("fonts open + 14 text lines (cold glyph cache)", t, tc, RUNS, 15.0);

    const Landscape *ls = landscape_find("rosenbrock");
    View v = view_fit(&ls->view, W, H);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    soft_field(&c, ls, &v, &fs, 2);
    for (int i = 0; i < N_RUNS; i++)
        soft_polyline(&c, pts[i], N_PTS, 3.0f, run_color(i, 255));
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        if (!pngio_write_rgba(png, W, H, c.rgba, W * 4, false, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[r] = bench_now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("PNG encode + write 1920x1080", t, tc, RUNS, 30.0);

    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms(), c0 = cpu_ms();
        if (!draw_figure(runs, png, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[r] = bench_now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("whole figure (CPU renderer, PNG)", t, tc, RUNS, 110.0);
    FILE *fp = fopen(png, "rb");
    if (fp) {
        fseek(fp, 0, SEEK_END);
        printf("figure.png: %ld bytes\n", ftell(fp));
        fclose(fp);
    }
    unlink(png);
    rmdir(dir);
    soft_canvas_free(&c);
    for (int i = 0; i < N_RUNS; i++)
        run_free(&runs[i]);
    return 0;
}
