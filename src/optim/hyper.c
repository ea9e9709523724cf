/* hyper.c - the hyperparameter table: for each field of OptimizerDesc its key, symbol,
 * meaning, default, valid range and slider, read by value through its offset. Which
 * optimizer reads which field is in the optimizer's own row (OptimVTable.hypers). */
#include "optim/optim.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The ranges are what the update rules make sense for: a positive rate (the slider's 1e-5 to
 * 10 covers the lecture's demos, the command line takes up to 1e6 for divergence demos),
 * decay rates in [0, 1), eps >= 0. */
static const HyperInfo HYPERS[] = {
    [HYPER_LR] = {
        .key = "lr", .symbol = "α", .label = "α (lr)", .help = "learning rate (step size)",
        .def = NAN, .min = 0.0, .max = 1e6, .min_open = true,
        .slider_lo = 1e-5, .slider_hi = 10.0, .slider_log = true, .in_legend = true,
        .offset = offsetof(OptimizerDesc, lr) },
    [HYPER_MOMENTUM] = {
        .key = "momentum", .symbol = "μ", .label = "μ",
        .help = "weight of the previous velocity",
        .def = 0.9, .min = 0.0, .max = 1.0, .max_open = true,
        .slider_lo = 0.0, .slider_hi = 0.999, .in_legend = true,
        .offset = offsetof(OptimizerDesc, momentum) },
    [HYPER_BETA] = {
        .key = "beta", .symbol = "β", .label = "β",
        .help = "decay of the squared-gradient average",
        .def = 0.9, .min = 0.0, .max = 1.0, .max_open = true,
        .slider_lo = 0.0, .slider_hi = 0.999, .in_legend = true,
        .offset = offsetof(OptimizerDesc, beta) },
    [HYPER_BETA1] = {
        .key = "beta1", .symbol = "β₁", .label = "β1",
        .help = "decay of the first moment (mean gradient)",
        .def = 0.9, .min = 0.0, .max = 1.0, .max_open = true,
        .slider_lo = 0.0, .slider_hi = 0.999, .in_legend = true,
        .offset = offsetof(OptimizerDesc, beta1) },
    [HYPER_BETA2] = {
        .key = "beta2", .symbol = "β₂", .label = "β2",
        .help = "decay of the second moment (mean squared gradient)",
        .def = 0.999, .min = 0.0, .max = 1.0, .max_open = true,
        .slider_lo = 0.9, .slider_hi = 0.99999, .in_legend = true,
        .offset = offsetof(OptimizerDesc, beta2) },
    [HYPER_EPS] = {
        .key = "eps", .symbol = "ε", .label = "ε",
        .help = "added to the root in the denominator",
        .def = 1e-8, .min = 0.0, .max = 1.0,
        .slider_lo = 1e-10, .slider_hi = 1.0, .slider_log = true,
        .offset = offsetof(OptimizerDesc, eps) },
    [HYPER_BIAS_CORRECTION] = {
        .key = "bias_correction", .symbol = "bias corr.", .label = "bias correction",
        .help = "divide the moments by 1 - β^k",
        .def = 1.0, .min = 0.0, .max = 1.0, .is_bool = true,
        .slider_lo = 0.0, .slider_hi = 1.0,
        .offset = offsetof(OptimizerDesc, bias_correction) },
};
static_assert(sizeof HYPERS / sizeof HYPERS[0] == HYPER_COUNT, "one row per HyperKey");
static_assert(HYPER_COUNT <= 32, "OptimVTable.hypers holds one bit per HyperKey");

const HyperInfo *hyper_info(HyperKey key)
{
    assert(key >= 0 && key < HYPER_COUNT);
    return &HYPERS[key];
}

bool hyper_from_key(const char *key, HyperKey *out)
{
    for (int i = 0; i < HYPER_COUNT; i++) {
        if (key && strcmp(HYPERS[i].key, key) == 0) {
            *out = (HyperKey)i;
            return true;
        }
    }
    return false;
}

bool hyper_used_by(OptimKind kind, HyperKey key)
{
    assert(key >= 0 && key < HYPER_COUNT);
    return (optim_vtable(kind)->hypers & HYPER_BIT(key)) != 0;
}

double hyper_get(const OptimizerDesc *d, HyperKey key)
{
    const HyperInfo *h = hyper_info(key);
    const char *field = (const char *)d + h->offset;
    if (h->is_bool) {
        return *(const bool *)field ? 1.0 : 0.0;
    }
    return *(const double *)field;
}

void hyper_set(OptimizerDesc *d, HyperKey key, double value)
{
    const HyperInfo *h = hyper_info(key);
    char *field = (char *)d + h->offset;
    if (h->is_bool) {
        *(bool *)field = value != 0.0;
    } else {
        *(double *)field = value;
    }
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
