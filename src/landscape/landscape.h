/* landscape.h - the 2D test functions as data.
 *
 * Every landscape is a static const table entry: id, display name, formula text, an exact
 * evaluation of f, its gradient and Hessian in double precision, a default view window, a
 * default start point and its known critical points. A closed-form landscape is defined once,
 * by an expression (landscape_exprs.h) compiled at build time: its evaluation and the GPU
 * field's GLSL both come from that program. Data-driven landscapes
 * (logistic, tiny-net) also expose their fixed, seeded dataset and the loss of any minibatch.
 * This module uses libc only: no SDL, no GL.
 */
#ifndef LOSSLENS_LANDSCAPE_H
#define LOSSLENS_LANDSCAPE_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "expr/expr.h"

typedef enum {
    LANDSCAPE_BOWL,
    LANDSCAPE_RAVINE,
    LANDSCAPE_ROTATED_RAVINE,
    LANDSCAPE_SADDLE,
    LANDSCAPE_MONKEY_SADDLE,
    LANDSCAPE_PLATEAU,
    LANDSCAPE_ROSENBROCK,
    LANDSCAPE_BEALE,
    LANDSCAPE_HIMMELBLAU,
    LANDSCAPE_RASTRIGIN,
    LANDSCAPE_SIX_HUMP_CAMEL,
    LANDSCAPE_TWO_WELLS,
    LANDSCAPE_LOGISTIC,
    LANDSCAPE_TINY_NET,
    LANDSCAPE_COUNT,
    /* A function typed by the user (LandscapeTyped below): not in the registry. */
    LANDSCAPE_TYPED = LANDSCAPE_COUNT
} LandscapeId;

typedef enum {
    CRIT_MINIMUM,
    CRIT_MAXIMUM,
    CRIT_SADDLE,
    CRIT_DEGENERATE, /* Hessian singular: the second-derivative test is inconclusive */
    CRIT_KIND_COUNT
} CritKind;

typedef struct {
    double x, y;
    CritKind kind;
} CriticalPoint;

/* An axis-aligned rectangle in parameter space (theta1 = x, theta2 = y). */
typedef struct {
    double xmin, xmax, ymin, ymax;
} ViewBox;

/* A fixed dataset of a data landscape. logistic: x = 2D inputs (x[2i], x[2i+1]),
 * y = labels in {0, 1}. tiny-net: x = 1D inputs x[i], y = targets. */
typedef struct {
    int n;          /* number of points */
    int dim;        /* input dimension: 2 for logistic, 1 for tiny-net */
    const double *x; /* n * dim inputs */
    const double *y; /* n targets */
} Dataset;

/* Value of the loss at (x, y). g (2 entries) and h (3 entries: hxx, hxy, hyy) receive the
 * gradient and Hessian when not NULL. Never fails; may return non-finite values far out. */
typedef double (*LandscapeEvalFn)(double x, double y, double g[2], double h[3]);

/* Loss of a minibatch: the mean over the points idx[0..n-1] of the dataset, with gradient and
 * Hessian as above. Only data landscapes have one. */
typedef double (*LandscapeBatchFn)(const int *idx, int n, double x, double y, double g[2],
                                   double h[3]);

/* The loss, gradient and Hessian (g and h both given, or both NULL for the value alone) for
 * pictures, faster than the exact evaluation and close to it: *err receives a bound on
 * |f - the LandscapeEvalFn's f|, about 1e-6 of the terms summed where part of the sum runs
 * in single precision (logistic's exp and log1p), else a few ulps of double (the gradient
 * and Hessian are as close, relative to the terms summed); non-finite where that one is. */
typedef double (*LandscapeFastFn)(double x, double y, double g[2], double h[3], double *err);

typedef struct {
    LandscapeId lid;
    const char *id;       /* command-line id, e.g. "rotated-ravine" */
    const char *name;     /* display name, e.g. "Rotated ravine" */
    const char *formula;  /* formula as UTF-8 text for the UI, e.g. "x² + y²" */
    const char *expr;     /* closed form: its definition in the expr grammar, e.g.
                             "x^2 + y^2"; NULL for data landscapes */
    const ExprProgram *program; /* closed form: expr compiled (eval runs it, no parameters);
                                   typed: the compiled text; NULL for data landscapes */
    const double *params; /* typed: program->n_params values, read at every evaluation (a
                             slider writes them); NULL otherwise */
    ViewBox view;         /* default view window */
    double start[2];      /* default start point, inside view */
    const CriticalPoint *crit; /* known critical points, inside view, coordinates good to
                                  1e-9 or better (|grad f| < 1e-10 there) */
    int n_crit;
    LandscapeEvalFn eval; /* NULL for a typed function: landscape_eval runs program */
    const Dataset *data;        /* NULL for closed-form landscapes */
    LandscapeBatchFn eval_batch; /* NULL for closed-form landscapes */
    LandscapeFastFn eval_fast;   /* NULL where there is none: landscape_eval_fast uses eval */
} Landscape;

/* The registry, in LandscapeId order. landscape_at asserts 0 <= i < LANDSCAPE_COUNT. */
const Landscape *landscape_at(int i);
/* Look up by command-line id; NULL when unknown. */
const Landscape *landscape_find(const char *id);

/* The evaluation of any landscape, built-in or typed (call this, not ls->eval). The wrapper
 * of ls->eval / ls->eval_batch. landscape_eval_batch asserts that
 * ls is a data landscape, n > 0 and every idx[k] in [0, ls->data->n); the batch of all
 * indices 0..n-1 in order gives exactly (bit for bit) what landscape_eval gives. */
double landscape_eval(const Landscape *ls, double x, double y, double g[2], double h[3]);
double landscape_eval_batch(const Landscape *ls, const int *idx, int n, double x, double y,
                            double g[2], double h[3]);

/* The evaluation for pictures (the data landscapes' field): ls->eval_fast where ls has one,
 * else landscape_eval with *err = 0. g and h both given or both NULL; *err >= 0 bounds
 * |f - landscape_eval's f| (LandscapeFastFn). */
double landscape_eval_fast(const Landscape *ls, double x, double y, double g[2], double h[3],
                           double *err);

/* A hash of what ls evaluates: its identity, its program's instructions and its parameter
 * values. Caches of pictures of ls (the field) compare it to notice a new typed function or
 * a moved parameter slider. */
uint64_t landscape_fingerprint(const Landscape *ls);

/* Second-derivative test on a symmetric 2x2 Hessian (hxx, hxy, hyy): eigenvalues in
 * ascending order into eig (may be NULL) and the kind of critical point they make.
 * |eigenvalue| <= tol counts as zero (CRIT_DEGENERATE). */
CritKind landscape_classify_hessian(const double h[3], double tol, double eig[2]);

const char *landscape_crit_kind_name(CritKind kind); /* "minimum", "maximum", ... */

/* A typed function f(x, y) as plain data (copies freely): its text in the grammar of
 * expr/expr.h and its named parameters with their values and slider ranges. */
enum { LANDSCAPE_PARAM_NAME_LEN = 32 };
typedef struct {
    char name[LANDSCAPE_PARAM_NAME_LEN]; /* an identifier, not x, y, pi, e or a function */
    double value;
    double min, max;  /* the slider's range, min < max; see landscape_param_parse */
    bool has_range;   /* given as NAME=VALUE:MIN:MAX (written back that way) */
} LandscapeParam;

typedef struct {
    char text[EXPR_MAX_TEXT + 1]; /* "" when there is no typed function */
    LandscapeParam params[EXPR_MAX_PARAMS];
    int n_params;
} LandscapeTypedDesc;

/* The default view and start of a typed function (the lecturer's --view/--start or the
 * scene's view/start replace them). */
#define LANDSCAPE_TYPED_VIEW ((ViewBox){-3.0, 3.0, -3.0, 3.0})
#define LANDSCAPE_TYPED_START_X 0.5
#define LANDSCAPE_TYPED_START_Y 0.5

/* "k=10:1:100" or "a=0.5" (then the range is value -+ max(|value|, 1)) into *out. false with
 * err = what was expected. */
bool landscape_param_parse(const char *s, LandscapeParam *out, char *err, size_t len);
/* Appends (or, for a name already there, replaces) a parameter; false when full. */
bool landscape_typed_desc_add(LandscapeTypedDesc *d, const LandscapeParam *p);
/* Writes "k=10:1:100, a=0.5" (numbers %.17g): landscape_param_parse of each item gives the
 * same value, min and max bits (NAME=VALUE only where that derives the same range). */
void landscape_typed_desc_format_params(const LandscapeTypedDesc *d, char *buf, size_t len);

/* A typed function as a landscape: ls is a Landscape like the registry's (lid
 * LANDSCAPE_TYPED, id "custom", name "Custom", formula and expr the text, eval NULL, no
 * data, no listed critical points) whose program and params live here. Heap-allocated and
 * not to be copied (ls points into it). */
typedef struct {
    Landscape ls;
    ExprProgram *program;           /* owned */
    double values[EXPR_MAX_PARAMS]; /* ls.params */
    char text[EXPR_MAX_TEXT + 1];
} LandscapeTyped;

/* Compiles d (text and parameter names); NULL with err on bad text or out of memory. */
LandscapeTyped *landscape_typed_create(const LandscapeTypedDesc *d, ExprError *err);
void landscape_typed_destroy(LandscapeTyped *t); /* NULL is fine */
/* Copies the parameter values of d (same names, same order as at creation) into t. */
void landscape_typed_set_values(LandscapeTyped *t, const LandscapeTypedDesc *d);
/* Compiles d only to check it: false with err as landscape_typed_create. */
bool landscape_typed_check(const LandscapeTypedDesc *d, ExprError *err);

#endif
