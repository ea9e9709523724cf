/* lbfgs.c - L-BFGS (Nocedal): models H^-1 from the last m steps s = theta_k - theta_(k-1) and
 * gradient changes y = g_k - g_(k-1) (two-loop recursion, scaled by s.y / y.y), then searches
 * along d = -H^-1 g with the Armijo line search (optim_armijo) from t = alpha. One gradient
 * and a few loss evaluations per step.
 */
#include <math.h>

#include "optim/optim_impl.h"

/* A pair with s.y <= 0 (no positive curvature along s) is skipped; a direction that is not
 * downhill, or a search that fails, drops the memory and falls back to d = -g. With no pairs
 * (the first step, or after a drop) d = -g has no scale and the search starts from
 * alpha min(1, 1/|g|_1) (PyTorch's rule): from alpha itself, the first step on Rosenbrock
 * lands across the valley and its pair keeps L-BFGS crawling for ~670 steps instead of ~36. */
enum { LBFGS_MAX_MEMORY = 20 };

typedef struct {
    Optimizer base;
    double s[LBFGS_MAX_MEMORY][2], y[LBFGS_MAX_MEMORY][2];
    int n;          /* pairs held, newest at [n - 1] */
    bool has_prev;  /* prev_theta and prev_g hold the last step's start */
    double prev_theta[2], prev_g[2];
    double d[2];    /* the last search direction, for the inspector */
    double t[2];    /* the last accepted step length, and the loss evaluations it took */
} Lbfgs;

static void lbfgs_reset(Optimizer *opt)
{
    Lbfgs *l = (Lbfgs *)opt;
    *l = (Lbfgs){.base = l->base};
}

static int lbfgs_memory(const OptimizerDesc *d)
{
    int m = (int)d->memory;
    return m < 1 ? 1 : m > LBFGS_MAX_MEMORY ? LBFGS_MAX_MEMORY : m;
}

static double dot(const double a[2], const double b[2])
{
    return a[0] * b[0] + a[1] * b[1];
}

/* Drops the oldest pairs until at most `keep` are held. */
static void lbfgs_trim(Lbfgs *l, int keep)
{
    int drop = l->n - keep;
    if (drop <= 0)
        return;
    for (int j = drop; j < l->n; j++) {
        l->s[j - drop][0] = l->s[j][0], l->s[j - drop][1] = l->s[j][1];
        l->y[j - drop][0] = l->y[j][0], l->y[j - drop][1] = l->y[j][1];
    }
    l->n = keep;
}

/* Keeps (s, y) as the newest of at most m pairs when it has positive curvature. */
static void lbfgs_push(Lbfgs *l, int m, const double s[2], const double y[2])
{
    double sy = dot(s, y);
    if (!(sy > 1e-12 * sqrt(dot(s, s) * dot(y, y))))
        return;
    lbfgs_trim(l, m - 1);
    l->s[l->n][0] = s[0], l->s[l->n][1] = s[1];
    l->y[l->n][0] = y[0], l->y[l->n][1] = y[1];
    l->n++;
}

/* d = -H^-1 g by the two-loop recursion over the held pairs. */
static void lbfgs_direction(const Lbfgs *l, const double g[2], double d[2])
{
    double q[2] = {g[0], g[1]}, a[LBFGS_MAX_MEMORY];
    for (int j = l->n - 1; j >= 0; j--) {
        a[j] = dot(l->s[j], q) / dot(l->s[j], l->y[j]);
        q[0] -= a[j] * l->y[j][0];
        q[1] -= a[j] * l->y[j][1];
    }
    double gamma = 1.0;
    if (l->n > 0) {
        const double *s = l->s[l->n - 1], *y = l->y[l->n - 1];
        gamma = dot(s, y) / dot(y, y);
    }
    q[0] *= gamma;
    q[1] *= gamma;
    for (int j = 0; j < l->n; j++) {
        double b = dot(l->y[j], q) / dot(l->s[j], l->y[j]);
        q[0] += (a[j] - b) * l->s[j][0];
        q[1] += (a[j] - b) * l->s[j][1];
    }
    d[0] = -q[0];
    d[1] = -q[1];
}

/* The first trial step along d = -g: alpha min(1, 1/|g|_1). */
static double lbfgs_unscaled(double lr, const double g[2])
{
    double l1 = fabs(g[0]) + fabs(g[1]);
    return l1 > 1.0 ? lr / l1 : lr;
}

static OptimStatus lbfgs_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Lbfgs *l = (Lbfgs *)opt;
    int m = lbfgs_memory(&opt->desc);
    double g[2];
    obj->grad(obj->ctx, theta, g);
    if (l->has_prev) {
        double s[2] = {theta[0] - l->prev_theta[0], theta[1] - l->prev_theta[1]};
        double y[2] = {g[0] - l->prev_g[0], g[1] - l->prev_g[1]};
        lbfgs_push(l, m, s, y);
    }
    lbfgs_trim(l, m); /* the memory may have been lowered since the last step */
    lbfgs_direction(l, g, l->d);
    if (!(dot(l->d, g) < 0.0)) {
        l->n = 0;
        l->d[0] = -g[0], l->d[1] = -g[1];
    }
    double f0 = obj->loss(obj->ctx, theta), out[2];
    int trials = 0, more = 0;
    double t = optim_armijo(obj, theta, f0, g, l->d, l->n > 0 ? lr : lbfgs_unscaled(lr, g),
                            out, &trials);
    if (t == 0.0 && l->n > 0) {
        l->n = 0;
        l->d[0] = -g[0], l->d[1] = -g[1];
        t = optim_armijo(obj, theta, f0, g, l->d, lbfgs_unscaled(lr, g), out, &more);
    }
    l->t[0] = t;
    l->t[1] = (double)(trials + more);
    l->prev_theta[0] = theta[0], l->prev_theta[1] = theta[1];
    l->prev_g[0] = g[0], l->prev_g[1] = g[1];
    l->has_prev = true;
    theta[0] = out[0];
    theta[1] = out[1];
    return OPTIM_OK;
}

static void lbfgs_state(const Optimizer *opt, OptimState *out)
{
    const Lbfgs *l = (const Lbfgs *)opt;
    out->n = 2;
    out->name[0] = "d";
    out->name[1] = "t, trials";
    for (int i = 0; i < 2; i++) {
        out->value[0][i] = l->d[i];
        out->value[1][i] = l->t[i];
    }
}

const OptimVTable optim_lbfgs_vtable = {
    .id = "lbfgs",
    .name = "L-BFGS",
    .size = sizeof(Lbfgs),
    .reset = lbfgs_reset,
    .step = lbfgs_step,
    .state = lbfgs_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_MEMORY),
};
