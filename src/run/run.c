/* run.c - steps one optimizer on one landscape and records the trajectory. The per-step
 * stochastic objective (minibatch or gradient noise) is built here, so every optimizer gets
 * stochastic gradients through the same Objective interface. */
#include "run/run.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "run/batch.h"

enum { RUN_INITIAL_CAP = 256 };
static const double RUN_DEFAULT_TOL = 1e-6;

RunDesc run_desc_default(OptimKind kind)
{
    return (RunDesc){
        .opt = optim_desc_default(kind),
        .schedule = schedule_default(SCHEDULE_CONSTANT),
    };
}

/* This step's loss: a minibatch (idx != NULL) of a data landscape, or the full landscape
 * plus Gaussian gradient noise of std deviation `noise` drawn from rng; then the run's own
 * options: the L2 term (l2/2)|theta|^2 and clipping of the gradient's norm to `clip`. Every
 * evaluation the optimizer asks for is counted in *grad_evals or *loss_evals. */
typedef struct {
    const Landscape *ls;
    const int *idx;
    int n;
    double noise;
    Rng *rng;
    double l2, clip;
    long *grad_evals, *loss_evals;
    Run *run; /* where the loss evaluations' points are kept (Run.trials) */
} StepLoss;

static double step_loss_eval(const StepLoss *sl, const double th[2], double g[2], double h[3])
{
    if (sl->idx) {
        return sl->ls->eval_batch(sl->idx, sl->n, th[0], th[1], g, h);
    }
    return landscape_eval(sl->ls, th[0], th[1], g, h);
}

/* The gradient the optimizer sees: noise and L2 first, then clipping, so |g| <= clip
 * always holds for what reaches the update rule. */
static void step_grad(void *ctx, const double th[2], double g[2])
{
    const StepLoss *sl = ctx;
    (*sl->grad_evals)++;
    step_loss_eval(sl, th, g, NULL);
    if (sl->noise > 0.0) {
        g[0] += sl->noise * rng_normal(sl->rng);
        g[1] += sl->noise * rng_normal(sl->rng);
    }
    run_grad_options(sl->l2, sl->clip, th, g);
}

/* The loss whose gradient step_grad returns (before noise and clipping). */
static double step_loss(void *ctx, const double th[2])
{
    const StepLoss *sl = ctx;
    double g[2];
    (*sl->loss_evals)++;
    Run *run = sl->run;
    if (run->n_trials < RUN_MAX_TRIALS) {
        run->trials[run->n_trials][0] = th[0];
        run->trials[run->n_trials][1] = th[1];
        run->n_trials++;
    }
    return step_loss_eval(sl, th, g, NULL) + 0.5 * sl->l2 * (th[0] * th[0] + th[1] * th[1]);
}

/* The Hessian of the loss including the L2 term (clipping and noise leave it alone). */
static void step_hess(void *ctx, const double th[2], double h[3])
{
    const StepLoss *sl = ctx;
    double g[2];
    step_loss_eval(sl, th, g, h);
    h[0] += sl->l2;
    h[2] += sl->l2;
}

static bool is_data(const Run *run)
{
    return run->ls->data != NULL && run->ls->eval_batch != NULL;
}

/* Evaluates the full loss at (x, y) into a trajectory point; false when anything is
 * non-finite. */
static bool point_at(const Run *run, double x, double y, double batch_loss, TrajPoint *p)
{
    double g[2];
    double loss = landscape_eval(run->ls, x, y, g, NULL);
    *p = (TrajPoint){ .x = x, .y = y, .loss = loss, .gx = g[0], .gy = g[1],
                      .batch_loss = batch_loss, .grad_evals = run->grad_evals,
                      .loss_evals = run->loss_evals };
    return isfinite(x) && isfinite(y) && isfinite(loss) && isfinite(g[0]) && isfinite(g[1]);
}

/* Why a point point_at refused stops the run: f undefined there (NaN at a finite point, or
 * a finite value without a finite gradient: log of a negative, 0/0, sqrt at 0) or
 * divergence (the point or the value ran off to infinity). */
static RunStop stop_kind(const TrajPoint *p)
{
    bool at = isfinite(p->x) && isfinite(p->y);
    bool grad = isfinite(p->gx) && isfinite(p->gy);
    return at && (isnan(p->loss) || (isfinite(p->loss) && !grad)) ? RUN_UNDEFINED
                                                                  : RUN_DIVERGED;
}

static bool push_point(Run *run, const TrajPoint *p)
{
    if (run->n == run->cap) {
        long cap = run->cap ? run->cap * 2 : RUN_INITIAL_CAP;
        TrajPoint *pts = realloc(run->pts, (size_t)cap * sizeof *pts);
        if (!pts) {
            return false;
        }
        run->pts = pts;
        run->cap = cap;
    }
    run->pts[run->n++] = *p;
    return true;
}

static void note_convergence(Run *run, const TrajPoint *p, long k)
{
    if (run->converged_step < 0 && hypot(p->gx, p->gy) < run->desc.tol) {
        run->converged_step = k;
    }
}

bool run_init(Run *run, const Landscape *ls, const RunDesc *desc, double x0, double y0,
              char *err, size_t errlen)
{
    *run = (Run){ .desc = *desc, .ls = ls };
    if (run->desc.tol <= 0.0) {
        run->desc.tol = RUN_DEFAULT_TOL;
    }
    run->opt = optim_create(&run->desc.opt);
    int n = is_data(run) ? ls->data->n : 0;
    if (!run->opt || !batch_init(&run->sampler, n, desc->batch) || !run_restart(run, x0, y0)) {
        snprintf(err, errlen, "out of memory setting up a %s run",
                 optim_vtable(desc->opt.kind)->id);
        run_free(run);
        return false;
    }
    return true;
}

void run_free(Run *run)
{
    if (run->opt) {
        optim_destroy(run->opt);
    }
    batch_free(&run->sampler);
    free(run->pts);
    *run = (Run){ 0 };
}

bool run_restart(Run *run, double x0, double y0)
{
    optim_reset(run->opt);
    run->rng = rng_seeded(run->desc.seed);
    batch_rewind(&run->sampler);
    run->n = 0;
    run->stop = RUN_ACTIVE;
    run->stop_step = 0;
    run->converged_step = -1;
    run->batch_start = run->batch_len = 0;
    run->grad_evals = run->loss_evals = 0;
    run->n_trials = 0;

    TrajPoint p;
    bool finite = point_at(run, x0, y0, 0.0, &p);
    p.batch_loss = p.loss;
    if (!finite) {
        /* A start where the loss is not finite cannot be stepped from. */
        run->stop = stop_kind(&p);
        p = (TrajPoint){ .x = x0, .y = y0, .loss = p.loss, .gx = p.gx, .gy = p.gy,
                         .batch_loss = p.loss };
    }
    if (!push_point(run, &p)) {
        return false;
    }
    if (finite) {
        note_convergence(run, &p, 0);
    }
    return true;
}

/* A run whose point has gone RUN_ESCAPE times further from the origin than its start (plus
 * one) has run off: where Newton's Hessian vanishes out there (a saturated logistic loss) the
 * run is reported as diverged, which is what happened, not as a singular Hessian. */
enum { RUN_ESCAPE = 1000000 };

static bool escaped(const Run *run, const TrajPoint *cur)
{
    double r0 = hypot(run->pts[0].x, run->pts[0].y);
    return hypot(cur->x, cur->y) > RUN_ESCAPE * (1.0 + r0);
}

double run_current_lr(const Run *run)
{
    return schedule_lr(&run->desc.schedule, run->desc.opt.lr, run->opt->k + 1);
}

bool run_step(Run *run)
{
    if (run->stop != RUN_ACTIVE) {
        return false;
    }
    const TrajPoint *cur = &run->pts[run->n - 1];
    StepLoss sl = { .ls = run->ls, .noise = is_data(run) ? 0.0 : run->desc.noise,
                    .rng = &run->rng, .l2 = run->desc.opt.l2, .clip = run->desc.opt.clip,
                    .grad_evals = &run->grad_evals, .loss_evals = &run->loss_evals,
                    .run = run };
    run->n_trials = 0;
    if (is_data(run)) {
        sl.n = batch_next(&run->sampler, &run->rng, &sl.idx);
        run->batch_start = (int)(sl.idx - run->sampler.perm);
        run->batch_len = sl.n;
    }
    double theta[2] = { cur->x, cur->y };
    double batch_loss = sl.idx ? step_loss_eval(&sl, theta, (double[2]){ 0 }, NULL) : cur->loss;
    double lr = run_current_lr(run);
    Objective obj = { .grad = step_grad, .hess = step_hess, .loss = step_loss, .ctx = &sl };
    OptimStatus st = optim_step(run->opt, &obj, lr, theta);
    long k = run->opt->k;
    if (st == OPTIM_SINGULAR) {
        run->stop = escaped(run, cur) ? RUN_DIVERGED : RUN_SINGULAR;
        run->stop_step = k;
        return false;
    }
    TrajPoint p;
    if (!point_at(run, theta[0], theta[1], batch_loss, &p)) {
        run->stop = stop_kind(&p);
        run->stop_step = k;
        return false;
    }
    if (!push_point(run, &p)) {
        return false;
    }
    note_convergence(run, &p, k);
    return true;
}

void run_status_text(const Run *run, char *buf, size_t len)
{
    switch (run->stop) {
    case RUN_DIVERGED:
        snprintf(buf, len, "diverged at step %ld", run->stop_step);
        return;
    case RUN_UNDEFINED:
        snprintf(buf, len, "undefined at step %ld", run->stop_step);
        return;
    case RUN_SINGULAR:
        snprintf(buf, len, "singular Hessian at step %ld", run->stop_step);
        return;
    case RUN_ACTIVE:
        break;
    }
    if (run->converged_step >= 0) {
        snprintf(buf, len, "converged at step %ld", run->converged_step);
    } else if (len > 0) {
        buf[0] = '\0';
    }
}

bool run_rewind(Run *run, long k)
{
    if (k < 0 || k >= run->n) {
        return false;
    }
    /* Replaying is exact (same seed, same arithmetic) and cheap next to a frame. */
    long n = run->n;
    TrajPoint start = run->pts[0];
    if (!run_restart(run, start.x, start.y)) {
        return false;
    }
    for (long i = 0; i < k && i < n; i++) {
        run_step(run);
    }
    return true;
}

bool run_state_at(const Run *run, long k, OptimState *state, double *next_lr)
{
    Run scratch;
    char err[128];
    if (k < 0 || k >= run->n ||
        !run_init(&scratch, run->ls, &run->desc, run->pts[0].x, run->pts[0].y, err,
                  sizeof err)) {
        return false;
    }
    for (long i = 0; i < k; i++) {
        run_step(&scratch);
    }
    optim_state(scratch.opt, state);
    *next_lr = run_current_lr(&scratch);
    run_free(&scratch);
    return true;
}

long run_first_below(const Run *run, double f_tol)
{
    for (long k = 0; k < run->n; k++) {
        if (run->pts[k].loss < f_tol) {
            return k;
        }
    }
    return -1;
}

int run_last_batch(const Run *run, const int **idx)
{
    *idx = run->sampler.perm ? run->sampler.perm + run->batch_start : NULL;
    return run->batch_len;
}

void run_format_label(const Run *run, char *title, size_t tlen, char *status, size_t slen)
{
    static const char DOT[] = " \xc2\xb7 "; /* " · " */
    run_format_title(run, run, 1, false, title, tlen);

    char st[96] = "";
    run_status_text(run, st, sizeof st);
    double loss = run->n > 0 ? run->pts[run->n - 1].loss : (double)NAN;
    char ls[32];
    if (isfinite(loss))
        snprintf(ls, sizeof ls, "%s%.4g", loss < 0.0 ? "\xe2\x88\x92" : "", fabs(loss));
    else
        snprintf(ls, sizeof ls, "%s", "\xe2\x80\x94");
    snprintf(status, slen, "step %ld%sloss %s%s%s", run->n > 0 ? run->n - 1 : 0, DOT, ls,
             st[0] ? DOT : "", st);
}

/* Whether hyperparameter k of run differs from that of any run of the same optimizer. */
static bool run_hyper_differs(const Run *run, const Run *runs, int n, HyperKey k)
{
    double v = hyper_get(&run->desc.opt, k);
    for (int i = 0; i < n; i++) {
        if (&runs[i] != run && runs[i].desc.opt.kind == run->desc.opt.kind &&
            hyper_get(&runs[i].desc.opt, k) != v)
            return true;
    }
    return false;
}

void run_format_title(const Run *run, const Run *runs, int n, bool compact, char *title,
                      size_t len)
{
    static const char DOT[] = " \xc2\xb7 "; /* " · " */
    const OptimVTable *vt = optim_vtable(run->desc.opt.kind);
    /* Compact (the table, a small pane's legend): beside another run of its optimizer, the
     * hyperparameters they share are left out, so what tells them apart is not cut off. */
    uint32_t skip = 0u;
    bool sibling = false;
    for (int i = 0; i < n; i++)
        sibling |= &runs[i] != run && runs[i].desc.opt.kind == run->desc.opt.kind;
    for (int h = 0; compact && sibling && h < HYPER_COUNT; h++)
        if (!run_hyper_differs(run, runs, n, (HyperKey)h))
            skip |= 1u << h;
    char hp[160];
    optim_format_hypers_except(&run->desc.opt, skip, hp, sizeof hp);
    size_t k = (size_t)snprintf(title, len, "%s%s%s", compact ? vt->id : vt->name,
                                compact ? " " : "   ", hp);
    /* What the legend leaves out unless it tells this run from another of its optimizer. */
    const char *sep = hp[0] ? ", " : "";
    for (int h = 0; h < HYPER_COUNT && k < len; h++) {
        const HyperInfo *hi = hyper_info((HyperKey)h);
        if (hi->in_legend || hi->every_optimizer ||
            !hyper_used_by(run->desc.opt.kind, (HyperKey)h) ||
            !run_hyper_differs(run, runs, n, (HyperKey)h))
            continue;
        double v = hyper_get(&run->desc.opt, (HyperKey)h);
        if (hi->is_bool)
            k += (size_t)snprintf(title + k, len - k, "%s%s %s", sep, hi->label,
                                  v != 0.0 ? "on" : "off");
        else
            k += (size_t)snprintf(title + k, len - k, "%s%s = %g", sep, hi->symbol, v);
        sep = ", ";
    }
    if (run->desc.schedule.kind != SCHEDULE_CONSTANT && k < len)
        k += (size_t)snprintf(title + k, len - k, "%s%s decay", DOT,
                              schedule_id(run->desc.schedule.kind));
    if (run->ls && run->ls->data && run->desc.batch > 0 && run->desc.batch < run->ls->data->n &&
        k < len)
        k += (size_t)snprintf(title + k, len - k, "%sB = %d", DOT, run->desc.batch);
    if (run->desc.noise > 0.0 && k < len)
        k += (size_t)snprintf(title + k, len - k, "%s\xcf\x83 = %g", DOT, run->desc.noise);
    /* The per-run options every optimizer takes (l2, clip), by their symbols, when on. */
    for (int h = 0; h < HYPER_COUNT && k < len; h++) {
        double v = hyper_get(&run->desc.opt, (HyperKey)h);
        if (hyper_info((HyperKey)h)->every_optimizer && v > 0.0)
            k += (size_t)snprintf(title + k, len - k, "%s%s = %g", DOT,
                                  hyper_info((HyperKey)h)->symbol, v);
    }
    bool seeds_differ = false;
    for (int i = 0; i < n; i++)
        seeds_differ |= runs[i].desc.seed != run->desc.seed;
    if (seeds_differ && k < len)
        snprintf(title + k, len - k, "%sseed %llu", DOT, (unsigned long long)run->desc.seed);
}

size_t run_bytes_for(long points)
{
    /* push_point's growth: RUN_INITIAL_CAP, then doubling (up to 2^40, or where size_t ends:
     * it has 32 bits in wasm). */
    size_t cap = RUN_INITIAL_CAP;
    while ((long)cap < points && (uint64_t)cap < ((uint64_t)1 << 40) && cap <= SIZE_MAX / 2) {
        cap *= 2;
    }
    return cap * sizeof(TrajPoint);
}

long run_steps_per_epoch(const Run *run)
{
    const Dataset *data = run->ls ? run->ls->data : NULL;
    int b = run->desc.batch;
    if (!data || b <= 0 || b >= data->n)
        return 0;
    return ((long)data->n + b - 1) / b;
}
