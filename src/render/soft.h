/* soft.h - a software (CPU) canvas for exporting figures without OpenGL: an opaque RGBA8 image
 * with anti-aliased shapes, thick polylines, text (FreeType, laid out as SDL2_ttf lays out the window's) and the
 * contour field computed per pixel with the same arithmetic as the GPU (render/colormap.h).
 *
 * Coordinates are pixels, x right, y down, (0, 0) the top-left corner of pixel (0, 0); pixel
 * (i, j) is sampled at its centre (i + 0.5, j + 0.5), like View and the GL rasterizer. Colors
 * are UiColor with straight alpha: every primitive blends src over the canvas with alpha =
 * coverage * color.a / 255 and leaves the canvas opaque. Nothing here includes GL.
 */
#ifndef LOSSLENS_SOFT_H
#define LOSSLENS_SOFT_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "lecture/colormap.h"
#include "lecture/surface.h"
#include "lecture/view.h"
#include "ui/ui.h"

/* Row 0 is the top; rgba holds w * h * 4 bytes, rows tightly packed (stride w * 4). The clip
 * rectangle [clip_x0, clip_x1) x [clip_y0, clip_y1) bounds every drawing call. The remaining
 * members are scratch space of soft_polyline; callers leave them alone. */
typedef struct {
    int w, h;
    unsigned char *rgba;
    int clip_x0, clip_y0, clip_x1, clip_y1;
    unsigned char *cov; /* w * h coverage, all zero between calls (lazily allocated) */
    int *span;          /* per row: first and last column with coverage (2 * h) */
} SoftCanvas;

/* Allocates a w x h canvas (w, h > 0, at most 2^28 pixels) filled with opaque black, clip =
 * whole canvas; large canvases ask for transparent huge pages (a fresh 1920x1080 canvas
 * faults in ~40x faster). Returns false (and leaves *c empty) when out of memory or the size
 * is out of range. */
bool soft_canvas_init(SoftCanvas *c, int w, int h);
/* Frees the pixels; *c becomes empty (safe on an empty canvas). */
void soft_canvas_free(SoftCanvas *c);

/* Fills the whole clip rectangle with col, alpha ignored (the canvas stays opaque). */
void soft_clear(SoftCanvas *c, UiColor col);

/* Restricts drawing to the pixels of [x, x + w) x [y, y + h) intersected with the canvas;
 * soft_clip_off restores the whole canvas. */
void soft_clip(SoftCanvas *c, int x, int y, int w, int h);
void soft_clip_off(SoftCanvas *c);

/* An axis-aligned rectangle; fractional edges get partial (area) coverage. */
void soft_rect(SoftCanvas *c, float x, float y, float w, float h, UiColor col);
/* The same with corners of radius r (clamped to half the shorter side), anti-aliased. */
void soft_round_rect(SoftCanvas *c, float x, float y, float w, float h, float r, UiColor col);
/* A convex polygon of n >= 3 points (xy = x0, y0, x1, y1, ...), either winding, with 1-px
 * anti-aliased edges. Fewer points, or a degenerate polygon, draw nothing. */
void soft_convex(SoftCanvas *c, const float *xy, int n, UiColor col);
/* A disc of radius r at (x, y): coverage clamp(r + 0.5 - d, 0, 1) at distance d from the
 * centre, the look of the GL line shader's dots. */
void soft_disc(SoftCanvas *c, float x, float y, float r, UiColor col);
/* A polyline through n points of width `width`, round joins and caps, blended ONCE as a
 * whole (where it overlaps itself it is not darker): coverage clamp(width / 2 + 0.5 - d, 0, 1)
 * at distance d from the nearest segment, like shaders/line.frag. n == 1 draws a dot. A
 * segment with a non-finite end is skipped; huge coordinates are clipped in double first.
 * A trajectory with a halo is two calls: the halo (width 2 * (core + halo), dark, its
 * alpha), then the core (width 2 * core). */
void soft_polyline(SoftCanvas *c, const float *xy, int n, float width, UiColor col);

/* ---- Text (soft_text.c) ----------------------------------------------------------------- */

/* The faces of the GL font (render/font.h), at the same pixel sizes. */
typedef enum {
    SOFT_FACE_BODY,  /* base_px,        DejaVu Sans */
    SOFT_FACE_SMALL, /* base_px * 0.85, DejaVu Sans */
    SOFT_FACE_TITLE, /* base_px * 1.2,  DejaVu Sans Bold */
    SOFT_FACE_COUNT
} SoftFace;

typedef struct SoftFont SoftFont;

/* Opens assets/fonts/DejaVuSans.ttf and DejaVuSans-Bold.ttf under data_dir at the GL font's
 * sizes for base_px (20 at UI scale 1), with FreeType (no SDL): the same line heights,
 * advances, kerning and glyph pixels as SDL2_ttf gives render/font.c. NULL with a message
 * naming the file on failure. */
SoftFont *soft_font_open(const char *data_dir, float base_px, char *err, size_t errlen);
/* Closes the faces and FreeType and frees the glyph cache. NULL is ok. */
void soft_font_close(SoftFont *f);

/* Height of one line of a face in pixels (SDL2_ttf's TTF_FontHeight), and the face's pixel size. */
int soft_font_line_height(const SoftFont *f, SoftFace face);
int soft_font_px(const SoftFont *f, SoftFace face);
/* Width in pixels of UTF-8 text (advances plus kerning), as font_measure gives. */
float soft_text_measure(SoftFont *f, SoftFace face, const char *utf8);
/* Draws UTF-8 text with the top-left of its line box at (x, y), snapped to whole pixels like
 * the GL font; glyph coverage times col.a is blended. Returns the width (soft_text_measure).
 * Glyphs are rasterized once and cached; malformed UTF-8 draws U+FFFD, missing glyphs '?'. */
float soft_text_draw(SoftCanvas *c, SoftFont *f, SoftFace face, float x, float y,
                     const char *utf8, UiColor col);

/* ---- The contour field (soft_field.c) ---------------------------------------------------- */

/* Fills the canvas (whatever the clip) with ls's field in view v (v->w, v->h must equal the
 * canvas size): per pixel centre, f and the gradient from one ls->eval, then
 * colormap_fwidth(fs, f, gx, gy, v->scale) and colormap_shade(fs, f, fw) rounded to bytes,
 * bit for bit. Rows are split between `threads` threads (<= 0: 2; the caller's thread works
 * too); the bytes do not depend on the thread count. Returns false (nothing drawn) only when
 * the size does not match or fs->levels is outside 1..COLORMAP_LEVELS_MAX. Data landscapes
 * cost hundreds of loss terms per pixel: seconds at 1920x1080. */
bool soft_field(SoftCanvas *c, const Landscape *ls, const View *v, const FieldScale *fs,
                int threads);
/* The same into the v->w x v->h pixels whose top-left is pixel (x, y) of the canvas (one pane
 * of several): false (nothing drawn) when they do not lie inside it. */
bool soft_field_at(SoftCanvas *c, int x, int y, const Landscape *ls, const View *v,
                   const FieldScale *fs, int threads);
/* soft_field_at for a smooth landscape that is costly to evaluate (the data landscapes),
 * adaptively: f, its gradient and Hessian are evaluated at the corners of 32-pixel cells and
 * f within each cell comes from the bicubic Hermite spline through them (f, f_x, f_y, f_xy at
 * the corners). A cell is split in four, down to 4 pixels, below which each pixel is
 * evaluated itself (so also wherever f or a derivative is not finite), where the spline
 * misses the exact f at its centre pixel, or the quintic Hermite through an edge's ends
 * (with their second derivatives) at the edge's midpoint, by more than a thousandth of a
 * pixel's worth of the gradient. Each pixel is shaded as soft_field shades it, from the
 * spline's f and gradient, but one whose colour could jump (a band edge) within the cell's
 * error is evaluated itself: the colours match the exact field's within 1/255
 * (tests/test_soft.c), at a few thousand evaluations instead of one per pixel. threads as
 * for soft_field. */
bool soft_field_smooth_at(SoftCanvas *c, int x, int y, const Landscape *ls, const View *v,
                          const FieldScale *fs, int threads);

/* The smooth field's top-level nodes: ls at the view's lattice (view_lattice_point), f, its
 * gradient and Hessian (landscape_eval_fast), evaluated on `threads` threads (as for
 * soft_field). f holds the values alone, nx * ny row by row: colormap_fit_view fits the
 * colour scale to these very values, so a caller that has the nodes fits from f
 * (colormap_fit_values) and draws from them, without evaluating them twice. */
typedef struct {
    const Landscape *ls;
    View view;
    int nx, ny;
    struct SoftNode *node;
    double *f;
} SoftNodes;
/* false (n zeroed) out of memory or for an empty view. Free with soft_nodes_free. */
bool soft_nodes_eval(SoftNodes *n, const Landscape *ls, const View *v, int threads);
void soft_nodes_free(SoftNodes *n);
/* The order of a field's bytes in each pixel: R, G, B, A as the canvas holds them, or B, G,
 * R, A, the layout of the window's GL targets on the desktop (glplat_color_target_image),
 * which take them as they are. */
typedef enum { SOFT_RGBA, SOFT_BGRA } SoftByteOrder;
/* soft_field_smooth_at of the nodes' landscape and view, from the nodes: the same bytes, in
 * that order. */
bool soft_field_nodes_at(SoftCanvas *c, int x, int y, const SoftNodes *nodes,
                         const FieldScale *fs, SoftByteOrder order, int threads);

/* ---- The surface in 3D (soft_surface.c) ------------------------------------------------ */

/* Fills the w x h pixels whose top-left is pixel (x, y) of the canvas with ls's surface in
 * 3D (lecture/surface.h) seen through cam on map m: the background, the floor with the
 * projected contours, the lit surface, depth-tested per pixel, shaded by surface_shade with
 * the colors' scale fs (as shaders/surface.frag). false (nothing drawn) when the rectangle
 * is not inside the canvas or out of memory. */
bool soft_surface_at(SoftCanvas *c, int x, int y, int w, int h, const Landscape *ls,
                     const SurfaceMap *m, const Camera3D *cam, const FieldScale *fs);

#endif
