/* hyper.h - the hyperparameters as data: key, symbol, valid range, slider range, and which
 * optimizer uses which. The command line, scene files, sliders and the legend all read this
 * one table, so a new hyperparameter is one line here. */
#ifndef LOSSLENS_HYPER_H
#define LOSSLENS_HYPER_H

#include <stdbool.h>

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

typedef struct {
    const char *key;    /* command-line key: "lr", "momentum", ... */
    const char *symbol; /* the lecture's symbol: "α", "μ", "β", "β1", "β2", "ε" */
    double min, max;    /* valid values: min <= v <= max, or min <= v < max when max_open */
    bool max_open;
    bool min_open;      /* lr: strictly positive */
    bool is_bool;       /* bias_correction: 0 or 1 */
    double slider_lo, slider_hi; /* slider range */
    bool slider_log;    /* slider moves on a log scale */
} HyperInfo;

const HyperInfo *hyper_info(HyperKey key);
/* Look up by key; false when unknown. */
bool hyper_from_key(const char *key, HyperKey *out);
/* Whether optimizer `kind` reads hyperparameter `key`. */
bool hyper_used_by(OptimKind kind, HyperKey key);
double hyper_get(const OptimizerDesc *d, HyperKey key);
void hyper_set(OptimizerDesc *d, HyperKey key, double value);
/* Whether v is a valid value for key (finite and within the range above). */
bool hyper_valid(HyperKey key, double v);
/* "a number in (0, 1e+06]" style text describing the valid range, into buf. */
void hyper_range_text(HyperKey key, char *buf, int len);

#endif
