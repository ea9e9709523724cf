/* session.h - the live state of the window, without SDL or GL: the scene's panes with their
 * runs and views, one clock for all panes, play/pause and speed, the timeline, the selected
 * run. Every lecturer action (click a start point, move a slider, step, step back, scrub,
 * pan, zoom) is a function here, so it is testable without a display; the window only
 * translates events and draws. libc + cglm only.
 *
 * The clock: session.step is the step every run is shown at. Runs hold exactly the history
 * up to the clock (fewer points only when they stopped early); stepping back rewinds them
 * to the exact earlier state, stepping forward computes the same bits again.
 */
#ifndef LOSSLENS_SESSION_H
#define LOSSLENS_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/scene.h"
#include "lecture/surface.h"
#include "lecture/view.h"
#include "run/run.h"

/* Which runs' α follows the landscape. A run's α follows it while nobody chose it: given[i]
 * is the rate the session last gave run i from a landscape's defaults (spec_default_lr), NAN
 * once α was chosen (a scene's or --opt's lr key, the slider, a typed value: any lr that no
 * longer equals given[i]). When the pane's landscape changes, run i gets the α chosen for it
 * on the new landscape (memo, when the lecturer comes back to a landscape with the same
 * optimizer), else the new landscape's default rate. The landscapes are the dropdown's
 * entries: every typed function is LANDSCAPE_TYPED, so a rate chosen on one typed function
 * stays when the text changes. */
typedef struct {
    double given[SCENE_MAX_RUNS];
    double memo[SCENE_MAX_RUNS][LANDSCAPE_COUNT + 1];        /* NAN: none chosen there */
    unsigned char memo_kind[SCENE_MAX_RUNS][LANDSCAPE_COUNT + 1]; /* the OptimKind it was for */
} PaneRates;

typedef struct {
    PaneDesc desc;                  /* landscape, start and run descs: sliders edit these */
    PaneRates rates;                /* whose α follows the landscape */
    bool enabled[SCENE_MAX_RUNS];   /* disabled runs are neither stepped nor drawn */
    unsigned char color[SCENE_MAX_RUNS]; /* each run's palette index: a run keeps its color
                                          * when others are added or removed */
    Run runs[SCENE_MAX_RUNS];       /* desc.n_runs of them, always initialised */
    Run *cloud;   /* desc.n_runs * cloud_k runs: seeded copies of the stochastic runs
                     (run i's copy c at [i * cloud_k + c]; opt == NULL where run i is exact) */
    int cloud_k;
    int cloud_runs; /* how many runs the cloud was made for */
    LandscapeTyped *typed; /* owned: the typed function desc.ls points to, or NULL (its
                              parameter values follow desc.typed at every session_apply) */
    ViewBox home;                   /* the window the view fits on reset */
    View view;
    bool has_view;                  /* view has been fitted to a viewport */
    int inset_left, inset_bottom;   /* the axis strips it was fitted inside */
    bool view_moved;                /* panned or zoomed since the last fit: keep it */
    struct BasinLayer *basins;      /* owned (one allocation): the basins overlay's map of
                                       this pane (lecture/basinview.h), or NULL */
    /* The 3D mode (desc.surface): the orbit camera, once moved (else the default camera of
     * session_surface_map's map), and whether the height is linear in L. */
    Camera3D cam;
    bool cam_moved;
    float surface_clear[4]; /* the plot's rectangle the box keeps clear of (the legend's
                               panel; figure_fit_views sets it), Camera3D.clear */
    bool linear_height;
} Pane;

typedef struct {
    SceneDesc scene;  /* title, caption, layout, overlays, link, cloud (panes live below) */
    Pane panes[SCENE_MAX_PANES];
    int n_panes;
    long step;        /* the clock */
    long max_step;    /* the timeline's end: the clock never passes it */
    bool playing;
    double speed;     /* steps per second */
    double pending;   /* fractional steps owed by advance() */
    int selected_pane, selected_run;
    int levels;       /* contour bands */
    double f_tol;     /* the run table's "steps to L < tol" threshold */
    unsigned generation; /* bumps whenever runs are replaced or rewound (renderers resync) */
    /* Lazy (the window): computing runs up to the clock spends at most `budget` steps (set
     * per frame by the caller, decremented as runs step); what is left waits for
     * session_catch_up, and the runs show as far as they got. Not lazy (the default, the
     * exports and tests): every call computes everything at once. */
    bool lazy;
    long budget;
    /* Not lazy: session_seek steps the runs (each on its own, so the same bits in any order)
     * on up to this many threads, the caller's among them (the exports: the cores); <= 1
     * (the default) the caller's alone. */
    int threads;
    struct SweepLayer *sweep; /* owned (one allocation): the sweep pane's map of the selected
                                 run (lecture/sweepview.h), or NULL */
    struct SurfaceMapMemo *surface_maps; /* owned (one allocation, SCENE_MAX_PANES of them):
                                            session_surface_map's memo per pane, or NULL */
} Session;

/* session_surface_map's memo of one pane: the map and what it was computed from. The map is
 * a function of exactly these (the colour scale's fit samples the landscape over the home
 * window), so it is computed again exactly when one of them differs. */
typedef struct SurfaceMapMemo {
    bool valid;
    const Landscape *ls;
    uint64_t fn;      /* landscape_fingerprint(ls): a typed function's parameters */
    ViewBox home;
    int levels;
    bool linear;
    SurfaceMap map;
    long fits;        /* how many times it was computed (for tests) */
} SurfaceMapMemo;

/* The most memory the trajectories of a session may take: a scene whose runs (with the cloud
 * copies of its stochastic runs) would need more over the whole timeline is refused up front. */
#define SESSION_MEMORY_LIMIT ((size_t)1 << 30)

/* The bytes of trajectory that scene's runs and their cloud copies hold at step max_step. */
size_t session_memory_need(const SceneDesc *scene, long max_step);
/* true when session_memory_need fits SESSION_MEMORY_LIMIT; else false with a message that
 * names the need, the limit and the most steps that would fit. */
bool session_check_memory(const SceneDesc *scene, long max_step, char *err, size_t errlen);
/* After a seek: false with "out of memory ..." when a run (or cloud copy) that has not stopped
 * is short of the clock, i.e. its trajectory could not grow; never a silently short figure. */
bool session_check_complete(const Session *s, char *err, size_t errlen);

/* Sets up every pane of scene (runs at their starts, step 0). speed 0: 30 steps/s; max_step
 * 0: 100000. false with a message on out-of-memory, nothing left allocated. */
bool session_init(Session *s, const SceneDesc *scene, double speed, long max_step, char *err,
                  size_t errlen);
void session_free(Session *s);

/* The scene as it is now (panes' current descs and starts), e.g. for saving. */
void session_scene(const Session *s, SceneDesc *out);

/* Fits pane p's view to a viewport of w x h pixels: the first time, after session_reset_view,
 * and on any change of size or strips until the view is panned or zoomed, to its home window, inside the strips of `left` and `bottom` pixels that
 * the axes cover (view_fit_inset), afterwards keeping centre and scale. The home window holds
 * the pane's start point well inside it. */
void session_layout_pane(Session *s, int p, int w, int h, int left, int bottom);
void session_reset_view(Session *s, int p);

/* Sets pane p's start point (every pane's when linked) and restarts its runs. A click
 * (keep_clock false) sends the clock back to step 0, so the runs animate from the new start;
 * dragging the start marker (keep_clock true) recomputes them to the clock at once. */
void session_set_start(Session *s, int p, double x, double y, bool keep_clock);
/* Screen pixel of pane p's plot (relative to the plot's top-left) to the world point. */
void session_pick(const Session *s, int p, double sx, double sy, double *x, double *y);

/* After a change to pane p's descs (a slider, a new optimizer, the landscape): rebuilds its
 * runs and recomputes them to the clock, so a sweep shows its effect at once. false (runs
 * unchanged) with a message when a run cannot be set up. */
bool session_apply(Session *s, int p, char *err, size_t errlen);
/* Replaces pane p's landscape, resetting its start and home view to the landscape's; every
 * run's α follows the landscape as PaneRates says (the typed functions' swap too). The
 * slide's caption goes, and a title that names the old landscape becomes the new one's name. */
bool session_set_landscape(Session *s, int p, const Landscape *ls, char *err, size_t errlen);
/* Replaces pane p's landscape by the typed function td (text and parameters): from a
 * built-in, the start and home view become the typed function's defaults; from another
 * typed function they stay. On bad text (xe: column and message; err: the message) nothing
 * changes: the current function stays on screen. */
bool session_set_typed(Session *s, int p, const LandscapeTypedDesc *td, ExprError *xe,
                       char *err, size_t errlen);
/* Gives run r of pane p optimizer kind with its default hyperparameters and the landscape's
 * default rate (spec_default_lr; α then follows the landscape), and rebuilds the pane. */
bool session_set_optimizer(Session *s, int p, int r, OptimKind kind, char *err, size_t errlen);
/* Adds a run of kind at the landscape's default rate (its α follows the landscape) / removes
 * run r. */
bool session_add_run(Session *s, int p, OptimKind kind, char *err, size_t errlen);
void session_remove_run(Session *s, int p, int r);

/* Sets the cloud: K (0..SCENE_MAX_CLOUD) seeded copies of every stochastic run of every
 * pane (seeds seed+1 .. seed+K), stepped on the same clock. false on out-of-memory (the
 * cloud is then off). */
bool session_set_cloud(Session *s, int k, char *err, size_t errlen);
/* Whether run r of a pane draws gradients at random (minibatches or noise). */
bool session_run_is_stochastic(const Pane *pane, int r);

/* Clock: back to step 0; one step forward (computing it where needed) or back; to step k. */
void session_restart(Session *s);
void session_step_forward(Session *s);
void session_step_back(Session *s);
void session_seek(Session *s, long k);
/* Lazy sessions: steps the runs that are short of the clock on, within the budget; true
 * while some are still behind. */
bool session_catch_up(Session *s);
/* The run pane p's overlays and basin map follow: the selected run in the selected pane,
 * run 0 in the others. */
int session_shown_run(const Session *s, int p);
/* Whether some enabled run that can still move is short of the clock. */
bool session_behind(const Session *s);
/* The least step among the enabled runs that can still move (the clock when none is short
 * of it): how far a lazy session has got. */
long session_least_step(const Session *s);
/* While playing, moves the clock by speed * dt seconds (whole steps; the rest is carried).
 * Returns the number of steps taken. Pauses at max_step or when every run has stopped. */
long session_advance(Session *s, double dt);
/* True when a step forward would change something (some enabled run can still move). */
bool session_can_advance(const Session *s);

/* The 3D mode of pane p (lecture/surface.h). The map: the pane's home window as the box,
 * the colors' scale fitted to it (levels contour bands), remembered in s->surface_maps
 * until the landscape (or its fingerprint), the home window, the levels or the height's
 * kind change (the fit samples the landscape 48 x 48 and sorts: a frame asks several
 * times). The camera: the moved one, else the map's default. Toggles: contours <->
 * surface, log <-> linear height. Orbit, zoom (factor > 1 comes closer), pan by pixels of a
 * w x h viewport, reset to the default. A 3D pick: the point of the surface under pixel
 * (sx, sy) of a w x h plot, false when the ray misses it. */
SurfaceMap session_surface_map(const Session *s, int p);
Camera3D session_camera(const Session *s, int p);
void session_toggle_surface(Session *s, int p);
void session_toggle_height(Session *s, int p);
void session_orbit(Session *s, int p, double dx, double dy);
void session_zoom_camera(Session *s, int p, double factor);
void session_pan_camera(Session *s, int p, int w, int h, double dx, double dy);
void session_reset_camera(Session *s, int p);
bool session_pick_surface(const Session *s, int p, int w, int h, double sx, double sy,
                          double *x, double *y);

/* Pan by pixels / zoom about a pixel of pane p (every pane when linked). */
void session_pan(Session *s, int p, double dx, double dy);
void session_zoom(Session *s, int p, double sx, double sy, double factor);

#endif
