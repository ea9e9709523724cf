/* batcher.h - the one 2D batcher: a CPU vertex array of pixel-space triangles that flushes to
 * the GPU when it is full or when the state changes (texture, program, scissor clip).
 *
 * Solid shapes sample the atlas's white texel, so text and shapes mix in one draw call. Used
 * for text, the legend, axes, anti-aliased convex shapes (a 1-px feathered rim) and, later, the
 * UI command list. Coordinates are drawable pixels, (0,0) top-left, y down.
 */
#ifndef LOSSLENS_BATCHER_H
#define LOSSLENS_BATCHER_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "figure/canvas.h" /* Rgba */
#include "lecture/view.h"

typedef enum {
    BATCHER_ATTR_POS,
    BATCHER_ATTR_UV,
    BATCHER_ATTR_COLOR,
    BATCHER_ATTR_COUNT
} BatcherAttr;

typedef enum { BATCHER_U_PROJ, BATCHER_U_TEX, BATCHER_U_COUNT } BatcherUniform;

typedef struct {
    float x, y, u, v;
    Rgba color;
} BatcherVertex;

enum { BATCHER_CAPACITY = 24 * 1024 }; /* vertices, a multiple of 3 */

/* The batcher's programs (shaders/batcher.frag): texture times vertex color; a strip's alpha
 * ramp instead of the texture (batcher_ramp_quad); a view's image (batcher_view_image), the
 * texture read with textureLod: the same texels, on a path llvmpipe's linear rasterizer does
 * not take (RenderTarget.top_down says why). */
typedef enum { BATCHER_PLAIN, BATCHER_RAMP, BATCHER_IMAGE, BATCHER_PROGRAMS } BatcherProgram;

typedef struct {
    GLuint program[BATCHER_PROGRAMS];
    GLint u[BATCHER_PROGRAMS][BATCHER_U_COUNT];
    GLuint vao, vbo;
    GLuint white_tex;     /* 1x1 white, the default atlas */
    GLuint atlas;         /* texture solid shapes and glyphs come from */
    float white_u, white_v; /* a white texel of atlas */
    GLuint tex;           /* texture of the pending vertices */
    BatcherProgram prog;  /* ... and the program that draws them */
    BatcherVertex *verts;   /* BATCHER_CAPACITY */
    int n;
    int w, h;             /* target size in pixels (the rectangle's, after begin_rect) */
    int ox, oy;           /* GL origin (bottom-left) of the drawing rectangle on the target */
    bool in_rect;         /* begun with batcher_begin_rect: scissored to the rectangle */
    bool top_down;        /* the target keeps its top row first (batcher_set_top_down) */
    bool blend;           /* alpha blending of the pending vertices (default on) */
    bool premultiplied;   /* ... of premultiplied colors (a layer composited: default off) */
    bool clip_on;
    int clip[4];          /* x, y, w, h in pixels, y down */
    bool limit_on;        /* batcher_set_limit: a scissor over every clip and frame */
    int limit[4];         /* x, y (GL: bottom-left), w, h in pixels of the bound target */
    long draw_calls;      /* since batcher_begin, for tests and benchmarks */
} Batcher;

/* Builds the program and buffers; false with a message in err. Needs a current context. */
bool batcher_init(Batcher *b, const char *data_dir, char *err, size_t errlen);
void batcher_free(Batcher *b);

/* Starts drawing onto the bound framebuffer of w x h pixels: sets viewport, blending and the
 * pixel projection; no clip. */
void batcher_begin(Batcher *b, int w, int h);
/* Like batcher_begin, but draws into the w x h rectangle at (x, y) (pixels, y down) of a
 * target target_h pixels high: coordinates (and clips) are relative to that rectangle, and
 * nothing lands outside it. Used to draw one pane of several. */
void batcher_begin_rect(Batcher *b, int x, int y, int w, int h, int target_h);
/* After batcher_begin on a target that keeps its top row first (RenderTarget.top_down): pixel
 * row y lands on GL row y, clips included. Every begin resets it to GL's bottom row first. */
void batcher_set_top_down(Batcher *b, bool top_down);
/* Draws what is pending. batcher_end = flush; also leaves the scissor test off. */
void batcher_flush(Batcher *b);
void batcher_end(Batcher *b);

/* Texture that solid shapes and glyphs use, and the uv of one of its white texels. */
void batcher_set_atlas(Batcher *b, GLuint atlas, float white_u, float white_v);

/* Alpha blending on (the default after batcher_begin) or off (opaque copies such as the
 * field texture); flushes when it changes. */
void batcher_set_blend(Batcher *b, bool on);
/* Blending (when on) of colors whose RGB is already multiplied by their alpha, as a layer
 * drawn onto a transparent target holds them (the source over the target: 1, 1 - alpha); off
 * (straight alpha) by default after batcher_begin. */
void batcher_set_premultiplied(Batcher *b, bool on);

/* Clip to a pixel rectangle (flushes when it changes); batcher_clip_off removes the clip. */
void batcher_clip(Batcher *b, int x, int y, int w, int h);
/* Sets GL's scissor to the batcher's clip, else to its frame when it draws into a rect, else
 * off: what other drawing on the batcher's target (line markers) must respect too. */
void batcher_apply_scissor(const Batcher *b);
void batcher_clip_off(Batcher *b);
/* Restricts all drawing on the target, through every later begin, clip and clear, to the
 * rectangle at GL pixel (x, y) (bottom-left origin) of w x h, until batcher_limit_off: the
 * window's redraw of a damaged region (render/canvas_record.h). Flushes when it changes. */
void batcher_set_limit(Batcher *b, int x, int y, int w, int h);
void batcher_limit_off(Batcher *b);

void batcher_tri(Batcher *b, float x0, float y0, float x1, float y1, float x2, float y2, Rgba c);
/* A solid triangle with a color per vertex (xy = x0, y0, x1, y1, x2, y2), interpolated. */
void batcher_tri_colors(Batcher *b, const float *xy, Rgba c0, Rgba c1, Rgba c2);
void batcher_rect(Batcher *b, float x, float y, float w, float h, Rgba c);
/* An opaque rectangle of whole pixels as a (scissored) clear: what is pending is drawn first.
 * Software GL clears tiles without shading them, so a large background costs next to nothing;
 * the clip and the rectangle of batcher_begin_rect apply. */
void batcher_clear_rect(Batcher *b, int x, int y, int w, int h, Rgba c);
/* A textured quad: tex = 0 means the atlas. (u0, v0) maps to (x0, y0). */
void batcher_quad_uv(Batcher *b, GLuint tex, float x0, float y0, float x1, float y1, float u0,
                   float v0, float u1, float v1, Rgba c);
/* The tex_w x tex_h texture tex, an image of view was (row 0 at its bottom, or at its top
 * where top_down: RenderTarget.top_down), drawn where
 * was's world box lies in view now (pixels of the current rectangle, which is now's): texel
 * for pixel, nearest, where the two have the same scale and the texture was's size (a pan:
 * the same pixels, moved), else magnified or shrunk, linear. With the blending set; drawn
 * before it returns (tex's filter left linear). */
void batcher_view_image(Batcher *b, GLuint tex, int tex_w, int tex_h, bool top_down,
                        const View *was, const View *now);
/* A quad of a line's strip, two triangles (l0, l1, r1) and (l0, r1, r0) of the corners
 * xy = l0, r0, l1, r1 (its left and right edges l0 -> l1 and r0 -> r1), drawn in c with an
 * alpha of c.a * clamp(k - |s|, 0, 1) (k >= 1) at each pixel, s interpolated in each triangle
 * from -k on the left edge to k on the right: c.a across its middle, a ramp to transparent
 * along either edge. Where the edges lie at equal distances either side of a line (the quad
 * of a segment, its ends mitred), s is that distance (scaled): the alpha of a line of
 * constant width, two triangles where vertex colors would need six. Queued in order with
 * everything else (a switch to or from these flushes). */
void batcher_ramp_quad(Batcher *b, const float *xy, float k, Rgba c);
/* Filled convex polygon (either winding) with a 1-px anti-aliased rim outside it. n <= 64. */
void batcher_convex(Batcher *b, const float *xy, int n, Rgba c);
/* Rounded rectangle, anti-aliased. */
void batcher_round_rect(Batcher *b, float x, float y, float w, float h, float r, Rgba c);

#endif
