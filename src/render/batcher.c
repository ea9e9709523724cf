/* batcher.c - the 2D batcher: accumulates textured, colored triangles in a CPU array and draws
 * them with one glDrawArrays when the array fills, the texture, the program (strip quads) or
 * the clip changes, or at the end. Anti-aliasing of solid shapes comes from a 1-px rim whose
 * alpha fades to zero; a strip's quads ramp their alpha per pixel.
 */
#include "render/batcher.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cglm/cglm.h>

#include "render/shader.h"

static_assert(BATCHER_CAPACITY % 3 == 0, "whole triangles");

static const char *const BATCHER_UNIFORM_NAMES[BATCHER_U_COUNT] = {
    [BATCHER_U_PROJ] = "u_proj",
    [BATCHER_U_TEX] = "u_tex",
};

static const float BATCHER_PI = 3.14159265358979f;

/* The scissor box (GL pixels: x, y bottom-left, w, h) of what the batcher may draw on, from
 * the clip or the frame's rectangle (or the whole viewport when scissored only by the limit)
 * cut down to the limit; false when nothing limits it (scissor test off). */
static bool batcher_scissor_box(const Batcher *b, int box[4])
{
    if (b->clip_on) {
        box[0] = b->ox + b->clip[0];
        box[1] = b->oy + (b->top_down ? b->clip[1] : b->h - b->clip[1] - b->clip[3]);
        box[2] = b->clip[2];
        box[3] = b->clip[3];
    } else if (b->in_rect || b->limit_on) {
        box[0] = b->ox;
        box[1] = b->oy;
        box[2] = b->w;
        box[3] = b->h;
    } else {
        return false;
    }
    if (b->limit_on) {
        int x0 = box[0] > b->limit[0] ? box[0] : b->limit[0];
        int y0 = box[1] > b->limit[1] ? box[1] : b->limit[1];
        int x1 = box[0] + box[2] < b->limit[0] + b->limit[2] ? box[0] + box[2]
                                                            : b->limit[0] + b->limit[2];
        int y1 = box[1] + box[3] < b->limit[1] + b->limit[3] ? box[1] + box[3]
                                                            : b->limit[1] + b->limit[3];
        box[0] = x0;
        box[1] = y0;
        box[2] = x1 > x0 ? x1 - x0 : 0;
        box[3] = y1 > y0 ? y1 - y0 : 0;
    }
    return true;
}

void batcher_apply_scissor(const Batcher *b)
{
    int box[4];
    if (batcher_scissor_box(b, box)) {
        glEnable(GL_SCISSOR_TEST);
        glScissor(box[0], box[1], box[2], box[3]);
    } else {
        glDisable(GL_SCISSOR_TEST);
    }
}

/* Sets a rectangle of the batcher's state (the clip or the limit: *on and rect[4]), drawing
 * what is pending under the old one first; on = false lifts it. */
static void batcher_set_rect(Batcher *b, bool *on, int rect[4], bool now_on, int x, int y,
                             int w, int h)
{
    w = w < 0 ? 0 : w;
    h = h < 0 ? 0 : h;
    if (*on == now_on &&
        (!now_on || (rect[0] == x && rect[1] == y && rect[2] == w && rect[3] == h)))
        return;
    batcher_flush(b);
    *on = now_on;
    rect[0] = x;
    rect[1] = y;
    rect[2] = w;
    rect[3] = h;
}

void batcher_set_limit(Batcher *b, int x, int y, int w, int h)
{
    batcher_set_rect(b, &b->limit_on, b->limit, true, x, y, w, h);
}

void batcher_limit_off(Batcher *b)
{
    batcher_set_rect(b, &b->limit_on, b->limit, false, 0, 0, 0, 0);
}

bool batcher_init(Batcher *b, const char *data_dir, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->verts = malloc(sizeof(BatcherVertex) * BATCHER_CAPACITY);
    if (!b->verts) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    static const char *const defines[BATCHER_PROGRAMS] = {
        [BATCHER_PLAIN] = NULL,
        [BATCHER_RAMP] = "#define BATCHER_RAMP 1\n",
        [BATCHER_IMAGE] = "#define BATCHER_IMAGE 1\n",
    };
    for (int k = 0; k < BATCHER_PROGRAMS; k++) {
        if (!shader_build(data_dir, "batcher.vert", "batcher.frag", defines[k],
                          BATCHER_UNIFORM_NAMES, BATCHER_U_COUNT, b->u[k], &b->program[k], err,
                          errlen)) {
            for (int q = 0; q < k; q++)
                glDeleteProgram(b->program[q]);
            free(b->verts);
            memset(b, 0, sizeof *b);
            return false;
        }
    }
    glGenVertexArrays(1, &b->vao);
    glGenBuffers(1, &b->vbo);
    glBindVertexArray(b->vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof(BatcherVertex) * BATCHER_CAPACITY, NULL, GL_STREAM_DRAW);
    glEnableVertexAttribArray(BATCHER_ATTR_POS);
    glVertexAttribPointer(BATCHER_ATTR_POS, 2, GL_FLOAT, GL_FALSE, sizeof(BatcherVertex),
                          (void *)offsetof(BatcherVertex, x));
    glEnableVertexAttribArray(BATCHER_ATTR_UV);
    glVertexAttribPointer(BATCHER_ATTR_UV, 2, GL_FLOAT, GL_FALSE, sizeof(BatcherVertex),
                          (void *)offsetof(BatcherVertex, u));
    glEnableVertexAttribArray(BATCHER_ATTR_COLOR);
    glVertexAttribPointer(BATCHER_ATTR_COLOR, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(BatcherVertex),
                          (void *)offsetof(BatcherVertex, color));
    glBindVertexArray(0);

    static const unsigned char white[4] = {255, 255, 255, 255};
    glGenTextures(1, &b->white_tex);
    glBindTexture(GL_TEXTURE_2D, b->white_tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 1, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, white);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    batcher_set_atlas(b, b->white_tex, 0.5f, 0.5f);
    return true;
}

void batcher_free(Batcher *b)
{
    for (int k = 0; k < BATCHER_PROGRAMS; k++)
        if (b->program[k])
            glDeleteProgram(b->program[k]);
    if (b->vbo)
        glDeleteBuffers(1, &b->vbo);
    if (b->vao)
        glDeleteVertexArrays(1, &b->vao);
    if (b->white_tex)
        glDeleteTextures(1, &b->white_tex);
    free(b->verts);
    memset(b, 0, sizeof *b);
}

void batcher_set_atlas(Batcher *b, GLuint atlas, float white_u, float white_v)
{
    if (b->tex == b->atlas && b->n > 0 && atlas != b->atlas)
        batcher_flush(b);
    if (b->tex == b->atlas)
        b->tex = atlas;
    b->atlas = atlas;
    b->white_u = white_u;
    b->white_v = white_v;
}

void batcher_begin(Batcher *b, int w, int h)
{
    b->w = w;
    b->h = h;
    b->n = 0;
    b->clip_on = false;
    b->blend = true;
    b->premultiplied = false;
    b->tex = b->atlas;
    b->prog = BATCHER_PLAIN;
    b->draw_calls = 0;
    b->ox = b->oy = 0;
    b->in_rect = false;
    b->top_down = false;
    glViewport(0, 0, w, h);
    batcher_apply_scissor(b);
    glDisable(GL_DEPTH_TEST);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void batcher_begin_rect(Batcher *b, int x, int y, int w, int h, int target_h)
{
    batcher_begin(b, w, h);
    b->ox = x;
    b->oy = target_h - y - h;
    b->in_rect = true;
    glViewport(b->ox, b->oy, w, h);
    batcher_apply_scissor(b);
}

void batcher_set_top_down(Batcher *b, bool top_down)
{
    assert(!b->in_rect && b->n == 0);
    b->top_down = top_down;
    batcher_apply_scissor(b);
}

void batcher_flush(Batcher *b)
{
    if (b->n == 0)
        return;
    mat4 proj;
    if (b->top_down)
        glm_ortho(0.0f, (float)b->w, 0.0f, (float)b->h, -1.0f, 1.0f, proj);
    else
        glm_ortho(0.0f, (float)b->w, (float)b->h, 0.0f, -1.0f, 1.0f, proj);
    const GLint *u = b->u[b->prog];
    glUseProgram(b->program[b->prog]);
    glUniformMatrix4fv(u[BATCHER_U_PROJ], 1, GL_FALSE, (const float *)proj);
    glUniform1i(u[BATCHER_U_TEX], 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, b->tex);
    if (b->blend && b->premultiplied) {
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else if (b->blend) {
        glEnable(GL_BLEND);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    } else {
        glDisable(GL_BLEND);
    }
    /* Another renderer may have moved the viewport since batcher_begin. */
    glViewport(b->ox, b->oy, b->w, b->h);
    batcher_apply_scissor(b);
    glBindVertexArray(b->vao);
    glBindBuffer(GL_ARRAY_BUFFER, b->vbo);
    /* New storage of just the vertices drawn, filled: the driver need not wait for the
     * previous draw. Not the whole capacity: llvmpipe allocates (and the kernel maps and
     * zeroes) every byte of a buffer's storage, ~0.5 MB per flush at 24K vertices. */
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(sizeof(BatcherVertex) * (size_t)b->n), b->verts,
                 GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, b->n);
    glBindVertexArray(0);
    b->n = 0;
    b->draw_calls++;
}

void batcher_end(Batcher *b)
{
    batcher_flush(b);
    glDisable(GL_SCISSOR_TEST);
    glEnable(GL_BLEND);
    b->clip_on = false;
    b->blend = true;
    b->premultiplied = false;
}

void batcher_set_blend(Batcher *b, bool on)
{
    if (b->blend == on)
        return;
    batcher_flush(b);
    b->blend = on;
}

void batcher_set_premultiplied(Batcher *b, bool on)
{
    if (b->premultiplied == on)
        return;
    batcher_flush(b);
    b->premultiplied = on;
    if (!on) /* the state batcher_begin leaves, which other renderers draw with */
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void batcher_clip(Batcher *b, int x, int y, int w, int h)
{
    batcher_set_rect(b, &b->clip_on, b->clip, true, x, y, w, h);
}

void batcher_clip_off(Batcher *b)
{
    batcher_set_rect(b, &b->clip_on, b->clip, false, 0, 0, 0, 0);
}

/* Room for n more vertices with texture tex, drawn by program prog; flushes first when
 * needed. */
static BatcherVertex *batcher_reserve_as(Batcher *b, GLuint tex, BatcherProgram prog, int n)
{
    if (tex != b->tex || prog != b->prog) {
        batcher_flush(b);
        b->tex = tex;
        b->prog = prog;
    }
    if (b->n + n > BATCHER_CAPACITY)
        batcher_flush(b);
    BatcherVertex *v = b->verts + b->n;
    b->n += n;
    return v;
}

static BatcherVertex *batcher_reserve(Batcher *b, GLuint tex, int n)
{
    return batcher_reserve_as(b, tex, BATCHER_PLAIN, n);
}

static BatcherVertex batcher_vertex(float x, float y, float u, float v, Rgba c)
{
    return (BatcherVertex){x, y, u, v, c};
}

void batcher_tri(Batcher *b, float x0, float y0, float x1, float y1, float x2, float y2, Rgba c)
{
    BatcherVertex *v = batcher_reserve(b, b->atlas, 3);
    v[0] = batcher_vertex(x0, y0, b->white_u, b->white_v, c);
    v[1] = batcher_vertex(x1, y1, b->white_u, b->white_v, c);
    v[2] = batcher_vertex(x2, y2, b->white_u, b->white_v, c);
}

void batcher_tri_colors(Batcher *b, const float *xy, Rgba c0, Rgba c1, Rgba c2)
{
    BatcherVertex *v = batcher_reserve(b, b->atlas, 3);
    v[0] = batcher_vertex(xy[0], xy[1], b->white_u, b->white_v, c0);
    v[1] = batcher_vertex(xy[2], xy[3], b->white_u, b->white_v, c1);
    v[2] = batcher_vertex(xy[4], xy[5], b->white_u, b->white_v, c2);
}

void batcher_clear_rect(Batcher *b, int x, int y, int w, int h, Rgba c)
{
    batcher_flush(b);
    int x0 = x, y0 = y, x1 = x + w, y1 = y + h;
    x0 = x0 > 0 ? x0 : 0;
    y0 = y0 > 0 ? y0 : 0;
    x1 = x1 < b->w ? x1 : b->w;
    y1 = y1 < b->h ? y1 : b->h;
    if (x1 <= x0 || y1 <= y0)
        return;
    /* The rectangle in GL pixels, then cut to the clip, the frame and the limit. */
    int box[4] = {b->ox + x0, b->oy + b->h - y1, x1 - x0, y1 - y0}, sc[4];
    if (batcher_scissor_box(b, sc)) {
        int bx0 = box[0] > sc[0] ? box[0] : sc[0], by0 = box[1] > sc[1] ? box[1] : sc[1];
        int bx1 = box[0] + box[2] < sc[0] + sc[2] ? box[0] + box[2] : sc[0] + sc[2];
        int by1 = box[1] + box[3] < sc[1] + sc[3] ? box[1] + box[3] : sc[1] + sc[3];
        if (bx1 <= bx0 || by1 <= by0)
            return;
        box[0] = bx0;
        box[1] = by0;
        box[2] = bx1 - bx0;
        box[3] = by1 - by0;
    }
    bool whole = !b->in_rect && box[0] == 0 && box[1] == 0 && box[2] == b->w && box[3] == b->h;
    if (whole) {
        glDisable(GL_SCISSOR_TEST);
    } else {
        glEnable(GL_SCISSOR_TEST);
        glScissor(box[0], box[1], box[2], box[3]);
    }
    glClearColor(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

void batcher_rect(Batcher *b, float x, float y, float w, float h, Rgba c)
{
    batcher_quad_uv(b, 0, x, y, x + w, y + h, b->white_u, b->white_v, b->white_u, b->white_v, c);
}

/* batcher_quad_uv drawn by program prog. */
static void batcher_quad_uv_as(Batcher *b, GLuint tex, BatcherProgram prog, float x0, float y0,
                               float x1, float y1, float u0, float v0, float u1, float v1,
                               Rgba c)
{
    BatcherVertex *v = batcher_reserve_as(b, tex ? tex : b->atlas, prog, 6);
    v[0] = batcher_vertex(x0, y0, u0, v0, c);
    v[1] = batcher_vertex(x1, y0, u1, v0, c);
    v[2] = batcher_vertex(x1, y1, u1, v1, c);
    v[3] = batcher_vertex(x0, y0, u0, v0, c);
    v[4] = batcher_vertex(x1, y1, u1, v1, c);
    v[5] = batcher_vertex(x0, y1, u0, v1, c);
}

void batcher_quad_uv(Batcher *b, GLuint tex, float x0, float y0, float x1, float y1, float u0,
                   float v0, float u1, float v1, Rgba c)
{
    batcher_quad_uv_as(b, tex, BATCHER_PLAIN, x0, y0, x1, y1, u0, v0, u1, v1, c);
}

void batcher_ramp_quad(Batcher *b, const float *xy, float k, Rgba c)
{
    /* Any texture: the ramp's program samples none. */
    BatcherVertex *v = batcher_reserve_as(b, b->tex, BATCHER_RAMP, 6);
    BatcherVertex l0 = batcher_vertex(xy[0], xy[1], -k, k, c);
    BatcherVertex r0 = batcher_vertex(xy[2], xy[3], k, k, c);
    BatcherVertex l1 = batcher_vertex(xy[4], xy[5], -k, k, c);
    BatcherVertex r1 = batcher_vertex(xy[6], xy[7], k, k, c);
    v[0] = l0;
    v[1] = l1;
    v[2] = r1;
    v[3] = l0;
    v[4] = r1;
    v[5] = r0;
}

void batcher_view_image(Batcher *b, GLuint tex, int tex_w, int tex_h, bool top_down,
                        const View *was, const View *now)
{
    ViewBox box = view_bounds(was);
    double sx0, sy0, sx1, sy1; /* was's corners in now's pixels, y down */
    view_world_to_screen(now, box.xmin, box.ymax, &sx0, &sy0);
    view_world_to_screen(now, box.xmax, box.ymin, &sx1, &sy1);
    bool texel_per_pixel = was->scale == now->scale && tex_w == was->w && tex_h == was->h;
    batcher_flush(b);
    glBindTexture(GL_TEXTURE_2D, tex);
    GLint filter = texel_per_pixel ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    float v_top = top_down ? 0.0f : 1.0f;
    batcher_quad_uv_as(b, tex, BATCHER_IMAGE, (float)sx0, (float)sy0, (float)sx1, (float)sy1,
                       0.0f, v_top, 1.0f, 1.0f - v_top, (Rgba){255, 255, 255, 255});
    batcher_flush(b);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
}

void batcher_convex(Batcher *b, const float *xy, int n, Rgba c)
{
    enum { MAX_PTS = 64 };
    if (n < 3)
        return;
    if (n > MAX_PTS)
        n = MAX_PTS;
    float area = 0.0f;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        area += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    float sign = area > 0.0f ? 1.0f : -1.0f;
    /* Per-vertex miter offsets of half a pixel outward along the averaged edge normals. */
    float in[2 * MAX_PTS], out[2 * MAX_PTS];
    for (int i = 0; i < n; i++) {
        int ip = (i + n - 1) % n, in_ = (i + 1) % n;
        float e0x = xy[2 * i] - xy[2 * ip], e0y = xy[2 * i + 1] - xy[2 * ip + 1];
        float e1x = xy[2 * in_] - xy[2 * i], e1y = xy[2 * in_ + 1] - xy[2 * i + 1];
        float l0 = sqrtf(e0x * e0x + e0y * e0y), l1 = sqrtf(e1x * e1x + e1y * e1y);
        l0 = l0 > 1e-6f ? l0 : 1.0f;
        l1 = l1 > 1e-6f ? l1 : 1.0f;
        /* Outward normal of a counter-clockwise (in y-down pixels: area > 0) edge. */
        float n0x = sign * e0y / l0, n0y = -sign * e0x / l0;
        float n1x = sign * e1y / l1, n1y = -sign * e1x / l1;
        float mx = n0x + n1x, my = n0y + n1y;
        float ml = mx * n1x + my * n1y;
        ml = ml > 0.25f ? ml : 0.25f;
        mx /= ml;
        my /= ml;
        in[2 * i] = xy[2 * i] - 0.5f * mx;
        in[2 * i + 1] = xy[2 * i + 1] - 0.5f * my;
        out[2 * i] = xy[2 * i] + 0.5f * mx;
        out[2 * i + 1] = xy[2 * i + 1] + 0.5f * my;
    }
    Rgba clear = {c.r, c.g, c.b, 0};
    BatcherVertex *v = batcher_reserve(b, b->atlas, 3 * (n - 2) + 6 * n);
    float wu = b->white_u, wv = b->white_v;
    for (int i = 1; i + 1 < n; i++) {
        *v++ = batcher_vertex(in[0], in[1], wu, wv, c);
        *v++ = batcher_vertex(in[2 * i], in[2 * i + 1], wu, wv, c);
        *v++ = batcher_vertex(in[2 * i + 2], in[2 * i + 3], wu, wv, c);
    }
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        *v++ = batcher_vertex(in[2 * i], in[2 * i + 1], wu, wv, c);
        *v++ = batcher_vertex(out[2 * i], out[2 * i + 1], wu, wv, clear);
        *v++ = batcher_vertex(out[2 * j], out[2 * j + 1], wu, wv, clear);
        *v++ = batcher_vertex(in[2 * i], in[2 * i + 1], wu, wv, c);
        *v++ = batcher_vertex(out[2 * j], out[2 * j + 1], wu, wv, clear);
        *v++ = batcher_vertex(in[2 * j], in[2 * j + 1], wu, wv, c);
    }
}

void batcher_round_rect(Batcher *b, float x, float y, float w, float h, float r, Rgba c)
{
    enum { SEG_MAX = 8 };
    float pts[2 * 4 * (SEG_MAX + 1)];
    float rmax = 0.5f * (w < h ? w : h);
    r = r < rmax ? r : rmax;
    /* About one segment per 2 px of radius: small corners (the UI's widgets, by the hundred
     * per frame) cost few triangles, big ones stay round. */
    int seg = (int)ceilf(0.5f * r);
    const int SEG = seg < 2 ? 2 : seg > SEG_MAX ? SEG_MAX : seg;
    if (r < 0.5f) {
        float q[8] = {x, y, x + w, y, x + w, y + h, x, y + h};
        batcher_convex(b, q, 4, c);
        return;
    }
    const float cx[4] = {x + w - r, x + w - r, x + r, x + r};
    const float cy[4] = {y + r, y + h - r, y + h - r, y + r};
    int k = 0;
    for (int corner = 0; corner < 4; corner++) {
        float a0 = -0.5f * BATCHER_PI + 0.5f * BATCHER_PI * (float)corner;
        for (int s = 0; s <= SEG; s++) {
            float a = a0 + 0.5f * BATCHER_PI * (float)s / (float)SEG;
            pts[k++] = cx[corner] + r * cosf(a);
            pts[k++] = cy[corner] + r * sinf(a);
        }
    }
    batcher_convex(b, pts, 4 * (SEG + 1), c);
}
