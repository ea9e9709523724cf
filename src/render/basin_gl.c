/* basin_gl.c - the basin map in a fragment shader (see basin_gl.h): one program per
 * landscape and optimizer (its gradient's GLSL and the rule's #define), the rate of every
 * step in a small float texture, the map drawn in bands of rows so no draw runs long, then
 * read back and classified by the CPU's rules.
 */
#include "render/basin_gl.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/glplat.h"
#include "render/shader.h"
#include "util/hash.h"

enum {
    BASIN_GL_LR_W = 4096,             /* texels per row of the rate texture */
    BASIN_GL_MAX_SIDE = 4096,
    BASIN_GL_MAX_STEPS = 1 << 24,     /* the code's step counts are exact floats */
};
/* Pixel-steps per draw: a band of rows takes ~0.1 s or less on llvmpipe (2 cores). */
#define BASIN_GL_BAND_BUDGET (1LL << 25)

typedef enum {
    BU_ORIGIN, BU_SPAN, BU_GRID, BU_STEPS, BU_TOL, BU_L2, BU_CLIP, BU_MU, BU_BETA1, BU_BETA2,
    BU_EPS, BU_BIAS, BU_LR, BU_RATE, BU_PARAM, BU_COUNT
} BasinUniform;
static const char *const BASIN_UNIFORM_NAMES[BU_COUNT] = {
    "u_origin", "u_span", "u_grid", "u_steps", "u_tol", "u_l2", "u_clip", "u_mu",
    "u_beta1", "u_beta2", "u_eps", "u_bias", "u_lr", "u_rate", "u_param",
};
static_assert(BU_COUNT <= 16, "BasinGl.prog[].u holds them");

static const double BASIN_GL_DEFAULT_TOL = 1e-6; /* run.h's default when tol is 0 */

static bool engine_supports(const BasinEngine *e, const BasinDesc *d)
{
    return basin_gl_supports((const BasinGl *)e, d);
}

static bool engine_compute(BasinEngine *e, const BasinDesc *d, BasinCell *cells, char *err,
                           size_t len)
{
    return basin_gl_compute((BasinGl *)e, d, cells, err, len);
}

void basin_gl_init(BasinGl *g, const char *data_dir)
{
    memset(g, 0, sizeof *g);
    g->engine = (BasinEngine){engine_supports, engine_compute};
    snprintf(g->data_dir, sizeof g->data_dir, "%s", data_dir);
    g->fp64 = glplat_fp64();
    g->float_ok = true; /* until a target says otherwise */
    g->band_budget = BASIN_GL_BAND_BUDGET;
}

void basin_gl_free(BasinGl *g)
{
    for (int i = 0; i < BASIN_GL_PROGRAMS; i++) {
        if (g->prog[i].program)
            glDeleteProgram(g->prog[i].program);
    }
    if (g->fbo)
        glDeleteFramebuffers(1, &g->fbo);
    if (g->tex)
        glDeleteTextures(1, &g->tex);
    if (g->lr_tex)
        glDeleteTextures(1, &g->lr_tex);
    if (g->vao)
        glDeleteVertexArrays(1, &g->vao);
    memset(g, 0, sizeof *g);
}

/* The rule's #define, or NULL when the shader has none for d's optimizer. */
static const char *basin_gl_rule(const OptimizerDesc *o)
{
    if (!optim_has_lanes(o))
        return NULL;
    switch (o->kind) {
    case OPTIM_GD: return "BASIN_GD";
    case OPTIM_MOMENTUM: return "BASIN_MOMENTUM";
    case OPTIM_ADAM: return "BASIN_ADAM";
    default: return NULL;
    }
}

/* Whether the shader computes in double. */
static bool basin_gl_double(const BasinGl *g)
{
    return g->fp64 && !g->use_float;
}

bool basin_gl_supports(const BasinGl *g, const BasinDesc *d)
{
    const Landscape *ls = d->ls;
    return (g->fp64 || g->use_float) && g->float_ok && ls && ls->program && !ls->data &&
           basin_gl_rule(&d->run.opt) && !(d->run.noise > 0.0) && d->steps >= 0 &&
           d->steps <= BASIN_GL_MAX_STEPS && d->w >= 1 && d->h >= 1 &&
           d->w <= BASIN_GL_MAX_SIDE && d->h <= BASIN_GL_MAX_SIDE &&
           (long long)d->w * d->steps <= g->band_budget; /* a row fits one draw */
}

static bool basin_gl_const_rate(const RunDesc *r)
{
    return r->schedule.kind == SCHEDULE_CONSTANT;
}

/* The text between #version and basin.frag: malloc'd, NULL without memory. */
static char *basin_gl_prelude(const BasinGl *g, const BasinDesc *d)
{
    const ExprProgram *p = d->ls->program;
    bool dbl = basin_gl_double(g);
    size_t n = expr_emit_glsl_grad(p, "loss_grad", dbl, NULL, 0);
    size_t cap = n + 256;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    /* a constant rate is a uniform: no texture fetch per step */
    const RunDesc *r = &d->run;
    int k = snprintf(s, cap, "%s\n#define %s 1\n#define BASIN_LR_W %d\n%s%s%s",
                     dbl ? GLPLAT_FP64_EXTENSION : "", basin_gl_rule(&r->opt), BASIN_GL_LR_W,
                     basin_gl_const_rate(r) ? "#define BASIN_LR_CONST 1\n" : "",
                     r->opt.l2 != 0.0 ? "#define BASIN_L2 1\n" : "",
                     r->opt.clip > 0.0 ? "#define BASIN_CLIP 1\n" : "");
    expr_emit_glsl_grad(p, "loss_grad", dbl, s + k, cap - (size_t)k);
    return s;
}

/* The program for d (built and cached on first use); its slot, or -1 with err. */
static int basin_gl_program(BasinGl *g, const BasinDesc *d, char *err, size_t len)
{
    char *prelude = basin_gl_prelude(g, d);
    if (!prelude) {
        snprintf(err, len, "basins: out of memory");
        return -1;
    }
    uint64_t key = hash_bytes(HASH_SEED, prelude, strlen(prelude));
    int slot = -1, oldest = 0;
    for (int i = 0; i < BASIN_GL_PROGRAMS; i++) {
        if (g->prog[i].program && g->prog[i].key == key)
            slot = i;
        if (g->prog[i].used < g->prog[oldest].used)
            oldest = i;
    }
    if (slot < 0 && key == g->failed_key) {
        snprintf(err, len, "basins: the shader did not build before");
        free(prelude);
        return -1;
    }
    if (slot < 0) {
        slot = oldest;
        GLuint program = 0;
        GLint u[BU_COUNT];
        bool ok = shader_build(g->data_dir, "basin.vert", "basin.frag", prelude,
                               BASIN_UNIFORM_NAMES, BU_COUNT, u, &program, err, len);
        if (!ok) {
            g->failed_key = key; /* not again for every map: the CPU computes them */
            free(prelude);
            return -1;
        }
        if (g->prog[slot].program)
            glDeleteProgram(g->prog[slot].program);
        g->prog[slot].program = program;
        g->prog[slot].key = key;
        memcpy(g->prog[slot].u, u, sizeof u);
    }
    free(prelude);
    g->prog[slot].used = ++g->clock;
    return slot;
}

/* The w x h RGBA32F target; false (and float_ok cleared) when it is not complete. */
static bool basin_gl_target(BasinGl *g, int w, int h)
{
    if (!g->fbo) {
        glGenFramebuffers(1, &g->fbo);
        glGenTextures(1, &g->tex);
        glGenTextures(1, &g->lr_tex);
        glGenVertexArrays(1, &g->vao);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, g->fbo);
    if (g->tex_w == w && g->tex_h == h)
        return true;
    glBindTexture(GL_TEXTURE_2D, g->tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, w, h, 0, GL_RGBA, GL_FLOAT, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, g->tex, 0);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        g->float_ok = false; /* WebGL 2 without EXT_color_buffer_float */
        g->tex_w = g->tex_h = 0;
        return false;
    }
    g->tex_w = w;
    g->tex_h = h;
    return true;
}

/* Step k's rate (texel k - 1) as hi + lo floats, exact to ~48 bits: schedule_lr's. */
static bool basin_gl_rates(BasinGl *g, const RunDesc *r, long steps)
{
    long n = steps > 0 ? steps : 1;
    int rows = (int)((n + BASIN_GL_LR_W - 1) / BASIN_GL_LR_W);
    int w = rows > 1 ? BASIN_GL_LR_W : (int)n;
    float *px = calloc((size_t)w * (size_t)rows, 2 * sizeof(float));
    if (!px)
        return false;
    for (long k = 1; k <= steps; k++) {
        double lr = schedule_lr(&r->schedule, r->opt.lr, k);
        float hi = (float)lr;
        px[2 * (k - 1)] = hi;
        px[2 * (k - 1) + 1] = (float)(lr - (double)hi);
    }
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, g->lr_tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RG32F, w, rows, 0, GL_RG, GL_FLOAT, px);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    free(px);
    return true;
}

/* The GL state basin_gl_compute changes, to put back. */
typedef struct {
    GLint fbo, viewport[4], program, vao, tex, active;
    GLboolean blend, scissor;
} BasinGlState;

static void state_save(BasinGlState *s)
{
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &s->fbo);
    glGetIntegerv(GL_VIEWPORT, s->viewport);
    glGetIntegerv(GL_CURRENT_PROGRAM, &s->program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &s->vao);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &s->active);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &s->tex);
    s->blend = glIsEnabled(GL_BLEND);
    s->scissor = glIsEnabled(GL_SCISSOR_TEST);
}

static void state_restore(const BasinGlState *s)
{
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)s->fbo);
    glViewport(s->viewport[0], s->viewport[1], s->viewport[2], s->viewport[3]);
    glUseProgram((GLuint)s->program);
    glBindVertexArray((GLuint)s->vao);
    glBindTexture(GL_TEXTURE_2D, (GLuint)s->tex);
    glActiveTexture((GLenum)s->active);
    if (s->blend)
        glEnable(GL_BLEND);
    if (s->scissor)
        glEnable(GL_SCISSOR_TEST);
    else
        glDisable(GL_SCISSOR_TEST);
}

/* n values of 1 or 2 components into a uniform of the shader's precision. */
static void set_real(const BasinGl *g, GLint loc, int comps, int n, const double *v)
{
    if (basin_gl_double(g)) {
        glplat_uniform_double(loc, comps, n, v);
        return;
    }
    float f[2 * EXPR_MAX_PARAMS];
    for (int i = 0; i < comps * n && i < 2 * EXPR_MAX_PARAMS; i++)
        f[i] = (float)v[i];
    if (comps == 2)
        glUniform2fv(loc, n, f);
    else
        glUniform1fv(loc, n, f);
}

static void set_d(const BasinGl *g, GLint loc, double v)
{
    set_real(g, loc, 1, 1, &v);
}

/* The uniforms of d for the bound program of slot. */
static void basin_gl_uniforms(const BasinGl *g, int slot, const BasinDesc *d)
{
    const GLint *u = g->prog[slot].u;
    const RunDesc *r = &d->run;
    double origin[2] = {d->view.xmin, d->view.ymax};
    double span[2] = {d->view.xmax - d->view.xmin, d->view.ymax - d->view.ymin};
    set_real(g, u[BU_ORIGIN], 2, 1, origin);
    set_real(g, u[BU_SPAN], 2, 1, span);
    glUniform2i(u[BU_GRID], d->w, d->h);
    glUniform1i(u[BU_STEPS], (int)d->steps);
    set_d(g, u[BU_TOL], r->tol > 0.0 ? r->tol : BASIN_GL_DEFAULT_TOL);
    set_d(g, u[BU_L2], r->opt.l2);
    set_d(g, u[BU_CLIP], r->opt.clip);
    set_d(g, u[BU_MU], r->opt.momentum);
    set_d(g, u[BU_BETA1], r->opt.beta1);
    set_d(g, u[BU_BETA2], r->opt.beta2);
    set_d(g, u[BU_EPS], r->opt.eps);
    glUniform1i(u[BU_BIAS], r->opt.bias_correction ? 1 : 0);
    glUniform1i(u[BU_LR], 0);
    set_d(g, u[BU_RATE], r->opt.lr);
    int np = d->ls->program->n_params;
    if (np > 0 && u[BU_PARAM] >= 0)
        set_real(g, u[BU_PARAM], 1, np, d->ls->params);
}

bool basin_gl_compute(BasinGl *g, const BasinDesc *d, BasinCell *cells, char *err,
                      size_t len)
{
    assert(basin_gl_supports(g, d));
    float *px = malloc((size_t)d->w * (size_t)d->h * 4 * sizeof(float));
    if (!px) {
        snprintf(err, len, "basins: out of memory");
        return false;
    }
    BasinGlState saved;
    state_save(&saved);
    bool ok = false;
    int slot = basin_gl_program(g, d, err, len);
    if (slot < 0)
        goto done;
    if (!basin_gl_target(g, d->w, d->h)) {
        snprintf(err, len, "basins: no float render target (EXT_color_buffer_float)");
        goto done;
    }
    if (!basin_gl_const_rate(&d->run) && !basin_gl_rates(g, &d->run, d->steps)) {
        snprintf(err, len, "basins: out of memory");
        goto done;
    }
    glUseProgram(g->prog[slot].program);
    basin_gl_uniforms(g, slot, d);
    glViewport(0, 0, d->w, d->h);
    glDisable(GL_BLEND);
    glEnable(GL_SCISSOR_TEST);
    glBindVertexArray(g->vao);
    long long per_row = (long long)d->w * (d->steps > 0 ? d->steps : 1);
    int band = (int)(g->band_budget / per_row);
    band = band < 1 ? 1 : band > d->h ? d->h : band;
    for (int row = 0; row < d->h; row += band) {
        if (d->cancel && *d->cancel) {
            snprintf(err, len, "cancelled");
            goto done;
        }
        glScissor(0, row, d->w, band);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        g->draws++;
    }
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, d->w, d->h, GL_RGBA, GL_FLOAT, px);
    for (int j = 0; j < d->h; j++) {
        const float *row = px + (size_t)(d->h - 1 - j) * (size_t)d->w * 4;
        for (int i = 0; i < d->w; i++) {
            const float *c = row + 4 * i;
            long code = (long)floorf(c[3]);
            long conv = c[3] >= 0.0f ? (long)c[3] : -1;
            long stop = c[3] <= -1.0f ? -1 - code : -1;
            basin_cell_finish((double)c[0], (double)c[1], (double)c[2], conv, stop,
                              d->steps, d->minima, d->n_minima, &cells[(size_t)j * d->w + i]);
        }
    }
    g->maps++;
    ok = true;
done:
    state_restore(&saved);
    free(px);
    return ok;
}
