/* newton.c - Newton's method: theta <- theta - alpha H^-1 g, with alpha = 1 the full step
 * that lands on a quadratic's minimum at once. The 2x2 system is solved in closed form; a
 * (numerically) singular Hessian leaves theta alone and reports OPTIM_SINGULAR.
 */
#include <assert.h>
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
} Newton;

static void newton_reset(Optimizer *opt)
{
    (void)opt;
}

static OptimStatus newton_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    (void)opt;
    assert(obj->hess);
    double g[2], h[3];
    obj->grad(obj->ctx, theta, g);
    obj->hess(obj->ctx, theta, h);
    double hxx = h[0], hxy = h[1], hyy = h[2];
    double det = hxx * hyy - hxy * hxy;
    /* Relative to the Hessian's own scale, so a flat but regular bowl still counts. */
    double scale = fmax(fabs(hxx), fmax(fabs(hxy), fabs(hyy)));
    if (!isfinite(det) || fabs(det) <= 1e-12 * scale * scale)
        return OPTIM_SINGULAR;
    double dx = (hyy * g[0] - hxy * g[1]) / det;
    double dy = (hxx * g[1] - hxy * g[0]) / det;
    theta[0] -= lr * dx;
    theta[1] -= lr * dy;
    return OPTIM_OK;
}

static void newton_state(const Optimizer *opt, OptimState *out)
{
    (void)opt;
    out->n = 0;
}

/* On a quadratic H^-1 g is the whole way to the minimum, so the error scales by 1 - alpha
 * each step whatever the curvature: |1 - alpha| < 1. */
static double newton_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    (void)d;
    (void)lambda_max;
    return 2.0;
}

const OptimVTable optim_newton_vtable = {
    .id = "newton",
    .name = "Newton",
    .size = sizeof(Newton),
    .reset = newton_reset,
    .step = newton_step,
    .state = newton_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR),
    .stability_limit = newton_stability_limit,
    .stability_text = "α < 2",
};
