/* optim_impl.h - private to src/optim: what each optimizer file exposes to optim.c.
 *
 * Each <name>.c defines its private struct (Optimizer base first, then its state), a const
 * vtable and one constructor. The vtable is reachable without an instance because the
 * registry (optim_vtable) lists it for the UI; the constructor is what optim_create calls.
 * Nothing outside src/optim includes this header.
 */
#ifndef LOSSLENS_OPTIM_IMPL_H
#define LOSSLENS_OPTIM_IMPL_H

#include "optim/optim.h"

/* Allocates vt->size zeroed bytes, fills the base (vt, *desc, k = 0) and returns it; NULL on
 * out-of-memory. Zeroed memory is every optimizer's initial state. */
Optimizer *optim_alloc(const OptimVTable *vt, const OptimizerDesc *desc);

extern const OptimVTable optim_gd_vtable;
extern const OptimVTable optim_momentum_vtable;
extern const OptimVTable optim_nesterov_vtable;
extern const OptimVTable optim_adagrad_vtable;
extern const OptimVTable optim_rmsprop_vtable;
extern const OptimVTable optim_adam_vtable;
extern const OptimVTable optim_newton_vtable;

/* Constructors: a zeroed optimizer of that kind with hyperparameters *desc (desc->kind must
 * match); NULL on out-of-memory. */
Optimizer *optim_gd_create(const OptimizerDesc *desc);
Optimizer *optim_momentum_create(const OptimizerDesc *desc);
Optimizer *optim_nesterov_create(const OptimizerDesc *desc);
Optimizer *optim_adagrad_create(const OptimizerDesc *desc);
Optimizer *optim_rmsprop_create(const OptimizerDesc *desc);
Optimizer *optim_adam_create(const OptimizerDesc *desc);
Optimizer *optim_newton_create(const OptimizerDesc *desc);

#endif
