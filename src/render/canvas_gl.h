/* canvas_gl.h - the Canvas over OpenGL: shapes, text and translucent lines go into the one
 * batcher (glyphs from the font's atlas), strokes and dots into the line renderer's markers
 * (shaders/line.frag). The two queues are flushed in call order, so the painter's order of
 * the interface holds; a composition that groups its shapes and its strokes costs a few
 * draw calls. Needs a current GL 3.3 context.
 *
 * canvas_begin is batcher_begin(_rect) + traj_begin(_rect) on the bound framebuffer; a
 * caller that began those itself (the window) may draw through the canvas directly.
 */
#ifndef LOSSLENS_CANVAS_GL_H
#define LOSSLENS_CANVAS_GL_H

#include "render/batcher.h"
#include "figure/canvas.h"
#include "render/damage.h"
#include "render/font.h"
#include "render/traj.h"

/* What draws canvas_plot on GL (render.c's cached panes), in two parts so that a recorded
 * frame (render/canvas_record.h) can bring the caches up to date before it knows what to
 * redraw: prepare updates slot's cached plot of sc for the rectangle (x, y, w, h) of a
 * target_w x target_h target, drawing only offscreen, and adds to *damage (when not NULL) the
 * boxes of the target whose pixels the plot will draw differently from the last time the slot
 * was presented; present draws the prepared plot into that rectangle of the bound framebuffer,
 * within the batcher's limit, and leaves the canvas begun on the whole target. busy says
 * whether a plot is still refining. */
typedef struct {
    bool (*prepare)(void *user, int slot, const struct PlotScene *sc, int x, int y, int w, int h,
                    int target_w, int target_h, DamageList *damage, char *err, size_t errlen);
    bool (*present)(void *user, int slot, const struct PlotScene *sc, int x, int y, int w,
                    int h, int target_w, int target_h, char *err, size_t errlen);
    bool (*busy)(const void *user);
    void *user;
} CanvasGlPlotter;

/* A canvas drawing with b, t and f (which it does not own and which must outlive it) and
 * plotting with *plotter (copied); the batcher must be bound to f's atlas (font_bind). Its
 * scale is 1 until the owner sets it. NULL when out of memory. Its canvas_plot is prepare
 * then present. */
Canvas *canvas_gl_create(Batcher *b, TrajRenderer *t, Font *f, const CanvasGlPlotter *plotter);

/* Restricts everything c draws on its target, from now on and whatever it is begun on or
 * clipped to, to box (target pixels, y down; NULL lifts it): see batcher_set_limit. The
 * target is the one of c's last begin. */
void canvas_gl_limit(Canvas *c, const PixelBox *box);

/* Segments first .. last - 1 (segment k joins vertices k - 1 and k; 1 <= first < last <= n)
 * of the open line through the n finite points xy, queued on b as canvas_polyline's mitred
 * strip draws them (width pixels wide, col), vertex for vertex: the ends of segment k depend
 * on vertices k - 2 .. k + 1 only. So a strip can be drawn in pieces, each given those
 * neighbours, over several calls or frames, and the pieces give exactly the triangles, hence
 * the pixels, of the strip drawn at once (where a sharp turn folds a strip over itself, drawn
 * in the same order). */
void canvas_gl_strip(Batcher *b, const float *xy, int n, int first, int last, float width,
                     Rgba col);

/* The plotter's two parts on c (see CanvasGlPlotter). */
bool canvas_gl_plot_prepare(Canvas *c, int slot, const struct PlotScene *sc, int x, int y,
                            int w, int h, DamageList *damage, char *err, size_t errlen);
bool canvas_gl_plot_present(Canvas *c, int slot, const struct PlotScene *sc, int x, int y,
                            int w, int h, char *err, size_t errlen);

#endif
