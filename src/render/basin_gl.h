/* basin_gl.h - the basin map on the GPU: every start of the grid is one texel of an RGBA32F
 * target, stepped to N in shaders/basin.frag with the run's optimizer (gd, momentum, Adam:
 * the rules with a many-point form, optim_has_lanes) on the landscape's gradient, generated
 * as GLSL from its expression (expr_emit_glsl_grad). The texels are read back and each
 * becomes a BasinCell through basin_cell_finish, so classes, hues and shades have the CPU's
 * rules. The arithmetic is double (GL_ARB_gpu_shader_fp64): float cannot reach |g| < 1e-6
 * near a minimum at |x| ~ 3 (its spacing there moves g by ~1e-5), so a float map would call
 * most converged starts "running". Without fp64 (WebGL 2, or a driver without it), with
 * noise, a data landscape or another optimizer it supports nothing and the CPU computes.
 * Needs a current GL context.
 */
#ifndef LOSSLENS_BASIN_GL_H
#define LOSSLENS_BASIN_GL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <epoxy/gl.h>

#include "analysis/basin.h"

enum { BASIN_GL_PROGRAMS = 4 }; /* programs kept (landscape x optimizer), least recent out */

typedef struct {
    BasinEngine engine; /* first: (BasinEngine *) is a (BasinGl *) */
    char data_dir[1024];
    bool fp64;          /* doubles in shaders (glplat_fp64) */
    bool use_float;     /* step in float even so (benchmarks: what float would give); the
                           convergence test then rarely passes, see above */
    bool float_ok;      /* an RGBA32F target is complete (checked once) */
    struct {
        uint64_t key;   /* hash of its prelude */
        GLuint program;
        GLint u[16];
        unsigned used;  /* last use, for eviction */
    } prog[BASIN_GL_PROGRAMS];
    unsigned clock;
    uint64_t failed_key; /* the prelude whose program did not build (0: none) */
    GLuint fbo, tex, lr_tex, vao;
    int tex_w, tex_h, lr_h;
    /* per-draw budget of pixel-steps (2^25, ~0.15 s of llvmpipe's CPU time): a draw covers
     * as many rows as fit */
    long long band_budget;
    /* counters for tests and benchmarks */
    long maps, draws;
} BasinGl;

/* Remembers where the shaders are; creates nothing on the GPU yet. Always succeeds. */
void basin_gl_init(BasinGl *g, const char *data_dir);
void basin_gl_free(BasinGl *g);

/* Whether the GPU computes d: a closed-form or typed landscape (ls->program, no dataset),
 * gd without line search, momentum or Adam, no noise, a grid of at most 4096 a side whose
 * rows of N steps fit one draw (w N <= band_budget: 256 starts across, 131072 steps), and
 * doubles in shaders (or use_float). */
bool basin_gl_supports(const BasinGl *g, const BasinDesc *d);

/* Fills cells[0 .. w h) as basin_compute would (see the header comment): end point and loss
 * in float, steps and status, class of the end point. Restores the framebuffer, viewport,
 * program and blend/scissor state it changes. false with err when it cannot (no float
 * target, a shader that does not build, out of memory). */
bool basin_gl_compute(BasinGl *g, const BasinDesc *d, BasinCell *cells, char *err,
                      size_t len);

#endif
