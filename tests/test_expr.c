/* test_expr.c - the expression module against written math: precedence and associativity,
 * every function's value against libm, every error with its column, parameters, the limits,
 * gradients and Hessians against central differences on 30 random expressions (1,000 points
 * each), the text round trip and the GLSL writer.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "test.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int trng_below(TestRng *r, int n)
{
    return (int)(trng_next(r) % (uint64_t)n);
}

static const char *const PARAM_NAMES[] = {"k", "a"};

/* Compiles text with the parameters k and a; NULL (after asserting) on failure. */
static ExprProgram *compile_ok(const char *text)
{
    ExprProgram *p = NULL;
    ExprError err = {0};
    bool ok = expr_compile(&(ExprDesc){text, PARAM_NAMES, 2}, &p, &err);
    if (!ok)
        fprintf(stderr, "  '%s': %s\n", text, err.message);
    ASSERT(ok && p);
    return p;
}

static double value_of(const char *text, double x, double y)
{
    ExprProgram *p = compile_ok(text);
    static const double params[2] = {10.0, 0.5};
    double v = p ? expr_eval(p, params, x, y) : (double)NAN;
    expr_free(p);
    return v;
}

/* Exact equality where the C expression performs the same operations. */
#define ASSERT_VALUE(text, x, y, expected)                                                 \
    do {                                                                                   \
        double v_ = value_of((text), (x), (y)), e_ = (expected);                           \
        if (!(v_ == e_)) {                                                                 \
            fprintf(stderr, "%s:%d: '%s' at (%g, %g) = %.17g, expected %.17g\n", __FILE__, \
                    __LINE__, (text), (double)(x), (double)(y), v_, e_);                   \
            test_state_.assert_failures++;                                                 \
        }                                                                                  \
    } while (0)

TEST(test_precedence_and_associativity)
{
    ASSERT_VALUE("-x^2", 3.0, 0.0, -9.0);
    ASSERT_VALUE("-2^2", 0.0, 0.0, -4.0);
    ASSERT_VALUE("(-2)^2", 0.0, 0.0, 4.0);
    ASSERT_VALUE("2^-x", 1.0, 0.0, 0.5);
    ASSERT_VALUE("2^3^2", 0.0, 0.0, 512.0);
    ASSERT_VALUE("(2^3)^2", 0.0, 0.0, 64.0);
    ASSERT_VALUE("x^y^2", 2.0, 3.0, 512.0);
    ASSERT_VALUE("1 - 2 - 3", 0.0, 0.0, -4.0);
    ASSERT_VALUE("x - y - 3", 1.0, 2.0, -4.0);
    ASSERT_VALUE("8/4/2", 0.0, 0.0, 1.0);
    ASSERT_VALUE("x/y/2", 8.0, 4.0, 1.0);
    ASSERT_VALUE("2 + 3*4", 0.0, 0.0, 14.0);
    ASSERT_VALUE("2*3 + 4", 0.0, 0.0, 10.0);
    ASSERT_VALUE("x + y*x", 2.0, 3.0, 8.0);
    ASSERT_VALUE("(x + y)*x", 2.0, 3.0, 10.0);
    ASSERT_VALUE("2*-x", 3.0, 0.0, -6.0);
    ASSERT_VALUE("x - -y", 3.0, 4.0, 7.0);
    ASSERT_VALUE("--x", 3.0, 0.0, 3.0);
    ASSERT_VALUE("+x", 3.0, 0.0, 3.0);
    ASSERT_VALUE("-x*y", 3.0, 2.0, -6.0);
    ASSERT_VALUE("x*y^2", 3.0, 2.0, 12.0);
    ASSERT_VALUE("-x^-2", 2.0, 0.0, -0.25);
    ASSERT_VALUE("  x\t+\n y ", 1.0, 2.0, 3.0);
    ASSERT_VALUE("1.5 + .5 + 2e-3 + 2E+1", 0.0, 0.0, 1.5 + .5 + 2e-3 + 2E+1);
    ASSERT_VALUE("pi", 0.0, 0.0, 3.14159265358979323846);
    ASSERT_VALUE("e", 0.0, 0.0, exp(1.0));
    ASSERT_VALUE("k*x + a", 2.0, 0.0, 20.5);
    /* non-associative rounding: the text's order is kept */
    ASSERT_VALUE("x + y + 1e-16", 1.0, 0.0, (1.0 + 0.0) + 1e-16);
    ASSERT_VALUE("x + (y + 1e-16)", 1.0, 1e-16, 1.0 + (1e-16 + 1e-16));
    ASSERT_VALUE("2*0.7*0.7", 0.0, 0.0, 2.0 * 0.7 * 0.7);
}

TEST(test_integer_powers_exact)
{
    /* constant integer powers are multiplications: exact sign for negative bases */
    ASSERT_VALUE("x^2", -3.0, 0.0, 9.0);
    ASSERT_VALUE("x^3", -2.0, 0.0, -8.0);
    ASSERT_VALUE("x^4", -1.1, 0.0, (-1.1 * -1.1) * (-1.1 * -1.1));
    ASSERT_VALUE("x^3", 1.1, 0.0, (1.1 * 1.1) * 1.1);
    ASSERT_VALUE("x^-1", -4.0, 0.0, -0.25);
    ASSERT_VALUE("x^0", -4.0, 0.0, 1.0);
    ASSERT_VALUE("x^1.5", 4.0, 0.0, 8.0);
    ASSERT(isnan(value_of("x^0.5", -4.0, 0.0)));
    ASSERT_VALUE("pow(x, 3)", -2.0, 0.0, -8.0);
    ASSERT_VALUE("x^k", -2.0, 0.0, pow(-2.0, 10.0));
    ASSERT_VALUE("x^y", -2.0, 3.0, -8.0);
    double g[2], h[3];
    ExprProgram *p = compile_ok("x^3");
    ASSERT(p && p->n_code == 2 && p->code[1].op == EXPR_OP_POWI && p->code[1].k == 3);
    double v = expr_eval_hess(p, NULL, -2.0, 0.0, g, h);
    ASSERT(v == -8.0 && g[0] == 12.0 && g[1] == 0.0 && h[0] == -12.0 && h[1] == 0.0);
    expr_free(p);
}

TEST(test_every_function)
{
    const double u = 0.3;
    ASSERT_VALUE("sin(x)", u, 0.0, sin(u));
    ASSERT_VALUE("cos(x)", u, 0.0, cos(u));
    ASSERT_VALUE("tan(x)", u, 0.0, tan(u));
    ASSERT_VALUE("asin(x)", u, 0.0, asin(u));
    ASSERT_VALUE("acos(x)", u, 0.0, acos(u));
    ASSERT_VALUE("atan(x)", u, 0.0, atan(u));
    ASSERT_VALUE("sinh(x)", u, 0.0, sinh(u));
    ASSERT_VALUE("cosh(x)", u, 0.0, cosh(u));
    ASSERT_VALUE("tanh(x)", u, 0.0, tanh(u));
    ASSERT_VALUE("exp(x)", u, 0.0, exp(u));
    ASSERT_VALUE("log(x)", u, 0.0, log(u));
    ASSERT_VALUE("sqrt(x)", u, 0.0, sqrt(u));
    ASSERT_VALUE("abs(x)", -u, 0.0, u);
    ASSERT_VALUE("pow(x, y)", u, 1.7, pow(u, 1.7));
    ASSERT_VALUE("log(e)", 0.0, 0.0, log(exp(1.0)));
    ASSERT_VALUE("sin(pi/6)", 0.0, 0.0, sin(3.14159265358979323846 / 6.0));
    /* first derivatives of each at u, against the calculus table */
    const struct {
        const char *text;
        double d1;
    } D[] = {
        {"sin(x)", cos(u)},
        {"cos(x)", -sin(u)},
        {"tan(x)", 1.0 / (cos(u) * cos(u))},
        {"asin(x)", 1.0 / sqrt(1.0 - u * u)},
        {"acos(x)", -1.0 / sqrt(1.0 - u * u)},
        {"atan(x)", 1.0 / (1.0 + u * u)},
        {"sinh(x)", cosh(u)},
        {"cosh(x)", sinh(u)},
        {"tanh(x)", 1.0 / (cosh(u) * cosh(u))},
        {"exp(x)", exp(u)},
        {"log(x)", 1.0 / u},
        {"sqrt(x)", 0.5 / sqrt(u)},
        {"abs(x)", 1.0},
        {"pow(x, 2.5)", 2.5 * pow(u, 1.5)},
    };
    for (int i = 0; i < N_OF(D); i++) {
        ExprProgram *p = compile_ok(D[i].text);
        double g[2] = {0};
        if (p)
            expr_eval_grad(p, NULL, u, 0.0, g);
        ASSERT_NEAR(g[0], D[i].d1, 4e-16 * (1.0 + fabs(D[i].d1)));
        ASSERT(g[1] == 0.0);
        expr_free(p);
    }
}

/* The error for text: the column and a part of the message. */
static void check_error(const char *text, int n_params, int column, const char *needle)
{
    ExprProgram *p = (ExprProgram *)1;
    ExprError err = {0};
    bool ok = expr_compile(&(ExprDesc){text, PARAM_NAMES, n_params}, &p, &err);
    if (ok || p || err.column != column || !strstr(err.message, needle)) {
        fprintf(stderr, "  '%.60s': ok %d, column %d (expected %d), '%s' (expected '%s')\n",
                text, ok, err.column, column, err.message, needle);
        test_state_.assert_failures++;
    }
    if (column > 0) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "column %d: ", column);
        ASSERT(strncmp(err.message, prefix, strlen(prefix)) == 0);
    }
    expr_free(ok ? p : NULL);
}

TEST(test_errors_with_columns)
{
    check_error("sin(x + (y", 0, 11, "expected ')' to close the '(' at column 9");
    check_error("exp(x*2", 0, 8, "expected ')' to close the '(' at column 4");
    check_error("(x + 1", 0, 7, "expected ')' to close the '(' at column 1");
    check_error("2x", 0, 2, "write 2*x for a product");
    check_error("3 y", 0, 3, "write 3*y for a product");
    check_error("(x+1)(x-1)", 0, 6, "write (x+1)*( for a product");
    check_error("x sin(y)", 0, 3, "write x*sin for a product");
    check_error("z", 0, 1, "unknown name 'z': the variables are x and y; parameters: none");
    check_error("x + z^2", 2, 5, "unknown name 'z': the variables are x and y; parameters: k, a");
    check_error("x +", 0, 4, "expected a number, a name or '(', found the end of the text");
    check_error("x * )", 0, 5, "expected a number, a name or '(', found ')'");
    check_error("1e999", 0, 1, "the number 1e999 is too large");
    check_error("x + 2e400*y", 0, 5, "too large");
    check_error("", 0, 0, "the text is empty");
    check_error(" \t ", 0, 0, "the text is empty");
    check_error("sin x", 0, 5, "expected '(' after the function sin");
    check_error("foo(x)", 0, 1, "unknown function 'foo': the functions are sin cos");
    check_error("pow(x)", 0, 6, "expected ',' between the two arguments of pow");
    check_error("sin(x, y)", 0, 6, "sin takes one argument");
    check_error("x)", 0, 2, "this ')' closes no '('");
    check_error("x # y", 0, 3, "expected an operator or the end, found '#'");
    check_error("x + \xc3\xa9", 0, 5, "found a character that is not part of the grammar");
    check_error("1.5e", 0, 5, "expected the digits of the exponent");
    check_error("x + .", 0, 5, "expected digits after '.'");
    check_error("x^", 0, 3, "expected a number");
    /* bad parameter names are refused before the text is read */
    static const char *const bad[] = {"x"};
    ExprProgram *p = NULL;
    ExprError err = {0};
    ASSERT(!expr_compile(&(ExprDesc){"x", bad, 1}, &p, &err) && !p);
    ASSERT_STR_CONTAINS(err.message, "parameter name 'x' is taken");
    static const char *const twice[] = {"k", "k"};
    ASSERT(!expr_compile(&(ExprDesc){"x", twice, 2}, &p, &err) && !p);
    ASSERT_STR_CONTAINS(err.message, "declared twice");
}

/* text made of n copies of unit between head and tail */
static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    size_t len = strlen(head) + strlen(unit) * (size_t)n + strlen(tail) + 1;
    char *s = malloc(len);
    strcpy(s, head);
    for (int i = 0; i < n; i++)
        strcat(s, unit);
    strcat(s, tail);
    return s;
}

TEST(test_limits)
{
    /* 4096 bytes compile, 4097 do not */
    char *ok = repeat("x", "+x", 2047, " ");
    ASSERT(strlen(ok) == EXPR_MAX_TEXT);
    ExprProgram *p = compile_ok(ok);
    ASSERT(p && expr_eval(p, NULL, 1.0, 0.0) == 2048.0);
    expr_free(p);
    free(ok);
    char *longer = repeat("x", "+x", 2048, "");
    ASSERT(strlen(longer) == EXPR_MAX_TEXT + 1);
    check_error(longer, 0, 0, "the text is 4097 bytes long; the limit is 4096");
    free(longer);

    /* nesting: 63 parentheses inside the top level compile, deeper text is refused at the
     * column where the limit is crossed (never a stack overflow) */
    char *deep_ok = repeat("", "(", 63, "x");
    char *tail = repeat("", ")", 63, "");
    char *s = malloc(strlen(deep_ok) + strlen(tail) + 1);
    strcpy(s, deep_ok);
    strcat(s, tail);
    p = compile_ok(s);
    expr_free(p);
    free(s);
    free(deep_ok);
    free(tail);
    char *deep = repeat("", "(", 2000, "x");
    check_error(deep, 0, 65, "nested more than 64 levels deep");
    free(deep);
    char *minus = repeat("", "-", 3000, "x");
    check_error(minus, 0, 65, "nested more than 64 levels deep");
    free(minus);
    char *tower = repeat("x", "^x", 1000, "");
    check_error(tower, 0, 129, "nested more than 64 levels deep");
    free(tower);
    char *calls = repeat("", "sin(", 1000, "x");
    check_error(calls, 0, 257, "nested more than 64 levels deep");
    free(calls);
}

TEST(test_parameters_bound_by_index)
{
    ExprProgram *p = compile_ok("x^2 + k*y^2 - a");
    ASSERT(p && p->n_params == 2);
    if (!p)
        return;
    double g[2], h[3];
    double prm[2] = {10.0, 0.5};
    ASSERT(expr_eval_hess(p, prm, 1.0, 2.0, g, h) == 1.0 + 40.0 - 0.5);
    ASSERT(g[0] == 2.0 && g[1] == 40.0 && h[0] == 2.0 && h[1] == 0.0 && h[2] == 20.0);
    prm[0] = 100.0; /* the same program, a new value */
    ASSERT(expr_eval_hess(p, prm, 1.0, 2.0, g, h) == 1.0 + 400.0 - 0.5);
    ASSERT(g[1] == 400.0 && h[2] == 200.0);
    expr_free(p);
    /* an exponent that is a parameter takes the power rule: defined for negative bases */
    p = compile_ok("x^k");
    prm[0] = 3.0;
    ASSERT(p && expr_eval_hess(p, prm, -2.0, 0.0, g, h) == -8.0);
    ASSERT(g[0] == 12.0 && h[0] == -12.0);
    expr_free(p);
}

TEST(test_rosenbrock_exact)
{
    ExprProgram *p = compile_ok("(1 - x)^2 + 100*(y - x^2)^2");
    if (!p)
        return;
    /* X RSUB_C POWI Y X POWI SUB POWI MUL_C ADD: constants fused, powers multiplied */
    ASSERT(p->n_code == 10 && p->max_stack == 3);
    for (double x = -2.0; x <= 2.0; x += 0.25)
        for (double y = -1.0; y <= 3.0; y += 0.5) {
            double g[2], h[3];
            double f = expr_eval_hess(p, NULL, x, y, g, h);
            double b = y - x * x;
            ASSERT_NEAR(f, (1 - x) * (1 - x) + 100 * b * b, 1e-15 * (1 + fabs(f)));
            ASSERT_NEAR(g[0], -2 * (1 - x) - 400 * x * b, 1e-13 * (1 + fabs(g[0])));
            ASSERT_NEAR(g[1], 200 * b, 1e-13 * (1 + fabs(g[1])));
            ASSERT_NEAR(h[0], 2 - 400 * b + 800 * x * x, 1e-13 * (1 + fabs(h[0])));
            ASSERT_NEAR(h[1], -400 * x, 1e-13 * (1 + fabs(h[1])));
            ASSERT(h[2] == 200.0);
        }
    expr_free(p);
}

TEST(test_undefined_points)
{
    ExprProgram *p = compile_ok("log(x) + sqrt(y)");
    double g[2], h[3];
    ASSERT(p && !expr_value_defined(expr_eval_hess(p, NULL, -1.0, 1.0, g, h)));
    ASSERT(!expr_value_defined(expr_eval(p, NULL, 1.0, -1.0)));
    ASSERT(expr_value_defined(expr_eval(p, NULL, 1.0, 4.0)) && expr_eval(p, NULL, 1.0, 4.0) == 2);
    expr_free(p);
    p = compile_ok("x/y");
    ASSERT(p && isnan(expr_eval(p, NULL, 0.0, 0.0)));
    ASSERT(isinf(expr_eval(p, NULL, 1.0, 0.0)));
    expr_free(p);
    p = compile_ok("exp(x)");
    ASSERT(p && isinf(expr_eval_grad(p, NULL, 1000.0, 0.0, g)) && !expr_value_defined(g[0]));
    expr_free(p);
    p = compile_ok("asin(x)");
    ASSERT(p && isnan(expr_eval(p, NULL, 2.0, 0.0)));
    expr_free(p);
}

/* ---- random expressions against central differences ---- */

/* Appends a random expression of the given depth to s. Compositions keep values moderate on
 * [-1, 1]^2 (logs of positive arguments, bounded exponents) so that differences are
 * meaningful; abs is left out (no derivative at its kink). */
static void gen_expr(TestRng *r, int depth, char *s, size_t cap)
{
    size_t n = strlen(s);
    char *o = s + n;
    size_t room = cap - n;
    if (depth == 0 || trng_below(r, 5) == 0) {
        switch (trng_below(r, 5)) {
        case 0:
            snprintf(o, room, "x");
            break;
        case 1:
            snprintf(o, room, "y");
            break;
        case 2:
            snprintf(o, room, "%.3g", trng_uniform(r, 0.2, 3.0));
            break;
        case 3:
            snprintf(o, room, "k");
            break;
        default:
            snprintf(o, room, "%s", trng_below(r, 2) ? "x" : "y");
            break;
        }
        return;
    }
    static const char *const FORMS[] = {
        "(A) + (B)",       "(A) - (B)",           "(A)*(B)",         "(A)/(2 + sin(B))",
        "-(A)",            "(A)^2",               "(A)^3",           "sin(A)",
        "cos(A)",          "tan(0.5*sin(A))",     "asin(0.5*tanh(A))", "acos(0.5*sin(A))",
        "atan(A)",         "sinh(sin(A))",        "cosh(cos(A))",    "tanh(A)",
        "exp(sin(A))",     "log(1.5 + cos(A))",   "sqrt(2 + sin(A))", "pow(2 + sin(A), cos(B))",
        "(1.5 + cos(A))^k", "(2 + sin(A))^0.5",   "1/(2 + cos(A))",  "3 - (A)",
        "(A)^-1 * 0 + (B)", "2^sin(A)",           "(A)/3",           "x*(A)",
    };
    const char *form = FORMS[trng_below(r, N_OF(FORMS))];
    for (const char *c = form; *c && strlen(s) + 1 < cap; c++) {
        if (*c == 'A' || *c == 'B') {
            gen_expr(r, depth - 1, s, cap);
        } else {
            size_t m = strlen(s);
            s[m] = *c;
            s[m + 1] = '\0';
        }
    }
}

typedef struct {
    const ExprProgram *p;
    const double *params;
} Fn;

/* Richardson-extrapolated central difference of component comp (0: value, 1: gx, 2: gy) of
 * f along dir (0: x, 1: y): error O(h^4) plus rounding ~ eps |f| / h. */
static double rich_diff(const Fn *f, int comp, int dir, double x, double y, double hstep)
{
    double d[2];
    for (int k = 0; k < 2; k++) {
        double hk = k ? hstep / 2 : hstep;
        double dx = dir == 0 ? hk : 0.0, dy = dir == 1 ? hk : 0.0;
        double gp[2], gm[2];
        double fp = expr_eval_grad(f->p, f->params, x + dx, y + dy, gp);
        double fm = expr_eval_grad(f->p, f->params, x - dx, y - dy, gm);
        double vp = comp == 0 ? fp : gp[comp - 1], vm = comp == 0 ? fm : gm[comp - 1];
        d[k] = (vp - vm) / (2.0 * hk);
    }
    return (4.0 * d[1] - d[0]) / 3.0;
}

static bool close_enough(double exact, double diff, double scale)
{
    return fabs(exact - diff) <= 2e-6 * (scale + fabs(exact));
}

TEST(test_random_derivatives)
{
    TestRng r = {20260412u};
    int checked_total = 0;
    for (int e = 0; e < 30; e++) {
        char text[EXPR_MAX_TEXT + 1] = "";
        gen_expr(&r, 4, text, 1500);
        ExprProgram *p = compile_ok(text);
        if (!p)
            continue;
        const double params[2] = {1.7, 0.0};
        Fn f = {p, params};
        int checked = 0, bad = 0;
        for (int i = 0; i < 1000; i++) {
            double x = trng_uniform(&r, -1.0, 1.0), y = trng_uniform(&r, -1.0, 1.0);
            double g[2], h[3], g1[2];
            double v = expr_eval_hess(p, params, x, y, g, h);
            /* the three evaluators agree to the bit */
            double v1 = expr_eval_grad(p, params, x, y, g1), v0 = expr_eval(p, params, x, y);
            if (!(memcmp(&v, &v1, sizeof v) == 0 && memcmp(&v, &v0, sizeof v) == 0
                  && memcmp(g, g1, sizeof g) == 0)) {
                if (bad < 3)
                    fprintf(stderr, "  '%s' at (%.17g, %.17g): evaluators differ: %.17g %.17g "
                            "%.17g\n", text, x, y, v, v1, v0);
                bad++;
            }
            if (!isfinite(v) || !isfinite(g[0]) || !isfinite(g[1]) || !isfinite(h[0])
                || !isfinite(h[1]) || !isfinite(h[2]))
                continue;
            double scale = 1.0 + fabs(v);
            double gs = 1.0 + fabs(g[0]) + fabs(g[1]);
            const double H = 1e-3;
            bool ok = close_enough(g[0], rich_diff(&f, 0, 0, x, y, H), scale)
                   && close_enough(g[1], rich_diff(&f, 0, 1, x, y, H), scale)
                   && close_enough(h[0], rich_diff(&f, 1, 0, x, y, H), gs)
                   && close_enough(h[1], rich_diff(&f, 1, 1, x, y, H), gs)
                   && close_enough(h[1], rich_diff(&f, 2, 0, x, y, H), gs)
                   && close_enough(h[2], rich_diff(&f, 2, 1, x, y, H), gs);
            if (!ok && bad < 3)
                fprintf(stderr, "  '%s' at (%.17g, %.17g): f %g g %g %g h %g %g %g\n", text, x,
                        y, v, g[0], g[1], h[0], h[1], h[2]);
            bad += !ok;
            checked++;
        }
        ASSERT(bad == 0);
        ASSERT(checked >= 900);
        checked_total += checked;
        expr_free(p);
    }
    ASSERT(checked_total >= 27000);
}

/* ---- text ---- */

TEST(test_print_round_trip)
{
    static const char *const T[] = {
        "-x^2", "2^-x", "2^3^2*x", "(x^2)^3", "(-x)^3", "x - (y - 1)", "1 - x - y",
        "x/(y/2)", "-(x + y)", "k*x^a", "pow(x, y)^2", "sin(cos(x))*-y", "x^-2", "x + -3",
        "2/x", "-3 - x", "(-2)^x", "1e300*1e300*x", "0/0 + x", "x^0.5 + sqrt(y)",
        "0.1 + x*1e-20", "exp(-(x^2 + y^2)/(2*0.7*0.7))", "x - -y", "-(-x)", "x*-(y^2)",
    };
    for (int i = 0; i < N_OF(T); i++) {
        ExprProgram *p = compile_ok(T[i]);
        if (!p)
            continue;
        char buf[512];
        size_t n = expr_print(p, PARAM_NAMES, buf, sizeof buf);
        ASSERT(n < sizeof buf && strlen(buf) == n);
        ExprProgram *q = compile_ok(buf);
        bool same = q && expr_program_equal(p, q);
        if (!same)
            fprintf(stderr, "  '%s' printed as '%s' does not reparse the same\n", T[i], buf);
        ASSERT(same);
        expr_free(p);
        expr_free(q);
    }
    /* the printer's exact text for a few */
    ExprProgram *p = compile_ok("(1 - x)^2 + 100*(y - x^2)^2");
    char buf[128];
    expr_print(p, NULL, buf, sizeof buf);
    ASSERT(strcmp(buf, "(1 - x)^2 + (y - x^2)^2*100") == 0);
    ASSERT(expr_print(p, NULL, buf, 5) == strlen("(1 - x)^2 + (y - x^2)^2*100"));
    ASSERT(strcmp(buf, "(1 -") == 0);
    expr_free(p);
}

TEST(test_glsl)
{
    ExprProgram *p = compile_ok("(1 - x)^2 + k*(y - x^2)^3 + log(y) + 2^x + 1e39");
    if (!p)
        return;
    size_t n = expr_emit_glsl(p, "loss", NULL, 0);
    char *s = malloc(n + 1);
    ASSERT(expr_emit_glsl(p, "loss", s, n + 1) == n && strlen(s) == n);
    ASSERT_STR_CONTAINS(s, "uniform float u_param[2];");
    ASSERT_STR_CONTAINS(s, "float loss(vec2 p)\n{\n    float t0 = p.x;\n");
    ASSERT_STR_CONTAINS(s, "float t1 = (1.0) - t0;"); /* decimal point on every number */
    ASSERT_STR_CONTAINS(s, "r = r * b;");             /* the cube by multiplications */
    ASSERT_STR_CONTAINS(s, "u_param[0]");
    ASSERT_STR_CONTAINS(s, "expr_log(");
    ASSERT_STR_CONTAINS(s, "expr_pow(t");              /* 2^x, not a literal pow */
    ASSERT_STR_CONTAINS(s, "t17 + (expr_inf())");      /* 1e39 overflows float */
    ASSERT(!strstr(s, " pow(t"));
    ASSERT(strstr(s, "return t") != NULL);
    free(s);
    expr_free(p);
    /* no parameters: no uniform */
    ExprError err;
    ASSERT(expr_compile(&(ExprDesc){.text = "x"}, &p, &err));
    char buf[2048];
    expr_emit_glsl(p, "f", buf, sizeof buf);
    ASSERT(!strstr(buf, "uniform"));
    expr_free(p);
}

/* The gradient's GLSL: dual numbers in double with double literals (every bit of 0.1), in
 * float without; the chain rules by name; snprintf's length contract. */
TEST(test_glsl_grad)
{
    ExprProgram *p = compile_ok("(1 - x)^2 + k*(y - x^2)^3 + 0.1*cos(3*x) + exp(-y) + sqrt(x)");
    if (!p)
        return;
    for (int fp64 = 0; fp64 < 2; fp64++) {
        size_t n = expr_emit_glsl_grad(p, "loss_grad", fp64, NULL, 0);
        char *s = malloc(n + 1);
        ASSERT(expr_emit_glsl_grad(p, "loss_grad", fp64, s, n + 1) == n && strlen(s) == n);
        ASSERT_STR_CONTAINS(s, fp64 ? "#define EXPR_R double" : "#define EXPR_R float");
        ASSERT_STR_CONTAINS(s, "uniform EXPR_R u_param[2];");
        ASSERT_STR_CONTAINS(s, "EXPR_R3 loss_grad(EXPR_R2 p)\n{\n");
        ASSERT_STR_CONTAINS(s, "EXPR_R3(p.x, 1.0, 0.0)");
        ASSERT_STR_CONTAINS(s, fp64 ? "(0.10000000000000001lf)" : "(0.100000001)");
        ASSERT_STR_CONTAINS(s, "exprg_powi(");
        ASSERT_STR_CONTAINS(s, "-exprg_sin(u)"); /* cos' = -sin */
        ASSERT_STR_CONTAINS(s, "exprg_exp(u)");
        ASSERT_STR_CONTAINS(s, "EXPR_R(0.5) / v"); /* sqrt' = 1 / (2 sqrt) */
        ASSERT(strstr(s, "return t") != NULL);
        char cut[64];
        ASSERT(expr_emit_glsl_grad(p, "loss_grad", fp64, cut, sizeof cut) == n);
        ASSERT(strlen(cut) == sizeof cut - 1);
        free(s);
    }
    expr_free(p);
}

TEST(test_caret)
{
    const char *text = "x + (y";
    ExprProgram *p = NULL;
    ExprError err;
    ASSERT(!expr_compile(&(ExprDesc){.text = text}, &p, &err));
    char buf[256];
    expr_format_caret(text, &err, 2, buf, sizeof buf);
    ASSERT(strcmp(buf, "  x + (y\n        ^\n") == 0);
    /* columns count characters: the caret sits under the 'z' after a two-byte letter */
    const char *utf = "\xc3\xa9 + z";
    err = (ExprError){.column = 6};
    expr_format_caret(utf, &err, 0, buf, sizeof buf);
    ASSERT(strcmp(buf, "\xc3\xa9 + z\n    ^\n") == 0);
}

int main(void)
{
    RUN_TEST(test_precedence_and_associativity);
    RUN_TEST(test_integer_powers_exact);
    RUN_TEST(test_every_function);
    RUN_TEST(test_errors_with_columns);
    RUN_TEST(test_limits);
    RUN_TEST(test_parameters_bound_by_index);
    RUN_TEST(test_rosenbrock_exact);
    RUN_TEST(test_undefined_points);
    RUN_TEST(test_random_derivatives);
    RUN_TEST(test_print_round_trip);
    RUN_TEST(test_glsl);
    RUN_TEST(test_glsl_grad);
    RUN_TEST(test_caret);
    return TEST_MAIN("test_expr");
}
