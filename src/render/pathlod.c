/* pathlod.c - on-the-fly path simplification (sleeve fitting) for both backends: the GL
 * trajectory buffers and the CPU canvas's paths go through it with the same tolerance in
 * pixels, so both figures draw the same vertices.
 */
#include "render/pathlod.h"

#include <math.h>

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
