/* traj.h - anti-aliased thick polylines on the GPU: trajectories and markers.
 *
 * Every segment is one instance of a capsule shader (shaders/line.vert|frag). A trajectory's
 * points live in a GPU buffer that only ever receives the points added since the last sync
 * (glBufferSubData), so drawing the newest k segments costs O(k) whatever the run's length.
 * Markers (dots, arrow strokes) are batched instances in pixel coordinates.
 */
#ifndef LOSSLENS_TRAJ_H
#define LOSSLENS_TRAJ_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "figure/canvas.h" /* LineStyle */
#include "lecture/view.h"
#include "render/pathlod.h"
#include "run/run.h"

typedef enum {
    LINE_ATTR_PREV,
    LINE_ATTR_P0,
    LINE_ATTR_P1,
    LINE_ATTR_COLOR,
    LINE_ATTR_STYLE,
    LINE_ATTR_COUNT
} LineAttr;

typedef enum {
    LINE_U_MVP,
    LINE_U_VIEWPORT,
    LINE_U_HALO_COLOR,
    LINE_U_ORIGIN,
    LINE_U_COUNT
} LineUniform;

/* One run's points on the GPU, relative to its first point (float precision near the data),
 * simplified to what pixels can show (render/pathlod.h, deviation tol in world units): points
 * 0 .. n-1 are final; the tail, when there is one, is the newest point, which ends segment
 * n-1 but may still move (the next point may extend that segment). The points also stay on
 * the CPU (pts, the tail at pts[2n]), for walking back along the drawn path. */
typedef struct {
    GLuint vbo;
    long n, cap;   /* final points uploaded, capacity (points; the buffer holds cap + 1) */
    bool tail;     /* a tail point follows the n final ones (in pts and on the GPU) */
    long src_n;    /* points of the run read so far */
    unsigned long src_gen; /* the run's Run.gen when they were read */
    double tol;    /* deviation allowed in world units; 0 keeps every finite point */
    double ox, oy; /* origin the floats are relative to */
    PathLod lod;   /* the simplification's state (relative coordinates) */
    float *pts;    /* the n final points and the tail (x, y relative), pts_cap allocated */
    long pts_cap;
} TrajBuffer;

typedef struct {
    float prev[2], p0[2], p1[2];
    float color[4];
    float style[4];
} LineInstance;

enum { TRAJ_MARKER_CAPACITY = 1024 };

typedef struct {
    GLuint program;
    GLint u[LINE_U_COUNT];
    GLuint traj_vao, marker_vao, marker_vbo;
    LineInstance *markers; /* TRAJ_MARKER_CAPACITY */
    int n_markers;
    int w, h; /* target size in pixels (the rectangle's, after traj_begin_rect) */
    int ox, oy; /* GL origin (bottom-left) of the drawing rectangle on the target */
    float halo_color[3];
} TrajRenderer;

bool traj_init(TrajRenderer *t, const char *data_dir, char *err, size_t errlen);
void traj_free(TrajRenderer *t);
/* Starts drawing onto the bound w x h framebuffer (blending on). */
void traj_begin(TrajRenderer *t, int w, int h);
/* Starts drawing into the w x h rectangle at (x, y) (pixels, y down) of the bound target,
 * target_h pixels high: pixel coordinates are relative to the rectangle (a pane of several). */
void traj_begin_rect(TrajRenderer *t, int x, int y, int w, int h, int target_h);

void traj_buffer_init(TrajBuffer *b);
void traj_buffer_free(TrajBuffer *b);
/* Forgets the points (keeping the memory): the next sync reads the run from point 0. */
void traj_buffer_clear(TrajBuffer *b);
/* Reads the run's new points pts[b->src_n .. n-1] into the simplified path and uploads what
 * changed (the new final points and the tail). Non-finite points and points beyond 1e30 are
 * skipped. When n < b->src_n, the first point moved (the run restarted) or gen is not the
 * run's Run.gen of the last sync (points were thinned or replayed), it starts over and
 * returns true (what was drawn from it is stale). */
bool traj_buffer_sync(TrajBuffer *b, const TrajPoint *pts, long n, unsigned long gen);
/* Sets the allowed deviation (world units, >= 0). A different one empties the buffer and
 * returns true (what was drawn from it is stale); the next sync reads the run again. */
bool traj_buffer_set_tol(TrajBuffer *b, double tol);

/* Draws segments first .. first+count-1 (segment k joins points k and k+1; segment n-1 ends
 * at the tail) of b in view v. */
void traj_draw(TrajRenderer *t, const TrajBuffer *b, const View *v, long first, long count,
               const LineStyle *s);

/* Queues a dot at pixel (x, y) or a stroke from (x0, y0) to (x1, y1) (pixels, y down). */
void traj_marker_dot(TrajRenderer *t, float x, float y, const LineStyle *s);
void traj_marker_segment(TrajRenderer *t, float x0, float y0, float x1, float y1,
                         const LineStyle *s);
/* Draws the queued markers in order. */
void traj_flush_markers(TrajRenderer *t);

#endif
