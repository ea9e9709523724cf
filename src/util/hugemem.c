/* hugemem.c - large buffers in transparent huge pages (hugemem.h). */
/* For madvise(MADV_HUGEPAGE), beyond POSIX. */
#define _DEFAULT_SOURCE 1

#include "util/hugemem.h"

#include <stdlib.h>
#include <sys/mman.h>

void *hugemem_alloc(size_t n)
{
    enum { HUGE_PAGE = 2 << 20 };
    void *p = NULL;
    /* from half a huge page up, a whole one (a 1920x1080 byte mask is just under 2 MiB) */
    if (n < HUGE_PAGE / 2)
        return posix_memalign(&p, 64, n > 0 ? n : 1) == 0 ? p : NULL;
    size_t rounded = (n + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
    if (rounded < n || posix_memalign(&p, HUGE_PAGE, rounded) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE); /* advice only: failure just means small pages */
#endif
    return p;
}
