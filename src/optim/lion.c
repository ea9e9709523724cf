/* lion.c - Lion (Chen et al.): every coordinate moves by exactly alpha, along the sign of an
 * interpolation of momentum and gradient; the momentum itself decays more slowly:
 *   c = beta1 m + (1 - beta1) g;  theta <- theta - alpha (sign(c) + lambda theta)
 *   m <- beta2 m + (1 - beta2) g   (sign(0) = 0)
 */
#include <math.h>

#include "optim/optim_impl.h"

/* The paper's defaults are beta2 = 0.99 and alpha 3-10 times below AdamW's; here beta2 is
 * the table's 0.999 unless a run sets it. */
typedef struct {
    Optimizer base;
    double m[2];
    double c[2]; /* the last interpolation, for the inspector */
} Lion;

static void lion_reset(Optimizer *opt)
{
    Lion *l = (Lion *)opt;
    *l = (Lion){.base = l->base};
}

static double lion_sign(double x)
{
    return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0;
}

static OptimStatus lion_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Lion *l = (Lion *)opt;
    const OptimizerDesc *d = &opt->desc;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++) {
        l->c[i] = d->beta1 * l->m[i] + (1.0 - d->beta1) * g[i];
        theta[i] -= lr * (lion_sign(l->c[i]) + d->weight_decay * theta[i]);
        l->m[i] = d->beta2 * l->m[i] + (1.0 - d->beta2) * g[i];
    }
    return OPTIM_OK;
}

static void lion_state(const Optimizer *opt, OptimState *out)
{
    const Lion *l = (const Lion *)opt;
    out->n = 2;
    out->name[0] = "m";
    out->name[1] = "c";
    for (int i = 0; i < 2; i++) {
        out->value[0][i] = l->m[i];
        out->value[1][i] = l->c[i];
    }
}

const OptimVTable optim_lion_vtable = {
    .id = "lion",
    .name = "Lion",
    .size = sizeof(Lion),
    .reset = lion_reset,
    .step = lion_step,
    .state = lion_state,
    .lr = 1e-4,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
              HYPER_BIT(HYPER_WEIGHT_DECAY),
};
