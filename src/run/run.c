/* run.c - steps one optimizer on one landscape and records the trajectory. The per-step
 * stochastic objective (minibatch or gradient noise) is built here, so every optimizer gets
 * stochastic gradients through the same Objective interface. */
#include "run/run.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* Where the step's loss is the whole dataset in index order: the point it starts from,
     * whose loss and gradient point_at took from landscape_eval, which gives the same bits
     * (landscape.h), so a gradient there is not computed again. NULL otherwise. */
    const TrajPoint *at;
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
    if (sl->at && memcmp(&th[0], &sl->at->x, sizeof th[0]) == 0 &&
        memcmp(&th[1], &sl->at->y, sizeof th[1]) == 0) {
        g[0] = sl->at->gx;
        g[1] = sl->at->gy;
    } else {
        step_loss_eval(sl, th, g, NULL);
    }
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

/* Everything run_step reads, as it was right after step `step`: restoring it and stepping
 * gives the bits the run gave. */
struct RunCheckpoint {
    long step;
    Optimizer *opt; /* owned copy */
    Rng rng;
    int *perm; /* owned copy of the sampler's order (NULL without data) */
    int pos;
    long epoch;
    long grad_evals, loss_evals;
    TrajPoint point, prev;
};

/* run_below_since's last answer (`since` for `upto`), valid while gen and f_tol are the
 * same. */
struct RunMemo {
    bool valid;
    unsigned long gen;
    double f_tol;
    long upto, since;
    TrajPoint at;
};

static void checkpoint_free(RunCheckpoint *ck)
{
    if (ck->opt)
        optim_destroy(ck->opt);
    free(ck->perm);
    *ck = (RunCheckpoint){ 0 };
}

/* What a thinning pass asks of a point p between the last kept point a and the point b after
 * it: whether it may go (dev: how far the dropped points would then lie from a -> b at
 * most), and, told that p stays, what the pass keeps count of. */
typedef struct {
    bool (*drop)(void *ctx, const TrajPoint *a, const TrajPoint *p, const TrajPoint *b,
                 double dev);
    void (*kept)(void *ctx, const TrajPoint *a, const TrajPoint *p); /* or NULL */
    void *ctx;
} ThinRule;

/* One thinning pass: a point goes when it is less than `gap` steps after the last kept one
 * and the rule drops it. The start and the newest point stay. What dropping p leaves is
 * bounded: its distance d to a -> b plus what the two stretches already deviate (everything
 * on them was within that of the old segments, which are within d of the new one); it
 * passes to the next point with p's least and greatest loss. Returns the points kept. */
static long thin_walk(TrajPoint *pts, long n, long gap, const ThinRule *rule)
{
    long w = 1;
    double carried = INFINITY, carried_max = -INFINITY;
    for (long r = 1; r < n; r++) {
        TrajPoint p = pts[r];
        p.min_loss = fmin(p.min_loss, carried);
        p.max_loss = fmax(p.max_loss, carried_max);
        const TrajPoint *a = &pts[w - 1];
        bool keep = r == n - 1 || p.step - a->step >= gap;
        if (!keep) {
            TrajPoint *b = &pts[r + 1];
            double ux = b->x - a->x, uy = b->y - a->y, vx = p.x - a->x, vy = p.y - a->y;
            double len2 = ux * ux + uy * uy;
            double t = len2 > 0.0 ? fmin(1.0, fmax(0.0, (vx * ux + vy * uy) / len2)) : 0.0;
            double dev = hypot(vx - t * ux, vy - t * uy) + fmax(p.dev, b->dev);
            keep = !rule->drop(rule->ctx, a, &p, b, dev);
            if (!keep)
                b->dev = dev;
        }
        if (keep) {
            if (rule->kept)
                rule->kept(rule->ctx, a, &p);
            pts[w++] = p;
            carried = INFINITY;
            carried_max = -INFINITY;
        } else {
            carried = p.min_loss;
            carried_max = p.max_loss;
        }
    }
    return w;
}

/* The tolerance rule: p goes when every dropped point stays within eps (world units) of the
 * drawn path. */
static bool drop_within(void *ctx, const TrajPoint *a, const TrajPoint *p, const TrajPoint *b,
                        double dev)
{
    (void)a, (void)p, (void)b;
    return dev <= *(const double *)ctx;
}

static long thin_pass(TrajPoint *pts, long n, double eps, long gap)
{
    ThinRule rule = { drop_within, NULL, &eps };
    return thin_walk(pts, n, gap, &rule);
}

/* A coarse picture of which cells of the path's box the kept segments pass through: `cells`
 * (at most RUN_COVER_CELLS) a side, of `cell` world units from (x0, y0). */
enum { RUN_COVER_CELLS = 512, RUN_COVER_CELLS_MIN = 32, RUN_COVER_SAMPLES_MAX = 128 };

typedef struct {
    double x0, y0, cell;
    int cells;
    uint8_t bits[RUN_COVER_CELLS * RUN_COVER_CELLS / 8];
} Cover;

/* Visits the cells along a -> b (sampled every half cell); mark sets them, else returns
 * whether all were set. A segment longer than RUN_COVER_SAMPLES_MAX half cells, or not
 * finite, counts as never covered. */
static bool cover_walk(Cover *c, const TrajPoint *a, const TrajPoint *b, bool mark)
{
    double len = hypot(b->x - a->x, b->y - a->y);
    if (!isfinite(len) || !isfinite(a->x) || !isfinite(a->y))
        return false;
    int samples = (int)ceil(2.0 * len / c->cell);
    if (samples > RUN_COVER_SAMPLES_MAX)
        return false;
    for (int i = 0; i <= samples; i++) {
        double t = samples ? (double)i / samples : 0.0;
        double fx = (a->x + t * (b->x - a->x) - c->x0) / c->cell;
        double fy = (a->y + t * (b->y - a->y) - c->y0) / c->cell;
        if (!(fx >= 0.0 && fy >= 0.0 && fx < c->cells && fy < c->cells))
            return false;
        size_t bit = (size_t)fy * (size_t)c->cells + (size_t)fx;
        if (mark)
            c->bits[bit / 8] |= (uint8_t)(1u << (bit % 8));
        else if (!(c->bits[bit / 8] & (1u << (bit % 8))))
            return false;
    }
    return true;
}

/* The revisit rule: p goes when its segments, and the one that replaces them, only go over
 * cells the kept path has already been drawn through (a long stay around a minimum adds
 * nothing to the picture); each kept segment marks its cells. */
static bool drop_revisit(void *ctx, const TrajPoint *a, const TrajPoint *p, const TrajPoint *b,
                         double dev)
{
    (void)dev;
    Cover *c = ctx;
    return cover_walk(c, a, p, false) && cover_walk(c, p, b, false) &&
           cover_walk(c, a, b, false);
}

static void mark_kept(void *ctx, const TrajPoint *a, const TrajPoint *p)
{
    cover_walk(ctx, a, p, true);
}

static long thin_revisits(TrajPoint *pts, long n, Cover *c, long gap)
{
    memset(c->bits, 0, sizeof c->bits);
    ThinRule rule = { drop_revisit, mark_kept, c };
    return thin_walk(pts, n, gap, &rule);
}

/* Leaves at most half the capacity: drops the points the drawn path does not need, within
 * 1/4096 of the path's extent (far below a pixel at any view that shows it whole), never
 * leaving more than 1/4096 of the steps between kept points, so the loss plot keeps its
 * shape too. When that is not enough, the points whose segments only revisit cells the path
 * already went through go (cells of 1/512 of its box, then twice as large, down to 1/32).
 * When that is still not enough, the run's steps are cut into RUN_THIN_BLOCKS equal
 * stretches and only the stretches with the most points are thinned further (tolerance doubled until each fits a common share). So a
 * long jitter around a minimum does not cost the precision of the path that led there. */
enum { RUN_THIN_BLOCKS = 64 };

static void thin_points(Run *run)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (long i = 0; i < run->n; i++) {
        const TrajPoint *p = &run->pts[i];
        if (isfinite(p->x) && isfinite(p->y)) {
            x0 = fmin(x0, p->x), x1 = fmax(x1, p->x);
            y0 = fmin(y0, p->y), y1 = fmax(y1, p->y);
        }
    }
    double extent = x0 <= x1 ? hypot(x1 - x0, y1 - y0) : 0.0;
    long last = run_last_step(run), target = run->cap / 2;
    long gap = last / 4096 > 2 ? last / 4096 : 2;
    double eps0 = extent / 4096.0 > 0.0 ? extent / 4096.0 : DBL_MIN;
    run->n = thin_pass(run->pts, run->n, eps0, gap);
    run->gen++;
    if (run->n <= target)
        return;
    Cover *cover = malloc(sizeof *cover);
    double side = fmax(x1 - x0, y1 - y0);
    for (int cells = RUN_COVER_CELLS; cover && cells >= RUN_COVER_CELLS_MIN; cells /= 2) {
        *cover = (Cover){ .x0 = x0 - 0.01 * side, .y0 = y0 - 0.01 * side,
                          .cell = 1.02 * side / (cells - 1), .cells = cells };
        if (!(cover->cell > 0.0 && isfinite(cover->cell)))
            break;
        run->n = thin_revisits(run->pts, run->n, cover, gap);
        if (run->n <= target)
            break;
    }
    free(cover);
    if (run->n <= target)
        return;
    /* The stretches: [from[b], from[b + 1]) in index, by equal step ranges. */
    long from[RUN_THIN_BLOCKS + 1], count[RUN_THIN_BLOCKS];
    for (int b = 0, i = 0; b <= RUN_THIN_BLOCKS; b++) {
        long first_step = (long)((double)(last + 1) * b / RUN_THIN_BLOCKS);
        while (i < run->n && run->pts[i].step < first_step)
            i++;
        from[b] = b == RUN_THIN_BLOCKS ? run->n : i;
    }
    long most = 0;
    for (int b = 0; b < RUN_THIN_BLOCKS; b++) {
        count[b] = from[b + 1] - from[b];
        most = count[b] > most ? count[b] : most;
    }
    /* The common share: the largest c with sum of min(count, c) <= target. */
    long lo = 0, hi = most;
    while (lo < hi) {
        long c = lo + (hi - lo + 1) / 2, sum = 0;
        for (int b = 0; b < RUN_THIN_BLOCKS; b++)
            sum += count[b] < c ? count[b] : c;
        if (sum <= target)
            lo = c;
        else
            hi = c - 1;
    }
    long share = lo > 2 ? lo : 2, w = 0;
    for (int b = 0; b < RUN_THIN_BLOCKS; b++) {
        TrajPoint *blk = &run->pts[from[b]];
        long n = count[b], g = gap;
        for (double eps = 2.0 * eps0; n > share && n > 2;) {
            n = thin_pass(blk, n, eps, g);
            eps *= 2.0;
            if (!isfinite(eps))
                g = 2; /* only the step gap is left to thin by */
        }
        memmove(&run->pts[w], blk, sizeof *blk * (size_t)n);
        w += n;
    }
    run->n = w;
}

static bool push_point(Run *run, const TrajPoint *p)
{
    if (run->n == run->cap && run->cap >= RUN_KEEP_MAX) {
        thin_points(run);
    }
    if (run->n == run->cap) {
        long cap = run->cap ? run->cap * 2 : RUN_INITIAL_CAP;
        TrajPoint *pts = realloc(run->pts, (size_t)cap * sizeof *pts);
        if (!pts) {
            return false;
        }
        run->pts = pts;
        run->cap = cap;
    }
    run->prev = run->n > 0 ? run->pts[run->n - 1] : *p;
    run->pts[run->n] = *p;
    run->pts[run->n].min_loss = p->loss;
    run->pts[run->n].max_loss = p->loss;
    run->pts[run->n].dev = 0.0;
    run->n++;
    return true;
}

/* Takes a checkpoint of the run as it is now (after step k = run_last_step) when k is a
 * multiple of the interval; when they run out, every other one goes and the interval
 * doubles. false on out-of-memory. */
static bool maybe_checkpoint(Run *run)
{
    long k = run_last_step(run);
    if (k <= 0 || k % run->ck_interval != 0)
        return true;
    if (run->n_cks == RUN_CHECKPOINT_MAX) {
        run->ck_interval *= 2;
        int w = 0;
        for (int i = 0; i < run->n_cks; i++) {
            if (run->cks[i].step % run->ck_interval == 0)
                run->cks[w++] = run->cks[i];
            else
                checkpoint_free(&run->cks[i]);
        }
        run->n_cks = w;
        if (k % run->ck_interval != 0)
            return true;
    }
    if (!run->cks) {
        run->cks = calloc(RUN_CHECKPOINT_MAX, sizeof *run->cks);
        if (!run->cks)
            return false;
    }
    RunCheckpoint ck = { .step = k, .opt = optim_clone(run->opt), .rng = run->rng,
                         .pos = run->sampler.pos, .epoch = run->sampler.epoch,
                         .grad_evals = run->grad_evals, .loss_evals = run->loss_evals,
                         .point = run->pts[run->n - 1], .prev = run->prev };
    if (run->sampler.perm && run->sampler.n > 0) {
        ck.perm = malloc(sizeof *ck.perm * (size_t)run->sampler.n);
        if (ck.perm)
            memcpy(ck.perm, run->sampler.perm, sizeof *ck.perm * (size_t)run->sampler.n);
    }
    if (!ck.opt || (run->sampler.perm && run->sampler.n > 0 && !ck.perm)) {
        checkpoint_free(&ck);
        return false;
    }
    run->cks[run->n_cks++] = ck;
    return true;
}

/* The last checkpoint strictly before step k, or NULL (then the start is the place to
 * replay from). */
static const RunCheckpoint *checkpoint_before(const Run *run, long k)
{
    const RunCheckpoint *best = NULL;
    for (int i = 0; i < run->n_cks && run->cks[i].step < k; i++)
        best = &run->cks[i];
    return best;
}

/* Puts dst (a run of the same desc, landscape and start) in the state of checkpoint ck:
 * its kept points end at ck's point. */
static void checkpoint_restore(Run *dst, const RunCheckpoint *ck)
{
    optim_copy_state(dst->opt, ck->opt);
    dst->rng = ck->rng;
    if (ck->perm)
        memcpy(dst->sampler.perm, ck->perm, sizeof *ck->perm * (size_t)dst->sampler.n);
    dst->sampler.pos = ck->pos;
    dst->sampler.epoch = ck->epoch;
    dst->grad_evals = ck->grad_evals;
    dst->loss_evals = ck->loss_evals;
    dst->stop = RUN_ACTIVE;
    dst->stop_step = 0;
    dst->batch_start = dst->batch_len = 0;
    dst->n_trials = 0;
    if (dst->converged_step > ck->step)
        dst->converged_step = -1;
    long keep = run_index_at(dst, ck->step) + 1;
    dst->n = keep;
    if (dst->pts[keep - 1].step != ck->step)
        dst->pts[dst->n++] = ck->point; /* room: keep <= n before, and n >= 2 there */
    dst->prev = ck->prev;
    int w = 0;
    while (w < dst->n_cks && dst->cks[w].step <= ck->step)
        w++;
    for (int i = w; i < dst->n_cks; i++)
        checkpoint_free(&dst->cks[i]);
    dst->n_cks = w;
    dst->gen++;
}

static void note_convergence(Run *run, const TrajPoint *p, long k)
{
    if (run->converged_step < 0 && hypot(p->gx, p->gy) < run->desc.tol) {
        run->converged_step = k;
        /* Newton (and a run started there) converges to maxima and saddles too. */
        double g[2], h[3];
        landscape_eval(run->ls, p->x, p->y, g, h);
        run->converged_kind = landscape_classify_hessian(h, 1e-9, NULL);
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
    run->memo = calloc(1, sizeof *run->memo);
    int n = is_data(run) ? ls->data->n : 0;
    if (!run->opt || !run->memo || !batch_init(&run->sampler, n, desc->batch) ||
        !run_restart(run, x0, y0)) {
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
    for (int i = 0; i < run->n_cks; i++)
        checkpoint_free(&run->cks[i]);
    free(run->cks);
    free(run->memo);
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
    for (int i = 0; i < run->n_cks; i++)
        checkpoint_free(&run->cks[i]);
    run->n_cks = 0;
    run->ck_interval = RUN_CHECKPOINT_FIRST;
    run->gen++;

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
 * one), or whose loss has climbed RUN_ESCAPE_LOSS times its start's size (plus one) above
 * it, has run off: where Newton's Hessian vanishes out there (a saturated logistic loss) the
 * run is reported as diverged, which is what happened, not as a singular Hessian. */
enum { RUN_ESCAPE = 1000000, RUN_ESCAPE_LOSS = 1000 };

static bool escaped(const Run *run, const TrajPoint *cur)
{
    double r0 = hypot(run->pts[0].x, run->pts[0].y), l0 = run->pts[0].loss;
    return hypot(cur->x, cur->y) > RUN_ESCAPE * (1.0 + r0) ||
           cur->loss - l0 > RUN_ESCAPE_LOSS * (1.0 + fabs(l0));
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
        /* the full dataset is never shuffled (batch.h): its batch is 0..n-1 in order */
        if (run->sampler.batch >= run->sampler.n) {
            sl.at = cur;
        }
    }
    double theta[2] = { cur->x, cur->y };
    double batch_loss = sl.idx && !sl.at ? step_loss_eval(&sl, theta, (double[2]){ 0 }, NULL)
                                         : cur->loss;
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
    p.step = k;
    if (!push_point(run, &p)) {
        return false;
    }
    note_convergence(run, &p, k);
    return maybe_checkpoint(run);
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
    if (run->converged_step >= 0 &&
        (run->converged_kind == CRIT_MAXIMUM || run->converged_kind == CRIT_SADDLE)) {
        snprintf(buf, len, "converged to a %s at step %ld",
                 landscape_crit_kind_name(run->converged_kind), run->converged_step);
    } else if (run->converged_step >= 0) {
        snprintf(buf, len, "converged at step %ld", run->converged_step);
    } else if (len > 0) {
        buf[0] = '\0';
    }
}

bool run_rewind_before(Run *run, long k)
{
    long last = run_last_step(run);
    if (k < 0 || k > last || run->n < 1) {
        return false;
    }
    if (k == last) {
        return true;
    }
    const RunCheckpoint *ck = checkpoint_before(run, k);
    if (ck) {
        checkpoint_restore(run, ck);
        return true;
    }
    TrajPoint start = run->pts[0];
    return run_restart(run, start.x, start.y);
}

bool run_rewind(Run *run, long k)
{
    if (!run_rewind_before(run, k)) {
        return false;
    }
    /* Replaying is exact (same seed, same arithmetic) and at most an interval long. */
    while (run_last_step(run) < k && run_step(run)) {
    }
    return run_last_step(run) == k;
}

long run_index_at(const Run *run, long step)
{
    long lo = 0, hi = run->n - 1;
    if (hi < 0 || step >= run->pts[hi].step)
        return hi < 0 ? 0 : hi;
    while (lo < hi) { /* the last index with pts[i].step <= step */
        long mid = lo + (hi - lo + 1) / 2;
        if (run->pts[mid].step <= step)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* A fresh copy of run's settings in *scratch, at the last checkpoint before step k (or the
 * start), ready to step on to k; false on out-of-memory. */
static bool scratch_before(const Run *run, long k, Run *scratch)
{
    char err[128];
    if (!run_init(scratch, run->ls, &run->desc, run->pts[0].x, run->pts[0].y, err,
                  sizeof err))
        return false;
    const RunCheckpoint *ck = checkpoint_before(run, k);
    if (ck)
        checkpoint_restore(scratch, ck);
    return true;
}

bool run_point_at(const Run *run, long k, TrajPoint *out)
{
    if (k < 0 || run->n < 1 || k > run_last_step(run))
        return false;
    long i = run_index_at(run, k);
    if (run->pts[i].step == k) {
        *out = run->pts[i];
        return true;
    }
    if (k == run_last_step(run) - 1) {
        *out = run->prev;
        return true;
    }
    Run scratch;
    if (!scratch_before(run, k, &scratch))
        return false;
    while (run_last_step(&scratch) < k && run_step(&scratch)) {
    }
    bool ok = run_last_step(&scratch) == k;
    if (ok)
        *out = *run_last(&scratch);
    run_free(&scratch);
    return ok;
}

bool run_each_point(const Run *run, bool (*emit)(void *ctx, const TrajPoint *p), void *ctx)
{
    long last = run_last_step(run);
    if (run->n < 1)
        return true;
    if (run->n == last + 1) { /* nothing thinned */
        for (long k = 0; k < run->n; k++)
            if (!emit(ctx, &run->pts[k]))
                return false;
        return true;
    }
    Run scratch;
    char err[128];
    if (!run_init(&scratch, run->ls, &run->desc, run->pts[0].x, run->pts[0].y, err,
                  sizeof err))
        return false;
    bool ok = emit(ctx, &scratch.pts[0]);
    while (ok && run_last_step(&scratch) < last && run_step(&scratch))
        ok = emit(ctx, run_last(&scratch));
    ok = ok && run_last_step(&scratch) == last;
    run_free(&scratch);
    return ok;
}

bool run_state_at(const Run *run, long k, OptimState *state, double *next_lr)
{
    Run scratch;
    if (k < 0 || run->n < 1 || k > run_last_step(run) || !scratch_before(run, k + 1, &scratch)) {
        return false;
    }
    while (run_last_step(&scratch) < k && run_step(&scratch)) {
    }
    optim_state(scratch.opt, state);
    *next_lr = run_current_lr(&scratch);
    run_free(&scratch);
    return true;
}

/* The last step in the thinned stretch (pts[i - 1].step, pts[i].step] whose full loss is at
 * or above f_tol, recomputed; -1 when none (or out of memory). */
static long last_above_in(const Run *run, long i, double f_tol)
{
    Run scratch;
    long from = run->pts[i - 1].step, to = run->pts[i].step, found = -1;
    if (!scratch_before(run, from + 1, &scratch))
        return -1;
    while (run_last_step(&scratch) < to && run_step(&scratch)) {
        const TrajPoint *p = run_last(&scratch);
        if (p->step > from && !(p->loss < f_tol))
            found = p->step;
    }
    run_free(&scratch);
    return found;
}

/* The last step in (after, pts[k].step] whose loss is at or above f_tol, found from kept
 * point k back to the one at `after`; -1 when none. */
static long last_above(const Run *run, long k, long after, double f_tol)
{
    for (long i = k; i >= 0 && run->pts[i].step > after; i--) {
        const TrajPoint *p = &run->pts[i];
        if (p->max_loss < f_tol)
            continue;
        if (!(p->loss < f_tol))
            return p->step;
        long s = i > 0 ? last_above_in(run, i, f_tol) : -1;
        if (s >= 0)
            return s;
    }
    return -1;
}

long run_below_since(const Run *run, long upto, double f_tol, TrajPoint *at)
{
    long k = run_index_at(run, upto);
    if (k < 0 || run->pts[k].step != upto || !(run->pts[k].loss < f_tol))
        return -1;
    RunMemo *m = run->memo;
    /* With the last answer for an earlier clock, only the steps since can change it. */
    bool known = m && m->valid && m->gen == run->gen && m->f_tol == f_tol && m->upto <= upto;
    long above = last_above(run, k, known ? m->upto : -1, f_tol);
    long since = above >= 0 ? above + 1 : known ? m->since : 0;
    TrajPoint p = run->pts[k];
    if (known && m->since == since)
        p = m->at;
    else if (since != upto && !run_point_at(run, since, &p))
        return -1;
    if (m)
        *m = (RunMemo){ .valid = true, .gen = run->gen, .f_tol = f_tol, .upto = upto,
                        .since = since, .at = p };
    if (at)
        *at = p;
    return since;
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
    snprintf(status, slen, "step %ld%sloss %s%s%s", run_last_step(run), DOT, ls,
             st[0] ? DOT : "", st);
}

/* Whether some other run reads hyperparameter k and every one that does has run's value:
 * then it tells nothing apart. */
static bool run_hyper_shared(const Run *run, const Run *runs, int n, HyperKey k)
{
    double v = hyper_get(&run->desc.opt, k);
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (&runs[i] == run || !hyper_used_by(runs[i].desc.opt.kind, k))
            continue;
        if (hyper_get(&runs[i].desc.opt, k) != v)
            return false;
        any = true;
    }
    return any;
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
     * hyperparameters they share are left out, and so is any value every other run that
     * reads it shares (Adam's β₁ = 0.9 beside AdamW's), so what tells them apart is not cut
     * off. */
    uint32_t skip = 0u;
    bool sibling = false;
    for (int i = 0; i < n; i++)
        sibling |= &runs[i] != run && runs[i].desc.opt.kind == run->desc.opt.kind;
    for (int h = 0; compact && h < HYPER_COUNT; h++)
        if ((sibling && !run_hyper_differs(run, runs, n, (HyperKey)h)) ||
            run_hyper_shared(run, runs, n, (HyperKey)h))
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
    /* With no hyperparameter left, the name's space is not doubled before " · ", nor left
     * at the end. */
    size_t id = strlen(compact ? vt->id : vt->name);
    if (!hp[0] && id + 1 < len && title[id] == ' ' && (title[id + 1] == ' ' || !title[id + 1]))
        memmove(title + id, title + id + 1, strlen(title + id + 1) + 1);
}

size_t run_bytes_for(long points)
{
    /* push_point's growth: RUN_INITIAL_CAP, then doubling up to RUN_KEEP_MAX. */
    size_t cap = RUN_INITIAL_CAP;
    while ((long)cap < points && cap < RUN_KEEP_MAX) {
        cap *= 2;
    }
    /* The checkpoints at their largest: an optimizer's state and a dataset's order. */
    enum { CHECKPOINT_BYTES_MAX = 4096 };
    size_t cks = points > RUN_CHECKPOINT_FIRST ? RUN_CHECKPOINT_MAX : 0;
    return cap * sizeof(TrajPoint) + cks * (sizeof(RunCheckpoint) + CHECKPOINT_BYTES_MAX) +
           sizeof(RunMemo);
}

long run_steps_per_epoch(const Run *run)
{
    const Dataset *data = run->ls ? run->ls->data : NULL;
    int b = run->desc.batch;
    if (!data || b <= 0 || b >= data->n)
        return 0;
    return ((long)data->n + b - 1) / b;
}
