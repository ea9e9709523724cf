/* test_analysis.c - the local analysis against closed forms on quadratics, and the
 * critical-point finder on landscapes whose critical points are known. */
#include <math.h>

#include "analysis/analysis.h"
#include "test.h"

TEST(eigen_decomposition_of_symmetric_matrices)
{
    const double hs[][3] = { { 2, 0, 2 }, { 0.1, 0, 2 }, { 3, 0, -1 }, { 1.05, -0.95, 1.05 },
                             { 4, 1, 2 }, { 0, 0, 0 }, { -2, 0.5, -3 } };
    for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
        const double *h = hs[i];
        double eig[2], v[2][2];
        analysis_eigen(h, eig, v);
        ASSERT(eig[0] <= eig[1]);
        ASSERT_NEAR(eig[0] + eig[1], h[0] + h[2], 1e-12);
        ASSERT_NEAR(eig[0] * eig[1], h[0] * h[2] - h[1] * h[1], 1e-12);
        for (int k = 0; k < 2; k++) {
            ASSERT_NEAR(hypot(v[k][0], v[k][1]), 1.0, 1e-12);
            /* H v = λ v */
            ASSERT_NEAR(h[0] * v[k][0] + h[1] * v[k][1], eig[k] * v[k][0], 1e-12);
            ASSERT_NEAR(h[1] * v[k][0] + h[2] * v[k][1], eig[k] * v[k][1], 1e-12);
        }
    }
    /* the rotated ravine: 0.1 along (1,1), 2 along (1,-1) */
    double h[3] = { 1.05, -0.95, 1.05 }, eig[2], v[2][2];
    analysis_eigen(h, eig, v);
    ASSERT_NEAR(eig[0], 0.1, 1e-12);
    ASSERT_NEAR(eig[1], 2.0, 1e-12);
    ASSERT_NEAR(fabs(v[0][0]), sqrt(0.5), 1e-12);
    ASSERT_NEAR(v[0][0] * v[0][1], 0.5, 1e-12);
}

TEST(local_info_on_quadratics_matches_closed_forms)
{
    /* ravine x^2/20 + y^2 at (4, 1): g = (0.4, 2), H = diag(0.1, 2) */
    LocalInfo li;
    analysis_local(landscape_find("ravine"), 4.0, 1.0, &li);
    ASSERT_NEAR(li.f, 0.8 + 1.0, 1e-14);
    ASSERT_NEAR(li.grad_norm, hypot(0.4, 2.0), 1e-14);
    ASSERT_NEAR(li.descent[0], -0.4 / hypot(0.4, 2.0), 1e-14);
    ASSERT_NEAR(li.descent[1], -2.0 / hypot(0.4, 2.0), 1e-14);
    /* Newton's step goes straight to the minimum: -H^-1 g = (-4, -1) */
    ASSERT(li.has_newton);
    ASSERT_NEAR(li.newton[0], -4.0, 1e-12);
    ASSERT_NEAR(li.newton[1], -1.0, 1e-12);
    ASSERT(li.curvature == CRIT_MINIMUM);
    ASSERT_NEAR(li.stability, 2.0 / 2.0, 1e-14);
    /* the Taylor model of a quadratic is the quadratic itself */
    for (double x = -5; x <= 5; x += 2.5) {
        for (double y = -2; y <= 2; y += 1) {
            ASSERT_NEAR(analysis_taylor(&li, x, y), x * x / 20 + y * y, 1e-12);
        }
    }
    /* saddle x^2 - y^2: curvature says saddle, the stability limit is 2/2 */
    analysis_local(landscape_find("saddle"), 0.5, 0.5, &li);
    ASSERT(li.curvature == CRIT_SADDLE);
    ASSERT_NEAR(li.eig[0], -2.0, 1e-14);
    ASSERT_NEAR(li.eig[1], 2.0, 1e-14);
    ASSERT_NEAR(li.stability, 1.0, 1e-14);
    ASSERT_NEAR(analysis_taylor(&li, 1.5, -0.5), 1.5 * 1.5 - 0.25, 1e-12);
    /* the stability limit is 2/λmax of the analytic Hessian, on a non-quadratic too */
    double g[2], h[3];
    const Landscape *rb = landscape_find("rosenbrock");
    rb->eval(-1.0, 1.5, g, h);
    double lmax = 0.5 * (h[0] + h[2]) + hypot(0.5 * (h[0] - h[2]), h[1]);
    analysis_local(rb, -1.0, 1.5, &li);
    ASSERT_NEAR(li.stability, 2.0 / lmax, 1e-12 * (2.0 / lmax));
    /* a concave point has no unstable rate */
    double hneg[3] = { -1, 0, -3 };
    ASSERT(isinf(analysis_stability_limit(hneg)));
}

TEST(newton_step_refuses_a_singular_hessian)
{
    double d[2] = { 7, 7 };
    ASSERT(!analysis_newton_step((double[]){ 1, 1 }, (double[]){ 1, 1, 1 }, d));
    ASSERT(!analysis_newton_step((double[]){ 1, 1 }, (double[]){ 0, 0, 0 }, d));
    ASSERT(d[0] == 7 && d[1] == 7);
}

static int count_kind(const CriticalPoint *cp, int n, CritKind kind)
{
    int c = 0;
    for (int i = 0; i < n; i++) {
        c += cp[i].kind == kind;
    }
    return c;
}

static bool has_point(const CriticalPoint *cp, int n, double x, double y, CritKind kind)
{
    for (int i = 0; i < n; i++) {
        if (fabs(cp[i].x - x) < 1e-6 && fabs(cp[i].y - y) < 1e-6 && cp[i].kind == kind) {
            return true;
        }
    }
    return false;
}

TEST(finder_finds_himmelblaus_critical_points)
{
    CriticalPoint cp[64];
    int n = analysis_find_critical(landscape_find("himmelblau"), (ViewBox){ -6, 6, -6, 6 }, cp,
                                   64);
    ASSERT(n == 9);
    ASSERT(count_kind(cp, n, CRIT_MINIMUM) == 4);
    ASSERT(count_kind(cp, n, CRIT_SADDLE) == 4);
    ASSERT(count_kind(cp, n, CRIT_MAXIMUM) == 1);
    ASSERT(has_point(cp, n, 3.0, 2.0, CRIT_MINIMUM));
    ASSERT(has_point(cp, n, -2.805118086952745, 3.131312518250573, CRIT_MINIMUM));
    ASSERT(has_point(cp, n, -3.779310253377747, -3.283185991286170, CRIT_MINIMUM));
    ASSERT(has_point(cp, n, 3.584428340330492, -1.848126526964404, CRIT_MINIMUM));
    ASSERT(has_point(cp, n, -0.270844590667, -0.923038556480, CRIT_MAXIMUM));
}

TEST(finder_finds_saddles_and_the_degenerate_monkey_saddle)
{
    CriticalPoint cp[64];
    int n = analysis_find_critical(landscape_find("saddle"), (ViewBox){ -2, 2, -2, 2 }, cp, 64);
    ASSERT(n == 1 && has_point(cp, n, 0, 0, CRIT_SADDLE));

    const Landscape *net = landscape_find("tiny-net");
    n = analysis_find_critical(net, net->view, cp, 64);
    ASSERT(has_point(cp, n, 0, 0, CRIT_SADDLE));
    ASSERT(count_kind(cp, n, CRIT_MINIMUM) == 2);
    /* the two minima are mirror images: (w1, w2) and (-w1, -w2) */
    double mx[2][2];
    int m = 0;
    for (int i = 0; i < n && m < 2; i++) {
        if (cp[i].kind == CRIT_MINIMUM) {
            mx[m][0] = cp[i].x;
            mx[m][1] = cp[i].y;
            m++;
        }
    }
    ASSERT(m == 2);
    ASSERT_NEAR(mx[0][0], -mx[1][0], 1e-8);
    ASSERT_NEAR(mx[0][1], -mx[1][1], 1e-8);

    n = analysis_find_critical(landscape_find("monkey-saddle"), (ViewBox){ -2, 2, -2, 2 }, cp,
                               64);
    ASSERT(n == 1);
    ASSERT(n >= 1 && cp[0].kind == CRIT_DEGENERATE);
    ASSERT(n >= 1 && fabs(cp[0].x) < 1e-5 && fabs(cp[0].y) < 1e-5);
}

TEST(finder_agrees_with_every_landscapes_listed_points)
{
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        const Landscape *ls = landscape_at(i);
        CriticalPoint cp[1024];
        int n = analysis_find_critical(ls, ls->view, cp, 1024);
        for (int k = 0; k < ls->n_crit; k++) {
            const CriticalPoint *want = &ls->crit[k];
            if (want->x < ls->view.xmin || want->x > ls->view.xmax ||
                want->y < ls->view.ymin || want->y > ls->view.ymax) {
                continue;
            }
            bool found = false;
            for (int j = 0; j < n && !found; j++) {
                found = hypot(cp[j].x - want->x, cp[j].y - want->y) < 1e-5 &&
                        cp[j].kind == want->kind;
            }
            if (!found) {
                fprintf(stderr, "  %s: listed %s at (%g, %g) not found\n", ls->id,
                        landscape_crit_kind_name(want->kind), want->x, want->y);
            }
            ASSERT(found);
        }
    }
}

TEST(the_known_minimum_is_the_lowest_listed_minimum)
{
    /* Closed forms: the bowl's 0; two-wells' global well, below its local one. */
    ASSERT(analysis_known_minimum(landscape_find("bowl")) == 0.0);
    const Landscape *tw = landscape_find("two-wells");
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < tw->n_crit; i++) {
        if (tw->crit[i].kind == CRIT_MINIMUM) {
            double f = landscape_eval(tw, tw->crit[i].x, tw->crit[i].y, NULL, NULL);
            lo = fmin(lo, f);
            hi = fmax(hi, f);
        }
    }
    ASSERT(lo < hi && analysis_known_minimum(tw) == lo);
    /* logistic: its one minimum, where the gradient vanishes, below its start and below
     * every point of a grid over its view. */
    const Landscape *lg = landscape_find("logistic");
    double lstar = analysis_known_minimum(lg), g[2];
    ASSERT(isfinite(lstar) && lstar > 0.0);
    ASSERT(landscape_eval(lg, lg->crit[0].x, lg->crit[0].y, g, NULL) == lstar);
    ASSERT(hypot(g[0], g[1]) < 1e-10);
    for (int i = 0; i <= 20; i++) {
        for (int j = 0; j <= 20; j++) {
            double x = lg->view.xmin + (lg->view.xmax - lg->view.xmin) * i / 20.0;
            double y = lg->view.ymin + (lg->view.ymax - lg->view.ymin) * j / 20.0;
            ASSERT(landscape_eval(lg, x, y, NULL, NULL) >= lstar);
        }
    }
    /* The saddle lists no minimum. */
    ASSERT(isnan(analysis_known_minimum(landscape_find("saddle"))));
}

TEST(the_chord_samples_the_graph_and_the_chord_between_two_points)
{
    /* Bowl: f(λa + (1 − λ)b) − (λf(a) + (1 − λ)f(b)) = −λ(1 − λ)|a − b|². */
    const Landscape *bowl = landscape_find("bowl");
    const double a[2] = {-1.5, 1.0}, b[2] = {1.5, -0.5};
    double f[5], chord[5];
    double worst = analysis_chord(bowl, a, b, 5, f, chord);
    ASSERT(f[0] == 3.25 && chord[0] == 3.25 && f[4] == 2.5 && chord[4] == 2.5);
    ASSERT_NEAR(f[2], 0.0 * 0.0 + 0.25 * 0.25, 1e-15);          /* the midpoint (0, 0.25) */
    ASSERT_NEAR(chord[2], 0.5 * 3.25 + 0.5 * 2.5, 1e-15);
    ASSERT_NEAR(f[1] - chord[1], -0.75 * 0.25 * 11.25, 1e-12);  /* λ = 0.75 */
    ASSERT(worst == 0.0); /* at the ends */
    /* Saddle x² − y² along y: concave, the graph above the chord by λ(1 − λ)·4 at most 1. */
    const double c[2] = {0.0, -1.0}, d[2] = {0.0, 1.0};
    double g[3], h[3];
    ASSERT_NEAR(analysis_chord(landscape_find("saddle"), c, d, 3, g, h), 1.0, 1e-15);
    ASSERT(g[1] == 0.0 && h[1] == -1.0);
}

int main(void)
{
    RUN_TEST(eigen_decomposition_of_symmetric_matrices);
    RUN_TEST(local_info_on_quadratics_matches_closed_forms);
    RUN_TEST(newton_step_refuses_a_singular_hessian);
    RUN_TEST(finder_finds_himmelblaus_critical_points);
    RUN_TEST(finder_finds_saddles_and_the_degenerate_monkey_saddle);
    RUN_TEST(finder_agrees_with_every_landscapes_listed_points);
    RUN_TEST(the_known_minimum_is_the_lowest_listed_minimum);
    RUN_TEST(the_chord_samples_the_graph_and_the_chord_between_two_points);
    return TEST_MAIN("test_analysis");
}
