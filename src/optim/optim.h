/* optim.h - one interface for every optimizer.
 *
 * An Optimizer is a base struct (vtable + hyperparameters + step count) embedded first in a
 * private per-optimizer struct that holds its own state. Each optimizer's vtable is also its
 * row of facts (id, name, default rate, the hyperparameters it reads, its stability limit);
 * the registry, the panel, the legend, the run keys and --help all read those rows.
 * All arithmetic is double. This module uses libc only: no SDL, no GL.
 */
#ifndef LOSSLENS_OPTIM_H
#define LOSSLENS_OPTIM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The optimizers in registry order: X(KIND, name) makes OPTIM_KIND, whose row is
 * `const OptimVTable optim_name_vtable` in src/optim/name.c. A new optimizer costs that file,
 * one line here and its name in src/optim/meson.build. */
#define OPTIM_LIST(X)       \
    X(GD, gd)               \
    X(MOMENTUM, momentum)   \
    X(NESTEROV, nesterov)   \
    X(ADAGRAD, adagrad)     \
    X(RMSPROP, rmsprop)     \
    X(ADAM, adam)           \
    X(NEWTON, newton)       \
    X(ADAMW, adamw)         \
    X(AMSGRAD, amsgrad)     \
    X(NADAM, nadam)         \
    X(ADADELTA, adadelta)   \
    X(LION, lion)           \
    X(HEAVYBALL, heavyball) \
    X(DAMPED_NEWTON, damped_newton) \
    X(SADDLE_FREE, saddle_free) \
    X(LBFGS, lbfgs)         \
    X(CG, cg)

typedef enum {
#define OPTIM_KIND_ENUM(kind, name) OPTIM_##kind,
    OPTIM_LIST(OPTIM_KIND_ENUM)
#undef OPTIM_KIND_ENUM
    OPTIM_COUNT
} OptimKind;

/* Hyperparameters. Unlike most desc structs, zero is a legitimate value here (mu = 0,
 * beta1 = 0, eps = 0 are all meaningful), so start from optim_desc_default(kind) and override
 * fields; never from a zeroed struct. Fields an optimizer does not use are ignored. */
typedef struct {
    OptimKind kind;
    double lr;            /* alpha */
    double momentum;      /* mu: momentum, nesterov */
    double beta;          /* rmsprop, adadelta: decay; heavyball: weight of theta - theta_prev */
    double beta1, beta2;  /* adam and its family, lion */
    double eps;           /* adagrad, rmsprop, adam and its family, adadelta */
    bool bias_correction; /* adam and its family: divide by (1 - beta^k); default true */
    double weight_decay;  /* lambda: adamw, lion (decoupled: alpha lambda theta per step) */
    double damping;       /* lambda: damped_newton, (H + lambda I)^-1 g */
    double memory;        /* m: lbfgs, the (s, y) pairs kept (its whole part, 1 to 20) */
    bool line_search;     /* gd: backtracking Armijo line search from alpha (lbfgs and cg
                             always search) */
    /* Per-run options every optimizer carries: the run (src/run) applies them to each
     * gradient evaluation before the optimizer sees it; the update rules never read them. */
    double l2;            /* lambda: adds lambda theta to the gradient (0: off) */
    double clip;          /* C: rescales the gradient to norm <= C (0: off) */
} OptimizerDesc;

/* The stochastic objective of one step: the optimizer may evaluate the gradient (and, for
 * Newton, the Hessian; for a line search, the loss) of this step's loss at any point, e.g.
 * Nesterov's look-ahead point or a line search's trial points. For a minibatch step every
 * call uses the same batch. hess may be NULL when unused; loss may be NULL for optimizers
 * that do not search (gd without line_search, and all but lbfgs and cg). The loss is the
 * one whose gradient grad returns (so a line search's sufficient-decrease test is
 * consistent with its slope). */
typedef struct {
    void (*grad)(void *ctx, const double theta[2], double g[2]);
    void (*hess)(void *ctx, const double theta[2], double h[3]); /* hxx, hxy, hyy */
    double (*loss)(void *ctx, const double theta[2]);
    void *ctx;
} Objective;

typedef enum {
    OPTIM_OK,
    OPTIM_SINGULAR, /* Newton: the Hessian could not be inverted; theta unchanged */
} OptimStatus;

/* The backtracking Armijo line search that lbfgs, cg and gd (line_search = 1) share: from
 * t = t0 it halves t until L(theta + t d) <= L(theta) + c1 t g.d (c1 = OPTIM_ARMIJO_C1), at
 * most OPTIM_ARMIJO_MAX_TRIALS loss evaluations. f0 = L(theta), g = grad L(theta), and d
 * must be a descent direction (g.d < 0). Returns the accepted t and writes theta + t d to
 * out, or returns 0 (out = theta) when no trial was accepted. *trials counts the loss
 * evaluations. */
#define OPTIM_ARMIJO_C1 1e-4
enum { OPTIM_ARMIJO_MAX_TRIALS = 60 };
double optim_armijo(const Objective *obj, const double theta[2], double f0, const double g[2],
                    const double d[2], double t0, double out[2], int *trials);

/* Named view of an optimizer's internal state for the inspector: up to 4 vectors. */
typedef struct {
    int n;
    const char *name[4];
    double value[4][2];
} OptimState;

typedef struct Optimizer Optimizer;

/* Many independent points stepped at once by one update rule (basin maps: one point per
 * start), structure of arrays. For rules that read one gradient at theta and nothing else
 * (no look-ahead, no Hessian, no line search): the caller evaluates g at theta (as the
 * Objective's grad would return it) and the rule updates theta in place, point by point with
 * exactly the arithmetic of its step(), so every point follows the bits of an Optimizer of
 * its own. state: vt->lane_state arrays of n doubles; shared: the state that depends on the
 * step count alone (Adam's bias corrections); both zero before the first step. */
enum { OPTIM_LANE_STATE_MAX = 4, OPTIM_LANE_SHARED_MAX = 2 };
typedef struct {
    int n;
    double *x, *y;
    const double *gx, *gy;
    double *state[OPTIM_LANE_STATE_MAX];
    double shared[OPTIM_LANE_SHARED_MAX];
} OptimLanes;

/* One optimizer: its functions and its facts. optim_create allocates `size` zeroed bytes
 * (zero is every optimizer's initial state) and fills the base. */
typedef struct {
    const char *id;   /* command-line id: "gd", "momentum", ... */
    const char *name; /* display name: "Gradient descent", ... */
    size_t size;      /* sizeof the private struct (for optim_create and optim_clone) */
    void (*reset)(Optimizer *opt);
    /* One update with learning rate lr at step count opt->k (already incremented, k >= 1). */
    OptimStatus (*step)(Optimizer *opt, const Objective *obj, double lr, double theta[2]);
    void (*state)(const Optimizer *opt, OptimState *out);
    double lr;        /* default learning rate alpha */
    /* The hyperparameters its update rule reads: HYPER_BIT(HYPER_x) for each (the
     * hyperparameter table below holds their keys, ranges and defaults). Always includes
     * HYPER_LR. */
    unsigned hypers;
    /* The largest stable alpha on a quadratic whose Hessian's largest eigenvalue is
     * lambda_max (see optim_stability_limit), and that rule as text ("α < 2/λmax"); both
     * NULL when the step size adapts and no such rule exists. */
    double (*stability_limit)(const OptimizerDesc *d, double lambda_max);
    const char *stability_text;
    /* The update on many points (OptimLanes), or NULL when the rule has no such form;
     * lane_state: how many of OptimLanes.state it uses. */
    void (*step_lanes)(const OptimizerDesc *d, OptimLanes *l, double lr);
    int lane_state;
} OptimVTable;

struct Optimizer {
    const OptimVTable *vt;
    OptimizerDesc desc;
    long k; /* steps taken so far */
};

/* Every field at its default (the hyperparameter table: mu = 0.9, beta = 0.9, beta1 = 0.9,
 * beta2 = 0.999, eps = 1e-8, bias_correction = true, weight_decay = 0.01, damping = 1,
 * memory = 5, line_search = false, l2 = clip = 0), lr at the optimizer's own (its row:
 * Adam's 0.001 is the lecture's and its family's, Newton's 1 the full step, Adadelta's 1 its
 * paper's rule, L-BFGS's and CG's 1 the first trial, the others a rate that suits the default
 * landscape). Fields the optimizer does not read hold their defaults too. */
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
/* Whether d's rule can step OptimLanes (its row has step_lanes; gd only without its line
 * search). */
bool optim_has_lanes(const OptimizerDesc *d);
/* One step of every point of l at rate lr; asserts optim_has_lanes(d). */
void optim_step_lanes(const OptimizerDesc *d, OptimLanes *l, double lr);

/* Registry, in OptimKind order. */
const OptimVTable *optim_vtable(OptimKind kind);
/* Look up by id; false (and *out untouched) when unknown or NULL. */
bool optim_kind_from_id(const char *id, OptimKind *out);

/* The largest learning rate for which d's update rule converges on a quadratic whose
 * Hessian has largest eigenvalue lambda_max (the bound is strict: alpha must stay below it):
 *   gd 2/lambda_max, momentum 2(1 + mu)/lambda_max, Nesterov 2(1 + mu)/((1 + 2mu) lambda_max),
 *   Newton 2 (whatever the curvature), heavy ball 2(1 + beta)/lambda_max, damped Newton
 *   2(1 + lambda/lambda_max), saddle-free Newton 2.
 * INFINITY when lambda_max <= 0 for those that depend on it (no positive curvature: no rate
 * overshoots), and for gd with a line search (it never accepts a rise). NAN when the
 * optimizer has no such rule (AdaGrad, RMSProp, the Adam family, Adadelta and Lion adapt
 * their steps; L-BFGS and CG search them). */
double optim_stability_limit(const OptimizerDesc *d, double lambda_max);

/* The legend's hyperparameter text of d, e.g. "α = 0.05, β₁ = 0.9, β₂ = 0.999": alpha and
 * the parameters its update rule reads that the legend shows (not eps or bias correction),
 * 4 significant digits each (a dragged α reads 0.0008198, not 0.000819784), a named switch
 * by name when on ("α = 0.1, armijo line search"), into buf
 * (always terminated when len > 0). */
void optim_format_hypers(const OptimizerDesc *d, char *buf, size_t len);
/* The same without the hyperparameters whose bit (1u << key) is set in skip. */
void optim_format_hypers_except(const OptimizerDesc *d, uint32_t skip, char *buf, size_t len);

/* The optimizer part of --help, from the rows: each optimizer's id, name and the keys it
 * reads at their defaults; each key's symbol, meaning and valid values; the stability rules.
 * Ends with a newline. */
void optim_print_help(FILE *out);

/* ---- The hyperparameters as data ----------------------------------------------------
 * One row per field of OptimizerDesc with its key, symbol, meaning, default, valid range,
 * slider and place in the struct (hyper.c). Which optimizer reads which is in its own row
 * (OptimVTable.hypers). The command line, scene files, the panel, the legend and --help all
 * read these rows, so a new hyperparameter is one line there (and its field in
 * OptimizerDesc). */
typedef enum {
    HYPER_LR,
    HYPER_MOMENTUM,
    HYPER_BETA,
    HYPER_BETA1,
    HYPER_BETA2,
    HYPER_EPS,
    HYPER_BIAS_CORRECTION,
    HYPER_WEIGHT_DECAY,
    HYPER_DAMPING,
    HYPER_MEMORY,
    HYPER_LINE_SEARCH,
    HYPER_L2,
    HYPER_CLIP,
    HYPER_COUNT
} HyperKey;
static_assert(HYPER_COUNT <= 32, "optim_format_hypers_except's skip holds a bit per key");

#define HYPER_BIT(key) (1u << (key))

typedef struct {
    const char *key;    /* run-spec and scene-file key: "lr", "momentum", ... */
    const char *symbol; /* the lecture's symbol, as the legend writes it: "α", "μ", "β₁" */
    const char *label;  /* the panel's text for its control: "α (lr)", "μ", "bias correction" */
    const char *help;   /* what it is, for --help */
    double def;         /* default; NAN for lr, whose default is each optimizer's own */
    double min, max;    /* valid values: min <= v <= max (open ends below) */
    bool min_open;      /* lr: strictly positive */
    bool max_open;      /* the decay rates: below 1 */
    bool is_bool;       /* bias_correction: 0 or 1, a bool field */
    const char *names[2]; /* a bool's values by name ("none", "armijo"), or NULL: the spec
                             also takes these for 0 and 1 (hyper_parse_name) */
    bool every_optimizer; /* a per-run option (l2, clip): every optimizer takes the key */
    double slider_lo, slider_hi; /* the panel's slider range, inside the valid range */
    bool slider_log;    /* the slider moves on a log scale */
    bool in_legend;     /* the legend shows it (eps and bias correction it does not; a bool
                           with names only when on, by name) */
    size_t offset;      /* offsetof(OptimizerDesc, field): a double, or a bool if is_bool */
} HyperInfo;

const HyperInfo *hyper_info(HyperKey key);
/* Look up by key; false (and *out untouched) when unknown. */
bool hyper_from_key(const char *key, HyperKey *out);
/* Whether optimizer `kind` reads hyperparameter `key` (its row's `hypers`, or a per-run
 * option that every optimizer takes). */
bool hyper_used_by(OptimKind kind, HyperKey key);
/* The field's value; a bool reads as 0 or 1. */
double hyper_get(const OptimizerDesc *d, HyperKey key);
/* Sets the field; a bool field becomes value != 0. */
void hyper_set(OptimizerDesc *d, HyperKey key, double value);
/* Whether v is a valid value for key (finite and within the range above). */
bool hyper_valid(HyperKey key, double v);
/* A bool's value written by name ("armijo" -> 1, "none" -> 0 for line_search): true and
 * *out set when text is one of the row's names; false (untouched) otherwise. */
bool hyper_parse_name(HyperKey key, const char *text, double *out);
/* "a number in (0, 1e+06]" style text describing the valid range, into buf. */
void hyper_range_text(HyperKey key, char *buf, int len);

#endif
