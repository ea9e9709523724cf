/* render.h - losslens' plots: the contour field, the trajectories and their decorations
 * (critical-point markers, start/current markers and step arrows, axes with nice ticks, the
 * landscape's name and formula and the legend), composed onto any target, one pane at a time
 * into a rectangle of it.
 *
 * Everything but the field and the trajectories is drawn through the renderer's Canvas
 * (render/canvas.h), so one composition serves two backends:
 *  - GL (render_init): the window. The shared parts (programs, the batcher, the font, the
 *    trajectory renderer) are one `Renderer`; each pane on screen has its own cache, a
 *    `RenderPane`, so a frame costs what changed in it: the field is rendered into a texture
 *    only when the landscape, view, levels or size change (data landscapes: at reduced
 *    resolution while the view moves, refined in bands once it settles); the trajectories
 *    accumulate in a scene layer that receives only the segments added since the last frame.
 *    Needs a current GL 3.3 context.
 *  - CPU (render_init_cpu): figures without GL or SDL video (the PNG export). The field is
 *    render/soft.h's soft_field (the shader's arithmetic), the trajectories canvas polylines;
 *    one image, no caches.
 */
#ifndef LOSSLENS_RENDER_H
#define LOSSLENS_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "render/batcher.h"
#include "render/canvas.h"
#include "lecture/colormap.h"
#include "render/field.h"
#include "render/font.h"
#include "render/soft.h"
#include "render/traj.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/palette.h"
#include "ui/ui.h"

enum { RENDER_MAX_RUNS = 16, RENDER_PALETTE_SIZE = PALETTE_SIZE };

/* What to draw in one pane. The runs are drawn up to their current point count (run->n). */
typedef struct {
    const Landscape *ls;
    View view;           /* the view's w, h must equal the pane's size */
    int levels;          /* contour bands; 0 = COLORMAP_LEVELS_DEFAULT */
    const Run *runs;     /* n_runs runs, colored by index from the palette */
    int n_runs;
    const bool *enabled; /* NULL: every run; else run i is drawn (and listed) when enabled[i] */
    unsigned generation; /* a change means the runs were replaced or rewound: redraw them */
    bool plain;          /* no axes, legend or labels */
    bool interacting;    /* the view is moving: cheap field for data landscapes */
    bool show_status;    /* the play/pause pill with the key hints (the window) */
    bool playing;        /* for the status text */
    double speed;        /* steps per second, for the status text */
    long max_steps;      /* the runs' step budget, for the status text (0 = none) */
    long step;           /* the clock, for the status text (< 0: the longest run's step) */
    bool presenter;      /* for a projector: contour lines RENDER_PRESENTER_LINE_ALPHA times
                          * more opaque (at most 1), the legend's and status pill's panels at
                          * alpha RENDER_PRESENTER_PANEL_ALPHA, trajectories
                          * RENDER_PRESENTER_PATH times as wide (ui_scale already makes text
                          * and lines bigger) */
} RenderScene;

#define RENDER_PRESENTER_LINE_ALPHA 1.6f
#define RENDER_PRESENTER_PATH 1.4f
enum { RENDER_PRESENTER_PANEL_ALPHA = 235 };

/* One pane's cache. Zero-initialize with render_pane_init; free with render_pane_free. */
typedef struct {
    /* The field: `low` (data landscapes while moving) and `full` targets. */
    RenderTarget low, full;
    const Landscape *f_ls;
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
    const Run *scene_runs;
    int scene_n_runs;
    unsigned run_gen;     /* RenderScene.generation the layer was drawn from */
    unsigned enabled_mask; /* which runs the layer holds */
    TrajBuffer bufs[RENDER_MAX_RUNS];
    long drawn[RENDER_MAX_RUNS]; /* segments of each run in the layer */
    /* Counters for tests and benchmarks. */
    long field_renders, field_rows_rendered, scene_rebuilds;
} RenderPane;

typedef struct {
    char data_dir[1024];
    float ui_scale;
    Canvas *canvas;       /* what the composition draws through: GL over batch, traj and
                           * font, or CPU onto image */
    bool cpu;             /* made by render_init_cpu: the GL members are unused */
    /* GL (render_init) */
    Batcher batch;
    Font font;
    TrajRenderer traj;
    FieldRenderer field;
    RenderPane main;      /* the pane of render_frame */
    RenderTarget scratch; /* render_image_rect's pane-sized image */
    TrajBuffer img_bufs[RENDER_MAX_RUNS];
    /* CPU (render_init_cpu) */
    SoftCanvas image;     /* the picture, opaque RGBA, top row first */
    int threads;          /* for the field */
    /* Totals over every pane, for tests and benchmarks. */
    long field_renders, field_rows_rendered, scene_rebuilds;
} Renderer;

/* GL: finds the data directory, builds every program, opens the fonts at 20 px x ui_scale.
 * On failure returns false with one line in err and leaves nothing allocated. */
bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen);
/* The CPU renderer: a w x h opaque image (black) and a CPU canvas on it, fonts (20 px x
 * ui_scale) opened on first use, fields computed on `threads` threads (<= 0: 2). Needs no
 * display, GL or SDL video. false with one line in err (no data directory, a bad size, out
 * of memory), leaving nothing allocated. Of the drawing calls it takes render_cpu_pane(_base),
 * render_pane_decor, render_title_band and the composition through the canvas (hud.h,
 * overlay.h, render_ui.h), none of the GL ones. */
bool render_init_cpu(Renderer *r, float ui_scale, int w, int h, int threads, char *err,
                     size_t errlen);
/* Either kind. */
void render_free(Renderer *r);

/* CPU: draws a whole pane into rect of the image (pixels, y down; the scene's view is resized
 * to it): render_cpu_pane_base, the field, the critical points and every segment of every
 * enabled run, then render_pane_decor (overlays go between the two). false with a message
 * when rect does not lie inside the image (or out of memory). */
bool render_cpu_pane(Renderer *r, const RenderScene *scene, UiRect rect, char *err,
                     size_t errlen);
bool render_cpu_pane_base(Renderer *r, const RenderScene *scene, UiRect rect, char *err,
                          size_t errlen);
/* CPU: false with the message when drawing fell short of the picture (the fonts could not be
 * opened, so text is missing). */
bool render_cpu_check(const Renderer *r, char *err, size_t errlen);

/* Reopens the fonts for a new HiDPI / size scale (no-op when unchanged). */
bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen);

void render_pane_init(RenderPane *p);
void render_pane_free(RenderPane *p);

/* GL: draws scene into rect (drawable pixels, y down; its size must be the view's) of
 * framebuffer fbo (0 = the window), fb_w x fb_h pixels, through the pane's caches. In two
 * parts, so drawings can go between the plot and its labels:
 *   render_pane_base   the field, critical points and trajectories (the cached layer);
 *   render_pane_decor  start and current markers, step arrows, axes, the landscape's name
 *                      and formula, the legend of the enabled runs and the status pill.
 * render_pane does both. false with a message only when a field program cannot be built.
 * Leave fbo bound. render_pane_decor serves the CPU renderer too (fbo ignored; fb_w x fb_h
 * the image's size). */
bool render_pane(Renderer *r, RenderPane *p, const RenderScene *scene, GLuint fbo, int fb_w,
                 int fb_h, UiRect rect, char *err, size_t errlen);
bool render_pane_base(Renderer *r, RenderPane *p, const RenderScene *scene, GLuint fbo,
                      int fb_w, int fb_h, UiRect rect, char *err, size_t errlen);
void render_pane_decor(Renderer *r, const RenderScene *scene, GLuint fbo, int fb_w, int fb_h,
                       UiRect rect);

/* True while the pane's field is being refined: keep sending frames. */
bool render_pane_busy(const RenderPane *p);
/* Forgets everything drawn from the runs (RenderScene.generation does this too). */
void render_pane_invalidate_runs(RenderPane *p);

/* The single-pane API (r->main covering the whole w x h target): render_pane with
 * rect = (0, 0, w, h), render_pane_busy and render_pane_invalidate_runs of r->main. */
bool render_frame(Renderer *r, const RenderScene *scene, GLuint fbo, int w, int h, char *err,
                  size_t errlen);
bool render_busy(const Renderer *r);
void render_invalidate_runs(Renderer *r);

/* GL, one image, no caches: the field straight into t at full resolution, every segment of
 * every run, then the decorations (the tests' reference for the cached path). The scene's
 * view is resized to t / to rect, which is a rectangle of t (pixels, y down). */
bool render_image(Renderer *r, const RenderScene *scene, const RenderTarget *t, char *err,
                  size_t errlen);
bool render_image_rect(Renderer *r, const RenderScene *scene, const RenderTarget *t,
                       UiRect rect, char *err, size_t errlen);

/* The band above the panes with a scene's title (bold) and caption (wrapped to the width, at
 * most 3 lines). Height 0 when both are empty. Drawing fills the band's background, on the
 * fb_w x fb_h target (GL: the bound framebuffer; CPU: the image). Either kind. */
float render_title_height(Renderer *r, const char *title, const char *caption, float width);
void render_title_band(Renderer *r, const char *title, const char *caption, int fb_w, int fb_h,
                       UiRect rect);

/* The field's resolution divisor while the view moves: 1 for closed-form landscapes; for data
 * landscapes it grows with the dataset (cost per pixel), about sqrt(n / 8), in [2, 8]. */
int render_low_res_div(const Landscape *ls);
/* The CPU field's sampling step (soft_field_sampled_at) for a pane h pixels high: 1, every
 * pixel, for closed-form landscapes; for data landscapes, where each pixel is a pass over
 * the dataset, about sqrt(n / 16) (logistic 4, tiny-net 2), at most h / 135 (a smaller pane
 * puts more of the landscape between nodes), in [1, 4]. Within that the interpolated field
 * matches the exact one but for a few contour-line pixels, by 1/255 (tests/test_soft.c). */
int render_cpu_field_step(const Landscape *ls, int h);

/* Color of run i (ui/palette.h's table), as 0..1 RGBA. */
void render_run_color(int i, float rgba[4]);

/* The legend text of a run: "Adam  α = 0.05, β₁ = 0.9, β₂ = 0.999" and
 * "step 200 · loss 1.234e-05 · converged at step 80". */
void render_run_label(const Run *run, char *title, size_t tlen, char *status, size_t slen);

#endif
