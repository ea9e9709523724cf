/* platform_web.c - the web page's side of platform.h: hands exports and frames to the page's
 * JavaScript (assets/web/library.js), which downloads the file (and puts a scene's text into
 * the URL's fragment), counts the frames and at the first one takes the loading indicator down.
 */
#include "app/platform.h"

/* Implemented in assets/web/library.js (linked with --js-library). */
void losslens_web_exported(const char *path);
void losslens_web_frame(long frames);

void platform_exported(const char *path)
{
    losslens_web_exported(path);
}

void platform_frame_shown(long frames)
{
    losslens_web_frame(frames);
}

bool platform_enter_moves_pointer(void)
{
    return false; /* the browser's mouseenter comes with a real move */
}

void platform_tune_heap(void)
{
    /* emscripten's heap is its own: nothing to set. */
}
