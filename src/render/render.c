/* render.c - composes a pane: the field and the trajectories (GL: a cached field texture,
 * refined progressively for data landscapes, and a scene layer that accumulates trajectory
 * segments; CPU: soft_field and canvas polylines), then the decorations (markers, step
 * arrows, axes, legend, status) and the title band, composed once on the Canvas for both
 * backends. Shared GL objects live in the Renderer, caches in the RenderPane.
 */
#include "render/render.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optim/optim.h"
#include "render/canvas_gl.h"
#include "render/canvas_soft.h"
#include "render/shader.h"

static const float RENDER_BASE_FONT_PX = 20.0f;
static const float RENDER_FIELD_LINE_PX = 1.3f;
static const double RENDER_REFINE_BUDGET_MS = 30.0;

static const Rgba RENDER_TEXT = {240, 240, 245, 255};
static const Rgba RENDER_TEXT_DIM = {190, 192, 205, 255};
static const Rgba RENDER_PANEL = {14, 14, 22, 190};
static const Rgba RENDER_STRIP = {10, 10, 16, 165};
static const Rgba RENDER_BAND = {18, 20, 28, 255};

#define UTF8_SUB1 "\xe2\x82\x81"
#define UTF8_SUB2 "\xe2\x82\x82"
#define UTF8_THETA "\xce\xb8"
#define UTF8_DOT " \xc2\xb7 "

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

static bool render_enabled(const RenderScene *sc, int i)
{
    return !sc->enabled || sc->enabled[i];
}

static int render_n_runs(const RenderScene *sc)
{
    return sc->n_runs < RENDER_MAX_RUNS ? sc->n_runs : RENDER_MAX_RUNS;
}

void render_run_color(int i, float rgba[4])
{
    unsigned char c[3];
    palette_run_rgb(i, c);
    rgba[0] = c[0] / 255.0f;
    rgba[1] = c[1] / 255.0f;
    rgba[2] = c[2] / 255.0f;
    rgba[3] = 1.0f;
}

void render_pane_init(RenderPane *p)
{
    memset(p, 0, sizeof *p);
    p->refine_band = 32;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_init(&p->bufs[i]);
}

void render_pane_free(RenderPane *p)
{
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_free(&p->bufs[i]);
    render_target_free(&p->low);
    render_target_free(&p->full);
    render_target_free(&p->scene);
    render_pane_init(p);
}

bool render_init(Renderer *r, float ui_scale, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->ui_scale = ui_scale > 0.25f ? ui_scale : 1.0f;
    if (!asset_data_dir(r->data_dir, sizeof r->data_dir, err, errlen))
        return false;
    if (!batcher_init(&r->batch, r->data_dir, err, errlen))
        goto fail_batch;
    if (!traj_init(&r->traj, r->data_dir, err, errlen))
        goto fail_traj;
    if (!field_init(&r->field, r->data_dir, err, errlen))
        goto fail_field;
    if (!font_init(&r->font, r->data_dir, RENDER_BASE_FONT_PX * r->ui_scale, err, errlen))
        goto fail_font;
    font_bind(&r->font, &r->batch);
    r->canvas = canvas_gl_create(&r->batch, &r->traj, &r->font);
    if (!r->canvas) {
        snprintf(err, errlen, "out of memory");
        goto fail_canvas;
    }
    render_pane_init(&r->main);
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_init(&r->img_bufs[i]);
    return true;

fail_canvas:
    font_free(&r->font);
fail_font:
    field_free(&r->field);
fail_field:
    traj_free(&r->traj);
fail_traj:
    batcher_free(&r->batch);
fail_batch:
    return false;
}

bool render_init_cpu(Renderer *r, float ui_scale, int w, int h, int threads, char *err,
                     size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->cpu = true;
    r->ui_scale = ui_scale > 0.25f ? ui_scale : 1.0f;
    r->threads = threads > 0 ? threads : 2;
    if (!asset_data_dir(r->data_dir, sizeof r->data_dir, err, errlen))
        return false;
    if (!soft_canvas_init(&r->image, w, h)) {
        snprintf(err, errlen, "cannot make a %dx%d image (bad size or out of memory)", w, h);
        return false;
    }
    r->canvas = canvas_soft_create(&r->image, r->data_dir, RENDER_BASE_FONT_PX * r->ui_scale);
    if (!r->canvas) {
        snprintf(err, errlen, "out of memory");
        soft_canvas_free(&r->image);
        return false;
    }
    return true;
}

void render_free(Renderer *r)
{
    canvas_destroy(r->canvas);
    r->canvas = NULL;
    if (r->cpu) {
        soft_canvas_free(&r->image);
        return;
    }
    render_pane_free(&r->main);
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_free(&r->img_bufs[i]);
    render_target_free(&r->scratch);
    font_free(&r->font);
    field_free(&r->field);
    traj_free(&r->traj);
    batcher_free(&r->batch);
}

bool render_set_ui_scale(Renderer *r, float ui_scale, char *err, size_t errlen)
{
    if (!(ui_scale > 0.25f) || fabsf(ui_scale - r->ui_scale) < 1e-3f)
        return true;
    if (r->cpu) {
        Canvas *c = canvas_soft_create(&r->image, r->data_dir, RENDER_BASE_FONT_PX * ui_scale);
        if (!c) {
            snprintf(err, errlen, "out of memory");
            return false;
        }
        canvas_destroy(r->canvas);
        r->canvas = c;
        r->ui_scale = ui_scale;
        return true;
    }
    Font f;
    if (!font_init(&f, r->data_dir, RENDER_BASE_FONT_PX * ui_scale, err, errlen))
        return false;
    font_free(&r->font);
    r->font = f;
    font_bind(&r->font, &r->batch);
    r->ui_scale = ui_scale; /* panes notice through f_ui / scene_ui */
    return true;
}

bool render_pane_busy(const RenderPane *p)
{
    return p->f_valid && p->f_ls && p->f_ls->data && !p->full_ready;
}

bool render_busy(const Renderer *r)
{
    return render_pane_busy(&r->main);
}

void render_pane_invalidate_runs(RenderPane *p)
{
    p->scene_valid = false;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        p->bufs[i].n = 0;
}

void render_invalidate_runs(Renderer *r)
{
    render_pane_invalidate_runs(&r->main);
}

int render_low_res_div(const Landscape *ls)
{
    if (!ls->data)
        return 1;
    int div = (int)ceil(sqrt(ls->data->n / 8.0));
    return div < 2 ? 2 : div > 8 ? 8 : div;
}

/* The field's scale for sc's view box (presenter mode: bolder contour lines). */
static FieldScale render_field_scale(const Renderer *r, const RenderScene *sc,
                                     const ViewBox *box)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    FieldScale fs = colormap_fit(sc->ls, box, levels, RENDER_FIELD_LINE_PX * r->ui_scale);
    if (sc->presenter)
        fs.line_alpha = fminf(1.0f, fs.line_alpha * RENDER_PRESENTER_LINE_ALPHA);
    return fs;
}

/* The trajectories' look: the colored core's radius and the dark halo's width, pixels. */
static void render_path_widths(const Renderer *r, const RenderScene *sc, float *core,
                               float *halo)
{
    float k = r->ui_scale * (sc->presenter ? RENDER_PRESENTER_PATH : 1.0f);
    *core = 1.9f * k;
    *halo = 1.4f * k;
}

/* The alpha of the legend's and the status pill's panels. */
static Rgba render_panel(const RenderScene *sc)
{
    Rgba c = RENDER_PANEL;
    if (sc->presenter)
        c.a = RENDER_PRESENTER_PANEL_ALPHA;
    return c;
}

int render_cpu_field_step(const Landscape *ls, int h)
{
    if (!ls->data)
        return 1;
    long step = lround(sqrt(ls->data->n / 16.0));
    step = step < h / 135 ? step : h / 135;
    return step < 1 ? 1 : step > 4 ? 4 : (int)step;
}

static bool render_view_equal(const View *a, const View *b)
{
    return a->cx == b->cx && a->cy == b->cy && a->scale == b->scale && a->w == b->w &&
           a->h == b->h;
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

/* Brings the pane's field up to date with the scene: re-renders only on a key change,
 * otherwise refines a data landscape one band per frame once the view settles. */
static bool render_update_field(Renderer *r, RenderPane *p, const RenderScene *sc, char *err,
                                size_t errlen)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    bool expensive = sc->ls->data != NULL;
    bool same = p->f_valid && p->f_ls == sc->ls && render_view_equal(&p->f_view, &sc->view) &&
                p->f_levels == levels && p->f_ui == r->ui_scale &&
                p->f_presenter == sc->presenter;
    ViewBox box = view_bounds(&sc->view);
    if (!same) {
        p->f_ls = sc->ls;
        p->f_view = sc->view;
        p->f_levels = levels;
        p->f_ui = r->ui_scale;
        p->f_presenter = sc->presenter;
        p->f_scale = render_field_scale(r, sc, &box);
        p->f_valid = true;
        p->full_ready = false;
        p->refine_row = 0;
        if (!expensive)
            return render_field_full(r, p, &box, err, errlen);
        int div = render_low_res_div(sc->ls);
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

/* The landscape's critical points: a plus at minima, an x at saddles, a dot elsewhere. */
static void render_crit_markers(Renderer *r, const RenderScene *sc)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    LineStyle plus = {{1.0f, 1.0f, 1.0f, 0.95f}, 1.1f * s, 1.3f * s, 0.75f};
    LineStyle other = {{0.85f, 0.85f, 0.9f, 0.85f}, 0.9f * s, 1.1f * s, 0.6f};
    LineStyle dot = {{0.85f, 0.85f, 0.9f, 0.9f}, 2.6f * s, 1.2f * s, 0.6f};
    for (int k = 0; k < sc->ls->n_crit; k++) {
        const CriticalPoint *cp = &sc->ls->crit[k];
        double x, y;
        view_world_to_screen(&sc->view, cp->x, cp->y, &x, &y);
        if (x < -20 || y < -20 || x > sc->view.w + 20 || y > sc->view.h + 20)
            continue;
        float fx = (float)x, fy = (float)y, a = 6.5f * s, b = 4.0f * s;
        switch (cp->kind) {
        case CRIT_MINIMUM:
            canvas_stroke(c, fx - a, fy, fx + a, fy, &plus);
            canvas_stroke(c, fx, fy - a, fx, fy + a, &plus);
            break;
        case CRIT_SADDLE:
            canvas_stroke(c, fx - b, fy - b, fx + b, fy + b, &other);
            canvas_stroke(c, fx - b, fy + b, fx + b, fy - b, &other);
            break;
        case CRIT_MAXIMUM:
        case CRIT_DEGENERATE:
        case CRIT_KIND_COUNT:
            canvas_dot(c, fx, fy, &dot);
            break;
        }
    }
}

/* Draws the segments of each run not drawn yet (drawn) onto the bound framebuffer: first
 * their dark halos, then their colored cores, so a dense run of tiny steps stays its color.
 * The cores of the last already-drawn segments within reach of the new halos are drawn again,
 * since those halos cover them. */
static void render_new_segments(Renderer *r, const RenderScene *sc, TrajBuffer *bufs,
                                long *drawn)
{
    enum { MAX_REDRAW = 4096 };
    float rc, hw;
    render_path_widths(r, sc, &rc, &hw);
    for (int i = 0; i < render_n_runs(sc); i++) {
        if (!render_enabled(sc, i))
            continue;
        long segs = bufs[i].n - 1;
        if (segs <= drawn[i])
            continue;
        long first = drawn[i], core_first = first;
        double reach = (double)(rc + hw) + 2.0, walked = 0.0;
        const TrajPoint *p = sc->runs[i].pts;
        while (core_first > 0 && first - core_first < MAX_REDRAW && walked < reach) {
            double dx = p[core_first].x - p[core_first - 1].x;
            double dy = p[core_first].y - p[core_first - 1].y;
            double d = sqrt(dx * dx + dy * dy) / sc->view.scale;
            walked += isfinite(d) ? d : reach;
            core_first--;
        }
        const float *hc = r->traj.halo_color;
        LineStyle halo = {{hc[0], hc[1], hc[2], 0.8f}, rc + hw, 0.0f, 0.0f};
        LineStyle core = {{0}, rc, 0.0f, 0.0f};
        render_run_color(i, core.color);
        traj_draw(&r->traj, &bufs[i], &sc->view, first, segs - first, &halo);
        traj_draw(&r->traj, &bufs[i], &sc->view, core_first, segs - core_first, &core);
        drawn[i] = segs;
    }
}

/* Rebuilds the pane's scene layer when the field or the runs changed (replaced, rewound,
 * enabled or disabled), then adds the new segments. */
static void render_update_scene(Renderer *r, RenderPane *p, const RenderScene *sc, int w, int h)
{
    int n_runs = render_n_runs(sc);
    unsigned mask = 0;
    for (int i = 0; i < n_runs; i++)
        mask |= render_enabled(sc, i) ? 1u << i : 0u;
    if (p->scene_valid && (p->run_gen != sc->generation || p->enabled_mask != mask))
        render_pane_invalidate_runs(p);
    bool rebuild = !p->scene_valid || p->scene_gen != p->f_gen || p->scene.w != w ||
                   p->scene.h != h || sc->runs != p->scene_runs || n_runs != p->scene_n_runs ||
                   p->scene_ui != r->ui_scale || p->scene_presenter != sc->presenter;
    for (int i = 0; i < n_runs; i++) {
        if (render_enabled(sc, i) && traj_buffer_sync(&p->bufs[i], sc->runs[i].pts,
                                                      sc->runs[i].n))
            rebuild = true;
    }
    if (rebuild) {
        render_target_resize(&p->scene, w, h);
        glBindFramebuffer(GL_FRAMEBUFFER, p->scene.fbo);
        const RenderTarget *f = p->full_ready ? &p->full : &p->low;
        batcher_begin(&r->batch, w, h);
        batcher_set_blend(&r->batch, false);
        /* Texture row 0 is the bottom of the view; pixel row 0 is the top. */
        batcher_quad_uv(&r->batch, f->tex, 0.0f, 0.0f, (float)w, (float)h, 0.0f, 1.0f, 1.0f,
                        0.0f, (Rgba){255, 255, 255, 255});
        batcher_end(&r->batch);
        canvas_begin(r->canvas, w, h, 0, 0, w, h);
        render_crit_markers(r, sc);
        canvas_flush(r->canvas);
        for (int i = 0; i < RENDER_MAX_RUNS; i++)
            p->drawn[i] = 0;
        p->scene_gen = p->f_gen;
        p->scene_runs = sc->runs;
        p->scene_n_runs = n_runs;
        p->scene_ui = r->ui_scale;
        p->scene_presenter = sc->presenter;
        p->run_gen = sc->generation;
        p->enabled_mask = mask;
        p->scene_valid = true;
        p->scene_rebuilds++;
        r->scene_rebuilds++;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, p->scene.fbo);
    traj_begin(&r->traj, w, h);
    render_new_segments(r, sc, p->bufs, p->drawn);
}

/* Start marker, current-point marker and an arrow along the latest step. */
static void render_run_markers(Renderer *r, const RenderScene *sc)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    int n_runs = render_n_runs(sc);
    for (int i = 0; i < n_runs; i++) {
        const Run *run = &sc->runs[i];
        if (run->n < 1 || !render_enabled(sc, i))
            continue;
        float col[4];
        render_run_color(i, col);
        double x0, y0;
        view_world_to_screen(&sc->view, run->pts[0].x, run->pts[0].y, &x0, &y0);
        LineStyle ring = {{1.0f, 1.0f, 1.0f, 1.0f}, 5.5f * s, 1.2f * s, 0.8f};
        LineStyle core = {{col[0], col[1], col[2], 1.0f}, 3.6f * s, 0.0f, 0.0f};
        if (fabs(x0) < 1e6 && fabs(y0) < 1e6) {
            canvas_dot(c, (float)x0, (float)y0, &ring);
            canvas_dot(c, (float)x0, (float)y0, &core);
        }
        if (run->n < 2)
            continue;
        const TrajPoint *p = &run->pts[run->n - 1], *q = &run->pts[run->n - 2];
        double cx, cy, px, py;
        view_world_to_screen(&sc->view, p->x, p->y, &cx, &cy);
        view_world_to_screen(&sc->view, q->x, q->y, &px, &py);
        if (!(fabs(cx) < 1e6 && fabs(cy) < 1e6))
            continue;
        double dx = cx - px, dy = cy - py, len = sqrt(dx * dx + dy * dy);
        float rm = 7.0f * s;
        LineStyle arrow = {{col[0], col[1], col[2], 1.0f}, 1.6f * s, 1.4f * s, 0.85f};
        if (len > 0.05 && isfinite(len)) {
            /* Heading: from the marker's edge forward, at least long enough to read. */
            double ux = dx / len, uy = dy / len, sd = (double)s;
            double l = len < 18.0 * sd ? 18.0 * sd : len > 60.0 * sd ? 60.0 * sd : len;
            double off = (double)rm + 2.0 * sd, hl = 8.0 * sd;
            double axd = cx + ux * off, ayd = cy + uy * off;
            double bxd = axd + ux * l, byd = ayd + uy * l;
            const double ca = cos(0.5), sa = sin(0.5);
            float ax = (float)axd, ay = (float)ayd, bx = (float)bxd, by = (float)byd;
            float h1x = (float)(bxd - hl * (ux * ca - uy * sa));
            float h1y = (float)(byd - hl * (uy * ca + ux * sa));
            float h2x = (float)(bxd - hl * (ux * ca + uy * sa));
            float h2y = (float)(byd - hl * (uy * ca - ux * sa));
            canvas_stroke(c, ax, ay, bx, by, &arrow);
            canvas_stroke(c, h1x, h1y, bx, by, &arrow);
            canvas_stroke(c, h2x, h2y, bx, by, &arrow);
        }
        LineStyle cring = {{1.0f, 1.0f, 1.0f, 1.0f}, rm, 1.6f * s, 0.85f};
        LineStyle ccore = {{col[0], col[1], col[2], 1.0f}, rm - 2.2f * s, 0.0f, 0.0f};
        canvas_dot(c, (float)cx, (float)cy, &cring);
        canvas_dot(c, (float)cx, (float)cy, &ccore);
    }
}

void render_run_label(const Run *run, char *title, size_t tlen, char *status, size_t slen)
{
    run_format_label(run, title, tlen, status, slen);
}

/* Axis strips along the bottom and left edges with ticks at nice numbers. */
static void render_axes(Renderer *r, const RenderScene *sc, int w, int h, float *left_w)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    const View *v = &sc->view;
    ViewBox box = view_bounds(v);
    float lh = (float)canvas_line_height(c, FONT_SMALL);
    float bh = lh + 10.0f * s;
    double xt[VIEW_MAX_TICKS], yt[VIEW_MAX_TICKS], xs, ys;
    int nx = view_ticks(box.xmin, box.xmax, (int)(w / (130.0f * s)) + 1, xt, VIEW_MAX_TICKS, &xs);
    int ny = view_ticks(box.ymin, box.ymax, (int)(h / (100.0f * s)) + 1, yt, VIEW_MAX_TICKS, &ys);
    char buf[64];
    float lw = 0.0f;
    for (int i = 0; i < ny; i++) {
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        lw = tw > lw ? tw : lw;
    }
    lw += 16.0f * s;
    *left_w = lw;
    canvas_rect(c, 0.0f, (float)h - bh, (float)w, bh, RENDER_STRIP);
    canvas_rect(c, 0.0f, 0.0f, lw, (float)h - bh, RENDER_STRIP);
    Rgba tick = {235, 235, 240, 220};
    float tl = 6.0f * s, tk = s > 1.0f ? s : 1.0f;
    /* Axis names first so tick labels can avoid them. */
    const char *xname = UTF8_THETA UTF8_SUB1, *yname = UTF8_THETA UTF8_SUB2;
    float xnw = canvas_measure(c, FONT_BODY, xname);
    float xn_x = (float)w - xnw - 10.0f * s;
    canvas_text(c, FONT_BODY, xn_x, (float)h - bh + 0.5f * (bh - canvas_line_height(c, FONT_BODY)),
              xname, RENDER_TEXT);
    float yn_w = canvas_measure(c, FONT_BODY, yname);
    canvas_text(c, FONT_BODY, 0.5f * (lw - yn_w), 6.0f * s, yname, RENDER_TEXT);
    float yn_bottom = 6.0f * s + canvas_line_height(c, FONT_BODY);
    for (int i = 0; i < nx; i++) {
        double sx, sy;
        view_world_to_screen(v, xt[i], 0.0, &sx, &sy);
        view_format_tick(xt[i], xs, buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        float x = (float)sx - 0.5f * tw;
        if (x < lw + 4.0f * s || x + tw > xn_x - 8.0f * s)
            continue;
        canvas_rect(c, (float)sx - 0.5f * tk, (float)h - bh - tl, tk, tl, tick);
        canvas_text(c, FONT_SMALL, x, (float)h - bh + 5.0f * s, buf, RENDER_TEXT);
    }
    for (int i = 0; i < ny; i++) {
        double sx, sy;
        view_world_to_screen(v, 0.0, yt[i], &sx, &sy);
        float y = (float)sy - 0.5f * lh;
        if (y < yn_bottom + 2.0f * s || y + lh > h - bh - 2.0f * s)
            continue;
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        canvas_rect(c, lw, (float)sy - 0.5f * tk, tl, tk, tick);
        canvas_text(c, FONT_SMALL, lw - 8.0f * s - tw, y, buf, RENDER_TEXT);
    }
}

/* text, or its longest prefix (whole UTF-8 characters) that fits maxw pixels with an ellipsis
 * after it, in buf. */
static const char *render_fit(Canvas *c, FontFace face, const char *text, float maxw, char *buf,
                              size_t len)
{
    if (canvas_measure(c, face, text) <= maxw)
        return text;
    size_t n = strlen(text);
    if (n > len - 4)
        n = len - 4;
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
        while (n > 0 && text[n - 1] == ' ')
            n--;
        memcpy(buf, text, n);
        memcpy(buf + n, "\xe2\x80\xa6", 4);
        if (canvas_measure(c, face, buf) <= maxw)
            return buf;
    }
    snprintf(buf, len, "\xe2\x80\xa6");
    return buf;
}

/* The landscape's name and formula and one entry per enabled run in a translucent panel at
 * most max_w wide (a narrow pane gets a smaller formula, then cut lines); the swatches (run
 * index and position) are drawn afterwards. */
static void render_legend(Renderer *r, const RenderScene *sc, float x0, float y0, float max_w,
                          float swatch_xy[][2], int *swatch_run, int *n_swatch, float *right,
                          float *bottom)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    int shown[RENDER_MAX_RUNS], n_shown = 0;
    for (int i = 0; i < render_n_runs(sc); i++)
        if (render_enabled(sc, i))
            shown[n_shown++] = i;
    float pad = 14.0f * s, sw = 30.0f * s, gap = 10.0f * s;
    float avail = max_w - 2.0f * pad;
    char formula[320];
    snprintf(formula, sizeof formula, "f(x, y) = %s", sc->ls->formula ? sc->ls->formula : "");
    char titles[RENDER_MAX_RUNS][256], stats[RENDER_MAX_RUNS][192];
    float wmax = canvas_measure(c, FONT_TITLE, sc->ls->name);
    FontFace fface = FONT_BODY;
    float fw = canvas_measure(c, FONT_BODY, formula);
    if (fw > avail) {
        fface = FONT_SMALL;
        fw = canvas_measure(c, FONT_SMALL, formula);
    }
    wmax = fw > wmax ? fw : wmax;
    for (int k = 0; k < n_shown; k++) {
        render_run_label(&sc->runs[shown[k]], titles[k], sizeof titles[k], stats[k],
                         sizeof stats[k]);
        float a = sw + gap + canvas_measure(c, FONT_BODY, titles[k]);
        float b = sw + gap + canvas_measure(c, FONT_SMALL, stats[k]);
        wmax = a > wmax ? a : wmax;
        wmax = b > wmax ? b : wmax;
    }
    if (wmax > avail)
        wmax = avail > 0.0f ? avail : 0.0f;
    float th = (float)canvas_line_height(c, FONT_TITLE);
    float bh = (float)canvas_line_height(c, FONT_BODY);
    float smh = (float)canvas_line_height(c, FONT_SMALL);
    float fh = (float)canvas_line_height(c, fface);
    float entry_h = bh + smh + 8.0f * s;
    float hgt = pad + th + 2.0f * s + fh + (n_shown > 0 ? 10.0f * s + n_shown * entry_h : 0.0f) +
                pad - 4.0f * s;
    canvas_round_rect(c, x0, y0, wmax + 2.0f * pad, hgt, 10.0f * s, render_panel(sc));
    *right = x0 + wmax + 2.0f * pad;
    *bottom = y0 + hgt;
    char cut[320];
    float y = y0 + pad - 2.0f * s;
    canvas_text(c, FONT_TITLE, x0 + pad, y, render_fit(c, FONT_TITLE, sc->ls->name, wmax, cut,
                                                        sizeof cut), RENDER_TEXT);
    y += th + 2.0f * s;
    canvas_text(c, fface, x0 + pad, y, render_fit(c, fface, formula, wmax, cut, sizeof cut),
              RENDER_TEXT_DIM);
    y += fh;
    if (n_shown > 0) {
        y += 5.0f * s;
        canvas_rect(c, x0 + pad, y, wmax, s > 1.0f ? s : 1.0f, (Rgba){255, 255, 255, 50});
        y += 5.0f * s;
    }
    *n_swatch = 0;
    float tw = wmax - sw - gap;
    for (int k = 0; k < n_shown; k++) {
        float tx = x0 + pad + sw + gap;
        const Run *run = &sc->runs[shown[k]];
        bool stopped = run->stop != RUN_ACTIVE;
        canvas_text(c, FONT_BODY, tx, y + 2.0f * s,
                  render_fit(c, FONT_BODY, titles[k], tw, cut, sizeof cut), RENDER_TEXT);
        /* A run that diverged says so in a warm color, where the eye looks for it. */
        canvas_text(c, FONT_SMALL, tx, y + 2.0f * s + bh,
                  render_fit(c, FONT_SMALL, stats[k], tw, cut, sizeof cut),
                  stopped ? (Rgba){255, 170, 140, 255} : RENDER_TEXT_DIM);
        swatch_xy[k][0] = x0 + pad;
        swatch_xy[k][1] = y + 2.0f * s + 0.5f * bh;
        swatch_run[k] = shown[k];
        (*n_swatch)++;
        y += entry_h;
    }
}

/* The play/pause pill at the top right, or at the bottom right when the legend reaches it;
 * the key hints only where they fit. */
static void render_status(Renderer *r, const RenderScene *sc, int w, int h, float legend_right,
                          float legend_bottom)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    long step = sc->step;
    if (step < 0) {
        step = 0;
        for (int i = 0; i < render_n_runs(sc); i++)
            if (render_enabled(sc, i) && sc->runs[i].n - 1 > step)
                step = sc->runs[i].n - 1;
    }
    char line[128], hint[160];
    int k = snprintf(line, sizeof line, "%s", sc->playing ? "\xe2\x96\xb6  playing" : "paused");
    if (sc->playing)
        k += snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "%g steps/s", sc->speed);
    if (sc->max_steps > 0)
        snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "step %ld / %ld", step,
                 sc->max_steps);
    else
        snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "step %ld", step);
    snprintf(hint, sizeof hint, "Space play/pause" UTF8_DOT "\xe2\x86\x92 step" UTF8_DOT
                                "R reset" UTF8_DOT "H help" UTF8_DOT "Q quit");
    float pad = 10.0f * s, margin = 14.0f * s;
    float w1 = canvas_measure(c, FONT_BODY, line), w2 = canvas_measure(c, FONT_SMALL, hint);
    float lh1 = (float)canvas_line_height(c, FONT_BODY);
    float lh2 = (float)canvas_line_height(c, FONT_SMALL);
    bool with_hint = w2 + 2.0f * pad < 0.6f * (float)w;
    float pw = (with_hint && w2 > w1 ? w2 : w1) + 2.0f * pad;
    float ph = lh1 + (with_hint ? lh2 : 0.0f) + 2.0f * pad - 4.0f * s;
    float x = (float)w - pw - margin, y = margin;
    if (x < legend_right + margin) {
        /* Above the bottom axis strip instead. */
        float strip = (float)canvas_line_height(c, FONT_SMALL) + 10.0f * s;
        y = (float)h - strip - ph - margin;
        if (y < legend_bottom + margin && x < legend_right + margin)
            return; /* no room anywhere: the legend matters more */
    }
    canvas_round_rect(c, x, y, pw, ph, 10.0f * s, render_panel(sc));
    canvas_text(c, FONT_BODY, x + pw - pad - w1, y + pad - 2.0f * s, line, RENDER_TEXT);
    if (with_hint)
        canvas_text(c, FONT_SMALL, x + pw - pad - w2, y + pad - 2.0f * s + lh1, hint,
                  RENDER_TEXT_DIM);
}

/* The decorations of the pane at pr on a fb_w x fb_h target (either backend): the axis
 * strips under the run markers, so a start on the edge stays visible, then the legend, the
 * status pill and the legend's swatches. */
static void render_decor(Renderer *r, const RenderScene *sc, int fb_w, int fb_h, PaneRect pr)
{
    Canvas *c = r->canvas;
    float s = r->ui_scale;
    int w = pr.w, h = pr.h;
    canvas_begin(c, fb_w, fb_h, pr.x, pr.y, w, h);
    float left_w = 0.0f, sw[RENDER_MAX_RUNS][2];
    if (!sc->plain)
        render_axes(r, sc, w, h, &left_w);
    render_run_markers(r, sc);
    if (sc->plain) {
        canvas_flush(c);
        return;
    }
    int sw_run[RENDER_MAX_RUNS], n_sw = 0;
    float lr = 0.0f, lb = 0.0f, margin = 14.0f * s;
    render_legend(r, sc, left_w + margin, margin, (float)w - left_w - 2.0f * margin, sw, sw_run,
                  &n_sw, &lr, &lb);
    if (sc->show_status)
        render_status(r, sc, w, h, lr, lb);
    /* The swatches: short thick bars in the runs' colors with a dark rim, like the paths. */
    for (int k = 0; k < n_sw; k++) {
        float col[4];
        render_run_color(sw_run[k], col);
        float x = sw[k][0] + 1.5f * s, y = sw[k][1] - 3.2f * s, len = 26.0f * s;
        canvas_round_rect(c, x - 1.2f * s, y - 1.2f * s, len + 2.4f * s, 8.8f * s, 4.4f * s,
                          (Rgba){15, 15, 15, 200});
        canvas_round_rect(c, x, y, len, 6.4f * s, 3.2f * s,
                          (Rgba){(unsigned char)lroundf(col[0] * 255.0f),
                                 (unsigned char)lroundf(col[1] * 255.0f),
                                 (unsigned char)lroundf(col[2] * 255.0f), 255});
    }
    canvas_flush(c);
}

void render_pane_decor(Renderer *r, const RenderScene *sc, GLuint fbo, int fb_w, int fb_h,
                       UiRect rect)
{
    PaneRect pr = render_rect(rect);
    RenderScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    if (!r->cpu)
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    render_decor(r, &scene, fb_w, fb_h, pr);
}

bool render_pane_base(Renderer *r, RenderPane *p, const RenderScene *sc, GLuint fbo, int fb_w,
                      int fb_h, UiRect rect, char *err, size_t errlen)
{
    (void)fb_w;
    PaneRect pr = render_rect(rect);
    RenderScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    if (!render_update_field(r, p, &scene, err, errlen))
        return false;
    render_update_scene(r, p, &scene, pr.w, pr.h);
    int y0 = fb_h - pr.y - pr.h;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, p->scene.fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
    glBlitFramebuffer(0, 0, pr.w, pr.h, pr.x, y0, pr.x + pr.w, y0 + pr.h, GL_COLOR_BUFFER_BIT,
                      GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    return true;
}

bool render_pane(Renderer *r, RenderPane *p, const RenderScene *sc, GLuint fbo, int fb_w,
                 int fb_h, UiRect rect, char *err, size_t errlen)
{
    if (!render_pane_base(r, p, sc, fbo, fb_w, fb_h, rect, err, errlen))
        return false;
    render_pane_decor(r, sc, fbo, fb_w, fb_h, rect);
    return true;
}

bool render_frame(Renderer *r, const RenderScene *sc, GLuint fbo, int w, int h, char *err,
                  size_t errlen)
{
    return render_pane(r, &r->main, sc, fbo, w, h, (UiRect){0.0f, 0.0f, (float)w, (float)h},
                       err, errlen);
}

bool render_image_rect(Renderer *r, const RenderScene *sc, const RenderTarget *t, UiRect rect,
                       char *err, size_t errlen)
{
    PaneRect pr = render_rect(rect);
    RenderScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    ViewBox box = view_bounds(&scene.view);
    FieldScale fs = render_field_scale(r, &scene, &box);
    /* A pane that is the whole target is drawn in place; others in the scratch image, then
     * copied into their rectangle. */
    bool whole = pr.x == 0 && pr.y == 0 && pr.w == t->w && pr.h == t->h;
    const RenderTarget *dst = whole ? t : &r->scratch;
    if (!whole && !render_target_resize(&r->scratch, pr.w, pr.h)) {
        snprintf(err, errlen, "cannot create a %dx%d framebuffer", pr.w, pr.h);
        return false;
    }
    if (!field_render(&r->field, dst, sc->ls, &box, &fs, 0, pr.h, err, errlen))
        return false;
    r->field_renders++;
    r->field_rows_rendered += pr.h;
    glBindFramebuffer(GL_FRAMEBUFFER, dst->fbo);
    canvas_begin(r->canvas, pr.w, pr.h, 0, 0, pr.w, pr.h);
    render_crit_markers(r, &scene);
    canvas_flush(r->canvas);
    traj_begin(&r->traj, pr.w, pr.h);
    long drawn[RENDER_MAX_RUNS] = {0};
    for (int i = 0; i < render_n_runs(sc); i++) {
        r->img_bufs[i].n = 0; /* one shot: whatever these buffers held was another scene */
        if (render_enabled(sc, i))
            traj_buffer_sync(&r->img_bufs[i], sc->runs[i].pts, sc->runs[i].n);
    }
    render_new_segments(r, &scene, r->img_bufs, drawn);
    if (!whole) {
        int y0 = t->h - pr.y - pr.h;
        glBindFramebuffer(GL_READ_FRAMEBUFFER, r->scratch.fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, t->fbo);
        glBlitFramebuffer(0, 0, pr.w, pr.h, pr.x, y0, pr.x + pr.w, y0 + pr.h,
                          GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
    render_pane_decor(r, &scene, t->fbo, t->w, t->h, rect);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return true;
}

bool render_image(Renderer *r, const RenderScene *sc, const RenderTarget *t, char *err,
                  size_t errlen)
{
    return render_image_rect(r, sc, t, (UiRect){0.0f, 0.0f, (float)t->w, (float)t->h}, err,
                             errlen);
}

/* ---- The CPU renderer ---------------------------------------------------------------- */

/* Pixel coordinates are pinned this far out, so floats stay finite (soft_polyline clips the
 * segments to the image in double). */
static const double RENDER_CPU_MAX_PX = 1e30;

/* Every enabled run's path as two canvas polylines, its dark halo, then its colored core,
 * like the GL layer's segments. A non-finite point repeats the one before it, as the GPU
 * buffers do. false only when out of memory. */
static bool render_cpu_paths(Renderer *r, const RenderScene *sc, char *err, size_t errlen)
{
    float rc, hw;
    render_path_widths(r, sc, &rc, &hw);
    unsigned char g = (unsigned char)lroundf(CANVAS_HALO_GRAY * 255.0f);
    Rgba halo = {g, g, g, 204}; /* alpha 0.8 */
    float *xy = NULL;
    long cap = 0;
    for (int i = 0; i < render_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (!render_enabled(sc, i) || run->n < 2)
            continue;
        if (run->n > cap) {
            float *m = realloc(xy, sizeof *m * 2 * (size_t)run->n);
            if (!m) {
                free(xy);
                snprintf(err, errlen, "out of memory for a path of %ld points", run->n);
                return false;
            }
            xy = m;
            cap = run->n;
        }
        long m = 0;
        for (long k = 0; k < run->n; k++) {
            double x, y;
            view_world_to_screen(&sc->view, run->pts[k].x, run->pts[k].y, &x, &y);
            if (!isfinite(x) || !isfinite(y)) {
                if (m == 0)
                    continue;
                x = xy[2 * m - 2];
                y = xy[2 * m - 1];
            }
            xy[2 * m] = (float)fmax(-RENDER_CPU_MAX_PX, fmin(RENDER_CPU_MAX_PX, x));
            xy[2 * m + 1] = (float)fmax(-RENDER_CPU_MAX_PX, fmin(RENDER_CPU_MAX_PX, y));
            m++;
        }
        float col[4];
        render_run_color(i, col);
        Rgba core = {(unsigned char)lroundf(col[0] * 255.0f),
                     (unsigned char)lroundf(col[1] * 255.0f),
                     (unsigned char)lroundf(col[2] * 255.0f), 255};
        canvas_polyline(r->canvas, xy, (int)(m < INT_MAX ? m : INT_MAX), 2.0f * (rc + hw), halo);
        canvas_polyline(r->canvas, xy, (int)(m < INT_MAX ? m : INT_MAX), 2.0f * rc, core);
    }
    free(xy);
    return true;
}

bool render_cpu_pane_base(Renderer *r, const RenderScene *sc, UiRect rect, char *err,
                          size_t errlen)
{
    assert(r->cpu);
    PaneRect pr = render_rect(rect);
    RenderScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    ViewBox box = view_bounds(&scene.view);
    FieldScale fs = render_field_scale(r, &scene, &box);
    if (!soft_field_sampled_at(&r->image, pr.x, pr.y, scene.ls, &scene.view, &fs,
                               render_cpu_field_step(scene.ls, pr.h), r->threads)) {
        snprintf(err, errlen, "a %dx%d pane at (%d, %d) is not inside the %dx%d image", pr.w,
                 pr.h, pr.x, pr.y, r->image.w, r->image.h);
        return false;
    }
    r->field_renders++;
    r->field_rows_rendered += pr.h;
    canvas_begin(r->canvas, r->image.w, r->image.h, pr.x, pr.y, pr.w, pr.h);
    render_crit_markers(r, &scene);
    bool ok = render_cpu_paths(r, &scene, err, errlen);
    canvas_flush(r->canvas);
    return ok;
}

bool render_cpu_pane(Renderer *r, const RenderScene *sc, UiRect rect, char *err,
                     size_t errlen)
{
    if (!render_cpu_pane_base(r, sc, rect, err, errlen))
        return false;
    render_pane_decor(r, sc, 0, r->image.w, r->image.h, rect);
    return true;
}

bool render_cpu_check(const Renderer *r, char *err, size_t errlen)
{
    const char *e = r->cpu ? canvas_soft_error(r->canvas) : NULL;
    if (e)
        snprintf(err, errlen, "%s", e);
    return !e;
}

/* ---- The title band ----------------------------------------------------------------- */

enum { RENDER_CAPTION_LINES = 3 };

/* Breaks caption into at most RENDER_CAPTION_LINES lines of at most width pixels at words;
 * the last line that does not fit ends in an ellipsis. Returns the line count. */
static int render_wrap(Canvas *c, FontFace face, const char *text, float width,
                       char lines[RENDER_CAPTION_LINES][256])
{
    int n = 0;
    const char *p = text;
    while (*p && n < RENDER_CAPTION_LINES) {
        while (*p == ' ')
            p++;
        char line[256] = "";
        size_t len = 0;
        const char *q = p;
        while (*q) {
            const char *word_end = q;
            while (*word_end == ' ')
                word_end++;
            while (*word_end && *word_end != ' ' && *word_end != '\n')
                word_end++;
            size_t add = (size_t)(word_end - q);
            if (len + add >= sizeof line - 4)
                break;
            char trial[256];
            memcpy(trial, line, len);
            memcpy(trial + len, q, add);
            trial[len + add] = '\0';
            if (len > 0 && canvas_measure(c, face, trial) > width)
                break;
            memcpy(line, trial, len + add + 1);
            len += add;
            q = word_end;
            if (*q == '\n') {
                q++;
                break;
            }
        }
        if (q == p) { /* one word wider than the band: cut it */
            size_t add = strlen(p) < sizeof line - 4 ? strlen(p) : sizeof line - 4;
            memcpy(line, p, add);
            line[add] = '\0';
            q = p + add;
        }
        p = q;
        if (n == RENDER_CAPTION_LINES - 1 && *p) {
            /* Out of lines: end this one in an ellipsis (dropping words until it fits). */
            char trial[256 + 4];
            snprintf(trial, sizeof trial, "%s\xe2\x80\xa6", line);
            while (len > 0 && canvas_measure(c, face, trial) > width) {
                while (len > 0 && line[len - 1] != ' ')
                    len--;
                while (len > 0 && line[len - 1] == ' ')
                    len--;
                line[len] = '\0';
                snprintf(trial, sizeof trial, "%s\xe2\x80\xa6", line);
            }
            snprintf(lines[n++], 256, "%.250s", trial);
            break;
        }
        snprintf(lines[n++], 256, "%s", line);
    }
    return n;
}

float render_title_height(Renderer *r, const char *title, const char *caption, float width)
{
    bool has_title = title && title[0], has_caption = caption && caption[0];
    if (!has_title && !has_caption)
        return 0.0f;
    float s = r->ui_scale, pad = 10.0f * s;
    char lines[RENDER_CAPTION_LINES][256];
    int n = has_caption ? render_wrap(r->canvas, FONT_BODY, caption, width - 4.0f * pad, lines)
                        : 0;
    float h = 2.0f * pad;
    if (has_title)
        h += (float)canvas_line_height(r->canvas, FONT_TITLE);
    h += (float)n * (float)canvas_line_height(r->canvas, FONT_BODY);
    return ceilf(h);
}

void render_title_band(Renderer *r, const char *title, const char *caption, int fb_w, int fb_h,
                       UiRect rect)
{
    PaneRect pr = render_rect(rect);
    if (rect.w <= 0.0f || rect.h <= 0.0f)
        return;
    Canvas *c = r->canvas;
    float s = r->ui_scale, pad = 10.0f * s;
    canvas_begin(c, fb_w, fb_h, pr.x, pr.y, pr.w, pr.h);
    canvas_rect(c, 0.0f, 0.0f, (float)pr.w, (float)pr.h, RENDER_BAND);
    canvas_rect(c, 0.0f, (float)pr.h - (s > 1.0f ? s : 1.0f), (float)pr.w, s > 1.0f ? s : 1.0f,
                (Rgba){255, 255, 255, 40});
    float y = pad;
    if (title && title[0]) {
        canvas_text(c, FONT_TITLE, 2.0f * pad, y, title, RENDER_TEXT);
        y += (float)canvas_line_height(c, FONT_TITLE);
    }
    if (caption && caption[0]) {
        char lines[RENDER_CAPTION_LINES][256];
        int n = render_wrap(c, FONT_BODY, caption, (float)pr.w - 4.0f * pad, lines);
        for (int i = 0; i < n; i++) {
            canvas_text(c, FONT_BODY, 2.0f * pad, y, lines[i], RENDER_TEXT_DIM);
            y += (float)canvas_line_height(c, FONT_BODY);
        }
    }
    canvas_flush(c);
}
