/* bench_expr.c - the typed-expression targets of issue 13: compiling a 200-character
 * expression (target <= 5 ms), gradient-descent steps per second on a typed Rosenbrock
 * (target >= 10 M/s), the cost of one value+gradient and one value+gradient+Hessian, and the
 * typed Rosenbrock as a LandscapeTyped (the path runs take), and the built-in Rosenbrock
 * through its landscape row for comparison. Medians of repeated runs.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "expr/expr.h"
#include "landscape/landscape.h"

enum { REPEATS = 9 };

static const char EXPR_200[] =
    "sin(x)*cos(y) + exp(-(x^2 + y^2)/(2*0.7*0.7)) + log(1 + x^2)*sqrt(y^2 + 1)"
    " - atan(x*y)/(1 + x^4) + (1 - x)^2 + 100*(y - x^2)^2 + tanh(x - y)*abs(x + y)"
    " - 0.5*x^3*y + cosh(0.1*x) + sinh(y/3)*asin(0.1*x)";

int main(void)
{
    double t[REPEATS];
    ExprError err;
    ExprProgram *p = NULL;

    /* compile: each repeat times 200 compilations */
    for (int r = 0; r < REPEATS; r++) {
        double t0 = bench_now_ms();
        for (int i = 0; i < 200; i++) {
            if (!expr_compile(&(ExprDesc){.text = EXPR_200}, &p, &err)) {
                fprintf(stderr, "bench_expr: %s\n", err.message);
                return 1;
            }
            expr_free(p);
        }
        t[r] = (bench_now_ms() - t0) / 200.0;
    }
    printf("expr-compile: %zu characters, median %.4f ms per compile (target <= 5 ms)\n",
           strlen(EXPR_200), bench_median(t, REPEATS));

    if (!expr_compile(&(ExprDesc){.text = "(1 - x)^2 + 100*(y - x^2)^2"}, &p, &err))
        return 1;
    const long steps = 2000000;
    double checksum = 0.0;
    for (int r = 0; r < REPEATS; r++) {
        double x = -1.2, y = 1.0, g[2];
        double t0 = bench_now_ms();
        for (long i = 0; i < steps; i++) {
            expr_eval_grad(p, NULL, x, y, g);
            x -= 2e-4 * g[0];
            y -= 2e-4 * g[1];
        }
        t[r] = (double)steps / ((bench_now_ms() - t0) * 1e-3);
        checksum += x + y;
    }
    double rate = bench_median(t, REPEATS);
    printf("expr-gd: typed Rosenbrock, median %.1f M gd steps/s = %.1f ns per value+gradient "
           "(target >= 10 M/s)\n", rate / 1e6, 1e9 / rate);

    for (int r = 0; r < REPEATS; r++) {
        double x = -1.2, y = 1.0, g[2], h[3];
        double t0 = bench_now_ms();
        for (long i = 0; i < steps; i++) {
            expr_eval_hess(p, NULL, x, y, g, h);
            x -= 2e-4 * g[0];
            y -= 2e-4 * g[1] + 1e-9 * h[2];
        }
        t[r] = (bench_now_ms() - t0) * 1e6 / (double)steps;
        checksum += x + y;
    }
    printf("expr-hess: typed Rosenbrock, median %.1f ns per value+gradient+Hessian\n",
           bench_median(t, REPEATS));
    expr_free(p);

    const Landscape *ls = landscape_find("rosenbrock");
    /* The typed Rosenbrock as the runs see it: a LandscapeTyped through landscape_eval. */
    static LandscapeTypedDesc td;
    snprintf(td.text, sizeof td.text, "%s", ls->expr);
    LandscapeTyped *typed = landscape_typed_create(&td, &err);
    if (!typed) {
        fprintf(stderr, "bench_expr: %s\n", err.message);
        return 1;
    }
    for (int r = 0; r < REPEATS; r++) {
        double x = -1.2, y = 1.0, g[2];
        double t0 = bench_now_ms();
        for (long i = 0; i < steps; i++) {
            landscape_eval(&typed->ls, x, y, g, NULL);
            x -= 2e-4 * g[0];
            y -= 2e-4 * g[1];
        }
        t[r] = (double)steps / ((bench_now_ms() - t0) * 1e-3);
        checksum += x + y;
    }
    printf("typed-landscape-gd: typed Rosenbrock (LandscapeTyped, landscape_eval), median %.1f M "
           "gd steps/s (target >= 10)\n", bench_median(t, REPEATS) / 1e6);
    landscape_typed_destroy(typed);
    for (int r = 0; r < REPEATS; r++) {
        double x = -1.2, y = 1.0, g[2];
        double t0 = bench_now_ms();
        for (long i = 0; i < steps; i++) {
            ls->eval(x, y, g, NULL);
            x -= 2e-4 * g[0];
            y -= 2e-4 * g[1];
        }
        t[r] = (double)steps / ((bench_now_ms() - t0) * 1e-3);
        checksum += x + y;
    }
    printf("builtin-gd: built-in Rosenbrock (ls->eval), median %.1f M gd steps/s\n",
           bench_median(t, REPEATS) / 1e6);
    for (int r = 0; r < REPEATS; r++) {
        double x = -1.2, y = 1.0, g[2], h[3];
        double t0 = bench_now_ms();
        for (long i = 0; i < steps; i++) {
            ls->eval(x, y, g, h);
            x -= 2e-4 * g[0];
            y -= 2e-4 * g[1] + 1e-9 * h[2];
        }
        t[r] = (bench_now_ms() - t0) * 1e6 / (double)steps;
        checksum += x + y;
    }
    printf("builtin-hess: built-in Rosenbrock (ls->eval), median %.1f ns per value+gradient+"
           "Hessian\n", bench_median(t, REPEATS));
    printf("(checksum %.9g)\n", checksum);
    return 0;
}
