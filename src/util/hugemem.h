/* hugemem.h - memory for large buffers (images, scratch, compressed output) in transparent
 * huge pages where the kernel offers them. On this project's virtual machines a fresh 4 KiB
 * page costs 20-40 us to fault in: a 1920x1080 canvas took ~2000 faults (40-80 ms) against
 * ~1 ms for four 2 MiB pages. libc only (madvise is advice: where it fails, small pages).
 */
#ifndef LOSSLENS_HUGEMEM_H
#define LOSSLENS_HUGEMEM_H

#include <stddef.h>

/* n bytes, not cleared, aligned to 64 bytes; in huge pages (n rounded up to whole 2 MiB
 * pages) from 1 MiB up.
 * Released with free(); NULL when out of memory. */
void *hugemem_alloc(size_t n);

#endif
