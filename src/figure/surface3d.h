/* surface3d.h - what a pane in 3D draws over its surface, composed once on the Canvas for
 * every backend: the runs' paths lying on the surface (at height L(theta), lifted a little,
 * drawn after the surface so no hill buries them), the start and current markers as balls,
 * the critical points on the surface, and the axes of the box with ticks for theta1, theta2
 * and L. The backends draw the surface itself (canvas_plot with PlotScene.surface: the mesh
 * of lecture/surface.h, shaded by surface_shade). Display-free.
 */
#ifndef LOSSLENS_SURFACE3D_H
#define LOSSLENS_SURFACE3D_H

#include <stdbool.h>

#include "figure/canvas.h"
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
/* The start and current markers of every enabled run as shaded balls. */
void surface3d_markers(Canvas *c, const PlotScene *sc);
/* The box's axes with ticks and names, along the floor's edges nearest the eye and up one
 * corner. */
void surface3d_axes(Canvas *c, const PlotScene *sc);

#endif
