/* render_cloud.c - a pane's cloud of seeded copies on GL (RenderCloud): each copy's
 * final segments drawn once into a premultiplied layer, in key order, the layer composited
 * over the pane and the copies' last segments drawn over it at present.
 */
#include "render/render_cloud.h"

#include <stdlib.h>
#include <string.h>

#include "render/canvas_gl.h"

void render_cloud_free(RenderCloud *c)
{
    for (int j = 0; j < c->n_runs * c->k; j++)
        plot_cloud_path_free(&c->paths[j]);
    free(c->paths);
    free(c->next);
    free(c->segs);
    free(c->ink_rects);
    damage_grid_free(&c->ink);
    damage_grid_free(&c->changed);
    damage_grid_free(&c->tails);
    render_target_free(&c->layer);
    render_target_free(&c->frozen);
    memset(c, 0, sizeof *c);
}

/* The pixels (of the pane) a piece of a cloud line through the n points xy may touch: its
 * mitres reach at most twice the half width hw, and its ramp half a pixel beyond. */
static PixelBox render_cloud_box(const float *xy, int n, float hw)
{
    DamageBounds b = damage_bounds_none();
    for (int k = 0; k < n; k++)
        damage_bounds_add(&b, xy[2 * k], xy[2 * k + 1]);
    return damage_bounds_box(b, 2.0f * hw + 2.0f);
}

/* Which runs' copies sc's cloud draws, as bits (0: no cloud). */
static unsigned render_cloud_mask(const PlotScene *sc)
{
    return sc->cloud && sc->cloud_k > 0 ? plot_runs_mask(sc) : 0u;
}

/* Whether c was drawn from what sc's cloud shows now in a w x h pane at scale s: the same
 * copies, view and look, none of them rewound or replaced. */
static bool render_cloud_current(const RenderCloud *c, const PlotScene *sc, int w, int h,
                                 float s)
{
    const View *v = &sc->view;
    int n_runs = plot_n_runs(sc);
    if (!c->valid || c->layer.w != w || c->layer.h != h || c->scale != s ||
        c->runs != sc->cloud || c->k != sc->cloud_k || c->n_runs != n_runs ||
        c->mask != render_cloud_mask(sc) || c->gen != sc->generation || !view_equal(&c->view, v))
        return false;
    for (int i = 0; i < n_runs; i++) {
        if (c->colors[i] != plot_color_of(sc, i))
            return false;
        for (int k = 0; k < c->k; k++) {
            const Run *copy = plot_cloud_copy(sc, i, k);
            const PlotCloudPath *p = &c->paths[i * c->k + k];
            /* a copy that has not begun is read from its start when it does */
            if (p->seen > 0 && (!copy || copy->gen != p->gen || copy->n < p->seen + 1))
                return false;
        }
    }
    return true;
}

/* Empties c for sc's cloud in a w x h pane at scale s: the layer cleared to transparent, no
 * line read. false when out of memory. */
static bool render_cloud_reset(RenderCloud *c, const PlotScene *sc, int w, int h, float s)
{
    for (int j = 0; j < c->n_runs * c->k; j++)
        plot_cloud_path_free(&c->paths[j]);
    int n_runs = plot_n_runs(sc), n = n_runs * sc->cloud_k;
    free(c->paths);
    free(c->next);
    c->paths = calloc((size_t)(n > 0 ? n : 1), sizeof *c->paths);
    c->next = calloc((size_t)(n > 0 ? n : 1), sizeof *c->next);
    bool ok = c->paths && c->next;
    c->n_runs = ok ? n_runs : 0;
    c->k = ok ? sc->cloud_k : 0;
    c->valid = false;
    c->n_ink_rects = 0;
    if (!ok || !render_target_resize(&c->layer, w, h) || !damage_grid_reset(&c->ink, w, h))
        return false;
    free(c->ink_rects);
    c->ink_rects = malloc(sizeof *c->ink_rects * (size_t)(c->ink.cols * c->ink.rows + 1));
    if (!c->ink_rects)
        return false;
    /* Composited texel for pixel: nearest costs llvmpipe a fraction of linear's filtering. */
    glBindTexture(GL_TEXTURE_2D, c->layer.tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, c->layer.fbo);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    c->runs = sc->cloud;
    c->mask = render_cloud_mask(sc);
    c->gen = sc->generation;
    c->view = sc->view;
    c->scale = s;
    for (int i = 0; i < n_runs; i++)
        c->colors[i] = (unsigned char)plot_color_of(sc, i);
    c->valid = true;
    c->rebuilds++;
    return true;
}

static int render_cloud_seg_order(const void *a, const void *b)
{
    const RenderCloudSeg *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->path != y->path)
        return x->path < y->path ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

static bool render_cloud_seg_add(RenderCloud *c, RenderCloudSeg g)
{
    if (c->n_segs == c->cap_segs) {
        long cap = c->cap_segs ? 2 * c->cap_segs : 1024;
        RenderCloudSeg *m = realloc(c->segs, sizeof *m * (size_t)cap);
        if (!m)
            return false;
        c->segs = m;
        c->cap_segs = cap;
    }
    c->segs[c->n_segs++] = g;
    return true;
}

void render_update_cloud(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc, int w,
                         int h, DamageGrid *marks)
{
    if (!render_cloud_mask(sc)) {
        if (c->shown && marks)
            damage_grid_mark_all(marks);
        c->shown = false;
        c->valid = false;
        return;
    }
    bool rebuild = !render_cloud_current(c, sc, w, h, scale);
    if (rebuild && marks)
        damage_grid_mark_all(marks);
    if (rebuild && !render_cloud_reset(c, sc, w, h, scale)) {
        c->shown = false; /* out of memory: no cloud rather than a wrong one */
        return;
    }
    c->shown = true;
    c->n_segs = 0;
    float hw = 0.0f, min_px = 0.0f;
    Rgba col;
    for (int i = 0; i < c->n_runs; i++) {
        plot_cloud_style(sc, scale, i, &hw, &min_px, &col);
        for (int k = 0; k < c->k; k++) {
            const Run *copy = plot_cloud_copy(sc, i, k);
            int j = i * c->k + k;
            PlotCloudPath *p = &c->paths[j];
            if (!copy || !plot_cloud_path_read(p, sc, copy, min_px))
                continue;
            int v = c->next[j], from, to;
            long key;
            for (; v < p->n; v++) {
                if (!plot_cloud_segment_span(p, v, &from, &to))
                    continue; /* a break, or a line's first vertex: no segment ends there */
                if (!plot_cloud_segment_final(p, v, &key) ||
                    !render_cloud_seg_add(c, (RenderCloudSeg){key, j, v}))
                    break;
            }
            c->next[j] = v;
        }
    }
    if (c->n_segs == 0)
        return;
    qsort(c->segs, (size_t)c->n_segs, sizeof *c->segs, render_cloud_seg_order);
    glBindFramebuffer(GL_FRAMEBUFFER, c->layer.fbo);
    batcher_begin(b, w, h);
    for (long q = 0; q < c->n_segs; q++) {
        const RenderCloudSeg *g = &c->segs[q];
        const PlotCloudPath *p = &c->paths[g->path];
        /* The segment with the vertices its ends depend on, within its line. */
        int from = 0, to = 0;
        plot_cloud_segment_span(p, g->v, &from, &to);
        plot_cloud_style(sc, scale, g->path / c->k, &hw, &min_px, &col);
        canvas_gl_strip(b, p->xy + 2 * from, to - from + 1, g->v - from,
                        g->v - from + 1, 2.0f * hw, col);
        PixelBox box = render_cloud_box(p->xy + 2 * (g->v - 1), 2, hw);
        damage_grid_mark(&c->ink, box);
        if (marks && !rebuild)
            damage_grid_mark(marks, box);
    }
    batcher_end(b);
    c->n_ink_rects = damage_grid_rects(&c->ink, c->ink_rects);
}

void render_cloud_tails(Batcher *b, float scale, const RenderCloud *c, const PlotScene *sc,
                        bool draw, const PixelBox *within, DamageGrid *marks)
{
    if (!c->shown)
        return;
    for (int i = 0; i < c->n_runs; i++) {
        float hw, min_px;
        Rgba col;
        plot_cloud_style(sc, scale, i, &hw, &min_px, &col);
        for (int k = 0; k < c->k; k++) {
            const Run *copy = plot_cloud_copy(sc, i, k);
            if (!copy)
                continue;
            float xy[10];
            int first, n = plot_cloud_last_line(&c->paths[i * c->k + k], sc, copy, min_px, xy,
                                                &first);
            if (first >= n)
                continue;
            PixelBox box = render_cloud_box(xy + 2 * (first - 1), n - first + 1, hw);
            if (draw && (!within || pixelbox_meets(box, *within)))
                canvas_gl_strip(b, xy, n, first, n, 2.0f * hw, col);
            if (marks)
                damage_grid_mark(marks, box);
        }
    }
}

void render_cloud_prepare(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc, int w,
                          int h, int dx, int dy, DamageList *damage)
{
    if (!damage_grid_reset(&c->changed, w, h)) {
        /* out of memory: the whole pane, and no marks kept */
        render_update_cloud(b, scale, c, sc, w, h, NULL);
        damage_grid_free(&c->tails);
        if (damage)
            damage_add(damage, (PixelBox){dx, dy, dx + w, dy + h});
        return;
    }
    render_update_cloud(b, scale, c, sc, w, h, &c->changed);
    /* The last segments where they were, then where they are now. (The segments made final
     * and the new last ones cover the old ones as long as a last point that gave way lies
     * within the thinning distance, under the boxes' padding, of the vertex kept: marked
     * anyway, so that nothing hangs on that.) */
    damage_grid_mark_grid(&c->changed, &c->tails);
    if (damage_grid_reset(&c->tails, w, h)) {
        render_cloud_tails(b, scale, c, sc, false, NULL, &c->tails);
        damage_grid_mark_grid(&c->changed, &c->tails);
    } else {
        damage_grid_mark_all(&c->changed); /* and next time too: tails is 0 x 0 */
    }
    if (damage)
        damage_grid_boxes(&c->changed, dx, dy, damage);
}

void render_cloud_present(Batcher *b, float scale, const RenderCloud *c, const PlotScene *sc,
                          int x, int y, int w, int h, int fb_h)
{
    if (!c->shown)
        return;
    /* A frame redrawn box by box presents each box: only the copies that reach it. */
    PixelBox within = {0, 0, w, h};
    if (b->limit_on)
        within = pixelbox_intersect(within, (PixelBox){b->limit[0] - x,
                                                       fb_h - b->limit[1] - b->limit[3] - y,
                                                       b->limit[0] + b->limit[2] - x,
                                                       fb_h - b->limit[1] - y});
    if (pixelbox_empty(within))
        return;
    batcher_begin_rect(b, x, y, w, h, fb_h);
    batcher_set_premultiplied(b, true);
    /* The layer's inked tiles, texel for pixel; texture row 0 is the bottom of the pane,
     * pixel row 0 the top. */
    float fw = (float)w, fh = (float)h;
    for (int k = 0; k < c->n_ink_rects; k++) {
        PixelBox q = pixelbox_intersect(c->ink_rects[k], within);
        if (pixelbox_empty(q))
            continue;
        float x0 = (float)q.x0, y0 = (float)q.y0, x1 = (float)q.x1, y1 = (float)q.y1;
        batcher_quad_uv(b, c->layer.tex, x0, y0, x1, y1, x0 / fw, 1.0f - y0 / fh, x1 / fw,
                        1.0f - y1 / fh, (Rgba){255, 255, 255, 255});
    }
    batcher_set_premultiplied(b, false);
    render_cloud_tails(b, scale, c, sc, true, &within, NULL);
    batcher_end(b);
}

bool render_cloud_freeze(Batcher *b, float scale, RenderCloud *c, const PlotScene *sc)
{
    c->frozen_valid = false;
    if (!c->shown || !c->valid)
        return true;
    int w = c->layer.w, h = c->layer.h;
    if (!render_target_resize(&c->frozen, w, h))
        return false;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, c->layer.fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, c->frozen.fbo);
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, c->frozen.fbo);
    /* Over transparent texels the batcher's blending leaves premultiplied color, as in the
     * layer. */
    batcher_begin(b, w, h);
    render_cloud_tails(b, scale, c, sc, true, NULL, NULL);
    batcher_end(b);
    c->frozen_valid = true;
    return true;
}

void render_cloud_present_moved(Batcher *b, const RenderCloud *c, const View *now, int x,
                                int y, int w, int h, int fb_h)
{
    if (!c->frozen_valid)
        return;
    batcher_begin_rect(b, x, y, w, h, fb_h);
    batcher_set_premultiplied(b, true);
    batcher_view_image(b, c->frozen.tex, c->frozen.w, c->frozen.h, c->frozen.top_down, &c->view,
                       now);
    batcher_set_premultiplied(b, false);
    batcher_end(b);
}
