/* adamw.c - AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, subtracted from
 * theta rather than added to g (L2, which Adam's division by sqrt(v_hat) rescales per
 * coordinate): theta <- theta - alpha (m_hat / (sqrt(v_hat) + eps) + lambda theta).
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double m[2], v[2];
    double m_hat[2], v_hat[2]; /* of the last step, for the inspector */
    double c1, c2;             /* 1 - beta1^k and 1 - beta2^k after step k (0 at k = 0) */
} AdamW;

static void adamw_reset(Optimizer *opt)
{
    AdamW *a = (AdamW *)opt;
    *a = (AdamW){.base = a->base};
}

static OptimStatus adamw_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    AdamW *a = (AdamW *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    a->c1 = (1.0 - d->beta1) + d->beta1 * a->c1;
    a->c2 = (1.0 - d->beta2) + d->beta2 * a->c2;
    /* No correction when beta = 1 (c = 0: the moment stays 0, as in Adam). */
    double c1 = d->bias_correction && a->c1 != 0.0 ? a->c1 : 1.0;
    double c2 = d->bias_correction && a->c2 != 0.0 ? a->c2 : 1.0;
    for (int i = 0; i < 2; i++) {
        a->m[i] = d->beta1 * a->m[i] + (1.0 - d->beta1) * g[i];
        a->v[i] = d->beta2 * a->v[i] + (1.0 - d->beta2) * g[i] * g[i];
        a->m_hat[i] = a->m[i] / c1;
        a->v_hat[i] = a->v[i] / c2;
        double den = sqrt(a->v_hat[i]) + d->eps;
        /* den = 0 only when every gradient so far was 0 (and eps = 0): then m_hat is 0 too. */
        double adam = den > 0.0 ? a->m_hat[i] / den : 0.0;
        theta[i] -= lr * (adam + d->weight_decay * theta[i]);
    }
    return OPTIM_OK;
}

static void adamw_state(const Optimizer *opt, OptimState *out)
{
    const AdamW *a = (const AdamW *)opt;
    const double *vec[4] = {a->m, a->v, a->m_hat, a->v_hat};
    static const char *const names[4] = {"m", "v", "m\u0302", "v\u0302"};
    optim_state_set(out, 4, names, vec);
}

const OptimVTable optim_adamw_vtable = {
    .id = "adamw",
    .name = "AdamW",
    .size = sizeof(AdamW),
    .reset = adamw_reset,
    .step = adamw_step,
    .state = adamw_state,
    .lr = 0.001,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
              HYPER_BIT(HYPER_EPS) | HYPER_BIT(HYPER_BIAS_CORRECTION) |
              HYPER_BIT(HYPER_WEIGHT_DECAY),
};
