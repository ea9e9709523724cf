/* rmsprop.c - RMSProp: AdaGrad with a forgetting running average of the squared gradient:
 *   s <- beta s + (1 - beta) g^2;  theta <- theta - alpha g / (sqrt(s) + eps)
 */
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double s[2];
} Rmsprop;

static void rmsprop_reset(Optimizer *opt)
{
    Rmsprop *r = (Rmsprop *)opt;
    r->s[0] = r->s[1] = 0.0;
}

static OptimStatus rmsprop_step(Optimizer *opt, const Objective *obj, double lr,
                                double theta[2])
{
    Rmsprop *r = (Rmsprop *)opt;
    double beta = opt->desc.beta, eps = opt->desc.eps;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++) {
        r->s[i] = beta * r->s[i] + (1.0 - beta) * g[i] * g[i];
        /* With eps = 0 a zero gradient on a zero s would be 0/0: its step is 0. */
        theta[i] -= g[i] == 0.0 ? 0.0 : lr * g[i] / (sqrt(r->s[i]) + eps);
    }
    return OPTIM_OK;
}

static void rmsprop_state(const Optimizer *opt, OptimState *out)
{
    const Rmsprop *r = (const Rmsprop *)opt;
    out->n = 1;
    out->name[0] = "s";
    out->value[0][0] = r->s[0];
    out->value[0][1] = r->s[1];
}

const OptimVTable optim_rmsprop_vtable = {
    .id = "rmsprop",
    .name = "RMSProp",
    .size = sizeof(Rmsprop),
    .reset = rmsprop_reset,
    .step = rmsprop_step,
    .state = rmsprop_state,
    .lr = 0.05,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA) | HYPER_BIT(HYPER_EPS),
};
