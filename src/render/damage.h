/* damage.h - the parts of a frame that changed: a short list of pixel boxes that the window
 * redraws and presents instead of the whole frame (render/canvas_record.h). GL-free: libc.
 */
#ifndef LOSSLENS_DAMAGE_H
#define LOSSLENS_DAMAGE_H

#include <stdbool.h>

/* The pixels [x0, x1) x [y0, y1) of a target, y down; empty when x1 <= x0 or y1 <= y0. */
typedef struct {
    int x0, y0, x1, y1;
} PixelBox;

enum { DAMAGE_MAX_BOXES = 48 };

/* Boxes that together cover every changed pixel (they may cover more). */
typedef struct {
    PixelBox box[DAMAGE_MAX_BOXES];
    int n;
} DamageList;

bool pixelbox_empty(PixelBox b);
/* Whether a and b share a pixel. */
bool pixelbox_meets(PixelBox a, PixelBox b);
/* The smallest box holding both (an empty one adds nothing). */
PixelBox pixelbox_union(PixelBox a, PixelBox b);
PixelBox pixelbox_intersect(PixelBox a, PixelBox b);
long pixelbox_area(PixelBox b);
/* Whether every pixel of b is in a (an empty b is in every box). */
bool pixelbox_contains(PixelBox a, PixelBox b);

/* The smallest box around the points added to it one at a time (non-finite ones ignored):
 * start from damage_bounds_none(). */
typedef struct {
    double x0, y0, x1, y1;
} DamageBounds;
DamageBounds damage_bounds_none(void);
void damage_bounds_add(DamageBounds *b, double x, double y);
/* Whether a point was added. */
bool damage_bounds_any(DamageBounds b);
/* The pixels within pad of b (empty when no point was added), cut to a million pixels either
 * side of 0: past that, any target's box says the same, and the numbers stay ints. */
PixelBox damage_bounds_box(DamageBounds b, double pad);

/* Adds b (empty or inside a box of d: nothing). A full list grows the box whose area grows
 * least to hold b. */
void damage_add(DamageList *d, PixelBox b);

/* Makes the list what a redraw wants: each box cut to the w x h target, and boxes that meet
 * (or whose union costs little more than the two: DAMAGE_MERGE_SLACK) merged until no two
 * meet, so each pixel lies in at most one box and a drawing that must be drawn whole (one
 * that covers a whole box of the list) lies in exactly one. */
void damage_finish(DamageList *d, int w, int h);
/* The union's pixel count after damage_finish. */
long damage_area(const DamageList *d);

/* Which pixels of a w x h target changed, to the tile: many small boxes (a thousand paths'
 * heads) marked one by one, kept apart where they lie apart, which the DamageList's few boxes
 * cannot do. Zero-initialized it is empty and 0 x 0; free with damage_grid_free. */
enum { DAMAGE_TILE = 16 }; /* pixels per tile side */
typedef struct {
    int w, h, cols, rows;
    unsigned char *cell; /* cols x rows tiles, row by row: nonzero where marked */
} DamageGrid;

/* Makes g a w x h target's grid with nothing marked. false when out of memory (g is then
 * empty and 0 x 0). */
bool damage_grid_reset(DamageGrid *g, int w, int h);
void damage_grid_free(DamageGrid *g);
/* Marks the tiles b (pixels, cut to the target) meets. */
void damage_grid_mark(DamageGrid *g, PixelBox b);
/* Marks every tile. */
void damage_grid_mark_all(DamageGrid *g);
/* Marks in g what src marks (the same size). */
void damage_grid_mark_grid(DamageGrid *g, const DamageGrid *src);
/* Adds to d boxes, moved by (dx, dy), that cover the marked tiles (cut to the target) and no
 * other: rectangles of tiles that do not meet, each as wide, then as tall, as it can be
 * (damage_add merges them when d fills up). g is left as it was (its cells are the scratch). */
void damage_grid_boxes(DamageGrid *g, int dx, int dy, DamageList *d);
/* The same rectangles, all of them, unmoved, into out (room for cols x rows boxes, the most
 * there can be); returns how many. */
int damage_grid_rects(DamageGrid *g, PixelBox *out);

#endif
