/* vmath.h - exp, log1p and tanh for loops that GCC vectorizes (UTIL_VECTORIZE): no calls, no
 * branches (selects only), no tables, so a loop over many points runs them a vector at a
 * time where libm takes one point per call. For drawing, not for the runs: they are within a
 * few ulps of libm's, not bit for bit (tests/test_util.c measures the error against libm).
 */
#ifndef LOSSLENS_VMATH_H
#define LOSSLENS_VMATH_H

#include <stdint.h>
#include <string.h>

#include "util/vectorize.h"

/* exp(x) for x <= 0, relative error under 4 ulps (2^-51); x below -700 is taken as -700
 * (exp(-700) ~ 1e-304 instead of a smaller number or 0: an absolute error under 1e-304);
 * NaN gives NaN. Cody-Waite: x = k ln2 + r, |r| <= ln2 / 2, exp(r) by its Taylor series to
 * r^13 (the remainder under 2^-60), times 2^k built from k's bits. */
static UTIL_ALWAYS_INLINE double vmath_exp_neg(double x)
{
    const double INV_LN2 = 1.4426950408889634074, SHIFT = 6755399441055744.0; /* 1.5 2^52 */
    /* ln 2 in two parts, the first with its low bits zero so that k LN2_HI is exact */
    const double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    x = x < -700.0 ? -700.0 : x;
    double t = x * INV_LN2 + SHIFT; /* k = round(x / ln 2) in the low bits of t */
    double kd = t - SHIFT;
    double r = (x - kd * LN2_HI) - kd * LN2_LO;
    double p = 1.0 / 6227020800.0; /* 1/13! */
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r * r + r; /* exp(r) - 1 */
    uint64_t ti, sb;
    memcpy(&ti, &t, sizeof ti);
    /* t's low bits hold k (-1010 <= k <= 0) plus 2^51: (k + 1023) << 52 keeps k's low 12
     * bits, which with the bias make 2^k's exponent */
    sb = (ti + 1023u) << 52;
    double scale;
    memcpy(&scale, &sb, sizeof scale);
    return scale + scale * p;
}

/* log(1 + f) for f in [sqrt(2)/2 - 1, sqrt(2) - 1] (fdlibm's kernel: s = f / (2 + f), a
 * polynomial in s^2 under 2^-58). */
static UTIL_ALWAYS_INLINE double vmath_log1p_kernel(double f)
{
    const double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
                 LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01,
                 LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01,
                 LG7 = 1.479819860511658591e-01;
    double s = f / (2.0 + f), z = s * s, w = z * z;
    double t1 = w * (LG2 + w * (LG4 + w * LG6));
    double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    double hfsq = 0.5 * f * f;
    return f - (hfsq - s * (hfsq + t2 + t1));
}

/* log(1 + e) for e in [0, 1], relative error under 4 ulps, given inv_u = 1 / (1 + e) (the
 * caller's, often wanted for itself): u = 1 + e rounded, log u as k ln 2 + log(1 + f) with f
 * exact (u - 1 or u / 2 - 1, by Sterbenz), plus the rounding of u, (e - (u - 1)) / u. NaN
 * gives NaN. */
static UTIL_ALWAYS_INLINE double vmath_log1p_01_inv(double e, double inv_u)
{
    const double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    double u = 1.0 + e;
    double c = (e - (u - 1.0)) * inv_u;
    int big = u > 1.4142135623730951;
    double f = big ? 0.5 * u - 1.0 : u - 1.0;
    double k = big ? 1.0 : 0.0;
    return k * LN2_HI + (vmath_log1p_kernel(f) + (c + k * LN2_LO));
}

/* log(1 + e) for e in [0, 1] (vmath_log1p_01_inv). */
static UTIL_ALWAYS_INLINE double vmath_log1p_01(double e)
{
    return vmath_log1p_01_inv(e, 1.0 / (1.0 + e));
}

/* tanh(a), within 8 ulps of 1 absolute (not relative: near 0 the value's own digits are
 * lost to 1 - e): (1 - e) / (1 + e) with e = exp(-2 |a|), the sign restored. */
static UTIL_ALWAYS_INLINE double vmath_tanh(double a)
{
    double m = a < 0.0 ? -a : a;
    double e = vmath_exp_neg(-2.0 * m);
    double t = (1.0 - e) / (1.0 + e);
    return a < 0.0 ? -t : t;
}

/* ---- Single precision: twice the lanes, for sums whose error bound allows it ------------ */

/* expf(x) for x <= 0, relative error under 3 ulps of float (2^-22); x below -87 is taken as
 * -87 (exp(-87) ~ 1.6e-38, the smallest power that stays a normal float: an absolute error
 * under 2e-38); NaN gives NaN. Cody-Waite as vmath_exp_neg, ln 2's high part with its low
 * 9 bits zero (k ln2_hi exact for |k| <= 126), exp(r) by its Taylor series to r^7 (the
 * remainder under 2^-27). */
static UTIL_ALWAYS_INLINE float vmathf_exp_neg(float x)
{
    const float INV_LN2 = 1.44269504f, SHIFT = 12582912.0f; /* 1.5 2^23 */
    const float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    x = x < -87.0f ? -87.0f : x;
    float t = x * INV_LN2 + SHIFT; /* k = round(x / ln 2) in the low bits of t */
    float kf = t - SHIFT;
    float r = (x - kf * LN2_HI) - kf * LN2_LO;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r * r + r; /* exp(r) - 1 */
    uint32_t ti, sb;
    memcpy(&ti, &t, sizeof ti);
    /* t's low bits hold k (-126 <= k <= 0) plus 2^22: (k + 127) << 23 keeps k's low 9 bits,
     * which with the bias make 2^k's exponent */
    sb = (ti + 127u) << 23;
    float scale;
    memcpy(&scale, &sb, sizeof scale);
    return scale + scale * p;
}

/* log(1 + e) for e in [0, 1] in float, relative error under 3 ulps of float (2^-22), given
 * inv_u = 1 / (1 + e): as vmath_log1p_01_inv, log(1 + f) = 2 atanh(s), s = f / (2 + f),
 * |s| <= 0.172, by its series to s^9 (the remainder under 2^-28 relative). NaN gives NaN. */
static UTIL_ALWAYS_INLINE float vmathf_log1p_01_inv(float e, float inv_u)
{
    const float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    float u = 1.0f + e;
    float c = (e - (u - 1.0f)) * inv_u;
    int big = u > 1.41421356f;
    float f = big ? 0.5f * u - 1.0f : u - 1.0f;
    float k = big ? 1.0f : 0.0f;
    float s = f / (2.0f + f), z = s * s;
    float p = z * (1.0f / 3.0f + z * (1.0f / 5.0f + z * (1.0f / 7.0f + z * (1.0f / 9.0f))));
    float lf = 2.0f * s + 2.0f * s * p;
    return k * LN2_HI + (lf + (c + k * LN2_LO));
}

#endif
