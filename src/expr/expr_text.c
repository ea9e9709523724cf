/* expr_text.c - programs back to text: the expression grammar (for round trips and saved
 * scenes), GLSL 3.30 for the GPU field, and the caret line under an error's column.
 * All writers follow snprintf: they return the length needed and write at most len bytes.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_internal.h"

/* A growing output that counts what it could not write. */
typedef struct {
    char *buf;
    size_t len, n;
} Out;

EXPR_PRINTF(2, 3)
static void out_printf(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->n < o->len ? o->len - o->n : 0;
    int k = vsnprintf(room ? o->buf + o->n : NULL, room, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n += (size_t)k;
}

static size_t out_finish(Out *o)
{
    if (o->len)
        o->buf[o->n < o->len ? o->n : o->len - 1] = '\0';
    return o->n;
}

/* ---- the grammar ---- */

enum { PREC_SUM = 1, PREC_PRODUCT, PREC_UNARY, PREC_POWER, PREC_ATOM };

typedef struct {
    char *s; /* malloc'd, NULL after an allocation failure */
    int prec;
} Piece;

EXPR_PRINTF(2, 3)
static Piece piece_printf(int prec, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    Piece p = {malloc((size_t)k + 1), prec};
    if (p.s) {
        va_start(ap, fmt);
        vsnprintf(p.s, (size_t)k + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

/* A constant as text that parses (and folds) back to the same bits. */
static Piece piece_const(double c)
{
    if (isnan(c))
        return piece_printf(PREC_ATOM, "(0/0)");
    if (isinf(c))
        return piece_printf(c > 0 ? PREC_ATOM : PREC_UNARY, "%s(1e308*10)", c > 0 ? "" : "-");
    Piece p = piece_printf(PREC_ATOM, "%.17g", c);
    if (p.s && p.s[0] == '-')
        p.prec = PREC_UNARY;
    return p;
}

/* s of p, in parentheses when its precedence is below min. */
static const char *open_of(const Piece *p, int min)
{
    return p->prec < min ? "(" : "";
}

static const char *close_of(const Piece *p, int min)
{
    return p->prec < min ? ")" : "";
}

static Piece piece_binary(const Piece *a, int amin, const char *op, const Piece *b, int bmin,
                          int prec)
{
    if (!a->s || !b->s)
        return (Piece){NULL, prec};
    return piece_printf(prec, "%s%s%s%s%s%s%s", open_of(a, amin), a->s, close_of(a, amin), op,
                        open_of(b, bmin), b->s, close_of(b, bmin));
}

size_t expr_print(const ExprProgram *p, const char *const *param_names, char *buf, size_t len)
{
    Piece *st = calloc((size_t)p->max_stack + 1, sizeof *st);
    Out o = {buf, len, 0};
    if (!st)
        return out_finish(&o);
    int sp = -1;
    for (int i = 0; i < p->n_code; i++) {
        const ExprInst *in = &p->code[i];
        Piece r, c = {NULL, 0};
        Piece *a = sp >= 1 ? &st[sp - 1] : NULL, *b = sp >= 0 ? &st[sp] : NULL;
        int op = in->op;
        if (op >= EXPR_OP_ADD_C && op <= EXPR_OP_RDIV_C)
            c = piece_const(in->c);
        switch ((ExprOp)op) {
        case EXPR_OP_X:
        case EXPR_OP_Y:
            st[++sp] = piece_printf(PREC_ATOM, "%c", op == EXPR_OP_X ? 'x' : 'y');
            continue;
        case EXPR_OP_CONST:
            st[++sp] = piece_const(in->c);
            continue;
        case EXPR_OP_PARAM:
            st[++sp] = piece_printf(PREC_ATOM, "%s", param_names[in->k]);
            continue;
        case EXPR_OP_ADD:
        case EXPR_OP_SUB:
            r = piece_binary(a, PREC_SUM, op == EXPR_OP_ADD ? " + " : " - ", b, PREC_PRODUCT,
                             PREC_SUM);
            break;
        case EXPR_OP_MUL:
        case EXPR_OP_DIV:
            r = piece_binary(a, PREC_PRODUCT, op == EXPR_OP_MUL ? "*" : "/", b, PREC_UNARY,
                             PREC_PRODUCT);
            break;
        case EXPR_OP_POW:
        case EXPR_OP_POW_K:
            r = piece_binary(a, PREC_ATOM, "^", b, PREC_UNARY, PREC_POWER);
            break;
        case EXPR_OP_ADD_C:
            r = piece_binary(b, PREC_SUM, " + ", &c, PREC_PRODUCT, PREC_SUM);
            break;
        case EXPR_OP_SUB_C:
            r = piece_binary(b, PREC_SUM, " - ", &c, PREC_PRODUCT, PREC_SUM);
            break;
        case EXPR_OP_RSUB_C:
            r = piece_binary(&c, PREC_SUM, " - ", b, PREC_PRODUCT, PREC_SUM);
            break;
        case EXPR_OP_MUL_C:
            r = piece_binary(b, PREC_PRODUCT, "*", &c, PREC_UNARY, PREC_PRODUCT);
            break;
        case EXPR_OP_DIV_C:
            r = piece_binary(b, PREC_PRODUCT, "/", &c, PREC_UNARY, PREC_PRODUCT);
            break;
        case EXPR_OP_RDIV_C:
            r = piece_binary(&c, PREC_PRODUCT, "/", b, PREC_UNARY, PREC_PRODUCT);
            break;
        case EXPR_OP_POWI:
            c = piece_printf(in->k < 0 ? PREC_UNARY : PREC_ATOM, "%d", (int)in->k);
            r = piece_binary(b, PREC_ATOM, "^", &c, PREC_UNARY, PREC_POWER);
            break;
        case EXPR_OP_POW_C:
            c = piece_const(in->c);
            r = piece_binary(b, PREC_ATOM, "^", &c, PREC_UNARY, PREC_POWER);
            break;
        case EXPR_OP_NEG:
            r = b->s ? piece_printf(PREC_UNARY, "-%s%s%s", open_of(b, PREC_UNARY), b->s,
                                    close_of(b, PREC_UNARY))
                     : (Piece){NULL, PREC_UNARY};
            break;
        default:
            r = b->s ? piece_printf(PREC_ATOM, "%s(%s)", expr_func_names[op - EXPR_FIRST_FUNC],
                                    b->s)
                     : (Piece){NULL, PREC_ATOM};
            break;
        }
        free(c.s);
        if (op >= EXPR_OP_ADD && op <= EXPR_OP_POW_K) {
            free(a->s);
            free(b->s);
            *a = r;
            sp--;
        } else {
            free(b->s);
            *b = r;
        }
    }
    assert(sp == 0);
    if (st[0].s)
        out_printf(&o, "%s", st[0].s);
    free(st[0].s);
    free(st);
    return out_finish(&o);
}

/* ---- GLSL ---- */

static const char GLSL_HELPERS[] =
    "float expr_inf() { return uintBitsToFloat(0x7f800000u); }\n"
    "float expr_nan() { return uintBitsToFloat(0x7fc00000u); }\n"
    "float expr_log(float a) { return a > 0.0 ? log(a) : a == 0.0 ? -expr_inf() : expr_nan(); }\n"
    "float expr_sqrt(float a) { return a >= 0.0 ? sqrt(a) : expr_nan(); }\n"
    "float expr_asin(float a) { return abs(a) <= 1.0 ? asin(a) : expr_nan(); }\n"
    "float expr_acos(float a) { return abs(a) <= 1.0 ? acos(a) : expr_nan(); }\n"
    "float expr_tanh(float a)\n"
    "{\n"
    "    float e = exp(-2.0 * abs(a));\n"
    "    float t = (1.0 - e) / (1.0 + e);\n"
    "    return a < 0.0 ? -t : t;\n"
    "}\n"
    "/* pow as C has it: negative bases with integer exponents, 0^-b = inf */\n"
    "float expr_pow(float a, float b)\n"
    "{\n"
    "    if (a > 0.0) return pow(a, b);\n"
    "    if (b == 0.0) return 1.0;\n"
    "    if (a == 0.0) return b > 0.0 ? 0.0 : expr_inf();\n"
    "    if (a < 0.0 && b == floor(b)) {\n"
    "        float r = pow(-a, b);\n"
    "        return mod(b, 2.0) == 0.0 ? r : -r;\n"
    "    }\n"
    "    return expr_nan();\n"
    "}\n";

/* A float literal GLSL accepts: a decimal point or exponent, infinities as helpers. */
/* c as a GLSL literal in parentheses: float (rounded to float) or double (fp64, with the lf
 * suffix), always with a decimal point; NaN and infinities through prefix's nan()/inf()
 * helpers. */
static void glsl_literal(char *buf, size_t len, double c, bool fp64, const char *prefix)
{
    double v = fp64 ? c : (double)(float)c;
    if (isnan(v)) {
        snprintf(buf, len, "%snan()", prefix);
    } else if (isinf(v)) {
        snprintf(buf, len, "(%s%sinf())", v < 0.0 ? "-" : "", prefix);
    } else {
        char t[48];
        snprintf(t, sizeof t, fp64 ? "%.17g" : "%.9g", v);
        if (!strpbrk(t, ".e"))
            strcat(t, ".0");
        snprintf(buf, len, "(%s%s)", t, fp64 ? "lf" : "");
    }
}

/* The GLSL of a one-argument function, or NULL for the ones handled apart. */
static const char *glsl_func(int op)
{
    switch (op) {
    case EXPR_OP_ASIN:
        return "expr_asin";
    case EXPR_OP_ACOS:
        return "expr_acos";
    case EXPR_OP_TANH:
        return "expr_tanh";
    case EXPR_OP_LOG:
        return "expr_log";
    case EXPR_OP_SQRT:
        return "expr_sqrt";
    default:
        return op >= EXPR_OP_SIN ? expr_func_names[op - EXPR_FIRST_FUNC] : NULL;
    }
}

static void glsl_powi(Out *o, int t, int a, int k)
{
    unsigned m = k < 0 ? (unsigned)(-(long)k) : (unsigned)k;
    if (m == 0) {
        out_printf(o, "    float t%d = 1.0;\n", t);
        return;
    }
    /* the multiplications of expr_powi, in its order */
    out_printf(o, "    float t%d;\n    {\n        float b = t%d, r;\n", t, a);
    bool first = true;
    while (m) {
        if (m & 1u) {
            out_printf(o, "%s", first ? "        r = b;\n" : "        r = r * b;\n");
            first = false;
        }
        m >>= 1u;
        if (m)
            out_printf(o, "        b = b * b;\n");
    }
    out_printf(o, "        t%d = %sr;\n    }\n", t, k < 0 ? "1.0 / " : "");
}

/* One instruction of expr_emit_glsl: float t<i> from the operands' temporaries a, b and
 * the instruction's constant as a literal c. */
static void glsl_value_op(Out *o, const ExprInst *in, int i, int a, int b, const char *c)
{
    switch ((ExprOp)in->op) {
    case EXPR_OP_X:
        out_printf(o, "    float t%d = p.x;\n", i);
        break;
    case EXPR_OP_Y:
        out_printf(o, "    float t%d = p.y;\n", i);
        break;
    case EXPR_OP_CONST:
        out_printf(o, "    float t%d = %s;\n", i, c);
        break;
    case EXPR_OP_PARAM:
        out_printf(o, "    float t%d = u_param[%d];\n", i, (int)in->k);
        break;
    case EXPR_OP_ADD:
    case EXPR_OP_SUB:
    case EXPR_OP_MUL:
    case EXPR_OP_DIV: {
        static const char OPS[] = "+-*/";
        out_printf(o, "    float t%d = t%d %c t%d;\n", i, a, OPS[in->op - EXPR_OP_ADD], b);
        break;
    }
    case EXPR_OP_POW:
    case EXPR_OP_POW_K:
        out_printf(o, "    float t%d = expr_pow(t%d, t%d);\n", i, a, b);
        break;
    case EXPR_OP_ADD_C:
        out_printf(o, "    float t%d = t%d + %s;\n", i, b, c);
        break;
    case EXPR_OP_SUB_C:
        out_printf(o, "    float t%d = t%d - %s;\n", i, b, c);
        break;
    case EXPR_OP_RSUB_C:
        out_printf(o, "    float t%d = %s - t%d;\n", i, c, b);
        break;
    case EXPR_OP_MUL_C:
        out_printf(o, "    float t%d = t%d * %s;\n", i, b, c);
        break;
    case EXPR_OP_DIV_C:
        out_printf(o, "    float t%d = t%d / %s;\n", i, b, c);
        break;
    case EXPR_OP_RDIV_C:
        out_printf(o, "    float t%d = %s / t%d;\n", i, c, b);
        break;
    case EXPR_OP_POWI:
        glsl_powi(o, i, b, in->k);
        break;
    case EXPR_OP_POW_C:
        out_printf(o, "    float t%d = expr_pow(t%d, %s);\n", i, b, c);
        break;
    case EXPR_OP_NEG:
        out_printf(o, "    float t%d = -t%d;\n", i, b);
        break;
    default:
        out_printf(o, "    float t%d = %s(t%d);\n", i, glsl_func(in->op), b);
        break;
    }
}

/* The walk both emitters share: the stack of temporaries, one statement (or block) per
 * instruction through op, then the return; the constants as literals of the precision
 * (fp64: double) and the NaN/infinity helpers of prefix. */
typedef void (*GlslOp)(Out *o, const ExprInst *in, int i, int a, int b, const char *c);

static void glsl_body(Out *o, const ExprProgram *p, bool fp64, const char *prefix, GlslOp op)
{
    int st[EXPR_STACK_MAX];
    int sp = -1;
    for (int i = 0; i < p->n_code; i++) {
        const ExprInst *in = &p->code[i];
        int a = sp >= 1 ? st[sp - 1] : -1, b = sp >= 0 ? st[sp] : -1;
        char c[64];
        glsl_literal(c, sizeof c, in->c, fp64, prefix);
        op(o, in, i, a, b, c);
        if (in->op <= EXPR_OP_PARAM)
            st[++sp] = i;
        else if (in->op <= EXPR_OP_POW_K)
            st[--sp] = i;
        else
            st[sp] = i;
    }
    assert(sp == 0);
    out_printf(o, "    return t%d;\n}\n", st[0]);
}

size_t expr_emit_glsl(const ExprProgram *p, const char *fn_name, char *buf, size_t len)
{
    Out o = {buf, len, 0};
    out_printf(&o, "%s", GLSL_HELPERS);
    if (p->n_params > 0)
        out_printf(&o, "uniform float u_param[%d];\n", p->n_params);
    out_printf(&o, "float %s(vec2 p)\n{\n", fn_name);
    glsl_body(&o, p, false, "expr_", glsl_value_op);
    return out_finish(&o);
}

/* ---- GLSL with the gradient: forward-mode dual numbers ---- */

/* The helpers of expr_emit_glsl_grad in the precision it names EXPR_R (float or double, the
 * emitter defines it first, with exprg_sin_poly and exprg_exp_poly). sin, cos and exp are
 * series in EXPR_R after a reduction of the argument (to [-pi/2, pi/2], to |r| <= ln 2 / 2):
 * Rastrigin's and the wells' gradients need double's precision to reach |g| < 1e-6. The
 * other transcendental functions GLSL has only in float take float arguments. */
static const char GLSL_GRAD_HELPERS[] =
    "EXPR_R exprg_inf() { return EXPR_R(uintBitsToFloat(0x7f800000u)); }\n"
    "EXPR_R exprg_nan() { return EXPR_R(uintBitsToFloat(0x7fc00000u)); }\n"
    "EXPR_R exprg_log(EXPR_R a)\n"
    "{\n"
    "    return a > EXPR_R(0.0) ? EXPR_R(log(float(a)))\n"
    "                           : a == EXPR_R(0.0) ? -exprg_inf() : exprg_nan();\n"
    "}\n"
    "EXPR_R exprg_sqrt(EXPR_R a) { return a >= EXPR_R(0.0) ? sqrt(a) : exprg_nan(); }\n"
    "EXPR_R exprg_sin(EXPR_R u)\n"
    "{\n"
    "    if (isnan(u) || isinf(u)) return exprg_nan();\n"
    "    EXPR_R t = u - EXPR_TWO_PI * floor(u / EXPR_TWO_PI + EXPR_R(0.5));\n"
    "    t = t > EXPR_HALF_PI ? EXPR_PI - t : t < -EXPR_HALF_PI ? -EXPR_PI - t : t;\n"
    "    return exprg_sin_poly(t);\n"
    "}\n"
    "/* exp(u) = 2^k exp(r), |r| <= ln 2 / 2: the series in EXPR_R, 2^k by float factors */\n"
    "EXPR_R exprg_exp(EXPR_R u)\n"
    "{\n"
    "    if (isnan(u)) return u;\n"
    "    if (u > EXPR_R(709.8)) return exprg_inf();\n"
    "    if (u < EXPR_R(-745.2)) return EXPR_R(0.0);\n"
    "    EXPR_R kf = floor(u / EXPR_LN2 + EXPR_R(0.5));\n"
    "    EXPR_R r = exprg_exp_poly(u - kf * EXPR_LN2);\n"
    "    int k = int(kf);\n"
    "    for (; k > 120; k -= 120) r *= EXPR_R(exp2(120.0));\n"
    "    for (; k < -120; k += 120) r *= EXPR_R(exp2(-120.0));\n"
    "    return r * EXPR_R(exp2(float(k)));\n"
    "}\n"
    "EXPR_R exprg_cos(EXPR_R u) { return exprg_sin(u + EXPR_HALF_PI); }\n"
    "EXPR_R exprg_f(float v) { return EXPR_R(v); }\n"
    "EXPR_R exprg_tanh(EXPR_R a)\n"
    "{\n"
    "    float e = exp(-2.0 * abs(float(a)));\n"
    "    float t = (1.0 - e) / (1.0 + e);\n"
    "    return EXPR_R(a < EXPR_R(0.0) ? -t : t);\n"
    "}\n"
    "/* pow as C has it: negative bases with integer exponents, 0^-b = inf */\n"
    "EXPR_R exprg_pow(EXPR_R a, EXPR_R b)\n"
    "{\n"
    "    if (a > EXPR_R(0.0)) return EXPR_R(pow(float(a), float(b)));\n"
    "    if (b == EXPR_R(0.0)) return EXPR_R(1.0);\n"
    "    if (a == EXPR_R(0.0)) return b > EXPR_R(0.0) ? EXPR_R(0.0) : exprg_inf();\n"
    "    if (a < EXPR_R(0.0) && b == floor(b)) {\n"
    "        EXPR_R r = EXPR_R(pow(float(-a), float(b)));\n"
    "        return mod(b, EXPR_R(2.0)) == EXPR_R(0.0) ? r : -r;\n"
    "    }\n"
    "    return exprg_nan();\n"
    "}\n"
    "/* u^n by repeated squaring, in expr_powi's order */\n"
    "EXPR_R exprg_powi(EXPR_R u, int n)\n"
    "{\n"
    "    uint m = uint(n < 0 ? -n : n);\n"
    "    EXPR_R r = EXPR_R(1.0), b = u;\n"
    "    bool first = true;\n"
    "    while (m != 0u) {\n"
    "        if ((m & 1u) != 0u) {\n"
    "            r = first ? b : r * b;\n"
    "            first = false;\n"
    "        }\n"
    "        m >>= 1u;\n"
    "        if (m != 0u) b = b * b;\n"
    "    }\n"
    "    return n < 0 ? EXPR_R(1.0) / r : r;\n"
    "}\n";


/* exprg_sin_poly(t) = sin t for |t| <= pi/2 (Taylor to t^23: the next term is below 1e-20)
 * and exprg_exp_poly(r) = exp r for |r| <= ln 2 / 2 (to r^14), by Horner, coefficients in
 * the emitter's precision. */
static void glsl_series(Out *o, bool fp64)
{
    enum { SIN_TERMS = 12, EXP_TERMS = 15 };
    char c[64];
    out_printf(o, "EXPR_R exprg_sin_poly(EXPR_R t)\n{\n    EXPR_R t2 = t * t, s = ");
    double f = 1.0; /* (2n + 1)! */
    double coef[SIN_TERMS];
    for (int n = 0; n < SIN_TERMS; n++) {
        if (n > 0)
            f *= (2.0 * n) * (2.0 * n + 1.0);
        coef[n] = (n % 2 ? -1.0 : 1.0) / f;
    }
    glsl_literal(c, sizeof c, coef[SIN_TERMS - 1], fp64, "exprg_");
    out_printf(o, "%s;\n", c);
    for (int n = SIN_TERMS - 2; n >= 0; n--) {
        glsl_literal(c, sizeof c, coef[n], fp64, "exprg_");
        out_printf(o, "    s = s * t2 + %s;\n", c);
    }
    out_printf(o, "    return s * t;\n}\n");
    out_printf(o, "EXPR_R exprg_exp_poly(EXPR_R r)\n{\n    EXPR_R s = ");
    double e[EXP_TERMS];
    f = 1.0;
    for (int n = 0; n < EXP_TERMS; n++) {
        f *= n > 0 ? n : 1.0;
        e[n] = 1.0 / f;
    }
    glsl_literal(c, sizeof c, e[EXP_TERMS - 1], fp64, "exprg_");
    out_printf(o, "%s;\n", c);
    for (int n = EXP_TERMS - 2; n >= 0; n--) {
        glsl_literal(c, sizeof c, e[n], fp64, "exprg_");
        out_printf(o, "    s = s * r + %s;\n", c);
    }
    out_printf(o, "    return s;\n}\n");
}

/* f(u) and f'(u) of a one-argument function as GLSL text over the value `u` (a name). */
static void glsl_grad_unary(Out *o, int t, int b, int op)
{
    const char *f0, *f1;
    switch (op) {
    case EXPR_OP_SIN: f0 = "exprg_sin(u)", f1 = "exprg_cos(u)"; break;
    case EXPR_OP_COS: f0 = "exprg_cos(u)", f1 = "-exprg_sin(u)"; break;
    case EXPR_OP_TAN: f0 = "exprg_f(tan(float(u)))", f1 = "EXPR_R(1.0) + v * v"; break;
    case EXPR_OP_ASIN:
        f0 = "exprg_f(abs(float(u)) <= 1.0 ? asin(float(u)) : float(exprg_nan()))";
        f1 = "EXPR_R(1.0) / sqrt(EXPR_R(1.0) - u * u)";
        break;
    case EXPR_OP_ACOS:
        f0 = "exprg_f(abs(float(u)) <= 1.0 ? acos(float(u)) : float(exprg_nan()))";
        f1 = "-EXPR_R(1.0) / sqrt(EXPR_R(1.0) - u * u)";
        break;
    case EXPR_OP_ATAN:
        f0 = "exprg_f(atan(float(u)))", f1 = "EXPR_R(1.0) / (EXPR_R(1.0) + u * u)";
        break;
    case EXPR_OP_SINH: f0 = "exprg_f(sinh(float(u)))", f1 = "exprg_f(cosh(float(u)))"; break;
    case EXPR_OP_COSH: f0 = "exprg_f(cosh(float(u)))", f1 = "exprg_f(sinh(float(u)))"; break;
    case EXPR_OP_TANH: f0 = "exprg_tanh(u)", f1 = "EXPR_R(1.0) - v * v"; break;
    case EXPR_OP_EXP: f0 = "exprg_exp(u)", f1 = "v"; break;
    case EXPR_OP_LOG: f0 = "exprg_log(u)", f1 = "EXPR_R(1.0) / u"; break;
    case EXPR_OP_SQRT: f0 = "exprg_sqrt(u)", f1 = "EXPR_R(0.5) / v"; break;
    case EXPR_OP_ABS:
        f0 = "abs(u)";
        f1 = "u > EXPR_R(0.0) ? EXPR_R(1.0) : u < EXPR_R(0.0) ? EXPR_R(-1.0) : EXPR_R(0.0)";
        break;
    default: assert(0 && "not a function"); f0 = f1 = "exprg_nan()"; break;
    }
    out_printf(o, "    EXPR_R3 t%d;\n    {\n        EXPR_R u = t%d.x, v = %s;\n"
                  "        t%d = EXPR_R3(v, (%s) * t%d.yz);\n    }\n", t, b, f0, t, f1, b);
}

/* One instruction of expr_emit_glsl_grad: EXPR_R3 t<i> (value, d/dx, d/dy) from the
 * operands' temporaries a, b and the instruction's constant as a literal c. */
static void glsl_grad_op(Out *o, const ExprInst *in, int i, int a, int b, const char *c)
{
    switch ((ExprOp)in->op) {
    case EXPR_OP_X:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(p.x, 1.0, 0.0);\n", i);
        break;
    case EXPR_OP_Y:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(p.y, 0.0, 1.0);\n", i);
        break;
    case EXPR_OP_CONST:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(%s, 0.0, 0.0);\n", i, c);
        break;
    case EXPR_OP_PARAM:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(u_param[%d], 0.0, 0.0);\n", i, (int)in->k);
        break;
    case EXPR_OP_ADD:
    case EXPR_OP_SUB:
        out_printf(o, "    EXPR_R3 t%d = t%d %c t%d;\n", i, a,
                   in->op == EXPR_OP_ADD ? '+' : '-', b);
        break;
    case EXPR_OP_MUL:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(t%d.x * t%d.x, t%d.x * t%d.yz + t%d.x * "
                       "t%d.yz);\n", i, a, b, a, b, b, a);
        break;
    case EXPR_OP_DIV:
        out_printf(o, "    EXPR_R3 t%d;\n    {\n        EXPR_R v = t%d.x / t%d.x;\n"
                       "        t%d = EXPR_R3(v, (t%d.yz - v * t%d.yz) / t%d.x);\n    }\n",
                   i, a, b, i, a, b, b);
        break;
    case EXPR_OP_POW_K:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(exprg_pow(t%d.x, t%d.x), t%d.x * "
                       "exprg_pow(t%d.x, t%d.x - EXPR_R(1.0)) * t%d.yz);\n",
                   i, a, b, b, a, b, a);
        break;
    case EXPR_OP_POW:
        out_printf(o, "    EXPR_R3 t%d;\n    {\n        EXPR_R v = exprg_pow(t%d.x, t%d.x);\n"
                       "        t%d = EXPR_R3(v, v * ((t%d.x / t%d.x) * t%d.yz + "
                       "exprg_log(t%d.x) * t%d.yz));\n    }\n",
                   i, a, b, i, b, a, a, a, b);
        break;
    case EXPR_OP_ADD_C:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(t%d.x + %s, t%d.yz);\n", i, b, c, b);
        break;
    case EXPR_OP_SUB_C:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(t%d.x - %s, t%d.yz);\n", i, b, c, b);
        break;
    case EXPR_OP_RSUB_C:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(%s - t%d.x, -t%d.yz);\n", i, c, b, b);
        break;
    case EXPR_OP_MUL_C:
        out_printf(o, "    EXPR_R3 t%d = t%d * %s;\n", i, b, c);
        break;
    case EXPR_OP_DIV_C:
        out_printf(o, "    EXPR_R3 t%d = t%d / %s;\n", i, b, c);
        break;
    case EXPR_OP_RDIV_C:
        out_printf(o, "    EXPR_R3 t%d;\n    {\n        EXPR_R v = %s / t%d.x;\n"
                       "        t%d = EXPR_R3(v, (-v / t%d.x) * t%d.yz);\n    }\n",
                   i, c, b, i, b, b);
        break;
    case EXPR_OP_POWI:
        if (in->k == 2) {
            out_printf(o, "    EXPR_R3 t%d = EXPR_R3(t%d.x * t%d.x, (EXPR_R(2.0) * t%d.x) "
                           "* t%d.yz);\n", i, b, b, b, b);
        } else {
            /* f' = (n u) u^(n-2) for n >= 2, as expr_eval's */
            out_printf(o, "    EXPR_R3 t%d = EXPR_R3(exprg_powi(t%d.x, %d), ", i, b,
                       (int)in->k);
            if (in->k >= 2)
                out_printf(o, "(EXPR_R(%d.0) * t%d.x) * exprg_powi(t%d.x, %d)", (int)in->k,
                           b, b, (int)in->k - 2);
            else
                out_printf(o, "EXPR_R(%d.0) * exprg_powi(t%d.x, %d)", (int)in->k, b,
                           (int)in->k - 1);
            out_printf(o, " * t%d.yz);\n", b);
        }
        break;
    case EXPR_OP_POW_C:
        out_printf(o, "    EXPR_R3 t%d = EXPR_R3(exprg_pow(t%d.x, %s), %s * exprg_pow(t%d.x, "
                       "%s - EXPR_R(1.0)) * t%d.yz);\n", i, b, c, c, b, c, b);
        break;
    case EXPR_OP_NEG:
        out_printf(o, "    EXPR_R3 t%d = -t%d;\n", i, b);
        break;
    default:
        glsl_grad_unary(o, i, b, in->op);
        break;
    }
}

size_t expr_emit_glsl_grad(const ExprProgram *p, const char *fn_name, bool fp64, char *buf,
                           size_t len)
{
    Out o = {buf, len, 0};
    char pi[64], half[64], two[64];
    glsl_literal(pi, sizeof pi, EXPR_PI, fp64, "exprg_");
    glsl_literal(half, sizeof half, EXPR_PI / 2.0, fp64, "exprg_");
    glsl_literal(two, sizeof two, 2.0 * EXPR_PI, fp64, "exprg_");
    out_printf(&o, "#define EXPR_R %s\n#define EXPR_R2 %s\n#define EXPR_R3 %s\n",
               fp64 ? "double" : "float", fp64 ? "dvec2" : "vec2", fp64 ? "dvec3" : "vec3");
    out_printf(&o, "#define EXPR_PI %s\n#define EXPR_HALF_PI %s\n#define EXPR_TWO_PI %s\n", pi,
               half, two);
    char ln2[64];
    glsl_literal(ln2, sizeof ln2, 0.69314718055994530942, fp64, "exprg_");
    out_printf(&o, "#define EXPR_LN2 %s\n", ln2);
    glsl_series(&o, fp64);
    out_printf(&o, "%s", GLSL_GRAD_HELPERS);
    if (p->n_params > 0)
        out_printf(&o, "uniform EXPR_R u_param[%d];\n", p->n_params);
    out_printf(&o, "EXPR_R3 %s(EXPR_R2 p)\n{\n", fn_name);
    glsl_body(&o, p, fp64, "exprg_", glsl_grad_op);
    return out_finish(&o);
}

/* ---- error display ---- */

#define CARET_WINDOW 200

size_t expr_format_caret(const char *text, const ExprError *err, int indent, char *buf,
                         size_t len)
{
    Out o = {buf, len, 0};
    size_t n = strlen(text);
    size_t col = err->column > 0 ? (size_t)err->column - 1 : 0; /* byte offset */
    size_t from = 0, to = n;
    if (n > CARET_WINDOW) {
        from = col > CARET_WINDOW / 2 ? col - CARET_WINDOW / 2 : 0;
        to = from + CARET_WINDOW < n ? from + CARET_WINDOW : n;
        while (from > 0 && ((unsigned char)text[from] & 0xc0) == 0x80)
            from--; /* whole UTF-8 characters */
        while (to < n && ((unsigned char)text[to] & 0xc0) == 0x80)
            to++;
    }
    out_printf(&o, "%*s%s", indent, "", from > 0 ? "..." : "");
    int before = from > 0 ? 3 : 0; /* characters in front of the column */
    for (size_t i = from; i < to; i++) {
        unsigned char ch = (unsigned char)text[i];
        bool cont = (ch & 0xc0) == 0x80;
        out_printf(&o, "%c", ch < 0x20 || ch == 0x7f ? (ch == '\t' ? ' ' : '?') : (char)ch);
        if (i < col && !cont)
            before++;
    }
    out_printf(&o, "%s\n", to < n ? "..." : "");
    if (err->column > 0)
        out_printf(&o, "%*s%*s^\n", indent, "", before, "");
    return out_finish(&o);
}
