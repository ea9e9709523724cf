/* soft_field.c - the contour field on the CPU, for exports without OpenGL: per pixel one
 * landscape_eval (value and gradient), colormap_fwidth and colormap_shade (colormap_hatch where
 * f is undefined), rounded to bytes, with the rows shared among pthreads. The shading is colormap_shade's arithmetic, operation for
 * operation, with the two viridis lookups taken from tables of the `levels` band colors
 * (tests/test_soft.c checks every pixel against colormap_shade itself).
 */
#include "render/soft.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* colormap.c's LINE_FADE_PX and LINE_FADE_RANGE_PX: contour lines fade out where neighbouring
 * lines come closer than this many pixels. */
static const float SOFT_FADE_PX = 3.0f, SOFT_FADE_RANGE_PX = 5.0f;

enum { SOFT_FIELD_MAX_THREADS = 64, SOFT_FIELD_CHUNK_ROWS = 4 };

/* The constants of colormap_shade for one FieldScale, and its colors per band and level. */
typedef struct {
    float n, c, s_lo, range, line_reach, line_alpha;
    double d_range, d_c;
    float fill[COLORMAP_LEVELS_MAX][3];
    float line[COLORMAP_LEVELS_MAX + 1][3];
    unsigned char fill_bytes[COLORMAP_LEVELS_MAX][4];
} SoftShade;

typedef struct {
    SoftCanvas *canvas;
    int x0, y0; /* where the view's top-left pixel goes */
    const Landscape *ls;
    const View *view;
    const FieldScale *fs;
    SoftShade shade;
    /* soft_field_sampled_at: f, gx, gy at the nodes, node (a, b) at pixel centre
     * ((a - 1) step, (b - 1) step) of the view, nx x ny of them. */
    int step, nx, ny;
    double *node;
} SoftFieldJob;

/* Rows [0, rows) of some work, shared among threads in chunks. */
typedef struct {
    void (*rows)(SoftFieldJob *job, int j0, int j1);
    SoftFieldJob *job;
    int n;
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

static void soft_shade_init(SoftShade *s, const FieldScale *fs)
{
    memset(s, 0, sizeof *s);
    int levels = fs->levels;
    s->n = (float)levels;
    s->c = fs->c;
    s->s_lo = fs->s_lo;
    s->range = fs->s_hi - fs->s_lo;
    s->line_reach = 0.5f * fs->line_px + 0.5f;
    s->line_alpha = fs->line_alpha;
    s->d_range = (double)fs->s_hi - (double)fs->s_lo;
    s->d_c = (double)fs->c;
    for (int b = 0; b < levels && b < COLORMAP_LEVELS_MAX; b++) {
        colormap_viridis(((float)b + 0.5f) / s->n, s->fill[b]);
        for (int ch = 0; ch < 3; ch++)
            s->fill_bytes[b][ch] = soft_field_round(s->fill[b][ch] * 255.0f);
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

/* One pixel: colormap_fwidth then colormap_shade, the same float operations in the same
 * order; a non-finite t takes the reference functions themselves. Most pixels are off the
 * contour lines, where colormap_shade returns the band's fill exactly: those skip the line
 * arithmetic (and fw, which only the lines use) and copy the band's bytes. */
static void soft_shade_pixel(const SoftShade *s, const FieldScale *fs, double f, double gx,
                             double gy, double px_world, int px, int py, unsigned char *out)
{
    float ff = (float)f;
    if (!colormap_defined(ff)) {
        /* f undefined: the shader's hatch (colormap_hatch), not a colour of the map. */
        out[0] = out[1] = out[2] = colormap_hatch(px, py);
        out[3] = 255;
        return;
    }
    float sl = logf(1.0f + fabsf(ff) / s->c);
    sl = ff < 0.0f ? -sl : sl;
    float t = (sl - s->s_lo) / s->range;
    float rgb[3];
    if (!isfinite(t)) {
        colormap_shade(fs, ff, colormap_fwidth(fs, f, gx, gy, px_world), rgb);
        for (int ch = 0; ch < 3; ch++)
            out[ch] = soft_field_round(rgb[ch] * 255.0f);
        out[3] = 255;
        return;
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
                out[ch] = soft_field_round((fill[ch] + (line[ch] - fill[ch]) * a) * 255.0f);
            out[3] = 255;
            return;
        }
    }
    /* No line here: colormap_shade adds (line - fill) * 0 to the fill, which leaves it. */
    memcpy(out, s->fill_bytes[b], 4);
}

static void soft_field_rows(SoftFieldJob *job, int j0, int j1)
{
    const View *v = job->view;
    double scale = v->scale, half_w = 0.5 * v->w, half_h = 0.5 * v->h;
    for (int j = j0; j < j1; j++) {
        /* view_screen_to_world at the pixel centre, to the bit. */
        double y = v->cy - ((j + 0.5) - half_h) * scale;
        const SoftCanvas *c = job->canvas;
        unsigned char *out =
            c->rgba + ((size_t)(j + job->y0) * (size_t)c->w + (size_t)job->x0) * 4;
        for (int i = 0; i < v->w; i++, out += 4) {
            double x = v->cx + ((i + 0.5) - half_w) * scale;
            double g[2];
            double f = landscape_eval(job->ls, x, y, g, NULL);
            soft_shade_pixel(&job->shade, job->fs, f, g[0], g[1], scale, i, v->h - 1 - j, out);
        }
    }
}

static void *soft_parallel_worker(void *arg)
{
    SoftParallel *p = arg;
    for (;;) {
        int j0 = atomic_fetch_add(&p->next, SOFT_FIELD_CHUNK_ROWS);
        if (j0 >= p->n)
            return NULL;
        p->rows(p->job, j0, j0 + SOFT_FIELD_CHUNK_ROWS < p->n ? j0 + SOFT_FIELD_CHUNK_ROWS : p->n);
    }
}

/* Runs rows(job, ...) over [0, n) on `threads` threads (the caller's among them). */
static void soft_parallel(void (*rows)(SoftFieldJob *, int, int), SoftFieldJob *job, int n,
                          int threads)
{
    SoftParallel p = {.rows = rows, .job = job, .n = n};
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

/* Rows of nodes: f and the gradient at each node's pixel centre. */
static void soft_field_node_rows(SoftFieldJob *job, int b0, int b1)
{
    const View *v = job->view;
    double scale = v->scale, half_w = 0.5 * v->w, half_h = 0.5 * v->h;
    for (int b = b0; b < b1; b++) {
        double y = v->cy - (((b - 1) * job->step + 0.5) - half_h) * scale;
        double *node = job->node + (size_t)b * (size_t)job->nx * 3;
        for (int a = 0; a < job->nx; a++, node += 3) {
            double x = v->cx + (((a - 1) * job->step + 0.5) - half_w) * scale;
            node[0] = landscape_eval(job->ls, x, y, node + 1, NULL);
        }
    }
}

/* Catmull-Rom weights of the four nodes around fraction t in [0, 1) of the middle span. */
static void soft_catmull_rom(double t, double w[4])
{
    double t2 = t * t, t3 = t2 * t;
    w[0] = 0.5 * (-t3 + 2.0 * t2 - t);
    w[1] = 0.5 * (3.0 * t3 - 5.0 * t2 + 2.0);
    w[2] = 0.5 * (-3.0 * t3 + 4.0 * t2 + t);
    w[3] = 0.5 * (t3 - t2);
}

/* Rows of pixels from the nodes: the four node rows around a pixel row are combined first
 * (one row of f, gx, gy per node column), then four of those per pixel. A pixel whose
 * interpolated f is not finite (a non-finite node nearby) is evaluated itself. */
static void soft_field_sampled_rows(SoftFieldJob *job, int j0, int j1)
{
    const View *v = job->view;
    const SoftCanvas *c = job->canvas;
    int step = job->step, nx = job->nx;
    double scale = v->scale, half_w = 0.5 * v->w, half_h = 0.5 * v->h;
    double *row = malloc(sizeof *row * 3 * (size_t)nx);
    if (!row) {
        /* Out of memory: these rows the exact way. */
        soft_field_rows(job, j0, j1);
        return;
    }
    for (int j = j0; j < j1; j++) {
        double wy[4];
        soft_catmull_rom((double)(j % step) / step, wy);
        const double *n0 = job->node + (size_t)(j / step) * (size_t)nx * 3;
        for (int k = 0; k < 3 * nx; k++) {
            const double *q = n0 + k;
            size_t stride = (size_t)nx * 3;
            row[k] = wy[0] * q[0] + wy[1] * q[stride] + wy[2] * q[2 * stride] +
                     wy[3] * q[3 * stride];
        }
        unsigned char *out =
            c->rgba + ((size_t)(j + job->y0) * (size_t)c->w + (size_t)job->x0) * 4;
        for (int i = 0; i < v->w; i++, out += 4) {
            double wx[4];
            soft_catmull_rom((double)(i % step) / step, wx);
            const double *q = row + (size_t)(i / step) * 3;
            double val[3];
            for (int ch = 0; ch < 3; ch++)
                val[ch] = wx[0] * q[ch] + wx[1] * q[3 + ch] + wx[2] * q[6 + ch] +
                          wx[3] * q[9 + ch];
            if (!isfinite(val[0])) {
                double x = v->cx + ((i + 0.5) - half_w) * scale;
                double y = v->cy - ((j + 0.5) - half_h) * scale;
                val[0] = landscape_eval(job->ls, x, y, val + 1, NULL);
            }
            soft_shade_pixel(&job->shade, job->fs, val[0], val[1], val[2], scale, i,
                             v->h - 1 - j, out);
        }
    }
    free(row);
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
    soft_shade_init(&job.shade, fs);
    soft_parallel(soft_field_rows, &job, v->h, threads);
    return true;
}

bool soft_field_sampled_at(SoftCanvas *c, int x, int y, const Landscape *ls, const View *v,
                           const FieldScale *fs, int step, int threads)
{
    if (step <= 1)
        return soft_field_at(c, x, y, ls, v, fs, threads);
    if (!soft_field_fits(c, x, y, v, fs))
        return false;
    SoftFieldJob job = {.canvas = c, .x0 = x, .y0 = y, .ls = ls, .view = v, .fs = fs,
                        .step = step, .nx = (v->w - 1) / step + 4, .ny = (v->h - 1) / step + 4};
    job.node = malloc(sizeof *job.node * 3 * (size_t)job.nx * (size_t)job.ny);
    if (!job.node)
        return soft_field_at(c, x, y, ls, v, fs, threads);
    soft_shade_init(&job.shade, fs);
    soft_parallel(soft_field_node_rows, &job, job.ny, threads);
    soft_parallel(soft_field_sampled_rows, &job, v->h, threads);
    free(job.node);
    return true;
}
