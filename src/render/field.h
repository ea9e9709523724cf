/* field.h - the landscape's filled contour plot rendered on the GPU into a texture.
 *
 * One program per landscape (compiled on first use and cached by LandscapeId), so no pixel
 * branches on the landscape: shaders/field.frag preceded by the landscape's loss() in GLSL,
 * emitted from its compiled expression (closed forms), or by a #define that selects the
 * loss() in field.frag (data landscapes, which read their dataset from a float texture, one
 * texel per point: x1, x2, y). The caller decides WHEN to render (only
 * when the view, landscape, levels or size change); this module only knows HOW.
 */
#ifndef LOSSLENS_FIELD_H
#define LOSSLENS_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "landscape/landscape.h"
#include "lecture/colormap.h"
#include "lecture/view.h"

typedef enum {
    FIELD_U_BOUNDS,
    FIELD_U_C,
    FIELD_U_SRANGE,
    FIELD_U_LEVELS,
    FIELD_U_LINE_PX,
    FIELD_U_LINE_ALPHA,
    FIELD_U_DATA,
    FIELD_U_N,
    FIELD_U_PARAM, /* a typed function's parameters: u_param[0 .. n_params) */
    FIELD_U_FLIP_ROWS,
    FIELD_U_COUNT
} FieldUniform;

typedef struct {
    char data_dir[1024];
    /* by LandscapeId; the slot LANDSCAPE_TYPED holds the typed function last drawn, rebuilt
     * when its text (typed_glsl, its generated GLSL) changes; its parameters are uniforms */
    GLuint program[LANDSCAPE_COUNT + 1];
    GLint u[LANDSCAPE_COUNT + 1][FIELD_U_COUNT];
    GLuint data_tex[LANDSCAPE_COUNT];
    int data_n[LANDSCAPE_COUNT];
    char *typed_glsl; /* owned */
    GLuint vao; /* empty: the quad comes from gl_VertexID */
} FieldRenderer;

/* A color texture with its framebuffer (the field's target, the scene layer, the export).
 * top_down (set by the owner, before the first render_target_resize): the target is laid out
 * as the window's buffer is, top row first (GL row 0 holds the top of the picture, where GL's
 * own order is bottom row first) in the window's byte order (glplat_color_target_image), so
 * that llvmpipe, which keeps a window's buffer that way, copies it to the window with a
 * memcpy (about 1 ms at 1920x1080) rather than a shader pass that flips and swizzles (4-5
 * ms). The pane's scene layer, copied to the window at every frame, is top down, and so is
 * the field it is copied from. Whoever draws into a top-down target says so (field_render
 * reads it; batcher_set_top_down, traj_set_top_down). Others are bottom up, RGBA8.
 * Drawn as a texture, a top-down target goes through batcher_view_image, whose textureLod
 * Mesa 22.3's llvmpipe (Debian 12's) does not take on its "linear rasterizer": that path
 * reads zeros from a B8G8R8A8 texture drawn into before, where it draws into the window or
 * into another such target (tests/test_render.c, test_top_down_target_is_the_window_order). */
typedef struct {
    GLuint fbo, tex;
    int w, h;
    bool top_down;
} RenderTarget;

/* (Re)allocates t as w x h 8-bit RGBA (in the window's layout where top_down; linear
 * filtering) when the size changes; false only when the framebuffer is incomplete. */
bool render_target_resize(RenderTarget *t, int w, int h);
void render_target_free(RenderTarget *t);
/* Copies the w x h block of src at pixel (sx, sy) (from the top left) to pixel (dx, dy) of
 * framebuffer dst_fbo, dst_h pixels high, whose rows are kept top down or not (a window's,
 * as GL has it: not), flipping where the two orders differ (a memcpy on llvmpipe where they
 * do not and the layouts match). Binds dst_fbo as GL_FRAMEBUFFER; the scissor test is left
 * off. */
void render_target_copy(const RenderTarget *src, int sx, int sy, int w, int h, GLuint dst_fbo,
                        int dst_h, bool dst_top_down, int dx, int dy);

bool field_init(FieldRenderer *fr, const char *data_dir, char *err, size_t errlen);
void field_free(FieldRenderer *fr);

/* The reduced field's resolution divisor (while a data landscape's view moves): 1 for
 * closed-form landscapes; for data landscapes it grows with the dataset (cost per pixel),
 * about sqrt(n / 8), in [2, 8]. */
int field_low_res_div(const Landscape *ls);

/* Compiles ls's program and uploads its dataset if not done yet. */
bool field_prepare(FieldRenderer *fr, const Landscape *ls, char *err, size_t errlen);

/* Renders GL rows [row0, row0 + rows) of target t (the bottom rows first, or the top ones where
 * t->top_down), whose t->w x t->h pixels cover the world rectangle box. Leaves framebuffer 0
 * bound. false (with a message) only if the program cannot be built. */
bool field_render(FieldRenderer *fr, const RenderTarget *t, const Landscape *ls,
                  const ViewBox *box, const FieldScale *fs, int row0, int rows, char *err,
                  size_t errlen);
/* Renders the field of the world rectangle box, spread over rect (x, y, w, h in GL pixels) of
 * framebuffer fbo, within scissor (x, y, w, h) only: field_render's pixels wherever rect
 * lies. top_down: fbo keeps its rows top down (RenderTarget.top_down), rect's top row the
 * world's top (and the hatch of undefined pixels counted from the bottom, as everywhere
 * else). Leaves fbo bound and blending off. */
bool field_render_rect(FieldRenderer *fr, GLuint fbo, const int rect[4], const int scissor[4],
                       bool top_down, const Landscape *ls, const ViewBox *box,
                       const FieldScale *fs, char *err, size_t errlen);

#endif
