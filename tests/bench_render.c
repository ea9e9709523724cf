/* bench_render.c - render benchmarks at 1920x1080, medians of several runs, glFinish before
 * each clock reading:
 *   field        re-rendering the field of each closed-form landscape (target <= 20 ms), and
 *                for information the data landscapes at full and at reduced resolution; a
 *                typed Rosenbrock (as text, and with a parameter uniform) against the
 *                built-in one (target: no slower);
 *   frame        an animating frame with 7 runs of 10,000 points each (target <= 8 ms), and for
 *                information a frame after a view change (field + every segment redrawn) and
 *                the same runs animating in four 960x540 panes (2x2, one cache each);
 *   png LOSSLENS the whole `losslens --png` process, six 500-step runs (target <= 40 ms;
 *                the export draws on the CPU, so this mode needs no display), wall and the
 *                CPU of the process (user + sys);
 *   png-data LOSSLENS  the whole `losslens --png` process for the data landscapes (logistic,
 *                tiny-net) and a closed form (bowl), taken in turn, with the ratios (target:
 *                the data landscapes within 1.3 x bowl).
 * field and frame need a display with OpenGL 3.3 (e.g. xvfb-run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <epoxy/gl.h>

#include "landscape/landscape.h"
#include "render/field.h"
#include "render/glwin.h"
#include "render/render.h"
#include "render/shader.h"
#include "util/datadir.h"
#include "run/run.h"
#include "bench.h"

enum { BW = 1920, BH = 1080, REPS = 15 };

/* Median of reps renders of ls's field into t over box, panning slightly each time. */
static double bench_field_median(FieldRenderer *fr, const RenderTarget *t, const Landscape *ls,
                                 const ViewBox *box, const FieldScale *fs, int reps)
{
    char err[1024];
    double ms[REPS];
    field_render(fr, t, ls, box, fs, 0, t->h, err, sizeof err);
    glFinish(); /* the first render compiles the program */
    for (int r = 0; r < reps && r < REPS; r++) {
        ViewBox b = *box;
        b.xmin += 1e-3 * r;
        b.xmax += 1e-3 * r;
        double t0 = bench_now_ms();
        field_render(fr, t, ls, &b, fs, 0, t->h, err, sizeof err);
        glFinish();
        ms[r] = bench_now_ms() - t0;
    }
    return bench_median(ms, reps < REPS ? reps : REPS);
}

/* A typed Rosenbrock against the built-in one, same view and scale: as typed (its GLSL is the
 * built-in's), and in written-math form with its 100 as a parameter (a uniform). Interleaved
 * rounds, so a slow moment of the machine hits both. */
static int bench_field_typed(FieldRenderer *fr, const RenderTarget *t)
{
    const Landscape *rb = landscape_find("rosenbrock");
    static LandscapeTypedDesc d[2];
    snprintf(d[0].text, sizeof d[0].text, "%s", rb->expr);
    snprintf(d[1].text, sizeof d[1].text, "%s", "(1 - x)^2 + c*(y - x^2)^2");
    char msg[128];
    LandscapeParam c;
    landscape_param_parse("c=100:1:1000", &c, msg, sizeof msg);
    landscape_typed_desc_add(&d[1], &c);
    ExprError xe;
    LandscapeTyped *typed[2] = {landscape_typed_create(&d[0], &xe),
                                landscape_typed_create(&d[1], &xe)};
    if (!typed[0] || !typed[1]) {
        fprintf(stderr, "bench_render: %s\n", xe.message);
        return 1;
    }
    View v = view_fit(&rb->view, BW, BH);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(rb, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    static const char *const NAMES[2] = {"typed, same text", "typed, c as a uniform"};
    for (int k = 0; k < 2; k++) {
        enum { ROUNDS = 5 };
        double built[ROUNDS], mine[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            built[r] = bench_field_median(fr, t, rb, &box, &fs, REPS);
            mine[r] = bench_field_median(fr, t, &typed[k]->ls, &box, &fs, REPS);
        }
        double b = bench_median(built, ROUNDS), m = bench_median(mine, ROUNDS);
        printf("field 1920x1080 rosenbrock built-in %.2f ms, %s %.2f ms: ratio %.3f "
               "(target: no slower, <= 1.05 within noise)\n", b, NAMES[k], m, m / b);
    }
    landscape_typed_destroy(typed[0]);
    landscape_typed_destroy(typed[1]);
    return 0;
}

/* What the window does after a view change (a pan step, a zoom click) on a data landscape,
 * through render_frame: frames from the one with the new view until the full-resolution
 * field is in (render_busy false; for a data landscape the first frame draws the reduced
 * field), against a closed form's field after the same change (target: within 1.3 x). */
static int bench_field_settle(void)
{
    enum { N = 5 };
    char err[1024];
    Renderer r;
    if (!render_init(&r, 1.0f, err, sizeof err)) {
        fprintf(stderr, "bench_render: %s\n", err);
        return 1;
    }
    RenderTarget t = {0};
    render_target_resize(&t, BW, BH);
    static const char *const IDS[] = {"bowl", "logistic", "tiny-net"};
    double closed = 0.0;
    for (int k = 0; k < 3; k++) {
        const Landscape *ls = landscape_find(IDS[k]);
        double ms[N];
        for (int rep = 0; rep < N; rep++) {
            PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, BW, BH)};
            sc.view.cx += 3.0 * sc.view.scale * (rep + 1); /* a pan */
            glFinish();
            double t0 = bench_now_ms();
            int frames = 0;
            do {
                render_frame(&r, &sc, t.fbo, BW, BH, err, sizeof err);
                frames++;
            } while (render_busy(&r) && frames < 100000);
            glFinish();
            ms[rep] = bench_now_ms() - t0;
        }
        double m = bench_median(ms, N);
        if (k == 0)
            closed = m;
        printf("window field %dx%d after a view change, %-9s median %7.1f ms", BW, BH, IDS[k], m);
        if (k > 0)
            printf("  (/ bowl %.2f x, target <= 1.3)", m / closed);
        printf("\n");
    }
    render_target_free(&t);
    render_free(&r);
    return 0;
}

static int bench_field(void)
{
    char dir[1024], err[1024];
    if (!datadir_locate(dir, sizeof dir, err, sizeof err)) {
        fprintf(stderr, "bench_render: %s\n", err);
        return 1;
    }
    FieldRenderer fr;
    field_init(&fr, dir, err, sizeof err);
    RenderTarget full = {0}, low = {0};
    render_target_resize(&full, BW, BH);
    double worst = 0.0;
    for (int id = 0; id < LANDSCAPE_COUNT; id++) {
        const Landscape *ls = landscape_at(id);
        View v = view_fit(&ls->view, BW, BH);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        int div = field_low_res_div(ls);
        render_target_resize(&low, (BW + div - 1) / div, (BH + div - 1) / div);
        const RenderTarget *targets[2] = {&full, &low};
        for (int k = 0; k < (ls->data ? 2 : 1); k++) {
            const RenderTarget *t = targets[k];
            int reps = ls->data && k == 0 ? 3 : REPS;
            double ms[REPS];
            if (!field_render(&fr, t, ls, &box, &fs, 0, t->h, err, sizeof err)) {
                fprintf(stderr, "bench_render: %s\n", err);
                return 1;
            }
            glFinish(); /* the first render compiles the program */
            for (int r = 0; r < reps; r++) {
                /* A slightly different view each time, as when panning. */
                ViewBox b = box;
                b.xmin += 1e-3 * r;
                b.xmax += 1e-3 * r;
                double t0 = bench_now_ms();
                field_render(&fr, t, ls, &b, &fs, 0, t->h, err, sizeof err);
                glFinish();
                ms[r] = bench_now_ms() - t0;
            }
            double m = bench_median(ms, reps);
            if (!ls->data && m > worst)
                worst = m;
            printf("field %dx%d %-15s median %7.2f ms%s\n", t->w, t->h, ls->id, m,
                   ls->data ? (k == 0 ? "  (data, full resolution)" : "  (data, while moving)")
                            : "");
        }
    }
    printf("field 1920x1080 closed-form worst median: %.2f ms (target <= 20 ms)\n", worst);
    if (bench_field_typed(&fr, &full) != 0)
        return 1;
    if (bench_field_settle() != 0)
        return 1;
    render_target_free(&full);
    render_target_free(&low);
    field_free(&fr);
    return 0;
}

static int bench_frame(void)
{
    enum { RUNS = 7, POINTS = 10000, FRAMES = 60 };
    char err[1024];
    static Renderer r;
    if (!render_init(&r, 1.0f, err, sizeof err)) {
        fprintf(stderr, "bench_render: %s\n", err);
        return 1;
    }
    const Landscape *ls = landscape_find("rotated-ravine");
    static const OptimKind kinds[RUNS] = {OPTIM_GD,      OPTIM_MOMENTUM, OPTIM_NESTEROV,
                                          OPTIM_ADAGRAD, OPTIM_RMSPROP,  OPTIM_ADAM,
                                          OPTIM_GD};
    Run runs[RUNS];
    for (int i = 0; i < RUNS; i++) {
        RunDesc d = run_desc_default(kinds[i]);
        d.noise = 0.6; /* keeps every run wandering: 10,000 distinct points */
        d.seed = (uint64_t)i + 1;
        if (!run_init(&runs[i], ls, &d, ls->start[0], ls->start[1], err, sizeof err)) {
            fprintf(stderr, "bench_render: %s\n", err);
            return 1;
        }
        while (runs[i].n < POINTS && run_step(&runs[i]))
            ;
    }
    RenderTarget t = {0};
    render_target_resize(&t, BW, BH);
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, BW, BH), .runs = runs,
                      .n_runs = RUNS, .show_status = true, .playing = true, .speed = 60,
                      .max_steps = POINTS + FRAMES};
    double t0 = bench_now_ms();
    render_frame(&r, &sc, t.fbo, BW, BH, err, sizeof err); /* field + all segments */
    glFinish();
    printf("frame first (compiles, field, 70,000 segments): %.1f ms\n", bench_now_ms() - t0);
    double ms[FRAMES];
    for (int f = 0; f < FRAMES; f++) {
        double a = bench_now_ms();
        for (int i = 0; i < RUNS; i++)
            run_step(&runs[i]);
        render_frame(&r, &sc, t.fbo, BW, BH, err, sizeof err);
        glFinish();
        ms[f] = bench_now_ms() - a;
    }
    long pts = 0;
    for (int i = 0; i < RUNS; i++)
        pts += runs[i].n;
    printf("frame animating, %d runs, %ld points: median %.2f ms (target <= 8 ms)\n", RUNS, pts,
           bench_median(ms, FRAMES));
    double pan[9];
    for (int f = 0; f < 9; f++) {
        view_pan(&sc.view, 3, 0);
        double a = bench_now_ms();
        render_frame(&r, &sc, t.fbo, BW, BH, err, sizeof err);
        glFinish();
        pan[f] = bench_now_ms() - a;
    }
    printf("frame after a view change (field + every segment): median %.2f ms\n",
           bench_median(pan, 9));
    /* The same runs in four panes of a 2x2 layout (each its own cache), for information. */
    RenderPane panes[4];
    for (int p = 0; p < 4; p++)
        render_pane_init(&panes[p]);
    double quad[FRAMES];
    for (int f = 0; f < FRAMES; f++) {
        for (int i = 0; i < RUNS; i++)
            run_step(&runs[i]);
        double a = bench_now_ms();
        for (int p = 0; p < 4; p++) {
            UiRect rect = {(float)(p % 2) * BW / 2, (float)(p / 2) * BH / 2, BW / 2, BH / 2};
            PlotScene q = sc;
            q.view = view_fit(&ls->view, BW / 2, BH / 2);
            render_pane(&r, &panes[p], &q, t.fbo, BW, BH, rect, err, sizeof err);
        }
        glFinish();
        quad[f] = bench_now_ms() - a;
    }
    printf("frame animating in 4 panes of 960x540 (the first builds the layers): median %.2f ms\n",
           bench_median(quad, FRAMES));
    for (int p = 0; p < 4; p++)
        render_pane_free(&panes[p]);
    render_target_free(&t);
    for (int i = 0; i < RUNS; i++)
        run_free(&runs[i]);
    render_free(&r);
    return 0;
}

/* Runs argv (argv[0] the program) to the end: wall ms, and the CPU ms of the child (user +
 * sys) into *cpu; < 0 when it failed. */
static double bench_process(const char *const *argv, double *cpu)
{
    struct rusage ru0, ru1;
    getrusage(RUSAGE_CHILDREN, &ru0);
    double a = bench_now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    double ms = bench_now_ms() - a;
    getrusage(RUSAGE_CHILDREN, &ru1);
    *cpu = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec -
            ru0.ru_stime.tv_sec) * 1e3 +
           (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec -
            ru0.ru_stime.tv_usec) * 1e-3;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? ms : -1.0;
}

static int bench_png(const char *exe)
{
    enum { N = 11 };
    double ms[N], cpu[N];
    char out[] = "/tmp/bench_render_png_XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return 1;
    close(fd);
    const char *argv[] = {exe, "--landscape", "rosenbrock", "--steps", "500",
                          "--opt", "gd:lr=0.001", "--opt", "momentum:lr=0.0005",
                          "--opt", "nesterov:lr=0.0005", "--opt", "adagrad:lr=0.5",
                          "--opt", "rmsprop:lr=0.01", "--opt", "adam:lr=0.05",
                          "--size", "1920x1080", "--png", out, NULL};
    for (int k = 0; k < N; k++) {
        ms[k] = bench_process(argv, &cpu[k]);
        if (ms[k] < 0.0) {
            fprintf(stderr, "bench_render: losslens --png failed\n");
            remove(out);
            return 1;
        }
    }
    remove(out);
    printf("png 1920x1080, six 500-step runs, whole process: median %.1f ms, cpu %.1f ms "
           "(target <= 40 ms)\n", bench_median(ms, N), bench_median(cpu, N));
    return 0;
}

static int bench_png_data(const char *exe)
{
    enum { N = 11, L = 3 };
    static const char *const IDS[L] = {"bowl", "logistic", "tiny-net"};
    double ms[L][N], cpu[L][N];
    char out[] = "/tmp/bench_render_png_XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0)
        return 1;
    close(fd);
    /* The three in turn, so that a busy spell of the machine falls on all of them. */
    for (int k = 0; k < N; k++) {
        for (int l = 0; l < L; l++) {
            const char *argv[] = {exe, "--landscape", IDS[l], "--size", "1920x1080", "--png",
                                  out, NULL};
            ms[l][k] = bench_process(argv, &cpu[l][k]);
            if (ms[l][k] < 0.0) {
                fprintf(stderr, "bench_render: losslens --png --landscape %s failed\n", IDS[l]);
                remove(out);
                return 1;
            }
        }
    }
    remove(out);
    double m0 = bench_median(ms[0], N), c0 = bench_median(cpu[0], N);
    for (int l = 0; l < L; l++) {
        double m = bench_median(ms[l], N), c = bench_median(cpu[l], N);
        printf("png 1920x1080 %-9s whole process: median %6.1f ms, cpu %6.1f ms", IDS[l], m, c);
        if (l > 0)
            printf("; / bowl %.2f x wall, %.2f x cpu (target <= 1.3)", m / m0, c / c0);
        printf("\n");
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "field";
    if (strcmp(mode, "png") == 0)
        return argc > 2 ? bench_png(argv[2]) : 2;
    if (strcmp(mode, "png-data") == 0)
        return argc > 2 ? bench_png_data(argv[2]) : 2;
    char err[1024];
    GlWindow gw = {0};
    if (SDL_Init(SDL_INIT_VIDEO) != 0 ||
        !glwin_open("bench_render", 64, 64, SDL_WINDOW_HIDDEN, &gw, err, sizeof err)) {
        fprintf(stderr, "bench_render: no OpenGL 3.3 (%s)\n", SDL_GetError());
        return 1;
    }
    printf("bench_render: %s\n", (const char *)glGetString(GL_RENDERER));
    int rc = strcmp(mode, "frame") == 0 ? bench_frame() : bench_field();
    glwin_close(&gw);
    SDL_Quit();
    return rc;
}
