/* hyper.c - the hyperparameter table: ranges for validation and sliders, symbols for labels,
 * and the map from optimizer to the hyperparameters its update rule reads. */
#include "optim/hyper.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const HyperInfo HYPERS[] = {
    [HYPER_LR] = { "lr", "α", 0.0, 1e6, false, true, false, 1e-5, 10.0, true },
    [HYPER_MOMENTUM] = { "momentum", "μ", 0.0, 1.0, true, false, false, 0.0, 0.999, false },
    [HYPER_BETA] = { "beta", "β", 0.0, 1.0, true, false, false, 0.0, 0.999, false },
    [HYPER_BETA1] = { "beta1", "β1", 0.0, 1.0, true, false, false, 0.0, 0.999, false },
    [HYPER_BETA2] = { "beta2", "β2", 0.0, 1.0, true, false, false, 0.9, 0.99999, false },
    [HYPER_EPS] = { "eps", "ε", 0.0, 1.0, false, false, false, 1e-10, 1.0, true },
    [HYPER_BIAS_CORRECTION] = { "bias_correction", "bias corr.", 0.0, 1.0, false, false, true,
                                0.0, 1.0, false },
};
static_assert(sizeof HYPERS / sizeof HYPERS[0] == HYPER_COUNT, "one row per HyperKey");

#define BIT(k) (1u << (k))
static const unsigned USED[] = {
    [OPTIM_GD] = BIT(HYPER_LR),
    [OPTIM_MOMENTUM] = BIT(HYPER_LR) | BIT(HYPER_MOMENTUM),
    [OPTIM_NESTEROV] = BIT(HYPER_LR) | BIT(HYPER_MOMENTUM),
    [OPTIM_ADAGRAD] = BIT(HYPER_LR) | BIT(HYPER_EPS),
    [OPTIM_RMSPROP] = BIT(HYPER_LR) | BIT(HYPER_BETA) | BIT(HYPER_EPS),
    [OPTIM_ADAM] = BIT(HYPER_LR) | BIT(HYPER_BETA1) | BIT(HYPER_BETA2) | BIT(HYPER_EPS) |
                   BIT(HYPER_BIAS_CORRECTION),
    [OPTIM_NEWTON] = BIT(HYPER_LR),
};
static_assert(sizeof USED / sizeof USED[0] == OPTIM_COUNT, "one row per OptimKind");

const HyperInfo *hyper_info(HyperKey key)
{
    assert(key >= 0 && key < HYPER_COUNT);
    return &HYPERS[key];
}

bool hyper_from_key(const char *key, HyperKey *out)
{
    for (int i = 0; i < HYPER_COUNT; i++) {
        if (strcmp(HYPERS[i].key, key) == 0) {
            *out = (HyperKey)i;
            return true;
        }
    }
    return false;
}

bool hyper_used_by(OptimKind kind, HyperKey key)
{
    assert(kind >= 0 && kind < OPTIM_COUNT);
    return (USED[kind] & BIT(key)) != 0;
}

double hyper_get(const OptimizerDesc *d, HyperKey key)
{
    switch (key) {
    case HYPER_LR: return d->lr;
    case HYPER_MOMENTUM: return d->momentum;
    case HYPER_BETA: return d->beta;
    case HYPER_BETA1: return d->beta1;
    case HYPER_BETA2: return d->beta2;
    case HYPER_EPS: return d->eps;
    case HYPER_BIAS_CORRECTION: return d->bias_correction ? 1.0 : 0.0;
    case HYPER_COUNT: break;
    }
    assert(!"unknown hyperparameter");
    return 0.0;
}

void hyper_set(OptimizerDesc *d, HyperKey key, double value)
{
    switch (key) {
    case HYPER_LR: d->lr = value; return;
    case HYPER_MOMENTUM: d->momentum = value; return;
    case HYPER_BETA: d->beta = value; return;
    case HYPER_BETA1: d->beta1 = value; return;
    case HYPER_BETA2: d->beta2 = value; return;
    case HYPER_EPS: d->eps = value; return;
    case HYPER_BIAS_CORRECTION: d->bias_correction = value != 0.0; return;
    case HYPER_COUNT: break;
    }
    assert(!"unknown hyperparameter");
}

bool hyper_valid(HyperKey key, double v)
{
    const HyperInfo *h = hyper_info(key);
    if (!isfinite(v)) {
        return false;
    }
    if (h->is_bool) {
        return v == 0.0 || v == 1.0;
    }
    bool above = h->min_open ? v > h->min : v >= h->min;
    bool below = h->max_open ? v < h->max : v <= h->max;
    return above && below;
}

void hyper_range_text(HyperKey key, char *buf, int len)
{
    const HyperInfo *h = hyper_info(key);
    if (h->is_bool) {
        snprintf(buf, (size_t)len, "0 or 1");
        return;
    }
    snprintf(buf, (size_t)len, "a number in %c%g, %g%c", h->min_open ? '(' : '[', h->min, h->max,
             h->max_open ? ')' : ']');
}
