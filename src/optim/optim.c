/* optim.c - the dispatch wrappers every caller uses, the registry built from OPTIM_LIST,
 * and what is read off the rows: defaults, ids, stability limits, the legend text, --help.
 *
 * The per-optimizer files know only their own update rule and facts; this file owns the step
 * count, allocation and cloning. Adding an optimizer: one file, one OPTIM_LIST line.
 */
#include "optim/optim.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "optim/optim_impl.h"

/* The registry: each optimizer's row, in OptimKind order. */
static const OptimVTable *const OPTIMIZERS[] = {
#define OPTIM_ROW(kind, name) [OPTIM_##kind] = &optim_##name##_vtable,
    OPTIM_LIST(OPTIM_ROW)
#undef OPTIM_ROW
};
static_assert(sizeof OPTIMIZERS / sizeof OPTIMIZERS[0] == OPTIM_COUNT,
              "one registry row per OptimKind");

const OptimVTable *optim_vtable(OptimKind kind)
{
    assert(kind >= 0 && kind < OPTIM_COUNT);
    return OPTIMIZERS[kind];
}

OptimizerDesc optim_desc_default(OptimKind kind)
{
    OptimizerDesc d = { .kind = kind };
    for (int k = 0; k < HYPER_COUNT; k++) {
        hyper_set(&d, (HyperKey)k, hyper_info((HyperKey)k)->def);
    }
    d.lr = optim_vtable(kind)->lr;
    return d;
}

/* vt->size zeroed bytes with the base filled in; NULL on out-of-memory. */
static Optimizer *optim_alloc(const OptimVTable *vt, const OptimizerDesc *desc)
{
    assert(vt && desc && vt->size >= sizeof(Optimizer));
    Optimizer *opt = calloc(1, vt->size);
    if (!opt)
        return NULL;
    opt->vt = vt;
    opt->desc = *desc;
    opt->k = 0;
    return opt;
}

Optimizer *optim_create(const OptimizerDesc *desc)
{
    assert(desc);
    return optim_alloc(optim_vtable(desc->kind), desc);
}

void optim_destroy(Optimizer *opt)
{
    free(opt);
}

/* A whole optimizer is vt->size plain bytes (no pointers to owned memory), so a byte copy
 * is a deep copy and stepping the copy repeats the original bit for bit. */
Optimizer *optim_clone(const Optimizer *opt)
{
    assert(opt && opt->vt);
    Optimizer *copy = malloc(opt->vt->size);
    if (!copy)
        return NULL;
    memcpy(copy, opt, opt->vt->size);
    return copy;
}

void optim_copy_state(Optimizer *dst, const Optimizer *src)
{
    assert(dst && src && dst->vt == src->vt);
    if (dst != src)
        memcpy(dst, src, src->vt->size);
}

void optim_reset(Optimizer *opt)
{
    assert(opt && opt->vt);
    opt->k = 0;
    opt->vt->reset(opt);
}

OptimStatus optim_step(Optimizer *opt, const Objective *obj, double lr, double theta[2])
{
    assert(opt && opt->vt && obj && obj->grad && theta);
    opt->k++;
    return opt->vt->step(opt, obj, lr, theta);
}

bool optim_has_lanes(const OptimizerDesc *d)
{
    return optim_vtable(d->kind)->step_lanes && !(d->kind == OPTIM_GD && d->line_search);
}

void optim_step_lanes(const OptimizerDesc *d, OptimLanes *l, double lr)
{
    assert(optim_has_lanes(d) && l && l->n >= 0);
    optim_vtable(d->kind)->step_lanes(d, l, lr);
}

void optim_state(const Optimizer *opt, OptimState *out)
{
    assert(opt && opt->vt && out);
    memset(out, 0, sizeof *out);
    opt->vt->state(opt, out);
    assert(out->n >= 0 && out->n <= 4);
}

bool optim_kind_from_id(const char *id, OptimKind *out)
{
    if (!id)
        return false;
    for (int i = 0; i < OPTIM_COUNT; i++) {
        if (strcmp(OPTIMIZERS[i]->id, id) == 0) {
            if (out)
                *out = (OptimKind)i;
            return true;
        }
    }
    return false;
}

double optim_stability_limit(const OptimizerDesc *d, double lambda_max)
{
    assert(d);
    const OptimVTable *vt = optim_vtable(d->kind);
    if (!vt->stability_limit)
        return (double)NAN;
    return vt->stability_limit(d, lambda_max);
}

/* Appends printf text at *used, never past len; *used stops at len - 1 once full. */
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
    if (*used >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *used, len - *used, fmt, ap);
    va_end(ap);
    if (w > 0)
        *used = *used + (size_t)w < len ? *used + (size_t)w : len - 1;
}

void optim_format_hypers(const OptimizerDesc *d, char *buf, size_t len)
{
    optim_format_hypers_except(d, 0u, buf, len);
}

void optim_format_hypers_except(const OptimizerDesc *d, uint32_t skip, char *buf, size_t len)
{
    assert(d && buf);
    if (len == 0)
        return;
    buf[0] = '\0';
    size_t used = 0;
    for (int k = 0; k < HYPER_COUNT; k++) {
        const HyperInfo *h = hyper_info((HyperKey)k);
        if (!h->in_legend || !hyper_used_by(d->kind, (HyperKey)k) || ((skip >> k) & 1u))
            continue;
        double v = hyper_get(d, (HyperKey)k);
        if (h->is_bool && h->names[1]) {
            /* a named switch shows only when on: "armijo line search" */
            if (v != 0.0)
                append(buf, len, &used, "%s%s %s", used ? ", " : "", h->names[1], h->symbol);
        } else {
            append(buf, len, &used, "%s%s = %.4g", used ? ", " : "", h->symbol, v);
        }
    }
}

void optim_print_help(FILE *out)
{
    fprintf(out, "optimizers (--opt ID:key=value,...; the keys each one reads, at their "
            "defaults):\n");
    for (int i = 0; i < OPTIM_COUNT; i++) {
        const OptimVTable *vt = OPTIMIZERS[i];
        OptimizerDesc d = optim_desc_default((OptimKind)i);
        fprintf(out, "  %-14s %-20s", vt->id, vt->name);
        for (int k = 0; k < HYPER_COUNT; k++) {
            if (hyper_used_by((OptimKind)i, (HyperKey)k) &&
                !hyper_info((HyperKey)k)->every_optimizer)
                fprintf(out, " %s=%g", hyper_info((HyperKey)k)->key, hyper_get(&d, (HyperKey)k));
        }
        fputc('\n', out);
    }
    fprintf(out, "  every optimizer also takes (the run applies them to each gradient):");
    OptimizerDesc any = optim_desc_default(OPTIM_GD);
    for (int k = 0; k < HYPER_COUNT; k++) {
        if (hyper_info((HyperKey)k)->every_optimizer)
            fprintf(out, " %s=%g", hyper_info((HyperKey)k)->key, hyper_get(&any, (HyperKey)k));
    }
    fputc('\n', out);
    fprintf(out, "optimizer keys:\n");
    for (int k = 0; k < HYPER_COUNT; k++) {
        const HyperInfo *h = hyper_info((HyperKey)k);
        char range[64];
        hyper_range_text((HyperKey)k, range, sizeof range);
        if (h->is_bool)
            fprintf(out, "  %-16s %s: %s\n", h->key, h->help, range);
        else
            fprintf(out, "  %-16s %s, %s: %s\n", h->key, h->symbol, h->help, range);
    }
    fprintf(out, "stable on a quadratic whose Hessian's largest eigenvalue is λmax while:\n");
    int adaptive = 0;
    for (int i = 0; i < OPTIM_COUNT; i++) {
        if (OPTIMIZERS[i]->stability_text)
            fprintf(out, "  %-14s %s\n", OPTIMIZERS[i]->id, OPTIMIZERS[i]->stability_text);
        else
            adaptive++;
    }
    for (int i = 0, n = 0; i < OPTIM_COUNT; i++) {
        if (!OPTIMIZERS[i]->stability_text)
            fprintf(out, "%s%s", n++ ? ", " : "  ", OPTIMIZERS[i]->id);
    }
    if (adaptive)
        fprintf(out, ": no such limit (their steps adapt, or a line search picks them)\n");
}

void optim_state_set(OptimState *out, int n, const char *const names[],
                     const double *const vec[])
{
    assert(n >= 0 && n <= 4);
    out->n = n;
    for (int j = 0; j < n; j++) {
        out->name[j] = names[j];
        out->value[j][0] = vec[j][0];
        out->value[j][1] = vec[j][1];
    }
}
