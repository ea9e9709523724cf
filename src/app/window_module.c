/* window_module.c - the table through which the program reaches the window module
 * (window_module.h): the window itself and SDL's message box. The only symbol the shared
 * module exports (window_module.map).
 */
#include "app/window_module.h"

#include <stdio.h>

#include <SDL.h>

#include "app/window.h"
#include "losslens_config.h"

/* SDL_ShowSimpleMessageBox works before SDL_Init and after SDL_Quit. */
static bool window_module_error_box(const char *msg, char *err, size_t errlen)
{
    if (SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "losslens", msg, NULL) == 0)
        return true;
    snprintf(err, errlen, "%s", SDL_GetError());
    return false;
}

const AppWindowModule app_window_module = {
    .table_size = sizeof(AppWindowModule),
    .options_size = sizeof(Options),
    .version = LOSSLENS_VERSION,
    .run = app_window_run,
    .error_box = window_module_error_box,
};
