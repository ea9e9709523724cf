/* test_render.c - the GPU against the CPU: the field shader matches colormap.c pixel by pixel
 * on several landscapes (closed-form, data, a typed expression), trajectories color the pixels
 * their points map to, the cached window path draws the same picture as the one-shot export
 * path, and a frame that only animates does not re-render the field.
 *
 * Needs a display with OpenGL 3.3 (Xvfb + llvmpipe in CI). Exits 77 (skipped) without one,
 * unless CI=true, where that is a failure.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>
#include <epoxy/gl.h>

#include "expr/expr.h"
#include "landscape/landscape.h"
#include "lecture/colormap.h"
#include "render/field.h"
#include "render/glwin.h"
#include "figure/pathlod.h"
#include "render/canvas_gl.h"
#include "render/canvas_record.h"
#include "render/render.h"
#include "render/shader.h"
#include "util/datadir.h"
#include "render/canvas_soft.h"
#include "figure/pane.h"
#include "lecture/view.h"
#include "run/run.h"
#include "test.h"
#include "gl_test.h"

enum { W = 640, H = 480 };

/* Per channel, in 1/255 steps: float vs double evaluation and 8-bit rounding. */
static const int PIXEL_TOL = 3;

/* t's pixels, bottom row first (GL's order) also where t keeps its rows top down. */
static unsigned char *read_target(const RenderTarget *t)
{
    size_t row = (size_t)t->w * 4;
    unsigned char *px = malloc(row * (size_t)t->h);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, t->fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, t->w, t->h, GL_RGBA, GL_UNSIGNED_BYTE, px);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    unsigned char *tmp = malloc(row);
    for (int y = 0; t->top_down && y < t->h / 2; y++) {
        memcpy(tmp, px + row * (size_t)y, row);
        memcpy(px + row * (size_t)y, px + row * (size_t)(t->h - 1 - y), row);
        memcpy(px + row * (size_t)(t->h - 1 - y), tmp, row);
    }
    free(tmp);
    return px;
}

static int max_channel_diff(const unsigned char *a, const unsigned char *b)
{
    int d = 0;
    for (int c = 0; c < 3; c++) {
        int e = abs((int)a[c] - (int)b[c]);
        d = e > d ? e : d;
    }
    return d;
}

typedef struct {
    long off_line_bad, on_line_bad, on_line, total, negative;
    long undefined; /* pixels where f is undefined: hatched (colormap_hatch) */
    int worst_off_line;
    int distinct_bands;
} FieldCompare;

/* Renders ls's default view on the GPU (with shared's programs when not NULL) and compares
 * every pixel with colormap_shade, or colormap_hatch where f is undefined. */
static FieldCompare compare_field_in(FieldRenderer *shared, const Landscape *ls, int levels)
{
    FieldCompare fc = {0};
    const char *id = ls->id;
    char dir[1024], err[1024];
    ASSERT(datadir_locate(dir, sizeof dir, err, sizeof err));
    FieldRenderer own;
    FieldRenderer *frp = shared ? shared : &own;
    if (!shared)
        ASSERT(field_init(&own, dir, err, sizeof err));
#define fr (*frp)
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    View v = view_fit(&ls->view, W, H);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, levels, 1.3f);
    bool ok = field_render(&fr, &t, ls, &box, &fs, 0, H, err, sizeof err);
    if (!ok)
        fprintf(stderr, "%s: %s\n", id, err);
    ASSERT(ok);
    unsigned char *px = read_target(&t);
    bool seen[COLORMAP_LEVELS_MAX] = {false};
    /* t at every pixel centre, for the GPU's way of estimating fwidth(t): differences across
     * each 2x2 quad. */
    float *tv = malloc(sizeof(float) * W * H);
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            double x = box.xmin + (i + 0.5) * (box.xmax - box.xmin) / W;
            double y = box.ymin + (j + 0.5) * (box.ymax - box.ymin) / H;
            float f = (float)landscape_eval(ls, x, y, NULL, NULL);
            tv[j * W + i] = (colormap_symlog(f, fs.c) - fs.s_lo) / (fs.s_hi - fs.s_lo);
        }
    }
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            double x = box.xmin + (i + 0.5) * (box.xmax - box.xmin) / W;
            double y = box.ymin + (j + 0.5) * (box.ymax - box.ymin) / H;
            double g[2];
            double f = landscape_eval(ls, x, y, g, NULL);
            float fw = colormap_fwidth(&fs, f, g[0], g[1], v.scale);
            float rgb[3];
            colormap_shade(&fs, (float)f, fw, rgb);
            unsigned char want[3];
            for (int c = 0; c < 3; c++)
                want[c] = (unsigned char)lroundf(rgb[c] * 255.0f);
            bool defined = colormap_defined((float)f);
            if (!defined) {
                want[0] = want[1] = want[2] = colormap_hatch(i, j); /* j counts from below */
                fc.undefined++;
            }
            /* Within 1.5 px of a contour line's edge (band edges sit under the lines), by the
             * analytic or the finite-difference estimate of the line spacing. */
            int qi = i & ~1, qj = j & ~1;
            float t0 = tv[qj * W + qi];
            float fw_fd = fabsf(tv[qj * W + qi + 1] - t0) + fabsf(tv[(qj + 1) * W + qi] - t0);
            float tt = tv[j * W + i];
            float u = tt * fs.levels, k = floorf(u + 0.5f);
            float reach = 0.5f * fs.line_px + 1.5f;
            float dpx_a = fabsf(u - k) / (fs.levels * fmaxf(fw, 1e-8f));
            float dpx_fd = fabsf(u - k) / (fs.levels * fmaxf(fw_fd, 1e-8f));
            bool near_line = k >= 1.0f && k <= fs.levels - 1.0f &&
                             (dpx_a < reach || dpx_fd < reach);
            /* Beside an undefined pixel the GPU's fwidth(t) reads a NaN: its lines there are
             * the shader's guess. The undefined pixels themselves must match exactly. */
            bool quad_undefined = false;
            for (int dj = -1; dj <= 2; dj++)
                for (int di = -1; di <= 2; di++) {
                    int ii = qi + di, jj = qj + dj;
                    if (ii >= 0 && ii < W && jj >= 0 && jj < H)
                        quad_undefined |= !isfinite(tv[jj * W + ii]);
                }
            near_line = defined && (near_line || quad_undefined);
            int band = (int)floorf(fminf(fmaxf(tt, 0.0f), 0.999999f) * fs.levels);
            seen[band] = true;
            int d = max_channel_diff(px + 4 * ((size_t)j * W + (size_t)i), want);
            fc.total++;
            fc.on_line += near_line;
            fc.negative += f < 0.0;
            if (d > PIXEL_TOL) {
                if (near_line) {
                    fc.on_line_bad++;
                } else {
                    fc.off_line_bad++;
                    fc.worst_off_line = d > fc.worst_off_line ? d : fc.worst_off_line;
                }
            }
        }
    }
    free(tv);
    for (int b = 0; b < COLORMAP_LEVELS_MAX; b++)
        fc.distinct_bands += seen[b];
    printf("  %-14s bands %2d, on-line %5.2f%%, mismatched on-line %.3f%%, off-line %ld "
           "(worst %d)\n",
           id, fc.distinct_bands, 100.0 * fc.on_line / fc.total,
           100.0 * fc.on_line_bad / fc.total, fc.off_line_bad, fc.worst_off_line);
    free(px);
    render_target_free(&t);
    if (!shared)
        field_free(&own);
#undef fr
    return fc;
}

static FieldCompare compare_field_of(const Landscape *ls, int levels)
{
    return compare_field_in(NULL, ls, levels);
}

static FieldCompare compare_field(const char *id, int levels)
{
    const Landscape *ls = landscape_find(id);
    ASSERT(ls != NULL);
    return ls ? compare_field_of(ls, levels) : (FieldCompare){0};
}

static void assert_field_matches(const char *id)
{
    FieldCompare fc = compare_field(id, COLORMAP_LEVELS_DEFAULT);
    ASSERT(fc.total == (long)W * H);
    /* Away from contour lines every pixel matches ... */
    ASSERT(fc.off_line_bad == 0);
    /* ... and on them only a small fraction differs (fwidth vs the analytic gradient). */
    ASSERT(fc.on_line_bad <= fc.total / 50);
    /* The picture is not trivially flat: most bands appear. */
    ASSERT(fc.distinct_bands >= COLORMAP_LEVELS_DEFAULT / 2);
}

TEST(test_field_rosenbrock)
{
    assert_field_matches("rosenbrock");
}

TEST(test_field_saddle_negative)
{
    FieldCompare fc = compare_field("saddle", COLORMAP_LEVELS_DEFAULT);
    /* Half the saddle's view is below zero: the symlog scale must handle the sign. */
    ASSERT(fc.negative > fc.total / 4);
    ASSERT(fc.off_line_bad == 0);
    ASSERT(fc.on_line_bad <= fc.total / 50);
    ASSERT(fc.distinct_bands >= COLORMAP_LEVELS_DEFAULT / 2);
}

TEST(test_field_himmelblau)
{
    assert_field_matches("himmelblau");
}

TEST(test_field_two_wells)
{
    assert_field_matches("two-wells");
}

TEST(test_field_rastrigin)
{
    /* Lines everywhere (most of them faded where they crowd): the GPU's quad-wise fwidth and
     * the analytic gradient disagree more, on lines only. */
    FieldCompare fc = compare_field("rastrigin", 24);
    ASSERT(fc.off_line_bad == 0);
    ASSERT(fc.on_line_bad <= fc.total / 20);
}

/* The closed forms not checked above: their GLSL is generated from the same program as the
 * CPU evaluation, pixel for pixel the same picture off the contour lines. */
TEST(test_field_every_closed_form)
{
    static const char *const IDS[] = {"bowl", "ravine", "rotated-ravine", "monkey-saddle",
                                      "plateau", "beale", "six-hump-camel"};
    for (size_t i = 0; i < sizeof IDS / sizeof IDS[0]; i++) {
        FieldCompare fc = compare_field(IDS[i], COLORMAP_LEVELS_DEFAULT);
        ASSERT(fc.total == (long)W * H && fc.off_line_bad == 0);
        ASSERT(fc.on_line_bad <= fc.total / 50);
    }
}

/* A typed expression's program, for typed_eval (a LandscapeEvalFn has no context). */
static const ExprProgram *typed_program;

static double typed_eval(double x, double y, double g[2], double h[3])
{
    return expr_eval_full(typed_program, NULL, x, y, g, h);
}

/* GLSL emitted from a typed expression that uses every function, integer powers of negative
 * bases (multiplications in the shader), pow with a real exponent, and constants with and
 * without a decimal point: the same picture as the CPU evaluation off the contour lines. The
 * function is defined over the whole (widened) view: where it is not (NaN), the CPU and GPU
 * colormaps do not agree yet. */
TEST(test_field_typed_expression)
{
    const char *text = "(x - 0.5)^3/4 + pow(y, 2) - sin(x*y) + cos(2*x) + tanh(3*y) + atan(x)"
                       " + exp(-(x^2 + y^2)) + log(1 + y^2) + sqrt(x^2 + 1) + abs(x - y)/2"
                       " + sinh(y/2) - cosh(x/3) + tan(x/4) + asin(x/4) - acos(y/4)"
                       " + (2 + sin(x))^1.5 + 2^y + x^-2*0 + 3";
    ExprProgram *p = NULL;
    ExprError err;
    ASSERT(expr_compile(&(ExprDesc){.text = text}, &p, &err));
    if (!p)
        return;
    typed_program = p;
    Landscape ls = *landscape_find("bowl"); /* its id, view and cache slot */
    ls.id = "typed";
    ls.expr = text;
    ls.program = p;
    ls.eval = typed_eval;
    ls.view = (ViewBox){-2.5, 2.5, -2.5, 2.5};
    FieldCompare fc = compare_field_of(&ls, COLORMAP_LEVELS_DEFAULT);
    ASSERT(fc.total == (long)W * H && fc.off_line_bad == 0);
    ASSERT(fc.on_line_bad <= fc.total / 50);
    ASSERT(fc.distinct_bands >= COLORMAP_LEVELS_DEFAULT / 2);
    typed_program = NULL;
    expr_free(p);
}

/* A typed function with parameters (uniforms u_param) and a region where it is undefined
 * (log of a negative, sqrt of a negative): the GPU field against the CPU evaluation pixel by
 * pixel, hatched grey where f is undefined. Moving a parameter changes the picture without a
 * new program, and a new text gets a new one. */
TEST(test_field_typed_with_parameters_and_undefined_region)
{
    LandscapeTypedDesc *d = calloc(1, sizeof *d);
    snprintf(d->text, sizeof d->text, "%s",
             "a*log(x + 1.5) + k*y^2 + sqrt(2 - y) + b*sin(3*x)*cos(2*y)");
    const char *items[] = {"k=4:1:100", "a=0.8", "b=0.3:0:1"};
    for (int i = 0; i < 3; i++) {
        LandscapeParam lp;
        char msg[128];
        ASSERT(landscape_param_parse(items[i], &lp, msg, sizeof msg));
        ASSERT(landscape_typed_desc_add(d, &lp));
    }
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(d, &xe);
    ASSERT(t != NULL);
    if (!t) {
        free(d);
        return;
    }
    t->ls.view = (ViewBox){-2.5, 2.5, -2.0, 3.0}; /* x < -1.5 and y > 2 are undefined */
    char dir[1024], err[1024];
    ASSERT(datadir_locate(dir, sizeof dir, err, sizeof err));
    FieldRenderer fr;
    ASSERT(field_init(&fr, dir, err, sizeof err));
    FieldCompare fc = compare_field_in(&fr, &t->ls, COLORMAP_LEVELS_DEFAULT);
    ASSERT(fc.total == (long)W * H && fc.off_line_bad == 0);
    ASSERT(fc.on_line_bad <= fc.total / 50);
    ASSERT(fc.distinct_bands >= COLORMAP_LEVELS_DEFAULT / 2);
    /* both undefined regions: about a fifth of the view each side */
    ASSERT(fc.undefined > fc.total / 10 && fc.undefined < fc.total / 2);
    GLuint program = fr.program[LANDSCAPE_TYPED];
    ASSERT(program != 0);

    d->params[0].value = 60.0; /* k: a much steeper valley, the same program */
    d->params[2].value = 1.0;
    landscape_typed_set_values(t, d);
    FieldCompare moved = compare_field_in(&fr, &t->ls, COLORMAP_LEVELS_DEFAULT);
    ASSERT(fr.program[LANDSCAPE_TYPED] == program);
    ASSERT(moved.total == (long)W * H && moved.off_line_bad == 0);
    ASSERT(moved.on_line_bad <= moved.total / 50);
    ASSERT(moved.undefined == fc.undefined);

    /* Into a target kept top down (the pane's field: RenderTarget.top_down): the same
     * picture, the hatch included (its stripes counted from the bottom row, as the CPU's
     * and the window's are), bar a few contour-line pixels (the shader's derivatives pair
     * rows the other way). */
    {
        RenderTarget up = {0}, down = {.top_down = true};
        ASSERT(render_target_resize(&up, W, H) && render_target_resize(&down, W, H));
        View v = view_fit(&t->ls.view, W, H);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(&t->ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        ASSERT(field_render(&fr, &up, &t->ls, &box, &fs, 0, H, err, sizeof err));
        ASSERT(field_render(&fr, &down, &t->ls, &box, &fs, 0, H, err, sizeof err));
        unsigned char *a = read_target(&up), *b = read_target(&down);
        long hatched = 0, hatch_bad = 0, other_bad = 0;
        for (long q = 0; q < (long)W * H; q++) {
            const unsigned char *pa = a + 4 * q;
            bool hatch = pa[0] == pa[1] && pa[1] == pa[2] &&
                         (pa[0] == COLORMAP_HATCH_LIGHT || pa[0] == COLORMAP_HATCH_DARK);
            hatched += hatch;
            if (hatch)
                hatch_bad += memcmp(pa, b + 4 * q, 3) != 0;
            else
                other_bad += max_channel_diff(pa, b + 4 * q) > 1;
        }
        printf("  top down: %ld of %ld hatched pixels differ, %ld others by more than 1\n",
               hatch_bad, hatched, other_bad);
        ASSERT(hatched > (long)W * H / 10 && hatch_bad == 0 && other_bad < (long)W * H / 200);
        free(a);
        free(b);
        render_target_free(&up);
        render_target_free(&down);
    }

    /* another text: the typed slot is rebuilt */
    snprintf(d->text, sizeof d->text, "%s", "k*x^2 + a*y^2 + b*x*y + sqrt(x + 2)");
    LandscapeTyped *u = landscape_typed_create(d, &xe);
    ASSERT(u != NULL);
    if (u) {
        FieldCompare other = compare_field_in(&fr, &u->ls, COLORMAP_LEVELS_DEFAULT);
        ASSERT(other.total == (long)W * H && other.off_line_bad == 0);
        ASSERT(other.on_line_bad <= other.total / 50);
        landscape_typed_destroy(u);
    }
    field_free(&fr);
    landscape_typed_destroy(t);
    free(d);
}

TEST(test_field_logistic_data)
{
    assert_field_matches("logistic");
}

TEST(test_field_tiny_net_data)
{
    assert_field_matches("tiny-net");
}

TEST(test_levels_change_the_picture)
{
    FieldCompare a = compare_field("bowl", 8);
    FieldCompare b = compare_field("bowl", 32);
    ASSERT(a.off_line_bad == 0 && b.off_line_bad == 0);
    ASSERT(a.distinct_bands <= 8);
    ASSERT(b.distinct_bands > 16);
}

static Renderer *g_render;

static void palette_rgb(int i, unsigned char out[3])
{
    float c[4];
    plot_run_color(i, c);
    for (int k = 0; k < 3; k++)
        out[k] = (unsigned char)lroundf(c[k] * 255.0f);
}

TEST(test_trajectory_pixels_at_projected_points)
{
    const Landscape *ls = landscape_find("bowl");
    ASSERT(ls != NULL);
    char err[256];
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.08;
    Run runs[2];
    ASSERT(run_init(&runs[0], ls, &d, 1.6, 1.2, err, sizeof err));
    RunDesc d2 = run_desc_default(OPTIM_MOMENTUM);
    d2.opt.lr = 0.02;
    ASSERT(run_init(&runs[1], ls, &d2, -1.5, 1.4, err, sizeof err));
    for (int k = 0; k < 30; k++) {
        run_step(&runs[0]);
        run_step(&runs[1]);
    }
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs, .n_runs = 2,
                      .plain = true};
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    ASSERT(render_image(g_render, &sc, &t, err, sizeof err));
    unsigned char *with = read_target(&t);
    sc.n_runs = 0;
    ASSERT(render_image(g_render, &sc, &t, err, sizeof err));
    unsigned char *without = read_target(&t);
    int checked = 0;
    for (int r = 0; r < 2; r++) {
        unsigned char want[3];
        palette_rgb(r, want);
        for (long k = 0; k + 1 < runs[r].n && k < 12; k++) {
            double ax, ay, bx, by;
            view_world_to_screen(&sc.view, runs[r].pts[k].x, runs[r].pts[k].y, &ax, &ay);
            view_world_to_screen(&sc.view, runs[r].pts[k + 1].x, runs[r].pts[k + 1].y, &bx, &by);
            /* The middle of segments long enough to be clear of the point markers. */
            if (hypot(bx - ax, by - ay) < 30.0)
                continue;
            double mx = 0.5 * (ax + bx), my = 0.5 * (ay + by);
            /* Clear of the current-point marker and its step arrow, drawn on top. */
            double cx, cy;
            const TrajPoint *last = &runs[r].pts[runs[r].n - 1];
            view_world_to_screen(&sc.view, last->x, last->y, &cx, &cy);
            if (hypot(mx - cx, my - cy) < 80.0)
                continue;
            int i = (int)floor(mx), j = H - 1 - (int)floor(my);
            const unsigned char *p = with + 4 * ((size_t)j * W + (size_t)i);
            const unsigned char *q = without + 4 * ((size_t)j * W + (size_t)i);
            if (max_channel_diff(p, want) > 2)
                fprintf(stderr, "run %d seg %ld at (%d,%d): got %d %d %d want %d %d %d\n", r, k,
                        i, j, p[0], p[1], p[2], want[0], want[1], want[2]);
            ASSERT(max_channel_diff(p, want) <= 2);
            /* ... and without the run the pixel is the field, far from that color. */
            ASSERT(max_channel_diff(q, want) > 30);
            checked++;
        }
    }
    ASSERT(checked >= 4);
    /* A corner far from every run is untouched. */
    ASSERT(max_channel_diff(with, without) == 0);
    ASSERT(max_channel_diff(with + 4 * ((size_t)W * H - 1), without + 4 * ((size_t)W * H - 1))
           == 0);
    free(with);
    free(without);
    render_target_free(&t);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

TEST(test_incremental_frames_match_one_shot)
{
    const Landscape *ls = landscape_find("rotated-ravine");
    ASSERT(ls != NULL);
    char err[256];
    Run runs[3];
    OptimKind kinds[3] = {OPTIM_GD, OPTIM_MOMENTUM, OPTIM_ADAM};
    for (int i = 0; i < 3; i++) {
        RunDesc d = run_desc_default(kinds[i]);
        if (kinds[i] == OPTIM_ADAM)
            d.opt.lr = 0.3;
        ASSERT(run_init(&runs[i], ls, &d, ls->start[0], ls->start[1], err, sizeof err));
    }
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs, .n_runs = 3,
                      .plain = true};
    RenderTarget win = {0}, one = {0};
    ASSERT(render_target_resize(&win, W, H));
    ASSERT(render_target_resize(&one, W, H));
    /* The window path: frames while the runs grow, a few steps each. */
    long renders_before = -1;
    for (int frame = 0; frame < 25; frame++) {
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 3; k++)
                run_step(&runs[i]);
        ASSERT(render_frame(g_render, &sc, win.fbo, W, H, err, sizeof err));
        if (frame == 0)
            renders_before = g_render->field_renders;
    }
    /* Animating never re-rendered the field. */
    ASSERT(g_render->field_renders == renders_before);
    long rebuilds = g_render->scene_rebuilds;
    unsigned char *a = read_target(&win);
    ASSERT(render_image(g_render, &sc, &one, err, sizeof err));
    unsigned char *b = read_target(&one);
    long bad = 0;
    for (long p = 0; p < (long)W * H; p++)
        bad += max_channel_diff(a + 4 * p, b + 4 * p) > 4;
    printf("  incremental vs one-shot: %ld of %d pixels differ\n", bad, W * H);
    /* They may differ only where a run crosses itself: frame by frame a newer segment's halo
     * lies over an older core, in one shot every core lies over every halo. */
    ASSERT(bad <= (long)W * H / 200);
    /* The one-shot path has its own buffers: the pane's layer is still good. */
    ASSERT(render_frame(g_render, &sc, win.fbo, W, H, err, sizeof err));
    ASSERT(g_render->scene_rebuilds == rebuilds);
    /* Restarting a run is detected: the layer is rebuilt from the new trajectory. */
    run_restart(&runs[0], 1.0, -1.0);
    ASSERT(render_frame(g_render, &sc, win.fbo, W, H, err, sizeof err));
    ASSERT(g_render->scene_rebuilds == rebuilds + 1);
    free(a);
    free(b);
    render_target_free(&win);
    render_target_free(&one);
    for (int i = 0; i < 3; i++)
        run_free(&runs[i]);
}

/* A zigzag of n points with random steps across a W x H target: turns up to nearly 180
 * degrees. */
static void zigzag(float *xy, int n)
{
    uint64_t z = 12345;
    for (int k = 0; k < n; k++) {
        z = z * 6364136223846793005ull + 1442695040888963407ull;
        float r = (float)(z >> 40) / (float)(1ull << 24);
        xy[2 * k] = 40.0f + 9.0f * (float)k + 20.0f * r;
        xy[2 * k + 1] = 240.0f + (k % 2 ? 120.0f : -120.0f) * r + (k % 7 == 0 ? 60.0f : 0.0f);
    }
}

/* A line with sharp turns drawn as canvas_polyline's strip at once, and in pieces (each
 * segment alone with the vertices around it, canvas_gl_strip, a flush between): the same
 * pixels. */
TEST(test_strip_in_pieces_matches_whole)
{
    enum { N = 60 };
    float xy[2 * N];
    zigzag(xy, N);
    Rgba col = {230, 120, 40, 77};
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    unsigned char *img[2];
    for (int pass = 0; pass < 2; pass++) {
        glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.1f, 0.2f, 0.3f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        canvas_begin(g_render->canvas, W, H, 0, 0, W, H);
        if (pass == 0) {
            canvas_polyline(g_render->canvas, xy, N, 1.5f, col);
        } else {
            canvas_flush(g_render->canvas);
            Batcher *b = &g_render->batch;
            for (int v = 1; v < N; v++) {
                int from = v >= 2 ? v - 2 : v - 1, to = v + 1 < N ? v + 1 : v;
                batcher_begin(b, W, H);
                canvas_gl_strip(b, xy + 2 * from, to - from + 1, v - from, v - from + 1, 1.5f,
                                col);
                batcher_end(b);
            }
        }
        canvas_flush(g_render->canvas);
        img[pass] = read_target(&t);
    }
    long bad = 0, drawn = 0;
    for (long p = 0; p < (long)W * H; p++) {
        bad += max_channel_diff(img[0] + 4 * p, img[1] + 4 * p) != 0;
        drawn += img[0][4 * p] != img[0][0];
    }
    printf("  strip in pieces: %ld of %ld drawn pixels differ\n", bad, drawn);
    ASSERT(drawn > 1000);
    ASSERT(bad == 0);
    free(img[0]);
    free(img[1]);
    render_target_free(&t);
}

/* Two noisy runs' clouds (sharp turns, copies crossing each other and the other run's) drawn
 * frame by frame as the window does (each copy's final segments into the pane's layer as
 * they come, its last ones over it) against render_image's one shot: the same pixels,
 * exactly, at every frame checked; a rewound copy rebuilds the layer. */
TEST(test_cloud_frames_match_one_shot)
{
    enum { K = 8 };
    const Landscape *ls = landscape_find("himmelblau");
    ASSERT(ls != NULL);
    char err[256];
    Run runs[2], cloud[2 * K];
    static const OptimKind kinds[2] = {OPTIM_GD, OPTIM_MOMENTUM};
    for (int i = 0; i < 2; i++) {
        RunDesc d = run_desc_default(kinds[i]);
        d.opt.lr = 0.004;
        d.noise = 60.0;
        d.seed = 7u + (uint64_t)i;
        /* The run itself stays at its start (no path of its own: only the cloud differs). */
        ASSERT(run_init(&runs[i], ls, &d, 0.5, -0.5, err, sizeof err));
        for (int c = 0; c < K; c++) {
            RunDesc dc = d;
            dc.seed += (uint64_t)c + 1;
            ASSERT(run_init(&cloud[i * K + c], ls, &dc, 0.5, -0.5, err, sizeof err));
        }
    }
    unsigned char colors[2] = {3, 5};
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs, .n_runs = 2,
                    .colors = colors, .plain = true, .cloud = cloud, .cloud_k = K};
    RenderTarget win = {0}, one = {0};
    ASSERT(render_target_resize(&win, W, H));
    ASSERT(render_target_resize(&one, W, H));
    long checked = 0, rebuilds = 0;
    for (int frame = 0; frame < 24; frame++) {
        /* Uneven frames: 1 to 7 steps each. */
        for (int j = 0; j < 2 * K; j++)
            for (int k = 0; k < 1 + (frame * 5) % 7; k++)
                run_step(&cloud[j]);
        if (frame == 16) {
            /* Rewound (a seek back): the layer starts over. */
            for (int j = 0; j < 2 * K; j++) {
                ASSERT(run_restart(&cloud[j], 0.5, -0.5));
                for (int k = 0; k < 20; k++)
                    run_step(&cloud[j]);
            }
            rebuilds = g_render->main.cloud.rebuilds;
        }
        ASSERT(render_frame(g_render, &sc, win.fbo, W, H, err, sizeof err));
        if (frame == 16)
            ASSERT(g_render->main.cloud.rebuilds == rebuilds + 1);
        if (frame % 4 != 3)
            continue;
        unsigned char *a = read_target(&win);
        ASSERT(render_image(g_render, &sc, &one, err, sizeof err));
        unsigned char *b = read_target(&one);
        long bad = 0, cloudy = 0;
        for (long p = 0; p < (long)W * H; p++)
            bad += max_channel_diff(a + 4 * p, b + 4 * p) != 0;
        /* ... and the cloud is there: the picture without it differs. */
        PlotScene bare = sc;
        bare.cloud = NULL;
        ASSERT(render_image(g_render, &bare, &one, err, sizeof err));
        unsigned char *c = read_target(&one);
        for (long p = 0; p < (long)W * H; p++)
            cloudy += max_channel_diff(b + 4 * p, c + 4 * p) != 0;
        printf("  cloud frame %d: %ld of %ld cloud pixels differ from the one shot\n", frame,
               bad, cloudy);
        ASSERT(bad == 0);
        ASSERT(cloudy > 4000);
        checked++;
        free(a);
        free(b);
        free(c);
    }
    ASSERT(checked == 6);
    render_target_free(&win);
    render_target_free(&one);
    for (int j = 0; j < 2 * K; j++)
        run_free(&cloud[j]);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

/* A noisy gradient descent (steps of about 5 pixels on bowl's default view) and the plain
 * scene of ls at w x h with it (run) and its cloud of k copies (cloud, not yet initialized). */
static PlotScene noisy_cloud_scene(const Landscape *ls, Run *run, Run *cloud, int k, int w,
                                   int h, uint64_t seed, RunDesc *d)
{
    *d = run_desc_default(OPTIM_GD);
    d->opt.lr = 0.0005;
    d->noise = 60.0;
    d->seed = seed;
    return (PlotScene){.ls = ls, .view = view_fit(&ls->view, w, h), .runs = run, .n_runs = 1,
                       .plain = true, .cloud = cloud, .cloud_k = k};
}

/* Copies of one noisy run apart from each other (a random walk each: sharp turns, steps
 * shorter than the thinning distance, no two lines touching), drawn frame by frame as the
 * window does against each copy's whole line (plot_cloud_line) drawn at once: its strip up to
 * its last segments (plot_cloud_last_line) into a transparent layer composited over the
 * plot, those last ones over it. The same pixels, exactly, at every frame checked. */
TEST(test_cloud_frames_match_whole_lines)
{
    enum { K = 12 };
    const Landscape *ls = landscape_find("bowl");
    ASSERT(ls != NULL);
    char err[256];
    Run run, cloud[K];
    RunDesc d;
    PlotScene sc = noisy_cloud_scene(ls, &run, cloud, K, W, H, 99, &d);
    ViewBox vb = view_bounds(&sc.view);
    ASSERT(run_init(&run, ls, &d, 0.0, 0.0, err, sizeof err));
    for (int c = 0; c < K; c++) {
        RunDesc dc = d;
        dc.seed += (uint64_t)c + 1;
        double x = vb.xmin + (vb.xmax - vb.xmin) * (0.5 + c % 4) / 4.0;
        double y = vb.ymin + (vb.ymax - vb.ymin) * (0.5 + c / 4) / 3.0;
        ASSERT(run_init(&cloud[c], ls, &dc, x, y, err, sizeof err));
    }
    RenderTarget win = {0}, one = {0}, layer = {0};
    ASSERT(render_target_resize(&win, W, H));
    ASSERT(render_target_resize(&one, W, H));
    ASSERT(render_target_resize(&layer, W, H));
    Batcher *b = &g_render->batch;
    long checked = 0;
    for (int frame = 0; frame < 30; frame++) {
        for (int c = 0; c < K; c++)
            for (int k = 0; k < 1 + (frame * 3) % 5; k++)
                run_step(&cloud[c]);
        ASSERT(render_frame(g_render, &sc, win.fbo, W, H, err, sizeof err));
        if (frame % 5 != 4)
            continue;
        /* The reference: the plot without the cloud, then the whole lines. */
        PlotScene bare = sc;
        bare.cloud = NULL;
        ASSERT(render_image(g_render, &bare, &one, err, sizeof err));
        glBindFramebuffer(GL_FRAMEBUFFER, layer.fbo);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        float hw, min_px;
        Rgba col;
        plot_cloud_style(&sc, g_render->ui_scale, 0, &hw, &min_px, &col);
        float *lines[K];
        int n[K], tail_from[K];
        batcher_begin(b, W, H);
        for (int c = 0; c < K; c++) {
            lines[c] = plot_cloud_line(&sc, &cloud[c], min_px, &n[c]);
            ASSERT(lines[c] != NULL);
            /* Where its last segments start: the copy read up to its last point. */
            PlotCloudPath path = {0};
            float tail[10];
            int first;
            ASSERT(plot_cloud_path_read(&path, &sc, &cloud[c], min_px));
            int m = plot_cloud_last_line(&path, &sc, &cloud[c], min_px, tail, &first);
            plot_cloud_path_free(&path);
            tail_from[c] = n[c] - m + first;
            if (tail_from[c] > 1)
                canvas_gl_strip(b, lines[c], n[c], 1, tail_from[c], 2.0f * hw, col);
        }
        batcher_end(b);
        glBindFramebuffer(GL_FRAMEBUFFER, one.fbo);
        batcher_begin(b, W, H);
        batcher_set_premultiplied(b, true);
        batcher_quad_uv(b, layer.tex, 0.0f, 0.0f, (float)W, (float)H, 0.0f, 1.0f, 1.0f, 0.0f,
                        (Rgba){255, 255, 255, 255});
        batcher_set_premultiplied(b, false);
        for (int c = 0; c < K; c++) {
            if (tail_from[c] < n[c])
                canvas_gl_strip(b, lines[c], n[c], tail_from[c], n[c], 2.0f * hw, col);
            free(lines[c]);
        }
        batcher_end(b);
        unsigned char *a = read_target(&win), *r = read_target(&one);
        ASSERT(render_image(g_render, &bare, &one, err, sizeof err));
        unsigned char *z = read_target(&one);
        long bad = 0, cloudy = 0;
        for (long p = 0; p < (long)W * H; p++) {
            bad += max_channel_diff(a + 4 * p, r + 4 * p) != 0;
            cloudy += max_channel_diff(r + 4 * p, z + 4 * p) != 0;
        }
        printf("  cloud frame %d: %ld of %ld cloud pixels differ from whole lines\n", frame, bad,
               cloudy);
        ASSERT(bad == 0);
        ASSERT(cloudy > 1000);
        checked++;
        free(a);
        free(r);
        free(z);
    }
    ASSERT(checked == 6);
    render_target_free(&win);
    render_target_free(&one);
    render_target_free(&layer);
    for (int c = 0; c < K; c++)
        run_free(&cloud[c]);
    run_free(&run);
}

/* Distance from (x, y) to the segment (ax, ay)-(bx, by). */
static double seg_dist(double x, double y, double ax, double ay, double bx, double by)
{
    double vx = bx - ax, vy = by - ay, l2 = vx * vx + vy * vy;
    double t = l2 > 0.0 ? ((x - ax) * vx + (y - ay) * vy) / l2 : 0.0;
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    return hypot(x - ax - t * vx, y - ay - t * vy);
}

/* A copy's line as the cloud reads it (plot_cloud_line, over plot_cloud_path_read): the
 * points kept by the thinning (each at least min_px from the last kept, computed here
 * independently) simplified to PATHLOD_PX. Three straight legs of 4-px steps with jitter of
 * 0.04 px, then a random walk: every kept point lies within 1.5 PATHLOD_PX of the line (the
 * last one, which the copy's last point may replace, within min_px), a leg is one segment,
 * and the walk keeps its turns. */
TEST(test_cloud_line_simplified_within_tolerance)
{
    enum { LEG = 100, WALK = 300, N = 3 * LEG + WALK + 1 };
    const Landscape *ls = landscape_find("bowl");
    ASSERT(ls != NULL);
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H)};
    static TrajPoint pts[N];
    static double px[N][2];
    uint64_t z = 777;
    double x = 100.0, y = 100.0, a = 0.3;
    for (int k = 0; k < N; k++) {
        z = z * 6364136223846793005ull + 1442695040888963407ull;
        double r = (double)(z >> 11) / 9007199254740992.0 - 0.5;
        if (k > 0) {
            bool leg = k <= 3 * LEG;
            if (leg && k % LEG == 1)
                a += 2.0; /* a corner between legs */
            if (!leg)
                a += 1.5 * r;
            x += (leg ? 4.0 : 3.0) * cos(a);
            y += (leg ? 4.0 : 3.0) * sin(a);
        }
        px[k][0] = x + 0.04 * r;
        px[k][1] = y - 0.04 * r;
        view_screen_to_world(&sc.view, px[k][0], px[k][1], &pts[k].x, &pts[k].y);
    }
    float hw, min_px;
    Rgba col;
    plot_cloud_style(&sc, 1.0f, 0, &hw, &min_px, &col);
    for (int part = 0; part < 2; part++) {
        Run copy = {.pts = pts, .n = part ? N : 3 * LEG + 1};
        int n = 0;
        float *line = plot_cloud_line(&sc, &copy, min_px, &n);
        ASSERT(line != NULL);
        double worst = 0.0;
        long kept = 0;
        double lx = 0.0, ly = 0.0;
        for (long k = 0; k < copy.n; k++) {
            double sx, sy;
            view_world_to_screen(&sc.view, pts[k].x, pts[k].y, &sx, &sy);
            if (k > 0 && k < copy.n - 1 && hypot(sx - lx, sy - ly) < (double)min_px)
                continue;
            kept++;
            lx = sx;
            ly = sy;
            double d = INFINITY;
            for (int i = 0; i + 1 < n; i++)
                d = fmin(d, seg_dist(sx, sy, line[2 * i], line[2 * i + 1], line[2 * i + 2],
                                     line[2 * i + 3]));
            if (k < copy.n - 2)
                worst = fmax(worst, d);
            else
                ASSERT(d <= (double)min_px);
        }
        printf("  cloud line of %ld points: %ld kept by the thinning, %d vertices, worst "
               "deviation %.3f px\n", copy.n, kept, n, worst);
        ASSERT(worst <= 1.5 * PATHLOD_PX);
        if (part == 0)
            ASSERT(n <= 5); /* three legs: their ends, and the copy's last point */
        else
            ASSERT(n > 5 + WALK / 10 && n < 5 + WALK);
        free(line);
    }
}

/* A pane's plot with a cloud of 64 copies in four groups far apart (random walks: sharp
 * turns, steps shorter than the thinning distance, so a last point often gives way), prepared
 * and presented as the window does at an offset in a larger target, frame after frame: every
 * pixel that changed from one frame to the next lies in a box prepare reported, and the boxes
 * stay near the copies, not their hull. */
TEST(test_cloud_damage_covers_what_changed)
{
    enum { K = 64, SLOT = CANVAS_MAX_SLOTS - 1, X0 = 24, Y0 = 16, PW = W - 48, PH = H - 40 };
    const Landscape *ls = landscape_find("bowl");
    ASSERT(ls != NULL);
    char err[256];
    Run run, cloud[K];
    RunDesc d;
    PlotScene sc = noisy_cloud_scene(ls, &run, cloud, K, PW, PH, 41, &d);
    ViewBox vb = view_bounds(&sc.view);
    ASSERT(run_init(&run, ls, &d, 0.0, 0.0, err, sizeof err));
    for (int c = 0; c < K; c++) {
        RunDesc dc = d;
        dc.seed += (uint64_t)c + 1;
        /* four clusters of 16, a copy's start 12 pixels from the next */
        int g = c / 16, m = c % 16;
        double x = vb.xmin + (vb.xmax - vb.xmin) * (0.25 + 0.5 * (g % 2)) +
                   (m % 4 - 1.5) * 12.0 * sc.view.scale;
        double y = vb.ymin + (vb.ymax - vb.ymin) * (0.25 + 0.5 * (g / 2)) +
                   (m / 4 - 1.5) * 12.0 * sc.view.scale;
        ASSERT(run_init(&cloud[c], ls, &dc, x, y, err, sizeof err));
    }
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.2f, 0.4f, 0.6f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    unsigned char *last = read_target(&t);
    Canvas *gl = g_render->canvas;
    long changed = 0, outside = 0, worst_area = 0;
    for (int frame = 0; frame < 24; frame++) {
        for (int c = 0; c < K; c++)
            for (int k = 0; k < (frame * 5) % 13; k++) /* 0 to 12 steps */
                run_step(&cloud[c]);
        glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
        canvas_begin(gl, W, H, 0, 0, W, H);
        canvas_gl_limit(gl, NULL);
        DamageList dl = {.n = 0};
        ASSERT(canvas_gl_plot_prepare(gl, SLOT, &sc, X0, Y0, PW, PH, &dl, err, sizeof err));
        ASSERT(canvas_gl_plot_present(gl, SLOT, &sc, X0, Y0, PW, PH, err, sizeof err));
        canvas_flush(gl);
        unsigned char *now = read_target(&t);
        long area = 0;
        for (int k = 0; k < dl.n; k++)
            area += pixelbox_area(dl.box[k]);
        for (int row = 0; row < H; row++) {
            for (int x = 0; x < W; x++) {
                size_t q = 4 * ((size_t)row * W + (size_t)x);
                if (memcmp(now + q, last + q, 3) == 0)
                    continue;
                PixelBox px = {x, H - 1 - row, x + 1, H - row}; /* rows read bottom up */
                bool in = false;
                for (int k = 0; k < dl.n && !in; k++)
                    in = pixelbox_contains(dl.box[k], px);
                changed++;
                outside += !in;
            }
        }
        if (frame > 0)
            worst_area = area > worst_area ? area : worst_area;
        free(last);
        last = now;
    }
    printf("  cloud of %d: %ld pixels changed, %ld outside the damage; at most %ld of %d pixels "
           "damaged\n", K, changed, outside, worst_area, PW * PH);
    ASSERT(outside == 0);
    ASSERT(changed > (long)PW * PH);
    ASSERT(worst_area > 0 && worst_area < (long)PW * PH / 3);
    free(last);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    render_target_free(&t);
    for (int c = 0; c < K; c++)
        run_free(&cloud[c]);
    run_free(&run);
}

TEST(test_view_change_rerenders_field)
{
    const Landscape *ls = landscape_find("himmelblau");
    char err[256];
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .levels = 12};
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    long n = g_render->field_renders;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(g_render->field_renders == n);
    view_pan(&sc.view, 10, 0);
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(g_render->field_renders == n + 1);
    sc.levels = 14;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(g_render->field_renders == n + 2);
    render_target_free(&t);
}

/* Channel c (0..255) of the iw x ih image a (GL rows, bottom-up) sampled bilinearly like a
 * linear texture fetch at texel coordinates (gx, gy) (texel centres at half integers). */
static double bilinear(const unsigned char *a, int iw, int ih, double gx, double gy, int c)
{
    gx -= 0.5;
    gy -= 0.5;
    int x0 = (int)floor(gx), y0 = (int)floor(gy);
    double fx = gx - x0, fy = gy - y0, sum = 0.0;
    for (int j = 0; j < 2; j++)
        for (int i = 0; i < 2; i++) {
            int x = x0 + i < 0 ? 0 : x0 + i >= iw ? iw - 1 : x0 + i;
            int y = y0 + j < 0 ? 0 : y0 + j >= ih ? ih - 1 : y0 + j;
            sum += (i ? fx : 1.0 - fx) * (j ? fy : 1.0 - fy) * a[4 * ((long)y * iw + x) + c];
        }
    return sum;
}

/* The pixel of a (the size of view v) that shows world point (wx, wy), sampled bilinearly. */
static double bilinear_at(const unsigned char *a, const View *v, double wx, double wy, int c)
{
    double sx, sy;
    view_world_to_screen(v, wx, wy, &sx, &sy);
    return bilinear(a, v->w, v->h, sx, (double)v->h - sy, c);
}

/* Where pixel (x, y) (GL rows, bottom-up) of a W x H target showing view now shows, in world
 * units (*wx, *wy) and in the screen pixels of view before (*ox, *oy: y down). */
static void moved_pixel(const View *now, const View *before, int x, int y, double *wx,
                        double *wy, double *ox, double *oy)
{
    view_screen_to_world(now, x + 0.5, (H - 1 - y) + 0.5, wx, wy);
    view_world_to_screen(before, *wx, *wy, ox, oy);
}

/* Whether world point (wx, wy) is within 16 pixels (at scale world units a pixel) of one of
 * ls's critical points, whose markers are drawn at their own size whatever the view. */
static bool near_marker(const Landscape *ls, double wx, double wy, double scale)
{
    for (int k = 0; k < ls->n_crit; k++)
        if (fabs(ls->crit[k].x - wx) < 16.0 * scale && fabs(ls->crit[k].y - wy) < 16.0 * scale)
            return true;
    return false;
}

/* Pane draws sc while its view moves (its field not rendered again: renders stays its
 * count) onto t, and the field program draws sc's view with the scale fs onto ref, in
 * ref's rows: *got and *want are their pixels (caller frees). */
static void draw_moving(RenderPane *pane, const PlotScene *sc, const RenderTarget *t,
                        const RenderTarget *ref, const FieldScale *fs, long renders,
                        unsigned char **got, unsigned char **want)
{
    char err[256];
    UiRect rect = {0.0f, 0.0f, (float)t->w, (float)t->h};
    ASSERT(render_pane_base(g_render, pane, sc, t->fbo, t->w, t->h, rect, err, sizeof err));
    ASSERT(pane->direct && pane->field_renders == renders);
    ViewBox box = view_bounds(&sc->view);
    ASSERT(field_render(&g_render->field, ref, sc->ls, &box, fs, 0, ref->h, err, sizeof err));
    *got = read_target(t);
    *want = read_target(ref);
}

/* The view rests (sc no longer interacting): pane draws onto t what a fresh cache draws
 * (onto ref), pixel for pixel. */
static void check_settled(RenderPane *pane, PlotScene *sc, const RenderTarget *t,
                          const RenderTarget *ref)
{
    char err[256];
    UiRect rect = {0.0f, 0.0f, (float)t->w, (float)t->h};
    sc->interacting = false;
    ASSERT(render_pane_base(g_render, pane, sc, t->fbo, t->w, t->h, rect, err, sizeof err));
    ASSERT(!pane->direct);
    unsigned char *e = read_target(t);
    RenderPane fresh;
    render_pane_init(&fresh);
    ASSERT(render_pane_base(g_render, &fresh, sc, ref->fbo, t->w, t->h, rect, err, sizeof err));
    unsigned char *f = read_target(ref);
    long bad = 0;
    for (long k = 0; k < (long)t->w * t->h; k++)
        bad += max_channel_diff(e + 4 * k, f + 4 * k) != 0;
    ASSERT(bad == 0);
    free(e);
    free(f);
    render_pane_free(&fresh);
}

/* While the view moves (a drag, the wheel: PlotScene.interacting), the pane is drawn straight
 * onto the target from the last field: a pan moves its pixels exactly, the colour scale held
 * (the strip it uncovers is the field program's with that scale); a zoom magnifies them. No
 * field is rendered until the view settles; then the pane is what a fresh cache draws. */
TEST(test_moving_view_drawn_from_last_field)
{
    const Landscape *ls = landscape_find("himmelblau");
    char err[256];
    RenderTarget t = {0}, ref = {0};
    ASSERT(render_target_resize(&t, W, H) && render_target_resize(&ref, W, H));
    RenderPane pane;
    render_pane_init(&pane);
    UiRect rect = {0.0f, 0.0f, (float)W, (float)H};
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .levels = 12, .plain = true};
    ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, W, H, rect, err, sizeof err));
    unsigned char *a = read_target(&t);
    View v0 = sc.view;
    ViewBox box0 = view_bounds(&v0);
    FieldScale held = plot_field_scale(&sc, g_render->ui_scale, &box0);
    long renders = pane.field_renders;

    /* A drag of (13, -9) pixels. */
    sc.interacting = true;
    view_pan(&sc.view, 13.0, -9.0);
    unsigned char *b, *c;
    draw_moving(&pane, &sc, &t, &ref, &held, renders, &b, &c);
    long moved = 0, moved_bad = 0, strip = 0, strip_bad = 0;
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            double wx, wy, ox, oy;
            moved_pixel(&sc.view, &v0, x, y, &wx, &wy, &ox, &oy);
            int px = (int)floor(ox), py = H - 1 - (int)floor(oy);
            const unsigned char *got = b + 4 * ((long)y * W + x);
            if (px >= 1 && px < W - 1 && py >= 1 && py < H - 1) {
                moved++;
                moved_bad += max_channel_diff(got, a + 4 * ((long)py * W + px)) > 1;
            } else {
                strip++;
                strip_bad += max_channel_diff(got, c + 4 * ((long)y * W + x)) > 1;
            }
        }
    }
    printf("  dragged: %ld of %ld moved pixels, %ld of %ld uncovered ones differ\n", moved_bad,
           moved, strip_bad, strip);
    ASSERT(moved > (long)W * H * 9 / 10 && strip > 13L * H);
    ASSERT(moved_bad == 0 && strip_bad == 0);
    /* The same frame drawn again under the batcher's limit (a frame redrawn a box at a time;
     * GL rows): inside the box the same pixels, outside it the target as it was. */
    enum { LX = 101, LY = 57, LW = 230, LH = 170 };
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glClearColor(1.0f, 0.0f, 1.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    batcher_set_limit(&g_render->batch, LX, LY, LW, LH);
    ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, W, H, rect, err, sizeof err));
    batcher_limit_off(&g_render->batch);
    unsigned char *limited = read_target(&t);
    long in_box_bad = 0, out_box_bad = 0;
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            const unsigned char *got = limited + 4 * ((long)y * W + x);
            if (x >= LX && x < LX + LW && y >= LY && y < LY + LH)
                in_box_bad += max_channel_diff(got, b + 4 * ((long)y * W + x)) != 0;
            else
                out_box_bad += !(got[0] == 255 && got[1] == 0 && got[2] == 255);
        }
    }
    free(limited);
    printf("  dragged, within a limit: %ld pixels in the box differ, %ld outside drawn\n",
           in_box_bad, out_box_bad);
    ASSERT(in_box_bad == 0 && out_box_bad == 0);

    /* The wheel: a zoom in by 1.25 about a point off the centre; then out again past the
     * start, which uncovers a frame around the old field. Compared with the field's own
     * pixels magnified, away from the critical points' markers (drawn at their size). */
    unsigned char *field = read_target(&pane.full);
    const double factors[2] = {1.25, 1.0 / 1.6};
    for (int z = 0; z < 2; z++) {
        View before = pane.f_view;
        view_zoom_at(&sc.view, 0.4 * W, 0.6 * H, factors[z]);
        unsigned char *d;
        free(c);
        draw_moving(&pane, &sc, &t, &ref, &held, renders, &d, &c);
        long in = 0, in_bad = 0, out = 0, out_bad = 0;
        for (int y = 2; y < H - 2; y++) {
            for (int x = 2; x < W - 2; x++) {
                double wx, wy, ox, oy;
                moved_pixel(&sc.view, &before, x, y, &wx, &wy, &ox, &oy);
                const unsigned char *got = d + 4 * ((long)y * W + x);
                if (near_marker(ls, wx, wy, sc.view.scale))
                    continue;
                if (ox >= 2.0 && ox < W - 2.0 && oy >= 2.0 && oy < H - 2.0) {
                    in++;
                    int worst = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        int e = (int)fabs(got[ch] - bilinear_at(field, &before, wx, wy, ch));
                        worst = e > worst ? e : worst;
                    }
                    in_bad += worst > 3;
                } else if (ox < -2.0 || ox >= W + 2.0 || oy < -2.0 || oy >= H + 2.0) {
                    out++;
                    out_bad += max_channel_diff(got, c + 4 * ((long)y * W + x)) > 1;
                }
            }
        }
        printf("  zoomed by %.3g: %ld of %ld magnified pixels, %ld of %ld uncovered ones "
               "differ\n", factors[z], in_bad, in, out_bad, out);
        ASSERT(in > (long)W * H / 4 && in_bad == 0);
        ASSERT(z == 0 ? out == 0 : out > (long)W * H / 4);
        ASSERT(out_bad == 0);
        free(d);
    }

    /* The hand lets go: the field for this view, and the pane a fresh cache draws. */
    check_settled(&pane, &sc, &t, &ref);
    ASSERT(pane.field_renders == renders + 1);
    free(a);
    free(b);
    free(c);
    free(field);
    render_pane_free(&pane);
    render_target_free(&t);
    render_target_free(&ref);
}

/* A pane with a cloud while its view moves: the cloud as it was when the move began (its
 * layer and last segments) moves with the field and the paths, pixel for pixel within
 * 2/255; when the view rests the pane is what a fresh cache draws. */
TEST(test_moving_view_moves_the_cloud)
{
    enum { K = 8 };
    const Landscape *ls = landscape_find("bowl");
    char err[256];
    Run run, cloud[K];
    RunDesc d;
    PlotScene sc = noisy_cloud_scene(ls, &run, cloud, K, W, H, 7, &d);
    ASSERT(run_init(&run, ls, &d, 0.5, 0.5, err, sizeof err));
    for (int c = 0; c < K; c++) {
        RunDesc dc = d;
        dc.seed += (uint64_t)c + 1;
        ASSERT(run_init(&cloud[c], ls, &dc, 0.5, 0.5, err, sizeof err));
        for (int k = 0; k < 40; k++)
            run_step(&cloud[c]);
    }
    for (int k = 0; k < 40; k++)
        run_step(&run);
    RenderTarget t = {0}, ref = {0};
    ASSERT(render_target_resize(&t, W, H) && render_target_resize(&ref, W, H));
    RenderPane pane;
    render_pane_init(&pane);
    UiRect rect = {0.0f, 0.0f, (float)W, (float)H};
    ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, W, H, rect, err, sizeof err));
    unsigned char *a = read_target(&t);
    View v0 = sc.view;
    long rebuilds = pane.cloud.rebuilds;
    sc.interacting = true;
    view_pan(&sc.view, 21.0, -17.0);
    ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, W, H, rect, err, sizeof err));
    ASSERT(pane.direct && pane.cloud.frozen_valid && pane.cloud.rebuilds == rebuilds);
    unsigned char *b = read_target(&t);
    long moved = 0, moved_bad = 0, inked = 0;
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            double wx, wy, ox, oy;
            moved_pixel(&sc.view, &v0, x, y, &wx, &wy, &ox, &oy);
            int px = (int)floor(ox), py = H - 1 - (int)floor(oy);
            if (px < 1 || px >= W - 1 || py < 1 || py >= H - 1)
                continue;
            const unsigned char *was = a + 4 * ((long)py * W + px);
            moved++;
            /* (The copies' last segments went through the premultiplied frozen layer: a
             * rounding more than drawn straight over the pane.) */
            moved_bad += max_channel_diff(b + 4 * ((long)y * W + x), was) > 2;
        }
    }
    /* The cloud is there to move: its pixels differ from the bare plot's. */
    PlotScene bare = sc;
    bare.cloud = NULL;
    bare.interacting = false;
    bare.view = v0;
    ASSERT(render_image(g_render, &bare, &ref, err, sizeof err));
    unsigned char *c = read_target(&ref);
    for (long k = 0; k < (long)W * H; k++)
        inked += max_channel_diff(a + 4 * k, c + 4 * k) > 8;
    printf("  cloud dragged: %ld of %ld moved pixels differ (the cloud inks %ld)\n", moved_bad,
           moved, inked);
    ASSERT(moved > (long)W * H * 9 / 10 && moved_bad == 0 && inked > 500);
    /* Let go: a fresh cache's pane. */
    check_settled(&pane, &sc, &t, &ref);
    free(a);
    free(b);
    free(c);
    render_pane_free(&pane);
    render_target_free(&t);
    render_target_free(&ref);
    run_free(&run);
    for (int k = 0; k < K; k++)
        run_free(&cloud[k]);
}

/* A data landscape's pane while its view moves: the old field's pixels move exactly, and
 * what a drag or a zoom out uncovers is a reduced field of the view (field_low_res_div, the
 * held colour scale, its lines as much thinner) magnified over the pane, not left stale. */
TEST(test_moving_data_view_fills_from_reduced_field)
{
    const Landscape *ls = landscape_find("tiny-net");
    char err[256];
    int div = field_low_res_div(ls), lw = (W + div - 1) / div, lh = (H + div - 1) / div;
    RenderTarget t = {0}, low = {0};
    ASSERT(render_target_resize(&t, W, H) && render_target_resize(&low, lw, lh));
    RenderPane pane;
    render_pane_init(&pane);
    UiRect rect = {0.0f, 0.0f, (float)W, (float)H};
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .plain = true};
    ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, W, H, rect, err, sizeof err));
    ASSERT(pane.full_ready);
    unsigned char *a = read_target(&t);
    View v0 = sc.view;
    FieldScale held = pane.f_scale;
    held.line_px /= (float)div;
    long renders = pane.field_renders;
    sc.interacting = true;
    for (int step = 0; step < 2; step++) {
        if (step == 0)
            view_pan(&sc.view, -40.0, 25.0);
        else
            view_zoom_at(&sc.view, 0.5 * W, 0.5 * H, 1.0 / 1.5);
        unsigned char *b, *c;
        draw_moving(&pane, &sc, &t, &low, &held, renders, &b, &c);
        long moved = 0, moved_bad = 0, strip = 0, strip_bad = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double wx, wy, ox, oy;
                moved_pixel(&sc.view, &v0, x, y, &wx, &wy, &ox, &oy);
                const unsigned char *got = b + 4 * ((long)y * W + x);
                if (near_marker(ls, wx, wy, sc.view.scale))
                    continue;
                int px = (int)floor(ox), py = H - 1 - (int)floor(oy);
                if (step == 0 && px >= 1 && px < W - 1 && py >= 1 && py < H - 1) {
                    moved++;
                    moved_bad += max_channel_diff(got, a + 4 * ((long)py * W + px)) > 1;
                } else if (ox < -2.0 || ox >= W + 2.0 || oy < -2.0 || oy >= H + 2.0) {
                    strip++;
                    int worst = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        double want = bilinear(c, lw, lh, (x + 0.5) * lw / W,
                                               (y + 0.5) * lh / H, ch);
                        int e = (int)fabs(got[ch] - want);
                        worst = e > worst ? e : worst;
                    }
                    strip_bad += worst > 3;
                }
            }
        }
        printf("  tiny-net %s: %ld of %ld moved pixels, %ld of %ld uncovered ones (from the "
               "reduced field) differ\n", step ? "zoomed out" : "dragged", moved_bad, moved,
               strip_bad, strip);
        ASSERT(moved_bad == 0 && (step == 1 || moved > (long)W * H * 3 / 4));
        ASSERT(strip > (step ? (long)W * H / 3 : 40L * H) && strip_bad == 0);
        free(b);
        free(c);
    }
    free(a);
    render_pane_free(&pane);
    render_target_free(&t);
    render_target_free(&low);
}

/* A data landscape's field in the window is the CPU's smooth field of the view, byte for
 * byte (soft_field_smooth_at, uploaded as it is into the top-down target), also after the
 * pane's size changed and back, and after a pan: the image the pane keeps between views is
 * neither cleared nor reallocated when the size stays, and every pixel of it is drawn again.
 * Its colour scale, fitted to the field's nodes, is plot_field_scale's to the bit. */
TEST(test_data_field_in_window_is_the_smooth_field)
{
    const Landscape *ls = landscape_find("logistic");
    char err[256];
    enum { BW = 1280, BH = 1000 }; /* big enough for the scale to come from the nodes */
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, BW, BH));
    RenderPane pane;
    render_pane_init(&pane);
    static const int SIZES[5][2] = {{W, H}, {W - 37, H - 21}, {W, H}, {W, H}, {BW, BH}};
    View v = view_fit(&ls->view, W, H);
    for (int k = 0; k < 5; k++) {
        int w = SIZES[k][0], h = SIZES[k][1];
        view_resize(&v, w, h);
        if (k == 3)
            view_pan(&v, 57.0, -31.0);
        PlotScene sc = {.ls = ls, .view = v, .plain = true};
        UiRect rect = {0.0f, 0.0f, (float)w, (float)h};
        ASSERT(render_pane_base(g_render, &pane, &sc, t.fbo, BW, BH, rect, err, sizeof err));
        ASSERT(pane.full_ready && pane.full.w == w && pane.full.h == h);
        /* the scale fitted to the nodes is plot_field_scale's, which evaluates the lattice
         * itself (what a GL export of the view uses); a small pane's is the grid's */
        ViewBox box = view_bounds(&sc.view);
        FieldScale fit = plot_field_scale(&sc, g_render->ui_scale, &box);
        ASSERT(memcmp(&fit, &pane.f_scale, sizeof fit) == 0);
        unsigned char *got = read_target(&pane.full);
        SoftCanvas want;
        ASSERT(soft_canvas_init(&want, w, h));
        ASSERT(pane.full.top_down);
        ASSERT(soft_field_smooth_at(&want, 0, 0, ls, &sc.view, &pane.f_scale, 2));
        long bad = 0;
        for (int y = 0; y < h; y++) /* got: bottom row first */
            for (long q = 0; q < (long)w * 4; q++)
                bad += got[(long)y * w * 4 + q] != want.rgba[(long)(h - 1 - y) * w * 4 + q];
        printf("  logistic %dx%d%s: %ld bytes differ from the smooth field\n", w, h,
               k == 3 ? ", panned" : "", bad);
        ASSERT(bad == 0);
        soft_canvas_free(&want);
        free(got);
    }
    render_pane_free(&pane);
    render_target_free(&t);
}

TEST(test_data_landscape_refines_after_moving)
{
    const Landscape *ls = landscape_find("tiny-net");
    char err[256];
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .interacting = true};
    long rows0 = g_render->field_rows_rendered;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    /* While moving: a reduced-resolution field only. */
    int div = field_low_res_div(ls);
    ASSERT(div >= 2);
    ASSERT(g_render->field_rows_rendered - rows0 == (H + div - 1) / div);
    ASSERT(render_busy(g_render));
    sc.interacting = false;
    int frames = 0;
    while (render_busy(g_render) && frames < 1000) {
        ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
        frames++;
    }
    ASSERT(!render_busy(g_render));
    ASSERT(g_render->field_rows_rendered - rows0 ==
           H + (H + div - 1) / div);
    printf("  tiny-net refined in %d frames\n", frames);
    render_target_free(&t);
}

TEST(test_traj_buffer_appends_only_new_points)
{
    const Landscape *ls = landscape_find("bowl");
    char err[256];
    RunDesc d = run_desc_default(OPTIM_GD);
    Run run;
    ASSERT(run_init(&run, ls, &d, 1.0, 1.0, err, sizeof err));
    TrajBuffer b;
    traj_buffer_init(&b);
    ASSERT(!traj_buffer_sync(&b, run.pts, run.n, run.gen));
    ASSERT(b.n == 1);
    for (int k = 0; k < 3000; k++)
        run_step(&run);
    ASSERT(!traj_buffer_sync(&b, run.pts, run.n, run.gen));
    ASSERT(b.n == run.n && b.nseg == run.n - 1 && b.cap >= run.n - 1);
    /* The GPU copy holds segment k as a quad of four corners (previous point, first, last),
     * the points relative to the first; segment 0 has no previous point (its first again). */
    TrajVertex got[8];
    glBindBuffer(GL_ARRAY_BUFFER, b.vbo);
    glGetBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(sizeof(TrajVertex) * 4 * 1999), sizeof got,
                       got);
    for (int c = 0; c < 8; c++) {
        long k = 1999 + c / 4;
        ASSERT_NEAR(got[c].prev[0], run.pts[k - 1].x - 1.0, 1e-6);
        ASSERT_NEAR(got[c].prev[1], run.pts[k - 1].y - 1.0, 1e-6);
        ASSERT_NEAR(got[c].p0[0], run.pts[k].x - 1.0, 1e-6);
        ASSERT_NEAR(got[c].p1[1], run.pts[k + 1].y - 1.0, 1e-6);
    }
    glGetBufferSubData(GL_ARRAY_BUFFER, 0, sizeof(TrajVertex), got);
    ASSERT(got[0].prev[0] == 0.0f && got[0].p0[0] == 0.0f);
    ASSERT_NEAR(got[0].p1[0], run.pts[1].x - 1.0, 1e-6);
    run_restart(&run, 0.5, 0.5);
    ASSERT(traj_buffer_sync(&b, run.pts, run.n, run.gen));
    ASSERT(b.n == 1 && b.ox == 0.5);
    traj_buffer_free(&b);
    run_free(&run);
}

TEST(test_pathlod_keeps_every_point_within_tolerance)
{
    enum { N = 4000 };
    const double tol = 0.25;
    /* A straight run: nothing but its start is final, the tail is its newest point. */
    PathLod p;
    double fx, fy;
    pathlod_start(&p, tol, 0.0, 0.0);
    for (int k = 1; k <= 1000; k++)
        ASSERT(!pathlod_add(&p, 0.3 * k, 0.1 * k, &fx, &fy));
    ASSERT(p.n == 1 && p.tail);
    ASSERT_NEAR(p.tx, 300.0, 1e-12);
    /* Out and back along the same line: the far end must stay a vertex. */
    pathlod_start(&p, tol, 0.0, 0.0);
    ASSERT(!pathlod_add(&p, 10.0, 0.0, &fx, &fy));
    ASSERT(pathlod_add(&p, 2.0, 0.0, &fx, &fy));
    ASSERT(p.n == 2 && fx == 10.0 && fy == 0.0 && p.tail && p.tx == 2.0);
    /* A spiral that slows to sub-pixel steps, with jitter of a tenth of a pixel: every point
     * within the tolerance (and rounding) of the polyline, with far fewer vertices. */
    static double x[N], y[N], vx[N + 1], vy[N + 1];
    uint64_t seed = 12345;
    for (int k = 0; k < N; k++) {
        double r = 200.0 * exp(-k / 800.0), a = k / 60.0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double j = ((double)(seed >> 11) / 9007199254740992.0 - 0.5) * 0.2;
        x[k] = r * cos(a) + j;
        y[k] = r * sin(a) - j;
    }
    long m = 0;
    pathlod_start(&p, tol, x[0], y[0]);
    vx[m] = x[0];
    vy[m++] = y[0];
    for (int k = 1; k < N; k++) {
        if (pathlod_add(&p, x[k], y[k], &fx, &fy)) {
            vx[m] = fx;
            vy[m++] = fy;
        }
    }
    ASSERT(m == p.n && p.tail);
    vx[m] = p.tx;
    vy[m++] = p.ty;
    double worst = 0.0;
    for (int k = 0; k < N; k++) {
        double d = INFINITY;
        for (long i = 0; i + 1 < m; i++)
            d = fmin(d, seg_dist(x[k], y[k], vx[i], vy[i], vx[i + 1], vy[i + 1]));
        worst = fmax(worst, d);
    }
    printf("  pathlod: %d points -> %ld vertices, worst deviation %.3f (tol %.2f)\n", N, m,
           worst, tol);
    ASSERT(worst <= 1.5 * tol);
    ASSERT(m < N / 4);
    /* tol 0: every point final. */
    pathlod_start(&p, 0.0, 0.0, 0.0);
    ASSERT(pathlod_add(&p, 1.0, 0.0, &fx, &fy) && pathlod_add(&p, 2.0, 0.0, &fx, &fy));
    ASSERT(p.n == 3 && !p.tail);
}

TEST(test_converged_paths_add_no_segments)
{
    /* A run that converged: its sub-pixel steps leave the pane's buffers as they are, so a
     * frame costs the same at step 300 and at step 3,300. */
    const Landscape *ls = landscape_find("bowl");
    char err[256];
    Run run;
    RunDesc d = run_desc_default(OPTIM_GD);
    ASSERT(run_init(&run, ls, &d, ls->start[0], ls->start[1], err, sizeof err));
    for (int k = 0; k < 300; k++)
        run_step(&run);
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = &run, .n_runs = 1};
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    const TrajBuffer *b = &g_render->main.bufs[0];
    long n300 = b->n, rebuilds = g_render->scene_rebuilds;
    /* On the bowl GD runs straight at the minimum: the start and the tail. */
    ASSERT(n300 == 1 && b->tail);
    for (int k = 0; k < 3000; k++) {
        run_step(&run);
        if (k % 100 == 99)
            ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    }
    ASSERT(b->n == n300 && b->src_n == run.n);
    ASSERT(g_render->scene_rebuilds == rebuilds);
    /* A pan, and a zoom within the octave of the level of detail, redraw the segments
     * kept (the scene is rebuilt) without reading the path again; a zoom out of the octave
     * reads it again at the new level. */
    unsigned long rereads = b->rereads;
    double tol = b->tol;
    view_pan(&sc.view, 37.0, -11.0);
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    /* the largest zoom out (else in) in steps of 5% that keeps the octave */
    double f = 1.0;
    while (pathlod_world_tol(sc.view.scale * f * 1.05) == tol)
        f *= 1.05;
    while (f == 1.0 && pathlod_world_tol(sc.view.scale * f / 1.05) == tol)
        f /= 1.05;
    ASSERT(f != 1.0);
    view_zoom_at(&sc.view, W / 2.0, H / 2.0, 1.0 / f);
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(b->rereads == rereads && b->tol == tol && b->src_n == run.n);
    ASSERT(g_render->scene_rebuilds == rebuilds + 2);
    view_zoom_at(&sc.view, W / 2.0, H / 2.0, 4.0);
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(b->tol == pathlod_world_tol(sc.view.scale) && b->tol != tol);
    ASSERT(b->rereads == rereads + 1 && b->src_n == run.n);
    render_target_free(&t);
    run_free(&run);
}

/* A target kept top down (RenderTarget.top_down: the pane's field and layer) holds what a
 * bottom-up one does, rows reversed, when the batcher and the line renderer are told so:
 * quads, a clip, a dot; render_target_copy puts a block of it where it belongs in a
 * bottom-up target, as it does one of the bottom-up target itself; and drawn as a view's
 * image into another top-down target, it is the same picture. */
TEST(test_top_down_target_is_the_window_order)
{
    enum { TW = 97, TH = 61 };
    RenderTarget t[2] = {{0}, {.top_down = true}}, copy[2] = {{0}, {0}};
    unsigned char *px[2], *copied[2];
    for (int k = 0; k < 2; k++) {
        ASSERT(render_target_resize(&t[k], TW, TH) && t[k].top_down == (k == 1));
        ASSERT(render_target_resize(&copy[k], TW, TH));
        glBindFramebuffer(GL_FRAMEBUFFER, t[k].fbo);
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        Batcher *b = &g_render->batch;
        batcher_begin(b, TW, TH);
        batcher_set_top_down(b, t[k].top_down);
        batcher_rect(b, 3.0f, 5.0f, 40.0f, 20.0f, (Rgba){255, 0, 0, 255});
        batcher_clip(b, 10, 30, 25, 12);
        batcher_rect(b, 0.0f, 0.0f, (float)TW, (float)TH, (Rgba){0, 255, 0, 255});
        batcher_clip_off(b);
        batcher_end(b);
        TrajRenderer *tr = &g_render->traj;
        traj_begin(tr, TW, TH);
        traj_set_top_down(tr, t[k].top_down);
        LineStyle dot = {{0.2f, 0.4f, 1.0f, 1.0f}, 4.0f, 0.0f, 0.0f};
        traj_marker_dot(tr, 70.3f, 15.6f, &dot);
        traj_flush_markers(tr);
        px[k] = read_target(&t[k]);
        /* The block at (50, 7) of t, 40 x 30, to (2, 20) of a bottom-up target. */
        glBindFramebuffer(GL_FRAMEBUFFER, copy[k].fbo);
        glClear(GL_COLOR_BUFFER_BIT);
        render_target_copy(&t[k], 50, 7, 40, 30, copy[k].fbo, TH, false, 2, 20);
        copied[k] = read_target(&copy[k]);
    }
    int worst = 0, worst_copy = 0;
    long red = 0, green = 0, blue = 0, moved = 0;
    for (long q = 0; q < (long)TW * TH; q++) {
        int d = max_channel_diff(px[0] + 4 * q, px[1] + 4 * q);
        worst = d > worst ? d : worst;
        d = max_channel_diff(copied[0] + 4 * q, copied[1] + 4 * q);
        worst_copy = d > worst_copy ? d : worst_copy;
        red += px[1][4 * q] == 255;
        green += px[1][4 * q + 1] == 255;
        blue += px[1][4 * q + 2] > 128;
        int x = (int)(q % TW), y = TH - 1 - (int)(q / TW); /* from the top */
        if (x >= 2 && x < 42 && y >= 20 && y < 50) {
            long from = (long)(TH - 1 - (y - 20 + 7)) * TW + (x - 2 + 50);
            moved += max_channel_diff(copied[1] + 4 * q, px[1] + 4 * from) != 0;
        }
    }
    /* The top-down image drawn as a view's image (batcher_view_image, texel for pixel) into
     * another top-down target: the same pixels. (With texture() instead of textureLod,
     * Mesa 22.3's llvmpipe read zeros here: RenderTarget.top_down.) */
    RenderTarget again = {.top_down = true};
    ASSERT(render_target_resize(&again, TW, TH));
    glBindFramebuffer(GL_FRAMEBUFFER, again.fbo);
    glClear(GL_COLOR_BUFFER_BIT);
    View view = {.cx = 0.0, .cy = 0.0, .scale = 0.01, .w = TW, .h = TH};
    Batcher *b = &g_render->batch;
    batcher_begin(b, TW, TH);
    batcher_set_top_down(b, true);
    batcher_set_blend(b, false);
    batcher_view_image(b, t[1].tex, TW, TH, true, &view, &view);
    batcher_end(b);
    unsigned char *drawn_again = read_target(&again);
    long again_bad = 0;
    for (long q = 0; q < (long)TW * TH; q++)
        again_bad += max_channel_diff(drawn_again + 4 * q, px[1] + 4 * q) != 0;
    free(drawn_again);
    render_target_free(&again);
    printf("  top down vs bottom up: worst %d (copied %d); %ld red, %ld green, %ld blue px; "
           "%ld copied px misplaced, %ld differ drawn again\n", worst, worst_copy, red, green,
           blue, moved, again_bad);
    ASSERT(again_bad == 0);
    ASSERT(red == 40 * 20 && green == 25 * 12); /* the green quad clipped */
    ASSERT(blue > 30 && blue < 80);
    ASSERT(worst <= 1 && worst_copy <= 1 && moved == 0);
    for (int k = 0; k < 2; k++) {
        free(px[k]);
        free(copied[k]);
        render_target_free(&t[k]);
        render_target_free(&copy[k]);
    }
}

/* Draws b's segments (their cores, white, radius rad px) on black into t; returns the pixels
 * (glReadPixels order). */
static unsigned char *draw_cores(RenderTarget *t, const TrajBuffer *b, const View *v, float rad)
{
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    traj_begin(&g_render->traj, t->w, t->h);
    LineStyle core = {{1.0f, 1.0f, 1.0f, 1.0f}, rad, 0.0f, 0.0f};
    traj_draw(&g_render->traj, b, v, 0, b->nseg + (b->tail ? 1 : 0), &core);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return read_target(t);
}

/* Lit pixels (red > 127) of a with no lit pixel of b within one pixel (8-neighbourhood). */
static long lit_unmatched(const unsigned char *a, const unsigned char *b, long *lit)
{
    long miss = 0;
    *lit = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            if (a[4 * ((size_t)j * W + (size_t)i)] <= 127)
                continue;
            ++*lit;
            bool near = false;
            for (int dj = -1; dj <= 1 && !near; dj++)
                for (int di = -1; di <= 1 && !near; di++) {
                    int x = i + di, y = j + dj;
                    near = x >= 0 && y >= 0 && x < W && y < H &&
                           b[4 * ((size_t)y * W + (size_t)x)] > 127;
                }
            miss += !near;
        }
    }
    return miss;
}

TEST(test_bouncing_path_keeps_bounded_segments_within_a_pixel)
{
    /* RMSprop at a fixed step on Rosenbrock bounces around the minimum for ever, a few
     * pixels each step at this scale: the sleeve keeps nearly every vertex, and only the
     * segments already drawn between the same cells keep the count (and so a view change's
     * cost) bounded. Drawn, the kept segments cover the same pixels, within a pixel, as every
     * segment of the run. */
    enum { STEPS = 30000 };
    const Landscape *ls = landscape_find("rosenbrock");
    char err[256];
    RunDesc d = run_desc_default(OPTIM_RMSPROP);
    d.opt.lr = 0.01;
    Run run;
    ASSERT(run_init(&run, ls, &d, ls->start[0], ls->start[1], err, sizeof err));
    for (int k = 0; k < STEPS; k++)
        run_step(&run);
    ASSERT(run.n == STEPS + 1); /* nothing thinned: every point is there */
    View v = view_fit(&ls->view, W, H);
    v.cx = 1.0;
    v.cy = 1.0;
    v.scale = 0.0036; /* the step (0.01) is about 3 px */
    TrajBuffer all, lod;
    traj_buffer_init(&all);
    traj_buffer_init(&lod);
    traj_buffer_set_tol(&all, 0.0);
    traj_buffer_set_tol(&lod, pathlod_world_tol(v.scale));
    traj_buffer_sync(&all, run.pts, run.n, run.gen);
    traj_buffer_sync(&lod, run.pts, STEPS / 2 + 1, run.gen);
    long half = lod.nseg;
    traj_buffer_sync(&lod, run.pts, run.n, run.gen);
    printf("  bouncing path: %ld segments, kept %ld after %d steps, %ld after %d "
           "(%ld final vertices)\n", all.nseg, half, STEPS / 2, lod.nseg, STEPS, lod.n);
    ASSERT(all.nseg == STEPS);
    ASSERT(lod.n > STEPS / 2);        /* the sleeve alone keeps most vertices */
    ASSERT(lod.nseg < STEPS / 4);     /* the cells keep few segments */
    ASSERT(lod.nseg - half < half / 2); /* and the second half adds fewer still */
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    unsigned char *pa = draw_cores(&t, &all, &v, 1.0f);
    unsigned char *pb = draw_cores(&t, &lod, &v, 1.0f);
    long lit_a, lit_b;
    long miss_a = lit_unmatched(pa, pb, &lit_a), miss_b = lit_unmatched(pb, pa, &lit_b);
    printf("  lit pixels: every segment %ld (%ld unmatched), kept %ld (%ld unmatched)\n", lit_a,
           miss_a, lit_b, miss_b);
    ASSERT(lit_a > 200);
    ASSERT(miss_a == 0 && miss_b == 0);
    free(pa);
    free(pb);
    render_target_free(&t);
    traj_buffer_free(&all);
    traj_buffer_free(&lod);
    run_free(&run);
}

TEST(test_pathseen_cells)
{
    PathSeen s;
    pathseen_init(&s);
    pathseen_reset(&s, 0.5);
    ASSERT(!pathseen_add(&s, 0.1, 0.1, 2.2, 0.3));
    ASSERT(pathseen_add(&s, 0.4, 0.0, 2.0, 0.49));   /* same cells */
    ASSERT(pathseen_add(&s, 2.4, 0.2, 0.3, 0.45));   /* the other way round */
    ASSERT(!pathseen_add(&s, 0.1, 0.1, 2.6, 0.3));   /* one end a cell further */
    ASSERT(!pathseen_add(&s, -0.1, 0.1, 2.2, 0.3));  /* across zero: cell -1 */
    ASSERT(!pathseen_add(&s, 1e12, 0.0, 0.0, 0.0));  /* too far out: never recorded */
    ASSERT(!pathseen_add(&s, 1e12, 0.0, 0.0, 0.0));
    for (int i = 0; i < 5000; i++) /* growing keeps what was recorded */
        ASSERT(!pathseen_add(&s, i, 7.0, i, 9.0));
    ASSERT(s.n == 5003);
    ASSERT(pathseen_add(&s, 0.2, 0.2, 2.3, 0.1) && pathseen_add(&s, 4999.1, 7.1, 4999.2, 9.2));
    pathseen_reset(&s, 0.0); /* no cells: nothing is ever left out */
    ASSERT(!pathseen_add(&s, 0.1, 0.1, 2.2, 0.3) && !pathseen_add(&s, 0.1, 0.1, 2.2, 0.3));
    pathseen_free(&s);
    /* The world tolerance is PATHLOD_PX pixels, rounded down to a power of two. */
    ASSERT(pathlod_world_tol(1.0) == PATHLOD_PX);
    ASSERT(pathlod_world_tol(0.0036) == PATHLOD_PX / 512.0); /* 2^-9 <= 0.0036 < 2^-8 */
    ASSERT(pathlod_world_tol(0.0039) == pathlod_world_tol(0.0036)); /* same octave */
}

/* The width of text from SDL2_ttf alone: each glyph's advance and each pair's kerning. */
static float test_ttf_width(Font *f, FontFace face, const unsigned *cps, int n)
{
    TTF_Font *t = f->ttf[face];
    float pen = 0.0f;
    for (int i = 0; i < n; i++) {
        unsigned use = TTF_GlyphIsProvided32(t, cps[i]) ? cps[i] : (unsigned)'?';
        int minx, maxx, miny, maxy, adv = 0;
        if (TTF_GlyphMetrics32(t, use, &minx, &maxx, &miny, &maxy, &adv) != 0)
            adv = 0;
        if (i > 0)
            pen += (float)TTF_GetFontKerningSizeGlyphs32(t, cps[i - 1], cps[i]);
        pen += (float)adv;
    }
    return pen;
}

/* Kerning is cached per face and pair (font_kerning): a width measured again, in another
 * face, or after the cache filled up and started over, is SDL2_ttf's own, kerned pairs
 * (AV, To, Ty, WA in DejaVu Sans) included. */
TEST(test_font_kerning_cache_matches_ttf)
{
    Font *f = &g_render->font;
    static const unsigned kerned[] = {'A', 'V', 'A', 'T', 'o', 'T', 'y', 'W', 'A', 'L', 'T'};
    const int n = (int)(sizeof kerned / sizeof kerned[0]);
    char text[64];
    for (int i = 0; i < n; i++)
        text[i] = (char)kerned[i];
    text[n] = '\0';
    bool some_kerning = false;
    for (int face = 0; face < FONT_FACE_COUNT; face++) {
        float want = test_ttf_width(f, (FontFace)face, kerned, n);
        float plain = 0.0f;
        for (int i = 0; i < n; i++)
            plain += test_ttf_width(f, (FontFace)face, &kerned[i], 1);
        some_kerning |= want != plain;
        ASSERT(font_measure(f, (FontFace)face, text) == want);
        ASSERT(font_measure(f, (FontFace)face, text) == want); /* from the cache */
    }
    ASSERT(some_kerning); /* the string does exercise kerning */
    /* More pairs than the cache holds: it starts over, and the widths stay right. */
    for (unsigned a = 0x21; a < 0x7f; a++) {
        for (unsigned b = 0x21; b < 0x21 + 60; b++) {
            unsigned pair[2] = {a, b};
            char s2[3] = {(char)a, (char)b, '\0'};
            if (font_measure(f, FONT_BODY, s2) != test_ttf_width(f, FONT_BODY, pair, 2)) {
                ASSERT(false);
                return;
            }
        }
    }
    ASSERT(f->n_kern <= FONT_KERN_SIZE / 2);
    ASSERT(font_measure(f, FONT_TITLE, text) == test_ttf_width(f, FONT_TITLE, kerned, n));
}

/* One of the frames of test_recorded_frames_redraw_what_changed on canvas c (w x h). */
static void recorded_frame(Canvas *c, int w, int h, int variant)
{
    canvas_begin(c, w, h, 0, 0, w, h);
    canvas_rect(c, 0.0f, 0.0f, (float)w, (float)h, (Rgba){20, 22, 30, 255});
    Rgba red = {230, 40, 30, 255}, blue = {40, 90, 240, 160};
    /* Variant 1 swaps the order of the two overlapping squares (same calls, same places). */
    if (variant == 1) {
        canvas_rect(c, 50.0f, 50.0f, 60.0f, 60.0f, blue);
        canvas_rect(c, 20.0f, 20.0f, 60.0f, 60.0f, red);
    } else {
        canvas_rect(c, 20.0f, 20.0f, 60.0f, 60.0f, red);
        canvas_rect(c, 50.0f, 50.0f, 60.0f, 60.0f, blue);
    }
    /* Variant 2 changes a number, and one square's clip. */
    canvas_text(c, FONT_BODY, 130.0f, 20.0f, variant == 2 ? "step 13" : "step 12",
                (Rgba){255, 255, 255, 255});
    canvas_clip(c, 120, 60, variant == 2 ? 30 : 50, 50);
    canvas_rect(c, 100.0f, 40.0f, 100.0f, 100.0f, (Rgba){40, 200, 90, 255});
    canvas_clip_off(c);
    /* Never changes: a stroke in the corner. */
    LineStyle st = {{1.0f, 0.8f, 0.2f, 1.0f}, 3.0f, 2.0f, 0.8f};
    canvas_stroke(c, (float)w - 40.0f, (float)h - 30.0f, (float)w - 10.0f, (float)h - 10.0f, &st);
}

/* A damage grid's boxes cover the tiles its marks met and nothing else, without meeting one
 * another, and leave the grid as it was; a grid marks another's tiles; a box inside one
 * already listed adds nothing. */
TEST(test_damage_grid_boxes_cover_marked_tiles)
{
    enum { GW = 333, GH = 201, DX = 7, DY = 5 };
    DamageGrid g = {0}, other = {0};
    ASSERT(damage_grid_reset(&g, GW, GH) && damage_grid_reset(&other, GW, GH));
    ASSERT(g.cols == (GW + DAMAGE_TILE - 1) / DAMAGE_TILE && g.rows == (GH + 15) / 16);
    unsigned seed = 12345u;
    PixelBox marks[16];
    for (int k = 0; k < 16; k++) {
        int v[4];
        for (int q = 0; q < 4; q++) {
            seed = seed * 1664525u + 1013904223u;
            v[q] = (int)(seed >> 8);
        }
        /* small boxes, some reaching past the target's edges */
        int x = v[0] % (GW + 40) - 20, y = v[1] % (GH + 40) - 20;
        marks[k] = (PixelBox){x, y, x + 1 + v[2] % 30, y + 1 + v[3] % 30};
        damage_grid_mark(k < 12 ? &g : &other, marks[k]);
    }
    damage_grid_mark_grid(&g, &other);
    for (int pass = 0; pass < 2; pass++) { /* twice: the grid is left as it was */
        DamageList d = {.n = 0};
        damage_grid_boxes(&g, DX, DY, &d);
        ASSERT(d.n > 4 && d.n < DAMAGE_MAX_BOXES);
        for (int i = 0; i < d.n; i++) {
            ASSERT(pixelbox_contains((PixelBox){DX, DY, DX + GW, DY + GH}, d.box[i]));
            for (int j = i + 1; j < d.n; j++)
                ASSERT(!pixelbox_meets(d.box[i], d.box[j]));
        }
        long wrong = 0, marked = 0;
        for (int y = 0; y < GH; y++) {
            for (int x = 0; x < GW; x++) {
                PixelBox tile = {x / DAMAGE_TILE * DAMAGE_TILE, y / DAMAGE_TILE * DAMAGE_TILE,
                                 0, 0};
                tile.x1 = tile.x0 + DAMAGE_TILE;
                tile.y1 = tile.y0 + DAMAGE_TILE;
                bool want = false, got = false;
                for (int k = 0; k < 16; k++)
                    want = want || pixelbox_meets(tile, marks[k]);
                for (int i = 0; i < d.n; i++)
                    got = got || pixelbox_contains(d.box[i], (PixelBox){x + DX, y + DY,
                                                                       x + DX + 1, y + DY + 1});
                wrong += want != got;
                marked += want;
            }
        }
        printf("  %d boxes over %ld marked pixels, %ld wrong\n", d.n, marked, wrong);
        ASSERT(wrong == 0 && marked > 0);
    }
    DamageList d = {.n = 0};
    damage_add(&d, (PixelBox){0, 0, 10, 10});
    damage_add(&d, (PixelBox){2, 3, 10, 8});
    damage_add(&d, (PixelBox){0, 0, 10, 10});
    ASSERT(d.n == 1);
    damage_add(&d, (PixelBox){2, 3, 11, 8});
    ASSERT(d.n == 2);
    damage_grid_free(&g);
    damage_grid_free(&other);
    ASSERT(g.cell == NULL && g.cols == 0);
}

/* The recorder redraws only where frames differ, and the target ends as a full redraw leaves
 * it: a swapped drawing order, a changed text and a changed clip. */
TEST(test_recorded_frames_redraw_what_changed)
{
    enum { TW = 240, TH = 160 };
    RenderTarget parts = {0}, whole = {0};
    ASSERT(render_target_resize(&parts, TW, TH) && render_target_resize(&whole, TW, TH));
    Canvas *rc = g_render->record;
    char err[256] = "";
    for (int variant = 0; variant < 3; variant++) {
        /* In parts on one target (after the first frame, which draws everything) ... */
        glBindFramebuffer(GL_FRAMEBUFFER, parts.fbo);
        canvas_begin(g_render->canvas, TW, TH, 0, 0, TW, TH);
        canvas_record_begin(rc, TW, TH);
        recorded_frame(rc, TW, TH, variant);
        DamageList d;
        ASSERT(canvas_record_replay(rc, false, &d, err, sizeof err));
        unsigned char *a = read_target(&parts);
        long area = damage_area(&d);
        /* ... whole on the other. */
        glBindFramebuffer(GL_FRAMEBUFFER, whole.fbo);
        canvas_begin(g_render->canvas, TW, TH, 0, 0, TW, TH);
        recorded_frame(g_render->canvas, TW, TH, variant);
        canvas_flush(g_render->canvas);
        unsigned char *b = read_target(&whole);
        long differ = 0;
        for (size_t k = 0; k < (size_t)TW * TH; k++)
            differ += memcmp(a + 4 * k, b + 4 * k, 3) != 0;
        printf("  frame %d: %ld of %d pixels redrawn in %d boxes, %ld differ from whole\n",
               variant, area, TW * TH, d.n, differ);
        ASSERT(differ == 0);
        if (variant == 0) {
            ASSERT(area == (long)TW * TH);
        } else {
            ASSERT(area > 0 && area < (long)TW * TH / 2);
            /* The corner stroke was not redrawn. */
            PixelBox corner = {TW - 45, TH - 35, TW - 5, TH - 5};
            for (int k = 0; k < d.n; k++)
                ASSERT(!pixelbox_meets(d.box[k], corner));
        }
        free(a);
        free(b);
        /* The same frame again changes nothing. */
        glBindFramebuffer(GL_FRAMEBUFFER, parts.fbo);
        canvas_record_begin(rc, TW, TH);
        recorded_frame(rc, TW, TH, variant);
        ASSERT(canvas_record_replay(rc, false, &d, err, sizeof err));
        ASSERT(d.n == 0);
    }
    canvas_record_forget(rc);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    render_target_free(&parts);
    render_target_free(&whole);
}

TEST(test_batcher_clip_text_and_shapes)
{
    enum { TW = 200, TH = 100 };
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, TW, TH));
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    Batcher *b = &g_render->batch;
    batcher_begin(b, TW, TH);
    /* A clipped red square: only the clip rectangle (pixels, y down) gets painted. */
    batcher_clip(b, 10, 20, 30, 40);
    batcher_rect(b, 0, 0, 100, 100, (Rgba){255, 0, 0, 255});
    batcher_clip_off(b);
    /* A green triangle and white text, in one more draw call (same atlas, no clip). */
    batcher_tri(b, 150, 10, 190, 10, 170, 40, (Rgba){0, 255, 0, 255});
    float tw = font_draw(&g_render->font, b, FONT_BODY, 60, 60, "θ₁ = −2", (Rgba){255, 255, 255,
                                                                                 255});
    batcher_end(b);
    ASSERT(b->draw_calls == 2);
    ASSERT(tw > 30.0f && tw < 140.0f);
    unsigned char *px = read_target(&t);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
#define PX(x, y) (px + 4 * ((size_t)(TH - 1 - (y)) * TW + (size_t)(x)))
    ASSERT(PX(10, 20)[0] == 255 && PX(39, 59)[0] == 255); /* clip corners inside */
    ASSERT(PX(9, 30)[0] == 0 && PX(40, 30)[0] == 0);      /* left and right of it */
    ASSERT(PX(20, 19)[0] == 0 && PX(20, 60)[0] == 0);     /* above and below it */
    ASSERT(PX(170, 20)[1] == 255 && PX(170, 20)[0] == 0); /* inside the triangle */
    ASSERT(PX(150, 35)[1] == 0);                          /* outside it */
    int lit = 0;
    for (int y = 60; y < 90; y++)
        for (int x = 60; x < 60 + (int)tw; x++)
            lit += PX(x, y)[0] > 128 && PX(x, y)[2] > 128;
    ASSERT(lit > 40);
    int stray = 0;
    for (int y = 0; y < TH; y++)
        for (int x = 45; x < 55; x++)
            stray += PX(x, y)[0] + PX(x, y)[1] + PX(x, y)[2] > 0;
    ASSERT(stray == 0);
#undef PX
    free(px);
    render_target_free(&t);
}

TEST(test_two_panes_into_one_target)
{
    enum { HW = W / 2 };
    const Landscape *a = landscape_find("bowl"), *b = landscape_find("himmelblau");
    char err[256];
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.05;
    Run runs[2];
    ASSERT(run_init(&runs[0], a, &d, 1.5, 1.0, err, sizeof err));
    d.opt.lr = 0.02;
    ASSERT(run_init(&runs[1], a, &d, -1.5, 1.2, err, sizeof err));
    for (int k = 0; k < 20; k++) {
        run_step(&runs[0]);
        run_step(&runs[1]);
    }
    bool enabled[2] = {true, false};
    PlotScene sa = {.ls = a, .view = view_fit(&a->view, HW, H), .runs = runs, .n_runs = 2,
                      .enabled = enabled, .plain = true};
    PlotScene sb = {.ls = b, .view = view_fit(&b->view, HW, H), .plain = true};
    RenderPane pa, pb;
    render_pane_init(&pa);
    render_pane_init(&pb);
    RenderTarget t = {0}, one = {0};
    ASSERT(render_target_resize(&t, W, H));
    ASSERT(render_target_resize(&one, HW, H));
    UiRect left = {0.0f, 0.0f, (float)HW, (float)H};
    UiRect right = {(float)HW, 0.0f, (float)HW, (float)H};
    ASSERT(render_pane(g_render, &pa, &sa, t.fbo, W, H, left, err, sizeof err));
    ASSERT(render_pane(g_render, &pb, &sb, t.fbo, W, H, right, err, sizeof err));
    ASSERT(pa.field_renders == 1 && pb.field_renders == 1);
    unsigned char *both = read_target(&t);
    /* Each half is what the one-shot path draws for its pane alone. */
    ASSERT(render_image(g_render, &sa, &one, err, sizeof err));
    unsigned char *ra = read_target(&one);
    ASSERT(render_image(g_render, &sb, &one, err, sizeof err));
    unsigned char *rb = read_target(&one);
    long bad_a = 0, bad_b = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < HW; i++) {
            bad_a += max_channel_diff(both + 4 * ((size_t)j * W + i),
                                      ra + 4 * ((size_t)j * HW + i)) > 2;
            bad_b += max_channel_diff(both + 4 * ((size_t)j * W + HW + i),
                                      rb + 4 * ((size_t)j * HW + i)) > 2;
        }
    }
    printf("  two panes: %ld and %ld pixels differ from the one-shot images\n", bad_a, bad_b);
    ASSERT(bad_a == 0 && bad_b == 0);
    /* The disabled run is not drawn: its color is nowhere along its path ... */
    unsigned char c1[3];
    palette_rgb(1, c1);
    int seen = 0;
    for (long k = 0; k + 1 < runs[1].n; k++) {
        double x, y;
        view_world_to_screen(&sa.view, runs[1].pts[k].x, runs[1].pts[k].y, &x, &y);
        const unsigned char *px = both + 4 * ((size_t)(H - 1 - (int)y) * W + (size_t)x);
        seen += max_channel_diff(px, c1) <= 2;
    }
    ASSERT(seen == 0);
    /* ... and once enabled, the layer is rebuilt with it. */
    long rebuilds = pa.scene_rebuilds;
    enabled[1] = true;
    ASSERT(render_pane(g_render, &pa, &sa, t.fbo, W, H, left, err, sizeof err));
    ASSERT(pa.scene_rebuilds == rebuilds + 1);
    free(both);
    both = read_target(&t);
    double x, y;
    view_world_to_screen(&sa.view, runs[1].pts[0].x, runs[1].pts[0].y, &x, &y);
    int found = 0;
    for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++)
            found += max_channel_diff(both + 4 * ((size_t)(H - 1 - (int)y + dy) * W +
                                                  (size_t)((int)x + dx)), c1) <= 2;
    ASSERT(found > 0);
    /* Animating frames append; a new generation (runs replaced or rewound) rebuilds. */
    ASSERT(render_pane(g_render, &pa, &sa, t.fbo, W, H, left, err, sizeof err));
    ASSERT(pa.scene_rebuilds == rebuilds + 1);
    sa.generation++;
    ASSERT(render_pane(g_render, &pa, &sa, t.fbo, W, H, left, err, sizeof err));
    ASSERT(pa.scene_rebuilds == rebuilds + 2);
    /* Rewinding a run (fewer points) is noticed without a generation change too. */
    run_rewind(&runs[0], 5);
    ASSERT(render_pane(g_render, &pa, &sa, t.fbo, W, H, left, err, sizeof err));
    ASSERT(pa.scene_rebuilds == rebuilds + 3);
    free(both);
    free(ra);
    free(rb);
    render_pane_free(&pa);
    render_pane_free(&pb);
    render_target_free(&t);
    render_target_free(&one);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

/* ---- The CPU canvas draws the same figure ------------------------------------------- */

/* Pixel (i, j), j from the top, of a GL read-back (bottom row first) / of a CPU image. */
static const unsigned char *gl_px(const unsigned char *px, int i, int j)
{
    return px + 4 * ((size_t)(H - 1 - j) * W + (size_t)i);
}

static const unsigned char *cpu_px(const unsigned char *px, int i, int j)
{
    return px + 4 * ((size_t)j * W + (size_t)i);
}

/* Light gray: text and the white of markers, never the field (viridis and its contour lines
 * are colored) nor the panels. */
static bool is_light(const unsigned char *p)
{
    int lo = p[0] < p[1] ? p[0] : p[1], hi = p[0] > p[1] ? p[0] : p[1];
    lo = p[2] < lo ? p[2] : lo;
    hi = p[2] > hi ? p[2] : hi;
    return lo >= 170 && hi - lo <= 40;
}

/* Light pixels of image a (in rect x0..x1, y0..y1) with no light pixel of b within 1 px. */
static long light_unmatched(const unsigned char *a, bool a_gl, const unsigned char *b,
                            bool b_gl, int x0, int y0, int x1, int y1, long *n_light)
{
    long miss = 0;
    *n_light = 0;
    for (int j = y0; j < y1; j++) {
        for (int i = x0; i < x1; i++) {
            if (!is_light(a_gl ? gl_px(a, i, j) : cpu_px(a, i, j)))
                continue;
            (*n_light)++;
            bool found = false;
            for (int dj = -1; dj <= 1 && !found; dj++)
                for (int di = -1; di <= 1 && !found; di++) {
                    int u = i + di, v = j + dj;
                    if (u >= 0 && v >= 0 && u < W && v < H)
                        found = is_light(b_gl ? gl_px(b, u, v) : cpu_px(b, u, v));
                }
            miss += !found;
        }
    }
    return miss;
}

/* The bounding box of the light pixels in a rect. */
static void light_box(const unsigned char *px, bool gl, int x0, int y0, int x1, int y1,
                      int box[4])
{
    box[0] = x1, box[1] = y1, box[2] = x0 - 1, box[3] = y0 - 1;
    for (int j = y0; j < y1; j++)
        for (int i = x0; i < x1; i++)
            if (is_light(gl ? gl_px(px, i, j) : cpu_px(px, i, j))) {
                box[0] = i < box[0] ? i : box[0];
                box[1] = j < box[1] ? j : box[1];
                box[2] = i > box[2] ? i : box[2];
                box[3] = j > box[3] ? j : box[3];
            }
}

TEST(test_cpu_figure_matches_gl)
{
    const Landscape *ls = landscape_find("himmelblau");
    ASSERT(ls != NULL);
    char err[256];
    static const OptimKind kinds[3] = {OPTIM_GD, OPTIM_MOMENTUM, OPTIM_ADAM};
    static const double lrs[3] = {0.01, 0.004, 0.15};
    /* Starts in the lower half: the legend covers the upper left. */
    static const double starts[3][2] = {{0.5, -4.8}, {-1.0, -0.8}, {5.5, 0.5}};
    Run runs[3];
    for (int r = 0; r < 3; r++) {
        RunDesc d = run_desc_default(kinds[r]);
        d.opt.lr = lrs[r];
        ASSERT(run_init(&runs[r], ls, &d, starts[r][0], starts[r][1], err, sizeof err));
        for (int k = 0; k < 40; k++)
            run_step(&runs[r]);
    }
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs, .n_runs = 3};
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    ASSERT(render_image(g_render, &sc, &t, err, sizeof err));
    unsigned char *gl = read_target(&t);
    Canvas *cpu = canvas_soft_open(W, H, 1.0f, 2, err, sizeof err);
    ASSERT(cpu != NULL);
    ASSERT(pane_draw(cpu, 0, &sc, W, H, (UiRect){0.0f, 0.0f, W, H}, err, sizeof err));
    ASSERT(canvas_soft_error(cpu) == NULL);
    const unsigned char *im = canvas_soft_image(cpu)->rgba;
    /* The bare field on the CPU, for where nothing is drawn. */
    SoftCanvas field;
    ASSERT(soft_canvas_init(&field, W, H));
    ViewBox box = view_bounds(&sc.view);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    ASSERT(soft_field(&field, ls, &sc.view, &fs, 2));

    /* 1. Away from everything drawn over it and from contour lines, the field: the GPU's
     * within the 8-bit tolerance of the GL test, and the CPU's exactly colormap_shade's. */
    long bare = 0, bad = 0, differ = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            const unsigned char *c = cpu_px(im, i, j), *g = gl_px(gl, i, j);
            differ += max_channel_diff(c, g) > 24;
            if (max_channel_diff(c, cpu_px(field.rgba, i, j)) != 0)
                continue;
            double x = box.xmin + (i + 0.5) * sc.view.scale;
            double y = box.ymax - (j + 0.5) * sc.view.scale;
            double gr[2];
            double f = landscape_eval(ls, x, y, gr, NULL);
            float fw = colormap_fwidth(&fs, f, gr[0], gr[1], sc.view.scale);
            float tt = (colormap_symlog((float)f, fs.c) - fs.s_lo) / (fs.s_hi - fs.s_lo);
            float u = tt * fs.levels, k = floorf(u + 0.5f);
            if (fabsf(u - k) / (fs.levels * fmaxf(fw, 1e-8f)) < 0.5f * fs.line_px + 3.0f)
                continue;
            bare++;
            bad += max_channel_diff(c, g) > PIXEL_TOL;
        }
    }
    printf("  cpu vs gl: %ld bare field pixels, %ld differ; %ld of %d pixels differ by > 24\n",
           bare, bad, differ, W * H);
    ASSERT(bare > W * H / 6);
    ASSERT(bad == 0);
    ASSERT(differ < W * H / 100);

    /* 2. Text and markers at the same places: the light pixels of each within a pixel of the
     * other's, and the same boxes around the legend's text and the axis labels. */
    long n_cpu, n_gl;
    long miss_cpu = light_unmatched(im, false, gl, true, 0, 0, W, H, &n_cpu);
    long miss_gl = light_unmatched(gl, true, im, false, 0, 0, W, H, &n_gl);
    printf("  light pixels: cpu %ld (%ld unmatched), gl %ld (%ld unmatched)\n", n_cpu, miss_cpu,
           n_gl, miss_gl);
    ASSERT(n_cpu > 2000 && n_gl > 2000);
    ASSERT(miss_cpu <= n_cpu / 50 && miss_gl <= n_gl / 50);
    LegendPlace lp = pane_legend(cpu, &sc, (UiRect){0.0f, 0.0f, W, H}, NULL);
    ASSERT(lp.shown);
    int strip_left, strip_bottom;
    pane_axis_strips(cpu, &strip_left, &strip_bottom);
    const int regions[3][4] = {
        {(int)lp.box.x, (int)lp.box.y, (int)(lp.box.x + lp.box.w), (int)(lp.box.y + lp.box.h)},
        {60, H - 30, W, H},         /* the x axis labels */
        {0, 30, strip_left - 8, H - 30}, /* the y axis labels (not their ticks: GL's rects
                                          * are not anti-aliased) */
    };
    for (int k = 0; k < 3; k++) {
        const int *rg = regions[k];
        int bc[4], bg[4];
        light_box(im, false, rg[0], rg[1], rg[2], rg[3], bc);
        light_box(gl, true, rg[0], rg[1], rg[2], rg[3], bg);
        printf("  region %d: cpu box %d,%d-%d,%d gl box %d,%d-%d,%d\n", k, bc[0], bc[1], bc[2],
               bc[3], bg[0], bg[1], bg[2], bg[3]);
        ASSERT(bc[2] - bc[0] > 4 && bc[3] - bc[1] > 8); /* something is there */
        for (int e = 0; e < 4; e++)
            ASSERT(abs(bc[e] - bg[e]) <= 2);
    }

    /* 3. Each run's color where its points project (middles of segments clear of the
     * markers and the other runs), in both pictures. */
    int checked = 0, per_run[3] = {0, 0, 0};
    for (int r = 0; r < 3; r++) {
        unsigned char want[3];
        palette_rgb(r, want);
        for (long k = 1; k + 1 < runs[r].n; k++) {
            double ax, ay, bx, by;
            view_world_to_screen(&sc.view, runs[r].pts[k].x, runs[r].pts[k].y, &ax, &ay);
            view_world_to_screen(&sc.view, runs[r].pts[k + 1].x, runs[r].pts[k + 1].y, &bx,
                                 &by);
            if (hypot(bx - ax, by - ay) < 5.0)
                continue;
            double mx = 0.5 * (ax + bx), my = 0.5 * (ay + by);
            bool in_legend = mx < 400 && my < 260;
            bool clear = !in_legend && mx > 60 && mx < W - 10 && my > 10 && my < H - 40;
            for (int q = 0; q < 3 && clear; q++) {
                const TrajPoint *p0 = &runs[q].pts[0], *pn = &runs[q].pts[runs[q].n - 1];
                double sx, sy;
                view_world_to_screen(&sc.view, p0->x, p0->y, &sx, &sy);
                clear = hypot(mx - sx, my - sy) > 16.0;
                view_world_to_screen(&sc.view, pn->x, pn->y, &sx, &sy);
                clear = clear && hypot(mx - sx, my - sy) > 80.0;
                for (long m = 0; q != r && clear && m < runs[q].n; m++) {
                    view_world_to_screen(&sc.view, runs[q].pts[m].x, runs[q].pts[m].y, &sx,
                                         &sy);
                    clear = hypot(mx - sx, my - sy) > 12.0;
                }
            }
            if (!clear)
                continue;
            int i = (int)floor(mx), j = (int)floor(my);
            ASSERT(max_channel_diff(cpu_px(im, i, j), want) <= 3);
            ASSERT(max_channel_diff(gl_px(gl, i, j), want) <= 3);
            checked++;
            per_run[r]++;
        }
    }
    printf("  run points checked in both: %d, %d, %d\n", per_run[0], per_run[1], per_run[2]);
    ASSERT(checked >= 8 && per_run[0] > 0 && per_run[1] > 0 && per_run[2] > 0);
    soft_canvas_free(&field);
    canvas_destroy(cpu);
    free(gl);
    render_target_free(&t);
    for (int r = 0; r < 3; r++)
        run_free(&runs[r]);
}

/* Pixels of image px (CPU layout) within 3 of rgb. */
static long count_color(const unsigned char *px, const unsigned char rgb[3])
{
    long n = 0;
    for (long k = 0; k < (long)W * H; k++)
        n += max_channel_diff(px + 4 * k, rgb) <= 3;
    return n;
}

/* The cloud on the CPU canvas (the export) and on GL: the same lines over the same paths
 * (about as many pixels changed by it in each, and no more pixels far apart with it than
 * without it, beyond a few of its edges). */
TEST(test_cpu_cloud_matches_gl)
{
    enum { K = 8 };
    const Landscape *ls = landscape_find("himmelblau");
    ASSERT(ls != NULL);
    char err[256];
    Run runs[2], cloud[2 * K];
    for (int i = 0; i < 2; i++) {
        RunDesc d = run_desc_default(i ? OPTIM_MOMENTUM : OPTIM_GD);
        d.opt.lr = 0.004;
        d.noise = 60.0;
        d.seed = 3u + (uint64_t)i;
        ASSERT(run_init(&runs[i], ls, &d, 0.5 - i, -0.5, err, sizeof err));
        for (int k = 0; k < 60; k++)
            run_step(&runs[i]);
        for (int c = 0; c < K; c++) {
            RunDesc dc = d;
            dc.seed += (uint64_t)c + 1;
            ASSERT(run_init(&cloud[i * K + c], ls, &dc, 0.5 - i, -0.5, err, sizeof err));
            for (int k = 0; k < 60; k++)
                run_step(&cloud[i * K + c]);
        }
    }
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = runs, .n_runs = 2,
                    .plain = true, .cloud = cloud, .cloud_k = K};
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    Canvas *cpu = canvas_soft_open(W, H, 1.0f, 2, err, sizeof err);
    ASSERT(cpu != NULL);
    unsigned char *gl[2], *im[2];
    for (int q = 0; q < 2; q++) {
        PlotScene s2 = sc;
        s2.cloud = q ? NULL : cloud;
        ASSERT(render_image(g_render, &s2, &t, err, sizeof err));
        gl[q] = read_target(&t);
        ASSERT(pane_draw(cpu, 0, &s2, W, H, (UiRect){0.0f, 0.0f, W, H}, err, sizeof err));
        size_t bytes = (size_t)W * H * 4;
        im[q] = malloc(bytes);
        memcpy(im[q], canvas_soft_image(cpu)->rgba, bytes);
    }
    long cloud_gl = 0, cloud_cpu = 0, far[2] = {0, 0};
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            cloud_gl += max_channel_diff(gl_px(gl[0], i, j), gl_px(gl[1], i, j)) > 8;
            cloud_cpu += max_channel_diff(cpu_px(im[0], i, j), cpu_px(im[1], i, j)) > 8;
            for (int q = 0; q < 2; q++)
                far[q] += max_channel_diff(cpu_px(im[q], i, j), gl_px(gl[q], i, j)) > 24;
        }
    }
    printf("  cloud: %ld pixels on gl, %ld on the cpu; gl and cpu far apart at %ld pixels "
           "with it, %ld without\n", cloud_gl, cloud_cpu, far[0], far[1]);
    ASSERT(cloud_gl > 3000);
    ASSERT(labs(cloud_gl - cloud_cpu) < cloud_gl / 10);
    ASSERT(far[0] - far[1] < cloud_gl / 20);
    for (int q = 0; q < 2; q++) {
        free(gl[q]);
        free(im[q]);
    }
    canvas_destroy(cpu);
    render_target_free(&t);
    for (int j = 0; j < 2 * K; j++)
        run_free(&cloud[j]);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

/* The GL strip (a quad a segment, its alpha ramped per pixel) against the CPU canvas's
 * polyline (coverage clamp(width / 2 + 0.5 - d, 0, 1) at distance d from the line, computed
 * per pixel), translucent and nearly opaque, 1.5 (the cloud's) and 4 pixels wide. A closed
 * loop turning a few degrees a vertex, where mitres and round joins agree: every pixel
 * within PIXEL_TOL. The zigzag's turns of up to 180 degrees, where they do not (square ends
 * past 120 degrees): as many pixels inked within 5%, and fewer than a fifth far apart (where
 * a turn folds the line back over itself, GL blends it twice, the CPU once: most of them at
 * 4 px and alpha 77). Before, a segment between two such turns was a twisted quad, pinched
 * to nothing in its middle: a third fewer pixels inked. */
TEST(test_cpu_polyline_matches_gl)
{
    enum { N = 90, Z = 60 };
    float loop[2 * (N + 1)], zig[2 * Z];
    for (int k = 0; k <= N; k++) {
        double a = 6.283185307179586 * (double)(k % N) / N, r = 1.0 + 0.05 * sin(5.0 * a);
        loop[2 * k] = (float)(320.0 + 200.0 * r * cos(a));
        loop[2 * k + 1] = (float)(240.0 + 150.0 * r * sin(a));
    }
    zigzag(zig, Z);
    const Rgba bg = {25, 50, 80, 255}, cols[2] = {{230, 120, 40, 77}, {60, 220, 140, 230}};
    const float widths[2] = {1.5f, 4.0f};
    char err[256];
    Canvas *cpu = canvas_soft_open(W, H, 1.0f, 2, err, sizeof err);
    ASSERT(cpu != NULL);
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    for (int shape = 0; shape < 2; shape++) {
        for (int q = 0; q < 4; q++) {
            const float *xy = shape ? zig : loop;
            int n = shape ? Z : N + 1;
            Canvas *cv[2] = {g_render->canvas, cpu};
            for (int c = 0; c < 2; c++) {
                if (c == 0)
                    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
                canvas_begin(cv[c], W, H, 0, 0, W, H);
                canvas_rect(cv[c], 0.0f, 0.0f, W, H, bg);
                canvas_polyline(cv[c], xy, n, widths[q / 2], cols[q % 2]);
                canvas_flush(cv[c]);
            }
            unsigned char *gl = read_target(&t);
            const unsigned char *im = canvas_soft_image(cpu)->rgba, bgc[3] = {25, 50, 80};
            long ink_gl = 0, ink_cpu = 0, off = 0, far = 0;
            int worst = 0;
            for (int j = 0; j < H; j++) {
                for (int i = 0; i < W; i++) {
                    const unsigned char *a = gl_px(gl, i, j), *b = cpu_px(im, i, j);
                    int d = max_channel_diff(a, b);
                    ink_gl += max_channel_diff(a, bgc) > PIXEL_TOL;
                    ink_cpu += max_channel_diff(b, bgc) > PIXEL_TOL;
                    off += d > PIXEL_TOL;
                    far += d > 24;
                    worst = d > worst ? d : worst;
                }
            }
            printf("  %s, %.1f px, alpha %d: %ld pixels inked on gl, %ld on the cpu; %ld off "
                   "by more than %d, %ld by more than 24 (worst %d)\n",
                   shape ? "zigzag" : "loop", (double)widths[q / 2], cols[q % 2].a, ink_gl, ink_cpu,
                   off, PIXEL_TOL, far, worst);
            ASSERT(ink_cpu > (shape ? 5000 : 2500));
            if (shape == 0) {
                ASSERT(off == 0);
            } else {
                ASSERT(labs(ink_gl - ink_cpu) < ink_cpu / 20);
                ASSERT(far < ink_cpu / 5);
            }
            free(gl);
        }
    }
    render_target_free(&t);
    canvas_destroy(cpu);
}

TEST(test_presenter_mode)
{
    const Landscape *ls = landscape_find("himmelblau");
    char err[256];
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = 0.01;
    Run run;
    ASSERT(run_init(&run, ls, &d, 0.5, -4.8, err, sizeof err));
    for (int k = 0; k < 40; k++)
        run_step(&run);
    PlotScene sc = {.ls = ls, .view = view_fit(&ls->view, W, H), .runs = &run, .n_runs = 1};
    unsigned char *img[2];
    for (int p = 0; p < 2; p++) {
        sc.presenter = p == 1;
        Canvas *cpu = canvas_soft_open(W, H, 1.0f, 2, err, sizeof err);
        ASSERT(cpu != NULL);
        ASSERT(pane_draw(cpu, 0, &sc, W, H, (UiRect){0.0f, 0.0f, W, H}, err, sizeof err));
        img[p] = malloc((size_t)W * H * 4);
        memcpy(img[p], canvas_soft_image(cpu)->rgba, (size_t)W * H * 4);
        canvas_destroy(cpu);
    }
    /* Contour lines 1.6 times as opaque: where nothing covers the field, the presenter's
     * picture is the field with line alpha 0.8 (0.5 otherwise). */
    ViewBox box = view_bounds(&sc.view);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    SoftCanvas f05, f08;
    ASSERT(soft_canvas_init(&f05, W, H) && soft_canvas_init(&f08, W, H));
    ASSERT(fs.line_alpha == 0.5f);
    ASSERT(soft_field(&f05, ls, &sc.view, &fs, 2));
    fs.line_alpha = 0.8f;
    ASSERT(soft_field(&f08, ls, &sc.view, &fs, 2));
    long bare = 0, as_08 = 0, lines = 0;
    for (int j = 0; j < H; j++) {
        for (int i = 0; i < W; i++) {
            if (max_channel_diff(cpu_px(img[0], i, j), cpu_px(f05.rgba, i, j)) != 0)
                continue;
            bare++;
            as_08 += max_channel_diff(cpu_px(img[1], i, j), cpu_px(f08.rgba, i, j)) == 0;
            lines += max_channel_diff(cpu_px(f05.rgba, i, j), cpu_px(f08.rgba, i, j)) > 2;
        }
    }
    printf("  presenter: %ld of %ld bare pixels are the bolder field, %ld on lines\n", as_08,
           bare, lines);
    ASSERT(bare > W * H / 4);
    ASSERT(as_08 >= bare - bare / 100);
    ASSERT(lines > bare / 20);
    /* The legend's panel more opaque: darker over the bright field (its text is the same). */
    double lum[2] = {0.0, 0.0};
    for (int p = 0; p < 2; p++)
        for (int j = 20; j < 40; j++)
            for (int i = 300; i < 360; i++)
                lum[p] += cpu_px(img[p], i, j)[0] + cpu_px(img[p], i, j)[1];
    printf("  legend panel brightness %.0f -> %.0f\n", lum[0], lum[1]);
    ASSERT(lum[1] < 0.85 * lum[0]);
    /* The path 1.4 times as wide: about that many more pixels of its color. */
    unsigned char col[3];
    palette_rgb(0, col);
    long n0 = count_color(img[0], col), n1 = count_color(img[1], col);
    printf("  path pixels %ld -> %ld\n", n0, n1);
    ASSERT(n0 > 300 && (double)n1 > 1.25 * (double)n0 && (double)n1 < 1.7 * (double)n0);
    /* GL's caches notice the switch: the field and the scene layer are redrawn once. */
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, W, H));
    sc.presenter = false;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    long fr = g_render->field_renders, sr = g_render->scene_rebuilds;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(g_render->field_renders == fr && g_render->scene_rebuilds == sr);
    sc.presenter = true;
    ASSERT(render_frame(g_render, &sc, t.fbo, W, H, err, sizeof err));
    ASSERT(g_render->field_renders == fr + 1 && g_render->scene_rebuilds == sr + 1);
    unsigned char *gl = read_target(&t);
    long g1 = 0;
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++)
            g1 += max_channel_diff(gl_px(gl, i, j), col) <= 3;
    printf("  GL presenter path pixels %ld\n", g1);
    ASSERT(labs(g1 - n1) < n1 / 10);
    free(gl);
    render_target_free(&t);
    soft_canvas_free(&f05);
    soft_canvas_free(&f08);
    free(img[0]);
    free(img[1]);
    run_free(&run);
}

int main(void)
{
    char err[1024] = "";
    GlWindow gw = {0};
    if (!test_gl_open("test_render", &gw, err, sizeof err))
        return test_no_gl("test_render", err);
    printf("test_render: %s\n", (const char *)glGetString(GL_RENDERER));
    RUN_TEST(test_field_rosenbrock);
    RUN_TEST(test_field_saddle_negative);
    RUN_TEST(test_field_himmelblau);
    RUN_TEST(test_field_two_wells);
    RUN_TEST(test_field_rastrigin);
    RUN_TEST(test_field_every_closed_form);
    RUN_TEST(test_field_typed_expression);
    RUN_TEST(test_field_typed_with_parameters_and_undefined_region);
    RUN_TEST(test_field_logistic_data);
    RUN_TEST(test_field_tiny_net_data);
    RUN_TEST(test_levels_change_the_picture);
    static Renderer r;
    if (!render_init(&r, 1.0f, err, sizeof err)) {
        fprintf(stderr, "test_render: render_init: %s\n", err);
        return 1;
    }
    g_render = &r;
    RUN_TEST(test_trajectory_pixels_at_projected_points);
    RUN_TEST(test_incremental_frames_match_one_shot);
    RUN_TEST(test_strip_in_pieces_matches_whole);
    RUN_TEST(test_cloud_frames_match_one_shot);
    RUN_TEST(test_cloud_frames_match_whole_lines);
    RUN_TEST(test_cloud_line_simplified_within_tolerance);
    RUN_TEST(test_cpu_cloud_matches_gl);
    RUN_TEST(test_cloud_damage_covers_what_changed);
    RUN_TEST(test_view_change_rerenders_field);
    RUN_TEST(test_top_down_target_is_the_window_order);
    RUN_TEST(test_moving_view_drawn_from_last_field);
    RUN_TEST(test_moving_view_moves_the_cloud);
    RUN_TEST(test_moving_data_view_fills_from_reduced_field);
    RUN_TEST(test_data_landscape_refines_after_moving);
    RUN_TEST(test_data_field_in_window_is_the_smooth_field);
    RUN_TEST(test_traj_buffer_appends_only_new_points);
    RUN_TEST(test_pathlod_keeps_every_point_within_tolerance);
    RUN_TEST(test_converged_paths_add_no_segments);
    RUN_TEST(test_bouncing_path_keeps_bounded_segments_within_a_pixel);
    RUN_TEST(test_pathseen_cells);
    RUN_TEST(test_font_kerning_cache_matches_ttf);
    RUN_TEST(test_batcher_clip_text_and_shapes);
    RUN_TEST(test_damage_grid_boxes_cover_marked_tiles);
    RUN_TEST(test_recorded_frames_redraw_what_changed);
    RUN_TEST(test_two_panes_into_one_target);
    RUN_TEST(test_cpu_figure_matches_gl);
    RUN_TEST(test_cpu_polyline_matches_gl);
    RUN_TEST(test_presenter_mode);
    render_free(&r);
    glwin_close(&gw);
    SDL_Quit();
    return TEST_MAIN("test_render");
}
