/* hash.c - 64-bit FNV-1a (Fowler, Noll, Vo): the one hash behind the UI's widget ids, the
 * window's redraw keys and the minibatch overlay's cache key. */
#include "util/hash.h"

uint64_t hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3); /* the 64-bit FNV prime, 2^40 + 2^8 + 0xb3 */
    }
    return h;
}
