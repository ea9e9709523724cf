/* damped_newton.c - damped Newton (Levenberg-Marquardt): theta <- theta - alpha (H + lambda
 * I)^-1 g. lambda = 0 is Newton, a large lambda gradient descent at rate alpha/lambda; below
 * -lambda_min it is still drawn to saddles. A singular H + lambda I: OPTIM_SINGULAR.
 */
#include <assert.h>
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double dir[2]; /* the last (H + lambda I)^-1 g, for the inspector */
} DampedNewton;

static void damped_newton_reset(Optimizer *opt)
{
    DampedNewton *n = (DampedNewton *)opt;
    n->dir[0] = n->dir[1] = 0.0;
}

static OptimStatus damped_newton_step(Optimizer *opt, const Objective *obj, double lr,
                                      double theta[2])
{
    DampedNewton *n = (DampedNewton *)opt;
    assert(obj->hess);
    double g[2], h[3];
    obj->grad(obj->ctx, theta, g);
    obj->hess(obj->ctx, theta, h);
    double lambda = opt->desc.damping;
    double hxx = h[0] + lambda, hxy = h[1], hyy = h[2] + lambda;
    double det = hxx * hyy - hxy * hxy;
    double scale = fmax(fabs(hxx), fmax(fabs(hxy), fabs(hyy)));
    if (!isfinite(det) || fabs(det) <= 1e-12 * scale * scale)
        return OPTIM_SINGULAR;
    n->dir[0] = (hyy * g[0] - hxy * g[1]) / det;
    n->dir[1] = (hxx * g[1] - hxy * g[0]) / det;
    theta[0] -= lr * n->dir[0];
    theta[1] -= lr * n->dir[1];
    return OPTIM_OK;
}

static void damped_newton_state(const Optimizer *opt, OptimState *out)
{
    const DampedNewton *n = (const DampedNewton *)opt;
    out->n = 1;
    out->name[0] = "(H+\u03bbI)\u207b\u00b9g"; /* (H+λI)⁻¹g */
    out->value[0][0] = n->dir[0];
    out->value[0][1] = n->dir[1];
}

/* On a convex quadratic the error along eigenvalue l scales by 1 - alpha l/(l + lambda);
 * l/(l + lambda) grows with l, so lambda_max binds: alpha < 2 (l + lambda)/l. */
static double damped_newton_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    return lambda_max > 0.0 ? 2.0 * (1.0 + d->damping / lambda_max) : (double)INFINITY;
}

const OptimVTable optim_damped_newton_vtable = {
    .id = "damped_newton",
    .name = "Damped Newton",
    .size = sizeof(DampedNewton),
    .reset = damped_newton_reset,
    .step = damped_newton_step,
    .state = damped_newton_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_DAMPING),
    .stability_limit = damped_newton_stability_limit,
    .stability_text = "α < 2(1 + λ/λmax)",
};
