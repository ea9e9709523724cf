/* hud.h - the panels that sit beside the contour plots: the loss-versus-step plot (log y,
 * labelled axes, one curve per run, the current step marked; for stochastic runs the noisy
 * minibatch loss faintly and its running mean), the per-run table (final loss, steps to
 * reach f < tol, diverged/converged at step k), the inspector of the selected run (its
 * internal state v / s / m, v, m̂, v̂, its effective per-coordinate step and its current
 * learning rate under the schedule) and the timeline bar. Drawn with the renderer's batcher,
 * font and line markers, in drawable pixels (y down) inside the rect given. Needs a current
 * GL context; reads the runs, never changes them.
 */
#ifndef LOSSLENS_HUD_H
#define LOSSLENS_HUD_H

#include <stdbool.h>

#include "render/render.h"
#include "run/run.h"
#include "ui/ui.h"

/* The runs of one pane as the HUD needs them: run i is drawn in palette color i when
 * enabled[i]. */
typedef struct {
    const Run *runs;
    const bool *enabled;
    int n_runs;
    int selected;   /* the inspector's run */
    long step;      /* the clock */
    double f_tol;   /* the table's "steps to f < tol" threshold */
} HudRuns;

void hud_loss_plot(Renderer *r, const HudRuns *h, UiRect rect);
void hud_table(Renderer *r, const HudRuns *h, UiRect rect);
void hud_inspector(Renderer *r, const HudRuns *h, UiRect rect);

/* The timeline: a bar from step 0 to max_step with the clock's thumb and tick labels. */
void hud_timeline(Renderer *r, long step, long max_step, bool playing, UiRect rect);
/* The step a press or drag at pixel x of the timeline rect asks for (clamped). libc math
 * only: usable without GL. */
long hud_timeline_step_at(UiRect rect, long max_step, float x);

#endif
