/* colormap.h - how a loss value becomes a color: the symmetric-log scale, the level bands, the
 * anti-aliased contour lines and the viridis colormap.
 *
 * This is the CPU reference of shaders/field.frag: the fragment shader does the same arithmetic
 * with the same constants (the viridis coefficients are injected into the shader source by
 * colormap_glsl_constants, so there is one copy of them). libc only; no GL.
 */
#ifndef LOSSLENS_COLORMAP_H
#define LOSSLENS_COLORMAP_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "landscape/landscape.h"
#include "lecture/view.h"

enum { COLORMAP_LEVELS_MIN = 4, COLORMAP_LEVELS_MAX = 64, COLORMAP_LEVELS_DEFAULT = 18 };

/* The uniforms of the field: the same numbers drive the GPU and the CPU reference. The scale
 * is s(f) = sign(f) log(1 + |f| / c); t = (s - s_lo) / (s_hi - s_lo) maps the view's range to
 * [0, 1]; `levels` bands of equal width in t, with contour lines between them. */
typedef struct {
    float c;          /* symlog linear threshold, > 0 */
    float s_lo, s_hi; /* range of s over the view, s_lo < s_hi */
    int levels;       /* number of bands, COLORMAP_LEVELS_MIN..MAX */
    float line_px;    /* contour line width in pixels */
    float line_alpha; /* contour line opacity in [0, 1] */
} FieldScale;

/* viridis(t) for t in [0, 1] (clamped) as linear 0..1 sRGB-encoded components; a 6th-degree
 * polynomial fit of matplotlib's table (max error about 0.01). */
void colormap_viridis(float t, float rgb[3]);

/* s(f) = sign(f) log(1 + |f| / c). */
float colormap_symlog(float f, float c);

/* Fits the scale to a view: samples f on a coarse grid (48 x 48) over box (by
 * landscape_eval_fast: a data landscape's approximate loss, a closed form's exact one) plus
 * the landscape's critical points inside it (exact). c is the larger of 1e-4 max|f| and the
 * 2% quantile of |f|, so both the deep valley of rosenbrock and the sign change of a saddle
 * read well. Non-finite samples are ignored; a constant field still gets s_lo < s_hi.
 * levels, line_px and line_alpha are set from the arguments. A data landscape's grid is
 * evaluated on two threads (where they start). */
FieldScale colormap_fit(const Landscape *ls, const ViewBox *box, int levels, float line_px);
/* The scale a view's field is drawn with: a data landscape's fitted to its values at the
 * view's lattice points inside the view (view_lattice_point, landscape_eval_fast's value:
 * the very values its smooth field evaluates there, so a field that has them fits from them,
 * colormap_fit_lattice) where there are at least half as many as colormap_fit's 48 x 48 (a
 * pane of about 1200 x 1000 pixels); otherwise, and for a closed form, colormap_fit over the
 * view's bounds. */
FieldScale colormap_fit_view(const Landscape *ls, const View *v, int levels, float line_px);
/* colormap_fit_view's scale of a data landscape from its values at v's whole lattice
 * (nx x ny of view_lattice_size, row by row; the last column and row, past the view's edges,
 * are left out). */
FieldScale colormap_fit_lattice(const Landscape *ls, const View *v, const double *lattice,
                                int levels, float line_px);
/* colormap_fit's scale from given samples (every k-th where there are more than 48 x 48 of
 * them) and the critical points inside box. */
FieldScale colormap_fit_values(const Landscape *ls, const ViewBox *box, const double *samples,
                               int n_samples, int levels, float line_px);
/* The bands a FieldScale asked for `levels` has: clamped to COLORMAP_LEVELS_MIN..MAX. */
int colormap_levels(int levels);

/* The color of one pixel: f its loss and fw the screen-space rate of change of t at the pixel
 * (|dt/dx| + |dt/dy| per pixel, what the shader gets from fwidth(t)). Writes 0..1 components. */
void colormap_shade(const FieldScale *fs, float f, float fw, float rgb[3]);

/* colormap_shade of the scaled value t = (s(f) - s_lo) / (s_hi - s_lo) itself (the 3D
 * surface interpolates t between its vertices). */
void colormap_shade_t(const FieldScale *fs, float t, float fw, float rgb[3]);

/* fw of colormap_shade from the analytic gradient (gx, gy) of f and the world size of a pixel. */
float colormap_fwidth(const FieldScale *fs, double f, double gx, double gy, double px_world);

/* Where f is undefined (not finite as a float: NaN, or beyond the float range) the field is
 * hatched grey instead of a colormap colour: diagonal stripes COLORMAP_HATCH_PX pixels wide,
 * alternating COLORMAP_HATCH_LIGHT and COLORMAP_HATCH_DARK (byte values, the same grey in
 * every channel). px: the pixel's column, py: its row counted from the bottom of the field
 * (gl_FragCoord's). Writes the bytes of the stripe. */
enum { COLORMAP_HATCH_PX = 4, COLORMAP_HATCH_LIGHT = 150, COLORMAP_HATCH_DARK = 112 };
static inline bool colormap_defined(float f)
{
    return isfinite(f);
}
static inline unsigned char colormap_hatch(int px, int py)
{
    return ((px + py) / COLORMAP_HATCH_PX) % 2 ? COLORMAP_HATCH_DARK : COLORMAP_HATCH_LIGHT;
}

/* Writes GLSL declarations of the shared constants (the viridis coefficients, to the last bit of
 * the C floats) for pasting after a shader's #version line; every float literal has a decimal
 * point (GLSL ES converts no int to float). Returns the length it needed (snprintf semantics). */
int colormap_glsl_constants(char *buf, size_t len);

#endif
