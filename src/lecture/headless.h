/* headless.h - the runs without a window: --list, --csv, and stepping every run of the
 * options to its last step for figure export. libc only. */
#ifndef LOSSLENS_HEADLESS_H
#define LOSSLENS_HEADLESS_H

#include <stdio.h>

#include "analysis/basin.h"
#include "lecture/options.h"
#include "run/run.h"

/* One line each: "landscape <id>" then "optimizer <id>". */
void headless_list(FILE *out);

/* How many runs the scene holds, over all panes. */
int headless_run_count(const Options *o);

/* Binds every typed pane of s (typed.text set, ls NULL) to a new instance of its function:
 * owned[k] for pane k (NULL for the others), pane->ls set to it. Free with
 * headless_free_typed after the last use of the runs on them. false with err on bad text
 * or out of memory (nothing left allocated). */
bool headless_bind_typed(SceneDesc *s, LandscapeTyped *owned[SCENE_MAX_PANES], char *err,
                         size_t len);
void headless_free_typed(LandscapeTyped *owned[SCENE_MAX_PANES]);
/* Sets up every run of every pane of o->scene (its typed panes bound first, with
 * headless_bind_typed) at its pane's start, in scene order, and steps each to o->steps (or
 * until it stops). runs has room for headless_run_count(o); on failure frees what it made
 * and fills err. */
bool headless_run_all(const Options *o, Run *runs, char *err, size_t len);

/* "run 0 adam: 200 steps, loss 0.0123 at (0.1, -0.2), converged at step 57" */
void headless_summary(const Run *run, int index, char *buf, size_t len);

/* The CSV header line, and the rows of one run (steps 0..n-1) as run number index; false
 * on a write error. */
bool headless_csv_header(FILE *f);
bool headless_csv_rows(FILE *f, const Run *run, int index);

/* Writes every run's trajectory (runs numbered across panes) to o->csv_path ("-": stdout)
 * with the header run,optimizer,step,x,y,loss,grad_x,grad_y,grad_evals,loss_evals and numbers
 * in %.17g (the evaluation counts are the run's totals up to that step); one summary line per
 * run on err_out. A file is written to a temporary name and renamed at the end, so a failure
 * never leaves a partial or truncated file. Returns the exit code (0, or 1 after a message). */
int headless_write_csv(const Options *o, FILE *err_out);

/* Writes a w x h RGBA image (top row first) to path; false with err. The app passes the PNG
 * writer of the render layer. */
typedef bool (*HeadlessPngFn)(const char *path, int w, int h, const unsigned char *rgba,
                              char *err, size_t len);

/* --basin: the map of the scene's one run over its pane's view (--view as given, else the
 * landscape's) on o->grid_w x o->grid_h starts, o->steps steps: BASE.png through png and
 * BASE.csv (header x,y,end_x,end_y,loss,steps,status, numbers %.17g, top row first, left
 * to right), BASE = o->basin_path without a trailing .png or .csv. One line on err_out
 * with the counts and the time. Returns the exit code (0, or 1 after a message). */
int headless_write_basin(const Options *o, HeadlessPngFn png, FILE *err_out);
/* --sweep: the same for o->sweep_x x o->sweep_y from the pane's start: BASE.png and BASE.csv
 * (header x_value,y_value,steps,status,loss). */
int headless_write_sweep(const Options *o, HeadlessPngFn png, FILE *err_out);

/* Writes o->scene (with o->steps and o->speed) to o->save_scene_path; reopening it with
 * --scene gives the same trajectories bit for bit. Returns the exit code. */
int headless_save_scene(const Options *o, FILE *err_out);

#endif
