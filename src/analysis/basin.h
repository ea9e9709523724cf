/* basin.h - where every start of a grid ends: one run's settings stepped from each pixel
 * centre of a view, each start's end point, loss, steps and status exactly as a run
 * (run/run.h) from that start computes them, and the minimum it ends nearest to.
 *
 * Starts are pixel centres, top row first: x_i = xmin + (i + 1/2)(xmax - xmin)/w,
 * y_j = ymax - (j + 1/2)(ymax - ymin)/h, cell j * w + i. The work is shared among threads by
 * rows. Closed-form and typed landscapes under optimizers with a many-point rule
 * (optim_has_lanes) are stepped many starts at a time (expr_eval_grad_lanes,
 * optim_step_lanes) with the bits of run_step; everything else steps one reused Run per
 * thread. libc and pthreads; never prints.
 */
#ifndef LOSSLENS_BASIN_H
#define LOSSLENS_BASIN_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "run/run.h"

typedef enum {
    BASIN_CONVERGED, /* |grad f| < tol was reached; steps = the first such step */
    BASIN_DIVERGED,  /* the run stopped (non-finite value, f undefined, singular Newton
                        system); steps = the step it stopped at, end = the last finite point */
    BASIN_RUNNING,   /* neither within the steps; steps = N */
    BASIN_STATUS_COUNT
} BasinStatus;

/* Class of a cell that did not converge (converged cells hold the index of their minimum). */
enum { BASIN_CLASS_DIVERGED = -1, BASIN_CLASS_RUNNING = -2, BASIN_MAX_MINIMA = 256 };

typedef struct {
    double end_x, end_y; /* theta after N steps, or the last finite theta */
    double loss;         /* the full loss there */
    long steps;
    BasinStatus status;
    int cls;             /* index of the nearest minimum when converged, else BASIN_CLASS_* */
} BasinCell;

/* How the starts are stepped: AUTO picks the many-start path where it applies, RUNS one
 * reused Run per thread (run_restart), NAIVE run_init/run_step/run_free per start (the
 * reference the benchmark compares against). All three give the same cells. */
typedef enum { BASIN_PATH_AUTO, BASIN_PATH_RUNS, BASIN_PATH_NAIVE } BasinPath;

typedef struct {
    const Landscape *ls;
    RunDesc run;     /* the run's settings (tol 0: run.h's default) */
    long steps;      /* N >= 0 */
    ViewBox view;    /* the starts' window */
    int w, h;        /* grid, >= 1 each */
    const CriticalPoint *minima; /* the classes (basin_minima), n_minima of them */
    int n_minima;
    int threads;     /* 0: 2 */
    BasinPath path;
    const volatile int *cancel; /* when not NULL and set non-zero, stops early (false) */
} BasinDesc;

/* Fills cells[0 .. w h) as described above. false with err on out of memory or when
 * cancelled (cells then partly filled). */
bool basin_compute(const BasinDesc *d, BasinCell *cells, char *err, size_t len);

/* The cell of a start that ended at (end_x, end_y) with loss there, having converged at step
 * conv (-1: never) and stopped at step stop (-1: never) within steps: the one home of the
 * status, steps and class rules (basin_cell_from_run states them), shared by the many-start
 * path and the GPU's read-back (BasinEngine). */
void basin_cell_finish(double end_x, double end_y, double loss, long conv, long stop,
                       long steps, const CriticalPoint *minima, int n_minima, BasinCell *out);

/* Another way to compute a map, behind a GL-free interface: the window hands one in
 * (render/basin_gl.h: every start stepped in a fragment shader) and the overlay asks it
 * first. supports: whether it computes d (its landscape, optimizer and settings); compute:
 * fills cells as basin_compute does, but in the engine's arithmetic (the GPU's: the classes
 * and steps of basin_compute on nearly every cell, not its bits), classes by
 * basin_cell_finish. false with err when it could not (the caller then uses the CPU). */
typedef struct BasinEngine BasinEngine;
struct BasinEngine {
    bool (*supports)(const BasinEngine *e, const BasinDesc *d);
    bool (*compute)(BasinEngine *e, const BasinDesc *d, BasinCell *cells, char *err,
                    size_t len);
};

/* The start of cell (i, j): the pixel centre. */
void basin_start(const BasinDesc *d, int i, int j, double *x, double *y);

/* The cell of a finished run: its last point, and its status as above (a run that stopped
 * after converging is diverged). cls from minima (nearest by distance). */
void basin_cell_from_run(const Run *run, long steps, const CriticalPoint *minima, int n_minima,
                         BasinCell *out);

/* The minima a map classifies by: ls's listed minima, then those analysis_find_critical
 * finds in view that are not listed (a typed function lists none), at most max. Returns
 * how many. */
int basin_minima(const Landscape *ls, ViewBox view, CriticalPoint *out, int max);

/* Index of the minimum nearest to (x, y) (the first on a tie), -1 when n == 0. */
int basin_nearest(const CriticalPoint *minima, int n, double x, double y);

/* Runs fn(ctx, first, step, err, len) on `threads` threads (0: 2), thread t taking rows
 * t, t + step, ... of h (step = the thread count); false with the first failing call's
 * message. The basin map's and the sweep's threads. */
typedef bool (*BasinRowsFn)(void *ctx, int first, int step, char *err, size_t len);
bool basin_for_rows(int threads, int h, BasinRowsFn fn, void *ctx, char *err, size_t len);

/* "converged", "diverged", "running". */
const char *basin_status_name(BasinStatus s);

#endif
