/* test_cli.c - the command line: good input lands in the right fields whatever the flag
 * order; every kind of bad input is refused with a message naming the flag and what was
 * expected; run specs round-trip through spec_format_run. */
#include <stdlib.h>

#include "analysis/analysis.h"
#include "lecture/options.h"
#include "lecture/spec.h"
#include "test.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static bool parse(int argc, char **argv, Options *o, char *err)
{
    return options_parse(argc, argv, o, err, 512);
}

TEST(defaults_without_arguments)
{
    char *argv[] = { "losslens" };
    Options o;
    char err[512];
    ASSERT(parse(ARGC(argv), argv, &o, err));
    const PaneDesc *pane = &o.scene.panes[0];
    ASSERT(o.scene.n_panes == 1 && o.scene.layout == LAYOUT_SINGLE);
    ASSERT(strcmp(pane->ls->id, "bowl") == 0);
    ASSERT(pane->start[0] == pane->ls->start[0] && pane->start[1] == pane->ls->start[1]);
    ASSERT(o.steps == 200 && pane->n_runs == 3 && o.width == 1280 && o.height == 800);
    ASSERT(pane->runs[0].opt.kind == OPTIM_GD && pane->runs[1].opt.kind == OPTIM_MOMENTUM &&
           pane->runs[2].opt.kind == OPTIM_ADAM);
    ASSERT(!o.csv_path && !o.png_path && !pane->has_view && !o.scene_path);
}

TEST(version_is_a_switch)
{
    char *argv[] = { "losslens", "--landscape", "ravine", "--version" };
    Options o;
    char err[512] = "";
    ASSERT(parse(ARGC(argv), argv, &o, err));
    ASSERT(o.version && !o.help && !o.list);
    char *bare[] = { "losslens" };
    ASSERT(parse(ARGC(bare), bare, &o, err));
    ASSERT(!o.version);
}

TEST(flags_land_in_their_fields_in_any_order)
{
    char *argv[] = { "losslens", "--opt", "adam:lr=0.01,beta1=0.8,bias_correction=0",
                     "--landscape", "rosenbrock", "--start=-1.5,2", "--steps", "50",
                     "--opt", "gd:schedule=step,gamma=0.5,every=10",
                     "--seed", "18446744073709551615", "--noise", "0.25",
                     "--schedule", "exp:gamma=0.99", "--csv", "-", "--view", "-2,2,-1,3",
                     "--size", "640x480", "--speed", "12.5", "--play" };
    Options o;
    char err[512] = "";
    ASSERT(parse(ARGC(argv), argv, &o, err));
    ASSERT(err[0] == '\0');
    const PaneDesc *pane = &o.scene.panes[0];
    ASSERT(strcmp(pane->ls->id, "rosenbrock") == 0);
    ASSERT(pane->start[0] == -1.5 && pane->start[1] == 2.0);
    ASSERT(o.steps == 50 && pane->n_runs == 2);
    const RunDesc *a = &pane->runs[0], *g = &pane->runs[1];
    ASSERT(a->opt.kind == OPTIM_ADAM && a->opt.lr == 0.01 && a->opt.beta1 == 0.8);
    ASSERT(a->opt.beta2 == 0.999 && a->opt.eps == 1e-8 && !a->opt.bias_correction);
    /* globals given after --opt still apply to it */
    ASSERT(a->batch == 0 && a->noise == 0.25 && a->seed == 18446744073709551615ull);
    ASSERT(a->schedule.kind == SCHEDULE_EXP && a->schedule.gamma == 0.99);
    /* a run's own schedule wins, whatever the key order */
    ASSERT(g->schedule.kind == SCHEDULE_STEP && g->schedule.gamma == 0.5 &&
           g->schedule.every == 10);
    ASSERT(g->opt.lr == optim_desc_default(OPTIM_GD).lr);
    ASSERT(strcmp(o.csv_path, "-") == 0);
    ASSERT(pane->has_view && pane->view.xmin == -2 && pane->view.xmax == 2 &&
           pane->view.ymin == -1 && pane->view.ymax == 3);
    ASSERT(o.width == 640 && o.height == 480 && o.speed == 12.5 && o.play);
    ASSERT(o.ui_scale == 1.0);

    /* --batch applies to data landscapes (--noise to closed-form ones, above): given after
     * --opt it still reaches the run. */
    char *argv3[] = { "losslens", "--opt", "adam", "--landscape", "logistic", "--batch", "16" };
    ASSERT(parse(ARGC(argv3), argv3, &o, err));
    ASSERT(o.scene.panes[0].runs[0].batch == 16 && o.scene.panes[0].runs[0].noise == 0.0);

    char *argv2[] = { "losslens", "--opt", "gd:gamma=0.5,every=10,schedule=step" };
    ASSERT(parse(ARGC(argv2), argv2, &o, err));
    const RunDesc *r0 = &o.scene.panes[0].runs[0];
    ASSERT(r0->schedule.kind == SCHEDULE_STEP && r0->schedule.gamma == 0.5 &&
           r0->schedule.every == 10);
}

typedef struct {
    const char *args[6];
    const char *message; /* must appear in the error */
} BadCase;

static const BadCase BAD[] = {
    { { "--landscape", "nope" }, "--landscape: unknown landscape 'nope' (expected one of: bowl" },
    { { "--opt", "sgdx" }, "unknown optimizer 'sgdx'" },
    { { "--opt", "adam:foo=1" }, "unknown key 'foo' for adam" },
    { { "--opt", "gd:beta1=0.9" }, "gd has no hyperparameter 'beta1'" },
    { { "--opt", "gd:lr=abc" }, "lr: expected a number in (0, 1e+06], got 'abc'" },
    { { "--opt", "gd:lr=nan" }, "got 'nan'" },
    { { "--opt", "gd:lr=inf" }, "got 'inf'" },
    { { "--opt", "gd:lr=1e999" }, "got '1e999'" },
    { { "--opt", "gd:lr=-1" }, "got '-1'" },
    { { "--opt", "momentum:momentum=1" }, "momentum: expected a number in [0, 1)" },
    { { "--opt", "adam:bias_correction=2" }, "bias_correction: expected 0 or 1" },
    { { "--opt", "gd:lr" }, "expected key=value, got 'lr'" },
    { { "--opt", "gd:schedule=warp" }, "unknown schedule 'warp'" },
    { { "--steps", "0" }, "--steps: expected a whole number from 1 to 10000000, got '0'" },
    { { "--steps", "-5" }, "got '-5'" },
    { { "--steps", "1e3" }, "got '1e3'" },
    { { "--steps", "99999999999" }, "got '99999999999'" },
    { { "--steps" }, "--steps: expected a value after it" },
    { { "--start", "1" }, "--start: expected X,Y with two finite numbers, got '1'" },
    { { "--start", "1,2,3" }, "got '1,2,3'" },
    { { "--start", "nan,1" }, "got 'nan,1'" },
    { { "--start", "1,2x" }, "got '1,2x'" },
    { { "--view", "1,0,0,1" }, "--view: expected XMIN,XMAX,YMIN,YMAX" },
    { { "--size", "10x10" }, "--size: expected WxH" },
    { { "--size", "640x480x3" }, "--size: expected WxH" },
    { { "--speed", "0" }, "--speed: expected steps per second" },
    { { "--batch", "-1" }, "--batch: expected a whole number >= 0" },
    { { "--noise", "-0.5" }, "--noise: expected a finite number >= 0" },
    { { "--seed", "-3" }, "--seed: expected a whole number from 0 to 2^64-1" },
    { { "--seed", "18446744073709551616" }, "--seed: expected a whole number" },
    { { "--schedule", "step:gamma=0" }, "--schedule: gamma: expected a positive number" },
    { { "--schedule", "cosine:min_factor=2" }, "min_factor: expected a number in [0, 1]" },
    { { "--tol", "0" }, "--tol: expected a positive number" },
    { { "--frobnicate" }, "unknown flag '--frobnicate' (see --help)" },
    { { "--version=2" }, "--version: takes no value, got '2'" },
    { { "--steps=" }, "--steps: expected a whole number" },
    { { "stray" }, "unexpected argument 'stray'" },
    { { "--plain" }, "--plain: only meaningful with --png FILE" },
    { { "--ui-scale", "9" }, "--ui-scale: expected a factor from 0.5 to 4, got '9'" },
    { { "--frames", "0" }, "--frames: expected a whole number from 1 to 10000, got '0'" },
    { { "--scene", "/nonexistent.ini" }, "--scene: /nonexistent.ini: cannot open" },
    { { "--scene", "x.ini", "--landscape", "bowl" }, "--landscape: not with --scene" },
    { { "--opt", "gd", "--scene", "x.ini" }, "--opt: not with --scene" },
    /* seed never wraps; switches take no value; settings that do not apply are refused */
    { { "--opt", "gd:seed= -1" }, "seed: expected a whole number from 0 to 2^64-1, got ' -1'" },
    { { "--opt", "gd:seed=+1" }, "seed: expected a whole number" },
    { { "--seed", " 5" }, "--seed: expected a whole number" },
    { { "--list=1" }, "--list: takes no value, got '1'" },
    { { "--play=yes" }, "--play: takes no value, got 'yes'" },
    { { "--batch", "8" }, "--batch: 'bowl' is a closed-form landscape without a dataset: "
      "expected a data landscape (logistic, tiny-net), or noise" },
    { { "--landscape", "logistic", "--noise", "0.1" },
      "--noise: 'logistic' is a data landscape (its gradients are noisy through minibatches)" },
    { { "--landscape", "logistic", "--opt", "gd:noise=0.5" },
      "--opt 'gd:noise=0.5': noise: 'logistic' is a data landscape" },
    { { "--opt", "adam:batch=4" }, "--opt 'adam:batch=4': batch: 'bowl' is a closed-form" },
    { { "--opt", "gd:gamma=0.5" },
      "gamma: the constant schedule has no parameter 'gamma' (it takes none; set schedule "
      "first)" },
    { { "--schedule", "exp:every=3" },
      "--schedule: every: the exp schedule has no parameter 'every' (it takes: gamma)" },
    { { "--opt", "gd:schedule=cosine,gamma=2" },
      "gamma: the cosine schedule has no parameter 'gamma' (it takes: period min_factor)" },
};

TEST(bad_input_names_the_flag_and_what_was_expected)
{
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char *argv[8] = { "losslens" };
        int argc = 1;
        for (int j = 0; j < 6 && BAD[i].args[j]; j++) {
            argv[argc++] = (char *)BAD[i].args[j];
        }
        Options o;
        char err[512] = "";
        ASSERT(!parse(argc, argv, &o, err));
        ASSERT_STR_CONTAINS(err, BAD[i].message);
    }
}

TEST(too_many_runs_are_refused)
{
    char *argv[2 + 2 * (OPTIONS_MAX_RUNS + 1)];
    int argc = 0;
    argv[argc++] = "losslens";
    for (int i = 0; i <= OPTIONS_MAX_RUNS; i++) {
        argv[argc++] = "--opt";
        argv[argc++] = "gd";
    }
    Options o;
    char err[512];
    ASSERT(!parse(argc, argv, &o, err));
    ASSERT_STR_CONTAINS(err, "--opt: at most 16 runs");
}

TEST(run_specs_round_trip)
{
    const char *specs[] = {
        "adam:lr=0.0123456789,beta1=0.85,beta2=0.995,eps=1e-7,bias_correction=0",
        "momentum:lr=0.3,momentum=0.5,schedule=cosine,period=300,min_factor=0.1,seed=9",
        "rmsprop:beta=0.7,batch=16,noise=0.2,tol=1e-4",
        "newton:lr=0.5",
        "nesterov:schedule=step,gamma=0.1,every=100",
    };
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        RunDesc base = run_desc_default(OPTIM_GD), a, b;
        char err[256], text[512];
        ASSERT(spec_parse_run(specs[i], &base, &a, err, sizeof err));
        spec_format_run(&a, text, sizeof text);
        ASSERT(spec_parse_run(text, &base, &b, err, sizeof err));
        /* field by field: the structs' padding bytes are indeterminate */
        ASSERT(a.opt.kind == b.opt.kind && a.opt.lr == b.opt.lr &&
               a.opt.momentum == b.opt.momentum && a.opt.beta == b.opt.beta &&
               a.opt.beta1 == b.opt.beta1 && a.opt.beta2 == b.opt.beta2 &&
               a.opt.eps == b.opt.eps && a.opt.bias_correction == b.opt.bias_correction);
        ASSERT(a.schedule.kind == b.schedule.kind && a.schedule.gamma == b.schedule.gamma &&
               a.schedule.every == b.schedule.every && a.schedule.period == b.schedule.period &&
               a.schedule.min_factor == b.schedule.min_factor);
        ASSERT(a.batch == b.batch && a.noise == b.noise && a.seed == b.seed && a.tol == b.tol);
    }
}

TEST(numbers_are_parsed_whole_and_finite)
{
    double v;
    long n;
    ASSERT(spec_parse_double("0.1", &v) && v == 0.1);
    ASSERT(spec_parse_double("-2e-3", &v) && v == -2e-3);
    ASSERT(!spec_parse_double("", &v) && !spec_parse_double("1.0x", &v));
    ASSERT(!spec_parse_double("inf", &v) && !spec_parse_double("-nan", &v));
    ASSERT(!spec_parse_double("1e400", &v));
    ASSERT(spec_parse_long("42", 0, 100, &n) && n == 42);
    ASSERT(!spec_parse_long("101", 0, 100, &n) && !spec_parse_long("4.0", 0, 100, &n));
    double xy[2];
    ASSERT(spec_parse_doubles("1.5,-2", xy, 2) && xy[0] == 1.5 && xy[1] == -2);
    ASSERT(!spec_parse_doubles("1.5,", xy, 2) && !spec_parse_doubles(",1", xy, 2));
}

/* λmax at (x, y). */
static double lambda_max_at(const Landscape *ls, double x, double y)
{
    LocalInfo li;
    analysis_local(ls, x, y, &li);
    return li.eig[1];
}

TEST(default_rates_suit_the_landscape)
{
    /* The ravine: λmax = 2 everywhere; gd at a quarter of 2/λmax, momentum at a tenth of
     * 2(1 + μ)/λmax, Adam at a hundredth of the view's height. */
    char *rv[] = { "losslens", "--landscape", "ravine" };
    Options o;
    char err[512];
    ASSERT(parse(ARGC(rv), rv, &o, err));
    PaneDesc *p = &o.scene.panes[0];
    ASSERT(p->n_runs == SPEC_DEFAULT_RUNS);
    ASSERT_NEAR(p->runs[0].opt.lr, 0.25, 1e-12);
    ASSERT(p->runs[0].opt.lr < optim_stability_limit(&p->runs[0].opt, 2.0));
    ASSERT_NEAR(p->runs[1].opt.lr, 0.1 * 2.0 * 1.9 / 2.0, 1e-12);
    ASSERT_NEAR(p->runs[2].opt.lr, 8.0 / 100.0, 1e-12);
    /* gd at that rate: its loss falls every step, below 1e-3 of the start in 200 steps. */
    Run r;
    ASSERT(run_init(&r, p->ls, &p->runs[0], p->start[0], p->start[1], err, sizeof err));
    long rises = 0;
    for (long k = 0; k < 200 && run_step(&r); k++) {
        rises += r.pts[r.n - 1].loss > r.pts[r.n - 2].loss;
    }
    ASSERT(rises == 0 && r.stop == RUN_ACTIVE && r.pts[200].loss < 1e-3 * r.pts[0].loss);
    run_free(&r);

    /* Rastrigin: λmax = 2 + 40π² at its minima, so gd's α = 0.5/(2 + 40π²) (was 0.1, which
     * jumps across the whole view); every gd and momentum step stays under a twentieth of
     * the view, and gd ends in a local minimum. */
    char *ra[] = { "losslens", "--landscape", "rastrigin" };
    ASSERT(parse(ARGC(ra), ra, &o, err));
    p = &o.scene.panes[0];
    const double pi = 3.14159265358979323846;
    ASSERT_NEAR(lambda_max_at(p->ls, 0.0, 0.0), 2.0 + 40.0 * pi * pi, 1e-9);
    ASSERT_NEAR(p->runs[0].opt.lr, 0.5 / (2.0 + 40.0 * pi * pi), 1e-12);
    double width = p->ls->view.xmax - p->ls->view.xmin;
    for (int i = 0; i < 2; i++) {
        ASSERT(run_init(&r, p->ls, &p->runs[i], p->start[0], p->start[1], err, sizeof err));
        double longest = 0.0;
        for (long k = 0; k < 200 && run_step(&r); k++) {
            const TrajPoint *a = &r.pts[r.n - 2], *b = &r.pts[r.n - 1];
            longest = fmax(longest, hypot(b->x - a->x, b->y - a->y));
        }
        ASSERT(longest < width / 20.0);
        if (i == 0) {
            /* In a local minimum: ∇L = 0 and both curvatures positive. */
            LocalInfo li;
            analysis_local(p->ls, r.pts[200].x, r.pts[200].y, &li);
            ASSERT(li.grad_norm < 1e-6 && li.eig[0] > 0.0);
        }
        run_free(&r);
    }

    /* Rosenbrock from --start (-1.5, 2): steeper there than at the minimum, so the rates
     * follow λmax at the new start. */
    char *rs[] = { "losslens", "--landscape", "rosenbrock", "--start", "-1.5,2" };
    ASSERT(parse(ARGC(rs), rs, &o, err));
    p = &o.scene.panes[0];
    double lm = lambda_max_at(p->ls, -1.5, 2.0);
    ASSERT(lm > lambda_max_at(p->ls, 1.0, 1.0));
    ASSERT_NEAR(p->runs[0].opt.lr, 0.25 * 2.0 / lm, 1e-15);

    /* With --opt the optimizer's own default stays; a typed function keeps them too. */
    char *op[] = { "losslens", "--landscape", "ravine", "--opt", "gd" };
    ASSERT(parse(ARGC(op), op, &o, err));
    ASSERT(o.scene.panes[0].runs[0].opt.lr == optim_desc_default(OPTIM_GD).lr);
    char *ty[] = { "losslens", "--expr", "x^2 + y^2" };
    ASSERT(parse(ARGC(ty), ty, &o, err));
    ASSERT(o.scene.panes[0].runs[0].opt.lr == optim_desc_default(OPTIM_GD).lr);
}

int main(void)
{
    RUN_TEST(defaults_without_arguments);
    RUN_TEST(version_is_a_switch);
    RUN_TEST(flags_land_in_their_fields_in_any_order);
    RUN_TEST(bad_input_names_the_flag_and_what_was_expected);
    RUN_TEST(too_many_runs_are_refused);
    RUN_TEST(run_specs_round_trip);
    RUN_TEST(numbers_are_parsed_whole_and_finite);
    RUN_TEST(default_rates_suit_the_landscape);
    return TEST_MAIN("test_cli");
}
