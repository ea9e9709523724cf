/* window.c - the interactive window on a Session: each frame handles the events (input.c),
 * advances the clock, runs the control panel and draws pane by pane (plots, overlays, HUD).
 * The lecture side lives here too: scenes as slides (PageDown / PageUp) and presenter mode.
 * The loop idles in SDL_WaitEvent when nothing moves, and redraws only when what is on
 * screen would change (a moved clock, a changed session or UI, a new readout).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#include "analysis/analysis.h"
#include "app/export.h"
#include "lecture/basinview.h"
#include "lecture/sweepview.h"
#include "app/platform.h"
#include "figure/help.h"
#include "app/window_impl.h"
#include "app/wm.h"
#include "figure/ui_draw.h"
#include "render/canvas_record.h"
#include "render/glplat.h"
#include "util/datadir.h"
#include "app/report.h"
#include "util/hash.h"
#include "util/path.h"
#include "util/utf8.h"

/* Steps of a slide whose scene file names none. */
enum { WINDOW_SLIDE_STEPS = 200 };

/* ---- Small helpers ------------------------------------------------------------------ */

#define HASH(h, v) hash_bytes((h), &(v), sizeof(v))

/* Everything about the session that shows on screen. */
static uint64_t window_session_hash(const Session *s)
{
    uint64_t h = HASH_SEED;
    h = HASH(h, s->step);
    h = HASH(h, s->generation);
    h = HASH(h, s->playing);
    h = HASH(h, s->levels);
    h = HASH(h, s->speed);
    h = HASH(h, s->selected_pane);
    h = HASH(h, s->selected_run);
    h = HASH(h, s->n_panes);
    h = HASH(h, s->scene.overlays);
    h = HASH(h, s->scene.link);
    h = HASH(h, s->scene.cloud);
    for (int p = 0; p < s->n_panes; p++) {
        const Pane *pane = &s->panes[p];
        h = HASH(h, pane->view.cx);
        h = HASH(h, pane->view.cy);
        h = HASH(h, pane->view.scale);
        h = HASH(h, pane->desc.ls);
        h = HASH(h, pane->desc.n_runs);
        h = HASH(h, pane->desc.start);
        h = hash_bytes(h, pane->enabled, sizeof pane->enabled);
        for (int i = 0; i < pane->desc.n_runs; i++) {
            h = HASH(h, pane->runs[i].n);
            h = HASH(h, pane->runs[i].gen);
        }
    }
    return h;
}

/* The UI's last command list: when it is the same, the panel looks the same. */
static uint64_t window_ui_hash(const UiContext *ui)
{
    uint64_t h = HASH_SEED;
    const UiCommand *c = NULL;
    while (ui_next_command(ui, &c)) {
        h = HASH(h, c->type);
        h = HASH(h, c->color);
        switch (c->type) {
        case UI_CMD_TEXT:
            h = HASH(h, c->text.x);
            h = HASH(h, c->text.y);
            h = hash_bytes(h, c->text.str, (size_t)c->text.len);
            break;
        case UI_CMD_TRIANGLE:
            h = HASH(h, c->tri);
            break;
        case UI_CMD_RECT:
            h = HASH(h, c->rect);
            break;
        case UI_CMD_RECT_LINE:
            h = HASH(h, c->line);
            break;
        case UI_CMD_CLIP_PUSH:
        case UI_CMD_CLIP_POP:
            h = HASH(h, c->clip);
            break;
        case UI_CMD_COUNT:
            break;
        }
    }
    return h;
}

static float window_compute_ui_scale(const AppWindow *w)
{
    return figure_ui_scale(w->wh, w->px_ratio, w->user_scale, w->presenter);
}

void window_update_size(AppWindow *w)
{
    int ww, wh, rw, rh;
    SDL_GetWindowSize(w->gw.win, &ww, &wh);
    SDL_GL_GetDrawableSize(w->gw.win, &w->dw, &w->dh);
    w->px_ratio = ww > 0 ? (float)w->dw / (float)ww : 1.0f;
    if (wm_real_size(w->gw.win, &rw, &rh) && (rw != ww || rh != wh)) {
        /* A fullscreen request nobody carried out: draw for the window there is. */
        ww = rw;
        wh = rh;
        w->dw = (int)lroundf((float)rw * w->px_ratio);
        w->dh = (int)lroundf((float)rh * w->px_ratio);
    }
    w->wh = wh;
    w->dirty = true;
}

void window_notice(AppWindow *w, const char *text)
{
    /* Cut to the box (at a character boundary: never half a UTF-8 sequence). */
    size_t n = utf8_cut(text, strlen(text), sizeof w->notice - 1);
    memcpy(w->notice, text, n);
    w->notice[n] = '\0';
    w->notice_until = SDL_GetTicks() + WINDOW_NOTICE_MS;
    w->dirty = true;
}

static bool window_notice_visible(const AppWindow *w)
{
    return w->notice[0] && !SDL_TICKS_PASSED(SDL_GetTicks(), w->notice_until);
}

/* ---- The key table's actions -------------------------------------------------------- */

static const double WINDOW_ZOOM_STEP = 1.25, WINDOW_PAN_FRAC = 0.1;

/* A view moved by a key counts moving for a moment, like one moved by the wheel: a key
 * held down repeats. */
static void window_pan_key(AppWindow *w, double fx, double fy)
{
    Session *s = &w->s;
    const View *v = &s->panes[s->selected_pane].view;
    session_pan(s, s->selected_pane, fx * WINDOW_PAN_FRAC * v->w, fy * WINDOW_PAN_FRAC * v->h);
    w->ptr.view_moved_ms = SDL_GetTicks();
}

static void window_zoom_key(AppWindow *w, double factor)
{
    Session *s = &w->s;
    w->ptr.view_moved_ms = SDL_GetTicks();
    const View *v = &s->panes[s->selected_pane].view;
    if (s->panes[s->selected_pane].desc.surface)
        session_zoom_camera(s, s->selected_pane, factor);
    else
        session_zoom(s, s->selected_pane, 0.5 * v->w, 0.5 * v->h, factor);
}

/* Does what the key table binds to action; n: the landscape of KEY_ACTION_LANDSCAPE. */
static void window_act(AppWindow *w, KeyAction action, int n)
{
    Session *s = &w->s;
    switch (action) {
    case KEY_ACTION_QUIT:
        w->quit = true;
        break;
    case KEY_ACTION_PLAY:
        if (!s->playing && !session_can_advance(s))
            session_restart(s); /* at the end: play again from the start */
        s->playing = !s->playing && session_can_advance(s);
        w->last_tick = SDL_GetPerformanceCounter();
        break;
    case KEY_ACTION_STEP_FORWARD:
        s->playing = false;
        session_step_forward(s);
        break;
    case KEY_ACTION_STEP_BACK:
        s->playing = false;
        session_step_back(s);
        break;
    case KEY_ACTION_PAN_RIGHT:
        window_pan_key(w, -1.0, 0.0);
        break;
    case KEY_ACTION_PAN_LEFT:
        window_pan_key(w, 1.0, 0.0);
        break;
    case KEY_ACTION_PAN_UP:
        window_pan_key(w, 0.0, 1.0);
        break;
    case KEY_ACTION_PAN_DOWN:
        window_pan_key(w, 0.0, -1.0);
        break;
    case KEY_ACTION_RESTART:
        session_restart(s);
        break;
    case KEY_ACTION_FULLSCREEN:
        window_set_fullscreen(w, !window_is_fullscreen(w));
        break;
    case KEY_ACTION_PRESENTER:
        window_set_presenter(w, !w->presenter);
        break;
    case KEY_ACTION_SLIDE_NEXT:
        window_slide(w, 1);
        break;
    case KEY_ACTION_SLIDE_PREV:
        window_slide(w, -1);
        break;
    case KEY_ACTION_SCREENSHOT:
        w->screenshot = true;
        break;
    case KEY_ACTION_GIF: {
        /* Written after the next frame, which shows this notice while it works. */
        char msg[96];
        snprintf(msg, sizeof msg, "Writing an animated GIF of %d frames\xe2\x80\xa6",
                 w->gif_frames);
        window_notice(w, msg);
        w->gif_pending = true;
        break;
    }
    case KEY_ACTION_CSV:
        window_export_csv(w);
        break;
    case KEY_ACTION_SAVE_SCENE:
        window_export_scene(w);
        break;
    case KEY_ACTION_HELP:
        w->show_help = true;
        break;
    case KEY_ACTION_PANEL:
        w->show_panel = !w->show_panel;
        break;
    case KEY_ACTION_LEGEND:
        s->scene.legend = (LegendMode)((s->scene.legend + 1) % LEGEND_MODE_COUNT);
        break;
    case KEY_ACTION_READOUT:
        w->hide_readout = !w->hide_readout;
        break;
    case KEY_ACTION_BASINS:
        s->scene.overlays ^= 1u << OVERLAY_BASINS;
        w->dirty = true;
        break;
    case KEY_ACTION_SWEEP:
        s->scene.overlays ^= 1u << OVERLAY_SWEEP;
        w->dirty = true;
        break;
    case KEY_ACTION_RESET_VIEW:
        if (s->panes[s->selected_pane].desc.surface)
            session_reset_camera(s, s->selected_pane);
        else
            session_reset_view(s, s->selected_pane);
        break;
    case KEY_ACTION_SURFACE:
        session_toggle_surface(s, s->selected_pane);
        break;
    case KEY_ACTION_HEIGHT:
        session_toggle_height(s, s->selected_pane);
        break;
    case KEY_ACTION_ZOOM_IN:
        window_zoom_key(w, WINDOW_ZOOM_STEP);
        break;
    case KEY_ACTION_ZOOM_OUT:
        window_zoom_key(w, 1.0 / WINDOW_ZOOM_STEP);
        break;
    case KEY_ACTION_LEVELS_FEWER: {
        int lv = s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT;
        s->levels = lv - 2 < COLORMAP_LEVELS_MIN ? COLORMAP_LEVELS_MIN : lv - 2;
        break;
    }
    case KEY_ACTION_LEVELS_MORE: {
        int lv = s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT;
        s->levels = lv + 2 > COLORMAP_LEVELS_MAX ? COLORMAP_LEVELS_MAX : lv + 2;
        break;
    }
    case KEY_ACTION_LANDSCAPE:
        if (n < LANDSCAPE_COUNT) {
            char err[256];
            if (!session_set_landscape(s, s->selected_pane, landscape_at(n), err, sizeof err))
                window_notice(w, err);
        }
        break;
    case KEY_ACTION_NONE:
    case KEY_ACTION_COUNT:
        break;
    }
}

/* One event through the input interface (app/input.h), then what it asks of the window. */
static void window_event(AppWindow *w, const SDL_Event *e)
{
    InputContext in = {.ptr = &w->ptr, .s = &w->s, .ui = w->ui, .layout = &w->layout,
                       .px_ratio = w->px_ratio, .ui_scale = w->ui_scale,
                       .help_open = w->show_help};
    InputResult r = input_event(&in, e);
    if (r.resized || r.exposed)
        w->swaps_left = WINDOW_RESYNC_SWAPS;
    if (r.resized)
        window_update_size(w);
    if (r.close_help)
        w->show_help = false;
    if (r.quit)
        w->quit = true;
    if (r.redraw)
        w->dirty = true;
    if (r.action != KEY_ACTION_NONE)
        window_act(w, r.action, r.action_index);
}

/* ---- One frame ---------------------------------------------------------------------- */

static bool window_interacting(const AppWindow *w)
{
    return w->ptr.drag == DRAG_PAN ||
           SDL_GetTicks() - w->ptr.view_moved_ms < WINDOW_VIEW_SETTLE_MS;
}

static bool window_busy(const AppWindow *w)
{
    return canvas_busy(w->r->canvas);
}

/* Whether the pointer has moved over the window and, in presenter mode, not rested since
 * (APP_WINDOW_READOUT_REST_MS). */
static bool window_pointer_active(const AppWindow *w)
{
    if (!w->ptr.moved_ms)
        return false;
    return !w->presenter || SDL_GetTicks() - w->ptr.moved_ms < APP_WINDOW_READOUT_REST_MS;
}

/* The readout under the pointer: pane, and the text when it shows. */
static void window_update_readout(AppWindow *w)
{
    double px, py;
    int p = -1;
    if (w->ptr.inside && window_pointer_active(w) && !w->show_help && !w->hide_readout &&
        w->ptr.drag == DRAG_NONE && !ui_wants_mouse(w->ui))
        p = input_plot_at(&w->layout, w->s.n_panes, w->ptr.mx, w->ptr.my, &px, &py);
    w->hover_pane = p;
    if (p < 0)
        return;
    double x, y;
    if (!input_pick(&w->layout, &w->s, p, px, py, &x, &y)) {
        w->hover_pane = -1; /* off the surface */
        return;
    }
    LocalInfo li;
    analysis_local(w->s.panes[p].desc.ls, x, y, &li);
    readout_format(&li, w->readout);
}

/* The plot pane under the pointer for presenter mode's ring, or -1. */
static int window_ring_pane(const AppWindow *w)
{
    double px, py;
    if (!w->presenter || !w->ptr.inside || w->show_help || w->ptr.drag == DRAG_UI ||
        (w->ptr.drag == DRAG_NONE && ui_wants_mouse(w->ui)))
        return -1;
    return input_plot_at(&w->layout, w->s.n_panes, w->ptr.mx, w->ptr.my, &px, &py);
}

/* Draws the frame into the back buffer: recorded, then replayed where it differs from the
 * last one (the back buffer still holds it when frames are presented a part at a time;
 * otherwise everything). *damage gets the boxes redrawn. false with w->err on a rendering
 * failure. */
static bool window_draw(AppWindow *w, unsigned char **capture, DamageList *damage)
{
    Renderer *r = w->r;
    Session *s = &w->s;
    int ring = window_ring_pane(w);
    FigureDesc d = {.presenter = w->presenter, .interacting = window_interacting(w),
                    .point_pane = -1, .outline_selected = true,
                    .accent = ui_get_style(w->ui)->colors[UI_COLOR_ACCENT],
                    .ui = w->show_panel ? w->ui : NULL, .readout_pane = w->hover_pane,
                    .readout = w->readout, .mx = w->ptr.mx, .my = w->ptr.my, .ring_pane = ring,
                    .sweep_hover = w->sweep_hover};
    double px, py;
    if (w->hover_pane >= 0 && input_plot_at(&w->layout, w->s.n_panes, w->ptr.mx, w->ptr.my, &px, &py) == w->hover_pane) {
        d.point_pane = w->hover_pane;
        input_pick(&w->layout, s, w->hover_pane, px, py, &d.point[0], &d.point[1]);
    }
    if (w->partial) {
        /* A size that changed since the last swap (whether or not SDL said so yet) is
         * swapped to: the back buffer takes the window's size then. */
        int sw, sh;
        glplat_drawable_size(w->gw.win, &sw, &sh);
        if ((sw != w->swapped_w || sh != w->swapped_h) && w->swaps_left == 0)
            w->swaps_left = WINDOW_RESYNC_SWAPS;
    }
    render_begin_frame(r, w->dw, w->dh);
    Canvas *c = r->record;
    if (!figure_draw(c, s, &w->layout, &d, w->caches, w->err, sizeof w->err))
        return false;
    w->drawn_ring = ring >= 0;
    if (w->screenshot) {
        w->screenshot = false;
        /* The picture, without the notice or the help. */
        if (!canvas_record_replay(c, true, NULL, w->err, sizeof w->err))
            return false;
        unsigned char *shot = render_read_frame(r, w->dw, w->dh);
        window_export_png(w, shot);
        free(shot);
    }
    if (window_notice_visible(w))
        figure_draw_notice(c, &w->layout, w->dw, w->dh, w->notice);
    if (w->show_help)
        help_draw(c, w->dw, w->dh);
    if (!canvas_record_replay(c, !w->partial || w->swaps_left > 0, damage, w->err,
                              sizeof w->err))
        return false;
    if (capture)
        *capture = render_read_frame(r, w->dw, w->dh);
    return true;
}

/* Shows the frame drawn: the boxes redrawn, or a swap of the whole back buffer. */
static void window_present(AppWindow *w, const DamageList *damage)
{
    if (!w->partial || w->swaps_left > 0) {
        if (w->partial)
            glplat_drawable_size(w->gw.win, &w->swapped_w, &w->swapped_h);
        SDL_GL_SwapWindow(w->gw.win);
        canvas_record_forget(w->r->record); /* the back buffer is undefined now */
        if (w->swaps_left > 0 && --w->swaps_left > 0)
            w->dirty = true; /* the next one comes whatever else happens */
        return;
    }
    for (int k = 0; k < damage->n; k++) {
        const PixelBox *b = &damage->box[k];
        glplat_present_box(w->gw.win, b->x0, w->dh - b->y1, b->x1 - b->x0, b->y1 - b->y0);
    }
}

static void window_watch_scene(AppWindow *w);

/* Where everything goes this frame, every pane's view fitted to it. */
static void window_lay_out(AppWindow *w)
{
    w->layout = figure_layout(w->r->canvas, &w->s,
                              &(FigureLayoutDesc){.w = w->dw, .h = w->dh,
                                                  .ui_scale = w->ui_scale,
                                                  .panel = w->show_panel, .timeline = true,
                                                  .presenter = w->presenter});
    figure_fit_views(w->r->canvas, &w->s, &w->layout, w->caches);
}

/* Steps the runs that are short of the clock on, within what is left of this frame's
 * budget, sizes the next frame's budget from how fast it went, and says how far it got. */
static void window_compute(AppWindow *w)
{
    Session *s = &w->s;
    if (!session_behind(s)) {
        if (w->computing) {
            w->computing = false;
            w->notice_until = SDL_GetTicks(); /* the "computing" notice goes */
            w->dirty = true;
        }
        return;
    }
    long before = s->budget;
    Uint64 t0 = SDL_GetPerformanceCounter();
    bool behind = session_catch_up(s);
    double ms = 1e3 * (double)(SDL_GetPerformanceCounter() - t0) /
                (double)SDL_GetPerformanceFrequency();
    long spent = before - s->budget;
    if (spent > 1000 && ms > 0.5) {
        double fit = (double)spent * WINDOW_COMPUTE_MS / ms;
        w->step_budget = fit < WINDOW_MIN_BUDGET ? WINDOW_MIN_BUDGET
                         : fit > 1e9             ? 1000000000L
                                                 : (long)fit;
    }
    w->dirty = true;
    if (behind) {
        char msg[160];
        snprintf(msg, sizeof msg, "computing the runs up to step %ld: %ld%%", s->step,
                 s->step > 0 ? 100 * session_least_step(s) / s->step : 100);
        window_notice(w, msg);
        w->computing = true;
    } else {
        window_compute(w); /* done: take the notice down */
    }
}

static bool window_frame(AppWindow *w, bool force, unsigned char **capture)
{
    Session *s = &w->s;
    s->budget = w->step_budget;
    SDL_Event e;
    while (SDL_PollEvent(&e))
        window_event(w, &e);
    if (w->quit)
        return false;
    window_watch_scene(w);
    Uint64 now = SDL_GetPerformanceCounter();
    double dt = (double)(now - w->last_tick) / (double)SDL_GetPerformanceFrequency();
    w->last_tick = now;
    if (s->playing)
        session_advance(s, dt < 0.1 ? dt : 0.1); /* after a stall, don't jump ahead */
    if (w->ptr.start_pending) {
        session_set_start(s, w->ptr.drag_pane, w->ptr.start_x, w->ptr.start_y, true);
        w->ptr.start_pending = false;
    }
    window_compute(w);
    float scale = window_compute_ui_scale(w);
    if (fabsf(scale - w->ui_scale) > 1e-3f) {
        if (!render_set_ui_scale(w->r, scale, w->err, sizeof w->err))
            return false;
        ui_set_scale(w->ui, scale);
        w->ui_scale = scale;
        w->dirty = true;
    }
    window_lay_out(w);
    /* The panel reads and changes the session; the plots are drawn after it. */
    unsigned overlays = s->scene.overlays;
    LegendMode legend = s->scene.legend;
    ui_begin(w->ui, (float)w->dw, (float)w->dh);
    if (w->show_panel)
        panel_draw(w->ui, s, w->layout.screen.panel, &w->panel);
    ui_end(w->ui);
    if (s->scene.overlays != overlays || s->scene.legend != legend) {
        /* A toggle that moves things (the loss plot) shows in this very frame. */
        window_lay_out(w);
        w->dirty = true;
    }
    window_update_readout(w);
    /* The basins overlay: a coarse map in the frame of a change, the refined one in the
     * first frame without one (a changed map asks for that frame: window_needs_frame). */
    bool basins_changed = false;
    char basins_err[160];
    basinview_update(s, &w->r->basin.engine, true, &basins_changed, basins_err,
                     sizeof basins_err);
    /* The sweep pane likewise; a new map may change its grid (a strip or two axes). */
    bool sweep_changed = false;
    sweepview_update(s, true, &sweep_changed, basins_err, sizeof basins_err);
    if (sweep_changed)
        window_lay_out(w);
    basins_changed |= sweep_changed;
    int ci, cj;
    w->sweep_hover = w->ptr.inside && !w->show_help && w->ptr.drag == DRAG_NONE &&
                     !ui_wants_mouse(w->ui) &&
                     input_sweep_cell_at(&w->layout, s, w->ptr.mx, w->ptr.my, &ci, &cj);
    w->basins_calm = !basins_changed;
    w->dirty |= basins_changed;
    uint64_t ui_hash = window_ui_hash(w->ui), session_hash = window_session_hash(s);
    bool ring = window_ring_pane(w) >= 0;
    bool same = !w->dirty && ui_hash == w->drawn_ui && session_hash == w->drawn_session &&
                w->hover_pane == w->drawn_hover && window_notice_visible(w) == w->drawn_notice &&
                ring == w->drawn_ring && w->sweep_hover == w->drawn_sweep_hover &&
                ((w->hover_pane < 0 && !ring && !w->sweep_hover) ||
                 (w->ptr.mx == w->drawn_mx && w->ptr.my == w->drawn_my)) &&
                !(window_busy(w) && !window_interacting(w)) && !w->screenshot;
    if (same && !force)
        return true;
    DamageList damage;
    if (!window_draw(w, capture, &damage))
        return false;
    window_present(w, &damage);
    w->damage_px = damage_area(&damage);
    w->frames_drawn++;
    platform_frame_shown(w->frames_drawn);
    w->dirty = false;
    w->drawn_ui = ui_hash;
    w->drawn_session = window_session_hash(s);
    w->drawn_hover = w->hover_pane;
    w->drawn_sweep_hover = w->sweep_hover;
    w->drawn_mx = w->ptr.mx;
    w->drawn_my = w->ptr.my;
    w->drawn_notice = window_notice_visible(w); /* a screenshot may have put one up */
    if (w->gif_pending) {
        /* The frame that says "Writing ..." is on screen; now the (slow) export. */
        w->gif_pending = false;
        window_export_gif(w);
    }
    double ms = (double)(SDL_GetPerformanceCounter() - now) * 1e3 /
                (double)SDL_GetPerformanceFrequency();
    if (ms < WINDOW_MIN_FRAME_MS && !w->unpaced)
        SDL_Delay((Uint32)(WINDOW_MIN_FRAME_MS - ms));
    return true;
}

/* ---- Slides and presenter mode ------------------------------------------------------ */


static void window_set_title(AppWindow *w)
{
    char title[256];
    const Landscape *ls0 = w->s.panes[0].desc.ls;
    snprintf(title, sizeof title, "losslens \xe2\x80\x94 %s",
             w->s.scene.title[0] ? w->s.scene.title : ls0 ? ls0->name : "");
    SDL_SetWindowTitle(w->gw.win, title);
}

/* The clock of a scene opened as a slide: its own steps and speed, else these defaults. */
static void window_scene_clock(const SceneDesc *sd, double speed, long steps, double *out_speed,
                               long *out_steps)
{
    *out_speed = sd->speed > 0.0 ? sd->speed : speed;
    *out_steps = sd->steps > 0 ? sd->steps : steps;
}

/* Remembers path as the scene file on screen, with its modification time and size. */
static void window_remember_scene(AppWindow *w, const char *path)
{
    struct stat st;
    snprintf(w->scene_path, sizeof w->scene_path, "%s", path);
    bool ok = stat(path, &st) == 0;
    w->scene_mtime = ok ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec : -1;
    w->scene_size = ok ? (long long)st.st_size : -1;
    w->scene_polled = SDL_GetTicks();
}

/* Replaces the session with scene sd (loaded from path): runs at step 0, paused, views
 * fitted afresh, every cache of the old scene forgotten. On failure (out of memory) the
 * old session stays and the notice says why. */
static bool window_replace_scene(AppWindow *w, const SceneDesc *sd, const char *path)
{
    double speed;
    long steps;
    char err[512];
    window_scene_clock(sd, 0.0, WINDOW_SLIDE_STEPS, &speed, &steps);
    Session *next = malloc(sizeof *next);
    if (!next || !session_init(next, sd, speed, steps, err, sizeof err)) {
        window_notice(w, next ? err : "out of memory for the scene");
        free(next);
        return false;
    }
    unsigned generation = w->s.generation;
    session_free(&w->s);
    w->s = *next;
    free(next);
    w->s.lazy = true;
    w->s.generation = generation + 1; /* the renderers' caches resync */
    w->s.levels = COLORMAP_LEVELS_DEFAULT;
    render_invalidate_runs(w->r);
    for (int p = 0; p < SCENE_MAX_PANES; p++)
        memset(&w->caches[p], 0, sizeof w->caches[p]);
    w->panel.message[0] = '\0';
    w->ptr.drag = DRAG_NONE;
    w->ptr.start_pending = false;
    w->hover_pane = -1;
    window_remember_scene(w, path);
    window_set_title(w);
    w->dirty = true;
    return true;
}

typedef char ScenePath[SCENE_PATH_LEN];

/* The scene files of dir, sorted (scene_list), in a malloc'ed array of *n (64 KiB: not on
 * the stack); NULL with *n = 0 when there are none or no memory. */
static ScenePath *window_list_scenes(const char *dir, int *n)
{
    ScenePath *paths = malloc(SCENE_LIST_MAX * sizeof *paths);
    *n = paths ? scene_list(dir, paths, SCENE_LIST_MAX) : 0;
    if (*n == 0) {
        free(paths);
        return NULL;
    }
    return paths;
}

void window_slide(AppWindow *w, int step)
{
    char msg[SCENE_PATH_LEN + 128];
    int n;
    ScenePath *paths = window_list_scenes(w->scene_dir, &n);
    if (!paths) {
        snprintf(msg, sizeof msg, "No scenes (*.ini) in %s", w->scene_dir);
        window_notice(w, msg);
        return;
    }
    /* Where the scene on screen is in the list (by file name: the list's directory is the
     * scene's own); a scene from the flags is before the first one and after the last. */
    int at = -1;
    for (int i = 0; i < n && w->scene_path[0]; i++)
        if (strcmp(path_basename(paths[i]), path_basename(w->scene_path)) == 0)
            at = i;
    int next = at < 0 ? (step > 0 ? 0 : n - 1) : at + step;
    if (next < 0 || next >= n) {
        /* Stop at the ends: a clicker pressed once too often must not jump across the
         * lecture. */
        snprintf(msg, sizeof msg, "%s scene (%d of %d)", next < 0 ? "First" : "Last",
                 at + 1, n);
        window_notice(w, msg);
    } else {
        SceneDesc *sd = malloc(sizeof *sd);
        char err[SCENE_PATH_LEN + 256];
        if (!sd)
            window_notice(w, "out of memory for the scene");
        else if (!scene_load(paths[next], sd, err, sizeof err))
            window_notice(w, err); /* "FILE:LINE: what was expected"; the scene stays */
        else
            window_replace_scene(w, sd, paths[next]);
        free(sd);
    }
    free(paths);
}

/* Reloads the scene file on screen when it changed on disk (checked every
 * WINDOW_SCENE_POLL_MS), so a scene edited beside the window shows at once. A version that
 * does not load leaves the scene on screen and says why (once per change). */
static void window_watch_scene(AppWindow *w)
{
    Uint32 now = SDL_GetTicks();
    if (!w->scene_path[0] || !SDL_TICKS_PASSED(now, w->scene_polled + WINDOW_SCENE_POLL_MS))
        return;
    w->scene_polled = now;
    struct stat st;
    if (stat(w->scene_path, &st) != 0)
        return; /* gone, or being replaced: keep what is on screen */
    long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    if (mtime == w->scene_mtime && (long long)st.st_size == w->scene_size)
        return;
    w->scene_mtime = mtime;
    w->scene_size = (long long)st.st_size;
    SceneDesc *sd = malloc(sizeof *sd);
    char err[SCENE_PATH_LEN + 256];
    if (!sd)
        return;
    char path[SCENE_PATH_LEN];
    snprintf(path, sizeof path, "%s", w->scene_path);
    if (!scene_load(path, sd, err, sizeof err))
        window_notice(w, err);
    else
        window_replace_scene(w, sd, path);
    free(sd);
}

bool window_is_fullscreen(const AppWindow *w)
{
    return (SDL_GetWindowFlags(w->gw.win) & SDL_WINDOW_FULLSCREEN_DESKTOP) != 0;
}

void window_set_fullscreen(AppWindow *w, bool on)
{
    bool was = window_is_fullscreen(w);
    if (on && !was)
        SDL_GetWindowSize(w->gw.win, &w->windowed_w, &w->windowed_h);
    if (on != was)
        SDL_SetWindowFullscreen(w->gw.win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!on && was && w->windowed_w > 0)
        /* The size it had: SDL keeps the fullscreen size where no window manager restored
         * it. */
        SDL_SetWindowSize(w->gw.win, w->windowed_w, w->windowed_h);
    window_update_size(w);
}

void window_set_presenter(AppWindow *w, bool on)
{
    if (on == w->presenter)
        return;
    if (on) {
        w->pre_fullscreen = window_is_fullscreen(w);
        w->pre_panel = w->show_panel;
        w->presenter = true;
        w->show_panel = false;
        window_set_fullscreen(w, true);
    } else {
        w->presenter = false;
        w->show_panel = w->pre_panel;
        window_set_fullscreen(w, w->pre_fullscreen);
    }
    w->dirty = true; /* the next frame picks up the new UI scale */
}

/* ---- The public side ---------------------------------------------------------------- */

/* The scene the window opens on, into *out: o's, except for a bare start (no scene flags),
 * which opens the first scene of the lecture's directory. A first scene that does not load
 * leaves o's, with the message in w's notice. Sets the slide directory and path. */
static void window_first_scene(AppWindow *w, const Options *o, SceneDesc *out, double *speed,
                               long *steps)
{
    *out = o->scene;
    *speed = o->speed > 0.0 ? o->speed : o->scene.speed;
    *steps = o->steps;
    if (o->scene_path) {
        path_dirname(o->scene_path, w->scene_dir, sizeof w->scene_dir);
        window_remember_scene(w, o->scene_path);
        return;
    }
    /* The lecture's scenes in the data directory. */
    char err0[512];
    if (!datadir_path("assets/scenes", w->scene_dir, sizeof w->scene_dir, err0, sizeof err0))
        return;
    int n;
    ScenePath *paths = o->scene_default ? window_list_scenes(w->scene_dir, &n) : NULL;
    if (!paths)
        return;
    char err[SCENE_PATH_LEN + 256];
    if (!scene_load(paths[0], out, err, sizeof err)) {
        *out = o->scene;
        window_notice(w, err);
    } else {
        window_scene_clock(out, *speed, *steps, speed, steps);
        window_remember_scene(w, paths[0]);
    }
    free(paths);
}

AppWindow *app_window_open(const Options *o, char *err, size_t errlen)
{
    platform_tune_heap();
    AppWindow *w = calloc(1, sizeof *w);
    SceneDesc *scene = malloc(sizeof *scene);
    if (!w || !scene) {
        snprintf(err, errlen, "out of memory");
        free(scene);
        free(w);
        return NULL;
    }
    /* With no display at all SDL falls back to its offscreen or dummy driver, whose window
     * nobody sees and which would never be closed: those only when SDL_VIDEODRIVER names
     * them. (With DISPLAY set, an X server that refuses one connection also ends there; that
     * window keeps working, so it is left alone.) */
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    const char *drv = SDL_Init(SDL_INIT_VIDEO) == 0 ? SDL_GetCurrentVideoDriver() : NULL;
    bool no_display = !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY");
    bool invisible = drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) &&
                     !(asked && strstr(asked, drv)) && no_display;
    if (!drv || invisible) {
        snprintf(err, errlen, "%s%s%s", drv ? "no display to open a window on (SDL found only "
                 "its invisible '" : "cannot initialize SDL video: ", drv ? drv : SDL_GetError(),
                 drv ? "' video driver)" : "");
        if (no_display) {
            size_t used = strlen(err);
            snprintf(err + used, errlen - used, "; neither DISPLAY nor WAYLAND_DISPLAY is set: "
                     "--png, --gif and --csv need no display");
        }
        if (drv) {
            SDL_Quit();
        }
        free(scene);
        free(w);
        return NULL;
    }
    /* Presenter mode from the start: fullscreen, no panel; Tab or P bring the panel back. */
    w->presenter = o->present;
    w->user_scale = o->ui_scale > 0.0 ? (float)o->ui_scale : 1.0f;
    w->pre_fullscreen = o->fullscreen;
    w->pre_panel = true;
    w->show_panel = !o->present;
    w->gif_frames = o->frames > 0 ? o->frames : EXPORT_GIF_DEFAULT_FRAMES;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                   (o->fullscreen || o->present ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!glwin_open("losslens", o->width > 0 ? o->width : 1280,
                    o->height > 0 ? o->height : 800, flags, &w->gw, err, errlen))
        goto fail_sdl;
    SDL_GL_SetSwapInterval(1);
    w->partial = glplat_partial_present(w->gw.win);
    w->swaps_left = WINDOW_RESYNC_SWAPS;
    window_update_size(w);
    w->ui_scale = window_compute_ui_scale(w);
    w->r = malloc(sizeof *w->r);
    if (!w->r) {
        snprintf(err, errlen, "out of memory");
        goto fail_gl;
    }
    if (!render_init(w->r, w->ui_scale, err, errlen))
        goto fail_renderer;
    w->ui = ui_create(&(UiDesc){.metrics = ui_draw_metrics(w->r->canvas), .scale = w->ui_scale});
    if (!w->ui) {
        snprintf(err, errlen, "out of memory for the UI");
        goto fail_render;
    }
    double speed;
    long steps;
    window_first_scene(w, o, scene, &speed, &steps);
    for (int k = 0; k < scene->n_panes && o->surface3d; k++)
        scene->panes[k].surface = true; /* --3d over a lecture scene too */
    if (!session_init(&w->s, scene, speed, steps, err, errlen))
        goto fail_ui;
    free(scene);
    scene = NULL;
    w->s.levels = COLORMAP_LEVELS_DEFAULT;
    w->s.playing = o->play;
    w->s.lazy = true;
    w->step_budget = WINDOW_FIRST_BUDGET;
    window_set_title(w);
    w->hover_pane = w->drawn_hover = -1;
    w->dirty = true;
    w->last_tick = SDL_GetPerformanceCounter();
    w->ptr.view_moved_ms = SDL_GetTicks() - WINDOW_VIEW_SETTLE_MS;
    return w;

fail_ui:
    ui_destroy(w->ui);
fail_render:
    render_free(w->r);
fail_renderer:
    free(w->r);
fail_gl:
    glwin_close(&w->gw);
fail_sdl:
    SDL_Quit();
    free(scene);
    free(w);
    return NULL;
}

bool app_window_frame(AppWindow *w)
{
    return window_frame(w, false, NULL);
}

unsigned char *app_window_capture(AppWindow *w, int *width, int *height)
{
    unsigned char *px = NULL;
    if (!window_frame(w, true, &px)) {
        free(px);
        return NULL;
    }
    *width = w->dw;
    *height = w->dh;
    return px;
}

void app_window_close(AppWindow *w)
{
    if (!w)
        return;
    session_free(&w->s);
    ui_destroy(w->ui);
    render_free(w->r);
    free(w->r);
    glwin_close(&w->gw);
    SDL_Quit();
    free(w);
}

Session *app_window_session(AppWindow *w)
{
    return &w->s;
}

const FigureLayout *app_window_layout(const AppWindow *w)
{
    return &w->layout;
}

UiContext *app_window_ui(AppWindow *w)
{
    return w->ui;
}

float app_window_pixel_ratio(const AppWindow *w)
{
    return w->px_ratio;
}

const char *app_window_error(const AppWindow *w)
{
    return w->err;
}

long app_window_frames_drawn(const AppWindow *w)
{
    return w->frames_drawn;
}

bool app_window_partial(const AppWindow *w)
{
    return w->partial;
}

long app_window_damage_px(const AppWindow *w)
{
    return w->damage_px;
}

void app_window_set_unpaced(AppWindow *w, bool unpaced)
{
    w->unpaced = unpaced;
}

void app_window_forget_frame(AppWindow *w)
{
    canvas_record_forget(w->r->record);
}

int app_window_readout_pane(const AppWindow *w)
{
    return w->drawn_hover;
}

bool app_window_presenter(const AppWindow *w)
{
    return w->presenter;
}

float app_window_ui_scale(const AppWindow *w)
{
    return w->ui_scale;
}

bool app_window_panel_shown(const AppWindow *w)
{
    return w->show_panel;
}

const char *app_window_notice(const AppWindow *w)
{
    return window_notice_visible(w) ? w->notice : "";
}

const char *app_window_scene_path(const AppWindow *w)
{
    return w->scene_path;
}

/* Whether the next frame has something to show without new events. */
static bool window_needs_frame(const AppWindow *w)
{
    if (w->dirty || w->s.playing || w->ptr.start_pending || w->screenshot || w->gif_pending ||
        !w->basins_calm || session_behind(&w->s))
        return true;
    if (window_busy(w) && !window_interacting(w))
        return true;
    return w->drawn_notice && !window_notice_visible(w); /* a notice to take down */
}

int app_window_run(const Options *o)
{
    char err[1024];
    AppWindow *w = app_window_open(o, err, sizeof err);
    if (!w) {
        char msg[sizeof err + 16];
        snprintf(msg, sizeof msg, "window: %s", err);
        app_report_startup_error(msg);
        return 1;
    }
    int rc = 0;
    for (;;) {
        if (!window_needs_frame(w)) {
            /* Idle: block until an event, or until a wheel zoom settles or a notice
             * expires. The event stays queued for the frame. */
            Uint32 now = SDL_GetTicks();
            int timeout = -1;
            Uint32 since_moved = now - w->ptr.view_moved_ms;
            if (since_moved < WINDOW_VIEW_SETTLE_MS)
                timeout = (int)(WINDOW_VIEW_SETTLE_MS - since_moved) + 1;
            if (w->drawn_hover >= 0 && w->presenter) {
                /* Wake up to take down a resting pointer's readout. */
                int t = (int)(w->ptr.moved_ms + APP_WINDOW_READOUT_REST_MS - now) + 1;
                timeout = timeout < 0 || t < timeout ? t : timeout;
            }
            if (w->drawn_notice) {
                int t = (int)(w->notice_until - now) + 1;
                timeout = timeout < 0 || t < timeout ? t : timeout;
            }
            if (w->scene_path[0]) {
                /* Wake up to look at the scene file. */
                int t = (int)(w->scene_polled + WINDOW_SCENE_POLL_MS - now) + 1;
                timeout = timeout < 0 || t < timeout ? t : timeout;
            }
            if (timeout < 0)
                SDL_WaitEvent(NULL);
            else
                SDL_WaitEventTimeout(NULL, timeout > 0 ? timeout : 1);
            w->last_tick = SDL_GetPerformanceCounter();
        }
        if (!app_window_frame(w)) {
            if (!w->quit) {
                fprintf(stderr, "losslens: window: %s\n", w->err);
                rc = 1;
            }
            break;
        }
    }
    app_window_close(w);
    return rc;
}
