/* input.c - the window's input: SDL events become UI input (when the panel wants them) or
 * the lecturer's actions on the session: a click starts the runs there, the start marker
 * drags, right/middle drag pans, the wheel zooms about the cursor, and every shortcut key
 * (slides, presenter mode and the exports among them).
 */
#include <math.h>
#include <stdio.h>

#include "app/window_impl.h"
#include "figure/hud.h"

static const double WINDOW_ZOOM_STEP = 1.25, WINDOW_WHEEL_ZOOM = 1.15, WINDOW_PAN_FRAC = 0.1;
static const float WINDOW_MARKER_GRAB_PX = 12.0f; /* at UI scale 1 */

/* Which plot pane (or -1) holds the pointer, and the pointer relative to that plot. */
int window_plot_at(const AppWindow *w, float x, float y, double *px, double *py)
{
    int p = -1;
    if (screen_hit(&w->layout.screen, x, y, &p) != SCREEN_PLOT || p < 0 || p >= w->s.n_panes)
        return -1;
    UiRect r = w->layout.screen.plot[p];
    *px = (double)(x - r.x);
    *py = (double)(y - r.y);
    return p;
}

/* ---- Lecturer actions --------------------------------------------------------------- */

static void window_pan_key(AppWindow *w, double fx, double fy)
{
    Session *s = &w->s;
    const View *v = &s->panes[s->selected_pane].view;
    session_pan(s, s->selected_pane, fx * WINDOW_PAN_FRAC * v->w, fy * WINDOW_PAN_FRAC * v->h);
}

static void window_zoom_key(AppWindow *w, double factor)
{
    Session *s = &w->s;
    const View *v = &s->panes[s->selected_pane].view;
    session_zoom(s, s->selected_pane, 0.5 * v->w, 0.5 * v->h, factor);
}

static bool window_ui_key(SDL_Keycode sym, UiKey *key)
{
    switch (sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        *key = UI_KEY_ENTER;
        return true;
    case SDLK_ESCAPE:
        *key = UI_KEY_ESCAPE;
        return true;
    case SDLK_BACKSPACE:
        *key = UI_KEY_BACKSPACE;
        return true;
    case SDLK_DELETE:
        *key = UI_KEY_DELETE;
        return true;
    case SDLK_LEFT:
        *key = UI_KEY_LEFT;
        return true;
    case SDLK_RIGHT:
        *key = UI_KEY_RIGHT;
        return true;
    case SDLK_HOME:
        *key = UI_KEY_HOME;
        return true;
    case SDLK_END:
        *key = UI_KEY_END;
        return true;
    case SDLK_TAB:
        *key = UI_KEY_TAB;
        return true;
    default:
        return false;
    }
}

static void window_key(AppWindow *w, const SDL_KeyboardEvent *k)
{
    Session *s = &w->s;
    SDL_Keycode sym = k->keysym.sym;
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    UiKey uk;
    w->dirty = true;
    if (w->show_help) {
        /* The help is modal: it closes with H or Esc; Q still quits. */
        if (sym == SDLK_ESCAPE || sym == SDLK_h)
            w->show_help = false;
        else if (sym == SDLK_q)
            w->quit = true;
        return;
    }
    if (ui_wants_keyboard(w->ui)) {
        if (window_ui_key(sym, &uk))
            ui_input_key(w->ui, uk);
        return;
    }
    if (sym == SDLK_ESCAPE) {
        /* Closes an open dropdown; with nothing open it does nothing. */
        ui_input_key(w->ui, UI_KEY_ESCAPE);
        return;
    }
    if ((k->keysym.mod & KMOD_CTRL) && !(k->keysym.mod & (KMOD_ALT | KMOD_GUI)) &&
        sym == SDLK_s) {
        window_export_scene(w);
        return;
    }
    if (k->keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return;
    switch (sym) {
    case SDLK_q:
        w->quit = true;
        break;
    case SDLK_SPACE:
        if (!s->playing && !session_can_advance(s))
            session_restart(s); /* at the end: play again from the start */
        s->playing = !s->playing && session_can_advance(s);
        w->last_tick = SDL_GetPerformanceCounter();
        break;
    case SDLK_RIGHT:
        if (shift) {
            window_pan_key(w, -1.0, 0.0);
        } else {
            s->playing = false;
            session_step_forward(s);
        }
        break;
    case SDLK_LEFT:
        if (shift) {
            window_pan_key(w, 1.0, 0.0);
        } else {
            s->playing = false;
            session_step_back(s);
        }
        break;
    case SDLK_UP:
        window_pan_key(w, 0.0, 1.0);
        break;
    case SDLK_DOWN:
        window_pan_key(w, 0.0, -1.0);
        break;
    case SDLK_r:
        session_restart(s);
        break;
    case SDLK_f:
        window_set_fullscreen(w, !window_is_fullscreen(w));
        break;
    case SDLK_p:
        window_set_presenter(w, !w->presenter);
        break;
    case SDLK_PAGEDOWN:
        window_slide(w, 1);
        break;
    case SDLK_PAGEUP:
        window_slide(w, -1);
        break;
    case SDLK_s:
        w->screenshot = true;
        break;
    case SDLK_g: {
        /* Written after the next frame, which shows this notice while it works. */
        char msg[96];
        snprintf(msg, sizeof msg, "Writing an animated GIF of %d frames\xe2\x80\xa6",
                 w->gif_frames);
        window_notice(w, msg);
        w->gif_pending = true;
        break;
    }
    case SDLK_c:
        window_export_csv(w);
        break;
    case SDLK_h:
        w->show_help = true;
        break;
    case SDLK_TAB:
        w->show_panel = !w->show_panel;
        break;
    case SDLK_HOME:
    case SDLK_0:
    case SDLK_KP_0:
        session_reset_view(s, s->selected_pane);
        break;
    case SDLK_EQUALS:
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
        window_zoom_key(w, WINDOW_ZOOM_STEP);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        window_zoom_key(w, 1.0 / WINDOW_ZOOM_STEP);
        break;
    case SDLK_LEFTBRACKET: {
        int lv = s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT;
        s->levels = lv - 2 < COLORMAP_LEVELS_MIN ? COLORMAP_LEVELS_MIN : lv - 2;
        break;
    }
    case SDLK_RIGHTBRACKET: {
        int lv = s->levels > 0 ? s->levels : COLORMAP_LEVELS_DEFAULT;
        s->levels = lv + 2 > COLORMAP_LEVELS_MAX ? COLORMAP_LEVELS_MAX : lv + 2;
        break;
    }
    default: {
        int n = -1;
        if (sym >= SDLK_1 && sym <= SDLK_9)
            n = (int)(sym - SDLK_1);
        else if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
            n = (int)(sym - SDLK_KP_1);
        if (n >= 0 && n < LANDSCAPE_COUNT) {
            char err[256];
            if (!session_set_landscape(s, s->selected_pane, landscape_at(n), err, sizeof err))
                window_notice(w, err);
        } else if (window_ui_key(sym, &uk)) {
            ui_input_key(w->ui, uk);
        }
        break;
    }
    }
}

static void window_mouse_down(AppWindow *w, const SDL_MouseButtonEvent *b)
{
    Session *s = &w->s;
    w->mx = (float)b->x * w->px_ratio;
    w->my = (float)b->y * w->px_ratio;
    w->dirty = true;
    if (w->show_help) {
        if (b->button == SDL_BUTTON_LEFT)
            w->show_help = false; /* a click anywhere closes the help */
        return;
    }
    ui_input_mouse_move(w->ui, w->mx, w->my);
    bool ui_takes = ui_wants_mouse(w->ui);
    if (b->button == SDL_BUTTON_LEFT)
        ui_input_mouse_down(w->ui, w->mx, w->my);
    if (ui_takes) {
        if (b->button == SDL_BUTTON_LEFT)
            w->drag = DRAG_UI;
        return;
    }
    double px, py;
    int p = window_plot_at(w, w->mx, w->my, &px, &py);
    if (p < 0) {
        /* The timeline: a press seeks, and the clock follows the pointer while held. */
        if (b->button == SDL_BUTTON_LEFT &&
            ui_rect_contains(w->layout.screen.timeline, w->mx, w->my)) {
            s->playing = false;
            session_seek(s, hud_timeline_step_at(w->layout.screen.timeline, s->max_step, w->mx));
            w->drag = DRAG_TIMELINE;
        }
        return;
    }
    s->selected_pane = p;
    w->drag_pane = p;
    w->drag_x = w->mx;
    w->drag_y = w->my;
    if (b->button == SDL_BUTTON_RIGHT || b->button == SDL_BUTTON_MIDDLE) {
        w->drag = DRAG_PAN;
        return;
    }
    if (b->button != SDL_BUTTON_LEFT)
        return;
    const Pane *pane = &s->panes[p];
    double sx, sy;
    view_world_to_screen(&pane->view, pane->desc.start[0], pane->desc.start[1], &sx, &sy);
    w->drag = DRAG_START;
    if (hypot(sx - px, sy - py) <= (double)(WINDOW_MARKER_GRAB_PX * w->ui_scale))
        return; /* grabbed the marker: it moves with the pointer, the clock stays */
    double x, y;
    session_pick(s, p, px, py, &x, &y);
    session_set_start(s, p, x, y, false);
}

static void window_mouse_motion(AppWindow *w, const SDL_MouseMotionEvent *m)
{
    float x = (float)m->x * w->px_ratio, y = (float)m->y * w->px_ratio;
    w->mx = x;
    w->my = y;
    w->mouse_in = true;
    ui_input_mouse_move(w->ui, x, y);
    if (w->drag == DRAG_PAN) {
        session_pan(&w->s, w->drag_pane, (double)(x - w->drag_x), (double)(y - w->drag_y));
        w->drag_x = x;
        w->drag_y = y;
    } else if (w->drag == DRAG_START) {
        /* Applied once per frame: a fast drag must not replay the runs per event. */
        UiRect r = w->layout.screen.plot[w->drag_pane];
        session_pick(&w->s, w->drag_pane, (double)(x - r.x), (double)(y - r.y), &w->start_x,
                     &w->start_y);
        w->start_pending = true;
    } else if (w->drag == DRAG_TIMELINE) {
        Session *s = &w->s;
        long k = hud_timeline_step_at(w->layout.screen.timeline, s->max_step, x);
        if (k != s->step) {
            session_seek(s, k);
        }
    }
}

static void window_mouse_up(AppWindow *w, const SDL_MouseButtonEvent *b)
{
    w->mx = (float)b->x * w->px_ratio;
    w->my = (float)b->y * w->px_ratio;
    if (b->button == SDL_BUTTON_LEFT)
        ui_input_mouse_up(w->ui, w->mx, w->my);
    if ((b->button == SDL_BUTTON_LEFT &&
         (w->drag == DRAG_START || w->drag == DRAG_UI || w->drag == DRAG_TIMELINE)) ||
        ((b->button == SDL_BUTTON_RIGHT || b->button == SDL_BUTTON_MIDDLE) &&
         w->drag == DRAG_PAN)) {
        if (w->drag == DRAG_START && w->start_pending) {
            session_set_start(&w->s, w->drag_pane, w->start_x, w->start_y, true);
            w->start_pending = false;
        }
        w->drag = DRAG_NONE;
        w->dirty = true; /* settle: refine the field */
    }
}

static void window_wheel(AppWindow *w, const SDL_MouseWheelEvent *e)
{
    double amount = e->preciseY;
    if (e->direction == SDL_MOUSEWHEEL_FLIPPED)
        amount = -amount;
    if (w->show_help)
        return;
    if (ui_wants_mouse(w->ui)) {
        ui_input_wheel(w->ui, e->preciseX, (float)amount);
        w->dirty = true;
        return;
    }
    double px, py;
    int p = window_plot_at(w, w->mx, w->my, &px, &py);
    if (p < 0)
        return;
    session_zoom(&w->s, p, px, py, pow(WINDOW_WHEEL_ZOOM, amount));
    w->wheel_ms = SDL_GetTicks();
    w->dirty = true;
}

void window_event(AppWindow *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        w->quit = true;
        break;
    case SDL_KEYDOWN:
        window_key(w, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (ui_wants_keyboard(w->ui) && !w->show_help) {
            ui_input_text(w->ui, e->text.text);
            w->dirty = true;
        }
        break;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_RESIZED:
            window_update_size(w);
            break;
        case SDL_WINDOWEVENT_LEAVE:
            w->mouse_in = false;
            break;
        case SDL_WINDOWEVENT_EXPOSED:
            w->dirty = true;
            break;
        default:
            break;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        w->mouse_in = true;
        window_mouse_down(w, &e->button);
        break;
    case SDL_MOUSEBUTTONUP:
        window_mouse_up(w, &e->button);
        break;
    case SDL_MOUSEMOTION:
        window_mouse_motion(w, &e->motion);
        break;
    case SDL_MOUSEWHEEL:
        window_wheel(w, &e->wheel);
        break;
    default:
        break;
    }
}
