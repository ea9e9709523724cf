/* gd.c - plain gradient descent: theta <- theta - alpha g; with line_search = armijo, alpha
 * is only the first trial and theta <- theta - t g with t from optim_armijo.
 * No state beyond the base; the reference every other optimizer is compared against.
 */
#include <math.h>

#include "optim/optim_impl.h"
#include "util/vectorize.h"

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
    obj->grad(obj->ctx, theta, g);
    if (opt->desc.line_search) {
        double d[2] = {-g[0], -g[1]}, out[2];
        int trials;
        optim_armijo(obj, theta, obj->loss(obj->ctx, theta), g, d, lr, out, &trials);
        theta[0] = out[0];
        theta[1] = out[1];
        return OPTIM_OK;
    }
    theta[0] -= lr * g[0];
    theta[1] -= lr * g[1];
    return OPTIM_OK;
}

/* One coordinate of gd_step's update on n points (restrict: see adam.c). */
UTIL_VECTORIZE static void gd_lanes_coord(double lr, int n, double *restrict th,
                                          const double *restrict g)
{
    for (int i = 0; i < n; i++)
        th[i] -= lr * g[i];
}

/* gd_step's update (without the line search) on every point. */
static void gd_step_lanes(const OptimizerDesc *d, OptimLanes *l, double lr)
{
    (void)d;
    gd_lanes_coord(lr, l->n, l->x, l->gx);
    gd_lanes_coord(lr, l->n, l->y, l->gy);
}

static void gd_state(const Optimizer *opt, OptimState *out)
{
    (void)opt;
    out->n = 0;
}

/* x <- (1 - alpha lambda) x along each eigenvector: |1 - alpha lambda| < 1. A line search
 * never accepts a step that raises the loss: no alpha diverges. */
static double gd_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    if (d->line_search)
        return (double)INFINITY;
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
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_LINE_SEARCH),
    .stability_limit = gd_stability_limit,
    .stability_text = "α < 2/λmax",
    .step_lanes = gd_step_lanes,
};
