/* render_ui.c - the UI's command list through the renderer's canvas: filled and rounded
 * rects, outlines, text, triangles and clip rectangles (on GL the batcher draws a whole panel,
 * text included, in a handful of draw calls). */
#include "render/render_ui.h"

#include <math.h>
#include <string.h>

/* The face nearest to size pixels. */
static FontFace render_ui_face(Canvas *c, float size)
{
    FontFace best = FONT_BODY;
    float best_d = INFINITY;
    for (int k = 0; k < FONT_FACE_COUNT; k++) {
        float d = fabsf((float)canvas_face_px(c, (FontFace)k) - size);
        if (d < best_d) {
            best_d = d;
            best = (FontFace)k;
        }
    }
    return best;
}

static float render_ui_text_width(void *user, const char *text, int len, float size)
{
    Renderer *r = user;
    char buf[512];
    if (len <= 0)
        return 0.0f;
    if ((size_t)len >= sizeof buf)
        len = (int)sizeof buf - 1;
    memcpy(buf, text, (size_t)len);
    buf[len] = '\0';
    return canvas_measure(r->canvas, render_ui_face(r->canvas, size), buf);
}

static float render_ui_line_height(void *user, float size)
{
    Renderer *r = user;
    return (float)canvas_line_height(r->canvas, render_ui_face(r->canvas, size));
}

UiTextMetrics render_ui_metrics(Renderer *r)
{
    return (UiTextMetrics){.text_width = render_ui_text_width,
                           .line_height = render_ui_line_height,
                           .user = r};
}

static Rgba render_ui_rgba(UiColor c)
{
    return (Rgba){c.r, c.g, c.b, c.a};
}

void render_ui(Renderer *r, const UiContext *ui, int fb_w, int fb_h)
{
    Canvas *cv = r->canvas;
    canvas_begin(cv, fb_w, fb_h, 0, 0, fb_w, fb_h);
    const UiCommand *cmd = NULL;
    while (ui_next_command(ui, &cmd)) {
        Rgba c = render_ui_rgba(cmd->color);
        switch (cmd->type) {
        case UI_CMD_RECT: {
            UiRect q = cmd->rect.rect;
            if (cmd->rect.radius > 0.5f)
                canvas_round_rect(cv, q.x, q.y, q.w, q.h, cmd->rect.radius, c);
            else
                canvas_rect(cv, q.x, q.y, q.w, q.h, c);
            break;
        }
        case UI_CMD_RECT_LINE: {
            UiRect q = cmd->line.rect;
            float t = fminf(cmd->line.thickness, 0.5f * fminf(q.w, q.h));
            canvas_rect(cv, q.x, q.y, q.w, t, c);
            canvas_rect(cv, q.x, q.y + q.h - t, q.w, t, c);
            canvas_rect(cv, q.x, q.y + t, t, q.h - 2.0f * t, c);
            canvas_rect(cv, q.x + q.w - t, q.y + t, t, q.h - 2.0f * t, c);
            break;
        }
        case UI_CMD_TEXT:
            canvas_text(cv, render_ui_face(cv, cmd->text.size), cmd->text.x, cmd->text.y,
                        cmd->text.str, c);
            break;
        case UI_CMD_TRIANGLE: {
            const float xy[6] = {cmd->tri.x[0], cmd->tri.y[0], cmd->tri.x[1],
                                 cmd->tri.y[1], cmd->tri.x[2], cmd->tri.y[2]};
            canvas_convex(cv, xy, 3, c);
            break;
        }
        case UI_CMD_CLIP_PUSH:
        case UI_CMD_CLIP_POP: {
            UiRect q = cmd->clip.rect;
            int x0 = (int)floorf(q.x), y0 = (int)floorf(q.y);
            int x1 = (int)ceilf(q.x + q.w), y1 = (int)ceilf(q.y + q.h);
            if (x0 <= 0 && y0 <= 0 && x1 >= fb_w && y1 >= fb_h)
                canvas_clip_off(cv);
            else
                canvas_clip(cv, x0, y0, x1 - x0, y1 - y0);
            break;
        }
        case UI_CMD_COUNT:
            break;
        }
    }
    canvas_clip_off(cv);
    canvas_flush(cv);
}
