/* platform_native.c - the desktop side of platform.h: an export stays where it was written
 * (the window's notice says where), there is no page to tell about frames, X reports a
 * crossing into the window as a motion, and glibc's heap keeps what frames free.
 */
#include "app/platform.h"

#include <stdlib.h> /* defines __GLIBC__ where the C library is glibc */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

void platform_tune_heap(void)
{
#if defined(__GLIBC__)
    /* Measured on llvmpipe (bench_window quick, 2026-12-03): a drag's frame 15-16 -> 10.5 ms,
     * a key's pan 21-24 -> 12 ms; blocks below 32 MiB stay in the heap. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}
