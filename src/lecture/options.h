/* options.h - the command line parsed into one desc struct, shared by the headless runner
 * and the window. Parsing never prints or exits: it returns false with a one-line message
 * that names the argument and what was expected. libc only. */
#ifndef LOSSLENS_OPTIONS_H
#define LOSSLENS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analysis/sweep.h"
#include "lecture/scene.h"
#include "landscape/landscape.h"
#include "run/run.h"

enum { OPTIONS_MAX_RUNS = SCENE_MAX_RUNS, OPTIONS_MAX_STEPS = SCENE_MAX_STEPS };

/* Everything the command line asks for. The landscape, view, start point and runs live in
 * `scene`: loaded from --scene FILE, or built from --landscape/--start/--view/--opt as a
 * single-pane scene (scene.panes[0]), so the window and the headless exports read one
 * SceneDesc whichever way it came. */
typedef struct {
    bool help, list;
    bool version;            /* --version: print "losslens X.Y.Z" */
    SceneDesc scene;         /* always valid after a successful parse: >= 1 pane, >= 1 run */
    const char *scene_path;  /* --scene FILE, or NULL */
    bool scene_default;      /* no --scene and no flag that describes the scene (--landscape,
                                --opt, --start, --view, --batch, ...): `scene` is the default
                                one, and the window opens the first lecture scene instead */
    long steps;              /* --steps, else the scene's steps, else 200 */
    const char *csv_path;    /* --csv FILE, "-" = stdout */
    const char *png_path;    /* --png FILE */
    const char *gif_path;    /* --gif FILE */
    int frames;              /* --frames N for --gif; default 60 */
    const char *save_scene_path; /* --save-scene FILE */
    bool plain;              /* --plain: no axes, legend or labels */
    bool surface3d;          /* --3d: every pane shows the surface in 3D (scene's mode = 3d) */
    int width, height;       /* --size WxH; default 1280x800 */
    bool play, fullscreen;   /* --play, --fullscreen */
    bool present;            /* --present: presenter mode */
    double ui_scale;         /* --ui-scale: multiplies the automatic UI scale; default 1 */
    double speed;            /* --speed, else the scene's speed, else 30 steps per second */
    const char *basin_path;  /* --basin FILE: the basin map as FILE.png and FILE.csv (a
                                trailing .png or .csv of FILE is dropped first) */
    const char *sweep_path;  /* --sweep FILE: the sweep as FILE.png and FILE.csv */
    SweepAxis sweep_x, sweep_y; /* --sweep-x, --sweep-y: parsed for the run's optimizer */
    int grid_w, grid_h;      /* --grid WxH for --basin and --sweep; default 200x200 */
} Options;

/* Parses argv[1..argc-1]. On false, err holds e.g.
 * "--start: expected X,Y with two finite numbers, got '1,abc'". */
bool options_parse(int argc, char **argv, Options *o, char *err, size_t errlen);

/* Text of --help: the flags, then the keys and mouse actions of the window. */
void options_print_usage(FILE *out);

#endif
