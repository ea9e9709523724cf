/* contour.c - marching squares over a sampled grid, and the joining of its segments into
 * polylines through the grid edges they share. Each edge's crossing point is computed from
 * that edge alone, so the two cells beside an edge agree on it to the last bit and lines
 * close without gaps. */
#include "analysis/contour.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The edges of a cell, counter-clockwise from the bottom (y grows upward in the world). */
typedef enum { EDGE_BOTTOM, EDGE_RIGHT, EDGE_TOP, EDGE_LEFT, EDGE_COUNT } CellEdge;

typedef struct {
    double x, y;
    int id;
} EdgePoint;

static double grid_x(const ContourGrid *g, int i)
{
    return i == g->nx - 1 ? g->box.xmax
                          : g->box.xmin + (g->box.xmax - g->box.xmin) * i / (g->nx - 1);
}

static double grid_y(const ContourGrid *g, int j)
{
    return j == g->ny - 1 ? g->box.ymax
                          : g->box.ymin + (g->box.ymax - g->box.ymin) * j / (g->ny - 1);
}

/* Where the level crosses the edge from node (i, j) to (i + di, j + dj) (di + dj == 1);
 * the caller knows the two values lie on opposite sides. */
static EdgePoint edge_point(const ContourGrid *g, int i, int j, int di, int dj, double level)
{
    double a = g->values[j * g->nx + i];
    double b = g->values[(j + dj) * g->nx + i + di];
    double t = (level - a) / (b - a);
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    double x0 = grid_x(g, i), y0 = grid_y(g, j);
    double x1 = grid_x(g, i + di), y1 = grid_y(g, j + dj);
    return (EdgePoint){x0 + t * (x1 - x0), y0 + t * (y1 - y0), 2 * (j * g->nx + i) + dj};
}

static EdgePoint cell_edge_point(const ContourGrid *g, int i, int j, CellEdge e, double level)
{
    switch (e) {
    case EDGE_BOTTOM:
        return edge_point(g, i, j, 1, 0, level);
    case EDGE_RIGHT:
        return edge_point(g, i + 1, j, 0, 1, level);
    case EDGE_TOP:
        return edge_point(g, i, j + 1, 1, 0, level);
    case EDGE_LEFT:
    case EDGE_COUNT:
        break;
    }
    return edge_point(g, i, j, 0, 1, level);
}

int contour_trace(const ContourGrid *g, double level, ContourSegment *out, int max)
{
    assert(g->nx >= 2 && g->ny >= 2);
    int n = 0;
    if (!isfinite(level))
        return 0;
    for (int j = 0; j + 1 < g->ny; j++) {
        for (int i = 0; i + 1 < g->nx; i++) {
            /* Corners counter-clockwise from the bottom left; corner k and k + 1 bound edge k. */
            const double v[4] = {
                g->values[j * g->nx + i], g->values[j * g->nx + i + 1],
                g->values[(j + 1) * g->nx + i + 1], g->values[(j + 1) * g->nx + i],
            };
            if (!isfinite(v[0]) || !isfinite(v[1]) || !isfinite(v[2]) || !isfinite(v[3]))
                continue;
            int mask = 0;
            for (int k = 0; k < 4; k++)
                mask |= (v[k] >= level) << k;
            if (mask == 0 || mask == 15)
                continue;
            CellEdge pairs[2][2];
            int np = 1;
            if (mask == 5 || mask == 10) {
                /* A saddle cell: corners 0, 2 on one side, 1, 3 on the other. The mean says
                 * which pair is joined through the middle; the other two are cut off. */
                bool centre_above = 0.25 * (v[0] + v[1] + v[2] + v[3]) >= level;
                bool cut_0_and_2 = centre_above == (mask == 10);
                np = 2;
                if (cut_0_and_2) {
                    pairs[0][0] = EDGE_LEFT, pairs[0][1] = EDGE_BOTTOM;
                    pairs[1][0] = EDGE_RIGHT, pairs[1][1] = EDGE_TOP;
                } else {
                    pairs[0][0] = EDGE_BOTTOM, pairs[0][1] = EDGE_RIGHT;
                    pairs[1][0] = EDGE_TOP, pairs[1][1] = EDGE_LEFT;
                }
            } else {
                int k = 0;
                for (int e = 0; e < EDGE_COUNT; e++)
                    if (((mask >> e) & 1) != ((mask >> ((e + 1) & 3)) & 1))
                        pairs[0][k++] = (CellEdge)e;
                assert(k == 2);
            }
            for (int p = 0; p < np; p++) {
                if (n < max) {
                    EdgePoint a = cell_edge_point(g, i, j, pairs[p][0], level);
                    EdgePoint b = cell_edge_point(g, i, j, pairs[p][1], level);
                    out[n] = (ContourSegment){a.x, a.y, b.x, b.y, a.id, b.id,
                                              j * (g->nx - 1) + i};
                }
                n++;
            }
        }
    }
    return n;
}

typedef struct {
    int edge, end; /* end = 2 * segment + (0: its start, 1: its end) */
} EndRecord;

static int end_record_cmp(const void *pa, const void *pb)
{
    const EndRecord *a = pa, *b = pb;
    if (a->edge != b->edge)
        return a->edge < b->edge ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

static ContourSegment segment_oriented(const ContourSegment *s, bool flip)
{
    if (!flip)
        return *s;
    return (ContourSegment){s->x1, s->y1, s->x0, s->y0, s->e1, s->e0, s->cell};
}

int contour_chain(ContourSegment *seg, int n, int *first)
{
    if (n <= 0) {
        first[0] = 0;
        return 0;
    }
    EndRecord *rec = malloc(sizeof *rec * 2 * (size_t)n);
    int *link = malloc(sizeof *link * 2 * (size_t)n);
    bool *used = calloc((size_t)n, sizeof *used);
    ContourSegment *out = malloc(sizeof *out * (size_t)n);
    if (!rec || !link || !used || !out) {
        free(rec);
        free(link);
        free(used);
        free(out);
        return -1;
    }
    /* link[2 s + e]: the segment end that touches end e of segment s (the same grid edge), or
     * -1. An edge borders two cells and each cell has at most one segment on it. */
    for (int s = 0; s < n; s++) {
        rec[2 * s] = (EndRecord){seg[s].e0, 2 * s};
        rec[2 * s + 1] = (EndRecord){seg[s].e1, 2 * s + 1};
    }
    qsort(rec, 2 * (size_t)n, sizeof *rec, end_record_cmp);
    for (int k = 0; k < 2 * n; k++)
        link[k] = -1;
    for (int k = 0; k + 1 < 2 * n; k++) {
        if (rec[k].edge == rec[k + 1].edge && rec[k].end / 2 != rec[k + 1].end / 2) {
            link[rec[k].end] = rec[k + 1].end;
            link[rec[k + 1].end] = rec[k].end;
            k++;
        }
    }
    int count = 0, m = 0;
    for (int s0 = 0; s0 < n; s0++) {
        if (used[s0])
            continue;
        /* Walk backwards to the start of the line (or once around a loop). `tail` is the end
         * of the current segment the line enters it by. */
        int cur = s0, tail = 0;
        for (int steps = 0; steps < n; steps++) {
            int nb = link[2 * cur + tail];
            if (nb < 0 || used[nb / 2] || nb / 2 == s0)
                break;
            cur = nb / 2;
            tail = 1 - nb % 2;
        }
        first[count++] = m;
        for (;;) {
            used[cur] = true;
            out[m++] = segment_oriented(&seg[cur], tail == 1);
            int nb = link[2 * cur + (1 - tail)];
            if (nb < 0 || used[nb / 2])
                break;
            cur = nb / 2;
            tail = nb % 2;
        }
    }
    first[count] = n;
    assert(m == n);
    memcpy(seg, out, sizeof *out * (size_t)n);
    free(rec);
    free(link);
    free(used);
    free(out);
    return count;
}
