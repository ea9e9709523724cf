/* lossplot.h - the loss-versus-step plot's mapping from (step, loss) to pixels: step on a
 * linear x axis from 0, loss on a log10 y axis, or a symmetric log when some losses are
 * <= 0 (saddles and negative wells), with ticks at powers of ten. libc only. */
#ifndef LOSSLENS_LOSSPLOT_H
#define LOSSLENS_LOSSPLOT_H

#include <stdbool.h>

#include "ui/ui.h"

enum { LOSSPLOT_MAX_TICKS = 32 };

typedef struct {
    UiRect r;        /* the data area in pixels */
    double k_max;    /* x spans steps 0 .. k_max */
    bool symlog;     /* y is sign(f) log10(1 + |f| / c) rather than log10 f */
    double c;        /* symlog threshold */
    double y_lo, y_hi; /* the y range, in scaled units */
} LossAxes;

/* Axes for steps 0..k_max (>= 1 is used when smaller) and finite losses in [lo, hi]. The
 * y range is widened to whole decades. */
LossAxes lossplot_fit(UiRect r, long k_max, double lo, double hi);

/* Pixel x of step k and pixel y of loss f (y down; clamped to the data area). */
float lossplot_x(const LossAxes *a, double k);
float lossplot_y(const LossAxes *a, double f);

/* Tick losses (powers of ten, and 0 on a symlog axis) inside the range, ascending; returns
 * how many were written (<= max). */
int lossplot_yticks(const LossAxes *a, double *out, int max);

/* The epoch ticks of a minibatch run with per_epoch steps an epoch: the steps where epochs
 * end (per_epoch, 2 per_epoch, ...) up to k_max, every stride-th epoch, stride the smallest
 * of 1, 2, 5, 10, 20, 50, ... that puts them at least min_px apart. Writes at most max steps
 * (ascending) and the stride; returns how many. 0 when per_epoch <= 0. */
int lossplot_epoch_ticks(const LossAxes *a, long per_epoch, float min_px, long *out, int max,
                         long *stride);

#endif
