/* surface_gl.c - the 3D surface on OpenGL (render/surface_gl.h): the mesh in buffers, its
 * picture in an offscreen color + depth target, copied into the frame.
 */
#include "render/surface_gl.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/surface3d.h"
#include "render/shader.h"

/* The draft's mesh takes every SURFACE_DRAFT_STRIDE-th vertex of the full one (which has
 * 2^k + 1 a side). */
static_assert((SURFACE_MESH_N - 1) % SURFACE_DRAFT_STRIDE == 0,
              "the draft's mesh keeps the box's far edges");
/* The draft is drawn at 1 / SURFACE_DRAFT_DIV of the resolution in each axis. Once its
 * triangles (and the paths') cost little on the main thread, its pixels were what an orbiting
 * frame's rasteriser threads spent most on: a third rather than half took window-3d's orbit
 * from about 26 to 22 ms of CPU per frame (one run each in turn, twice, at load 4.8), for
 * steps of 3 px at the surface's edges while it moves. */
enum { SURFACE_DRAFT_DIV = 3 };
/* The draft's floor takes every this-th vertex of the draft's mesh (17 x 17 of them): flat and
 * mostly hidden under the surface, it still cost as many triangles as the surface, each set
 * up and binned by llvmpipe, while only its projected contours show, a little coarser. */
enum { SURFACE_DRAFT_FLOOR_STEP = 4 };
static_assert(((SURFACE_MESH_N - 1) / SURFACE_DRAFT_STRIDE) % SURFACE_DRAFT_FLOOR_STEP == 0,
              "the draft's floor keeps the box's far edges");

static const char *const SURFACE_UNIFORM_NAMES[SURFACE_U_COUNT] = {
    "u_mvp", "u_eye", "u_floor", "u_levels", "u_line_px", "u_line_alpha",
};

bool surface_gl_init(SurfaceRenderer *sr, const char *data_dir, char *err, size_t errlen)
{
    char prelude[4096];
    int k = colormap_glsl_constants(prelude, sizeof prelude);
    if (k < 0 || (size_t)k >= sizeof prelude ||
        (size_t)surface_glsl_constants(prelude + k, sizeof prelude - (size_t)k) >=
            sizeof prelude - (size_t)k) {
        snprintf(err, errlen, "surface shader constants do not fit");
        return false;
    }
    memset(sr, 0, sizeof *sr);
    if (!shader_build(data_dir, "surface.vert", "surface.frag", prelude, SURFACE_UNIFORM_NAMES,
                      SURFACE_U_COUNT, sr->u, &sr->program, err, errlen))
        return false;
    char draft[4200];
    snprintf(draft, sizeof draft, "#define SURFACE_DRAFT 1\n%s", prelude);
    if (!shader_build(data_dir, "surface.vert", "surface.frag", draft, SURFACE_UNIFORM_NAMES,
                      SURFACE_U_COUNT, sr->du, &sr->draft_program, err, errlen)) {
        glDeleteProgram(sr->program);
        sr->program = 0;
        return false;
    }
    return true;
}

void surface_gl_free(SurfaceRenderer *sr)
{
    if (sr->program)
        glDeleteProgram(sr->program);
    if (sr->draft_program)
        glDeleteProgram(sr->draft_program);
    memset(sr, 0, sizeof *sr);
}

void surface_pane_free(SurfacePane *sp)
{
    surface3d_draft_free(&sp->draft);
    if (sp->vao)
        glDeleteVertexArrays(1, &sp->vao);
    if (sp->vbo)
        glDeleteBuffers(1, &sp->vbo);
    if (sp->ebo)
        glDeleteBuffers(1, &sp->ebo);
    if (sp->ebo_low)
        glDeleteBuffers(1, &sp->ebo_low);
    if (sp->vao_low)
        glDeleteVertexArrays(1, &sp->vao_low);
    if (sp->vbo_low)
        glDeleteBuffers(1, &sp->vbo_low);
    if (sp->fbo)
        glDeleteFramebuffers(1, &sp->fbo);
    if (sp->color)
        glDeleteRenderbuffers(1, &sp->color);
    if (sp->depth)
        glDeleteRenderbuffers(1, &sp->depth);
    memset(sp, 0, sizeof *sp);
}

bool surface_pane_busy(const SurfacePane *sp)
{
    return sp->image_valid && sp->low;
}

/* The draft's mesh: every SURFACE_DRAFT_STRIDE-th vertex of the full one in each axis (m x m
 * of them, m = (n - 1) / stride + 1: 65 x 65 of the 257 x 257 mesh, the box's edges kept),
 * into v (room for m * m vertices). What the draft cost on llvmpipe was its triangles, not
 * its pixels (a third of the resolution changed nothing, drawing no surface saved 10-15 ms
 * of CPU per orbiting frame): every fourth vertex instead of every other one, in a vertex
 * buffer of its own, took window-3d's orbit from 37.9 to 29.3 ms of CPU per frame (medians
 * of three runs against main's build, in turn), and lit per vertex a cell of about 15 px
 * still reads smooth while it moves. */
static void surface_low_vertices(const SurfaceMesh *mesh, float *v)
{
    int n = mesh->n, m = (n - 1) / SURFACE_DRAFT_STRIDE + 1;
    for (int j = 0; j < m; j++)
        for (int i = 0; i < m; i++)
            memcpy(v + SURFACE_VERTEX_FLOATS * (size_t)(j * m + i),
                   mesh->v + SURFACE_VERTEX_FLOATS *
                                 (size_t)(SURFACE_DRAFT_STRIDE * (j * n + i)),
                   sizeof *v * SURFACE_VERTEX_FLOATS);
}

/* The triangles of the grid of every step-th vertex of the m x m vertices v ((m - 1) % step
 * == 0, so the box's far edges are kept), two per cell whose four corners are defined, into
 * idx (room for 6 ((m - 1) / step)^2); returns how many indices. */
static int surface_grid_indices(const float *v, int m, int step, unsigned *idx)
{
    assert((m - 1) % step == 0);
    int k = 0;
    for (int j = 0; j + step < m; j += step) {
        for (int i = 0; i + step < m; i += step) {
            unsigned a = (unsigned)(j * m + i), b = a + (unsigned)step,
                     c = a + (unsigned)(step * m), d = c + (unsigned)step;
            if (!isfinite(v[SURFACE_VERTEX_FLOATS * a + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * b + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * c + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * d + 2]))
                continue;
            const unsigned tri[6] = {a, b, d, a, d, c};
            for (int q = 0; q < 6; q++)
                idx[k++] = tri[q];
        }
    }
    return k;
}

/* The mesh's attributes from the bound vertex buffer into the bound vertex array. */
static void surface_attribs(void)
{
    GLsizei stride = (GLsizei)(sizeof(float) * SURFACE_VERTEX_FLOATS);
    glEnableVertexAttribArray(SURFACE_ATTR_POS);
    glVertexAttribPointer(SURFACE_ATTR_POS, 3, GL_FLOAT, GL_FALSE, stride, (void *)0);
    glEnableVertexAttribArray(SURFACE_ATTR_NRM);
    glVertexAttribPointer(SURFACE_ATTR_NRM, 3, GL_FLOAT, GL_FALSE, stride,
                          (void *)(3 * sizeof(float)));
    glEnableVertexAttribArray(SURFACE_ATTR_T);
    glVertexAttribPointer(SURFACE_ATTR_T, 1, GL_FLOAT, GL_FALSE, stride,
                          (void *)(6 * sizeof(float)));
}

static bool surface_map_equal(const SurfaceMap *a, const SurfaceMap *b)
{
    return a->cx == b->cx && a->cy == b->cy && a->half == b->half && a->xr == b->xr &&
           a->yr == b->yr && a->fs.c == b->fs.c && a->fs.s_lo == b->fs.s_lo &&
           a->fs.s_hi == b->fs.s_hi && a->linear == b->linear;
}

/* Whether a and b show the same picture on a w x h viewport: the legend's rectangle counts
 * only through the framing it gives (camera3d_frame_rect), which a legend's width changing
 * by a few pixels leaves alone. */
static bool surface_cam_equal(const Camera3D *a, const Camera3D *b, int w, int h)
{
    float ra[4], rb[4];
    camera3d_frame_rect(a, w, h, ra);
    camera3d_frame_rect(b, w, h, rb);
    return a->yaw == b->yaw && a->pitch == b->pitch && a->dist == b->dist && a->fov == b->fov &&
           a->target[0] == b->target[0] && a->target[1] == b->target[1] &&
           a->target[2] == b->target[2] && !memcmp(ra, rb, sizeof ra) && a->xr == b->xr &&
           a->yr == b->yr && a->dist0 == b->dist0;
}

static bool surface_fs_equal(const FieldScale *a, const FieldScale *b)
{
    return a->levels == b->levels && a->line_px == b->line_px &&
           a->line_alpha == b->line_alpha;
}

static bool surface_update_mesh(SurfacePane *sp, const PlotScene *sc, char *err, size_t errlen)
{
    uint64_t fn = landscape_fingerprint(sc->ls);
    if (sp->mesh_valid && sp->ls == sc->ls && sp->fn == fn && surface_map_equal(&sp->map, &sc->map))
        return true;
    SurfaceMesh mesh;
    if (!surface_mesh_build(&mesh, sc->ls, &sc->map, SURFACE_MESH_N)) {
        snprintf(err, errlen, "out of memory for the %s surface's mesh", sc->ls->id);
        return false;
    }
    int m = (mesh.n - 1) / SURFACE_DRAFT_STRIDE + 1;
    float *lv = malloc(sizeof *lv * SURFACE_VERTEX_FLOATS * (size_t)m * (size_t)m);
    /* The draft surface's triangles, then its floor's (fewer). */
    unsigned *low = malloc(sizeof *low * 12 * (size_t)m * (size_t)m);
    if (!lv || !low) {
        free(lv);
        free(low);
        surface_mesh_free(&mesh);
        snprintf(err, errlen, "out of memory for the %s surface's mesh", sc->ls->id);
        return false;
    }
    surface_low_vertices(&mesh, lv);
    int n_low = surface_grid_indices(lv, m, 1, low);
    int n_floor = surface_grid_indices(lv, m, SURFACE_DRAFT_FLOOR_STEP, low + n_low);
    if (!sp->vao) {
        glGenVertexArrays(1, &sp->vao);
        glGenBuffers(1, &sp->vbo);
        glGenBuffers(1, &sp->ebo);
        glGenVertexArrays(1, &sp->vao_low);
        glGenBuffers(1, &sp->vbo_low);
        glGenBuffers(1, &sp->ebo_low);
    }
    glBindVertexArray(sp->vao);
    glBindBuffer(GL_ARRAY_BUFFER, sp->vbo);
    glBufferData(GL_ARRAY_BUFFER,
                 (GLsizeiptr)(sizeof(float) * SURFACE_VERTEX_FLOATS * (size_t)mesh.n * (size_t)mesh.n),
                 mesh.v, GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, sp->ebo);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(sizeof(unsigned) * (size_t)mesh.n_idx),
                 mesh.idx, GL_STATIC_DRAW);
    surface_attribs();
    glBindVertexArray(sp->vao_low);
    glBindBuffer(GL_ARRAY_BUFFER, sp->vbo_low);
    glBufferData(GL_ARRAY_BUFFER,
                 (GLsizeiptr)(sizeof(float) * SURFACE_VERTEX_FLOATS * (size_t)m * (size_t)m), lv,
                 GL_STATIC_DRAW);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, sp->ebo_low);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER,
                 (GLsizeiptr)(sizeof(unsigned) * (size_t)(n_low + n_floor)), low, GL_STATIC_DRAW);
    surface_attribs();
    glBindVertexArray(0);
    free(lv);
    free(low);
    sp->n_idx_low = n_low;
    sp->n_idx_low_floor = n_floor;
    sp->n_idx = mesh.n_idx;
    surface_mesh_free(&mesh);
    sp->ls = sc->ls;
    sp->fn = fn;
    sp->map = sc->map;
    sp->mesh_valid = true;
    sp->image_valid = false;
    sp->mesh_builds++;
    return true;
}

static bool surface_resize(SurfacePane *sp, int w, int h, char *err, size_t errlen)
{
    if (sp->fbo && sp->w == w && sp->h == h)
        return true;
    if (!sp->fbo) {
        glGenFramebuffers(1, &sp->fbo);
        glGenRenderbuffers(1, &sp->color);
        glGenRenderbuffers(1, &sp->depth);
    }
    glBindRenderbuffer(GL_RENDERBUFFER, sp->color);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindRenderbuffer(GL_RENDERBUFFER, sp->depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, sp->fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, sp->color);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, sp->depth);
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    sp->w = w;
    sp->h = h;
    sp->image_valid = false;
    if (!ok)
        snprintf(err, errlen, "the surface's %dx%d framebuffer is incomplete", w, h);
    return ok;
}

static void surface_render_image(SurfaceRenderer *sr, SurfacePane *sp, const PlotScene *sc,
                                 const FieldScale *fs, bool low)
{
    sp->img_w = low ? (sp->w + SURFACE_DRAFT_DIV - 1) / SURFACE_DRAFT_DIV : sp->w;
    sp->img_h = low ? (sp->h + SURFACE_DRAFT_DIV - 1) / SURFACE_DRAFT_DIV : sp->h;
    glBindFramebuffer(GL_FRAMEBUFFER, sp->fbo);
    glViewport(0, 0, sp->img_w, sp->img_h);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glClearColor(SURFACE3D_BG.r / 255.0f, SURFACE3D_BG.g / 255.0f, SURFACE3D_BG.b / 255.0f,
                 1.0f);
    /* The depth clears to 1, GL's default, which nothing here changes (WebGL 2 has no
     * glClearDepth, only glClearDepthf, which GL 3.3 core lacks). */
    /* Only the picture's part of the target (the draft's ninth). */
    glEnable(GL_SCISSOR_TEST);
    glScissor(0, 0, sp->img_w, sp->img_h);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_DEPTH_TEST);
    mat4 mvp;
    vec3 eye;
    camera3d_matrix(&sc->camera, sp->w, sp->h, mvp);
    camera3d_eye(&sc->camera, eye);
    const GLint *u = low ? sr->du : sr->u;
    glUseProgram(low ? sr->draft_program : sr->program);
    glUniformMatrix4fv(u[SURFACE_U_MVP], 1, GL_FALSE, (const GLfloat *)mvp);
    glUniform3f(u[SURFACE_U_EYE], eye[0], eye[1], eye[2]);
    glUniform1f(u[SURFACE_U_LEVELS], (float)fs->levels);
    /* The draft's pixels are three times as large: its lines are fewer of them, though not a
     * third (thinner ones fade under their antialiasing): half, about 2 px on the screen. */
    glUniform1f(u[SURFACE_U_LINE_PX], low ? 0.5f * fs->line_px : fs->line_px);
    glUniform1f(u[SURFACE_U_LINE_ALPHA], fs->line_alpha);
    glBindVertexArray(low ? sp->vao_low : sp->vao);
    /* The surface (GL_LESS among its own triangles), then the floor where it is not behind
     * the surface: GL_LEQUAL, so that where the two meet the floor wins as it would drawn
     * first; the same picture as the floor first, but the hidden floor is never shaded. */
    for (int floor = 0; floor <= 1; floor++) {
        glDepthFunc(floor ? GL_LEQUAL : GL_LESS);
        glUniform1f(u[SURFACE_U_FLOOR], (float)floor);
        if (!low)
            glDrawElements(GL_TRIANGLES, sp->n_idx, GL_UNSIGNED_INT, (void *)0);
        else if (!floor)
            glDrawElements(GL_TRIANGLES, sp->n_idx_low, GL_UNSIGNED_INT, (void *)0);
        else
            glDrawElements(GL_TRIANGLES, sp->n_idx_low_floor, GL_UNSIGNED_INT,
                           (void *)(sizeof(unsigned) * (size_t)sp->n_idx_low));
    }
    glDepthFunc(GL_LESS);
    glBindVertexArray(0);
    glDisable(GL_DEPTH_TEST);
    sp->cam = sc->camera;
    sp->fs = *fs;
    sp->image_valid = true;
    sp->low = low;
    sp->image_renders++;
}

/* What the painted paths depend on besides their points: which runs, their colors and
 * generations, the canvas scale, presenter mode. */
static uint64_t surface_paths_key(const PlotScene *sc, float scale)
{
    uint64_t k = 1469598103934665603ull;
    uint64_t parts[6] = {(uint64_t)(uintptr_t)sc->runs, (uint64_t)sc->n_runs, sc->generation,
                         (uint64_t)sc->presenter, (uint64_t)(scale * 1024.0f), 0};
    for (int i = 0; i < plot_n_runs(sc); i++) {
        parts[5] = parts[5] * 31u + (uint64_t)plot_color_of(sc, i) * 7u +
                   (uint64_t)plot_run_enabled(sc, i) + sc->runs[i].gen * 1000003u;
    }
    for (int i = 0; i < 6; i++)
        k = (k ^ parts[i]) * 1099511628211ull;
    return k;
}

bool surface_gl_draw(SurfaceRenderer *sr, SurfacePane *sp, Canvas *c, const PlotScene *sc,
                     const FieldScale *fs, GLuint fbo, int target_w, int fb_h, int x, int y,
                     int w, int h, char *err, size_t errlen)
{
    if (!surface_update_mesh(sp, sc, err, errlen) || !surface_resize(sp, w, h, err, errlen)) {
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        return false;
    }
    uint64_t key = surface_paths_key(sc, c->scale);
    bool rewound = false;
    for (int i = 0; i < plot_n_runs(sc); i++)
        rewound |= sc->runs[i].n < sp->paths[i].done;
    bool moving = sp->image_valid && !surface_cam_equal(&sp->cam, &sc->camera, w, h);
    if (!sp->image_valid || moving || !surface_fs_equal(&sp->fs, fs) || sp->low ||
        key != sp->paths_key || rewound) {
        surface_render_image(sr, sp, sc, fs, moving);
        memset(sp->paths, 0, sizeof sp->paths);
        sp->paths_key = key;
        sp->paths_started = false;
    }
    if (!sp->low) {
        /* The new points into the picture itself. */
        glBindFramebuffer(GL_FRAMEBUFFER, sp->fbo);
        canvas_begin(c, sp->w, sp->h, 0, 0, sp->w, sp->h);
        if (!sp->paths_started)
            surface3d_crit_markers(c, sc);
        sp->paths_started = true;
        surface3d_paths_more(c, sc, sp->paths);
        canvas_flush(c);
    }
    int y0 = fb_h - y - h;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, sp->fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
    glDisable(GL_SCISSOR_TEST);
    /* The draft is scaled up with GL_NEAREST: on llvmpipe a linear-filtered blit of a
     * 1920x1080 window's pane cost about 5 ms of CPU per frame more (window-3d's orbit,
     * 43.8 -> 38.6 ms), for a picture that moves. */
    glBlitFramebuffer(0, 0, sp->img_w, sp->img_h, x, y0, x + w, y0 + h, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    canvas_begin(c, target_w, fb_h, x, y, w, h);
    if (sp->low)
        surface3d_paths_draft(c, sc, &sp->draft);
    else
        surface3d_paths_tails(c, sc, sp->paths);
    canvas_begin(c, target_w, fb_h, 0, 0, target_w, fb_h);
    return true;
}
