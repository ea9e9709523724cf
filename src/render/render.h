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

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "render/basin_gl.h"
#include "render/damage.h"
#include "render/batcher.h"
#include "figure/canvas.h"
#include "figure/plot.h"
#include "lecture/colormap.h"
#include "render/field.h"
#include "render/render_cloud.h"
#include "render/surface_gl.h"
#include "render/font.h"
#include "render/traj.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/palette.h"
#include "ui/ui.h"

enum { RENDER_MAX_RUNS = PLOT_MAX_RUNS, RENDER_PALETTE_SIZE = PLOT_PALETTE_SIZE };

/* One pane's cache. Zero-initialize with render_pane_init; free with render_pane_free. */
typedef struct {
    /* The field: `low` (data landscapes while moving) and `full` targets. */
    RenderTarget low, full;
    const Landscape *f_ls;
    uint64_t f_fn; /* landscape_fingerprint(f_ls): a typed function's text and parameters */
    View f_view;
    int f_levels;
    float f_ui;
    bool f_presenter;
    FieldScale f_scale;
    bool f_valid;
    bool full_ready;      /* full holds the current key completely */
    int refine_row;       /* next band of full to render while refining */
    int refine_band;      /* rows per refinement step, adapted to the measured speed */
    unsigned f_gen;       /* bumps whenever the displayed field changes */
    /* The scene layer: field + critical points + trajectory segments drawn so far. */
    RenderTarget scene;
    unsigned scene_gen;   /* f_gen the layer was built from */
    bool scene_valid;
    float scene_ui;       /* ui scale the layer was drawn at */
    bool scene_presenter; /* ... and whether in presenter mode */
    const struct BasinLayer *scene_basins; /* ... and the basins overlay's map */
    unsigned scene_basins_gen;
    const Run *scene_runs;
    int scene_n_runs;
    unsigned run_gen;     /* PlotScene.generation the layer was drawn from */
    unsigned enabled_mask; /* which runs the layer holds */
    TrajBuffer bufs[RENDER_MAX_RUNS];
    long drawn[RENDER_MAX_RUNS]; /* segments of each run in the layer */
    PixelBox tails_box;   /* the pane's pixels the tails were last drawn over */
    /* Counters for tests and benchmarks. */
    long field_renders, field_rows_rendered, scene_rebuilds;
    SurfacePane surf; /* the 3D mode's mesh and picture (PlotScene.surface) */
    RenderCloud cloud; /* the cloud over the paths */
} RenderPane;

typedef struct {
    char data_dir[1024];
    float ui_scale;
    Canvas *canvas;       /* the GL canvas over batch, traj and font; its canvas_plot draws a
                           * pane's base through slots[slot] */
    Canvas *record;       /* a recorder replaying on canvas (render/canvas_record.h): the
                           * window draws its frames through it */
    Batcher batch;
    Font font;
    TrajRenderer traj;
    FieldRenderer field;
    SurfaceRenderer surface;
    BasinGl basin;        /* the basins overlay's GPU engine (&basin.engine for basinview) */
    RenderPane slots[CANVAS_MAX_SLOTS]; /* canvas_plot's caches, one per pane on screen */
    RenderPane main;      /* the pane of render_frame */
    RenderTarget scratch; /* render_image_rect's pane-sized image */
    TrajBuffer img_bufs[RENDER_MAX_RUNS];
    RenderCloud img_cloud; /* render_image_rect's cloud, drawn whole each time */
    /* Totals over every pane, for tests and benchmarks. */
    long field_renders, field_rows_rendered, scene_rebuilds;
} Renderer;

/* Finds the data directory, builds every program, opens the fonts at 20 px x ui_scale.
 * On failure returns false with one line in err and leaves nothing allocated. */
bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen);
void render_free(Renderer *r);

/* Reopens the fonts for a new HiDPI / size scale (no-op when unchanged). */
bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen);

void render_pane_init(RenderPane *p);
void render_pane_free(RenderPane *p);

/* Draws scene into rect (drawable pixels, y down; its size must be the view's) of
 * framebuffer fbo (0 = the window), fb_w x fb_h pixels, through the pane's caches. In two
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

/* One image, no caches: the field straight into t at full resolution, every segment of
 * every run (at the same level of detail as the panes), the cloud's final segments at once
 * (RenderCloud), then the decorations (the tests' reference for the cached path). The scene's view is resized to t / to rect, which is a
 * rectangle of t (pixels, y down). */
bool render_image(Renderer *r, const PlotScene *scene, const RenderTarget *t, char *err,
                  size_t errlen);
bool render_image_rect(Renderer *r, const PlotScene *scene, const RenderTarget *t,
                       UiRect rect, char *err, size_t errlen);

/* The field's resolution divisor while the view moves: 1 for closed-form landscapes; for data
 * landscapes it grows with the dataset (cost per pixel), about sqrt(n / 8), in [2, 8]. */
int render_low_res_div(const Landscape *ls);
#endif
