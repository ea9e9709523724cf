/* sweep.h - two settings of one run over a grid: each cell the run from one start with those
 * values, stepped to N; its steps to the tolerance, status and last loss (a BasinCell, class
 * unused). An axis is a hyperparameter of the optimizer's table (optim.h: its key, its valid
 * range) on a linear or log scale, or the minibatch size. Cells are pixel centres like the
 * basin map's: column i of w at lo + (i + 1/2)(hi - lo)/w (in log for a log axis), row j of h
 * at hi - (j + 1/2)(hi - lo)/h (top row first); a batch axis rounds to whole numbers.
 * libc and pthreads; never prints.
 */
#ifndef LOSSLENS_SWEEP_H
#define LOSSLENS_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/basin.h"

typedef struct {
    bool batch;   /* the minibatch size (RunDesc.batch), not a hyperparameter */
    HyperKey key; /* otherwise: which one; HYPER_COUNT: no setting at all (a one-row strip's
                     second axis: sweep_axis_apply leaves the run as it is) */
    double lo, hi;
    bool log;
} SweepAxis;

/* "lr=1e-4:1:log", "momentum=0:0.99", "batch=1:64" for a run of optimizer kind: KEY=LO:HI
 * with an optional ":log" (or ":lin"); KEY one the optimizer reads (bool keys refused),
 * LO < HI both valid values of it, LO > 0 on a log axis; batch whole numbers >= 1. false with
 * err = what was expected (without the flag's name). */
bool sweep_axis_parse(const char *text, OptimKind kind, SweepAxis *out, char *err,
                      size_t len);
/* The axis' key ("lr", "batch"; "" for no setting). */
const char *sweep_axis_key(const SweepAxis *a);
/* The value of cell i of n along a (top_first: row order, from hi down). */
double sweep_axis_value(const SweepAxis *a, int i, int n, bool top_first);
/* Sets a's setting of r to v. */
void sweep_axis_apply(const SweepAxis *a, double v, RunDesc *r);

typedef struct {
    const Landscape *ls;
    RunDesc run;      /* the settings the two axes vary */
    double start[2];
    long steps;
    SweepAxis x, y;
    int w, h;         /* >= 1 each */
    int threads;      /* 0: 2 */
    const volatile int *cancel; /* as BasinDesc.cancel */
} SweepDesc;

/* The RunDesc of cell (i, j). */
RunDesc sweep_cell_desc(const SweepDesc *d, int i, int j);
/* Fills cells[0 .. w h) (row j, column i at j w + i); false with err on out of memory or
 * when cancelled. */
bool sweep_compute(const SweepDesc *d, BasinCell *cells, char *err, size_t len);

#endif
