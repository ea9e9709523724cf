/* amsgrad.c - AMSGrad (Reddi, Kale & Kumar): Adam whose denominator never shrinks, the fix
 * for Adam's non-convergence example: v_max <- max(v_max, v_hat) (the bias-corrected v_hat,
 * so step 1 is Adam's); theta <- theta - alpha m_hat / (sqrt(v_max) + eps).
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double m[2], v[2];
    double m_hat[2], v_max[2];
    double c1, c2; /* 1 - beta1^k and 1 - beta2^k after step k (0 at k = 0) */
} Amsgrad;

static void amsgrad_reset(Optimizer *opt)
{
    Amsgrad *a = (Amsgrad *)opt;
    *a = (Amsgrad){.base = a->base};
}

static OptimStatus amsgrad_step(Optimizer *opt, const Objective *obj, double lr,
                                double theta[2])
{
    Amsgrad *a = (Amsgrad *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    a->c1 = (1.0 - d->beta1) + d->beta1 * a->c1;
    a->c2 = (1.0 - d->beta2) + d->beta2 * a->c2;
    double c1 = d->bias_correction && a->c1 != 0.0 ? a->c1 : 1.0;
    double c2 = d->bias_correction && a->c2 != 0.0 ? a->c2 : 1.0;
    for (int i = 0; i < 2; i++) {
        a->m[i] = d->beta1 * a->m[i] + (1.0 - d->beta1) * g[i];
        a->v[i] = d->beta2 * a->v[i] + (1.0 - d->beta2) * g[i] * g[i];
        a->m_hat[i] = a->m[i] / c1;
        a->v_max[i] = fmax(a->v_max[i], a->v[i] / c2);
        double den = sqrt(a->v_max[i]) + d->eps;
        theta[i] -= den > 0.0 ? lr * a->m_hat[i] / den : 0.0;
    }
    return OPTIM_OK;
}

static void amsgrad_state(const Optimizer *opt, OptimState *out)
{
    const Amsgrad *a = (const Amsgrad *)opt;
    const double *vec[4] = {a->m, a->v, a->m_hat, a->v_max};
    static const char *const names[4] = {"m", "v", "m\u0302", "v\u0302max"};
    optim_state_set(out, 4, names, vec);
}

const OptimVTable optim_amsgrad_vtable = {
    .id = "amsgrad",
    .name = "AMSGrad",
    .size = sizeof(Amsgrad),
    .reset = amsgrad_reset,
    .step = amsgrad_step,
    .state = amsgrad_state,
    .lr = 0.001,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
              HYPER_BIT(HYPER_EPS) | HYPER_BIT(HYPER_BIAS_CORRECTION),
};
