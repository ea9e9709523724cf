/* canvas_soft.h - the Canvas on the CPU: render/soft.h's shapes, polylines and FreeType
 * text on an RGBA image, with no GL and no SDL. Strokes are the line shader's capsules
 * (halo, then core); polylines blend once (soft_polyline). Everything draws at once: flush
 * has nothing to do. The fonts are opened on the first call that needs them, so a figure
 * without text never reads a font file.
 */
#ifndef LOSSLENS_CANVAS_SOFT_H
#define LOSSLENS_CANVAS_SOFT_H

#include "figure/canvas.h"
#include "render/soft.h"

/* A canvas drawing onto img (not owned; it must outlive the canvas) at UI scale `scale`
 * (the faces of data_dir/assets/fonts at 20 px x scale), computing plot fields on `threads`
 * threads (<= 0: 2). Starts framed on the whole image. NULL when out of memory. */
Canvas *canvas_soft_create(SoftCanvas *img, const char *data_dir, float scale, int threads);
/* The same on a w x h opaque black image of its own (freed with the canvas), with the
 * installed data directory's fonts. NULL with a message (bad size, out of memory, no data
 * directory). Needs no display, GL or SDL video. */
Canvas *canvas_soft_open(int w, int h, float scale, int threads, char *err, size_t errlen);
/* The image a canvas_soft canvas draws on. */
SoftCanvas *canvas_soft_image(Canvas *c);
/* Draws at another UI scale from now on (the fonts reopen on first use). */
void canvas_soft_set_scale(Canvas *c, float scale);

/* Why drawing fell short, or NULL: the fonts could not be opened (text then draws nothing
 * and measures 0). c must be a canvas_soft_create canvas. */
const char *canvas_soft_error(const Canvas *c);

#endif
