/* landscape_closed.c - the closed-form test functions with exact gradients and Hessians.
 *
 * Each function returns f(x, y) and, when asked, the analytic gradient and Hessian
 * (hxx, hxy, hyy), all in double. The registry in landscape.c gives them names, views,
 * starts and critical points; the GPU shaders copy the same formulas and constants.
 */
#include <math.h>

#include "landscape/landscape_internal.h"

#define LANDSCAPE_PI 3.14159265358979323846

/* f, gradient and Hessian under construction. */
typedef struct {
    double f, g[2], h[3];
} Accum;

static double accum_out(const Accum *a, double g[2], double h[3])
{
    if (g) {
        g[0] = a->g[0];
        g[1] = a->g[1];
    }
    if (h) {
        h[0] = a->h[0];
        h[1] = a->h[1];
        h[2] = a->h[2];
    }
    return a->f;
}

/* Adds the square of a residual r with gradient (rx, ry) and second derivatives
 * (rxx, rxy, ryy): d(r^2) = 2 r dr, d2(r^2) = 2 (dr dr^T + r d2r). */
static void accum_square(Accum *a, double r, double rx, double ry, double rxx, double rxy,
                         double ryy)
{
    a->f += r * r;
    a->g[0] += 2.0 * r * rx;
    a->g[1] += 2.0 * r * ry;
    a->h[0] += 2.0 * (rx * rx + r * rxx);
    a->h[1] += 2.0 * (rx * ry + r * rxy);
    a->h[2] += 2.0 * (ry * ry + r * ryy);
}

/* Adds c (x^2 + y^2). */
static void accum_bowl(Accum *a, double x, double y, double c)
{
    a->f += c * (x * x + y * y);
    a->g[0] += 2.0 * c * x;
    a->g[1] += 2.0 * c * y;
    a->h[0] += 2.0 * c;
    a->h[2] += 2.0 * c;
}

/* Adds a Gaussian well -depth exp(-((x - cx)^2 + (y - cy)^2) / s). */
static void accum_well(Accum *a, double x, double y, double cx, double cy, double depth,
                       double s)
{
    double dx = x - cx, dy = y - cy;
    double e = depth * exp(-(dx * dx + dy * dy) / s);
    double k = 2.0 / s; /* gradient of the exponent is -k (dx, dy) */
    a->f -= e;
    a->g[0] += k * e * dx;
    a->g[1] += k * e * dy;
    a->h[0] += k * e * (1.0 - k * dx * dx);
    a->h[1] -= k * k * e * dx * dy;
    a->h[2] += k * e * (1.0 - k * dy * dy);
}

double landscape_bowl_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {0};
    accum_bowl(&a, x, y, 1.0);
    return accum_out(&a, g, h);
}

/* x^2/20 + y^2: Hessian diag(0.1, 2), condition number 20. */
double landscape_ravine_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {.f = x * x / 20.0 + y * y,
               .g = {x / 10.0, 2.0 * y},
               .h = {0.1, 0.0, 2.0}};
    return accum_out(&a, g, h);
}

/* The ravine rotated by 45 degrees: u = (x + y)/sqrt2, v = (y - x)/sqrt2, f = u^2/20 + v^2,
 * that is (x + y)^2/40 + (y - x)^2/2. Hessian [[1.05, -0.95], [-0.95, 1.05]]: eigenvalue 0.1
 * along (1, 1), 2 along (1, -1). */
double landscape_rotated_ravine_eval(double x, double y, double g[2], double h[3])
{
    double p = x + y, m = y - x;
    Accum a = {.f = p * p / 40.0 + m * m / 2.0,
               .g = {p / 20.0 - m, p / 20.0 + m},
               .h = {1.0 / 20.0 + 1.0, 1.0 / 20.0 - 1.0, 1.0 / 20.0 + 1.0}};
    return accum_out(&a, g, h);
}

double landscape_saddle_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {.f = x * x - y * y, .g = {2.0 * x, -2.0 * y}, .h = {2.0, 0.0, -2.0}};
    return accum_out(&a, g, h);
}

/* x^3 - 3 x y^2: three valleys meet at the origin, where the Hessian vanishes. */
double landscape_monkey_saddle_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {.f = x * x * x - 3.0 * x * y * y,
               .g = {3.0 * x * x - 3.0 * y * y, -6.0 * x * y},
               .h = {6.0 * x, -6.0 * y, -6.0 * x}};
    return accum_out(&a, g, h);
}

/* f = 1 - exp(-(x^2 + y^2) / (2 * 0.7^2)) + 5e-5 (x^2 + y^2): a Gaussian well of width 0.7 at
 * the origin in a wide plateau. Beyond r = 3 the well's pull has died out and only the
 * gentle bowl (slope 1e-4 r, below 1e-3 everywhere in the default view) leads back in. */
double landscape_plateau_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {.f = 1.0};
    accum_well(&a, x, y, 0.0, 0.0, 1.0, 2.0 * 0.7 * 0.7);
    accum_bowl(&a, x, y, 5e-5);
    return accum_out(&a, g, h);
}

/* (1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley to the minimum (1, 1). */
double landscape_rosenbrock_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {0};
    accum_square(&a, 1.0 - x, -1.0, 0.0, 0.0, 0.0, 0.0);
    accum_square(&a, 10.0 * (y - x * x), -20.0 * x, 10.0, -20.0, 0.0, 0.0);
    return accum_out(&a, g, h);
}

/* (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2. */
double landscape_beale_eval(double x, double y, double g[2], double h[3])
{
    double y2 = y * y, y3 = y2 * y;
    Accum a = {0};
    accum_square(&a, 1.5 - x + x * y, y - 1.0, x, 0.0, 1.0, 0.0);
    accum_square(&a, 2.25 - x + x * y2, y2 - 1.0, 2.0 * x * y, 0.0, 2.0 * y, 2.0 * x);
    accum_square(&a, 2.625 - x + x * y3, y3 - 1.0, 3.0 * x * y2, 0.0, 3.0 * y2, 6.0 * x * y);
    return accum_out(&a, g, h);
}

/* (x^2 + y - 11)^2 + (x + y^2 - 7)^2. */
double landscape_himmelblau_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {0};
    accum_square(&a, x * x + y - 11.0, 2.0 * x, 1.0, 2.0, 0.0, 0.0);
    accum_square(&a, x + y * y - 7.0, 1.0, 2.0 * y, 0.0, 0.0, 2.0);
    return accum_out(&a, g, h);
}

/* 20 + x^2 - 10 cos(2 pi x) + y^2 - 10 cos(2 pi y): a minimum near every integer point. */
double landscape_rastrigin_eval(double x, double y, double g[2], double h[3])
{
    const double w = 2.0 * LANDSCAPE_PI;
    double cx = cos(w * x), cy = cos(w * y);
    Accum a = {.f = 20.0 + x * x - 10.0 * cx + y * y - 10.0 * cy,
               .g = {2.0 * x + 10.0 * w * sin(w * x), 2.0 * y + 10.0 * w * sin(w * y)},
               .h = {2.0 + 10.0 * w * w * cx, 0.0, 2.0 + 10.0 * w * w * cy}};
    return accum_out(&a, g, h);
}

/* (4 - 2.1x^2 + x^4/3) x^2 + xy + (-4 + 4y^2) y^2. */
double landscape_six_hump_camel_eval(double x, double y, double g[2], double h[3])
{
    double x2 = x * x, y2 = y * y;
    Accum a = {.f = (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2,
               .g = {8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y2 * y},
               .h = {8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * y2}};
    return accum_out(&a, g, h);
}

/* 0.05 (x^2 + y^2) - 2 exp(-((x - 1.5)^2 + (y - 0.5)^2) / 0.8)
 *                  - 1.2 exp(-((x + 1.5)^2 + (y + 0.5)^2) / 0.5).
 * The constants are copied by the GPU shader: change both together. */
double landscape_two_wells_eval(double x, double y, double g[2], double h[3])
{
    Accum a = {0};
    accum_bowl(&a, x, y, 0.05);
    accum_well(&a, x, y, 1.5, 0.5, 2.0, 0.8);
    accum_well(&a, x, y, -1.5, -0.5, 1.2, 0.5);
    return accum_out(&a, g, h);
}
