/* render_types.h - the GL backend's state: the Renderer (shared GL objects) and a pane's
 * caches (RenderPane, with its cloud: render_cloud.h), below render.h's API so that its
 * parts (render.c, render_direct.c, render_paths.c) share them without including each other.
 * What they hold and when it is redrawn: render.h.
 */
#ifndef LOSSLENS_RENDER_TYPES_H
#define LOSSLENS_RENDER_TYPES_H

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
#include "render/soft.h"
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
    /* A data landscape's field computed on the CPU before its upload into `full`, kept for
     * the next view (8 MB at full HD: allocated and cleared once, not at every change). */
    SoftCanvas cpu_field;
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
    /* While the view moves (PlotScene.interacting), the pane is drawn straight onto the
     * target each frame, from the last field (its colour scale held) and the paths' buffers;
     * the scene layer is stale until the view settles (render.c, render_direct_present);
     * a data landscape's strips uncovered meanwhile come from a reduced field, `draft`. */
    bool direct;
    RenderTarget draft;
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

#endif
