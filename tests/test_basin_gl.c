/* test_basin_gl.c - the basin map's GPU engine (render/basin_gl.h) against the CPU's
 * basin_compute: the same classes on at least 99% of the cells of three landscapes under gd
 * and Adam (and momentum, a typed function with parameters, a schedule, L2 and clipping),
 * known starts ending in their known minima, what it declines (the CPU then computes), and
 * the GL state it leaves as it found it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epoxy/gl.h>

#include "analysis/basin.h"
#include "landscape/landscape.h"
#include "render/basin_gl.h"
#include "util/datadir.h"
#include "test.h"
#include "gl_test.h"

static BasinGl gpu;

typedef struct {
    long cells, same_class, same_steps, converged;
} Agreement;

/* The map of (ls, run, steps) at w x h on the GPU and on the CPU. */
static Agreement compare(const Landscape *ls, RunDesc run, long steps, int w, int h)
{
    Agreement a = {0};
    CriticalPoint minima[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = ls, .run = run, .steps = steps, .view = ls->view, .w = w, .h = h,
                   .minima = minima};
    d.n_minima = basin_minima(ls, ls->view, minima, BASIN_MAX_MINIMA);
    BasinCell *cpu = malloc((size_t)w * h * sizeof *cpu), *gl = malloc((size_t)w * h * sizeof *gl);
    char err[256] = "";
    ASSERT(basin_gl_supports(&gpu, &d));
    ASSERT(basin_compute(&d, cpu, err, sizeof err));
    bool ok = basin_gl_compute(&gpu, &d, gl, err, sizeof err);
    if (!ok)
        fprintf(stderr, "basin_gl_compute: %s\n", err);
    ASSERT(ok);
    for (long k = 0; ok && k < (long)w * h; k++) {
        a.cells++;
        a.same_class += cpu[k].cls == gl[k].cls;
        a.same_steps += cpu[k].steps == gl[k].steps && cpu[k].status == gl[k].status;
        a.converged += cpu[k].status == BASIN_CONVERGED;
    }
    printf("  %-16s %-8s %ld steps: classes agree on %.3f%%, steps and status on %.3f%% (%ld of "
           "%ld converged)\n", ls->id, optim_vtable(run.opt.kind)->id, steps,
           100.0 * a.same_class / (a.cells ? a.cells : 1),
           100.0 * a.same_steps / (a.cells ? a.cells : 1), a.converged, a.cells);
    free(cpu);
    free(gl);
    return a;
}

static RunDesc run_of(OptimKind kind, double lr)
{
    RunDesc r = run_desc_default(kind);
    r.opt.lr = lr;
    return r;
}

static void assert_agree(const Agreement *a, long min_converged)
{
    ASSERT(a->cells > 0);
    ASSERT(a->same_class * 100 >= a->cells * 99);
    ASSERT(a->converged >= min_converged); /* the comparison means something */
}

TEST(test_gd_and_adam_agree_on_three_landscapes)
{
    static const char *const IDS[] = {"himmelblau", "six-hump-camel", "two-wells"};
    for (int i = 0; i < 3; i++) {
        const Landscape *ls = landscape_find(IDS[i]);
        ASSERT(ls != NULL);
        if (!ls)
            continue;
        Agreement g = compare(ls, run_of(OPTIM_GD, i == 2 ? 0.1 : 0.01), 300, 120, 100);
        assert_agree(&g, 500);
        Agreement a = compare(ls, run_of(OPTIM_ADAM, 0.05), 300, 120, 100);
        assert_agree(&a, 500);
    }
}

TEST(test_momentum_rastrigin_schedule_l2_clip_agree)
{
    const Landscape *ls = landscape_find("rastrigin");
    Agreement m = compare(ls, run_of(OPTIM_MOMENTUM, 0.005), 300, 100, 100);
    assert_agree(&m, 300);
    RunDesc r = run_of(OPTIM_GD, 0.02);
    r.schedule = schedule_default(SCHEDULE_EXP);
    r.opt.clip = 5.0;
    Agreement s = compare(landscape_find("himmelblau"), r, 200, 100, 80);
    assert_agree(&s, 500);
    /* with L2 the landscape's own gradient never vanishes: the end points must agree */
    r.opt.l2 = 0.05;
    Agreement l2 = compare(landscape_find("six-hump-camel"), r, 200, 100, 80);
    assert_agree(&l2, 0);
    /* too large a rate: most starts diverge, and the GPU says where */
    Agreement big = compare(landscape_find("himmelblau"), run_of(OPTIM_GD, 0.05), 100, 60, 60);
    ASSERT(big.same_class * 100 >= big.cells * 99);
}

TEST(test_typed_function_with_parameters_agrees)
{
    LandscapeTypedDesc *d = calloc(1, sizeof *d);
    snprintf(d->text, sizeof d->text, "%s", "k*(x^2 - 1)^2 + a*y^2 + 0.1*sin(3*x)");
    LandscapeParam lp;
    char err[128];
    ASSERT(landscape_param_parse("k=2", &lp, err, sizeof err));
    ASSERT(landscape_typed_desc_add(d, &lp));
    ASSERT(landscape_param_parse("a=0.5", &lp, err, sizeof err));
    ASSERT(landscape_typed_desc_add(d, &lp));
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(d, &xe);
    ASSERT(t != NULL);
    if (t) {
        Agreement a = compare(&t->ls, run_of(OPTIM_GD, 0.1), 400, 90, 90);
        assert_agree(&a, 1000);
        landscape_typed_destroy(t);
    }
    free(d);
}

/* Every closed-form landscape's gradient builds and steps like the CPU's (a few cells of
 * chaotic ones may part: at least 95% here, on a small grid). */
TEST(test_every_closed_form_landscape)
{
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        if (!ls->program || ls->data)
            continue;
        RunDesc r = run_desc_default(OPTIM_GD);
        r.opt.lr = 0.05;
        Agreement a = compare(ls, r, 300, 24, 20);
        ASSERT(a.same_class * 100 >= a.cells * 95);
    }
}

/* Starts whose minimum is known: a wrong gradient, rule or start would send them elsewhere. */
TEST(test_known_starts_land_in_their_minima)
{
    const Landscape *ls = landscape_find("himmelblau");
    CriticalPoint minima[BASIN_MAX_MINIMA];
    int n = basin_minima(ls, ls->view, minima, BASIN_MAX_MINIMA);
    /* a 4 x 4 grid over [-5, 5]^2: cell centres (+-1.25, +-3.75) */
    BasinDesc d = {.ls = ls, .run = run_of(OPTIM_GD, 0.01), .steps = 300,
                   .view = {-5.0, 5.0, -5.0, 5.0}, .w = 4, .h = 4, .minima = minima,
                   .n_minima = n};
    BasinCell c[16];
    char err[256];
    ASSERT(basin_gl_compute(&gpu, &d, c, err, sizeof err));
    /* cell (3, 0): start (3.75, 3.75) goes to (3, 2); cell (0, 3): (-3.75, -3.75) to
     * (-3.779310, -3.283186); (0, 0): (-3.75, 3.75) to (-2.805118, 3.131312); (3, 3):
     * (3.75, -3.75) to (3.584428, -1.848127) */
    static const struct { int cell; double x, y; } KNOWN[] = {
        {3, 3.0, 2.0}, {12, -3.779310, -3.283186}, {0, -2.805118, 3.131312},
        {15, 3.584428, -1.848127},
    };
    for (int k = 0; k < 4; k++) {
        const BasinCell *b = &c[KNOWN[k].cell];
        ASSERT(b->status == BASIN_CONVERGED);
        ASSERT_NEAR(b->end_x, KNOWN[k].x, 1e-4);
        ASSERT_NEAR(b->end_y, KNOWN[k].y, 1e-4);
        ASSERT(b->cls == basin_nearest(minima, n, KNOWN[k].x, KNOWN[k].y));
        ASSERT(b->steps > 5 && b->steps < 300);
    }
    /* Adam from (3.75, 3.75) at its bits: the end point and step the CPU's run reports */
    d.run = run_of(OPTIM_ADAM, 0.05);
    d.steps = 300;
    BasinCell cpu[16];
    ASSERT(basin_compute(&d, cpu, err, sizeof err));
    ASSERT(basin_gl_compute(&gpu, &d, c, err, sizeof err));
    for (int k = 0; k < 16; k++) {
        ASSERT(c[k].status == cpu[k].status && c[k].cls == cpu[k].cls);
        ASSERT_NEAR(c[k].end_x, cpu[k].end_x, 1e-5 * (1.0 + fabs(cpu[k].end_x)));
        ASSERT_NEAR(c[k].end_y, cpu[k].end_y, 1e-5 * (1.0 + fabs(cpu[k].end_y)));
    }
}

TEST(test_declines_what_it_cannot_do)
{
    const Landscape *ls = landscape_find("himmelblau");
    BasinDesc d = {.ls = ls, .run = run_of(OPTIM_GD, 0.01), .steps = 10, .view = ls->view,
                   .w = 8, .h = 8};
    ASSERT(basin_gl_supports(&gpu, &d));
    d.run.noise = 0.1;
    ASSERT(!basin_gl_supports(&gpu, &d));
    d.run = run_of(OPTIM_NEWTON, 1.0);
    ASSERT(!basin_gl_supports(&gpu, &d));
    d.run = run_of(OPTIM_GD, 0.01);
    d.run.opt.line_search = true;
    ASSERT(!basin_gl_supports(&gpu, &d));
    d.run = run_of(OPTIM_GD, 0.01);
    d.ls = landscape_find("logistic");
    ASSERT(!basin_gl_supports(&gpu, &d));
    /* a row of starts too long for one short draw */
    d.ls = ls;
    d.w = 256;
    d.steps = 1L << 20;
    ASSERT(!basin_gl_supports(&gpu, &d));
    d.steps = 100000;
    ASSERT(basin_gl_supports(&gpu, &d));
}

TEST(test_leaves_gl_state_alone)
{
    const Landscape *ls = landscape_find("six-hump-camel");
    CriticalPoint minima[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = ls, .run = run_of(OPTIM_GD, 0.01), .steps = 50, .view = ls->view,
                   .w = 33, .h = 17, .minima = minima};
    d.n_minima = basin_minima(ls, ls->view, minima, BASIN_MAX_MINIMA);
    GLuint fbo, tex;
    glGenFramebuffers(1, &fbo);
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 8, 8, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    glViewport(1, 2, 5, 6);
    glEnable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    BasinCell *c = malloc(33 * 17 * sizeof *c);
    char err[256];
    ASSERT(basin_gl_compute(&gpu, &d, c, err, sizeof err));
    GLint bound, vp[4], tb;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &bound);
    glGetIntegerv(GL_VIEWPORT, vp);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &tb);
    ASSERT(bound == (GLint)fbo && vp[0] == 1 && vp[1] == 2 && vp[2] == 5 && vp[3] == 6);
    ASSERT(tb == (GLint)tex && glIsEnabled(GL_BLEND) && !glIsEnabled(GL_SCISSOR_TEST));
    ASSERT(glGetError() == GL_NO_ERROR);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
    glDisable(GL_BLEND);
    free(c);
}

int main(void)
{
    char err[1024] = "";
    GlWindow gw = {0};
    if (!test_gl_open("test_basin_gl", &gw, err, sizeof err))
        return test_no_gl("test_basin_gl", err);
    char dir[1024];
    if (!datadir_locate(dir, sizeof dir, err, sizeof err)) {
        fprintf(stderr, "test_basin_gl: %s\n", err);
        return 1;
    }
    basin_gl_init(&gpu, dir);
    printf("test_basin_gl: %s, doubles in shaders: %s\n", (const char *)glGetString(GL_RENDERER),
           gpu.fp64 ? "yes" : "no");
    if (!gpu.fp64)
        return test_no_gl("test_basin_gl", "no GL_ARB_gpu_shader_fp64");
    RUN_TEST(test_known_starts_land_in_their_minima);
    RUN_TEST(test_gd_and_adam_agree_on_three_landscapes);
    RUN_TEST(test_momentum_rastrigin_schedule_l2_clip_agree);
    RUN_TEST(test_every_closed_form_landscape);
    RUN_TEST(test_typed_function_with_parameters_agrees);
    RUN_TEST(test_declines_what_it_cannot_do);
    RUN_TEST(test_leaves_gl_state_alone);
    basin_gl_free(&gpu);
    glwin_close(&gw);
    return TEST_MAIN("test_basin_gl");
}
