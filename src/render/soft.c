/* soft.c - the CPU canvas: opaque RGBA8 pixels, a clip rectangle, and anti-aliased rects,
 * rounded rects, convex polygons, discs and thick polylines blended with straight alpha. The
 * polyline's coverage follows shaders/line.frag (a 1-px ramp at width / 2 from the segments)
 * and is accumulated in a coverage buffer first, so a polyline blends once where it overlaps.
 */
#include "render/soft.h"
#include "util/hugemem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Segments are clipped (in double) to the clip rectangle grown by this many pixels plus the
 * line's reach, so diverging runs at 1e30 keep precise float coordinates. */
static const double SOFT_CLIP_MARGIN = 4.0;

static float soft_clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int soft_mini(int a, int b)
{
    return a < b ? a : b;
}

static int soft_maxi(int a, int b)
{
    return a > b ? a : b;
}

/* v rounded toward zero and clamped to [lo, hi] (NaN gives lo). */
static int soft_clamp_int(double v, int lo, int hi)
{
    return v >= hi ? hi : v > lo ? (int)v : lo;
}

/* (d (255 - a) + s a) / 255, rounded (exact for all 8-bit inputs). */
static unsigned char soft_mix(unsigned d, unsigned s, unsigned a)
{
    unsigned x = d * (255u - a) + s * a + 128u;
    return (unsigned char)((x + (x >> 8)) >> 8);
}

/* Blends col over pixel p with alpha a (0..255); the pixel stays opaque. */
static void soft_blend(unsigned char *p, UiColor col, unsigned a)
{
    if (a == 0)
        return;
    if (a == 255) {
        p[0] = col.r;
        p[1] = col.g;
        p[2] = col.b;
        p[3] = 255;
        return;
    }
    p[0] = soft_mix(p[0], col.r, a);
    p[1] = soft_mix(p[1], col.g, a);
    p[2] = soft_mix(p[2], col.b, a);
    p[3] = 255;
}

/* The 0..255 alpha of a pixel with coverage cov in [0, 1]. */
static unsigned soft_alpha(float cov, UiColor col)
{
    return (unsigned)(cov * (float)col.a + 0.5f);
}

/* Blends pixels x0..x1-1 of row y (already clipped) with one alpha. */
static void soft_span(SoftCanvas *c, int y, int x0, int x1, UiColor col, unsigned a)
{
    unsigned char *p = c->rgba + ((size_t)y * (size_t)c->w + (size_t)x0) * 4;
    for (int x = x0; x < x1; x++, p += 4)
        soft_blend(p, col, a);
}

bool soft_canvas_init(SoftCanvas *c, int w, int h)
{
    memset(c, 0, sizeof *c);
    if (w <= 0 || h <= 0 || (size_t)w > ((size_t)1 << 30) / 4 / (size_t)h)
        return false;
    c->rgba = hugemem_alloc((size_t)w * (size_t)h * 4); /* 4 faults, not ~2000 */
    if (!c->rgba)
        return false;
    c->w = w;
    c->h = h;
    soft_clip_off(c);
    soft_clear(c, (UiColor){0, 0, 0, 255});
    return true;
}

void soft_canvas_free(SoftCanvas *c)
{
    free(c->rgba);
    free(c->cov);
    free(c->span);
    memset(c, 0, sizeof *c);
}

void soft_clear(SoftCanvas *c, UiColor col)
{
    for (int y = c->clip_y0; y < c->clip_y1; y++) {
        unsigned char *p = c->rgba + ((size_t)y * (size_t)c->w + (size_t)c->clip_x0) * 4;
        for (int x = c->clip_x0; x < c->clip_x1; x++, p += 4) {
            p[0] = col.r;
            p[1] = col.g;
            p[2] = col.b;
            p[3] = 255;
        }
    }
}

void soft_clip(SoftCanvas *c, int x, int y, int w, int h)
{
    /* In long: x + w may overflow int for absurd rectangles. */
    long x1 = (long)x + (w > 0 ? w : 0), y1 = (long)y + (h > 0 ? h : 0);
    c->clip_x0 = soft_maxi(x, 0);
    c->clip_y0 = soft_maxi(y, 0);
    c->clip_x1 = (int)(x1 < c->w ? x1 : c->w);
    c->clip_y1 = (int)(y1 < c->h ? y1 : c->h);
    if (c->clip_x1 < c->clip_x0)
        c->clip_x1 = c->clip_x0;
    if (c->clip_y1 < c->clip_y0)
        c->clip_y1 = c->clip_y0;
}

void soft_clip_off(SoftCanvas *c)
{
    c->clip_x0 = c->clip_y0 = 0;
    c->clip_x1 = c->w;
    c->clip_y1 = c->h;
}

/* First and one-past-last pixel index whose cell [i, i + 1) meets [lo, hi), clipped to
 * [cmin, cmax). Handles huge and non-finite bounds (nothing for NaN). */
static void soft_cells(double lo, double hi, int cmin, int cmax, int *i0, int *i1)
{
    *i0 = cmin;
    *i1 = cmin;
    if (!(lo < hi) || hi <= cmin || lo >= cmax)
        return;
    *i0 = lo > cmin ? (int)floor(lo) : cmin;
    *i1 = hi < cmax ? (int)ceil(hi) : cmax;
}

void soft_rect(SoftCanvas *c, float x, float y, float w, float h, UiColor col)
{
    double x0 = x, y0 = y, x1 = x0 + (double)w, y1 = y0 + (double)h;
    int i0, i1, j0, j1;
    soft_cells(x0, x1, c->clip_x0, c->clip_x1, &i0, &i1);
    soft_cells(y0, y1, c->clip_y0, c->clip_y1, &j0, &j1);
    if (i0 >= i1 || j0 >= j1 || col.a == 0)
        return;
    for (int j = j0; j < j1; j++) {
        double cy = fmin(j + 1.0, y1) - fmax((double)j, y0);
        /* Interior columns share one alpha; the two edge columns get their own. */
        unsigned a_row = soft_alpha((float)cy, col);
        for (int i = i0; i < i1;) {
            double cx = fmin(i + 1.0, x1) - fmax((double)i, x0);
            if (cx >= 1.0) {
                int e = i + 1;
                while (e < i1 && e + 1.0 <= x1)
                    e++;
                soft_span(c, j, i, e, col, a_row);
                i = e;
                continue;
            }
            soft_blend(c->rgba + ((size_t)j * (size_t)c->w + (size_t)i) * 4, col,
                       soft_alpha((float)(cx * cy), col));
            i++;
        }
    }
}

void soft_round_rect(SoftCanvas *c, float x, float y, float w, float h, float r, UiColor col)
{
    if (!(w > 0.0f && h > 0.0f) || col.a == 0)
        return;
    float rmax = 0.5f * (w < h ? w : h);
    r = r < rmax ? r : rmax;
    if (!(r >= 0.5f)) {
        soft_rect(c, x, y, w, h, col);
        return;
    }
    /* Signed distance to the rounded box: q = |p - centre| - (half size - r). */
    float cx = x + 0.5f * w, cy = y + 0.5f * h, ix = 0.5f * w - r, iy = 0.5f * h - r;
    int i0, i1, j0, j1;
    soft_cells(x, (double)x + (double)w, c->clip_x0, c->clip_x1, &i0, &i1);
    soft_cells(y, (double)y + (double)h, c->clip_y0, c->clip_y1, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        float qy = fabsf((float)j + 0.5f - cy) - iy;
        /* Between the corners the coverage is 1 for centres at least half a pixel inside the
         * left and right edges: one span; the edge pixels and the corner rows get the SDF. */
        int s0 = i1, s1 = i1;
        if (qy <= 0.0f) {
            s0 = soft_maxi(i0, soft_clamp_int(ceil(x), i0, i1));
            s1 = soft_maxi(s0, soft_clamp_int(floor((double)x + (double)w - 1.0) + 1.0, i0, i1));
            soft_span(c, j, s0, s1, col, col.a);
        }
        for (int i = i0; i < i1; i++) {
            if (i == s0)
                i = s1;
            if (i >= i1)
                break;
            float qx = fabsf((float)i + 0.5f - cx) - ix;
            float mx = qx > 0.0f ? qx : 0.0f, my = qy > 0.0f ? qy : 0.0f;
            float in = qx > qy ? qx : qy;
            float sd = sqrtf(mx * mx + my * my) + (in < 0.0f ? in : 0.0f) - r;
            soft_blend(c->rgba + ((size_t)j * (size_t)c->w + (size_t)i) * 4, col,
                       soft_alpha(soft_clampf(0.5f - sd, 0.0f, 1.0f), col));
        }
    }
}

void soft_disc(SoftCanvas *c, float x, float y, float r, UiColor col)
{
    if (!(r > 0.0f) || !isfinite(x) || !isfinite(y) || col.a == 0)
        return;
    float R = r + 0.5f, rin = r - 0.5f;
    float rin2 = rin > 0.0f ? rin * rin : -1.0f;
    int i0, i1, j0, j1;
    soft_cells((double)(x - R), (double)(x + R), c->clip_x0, c->clip_x1, &i0, &i1);
    soft_cells((double)(y - R), (double)(y + R), c->clip_y0, c->clip_y1, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        float dy = (float)j + 0.5f - y;
        for (int i = i0; i < i1; i++) {
            float dx = (float)i + 0.5f - x, d2 = dx * dx + dy * dy;
            float cov = d2 <= rin2 ? 1.0f : soft_clampf(R - sqrtf(d2), 0.0f, 1.0f);
            soft_blend(c->rgba + ((size_t)j * (size_t)c->w + (size_t)i) * 4, col,
                       soft_alpha(cov, col));
        }
    }
}

void soft_convex(SoftCanvas *c, const float *xy, int n, UiColor col)
{
    enum { MAX_PTS = 256 };
    if (n < 3 || col.a == 0)
        return;
    n = n > MAX_PTS ? MAX_PTS : n;
    double area = 0.0, ymin = INFINITY, ymax = -INFINITY, xmin = INFINITY, xmax = -INFINITY;
    for (int k = 0; k < n; k++) {
        int l = (k + 1) % n;
        if (!isfinite(xy[2 * k]) || !isfinite(xy[2 * k + 1]))
            return;
        double xk = xy[2 * k], yk = xy[2 * k + 1], xl = xy[2 * l], yl = xy[2 * l + 1];
        area += xk * yl - xl * yk;
        xmin = fmin(xmin, xk);
        xmax = fmax(xmax, xk);
        ymin = fmin(ymin, yk);
        ymax = fmax(ymax, yk);
    }
    if (!(fabs(area) > 1e-6))
        return;
    /* Inward unit normals: the signed distance n . p + k is positive inside. */
    float nx[MAX_PTS], ny[MAX_PTS], nk[MAX_PTS];
    int m = 0;
    float sign = area > 0.0 ? 1.0f : -1.0f;
    for (int e = 0; e < n; e++) {
        int l = (e + 1) % n;
        float dx = xy[2 * l] - xy[2 * e], dy = xy[2 * l + 1] - xy[2 * e + 1];
        float len = sqrtf(dx * dx + dy * dy);
        if (!(len > 1e-6f))
            continue;
        nx[m] = -dy / len * sign;
        ny[m] = dx / len * sign;
        nk[m] = -(nx[m] * xy[2 * e] + ny[m] * xy[2 * e + 1]);
        m++;
    }
    int i0, i1, j0, j1;
    soft_cells(xmin - 0.5, xmax + 0.5, c->clip_x0, c->clip_x1, &i0, &i1);
    soft_cells(ymin - 0.5, ymax + 0.5, c->clip_y0, c->clip_y1, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        float yc = (float)j + 0.5f;
        /* Pixel centres with every distance >= 0.5 are solid; compute the rest. */
        float lo = -INFINITY, hi = INFINITY;
        for (int e = 0; e < m; e++) {
            float k = ny[e] * yc + nk[e];
            if (nx[e] > 1e-9f)
                lo = fmaxf(lo, (0.5f - k) / nx[e]);
            else if (nx[e] < -1e-9f)
                hi = fminf(hi, (0.5f - k) / nx[e]);
            else if (k < 0.5f)
                hi = -INFINITY;
        }
        for (int i = i0; i < i1; i++) {
            float xc = (float)i + 0.5f;
            unsigned char *p = c->rgba + ((size_t)j * (size_t)c->w + (size_t)i) * 4;
            if (xc >= lo && xc <= hi) {
                soft_blend(p, col, col.a);
                continue;
            }
            float d = INFINITY;
            for (int e = 0; e < m; e++)
                d = fminf(d, nx[e] * xc + ny[e] * yc + nk[e]);
            soft_blend(p, col, soft_alpha(soft_clampf(0.5f + d, 0.0f, 1.0f), col));
        }
    }
}

static int soft_outcode(double x, double y, const double box[4])
{
    return (x < box[0]) | (x > box[2]) << 1 | (y < box[1]) << 2 | (y > box[3]) << 3;
}

/* Cohen-Sutherland: clips (x0, y0) -> (x1, y1) to box (lo_x, lo_y, hi_x, hi_y); false when
 * nothing is left. A clipped end is put exactly on the boundary and its other coordinate is
 * interpolated from the fraction of the way, so a segment from -1e30 to 1e30 along a row
 * keeps that row to the last bit. */
static bool soft_clip_segment(const double box[4], double *x0, double *y0, double *x1,
                              double *y1)
{
    for (int iter = 0; iter < 8; iter++) {
        int c0 = soft_outcode(*x0, *y0, box), c1 = soft_outcode(*x1, *y1, box);
        if (!(c0 | c1))
            return true;
        if (c0 & c1)
            return false;
        int code = c0 ? c0 : c1;
        double *px = c0 ? x0 : x1, *py = c0 ? y0 : y1;
        double qx = c0 ? *x1 : *x0, qy = c0 ? *y1 : *y0;
        if (code & 3) {
            double bx = code & 1 ? box[0] : box[2];
            *py += (qy - *py) * ((bx - *px) / (qx - *px));
            *px = bx;
        } else {
            double by = code & 4 ? box[1] : box[3];
            *px += (qx - *px) * ((by - *py) / (qy - *py));
            *py = by;
        }
    }
    return !(soft_outcode(*x0, *y0, box) | soft_outcode(*x1, *y1, box));
}

/* Adds one capsule (a -> b, coverage clamp(R - d, 0, 1)) to the coverage buffer by max. */
static void soft_capsule_cov(SoftCanvas *c, float ax, float ay, float bx, float by, float R)
{
    float dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    float inv_l2 = l2 > 1e-12f ? 1.0f / l2 : 0.0f;
    float rin = R - 1.0f, rin2 = rin > 0.0f ? rin * rin : -1.0f, R2 = R * R;
    int j0, j1;
    soft_cells((double)(fminf(ay, by) - R), (double)(fmaxf(ay, by) + R), c->clip_y0, c->clip_y1,
               &j0, &j1);
    for (int j = j0; j < j1; j++) {
        float yc = (float)j + 0.5f;
        /* The part of the segment within R of this row, widened by R: a safe column range. */
        float t0 = 0.0f, t1 = 1.0f;
        if (fabsf(dy) > 1e-6f) {
            float ta = (yc - R - ay) / dy, tb = (yc + R - ay) / dy;
            t0 = fmaxf(0.0f, fminf(ta, tb));
            t1 = fminf(1.0f, fmaxf(ta, tb));
            if (t0 > t1)
                continue;
        } else if (fabsf(yc - ay) >= R) {
            continue;
        }
        float xa = ax + dx * t0, xb = ax + dx * t1;
        int i0, i1;
        soft_cells(fminf(xa, xb) - R, fmaxf(xa, xb) + R, c->clip_x0, c->clip_x1, &i0, &i1);
        if (i0 >= i1)
            continue;
        unsigned char *cov = c->cov + (size_t)j * (size_t)c->w;
        int first = i1, last = -1;
        float py = yc - ay;
        for (int i = i0; i < i1; i++) {
            float px = (float)i + 0.5f - ax;
            float hh = soft_clampf((px * dx + py * dy) * inv_l2, 0.0f, 1.0f);
            float ex = px - dx * hh, ey = py - dy * hh, d2 = ex * ex + ey * ey;
            if (d2 >= R2)
                continue;
            float cv = d2 <= rin2 ? 1.0f : soft_clampf(R - sqrtf(d2), 0.0f, 1.0f);
            unsigned char c8 = (unsigned char)(cv * 255.0f + 0.5f);
            if (c8 > cov[i])
                cov[i] = c8;
            first = i < first ? i : first;
            last = i;
        }
        if (last >= 0) {
            c->span[2 * j] = soft_mini(c->span[2 * j], first);
            c->span[2 * j + 1] = soft_maxi(c->span[2 * j + 1], last);
        }
    }
}

static bool soft_scratch(SoftCanvas *c)
{
    if (c->cov)
        return true;
    /* In huge pages, cleared at once: a figure's paths touch most rows, and each fresh
     * small page costs a fault (~500 of them, 8 ms or more on this project's virtual
     * machines, against one or two for huge pages). */
    size_t n = (size_t)c->w * (size_t)c->h;
    c->cov = hugemem_alloc(n);
    if (c->cov)
        memset(c->cov, 0, n);
    c->span = malloc(sizeof(int) * 2 * (size_t)c->h);
    if (!c->cov || !c->span) {
        free(c->cov);
        free(c->span);
        c->cov = NULL;
        c->span = NULL;
        return false;
    }
    for (int j = 0; j < c->h; j++) {
        c->span[2 * j] = c->w;
        c->span[2 * j + 1] = -1;
    }
    return true;
}

void soft_polyline(SoftCanvas *c, const float *xy, int n, float width, UiColor col)
{
    if (n < 1 || !(width > 0.0f) || col.a == 0 || c->clip_x0 >= c->clip_x1 ||
        c->clip_y0 >= c->clip_y1 || !soft_scratch(c))
        return;
    float R = 0.5f * width + 0.5f;
    double m = (double)R + SOFT_CLIP_MARGIN;
    const double box[4] = {c->clip_x0 - m, c->clip_y0 - m, c->clip_x1 + m, c->clip_y1 + m};
    double ylo = INFINITY, yhi = -INFINITY; /* rows covered */
    for (int k = 0; k < (n > 1 ? n - 1 : 1); k++) {
        const float *a = xy + 2 * k, *b = n > 1 ? a + 2 : a;
        double x0 = a[0], y0 = a[1], x1 = b[0], y1 = b[1];
        if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) ||
            !soft_clip_segment(box, &x0, &y0, &x1, &y1))
            continue;
        soft_capsule_cov(c, (float)x0, (float)y0, (float)x1, (float)y1, R);
        ylo = fmin(ylo, fmin(y0, y1) - (double)R);
        yhi = fmax(yhi, fmax(y0, y1) + (double)R);
    }
    /* Blend what was covered, once, and leave the buffer zero for the next call. */
    int jlo, jhi;
    soft_cells(ylo - 1.0, yhi + 1.0, c->clip_y0, c->clip_y1, &jlo, &jhi);
    for (int j = jlo; j < jhi; j++) {
        int s0 = c->span[2 * j], s1 = c->span[2 * j + 1];
        if (s1 < s0)
            continue;
        unsigned char *cov = c->cov + (size_t)j * (size_t)c->w;
        unsigned char *p = c->rgba + ((size_t)j * (size_t)c->w + (size_t)s0) * 4;
        for (int i = s0; i <= s1; i++, p += 4) {
            if (cov[i]) {
                soft_blend(p, col, (cov[i] * (unsigned)col.a + 127u) / 255u);
                cov[i] = 0;
            }
        }
        c->span[2 * j] = c->w;
        c->span[2 * j + 1] = -1;
    }
}
