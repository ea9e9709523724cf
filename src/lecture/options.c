/* options.c - the command line into one Options desc. Global stochastic and schedule flags
 * are collected first and become the base of every --opt, so flag order never matters.
 * Every failure names the flag and what was expected. */
#include "lecture/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lecture/keymap.h"
#include "lecture/spec.h"
#include "optim/optim.h"
#include "util/outfile.h"
#include "util/utf8.h"

/* The flags; the keys section is printed from the key table (lecture/keymap.c). */
static const char USAGE_FLAGS[] =
    "losslens - loss landscapes and the optimizers that cross them\n"
    "\n"
    "usage: losslens [options]                      open the window (bare: the first lecture\n"
    "                                               scene; PageDown / PageUp walk them)\n"
    "       losslens [options] --csv FILE           write trajectories, no window\n"
    "       losslens [options] --png FILE           render a figure, no window\n"
    "       losslens [options] --gif FILE           an animated GIF of the runs, no window\n"
    "       losslens --list                         list landscapes and optimizers\n"
    "\n"
    "  --scene FILE          open a lecture scene (INI; see README); PageDown / PageUp walk its\n"
    "                        directory. The flags that describe a scene refuse to mix with it\n"
    "  --landscape ID        landscape to show (default bowl; see --list)\n"
    "  --expr TEXT           your own f(x, y) instead of --landscape, e.g. \"x^2 + k*y^2\"\n"
    "                        (grammar: + - * / ^, sin cos tan asin acos atan sinh cosh tanh\n"
    "                        exp log sqrt abs pow(a,b), pi, e; see README). Default view\n"
    "                        -3..3 x -3..3, start 0.5,0.5\n"
    "  --param NAME=V[:MIN:MAX]  a parameter of --expr and its slider range (repeatable;\n"
    "                        without a range: V -+ max(|V|, 1))\n"
    "  --start X,Y           start point of every run (default: the landscape's)\n"
    "  --steps N             steps per run for --csv/--png/--gif and the timeline (default\n"
    "                        200, at most 10000000)\n"
    "  --opt ID[:key=val,...]  add a run (repeatable, at most 16; default gd, momentum, adam)\n"
    "                        keys: the optimizer's own (below), schedule gamma every period\n"
    "                        min_factor, batch, noise, seed, tol\n"
    "  --batch B             minibatch size on data landscapes (0 = full batch)\n"
    "  --noise SIGMA         Gaussian gradient noise on closed-form landscapes\n"
    "  --seed N              seed of the shuffles and the noise (default 0)\n"
    "  --schedule SPEC       constant | step[:gamma=G,every=K] | exp[:gamma=G] |\n"
    "                        inv[:gamma=G] | cosine[:period=T,min_factor=F]\n"
    "  --tol T               report \"converged at step k\" once |grad f| < T (default 1e-6)\n"
    "  --csv FILE            trajectories as CSV ('-' = stdout)\n"
    "  --png FILE            render the figure with every run to its last step\n"
    "  --plain               with --png: no axes, legend or labels\n"
    "  --3d                  every pane shows the surface in 3D (V toggles a pane)\n"
    "  --gif FILE            an animated GIF of the runs stepping from 0 to --steps\n"
    "  --frames N            frames of the GIF, for --gif and the G key (default 60)\n"
    "  --save-scene FILE     write the scene the flags (or --scene) describe\n";
/* The rest of the flags: C99 promises string literals of 4095 characters only. */
static const char USAGE_FLAGS_MORE[] =
    "  --basin FILE          basin map of the one --opt run: every start of the --view grid\n"
    "                        stepped --steps times, FILE.png (hue = minimum reached, darker =\n"
    "                        slower, black diverged, grey running) and FILE.csv\n"
    "  --sweep FILE          two settings of the one --opt run over a grid, FILE.png (steps\n"
    "                        to --tol, black diverged) and FILE.csv; needs --sweep-x, -y\n"
    "  --sweep-x KEY=LO:HI[:log]  the sweep's axes: a key the optimizer reads or batch,\n"
    "  --sweep-y KEY=LO:HI[:log]  e.g. --sweep-x lr=1e-4:1:log --sweep-y momentum=0:0.99\n"
    "  --grid WxH            cells of --basin and --sweep (default 200x200, at most 4096)\n"
    "  --size WxH            window or image size (default 1280x800)\n"
    "  --view XMIN,XMAX,YMIN,YMAX  view window (kept at equal scale)\n"
    "  --play                start animating at once\n"
    "  --speed N             animation speed in steps per second (default 30)\n"
    "  --fullscreen          open fullscreen\n"
    "  --ui-scale S          text and controls S times larger (0.5 to 4; HiDPI and big\n"
    "                        screens are scaled automatically)\n"
    "  --present             presenter mode: fullscreen, no panel, larger text and lines,\n"
    "                        high contrast, a highlighted cursor (with --gif: the larger look)\n"
    "  --list                one line each: \"landscape <id>\" and \"optimizer <id>\"\n"
    "  --help                this text\n"
    "  --version             print \"losslens\" and the version, then exit\n"
    "\n";

/* The keys section: every row of the key table, descriptions in one column. */
static void options_print_keys(FILE *out)
{
    const KeyBinding *b;
    int n = keymap_bindings(&b);
    size_t col = 0;
    for (int i = 0; i < n; i++) {
        size_t w = utf8_count(b[i].keys, strlen(b[i].keys));
        col = w > col ? w : col;
    }
    fputs("keys and mouse in the window (H lists them there too):\n", out);
    for (int i = 0; i < n; i++) {
        int pad = (int)(col + 2 - utf8_count(b[i].keys, strlen(b[i].keys)));
        fprintf(out, "  %s%*s%s\n", b[i].keys, pad, "", b[i].desc);
    }
}

void options_print_usage(FILE *out)
{
    fputs(USAGE_FLAGS, out);
    fputs(USAGE_FLAGS_MORE, out);
    optim_print_help(out);
    fputc('\n', out);
    options_print_keys(out);
}

/* Flags that take a value. */
typedef enum {
    FLAG_LANDSCAPE, FLAG_START, FLAG_STEPS, FLAG_OPT, FLAG_BATCH, FLAG_NOISE, FLAG_SEED,
    FLAG_SCHEDULE, FLAG_TOL, FLAG_CSV, FLAG_PNG, FLAG_SIZE, FLAG_VIEW, FLAG_SPEED,
    FLAG_SCENE, FLAG_SAVE_SCENE, FLAG_GIF, FLAG_FRAMES, FLAG_UI_SCALE, FLAG_EXPR, FLAG_PARAM,
    FLAG_BASIN, FLAG_SWEEP, FLAG_SWEEP_X, FLAG_SWEEP_Y, FLAG_GRID,
    FLAG_VALUE_COUNT
} ValueFlag;

static const char *const VALUE_FLAGS[] = {
    "--landscape", "--start", "--steps", "--opt", "--batch", "--noise", "--seed",
    "--schedule", "--tol", "--csv", "--png", "--size", "--view", "--speed",
    "--scene", "--save-scene", "--gif", "--frames", "--ui-scale", "--expr", "--param",
    "--basin", "--sweep", "--sweep-x", "--sweep-y", "--grid",
};
static_assert(sizeof VALUE_FLAGS / sizeof VALUE_FLAGS[0] == FLAG_VALUE_COUNT, "flag names");

static void list_landscapes(char *buf, size_t len)
{
    size_t used = 0;
    for (int i = 0; i < LANDSCAPE_COUNT && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", landscape_at(i)->id);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* What the flags said about the scene; turned into o->scene after all flags are read, so
 * global settings reach every --opt whatever the order. */
typedef struct {
    const char *opt_specs[OPTIONS_MAX_RUNS];
    int n_opts;
    RunDesc base;
    const Landscape *ls;
    const char *expr;        /* --expr TEXT, or NULL */
    LandscapeTypedDesc *typed; /* the --param values (caller's storage) */
    double start[2];
    bool has_start;
    ViewBox view;
    bool has_view;
    bool has_steps, has_speed;
    const char *scene_only_flag; /* a flag that a --scene file would contradict */
    const char *sweep_x, *sweep_y; /* --sweep-x, --sweep-y as given */
    bool has_grid;
} Pending;

static bool set_value(Options *o, Pending *p, ValueFlag flag, const char *val, char *err,
                      size_t len)
{
    const char *name = VALUE_FLAGS[flag];
    char sub[256];
    long n;
    double v, xs[4];
    switch (flag) {
    case FLAG_LANDSCAPE:
        p->ls = landscape_find(val);
        p->scene_only_flag = name;
        if (!p->ls) {
            char names[400];
            list_landscapes(names, sizeof names);
            snprintf(err, len, "%s: unknown landscape '%s' (expected one of: %s)", name, val,
                     names);
            return false;
        }
        return true;
    case FLAG_EXPR:
        p->expr = val;
        p->scene_only_flag = name;
        return true;
    case FLAG_PARAM: {
        LandscapeParam lp;
        p->scene_only_flag = name;
        if (!landscape_param_parse(val, &lp, sub, sizeof sub)) {
            snprintf(err, len, "%s: %s", name, sub);
            return false;
        }
        if (!landscape_typed_desc_add(p->typed, &lp)) {
            snprintf(err, len, "%s: at most %d parameters", name, EXPR_MAX_PARAMS);
            return false;
        }
        return true;
    }
    case FLAG_START:
        if (!spec_parse_doubles(val, p->start, 2)) {
            snprintf(err, len, "%s: expected X,Y with two finite numbers, got '%s'", name, val);
            return false;
        }
        p->has_start = true;
        return true;
    case FLAG_STEPS:
        if (!spec_parse_long(val, 1, OPTIONS_MAX_STEPS, &n)) {
            snprintf(err, len, "%s: expected a whole number from 1 to %d, got '%s'", name,
                     OPTIONS_MAX_STEPS, val);
            return false;
        }
        o->steps = n;
        p->has_steps = true;
        return true;
    case FLAG_OPT:
        if (p->n_opts == OPTIONS_MAX_RUNS) {
            snprintf(err, len, "%s: at most %d runs", name, OPTIONS_MAX_RUNS);
            return false;
        }
        p->opt_specs[p->n_opts++] = val;
        p->scene_only_flag = name;
        return true;
    case FLAG_BATCH:
        if (!spec_parse_long(val, 0, 1000000000L, &n)) {
            snprintf(err, len, "%s: expected a whole number >= 0, got '%s'", name, val);
            return false;
        }
        p->base.batch = (int)n;
        p->scene_only_flag = name;
        return true;
    case FLAG_NOISE:
        if (!spec_parse_double(val, &v) || v < 0.0) {
            snprintf(err, len, "%s: expected a finite number >= 0, got '%s'", name, val);
            return false;
        }
        p->base.noise = v;
        p->scene_only_flag = name;
        return true;
    case FLAG_TOL:
        if (!spec_parse_double(val, &v) || v <= 0.0) {
            snprintf(err, len, "%s: expected a positive number, got '%s'", name, val);
            return false;
        }
        p->base.tol = v;
        p->scene_only_flag = name;
        return true;
    case FLAG_SEED: {
        /* Reuse the run-key parser so --seed and seed= accept exactly the same values. */
        char spec[300];
        RunDesc d;
        snprintf(spec, sizeof spec, "gd:seed=%s", val);
        if (strlen(val) > 64 || !spec_parse_run(spec, &p->base, &d, sub, sizeof sub)) {
            snprintf(err, len, "%s: expected a whole number from 0 to 2^64-1, got '%s'", name,
                     val);
            return false;
        }
        p->base.seed = d.seed;
        p->scene_only_flag = name;
        return true;
    }
    case FLAG_SCHEDULE:
        if (!spec_parse_schedule(val, &p->base.schedule, sub, sizeof sub)) {
            snprintf(err, len, "%s: %s", name, sub);
            return false;
        }
        p->scene_only_flag = name;
        return true;
    case FLAG_CSV:
        o->csv_path = val;
        return true;
    case FLAG_PNG:
        o->png_path = val;
        return true;
    case FLAG_SIZE: {
        int w, h, used = 0;
        if (sscanf(val, "%dx%d%n", &w, &h, &used) != 2 || val[used] != '\0' || w < 16 ||
            h < 16 || w > 16384 || h > 16384) {
            snprintf(err, len, "%s: expected WxH with whole numbers from 16 to 16384, got '%s'",
                     name, val);
            return false;
        }
        o->width = w;
        o->height = h;
        return true;
    }
    case FLAG_VIEW:
        if (!spec_parse_doubles(val, xs, 4) || !(xs[0] < xs[1]) || !(xs[2] < xs[3])) {
            snprintf(err, len, "%s: expected XMIN,XMAX,YMIN,YMAX with finite numbers, "
                     "XMIN < XMAX and YMIN < YMAX, got '%s'", name, val);
            return false;
        }
        p->view = (ViewBox){ xs[0], xs[1], xs[2], xs[3] };
        p->has_view = true;
        return true;
    case FLAG_SPEED:
        if (!spec_parse_double(val, &v) || v <= 0.0 || v > 1e6) {
            snprintf(err, len, "%s: expected steps per second in (0, 1e6], got '%s'", name,
                     val);
            return false;
        }
        o->speed = v;
        p->has_speed = true;
        return true;
    case FLAG_SCENE:
        o->scene_path = val;
        return true;
    case FLAG_SAVE_SCENE:
        o->save_scene_path = val;
        return true;
    case FLAG_GIF:
        o->gif_path = val;
        return true;
    case FLAG_FRAMES:
        if (!spec_parse_long(val, 1, 10000, &n)) {
            snprintf(err, len, "%s: expected a whole number from 1 to 10000, got '%s'", name,
                     val);
            return false;
        }
        o->frames = (int)n;
        return true;
    case FLAG_UI_SCALE:
        if (!spec_parse_double(val, &v) || v < 0.5 || v > 4.0) {
            snprintf(err, len, "%s: expected a factor from 0.5 to 4, got '%s'", name, val);
            return false;
        }
        o->ui_scale = v;
        return true;
    case FLAG_BASIN:
        o->basin_path = val;
        return true;
    case FLAG_SWEEP:
        o->sweep_path = val;
        return true;
    case FLAG_SWEEP_X:
        p->sweep_x = val;
        return true;
    case FLAG_SWEEP_Y:
        p->sweep_y = val;
        return true;
    case FLAG_GRID: {
        int w, h, used = 0;
        if (sscanf(val, "%dx%d%n", &w, &h, &used) != 2 || val[used] != '\0' || w < 1 ||
            h < 1 || w > 4096 || h > 4096) {
            snprintf(err, len, "%s: expected WxH with whole numbers from 1 to 4096, got '%s'",
                     name, val);
            return false;
        }
        o->grid_w = w;
        o->grid_h = h;
        p->has_grid = true;
        return true;
    }
    case FLAG_VALUE_COUNT:
        break;
    }
    return false;
}

/* --basin and --sweep: one run; the sweep's axes parsed for its optimizer. */
static bool check_maps(Options *o, const Pending *p, char *err, size_t errlen)
{
    const char *flag = o->basin_path ? "--basin" : "--sweep";
    if (!o->sweep_path && (p->sweep_x || p->sweep_y)) {
        snprintf(err, errlen, "%s: only with --sweep FILE", p->sweep_x ? "--sweep-x" :
                 "--sweep-y");
        return false;
    }
    if (!o->basin_path && !o->sweep_path) {
        if (p->has_grid) {
            snprintf(err, errlen, "--grid: only with --basin FILE or --sweep FILE");
            return false;
        }
        return true;
    }
    int runs = 0;
    for (int k = 0; k < o->scene.n_panes; k++)
        runs += o->scene.panes[k].n_runs;
    if (runs != 1 || (!o->scene_path && p->n_opts != 1)) {
        if (o->scene_path)
            snprintf(err, errlen, "%s: expected a scene with exactly one run, got %d", flag,
                     runs);
        else
            snprintf(err, errlen, "%s: expected exactly one --opt ID[:key=val,...], got %d",
                     flag, p->n_opts);
        return false;
    }
    if (o->sweep_path) {
        OptimKind kind = o->scene.panes[0].runs[0].opt.kind;
        const char *axes[2] = {p->sweep_x, p->sweep_y};
        const char *names[2] = {"--sweep-x", "--sweep-y"};
        SweepAxis *out[2] = {&o->sweep_x, &o->sweep_y};
        for (int a = 0; a < 2; a++) {
            char sub[600];
            if (!axes[a]) {
                snprintf(err, errlen, "--sweep: expected %s KEY=LO:HI[:log] too, e.g. %s",
                         names[a], a ? "momentum=0:0.99" : "lr=1e-4:1:log");
                return false;
            }
            if (!sweep_axis_parse(axes[a], kind, out[a], sub, sizeof sub)) {
                snprintf(err, errlen, "%s: %s", names[a], sub);
                return false;
            }
        }
        if (o->sweep_x.batch == o->sweep_y.batch &&
            (o->sweep_x.batch || o->sweep_x.key == o->sweep_y.key)) {
            snprintf(err, errlen, "--sweep-y: the same setting as --sweep-x (%s); expected "
                     "another", sweep_axis_key(&o->sweep_x));
            return false;
        }
        const Landscape *ls = o->scene.panes[0].ls;
        if ((o->sweep_x.batch || o->sweep_y.batch) && !(ls && ls->data)) {
            snprintf(err, errlen, "%s: batch needs a data landscape (logistic, tiny-net)",
                     o->sweep_x.batch ? "--sweep-x" : "--sweep-y");
            return false;
        }
    }
    return true;
}

static bool set_switch(Options *o, const char *arg)
{
    bool *target = NULL;
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
        target = &o->help;
    } else if (strcmp(arg, "--version") == 0) {
        target = &o->version;
    } else if (strcmp(arg, "--list") == 0) {
        target = &o->list;
    } else if (strcmp(arg, "--plain") == 0) {
        target = &o->plain;
    } else if (strcmp(arg, "--play") == 0) {
        target = &o->play;
    } else if (strcmp(arg, "--fullscreen") == 0) {
        target = &o->fullscreen;
    } else if (strcmp(arg, "--present") == 0) {
        target = &o->present;
    } else if (strcmp(arg, "--3d") == 0) {
        target = &o->surface3d;
    }
    if (target) {
        *target = true;
    }
    return target != NULL;
}

static int find_value_flag(const char *arg, size_t name_len)
{
    for (int i = 0; i < FLAG_VALUE_COUNT; i++) {
        if (strlen(VALUE_FLAGS[i]) == name_len && strncmp(VALUE_FLAGS[i], arg, name_len) == 0) {
            return i;
        }
    }
    return -1;
}

/* The scene the flags describe: one pane of p->ls with the --opt runs (or the default
 * set). */
static bool scene_from_flags(const Pending *p, SceneDesc *s, char *err, size_t errlen)
{
    *s = (SceneDesc){ .layout = LAYOUT_SINGLE, .n_panes = 1 };
    PaneDesc *pane = &s->panes[0];
    if (p->expr && p->ls) {
        snprintf(err, errlen, "--expr: not with --landscape (one function per pane)");
        return false;
    }
    if (p->typed->n_params > 0 && !p->expr) {
        snprintf(err, errlen, "--param: only with --expr TEXT (it names a parameter of it)");
        return false;
    }
    if (p->expr) {
        /* The message names the flag and the column, then the text with a caret under it. */
        ExprError xe;
        size_t n = strlen(p->expr);
        if (n <= EXPR_MAX_TEXT) {
            memcpy(p->typed->text, p->expr, n + 1);
        }
        if (n > EXPR_MAX_TEXT || !landscape_typed_check(p->typed, &xe)) {
            if (n > EXPR_MAX_TEXT) {
                snprintf(xe.message, sizeof xe.message, "the text is %zu bytes long; the "
                         "limit is %d", n, EXPR_MAX_TEXT);
                xe.column = 0;
            }
            char caret[600];
            expr_format_caret(p->expr, &xe, 2, caret, sizeof caret);
            size_t c = strlen(caret);
            if (c > 0 && caret[c - 1] == '\n') {
                caret[c - 1] = '\0';
            }
            snprintf(err, errlen, "--expr: %s\n%s", xe.message, caret);
            return false;
        }
        pane->typed = *p->typed;
        pane->ls = NULL;
    } else {
        pane->ls = p->ls ? p->ls : landscape_find("bowl");
    }
    for (int r = 0; r < p->n_opts; r++) {
        char sub[256];
        if (!spec_parse_run(p->opt_specs[r], &p->base, &pane->runs[r], sub, sizeof sub)) {
            snprintf(err, errlen, "--opt '%s': %s", p->opt_specs[r], sub);
            return false;
        }
    }
    pane->start[0] = pane->ls ? pane->ls->start[0] : LANDSCAPE_TYPED_START_X;
    pane->start[1] = pane->ls ? pane->ls->start[1] : LANDSCAPE_TYPED_START_Y;
    /* What a bare `losslens` races: rates chosen for the landscape (again below when --start
     * moves the start). */
    pane->n_runs = p->n_opts ? p->n_opts
                             : spec_default_runs(pane->ls, pane->start, &p->base, pane->runs);
    /* --batch and --noise apply to one kind of landscape each: say so rather than ignore. */
    const char *key;
    char sub[400];
    if (!spec_check_run_landscape(&p->base, pane->ls, &key, sub, sizeof sub)) {
        snprintf(err, errlen, "--%s", sub);
        return false;
    }
    for (int r = 0; r < p->n_opts; r++) {
        if (!spec_check_run_landscape(&pane->runs[r], pane->ls, &key, sub, sizeof sub)) {
            snprintf(err, errlen, "--opt '%s': %s", p->opt_specs[r], sub);
            return false;
        }
    }
    return true;
}

bool options_parse(int argc, char **argv, Options *o, char *err, size_t errlen)
{
    *o = (Options){ .steps = 200, .width = 1280, .height = 800, .speed = 30.0, .frames = 60,
                    .ui_scale = 1.0, .grid_w = 200, .grid_h = 200 };
    static_assert(sizeof(LandscapeTypedDesc) < 16384, "the --param storage fits the stack");
    LandscapeTypedDesc typed = { .n_params = 0 };
    Pending p = { .base = run_desc_default(OPTIM_GD), .typed = &typed };
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (set_switch(o, arg)) {
            continue;
        }
        /* --flag VALUE or --flag=VALUE */
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        int flag = strncmp(arg, "--", 2) == 0 ? find_value_flag(arg, name_len) : -1;
        if (flag < 0) {
            char name[32];
            snprintf(name, sizeof name, "%.*s", (int)(name_len < 31 ? name_len : 31), arg);
            Options probe = *o;
            if (eq && set_switch(&probe, name)) {
                snprintf(err, errlen, "%s: takes no value, got '%s'", name, eq + 1);
            } else if (arg[0] == '-') {
                snprintf(err, errlen, "unknown flag '%.*s' (see --help)", (int)name_len, arg);
            } else {
                snprintf(err, errlen, "unexpected argument '%s' (see --help)", arg);
            }
            return false;
        }
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!val) {
            snprintf(err, errlen, "%s: expected a value after it", VALUE_FLAGS[flag]);
            return false;
        }
        if (!set_value(o, &p, (ValueFlag)flag, val, err, errlen)) {
            return false;
        }
    }
    if (o->scene_path) {
        if (p.scene_only_flag) {
            snprintf(err, errlen, "%s: not with --scene (the scene file sets it)",
                     p.scene_only_flag);
            return false;
        }
        char sub[1536];
        if (!scene_load(o->scene_path, &o->scene, sub, sizeof sub)) {
            snprintf(err, errlen, "--scene: %s", sub);
            return false;
        }
    } else if (!scene_from_flags(&p, &o->scene, err, errlen)) {
        return false;
    }
    /* --start and --view apply to every pane of the scene. */
    for (int k = 0; k < o->scene.n_panes; k++) {
        PaneDesc *pane = &o->scene.panes[k];
        if (p.has_start) {
            pane->start[0] = p.start[0];
            pane->start[1] = p.start[1];
            if (!o->scene_path && p.n_opts == 0) {
                spec_default_runs(pane->ls, pane->start, &p.base, pane->runs);
            }
        }
        if (p.has_view) {
            pane->view = p.view;
            pane->has_view = true;
        }
    }
    if (!p.has_steps && o->scene.steps > 0) {
        o->steps = o->scene.steps;
    }
    if (!p.has_speed && o->scene.speed > 0) {
        o->speed = o->scene.speed;
    }
    o->scene_default = !o->scene_path && !p.scene_only_flag && !p.has_start && !p.has_view;
    for (int k = 0; k < o->scene.n_panes && o->surface3d; k++) {
        o->scene.panes[k].surface = true;
    }
    /* An output that is the input scene would destroy the lecture file. */
    const char *outs[] = { o->csv_path, o->png_path, o->gif_path, o->save_scene_path,
                           o->basin_path, o->sweep_path };
    const char *out_flags[] = { "--csv", "--png", "--gif", "--save-scene", "--basin",
                                "--sweep" };
    for (int k = 0; k < 6 && o->scene_path; k++) {
        if (outs[k] && outfile_same_file(outs[k], o->scene_path)) {
            snprintf(err, errlen, "%s: '%s' is the input scene (--scene): expected another "
                     "file", out_flags[k], outs[k]);
            return false;
        }
    }
    if (!check_maps(o, &p, err, errlen)) {
        return false;
    }
    if (o->plain && !o->png_path) {
        snprintf(err, errlen, "--plain: only meaningful with --png FILE");
        return false;
    }
    return true;
}
