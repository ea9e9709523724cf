/* headless.c - --list, --csv and stepping runs for export: everything the command line does
 * without a window. */
#include "lecture/headless.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/outfile.h"

void headless_list(FILE *out)
{
    for (int i = 0; i < LANDSCAPE_COUNT; i++) {
        fprintf(out, "landscape %s\n", landscape_at(i)->id);
    }
    for (int i = 0; i < OPTIM_COUNT; i++) {
        fprintf(out, "optimizer %s\n", optim_vtable((OptimKind)i)->id);
    }
}

bool headless_bind_typed(SceneDesc *s, LandscapeTyped *owned[SCENE_MAX_PANES], char *err,
                         size_t len)
{
    for (int k = 0; k < SCENE_MAX_PANES; k++) {
        owned[k] = NULL;
    }
    for (int k = 0; k < s->n_panes; k++) {
        PaneDesc *pane = &s->panes[k];
        if (!pane->typed.text[0]) {
            continue;
        }
        ExprError xe;
        owned[k] = landscape_typed_create(&pane->typed, &xe);
        if (!owned[k]) {
            snprintf(err, len, "pane %d: expr: %s", k + 1, xe.message);
            headless_free_typed(owned);
            return false;
        }
        pane->ls = &owned[k]->ls;
    }
    return true;
}

void headless_free_typed(LandscapeTyped *owned[SCENE_MAX_PANES])
{
    for (int k = 0; k < SCENE_MAX_PANES; k++) {
        landscape_typed_destroy(owned[k]);
        owned[k] = NULL;
    }
}

static bool run_to_end(const Options *o, const Landscape *ls, const PaneDesc *pane,
                       const RunDesc *desc, Run *run, char *err, size_t len)
{
    assert(ls);
    if (!run_init(run, ls, desc, pane->start[0], pane->start[1], err, len)) {
        return false;
    }
    for (long k = 0; k < o->steps && run_step(run); k++) {
    }
    if (run->stop == RUN_ACTIVE && run->n != o->steps + 1) {
        snprintf(err, len, "out of memory after %ld steps", run->n - 1);
        run_free(run);
        return false;
    }
    return true;
}

int headless_run_count(const Options *o)
{
    int n = 0;
    for (int k = 0; k < o->scene.n_panes; k++) {
        n += o->scene.panes[k].n_runs;
    }
    return n;
}

bool headless_run_all(const Options *o, Run *runs, char *err, size_t len)
{
    int made = 0;
    for (int k = 0; k < o->scene.n_panes; k++) {
        const PaneDesc *pane = &o->scene.panes[k];
        for (int r = 0; r < pane->n_runs; r++) {
            if (!run_to_end(o, pane->ls, pane, &pane->runs[r], &runs[made], err, len)) {
                while (made-- > 0) {
                    run_free(&runs[made]);
                }
                return false;
            }
            made++;
        }
    }
    return true;
}

void headless_summary(const Run *run, int index, char *buf, size_t len)
{
    const TrajPoint *last = &run->pts[run->n - 1];
    char status[64];
    run_status_text(run, status, sizeof status);
    snprintf(buf, len, "run %d %s: %ld steps, loss %.6g at (%.6g, %.6g)%s%s", index,
             optim_vtable(run->desc.opt.kind)->id, run->n - 1, last->loss, last->x, last->y,
             status[0] ? ", " : "", status);
}

bool headless_csv_header(FILE *f)
{
    return fprintf(f, "run,optimizer,step,x,y,loss,grad_x,grad_y,grad_evals,loss_evals\n") >=
           0;
}

bool headless_csv_rows(FILE *f, const Run *run, int index)
{
    const char *id = optim_vtable(run->desc.opt.kind)->id;
    for (long k = 0; k < run->n; k++) {
        const TrajPoint *p = &run->pts[k];
        if (fprintf(f, "%d,%s,%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%ld,%ld\n", index, id, k, p->x,
                    p->y, p->loss, p->gx, p->gy, p->grad_evals, p->loss_evals) < 0) {
            return false;
        }
    }
    return true;
}

int headless_write_csv(const Options *o, FILE *err_out)
{
    OutFile out;
    char msg[512];
    if (!outfile_open(&out, o->csv_path, true, msg, sizeof msg)) {
        fprintf(err_out, "losslens: --csv: %s\n", msg);
        return 1;
    }
    errno = 0;
    bool ok = headless_csv_header(out.f);
    int write_errno = ok ? 0 : errno;
    /* One run at a time, so memory holds a single trajectory however many runs there are.
     * Runs are numbered across panes in scene order. */
    int index = 0;
    for (int k = 0; ok && k < o->scene.n_panes; k++) {
        const PaneDesc *pane = &o->scene.panes[k];
        const Landscape *ls = pane->ls;
        LandscapeTyped *typed = NULL;
        if (!ls) {
            ExprError xe;
            typed = landscape_typed_create(&pane->typed, &xe);
            if (!typed) {
                fprintf(err_out, "losslens: expr: %s\n", xe.message);
                outfile_abort(&out);
                return 1;
            }
            ls = &typed->ls;
        }
        for (int r = 0; ok && r < pane->n_runs; r++, index++) {
            Run run;
            if (!run_to_end(o, ls, pane, &pane->runs[r], &run, msg, sizeof msg)) {
                fprintf(err_out, "losslens: %s\n", msg);
                outfile_abort(&out);
                landscape_typed_destroy(typed);
                return 1;
            }
            ok = headless_csv_rows(out.f, &run, index);
            write_errno = ok ? 0 : errno;
            headless_summary(&run, index, msg, sizeof msg);
            fprintf(err_out, "%s\n", msg);
            run_free(&run);
        }
        landscape_typed_destroy(typed);
    }
    if (!ok) {
        outfile_abort(&out);
        fprintf(err_out, "losslens: --csv: cannot write '%s': %s\n", o->csv_path,
                strerror(write_errno ? write_errno : EIO));
        return 1;
    }
    if (!outfile_commit(&out, msg, sizeof msg)) {
        fprintf(err_out, "losslens: --csv: %s\n", msg);
        return 1;
    }
    return 0;
}

int headless_save_scene(const Options *o, FILE *err_out)
{
    SceneDesc s = o->scene;
    s.steps = o->steps;
    s.speed = o->speed;
    char err[512];
    if (!scene_save(o->save_scene_path, &s, err, sizeof err)) {
        fprintf(err_out, "losslens: --save-scene: %s\n", err);
        return 1;
    }
    return 0;
}
