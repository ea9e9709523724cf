/* hyper.h - the hyperparameters as data: one row per field of OptimizerDesc with its key,
 * symbol, meaning, default, valid range, slider and place in the struct. Which optimizer
 * reads which is in its own row (OptimVTable.hypers). The command line, scene files, the
 * panel, the legend and --help all read these rows, so a new hyperparameter is one line
 * here (and its field in OptimizerDesc). */
#ifndef LOSSLENS_HYPER_H
#define LOSSLENS_HYPER_H

#include <stdbool.h>
#include <stddef.h>

#include "optim/optim.h"

typedef enum {
    HYPER_LR,
    HYPER_MOMENTUM,
    HYPER_BETA,
    HYPER_BETA1,
    HYPER_BETA2,
    HYPER_EPS,
    HYPER_BIAS_CORRECTION,
    HYPER_COUNT
} HyperKey;

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
    double slider_lo, slider_hi; /* the panel's slider range, inside the valid range */
    bool slider_log;    /* the slider moves on a log scale */
    bool in_legend;     /* the legend shows it (eps and bias correction it does not) */
    size_t offset;      /* offsetof(OptimizerDesc, field): a double, or a bool if is_bool */
} HyperInfo;

const HyperInfo *hyper_info(HyperKey key);
/* Look up by key; false (and *out untouched) when unknown. */
bool hyper_from_key(const char *key, HyperKey *out);
/* Whether optimizer `kind` reads hyperparameter `key` (its row's `hypers`). */
bool hyper_used_by(OptimKind kind, HyperKey key);
/* The field's value; a bool reads as 0 or 1. */
double hyper_get(const OptimizerDesc *d, HyperKey key);
/* Sets the field; a bool field becomes value != 0. */
void hyper_set(OptimizerDesc *d, HyperKey key, double value);
/* Whether v is a valid value for key (finite and within the range above). */
bool hyper_valid(HyperKey key, double v);
/* "a number in (0, 1e+06]" style text describing the valid range, into buf. */
void hyper_range_text(HyperKey key, char *buf, int len);

#endif
