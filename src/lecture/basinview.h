/* basinview.h - how basin maps and sweeps become pixels: one hue per minimum (the run
 * palette, Okabe-Ito, given out so that neighbouring minima differ), darker the more steps a
 * start took; black where it diverged, grey where it still runs. A sweep's cells by the
 * steps to the tolerance on viridis (bright = fast, log scale), black diverged, grey running.
 * Shared by the headless --basin/--sweep images and the window's overlay. libc only.
 */
#ifndef LOSSLENS_BASINVIEW_H
#define LOSSLENS_BASINVIEW_H

#include "analysis/basin.h"

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

#endif
