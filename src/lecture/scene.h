/* scene.h - a lecture scene: title, caption, panes (each a landscape, view, start point and
 * runs), layout, overlays and speed. Scene files are INI text (read by scene.c itself); the
 * format is documented in README.md. Loading never prints: errors come back as
 * "FILE:LINE: what was expected". Saving writes every number with %.17g, so a saved scene
 * reloads to identical trajectories. libc only. */
#ifndef LOSSLENS_SCENE_H
#define LOSSLENS_SCENE_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "run/run.h"

enum {
    SCENE_MAX_PANES = 4,
    SCENE_MAX_RUNS = 16,   /* per pane */
    SCENE_MAX_CLOUD = 64,  /* seeded copies of a stochastic run */
    SCENE_MAX_STEPS = 10000000,
    SCENE_TITLE_LEN = 128,
    SCENE_CAPTION_LEN = 512,
    SCENE_MAX_LINE = 4096, /* bytes in one line of a scene file, without its newline */
};

typedef enum { LAYOUT_SINGLE, LAYOUT_1X2, LAYOUT_2X2, LAYOUT_COUNT } PaneLayout;

/* What the lecture's overlays show; each a toggle (bit) in SceneDesc.overlays. */
typedef enum {
    OVERLAY_GRADIENT_FIELD, /* gradient arrows on a grid */
    OVERLAY_DIRECTIONS,     /* steepest descent and Newton's direction at a point */
    OVERLAY_TAYLOR,         /* the local second-order model's contours */
    OVERLAY_EIGEN,          /* Hessian eigenvectors scaled by their eigenvalues */
    OVERLAY_CRITICAL,       /* every critical point in view, classified */
    OVERLAY_MINIBATCH,      /* the current minibatch's loss contours */
    OVERLAY_LOSS_PLOT,      /* loss versus step beside the contour plot */
    OVERLAY_TRIALS,         /* the selected run's last line-search trial points */
    OVERLAY_BASINS,         /* where every start of the view ends under the selected run */
    OVERLAY_SWEEP,          /* the selected run over a grid of two of its settings, in a pane
                               beside the plot (lecture/sweepview.h) */
    OVERLAY_COUNT
} OverlayKind;

const char *scene_overlay_id(OverlayKind k); /* "gradient-field", "directions", ... */
const char *scene_layout_id(PaneLayout l);   /* "single", "1x2", "2x2" */

/* How each pane shows its legend (scene key `legend`, the L key cycles): placed where it
 * covers no path, marker or labelled point (full, else one line per run), always one line
 * per run, or not at all. */
typedef enum {
    LEGEND_AUTO,
    LEGEND_COMPACT,
    LEGEND_OFF,
    LEGEND_MODE_COUNT
} LegendMode;

/* "auto", "compact", "off". */
const char *scene_legend_id(LegendMode m);

/* What the loss plot's y axis shows (scene key `loss`): L(θ) itself, or the gap L(θ) − L* to
 * the landscape's lowest listed minimum (analysis_known_minimum; panes whose landscape lists
 * none show L(θ)). */
typedef enum {
    LOSS_AXIS_VALUE,
    LOSS_AXIS_GAP,
    LOSS_AXIS_COUNT
} LossAxisMode;

/* "value", "gap". */
const char *scene_loss_axis_id(LossAxisMode m);

typedef struct {
    const Landscape *ls; /* NULL when typed.text is set, until a session binds its instance */
    LandscapeTypedDesc typed; /* a typed function (scene keys expr and params), or text "" */
    ViewBox view; /* valid when has_view; otherwise the landscape's default view */
    bool has_view;
    double start[2];
    /* The chord of convexity (pane key `chord = AX, AY, BX, BY`): when has_chord, the segment
     * from a = (chord[0], chord[1]) to b = (chord[2], chord[3]) on the contour plot, and an
     * inset plot of f along it under the chord λf(a) + (1 − λ)f(b) (figure/overlay.h). */
    double chord[4];
    bool has_chord;
    RunDesc runs[SCENE_MAX_RUNS];
    int n_runs;
    bool surface; /* key `mode = 3d`: the pane shows the surface in 3D (lecture/surface.h),
                   * `mode = contour` (the default) the contour plot */
    bool no_loss_plot; /* key `loss_plot = false`: this pane leaves out the loss plot (and its
                        * table) that the scene's `loss-plot` overlay gives every pane */
} PaneDesc;

typedef struct {
    char title[SCENE_TITLE_LEN];
    char caption[SCENE_CAPTION_LEN];
    PaneLayout layout;
    PaneDesc panes[SCENE_MAX_PANES];
    int n_panes;      /* 1 for LAYOUT_SINGLE, 2 for 1x2, up to 4 for 2x2 */
    bool link;        /* panes share start point and view */
    unsigned overlays; /* bit (1u << OverlayKind) */
    int cloud;        /* 0, or K seeded copies of each stochastic run drawn as a cloud */
    LegendMode legend;
    LossAxisMode loss_axis; /* the loss plot's y: L or L − L* */
    double speed;     /* steps per second (0: the app's default) */
    double table_tol; /* the table's "steps to L < tol" (0: SCENE_DEFAULT_TABLE_TOL) */
    long steps;       /* steps for headless export and the timeline (0: default 200) */
} SceneDesc;

#define SCENE_DEFAULT_TABLE_TOL 1e-4

/* Parses INI text. name is used in messages ("scenes/bowl.ini:12: ..."). On failure out is
 * untouched. */
bool scene_parse(const char *text, size_t len, const char *name, SceneDesc *out, char *err,
                 size_t errlen);
/* Reads and parses a file (at most 1 MiB). */
bool scene_load(const char *path, SceneDesc *out, char *err, size_t errlen);
/* Writes the scene as INI text (to a temporary name, then renamed). */
bool scene_save(const char *path, const SceneDesc *s, char *err, size_t errlen);
/* Formats the scene as INI text into a malloc'ed string; NULL on out-of-memory. */
char *scene_format(const SceneDesc *s);

enum { SCENE_LIST_MAX = 64, SCENE_PATH_LEN = 1024 };

/* The *.ini files of dir, sorted by name (the lecture's order: 01-..., 02-...), as full
 * paths. Returns how many (at most SCENE_LIST_MAX), 0 when dir cannot be read. */
int scene_list(const char *dir, char paths[][SCENE_PATH_LEN], int max);

#endif
