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
static void glsl_float(char *buf, size_t len, double c)
{
    float f = (float)c;
    if (isnan(f)) {
        snprintf(buf, len, "expr_nan()");
    } else if (isinf(f)) {
        snprintf(buf, len, "%sexpr_inf()", f < 0.0f ? "-" : "");
    } else {
        char t[48];
        snprintf(t, sizeof t, "%.9g", (double)f);
        if (!strpbrk(t, ".e"))
            strcat(t, ".0");
        snprintf(buf, len, "(%s)", t);
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

size_t expr_emit_glsl(const ExprProgram *p, const char *fn_name, char *buf, size_t len)
{
    Out o = {buf, len, 0};
    int st[EXPR_STACK_MAX];
    int sp = -1;
    out_printf(&o, "%s", GLSL_HELPERS);
    if (p->n_params > 0)
        out_printf(&o, "uniform float u_param[%d];\n", p->n_params);
    out_printf(&o, "float %s(vec2 p)\n{\n", fn_name);
    for (int i = 0; i < p->n_code; i++) {
        const ExprInst *in = &p->code[i];
        int a = sp >= 1 ? st[sp - 1] : -1, b = sp >= 0 ? st[sp] : -1;
        char c[64];
        glsl_float(c, sizeof c, in->c);
        switch ((ExprOp)in->op) {
        case EXPR_OP_X:
            out_printf(&o, "    float t%d = p.x;\n", i);
            break;
        case EXPR_OP_Y:
            out_printf(&o, "    float t%d = p.y;\n", i);
            break;
        case EXPR_OP_CONST:
            out_printf(&o, "    float t%d = %s;\n", i, c);
            break;
        case EXPR_OP_PARAM:
            out_printf(&o, "    float t%d = u_param[%d];\n", i, (int)in->k);
            break;
        case EXPR_OP_ADD:
        case EXPR_OP_SUB:
        case EXPR_OP_MUL:
        case EXPR_OP_DIV: {
            static const char OPS[] = "+-*/";
            out_printf(&o, "    float t%d = t%d %c t%d;\n", i, a, OPS[in->op - EXPR_OP_ADD], b);
            break;
        }
        case EXPR_OP_POW:
        case EXPR_OP_POW_K:
            out_printf(&o, "    float t%d = expr_pow(t%d, t%d);\n", i, a, b);
            break;
        case EXPR_OP_ADD_C:
            out_printf(&o, "    float t%d = t%d + %s;\n", i, b, c);
            break;
        case EXPR_OP_SUB_C:
            out_printf(&o, "    float t%d = t%d - %s;\n", i, b, c);
            break;
        case EXPR_OP_RSUB_C:
            out_printf(&o, "    float t%d = %s - t%d;\n", i, c, b);
            break;
        case EXPR_OP_MUL_C:
            out_printf(&o, "    float t%d = t%d * %s;\n", i, b, c);
            break;
        case EXPR_OP_DIV_C:
            out_printf(&o, "    float t%d = t%d / %s;\n", i, b, c);
            break;
        case EXPR_OP_RDIV_C:
            out_printf(&o, "    float t%d = %s / t%d;\n", i, c, b);
            break;
        case EXPR_OP_POWI:
            glsl_powi(&o, i, b, in->k);
            break;
        case EXPR_OP_POW_C:
            out_printf(&o, "    float t%d = expr_pow(t%d, %s);\n", i, b, c);
            break;
        case EXPR_OP_NEG:
            out_printf(&o, "    float t%d = -t%d;\n", i, b);
            break;
        default:
            out_printf(&o, "    float t%d = %s(t%d);\n", i, glsl_func(in->op), b);
            break;
        }
        if (in->op <= EXPR_OP_PARAM)
            st[++sp] = i;
        else if (in->op <= EXPR_OP_POW_K)
            st[--sp] = i;
        else
            st[sp] = i;
    }
    assert(sp == 0);
    out_printf(&o, "    return t%d;\n}\n", st[0]);
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
