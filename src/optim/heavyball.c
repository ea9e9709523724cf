/* heavyball.c - Polyak's heavy ball in its (alpha, beta) form:
 *   theta <- theta - alpha grad L(theta) + beta (theta - theta_prev)
 * With beta = mu and a constant alpha it gives the lecture's g-form's iterates (momentum.c).
 */
#include <math.h>

#include "optim/optim_impl.h"

/* The g-form (g <- grad L + mu g; theta <- theta - alpha g) has theta - theta_prev =
 * -alpha g_prev, hence the identity; under a schedule they differ (the g-form rescales the
 * old velocity by the new alpha, this form keeps the old step as it was). */
typedef struct {
    Optimizer base;
    double step[2]; /* theta - theta_prev: 0 before the first step */
} HeavyBall;

static void heavyball_reset(Optimizer *opt)
{
    HeavyBall *h = (HeavyBall *)opt;
    h->step[0] = h->step[1] = 0.0;
}

static OptimStatus heavyball_step(Optimizer *opt, const Objective *obj, double lr,
                                  double theta[2])
{
    HeavyBall *h = (HeavyBall *)opt;
    double beta = opt->desc.beta;
    double g[2];
    obj->grad(obj->ctx, theta, g);
    for (int i = 0; i < 2; i++) {
        h->step[i] = -lr * g[i] + beta * h->step[i];
        theta[i] += h->step[i];
    }
    return OPTIM_OK;
}

static void heavyball_state(const Optimizer *opt, OptimState *out)
{
    const HeavyBall *h = (const HeavyBall *)opt;
    out->n = 1;
    out->name[0] = "\u03b8 \u2212 \u03b8prev"; /* θ − θprev */
    out->value[0][0] = h->step[0];
    out->value[0][1] = h->step[1];
}

/* The g-form's limit with mu = beta (the same iteration at a constant rate). */
static double heavyball_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    return lambda_max > 0.0 ? 2.0 * (1.0 + d->beta) / lambda_max : (double)INFINITY;
}

const OptimVTable optim_heavyball_vtable = {
    .id = "heavyball",
    .name = "Heavy ball",
    .size = sizeof(HeavyBall),
    .reset = heavyball_reset,
    .step = heavyball_step,
    .state = heavyball_state,
    .lr = 0.05,
    .hypers = HYPER_BIT(HYPER_LR) | HYPER_BIT(HYPER_BETA),
    .stability_limit = heavyball_stability_limit,
    .stability_text = "α < 2(1 + β)/λmax",
};
