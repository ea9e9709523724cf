/* cg.c - nonlinear conjugate gradient, Polak-Ribiere+, with the Armijo line search:
 *   beta = max(0, g_k.(g_k - g_(k-1)) / |g_(k-1)|^2);  d_k = -g_k + beta d_(k-1)
 *   theta <- theta + t d_k, t from optim_armijo
 * beta >= 0 (the "+") and a direction that is not downhill restart with d = -g.
 */
#include <math.h>

#include "optim/optim_impl.h"

/* The first trial: alpha min(1, 1/|g|_1) at step 1, then min(alpha, 2 t_(k-1) g_(k-1).d_(k-1)
 * / g_k.d_k): twice the step that promises the last step's first-order decrease (Nocedal &
 * Wright 3.60), so t can grow as well as shrink (Armijo alone only halves). On Rosenbrock from
 * (-1.2, 1) the factor 1 takes ~9900 steps, 2 ~490-1060 (the path is sensitive to rounding). */
typedef struct {
    Optimizer base;
    bool has_prev;
    double prev_g[2], d[2];
    double t;       /* the last accepted step length (0 when the search failed) */
    double gd;      /* the last g.d */
    double beta[2]; /* the last beta, and the loss evaluations its search took */
} Cg;

static void cg_reset(Optimizer *opt)
{
    Cg *c = (Cg *)opt;
    *c = (Cg){.base = c->base};
}

static OptimStatus cg_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Cg *c = (Cg *)opt;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    double beta = 0.0;
    double gg_prev = c->prev_g[0] * c->prev_g[0] + c->prev_g[1] * c->prev_g[1];
    if (c->has_prev && gg_prev > 0.0) {
        beta = (g[0] * (g[0] - c->prev_g[0]) + g[1] * (g[1] - c->prev_g[1])) / gg_prev;
        beta = fmax(beta, 0.0);
    }
    double d[2] = {-g[0] + beta * c->d[0], -g[1] + beta * c->d[1]};
    double gd = g[0] * d[0] + g[1] * d[1];
    if (!(gd < 0.0)) {
        beta = 0.0;
        d[0] = -g[0], d[1] = -g[1];
        gd = -(g[0] * g[0] + g[1] * g[1]);
    }
    double l1 = fabs(g[0]) + fabs(g[1]);
    double t0 = l1 > 1.0 ? lr / l1 : lr;
    if (c->has_prev && c->t > 0.0) {
        double guess = 2.0 * c->t * c->gd / gd;
        if (isfinite(guess) && guess > 0.0)
            t0 = fmin(lr, guess);
    }
    double f0 = obj->loss(obj->ctx, theta), out[2];
    int trials = 0;
    c->t = optim_armijo(obj, theta, f0, g, d, t0, out, &trials);
    c->gd = gd;
    c->d[0] = d[0], c->d[1] = d[1];
    c->prev_g[0] = g[0], c->prev_g[1] = g[1];
    c->has_prev = true;
    c->beta[0] = beta;
    c->beta[1] = (double)trials;
    theta[0] = out[0];
    theta[1] = out[1];
    return OPTIM_OK;
}

static void cg_state(const Optimizer *opt, OptimState *out)
{
    const Cg *c = (const Cg *)opt;
    out->n = 2;
    out->name[0] = "d";
    out->name[1] = "\u03b2, trials"; /* β */
    for (int i = 0; i < 2; i++) {
        out->value[0][i] = c->d[i];
        out->value[1][i] = c->beta[i];
    }
}

const OptimVTable optim_cg_vtable = {
    .id = "cg",
    .name = "Conjugate gradient",
    .size = sizeof(Cg),
    .reset = cg_reset,
    .step = cg_step,
    .state = cg_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR),
};
