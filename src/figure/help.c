/* help.c - the help overlay, composed on the Canvas: the key table's rows (lecture/keymap),
 * large enough to read from the back of a lecture hall, over a dimmed picture; split in two
 * tables side by side when one would not fit the window's height. */
#include "figure/help.h"

#include <stdio.h>

#include "lecture/keymap.h"

/* How the table is set: its face, one or two columns and the box's size. */
typedef struct {
    FontFace face;
    int cols, per;             /* columns, rows per column */
    float kw[2], aw[2];        /* widest keys and actions of each column */
    float pad, gap, row, chrome;
    float w, h;                /* the box */
} HelpFit;

static HelpFit help_fit(Canvas *c, FontFace face, int cols)
{
    float s = c->scale;
    const KeyBinding *rows;
    int n = keymap_bindings(&rows);
    HelpFit t = {.face = face, .cols = cols, .per = (n + cols - 1) / cols};
    float lh = (float)canvas_line_height(c, face), th = (float)canvas_line_height(c, FONT_TITLE);
    t.pad = 28.0f * s;
    t.gap = 32.0f * s;
    t.row = lh + 6.0f * s;
    t.chrome = t.pad * 2.0f + th + 14.0f * s + 10.0f * s + (float)canvas_line_height(c, FONT_BODY);
    for (int i = 0; i < n; i++) {
        int col = i / t.per;
        float a = canvas_measure(c, face, rows[i].keys);
        float b = canvas_measure(c, face, rows[i].desc);
        t.kw[col] = a > t.kw[col] ? a : t.kw[col];
        t.aw[col] = b > t.aw[col] ? b : t.aw[col];
    }
    t.w = t.pad * 2.0f + t.kw[0] + t.gap + t.aw[0];
    if (cols == 2)
        t.w += 1.5f * t.gap + t.kw[1] + t.gap + t.aw[1];
    t.h = t.chrome + (float)t.per * t.row;
    return t;
}

/* One column of the table: rows [first, first + n) at (x, y), keys right-aligned to kw. */
static void help_column(Canvas *c, const HelpFit *t, int first, int n, float x, float y,
                        float kw)
{
    const KeyBinding *rows;
    keymap_bindings(&rows);
    for (int i = first; i < first + n; i++) {
        /* Keys in the UI's accent (amber), right-aligned against the actions. */
        float w = canvas_measure(c, t->face, rows[i].keys);
        canvas_text(c, t->face, x + kw - w, y, rows[i].keys, (Rgba){255, 172, 40, 255});
        canvas_text(c, t->face, x + kw + t->gap, y, rows[i].desc, (Rgba){235, 236, 242, 255});
        y += t->row;
    }
}

void help_draw(Canvas *c, int fb_w, int fb_h)
{
    float s = c->scale;
    const KeyBinding *rows;
    int n = keymap_bindings(&rows);
    const char *title = "Keys and mouse";
    const char *foot = "H or Esc closes this help";
    /* The first setting that fits the window: one column, two side by side (a small window,
     * or the larger presenter text), then the same in the smaller face. */
    static const struct {
        FontFace face;
        int cols;
    } TRY[] = {{FONT_BODY, 1}, {FONT_BODY, 2}, {FONT_SMALL, 1}, {FONT_SMALL, 2}};
    HelpFit t = help_fit(c, TRY[0].face, TRY[0].cols);
    for (size_t k = 1; k < sizeof TRY / sizeof TRY[0]; k++) {
        if (t.w <= (float)fb_w && t.h <= (float)fb_h)
            break;
        t = help_fit(c, TRY[k].face, TRY[k].cols);
    }
    float th = (float)canvas_line_height(c, FONT_TITLE);
    float x = 0.5f * ((float)fb_w - t.w), y = 0.5f * ((float)fb_h - t.h);
    x = x > 0.0f ? x : 0.0f;
    y = y > 0.0f ? y : 0.0f;
    canvas_begin(c, fb_w, fb_h, 0, 0, fb_w, fb_h);
    canvas_rect(c, 0.0f, 0.0f, (float)fb_w, (float)fb_h, (Rgba){0, 0, 0, 120});
    canvas_round_rect(c, x, y, t.w, t.h, 14.0f * s, (Rgba){16, 18, 24, 240});
    float cy = y + t.pad;
    canvas_text(c, FONT_TITLE, x + t.pad, cy, title, (Rgba){255, 255, 255, 255});
    cy += th + 6.0f * s;
    canvas_rect(c, x + t.pad, cy, t.w - 2.0f * t.pad, s > 1.0f ? s : 1.0f,
                 (Rgba){255, 255, 255, 50});
    cy += 8.0f * s;
    help_column(c, &t, 0, t.per, x + t.pad, cy, t.kw[0]);
    if (t.cols == 2)
        help_column(c, &t, t.per, n - t.per,
                    x + t.pad + t.kw[0] + t.gap + t.aw[0] + 1.5f * t.gap, cy, t.kw[1]);
    cy += (float)t.per * t.row + 10.0f * s;
    float fw = canvas_measure(c, FONT_BODY, foot);
    canvas_text(c, FONT_BODY, x + 0.5f * (t.w - fw), cy, foot, (Rgba){170, 174, 190, 255});
    canvas_flush(c);
}
