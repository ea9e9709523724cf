/* input.c - the window's input (app/input.h): SDL events become UI input when the panel wants
 * them, the mouse's lecturer gestures on the session (a click starts the runs there, the start
 * marker drags, right/middle drag pans, the wheel zooms about the cursor, the timeline seeks),
 * or a key table action (lecture/keymap) handed back to the window to carry out.
 */
#include "app/input.h"
#include "app/platform.h"

#include <math.h>
#include <stdio.h>

#include "figure/hud.h"
#include "lecture/keymap.h"
#include "lecture/sweepview.h"

static const double INPUT_WHEEL_ZOOM = 1.15;
static const float INPUT_MARKER_GRAB_PX = 12.0f; /* at UI scale 1 */
static const float INPUT_CLICK_SLOP_PX = 4.0f;   /* at UI scale 1 */

int input_plot_at(const FigureLayout *l, int n_panes, float x, float y, double *px,
                  double *py)
{
    int p = -1;
    if (screen_hit(&l->screen, x, y, &p) != SCREEN_PLOT || p < 0 || p >= n_panes)
        return -1;
    UiRect r = l->screen.plot[p];
    *px = (double)(x - r.x);
    *py = (double)(y - r.y);
    return p;
}

bool input_pick(const FigureLayout *l, const Session *s, int p, double px, double py,
                double *x, double *y)
{
    if (!s->panes[p].desc.surface) {
        session_pick(s, p, px, py, x, y);
        return true;
    }
    int rx, ry, rw, rh;
    plot_pixel_rect(l->screen.plot[p], &rx, &ry, &rw, &rh);
    return session_pick_surface(s, p, rw, rh, px, py, x, y);
}

bool input_sweep_cell_at(const FigureLayout *l, const Session *s, float x, float y, int *i,
                         int *j)
{
    UiRect g = l->sweep_grid;
    if (l->sweep.w <= 0.0f || g.w <= 0.0f || g.h <= 0.0f)
        return false;
    return sweepview_cell_at(sweepview_layer(s), (double)((x - g.x) / g.w),
                             (double)((y - g.y) / g.h), i, j);
}

static int input_plot(const InputContext *in, float x, float y, double *px, double *py)
{
    return input_plot_at(in->layout, in->s->n_panes, x, y, px, py);
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

/* Shift held gives the sliders fine control. The event's own modifiers say whether a Shift
 * is held, except for the Shift key itself, whose event tells what it does. */
static void track_shift(InputContext *in, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    Uint16 mod = k->keysym.mod;
    if (sym == SDLK_LSHIFT)
        mod = (Uint16)(k->state == SDL_PRESSED ? mod | KMOD_LSHIFT : mod & ~KMOD_LSHIFT);
    else if (sym == SDLK_RSHIFT)
        mod = (Uint16)(k->state == SDL_PRESSED ? mod | KMOD_RSHIFT : mod & ~KMOD_RSHIFT);
    ui_input_fine(in->ui, (mod & KMOD_SHIFT) != 0);
}

static void input_key(InputContext *in, const SDL_KeyboardEvent *k, InputResult *r)
{
    SDL_Keycode sym = k->keysym.sym;
    int code = window_key_code(sym), n = 0;
    unsigned mods = window_key_mods(k->keysym.mod);
    UiKey uk;
    r->redraw = true;
    if (in->help_open) {
        /* The help is modal: it closes with H or Esc; Q still quits (whatever is held). */
        KeyAction a = keymap_lookup(code, KEY_MOD_NONE, NULL);
        if (sym == SDLK_ESCAPE || a == KEY_ACTION_HELP)
            r->close_help = true;
        else if (a == KEY_ACTION_QUIT)
            r->quit = true;
        return;
    }
    if (ui_wants_keyboard(in->ui)) {
        if (window_ui_key(sym, &uk))
            ui_input_key(in->ui, uk);
        return;
    }
    if (sym == SDLK_ESCAPE) {
        /* Closes an open dropdown; with nothing open it does nothing. */
        ui_input_key(in->ui, UI_KEY_ESCAPE);
        return;
    }
    KeyAction a = keymap_lookup(code, mods, &n);
    if (a != KEY_ACTION_NONE) {
        r->action = a;
        r->action_index = n;
    } else if (!(mods & ~(unsigned)KEY_MOD_SHIFT) && window_ui_key(sym, &uk)) {
        ui_input_key(in->ui, uk); /* Enter, Backspace, Delete, End: the focused widget's */
    }
}

static void input_mouse_down(InputContext *in, const SDL_MouseButtonEvent *b, InputResult *r)
{
    Session *s = in->s;
    InputPointer *ptr = in->ptr;
    ptr->mx = (float)b->x * in->px_ratio;
    ptr->my = (float)b->y * in->px_ratio;
    r->redraw = true;
    if (in->help_open) {
        if (b->button == SDL_BUTTON_LEFT)
            r->close_help = true; /* a click anywhere closes the help */
        return;
    }
    ui_input_mouse_move(in->ui, ptr->mx, ptr->my);
    bool ui_takes = ui_wants_mouse(in->ui);
    if (b->button == SDL_BUTTON_LEFT)
        ui_input_mouse_down(in->ui, ptr->mx, ptr->my);
    if (ui_takes) {
        if (b->button == SDL_BUTTON_LEFT)
            ptr->drag = DRAG_UI;
        return;
    }
    double px, py;
    int p = input_plot(in, ptr->mx, ptr->my, &px, &py);
    if (p < 0) {
        /* The sweep pane: a cell's values become the run's. */
        int ci, cj;
        if (b->button == SDL_BUTTON_LEFT &&
            input_sweep_cell_at(in->layout, s, ptr->mx, ptr->my, &ci, &cj)) {
            char err[200];
            sweepview_click(s, ci, cj, err, sizeof err);
            return;
        }
        /* The timeline: a press seeks, and the clock follows the pointer while held. */
        if (b->button == SDL_BUTTON_LEFT &&
            ui_rect_contains(in->layout->screen.timeline, ptr->mx, ptr->my)) {
            s->playing = false;
            session_seek(s, hud_timeline_step_at(in->layout->screen.timeline, s->max_step, ptr->mx));
            ptr->drag = DRAG_TIMELINE;
        }
        return;
    }
    s->selected_pane = p;
    ptr->drag_pane = p;
    ptr->drag_x = ptr->mx;
    ptr->drag_y = ptr->my;
    if (b->button == SDL_BUTTON_RIGHT || b->button == SDL_BUTTON_MIDDLE) {
        ptr->drag = DRAG_PAN;
        return;
    }
    if (b->button != SDL_BUTTON_LEFT)
        return;
    const Pane *pane = &s->panes[p];
    if (pane->desc.surface) {
        ptr->drag = DRAG_ORBIT;
        ptr->press_x = ptr->mx;
        ptr->press_y = ptr->my;
        ptr->orbiting = false;
        return;
    }
    double sx, sy;
    view_world_to_screen(&pane->view, pane->desc.start[0], pane->desc.start[1], &sx, &sy);
    ptr->drag = DRAG_START;
    if (hypot(sx - px, sy - py) <= (double)(INPUT_MARKER_GRAB_PX * in->ui_scale))
        return; /* grabbed the marker: it moves with the pointer, the clock stays */
    double x, y;
    session_pick(s, p, px, py, &x, &y);
    session_set_start(s, p, x, y, false);
}

static void input_mouse_motion(InputContext *in, const SDL_MouseMotionEvent *m)
{
    InputPointer *ptr = in->ptr;
    float x = (float)m->x * in->px_ratio, y = (float)m->y * in->px_ratio;
    ptr->mx = x;
    ptr->my = y;
    ptr->inside = true;
    Uint32 now = SDL_GetTicks();
    if (ptr->entering)
        ptr->entering = false;
    else
        ptr->moved_ms = now ? now : 1;
    ui_input_mouse_move(in->ui, x, y);
    if (ptr->drag == DRAG_PAN && in->s->panes[ptr->drag_pane].desc.surface) {
        int rx, ry, rw, rh;
        plot_pixel_rect(in->layout->screen.plot[ptr->drag_pane], &rx, &ry, &rw, &rh);
        session_pan_camera(in->s, ptr->drag_pane, rw, rh, (double)(x - ptr->drag_x),
                           (double)(y - ptr->drag_y));
        ptr->drag_x = x;
        ptr->drag_y = y;
    } else if (ptr->drag == DRAG_PAN) {
        session_pan(in->s, ptr->drag_pane, (double)(x - ptr->drag_x), (double)(y - ptr->drag_y));
        ptr->drag_x = x;
        ptr->drag_y = y;
    } else if (ptr->drag == DRAG_ORBIT) {
        /* A click may wobble a few pixels: the orbit starts once the pointer left them. */
        if (!ptr->orbiting &&
            hypotf(x - ptr->press_x, y - ptr->press_y) > INPUT_CLICK_SLOP_PX * in->ui_scale)
            ptr->orbiting = true;
        if (ptr->orbiting)
            session_orbit(in->s, ptr->drag_pane, (double)(x - ptr->drag_x),
                          (double)(y - ptr->drag_y));
        ptr->drag_x = x;
        ptr->drag_y = y;
    } else if (ptr->drag == DRAG_START) {
        /* Applied once per frame: a fast drag must not replay the runs per event. */
        UiRect r = in->layout->screen.plot[ptr->drag_pane];
        session_pick(in->s, ptr->drag_pane, (double)(x - r.x), (double)(y - r.y), &ptr->start_x,
                     &ptr->start_y);
        ptr->start_pending = true;
    } else if (ptr->drag == DRAG_TIMELINE) {
        Session *s = in->s;
        long k = hud_timeline_step_at(in->layout->screen.timeline, s->max_step, x);
        if (k != s->step) {
            session_seek(s, k);
        }
    }
}

static void input_mouse_up(InputContext *in, const SDL_MouseButtonEvent *b, InputResult *r)
{
    InputPointer *ptr = in->ptr;
    ptr->mx = (float)b->x * in->px_ratio;
    ptr->my = (float)b->y * in->px_ratio;
    if (b->button == SDL_BUTTON_LEFT)
        ui_input_mouse_up(in->ui, ptr->mx, ptr->my);
    if ((b->button == SDL_BUTTON_LEFT &&
         (ptr->drag == DRAG_START || ptr->drag == DRAG_UI || ptr->drag == DRAG_TIMELINE ||
          ptr->drag == DRAG_ORBIT)) ||
        ((b->button == SDL_BUTTON_RIGHT || b->button == SDL_BUTTON_MIDDLE) &&
         ptr->drag == DRAG_PAN)) {
        if (ptr->drag == DRAG_ORBIT && !ptr->orbiting) {
            /* A click on the surface: the start point where the ray meets it. */
            UiRect pr = in->layout->screen.plot[ptr->drag_pane];
            double x, y;
            if (input_pick(in->layout, in->s, ptr->drag_pane, (double)(ptr->press_x - pr.x),
                           (double)(ptr->press_y - pr.y), &x, &y))
                session_set_start(in->s, ptr->drag_pane, x, y, false);
        }
        if (ptr->drag == DRAG_START && ptr->start_pending) {
            session_set_start(in->s, ptr->drag_pane, ptr->start_x, ptr->start_y, true);
            ptr->start_pending = false;
        }
        ptr->drag = DRAG_NONE;
        r->redraw = true; /* settle: refine the field */
    }
}

static void input_wheel(InputContext *in, const SDL_MouseWheelEvent *e, InputResult *r)
{
    InputPointer *ptr = in->ptr;
    double amount = e->preciseY;
    if (e->direction == SDL_MOUSEWHEEL_FLIPPED)
        amount = -amount;
    if (in->help_open)
        return;
    if (ui_wants_mouse(in->ui)) {
        ui_input_wheel(in->ui, e->preciseX, (float)amount);
        r->redraw = true;
        return;
    }
    double px, py;
    int p = input_plot(in, ptr->mx, ptr->my, &px, &py);
    if (p < 0)
        return;
    if (in->s->panes[p].desc.surface)
        session_zoom_camera(in->s, p, pow(INPUT_WHEEL_ZOOM, amount));
    else
        session_zoom(in->s, p, px, py, pow(INPUT_WHEEL_ZOOM, amount));
    ptr->view_moved_ms = SDL_GetTicks();
    r->redraw = true;
}

InputResult input_event(InputContext *in, const SDL_Event *e)
{
    InputResult r = {.action = KEY_ACTION_NONE};
    switch (e->type) {
    case SDL_QUIT:
        r.quit = true;
        break;
    case SDL_KEYDOWN:
        track_shift(in, &e->key);
        input_key(in, &e->key, &r);
        break;
    case SDL_KEYUP:
        track_shift(in, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (ui_wants_keyboard(in->ui) && !in->help_open) {
            ui_input_text(in->ui, e->text.text);
            r.redraw = true;
        }
        break;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_RESIZED:
            r.resized = true;
            break;
        case SDL_WINDOWEVENT_LEAVE:
            in->ptr->inside = false;
            break;
        case SDL_WINDOWEVENT_ENTER:
            in->ptr->entering = platform_enter_moves_pointer();
            break;
        case SDL_WINDOWEVENT_EXPOSED:
            r.redraw = r.exposed = true;
            break;
        default:
            break;
        }
        break;
    case SDL_MOUSEBUTTONDOWN:
        in->ptr->inside = true;
        input_mouse_down(in, &e->button, &r);
        break;
    case SDL_MOUSEBUTTONUP:
        input_mouse_up(in, &e->button, &r);
        break;
    case SDL_MOUSEMOTION:
        input_mouse_motion(in, &e->motion);
        break;
    case SDL_MOUSEWHEEL:
        input_wheel(in, &e->wheel, &r);
        break;
    default:
        break;
    }
    return r;
}
