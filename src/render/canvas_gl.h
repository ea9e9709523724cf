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
#include "render/font.h"
#include "render/traj.h"

/* What draws canvas_plot on GL (render.c's cached panes): plot draws sc's base into the
 * rectangle of the bound framebuffer (target_w x target_h) and leaves the canvas begun on
 * the whole of it; busy says whether a plot is still refining. */
typedef struct {
    bool (*plot)(void *user, int slot, const struct PlotScene *sc, int x, int y, int w, int h,
                 int target_w, int target_h, char *err, size_t errlen);
    bool (*busy)(const void *user);
    void *user;
} CanvasGlPlotter;

/* A canvas drawing with b, t and f (which it does not own and which must outlive it) and
 * plotting with *plotter (copied); the batcher must be bound to f's atlas (font_bind). Its
 * scale is 1 until the owner sets it. NULL when out of memory. */
Canvas *canvas_gl_create(Batcher *b, TrajRenderer *t, Font *f, const CanvasGlPlotter *plotter);

#endif
