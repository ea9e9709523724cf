/* linesearch.c - the backtracking Armijo line search that L-BFGS, nonlinear CG and gd with
 * line_search = armijo share: halve the trial step until the loss drops by at least c1 times
 * the decrease the slope promises. Only loss evaluations, no gradients.
 */
#include <assert.h>
#include <math.h>

#include "optim/optim_impl.h"

double optim_armijo(const Objective *obj, const double theta[2], double f0, const double g[2],
                    const double d[2], double t0, double out[2], int *trials)
{
    assert(obj && obj->loss && theta && g && d && out && trials);
    double slope = g[0] * d[0] + g[1] * d[1];
    *trials = 0;
    out[0] = theta[0];
    out[1] = theta[1];
    /* Not a descent direction (or no finite start): no step can be promised a decrease. */
    if (!(slope < 0.0) || !isfinite(f0) || !(t0 > 0.0))
        return 0.0;
    double t = t0;
    for (int i = 0; i < OPTIM_ARMIJO_MAX_TRIALS; i++, t *= 0.5) {
        double p[2] = {theta[0] + t * d[0], theta[1] + t * d[1]};
        double f = obj->loss(obj->ctx, p);
        (*trials)++;
        if (isfinite(f) && f <= f0 + OPTIM_ARMIJO_C1 * t * slope) {
            out[0] = p[0];
            out[1] = p[1];
            return t;
        }
    }
    return 0.0;
}
