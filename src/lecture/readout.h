/* readout.h - the hover readout's text: position, loss, gradient and its norm, the Hessian's
 * eigenvalues and what they make the point, in the lecture's notation. libc only. */
#ifndef LOSSLENS_READOUT_H
#define LOSSLENS_READOUT_H

#include "analysis/analysis.h"

enum { READOUT_LINES = 5, READOUT_LINE_LEN = 96 };

/* Fills READOUT_LINES lines:
 *   "θ = (1.23, -0.5)"
 *   "L(θ) = 0.0123"
 *   "∇L = (0.1, -2)   |∇L| = 2.002"
 *   "λ = -2, 2 (Hessian eigenvalues)"
 *   "saddle direction: curves up along one axis, down along the other"
 * At a critical point (|∇L| tiny) the last line names it: "critical point: minimum". */
void readout_format(const LocalInfo *li, char lines[READOUT_LINES][READOUT_LINE_LEN]);

#endif
