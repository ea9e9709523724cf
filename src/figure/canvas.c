/* canvas.c - the dispatch wrappers of the drawing interface: each call goes to the backend's
 * table (render/canvas_gl.c, render/canvas_soft.c). The few shapes that are another shape
 * (a dot is a stroke of length zero, a disc a dot without a halo) are made here once.
 */
#include "figure/canvas.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

void canvas_destroy(Canvas *c)
{
    if (c)
        c->vt->destroy(c);
}

void canvas_begin(Canvas *c, int target_w, int target_h, int x, int y, int w, int h)
{
    c->vt->begin(c, target_w, target_h, x, y, w, h);
}

bool canvas_plot(Canvas *c, int slot, const struct PlotScene *sc, int x, int y, int w, int h,
                 char *err, size_t errlen)
{
    assert(slot >= 0 && slot < CANVAS_MAX_SLOTS);
    return c->vt->plot(c, slot, sc, x, y, w, h, err, errlen);
}

bool canvas_busy(const Canvas *c)
{
    return c->vt->busy(c);
}

void canvas_flush(Canvas *c)
{
    c->vt->flush(c);
}

void canvas_clip(Canvas *c, int x, int y, int w, int h)
{
    c->vt->clip(c, x, y, w < 0 ? 0 : w, h < 0 ? 0 : h);
}

void canvas_clip_off(Canvas *c)
{
    c->vt->clip_off(c);
}

void canvas_rect(Canvas *c, float x, float y, float w, float h, Rgba col)
{
    c->vt->rect(c, x, y, w, h, col);
}

void canvas_round_rect(Canvas *c, float x, float y, float w, float h, float r, Rgba col)
{
    c->vt->round_rect(c, x, y, w, h, r, col);
}

void canvas_convex(Canvas *c, const float *xy, int n, Rgba col)
{
    assert(n <= 64);
    if (n >= 3)
        c->vt->convex(c, xy, n, col);
}

void canvas_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s)
{
    c->vt->stroke(c, x0, y0, x1, y1, s);
}

void canvas_dot(Canvas *c, float x, float y, const LineStyle *s)
{
    c->vt->stroke(c, x, y, x, y, s);
}

void canvas_disc(Canvas *c, float x, float y, float r, Rgba col)
{
    LineStyle s = {{0}, r, 0.0f, 0.0f};
    canvas_color_f(col, s.color);
    c->vt->stroke(c, x, y, x, y, &s);
}

void canvas_polyline(Canvas *c, const float *xy, int n, float width, Rgba col)
{
    if (n >= 2 && width > 0.0f && col.a > 0)
        c->vt->polyline(c, xy, n, width, col);
}

float canvas_text(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    return c->vt->text(c, face, x, y, utf8, col);
}

float canvas_measure(Canvas *c, FontFace face, const char *utf8)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    return c->vt->measure(c, face, utf8);
}

int canvas_line_height(Canvas *c, FontFace face)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    return c->vt->line_height(c, face);
}

int canvas_face_px(Canvas *c, FontFace face)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    return c->vt->face_px(c, face);
}

void canvas_color_f(Rgba c, float out[4])
{
    out[0] = c.r / 255.0f;
    out[1] = c.g / 255.0f;
    out[2] = c.b / 255.0f;
    out[3] = c.a / 255.0f;
}

float canvas_measure_bytes(void *canvas_face, const char *s, size_t n)
{
    const CanvasFace *f = canvas_face;
    char buf[1024];
    n = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return canvas_measure(f->c, f->face, buf);
}
