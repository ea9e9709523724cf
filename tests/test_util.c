/* test_util.c - the text and hash helpers of src/util: UTF-8 decoding, boundaries and cuts
 * (never half a sequence, stray bytes), fitting with an ellipsis and word wrapping against a
 * fixed-width fake measure (10 px per character), FNV-1a against its published vectors, and
 * vmath's exp, log1p and tanh against libm's within their stated ulps, and its single-precision
 * exp and log1p (vmathf) within theirs; hermite_patch_bounds against sampled patches. */
#include <stdbool.h>
#include <stdint.h>

#include "test.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/hermite_patch.h"
#include "util/vmath.h"

/* 10 px per character; counts its calls. */
static float fake_measure(void *user, const char *s, size_t n)
{
    if (user)
        (*(int *)user)++;
    return 10.0f * (float)utf8_count(s, n);
}

/* True when the n bytes at s decode without a U+FFFD: nothing was cut in half. */
static bool decodes_whole(const char *s, size_t n)
{
    char buf[64];
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (const char *p = buf; *p;)
        if (utf8_next(&p) == 0xFFFD)
            return false;
    return true;
}

TEST(test_utf8_decodes_one_to_four_bytes)
{
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* a e-acute euro grinning-face */
    const char *p = s;
    ASSERT(utf8_next(&p) == 'a' && p == s + 1);
    ASSERT(utf8_next(&p) == 0xE9 && p == s + 3);
    ASSERT(utf8_next(&p) == 0x20AC && p == s + 6);
    ASSERT(utf8_next(&p) == 0x1F600 && p == s + 10);
    ASSERT(*p == '\0');
    ASSERT(utf8_valid("\xe2\x82\xac", 3) == 3);
    ASSERT(utf8_valid("\xe2\x82\xac", 2) == 0); /* would pass n */
    ASSERT(utf8_valid("A", 1) == 1);
}

TEST(test_utf8_invalid_bytes_decode_as_replacement_one_byte_each)
{
    const char *s = "\xff" "A";
    const char *p = s;
    ASSERT(utf8_next(&p) == 0xFFFD && p == s + 1);
    ASSERT(utf8_next(&p) == 'A');
    s = "\xe2\x41"; /* a lead byte whose continuation is missing */
    p = s;
    ASSERT(utf8_next(&p) == 0xFFFD && p == s + 1);
    ASSERT(utf8_next(&p) == 'A' && *p == '\0');
    s = "\xe2\x82"; /* cut short by the end: stops at the NUL */
    p = s;
    ASSERT(utf8_next(&p) == 0xFFFD && p == s + 1);
    ASSERT(utf8_next(&p) == 0xFFFD && p == s + 2);
    ASSERT(utf8_valid("\x80", 1) == 0);
    ASSERT(utf8_valid("\xf8\x80\x80\x80", 4) == 0); /* no lead byte of five */
}

TEST(test_utf8_boundaries_step_over_whole_characters)
{
    const char *s = "a\xe2\x82\xac" "b"; /* a, euro, b: 5 bytes, 3 characters */
    ASSERT(utf8_forward(s, 5, 0) == 1);
    ASSERT(utf8_forward(s, 5, 1) == 4);
    ASSERT(utf8_forward(s, 5, 4) == 5);
    ASSERT(utf8_forward(s, 5, 5) == 5);
    ASSERT(utf8_back(s, 5) == 4);
    ASSERT(utf8_back(s, 4) == 1);
    ASSERT(utf8_back(s, 1) == 0);
    ASSERT(utf8_back(s, 0) == 0);
    ASSERT(utf8_count(s, 5) == 3);
    ASSERT(utf8_count("", 0) == 0);
    /* A stray continuation byte belongs to the character before it. */
    const char *t = "a\x80" "b";
    ASSERT(utf8_forward(t, 3, 0) == 2);
    ASSERT(utf8_back(t, 2) == 0);
    ASSERT(utf8_count(t, 3) == 2);
    ASSERT(utf8_count("\x80\x80", 2) == 1);
}

TEST(test_utf8_cut_never_splits_a_sequence)
{
    const char *s = "a\xe2\x82\xac" "b";
    static const size_t WANT[] = {0, 1, 1, 1, 4, 5, 5, 5};
    for (size_t max = 0; max < sizeof WANT / sizeof WANT[0]; max++)
        ASSERT(utf8_cut(s, 5, max) == WANT[max]);
    /* Every budget on a mix of 1- to 4-byte characters: a prefix that decodes whole. */
    const char *mix = "x\xc3\xa9y\xf0\x9f\x98\x80\xe2\x82\xac" "z\xc3\xa9";
    size_t len = strlen(mix);
    for (size_t max = 0; max <= len + 1; max++) {
        size_t n = utf8_cut(mix, len, max);
        ASSERT(n <= max && n <= len);
        ASSERT(decodes_whole(mix, n));
        ASSERT(n + 4 > max || n == len); /* loses less than one character */
    }
}

TEST(test_fit_cuts_with_an_ellipsis_at_whole_characters)
{
    char out[64];
    /* 80 px holds "abcde" and "...". */
    ASSERT(text_fit(out, sizeof out, "abcdefghijklmnop", 16, 80.0f, "...", fake_measure,
                    NULL) == 8);
    ASSERT(strcmp(out, "abcde...") == 0);
    /* Exactly 80 px fits whole; only len bytes are read. */
    ASSERT(text_fit(out, sizeof out, "abcdefgh##7", 8, 80.0f, "...", fake_measure, NULL) == 8);
    ASSERT(strcmp(out, "abcdefgh") == 0);
    /* Spaces before the ellipsis are dropped: "ab" + "..." (50 px), not "ab ..." (60). */
    text_fit(out, sizeof out, "ab cd ef", 8, 60.0f, "...", fake_measure, NULL);
    ASSERT(strcmp(out, "ab...") == 0);
    /* A one-character ellipsis (U+2026) and two-byte characters: 40 px = 3 + the ellipsis. */
    size_t n = text_fit(out, sizeof out, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 10, 40.0f,
                        "\xe2\x80\xa6", fake_measure, NULL);
    ASSERT(n == 9 && strcmp(out, "\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x80\xa6") == 0);
    /* Too narrow for anything: the ellipsis alone. */
    text_fit(out, sizeof out, "abc", 3, 5.0f, "\xe2\x80\xa6", fake_measure, NULL);
    ASSERT(strcmp(out, "\xe2\x80\xa6") == 0);
    /* Invalid bytes count as characters and are kept or cut whole. */
    text_fit(out, sizeof out, "a\xff" "bc", 4, 30.0f, "\xe2\x80\xa6", fake_measure, NULL);
    ASSERT(strcmp(out, "a\xff\xe2\x80\xa6") == 0);
}

TEST(test_fit_keeps_to_the_buffer_without_splitting)
{
    /* Wide enough, but 12 bytes of euros do not fit 8 bytes: one euro (3) + "..." (3). */
    char small[8];
    const char *euros = "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac";
    size_t n = text_fit(small, sizeof small, euros, 12, 1000.0f, "...", fake_measure, NULL);
    ASSERT(n == 6 && strcmp(small, "\xe2\x82\xac...") == 0);
    /* Every width: the result fits it (or is the bare ellipsis) and decodes whole. */
    const char *mix = "x\xc3\xa9y \xf0\x9f\x98\x80\xe2\x82\xac z\xc3\xa9 end";
    for (int w = 0; w <= 160; w += 5) {
        char out[32];
        int calls = 0;
        n = text_fit(out, sizeof out, mix, strlen(mix), (float)w, "\xe2\x80\xa6", fake_measure,
                     &calls);
        ASSERT(n == strlen(out));
        ASSERT(fake_measure(NULL, out, n) <= (float)w || strcmp(out, "\xe2\x80\xa6") == 0);
        ASSERT(decodes_whole(out, n));
        ASSERT(calls <= 8); /* bisection: about log2(22 bytes) + 2 measures */
    }
}

/* The lines text_wrap makes of s at width, joined by '|'. */
static void wrap_all(const char *s, float width, char *out, size_t size)
{
    size_t len = strlen(s), p = 0;
    out[0] = '\0';
    while (p < len) {
        size_t next;
        size_t n = text_wrap(s + p, len - p, width, fake_measure, NULL, &next);
        ASSERT(next > 0); /* progress */
        if (out[0])
            strncat(out, "|", size - strlen(out) - 1);
        strncat(out, s + p, n < size - strlen(out) - 1 ? n : size - strlen(out) - 1);
        p += next;
    }
}

TEST(test_wrap_breaks_at_words_and_cuts_long_ones)
{
    char out[256];
    /* 380 px holds 38 characters. */
    wrap_all("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj", 380.0f, out, sizeof out);
    ASSERT(strcmp(out, "aaaa bbbb cccc dddd eeee ffff gggg|hhhh iiii jjjj") == 0);
    wrap_all("step\nsize  alpha", 380.0f, out, sizeof out); /* '\n' breaks; spaces kept */
    ASSERT(strcmp(out, "step|size  alpha") == 0);
    wrap_all("0123456789012345678901234567890123456789012345 x", 380.0f, out, sizeof out);
    ASSERT(strcmp(out, "01234567890123456789012345678901234567|89012345 x") == 0);
    /* Several spaces at a break are dropped; the line ends before them. */
    size_t next;
    ASSERT(text_wrap("abc   def", 9, 50.0f, fake_measure, NULL, &next) == 3 && next == 6);
    /* A long word of two-byte characters is cut between characters. */
    wrap_all("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 25.0f, out, sizeof out);
    ASSERT(strcmp(out, "\xc3\xa9\xc3\xa9|\xc3\xa9\xc3\xa9") == 0);
    /* Narrower than one character: one character per line, never nothing. */
    wrap_all("\xe2\x82\xac\xe2\x82\xac", 5.0f, out, sizeof out);
    ASSERT(strcmp(out, "\xe2\x82\xac|\xe2\x82\xac") == 0);
    ASSERT(text_wrap("", 0, 100.0f, fake_measure, NULL, &next) == 0 && next == 0);
}

TEST(test_hash_matches_fnv1a_vectors)
{
    /* The FNV reference's 64-bit FNV-1a test vectors. */
    ASSERT(hash_bytes(HASH_SEED, "", 0) == UINT64_C(0xcbf29ce484222325));
    ASSERT(hash_bytes(HASH_SEED, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    ASSERT(hash_bytes(HASH_SEED, "foobar", 6) == UINT64_C(0x85944171f73967e8));
    /* Chained: "foo" then "bar" is "foobar". */
    ASSERT(hash_bytes(hash_bytes(HASH_SEED, "foo", 3), "bar", 3) ==
           UINT64_C(0x85944171f73967e8));
    ASSERT(hash_bytes(HASH_SEED, "foobaR", 6) != UINT64_C(0x85944171f73967e8));
}

TEST(path_parts_by_text)
{
    char buf[64];
    path_dirname("/a/b/c.ini", buf, sizeof buf);
    ASSERT(strcmp(buf, "/a/b") == 0);
    path_dirname("c.ini", buf, sizeof buf);
    ASSERT(strcmp(buf, ".") == 0);
    path_dirname("/c.ini", buf, sizeof buf);
    ASSERT(strcmp(buf, "/") == 0);
    ASSERT(strcmp(path_basename("/a/b/c.ini"), "c.ini") == 0);
    ASSERT(strcmp(path_basename("c.ini"), "c.ini") == 0);
    ASSERT(strcmp(path_basename("/a/b/"), "") == 0);
}

/* The largest |a - b| / scale over the samples, in units of 2^-52 (ulps of 1). */
static double ulps(double a, double b, double scale)
{
    return fabs(a - b) / (scale * 2.220446049250313e-16);
}

/* vmath_exp_neg within 4 ulps of exp over [-700, 0] (dense near 0 and at the powers of two
 * where k changes), -700 below; vmath_log1p_01 within 4 ulps of log1p over [0, 1] (tiny
 * arguments too, and around sqrt(2) - 1 where the reduction switches); vmath_tanh within 8
 * ulps of 1 absolute; NaN through all three. */
TEST(vmath_against_libm)
{
    double worst = 0.0;
    for (int k = 0; k <= 400000; k++) {
        double x = -700.0 * k / 400000.0;
        double small = -1e-3 * k / 400000.0;
        worst = fmax(worst, ulps(vmath_exp_neg(x), exp(x), exp(x)));
        worst = fmax(worst, ulps(vmath_exp_neg(small), exp(small), exp(small)));
    }
    for (int k = -1010; k <= 0; k++) {
        double x = k * 0.6931471805599453;
        for (int d = -2; d <= 2; d++) {
            double xd = nextafter(x, d < 0 ? -(double)INFINITY : 0.0) + d * 1e-9;
            if (xd >= -700.0 && xd <= 0.0)
                worst = fmax(worst, ulps(vmath_exp_neg(xd), exp(xd), exp(xd)));
        }
    }
    printf("  exp: %.2f ulps at most\n", worst);
    ASSERT(worst <= 4.0);
    ASSERT(vmath_exp_neg(0.0) == 1.0);
    ASSERT(vmath_exp_neg(-1e6) == vmath_exp_neg(-700.0) && vmath_exp_neg(-700.0) > 0.0);
    ASSERT(vmath_exp_neg(-(double)INFINITY) == vmath_exp_neg(-700.0));
    ASSERT(isnan(vmath_exp_neg((double)NAN)));

    worst = 0.0;
    for (int k = 0; k <= 400000; k++) {
        double e = (double)k / 400000.0;
        double near = 0.41421356237309503 + (k - 200000) * 1e-12;
        double tiny = ldexp(1.0 + k / 400000.0, -1 - k % 1070);
        worst = fmax(worst, ulps(vmath_log1p_01(e), log1p(e), log1p(e) + 1e-300));
        worst = fmax(worst, ulps(vmath_log1p_01(near), log1p(near), log1p(near)));
        worst = fmax(worst, ulps(vmath_log1p_01(tiny), log1p(tiny), log1p(tiny)));
    }
    printf("  log1p: %.2f ulps at most\n", worst);
    ASSERT(worst <= 4.0);
    ASSERT(vmath_log1p_01(0.0) == 0.0);
    ASSERT(isnan(vmath_log1p_01((double)NAN)));

    worst = 0.0;
    for (int k = -400000; k <= 400000; k++) {
        double a = 40.0 * k / 400000.0;
        worst = fmax(worst, ulps(vmath_tanh(a), tanh(a), 1.0));
        worst = fmax(worst, ulps(vmath_tanh(a * 1e-6), tanh(a * 1e-6), 1.0));
    }
    printf("  tanh: %.2f ulps of 1 at most\n", worst);
    ASSERT(worst <= 8.0);
    ASSERT(vmath_tanh(1e3) == 1.0 && vmath_tanh(-1e3) == -1.0 && vmath_tanh(0.0) == 0.0);
    ASSERT(isnan(vmath_tanh((double)NAN)));
}

/* The largest |a - b| / (scale 2^-23) (ulps of 1 in float) */
static double ulps_f(double a, double b, double scale)
{
    return fabs(a - b) / (scale * 1.1920928955078125e-7);
}

/* vmathf_exp_neg within 3 ulps of float of exp (computed in double) over [-87, 0], dense
 * near 0 and at the powers of two where k changes, -87 below; vmathf_log1p_01_inv within 3
 * ulps of float of log1p over [0, 1], tiny arguments and around sqrt(2) - 1 too; NaN
 * through both. landscape_loss.c's error bound for logistic's softplus rests on these. */
TEST(vmathf_against_libm)
{
    double worst = 0.0;
    for (int k = 0; k <= 400000; k++) {
        float x = (float)(-87.0 * k / 400000.0), small = (float)(-1e-3 * k / 400000.0);
        worst = fmax(worst, ulps_f(vmathf_exp_neg(x), exp(x), exp(x)));
        worst = fmax(worst, ulps_f(vmathf_exp_neg(small), exp(small), exp(small)));
    }
    for (int k = -125; k <= 0; k++) {
        float x = (float)(k * 0.6931471805599453);
        for (int d = -3; d <= 3; d++) {
            float xd = x;
            for (int q = 0; q < (d < 0 ? -d : d); q++)
                xd = nextafterf(xd, d < 0 ? -INFINITY : 0.0f);
            if (xd >= -87.0f && xd <= 0.0f)
                worst = fmax(worst, ulps_f(vmathf_exp_neg(xd), exp(xd), exp(xd)));
        }
    }
    printf("  expf: %.2f ulps of float at most\n", worst);
    ASSERT(worst <= 3.0);
    ASSERT(vmathf_exp_neg(0.0f) == 1.0f);
    ASSERT(vmathf_exp_neg(-1e6f) == vmathf_exp_neg(-87.0f) && vmathf_exp_neg(-87.0f) > 0.0f);
    ASSERT(fabs((double)vmathf_exp_neg(-87.0f) - exp(-87.0)) < 2e-38);
    ASSERT(isnan(vmathf_exp_neg(NAN)));

    worst = 0.0;
    for (int k = 0; k <= 400000; k++) {
        float e = (float)k / 400000.0f;
        float near = 0.41421356f + (float)(k - 200000) * 1e-9f;
        float tiny = ldexpf(1.0f + (float)k / 400000.0f, -1 - k % 140);
        float cases[3] = {e, near, tiny};
        for (int c = 0; c < 3; c++) {
            float v = cases[c];
            double ref = log1p((double)v);
            worst = fmax(worst, ulps_f(vmathf_log1p_01_inv(v, 1.0f / (1.0f + v)), ref,
                                       ref + 1e-300));
        }
    }
    printf("  log1pf: %.2f ulps of float at most\n", worst);
    ASSERT(worst <= 3.0);
    ASSERT(vmathf_log1p_01_inv(0.0f, 1.0f) == 0.0f);
    ASSERT(isnan(vmathf_log1p_01_inv(NAN, NAN)));
}

/* The bicubic Hermite patch with corners c at (u, v), and its derivatives, by the basis
 * itself (not by hermite_patch.h's Bezier net). */
static double patch_at(const HermiteCorner c[4], double u, double v, double *fu, double *fv)
{
    double h[2][4], d[2][4];
    double t[2] = {u, v};
    for (int a = 0; a < 2; a++) {
        double s = t[a], s2 = s * s, s3 = s2 * s;
        h[a][0] = 2 * s3 - 3 * s2 + 1;
        h[a][1] = s3 - 2 * s2 + s;
        h[a][2] = -2 * s3 + 3 * s2;
        h[a][3] = s3 - s2;
        d[a][0] = 6 * s2 - 6 * s;
        d[a][1] = 3 * s2 - 4 * s + 1;
        d[a][2] = -6 * s2 + 6 * s;
        d[a][3] = 3 * s2 - 2 * s;
    }
    /* corner k at (ku, kv): its value, u- and v-slopes and twist weighted by the basis */
    double f = 0.0, gu = 0.0, gv = 0.0;
    for (int k = 0; k < 4; k++) {
        int ku = k & 1, kv = k >> 1;
        double wu = h[0][2 * ku], wu1 = h[0][2 * ku + 1], dwu = d[0][2 * ku], dwu1 = d[0][2 * ku + 1];
        double wv = h[1][2 * kv], wv1 = h[1][2 * kv + 1], dwv = d[1][2 * kv], dwv1 = d[1][2 * kv + 1];
        f += c[k].f * wu * wv + c[k].fu * wu1 * wv + c[k].fv * wu * wv1 + c[k].fuv * wu1 * wv1;
        gu += c[k].f * dwu * wv + c[k].fu * dwu1 * wv + c[k].fv * dwu * wv1 + c[k].fuv * dwu1 * wv1;
        gv += c[k].f * wu * dwv + c[k].fu * wu1 * dwv + c[k].fv * wu * dwv1 + c[k].fuv * wu1 * dwv1;
    }
    *fu = gu;
    *fv = gv;
    return f;
}

/* hermite_patch_bounds against 33 x 33 samples of random patches: every value and
 * derivative inside its bound; a patch whose corners all read 1 but slope inward reaches
 * below 1 inside, and the bound says so (the corners alone would not); a plane's bounds are
 * exact. */
TEST(hermite_patch_bounds_hold)
{
    uint32_t seed = 12345u;
    int outside = 0;
    double slack_sum = 0.0;
    for (int n = 0; n < 2000; n++) {
        HermiteCorner c[4];
        for (int k = 0; k < 4; k++) {
            double r[4];
            for (int q = 0; q < 4; q++) {
                seed = seed * 1664525u + 1013904223u;
                r[q] = (double)(seed >> 8) / 16777216.0 * 2.0 - 1.0;
            }
            c[k] = (HermiteCorner){r[0], 3.0 * r[1], 3.0 * r[2], 5.0 * r[3]};
        }
        double lo, hi, du, dv;
        hermite_patch_bounds(c, &lo, &hi, &du, &dv);
        double f_min = INFINITY;
        for (int j = 0; j <= 32; j++) {
            for (int i = 0; i <= 32; i++) {
                double fu, fv, f = patch_at(c, i / 32.0, j / 32.0, &fu, &fv);
                double tol = 1e-12;
                outside += f < lo - tol || f > hi + tol || fabs(fu) > du + tol ||
                           fabs(fv) > dv + tol;
                f_min = fmin(f_min, f);
            }
        }
        slack_sum += f_min - lo;
    }
    printf("  hermite patch bounds: %d samples outside, mean slack below %.3f\n", outside,
           slack_sum / 2000.0);
    ASSERT(outside == 0);
    /* a dip: every corner 1, each sloping down into the square */
    HermiteCorner dip[4] = {{1, -2, -2, 0}, {1, 2, -2, 0}, {1, -2, 2, 0}, {1, 2, 2, 0}};
    double lo, hi, du, dv, fu, fv;
    hermite_patch_bounds(dip, &lo, &hi, &du, &dv);
    double centre = patch_at(dip, 0.5, 0.5, &fu, &fv);
    ASSERT(centre < 1.0 && lo <= centre && hi == 1.0);
    /* a plane f = 2 + 3u - v: the net is exact */
    HermiteCorner plane[4] = {{2, 3, -1, 0}, {5, 3, -1, 0}, {1, 3, -1, 0}, {4, 3, -1, 0}};
    hermite_patch_bounds(plane, &lo, &hi, &du, &dv);
    ASSERT(lo == 1.0 && hi == 5.0 && fabs(du - 3.0) < 1e-12 && fabs(dv - 1.0) < 1e-12);
}

int main(void)
{
    RUN_TEST(path_parts_by_text);
    RUN_TEST(vmathf_against_libm);
    RUN_TEST(hermite_patch_bounds_hold);
    RUN_TEST(test_utf8_decodes_one_to_four_bytes);
    RUN_TEST(test_utf8_invalid_bytes_decode_as_replacement_one_byte_each);
    RUN_TEST(test_utf8_boundaries_step_over_whole_characters);
    RUN_TEST(test_utf8_cut_never_splits_a_sequence);
    RUN_TEST(test_fit_cuts_with_an_ellipsis_at_whole_characters);
    RUN_TEST(test_fit_keeps_to_the_buffer_without_splitting);
    RUN_TEST(test_wrap_breaks_at_words_and_cuts_long_ones);
    RUN_TEST(test_hash_matches_fnv1a_vectors);
    RUN_TEST(vmath_against_libm);
    return TEST_MAIN("test_util");
}
