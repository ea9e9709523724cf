/* platform.h - what the window does differently in a web page. The desktop program has
 * nothing more to do (platform_native.c); the page (platform_web.c with assets/web/library.js)
 * offers each export as a browser download, puts a saved scene into the URL's fragment (a
 * link that reopens what is on screen) and takes its loading indicator down at the first frame.
 */
#ifndef LOSSLENS_PLATFORM_H
#define LOSSLENS_PLATFORM_H

#include <stdbool.h>

/* After an export was written to path (relative to the current directory or absolute). */
void platform_exported(const char *path);

/* After the window drew and showed its frame number frames (1 for the first). */
void platform_frame_shown(long frames);

/* Whether entering the window comes with a motion of its own, to where the pointer crossed in,
 * that no hand made: the desktop's window systems send one when a window opens (or rises)
 * under a resting pointer; a page hears of the pointer only when it moves. */
bool platform_enter_moves_pointer(void);

/* Before the window's first frame: sets the C library's heap up for frames that allocate
 * and free large blocks (the software GL's buffers and bins): freed memory at the top of the
 * heap is kept for the next frame rather than handed back to the system and faulted in
 * again, page by page (glibc's mallopt: trim and top pad of tens of MiB). Nothing where the
 * heap is not glibc's. */
void platform_tune_heap(void);

#endif
