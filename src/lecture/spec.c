/* spec.c - parsers for numbers, run specs and schedule specs. Every value is checked whole
 * (no trailing junk), finite and within its range, and each failure names the key and what
 * was expected. */
#include "lecture/spec.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "optim/optim.h"
#include "optim/schedule.h"

enum { SPEC_MAX = 512 };

bool spec_parse_double(const char *s, double *out)
{
    char *end;
    if (!s || !*s) {
        return false;
    }
    errno = 0;
    double v = strtod(s, &end);
    /* ERANGE also flags a subnormal result, which is a number like any other (what %.17g
     * writes for one reads back to the same bits); only overflow and underflow to zero of a
     * nonzero number are refused. */
    if (*end != '\0' || !isfinite(v) || (errno == ERANGE && v == 0.0)) {
        return false;
    }
    *out = v;
    return true;
}

bool spec_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!s || !*s) {
        return false;
    }
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

bool spec_parse_doubles(const char *s, double *out, int n)
{
    char buf[SPEC_MAX];
    if (!s || strlen(s) >= sizeof buf) {
        return false;
    }
    strcpy(buf, s);
    char *p = buf;
    for (int i = 0; i < n; i++) {
        char *comma = strchr(p, ',');
        if ((comma != NULL) != (i < n - 1)) {
            return false;
        }
        if (comma) {
            *comma = '\0';
        }
        if (!spec_parse_double(p, &out[i])) {
            return false;
        }
        p = comma ? comma + 1 : p; /* no pointer past the last number */
    }
    return true;
}

static bool parse_seed(const char *s, uint64_t *out)
{
    char *end;
    /* Digits only: strtoull would skip blanks and wrap a '-' ("-1" to 2^64 - 1). */
    if (!s || *s < '0' || *s > '9') {
        return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE) {
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

/* Splits "id:k=v,k=v" into id and the key list; the callback sees each key and value. */
typedef bool (*KeyFn)(void *ctx, const char *key, const char *val, char *err, size_t len);

static bool split_spec(const char *spec, char *buf, size_t bufsize, char **id, char **keys,
                       char *err, size_t len)
{
    if (!spec || !*spec) {
        snprintf(err, len, "expected a name, got an empty value");
        return false;
    }
    if (strlen(spec) >= bufsize) {
        snprintf(err, len, "value too long (at most %zu characters)", bufsize - 1);
        return false;
    }
    strcpy(buf, spec);
    *id = buf;
    char *colon = strchr(buf, ':');
    *keys = NULL;
    if (colon) {
        *colon = '\0';
        *keys = colon + 1;
    }
    return true;
}

static bool for_each_key(char *keys, KeyFn fn, void *ctx, char *err, size_t len)
{
    if (!keys) {
        return true;
    }
    char *p = keys;
    while (true) {
        char *comma = strchr(p, ',');
        if (comma) {
            *comma = '\0';
        }
        char *eq = strchr(p, '=');
        if (!eq || eq == p) {
            snprintf(err, len, "expected key=value, got '%s'", p);
            return false;
        }
        *eq = '\0';
        if (!fn(ctx, p, eq + 1, err, len)) {
            return false;
        }
        if (!comma) {
            return true;
        }
        p = comma + 1;
    }
}

/* The parameters each schedule reads (the formulas in optim/schedule.h). */
static const char *const SCHEDULE_PARAMS[] = {
    [SCHEDULE_CONSTANT] = "", [SCHEDULE_STEP] = "gamma every", [SCHEDULE_EXP] = "gamma",
    [SCHEDULE_INV] = "gamma", [SCHEDULE_COSINE] = "period min_factor",
};
static_assert(sizeof SCHEDULE_PARAMS / sizeof SCHEDULE_PARAMS[0] == SCHEDULE_COUNT,
              "schedule parameters");

static bool schedule_uses(ScheduleKind kind, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = SCHEDULE_PARAMS[kind]; (p = strstr(p, key)) != NULL; p += n) {
        if ((p == SCHEDULE_PARAMS[kind] || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) {
            return true;
        }
    }
    return false;
}

static bool schedule_key(void *ctx, const char *key, const char *val, char *err, size_t len)
{
    Schedule *s = ctx;
    double v;
    long n;
    bool known = !strcmp(key, "gamma") || !strcmp(key, "every") || !strcmp(key, "period") ||
                 !strcmp(key, "min_factor");
    if (known && !schedule_uses(s->kind, key)) {
        snprintf(err, len, "%s: the %s schedule has no parameter '%s' (%s%s)", key,
                 schedule_id(s->kind), key, SCHEDULE_PARAMS[s->kind][0] ? "it takes: " :
                 "it takes none; set schedule first", SCHEDULE_PARAMS[s->kind]);
        return false;
    }
    if (strcmp(key, "gamma") == 0) {
        if (!spec_parse_double(val, &v) || v <= 0.0) {
            snprintf(err, len, "gamma: expected a positive number, got '%s'", val);
            return false;
        }
        s->gamma = v;
    } else if (strcmp(key, "every") == 0) {
        if (!spec_parse_long(val, 1, 1000000000L, &n)) {
            snprintf(err, len, "every: expected a whole number of steps >= 1, got '%s'", val);
            return false;
        }
        s->every = n;
    } else if (strcmp(key, "period") == 0) {
        if (!spec_parse_long(val, 1, 1000000000L, &n)) {
            snprintf(err, len, "period: expected a whole number of steps >= 1, got '%s'", val);
            return false;
        }
        s->period = n;
    } else if (strcmp(key, "min_factor") == 0) {
        if (!spec_parse_double(val, &v) || v < 0.0 || v > 1.0) {
            snprintf(err, len, "min_factor: expected a number in [0, 1], got '%s'", val);
            return false;
        }
        s->min_factor = v;
    } else {
        snprintf(err, len, "unknown schedule key '%s' (expected gamma, every, period or "
                 "min_factor)", key);
        return false;
    }
    return true;
}

static bool schedule_kind(const char *id, Schedule *s, char *err, size_t len)
{
    ScheduleKind kind;
    if (!schedule_kind_from_id(id, &kind)) {
        snprintf(err, len, "unknown schedule '%s' (expected constant, step, exp, inv or "
                 "cosine)", id);
        return false;
    }
    *s = schedule_default(kind);
    return true;
}

bool spec_parse_schedule(const char *spec, Schedule *out, char *err, size_t len)
{
    char buf[SPEC_MAX], *id, *keys;
    Schedule s;
    if (!split_spec(spec, buf, sizeof buf, &id, &keys, err, len) ||
        !schedule_kind(id, &s, err, len) || !for_each_key(keys, schedule_key, &s, err, len)) {
        return false;
    }
    *out = s;
    return true;
}

bool spec_apply_run_key(RunDesc *d, const char *key, const char *val, char *err, size_t len)
{
    HyperKey hk;
    double v;
    long n;
    if (hyper_from_key(key, &hk)) {
        const char *opt_id = optim_vtable(d->opt.kind)->id;
        if (!hyper_used_by(d->opt.kind, hk)) {
            snprintf(err, len, "%s has no hyperparameter '%s'", opt_id, key);
            return false;
        }
        char range[64];
        hyper_range_text(hk, range, sizeof range);
        if ((!hyper_parse_name(hk, val, &v) && !spec_parse_double(val, &v)) ||
            !hyper_valid(hk, v)) {
            snprintf(err, len, "%s: expected %s, got '%s'", key, range, val);
            return false;
        }
        hyper_set(&d->opt, hk, v);
    } else if (strcmp(key, "schedule") == 0) {
        return schedule_kind(val, &d->schedule, err, len);
    } else if (strcmp(key, "batch") == 0) {
        if (!spec_parse_long(val, 0, 1000000000L, &n)) {
            snprintf(err, len, "batch: expected a whole number >= 0, got '%s'", val);
            return false;
        }
        d->batch = (int)n;
    } else if (strcmp(key, "noise") == 0) {
        if (!spec_parse_double(val, &v) || v < 0.0) {
            snprintf(err, len, "noise: expected a finite number >= 0, got '%s'", val);
            return false;
        }
        d->noise = v;
    } else if (strcmp(key, "seed") == 0) {
        if (!parse_seed(val, &d->seed)) {
            snprintf(err, len, "seed: expected a whole number from 0 to 2^64-1, got '%s'", val);
            return false;
        }
    } else if (strcmp(key, "tol") == 0) {
        if (!spec_parse_double(val, &v) || v <= 0.0) {
            snprintf(err, len, "tol: expected a positive number, got '%s'", val);
            return false;
        }
        d->tol = v;
    } else if (strcmp(key, "gamma") == 0 || strcmp(key, "every") == 0 ||
               strcmp(key, "period") == 0 || strcmp(key, "min_factor") == 0) {
        return schedule_key(&d->schedule, key, val, err, len);
    } else {
        snprintf(err, len, "unknown key '%s' for %s", key, optim_vtable(d->opt.kind)->id);
        return false;
    }
    return true;
}

/* Run keys are applied in two passes: `schedule` first (it resets the schedule's
 * parameters to that kind's defaults), then everything else, so key order never matters. */
typedef struct {
    RunDesc *d;
    bool schedule_pass;
} RunKeys;

static bool run_key_pass(void *ctx, const char *key, const char *val, char *err, size_t len)
{
    RunKeys *rk = ctx;
    if (rk->schedule_pass != (strcmp(key, "schedule") == 0)) {
        return true;
    }
    return spec_apply_run_key(rk->d, key, val, err, len);
}

void spec_list_optimizers(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < OPTIM_COUNT && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
                         optim_vtable((OptimKind)i)->id);
        used += w > 0 ? (size_t)w : 0;
    }
}

bool spec_parse_run(const char *spec, const RunDesc *base, RunDesc *out, char *err, size_t len)
{
    char buf[SPEC_MAX], *id, *keys;
    if (!split_spec(spec, buf, sizeof buf, &id, &keys, err, len)) {
        return false;
    }
    OptimKind kind;
    if (!optim_kind_from_id(id, &kind)) {
        char names[160];
        spec_list_optimizers(names, sizeof names);
        snprintf(err, len, "unknown optimizer '%s' (expected one of: %s)", id, names);
        return false;
    }
    RunDesc d = *base;
    d.opt = optim_desc_default(kind);
    /* for_each_key cuts the key list in place, so each pass walks its own copy. */
    char keys2[SPEC_MAX];
    if (keys) {
        strcpy(keys2, keys);
    }
    RunKeys pass1 = { &d, true }, pass2 = { &d, false };
    if (!for_each_key(keys, run_key_pass, &pass1, err, len) ||
        !for_each_key(keys ? keys2 : NULL, run_key_pass, &pass2, err, len)) {
        return false;
    }
    *out = d;
    return true;
}

/* Appends ",key=value" (or ":key=value" for the first key) with full precision. */
static size_t append(char *buf, size_t len, size_t used, char sep, const char *key, double v)
{
    if (used >= len) {
        return used;
    }
    int w = snprintf(buf + used, len - used, "%c%s=%.17g", sep, key, v);
    return used + (w > 0 ? (size_t)w : 0);
}

void spec_format_run(const RunDesc *d, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s", optim_vtable(d->opt.kind)->id);
    char sep = ':';
    for (int i = 0; i < HYPER_COUNT; i++) {
        if (hyper_used_by(d->opt.kind, (HyperKey)i)) {
            used = append(buf, len, used, sep, hyper_info((HyperKey)i)->key,
                          hyper_get(&d->opt, (HyperKey)i));
            sep = ',';
        }
    }
    const Schedule *s = &d->schedule;
    if (s->kind != SCHEDULE_CONSTANT && used < len) {
        int w = snprintf(buf + used, len - used, ",schedule=%s", schedule_id(s->kind));
        used += w > 0 ? (size_t)w : 0;
        const char *keys[] = { "gamma", "every", "period", "min_factor" };
        const double values[] = { s->gamma, (double)s->every, (double)s->period,
                                  s->min_factor };
        for (int k = 0; k < 4; k++) {
            if (schedule_uses(s->kind, keys[k])) {
                used = append(buf, len, used, ',', keys[k], values[k]);
            }
        }
    }
    if (d->batch) {
        used = append(buf, len, used, ',', "batch", (double)d->batch);
    }
    if (d->noise != 0.0) {
        used = append(buf, len, used, ',', "noise", d->noise);
    }
    if (d->seed && used < len) {
        int w = snprintf(buf + used, len - used, ",seed=%llu", (unsigned long long)d->seed);
        used += w > 0 ? (size_t)w : 0;
    }
    if (d->tol != 0.0) {
        append(buf, len, used, ',', "tol", d->tol);
    }
}

bool spec_check_run_landscape(const RunDesc *d, const Landscape *ls, const char **key,
                              char *err, size_t len)
{
    /* A typed function (ls NULL) has no dataset, like a closed form. */
    bool data = ls && ls->data != NULL;
    const char *id = ls ? ls->id : "custom";
    if ((d->batch != 0 && !data) || (d->noise != 0.0 && data)) {
        char names[200] = "";
        size_t used = 0;
        for (int i = 0; i < LANDSCAPE_COUNT; i++) {
            const Landscape *l = landscape_at(i);
            if (l->data && used < sizeof names) {
                int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "",
                                 l->id);
                used += w > 0 ? (size_t)w : 0;
            }
        }
        *key = data ? "noise" : "batch";
        if (data) {
            snprintf(err, len, "noise: '%s' is a data landscape (its gradients are noisy "
                     "through minibatches): expected a closed-form landscape, or batch", id);
        } else {
            snprintf(err, len, "batch: '%s' is a closed-form landscape without a dataset: "
                     "expected a data landscape (%s), or noise for noisy gradients", id, names);
        }
        return false;
    }
    return true;
}

/* The three runs a bare `losslens` races. */
static const OptimKind SPEC_DEFAULT_KINDS[SPEC_DEFAULT_RUNS] = {
    OPTIM_GD, OPTIM_MOMENTUM, OPTIM_ADAM,
};
/* gd at a quarter of its limit, the momentum family at a tenth (README "Default rates"). */
#define SPEC_GD_FRACTION 0.25
#define SPEC_MOMENTUM_FRACTION 0.1
const double SPEC_DEFAULT_LIMIT_FRACTION[SPEC_DEFAULT_RUNS] = {
    SPEC_GD_FRACTION, SPEC_MOMENTUM_FRACTION, 0.0,
};

/* How spec_default_lr picks each optimizer's rate (see spec.h). */
typedef enum { SPEC_RATE_OWN, SPEC_RATE_LIMIT, SPEC_RATE_VIEW } SpecRateRule;
static const struct {
    SpecRateRule rule;
    double fraction; /* SPEC_RATE_LIMIT: the share of the stability limit */
} SPEC_RATE[OPTIM_COUNT] = { /* unlisted: { SPEC_RATE_OWN } */
    [OPTIM_GD] = { SPEC_RATE_LIMIT, SPEC_GD_FRACTION },
    [OPTIM_MOMENTUM] = { SPEC_RATE_LIMIT, SPEC_MOMENTUM_FRACTION },
    [OPTIM_NESTEROV] = { SPEC_RATE_LIMIT, SPEC_MOMENTUM_FRACTION },
    [OPTIM_HEAVYBALL] = { SPEC_RATE_LIMIT, SPEC_MOMENTUM_FRACTION },
    [OPTIM_RMSPROP] = { SPEC_RATE_VIEW, 0.0 },
    [OPTIM_ADAM] = { SPEC_RATE_VIEW, 0.0 },
    [OPTIM_ADAMW] = { SPEC_RATE_VIEW, 0.0 },
    [OPTIM_AMSGRAD] = { SPEC_RATE_VIEW, 0.0 },
    [OPTIM_NADAM] = { SPEC_RATE_VIEW, 0.0 },
    [OPTIM_LION] = { SPEC_RATE_VIEW, 0.0 },
};

/* The largest Hessian eigenvalue at (x, y), or -INFINITY where it is not finite. */
static double spec_lambda_max(const Landscape *ls, double x, double y)
{
    LocalInfo li;
    analysis_local(ls, x, y, &li);
    return isfinite(li.eig[1]) ? li.eig[1] : -(double)INFINITY;
}

double spec_default_lr(const Landscape *ls, const double start[2], const OptimizerDesc *opt)
{
    assert(opt && opt->kind >= 0 && opt->kind < OPTIM_COUNT);
    double own = optim_desc_default(opt->kind).lr;
    if (!ls) {
        return own;
    }
    switch (SPEC_RATE[opt->kind].rule) {
    case SPEC_RATE_OWN:
        break;
    case SPEC_RATE_VIEW: {
        double w = ls->view.xmax - ls->view.xmin, h = ls->view.ymax - ls->view.ymin;
        return fmin(w, h) / SPEC_DEFAULT_ADAM_STEPS;
    }
    case SPEC_RATE_LIMIT: {
        double lmax = spec_lambda_max(ls, start[0], start[1]);
        for (int i = 0; i < ls->n_crit; i++) {
            if (ls->crit[i].kind == CRIT_MINIMUM) {
                lmax = fmax(lmax, spec_lambda_max(ls, ls->crit[i].x, ls->crit[i].y));
            }
        }
        double limit = optim_stability_limit(opt, lmax);
        if (lmax > 0.0 && isfinite(limit)) {
            return SPEC_RATE[opt->kind].fraction * limit;
        }
        break;
    }
    }
    return own;
}

int spec_default_runs(const Landscape *ls, const double start[2], const RunDesc *base,
                      RunDesc *out)
{
    for (int i = 0; i < SPEC_DEFAULT_RUNS; i++) {
        out[i] = *base;
        out[i].opt = optim_desc_default(SPEC_DEFAULT_KINDS[i]);
        out[i].opt.lr = spec_default_lr(ls, start, &out[i].opt);
    }
    return SPEC_DEFAULT_RUNS;
}
