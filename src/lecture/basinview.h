/* basinview.h - how basin maps and sweeps become pixels: one hue per minimum (the run
 * palette, Okabe-Ito, given out so that neighbouring minima differ), darker the more steps a
 * start took; black where it diverged, grey where it still runs. A sweep's cells by the
 * steps to the tolerance on viridis (bright = fast, log scale), black diverged, grey running.
 * Shared by the headless --basin/--sweep images and the window's overlay. libc only.
 */
#ifndef LOSSLENS_BASINVIEW_H
#define LOSSLENS_BASINVIEW_H

#include <stdint.h>

#include "analysis/basin.h"
#include "lecture/session.h"

enum { BASINVIEW_GREY = 128 };
#define BASINVIEW_SHADE 0.65 /* a start that took all N steps is 1 - 0.65 as bright */

/* The palette index of each of the n minima: its own (k) when the palette has enough, else
 * the lowest one not taken by a minimum within
 * 1.5 times its nearest neighbour's distance, assigned in order (so a lattice of minima,
 * like Rastrigin's, never puts one colour on two neighbours). */
void basinview_hues(const CriticalPoint *minima, int n, int *hue);

/* The colour of a map's cell (hue: basinview_hues of its minima, may be NULL when there are
 * no classes), N the map's steps: a converged cell's hue times 1 - SHADE steps/N, rounded. */
void basinview_cell_rgb(const BasinCell *c, long steps, const int *hue, unsigned char rgb[3]);

/* The colour of a sweep's cell: viridis(1 - log(1 + steps)/log(1 + N)) when converged. */
void basinview_sweep_rgb(const BasinCell *c, long steps, unsigned char rgb[3]);

/* The w x h image of cells (RGBA, alpha 255, top row first) into rgba (4 w h bytes); sweep
 * selects basinview_sweep_rgb. */
void basinview_image(const BasinCell *cells, int w, int h, long steps, const int *hue,
                     bool sweep, unsigned char *rgba);

/* ---- The window's basins overlay ----------------------------------------------------
 * Per pane, the map of its selected run (the session's selected run in the selected pane,
 * run 0 in the others) over the pane's view box, s->max_step steps: BASINVIEW_COARSE_W
 * starts across at once when anything it depends on changed (the run's settings, the
 * landscape and its parameters, the box, the steps), BASINVIEW_FINE times as many each way
 * (BASINVIEW_FINE_ENGINE when the engine computes it) once a call asks for the refined map
 * and nothing changed. Pane.basins owns it (one
 * allocation: session_free frees it). */
enum { BASINVIEW_COARSE_W = 64, BASINVIEW_FINE = 2, BASINVIEW_ALPHA = 150 };
/* The refined map's factor when the engine computes it (the GPU: 256 starts across in
 * tens of milliseconds); the most plot_basins draws. */
enum { BASINVIEW_FINE_ENGINE = 4, BASINVIEW_FINE_MAX = 4 };

typedef struct BasinLayer {
    uint64_t key;  /* what it was computed for */
    unsigned gen;  /* bumps on every new map (the GL scene layer redraws) */
    bool fine;
    ViewBox box;
    long steps;
    int w, h, cap;
    int n_minima;
    CriticalPoint minima[BASIN_MAX_MINIMA];
    int hue[BASIN_MAX_MINIMA];
    BasinCell cells[]; /* cap >= w h */
} BasinLayer;

/* Brings the layer of every pane whose scene shows OVERLAY_BASINS up to date: coarse when
 * what it depends on changed, else refined when fine asks for it and it is still coarse.
 * engine: computes the refined maps whose settings it supports (the window's GPU,
 * render/basin_gl.h); the coarse ones (they follow a slider, and a new program's first
 * build may take a second), the others and any it fails go to basin_compute. NULL (the
 * exports): the CPU computes the refined map at BASINVIEW_FINE_MAX. *changed says
 * whether a map changed; false with err on out of memory or a failed map (the old layer
 * stays). */
bool basinview_update(Session *s, BasinEngine *engine, bool fine, bool *changed, char *err,
                      size_t len);

#endif
