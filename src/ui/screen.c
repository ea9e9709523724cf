/* screen.c - the screen's layout: panes in a grid beside the control panel, a loss plot
 * under each pane, the timeline along the bottom; and hit testing against it. */
#include "ui/screen.h"

#include <assert.h>
#include <math.h>

static UiRect rect(float x0, float y0, float x1, float y1)
{
    x0 = floorf(x0);
    y0 = floorf(y0);
    x1 = floorf(x1);
    y1 = floorf(y1);
    return (UiRect){ x0, y0, x1 > x0 ? x1 - x0 : 0.0f, y1 > y0 ? y1 - y0 : 0.0f };
}

Screen screen_layout(const ScreenDesc *d)
{
    assert(d->cols >= 1 && d->rows >= 1 && d->n_panes >= 1);
    assert(d->n_panes <= d->cols * d->rows && d->n_panes <= SCREEN_MAX_PANES);
    Screen s = { .n_panes = d->n_panes };
    float w = (float)d->w, h = (float)d->h;
    float panel_w = fminf(fmaxf(d->panel_w, 0.0f), w);
    float timeline_h = fminf(fmaxf(d->timeline_h, 0.0f), h);
    float plots_w = w - panel_w;
    float plots_h = h - timeline_h;
    if (panel_w > 0.0f) {
        s.panel = rect(plots_w, 0.0f, w, h);
    }
    if (timeline_h > 0.0f) {
        s.timeline = rect(0.0f, plots_h, plots_w, h);
    }
    float gap = d->gap;
    float cell_w = (plots_w - gap * (float)(d->cols - 1)) / (float)d->cols;
    float cell_h = (plots_h - gap * (float)(d->rows - 1)) / (float)d->rows;
    for (int i = 0; i < d->n_panes; i++) {
        float loss_frac = d->loss_off >> i & 1u ? 0.0f : fminf(fmaxf(d->loss_frac, 0.0f), 0.9f);
        int col = i % d->cols, row = i / d->cols;
        float x0 = (float)col * (cell_w + gap), y0 = (float)row * (cell_h + gap);
        float split = y0 + cell_h * (1.0f - loss_frac);
        s.plot[i] = rect(x0, y0, x0 + cell_w, loss_frac > 0.0f ? split : y0 + cell_h);
        if (loss_frac > 0.0f) {
            s.loss[i] = rect(x0, split + gap, x0 + cell_w, y0 + cell_h);
        }
    }
    return s;
}

ScreenRegion screen_hit(const Screen *s, float x, float y, int *pane)
{
    *pane = -1;
    for (int i = 0; i < s->n_panes; i++) {
        if (ui_rect_contains(s->plot[i], x, y)) {
            *pane = i;
            return SCREEN_PLOT;
        }
        if (ui_rect_contains(s->loss[i], x, y)) {
            *pane = i;
            return SCREEN_LOSS;
        }
    }
    if (ui_rect_contains(s->panel, x, y)) {
        return SCREEN_PANEL;
    }
    if (ui_rect_contains(s->timeline, x, y)) {
        return SCREEN_TIMELINE;
    }
    return SCREEN_NONE;
}
