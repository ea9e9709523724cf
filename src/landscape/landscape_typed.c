/* landscape_typed.c - a function typed by the user as a landscape: its parameters as text
 * ("k=10:1:100, a=0.5") and the heap object that binds its compiled program and parameter
 * values into a Landscape, so runs, analysis and the field treat it like a built-in one.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "landscape/landscape.h"

/* The whole of [s, end), spaces around it aside, is one finite number. */
static bool typed_parse_number(const char *s, const char *end, double *out)
{
    char buf[64];
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    double v = strtod(buf, &e);
    if (*e != '\0' || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool landscape_param_parse(const char *s, LandscapeParam *out, char *err, size_t len)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    const char *end = s + n, *eq = memchr(s, '=', n);
    size_t name_len = eq ? (size_t)(eq - s) : 0;
    while (name_len > 0 && isspace((unsigned char)s[name_len - 1]))
        name_len--;
    bool ident = name_len > 0 && (isalpha((unsigned char)s[0]) || s[0] == '_');
    for (size_t i = 0; ident && i < name_len; i++)
        ident = isalnum((unsigned char)s[i]) || s[i] == '_';
    if (!eq || !ident || name_len >= LANDSCAPE_PARAM_NAME_LEN) {
        snprintf(err, len, "expected NAME=VALUE or NAME=VALUE:MIN:MAX (NAME a letter, then "
                           "letters, digits or '_', at most %d), got '%.*s'",
                 LANDSCAPE_PARAM_NAME_LEN - 1, (int)(n > 80 ? 80 : n), s);
        return false;
    }
    LandscapeParam p = {0};
    memcpy(p.name, s, name_len);
    const char *v = eq + 1;
    while (v < end && isspace((unsigned char)*v))
        v++;
    const char *c1 = memchr(v, ':', (size_t)(end - v));
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(end - c1 - 1)) : NULL;
    bool ok;
    if (!c1) {
        ok = typed_parse_number(v, end, &p.value);
        double s_half = fmax(fabs(p.value), 1.0);
        p.min = p.value - s_half;
        p.max = p.value + s_half;
    } else {
        ok = c2 && !memchr(c2 + 1, ':', (size_t)(end - c2 - 1)) &&
             typed_parse_number(v, c1, &p.value) && typed_parse_number(c1 + 1, c2, &p.min) &&
             typed_parse_number(c2 + 1, end, &p.max);
        p.has_range = true;
    }
    if (!ok) {
        snprintf(err, len, "%s: expected VALUE or VALUE:MIN:MAX with finite numbers, got '%.*s'",
                 p.name, (int)(end - v > 80 ? 80 : end - v), v);
        return false;
    }
    if (p.has_range && !(p.min < p.max && p.value >= p.min && p.value <= p.max)) {
        snprintf(err, len, "%s: expected MIN < MAX and MIN <= VALUE <= MAX, got %g:%g:%g",
                 p.name, p.value, p.min, p.max);
        return false;
    }
    *out = p;
    return true;
}

bool landscape_typed_desc_add(LandscapeTypedDesc *d, const LandscapeParam *p)
{
    for (int i = 0; i < d->n_params; i++) {
        if (strcmp(d->params[i].name, p->name) == 0) {
            d->params[i] = *p;
            return true;
        }
    }
    if (d->n_params == EXPR_MAX_PARAMS)
        return false;
    d->params[d->n_params++] = *p;
    return true;
}

void landscape_typed_desc_format_params(const LandscapeTypedDesc *d, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (int i = 0; i < d->n_params && used < len; i++) {
        const LandscapeParam *p = &d->params[i];
        /* The short form only while it reads back to the same range (a slider may have
         * moved the value away from the one the range was derived from). */
        double half = fmax(fabs(p->value), 1.0);
        bool derived = !p->has_range && p->min == p->value - half && p->max == p->value + half;
        int w = !derived
                    ? snprintf(buf + used, len - used, "%s%s=%.17g:%.17g:%.17g", i ? ", " : "",
                               p->name, p->value, p->min, p->max)
                    : snprintf(buf + used, len - used, "%s%s=%.17g", i ? ", " : "", p->name,
                               p->value);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* FNV-1a over bytes. */
static uint64_t typed_hash(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

uint64_t landscape_fingerprint(const Landscape *ls)
{
    uint64_t h = typed_hash(0xcbf29ce484222325ULL, &ls->lid, sizeof ls->lid);
    if (ls->program) {
        h = typed_hash(h, ls->program->code, (size_t)ls->program->n_code * sizeof(ExprInst));
        if (ls->params)
            h = typed_hash(h, ls->params, (size_t)ls->program->n_params * sizeof(double));
    }
    return h;
}

static bool typed_compile(const LandscapeTypedDesc *d, ExprProgram **out, ExprError *err)
{
    const char *names[EXPR_MAX_PARAMS];
    for (int i = 0; i < d->n_params; i++)
        names[i] = d->params[i].name;
    return expr_compile(&(ExprDesc){.text = d->text, .param_names = d->n_params ? names : NULL,
                                    .n_params = d->n_params},
                        out, err);
}

bool landscape_typed_check(const LandscapeTypedDesc *d, ExprError *err)
{
    ExprProgram *p = NULL;
    bool ok = typed_compile(d, &p, err);
    expr_free(p);
    return ok;
}

LandscapeTyped *landscape_typed_create(const LandscapeTypedDesc *d, ExprError *err)
{
    LandscapeTyped *t = calloc(1, sizeof *t);
    if (!t) {
        *err = (ExprError){.column = 0, .message = "out of memory"};
        return NULL;
    }
    if (!typed_compile(d, &t->program, err)) {
        free(t);
        return NULL;
    }
    snprintf(t->text, sizeof t->text, "%s", d->text);
    landscape_typed_set_values(t, d);
    t->ls = (Landscape){
        .lid = LANDSCAPE_TYPED, .id = "custom", .name = "Custom", .formula = t->text,
        .expr = t->text, .program = t->program, .params = t->values,
        .view = LANDSCAPE_TYPED_VIEW, .start = {LANDSCAPE_TYPED_START_X, LANDSCAPE_TYPED_START_Y},
    };
    return t;
}

void landscape_typed_set_values(LandscapeTyped *t, const LandscapeTypedDesc *d)
{
    assert(d->n_params == t->program->n_params);
    for (int i = 0; i < d->n_params; i++)
        t->values[i] = d->params[i].value;
}

void landscape_typed_destroy(LandscapeTyped *t)
{
    if (!t)
        return;
    expr_free(t->program);
    free(t);
}
