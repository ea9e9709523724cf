/* adadelta.c - Adadelta (Zeiler): RMSProp whose numerator is the RMS of recent updates, so
 * the step has theta's units: s <- beta s + (1 - beta) g^2; dtheta = -sqrt(d + eps) /
 * sqrt(s + eps) g; d <- beta d + (1 - beta) dtheta^2; theta <- theta + alpha dtheta.
 * The paper has no alpha: here it multiplies the update, default 1 (the paper's rule).
 */
#include <math.h>

#include "optim/optim_impl.h"

/* beta is the paper's rho. eps sits inside both roots, so the first step is
 * sqrt(eps) alpha g / sqrt((1 - beta) g^2 + eps): tiny at the default eps = 1e-8 (raise eps,
 * e.g. the paper's 1e-6, or alpha, for a visible start). */
typedef struct {
    Optimizer base;
    double eg2[2];  /* E[g^2] */
    double edx2[2]; /* E[dtheta^2] */
    double dx[2];   /* the last dtheta (before alpha), for the inspector */
} Adadelta;

static void adadelta_reset(Optimizer *opt)
{
    Adadelta *a = (Adadelta *)opt;
    *a = (Adadelta){.base = a->base};
}

static OptimStatus adadelta_step(Optimizer *opt, const Objective *obj, double lr,
                                 double theta[2])
{
    Adadelta *a = (Adadelta *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++) {
        a->eg2[i] = d->beta * a->eg2[i] + (1.0 - d->beta) * g[i] * g[i];
        double den = sqrt(a->eg2[i] + d->eps);
        /* den = 0 only with eps = 0 and no gradient yet along i: no step. */
        a->dx[i] = den > 0.0 ? -sqrt(a->edx2[i] + d->eps) / den * g[i] : 0.0;
        a->edx2[i] = d->beta * a->edx2[i] + (1.0 - d->beta) * a->dx[i] * a->dx[i];
        theta[i] += lr * a->dx[i];
    }
    return OPTIM_OK;
}

static void adadelta_state(const Optimizer *opt, OptimState *out)
{
    const Adadelta *a = (const Adadelta *)opt;
    const double *vec[3] = {a->eg2, a->edx2, a->dx};
    static const char *const names[3] = {"E[g\u00b2]", "E[\u0394\u03b8\u00b2]",
                                         "\u0394\u03b8"}; /* E[g²], E[Δθ²], Δθ */
    optim_state_set(out, 3, names, vec);
}

const OptimVTable optim_adadelta_vtable = {
    .id = "adadelta",
    .name = "Adadelta",
    .size = sizeof(Adadelta),
    .reset = adadelta_reset,
    .step = adadelta_step,
    .state = adadelta_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA) | HYPER_BIT(HYPER_EPS),
};
