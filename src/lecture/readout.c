/* readout.c - text for the hover readout. */
#include "lecture/readout.h"

#include <math.h>
#include <stdio.h>

#define THETA "\xce\xb8"
#define NABLA "\xe2\x88\x87"
#define LAMBDA "\xce\xbb"

/* What the Hessian alone says about the point. */
static const char *curvature_text(CritKind k, bool critical)
{
    switch (k) {
    case CRIT_MINIMUM:
        return critical ? "critical point: minimum (both eigenvalues > 0)"
                        : "curves up in every direction (like a minimum)";
    case CRIT_MAXIMUM:
        return critical ? "critical point: maximum (both eigenvalues < 0)"
                        : "curves down in every direction (like a maximum)";
    case CRIT_SADDLE:
        return critical ? "critical point: saddle (eigenvalues of both signs)"
                        : "saddle direction: up along one eigenvector, down the other";
    case CRIT_DEGENERATE:
    case CRIT_KIND_COUNT:
        break;
    }
    return critical ? "critical point: degenerate (Hessian test inconclusive)"
                    : "an eigenvalue is zero: the Hessian test is inconclusive";
}

void readout_format(const LocalInfo *li, char lines[READOUT_LINES][READOUT_LINE_LEN])
{
    snprintf(lines[0], READOUT_LINE_LEN, THETA " = (%.4g, %.4g)", li->x, li->y);
    snprintf(lines[1], READOUT_LINE_LEN, "L(" THETA ") = %.6g", li->f);
    snprintf(lines[2], READOUT_LINE_LEN, NABLA "L = (%.3g, %.3g)   |" NABLA "L| = %.3g",
             li->g[0], li->g[1], li->grad_norm);
    snprintf(lines[3], READOUT_LINE_LEN, LAMBDA " = %.4g, %.4g (Hessian eigenvalues)",
             li->eig[0], li->eig[1]);
    /* "Critical" relative to how steep the landscape is here: |∇L| tiny next to |H|·1e-3. */
    double scale = fmax(fabs(li->eig[0]), fabs(li->eig[1]));
    bool critical = li->grad_norm <= 1e-6 * fmax(1.0, scale);
    snprintf(lines[4], READOUT_LINE_LEN, "%s", curvature_text(li->curvature, critical));
}
