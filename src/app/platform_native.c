/* platform_native.c - the desktop side of platform.h: an export stays where it was written
 * (the window's notice says where) and there is no page to tell about frames.
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
