/* landscape_loss.c - the losses of the data landscapes on any dataset, with exact gradients
 * and Hessians: logistic regression (mean negative log-likelihood) and a one-unit tanh net
 * (mean squared error). Also compiled into the dataset generator, which finds the critical
 * points offline with the very same arithmetic.
 */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "landscape/landscape_internal.h"
#include "util/vmath.h"

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

/* ---- The same losses for drawing: a chunk of points at a time, vectorized ---------------- */

/* Points per chunk: the per-point terms of one chunk in arrays on the stack (8 x 64 doubles),
 * then summed into LOSS_LANES partial sums each. */
enum { LOSS_CHUNK = 64, LOSS_LANES = 8 };
/* The error bound's units: the rounding of a double (2^-53) with room to spare, and two ulps
 * of a float (2^-23) for the transcendental part, which runs in single precision (twice the
 * lanes a vector holds, and shorter polynomials: the field's nodes need f to about 1e-6 of a
 * pixel's change, not to double precision). */
static const double LOSS_EPS = 1.1102230246251565e-16, LOSS_EPS_F = 1.1920928955078125e-7;

/* The per-point terms (LOSS_TERMS arrays of m) summed into sum[] in LOSS_LANES lanes each:
 * the order of the additions is not the exact losses' (their error bound covers it).
 * t[0..5] f, the gradient's two, the Hessian's three; t[6] a magnitude whose double
 * rounding bounds the term's in either path; t[7] the bound on the single-precision part. */
enum { LOSS_TERMS = 8 };
UTIL_VECTORIZE static void loss_sum_terms(int m, double (*restrict t)[LOSS_CHUNK],
                                          double (*restrict sum)[LOSS_LANES])
{
    for (int q = 0; q < LOSS_TERMS; q++) {
        int k = 0;
        for (; k + LOSS_LANES <= m; k += LOSS_LANES)
            for (int l = 0; l < LOSS_LANES; l++)
                sum[q][l] += t[q][k + l];
        for (int l = 0; k < m; k++, l++)
            sum[q][l] += t[q][k];
    }
}

/* Lane sums to totals, then landscape_loss_*'s mean_out (g and h where not NULL); *err the
 * bound: the per-point error of both double paths (a few ulps of the magnitudes summed in
 * sum[6]) and their summation errors ((n - 1) ulps of the same at most), LOSS_EPS (n + 16)
 * 2 sum[6] / n, plus the single-precision part's, sum[7] / n. */
static double loss_fast_out(double (*sum)[LOSS_LANES], int n, double g[2], double h[3],
                            double *err)
{
    double tot[LOSS_TERMS];
    for (int q = 0; q < LOSS_TERMS; q++) {
        tot[q] = 0.0;
        for (int l = 0; l < LOSS_LANES; l++)
            tot[q] += sum[q][l];
    }
    *err = (2.0 * LOSS_EPS * (n + 16) * tot[6] + tot[7]) / n;
    return mean_out(tot[0], tot + 1, tot + 3, n, g, h);
}

/* log(1 + exp(-az)) for az = |z| >= 0 in single precision (with 1 / (1 + e) and e), and
 * the bound on its error against the exact value: the float rounding of -az moves e by
 * az 2^-24 relative, vmathf_exp_neg and vmathf_log1p_01_inv add 3 ulps each, and log1p
 * passes e's relative error on at most 1 / ln 2 times (e / log1p(e) for e in [0, 1]):
 * lp (az + 16) 2^-23 covers it twice; below exp(-87) (vmathf_exp_neg's floor) 2e-38
 * absolute. The value path and the full one both call this: the same bits. */
static UTIL_ALWAYS_INLINE float loss_softplus_neg_f(double az, float *inv, float *e,
                                                    double *bound)
{
    *e = vmathf_exp_neg((float)-az);
    *inv = 1.0f / (1.0f + *e);
    float lp = vmathf_log1p_01_inv(*e, *inv);
    *bound = (double)lp * (az + 16.0) * LOSS_EPS_F + 2e-38;
    return lp;
}

/* landscape_loss_logistic's terms for points [k0, k0 + m) of d, with the magnitude
 * |softplus| + |y z| + |t1 x1| + |t2 x2|. softplus and the sigmoids from e = exp(-|z|) as
 * there. */
UTIL_VECTORIZE static void loss_logistic_terms(const double *restrict x,
                                               const double *restrict y, int m, double t1,
                                               double t2, double (*restrict t)[LOSS_CHUNK])
{
    for (int k = 0; k < m; k++) {
        double x1 = x[2 * k], x2 = x[2 * k + 1], yk = y[k];
        double a1 = t1 * x1, a2 = t2 * x2, z = a1 + a2;
        double az = z < 0.0 ? -z : z, bound;
        float e, inv;
        float lp = loss_softplus_neg_f(az, &inv, &e, &bound);
        double sp = (z > 0.0 ? z : 0.0) + (double)lp;
        float ei = e * inv;
        float s = z >= 0.0 ? inv : ei, s_neg = z >= 0.0 ? ei : inv;
        double r = (double)s - yk, w = (double)(s * s_neg), yz = yk * z;
        t[0][k] = sp - yz;
        t[1][k] = r * x1;
        t[2][k] = r * x2;
        t[3][k] = w * x1 * x1;
        t[4][k] = w * x1 * x2;
        t[5][k] = w * x2 * x2;
        t[6][k] = (sp < 0.0 ? -sp : sp) + (yz < 0.0 ? -yz : yz) + (a1 < 0.0 ? -a1 : a1) +
                  (a2 < 0.0 ? -a2 : a2);
        t[7][k] = bound;
    }
}

/* loss_logistic_terms' t[0], t[6] and t[7] alone (the others left as they are): the value
 * without the sigmoids. */
UTIL_VECTORIZE static void loss_logistic_value_terms(const double *restrict x,
                                                     const double *restrict y, int m,
                                                     double t1, double t2,
                                                     double (*restrict t)[LOSS_CHUNK])
{
    for (int k = 0; k < m; k++) {
        double x1 = x[2 * k], x2 = x[2 * k + 1], yk = y[k];
        double a1 = t1 * x1, a2 = t2 * x2, z = a1 + a2;
        double az = z < 0.0 ? -z : z, bound;
        float e, inv;
        double sp = (z > 0.0 ? z : 0.0) + (double)loss_softplus_neg_f(az, &inv, &e, &bound);
        double yz = yk * z;
        t[0][k] = sp - yz;
        t[6][k] = (sp < 0.0 ? -sp : sp) + (yz < 0.0 ? -yz : yz) + (a1 < 0.0 ? -a1 : a1) +
                  (a2 < 0.0 ? -a2 : a2);
        t[7][k] = bound;
    }
}

double landscape_loss_logistic_fast(const Dataset *d, double t1, double t2, double g[2],
                                    double h[3], double *err)
{
    assert(d && d->dim == 2 && d->n > 0 && !g == !h && err);
    double t[LOSS_TERMS][LOSS_CHUNK], sum[LOSS_TERMS][LOSS_LANES] = {{0.0}};
    if (!g)
        memset(t, 0, sizeof t); /* the terms the value leaves alone sum to 0 */
    for (int k0 = 0; k0 < d->n; k0 += LOSS_CHUNK) {
        int m = d->n - k0 < LOSS_CHUNK ? d->n - k0 : LOSS_CHUNK;
        if (g)
            loss_logistic_terms(d->x + 2 * k0, d->y + k0, m, t1, t2, t);
        else
            loss_logistic_value_terms(d->x + 2 * k0, d->y + k0, m, t1, t2, t);
        loss_sum_terms(m, t, sum);
    }
    return loss_fast_out(sum, d->n, g, h, err);
}

/* landscape_loss_tiny_net's terms for points [k0, k0 + m) of d, and the magnitude
 * r^2 + |r| (16 |t2| + 2 |t2 tanh| + 2 |y|) that bounds the rounding of r^2 in either path
 * (vmath_tanh within 8 ulps of 1 absolute, libm's within 1 ulp). In double: tanh's error
 * reaches the gradient and Hessian through t2, and single precision would cost them digits
 * for no time (64 points, one exp each). */
UTIL_VECTORIZE static void loss_tiny_net_terms(const double *restrict x,
                                               const double *restrict y, int m, double t1,
                                               double t2, double (*restrict t)[LOSS_CHUNK])
{
    for (int k = 0; k < m; k++) {
        double xk = x[k];
        double th = vmath_tanh(t1 * xk), s = 1.0 - th * th;
        double r = t2 * th - y[k];
        double d1 = t2 * xk * s, d2 = th;
        t[0][k] = r * r;
        t[1][k] = 2.0 * r * d1;
        t[2][k] = 2.0 * r * d2;
        t[3][k] = 2.0 * (d1 * d1 - r * 2.0 * t2 * xk * xk * th * s);
        t[4][k] = 2.0 * (d1 * d2 + r * xk * s);
        t[5][k] = 2.0 * d2 * d2;
        double ar = r < 0.0 ? -r : r, at2 = t2 < 0.0 ? -t2 : t2;
        double ath = th < 0.0 ? -th : th, ay = y[k] < 0.0 ? -y[k] : y[k];
        t[6][k] = r * r + ar * (16.0 * at2 + 2.0 * at2 * ath + 2.0 * ay);
        t[7][k] = 0.0;
    }
}

double landscape_loss_tiny_net_fast(const Dataset *d, double t1, double t2, double g[2],
                                    double h[3], double *err)
{
    assert(d && d->dim == 1 && d->n > 0 && !g == !h && err);
    double t[LOSS_TERMS][LOSS_CHUNK], sum[LOSS_TERMS][LOSS_LANES] = {{0.0}};
    for (int k0 = 0; k0 < d->n; k0 += LOSS_CHUNK) {
        int m = d->n - k0 < LOSS_CHUNK ? d->n - k0 : LOSS_CHUNK;
        loss_tiny_net_terms(d->x + k0, d->y + k0, m, t1, t2, t);
        loss_sum_terms(m, t, sum);
    }
    return loss_fast_out(sum, d->n, g, h, err);
}
