/* test_landscape.c - the landscapes against their definitions: values at hand-computed points,
 * gradients and Hessians against central differences, critical points (zero gradient, the
 * listed kind, coordinates to ~1e-9), the ravine's eigenstructure, the plateau's flatness,
 * the data landscapes' datasets and minibatch losses, the registry, and the closed forms'
 * expressions against their compiled programs and the hand-written formulas they replaced.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "expr/expr.h"
#include "landscape/landscape.h"
#include "test.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* f, g, h of a whole landscape (idx == NULL) or of one of its minibatches. */
typedef struct {
    const Landscape *ls;
    const int *idx;
    int n;
} Objective;

static double obj_eval(const Objective *o, double x, double y, double g[2], double h[3])
{
    if (o->idx)
        return o->ls->eval_batch(o->idx, o->n, x, y, g, h);
    return landscape_eval(o->ls, x, y, g, h);
}

/* Central differences with step FD_H. The tolerance allows the rounding error of the
 * difference quotient (a few ulps of the values differenced, divided by 2 FD_H) plus a
 * relative 1e-6 for the O(FD_H^2) truncation; a wrong coefficient or sign misses it by
 * orders of magnitude. Returns false (after asserting) at the first mismatch. */
#define FD_H 1e-5

static double fd_tol(double analytic, double differenced)
{
    return 1e-6 * (1.0 + fabs(analytic)) + 64.0 * DBL_EPSILON * (1.0 + fabs(differenced)) / FD_H;
}

static bool check_derivatives_at(const Objective *o, double x, double y)
{
    int before = test_state_.assert_failures;
    double g[2], h[3], gp[2], gm[2];
    double f = obj_eval(o, x, y, g, h);

    /* Gradient from f. */
    double fxp = obj_eval(o, x + FD_H, y, NULL, NULL), fxm = obj_eval(o, x - FD_H, y, NULL, NULL);
    double fyp = obj_eval(o, x, y + FD_H, NULL, NULL), fym = obj_eval(o, x, y - FD_H, NULL, NULL);
    ASSERT_NEAR(g[0], (fxp - fxm) / (2.0 * FD_H), fd_tol(g[0], f));
    ASSERT_NEAR(g[1], (fyp - fym) / (2.0 * FD_H), fd_tol(g[1], f));

    /* Hessian from the analytic gradient; hxy both ways. */
    obj_eval(o, x + FD_H, y, gp, NULL);
    obj_eval(o, x - FD_H, y, gm, NULL);
    double gs = fabs(g[0]) + fabs(g[1]);
    ASSERT_NEAR(h[0], (gp[0] - gm[0]) / (2.0 * FD_H), fd_tol(h[0], gs));
    ASSERT_NEAR(h[1], (gp[1] - gm[1]) / (2.0 * FD_H), fd_tol(h[1], gs));
    obj_eval(o, x, y + FD_H, gp, NULL);
    obj_eval(o, x, y - FD_H, gm, NULL);
    ASSERT_NEAR(h[1], (gp[0] - gm[0]) / (2.0 * FD_H), fd_tol(h[1], gs));
    ASSERT_NEAR(h[2], (gp[1] - gm[1]) / (2.0 * FD_H), fd_tol(h[2], gs));

    /* Asking for less must not change the value. */
    double g2[2], h2[3];
    ASSERT(obj_eval(o, x, y, NULL, NULL) == f);
    ASSERT(obj_eval(o, x, y, g2, NULL) == f && g2[0] == g[0] && g2[1] == g[1]);
    ASSERT(obj_eval(o, x, y, NULL, h2) == f && h2[0] == h[0] && h2[1] == h[1] && h2[2] == h[2]);

    if (test_state_.assert_failures != before) {
        fprintf(stderr, "  at %s (%.17g, %.17g)\n", o->ls->id, x, y);
        return false;
    }
    return true;
}

static bool in_view(const ViewBox *v, double x, double y)
{
    return x >= v->xmin && x <= v->xmax && y >= v->ymin && y <= v->ymax;
}

static const char *const EXPECTED_IDS[LANDSCAPE_COUNT] = {
    "bowl", "ravine", "rotated-ravine", "saddle", "monkey-saddle", "plateau", "rosenbrock",
    "beale", "himmelblau", "rastrigin", "six-hump-camel", "two-wells", "logistic", "tiny-net",
};

TEST(test_registry)
{
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        ASSERT(ls != NULL);
        ASSERT((int)ls->lid == i);
        ASSERT(strcmp(ls->id, EXPECTED_IDS[i]) == 0);
        ASSERT(landscape_find(ls->id) == ls);
        for (int j = 0; j < i; j++)
            ASSERT(strcmp(ls->id, landscape_at(j)->id) != 0);
        ASSERT(ls->name && ls->name[0] && ls->formula && ls->formula[0]);
        ASSERT(ls->eval != NULL);
        ASSERT(ls->crit != NULL && ls->n_crit >= 1);
        ASSERT((ls->data == NULL) == (ls->eval_batch == NULL));
        ASSERT((ls->data != NULL) == (i == LANDSCAPE_LOGISTIC || i == LANDSCAPE_TINY_NET));

        const ViewBox *v = &ls->view;
        ASSERT(isfinite(v->xmin) && isfinite(v->xmax) && isfinite(v->ymin) && isfinite(v->ymax));
        ASSERT(v->xmin < v->xmax && v->ymin < v->ymax);
        ASSERT(isfinite(ls->start[0]) && isfinite(ls->start[1]));
        ASSERT(in_view(v, ls->start[0], ls->start[1]));
        ASSERT(isfinite(landscape_eval(ls, ls->start[0], ls->start[1], NULL, NULL)));
    }
    ASSERT(landscape_find("nope") == NULL);
    ASSERT(landscape_find("") == NULL);
    ASSERT(landscape_find("Bowl") == NULL);
    ASSERT(landscape_find("bowl ") == NULL);
    ASSERT(landscape_find(NULL) == NULL);
    ASSERT(strcmp(landscape_at(LANDSCAPE_BOWL)->formula, "x² + y²") == 0);
    ASSERT_STR_CONTAINS(landscape_at(LANDSCAPE_ROSENBROCK)->formula, "100(y − x²)²");
}

/* f at points worked out by hand, so the formulas (not only their derivatives) are right. */
/* Each closed form is its expression: the build's program is what the text compiles to at run
 * time, ls->eval runs it (value and gradient bits the same whether or not the Hessian is
 * asked for), and where the text follows the old hand-written C, its bits are those of the
 * hand-written formulas (Rosenbrock, monkey saddle, below). Data landscapes have none. */
TEST(test_closed_forms_are_expressions)
{
    TestRng r = {77};
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        if (ls->data) {
            ASSERT(!ls->expr && !ls->program);
            continue;
        }
        ExprProgram *p = NULL;
        ExprError err;
        ASSERT(ls->expr && ls->program);
        ASSERT(expr_compile(&(ExprDesc){.text = ls->expr}, &p, &err));
        ASSERT(p && expr_program_equal(p, ls->program));
        for (int k = 0; p && k < 200; k++) {
            double x = trng_uniform(&r, ls->view.xmin, ls->view.xmax);
            double y = trng_uniform(&r, ls->view.ymin, ls->view.ymax);
            double g[2], h[3], g1[2], ge[2], he[3];
            double f = ls->eval(x, y, g, h), f1 = ls->eval(x, y, g1, NULL);
            double fe = expr_eval_hess(p, NULL, x, y, ge, he);
            ASSERT(memcmp(&f, &fe, sizeof f) == 0 && memcmp(g, ge, sizeof g) == 0
                   && memcmp(h, he, sizeof h) == 0);
            ASSERT(memcmp(&f, &f1, sizeof f) == 0 && memcmp(g, g1, sizeof g) == 0);
            ASSERT(ls->eval(x, y, NULL, NULL) == f);
        }
        expr_free(p);
    }
    const Landscape *rb = landscape_find("rosenbrock"), *ms = landscape_find("monkey-saddle");
    for (int k = 0; k < 1000; k++) {
        double x = trng_uniform(&r, -2.0, 2.0), y = trng_uniform(&r, -1.0, 3.0);
        double g[2], h[3];
        double f = rb->eval(x, y, g, h);
        double a = 1.0 - x, b = 10.0 * (y - x * x); /* the hand-written residuals */
        ASSERT(f == a * a + b * b);
        ASSERT(g[0] == 2.0 * a * -1.0 + 2.0 * b * (-20.0 * x) && g[1] == 2.0 * b * 10.0);
        ASSERT(h[0] == 2.0 + 2.0 * ((-20.0 * x) * (-20.0 * x) + b * -20.0));
        ASSERT(h[1] == 2.0 * (-20.0 * x * 10.0) && h[2] == 200.0);
        f = ms->eval(x, y, g, h);
        ASSERT(f == x * x * x - 3.0 * x * y * y);
        ASSERT(g[0] == 3.0 * x * x - 3.0 * y * y && g[1] == -6.0 * x * y);
        ASSERT(h[0] == 6.0 * x && h[1] == -6.0 * y && h[2] == -6.0 * x);
    }
}

TEST(test_values_by_hand)
{
    static const struct {
        LandscapeId lid;
        double x, y, f;
    } cases[] = {
        {LANDSCAPE_BOWL, 1.6, 1.2, 4.0},
        {LANDSCAPE_RAVINE, 10.0, 1.0, 6.0},
        {LANDSCAPE_ROTATED_RAVINE, 1.0, 1.0, 0.1},  /* u = sqrt2, v = 0 */
        {LANDSCAPE_ROTATED_RAVINE, -1.0, 1.0, 2.0}, /* u = 0, v = sqrt2 */
        {LANDSCAPE_SADDLE, 1.0, 2.0, -3.0},
        {LANDSCAPE_MONKEY_SADDLE, 1.0, 1.0, -2.0},
        {LANDSCAPE_MONKEY_SADDLE, 2.0, 0.0, 8.0},
        {LANDSCAPE_PLATEAU, 0.0, 0.0, 0.0},
        {LANDSCAPE_ROSENBROCK, -1.2, 1.0, 24.2},
        {LANDSCAPE_ROSENBROCK, 1.0, 1.0, 0.0},
        {LANDSCAPE_BEALE, 1.0, 1.5, 41.25}, /* 2^2 + 3.5^2 + 5^2 */
        {LANDSCAPE_BEALE, 3.0, 0.5, 0.0},
        {LANDSCAPE_BEALE, 0.0, 7.0, 14.203125}, /* constant on x = 0 */
        {LANDSCAPE_HIMMELBLAU, 0.0, 0.0, 170.0},
        {LANDSCAPE_HIMMELBLAU, 3.0, 2.0, 0.0},
        {LANDSCAPE_RASTRIGIN, 0.0, 0.0, 0.0},
        {LANDSCAPE_RASTRIGIN, 0.5, 0.5, 40.5},
        {LANDSCAPE_RASTRIGIN, 1.0, -2.0, 5.0},
        {LANDSCAPE_SIX_HUMP_CAMEL, 1.0, 1.0, 4.0 - 2.1 + 1.0 / 3.0 + 1.0},
        {LANDSCAPE_SIX_HUMP_CAMEL, 0.0, 1.0, 0.0},
    };
    for (int i = 0; i < N_OF(cases); i++) {
        const Landscape *ls = landscape_at((int)cases[i].lid);
        double f = landscape_eval(ls, cases[i].x, cases[i].y, NULL, NULL);
        ASSERT_NEAR(f, cases[i].f, 1e-12 * (1.0 + fabs(cases[i].f)));
    }

    /* Plateau: 1 - exp(-r^2 / 0.98) + 5e-5 r^2. */
    const Landscape *pl = landscape_at(LANDSCAPE_PLATEAU);
    ASSERT_NEAR(landscape_eval(pl, 0.7, 0.0, NULL, NULL), 1.0 - exp(-0.5) + 5e-5 * 0.49, 1e-15);
    ASSERT_NEAR(landscape_eval(pl, 3.0, 4.0, NULL, NULL), 1.0 - exp(-25.0 / 0.98) + 5e-5 * 25.0,
                1e-15);

    /* Two wells: the constants the shader copies. */
    const Landscape *tw = landscape_at(LANDSCAPE_TWO_WELLS);
    ASSERT_NEAR(landscape_eval(tw, 1.5, 0.5, NULL, NULL),
                0.05 * 2.5 - 2.0 - 1.2 * exp(-10.0 / 0.5), 1e-15);
    ASSERT_NEAR(landscape_eval(tw, -1.5, -0.5, NULL, NULL),
                0.05 * 2.5 - 2.0 * exp(-10.0 / 0.8) - 1.2, 1e-15);
    ASSERT_NEAR(landscape_eval(tw, 0.0, 1.0, NULL, NULL),
                0.05 - 2.0 * exp(-2.5 / 0.8) - 1.2 * exp(-4.5 / 0.5), 1e-15);
}

TEST(test_derivatives_closed_form)
{
    TestRng rng = {0x5eed0001u};
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        if (ls->data)
            continue;
        Objective o = {ls, NULL, 0};
        const ViewBox *v = &ls->view;
        int checked = 0;
        for (int k = 0; k < 500; k++) {
            double x = trng_uniform(&rng, v->xmin, v->xmax);
            double y = trng_uniform(&rng, v->ymin, v->ymax);
            if (!check_derivatives_at(&o, x, y))
                break;
            checked++;
        }
        ASSERT(checked == 500);
    }
}

TEST(test_derivatives_data)
{
    TestRng rng = {0x5eed0002u};
    static int idx[512];
    for (int i = LANDSCAPE_LOGISTIC; i <= LANDSCAPE_TINY_NET; i++) {
        const Landscape *ls = landscape_at(i);
        const ViewBox *v = &ls->view;
        int n = ls->data->n, checked = 0;
        for (int k = 0; k < 500; k++) {
            Objective o = {ls, NULL, 0};
            if (k % 2) { /* every other point: a random minibatch, repeats allowed */
                o.n = 1 + (int)(trng_next(&rng) % (uint64_t)n);
                for (int j = 0; j < o.n; j++)
                    idx[j] = (int)(trng_next(&rng) % (uint64_t)n);
                o.idx = idx;
            }
            double x = trng_uniform(&rng, v->xmin, v->xmax);
            double y = trng_uniform(&rng, v->ymin, v->ymax);
            if (!check_derivatives_at(&o, x, y))
                break;
            checked++;
        }
        ASSERT(checked == 500);
    }
}

/* Every listed critical point: zero gradient, the listed kind, distinct, in the view, and
 * accurate: one Newton step from it moves it by less than 1e-9. */
TEST(test_critical_points)
{
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        for (int c = 0; c < ls->n_crit; c++) {
            const CriticalPoint *p = &ls->crit[c];
            double g[2], h[3], eig[2];
            landscape_eval(ls, p->x, p->y, g, h);
            int before = test_state_.assert_failures;
            ASSERT(hypot(g[0], g[1]) < 1e-10);
            ASSERT(landscape_classify_hessian(h, 1e-8, eig) == p->kind);
            ASSERT(in_view(&ls->view, p->x, p->y));
            if (p->kind != CRIT_DEGENERATE) {
                double det = h[0] * h[2] - h[1] * h[1];
                double dx = (h[2] * g[0] - h[1] * g[1]) / det;
                double dy = (h[0] * g[1] - h[1] * g[0]) / det;
                ASSERT(hypot(dx, dy) < 1e-9);
            }
            for (int d = 0; d < c; d++)
                ASSERT(hypot(p->x - ls->crit[d].x, p->y - ls->crit[d].y) > 1e-3);
            if (test_state_.assert_failures != before)
                fprintf(stderr, "  at %s critical point %d (%.17g, %.17g)\n", ls->id, c, p->x,
                        p->y);
        }
    }
}

static int count_kind(const Landscape *ls, CritKind kind)
{
    int n = 0;
    for (int c = 0; c < ls->n_crit; c++)
        n += ls->crit[c].kind == kind;
    return n;
}

static bool has_crit(const Landscape *ls, double x, double y, CritKind kind, double tol)
{
    for (int c = 0; c < ls->n_crit; c++)
        if (ls->crit[c].kind == kind && fabs(ls->crit[c].x - x) <= tol &&
            fabs(ls->crit[c].y - y) <= tol)
            return true;
    return false;
}

TEST(test_known_critical_points)
{
    const Landscape *m = landscape_at(LANDSCAPE_MONKEY_SADDLE);
    double g[2], h[3], eig[2];
    landscape_eval(m, 0.0, 0.0, g, h);
    ASSERT(g[0] == 0.0 && g[1] == 0.0);
    ASSERT(landscape_classify_hessian(h, 1e-12, eig) == CRIT_DEGENERATE);
    ASSERT(eig[0] == 0.0 && eig[1] == 0.0);
    ASSERT(has_crit(m, 0.0, 0.0, CRIT_DEGENERATE, 0.0));
    /* Not a minimum or maximum either: f changes sign on every circle around it. */
    ASSERT(landscape_eval(m, 0.1, 0.0, NULL, NULL) > 0.0);
    ASSERT(landscape_eval(m, -0.1, 0.0, NULL, NULL) < 0.0);

    ASSERT(has_crit(landscape_at(LANDSCAPE_BOWL), 0.0, 0.0, CRIT_MINIMUM, 0.0));
    ASSERT(has_crit(landscape_at(LANDSCAPE_SADDLE), 0.0, 0.0, CRIT_SADDLE, 0.0));
    ASSERT(has_crit(landscape_at(LANDSCAPE_ROSENBROCK), 1.0, 1.0, CRIT_MINIMUM, 0.0));
    ASSERT(has_crit(landscape_at(LANDSCAPE_BEALE), 3.0, 0.5, CRIT_MINIMUM, 0.0));
    ASSERT(has_crit(landscape_at(LANDSCAPE_BEALE), 0.0, 1.0, CRIT_SADDLE, 0.0));
    ASSERT(has_crit(landscape_at(LANDSCAPE_PLATEAU), 0.0, 0.0, CRIT_MINIMUM, 0.0));

    /* Himmelblau: exactly four minima, at the known places, all with f = 0. */
    const Landscape *hb = landscape_at(LANDSCAPE_HIMMELBLAU);
    static const double hmin[4][2] = {
        {3.0, 2.0}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}};
    ASSERT(count_kind(hb, CRIT_MINIMUM) == 4);
    ASSERT(count_kind(hb, CRIT_MAXIMUM) == 1);
    ASSERT(count_kind(hb, CRIT_SADDLE) == 4);
    for (int k = 0; k < 4; k++)
        ASSERT(has_crit(hb, hmin[k][0], hmin[k][1], CRIT_MINIMUM, 1e-6));
    ASSERT(has_crit(hb, -0.270845, -0.923039, CRIT_MAXIMUM, 1e-6));
    for (int c = 0; c < hb->n_crit; c++)
        if (hb->crit[c].kind == CRIT_MINIMUM)
            ASSERT_NEAR(landscape_eval(hb, hb->crit[c].x, hb->crit[c].y, NULL, NULL), 0.0, 1e-20);

    /* Rastrigin: the global minimum is the lowest listed point; the others are higher. */
    const Landscape *ra = landscape_at(LANDSCAPE_RASTRIGIN);
    ASSERT(has_crit(ra, 0.0, 0.0, CRIT_MINIMUM, 0.0));
    /* Every critical point with both coordinates in {0, +-0.50, +-0.99}: the inner ring's
     * 12 saddles include the 8 where one coordinate sits at a maximum of r, the other at a
     * minimum away from 0. */
    ASSERT(count_kind(ra, CRIT_MINIMUM) == 9 && count_kind(ra, CRIT_SADDLE) == 12 &&
           count_kind(ra, CRIT_MAXIMUM) == 4);
    ASSERT(has_crit(ra, 0.5025, 0.9950, CRIT_SADDLE, 1e-4));
    ASSERT(has_crit(ra, -0.9950, -0.5025, CRIT_SADDLE, 1e-4));
    for (int c = 0; c < ra->n_crit; c++)
        if (ra->crit[c].x != 0.0 || ra->crit[c].y != 0.0)
            ASSERT(landscape_eval(ra, ra->crit[c].x, ra->crit[c].y, NULL, NULL) > 0.9);

    /* Six-hump camel: six minima, the two global ones at (+-0.0898, -+0.7126), f = -1.0316. */
    const Landscape *sc = landscape_at(LANDSCAPE_SIX_HUMP_CAMEL);
    ASSERT(count_kind(sc, CRIT_MINIMUM) == 6);
    ASSERT(has_crit(sc, 0.0898, -0.7126, CRIT_MINIMUM, 1e-4));
    ASSERT(has_crit(sc, -0.0898, 0.7126, CRIT_MINIMUM, 1e-4));
    ASSERT_NEAR(landscape_eval(sc, 0.089842013100318072, -0.71265640302073963, NULL, NULL),
                -1.0316284534898774, 1e-12);
    for (int c = 0; c < sc->n_crit; c++)
        ASSERT(landscape_eval(sc, sc->crit[c].x, sc->crit[c].y, NULL, NULL) >=
               -1.0316284534898774 - 1e-12);
}

/* Two wells: a deeper well near (1.5, 0.5), a shallow one near (-1.5, -0.5), a saddle between,
 * and plain gradient descent from the default start ends in the shallow one. */
TEST(test_two_wells)
{
    const Landscape *tw = landscape_at(LANDSCAPE_TWO_WELLS);
    const CriticalPoint *deep = NULL, *shallow = NULL, *saddle = NULL;
    for (int c = 0; c < tw->n_crit; c++) {
        const CriticalPoint *p = &tw->crit[c];
        if (p->kind == CRIT_SADDLE)
            saddle = p;
        else if (p->kind == CRIT_MINIMUM && p->x > 0.0)
            deep = p;
        else if (p->kind == CRIT_MINIMUM)
            shallow = p;
    }
    ASSERT(deep && shallow && saddle);
    if (!deep || !shallow || !saddle)
        return;
    ASSERT(hypot(deep->x - 1.5, deep->y - 0.5) < 0.1);
    ASSERT(hypot(shallow->x + 1.5, shallow->y + 0.5) < 0.1);
    double fd = landscape_eval(tw, deep->x, deep->y, NULL, NULL);
    double fs = landscape_eval(tw, shallow->x, shallow->y, NULL, NULL);
    double fsad = landscape_eval(tw, saddle->x, saddle->y, NULL, NULL);
    ASSERT(fd < fs - 0.5 && fs < fsad);
    ASSERT(saddle->x > shallow->x && saddle->x < deep->x);

    double x = tw->start[0], y = tw->start[1], g[2];
    for (int k = 0; k < 2000; k++) {
        landscape_eval(tw, x, y, g, NULL);
        x -= 0.1 * g[0];
        y -= 0.1 * g[1];
    }
    ASSERT(hypot(x - shallow->x, y - shallow->y) < 1e-9);
}

TEST(test_classify_hessian)
{
    double eig[2];
    ASSERT(landscape_classify_hessian((double[3]){1.0, 0.0, 2.0}, 1e-12, eig) == CRIT_MINIMUM);
    ASSERT(eig[0] == 1.0 && eig[1] == 2.0);
    ASSERT(landscape_classify_hessian((double[3]){2.0, 0.0, 1.0}, 1e-12, eig) == CRIT_MINIMUM);
    ASSERT(eig[0] == 1.0 && eig[1] == 2.0); /* ascending, whatever the diagonal order */
    ASSERT(landscape_classify_hessian((double[3]){-1.0, 0.0, -3.0}, 1e-12, eig) ==
           CRIT_MAXIMUM);
    ASSERT(eig[0] == -3.0 && eig[1] == -1.0);
    ASSERT(landscape_classify_hessian((double[3]){2.0, 0.0, -2.0}, 1e-12, eig) == CRIT_SADDLE);
    ASSERT(eig[0] == -2.0 && eig[1] == 2.0);
    ASSERT(landscape_classify_hessian((double[3]){0.0, 1.0, 0.0}, 1e-12, eig) == CRIT_SADDLE);
    ASSERT_NEAR(eig[0], -1.0, 1e-15);
    ASSERT_NEAR(eig[1], 1.0, 1e-15);
    /* [[2, 1], [1, 2]]: eigenvalues 1 and 3. */
    ASSERT(landscape_classify_hessian((double[3]){2.0, 1.0, 2.0}, 1e-12, eig) == CRIT_MINIMUM);
    ASSERT_NEAR(eig[0], 1.0, 1e-15);
    ASSERT_NEAR(eig[1], 3.0, 1e-15);
    /* [[1, 2], [2, 1]]: eigenvalues -1 and 3. */
    ASSERT(landscape_classify_hessian((double[3]){1.0, 2.0, 1.0}, 1e-12, eig) == CRIT_SADDLE);
    ASSERT_NEAR(eig[0], -1.0, 1e-15);
    ASSERT_NEAR(eig[1], 3.0, 1e-15);
    /* A tiny eigenvalue keeps its digits next to a large one. */
    ASSERT(landscape_classify_hessian((double[3]){1e8, 0.0, 1e-8}, 0.0, eig) == CRIT_MINIMUM);
    ASSERT_NEAR(eig[0], 1e-8, 1e-22);
    ASSERT(landscape_classify_hessian((double[3]){-1e8, 0.0, -1e-8}, 0.0, eig) ==
           CRIT_MAXIMUM);
    ASSERT_NEAR(eig[1], -1e-8, 1e-22);
    /* Degenerate: a zero eigenvalue, or one within tol. */
    ASSERT(landscape_classify_hessian((double[3]){0.0, 0.0, 0.0}, 0.0, eig) == CRIT_DEGENERATE);
    ASSERT(eig[0] == 0.0 && eig[1] == 0.0);
    ASSERT(landscape_classify_hessian((double[3]){1.0, 1.0, 1.0}, 1e-12, eig) ==
           CRIT_DEGENERATE);
    ASSERT_NEAR(eig[0], 0.0, 1e-15);
    ASSERT_NEAR(eig[1], 2.0, 1e-15);
    ASSERT(landscape_classify_hessian((double[3]){1.0, 0.0, 1e-10}, 1e-9, NULL) ==
           CRIT_DEGENERATE);
    ASSERT(landscape_classify_hessian((double[3]){1.0, 0.0, -1e-10}, 1e-9, NULL) ==
           CRIT_DEGENERATE);
    ASSERT(landscape_classify_hessian((double[3]){1.0, 0.0, 1e-10}, 1e-11, NULL) ==
           CRIT_MINIMUM);
    ASSERT(landscape_classify_hessian((double[3]){NAN, 0.0, 1.0}, 1e-9, NULL) ==
           CRIT_DEGENERATE);

    ASSERT(strcmp(landscape_crit_kind_name(CRIT_MINIMUM), "minimum") == 0);
    ASSERT(strcmp(landscape_crit_kind_name(CRIT_MAXIMUM), "maximum") == 0);
    ASSERT(strcmp(landscape_crit_kind_name(CRIT_SADDLE), "saddle") == 0);
    ASSERT(strcmp(landscape_crit_kind_name(CRIT_DEGENERATE), "degenerate") == 0);
}

/* Ravine: Hessian diag(0.1, 2) everywhere. Rotated ravine: the same eigenvalues, with
 * eigenvectors (1, 1) for 0.1 and (1, -1) for 2, and f equal to the ravine's at (u, v). */
TEST(test_ravines)
{
    const Landscape *rv = landscape_at(LANDSCAPE_RAVINE);
    const Landscape *rr = landscape_at(LANDSCAPE_ROTATED_RAVINE);
    TestRng rng = {0x5eed0003u};
    const double s2 = sqrt(2.0);
    for (int k = 0; k < 100; k++) {
        double x = trng_uniform(&rng, -10.0, 10.0), y = trng_uniform(&rng, -10.0, 10.0);
        double g[2], h[3], eig[2];
        landscape_eval(rv, x, y, g, h);
        ASSERT(landscape_classify_hessian(h, 1e-12, eig) == CRIT_MINIMUM);
        ASSERT_NEAR(eig[0], 0.1, 1e-15);
        ASSERT_NEAR(eig[1], 2.0, 1e-15);
        ASSERT_NEAR(eig[1] / eig[0], 20.0, 1e-12);
        ASSERT(h[1] == 0.0);

        double f = landscape_eval(rr, x, y, g, h);
        ASSERT(landscape_classify_hessian(h, 1e-12, eig) == CRIT_MINIMUM);
        ASSERT_NEAR(eig[0], 0.1, 1e-14);
        ASSERT_NEAR(eig[1], 2.0, 1e-14);
        ASSERT_NEAR(h[0] + h[1], 0.1, 1e-14); /* H (1, 1) = 0.1 (1, 1) */
        ASSERT_NEAR(h[1] + h[2], 0.1, 1e-14);
        ASSERT_NEAR(h[0] - h[1], 2.0, 1e-14); /* H (1, -1) = 2 (1, -1) */
        ASSERT_NEAR(h[2] - h[1], 2.0, 1e-14);
        double u = (x + y) / s2, v = (y - x) / s2;
        ASSERT_NEAR(f, landscape_eval(rv, u, v, NULL, NULL), 1e-12 * (1.0 + f));
    }
}

/* Plateau: |grad f| < 1e-3 on at least 70% of the default view, yet the gradient still points
 * away from the origin everywhere (the gentle slope leads to the well: no false minimum). */
TEST(test_plateau_flat)
{
    const Landscape *pl = landscape_at(LANDSCAPE_PLATEAU);
    const ViewBox *v = &pl->view;
    const int n = 401;
    int flat = 0, total = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double x = v->xmin + (v->xmax - v->xmin) * i / (n - 1);
            double y = v->ymin + (v->ymax - v->ymin) * j / (n - 1);
            double g[2];
            landscape_eval(pl, x, y, g, NULL);
            double gn = hypot(g[0], g[1]);
            flat += gn < 1e-3;
            total++;
            if (x != 0.0 || y != 0.0)
                ASSERT(g[0] * x + g[1] * y > 0.0);
        }
    }
    ASSERT((double)flat / total >= 0.70);
    ASSERT((double)flat / total <= 0.95); /* and the well is not a pinprick */
    double g[2];
    landscape_eval(pl, pl->start[0], pl->start[1], g, NULL);
    ASSERT(hypot(g[0], g[1]) < 1e-3); /* the default start is on the plateau */
}

static double mean_of(const double *v, int n, int stride, int offset, const double *y,
                      double label)
{
    double s = 0.0;
    int c = 0;
    for (int i = 0; i < n; i++) {
        if (y && y[i] != label)
            continue;
        s += v[i * stride + offset];
        c++;
    }
    return s / c;
}

TEST(test_datasets)
{
    const Dataset *ld = landscape_at(LANDSCAPE_LOGISTIC)->data;
    const Dataset *td = landscape_at(LANDSCAPE_TINY_NET)->data;
    ASSERT(ld && td);
    if (!ld || !td)
        return;
    ASSERT(ld->n == 300 && ld->dim == 2);
    ASSERT(td->n == 64 && td->dim == 1);

    int ones = 0;
    for (int i = 0; i < ld->n; i++) {
        ASSERT(ld->y[i] == 0.0 || ld->y[i] == 1.0);
        ones += ld->y[i] == 1.0;
        ASSERT(isfinite(ld->x[2 * i]) && isfinite(ld->x[2 * i + 1]));
    }
    ASSERT(ones == 150);
    /* Class means within 3 standard errors (1/sqrt(150) = 0.082) of the specified ones. */
    ASSERT_NEAR(mean_of(ld->x, ld->n, 2, 0, ld->y, 1.0), 1.0, 0.25);
    ASSERT_NEAR(mean_of(ld->x, ld->n, 2, 1, ld->y, 1.0), 0.6, 0.25);
    ASSERT_NEAR(mean_of(ld->x, ld->n, 2, 0, ld->y, 0.0), -1.0, 0.25);
    ASSERT_NEAR(mean_of(ld->x, ld->n, 2, 1, ld->y, 0.0), -0.6, 0.25);
    double var = 0.0;
    for (int i = 0; i < ld->n; i++) {
        double m = ld->y[i] == 1.0 ? 1.0 : -1.0;
        var += (ld->x[2 * i] - m) * (ld->x[2 * i] - m);
    }
    ASSERT_NEAR(sqrt(var / ld->n), 1.0, 0.15);

    double res = 0.0;
    for (int i = 0; i < td->n; i++) {
        ASSERT(td->x[i] >= -2.0 && td->x[i] <= 2.0);
        double r = td->y[i] - 2.0 * tanh(1.5 * td->x[i]);
        res += r * r;
    }
    ASSERT_NEAR(sqrt(res / td->n), 0.1, 0.03);
    ASSERT(mean_of(td->x, td->n, 1, 0, NULL, 0.0) > -0.5);
    ASSERT(mean_of(td->x, td->n, 1, 0, NULL, 0.0) < 0.5);

    /* Pinned: the generator's seeds and order (the GPU and any saved scene see these). */
    ASSERT_NEAR(ld->x[0], 1.1223133083349073, 1e-12);
    ASSERT_NEAR(ld->x[1], 0.78550516065738418, 1e-12);
    ASSERT(ld->y[0] == 1.0 && ld->y[1] == 0.0);
    ASSERT_NEAR(td->x[0], -0.95858821647782033, 1e-12);
}

static void shuffle(int *v, int n, TestRng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(trng_next(rng) % (uint64_t)(i + 1));
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

/* The batch of all indices is eval, bit for bit; the size-weighted mean of the batch losses
 * over a partition is the full loss (value, gradient and Hessian). */
TEST(test_batches)
{
    TestRng rng = {0x5eed0004u};
    static int idx[512];
    static const int sizes[] = {1, 7, 13, 50, 2, 64, 100, 29, 33, 1};
    for (int i = LANDSCAPE_LOGISTIC; i <= LANDSCAPE_TINY_NET; i++) {
        const Landscape *ls = landscape_at(i);
        int n = ls->data->n;
        for (int k = 0; k < n; k++)
            idx[k] = k;
        for (int t = 0; t < 20; t++) {
            double x = trng_uniform(&rng, ls->view.xmin, ls->view.xmax);
            double y = trng_uniform(&rng, ls->view.ymin, ls->view.ymax);
            double g[2], h[3], gb[2], hb[3];
            double f = landscape_eval(ls, x, y, g, h);
            double fb = landscape_eval_batch(ls, idx, n, x, y, gb, hb);
            ASSERT(fb == f && gb[0] == g[0] && gb[1] == g[1]);
            ASSERT(hb[0] == h[0] && hb[1] == h[1] && hb[2] == h[2]);

            /* A shuffled partition into uneven batches. */
            int perm[512];
            memcpy(perm, idx, sizeof(int) * (size_t)n);
            shuffle(perm, n, &rng);
            double sf = 0.0, sg[2] = {0.0, 0.0}, sh[3] = {0.0, 0.0, 0.0};
            int pos = 0;
            for (int b = 0; pos < n; b++) {
                int m = sizes[b % N_OF(sizes)];
                if (m > n - pos)
                    m = n - pos;
                double bf = ls->eval_batch(perm + pos, m, x, y, gb, hb);
                sf += m * bf;
                sg[0] += m * gb[0];
                sg[1] += m * gb[1];
                sh[0] += m * hb[0];
                sh[1] += m * hb[1];
                sh[2] += m * hb[2];
                pos += m;
            }
            ASSERT_NEAR(sf / n, f, 1e-12 * (1.0 + fabs(f)));
            ASSERT_NEAR(sg[0] / n, g[0], 1e-12 * (1.0 + fabs(f)));
            ASSERT_NEAR(sg[1] / n, g[1], 1e-12 * (1.0 + fabs(f)));
            for (int c = 0; c < 3; c++)
                ASSERT_NEAR(sh[c] / n, h[c], 1e-12 * (1.0 + fabs(h[c])));

            /* One point is its own batch: the batch loss is that point's loss alone. */
            int one = (int)(trng_next(&rng) % (uint64_t)n);
            double f1 = ls->eval_batch(&one, 1, x, y, NULL, NULL);
            double f2 = ls->eval_batch((int[2]){one, one}, 2, x, y, NULL, NULL);
            ASSERT_NEAR(f1, f2, 1e-15 * (1.0 + f1));
        }
    }
}

/* log(1 + exp(z)) by a different route than the module: two-term series far out. */
static double softplus_ref(double z)
{
    if (z > 30.0)
        return z + exp(-z);
    if (z < -30.0)
        return exp(z);
    return log(1.0 + exp(z));
}

static double logistic_ref(const Dataset *d, double t1, double t2)
{
    double ref = 0.0;
    for (int i = 0; i < d->n; i++) {
        double z = t1 * d->x[2 * i] + t2 * d->x[2 * i + 1];
        ref += (softplus_ref(z) - d->y[i] * z) / d->n;
    }
    return ref;
}

TEST(test_logistic)
{
    const Landscape *ls = landscape_at(LANDSCAPE_LOGISTIC);
    const Dataset *d = ls->data;
    double g[2], h[3], eig[2];

    /* At theta = 0 every point has p = 1/2: loss log 2, gradient mean (1/2 - y) x, Hessian
     * mean x x^T / 4. */
    double f = landscape_eval(ls, 0.0, 0.0, g, h);
    double eg[2] = {0.0, 0.0}, eh[3] = {0.0, 0.0, 0.0};
    for (int i = 0; i < d->n; i++) {
        double x1 = d->x[2 * i], x2 = d->x[2 * i + 1];
        eg[0] += (0.5 - d->y[i]) * x1 / d->n;
        eg[1] += (0.5 - d->y[i]) * x2 / d->n;
        eh[0] += 0.25 * x1 * x1 / d->n;
        eh[1] += 0.25 * x1 * x2 / d->n;
        eh[2] += 0.25 * x2 * x2 / d->n;
    }
    ASSERT_NEAR(f, log(2.0), 1e-14);
    ASSERT_NEAR(g[0], eg[0], 1e-14);
    ASSERT_NEAR(g[1], eg[1], 1e-14);
    for (int c = 0; c < 3; c++)
        ASSERT_NEAR(h[c], eh[c], 1e-14);

    /* Against the reference, near and far out (where a plain exp(z) overflows). */
    TestRng rng = {0x5eed0005u};
    for (int k = 0; k < 50; k++) {
        double t1 = trng_uniform(&rng, -5.0, 5.0), t2 = trng_uniform(&rng, -5.0, 5.0);
        double ref = logistic_ref(d, t1, t2);
        ASSERT_NEAR(landscape_eval(ls, t1, t2, NULL, NULL), ref, 1e-12 * (1.0 + ref));
    }
    static const double far[][2] = {{800.0, 800.0}, {-1600.0, 300.0}, {0.0, -1e4}};
    for (int k = 0; k < N_OF(far); k++) {
        double ff = landscape_eval(ls, far[k][0], far[k][1], g, h);
        double ref = logistic_ref(d, far[k][0], far[k][1]);
        ASSERT(isfinite(g[0]) && isfinite(g[1]) && isfinite(h[0]) && isfinite(h[2]));
        ASSERT(ref > 10.0);
        ASSERT_NEAR(ff, ref, 1e-12 * ref);
    }

    /* Convex: PSD Hessian at random points, and f below its chords. */
    for (int k = 0; k < 500; k++) {
        double t1 = trng_uniform(&rng, -20.0, 20.0), t2 = trng_uniform(&rng, -20.0, 20.0);
        landscape_eval(ls, t1, t2, NULL, h);
        landscape_classify_hessian(h, 0.0, eig);
        ASSERT(eig[0] >= -1e-15 * (1.0 + fabs(eig[1])));
        ASSERT(h[0] >= 0.0 && h[2] >= 0.0);
        double s1 = trng_uniform(&rng, -20.0, 20.0), s2 = trng_uniform(&rng, -20.0, 20.0);
        double fm = landscape_eval(ls, 0.5 * (t1 + s1), 0.5 * (t2 + s2), NULL, NULL);
        double f1 = landscape_eval(ls, t1, t2, NULL, NULL);
        double f2 = landscape_eval(ls, s1, s2, NULL, NULL);
        ASSERT(fm <= 0.5 * (f1 + f2) + 1e-12);
    }

    /* One listed minimum, finite, inside the view, below every grid point of the view. */
    ASSERT(ls->n_crit == 1 && ls->crit[0].kind == CRIT_MINIMUM);
    double fmin = landscape_eval(ls, ls->crit[0].x, ls->crit[0].y, NULL, NULL);
    for (int i = 0; i <= 40; i++)
        for (int j = 0; j <= 40; j++) {
            double x = ls->view.xmin + (ls->view.xmax - ls->view.xmin) * i / 40.0;
            double y = ls->view.ymin + (ls->view.ymax - ls->view.ymin) * j / 40.0;
            ASSERT(landscape_eval(ls, x, y, NULL, NULL) >= fmin);
        }
    /* Same direction as the Bayes classifier for these means: (1, 0.6) roughly. */
    ASSERT(ls->crit[0].x > 1.0 && ls->crit[0].y > 0.5);
}

TEST(test_tiny_net)
{
    const Landscape *ls = landscape_at(LANDSCAPE_TINY_NET);
    const Dataset *d = ls->data;
    double g[2], h[3], eig[2];

    /* (0, 0): yhat = 0 and dyhat = (0, 0), so the gradient vanishes exactly and the Hessian is
     * 2 mean(r d2yhat) = [[0, -2 mean(x y)], [-2 mean(x y), 0]]: eigenvalues -+2 mean(x y). */
    double f0 = landscape_eval(ls, 0.0, 0.0, g, h);
    double mxy = 0.0, my2 = 0.0;
    for (int i = 0; i < d->n; i++) {
        mxy += d->x[i] * d->y[i] / d->n;
        my2 += d->y[i] * d->y[i] / d->n;
    }
    ASSERT(g[0] == 0.0 && g[1] == 0.0);
    ASSERT_NEAR(f0, my2, 1e-14);
    ASSERT(h[0] == 0.0 && h[2] == 0.0);
    ASSERT_NEAR(h[1], -2.0 * mxy, 1e-14);
    ASSERT(mxy > 0.5);
    ASSERT(landscape_classify_hessian(h, 1e-6, eig) == CRIT_SADDLE);
    ASSERT_NEAR(eig[0], -2.0 * mxy, 1e-14);
    ASSERT_NEAR(eig[1], 2.0 * mxy, 1e-14);
    ASSERT(has_crit(ls, 0.0, 0.0, CRIT_SADDLE, 0.0));
    /* And by values, not only by the Hessian: down along (1, 1), up along (1, -1). */
    for (double e = 1e-3; e <= 0.1; e *= 10.0) {
        ASSERT(landscape_eval(ls, e, e, NULL, NULL) < f0);
        ASSERT(landscape_eval(ls, -e, -e, NULL, NULL) < f0);
        ASSERT(landscape_eval(ls, e, -e, NULL, NULL) > f0);
        ASSERT(landscape_eval(ls, -e, e, NULL, NULL) > f0);
    }

    /* Two minima, mirror images under (w1, w2) -> (-w1, -w2), near (1.5, 2) (the data's
     * 2 tanh(1.5 x)), and lowest on a grid over the view. */
    ASSERT(count_kind(ls, CRIT_MINIMUM) == 2);
    const CriticalPoint *a = NULL;
    for (int c = 0; c < ls->n_crit; c++)
        if (ls->crit[c].kind == CRIT_MINIMUM && ls->crit[c].x > 0.0)
            a = &ls->crit[c];
    ASSERT(a != NULL);
    if (!a)
        return;
    ASSERT(has_crit(ls, -a->x, -a->y, CRIT_MINIMUM, 1e-12));
    ASSERT_NEAR(a->x, 1.5, 0.2);
    ASSERT_NEAR(a->y, 2.0, 0.2);
    double fmin = landscape_eval(ls, a->x, a->y, NULL, NULL);
    ASSERT_NEAR(landscape_eval(ls, -a->x, -a->y, NULL, NULL), fmin, 1e-15);
    ASSERT(fmin < 0.02); /* about the noise variance 0.01 */
    TestRng rng = {0x5eed0006u};
    for (int k = 0; k < 500; k++) {
        double x = trng_uniform(&rng, ls->view.xmin, ls->view.xmax);
        double y = trng_uniform(&rng, ls->view.ymin, ls->view.ymax);
        double fp = landscape_eval(ls, x, y, NULL, NULL);
        ASSERT_NEAR(landscape_eval(ls, -x, -y, NULL, NULL), fp, 1e-14 * (1.0 + fp));
        ASSERT(fp >= fmin);
    }
}

/* landscape_eval_fast: a closed form's is landscape_eval itself (the same bits, err 0); a data
 * landscape's value (the same with or without g and h) lies within its err of the exact one,
 * the err is not vacuous (under 2e-6 of the value's scale for logistic, whose softplus runs
 * in single precision, under 1e-11 for tiny-net, all double), and the gradient and Hessian
 * agree to 1e-7 (logistic) and 1e-11 (tiny-net) of their scale, in the view, far out (|theta|
 * up to 1e4, where exp underflows) and at the critical points. */
TEST(test_eval_fast)
{
    TestRng rng = {0x5eed0003u};
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        double worst_err = 0.0, worst_gh = 0.0, worst_ratio = 0.0;
        for (int k = 0; k < 3000; k++) {
            double far = k < 1000 ? 1.0 : k < 2000 ? 30.0 : 3000.0;
            double x = far * trng_uniform(&rng, ls->view.xmin, ls->view.xmax);
            double y = far * trng_uniform(&rng, ls->view.ymin, ls->view.ymax);
            if (k < ls->n_crit) {
                x = ls->crit[k].x;
                y = ls->crit[k].y;
            }
            double g[2], h[3], gf[2], hf[3], err = -1.0;
            double f = landscape_eval(ls, x, y, g, h);
            double ff = landscape_eval_fast(ls, x, y, gf, hf, &err);
            /* the value alone: the same value and bound */
            double err_v = -1.0, fv = landscape_eval_fast(ls, x, y, NULL, NULL, &err_v);
            ASSERT(memcmp(&fv, &ff, sizeof fv) == 0 && err_v == err);
            if (!ls->eval_fast) {
                ASSERT(memcmp(&f, &ff, sizeof f) == 0 && err == 0.0);
                ASSERT(memcmp(g, gf, sizeof g) == 0 && memcmp(h, hf, sizeof h) == 0);
                continue;
            }
            ASSERT(isfinite(f) && isfinite(ff) && err >= 0.0);
            ASSERT(fabs(ff - f) <= err);
            double scale = 1.0 + fabs(f) + hypot(x, y);
            worst_err = fmax(worst_err, err / scale);
            worst_ratio = fmax(worst_ratio, fabs(ff - f) / (err + 1e-300));
            double gs = 1.0 + fabs(g[0]) + fabs(g[1]), hs = 1.0 + fabs(h[0]) + fabs(h[2]);
            for (int c = 0; c < 2; c++)
                worst_gh = fmax(worst_gh, fabs(gf[c] - g[c]) / gs);
            for (int c = 0; c < 3; c++)
                worst_gh = fmax(worst_gh, fabs(hf[c] - h[c]) / hs);
        }
        if (ls->eval_fast)
            printf("  %s fast: err <= %.3g of the scale, |f diff| <= %.3g err, g and h %.3g\n",
                   ls->id, worst_err, worst_ratio, worst_gh);
        bool single = ls->lid == LANDSCAPE_LOGISTIC;
        ASSERT(worst_err <= (single ? 2e-6 : 1e-11));
        ASSERT(worst_gh <= (single ? 1e-7 : 1e-11));
    }
}

int main(void)
{
    RUN_TEST(test_registry);
    RUN_TEST(test_closed_forms_are_expressions);
    RUN_TEST(test_values_by_hand);
    RUN_TEST(test_derivatives_closed_form);
    RUN_TEST(test_derivatives_data);
    RUN_TEST(test_critical_points);
    RUN_TEST(test_known_critical_points);
    RUN_TEST(test_two_wells);
    RUN_TEST(test_classify_hessian);
    RUN_TEST(test_ravines);
    RUN_TEST(test_plateau_flat);
    RUN_TEST(test_datasets);
    RUN_TEST(test_batches);
    RUN_TEST(test_logistic);
    RUN_TEST(test_tiny_net);
    RUN_TEST(test_eval_fast);
    return TEST_MAIN("test_landscape");
}
