/* overlay.h - the lecture's ideas drawn over a contour plot, each a toggle: gradient arrows
 * on a grid (direction normalized, magnitude as color); at one point (the cursor or the
 * selected run's current point) the steepest-descent direction, perpendicular to the contour
 * through it, beside Newton's direction; the local second-order Taylor model as its own
 * contours (ellipses at a minimum, hyperbolas at a saddle); the Hessian's eigenvectors scaled
 * by their eigenvalues; every critical point in view found and marked as minimum, maximum or
 * saddle (degenerate ones flagged); and the current minibatch's loss contours, faintly (the
 * cloud of seeded copies is the plot's: figure/plot.h). Drawn through cv (render/canvas.h; the
 * window's GL or the export's CPU) in pixels inside the pane's rect.
 *
 * Drawing contract (as hud.h's): the caller has begun cv on the target (canvas_begin;
 * for GL, batcher_begin + traj_begin with the same geometry); rect is in that frame (y down).
 * overlay_draw draws everything clipped to rect (faint lines first, then strokes with their
 * halos, then the labels on top), flushes, and returns with no clip (and, GL, the scissor
 * test off). Sizes scale with cv->scale (s below).
 *
 * Geometry, in pixels of the pane (what the tests check):
 *  - gradient_field: the pane is cut into nx = max(1, floor(w / (OVERLAY_GRID_PX s))) by
 *    ny = max(1, floor(h / (OVERLAY_GRID_PX s))) cells; cell (i, j)'s arrow is centred on
 *    (rect.x + (i + ½) w / nx, rect.y + (j + ½) h / ny), OVERLAY_FIELD_ARROW_PX s long along
 *    −∇L with a filled head, colored overlay_magnitude_color(log(|∇L| / gmin) /
 *    log(gmax / gmin)), gmin and gmax the smallest and largest nonzero finite |∇L| of the
 *    arrows (t = 1 when they are equal). Where ∇L = 0 a dot.
 *  - directions, taylor, eigen: only while d->point's pixel p lies inside rect.
 *  - directions: from p, −∇L/|∇L| OVERLAY_DIRECTION_PX s long (white, on top); Newton's step
 *    −H⁻¹∇L (magenta, wider) at its true length when its end lies inside rect and is at least
 *    OVERLAY_NEWTON_MIN_PX s away, else along it OVERLAY_DIRECTION_PX s long; the contour's
 *    tangent through p, OVERLAY_TANGENT_PX s to either side. Labels "−∇L" and "Newton" past
 *    the tips; "H singular: no Newton step" or "∇L ≈ 0" where they do not exist or where
 *    the point is stationary at this zoom (Newton's step under OVERLAY_STATIONARY_PX).
 *  - taylor: the model m(θ) = f + gᵀd + ½dᵀHd of d->point, sampled on a grid over the disc of
 *    radius R = min(OVERLAY_TAYLOR_PX s, 0.45 min(w, h)) pixels around p, contoured at the
 *    levels f + kΔ (every integer k with the level inside the sampled range, Δ = the range /
 *    8; so one line passes through p), dashed (OVERLAY_DASH_PX s on, OVERLAY_GAP_PX s off),
 *    fading out over the disc's outer quarter.
 *  - eigen: at p, for each eigenpair (λ, v) a double-headed arrow ±L v with
 *    L = Lmax |λ| / max(|λ₁|, |λ₂|), Lmax = min(OVERLAY_EIGEN_PX s, 0.4 min(w, h)): the larger
 *    one Lmax long, the ratio exact; positive λ in OVERLAY_COLOR_EIGEN_POS, negative in
 *    OVERLAY_COLOR_EIGEN_NEG; labelled "λ₁ = …", "λ₂ = …" (ascending).
 *  - critical: closed-form landscapes: analysis_find_critical over the view grown by half on
 *    every side (the view alone when that box holds more than OVERLAY_MAX_CRITICAL), searched
 *    again once the view leaves that box or the zoom changes twofold; data landscapes (a
 *    search takes seconds): the landscape's own list, found by Newton's method when its
 *    dataset was generated, over its default view. Minimum a filled disc of radius
 *    OVERLAY_CRIT_PX s, maximum a filled triangle, saddle an X, degenerate a hollow square
 *    with "?" (all 0.6 times as large beyond OVERLAY_CRIT_CROWD points in view); with up to
 *    OVERLAY_CRIT_LABELS points in view each gets "min", "max", "saddle".
 *  - minibatch: ls->eval_batch of run_last_batch(d->batch_run) on an OVERLAY_BATCH_NX x
 *    OVERLAY_BATCH_NY grid over the view (cached until the batch or view changes), contoured
 *    at the OVERLAY_BATCH_LEVELS quantiles (k + ½) / OVERLAY_BATCH_LEVELS of the samples,
 *    thin, in OVERLAY_COLOR_MINIBATCH (translucent).
 *  - chord (whenever d->chord is set): the segment from a to b on the plot (white, a dot and
 *    a label "a", "b" at its ends) and an inset plot (overlay_chord_inset) of the graph of f
 *    along it, f(λa + (1 − λ)b) (white, red where it rises above the chord), under the chord
 *    λf(a) + (1 − λ)f(b) (amber), from analysis_chord's samples.
 */
#ifndef LOSSLENS_OVERLAY_H
#define LOSSLENS_OVERLAY_H

#include <stdbool.h>

#include "analysis/analysis.h"
#include "analysis/contour.h"
#include "landscape/landscape.h"
#include "figure/canvas.h"
#include "figure/plot.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/ui.h"

typedef struct {
    bool gradient_field, directions, taylor, eigen, critical, minibatch, trials;
} OverlayFlags;

enum {
    OVERLAY_MAX_CRITICAL = 1024,
    OVERLAY_CRIT_LABELS = 24,
    OVERLAY_CRIT_CROWD = 64,
    OVERLAY_BATCH_NX = 96,
    OVERLAY_BATCH_NY = 64,
    OVERLAY_BATCH_LEVELS = 10,
};

/* Sizes in pixels at ui_scale 1 (see the geometry above). */
enum {
    OVERLAY_CHORD_W = 340,
    OVERLAY_CHORD_H = 190,
    OVERLAY_CHORD_SAMPLES = 97,
    OVERLAY_GRID_PX = 60,
    OVERLAY_FIELD_ARROW_PX = 34,
    OVERLAY_DIRECTION_PX = 96,
    OVERLAY_NEWTON_MIN_PX = 24,
    OVERLAY_TANGENT_PX = 30,
    OVERLAY_TAYLOR_PX = 220,
    OVERLAY_DASH_PX = 9,
    OVERLAY_GAP_PX = 6,
    OVERLAY_EIGEN_PX = 110,
    OVERLAY_CRIT_PX = 7,
};
/* Newton's step shorter than this (pixels, at any scale) makes the point stationary at this
 * zoom: no direction arrows, the label "∇L ≈ 0". */
#define OVERLAY_STATIONARY_PX 0.5

/* The overlays' colors (the gradient field's come from overlay_magnitude_color). */
typedef enum {
    OVERLAY_COLOR_DESCENT,   /* −∇L: white */
    OVERLAY_COLOR_NEWTON,    /* −H⁻¹∇L: magenta */
    OVERLAY_COLOR_TANGENT,   /* the contour's tangent at the point */
    OVERLAY_COLOR_TAYLOR,    /* the second-order model's contours: cyan */
    OVERLAY_COLOR_EIGEN_POS, /* eigenvector of a positive eigenvalue: amber */
    OVERLAY_COLOR_EIGEN_NEG, /* ... of a negative one: periwinkle blue */
    OVERLAY_COLOR_CRITICAL,  /* critical-point markers */
    OVERLAY_COLOR_MINIBATCH, /* the minibatch's contours (translucent) */
    OVERLAY_COLOR_CHORD_GRAPH, /* the segment a–b and the graph of f along it: white */
    OVERLAY_COLOR_CHORD_ABOVE, /* the graph where it rises above the chord: red */
    OVERLAY_COLOR_CHORD,       /* the chord, the ends a and b: amber */
    OVERLAY_COLOR_COUNT
} OverlayColor;

Rgba overlay_color(OverlayColor c);

/* How a critical-point glyph is stroked: the 2D overlay batches and clips its strokes, the
 * 3D pane strokes straight onto the canvas (canvas_pen_stroke); filled shapes go to cv. */
typedef struct {
    void (*stroke)(void *ctx, float x0, float y0, float x1, float y1, const LineStyle *st);
    void *ctx;
    Canvas *cv;
} CritPen;

/* A critical point's marker at pixel (x, y), size r at scale s, in st (disc: the minimum's
 * dot), the one drawing the 2D overlay and the 3D pane share: minimum a dot, maximum a
 * filled triangle with a dark rim, saddle an X, anything else a hollow square. Returns its
 * label's word: "min", "max", "saddle" or "?". */
const char *overlay_crit_glyph(const CritPen *pen, CritKind kind, float x, float y, float r,
                               float s, const LineStyle *st, const LineStyle *disc);
/* canvas_stroke as a CritPen's stroke (ctx: the Canvas). */
void canvas_pen_stroke(void *ctx, float x0, float y0, float x1, float y1, const LineStyle *st);

/* The gradient field's colormap, light (t = 0, small |∇L|) to warm (t = 1); t is clamped to
 * [0, 1]. Opaque. */
Rgba overlay_magnitude_color(double t);

/* What is expensive to recompute: the critical points and the minibatch loss sampled over
 * the view (again only when the batch or the view changes). Zero-initialize; no resources to
 * free. */
typedef struct {
    /* The critical points of ls inside box, found when the view was `view`. */
    const Landscape *ls;
    uint64_t fn; /* landscape_fingerprint(ls): a typed function's text and parameters */
    View view;
    ViewBox box;
    bool valid;
    CriticalPoint points[OVERLAY_MAX_CRITICAL];
    int n;
    /* The minibatch loss: values at the nodes of the view's grid (contour.h's layout) and
     * the levels traced. */
    const Landscape *batch_ls;
    View batch_view;
    uint64_t batch_key; /* hash of the batch's indices */
    int batch_len;
    bool batch_valid;
    double batch_values[OVERLAY_BATCH_NX * OVERLAY_BATCH_NY];
    double batch_levels[OVERLAY_BATCH_LEVELS];
    int n_batch_levels;
    /* Counters for tests and benchmarks. */
    long critical_searches, batch_samplings;
} OverlayCache;

enum { OVERLAY_MAX_MARKS = 32 };

typedef struct {
    const Landscape *ls;
    const View *view;     /* the pane's view; its w, h equal rect's size */
    UiRect rect;          /* where the pane's plot is on the target */
    OverlayFlags flags;
    double point[2];      /* where the directions / Taylor model / eigenvectors are drawn */
    const Run *batch_run; /* the run whose current minibatch is contoured (NULL: none) */
    const Run *trial_run; /* the run whose last line-search trials are shown (NULL: none) */
    const double *chord;  /* the chord of convexity: a = (chord[0], chord[1]), b = (chord[2],
                           * chord[3]) (PaneDesc.chord), or NULL: none */
    UiRect avoid;         /* the legend's panel (w = 0: none): the chord's inset and the
                           * labels keep off it */
    float strip_left, strip_bottom; /* the plot's axis strips, in pixels (the chord's inset
                                     * and the critical points' labels keep off them) */
    double marks[OVERLAY_MAX_MARKS][2]; /* the runs' start and current markers (world):
                                         * labels keep off them */
    int n_marks;
} OverlayDesc;

/* The critical points the critical overlay shows for ls in view (found and cached in cache as
 * overlay_draw finds them: the same search, not repeated while the view stays near): *out
 * points into cache. Returns how many. The legend keeps off them. */
int overlay_critical(const Landscape *ls, const View *view, OverlayCache *cache,
                     const CriticalPoint **out);

/* The chord overlay's inset plot in d->rect (pixels), OVERLAY_CHORD_W s x OVERLAY_CHORD_H s
 * (at most 0.45 of the rect's width and 0.4 of its height), in the first corner of the plot
 * inside its axis strips (d->strip_left, d->strip_bottom) - bottom right, bottom left, top
 * right, top left - that holds neither the segment a-b (seg: its ends in pixels) nor d->avoid,
 * else bottom right; its data area, where sample i of analysis_chord's n samples (from a at
 * the left to b at the right) sits at x = data.x + data.w i / (n − 1) and values lo .. hi
 * (the samples' range, f and chord together, 10% wider) map bottom to top. */
typedef struct {
    UiRect box, data;
    double lo, hi;
} ChordInset;
ChordInset overlay_chord_inset(Canvas *cv, const OverlayDesc *d, const float seg[4],
                               const double *f, const double *chord, int n);

void overlay_draw(Canvas *cv, const OverlayDesc *d, OverlayCache *cache);

/* The geometry the 2D overlays and the 3D pane share (surface3d.c lifts it onto the
 * surface). A level line handed over as n chained segments (world units) with its level. */
typedef void (*OverlayLineFn)(void *ctx, const ContourSegment *seg, int n, double level);
/* The Taylor overlay's lines: the model of li sampled on a grid over the square of half side
 * rw (world units) around li's point, traced at the levels f + kΔ (Δ = the model's range
 * over the disc of radius rw / 8, so one line passes through the point), each polyline
 * handed to emit. false (nothing emitted) where the model is flat or undefined there. */
bool overlay_taylor_lines(const LocalInfo *li, double rw, OverlayLineFn emit, void *ctx);
/* 1 within 0.75 radius of the centre, easing to 0 at radius (the Taylor lines' fade). */
float overlay_rim_fade(float d, float radius);
/* The eigen overlay's arm lengths: lmax |λ_k| / max(|λ₁|, |λ₂|) (0 when both vanish or are
 * not finite), and eigenpair k's label ("λ₁ = …") into buf with its color returned. */
void overlay_eigen_arms(const LocalInfo *li, double lmax, double len[2]);
Rgba overlay_eigen_label(const LocalInfo *li, int k, char *buf, size_t len);
/* The minibatch overlay's lines: ls->eval_batch of run's last batch over view's bounds
 * (cached in cache until the batch or the view changes), at the OVERLAY_BATCH_LEVELS
 * quantiles, each polyline handed to emit. false when ls has no minibatch or run took none. */
bool overlay_minibatch_lines(const Landscape *ls, const Run *run, const View *view,
                             OverlayCache *cache, OverlayLineFn emit, void *ctx);
/* The trials overlay's pens at scale s: the faint line from where the step began to each
 * trial, the ring at each trial, the hole in a rejected one; whether trial k of run's last
 * step is the accepted one (its current point). */
void overlay_trial_styles(float s, LineStyle *line, LineStyle *ring, LineStyle *hole);
bool overlay_trial_accepted(const Run *run, int k);

/* A filled arrowhead with its tip at pixel (x, y) pointing along the unit (ux, uy), len px
 * long, over a dark rim of rim px (the gradient field's heads; the 3D pane's too). */
void overlay_arrowhead(Canvas *cv, float x, float y, float ux, float uy, float len, float rim,
                       Rgba col);


#endif
