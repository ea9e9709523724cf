/* render_cloud.h - inside the GL backend only: a pane's cloud (RenderCloud, render.h), kept
 * up to date while a frame is prepared and drawn when the pane is presented (render.c).
 */
#ifndef LOSSLENS_RENDER_CLOUD_H
#define LOSSLENS_RENDER_CLOUD_H

#include <stdbool.h>

#include "render/damage.h"
#include "render/render.h"

/* Frees everything c holds and zeroes it. */
void render_cloud_free(RenderCloud *c);

/* Brings pane cache c up to sc's cloud (sc->view sized w x h): reads every copy's new points
 * and draws the segments they made final into the layer, in key order (the whole layer again
 * when c was drawn from something else). Marks in marks (when not NULL; a w x h grid) the tiles
 * of the pane's pixels that changed (all of them when the layer was redrawn or the cloud
 * went away): each final segment's, so that a cloud spread over the pane damages about what
 * its copies moved over, not their hull. */
void render_update_cloud(Renderer *r, RenderCloud *c, const PlotScene *sc, int w, int h,
                         DamageGrid *marks);

/* Draws (draw: onto the bound framebuffer, the batcher begun on the pane; only those that
 * meet *within, pane pixels, when not NULL) or measures (marks not NULL: the tiles of the
 * pixels each may touch marked there) each copy's last segments, not in the layer yet. */
void render_cloud_tails(Renderer *r, const RenderCloud *c, const PlotScene *sc, bool draw,
                        const PixelBox *within, DamageGrid *marks);

/* render_update_cloud for the pane's cache c (sc->view sized w x h), and adds to damage (may
 * be NULL), moved by (dx, dy), boxes covering the pane's pixels that render_cloud_present will
 * draw differently from its last call: the segments made final and each copy's last segments
 * as they were last time and as they are now, to the tile (c->tails keeps the latter). */
void render_cloud_prepare(Renderer *r, RenderCloud *c, const PlotScene *sc, int w, int h,
                          int dx, int dy, DamageList *damage);

/* The cloud over the pane at (x, y, w, h) of the bound fb_h-tall framebuffer (within the
 * batcher's limit): the layer composited, then the copies' last segments. */
void render_cloud_present(Renderer *r, const RenderCloud *c, const PlotScene *sc, int x, int y,
                          int w, int h, int fb_h);

#endif
