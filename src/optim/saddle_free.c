/* saddle_free.c - saddle-free Newton (Dauphin et al.): theta <- theta - alpha |H|^-1 g, |H|
 * with H's eigenvectors and the absolute values of its eigenvalues: Newton's step along
 * positive curvature, downhill (away from a saddle) along negative. A (numerically) zero
 * eigenvalue leaves theta alone: OPTIM_SINGULAR.
 */
#include <assert.h>
#include <math.h>

#include "optim/optim_impl.h"

typedef struct {
    Optimizer base;
    double eig[2]; /* the last Hessian's eigenvalues (larger first), for the inspector */
    double dir[2]; /* the last |H|^-1 g */
} SaddleFree;

static void saddle_free_reset(Optimizer *opt)
{
    SaddleFree *s = (SaddleFree *)opt;
    *s = (SaddleFree){.base = s->base};
}

static OptimStatus saddle_free_step(Optimizer *opt, const Objective *obj, double lr,
                                    double theta[2])
{
    SaddleFree *s = (SaddleFree *)opt;
    assert(obj->hess);
    double g[2], h[3];
    obj->grad(obj->ctx, theta, g);
    obj->hess(obj->ctx, theta, h);
    /* [[a, b], [b, c]] = l1 q1 q1^T + l2 q2 q2^T with q1 at angle phi. */
    double a = h[0], b = h[1], c = h[2];
    double mean = 0.5 * (a + c), r = hypot(0.5 * (a - c), b);
    double l1 = mean + r, l2 = mean - r;
    double phi = 0.5 * atan2(2.0 * b, a - c);
    double q1[2] = {cos(phi), sin(phi)}, q2[2] = {-sin(phi), cos(phi)};
    double scale = fmax(fabs(l1), fabs(l2));
    if (!isfinite(l1) || !isfinite(l2) || fmin(fabs(l1), fabs(l2)) <= 1e-12 * scale)
        return OPTIM_SINGULAR;
    double p1 = (q1[0] * g[0] + q1[1] * g[1]) / fabs(l1);
    double p2 = (q2[0] * g[0] + q2[1] * g[1]) / fabs(l2);
    s->eig[0] = l1;
    s->eig[1] = l2;
    for (int i = 0; i < 2; i++) {
        s->dir[i] = p1 * q1[i] + p2 * q2[i];
        theta[i] -= lr * s->dir[i];
    }
    return OPTIM_OK;
}

static void saddle_free_state(const Optimizer *opt, OptimState *out)
{
    const SaddleFree *s = (const SaddleFree *)opt;
    out->n = 2;
    out->name[0] = "\u03bb\u2081, \u03bb\u2082"; /* λ₁, λ₂ */
    out->name[1] = "|H|\u207b\u00b9g";             /* |H|⁻¹g */
    for (int i = 0; i < 2; i++) {
        out->value[0][i] = s->eig[i];
        out->value[1][i] = s->dir[i];
    }
}

/* On a convex quadratic |H| = H: Newton's |1 - alpha| < 1. (Along negative curvature it
 * moves away at the rate 1 + alpha, by design.) */
static double saddle_free_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    (void)d;
    (void)lambda_max;
    return 2.0;
}

const OptimVTable optim_saddle_free_vtable = {
    .id = "saddle_free",
    .name = "Saddle-free Newton",
    .size = sizeof(SaddleFree),
    .reset = saddle_free_reset,
    .step = saddle_free_step,
    .state = saddle_free_state,
    .lr = 1.0,
    .hypers = HYPER_BIT(HYPER_LR),
    .stability_limit = saddle_free_stability_limit,
    .stability_text = "α < 2",
};
