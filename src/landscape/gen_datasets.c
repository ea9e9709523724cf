/* gen_datasets.c - build-time generator of the data landscapes' fixed datasets.
 *
 * Draws the logistic-regression and tiny-net datasets from fixed seeds (splitmix64 plus
 * Box-Muller), finds their critical points by Newton's method on the very loss code the
 * program uses (landscape_loss.c), and writes them as static data: a .c file with the arrays
 * and a .h with their sizes, printed with %.17g to read back bit for bit. Meson runs it as
 * `gen_datasets OUT.c OUT.h`; it prints only on failure. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "landscape/landscape_internal.h"

#define GEN_PI 3.14159265358979323846

enum {
    LOGISTIC_N = 300,
    TINY_NET_N = 64,
    MAX_CRIT = 8,
};

static const uint64_t LOGISTIC_SEED = 0x6c6f676973746963u; /* "logistic" */
static const uint64_t TINY_NET_SEED = 0x74696e792d6e6574u; /* "tiny-net" */

/* splitmix64: tiny, seedable, and the same on every platform. */
static uint64_t gen_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
static double gen_uniform(uint64_t *state)
{
    return (double)(gen_next(state) >> 11) * 0x1.0p-53;
}

/* Standard normal by Box-Muller, one fresh pair of uniforms per value. */
static double gen_normal(uint64_t *state)
{
    double u1 = 1.0 - gen_uniform(state); /* (0, 1]: log stays finite */
    double u2 = gen_uniform(state);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * GEN_PI * u2);
}

typedef double (*LossFn)(const Dataset *d, const int *idx, int n, double t1, double t2,
                         double g[2], double h[3]);

/* Damped Newton towards a minimum from (x, y): Newton steps where the Hessian is positive
 * definite, gradient steps elsewhere, halved until f decreases; then plain Newton steps to
 * polish the last digits. Returns |g| at the result. */
static double gen_newton_min(LossFn fn, const Dataset *d, double *x, double *y)
{
    double g[2], h[3];
    for (int it = 0; it < 500; it++) {
        double f = fn(d, NULL, d->n, *x, *y, g, h);
        double det = h[0] * h[2] - h[1] * h[1];
        double sx = -g[0], sy = -g[1];
        if (h[0] > 0.0 && det > 0.0) {
            sx = -(h[2] * g[0] - h[1] * g[1]) / det;
            sy = -(h[0] * g[1] - h[1] * g[0]) / det;
        }
        double step = 1.0;
        while (step > 1e-12 && !(fn(d, NULL, d->n, *x + step * sx, *y + step * sy, NULL,
                                    NULL) < f))
            step *= 0.5;
        if (step <= 1e-12)
            break; /* no decrease left to find: at the minimum to rounding */
        *x += step * sx;
        *y += step * sy;
    }
    for (int it = 0; it < 5; it++) {
        fn(d, NULL, d->n, *x, *y, g, h);
        double det = h[0] * h[2] - h[1] * h[1];
        if (det == 0.0)
            break;
        *x -= (h[2] * g[0] - h[1] * g[1]) / det;
        *y -= (h[0] * g[1] - h[1] * g[0]) / det;
    }
    fn(d, NULL, d->n, *x, *y, g, NULL);
    return hypot(g[0], g[1]);
}

static CritKind gen_kind(const double h[3])
{
    double det = h[0] * h[2] - h[1] * h[1];
    if (det < 0.0)
        return CRIT_SADDLE;
    if (det == 0.0)
        return CRIT_DEGENERATE;
    return h[0] > 0.0 ? CRIT_MINIMUM : CRIT_MAXIMUM;
}

/* Adds (x, y) as a critical point of the expected kind, or fails with a message. */
static int gen_add_crit(CriticalPoint *crit, int *n, LossFn fn, const Dataset *d, double x,
                        double y, CritKind want, const char *what)
{
    double g[2], h[3];
    fn(d, NULL, d->n, x, y, g, h);
    if (!(hypot(g[0], g[1]) < 1e-12) || gen_kind(h) != want || *n >= MAX_CRIT) {
        fprintf(stderr, "gen_datasets: %s: no critical point of the expected kind near "
                        "(%.17g, %.17g), |g| = %g\n", what, x, y, hypot(g[0], g[1]));
        return 0;
    }
    crit[(*n)++] = (CriticalPoint){x, y, want};
    return 1;
}

static void gen_write_array(FILE *f, const char *name, const double *v, int n)
{
    fprintf(f, "const double %s[%d] = {\n", name, n);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%.17g,%s", i % 3 == 0 ? "    " : " ", v[i], i % 3 == 2 ? "\n" : "");
    fprintf(f, "%s};\n\n", n % 3 ? "\n" : "");
}

static const char *const KIND_ENUM[CRIT_KIND_COUNT] = {
    "CRIT_MINIMUM", "CRIT_MAXIMUM", "CRIT_SADDLE", "CRIT_DEGENERATE"};

static void gen_write_crit(FILE *f, const char *name, const CriticalPoint *c, int n)
{
    fprintf(f, "const CriticalPoint %s[%d] = {\n", name, n);
    for (int i = 0; i < n; i++)
        fprintf(f, "    {%.17g, %.17g, %s},\n", c[i].x, c[i].y, KIND_ENUM[c[i].kind]);
    fprintf(f, "};\n\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_datasets OUT.c OUT.h\n");
        return 2;
    }

    /* Logistic regression: 150 points per class (alternating, so that any contiguous
     * slice is balanced), inputs N(mean, I) around (1.0, 0.6) for y = 1 and (-1.0, -0.6)
     * for y = 0. The classes overlap, so the minimum is finite. */
    static double lx[2 * LOGISTIC_N], ly[LOGISTIC_N];
    uint64_t s = LOGISTIC_SEED;
    for (int i = 0; i < LOGISTIC_N; i++) {
        double label = i % 2 == 0 ? 1.0 : 0.0;
        double sign = label > 0.0 ? 1.0 : -1.0;
        ly[i] = label;
        lx[2 * i] = sign * 1.0 + gen_normal(&s);
        lx[2 * i + 1] = sign * 0.6 + gen_normal(&s);
    }

    /* Tiny net: x uniform in [-2, 2], y = 2 tanh(1.5 x) + 0.1 noise. */
    static double tx[TINY_NET_N], ty[TINY_NET_N];
    s = TINY_NET_SEED;
    for (int i = 0; i < TINY_NET_N; i++) {
        tx[i] = -2.0 + 4.0 * gen_uniform(&s);
        ty[i] = 2.0 * tanh(1.5 * tx[i]) + 0.1 * gen_normal(&s);
    }

    const Dataset ld = {LOGISTIC_N, 2, lx, ly}, td = {TINY_NET_N, 1, tx, ty};
    CriticalPoint lcrit[MAX_CRIT], tcrit[MAX_CRIT];
    int nl = 0, nt = 0, ok = 1;

    /* The logistic loss is strictly convex here: one minimum. */
    double x = 0.0, y = 0.0;
    gen_newton_min(landscape_loss_logistic, &ld, &x, &y);
    ok &= gen_add_crit(lcrit, &nl, landscape_loss_logistic, &ld, x, y, CRIT_MINIMUM,
                       "logistic minimum");

    /* Tiny net: the origin has zero gradient exactly (yhat = 0 and dyhat = 0 there) and is
     * a saddle; the minima are symmetric under (w1, w2) -> (-w1, -w2) since tanh is odd. */
    ok &= gen_add_crit(tcrit, &nt, landscape_loss_tiny_net, &td, 0.0, 0.0, CRIT_SADDLE,
                       "tiny-net saddle");
    x = 1.5, y = 2.0;
    gen_newton_min(landscape_loss_tiny_net, &td, &x, &y);
    ok &= gen_add_crit(tcrit, &nt, landscape_loss_tiny_net, &td, x, y, CRIT_MINIMUM,
                       "tiny-net minimum");
    x = -1.5, y = -2.0;
    gen_newton_min(landscape_loss_tiny_net, &td, &x, &y);
    ok &= gen_add_crit(tcrit, &nt, landscape_loss_tiny_net, &td, x, y, CRIT_MINIMUM,
                       "tiny-net mirrored minimum");
    if (!ok)
        return 1;

    FILE *fc = fopen(argv[1], "w");
    FILE *fh = fopen(argv[2], "w");
    if (!fc || !fh) {
        fprintf(stderr, "gen_datasets: cannot write %s or %s\n", argv[1], argv[2]);
        return 1;
    }

    fprintf(fh, "/* landscape_datasets.h - generated by gen_datasets.c: do not edit. */\n"
                "#ifndef LOSSLENS_LANDSCAPE_DATASETS_H\n"
                "#define LOSSLENS_LANDSCAPE_DATASETS_H\n\n"
                "#include \"landscape/landscape.h\"\n\n"
                "#define LANDSCAPE_LOGISTIC_N %d\n"
                "#define LANDSCAPE_LOGISTIC_N_CRIT %d\n"
                "#define LANDSCAPE_TINY_NET_N %d\n"
                "#define LANDSCAPE_TINY_NET_N_CRIT %d\n\n"
                "extern const double landscape_logistic_x[%d];\n"
                "extern const double landscape_logistic_y[%d];\n"
                "extern const CriticalPoint landscape_logistic_crit[%d];\n"
                "extern const double landscape_tiny_net_x[%d];\n"
                "extern const double landscape_tiny_net_y[%d];\n"
                "extern const CriticalPoint landscape_tiny_net_crit[%d];\n\n"
                "#endif\n",
            LOGISTIC_N, nl, TINY_NET_N, nt, 2 * LOGISTIC_N, LOGISTIC_N, nl, TINY_NET_N,
            TINY_NET_N, nt);

    fprintf(fc, "/* landscape_datasets.c - generated by gen_datasets.c: do not edit.\n"
                " * logistic seed 0x%016" PRIx64 ", tiny-net seed 0x%016" PRIx64 ". */\n"
                "#include \"landscape_datasets.h\"\n\n",
            LOGISTIC_SEED, TINY_NET_SEED);
    gen_write_array(fc, "landscape_logistic_x", lx, 2 * LOGISTIC_N);
    gen_write_array(fc, "landscape_logistic_y", ly, LOGISTIC_N);
    gen_write_crit(fc, "landscape_logistic_crit", lcrit, nl);
    gen_write_array(fc, "landscape_tiny_net_x", tx, TINY_NET_N);
    gen_write_array(fc, "landscape_tiny_net_y", ty, TINY_NET_N);
    gen_write_crit(fc, "landscape_tiny_net_crit", tcrit, nt);

    int bad = ferror(fc) || ferror(fh);
    bad |= fclose(fc) != 0;
    bad |= fclose(fh) != 0;
    if (bad) {
        fprintf(stderr, "gen_datasets: write error on %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    return 0;
}
