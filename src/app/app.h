/* app.h - what the window and the PNG export share: the runs built from the command line, the
 * view.
 */
#ifndef LOSSLENS_APP_H
#define LOSSLENS_APP_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "app/options.h"
#include "render/render.h"
#include "render/view.h"
#include "run/run.h"

typedef struct {
    const Landscape *ls;
    double start[2];
    ViewBox home;        /* the window the view fits: --view or the landscape's default */
    View view;
    int levels;
    Run runs[OPTIONS_MAX_RUNS];
    int n_runs;
    long max_steps;      /* o->steps */
    bool plain;
} AppScene;

/* Builds the runs of o (gd, momentum, adam with their defaults when o has none) at the start
 * point and fits the view to a w x h drawable. false with a message on failure (nothing
 * left allocated). */
bool app_scene_init(AppScene *s, const Options *o, int w, int h, char *err, size_t errlen);
void app_scene_free(AppScene *s);
/* Restarts every run at the start point. */
void app_scene_reset(AppScene *s);
/* Steps every run that is active and below max_steps up to k times; returns the largest
 * number of steps any run took (0 when all are done). */
long app_scene_step(AppScene *s, long k);
/* True when no run can take another step. */
bool app_scene_done(const AppScene *s);
/* The renderer's description of the scene. */
RenderScene app_scene_render_desc(const AppScene *s);

#endif
