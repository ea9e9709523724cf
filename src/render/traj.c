/* traj.c - trajectories as instanced capsules: per-run GPU point buffers that grow by
 * appending (doubling with glCopyBufferSubData, never re-uploading old points), and a small
 * instance batch for markers in pixel space.
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
    glBindVertexArray(t->traj_vao);
    for (int a = LINE_ATTR_PREV; a <= LINE_ATTR_P1; a++) {
        glEnableVertexAttribArray((GLuint)a);
        glVertexAttribDivisor((GLuint)a, 1);
    }
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
    free(t->markers);
    memset(t, 0, sizeof *t);
}

static void traj_use(TrajRenderer *t, mat4 mvp)
{
    glUseProgram(t->program);
    glViewport(t->ox, t->oy, t->w, t->h);
    glUniform2f(t->u[LINE_U_ORIGIN], (float)t->ox, (float)t->oy);
    glUniformMatrix4fv(t->u[LINE_U_MVP], 1, GL_FALSE, (const float *)mvp);
    glUniform2f(t->u[LINE_U_VIEWPORT], (float)t->w, (float)t->h);
    glUniform3fv(t->u[LINE_U_HALO_COLOR], 1, t->halo_color);
}

void traj_begin(TrajRenderer *t, int w, int h)
{
    t->w = w;
    t->h = h;
    t->n_markers = 0;
    t->ox = t->oy = 0;
    glViewport(0, 0, w, h);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
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
}

void traj_buffer_free(TrajBuffer *b)
{
    if (b->vbo)
        glDeleteBuffers(1, &b->vbo);
    free(b->pts);
    memset(b, 0, sizeof *b);
}

void traj_buffer_clear(TrajBuffer *b)
{
    b->n = b->src_n = 0;
    b->tail = false;
}

bool traj_buffer_set_tol(TrajBuffer *b, double tol)
{
    if (tol == b->tol)
        return false;
    b->tol = tol;
    traj_buffer_clear(b);
    return true;
}

/* Grows the buffer to hold at least need points, keeping its first keep (GPU-side copy). */
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
    glBufferData(GL_COPY_WRITE_BUFFER, (GLsizeiptr)(sizeof(float) * 2 * (size_t)(cap + 1)),
                 NULL, GL_DYNAMIC_DRAW);
    if (b->vbo) {
        glBindBuffer(GL_COPY_READ_BUFFER, b->vbo);
        glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0,
                            (GLsizeiptr)(sizeof(float) * 2 * (size_t)(keep + 1)));
        glDeleteBuffers(1, &b->vbo);
    }
    b->vbo = vbo;
    b->cap = cap;
    return true;
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
    /* At most n points (final and tail) will be held. */
    if (n + 1 > b->pts_cap) {
        long cap = b->pts_cap > 0 ? b->pts_cap : TRAJ_INITIAL_CAP;
        while (cap < n + 1)
            cap *= 2;
        float *grown = realloc(b->pts, sizeof(float) * 2 * (size_t)cap);
        if (!grown)
            return restarted; /* keeps what it has: the path stops growing on screen */
        b->pts = grown;
        b->pts_cap = cap;
    }
    long first_new = b->n;
    for (long k = b->src_n; k < n; k++) {
        if (b->n == 0) {
            /* Point 0 is the origin, final at once. */
            b->ox = isfinite(pts[0].x) ? pts[0].x : 0.0;
            b->oy = isfinite(pts[0].y) ? pts[0].y : 0.0;
            pathlod_start(&b->lod, b->tol, 0.0, 0.0);
            b->pts[0] = b->pts[1] = 0.0f;
            b->n = 1;
            first_new = 0;
            continue;
        }
        double dx = pts[k].x - b->ox, dy = pts[k].y - b->oy, fx, fy;
        if (!isfinite(dx) || !isfinite(dy) || fabs(dx) >= TRAJ_MAX_COORD ||
            fabs(dy) >= TRAJ_MAX_COORD)
            continue;
        if (pathlod_add(&b->lod, dx, dy, &fx, &fy)) {
            b->pts[2 * b->n] = (float)fx;
            b->pts[2 * b->n + 1] = (float)fy;
            b->n++;
        }
    }
    b->tail = b->n > 0 && b->lod.tail;
    if (b->tail) {
        b->pts[2 * b->n] = (float)b->lod.tx;
        b->pts[2 * b->n + 1] = (float)b->lod.ty;
    }
    b->src_n = n;
    long held = b->n + (b->tail ? 1 : 0);
    traj_buffer_reserve(b, held, first_new);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    if (first_new == 0) /* Slot 0 repeats point 0: the "previous point" of segment 0. */
        glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof(float) * 2, b->pts);
    if (held > first_new)
        glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)(sizeof(float) * 2 * (size_t)(first_new + 1)),
                        (GLsizeiptr)(sizeof(float) * 2 * (size_t)(held - first_new)),
                        b->pts + 2 * first_new);
    return restarted;
}

void traj_draw(TrajRenderer *t, const TrajBuffer *b, const View *v, long first, long count,
               const LineStyle *s)
{
    if (first < 0)
        first = 0;
    long segs = b->n + (b->tail ? 1 : 0) - 1;
    if (first + count > segs)
        count = segs - first;
    if (count <= 0 || !b->vbo)
        return;
    mat4 mvp;
    view_matrix(v, b->ox, b->oy, mvp);
    traj_use(t, mvp);
    glBindVertexArray(t->traj_vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    for (int a = LINE_ATTR_PREV; a <= LINE_ATTR_P1; a++) {
        size_t off = sizeof(float) * 2 * (size_t)(first + (a - LINE_ATTR_PREV));
        glVertexAttribPointer((GLuint)a, 2, GL_FLOAT, GL_FALSE, sizeof(float) * 2, (void *)off);
    }
    glDisableVertexAttribArray(LINE_ATTR_COLOR);
    glDisableVertexAttribArray(LINE_ATTR_STYLE);
    glVertexAttrib4fv(LINE_ATTR_COLOR, s->color);
    glVertexAttrib4f(LINE_ATTR_STYLE, s->radius, s->halo, s->halo_alpha, 0.0f);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, (GLsizei)count);
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
    glBufferData(GL_ARRAY_BUFFER, sizeof(LineInstance) * TRAJ_MARKER_CAPACITY, NULL,
                 GL_STREAM_DRAW);
    glBufferSubData(GL_ARRAY_BUFFER, 0, sizeof(LineInstance) * (size_t)t->n_markers,
                    t->markers);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, t->n_markers);
    glBindVertexArray(0);
    t->n_markers = 0;
}
