/* pane.h - a pane's decorations and the title band, composed on the Canvas: everything of a
 * plot but its base (figure/plot.h's canvas_plot draws the field, critical points and paths
 * underneath). Display-free: the same code decorates the window's panes (GL) and the PNG and
 * GIF exports' (CPU). Sizes scale with the canvas's scale.
 */
#ifndef LOSSLENS_PANE_H
#define LOSSLENS_PANE_H

#include <stddef.h>

#include "figure/canvas.h"
#include "figure/legend.h"
#include "figure/plot.h"
#include "run/run.h"
#include "ui/ui.h"

/* Draws on the fb_w x fb_h target c was begun on, inside rect (the pane's plot; sc->view is
 * resized to it): start and current markers with the step arrow, then, unless sc->plain,
 * the axis strips, the legend of the enabled runs with their swatches and (show_status) the
 * play/pause pill. Leaves c flushed. cache: the pane's legend cache (NULL: none). */
void pane_draw_decor(Canvas *c, const PlotScene *sc, int fb_w, int fb_h, UiRect rect,
                     LegendCache *cache);

/* Where pane_draw_decor puts sc's legend in rect (figure/legend.h; box in plot pixels). */
LegendPlace pane_legend(Canvas *c, const PlotScene *sc, UiRect rect, LegendCache *cache);

/* A whole pane through c: plot_draw_base in slot, then pane_draw_decor. c must be begun on
 * its whole fb_w x fb_h target. false with a message as plot_draw_base. */
bool pane_draw(Canvas *c, int slot, const PlotScene *sc, int fb_w, int fb_h, UiRect rect,
               char *err, size_t errlen);

/* The sizes of the axis strips the decorations draw over a plot's left and bottom edges at
 * c's scale (the left one for tick labels of up to five characters), in whole pixels. */
void pane_axis_strips(Canvas *c, int *left, int *bottom);

/* The band above the panes with a scene's title (bold) and caption (wrapped to the width, at
 * most 3 lines). Height 0 when both are empty. Drawing fills the band's background on the
 * fb_w x fb_h target. */
float pane_title_height(Canvas *c, const char *title, const char *caption, float width);
void pane_title_band(Canvas *c, const char *title, const char *caption, int fb_w, int fb_h,
                     UiRect rect);

#endif
