/* basinview.c - the colours of basin maps and sweeps (see basinview.h). */
#include "lecture/basinview.h"

#include <math.h>

#include "lecture/colormap.h"
#include "ui/palette.h"

void basinview_hues(const CriticalPoint *m, int n, int *hue)
{
    for (int k = 0; k < n; k++) {
        if (n <= PALETTE_SIZE) { /* enough hues for all: each its own */
            hue[k] = k;
            continue;
        }
        double nearest = INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != k)
                nearest = fmin(nearest, hypot(m[j].x - m[k].x, m[j].y - m[k].y));
        }
        unsigned taken = 0;
        for (int j = 0; j < k; j++) {
            if (hypot(m[j].x - m[k].x, m[j].y - m[k].y) <= 1.5 * nearest)
                taken |= 1u << hue[j];
        }
        int h = 0;
        while (h < PALETTE_SIZE - 1 && (taken >> h & 1u))
            h++;
        hue[k] = h;
    }
}

void basinview_cell_rgb(const BasinCell *c, long steps, const int *hue, unsigned char rgb[3])
{
    if (c->status != BASIN_CONVERGED) {
        unsigned char v = c->status == BASIN_DIVERGED ? 0 : BASINVIEW_GREY;
        rgb[0] = rgb[1] = rgb[2] = v;
        return;
    }
    unsigned char base[3];
    palette_run_rgb(hue && c->cls >= 0 ? hue[c->cls] : 0, base);
    double shade = 1.0 - BASINVIEW_SHADE * (steps > 0 ? (double)c->steps / steps : 0.0);
    for (int i = 0; i < 3; i++)
        rgb[i] = (unsigned char)lround(base[i] * shade);
}

void basinview_sweep_rgb(const BasinCell *c, long steps, unsigned char rgb[3])
{
    if (c->status != BASIN_CONVERGED) {
        unsigned char v = c->status == BASIN_DIVERGED ? 0 : BASINVIEW_GREY;
        rgb[0] = rgb[1] = rgb[2] = v;
        return;
    }
    double t = steps > 0 ? 1.0 - log1p((double)c->steps) / log1p((double)steps) : 1.0;
    float f[3];
    colormap_viridis((float)t, f);
    for (int i = 0; i < 3; i++)
        rgb[i] = (unsigned char)lroundf(fminf(fmaxf(f[i], 0.0f), 1.0f) * 255.0f);
}

void basinview_image(const BasinCell *cells, int w, int h, long steps, const int *hue,
                     bool sweep, unsigned char *rgba)
{
    for (size_t k = 0; k < (size_t)w * h; k++) {
        if (sweep)
            basinview_sweep_rgb(&cells[k], steps, rgba + 4 * k);
        else
            basinview_cell_rgb(&cells[k], steps, hue, rgba + 4 * k);
        rgba[4 * k + 3] = 255;
    }
}
