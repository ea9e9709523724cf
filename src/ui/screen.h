/* screen.h - where things go on the screen: the plot panes (1, 1x2 or 2x2), each with an
 * optional loss-versus-step plot under it, the control panel on the right and the timeline
 * bar along the bottom; and which of them a pixel falls in. Pixels of the drawable, y down.
 * libc only. */
#ifndef LOSSLENS_SCREEN_H
#define LOSSLENS_SCREEN_H

#include <stdbool.h>

#include "ui/ui.h"

enum { SCREEN_MAX_PANES = 4 };

typedef struct {
    int w, h;         /* drawable size */
    int cols, rows;   /* pane grid: 1x1, 2x1 (1x2 layout: side by side) or 2x2 */
    int n_panes;      /* <= cols * rows */
    float panel_w;    /* control panel width; 0 hides it */
    float timeline_h; /* timeline bar height; 0 hides it */
    float loss_frac;  /* share of each pane's height given to its loss plot; 0 hides it */
    unsigned loss_off; /* bit i: pane i has no loss plot (its plot takes the whole cell) */
    float gap;        /* between panes */
} ScreenDesc;

typedef struct {
    int n_panes;
    UiRect plot[SCREEN_MAX_PANES]; /* contour plot of each pane */
    UiRect loss[SCREEN_MAX_PANES]; /* its loss plot (zero size when hidden) */
    UiRect panel;                  /* control panel (zero size when hidden) */
    UiRect timeline;               /* timeline bar (zero size when hidden) */
} Screen;

typedef enum {
    SCREEN_NONE,
    SCREEN_PLOT,
    SCREEN_LOSS,
    SCREEN_PANEL,
    SCREEN_TIMELINE,
} ScreenRegion;

/* Lays out the screen. Every rect has integer corners and non-negative size; panes fill
 * the grid row by row (pane 0 top-left). */
Screen screen_layout(const ScreenDesc *d);

/* The region under pixel (x, y) and, for SCREEN_PLOT and SCREEN_LOSS, the pane index
 * (else -1) in *pane. */
ScreenRegion screen_hit(const Screen *s, float x, float y, int *pane);

#endif
