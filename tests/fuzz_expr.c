/* fuzz_expr.c - the expression parser under random and mutated bytes. One check per input:
 * compile never crashes; a refused text has a message and no program; a program evaluates
 * (value, gradient, Hessian agreeing on the value), emits GLSL, and prints to text that
 * compiles back to the same program. Built with -DEXPR_FUZZ_LIBFUZZER -fsanitize=fuzzer it is
 * a libFuzzer target; otherwise main() runs a seeded, time-bounded campaign (a unit test).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "expr/expr.h"
#include "bench.h"

static const char *const PARAMS[] = {"k", "a", "theta"};

/* Aborts on a broken invariant, so both libFuzzer and the driver report the input. */
static void check(bool ok, const char *what, const char *text)
{
    if (ok)
        return;
    fprintf(stderr, "fuzz_expr: %s for input \"%.300s\"\n", what, text);
    abort();
}

static bool same_value(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static void fuzz_one(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    ExprProgram *p = NULL;
    ExprError err = {.column = -7};
    bool ok = expr_compile(&(ExprDesc){text, PARAMS, 3}, &p, &err);
    if (!ok) {
        check(!p && err.message[0] != '\0' && err.column >= 0
                  && (size_t)err.column <= strlen(text) + 1,
              "refusal without a message or with a bad column", text);
        char caret[1024];
        expr_format_caret(text, &err, 2, caret, sizeof caret);
        free(text);
        return;
    }
    check(p && p->n_code >= 1 && p->max_stack <= EXPR_STACK_MAX, "bad program", text);
    static const double prm[3] = {2.0, -0.5, 3.0};
    static const double pts[][2] = {{0.0, 0.0}, {1.5, -0.7}, {-2.0, 3.0}, {1e-300, -1e300}};
    for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double g[2], h[3];
        double v0 = expr_eval(p, prm, pts[i][0], pts[i][1]);
        double v1 = expr_eval_grad(p, prm, pts[i][0], pts[i][1], g);
        double v2 = expr_eval_hess(p, prm, pts[i][0], pts[i][1], g, h);
        check(same_value(v0, v1) && same_value(v0, v2), "evaluators disagree", text);
    }
    size_t n = expr_emit_glsl(p, "f", NULL, 0);
    char *glsl = malloc(n + 1);
    check(glsl && expr_emit_glsl(p, "f", glsl, n + 1) == n && strlen(glsl) == n, "glsl length",
          text);
    free(glsl);
    n = expr_print(p, PARAMS, NULL, 0);
    char *printed = malloc(n + 1);
    check(printed && expr_print(p, PARAMS, printed, n + 1) == n, "print length", text);
    ExprProgram *q = NULL;
    ExprError err2 = {0};
    if (expr_compile(&(ExprDesc){printed, PARAMS, 3}, &q, &err2))
        check(expr_program_equal(p, q), "printed text compiles to another program", text);
    else /* printing never adds nesting or length beyond the limits except by parentheses */
        check(strstr(err2.message, "nested") || strstr(err2.message, "bytes long"),
              "printed text does not compile", text);
    expr_free(q);
    free(printed);
    expr_free(p);
    free(text);
}

#ifdef EXPR_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= EXPR_MAX_TEXT + 16)
        fuzz_one(data, size);
    return 0;
}
#else

typedef struct {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static size_t rng_below(Rng *r, size_t n)
{
    return (size_t)(rng_next(r) % (uint64_t)n);
}

static const char *const SEEDS[] = {
    "(1 - x)^2 + 100*(y - x^2)^2",
    "x^2 + k*y^2",
    "-x^2 + 2^-y^3^a",
    "sin(x)*cos(y) + exp(-(x^2 + y^2)/(2*0.7*0.7))",
    "pow(abs(x), theta) + log(1 + y^2) - sqrt(x^2 + 1e-3)",
    "asin(tanh(x)) + acos(0.5) + atan(y) + sinh(x)/cosh(y) + tan(pi/8)*e",
    "((((x))))*(((y)))",
    "1e308*10 - 0/0 + x^-3 + 2.5e-3",
};

static const char *const TOKENS[] = {
    "x", "y", "k", "a", "theta", "pi", "e", "1", "2.5", "1e3", ".5", "0", "1e308", "+", "-",
    "*", "/", "^", "(", ")", ",", " ", "sin(", "pow(", "log(", "sqrt(", "abs(", "exp(", "2x",
    "#", "\xc3\xa9", "\t", "1e999", "z",
};

/* A random text: tokens, raw bytes, or a mutated seed. */
static size_t make_input(Rng *r, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    switch (rng_below(r, 3)) {
    case 0: { /* token soup */
        size_t count = 1 + rng_below(r, 60);
        for (size_t i = 0; i < count; i++) {
            const char *t = TOKENS[rng_below(r, sizeof TOKENS / sizeof TOKENS[0])];
            size_t m = strlen(t);
            if (n + m >= cap)
                break;
            memcpy(buf + n, t, m);
            n += m;
        }
        break;
    }
    case 1: /* raw bytes */
        n = rng_below(r, 64);
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)(1 + rng_below(r, 255));
        break;
    default: { /* a seed, mutated a few times */
        const char *s = SEEDS[rng_below(r, sizeof SEEDS / sizeof SEEDS[0])];
        n = strlen(s);
        memcpy(buf, s, n);
        size_t muts = rng_below(r, 6);
        for (size_t m = 0; m < muts && n > 0; m++) {
            size_t at = rng_below(r, n);
            switch (rng_below(r, 4)) {
            case 0: /* replace a byte */
                buf[at] = (uint8_t)" xy+-*/^()0123456789.e,"[rng_below(r, 23)];
                break;
            case 1: /* delete a byte */
                memmove(buf + at, buf + at + 1, n - at - 1);
                n--;
                break;
            case 2: /* duplicate a span */
                if (n * 2 < cap) {
                    size_t len = 1 + rng_below(r, n - at);
                    memmove(buf + at + len, buf + at, n - at);
                    n += len;
                }
                break;
            default: /* insert a byte */
                if (n + 1 < cap) {
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = (uint8_t)(1 + rng_below(r, 127));
                    n++;
                }
                break;
            }
        }
        break;
    }
    }
    return n;
}

/* fuzz_expr [SECONDS [SEED]]: at most 200,000 inputs or SECONDS (default 2) of them. */
int main(int argc, char **argv)
{
    double limit = argc > 1 ? atof(argv[1]) : 2.0;
    Rng r = {argc > 2 ? strtoull(argv[2], NULL, 10) : 20260412u};
    static uint8_t buf[EXPR_MAX_TEXT + 64];
    double t0 = 1e-3 * bench_now_ms();
    long runs = 0, compiled = 0;
    while (runs < 200000 && 1e-3 * bench_now_ms() - t0 < limit) {
        size_t n = make_input(&r, buf, sizeof buf - 1);
        buf[n] = '\0';
        ExprProgram *p = NULL;
        ExprError err;
        if (expr_compile(&(ExprDesc){(const char *)buf, PARAMS, 3}, &p, &err))
            compiled++;
        expr_free(p);
        fuzz_one(buf, n);
        runs++;
    }
    printf("fuzz_expr: %ld inputs (%ld compiled) in %.2f s, no failure\n", runs, compiled,
           1e-3 * bench_now_ms() - t0);
    return runs > 0 && compiled > 0 ? 0 : 1;
}
#endif
