/* basin.c - the basin map's engine: every start of a grid stepped to N as its own run would
 * be, on threads by rows. The many-start path keeps a block of starts in arrays and follows
 * run_step's order of operations exactly (a run's gradient at its point is the one its last
 * step recorded, then noise, run_grad_options, the optimizer's rule, the full evaluation
 * of the new point, the stop and convergence tests), so its cells equal the runs' bits.
 */
#include "analysis/basin.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "util/vectorize.h"

enum { BASIN_LANES = 64, BASIN_MAX_THREADS = 16, BASIN_DEFAULT_THREADS = 2 };
static const double BASIN_DEFAULT_TOL = 1e-6; /* run.h's default when tol is 0 */

const char *basin_status_name(BasinStatus s)
{
    static const char *const NAMES[] = {"converged", "diverged", "running"};
    static_assert(sizeof NAMES / sizeof NAMES[0] == BASIN_STATUS_COUNT, "status names");
    return s >= 0 && s < BASIN_STATUS_COUNT ? NAMES[s] : "?";
}

void basin_start(const BasinDesc *d, int i, int j, double *x, double *y)
{
    *x = d->view.xmin + (i + 0.5) * (d->view.xmax - d->view.xmin) / d->w;
    *y = d->view.ymax - (j + 0.5) * (d->view.ymax - d->view.ymin) / d->h;
}

int basin_nearest(const CriticalPoint *minima, int n, double x, double y)
{
    int best = -1;
    double best_d = INFINITY;
    for (int k = 0; k < n; k++) {
        double dx = x - minima[k].x, dy = y - minima[k].y, dd = dx * dx + dy * dy;
        if (dd < best_d) {
            best_d = dd;
            best = k;
        }
    }
    return best;
}

int basin_minima(const Landscape *ls, ViewBox view, CriticalPoint *out, int max)
{
    int n = 0;
    for (int k = 0; k < ls->n_crit && n < max; k++) {
        if (ls->crit[k].kind == CRIT_MINIMUM)
            out[n++] = ls->crit[k];
    }
    /* Room for every critical point of a lattice of BASIN_MAX_MINIMA minima: Rastrigin has
     * a maximum and two saddles per minimum, and a shorter list (it was 2 per minimum) lost
     * the minima found last, whose starts then took a neighbour's hue. */
    enum { ROOM = BASIN_MAX_MINIMA * 4 };
    CriticalPoint small[BASIN_MAX_MINIMA];
    CriticalPoint *found = malloc(ROOM * sizeof *found);
    int room = ROOM;
    if (!found) { /* out of memory: the minima a short list holds */
        found = small;
        room = BASIN_MAX_MINIMA;
    }
    int nf = analysis_find_critical(ls, view, found, room);
    double tol = 1e-6 * fmax(view.xmax - view.xmin, view.ymax - view.ymin);
    for (int k = 0; k < nf && n < max; k++) {
        if (found[k].kind != CRIT_MINIMUM)
            continue;
        int near = basin_nearest(out, n, found[k].x, found[k].y);
        if (near >= 0 && hypot(out[near].x - found[k].x, out[near].y - found[k].y) < tol)
            continue;
        out[n++] = found[k];
    }
    if (found != small)
        free(found);
    return n;
}

void basin_cell_from_run(const Run *run, long steps, const CriticalPoint *minima, int n_minima,
                         BasinCell *out)
{
    const TrajPoint *last = run_last(run);
    basin_cell_finish(last->x, last->y, last->loss, run->converged_step,
                      run->stop != RUN_ACTIVE ? run->stop_step : -1, steps, minima, n_minima,
                      out);
}

void basin_cell_finish(double end_x, double end_y, double loss, long conv, long stop,
                       long steps, const CriticalPoint *minima, int n_minima, BasinCell *out)
{
    *out = (BasinCell){.end_x = end_x, .end_y = end_y, .loss = loss};
    if (stop >= 0) {
        out->status = BASIN_DIVERGED;
        out->steps = stop;
        out->cls = BASIN_CLASS_DIVERGED;
    } else if (conv >= 0) {
        out->status = BASIN_CONVERGED;
        out->steps = conv;
        out->cls = basin_nearest(minima, n_minima, end_x, end_y);
    } else {
        out->status = BASIN_RUNNING;
        out->steps = steps;
        out->cls = BASIN_CLASS_RUNNING;
    }
}

/* ---- one start at a time: a Run per start (NAIVE) or one reused per thread (RUNS) ---- */

/* Steps run to d->steps; false on out of memory (the run's own check, as --csv's). */
static bool basin_run_steps(const BasinDesc *d, Run *run)
{
    for (long k = 0; k < d->steps && run_step(run); k++) {
    }
    return run->stop != RUN_ACTIVE || run_last_step(run) == d->steps;
}

typedef struct {
    const BasinDesc *d;
    BasinCell *cells;
    int first_row, row_step;
    bool ok;
    char err[160];
} BasinJob;

static bool basin_cancelled(const BasinDesc *d)
{
    return d->cancel && *d->cancel;
}

static void basin_rows_runs(BasinJob *job)
{
    const BasinDesc *d = job->d;
    Run run;
    bool have = false;
    for (int j = job->first_row; j < d->h && job->ok; j += job->row_step) {
        if (basin_cancelled(d)) {
            snprintf(job->err, sizeof job->err, "cancelled");
            job->ok = false;
            break;
        }
        for (int i = 0; i < d->w && job->ok; i++) {
            double x, y;
            basin_start(d, i, j, &x, &y);
            bool naive = d->path == BASIN_PATH_NAIVE;
            if (naive || !have) {
                job->ok = run_init(&run, d->ls, &d->run, x, y, job->err, sizeof job->err);
                have = job->ok;
            } else if (!run_restart(&run, x, y)) {
                snprintf(job->err, sizeof job->err, "out of memory");
                job->ok = false;
            }
            if (job->ok && !basin_run_steps(d, &run)) {
                snprintf(job->err, sizeof job->err, "out of memory after %ld steps",
                         run_last_step(&run));
                job->ok = false;
            }
            if (job->ok)
                basin_cell_from_run(&run, d->steps, d->minima, d->n_minima,
                                    &job->cells[(size_t)j * d->w + i]);
            if (naive && have) {
                run_free(&run);
                have = false;
            }
        }
    }
    if (have)
        run_free(&run);
}

/* ---- many starts at a time ---------------------------------------------------------- */

static bool basin_lanes_apply(const BasinDesc *d)
{
    return d->path == BASIN_PATH_AUTO && d->ls->program && !d->ls->data &&
           optim_has_lanes(&d->run.opt);
}

/* A block of up to BASIN_LANES starts and its scratch. */
typedef struct {
    double x[BASIN_LANES], y[BASIN_LANES];     /* theta */
    double f[BASIN_LANES], gx[BASIN_LANES], gy[BASIN_LANES]; /* full loss, gradient there */
    double ux[BASIN_LANES], uy[BASIN_LANES];   /* the gradient the rule sees */
    double st[OPTIM_LANE_STATE_MAX][BASIN_LANES];
    double ex[BASIN_LANES], ey[BASIN_LANES], el[BASIN_LANES]; /* the last finite point */
    long conv[BASIN_LANES], stop[BASIN_LANES]; /* -1: not (yet) */
    double *work;                               /* expr_eval_grad_lanes' scratch */
} BasinLanes;

/* The lanes step k stopped (a non-finite point, loss or gradient: run_step's point_at test),
 * the last finite point of those still going, and which may have converged: their
 * |g|^2 is within a few ulps of tol^2 or below (hypot decides, in lanes_converge). Returns
 * how many still go; *maybe says whether any may have converged. Branch-free per lane so
 * that it runs several lanes at once. */
UTIL_VECTORIZE static int lanes_record(int n, long k, double tol2, const double *restrict x,
                                       const double *restrict y, const double *restrict f,
                                       const double *restrict gx, const double *restrict gy,
                                       double *restrict ex, double *restrict ey,
                                       double *restrict el, long *restrict stop,
                                       const long *restrict conv, bool *maybe)
{
    int active = 0, near = 0;
    for (int i = 0; i < n; i++) {
        /* |v| <= DBL_MAX is false for inf and NaN: isfinite without a branch */
        bool ok = fabs(x[i]) <= DBL_MAX && fabs(y[i]) <= DBL_MAX && fabs(f[i]) <= DBL_MAX &&
                  fabs(gx[i]) <= DBL_MAX && fabs(gy[i]) <= DBL_MAX;
        bool going = stop[i] < 0;
        bool live = going && ok;
        stop[i] = going && !ok ? k : stop[i];
        ex[i] = live ? x[i] : ex[i];
        ey[i] = live ? y[i] : ey[i];
        el[i] = live ? f[i] : el[i];
        double gg = gx[i] * gx[i] + gy[i] * gy[i];
        active += live;
        near += live && conv[i] < 0 && gg <= tol2 * (1.0 + 1e-9);
    }
    *maybe = near > 0;
    return active;
}

/* The convergence test of the lanes lanes_record found near: hypot(g) < tol, as run.c. */
static void lanes_converge(BasinLanes *b, int n, long k, double tol)
{
    for (int i = 0; i < n; i++) {
        if (b->stop[i] < 0 && b->conv[i] < 0 && hypot(b->gx[i], b->gy[i]) < tol)
            b->conv[i] = k;
    }
}

/* Records step k of the block; returns how many lanes still go. */
static int lanes_step_done(BasinLanes *b, int n, long k, double tol)
{
    bool maybe;
    int active = lanes_record(n, k, tol * tol, b->x, b->y, b->f, b->gx, b->gy, b->ex, b->ey,
                              b->el, b->stop, b->conv, &maybe);
    if (maybe)
        lanes_converge(b, n, k, tol);
    return active;
}

/* Steps the n starts (sx[i], sy[i]) to d->steps into cells[0 .. n). */
static void lanes_block(const BasinDesc *d, BasinLanes *b, int n, const double *sx,
                        const double *sy, BasinCell *cells)
{
    const Landscape *ls = d->ls;
    const RunDesc *r = &d->run;
    double tol = r->tol > 0.0 ? r->tol : BASIN_DEFAULT_TOL;
    OptimLanes ol = {.n = n, .x = b->x, .y = b->y, .gx = b->ux, .gy = b->uy};
    for (int s = 0; s < OPTIM_LANE_STATE_MAX; s++) {
        ol.state[s] = b->st[s];
        memset(b->st[s], 0, sizeof b->st[s]);
    }
    for (int i = 0; i < n; i++) {
        b->x[i] = sx[i];
        b->y[i] = sy[i];
        b->conv[i] = b->stop[i] = -1;
    }
    Rng rng = rng_seeded(r->seed);
    expr_eval_grad_lanes(ls->program, ls->params, n, b->x, b->y, b->f, b->gx, b->gy, b->work);
    for (int i = 0; i < n; i++) {
        /* a start that cannot be stepped from keeps run_restart's record of it */
        b->ex[i] = b->x[i];
        b->ey[i] = b->y[i];
        b->el[i] = b->f[i];
    }
    int active = lanes_step_done(b, n, 0, tol);
    for (long k = 1; k <= d->steps && active > 0; k++) {
        double nz[2] = {0.0, 0.0};
        if (r->noise > 0.0) {
            /* every start's run draws the same stream: one draw serves them all */
            nz[0] = r->noise * rng_normal(&rng);
            nz[1] = r->noise * rng_normal(&rng);
        }
        for (int i = 0; i < n; i++) {
            double g[2] = {b->gx[i], b->gy[i]}, th[2] = {b->x[i], b->y[i]};
            if (r->noise > 0.0) {
                g[0] += nz[0];
                g[1] += nz[1];
            }
            run_grad_options(r->opt.l2, r->opt.clip, th, g);
            b->ux[i] = g[0];
            b->uy[i] = g[1];
        }
        optim_step_lanes(&r->opt, &ol, schedule_lr(&r->schedule, r->opt.lr, k));
        expr_eval_grad_lanes(ls->program, ls->params, n, b->x, b->y, b->f, b->gx, b->gy,
                             b->work);
        active = lanes_step_done(b, n, k, tol);
    }
    for (int i = 0; i < n; i++)
        basin_cell_finish(b->ex[i], b->ey[i], b->el[i], b->conv[i], b->stop[i], d->steps,
                          d->minima, d->n_minima, &cells[i]);
}

static void basin_rows_lanes(BasinJob *job)
{
    const BasinDesc *d = job->d;
    BasinLanes *b = malloc(sizeof *b);
    double *work = malloc(expr_lanes_work(d->ls->program, BASIN_LANES) * sizeof(double));
    if (!b || !work) {
        snprintf(job->err, sizeof job->err, "out of memory");
        job->ok = false;
        free(b);
        free(work);
        return;
    }
    b->work = work;
    double sx[BASIN_LANES], sy[BASIN_LANES];
    for (int j = job->first_row; j < d->h; j += job->row_step) {
        if (basin_cancelled(d)) {
            snprintf(job->err, sizeof job->err, "cancelled");
            job->ok = false;
            break;
        }
        for (int i0 = 0; i0 < d->w; i0 += BASIN_LANES) {
            int n = d->w - i0 < BASIN_LANES ? d->w - i0 : BASIN_LANES;
            for (int i = 0; i < n; i++)
                basin_start(d, i0 + i, j, &sx[i], &sy[i]);
            lanes_block(d, b, n, sx, sy, &job->cells[(size_t)j * d->w + i0]);
        }
    }
    free(work);
    free(b);
}

/* basin_for_rows' thread: its rows. */
typedef struct {
    BasinRowsFn fn;
    void *ctx;
    int first, step;
    bool ok;
    char err[160];
} RowsJob;

static void *rows_worker(void *arg)
{
    RowsJob *job = arg;
    job->ok = job->fn(job->ctx, job->first, job->step, job->err, sizeof job->err);
    return NULL;
}

bool basin_for_rows(int threads, int h, BasinRowsFn fn, void *ctx, char *err, size_t len)
{
    int nt = threads > 0 ? threads : BASIN_DEFAULT_THREADS;
    nt = nt > BASIN_MAX_THREADS ? BASIN_MAX_THREADS : nt > h ? h : nt;
    nt = nt < 1 ? 1 : nt;
    RowsJob jobs[BASIN_MAX_THREADS];
    pthread_t tid[BASIN_MAX_THREADS];
    bool started[BASIN_MAX_THREADS] = {false};
    for (int t = 0; t < nt; t++)
        jobs[t] = (RowsJob){.fn = fn, .ctx = ctx, .first = t, .step = nt, .ok = true};
    /* Job 0 runs on this thread; a thread that cannot start leaves its rows to it. */
    for (int t = 1; t < nt; t++)
        started[t] = pthread_create(&tid[t], NULL, rows_worker, &jobs[t]) == 0;
    rows_worker(&jobs[0]);
    bool ok = jobs[0].ok;
    const char *why = jobs[0].err;
    for (int t = 1; t < nt; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            rows_worker(&jobs[t]);
        if (ok && !jobs[t].ok) {
            ok = false;
            why = jobs[t].err;
        }
    }
    if (!ok)
        snprintf(err, len, "%s", why);
    return ok;
}

typedef struct {
    const BasinDesc *d;
    BasinCell *cells;
} BasinCtx;

static bool basin_rows(void *ctx, int first, int step, char *err, size_t len)
{
    const BasinCtx *c = ctx;
    BasinJob job = {.d = c->d, .cells = c->cells, .first_row = first, .row_step = step,
                    .ok = true};
    if (basin_lanes_apply(c->d))
        basin_rows_lanes(&job);
    else
        basin_rows_runs(&job);
    if (!job.ok)
        snprintf(err, len, "%s", job.err);
    return job.ok;
}

bool basin_compute(const BasinDesc *d, BasinCell *cells, char *err, size_t len)
{
    assert(d && d->ls && cells && d->w >= 1 && d->h >= 1 && d->steps >= 0);
    BasinCtx c = {d, cells};
    return basin_for_rows(d->threads, d->h, basin_rows, &c, err, len);
}
