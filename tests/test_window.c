/* test_window.c - the real window, driven by synthetic SDL events frame by frame: a click on
 * the plot sets the start point to the world point under it and restarts the runs there;
 * dragging the start marker moves it and keeps the clock; the learning-rate slider of the
 * panel changes the selected run and recomputes its path; typed values keep the keys from
 * the shortcuts; Space plays and frames advance the clock; keys step, reset, zoom, pan and
 * pick landscapes; an idle window draws nothing; the pixels show the run at its new start
 * and the panel where the layout puts it; a 2x2 scene shows each pane's own landscape; S
 * writes the frame to a PNG here; a diverging run says so and the window keeps going; the
 * help (H) is modal. The lecture side: a bare start opens the first
 * shipped scene; PageDown / PageUp walk a directory of scenes (a bad one leaves the scene on
 * screen and says FILE:LINE), and a scene file edited on disk reloads; P toggles presenter
 * mode (UI scale x1.5, no panel, a ring around the pointer); C writes the runs on screen as
 * CSV, Ctrl+S the state as a scene that reopens to the same bits, G an animated GIF of the
 * scene from step 0.
 *
 * Needs a display with OpenGL 3.3 (Xvfb + llvmpipe in CI). Exits 77 (skipped) without one,
 * unless CI=true, where that is a failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <dirent.h>
#include <gif_lib.h>
#include <png.h>

#include "lecture/headless.h"
#include "lecture/options.h"
#include "lecture/scene.h"
#include "lecture/sweepview.h"
#include "app/export.h"
#include "app/input.h"
#include "app/window.h"
#include "app/wm.h"
#include "lecture/colormap.h"
#include "figure/pane.h"
#include "figure/figure.h"
#include "figure/surface3d.h"
#include "render/canvas_soft.h"
#include "render/render.h"
#include "synth_input.h"
#include "test.h"

static float g_ratio = 1.0f;

static AppWindow *open_window(int argc, const char **argv)
{
    Options o;
    char err[1024];
    if (!options_parse(argc, (char **)argv, &o, err, sizeof err)) {
        fprintf(stderr, "options: %s\n", err);
        return NULL;
    }
    AppWindow *w = app_window_open(&o, err, sizeof err);
    if (!w) {
        fprintf(stderr, "app_window_open: %s\n", err);
        return NULL;
    }
    g_ratio = app_window_pixel_ratio(w);
    /* The real pointer stays out of the way (off the window), so only synthetic events
     * move the readout. */
    SDL_WarpMouseGlobal(1910, 1070);
    /* A couple of frames: the layout and the views settle. */
    app_window_frame(w);
    app_window_frame(w);
    return w;
}

/* Synthetic input at drawable pixel (x, y). */
static void push_motion(float x, float y)
{
    synth_motion(g_ratio, x, y);
}

static void push_button(bool down, Uint8 button, float x, float y)
{
    synth_button(g_ratio, down, button, x, y);
}

static void push_key(SDL_Keycode sym, Uint16 mod)
{
    synth_key(sym, mod);
}

/* The drawable pixel the event at (x, y) lands on (window coordinates are whole numbers). */
static double event_px(float v)
{
    return (double)lroundf(v / g_ratio) * (double)g_ratio;
}

static const unsigned char *pixel(const unsigned char *img, int w, int h, int x, int y)
{
    return img + 4 * ((size_t)(h - 1 - y) * (size_t)w + (size_t)x);
}

static int color_diff(const unsigned char *p, const unsigned char want[3])
{
    int d = 0;
    for (int c = 0; c < 3; c++) {
        int e = abs((int)p[c] - (int)want[c]);
        d = e > d ? e : d;
    }
    return d;
}

/* Whether a pixel within radius of (x, y) has color want (within tol). */
static bool color_near(const unsigned char *img, int w, int h, double x, double y, int radius,
                       const unsigned char want[3], int tol)
{
    for (int dy = -radius; dy <= radius; dy++) {
        for (int dx = -radius; dx <= radius; dx++) {
            int px = (int)floor(x) + dx, py = (int)floor(y) + dy;
            if (px < 0 || py < 0 || px >= w || py >= h)
                continue;
            if (color_diff(pixel(img, w, h, px, py), want) <= tol)
                return true;
        }
    }
    return false;
}

static const char *ARGS_BOWL[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                                  "--size", "1280x800", NULL};

TEST(test_click_sets_start_and_pixels_follow)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    ASSERT(!s->playing && s->n_panes == 1);
    UiRect plot = app_window_layout(w)->screen.plot[0];
    /* Bottom right of the plot: clear of the legend (top left) and the default start. */
    float cx = plot.x + 0.72f * plot.w, cy = plot.y + 0.70f * plot.h;
    unsigned char run_rgb[3];
    palette_run_rgb(0, run_rgb);
    int iw, ih;
    unsigned char *before = app_window_capture(w, &iw, &ih);
    ASSERT(before != NULL);
    push_motion(cx, cy);
    push_button(true, SDL_BUTTON_LEFT, cx, cy);
    push_button(false, SDL_BUTTON_LEFT, cx, cy);
    ASSERT(app_window_frame(w));
    /* The world point under the click, through the pane's view. */
    double wx, wy;
    view_screen_to_world(&s->panes[0].view, event_px(cx) - (double)plot.x,
                         event_px(cy) - (double)plot.y, &wx,
                         &wy);
    ASSERT_NEAR(s->panes[0].desc.start[0], wx, 1e-12);
    ASSERT_NEAR(s->panes[0].desc.start[1], wy, 1e-12);
    ASSERT(s->step == 0);
    const Run *run = &s->panes[0].runs[0];
    ASSERT(run->n == 1 && run->pts[0].x == wx && run->pts[0].y == wy);
    /* Three steps with the arrow key: gradient descent on x² + y² from there. */
    for (int k = 0; k < 3; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    unsigned char *after = app_window_capture(w, &iw, &ih);
    ASSERT(after != NULL);
    ASSERT(s->step == 3 && run->n == 4);
    double x = wx, y = wy;
    for (int k = 1; k <= 3; k++) {
        x -= 0.1 * 2.0 * x;
        y -= 0.1 * 2.0 * y;
        ASSERT_NEAR(run->pts[k].x, x, 1e-12);
        ASSERT_NEAR(run->pts[k].y, y, 1e-12);
    }
    /* The run's color is at the projected new start, and was not there before. */
    double sx, sy;
    view_world_to_screen(&s->panes[0].view, wx, wy, &sx, &sy);
    sx += (double)plot.x;
    sy += (double)plot.y;
    ASSERT(color_near(after, iw, ih, sx, sy, 2, run_rgb, 6));
    ASSERT(!color_near(before, iw, ih, sx, sy, 2, run_rgb, 6));
    /* ... and along the first step, halfway to the next point. */
    double mx, my;
    view_world_to_screen(&s->panes[0].view, 0.5 * (wx + run->pts[1].x),
                         0.5 * (wy + run->pts[1].y), &mx, &my);
    ASSERT(color_near(after, iw, ih, mx + (double)plot.x, my + (double)plot.y, 1, run_rgb, 6));
    free(before);
    free(after);
    app_window_close(w);
}

TEST(test_drag_the_start_marker_keeps_the_clock)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    for (int k = 0; k < 4; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 4);
    UiRect plot = app_window_layout(w)->screen.plot[0];
    double sx, sy;
    view_world_to_screen(&s->panes[0].view, s->panes[0].desc.start[0],
                         s->panes[0].desc.start[1], &sx, &sy);
    /* Press 5 px off the marker: that grabs it (a click elsewhere would restart). */
    float gx = plot.x + (float)sx + 5.0f, gy = plot.y + (float)sy;
    float tx = plot.x + 0.55f * plot.w, ty = plot.y + 0.75f * plot.h;
    push_motion(gx, gy);
    push_button(true, SDL_BUTTON_LEFT, gx, gy);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 4);
    push_motion(0.5f * (gx + tx), 0.5f * (gy + ty));
    ASSERT(app_window_frame(w));
    push_motion(tx, ty);
    push_button(false, SDL_BUTTON_LEFT, tx, ty);
    ASSERT(app_window_frame(w));
    double wx, wy;
    view_screen_to_world(&s->panes[0].view, event_px(tx) - (double)plot.x,
                         event_px(ty) - (double)plot.y, &wx, &wy);
    ASSERT_NEAR(s->panes[0].desc.start[0], wx, 1e-12);
    ASSERT_NEAR(s->panes[0].desc.start[1], wy, 1e-12);
    /* The clock stayed; the run was recomputed to it from the new start. */
    const Run *run = &s->panes[0].runs[0];
    ASSERT(s->step == 4 && run->n == 5);
    ASSERT_NEAR(run->pts[4].x, wx * pow(0.8, 4), 1e-12);
    ASSERT_NEAR(run->pts[4].y, wy * pow(0.8, 4), 1e-12);
    app_window_close(w);
}

/* The slider thumb of the row labelled label: centre of the UI's thumb rect. */
static bool find_slider_thumb(UiContext *ui, const char *label, float *tx, float *ty)
{
    const UiStyle *st = ui_get_style(ui);
    UiColor accent = st->colors[UI_COLOR_ACCENT];
    const UiCommand *c = NULL;
    float row_y = -1.0f;
    int after_fill = 0;
    while (ui_next_command(ui, &c)) {
        if (c->type == UI_CMD_TEXT && strcmp(c->text.str, label) == 0) {
            row_y = c->text.y;
            after_fill = 0;
            continue;
        }
        if (row_y < 0.0f || c->type != UI_CMD_RECT)
            continue;
        UiColor k = c->color;
        bool is_accent = k.r == accent.r && k.g == accent.g && k.b == accent.b;
        if (after_fill == 0 && is_accent) {
            after_fill = 1; /* the track's filled part; the thumb comes next */
        } else if (after_fill == 1) {
            *tx = c->rect.rect.x + 0.5f * c->rect.rect.w;
            *ty = c->rect.rect.y + 0.5f * c->rect.rect.h;
            return true;
        }
    }
    return false;
}

TEST(test_lr_slider_recomputes_the_run)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    for (int k = 0; k < 5; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 5);
    const Run *run = &s->panes[0].runs[0];
    double x0 = run->pts[0].x, y0 = run->pts[0].y;
    ASSERT(s->selected_run == 0 && s->panes[0].desc.runs[0].opt.lr == 0.1);
    float tx = 0.0f, ty = 0.0f;
    ASSERT(find_slider_thumb(app_window_ui(w), "\xce\xb1 (lr)", &tx, &ty));
    ASSERT(ui_rect_contains(app_window_layout(w)->screen.panel, tx, ty));
    /* Grab the thumb, drag it left, let go: a smaller rate, in frames like a hand would. */
    push_motion(tx, ty);
    push_button(true, SDL_BUTTON_LEFT, tx, ty);
    ASSERT(app_window_frame(w));
    push_motion(tx - 40.0f, ty);
    ASSERT(app_window_frame(w));
    push_motion(tx - 80.0f, ty);
    push_button(false, SDL_BUTTON_LEFT, tx - 80.0f, ty);
    ASSERT(app_window_frame(w));
    double lr = s->panes[0].desc.runs[0].opt.lr;
    printf("  lr after the drag: %g\n", lr);
    ASSERT(lr < 0.09 && lr > 1e-5);
    /* The path was recomputed to the clock at the new rate, from the same start. */
    run = &s->panes[0].runs[0];
    ASSERT(s->step == 5 && run->n == 6);
    ASSERT(run->desc.opt.lr == lr);
    double x = x0, y = y0;
    for (int k = 1; k <= 5; k++) {
        x -= lr * 2.0 * x;
        y -= lr * 2.0 * y;
    }
    ASSERT_NEAR(run->pts[5].x, x, 1e-12);
    ASSERT_NEAR(run->pts[5].y, y, 1e-12);
    /* The drag did not reach the plot: the start point stayed. */
    ASSERT(s->panes[0].desc.start[0] == x0 && s->panes[0].desc.start[1] == y0);
    app_window_close(w);
}

static void push_text(const char *text)
{
    SDL_Event e = {0};
    e.type = SDL_TEXTINPUT;
    e.text.windowID = SDL_GetWindowID(SDL_GL_GetCurrentWindow());
    snprintf(e.text.text, sizeof e.text.text, "%s", text);
    SDL_PushEvent(&e);
}

/* The value box's text of the slider row labelled label (the first text after it). */
static bool find_value_text(UiContext *ui, const char *label, float *x, float *y)
{
    const UiCommand *c = NULL;
    bool seen = false;
    while (ui_next_command(ui, &c)) {
        if (c->type != UI_CMD_TEXT)
            continue;
        if (seen) {
            *x = c->text.x + 4.0f;
            *y = c->text.y + 4.0f;
            return true;
        }
        seen = strcmp(c->text.str, label) == 0;
    }
    return false;
}

/* The panel's text command `label` (its first), at (x, y). */
static bool find_text_cmd(UiContext *ui, const char *label, float *x, float *y)
{
    const UiCommand *c = NULL;
    while (ui_next_command(ui, &c)) {
        if (c->type == UI_CMD_TEXT && strcmp(c->text.str, label) == 0) {
            *x = c->text.x + 4.0f;
            *y = c->text.y + 4.0f;
            return true;
        }
    }
    return false;
}

TEST(test_the_loss_plot_checkbox_shows_in_the_same_frame)
{
    const char *argv[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                          "--size", "1800x1060", NULL};
    AppWindow *w = open_window(7, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    ASSERT(app_window_layout(w)->screen.loss[0].h == 0.0f);
    /* Scroll the panel to its end, where the overlay toggles are. */
    UiRect panel = app_window_layout(w)->screen.panel;
    push_motion(panel.x + 0.5f * panel.w, panel.y + 0.5f * panel.h);
    for (int k = 0; k < 4; k++) {
        synth_wheel(-10.0f);
        ASSERT(app_window_frame(w));
    }
    ASSERT(app_window_frame(w));
    float x = 0.0f, y = 0.0f;
    ASSERT(find_text_cmd(app_window_ui(w), "Loss plot", &x, &y));
    push_motion(x, y);
    push_button(true, SDL_BUTTON_LEFT, x, y);
    push_button(false, SDL_BUTTON_LEFT, x, y);
    /* The frame that handles the click lays the loss plot out (and draws it). */
    ASSERT(app_window_frame(w));
    ASSERT(app_window_layout(w)->screen.loss[0].h > 0.0f);
    push_motion(x, y);
    push_button(true, SDL_BUTTON_LEFT, x, y);
    push_button(false, SDL_BUTTON_LEFT, x, y);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_layout(w)->screen.loss[0].h == 0.0f);
    app_window_close(w);
}

TEST(test_typing_a_value_keeps_the_keys_from_the_app)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    View v0 = s->panes[0].view;
    float x = 0.0f, y = 0.0f;
    ASSERT(find_value_text(app_window_ui(w), "\xce\xb1 (lr)", &x, &y));
    push_motion(x, y);
    push_button(true, SDL_BUTTON_LEFT, x, y);
    push_button(false, SDL_BUTTON_LEFT, x, y);
    ASSERT(app_window_frame(w));
    ASSERT(ui_wants_keyboard(app_window_ui(w)));
    /* Each character arrives as a key (a shortcut when not typing: 0 fits the view, 5 picks
     * a landscape) and as text, as SDL sends them. */
    static const SDL_Keycode KEYS[] = {SDLK_0, SDLK_PERIOD, SDLK_0, SDLK_5};
    static const char *const TEXT[] = {"0", ".", "0", "5"};
    push_key(SDLK_EQUALS, KMOD_NONE); /* zoom, were it not typing */
    for (int i = 0; i < 4; i++) {
        push_key(KEYS[i], KMOD_NONE);
        push_text(TEXT[i]);
    }
    push_key(SDLK_RETURN, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frame(w));
    ASSERT(s->panes[0].desc.runs[0].opt.lr == 0.05);
    ASSERT(s->panes[0].runs[0].desc.opt.lr == 0.05);
    ASSERT(s->panes[0].desc.ls == landscape_find("bowl"));
    ASSERT(s->panes[0].view.scale == v0.scale && s->panes[0].view.cx == v0.cx);
    ASSERT(!ui_wants_keyboard(app_window_ui(w)));
    /* Typing done: the keys are the app's again. */
    push_key(SDLK_EQUALS, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->panes[0].view.scale < v0.scale);
    app_window_close(w);
}

TEST(test_space_plays_and_idle_draws_nothing)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    /* Idle: frames with no events draw nothing. */
    long drawn = app_window_frames_drawn(w);
    for (int k = 0; k < 5; k++)
        ASSERT(app_window_frame(w));
    ASSERT(app_window_frames_drawn(w) == drawn);
    /* Pointer motion over the timeline strip changes nothing on screen either ... */
    UiRect tl = app_window_layout(w)->screen.timeline;
    ASSERT(tl.h > 0.0f);
    push_motion(tl.x + 0.5f * tl.w, tl.y + 0.5f * tl.h);
    ASSERT(app_window_frame(w));
    push_motion(tl.x + 0.5f * tl.w + 10.0f, tl.y + 0.5f * tl.h);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frames_drawn(w) == drawn);
    /* ... but over the plot the readout follows it. */
    UiRect plot = app_window_layout(w)->screen.plot[0];
    push_motion(plot.x + 0.6f * plot.w, plot.y + 0.6f * plot.h);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frames_drawn(w) == drawn + 1);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frames_drawn(w) == drawn + 1);

    push_key(SDLK_SPACE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->playing);
    long step0 = s->step;
    Uint32 t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < 400)
        ASSERT(app_window_frame(w));
    /* 30 steps per second for 0.4 s: about 12 steps. */
    printf("  playing: %ld steps in 0.4 s\n", s->step - step0);
    ASSERT(s->step - step0 >= 5 && s->step - step0 <= 20);
    ASSERT(s->panes[0].runs[0].n == s->step + 1);
    push_key(SDLK_SPACE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(!s->playing);
    long paused_at = s->step;
    SDL_Delay(100);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == paused_at);
    /* ← steps back, R resets, Q quits. */
    push_key(SDLK_LEFT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == paused_at - 1);
    push_key(SDLK_r, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 0 && s->panes[0].runs[0].n == 1);
    /* [ ] change the contour levels; Esc with nothing open does nothing. */
    int levels = s->levels;
    push_key(SDLK_RIGHTBRACKET, KMOD_NONE);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->levels == levels + 2);
    push_key(SDLK_q, KMOD_NONE);
    ASSERT(!app_window_frame(w));
    app_window_close(w);
}

TEST(test_keys_zoom_pan_landscape)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    View v0 = s->panes[0].view;
    push_key(SDLK_EQUALS, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT_NEAR(s->panes[0].view.scale, v0.scale / 1.25, 1e-12 * v0.scale);
    /* Shift+→ pans (→ alone steps). */
    push_key(SDLK_RIGHT, KMOD_SHIFT);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 0 && s->panes[0].view.cx > v0.cx);
    push_key(SDLK_HOME, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT_NEAR(s->panes[0].view.scale, v0.scale, 1e-12 * v0.scale);
    ASSERT_NEAR(s->panes[0].view.cx, v0.cx, 1e-12);
    /* 3 picks the third landscape for the selected pane. */
    push_key(SDLK_3, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->panes[0].desc.ls == landscape_at(2));
    /* Wheel over the plot zooms about the cursor: the world point under it stays. */
    UiRect plot = app_window_layout(w)->screen.plot[0];
    float px = plot.x + 0.6f * plot.w, py = plot.y + 0.55f * plot.h;
    double bx, by, ax, ay;
    view_screen_to_world(&s->panes[0].view, event_px(px) - (double)plot.x,
                         event_px(py) - (double)plot.y, &bx,
                         &by);
    push_motion(px, py);
    synth_wheel(2.0f);
    double scale = s->panes[0].view.scale;
    ASSERT(app_window_frame(w));
    ASSERT(s->panes[0].view.scale < scale);
    view_screen_to_world(&s->panes[0].view, event_px(px) - (double)plot.x,
                         event_px(py) - (double)plot.y, &ax,
                         &ay);
    ASSERT_NEAR(ax, bx, 1e-9);
    ASSERT_NEAR(ay, by, 1e-9);
    /* H opens the help; keys other than H, Esc and Q do nothing meanwhile; Esc closes. */
    push_key(SDLK_h, KMOD_NONE);
    push_key(SDLK_r, KMOD_NONE);
    push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 0);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 1);
    app_window_close(w);
}

TEST(test_panel_pixels_and_tab)
{
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w)
        return;
    const UiStyle *st = ui_get_style(app_window_ui(w));
    UiRect panel = app_window_layout(w)->screen.panel;
    ASSERT(panel.w >= 390.0f && panel.x + panel.w == 1280.0f * g_ratio);
    int iw, ih;
    unsigned char *img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL);
    /* The panel's background over the window's clear color, inside its left padding. */
    UiColor bg = st->colors[UI_COLOR_PANEL], tb = st->colors[UI_COLOR_TITLE];
    const float clear[3] = {0.07f, 0.08f, 0.11f};
    unsigned char want_bg[3], want_title[3];
    for (int c = 0; c < 3; c++) {
        float cc = clear[c] * 255.0f;
        float b = (&bg.r)[c], t = (&tb.r)[c];
        float ab = bg.a / 255.0f, at = tb.a / 255.0f;
        want_bg[c] = (unsigned char)lroundf(b * ab + cc * (1.0f - ab));
        /* The title bar lies over the panel's background. */
        float under = b * ab + cc * (1.0f - ab);
        want_title[c] = (unsigned char)lroundf(t * at + under * (1.0f - at));
    }
    int checked = 0;
    for (float y = panel.y + 0.3f * panel.h; y < panel.y + 0.9f * panel.h; y += 25.0f) {
        ASSERT(color_diff(pixel(img, iw, ih, (int)panel.x + 3, (int)y), want_bg) <= 3);
        checked++;
    }
    ASSERT(checked >= 10);
    ASSERT(color_diff(pixel(img, iw, ih, (int)(panel.x + 0.5f * panel.w), (int)panel.y + 4),
                      want_title) <= 3);
    /* Left of the panel is the plot: the field, nothing like the panel. */
    const unsigned char *left = pixel(img, iw, ih, (int)panel.x - 20, (int)(panel.y + 0.5f *
                                                                              panel.h));
    ASSERT(color_diff(left, want_bg) > 40);
    free(img);
    /* Tab hides the panel: the plot takes its place. */
    push_key(SDLK_TAB, KMOD_NONE);
    img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL);
    ASSERT(app_window_layout(w)->screen.panel.w == 0.0f);
    UiRect plot = app_window_layout(w)->screen.plot[0];
    ASSERT(plot.x + plot.w == 1280.0f * g_ratio);
    ASSERT(color_diff(pixel(img, iw, ih, (int)panel.x + 3, (int)(panel.y + 0.5f * panel.h)),
                      want_bg) > 40);
    free(img);
    app_window_close(w);
}

/* The CPU reference color of the field at plot pixel (i, j) of a pane, or false when the
 * pixel is near a contour line (where GPU and CPU may differ). */
static bool reference(const Landscape *ls, const View *v, int levels, int i, int j,
                      unsigned char out[3])
{
    ViewBox box = view_bounds(v);
    FieldScale fs = colormap_fit(ls, &box, levels, 1.3f);
    double x = box.xmin + (i + 0.5) * v->scale, y = box.ymax - (j + 0.5) * v->scale;
    double g[2];
    double f = landscape_eval(ls, x, y, g, NULL);
    float fw = colormap_fwidth(&fs, f, g[0], g[1], v->scale);
    float rgb[3];
    colormap_shade(&fs, (float)f, fw, rgb);
    for (int c = 0; c < 3; c++)
        out[c] = (unsigned char)lroundf(rgb[c] * 255.0f);
    float t = (colormap_symlog((float)f, fs.c) - fs.s_lo) / (fs.s_hi - fs.s_lo);
    float u = t * fs.levels, k = floorf(u + 0.5f);
    float dpx = fabsf(u - k) / (fs.levels * fmaxf(fw, 1e-8f));
    return dpx > 0.5f * fs.line_px + 3.0f;
}

TEST(test_two_by_two_scene_shows_four_landscapes)
{
    static const char *const IDS[4] = {"bowl", "rosenbrock", "himmelblau", "saddle"};
    char path[] = "/tmp/test_window_XXXXXX";
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "[scene]\ntitle = Four landscapes\nlayout = 2x2\nlegend = off\n");
    for (int p = 0; p < 4; p++)
        fprintf(f, "[pane]\nlandscape = %s\n[run]\nopt = gd\nlr = 0.001\n", IDS[p]);
    fclose(f);
    const char *argv[] = {"losslens", "--scene", path, "--size", "1280x800", NULL};
    AppWindow *w = open_window(5, argv);
    remove(path);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    const FigureLayout *l = app_window_layout(w);
    ASSERT(s->n_panes == 4 && l->screen.n_panes == 4);
    ASSERT(l->title.h > 0.0f && l->screen.plot[0].y >= l->title.h);
    int iw, ih;
    unsigned char *img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL);
    for (int p = 0; p < 4; p++) {
        UiRect r = l->screen.plot[p];
        const View *v = &s->panes[p].view;
        ASSERT(v->w == (int)r.w && v->h == (int)r.h);
        ASSERT(s->panes[p].desc.ls == landscape_find(IDS[p]));
        int own = 0, other_mismatch = 0, checked_other = 0;
        /* The bottom-right quarter, above the axis strip (the scene shows no legend). */
        for (int j = v->h / 2; j < v->h - 40; j += 9) {
            for (int i = v->w / 2; i < v->w - 12; i += 11) {
                double wx, wy, sx, sy;
                view_screen_to_world(v, i + 0.5, j + 0.5, &wx, &wy);
                view_world_to_screen(v, s->panes[p].desc.start[0], s->panes[p].desc.start[1],
                                     &sx, &sy);
                if (hypot(sx - i, sy - j) < 30.0)
                    continue;
                bool near_crit = false;
                for (int k = 0; k < s->panes[p].desc.ls->n_crit; k++) {
                    double cx, cy;
                    const CriticalPoint *cp = &s->panes[p].desc.ls->crit[k];
                    view_world_to_screen(v, cp->x, cp->y, &cx, &cy);
                    near_crit |= hypot(cx - i, cy - j) < 14.0;
                }
                unsigned char want[3];
                if (near_crit || !reference(s->panes[p].desc.ls, v, s->levels, i, j, want))
                    continue;
                const unsigned char *got =
                    pixel(img, iw, ih, (int)r.x + i, (int)r.y + j);
                ASSERT(color_diff(got, want) <= 3);
                own++;
                /* The same pixel of the other landscapes' fields mostly differs. */
                for (int q = 0; q < 4; q++) {
                    unsigned char theirs[3];
                    if (q == p || !reference(landscape_find(IDS[q]), v, s->levels, i, j,
                                             theirs))
                        continue;
                    checked_other++;
                    other_mismatch += color_diff(got, theirs) > 3;
                }
            }
        }
        printf("  pane %d (%s): %d pixels match, %d of %d differ from the others\n", p,
               IDS[p], own, other_mismatch, checked_other);
        ASSERT(own >= 30);
        ASSERT(other_mismatch > checked_other * 3 / 4);
    }
    free(img);
    app_window_close(w);
}

TEST(test_s_saves_a_screenshot_here)
{
    char dir[] = "/tmp/test_window_shot_XXXXXX", old[4096];
    ASSERT(mkdtemp(dir) != NULL);
    ASSERT(getcwd(old, sizeof old) != NULL);
    ASSERT(chdir(dir) == 0);
    AppWindow *w = open_window(7, ARGS_BOWL);
    ASSERT(w != NULL);
    if (!w) {
        ASSERT(chdir(old) == 0);
        return;
    }
    push_key(SDLK_s, KMOD_NONE);
    int iw, ih;
    unsigned char *img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL);
    /* One timestamped PNG in the current directory. */
    char name[512] = "";
    int n = 0;
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "losslens-", 9) == 0 && strstr(e->d_name, ".png")) {
            snprintf(name, sizeof name, "%s", e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    ASSERT(n == 1 && strlen(name) == strlen("losslens-20261128-233000.png"));
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    ASSERT(png_image_begin_read_from_file(&pi, name));
    ASSERT((int)pi.width == iw && (int)pi.height == ih);
    pi.format = PNG_FORMAT_RGB;
    unsigned char *rgb = malloc(PNG_IMAGE_SIZE(pi));
    ASSERT(rgb && png_image_finish_read(&pi, NULL, rgb, 0, NULL));
    /* The file is the frame (the notice is drawn after it was taken): compare the top rows. */
    long bad = 0;
    for (int y = 0; y < 60; y++)
        for (int x = 0; x < iw; x++)
            bad += color_diff(pixel(img, iw, ih, x, y), rgb + 3 * ((size_t)y * iw + x)) > 0;
    ASSERT(bad == 0);
    free(rgb);
    free(img);
    remove(name);
    app_window_close(w);
    ASSERT(chdir(old) == 0);
    rmdir(dir);
}

TEST(test_diverging_run_says_so)
{
    const char *argv[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=5",
                          "--steps", "1000", "--size", "1280x800", NULL};
    AppWindow *w = open_window(7, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    /* x ← x − 5·2x = −9x: past the largest double in about 330 steps. */
    session_seek(s, 400);
    ASSERT(app_window_frame(w));
    const Run *run = &s->panes[0].runs[0];
    ASSERT(run->stop == RUN_DIVERGED);
    char title[256], status[256];
    run_format_label(run, title, sizeof title, status, sizeof status);
    ASSERT_STR_CONTAINS(status, "diverged at step");
    /* The window keeps going: more frames, more keys. */
    push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 401);
    int iw, ih;
    unsigned char *img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL);
    free(img);
    app_window_close(w);
}

/* ---- The lecture side ---------------------------------------------------------------- */

/* The one file named losslens-*.EXT in the current directory into name; how many there are. */
static int find_export(const char *ext, char *name, size_t len)
{
    int n = 0;
    DIR *d = opendir(".");
    struct dirent *e;
    size_t el = strlen(ext);
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "losslens-", 9) == 0 && l > el + 1 &&
            e->d_name[l - el - 1] == '.' && strcmp(e->d_name + l - el, ext) == 0) {
            snprintf(name, len, "%s", e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* A fresh directory under /tmp to work in (exports land in the current directory). */
static bool enter_tmp_dir(char *dir, char *old, size_t oldlen)
{
    return mkdtemp(dir) != NULL && getcwd(old, oldlen) != NULL && chdir(dir) == 0;
}

static void leave_tmp_dir(const char *dir, const char *old)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        remove(path);
    }
    if (d)
        closedir(d);
    if (chdir(old) != 0)
        perror("chdir");
    rmdir(dir);
}

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 22);
    size_t n = buf ? fread(buf, 1, (1 << 22) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

TEST(test_bare_start_opens_the_first_scene)
{
    const char *argv[] = {"losslens", "--size", "640x400", NULL};
    AppWindow *w = open_window(3, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    const char *path = app_window_scene_path(w);
    printf("  opened on %s\n", path);
    ASSERT_STR_CONTAINS(path, "assets/scenes/01-");
    SceneDesc sd;
    char err[512];
    ASSERT(scene_load(path, &sd, err, sizeof err));
    Session *s = app_window_session(w);
    ASSERT(strcmp(s->scene.title, sd.title) == 0 && sd.title[0]);
    ASSERT(s->panes[0].desc.ls == sd.panes[0].ls);
    ASSERT(s->panes[0].desc.runs[0].opt.lr == sd.panes[0].runs[0].opt.lr);
    ASSERT(s->max_step == (sd.steps > 0 ? sd.steps : 200));
    app_window_close(w);
}

TEST(test_page_down_walks_the_scenes)
{
    char dir[] = "/tmp/test_window_slides_XXXXXX", old[4096];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    write_text("01-first.ini", "[scene]\ntitle = First slide\nlandscape = bowl\n"
                               "[run]\nopt = gd\nlr = 0.1\n");
    write_text("02-second.ini", "[scene]\ntitle = Second slide\ncaption = On Himmelblau\n"
                                "landscape = himmelblau\nstart = 1, 1\nsteps = 77\n"
                                "[run]\nopt = momentum\nlr = 0.01\n[run]\nopt = adam\n");
    write_text("03-broken.ini", "[scene]\ntitle = Broken\nlandscape = no-such-landscape\n");
    const char *argv[] = {"losslens", "--scene", "01-first.ini", "--size", "1280x800", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w) {
        leave_tmp_dir(dir, old);
        return;
    }
    Session *s = app_window_session(w);
    ASSERT(strcmp(s->scene.title, "First slide") == 0);
    ASSERT(s->panes[0].desc.ls == landscape_find("bowl"));
    /* Move away from the home view and the clock: the next slide starts afresh. */
    push_key(SDLK_EQUALS, KMOD_NONE);
    push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 1);
    push_key(SDLK_PAGEDOWN, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT_STR_CONTAINS(app_window_scene_path(w), "02-second.ini");
    ASSERT(strcmp(s->scene.title, "Second slide") == 0);
    ASSERT(strcmp(s->scene.caption, "On Himmelblau") == 0);
    ASSERT(s->n_panes == 1 && s->panes[0].desc.ls == landscape_find("himmelblau"));
    ASSERT(s->panes[0].desc.n_runs == 2 && s->step == 0 && !s->playing);
    ASSERT(s->max_step == 77);
    ASSERT(s->panes[0].runs[0].n == 1 && s->panes[0].runs[0].pts[0].x == 1.0);
    ASSERT(s->panes[0].runs[0].desc.opt.kind == OPTIM_MOMENTUM);
    /* The view fits the new landscape's home window, inside the axis strips. */
    char cerr[256];
    Canvas *cv = canvas_soft_open(8, 8, app_window_ui_scale(w), 1, cerr, sizeof cerr);
    int left = 0, bottom = 0;
    ASSERT(cv != NULL);
    if (cv)
        pane_axis_strips(cv, &left, &bottom);
    canvas_destroy(cv);
    View fit = view_fit_inset(&s->panes[0].home, s->panes[0].view.w, s->panes[0].view.h, left,
                              bottom);
    ASSERT_NEAR(s->panes[0].view.scale, fit.scale, 1e-12 * fit.scale);
    ASSERT_NEAR(s->panes[0].view.cx, fit.cx, 1e-12);
    /* The title band shows it: a frame with the slide drawn. */
    int iw, ih;
    unsigned char *img = app_window_capture(w, &iw, &ih);
    ASSERT(img != NULL && app_window_layout(w)->title.h > 0.0f);
    free(img);
    /* The broken one: the second slide stays, the notice names file and line. */
    push_key(SDLK_PAGEDOWN, KMOD_NONE);
    ASSERT(app_window_frame(w));
    printf("  notice: %s\n", app_window_notice(w));
    ASSERT_STR_CONTAINS(app_window_notice(w), "03-broken.ini:3: ");
    ASSERT_STR_CONTAINS(app_window_notice(w), "landscape");
    ASSERT(strcmp(s->scene.title, "Second slide") == 0);
    ASSERT_STR_CONTAINS(app_window_scene_path(w), "02-second.ini");
    ASSERT(s->panes[0].desc.ls == landscape_find("himmelblau"));
    /* Back, and no further than the first. */
    push_key(SDLK_PAGEUP, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(strcmp(s->scene.title, "First slide") == 0);
    ASSERT(s->panes[0].desc.ls == landscape_find("bowl"));
    push_key(SDLK_PAGEUP, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(strcmp(s->scene.title, "First slide") == 0);
    ASSERT_STR_CONTAINS(app_window_notice(w), "First scene (1 of 3)");
    app_window_close(w);
    leave_tmp_dir(dir, old);
}

TEST(test_an_edited_scene_reloads)
{
    char dir[] = "/tmp/test_window_edit_XXXXXX", old[4096];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    write_text("slide.ini", "[scene]\ntitle = Before\nlandscape = bowl\n[run]\nopt = gd\n");
    const char *argv[] = {"losslens", "--scene", "slide.ini", "--size", "640x400", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w) {
        leave_tmp_dir(dir, old);
        return;
    }
    Session *s = app_window_session(w);
    ASSERT(strcmp(s->scene.title, "Before") == 0);
    /* Saved again with a change: shown within the poll interval (half a second). */
    write_text("slide.ini", "[scene]\ntitle = After the edit\nlandscape = rosenbrock\n"
                            "[run]\nopt = adam\n");
    SDL_Delay(600);
    ASSERT(app_window_frame(w));
    ASSERT(strcmp(s->scene.title, "After the edit") == 0);
    ASSERT(s->panes[0].desc.ls == landscape_find("rosenbrock"));
    ASSERT(s->panes[0].desc.runs[0].opt.kind == OPTIM_ADAM);
    /* A broken save: the scene on screen stays, the notice says where. */
    write_text("slide.ini", "[scene]\ntitle = Broken\nspeed = fast\n");
    SDL_Delay(600);
    ASSERT(app_window_frame(w));
    ASSERT(strcmp(s->scene.title, "After the edit") == 0);
    ASSERT_STR_CONTAINS(app_window_notice(w), "slide.ini:3: speed");
    app_window_close(w);
    leave_tmp_dir(dir, old);
}

TEST(test_l_cycles_the_legend)
{
    const char *argv[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                          "--size", "800x600", NULL};
    AppWindow *w = open_window(7, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    ASSERT(s->scene.legend == LEGEND_AUTO);
    int iw, ih;
    unsigned char *with = app_window_capture(w, &iw, &ih);
    push_key(SDLK_l, KMOD_NONE);
    ASSERT(app_window_frame(w) && s->scene.legend == LEGEND_COMPACT);
    push_key(SDLK_l, KMOD_NONE);
    ASSERT(app_window_frame(w) && s->scene.legend == LEGEND_OFF);
    unsigned char *without = app_window_capture(w, &iw, &ih);
    /* The legend's panel is gone from the picture: pixels changed. */
    long changed = 0;
    for (long k = 0; with && without && k < (long)iw * ih; k++)
        changed += color_diff(with + 4 * k, without + 4 * k) > 30;
    ASSERT(changed > 2000);
    push_key(SDLK_l, KMOD_NONE);
    ASSERT(app_window_frame(w) && s->scene.legend == LEGEND_AUTO);
    free(with);
    free(without);
    app_window_close(w);
}

static bool rects_overlap(UiRect a, UiRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The sweep pane: beside the plot, clear of it (so of every path and marker on it), in
 * normal and presenter mode; W toggles it; a click on a cell gives the run its values and
 * plays the new path. */
static void check_sweep_layout(AppWindow *w)
{
    const FigureLayout *l = app_window_layout(w);
    Session *s = app_window_session(w);
    UiRect plot = l->screen.plot[0], sw = l->sweep, g = l->sweep_grid;
    ASSERT(sw.w > 0.0f && sw.h > 0.0f && g.w > 0.0f && g.h > 0.0f);
    ASSERT(!rects_overlap(plot, sw) && !rects_overlap(l->screen.timeline, sw));
    ASSERT(g.x >= sw.x && g.y >= sw.y && g.x + g.w <= sw.x + sw.w && g.y + g.h <= sw.y + sw.h);
    ASSERT(sw.x + sw.w <= (float)l->w && (l->screen.panel.w <= 0.0f ||
                                          !rects_overlap(l->screen.panel, sw)));
    /* the start and the run's current point are on the plot, which the pane leaves alone */
    const Pane *pane = &s->panes[0];
    const Run *run = &pane->runs[0];
    double pts[2][2] = {{pane->desc.start[0], pane->desc.start[1]},
                        {run->pts[run->n - 1].x, run->pts[run->n - 1].y}};
    for (int k = 0; k < 2; k++) {
        double x, y;
        view_world_to_screen(&pane->view, pts[k][0], pts[k][1], &x, &y);
        ASSERT(x >= 0.0 && y >= 0.0 && x <= (double)plot.w && y <= (double)plot.h);
    }
}

TEST(test_w_shows_the_sweep_and_a_click_sets_the_run)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/scenes/28-sweep-ravine.ini",
             getenv("LOSSLENS_DATA_DIR") ? getenv("LOSSLENS_DATA_DIR") : ".");
    const char *argv[] = {"losslens", "--scene", path, "--size", "1920x1080", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    for (int k = 0; k < 3; k++)
        ASSERT(app_window_frame(w));
    const SweepLayer *l = sweepview_layer(s);
    ASSERT(l != NULL && l->fine);
    if (!l) {
        app_window_close(w);
        return;
    }
    check_sweep_layout(w);
    float full = app_window_layout(w)->screen.plot[0].w;
    /* a converged cell right of the run's own: hover it, click it */
    int ci = -1, cj = l->h / 3;
    for (int i = l->w - 1; i >= 0; i--)
        if (l->cells[(size_t)cj * l->w + i].status == BASIN_CONVERGED &&
            sweepview_x_value(l, i) < 0.9 * s->panes[0].desc.runs[0].opt.lr * 4.0) {
            ci = i;
            break;
        }
    ASSERT(ci >= 0);
    UiRect g = app_window_layout(w)->sweep_grid;
    float cx = g.x + g.w * ((float)ci + 0.5f) / (float)l->w;
    float cy = g.y + g.h * ((float)cj + 0.5f) / (float)l->h;
    double want_lr = sweepview_x_value(l, ci), want_mu = sweepview_y_value(l, cj);
    int hi, hj;
    ASSERT(input_sweep_cell_at(app_window_layout(w), s, (float)event_px(cx), (float)event_px(cy),
                               &hi, &hj) && hi == ci && hj == cj);
    push_motion(cx, cy);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 0 && !s->playing);
    push_button(true, SDL_BUTTON_LEFT, cx, cy);
    push_button(false, SDL_BUTTON_LEFT, cx, cy);
    ASSERT(app_window_frame(w));
    const RunDesc *r = &s->panes[0].desc.runs[0];
    ASSERT(r->opt.lr == want_lr && r->opt.momentum == want_mu);
    ASSERT(s->panes[0].runs[0].desc.opt.lr == want_lr && s->playing);
    for (int k = 0; k < 5; k++)
        ASSERT(app_window_frame(w));
    check_sweep_layout(w);
    /* W hides the pane: the plot takes its room back; W shows it again */
    push_key(SDLK_w, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(!(s->scene.overlays & (1u << OVERLAY_SWEEP)));
    ASSERT(app_window_layout(w)->sweep.w == 0.0f && app_window_layout(w)->screen.plot[0].w > full);
    push_key(SDLK_w, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frame(w));
    check_sweep_layout(w);
    /* presenter mode: the same, larger */
    push_key(SDLK_p, KMOD_NONE);
    for (int k = 0; k < 3; k++)
        ASSERT(app_window_frame(w));
    ASSERT(app_window_presenter(w));
    check_sweep_layout(w);
    app_window_close(w);
}

TEST(test_p_toggles_presenter_mode)
{
    const char *argv[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                          "--size", "1920x1080", NULL};
    AppWindow *w = open_window(7, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    float scale0 = app_window_ui_scale(w);
    ASSERT(!app_window_presenter(w) && app_window_panel_shown(w));
    ASSERT(app_window_layout(w)->screen.panel.w > 0.0f);
    UiRect plot0 = app_window_layout(w)->screen.plot[0];
    push_key(SDLK_p, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frame(w));
    ASSERT(app_window_presenter(w) && !app_window_panel_shown(w));
    ASSERT_NEAR(app_window_ui_scale(w), 1.5 * (double)scale0, 1e-6);
    ASSERT(app_window_layout(w)->screen.panel.w == 0.0f);
    /* Without the panel the plot (and its legend strip, if any) spans the whole width. (The
     * window's size in presenter mode is the X server's business: without a window manager
     * it may change.) */
    const FigureLayout *lp = app_window_layout(w);
    UiRect plot = lp->screen.plot[0];
    ASSERT(plot.x == 0.0f && plot.w + lp->legend[0].w == (float)lp->w);
    ASSERT(plot0.x + plot0.w < 1920.0f); /* the panel took its share before */
    /* The ring around the pointer: bright on its circle, 24 px x scale from the pointer,
     * and not there before the pointer came. */
    float px = plot.x + 0.62f * plot.w, py = plot.y + 0.7f * plot.h;
    double rx = event_px(px) + 24.0 * (double)app_window_ui_scale(w), ry = event_px(py);
    int iw, ih;
    unsigned char *before = app_window_capture(w, &iw, &ih);
    push_motion(px, py);
    unsigned char *after = app_window_capture(w, &iw, &ih);
    ASSERT(before && after);
    if (before && after) {
        const unsigned char *a = pixel(after, iw, ih, (int)lround(rx), (int)lround(ry));
        const unsigned char *b = pixel(before, iw, ih, (int)lround(rx), (int)lround(ry));
        printf("  ring pixel %d,%d,%d (was %d,%d,%d)\n", a[0], a[1], a[2], b[0], b[1], b[2]);
        ASSERT(a[0] >= 235 && a[1] >= 225 && a[2] >= 180);
        ASSERT(!(b[0] >= 235 && b[1] >= 225 && b[2] >= 180));
    }
    free(before);
    free(after);
    /* P again: as before. */
    push_key(SDLK_p, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frame(w));
    ASSERT(!app_window_presenter(w) && app_window_panel_shown(w));
    ASSERT_NEAR(app_window_ui_scale(w), (double)scale0, 1e-6);
    ASSERT(app_window_layout(w)->screen.panel.w > 0.0f);
    app_window_close(w);
}

/* In presenter mode the readout follows a moving pointer and goes once the pointer rests,
 * so a pointer left on the slide hides nothing; in the window it stays while the pointer
 * rests. */
TEST(test_presenter_readout_goes_when_the_pointer_rests)
{
    const char *argv[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                          "--size", "1280x720", NULL};
    AppWindow *w = open_window(7, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    ASSERT(app_window_readout_pane(w) == -1); /* no motion yet: no readout */
    for (int presenter = 0; presenter < 2; presenter++) {
        if (presenter) {
            push_key(SDLK_p, KMOD_NONE);
            ASSERT(app_window_frame(w));
            ASSERT(app_window_frame(w));
            ASSERT(app_window_presenter(w));
        }
        UiRect plot = app_window_layout(w)->screen.plot[0];
        push_motion(plot.x + 0.3f * plot.w, plot.y + 0.4f * plot.h);
        ASSERT(app_window_frame(w));
        ASSERT(app_window_readout_pane(w) == 0);
        long drawn = app_window_frames_drawn(w);
        Uint32 t0 = SDL_GetTicks();
        while (SDL_GetTicks() - t0 < APP_WINDOW_READOUT_REST_MS + 300)
            ASSERT(app_window_frame(w));
        printf("  %s: readout pane %d after resting, %ld frames drawn\n",
               presenter ? "presenter" : "window", app_window_readout_pane(w),
               app_window_frames_drawn(w) - drawn);
        ASSERT(app_window_readout_pane(w) == (presenter ? -1 : 0));
        ASSERT(app_window_frames_drawn(w) - drawn == (presenter ? 1 : 0));
        if (presenter) {
            /* The window entered under a resting pointer (X opening a window there, or
             * raising it): the crossing's position comes as a motion, which is no hand
             * moving the pointer, so the readout stays away. */
            SDL_Event enter = {0};
            enter.type = SDL_WINDOWEVENT;
            enter.window.windowID = SDL_GetWindowID(SDL_GL_GetCurrentWindow());
            enter.window.event = SDL_WINDOWEVENT_ENTER;
            SDL_PushEvent(&enter);
            push_motion(plot.x + 0.32f * plot.w, plot.y + 0.4f * plot.h);
            ASSERT(app_window_frame(w));
            ASSERT(app_window_readout_pane(w) == -1);
        }
        /* It comes back with the next motion. */
        push_motion(plot.x + 0.35f * plot.w, plot.y + 0.4f * plot.h);
        ASSERT(app_window_frame(w));
        ASSERT(app_window_readout_pane(w) == 0);
    }
    app_window_close(w);
}

/* P (fullscreen and presenter) in a window smaller than the screen, on an X server without
 * a window manager (the tests' Xvfb): SDL reports the screen's size, the window keeps its
 * own, and the frame is laid out for the window there is; after P again the window is back
 * at 1280x720 and so is the layout. */
TEST(test_presenter_in_a_small_window_fits_it)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/scenes/03-learning-rate.ini",
             getenv("LOSSLENS_DATA_DIR") ? getenv("LOSSLENS_DATA_DIR") : ".");
    const char *argv[] = {"losslens", "--scene", path, "--size", "1280x720", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    SDL_Window *win = SDL_GL_GetCurrentWindow();
    float ratio = app_window_pixel_ratio(w);
    for (int round = 0; round < 2; round++) {
        push_key(SDLK_p, KMOD_NONE);
        ASSERT(app_window_frame(w));
        ASSERT(app_window_frame(w));
        ASSERT(app_window_presenter(w) == (round == 0));
        int rw = 0, rh = 0;
        if (!wm_real_size(win, &rw, &rh))
            SDL_GetWindowSize(win, &rw, &rh);
        const FigureLayout *l = app_window_layout(w);
        printf("  P %s: window %dx%d, layout %dx%d\n", round == 0 ? "on" : "off", rw, rh, l->w,
               l->h);
        ASSERT(fabsf((float)l->w - (float)rw * ratio) < 1.0f &&
               fabsf((float)l->h - (float)rh * ratio) < 1.0f);
        for (int p = 0; p < 4; p++) {
            UiRect r = l->screen.plot[p];
            ASSERT(r.w > 0.0f && r.x >= 0.0f && r.x + r.w <= (float)l->w + 0.5f &&
                   r.y >= 0.0f && r.y + r.h <= (float)l->h + 0.5f);
        }
    }
    int ww, wh;
    SDL_GetWindowSize(win, &ww, &wh);
    ASSERT(ww == 1280 && wh == 720);
    app_window_close(w);
}

static const char *ARGS_RACE[] = {"losslens", "--landscape", "ravine", "--opt", "gd:lr=0.5",
                                  "--opt", "momentum:lr=0.05,momentum=0.8",
                                  "--opt", "adam:lr=0.3,noise=0.5,seed=7", "--size", "1280x800",
                                  NULL};

/* Started from the desktop's menu (working directory $HOME): S goes to the Pictures and C to
 * the Documents directory (created, XDG defaults with no user-dirs.dirs), and the notice says
 * the full path. */
TEST(test_exports_from_the_menu_go_to_pictures_and_documents)
{
    char dir[] = "/tmp/test_window_home_XXXXXX", old[4096], path[4200], name[256];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    char *saved_cfg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
    setenv("HOME", dir, 1);
    snprintf(path, sizeof path, "%s/no-config", dir);
    setenv("XDG_CONFIG_HOME", path, 1);
    AppWindow *w = open_window(11, ARGS_RACE);
    ASSERT(w != NULL);
    if (w) {
        push_key(SDLK_s, KMOD_NONE);
        int iw, ih;
        free(app_window_capture(w, &iw, &ih));
        snprintf(path, sizeof path, "%s/Pictures/losslens-", dir);
        ASSERT_STR_CONTAINS(app_window_notice(w), path);
        push_key(SDLK_c, KMOD_NONE);
        ASSERT(app_window_frame(w));
        snprintf(path, sizeof path, "%s/Documents/losslens-", dir);
        ASSERT_STR_CONTAINS(app_window_notice(w), path);
        app_window_close(w);
    }
    ASSERT(find_export("png", name, sizeof name) == 0);
    ASSERT(find_export("csv", name, sizeof name) == 0);
    const char *subs[][2] = {{"Pictures", "png"}, {"Documents", "csv"}};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, subs[k][0]);
        ASSERT(chdir(path) == 0);
        ASSERT(find_export(subs[k][1], name, sizeof name) == 1);
        remove(name);
        ASSERT(chdir(dir) == 0);
        rmdir(path);
    }
    if (saved_home)
        setenv("HOME", saved_home, 1);
    else
        unsetenv("HOME");
    if (saved_cfg)
        setenv("XDG_CONFIG_HOME", saved_cfg, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    free(saved_home);
    free(saved_cfg);
    leave_tmp_dir(dir, old);
}

TEST(test_c_writes_the_runs_on_screen_as_csv)
{
    char dir[] = "/tmp/test_window_csv_XXXXXX", old[4096];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    AppWindow *w = open_window(11, ARGS_RACE);
    ASSERT(w != NULL);
    if (!w) {
        leave_tmp_dir(dir, old);
        return;
    }
    Session *s = app_window_session(w);
    for (int k = 0; k < 9; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    s->panes[0].enabled[1] = false; /* switched off: not on screen, not in the file */
    push_key(SDLK_c, KMOD_NONE);
    ASSERT(app_window_frame(w));
    char name[256];
    ASSERT(find_export("csv", name, sizeof name) == 1);
    ASSERT_STR_CONTAINS(app_window_notice(w), name);
    ASSERT_STR_CONTAINS(app_window_notice(w), dir);
    size_t got_len = 0, want_len = 0;
    char *got = read_text(name, &got_len);
    char *want = NULL;
    FILE *mem = open_memstream(&want, &want_len);
    ASSERT(got && mem);
    if (got && mem) {
        headless_csv_header(mem);
        headless_csv_rows(mem, &s->panes[0].runs[0], 0);
        headless_csv_rows(mem, &s->panes[0].runs[2], 2);
        fclose(mem);
        ASSERT(s->panes[0].runs[0].n == 10 && s->panes[0].runs[2].n == 10);
        ASSERT(got_len == want_len && memcmp(got, want, got_len) == 0);
        ASSERT(strstr(got, "\n1,momentum,") == NULL && strstr(got, "\n2,adam,9,") != NULL);
    }
    free(got);
    free(want);
    app_window_close(w);
    leave_tmp_dir(dir, old);
}

TEST(test_ctrl_s_saves_a_scene_that_reopens_to_the_same_bits)
{
    char dir[] = "/tmp/test_window_save_XXXXXX", old[4096];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    AppWindow *w = open_window(11, ARGS_RACE);
    ASSERT(w != NULL);
    if (!w) {
        leave_tmp_dir(dir, old);
        return;
    }
    Session *s = app_window_session(w);
    /* A new start by clicking, a few steps, and a zoom. */
    UiRect plot = app_window_layout(w)->screen.plot[0];
    float cx = plot.x + 0.3f * plot.w, cy = plot.y + 0.25f * plot.h;
    push_motion(cx, cy);
    push_button(true, SDL_BUTTON_LEFT, cx, cy);
    push_button(false, SDL_BUTTON_LEFT, cx, cy);
    push_key(SDLK_EQUALS, KMOD_NONE);
    for (int k = 0; k < 25; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(s->step == 25);
    push_key(SDLK_s, KMOD_CTRL);
    ASSERT(app_window_frame(w));
    char name[256], png[256];
    ASSERT(find_export("ini", name, sizeof name) == 1);
    ASSERT(find_export("png", png, sizeof png) == 0); /* Ctrl+S is not S */
    ASSERT_STR_CONTAINS(app_window_notice(w), "Scene saved: ");
    SceneDesc *sd = malloc(sizeof *sd);
    char err[512] = "";
    ASSERT(sd && scene_load(name, sd, err, sizeof err));
    if (!sd || err[0]) {
        fprintf(stderr, "  %s\n", err);
        free(sd);
        app_window_close(w);
        leave_tmp_dir(dir, old);
        return;
    }
    const PaneDesc *a = &sd->panes[0], *b = &s->panes[0].desc;
    ASSERT(sd->n_panes == 1 && a->ls == b->ls && a->n_runs == 3 && b->n_runs == 3);
    ASSERT(a->start[0] == b->start[0] && a->start[1] == b->start[1]);
    for (int i = 0; i < 3; i++) {
        ASSERT(a->runs[i].opt.kind == b->runs[i].opt.kind);
        ASSERT(a->runs[i].opt.lr == b->runs[i].opt.lr);
        ASSERT(a->runs[i].opt.momentum == b->runs[i].opt.momentum);
        ASSERT(a->runs[i].noise == b->runs[i].noise && a->runs[i].seed == b->runs[i].seed);
    }
    ASSERT(sd->steps == s->max_step);
    /* The view on screen came along. */
    ViewBox vb = view_bounds(&s->panes[0].view);
    ASSERT(a->has_view && a->view.xmin == vb.xmin && a->view.ymax == vb.ymax);
    /* Reopened and stepped to the same clock: every point equal to the last bit. */
    Session *again = malloc(sizeof *again);
    ASSERT(again && session_init(again, sd, 0.0, sd->steps, err, sizeof err));
    session_seek(again, s->step);
    for (int i = 0; i < 3; i++) {
        const Run *x = &again->panes[0].runs[i], *y = &s->panes[0].runs[i];
        ASSERT(x->n == y->n && x->n == 26);
        ASSERT(memcmp(x->pts, y->pts, sizeof *x->pts * (size_t)x->n) == 0);
    }
    session_free(again);
    free(again);
    free(sd);
    app_window_close(w);
    leave_tmp_dir(dir, old);
}

TEST(test_g_writes_an_animated_gif)
{
    char dir[] = "/tmp/test_window_gif_XXXXXX", old[4096];
    ASSERT(enter_tmp_dir(dir, old, sizeof old));
    const char *argv[] = {"losslens", "--landscape", "ravine", "--opt", "gd:lr=0.5",
                          "--opt", "momentum:lr=0.05", "--steps", "40", "--frames", "9",
                          "--size", "640x400", NULL};
    AppWindow *w = open_window(13, argv);
    ASSERT(w != NULL);
    if (!w) {
        leave_tmp_dir(dir, old);
        return;
    }
    Session *s = app_window_session(w);
    push_key(SDLK_RIGHT, KMOD_NONE);
    push_key(SDLK_g, KMOD_NONE);
    ASSERT(app_window_frame(w)); /* says "Writing ...", then writes */
    ASSERT(app_window_frame(w));
    char name[256];
    ASSERT(find_export("gif", name, sizeof name) == 1);
    printf("  notice: %s\n", app_window_notice(w));
    ASSERT_STR_CONTAINS(app_window_notice(w), "GIF saved: ");
    ASSERT_STR_CONTAINS(app_window_notice(w), name);
    /* The window's session is where it was. */
    ASSERT(s->step == 1 && s->panes[0].runs[0].n == 2);
    int ew, eh;
    unsigned char *img = app_window_capture(w, &ew, &eh);
    free(img);
    int error = 0;
    GifFileType *gif = DGifOpenFileName(name, &error);
    ASSERT(gif != NULL);
    if (gif) {
        ASSERT(DGifSlurp(gif) == GIF_OK);
        printf("  %s: %d frames of %dx%d\n", name, gif->ImageCount, gif->SWidth, gif->SHeight);
        ASSERT(gif->ImageCount == 9);
        ASSERT(gif->SWidth == ew && gif->SHeight == eh);
        /* The run colors are in the palette exactly. */
        const ColorMapObject *cm = gif->SColorMap;
        for (int r = 0; r < 2 && cm; r++) {
            unsigned char rgb[3];
            palette_run_rgb(r, rgb);
            bool found = false;
            for (int i = 0; i < cm->ColorCount; i++)
                found |= cm->Colors[i].Red == rgb[0] && cm->Colors[i].Green == rgb[1] &&
                         cm->Colors[i].Blue == rgb[2];
            ASSERT(found);
        }
        DGifCloseFile(gif, &error);
    }
    /* The G key's GIF is the headless --gif of the same flags, frame for frame: the same
     * composer on the same CPU canvas, from step 0 to the end (the window was at step 1). */
    const char *hargv[] = {"losslens", "--landscape", "ravine", "--opt", "gd:lr=0.5",
                           "--opt", "momentum:lr=0.05", "--steps", "40", "--frames", "9",
                           "--size", "640x400", "--gif", "headless.gif", NULL};
    Options ho;
    char herr[512];
    ASSERT(options_parse(15, (char **)hargv, &ho, herr, sizeof herr));
    ASSERT(app_export_gif(&ho) == 0);
    FILE *fa = fopen(name, "rb"), *fb = fopen("headless.gif", "rb");
    ASSERT(fa && fb);
    long same = 0, total = 0;
    int ca = 0, cb = 0;
    while (fa && fb && (ca = fgetc(fa)) != EOF && (cb = fgetc(fb)) != EOF) {
        same += ca == cb;
        total++;
    }
    bool both_ended = fa && fb && ca == EOF && fgetc(fb) == EOF;
    printf("  G key vs --gif: %ld of %ld bytes equal\n", same, total);
    ASSERT(total > 1000 && same == total && both_ended);
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    remove("headless.gif");
    app_window_close(w);
    leave_tmp_dir(dir, old);
}

/* ---- The surface in 3D (V, --3d) ----------------------------------------------------- */

static const char *ARGS_BOWL_3D[] = {"losslens", "--landscape", "bowl", "--opt", "gd:lr=0.1",
                                     "--start", "1.6,-1.2", "--size", "1280x800", "--3d", NULL};

/* Pixels of the plot rectangle that differ by more than tol in some channel. */
static long plot_diff(const unsigned char *a, const unsigned char *b, int w, int h, UiRect r,
                      int tol)
{
    long n = 0;
    for (int y = (int)r.y; y < (int)(r.y + r.h); y++)
        for (int x = (int)r.x; x < (int)(r.x + r.w); x++) {
            const unsigned char *p = pixel(a, w, h, x, y), *q = pixel(b, w, h, x, y);
            if (abs(p[0] - q[0]) > tol || abs(p[1] - q[1]) > tol || abs(p[2] - q[2]) > tol)
                n++;
        }
    return n;
}

/* Pane 0's surface point of run r's point k, in window pixels. */
static bool run_pixel_3d(Session *s, UiRect plot, int r, long k, double *x, double *y)
{
    PlotScene ps = figure_plot_scene(s, 0);
    int px, py, pw, ph;
    plot_pixel_rect(plot, &px, &py, &pw, &ph);
    view_resize(&ps.view, pw, ph);
    Surface3dView v;
    surface3d_view(&ps, &v);
    const TrajPoint *p = &s->panes[0].runs[r].pts[k];
    if (!surface3d_point(&v, p->x, p->y, p->loss, x, y))
        return false;
    *x += px;
    *y += py;
    return true;
}

/* --3d opens the pane in 3D; the GL picture and the CPU canvas's agree block by block; a
 * left drag orbits (the image changes), Home restores the camera and the image; a click
 * without a drag sets the start point where the ray meets the surface; the run's path lies
 * on the surface in its color; the wheel zooms; V goes back to the contours. */
TEST(test_3d_pane_orbits_picks_and_matches_the_cpu)
{
    AppWindow *w = open_window(10, ARGS_BOWL_3D);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    ASSERT(s->panes[0].desc.surface);
    UiRect plot = app_window_layout(w)->screen.plot[0];
    /* The pointer rests over the panel: no readout over the plot. */
    float rest_x = plot.x + plot.w + 20.0f, rest_y = plot.y + 40.0f;
    push_motion(rest_x, rest_y);
    int iw, ih;
    unsigned char *img0 = app_window_capture(w, &iw, &ih);
    ASSERT(img0 != NULL);
    if (!img0) {
        app_window_close(w);
        return;
    }
    /* The CPU canvas draws the same figure: mean colors of 40-px blocks of the plot agree. */
    char cerr[512] = "";
    Canvas *cv = canvas_soft_open(iw, ih, app_window_ui_scale(w), 2, cerr, sizeof cerr);
    ASSERT(cv != NULL);
    if (cv) {
        FigurePaneCache caches[SCENE_MAX_PANES] = {0};
        FigureDesc d = {.point_pane = -1, .readout_pane = -1, .ring_pane = -1};
        ASSERT(figure_draw(cv, s, app_window_layout(w), &d, caches, cerr, sizeof cerr));
        SoftCanvas *img = canvas_soft_image(cv);
        int blocks = 0, off = 0;
        for (int by = (int)plot.y; by + 40 <= (int)(plot.y + plot.h); by += 40)
            for (int bx = (int)plot.x; bx + 40 <= (int)(plot.x + plot.w); bx += 40) {
                double g[3] = {0}, c[3] = {0};
                for (int y = by; y < by + 40; y++)
                    for (int x = bx; x < bx + 40; x++) {
                        const unsigned char *p = pixel(img0, iw, ih, x, y);
                        const unsigned char *q = img->rgba + 4 * ((size_t)y * (size_t)iw + x);
                        for (int k = 0; k < 3; k++) {
                            g[k] += p[k];
                            c[k] += q[k];
                        }
                    }
                double dmax = 0.0;
                for (int k = 0; k < 3; k++)
                    dmax = fmax(dmax, fabs(g[k] - c[k]) / 1600.0);
                blocks++;
                off += dmax > 12.0;
            }
        printf("3D GL vs CPU: %d of %d blocks differ by more than 12/255\n", off, blocks);
        ASSERT(blocks > 100 && off <= blocks / 50);
        canvas_destroy(cv);
    }
    /* Orbit: a left drag of 150 px. */
    Camera3D c0 = session_camera(s, 0);
    float cx = plot.x + 0.5f * plot.w, cy = plot.y + 0.6f * plot.h;
    push_motion(cx, cy);
    push_button(true, SDL_BUTTON_LEFT, cx, cy);
    push_motion(cx + 50.0f, cy);
    push_motion(cx + 150.0f, cy + 20.0f);
    push_button(false, SDL_BUTTON_LEFT, cx + 150.0f, cy + 20.0f);
    push_motion(rest_x, rest_y);
    unsigned char *img1 = app_window_capture(w, &iw, &ih);
    Camera3D c1 = session_camera(s, 0);
    ASSERT(fabsf(c1.yaw - c0.yaw) > 0.5f && c1.pitch > c0.pitch);
    ASSERT(s->panes[0].desc.start[0] == 1.6 && s->panes[0].desc.start[1] == -1.2);
    long moved = img1 ? plot_diff(img0, img1, iw, ih, plot, 30) : 0;
    printf("orbit: %ld of %.0f plot pixels changed\n", moved, (double)(plot.w * plot.h));
    ASSERT(moved > (long)(0.1f * plot.w * plot.h));
    /* Home: the default camera and the same picture again, exactly, once the draft drawn
     * while the camera moved (half resolution, the light per vertex) is refined. */
    push_key(SDLK_HOME, KMOD_NONE);
    ASSERT(app_window_frame(w)); /* the moving camera's draft */
    unsigned char *img2 = app_window_capture(w, &iw, &ih); /* ... refined */
    Camera3D c2 = session_camera(s, 0);
    ASSERT(c2.yaw == c0.yaw && c2.pitch == c0.pitch && c2.dist == c0.dist);
    ASSERT(img2 && plot_diff(img0, img2, iw, ih, plot, 0) == 0);
    /* A click on the surface: the start point under it (the ray cast), the clock at 0. */
    double wx, wy;
    int px, py, pw, ph;
    plot_pixel_rect(plot, &px, &py, &pw, &ph);
    /* Where the surface point over (-0.5, 0.8) shows. */
    PlotScene ps = figure_plot_scene(s, 0);
    view_resize(&ps.view, pw, ph);
    Surface3dView v3;
    surface3d_view(&ps, &v3);
    double kxd, kyd;
    float bp[3];
    surface_to_box(&v3.map, -0.5, 0.8, 0.89, bp);
    ASSERT(camera3d_project(v3.mvp, pw, ph, bp, &kxd, &kyd, &(double){0}));
    float kx = (float)kxd + (float)px, ky = (float)kyd + (float)py;
    ASSERT(session_pick_surface(s, 0, pw, ph, event_px(kx) - px, event_px(ky) - py, &wx, &wy));
    ASSERT(fabs(wx + 0.5) < 0.05 && fabs(wy - 0.8) < 0.05);
    push_motion(kx, ky);
    push_button(true, SDL_BUTTON_LEFT, kx, ky);
    push_button(false, SDL_BUTTON_LEFT, kx, ky);
    ASSERT(app_window_frame(w));
    ASSERT_NEAR(s->panes[0].desc.start[0], wx, 1e-12);
    ASSERT_NEAR(s->panes[0].desc.start[1], wy, 1e-12);
    ASSERT(s->step == 0 && s->panes[0].runs[0].n == 1);
    /* Steps: the path lies on the surface in the run's color, between start and current. */
    for (int k = 0; k < 8; k++)
        push_key(SDLK_RIGHT, KMOD_NONE);
    push_motion(rest_x, rest_y);
    unsigned char *img3 = app_window_capture(w, &iw, &ih);
    unsigned char run_rgb[3];
    palette_run_rgb(0, run_rgb);
    double rx, ry;
    ASSERT(s->step == 8);
    ASSERT(run_pixel_3d(s, plot, 0, 4, &rx, &ry));
    ASSERT(img3 && color_near(img3, iw, ih, rx, ry, 1, run_rgb, 8));
    ASSERT(!color_near(img2, iw, ih, rx, ry, 1, run_rgb, 8));
    /* The wheel comes closer. */
    push_motion(cx, cy);
    synth_wheel(2.0f);
    ASSERT(app_window_frame(w));
    ASSERT(session_camera(s, 0).dist < c0.dist);
    /* V: back to the contours. */
    push_key(SDLK_v, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(!s->panes[0].desc.surface);
    free(img0);
    free(img1);
    free(img2);
    free(img3);
    app_window_close(w);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The frame on screen after frames redrawn only where they changed is, pixel for pixel, the
 * frame drawn whole. Prints where they differ. */
static void check_same_as_whole(AppWindow *w, const char *what)
{
    int iw, ih, jw, jh;
    unsigned char *parts = NULL, *whole = NULL;
    /* A notice that times out between the two frames changes the picture: take them again. */
    for (int tries = 0; tries < 3; tries++) {
        free(parts);
        free(whole);
        bool notice = app_window_notice(w)[0] != '\0';
        parts = app_window_capture(w, &iw, &ih);
        app_window_forget_frame(w);
        whole = app_window_capture(w, &jw, &jh);
        if ((app_window_notice(w)[0] != '\0') == notice)
            break;
    }
    ASSERT(parts && whole && iw == jw && ih == jh);
    if (parts && whole && iw == jw && ih == jh) {
        long differ = 0;
        int x0 = iw, y0 = ih, x1 = -1, y1 = -1;
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                size_t k = 4 * ((size_t)y * (size_t)iw + (size_t)x);
                if (memcmp(parts + k, whole + k, 3) != 0) {
                    differ++;
                    x0 = x < x0 ? x : x0;
                    x1 = x > x1 ? x : x1;
                    y0 = y < y0 ? y : y0;
                    y1 = y > y1 ? y : y1;
                }
            }
        }
        if (differ)
            printf("  %s: %ld pixels differ in x %d..%d, y %d..%d (GL rows) of %dx%d\n", what,
                   differ, x0, x1, y0, y1, iw, ih);
        ASSERT(differ == 0);
    }
    free(parts);
    free(whole);
}

/* While the runs play, a frame redraws a small part of the window, and what it leaves on
 * screen is the frame drawn whole: playing, pausing, the readout following the pointer, the
 * help, presenter mode, a 2x2 scene, a 3D pane orbited. */
TEST(test_frames_redrawn_in_parts_match_whole_frames)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/assets/scenes/10-momentum.ini", getenv("LOSSLENS_DATA_DIR")
                                                                        ? getenv("LOSSLENS_DATA_DIR")
                                                                        : ".");
    const char *argv[] = {"losslens", "--scene", path, "--size", "1920x1080", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    /* Software GL on X11 redraws parts. (An X server that refuses SDL's connection leaves it
     * its offscreen driver, where frames are drawn whole.) */
    const char *renderer = (const char *)glGetString(GL_RENDERER);
    const char *driver = SDL_GetCurrentVideoDriver();
    if (renderer && strstr(renderer, "llvmpipe") && driver && strcmp(driver, "x11") == 0)
        ASSERT(app_window_partial(w));
    Session *s = app_window_session(w);
    check_same_as_whole(w, "at rest");
    s->speed = 60.0; /* the scene's 10 steps per second draw a frame a step */
    push_key(SDLK_SPACE, KMOD_NONE);
    enum { MAX_FRAMES = 512 };
    long area[MAX_FRAMES], whole = (long)1920 * 1080;
    int frames = 0;
    Uint32 t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < 1000) {
        long drawn = app_window_frames_drawn(w);
        ASSERT(app_window_frame(w));
        if (app_window_frames_drawn(w) > drawn && s->step > 2 && frames < MAX_FRAMES)
            area[frames++] = app_window_damage_px(w);
    }
    ASSERT(frames >= 5);
    if (frames >= 5) {
        qsort(area, (size_t)frames, sizeof *area, cmp_long);
        printf("  playing: %d frames redrew %.1f%% of the window (median), %.1f%% at most\n",
               frames, 100.0 * (double)area[frames / 2] / (double)whole,
               100.0 * (double)area[frames - 1] / (double)whole);
        /* The new path, the markers, the legend's numbers, the loss plot (its step axis
         * grows) and the table: about a quarter of this window. */
        if (app_window_partial(w))
            ASSERT(area[frames / 2] < whole / 3 && area[frames - 1] < whole / 2);
    }
    push_key(SDLK_SPACE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(!s->playing);
    check_same_as_whole(w, "paused after playing");
    /* The readout under the pointer, moved, then gone. */
    UiRect plot = app_window_layout(w)->screen.plot[0];
    push_motion(plot.x + 0.4f * plot.w, plot.y + 0.5f * plot.h);
    ASSERT(app_window_frame(w));
    push_motion(plot.x + 0.45f * plot.w, plot.y + 0.55f * plot.h);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "readout");
    push_motion(1900.0f, 1070.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "readout gone");
    /* Stepping by hand, the help over it and gone again. */
    push_key(SDLK_RIGHT, KMOD_NONE);
    push_key(SDLK_RIGHT, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "two steps");
    push_key(SDLK_h, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "help");
    push_key(SDLK_ESCAPE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "help closed");
    push_key(SDLK_p, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "presenter mode");
    push_key(SDLK_p, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "presenter mode off");
    /* Dragged with the right button (the pane drawn straight onto the window while its view
     * moves), stepped meanwhile, let go (the field drawn again for the view); the wheel
     * turned, and still for longer than the window waits. */
    float gx = plot.x + 0.5f * plot.w, gy = plot.y + 0.5f * plot.h;
    push_motion(gx, gy);
    push_button(true, SDL_BUTTON_RIGHT, gx, gy);
    ASSERT(app_window_frame(w));
    push_motion(gx + 23.0f, gy + 11.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "while dragging");
    push_key(SDLK_RIGHT, KMOD_NONE);
    push_motion(gx - 31.0f, gy + 5.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "stepped while dragging");
    push_button(false, SDL_BUTTON_RIGHT, gx - 31.0f, gy + 5.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "drag let go");
    synth_wheel(1.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "while the wheel turns");
    synth_wheel(-2.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "wheel turned back");
    SDL_Delay(400);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "wheel still");
    push_key(SDLK_UP, KMOD_NONE);
    push_key(SDLK_MINUS, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "panned and zoomed by the keys");
    SDL_Delay(400);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "keys let go");
    app_window_close(w);

    /* A noisy run with a cloud of 32 copies (the panel's Cloud K), spread far from the run
     * itself: playing, paused, then stepped by hand (each step adds final segments to the
     * cloud's layer and moves every copy's last ones). */
    const char *argv_cloud[] = {"losslens", "--landscape", "rosenbrock", "--noise", "60",
                                "--opt", "gd:lr=0.001", "--size", "1920x1080", NULL};
    w = open_window(9, argv_cloud);
    ASSERT(w != NULL);
    if (!w)
        return;
    s = app_window_session(w);
    char err[256];
    ASSERT(session_set_cloud(s, 32, err, sizeof err));
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "cloud at rest");
    s->speed = 60.0;
    push_key(SDLK_SPACE, KMOD_NONE);
    t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < 500)
        ASSERT(app_window_frame(w));
    push_key(SDLK_SPACE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    ASSERT(!s->playing && s->step > 3);
    check_same_as_whole(w, "cloud paused after playing");
    for (int k = 0; k < 3; k++) {
        push_key(SDLK_RIGHT, KMOD_NONE);
        ASSERT(app_window_frame(w));
        check_same_as_whole(w, "cloud stepped by hand");
    }
    /* Dragged (the cloud frozen, moved with the view), then let go. */
    UiRect cp = app_window_layout(w)->screen.plot[0];
    float ccx = cp.x + 0.5f * cp.w, ccy = cp.y + 0.5f * cp.h;
    push_motion(ccx, ccy);
    push_button(true, SDL_BUTTON_RIGHT, ccx, ccy);
    push_motion(ccx + 17.0f, ccy - 9.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "cloud while dragging");
    push_button(false, SDL_BUTTON_RIGHT, ccx + 17.0f, ccy - 9.0f);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "cloud drag let go");
    app_window_close(w);

    const char *argv3d[] = {"losslens", "--scene", path, "--size", "1280x720", NULL};
    snprintf(path, sizeof path, "%s/assets/scenes/27-surface-rosenbrock.ini",
             getenv("LOSSLENS_DATA_DIR") ? getenv("LOSSLENS_DATA_DIR") : ".");
    w = open_window(5, argv3d);
    ASSERT(w != NULL);
    if (!w)
        return;
    s = app_window_session(w);
    push_key(SDLK_SPACE, KMOD_NONE);
    t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < 300)
        ASSERT(app_window_frame(w));
    push_key(SDLK_SPACE, KMOD_NONE);
    ASSERT(app_window_frame(w));
    check_same_as_whole(w, "3D paused after playing");
    UiRect p3 = app_window_layout(w)->screen.plot[s->n_panes - 1];
    float cx = p3.x + 0.5f * p3.w, cy = p3.y + 0.5f * p3.h;
    push_motion(cx, cy);
    push_button(true, SDL_BUTTON_LEFT, cx, cy);
    push_motion(cx + 60.0f, cy + 10.0f);
    ASSERT(app_window_frame(w));
    push_button(false, SDL_BUTTON_LEFT, cx + 60.0f, cy + 10.0f);
    push_motion(1270.0f, 700.0f);
    for (int k = 0; k < 4; k++)
        ASSERT(app_window_frame(w));
    check_same_as_whole(w, "3D orbited");
    app_window_close(w);
}

/* Every shipped scene, played a moment and paused, in the window and in presenter mode: the
 * frame redrawn in parts is the frame drawn whole. */
TEST(test_every_scene_redrawn_in_parts_matches_whole)
{
    char path[1200];
    const char *data = getenv("LOSSLENS_DATA_DIR") ? getenv("LOSSLENS_DATA_DIR") : ".";
    snprintf(path, sizeof path, "%s/assets/scenes/01-gradient-descent.ini", data);
    const char *argv[] = {"losslens", "--scene", path, "--size", "1280x720", NULL};
    AppWindow *w = open_window(5, argv);
    ASSERT(w != NULL);
    if (!w)
        return;
    Session *s = app_window_session(w);
    int scenes = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            push_key(SDLK_p, KMOD_NONE);
            ASSERT(app_window_frame(w));
            ASSERT(app_window_frame(w));
        }
        for (int k = 0; k < 64; k++) {
            const char *at = app_window_scene_path(w);
            char here[1200];
            snprintf(here, sizeof here, "%s", at ? at : "");
            s->speed = s->speed < 60.0 ? 60.0 : s->speed;
            s->playing = true;
            Uint32 t0 = SDL_GetTicks();
            while (SDL_GetTicks() - t0 < 250)
                ASSERT(app_window_frame(w));
            s->playing = false;
            for (int f = 0; f < 3; f++)
                ASSERT(app_window_frame(w));
            char what[1300];
            snprintf(what, sizeof what, "%s%s", pass ? "presenter " : "",
                     strrchr(here, '/') ? strrchr(here, '/') + 1 : here);
            check_same_as_whole(w, what);
            scenes++;
            /* The next slide (the previous one in the second pass); the walk stops at the
             * ends. */
            push_key(pass ? SDLK_PAGEUP : SDLK_PAGEDOWN, KMOD_NONE);
            ASSERT(app_window_frame(w));
            ASSERT(app_window_frame(w));
            at = app_window_scene_path(w);
            if (!at || strcmp(at, here) == 0)
                break;
        }
    }
    printf("  %d scene frames compared\n", scenes);
    ASSERT(scenes >= 40);
    app_window_close(w);
}

int main(void)
{
    /* Can this machine open a GL 3.3 window at all? */
    char err[1024] = "";
    Options o;
    const char *argv[] = {"losslens", "--size", "320x200", NULL};
    if (!options_parse(3, (char **)argv, &o, err, sizeof err))
        return 1;
    AppWindow *probe = app_window_open(&o, err, sizeof err);
    if (!probe)
        return test_no_gl("test_window", err);
    app_window_close(probe);
    RUN_TEST(test_click_sets_start_and_pixels_follow);
    RUN_TEST(test_drag_the_start_marker_keeps_the_clock);
    RUN_TEST(test_lr_slider_recomputes_the_run);
    RUN_TEST(test_the_loss_plot_checkbox_shows_in_the_same_frame);
    RUN_TEST(test_typing_a_value_keeps_the_keys_from_the_app);
    RUN_TEST(test_space_plays_and_idle_draws_nothing);
    RUN_TEST(test_keys_zoom_pan_landscape);
    RUN_TEST(test_panel_pixels_and_tab);
    RUN_TEST(test_two_by_two_scene_shows_four_landscapes);
    RUN_TEST(test_s_saves_a_screenshot_here);
    RUN_TEST(test_diverging_run_says_so);
    RUN_TEST(test_bare_start_opens_the_first_scene);
    RUN_TEST(test_page_down_walks_the_scenes);
    RUN_TEST(test_w_shows_the_sweep_and_a_click_sets_the_run);
    RUN_TEST(test_an_edited_scene_reloads);
    RUN_TEST(test_l_cycles_the_legend);
    RUN_TEST(test_p_toggles_presenter_mode);
    RUN_TEST(test_presenter_readout_goes_when_the_pointer_rests);
    RUN_TEST(test_presenter_in_a_small_window_fits_it);
    RUN_TEST(test_c_writes_the_runs_on_screen_as_csv);
    RUN_TEST(test_exports_from_the_menu_go_to_pictures_and_documents);
    RUN_TEST(test_ctrl_s_saves_a_scene_that_reopens_to_the_same_bits);
    RUN_TEST(test_g_writes_an_animated_gif);
    RUN_TEST(test_3d_pane_orbits_picks_and_matches_the_cpu);
    RUN_TEST(test_frames_redrawn_in_parts_match_whole_frames);
    RUN_TEST(test_every_scene_redrawn_in_parts_matches_whole);
    return TEST_MAIN("test_window");
}
