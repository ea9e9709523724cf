/* landscape.c - the registry of landscapes and the second-derivative test.
 *
 * One static const table, in LandscapeId order, ties every function (the closed forms'
 * expressions of landscape_exprs.h, compiled at build time; landscape_data.c) to its id, name,
 * formula, default view and start, and its known critical points. Critical points were
 * refined by Newton's method to full double precision.
 */
#include <math.h>
#include <string.h>

#include "landscape/landscape_exprs.h"
#include "landscape/landscape_internal.h"
#include "landscape_datasets.h"
#include "landscape_programs.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
/* The definition, program and evaluation of the closed form ID (landscape_exprs.h). */
#define CLOSED_FORM(ID, name)                                                              \
    .expr = LANDSCAPE_EXPR_##ID, .program = &landscape_program_##name,                     \
    .eval = landscape_##name##_eval

static const CriticalPoint ORIGIN_MIN[] = {{0.0, 0.0, CRIT_MINIMUM}};
static const CriticalPoint ORIGIN_SADDLE[] = {{0.0, 0.0, CRIT_SADDLE}};
static const CriticalPoint ORIGIN_DEGENERATE[] = {{0.0, 0.0, CRIT_DEGENERATE}};
static const CriticalPoint ROSENBROCK_CRIT[] = {{1.0, 1.0, CRIT_MINIMUM}};
/* Beale: on the line x = 0 the function is constant in y, and (0, 1) is where its x slope
 * vanishes; a second saddle sits below. */
static const CriticalPoint BEALE_CRIT[] = {
    {3.0, 0.5, CRIT_MINIMUM},
    {0.0, 1.0, CRIT_SADDLE},
    {0.10053793732415836, -2.6445135850231249, CRIT_SADDLE},
};
/* Himmelblau: four minima (all with f = 0), one maximum, four saddles. */
static const CriticalPoint HIMMELBLAU_CRIT[] = {
    {3.0, 2.0, CRIT_MINIMUM},
    {-2.8051180869527448, 3.131312518250573, CRIT_MINIMUM},
    {-3.779310253377747, -3.2831859912861692, CRIT_MINIMUM},
    {3.5844283403304917, -1.8481265269644036, CRIT_MINIMUM},
    {-0.27084459066734762, -0.92303855647998145, CRIT_MAXIMUM},
    {3.3851541836070211, 0.073851879837749282, CRIT_SADDLE},
    {0.086677504555396356, 2.8842547011747759, CRIT_SADDLE},
    {-3.0730257507643897, -0.08135304428796751, CRIT_SADDLE},
    {-0.12796134673068008, -1.9537149802445766, CRIT_SADDLE},
};
/* Rastrigin separates: f = r(x) + r(y) with r' = 0 at 0, near +-0.5025 (maxima of r) and
 * near +-0.9950 (minima of r). Listed: every critical point with both coordinates among those
 * five (the global minimum and the ring around it): 9 minima, 12 saddles, 4 maxima. */
#define RA_MAX 0.50254603655467467
#define RA_MIN 0.99495863765233483
static const CriticalPoint RASTRIGIN_CRIT[] = {
    {0.0, 0.0, CRIT_MINIMUM},
    {RA_MIN, 0.0, CRIT_MINIMUM},
    {-RA_MIN, 0.0, CRIT_MINIMUM},
    {0.0, RA_MIN, CRIT_MINIMUM},
    {0.0, -RA_MIN, CRIT_MINIMUM},
    {RA_MIN, RA_MIN, CRIT_MINIMUM},
    {-RA_MIN, RA_MIN, CRIT_MINIMUM},
    {RA_MIN, -RA_MIN, CRIT_MINIMUM},
    {-RA_MIN, -RA_MIN, CRIT_MINIMUM},
    {RA_MAX, 0.0, CRIT_SADDLE},
    {-RA_MAX, 0.0, CRIT_SADDLE},
    {0.0, RA_MAX, CRIT_SADDLE},
    {0.0, -RA_MAX, CRIT_SADDLE},
    {RA_MAX, RA_MIN, CRIT_SADDLE},
    {-RA_MAX, RA_MIN, CRIT_SADDLE},
    {RA_MAX, -RA_MIN, CRIT_SADDLE},
    {-RA_MAX, -RA_MIN, CRIT_SADDLE},
    {RA_MIN, RA_MAX, CRIT_SADDLE},
    {-RA_MIN, RA_MAX, CRIT_SADDLE},
    {RA_MIN, -RA_MAX, CRIT_SADDLE},
    {-RA_MIN, -RA_MAX, CRIT_SADDLE},
    {RA_MAX, RA_MAX, CRIT_MAXIMUM},
    {-RA_MAX, RA_MAX, CRIT_MAXIMUM},
    {RA_MAX, -RA_MAX, CRIT_MAXIMUM},
    {-RA_MAX, -RA_MAX, CRIT_MAXIMUM},
};
#undef RA_MAX
#undef RA_MIN
/* Six-hump camel: all 15 critical points, symmetric under (x, y) -> (-x, -y): six minima
 * (two global), two maxima, seven saddles. */
static const CriticalPoint CAMEL_CRIT[] = {
    {0.089842013100318072, -0.71265640302073963, CRIT_MINIMUM},
    {-0.089842013100318072, 0.71265640302073963, CRIT_MINIMUM},
    {-1.703606714969981, 0.7960835686726252, CRIT_MINIMUM},
    {1.703606714969981, -0.79608356867262509, CRIT_MINIMUM},
    {1.6071047529201976, 0.56865145488413127, CRIT_MINIMUM},
    {-1.6071047529201969, -0.56865145488413149, CRIT_MINIMUM},
    {1.2302298765166526, 0.16233458445899496, CRIT_MAXIMUM},
    {-1.2302298765166526, -0.16233458445899496, CRIT_MAXIMUM},
    {0.0, 0.0, CRIT_SADDLE},
    {1.1092053368047863, -0.76826809250953987, CRIT_SADDLE},
    {-1.1092053368047865, 0.76826809250953987, CRIT_SADDLE},
    {1.6380679841897789, 0.22867406904439413, CRIT_SADDLE},
    {-1.6380679841897787, -0.22867406904439411, CRIT_SADDLE},
    {1.2960702671671089, 0.60508438803865849, CRIT_SADDLE},
    {-1.2960702671671094, -0.60508438803865849, CRIT_SADDLE},
};
/* Two wells: the bowl term pulls both minima slightly in from the Gaussians' centres. */
static const CriticalPoint TWO_WELLS_CRIT[] = {
    {1.4705534805418103, 0.49018449351393678, CRIT_MINIMUM},
    {-1.4693103349828391, -0.48977011166094642, CRIT_MINIMUM},
    {-0.2216447040149393, -0.073881568004979775, CRIT_SADDLE},
};

static const Landscape REGISTRY[] = {
    [LANDSCAPE_BOWL] = {
        .lid = LANDSCAPE_BOWL, .id = "bowl", .name = "Bowl", .formula = "x² + y²",
        .view = {-2.0, 2.0, -2.0, 2.0}, .start = {1.6, 1.2},
        .crit = ORIGIN_MIN, .n_crit = N_OF(ORIGIN_MIN), CLOSED_FORM(BOWL, bowl)},
    [LANDSCAPE_RAVINE] = {
        .lid = LANDSCAPE_RAVINE, .id = "ravine", .name = "Ravine", .formula = "x²/20 + y²",
        .view = {-10.0, 10.0, -4.0, 4.0}, .start = {-9.0, 2.5},
        .crit = ORIGIN_MIN, .n_crit = N_OF(ORIGIN_MIN), CLOSED_FORM(RAVINE, ravine)},
    [LANDSCAPE_ROTATED_RAVINE] = {
        .lid = LANDSCAPE_ROTATED_RAVINE, .id = "rotated-ravine", .name = "Rotated ravine",
        .formula = "(x + y)²/40 + (y − x)²/2",
        .view = {-8.0, 8.0, -8.0, 8.0}, .start = {-7.0, -4.0},
        .crit = ORIGIN_MIN, .n_crit = N_OF(ORIGIN_MIN),
        CLOSED_FORM(ROTATED_RAVINE, rotated_ravine)},
    [LANDSCAPE_SADDLE] = {
        .lid = LANDSCAPE_SADDLE, .id = "saddle", .name = "Saddle", .formula = "x² − y²",
        .view = {-2.0, 2.0, -2.0, 2.0}, .start = {-1.8, 0.02},
        .crit = ORIGIN_SADDLE, .n_crit = N_OF(ORIGIN_SADDLE), CLOSED_FORM(SADDLE, saddle)},
    [LANDSCAPE_MONKEY_SADDLE] = {
        .lid = LANDSCAPE_MONKEY_SADDLE, .id = "monkey-saddle", .name = "Monkey saddle",
        .formula = "x³ − 3xy²",
        .view = {-1.5, 1.5, -1.5, 1.5}, .start = {1.2, 0.05},
        .crit = ORIGIN_DEGENERATE, .n_crit = N_OF(ORIGIN_DEGENERATE),
        CLOSED_FORM(MONKEY_SADDLE, monkey_saddle)},
    [LANDSCAPE_PLATEAU] = {
        .lid = LANDSCAPE_PLATEAU, .id = "plateau", .name = "Plateau",
        .formula = "1 − exp(−(x² + y²)/0.98) + 5·10⁻⁵(x² + y²)",
        .view = {-6.0, 6.0, -6.0, 6.0}, .start = {-4.5, 3.5},
        .crit = ORIGIN_MIN, .n_crit = N_OF(ORIGIN_MIN), CLOSED_FORM(PLATEAU, plateau)},
    [LANDSCAPE_ROSENBROCK] = {
        .lid = LANDSCAPE_ROSENBROCK, .id = "rosenbrock", .name = "Rosenbrock",
        .formula = "(1 − x)² + 100(y − x²)²",
        .view = {-2.0, 2.0, -1.0, 3.0}, .start = {-1.2, 1.0},
        .crit = ROSENBROCK_CRIT, .n_crit = N_OF(ROSENBROCK_CRIT),
        CLOSED_FORM(ROSENBROCK, rosenbrock)},
    [LANDSCAPE_BEALE] = {
        .lid = LANDSCAPE_BEALE, .id = "beale", .name = "Beale",
        .formula = "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        .view = {-4.5, 4.5, -4.5, 4.5}, .start = {1.0, 1.5},
        .crit = BEALE_CRIT, .n_crit = N_OF(BEALE_CRIT), CLOSED_FORM(BEALE, beale)},
    [LANDSCAPE_HIMMELBLAU] = {
        .lid = LANDSCAPE_HIMMELBLAU, .id = "himmelblau", .name = "Himmelblau",
        .formula = "(x² + y − 11)² + (x + y² − 7)²",
        .view = {-6.0, 6.0, -6.0, 6.0}, .start = {-0.5, 0.5},
        .crit = HIMMELBLAU_CRIT, .n_crit = N_OF(HIMMELBLAU_CRIT),
        CLOSED_FORM(HIMMELBLAU, himmelblau)},
    [LANDSCAPE_RASTRIGIN] = {
        .lid = LANDSCAPE_RASTRIGIN, .id = "rastrigin", .name = "Rastrigin",
        .formula = "20 + x² − 10cos(2πx) + y² − 10cos(2πy)",
        .view = {-5.12, 5.12, -5.12, 5.12}, .start = {3.7, -2.4},
        .crit = RASTRIGIN_CRIT, .n_crit = N_OF(RASTRIGIN_CRIT),
        CLOSED_FORM(RASTRIGIN, rastrigin)},
    [LANDSCAPE_SIX_HUMP_CAMEL] = {
        .lid = LANDSCAPE_SIX_HUMP_CAMEL, .id = "six-hump-camel", .name = "Six-hump camel",
        .formula = "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
        .view = {-3.0, 3.0, -2.0, 2.0}, .start = {-1.5, 1.5},
        .crit = CAMEL_CRIT, .n_crit = N_OF(CAMEL_CRIT),
        CLOSED_FORM(SIX_HUMP_CAMEL, six_hump_camel)},
    [LANDSCAPE_TWO_WELLS] = {
        .lid = LANDSCAPE_TWO_WELLS, .id = "two-wells", .name = "Two wells",
        .formula = "0.05(x² + y²) − 2exp(−((x − 1.5)² + (y − 0.5)²)/0.8)"
                   " − 1.2exp(−((x + 1.5)² + (y + 0.5)²)/0.5)",
        .view = {-4.0, 4.0, -3.0, 3.0}, .start = {-3.2, -2.2},
        .crit = TWO_WELLS_CRIT, .n_crit = N_OF(TWO_WELLS_CRIT),
        CLOSED_FORM(TWO_WELLS, two_wells)},
    [LANDSCAPE_LOGISTIC] = {
        .lid = LANDSCAPE_LOGISTIC, .id = "logistic", .name = "Logistic regression",
        .formula = "mean log(1 + exp(θ·xᵢ)) − yᵢθ·xᵢ,  θ = (x, y)",
        .view = {-2.0, 6.0, -3.0, 5.0}, .start = {-1.5, 4.0},
        .crit = landscape_logistic_crit, .n_crit = LANDSCAPE_LOGISTIC_N_CRIT,
        .eval = landscape_logistic_eval, .data = &landscape_logistic_data,
        .eval_batch = landscape_logistic_batch, .eval_fast = landscape_logistic_fast},
    [LANDSCAPE_TINY_NET] = {
        .lid = LANDSCAPE_TINY_NET, .id = "tiny-net", .name = "Tiny net",
        .formula = "mean (w₂ tanh(w₁xᵢ) − yᵢ)²,  (w₁, w₂) = (x, y)",
        .view = {-3.0, 3.0, -3.0, 3.0}, .start = {0.1, -0.08},
        .crit = landscape_tiny_net_crit, .n_crit = LANDSCAPE_TINY_NET_N_CRIT,
        .eval = landscape_tiny_net_eval, .data = &landscape_tiny_net_data,
        .eval_batch = landscape_tiny_net_batch, .eval_fast = landscape_tiny_net_fast},
};
static_assert(sizeof(REGISTRY) / sizeof(REGISTRY[0]) == LANDSCAPE_COUNT,
              "one registry entry per LandscapeId");

const Landscape *landscape_at(int i)
{
    assert(i >= 0 && i < LANDSCAPE_COUNT);
    return &REGISTRY[i];
}

const Landscape *landscape_find(const char *id)
{
    if (!id)
        return NULL;
    for (int i = 0; i < LANDSCAPE_COUNT; i++)
        if (strcmp(REGISTRY[i].id, id) == 0)
            return &REGISTRY[i];
    return NULL;
}

double landscape_eval(const Landscape *ls, double x, double y, double g[2], double h[3])
{
    assert(ls && (ls->eval || ls->program));
    if (ls->eval)
        return ls->eval(x, y, g, h);
    return expr_eval_full(ls->program, ls->params, x, y, g, h);
}

double landscape_eval_fast(const Landscape *ls, double x, double y, double g[2], double h[3],
                           double *err)
{
    assert(ls && !g == !h && err);
    if (ls->eval_fast)
        return ls->eval_fast(x, y, g, h, err);
    *err = 0.0;
    return landscape_eval(ls, x, y, g, h);
}

double landscape_eval_batch(const Landscape *ls, const int *idx, int n, double x, double y,
                            double g[2], double h[3])
{
    assert(ls && ls->eval_batch && idx && n > 0);
    return ls->eval_batch(idx, n, x, y, g, h);
}

CritKind landscape_classify_hessian(const double h[3], double tol, double eig[2])
{
    assert(h && tol >= 0.0);
    double a = h[0], b = h[1], c = h[2];
    double m = 0.5 * (a + c), r = hypot(0.5 * (a - c), b);
    double det = a * c - b * b;
    double lo, hi;
    /* The eigenvalue of larger magnitude is m +- r without cancellation; the other one
     * comes from the determinant, so a small eigenvalue keeps its digits. */
    if (m >= 0.0) {
        hi = m + r;
        lo = hi != 0.0 ? det / hi : m - r;
    } else {
        lo = m - r;
        hi = det / lo;
    }
    if (eig) {
        eig[0] = lo;
        eig[1] = hi;
    }
    if (!isfinite(lo) || !isfinite(hi) || fabs(lo) <= tol || fabs(hi) <= tol)
        return CRIT_DEGENERATE;
    if (lo > 0.0)
        return CRIT_MINIMUM;
    if (hi < 0.0)
        return CRIT_MAXIMUM;
    return CRIT_SADDLE;
}

static const char *const CRIT_KIND_NAMES[] = {
    [CRIT_MINIMUM] = "minimum",
    [CRIT_MAXIMUM] = "maximum",
    [CRIT_SADDLE] = "saddle",
    [CRIT_DEGENERATE] = "degenerate",
};
static_assert(sizeof(CRIT_KIND_NAMES) / sizeof(CRIT_KIND_NAMES[0]) == CRIT_KIND_COUNT,
              "one name per CritKind");

const char *landscape_crit_kind_name(CritKind kind)
{
    assert(kind >= 0 && kind < CRIT_KIND_COUNT);
    return CRIT_KIND_NAMES[kind];
}
