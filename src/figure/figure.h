/* figure.h - the one composer of what losslens shows: a session laid out on a target (the
 * title band, the panes with their plots, overlays, decorations and loss plots, the control
 * panel, the timeline) and drawn through a Canvas. The window (GL canvas), `--png`, `--gif`
 * and the S and G keys all call figure_draw; only the canvas differs. The window's transient
 * extras (hover readout, presenter ring, notice, help) are drawn here too, so nothing of the
 * picture is composed anywhere else. Display-free.
 */
#ifndef LOSSLENS_FIGURE_H
#define LOSSLENS_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/canvas.h"
#include "figure/legend.h"
#include "figure/overlay.h"
#include "figure/plot.h"
#include "lecture/readout.h"
#include "lecture/session.h"
#include "ui/screen.h"
#include "ui/ui.h"

typedef struct {
    int w, h;        /* target size in pixels */
    float ui_scale;  /* the canvas's scale (figure_ui_scale) */
    bool panel;      /* the control panel on the right */
    bool timeline;   /* the timeline strip along the bottom */
    bool plain;      /* no title band (--plain) */
    bool presenter;  /* presenter mode (wider paths: the legends' placement) */
} FigureLayoutDesc;

typedef struct {
    int w, h;        /* the target's size */
    bool plain;      /* laid out for --plain: no title band, no axis strips */
    bool presenter;
    Screen screen;   /* plot and loss rect of each pane, the panel, the timeline */
    UiRect title;    /* the band with the scene's title and caption (zero height without) */
    /* A pane's legend beside its plot (zero size: over the plot, placed by pane_legend). */
    UiRect legend[SCREEN_MAX_PANES];
    /* The sweep pane (OVERLAY_SWEEP), taken out of the selected pane's plot, and its grid of
     * cells (figure/sweeppane.h); zero size when hidden. */
    UiRect sweep, sweep_grid;
    LegendForm legend_form[SCREEN_MAX_PANES]; /* its form there */
} FigureLayout;

/* Control panel width and timeline height at UI scale 1, and the share of a pane's height
 * its loss plot takes when the scene's OVERLAY_LOSS_PLOT bit is on: never less than
 * FIGURE_LOSS_MIN_H at UI scale 1, scaled; where that would be more than
 * FIGURE_LOSS_MAX_FRAC of the cell (2x2 on a projector), the plot keeps the whole cell. */
enum { FIGURE_PANEL_W = 400, FIGURE_TIMELINE_H = 44, FIGURE_PANE_GAP = 4,
       FIGURE_LOSS_MIN_H = 130 };
static const float FIGURE_LOSS_FRAC = 0.28f;
static const float FIGURE_LOSS_MAX_FRAC = 0.4f;
/* A legend strip beside a plot takes at most this share of it. */
static const float FIGURE_LEGEND_STRIP_MAX = 0.5f;
/* ... or up to this share where that shows every run's line whole. */
static const float FIGURE_LEGEND_STRIP_WHOLE = 0.6f;
/* Presenter mode multiplies the UI scale (fonts, lines, markers) by this. */
#define FIGURE_PRESENTER_SCALE 1.5f
/* The background where nothing else is drawn (gaps between panes, behind the HUD). */
static const Rgba FIGURE_BG = {18, 20, 28, 255};

/* The UI scale of a figure h pixels tall: 1 up to 1080 lines, growing with the height beyond
 * (a 4K export reads like a 1080p one), times px_ratio (HiDPI drawables; 1 for images), times
 * the user's --ui-scale, times FIGURE_PRESENTER_SCALE in presenter mode. The window, --png and
 * --gif all use it. */
float figure_ui_scale(int h, float px_ratio, float user_scale, bool presenter);

/* Lays out s on a d->w x d->h target: the grid of the scene's layout (single, 1x2 side by
 * side, 2x2) left of the panel, under the title band, above the timeline. c measures the
 * title and caption. */
FigureLayout figure_layout(Canvas *c, const Session *s, const FigureLayoutDesc *d);

/* What a figure keeps per pane from frame to frame (the caller owns them, zeroed at first and
 * whenever the scene changes; no memory of their own): the overlays' and the legend's. */
typedef struct {
    OverlayCache overlay;
    LegendCache legend;
} FigurePaneCache;

/* Fits every pane's view to its plot in l (session_layout_pane), inside the axis strips that
 * the decorations will draw over it at c's scale, so the home window shows whole. Where a
 * pane's legend would hide a path, a marker or a critical point wherever it went on the plot
 * (legend_place), the plot gives up a strip beside it (on the right of a wide plot, below a
 * tall one) and the legend goes there, l->legend[p], in the form l->legend_form[p]: narrow on
 * the right; below, compact, or narrow where a compact line would be cut short. caches: as
 * figure_draw's (NULL: none, everything collected afresh). */
void figure_fit_views(Canvas *c, Session *s, FigureLayout *l, FigurePaneCache *caches);

/* The plot of pane p as it is now (its view, levels, runs, which of them are enabled, the
 * session's generation and clock). */
PlotScene figure_plot_scene(const Session *s, int p);


/* What figure_draw shows beyond the session itself. Zero is the plain export's default. */
typedef struct {
    bool plain;             /* no title, axes, legend, overlays or loss plots (--plain) */
    bool presenter;         /* presenter mode (contrast, wider paths) */
    bool interacting;       /* the view is moving: the backend may draw cheap fields */
    int point_pane;         /* the pane whose point overlays sit at point; -1: the selected
                             * run's current point in every pane */
    double point[2];        /* e.g. the world point under the cursor */
    bool outline_selected;  /* outline the selected pane when there are several (window) */
    UiColor accent;         /* ... in this color */
    const UiContext *ui;    /* the control panel's commands, drawn when not NULL */
    /* The hover readout: lines in a box near (mx, my) inside pane readout_pane (-1: none). */
    int readout_pane;
    char (*readout)[READOUT_LINE_LEN];
    float mx, my;
    int ring_pane;          /* presenter mode's cursor ring at (mx, my) in this pane; -1 */
    bool sweep_hover;       /* (mx, my) is over the sweep pane's grid: its cell's box */
} FigureDesc;

/* Draws s on c's w x h target as l lays it out: the background, the title band, every pane
 * (canvas_plot's base in slot p, then the overlays, the decorations and the HUD), the
 * selection outline, the timeline when l has one, the readout, the presenter ring and the
 * panel's commands. caches: one FigurePaneCache per pane (SCENE_MAX_PANES), kept by the
 * caller from frame to frame. false with a message when the canvas cannot draw a plot. */
bool figure_draw(Canvas *c, const Session *s, const FigureLayout *l, const FigureDesc *d,
                 FigurePaneCache *caches, char *err, size_t errlen);

/* A short message centred above the timeline (e.g. where a screenshot went), on the w x h
 * target c draws on. */
void figure_draw_notice(Canvas *c, const FigureLayout *l, int w, int h, const char *text);

#endif
