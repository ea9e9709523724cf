/* soft_field.c - the contour field on the CPU, for exports without OpenGL: per pixel one
 * landscape_eval (value and gradient), colormap_fwidth and colormap_shade (colormap_hatch where
 * f is undefined), rounded to bytes, with the rows shared among pthreads. The shading is
 * colormap_shade's arithmetic, operation for operation, with the two viridis lookups taken
 * from tables of the `levels` band colors (tests/test_soft.c checks every pixel against
 * colormap_shade itself). The data landscapes' field (soft_field_smooth_at) is interpolated
 * between exact evaluations, adaptively, within 1/255 of the exact one.
 */
#include "render/soft.h"
#include "util/hermite_patch.h"
#include "util/vectorize.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* colormap.c's LINE_FADE_PX and LINE_FADE_RANGE_PX: contour lines fade out where neighbouring
 * lines come closer than this many pixels. */
static const float SOFT_FADE_PX = 3.0f, SOFT_FADE_RANGE_PX = 5.0f;

enum { SOFT_FIELD_MAX_THREADS = 64, SOFT_FIELD_CHUNK_ROWS = 4 };
/* Points evaluated and shaded at once (soft_field_rows): a few kilobytes per array, in
 * cache. */
enum { SOFT_FIELD_LANES = 256 };

/* The constants of colormap_shade for one FieldScale, and its colors per band and level. */
typedef struct {
    float n, c, s_lo, range, line_reach, line_alpha;
    double d_range, d_c;
    double jump_sl; /* 2 n 4 FLT_EPSILON / range: soft_shade_pixel_unless_near's slack */
    float fill[COLORMAP_LEVELS_MAX][3];
    float line[COLORMAP_LEVELS_MAX + 1][3];
    unsigned char fill_bytes[COLORMAP_LEVELS_MAX][4]; /* in the byte order */
    int at[3]; /* where red, green and blue go in a pixel's bytes (SoftByteOrder) */
    /* soft_shade_fill_fast: edge[k] the f where t = k / n (k = 1..n - 1, between bands k - 1
     * and k, where line k lies), edge[0] = -inf, edge[n] = +inf; rel_margin the relative
     * slack (of c + |f|) for the float rounding of the exact path; fast false where the
     * scale is not finite. */
    double edge[COLORMAP_LEVELS_MAX + 1], rel_margin;
    bool fast;
} SoftShade;

/* soft_field_smooth_at's cells: SOFT_SMOOTH_CELL pixels square at the top, split down to
 * SOFT_SMOOTH_MIN (the smooth field's section below says how). */
enum { SOFT_SMOOTH_CELL = VIEW_LATTICE_PX, SOFT_SMOOTH_MIN = 4 };

typedef struct {
    SoftCanvas *canvas;
    int x0, y0; /* where the view's top-left pixel goes */
    const Landscape *ls;
    const View *view;
    const FieldScale *fs;
    SoftShade shade;
    /* soft_field_smooth_at: the top-level nodes (SoftNode), node (a, b) at pixel centre
     * (a SOFT_SMOOTH_CELL, b SOFT_SMOOTH_CELL) of the view, nx x ny of them. */
    int nx, ny;
    struct SoftNode *snode;
    /* The cubic Hermite basis and its derivative at t = k / SOFT_SMOOTH_CELL, k = 0..
     * SOFT_SMOOTH_CELL (soft_hermite): basis[k][0..3] values, [4..7] derivatives. */
    double (*basis)[8];
    /* the same transposed, basis_t[c][k] = basis[k][c] (soft_spline_row) */
    double (*basis_t)[SOFT_SMOOTH_CELL + 1];
} SoftFieldJob;

/* Rows [0, rows) of some work, shared among threads in chunks. */
typedef struct {
    void (*rows)(SoftFieldJob *job, int j0, int j1);
    SoftFieldJob *job;
    int n, chunk;
    atomic_int next;
} SoftParallel;

static float soft_field_clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* v rounded half away from zero like lroundf (v - trunc(v) is exact), clamped to [0, 255];
 * NaN (a field that overflowed to inf - inf) gives 0. */
static unsigned char soft_field_round(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 255.0f)
        return 255;
    int r = (int)v;
    return (unsigned char)(v - (float)r >= 0.5f ? r + 1 : r);
}

static void soft_shade_init(SoftShade *s, const FieldScale *fs, SoftByteOrder order)
{
    memset(s, 0, sizeof *s);
    for (int ch = 0; ch < 3; ch++)
        s->at[ch] = order == SOFT_BGRA ? 2 - ch : ch;
    int levels = fs->levels;
    s->n = (float)levels;
    s->c = fs->c;
    s->s_lo = fs->s_lo;
    s->range = fs->s_hi - fs->s_lo;
    s->line_reach = 0.5f * fs->line_px + 0.5f;
    s->line_alpha = fs->line_alpha;
    s->d_range = (double)fs->s_hi - (double)fs->s_lo;
    s->d_c = (double)fs->c;
    s->jump_sl = 2.0 * (double)s->n * 4.0 * 1.1920929e-7 / s->d_range;
    double s_lo = (double)fs->s_lo, s_hi = (double)fs->s_hi;
    s->fast = isfinite(s_lo) && isfinite(s_hi) && s->d_range > 0.0 && s->d_c > 0.0 &&
              isfinite(s->d_c) && levels <= COLORMAP_LEVELS_MAX;
    s->rel_margin = 1e-5 * (1.0 + fabs(s_lo) + fabs(s_hi) + s->d_range);
    s->edge[0] = -INFINITY;
    for (int k = 1; k < levels && k <= COLORMAP_LEVELS_MAX; k++) {
        double sl = s_lo + s->d_range * k / levels;
        s->edge[k] = sl >= 0.0 ? s->d_c * expm1(sl) : -s->d_c * expm1(-sl);
    }
    if (levels <= COLORMAP_LEVELS_MAX)
        s->edge[levels] = INFINITY;
    for (int b = 0; b < levels && b < COLORMAP_LEVELS_MAX; b++) {
        colormap_viridis(((float)b + 0.5f) / s->n, s->fill[b]);
        for (int ch = 0; ch < 3; ch++)
            s->fill_bytes[b][s->at[ch]] = soft_field_round(s->fill[b][ch] * 255.0f);
        s->fill_bytes[b][3] = 255;
    }
    for (int k = 0; k <= levels && k <= COLORMAP_LEVELS_MAX; k++) {
        float lc[3];
        colormap_viridis((float)k / s->n, lc);
        float lum = 0.2126f * lc[0] + 0.7152f * lc[1] + 0.0722f * lc[2];
        float target = lum < 0.45f ? 1.0f : 0.0f;
        for (int ch = 0; ch < 3; ch++)
            s->line[k][ch] = lc[ch] + (target - lc[ch]) * 0.6f;
    }
}

/* The pixels well inside a band and off its lines, most of them, without logf: b such that
 * edge[b] <= f < edge[b + 1] (from *hint, the last pixel's band, usually right), with slack
 * for the float rounding of the exact path and for f_err; and no line within reach: the
 * distance to line k in pixels, |u - k| / (n fw), is at least |f - edge[k]| / (px (|gx| +
 * |gy|)) times (c + |f|) / (c + max(|f|, |edge[k]|)), since t moves by at least
 * 1 / (range (c + max)) per unit of f between them. Then the exact path would give the
 * band's fill bytes, and so does this; otherwise false and nothing written. */
static bool soft_shade_fill_fast(const SoftShade *s, double f, double gx, double gy,
                                 double f_err, double px_world, int *hint, unsigned char *out)
{
    if (!s->fast || !isfinite(f) || !isfinite(gx) || !isfinite(gy) || !colormap_defined((float)f))
        return false;
    int n = (int)s->n, b = *hint;
    b = b < 0 ? 0 : b > n - 1 ? n - 1 : b;
    while (b > 0 && f < s->edge[b])
        b--;
    while (b < n - 1 && f >= s->edge[b + 1])
        b++;
    *hint = b;
    double af = fabs(f), margin = f_err + (s->d_c + af) * s->rel_margin;
    double lo = s->edge[b], hi = s->edge[b + 1];
    if (!(f - lo > margin && hi - f > margin))
        return false;
    /* No line within reach: du >= reach n fw for the lines k = b, b + 1, where
     * du = n (|f - e| - margin) / (range (c + big)) and n fw = max(n g / (range (c + |f|)),
     * n 1e-8) with g = (|gx| + |gy|) px_world. Multiplied out by the positive denominators
     * (no division per pixel); the factors 1 + 4e-6 and 2e-8 (against the exact path's
     * 1e-8 floor) more than cover the rounding that the rearrangement changes. */
    double grad = (fabs(gx) + fabs(gy)) * px_world;
    double reach = (double)s->line_reach + 1e-6;
    double rg = reach * grad * (1.0 + 4e-6), rfloor = reach * 2e-8 * s->d_range;
    double cf = s->d_c + af;
    for (int k = b; k <= b + 1; k++) {
        if (k < 1 || k > n - 1)
            continue;
        double e = s->edge[k], big = af > fabs(e) ? af : fabs(e);
        double dist = fabs(f - e) - margin, cb = s->d_c + big;
        if (dist * cf < rg * cb || dist < rfloor * cb)
            return false;
    }
    memcpy(out, s->fill_bytes[b], 4);
    return true;
}

/* soft_shade_fill_fast over n points at once, in loops GCC vectorizes: band[k]
 * the band of f[k] (the number of edges 1..levels - 1 at or below it: edges increase) and
 * ok[k] whether the fast path holds there, by the same inequalities, or by the band's and
 * lines that have faded out (all of them, where they are under SOFT_FADE_PX apart). The
 * infinite edges 0 and levels pass the line test by themselves (an infinite distance is
 * never within reach), so every lane tests both neighbouring lines. Only a conservative
 * answer matters: a lane left out (ok 0) takes soft_shade_pixel. */
UTIL_VECTORIZE static void soft_shade_fast_lanes(const SoftShade *s, int n,
                                                 const double *restrict f,
                                                 const double *restrict gx,
                                                 const double *restrict gy, double f_err,
                                                 double px_world, int *restrict band,
                                                 int *restrict ok)
{
    int levels = (int)s->n;
    /* SOFT_BAND_BLOCK points at a time, their counts held in registers over all the edges
     * (edge outside, point inside: a load, add and store of band[] per edge and point cost
     * a quarter of the field's time). */
    enum { SOFT_BAND_BLOCK = 16 };
    int k0 = 0;
    for (; k0 + SOFT_BAND_BLOCK <= n; k0 += SOFT_BAND_BLOCK) {
        int acc[SOFT_BAND_BLOCK] = {0};
        for (int e = 1; e < levels; e++) {
            double edge = s->edge[e];
            for (int l = 0; l < SOFT_BAND_BLOCK; l++)
                acc[l] += f[k0 + l] >= edge;
        }
        for (int l = 0; l < SOFT_BAND_BLOCK; l++)
            band[k0 + l] = acc[l];
    }
    for (int k = k0; k < n; k++)
        band[k] = 0;
    for (int e = 1; e < levels; e++) {
        double edge = s->edge[e];
        for (int k = k0; k < n; k++)
            band[k] += f[k] >= edge;
    }
    /* the band's edges, gathered apart so that the tests below are arithmetic only */
    double lo[SOFT_FIELD_LANES], hi[SOFT_FIELD_LANES];
    const double *edges = s->edge;
    for (int k = 0; k < n; k++) {
        lo[k] = edges[band[k]];
        hi[k] = edges[band[k] + 1];
    }
    double reach = (double)s->line_reach + 1e-6, d_c = s->d_c, rel = s->rel_margin;
    double rfloor = reach * 2e-8 * s->d_range, rgk = reach * (1.0 + 4e-6) * px_world;
    double n_px = (double)s->n * px_world;
    double dense = (1.0 + 1e-5) / (double)SOFT_FADE_PX * s->d_range;
    for (int k = 0; k < n; k++) {
        double fk = f[k], af = fabs(fk), margin = f_err + (d_c + af) * rel;
        double ax = fabs(gx[k]), ay = fabs(gy[k]), l = lo[k], h = hi[k];
        /* f finite in float too (|f| <= FLT_MAX, a little stricter than (float)f finite)
         * and the gradient finite: |v| <= max, which NaN fails. Bitwise & and | rather than
         * && and ||: no branch, so the loop vectorizes. */
        int finite = (af <= 3.4028234663852886e38) & (ax <= 1.7976931348623157e308) &
                     (ay <= 1.7976931348623157e308);
        double rg = rgk * (ax + ay), cf = d_c + af;
        double al = fabs(l), ah = fabs(h);
        double clo = d_c + (af > al ? af : al), chi = d_c + (af > ah ? af : ah);
        double dlo = fabs(fk - l) - margin, dhi = fabs(fk - h) - margin;
        int near = (dlo * cf < rg * clo) | (dlo < rfloor * clo) | (dhi * cf < rg * chi) |
                   (dhi < rfloor * chi);
        /* Or lines so close together that they have faded out: 1 / (n fw) <= SOFT_FADE_PX
         * makes colormap_shade's fade, and with it the line's alpha, 0 (the fill exactly),
         * n fw being n (|gx| + |gy|) px / (range (c + |f|)); 1e-5 for the float rounding. */
        int faded = n_px * (ax + ay) >= dense * cf;
        ok[k] = finite & (fk - l > margin) & (h - fk > margin) & ((1 - near) | faded);
    }
}

/* One pixel: colormap_fwidth then colormap_shade, the same float operations in the same
 * order; a non-finite t takes the reference functions themselves. Most pixels are off the
 * contour lines, where colormap_shade returns the band's fill exactly: those skip the line
 * arithmetic (and fw, which only the lines use) and copy the band's bytes.
 * With f_err > 0 (f is known to within f_err), a pixel where f +- f_err could lie on either
 * side of a band edge or of a midway between contour lines (where the colour may jump),
 * or whose t is not finite, is left alone: false. */
static bool soft_shade_pixel_unless_near(const SoftShade *s, const FieldScale *fs, double f,
                                         double gx, double gy, double f_err, double px_world,
                                         int px, int py, int *hint, unsigned char *out);

/* soft_shade_pixel_unless_near without its soft_shade_fill_fast: for a pixel that
 * soft_shade_fast_lanes left out (by the same inequalities: the fill would not be taken, and
 * where it would, its bytes are these). */
static bool soft_shade_pixel_slow(const SoftShade *s, const FieldScale *fs, double f, double gx,
                                  double gy, double f_err, double px_world, int px, int py,
                                  unsigned char *out)
{
    float ff = (float)f;
    if (!colormap_defined(ff)) {
        /* f undefined: the shader's hatch (colormap_hatch), not a colour of the map. */
        if (f_err > 0.0)
            return false;
        out[0] = out[1] = out[2] = colormap_hatch(px, py);
        out[3] = 255;
        return true;
    }
    float sl = logf(1.0f + fabsf(ff) / s->c);
    sl = ff < 0.0f ? -sl : sl;
    float t = (sl - s->s_lo) / s->range;
    float rgb[3];
    if (!isfinite(t)) {
        if (f_err > 0.0)
            return false;
        colormap_shade(fs, ff, colormap_fwidth(fs, f, gx, gy, px_world), rgb);
        for (int ch = 0; ch < 3; ch++)
            out[s->at[ch]] = soft_field_round(rgb[ch] * 255.0f);
        out[3] = 255;
        return true;
    }
    if (f_err > 0.0) {
        /* The colour may jump where u = t n crosses a whole number (a band edge) or a half
         * (midway between lines). u moves by n f_err / (range (c + |f|)) when f does
         * (dt/df = 1 / (range (c + |f|))), and by the float rounding of ff and of logf's sl
         * (a few ulps each, FLT_EPSILON = 2^-23), much where the range is narrow (a view
         * zoomed in on a minimum): ambiguous when that reaches the distance, in u, to the
         * nearest such point; multiplied out so as not to divide per pixel. */
        const double eps = 4.0 * 1.1920929e-7;
        double w2 = 2.0 * ((double)t * (double)s->n);
        if (w2 > -1.0 && w2 < 2.0 * (double)s->n + 1.0) {
            double sld = fabs((double)sl) + fabs((double)s->s_lo);
            double dist = fabs(w2 - (double)(long)(w2 + 1.5) + 1.0);
            double q = dist - 2e-6 - s->jump_sl * sld;
            if (q <= 0.0 || q * s->d_range * (s->d_c + fabs(f)) <=
                                2.0 * (double)s->n * (f_err + eps * fabs(f)))
                return false;
        }
    }
    /* floorf of values in [0, n] is their truncation; and floorf(u + 0.5) lies in
     * [1, n - 1] exactly when 1 <= u + 0.5 < n (n is whole). Baseline x86-64 has no
     * rounding instruction: floorf costs more than the rest of the band lookup. */
    float n = s->n;
    float band = (float)(int)(soft_field_clampf(t, 0.0f, 1.0f) * n);
    band = band > n - 1.0f ? n - 1.0f : band;
    int b = (int)band;
    float u = t * n;
    float up = u + 0.5f;
    if (up >= 1.0f && up < n) {
        float k = (float)(int)up;
        double dtdf = 1.0 / (s->d_range * (s->d_c + fabs(f)));
        float fw = (float)(dtdf * (fabs(gx) + fabs(gy)) * px_world);
        fw = fw > 1e-8f ? fw : 1e-8f;
        float dpx = fabsf(u - k) / (n * fw);
        float cov = soft_field_clampf(s->line_reach - dpx, 0.0f, 1.0f);
        if (cov > 0.0f) {
            float fade = soft_field_clampf((1.0f / (n * fw) - SOFT_FADE_PX) /
                                           SOFT_FADE_RANGE_PX, 0.0f, 1.0f);
            float a = s->line_alpha * cov * fade;
            const float *fill = s->fill[b], *line = s->line[(int)k];
            for (int ch = 0; ch < 3; ch++)
                out[s->at[ch]] =
                    soft_field_round((fill[ch] + (line[ch] - fill[ch]) * a) * 255.0f);
            out[3] = 255;
            return true;
        }
    }
    /* No line here: colormap_shade adds (line - fill) * 0 to the fill, which leaves it. */
    memcpy(out, s->fill_bytes[b], 4);
    return true;
}

static bool soft_shade_pixel_unless_near(const SoftShade *s, const FieldScale *fs, double f,
                                         double gx, double gy, double f_err, double px_world,
                                         int px, int py, int *hint, unsigned char *out)
{
    return soft_shade_fill_fast(s, f, gx, gy, f_err, px_world, hint, out) ||
           soft_shade_pixel_slow(s, fs, f, gx, gy, f_err, px_world, px, py, out);
}

static void soft_shade_pixel(const SoftShade *s, const FieldScale *fs, double f, double gx,
                             double gy, double px_world, int px, int py, int *hint,
                             unsigned char *out)
{
    soft_shade_pixel_unless_near(s, fs, f, gx, gy, 0.0, px_world, px, py, hint, out);
}

static void soft_field_rows(SoftFieldJob *job, int j0, int j1)
{
    const View *v = job->view;
    const Landscape *ls = job->ls;
    double scale = v->scale, half_w = 0.5 * v->w, half_h = 0.5 * v->h;
    /* A landscape with a program (closed form or typed) is evaluated SOFT_FIELD_LANES points
     * of a row at a time, one instruction over all of them (landscape.h: eval runs the
     * program; expr_eval_grad_lanes gives expr_eval_grad's bits): the interpreter's dispatch
     * once per instruction instead of once per pixel, and loops the compiler vectorizes.
     * Without scratch (out of memory) or a program, landscape_eval per pixel. */
    enum { L = SOFT_FIELD_LANES };
    double *lane = NULL, *work = NULL;
    int band[L];
    int ok[L];
    if (ls->program) {
        lane = malloc((5 * L + expr_lanes_work(ls->program, L)) * sizeof *lane);
        work = lane ? lane + 5 * L : NULL;
    }
    for (int j = j0; j < j1; j++) {
        /* view_screen_to_world at the pixel centre, to the bit. */
        double y = v->cy - ((j + 0.5) - half_h) * scale;
        const SoftCanvas *c = job->canvas;
        int hint = 0;
        unsigned char *out =
            c->rgba + ((size_t)(j + job->y0) * (size_t)c->w + (size_t)job->x0) * 4;
        for (int i0 = 0; i0 < v->w; i0 += L) {
            int n = v->w - i0 < L ? v->w - i0 : L;
            if (lane) {
                double *xs = lane, *ys = lane + L, *f = lane + 2 * L, *gx = lane + 3 * L,
                       *gy = lane + 4 * L;
                for (int k = 0; k < n; k++) {
                    xs[k] = v->cx + ((i0 + k + 0.5) - half_w) * scale;
                    ys[k] = y;
                }
                expr_eval_grad_lanes(ls->program, ls->params, n, xs, ys, f, gx, gy, work);
                if (job->shade.fast)
                    soft_shade_fast_lanes(&job->shade, n, f, gx, gy, 0.0, scale, band, ok);
                for (int k = 0; k < n; k++, out += 4) {
                    if (!job->shade.fast)
                        soft_shade_pixel(&job->shade, job->fs, f[k], gx[k], gy[k], scale,
                                         i0 + k, v->h - 1 - j, &hint, out);
                    else if (ok[k])
                        memcpy(out, job->shade.fill_bytes[band[k]], 4);
                    else
                        soft_shade_pixel_slow(&job->shade, job->fs, f[k], gx[k], gy[k], 0.0,
                                              scale, i0 + k, v->h - 1 - j, out);
                }
                continue;
            }
            for (int i = i0; i < i0 + n; i++, out += 4) {
                double x = v->cx + ((i + 0.5) - half_w) * scale;
                double g[2];
                double f = landscape_eval(ls, x, y, g, NULL);
                soft_shade_pixel(&job->shade, job->fs, f, g[0], g[1], scale, i, v->h - 1 - j,
                                 &hint, out);
            }
        }
    }
    free(lane);
}

static void *soft_parallel_worker(void *arg)
{
    SoftParallel *p = arg;
    for (;;) {
        int j0 = atomic_fetch_add(&p->next, p->chunk);
        if (j0 >= p->n)
            return NULL;
        p->rows(p->job, j0, j0 + p->chunk < p->n ? j0 + p->chunk : p->n);
    }
}

/* Runs rows(job, ...) over [0, n) on `threads` threads (the caller's among them), `chunk`
 * rows at a time. */
static void soft_parallel_chunked(void (*rows)(SoftFieldJob *, int, int), SoftFieldJob *job,
                                  int n, int chunk, int threads)
{
    SoftParallel p = {.rows = rows, .job = job, .n = n, .chunk = chunk};
    atomic_init(&p.next, 0);
    threads = threads <= 0 ? 2 : threads > SOFT_FIELD_MAX_THREADS ? SOFT_FIELD_MAX_THREADS
                                                                  : threads;
    pthread_t tid[SOFT_FIELD_MAX_THREADS];
    int started = 0;
    /* A thread that cannot start leaves its rows to the others. */
    for (int k = 1; k < threads; k++)
        if (pthread_create(&tid[started], NULL, soft_parallel_worker, &p) == 0)
            started++;
    soft_parallel_worker(&p);
    for (int k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
}

static void soft_parallel(void (*rows)(SoftFieldJob *, int, int), SoftFieldJob *job, int n,
                          int threads)
{
    soft_parallel_chunked(rows, job, n, SOFT_FIELD_CHUNK_ROWS, threads);
}

bool soft_field(SoftCanvas *c, const Landscape *ls, const View *v, const FieldScale *fs,
                int threads)
{
    if (v->w != c->w || v->h != c->h)
        return false;
    return soft_field_at(c, 0, 0, ls, v, fs, threads);
}

static bool soft_field_fits(const SoftCanvas *c, int x, int y, const View *v,
                            const FieldScale *fs)
{
    return c->rgba && x >= 0 && y >= 0 && v->w > 0 && v->h > 0 && v->w <= c->w - x &&
           v->h <= c->h - y && fs->levels >= 1 && fs->levels <= COLORMAP_LEVELS_MAX;
}

bool soft_field_at(SoftCanvas *c, int x, int y, const Landscape *ls, const View *v,
                   const FieldScale *fs, int threads)
{
    if (!soft_field_fits(c, x, y, v, fs))
        return false;
    SoftFieldJob job = {.canvas = c, .x0 = x, .y0 = y, .ls = ls, .view = v, .fs = fs};
    soft_shade_init(&job.shade, fs, SOFT_RGBA);
    soft_parallel(soft_field_rows, &job, v->h, threads);
    return true;
}

/* ---- The smooth field: bicubic Hermite cells, refined where they miss ------------------ */

/* Top-level cells are SOFT_SMOOTH_CELL pixels square; a cell that misses its check is split
 * in four down to SOFT_SMOOTH_MIN, below which every pixel is evaluated itself. A cell
 * passes when the spline is within SOFT_SMOOTH_TOL_PX pixels' worth of f (|f_spline - f| <=
 * tol (|gx| + |gy|) px) at its centre pixel (evaluated) and at its edges' midpoints
 * (estimated): the contour lines, where the colour depends on f continuously, then lie
 * within about that fraction of a pixel of where the exact field puts them (a line's edge
 * ramps over a pixel: 1e-3 px is well under 1/255); where the colour jumps (a band edge),
 * soft_shade_pixel_unless_near sends the pixel to an exact evaluation. */
static const double SOFT_SMOOTH_TOL_PX = 1e-3, SOFT_SMOOTH_ERR_SLACK = 4.0;

/* f, its gradient and the second derivatives at a pixel centre, in world units, from
 * landscape_eval_fast: err bounds |f - landscape_eval's f|. */
typedef struct SoftNode {
    double f, gx, gy, hxx, hxy, hyy, err;
} SoftNode;

static SoftNode soft_node_eval(const SoftFieldJob *job, int i, int j)
{
    double x, y;
    view_screen_to_world(job->view, i + 0.5, j + 0.5, &x, &y);
    double g[2], h[3];
    SoftNode n;
    n.f = landscape_eval_fast(job->ls, x, y, g, h, &n.err);
    n.gx = g[0];
    n.gy = g[1];
    n.hxx = h[0];
    n.hxy = h[1];
    n.hyy = h[2];
    return n;
}

static bool soft_node_finite(const SoftNode *n)
{
    return isfinite(n->f) && isfinite(n->gx) && isfinite(n->gy) && isfinite(n->hxx) &&
           isfinite(n->hxy) && isfinite(n->hyy);
}

/* The cubic Hermite basis at t (h00, h10, h01, h11) and its derivative. */
static void soft_hermite(double t, double h[4], double d[4])
{
    double t2 = t * t, t3 = t2 * t;
    h[0] = 2.0 * t3 - 3.0 * t2 + 1.0;
    h[1] = t3 - 2.0 * t2 + t;
    h[2] = -2.0 * t3 + 3.0 * t2;
    h[3] = t3 - t2;
    d[0] = 6.0 * t2 - 6.0 * t;
    d[1] = 3.0 * t2 - 4.0 * t + 1.0;
    d[2] = -6.0 * t2 + 6.0 * t;
    d[3] = 3.0 * t2 - 2.0 * t;
}

/* One edge of a cell (corners a above, b below) at fraction v down it, in the cell's units
 * (u right, v down; d = the cell's side in world units): f, df/du, df/dv, d2f/dudv. */
static void soft_hermite_edge(const SoftNode *a, const SoftNode *b, double d, const double hv[4],
                              const double dv[4], double out[4])
{
    double fu_a = a->gx * d, fu_b = b->gx * d, fv_a = -a->gy * d, fv_b = -b->gy * d;
    double fuv_a = -a->hxy * d * d, fuv_b = -b->hxy * d * d;
    out[0] = hv[0] * a->f + hv[2] * b->f + hv[1] * fv_a + hv[3] * fv_b;
    out[1] = hv[0] * fu_a + hv[2] * fu_b + hv[1] * fuv_a + hv[3] * fuv_b;
    out[2] = dv[0] * a->f + dv[2] * b->f + dv[1] * fv_a + dv[3] * fv_b;
    out[3] = dv[0] * fu_a + dv[2] * fu_b + dv[1] * fuv_a + dv[3] * fuv_b;
}

static unsigned char *soft_field_px(const SoftFieldJob *job, int i, int j)
{
    const SoftCanvas *c = job->canvas;
    return c->rgba + ((size_t)(j + job->y0) * (size_t)c->w + (size_t)(i + job->x0)) * 4;
}

/* Pixel (i, j) of the view as soft_field shades it: landscape_eval itself (not the fast
 * evaluation the nodes use), the bytes into out. */
static void soft_pixel_exact(const SoftFieldJob *job, int i, int j, int *hint,
                             unsigned char *out)
{
    const View *v = job->view;
    double x, y, g[2];
    view_screen_to_world(v, i + 0.5, j + 0.5, &x, &y);
    double f = landscape_eval(job->ls, x, y, g, NULL);
    soft_shade_pixel(&job->shade, job->fs, f, g[0], g[1], v->scale, i, v->h - 1 - j, hint,
                     out);
}

/* The spline's f and gradient at the n pixels of a row of a cell, `step` entries of the
 * basis apart, from the row's left and right edge values l and r (soft_hermite_edge); d the
 * cell's side in world units, multiplied by its reciprocal (a division per pixel cost a
 * tenth of the field; the gradient only places the lines, to far better than 1e-3 px).
 * Its own function so that GCC vectorizes it. */
UTIL_VECTORIZE static void soft_spline_row(int n, int step,
                                           double (*restrict b)[SOFT_SMOOTH_CELL + 1],
                                           const double l[4], const double r[4], double d,
                                           double *restrict f, double *restrict gx,
                                           double *restrict gy)
{
    double l0 = l[0], l1 = l[1], l2 = l[2], l3 = l[3];
    double r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
    double inv_d = 1.0 / d;
    for (int k = 0; k < n; k++) {
        int q = k * step;
        f[k] = b[0][q] * l0 + b[2][q] * r0 + b[1][q] * l1 + b[3][q] * r1;
        double fu = b[4][q] * l0 + b[6][q] * r0 + b[5][q] * l1 + b[7][q] * r1;
        double fv = b[0][q] * l2 + b[2][q] * r2 + b[1][q] * l3 + b[3][q] * r3;
        gx[k] = fu * inv_d;
        gy[k] = -fv * inv_d;
    }
}

/* Whether the whole cell (corners c, side d in world units, its spline within f_err of f)
 * lies inside one band with no line within reach, so that soft_shade_fast_lanes would pass
 * every pixel with that band: then *band is it. The spline's f and gradient are bounded
 * over the cell by hermite_patch_bounds, and soft_shade_fast_lanes' inequalities taken with
 * each factor at its worst over those ranges; an infinite edge passes by itself there and
 * is skipped here. Half of a data landscape's pixels, in its default view, lie in such
 * cells. */
static bool soft_cell_one_band(const SoftShade *sh, const SoftNode c[4], double d, double f_err,
                               double px_world, int *band)
{
    HermiteCorner hc[4];
    for (int k = 0; k < 4; k++) /* v runs down the screen, y up it */
        hc[k] = (HermiteCorner){c[k].f, c[k].gx * d, -c[k].gy * d, -c[k].hxy * d * d};
    double f_lo, f_hi, du, dv;
    hermite_patch_bounds(hc, &f_lo, &f_hi, &du, &dv);
    /* |gx| + |gy| at most, in world units; and f as the rows compute it, within a rounding
     * of the patch's magnitude */
    double grad = (du + dv) / d;
    double a_lo = fabs(f_lo), a_hi = fabs(f_hi);
    double a_max = a_lo > a_hi ? a_lo : a_hi;
    double round = 1e-12 * a_max;
    if (!(a_max <= 3.4028234663852886e38) || !(grad <= 1e300))
        return false;
    int n = (int)sh->n, b = 0;
    while (b < n - 1 && f_lo >= sh->edge[b + 1])
        b++;
    double a_min = f_lo <= 0.0 && f_hi >= 0.0 ? 0.0 : (a_lo < a_hi ? a_lo : a_hi);
    double margin = f_err + round + (sh->d_c + a_max) * sh->rel_margin;
    double lo = sh->edge[b], hi = sh->edge[b + 1];
    if (!(f_lo - lo > margin && hi - f_hi > margin))
        return false;
    double reach = (double)sh->line_reach + 1e-6;
    double rg = reach * (1.0 + 4e-6) * px_world * grad, rfloor = reach * 2e-8 * sh->d_range;
    double cf = sh->d_c + a_min;
    for (int k = b; k <= b + 1; k++) {
        if (k < 1 || k > n - 1)
            continue;
        double e = sh->edge[k];
        double dist = (k == b ? f_lo - e : e - f_hi) - margin;
        double ce = sh->d_c + (a_max > fabs(e) ? a_max : fabs(e));
        if (!(dist * cf >= rg * ce && dist >= rfloor * ce))
            return false;
    }
    *band = b;
    return true;
}

/* The s x s cell whose top-left pixel is (i0, j0) (clipped to the view), corners c. */
static void soft_smooth_cell(const SoftFieldJob *job, int i0, int j0, int s, const SoftNode c[4])
{
    const View *v = job->view;
    if (i0 >= v->w || j0 >= v->h)
        return;
    int i1 = i0 + s < v->w ? i0 + s : v->w, j1 = j0 + s < v->h ? j0 + s : v->h;
    double scale = v->scale, d = s * scale;
    SoftNode mid = soft_node_eval(job, i0 + s / 2, j0 + s / 2);
    bool ok = soft_node_finite(&mid);
    for (int k = 0; k < 4 && ok; k++)
        ok = soft_node_finite(&c[k]);
    /* The check: along each edge the bicubic is the cubic Hermite of that edge's ends;
     * the quintic Hermite through the same ends with their second derivatives is exact for
     * a quartic, so the two differ at the midpoint by about the cubic's error there (where
     * it is largest), without an evaluation. */
    double err = 0.0;
    if (ok) {
        /* and the spline against the exact f at the centre, where the edges' estimates say
         * nothing about the cross terms */
        double hu[4], du[4], l[4], r[4];
        soft_hermite(0.5, hu, du);
        soft_hermite_edge(&c[0], &c[2], d, hu, du, l);
        soft_hermite_edge(&c[1], &c[3], d, hu, du, r);
        err = fabs(hu[0] * l[0] + hu[2] * r[0] + hu[1] * l[1] + hu[3] * r[1] - mid.f);
        ok = err <= SOFT_SMOOTH_TOL_PX * (fabs(mid.gx) + fabs(mid.gy)) * scale;
    }
    static const int EDGE[4][3] = {{0, 1, 0}, {2, 3, 0}, {0, 2, 1}, {1, 3, 1}};
    for (int k = 0; k < 4 && ok; k++) {
        const SoftNode *a = &c[EDGE[k][0]], *b = &c[EDGE[k][1]];
        bool along_y = EDGE[k][2];
        /* v runs down the screen, y up it: df/dv = -gy d */
        double pa = (along_y ? -a->gy : a->gx) * d, pb = (along_y ? -b->gy : b->gx) * d;
        double qa = (along_y ? a->hyy : a->hxx) * d * d, qb = (along_y ? b->hyy : b->hxx) * d * d;
        double e = fabs((pa - pb) / 32.0 + (qa + qb) / 64.0);
        double grad = 0.5 * (fabs(a->gx) + fabs(a->gy) + fabs(b->gx) + fabs(b->gy));
        ok = e <= SOFT_SMOOTH_TOL_PX * grad * scale;
        err = e > err ? e : err;
    }
    /* The bound each pixel is shaded under: the worst miss at the checks, with room for
     * the spline to miss more between them, and the corners' evaluation error (the spline
     * is theirs times weights that sum to 1, plus their gradients' terms, whose error is
     * of the same relative order: twice it covers them). */
    double node_err = mid.err;
    for (int k = 0; k < 4; k++)
        node_err = c[k].err > node_err ? c[k].err : node_err;
    err = SOFT_SMOOTH_ERR_SLACK * err + 2.0 * node_err + 1e-300;
    int one_band;
    if (ok && job->shade.fast && soft_cell_one_band(&job->shade, c, d, err, scale, &one_band)) {
        uint32_t fill;
        memcpy(&fill, job->shade.fill_bytes[one_band], sizeof fill);
        for (int j = j0; j < j1; j++) {
            unsigned char *out = soft_field_px(job, i0, j);
            for (int i = i0; i < i1; i++, out += 4)
                memcpy(out, &fill, sizeof fill);
        }
        return;
    }
    if (ok) {
        /* A row of the cell at a time: the spline's f and gradient in one loop, then the
         * fast path over all of them (soft_shade_fast_lanes), each pixel it leaves out
         * shaded alone, or evaluated exactly where the spline's error could show. */
        enum { L = SOFT_SMOOTH_CELL };
        double f[L], gx[L], gy[L];
        int band[L], fast[L];
        int step = SOFT_SMOOTH_CELL / s, n = i1 - i0;
        for (int j = j0; j < j1; j++) {
            double hv[4], dv[4], l[4], r[4];
            const double *bv = job->basis[(j - j0) * step];
            memcpy(hv, bv, sizeof hv);
            memcpy(dv, bv + 4, sizeof dv);
            soft_hermite_edge(&c[0], &c[2], d, hv, dv, l);
            soft_hermite_edge(&c[1], &c[3], d, hv, dv, r);
            soft_spline_row(n, step, job->basis_t, l, r, d, f, gx, gy);
            if (job->shade.fast)
                soft_shade_fast_lanes(&job->shade, n, f, gx, gy, err, scale, band, fast);
            int hint = 0;
            unsigned char *out = soft_field_px(job, i0, j);
            for (int k = 0; k < n; k++, out += 4) {
                int i = i0 + k;
                bool done = true;
                if (!job->shade.fast)
                    done = soft_shade_pixel_unless_near(&job->shade, job->fs, f[k], gx[k],
                                                        gy[k], err, scale, i, v->h - 1 - j,
                                                        &hint, out);
                else if (fast[k])
                    memcpy(out, job->shade.fill_bytes[band[k]], 4);
                else
                    done = soft_shade_pixel_slow(&job->shade, job->fs, f[k], gx[k], gy[k],
                                                 err, scale, i, v->h - 1 - j, out);
                if (!done)
                    soft_pixel_exact(job, i, j, &hint, out);
            }
        }
        return;
    }
    if (s <= SOFT_SMOOTH_MIN) {
        for (int j = j0; j < j1; j++) {
            int hint = 0;
            unsigned char *out = soft_field_px(job, i0, j);
            for (int i = i0; i < i1; i++, out += 4)
                soft_pixel_exact(job, i, j, &hint, out);
        }
        return;
    }
    int h = s / 2;
    SoftNode top = soft_node_eval(job, i0 + h, j0), left = soft_node_eval(job, i0, j0 + h);
    SoftNode right = soft_node_eval(job, i0 + s, j0 + h);
    SoftNode bottom = soft_node_eval(job, i0 + h, j0 + s);
    soft_smooth_cell(job, i0, j0, h, (SoftNode[4]){c[0], top, left, mid});
    soft_smooth_cell(job, i0 + h, j0, h, (SoftNode[4]){top, c[1], mid, right});
    soft_smooth_cell(job, i0, j0 + h, h, (SoftNode[4]){left, mid, c[2], bottom});
    soft_smooth_cell(job, i0 + h, j0 + h, h, (SoftNode[4]){mid, right, bottom, c[3]});
}

static void soft_smooth_node_rows(SoftFieldJob *job, int b0, int b1)
{
    for (int b = b0; b < b1; b++)
        for (int a = 0; a < job->nx; a++)
            job->snode[(size_t)b * (size_t)job->nx + (size_t)a] =
                soft_node_eval(job, a * SOFT_SMOOTH_CELL, b * SOFT_SMOOTH_CELL);
}

bool soft_nodes_eval(SoftNodes *n, const Landscape *ls, const View *v, int threads)
{
    memset(n, 0, sizeof *n);
    if (v->w <= 0 || v->h <= 0)
        return false;
    view_lattice_size(v, &n->nx, &n->ny);
    size_t count = (size_t)n->nx * (size_t)n->ny;
    n->node = malloc(sizeof *n->node * count);
    n->f = malloc(sizeof *n->f * count);
    if (!n->node || !n->f) {
        soft_nodes_free(n);
        return false;
    }
    SoftFieldJob job = {.ls = ls, .view = v, .nx = n->nx, .ny = n->ny, .snode = n->node};
    soft_parallel_chunked(soft_smooth_node_rows, &job, n->ny, 1, threads);
    for (size_t k = 0; k < count; k++)
        n->f[k] = n->node[k].f;
    n->ls = ls;
    n->view = *v;
    return true;
}

void soft_nodes_free(SoftNodes *n)
{
    free(n->node);
    free(n->f);
    memset(n, 0, sizeof *n);
}

static void soft_smooth_cell_rows(SoftFieldJob *job, int b0, int b1)
{
    size_t nx = (size_t)job->nx;
    for (int b = b0; b < b1; b++) {
        for (int a = 0; a + 1 < job->nx; a++) {
            const SoftNode *n = job->snode + (size_t)b * nx + (size_t)a;
            SoftNode c[4] = {n[0], n[1], n[nx], n[nx + 1]};
            soft_smooth_cell(job, a * SOFT_SMOOTH_CELL, b * SOFT_SMOOTH_CELL, SOFT_SMOOTH_CELL,
                             c);
        }
    }
}

/* soft_field_smooth_at from nodes (of ls and v), its bytes in that order. */
static bool soft_field_smooth_from(SoftCanvas *c, int x, int y, const SoftNodes *nodes,
                                   const FieldScale *fs, SoftByteOrder order, int threads)
{
    const View *v = &nodes->view;
    if (!soft_field_fits(c, x, y, v, fs))
        return false;
    SoftFieldJob job = {.canvas = c, .x0 = x, .y0 = y, .ls = nodes->ls, .view = v, .fs = fs,
                        .nx = nodes->nx, .ny = nodes->ny,
                        .snode = nodes->node};
    double basis[SOFT_SMOOTH_CELL + 1][8], basis_t[8][SOFT_SMOOTH_CELL + 1];
    for (int k = 0; k <= SOFT_SMOOTH_CELL; k++) {
        soft_hermite((double)k / SOFT_SMOOTH_CELL, basis[k], basis[k] + 4);
        for (int q = 0; q < 8; q++)
            basis_t[q][k] = basis[k][q];
    }
    job.basis = basis;
    job.basis_t = basis_t;
    soft_shade_init(&job.shade, fs, order);
    soft_parallel_chunked(soft_smooth_cell_rows, &job, job.ny - 1, 1, threads);
    return true;
}

/* The nodes, then soft_field_smooth_from (without them, out of memory: soft_field_at). */
bool soft_field_smooth_at(SoftCanvas *c, int x, int y, const Landscape *ls, const View *v,
                          const FieldScale *fs, int threads)
{
    if (!soft_field_fits(c, x, y, v, fs))
        return false;
    SoftNodes nodes;
    if (!soft_nodes_eval(&nodes, ls, v, threads))
        return soft_field_at(c, x, y, ls, v, fs, threads);
    bool ok = soft_field_smooth_from(c, x, y, &nodes, fs, SOFT_RGBA, threads);
    soft_nodes_free(&nodes);
    return ok;
}

bool soft_field_nodes_at(SoftCanvas *c, int x, int y, const SoftNodes *nodes,
                         const FieldScale *fs, SoftByteOrder order, int threads)
{
    return soft_field_smooth_from(c, x, y, nodes, fs, order, threads);
}

