/* traj.c - trajectories as capsule quads: per-run GPU segment buffers that grow by appending
 * (doubling with glCopyBufferSubData, never re-uploading old segments) drawn by one indexed
 * call, and a small instance batch for markers in pixel space.
 */
#include "render/traj.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/shader.h"

static const char *const LINE_UNIFORM_NAMES[LINE_U_COUNT] = {
    [LINE_U_MVP] = "u_mvp",
    [LINE_U_VIEWPORT] = "u_viewport",
    [LINE_U_HALO_COLOR] = "u_halo_color",
    [LINE_U_ORIGIN] = "u_origin",
};

enum { TRAJ_INITIAL_CAP = 1024 };

/* Beyond this (relative to the origin) a diverging run is pinned: floats must stay finite. */
static const double TRAJ_MAX_COORD = 1e30;

bool traj_init(TrajRenderer *t, const char *data_dir, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->markers = malloc(sizeof(LineInstance) * TRAJ_MARKER_CAPACITY);
    if (!t->markers) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    if (!shader_build(data_dir, "line.vert", "line.frag", NULL, LINE_UNIFORM_NAMES, LINE_U_COUNT,
                      t->u, &t->program, err, errlen)) {
        free(t->markers);
        t->markers = NULL;
        return false;
    }
    glGenVertexArrays(1, &t->traj_vao);
    glGenBuffers(1, &t->quad_ibo);
    glBindVertexArray(t->traj_vao);
    for (int a = LINE_ATTR_PREV; a <= LINE_ATTR_P1; a++)
        glEnableVertexAttribArray((GLuint)a);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, t->quad_ibo); /* the VAO keeps it */
    glGenVertexArrays(1, &t->marker_vao);
    glGenBuffers(1, &t->marker_vbo);
    glBindVertexArray(t->marker_vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->marker_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof(LineInstance) * TRAJ_MARKER_CAPACITY, NULL,
                 GL_STREAM_DRAW);
    static const struct {
        LineAttr attr;
        int size;
        size_t offset;
    } layout[] = {
        {LINE_ATTR_PREV, 2, offsetof(LineInstance, prev)},
        {LINE_ATTR_P0, 2, offsetof(LineInstance, p0)},
        {LINE_ATTR_P1, 2, offsetof(LineInstance, p1)},
        {LINE_ATTR_COLOR, 4, offsetof(LineInstance, color)},
        {LINE_ATTR_STYLE, 4, offsetof(LineInstance, style)},
    };
    static_assert(sizeof layout / sizeof layout[0] == LINE_ATTR_COUNT, "every attribute");
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++) {
        glEnableVertexAttribArray(layout[i].attr);
        glVertexAttribPointer(layout[i].attr, layout[i].size, GL_FLOAT, GL_FALSE,
                              sizeof(LineInstance), (void *)layout[i].offset);
        glVertexAttribDivisor(layout[i].attr, 1);
    }
    glBindVertexArray(0);
    t->halo_color[0] = t->halo_color[1] = t->halo_color[2] = CANVAS_HALO_GRAY;
    return true;
}

void traj_free(TrajRenderer *t)
{
    if (t->program)
        glDeleteProgram(t->program);
    if (t->traj_vao)
        glDeleteVertexArrays(1, &t->traj_vao);
    if (t->marker_vao)
        glDeleteVertexArrays(1, &t->marker_vao);
    if (t->marker_vbo)
        glDeleteBuffers(1, &t->marker_vbo);
    if (t->quad_ibo)
        glDeleteBuffers(1, &t->quad_ibo);
    free(t->markers);
    memset(t, 0, sizeof *t);
}

static void traj_use(TrajRenderer *t, mat4 mvp)
{
    glUseProgram(t->program);
    glViewport(t->ox, t->oy, t->w, t->h);
    glUniform2f(t->u[LINE_U_ORIGIN], (float)t->ox, (float)t->oy);
    if (t->top_down) {
        /* Clip y negated: the line shader's pixel space (and gl_FragCoord) is the target's
         * GL rows, top row first. */
        mat4 flipped;
        glm_mat4_copy(mvp, flipped);
        for (int col = 0; col < 4; col++)
            flipped[col][1] = -flipped[col][1];
        glUniformMatrix4fv(t->u[LINE_U_MVP], 1, GL_FALSE, (const float *)flipped);
    } else {
        glUniformMatrix4fv(t->u[LINE_U_MVP], 1, GL_FALSE, (const float *)mvp);
    }
    glUniform2f(t->u[LINE_U_VIEWPORT], (float)t->w, (float)t->h);
    glUniform3fv(t->u[LINE_U_HALO_COLOR], 1, t->halo_color);
}

void traj_begin(TrajRenderer *t, int w, int h)
{
    t->w = w;
    t->h = h;
    t->n_markers = 0;
    t->ox = t->oy = 0;
    t->top_down = false;
    glViewport(0, 0, w, h);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void traj_set_top_down(TrajRenderer *t, bool top_down)
{
    assert(t->ox == 0 && t->oy == 0);
    t->top_down = top_down;
}

void traj_begin_rect(TrajRenderer *t, int x, int y, int w, int h, int target_h)
{
    traj_begin(t, w, h);
    t->ox = x;
    t->oy = target_h - y - h;
    glViewport(t->ox, t->oy, w, h);
}

void traj_buffer_init(TrajBuffer *b)
{
    memset(b, 0, sizeof *b);
    pathseen_init(&b->seen);
}

void traj_buffer_free(TrajBuffer *b)
{
    if (b->vbo)
        glDeleteBuffers(1, &b->vbo);
    free(b->segs);
    pathseen_free(&b->seen);
    memset(b, 0, sizeof *b);
}

void traj_buffer_clear(TrajBuffer *b)
{
    b->rereads += b->src_n > 0;
    b->n = b->nseg = b->src_n = 0;
    b->tail = false;
    pathseen_reset(&b->seen, 2.0 * b->tol);
}

bool traj_buffer_set_tol(TrajBuffer *b, double tol)
{
    if (tol == b->tol)
        return false;
    b->tol = tol;
    traj_buffer_clear(b);
    return true;
}

/* Grows the GPU buffer to hold at least need segments, keeping its first keep (GPU-side
 * copy). false (the buffer as it was) when out of memory. */
static bool traj_buffer_reserve(TrajBuffer *b, long need, long keep)
{
    if (b->vbo && need <= b->cap)
        return true;
    long cap = b->cap > 0 ? b->cap : TRAJ_INITIAL_CAP;
    while (cap < need)
        cap *= 2;
    GLuint vbo;
    glGenBuffers(1, &vbo);
    glBindBuffer(GL_COPY_WRITE_BUFFER, vbo);
    glBufferData(GL_COPY_WRITE_BUFFER, (GLsizeiptr)(sizeof(TrajVertex) * 4 * (size_t)cap), NULL,
                 GL_DYNAMIC_DRAW);
    if (b->vbo) {
        if (keep > 0) {
            glBindBuffer(GL_COPY_READ_BUFFER, b->vbo);
            glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0,
                                (GLsizeiptr)(sizeof(TrajVertex) * 4 * (size_t)keep));
        }
        glDeleteBuffers(1, &b->vbo);
    }
    b->vbo = vbo;
    b->cap = cap;
    return true;
}

/* Uploads segments first .. last-1 of b->segs as quads. */
static void traj_buffer_upload(TrajBuffer *b, long first, long last)
{
    enum { CHUNK = 1024 }; /* segments per glBufferSubData */
    TrajVertex v[4 * CHUNK];
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    for (long k0 = first; k0 < last; k0 += CHUNK) {
        long k1 = last - k0 < CHUNK ? last : k0 + CHUNK;
        for (long k = k0; k < k1; k++) {
            for (int c = 0; c < 4; c++)
                v[4 * (k - k0) + c] = b->segs[k];
        }
        glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(sizeof(TrajVertex) * 4 * (size_t)k0),
                        (GLsizeiptr)(sizeof(TrajVertex) * 4 * (size_t)(k1 - k0)), v);
    }
}

/* The segment from the last final vertex to (x, y). */
static TrajVertex traj_segment_to(const TrajBuffer *b, double x, double y)
{
    return (TrajVertex){{(float)b->px, (float)b->py}, {(float)b->lx, (float)b->ly},
                        {(float)x, (float)y}};
}

bool traj_buffer_sync(TrajBuffer *b, const TrajPoint *pts, long n, unsigned long gen)
{
    bool restarted = false;
    if (n < b->src_n || (b->src_n > 0 && gen != b->src_gen) ||
        (b->src_n > 0 && n > 0 && (pts[0].x != b->ox || pts[0].y != b->oy))) {
        traj_buffer_clear(b);
        restarted = true;
    }
    b->src_gen = gen;
    if (n <= b->src_n)
        return restarted;
    /* At most n segments (final and tail) will be held. */
    if (n + 1 > b->segs_cap) {
        long cap = b->segs_cap > 0 ? b->segs_cap : TRAJ_INITIAL_CAP;
        while (cap < n + 1)
            cap *= 2;
        TrajVertex *grown = realloc(b->segs, sizeof *grown * (size_t)cap);
        if (!grown)
            return restarted; /* keeps what it has: the path stops growing on screen */
        b->segs = grown;
        b->segs_cap = cap;
    }
    long first_new = b->nseg; /* the old tail's slot, if any, is rewritten */
    for (long k = b->src_n; k < n; k++) {
        if (b->n == 0) {
            /* Point 0 is the origin, final at once. */
            b->ox = isfinite(pts[0].x) ? pts[0].x : 0.0;
            b->oy = isfinite(pts[0].y) ? pts[0].y : 0.0;
            pathlod_start(&b->lod, b->tol, 0.0, 0.0);
            b->lx = b->ly = b->px = b->py = 0.0;
            b->n = 1;
            continue;
        }
        double dx = pts[k].x - b->ox, dy = pts[k].y - b->oy, fx, fy;
        if (!isfinite(dx) || !isfinite(dy) || fabs(dx) >= TRAJ_MAX_COORD ||
            fabs(dy) >= TRAJ_MAX_COORD)
            continue;
        if (!pathlod_add(&b->lod, dx, dy, &fx, &fy))
            continue;
        if (!pathseen_add(&b->seen, b->lx, b->ly, fx, fy))
            b->segs[b->nseg++] = traj_segment_to(b, fx, fy);
        b->px = b->lx;
        b->py = b->ly;
        b->lx = fx;
        b->ly = fy;
        b->n++;
    }
    b->tail = b->n > 0 && b->lod.tail;
    if (b->tail)
        b->segs[b->nseg] = traj_segment_to(b, b->lod.tx, b->lod.ty);
    b->src_n = n;
    long segs = b->nseg + (b->tail ? 1 : 0);
    if (segs > first_new && traj_buffer_reserve(b, segs, first_new))
        traj_buffer_upload(b, first_new, segs);
    return restarted;
}

void traj_draw(TrajRenderer *t, const TrajBuffer *b, const View *v, long first, long count,
               const LineStyle *s)
{
    if (first < 0)
        first = 0;
    long segs = b->nseg + (b->tail ? 1 : 0);
    if (first + count > segs)
        count = segs - first;
    if (count <= 0 || !b->vbo)
        return;
    glBindVertexArray(t->traj_vao);
    if (first + count > t->quad_cap) {
        long cap = t->quad_cap > 0 ? t->quad_cap : TRAJ_INITIAL_CAP;
        while (cap < first + count)
            cap *= 2;
        GLuint *idx = malloc(sizeof(GLuint) * 6 * (size_t)cap);
        if (!idx) {
            glBindVertexArray(0);
            return; /* out of memory: the path is not drawn this time */
        }
        static const GLuint corner[6] = {0, 1, 2, 2, 1, 3};
        for (long k = 0; k < cap; k++)
            for (int c = 0; c < 6; c++)
                idx[6 * k + c] = (GLuint)(4 * k) + corner[c];
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(sizeof(GLuint) * 6 * (size_t)cap),
                     idx, GL_STATIC_DRAW);
        free(idx);
        t->quad_cap = cap;
    }
    mat4 mvp;
    view_matrix(v, b->ox, b->oy, mvp);
    traj_use(t, mvp);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    static const size_t offset[] = {
        [LINE_ATTR_PREV] = offsetof(TrajVertex, prev),
        [LINE_ATTR_P0] = offsetof(TrajVertex, p0),
        [LINE_ATTR_P1] = offsetof(TrajVertex, p1),
    };
    for (int a = LINE_ATTR_PREV; a <= LINE_ATTR_P1; a++)
        glVertexAttribPointer((GLuint)a, 2, GL_FLOAT, GL_FALSE, sizeof(TrajVertex),
                              (void *)offset[a]);
    glDisableVertexAttribArray(LINE_ATTR_COLOR);
    glDisableVertexAttribArray(LINE_ATTR_STYLE);
    glVertexAttrib4fv(LINE_ATTR_COLOR, s->color);
    glVertexAttrib4f(LINE_ATTR_STYLE, s->radius, s->halo, s->halo_alpha, 0.0f);
    glDrawElements(GL_TRIANGLES, (GLsizei)(6 * count), GL_UNSIGNED_INT,
                   (void *)(sizeof(GLuint) * 6 * (size_t)first));
    glBindVertexArray(0);
}

static void traj_push(TrajRenderer *t, float x0, float y0, float x1, float y1,
                      const LineStyle *s)
{
    if (t->n_markers == TRAJ_MARKER_CAPACITY)
        traj_flush_markers(t);
    /* prev == p0: no previous segment to keep the halo off. */
    LineInstance *m = &t->markers[t->n_markers++];
    *m = (LineInstance){
        .prev = {x0, y0}, .p0 = {x0, y0}, .p1 = {x1, y1},
        .color = {s->color[0], s->color[1], s->color[2], s->color[3]},
        .style = {s->radius, s->halo, s->halo_alpha, 0.0f},
    };
}

void traj_marker_dot(TrajRenderer *t, float x, float y, const LineStyle *s)
{
    traj_push(t, x, y, x, y, s);
}

void traj_marker_segment(TrajRenderer *t, float x0, float y0, float x1, float y1,
                         const LineStyle *s)
{
    traj_push(t, x0, y0, x1, y1, s);
}

void traj_flush_markers(TrajRenderer *t)
{
    if (t->n_markers == 0)
        return;
    mat4 mvp;
    view_pixel_matrix(t->w, t->h, mvp);
    traj_use(t, mvp);
    glBindVertexArray(t->marker_vao);
    glBindBuffer(GL_ARRAY_BUFFER, t->marker_vbo);
    /* Storage of just the markers drawn (batcher_flush says why). */
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(LineInstance) * (size_t)t->n_markers),
                 t->markers, GL_STREAM_DRAW);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, t->n_markers);
    glBindVertexArray(0);
    t->n_markers = 0;
}
