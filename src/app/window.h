/* window.h - the interactive window, driven by the parsed command line. main.c needs
 * app_window_run; the rest lets a test drive the real window frame by frame with synthetic
 * SDL events.
 */
#ifndef LOSSLENS_WINDOW_H
#define LOSSLENS_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/figure.h"
#include "lecture/options.h"
#include "lecture/session.h"
#include "ui/ui.h"

/* Opens the window on o's scene, runs it until the user quits and returns the process exit
 * code. Start-up failures (no OpenGL 3.3, missing shader or font) print one tagged line to
 * stderr and return 1. */
int app_window_run(const Options *o);

/* ---- Frame by frame (app_window_run is open + frame until quit + close) --------------- */

typedef struct AppWindow AppWindow;

/* Initializes SDL video, opens the window and its GL context, the renderer, the UI and the
 * session of o's scene. NULL with one line in err on failure (nothing left open). */
AppWindow *app_window_open(const Options *o, char *err, size_t errlen);
/* Handles every pending event, advances the clock when playing and draws a frame (or keeps
 * the last one when nothing changed). Returns false once the user asked to quit, or on a
 * rendering failure (the message is in app_window_error). Never waits for events. */
bool app_window_frame(AppWindow *w);
/* Like app_window_frame, but always draws and returns the drawn frame before it is shown:
 * a malloc'ed RGBA image of *width x *height pixels, bottom row first (caller frees); NULL on
 * failure. */
unsigned char *app_window_capture(AppWindow *w, int *width, int *height);
void app_window_close(AppWindow *w);

/* What a test inspects: the live session, the layout of the last frame (drawable pixels),
 * the UI context, the drawable-per-window pixel ratio, the last error and how many frames
 * were drawn (not merely handled). */
Session *app_window_session(AppWindow *w);
const FigureLayout *app_window_layout(const AppWindow *w);
UiContext *app_window_ui(AppWindow *w);
float app_window_pixel_ratio(const AppWindow *w);
const char *app_window_error(const AppWindow *w);
long app_window_frames_drawn(const AppWindow *w);
/* Whether frames are redrawn only where they changed and shown a box at a time
 * (glplat_partial_present), and how many pixels the last frame drawn redrew. */
bool app_window_partial(const AppWindow *w);
long app_window_damage_px(const AppWindow *w);
/* The next frame is drawn whole, as if the window had lost its pixels (tests compare it with
 * frames redrawn in parts). */
void app_window_forget_frame(AppWindow *w);
/* Frames follow each other as fast as they are drawn, without the floor of a frame's time
 * the window keeps without vsync (15 ms): what the machine can do (benchmarks). */
void app_window_set_unpaced(AppWindow *w, bool unpaced);

/* The lecture side, for tests: presenter mode (P, --present: fullscreen, control panel
 * hidden, UI scale x1.5, high contrast, a ring around the pointer over the plots; P again
 * restores what was before), the UI scale in use, whether the control panel shows, the
 * notice's text ("" when none shows) and the scene file on screen ("" when the flags built
 * the scene). */
bool app_window_presenter(const AppWindow *w);
/* In presenter mode the hover readout shows while the pointer moves over a plot and goes
 * once it has rested this long, so a pointer left on the slide covers nothing; in both
 * modes it shows only once the pointer has moved over the window. */
enum { APP_WINDOW_READOUT_REST_MS = 2500 };
/* The plot pane whose readout the last frame drew, or -1. */
int app_window_readout_pane(const AppWindow *w);
float app_window_ui_scale(const AppWindow *w);
bool app_window_panel_shown(const AppWindow *w);
const char *app_window_notice(const AppWindow *w);
const char *app_window_scene_path(const AppWindow *w);

#endif
