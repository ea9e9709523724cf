/* options.h - the command line parsed into one desc struct, shared by the headless runner
 * and the window. Parsing never prints or exits: it returns false with a one-line message
 * that names the argument and what was expected. libc only. */
#ifndef LOSSLENS_OPTIONS_H
#define LOSSLENS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "run/run.h"

enum { OPTIONS_MAX_RUNS = 16, OPTIONS_MAX_STEPS = 10000000 };

typedef struct {
    bool help, list;
    const Landscape *ls;     /* --landscape; default bowl */
    double start[2];         /* --start; default ls->start */
    bool has_start;
    long steps;              /* --steps; default 200 */
    RunDesc runs[OPTIONS_MAX_RUNS]; /* --opt, in order */
    int n_runs;              /* >= 1: without --opt, gd, momentum and adam */
    const char *csv_path;    /* --csv FILE, "-" = stdout */
    const char *png_path;    /* --png FILE */
    bool plain;              /* --plain: no axes, legend or labels */
    int width, height;       /* --size WxH; default 1280x800 */
    ViewBox view;            /* --view XMIN,XMAX,YMIN,YMAX */
    bool has_view;
    bool play, fullscreen;   /* --play, --fullscreen */
    double speed;            /* --speed steps per second; default 30 */
    RunDesc base_run;        /* global --batch/--noise/--seed/--schedule/--tol settings */
} Options;

/* Parses argv[1..argc-1]. On false, err holds e.g.
 * "--start: expected X,Y with two finite numbers, got '1,abc'". */
bool options_parse(int argc, char **argv, Options *o, char *err, size_t errlen);

/* Text of --help. */
const char *options_usage(void);

#endif
