/* contour.h - level sets of a function sampled on a grid (marching squares), as line
 * segments in world coordinates, and their joining into polylines. The overlays trace the
 * local Taylor model and the current minibatch's loss with it. libc only.
 */
#ifndef LOSSLENS_CONTOUR_H
#define LOSSLENS_CONTOUR_H

#include "landscape/landscape.h"

/* A function sampled on an nx x ny grid of nodes spanning box, corners included: node (i, j)
 * is at x = xmin + i (xmax - xmin) / (nx - 1), y = ymin + j (ymax - ymin) / (ny - 1) and its
 * value is values[j * nx + i]. nx, ny >= 2. Non-finite values are allowed: cells touching
 * one produce no segment. */
typedef struct {
    const double *values;
    int nx, ny;
    ViewBox box;
} ContourGrid;

/* One piece of a level line, from (x0, y0) to (x1, y1). Each end lies on a grid edge, named by
 * e0 / e1 (the horizontal edge from node (i, j) to (i + 1, j) is 2 (j nx + i), the vertical
 * one to (i, j + 1) is 2 (j nx + i) + 1). Segments that meet share an edge id and the same
 * point to the last bit. cell = j (nx - 1) + i is the grid cell the segment crosses. */
typedef struct {
    double x0, y0, x1, y1;
    int e0, e1;
    int cell;
} ContourSegment;

/* Marching squares: the pieces of the level set {f = level}, f linear along each grid edge.
 * A node counts as above the level when its value >= level; the two ambiguous (saddle) cell
 * cases are resolved by the mean of the cell's four values. Writes at most max segments to out
 * (cell by cell, row by row) and returns how many there are in all (more than max when out was
 * too small). No segments when level is outside the sampled range. */
int contour_trace(const ContourGrid *g, double level, ContourSegment *out, int max);

/* Orders the n segments seg[] of one level (as contour_trace wrote them) into polylines: in
 * place, each polyline's segments follow one another, oriented so that every segment starts
 * where the previous one ended (closed loops start anywhere and end where they started).
 * first[k] receives the index of polyline k's first segment and first[count] = n, so first
 * needs room for n + 1 entries. Returns the number of polylines, or -1 when out of memory
 * (seg untouched). */
int contour_chain(ContourSegment *seg, int n, int *first);

#endif
