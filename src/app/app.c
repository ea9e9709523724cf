/* app.c - the screen of a session, shared by the window and the export: the layout of the
 * title band, the panes (with their loss plots), the control panel and the timeline, and
 * each pane's description for the renderer.
 */
#include "app/app.h"

#include "render/hud.h"

#include <math.h>
#include <string.h>

static UiRect app_shift(UiRect r, float dy)
{
    if (r.w > 0.0f && r.h > 0.0f)
        r.y += dy;
    return r;
}

AppLayout app_layout(Renderer *r, const Session *s, const AppLayoutDesc *d)
{
    static const int COLS[LAYOUT_COUNT] = {[LAYOUT_SINGLE] = 1, [LAYOUT_1X2] = 2,
                                           [LAYOUT_2X2] = 2};
    static const int ROWS[LAYOUT_COUNT] = {[LAYOUT_SINGLE] = 1, [LAYOUT_1X2] = 1,
                                           [LAYOUT_2X2] = 2};
    AppLayout l;
    memset(&l, 0, sizeof l);
    float scale = d->ui_scale > 0.0f ? d->ui_scale : 1.0f;
    int w = d->w > 1 ? d->w : 1, h = d->h > 1 ? d->h : 1;
    PaneLayout pl = s->scene.layout < LAYOUT_COUNT ? s->scene.layout : LAYOUT_SINGLE;
    int cols = COLS[pl], rows = ROWS[pl];
    int n = s->n_panes < 1 ? 1 : s->n_panes;
    /* A scene with more panes than its layout holds still shows them all. */
    while (n > cols * rows) {
        if (cols <= rows)
            cols++;
        else
            rows++;
    }
    float panel_w = d->panel ? floorf(APP_PANEL_W * scale) : 0.0f;
    if (panel_w > 0.6f * (float)w)
        panel_w = floorf(0.6f * (float)w);
    float band = render_title_height(r, s->scene.title, s->scene.caption, (float)w - panel_w);
    if (band > 0.4f * (float)h)
        band = floorf(0.4f * (float)h);
    float loss_frac = (s->scene.overlays >> OVERLAY_LOSS_PLOT) & 1u ? APP_LOSS_FRAC : 0.0f;
    if (loss_frac > 0.0f) {
        /* The loss plot needs room for its labels and a readable curve at any UI scale
         * (presenter mode, HiDPI): at least APP_LOSS_MIN_H scaled, at most half the cell. */
        float timeline_h = d->timeline ? floorf(APP_TIMELINE_H * scale) : 0.0f;
        float cell_h = ((float)h - band - timeline_h) / (float)rows;
        if (cell_h > 0.0f && loss_frac * cell_h < APP_LOSS_MIN_H * scale)
            loss_frac = fminf(0.5f, APP_LOSS_MIN_H * scale / cell_h);
    }
    ScreenDesc sd = {
        .w = w,
        .h = h - (int)band,
        .cols = cols,
        .rows = rows,
        .n_panes = n,
        .panel_w = panel_w,
        .timeline_h = d->timeline ? floorf(APP_TIMELINE_H * scale) : 0.0f,
        .loss_frac = loss_frac,
        .gap = n > 1 || loss_frac > 0.0f ? floorf(APP_PANE_GAP * scale) : 0.0f,
    };
    l.screen = screen_layout(&sd);
    for (int p = 0; p < l.screen.n_panes; p++) {
        l.screen.plot[p] = app_shift(l.screen.plot[p], band);
        l.screen.loss[p] = app_shift(l.screen.loss[p], band);
    }
    l.screen.timeline = app_shift(l.screen.timeline, band);
    if (panel_w > 0.0f)
        l.screen.panel = (UiRect){(float)w - panel_w, 0.0f, panel_w, (float)h};
    if (band > 0.0f)
        l.title = (UiRect){0.0f, 0.0f, (float)w - panel_w, band};
    return l;
}

RenderScene app_render_scene(const Session *s, int p)
{
    const Pane *pane = &s->panes[p];
    return (RenderScene){
        .ls = pane->desc.ls,
        .view = pane->view,
        .levels = s->levels,
        .runs = pane->runs,
        .n_runs = pane->desc.n_runs,
        .enabled = pane->enabled,
        .generation = s->generation,
        .playing = s->playing,
        .speed = s->speed,
        .step = s->step,
    };
}

void app_draw_overlays(Renderer *r, const Session *s, int p, UiRect plot, const double *point,
                       OverlayCache *cache)
{
    const Pane *pane = &s->panes[p];
    unsigned bits = s->scene.overlays;
    OverlayFlags flags = {
        .gradient_field = bits & (1u << OVERLAY_GRADIENT_FIELD),
        .directions = bits & (1u << OVERLAY_DIRECTIONS),
        .taylor = bits & (1u << OVERLAY_TAYLOR),
        .eigen = bits & (1u << OVERLAY_EIGEN),
        .critical = bits & (1u << OVERLAY_CRITICAL),
        .minibatch = bits & (1u << OVERLAY_MINIBATCH),
    };
    int sel = p == s->selected_pane && s->selected_run < pane->desc.n_runs ? s->selected_run
                                                                             : 0;
    const Run *run = &pane->runs[sel];
    OverlayDesc d = {.ls = pane->desc.ls, .view = &pane->view, .rect = plot, .flags = flags,
                     .batch_run = pane->desc.ls->data ? run : NULL,
                     .point = {point ? point[0] : run->pts[run->n - 1].x,
                               point ? point[1] : run->pts[run->n - 1].y}};
    /* The first call draws the overlays; one more per further cloud of copies. */
    bool drawn = false;
    for (int i = 0; i < pane->desc.n_runs; i++) {
        if (!pane->cloud || !pane->enabled[i] || !session_run_is_stochastic(pane, i))
            continue;
        d.cloud = &pane->cloud[i * pane->cloud_k];
        d.n_cloud = pane->cloud_k;
        d.cloud_color = i;
        overlay_draw(r, &d, cache);
        d.flags = (OverlayFlags){0};
        drawn = true;
    }
    if (!drawn)
        overlay_draw(r, &d, cache);
}

void app_draw_hud(Renderer *r, const Session *s, int p, UiRect loss)
{
    const Pane *pane = &s->panes[p];
    HudRuns h = {.runs = pane->runs, .enabled = pane->enabled, .n_runs = pane->desc.n_runs,
                 .selected = p == s->selected_pane ? s->selected_run : -1, .step = s->step,
                 .f_tol = s->f_tol};
    hud_panel(r, &h, loss);
}
