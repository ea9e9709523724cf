/* render.h - one frame of losslens: the contour field, the trajectories and the overlays
 * (critical-point markers, start/current markers and step arrows, axes with nice ticks, the
 * title and the legend), composed onto any framebuffer.
 *
 * Caching, so a frame costs what changed: the field is rendered into a texture only when the
 * landscape, view, levels or size change (data landscapes: at reduced resolution while the view
 * moves, refined in bands once it settles); the trajectories accumulate in a scene layer that
 * receives only the segments added since the last frame. Needs a current GL 3.3 context.
 */
#ifndef LOSSLENS_RENDER_H
#define LOSSLENS_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "render/batcher.h"
#include "render/colormap.h"
#include "render/field.h"
#include "render/font.h"
#include "render/traj.h"
#include "render/view.h"
#include "run/run.h"

enum { RENDER_MAX_RUNS = 16, RENDER_PALETTE_SIZE = 7 };

/* What to draw. The runs are drawn up to their current point count (run->n). */
typedef struct {
    const Landscape *ls;
    View view;           /* the view's w, h must equal the target's size */
    int levels;          /* contour bands; 0 = COLORMAP_LEVELS_DEFAULT */
    const Run *runs;     /* n_runs runs, colored by index from the palette */
    int n_runs;
    bool plain;          /* no axes, legend or labels */
    bool interacting;    /* the view is moving: cheap field for data landscapes */
    bool show_status;    /* the play/pause pill with the key hints (the window) */
    bool playing;        /* for the status text */
    double speed;        /* steps per second, for the status text */
    long max_steps;      /* the runs' step budget, for the status text (0 = none) */
} RenderScene;

typedef struct {
    char data_dir[1024];
    float ui_scale;
    Batcher batch;
    Font font;
    TrajRenderer traj;
    FieldRenderer field;
    /* The field: `low` (data landscapes while moving) and `full` targets. */
    RenderTarget low, full;
    const Landscape *f_ls;
    View f_view;
    int f_levels;
    float f_ui;
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
    const Run *scene_runs;
    int scene_n_runs;
    TrajBuffer bufs[RENDER_MAX_RUNS];
    long drawn[RENDER_MAX_RUNS]; /* segments of each run in the layer */
    /* Counters for tests and benchmarks. */
    long field_renders, field_rows_rendered, scene_rebuilds;
} Renderer;

/* Finds the data directory, builds every program, opens the fonts at 20 px x ui_scale.
 * On failure returns false with one line in err and leaves nothing allocated. */
bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen);
void render_free(Renderer *r);

/* Reopens the fonts for a new HiDPI / size scale (no-op when unchanged). */
bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen);

/* Draws scene onto framebuffer fbo (0 = the window) of w x h pixels, through the caches (field
 * texture, scene layer). false with a message only when a field program cannot be built. */
bool render_frame(Renderer *r, const RenderScene *scene, GLuint fbo, int w, int h, char *err,
                  size_t errlen);

/* One image, no caches: the field straight into t at full resolution, every segment of every
 * run, then the overlays (the export and the tests). The scene's view is resized to t. */
bool render_image(Renderer *r, const RenderScene *scene, const RenderTarget *t, char *err,
                  size_t errlen);

/* True while the field is being refined: keep sending frames. */
bool render_busy(const Renderer *r);

/* Forgets everything drawn from the runs (call after restarting or replacing them). */
void render_invalidate_runs(Renderer *r);

/* The field's resolution divisor while the view moves: 1 for closed-form landscapes; for data
 * landscapes it grows with the dataset (cost per pixel), about sqrt(n / 8), in [2, 8]. */
int render_low_res_div(const Landscape *ls);

/* Color of run i (Okabe-Ito, colorblind-safe), as 0..1 RGBA. */
void render_run_color(int i, float rgba[4]);

/* The legend text of a run: "Adam  α = 0.05, β₁ = 0.9, β₂ = 0.999" and
 * "step 200 · loss 1.234e-05 · converged at step 80". */
void render_run_label(const Run *run, char *title, size_t tlen, char *status, size_t slen);

#endif
