/* window.h - the interactive window and the offscreen PNG export, both driven by the parsed
 * command line. These are the only entry points main.c needs from the SDL/GL side. */
#ifndef LOSSLENS_WINDOW_H
#define LOSSLENS_WINDOW_H

#include "app/options.h"

/* Opens the window on o's landscape, view and runs and returns the process exit code when
 * the user quits. Start-up failures (no OpenGL 3.3, missing shader or font) print one tagged
 * line to stderr and return 1. */
int app_window_run(const Options *o);

/* Renders o's landscape with every run drawn to its last step (o->steps) into an offscreen
 * framebuffer of o->width x o->height and writes o->png_path. Returns 0, or 1 after printing
 * one line naming the failure. */
int app_export_png(const Options *o);

#endif
