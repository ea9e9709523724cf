/* ui_draw.h - the immediate-mode UI (src/ui) drawn through a canvas: the text
 * metrics the UI measures with, and the walk over a frame's command list (filled and rounded
 * rects, outlines, text, triangles, clip rectangles).
 */
#ifndef LOSSLENS_UI_DRAW_H
#define LOSSLENS_UI_DRAW_H

#include "figure/canvas.h"
#include "ui/ui.h"

/* Metrics backed by cv: text at a size is measured (and drawn) with the face whose
 * pixel size is nearest, so what the UI measures is what ui_draw_commands draws. cv must outlive
 * the UI context (and its font may be reopened: the callbacks ask cv each time). */
UiTextMetrics ui_draw_metrics(Canvas *cv);

/* Draws the commands of ui's last frame onto the fb_w x fb_h target (GL: the bound
 * framebuffer), beginning cv on the whole of it. */
void ui_draw_commands(Canvas *cv, const UiContext *ui, int fb_w, int fb_h);

#endif
