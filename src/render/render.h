/* render.h - the OpenGL backend of the figure's Canvas: the programs, the batcher, the font
 * atlas and the trajectory renderer are one `Renderer`, whose canvas (r->canvas) the figure
 * composer (figure/figure.h) draws through. Each pane's plot base (canvas_plot: the field,
 * critical points and trajectories) has its own cache, a `RenderPane`, so a frame costs what
 * changed in it: the field is rendered into a texture only when the landscape, view, levels
 * or size change (data landscapes: at reduced resolution while the view moves, refined in
 * bands once it settles); the trajectories accumulate in a scene layer that receives only
 * the segments added since the last frame, and the cloud of seeded copies in a layer of its
 * own composited over it (RenderCloud). Needs a current GL 3.3 context.
 *
 * The CPU backend is render/canvas_soft.h; neither knows the other.
 */
#ifndef LOSSLENS_RENDER_H
#define LOSSLENS_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/plot.h"
#include "landscape/landscape.h"
#include "render/field.h"
#include "render/render_types.h"
#include "ui/ui.h"

/* Finds the data directory, builds every program, opens the fonts at 20 px x ui_scale.
 * On failure returns false with one line in err and leaves nothing allocated. */
bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen);
void render_free(Renderer *r);

/* Reopens the fonts for a new HiDPI / size scale (no-op when unchanged). */
bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen);

void render_pane_init(RenderPane *p);
void render_pane_free(RenderPane *p);

/* Draws scene into rect (drawable pixels, y down; its size must be the view's) of
 * framebuffer fbo (0 = the window, or a target that is not top_down: rows as GL has them),
 * fb_w x fb_h pixels, through the pane's caches. In two
 * parts, so drawings can go between the plot and its labels:
 *   render_pane_base   the field, critical points and trajectories (the cached layer);
 *   render_pane_decor  start and current markers, step arrows, axes, the landscape's name
 *                      and formula, the legend of the enabled runs and the status pill.
 *                      (figure/pane.h's pane_draw_decor on r->canvas).
 * render_pane does both. false with a message only when a field program cannot be built.
 * Leave fbo bound. */
bool render_pane(Renderer *r, RenderPane *p, const PlotScene *scene, GLuint fbo, int fb_w,
                 int fb_h, UiRect rect, char *err, size_t errlen);
bool render_pane_base(Renderer *r, RenderPane *p, const PlotScene *scene, GLuint fbo,
                      int fb_w, int fb_h, UiRect rect, char *err, size_t errlen);
void render_pane_decor(Renderer *r, const PlotScene *scene, GLuint fbo, int fb_w, int fb_h,
                       UiRect rect);

/* True while the pane's field is being refined: keep sending frames. */
bool render_pane_busy(const RenderPane *p);
/* Forgets everything drawn from the runs (PlotScene.generation does this too). */
void render_pane_invalidate_runs(RenderPane *p);

/* The single-pane API (r->main covering the whole w x h target): render_pane with
 * rect = (0, 0, w, h), render_pane_busy and render_pane_invalidate_runs of r->main. */
bool render_frame(Renderer *r, const PlotScene *scene, GLuint fbo, int w, int h, char *err,
                  size_t errlen);
bool render_busy(const Renderer *r);
/* Forgets the runs drawn in every cached pane (r->main and the canvas's slots). */
void render_invalidate_runs(Renderer *r);

/* Starts a frame on the window's w x h back buffer: framebuffer 0 bound, viewport, no
 * scissor, r->canvas begun on the whole of it (figure_draw clears what it needs), and
 * r->record recording a frame for it (canvas_record_replay draws it). */
void render_begin_frame(Renderer *r, int w, int h);
/* The window's back buffer as drawn so far (everything queued flushed): a malloc'ed RGBA
 * image of w x h pixels, bottom row first (caller frees); NULL when out of memory. */
unsigned char *render_read_frame(Renderer *r, int w, int h);

/* One image, no caches (the tests' reference for the cached path), drawn as a pane is: the
 * field at full resolution, the critical points and every segment of every run (at the same
 * level of detail as the panes) into a layer kept top down, copied into t (bottom row first,
 * as a window); the tails, the cloud's final segments at once (RenderCloud) and the
 * decorations on t. The scene's view is resized to t / to rect, which is a rectangle of t
 * (pixels, y down). */
bool render_image(Renderer *r, const PlotScene *scene, const RenderTarget *t, char *err,
                  size_t errlen);
bool render_image_rect(Renderer *r, const PlotScene *scene, const RenderTarget *t,
                       UiRect rect, char *err, size_t errlen);

#endif
