/* pathlod.h - a path simplified on the fly to what pixels can show, shared by both backends
 * so the GL and CPU figures draw the same polyline (and by the 3D pane's draft of the paths
 * while the camera moves, figure/surface3d.c). Display-free.
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
#include <stdint.h>

/* The deviation both backends allow, in pixels: well under the lines' anti-aliasing. */
static const double PATHLOD_PX = 0.25;

/* The deviation in world units for a view of scale world units per pixel: PATHLOD_PX pixels
 * rounded down to a power of two in world units, so it lies in (PATHLOD_PX / 2, PATHLOD_PX]
 * pixels and a zoom within one octave keeps the simplified path (no rebuild). */
double pathlod_world_tol(double scale);

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

/* The segments of a simplified path already drawn, by the cells (squares of side cell) of
 * their two ends. A path that keeps revisiting the same few pixels (an optimizer bouncing
 * around a minimum at a fixed step, whose every vertex the sleeve keeps) then draws a segment
 * only where no earlier one has both ends in the same cells: at most one per pair of cells,
 * so what it costs is bounded by the area the path covers, not by its number of points. A
 * segment left out lies within cell * sqrt(2) of one drawn (the same pixels, within a pixel,
 * for a cell of half a pixel). */
typedef struct {
    double cell;    /* <= 0: no segment is ever left out */
    int32_t *keys;  /* cap slots of 4 cells (ax, ay, bx, by), ordered; INT32_MIN: empty */
    long n, cap;
} PathSeen;

void pathseen_init(PathSeen *s);
void pathseen_free(PathSeen *s);
/* Forgets every segment and sets the cell side. */
void pathseen_reset(PathSeen *s, double cell);
/* true when a segment with its ends in the cells of (ax, ay) and (bx, by), either way round,
 * was added before (it need not be drawn); otherwise records it and returns false. Ends
 * beyond 2^30 cells, and any segment once memory runs out, are never recorded (drawn). */
bool pathseen_add(PathSeen *s, double ax, double ay, double bx, double by);

#endif
