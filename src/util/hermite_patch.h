/* hermite_patch.h - bounds on a bicubic Hermite patch over its unit square, from its corners'
 * values and derivatives: the range of the patch and of its two first derivatives. Used where
 * a whole cell of an interpolated field can be decided at once (render/soft_field.c).
 */
#ifndef LOSSLENS_HERMITE_PATCH_H
#define LOSSLENS_HERMITE_PATCH_H

#include <math.h>

/* One corner of the patch, in the patch's own units (u right, v down, both in [0, 1]):
 * the value, df/du, df/dv and d2f/dudv. */
typedef struct {
    double f, fu, fv, fuv;
} HermiteCorner;

/* The patch with corners c[0] (u 0, v 0), c[1] (1, 0), c[2] (0, 1), c[3] (1, 1) lies in
 * [*lo, *hi], and |df/du| <= *du, |df/dv| <= *dv over the whole square: the bicubic is a
 * tensor Bezier patch whose 4 x 4 net is each corner's f, f + f_u / 3, f + f_v / 3 and
 * f + f_u / 3 + f_v / 3 + f_uv / 9 (signs toward the inside), so it lies in the net's hull,
 * and its derivatives are 3 times Bezier patches of the net's steps. Not the tightest bound
 * (an interior extreme is bounded by the net, not found), never a loose one at the corners:
 * lo <= min f and hi >= max f of the corners. NaN in, NaN out (no comparison holds). */
static inline void hermite_patch_bounds(const HermiteCorner c[4], double *lo, double *hi,
                                        double *du, double *dv)
{
    double P[4][4];
    static const int CI[4] = {0, 3, 0, 3}, CJ[4] = {0, 0, 3, 3};
    for (int k = 0; k < 4; k++) {
        int i = CI[k], j = CJ[k], si = i ? -1 : 1, sj = j ? -1 : 1;
        P[i][j] = c[k].f;
        P[i + si][j] = c[k].f + si * c[k].fu / 3.0;
        P[i][j + sj] = c[k].f + sj * c[k].fv / 3.0;
        P[i + si][j + sj] =
            c[k].f + si * c[k].fu / 3.0 + sj * c[k].fv / 3.0 + si * sj * c[k].fuv / 9.0;
    }
    double l = P[0][0], h = P[0][0], su = 0.0, sv = 0.0;
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            double p = P[i][j];
            l = p < l ? p : l;
            h = p > h ? p : h;
            if (i < 3)
                su = fmax(su, fabs(P[i + 1][j] - p));
            if (j < 3)
                sv = fmax(sv, fabs(P[i][j + 1] - p));
        }
    }
    *lo = l;
    *hi = h;
    *du = 3.0 * su;
    *dv = 3.0 * sv;
}

#endif
