/* momentum.c - gradient descent with momentum (the lecture's form, no (1 - mu) damping):
 *   v <- g + mu v;  theta <- theta - alpha v
 * The velocity v is the "improved direction" that blends in previous gradients.
 */
#include <math.h>

#include "optim/optim_impl.h"
#include "util/vectorize.h"

typedef struct {
    Optimizer base;
    double v[2];
} Momentum;

static void momentum_reset(Optimizer *opt)
{
    Momentum *m = (Momentum *)opt;
    m->v[0] = m->v[1] = 0.0;
}

/* One coordinate of the rule (the one home of its arithmetic, for step and step_lanes):
 * updates the velocity *v with gradient g, returns what theta loses. */
static UTIL_ALWAYS_INLINE double momentum_coord(double mu, double lr, double g, double *v)
{
    *v = g + mu * *v;
    return lr * *v;
}

static OptimStatus momentum_step(Optimizer *opt, const Objective *obj, double lr,
                                 double theta[2])
{
    Momentum *m = (Momentum *)opt;
    double mu = opt->desc.momentum;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++)
        theta[i] -= momentum_coord(mu, lr, g[i], &m->v[i]);
    return OPTIM_OK;
}

/* One coordinate of momentum_step on n points (restrict: see adam.c). */
UTIL_VECTORIZE static void momentum_lanes_coord(double mu, double lr, int n,
                                                double *restrict th, const double *restrict g,
                                                double *restrict v)
{
    for (int i = 0; i < n; i++)
        th[i] -= momentum_coord(mu, lr, g[i], &v[i]);
}

/* momentum_step on every point: state[0], state[1] the velocity's x and y. */
static void momentum_step_lanes(const OptimizerDesc *d, OptimLanes *l, double lr)
{
    momentum_lanes_coord(d->momentum, lr, l->n, l->x, l->gx, l->state[0]);
    momentum_lanes_coord(d->momentum, lr, l->n, l->y, l->gy, l->state[1]);
}

static void momentum_state(const Optimizer *opt, OptimState *out)
{
    const Momentum *m = (const Momentum *)opt;
    out->n = 1;
    out->name[0] = "v";
    out->value[0][0] = m->v[0];
    out->value[0][1] = m->v[1];
}

/* Along an eigenvector with h = alpha lambda, (theta, alpha v) evolves by
 * [[1 - h, -mu], [h, mu]]: trace 1 - h + mu, determinant mu. Both roots lie in the unit
 * circle iff mu < 1 and |trace| < 1 + mu, i.e. h < 2 (1 + mu). */
static double momentum_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    return lambda_max > 0.0 ? 2.0 * (1.0 + d->momentum) / lambda_max : (double)INFINITY;
}

const OptimVTable optim_momentum_vtable = {
    .id = "momentum",
    .name = "Momentum",
    .size = sizeof(Momentum),
    .reset = momentum_reset,
    .step = momentum_step,
    .state = momentum_state,
    .lr = 0.05,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_MOMENTUM),
    .stability_limit = momentum_stability_limit,
    .stability_text = "α < 2(1 + μ)/λmax",
    .step_lanes = momentum_step_lanes,
    .lane_state = 2,
};
