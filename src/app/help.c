/* help.c - the help overlay: a two-column table of keys and what they do, large enough to
 * read from the back of a lecture hall, over a dimmed picture. */
#include "app/help.h"

#include <stdio.h>

#define ARROW_L "\xe2\x86\x90"
#define ARROW_R "\xe2\x86\x92"
#define ARROW_U "\xe2\x86\x91"
#define ARROW_D "\xe2\x86\x93"
#define MINUS "\xe2\x88\x92"
#define DASH "\xe2\x80\x93"

static const HelpEntry HELP[] = {
    {"Space", "play / pause"},
    {ARROW_R, "one step forward"},
    {ARROW_L, "one step back"},
    {"R", "reset: back to step 0"},
    {"Left click", "start the runs from there (every pane when linked)"},
    {"Drag the start marker", "move the start point: the runs follow live"},
    {"Right or middle drag", "pan"},
    {"Wheel", "zoom about the cursor"},
    {"+  " MINUS, "zoom in / out"},
    {ARROW_U " " ARROW_D "  Shift+" ARROW_L " " ARROW_R, "pan"},
    {"Home  0", "fit the view again"},
    {"[  ]", "fewer / more contour levels"},
    {"1 " DASH " 9", "landscape of the selected pane"},
    {"Tab", "show / hide the control panel"},
    {"F", "fullscreen on / off"},
    {"S", "screenshot: a PNG in the current directory"},
    {"H", "help (Esc closes it)"},
    {"Q", "quit"},
};

int help_entries(const HelpEntry **out)
{
    *out = HELP;
    return (int)(sizeof HELP / sizeof HELP[0]);
}

void help_draw(Renderer *r, int fb_w, int fb_h)
{
    Batcher *b = &r->batch;
    Font *f = &r->font;
    float s = r->ui_scale;
    int n = (int)(sizeof HELP / sizeof HELP[0]);
    const char *title = "Keys and mouse";
    const char *foot = "H or Esc closes this help";
    float kw = 0.0f, aw = 0.0f;
    for (int i = 0; i < n; i++) {
        float a = font_measure(f, FONT_BODY, HELP[i].keys);
        float c = font_measure(f, FONT_BODY, HELP[i].action);
        kw = a > kw ? a : kw;
        aw = c > aw ? c : aw;
    }
    float lh = (float)font_line_height(f, FONT_BODY), th = (float)font_line_height(f, FONT_TITLE);
    float pad = 28.0f * s, gap = 32.0f * s, row = lh + 6.0f * s;
    float bw = pad * 2.0f + kw + gap + aw;
    float bh = pad * 2.0f + th + 14.0f * s + (float)n * row + 10.0f * s + lh;
    float x = 0.5f * ((float)fb_w - bw), y = 0.5f * ((float)fb_h - bh);
    x = x > 0.0f ? x : 0.0f;
    y = y > 0.0f ? y : 0.0f;
    batcher_begin(b, fb_w, fb_h);
    batcher_rect(b, 0.0f, 0.0f, (float)fb_w, (float)fb_h, (Rgba){0, 0, 0, 120});
    batcher_round_rect(b, x, y, bw, bh, 14.0f * s, (Rgba){16, 18, 24, 240});
    float cy = y + pad;
    font_draw(f, b, FONT_TITLE, x + pad, cy, title, (Rgba){255, 255, 255, 255});
    cy += th + 6.0f * s;
    batcher_rect(b, x + pad, cy, bw - 2.0f * pad, s > 1.0f ? s : 1.0f, (Rgba){255, 255, 255, 50});
    cy += 8.0f * s;
    for (int i = 0; i < n; i++) {
        /* Keys in the UI's accent (amber), right-aligned against the actions. */
        float w = font_measure(f, FONT_BODY, HELP[i].keys);
        font_draw(f, b, FONT_BODY, x + pad + kw - w, cy, HELP[i].keys, (Rgba){255, 172, 40, 255});
        font_draw(f, b, FONT_BODY, x + pad + kw + gap, cy, HELP[i].action,
                  (Rgba){235, 236, 242, 255});
        cy += row;
    }
    cy += 10.0f * s;
    float fw = font_measure(f, FONT_BODY, foot);
    font_draw(f, b, FONT_BODY, x + 0.5f * (bw - fw), cy, foot, (Rgba){170, 174, 190, 255});
    batcher_end(b);
}
