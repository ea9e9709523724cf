/* surface_gl.h - the landscape's surface in 3D on OpenGL: the mesh of lecture/surface.h in a
 * vertex buffer, built once per landscape, parameter or scale change; its picture (the floor
 * with the projected contours, then the lit surface, depth-tested) rendered into a pane-sized
 * offscreen target only when the mesh, the camera, the contour look or the size change, and
 * copied into the frame otherwise: a frame that only animates the runs does not draw the
 * mesh. The surface is drawn before the floor (which then passes the depth test only where
 * the surface does not cover it, ties to the floor, as if drawn first), so the hidden floor
 * is not shaded. While the camera moves, the picture is drawn at a third of the resolution
 * from every fourth vertex (a ninth of the pixels and a sixteenth of the triangles, in a vertex
 * buffer of its own; its floor from every sixteenth) with the light per vertex (the draft
 * program), scaled up without filtering, and refined in the next frame once it stops
 * (surface_pane_busy) to the full picture exactly. shaders/surface.vert and surface.frag.
 * Needs a current GL 3.3 context.
 */
#ifndef LOSSLENS_SURFACE_GL_H
#define LOSSLENS_SURFACE_GL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <epoxy/gl.h>

#include "figure/plot.h"
#include "figure/surface3d.h"
#include "lecture/surface.h"

typedef enum {
    SURFACE_U_MVP,
    SURFACE_U_EYE,
    SURFACE_U_FLOOR,
    SURFACE_U_LEVELS,
    SURFACE_U_LINE_PX,
    SURFACE_U_LINE_ALPHA,
    SURFACE_U_COUNT
} SurfaceUniform;

/* Attribute locations of shaders/surface.vert. */
enum { SURFACE_ATTR_POS = 0, SURFACE_ATTR_NRM = 1, SURFACE_ATTR_T = 2 };

/* The surface's programs: the full one, and the moving camera's draft (the same shaders
 * built with SURFACE_DRAFT: the light per vertex). */
typedef struct {
    GLuint program;
    GLint u[SURFACE_U_COUNT];
    GLuint draft_program;
    GLint du[SURFACE_U_COUNT];
} SurfaceRenderer;

/* One pane's mesh and picture. Zero-initialized is empty; free with surface_pane_free. */
typedef struct {
    GLuint vao, vbo, ebo;
    GLuint vao_low, vbo_low, ebo_low; /* the draft's mesh: every fourth vertex */
    int n_idx, n_idx_low; /* the full mesh's triangles, and the draft's */
    int n_idx_low_floor;  /* the draft floor's, after the draft's in ebo_low */
    const Landscape *ls;
    uint64_t fn;     /* landscape_fingerprint(ls) the mesh was built from */
    SurfaceMap map;  /* ... and its map */
    bool mesh_valid;
    GLuint fbo, color, depth;
    int w, h;
    Camera3D cam;    /* what the picture shows */
    FieldScale fs;
    bool image_valid;
    bool low;        /* the picture is the moving camera's third-resolution draft */
    int img_w, img_h; /* the picture's size in the offscreen target */
    long mesh_builds, image_renders; /* for tests and benchmarks */
    /* The paths painted into the full-resolution picture while the camera stands still
     * (figure/surface3d.h's parts), and what they were painted for: a change of key (runs,
     * colors, scale) renders the picture again and paints them from the start. */
    Surface3dPathState paths[PLOT_MAX_RUNS];
    uint64_t paths_key;
    bool paths_started;
    /* The paths while the camera moves, kept across its frames (figure/surface3d.h). */
    Surface3dDraft draft;
} SurfacePane;

bool surface_gl_init(SurfaceRenderer *sr, const char *data_dir, char *err, size_t errlen);
void surface_gl_free(SurfaceRenderer *sr);
void surface_pane_free(SurfacePane *sp);
/* True while the picture is a moving camera's draft: draw another frame to refine it. */
bool surface_pane_busy(const SurfacePane *sp);

/* sc's surface (sc->view sized w x h) with the colors' scale fs into the w x h rectangle at
 * (x, y) (y down) of framebuffer fbo, fb_h pixels tall, with the critical points and the
 * paths drawn on c: while the camera stands still the paths are painted into the picture as
 * they grow (a frame paints its new points and draws the tails), while it moves the draft
 * is copied and every path drawn over it. Leaves fbo bound, no depth test, c begun on the
 * whole target (target_w wide). false with a message when out of memory or the framebuffer
 * is incomplete. */
bool surface_gl_draw(SurfaceRenderer *sr, SurfacePane *sp, Canvas *c, const PlotScene *sc,
                     const FieldScale *fs, GLuint fbo, int target_w, int fb_h, int x, int y,
                     int w, int h, char *err, size_t errlen);

#endif
