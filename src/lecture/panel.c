/* panel.c - the control panel: every control binds to a field of the session's descs and
 * calls session_apply when it changes, so sweeping a slider bends the paths live. The
 * hyperparameter controls (labels, ranges, scales) come from the hyper table and the
 * optimizer's row, so each optimizer shows exactly the parameters its update rule reads. */
#include "lecture/panel.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "optim/optim.h"
#include "ui/palette.h"

static const char *const SCHEDULE_NAMES[] = { "constant", "step decay", "exponential", "1/t",
                                              "cosine" };
static_assert(sizeof SCHEDULE_NAMES / sizeof SCHEDULE_NAMES[0] == SCHEDULE_COUNT,
              "one name per schedule");

static const char *const OVERLAY_NAMES[] = {
    [OVERLAY_GRADIENT_FIELD] = "Gradient arrows",
    [OVERLAY_DIRECTIONS] = "Steepest descent vs Newton",
    [OVERLAY_TAYLOR] = "Taylor model",
    [OVERLAY_EIGEN] = "Hessian eigenvectors",
    [OVERLAY_CRITICAL] = "Critical points",
    [OVERLAY_MINIBATCH] = "Minibatch contours",
    [OVERLAY_LOSS_PLOT] = "Loss plot",
    [OVERLAY_TRIALS] = "Line-search trials",
    [OVERLAY_BASINS] = "Basins (B)",
    [OVERLAY_SWEEP] = "Sweep of α (W)",
};
static_assert(sizeof OVERLAY_NAMES / sizeof OVERLAY_NAMES[0] == OVERLAY_COUNT,
              "one name per overlay");

typedef struct {
    UiContext *ui;
    Session *s;
    PanelState *st;
    bool changed; /* runs replaced or recomputed */
} Panel;

static void apply(Panel *pn, int p)
{
    char err[200];
    if (!session_apply(pn->s, p, err, sizeof err)) {
        snprintf(pn->st->message, sizeof pn->st->message, "%s", err);
    }
    pn->changed = true;
}

static void transport(Panel *pn)
{
    Session *s = pn->s;
    ui_layout_row(pn->ui, 4, NULL, 0);
    if (ui_button(pn->ui, s->playing ? "Pause" : "Play") & UI_RES_SUBMIT) {
        s->playing = !s->playing && session_can_advance(s);
    }
    if (ui_button(pn->ui, "Step") & UI_RES_SUBMIT) {
        s->playing = false;
        session_step_forward(s);
    }
    if (ui_button(pn->ui, "Back") & UI_RES_SUBMIT) {
        s->playing = false;
        session_step_back(s);
        pn->changed = true;
    }
    if (ui_button(pn->ui, "Reset") & UI_RES_SUBMIT) {
        session_restart(s);
        pn->changed = true;
    }
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, "Speed");
    ui_slider(pn->ui, "##speed", &s->speed, 1.0, 2000.0, UI_SLIDER_LOG);
    char buf[64];
    ui_layout_row(pn->ui, 0, NULL, 0);
    snprintf(buf, sizeof buf, "Step %ld", s->step);
    ui_label(pn->ui, buf);
}

/* ---- The typed function ---------------------------------------------------------------- */

static bool slider_row(Panel *pn, const char *label, const char *id, double *v, double lo,
                       double hi, bool log_scale);

static bool typed_is_function(const char *name, size_t n)
{
    static const char *const FUNCS[] = { "sin", "cos", "tan", "asin", "acos", "atan", "sinh",
                                         "cosh", "tanh", "exp", "log", "sqrt", "abs", "pow" };
    for (size_t i = 0; i < sizeof FUNCS / sizeof FUNCS[0]; i++) {
        if (strlen(FUNCS[i]) == n && strncmp(FUNCS[i], name, n) == 0) {
            return true;
        }
    }
    return false;
}

/* td's parameters for text: every name in it that is not x, y, pi, e or a function, in
 * order of first use; one the pane had keeps its value and range, a new one is 1 on
 * [0, 2]. Names past EXPR_MAX_PARAMS, or too long, are left for the compiler to refuse. */
static void typed_params_of(const char *text, const LandscapeTypedDesc *had,
                            LandscapeTypedDesc *td)
{
    td->n_params = 0;
    for (const char *c = text; *c;) {
        if (!isalpha((unsigned char)*c) && *c != '_') {
            /* skip numbers whole, so the e of 2e-3 is no name */
            if (isdigit((unsigned char)*c) || *c == '.') {
                while (isalnum((unsigned char)*c) || *c == '.' ||
                       ((*c == '-' || *c == '+') && (c[-1] == 'e' || c[-1] == 'E'))) {
                    c++;
                }
            } else {
                c++;
            }
            continue;
        }
        const char *start = c;
        while (isalnum((unsigned char)*c) || *c == '_') {
            c++;
        }
        size_t n = (size_t)(c - start);
        const char *after = c;
        while (*after == ' ' || *after == '\t') {
            after++;
        }
        bool known = (n == 1 && (*start == 'x' || *start == 'y' || *start == 'e')) ||
                     (n == 2 && strncmp(start, "pi", 2) == 0) ||
                     (*after == '(' && typed_is_function(start, n));
        if (known || n >= LANDSCAPE_PARAM_NAME_LEN) {
            continue;
        }
        LandscapeParam p = { .value = 1.0, .min = 0.0, .max = 2.0 };
        memcpy(p.name, start, n);
        for (int i = 0; i < had->n_params; i++) {
            if (strcmp(had->params[i].name, p.name) == 0) {
                p = had->params[i];
            }
        }
        bool dup = false;
        for (int i = 0; i < td->n_params; i++) {
            dup |= strcmp(td->params[i].name, p.name) == 0;
        }
        if (!dup && td->n_params < EXPR_MAX_PARAMS) {
            td->params[td->n_params++] = p;
        }
    }
}

/* Compiles the field's text into the selected pane: on success the pane shows it (runs
 * recomputed); on bad text the pane keeps its function and the field shows the error. */
static void typed_submit(Panel *pn)
{
    Session *s = pn->s;
    int p = s->selected_pane;
    PanelState *st = pn->st;
    LandscapeTypedDesc *td = malloc(sizeof *td);
    if (!td) {
        snprintf(st->message, sizeof st->message, "out of memory");
        return;
    }
    snprintf(td->text, sizeof td->text, "%s", st->expr);
    typed_params_of(st->expr, &s->panes[p].desc.typed, td);
    ExprError xe;
    char err[200];
    if (session_set_typed(s, p, td, &xe, err, sizeof err)) {
        st->expr_error[0] = '\0';
        st->expr_mark = -1;
        st->expr_ls = s->panes[p].desc.ls;
        pn->changed = true;
    } else {
        snprintf(st->expr_error, sizeof st->expr_error, "%s", xe.message);
        st->expr_mark = xe.column > 0 ? xe.column - 1 : -1;
    }
    free(td);
}

/* The f(x, y) = field and, for a typed function, one slider per parameter (log scale when
 * the range is positive and spans more than a decade). */
static void typed_controls(Panel *pn)
{
    Session *s = pn->s;
    PanelState *st = pn->st;
    int p = s->selected_pane;
    Pane *pane = &s->panes[p];
    const Landscape *ls = pane->desc.ls;
    /* The field follows the pane (another pane, another landscape) unless it holds a
     * refused text. */
    if (st->expr_pane != p || (st->expr_ls != ls && !st->expr_error[0]) || !st->expr[0]) {
        snprintf(st->expr, sizeof st->expr, "%s", ls->expr ? ls->expr : "");
        st->expr_pane = p;
        st->expr_ls = ls;
        st->expr_error[0] = '\0';
        st->expr_mark = -1;
    }
    float row = st->expr_error[0] && st->expr_mark >= 0 ? 1.7f * 36.0f : 0.0f;
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, row);
    ui_label(pn->ui, "f(x, y) =");
    int res = ui_text_field(pn->ui, "##expr", st->expr, (int)sizeof st->expr,
                            st->expr_error[0] ? st->expr_mark : -1);
    if (res & UI_RES_SUBMIT) {
        typed_submit(pn);
    }
    if (st->expr_error[0]) {
        ui_layout_row(pn->ui, 0, NULL, 0);
        ui_text(pn->ui, st->expr_error);
    }
    if (!pane->typed) {
        return;
    }
    LandscapeTypedDesc *td = &pane->desc.typed;
    bool changed = false;
    for (int i = 0; i < td->n_params; i++) {
        LandscapeParam *lp = &td->params[i];
        bool log_scale = lp->min > 0.0 && lp->max > 10.0 * lp->min;
        ui_push_id(pn->ui, i);
        changed |= slider_row(pn, lp->name, "##param", &lp->value, lp->min, lp->max, log_scale);
        ui_pop_id(pn->ui);
    }
    if (changed) {
        apply(pn, p);
    }
}

static void landscape_and_panes(Panel *pn)
{
    Session *s = pn->s;
    if (s->n_panes > 1) {
        static const char *const PANES[] = { "Pane 1", "Pane 2", "Pane 3", "Pane 4" };
        ui_layout_row(pn->ui, 2, NULL, 0);
        ui_dropdown(pn->ui, "##pane", &s->selected_pane, PANES, s->n_panes);
        ui_checkbox(pn->ui, "Link panes", &s->scene.link);
    }
    /* The built-ins, then "Custom": the typed function (LANDSCAPE_TYPED). */
    const char *names[LANDSCAPE_COUNT + 1];
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        names[i] = landscape_at(i)->name;
    }
    names[LANDSCAPE_TYPED] = "Custom";
    Pane *pane = &s->panes[s->selected_pane];
    int index = (int)pane->desc.ls->lid;
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, "Landscape");
    if (ui_dropdown(pn->ui, "##landscape", &index, names, LANDSCAPE_COUNT + 1) &
        UI_RES_CHANGE) {
        if (index == LANDSCAPE_TYPED) {
            /* Custom starts from the text in the field: the built-in's own definition. */
            typed_submit(pn);
        } else {
            char err[200];
            if (!session_set_landscape(s, s->selected_pane, landscape_at(index), err,
                                       sizeof err)) {
                snprintf(pn->st->message, sizeof pn->st->message, "%s", err);
            }
            pn->changed = true;
        }
    }
    typed_controls(pn);
}

static void run_list(Panel *pn)
{
    Session *s = pn->s;
    int p = s->selected_pane;
    Pane *pane = &s->panes[p];
    const char *names[OPTIM_COUNT];
    for (int k = 0; k < OPTIM_COUNT; k++) {
        names[k] = optim_vtable((OptimKind)k)->name;
    }
    for (int i = 0; i < pane->desc.n_runs; i++) {
        ui_push_id(pn->ui, i);
        ui_layout_row(pn->ui, 4, (const float[]){ 44, -1, 44, 44 }, 0);
        unsigned char rgb[3];
        palette_run_rgb(pane->color[i], rgb);
        UiColor c = { rgb[0], rgb[1], rgb[2], 255 };
        if (ui_color_button(pn->ui, i == s->selected_run ? "##sel" : "##run", c) &
            UI_RES_SUBMIT) {
            s->selected_run = i;
        }
        int kind = (int)pane->desc.runs[i].opt.kind;
        if (ui_dropdown(pn->ui, "##opt", &kind, names, OPTIM_COUNT) & UI_RES_CHANGE) {
            char err[200];
            if (!session_set_optimizer(s, p, i, (OptimKind)kind, err, sizeof err)) {
                snprintf(pn->st->message, sizeof pn->st->message, "%s", err);
            }
            s->selected_run = i;
            pn->changed = true;
        }
        if (ui_checkbox(pn->ui, "##on", &pane->enabled[i]) & UI_RES_CHANGE) {
            apply(pn, p);
        }
        if ((ui_button(pn->ui, "x##remove") & UI_RES_SUBMIT) && pane->desc.n_runs > 1) {
            session_remove_run(s, p, i);
            pn->changed = true;
            ui_pop_id(pn->ui);
            break;
        }
        ui_pop_id(pn->ui);
    }
    ui_layout_row(pn->ui, 0, NULL, 0);
    if (ui_button(pn->ui, "Add run") & UI_RES_SUBMIT) {
        char err[200];
        if (!session_add_run(s, p, OPTIM_MOMENTUM, err, sizeof err)) {
            snprintf(pn->st->message, sizeof pn->st->message, "%s", err);
        }
        s->selected_run = pane->desc.n_runs - 1;
        pn->changed = true;
    }
}

/* A labelled slider on a double; returns true when it changed. */
static bool slider_row(Panel *pn, const char *label, const char *id, double *v, double lo,
                       double hi, bool log_scale)
{
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, label);
    return ui_slider(pn->ui, id, v, lo, hi, log_scale ? UI_SLIDER_LOG : 0) & UI_RES_CHANGE;
}

/* A hyperparameter's slider from its table row: the row's track range and scale; typed
 * values may go anywhere the row allows (an open end excluded), so a scene's value beyond
 * the track is kept; mark (a stability limit, NAN for none) is ticked on the track. */
static bool hyper_row(Panel *pn, HyperKey key, const char *id, double *v, double mark)
{
    const HyperInfo *h = hyper_info(key);
    UiSliderDesc sd = {
        .lo = h->slider_lo, .hi = h->slider_hi, .mark = mark,
        .type_lo = h->min_open ? nextafter(h->min, INFINITY) : h->min,
        .type_hi = h->max_open ? nextafter(h->max, -INFINITY) : h->max,
        .flags = h->slider_log ? UI_SLIDER_LOG : 0,
    };
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, h->label);
    return ui_slider_desc(pn->ui, id, v, &sd) & UI_RES_CHANGE;
}

static bool int_row(Panel *pn, const char *label, const char *id, int *v, int lo, int hi)
{
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, label);
    return ui_slider_int(pn->ui, id, v, lo, hi, 0) & UI_RES_CHANGE;
}

static bool schedule_controls(Panel *pn, Schedule *sc)
{
    bool changed = false;
    int kind = (int)sc->kind;
    ui_layout_row(pn->ui, 2, (const float[]){ 110, -1 }, 0);
    ui_label(pn->ui, "Schedule");
    if (ui_dropdown(pn->ui, "##schedule", &kind, SCHEDULE_NAMES, SCHEDULE_COUNT) &
        UI_RES_CHANGE) {
        *sc = schedule_default((ScheduleKind)kind);
        changed = true;
    }
    int every = (int)sc->every, period = (int)sc->period;
    switch (sc->kind) {
    case SCHEDULE_STEP:
        changed |= slider_row(pn, "\xce\xb3 (\xc3\x97)", "##gamma", &sc->gamma, 0.01, 1.0, true);
        if (int_row(pn, "every", "##every", &every, 1, 5000)) {
            sc->every = every;
            changed = true;
        }
        break;
    case SCHEDULE_EXP:
        changed |= slider_row(pn, "\xce\xb3", "##gamma", &sc->gamma, 0.9, 1.0, false);
        break;
    case SCHEDULE_INV:
        changed |= slider_row(pn, "\xce\xb3", "##gamma", &sc->gamma, 1e-4, 1.0, true);
        break;
    case SCHEDULE_COSINE:
        if (int_row(pn, "period", "##period", &period, 1, 100000)) {
            sc->period = period;
            changed = true;
        }
        changed |= slider_row(pn, "min", "##min", &sc->min_factor, 0.0, 1.0, false);
        break;
    case SCHEDULE_CONSTANT:
    case SCHEDULE_COUNT:
        break;
    }
    return changed;
}

double panel_stability_limit(const OptimizerDesc *opt, const Landscape *ls, const Run *run)
{
    /* Where the run is now; a diverged run's limit is read at its start. */
    const TrajPoint *at = run->stop == RUN_DIVERGED ? &run->pts[0] : run_last(run);
    LocalInfo li;
    analysis_local(ls, at->x, at->y, &li);
    return optim_stability_limit(opt, li.eig[1]);
}

void panel_stability_text(const OptimizerDesc *opt, const Landscape *ls, const Run *run,
                          char *buf, size_t len)
{
    double limit = panel_stability_limit(opt, ls, run);
    const char *rule = optim_vtable(opt->kind)->stability_text;
    const char *where = run->stop == RUN_DIVERGED ? "at the start" : "here";
    if (isnan(limit) || !rule)
        snprintf(buf, len, "no fixed limit on \xce\xb1: the step adapts");
    else if (isinf(limit))
        snprintf(buf, len, "stable for every \xce\xb1 %s (no positive curvature)", where);
    else if (!strstr(rule, "\xce\xbb")) /* a rule without λmax (Newton): no number */
        snprintf(buf, len, "stable for %s %s", rule, where);
    else
        snprintf(buf, len, "stable for %s = %.4g %s", rule, limit, where);
}

static void selected_run(Panel *pn)
{
    Session *s = pn->s;
    int p = s->selected_pane;
    Pane *pane = &s->panes[p];
    if (s->selected_run < 0 || s->selected_run >= pane->desc.n_runs) {
        s->selected_run = 0;
    }
    int r = s->selected_run;
    RunDesc *d = &pane->desc.runs[r];
    const Run *run = &pane->runs[r];
    bool changed = false;
    char buf[128];

    ui_layout_row(pn->ui, 0, NULL, 0);
    snprintf(buf, sizeof buf, "Run %d: %s", r + 1, optim_vtable(d->opt.kind)->name);
    ui_label(pn->ui, buf);
    /* The learning rate with the optimizer's own stability limit here. */
    double limit = panel_stability_limit(&d->opt, pane->desc.ls, run);
    changed |= hyper_row(pn, HYPER_LR, "##lr", &d->opt.lr, limit);
    panel_stability_text(&d->opt, pane->desc.ls, run, buf, sizeof buf);
    ui_layout_row(pn->ui, 0, NULL, 0);
    ui_text(pn->ui, buf); /* wrapped, not cut: the number is the point */
    for (int k = 0; k < HYPER_COUNT; k++) {
        const HyperInfo *h = hyper_info((HyperKey)k);
        if (k == HYPER_LR || !hyper_used_by(d->opt.kind, (HyperKey)k)) {
            continue;
        }
        ui_push_id(pn->ui, k);
        double v = hyper_get(&d->opt, (HyperKey)k);
        if (h->is_bool) {
            bool on = v != 0.0;
            ui_layout_row(pn->ui, 0, NULL, 0);
            if (ui_checkbox(pn->ui, h->label, &on) & UI_RES_CHANGE) {
                hyper_set(&d->opt, (HyperKey)k, on ? 1.0 : 0.0);
                changed = true;
            }
        } else {
            if (hyper_row(pn, (HyperKey)k, "##hyper", &v, NAN) && hyper_valid((HyperKey)k, v)) {
                hyper_set(&d->opt, (HyperKey)k, v);
                changed = true;
            }
        }
        ui_pop_id(pn->ui);
    }
    changed |= schedule_controls(pn, &d->schedule);
    if (pane->desc.ls->data) {
        changed |= int_row(pn, "batch B", "##batch", &d->batch, 0, pane->desc.ls->data->n);
    } else {
        changed |= slider_row(pn, "noise \xcf\x83", "##noise", &d->noise, 0.0, 10.0, false);
    }
    int seed = (int)(d->seed % 100000);
    if (int_row(pn, "seed", "##seed", &seed, 0, 99999)) {
        d->seed = (uint64_t)seed;
        changed = true;
    }
    if (changed) {
        apply(pn, p);
    }
}

static void view_and_overlays(Panel *pn)
{
    Session *s = pn->s;
    int levels = s->levels;
    if (int_row(pn, "Contours", "##levels", &levels, 4, 64)) {
        s->levels = levels;
    }
    slider_row(pn, "table L <", "##ftol", &s->f_tol, 1e-12, 1.0, true);
    int cloud = s->scene.cloud;
    if (int_row(pn, "Cloud K", "##cloud", &cloud, 0, SCENE_MAX_CLOUD)) {
        char err[200];
        if (!session_set_cloud(s, cloud, err, sizeof err)) {
            snprintf(pn->st->message, sizeof pn->st->message, "%s", err);
        }
        pn->changed = true;
    }
    for (int k = 0; k < OVERLAY_COUNT; k++) {
        bool on = (s->scene.overlays >> k) & 1u;
        ui_layout_row(pn->ui, 0, NULL, 0);
        ui_push_id(pn->ui, k);
        if (ui_checkbox(pn->ui, OVERLAY_NAMES[k], &on) & UI_RES_CHANGE) {
            s->scene.overlays = on ? s->scene.overlays | (1u << k)
                                   : s->scene.overlays & ~(1u << k);
        }
        ui_pop_id(pn->ui);
    }
}

bool panel_draw(UiContext *ui, Session *s, UiRect rect, PanelState *st)
{
    Panel pn = { .ui = ui, .s = s, .st = st };
    if (s->selected_pane < 0 || s->selected_pane >= s->n_panes) {
        s->selected_pane = 0;
    }
    ui_panel_begin(ui, "Controls", rect, 0);
    transport(&pn);
    landscape_and_panes(&pn);
    run_list(&pn);
    selected_run(&pn);
    view_and_overlays(&pn);
    if (st->message[0]) {
        ui_layout_row(ui, 0, NULL, 0);
        ui_text(ui, st->message);
    }
    ui_panel_end(ui);
    return pn.changed;
}
