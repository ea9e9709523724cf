/* window_load.h - the window as main.c and report.c reach it. Everything that needs SDL2,
 * SDL2_ttf, OpenGL or X11 is the window module (window_module.h): on the desktop a shared
 * library that the program loads only when it opens a window or a message box
 * (window_load_native.c), so that --png, --gif and --csv never map those libraries (their
 * loading alone cost 25 ms of CPU); in the web page, and in the tests that drive the window,
 * the same module linked in (window_load_static.c).
 */
#ifndef LOSSLENS_WINDOW_LOAD_H
#define LOSSLENS_WINDOW_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/options.h"

/* Runs the window on o (app_window_run) and returns the process exit code; 1 with one
 * "losslens: ..." line on stderr when the module cannot be loaded. */
int app_window_launch(const Options *o);

/* Shows msg in a message box and waits for it to be closed; false with a message in err when
 * no box could be shown (the module not loaded, or no display). */
bool app_window_error_box(const char *msg, char *err, size_t errlen);

#endif
