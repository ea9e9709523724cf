/* spec.h - strict parsing of the small text values that the command line and scene files
 * share: numbers, "X,Y" pairs, run specs "adam:lr=0.01,beta1=0.8" and schedule specs
 * "step:gamma=0.1,every=100". Never prints; on failure fills err with what was expected
 * (the caller prefixes the flag, file or line). libc only. */
#ifndef LOSSLENS_SPEC_H
#define LOSSLENS_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "run/run.h"

/* The whole string is one finite number. */
bool spec_parse_double(const char *s, double *out);
/* The whole string is a decimal integer in [lo, hi]. */
bool spec_parse_long(const char *s, long lo, long hi, long *out);
/* Exactly n comma-separated finite numbers. */
bool spec_parse_doubles(const char *s, double *out, int n);

/* A run: "ID" or "ID:key=val,key=val". Starts from base (whose stochastic settings and
 * schedule the caller took from global flags), replaces the optimizer kind, keeps base's
 * schedule/batch/noise/seed/tol unless a key sets them, and fills the optimizer's default
 * hyperparameters before applying keys. Keys: the optimizer's own hyperparameters (the
 * keys of the hyperparameter table in optim/optim.h that its row lists: lr, momentum,
 * beta1, ...) and, for any optimizer, schedule, gamma, every, period, min_factor, batch, noise, seed, tol. */
bool spec_parse_run(const char *spec, const RunDesc *base, RunDesc *out, char *err, size_t len);

/* Applies one run key (see spec_parse_run) to d. `schedule` resets the schedule's
 * parameters to that kind's defaults, so callers apply it before gamma/every/period/
 * min_factor. */
bool spec_apply_run_key(RunDesc *d, const char *key, const char *val, char *err, size_t len);

/* "gd, momentum, ..." into buf: the optimizer ids for messages. */
void spec_list_optimizers(char *buf, size_t len);

/* A schedule: "constant", "step[:gamma=G,every=K]", "exp[:gamma=G]", "inv[:gamma=G]",
 * "cosine[:period=T,min_factor=F]". */
bool spec_parse_schedule(const char *spec, Schedule *out, char *err, size_t len);

/* Whether ls uses d's stochastic settings: batch only on data landscapes (ls->data), noise
 * only on closed-form ones and typed functions (ls NULL). On false, *key is "batch" or
 * "noise" and err says what was expected instead. */
bool spec_check_run_landscape(const RunDesc *d, const Landscape *ls, const char **key,
                              char *err, size_t len);

/* The runs a bare `losslens --landscape ID` races (no --opt): gd, momentum and Adam, each
 * from base (the global --batch, --noise, --seed, ... settings) with its default
 * hyperparameters and a rate chosen for ls from `start`: for those with a stability limit
 * (optim_stability_limit) SPEC_DEFAULT_LIMIT_FRACTION[i] of it at λmax, the largest Hessian
 * eigenvalue at start and at ls's listed minima (where the runs go); for Adam, whose steps
 * are about α per coordinate, min(view width, view height) / SPEC_DEFAULT_ADAM_STEPS.
 * Where no positive curvature is found, or ls is NULL (a typed function not yet bound), the
 * optimizer's own default rate. Writes SPEC_DEFAULT_RUNS runs to out; returns how many. */
enum { SPEC_DEFAULT_RUNS = 3, SPEC_DEFAULT_ADAM_STEPS = 100 };

/* The rate spec_default_runs gives an optimizer like opt (its kind and its other
 * hyperparameters, e.g. μ) on ls from start: gd SPEC_DEFAULT_LIMIT_FRACTION[0] and the
 * momentum family (momentum, nesterov, heavyball) SPEC_DEFAULT_LIMIT_FRACTION[1] of their
 * stability limit at λmax; the methods whose steps are about α per coordinate (rmsprop,
 * Adam and its family, lion) min(view width, view height) / SPEC_DEFAULT_ADAM_STEPS; the
 * others (Newton's family, whose limit does not depend on λmax, adagrad, adadelta, the line
 * searches) and every optimizer where no positive curvature is found or ls is NULL: the
 * optimizer's own default rate. The session gives it to runs whose α follows the landscape
 * when the landscape changes (lecture/session.h). */
double spec_default_lr(const Landscape *ls, const double start[2], const OptimizerDesc *opt);
extern const double SPEC_DEFAULT_LIMIT_FRACTION[SPEC_DEFAULT_RUNS];
int spec_default_runs(const Landscape *ls, const double start[2], const RunDesc *base,
                      RunDesc *out);

/* Writes the run back as a spec that spec_parse_run reads to the same desc (numbers %.17g);
 * only non-default settings beyond the optimizer's own hyperparameters are written, and of a
 * schedule only the parameters it reads. */
void spec_format_run(const RunDesc *d, char *buf, size_t len);

#endif
