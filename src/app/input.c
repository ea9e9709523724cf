/* input.c - the window's input: SDL events become UI input (when the panel wants them) or
 * the lecturer's actions on the session: a click starts the runs there, the start marker
 * drags, right/middle drag pans, the wheel zooms about the cursor, and every shortcut key
 * (slides, presenter mode and the exports among them) through the key table (lecture/keymap).
 */
#include <math.h>
#include <stdio.h>

#include "app/window_impl.h"
#include "figure/hud.h"
#include "lecture/keymap.h"

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

/* SDL's keycode as the key table's: printable ASCII as itself (SDL's letters are lower
 * case), the keypad's digits, plus and minus as the main keys'; KEY_NONE for the rest. */
static int window_key_code(SDL_Keycode sym)
{
    switch (sym) {
    case SDLK_RIGHT:
        return KEY_RIGHT;
    case SDLK_LEFT:
        return KEY_LEFT;
    case SDLK_UP:
        return KEY_UP;
    case SDLK_DOWN:
        return KEY_DOWN;
    case SDLK_PAGEUP:
        return KEY_PAGE_UP;
    case SDLK_PAGEDOWN:
        return KEY_PAGE_DOWN;
    case SDLK_HOME:
        return KEY_HOME;
    case SDLK_TAB:
        return KEY_TAB;
    case SDLK_KP_0:
        return '0';
    case SDLK_KP_PLUS:
        return '+';
    case SDLK_KP_MINUS:
        return '-';
    default:
        if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
            return '1' + (int)(sym - SDLK_KP_1);
        return sym >= 0x20 && sym < 0x7F ? (int)sym : KEY_NONE;
    }
}

static unsigned window_key_mods(Uint16 mod)
{
    return ((mod & KMOD_SHIFT) ? KEY_MOD_SHIFT : 0u) | ((mod & KMOD_CTRL) ? KEY_MOD_CTRL : 0u) |
           ((mod & KMOD_ALT) ? KEY_MOD_ALT : 0u) | ((mod & KMOD_GUI) ? KEY_MOD_GUI : 0u);
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
    case KEY_ACTION_RESET_VIEW:
        session_reset_view(s, s->selected_pane);
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

static void window_key(AppWindow *w, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    int code = window_key_code(sym), n;
    unsigned mods = window_key_mods(k->keysym.mod);
    UiKey uk;
    w->dirty = true;
    if (w->show_help) {
        /* The help is modal: it closes with H or Esc; Q still quits (whatever is held). */
        KeyAction a = keymap_lookup(code, KEY_MOD_NONE, NULL);
        if (sym == SDLK_ESCAPE || a == KEY_ACTION_HELP)
            w->show_help = false;
        else if (a == KEY_ACTION_QUIT)
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
    KeyAction a = keymap_lookup(code, mods, &n);
    if (a != KEY_ACTION_NONE)
        window_act(w, a, n);
    else if (!(mods & ~(unsigned)KEY_MOD_SHIFT) && window_ui_key(sym, &uk))
        ui_input_key(w->ui, uk); /* Enter, Backspace, Delete, End: the focused widget's */
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
