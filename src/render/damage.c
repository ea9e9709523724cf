/* damage.c - the changed boxes of a frame, merged into a few that do not meet. */
#include "render/damage.h"

#include <math.h>

/* Two boxes merge when their union is at most this much larger than their areas together:
 * a few more pixels cost less than another pass over the frame's commands. */
static const double DAMAGE_MERGE_SLACK = 1.25;

static int damage_min(int a, int b)
{
    return a < b ? a : b;
}

static int damage_max(int a, int b)
{
    return a > b ? a : b;
}

bool pixelbox_empty(PixelBox b)
{
    return b.x1 <= b.x0 || b.y1 <= b.y0;
}

bool pixelbox_meets(PixelBox a, PixelBox b)
{
    return !pixelbox_empty(a) && !pixelbox_empty(b) && a.x0 < b.x1 && b.x0 < a.x1 &&
           a.y0 < b.y1 && b.y0 < a.y1;
}

PixelBox pixelbox_union(PixelBox a, PixelBox b)
{
    if (pixelbox_empty(a))
        return b;
    if (pixelbox_empty(b))
        return a;
    return (PixelBox){damage_min(a.x0, b.x0), damage_min(a.y0, b.y0), damage_max(a.x1, b.x1),
                      damage_max(a.y1, b.y1)};
}

PixelBox pixelbox_intersect(PixelBox a, PixelBox b)
{
    return (PixelBox){damage_max(a.x0, b.x0), damage_max(a.y0, b.y0), damage_min(a.x1, b.x1),
                      damage_min(a.y1, b.y1)};
}

long pixelbox_area(PixelBox b)
{
    return pixelbox_empty(b) ? 0 : (long)(b.x1 - b.x0) * (long)(b.y1 - b.y0);
}

DamageBounds damage_bounds_none(void)
{
    return (DamageBounds){INFINITY, INFINITY, -INFINITY, -INFINITY};
}

void damage_bounds_add(DamageBounds *b, double x, double y)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    b->x0 = x < b->x0 ? x : b->x0;
    b->y0 = y < b->y0 ? y : b->y0;
    b->x1 = x > b->x1 ? x : b->x1;
    b->y1 = y > b->y1 ? y : b->y1;
}

bool damage_bounds_any(DamageBounds b)
{
    return b.x1 >= b.x0;
}

PixelBox damage_bounds_box(DamageBounds b, double pad)
{
    const double FAR = 1e6;
    if (!damage_bounds_any(b))
        return (PixelBox){0, 0, 0, 0};
    return (PixelBox){(int)floor(fmax(b.x0 - pad, -FAR)), (int)floor(fmax(b.y0 - pad, -FAR)),
                      (int)ceil(fmin(b.x1 + pad, FAR)), (int)ceil(fmin(b.y1 + pad, FAR))};
}

void damage_add(DamageList *d, PixelBox b)
{
    if (pixelbox_empty(b))
        return;
    if (d->n < DAMAGE_MAX_BOXES) {
        d->box[d->n++] = b;
        return;
    }
    int best = 0;
    long best_growth = -1;
    for (int i = 0; i < d->n; i++) {
        long growth = pixelbox_area(pixelbox_union(d->box[i], b)) - pixelbox_area(d->box[i]);
        if (best_growth < 0 || growth < best_growth) {
            best = i;
            best_growth = growth;
        }
    }
    d->box[best] = pixelbox_union(d->box[best], b);
}

/* Whether a and b should become one box. */
static bool damage_should_merge(PixelBox a, PixelBox b)
{
    if (pixelbox_meets(a, b))
        return true;
    double both = (double)(pixelbox_area(a) + pixelbox_area(b));
    return (double)pixelbox_area(pixelbox_union(a, b)) <= DAMAGE_MERGE_SLACK * both;
}

void damage_finish(DamageList *d, int w, int h)
{
    PixelBox frame = {0, 0, w, h};
    int n = 0;
    for (int i = 0; i < d->n; i++) {
        PixelBox b = pixelbox_intersect(d->box[i], frame);
        if (!pixelbox_empty(b))
            d->box[n++] = b;
    }
    /* Merge pairs until none should; a merged box may now meet others, so start over. */
    bool merged = true;
    while (merged) {
        merged = false;
        for (int i = 0; i < n && !merged; i++) {
            for (int j = i + 1; j < n; j++) {
                if (damage_should_merge(d->box[i], d->box[j])) {
                    d->box[i] = pixelbox_union(d->box[i], d->box[j]);
                    d->box[j] = d->box[--n];
                    merged = true;
                    break;
                }
            }
        }
    }
    d->n = n;
}

long damage_area(const DamageList *d)
{
    long a = 0;
    for (int i = 0; i < d->n; i++)
        a += pixelbox_area(d->box[i]);
    return a;
}
