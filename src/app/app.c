/* app.c - the scene the window and the export both draw: runs from the command line (or the
 * default trio gd / momentum / adam) and stepping them.
 */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

static const OptimKind APP_DEFAULT_RUNS[] = {OPTIM_GD, OPTIM_MOMENTUM, OPTIM_ADAM};

bool app_scene_init(AppScene *s, const Options *o, int w, int h, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    /* The first pane of the scene (multi-pane layouts are drawn pane by pane elsewhere). */
    const PaneDesc *pane = &o->scene.panes[0];
    s->ls = pane->ls ? pane->ls : landscape_at(0);
    s->start[0] = pane->start[0];
    s->start[1] = pane->start[1];
    s->home = pane->has_view ? pane->view : s->ls->view;
    s->view = view_fit(&s->home, w, h);
    s->levels = COLORMAP_LEVELS_DEFAULT;
    s->max_steps = o->steps > 0 ? o->steps : 200;
    s->plain = o->plain;
    RunDesc descs[OPTIONS_MAX_RUNS];
    int n = pane->n_runs < OPTIONS_MAX_RUNS ? pane->n_runs : OPTIONS_MAX_RUNS;
    if (n > 0) {
        memcpy(descs, pane->runs, sizeof(RunDesc) * (size_t)n);
    } else {
        n = (int)(sizeof APP_DEFAULT_RUNS / sizeof APP_DEFAULT_RUNS[0]);
        for (int i = 0; i < n; i++)
            descs[i] = run_desc_default(APP_DEFAULT_RUNS[i]);
    }
    for (int i = 0; i < n; i++) {
        if (!run_init(&s->runs[i], s->ls, &descs[i], s->start[0], s->start[1], err, errlen)) {
            for (int j = 0; j < i; j++)
                run_free(&s->runs[j]);
            s->n_runs = 0;
            return false;
        }
    }
    s->n_runs = n;
    return true;
}

void app_scene_free(AppScene *s)
{
    for (int i = 0; i < s->n_runs; i++)
        run_free(&s->runs[i]);
    s->n_runs = 0;
}

void app_scene_reset(AppScene *s)
{
    for (int i = 0; i < s->n_runs; i++)
        run_restart(&s->runs[i], s->start[0], s->start[1]);
}

long app_scene_step(AppScene *s, long k)
{
    long most = 0;
    for (int i = 0; i < s->n_runs; i++) {
        Run *run = &s->runs[i];
        long taken = 0;
        while (taken < k && run->n - 1 < s->max_steps && run_step(run))
            taken++;
        most = taken > most ? taken : most;
    }
    return most;
}

bool app_scene_done(const AppScene *s)
{
    for (int i = 0; i < s->n_runs; i++)
        if (s->runs[i].stop == RUN_ACTIVE && s->runs[i].n - 1 < s->max_steps)
            return false;
    return true;
}

RenderScene app_scene_render_desc(const AppScene *s)
{
    return (RenderScene){
        .ls = s->ls,
        .view = s->view,
        .levels = s->levels,
        .runs = s->runs,
        .n_runs = s->n_runs,
        .plain = s->plain,
        .max_steps = s->max_steps,
    };
}
