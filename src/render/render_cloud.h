/* render_cloud.h - inside the GL backend only: a pane's cloud of seeded copies (RenderCloud),
 * kept up to date while a frame is prepared and drawn when the pane is presented (render.c's
 * RenderPane holds one). Draws with the renderer's batcher at its ui scale.
 */
#ifndef LOSSLENS_RENDER_CLOUD_H
#define LOSSLENS_RENDER_CLOUD_H

#include <assert.h>
#include <stdbool.h>

#include "figure/plot.h"
#include "render/batcher.h"
#include "render/damage.h"
#include "render/field.h"

static_assert(PLOT_MAX_RUNS <= 32, "RenderCloud.mask holds a bit per run");

/* A final segment of a cloud copy's line, waiting to be drawn into the cloud layer. */
typedef struct {
    long key;  /* plot_cloud_segment_final's: the layer draws segments in key order */
    int path;  /* RenderCloud.paths' index */
    int v;     /* the segment ends at that path's vertex v */
} RenderCloudSeg;

/* One pane's cloud (figure/plot.h): every copy's line read so far and a layer holding its
 * final segments (plot_cloud_segment_final), drawn in key order (ties: run, copy, vertex) in
 * premultiplied color over transparent, each when it becomes final. Presenting composites the
 * layer over the pane (only its tiles that hold anything: the rest would leave every pixel as
 * it is), then draws each copy's last segments (plot_cloud_last_line) over it:
 * the same triangles, in the same order at every pixel, as drawing every final segment at
 * once in that order, then the rest (render_image: the tests' reference). A key is the index
 * of a copy's point, so that holds while the copies advance together, as the session's clock
 * moves them (one that fell behind and caught up later would lie over later steps' segments;
 * a rewind redraws the layer). Zero is empty. */
typedef struct {
    RenderTarget layer;
    bool valid, shown;    /* the layer matches the key below; it holds a cloud to show */
    const Run *runs;      /* the PlotScene's cloud, cloud_k, ... it was drawn from */
    int k, n_runs;
    unsigned mask;        /* the runs whose copies it holds */
    unsigned char colors[PLOT_MAX_RUNS];
    unsigned gen;         /* PlotScene.generation */
    View view;
    float scale;
    PlotCloudPath *paths; /* n_runs x k: run i's copy c at [i * k + c] */
    int *next;            /* paths[j]'s first vertex whose segment is not in the layer */
    RenderCloudSeg *segs; /* scratch: the segments of one update */
    long n_segs, cap_segs;
    DamageGrid ink;       /* the layer's tiles that hold anything (the rest is transparent) */
    PixelBox *ink_rects;  /* damage_grid_rects of ink: where present composites the layer */
    int n_ink_rects;
    DamageGrid tails;     /* the pane's tiles the last segments were last drawn over */
    DamageGrid changed;   /* scratch: the tiles one update changed */
    long rebuilds;        /* for tests */
    /* While the pane's view moves (render_direct.h): the cloud as it was when the move
     * began, the layer with every copy's last segments, for c->view (premultiplied). */
    RenderTarget frozen;
    bool frozen_valid;
} RenderCloud;

/* Frees everything c holds and zeroes it. */
void render_cloud_free(RenderCloud *c);

/* Brings pane cache c up to sc's cloud (sc->view sized w x h): reads every copy's new points
 * and draws the segments they made final into the layer, in key order (the whole layer again
 * when c was drawn from something else). Marks in marks (when not NULL; a w x h grid) the tiles
 * of the pane's pixels that changed (all of them when the layer was redrawn or the cloud
 * went away): each final segment's, so that a cloud spread over the pane damages about what
 * its copies moved over, not their hull. */
void render_update_cloud(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc, int w,
                         int h, DamageGrid *marks);

/* Draws (draw: onto the bound framebuffer, the batcher begun on the pane; only those that
 * meet *within, pane pixels, when not NULL) or measures (marks not NULL: the tiles of the
 * pixels each may touch marked there) each copy's last segments, not in the layer yet. */
void render_cloud_tails(Batcher *b, float scale, const RenderCloud *c, const PlotScene *sc,
                        bool draw, const PixelBox *within, DamageGrid *marks);

/* render_update_cloud for the pane's cache c (sc->view sized w x h), and adds to damage (may
 * be NULL), moved by (dx, dy), boxes covering the pane's pixels that render_cloud_present will
 * draw differently from its last call: the segments made final and each copy's last segments
 * as they were last time and as they are now, to the tile (c->tails keeps the latter). */
void render_cloud_prepare(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc, int w,
                          int h, int dx, int dy, DamageList *damage);

/* The cloud over the pane at (x, y, w, h) of the bound fb_h-tall framebuffer (within the
 * batcher's limit): the layer composited, then the copies' last segments. */
void render_cloud_present(Batcher *b, float scale, const RenderCloud *c, const PlotScene *sc,
                          int x, int y, int w, int h, int fb_h);

/* Freezes the cloud as it is for c->view (sc's cloud, sc->view being c->view: the layer
 * and each copy's last segments) into c->frozen, for render_cloud_present_moved while the
 * pane's view moves; the layer and its tracking are left as they are (brought up to the
 * view that rests by render_cloud_prepare). No-op when there is no cloud; false when out of
 * memory (then nothing is shown). */
bool render_cloud_freeze(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc);

/* The frozen cloud composited over the pane at (x, y, w, h) of the bound fb_h-tall
 * framebuffer where its view's box lies in view now: moved by whole pixels, texel for pixel
 * (nearest), or magnified (linear). */
void render_cloud_present_moved(Batcher *b, const RenderCloud *c, const View *now, int x,
                                int y, int w, int h, int fb_h);

#endif
