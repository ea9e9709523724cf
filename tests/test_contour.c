/* test_contour.c - marching squares against closed forms: the level circles of x² + y² (every
 * point on the circle, the right length, closed loops), the diagonals of the saddle x² − y² at
 * level 0, nothing outside the sampled range, the ambiguous cells, and the joining of segments
 * into polylines. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "analysis/contour.h"
#include "test.h"

static const double PI = 3.14159265358979323846;

typedef double (*Fn)(double x, double y);

static double circle_fn(double x, double y)
{
    return x * x + y * y;
}

static double saddle_fn(double x, double y)
{
    return x * x - y * y;
}

static double *sample(Fn f, int nx, int ny, ViewBox box)
{
    double *v = malloc(sizeof *v * (size_t)nx * (size_t)ny);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
            v[j * nx + i] = f(box.xmin + (box.xmax - box.xmin) * i / (nx - 1),
                              box.ymin + (box.ymax - box.ymin) * j / (ny - 1));
    return v;
}

static double total_length(const ContourSegment *s, int n)
{
    double len = 0.0;
    for (int k = 0; k < n; k++)
        len += hypot(s[k].x1 - s[k].x0, s[k].y1 - s[k].y0);
    return len;
}

enum { MAX_SEG = 20000 };

TEST(test_circle_points_and_length)
{
    const int nx = 81, ny = 81;
    ViewBox box = {-2.0, 2.0, -2.0, 2.0};
    double h = 4.0 / (nx - 1);
    double *v = sample(circle_fn, nx, ny, box);
    ContourGrid g = {v, nx, ny, box};
    ContourSegment *seg = malloc(sizeof *seg * MAX_SEG);
    const double radii[] = {0.3, 1.0, 1.7};
    for (int k = 0; k < 3; k++) {
        double r = radii[k];
        int n = contour_trace(&g, r * r, seg, MAX_SEG);
        ASSERT(n > 8);
        ASSERT(n <= MAX_SEG);
        /* Linear interpolation of r² along an edge of length h errs by at most h²/(8r) in
         * radius (the chord's sag of the parabola), far below h. */
        double worst = 0.0;
        for (int s = 0; s < n; s++) {
            worst = fmax(worst, fabs(hypot(seg[s].x0, seg[s].y0) - r));
            worst = fmax(worst, fabs(hypot(seg[s].x1, seg[s].y1) - r));
        }
        ASSERT(worst <= h * h / (8.0 * r) + 1e-12);
        /* The polygon inscribed in the circle: shorter than 2πr by less than 1%. */
        double len = total_length(seg, n);
        ASSERT(len <= 2.0 * PI * r + 1e-9);
        ASSERT_NEAR(len, 2.0 * PI * r, 0.01 * 2.0 * PI * r);
        /* One closed loop, its segments head to tail. */
        int *first = malloc(sizeof *first * (size_t)(n + 1));
        int lines = contour_chain(seg, n, first);
        ASSERT(lines == 1);
        ASSERT(first[0] == 0 && first[1] == n);
        int breaks = 0;
        for (int s = 0; s < n; s++) {
            const ContourSegment *a = &seg[s], *b = &seg[(s + 1) % n];
            breaks += a->x1 != b->x0 || a->y1 != b->y0 || a->e1 != b->e0;
        }
        ASSERT(breaks == 0);
        /* The chained length is unchanged (no segment lost or duplicated). */
        ASSERT_NEAR(total_length(seg, n), len, 1e-12);
        free(first);
    }
    free(seg);
    free(v);
}

TEST(test_level_outside_range)
{
    const int nx = 33, ny = 21;
    ViewBox box = {-1.0, 1.0, -0.5, 0.5};
    double *v = sample(circle_fn, nx, ny, box);
    ContourGrid g = {v, nx, ny, box};
    ContourSegment seg[4];
    /* f ranges over [0, 1.25] on this box. */
    ASSERT(contour_trace(&g, -0.1, seg, 4) == 0);
    ASSERT(contour_trace(&g, 1.3, seg, 4) == 0);
    ASSERT(contour_trace(&g, NAN, seg, 4) == 0);
    /* Inside the range there are segments, and the count is reported past max. */
    ASSERT(contour_trace(&g, 0.2, seg, 4) > 4);
    free(v);
}

TEST(test_saddle_diagonals)
{
    /* An even count of nodes: no node on the axes, several on the diagonals (value exactly
     * 0, counted above the level). */
    const int nx = 40, ny = 40;
    ViewBox box = {-1.0, 1.0, -1.0, 1.0};
    double h = 2.0 / (nx - 1);
    double *v = sample(saddle_fn, nx, ny, box);
    ContourGrid g = {v, nx, ny, box};
    ContourSegment *seg = malloc(sizeof *seg * MAX_SEG);
    int n = contour_trace(&g, 0.0, seg, MAX_SEG);
    ASSERT(n > 0);
    int quadrant[4] = {0};
    double worst = 0.0;
    for (int s = 0; s < n; s++) {
        /* Every end on |x| = |y|. */
        worst = fmax(worst, fabs(fabs(seg[s].x0) - fabs(seg[s].y0)));
        worst = fmax(worst, fabs(fabs(seg[s].x1) - fabs(seg[s].y1)));
        double mx = 0.5 * (seg[s].x0 + seg[s].x1), my = 0.5 * (seg[s].y0 + seg[s].y1);
        quadrant[(mx < 0.0) + 2 * (my < 0.0)]++;
    }
    ASSERT(worst < 1e-12);
    for (int q = 0; q < 4; q++)
        ASSERT(quadrant[q] > nx / 4);
    /* Both diagonals across the whole box: length 2 · 2√2, give or take a cell at the centre,
     * where the four arms meet. */
    double len = total_length(seg, n);
    ASSERT_NEAR(len, 4.0 * sqrt(2.0), 2.0 * h * sqrt(2.0));
    free(seg);
    free(v);
}

TEST(test_ambiguous_cell)
{
    /* One cell with opposite corners above 0: the mean decides which pair joins. */
    ViewBox box = {0.0, 1.0, 0.0, 1.0};
    ContourSegment seg[4];
    /* Corners (bottom-left, bottom-right, top-left, top-right) as values[j * 2 + i]. */
    const double high_centre[4] = {1.0, -0.5, -0.5, 1.0}; /* mean 0.25: the high corners join */
    ContourGrid g = {high_centre, 2, 2, box};
    ASSERT(contour_trace(&g, 0.0, seg, 4) == 2);
    /* Each segment cuts off a low corner: (1, 0) or (0, 1). */
    for (int s = 0; s < 2; s++) {
        double mx = 0.5 * (seg[s].x0 + seg[s].x1), my = 0.5 * (seg[s].y0 + seg[s].y1);
        bool near_10 = hypot(mx - 1.0, my) < 0.5, near_01 = hypot(mx, my - 1.0) < 0.5;
        ASSERT(near_10 || near_01);
    }
    const double low_centre[4] = {0.5, -1.0, -1.0, 0.5}; /* mean -0.25: the low ones join */
    g.values = low_centre;
    ASSERT(contour_trace(&g, 0.0, seg, 4) == 2);
    for (int s = 0; s < 2; s++) {
        double mx = 0.5 * (seg[s].x0 + seg[s].x1), my = 0.5 * (seg[s].y0 + seg[s].y1);
        bool near_00 = hypot(mx, my) < 0.5, near_11 = hypot(mx - 1.0, my - 1.0) < 0.5;
        ASSERT(near_00 || near_11);
    }
    /* Crossings by linear interpolation: 1 -> -0.5 crosses 0 at two thirds. */
    g.values = high_centre;
    contour_trace(&g, 0.0, seg, 4);
    bool found = false;
    for (int s = 0; s < 2; s++)
        for (int e = 0; e < 2; e++) {
            double x = e ? seg[s].x1 : seg[s].x0, y = e ? seg[s].y1 : seg[s].y0;
            found |= fabs(x - 2.0 / 3.0) < 1e-15 && y == 0.0;
        }
    ASSERT(found);
}

TEST(test_non_finite_cells_skipped)
{
    const int nx = 21, ny = 21;
    ViewBox box = {-1.0, 1.0, -1.0, 1.0};
    double *v = sample(circle_fn, nx, ny, box);
    ContourGrid g = {v, nx, ny, box};
    ContourSegment *seg = malloc(sizeof *seg * MAX_SEG);
    int full = contour_trace(&g, 0.5, seg, MAX_SEG);
    /* A NaN node on the circle of radius √0.5 (node (17, 10) is at x = 0.7, y = 0): its four
     * cells drop out, the rest stay. */
    v[10 * nx + 17] = NAN;
    int holed = contour_trace(&g, 0.5, seg, MAX_SEG);
    ASSERT(holed < full);
    ASSERT(holed >= full - 4);
    for (int s = 0; s < holed; s++)
        ASSERT(isfinite(seg[s].x0) && isfinite(seg[s].y1));
    /* The open circle chains into one line with two free ends. */
    int *first = malloc(sizeof *first * (size_t)(holed + 1));
    ASSERT(contour_chain(seg, holed, first) == 1);
    ASSERT(seg[0].x0 != seg[holed - 1].x1 || seg[0].y0 != seg[holed - 1].y1);
    free(first);
    free(seg);
    free(v);
}

TEST(test_chain_two_loops)
{
    /* Two wells: level sets are two separate circles. */
    const int nx = 61, ny = 31;
    ViewBox box = {-3.0, 3.0, -1.5, 1.5};
    double *v = malloc(sizeof *v * nx * ny);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x = box.xmin + 6.0 * i / (nx - 1), y = box.ymin + 3.0 * j / (ny - 1);
            v[j * nx + i] = fmin(hypot(x - 1.5, y), hypot(x + 1.5, y));
        }
    ContourGrid g = {v, nx, ny, box};
    ContourSegment *seg = malloc(sizeof *seg * MAX_SEG);
    int n = contour_trace(&g, 0.8, seg, MAX_SEG);
    int *first = malloc(sizeof *first * (size_t)(n + 1));
    ASSERT(contour_chain(seg, n, first) == 2);
    for (int k = 0; k < 2; k++) {
        int a = first[k], b = first[k + 1] - 1;
        /* Closed, and all on one side. */
        ASSERT(seg[a].x0 == seg[b].x1 && seg[a].y0 == seg[b].y1);
        double side = seg[a].x0;
        for (int s = a; s <= b; s++)
            ASSERT((seg[s].x0 > 0.0) == (side > 0.0));
        ASSERT_NEAR(total_length(seg + a, b - a + 1), 2.0 * PI * 0.8, 0.02);
    }
    ASSERT(contour_chain(seg, 0, first) == 0 && first[0] == 0);
    free(first);
    free(seg);
    free(v);
}

int main(void)
{
    RUN_TEST(test_circle_points_and_length);
    RUN_TEST(test_level_outside_range);
    RUN_TEST(test_saddle_diagonals);
    RUN_TEST(test_ambiguous_cell);
    RUN_TEST(test_non_finite_cells_skipped);
    RUN_TEST(test_chain_two_loops);
    return TEST_MAIN("test_contour");
}
