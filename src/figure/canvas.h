/* canvas.h - the one drawing interface the figure is composed on: the plots, the pane
 * decorations, the title band, the HUD, the overlays and the UI draw through a Canvas, and two
 * backends implement it: OpenGL (render/canvas_gl.h: the batcher, the line markers, the glyph
 * atlas and cached field textures) for the window, and the CPU (render/canvas_soft.h) for the
 * PNG and GIF exports. The composer (figure/figure.h) never knows which one it draws on.
 *
 * Coordinates are pixels of the current frame (canvas_begin), x right, y down, (0, 0) its
 * top-left corner; pixel (i, j) is sampled at its centre. Colors have straight alpha and
 * blend source-over in call order (painter's order, whatever the backend batches). What
 * lands outside the frame, or outside the clip, is not drawn. GL-free: libc only.
 */
#ifndef LOSSLENS_CANVAS_H
#define LOSSLENS_CANVAS_H

#include <stdbool.h>
#include <stddef.h>

/* 8-bit straight-alpha color. */
typedef struct {
    unsigned char r, g, b, a;
} Rgba;

/* A stroke as shaders/line.frag draws it: a core of `radius` pixels in `color` (0..1 RGBA)
 * with a 1-px anti-aliased edge, over a halo `halo` pixels wider in CANVAS_HALO_GRAY at
 * `halo_alpha` (0: none). Core over halo is composited first, then blended once. */
typedef struct {
    float color[4];
    float radius, halo, halo_alpha;
} LineStyle;

/* The halo's gray (each of r, g, b, 0..1): dark enough to outline a line on every band of
 * the colormap. */
#define CANVAS_HALO_GRAY 0.06f

/* The three faces: DejaVu Sans at base_px (body), 0.85 base_px (small) and DejaVu Sans Bold
 * at 1.2 base_px (title); base_px is 20 at UI scale 1. */
typedef enum {
    FONT_BODY,  /* legend text */
    FONT_SMALL, /* axis labels, hints */
    FONT_TITLE, /* bold title line */
    FONT_FACE_COUNT
} FontFace;

typedef struct Canvas Canvas;
struct PlotScene; /* figure/plot.h */

/* Panes a backend may keep caches for (canvas_plot's slot). */
enum { CANVAS_MAX_SLOTS = 8 };

/* A backend. Every entry is required; the canvas_* wrappers below are the calls to use. */
typedef struct {
    const char *name; /* "gl", "cpu" */
    void (*destroy)(Canvas *c);
    void (*begin)(Canvas *c, int target_w, int target_h, int x, int y, int w, int h);
    void (*flush)(Canvas *c);
    void (*clip)(Canvas *c, int x, int y, int w, int h);
    void (*clip_off)(Canvas *c);
    void (*rect)(Canvas *c, float x, float y, float w, float h, Rgba col);
    void (*round_rect)(Canvas *c, float x, float y, float w, float h, float r, Rgba col);
    void (*convex)(Canvas *c, const float *xy, int n, Rgba col);
    void (*stroke)(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s);
    void (*polyline)(Canvas *c, const float *xy, int n, float width, Rgba col);
    float (*text)(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col);
    float (*measure)(Canvas *c, FontFace face, const char *utf8);
    int (*line_height)(Canvas *c, FontFace face);
    int (*face_px)(Canvas *c, FontFace face);
    bool (*plot)(Canvas *c, int slot, const struct PlotScene *sc, int x, int y, int w, int h,
                 char *err, size_t errlen);
    bool (*busy)(const Canvas *c);
} CanvasVTable;

/* The base every backend embeds first. */
struct Canvas {
    const CanvasVTable *vt;
    float scale; /* the UI scale it draws at: fonts are 20 px x scale; figures size lines,
                  * markers and gaps by it. Set by the backend (and its set_scale). */
};

/* Frees the backend's own state (not what it draws onto). NULL is ok. */
void canvas_destroy(Canvas *c);

/* Starts drawing into the w x h rectangle at (x, y) of a target_w x target_h target (GL: the
 * bound framebuffer; CPU: the image, whose size it must be): coordinates become relative to
 * the rectangle, nothing lands outside it, no clip. Flushes what was pending. */
void canvas_begin(Canvas *c, int target_w, int target_h, int x, int y, int w, int h);
/* Draws everything pending (GL) and leaves the target as a begin found it (no scissor). */
void canvas_flush(Canvas *c);

/* Restricts drawing to [x, x + w) x [y, y + h) of the frame; canvas_clip_off lifts it. */
void canvas_clip(Canvas *c, int x, int y, int w, int h);
void canvas_clip_off(Canvas *c);

/* Axis-aligned rectangle (fractional edges partly covered). */
void canvas_rect(Canvas *c, float x, float y, float w, float h, Rgba col);
/* Rectangle with corners of radius r (clamped to half the shorter side), anti-aliased. */
void canvas_round_rect(Canvas *c, float x, float y, float w, float h, float r, Rgba col);
/* Convex polygon of n points (xy = x0, y0, x1, y1, ...; 3 <= n <= 64), either winding, with a
 * 1-px anti-aliased edge. */
void canvas_convex(Canvas *c, const float *xy, int n, Rgba col);
/* A capsule from (x0, y0) to (x1, y1) in style s (a dot when the ends coincide). Strokes
 * blend one by one: where translucent ones overlap they darken. */
void canvas_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s);
/* A dot of style s at (x, y); canvas_disc: a plain disc of radius r. */
void canvas_dot(Canvas *c, float x, float y, const LineStyle *s);
void canvas_disc(Canvas *c, float x, float y, float r, Rgba col);
/* A line through n >= 2 points, `width` pixels wide with a 1-px anti-aliased edge, blended
 * ONCE as a whole: a translucent line does not darken where its segments meet (the cloud,
 * the minibatch contours, the CPU trajectories). Non-finite points break the line. */
void canvas_polyline(Canvas *c, const float *xy, int n, float width, Rgba col);

/* UTF-8 text with the top-left of its line box at (x, y) (snapped to whole pixels); returns
 * its width, which canvas_measure gives without drawing. Glyphs the font lacks draw '?'. */
float canvas_text(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col);
float canvas_measure(Canvas *c, FontFace face, const char *utf8);
/* A face of a canvas as util/text.h's TextMeasure wants it: canvas_measure_bytes(&(CanvasFace)
 * {c, face}, s, n) is the width of the n bytes at s (at most 1023 of them). */
typedef struct {
    Canvas *c;
    FontFace face;
} CanvasFace;
float canvas_measure_bytes(void *canvas_face, const char *s, size_t n);

/* Height of a face's line box, and its pixel size, in pixels. */
int canvas_line_height(Canvas *c, FontFace face);
int canvas_face_px(Canvas *c, FontFace face);

/* The base of one pane's plot: the field of sc->ls over sc->view (already sized w x h), the
 * critical points (plot_crit_markers), every enabled run's path up to its point count and
 * over them the cloud of the runs' seeded copies (figure/plot.h),
 * into the w x h rectangle at (x, y) of the target the canvas was begun on (canvas_begin's
 * target_w x target_h). slot (0 .. CANVAS_MAX_SLOTS - 1) names the pane from frame to frame,
 * so a backend may cache: GL keeps each slot's field texture and the path segments drawn so
 * far, and adds only the new ones. Flushes what was pending first; afterwards the canvas is
 * begun on the whole target again. false with a message when the backend cannot draw it. */
bool canvas_plot(Canvas *c, int slot, const struct PlotScene *sc, int x, int y, int w, int h,
                 char *err, size_t errlen);
/* True while a plot is still being refined (GL: a data landscape's field, band by band):
 * draw another frame. */
bool canvas_busy(const Canvas *c);

/* 0..1 components of an 8-bit color, for a LineStyle. */
void canvas_color_f(Rgba c, float out[4]);

#endif
