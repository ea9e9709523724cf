/* vectorize.h - UTIL_VECTORIZE marks a function whose loops over many independent points
 * (the basin maps' lanes) GCC should vectorize at the build's -O2: a dynamic cost model, and
 * no trapping math so a select (a ? b : c) in the loop may become a blend. Neither changes a
 * result: each lane's operations and their order stay as written (no reassociation, no
 * contraction beyond the build's). Elsewhere it is empty. Helpers such a loop calls must be
 * UTIL_ALWAYS_INLINE to be inlined into it. */
#ifndef LOSSLENS_VECTORIZE_H
#define LOSSLENS_VECTORIZE_H

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
/* x86-64: also a clone for AVX2 and one for AVX-512 chosen at load time (no FMA: a separate
 * ISA flag that neither enables, so a * b + c stays two roundings) */
#define UTIL_VECTORIZE                                                                    \
    __attribute__((optimize("no-trapping-math", "vect-cost-model=dynamic"),             \
                   target_clones("avx512f", "avx2", "default")))
#define UTIL_ALWAYS_INLINE __attribute__((always_inline)) inline
#elif defined(__GNUC__) && !defined(__clang__)
#define UTIL_VECTORIZE __attribute__((optimize("no-trapping-math", "vect-cost-model=dynamic")))
#define UTIL_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define UTIL_VECTORIZE
#define UTIL_ALWAYS_INLINE inline
#endif

#endif
