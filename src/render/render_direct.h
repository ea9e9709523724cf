/* render_direct.h - inside the GL backend only: a pane drawn straight onto the target while
 * its view moves (RenderPane.direct; render.c decides when). Every frame of a drag, a wheel
 * turn or a key's pan or zoom changes all of a pane's pixels, and copying the scene layer
 * into the window costs llvmpipe as much as the field itself; so the pane skips the layer:
 * the last field rendered (for RenderPane.f_view) moved or magnified to where its world box
 * now lies, its colour scale held, the field's program over what that uncovers, then the
 * basins, critical points and every kept segment. When the view rests, render.c renders the
 * field for it (its own colour scale) and rebuilds the layer.
 */
#ifndef LOSSLENS_RENDER_DIRECT_H
#define LOSSLENS_RENDER_DIRECT_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "render/render_types.h"

/* Whether pane p may be drawn straight onto the target for sc: sc's view is moving
 * (PlotScene.interacting) and has left the field's view (or left it before, p->direct), and
 * a field of the same landscape, levels and look is at hand. */
bool render_direct_ok(const Renderer *r, const RenderPane *p, const PlotScene *sc);

/* Brings p's paths' buffers (the same runs: render.c forgets them when they change) up to
 * sc's runs at about its view's level of detail (one that a zoom left within an octave of
 * it is kept: at most half a pixel off the path). */
void render_direct_sync(RenderPane *p, const PlotScene *sc);

/* Pane p drawn straight onto fbo (fb_w x fb_h) at (x, y, w, h) (pixels, y down; sc->view is
 * w x h), within clip (GL x0, y0, x1, y1): the old field moved (whole pixels, nearest texel:
 * the same pixels) or magnified (linear); the strips it uncovers with the held colour scale
 * (a data landscape's from a reduced field of the view, rendered there only: its program
 * loops over the data at every pixel); the basins, critical points, every segment and the
 * tails. Leaves fbo bound. false with a message only when a field program cannot be built. */
bool render_direct_present(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                           int fb_w, int fb_h, int x, int y, int w, int h, const int clip[4],
                           char *err, size_t errlen);

#endif
