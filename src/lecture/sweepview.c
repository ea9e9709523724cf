/* sweepview.c - the sweep pane's model (see sweepview.h): its axes from the optimizer's
 * hyperparameter rows and stability limit, its map computed coarse at once and refined in
 * a quiet frame like the basins overlay's, and a click that sets the run's two settings. */
#include "lecture/sweepview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "lecture/basinview.h"
#include "util/hash.h"

/* The second setting's candidates, in the order one is picked: the first the optimizer reads.
 * ε is left out (it only guards a division), as are the per-run options every optimizer
 * takes (l2, clip). */
static const HyperKey SWEEPVIEW_SECOND[] = {
    HYPER_MOMENTUM, HYPER_BETA, HYPER_BETA1, HYPER_BETA2,
    HYPER_WEIGHT_DECAY, HYPER_DAMPING, HYPER_MEMORY,
};

static double sweepview_lambda_max(const Landscape *ls, const double start[2])
{
    double lmax = -(double)INFINITY;
    LocalInfo li;
    analysis_local(ls, start[0], start[1], &li);
    if (isfinite(li.eig[1]))
        lmax = li.eig[1];
    for (int i = 0; i < ls->n_crit; i++) {
        if (ls->crit[i].kind != CRIT_MINIMUM)
            continue;
        analysis_local(ls, ls->crit[i].x, ls->crit[i].y, &li);
        if (isfinite(li.eig[1]))
            lmax = fmax(lmax, li.eig[1]);
    }
    return lmax;
}

/* Widens a to hold v (a value the run has now), within the setting's valid range. */
static void sweepview_hold(SweepAxis *a, double v)
{
    if (!isfinite(v))
        return;
    if (v < a->lo)
        a->lo = a->log ? v / 2.0 : v;
    if (v > a->hi)
        a->hi = a->log ? v * 2.0 : v;
    if (!a->batch && a->key != HYPER_COUNT) {
        const HyperInfo *h = hyper_info(a->key);
        if (!hyper_valid(a->key, a->hi))
            a->hi = h->max_open ? fmax(v, h->max - 1e-9) : h->max;
        if (!hyper_valid(a->key, a->lo))
            a->lo = fmin(v, a->log ? a->hi * 1e-3 : h->min);
    }
}

void sweepview_axes(const Landscape *ls, const RunDesc *r, const double start[2],
                    SweepAxis *x, SweepAxis *y, bool *has_y, double *lambda_max)
{
    OptimKind kind = r->opt.kind;
    *y = (SweepAxis){.key = HYPER_COUNT, .lo = 0.0, .hi = 1.0};
    *has_y = false;
    for (size_t k = 0; k < sizeof SWEEPVIEW_SECOND / sizeof SWEEPVIEW_SECOND[0]; k++) {
        HyperKey key = SWEEPVIEW_SECOND[k];
        if (!hyper_used_by(kind, key))
            continue;
        const HyperInfo *h = hyper_info(key);
        *y = (SweepAxis){.key = key, .lo = h->slider_lo, .hi = h->slider_hi,
                         .log = h->slider_log && h->slider_lo > 0.0};
        *has_y = true;
        break;
    }
    if (!*has_y && ls->data && ls->data->n > 1) {
        /* gd and the others without a second setting, on data: α against the batch size */
        *y = (SweepAxis){.batch = true, .lo = 1.0, .hi = (double)ls->data->n, .log = true};
        *has_y = true;
    }
    if (*has_y)
        sweepview_hold(y, sweepview_axis_get(y, r));
    double lmax = sweepview_lambda_max(ls, start);
    *lambda_max = lmax;
    OptimizerDesc base = r->opt;
    if (*has_y && !y->batch)
        hyper_set(&base, y->key, y->lo);
    double limit = lmax > 0.0 ? optim_stability_limit(&base, lmax) : (double)NAN;
    double span = pow(10.0, SWEEPVIEW_LR_DECADES);
    *x = (SweepAxis){.key = HYPER_LR, .log = true};
    if (isfinite(limit) && limit > 0.0) {
        x->hi = SWEEPVIEW_LR_HI * limit;
        x->lo = x->hi / span;
    } else {
        x->lo = r->opt.lr / sqrt(span);
        x->hi = r->opt.lr * sqrt(span);
    }
    const HyperInfo *lr = hyper_info(HYPER_LR);
    x->hi = fmin(x->hi, lr->max);
    x->lo = fmin(x->lo, x->hi / 10.0);
    sweepview_hold(x, r->opt.lr);
}

double sweepview_axis_get(const SweepAxis *a, const RunDesc *r)
{
    if (a->batch) /* 0 (and anything past n, the axis' top): the full dataset */
        return r->batch > 0 && r->batch < a->hi ? (double)r->batch : a->hi;
    return a->key == HYPER_COUNT ? (double)NAN : hyper_get(&r->opt, a->key);
}

const char *sweepview_axis_symbol(const SweepAxis *a)
{
    return a->batch ? "B" : a->key == HYPER_COUNT ? "" : hyper_info(a->key)->symbol;
}

/* The pane and run the sweep follows: the selected run of the selected pane. */
static int sweepview_target(const Session *s, int *run)
{
    int p = s->selected_pane < s->n_panes ? s->selected_pane : 0;
    const Pane *pane = &s->panes[p];
    *run = s->selected_run < pane->desc.n_runs ? s->selected_run : 0;
    return p;
}

static uint64_t sweepview_hash_desc(uint64_t h, const RunDesc *r, const SweepAxis *x,
                                    const SweepAxis *y)
{
    RunDesc d = *r;
    /* the swept settings do not change the map: only the marker moves */
    sweep_axis_apply(x, 0.0, &d);
    sweep_axis_apply(y, 0.0, &d);
    double v[HYPER_COUNT + 8];
    int n = 0;
    for (int k = 0; k < HYPER_COUNT; k++)
        v[n++] = hyper_get(&d.opt, (HyperKey)k);
    v[n++] = d.schedule.gamma;
    v[n++] = (double)d.schedule.every;
    v[n++] = d.schedule.period;
    v[n++] = d.schedule.min_factor;
    v[n++] = d.noise;
    v[n++] = d.tol;
    h = hash_bytes(h, v, (size_t)n * sizeof v[0]);
    int ints[3] = {(int)d.opt.kind, (int)d.schedule.kind, d.batch};
    h = hash_bytes(h, ints, sizeof ints);
    return hash_bytes(h, &d.seed, sizeof d.seed);
}

static uint64_t sweepview_hash_axis(uint64_t h, const SweepAxis *a)
{
    double v[2] = {a->lo, a->hi};
    int k[3] = {a->batch, (int)a->key, a->log};
    h = hash_bytes(h, v, sizeof v);
    return hash_bytes(h, k, sizeof k);
}

static bool sweepview_holds(const SweepAxis *a, double v)
{
    return isnan(v) || (v >= a->lo && v <= a->hi);
}

bool sweepview_update(Session *s, bool fine, bool *changed, char *err, size_t len)
{
    *changed = false;
    if (!(s->scene.overlays & (1u << OVERLAY_SWEEP)) || s->n_panes < 1)
        return true;
    int run;
    int p = sweepview_target(s, &run);
    const Pane *pane = &s->panes[p];
    if (pane->desc.n_runs < 1 || !pane->desc.ls)
        return true;
    const RunDesc *r = &pane->desc.runs[run];
    const Landscape *ls = pane->desc.ls;
    uint64_t ak = landscape_fingerprint(ls);
    int ids[3] = {p, run, (int)r->opt.kind};
    ak = hash_bytes(ak, ids, sizeof ids);
    ak = hash_bytes(ak, pane->desc.start, sizeof pane->desc.start);
    SweepLayer *l = s->sweep;
    SweepAxis x, y;
    bool has_y;
    double lmax;
    if (l && l->axes_key == ak && sweepview_holds(&l->x, sweepview_axis_get(&l->x, r)) &&
        (!l->has_y || sweepview_holds(&l->y, sweepview_axis_get(&l->y, r)))) {
        x = l->x, y = l->y, has_y = l->has_y, lmax = l->lambda_max;
    } else {
        sweepview_axes(ls, r, pane->desc.start, &x, &y, &has_y, &lmax);
    }
    long steps = s->max_step;
    uint64_t key = sweepview_hash_desc(ak, r, &x, &y);
    key = sweepview_hash_axis(sweepview_hash_axis(key, &x), &y);
    key = hash_bytes(key, &steps, sizeof steps);
    bool stale = !l || l->key != key || l->w == 0;
    if (!stale && (l->fine || !fine))
        return true;
    bool refine = !stale && fine;
    /* the refined map costs at most SWEEPVIEW_BUDGET cell-steps; a data landscape's step
     * evaluates its points, each about a quarter of a closed form's */
    double rows = has_y ? 1.0 : 1.0 / SWEEPVIEW_COARSE_W;
    double cost = ls->data ? fmax(1.0, ls->data->n / 4.0) : 1.0;
    double fw = sqrt(SWEEPVIEW_BUDGET / (SWEEPVIEW_FINE * SWEEPVIEW_FINE * rows * cost *
                                         (double)(steps > 1 ? steps : 1)));
    int w = fw < SWEEPVIEW_COARSE_W ? (int)fw : SWEEPVIEW_COARSE_W;
    w = w < SWEEPVIEW_MIN_W ? SWEEPVIEW_MIN_W : w;
    int h = has_y ? w : 1;
    if (refine) {
        w *= SWEEPVIEW_FINE;
        h = has_y ? h * SWEEPVIEW_FINE : 1;
    }
    if (!l || l->cap < w * h) {
        SweepLayer *grown = realloc(l, sizeof *l + (size_t)w * h * sizeof l->cells[0]);
        if (!grown) {
            snprintf(err, len, "sweep: out of memory");
            return false;
        }
        if (!l)
            grown->gen = 0;
        grown->cap = w * h;
        s->sweep = l = grown;
    }
    SweepDesc d = {.ls = ls, .run = *r, .steps = steps, .x = x, .y = y, .w = w, .h = h};
    d.start[0] = pane->desc.start[0];
    d.start[1] = pane->desc.start[1];
    if (!sweep_compute(&d, l->cells, err, len)) {
        l->w = l->h = 0; /* partly written: show nothing rather than a torn map */
        l->key = 0;
        return false;
    }
    l->key = key;
    l->axes_key = ak;
    l->gen++;
    l->fine = refine;
    l->pane = p;
    l->run = run;
    l->x = x;
    l->y = y;
    l->has_y = has_y;
    l->lambda_max = lmax;
    l->loss0 = landscape_eval(ls, d.start[0], d.start[1], NULL, NULL);
    l->steps = steps;
    l->w = w;
    l->h = h;
    *changed = true;
    return true;
}

const SweepLayer *sweepview_layer(const Session *s)
{
    const SweepLayer *l = s->sweep;
    if (!(s->scene.overlays & (1u << OVERLAY_SWEEP)) || !l || l->w == 0 ||
        l->pane >= s->n_panes || l->run >= s->panes[l->pane].desc.n_runs)
        return NULL;
    return l;
}

bool sweepview_cell_at(const SweepLayer *l, double fx, double fy, int *i, int *j)
{
    if (!l || l->w == 0 || !(fx >= 0.0 && fx < 1.0 && fy >= 0.0 && fy < 1.0))
        return false;
    *i = (int)floor(fx * l->w);
    *j = (int)floor(fy * l->h);
    *i = *i < l->w ? *i : l->w - 1;
    *j = *j < l->h ? *j : l->h - 1;
    return true;
}

double sweepview_x_value(const SweepLayer *l, int i)
{
    return sweep_axis_value(&l->x, i, l->w, false);
}

double sweepview_y_value(const SweepLayer *l, int j)
{
    return sweep_axis_value(&l->y, j, l->h, true);
}

double sweepview_axis_frac(const SweepAxis *a, double v)
{
    if (a->log)
        return (log(v) - log(a->lo)) / (log(a->hi) - log(a->lo));
    return (v - a->lo) / (a->hi - a->lo);
}

bool sweepview_click(Session *s, int i, int j, char *err, size_t len)
{
    const SweepLayer *l = sweepview_layer(s);
    if (!l || i < 0 || i >= l->w || j < 0 || j >= l->h) {
        snprintf(err, len, "sweep: no such cell");
        return false;
    }
    RunDesc *r = &s->panes[l->pane].desc.runs[l->run];
    RunDesc old = *r;
    SweepDesc d = {.run = *r, .x = l->x, .y = l->y, .w = l->w, .h = l->h};
    *r = sweep_cell_desc(&d, i, j);
    if (!session_apply(s, l->pane, err, len)) {
        *r = old;
        return false;
    }
    /* at step 0 there is no path to see: play it */
    if (s->step == 0)
        s->playing = session_can_advance(s);
    return true;
}

/* "%.4g" of an axis' value (a whole number for the batch size). */
static void sweepview_format(const SweepAxis *a, double v, char *buf, size_t len)
{
    snprintf(buf, len, a->batch ? "%s = %.0f" : "%s = %.4g", sweepview_axis_symbol(a), v);
}

void sweepview_cell_text(const SweepLayer *l, int i, int j, char *values, size_t vlen,
                         char *status, size_t slen)
{
    char xs[48], ys[48] = "";
    sweepview_format(&l->x, sweepview_x_value(l, i), xs, sizeof xs);
    if (l->has_y)
        sweepview_format(&l->y, sweepview_y_value(l, j), ys, sizeof ys);
    snprintf(values, vlen, "%s%s%s", xs, l->has_y ? ", " : "", ys);
    const BasinCell *c = &l->cells[(size_t)j * l->w + i];
    switch (c->status) {
    case BASIN_CONVERGED:
        snprintf(status, slen, "converged at step %ld", c->steps);
        break;
    case BASIN_DIVERGED:
        snprintf(status, slen, "diverged at step %ld", c->steps);
        break;
    case BASIN_RUNNING:
    case BASIN_STATUS_COUNT:
        if (sweepview_class(l, c) == SWEEPVIEW_GREW)
            snprintf(status, slen, "diverging: L grew %.2g-fold in %ld steps", c->loss / l->loss0,
                     l->steps);
        else
            snprintf(status, slen, "not converged in %ld steps", l->steps);
        break;
    }
}

SweepViewClass sweepview_class(const SweepLayer *l, const BasinCell *c)
{
    switch (c->status) {
    case BASIN_CONVERGED:
        return SWEEPVIEW_CONVERGED;
    case BASIN_DIVERGED:
        return SWEEPVIEW_DIVERGED;
    case BASIN_RUNNING:
    case BASIN_STATUS_COUNT:
        break;
    }
    return c->loss > l->loss0 ? SWEEPVIEW_GREW : SWEEPVIEW_RUNNING;
}

void sweepview_cell_rgb(const SweepLayer *l, const BasinCell *c, unsigned char rgb[3])
{
    SweepViewClass k = sweepview_class(l, c);
    if (k == SWEEPVIEW_CONVERGED) {
        basinview_sweep_rgb(c, l->steps, rgb);
        return;
    }
    unsigned char v = k == SWEEPVIEW_RUNNING ? BASINVIEW_GREY : 0;
    rgb[0] = rgb[1] = rgb[2] = v;
}
