/* window_load_static.c - window_load.h where the window module is linked in: the web page,
 * the module itself (its start-up errors) and the tests that drive the window.
 */
#include "app/window_load.h"
#include "app/window_module.h"

int app_window_launch(const Options *o)
{
    return app_window_module.run(o);
}

bool app_window_error_box(const char *msg, char *err, size_t errlen)
{
    return app_window_module.error_box(msg, err, errlen);
}
