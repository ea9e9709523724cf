/* surface.h - the landscape as a surface in 3D, without a display: the map from parameter
 * space and loss to the surface's box (x, y -> X, Y; L -> the height Z, from the same
 * symmetric-log value t that picks the colors, or linear in L as a toggle), the orbit camera
 * (perspective through cglm's glm_perspective and glm_lookat), projection world -> pixel,
 * the ray through a pixel and its hit on the surface (picking), the surface's mesh with
 * normals from the exact gradient, and the shading of one surface point (colormap bands,
 * contour lines, light) that shaders/surface.frag mirrors line by line.
 *
 * The box: the pane's home window maps to X, Y in [-1, 1] on its longer side (equal scale on
 * both axes); t in [0, 1] maps to Z in [0, SURFACE_HEIGHT]. Z is up. The floor with the
 * projected contours lies at Z = SURFACE_FLOOR. libc + cglm only.
 */
#ifndef LOSSLENS_SURFACE_H
#define LOSSLENS_SURFACE_H

#include <stdbool.h>
#include <stddef.h>

#include <cglm/cglm.h>

#include "landscape/landscape.h"
#include "lecture/colormap.h"

#define SURFACE_HEIGHT 0.9
#define SURFACE_FLOOR (-0.2)
/* Runs are drawn this far above the surface (box units), so they lie on it, not in it. */
#define SURFACE_LIFT 0.012
/* Vertices per side of the mesh (SURFACE_MESH_N - 1 cells). While the camera moves, the
 * window draws a draft from every SURFACE_DRAFT_STRIDE-th of them (SURFACE_DRAFT_N a side),
 * and tests the paths' lines of sight against that mesh. */
enum { SURFACE_MESH_N = 257, SURFACE_DRAFT_STRIDE = 4,
       SURFACE_DRAFT_N = (SURFACE_MESH_N - 1) / SURFACE_DRAFT_STRIDE + 1 };

/* An orbit camera around target: the eye at distance dist, yaw about the vertical axis
 * (0: looking along -X from +X), pitch above the horizon; fov: vertical field of view. All
 * angles in radians. */
typedef struct {
    float yaw, pitch, dist, fov;
    float target[3];
    /* The framing (camera3d_default sets it; zero: none): the box's half extents xr, yr and
     * the default distance dist0; clear: a rectangle of the viewport the box keeps clear of
     * (the legend's panel), x0, y0, x1, y1 in pixels, y down (x1 <= x0: none). */
    float xr, yr, dist0;
    float clear[4];
} Camera3D;

/* Where the box sits in parameter space and how L becomes height. */
typedef struct {
    double cx, cy, half; /* the home window's centre and half its longer side (world units) */
    double xr, yr;       /* the box's half extents in X and Y (the longer is 1) */
    FieldScale fs;       /* the colors' scale (t); its levels and line width shade the mesh */
    bool linear;         /* height linear in L between f_lo and f_hi (else Z follows t) */
    double f_lo, f_hi;   /* L at t = 0 and t = 1 */
} SurfaceMap;

/* The map for box (the pane's home window) under the colors' scale fs. */
SurfaceMap surface_map(const ViewBox *box, const FieldScale *fs, bool linear);
/* t of the colormap (symmetric-log, may leave [0, 1]) and the height Z of a loss f. Z is
 * clamped to [SURFACE_FLOOR, 2 SURFACE_HEIGHT] (a diverging run stays on screen); a
 * non-finite f gives NaN. */
double surface_t(const SurfaceMap *m, double f);
double surface_z(const SurfaceMap *m, double f);
/* dZ/dL at f (the chain rule through the height scaling). */
double surface_dz_df(const SurfaceMap *m, double f);
/* World (x, y) with loss f -> box point; box (X, Y) -> world. */
void surface_to_box(const SurfaceMap *m, double x, double y, double f, float out[3]);
void surface_from_box(const SurfaceMap *m, double bx, double by, double *x, double *y);
/* The unit normal at a point of loss f and gradient (gx, gy) (world units). */
void surface_normal(const SurfaceMap *m, double f, double gx, double gy, float n[3]);

/* The default camera: looking at the middle of the box from the front right, 30 degrees
 * above it, far enough that the whole box shows (every landscape's interesting part is its
 * home window, which the box is). */
Camera3D camera3d_default(const SurfaceMap *m);
/* The eye's position. */
void camera3d_eye(const Camera3D *c, vec3 eye);
/* Box -> clip space for a w x h viewport: glm_perspective x glm_lookat, then framed (when
 * c->xr > 0): scaled and shifted on the screen so that the whole box, seen from c's yaw and
 * pitch at the default distance and target, fills camera3d_frame_rect, centred there; zoom
 * and pan then act from that framing. Any pane shape shows the box as large as it fits. */
void camera3d_matrix(const Camera3D *c, int w, int h, mat4 dest);
/* The rectangle of a w x h viewport that the default camera's box fills (pixels, y down):
 * x0, y0, x1, y1. Margins for the axes' labels: 8% of the width (at least 40 px) on either
 * side, 9% of the height (at least 32 px) at the bottom, 4% (at least 20 px) at the top; a
 * pane too small for them keeps at least its middle half. When c->clear (grown outward to
 * sixteenths of the viewport, so that a legend whose width changes by a few pixels does not
 * move the box) meets that rectangle, the part of it below, above, right or left of c->clear (with the same margins
 * from it) in which the box, seen from c's angles, shows largest; the whole rectangle when
 * none of them is at least a quarter of its width and height. */
void camera3d_frame_rect(const Camera3D *c, int w, int h, float r[4]);
/* Box point p -> pixel (x right, y down, (0, 0) the top-left corner) of a w x h viewport and
 * its depth in [0, 1] (0 near). false when p is behind the eye or outside the depth range. */
bool camera3d_project(mat4 mvp, int w, int h, const float p[3], double *sx,
                      double *sy, double *depth);
/* The ray through the centre of pixel (sx, sy): origin on the near plane, unit direction. */
void camera3d_ray(const Camera3D *c, int w, int h, double sx, double sy, float org[3],
                  float dir[3]);
/* Orbits by a mouse drag of (dx, dy) pixels (pitch clamped to 5..89 degrees), zooms by
 * factor (> 1 comes closer; the distance stays in [0.5, 20]), pans the target with the
 * content following a drag of (dx, dy) pixels in a w x h viewport. */
void camera3d_orbit(Camera3D *c, double dx, double dy);
void camera3d_zoom(Camera3D *c, double factor);
void camera3d_pan(Camera3D *c, int w, int h, double dx, double dy);

/* The first point where the ray through pixel (sx, sy) meets the surface of ls inside the
 * box: marched in small steps, then bisected to 1e-6 box units. false when it misses. */
bool surface_pick(const SurfaceMap *m, const Landscape *ls, const Camera3D *c, int w, int h,
                  double sx, double sy, double *x, double *y);

/* Whether the surface of ls hides box point p from the camera's eye: somewhere on the line
 * of sight from p to the eye (marched at 64 samples per box unit, starting 4 SURFACE_LIFT
 * off p) the surface rises above it by more than 0.002 box units. Paths and markers behind
 * a hill are drawn faint. */
bool surface_occluded(const SurfaceMap *m, const Landscape *ls, const Camera3D *c,
                      const float p[3]);
/* The surface's heights on the n x n vertices of a mesh over the box (surface_mesh_build's),
 * for lines of sight tested many times a frame (the paths while the camera moves): built
 * once per landscape, parameter or scale change. top: the highest (SURFACE_FLOOR at least);
 * NaN where f is undefined. */
typedef struct {
    int n;
    float *z;   /* n * n, row by row in Y */
    float top;
} SurfaceHeights;
/* false (h empty) when out of memory. */
bool surface_heights_build(SurfaceHeights *h, const Landscape *ls, const SurfaceMap *m, int n);
void surface_heights_free(SurfaceHeights *h);
/* surface_occluded for the eye at eye against the mesh through h's heights (each cell's two
 * triangles as drawn) rather than the landscape itself: what a mesh of n x n vertices hides. */
bool surface_heights_occluded(const SurfaceHeights *h, const SurfaceMap *m, const vec3 eye,
                              const float p[3]);
/* The mesh: n x n vertices over the box, SURFACE_VERTEX_FLOATS floats each: X, Y, Z, the
 * normal, t; triangles as index triples, two per cell, none touching a vertex where f is
 * undefined. Built once per landscape, parameter or scale change. */
enum { SURFACE_VERTEX_FLOATS = 7 };
typedef struct {
    int n;
    float *v;          /* n * n * SURFACE_VERTEX_FLOATS */
    unsigned *idx;     /* n_idx indices */
    int n_idx;
} SurfaceMesh;
/* false (mesh empty) when out of memory. */
bool surface_mesh_build(SurfaceMesh *mesh, const Landscape *ls, const SurfaceMap *m, int n);
void surface_mesh_free(SurfaceMesh *mesh);

/* The color of a surface point: colormap_shade_t of t (fw: the screen-space rate of t per
 * pixel) lit by the light SURFACE_LIGHT with unit normal nrm (ambient + diffuse + a little
 * specular toward the eye direction view, unit, from the point to the eye). On the floor
 * (floor true) the colors are dimmed and unlit. Writes 0..1 components. */
void surface_shade(const FieldScale *fs, float t, float fw, const float nrm[3],
                   const float view[3], bool floor, float rgb[3]);

/* GLSL declarations of the lighting constants, for pasting after a shader's #version line
 * (with colormap_glsl_constants). Every number has a decimal point (GLSL ES, for the web,
 * converts no int to float). snprintf semantics. */
int surface_glsl_constants(char *buf, size_t len);

#endif
