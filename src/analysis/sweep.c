/* sweep.c - a run per cell of a two-setting grid, on basin_for_rows' threads: each cell is
 * run_init/run_step from the start with the cell's settings, so it is the direct run. */
#include "analysis/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number of the text (strtod's grammar), false on anything else. */
static bool sweep_number(const char *s, size_t n, double *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return *end == '\0' && isfinite(*out);
}

bool sweep_axis_parse(const char *text, OptimKind kind, SweepAxis *out, char *err,
                      size_t len)
{
    const char *eq = strchr(text, '=');
    const char *want = "expected KEY=LO:HI[:log], e.g. lr=1e-4:1:log or momentum=0:0.99";
    if (!eq || eq == text) {
        snprintf(err, len, "%s, got '%s'", want, text);
        return false;
    }
    char key[32];
    size_t kn = (size_t)(eq - text);
    snprintf(key, sizeof key, "%.*s", (int)(kn < sizeof key - 1 ? kn : sizeof key - 1), text);
    SweepAxis a = {.batch = strcmp(key, "batch") == 0};
    const OptimVTable *vt = optim_vtable(kind);
    if (!a.batch && (!hyper_from_key(key, &a.key) || hyper_info(a.key)->is_bool ||
                     !hyper_used_by(kind, a.key))) {
        char keys[400];
        size_t used = 0;
        for (int h = 0; h < HYPER_COUNT && used < sizeof keys; h++) {
            if (hyper_info((HyperKey)h)->is_bool || !hyper_used_by(kind, (HyperKey)h))
                continue;
            used += (size_t)snprintf(keys + used, sizeof keys - used, "%s, ",
                                     hyper_info((HyperKey)h)->key);
        }
        snprintf(err, len, "'%s' is not a number %s reads (expected one of: %sbatch)", key,
                 vt->id, keys);
        return false;
    }
    const char *lo = eq + 1, *c1 = strchr(lo, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    const char *hi_end = c2 ? c2 : c1 ? c1 + strlen(c1) : NULL;
    if (!c1 || !sweep_number(lo, (size_t)(c1 - lo), &a.lo) ||
        !sweep_number(c1 + 1, (size_t)(hi_end - c1 - 1), &a.hi)) {
        snprintf(err, len, "%s, got '%s'", want, text);
        return false;
    }
    if (c2 && strcmp(c2 + 1, "log") != 0 && strcmp(c2 + 1, "lin") != 0) {
        snprintf(err, len, "'%s': the scale after HI is 'log' or 'lin', got '%s'", text,
                 c2 + 1);
        return false;
    }
    a.log = c2 && strcmp(c2 + 1, "log") == 0;
    if (!(a.lo < a.hi)) {
        snprintf(err, len, "'%s': expected LO < HI", text);
        return false;
    }
    if (a.log && a.lo <= 0.0) {
        snprintf(err, len, "'%s': a log axis needs LO > 0", text);
        return false;
    }
    if (a.batch) {
        if (a.lo < 1.0 || a.lo != floor(a.lo) || a.hi != floor(a.hi) || a.hi > 1e9) {
            snprintf(err, len, "'%s': batch sizes are whole numbers from 1", text);
            return false;
        }
    } else if (!hyper_valid(a.key, a.lo) || !hyper_valid(a.key, a.hi)) {
        char range[96];
        hyper_range_text(a.key, range, sizeof range);
        snprintf(err, len, "'%s': %s takes %s", text, key, range);
        return false;
    }
    *out = a;
    return true;
}

const char *sweep_axis_key(const SweepAxis *a)
{
    return a->batch ? "batch" : a->key == HYPER_COUNT ? "" : hyper_info(a->key)->key;
}

double sweep_axis_value(const SweepAxis *a, int i, int n, bool top_first)
{
    double t = (i + 0.5) / n;
    if (top_first)
        t = 1.0 - t;
    double v = a->log ? exp(log(a->lo) + t * (log(a->hi) - log(a->lo)))
                      : a->lo + t * (a->hi - a->lo);
    return a->batch ? round(v) : v;
}

void sweep_axis_apply(const SweepAxis *a, double v, RunDesc *r)
{
    if (a->batch)
        r->batch = (int)v;
    else if (a->key != HYPER_COUNT)
        hyper_set(&r->opt, a->key, v);
}

RunDesc sweep_cell_desc(const SweepDesc *d, int i, int j)
{
    RunDesc r = d->run;
    sweep_axis_apply(&d->x, sweep_axis_value(&d->x, i, d->w, false), &r);
    sweep_axis_apply(&d->y, sweep_axis_value(&d->y, j, d->h, true), &r);
    return r;
}

typedef struct {
    const SweepDesc *d;
    BasinCell *cells;
} SweepCtx;

static bool sweep_rows(void *ctx, int first, int step, char *err, size_t len)
{
    const SweepCtx *c = ctx;
    const SweepDesc *d = c->d;
    for (int j = first; j < d->h; j += step) {
        if (d->cancel && *d->cancel) {
            snprintf(err, len, "cancelled");
            return false;
        }
        for (int i = 0; i < d->w; i++) {
            RunDesc r = sweep_cell_desc(d, i, j);
            Run run;
            if (!run_init(&run, d->ls, &r, d->start[0], d->start[1], err, len))
                return false;
            for (long k = 0; k < d->steps && run_step(&run); k++) {
            }
            bool ok = run.stop != RUN_ACTIVE || run_last_step(&run) == d->steps;
            if (ok)
                basin_cell_from_run(&run, d->steps, NULL, 0, &c->cells[(size_t)j * d->w + i]);
            else
                snprintf(err, len, "out of memory after %ld steps", run_last_step(&run));
            run_free(&run);
            if (!ok)
                return false;
        }
    }
    return true;
}

bool sweep_compute(const SweepDesc *d, BasinCell *cells, char *err, size_t len)
{
    SweepCtx c = {d, cells};
    return basin_for_rows(d->threads, d->h, sweep_rows, &c, err, len);
}
