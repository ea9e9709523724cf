/* app.h - what the window and the PNG export share: where things go on the screen for a
 * session (the title band, the panes with their loss plots, the control panel, the
 * timeline), the renderer's description of one pane, and writing a PNG.
 */
#ifndef LOSSLENS_APP_H
#define LOSSLENS_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/session.h"
#include "render/overlay.h"
#include "render/render.h"
#include "ui/screen.h"

typedef struct {
    int w, h;        /* drawable size */
    float ui_scale;  /* 1 at 1080 lines; 2 on HiDPI */
    bool panel;      /* the control panel on the right */
    bool timeline;   /* the timeline strip along the bottom */
} AppLayoutDesc;

typedef struct {
    Screen screen;   /* plot and loss rect of each pane, the panel, the timeline */
    UiRect title;    /* the band with the scene's title and caption (zero height without) */
} AppLayout;

/* Control panel width and timeline height at UI scale 1, and the share of a pane's height
 * its loss plot takes when the scene's OVERLAY_LOSS_PLOT bit is on (but never less than
 * APP_LOSS_MIN_H at UI scale 1, scaled, nor more than half the pane). */
enum { APP_PANEL_W = 400, APP_TIMELINE_H = 44, APP_PANE_GAP = 4, APP_LOSS_MIN_H = 130 };
static const float APP_LOSS_FRAC = 0.28f;

/* Lays out s on a d->w x d->h drawable: the grid of the scene's layout (single, 1x2 side by
 * side, 2x2) left of the panel, under the title band, above the timeline. r measures the
 * title and caption. */
AppLayout app_layout(Renderer *r, const Session *s, const AppLayoutDesc *d);

/* The renderer's description of pane p as it is now (its view, levels, runs, which of them
 * are enabled, the session's generation). */
RenderScene app_render_scene(const Session *s, int p);

/* Pane p's overlays as the scene's toggles ask, drawn with r's canvas inside plot: the point
 * overlays (directions, Taylor model, eigenvectors) at point, or at the selected run's
 * current point when point is NULL; the minibatch contours of the selected run; the cloud of
 * every enabled stochastic run. */
void app_draw_overlays(Renderer *r, const Session *s, int p, UiRect plot, const double *point,
                       OverlayCache *cache);

/* Pane p's HUD in its loss rect: the loss plot, with the run table and the selected run's
 * inspector beside it when there is room. */
void app_draw_hud(Renderer *r, const Session *s, int p, UiRect loss);

/* Writes w x h RGBX rows (bottom-up, as glReadPixels returns them; the 4th byte is dropped)
 * to path through a temporary file renamed into place. false with a message on failure
 * (and no file left behind). */
bool app_write_png(const char *path, const unsigned char *rgbx, int w, int h, char *err,
                   size_t errlen);

#endif
