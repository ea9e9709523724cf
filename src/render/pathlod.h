/* pathlod.h - a path simplified on the fly to what pixels can show, shared by both backends
 * so the GL and CPU figures draw the same polyline.
 *
 * Sleeve fitting, O(1) per point: each new point extends the last segment while the
 * directions from its start that keep every point since within tol still include it (and
 * the path does not turn back behind its farthest point); otherwise the segment's end
 * becomes a final vertex and a new segment starts there. The drawn polyline (the final
 * vertices, then the tail) stays within about tol of every point, so a path whose steps
 * became sub-pixel, or that runs straight, adds no vertices.
 */
#ifndef LOSSLENS_PATHLOD_H
#define LOSSLENS_PATHLOD_H

#include <stdbool.h>

/* The deviation both backends allow, in pixels: well under the lines' anti-aliasing. */
static const double PATHLOD_PX = 0.25;

typedef struct {
    double tol;            /* deviation allowed; <= 0: every point is final */
    long n;                /* final vertices so far */
    bool tail;             /* a tail (tx, ty) follows them: the newest point, may still move */
    double ax, ay, tx, ty; /* the last final vertex, the tail */
    bool sleeve;           /* the directions [lo, hi] (radians from base) constrain the tail */
    double base, lo, hi, maxd; /* ... and the farthest point since the last final vertex */
} PathLod;

/* Starts a path at its first point (final at once) with deviation tol. */
void pathlod_start(PathLod *p, double tol, double x, double y);
/* Adds a finite point. Returns true when it made a final vertex (at most one per call), at
 * (*fx, *fy) (vertex p->n - 1): the caller keeps the final vertices; the tail, when p->tail,
 * is (p->tx, p->ty). With tol <= 0 every point is final at once (no tail). */
bool pathlod_add(PathLod *p, double x, double y, double *fx, double *fy);

#endif
