/* analysis.c - local second-order analysis of a landscape and a critical-point finder. The
 * Hessian test and the Newton step are the lecture's; the finder is Newton's method on the
 * gradient, which converges to minima, maxima and saddles alike. */
#include "analysis/analysis.h"

#include <assert.h>
#include <math.h>

void analysis_eigen(const double h[3], double eig[2], double vec[2][2])
{
    double a = h[0], b = h[1], c = h[2];
    double mean = 0.5 * (a + c);
    double r = hypot(0.5 * (a - c), b);
    eig[0] = mean - r;
    eig[1] = mean + r;
    if (b == 0.0) {
        /* Already diagonal: the axes, ordered by their eigenvalue. */
        bool x_first = a <= c;
        vec[0][0] = x_first ? 1.0 : 0.0;
        vec[0][1] = x_first ? 0.0 : 1.0;
        vec[1][0] = -vec[0][1];
        vec[1][1] = vec[0][0];
        return;
    }
    /* (b, λ - a) is an eigenvector of λ; take the larger-eigenvalue one for accuracy and
     * rotate it for the other. */
    double vx = b, vy = eig[1] - a;
    double n = hypot(vx, vy);
    vec[1][0] = vx / n;
    vec[1][1] = vy / n;
    vec[0][0] = -vec[1][1];
    vec[0][1] = vec[1][0];
}

bool analysis_newton_step(const double g[2], const double h[3], double d[2])
{
    double det = h[0] * h[2] - h[1] * h[1];
    double scale = fmax(fabs(h[0]), fmax(fabs(h[1]), fabs(h[2])));
    if (!isfinite(det) || scale == 0.0 || fabs(det) <= 1e-12 * scale * scale) {
        return false;
    }
    d[0] = -(h[2] * g[0] - h[1] * g[1]) / det;
    d[1] = -(-h[1] * g[0] + h[0] * g[1]) / det;
    return true;
}

double analysis_stability_limit(const double h[3])
{
    double eig[2], vec[2][2];
    analysis_eigen(h, eig, vec);
    return eig[1] > 0.0 ? 2.0 / eig[1] : (double)INFINITY;
}

/* Eigenvalues this small relative to the Hessian's scale (or absolutely) count as zero. */
static double degenerate_tol(const double h[3])
{
    double scale = fmax(fabs(h[0]), fmax(fabs(h[1]), fabs(h[2])));
    return fmax(1e-9, 1e-7 * scale);
}

void analysis_local(const Landscape *ls, double x, double y, LocalInfo *out)
{
    LocalInfo li = { .x = x, .y = y };
    li.f = landscape_eval(ls, x, y, li.g, li.h);
    li.grad_norm = hypot(li.g[0], li.g[1]);
    analysis_eigen(li.h, li.eig, li.evec);
    li.curvature = landscape_classify_hessian(li.h, degenerate_tol(li.h), NULL);
    if (li.grad_norm > 0.0) {
        li.descent[0] = -li.g[0] / li.grad_norm;
        li.descent[1] = -li.g[1] / li.grad_norm;
    }
    li.has_newton = analysis_newton_step(li.g, li.h, li.newton);
    li.stability = analysis_stability_limit(li.h);
    *out = li;
}

double analysis_taylor(const LocalInfo *at, double x, double y)
{
    double dx = x - at->x, dy = y - at->y;
    return at->f + at->g[0] * dx + at->g[1] * dy +
           0.5 * (at->h[0] * dx * dx + 2.0 * at->h[1] * dx * dy + at->h[2] * dy * dy);
}

enum { FINDER_GRID = 64, FINDER_ITERS = 100 };

/* Newton on the gradient from (x, y), each step at most max_step long so that a seed
 * settles on a critical point near it; true with the converged point when |∇f| got tiny.
 * Iterates past the first tiny gradient (until steps stall) so that degenerate points, where
 * Newton closes in only linearly, end up close enough to be recognized. */
static bool newton_converge(const Landscape *ls, double *x, double *y, double max_step)
{
    double g[2], h[3], d[2];
    for (int it = 0; it < FINDER_ITERS; it++) {
        landscape_eval(ls, *x, *y, g, h);
        if (hypot(g[0], g[1]) < 1e-15 || !analysis_newton_step(g, h, d)) {
            break;
        }
        double len = hypot(d[0], d[1]);
        if (len > max_step) {
            d[0] *= max_step / len;
            d[1] *= max_step / len;
        }
        *x += d[0];
        *y += d[1];
        if (!isfinite(*x) || !isfinite(*y)) {
            return false;
        }
        if (len < 1e-13 * max_step) {
            break;
        }
    }
    landscape_eval(ls, *x, *y, g, NULL);
    return hypot(g[0], g[1]) < 1e-9;
}

/* The Hessian test at a critical point. An eigenvalue counts as zero when it is tiny next
 * to how much the Hessian changes within a short distance delta: there the curvature
 * vanishes at the point itself (the monkey saddle), not merely is small. */
static CritKind classify_critical(const Landscape *ls, double x, double y, double delta)
{
    double g[2], h[3], hp[3];
    landscape_eval(ls, x, y, g, h);
    double change = 0.0;
    const double probe[4][2] = { { delta, 0 }, { -delta, 0 }, { 0, delta }, { 0, -delta } };
    for (int i = 0; i < 4; i++) {
        landscape_eval(ls, x + probe[i][0], y + probe[i][1], g, hp);
        for (int k = 0; k < 3; k++) {
            change = fmax(change, fabs(hp[k] - h[k]));
        }
    }
    return landscape_classify_hessian(h, fmax(1e-12, 0.01 * change), NULL);
}

int analysis_find_critical(const Landscape *ls, ViewBox box, CriticalPoint *out, int max)
{
    double w = box.xmax - box.xmin, hgt = box.ymax - box.ymin;
    double span = fmax(w, hgt);
    double merge = 1e-6 * span;
    int n = 0;
    for (int i = 0; i < FINDER_GRID; i++) {
        for (int j = 0; j < FINDER_GRID; j++) {
            double x = box.xmin + w * (i + 0.5) / FINDER_GRID;
            double y = box.ymin + hgt * (j + 0.5) / FINDER_GRID;
            if (!newton_converge(ls, &x, &y, 2.0 * span / FINDER_GRID) || x < box.xmin ||
                x > box.xmax || y < box.ymin || y > box.ymax) {
                continue;
            }
            bool known = false;
            for (int k = 0; k < n && !known; k++) {
                known = hypot(out[k].x - x, out[k].y - y) < merge;
            }
            if (known || n == max) {
                continue;
            }
            out[n++] = (CriticalPoint){ x, y, classify_critical(ls, x, y, 1e-4 * span) };
        }
    }
    return n;
}

double analysis_known_minimum(const Landscape *ls)
{
    double best = NAN;
    for (int i = 0; ls && i < ls->n_crit; i++) {
        if (ls->crit[i].kind != CRIT_MINIMUM) {
            continue;
        }
        double f = landscape_eval(ls, ls->crit[i].x, ls->crit[i].y, NULL, NULL);
        best = isnan(best) || f < best ? f : best;
    }
    return best;
}

double analysis_chord(const Landscape *ls, const double a[2], const double b[2], int n,
                      double *f, double *chord)
{
    assert(n >= 2);
    double fa = landscape_eval(ls, a[0], a[1], NULL, NULL);
    double fb = landscape_eval(ls, b[0], b[1], NULL, NULL);
    double worst = -INFINITY;
    for (int i = 0; i < n; i++) {
        double lam = 1.0 - (double)i / (double)(n - 1);
        /* The ends exactly: λ = 1 is a, λ = 0 is b. */
        double x = i == 0 ? a[0] : i == n - 1 ? b[0] : lam * a[0] + (1.0 - lam) * b[0];
        double y = i == 0 ? a[1] : i == n - 1 ? b[1] : lam * a[1] + (1.0 - lam) * b[1];
        f[i] = i == 0 ? fa : i == n - 1 ? fb : landscape_eval(ls, x, y, NULL, NULL);
        chord[i] = lam * fa + (1.0 - lam) * fb;
        worst = fmax(worst, f[i] - chord[i]);
    }
    return worst;
}
