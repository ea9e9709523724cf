/* traj.h - anti-aliased thick polylines on the GPU: trajectories and markers.
 *
 * Every segment is a capsule (shaders/line.vert|frag) on a quad. A trajectory's segments live
 * in a GPU buffer as quads (four vertices, each with the segment's previous, first and last
 * point), drawn by one indexed call rather than one instance per segment; the segments are
 * independent, so a segment the level of detail leaves out (PathSeen) leaves no gap in the
 * buffer. The buffer only ever receives the segments added since the last sync
 * (glBufferSubData), so drawing the newest k segments costs O(k) whatever the run's length.
 * Markers (dots, arrow strokes) are few: batched instances in pixel coordinates.
 */
#ifndef LOSSLENS_TRAJ_H
#define LOSSLENS_TRAJ_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "figure/canvas.h" /* LineStyle */
#include "lecture/view.h"
#include "figure/pathlod.h"
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

/* One corner of a trajectory segment's quad (the corner is gl_VertexID & 3): the segment
 * p0 -> p1 and the path's point before p0 (p0 itself when there is none). */
typedef struct {
    float prev[2], p0[2], p1[2];
} TrajVertex;

/* One run's path on the GPU, relative to its first point (float precision near the data),
 * simplified to what pixels can show (figure/pathlod.h, deviation tol in world units): the
 * path's n final vertices, and its tail, when there is one, the newest point, which may still
 * move (the next point may extend the segment that ends there). The segments between final
 * vertices are kept, in order, unless one with both ends in the same cells of side 2 tol was
 * kept before (PathSeen: a path bouncing in place adds no segments): segs[0 .. nseg-1], then,
 * when there is a tail, segs[nseg] ending at it. On the GPU segment k is the quad of vertices
 * 4k .. 4k+3, all four segs[k]. */
typedef struct {
    GLuint vbo;
    long n;        /* final vertices of the simplified path */
    long nseg;     /* final segments kept (on the CPU and the GPU) */
    long cap;      /* capacity of the GPU buffer (segments) */
    bool tail;     /* segs[nseg] ends at the tail */
    long src_n;    /* points of the run read so far */
    unsigned long src_gen; /* the run's Run.gen when they were read */
    unsigned long rereads; /* times the points read so far were dropped, to read from 0 */
    double tol;    /* deviation allowed in world units; 0 keeps every finite point */
    double ox, oy; /* origin the floats are relative to */
    double lx, ly, px, py; /* the last final vertex, the one before it (relative) */
    PathLod lod;   /* the simplification's state (relative coordinates) */
    PathSeen seen; /* the kept segments' cells */
    TrajVertex *segs; /* nseg kept segments and the tail's, segs_cap allocated */
    long segs_cap;
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
    GLuint quad_ibo; /* two triangles per quad: 4k + {0, 1, 2, 2, 1, 3}, for quad_cap quads */
    long quad_cap;
    LineInstance *markers; /* TRAJ_MARKER_CAPACITY */
    int n_markers;
    int w, h; /* target size in pixels (the rectangle's, after traj_begin_rect) */
    int ox, oy; /* GL origin (bottom-left) of the drawing rectangle on the target */
    bool top_down; /* the target keeps its top row first (traj_set_top_down) */
    float halo_color[3];
} TrajRenderer;

bool traj_init(TrajRenderer *t, const char *data_dir, char *err, size_t errlen);
void traj_free(TrajRenderer *t);
/* Starts drawing onto the bound w x h framebuffer (blending on). */
void traj_begin(TrajRenderer *t, int w, int h);
/* After traj_begin on a target that keeps its top row first (RenderTarget.top_down): what
 * lands on pixel row y from the top lands on GL row y. Every begin resets it. */
void traj_set_top_down(TrajRenderer *t, bool top_down);
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

/* Draws segments first .. first+count-1 of b (segs; segment nseg ends at the tail) in view
 * v. */
void traj_draw(TrajRenderer *t, const TrajBuffer *b, const View *v, long first, long count,
               const LineStyle *s);

/* Queues a dot at pixel (x, y) or a stroke from (x0, y0) to (x1, y1) (pixels, y down). */
void traj_marker_dot(TrajRenderer *t, float x, float y, const LineStyle *s);
void traj_marker_segment(TrajRenderer *t, float x0, float y0, float x1, float y1,
                         const LineStyle *s);
/* Draws the queued markers in order. */
void traj_flush_markers(TrajRenderer *t);

#endif
