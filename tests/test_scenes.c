/* test_scenes.c - the shipped lecture scenes (assets/scenes/NN-*.ini) show what their captions
 * claim. Every scene is loaded and every run of every pane is stepped headless for the scene's
 * steps; then each scene's lesson is checked on the numbers: the zig-zag, the divergence above
 * 2/λmax, the drive-by, Newton's one step, momentum's calm, AdaGrad's fading steps, Adam's
 * first step, the minibatch noise, the decayed rate, saddle-free Newton's escape, AdamW's
 * decay against L2, L-BFGS and CG on Rosenbrock. Usage: test_scenes SCENES_DIR
 */
#include <dirent.h>
#include <stdlib.h>

#include "analysis/analysis.h"
#include "analysis/basin.h"
#include "lecture/headless.h"
#include "lecture/scene.h"
#include "lecture/session.h"
#include "lecture/sweepview.h"
#include "test.h"

enum {
    N_SCENES = 28,
    MAX_FILES = 32,
    MAX_RUNS = SCENE_MAX_PANES * SCENE_MAX_RUNS,
    NAME_LEN = 256,
};

static const double PI = 3.14159265358979323846;

/* The slides, in order. */
static const char *const EXPECTED[N_SCENES] = {
    "01-gradient-descent.ini",  "02-steepest-descent-zigzag.ini", "03-learning-rate.ini",
    "04-plateau.ini",           "05-saddle-drive-by.ini",         "06-convex-vs-nonconvex.ini",
    "07-local-optima.ini",      "08-newton-direct-path.ini",      "09-newton-saddle.ini",
    "10-momentum.ini",          "11-nesterov.ini",                "12-adagrad-vs-rmsprop.ini",
    "13-adam-bias-correction.ini", "14-sgd-batch-size.ini",       "15-step-decay.ini",
    "16-conditioning.ini",      "17-critical-points.ini",
    "18-saddle-free-newton.ini", "19-adamw-vs-adam-l2.ini",     "20-lbfgs-cg-rosenbrock.ini",
    "21-convexity-chord.ini",   "22-adagrad-convex.ini",          "23-adam-vs-momentum.ini",
    "24-bounce-without-diverging.ini", "25-epochs.ini",
    "26-basins-himmelblau.ini",
    "27-surface-rosenbrock.ini",
    "28-sweep-ravine.ini",
};

typedef struct {
    char name[NAME_LEN];
    bool ok;
    char err[512];
    SceneDesc desc;
    long steps;
    Run runs[MAX_RUNS]; /* every run of every pane, in scene order */
    int n_runs;
    LandscapeTyped *typed[SCENE_MAX_PANES]; /* the typed panes' functions (desc.panes[k].ls) */
} LoadedScene;

/* Read-only after main() fills it. */
static struct {
    char files[MAX_FILES][NAME_LEN];
    int n_files;
    LoadedScene scenes[MAX_FILES];
} fx;

/* ---- loading ---- */

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool list_scenes(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "test_scenes: cannot open scenes directory '%s'\n", dir);
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (ends_with(e->d_name, ".ini") && fx.n_files < MAX_FILES &&
            strlen(e->d_name) < NAME_LEN) {
            snprintf(fx.files[fx.n_files++], NAME_LEN, "%s", e->d_name);
        }
    }
    closedir(d);
    qsort(fx.files, (size_t)fx.n_files, sizeof fx.files[0], cmp_names);
    return true;
}

static void load_scene(const char *dir, const char *file, LoadedScene *ls)
{
    char path[2 * NAME_LEN + 8];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(ls->name, sizeof ls->name, "%s", file);
    if (!scene_load(path, &ls->desc, ls->err, sizeof ls->err)) {
        return;
    }
    if (!headless_bind_typed(&ls->desc, ls->typed, ls->err, sizeof ls->err)) {
        return;
    }
    Options o = { .scene = ls->desc };
    o.steps = ls->desc.steps > 0 ? ls->desc.steps : 200;
    ls->steps = o.steps;
    ls->n_runs = headless_run_count(&o);
    if (ls->n_runs > MAX_RUNS || !headless_run_all(&o, ls->runs, ls->err, sizeof ls->err)) {
        ls->n_runs = 0;
        return;
    }
    ls->ok = true;
}

static void print_scene(const LoadedScene *ls)
{
    printf("%s: %s\n", ls->name, ls->ok ? ls->desc.title : ls->err);
    for (int i = 0; i < ls->n_runs; i++) {
        char line[512];
        headless_summary(&ls->runs[i], i, line, sizeof line);
        printf("    %s\n", line);
    }
}

/* ---- access ---- */

/* Scene NN (1-based), or NULL (after a failed assertion) when it is missing or broken. */
static const LoadedScene *scene(int number)
{
    const LoadedScene *ls = NULL;
    for (int i = 0; i < fx.n_files; i++) {
        if (strcmp(fx.files[i], EXPECTED[number - 1]) == 0 && fx.scenes[i].ok) {
            ls = &fx.scenes[i];
        }
    }
    ASSERT(ls != NULL);
    return ls;
}

/* Run r of pane p, checked to be of the expected optimizer on the expected landscape. */
static const Run *run_of(const LoadedScene *ls, int p, int r, OptimKind kind, const char *land)
{
    if (!ls || p >= ls->desc.n_panes || r >= ls->desc.panes[p].n_runs) {
        ASSERT(!"no such pane or run");
        return NULL;
    }
    int index = r;
    for (int q = 0; q < p; q++) {
        index += ls->desc.panes[q].n_runs;
    }
    const Run *run = &ls->runs[index];
    bool ok = run->desc.opt.kind == kind && strcmp(run->ls->id, land) == 0;
    if (!ok) {
        fprintf(stderr, "  %s pane %d run %d: expected %s on %s, got %s on %s\n", ls->name,
                p + 1, r + 1, optim_vtable(kind)->id, land, optim_vtable(run->desc.opt.kind)->id,
                run->ls->id);
    }
    ASSERT(ok);
    return ok ? run : NULL;
}

static const TrajPoint *last(const Run *r)
{
    return &r->pts[r->n - 1];
}

/* |θ_k − θ_{k−1}| */
static double step_len(const Run *r, long k)
{
    return hypot(r->pts[k].x - r->pts[k - 1].x, r->pts[k].y - r->pts[k - 1].y);
}

static double dist(double x0, double y0, double x1, double y1)
{
    return hypot(x1 - x0, y1 - y0);
}

/* First step whose loss is below tol (above the floor), or -1. */
static long first_below(const Run *r, double floor, double tol)
{
    for (long k = 0; k < r->n; k++) {
        if (r->pts[k].loss - floor < tol) {
            return k;
        }
    }
    return -1;
}

/* How often the y-step Δy changes sign, counting only steps longer than min_step. */
static int y_sign_changes(const Run *r, double min_step)
{
    int n = 0;
    for (long k = 2; k < r->n; k++) {
        double d0 = r->pts[k - 1].y - r->pts[k - 2].y, d1 = r->pts[k].y - r->pts[k - 1].y;
        if (fabs(d0) > min_step && fabs(d1) > min_step && d0 * d1 < 0.0) {
            n++;
        }
    }
    return n;
}

static double path_len(const Run *r)
{
    double s = 0.0;
    for (long k = 1; k < r->n; k++) {
        s += step_len(r, k);
    }
    return s;
}

/* Farthest the run goes past x = 0 on the side opposite its start (the minimum is at x = 0). */
static double overshoot_x(const Run *r)
{
    double worst = 0.0, side = r->pts[0].x > 0.0 ? 1.0 : -1.0;
    for (long k = 0; k < r->n; k++) {
        worst = fmax(worst, -side * r->pts[k].x);
    }
    return worst;
}

/* The listed critical point nearest (x, y). */
static const CriticalPoint *nearest_crit(const Landscape *l, double x, double y, double *d)
{
    const CriticalPoint *best = NULL;
    *d = INFINITY;
    for (int i = 0; i < l->n_crit; i++) {
        double di = dist(x, y, l->crit[i].x, l->crit[i].y);
        if (di < *d) {
            *d = di;
            best = &l->crit[i];
        }
    }
    return best;
}

/* The listed minimum a run ended in (within tol), or NULL. */
static const CriticalPoint *ended_in_minimum(const Run *r, double tol)
{
    double d;
    const CriticalPoint *c = nearest_crit(r->ls, last(r)->x, last(r)->y, &d);
    ASSERT(c && c->kind == CRIT_MINIMUM && d < tol);
    return c && c->kind == CRIT_MINIMUM && d < tol ? c : NULL;
}

/* Mean of the loss above floor over steps (from, to]. */
static double mean_excess(const Run *r, long from, long to, double floor)
{
    double s = 0.0;
    for (long k = from + 1; k <= to; k++) {
        s += r->pts[k].loss - floor;
    }
    return s / (double)(to - from);
}

/* Steps a copy of r's run with another seed; true when the trajectory is bit-identical. */
static bool same_with_seed(const Run *r, const PaneDesc *pane, uint64_t seed, long steps)
{
    RunDesc d = r->desc;
    d.seed = seed;
    Run other;
    char err[256];
    if (!run_init(&other, r->ls, &d, pane->start[0], pane->start[1], err, sizeof err)) {
        ASSERT(!"run_init failed");
        return false;
    }
    for (long k = 0; k < steps && run_step(&other); k++) {
    }
    bool same = other.n == r->n;
    for (long k = 0; same && k < r->n; k++) {
        same = other.pts[k].x == r->pts[k].x && other.pts[k].y == r->pts[k].y;
    }
    run_free(&other);
    return same;
}

/* Code points of UTF-8 text. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xc0) != 0x80;
    }
    return n;
}

/* ---- (1) every scene loads and runs ---- */

TEST(the_scenes_load_in_order_and_run)
{
    ASSERT(fx.n_files == N_SCENES);
    for (int i = 0; i < N_SCENES && i < fx.n_files; i++) {
        ASSERT_STR_CONTAINS(fx.files[i], EXPECTED[i]);
        ASSERT(strcmp(fx.files[i], EXPECTED[i]) == 0);
    }
    for (int i = 0; i < fx.n_files; i++) {
        const LoadedScene *ls = &fx.scenes[i];
        if (!ls->ok) {
            fprintf(stderr, "  %s: %s\n", ls->name, ls->err);
        }
        ASSERT(ls->ok);
        if (!ls->ok) {
            continue;
        }
        const SceneDesc *s = &ls->desc;
        /* A short title and a one-line caption, a pace for the window, a length for export. */
        ASSERT(s->title[0] && utf8_chars(s->title) <= 60);
        ASSERT(s->caption[0] && utf8_chars(s->caption) <= 160);
        /* No combining marks (U+0300..U+036F: "v̂"): the glyph renderer sets every code
         * point on its own advance, so a hat would stand beside its letter. */
        for (const char *t = s->caption; *t; t++) {
            unsigned char b0 = (unsigned char)t[0], b1 = (unsigned char)t[1];
            ASSERT(!(b0 == 0xcc && b1 >= 0x80) && !(b0 == 0xcd && b1 <= 0xaf));
        }
        ASSERT(s->speed >= 1.0 && s->speed <= 40.0);
        ASSERT(s->steps >= 10 && s->steps <= 400);
        int expect_panes = s->layout == LAYOUT_SINGLE ? 1 : s->layout == LAYOUT_1X2 ? 2 : 4;
        ASSERT(s->n_panes <= expect_panes && s->n_panes > expect_panes / 2);
        /* Every run ran every step, except where the caption says it diverges. */
        for (int r = 0; r < ls->n_runs; r++) {
            const Run *run = &ls->runs[r];
            if (run->stop == RUN_ACTIVE) {
                ASSERT(run->n == ls->steps + 1);
            } else {
                ASSERT(run->stop == RUN_DIVERGED);
                ASSERT_STR_CONTAINS(s->caption, "diverges");
            }
        }
    }
}

/* ---- (2) each scene's claim ---- */

/* 01: on the bowl, L falls at every step, straight at the minimum, below 1e-6. */
TEST(s01_gradient_descent_falls_straight_to_the_bowls_minimum)
{
    const LoadedScene *ls = scene(1);
    const Run *r = run_of(ls, 0, 0, OPTIM_GD, "bowl");
    if (!r) {
        return;
    }
    long rises = 0, off_line = 0;
    const TrajPoint *p0 = &r->pts[0];
    for (long k = 1; k < r->n; k++) {
        const TrajPoint *p = &r->pts[k];
        rises += !(p->loss < r->pts[k - 1].loss);
        /* θ_k stays on the segment from θ_0 to the minimum (0, 0): −∇L points at it. */
        double cross = p->x * p0->y - p->y * p0->x;
        off_line += !(fabs(cross) <= 1e-12 * hypot(p->x, p->y) * hypot(p0->x, p0->y) &&
                      p->x * p0->x + p->y * p0->y > 0.0);
    }
    ASSERT(rises == 0);
    ASSERT(off_line == 0);
    ASSERT(last(r)->loss < 1e-6);
    ASSERT(ls->desc.overlays & (1u << OVERLAY_GRADIENT_FIELD));
    printf("  01: gd on the bowl: L < 1e-6 at step %ld, monotone, straight line\n",
           first_below(r, 0.0, 1e-6));
}

/* 02: every step is along −∇L (perpendicular to the contour) and the y-steps alternate. */
TEST(s02_steepest_descent_is_perpendicular_to_contours_and_zigzags)
{
    const LoadedScene *ls = scene(2);
    const Run *r = run_of(ls, 0, 0, OPTIM_GD, "ravine");
    if (!r) {
        return;
    }
    long not_perp = 0, not_down = 0, eligible = 0, alternations = 0;
    for (long k = 1; k < r->n; k++) {
        const TrajPoint *a = &r->pts[k - 1], *b = &r->pts[k];
        double dx = b->x - a->x, dy = b->y - a->y;
        /* The contour's tangent at θ_{k−1} is (−∂L/∂y, ∂L/∂x). */
        double tx = -a->gy, ty = a->gx;
        not_perp += !(fabs(dx * tx + dy * ty) <= 1e-12 * hypot(dx, dy) * hypot(tx, ty));
        not_down += !(dx * a->gx + dy * a->gy < 0.0);
        if (k >= 2) {
            double dy0 = a->y - r->pts[k - 2].y;
            if (fabs(dy) > 1e-12 && fabs(dy0) > 1e-12) {
                eligible++;
                alternations += dy * dy0 < 0.0;
            }
        }
    }
    ASSERT(not_perp == 0);
    ASSERT(not_down == 0);
    ASSERT(eligible >= 50 && alternations == eligible);
    /* The first step is not aimed at the minimum (0, 0): more than 45 degrees off. */
    double dx = r->pts[1].x - r->pts[0].x, dy = r->pts[1].y - r->pts[0].y;
    double mx = -r->pts[0].x, my = -r->pts[0].y;
    double cosang = (dx * mx + dy * my) / (hypot(dx, dy) * hypot(mx, my));
    ASSERT(cosang < cos(PI / 4.0));
    long k6 = first_below(r, 0.0, 1e-6);
    ASSERT(k6 > 50);
    ASSERT(ls->desc.overlays & (1u << OVERLAY_DIRECTIONS));
    printf("  02: %ld steps all perpendicular to the contour, y alternates %ld/%ld times, "
           "first step %.0f deg off the minimum, L < 1e-6 at step %ld\n", r->n - 1,
           alternations, eligible, acos(cosang) * 180.0 / PI, k6);
}

/* 03: α straddles 2/λmax: crawl, glide, overshoot, divergence. */
TEST(s03_learning_rates_straddle_two_over_lambda_max)
{
    const LoadedScene *ls = scene(3);
    if (!ls) {
        return;
    }
    ASSERT(ls->desc.n_panes == 4 && ls->desc.layout == LAYOUT_2X2 && ls->desc.link);
    const Run *r[4];
    for (int p = 0; p < 4; p++) {
        r[p] = run_of(ls, p, 0, OPTIM_GD, "ravine");
        if (!r[p]) {
            return;
        }
    }
    double h[3], g[2], eig[2];
    landscape_eval(r[0]->ls, r[0]->pts[0].x, r[0]->pts[0].y, g, h);
    ASSERT(landscape_classify_hessian(h, 0.0, eig) == CRIT_MINIMUM);
    double lmax = eig[1], a[4];
    for (int p = 0; p < 4; p++) {
        a[p] = r[p]->desc.opt.lr;
    }
    ASSERT_NEAR(lmax, 2.0, 1e-12);
    ASSERT(a[0] < a[1] && a[1] <= 1.0 / lmax && 1.0 / lmax < a[2] && a[2] < 2.0 / lmax &&
           2.0 / lmax < a[3]);
    /* Too small: after all its steps, still far from the minimum. */
    ASSERT(last(r[0])->loss > 0.1 * r[0]->pts[0].loss && r[0]->converged_step < 0);
    /* Right (α <= 1/λmax): glides in without a single zig-zag. */
    ASSERT(y_sign_changes(r[1], 0.0) == 0 && last(r[1])->loss < 1e-6);
    /* Large (1/λmax < α < 2/λmax): overshoots to and fro, still converges, and arrives
     * before the smooth one: along the valley (λmin = 0.1) it gains 1 - α λmin a step. */
    ASSERT(y_sign_changes(r[2], 1e-3) >= 20 && last(r[2])->loss < 1e-6);
    ASSERT(first_below(r[2], 0.0, 1e-6) < first_below(r[1], 0.0, 1e-6));
    /* Too large (α > 2/λmax): each overshoot grows until the numbers overflow. */
    char status[64];
    run_status_text(r[3], status, sizeof status);
    ASSERT_STR_CONTAINS(status, "diverged at step");
    ASSERT(last(r[3])->loss > 1e100);
    printf("  03: 2/λmax = %g; α = %g: L %.3g -> %.3g; α = %g: L < 1e-6 at step %ld, no "
           "zig-zag; α = %g: %d zig-zags, L < 1e-6 at step %ld; α = %g: %s\n",
           2.0 / lmax, a[0], r[0]->pts[0].loss, last(r[0])->loss, a[1],
           first_below(r[1], 0.0, 1e-6), a[2], y_sign_changes(r[2], 1e-3),
           first_below(r[2], 0.0, 1e-6), a[3], status);
}

/* 04: tiny α is still on the plateau after all steps; large α reached the well. */
TEST(s04_a_tiny_rate_stays_on_the_plateau_a_large_one_crosses_it)
{
    const LoadedScene *ls = scene(4);
    const Run *tiny = run_of(ls, 0, 0, OPTIM_GD, "plateau");
    const Run *large = run_of(ls, 0, 1, OPTIM_GD, "plateau");
    if (!tiny || !large) {
        return;
    }
    ASSERT(tiny->desc.opt.lr * 10.0 <= large->desc.opt.lr);
    const TrajPoint *s = &tiny->pts[0], *t = last(tiny);
    ASSERT(hypot(s->gx, s->gy) < 1e-3); /* the start is on the plateau */
    ASSERT(hypot(t->gx, t->gy) < 1e-3 && t->loss > 0.99);
    ASSERT(dist(s->x, s->y, t->x, t->y) < 0.01);
    ASSERT(last(large)->loss < 1e-3);
    /* Even the large rate spends a long while crossing. */
    long k_down = first_below(large, 0.0, 0.5);
    ASSERT(k_down > 100);
    printf("  04: α = %g moved %.4f, |∇L| = %.2g at the end; α = %g: L < 0.5 at step %ld, "
           "L = %.2g at the end\n", tiny->desc.opt.lr, dist(s->x, s->y, t->x, t->y),
           hypot(t->gx, t->gy), large->desc.opt.lr, k_down, last(large)->loss);
}

/* 05: the speed |θ_{k+1} − θ_k| dips near the saddle and grows again; gd ends downhill. */
TEST(s05_gd_slows_down_passing_the_saddle_then_escapes)
{
    const LoadedScene *ls = scene(5);
    const Run *r = run_of(ls, 0, 0, OPTIM_GD, "saddle");
    if (!r) {
        return;
    }
    ASSERT(r->ls->n_crit == 1 && r->ls->crit[0].kind == CRIT_SADDLE);
    long kmin = 1;
    for (long k = 1; k < r->n; k++) {
        if (step_len(r, k) < step_len(r, kmin)) {
            kmin = k;
        }
    }
    double vmin = step_len(r, kmin), v1 = step_len(r, 1), vend = step_len(r, r->n - 1);
    const TrajPoint *slow = &r->pts[kmin - 1];
    ASSERT(kmin > 1 && kmin < r->n - 1);
    ASSERT(v1 > 10.0 * vmin && vend > 10.0 * vmin);
    ASSERT(hypot(slow->x, slow->y) < 0.15);
    ASSERT(last(r)->loss < -1.0 && hypot(last(r)->x, last(r)->y) > 1.5);
    printf("  05: step length %.3f at step 1, %.4f at step %ld (%.3f from the saddle), "
           "%.3f at step %ld; L = %.3g at the end\n", v1, vmin, kmin,
           hypot(slow->x, slow->y), vend, r->n - 1, last(r)->loss);
}

/* 06: convex: two starts, one minimum. Non-convex: two nearby starts, two mirror minima. */
TEST(s06_convex_loss_has_one_minimum_the_tiny_net_several)
{
    const LoadedScene *ls = scene(6);
    const Run *la = run_of(ls, 0, 0, OPTIM_GD, "logistic");
    const Run *lb = run_of(ls, 1, 0, OPTIM_GD, "logistic");
    const Run *ta = run_of(ls, 2, 0, OPTIM_GD, "tiny-net");
    const Run *tb = run_of(ls, 3, 0, OPTIM_GD, "tiny-net");
    if (!la || !lb || !ta || !tb) {
        return;
    }
    ASSERT(dist(la->pts[0].x, la->pts[0].y, lb->pts[0].x, lb->pts[0].y) > 3.0);
    ASSERT(dist(last(la)->x, last(la)->y, last(lb)->x, last(lb)->y) < 1e-6);
    const CriticalPoint *ca = ended_in_minimum(la, 1e-6), *cb = ended_in_minimum(lb, 1e-6);
    ASSERT(ca && ca == cb);

    ASSERT(dist(ta->pts[0].x, ta->pts[0].y, tb->pts[0].x, tb->pts[0].y) < 2.0);
    const CriticalPoint *ma = ended_in_minimum(ta, 1e-3), *mb = ended_in_minimum(tb, 1e-3);
    ASSERT(ma && mb && ma != mb);
    ASSERT(dist(last(ta)->x, last(ta)->y, last(tb)->x, last(tb)->y) > 4.0);
    ASSERT(hypot(last(ta)->x + last(tb)->x, last(ta)->y + last(tb)->y) < 1e-3); /* mirror */
    ASSERT_NEAR(last(ta)->loss, last(tb)->loss, 1e-6);
    printf("  06: logistic from (%g, %g) and (%g, %g) -> (%.4f, %.4f) both; tiny-net from "
           "(%g, %g) -> (%.3f, %.3f), from (%g, %g) -> (%.3f, %.3f)\n", la->pts[0].x,
           la->pts[0].y, lb->pts[0].x, lb->pts[0].y, last(la)->x, last(la)->y, ta->pts[0].x,
           ta->pts[0].y, last(ta)->x, last(ta)->y, tb->pts[0].x, tb->pts[0].y, last(tb)->x,
           last(tb)->y);
}

/* 07: gd from nearby starts ends in different listed minima; on two-wells, a worse one. */
TEST(s07_the_start_decides_which_local_minimum_gd_ends_in)
{
    const LoadedScene *ls = scene(7);
    const Run *wa = run_of(ls, 0, 0, OPTIM_GD, "two-wells");
    const Run *wb = run_of(ls, 1, 0, OPTIM_GD, "two-wells");
    const Run *ha = run_of(ls, 2, 0, OPTIM_GD, "himmelblau");
    const Run *hb = run_of(ls, 3, 0, OPTIM_GD, "himmelblau");
    if (!wa || !wb || !ha || !hb) {
        return;
    }
    ASSERT(ls->desc.overlays & (1u << OVERLAY_CRITICAL));
    const CriticalPoint *a = ended_in_minimum(wa, 1e-4), *b = ended_in_minimum(wb, 1e-4);
    ASSERT(a && b && a != b);
    ASSERT(dist(wa->pts[0].x, wa->pts[0].y, wb->pts[0].x, wb->pts[0].y) < 1.5);
    ASSERT(fabs(last(wa)->loss - last(wb)->loss) > 0.5); /* the local one is much worse */
    const CriticalPoint *c = ended_in_minimum(ha, 1e-4), *d = ended_in_minimum(hb, 1e-4);
    ASSERT(c && d && c != d);
    ASSERT(dist(ha->pts[0].x, ha->pts[0].y, hb->pts[0].x, hb->pts[0].y) < 1.5);
    ASSERT(last(ha)->loss < 1e-12 && last(hb)->loss < 1e-12); /* equally good */
    printf("  07: two-wells: L = %.4f vs %.4f; himmelblau: (%.3f, %.3f) vs (%.3f, %.3f), "
           "both L < 1e-12\n", last(wa)->loss, last(wb)->loss, last(ha)->x, last(ha)->y,
           last(hb)->x, last(hb)->y);
}

/* 08: Newton is at the minimum after one step; gd needs many. */
TEST(s08_newton_reaches_the_minimum_in_one_step)
{
    const LoadedScene *ls = scene(8);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "rotated-ravine");
    const Run *nt = run_of(ls, 0, 1, OPTIM_NEWTON, "rotated-ravine");
    if (!gd || !nt) {
        return;
    }
    const TrajPoint *p1 = &nt->pts[1], *p0 = &nt->pts[0];
    ASSERT(hypot(p1->x, p1->y) < 1e-12 && p1->loss < 1e-20);
    /* Its direction is not the steepest descent one: more than 10 degrees off −∇L. */
    double dx = p1->x - p0->x, dy = p1->y - p0->y;
    double cosang = -(dx * p0->gx + dy * p0->gy) / (hypot(dx, dy) * hypot(p0->gx, p0->gy));
    ASSERT(cosang < cos(10.0 * PI / 180.0));
    long k6 = first_below(gd, 0.0, 1e-6);
    ASSERT(k6 > 50);
    ASSERT(ls->desc.overlays & (1u << OVERLAY_TAYLOR));
    printf("  08: newton |θ_1| = %.2g, %.0f deg off −∇L; gd: L < 1e-6 at step %ld\n",
           hypot(p1->x, p1->y), acos(cosang) * 180.0 / PI, k6);
}

/* 09: Newton jumps onto the saddle point and stays; gd escapes downhill. */
TEST(s09_newton_lands_on_the_saddle_gd_escapes)
{
    const LoadedScene *ls = scene(9);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "saddle");
    const Run *nt = run_of(ls, 0, 1, OPTIM_NEWTON, "saddle");
    if (!gd || !nt) {
        return;
    }
    const TrajPoint *p1 = &nt->pts[1];
    ASSERT(hypot(p1->x, p1->y) < 1e-12 && hypot(last(nt)->x, last(nt)->y) < 1e-12);
    double g[2], h[3];
    landscape_eval(nt->ls, p1->x, p1->y, g, h);
    ASSERT(landscape_classify_hessian(h, 1e-9, NULL) == CRIT_SADDLE);
    long rises = 0;
    for (long k = 1; k < gd->n; k++) {
        rises += !(gd->pts[k].loss < gd->pts[k - 1].loss);
    }
    ASSERT(rises == 0);
    ASSERT(last(gd)->loss < -1.0 && fabs(last(gd)->y) > 1.0);
    printf("  09: newton at (%g, %g) from step 1 on; gd ends at (%.3f, %.3f), L = %.3g\n",
           p1->x, p1->y, last(gd)->x, last(gd)->y, last(gd)->loss);
}

/* 10: momentum zig-zags less and reaches L < 1e-6 in at most 60% of gd's steps. */
TEST(s10_momentum_zigzags_less_and_arrives_sooner)
{
    const LoadedScene *ls = scene(10);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "ravine");
    const Run *mo = run_of(ls, 0, 1, OPTIM_MOMENTUM, "ravine");
    if (!gd || !mo) {
        return;
    }
    ASSERT(ls->desc.table_tol == 1e-6); /* the table counts to the caption's L < 10⁻⁶ */
    long kg = first_below(gd, 0.0, 1e-6), km = first_below(mo, 0.0, 1e-6);
    int zg = y_sign_changes(gd, 1e-3), zm = y_sign_changes(mo, 1e-3);
    ASSERT(km > 0 && kg > 0 && (double)km <= 0.6 * (double)kg);
    ASSERT(3 * zm <= zg);
    printf("  10: L < 1e-6 at step %ld (gd) vs %ld (momentum); y zig-zags %d vs %d\n", kg, km,
           zg, zm);
    /* The caption's warning: with μ slid up to 0.9 momentum overshoots along the valley and
     * needs more steps than gd. */
    RunDesc d = mo->desc;
    d.opt.momentum = 0.9;
    Run m9;
    char err[128];
    ASSERT(run_init(&m9, mo->ls, &d, mo->pts[0].x, mo->pts[0].y, err, sizeof err));
    for (long k = 0; k < 5000 && m9.stop == RUN_ACTIVE; k++)
        run_step(&m9);
    long k9 = first_below(&m9, 0.0, 1e-6);
    printf("  10: at mu = 0.9 momentum reaches L < 1e-6 at step %ld (gd %ld)\n", k9, kg);
    ASSERT(k9 > kg);
    run_free(&m9);
}

/* 11: with the same α and μ, Nesterov overshoots less and settles sooner. */
TEST(s11_nesterov_overshoots_less_than_momentum)
{
    const LoadedScene *ls = scene(11);
    const Run *mo = run_of(ls, 0, 0, OPTIM_MOMENTUM, "ravine");
    const Run *ne = run_of(ls, 0, 1, OPTIM_NESTEROV, "ravine");
    if (!mo || !ne) {
        return;
    }
    ASSERT(mo->desc.opt.lr == ne->desc.opt.lr && mo->desc.opt.momentum == ne->desc.opt.momentum);
    long km = first_below(mo, 0.0, 1e-6), kn = first_below(ne, 0.0, 1e-6);
    int zm = y_sign_changes(mo, 1e-3), zn = y_sign_changes(ne, 1e-3);
    double om = overshoot_x(mo), on = overshoot_x(ne);
    ASSERT(kn > 0 && km > kn);
    ASSERT(2 * zn <= zm);
    ASSERT(on < 0.9 * om);
    printf("  11: momentum vs nesterov: L < 1e-6 at step %ld vs %ld, overshoot %.3f vs %.3f, "
           "y zig-zags %d vs %d\n", km, kn, om, on, zm, zn);
}

/* 12: AdaGrad's steps shrink at every step, like α/√k; RMSProp's do not and it gets through. */
TEST(s12_adagrad_steps_fade_rmsprop_keeps_going)
{
    const LoadedScene *ls = scene(12);
    const Run *ag = run_of(ls, 0, 0, OPTIM_ADAGRAD, "plateau");
    const Run *rp = run_of(ls, 0, 1, OPTIM_RMSPROP, "plateau");
    if (!ag || !rp) {
        return;
    }
    double a = ag->desc.opt.lr, full = a * sqrt(2.0); /* both coordinates move α */
    ASSERT(rp->desc.opt.lr == a);
    long grows = 0;
    for (long k = 2; k < ag->n; k++) {
        grows += step_len(ag, k) > step_len(ag, k - 1) * (1.0 + 1e-12);
    }
    ASSERT(grows == 0);
    /* Step 1 is α g/(√(g²) + ε) per coordinate: α, less the ε it adds to a tiny gradient. */
    double gx = fabs(ag->pts[0].gx), gy = fabs(ag->pts[0].gy), eps = ag->desc.opt.eps;
    ASSERT_NEAR(step_len(ag, 1), a * hypot(gx / (gx + eps), gy / (gy + eps)), 1e-12 * a);
    ASSERT_NEAR(step_len(ag, 20), full / sqrt(20.0), 0.15 * full / sqrt(20.0));
    ASSERT(step_len(ag, ag->n - 1) < 0.1 * full);
    ASSERT(last(ag)->loss > 0.99); /* still on the plateau */

    ASSERT(step_len(rp, 20) > 0.8 * full);
    long rp_grows = 0;
    for (long k = 2; k < rp->n; k++) {
        rp_grows += step_len(rp, k) > 1.2 * step_len(rp, k - 1);
    }
    ASSERT(rp_grows > 0);
    ASSERT(last(rp)->loss < 0.01);
    ASSERT(dist(rp->pts[0].x, rp->pts[0].y, last(rp)->x, last(rp)->y) >
           2.0 * dist(ag->pts[0].x, ag->pts[0].y, last(ag)->x, last(ag)->y));
    printf("  12: step 20: adagrad %.4f (α√2/√20 = %.4f), rmsprop %.4f; L at the end "
           "%.4f vs %.2g\n", step_len(ag, 20), full / sqrt(20.0), step_len(rp, 20),
           last(ag)->loss, last(rp)->loss);
}

/* 13: Adam's first step moves each coordinate α; without bias correction
 * (1 − β1)/√(1 − β2) times that, and the run overshoots the minimum. */
TEST(s13_bias_correction_sets_adams_first_step_to_alpha)
{
    const LoadedScene *ls = scene(13);
    const Run *on = run_of(ls, 0, 0, OPTIM_ADAM, "bowl");
    const Run *off = run_of(ls, 0, 1, OPTIM_ADAM, "bowl");
    if (!on || !off) {
        return;
    }
    ASSERT(on->desc.opt.bias_correction && !off->desc.opt.bias_correction);
    const OptimizerDesc *d = &off->desc.opt;
    double a = on->desc.opt.lr, ratio = (1.0 - d->beta1) / sqrt(1.0 - d->beta2);
    ASSERT(a == d->lr);
    ASSERT_NEAR(step_len(on, 1), a * sqrt(2.0), 1e-6 * a);
    ASSERT_NEAR(step_len(off, 1), ratio * a * sqrt(2.0), 1e-6 * a);
    ASSERT(ratio > 3.0);
    ASSERT(overshoot_x(off) > 0.8 && overshoot_x(on) < 0.4);
    ASSERT(overshoot_x(on) < 0.5 * overshoot_x(off)); /* "less than half as large" */
    ASSERT(last(on)->loss < 1e-3 && last(off)->loss < 1e-3);
    printf("  13: first step %.4f (α√2 = %.4f) vs %.4f (%.3f times); overshoot past the "
           "minimum %.3f vs %.3f\n", step_len(on, 1), a * sqrt(2.0), step_len(off, 1),
           step_len(off, 1) / step_len(on, 1), overshoot_x(on), overshoot_x(off));
}

/* 14: the smaller the batch, the noisier the loss it sees and the more the path wiggles;
 * the full batch is deterministic. */
TEST(s14_smaller_batches_are_noisier)
{
    const LoadedScene *ls = scene(14);
    const Run *r[3] = { run_of(ls, 0, 0, OPTIM_GD, "logistic"),
                        run_of(ls, 0, 1, OPTIM_GD, "logistic"),
                        run_of(ls, 0, 2, OPTIM_GD, "logistic") };
    if (!r[0] || !r[1] || !r[2]) {
        return;
    }
    ASSERT(r[0]->desc.batch == 1 && r[1]->desc.batch == 16 && r[2]->desc.batch == 0);
    ASSERT(ls->desc.overlays & (1u << OVERLAY_MINIBATCH));
    double noise[3], wiggle[3], floor_loss[3];
    for (int i = 0; i < 3; i++) {
        /* pts[k].batch_loss is the minibatch loss step k saw at θ_{k−1}. */
        double s = 0.0;
        for (long k = 1; k < r[i]->n; k++) {
            s += fabs(r[i]->pts[k].batch_loss - r[i]->pts[k - 1].loss);
        }
        noise[i] = s / (double)(r[i]->n - 1);
        wiggle[i] = path_len(r[i]) / dist(r[i]->pts[0].x, r[i]->pts[0].y, last(r[i])->x,
                                          last(r[i])->y);
        floor_loss[i] = mean_excess(r[i], r[i]->n / 2, r[i]->n - 1, 0.0);
    }
    ASSERT(noise[0] > 2.0 * noise[1] && noise[1] > 0.0 && noise[2] == 0.0);
    ASSERT(wiggle[0] > wiggle[1] && wiggle[1] > wiggle[2] && wiggle[2] < 1.3);
    ASSERT(floor_loss[0] > floor_loss[1] && floor_loss[1] > floor_loss[2]);
    ASSERT(same_with_seed(r[2], &ls->desc.panes[0], 987654321u, ls->steps));
    ASSERT(!same_with_seed(r[0], &ls->desc.panes[0], 987654321u, ls->steps));
    printf("  14: B = 1, 16, all: mean |batch loss − L| %.3f, %.3f, %g; path / distance "
           "%.2f, %.2f, %.2f; mean L (2nd half) %.4f, %.4f, %.4f\n", noise[0], noise[1],
           noise[2], wiggle[0], wiggle[1], wiggle[2], floor_loss[0], floor_loss[1],
           floor_loss[2]);
}

/* 15: identical until the first decay; after it the scheduled run's loss sits far below
 * the constant run's, which stalls at its noise floor. */
TEST(s15_step_decay_goes_below_the_constant_rates_noise_floor)
{
    const LoadedScene *ls = scene(15);
    const Run *c = run_of(ls, 0, 0, OPTIM_GD, "logistic");
    const Run *s = run_of(ls, 0, 1, OPTIM_GD, "logistic");
    if (!c || !s) {
        return;
    }
    ASSERT(c->desc.schedule.kind == SCHEDULE_CONSTANT && s->desc.schedule.kind == SCHEDULE_STEP);
    ASSERT(s->desc.schedule.gamma == 0.1);
    ASSERT(c->desc.opt.lr == s->desc.opt.lr && c->desc.batch == s->desc.batch &&
           c->desc.seed == s->desc.seed && c->desc.batch > 0);
    long e = s->desc.schedule.every, n = c->n - 1;
    ASSERT(n >= 2 * e);
    long differ = 0;
    for (long k = 0; k <= e; k++) {
        differ += c->pts[k].x != s->pts[k].x || c->pts[k].y != s->pts[k].y;
    }
    ASSERT(differ == 0);
    /* The loss plot shows L − L*, so the final gaps read apart on its log axis. */
    ASSERT(ls->desc.loss_axis == LOSS_AXIS_GAP);
    double lstar = analysis_known_minimum(c->ls);
    double cg = last(c)->loss - lstar, sg = last(s)->loss - lstar;
    printf("  15: final L − L*: constant %.4g, step decay %.4g\n", cg, sg);
    double ce = mean_excess(c, e + e / 2, n, lstar), se = mean_excess(s, e + e / 2, n, lstar);
    ASSERT(se < 0.2 * ce && se > 0.05 * ce); /* "about ten times lower" */
    ASSERT(ce > 0.003 && ce < 0.03);           /* "stalls near 10⁻²" */
    ASSERT(sg < 0.25 * cg);
    double c_early = mean_excess(c, e, e + e / 2, lstar), c_late = mean_excess(c, n - e, n, lstar);
    ASSERT(c_late > 0.5 * c_early); /* the constant rate makes no headway */
    printf("  15: mean L − L* over steps %ld..%ld: constant %.4f, step decay %.4f; constant "
           "%.4f just after step %ld, %.4f over the last %ld\n", e + e / 2 + 1, n, ce, se,
           c_early, e, c_late, e);
}

/* gd on x^2 + k y^2 from `start` for n steps with rate lr: the run, checked against the
 * closed form x_n = (1 - 2 lr)^n x0, y_n = (1 - 2 k lr)^n y0. */
static void s16_check_gd(const Landscape *l, const double start[2], double k, double lr, long n)
{
    RunDesc d = run_desc_default(OPTIM_GD);
    d.opt.lr = lr;
    Run r;
    char err[128];
    ASSERT(run_init(&r, l, &d, start[0], start[1], err, sizeof err));
    for (long i = 0; i < n; i++) {
        run_step(&r);
    }
    ASSERT(r.n == n + 1 && r.stop == RUN_ACTIVE);
    double ax = 1.0 - 2.0 * lr, ay = 1.0 - 2.0 * k * lr;
    for (long i = 1; i < r.n; i++) {
        ASSERT_NEAR(r.pts[i].x, pow(ax, (double)i) * start[0], 1e-12 * fabs(start[0]));
        ASSERT_NEAR(r.pts[i].y, pow(ay, (double)i) * start[1], 1e-12 * fabs(start[1]));
    }
    run_free(&r);
}

/* Scene 16: x^2 + k y^2 with k on a log slider from 1 to 100 (60 at start). gd with α =
 * 0.0099 < 1/k for every k: x shrinks by 1 - 2α whatever k; y by 1 - 2kα, which changes
 * sign (the zig-zag) exactly when k > 1/(2α) ≈ 50.5; Newton lands on (0, 0) in one step. */
TEST(s16_the_condition_number_on_a_slider)
{
    const LoadedScene *ls = scene(16);
    if (!ls) {
        return;
    }
    const PaneDesc *pane = &ls->desc.panes[0];
    ASSERT(pane->typed.n_params == 1 && strcmp(pane->typed.params[0].name, "k") == 0);
    const LandscapeParam *k = &pane->typed.params[0];
    ASSERT(k->value == 60.0 && k->min == 1.0 && k->max == 100.0);
    ASSERT(k->min > 0.0 && k->max > 10.0 * k->min); /* the panel's slider is logarithmic */
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "custom");
    const Run *nt = run_of(ls, 0, 1, OPTIM_NEWTON, "custom");
    if (!gd || !nt) {
        return;
    }
    double lr = gd->desc.opt.lr;
    ASSERT(lr == 0.0099 && lr < 1.0 / k->max); /* below 2/λmax = 1/k on the whole slider */
    /* the Hessian's eigenvalues are 2 and 2k: κ = k, and 2/λmax = 1/k */
    LocalInfo li;
    analysis_local(gd->ls, 0.3, -0.2, &li);
    ASSERT(li.eig[0] == 2.0 && li.eig[1] == 120.0 && li.stability == 2.0 / 120.0);
    /* at k = 60, as loaded: the closed form, and a zig-zag across the valley */
    ASSERT(gd->n == ls->steps + 1);
    ASSERT(y_sign_changes(gd, 1e-12) > 10);
    ASSERT_NEAR(last(gd)->x, pow(1.0 - 2.0 * lr, (double)ls->steps) * pane->start[0], 1e-12);
    ASSERT(nt->pts[1].x == 0.0 && nt->pts[1].y == 0.0 && nt->converged_step == 1);
    /* move the slider: a new value is read at every evaluation */
    LandscapeTyped *t = ls->typed[0];
    ASSERT(t && &t->ls == gd->ls);
    if (!t) {
        return;
    }
    const double ks[] = {1.0, 50.0, 51.0, 100.0};
    for (int i = 0; i < 4; i++) {
        t->values[0] = ks[i];
        s16_check_gd(&t->ls, pane->start, ks[i], lr, 150);
    }
    t->values[0] = k->value;
    /* zig-zag: y's factor 1 - 2kα is >= 0 at k = 50 and < 0 at k = 51 */
    ASSERT(1.0 - 2.0 * 50.0 * lr > 0.0 && 1.0 - 2.0 * 51.0 * lr < 0.0);
}

/* Scene 17: x^3 - 3x - y^3 + 3y. The critical-point finder, run on the typed function, finds
 * exactly the four points of the caption with the Hessian's verdicts; gd ends in the
 * minimum, Newton in the saddle it started next to. */
TEST(s17_the_hessian_classifies_the_critical_points)
{
    const LoadedScene *ls = scene(17);
    if (!ls) {
        return;
    }
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "custom");
    const Run *nt = run_of(ls, 0, 1, OPTIM_NEWTON, "custom");
    if (!gd || !nt) {
        return;
    }
    CriticalPoint cp[16];
    ViewBox box = ls->desc.panes[0].view;
    int n = analysis_find_critical(gd->ls, box, cp, 16);
    ASSERT(n == 4);
    const struct {
        double x, y;
        CritKind kind;
    } want[4] = {
        {1, -1, CRIT_MINIMUM}, {-1, 1, CRIT_MAXIMUM}, {1, 1, CRIT_SADDLE}, {-1, -1, CRIT_SADDLE}};
    for (int w = 0; w < 4; w++) {
        int found = 0;
        for (int i = 0; i < n; i++) {
            found += dist(cp[i].x, cp[i].y, want[w].x, want[w].y) < 1e-9 &&
                     cp[i].kind == want[w].kind;
        }
        ASSERT(found == 1);
    }
    /* the Hessian diag(6x, -6y), exact */
    LocalInfo li;
    analysis_local(gd->ls, 1.0, -1.0, &li);
    ASSERT(li.h[0] == 6.0 && li.h[1] == 0.0 && li.h[2] == 6.0);
    ASSERT(dist(ls->desc.panes[0].start[0], ls->desc.panes[0].start[1], 1, 1) < 0.25);
    ASSERT(dist(last(gd)->x, last(gd)->y, 1.0, -1.0) < 1e-6);
    ASSERT(last(gd)->loss == -4.0 || fabs(last(gd)->loss + 4.0) < 1e-10);
    ASSERT(dist(last(nt)->x, last(nt)->y, 1.0, 1.0) < 1e-12 && nt->converged_step <= 5);
}

/* 18: at the saddle of x^2 - y^2 (alpha = 0.5): Newton halves its distance to (0, 0) every
 * step; damped Newton (lambda = 1 < 2 = -lambda_min) is still drawn in (y = 0 from step 1,
 * to rounding);
 * saddle-free Newton halves x too but multiplies y by 1.5: the loss falls every step. */
TEST(s18_saddle_free_newton_leaves_the_saddle)
{
    const LoadedScene *ls = scene(18);
    const Run *nt = run_of(ls, 0, 0, OPTIM_NEWTON, "saddle");
    const Run *dn = run_of(ls, 0, 1, OPTIM_DAMPED_NEWTON, "saddle");
    const Run *sf = run_of(ls, 0, 2, OPTIM_SADDLE_FREE, "saddle");
    if (!nt || !dn || !sf) {
        return;
    }
    ASSERT(nt->desc.opt.lr == 0.5 && dn->desc.opt.lr == 0.5 && sf->desc.opt.lr == 0.5);
    ASSERT(dn->desc.opt.damping == 1.0);
    long n = nt->n - 1;
    for (long k = 1; k <= n; k++) {
        const TrajPoint *a = &nt->pts[k - 1], *b = &nt->pts[k];
        ASSERT_NEAR(hypot(b->x, b->y), 0.5 * hypot(a->x, a->y), 1e-15);
        ASSERT(fabs(dn->pts[k].y) < 1e-15);
        ASSERT_NEAR(sf->pts[k].y, 1.5 * sf->pts[k - 1].y, 1e-15);
        ASSERT_NEAR(sf->pts[k].x, nt->pts[k].x, 1e-15);
        ASSERT(sf->pts[k].loss < sf->pts[k - 1].loss);
    }
    ASSERT(hypot(last(nt)->x, last(nt)->y) < 2e-3 && hypot(last(dn)->x, last(dn)->y) < 0.03);
    ASSERT(last(sf)->y > 2.5 && last(sf)->loss < -8.0);
    /* The point they converge to is the landscape's saddle. */
    ASSERT(nt->ls->n_crit >= 1 && nt->ls->crit[0].kind == CRIT_SADDLE);
    printf("  16: newton at %.2g from the saddle, damped %.2g; saddle-free at y = %.3f, "
           "L = %.3f\n", hypot(last(nt)->x, last(nt)->y), hypot(last(dn)->x, last(dn)->y),
           last(sf)->y, last(sf)->loss);
}

/* 19: gd and Adam with L2 end at the same point, the minimum of L + (lambda/2)|theta|^2
 * (grad L + lambda theta = 0 there); AdamW with the same lambda ends elsewhere, nearer the
 * minimum of L itself, with a lower L. */
TEST(s19_adamw_is_not_adam_with_l2)
{
    const LoadedScene *ls = scene(19);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "logistic");
    const Run *ad = run_of(ls, 0, 1, OPTIM_ADAM, "logistic");
    const Run *aw = run_of(ls, 0, 2, OPTIM_ADAMW, "logistic");
    if (!gd || !ad || !aw) {
        return;
    }
    double lam = aw->desc.opt.weight_decay;
    ASSERT(lam == 0.1 && gd->desc.opt.l2 == lam && ad->desc.opt.l2 == lam);
    ASSERT(aw->desc.opt.l2 == 0.0 && gd->desc.batch == 0 && ad->desc.batch == 0);
    const TrajPoint *g = last(gd), *a = last(ad), *w = last(aw);
    ASSERT(dist(g->x, g->y, a->x, a->y) < 1e-4);
    ASSERT(hypot(g->gx + lam * g->x, g->gy + lam * g->y) < 1e-6);
    ASSERT(hypot(a->gx + lam * a->x, a->gy + lam * a->y) < 1e-4);
    double wres = hypot(w->gx + lam * w->x, w->gy + lam * w->y);
    ASSERT(wres > 0.05);
    ASSERT(dist(w->x, w->y, a->x, a->y) > 0.5);
    const CriticalPoint *m = &aw->ls->crit[0];
    ASSERT(m->kind == CRIT_MINIMUM);
    ASSERT(dist(w->x, w->y, m->x, m->y) < 0.5 * dist(a->x, a->y, m->x, m->y));
    ASSERT(w->loss < a->loss);
    printf("  17: L2 (gd, adam) ends at (%.4f, %.4f) (%.4f, %.4f); adamw at (%.3f, %.3f), "
           "|∇L + λθ| = %.3f there; L's minimum (%.3f, %.3f)\n", g->x, g->y, a->x, a->y, w->x,
           w->y, wres, m->x, m->y);
}

/* 20: on Rosenbrock from (-1.2, 1) in 400 steps: gd (0.0019 = 95% of 2/lambda_max at the
 * minimum) and gd with an Armijo search never get below L = 10^-4; L-BFGS reaches 10^-10
 * within 40 steps, one gradient and about two loss evaluations a step; CG 10^-4 by step 300.
 * The evaluation counts are the ones the table and the CSV show. */
TEST(s20_lbfgs_and_cg_beat_gd_on_rosenbrock)
{
    const LoadedScene *ls = scene(20);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "rosenbrock");
    const Run *gl = run_of(ls, 0, 1, OPTIM_GD, "rosenbrock");
    const Run *lb = run_of(ls, 0, 2, OPTIM_LBFGS, "rosenbrock");
    const Run *cg = run_of(ls, 0, 3, OPTIM_CG, "rosenbrock");
    if (!gd || !gl || !lb || !cg) {
        return;
    }
    double g[2], h[3];
    landscape_eval(gd->ls, 1.0, 1.0, g, h);
    double lmax = 0.5 * (h[0] + h[2]) + hypot(0.5 * (h[0] - h[2]), h[1]);
    ASSERT(gd->desc.opt.lr < 2.0 / lmax && gd->desc.opt.lr > 0.94 * 2.0 / lmax);
    ASSERT(!gd->desc.opt.line_search && gl->desc.opt.line_search);
    ASSERT(first_below(gd, 0.0, 1e-4) < 0 && first_below(gl, 0.0, 1e-4) < 0);
    ASSERT(last(gd)->loss > 0.1 && last(gl)->loss > 0.1);
    ASSERT(last(gd)->loss_evals == 0 && last(gl)->loss_evals > 4 * (gl->n - 1));
    long kl = first_below(lb, 0.0, 1e-10), kc = first_below(cg, 0.0, 1e-4);
    ASSERT(kl > 0 && kl <= 40);
    ASSERT(lb->pts[kl].grad_evals == kl && lb->pts[kl].loss_evals <= 3 * kl);
    ASSERT(kc > 0 && kc <= 300 && cg->pts[kc].grad_evals == kc);
    ASSERT(cg->pts[kc].loss_evals > 2 * kc);
    ASSERT(last(cg)->loss < 1e-4);
    printf("  18: gd L = %.3f, gd+armijo L = %.3f (%ld loss evals); lbfgs L < 1e-10 at step %ld "
           "(%ld ∇L, %ld L); cg L < 1e-4 at step %ld (%ld ∇L, %ld L)\n", last(gd)->loss,
           last(gl)->loss, last(gl)->loss_evals, kl, lb->pts[kl].grad_evals,
           lb->pts[kl].loss_evals, kc, cg->pts[kc].grad_evals, cg->pts[kc].loss_evals);
}

/* 21: the bowl's graph stays under every chord, exactly −λ(1 − λ)|a − b|² below it; on two
 * wells the graph rises above the chord between the wells, by the quoted 1.38. */
TEST(s21_the_chord_lies_above_a_convex_graph_not_a_nonconvex_one)
{
    const LoadedScene *ls = scene(21);
    if (!ls || !run_of(ls, 0, 0, OPTIM_GD, "bowl") || !run_of(ls, 1, 0, OPTIM_GD, "two-wells")) {
        return;
    }
    enum { N = 101 };
    double f[N], chord[N];
    const PaneDesc *bowl = &ls->desc.panes[0], *wells = &ls->desc.panes[1];
    ASSERT(bowl->has_chord && wells->has_chord);
    const double *a = bowl->chord, *b = bowl->chord + 2;
    double worst = analysis_chord(bowl->ls, a, b, N, f, chord);
    double d2 = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
    for (int i = 0; i < N; i++) {
        double lam = 1.0 - i / (double)(N - 1);
        ASSERT_NEAR(f[i] - chord[i], -lam * (1.0 - lam) * d2, 1e-12);
    }
    ASSERT(worst <= 1e-15 && worst >= -1e-15); /* the ends: f = chord */
    ASSERT_NEAR(chord[0], landscape_eval(bowl->ls, a[0], a[1], NULL, NULL), 0.0);
    ASSERT_NEAR(chord[N - 1], landscape_eval(bowl->ls, b[0], b[1], NULL, NULL), 0.0);
    /* Two wells: a and b lie in the two wells (the listed minima, within 0.05). */
    double da, db;
    ASSERT(nearest_crit(wells->ls, wells->chord[0], wells->chord[1], &da)->kind == CRIT_MINIMUM);
    ASSERT(nearest_crit(wells->ls, wells->chord[2], wells->chord[3], &db)->kind == CRIT_MINIMUM);
    ASSERT(da < 0.05 && db < 0.05);
    double above = analysis_chord(wells->ls, wells->chord, wells->chord + 2, N, f, chord);
    ASSERT_NEAR(above, 1.38, 0.005);
    ASSERT_STR_CONTAINS(ls->desc.caption, "1.38");
    printf("  21: bowl: f − chord = −λ(1 − λ)·%.2f (max %.2g at the middle); two wells: f "
           "rises %.4f above the chord\n", d2, 0.25 * d2, above);
}

/* 22: on the convex ravine AdaGrad at α = 2 reaches L < 1e-6 in 55 steps, gd at its best
 * fixed rate 2/(λmin + λmax) = 0.95 in 79. */
TEST(s22_adagrad_does_well_on_a_convex_problem)
{
    const LoadedScene *ls = scene(22);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "ravine");
    const Run *ag = run_of(ls, 0, 1, OPTIM_ADAGRAD, "ravine");
    if (!gd || !ag) {
        return;
    }
    ASSERT_NEAR(2.0 / (0.1 + 2.0), gd->desc.opt.lr, 0.003); /* gd's best fixed rate */
    ASSERT(ag->desc.opt.lr == 2.0);
    ASSERT(ls->desc.table_tol == 1e-6); /* the table counts to the caption's L < 10⁻⁶ */
    long kg = first_below(gd, 0.0, 1e-6), ka = first_below(ag, 0.0, 1e-6);
    ASSERT(kg == 79 && ka == 55);
    /* gd's best: a rate 0.05 lower or higher is slower still. */
    for (int sgn = -1; sgn <= 1; sgn += 2) {
        RunDesc d = gd->desc;
        d.opt.lr += 0.05 * sgn;
        Run other;
        char err[256];
        ASSERT(run_init(&other, gd->ls, &d, ls->desc.panes[0].start[0],
                        ls->desc.panes[0].start[1], err, sizeof err));
        for (long k = 0; k < ls->steps && run_step(&other); k++) {
        }
        long ko = first_below(&other, 0.0, 1e-6);
        ASSERT(ko < 0 || ko > kg);
        run_free(&other);
    }
    ASSERT(last(ag)->loss < last(gd)->loss);
    printf("  22: L < 1e-6 at step %ld (adagrad, α = 2) vs %ld (gd, α = 0.95)\n", ka, kg);
}

/* 23: on the plateau Adam's steps stay about α per coordinate and it crosses; momentum's
 * steps are at most α max|∇L| / (1 − μ) and it stays on the plateau. */
TEST(s23_adam_crosses_the_plateau_momentum_crawls)
{
    const LoadedScene *ls = scene(23);
    const Run *mo = run_of(ls, 0, 0, OPTIM_MOMENTUM, "plateau");
    const Run *ad = run_of(ls, 0, 1, OPTIM_ADAM, "plateau");
    if (!mo || !ad) {
        return;
    }
    double a = ad->desc.opt.lr, mu = mo->desc.opt.momentum;
    ASSERT(mo->desc.opt.lr == 1.0 && mu == 0.9);
    /* Adam's first 50 steps, while |∇L| grows tenfold: each coordinate moves about α. */
    double lo = INFINITY, hi = 0.0;
    for (long k = 1; k <= 50; k++) {
        double dx = fabs(ad->pts[k].x - ad->pts[k - 1].x) / a;
        double dy = fabs(ad->pts[k].y - ad->pts[k - 1].y) / a;
        lo = fmin(lo, fmin(dx, dy));
        hi = fmax(hi, fmax(dx, dy));
    }
    printf("  23: adam's coordinate steps over steps 1..50: %.3fα .. %.3fα\n", lo, hi);
    ASSERT(lo > 0.8 && hi < 1.4); /* "about α" while |∇L| changes manyfold */
    ASSERT(first_below(ad, 0.0, 1e-3) > 0 && last(ad)->loss < 1e-6);
    /* Momentum: every step at most α max_j |∇L_j| / (1 − μ); still on the plateau. */
    double gmax = 0.0;
    for (long k = 1; k < mo->n; k++) {
        double g[2];
        landscape_eval(mo->ls, mo->pts[k - 1].x, mo->pts[k - 1].y, g, NULL);
        gmax = fmax(gmax, hypot(g[0], g[1]));
        ASSERT(step_len(mo, k) <= mo->desc.opt.lr * gmax / (1.0 - mu) * (1.0 + 1e-9));
    }
    ASSERT(gmax < 1e-3 && last(mo)->loss > 0.99);
    printf("  23: adam L < 1e-3 at step %ld, ends at L = %.2g; momentum |∇L| <= %.2g, moved "
           "%.2f, ends at L = %.4f\n", first_below(ad, 0.0, 1e-3), last(ad)->loss, gmax,
           dist(mo->pts[0].x, mo->pts[0].y, last(mo)->x, last(mo)->y), last(mo)->loss);
}

/* 24: across the ravine (λmax = 2) y_k = (1 − 2α)^k y_0: at α = 0.9 it changes sign every step
 * and shrinks 0.8 times, and the run converges; at α = 1.05 it grows 1.1 times a step. */
TEST(s24_a_high_rate_bounces_and_converges_above_two_over_lambda_it_grows)
{
    const LoadedScene *ls = scene(24);
    const Run *b = run_of(ls, 0, 0, OPTIM_GD, "ravine");
    const Run *g = run_of(ls, 1, 0, OPTIM_GD, "ravine");
    if (!b || !g) {
        return;
    }
    LocalInfo li;
    analysis_local(b->ls, 0.0, 0.0, &li);
    ASSERT(li.eig[1] == 2.0);
    ASSERT(b->desc.opt.lr > 1.0 / li.eig[1] && b->desc.opt.lr < li.stability);
    ASSERT(g->desc.opt.lr > li.stability);
    for (long k = 1; k < 40; k++) {
        ASSERT(b->pts[k].y * b->pts[k - 1].y < 0.0 && g->pts[k].y * g->pts[k - 1].y < 0.0);
        ASSERT_NEAR(b->pts[k].y / b->pts[k - 1].y, -0.8, 1e-9);
        ASSERT_NEAR(g->pts[k].y / g->pts[k - 1].y, -1.1, 1e-9);
    }
    ASSERT(b->converged_step > 0 && last(b)->loss < 1e-10);
    ASSERT(g->stop == RUN_ACTIVE && last(g)->loss > 1e10 * g->pts[0].loss);
    printf("  24: α = 0.9 converged at step %ld (L = %.2g); α = 1.05 L grew from %.3g to %.3g\n",
           b->converged_step, last(b)->loss, g->pts[0].loss, last(g)->loss);
}

/* 25: B = 10 of n = 300 points: an epoch is 30 steps, and each epoch's batches use every
 * point exactly once; the loss plot (with its epoch ticks) is on. */
TEST(s25_an_epoch_uses_every_point_once)
{
    const LoadedScene *ls = scene(25);
    const Run *sgd = run_of(ls, 0, 0, OPTIM_GD, "logistic");
    const Run *full = run_of(ls, 0, 1, OPTIM_GD, "logistic");
    if (!sgd || !full) {
        return;
    }
    ASSERT(ls->desc.overlays & (1u << OVERLAY_LOSS_PLOT));
    ASSERT(sgd->ls->data->n == 300 && sgd->desc.batch == 10);
    ASSERT(run_steps_per_epoch(sgd) == 30 && run_steps_per_epoch(full) == 0);
    /* Replay and count how often each point is used in epochs 1, 2 and 10. */
    Run r;
    char err[256];
    const PaneDesc *pane = &ls->desc.panes[0];
    ASSERT(run_init(&r, sgd->ls, &sgd->desc, pane->start[0], pane->start[1], err, sizeof err));
    int used[300];
    long checked = 0;
    for (long e = 0; e < 10; e++) {
        memset(used, 0, sizeof used);
        for (long k = 0; k < 30; k++) {
            ASSERT(run_step(&r));
            const int *idx;
            int m = run_last_batch(&r, &idx);
            ASSERT(m == 10);
            for (int i = 0; i < m; i++) {
                used[idx[i]]++;
            }
        }
        for (int i = 0; i < 300; i++) {
            checked += used[i] == 1;
        }
    }
    ASSERT(checked == 3000);
    ASSERT(r.pts[300].x == sgd->pts[300].x && r.pts[300].y == sgd->pts[300].y);
    run_free(&r);
    printf("  25: 10 epochs of 30 steps, every point once in each\n");
}

/* Scene 26: the basin maps of its two runs on a 64 x 64 grid of the view. Gradient descent:
 * every start converges, each of the four minima takes at least a tenth of the plane, and
 * the classes change between few neighbours (smooth basins); momentum's change between at
 * least three times as many (frayed). */
static int basin_boundaries(const LoadedScene *ls, int pane, int counts[4])
{
    enum { G = 64 };
    const PaneDesc *pd = &ls->desc.panes[pane];
    CriticalPoint m[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = pd->ls, .run = pd->runs[0], .steps = ls->steps, .view = pd->ls->view,
                   .w = G, .h = G, .minima = m};
    d.n_minima = basin_minima(pd->ls, d.view, m, BASIN_MAX_MINIMA);
    ASSERT(d.n_minima == 4);
    static BasinCell cells[G * G];
    char err[160];
    ASSERT(basin_compute(&d, cells, err, sizeof err));
    int changes = 0;
    for (int k = 0; k < 4; k++)
        counts[k] = 0;
    for (int j = 0; j < G; j++) {
        for (int i = 0; i < G; i++) {
            const BasinCell *c = &cells[j * G + i];
            if (c->cls >= 0 && c->cls < 4)
                counts[c->cls]++;
            changes += i + 1 < G && c->cls != cells[j * G + i + 1].cls;
            changes += j + 1 < G && c->cls != cells[(j + 1) * G + i].cls;
        }
    }
    return changes;
}

TEST(s26_gd_basins_are_smooth_momentums_fray)
{
    const LoadedScene *ls = scene(26);
    if (!ls)
        return;
    ASSERT(ls->desc.overlays & (1u << OVERLAY_BASINS));
    ASSERT(ls->desc.panes[0].runs[0].opt.kind == OPTIM_GD &&
           ls->desc.panes[0].runs[0].opt.lr == 0.01);
    ASSERT(ls->desc.panes[1].runs[0].opt.kind == OPTIM_MOMENTUM &&
           ls->desc.panes[1].runs[0].opt.lr == 0.01 &&
           ls->desc.panes[1].runs[0].opt.momentum == 0.9);
    int gd[4], mom[4];
    int gd_changes = basin_boundaries(ls, 0, gd);
    int mom_changes = basin_boundaries(ls, 1, mom);
    for (int k = 0; k < 4; k++)
        ASSERT(gd[k] >= 64 * 64 / 10);
    ASSERT(gd[0] + gd[1] + gd[2] + gd[3] == 64 * 64);
    if (getenv("SCENES_DEBUG"))
        fprintf(stderr, "s26: boundaries gd %d momentum %d\n", gd_changes, mom_changes);
    ASSERT(mom_changes >= 3 * gd_changes);
}

/* 27: contours | surface on one clock and one start: the same runs in both panes, the right
 * one in 3D; gd only reaches the valley's floor (y = x^2) at L = 1.7, momentum rolls along it
 * to L = 0.11. */
TEST(s27_rosenbrock_contours_beside_the_surface)
{
    const LoadedScene *ls = NULL;
    for (int i = 0; i < fx.n_files; i++)
        if (strcmp(fx.files[i], "27-surface-rosenbrock.ini") == 0 && fx.scenes[i].ok)
            ls = &fx.scenes[i];
    ASSERT(ls != NULL);
    if (!ls)
        return;
    const SceneDesc *d = &ls->desc;
    ASSERT(d->layout == LAYOUT_1X2 && d->n_panes == 2 && d->link);
    ASSERT(!d->panes[0].surface && d->panes[1].surface);
    const Run *gd = run_of(ls, 0, 0, OPTIM_GD, "rosenbrock");
    const Run *mo = run_of(ls, 0, 1, OPTIM_MOMENTUM, "rosenbrock");
    const Run *gd3 = run_of(ls, 1, 0, OPTIM_GD, "rosenbrock");
    const Run *mo3 = run_of(ls, 1, 1, OPTIM_MOMENTUM, "rosenbrock");
    if (!gd || !mo || !gd3 || !mo3)
        return;
    ASSERT(gd->n == gd3->n && mo->n == mo3->n);
    ASSERT(memcmp(gd->pts, gd3->pts, sizeof *gd->pts * (size_t)gd->n) == 0);
    ASSERT(memcmp(mo->pts, mo3->pts, sizeof *mo->pts * (size_t)mo->n) == 0);
    const TrajPoint *g = last(gd), *m = last(mo);
    ASSERT(gd->desc.opt.lr == 0.0019 && mo->desc.opt.momentum == 0.9);
    ASSERT(fabs(g->loss - 1.7) < 0.05 && fabs(m->loss - 0.11) < 0.005);
    ASSERT(fabs(g->y - g->x * g->x) < 0.05 && g->x < 0.0); /* on the floor, far from (1, 1) */
    ASSERT(m->x > 0.5 && fabs(m->y - m->x * m->x) < 0.05);
    printf("  27: gd L = %.3f at (%.3f, %.3f), momentum L = %.4f at (%.3f, %.3f)\n", g->loss,
           g->x, g->y, m->loss, m->x, m->y);
}

/* 28: the sweep pane of momentum on the ravine, as the window shows it once refined: λmax = 2,
 * α on a log axis against μ from the hyperparameter table. In each row the cells blow up
 * (diverge or end above L at the start) exactly from the first column past the stability
 * limit 2(1 + μ)/λmax: at μ = 0 (the bottom row, gd) that is 2/λmax = 1 within a cell, at
 * μ = 0.9 it is 1.9, and the top row's (μ = 0.994) is nearly twice the bottom's (a
 * little less: so close to μ = 1 the stable runs still swing above L's start at step 300).
 * The run's own (α, μ) sits on the map and converges there. */
static int sweep_edge(const SweepLayer *l, int j)
{
    int edge = -1;
    for (int i = 0; i < l->w; i++) {
        SweepViewClass k = sweepview_class(l, &l->cells[(size_t)j * l->w + i]);
        bool blown = k == SWEEPVIEW_DIVERGED || k == SWEEPVIEW_GREW;
        if (blown && edge < 0)
            edge = i;
        if (edge >= 0)
            ASSERT(blown); /* no stable cell right of the edge */
    }
    return edge;
}

TEST(s28_the_sweep_shows_the_stability_limits)
{
    const LoadedScene *ls = scene(28);
    if (!ls)
        return;
    ASSERT(ls->desc.overlays & (1u << OVERLAY_SWEEP));
    ASSERT(ls->desc.n_panes == 1 && ls->desc.panes[0].n_runs == 1);
    const RunDesc *rd = &ls->desc.panes[0].runs[0];
    ASSERT(rd->opt.kind == OPTIM_MOMENTUM);
    Session s;
    char err[256];
    ASSERT(session_init(&s, &ls->desc, 0.0, ls->steps, err, sizeof err));
    bool changed;
    ASSERT(sweepview_update(&s, false, &changed, err, sizeof err) && changed);
    ASSERT(sweepview_update(&s, true, &changed, err, sizeof err) && changed);
    const SweepLayer *l = sweepview_layer(&s);
    ASSERT(l != NULL);
    if (!l) {
        session_free(&s);
        return;
    }
    ASSERT(l->fine && l->has_y && l->x.key == HYPER_LR && l->x.log);
    ASSERT(l->y.key == HYPER_MOMENTUM && !l->y.log);
    ASSERT(l->y.lo == hyper_info(HYPER_MOMENTUM)->slider_lo &&
           l->y.hi == hyper_info(HYPER_MOMENTUM)->slider_hi);
    ASSERT_NEAR(l->lambda_max, 2.0, 1e-12);
    ASSERT(l->x.lo < rd->opt.lr && rd->opt.lr < l->x.hi);
    /* the bottom row (μ ≈ 0: gd) and the row nearest μ = 0.9 */
    int rows[2] = {l->h - 1, 0};
    for (int j = 0; j < l->h; j++)
        if (fabs(sweepview_y_value(l, j) - 0.9) < fabs(sweepview_y_value(l, rows[1]) - 0.9))
            rows[1] = j;
    double cell = pow(l->x.hi / l->x.lo, 1.0 / l->w); /* one cell's ratio of α */
    for (int k = 0; k < 2; k++) {
        int j = rows[k];
        double mu = sweepview_y_value(l, j);
        OptimizerDesc d = rd->opt;
        d.momentum = mu;
        double limit = optim_stability_limit(&d, l->lambda_max);
        ASSERT_NEAR(limit, 2.0 * (1.0 + mu) / 2.0, 1e-12);
        int e = sweep_edge(l, j);
        ASSERT(e > 0);
        if (e <= 0)
            continue;
        /* the edge lies between the last stable cell and the first blown one */
        double a0 = sweepview_x_value(l, e - 1), a1 = sweepview_x_value(l, e);
        ASSERT(a0 < limit * cell && a1 > limit / cell);
        printf("  28: mu = %.4f: blows up from alpha = %.4f (limit 2(1+mu)/lmax = %.4f, "
               "cell ratio %.3f)\n", mu, a1, limit, cell);
    }
    ASSERT(fabs(sweepview_y_value(l, l->h - 1)) < 0.01);
    ASSERT(fabs(sweepview_y_value(l, rows[1]) - 0.9) < 0.01);
    /* at μ → 1 the limit doubles: the top row's edge about twice the bottom row's */
    double top = sweepview_x_value(l, sweep_edge(l, 0));
    double bottom = sweepview_x_value(l, sweep_edge(l, l->h - 1));
    printf("  28: top row (mu = %.4f) blows up from alpha = %.4f, the bottom row from %.4f\n",
           sweepview_y_value(l, 0), top, bottom);
    ASSERT(top / bottom > 1.75 && top / bottom < 2.05);
    /* the run's own cell: its values are on the map, and it converges there */
    int ri = -1, rj = -1;
    ASSERT(sweepview_cell_at(l, sweepview_axis_frac(&l->x, rd->opt.lr),
                             1.0 - sweepview_axis_frac(&l->y, rd->opt.momentum), &ri, &rj));
    ASSERT(ri >= 0 && l->cells[(size_t)rj * l->w + ri].status == BASIN_CONVERGED);
    session_free(&s);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_scenes SCENES_DIR\n");
        return 2;
    }
    if (!list_scenes(argv[1])) {
        return 1;
    }
    for (int i = 0; i < fx.n_files; i++) {
        load_scene(argv[1], fx.files[i], &fx.scenes[i]);
        print_scene(&fx.scenes[i]);
    }

    RUN_TEST(the_scenes_load_in_order_and_run);
    RUN_TEST(s01_gradient_descent_falls_straight_to_the_bowls_minimum);
    RUN_TEST(s02_steepest_descent_is_perpendicular_to_contours_and_zigzags);
    RUN_TEST(s03_learning_rates_straddle_two_over_lambda_max);
    RUN_TEST(s04_a_tiny_rate_stays_on_the_plateau_a_large_one_crosses_it);
    RUN_TEST(s05_gd_slows_down_passing_the_saddle_then_escapes);
    RUN_TEST(s06_convex_loss_has_one_minimum_the_tiny_net_several);
    RUN_TEST(s07_the_start_decides_which_local_minimum_gd_ends_in);
    RUN_TEST(s08_newton_reaches_the_minimum_in_one_step);
    RUN_TEST(s09_newton_lands_on_the_saddle_gd_escapes);
    RUN_TEST(s10_momentum_zigzags_less_and_arrives_sooner);
    RUN_TEST(s11_nesterov_overshoots_less_than_momentum);
    RUN_TEST(s12_adagrad_steps_fade_rmsprop_keeps_going);
    RUN_TEST(s13_bias_correction_sets_adams_first_step_to_alpha);
    RUN_TEST(s14_smaller_batches_are_noisier);
    RUN_TEST(s15_step_decay_goes_below_the_constant_rates_noise_floor);
    RUN_TEST(s16_the_condition_number_on_a_slider);
    RUN_TEST(s17_the_hessian_classifies_the_critical_points);
    RUN_TEST(s18_saddle_free_newton_leaves_the_saddle);
    RUN_TEST(s19_adamw_is_not_adam_with_l2);
    RUN_TEST(s20_lbfgs_and_cg_beat_gd_on_rosenbrock);
    RUN_TEST(s21_the_chord_lies_above_a_convex_graph_not_a_nonconvex_one);
    RUN_TEST(s22_adagrad_does_well_on_a_convex_problem);
    RUN_TEST(s23_adam_crosses_the_plateau_momentum_crawls);
    RUN_TEST(s24_a_high_rate_bounces_and_converges_above_two_over_lambda_it_grows);
    RUN_TEST(s25_an_epoch_uses_every_point_once);
    RUN_TEST(s26_gd_basins_are_smooth_momentums_fray);
    RUN_TEST(s27_rosenbrock_contours_beside_the_surface);
    RUN_TEST(s28_the_sweep_shows_the_stability_limits);

    for (int i = 0; i < fx.n_files; i++) {
        for (int r = 0; r < fx.scenes[i].n_runs; r++) {
            run_free(&fx.scenes[i].runs[r]);
        }
        headless_free_typed(fx.scenes[i].typed);
    }
    return TEST_MAIN("test_scenes");
}
