/* nesterov.c - Nesterov accelerated gradient: momentum whose gradient is taken at the point
 * the velocity is about to carry theta to:
 *   v <- grad L(theta - alpha mu v) + mu v;  theta <- theta - alpha v
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double v[2];
} Nesterov;

static void nesterov_reset(Optimizer *opt)
{
    Nesterov *n = (Nesterov *)opt;
    n->v[0] = n->v[1] = 0.0;
}

static OptimStatus nesterov_step(Optimizer *opt, const Objective *obj, double lr,
                                 double theta[2])
{
    Nesterov *n = (Nesterov *)opt;
    double mu = opt->desc.momentum;
    double ahead[2], g[2];
    for (int i = 0; i < 2; i++)
        ahead[i] = theta[i] - lr * mu * n->v[i];
    obj->grad(obj->ctx, ahead, g);
    for (int i = 0; i < 2; i++) {
        n->v[i] = g[i] + mu * n->v[i];
        theta[i] -= lr * n->v[i];
    }
    return OPTIM_OK;
}

static void nesterov_state(const Optimizer *opt, OptimState *out)
{
    const Nesterov *n = (const Nesterov *)opt;
    out->n = 1;
    out->name[0] = "v";
    out->value[0][0] = n->v[0];
    out->value[0][1] = n->v[1];
}

/* Along an eigenvector with h = alpha lambda, (theta, alpha v) evolves by
 * [[1 - h, -mu (1 - h)], [h, mu (1 - h)]]: trace (1 + mu)(1 - h), determinant mu (1 - h).
 * The binding condition is -trace < 1 + determinant, i.e. h < 2 (1 + mu)/(1 + 2 mu) (the
 * other, |determinant| < 1, allows h up to 1 + 1/mu, which is always larger). */
static double nesterov_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    double mu = d->momentum;
    return lambda_max > 0.0 ? 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lambda_max)
                            : (double)INFINITY;
}

const OptimVTable optim_nesterov_vtable = {
    .id = "nesterov",
    .name = "Nesterov",
    .size = sizeof(Nesterov),
    .reset = nesterov_reset,
    .step = nesterov_step,
    .state = nesterov_state,
    .lr = 0.05,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_MOMENTUM),
    .stability_limit = nesterov_stability_limit,
    .stability_text = "α < 2(1 + μ)/((1 + 2μ)λmax)",
};
