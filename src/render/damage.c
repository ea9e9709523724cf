/* damage.c - the changed boxes of a frame, merged into a few that do not meet. */
#include "render/damage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

bool pixelbox_contains(PixelBox a, PixelBox b)
{
    return pixelbox_empty(b) ||
           (b.x0 >= a.x0 && b.y0 >= a.y0 && b.x1 <= a.x1 && b.y1 <= a.y1);
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
    for (int i = 0; i < d->n; i++)
        if (pixelbox_contains(d->box[i], b))
            return; /* already damaged (a drawing that changed, seen twice) */
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

bool damage_grid_reset(DamageGrid *g, int w, int h)
{
    w = w > 0 ? w : 0;
    h = h > 0 ? h : 0;
    int cols = (w + DAMAGE_TILE - 1) / DAMAGE_TILE, rows = (h + DAMAGE_TILE - 1) / DAMAGE_TILE;
    if (cols != g->cols || rows != g->rows) {
        unsigned char *cell = malloc((size_t)(cols * rows > 0 ? cols * rows : 1));
        if (!cell) {
            damage_grid_free(g);
            return false;
        }
        free(g->cell);
        g->cell = cell;
    }
    *g = (DamageGrid){w, h, cols, rows, g->cell};
    memset(g->cell, 0, (size_t)(cols * rows));
    return true;
}

void damage_grid_free(DamageGrid *g)
{
    free(g->cell);
    *g = (DamageGrid){0, 0, 0, 0, NULL};
}

void damage_grid_mark(DamageGrid *g, PixelBox b)
{
    b = pixelbox_intersect(b, (PixelBox){0, 0, g->w, g->h});
    if (pixelbox_empty(b))
        return;
    int c0 = b.x0 / DAMAGE_TILE, c1 = (b.x1 - 1) / DAMAGE_TILE;
    for (int y = b.y0 / DAMAGE_TILE; y <= (b.y1 - 1) / DAMAGE_TILE; y++)
        memset(g->cell + (size_t)(y * g->cols + c0), 1, (size_t)(c1 - c0 + 1));
}

void damage_grid_mark_all(DamageGrid *g)
{
    memset(g->cell, 1, (size_t)(g->cols * g->rows));
}

void damage_grid_mark_grid(DamageGrid *g, const DamageGrid *src)
{
    if (src->cols != g->cols || src->rows != g->rows) {
        damage_grid_mark_all(g); /* not the same target: nothing to go by */
        return;
    }
    for (int k = 0; k < g->cols * g->rows; k++)
        g->cell[k] |= src->cell[k];
}

/* Whether the tiles [x0, x1) of row y are marked and in no box yet. */
static bool damage_grid_row_free(const DamageGrid *g, int y, int x0, int x1)
{
    for (int x = x0; x < x1; x++)
        if (g->cell[y * g->cols + x] != 1)
            return false;
    return true;
}

/* Calls emit with rectangles of marked tiles (cut to the target) that cover them and do not
 * meet, each as wide, then as tall, as it can be. Bit 1 of a cell marks the tiles already
 * given; cleared again at the end. */
static void damage_grid_cover(DamageGrid *g, void (*emit)(void *user, PixelBox b), void *user)
{
    unsigned char *cell = g->cell;
    int cols = g->cols, rows = g->rows;
    for (int y = 0; y < rows; y++) {
        for (int x = 0; x < cols; x++) {
            if (cell[y * cols + x] != 1)
                continue;
            int x1 = x + 1, y1 = y + 1;
            while (x1 < cols && cell[y * cols + x1] == 1)
                x1++;
            while (y1 < rows && damage_grid_row_free(g, y1, x, x1))
                y1++;
            for (int j = y; j < y1; j++)
                memset(cell + (size_t)(j * cols + x), 3, (size_t)(x1 - x));
            emit(user, pixelbox_intersect((PixelBox){x * DAMAGE_TILE, y * DAMAGE_TILE,
                                                     x1 * DAMAGE_TILE, y1 * DAMAGE_TILE},
                                          (PixelBox){0, 0, g->w, g->h}));
        }
    }
    for (int k = 0; k < cols * rows; k++)
        cell[k] &= 1;
}

typedef struct {
    DamageList *d;
    int dx, dy;
} DamageGridToList;

static void damage_grid_to_list(void *user, PixelBox b)
{
    DamageGridToList *t = user;
    damage_add(t->d, (PixelBox){b.x0 + t->dx, b.y0 + t->dy, b.x1 + t->dx, b.y1 + t->dy});
}

void damage_grid_boxes(DamageGrid *g, int dx, int dy, DamageList *d)
{
    damage_grid_cover(g, damage_grid_to_list, &(DamageGridToList){d, dx, dy});
}

typedef struct {
    PixelBox *out;
    int n;
} DamageGridToArray;

static void damage_grid_to_array(void *user, PixelBox b)
{
    DamageGridToArray *t = user;
    t->out[t->n++] = b;
}

int damage_grid_rects(DamageGrid *g, PixelBox *out)
{
    DamageGridToArray t = {out, 0};
    damage_grid_cover(g, damage_grid_to_array, &t);
    return t.n;
}
