/* landscape_loss.c - the losses of the data landscapes on any dataset, with exact gradients
 * and Hessians: logistic regression (mean negative log-likelihood) and a one-unit tanh net
 * (mean squared error). Also compiled into the dataset generator, which finds the critical
 * points offline with the very same arithmetic.
 */
#include <assert.h>
#include <math.h>

#include "landscape/landscape_internal.h"

/* softplus(z) = log(1 + exp(z)) without overflow for large z or loss of digits for very
 * negative z, and the sigmoids s(z) = 1 / (1 + exp(-z)) and s(-z), all from one exp: the
 * same expressions, on the same exp, as evaluating each on its own, so the same bits. */
static double softplus_sigmoids(double z, double *s, double *s_neg)
{
    if (z >= 0.0) {
        double e = exp(-z);
        *s = 1.0 / (1.0 + e);
        *s_neg = e / (1.0 + e);
        return z > 0.0 ? z + log1p(e) : log1p(exp(z));
    }
    double e = exp(z);
    *s = e / (1.0 + e);
    *s_neg = 1.0 / (1.0 + e);
    return log1p(e);
}

static int point_index(const Dataset *d, const int *idx, int k)
{
    int i = idx ? idx[k] : k;
    assert(i >= 0 && i < d->n);
    return i;
}

/* Divides the sums by n and stores them where asked. */
static double mean_out(double f, const double sg[2], const double sh[3], int n, double g[2],
                       double h[3])
{
    double inv = 1.0 / n;
    if (g) {
        g[0] = sg[0] * inv;
        g[1] = sg[1] * inv;
    }
    if (h) {
        h[0] = sh[0] * inv;
        h[1] = sh[1] * inv;
        h[2] = sh[2] * inv;
    }
    return f * inv;
}

/* Per point: l = softplus(z) - y z, z = t . x; dl = (s(z) - y) x; d2l = s(z) s(-z) x x^T. */
double landscape_loss_logistic(const Dataset *d, const int *idx, int n, double t1, double t2,
                               double g[2], double h[3])
{
    assert(d && d->dim == 2 && n > 0);
    double f = 0.0, sg[2] = {0.0, 0.0}, sh[3] = {0.0, 0.0, 0.0};
    for (int k = 0; k < n; k++) {
        int i = point_index(d, idx, k);
        double x1 = d->x[2 * i], x2 = d->x[2 * i + 1], y = d->y[i];
        double z = t1 * x1 + t2 * x2;
        double s, s_neg;
        f += softplus_sigmoids(z, &s, &s_neg) - y * z;
        double r = s - y;
        double w = s * s_neg;
        sg[0] += r * x1;
        sg[1] += r * x2;
        sh[0] += w * x1 * x1;
        sh[1] += w * x1 * x2;
        sh[2] += w * x2 * x2;
    }
    return mean_out(f, sg, sh, n, g, h);
}

/* Per point: yhat = t2 tanh(t1 x), l = (yhat - y)^2 = r^2; dl = 2 r dyhat,
 * d2l = 2 (dyhat dyhat^T + r d2yhat) with dyhat = (t2 x s, t), s = 1 - t^2 and
 * d2yhat = [[-2 t2 x^2 t s, x s], [x s, 0]]. */
double landscape_loss_tiny_net(const Dataset *d, const int *idx, int n, double t1, double t2,
                               double g[2], double h[3])
{
    assert(d && d->dim == 1 && n > 0);
    double f = 0.0, sg[2] = {0.0, 0.0}, sh[3] = {0.0, 0.0, 0.0};
    for (int k = 0; k < n; k++) {
        int i = point_index(d, idx, k);
        double x = d->x[i];
        double t = tanh(t1 * x), s = 1.0 - t * t;
        double r = t2 * t - d->y[i];
        double d1 = t2 * x * s, d2 = t;
        f += r * r;
        sg[0] += 2.0 * r * d1;
        sg[1] += 2.0 * r * d2;
        sh[0] += 2.0 * (d1 * d1 - r * 2.0 * t2 * x * x * t * s);
        sh[1] += 2.0 * (d1 * d2 + r * x * s);
        sh[2] += 2.0 * d2 * d2;
    }
    return mean_out(f, sg, sh, n, g, h);
}
