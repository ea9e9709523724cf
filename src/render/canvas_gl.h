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
#include "render/canvas.h"
#include "render/font.h"
#include "render/traj.h"

/* A canvas drawing with b, t and f (which it does not own and which must outlive it); the
 * batcher must be bound to f's atlas (font_bind). NULL when out of memory. */
Canvas *canvas_gl_create(Batcher *b, TrajRenderer *t, Font *f);

#endif
