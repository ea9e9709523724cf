/* adam.c - Adam: momentum on the first moment m, RMSProp on the second moment v, both
 * bias-corrected for their zero start (optional, for the lecture's "why" demo):
 *   m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
 *   theta <- theta - alpha m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - beta1^k), ...
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double m[2], v[2];
    double m_hat[2], v_hat[2]; /* of the last step, for the inspector */
    double c1, c2; /* the bias corrections 1 - beta1^k and 1 - beta2^k after step k: 0 at
                      k = 0, so the zeroed state every optimizer starts from is right */
} Adam;

static void adam_reset(Optimizer *opt)
{
    Adam *a = (Adam *)opt;
    for (int i = 0; i < 2; i++)
        a->m[i] = a->v[i] = a->m_hat[i] = a->v_hat[i] = 0.0;
    a->c1 = a->c2 = 0.0;
}

/* The divisor of a bias correction c = 1 - beta^k, or 1 when it has none (beta = 1: the
 * moment stays 0, and dividing would turn 0 into 0/0). */
static double adam_divisor(double c)
{
    return c == 0.0 ? 1.0 : c;
}

static OptimStatus adam_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Adam *a = (Adam *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);

    /* 1 - beta^k by its recurrence c_k = (1 - beta) + beta c_(k-1): one multiply-add per
     * step instead of a pow (which was half of Adam's cost); it agrees with
     * 1 - pow(beta, k) to within k rounding errors, ~1e-11 relative after 10^5 steps. The
     * runs are rebuilt from step 0 whenever a beta changes. */
    a->c1 = (1.0 - d->beta1) + d->beta1 * a->c1;
    a->c2 = (1.0 - d->beta2) + d->beta2 * a->c2;
    double c1 = 1.0, c2 = 1.0;
    if (d->bias_correction) {
        c1 = adam_divisor(a->c1);
        c2 = adam_divisor(a->c2);
    }
    for (int i = 0; i < 2; i++) {
        a->m[i] = d->beta1 * a->m[i] + (1.0 - d->beta1) * g[i];
        a->v[i] = d->beta2 * a->v[i] + (1.0 - d->beta2) * g[i] * g[i];
        a->m_hat[i] = d->bias_correction ? a->m[i] / c1 : a->m[i];
        a->v_hat[i] = d->bias_correction ? a->v[i] / c2 : a->v[i];
        /* With eps = 0 a zero m on a zero v would be 0/0: its step is 0. */
        theta[i] -= a->m_hat[i] == 0.0 ? 0.0 : lr * a->m_hat[i] / (sqrt(a->v_hat[i]) + d->eps);
    }
    return OPTIM_OK;
}

static void adam_state(const Optimizer *opt, OptimState *out)
{
    const Adam *a = (const Adam *)opt;
    const double *vec[4] = {a->m, a->v, a->m_hat, a->v_hat};
    static const char *const names[4] = {"m", "v", "m\u0302", "v\u0302"}; /* m̂, v̂ */
    optim_state_set(out, 4, names, vec);
}

const OptimVTable optim_adam_vtable = {
    .id = "adam",
    .name = "Adam",
    .size = sizeof(Adam),
    .reset = adam_reset,
    .step = adam_step,
    .state = adam_state,
    .lr = 0.001,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
               HYPER_BIT(HYPER_EPS) | HYPER_BIT(HYPER_BIAS_CORRECTION),
};
