/* adagrad.c - AdaGrad: per-coordinate rates from the cumulative squared gradient, so each
 * coordinate's effective rate only ever shrinks:
 *   s <- s + g^2;  theta <- theta - alpha g / (sqrt(s) + eps)
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double s[2];
} Adagrad;

static void adagrad_reset(Optimizer *opt)
{
    Adagrad *a = (Adagrad *)opt;
    a->s[0] = a->s[1] = 0.0;
}

static OptimStatus adagrad_step(Optimizer *opt, const Objective *obj, double lr,
                                double theta[2])
{
    Adagrad *a = (Adagrad *)opt;
    double eps = opt->desc.eps;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++) {
        a->s[i] += g[i] * g[i];
        /* With eps = 0 a coordinate whose gradient (hence s) is still 0 would be 0/0: its
         * step is 0, as the update's limit is. */
        theta[i] -= g[i] == 0.0 ? 0.0 : lr * g[i] / (sqrt(a->s[i]) + eps);
    }
    return OPTIM_OK;
}

static void adagrad_state(const Optimizer *opt, OptimState *out)
{
    const Adagrad *a = (const Adagrad *)opt;
    out->n = 1;
    out->name[0] = "s";
    out->value[0][0] = a->s[0];
    out->value[0][1] = a->s[1];
}

const OptimVTable optim_adagrad_vtable = {
    .id = "adagrad",
    .name = "AdaGrad",
    .size = sizeof(Adagrad),
    .reset = adagrad_reset,
    .step = adagrad_step,
    .state = adagrad_state,
    .lr = 0.5,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_EPS),
};
