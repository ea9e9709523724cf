/* window_module.h - the window module's one entry point: a table of what the program calls in
 * it (window_load.h). On the desktop the module is a shared library loaded with dlopen, which
 * looks up APP_WINDOW_MODULE_SYMBOL; the table's sizes and version let the loader refuse a
 * module built from other sources (a stale install) instead of passing it an Options it
 * would misread.
 */
#ifndef LOSSLENS_WINDOW_MODULE_H
#define LOSSLENS_WINDOW_MODULE_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/options.h"

#define APP_WINDOW_MODULE_SYMBOL "app_window_module"
/* The module's file name: beside the executable in the build tree, in libdir/losslens when
 * installed (meson.build). */
#define APP_WINDOW_MODULE_FILE "losslens-window.so"

typedef struct {
    size_t table_size, options_size; /* sizeof (AppWindowModule), sizeof (Options) */
    const char *version;             /* LOSSLENS_VERSION */
    int (*run)(const Options *o);    /* app_window_run */
    bool (*error_box)(const char *msg, char *err, size_t errlen);
} AppWindowModule;

extern const AppWindowModule app_window_module;

#endif
