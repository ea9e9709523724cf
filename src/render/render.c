/* render.c - composes a frame: field texture (cached, refined progressively for data
 * landscapes), a scene layer that accumulates trajectory segments, and the overlays (markers,
 * step arrows, axes, title, legend, status) drawn fresh on top each frame.
 */
#include "render/render.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "optim/optim.h"
#include "render/shader.h"

/* Okabe-Ito, without black (it vanishes on viridis' dark end), most distinct first. */
static const unsigned char RENDER_PALETTE[RENDER_PALETTE_SIZE][3] = {
    {0xE6, 0x9F, 0x00}, /* orange */
    {0x56, 0xB4, 0xE9}, /* sky blue */
    {0xCC, 0x79, 0xA7}, /* reddish purple */
    {0xF0, 0xE4, 0x42}, /* yellow */
    {0x00, 0x9E, 0x73}, /* bluish green */
    {0xD5, 0x5E, 0x00}, /* vermillion */
    {0x00, 0x72, 0xB2}, /* blue */
};

static const float RENDER_BASE_FONT_PX = 20.0f;
static const float RENDER_FIELD_LINE_PX = 1.3f;
static const double RENDER_REFINE_BUDGET_MS = 30.0;

static const Rgba RENDER_TEXT = {240, 240, 245, 255};
static const Rgba RENDER_TEXT_DIM = {190, 192, 205, 255};
static const Rgba RENDER_PANEL = {14, 14, 22, 190};
static const Rgba RENDER_STRIP = {10, 10, 16, 165};

#define UTF8_ALPHA "\xce\xb1"
#define UTF8_BETA "\xce\xb2"
#define UTF8_MU "\xce\xbc"
#define UTF8_SIGMA "\xcf\x83"
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

void render_run_color(int i, float rgba[4])
{
    const unsigned char *c = RENDER_PALETTE[(i % RENDER_PALETTE_SIZE + RENDER_PALETTE_SIZE) %
                                            RENDER_PALETTE_SIZE];
    rgba[0] = c[0] / 255.0f;
    rgba[1] = c[1] / 255.0f;
    rgba[2] = c[2] / 255.0f;
    rgba[3] = 1.0f;
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
    r->refine_band = 32;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_init(&r->bufs[i]);
    return true;

fail_font:
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
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        traj_buffer_free(&r->bufs[i]);
    render_target_free(&r->low);
    render_target_free(&r->full);
    render_target_free(&r->scene);
    font_free(&r->font);
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
    r->ui_scale = ui_scale;
    r->scene_valid = false;
    return true;
}

bool render_busy(const Renderer *r)
{
    return r->f_valid && r->f_ls && r->f_ls->data && !r->full_ready;
}

void render_invalidate_runs(Renderer *r)
{
    r->scene_valid = false;
    for (int i = 0; i < RENDER_MAX_RUNS; i++)
        r->bufs[i].n = 0;
}

int render_low_res_div(const Landscape *ls)
{
    if (!ls->data)
        return 1;
    int div = (int)ceil(sqrt(ls->data->n / 8.0));
    return div < 2 ? 2 : div > 8 ? 8 : div;
}

static bool render_view_equal(const View *a, const View *b)
{
    return a->cx == b->cx && a->cy == b->cy && a->scale == b->scale && a->w == b->w &&
           a->h == b->h;
}

/* Renders all rows of the full target now. */
static bool render_field_full(Renderer *r, const ViewBox *box, char *err, size_t errlen)
{
    if (!render_target_resize(&r->full, r->f_view.w, r->f_view.h)) {
        snprintf(err, errlen, "cannot create a %dx%d field framebuffer", r->f_view.w,
                 r->f_view.h);
        return false;
    }
    if (!field_render(&r->field, &r->full, r->f_ls, box, &r->f_scale, 0, r->full.h, err,
                      errlen))
        return false;
    r->field_renders++;
    r->field_rows_rendered += r->full.h;
    r->full_ready = true;
    r->f_gen++;
    return true;
}

/* Brings the displayed field up to date with the scene: re-renders only on a key change,
 * otherwise refines a data landscape one band per frame once the view settles. */
static bool render_update_field(Renderer *r, const RenderScene *sc, char *err, size_t errlen)
{
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    bool expensive = sc->ls->data != NULL;
    bool same = r->f_valid && r->f_ls == sc->ls && render_view_equal(&r->f_view, &sc->view) &&
                r->f_levels == levels && r->f_ui == r->ui_scale;
    ViewBox box = view_bounds(&sc->view);
    if (!same) {
        r->f_ls = sc->ls;
        r->f_view = sc->view;
        r->f_levels = levels;
        r->f_ui = r->ui_scale;
        r->f_scale = colormap_fit(sc->ls, &box, levels, RENDER_FIELD_LINE_PX * r->ui_scale);
        r->f_valid = true;
        r->full_ready = false;
        r->refine_row = 0;
        if (!expensive)
            return render_field_full(r, &box, err, errlen);
        int div = render_low_res_div(sc->ls);
        int lw = (sc->view.w + div - 1) / div;
        int lh = (sc->view.h + div - 1) / div;
        if (!render_target_resize(&r->low, lw, lh)) {
            snprintf(err, errlen, "cannot create a %dx%d field framebuffer", lw, lh);
            return false;
        }
        FieldScale fs = r->f_scale;
        fs.line_px /= (float)div;
        if (!field_render(&r->field, &r->low, sc->ls, &box, &fs, 0, lh, err, errlen))
            return false;
        r->field_renders++;
        r->field_rows_rendered += lh;
        r->f_gen++;
        return true;
    }
    if (r->full_ready || sc->interacting)
        return true;
    /* Refine: one band of full rows per frame, sized to the measured cost. */
    if (r->refine_row == 0 &&
        !render_target_resize(&r->full, r->f_view.w, r->f_view.h)) {
        snprintf(err, errlen, "cannot create a %dx%d field framebuffer", r->f_view.w,
                 r->f_view.h);
        return false;
    }
    int rows = r->refine_band;
    if (r->refine_row + rows > r->full.h)
        rows = r->full.h - r->refine_row;
    double t0 = render_now_ms();
    if (!field_render(&r->field, &r->full, r->f_ls, &box, &r->f_scale, r->refine_row, rows, err,
                      errlen))
        return false;
    glFinish();
    double ms = render_now_ms() - t0;
    r->field_rows_rendered += rows;
    r->refine_row += rows;
    if (ms > 0.5) {
        double band = rows * RENDER_REFINE_BUDGET_MS / ms;
        r->refine_band = band < 4 ? 4 : band > 4096 ? 4096 : (int)band;
    }
    if (r->refine_row >= r->full.h) {
        r->full_ready = true;
        r->field_renders++;
        r->f_gen++;
    }
    return true;
}

static void render_crit_markers(Renderer *r, const RenderScene *sc)
{
    float s = r->ui_scale;
    LineStyle plus = {{1.0f, 1.0f, 1.0f, 0.95f}, 1.1f * s, 1.3f * s, 0.75f};
    LineStyle other = {{0.85f, 0.85f, 0.9f, 0.85f}, 0.9f * s, 1.1f * s, 0.6f};
    for (int k = 0; k < sc->ls->n_crit; k++) {
        const CriticalPoint *cp = &sc->ls->crit[k];
        double x, y;
        view_world_to_screen(&sc->view, cp->x, cp->y, &x, &y);
        if (x < -20 || y < -20 || x > sc->view.w + 20 || y > sc->view.h + 20)
            continue;
        float fx = (float)x, fy = (float)y, a = 6.5f * s, b = 4.0f * s;
        switch (cp->kind) {
        case CRIT_MINIMUM:
            traj_marker_segment(&r->traj, fx - a, fy, fx + a, fy, &plus);
            traj_marker_segment(&r->traj, fx, fy - a, fx, fy + a, &plus);
            break;
        case CRIT_SADDLE:
            traj_marker_segment(&r->traj, fx - b, fy - b, fx + b, fy + b, &other);
            traj_marker_segment(&r->traj, fx - b, fy + b, fx + b, fy - b, &other);
            break;
        case CRIT_MAXIMUM:
        case CRIT_DEGENERATE:
        case CRIT_KIND_COUNT:
            traj_marker_dot(&r->traj, fx, fy, &(LineStyle){{0.85f, 0.85f, 0.9f, 0.9f},
                                                            2.6f * s, 1.2f * s, 0.6f});
            break;
        }
    }
    traj_flush_markers(&r->traj);
}

/* Draws the segments of each run not drawn yet (r->drawn) onto the bound framebuffer: first
 * their dark halos, then their colored cores, so a dense run of tiny steps stays its color.
 * The cores of the last already-drawn segments within reach of the new halos are drawn again,
 * since those halos cover them. */
static void render_new_segments(Renderer *r, const RenderScene *sc, int n_runs)
{
    enum { MAX_REDRAW = 4096 };
    float s = r->ui_scale;
    float rc = 1.9f * s, hw = 1.4f * s;
    for (int i = 0; i < n_runs; i++) {
        long segs = r->bufs[i].n - 1;
        if (segs <= r->drawn[i])
            continue;
        long first = r->drawn[i], core_first = first;
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
        traj_draw(&r->traj, &r->bufs[i], &sc->view, first, segs - first, &halo);
        traj_draw(&r->traj, &r->bufs[i], &sc->view, core_first, segs - core_first, &core);
        r->drawn[i] = segs;
    }
}

/* Rebuilds the scene layer when the field or the runs changed, then adds new segments. */
static void render_update_scene(Renderer *r, const RenderScene *sc, int w, int h)
{
    int n_runs = sc->n_runs < RENDER_MAX_RUNS ? sc->n_runs : RENDER_MAX_RUNS;
    bool rebuild = !r->scene_valid || r->scene_gen != r->f_gen || r->scene.w != w ||
                   r->scene.h != h || sc->runs != r->scene_runs || n_runs != r->scene_n_runs;
    for (int i = 0; i < n_runs; i++) {
        if (traj_buffer_sync(&r->bufs[i], sc->runs[i].pts, sc->runs[i].n))
            rebuild = true;
    }
    if (rebuild) {
        render_target_resize(&r->scene, w, h);
        glBindFramebuffer(GL_FRAMEBUFFER, r->scene.fbo);
        const RenderTarget *f = r->full_ready ? &r->full : &r->low;
        batcher_begin(&r->batch, w, h);
        batcher_set_blend(&r->batch, false);
        /* Texture row 0 is the bottom of the view; pixel row 0 is the top. */
        batcher_quad_uv(&r->batch, f->tex, 0.0f, 0.0f, (float)w, (float)h, 0.0f, 1.0f, 1.0f, 0.0f,
                      (Rgba){255, 255, 255, 255});
        batcher_end(&r->batch);
        traj_begin(&r->traj, w, h);
        render_crit_markers(r, sc);
        for (int i = 0; i < RENDER_MAX_RUNS; i++)
            r->drawn[i] = 0;
        r->scene_gen = r->f_gen;
        r->scene_runs = sc->runs;
        r->scene_n_runs = n_runs;
        r->scene_valid = true;
        r->scene_rebuilds++;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, r->scene.fbo);
    traj_begin(&r->traj, w, h);
    render_new_segments(r, sc, n_runs);
}

/* Start marker, current-point marker and an arrow along the latest step. */
static void render_run_markers(Renderer *r, const RenderScene *sc)
{
    float s = r->ui_scale;
    int n_runs = sc->n_runs < RENDER_MAX_RUNS ? sc->n_runs : RENDER_MAX_RUNS;
    for (int i = 0; i < n_runs; i++) {
        const Run *run = &sc->runs[i];
        if (run->n < 1)
            continue;
        float col[4];
        render_run_color(i, col);
        double x0, y0;
        view_world_to_screen(&sc->view, run->pts[0].x, run->pts[0].y, &x0, &y0);
        LineStyle ring = {{1.0f, 1.0f, 1.0f, 1.0f}, 5.5f * s, 1.2f * s, 0.8f};
        LineStyle core = {{col[0], col[1], col[2], 1.0f}, 3.6f * s, 0.0f, 0.0f};
        if (fabs(x0) < 1e6 && fabs(y0) < 1e6) {
            traj_marker_dot(&r->traj, (float)x0, (float)y0, &ring);
            traj_marker_dot(&r->traj, (float)x0, (float)y0, &core);
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
            traj_marker_segment(&r->traj, ax, ay, bx, by, &arrow);
            traj_marker_segment(&r->traj, h1x, h1y, bx, by, &arrow);
            traj_marker_segment(&r->traj, h2x, h2y, bx, by, &arrow);
        }
        LineStyle cring = {{1.0f, 1.0f, 1.0f, 1.0f}, rm, 1.6f * s, 0.85f};
        LineStyle ccore = {{col[0], col[1], col[2], 1.0f}, rm - 2.2f * s, 0.0f, 0.0f};
        traj_marker_dot(&r->traj, (float)cx, (float)cy, &cring);
        traj_marker_dot(&r->traj, (float)cx, (float)cy, &ccore);
    }
    traj_flush_markers(&r->traj);
}

void render_run_label(const Run *run, char *title, size_t tlen, char *status, size_t slen)
{
    const OptimizerDesc *d = &run->desc.opt;
    const OptimVTable *vt = optim_vtable(d->kind);
    char hp[160];
    switch (d->kind) {
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV:
        snprintf(hp, sizeof hp, UTF8_ALPHA " = %g, " UTF8_MU " = %g", d->lr, d->momentum);
        break;
    case OPTIM_RMSPROP:
        snprintf(hp, sizeof hp, UTF8_ALPHA " = %g, " UTF8_BETA " = %g", d->lr, d->beta);
        break;
    case OPTIM_ADAM:
        snprintf(hp, sizeof hp,
                 UTF8_ALPHA " = %g, " UTF8_BETA UTF8_SUB1 " = %g, " UTF8_BETA UTF8_SUB2 " = %g",
                 d->lr, d->beta1, d->beta2);
        break;
    case OPTIM_GD:
    case OPTIM_ADAGRAD:
    case OPTIM_NEWTON:
    case OPTIM_COUNT:
        snprintf(hp, sizeof hp, UTF8_ALPHA " = %g", d->lr);
        break;
    }
    char extra[96] = "";
    size_t k = 0;
    if (run->desc.schedule.kind != SCHEDULE_CONSTANT)
        k += (size_t)snprintf(extra + k, sizeof extra - k, UTF8_DOT "%s decay",
                              schedule_id(run->desc.schedule.kind));
    if (run->ls && run->ls->data && run->desc.batch > 0 && run->desc.batch < run->ls->data->n &&
        k < sizeof extra)
        k += (size_t)snprintf(extra + k, sizeof extra - k, UTF8_DOT "B = %d", run->desc.batch);
    if (run->desc.noise > 0.0 && k < sizeof extra)
        snprintf(extra + k, sizeof extra - k, UTF8_DOT UTF8_SIGMA " = %g", run->desc.noise);
    snprintf(title, tlen, "%s   %s%s", vt ? vt->name : "?", hp, extra);

    char st[96] = "";
    run_status_text(run, st, sizeof st);
    double loss = run->n > 0 ? run->pts[run->n - 1].loss : (double)NAN;
    char ls[32];
    if (isfinite(loss))
        snprintf(ls, sizeof ls, "%s%.4g", loss < 0.0 ? "\xe2\x88\x92" : "", fabs(loss));
    else
        snprintf(ls, sizeof ls, "%s", "\xe2\x80\x94");
    snprintf(status, slen, "step %ld" UTF8_DOT "loss %s%s%s", run->n > 0 ? run->n - 1 : 0, ls,
             st[0] ? UTF8_DOT : "", st);
}

/* Axis strips along the bottom and left edges with ticks at nice numbers. */
static void render_axes(Renderer *r, const RenderScene *sc, int w, int h, float *left_w)
{
    Batcher *b = &r->batch;
    Font *f = &r->font;
    float s = r->ui_scale;
    const View *v = &sc->view;
    ViewBox box = view_bounds(v);
    float lh = (float)font_line_height(f, FONT_SMALL);
    float bh = lh + 10.0f * s;
    double xt[VIEW_MAX_TICKS], yt[VIEW_MAX_TICKS], xs, ys;
    int nx = view_ticks(box.xmin, box.xmax, (int)(w / (130.0f * s)) + 1, xt, VIEW_MAX_TICKS, &xs);
    int ny = view_ticks(box.ymin, box.ymax, (int)(h / (100.0f * s)) + 1, yt, VIEW_MAX_TICKS, &ys);
    char buf[64];
    float lw = 0.0f;
    for (int i = 0; i < ny; i++) {
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = font_measure(f, FONT_SMALL, buf);
        lw = tw > lw ? tw : lw;
    }
    lw += 16.0f * s;
    *left_w = lw;
    batcher_rect(b, 0.0f, (float)h - bh, (float)w, bh, RENDER_STRIP);
    batcher_rect(b, 0.0f, 0.0f, lw, (float)h - bh, RENDER_STRIP);
    Rgba tick = {235, 235, 240, 220};
    float tl = 6.0f * s, tk = s > 1.0f ? s : 1.0f;
    /* Axis names first so tick labels can avoid them. */
    const char *xname = UTF8_THETA UTF8_SUB1, *yname = UTF8_THETA UTF8_SUB2;
    float xnw = font_measure(f, FONT_BODY, xname);
    float xn_x = (float)w - xnw - 10.0f * s;
    font_draw(f, b, FONT_BODY, xn_x, (float)h - bh + 0.5f * (bh - font_line_height(f, FONT_BODY)),
              xname, RENDER_TEXT);
    float yn_w = font_measure(f, FONT_BODY, yname);
    font_draw(f, b, FONT_BODY, 0.5f * (lw - yn_w), 6.0f * s, yname, RENDER_TEXT);
    float yn_bottom = 6.0f * s + font_line_height(f, FONT_BODY);
    for (int i = 0; i < nx; i++) {
        double sx, sy;
        view_world_to_screen(v, xt[i], 0.0, &sx, &sy);
        view_format_tick(xt[i], xs, buf, sizeof buf);
        float tw = font_measure(f, FONT_SMALL, buf);
        float x = (float)sx - 0.5f * tw;
        if (x < lw + 4.0f * s || x + tw > xn_x - 8.0f * s)
            continue;
        batcher_rect(b, (float)sx - 0.5f * tk, (float)h - bh - tl, tk, tl, tick);
        font_draw(f, b, FONT_SMALL, x, (float)h - bh + 5.0f * s, buf, RENDER_TEXT);
    }
    for (int i = 0; i < ny; i++) {
        double sx, sy;
        view_world_to_screen(v, 0.0, yt[i], &sx, &sy);
        float y = (float)sy - 0.5f * lh;
        if (y < yn_bottom + 2.0f * s || y + lh > h - bh - 2.0f * s)
            continue;
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = font_measure(f, FONT_SMALL, buf);
        batcher_rect(b, lw, (float)sy - 0.5f * tk, tl, tk, tick);
        font_draw(f, b, FONT_SMALL, lw - 8.0f * s - tw, y, buf, RENDER_TEXT);
    }
}

/* Title, formula and one entry per run in a translucent panel; swatches drawn afterwards. */
static void render_legend(Renderer *r, const RenderScene *sc, float x0, float y0,
                          float swatch_xy[][2], int *n_swatch, float *right, float *bottom)
{
    Batcher *b = &r->batch;
    Font *f = &r->font;
    float s = r->ui_scale;
    int n_runs = sc->n_runs < RENDER_MAX_RUNS ? sc->n_runs : RENDER_MAX_RUNS;
    float pad = 14.0f * s, sw = 30.0f * s, gap = 10.0f * s;
    char formula[320];
    snprintf(formula, sizeof formula, "f(x, y) = %s", sc->ls->formula ? sc->ls->formula : "");
    char titles[RENDER_MAX_RUNS][256], stats[RENDER_MAX_RUNS][192];
    float wmax = font_measure(f, FONT_TITLE, sc->ls->name);
    float fw = font_measure(f, FONT_BODY, formula);
    wmax = fw > wmax ? fw : wmax;
    for (int i = 0; i < n_runs; i++) {
        render_run_label(&sc->runs[i], titles[i], sizeof titles[i], stats[i], sizeof stats[i]);
        float a = sw + gap + font_measure(f, FONT_BODY, titles[i]);
        float c = sw + gap + font_measure(f, FONT_SMALL, stats[i]);
        wmax = a > wmax ? a : wmax;
        wmax = c > wmax ? c : wmax;
    }
    float th = (float)font_line_height(f, FONT_TITLE), bh = (float)font_line_height(f, FONT_BODY);
    float smh = (float)font_line_height(f, FONT_SMALL);
    float entry_h = bh + smh + 8.0f * s;
    float hgt = pad + th + 2.0f * s + bh + (n_runs > 0 ? 10.0f * s + n_runs * entry_h : 0.0f) +
                pad - 4.0f * s;
    batcher_round_rect(b, x0, y0, wmax + 2.0f * pad, hgt, 10.0f * s, RENDER_PANEL);
    *right = x0 + wmax + 2.0f * pad;
    *bottom = y0 + hgt;
    float y = y0 + pad - 2.0f * s;
    font_draw(f, b, FONT_TITLE, x0 + pad, y, sc->ls->name, RENDER_TEXT);
    y += th + 2.0f * s;
    font_draw(f, b, FONT_BODY, x0 + pad, y, formula, RENDER_TEXT_DIM);
    y += bh;
    if (n_runs > 0) {
        y += 5.0f * s;
        batcher_rect(b, x0 + pad, y, wmax, s > 1.0f ? s : 1.0f, (Rgba){255, 255, 255, 50});
        y += 5.0f * s;
    }
    *n_swatch = 0;
    for (int i = 0; i < n_runs; i++) {
        float tx = x0 + pad + sw + gap;
        font_draw(f, b, FONT_BODY, tx, y + 2.0f * s, titles[i], RENDER_TEXT);
        font_draw(f, b, FONT_SMALL, tx, y + 2.0f * s + bh, stats[i], RENDER_TEXT_DIM);
        swatch_xy[i][0] = x0 + pad;
        swatch_xy[i][1] = y + 2.0f * s + 0.5f * bh;
        (*n_swatch)++;
        y += entry_h;
    }
}

/* The play/pause pill at the top right, or at the bottom right when the legend reaches it;
 * the key hints only where they fit. */
static void render_status(Renderer *r, const RenderScene *sc, int w, int h, float legend_right,
                          float legend_bottom)
{
    Batcher *b = &r->batch;
    Font *f = &r->font;
    float s = r->ui_scale;
    long step = 0;
    for (int i = 0; i < sc->n_runs; i++)
        if (sc->runs[i].n - 1 > step)
            step = sc->runs[i].n - 1;
    char line[128], hint[160];
    int k = snprintf(line, sizeof line, "%s", sc->playing ? "\xe2\x96\xb6  playing" : "paused");
    if (sc->playing)
        k += snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "%g steps/s", sc->speed);
    if (sc->max_steps > 0)
        snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "step %ld / %ld", step,
                 sc->max_steps);
    snprintf(hint, sizeof hint, "Space play/pause" UTF8_DOT "\xe2\x86\x92 step" UTF8_DOT
                                "R reset" UTF8_DOT "[ ] levels" UTF8_DOT "Q quit");
    float pad = 10.0f * s, margin = 14.0f * s;
    float w1 = font_measure(f, FONT_BODY, line), w2 = font_measure(f, FONT_SMALL, hint);
    float lh1 = (float)font_line_height(f, FONT_BODY);
    float lh2 = (float)font_line_height(f, FONT_SMALL);
    bool with_hint = w2 + 2.0f * pad < 0.6f * (float)w;
    float pw = (with_hint && w2 > w1 ? w2 : w1) + 2.0f * pad;
    float ph = lh1 + (with_hint ? lh2 : 0.0f) + 2.0f * pad - 4.0f * s;
    float x = (float)w - pw - margin, y = margin;
    if (x < legend_right + margin) {
        /* Above the bottom axis strip instead. */
        float strip = (float)font_line_height(f, FONT_SMALL) + 10.0f * s;
        y = (float)h - strip - ph - margin;
        if (y < legend_bottom + margin && x < legend_right + margin)
            return; /* no room anywhere: the legend matters more */
    }
    batcher_round_rect(b, x, y, pw, ph, 10.0f * s, RENDER_PANEL);
    font_draw(f, b, FONT_BODY, x + pw - pad - w1, y + pad - 2.0f * s, line, RENDER_TEXT);
    if (with_hint)
        font_draw(f, b, FONT_SMALL, x + pw - pad - w2, y + pad - 2.0f * s + lh1, hint,
                  RENDER_TEXT_DIM);
}

static void render_overlays(Renderer *r, const RenderScene *sc, int w, int h)
{
    traj_begin(&r->traj, w, h);
    render_run_markers(r, sc);
    if (sc->plain)
        return;
    float left_w = 0.0f, sw[RENDER_MAX_RUNS][2];
    int n_sw = 0;
    batcher_begin(&r->batch, w, h);
    render_axes(r, sc, w, h, &left_w);
    float lr = 0.0f, lb = 0.0f;
    render_legend(r, sc, left_w + 14.0f * r->ui_scale, 14.0f * r->ui_scale, sw, &n_sw, &lr, &lb);
    if (sc->show_status)
        render_status(r, sc, w, h, lr, lb);
    batcher_end(&r->batch);
    traj_begin(&r->traj, w, h);
    float s = r->ui_scale;
    for (int i = 0; i < n_sw; i++) {
        LineStyle st = {{0}, 2.2f * s, 1.2f * s, 0.8f};
        render_run_color(i, st.color);
        traj_marker_segment(&r->traj, sw[i][0] + 3.0f * s, sw[i][1], sw[i][0] + 27.0f * s,
                            sw[i][1], &st);
    }
    traj_flush_markers(&r->traj);
}

bool render_frame(Renderer *r, const RenderScene *sc, GLuint fbo, int w, int h, char *err,
                  size_t errlen)
{
    RenderScene scene = *sc;
    view_resize(&scene.view, w, h);
    if (!render_update_field(r, &scene, err, errlen))
        return false;
    render_update_scene(r, &scene, w, h);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, r->scene.fbo);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    render_overlays(r, &scene, w, h);
    return true;
}

bool render_image(Renderer *r, const RenderScene *sc, const RenderTarget *t, char *err,
                  size_t errlen)
{
    RenderScene scene = *sc;
    view_resize(&scene.view, t->w, t->h);
    int levels = sc->levels > 0 ? sc->levels : COLORMAP_LEVELS_DEFAULT;
    ViewBox box = view_bounds(&scene.view);
    FieldScale fs = colormap_fit(sc->ls, &box, levels, RENDER_FIELD_LINE_PX * r->ui_scale);
    if (!field_render(&r->field, t, sc->ls, &box, &fs, 0, t->h, err, errlen))
        return false;
    r->field_renders++;
    r->field_rows_rendered += t->h;
    /* The caches no longer describe what is on screen. */
    r->scene_valid = false;
    int n_runs = sc->n_runs < RENDER_MAX_RUNS ? sc->n_runs : RENDER_MAX_RUNS;
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    traj_begin(&r->traj, t->w, t->h);
    render_crit_markers(r, &scene);
    for (int i = 0; i < n_runs; i++) {
        traj_buffer_sync(&r->bufs[i], sc->runs[i].pts, sc->runs[i].n);
        r->drawn[i] = 0;
    }
    render_new_segments(r, &scene, n_runs);
    render_overlays(r, &scene, t->w, t->h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return true;
}
