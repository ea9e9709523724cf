/* report.c - a start-up error (bad flags, no OpenGL 3.3, missing data) on stderr and, for a
 * program started from the desktop's menu, in a message box as well: there, stderr goes to a
 * log nobody reads, and a window that never opens would say nothing at all. */
#include "app/report.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/window_load.h"
#include "util/desktop.h"

void app_report_startup_error(const char *msg)
{
    fprintf(stderr, "losslens: %s\n", msg);
    DesktopEnvBuf *b = malloc(sizeof *b);
    if (!b)
        return;
    desktop_env_read(b);
    bool box = desktop_wants_error_box(&b->env);
    free(b);
    char err[4096];
    if (box && !app_window_error_box(msg, err, sizeof err))
        fprintf(stderr, "losslens: cannot show the message box: %s\n", err);
}
