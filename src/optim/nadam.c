/* nadam.c - NAdam (Dozat, algorithm 2 with a constant beta1): Adam with Nesterov's look-ahead,
 * by using the next step's momentum now:
 *   m_bar = beta1 m / (1 - beta1^(k+1)) + (1 - beta1) g / (1 - beta1^k)
 *   theta <- theta - alpha m_bar / (sqrt(v_hat) + eps)   (no correction: beta1 m + (1 - beta1) g)
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double m[2], v[2];
    double m_bar[2], v_hat[2];
    double c1, c2; /* 1 - beta1^k and 1 - beta2^k after step k (0 at k = 0) */
} Nadam;

static void nadam_reset(Optimizer *opt)
{
    Nadam *a = (Nadam *)opt;
    *a = (Nadam){.base = a->base};
}

static OptimStatus nadam_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Nadam *a = (Nadam *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    a->c1 = (1.0 - d->beta1) + d->beta1 * a->c1;
    a->c2 = (1.0 - d->beta2) + d->beta2 * a->c2;
    double c1_next = (1.0 - d->beta1) + d->beta1 * a->c1; /* 1 - beta1^(k+1) */
    double c1 = 1.0, c1n = 1.0, c2 = 1.0;
    if (d->bias_correction) {
        c1 = a->c1 != 0.0 ? a->c1 : 1.0;
        c1n = c1_next != 0.0 ? c1_next : 1.0;
        c2 = a->c2 != 0.0 ? a->c2 : 1.0;
    }
    for (int i = 0; i < 2; i++) {
        a->m[i] = d->beta1 * a->m[i] + (1.0 - d->beta1) * g[i];
        a->v[i] = d->beta2 * a->v[i] + (1.0 - d->beta2) * g[i] * g[i];
        a->m_bar[i] = d->beta1 * a->m[i] / c1n + (1.0 - d->beta1) * g[i] / c1;
        a->v_hat[i] = a->v[i] / c2;
        double den = sqrt(a->v_hat[i]) + d->eps;
        theta[i] -= den > 0.0 ? lr * a->m_bar[i] / den : 0.0;
    }
    return OPTIM_OK;
}

static void nadam_state(const Optimizer *opt, OptimState *out)
{
    const Nadam *a = (const Nadam *)opt;
    const double *vec[4] = {a->m, a->v, a->m_bar, a->v_hat};
    static const char *const names[4] = {"m", "v", "m\u0304", "v\u0302"}; /* m̄, v̂ */
    optim_state_set(out, 4, names, vec);
}

const OptimVTable optim_nadam_vtable = {
    .id = "nadam",
    .name = "NAdam",
    .size = sizeof(Nadam),
    .reset = nadam_reset,
    .step = nadam_step,
    .state = nadam_state,
    .lr = 0.001,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
              HYPER_BIT(HYPER_EPS) | HYPER_BIT(HYPER_BIAS_CORRECTION),
};
