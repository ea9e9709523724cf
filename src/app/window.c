/* window.c - the interactive window on a Session: each frame handles the events (input.c),
 * advances the clock, runs the control panel and draws pane by pane, with the places of the
 * HUD and the overlays marked for their drawers. The loop idles in SDL_WaitEvent when
 * nothing moves, and redraws only when what is on screen would change (a moved clock, a
 * changed session or UI, a new readout).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <epoxy/gl.h>

#include "analysis/analysis.h"
#include "app/help.h"
#include "app/window_impl.h"
#include "render/hud.h"
#include "render/render_ui.h"

static const float WINDOW_BG[3] = {0.07f, 0.08f, 0.11f};

/* ---- Small helpers ------------------------------------------------------------------ */

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

#define HASH(h, v) hash_bytes((h), &(v), sizeof(v))

/* Everything about the session that shows on screen. */
static uint64_t window_session_hash(const Session *s)
{
    uint64_t h = 1469598103934665603ull;
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
        for (int i = 0; i < pane->desc.n_runs; i++)
            h = HASH(h, pane->runs[i].n);
    }
    return h;
}

/* The UI's last command list: when it is the same, the panel looks the same. */
static uint64_t window_ui_hash(const UiContext *ui)
{
    uint64_t h = 1469598103934665603ull;
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
    int ww, wh;
    SDL_GetWindowSize(w->gw.win, &ww, &wh);
    /* HiDPI (drawable larger than the window) and big screens: text grows with the height. */
    float s = w->px_ratio * (wh > 1080 ? (float)wh / 1080.0f : 1.0f);
    return s > 0.5f ? s : 1.0f;
}

void window_update_size(AppWindow *w)
{
    int ww, wh;
    SDL_GetWindowSize(w->gw.win, &ww, &wh);
    SDL_GL_GetDrawableSize(w->gw.win, &w->dw, &w->dh);
    w->px_ratio = ww > 0 ? (float)w->dw / (float)ww : 1.0f;
    w->dirty = true;
}

void window_notice(AppWindow *w, const char *text)
{
    snprintf(w->notice, sizeof w->notice, "%s", text);
    w->notice_until = SDL_GetTicks() + WINDOW_NOTICE_MS;
    w->dirty = true;
}

static bool window_notice_visible(const AppWindow *w)
{
    return w->notice[0] && !SDL_TICKS_PASSED(SDL_GetTicks(), w->notice_until);
}

/* Finds a free name losslens-YYYYMMDD-HHMMSS[-k].png in the current directory. */
static bool window_screenshot_name(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return false;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    for (int k = 1; k < 100; k++) {
        if (k == 1)
            snprintf(buf, len, "losslens-%s.png", stamp);
        else
            snprintf(buf, len, "losslens-%s-%d.png", stamp, k);
        if (access(buf, F_OK) != 0)
            return true;
    }
    return false;
}

/* Reads the drawn (not yet shown) frame. */
static unsigned char *window_read_back(const AppWindow *w)
{
    unsigned char *px = malloc((size_t)w->dw * (size_t)w->dh * 4);
    if (!px)
        return NULL;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, w->dw, w->dh, GL_RGBA, GL_UNSIGNED_BYTE, px);
    return px;
}

static void window_save_screenshot(AppWindow *w)
{
    char name[160], msg[700], err[600] = "";
    unsigned char *px = window_read_back(w);
    if (!px) {
        window_notice(w, "Screenshot failed: out of memory");
        return;
    }
    if (!window_screenshot_name(name, sizeof name)) {
        window_notice(w, "Screenshot failed: no free file name in the current directory");
    } else if (!app_write_png(name, px, w->dw, w->dh, err, sizeof err)) {
        snprintf(msg, sizeof msg, "Screenshot failed: %s", err);
        window_notice(w, msg);
    } else {
        char cwd[400];
        if (!getcwd(cwd, sizeof cwd))
            snprintf(cwd, sizeof cwd, ".");
        snprintf(msg, sizeof msg, "Screenshot saved: %.400s/%.160s", cwd, name);
        window_notice(w, msg);
    }
    free(px);
}

/* ---- One frame ---------------------------------------------------------------------- */

static bool window_interacting(const AppWindow *w)
{
    return w->drag == DRAG_PAN || SDL_GetTicks() - w->wheel_ms < WINDOW_WHEEL_SETTLE_MS;
}

static bool window_busy(const AppWindow *w)
{
    for (int p = 0; p < w->s.n_panes; p++)
        if (render_pane_busy(&w->panes[p]))
            return true;
    return false;
}

/* The readout under the pointer: pane, and the text when it shows. */
static void window_update_readout(AppWindow *w)
{
    double px, py;
    int p = -1;
    if (w->mouse_in && !w->show_help && w->drag == DRAG_NONE && !ui_wants_mouse(w->ui))
        p = window_plot_at(w, w->mx, w->my, &px, &py);
    w->hover_pane = p;
    if (p < 0)
        return;
    double x, y;
    session_pick(&w->s, p, px, py, &x, &y);
    LocalInfo li;
    analysis_local(w->s.panes[p].desc.ls, x, y, &li);
    readout_format(&li, w->readout);
}

/* The readout's translucent box near the pointer, kept inside the pane. */
static void window_draw_readout(AppWindow *w)
{
    if (w->hover_pane < 0)
        return;
    Renderer *r = w->r;
    Font *f = &r->font;
    float s = w->ui_scale, pad = 8.0f * s;
    UiRect pr = w->layout.screen.plot[w->hover_pane];
    float lh = (float)font_line_height(f, FONT_SMALL), bw = 0.0f;
    for (int i = 0; i < READOUT_LINES; i++) {
        float t = font_measure(f, FONT_SMALL, w->readout[i]);
        bw = t > bw ? t : bw;
    }
    bw += 2.0f * pad;
    float bh = READOUT_LINES * lh + 2.0f * pad;
    float x = w->mx - pr.x + 18.0f * s, y = w->my - pr.y + 18.0f * s;
    if (x + bw > pr.w)
        x = w->mx - pr.x - 18.0f * s - bw; /* flip to the left of the pointer */
    if (y + bh > pr.h)
        y = w->my - pr.y - 12.0f * s - bh; /* and above it */
    x = fmaxf(0.0f, fminf(x, pr.w - bw));
    y = fmaxf(0.0f, fminf(y, pr.h - bh));
    Batcher *b = &r->batch;
    batcher_begin_rect(b, (int)pr.x, (int)pr.y, (int)pr.w, (int)pr.h, w->dh);
    batcher_round_rect(b, x, y, bw, bh, 8.0f * s, (Rgba){12, 13, 20, 200});
    for (int i = 0; i < READOUT_LINES; i++)
        font_draw(f, b, FONT_SMALL, x + pad, y + pad + (float)i * lh, w->readout[i],
                  i == 0 ? (Rgba){255, 255, 255, 255} : (Rgba){215, 218, 228, 255});
    batcher_end(b);
}

static void window_draw_notice(AppWindow *w)
{
    if (!window_notice_visible(w))
        return;
    Renderer *r = w->r;
    Font *f = &r->font;
    Batcher *b = &r->batch;
    float s = w->ui_scale, pad = 12.0f * s;
    float tw = font_measure(f, FONT_BODY, w->notice);
    float bw = tw + 2.0f * pad, bh = (float)font_line_height(f, FONT_BODY) + 2.0f * pad;
    UiRect area = w->layout.screen.plot[0];
    float right = area.x + area.w;
    for (int p = 1; p < w->layout.screen.n_panes; p++)
        right = fmaxf(right, w->layout.screen.plot[p].x + w->layout.screen.plot[p].w);
    float x = 0.5f * (right - bw), y = w->layout.screen.timeline.h > 0.0f
                                         ? w->layout.screen.timeline.y - bh - 16.0f * s
                                         : (float)w->dh - bh - 16.0f * s;
    x = fmaxf(4.0f, x);
    batcher_begin(b, w->dw, w->dh);
    batcher_round_rect(b, x, y, bw, bh, 10.0f * s, (Rgba){12, 13, 20, 230});
    font_draw(f, b, FONT_BODY, x + pad, y + pad, w->notice, (Rgba){255, 255, 255, 255});
    batcher_end(b);
}

/* The selected pane's outline (when there are several), in the UI's accent. */
static void window_draw_selection(AppWindow *w)
{
    if (w->s.n_panes < 2)
        return;
    UiRect r = w->layout.screen.plot[w->s.selected_pane];
    float t = fmaxf(2.0f, 2.0f * w->ui_scale);
    UiColor a = ui_get_style(w->ui)->colors[UI_COLOR_ACCENT];
    Rgba c = {a.r, a.g, a.b, 230};
    Batcher *b = &w->r->batch;
    batcher_begin_rect(b, (int)r.x, (int)r.y, (int)r.w, (int)r.h, w->dh);
    batcher_rect(b, 0.0f, 0.0f, r.w, t, c);
    batcher_rect(b, 0.0f, r.h - t, r.w, t, c);
    batcher_rect(b, 0.0f, t, t, r.h - 2.0f * t, c);
    batcher_rect(b, r.w - t, t, t, r.h - 2.0f * t, c);
    batcher_end(b);
}

/* The whole window as the target of the batcher and the line renderer, as the HUD and the
 * overlays expect (drawable pixels, y down). */
static void window_begin_target(AppWindow *w)
{
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    batcher_begin(&w->r->batch, w->dw, w->dh);
    traj_begin(&w->r->traj, w->dw, w->dh);
}

/* Where pane p's point overlays (directions, Taylor model, eigenvectors) sit: the cursor
 * when it hovers the pane, else the selected run's current point. */
static void window_overlay_point(const AppWindow *w, int p, double point[2])
{
    const Pane *pane = &w->s.panes[p];
    if (w->hover_pane == p) {
        double px, py;
        if (window_plot_at(w, w->mx, w->my, &px, &py) == p) {
            session_pick(&w->s, p, px, py, &point[0], &point[1]);
            return;
        }
    }
    int r = p == w->s.selected_pane ? w->s.selected_run : 0;
    r = r < pane->desc.n_runs ? r : 0;
    const Run *run = &pane->runs[r];
    point[0] = run->pts[run->n - 1].x;
    point[1] = run->pts[run->n - 1].y;
}

/* Pane p's overlays, as its scene's toggles ask, with the cloud of every stochastic run. */
static void window_draw_overlays(AppWindow *w, int p, UiRect plot)
{
    const Session *s = &w->s;
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
    OverlayDesc d = { .ls = pane->desc.ls, .view = &pane->view, .rect = plot, .flags = flags,
                      .batch_run = pane->desc.ls->data ? &pane->runs[sel] : NULL };
    window_overlay_point(w, p, d.point);
    /* The first call draws the overlays; one more per further cloud of copies. */
    bool drawn = false;
    for (int i = 0; i < pane->desc.n_runs; i++) {
        if (!pane->cloud || !pane->enabled[i] || !session_run_is_stochastic(pane, i)) {
            continue;
        }
        d.cloud = &pane->cloud[i * pane->cloud_k];
        d.n_cloud = pane->cloud_k;
        d.cloud_color = i;
        overlay_draw(w->r, &d, &w->overlays[p]);
        d.flags = (OverlayFlags){ 0 };
        drawn = true;
    }
    if (!drawn) {
        overlay_draw(w->r, &d, &w->overlays[p]);
    }
}

/* Pane p's loss plot, with the run table and the selected run's inspector beside it when
 * the rect is wide enough. */
static void window_draw_hud(AppWindow *w, int p, UiRect loss)
{
    const Session *s = &w->s;
    const Pane *pane = &s->panes[p];
    HudRuns h = { .runs = pane->runs, .enabled = pane->enabled, .n_runs = pane->desc.n_runs,
                  .selected = p == s->selected_pane ? s->selected_run : -1, .step = s->step,
                  .f_tol = s->f_tol };
    float tw, th, iw, ih, gap = 8.0f * w->ui_scale;
    hud_table_size(w->r, &h, &tw, &th);
    hud_inspector_size(w->r, &h, &iw, &ih);
    float side = fmaxf(tw, iw);
    if (loss.w < 2.2f * side) {
        hud_loss_plot(w->r, &h, loss);
        return;
    }
    UiRect plot = { loss.x, loss.y, loss.w - side - gap, loss.h };
    hud_loss_plot(w->r, &h, plot);
    float x = loss.x + loss.w - side;
    hud_table(w->r, &h, (UiRect){ x, loss.y, side, fminf(th, loss.h) });
    if (h.selected >= 0 && th + gap + ih <= loss.h) {
        hud_inspector(w->r, &h, (UiRect){ x, loss.y + th + gap, side, ih });
    }
}

/* Draws everything. false with w->err on a rendering failure. */
static bool window_draw(AppWindow *w, unsigned char **capture)
{
    Renderer *r = w->r;
    Session *s = &w->s;
    const AppLayout *l = &w->layout;
    bool interacting = window_interacting(w);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w->dw, w->dh);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(WINDOW_BG[0], WINDOW_BG[1], WINDOW_BG[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    render_title_band(r, s->scene.title, s->scene.caption, w->dw, w->dh, l->title);
    for (int p = 0; p < s->n_panes; p++) {
        UiRect plot = l->screen.plot[p], loss = l->screen.loss[p];
        RenderScene rs = app_render_scene(s, p);
        rs.interacting = interacting;
        if (!render_pane_base(r, &w->panes[p], &rs, 0, w->dw, w->dh, plot, w->err,
                              sizeof w->err))
            return false;
        window_begin_target(w);
        window_draw_overlays(w, p, plot);
        render_pane_decor(r, &rs, 0, w->dw, w->dh, plot);
        if (loss.w > 0.0f && loss.h > 0.0f) {
            window_begin_target(w);
            window_draw_hud(w, p, loss);
        }
    }
    window_draw_selection(w);
    window_begin_target(w);
    hud_timeline(r, s->step, s->max_step, s->playing, l->screen.timeline);
    window_draw_readout(w);
    if (w->show_panel)
        render_ui(r, w->ui, w->dw, w->dh);
    if (w->screenshot) {
        w->screenshot = false;
        window_save_screenshot(w); /* the picture, without the notice or the help */
    }
    window_draw_notice(w);
    if (w->show_help)
        help_draw(r, w->dw, w->dh);
    if (capture)
        *capture = window_read_back(w);
    return true;
}

static bool window_frame(AppWindow *w, bool force, unsigned char **capture)
{
    Session *s = &w->s;
    SDL_Event e;
    while (SDL_PollEvent(&e))
        window_event(w, &e);
    if (w->quit)
        return false;
    Uint64 now = SDL_GetPerformanceCounter();
    double dt = (double)(now - w->last_tick) / (double)SDL_GetPerformanceFrequency();
    w->last_tick = now;
    if (s->playing)
        session_advance(s, dt < 0.1 ? dt : 0.1); /* after a stall, don't jump ahead */
    if (w->start_pending) {
        session_set_start(s, w->drag_pane, w->start_x, w->start_y, true);
        w->start_pending = false;
    }
    float scale = window_compute_ui_scale(w);
    if (fabsf(scale - w->ui_scale) > 1e-3f) {
        if (!render_set_ui_scale(w->r, scale, w->err, sizeof w->err))
            return false;
        ui_set_scale(w->ui, scale);
        w->ui_scale = scale;
        w->dirty = true;
    }
    w->layout = app_layout(w->r, s, &(AppLayoutDesc){.w = w->dw, .h = w->dh,
                                                     .ui_scale = w->ui_scale,
                                                     .panel = w->show_panel,
                                                     .timeline = true});
    for (int p = 0; p < s->n_panes; p++)
        session_layout_pane(s, p, (int)w->layout.screen.plot[p].w,
                            (int)w->layout.screen.plot[p].h);
    /* The panel reads and changes the session; the plots are drawn after it. */
    ui_begin(w->ui, (float)w->dw, (float)w->dh);
    if (w->show_panel)
        panel_draw(w->ui, s, w->layout.screen.panel, &w->panel);
    ui_end(w->ui);
    window_update_readout(w);
    uint64_t ui_hash = window_ui_hash(w->ui), session_hash = window_session_hash(s);
    bool same = !w->dirty && ui_hash == w->drawn_ui && session_hash == w->drawn_session &&
                w->hover_pane == w->drawn_hover && window_notice_visible(w) == w->drawn_notice &&
                (w->hover_pane < 0 || (w->mx == w->drawn_mx && w->my == w->drawn_my)) &&
                !(window_busy(w) && !window_interacting(w)) && !w->screenshot;
    if (same && !force)
        return true;
    if (!window_draw(w, capture))
        return false;
    SDL_GL_SwapWindow(w->gw.win);
    w->frames_drawn++;
    w->dirty = false;
    w->drawn_ui = ui_hash;
    w->drawn_session = window_session_hash(s);
    w->drawn_hover = w->hover_pane;
    w->drawn_mx = w->mx;
    w->drawn_my = w->my;
    w->drawn_notice = window_notice_visible(w); /* a screenshot may have put one up */
    double ms = (double)(SDL_GetPerformanceCounter() - now) * 1e3 /
                (double)SDL_GetPerformanceFrequency();
    if (ms < WINDOW_MIN_FRAME_MS)
        SDL_Delay((Uint32)(WINDOW_MIN_FRAME_MS - ms));
    return true;
}

/* ---- The public side ---------------------------------------------------------------- */

AppWindow *app_window_open(const Options *o, char *err, size_t errlen)
{
    AppWindow *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "cannot initialize SDL video: %s", SDL_GetError());
        free(w);
        return NULL;
    }
    char title[256];
    const Landscape *ls0 = o->scene.panes[0].ls;
    snprintf(title, sizeof title, "losslens \xe2\x80\x94 %s",
             o->scene.title[0] ? o->scene.title : ls0 ? ls0->name : "");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                   (o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!glwin_open(title, o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 800,
                    flags, &w->gw, err, errlen))
        goto fail_sdl;
    SDL_GL_SetSwapInterval(1);
    window_update_size(w);
    w->ui_scale = window_compute_ui_scale(w);
    w->r = malloc(sizeof *w->r);
    if (!w->r) {
        snprintf(err, errlen, "out of memory");
        goto fail_gl;
    }
    if (!render_init(w->r, w->ui_scale, err, errlen))
        goto fail_renderer;
    w->ui = ui_create(&(UiDesc){.metrics = render_ui_metrics(w->r), .scale = w->ui_scale});
    if (!w->ui) {
        snprintf(err, errlen, "out of memory for the UI");
        goto fail_render;
    }
    double speed = o->speed > 0.0 ? o->speed : o->scene.speed;
    if (!session_init(&w->s, &o->scene, speed, o->steps, err, errlen))
        goto fail_ui;
    w->s.levels = COLORMAP_LEVELS_DEFAULT;
    w->s.playing = o->play;
    for (int p = 0; p < SCENE_MAX_PANES; p++)
        render_pane_init(&w->panes[p]);
    w->show_panel = true;
    w->hover_pane = w->drawn_hover = -1;
    w->dirty = true;
    w->last_tick = SDL_GetPerformanceCounter();
    w->wheel_ms = SDL_GetTicks() - WINDOW_WHEEL_SETTLE_MS;
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
    for (int p = 0; p < SCENE_MAX_PANES; p++)
        render_pane_free(&w->panes[p]);
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

const AppLayout *app_window_layout(const AppWindow *w)
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

/* Whether the next frame has something to show without new events. */
static bool window_needs_frame(const AppWindow *w)
{
    if (w->dirty || w->s.playing || w->start_pending || w->screenshot)
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
        fprintf(stderr, "losslens: window: %s\n", err);
        return 1;
    }
    int rc = 0;
    for (;;) {
        if (!window_needs_frame(w)) {
            /* Idle: block until an event, or until a wheel zoom settles or a notice
             * expires. The event stays queued for the frame. */
            Uint32 now = SDL_GetTicks();
            int timeout = -1;
            Uint32 since_wheel = now - w->wheel_ms;
            if (since_wheel < WINDOW_WHEEL_SETTLE_MS)
                timeout = (int)(WINDOW_WHEEL_SETTLE_MS - since_wheel) + 1;
            if (w->drawn_notice) {
                int t = (int)(w->notice_until - now) + 1;
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
