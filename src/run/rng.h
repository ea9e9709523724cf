/* rng.h - a small seeded generator (xoshiro256**, seeded through splitmix64) so that every
 * stochastic run repeats exactly from its seed on every platform. Plain value type: copying
 * an Rng copies its stream position. */
#ifndef LOSSLENS_RNG_H
#define LOSSLENS_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
} Rng;

Rng rng_seeded(uint64_t seed);
uint64_t rng_next(Rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double rng_uniform(Rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(Rng *r, uint64_t n);
/* Standard normal (Box-Muller; one fresh pair of uniforms per call, nothing cached, so the
 * stream position alone determines the next value). */
double rng_normal(Rng *r);

#endif
