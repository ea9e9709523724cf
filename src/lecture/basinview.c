/* basinview.c - the colours of basin maps and sweeps (see basinview.h). */
#include "lecture/basinview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lecture/colormap.h"
#include "ui/palette.h"
#include "util/hash.h"

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

/* What a map depends on: the landscape (and a typed one's parameters), every setting of the
 * run by value, the steps and the box. */
static uint64_t layer_key(const Landscape *ls, const RunDesc *r, long steps, ViewBox box)
{
    uint64_t h = landscape_fingerprint(ls);
    double v[HYPER_COUNT + 8];
    int n = 0;
    for (int k = 0; k < HYPER_COUNT; k++)
        v[n++] = hyper_get(&r->opt, (HyperKey)k);
    v[n++] = r->schedule.gamma;
    v[n++] = (double)r->schedule.every;
    v[n++] = r->schedule.period;
    v[n++] = r->schedule.min_factor;
    v[n++] = r->noise;
    v[n++] = r->tol;
    h = hash_bytes(h, v, (size_t)n * sizeof v[0]);
    int ints[3] = {(int)r->opt.kind, (int)r->schedule.kind, r->batch};
    h = hash_bytes(h, ints, sizeof ints);
    h = hash_bytes(h, &r->seed, sizeof r->seed);
    h = hash_bytes(h, &steps, sizeof steps);
    double b[4] = {box.xmin, box.xmax, box.ymin, box.ymax};
    return hash_bytes(h, b, sizeof b);
}

/* Computes pane's map at w x h into *layer (grown as needed). */
static bool layer_compute(BasinLayer **layer, BasinEngine *engine, const Landscape *ls,
                          const RunDesc *r, long steps, ViewBox box, int w, int h,
                          uint64_t key, bool fine, char *err, size_t len)
{
    BasinLayer *l = *layer;
    if (!l || l->cap < w * h) {
        BasinLayer *grown = realloc(l, sizeof *l + (size_t)w * h * sizeof l->cells[0]);
        if (!grown) {
            snprintf(err, len, "basins: out of memory");
            return false;
        }
        if (!l)
            grown->gen = 0;
        grown->cap = w * h;
        *layer = l = grown;
    }
    if (l->key != key || l->w == 0) {
        l->n_minima = basin_minima(ls, box, l->minima, BASIN_MAX_MINIMA);
        basinview_hues(l->minima, l->n_minima, l->hue);
    }
    BasinDesc d = {.ls = ls, .run = *r, .steps = steps, .view = box, .w = w, .h = h,
                   .minima = l->minima, .n_minima = l->n_minima};
    /* the engine (the GPU) when it takes these settings; the CPU when not, or if it fails */
    bool done = engine && engine->supports(engine, &d) &&
                engine->compute(engine, &d, l->cells, err, len);
    if (!done && !basin_compute(&d, l->cells, err, len)) {
        l->w = l->h = 0; /* partly written: show nothing rather than a torn map */
        l->key = 0;
        return false;
    }
    l->key = key;
    l->gen++;
    l->fine = fine;
    l->box = box;
    l->steps = steps;
    l->w = w;
    l->h = h;
    return true;
}

/* Whether engine computes the map of these settings (at w x h, or finer). */
static bool engine_takes(const BasinEngine *engine, const Landscape *ls, const RunDesc *r,
                         long steps, ViewBox box, int w, int h)
{
    BasinDesc d = {.ls = ls, .run = *r, .steps = steps, .view = box, .w = w, .h = h};
    return engine && engine->supports(engine, &d);
}

bool basinview_update(Session *s, BasinEngine *engine, bool fine, bool *changed, char *err,
                      size_t len)
{
    *changed = false;
    if (!(s->scene.overlays & (1u << OVERLAY_BASINS)))
        return true;
    for (int p = 0; p < s->n_panes; p++) {
        Pane *pane = &s->panes[p];
        int sel = session_shown_run(s, p);
        const Run *run = &pane->runs[sel];
        if (!run->opt || !pane->desc.ls)
            continue;
        ViewBox box = pane->has_view ? view_bounds(&pane->view) : pane->home;
        uint64_t key = layer_key(pane->desc.ls, &run->desc, s->max_step, box);
        BasinLayer *l = pane->basins;
        bool stale = !l || l->key != key || l->w == 0;
        if (!stale && (l->fine || !fine))
            continue;
        double aspect = (box.ymax - box.ymin) / (box.xmax - box.xmin);
        int w = BASINVIEW_COARSE_W;
        int h = (int)lround(w * aspect);
        h = h < 8 ? 8 : h > 2 * w ? 2 * w : h;
        bool refine = !stale && fine;
        if (refine) {
            /* Without an engine (an export, which waits for its picture) the CPU computes
             * the finest map; in the window it keeps to what a quiet frame affords. */
            int k = !engine ? BASINVIEW_FINE_MAX
                    : engine_takes(engine, pane->desc.ls, &run->desc, s->max_step, box, w, h)
                        ? BASINVIEW_FINE_ENGINE
                        : BASINVIEW_FINE;
            w *= k;
            h *= k;
        }
        /* The coarse map, which follows a slider, stays on the CPU (64 starts across in
         * milliseconds, never waiting for a shader build); the engine takes the refined one. */
        if (!layer_compute(&pane->basins, refine ? engine : NULL, pane->desc.ls, &run->desc,
                           s->max_step, box, w, h, key, refine, err, len))
            return false;
        *changed = true;
    }
    return true;
}
