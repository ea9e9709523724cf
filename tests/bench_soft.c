/* bench_soft.c - how fast the CPU canvas exports a 1920 x 1080 figure: the field (rosenbrock,
 * himmelblau; 1 and 2 threads), six 500-point polylines, the PNG encode, and a whole figure
 * (field, trajectories with halos and markers, axes, a legend of ~14 text lines, PNG write,
 * fonts opened fresh as a new process would). Prints the median of several runs of each and
 * the target it is held to; exits non-zero only on an error, not on a slow machine.
 * `bench_soft --figure OUT.png` draws one figure and exits, to time a whole process.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "losslens_config.h"
#include "render/colormap.h"
#include "render/pngio.h"
#include "render/soft.h"
#include "render/view.h"
#include "ui/palette.h"

enum { W = 1920, H = 1080, RUNS = 9, N_RUNS = 6, N_PTS = 500 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* CPU time of the whole process (every thread): with the wall time it tells a busy machine
 * (wall >> cpu / threads) from slow code. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void report(const char *what, double *v, double *cpu, int n, double target)
{
    double m = median(v, n), mc = median(cpu, n);
    printf("%-46s median %6.1f ms (min %6.1f, max %6.1f; cpu %6.1f) target <= %3g ms %s\n",
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

/* The decorations of render.c at UI scale 1, drawn on the canvas. */
static bool draw_figure(SoftCanvas *c, const Landscape *ls, const View *v, const FieldScale *fs,
                        float pts[N_RUNS][2 * N_PTS], const char *png, char *err, size_t errlen)
{
    SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, errlen);
    if (!f)
        return false;
    soft_field(c, ls, v, fs, 2);
    const UiColor halo = {15, 15, 15, 204}, white = {255, 255, 255, 255};
    for (int k = 0; k < ls->n_crit; k++) {
        double x, y;
        view_world_to_screen(v, ls->crit[k].x, ls->crit[k].y, &x, &y);
        float h[4] = {(float)x - 6.5f, (float)y, (float)x + 6.5f, (float)y};
        float vv[4] = {(float)x, (float)y - 6.5f, (float)x, (float)y + 6.5f};
        soft_polyline(c, h, 2, 4.8f, (UiColor){15, 15, 15, 191});
        soft_polyline(c, vv, 2, 4.8f, (UiColor){15, 15, 15, 191});
        soft_polyline(c, h, 2, 2.2f, (UiColor){255, 255, 255, 242});
        soft_polyline(c, vv, 2, 2.2f, (UiColor){255, 255, 255, 242});
    }
    for (int r = 0; r < N_RUNS; r++) {
        soft_polyline(c, pts[r], N_PTS, 2.0f * (1.9f + 1.4f), halo);
        soft_polyline(c, pts[r], N_PTS, 2.0f * 1.9f, run_color(r, 255));
    }
    for (int r = 0; r < N_RUNS; r++) {
        const float *p0 = pts[r], *pn = pts[r] + 2 * (N_PTS - 1);
        soft_disc(c, p0[0], p0[1], 6.7f, halo);
        soft_disc(c, p0[0], p0[1], 5.5f, white);
        soft_disc(c, p0[0], p0[1], 3.6f, run_color(r, 255));
        float arrow[6] = {pn[0] + 9.0f, pn[1], pn[0] + 40.0f, pn[1], pn[0] + 33.0f, pn[1] - 4.0f};
        soft_polyline(c, arrow, 3, 3.2f, run_color(r, 255));
        soft_disc(c, pn[0], pn[1], 8.6f, halo);
        soft_disc(c, pn[0], pn[1], 7.0f, white);
        soft_disc(c, pn[0], pn[1], 4.8f, run_color(r, 255));
    }
    /* Axes: strips, ticks and labels. */
    const UiColor strip = {10, 10, 16, 165}, text = {240, 240, 245, 255};
    const UiColor dim = {190, 192, 205, 255}, panel = {14, 14, 22, 190};
    float lh = (float)soft_font_line_height(f, SOFT_FACE_SMALL), bh = lh + 10.0f;
    ViewBox box = view_bounds(v);
    double xt[VIEW_MAX_TICKS], yt[VIEW_MAX_TICKS], xs, ys;
    int nx = view_ticks(box.xmin, box.xmax, W / 130 + 1, xt, VIEW_MAX_TICKS, &xs);
    int ny = view_ticks(box.ymin, box.ymax, H / 100 + 1, yt, VIEW_MAX_TICKS, &ys);
    char buf[64];
    float lw = 0.0f;
    for (int i = 0; i < ny; i++) {
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = soft_text_measure(f, SOFT_FACE_SMALL, buf);
        lw = tw > lw ? tw : lw;
    }
    lw += 16.0f;
    soft_rect(c, 0.0f, (float)H - bh, (float)W, bh, strip);
    soft_rect(c, 0.0f, 0.0f, lw, (float)H - bh, strip);
    for (int i = 0; i < nx; i++) {
        double sx, sy;
        view_world_to_screen(v, xt[i], 0.0, &sx, &sy);
        view_format_tick(xt[i], xs, buf, sizeof buf);
        float tw = soft_text_measure(f, SOFT_FACE_SMALL, buf);
        soft_rect(c, (float)sx - 0.5f, (float)H - bh - 6.0f, 1.0f, 6.0f, text);
        soft_text_draw(c, f, SOFT_FACE_SMALL, (float)sx - 0.5f * tw, (float)H - bh + 5.0f, buf,
                       text);
    }
    for (int i = 0; i < ny; i++) {
        double sx, sy;
        view_world_to_screen(v, 0.0, yt[i], &sx, &sy);
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = soft_text_measure(f, SOFT_FACE_SMALL, buf);
        soft_rect(c, lw, (float)sy - 0.5f, 6.0f, 1.0f, text);
        soft_text_draw(c, f, SOFT_FACE_SMALL, lw - 8.0f - tw, (float)sy - 0.5f * lh, buf, text);
    }
    soft_text_draw(c, f, SOFT_FACE_BODY, (float)W - 40.0f, (float)H - bh + 2.0f,
                   "\xce\xb8\xe2\x82\x81", text);
    soft_text_draw(c, f, SOFT_FACE_BODY, 0.5f * lw - 10.0f, 6.0f, "\xce\xb8\xe2\x82\x82", text);
    /* Legend: title, formula, two lines per run. */
    static const char *const names[N_RUNS] = {"Gradient descent", "Momentum", "Nesterov",
                                              "AdaGrad", "RMSProp", "Adam"};
    float x0 = lw + 14.0f, y0 = 14.0f, pad = 14.0f;
    float bhh = (float)soft_font_line_height(f, SOFT_FACE_BODY);
    float th = (float)soft_font_line_height(f, SOFT_FACE_TITLE);
    float entry = bhh + lh + 8.0f, wmax = 0.0f;
    char titles[N_RUNS][128], stats[N_RUNS][128];
    for (int r = 0; r < N_RUNS; r++) {
        snprintf(titles[r], sizeof titles[r], "%s   \xce\xb1 = %g", names[r], 0.001 * (r + 1));
        snprintf(stats[r], sizeof stats[r], "step 500 \xc2\xb7 loss %.4g \xc2\xb7 converged",
                 0.0123 * (r + 1));
        float a = 40.0f + soft_text_measure(f, SOFT_FACE_BODY, titles[r]);
        float b = 40.0f + soft_text_measure(f, SOFT_FACE_SMALL, stats[r]);
        wmax = fmaxf(wmax, fmaxf(a, b));
    }
    float hgt = pad + th + 2.0f + bhh + 10.0f + N_RUNS * entry + pad - 4.0f;
    soft_round_rect(c, x0, y0, wmax + 2.0f * pad, hgt, 10.0f, panel);
    float y = y0 + pad - 2.0f;
    soft_text_draw(c, f, SOFT_FACE_TITLE, x0 + pad, y, ls->name, text);
    y += th + 2.0f;
    char formula[256];
    snprintf(formula, sizeof formula, "f(x, y) = %s", ls->formula);
    soft_text_draw(c, f, SOFT_FACE_BODY, x0 + pad, y, formula, dim);
    y += bhh + 5.0f;
    soft_rect(c, x0 + pad, y, wmax, 1.0f, (UiColor){255, 255, 255, 50});
    y += 5.0f;
    for (int r = 0; r < N_RUNS; r++) {
        soft_text_draw(c, f, SOFT_FACE_BODY, x0 + pad + 40.0f, y + 2.0f, titles[r], text);
        soft_text_draw(c, f, SOFT_FACE_SMALL, x0 + pad + 40.0f, y + 2.0f + bhh, stats[r], dim);
        float sw[4] = {x0 + pad + 3.0f, y + 2.0f + 0.5f * bhh, x0 + pad + 27.0f,
                       y + 2.0f + 0.5f * bhh};
        soft_polyline(c, sw, 2, 6.8f, halo);
        soft_polyline(c, sw, 2, 4.4f, run_color(r, 255));
        y += entry;
    }
    soft_font_close(f);
    return pngio_write_rgba(png, c->w, c->h, c->rgba, c->w * 4, false, err, errlen);
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
    if (argc == 3 && strcmp(argv[1], "--figure") == 0) {
        /* One figure and exit: `time bench_soft --figure OUT.png` is the whole process. */
        const Landscape *ls = landscape_find("rosenbrock");
        View v = view_fit(&ls->view, W, H);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        bool ok = draw_figure(&c, ls, &v, &fs, pts, argv[2], err, sizeof err);
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
                double t0 = now_ms(), c0 = cpu_ms();
                soft_field(&c, ls, &v, &fs, threads);
                t[r] = now_ms() - t0;
                tc[r] = cpu_ms() - c0;
            }
            char what[96];
            snprintf(what, sizeof what, "field %s 1920x1080, %d thread%s", ids[k], threads,
                     threads > 1 ? "s" : "");
            report(what, t, tc, RUNS, threads == 2 ? 50.0 : 100.0);
        }
    }

    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms(), c0 = cpu_ms();
        for (int i = 0; i < N_RUNS; i++)
            soft_polyline(&c, pts[i], N_PTS, 3.0f, run_color(i, 255));
        t[r] = now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("6 polylines x 500 points, width 3", t, tc, RUNS, 10.0);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms(), c0 = cpu_ms();
        for (int i = 0; i < N_RUNS; i++) {
            soft_polyline(&c, pts[i], N_PTS, 6.6f, (UiColor){15, 15, 15, 204});
            soft_polyline(&c, pts[i], N_PTS, 3.8f, run_color(i, 255));
        }
        t[r] = now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("6 polylines x 500 points, halo + core", t, tc, RUNS, 20.0);

    /* Text from a cold start: open the fonts, rasterize every glyph once, draw ~14 lines. */
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms(), c0 = cpu_ms();
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
        t[r] = now_ms() - t0;
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
        double t0 = now_ms(), c0 = cpu_ms();
        if (!pngio_write_rgba(png, W, H, c.rgba, W * 4, false, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[r] = now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("PNG encode + write 1920x1080", t, tc, RUNS, 30.0);

    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms(), c0 = cpu_ms();
        if (!draw_figure(&c, ls, &v, &fs, pts, png, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[r] = now_ms() - t0;
        tc[r] = cpu_ms() - c0;
    }
    report("whole figure (fonts, field, runs, legend, PNG)", t, tc, RUNS, 110.0);
    FILE *fp = fopen(png, "rb");
    if (fp) {
        fseek(fp, 0, SEEK_END);
        printf("figure.png: %ld bytes\n", ftell(fp));
        fclose(fp);
    }
    unlink(png);
    rmdir(dir);
    soft_canvas_free(&c);
    return 0;
}
