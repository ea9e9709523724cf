/* test.h - the tiny test harness every tests/test_<module>.c uses.
 *
 * TEST(name) defines a test; RUN_TEST(name) runs it and counts it as failed when any ASSERT
 * inside failed. TEST_MAIN() prints "<program>: N passed, N failed" and returns non-zero on
 * any failure. Failing assertions print file:line and the values involved.
 */
#ifndef LOSSLENS_TEST_H
#define LOSSLENS_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int passed, failed, assert_failures;
    const char *current;
} TestState;

static TestState test_state_;

#define TEST(name) static void name(void)

#define ASSERT(cond)                                                                       \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: %s: ASSERT(%s) failed\n", __FILE__, __LINE__,          \
                    test_state_.current, #cond);                                           \
            test_state_.assert_failures++;                                                 \
        }                                                                                  \
    } while (0)

#define ASSERT_NEAR(a, b, tol)                                                             \
    do {                                                                                   \
        double a_ = (a), b_ = (b), tol_ = (tol);                                           \
        if (!(fabs(a_ - b_) <= tol_)) {                                                    \
            fprintf(stderr, "%s:%d: %s: ASSERT_NEAR(%s, %s, %s) failed: %.17g vs %.17g\n", \
                    __FILE__, __LINE__, test_state_.current, #a, #b, #tol, a_, b_);        \
            test_state_.assert_failures++;                                                 \
        }                                                                                  \
    } while (0)

#define ASSERT_STR_CONTAINS(hay, needle)                                                   \
    do {                                                                                   \
        const char *h_ = (hay), *n_ = (needle);                                            \
        if (!h_ || !strstr(h_, n_)) {                                                      \
            fprintf(stderr, "%s:%d: %s: expected \"%s\" in \"%s\"\n", __FILE__, __LINE__,  \
                    test_state_.current, n_, h_ ? h_ : "(null)");                          \
            test_state_.assert_failures++;                                                 \
        }                                                                                  \
    } while (0)

#define RUN_TEST(name)                                                                     \
    do {                                                                                   \
        int before_ = test_state_.assert_failures;                                         \
        test_state_.current = #name;                                                       \
        name();                                                                            \
        if (test_state_.assert_failures == before_) {                                      \
            test_state_.passed++;                                                          \
        } else {                                                                           \
            test_state_.failed++;                                                          \
            fprintf(stderr, "FAIL %s\n", #name);                                           \
        }                                                                                  \
    } while (0)

/* splitmix64: the tests' own seeded stream, so every run checks the same points. */
typedef struct {
    uint64_t s;
} TestRng;

static inline uint64_t trng_next(TestRng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static inline double trng_uniform(TestRng *r, double lo, double hi)
{
    return lo + (hi - lo) * ((double)(trng_next(r) >> 11) * 0x1.0p-53);
}

/* The exit code of a test program that found no display or OpenGL (why says what was
 * missing): in CI (CI=true) the GL tests must run, so that is a failure (1); elsewhere it is a
 * skip (77), unless a test already failed. */
static inline int test_no_gl(const char *prog, const char *why)
{
    const char *ci = getenv("CI");
    int in_ci = ci && strcmp(ci, "true") == 0;
    fprintf(stderr, "%s: no OpenGL 3.3: %s%s\n", prog, why,
            in_ci ? " (CI=true: failing)" : " (skipped)");
    return in_ci || test_state_.failed ? 1 : 77;
}

#define TEST_MAIN(prog)                                                                    \
    (printf("%s: %d passed, %d failed\n", (prog), test_state_.passed, test_state_.failed), \
     test_state_.failed ? 1 : 0)

#endif
