/* render_paths.h - inside the GL backend only: the runs' paths drawn from their buffers
 * (TrajBuffer, render/traj.h) onto the bound framebuffer, halos first, then cores, and the
 * boxes of pixels they may touch (render.c's scene layer and tails, render_direct.c).
 */
#ifndef LOSSLENS_RENDER_PATHS_H
#define LOSSLENS_RENDER_PATHS_H

#include "render/damage.h"
#include "render/render_types.h"

/* The pixels (of the pane, y down) that segments first .. last-1 of b and the cores
 * redrawn before them (render_segments) may touch. */
PixelBox render_segments_box(Renderer *r, const PlotScene *sc, const TrajBuffer *b,
                             long first, long last);

/* Draws segments first .. last-1 of run i's buffer b onto the bound framebuffer: first their
 * dark halos, then their colored cores, so a dense run of tiny steps stays its color. The
 * cores of the segments before first within reach of the new halos are drawn again, since
 * those halos cover them (the simplified path's segments are at least a fraction of a pixel
 * long, so these are a few, whatever the run's length). */
void render_segments(Renderer *r, const PlotScene *sc, int i, const TrajBuffer *b, long first,
                     long last);

/* The final segments of each run not drawn yet (drawn) onto the bound framebuffer; returns
 * the box of the pixels they may have changed. */
PixelBox render_new_segments(Renderer *r, const PlotScene *sc, TrajBuffer *bufs, long *drawn);

/* Each run's last segment, the one ending at its tail (which may still move), onto the bound
 * framebuffer: drawn every frame over the scene layer, never into it. */
void render_tails(Renderer *r, const PlotScene *sc, const TrajBuffer *bufs);

/* The pixels of the pane render_tails may touch. */
PixelBox render_tails_box(Renderer *r, const PlotScene *sc, const TrajBuffer *bufs);

#endif
