/* run.h - one optimizer run on one landscape: its settings, its recorded trajectory and why
 * it stopped.
 *
 * Each step draws this step's stochastic objective (a minibatch of a data landscape, or
 * Gaussian gradient noise on a closed-form one, or the exact gradient), asks the optimizer
 * for one update at the scheduled learning rate, and records the new point with its full
 * (not minibatch) loss and gradient. A run stops early only at the first non-finite value
 * ("diverged at step k"), the first point where f is undefined ("undefined at step k") or a
 * singular Newton system; |g| < tol is reported ("converged at
 * step k") but does not stop it.
 *
 * Two options of the optimizer desc are the run's, not the update rule's, and apply to every
 * optimizer: l2 = lambda adds lambda theta to each gradient (and lambda/2 |theta|^2 to the
 * loss a line search sees, lambda I to the Hessian), then clip = C rescales each gradient
 * whose norm exceeds C to norm C, at every evaluation the optimizer makes (look-ahead and
 * line-search points included). The recorded loss and gradient stay the landscape's own.
 * Every gradient and loss evaluation is counted (TrajPoint.grad_evals, loss_evals).
 */
#ifndef LOSSLENS_RUN_H
#define LOSSLENS_RUN_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "optim/optim.h"
#include "optim/schedule.h"
#include "run/batch.h"
#include "run/rng.h"

typedef struct {
    OptimizerDesc opt;
    Schedule schedule;
    int batch;     /* data landscapes: minibatch size B; 0 or >= n means the full dataset */
    double noise;  /* closed-form landscapes: std deviation of additive gradient noise */
    uint64_t seed; /* seeds the shuffles and the noise */
    double tol;    /* convergence threshold on |grad f|; 0 means the default 1e-6 */
} RunDesc;

/* What a run does to every gradient the optimizer asks for, after the noise: adds the L2
 * term l2 theta, then rescales g to norm clip when it is longer (clip > 0). The one home of
 * that arithmetic: run_step and the basin maps' many-start stepping both call it. */
static inline void run_grad_options(double l2, double clip, const double th[2], double g[2])
{
    g[0] += l2 * th[0];
    g[1] += l2 * th[1];
    if (clip > 0.0) {
        double norm = hypot(g[0], g[1]);
        if (norm > clip) {
            g[0] *= clip / norm;
            g[1] *= clip / norm;
        }
    }
}

/* A RunDesc for kind with its default hyperparameters, constant schedule, exact gradients. */
RunDesc run_desc_default(OptimKind kind);

typedef struct {
    long step;            /* k: the point after step k (0: the start) */
    double x, y;
    double loss, gx, gy;  /* full loss and gradient at (x, y) */
    double batch_loss;    /* the loss step k saw: its minibatch's loss at the point before
                             the step (what a training log reports); for exact and noisy
                             closed-form runs the full loss there; at step 0 the loss */
    long grad_evals;      /* gradient evaluations the optimizer made in steps 1..k */
    long loss_evals;      /* loss evaluations (line-search trials) in steps 1..k */
    double min_loss;      /* the least full loss of the steps this kept point stands for:
                             those after the previous kept point, up to and including k */
    double max_loss;      /* ... and the greatest */
    double dev;           /* how far (world units) the dropped points among those steps may
                             lie from the segment that ends here: 0 until thinned */
} TrajPoint;

typedef enum {
    RUN_ACTIVE,
    RUN_DIVERGED, /* a non-finite point, loss or gradient at step stop_step */
    RUN_SINGULAR, /* Newton: singular Hessian at step stop_step (where the run has run off,
                     a million times further out than it started, that is RUN_DIVERGED) */
    RUN_UNDEFINED, /* f undefined at the point of step stop_step (a typed log(x) at x < 0,
                      0/0): NaN there, or a finite value without a finite gradient */
} RunStop;

enum { RUN_MAX_TRIALS = 64 };

/* Memory is bounded by what can be drawn, not by the number of steps. A run keeps every
 * point until it holds RUN_KEEP_MAX of them; then it thins its history to at most half
 * (dropping points whose removal keeps every dropped point within a tolerance of the drawn
 * path: 1/4096 of the path's extent, doubled until enough go; never more than 1/4096 of the steps
 * between kept points; the start and the newest point stay) and goes on appending every
 * step. Whatever was thinned is recomputed exactly on demand from checkpoints: a copy of
 * everything run_step reads, taken every `interval` steps (at most RUN_CHECKPOINT_MAX of
 * them; the interval doubles when they run out). Runs of fewer than RUN_KEEP_MAX steps keep
 * every point: pts[k] is then step k. */
enum { RUN_KEEP_MAX = 1 << 15, RUN_CHECKPOINT_MAX = 256, RUN_CHECKPOINT_FIRST = 1024 };

typedef struct RunCheckpoint RunCheckpoint;
typedef struct RunMemo RunMemo;

typedef struct {
    RunDesc desc;
    const Landscape *ls;
    Optimizer *opt; /* owned */
    Rng rng;
    BatchSampler sampler;
    TrajPoint *pts; /* owned; the kept points in step order: pts[0] the start, pts[n - 1]
                       the newest (step run_last_step); pts[k] is step k until thinned */
    long n, cap;    /* kept points and capacity */
    TrajPoint prev; /* the point one step before the newest (the start itself at step 0) */
    unsigned long gen; /* changes whenever kept points change other than by appending */
    RunCheckpoint *cks; /* owned, in step order */
    int n_cks;
    long ck_interval;
    RunMemo *memo; /* owned: run_below_since's last answer, kept while it stays valid */
    RunStop stop;
    long stop_step;      /* valid when stop != RUN_ACTIVE */
    long converged_step; /* first step with |g| < tol, or -1 */
    CritKind converged_kind; /* what the Hessian makes the point of converged_step */
    int batch_start, batch_len; /* the last step's minibatch: sampler.perm[start .. +len)
                                   (len 0 before the first step and for exact runs) */
    long grad_evals, loss_evals; /* totals so far (the last point's counts) */
    /* The points where the last step evaluated the loss (a line search's trials, in the
     * order tried; the accepted one is the new point): n_trials of them, at most
     * RUN_MAX_TRIALS (later ones are counted in loss_evals, not kept). */
    double trials[RUN_MAX_TRIALS][2];
    int n_trials;
} Run;

/* Sets up a run at (x0, y0); on failure (out of memory) returns false with a message in err. */
bool run_init(Run *run, const Landscape *ls, const RunDesc *desc, double x0, double y0,
              char *err, size_t errlen);
void run_free(Run *run);
/* Restarts from (x0, y0) with fresh optimizer state and the seed's stream; keeps desc. */
bool run_restart(Run *run, double x0, double y0);
/* Takes one step. Returns false (and records nothing) once the run has stopped, or on
 * out-of-memory. */
bool run_step(Run *run);
/* Goes back to step k (0 <= k <= run_last_step): drops the later points and restores the
 * exact state the run had there (optimizer state, random stream, minibatch order) by
 * replaying from the nearest checkpoint before k, so stepping forward again reproduces the
 * same bits. false on out-of-memory. */
bool run_rewind(Run *run, long k);
/* The first half of run_rewind: back to the nearest checkpoint before step k (or the start;
 * nothing when k is the newest step), leaving the steps on to k to the caller (a lazy
 * session replays them within its budget). false when k is out of range or on
 * out-of-memory. */
bool run_rewind_before(Run *run, long k);

/* The step of the newest point (the steps taken); 0 for a run that has none. */
static inline long run_last_step(const Run *run)
{
    return run->n > 0 ? run->pts[run->n - 1].step : 0;
}
/* The newest point; the run must have one. */
static inline const TrajPoint *run_last(const Run *run)
{
    return &run->pts[run->n - 1];
}
/* The index of the last kept point at or before `step` (0 for steps before the start). */
long run_index_at(const Run *run, long step);
/* The exact point after step k (0 <= k <= run_last_step), recomputed from a checkpoint
 * when it was thinned away; false on out-of-memory or k out of range. */
bool run_point_at(const Run *run, long k, TrajPoint *out);
/* Calls emit for every step's exact point from 0 to run_last_step in order (what --csv
 * writes), recomputing thinned stretches; false on out-of-memory or when emit returns
 * false. */
bool run_each_point(const Run *run, bool (*emit)(void *ctx, const TrajPoint *p), void *ctx);

/* The optimizer's internal state and the learning rate of the next step as they were right
 * after step k (0 <= k <= run_last_step), for the inspector; false on out-of-memory. */
bool run_state_at(const Run *run, long k, OptimState *state, double *next_lr);

/* The indices of the minibatch the last step used (valid until the next step); returns
 * their count, 0 when the run has no minibatches or has not stepped yet. */
int run_last_batch(const Run *run, const int **idx);

/* The most bytes a run's trajectory and checkpoints hold once it has recorded `points`
 * points (kept points grow by doubling up to RUN_KEEP_MAX; checkpoints are estimated at their
 * largest): what a run of k steps needs is run_bytes_for(k + 1). For memory budgets. */
size_t run_bytes_for(long points);

/* Steps in one epoch of a minibatch run: ceil(n / B) for a data landscape of n points with
 * 0 < B < n (batch.h: the last batch of an epoch holds the remainder); 0 when the run sees
 * the whole dataset or has none. */
long run_steps_per_epoch(const Run *run);

/* The first step s <= upto from which the full loss stays below f_tol through step upto
 * (exact, thinned or not): when the loss at upto is below f_tol, the step after the last one
 * at or above it (0 when none was); else -1 (also when upto is past the last step). Its point
 * in *at when at is not NULL. A noisy run that dips below f_tol and climbs back has not got
 * there; answers for a growing upto are found from the last one. */
long run_below_since(const Run *run, long upto, double f_tol, TrajPoint *at);

/* Current learning rate (of the next step) under the schedule. */
double run_current_lr(const Run *run);
/* "diverged at step 12", "undefined at step 7", "converged at step 40", "singular Hessian at
 * step 3", or "". */
void run_status_text(const Run *run, char *buf, size_t len);
/* The legend text of a run, terminated and cut to fit:
 *   title  "Adam   α = 0.05, β₁ = 0.9, β₂ = 0.999" (optim_format_hypers), then
 *          " · step decay", " · B = 16" (a true minibatch), " · σ = 0.5", " · λ₂ = 0.1"
 *          (l2), " · C = 1" (clip) when they apply;
 *   status "step 200 · loss 1.234e-05 · converged at step 80" (loss "—" when not finite). */
void run_format_label(const Run *run, char *title, size_t tlen, char *status, size_t slen);
/* The legend's and the table's title of a run shown beside others (runs[0..n), e.g. a pane's,
 * run among them or not): the optimizer's name (compact: its id), the hyperparameters the
 * legend always shows, and every setting whose value differs among the runs of the same
 * optimizer (so "bias correction off", another seed, another schedule or batch tell two
 * runs apart), then the schedule, batch and noise as run_format_label shows them. Compact
 * (the results table, a one-line legend) leaves out the hyperparameters a run shares with
 * every other run of its optimizer among runs, so what tells them apart fits:
 * "adam bias correction off" beside "adam bias correction on". */
void run_format_title(const Run *run, const Run *runs, int n, bool compact, char *title,
                      size_t len);

#endif
