/* optim.c - the dispatch wrappers every caller uses and the registry the UI lists.
 *
 * The per-optimizer files know only their own update rule; this file owns the step count,
 * allocation, cloning and the defaults. Adding an optimizer: one file, one registry line.
 */
#include "optim/optim.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "optim/optim_impl.h"

typedef struct {
    const OptimVTable *vt;
    Optimizer *(*create)(const OptimizerDesc *desc);
    double lr; /* default learning rate */
} OptimEntry;

/* Default rates: the lecture's 0.001 for Adam, a full Newton step, and for the rest a rate
 * that converges visibly on the default landscape (the bowl x^2 + y^2, Hessian 2I). */
static const OptimEntry registry[] = {
    [OPTIM_GD] = {&optim_gd_vtable, optim_gd_create, 0.1},
    [OPTIM_MOMENTUM] = {&optim_momentum_vtable, optim_momentum_create, 0.05},
    [OPTIM_NESTEROV] = {&optim_nesterov_vtable, optim_nesterov_create, 0.05},
    [OPTIM_ADAGRAD] = {&optim_adagrad_vtable, optim_adagrad_create, 0.5},
    [OPTIM_RMSPROP] = {&optim_rmsprop_vtable, optim_rmsprop_create, 0.05},
    [OPTIM_ADAM] = {&optim_adam_vtable, optim_adam_create, 0.001},
    [OPTIM_NEWTON] = {&optim_newton_vtable, optim_newton_create, 1.0},
};
static_assert(sizeof registry / sizeof registry[0] == OPTIM_COUNT,
              "one registry entry per OptimKind");

static const OptimEntry *optim_entry(OptimKind kind)
{
    assert(kind >= 0 && kind < OPTIM_COUNT);
    return &registry[kind];
}

OptimizerDesc optim_desc_default(OptimKind kind)
{
    return (OptimizerDesc){
        .kind = kind,
        .lr = optim_entry(kind)->lr,
        .momentum = 0.9,
        .beta = 0.9,
        .beta1 = 0.9,
        .beta2 = 0.999,
        .eps = 1e-8,
        .bias_correction = true,
    };
}

Optimizer *optim_alloc(const OptimVTable *vt, const OptimizerDesc *desc)
{
    assert(vt && desc && vt->size >= sizeof(Optimizer));
    Optimizer *opt = calloc(1, vt->size);
    if (!opt)
        return NULL;
    opt->vt = vt;
    opt->desc = *desc;
    opt->k = 0;
    return opt;
}

Optimizer *optim_create(const OptimizerDesc *desc)
{
    assert(desc);
    Optimizer *opt = optim_entry(desc->kind)->create(desc);
    assert(!opt || opt->vt == optim_entry(desc->kind)->vt);
    return opt;
}

void optim_destroy(Optimizer *opt)
{
    free(opt);
}

/* A whole optimizer is vt->size plain bytes (no pointers to owned memory), so a byte copy
 * is a deep copy and stepping the copy repeats the original bit for bit. */
Optimizer *optim_clone(const Optimizer *opt)
{
    assert(opt && opt->vt);
    Optimizer *copy = malloc(opt->vt->size);
    if (!copy)
        return NULL;
    memcpy(copy, opt, opt->vt->size);
    return copy;
}

void optim_copy_state(Optimizer *dst, const Optimizer *src)
{
    assert(dst && src && dst->vt == src->vt);
    if (dst != src)
        memcpy(dst, src, src->vt->size);
}

void optim_reset(Optimizer *opt)
{
    assert(opt && opt->vt);
    opt->k = 0;
    opt->vt->reset(opt);
}

OptimStatus optim_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    assert(opt && opt->vt && obj && obj->grad && theta);
    opt->k++;
    return opt->vt->step(opt, obj, lr, theta);
}

void optim_state(const Optimizer *opt, OptimState *out)
{
    assert(opt && opt->vt && out);
    memset(out, 0, sizeof *out);
    opt->vt->state(opt, out);
    assert(out->n >= 0 && out->n <= 4);
}

const OptimVTable *optim_vtable(OptimKind kind)
{
    return optim_entry(kind)->vt;
}

bool optim_kind_from_id(const char *id, OptimKind *out)
{
    if (!id)
        return false;
    for (int i = 0; i < OPTIM_COUNT; i++) {
        if (strcmp(registry[i].vt->id, id) == 0) {
            if (out)
                *out = (OptimKind)i;
            return true;
        }
    }
    return false;
}
