/* analysis.h - the local picture of a landscape that the lecture draws: gradient and
 * steepest-descent direction, Hessian eigen-decomposition and what it makes a point, Newton's
 * direction, the second-order Taylor model, the stability limit 2/λmax, and every critical
 * point in a window. libc only. */
#ifndef LOSSLENS_ANALYSIS_H
#define LOSSLENS_ANALYSIS_H

#include <stdbool.h>

#include "landscape/landscape.h"

/* Eigen-decomposition of the symmetric 2x2 matrix h = (hxx, hxy, hyy): eigenvalues ascending
 * in eig, unit eigenvectors in vec[i] (vec[i] belongs to eig[i]). */
void analysis_eigen(const double h[3], double eig[2], double vec[2][2]);

/* Everything the hover readout and the overlays show at one point. */
typedef struct {
    double x, y;
    double f, g[2], h[3];
    double grad_norm;
    double eig[2];       /* ascending */
    double evec[2][2];   /* unit eigenvectors of eig[0], eig[1] */
    CritKind curvature;  /* what the Hessian alone makes the point (min/max/saddle/degenerate) */
    double descent[2];   /* steepest-descent unit direction -g/|g| (0,0 where g = 0) */
    double newton[2];    /* Newton step -H^-1 g (valid when has_newton) */
    bool has_newton;     /* false where H is singular */
    double stability;    /* 2/λmax: gradient descent's largest stable rate here (INFINITY
                            where λmax <= 0) */
} LocalInfo;

void analysis_local(const Landscape *ls, double x, double y, LocalInfo *out);

/* The Newton step -H^-1 g; false (d untouched) when H is singular or not finite. */
bool analysis_newton_step(const double g[2], const double h[3], double d[2]);

/* 2/λmax of h, or INFINITY when λmax <= 0 (no rate is unstable along a non-positive
 * curvature). */
double analysis_stability_limit(const double h[3]);

/* The second-order Taylor model around `at`, evaluated at (x, y):
 * f + g·d + ½ dᵀ H d with d = (x, y) − (at.x, at.y). */
double analysis_taylor(const LocalInfo *at, double x, double y);

/* L*: the lowest value of f over the landscape's listed minima (ls->crit), the one home of
 * "the minimum's value is known" (the loss plot's L − L*, the scenes' checks). NAN when ls
 * lists no minimum (a typed function). */
double analysis_known_minimum(const Landscape *ls);

/* The chord picture of convexity between the points a and b: n samples (n >= 2) at
 * λ_i = 1 − i/(n − 1), from a (λ = 1) to b (λ = 0), of the graph f(λa + (1 − λ)b) into f[i]
 * and of the chord λf(a) + (1 − λ)f(b) into chord[i]. Returns the largest f[i] − chord[i]:
 * at most rounding above 0 where f is convex along the segment, positive where its graph
 * rises above the chord (the segment proves f nonconvex). */
double analysis_chord(const Landscape *ls, const double a[2], const double b[2], int n,
                      double *f, double *chord);

/* Finds the critical points of ls inside box: Newton's method on ∇f = 0 from a grid of
 * seeds, kept when |∇f| is tiny, de-duplicated and classified by the Hessian (degenerate when
 * an eigenvalue is ~0). Writes at most max points, returns how many it found (<= max). */
int analysis_find_critical(const Landscape *ls, ViewBox box, CriticalPoint *out, int max);

#endif
