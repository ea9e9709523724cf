/* window.c - the interactive window: an SDL2 event loop that idles in SDL_WaitEvent when
 * nothing moves, animates the runs at o->speed steps per second, and lets the lecturer pan
 * (right/middle drag, arrow keys), zoom (wheel about the cursor, +/-), change the contour levels
 * ([ ]), play/pause (Space), single-step (→), reset (R), fit the view again (Home, 0) and quit
 * (Q, Esc). Until the view is moved, resizing the window refits it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <epoxy/gl.h>

#include "app/app.h"
#include "app/window.h"
#include "render/glwin.h"

/* How long after the last wheel event the view still counts as moving (data landscapes stay
 * at reduced resolution meanwhile). */
enum {
    WINDOW_WHEEL_SETTLE_MS = 250,
    WINDOW_MAX_STEPS_PER_FRAME = 200000,
    WINDOW_MIN_FRAME_MS = 15,
};

static const double WINDOW_ZOOM_STEP = 1.25, WINDOW_WHEEL_ZOOM = 1.15, WINDOW_PAN_FRAC = 0.1;

typedef struct {
    GlWindow gw;
    SDL_Window *win;     /* gw.win */
    Renderer *r;
    AppScene *scene;
    double speed;
    bool playing;
    bool quit;
    bool dirty;          /* something changed: draw a frame */
    bool dragging;
    bool view_moved;     /* panned or zoomed since the last fit: resizing keeps the view */
    int drag_x, drag_y;  /* last drag position, window coordinates */
    Uint32 wheel_ms;     /* time of the last wheel event */
    double step_acc;     /* fractional steps owed to the animation */
    Uint64 last_tick;
    int dw, dh;          /* drawable size */
    float px_ratio;      /* drawable pixels per window coordinate */
} Window;

static float window_ui_scale(const Window *w)
{
    int ww, wh;
    SDL_GetWindowSize(w->win, &ww, &wh);
    float s = w->px_ratio * (wh > 1080 ? wh / 1080.0f : 1.0f);
    return s;
}

static void window_update_size(Window *w)
{
    int ww, wh;
    SDL_GetWindowSize(w->win, &ww, &wh);
    SDL_GL_GetDrawableSize(w->win, &w->dw, &w->dh);
    w->px_ratio = ww > 0 ? (float)w->dw / (float)ww : 1.0f;
    if (w->view_moved)
        view_resize(&w->scene->view, w->dw, w->dh);
    else
        w->scene->view = view_fit(&w->scene->home, w->dw, w->dh);
    w->dirty = true;
}

static void window_reset_runs(Window *w)
{
    app_scene_reset(w->scene);
    render_invalidate_runs(w->r);
    w->step_acc = 0.0;
    w->dirty = true;
}

static void window_key(Window *w, const SDL_KeyboardEvent *k)
{
    View *v = &w->scene->view;
    View before = *v;
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    double pan_x = WINDOW_PAN_FRAC * v->w, pan_y = WINDOW_PAN_FRAC * v->h;
    switch (k->keysym.sym) {
    case SDLK_q:
    case SDLK_ESCAPE:
        w->quit = true;
        break;
    case SDLK_SPACE:
        if (!w->playing && app_scene_done(w->scene))
            window_reset_runs(w);
        w->playing = !w->playing;
        w->step_acc = 0.0;
        w->last_tick = SDL_GetPerformanceCounter();
        break;
    case SDLK_RIGHT:
        /* → steps; Shift+→ pans like the other arrows. */
        if (shift) {
            view_pan(v, -pan_x, 0.0);
        } else {
            w->playing = false;
            app_scene_step(w->scene, 1);
        }
        break;
    case SDLK_LEFT:
        view_pan(v, pan_x, 0.0);
        break;
    case SDLK_UP:
        view_pan(v, 0.0, pan_y);
        break;
    case SDLK_DOWN:
        view_pan(v, 0.0, -pan_y);
        break;
    case SDLK_r:
        window_reset_runs(w);
        break;
    case SDLK_HOME:
    case SDLK_0:
        w->scene->view = view_fit(&w->scene->home, w->dw, w->dh);
        w->view_moved = false;
        w->dirty = true;
        return;
    case SDLK_EQUALS:
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
        view_zoom_at(v, 0.5 * v->w, 0.5 * v->h, WINDOW_ZOOM_STEP);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        view_zoom_at(v, 0.5 * v->w, 0.5 * v->h, 1.0 / WINDOW_ZOOM_STEP);
        break;
    case SDLK_LEFTBRACKET:
        if (w->scene->levels > COLORMAP_LEVELS_MIN)
            w->scene->levels -= 2;
        break;
    case SDLK_RIGHTBRACKET:
        if (w->scene->levels < COLORMAP_LEVELS_MAX)
            w->scene->levels += 2;
        break;
    default:
        return;
    }
    if (v->cx != before.cx || v->cy != before.cy || v->scale != before.scale)
        w->view_moved = true;
    w->dirty = true;
}

static void window_event(Window *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        w->quit = true;
        break;
    case SDL_KEYDOWN:
        window_key(w, &e->key);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            e->window.event == SDL_WINDOWEVENT_RESIZED)
            window_update_size(w);
        else if (e->window.event == SDL_WINDOWEVENT_EXPOSED)
            w->dirty = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_RIGHT || e->button.button == SDL_BUTTON_MIDDLE) {
            w->dragging = true;
            w->drag_x = e->button.x;
            w->drag_y = e->button.y;
        }
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_RIGHT || e->button.button == SDL_BUTTON_MIDDLE) {
            w->dragging = false;
            w->dirty = true; /* settle: refine the field */
        }
        break;
    case SDL_MOUSEMOTION:
        if (w->dragging) {
            view_pan(&w->scene->view, (e->motion.x - w->drag_x) * (double)w->px_ratio,
                     (e->motion.y - w->drag_y) * (double)w->px_ratio);
            w->drag_x = e->motion.x;
            w->drag_y = e->motion.y;
            w->view_moved = true;
            w->dirty = true;
        }
        break;
    case SDL_MOUSEWHEEL: {
        int mx, my;
        SDL_GetMouseState(&mx, &my);
#if SDL_VERSION_ATLEAST(2, 0, 18)
        double amount = e->wheel.preciseY;
#else
        double amount = e->wheel.y;
#endif
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
            amount = -amount;
        view_zoom_at(&w->scene->view, mx * (double)w->px_ratio, my * (double)w->px_ratio,
                     pow(WINDOW_WHEEL_ZOOM, amount));
        w->wheel_ms = SDL_GetTicks();
        w->view_moved = true;
        w->dirty = true;
        break;
    }
    default:
        break;
    }
}

/* Steps owed since the last frame at the current speed. */
static void window_animate(Window *w)
{
    Uint64 now = SDL_GetPerformanceCounter();
    double dt = (double)(now - w->last_tick) / (double)SDL_GetPerformanceFrequency();
    w->last_tick = now;
    if (!w->playing)
        return;
    if (dt > 0.25)
        dt = 0.25; /* after a stall, don't jump ahead */
    w->step_acc += dt * w->speed;
    long k = (long)floor(w->step_acc);
    if (k > WINDOW_MAX_STEPS_PER_FRAME)
        k = WINDOW_MAX_STEPS_PER_FRAME;
    if (k > 0) {
        w->step_acc -= (double)k;
        app_scene_step(w->scene, k);
        w->dirty = true;
    }
    if (app_scene_done(w->scene)) {
        w->playing = false;
        w->dirty = true;
    }
}

int app_window_run(const Options *o)
{
    char err[1024] = "";
    int rc = 1;
    Window w = {0};
    w.speed = o->speed > 0.0 ? o->speed : 30.0;
    w.playing = o->play;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, sizeof err, "cannot initialize SDL video: %s", SDL_GetError());
        goto out;
    }
    char title[256];
    const Landscape *ls0 = o->scene.panes[0].ls;
    snprintf(title, sizeof title, "losslens \xe2\x80\x94 %s", ls0 ? ls0->name : "");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                   (o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!glwin_open(title, o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 800,
                    flags, &w.gw, err, sizeof err))
        goto out_sdl;
    w.win = w.gw.win;
    SDL_GL_SetSwapInterval(1);
    w.r = malloc(sizeof *w.r);
    w.scene = malloc(sizeof *w.scene);
    if (!w.r || !w.scene) {
        snprintf(err, sizeof err, "out of memory");
        goto out_gl;
    }
    SDL_GL_GetDrawableSize(w.win, &w.dw, &w.dh);
    if (!app_scene_init(w.scene, o, w.dw, w.dh, err, sizeof err))
        goto out_gl;
    window_update_size(&w);
    if (!render_init(w.r, window_ui_scale(&w), err, sizeof err))
        goto out_scene;

    w.last_tick = SDL_GetPerformanceCounter();
    w.dirty = true;
    while (!w.quit) {
        SDL_Event e;
        Uint32 since_wheel = SDL_GetTicks() - w.wheel_ms;
        bool interacting = w.dragging || since_wheel < WINDOW_WHEEL_SETTLE_MS;
        bool need_frame = w.dirty || w.playing || (render_busy(w.r) && !interacting);
        if (!need_frame) {
            /* Idle: block until an event (or until a wheel zoom settles). */
            if (since_wheel < WINDOW_WHEEL_SETTLE_MS) {
                if (SDL_WaitEventTimeout(&e, (int)(WINDOW_WHEEL_SETTLE_MS - since_wheel) + 1))
                    window_event(&w, &e);
            } else if (SDL_WaitEvent(&e)) {
                window_event(&w, &e);
            }
            while (SDL_PollEvent(&e))
                window_event(&w, &e);
            w.last_tick = SDL_GetPerformanceCounter();
            continue;
        }
        while (SDL_PollEvent(&e))
            window_event(&w, &e);
        if (w.quit)
            break;
        window_animate(&w);
        Uint64 t0 = SDL_GetPerformanceCounter();
        if (!render_set_ui_scale(w.r, window_ui_scale(&w), err, sizeof err))
            goto out_render;
        RenderScene rs = app_scene_render_desc(w.scene);
        rs.interacting = w.dragging || SDL_GetTicks() - w.wheel_ms < WINDOW_WHEEL_SETTLE_MS;
        rs.playing = w.playing;
        rs.show_status = true;
        rs.speed = w.speed;
        if (!render_frame(w.r, &rs, 0, w.dw, w.dh, err, sizeof err))
            goto out_render;
        SDL_GL_SwapWindow(w.win);
        w.dirty = false;
        /* Without vsync (e.g. Xvfb) don't spin faster than the eye can use. */
        double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1e3 /
                    (double)SDL_GetPerformanceFrequency();
        if (ms < WINDOW_MIN_FRAME_MS)
            SDL_Delay((Uint32)(WINDOW_MIN_FRAME_MS - ms));
    }
    rc = 0;

out_render:
    render_free(w.r);
out_scene:
    app_scene_free(w.scene);
out_gl:
    free(w.scene);
    free(w.r);
    glwin_close(&w.gw);
out_sdl:
    SDL_Quit();
out:
    if (rc != 0)
        fprintf(stderr, "losslens: window: %s\n", err);
    return rc;
}
