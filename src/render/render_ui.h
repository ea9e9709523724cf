/* render_ui.h - the immediate-mode UI (src/ui) drawn through the renderer's canvas: the text
 * metrics the UI measures with, and the walk over a frame's command list (filled and rounded
 * rects, outlines, text, triangles, clip rectangles).
 */
#ifndef LOSSLENS_RENDER_UI_H
#define LOSSLENS_RENDER_UI_H

#include "render/render.h"
#include "ui/ui.h"

/* Metrics backed by r's canvas: text at a size is measured (and drawn) with the face whose
 * pixel size is nearest, so what the UI measures is what render_ui draws. r must outlive
 * the UI context (and its font may be reopened: the callbacks ask r->canvas each time). */
UiTextMetrics render_ui_metrics(Renderer *r);

/* Draws the commands of ui's last frame onto the fb_w x fb_h target (GL: the bound
 * framebuffer), beginning r->canvas on the whole of it. */
void render_ui(Renderer *r, const UiContext *ui, int fb_w, int fb_h);

#endif
