/* render.c - the GL backend's plots: a pane's field in a cached texture (for data
 * landscapes, reduced at first, then computed on the CPU: soft_field_smooth_at) and a scene
 * layer that accumulates trajectory segments (render_paths.c), blitted into the target, the
 * cloud over it (render_cloud.c); while the view moves, the pane drawn straight onto the
 * target instead (render_direct.c). The decorations come from figure/pane.c through the GL
 * canvas. Shared GL objects live in the Renderer, caches in the RenderPanes.
 */
#include "render/render.h"

#include "lecture/basinview.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optim/optim.h"
#include "render/canvas_gl.h"
#include "render/canvas_record.h"
#include "render/glplat.h"
#include "render/render_cloud.h"
#include "render/render_direct.h"
#include "render/render_paths.h"
#include "figure/pane.h"
#include "figure/surface3d.h"
#include "render/shader.h"
#include "render/soft.h"
#include "util/datadir.h"

static const float RENDER_BASE_FONT_PX = 20.0f;
static const double RENDER_REFINE_BUDGET_MS = 30.0;


static double render_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* A pane rectangle in whole pixels. */
typedef struct {
    int x, y, w, h;
} PaneRect;

static PaneRect render_rect(UiRect r)
{
    PaneRect p = {(int)lroundf(r.x), (int)lroundf(r.y), (int)lroundf(r.w), (int)lroundf(r.h)};
    p.w = p.w > 1 ? p.w : 1;
    p.h = p.h > 1 ? p.h : 1;
    return p;
}

void render_pane_init(RenderPane *p)
{
    memset(p, 0, sizeof *p);
    p->refine_band = 32;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_init(&p->bufs[i]);
    /* The layer is copied to the window at every frame, and the field into the layer: both
     * in the window's order (RenderTarget.top_down). */
    p->scene.top_down = p->full.top_down = true;
}

void render_pane_free(RenderPane *p)
{
    render_cloud_free(&p->cloud);
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_free(&p->bufs[i]);
    render_target_free(&p->low);
    render_target_free(&p->draft);
    render_target_free(&p->full);
    soft_canvas_free(&p->cpu_field);
    render_target_free(&p->scene);
    surface_pane_free(&p->surf);
    render_pane_init(p);
}

static bool render_pane_prepare(Renderer *r, RenderPane *p, const PlotScene *sc, PaneRect pr,
                                DamageList *damage, char *err, size_t errlen);
static bool render_pane_present(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                                int fb_w, int fb_h, PaneRect pr, char *err, size_t errlen);

/* canvas_plot's first part on the GL canvas: slot's caches up to date (CanvasGlPlotter). */
static bool render_gl_prepare(void *user, int slot, const PlotScene *sc, int x, int y, int w,
                              int h, int target_w, int target_h, DamageList *damage, char *err,
                              size_t errlen)
{
    (void)target_w;
    (void)target_h;
    Renderer *r = user;
    if (sc->surface) {
        /* The surface's picture is drawn whole at present, over the whole pane. */
        if (damage)
            damage_add(damage, (PixelBox){x, y, x + w, y + h});
        return true;
    }
    /* Offscreen only: the target stays bound for present. */
    GLint fbo = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo);
    bool ok = render_pane_prepare(r, &r->slots[slot], sc, (PaneRect){x, y, w, h}, damage, err,
                                  errlen);
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)fbo);
    return ok;
}

/* Its second part: slot's cached pane into the bound framebuffer. */
static bool render_gl_present(void *user, int slot, const PlotScene *sc, int x, int y, int w,
                              int h, int target_w, int target_h, char *err, size_t errlen)
{
    Renderer *r = user;
    GLint fbo = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &fbo);
    if (sc->surface) {
        /* The surface's picture, then the paths and critical points over it: drawn whole
         * (prepare damaged the whole pane), so without the limit, which its offscreen
         * passes must not see. */
        Batcher *b = &r->batch;
        bool limited = b->limit_on;
        int limit[4] = {b->limit[0], b->limit[1], b->limit[2], b->limit[3]};
        batcher_limit_off(b);
        FieldScale fs = surface3d_scale(sc, r->canvas->scale);
        bool ok = surface_gl_draw(&r->surface, &r->slots[slot].surf, r->canvas, sc, &fs,
                                  (GLuint)fbo, target_w, target_h, x, y, w, h, err, errlen);
        if (limited)
            batcher_set_limit(b, limit[0], limit[1], limit[2], limit[3]);
        canvas_begin(r->canvas, target_w, target_h, 0, 0, target_w, target_h);
        return ok;
    }
    bool ok = render_pane_present(r, &r->slots[slot], sc, (GLuint)fbo, target_w, target_h,
                                  (PaneRect){x, y, w, h}, err, errlen);
    canvas_begin(r->canvas, target_w, target_h, 0, 0, target_w, target_h);
    return ok;
}

static bool render_gl_busy(const void *user)
{
    const Renderer *r = user;
    for (int i = 0; i < CANVAS_MAX_SLOTS; i++)
        if (render_pane_busy(&r->slots[i]))
            return true;
    return false;
}

bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->ui_scale = ui_scale > 0.25f ? ui_scale : 1.0f;
    if (!datadir_locate(r->data_dir, sizeof r->data_dir, err, errlen))
        return false;
    if (!batcher_init(&r->batch, r->data_dir, err, errlen))
        goto fail_batch;
    if (!traj_init(&r->traj, r->data_dir, err, errlen))
        goto fail_traj;
    if (!field_init(&r->field, r->data_dir, err, errlen))
        goto fail_field;
    if (!surface_gl_init(&r->surface, r->data_dir, err, errlen))
        goto fail_surface;
    if (!font_init(&r->font, r->data_dir, RENDER_BASE_FONT_PX * r->ui_scale, err, errlen))
        goto fail_font;
    font_bind(&r->font, &r->batch);
    basin_gl_init(&r->basin, r->data_dir);
    r->canvas = canvas_gl_create(&r->batch, &r->traj, &r->font,
                                 &(CanvasGlPlotter){render_gl_prepare, render_gl_present,
                                                    render_gl_busy, r});
    if (!r->canvas) {
        snprintf(err, errlen, "out of memory");
        goto fail_canvas;
    }
    r->canvas->scale = r->ui_scale;
    r->record = canvas_record_create(r->canvas);
    if (!r->record) {
        snprintf(err, errlen, "out of memory");
        canvas_destroy(r->canvas);
        goto fail_canvas;
    }
    render_pane_init(&r->main);
    for (int i = 0; i < CANVAS_MAX_SLOTS; i++)
        render_pane_init(&r->slots[i]);
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_init(&r->img_bufs[i]);
    r->scratch.top_down = true; /* a pane's layer (render_image_rect) */
    return true;

fail_canvas:
    font_free(&r->font);
fail_font:
    surface_gl_free(&r->surface);
fail_surface:
    field_free(&r->field);
fail_field:
    traj_free(&r->traj);
fail_traj:
    batcher_free(&r->batch);
fail_batch:
    return false;
}

void render_free(Renderer *r)
{
    canvas_destroy(r->record);
    r->record = NULL;
    canvas_destroy(r->canvas);
    r->canvas = NULL;
    render_pane_free(&r->main);
    for (int i = 0; i < CANVAS_MAX_SLOTS; i++)
        render_pane_free(&r->slots[i]);
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_free(&r->img_bufs[i]);
    render_cloud_free(&r->img_cloud);
    render_target_free(&r->scratch);
    basin_gl_free(&r->basin);
    font_free(&r->font);
    surface_gl_free(&r->surface);
    field_free(&r->field);
    traj_free(&r->traj);
    batcher_free(&r->batch);
}

bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen)
{
    if (!(ui_scale > 0.25f) || fabsf(ui_scale - r->ui_scale) < 1e-3f)
        return true;
    Font f;
    if (!font_init(&f, r->data_dir, RENDER_BASE_FONT_PX * ui_scale, err, errlen))
        return false;
    font_free(&r->font);
    r->font = f;
    font_bind(&r->font, &r->batch);
    r->ui_scale = ui_scale; /* panes notice through f_ui / scene_ui */
    r->canvas->scale = ui_scale;
    return true;
}

bool render_pane_busy(const RenderPane *p)
{
    return (p->f_valid && p->f_ls && p->f_ls->data && !p->full_ready) || p->direct ||
           surface_pane_busy(&p->surf);
}

bool render_busy(const Renderer *r)
{
    return render_pane_busy(&r->main);
}

void render_pane_invalidate_runs(RenderPane *p)
{
    p->scene_valid = false;
    p->cloud.valid = false;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_clear(&p->bufs[i]);
}

void render_invalidate_runs(Renderer *r)
{
    render_pane_invalidate_runs(&r->main);
    for (int i = 0; i < CANVAS_MAX_SLOTS; i++)
        render_pane_invalidate_runs(&r->slots[i]);
}

void render_begin_frame(Renderer *r, int w, int h)
{
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    canvas_begin(r->canvas, w, h, 0, 0, w, h);
    canvas_record_begin(r->record, w, h);
}

unsigned char *render_read_frame(Renderer *r, int w, int h)
{
    (void)r;
    canvas_flush(r->canvas);
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        return NULL;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px);
    return px;
}

static void render_count_rows(Renderer *r, RenderPane *p, int rows, bool complete)
{
    p->field_rows_rendered += rows;
    r->field_rows_rendered += rows;
    if (complete) {
        p->field_renders++;
        r->field_renders++;
    }
}

/* Renders all rows of the pane's full target now. */
static bool render_field_full(Renderer *r, RenderPane *p, const ViewBox *box, char *err,
                              size_t errlen)
{
    if (!render_target_resize(&p->full, p->f_view.w, p->f_view.h)) {
        snprintf(err, errlen, "cannot create a %dx%d field framebuffer", p->f_view.w,
                 p->f_view.h);
        return false;
    }
    if (!field_render(&r->field, &p->full, p->f_ls, box, &p->f_scale, 0, p->full.h, err,
                      errlen))
        return false;
    render_count_rows(r, p, p->full.h, true);
    p->full_ready = true;
    p->f_gen++;
    return true;
}

/* A data landscape's full-resolution field computed on the CPU (soft_field_nodes_at: the loss
 * at a few thousand points, interpolated within 1/255; tens of ms where the shader's pass over
 * the dataset at every pixel takes about a second on a software GL), uploaded into the pane's
 * full target as it holds its pixels (top row first, in GLPLAT_TARGET_FORMAT's byte order).
 * With sc (a new view), the pane's colour scale is fitted first, to the nodes' values
 * (plot_field_scale_lattice: what plot_field_scale would give, without the evaluations);
 * without, it is the one held. false (nothing done, the scale left alone) when out of memory
 * or where it does not apply, for the shader to refine instead. */
/* Threads for the window's CPU field, more than a 2-core machine's cores: with two, the one
 * started second was often left waiting for the core another process held (the X server
 * taking the last frame, most likely): in 12-46% of view changes a pass ran on one core
 * (logistic's cells 10 ms instead of 5.5); with four, 0-1 in 76. The rows are taken in
 * chunks as threads come free, so the extra ones cost only their start. */
enum { RENDER_CPU_FIELD_THREADS = 4 };

static bool render_field_cpu(const Renderer *r, RenderPane *p, const PlotScene *sc)
{
    int w = p->full.w, h = p->full.h;
    if (!p->f_ls->data || w != p->f_view.w || h != p->f_view.h)
        return false;
    SoftCanvas *img = &p->cpu_field;
    if ((img->w != w || img->h != h) && (soft_canvas_free(img), !soft_canvas_init(img, w, h)))
        return false;
    SoftNodes nodes;
    if (!soft_nodes_eval(&nodes, p->f_ls, &p->f_view, RENDER_CPU_FIELD_THREADS))
        return false;
    if (sc)
        p->f_scale = plot_field_scale_lattice(sc, r->ui_scale, nodes.f);
    assert(p->full.top_down);
    SoftByteOrder order = GLPLAT_TARGET_FORMAT == GL_RGBA ? SOFT_RGBA : SOFT_BGRA;
    bool ok = soft_field_nodes_at(img, 0, 0, &nodes, &p->f_scale, order,
                                  RENDER_CPU_FIELD_THREADS);
    soft_nodes_free(&nodes);
    if (!ok)
        return false;
    glBindTexture(GL_TEXTURE_2D, p->full.tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GLPLAT_TARGET_FORMAT, GL_UNSIGNED_BYTE,
                    img->rgba);
    glBindTexture(GL_TEXTURE_2D, 0);
    return true;
}

/* Brings the pane's field up to date with the scene: re-renders only on a key change,
 * otherwise, once the view settles, refines a data landscape on the CPU in one go
 * (render_field_cpu) or, failing that, one band of shader rows per frame. */
static bool render_update_field(Renderer *r, RenderPane *p, const PlotScene *sc, char *err,
                                size_t errlen)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    bool expensive = sc->ls->data != NULL;
    uint64_t fn = landscape_fingerprint(sc->ls);
    bool same = p->f_valid && p->f_ls == sc->ls && p->f_fn == fn &&
                view_equal(&p->f_view, &sc->view) &&
                p->f_levels == levels && p->f_ui == r->ui_scale &&
                p->f_presenter == sc->presenter;
    ViewBox box = view_bounds(&sc->view);
    if (!same) {
        p->f_ls = sc->ls;
        p->f_fn = fn;
        p->f_view = sc->view;
        p->f_levels = levels;
        p->f_ui = r->ui_scale;
        p->f_presenter = sc->presenter;
        p->f_valid = true;
        p->full_ready = false;
        p->refine_row = 0;
        if (!expensive) {
            p->f_scale = plot_field_scale(sc, r->ui_scale, &box);
            return render_field_full(r, p, &box, err, errlen);
        }
        /* A view that changed in one step (a zoom click, a key) on a data landscape: the
         * full field on the CPU at once, without the reduced one first, its scale from its
         * nodes. */
        if (!sc->interacting && render_target_resize(&p->full, p->f_view.w, p->f_view.h) &&
            render_field_cpu(r, p, sc)) {
            render_count_rows(r, p, p->full.h, true);
            p->full_ready = true;
            p->f_gen++;
            return true;
        }
        p->f_scale = plot_field_scale(sc, r->ui_scale, &box);
        int div = field_low_res_div(sc->ls);
        int lw = (sc->view.w + div - 1) / div;
        int lh = (sc->view.h + div - 1) / div;
        if (!render_target_resize(&p->low, lw, lh)) {
            snprintf(err, errlen, "cannot create a %dx%d field framebuffer", lw, lh);
            return false;
        }
        FieldScale fs = p->f_scale;
        fs.line_px /= (float)div;
        if (!field_render(&r->field, &p->low, sc->ls, &box, &fs, 0, lh, err, errlen))
            return false;
        render_count_rows(r, p, lh, true);
        p->f_gen++;
        return true;
    }
    if (p->full_ready || sc->interacting)
        return true;
    /* Refine: one band of full rows per frame, sized to the measured cost. */
    if (p->refine_row == 0 &&
        !render_target_resize(&p->full, p->f_view.w, p->f_view.h)) {
        snprintf(err, errlen, "cannot create a %dx%d field framebuffer", p->f_view.w,
                 p->f_view.h);
        return false;
    }
    if (p->refine_row == 0 && render_field_cpu(r, p, NULL)) {
        render_count_rows(r, p, p->full.h, true);
        p->full_ready = true;
        p->f_gen++;
        return true;
    }
    int rows = p->refine_band;
    if (p->refine_row + rows > p->full.h)
        rows = p->full.h - p->refine_row;
    double t0 = render_now_ms();
    if (!field_render(&r->field, &p->full, p->f_ls, &box, &p->f_scale, p->refine_row, rows, err,
                      errlen))
        return false;
    glFinish();
    double ms = render_now_ms() - t0;
    p->refine_row += rows;
    if (ms > 0.5) {
        double band = rows * RENDER_REFINE_BUDGET_MS / ms;
        p->refine_band = band < 4 ? 4 : band > 4096 ? 4096 : (int)band;
    }
    bool done = p->refine_row >= p->full.h;
    render_count_rows(r, p, rows, done);
    if (done) {
        p->full_ready = true;
        p->f_gen++;
    }
    return true;
}


/* Tells r's GL canvas, begun on a whole target, whether that keeps its top row first. */
static void render_canvas_top_down(Renderer *r, bool top_down)
{
    batcher_set_top_down(&r->batch, top_down);
    traj_set_top_down(&r->traj, top_down);
}

/* Rebuilds the pane's scene layer when the field or the runs changed (replaced, rewound,
 * enabled or disabled), then adds the new segments; returns the box of the layer's pixels
 * that changed (the whole layer when it was rebuilt). */
static PixelBox render_update_scene(Renderer *r, RenderPane *p, const PlotScene *sc, int w,
                                    int h)
{
    int n_runs = plot_n_runs(sc);
    unsigned mask = plot_runs_mask(sc);
    if (p->scene_valid && (p->run_gen != sc->generation || p->enabled_mask != mask))
        render_pane_invalidate_runs(p);
    bool rebuild = !p->scene_valid || p->scene_gen != p->f_gen || p->scene.w != w ||
                   p->scene.h != h || sc->runs != p->scene_runs || n_runs != p->scene_n_runs ||
                   p->scene_ui != r->ui_scale || p->scene_presenter != sc->presenter ||
                   p->scene_basins != sc->basins ||
                   (sc->basins && p->scene_basins_gen != sc->basins->gen);
    double tol = pathlod_world_tol(sc->view.scale);
    for (int i = 0; i < n_runs; i++) {
        if (!plot_run_enabled(sc, i))
            continue;
        /* A zoom out of the octave changes the level of detail: the paths are read again at
         * the new one (a pan or a smaller zoom redraws the kept segments). */
        if (traj_buffer_set_tol(&p->bufs[i], tol))
            rebuild = true;
        if (traj_buffer_sync(&p->bufs[i], sc->runs[i].pts, sc->runs[i].n, sc->runs[i].gen))
            rebuild = true;
    }
    if (rebuild) {
        render_target_resize(&p->scene, w, h);
        glBindFramebuffer(GL_FRAMEBUFFER, p->scene.fbo);
        const RenderTarget *f = p->full_ready ? &p->full : &p->low;
        if (f->w == w && f->h == h) {
            /* The same pixels in the same rows: a copy, which llvmpipe does several times
             * faster than the textured quad (11 ms for a 1520 x 1000 pane). */
            render_target_copy(f, 0, 0, w, h, p->scene.fbo, h, p->scene.top_down, 0, 0);
        } else {
            batcher_begin(&r->batch, w, h);
            batcher_set_top_down(&r->batch, p->scene.top_down);
            batcher_set_blend(&r->batch, false);
            /* Pixel row 0 is the top; the texture's row 0 its bottom unless top-down. */
            float v_top = f->top_down ? 0.0f : 1.0f;
            batcher_quad_uv(&r->batch, f->tex, 0.0f, 0.0f, (float)w, (float)h, 0.0f, v_top,
                            1.0f, 1.0f - v_top, (Rgba){255, 255, 255, 255});
            batcher_end(&r->batch);
        }
        canvas_begin(r->canvas, w, h, 0, 0, w, h);
        render_canvas_top_down(r, p->scene.top_down);
        plot_basins(r->canvas, sc);
        plot_crit_markers(r->canvas, sc);
        canvas_flush(r->canvas);
        for (int i = 0; i < RENDER_MAX_RUNS; i++)
            p->drawn[i] = 0;
        p->scene_gen = p->f_gen;
        p->scene_runs = sc->runs;
        p->scene_n_runs = n_runs;
        p->scene_ui = r->ui_scale;
        p->scene_presenter = sc->presenter;
        p->scene_basins = sc->basins;
        p->scene_basins_gen = sc->basins ? sc->basins->gen : 0;
        p->run_gen = sc->generation;
        p->enabled_mask = mask;
        p->scene_valid = true;
        p->scene_rebuilds++;
        r->scene_rebuilds++;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, p->scene.fbo);
    traj_begin(&r->traj, w, h);
    traj_set_top_down(&r->traj, p->scene.top_down);
    PixelBox added = render_new_segments(r, sc, p->bufs, p->drawn);
    return rebuild ? (PixelBox){0, 0, w, h} : added;
}

void render_pane_decor(Renderer *r, const PlotScene *sc, GLuint fbo, int fb_w, int fb_h,
                       UiRect rect)
{
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    pane_draw_decor(r->canvas, sc, fb_w, fb_h, rect, NULL);
}

/* Brings the pane's caches up to date for sc at pr (sc->view sized pr.w x pr.h), drawing
 * offscreen only, and adds to damage (may be NULL) the boxes of the target whose pixels
 * render_pane_present will draw differently from its last call for this pane. */
static bool render_pane_prepare(Renderer *r, RenderPane *p, const PlotScene *sc, PaneRect pr,
                                DamageList *damage, char *err, size_t errlen)
{
    PixelBox changed = {0, 0, 0, 0};
    if (render_direct_ok(r, p, sc)) {
        if (!p->direct) {
            /* The cloud as it is, for the view its layer was drawn at (brought up to the
             * runs' last step first), is shown moved with the view until it rests:
             * drawing every copy again at each new view costs a quarter of a second. */
            PlotScene at = *sc;
            at.view = p->cloud.view;
            if (p->cloud.valid)
                render_cloud_prepare(&r->batch, r->ui_scale, &p->cloud, &at, pr.w, pr.h, pr.x,
                                     pr.y, NULL);
            if (!render_cloud_freeze(&r->batch, r->ui_scale, &p->cloud, &at))
                p->cloud.frozen_valid = false; /* out of memory: no cloud while moving */
        }
        /* Drawn whole at present, every frame until the view settles; the layer goes stale
         * (rebuilt then), and the paths' buffers are forgotten when the runs changed. */
        p->direct = true;
        unsigned mask = plot_runs_mask(sc);
        if (p->run_gen != sc->generation || p->enabled_mask != mask ||
            p->scene_runs != sc->runs) {
            render_pane_invalidate_runs(p);
            p->run_gen = sc->generation;
            p->enabled_mask = mask;
            p->scene_runs = sc->runs;
        }
        p->scene_valid = false;
        render_direct_sync(p, sc);
        changed = (PixelBox){0, 0, pr.w, pr.h};
    } else {
        if (p->direct) {
            /* Settled: the field for this view (with its own colour scale) and the layer. */
            p->direct = false;
            p->f_valid = p->f_valid && view_equal(&p->f_view, &sc->view);
            changed = (PixelBox){0, 0, pr.w, pr.h};
        }
        if (!render_update_field(r, p, sc, err, errlen))
            return false;
        changed = pixelbox_union(changed, render_update_scene(r, p, sc, pr.w, pr.h));
    }
    PixelBox tails = render_tails_box(r, sc, p->bufs);
    changed = pixelbox_union(pixelbox_union(changed, tails), p->tails_box);
    p->tails_box = tails;
    /* The cloud's changes, tile by tile (while the view moves, it is frozen). */
    if (!p->direct)
        render_cloud_prepare(&r->batch, r->ui_scale, &p->cloud, sc, pr.w, pr.h, pr.x, pr.y,
                             damage);
    if (damage) {
        PixelBox b = pixelbox_intersect(changed, (PixelBox){0, 0, pr.w, pr.h});
        damage_add(damage, (PixelBox){b.x0 + pr.x, b.y0 + pr.y, b.x1 + pr.x, b.y1 + pr.y});
    }
    return true;
}

/* The prepared pane at pr of an fb_w x fb_h framebuffer fbo: its scene layer copied in and
 * the tails drawn over it (or, while its view moves, all of it drawn straight onto fbo:
 * render_direct_present), within the batcher's limit when one is set. Leaves fbo bound.
 * false with a message only when a field program cannot be built. */
static bool render_pane_present(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                                int fb_w, int fb_h, PaneRect pr, char *err, size_t errlen)
{
    /* The pane in GL pixels, cut to the limit. */
    int x0 = pr.x, y0 = fb_h - pr.y - pr.h, x1 = x0 + pr.w, y1 = y0 + pr.h;
    const Batcher *b = &r->batch;
    if (b->limit_on) {
        x0 = x0 > b->limit[0] ? x0 : b->limit[0];
        y0 = y0 > b->limit[1] ? y0 : b->limit[1];
        x1 = x1 < b->limit[0] + b->limit[2] ? x1 : b->limit[0] + b->limit[2];
        y1 = y1 < b->limit[1] + b->limit[3] ? y1 : b->limit[1] + b->limit[3];
    }
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    if (x1 <= x0 || y1 <= y0)
        return true;
    if (p->direct) {
        const int clip[4] = {x0, y0, x1, y1};
        if (!render_direct_present(r, p, sc, fbo, fb_w, fb_h, pr.x, pr.y, pr.w, pr.h, clip, err,
                                   errlen))
            return false;
        render_cloud_present_moved(&r->batch, &p->cloud, &sc->view, pr.x, pr.y, pr.w, pr.h,
                                   fb_h);
        return true;
    }
    /* The layer's part within the limit, in pixels from the pane's top left. */
    render_target_copy(&p->scene, x0 - pr.x, fb_h - y1 - pr.y, x1 - x0, y1 - y0, fbo, fb_h, false,
                       x0, fb_h - y1);
    traj_begin_rect(&r->traj, pr.x, pr.y, pr.w, pr.h, fb_h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, y0, x1 - x0, y1 - y0);
    render_tails(r, sc, p->bufs);
    glDisable(GL_SCISSOR_TEST);
    render_cloud_present(&r->batch, r->ui_scale, &p->cloud, sc, pr.x, pr.y, pr.w, pr.h, fb_h);
    return true;
}

/* The pane's base at pr of an fb_h-tall framebuffer fbo; sc->view is sized pr.w x pr.h. */
static bool render_pane_base_px(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo,
                                int fb_w, int fb_h, PaneRect pr, char *err, size_t errlen)
{
    if (!render_pane_prepare(r, p, sc, pr, NULL, err, errlen))
        return false;
    return render_pane_present(r, p, sc, fbo, fb_w, fb_h, pr, err, errlen);
}

bool render_pane_base(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo, int fb_w,
                      int fb_h, UiRect rect, char *err, size_t errlen)
{
    PaneRect pr = render_rect(rect);
    PlotScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    return render_pane_base_px(r, p, &scene, fbo, fb_w, fb_h, pr, err, errlen);
}

bool render_pane(Renderer *r, RenderPane *p, const PlotScene *sc, GLuint fbo, int fb_w,
                 int fb_h, UiRect rect, char *err, size_t errlen)
{
    if (!render_pane_base(r, p, sc, fbo, fb_w, fb_h, rect, err, errlen))
        return false;
    render_pane_decor(r, sc, fbo, fb_w, fb_h, rect);
    return true;
}

bool render_frame(Renderer *r, const PlotScene *sc, GLuint fbo, int w, int h, char *err,
                  size_t errlen)
{
    return render_pane(r, &r->main, sc, fbo, w, h, (UiRect){0.0f, 0.0f, (float)w, (float)h},
                       err, errlen);
}

bool render_image_rect(Renderer *r, const PlotScene *sc, const RenderTarget *t, UiRect rect,
                       char *err, size_t errlen)
{
    PaneRect pr = render_rect(rect);
    PlotScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    ViewBox box = view_bounds(&scene.view);
    FieldScale fs = plot_field_scale(&scene, r->ui_scale, &box);
    /* As a pane draws it: the field, the critical points and the paths into a layer kept
     * top down (the scratch image), copied into the rectangle; the tails and the cloud over
     * it, on t. */
    const RenderTarget *dst = &r->scratch;
    assert(dst->top_down && !t->top_down);
    if (!render_target_resize(&r->scratch, pr.w, pr.h)) {
        snprintf(err, errlen, "cannot create a %dx%d framebuffer", pr.w, pr.h);
        return false;
    }
    if (!field_render(&r->field, dst, sc->ls, &box, &fs, 0, pr.h, err, errlen))
        return false;
    r->field_renders++;
    r->field_rows_rendered += pr.h;
    glBindFramebuffer(GL_FRAMEBUFFER, dst->fbo);
    canvas_begin(r->canvas, pr.w, pr.h, 0, 0, pr.w, pr.h);
    render_canvas_top_down(r, dst->top_down);
    plot_basins(r->canvas, &scene);
    plot_crit_markers(r->canvas, &scene);
    canvas_flush(r->canvas);
    traj_begin(&r->traj, pr.w, pr.h);
    traj_set_top_down(&r->traj, dst->top_down);
    long drawn[RENDER_MAX_RUNS] = {0};
    for (int i = 0; i < plot_n_runs(sc); i++) {
        /* one shot: whatever these buffers held was another scene */
        traj_buffer_clear(&r->img_bufs[i]);
        /* the CPU canvas's deviation, so both draw the same vertices */
        traj_buffer_set_tol(&r->img_bufs[i], PATHLOD_PX * scene.view.scale);
        if (plot_run_enabled(sc, i))
            traj_buffer_sync(&r->img_bufs[i], sc->runs[i].pts, sc->runs[i].n,
                             sc->runs[i].gen);
    }
    render_new_segments(r, &scene, r->img_bufs, drawn);
    render_target_copy(dst, 0, 0, pr.w, pr.h, t->fbo, t->h, t->top_down, pr.x, pr.y);
    traj_begin_rect(&r->traj, pr.x, pr.y, pr.w, pr.h, t->h);
    render_tails(r, &scene, r->img_bufs);
    /* The cloud: every final segment in key order, at once (one shot: whatever the layer
     * held was another scene). */
    r->img_cloud.valid = false;
    render_update_cloud(&r->batch, r->ui_scale, &r->img_cloud, &scene, pr.w, pr.h, NULL);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    render_cloud_present(&r->batch, r->ui_scale, &r->img_cloud, &scene, pr.x, pr.y, pr.w, pr.h,
                         t->h);
    render_pane_decor(r, &scene, t->fbo, t->w, t->h, rect);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return true;
}

bool render_image(Renderer *r, const PlotScene *sc, const RenderTarget *t, char *err,
                  size_t errlen)
{
    return render_image_rect(r, sc, t, (UiRect){0.0f, 0.0f, (float)t->w, (float)t->h}, err,
                             errlen);
}
