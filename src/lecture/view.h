/* view.h - the 2D camera over parameter space: equal scale on both axes, always.
 *
 * A View maps world (theta1 = x, theta2 = y) to drawable pixels: the world point (cx, cy) sits at
 * the centre of the w x h pixel viewport and one pixel spans `scale` world units on BOTH axes,
 * so steepest descent looks perpendicular to the contours. Screen pixels have y pointing down.
 * libc + cglm only: testable without a display.
 */
#ifndef LOSSLENS_VIEW_H
#define LOSSLENS_VIEW_H

#include <stdbool.h>

#include <cglm/cglm.h>

#include "landscape/landscape.h"

typedef struct {
    double cx, cy; /* world point at the viewport centre */
    double scale;  /* world units per pixel, > 0 */
    int w, h;      /* viewport size in pixels, > 0 */
} View;

enum { VIEW_MAX_TICKS = 64 };

/* The smallest equal-scale view of a w x h viewport that contains box, centred on it. A
 * degenerate box (zero width or height) still gets a positive scale. */
View view_fit(const ViewBox *box, int w, int h);
/* view_fit into the part of the w x h viewport right of `left` and above `bottom` pixels (the
 * axis strips drawn over the plot): the box is whole and centred there, the strips show more
 * of the landscape beyond it. */
View view_fit_inset(const ViewBox *box, int w, int h, int left, int bottom);
/* box grown, keeping its aspect's centre, so that (x, y) lies at least `frac` of its width
 * and height inside it (a start point on the edge of a landscape's window). */
ViewBox view_box_include(ViewBox box, double x, double y, double frac);

/* The world rectangle the viewport shows. */
ViewBox view_bounds(const View *v);
/* Whether a and b are the same view: centre, scale and size, bit for bit. */
bool view_equal(const View *a, const View *b);

/* Screen pixel (x right, y down; (0,0) = top-left corner of the viewport) <-> world. */
void view_screen_to_world(const View *v, double sx, double sy, double *wx, double *wy);
void view_world_to_screen(const View *v, double wx, double wy, double *sx, double *sy);

/* The lattice of pixel centres every VIEW_LATTICE_PX pixels from the view's top-left one:
 * point (a, b), 0 <= a < nx, 0 <= b < ny, at pixel (a VIEW_LATTICE_PX, b VIEW_LATTICE_PX)
 * (view_screen_to_world of its centre), the last column and row at or past the view's
 * right and bottom edges. A data landscape's field is interpolated between its values there
 * (render/soft_field.c), and its colour scale is fitted to the same values (colormap.h). */
enum { VIEW_LATTICE_PX = 32 };
void view_lattice_size(const View *v, int *nx, int *ny);
void view_lattice_point(const View *v, int a, int b, double *x, double *y);

/* Moves the view so the content follows a mouse drag of (dx, dy) pixels. */
void view_pan(View *v, double dx_px, double dy_px);

/* Zooms by factor (> 1 zooms in) keeping the world point under screen pixel (sx, sy) fixed. The
 * scale is clamped to [1e-12, 1e12] world units per pixel. */
void view_zoom_at(View *v, double sx, double sy, double factor);

/* A new viewport size keeping the centre and the scale. */
void view_resize(View *v, int w, int h);

/* World -> clip-space matrix (glm_ortho of the bounds). Float: world coordinates are shifted by
 * (ox, oy) first, so pass the origin the vertex data is relative to (0, 0 for absolute). */
void view_matrix(const View *v, double ox, double oy, mat4 dest);

/* Pixel -> clip-space matrix for overlays: (0,0) top-left, (w,h) bottom-right. */
void view_pixel_matrix(int w, int h, mat4 dest);

/* The "nice" step (1, 2 or 5 times a power of ten) closest to (hi - lo) / target from above. */
double view_nice_step(double lo, double hi, int target);

/* Tick values at multiples of view_nice_step(lo, hi, target) inside [lo, hi]: writes up to max
 * values into out and returns how many. *step receives the step (may be NULL). Values that
 * should be zero are exactly zero. */
int view_ticks(double lo, double hi, int target, double *out, int max, double *step);

/* Formats a tick value for a label with as many decimals as the step needs ("0.5", "-2",
 * "1e-05" for tiny or huge steps). Uses the true minus sign U+2212. */
void view_format_tick(double value, double step, char *buf, int len);

#endif
