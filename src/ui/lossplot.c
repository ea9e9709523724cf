/* lossplot.c - log and symmetric-log mapping of the loss curves onto their plot area. */
#include "ui/lossplot.h"

#include <math.h>

static double scaled(const LossAxes *a, double f)
{
    if (!a->symlog) {
        return log10(fmax(f, 1e-300));
    }
    return copysign(log10(1.0 + fabs(f) / a->c), f);
}

LossAxes lossplot_fit(UiRect r, long k_max, double lo, double hi)
{
    LossAxes a = { .r = r, .k_max = k_max >= 1 ? (double)k_max : 1.0 };
    if (!(lo <= hi) || !isfinite(lo) || !isfinite(hi)) {
        lo = hi = 1.0;
    }
    a.symlog = lo <= 0.0;
    /* The symlog threshold: the smallest decade that matters next to the largest loss. */
    double big = fmax(fabs(lo), fabs(hi));
    a.c = big > 0.0 ? pow(10.0, floor(log10(big)) - 4.0) : 1.0;
    double s_lo = scaled(&a, lo), s_hi = scaled(&a, hi);
    a.y_lo = floor(s_lo);
    a.y_hi = ceil(s_hi);
    if (a.y_hi - a.y_lo < 1.0) {
        a.y_hi = a.y_lo + 1.0;
    }
    return a;
}

float lossplot_x(const LossAxes *a, double k)
{
    double t = fmin(fmax(k / a->k_max, 0.0), 1.0);
    return a->r.x + (float)t * a->r.w;
}

float lossplot_y(const LossAxes *a, double f)
{
    double t = (scaled(a, f) - a->y_lo) / (a->y_hi - a->y_lo);
    t = fmin(fmax(isfinite(t) ? t : (f > 0 ? 1.0 : 0.0), 0.0), 1.0);
    return a->r.y + a->r.h - (float)t * a->r.h;
}

int lossplot_yticks(const LossAxes *a, double *out, int max)
{
    int n = 0;
    if (!a->symlog) {
        for (double e = a->y_lo; e <= a->y_hi + 1e-9 && n < max; e += 1.0) {
            out[n++] = pow(10.0, e);
        }
        return n;
    }
    /* Symlog: 0 and +-10^k where they fall inside the range, ascending. */
    double c_exp = log10(a->c);
    for (int sign = -1; sign <= 1; sign += 2) {
        for (int i = 0; i < 40 && n < max; i++) {
            int k = sign < 0 ? 39 - i : i;
            double v = sign * pow(10.0, c_exp + k);
            double s = scaled(a, v);
            if (s >= a->y_lo - 1e-9 && s <= a->y_hi + 1e-9) {
                out[n++] = v;
            }
        }
        if (sign < 0 && n < max) {
            out[n++] = 0.0;
        }
    }
    return n;
}

int lossplot_epoch_ticks(const LossAxes *a, long per_epoch, float min_px, long *out, int max,
                         long *stride)
{
    *stride = 1;
    if (per_epoch <= 0)
        return 0;
    double px = (double)per_epoch * (double)a->r.w / a->k_max; /* pixels per epoch */
    double min = (double)min_px;
    /* 1, 2, 5, 10, 20, 50, ...: the first stride whose ticks are min_px apart. */
    for (long base = 1; px * (double)*stride < min && base < 1000000000L; base *= 10) {
        static const long NICE[] = {1, 2, 5};
        for (int i = 0; i < 3 && px * (double)(*stride = NICE[i] * base) < min; i++) {
        }
    }
    int n = 0;
    for (long e = *stride; n < max && (double)(e * per_epoch) <= a->k_max; e += *stride)
        out[n++] = e * per_epoch;
    return n;
}
