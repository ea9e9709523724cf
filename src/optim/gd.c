/* gd.c - plain gradient descent: theta <- theta - alpha g.
 *
 * No state beyond the base; the reference every other optimizer is compared against.
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
} Gd;

static void gd_reset(Optimizer *opt)
{
    (void)opt;
}

static OptimStatus gd_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    double g[2];
    (void)opt;
    obj->grad(obj->ctx, theta, g);
    theta[0] -= lr * g[0];
    theta[1] -= lr * g[1];
    return OPTIM_OK;
}

static void gd_state(const Optimizer *opt, OptimState *out)
{
    (void)opt;
    out->n = 0;
}

/* x <- (1 - alpha lambda) x along each eigenvector: |1 - alpha lambda| < 1. */
static double gd_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    (void)d;
    return lambda_max > 0.0 ? 2.0 / lambda_max : (double)INFINITY;
}

const OptimVTable optim_gd_vtable = {
    .id = "gd",
    .name = "Gradient descent",
    .size = sizeof(Gd),
    .reset = gd_reset,
    .step = gd_step,
    .state = gd_state,
    .lr = 0.1,
    .hypers = HYPER_BIT(HYPER_LR),
    .stability_limit = gd_stability_limit,
    .stability_text = "α < 2/λmax",
};
