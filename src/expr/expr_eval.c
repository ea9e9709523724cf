/* expr_eval.c - running a compiled program: value only, value and gradient, value, gradient
 * and Hessian. Derivatives are forward-mode automatic differentiation: each stack slot carries
 * (v, gx, gy[, hxx, hxy, hyy]) and every instruction applies its chain rule, so they are exact
 * up to rounding. One switch per evaluator keeps a typed Rosenbrock around 10^7 steps/s.
 */
#include <assert.h>
#include <string.h>

#include "expr/expr_internal.h"
#include "util/vectorize.h"

const char *const expr_func_names[EXPR_N_FUNCS] = {
    [EXPR_OP_NEG - EXPR_FIRST_FUNC] = "-",
    [EXPR_OP_SIN - EXPR_FIRST_FUNC] = "sin",
    [EXPR_OP_COS - EXPR_FIRST_FUNC] = "cos",
    [EXPR_OP_TAN - EXPR_FIRST_FUNC] = "tan",
    [EXPR_OP_ASIN - EXPR_FIRST_FUNC] = "asin",
    [EXPR_OP_ACOS - EXPR_FIRST_FUNC] = "acos",
    [EXPR_OP_ATAN - EXPR_FIRST_FUNC] = "atan",
    [EXPR_OP_SINH - EXPR_FIRST_FUNC] = "sinh",
    [EXPR_OP_COSH - EXPR_FIRST_FUNC] = "cosh",
    [EXPR_OP_TANH - EXPR_FIRST_FUNC] = "tanh",
    [EXPR_OP_EXP - EXPR_FIRST_FUNC] = "exp",
    [EXPR_OP_LOG - EXPR_FIRST_FUNC] = "log",
    [EXPR_OP_SQRT - EXPR_FIRST_FUNC] = "sqrt",
    [EXPR_OP_ABS - EXPR_FIRST_FUNC] = "abs",
};

/* f(u), f'(u), f''(u) of a one-argument instruction. When inlined where f'' is unused, the
 * compiler drops its computation. */
static inline double unary_derivs(const ExprInst *in, double u, double *f1, double *f2)
{
    double f0, t, r;
    switch ((ExprOp)in->op) {
    case EXPR_OP_ADD_C:
        *f1 = 1.0, *f2 = 0.0;
        return u + in->c;
    case EXPR_OP_SUB_C:
        *f1 = 1.0, *f2 = 0.0;
        return u - in->c;
    case EXPR_OP_RSUB_C:
        *f1 = -1.0, *f2 = 0.0;
        return in->c - u;
    case EXPR_OP_MUL_C:
        *f1 = in->c, *f2 = 0.0;
        return u * in->c;
    case EXPR_OP_DIV_C:
        *f1 = 1.0 / in->c, *f2 = 0.0;
        return u / in->c;
    case EXPR_OP_RDIV_C:
        f0 = in->c / u;
        *f1 = -f0 / u;
        *f2 = -2.0 * *f1 / u;
        return f0;
    case EXPR_OP_POWI:
        if (in->k == 2) {
            *f1 = 2.0 * u, *f2 = 2.0;
            return u * u;
        }
        /* f' = (n u) u^(n-2) for n >= 2: 3x^2 as (3x)x, the way it is written by hand */
        *f1 = in->k >= 2 ? (in->k * u) * expr_powi(u, in->k - 2)
                         : in->k * expr_powi(u, in->k - 1);
        *f2 = in->k * (in->k - 1.0) * expr_powi(u, in->k - 2);
        return expr_powi(u, in->k);
    case EXPR_OP_POW_C:
        *f1 = in->c * pow(u, in->c - 1.0);
        *f2 = in->c * (in->c - 1.0) * pow(u, in->c - 2.0);
        return pow(u, in->c);
    case EXPR_OP_NEG:
        *f1 = -1.0, *f2 = 0.0;
        return -u;
    case EXPR_OP_SIN:
        f0 = sin(u);
        *f1 = cos(u), *f2 = -f0;
        return f0;
    case EXPR_OP_COS:
        f0 = cos(u);
        *f1 = -sin(u), *f2 = -f0;
        return f0;
    case EXPR_OP_TAN:
        f0 = tan(u);
        *f1 = 1.0 + f0 * f0, *f2 = 2.0 * f0 * *f1;
        return f0;
    case EXPR_OP_ASIN:
        r = 1.0 / sqrt(1.0 - u * u);
        *f1 = r, *f2 = u * r * r * r;
        return asin(u);
    case EXPR_OP_ACOS:
        r = 1.0 / sqrt(1.0 - u * u);
        *f1 = -r, *f2 = -u * r * r * r;
        return acos(u);
    case EXPR_OP_ATAN:
        r = 1.0 / (1.0 + u * u);
        *f1 = r, *f2 = -2.0 * u * r * r;
        return atan(u);
    case EXPR_OP_SINH:
        f0 = sinh(u);
        *f1 = cosh(u), *f2 = f0;
        return f0;
    case EXPR_OP_COSH:
        f0 = cosh(u);
        *f1 = sinh(u), *f2 = f0;
        return f0;
    case EXPR_OP_TANH:
        f0 = tanh(u);
        t = 1.0 - f0 * f0;
        *f1 = t, *f2 = -2.0 * f0 * t;
        return f0;
    case EXPR_OP_EXP:
        f0 = exp(u);
        *f1 = f0, *f2 = f0;
        return f0;
    case EXPR_OP_LOG:
        *f1 = 1.0 / u, *f2 = -(*f1 * *f1);
        return log(u);
    case EXPR_OP_SQRT:
        f0 = sqrt(u);
        *f1 = 0.5 / f0, *f2 = -0.25 / (f0 * u);
        return f0;
    case EXPR_OP_ABS:
        *f1 = u > 0.0 ? 1.0 : u < 0.0 ? -1.0 : 0.0, *f2 = 0.0;
        return fabs(u);
    default:
        assert(0 && "not a one-argument instruction");
        *f1 = *f2 = (double)NAN;
        return (double)NAN;
    }
}

static inline double binary_value(int op, double a, double b)
{
    switch ((ExprOp)op) {
    case EXPR_OP_ADD:
        return a + b;
    case EXPR_OP_SUB:
        return a - b;
    case EXPR_OP_MUL:
        return a * b;
    case EXPR_OP_DIV:
        return a / b;
    case EXPR_OP_POW:
    case EXPR_OP_POW_K:
        return pow(a, b);
    default:
        assert(0 && "not a two-argument instruction");
        return (double)NAN;
    }
}

double expr_apply_unary(const ExprInst *in, double a)
{
    double f1, f2;
    return unary_derivs(in, a, &f1, &f2);
}

double expr_apply_binary(int op, double a, double b)
{
    return binary_value(op, a, b);
}

static inline bool op_is_binary(int op)
{
    return op >= EXPR_OP_ADD && op <= EXPR_OP_POW_K;
}

double expr_eval(const ExprProgram *p, const double *params, double x, double y)
{
    double s[EXPR_STACK_MAX];
    int sp = -1;
    for (const ExprInst *in = p->code, *end = in + p->n_code; in < end; in++) {
        switch ((ExprOp)in->op) {
        case EXPR_OP_X:
            s[++sp] = x;
            break;
        case EXPR_OP_Y:
            s[++sp] = y;
            break;
        case EXPR_OP_CONST:
            s[++sp] = in->c;
            break;
        case EXPR_OP_PARAM:
            s[++sp] = params[in->k];
            break;
        case EXPR_OP_ADD:
            sp--;
            s[sp] = s[sp] + s[sp + 1];
            break;
        case EXPR_OP_SUB:
            sp--;
            s[sp] = s[sp] - s[sp + 1];
            break;
        case EXPR_OP_MUL:
            sp--;
            s[sp] = s[sp] * s[sp + 1];
            break;
        case EXPR_OP_ADD_C:
            s[sp] = s[sp] + in->c;
            break;
        case EXPR_OP_SUB_C:
            s[sp] = s[sp] - in->c;
            break;
        case EXPR_OP_RSUB_C:
            s[sp] = in->c - s[sp];
            break;
        case EXPR_OP_MUL_C:
            s[sp] = s[sp] * in->c;
            break;
        default:
            if (op_is_binary(in->op)) {
                sp--;
                s[sp] = binary_value(in->op, s[sp], s[sp + 1]);
            } else {
                s[sp] = expr_apply_unary(in, s[sp]);
            }
            break;
        }
    }
    assert(sp == 0);
    return s[0];
}

typedef struct {
    double v, gx, gy;
} Dual;

/* The top of the stack lives in locals (tv, tx, ty), the rest in s[0 .. sp): most
 * instructions then touch no memory. The arithmetic is expr_eval_hess's, term for term, so
 * both give the same value and gradient bits. */
double expr_eval_grad(const ExprProgram *p, const double *params, double x, double y,
                      double g[2])
{
    Dual s[EXPR_STACK_MAX];
    int sp = 0;
    double tv = 0.0, tx = 0.0, ty = 0.0;
    for (const ExprInst *in = p->code, *end = in + p->n_code; in < end; in++) {
        const Dual *a;
        double v, f1, f2;
        switch ((ExprOp)in->op) {
        case EXPR_OP_X:
            s[sp++] = (Dual){tv, tx, ty};
            tv = x, tx = 1.0, ty = 0.0;
            break;
        case EXPR_OP_Y:
            s[sp++] = (Dual){tv, tx, ty};
            tv = y, tx = 0.0, ty = 1.0;
            break;
        case EXPR_OP_CONST:
            s[sp++] = (Dual){tv, tx, ty};
            tv = in->c, tx = 0.0, ty = 0.0;
            break;
        case EXPR_OP_PARAM:
            s[sp++] = (Dual){tv, tx, ty};
            tv = params[in->k], tx = 0.0, ty = 0.0;
            break;
        case EXPR_OP_ADD:
            a = &s[--sp];
            tv = a->v + tv, tx = a->gx + tx, ty = a->gy + ty;
            break;
        case EXPR_OP_SUB:
            a = &s[--sp];
            tv = a->v - tv, tx = a->gx - tx, ty = a->gy - ty;
            break;
        case EXPR_OP_MUL:
            a = &s[--sp];
            tx = a->v * tx + tv * a->gx;
            ty = a->v * ty + tv * a->gy;
            tv = a->v * tv;
            break;
        case EXPR_OP_DIV:
            a = &s[--sp];
            v = a->v / tv;
            tx = (a->gx - v * tx) / tv;
            ty = (a->gy - v * ty) / tv;
            tv = v;
            break;
        case EXPR_OP_POW_K:
            /* the exponent does not depend on x, y: the power rule */
            a = &s[--sp];
            f1 = tv * pow(a->v, tv - 1.0);
            tv = pow(a->v, tv);
            tx = f1 * a->gx, ty = f1 * a->gy;
            break;
        case EXPR_OP_POW: {
            /* a^b = exp(b log a): d = v (b da / a + log(a) db) */
            a = &s[--sp];
            double l = log(a->v), q = tv * (1.0 / a->v);
            v = pow(a->v, tv);
            tx = v * (q * a->gx + l * tx);
            ty = v * (q * a->gy + l * ty);
            tv = v;
            break;
        }
        case EXPR_OP_ADD_C:
            tv = tv + in->c;
            break;
        case EXPR_OP_SUB_C:
            tv = tv - in->c;
            break;
        case EXPR_OP_RSUB_C:
            tv = in->c - tv, tx = -tx, ty = -ty;
            break;
        case EXPR_OP_MUL_C:
            tv = tv * in->c, tx = tx * in->c, ty = ty * in->c;
            break;
        case EXPR_OP_DIV_C:
            tv = tv / in->c, tx = tx / in->c, ty = ty / in->c;
            break;
        case EXPR_OP_NEG:
            tv = -tv, tx = -tx, ty = -ty;
            break;
        case EXPR_OP_POWI:
            if (in->k == 2) {
                f1 = 2.0 * tv;
                tv = tv * tv, tx = f1 * tx, ty = f1 * ty;
                break;
            }
            /* fall through */
        default:
            tv = unary_derivs(in, tv, &f1, &f2);
            tx = f1 * tx, ty = f1 * ty;
            break;
        }
    }
    assert(sp == 1);
    if (g) {
        g[0] = tx;
        g[1] = ty;
    }
    return tv;
}

size_t expr_lanes_work(const ExprProgram *p, int n)
{
    return 3 * (size_t)(p->max_stack + 1) * (size_t)n;
}

/* expr_eval_grad with every value an array over the points: the top of the stack is the
 * output arrays (tv, tx, ty), slot k of the rest is work[3kn .. 3(k+1)n) (value, x, y). */
UTIL_VECTORIZE void expr_eval_grad_lanes(const ExprProgram *p, const double *params, int n,
                                         const double *restrict x, const double *restrict y,
                                         double *restrict tv, double *restrict tx,
                                         double *restrict ty, double *restrict work)
{
    size_t N = (size_t)n;
    int sp = 0;
    for (size_t i = 0; i < N; i++)
        tv[i] = tx[i] = ty[i] = 0.0;
    for (const ExprInst *in = p->code, *end = in + p->n_code; in < end; in++) {
        ExprOp op = (ExprOp)in->op;
        double c = in->c;
        if (op == EXPR_OP_X || op == EXPR_OP_Y || op == EXPR_OP_CONST ||
            op == EXPR_OP_PARAM) {
            double *s = work + (size_t)sp++ * 3 * N;
            assert(sp <= p->max_stack + 1);
            memcpy(s, tv, N * sizeof *s);
            memcpy(s + N, tx, N * sizeof *s);
            memcpy(s + 2 * N, ty, N * sizeof *s);
            double pv = op == EXPR_OP_PARAM ? params[in->k] : c;
            for (size_t i = 0; i < N; i++) {
                tv[i] = op == EXPR_OP_X ? x[i] : op == EXPR_OP_Y ? y[i] : pv;
                tx[i] = op == EXPR_OP_X ? 1.0 : 0.0;
                ty[i] = op == EXPR_OP_Y ? 1.0 : 0.0;
            }
            continue;
        }
        const double *av = NULL, *ax = NULL, *ay = NULL;
        if (op_is_binary(op)) {
            av = work + (size_t)--sp * 3 * N;
            ax = av + N;
            ay = av + 2 * N;
        }
        double v, f1, f2, l, q;
        switch (op) {
        case EXPR_OP_ADD:
            for (size_t i = 0; i < N; i++)
                tv[i] = av[i] + tv[i], tx[i] = ax[i] + tx[i], ty[i] = ay[i] + ty[i];
            break;
        case EXPR_OP_SUB:
            for (size_t i = 0; i < N; i++)
                tv[i] = av[i] - tv[i], tx[i] = ax[i] - tx[i], ty[i] = ay[i] - ty[i];
            break;
        case EXPR_OP_MUL:
            for (size_t i = 0; i < N; i++) {
                tx[i] = av[i] * tx[i] + tv[i] * ax[i];
                ty[i] = av[i] * ty[i] + tv[i] * ay[i];
                tv[i] = av[i] * tv[i];
            }
            break;
        case EXPR_OP_DIV:
            for (size_t i = 0; i < N; i++) {
                v = av[i] / tv[i];
                tx[i] = (ax[i] - v * tx[i]) / tv[i];
                ty[i] = (ay[i] - v * ty[i]) / tv[i];
                tv[i] = v;
            }
            break;
        case EXPR_OP_POW_K:
            for (size_t i = 0; i < N; i++) {
                f1 = tv[i] * pow(av[i], tv[i] - 1.0);
                tv[i] = pow(av[i], tv[i]);
                tx[i] = f1 * ax[i], ty[i] = f1 * ay[i];
            }
            break;
        case EXPR_OP_POW:
            for (size_t i = 0; i < N; i++) {
                l = log(av[i]), q = tv[i] * (1.0 / av[i]);
                v = pow(av[i], tv[i]);
                tx[i] = v * (q * ax[i] + l * tx[i]);
                ty[i] = v * (q * ay[i] + l * ty[i]);
                tv[i] = v;
            }
            break;
        case EXPR_OP_ADD_C:
            for (size_t i = 0; i < N; i++)
                tv[i] = tv[i] + c;
            break;
        case EXPR_OP_SUB_C:
            for (size_t i = 0; i < N; i++)
                tv[i] = tv[i] - c;
            break;
        case EXPR_OP_RSUB_C:
            for (size_t i = 0; i < N; i++)
                tv[i] = c - tv[i], tx[i] = -tx[i], ty[i] = -ty[i];
            break;
        case EXPR_OP_MUL_C:
            for (size_t i = 0; i < N; i++)
                tv[i] = tv[i] * c, tx[i] = tx[i] * c, ty[i] = ty[i] * c;
            break;
        case EXPR_OP_DIV_C:
            for (size_t i = 0; i < N; i++)
                tv[i] = tv[i] / c, tx[i] = tx[i] / c, ty[i] = ty[i] / c;
            break;
        case EXPR_OP_NEG:
            for (size_t i = 0; i < N; i++)
                tv[i] = -tv[i], tx[i] = -tx[i], ty[i] = -ty[i];
            break;
        case EXPR_OP_POWI:
            if (in->k == 2) {
                for (size_t i = 0; i < N; i++) {
                    f1 = 2.0 * tv[i];
                    tv[i] = tv[i] * tv[i], tx[i] = f1 * tx[i], ty[i] = f1 * ty[i];
                }
                break;
            }
            /* fall through */
        default:
            for (size_t i = 0; i < N; i++) {
                tv[i] = unary_derivs(in, tv[i], &f1, &f2);
                tx[i] = f1 * tx[i], ty[i] = f1 * ty[i];
            }
            break;
        }
    }
    assert(sp == 1);
}

typedef struct {
    double v, gx, gy, hxx, hxy, hyy;
} HyperDual;

/* f(u) for u = *a: the chain rule to second order. */
static inline void hd_chain(HyperDual *a, double f0, double f1, double f2)
{
    double gx = a->gx, gy = a->gy;
    a->v = f0;
    a->gx = f1 * gx;
    a->gy = f1 * gy;
    a->hxx = f1 * a->hxx + f2 * gx * gx;
    a->hxy = f1 * a->hxy + f2 * gx * gy;
    a->hyy = f1 * a->hyy + f2 * gy * gy;
}

static inline void hd_scale(HyperDual *a, double v, double c)
{
    *a = (HyperDual){v, a->gx * c, a->gy * c, a->hxx * c, a->hxy * c, a->hyy * c};
}

/* As expr_eval_grad: the top of the stack in a local (t), the rest in s[0 .. sp). */
double expr_eval_hess(const ExprProgram *p, const double *params, double x, double y,
                      double g[2], double h[3])
{
    HyperDual s[EXPR_STACK_MAX];
    int sp = 0;
    HyperDual t = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    for (const ExprInst *in = p->code, *end = in + p->n_code; in < end; in++) {
        const HyperDual *a;
        double v, f1, f2;
        switch ((ExprOp)in->op) {
        case EXPR_OP_X:
            s[sp++] = t;
            t = (HyperDual){x, 1.0, 0.0, 0.0, 0.0, 0.0};
            break;
        case EXPR_OP_Y:
            s[sp++] = t;
            t = (HyperDual){y, 0.0, 1.0, 0.0, 0.0, 0.0};
            break;
        case EXPR_OP_CONST:
            s[sp++] = t;
            t = (HyperDual){in->c, 0.0, 0.0, 0.0, 0.0, 0.0};
            break;
        case EXPR_OP_PARAM:
            s[sp++] = t;
            t = (HyperDual){params[in->k], 0.0, 0.0, 0.0, 0.0, 0.0};
            break;
        case EXPR_OP_ADD:
            a = &s[--sp];
            t = (HyperDual){a->v + t.v, a->gx + t.gx, a->gy + t.gy,
                            a->hxx + t.hxx, a->hxy + t.hxy, a->hyy + t.hyy};
            break;
        case EXPR_OP_SUB:
            a = &s[--sp];
            t = (HyperDual){a->v - t.v, a->gx - t.gx, a->gy - t.gy,
                            a->hxx - t.hxx, a->hxy - t.hxy, a->hyy - t.hyy};
            break;
        case EXPR_OP_MUL:
            a = &s[--sp];
            t = (HyperDual){a->v * t.v,
                            a->v * t.gx + t.v * a->gx,
                            a->v * t.gy + t.v * a->gy,
                            a->v * t.hxx + t.v * a->hxx + 2.0 * a->gx * t.gx,
                            a->v * t.hxy + t.v * a->hxy + (a->gx * t.gy + a->gy * t.gx),
                            a->v * t.hyy + t.v * a->hyy + 2.0 * a->gy * t.gy};
            break;
        case EXPR_OP_DIV: {
            /* q = a / b: from q b = a, dq = (da - q db) / b and
             * d2q = (d2a - q d2b - dq db^T - db dq^T) / b */
            a = &s[--sp];
            double q = a->v / t.v;
            double qx = (a->gx - q * t.gx) / t.v, qy = (a->gy - q * t.gy) / t.v;
            t = (HyperDual){q, qx, qy,
                            (a->hxx - q * t.hxx - 2.0 * qx * t.gx) / t.v,
                            (a->hxy - q * t.hxy - (qx * t.gy + qy * t.gx)) / t.v,
                            (a->hyy - q * t.hyy - 2.0 * qy * t.gy) / t.v};
            break;
        }
        case EXPR_OP_POW_K: {
            /* the exponent b = t does not depend on x, y: the power rule */
            double b = t.v;
            t = s[--sp];
            v = pow(t.v, b);
            hd_chain(&t, v, b * pow(t.v, b - 1.0), b * (b - 1.0) * pow(t.v, b - 2.0));
            break;
        }
        case EXPR_OP_POW: {
            /* v = exp(w), w = b log a: dv = v dw, d2v = v (d2w + dw dw^T) with
             * dw = b da / a + log(a) db and
             * d2w = b (d2a / a - da da^T / a^2) + log(a) d2b + (da db^T + db da^T) / a */
            a = &s[--sp];
            const HyperDual b = t;
            double l = log(a->v), ia = 1.0 / a->v, q = b.v * ia;
            double wx = q * a->gx + l * b.gx, wy = q * a->gy + l * b.gy;
            double lx = a->gx * ia, ly = a->gy * ia; /* d log a */
            double wxx = q * a->hxx - b.v * lx * lx + l * b.hxx + 2.0 * lx * b.gx;
            double wxy = q * a->hxy - b.v * lx * ly + l * b.hxy + (lx * b.gy + ly * b.gx);
            double wyy = q * a->hyy - b.v * ly * ly + l * b.hyy + 2.0 * ly * b.gy;
            v = pow(a->v, b.v);
            t = (HyperDual){v, v * wx, v * wy,
                            v * (wxx + wx * wx), v * (wxy + wx * wy), v * (wyy + wy * wy)};
            break;
        }
        case EXPR_OP_ADD_C:
            t.v = t.v + in->c;
            break;
        case EXPR_OP_SUB_C:
            t.v = t.v - in->c;
            break;
        case EXPR_OP_RSUB_C:
            hd_scale(&t, in->c - t.v, -1.0);
            break;
        case EXPR_OP_MUL_C:
            hd_scale(&t, t.v * in->c, in->c);
            break;
        case EXPR_OP_DIV_C:
            t = (HyperDual){t.v / in->c, t.gx / in->c, t.gy / in->c,
                            t.hxx / in->c, t.hxy / in->c, t.hyy / in->c};
            break;
        case EXPR_OP_NEG:
            hd_scale(&t, -t.v, -1.0);
            break;
        case EXPR_OP_POWI:
            if (in->k == 2) {
                hd_chain(&t, t.v * t.v, 2.0 * t.v, 2.0);
                break;
            }
            /* fall through */
        default:
            v = unary_derivs(in, t.v, &f1, &f2);
            hd_chain(&t, v, f1, f2);
            break;
        }
    }
    assert(sp == 1);
    if (g) {
        g[0] = t.gx;
        g[1] = t.gy;
    }
    if (h) {
        h[0] = t.hxx;
        h[1] = t.hxy;
        h[2] = t.hyy;
    }
    return t.v;
}

double expr_eval_full(const ExprProgram *p, const double *params, double x, double y,
                      double g[2], double h[3])
{
    if (h)
        return expr_eval_hess(p, params, x, y, g, h);
    if (g)
        return expr_eval_grad(p, params, x, y, g);
    return expr_eval(p, params, x, y);
}

bool expr_program_equal(const ExprProgram *a, const ExprProgram *b)
{
    if (a->n_code != b->n_code || a->n_params != b->n_params)
        return false;
    for (int i = 0; i < a->n_code; i++) {
        const ExprInst *p = &a->code[i], *q = &b->code[i];
        if (p->op != q->op || p->k != q->k)
            return false;
        bool nan_p = isnan(p->c), nan_q = isnan(q->c);
        if (nan_p != nan_q || (!nan_p && memcmp(&p->c, &q->c, sizeof p->c) != 0))
            return false;
    }
    return true;
}
