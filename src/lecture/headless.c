/* headless.c - --list, --csv and stepping runs for export: everything the command line does
 * without a window. */
#include "lecture/headless.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/sweep.h"
#include "lecture/basinview.h"
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
    if (run->stop == RUN_ACTIVE && run_last_step(run) != o->steps) {
        snprintf(err, len, "out of memory after %ld steps", run_last_step(run));
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
    const TrajPoint *last = run_last(run);
    char status[64];
    run_status_text(run, status, sizeof status);
    snprintf(buf, len, "run %d %s: %ld steps, loss %.6g at (%.6g, %.6g)%s%s", index,
             optim_vtable(run->desc.opt.kind)->id, run_last_step(run), last->loss, last->x, last->y,
             status[0] ? ", " : "", status);
}

bool headless_csv_header(FILE *f)
{
    return fprintf(f, "run,optimizer,step,x,y,loss,grad_x,grad_y,grad_evals,loss_evals\n") >=
           0;
}

typedef struct {
    FILE *f;
    int index;
    const char *id;
} CsvRows;

static bool csv_row(void *ctx, const TrajPoint *p)
{
    const CsvRows *c = ctx;
    return fprintf(c->f, "%d,%s,%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%ld,%ld\n", c->index, c->id,
                   p->step, p->x, p->y, p->loss, p->gx, p->gy, p->grad_evals,
                   p->loss_evals) >= 0;
}

bool headless_csv_rows(FILE *f, const Run *run, int index)
{
    CsvRows c = { f, index, optim_vtable(run->desc.opt.kind)->id };
    return run_each_point(run, csv_row, &c);
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

/* ---- --basin and --sweep -------------------------------------------------------------- */

/* BASE.ext for FILE (a trailing .png or .csv of FILE dropped); false when too long. */
static bool map_path(const char *file, const char *ext, char *out, size_t len)
{
    size_t n = strlen(file);
    if (n > 4 && (strcmp(file + n - 4, ".png") == 0 || strcmp(file + n - 4, ".csv") == 0))
        n -= 4;
    return snprintf(out, len, "%.*s%s", (int)n, file, ext) < (int)len;
}

static double map_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A map's rows as CSV (basin: starts and ends; sweep: the axes' values) to BASE.csv. */
typedef struct {
    const BasinDesc *basin; /* or */
    const SweepDesc *sweep;
} MapRows;

static bool map_write_csv(const char *path, const MapRows *m, const BasinCell *cells,
                          char *err, size_t len)
{
    OutFile out;
    if (!outfile_open(&out, path, false, err, len))
        return false;
    errno = 0;
    int w = m->basin ? m->basin->w : m->sweep->w, h = m->basin ? m->basin->h : m->sweep->h;
    bool ok = fputs(m->basin ? "x,y,end_x,end_y,loss,steps,status\n"
                             : "x_value,y_value,steps,status,loss\n", out.f) >= 0;
    for (int j = 0; ok && j < h; j++) {
        for (int i = 0; ok && i < w; i++) {
            const BasinCell *c = &cells[(size_t)j * w + i];
            const char *st = basin_status_name(c->status);
            if (m->basin) {
                double x, y;
                basin_start(m->basin, i, j, &x, &y);
                ok = fprintf(out.f, "%.17g,%.17g,%.17g,%.17g,%.17g,%ld,%s\n", x, y, c->end_x,
                             c->end_y, c->loss, c->steps, st) >= 0;
            } else {
                const SweepDesc *d = m->sweep;
                ok = fprintf(out.f, "%.17g,%.17g,%ld,%s,%.17g\n",
                             sweep_axis_value(&d->x, i, d->w, false),
                             sweep_axis_value(&d->y, j, d->h, true), c->steps, st,
                             c->loss) >= 0;
            }
        }
    }
    if (!ok) {
        int e = errno ? errno : EIO;
        outfile_abort(&out);
        snprintf(err, len, "cannot write '%s': %s", path, strerror(e));
        return false;
    }
    return outfile_commit(&out, err, len);
}

/* The pane's function (typed ones compiled into *typed, freed by the caller). */
static const Landscape *map_landscape(const PaneDesc *pane, LandscapeTyped **typed, char *err,
                                      size_t len)
{
    *typed = NULL;
    if (pane->ls)
        return pane->ls;
    ExprError xe;
    *typed = landscape_typed_create(&pane->typed, &xe);
    if (!*typed) {
        snprintf(err, len, "expr: %s", xe.message);
        return NULL;
    }
    return &(*typed)->ls;
}

/* Writes the image and the CSV of a computed map; returns the exit code. */
static int map_write(const char *flag, const char *file, const MapRows *m,
                     const BasinCell *cells, const int *hue, long steps, HeadlessPngFn png,
                     FILE *err_out)
{
    int w = m->basin ? m->basin->w : m->sweep->w, h = m->basin ? m->basin->h : m->sweep->h;
    char png_path[OUTFILE_PATH_MAX], csv_path[OUTFILE_PATH_MAX], msg[OUTFILE_PATH_MAX + 200];
    if (!map_path(file, ".png", png_path, sizeof png_path) ||
        !map_path(file, ".csv", csv_path, sizeof csv_path)) {
        fprintf(err_out, "losslens: %s: the path '%s' is too long\n", flag, file);
        return 1;
    }
    unsigned char *rgba = malloc((size_t)w * h * 4);
    if (!rgba) {
        fprintf(err_out, "losslens: %s: out of memory\n", flag);
        return 1;
    }
    basinview_image(cells, w, h, steps, hue, m->sweep != NULL, rgba);
    bool ok = png(png_path, w, h, rgba, msg, sizeof msg);
    free(rgba);
    if (ok && !map_write_csv(csv_path, m, cells, msg, sizeof msg)) {
        remove(png_path); /* both files or neither */
        ok = false;
    }
    if (!ok) {
        fprintf(err_out, "losslens: %s: %s\n", flag, msg);
        return 1;
    }
    return 0;
}

static void map_counts(const BasinCell *cells, size_t n, long counts[BASIN_STATUS_COUNT])
{
    for (int s = 0; s < BASIN_STATUS_COUNT; s++)
        counts[s] = 0;
    for (size_t k = 0; k < n; k++)
        counts[cells[k].status]++;
}

int headless_write_basin(const Options *o, HeadlessPngFn png, FILE *err_out)
{
    const PaneDesc *pane = &o->scene.panes[0];
    char msg[512];
    LandscapeTyped *typed;
    const Landscape *ls = map_landscape(pane, &typed, msg, sizeof msg);
    if (!ls) {
        fprintf(err_out, "losslens: %s\n", msg);
        return 1;
    }
    CriticalPoint minima[BASIN_MAX_MINIMA];
    BasinDesc d = {.ls = ls, .run = pane->runs[0], .steps = o->steps,
                   .view = pane->has_view ? pane->view : ls->lid == LANDSCAPE_TYPED
                                                             ? LANDSCAPE_TYPED_VIEW : ls->view,
                   .w = o->grid_w, .h = o->grid_h, .minima = minima};
    d.n_minima = basin_minima(ls, d.view, minima, BASIN_MAX_MINIMA);
    int hue[BASIN_MAX_MINIMA];
    basinview_hues(minima, d.n_minima, hue);
    BasinCell *cells = malloc((size_t)d.w * d.h * sizeof *cells);
    double t0 = map_now_s();
    bool ok = cells && basin_compute(&d, cells, msg, sizeof msg);
    double dt = map_now_s() - t0;
    int rc = 1;
    if (!ok) {
        fprintf(err_out, "losslens: --basin: %s\n", cells ? msg : "out of memory");
    } else {
        long n[BASIN_STATUS_COUNT];
        map_counts(cells, (size_t)d.w * d.h, n);
        fprintf(err_out, "basin %dx%d, %ld steps, %d minima: %ld converged, %ld diverged, "
                "%ld running (%.3f s)\n", d.w, d.h, d.steps, d.n_minima, n[BASIN_CONVERGED],
                n[BASIN_DIVERGED], n[BASIN_RUNNING], dt);
        rc = map_write("--basin", o->basin_path, &(MapRows){.basin = &d}, cells, hue, d.steps,
                       png, err_out);
    }
    free(cells);
    landscape_typed_destroy(typed);
    return rc;
}

int headless_write_sweep(const Options *o, HeadlessPngFn png, FILE *err_out)
{
    const PaneDesc *pane = &o->scene.panes[0];
    char msg[512];
    LandscapeTyped *typed;
    const Landscape *ls = map_landscape(pane, &typed, msg, sizeof msg);
    if (!ls) {
        fprintf(err_out, "losslens: %s\n", msg);
        return 1;
    }
    SweepDesc d = {.ls = ls, .run = pane->runs[0], .start = {pane->start[0], pane->start[1]},
                   .steps = o->steps, .x = o->sweep_x, .y = o->sweep_y, .w = o->grid_w,
                   .h = o->grid_h};
    BasinCell *cells = malloc((size_t)d.w * d.h * sizeof *cells);
    double t0 = map_now_s();
    bool ok = cells && sweep_compute(&d, cells, msg, sizeof msg);
    double dt = map_now_s() - t0;
    int rc = 1;
    if (!ok) {
        fprintf(err_out, "losslens: --sweep: %s\n", cells ? msg : "out of memory");
    } else {
        long n[BASIN_STATUS_COUNT];
        map_counts(cells, (size_t)d.w * d.h, n);
        fprintf(err_out, "sweep %s x %s, %dx%d, %ld steps: %ld converged, %ld diverged, "
                "%ld running (%.3f s)\n", sweep_axis_key(&d.x), sweep_axis_key(&d.y), d.w,
                d.h, d.steps, n[BASIN_CONVERGED], n[BASIN_DIVERGED], n[BASIN_RUNNING], dt);
        rc = map_write("--sweep", o->sweep_path, &(MapRows){.sweep = &d}, cells, NULL,
                       d.steps, png, err_out);
    }
    free(cells);
    landscape_typed_destroy(typed);
    return rc;
}
