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
        .help = "decay of the squared-gradient average (rmsprop, adadelta); heavyball: "
                "weight of the last step θ − θ_prev",
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
    [HYPER_WEIGHT_DECAY] = {
        .key = "weight_decay", .symbol = "λ", .label = "λ (weight decay)",
        .help = "decoupled weight decay: each step also subtracts αλθ",
        .def = 0.01, .min = 0.0, .max = 100.0,
        .slider_lo = 0.0, .slider_hi = 1.0, .in_legend = true,
        .offset = offsetof(OptimizerDesc, weight_decay) },
    [HYPER_DAMPING] = {
        .key = "damping", .symbol = "λ", .label = "λ (damping)",
        .help = "added to the Hessian's diagonal: the step is (H + λI)⁻¹∇L",
        .def = 1.0, .min = 0.0, .max = 1e6,
        .slider_lo = 1e-3, .slider_hi = 1e3, .slider_log = true, .in_legend = true,
        .offset = offsetof(OptimizerDesc, damping) },
    [HYPER_MEMORY] = {
        .key = "memory", .symbol = "m", .label = "m (memory)",
        .help = "L-BFGS: the last m steps and gradient changes that model H⁻¹ (whole part)",
        .def = 5.0, .min = 1.0, .max = 20.0,
        .slider_lo = 1.0, .slider_hi = 19.0, .in_legend = true,
        .offset = offsetof(OptimizerDesc, memory) },
    [HYPER_LINE_SEARCH] = {
        .key = "line_search", .symbol = "line search", .label = "Armijo line search",
        .help = "armijo: halve α until L drops by at least 10⁻⁴·α∇L·d (none: fixed α)",
        .def = 0.0, .min = 0.0, .max = 1.0, .is_bool = true, .names = {"none", "armijo"},
        .slider_lo = 0.0, .slider_hi = 1.0, .in_legend = true,
        .offset = offsetof(OptimizerDesc, line_search) },
    [HYPER_L2] = {
        .key = "l2", .symbol = "λ₂", .label = "L2 λ₂",
        .help = "L2 penalty (λ₂/2)|θ|²: the run adds λ₂θ to every gradient (0: off)",
        .def = 0.0, .min = 0.0, .max = 100.0, .every_optimizer = true,
        .slider_lo = 0.0, .slider_hi = 1.0,
        .offset = offsetof(OptimizerDesc, l2) },
    [HYPER_CLIP] = {
        .key = "clip", .symbol = "C", .label = "clip C",
        .help = "gradient clipping: the run rescales every gradient to norm ≤ C (0: off)",
        .def = 0.0, .min = 0.0, .max = 1e6, .every_optimizer = true,
        .slider_lo = 0.0, .slider_hi = 10.0,
        .offset = offsetof(OptimizerDesc, clip) },
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
    return HYPERS[key].every_optimizer || (optim_vtable(kind)->hypers & HYPER_BIT(key)) != 0;
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

bool hyper_parse_name(HyperKey key, const char *text, double *out)
{
    const HyperInfo *h = hyper_info(key);
    for (int v = 0; v < 2 && text; v++) {
        if (h->is_bool && h->names[v] && strcmp(h->names[v], text) == 0) {
            *out = (double)v;
            return true;
        }
    }
    return false;
}

void hyper_range_text(HyperKey key, char *buf, int len)
{
    const HyperInfo *h = hyper_info(key);
    if (h->is_bool && h->names[0]) {
        snprintf(buf, (size_t)len, "%s or %s (0 or 1)", h->names[0], h->names[1]);
        return;
    }
    if (h->is_bool) {
        snprintf(buf, (size_t)len, "0 or 1");
        return;
    }
    snprintf(buf, (size_t)len, "a number in %c%g, %g%c", h->min_open ? '(' : '[', h->min, h->max,
             h->max_open ? ')' : ']');
}
