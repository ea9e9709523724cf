/* landscape_internal.h - what the files of the landscape module share and nobody else sees.
 *
 * landscape_programs.c (generated from landscape_exprs.h): the closed-form functions as
 * compiled expressions. landscape_loss.c: the losses of the data
 * landscapes on any Dataset (also compiled into the dataset generator, which finds their
 * critical points). landscape_data.c: those losses bound to the generated datasets.
 * landscape.c: the registry table that ties them to names, views, starts, critical points.
 */
#ifndef LOSSLENS_LANDSCAPE_INTERNAL_H
#define LOSSLENS_LANDSCAPE_INTERNAL_H

#include "landscape/landscape.h"

/* Closed-form landscapes: landscape_program_<name> and landscape_<name>_eval (the
 * LandscapeEvalFn contract of landscape.h) are declared by the generated
 * landscape_programs.h, which only landscape.c includes (gen_datasets includes this file). */

/* Mean loss over the points idx[0..n-1] of d (idx == NULL: points 0..n-1), at theta =
 * (t1, t2), with gradient and Hessian into g and h when not NULL. Asserts n > 0 and every
 * index in [0, d->n). The sum runs in index order, so equal index lists give equal bits.
 * logistic: d->dim == 2, labels in {0, 1}, loss softplus(z) - y z with z = theta . x.
 * tiny-net: d->dim == 1, loss (t2 tanh(t1 x) - y)^2. */
double landscape_loss_logistic(const Dataset *d, const int *idx, int n, double t1, double t2,
                               double g[2], double h[3]);
double landscape_loss_tiny_net(const Dataset *d, const int *idx, int n, double t1, double t2,
                               double g[2], double h[3]);

/* The same losses over all of d's points for drawing (LandscapeFastFn): the per-point terms
 * by util/vmath a chunk of points at a time (logistic's softplus in single precision), summed
 * in lanes in double; g and h both given or both NULL (the value alone, cheaper for
 * logistic), *err a bound on the distance of the value from landscape_loss_*'s (idx NULL,
 * n = d->n). */
double landscape_loss_logistic_fast(const Dataset *d, double t1, double t2, double g[2],
                                    double h[3], double *err);
double landscape_loss_tiny_net_fast(const Dataset *d, double t1, double t2, double g[2],
                                    double h[3], double *err);

/* Data landscapes bound to their generated datasets (landscape_data.c). */
extern const Dataset landscape_logistic_data;
extern const Dataset landscape_tiny_net_data;
double landscape_logistic_eval(double x, double y, double g[2], double h[3]);
double landscape_logistic_batch(const int *idx, int n, double x, double y, double g[2],
                                 double h[3]);
double landscape_tiny_net_eval(double x, double y, double g[2], double h[3]);
double landscape_tiny_net_batch(const int *idx, int n, double x, double y, double g[2],
                                double h[3]);
double landscape_logistic_fast(double x, double y, double g[2], double h[3], double *err);
double landscape_tiny_net_fast(double x, double y, double g[2], double h[3], double *err);

#endif
