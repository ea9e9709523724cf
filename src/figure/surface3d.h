/* surface3d.h - what a pane in 3D draws over its surface, composed once on the Canvas for
 * every backend: the runs' paths lying on the surface (at height L(theta), lifted a little,
 * drawn after the surface so no hill buries them), the start and current markers as balls,
 * the critical points on the surface, and the axes of the box with ticks for theta1, theta2
 * and L, and the point overlays that make sense in 3D. The backends draw the surface itself (canvas_plot with PlotScene.surface: the mesh
 * of lecture/surface.h, shaded by surface_shade). Display-free.
 */
#ifndef LOSSLENS_SURFACE3D_H
#define LOSSLENS_SURFACE3D_H

#include <stdbool.h>

#include "figure/canvas.h"
#include "figure/overlay.h"
#include "figure/plot.h"
#include "lecture/surface.h"

/* A pane's projection: sc's map and camera on a w x h frame. */
typedef struct {
    SurfaceMap map;
    mat4 mvp;
    int w, h;
} Surface3dView;

/* The projection of sc (sc->view sized to the frame). */
void surface3d_view(const PlotScene *sc, Surface3dView *v);
/* Pixel of the surface point over world (x, y) with loss f, lifted by SURFACE_LIFT; false
 * when it does not project (behind the eye, or f undefined). */
bool surface3d_point(Surface3dView *v, double x, double y, double f, double *sx, double *sy);

/* The colors' scale of the surface at canvas scale `scale`: sc->map's, with the plot's
 * contour levels, line width and (presenter mode) opacity. */
FieldScale surface3d_scale(const PlotScene *sc, float scale);

/* The background behind the surface. */
static const Rgba SURFACE3D_BG = {22, 24, 34, 255};

/* The critical points and the paths of every enabled run, on c begun on the pane's frame
 * (the backends' canvas_plot calls it after the surface). */
void surface3d_paths(Canvas *c, const PlotScene *sc);
/* The paths drawn in parts, for a backend that keeps what it drew while the camera stands
 * still (the window): per run, the points drawn so far (done) and the last one kept (its
 * pixel and whether a hill hides it). Zero is nothing drawn. surface3d_paths_more draws each
 * enabled run's points from done on (merging those within SURFACE3D_PATH_PX of the last one
 * kept) and records them; surface3d_paths_tails draws, from the last one kept to the current
 * point, what the next call may redraw (into the frame, not the kept picture);
 * surface3d_crit_markers the landscape's critical points. surface3d_paths is all three from
 * zero. */
typedef struct {
    long done;
    double lx, ly;
    bool have, hidden;
} Surface3dPathState;
/* While the camera moves (the window's draft, refined when it stops): the critical points,
 * and the paths from what does not change with the camera, kept across frames in a
 * Surface3dDraft. Per run, its points in box coordinates (lifted), each within tol of the
 * last one kept merged into it (3D distance; tol the power of two of box units in
 * (SURFACE3D_DRAFT_PATH_PX / 2, SURFACE3D_DRAFT_PATH_PX] pixels at the frame's scale, so
 * orbiting keeps them and a zoom by an octave makes them again), appended as the run grows:
 * a frame projects the kept points, simplifies their pixels (figure/pathlod.h, half a pixel)
 * and draws them, with a segment on to the current point. Their lines of sight are marched
 * over the draft's mesh (SURFACE_DRAFT_N a side, surface_heights_occluded), whose heights
 * are kept too. What they were made for (the landscape and its fingerprint, the map, the
 * runs and their generations) is compared each frame: a run that changed other than by
 * appending (Run.gen, or fewer points) is made again, anything else changed all of them.
 * Zero-initialized is empty; free with surface3d_draft_free. */
#define SURFACE3D_DRAFT_PATH_PX 3.0f
typedef struct {
    float *p;            /* n points, X, Y, Z each; a NaN X: a break in the path */
    long n, cap;
    long done;           /* the run's points taken */
    unsigned long gen;   /* the run's Run.gen they were taken from */
    bool have;           /* p[n - 1] is a point (not a break) */
} Surface3dDraftRun;
typedef struct {
    Surface3dDraftRun run[PLOT_MAX_RUNS];
    SurfaceHeights heights;
    uint64_t key;        /* landscape, fingerprint, map, runs array, generation */
    int tol_exp;         /* tol = 2^tol_exp box units */
    bool valid;
    long resets, runs_made; /* everything made again, runs made again (for tests) */
} Surface3dDraft;
void surface3d_paths_draft(Canvas *c, const PlotScene *sc, Surface3dDraft *d);
void surface3d_draft_free(Surface3dDraft *d);
void surface3d_paths_more(Canvas *c, const PlotScene *sc, Surface3dPathState *st);
void surface3d_paths_tails(Canvas *c, const PlotScene *sc, const Surface3dPathState *st);
void surface3d_crit_markers(Canvas *c, const PlotScene *sc);
/* The start and current markers of every enabled run as shaded balls. */
void surface3d_markers(Canvas *c, const PlotScene *sc);
/* The box's axes with ticks and names, along the floor's edges nearest the eye and up one
 * corner: the three lines, the ticks and their labels, the names θ₁, θ₂ and L. No two
 * labels meet (nor come within a quarter line of each other): each axis's ticks are thinned
 * by the space they get (every stride-th, the smallest stride that keeps its labels half a
 * line apart), a tick label that would still meet one placed before (another axis's) is
 * left out with its tick, and the names come last, each moved out from its axis until it
 * meets no label. surface3d_axes_layout computes it, surface3d_axes
 * draws it. */
enum { SURFACE3D_AXES_MAX_LABELS = 64, SURFACE3D_AXES_MAX_LINES = 3 };
typedef struct {
    float box[4]; /* x, y, w, h in the pane's pixels */
    FontFace face;
    char text[32];
} Surface3dAxisLabel;
typedef struct {
    Surface3dAxisLabel label[SURFACE3D_AXES_MAX_LABELS];
    int n;
    float line[SURFACE3D_AXES_MAX_LINES][4];
    int n_lines;
    float tick[SURFACE3D_AXES_MAX_LABELS][4];
    int n_ticks;
} Surface3dAxes;
void surface3d_axes_layout(Canvas *c, const PlotScene *sc, Surface3dAxes *ax);
void surface3d_axes(Canvas *c, const PlotScene *sc);
/* The gradient field's grid in 3D: nx x ny cells over the box; cell (i, j)'s arrow is
 * centred over world (cx + half xr (2 (i + ½) / nx - 1), cy + half yr (2 (j + ½) / ny - 1)),
 * runs 0.62 cell widths (the wider of the two) along -grad L in the plane, and passes through
 * its centre's surface point (lifted) exactly. */
void surface3d_field_grid(Surface3dView *v, float scale, int *nx, int *ny);

/* What the 3D overlays draw: flags as in 2D; point: where the directions, the Taylor model
 * and the eigenvectors are drawn (NULL: none); batch_run: the run whose last minibatch is
 * shown (NULL: none); trial_run: the run whose last line-search trials are shown. */
typedef struct {
    OverlayFlags flags;
    const double *point;
    const Run *batch_run, *trial_run;
} Surface3dOverlays;

/* The lecture's overlays in 3D, on c begun on the pane's frame (sc->view sized to it), over
 * the paths and under the balls, each lying on the surface or lifted to its own height, from
 * the 2D overlays' geometry (overlay.h):
 *  - gradient field: arrows along -grad L on a grid over the box (surface3d_field_grid),
 *    lying on the surface, colored as the 2D field's;
 *  - critical: the points found over the box (the 2D overlay's search and markers) with
 *    "min", "max", "saddle" and L;
 *  - directions at the point: steepest descent and Newton's step lying on the surface
 *    (OVERLAY_DIRECTION_PX long where they start), the contour's tangent;
 *  - taylor: the model's level lines (overlay_taylor_lines, about OVERLAY_TAYLOR_PX across on
 *    screen) each lifted to its level's height: the quadratic patch itself, touching the
 *    surface at the point, faded over its rim;
 *  - eigen: the eigenvectors as double-headed arrows lying on the surface, as long on screen
 *    as in 2D, colored by sign and labelled;
 *  - minibatch: the minibatch loss's level lines (over the box) lifted to their levels'
 *    heights;
 *  - trials: lines lying on the surface from the step's start to each trial, rings at the
 *    trials (rejected ones hollow).
 * What a hill hides is left out (points, arrows) or drawn faint (lines); the point's
 * overlays only while the point lies in the box. */
void surface3d_overlays(Canvas *c, const PlotScene *sc, const Surface3dOverlays *d,
                        OverlayCache *cache);

#endif
