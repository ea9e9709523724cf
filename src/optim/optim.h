/* optim.h - one interface for every optimizer.
 *
 * An Optimizer is a base struct (vtable + hyperparameters + step count) embedded first in a
 * private per-optimizer struct that holds its own state. optim.c holds the dispatch wrappers
 * and the registry that the UI lists: a new optimizer costs one file and one registry line.
 * All arithmetic is double. This module uses libc only: no SDL, no GL.
 */
#ifndef LOSSLENS_OPTIM_H
#define LOSSLENS_OPTIM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    OPTIM_GD,
    OPTIM_MOMENTUM,
    OPTIM_NESTEROV,
    OPTIM_ADAGRAD,
    OPTIM_RMSPROP,
    OPTIM_ADAM,
    OPTIM_NEWTON,
    OPTIM_COUNT
} OptimKind;

/* Hyperparameters. Unlike most desc structs, zero is a legitimate value here (mu = 0,
 * beta1 = 0, eps = 0 are all meaningful), so start from optim_desc_default(kind) and override
 * fields; never from a zeroed struct. Fields an optimizer does not use are ignored. */
typedef struct {
    OptimKind kind;
    double lr;            /* alpha */
    double momentum;      /* mu: momentum, nesterov */
    double beta;          /* rmsprop */
    double beta1, beta2;  /* adam */
    double eps;           /* adagrad, rmsprop, adam */
    bool bias_correction; /* adam: divide by (1 - beta^k); default true */
} OptimizerDesc;

/* The stochastic objective of one step: the optimizer may evaluate the gradient (and, for
 * Newton, the Hessian) of this step's loss at any point, e.g. Nesterov's look-ahead point.
 * For a minibatch step every call uses the same batch. hess may be NULL when unused. */
typedef struct {
    void (*grad)(void *ctx, const double theta[2], double g[2]);
    void (*hess)(void *ctx, const double theta[2], double h[3]); /* hxx, hxy, hyy */
    void *ctx;
} Objective;

typedef enum {
    OPTIM_OK,
    OPTIM_SINGULAR, /* Newton: the Hessian could not be inverted; theta unchanged */
} OptimStatus;

/* Named view of an optimizer's internal state for the inspector: up to 4 vectors. */
typedef struct {
    int n;
    const char *name[4];
    double value[4][2];
} OptimState;

typedef struct Optimizer Optimizer;

typedef struct {
    const char *id;   /* command-line id: "gd", "momentum", ... */
    const char *name; /* display name: "Gradient descent", ... */
    size_t size;      /* sizeof the private struct (for optim_clone) */
    void (*reset)(Optimizer *opt);
    /* One update with learning rate lr at step count opt->k (already incremented, k >= 1). */
    OptimStatus (*step)(Optimizer *opt, const Objective *obj, double lr, double theta[2]);
    void (*state)(const Optimizer *opt, OptimState *out);
} OptimVTable;

struct Optimizer {
    const OptimVTable *vt;
    OptimizerDesc desc;
    long k; /* steps taken so far */
};

/* Defaults: mu = 0.9, beta = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8,
 * bias_correction = true, Adam's lr = 0.001 (the lecture's), Newton's lr = 1, others a
 * rate that suits the default landscape. */
OptimizerDesc optim_desc_default(OptimKind kind);

/* Allocates an optimizer with zeroed state; NULL only on out-of-memory. Caller owns it and
 * frees it with optim_destroy. */
Optimizer *optim_create(const OptimizerDesc *desc);
void optim_destroy(Optimizer *opt);
/* A deep copy (same state, same k); NULL on out-of-memory. */
Optimizer *optim_clone(const Optimizer *opt);
/* Copies the full state of src into dst (moments, k and desc); both of the same kind. */
void optim_copy_state(Optimizer *dst, const Optimizer *src);
void optim_reset(Optimizer *opt);
/* Increments opt->k, then applies the update rule to theta in place. lr is this step's rate
 * (the caller applies the schedule); desc.lr is only the default it starts from. k counts
 * an OPTIM_SINGULAR step too. */
OptimStatus optim_step(Optimizer *opt, const Objective *obj, double lr, double theta[2]);
void optim_state(const Optimizer *opt, OptimState *out);

/* Registry, in OptimKind order. */
const OptimVTable *optim_vtable(OptimKind kind);
/* Look up by id; false when unknown. */
bool optim_kind_from_id(const char *id, OptimKind *out);

#endif
