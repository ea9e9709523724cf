/* session.c - the window's live state and every action on it, display-free: panes of runs
 * on one clock, the timeline (exact rewind by replay), start points, descs edited by the
 * sliders, and views that pan and zoom together when the panes are linked. */
#include "lecture/session.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lecture/spec.h"

enum { SESSION_DEFAULT_MAX_STEP = 100000, SESSION_MAX_STEPS_PER_ADVANCE = 20000 };

/* A start closer than this share of the window to its edge grows the home window: the start
 * marker is the first thing a class looks for. */
static const double SESSION_START_MARGIN = 0.04;

static ViewBox home_of(const PaneDesc *d)
{
    ViewBox box = d->has_view ? d->view : d->ls->view;
    return view_box_include(box, d->start[0], d->start[1], SESSION_START_MARGIN);
}

static bool desc_is_stochastic(const PaneDesc *pd, int r)
{
    const RunDesc *d = &pd->runs[r];
    bool data = pd->ls && pd->ls->data != NULL; /* a typed function (ls NULL) has no data */
    return data ? d->batch > 0 && d->batch < pd->ls->data->n : d->noise > 0.0;
}

bool session_run_is_stochastic(const Pane *pane, int r)
{
    return desc_is_stochastic(&pane->desc, r);
}

size_t session_memory_need(const SceneDesc *scene, long max_step)
{
    long max = max_step > 0 ? max_step : SESSION_DEFAULT_MAX_STEP;
    size_t runs = 0;
    for (int p = 0; p < scene->n_panes; p++) {
        for (int r = 0; r < scene->panes[p].n_runs; r++) {
            runs += 1 + (desc_is_stochastic(&scene->panes[p], r) ? (size_t)scene->cloud : 0);
        }
    }
    return runs * run_bytes_for(max + 1);
}

bool session_check_memory(const SceneDesc *scene, long max_step, char *err, size_t errlen)
{
    size_t need = session_memory_need(scene, max_step);
    if (need <= SESSION_MEMORY_LIMIT) {
        return true;
    }
    /* The most steps that fit (the need only grows with the steps). */
    long lo = 0, hi = max_step > 0 ? max_step : SESSION_DEFAULT_MAX_STEP;
    while (lo < hi) {
        long mid = lo + (hi - lo + 1) / 2;
        if (session_memory_need(scene, mid) <= SESSION_MEMORY_LIMIT) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    size_t runs = need / run_bytes_for((max_step > 0 ? max_step : SESSION_DEFAULT_MAX_STEP) + 1);
    snprintf(err, errlen, "%zu run%s%s of %ld steps need %zu MiB of trajectories, more "
             "than the limit of %zu MiB: expected at most %ld steps, or fewer runs", runs,
             runs == 1 ? "" : "s", scene->cloud > 0 ? " (cloud copies included)" : "",
             max_step > 0 ? max_step : SESSION_DEFAULT_MAX_STEP, need >> 20,
             SESSION_MEMORY_LIMIT >> 20, lo);
    return false;
}

/* The first enabled run (or cloud copy) that can still move but is short of the clock, or
 * NULL; its pane and run index in *p and *i. */
static const Run *first_behind(const Session *s, int *p, int *i)
{
    for (*p = 0; *p < s->n_panes; (*p)++) {
        const Pane *pane = &s->panes[*p];
        for (*i = 0; *i < pane->desc.n_runs; (*i)++) {
            for (int c = -1; pane->enabled[*i] && c < pane->cloud_k; c++) {
                const Run *run = c < 0 ? &pane->runs[*i]
                                       : (pane->cloud && *i < pane->cloud_runs
                                              ? &pane->cloud[*i * pane->cloud_k + c]
                                              : NULL);
                if (run && run->opt && run->stop == RUN_ACTIVE && run_last_step(run) < s->step)
                    return run;
            }
        }
    }
    return NULL;
}

bool session_check_complete(const Session *s, char *err, size_t errlen)
{
    int p, i;
    const Run *run = first_behind(s, &p, &i);
    if (run) {
        snprintf(err, errlen, "out of memory: run %d of pane %d stopped at step %ld of %ld",
                 i + 1, p + 1, run_last_step(run), s->step);
        return false;
    }
    return true;
}

int session_shown_run(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    return p == s->selected_pane && s->selected_run < pane->desc.n_runs ? s->selected_run : 0;
}

bool session_behind(const Session *s)
{
    int p, i;
    return first_behind(s, &p, &i) != NULL;
}

long session_least_step(const Session *s)
{
    long least = s->step;
    for (int p = 0; p < s->n_panes; p++) {
        const Pane *pane = &s->panes[p];
        for (int i = 0; i < pane->desc.n_runs; i++) {
            const Run *run = &pane->runs[i];
            if (pane->enabled[i] && run->opt && run->stop == RUN_ACTIVE &&
                run_last_step(run) < least)
                least = run_last_step(run);
        }
    }
    return least;
}

/* The cloud copy c of run i, or NULL where there is none. */
static Run *cloud_run(Pane *pane, int i, int c)
{
    Run *run = pane->cloud && i < pane->cloud_runs ? &pane->cloud[i * pane->cloud_k + c] : NULL;
    return run && run->opt ? run : NULL;
}

static void free_cloud(Pane *pane)
{
    for (int i = 0; pane->cloud && i < pane->cloud_runs; i++) {
        for (int c = 0; c < pane->cloud_k; c++) {
            Run *run = cloud_run(pane, i, c);
            if (run) {
                run_free(run);
            }
        }
    }
    free(pane->cloud);
    pane->cloud = NULL;
    pane->cloud_runs = 0;
}

/* Steps run up to step, spending at most *budget steps (each taken one is counted) when
 * budget is not NULL. */
static void advance_run(Run *run, long step, long *budget)
{
    while (run_last_step(run) < step && (!budget || *budget > 0) && run_step(run)) {
        if (budget)
            (*budget)--;
    }
}

/* Steps the pane's enabled runs (and their clouds) up to the clock; runs that stop stay
 * short. With a budget (Session.lazy), the runs take turns a chunk at a time, so all of them
 * move, and whatever the budget does not cover is left for session_catch_up. */
static void replay_to(Pane *pane, long step, long *budget)
{
    enum { CHUNK = 1024 };
    for (bool behind = true, moved = true; behind && moved && (!budget || *budget > 0);) {
        behind = moved = false;
        for (int i = 0; i < pane->desc.n_runs; i++) {
            for (int c = -1; pane->enabled[i] && c < pane->cloud_k; c++) {
                Run *run = c < 0 ? &pane->runs[i] : cloud_run(pane, i, c);
                if (!run) {
                    continue;
                }
                long from = run_last_step(run);
                long to = budget && from + CHUNK < step ? from + CHUNK : step;
                advance_run(run, to, budget);
                moved |= run_last_step(run) > from;
                behind |= run->stop == RUN_ACTIVE && run_last_step(run) < step;
            }
        }
    }
}

/* replay_parallel's work: the runs to step to `step`, taken in turn by each thread. */
typedef struct {
    Run *runs[SCENE_MAX_RUNS * (1 + SCENE_MAX_CLOUD)];
    int n;
    long step;
    atomic_int next;
} ReplayJob;

static void *replay_worker(void *arg)
{
    ReplayJob *job = arg;
    for (int i; (i = atomic_fetch_add(&job->next, 1)) < job->n;)
        advance_run(job->runs[i], job->step, NULL);
    return NULL;
}

/* replay_to without a budget, the pane's enabled runs and their clouds shared among
 * `threads` threads: a run's steps read nothing another run writes. A thread that cannot
 * start leaves its runs to the others. */
static void replay_parallel(Pane *pane, long step, int threads)
{
    enum { MAX_THREADS = 16 };
    ReplayJob job = {.n = 0, .step = step};
    atomic_init(&job.next, 0);
    for (int i = 0; i < pane->desc.n_runs; i++) {
        for (int c = -1; pane->enabled[i] && c < pane->cloud_k; c++) {
            Run *run = c < 0 ? &pane->runs[i] : cloud_run(pane, i, c);
            if (run && run_last_step(run) < step)
                job.runs[job.n++] = run;
        }
    }
    threads = threads > MAX_THREADS ? MAX_THREADS : threads > job.n ? job.n : threads;
    pthread_t tid[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, replay_worker, &job) == 0)
            started++;
    replay_worker(&job);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
}

/* Where replays may spend: the frame's budget when lazy, else without limit (NULL). */
static long *replay_budget(Session *s)
{
    return s->lazy ? &s->budget : NULL;
}

/* Sets up the pane's cloud of k copies per stochastic run at its start, stepped to the
 * clock; false on out-of-memory, leaving no cloud. */
static bool build_cloud(Pane *pane, int k, long step, long *budget)
{
    free_cloud(pane);
    pane->cloud_k = 0;
    if (k <= 0) {
        return true;
    }
    pane->cloud = calloc((size_t)(pane->desc.n_runs * k), sizeof *pane->cloud);
    if (!pane->cloud) {
        return false;
    }
    pane->cloud_k = k;
    pane->cloud_runs = pane->desc.n_runs;
    for (int i = 0; i < pane->desc.n_runs; i++) {
        if (!session_run_is_stochastic(pane, i)) {
            continue;
        }
        for (int c = 0; c < k; c++) {
            RunDesc d = pane->desc.runs[i];
            d.seed += (uint64_t)c + 1;
            char err[128];
            if (!run_init(&pane->cloud[i * k + c], pane->desc.ls, &d, pane->desc.start[0],
                          pane->desc.start[1], err, sizeof err)) {
                free_cloud(pane);
                pane->cloud_k = 0;
                return false;
            }
        }
    }
    replay_to(pane, step, budget);
    return true;
}

/* Builds the pane's runs from its descs into fresh storage; on failure nothing changes. */
static bool build_runs(Pane *pane, long step, long *budget, char *err, size_t errlen)
{
    Run fresh[SCENE_MAX_RUNS];
    for (int i = 0; i < pane->desc.n_runs; i++) {
        if (!run_init(&fresh[i], pane->desc.ls, &pane->desc.runs[i], pane->desc.start[0],
                      pane->desc.start[1], err, errlen)) {
            while (i-- > 0) {
                run_free(&fresh[i]);
            }
            return false;
        }
    }
    for (int i = 0; i < SCENE_MAX_RUNS; i++) {
        if (pane->runs[i].opt) {
            run_free(&pane->runs[i]);
        }
    }
    int k = pane->cloud_k;
    free_cloud(pane); /* sized by the old run count: free before the runs change */
    memcpy(pane->runs, fresh, (size_t)pane->desc.n_runs * sizeof fresh[0]);
    replay_to(pane, step, budget);
    if (!build_cloud(pane, k, step, budget)) {
        snprintf(err, errlen, "out of memory for the cloud of runs");
    }
    return true;
}

/* Run r's α follows the landscape from now on, at rate lr; nothing chosen is remembered. */
static void rates_follow(PaneRates *pr, int r, double lr)
{
    pr->given[r] = lr;
    for (int l = 0; l <= LANDSCAPE_COUNT; l++) {
        pr->memo[r][l] = (double)NAN;
    }
}

/* At start: a run whose α is its optimizer's own default or the landscape's default rate
 * follows the landscape (the scene or flags set no rate, or that one); any other was chosen.
 * A scene that writes the default value explicitly reads the same as one that leaves it. */
static void rates_init(Pane *pane)
{
    for (int r = 0; r < SCENE_MAX_RUNS; r++) {
        rates_follow(&pane->rates, r, (double)NAN);
    }
    for (int r = 0; r < pane->desc.n_runs; r++) {
        const OptimizerDesc *o = &pane->desc.runs[r].opt;
        if (o->lr == optim_desc_default(o->kind).lr ||
            o->lr == spec_default_lr(pane->desc.ls, pane->desc.start, o)) {
            pane->rates.given[r] = o->lr;
        }
    }
}

/* The landscape of pane changes from the dropdown entry `from` to its current one (desc.ls,
 * desc.start already set): remembers the α chosen on `from`, and gives every run the α
 * chosen for it on the new landscape, or the new landscape's default rate. */
static void rates_swap(Pane *pane, int from)
{
    PaneRates *pr = &pane->rates;
    int to = (int)pane->desc.ls->lid;
    for (int r = 0; r < pane->desc.n_runs; r++) {
        OptimizerDesc *o = &pane->desc.runs[r].opt;
        bool chosen = !(o->lr == pr->given[r]);
        pr->memo[r][from] = chosen ? o->lr : (double)NAN;
        pr->memo_kind[r][from] = (unsigned char)o->kind;
        if (!isnan(pr->memo[r][to]) && pr->memo_kind[r][to] == (unsigned char)o->kind) {
            o->lr = pr->memo[r][to];
            pr->given[r] = (double)NAN;
        } else {
            o->lr = spec_default_lr(pane->desc.ls, pane->desc.start, o);
            pr->given[r] = o->lr;
        }
    }
}

bool session_init(Session *s, const SceneDesc *scene, double speed, long max_step, char *err,
                  size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->scene = *scene;
    s->n_panes = scene->n_panes;
    s->speed = speed > 0 ? speed : 30.0;
    s->max_step = max_step > 0 ? max_step : SESSION_DEFAULT_MAX_STEP;
    s->f_tol = scene->table_tol > 0 ? scene->table_tol : SCENE_DEFAULT_TABLE_TOL;
    if (!session_check_memory(scene, s->max_step, err, errlen)) {
        return false;
    }
    s->surface_maps = calloc(SCENE_MAX_PANES, sizeof *s->surface_maps);
    if (!s->surface_maps) {
        snprintf(err, errlen, "out of memory setting up the panes");
        return false;
    }
    for (int p = 0; p < s->n_panes; p++) {
        Pane *pane = &s->panes[p];
        pane->desc = scene->panes[p];
        if (pane->desc.typed.text[0]) {
            ExprError xe;
            pane->typed = landscape_typed_create(&pane->desc.typed, &xe);
            if (!pane->typed) {
                snprintf(err, errlen, "pane %d: expr: %s", p + 1, xe.message);
                session_free(s);
                return false;
            }
            pane->desc.ls = &pane->typed->ls;
        }
        pane->home = home_of(&pane->desc);
        rates_init(pane);
        for (int i = 0; i < SCENE_MAX_RUNS; i++) {
            pane->enabled[i] = true;
            pane->color[i] = (unsigned char)i;
        }
        if (!build_runs(pane, 0, NULL, err, errlen) || !build_cloud(pane, scene->cloud, 0, NULL)) {
            snprintf(err, errlen, "out of memory setting up the runs");
            session_free(s);
            return false;
        }
    }
    return true;
}

bool session_set_cloud(Session *s, int k, char *err, size_t errlen)
{
    k = k < 0 ? 0 : k > SCENE_MAX_CLOUD ? SCENE_MAX_CLOUD : k;
    SceneDesc *sd = malloc(sizeof *sd);
    if (!sd) {
        snprintf(err, errlen, "out of memory for a cloud of %d runs", k);
        return false;
    }
    session_scene(s, sd);
    sd->cloud = k;
    bool fits = session_check_memory(sd, s->max_step, err, errlen);
    free(sd);
    if (!fits) {
        return false;
    }
    s->scene.cloud = k;
    s->generation++;
    for (int p = 0; p < s->n_panes; p++) {
        if (!build_cloud(&s->panes[p], k, s->step, replay_budget(s))) {
            s->scene.cloud = 0;
            snprintf(err, errlen, "out of memory for a cloud of %d runs", k);
            return false;
        }
    }
    return true;
}

void session_free(Session *s)
{
    for (int p = 0; p < SCENE_MAX_PANES; p++) {
        free_cloud(&s->panes[p]);
        for (int i = 0; i < SCENE_MAX_RUNS; i++) {
            if (s->panes[p].runs[i].opt) {
                run_free(&s->panes[p].runs[i]);
            }
        }
        landscape_typed_destroy(s->panes[p].typed);
        s->panes[p].typed = NULL;
        free(s->panes[p].basins);
        s->panes[p].basins = NULL;
    }
    free(s->sweep);
    s->sweep = NULL;
    free(s->surface_maps);
    s->surface_maps = NULL;
    s->n_panes = 0;
}

void session_scene(const Session *s, SceneDesc *out)
{
    *out = s->scene;
    out->n_panes = s->n_panes;
    out->speed = s->speed;
    out->table_tol = s->f_tol != SCENE_DEFAULT_TABLE_TOL ? s->f_tol : 0.0;
    for (int p = 0; p < s->n_panes; p++) {
        out->panes[p] = s->panes[p].desc;
        if (out->panes[p].typed.text[0]) {
            out->panes[p].ls = NULL; /* the session's instance: a new session makes its own */
        }
    }
}

void session_layout_pane(Session *s, int p, int w, int h, int left, int bottom)
{
    Pane *pane = &s->panes[p];
    w = w > 1 ? w : 1;
    h = h > 1 ? h : 1;
    bool changed = pane->view.w != w || pane->view.h != h || pane->inset_left != left ||
                   pane->inset_bottom != bottom;
    pane->inset_left = left;
    pane->inset_bottom = bottom;
    if (!pane->has_view || (changed && !pane->view_moved)) {
        /* Until the lecturer pans or zooms, every new size shows the whole home window. */
        pane->view = view_fit_inset(&pane->home, w, h, left, bottom);
        pane->has_view = true;
    } else if (pane->view.w != w || pane->view.h != h) {
        view_resize(&pane->view, w, h);
    }
}

void session_reset_view(Session *s, int p)
{
    for (int q = 0; q < s->n_panes; q++) {
        if (q == p || s->scene.link) {
            Pane *pane = &s->panes[q];
            pane->has_view = false;
            pane->view_moved = false;
            session_layout_pane(s, q, pane->view.w, pane->view.h, pane->inset_left,
                                pane->inset_bottom);
        }
    }
}

void session_pick(const Session *s, int p, double sx, double sy, double *x, double *y)
{
    view_screen_to_world(&s->panes[p].view, sx, sy, x, y);
}

void session_set_start(Session *s, int p, double x, double y, bool keep_clock)
{
    if (!isfinite(x) || !isfinite(y)) {
        return;
    }
    if (!keep_clock) {
        s->step = 0;
        s->pending = 0.0;
    }
    for (int q = 0; q < s->n_panes; q++) {
        if (q != p && !s->scene.link) {
            continue;
        }
        Pane *pane = &s->panes[q];
        pane->desc.start[0] = x;
        pane->desc.start[1] = y;
        for (int i = 0; i < pane->desc.n_runs; i++) {
            run_restart(&pane->runs[i], x, y);
            for (int c = 0; c < pane->cloud_k; c++) {
                Run *copy = cloud_run(pane, i, c);
                if (copy) {
                    run_restart(copy, x, y);
                }
            }
        }
        replay_to(pane, s->step, replay_budget(s));
    }
    s->generation++;
}

bool session_apply(Session *s, int p, char *err, size_t errlen)
{
    if (s->panes[p].typed) {
        landscape_typed_set_values(s->panes[p].typed, &s->panes[p].desc.typed);
    }
    bool ok = build_runs(&s->panes[p], s->step, replay_budget(s), err, errlen);
    s->generation++;
    return ok;
}

/* Whether text names word, ignoring ASCII case ("Gradient descent on a bowl", "Bowl"). */
static bool names(const char *text, const char *word)
{
    size_t n = strlen(word);
    if (n == 0)
        return false;
    for (const char *t = text; *t; t++) {
        size_t k = 0;
        while (k < n && t[k] && tolower((unsigned char)t[k]) == tolower((unsigned char)word[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* Puts ls (and typed, the pane's new instance or NULL) in pane p at ls's start and home
 * view; on failure everything stays as it was and typed is destroyed. */
static bool session_swap_landscape(Session *s, int p, const Landscape *ls, LandscapeTyped *typed,
                                   const LandscapeTypedDesc *td, char *err, size_t errlen)
{
    Pane *pane = &s->panes[p];
    PaneDesc *before = malloc(sizeof *before);
    if (!before) {
        landscape_typed_destroy(typed);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    *before = pane->desc;
    const Landscape *old_ls = pane->desc.ls;
    PaneRates rates_before = pane->rates;
    int from = (int)pane->desc.ls->lid;
    LandscapeTyped *old = pane->typed;
    bool same_kind = (old != NULL) == (typed != NULL);
    pane->desc.ls = ls;
    pane->desc.typed = td ? *td : (LandscapeTypedDesc){ 0 };
    pane->typed = typed;
    if (!same_kind || !typed) {
        /* A typed function replaced by another keeps the lecturer's start and view. */
        pane->desc.start[0] = ls->start[0];
        pane->desc.start[1] = ls->start[1];
        pane->desc.has_view = false;
    }
    rates_swap(pane, from);
    if (!session_apply(s, p, err, errlen)) {
        pane->desc = *before;
        pane->rates = rates_before;
        pane->typed = old;
        landscape_typed_destroy(typed);
        free(before);
        return false;
    }
    free(before);
    landscape_typed_destroy(old);
    if (same_kind && typed) {
        return true;
    }
    pane->home = home_of(&pane->desc);
    pane->has_view = false;
    pane->view_moved = false;
    session_layout_pane(s, p, pane->view.w, pane->view.h, pane->inset_left, pane->inset_bottom);
    /* The slide's caption described the landscape it had: it no longer holds; nor does a
     * title that names it ("Gradient descent on a bowl" over Rosenbrock). */
    s->scene.caption[0] = '\0';
    if (old_ls && (names(s->scene.title, old_ls->name) || names(s->scene.title, old_ls->id)))
        snprintf(s->scene.title, sizeof s->scene.title, "%s", ls->name);
    return true;
}

bool session_set_landscape(Session *s, int p, const Landscape *ls, char *err, size_t errlen)
{
    return session_swap_landscape(s, p, ls, NULL, NULL, err, errlen);
}

bool session_set_typed(Session *s, int p, const LandscapeTypedDesc *td, ExprError *xe,
                       char *err, size_t errlen)
{
    LandscapeTyped *t = landscape_typed_create(td, xe);
    if (!t) {
        snprintf(err, errlen, "%s", xe->message);
        return false;
    }
    if (!session_swap_landscape(s, p, &t->ls, t, td, err, errlen)) {
        *xe = (ExprError){ .column = 0 };
        snprintf(xe->message, sizeof xe->message, "%s", err);
        return false;
    }
    return true;
}

bool session_add_run(Session *s, int p, OptimKind kind, char *err, size_t errlen)
{
    Pane *pane = &s->panes[p];
    int n = pane->desc.n_runs;
    if (n == SCENE_MAX_RUNS) {
        snprintf(err, errlen, "at most %d runs in a pane", SCENE_MAX_RUNS);
        return false;
    }
    /* A new run shares the pane's stochastic settings, so an SGD pane stays stochastic. */
    RunDesc d = run_desc_default(kind);
    d.opt.lr = spec_default_lr(pane->desc.ls, pane->desc.start, &d.opt);
    rates_follow(&pane->rates, n, d.opt.lr);
    if (n > 0) {
        d.batch = pane->desc.runs[0].batch;
        d.noise = pane->desc.runs[0].noise;
        d.seed = pane->desc.runs[0].seed;
    }
    pane->desc.runs[n] = d;
    /* The new run takes the first color no other run of the pane has. */
    unsigned used = 0;
    for (int i = 0; i < n; i++)
        used |= 1u << pane->color[i];
    unsigned char c = 0;
    while (c < SCENE_MAX_RUNS - 1 && (used >> c) & 1u)
        c++;
    pane->color[n] = c;
    pane->desc.n_runs = n + 1;
    pane->enabled[n] = true;
    if (!session_apply(s, p, err, errlen)) {
        pane->desc.n_runs = n;
        return false;
    }
    return true;
}

bool session_set_optimizer(Session *s, int p, int r, OptimKind kind, char *err, size_t errlen)
{
    Pane *pane = &s->panes[p];
    assert(r >= 0 && r < pane->desc.n_runs);
    RunDesc *d = &pane->desc.runs[r];
    RunDesc was = *d;
    PaneRates rates_before = pane->rates;
    d->opt = optim_desc_default(kind);
    d->opt.lr = spec_default_lr(pane->desc.ls, pane->desc.start, &d->opt);
    rates_follow(&pane->rates, r, d->opt.lr);
    if (!session_apply(s, p, err, errlen)) {
        *d = was;
        pane->rates = rates_before;
        return false;
    }
    return true;
}

void session_remove_run(Session *s, int p, int r)
{
    Pane *pane = &s->panes[p];
    int n = pane->desc.n_runs;
    if (r < 0 || r >= n || n == 1) {
        return; /* a pane keeps at least one run */
    }
    int k = pane->cloud_k;
    free_cloud(pane);
    run_free(&pane->runs[r]);
    for (int i = r; i < n - 1; i++) {
        pane->runs[i] = pane->runs[i + 1];
        pane->desc.runs[i] = pane->desc.runs[i + 1];
        pane->enabled[i] = pane->enabled[i + 1];
        pane->color[i] = pane->color[i + 1];
        pane->rates.given[i] = pane->rates.given[i + 1];
        memcpy(pane->rates.memo[i], pane->rates.memo[i + 1], sizeof pane->rates.memo[i]);
        memcpy(pane->rates.memo_kind[i], pane->rates.memo_kind[i + 1],
               sizeof pane->rates.memo_kind[i]);
    }
    rates_follow(&pane->rates, n - 1, (double)NAN);
    pane->runs[n - 1] = (Run){ 0 };
    pane->enabled[n - 1] = true;
    pane->desc.n_runs = n - 1;
    if (s->selected_pane == p && s->selected_run >= n - 1) {
        s->selected_run = n - 2;
    }
    build_cloud(pane, k, s->step, replay_budget(s));
    s->generation++;
}

void session_restart(Session *s)
{
    s->step = 0;
    s->pending = 0.0;
    for (int p = 0; p < s->n_panes; p++) {
        Pane *pane = &s->panes[p];
        for (int i = 0; i < pane->desc.n_runs; i++) {
            run_restart(&pane->runs[i], pane->desc.start[0], pane->desc.start[1]);
            for (int c = 0; c < pane->cloud_k; c++) {
                Run *copy = cloud_run(pane, i, c);
                if (copy) {
                    run_restart(copy, pane->desc.start[0], pane->desc.start[1]);
                }
            }
        }
    }
    s->generation++;
}

bool session_can_advance(const Session *s)
{
    if (s->step >= s->max_step) {
        return false;
    }
    for (int p = 0; p < s->n_panes; p++) {
        const Pane *pane = &s->panes[p];
        for (int i = 0; i < pane->desc.n_runs; i++) {
            if (pane->enabled[i] && pane->runs[i].stop == RUN_ACTIVE) {
                return true;
            }
        }
    }
    return false;
}

void session_step_forward(Session *s)
{
    if (s->step >= s->max_step) {
        return;
    }
    s->step++;
    for (int p = 0; p < s->n_panes; p++) {
        replay_to(&s->panes[p], s->step, replay_budget(s));
    }
}

void session_seek(Session *s, long k)
{
    /* Lazy, the steps from the checkpoint on to k are the budget's like any others. */
    bool (*back)(Run *, long) = s->lazy ? run_rewind_before : run_rewind;
    k = k < 0 ? 0 : k > s->max_step ? s->max_step : k;
    if (k < s->step) {
        for (int p = 0; p < s->n_panes; p++) {
            Pane *pane = &s->panes[p];
            for (int i = 0; i < pane->desc.n_runs; i++) {
                if (run_last_step(&pane->runs[i]) > k) {
                    back(&pane->runs[i], k);
                }
                for (int c = 0; c < pane->cloud_k; c++) {
                    Run *copy = cloud_run(pane, i, c);
                    if (copy && run_last_step(copy) > k) {
                        back(copy, k);
                    }
                }
            }
        }
        s->generation++;
    }
    s->step = k;
    for (int p = 0; p < s->n_panes; p++) {
        if (!s->lazy && s->threads > 1) {
            replay_parallel(&s->panes[p], k, s->threads);
        }
        replay_to(&s->panes[p], k, replay_budget(s));
    }
}

bool session_catch_up(Session *s)
{
    for (int p = 0; p < s->n_panes; p++) {
        replay_to(&s->panes[p], s->step, replay_budget(s));
    }
    return session_behind(s);
}

void session_step_back(Session *s)
{
    if (s->step > 0) {
        session_seek(s, s->step - 1);
    }
}

long session_advance(Session *s, double dt)
{
    if (!s->playing || !(dt > 0.0)) {
        return 0;
    }
    s->pending += s->speed * dt;
    long n = (long)floor(s->pending);
    s->pending -= (double)n;
    if (n > SESSION_MAX_STEPS_PER_ADVANCE) {
        n = SESSION_MAX_STEPS_PER_ADVANCE; /* a stalled frame must not freeze the next one */
    }
    long taken = 0;
    while (taken < n && session_can_advance(s)) {
        session_step_forward(s);
        taken++;
    }
    if (!session_can_advance(s)) {
        s->playing = false;
        s->pending = 0.0;
    }
    return taken;
}

void session_pan(Session *s, int p, double dx, double dy)
{
    for (int q = 0; q < s->n_panes; q++) {
        if (q == p || s->scene.link) {
            view_pan(&s->panes[q].view, dx, dy);
            s->panes[q].view_moved = true;
        }
    }
}

void session_zoom(Session *s, int p, double sx, double sy, double factor)
{
    for (int q = 0; q < s->n_panes; q++) {
        if (q == p || s->scene.link) {
            view_zoom_at(&s->panes[q].view, sx, sy, factor);
            s->panes[q].view_moved = true;
        }
    }
}

/* ---- The 3D mode -------------------------------------------------------------------- */

SurfaceMap session_surface_map(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    int levels = s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT;
    uint64_t fn = landscape_fingerprint(pane->desc.ls);
    SurfaceMapMemo *m = s->surface_maps ? &s->surface_maps[p] : NULL;
    if (m && m->valid && m->ls == pane->desc.ls && m->fn == fn && m->levels == levels &&
        m->linear == pane->linear_height && !memcmp(&m->home, &pane->home, sizeof m->home))
        return m->map;
    FieldScale fs = colormap_fit(pane->desc.ls, &pane->home, levels, 1.0f);
    SurfaceMap map = surface_map(&pane->home, &fs, pane->linear_height);
    if (m) {
        long fits = m->fits + 1;
        *m = (SurfaceMapMemo){true, pane->desc.ls, fn, pane->home, levels,
                              pane->linear_height, map, fits};
    }
    return map;
}

Camera3D session_camera(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    Camera3D c;
    if (pane->cam_moved) {
        c = pane->cam;
    } else {
        SurfaceMap m = session_surface_map(s, p);
        c = camera3d_default(&m);
    }
    memcpy(c.clear, pane->surface_clear, sizeof c.clear);
    return c;
}

/* The camera of pane p, ready to be moved. */
static Camera3D *session_camera_mut(Session *s, int p)
{
    Pane *pane = &s->panes[p];
    if (!pane->cam_moved) {
        pane->cam = session_camera(s, p);
        pane->cam_moved = true;
    }
    return &pane->cam;
}

void session_toggle_surface(Session *s, int p)
{
    s->panes[p].desc.surface = !s->panes[p].desc.surface;
}

void session_toggle_height(Session *s, int p)
{
    s->panes[p].linear_height = !s->panes[p].linear_height;
}

void session_orbit(Session *s, int p, double dx, double dy)
{
    camera3d_orbit(session_camera_mut(s, p), dx, dy);
}

void session_zoom_camera(Session *s, int p, double factor)
{
    camera3d_zoom(session_camera_mut(s, p), factor);
}

void session_pan_camera(Session *s, int p, int w, int h, double dx, double dy)
{
    camera3d_pan(session_camera_mut(s, p), w, h, dx, dy);
}

void session_reset_camera(Session *s, int p)
{
    s->panes[p].cam_moved = false;
}

bool session_pick_surface(const Session *s, int p, int w, int h, double sx, double sy,
                          double *x, double *y)
{
    SurfaceMap m = session_surface_map(s, p);
    Camera3D c = session_camera(s, p);
    return surface_pick(&m, s->panes[p].desc.ls, &c, w, h, sx, sy, x, y);
}
