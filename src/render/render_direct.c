/* render_direct.c - see render_direct.h. */
#include "render/render_direct.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figure/pathlod.h"
#include "figure/plot.h"
#include "render/damage.h"
#include "render/render_paths.h"

bool render_direct_ok(const Renderer *r, const RenderPane *p, const PlotScene *sc)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    return sc->interacting && !sc->surface && p->f_valid &&
           (p->direct || !view_equal(&p->f_view, &sc->view)) && p->f_ls == sc->ls &&
           p->f_fn == landscape_fingerprint(sc->ls) && p->f_levels == levels &&
           p->f_ui == r->ui_scale && p->f_presenter == sc->presenter &&
           (p->full_ready || p->low.fbo);
}

void render_direct_sync(RenderPane *p, const PlotScene *sc)
{
    int n_runs = plot_n_runs(sc);
    double tol = pathlod_world_tol(sc->view.scale);
    for (int i = 0; i < n_runs; i++) {
        if (!plot_run_enabled(sc, i))
            continue;
        /* The wheel going back and forth over an octave would read every point again each
         * frame: the level of detail a zoom left within an octave of the view's is kept
         * (at most half a pixel off the path) until the view settles. */
        double kept = p->bufs[i].tol;
        if (!(kept > 0.0 && tol <= 2.0 * kept && kept <= 2.0 * tol))
            traj_buffer_set_tol(&p->bufs[i], tol);
        traj_buffer_sync(&p->bufs[i], sc->runs[i].pts, sc->runs[i].n, sc->runs[i].gen);
    }
}

/* A pan (the same scale, the image the view's size): the old field's pixels copied where they
 * lie now, as the quad of batcher_view_image would draw them (pixel px takes texel
 * floor(px + 0.5 - sx0) under GL_NEAREST, and the quad covers the pixels whose centres lie
 * at or right of sx0), cut to the pane (GL rectangle gx, gy, w, h) and to clip. A blit, which
 * llvmpipe does with a memcpy into the window (the field and the window both top down:
 * RenderTarget.top_down) where the quad cost about 5 ms at 1920x1080. false (nothing done)
 * where it does not apply. */
static bool render_direct_field_copy(const RenderTarget *f, const View *was, const View *now,
                                     double sx0, double sy0, GLuint fbo, int fb_h, int gx,
                                     int gy, int w, int h, const int clip[4])
{
    if (!(was->scale == now->scale && f->w == was->w && f->h == was->h))
        return false;
    /* Where the image's top-left pixel lands: pane pixels, y down; then GL rows. */
    int ox = (int)ceil(sx0 - 0.5), oy = (int)ceil(sy0 - 0.5);
    int left = gx + ox, top = gy + h - oy; /* top: the GL row above the image's first */
    PixelBox image = {left, top - f->h, left + f->w, top}; /* GL coordinates, as clip */
    PixelBox b = pixelbox_intersect(pixelbox_intersect(image, (PixelBox){gx, gy, gx + w, gy + h}),
                                    (PixelBox){clip[0], clip[1], clip[2], clip[3]});
    if (!pixelbox_empty(b))
        render_target_copy(f, b.x0 - left, top - b.y1, b.x1 - b.x0, b.y1 - b.y0, fbo, fb_h,
                           false, b.x0, fb_h - b.y1);
    return true;
}

/* The last field rendered (for p->f_view) drawn where its world box lies in sc's view, at
 * the pane whose GL rectangle is (gx, gy, w, h), within clip (GL x0, y0, x1, y1); the field
 * program, with the same colour scale, over what it does not cover. Pixels as they were
 * where a pan moved the field by whole pixels; magnified (linear) where a zoom scaled it. */
static bool render_direct_field(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                                int fb_h, int gx, int gy, int w, int h, const int clip[4],
                                char *err, size_t errlen)
{
    const RenderTarget *f = p->full_ready ? &p->full : &p->low;
    ViewBox fb = view_bounds(&p->f_view);
    double sx0, sy0, sx1, sy1; /* the old field's corners in pane pixels, y down */
    view_world_to_screen(&sc->view, fb.xmin, fb.ymax, &sx0, &sy0);
    view_world_to_screen(&sc->view, fb.xmax, fb.ymin, &sx1, &sy1);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    Batcher *b = &r->batch;
    if (!render_direct_field_copy(f, &p->f_view, &sc->view, sx0, sy0, fbo, fb_h, gx, gy, w, h,
                                  clip)) {
        batcher_begin_rect(b, gx, fb_h - gy - h, w, h, fb_h);
        batcher_set_blend(b, false);
        batcher_view_image(b, f->tex, f->w, f->h, f->top_down, &p->f_view, &sc->view);
        batcher_end(b);
    }
    /* The strips around the old field's pixels (GL rows bottom-up), cut to clip; they reach
     * a pixel into them, so that no pixel is left to the quad's rounding. */
    int cx0 = gx + (int)fmax(0.0, fmin((double)w, ceil(sx0 - 0.5) + 1.0));
    int cx1 = gx + (int)fmax(0.0, fmin((double)w, floor(sx1 + 0.5) - 1.0));
    int cy0 = gy + h - (int)fmax(0.0, fmin((double)h, floor(sy1 + 0.5) - 1.0));
    int cy1 = gy + h - (int)fmax(0.0, fmin((double)h, ceil(sy0 - 0.5) + 1.0));
    cx1 = cx1 > cx0 ? cx1 : cx0;
    cy1 = cy1 > cy0 ? cy1 : cy0;
    const int strips[4][4] = {{gx, gy, gx + w, cy0},          /* below */
                              {gx, cy1, gx + w, gy + h},      /* above */
                              {gx, cy0, cx0, cy1},            /* left */
                              {cx1, cy0, gx + w, cy1}};       /* right */
    ViewBox box = view_bounds(&sc->view);
    const int rect[4] = {gx, gy, w, h};
    int cut[4][4], n = 0;
    for (int k = 0; k < 4; k++) {
        int x0 = strips[k][0] > clip[0] ? strips[k][0] : clip[0];
        int y0 = strips[k][1] > clip[1] ? strips[k][1] : clip[1];
        int x1 = strips[k][2] < clip[2] ? strips[k][2] : clip[2];
        int y1 = strips[k][3] < clip[3] ? strips[k][3] : clip[3];
        if (x1 > x0 && y1 > y0)
            memcpy(cut[n++], (int[4]){x0, y0, x1, y1}, sizeof cut[0]);
    }
    int div = field_low_res_div(p->f_ls);
    if (div == 1) {
        for (int k = 0; k < n; k++) {
            const int scissor[4] = {cut[k][0], cut[k][1], cut[k][2] - cut[k][0],
                                    cut[k][3] - cut[k][1]};
            if (!field_render_rect(&r->field, fbo, rect, scissor, false, p->f_ls, &box,
                                   &p->f_scale, err, errlen))
                return false;
        }
        return true;
    }
    /* A data landscape's program loops over the data at every pixel: its strips come from
     * a reduced field of the view (rendered there only, a texel beyond for the filter). */
    if (n == 0)
        return true;
    int lw = (w + div - 1) / div, lh = (h + div - 1) / div;
    if (!render_target_resize(&p->draft, lw, lh)) {
        snprintf(err, errlen, "cannot create a %dx%d field framebuffer", lw, lh);
        return false;
    }
    FieldScale fs = p->f_scale;
    fs.line_px /= (float)div;
    const int low[4] = {0, 0, lw, lh};
    for (int k = 0; k < n; k++) {
        /* The draft spreads the view's box over its lw x lh texels. */
        int x0 = (int)floor((double)(cut[k][0] - gx) * lw / w) - 1;
        int y0 = (int)floor((double)(cut[k][1] - gy) * lh / h) - 1;
        int x1 = (int)ceil((double)(cut[k][2] - gx) * lw / w) + 1;
        int y1 = (int)ceil((double)(cut[k][3] - gy) * lh / h) + 1;
        x0 = x0 < 0 ? 0 : x0;
        y0 = y0 < 0 ? 0 : y0;
        const int scissor[4] = {x0, y0, (x1 < lw ? x1 : lw) - x0, (y1 < lh ? y1 : lh) - y0};
        if (!field_render_rect(&r->field, p->draft.fbo, low, scissor, false, p->f_ls, &box,
                               &fs, err, errlen))
            return false;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    batcher_begin_rect(b, gx, fb_h - gy - h, w, h, fb_h);
    batcher_set_blend(b, false);
    for (int k = 0; k < n; k++) {
        /* The strip in pane pixels (y down) and in the draft's texture (row 0 at the
         * bottom, the whole texture over the whole pane). */
        float px0 = (float)(cut[k][0] - gx), px1 = (float)(cut[k][2] - gx);
        float py0 = (float)(gy + h - cut[k][3]), py1 = (float)(gy + h - cut[k][1]);
        batcher_quad_uv(b, p->draft.tex, px0, py0, px1, py1, px0 / (float)w,
                        1.0f - py0 / (float)h, px1 / (float)w, 1.0f - py1 / (float)h,
                        (Rgba){255, 255, 255, 255});
    }
    batcher_end(b);
    return true;
}

bool render_direct_present(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                           int fb_w, int fb_h, int x, int y, int w, int h, const int clip[4],
                           char *err, size_t errlen)
{
    int gy = fb_h - y - h;
    if (!render_direct_field(r, p, sc, fbo, fb_h, x, gy, w, h, clip, err, errlen))
        return false;
    canvas_begin(r->canvas, fb_w, fb_h, x, y, w, h);
    plot_basins(r->canvas, sc);
    plot_crit_markers(r->canvas, sc);
    canvas_flush(r->canvas);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    traj_begin_rect(&r->traj, x, y, w, h, fb_h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(clip[0], clip[1], clip[2] - clip[0], clip[3] - clip[1]);
    for (int i = 0; i < plot_n_runs(sc); i++) {
        if (plot_run_enabled(sc, i))
            render_segments(r, sc, i, &p->bufs[i], 0, p->bufs[i].nseg);
    }
    render_tails(r, sc, p->bufs);
    glDisable(GL_SCISSOR_TEST);
    return true;
}
