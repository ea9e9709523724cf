/* input.h - the window's input, as a small interface between the window (window.c) and the
 * event handling (input.c). input.c owns the pointer and the drag in progress (an
 * InputPointer), reads the layout of the last frame, routes events to the control panel's UI
 * when it wants them, and acts on the session for the mouse's lecturer gestures (a click
 * starts the runs there, the start marker drags, right/middle drag pans, the wheel zooms
 * about the cursor, the timeline seeks). Everything else an event asks of the window — a key
 * table action, quitting, closing the help, a resize, a redraw — comes back in an
 * InputResult for window.c to carry out; input.c never sees the window's own state.
 */
#ifndef LOSSLENS_INPUT_H
#define LOSSLENS_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "figure/figure.h"
#include "lecture/keymap.h"
#include "lecture/session.h"
#include "ui/ui.h"

typedef enum {
    DRAG_NONE,
    DRAG_PAN,      /* right or middle button on a plot */
    DRAG_START,    /* left button: the start point follows the pointer */
    DRAG_UI,       /* left button pressed over the UI */
    DRAG_TIMELINE, /* left button on the timeline: the clock follows the pointer */
    DRAG_ORBIT,    /* left button on a 3D pane: the camera orbits once the pointer moved;
                    * released where it was pressed, a click that sets the start point */
} DragKind;

/* The pointer (drawable pixels) and the drag in progress. Zero is "outside, no drag". */
typedef struct {
    float mx, my;
    bool inside;             /* over the window */
    DragKind drag;
    int drag_pane;
    float drag_x, drag_y;
    bool start_pending;      /* a start-marker drag moved: the window applies it once a frame */
    double start_x, start_y; /* ... at this world point */
    uint32_t view_moved_ms;  /* SDL_GetTicks() of the last wheel zoom or key pan / zoom */
    uint32_t moved_ms;       /* SDL_GetTicks() of the last motion over the window (at least
                              * 1); 0 until the pointer first moves there */
    bool entering;           /* the window was entered: the next motion is where the pointer
                              * crossed into it (X reports one when a window opens under a
                              * resting pointer), not a hand moving it */
    float press_x, press_y;  /* where the left button went down (DRAG_ORBIT) */
    bool orbiting;           /* ... and the pointer has left it since */
} InputPointer;

/* What one event may read and change. */
typedef struct {
    InputPointer *ptr;
    Session *s;
    UiContext *ui;
    const FigureLayout *layout; /* of the last frame */
    float px_ratio;             /* drawable pixels per window coordinate */
    float ui_scale;
    bool help_open;             /* the help overlay is modal */
} InputContext;

/* What the event asks of the window. */
typedef struct {
    KeyAction action;   /* a key table action to carry out; KEY_ACTION_NONE: none */
    int action_index;   /* its index within a key range (KEY_ACTION_LANDSCAPE: 0 for '1') */
    bool quit, close_help, resized, redraw;
    bool exposed; /* the window's pixels were lost (and redraw is set) */
} InputResult;

InputResult input_event(InputContext *in, const SDL_Event *e);

/* The world point under pixel (px, py) of pane p's plot in l: the contour plot's, or in 3D
 * the surface's under the pointer (false when the ray misses the surface). */
bool input_pick(const FigureLayout *l, const Session *s, int p, double px, double py,
                double *x, double *y);

/* Which plot pane of l (of n_panes) holds drawable pixel (x, y), or -1; (x, y) relative to
 * that plot in *px, *py. */
int input_plot_at(const FigureLayout *l, int n_panes, float x, float y, double *px,
                  double *py);

/* The cell (i, j) of the sweep pane's grid in l under drawable pixel (x, y); false where
 * there is none (no sweep pane, no map yet, off the grid). */
bool input_sweep_cell_at(const FigureLayout *l, const Session *s, float x, float y, int *i,
                         int *j);

#endif
