/* hud.h - the panels that sit beside the contour plots: the loss-versus-step plot (log y,
 * labelled axes, one curve per run, the current step marked; for stochastic runs the noisy
 * minibatch loss faintly and its running mean), the per-run table (final loss, steps to
 * reach f < tol, diverged/converged at step k), the inspector of the selected run (its
 * internal state v / s / m, v, m̂, v̂, its effective per-coordinate step and its current
 * learning rate under the schedule) and the timeline bar. Drawn through cv
 * (render/canvas.h) in pixels of its frame (y down) inside the rect given, so the window (GL)
 * and the PNG export (CPU) draw the same panels. Reads the runs, never changes them.
 *
 * Drawing contract: the caller has begun cv on the target (canvas_begin; for GL,
 * batcher_begin + traj_begin with the same geometry is the same thing); rects are in that
 * frame. Each hud_* drawing call starts and ends without a clip and flushes what it drew
 * (panel and text first, curves and markers over them), so calls mix with other drawing in
 * any order. Sizes scale with cv->scale; text is FONT_SMALL / FONT_BODY / FONT_TITLE.
 *
 * The formatting helpers below are what the panels print; they are exposed so tests (and the
 * app, e.g. for a copy to the clipboard) get exactly the strings drawn.
 */
#ifndef LOSSLENS_HUD_H
#define LOSSLENS_HUD_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/canvas.h"
#include "figure/plot.h"
#include "run/run.h"
#include "ui/lossplot.h"
#include "ui/ui.h"

/* The runs of one pane as the HUD needs them: run i is drawn in palette color i when
 * enabled[i] (enabled may be NULL: all enabled). Runs hold their history up to the clock
 * (fewer points when they stopped early); the HUD shows point min(step, n - 1). */
typedef struct {
    const Run *runs;
    const bool *enabled;
    const unsigned char *colors; /* run i's palette index (NULL: i) */
    int n_runs;
    int selected;   /* the inspector's run (and the table's highlighted row); -1: none */
    long step;      /* the clock */
    double f_tol;   /* the table's "steps to f < tol" threshold (with gap: f − lstar < tol) */
    bool gap;       /* the loss plot and the table's loss column show L − lstar (hud_gap) */
    double lstar;   /* L*, the landscape's known minimum (analysis_known_minimum) */
} HudRuns;

/* What the loss plot and the table show for loss f: f, or with h->gap the excess f − L*,
 * at least DBL_EPSILON·max(|L*|, 1) so a run at the minimum stays on the log axis. */
double hud_gap(const HudRuns *h, double f);
/* f − lstar as hud_gap shows it (f itself where lstar is not finite). */
double hud_gap_value(double f, double lstar);

/* The running mean of a stochastic run's minibatch losses: an exponential mean with this
 * beta (about 20 steps), bias-corrected like Adam's moments: m_j = beta m_{j-1} +
 * (1 - beta) b_j, shown as m_j / (1 - beta^(j+1)). */
#define HUD_MEAN_BETA 0.95

/* The loss plot. With h->gap every value below is hud_gap's L − L*, and a stochastic run is
 * drawn by its full-data loss alone (a minibatch's loss can be below L*); the y axis reads
 * "L(θ) − L*". x: steps 0 .. max(step, 10); y: the finite losses of the enabled runs up to
 * the clock (minibatch losses included), log or symlog (ui/lossplot.h), in whole decades,
 * reaching at most 10⁴ times beyond the runs that did not diverge (and every start) and
 * spanning at most 16 decades; curves are cut at the data area's edges. Deterministic runs:
 * pts[k].loss at x = k. Stochastic runs (some pts[k].batch_loss differs from pts[k-1].loss):
 * the minibatch loss pts[k + 1].batch_loss, which was measured at θ_k, at x = k faintly, and
 * its running mean solid. A dot at each run's current loss. A diverged run ends in a "×" at
 * its last step: at its last point, or, when that is above the chart (as it is once the
 * loss overflowed), on the top edge, joined by dots to where the curve left the chart. Cost
 * O(points) of cheap comparisons; at most about two strokes per pixel column per curve
 * (min/max decimation). */
void hud_loss_plot(Canvas *cv, const HudRuns *h, UiRect rect);
/* The mapping hud_loss_plot uses for rect (its data area and ranges), e.g. for hit tests. */
LossAxes hud_loss_axes(Canvas *cv, const HudRuns *h, UiRect rect);

/* Where hud_panel puts its parts in rect: the run table at the right, as wide as its names,
 * numbers and details ask (details cut to fit), whenever the loss plot keeps at least 40% of
 * rect and 360 px (scaled) beside it (else the loss plot alone); the selected run's
 * inspector under the table when it fits there, else in a column of its own left of the
 * table when the loss plot still keeps that much, in one column of lines or else two; the loss plot in the rest. A part that is
 * not shown has zero size. The inspector's growing numbers never push the table out. */
typedef struct {
    UiRect plot, table, inspector;
} HudPanelLayout;
HudPanelLayout hud_panel_layout(Canvas *cv, const HudRuns *h, UiRect rect);

/* A pane's loss rect as the window and the export show it (hud_panel_layout). */
void hud_panel(Canvas *cv, const HudRuns *h, UiRect rect);

/* The run table: a header, then per run a row (swatch, optimizer, α when there is room, loss
 * at the clock, first step with loss < f_tol, status); disabled runs dimmed. */
void hud_table(Canvas *cv, const HudRuns *h, UiRect rect);
/* The size the table needs to show everything (α included), in pixels. */
void hud_table_size(Canvas *cv, const HudRuns *h, float *w, float *hgt);

/* One table row's text. */
typedef struct {
    char name[64];   /* "Adam" */
    char id[32];     /* "adam": the name where the details would otherwise be cut */
    char detail[160]; /* "α = 0.05"; in the table, everything that tells the run apart
                       * from the pane's others (run_format_title) */
    char loss[48];   /* the loss at the clock, hud_format_value */
    char steps[64];  /* run_below_since(run, clock, f_tol) as "%ld", or "—" when the loss at
                        the clock is not below f_tol; with
                        "(13 ∇L, 40 L)", its evaluations, when not one gradient a step */
    char status[64]; /* "diverged at step 12", "converged at step 40", ... or "—" */
} HudRow;

/* With lstar finite (the gap mode) the loss is hud_gap_value's L − L* and the steps count
 * to L − L* < f_tol; NAN: L itself. */
void hud_table_row(const Run *run, long step, double f_tol, double lstar, HudRow *out);
/* The steps column's header: "L < 10⁻⁴ from step", with gap "L − L* < 10⁻⁴ from step". */
void hud_table_tol_header(double f_tol, bool gap, char *buf, size_t len);

/* The inspector of runs[selected]: its optimizer, then one line per quantity. */
void hud_inspector(Canvas *cv, const HudRuns *h, UiRect rect);
/* The size the inspector needs for its run's lines now (values change width as they run),
 * set in one column (w[0], hgt[0]) and in two (w[1], hgt[1]: half as tall, twice as wide).
 * hud_inspector sets its lines in as many columns as its rect's height asks for. */
void hud_inspector_size(Canvas *cv, const HudRuns *h, float w[2], float hgt[2]);

enum { HUD_INSPECTOR_MAX_LINES = 12 };

typedef struct {
    char label[32];  /* "α", "θ", "∇L", "m̂", "Δθ", ... */
    char value[112]; /* "0.001", "(1.23×10⁻³, −4.5×10⁻⁴)", ... */
} HudLine;

/* The inspector's lines for run at the clock (k = min(step, n - 1)), in order: "step" k;
 * "α" the learning rate of the next step under the schedule (run_current_lr; the schedule's
 * id appended when not constant); "θ", "L" (with lstar finite "L − L*", hud_gap_value, as the
 * loss plot and the table show it) and "∇L" at point k; one line per vector of
 * optim_state(run->opt) with its name and both components; "Δθ" = θ_k − θ_(k−1) (zero at
 * k = 0). Returns how many were written (<= max). */
int hud_inspector_lines(const Run *run, long step, double lstar, HudLine *lines, int max);

/* The timeline: the play state as a button at the left (▶ while paused, ❚❚ while playing,
 * as in any media player), a bar from step 0 to max_step with the clock's thumb and its
 * label, and tick labels under the bar. */
void hud_timeline(Canvas *cv, long step, long max_step, bool playing, UiRect rect);
/* The bar's ends in rect: pixel x0 is step 0, x1 is max_step. libc math only. */
void hud_timeline_bar(UiRect rect, float *x0, float *x1);
/* The step a press or drag at pixel x of the timeline rect asks for: linear between the
 * bar's ends, rounded, clamped to 0 .. max_step (0 when max_step <= 0). libc math only:
 * usable without GL. */
long hud_timeline_step_at(UiRect rect, long max_step, float x);

/* Compact numbers for a projector: magnitudes in [1e-3, 1e5) plainly to 3 significant
 * digits (whole numbers from 1000 on in full), others as powers of ten: "0", "0.5", "123",
 * "12346", "−0.00123", "1.23×10⁻⁵", "10⁻⁴" (a mantissa of exactly 1 is left out), "∞",
 * "—" (NaN). U+2212 minus. Truncates to len, always terminated. */
void hud_format_value(double v, char *buf, size_t len);

#endif
