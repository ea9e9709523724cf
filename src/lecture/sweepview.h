/* sweepview.h - the window's sweep pane (key W, scene overlay `sweep`): two settings of the
 * selected run over a grid (analysis/sweep.h), every cell that run from its start with those
 * values for the timeline's steps, coloured by the steps to the tolerance (basinview.h's
 * sweep colours). Which two: α on a log axis against the optimizer's second hyperparameter
 * (the first its row reads after α, other than ε: μ for momentum and Nesterov, β for RMSProp
 * and the heavy ball, β1 for the Adam family), or against the batch size for gd on a data
 * landscape; a one-row strip of α where there is none (gd, AdaGrad, Newton). Symbols and
 * ranges come from the hyperparameter table (optim.h). Clicking a cell sets the run's two
 * settings to the cell's values through session_apply, as the panel's sliders do.
 * Display-free: libc only.
 */
#ifndef LOSSLENS_SWEEPVIEW_H
#define LOSSLENS_SWEEPVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/sweep.h"
#include "lecture/session.h"

/* The coarse map's cells across (and up), the refined map's factor each way, and the most
 * cell-steps (cells times steps; a data landscape's steps count n/4 each) a refined map may
 * cost: a long timeline or a dataset gets fewer cells. */
enum { SWEEPVIEW_COARSE_W = 48, SWEEPVIEW_FINE = 2, SWEEPVIEW_MIN_W = 8 };
#define SWEEPVIEW_BUDGET 8e6
/* The α axis: where the optimizer has a stability limit L at λmax (at its second setting's
 * lowest value), from L times SWEEPVIEW_LR_HI down SWEEPVIEW_LR_DECADES decades; otherwise
 * SWEEPVIEW_LR_DECADES decades centred on the run's α. Either way it holds the run's α. */
#define SWEEPVIEW_LR_HI 3.0
#define SWEEPVIEW_LR_DECADES 3.0

/* The axes of the sweep of run r on ls from start: x always α (log); *y the second setting,
 * or an axis with key HYPER_COUNT (*has_y false: a one-row strip). *lambda_max: the largest
 * Hessian eigenvalue at the start and the landscape's listed minima (-INFINITY when none is
 * finite), the curvature the stability limit is drawn for. */
void sweepview_axes(const Landscape *ls, const RunDesc *r, const double start[2],
                    SweepAxis *x, SweepAxis *y, bool *has_y, double *lambda_max);

/* The map of the session's selected run (the selected pane's selected run). Session.sweep
 * owns it (one allocation: session_free frees it). */
typedef struct SweepLayer {
    uint64_t key;      /* what the map was computed for (the swept two settings excluded) */
    uint64_t axes_key; /* what the axes were chosen for */
    unsigned gen;      /* bumps on every new map */
    bool fine;
    int pane, run;     /* whose map it is */
    SweepAxis x, y;
    bool has_y;
    double lambda_max;
    double loss0;      /* L at the start: a cell that ends above it is diverging */
    long steps;
    int w, h, cap;     /* w x h cells now (0 x 0: none), room for cap */
    BasinCell cells[]; /* row j (top first), column i at j w + i */
} SweepLayer;

/* What a cell shows. A run whose loss ends above its start's without a non-finite value is
 * diverging too, only too slowly to overflow within the steps (gd at α just above 2/λmax
 * grows by |1 − αλmax| a step): the pane draws both black, so the stability limit shows as
 * the edge of the black region, and the hover box tells them apart. */
typedef enum {
    SWEEPVIEW_CONVERGED, /* |∇L| < tol within the steps */
    SWEEPVIEW_DIVERGED,  /* a non-finite value (or undefined f, singular Newton system) */
    SWEEPVIEW_GREW,      /* neither, and L at the last step above L at the start */
    SWEEPVIEW_RUNNING,   /* neither, below its start */
} SweepViewClass;

SweepViewClass sweepview_class(const SweepLayer *l, const BasinCell *c);
/* The cell's colour: converged as basinview_sweep_rgb (viridis by the steps), diverged and
 * grown black, running grey. */
void sweepview_cell_rgb(const SweepLayer *l, const BasinCell *c, unsigned char rgb[3]);

/* Brings s->sweep up to date when the scene shows OVERLAY_SWEEP: the axes chosen again when
 * the run, its optimizer, the landscape or the start changed, or a swept value left its axis;
 * a coarse map when anything the map depends on changed (every setting but the two swept
 * ones, the landscape, the start, the steps); the refined one when fine asks for it and it
 * is still coarse. *changed: whether the map changed. false with err on out of memory (the
 * old map stays). */
bool sweepview_update(Session *s, bool fine, bool *changed, char *err, size_t len);

/* The layer when the scene shows the sweep and it has a map for a run that still exists,
 * else NULL. */
const SweepLayer *sweepview_layer(const Session *s);

/* The cell under the point (fx, fy) of the grid, both fractions from the grid's top-left in
 * [0, 1); false outside. */
bool sweepview_cell_at(const SweepLayer *l, double fx, double fy, int *i, int *j);
/* The value of column i / row j (top first). */
double sweepview_x_value(const SweepLayer *l, int i);
double sweepview_y_value(const SweepLayer *l, int j);
/* Where value v lies along axis a, 0 at lo and 1 at hi (log on a log axis). */
double sweepview_axis_frac(const SweepAxis *a, double v);
/* The run's current value of axis a's setting (a batch axis: the full dataset, 0, as its
 * top, n). */
double sweepview_axis_get(const SweepAxis *a, const RunDesc *r);
/* The axis' symbol for labels ("α", "μ", "B" for the batch size). */
const char *sweepview_axis_symbol(const SweepAxis *a);

/* Sets the swept settings of the layer's run to the values of cell (i, j) and recomputes
 * its pane (session_apply) to the clock; with the clock at step 0 it starts playing, so the
 * new path draws itself. false with err when the run could not be set up (nothing
 * changed) or there is no such cell. */
bool sweepview_click(Session *s, int i, int j, char *err, size_t len);

/* The hover text of cell (i, j): "α = 0.5, μ = 0.9" and "converged at step 42" (or
 * "diverged at step 7", "diverging: L grew 1.2e+05-fold in 300 steps", "not converged in
 * 300 steps"). */
void sweepview_cell_text(const SweepLayer *l, int i, int j, char *values, size_t vlen,
                         char *status, size_t slen);

#endif
