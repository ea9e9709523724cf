/* ui_draw.c - the UI's command list through a canvas: filled and rounded
 * rects, outlines, text, triangles and clip rectangles (on GL the batcher draws a whole panel,
 * text included, in a handful of draw calls). */
#include "figure/ui_draw.h"

#include <math.h>
#include <string.h>

/* The face nearest to size pixels. */
static FontFace ui_draw_face(Canvas *c, float size)
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

static float ui_draw_text_width(void *user, const char *text, int len, float size)
{
    Canvas *cv = user;
    char buf[512];
    if (len <= 0)
        return 0.0f;
    if ((size_t)len >= sizeof buf)
        len = (int)sizeof buf - 1;
    memcpy(buf, text, (size_t)len);
    buf[len] = '\0';
    return canvas_measure(cv, ui_draw_face(cv, size), buf);
}

static float ui_draw_line_height(void *user, float size)
{
    Canvas *cv = user;
    return (float)canvas_line_height(cv, ui_draw_face(cv, size));
}

UiTextMetrics ui_draw_metrics(Canvas *cv)
{
    return (UiTextMetrics){.text_width = ui_draw_text_width,
                           .line_height = ui_draw_line_height,
                           .user = cv};
}

static Rgba ui_draw_rgba(UiColor c)
{
    return (Rgba){c.r, c.g, c.b, c.a};
}

void ui_draw_commands(Canvas *cv, const UiContext *ui, int fb_w, int fb_h)
{
    canvas_begin(cv, fb_w, fb_h, 0, 0, fb_w, fb_h);
    const UiCommand *cmd = NULL;
    while (ui_next_command(ui, &cmd)) {
        Rgba c = ui_draw_rgba(cmd->color);
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
            canvas_text(cv, ui_draw_face(cv, cmd->text.size), cmd->text.x, cmd->text.y,
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
