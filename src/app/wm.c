/* wm.c - see wm.h. X11 through SDL's window-manager info where SDL was built with it. */
#include "app/wm.h"

#include <SDL_syswm.h>

#if defined(SDL_VIDEO_DRIVER_X11) && defined(LOSSLENS_HAVE_X11)
#include <X11/Xlib.h>
#endif

bool wm_real_size(SDL_Window *win, int *w, int *h)
{
#if defined(SDL_VIDEO_DRIVER_X11) && defined(LOSSLENS_HAVE_X11)
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11)
        return false;
    XWindowAttributes a;
    if (!XGetWindowAttributes(info.info.x11.display, info.info.x11.window, &a))
        return false;
    *w = a.width;
    *h = a.height;
    return a.width > 0 && a.height > 0;
#else
    (void)win;
    (void)w;
    (void)h;
    return false;
#endif
}
