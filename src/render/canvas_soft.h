/* canvas_soft.h - the Canvas on the CPU: render/soft.h's shapes, polylines and SDL2_ttf text
 * on an RGBA image, with no GL and no SDL video. Strokes are the line shader's capsules
 * (halo, then core); polylines blend once (soft_polyline). Everything draws at once: flush
 * has nothing to do. The fonts are opened on the first call that needs them, so a figure
 * without text never reads a font file.
 */
#ifndef LOSSLENS_CANVAS_SOFT_H
#define LOSSLENS_CANVAS_SOFT_H

#include "render/canvas.h"
#include "render/soft.h"

/* A canvas drawing onto img (not owned; it must outlive the canvas) with the faces of
 * data_dir/assets/fonts at base_px (20 at UI scale 1). Starts framed on the whole image.
 * NULL when out of memory. */
Canvas *canvas_soft_create(SoftCanvas *img, const char *data_dir, float base_px);

/* Why drawing fell short, or NULL: the fonts could not be opened (text then draws nothing
 * and measures 0). c must be a canvas_soft_create canvas. */
const char *canvas_soft_error(const Canvas *c);

#endif
