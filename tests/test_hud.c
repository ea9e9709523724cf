/* test_hud.c - the panels beside the plots: the timeline's pixel -> step mapping, the number
 * formatting, the table's and inspector's text against the runs (closed forms for gd on the
 * bowl: loss 5·0.64^k), and rendered loss plots: each run's color where lossplot_x/lossplot_y
 * put its points and nowhere far from its curve, a diverged run's curve ending in a cross at
 * its last step, a stochastic run's running mean, a long run decimated.
 *
 * The drawing tests run twice, on both backends of the canvas: the CPU renderer (no display
 * needed) and the GL one, which needs a display with OpenGL 3.3 (Xvfb + llvmpipe in CI).
 * Without one the GL pass is skipped (exit 77 if nothing failed), unless CI=true, where that
 * is a failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <epoxy/gl.h>

#include "landscape/landscape.h"
#include "render/glwin.h"
#include "analysis/analysis.h"
#include "figure/hud.h"
#include "render/render.h"
#include "render/canvas_soft.h"
#include "run/run.h"
#include "test.h"
#include "gl_test.h"
#include "ui/lossplot.h"
#include "ui/palette.h"

enum { W = 800, H = 500 };

static Canvas *g_canvas; /* the canvas the drawing tests draw on */
static Renderer *g_gl;    /* its GL renderer, or NULL for the CPU canvas */

/* ---- Parsing what the HUD prints ------------------------------------------------------ */

/* Reads "⁻¹²" style digits; returns the number of bytes read (0: none). */
static int parse_superscript(const char *s, long *e)
{
    static const char *const digit[10] = {
        "\xe2\x81\xb0", "\xc2\xb9",     "\xc2\xb2",     "\xc2\xb3",     "\xe2\x81\xb4",
        "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
    };
    const char *p = s;
    int sign = 1;
    if (strncmp(p, "\xe2\x81\xbb", 3) == 0) {
        sign = -1;
        p += 3;
    }
    long v = 0;
    int nd = 0;
    for (;;) {
        int d = -1;
        for (int i = 0; i < 10 && d < 0; i++)
            if (strncmp(p, digit[i], strlen(digit[i])) == 0)
                d = i;
        if (d < 0)
            break;
        p += strlen(digit[d]);
        v = 10 * v + d;
        nd++;
    }
    if (nd == 0)
        return 0;
    *e = sign * v;
    return (int)(p - s);
}

/* Reads a hud_format_value number ("−1.23×10⁻⁵", "10⁻⁴", "0.5"); NAN when malformed. */
static double parse_value(const char *s, const char **end)
{
    double sign = 1.0;
    if (strncmp(s, "\xe2\x88\x92", 3) == 0) {
        sign = -1.0;
        s += 3;
    }
    char *e;
    double m = strtod(s, &e);
    if (e == s)
        return NAN;
    s = e;
    long ex;
    int n;
    if (strncmp(s, "\xc3\x97" "10", 4) == 0 && (n = parse_superscript(s + 4, &ex)) > 0) {
        s += 4 + n;
        m *= pow(10.0, (double)ex);
    } else if (m == 10.0 && (n = parse_superscript(s, &ex)) > 0) {
        s += n;
        m = pow(10.0, (double)ex);
    }
    if (end)
        *end = s;
    return sign * m;
}

/* Reads "(a, b)"; false when malformed. */
static bool parse_pair(const char *s, double out[2])
{
    if (*s++ != '(')
        return false;
    out[0] = parse_value(s, &s);
    if (strncmp(s, ", ", 2) != 0)
        return false;
    out[1] = parse_value(s + 2, &s);
    return *s == ')' && !isnan(out[0]) && !isnan(out[1]);
}

static bool close_rel(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fabs(want) + 1e-300;
}

/* ---- Runs ----------------------------------------------------------------------------- */

static bool make_run(Run *run, const char *ls_id, OptimKind kind, double lr, double x0,
                     double y0, long steps)
{
    char err[256];
    const Landscape *ls = landscape_find(ls_id);
    RunDesc d = run_desc_default(kind);
    if (lr > 0.0)
        d.opt.lr = lr;
    if (!ls || !run_init(run, ls, &d, x0, y0, err, sizeof err))
        return false;
    for (long k = 0; k < steps && run_step(run); k++) {
    }
    return true;
}

/* ---- Pixels --------------------------------------------------------------------------- */

typedef struct {
    RenderTarget t;
    unsigned char *px;
} Pic;

/* A black target with the renderer's canvas begun on it: the GL renderer's batcher and line
 * renderer on a framebuffer (as the window begins them), or the CPU renderer's image. */
static void pic_begin(Pic *c)
{
    if (!g_gl) {
        soft_clear(canvas_soft_image(g_canvas), (UiColor){0, 0, 0, 255});
        canvas_begin(g_canvas, W, H, 0, 0, W, H);
        return;
    }
    render_target_resize(&c->t, W, H);
    glBindFramebuffer(GL_FRAMEBUFFER, c->t.fbo);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    batcher_begin(&g_gl->batch, W, H);
    traj_begin(&g_gl->traj, W, H);
}

/* The picture, bottom row first (as GL reads it back) whichever the backend. */
static void pic_read(Pic *c)
{
    c->px = malloc((size_t)W * H * 4);
    if (!g_gl) {
        for (int y = 0; y < H; y++)
            memcpy(c->px + (size_t)(H - 1 - y) * W * 4,
                   canvas_soft_image(g_canvas)->rgba + (size_t)y * W * 4, (size_t)W * 4);
        return;
    }
    batcher_end(&g_gl->batch);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, c->t.fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, c->px);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

/* With HUD_TEST_DUMP=dir set, saves the picture as dir/name.ppm to look at. */
static void pic_dump(const Pic *c, const char *name)
{
    const char *dir = getenv("HUD_TEST_DUMP");
    if (!dir)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.ppm", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fprintf(f, "P6\n%d %d\n255\n", W, H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            fwrite(c->px + 4 * ((size_t)(H - 1 - y) * W + (size_t)x), 1, 3, f);
    fclose(f);
}

static void pic_free(Pic *c)
{
    static int serial;
    char name[128];
    snprintf(name, sizeof name, "%02d-%s-%s", serial++, !g_gl ? "cpu" : "gl",
             test_state_.current);
    pic_dump(c, name);
    free(c->px);
    if (!!g_gl)
        render_target_free(&c->t);
}

/* Pixel (x, y), y down. */
static const unsigned char *px_at(const Pic *c, int x, int y)
{
    x = x < 0 ? 0 : x >= W ? W - 1 : x;
    y = y < 0 ? 0 : y >= H ? H - 1 : y;
    return c->px + 4 * ((size_t)(H - 1 - y) * W + (size_t)x);
}

static int color_diff(const unsigned char *p, const unsigned char rgb[3])
{
    int d = 0;
    for (int i = 0; i < 3; i++) {
        int e = abs((int)p[i] - (int)rgb[i]);
        d = e > d ? e : d;
    }
    return d;
}

/* The best match to rgb within r pixels of the point (x, y) (pixel coordinates). */
static int best_near(const Pic *c, float x, float y, int r, const unsigned char rgb[3])
{
    int best = 255, cx = (int)floorf(x), cy = (int)floorf(y);
    for (int j = cy - r; j <= cy + r; j++)
        for (int i = cx - r; i <= cx + r; i++) {
            int d = color_diff(px_at(c, i, j), rgb);
            best = d < best ? d : best;
        }
    return best;
}

static float seg_dist(float px, float py, float ax, float ay, float bx, float by)
{
    float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    float t = l2 > 0.0f ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0.0f;
    t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
    float ex = ax + t * dx - px, ey = ay + t * dy - py;
    return sqrtf(ex * ex + ey * ey);
}

/* ---- Timeline mapping (no GL) ------------------------------------------------------------ */

TEST(test_timeline_step_at)
{
    UiRect r = {100.0f, 50.0f, 800.0f, 48.0f};
    float x0, x1;
    hud_timeline_bar(r, &x0, &x1);
    ASSERT(x0 > r.x && x1 < r.x + r.w && x1 - x0 > 0.8f * r.w);
    const long max = 1000;
    /* The ends exactly, and clamped beyond them. */
    ASSERT(hud_timeline_step_at(r, max, x0) == 0);
    ASSERT(hud_timeline_step_at(r, max, x1) == max);
    ASSERT(hud_timeline_step_at(r, max, x0 - 40.0f) == 0);
    ASSERT(hud_timeline_step_at(r, max, r.x) == 0);
    ASSERT(hud_timeline_step_at(r, max, x1 + 40.0f) == max);
    ASSERT(hud_timeline_step_at(r, max, r.x + r.w + 500.0f) == max);
    ASSERT(hud_timeline_step_at(r, max, NAN) == 0);
    /* Linear in between. */
    ASSERT(hud_timeline_step_at(r, max, 0.5f * (x0 + x1)) == 500);
    ASSERT(hud_timeline_step_at(r, max, x0 + 0.25f * (x1 - x0)) == 250);
    ASSERT(hud_timeline_step_at(r, max, x0 + 0.9f * (x1 - x0)) == 900);
    long prev = 0;
    int worst_ok = 1;
    for (float x = x0; x <= x1; x += 0.37f) {
        long k = hud_timeline_step_at(r, max, x);
        double want = (double)(x - x0) / (double)(x1 - x0) * (double)max;
        worst_ok &= fabs((double)k - want) <= 0.5 + 1e-3;
        ASSERT(k >= prev);
        prev = k;
    }
    ASSERT(worst_ok);
    /* Two steps: the halves; none: always 0. */
    ASSERT(hud_timeline_step_at(r, 1, x0 + 0.4f * (x1 - x0)) == 0);
    ASSERT(hud_timeline_step_at(r, 1, x0 + 0.6f * (x1 - x0)) == 1);
    ASSERT(hud_timeline_step_at(r, 0, x1) == 0);
    ASSERT(hud_timeline_step_at(r, -5, x1) == 0);
    /* A narrow rect still maps its ends exactly. */
    UiRect n = {0.0f, 0.0f, 60.0f, 40.0f};
    hud_timeline_bar(n, &x0, &x1);
    ASSERT(x1 > x0);
    ASSERT(hud_timeline_step_at(n, 77, x0) == 0 && hud_timeline_step_at(n, 77, x1) == 77);
}

/* ---- Formatting (no GL) ----------------------------------------------------------------- */

TEST(test_format_value)
{
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0.0, "0"},
        {0.5, "0.5"},
        {1.0, "1"},
        {123.4, "123"},
        {999.7, "1000"},
        {12345.6, "12346"},
        {-0.00123, "\xe2\x88\x92" "0.00123"},
        {1.234e-5, "1.23\xc3\x97" "10\xe2\x81\xbb\xe2\x81\xb5"},
        {1e-4, "10\xe2\x81\xbb\xe2\x81\xb4"},
        {9.999e-5, "10\xe2\x81\xbb\xe2\x81\xb4"},
        {2.5e5, "2.5\xc3\x97" "10\xe2\x81\xb5"},
        {-3e12, "\xe2\x88\x92" "3\xc3\x97" "10\xc2\xb9\xc2\xb2"},
        {1e300, "10\xc2\xb3\xe2\x81\xb0\xe2\x81\xb0"},
        {INFINITY, "\xe2\x88\x9e"},
        {NAN, "\xe2\x80\x94"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        hud_format_value(cases[i].v, buf, sizeof buf);
        if (strcmp(buf, cases[i].want) != 0)
            fprintf(stderr, "  format(%g) = \"%s\", want \"%s\"\n", cases[i].v, buf,
                    cases[i].want);
        ASSERT(strcmp(buf, cases[i].want) == 0);
    }
    /* What it prints reads back within its 3 digits, over many magnitudes. */
    int bad = 0;
    for (double v = 3.7e-250; v < 1e250; v *= 13.7) {
        char buf[64];
        hud_format_value(-v, buf, sizeof buf);
        bad += !close_rel(parse_value(buf, NULL), -v, 5e-3);
    }
    ASSERT(bad == 0);
    char tiny[6];
    hud_format_value(1.234e-5, tiny, sizeof tiny); /* truncates, stays terminated */
    ASSERT(strlen(tiny) < sizeof tiny);
}

/* ---- Table rows against closed forms (no GL) -------------------------------------------- */

TEST(test_table_rows)
{
    /* gd on the bowl from (1, 2) with α = 0.1: θ_k = 0.8^k θ_0, loss 5·0.64^k. */
    Run run;
    ASSERT(make_run(&run, "bowl", OPTIM_GD, 0.1, 1.0, 2.0, 30));
    HudRow row;
    hud_table_row(&run, 30, 1e-4, (double)NAN, &row);
    ASSERT(strcmp(row.name, "Gradient descent") == 0);
    ASSERT_STR_CONTAINS(row.detail, "0.1");
    /* 5·0.64^k < 1e-4 first at k = 25. */
    long want_first = (long)floor(log(1e-4 / 5.0) / log(0.64)) + 1;
    ASSERT(want_first == 25);
    ASSERT(run_below_since(&run, 30, 1e-4, NULL) == want_first);
    ASSERT(strcmp(row.steps, "25") == 0);
    ASSERT(close_rel(parse_value(row.loss, NULL), 5.0 * pow(0.64, 30), 5e-3));
    ASSERT(close_rel(parse_value(row.loss, NULL), run.pts[30].loss, 5e-3));
    ASSERT(strcmp(row.status, "\xe2\x80\x94") == 0); /* |g| = 2·0.8^30·√5 > 1e-6 */
    /* Earlier on the clock: the loss there, and the threshold not reached yet. */
    hud_table_row(&run, 10, 1e-4, (double)NAN, &row);
    ASSERT(close_rel(parse_value(row.loss, NULL), 5.0 * pow(0.64, 10), 5e-3));
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") == 0);
    /* |g| = 2·√5·0.8^k < 1e-6 first at k = 69. */
    for (int k = 30; k < 100; k++)
        run_step(&run);
    hud_table_row(&run, 100, 1e-4, (double)NAN, &row);
    ASSERT(run.converged_step == 69);
    ASSERT(strcmp(row.status, "converged at step 69") == 0);
    char head[96];
    hud_table_tol_header(1e-4, false, head, sizeof head);
    ASSERT(strcmp(head, "L < 10\xe2\x81\xbb\xe2\x81\xb4 from step") == 0);
    run_free(&run);

    /* A line search spends more than one evaluation a step, and the row says how many:
     * L-BFGS on Rosenbrock from (-1.2, 1) first has L < 1e-4 at step 32, after 32 gradient
     * and 73 loss evaluations (the counts the run recorded at that point). */
    ASSERT(make_run(&run, "rosenbrock", OPTIM_LBFGS, 0.0, -1.2, 1.0, 40));
    long first = run_below_since(&run, 40, 1e-4, NULL);
    ASSERT(first == 32 && run.pts[first].grad_evals == 32 && run.pts[first].loss_evals == 73);
    hud_table_row(&run, 40, 1e-4, (double)NAN, &row);
    ASSERT(strcmp(row.steps, "32 (32 \xe2\x88\x87L, 73 L)") == 0); /* ∇ */
    hud_table_row(&run, 20, 1e-4, (double)NAN, &row); /* not yet at the clock */
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") == 0);
    run_free(&run);

    /* α = 10: θ_k = (−19)^k θ_0 overflows near step 121 and the run stops there. */
    ASSERT(make_run(&run, "bowl", OPTIM_GD, 10.0, 1.0, 2.0, 400));
    ASSERT(run.stop == RUN_DIVERGED);
    ASSERT(run.stop_step >= 118 && run.stop_step <= 122);
    ASSERT(run.n == run.stop_step);
    hud_table_row(&run, 400, 1e-4, (double)NAN, &row);
    char want[64];
    snprintf(want, sizeof want, "diverged at step %ld", run.stop_step);
    ASSERT(strcmp(row.status, want) == 0);
    ASSERT(strcmp(row.steps, "\xe2\x80\x94") == 0);
    ASSERT(close_rel(parse_value(row.loss, NULL), run.pts[run.n - 1].loss, 5e-3));
    ASSERT(run.pts[run.n - 1].loss > 1e300);
    run_free(&run);
}

/* ---- Inspector lines (no GL) ------------------------------------------------------------ */

static const HudLine *find_line(const HudLine *lines, int n, const char *label)
{
    for (int i = 0; i < n; i++)
        if (strcmp(lines[i].label, label) == 0)
            return &lines[i];
    return NULL;
}

TEST(test_inspector_lines_adam)
{
    Run run;
    ASSERT(make_run(&run, "rosenbrock", OPTIM_ADAM, 0.05, -1.5, 2.0, 40));
    HudLine lines[HUD_INSPECTOR_MAX_LINES];
    int n = hud_inspector_lines(&run, 40, (double)NAN, lines, HUD_INSPECTOR_MAX_LINES);
    ASSERT(n == 10); /* step, α, θ, L, ∇L, m, v, m̂, v̂, Δθ */
    OptimState st;
    optim_state(run.opt, &st);
    ASSERT(st.n == 4);
    int matched = 0;
    for (int j = 0; j < st.n; j++) {
        const HudLine *l = find_line(lines, n, st.name[j]);
        double v[2];
        ASSERT(l && parse_pair(l->value, v));
        if (l && parse_pair(l->value, v)) {
            ASSERT(close_rel(v[0], st.value[j][0], 5e-3));
            ASSERT(close_rel(v[1], st.value[j][1], 5e-3));
            matched++;
        }
    }
    ASSERT(matched == 4);
    /* m̂ and v̂ by name (U+0302 combining circumflex), bias-corrected: m̂ = m / (1 − β1^k). */
    const HudLine *mh = find_line(lines, n, "m\xcc\x82");
    const HudLine *vh = find_line(lines, n, "v\xcc\x82");
    double m[2], v[2];
    ASSERT(mh && vh && parse_pair(mh->value, m) && parse_pair(vh->value, v));
    ASSERT(close_rel(m[0], st.value[0][0] / (1.0 - pow(0.9, 40)), 5e-3));
    ASSERT(close_rel(v[1], st.value[1][1] / (1.0 - pow(0.999, 40)), 5e-3));
    /* Step, rate, Δθ = θ_40 − θ_39, the point and its gradient. */
    ASSERT(strcmp(find_line(lines, n, "step")->value, "40") == 0);
    ASSERT(close_rel(parse_value(find_line(lines, n, "\xce\xb1")->value, NULL),
                     run_current_lr(&run), 5e-3));
    double d[2], th[2], g[2];
    ASSERT(parse_pair(find_line(lines, n, "\xce\x94\xce\xb8")->value, d));
    ASSERT(close_rel(d[0], run.pts[40].x - run.pts[39].x, 5e-3));
    ASSERT(close_rel(d[1], run.pts[40].y - run.pts[39].y, 5e-3));
    ASSERT(parse_pair(find_line(lines, n, "\xce\xb8")->value, th));
    ASSERT(close_rel(th[0], run.pts[40].x, 5e-3) && close_rel(th[1], run.pts[40].y, 5e-3));
    ASSERT(parse_pair(find_line(lines, n, "\xe2\x88\x87L")->value, g));
    ASSERT(close_rel(g[0], run.pts[40].gx, 5e-3) && close_rel(g[1], run.pts[40].gy, 5e-3));
    /* Fewer lines when asked. */
    ASSERT(hud_inspector_lines(&run, 40, (double)NAN, lines, 3) == 3);
    run_free(&run);

    /* A schedule: the rate of the next step under it, the schedule named. */
    char err[256];
    RunDesc desc = run_desc_default(OPTIM_MOMENTUM);
    desc.schedule = schedule_default(SCHEDULE_EXP);
    ASSERT(run_init(&run, landscape_find("bowl"), &desc, 1.0, 1.0, err, sizeof err));
    for (int k = 0; k < 10; k++)
        run_step(&run);
    n = hud_inspector_lines(&run, 10, (double)NAN, lines, HUD_INSPECTOR_MAX_LINES);
    ASSERT(n == 7); /* step, α, θ, L, ∇L, v, Δθ */
    const HudLine *a = find_line(lines, n, "\xce\xb1");
    ASSERT(a != NULL);
    if (a) {
        ASSERT(close_rel(parse_value(a->value, NULL), desc.opt.lr * pow(0.99, 10), 5e-3));
        ASSERT_STR_CONTAINS(a->value, "exp");
    }
    /* At step 0 nothing has moved yet. */
    n = hud_inspector_lines(&run, 0, (double)NAN, lines, HUD_INSPECTOR_MAX_LINES);
    ASSERT(strcmp(find_line(lines, n, "\xce\x94\xce\xb8")->value, "(0, 0)") == 0);
    run_free(&run);
}

/* ---- Loss plot pixels ------------------------------------------------------------------- */

static const UiRect PLOT = {20.0f, 16.0f, 760.0f, 460.0f};

/* Pixels of run i's color (the core, not its anti-aliased rim) inside the data area that
 * lie further than tol from the polyline through pts (pixels), away from the end marker. */
static long stray_pixels(const Pic *c, const LossAxes *a, int i, const float *pts, int n,
                         float tol, long *on_curve)
{
    unsigned char rgb[3];
    palette_run_rgb(i, rgb);
    long stray = 0;
    *on_curve = 0;
    float ex = pts[2 * (n - 1)], ey = pts[2 * (n - 1) + 1];
    for (int y = (int)a->r.y; y < (int)(a->r.y + a->r.h); y++) {
        for (int x = (int)a->r.x; x < (int)(a->r.x + a->r.w); x++) {
            if (color_diff(px_at(c, x, y), rgb) > 24)
                continue;
            float fx = (float)x + 0.5f, fy = (float)y + 0.5f;
            if (hypotf(fx - ex, fy - ey) < 9.0f)
                continue;
            float d = 1e9f;
            for (int k = 0; k + 1 < n; k++) {
                float e = seg_dist(fx, fy, pts[2 * k], pts[2 * k + 1], pts[2 * k + 2],
                                   pts[2 * k + 3]);
                d = e < d ? e : d;
            }
            if (d > tol)
                stray++;
            else
                (*on_curve)++;
        }
    }
    return stray;
}

/* Scene 14's B = 1 run: a single point's loss reads 10^-9 at some steps, yet the axis is
 * fitted to the full losses (the thick curves) and minibatch losses only widen it upwards. */
TEST(test_loss_axis_not_stretched_by_minibatch_losses)
{
    Run run;
    char err[256];
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 1.0;
    d.batch = 1;
    ASSERT(run_init(&run, landscape_find("logistic"), &d, -1.5, -2.5, err, sizeof err));
    for (int k = 0; k < 200 && run_step(&run); k++) {
    }
    double full_lo = INFINITY, batch_lo = INFINITY;
    for (long k = 0; k < run.n; k++) {
        full_lo = fmin(full_lo, run.pts[k].loss);
        if (k > 0)
            batch_lo = fmin(batch_lo, run.pts[k].batch_loss);
    }
    ASSERT(batch_lo < 1e-3 * full_lo); /* the case: minibatch losses far below */
    HudRuns h = {.runs = &run, .n_runs = 1, .selected = 0, .step = 200, .f_tol = 1e-4};
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    ASSERT(a.y_lo == floor(log10(full_lo)));
    run_free(&run);
}

TEST(test_loss_plot_curves_where_lossplot_says)
{
    Run runs[2];
    ASSERT(make_run(&runs[0], "bowl", OPTIM_GD, 0.1, 1.0, 2.0, 30));
    ASSERT(make_run(&runs[1], "bowl", OPTIM_MOMENTUM, 0.05, -1.0, 1.5, 30));
    HudRuns h = {.runs = runs, .n_runs = 2, .selected = 0, .step = 30, .f_tol = 1e-4};
    Pic c = {0};
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    /* The data area sits inside the panel; steps 0 .. 30 across it; the y range holds the
     * losses in whole decades. */
    ASSERT(a.r.x > PLOT.x && a.r.x + a.r.w < PLOT.x + PLOT.w);
    ASSERT(a.r.y > PLOT.y && a.r.y + a.r.h < PLOT.y + PLOT.h);
    ASSERT(a.k_max == 30.0 && !a.symlog);
    ASSERT(a.y_hi == 1.0 && a.y_lo <= log10(5.0 * pow(0.64, 30)));
    unsigned char rgb0[3], rgb1[3];
    palette_run_rgb(0, rgb0);
    palette_run_rgb(1, rgb1);
    /* gd's closed form at several steps, run 1 at its recorded points. */
    static const int ks[] = {0, 2, 5, 9, 14, 20, 26};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        int k = ks[i];
        float x = lossplot_x(&a, k), y = lossplot_y(&a, 5.0 * pow(0.64, k));
        int d = best_near(&c, x, y, 1, rgb0);
        if (d > 12)
            fprintf(stderr, "  gd step %d at (%.1f, %.1f): off by %d\n", k, (double)x,
                    (double)y, d);
        ASSERT(d <= 12);
        ASSERT(best_near(&c, lossplot_x(&a, k), lossplot_y(&a, runs[1].pts[k].loss), 1,
                         rgb1) <= 12);
    }
    /* Nowhere far from its own curve (the polyline of its points). */
    for (int i = 0; i < 2; i++) {
        float pts[2 * 31];
        for (int k = 0; k <= 30; k++) {
            pts[2 * k] = lossplot_x(&a, k);
            pts[2 * k + 1] = lossplot_y(&a, runs[i].pts[k].loss);
        }
        long on = 0, stray = stray_pixels(&c, &a, i, pts, 31, 2.5f, &on);
        printf("  run %d: %ld pixels on its curve, %ld stray\n", i, on, stray);
        ASSERT(stray == 0);
        ASSERT(on > (long)(a.r.w / 3.0f));
    }
    /* The clock: a light vertical line at step 30 (the right edge), the dots on it. */
    float xc = lossplot_x(&a, 30.0);
    ASSERT(best_near(&c, xc, lossplot_y(&a, runs[0].pts[30].loss), 1, rgb0) <= 12);
    const unsigned char white[3] = {255, 255, 255};
    ASSERT(best_near(&c, xc, lossplot_y(&a, runs[0].pts[30].loss) - 4.6f, 1, white) <= 60);
    int ymid = (int)(a.r.y + 0.15f * a.r.h);
    const unsigned char *line = px_at(&c, (int)floorf(xc), ymid);
    const unsigned char *off = px_at(&c, (int)floorf(xc) - 12, ymid);
    ASSERT(line[0] > off[0] + 40);
    /* The panel: translucent dark, and nothing drawn outside it. */
    const unsigned char *bg = px_at(&c, (int)(a.r.x + 0.5f * a.r.w), (int)(a.r.y + 2));
    ASSERT(bg[0] < 40 && bg[2] < 50);
    int outside = 0;
    for (int x = 0; x < W; x++)
        outside += px_at(&c, x, (int)PLOT.y - 3)[0] + px_at(&c, x, (int)(PLOT.y + PLOT.h) + 2)[0];
    ASSERT(outside == 0);
    pic_free(&c);
    /* Earlier on the clock the x axis spans 0 .. 10 at least, and the curve stops at the
     * clock. */
    h.step = 4;
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    a = hud_loss_axes(g_canvas, &h, PLOT);
    ASSERT(a.k_max == 10.0);
    ASSERT(best_near(&c, lossplot_x(&a, 4), lossplot_y(&a, runs[0].pts[4].loss), 1, rgb0) <=
           12);
    int beyond = 0;
    for (int y = (int)a.r.y; y < (int)(a.r.y + a.r.h); y++)
        for (int x = (int)lossplot_x(&a, 4) + 10; x < (int)(a.r.x + a.r.w); x++)
            beyond += color_diff(px_at(&c, x, y), rgb0) <= 40;
    ASSERT(beyond == 0);
    pic_free(&c);
    /* A disabled run is not drawn. */
    bool enabled[2] = {false, true};
    h.enabled = enabled;
    h.step = 30;
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    a = hud_loss_axes(g_canvas, &h, PLOT);
    int seen0 = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            seen0 += color_diff(px_at(&c, x, y), rgb0) <= 24;
    ASSERT(seen0 == 0);
    ASSERT(best_near(&c, lossplot_x(&a, 10), lossplot_y(&a, runs[1].pts[10].loss), 1, rgb1) <=
           12);
    pic_free(&c);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

/* Height of f on a log axis, 0 at the bottom of the data area and 1 at the top. */
static double log_t(const LossAxes *a, double f)
{
    return (log10(f) - a->y_lo) / (a->y_hi - a->y_lo);
}

TEST(test_loss_plot_diverged_run_ends_in_a_cross)
{
    /* gd on the bowl: α = 0.1 converges (loss 5·0.64^k); α = 10 diverges, loss 5·361^k,
     * until it overflows near step 121. */
    Run runs[2];
    ASSERT(make_run(&runs[0], "bowl", OPTIM_GD, 0.1, 1.0, 2.0, 200));
    ASSERT(make_run(&runs[1], "bowl", OPTIM_GD, 10.0, 1.0, 2.0, 200));
    ASSERT(runs[1].stop == RUN_DIVERGED && runs[1].pts[runs[1].n - 1].loss > 1e300);
    long last = runs[1].n - 1;
    HudRuns h = {.runs = runs, .n_runs = 2, .selected = 0, .step = 200, .f_tol = 1e-4};
    Pic c = {0};
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    ASSERT(a.k_max == 200.0 && !a.symlog);
    /* The axis stops 10⁴ above the sane runs (5 → 10⁵), not at 10³⁰⁸; below, it reaches
     * 16 decades under its top. */
    ASSERT(a.y_hi == 5.0);
    ASSERT(a.y_lo == floor(log10(5e4 * 1e-16)));
    unsigned char rgb0[3], rgb1[3];
    palette_run_rgb(0, rgb0);
    palette_run_rgb(1, rgb1);
    for (long k = 0; k <= 50; k += 5)
        ASSERT(best_near(&c, lossplot_x(&a, (double)k), lossplot_y(&a, 5.0 * pow(0.64, k)), 1,
                         rgb0) <= 12);
    /* The diverging run inside the chart: steps 0 and 1 (5, 1805), then it leaves the top
     * between steps 1 and 2 (651605 > 10⁵). */
    ASSERT(best_near(&c, lossplot_x(&a, 0.0), lossplot_y(&a, 5.0), 1, rgb1) <= 12);
    ASSERT(best_near(&c, lossplot_x(&a, 1.0), lossplot_y(&a, 1805.0), 1, rgb1) <= 12);
    double t1 = log_t(&a, 1805.0), t2 = log_t(&a, 651605.0);
    ASSERT(t1 < 1.0 && t2 > 1.0);
    float exit_x = lossplot_x(&a, 1.0 + (1.0 - t1) / (t2 - t1));
    ASSERT(best_near(&c, exit_x, a.r.y, 1, rgb1) <= 20);
    /* It ends at its last step, on the top edge, in a cross: both arms on the right. */
    float xe = lossplot_x(&a, (double)last), ye = a.r.y;
    ASSERT(best_near(&c, xe, ye, 1, rgb1) <= 12);
    ASSERT(best_near(&c, xe + 3.5f, ye + 3.5f, 1, rgb1) <= 40);
    ASSERT(best_near(&c, xe - 3.5f, ye + 3.5f, 1, rgb1) <= 40);
    /* Between leaving and ending, only a dotted trail along the top edge; nothing of its
     * color past the end, nor anywhere below the edge right of where it left. */
    int trail = 0, below = 0, beyond = 0;
    for (int y = (int)a.r.y - 8; y < (int)(a.r.y + a.r.h); y++) {
        for (int x = (int)a.r.x; x < (int)(a.r.x + a.r.w); x++) {
            bool col = color_diff(px_at(&c, x, y), rgb1) <= 60;
            if (!col)
                continue;
            if ((float)x > xe + 9.0f)
                beyond++;
            else if ((float)x > exit_x + 6.0f && (float)y > a.r.y + 7.0f)
                below++;
            else if ((float)x > exit_x + 6.0f && (float)x < xe - 9.0f)
                trail++;
        }
    }
    printf("  diverged: exit at x %.1f, end at x %.1f, %d trail pixels\n", (double)exit_x,
           (double)xe, trail);
    ASSERT(beyond == 0 && below == 0);
    ASSERT(trail > (int)((xe - exit_x) / 7.0f));
    /* The clock is further right; the sane run's dot is on it. */
    ASSERT(lossplot_x(&a, 200.0) > xe + 50.0f);
    pic_free(&c);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

TEST(test_loss_plot_symlog_zero_and_negative)
{
    /* Newton on the bowl lands on the minimum: loss exactly 0 from step 1. gd on the saddle
     * x² − y² from (1, 0.1), α = 0.1: loss 0.64^k − 0.01·1.44^k, negative from step 10. */
    Run runs[2];
    ASSERT(make_run(&runs[0], "bowl", OPTIM_NEWTON, 0.0, 1.0, 2.0, 60));
    ASSERT(make_run(&runs[1], "saddle", OPTIM_GD, 0.1, 1.0, 0.1, 60));
    ASSERT(runs[0].pts[1].loss == 0.0 && runs[1].pts[60].loss < -1e6);
    HudRuns h = {.runs = runs, .n_runs = 2, .selected = 0, .step = 60, .f_tol = 1e-4};
    Pic c = {0};
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    ASSERT(a.symlog);
    unsigned char rgb0[3], rgb1[3];
    palette_run_rgb(0, rgb0);
    palette_run_rgb(1, rgb1);
    /* Newton's zeros on the 0 tick, where the saddle run has left it. */
    for (int k = 40; k <= 55; k += 5)
        ASSERT(best_near(&c, lossplot_x(&a, k), lossplot_y(&a, 0.0), 1, rgb0) <= 12);
    for (int k = 0; k <= 60; k += 6) {
        double f = pow(0.64, k) - 0.01 * pow(1.44, k);
        ASSERT_NEAR(runs[1].pts[k].loss, f, 1e-9 * fabs(f) + 1e-12);
        int d = best_near(&c, lossplot_x(&a, k), lossplot_y(&a, f), 1, rgb1);
        if (d > 12)
            fprintf(stderr, "  saddle step %d: off by %d\n", k, d);
        ASSERT(d <= 12);
    }
    pic_free(&c);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

TEST(test_loss_plot_stochastic_running_mean)
{
    char err[256];
    const Landscape *ls = landscape_find("logistic");
    ASSERT(ls && ls->data);
    RunDesc d = run_desc_default(OPTIM_GD);
    d.batch = 4;
    d.seed = 7;
    Run run;
    ASSERT(run_init(&run, ls, &d, ls->start[0], ls->start[1], err, sizeof err));
    const long K = 120;
    for (long k = 0; k < K; k++)
        run_step(&run);
    ASSERT(run.n == K + 1);
    HudRuns h = {.runs = &run, .n_runs = 1, .selected = 0, .step = K, .f_tol = 1e-4};
    Pic c = {0};
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    unsigned char rgb[3];
    palette_run_rgb(0, rgb);
    /* The minibatch losses are in the y range. */
    double bmax = 0.0;
    for (long k = 1; k <= K; k++)
        bmax = run.pts[k].batch_loss > bmax ? run.pts[k].batch_loss : bmax;
    ASSERT(lossplot_y(&a, bmax) > a.r.y - 0.5f);
    /* The running mean, solid, where its closed form puts it. */
    double m = 0.0, bp = 1.0;
    int solid = 0, checked = 0, faint = 0, faint_checked = 0;
    for (long j = 0; j < K; j++) {
        double b = run.pts[j + 1].batch_loss;
        m = HUD_MEAN_BETA * m + (1.0 - HUD_MEAN_BETA) * b;
        bp *= HUD_MEAN_BETA;
        double mean = m / (1.0 - bp);
        float x = lossplot_x(&a, (double)j), ym = lossplot_y(&a, mean);
        if (j % 10 == 5) {
            checked++;
            solid += best_near(&c, x, ym, 1, rgb) <= 12;
        }
        /* The minibatch loss, faint: blended into the panel, not the full color. Only
         * where it is well away from the mean's curve. */
        float yb = lossplot_y(&a, b);
        if (fabsf(yb - ym) > 12.0f && j > 2) {
            faint_checked++;
            /* Alpha 0.35 over the panel: red about 10 + 0.35 (230 - 10) = 87; where two
             * strokes meet (the peaks) about 0.58. Neither the panel nor the solid color. */
            bool seen = false;
            for (int dy = -1; dy <= 1; dy++) {
                int red = px_at(&c, (int)floorf(x), (int)floorf(yb) + dy)[0];
                seen = seen || (red >= 45 && red <= 175);
            }
            faint += seen;
        }
    }
    printf("  running mean: %d of %d checked points solid; minibatch: %d of %d faint\n", solid,
           checked, faint, faint_checked);
    ASSERT(solid == checked);
    ASSERT(faint_checked > 10 && faint >= faint_checked * 8 / 10);
    /* The full loss curve is not drawn: the solid color is only near the mean. */
    pic_free(&c);
    run_free(&run);
}

TEST(test_loss_plot_long_run_decimated)
{
    /* 20000 steps into a 300-pixel-wide plot: one min/max stroke per column. */
    Run run;
    ASSERT(make_run(&run, "bowl", OPTIM_GD, 1e-4, 1.0, 2.0, 20000));
    ASSERT(run.n == 20001);
    HudRuns h = {.runs = &run, .n_runs = 1, .selected = 0, .step = 20000, .f_tol = 1e-4};
    UiRect rect = {40.0f, 40.0f, 360.0f, 300.0f};
    Pic c = {0};
    pic_begin(&c);
    struct timespec t0, t1;
    glFinish();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hud_loss_plot(g_canvas, &h, rect);
    glFinish();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pic_read(&c);
    printf("  20000-step curve: %.2f ms\n",
           (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) * 1e-6);
    LossAxes a = hud_loss_axes(g_canvas, &h, rect);
    unsigned char rgb[3];
    palette_run_rgb(0, rgb);
    int bad = 0;
    for (long k = 0; k <= 20000; k += 1000) {
        double f = 5.0 * pow(1.0 - 2e-4, 2.0 * (double)k);
        bad += best_near(&c, lossplot_x(&a, (double)k), lossplot_y(&a, f), 1, rgb) > 12;
    }
    ASSERT(bad == 0);
    pic_free(&c);
    run_free(&run);
}

/* ---- Table, inspector and timeline pixels ----------------------------------------------- */

/* Whether anything was drawn outside r (which must not touch the canvas edges). */
static long drawn_outside(const Pic *c, UiRect r)
{
    long n = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool in = x >= (int)r.x - 1 && x <= (int)(r.x + r.w) + 1 && y >= (int)r.y - 1 &&
                      y <= (int)(r.y + r.h) + 1;
            const unsigned char *p = px_at(c, x, y);
            n += !in && (p[0] | p[1] | p[2]);
        }
    return n;
}

/* Light (text) pixels inside r. */
static long text_pixels(const Pic *c, UiRect r)
{
    long n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            const unsigned char *p = px_at(c, x, y);
            n += p[0] > 150 && p[1] > 150 && p[2] > 150;
        }
    return n;
}

TEST(test_loss_plot_epoch_ticks_and_gap)
{
    /* SGD with B = 4 on logistic (300 points): an epoch is 75 steps. After 300 steps the
     * ends of epochs 1..3 are marked at the top of the data area in the run's color (the 4th
     * is under the clock's line at step 300), and nowhere between them. */
    Run runs[2];
    char err[256];
    const Landscape *ls = landscape_find("logistic");
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 1.0;
    d.batch = 4;
    ASSERT(run_init(&runs[0], ls, &d, -1.5, -2.5, err, sizeof err));
    d.batch = 0;
    ASSERT(run_init(&runs[1], ls, &d, -1.5, -2.5, err, sizeof err));
    for (int i = 0; i < 2; i++)
        for (long k = 0; k < 300 && run_step(&runs[i]); k++) {
        }
    ASSERT(run_steps_per_epoch(&runs[0]) == 75);
    HudRuns h = {.runs = runs, .n_runs = 2, .selected = -1, .step = 300, .f_tol = 1e-4};
    Pic c = {0};
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    LossAxes a = hud_loss_axes(g_canvas, &h, PLOT);
    unsigned char rgb0[3];
    palette_run_rgb(0, rgb0);
    float s = g_canvas->scale;
    for (int e = 1; e <= 3; e++) {
        float x = lossplot_x(&a, 75.0 * e);
        int dd = best_near(&c, x, a.r.y + 3.0f * s, 1, rgb0);
        if (dd > 40)
            fprintf(stderr, "  epoch %d at x %.1f: off by %d\n", e, (double)x, dd);
        ASSERT(dd <= 40);
    }
    for (int k = 10; k < 300; k += 5) {
        if (k % 75 > 6 && k % 75 < 69) {
            float x = lossplot_x(&a, k);
            ASSERT(best_near(&c, x, a.r.y + 3.0f * s, 0, rgb0) > 40);
        }
    }
    pic_free(&c);
    /* With h.gap the y axis holds L − L*: the full-batch curve at its gap's height. */
    double lstar = analysis_known_minimum(ls);
    h.gap = true;
    h.lstar = lstar;
    pic_begin(&c);
    hud_loss_plot(g_canvas, &h, PLOT);
    pic_read(&c);
    a = hud_loss_axes(g_canvas, &h, PLOT);
    ASSERT(a.y_lo <= log10(runs[1].pts[300].loss - lstar));
    unsigned char rgb1[3];
    palette_run_rgb(1, rgb1);
    for (long k = 20; k <= 280; k += 40) {
        double gap = runs[1].pts[k].loss - lstar;
        ASSERT_NEAR(hud_gap(&h, runs[1].pts[k].loss), gap, 0.0);
        ASSERT(best_near(&c, lossplot_x(&a, (double)k), lossplot_y(&a, gap), 1, rgb1) <= 12);
    }
    /* At the minimum itself the gap stays on the axis: DBL_EPSILON·L* at least. */
    ASSERT(hud_gap(&h, lstar) > 0.0 && hud_gap(&h, lstar) < 1e-15);
    h.gap = false;
    ASSERT(hud_gap(&h, 0.3) == 0.3);
    pic_free(&c);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

TEST(test_table_and_inspector_draw_inside_their_rects)
{
    Run runs[3];
    ASSERT(make_run(&runs[0], "bowl", OPTIM_GD, 0.1, 1.0, 2.0, 60));
    ASSERT(make_run(&runs[1], "bowl", OPTIM_ADAM, 0.05, 1.0, 2.0, 60));
    ASSERT(make_run(&runs[2], "bowl", OPTIM_GD, 10.0, 1.0, 2.0, 60));
    HudRuns h = {.runs = runs, .n_runs = 3, .selected = 1, .step = 60, .f_tol = 1e-4};
    /* Too narrow for the whole table: clipped to it. */
    UiRect tr = {30.0f, 30.0f, 300.0f, 140.0f};
    UiRect ir = {30.0f, 200.0f, 420.0f, 280.0f};
    Pic c = {0};
    pic_begin(&c);
    hud_table(g_canvas, &h, tr);
    hud_inspector(g_canvas, &h, ir);
    pic_read(&c);
    long outside = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            bool in_t = x >= 29 && x <= 331 && y >= 29 && y <= 171;
            bool in_i = x >= 29 && x <= 451 && y >= 199 && y <= 481;
            const unsigned char *p = px_at(&c, x, y);
            outside += !in_t && !in_i && (p[0] | p[1] | p[2]);
        }
    ASSERT(outside == 0);
    ASSERT(text_pixels(&c, tr) > 300);
    ASSERT(text_pixels(&c, ir) > 600);
    /* Each row's swatch in its run's color, down the table's left edge. */
    for (int i = 0; i < 3; i++) {
        unsigned char rgb[3];
        palette_run_rgb(i, rgb);
        int found = 0;
        for (int y = (int)tr.y; y < (int)(tr.y + tr.h); y++)
            for (int x = (int)tr.x; x < (int)tr.x + 50; x++)
                found += color_diff(px_at(&c, x, y), rgb) <= 12;
        ASSERT(found > 10);
    }
    pic_free(&c);
    /* No run selected: the inspector says so and draws nothing else. */
    h.selected = -1;
    pic_begin(&c);
    hud_inspector(g_canvas, &h, ir);
    pic_read(&c);
    ASSERT(text_pixels(&c, ir) > 50);
    ASSERT(drawn_outside(&c, ir) == 0);
    pic_free(&c);
    for (int i = 0; i < 3; i++)
        run_free(&runs[i]);
}

TEST(test_timeline_draw_thumb_at_the_clock)
{
    UiRect r = {40.0f, 400.0f, 720.0f, 56.0f};
    float x0, x1;
    hud_timeline_bar(r, &x0, &x1);
    const long max = 500;
    for (int pass = 0; pass < 2; pass++) {
        long step = pass == 0 ? 125 : 400;
        Pic c = {0};
        pic_begin(&c);
        hud_timeline(g_canvas, step, max, pass == 1, r);
        pic_read(&c);
        ASSERT(drawn_outside(&c, r) == 0);
        float xt = x0 + (float)step / (float)max * (x1 - x0);
        /* The thumb: a white disc about 14 px tall at xt, and none 40 px away. */
        int tall = 0, tall_off = 0;
        for (int y = (int)r.y; y < (int)(r.y + r.h); y++) {
            const unsigned char *p = px_at(&c, (int)xt, y);
            const unsigned char *q = px_at(&c, (int)xt + 40, y);
            tall += p[0] > 200 && p[1] > 200 && p[2] > 200;
            tall_off += q[0] > 200 && q[1] > 200 && q[2] > 200;
        }
        ASSERT(tall >= 10);
        ASSERT(tall_off <= 4);
        /* The step it maps back to. */
        ASSERT(hud_timeline_step_at(r, max, xt) == step);
        pic_free(&c);
    }
}

/* The drawing tests, on g_canvas. */
static void run_drawing_tests(void)
{
    RUN_TEST(test_loss_plot_curves_where_lossplot_says);
    RUN_TEST(test_loss_axis_not_stretched_by_minibatch_losses);
    RUN_TEST(test_loss_plot_diverged_run_ends_in_a_cross);
    RUN_TEST(test_loss_plot_symlog_zero_and_negative);
    RUN_TEST(test_loss_plot_stochastic_running_mean);
    RUN_TEST(test_loss_plot_long_run_decimated);
    RUN_TEST(test_loss_plot_epoch_ticks_and_gap);
    RUN_TEST(test_table_and_inspector_draw_inside_their_rects);
    RUN_TEST(test_timeline_draw_thumb_at_the_clock);
}

int main(void)
{
    RUN_TEST(test_timeline_step_at);
    RUN_TEST(test_format_value);
    RUN_TEST(test_table_rows);
    RUN_TEST(test_inspector_lines_adam);

    char err[1024] = "";
    Canvas *cpu = canvas_soft_open(W, H, 1.0f, 2, err, sizeof err);
    if (!cpu) {
        fprintf(stderr, "test_hud: canvas_soft_open: %s\n", err);
        return 1;
    }
    printf("CPU canvas:\n");
    g_canvas = cpu;
    g_gl = NULL;
    run_drawing_tests();
    ASSERT(canvas_soft_error(cpu) == NULL);
    canvas_destroy(cpu);

    GlWindow gw = {0};
    if (!test_gl_open("test_hud", &gw, err, sizeof err))
        return test_no_gl("test_hud", err);
    static Renderer r;
    if (!render_init(&r, 1.0f, err, sizeof err)) {
        fprintf(stderr, "test_hud: render_init: %s\n", err);
        return 1;
    }
    printf("GL canvas:\n");
    g_canvas = r.canvas;
    g_gl = &r;
    run_drawing_tests();
    render_free(&r);
    glwin_close(&gw);
    SDL_Quit();
    return TEST_MAIN("test_hud");
}
