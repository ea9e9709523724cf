/* platform_native.c - the desktop side of platform.h: an export stays where it was written
 * (the window's notice says where), there is no page to tell about frames, and X reports a
 * crossing into the window as a motion.
 */
#include "app/platform.h"

void platform_exported(const char *path)
{
    (void)path;
}

void platform_frame_shown(long frames)
{
    (void)frames;
}

bool platform_enter_moves_pointer(void)
{
    return true;
}
