/* window_impl.h - the window's state, shared by window.c (the frame loop, drawing, slides,
 * presenter mode, the public API), input.c (SDL events into UI input and lecturer actions),
 * and window_export.c (the exports from the keyboard). Private to src/app: nothing outside
 * includes it. */
#ifndef LOSSLENS_WINDOW_IMPL_H
#define LOSSLENS_WINDOW_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "figure/figure.h"
#include "lecture/panel.h"
#include "lecture/readout.h"
#include "lecture/session.h"
#include "app/input.h"
#include "app/window.h"
#include "render/glwin.h"
#include "figure/overlay.h"
#include "render/render.h"
#include "ui/ui.h"

enum {
    WINDOW_VIEW_SETTLE_MS = 250, /* after the wheel or a key last moved the view, it still
                                  * counts moving (PlotScene.interacting) */
    WINDOW_MIN_FRAME_MS = 15,
    WINDOW_RESYNC_SWAPS = 2,      /* frames swapped whole after a resize (see swaps_left) */     /* without vsync (Xvfb), don't spin faster than the eye */
    WINDOW_NOTICE_MS = 4000,
    WINDOW_COMPUTE_MS = 25,
    WINDOW_FIRST_BUDGET = 1 << 18,
    WINDOW_MIN_BUDGET = 1 << 12,
    WINDOW_SCENE_POLL_MS = 500,   /* how often the scene file on screen is checked for edits */
};

struct AppWindow {
    GlWindow gw;
    Renderer *r;
    FigurePaneCache caches[SCENE_MAX_PANES]; /* the figure's, per pane */
    Session s;
    UiContext *ui;
    PanelState panel;
    FigureLayout layout;
    int dw, dh;        /* drawable size */
    int wh;            /* window height in window coordinates (the real one: app/wm.h) */
    int windowed_w, windowed_h; /* the size before fullscreen, restored after it */
    float px_ratio;    /* drawable pixels per window coordinate */
    float ui_scale;
    float user_scale;  /* --ui-scale */
    bool show_panel, show_help, quit, dirty;
    /* Frames are redrawn where they changed and shown a box at a time (glplat_partial_present:
     * software GL). The driver resizes the back buffer only at a swap, so when the window's
     * size is not the one of the last swap (swapped_w x swapped_h), or its pixels were
     * lost, swaps_left frames are drawn whole and swapped; the frame after a swap is drawn
     * whole too (a swap leaves the back buffer undefined). */
    bool partial;
    int swaps_left;
    int swapped_w, swapped_h;
    bool unpaced;      /* app_window_set_unpaced: no WINDOW_MIN_FRAME_MS floor (benchmarks) */
    bool hide_readout; /* I: no readout under the cursor */
    bool basins_calm;  /* the last frame changed no basin map (else one more comes at once) */
    bool sweep_hover, drawn_sweep_hover; /* the pointer is (was, drawn) over a sweep cell */
    InputPointer ptr;  /* the pointer and the drag in progress: input.c's (app/input.h) */
    Uint64 last_tick;
    /* Runs are computed up to the clock lazily (Session.lazy): each frame may spend
     * step_budget run steps, sized from the last frames to take about WINDOW_COMPUTE_MS;
     * `computing` while the notice says how far it has got. */
    long step_budget;
    bool computing;
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
    /* Slides: the directory PageUp/PageDown walk, and the scene file on screen ("" when the
     * scene came from the flags). */
    char scene_dir[SCENE_PATH_LEN];
    char scene_path[SCENE_PATH_LEN];
    /* The scene file as last loaded (modification time in ns, size), and when it was last
     * checked: an edit on disk reloads it. */
    long long scene_mtime, scene_size;
    Uint32 scene_polled;
    /* Presenter mode, and what it changed, to restore. */
    bool presenter, pre_fullscreen, pre_panel;
    bool drawn_ring;          /* the last frame showed the presenter's cursor ring */
    /* The animated GIF: asked for with G, written after the frame that says so. */
    bool gif_pending;
    int gif_frames;
    long frames_drawn;
    long damage_px;    /* pixels redrawn by the last frame drawn */
    char err[1024];
};

/* window.c: rereads the drawable size and pixel ratio (after a resize or fullscreen). */
void window_update_size(AppWindow *w);
/* window.c: shows text in a short-lived notice. */
void window_notice(AppWindow *w, const char *text);
/* window.c: loads the scene `step` files after the one on screen in scene_dir (+1 PageDown,
 * -1 PageUp), stopping at either end. A scene that does not load leaves the one on screen
 * and shows "FILE:LINE: what was expected" in the notice. */
void window_slide(AppWindow *w, int step);
/* window.c: presenter mode on or off (see window.h). */
void window_set_presenter(AppWindow *w, bool on);
/* input.c: flips fullscreen (desktop resolution). */
void window_set_fullscreen(AppWindow *w, bool on);
/* Whether the window is fullscreen now. */
bool window_is_fullscreen(const AppWindow *w);

/* window_export.c: the exports from the keyboard, each ending in a notice that says where
 * the file went (or why not): the drawn frame as a PNG (S; px is the frame read back, bottom
 * row first), the animated GIF (G), the trajectories on screen as CSV (C) and the current
 * state as a scene file (Ctrl+S). Files get free timestamped names in the directory
 * desktop_export_dir (util/desktop.h) gives. */
void window_export_png(AppWindow *w, const unsigned char *px);
void window_export_gif(AppWindow *w);
void window_export_csv(AppWindow *w);
void window_export_scene(AppWindow *w);
/* window_export.c: a free name DIR/losslens-YYYYMMDD-HHMMSS[-k].EXT; false when none of 99
 * is free or the name does not fit in buf. */
bool window_export_name(const char *dir, const char *ext, char *buf, size_t len);

#endif
