/* expr_internal.h - what the files of the expression module share: the scalar meaning of
 * every instruction (used by the evaluators and by constant folding, so a folded constant has
 * the bits the evaluation would give) and the names of the functions.
 */
#ifndef LOSSLENS_EXPR_INTERNAL_H
#define LOSSLENS_EXPR_INTERNAL_H

#include <math.h>

#include "expr/expr.h"

/* printf-style checking of the module's own formatting helpers (GCC and Clang). */
#if defined(__GNUC__)
#define EXPR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define EXPR_PRINTF(fmt, args)
#endif

#define EXPR_PI 3.14159265358979323846
#define EXPR_E 2.71828182845904523536

/* u^n by repeated squaring: x^2 = x*x, x^3 = x^2*x, x^4 = x^2*x^2; 1/u^|n| for n < 0. */
static inline double expr_powi(double u, int n)
{
    unsigned m = n < 0 ? (unsigned)(-(long)n) : (unsigned)n;
    double r = 1.0, b = u;
    bool first = true;
    while (m) {
        if (m & 1u) {
            r = first ? b : r * b;
            first = false;
        }
        m >>= 1u;
        if (m)
            b = b * b;
    }
    return n < 0 ? 1.0 / r : r;
}

/* The one-argument functions' names in the text, indexed by op - EXPR_OP_NEG ("-" first). */
#define EXPR_FIRST_FUNC EXPR_OP_NEG
#define EXPR_N_FUNCS (EXPR_OP_COUNT - EXPR_OP_NEG)
extern const char *const expr_func_names[EXPR_N_FUNCS];

/* Value of a one-argument instruction (NEG, the functions, the _C forms, POWI). */
double expr_apply_unary(const ExprInst *in, double a);
/* Value of a two-argument instruction (ADD .. POW_K). */
double expr_apply_binary(int op, double a, double b);

#endif
