/* expr_parse.c - text to program: a recursive-descent parser that emits postfix code as it
 * goes, folds constant subexpressions (with the evaluators' own arithmetic, so the bits are
 * the same), fuses constant operands into the _C instructions and turns integer powers into
 * multiplications. Errors carry the 1-based column and what was expected.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_internal.h"

static const char *const FUNC_LIST = "sin cos tan asin acos atan sinh cosh tanh exp log sqrt "
                                     "abs pow";

typedef struct {
    const char *text;
    size_t pos;
    const ExprDesc *desc;
    ExprInst *code;
    int n, cap;
    int depth;
    bool failed;
    ExprError *err;
    char num[EXPR_MAX_TEXT + 1];
} Parser;

/* An operand on the stack: its code is code[start .. n) of the moment it was finished;
 * varying: it depends on x or y. */
typedef struct {
    int start;
    bool varying;
} Operand;

EXPR_PRINTF(3, 4)
static void set_error(ExprError *err, int column, const char *fmt, ...)
{
    int k = 0;
    if (column > 0)
        k = snprintf(err->message, sizeof err->message, "column %d: ", column);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message + k, sizeof err->message - (size_t)k, fmt, ap);
    va_end(ap);
    err->column = column;
}

EXPR_PRINTF(3, 4)
static bool fail(Parser *ps, size_t at, const char *fmt, ...)
{
    if (ps->failed)
        return false;
    ps->failed = true;
    int k = snprintf(ps->err->message, sizeof ps->err->message, "column %d: ", (int)at + 1);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->message + k, sizeof ps->err->message - (size_t)k, fmt, ap);
    va_end(ap);
    ps->err->column = (int)at + 1;
    return false;
}

static void skip_space(Parser *ps)
{
    while (ps->text[ps->pos] == ' ' || ps->text[ps->pos] == '\t' || ps->text[ps->pos] == '\n'
           || ps->text[ps->pos] == '\r')
        ps->pos++;
}

static char peek(Parser *ps)
{
    skip_space(ps);
    return ps->text[ps->pos];
}

static bool is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* What the token at ps->pos is, for "found ..." in messages. */
static void describe_here(Parser *ps, char *buf, size_t len)
{
    const char *s = ps->text + ps->pos;
    if (!*s) {
        snprintf(buf, len, "the end of the text");
    } else if (is_name_start(*s)) {
        int n = 0;
        while (is_name_char(s[n]) && n < 40)
            n++;
        snprintf(buf, len, "'%.*s'", n, s);
    } else if (isdigit((unsigned char)*s) || *s == '.') {
        int n = 0;
        while ((isalnum((unsigned char)s[n]) || s[n] == '.') && n < 40)
            n++;
        snprintf(buf, len, "the number %.*s", n, s);
    } else if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f) {
        snprintf(buf, len, "a character that is not part of the grammar");
    } else {
        snprintf(buf, len, "'%c'", *s);
    }
}

static void emit(Parser *ps, ExprInst in)
{
    assert(ps->n < ps->cap); /* at most one instruction per token, cap > number of bytes */
    ps->code[ps->n++] = in;
}

static bool is_single_const(const Parser *ps, int start, int end)
{
    return end - start == 1 && ps->code[start].op == EXPR_OP_CONST;
}

/* Applies a one-argument instruction to the operand on top (folding a constant). */
static void emit_unary(Parser *ps, Operand *a, ExprInst in)
{
    if (is_single_const(ps, a->start, ps->n)) {
        ExprInst *c = &ps->code[ps->n - 1];
        c->c = expr_apply_unary(&in, c->c);
        return;
    }
    emit(ps, in);
}

static bool is_small_int(double c)
{
    return c == floor(c) && fabs(c) <= EXPR_POWI_MAX;
}

/* The instruction for op with the constant c as the right operand. */
static ExprInst const_right(int op, double c)
{
    switch (op) {
    case EXPR_OP_ADD:
        return (ExprInst){.op = EXPR_OP_ADD_C, .c = c};
    case EXPR_OP_SUB:
        return (ExprInst){.op = EXPR_OP_SUB_C, .c = c};
    case EXPR_OP_MUL:
        return (ExprInst){.op = EXPR_OP_MUL_C, .c = c};
    case EXPR_OP_DIV:
        return (ExprInst){.op = EXPR_OP_DIV_C, .c = c};
    default:
        if (is_small_int(c))
            return (ExprInst){.op = EXPR_OP_POWI, .k = (int32_t)c};
        return (ExprInst){.op = EXPR_OP_POW_C, .c = c};
    }
}

/* Combines the operands a (below) and b (on top) with op (ADD .. POW); a becomes the result. */
static void emit_binary(Parser *ps, Operand *a, const Operand *b, int op)
{
    bool ca = is_single_const(ps, a->start, b->start), cb = is_single_const(ps, b->start, ps->n);
    if (ca && cb) {
        double v = expr_apply_binary(op, ps->code[a->start].c, ps->code[b->start].c);
        ps->n = a->start;
        emit(ps, (ExprInst){.op = EXPR_OP_CONST, .c = v});
    } else if (cb) {
        double c = ps->code[--ps->n].c;
        emit(ps, const_right(op, c));
    } else if (ca && op != EXPR_OP_POW) {
        /* c op b: drop the constant in front of b's code, then one _C instruction (a + b and
         * a * b are exactly b + a and b * a in IEEE arithmetic) */
        double c = ps->code[a->start].c;
        memmove(&ps->code[a->start], &ps->code[b->start],
                (size_t)(ps->n - b->start) * sizeof ps->code[0]);
        ps->n--;
        static const int RIGHT[] = {[EXPR_OP_ADD] = EXPR_OP_ADD_C, [EXPR_OP_SUB] = EXPR_OP_RSUB_C,
                                    [EXPR_OP_MUL] = EXPR_OP_MUL_C, [EXPR_OP_DIV] = EXPR_OP_RDIV_C};
        emit(ps, (ExprInst){.op = RIGHT[op], .c = c});
    } else if (op == EXPR_OP_POW) {
        emit(ps, (ExprInst){.op = b->varying ? EXPR_OP_POW : EXPR_OP_POW_K});
    } else {
        emit(ps, (ExprInst){.op = op});
    }
    a->varying = a->varying || b->varying;
}

static bool parse_sum(Parser *ps, Operand *out);
static bool parse_unary(Parser *ps, Operand *out);

static bool expect_close(Parser *ps, size_t open_at, const char *what)
{
    if (peek(ps) == ')') {
        ps->pos++;
        return true;
    }
    char found[64];
    describe_here(ps, found, sizeof found);
    return fail(ps, ps->pos, "expected ')' to close the '(' at column %d%s, found %s",
                (int)open_at + 1, what, found);
}

static int find_function(const char *s, size_t n)
{
    for (int i = 1; i < EXPR_N_FUNCS; i++) /* entry 0 is NEG */
        if (strlen(expr_func_names[i]) == n && memcmp(expr_func_names[i], s, n) == 0)
            return EXPR_FIRST_FUNC + i;
    if (n == 3 && memcmp(s, "pow", 3) == 0)
        return EXPR_OP_POW;
    return -1;
}

/* "unknown name 'z': the variables are x and y; parameters: k, a" */
static bool fail_unknown(Parser *ps, size_t at, const char *s, size_t n)
{
    char list[256] = "none";
    size_t k = 0;
    for (int i = 0; i < ps->desc->n_params && k < sizeof list; i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                              ps->desc->param_names[i]);
    return fail(ps, at, "unknown name '%.*s': the variables are x and y; parameters: %s; "
                "constants: pi, e", (int)(n > 40 ? 40 : n), s, list);
}

/* After a complete operand: a name, number or '(' right behind it is the implicit product
 * the grammar does not have. */
static bool check_no_juxtaposition(Parser *ps, size_t op_start)
{
    size_t at = ps->pos;
    char c = peek(ps);
    if (!(is_name_start(c) || isdigit((unsigned char)c) || c == '.' || c == '('))
        return true;
    size_t n = 0;
    while (is_name_char(ps->text[ps->pos + n]) || ps->text[ps->pos + n] == '.')
        n++;
    if (c == '(')
        n = 1;
    size_t left = at - op_start;
    while (left > 0 && (ps->text[op_start + left - 1] == ' '))
        left--;
    if (left > 40 || n > 40)
        return fail(ps, ps->pos, "expected an operator before this (there is no implicit "
                    "multiplication: write '*')");
    return fail(ps, ps->pos, "write %.*s*%.*s for a product (there is no implicit "
                "multiplication)", (int)left, ps->text + op_start, (int)n, ps->text + ps->pos);
}

static bool parse_number(Parser *ps, Operand *out)
{
    size_t start = ps->pos, i = ps->pos;
    const char *t = ps->text;
    while (isdigit((unsigned char)t[i]))
        i++;
    if (t[i] == '.') {
        i++;
        while (isdigit((unsigned char)t[i]))
            i++;
    }
    if (i - start == 1 && t[start] == '.')
        return fail(ps, start, "expected digits after '.'");
    if (t[i] == 'e' || t[i] == 'E') {
        size_t j = i + 1;
        if (t[j] == '+' || t[j] == '-')
            j++;
        if (!isdigit((unsigned char)t[j]))
            return fail(ps, j, "expected the digits of the exponent after '%.*s'",
                        (int)(j - start > 40 ? 40 : j - start), t + start);
        while (isdigit((unsigned char)t[j]))
            j++;
        i = j;
    }
    memcpy(ps->num, t + start, i - start);
    ps->num[i - start] = '\0';
    errno = 0;
    double v = strtod(ps->num, NULL);
    if (isinf(v))
        return fail(ps, start, "the number %.*s is too large (the largest is about 1.8e308)",
                    (int)(i - start > 40 ? 40 : i - start), t + start);
    ps->pos = i;
    out->start = ps->n;
    out->varying = false;
    emit(ps, (ExprInst){.op = EXPR_OP_CONST, .c = v});
    return check_no_juxtaposition(ps, start);
}

static bool parse_call(Parser *ps, Operand *out, int fn, size_t name_at, size_t n)
{
    size_t open_at = ps->pos;
    ps->pos++; /* '(' */
    if (!parse_sum(ps, out))
        return false;
    if (fn == EXPR_OP_POW) {
        if (peek(ps) != ',') {
            char found[64];
            describe_here(ps, found, sizeof found);
            return fail(ps, ps->pos, "expected ',' between the two arguments of pow, found %s",
                        found);
        }
        ps->pos++;
        Operand b;
        if (!parse_sum(ps, &b))
            return false;
        if (!expect_close(ps, open_at, " after the arguments of pow"))
            return false;
        emit_binary(ps, out, &b, EXPR_OP_POW);
    } else {
        if (peek(ps) == ',')
            return fail(ps, ps->pos, "%.*s takes one argument", (int)n, ps->text + name_at);
        if (!expect_close(ps, open_at, ""))
            return false;
        emit_unary(ps, out, (ExprInst){.op = fn});
    }
    return check_no_juxtaposition(ps, name_at);
}

static bool parse_name(Parser *ps, Operand *out)
{
    size_t at = ps->pos, n = 0;
    const char *s = ps->text + at;
    while (is_name_char(s[n]))
        n++;
    ps->pos += n;
    out->start = ps->n;
    out->varying = false;
    bool call = peek(ps) == '(';
    int fn = find_function(s, n);
    if (fn >= 0) {
        if (!call) {
            char found[64];
            describe_here(ps, found, sizeof found);
            return fail(ps, ps->pos, "expected '(' after the function %.*s, found %s", (int)n,
                        s, found);
        }
        return parse_call(ps, out, fn, at, n);
    }
    if (call && !(n == 1 && (*s == 'x' || *s == 'y'))) {
        bool known = n == 2 && memcmp(s, "pi", 2) == 0;
        known = known || (n == 1 && *s == 'e');
        for (int i = 0; i < ps->desc->n_params; i++)
            known = known || (strlen(ps->desc->param_names[i]) == n
                              && memcmp(ps->desc->param_names[i], s, n) == 0);
        if (!known)
            return fail(ps, at, "unknown function '%.*s': the functions are %s",
                        (int)(n > 40 ? 40 : n), s, FUNC_LIST);
    }
    if (n == 1 && *s == 'x') {
        emit(ps, (ExprInst){.op = EXPR_OP_X});
        out->varying = true;
    } else if (n == 1 && *s == 'y') {
        emit(ps, (ExprInst){.op = EXPR_OP_Y});
        out->varying = true;
    } else if (n == 2 && memcmp(s, "pi", 2) == 0) {
        emit(ps, (ExprInst){.op = EXPR_OP_CONST, .c = EXPR_PI});
    } else if (n == 1 && *s == 'e') {
        emit(ps, (ExprInst){.op = EXPR_OP_CONST, .c = EXPR_E});
    } else {
        int k = -1;
        for (int i = 0; i < ps->desc->n_params && k < 0; i++)
            if (strlen(ps->desc->param_names[i]) == n
                && memcmp(ps->desc->param_names[i], s, n) == 0)
                k = i;
        if (k < 0)
            return fail_unknown(ps, at, s, n);
        emit(ps, (ExprInst){.op = EXPR_OP_PARAM, .k = k});
    }
    return check_no_juxtaposition(ps, at);
}

static bool parse_primary(Parser *ps, Operand *out)
{
    char c = peek(ps);
    size_t at = ps->pos;
    if (isdigit((unsigned char)c) || c == '.')
        return parse_number(ps, out);
    if (is_name_start(c))
        return parse_name(ps, out);
    if (c == '(') {
        ps->pos++;
        if (!parse_sum(ps, out) || !expect_close(ps, at, ""))
            return false;
        return check_no_juxtaposition(ps, at);
    }
    char found[64];
    describe_here(ps, found, sizeof found);
    return fail(ps, at, "expected a number, a name or '(', found %s", found);
}

static bool parse_power(Parser *ps, Operand *out)
{
    if (!parse_primary(ps, out))
        return false;
    if (peek(ps) != '^')
        return true;
    ps->pos++;
    Operand b;
    if (!parse_unary(ps, &b))
        return false;
    emit_binary(ps, out, &b, EXPR_OP_POW);
    return true;
}

static bool parse_unary(Parser *ps, Operand *out)
{
    char c = peek(ps);
    if (++ps->depth > EXPR_MAX_DEPTH)
        return fail(ps, ps->pos, "nested more than %d levels deep", EXPR_MAX_DEPTH);
    bool ok;
    if (c == '-' || c == '+') {
        ps->pos++;
        ok = parse_unary(ps, out);
        if (ok && c == '-')
            emit_unary(ps, out, (ExprInst){.op = EXPR_OP_NEG});
    } else {
        ok = parse_power(ps, out);
    }
    ps->depth--;
    return ok;
}

static bool parse_product(Parser *ps, Operand *out)
{
    if (!parse_unary(ps, out))
        return false;
    for (;;) {
        char c = peek(ps);
        if (c != '*' && c != '/')
            return true;
        ps->pos++;
        Operand b;
        if (!parse_unary(ps, &b))
            return false;
        emit_binary(ps, out, &b, c == '*' ? EXPR_OP_MUL : EXPR_OP_DIV);
    }
}

static bool parse_sum(Parser *ps, Operand *out)
{
    if (!parse_product(ps, out))
        return false;
    for (;;) {
        char c = peek(ps);
        if (c != '+' && c != '-')
            return true;
        ps->pos++;
        Operand b;
        if (!parse_product(ps, &b))
            return false;
        emit_binary(ps, out, &b, c == '+' ? EXPR_OP_ADD : EXPR_OP_SUB);
    }
}

static bool is_reserved(const char *s)
{
    return strcmp(s, "x") == 0 || strcmp(s, "y") == 0 || strcmp(s, "pi") == 0
        || strcmp(s, "e") == 0 || find_function(s, strlen(s)) >= 0;
}

static bool check_params(const ExprDesc *d, ExprError *err)
{
    if (d->n_params < 0 || d->n_params > EXPR_MAX_PARAMS) {
        set_error(err, 0, "%d parameters: at most %d are allowed", d->n_params,
                  EXPR_MAX_PARAMS);
        return false;
    }
    for (int i = 0; i < d->n_params; i++) {
        const char *s = d->param_names[i];
        bool ok = s && is_name_start(s[0]) && strlen(s) <= 40;
        for (const char *q = s; ok && *q; q++)
            ok = is_name_char(*q);
        if (!ok) {
            set_error(err, 0, "parameter name '%.40s' is not a name (a letter or '_', then "
                      "letters, digits or '_', at most 40)", s ? s : "");
            return false;
        }
        if (is_reserved(s)) {
            set_error(err, 0, "parameter name '%s' is taken by a variable, constant or "
                      "function", s);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(d->param_names[j], s) == 0) {
                set_error(err, 0, "parameter '%s' is declared twice", s);
                return false;
            }
    }
    return true;
}

/* The stack depth the code reaches. */
static int code_max_stack(const ExprInst *code, int n)
{
    int sp = 0, max = 0;
    for (int i = 0; i < n; i++) {
        int op = code[i].op;
        if (op <= EXPR_OP_PARAM)
            sp++;
        else if (op <= EXPR_OP_POW_K)
            sp--;
        max = sp > max ? sp : max;
    }
    assert(sp == 1);
    return max;
}

bool expr_compile(const ExprDesc *desc, ExprProgram **out, ExprError *err)
{
    assert(desc && out && err);
    *out = NULL;
    if (!check_params(desc, err))
        return false;
    const char *text = desc->text ? desc->text : "";
    size_t len = strlen(text);
    if (len > EXPR_MAX_TEXT) {
        set_error(err, 0, "the text is %zu bytes long; the limit is %d", len, EXPR_MAX_TEXT);
        return false;
    }
    Parser *ps = calloc(1, sizeof *ps);
    ExprInst *code = calloc(len + 2, sizeof *code);
    if (!ps || !code) {
        free(ps);
        free(code);
        set_error(err, 0, "out of memory");
        return false;
    }
    *ps = (Parser){.text = text, .desc = desc, .code = code, .cap = (int)len + 2, .err = err};
    Operand top;
    bool ok;
    if (peek(ps) == '\0') {
        set_error(err, 0, "the text is empty: write a function of x and y, such as x^2 + y^2");
        ok = false;
    } else {
        ok = parse_sum(ps, &top);
        if (ok && peek(ps) != '\0') {
            char found[64];
            describe_here(ps, found, sizeof found);
            ok = ps->text[ps->pos] == ')'
                     ? fail(ps, ps->pos, "this ')' closes no '('")
                     : fail(ps, ps->pos, "expected an operator or the end, found %s", found);
        }
    }
    ExprProgram *p = NULL;
    if (ok) {
        int max_stack = code_max_stack(code, ps->n);
        if (max_stack > EXPR_STACK_MAX) {
            set_error(err, 0, "the expression needs more than %d pending values",
                      EXPR_STACK_MAX);
            ok = false;
        }
        p = ok ? malloc(sizeof *p + (size_t)ps->n * sizeof *code) : NULL;
        if (ok && !p) {
            set_error(err, 0, "out of memory");
            ok = false;
        }
        if (ok) {
            ExprInst *dst = (ExprInst *)(p + 1);
            memcpy(dst, code, (size_t)ps->n * sizeof *code);
            *p = (ExprProgram){.code = dst, .n_code = ps->n, .max_stack = max_stack,
                               .n_params = desc->n_params};
        }
    }
    free(code);
    free(ps);
    *out = p;
    return ok;
}

void expr_free(ExprProgram *p)
{
    free(p);
}
