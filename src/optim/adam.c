/* adam.c - Adam: momentum on the first moment m, RMSProp on the second moment v, both
 * bias-corrected for their zero start (optional, for the lecture's "why" demo):
 *   m <- beta1 m + (1 - beta1) g;  v <- beta2 v + (1 - beta2) g^2
 *   theta <- theta - alpha m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - beta1^k), ...
 */
#include <math.h>

#include "optim/optim_impl.h"
#include "util/vectorize.h"

typedef struct {
    Optimizer base;
    double m[2], v[2];
    double m_hat[2], v_hat[2]; /* of the last step, for the inspector */
    double c1, c2; /* the bias corrections 1 - beta1^k and 1 - beta2^k after step k: 0 at
                      k = 0, so the zeroed state every optimizer starts from is right */
} Adam;

static void adam_reset(Optimizer *opt)
{
    Adam *a = (Adam *)opt;
    for (int i = 0; i < 2; i++)
        a->m[i] = a->v[i] = a->m_hat[i] = a->v_hat[i] = 0.0;
    a->c1 = a->c2 = 0.0;
}

/* The divisor of a bias correction c = 1 - beta^k, or 1 when it has none (beta = 1: the
 * moment stays 0, and dividing would turn 0 into 0/0). */
static double adam_divisor(double c)
{
    return c == 0.0 ? 1.0 : c;
}

/* 1 - beta^k by its recurrence c_k = (1 - beta) + beta c_(k-1): one multiply-add per
 * step instead of a pow (which was half of Adam's cost); it agrees with 1 - pow(beta, k) to
 * within k rounding errors, ~1e-11 relative after 10^5 steps. The runs are rebuilt from step
 * 0 whenever a beta changes. Updates the recurrences c[2] and returns the divisors (1 without
 * bias correction) in div[2]. */
static inline void adam_corrections(const OptimizerDesc *d, double c[2], double div[2])
{
    c[0] = (1.0 - d->beta1) + d->beta1 * c[0];
    c[1] = (1.0 - d->beta2) + d->beta2 * c[1];
    div[0] = div[1] = 1.0;
    if (d->bias_correction) {
        div[0] = adam_divisor(c[0]);
        div[1] = adam_divisor(c[1]);
    }
}

/* One coordinate of the rule (the one home of its arithmetic, for step and step_lanes):
 * updates the moments *m, *v with gradient g, writes the corrected ones to hat[0], hat[1],
 * returns what theta loses. div: the bias corrections' divisors (adam_corrections). */
static UTIL_ALWAYS_INLINE double adam_coord(double beta1, double beta2, double eps, double div0,
                                double div1, double lr, double g, double *m, double *v,
                                double hat[2])
{
    *m = beta1 * *m + (1.0 - beta1) * g;
    *v = beta2 * *v + (1.0 - beta2) * g * g;
    /* div is 1 without bias correction, and x / 1 is x exactly: no branch, so the lanes'
     * loop runs several points at once */
    hat[0] = *m / div0;
    hat[1] = *v / div1;
    /* With eps = 0 a zero m on a zero v would be 0/0: its step is 0. */
    double step = lr * hat[0] / (sqrt(hat[1]) + eps);
    return hat[0] == 0.0 ? 0.0 : step;
}

static OptimStatus adam_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    Adam *a = (Adam *)opt;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    double c[2] = {a->c1, a->c2}, div[2];
    adam_corrections(&opt->desc, c, div);
    a->c1 = c[0];
    a->c2 = c[1];
    const OptimizerDesc *d = &opt->desc;
    for (int i = 0; i < 2; i++) {
        double hat[2];
        theta[i] -= adam_coord(d->beta1, d->beta2, d->eps, div[0], div[1], lr, g[i], &a->m[i],
                               &a->v[i], hat);
        a->m_hat[i] = hat[0];
        a->v_hat[i] = hat[1];
    }
    return OPTIM_OK;
}

/* One coordinate of adam_step on n points (restrict parameters: nothing stored aliases what
 * is read, so the compiler may run several points at once). */
UTIL_VECTORIZE static void adam_lanes_coord(const OptimizerDesc *d, const double div[2], double lr, int n,
                             double *restrict th, const double *restrict g,
                             double *restrict m, double *restrict v)
{
    double b1 = d->beta1, b2 = d->beta2, eps = d->eps, div0 = div[0], div1 = div[1];
    for (int i = 0; i < n; i++) {
        double hat[2];
        th[i] -= adam_coord(b1, b2, eps, div0, div1, lr, g[i], &m[i], &v[i], hat);
    }
}

/* adam_step on every point: state[0..3] = m_x, v_x, m_y, v_y; shared = the corrections. */
static void adam_step_lanes(const OptimizerDesc *d, OptimLanes *l, double lr)
{
    double div[2];
    adam_corrections(d, l->shared, div);
    adam_lanes_coord(d, div, lr, l->n, l->x, l->gx, l->state[0], l->state[1]);
    adam_lanes_coord(d, div, lr, l->n, l->y, l->gy, l->state[2], l->state[3]);
}

static void adam_state(const Optimizer *opt, OptimState *out)
{
    const Adam *a = (const Adam *)opt;
    const double *vec[4] = {a->m, a->v, a->m_hat, a->v_hat};
    static const char *const names[4] = {"m", "v", "m\u0302", "v\u0302"}; /* m̂, v̂ */
    optim_state_set(out, 4, names, vec);
}

const OptimVTable optim_adam_vtable = {
    .id = "adam",
    .name = "Adam",
    .size = sizeof(Adam),
    .reset = adam_reset,
    .step = adam_step,
    .state = adam_state,
    .lr = 0.001,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA1) | HYPER_BIT(HYPER_BETA2) |
               HYPER_BIT(HYPER_EPS) | HYPER_BIT(HYPER_BIAS_CORRECTION),
    .step_lanes = adam_step_lanes,
    .lane_state = 4,
};
