/* pathlod.c - on-the-fly path simplification (sleeve fitting) for both backends: the GL
 * trajectory buffers and the CPU canvas's paths go through it with the same tolerance in
 * pixels, so both figures draw the same vertices.
 */
#include "figure/pathlod.h"

#include <math.h>
#include <stdlib.h>

static const double PATHLOD_TWO_PI = 6.283185307179586;

void pathlod_start(PathLod *p, double tol, double x, double y)
{
    *p = (PathLod){.tol = tol, .n = 1, .ax = x, .ay = y};
}

/* Makes the tail a final vertex: the next segment starts there. */
static void pathlod_finish_tail(PathLod *p)
{
    p->n++;
    p->ax = p->tx;
    p->ay = p->ty;
    p->tail = p->sleeve = false;
    p->maxd = 0.0;
}

bool pathlod_add(PathLod *p, double x, double y, double *fx, double *fy)
{
    bool finished = false;
    for (;;) {
        double vx = x - p->ax, vy = y - p->ay, d = hypot(vx, vy);
        double off = 0.0, half = 0.0;
        if (d > p->tol) {
            half = asin(p->tol / d);
            off = p->sleeve ? remainder(atan2(vy, vx) - p->base, PATHLOD_TWO_PI) : 0.0;
        }
        if (p->tail) {
            /* Within the sleeve, and not back behind the farthest point so far. */
            bool dir = d <= p->tol || !p->sleeve || (off >= p->lo && off <= p->hi);
            if (!dir || d < p->maxd - p->tol) {
                *fx = p->tx;
                *fy = p->ty;
                pathlod_finish_tail(p);
                finished = true;
                continue;
            }
        }
        if (d > p->tol) {
            if (!p->sleeve) {
                p->sleeve = true;
                p->base = atan2(vy, vx);
                p->lo = -half;
                p->hi = half;
            } else {
                p->lo = fmax(p->lo, off - half);
                p->hi = fmin(p->hi, off + half);
            }
        }
        p->maxd = fmax(p->maxd, d);
        p->tx = x;
        p->ty = y;
        p->tail = true;
        if (!(p->tol > 0.0)) { /* no simplification: every point is final at once */
            *fx = x;
            *fy = y;
            pathlod_finish_tail(p);
            return true;
        }
        return finished;
    }
}

double pathlod_world_tol(double scale)
{
    if (!(scale > 0.0) || !isfinite(scale))
        return 0.0;
    int e;
    frexp(scale, &e); /* scale = m * 2^e, m in [0.5, 1): 2^(e-1) <= scale */
    return PATHLOD_PX * ldexp(1.0, e - 1);
}

void pathseen_init(PathSeen *s)
{
    *s = (PathSeen){0};
}

void pathseen_free(PathSeen *s)
{
    free(s->keys);
    *s = (PathSeen){0};
}

void pathseen_reset(PathSeen *s, double cell)
{
    s->cell = cell;
    s->n = 0;
    for (long i = 0; i < 4 * s->cap; i++)
        s->keys[i] = INT32_MIN;
}

static uint64_t pathseen_hash(const int32_t *k)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 4; i++) {
        h ^= (uint32_t)k[i];
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    return h;
}

/* Slot of key k in a table of cap slots (a power of two): where it is, or the empty one. */
static long pathseen_slot(const int32_t *keys, long cap, const int32_t *k)
{
    long i = (long)(pathseen_hash(k) & (uint64_t)(cap - 1));
    while (keys[4 * i] != INT32_MIN &&
           !(keys[4 * i] == k[0] && keys[4 * i + 1] == k[1] && keys[4 * i + 2] == k[2] &&
             keys[4 * i + 3] == k[3]))
        i = (i + 1) & (cap - 1);
    return i;
}

static bool pathseen_grow(PathSeen *s)
{
    long cap = s->cap > 0 ? 2 * s->cap : 1024;
    int32_t *keys = malloc(sizeof *keys * 4 * (size_t)cap);
    if (!keys)
        return false;
    for (long i = 0; i < 4 * cap; i++)
        keys[i] = INT32_MIN;
    for (long i = 0; i < s->cap; i++) {
        if (s->keys[4 * i] == INT32_MIN)
            continue;
        long j = pathseen_slot(keys, cap, s->keys + 4 * i);
        for (int c = 0; c < 4; c++)
            keys[4 * j + c] = s->keys[4 * i + c];
    }
    free(s->keys);
    s->keys = keys;
    s->cap = cap;
    return true;
}

bool pathseen_add(PathSeen *s, double ax, double ay, double bx, double by)
{
    if (!(s->cell > 0.0))
        return false;
    const double lim = 1073741824.0; /* 2^30 cells */
    double c[4] = {floor(ax / s->cell), floor(ay / s->cell), floor(bx / s->cell),
                   floor(by / s->cell)};
    for (int i = 0; i < 4; i++) {
        if (!(fabs(c[i]) < lim))
            return false;
    }
    int32_t k[4] = {(int32_t)c[0], (int32_t)c[1], (int32_t)c[2], (int32_t)c[3]};
    if (k[2] < k[0] || (k[2] == k[0] && k[3] < k[1])) { /* either way round */
        int32_t t0 = k[0], t1 = k[1];
        k[0] = k[2];
        k[1] = k[3];
        k[2] = t0;
        k[3] = t1;
    }
    if (s->cap > 0) {
        long i = pathseen_slot(s->keys, s->cap, k);
        if (s->keys[4 * i] != INT32_MIN)
            return true;
    }
    if (2 * (s->n + 1) > s->cap && !pathseen_grow(s))
        return false;
    long i = pathseen_slot(s->keys, s->cap, k);
    for (int j = 0; j < 4; j++)
        s->keys[4 * i + j] = k[j];
    s->n++;
    return false;
}
