/* sweeppane.h - the sweep pane drawn over the Canvas (lecture/sweepview.h holds its model):
 * a heading, the grid of cells coloured by the steps to the tolerance (black diverged, grey
 * not converged), the axes with the hyperparameters' symbols (α on a log scale), the
 * optimizer's stability limit as a dashed curve where it has one, a marker at the run's
 * current values, a colour key, and the hover box of a cell. Where it goes on screen:
 * sweeppane_carve takes it out of the selected pane's plot, so the plot's view fits beside
 * it and nothing of the plot is hidden. Display-free.
 */
#ifndef LOSSLENS_SWEEPPANE_H
#define LOSSLENS_SWEEPPANE_H

#include <stdbool.h>

#include "figure/canvas.h"
#include "lecture/session.h"
#include "lecture/sweepview.h"
#include "ui/ui.h"

/* Below this size (at UI scale 1) a pane gives up no sweep pane. */
enum { SWEEPPANE_MIN_W = 220, SWEEPPANE_MIN_H = 180 };
/* The share of the plot the sweep pane takes: on the right of a wide plot, below a tall one. */
static const float SWEEPPANE_FRAC = 0.42f;

/* Takes the sweep pane out of *plot (on its right when it is at least as wide as tall, else
 * along its bottom; a one-row strip of l: a band along the bottom as tall as it needs), gap
 * pixels apart; returns its rect, zero when the plot is too small (then *plot is unchanged).
 * l may be NULL (not computed yet: two axes assumed). */
UiRect sweeppane_carve(Canvas *c, UiRect *plot, float gap, const SweepLayer *l);

/* The grid of cells inside the pane rect r, with room for the heading, the axes and the key
 * (the strip of a one-row map is short). l may be NULL (a map with two axes assumed). */
UiRect sweeppane_grid(Canvas *c, UiRect r, const SweepLayer *l);

/* Draws the pane in r for s's sweep layer (a "computing" note when there is none yet);
 * hover: the pointer (mx, my) over the grid shows that cell's values and status. */
void sweeppane_draw(Canvas *c, const Session *s, UiRect r, bool hover, float mx, float my,
                    bool presenter);

#endif
