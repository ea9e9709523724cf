/* nesterov.c - Nesterov accelerated gradient: momentum whose gradient is taken at the point
 * the velocity is about to carry theta to:
 *   v <- grad L(theta - alpha mu v) + mu v;  theta <- theta - alpha v
 */
#include <assert.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double v[2];
} Nesterov;

static void nesterov_reset(Optimizer *opt)
{
    Nesterov *n = (Nesterov *)opt;
    n->v[0] = n->v[1] = 0.0;
}

static OptimStatus nesterov_step(Optimizer *opt, const Objective *obj, double lr,
                                 double theta[2])
{
    Nesterov *n = (Nesterov *)opt;
    double mu = opt->desc.momentum;
    double ahead[2], g[2];
    for (int i = 0; i < 2; i++)
        ahead[i] = theta[i] - lr * mu * n->v[i];
    obj->grad(obj->ctx, ahead, g);
    for (int i = 0; i < 2; i++) {
        n->v[i] = g[i] + mu * n->v[i];
        theta[i] -= lr * n->v[i];
    }
    return OPTIM_OK;
}

static void nesterov_state(const Optimizer *opt, OptimState *out)
{
    const Nesterov *n = (const Nesterov *)opt;
    out->n = 1;
    out->name[0] = "v";
    out->value[0][0] = n->v[0];
    out->value[0][1] = n->v[1];
}

const OptimVTable optim_nesterov_vtable = {
    .id = "nesterov",
    .name = "Nesterov",
    .size = sizeof(Nesterov),
    .reset = nesterov_reset,
    .step = nesterov_step,
    .state = nesterov_state,
};

Optimizer *optim_nesterov_create(const OptimizerDesc *desc)
{
    assert(desc && desc->kind == OPTIM_NESTEROV);
    return optim_alloc(&optim_nesterov_vtable, desc);
}
