/* expr.h - typed functions f(x, y): parsed, compiled to a flat program, evaluated with exact
 * derivatives, printed back as text and emitted as GLSL. libc only; never prints.
 *
 * Grammar (whitespace between tokens is ignored):
 *   sum     := product (('+' | '-') product)*           left-associative
 *   product := unary (('*' | '/') unary)*               left-associative
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ['^' unary]                      right-associative, binds tighter than
 *                                                       unary minus: -x^2 = -(x^2), 2^-x = 2^(-x)
 *   primary := NUMBER | NAME | FUNC '(' sum ')' | 'pow' '(' sum ',' sum ')' | '(' sum ')'
 * NUMBER: 3, 1.5, .5, 2e-3 (decimal only). NAME: x, y, a parameter declared by the caller, or
 * the constants pi and e. FUNC: sin cos tan asin acos atan sinh cosh tanh exp log sqrt abs (log
 * is natural). There is no implicit multiplication: 2x is an error that says to write 2*x.
 */
#ifndef LOSSLENS_EXPR_H
#define LOSSLENS_EXPR_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXPR_MAX_TEXT 4096  /* bytes of text accepted */
#define EXPR_MAX_DEPTH 64   /* nesting of parentheses, unary signs, function calls and '^' */
#define EXPR_MAX_PARAMS 32  /* named parameters per expression */
#define EXPR_STACK_MAX 256  /* deepest evaluation stack a program can need (depth bound) */
#define EXPR_POWI_MAX 64    /* x^n with integer |n| <= this becomes multiplications */

/* The instructions of a program: postfix, on a stack of values. The _C forms take their
 * constant operand from the instruction (c), so constants cost no stack slot and multiply no
 * infinite value by a zero derivative. */
typedef enum {
    EXPR_OP_X,      /* push x */
    EXPR_OP_Y,      /* push y */
    EXPR_OP_CONST,  /* push c */
    EXPR_OP_PARAM,  /* push params[k] */
    EXPR_OP_ADD,    /* a b -> a + b */
    EXPR_OP_SUB,    /* a b -> a - b */
    EXPR_OP_MUL,    /* a b -> a * b */
    EXPR_OP_DIV,    /* a b -> a / b */
    EXPR_OP_POW,    /* a b -> pow(a, b), b depends on x or y */
    EXPR_OP_POW_K,  /* a b -> pow(a, b), b does not depend on x, y (power rule) */
    EXPR_OP_ADD_C,  /* a -> a + c */
    EXPR_OP_SUB_C,  /* a -> a - c */
    EXPR_OP_RSUB_C, /* a -> c - a */
    EXPR_OP_MUL_C,  /* a -> a * c */
    EXPR_OP_DIV_C,  /* a -> a / c */
    EXPR_OP_RDIV_C, /* a -> c / a */
    EXPR_OP_POWI,   /* a -> a^k by multiplications (exact sign for negative a), |k| <= POWI_MAX */
    EXPR_OP_POW_C,  /* a -> pow(a, c), c not such an integer */
    EXPR_OP_NEG,
    EXPR_OP_SIN,
    EXPR_OP_COS,
    EXPR_OP_TAN,
    EXPR_OP_ASIN,
    EXPR_OP_ACOS,
    EXPR_OP_ATAN,
    EXPR_OP_SINH,
    EXPR_OP_COSH,
    EXPR_OP_TANH,
    EXPR_OP_EXP,
    EXPR_OP_LOG,
    EXPR_OP_SQRT,
    EXPR_OP_ABS,
    EXPR_OP_COUNT
} ExprOp;

typedef struct {
    int32_t op; /* ExprOp */
    int32_t k;  /* EXPR_OP_PARAM: parameter index; EXPR_OP_POWI: the exponent */
    double c;   /* EXPR_OP_CONST and the _C forms: the constant */
} ExprInst;

/* A compiled function. Read-only once built; made by expr_compile (free with expr_free) or
 * written out as static const data by a generator (then code points to a static array).
 * Parameters are bound by index at evaluation time, so changing one never recompiles. */
typedef struct {
    const ExprInst *code;
    int n_code;    /* >= 1 */
    int max_stack; /* deepest stack the code reaches, <= EXPR_STACK_MAX */
    int n_params;  /* the params array passed to the evaluators has this many entries */
} ExprProgram;

typedef struct {
    const char *text;               /* UTF-8, NUL-terminated */
    const char *const *param_names; /* n_params identifiers, none a variable, constant or
                                       function name; NULL when n_params == 0 */
    int n_params;
} ExprDesc;

/* Why text did not compile. column: 1-based byte column the message points at (0: the text
 * as a whole). message: "column 7: expected ')' to close the '(' at column 4" (the column
 * prefix is part of it when column > 0). */
typedef struct {
    int column;
    char message[320];
} ExprError;

/* Parses and compiles desc->text. On success *out receives a program the caller frees with
 * expr_free and err is untouched; on failure returns false, *out = NULL and err says why. Bad
 * text is never a programming error; bad param_names are reported the same way (column 0). */
bool expr_compile(const ExprDesc *desc, ExprProgram **out, ExprError *err);
void expr_free(ExprProgram *p); /* NULL is fine */

/* Two programs are the same: same instructions and constants (any NaN equals any NaN). */
bool expr_program_equal(const ExprProgram *a, const ExprProgram *b);

/* Evaluation in double. params: p->n_params values (may be NULL when there are none). Where f
 * is undefined (log or sqrt of a negative, 0/0, overflow) the value is NaN or +-inf, and so
 * may the derivatives be: check with expr_value_defined. The gradient g = (fx, fy) and the
 * Hessian h = (fxx, fxy, fyy) are exact up to rounding (forward-mode automatic
 * differentiation with hyper-dual numbers), never finite differences. */
double expr_eval(const ExprProgram *p, const double *params, double x, double y);
double expr_eval_grad(const ExprProgram *p, const double *params, double x, double y,
                      double g[2]);
double expr_eval_hess(const ExprProgram *p, const double *params, double x, double y,
                      double g[2], double h[3]);
/* expr_eval_grad on n points at once (basin maps): f[i], gx[i], gy[i] receive exactly the
 * bits expr_eval_grad gives at (x[i], y[i]) (the same arithmetic, term for term, one
 * instruction at a time over all points). work: expr_lanes_work(p, n) doubles of scratch. */
size_t expr_lanes_work(const ExprProgram *p, int n);
void expr_eval_grad_lanes(const ExprProgram *p, const double *params, int n, const double *x,
                          const double *y, double *f, double *gx, double *gy, double *work);
/* The landscape contract: g and h each filled when not NULL (the cheapest evaluator that
 * serves them). */
double expr_eval_full(const ExprProgram *p, const double *params, double x, double y,
                      double g[2], double h[3]);

static inline bool expr_value_defined(double f)
{
    return isfinite(f);
}

/* Text of p in the grammar above that compiles (with the same param_names) to a program equal
 * to p: parentheses only where needed, constants with 17 significant digits. Returns the
 * length the whole text needs (excluding the NUL), like snprintf; writes at most len bytes. */
size_t expr_print(const ExprProgram *p, const char *const *param_names, char *buf, size_t len);

/* GLSL 3.30 for p: helper functions (prefixed expr_), then
 *     float FN_NAME(vec2 p)
 * that evaluates the same function in float (x = p.x, y = p.y). Parameters are uniforms, one
 * array: `uniform float u_param[N];` declared in the text when N > 0, so u_param[i] holds
 * params[i] and a slider updates it with glUniform1f without recompiling. Constants are
 * printed with a decimal point or exponent; integer powers become multiplications; log, sqrt,
 * asin, acos and pow give NaN where C does, tanh never overflows. Returns the length needed
 * (excluding the NUL), like snprintf; writes at most len bytes. */
size_t expr_emit_glsl(const ExprProgram *p, const char *fn_name, char *buf, size_t len);

/* GLSL 3.30 for p with its gradient (the basin map's shader): helper functions (prefixed
 * exprg_), then
 *     EXPR_R3 FN_NAME(EXPR_R2 p)
 * returning (f, df/dx, df/dy) by forward-mode dual numbers, the chain rules of
 * expr_eval_grad. EXPR_R is `double` when fp64 (the text then needs
 * GL_ARB_gpu_shader_fp64 or GLSL 4.00; constants are double literals), else `float`; the
 * text #defines EXPR_R, EXPR_R2, EXPR_R3. +, -, *, /, integer powers and sqrt are done in
 * EXPR_R; the other functions, which GLSL has only in float, in float (sin and cos after a
 * reduction of their argument in EXPR_R, so they keep float's relative precision).
 * Parameters: `uniform EXPR_R u_param[N];` when N > 0. Returns the length needed (excluding
 * the NUL), like snprintf; writes at most len bytes. */
size_t expr_emit_glsl_grad(const ExprProgram *p, const char *fn_name, bool fp64, char *buf,
                           size_t len);

/* For showing an error: two lines, "  TEXT\n  ^" with the caret under err->column (counted in
 * characters, not bytes), each line indented by indent spaces. Non-printable bytes of the
 * text are shown as '?', text past 200 characters is cut around the column with "...".
 * Returns the length needed, like snprintf. Without a column, only the text line. */
size_t expr_format_caret(const char *text, const ExprError *err, int indent, char *buf,
                         size_t len);

#endif
