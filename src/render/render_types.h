/* render_types.h - the GL backend's state: the Renderer (shared GL objects) and a pane's
 * caches (RenderPane, with its cloud: RenderCloud), below render.h's API so that its parts
 * (render.c, render_cloud.c, render_direct.c, render_paths.c) share them without including
 * each other. What they hold and when it is redrawn: render.h.
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
#include "render/surface_gl.h"
#include "render/font.h"
#include "render/traj.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/palette.h"
#include "ui/ui.h"

enum { RENDER_MAX_RUNS = PLOT_MAX_RUNS, RENDER_PALETTE_SIZE = PLOT_PALETTE_SIZE };
static_assert(RENDER_MAX_RUNS <= 32, "RenderCloud.mask holds a bit per run");

/* A final segment of a cloud copy's line, waiting to be drawn into the cloud layer. */
typedef struct {
    long key;  /* plot_cloud_segment_final's: the layer draws segments in key order */
    int path;  /* RenderCloud.paths' index */
    int v;     /* the segment ends at that path's vertex v */
} RenderCloudSeg;

/* One pane's cloud (figure/plot.h): every copy's line read so far and a layer holding its
 * final segments (plot_cloud_segment_final), drawn in key order (ties: run, copy, vertex) in
 * premultiplied color over transparent, each when it becomes final. Presenting composites the
 * layer over the pane, then draws each copy's last segments (plot_cloud_last_line) over it:
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
    unsigned char colors[RENDER_MAX_RUNS];
    unsigned gen;         /* PlotScene.generation */
    View view;
    float scale;
    PlotCloudPath *paths; /* n_runs x k: run i's copy c at [i * k + c] */
    int *next;            /* paths[j]'s first vertex whose segment is not in the layer */
    PixelBox *moved;      /* scratch: paths[j]'s segments drawn in one update */
    RenderCloudSeg *segs; /* scratch: the segments of one update */
    long n_segs, cap_segs;
    DamageList tails;     /* the pane's pixels the last segments were last drawn over */
    long rebuilds;        /* for tests */
} RenderCloud;

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
