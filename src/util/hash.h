/* hash.h - one hash for every "has this changed?" key and every UI id: 64-bit FNV-1a over
 * bytes, chainable. libc only. Not for anything adversarial. */
#ifndef LOSSLENS_HASH_H
#define LOSSLENS_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a's 64-bit offset basis: the seed of a fresh hash. */
#define HASH_SEED UINT64_C(0xcbf29ce484222325)

/* The 64-bit FNV-1a hash of the n bytes at data, continuing from h (HASH_SEED to start).
 * Chainable: hash_bytes(hash_bytes(HASH_SEED, a, na), b, nb) is the hash of a then b. The
 * value depends on the bytes only, so hashing structs with padding or floats hashes their
 * representation: equal bytes, equal hash. */
uint64_t hash_bytes(uint64_t h, const void *data, size_t n);

#endif
