/* window_load_native.c - window_load.h on the desktop: the window module is a shared library
 * (losslens-window.so) loaded on first use. It is looked for, first match wins, beside the
 * executable (the build tree), at the path meson computed from bindir to libdir/losslens
 * relative to the executable (a relocated or DESTDIR install), then in the configured
 * libdir/losslens; never through the working directory or LD_LIBRARY_PATH.
 */
#include "app/window_load.h"
#include "app/window_module.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "losslens_config.h"
#include "util/path.h"

/* Loads the module and checks its table; NULL with a message in err naming every place
 * looked at when none holds a usable one. */
static const AppWindowModule *window_load(char *err, size_t errlen)
{
    char exe[4096], dir[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    path_dirname(exe, dir, sizeof dir);
    char paths[3][8192];
    int np = 0;
    if (n > 0) {
        snprintf(paths[np++], sizeof paths[0], "%s/%s", dir, APP_WINDOW_MODULE_FILE);
        if (LOSSLENS_EXE_MODULE_REL[0])
            snprintf(paths[np++], sizeof paths[0], "%s/%s/%s", dir, LOSSLENS_EXE_MODULE_REL,
                     APP_WINDOW_MODULE_FILE);
    }
    snprintf(paths[np++], sizeof paths[0], "%s/%s", LOSSLENS_INSTALL_MODULE_DIR,
             APP_WINDOW_MODULE_FILE);
    for (int i = 0; i < np; i++) {
        if (access(paths[i], F_OK) != 0)
            continue;
        /* RTLD_LOCAL: the module's copy of the core stays its own. */
        void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            snprintf(err, errlen, "window module %s: %s", paths[i], dlerror());
            return NULL;
        }
        const AppWindowModule *m = dlsym(h, APP_WINDOW_MODULE_SYMBOL);
        if (m && m->table_size == sizeof *m && m->options_size == sizeof(Options) &&
            strcmp(m->version, LOSSLENS_VERSION) == 0)
            return m; /* never unloaded: the process ends with the window */
        dlclose(h);
        snprintf(err, errlen, "window module %s: not the module of losslens %s", paths[i],
                 LOSSLENS_VERSION);
        return NULL;
    }
    snprintf(err, errlen, "window module %s not found (looked in %s%s%s%s%s)",
             APP_WINDOW_MODULE_FILE, paths[0], np > 1 ? ", " : "", np > 1 ? paths[1] : "", np > 2 ? ", " : "",
             np > 2 ? paths[2] : "");
    return NULL;
}

int app_window_launch(const Options *o)
{
    char err[4096];
    const AppWindowModule *m = window_load(err, sizeof err);
    if (!m) {
        fprintf(stderr, "losslens: %s\n", err);
        return 1;
    }
    return m->run(o);
}

bool app_window_error_box(const char *msg, char *err, size_t errlen)
{
    const AppWindowModule *m = window_load(err, errlen);
    return m && m->error_box(msg, err, errlen);
}
