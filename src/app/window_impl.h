/* window_impl.h - the window's state, shared by window.c (the frame loop, drawing, the
 * public API) and input.c (SDL events into UI input and lecturer actions). Private to
 * src/app: nothing outside includes it. */
#ifndef LOSSLENS_WINDOW_IMPL_H
#define LOSSLENS_WINDOW_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "app/app.h"
#include "app/panel.h"
#include "app/readout.h"
#include "app/session.h"
#include "app/window.h"
#include "render/glwin.h"
#include "render/overlay.h"
#include "render/render.h"
#include "ui/ui.h"

enum {
    WINDOW_WHEEL_SETTLE_MS = 250, /* after the last wheel event the view still counts moving */
    WINDOW_MIN_FRAME_MS = 15,     /* without vsync (Xvfb), don't spin faster than the eye */
    WINDOW_NOTICE_MS = 4000,
};

typedef enum {
    DRAG_NONE,
    DRAG_PAN,   /* right or middle button on a plot */
    DRAG_START, /* left button: the start point follows the pointer */
    DRAG_UI,    /* left button pressed over the UI */
    DRAG_TIMELINE, /* left button on the timeline: the clock follows the pointer */
} DragKind;

struct AppWindow {
    GlWindow gw;
    Renderer *r;
    RenderPane panes[SCENE_MAX_PANES];
    OverlayCache overlays[SCENE_MAX_PANES];
    Session s;
    UiContext *ui;
    PanelState panel;
    AppLayout layout;
    int dw, dh;        /* drawable size */
    float px_ratio;    /* drawable pixels per window coordinate */
    float ui_scale;
    bool show_panel, show_help, quit, dirty;
    /* The pointer, in drawable pixels. */
    float mx, my;
    bool mouse_in;
    DragKind drag;
    int drag_pane;
    float drag_x, drag_y;
    bool start_pending;      /* a start-marker drag moved: apply at the next frame */
    double start_x, start_y; /* its world point */
    Uint32 wheel_ms;
    Uint64 last_tick;
    /* The hover readout. */
    int hover_pane; /* -1: none */
    char readout[READOUT_LINES][READOUT_LINE_LEN];
    /* What the last drawn frame showed, to skip frames that would look the same. */
    uint64_t drawn_ui, drawn_session;
    float drawn_mx, drawn_my;
    int drawn_hover;
    bool drawn_notice;
    /* A short message (e.g. where a screenshot went) until notice_until. */
    char notice[720];
    Uint32 notice_until;
    bool screenshot;
    long frames_drawn;
    char err[1024];
};

/* input.c: handles one event (UI input, keys, mouse on the plots, window changes). */
void window_event(AppWindow *w, const SDL_Event *e);
/* input.c: which plot pane (or -1) holds drawable pixel (x, y), and (x, y) relative to
 * that plot in *px, *py. */
int window_plot_at(const AppWindow *w, float x, float y, double *px, double *py);

/* window.c: rereads the drawable size and pixel ratio (after a resize or fullscreen). */
void window_update_size(AppWindow *w);
/* window.c: shows text in a short-lived notice. */
void window_notice(AppWindow *w, const char *text);

#endif
