/* legend.h - a pane's legend, placed where it hides nothing a class must see: the landscape's
 * name and formula and one entry per enabled run (the full form), or one line per run (the
 * compact form), in whichever corner of the plot covers no path, no start or current marker
 * and no critical point, trying the full form in every corner before the compact one. The
 * placement is computed from the runs as drawn now, so the window, --png and every GIF frame
 * agree. Display-free: sizes come from the canvas's fonts and scale.
 */
#ifndef LOSSLENS_LEGEND_H
#define LOSSLENS_LEGEND_H

#include <stdbool.h>

#include "figure/canvas.h"
#include "figure/plot.h"
#include "ui/ui.h"

typedef enum {
    LEGEND_TOP_LEFT,
    LEGEND_TOP_RIGHT,
    LEGEND_BOTTOM_LEFT,
    LEGEND_BOTTOM_RIGHT,
    LEGEND_CORNER_COUNT
} LegendCorner;

/* The legend's forms: the full one (name, formula, two lines per run), the compact one (one
 * small line per run) and the narrow one for a strip beside the plot (two small lines per
 * run: the label, then the loss or why the run stopped). */
typedef enum {
    LEGEND_FULL,
    LEGEND_COMPACT_FORM,
    LEGEND_NARROW,
} LegendForm;

typedef struct {
    bool shown;
    LegendForm form;
    LegendCorner corner;
    UiRect box;   /* the panel, in pixels of the pane's plot (0, 0 its top-left) */
    int covered;  /* what it hides (legend_covered); 0 unless no corner was free */
    bool cut;     /* a run's line is cut short to fit, or the panel is taller than the plot:
                   * no form fitted whole */
} LegendPlace;

/* What a pane's legend placement remembers from frame to frame: the path segments it has
 * collected, in plot pixels, so a frame walks only the points added since (a view change,
 * new runs or a rewind start it over). Zero is empty; it owns no memory. Beyond
 * LEGEND_MAX_SEGMENTS segments a path's further points are not kept. */
enum { LEGEND_MAX_SEGMENTS = 6144 };
typedef struct {
    const Run *runs;
    int n_runs;
    unsigned generation, enabled_mask;
    View view;
    long done[PLOT_MAX_RUNS];       /* points of each run walked */
    unsigned long gen[PLOT_MAX_RUNS]; /* each run's Run.gen when walked */
    double last[PLOT_MAX_RUNS][2];  /* the last point kept (NAN: none yet) */
    long n_seg;
    float seg[LEGEND_MAX_SEGMENTS][4];
} LegendCache;

/* The text of the k-th listed (enabled) run's entry in form, before it is cut to fit: its
 * title line and its status line ("" where the form has none). false when k is not listed. */
bool legend_entry_text(Canvas *c, const PlotScene *sc, LegendForm form, int k, char *title,
                       size_t tlen, char *status, size_t slen);

/* Where the basins overlay's legend (plot_basins_legend) goes in the rectangle x, y, w, h of
 * the plot's own pixels (sc->view sized to the plot), and in which form: the full form, else
 * the compact one, at the first of bottom left, bottom right, top left, top right where it
 * hides nothing (legend_covered). false: no basins, or nowhere it would hide nothing (then it
 * is not drawn). The runs' legend keeps off it. */
bool legend_basins_box(Canvas *c, const PlotScene *sc, float x, float y, float w, float h,
                       UiRect *box, bool *compact);

/* Where sc's legend goes on a w x h plot whose left `left` and bottom `bottom` pixels are the
 * axis strips (sc->view sized w x h), under sc->legend's mode. cache: the pane's (NULL:
 * collect everything afresh). */
LegendPlace legend_place(Canvas *c, const PlotScene *sc, int w, int h, float left,
                         float bottom, LegendCache *cache);

/* How many things a panel at box (plot pixels) would hide, at canvas scale `scale`: each
 * enabled run's start and current marker and each path segment (consecutive points closer
 * than a pixel merged) that reaches into it, and each critical point of the landscape in view
 * within a marker's reach. */
int legend_covered(const PlotScene *sc, UiRect box, float scale);

/* The size of sc's legend in one form, at most max_w wide. */
void legend_size(Canvas *c, const PlotScene *sc, LegendForm form, float max_w, float *w,
                 float *h);

/* Draws the legend at p (plot frame: c begun on the plot's rectangle). */
void legend_draw(Canvas *c, const PlotScene *sc, const LegendPlace *p);

#endif
