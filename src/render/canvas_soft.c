/* canvas_soft.c - the drawing interface on the CPU canvas (render/soft.h): frame offsets and
 * clips become soft_clip rectangles, strokes become one or two soft_polyline capsules (the
 * halo, then the core, which composes exactly like shaders/line.frag), text goes through a
 * SoftFont opened on first use, a plot's field is soft_field on threads and its paths are
 * polylines. No caches: each plot is drawn whole.
 */
#include "render/canvas_soft.h"
#include "figure/pathlod.h"

#include <limits.h>

#include "figure/plot.h"
#include "figure/surface3d.h"
#include "util/datadir.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static_assert((int)FONT_BODY == (int)SOFT_FACE_BODY && (int)FONT_SMALL == (int)SOFT_FACE_SMALL &&
                  (int)FONT_TITLE == (int)SOFT_FACE_TITLE &&
                  (int)FONT_FACE_COUNT == (int)SOFT_FACE_COUNT,
              "the canvas faces are the soft faces");

typedef struct {
    Canvas base;
    SoftCanvas *img;
    SoftFont *font;  /* opened on first use */
    bool font_tried; /* ... once: a failure is kept in err */
    char data_dir[1024];
    float base_px;
    int threads;        /* for the field */
    bool owns_img;      /* canvas_soft_open's image, freed with the canvas */
    int ox, oy, fw, fh; /* the frame on the image */
    bool clip_on;
    int clip[4];        /* x, y, w, h in the frame */
    float *xy;          /* scratch for offset point lists */
    int xy_cap;         /* points */
    char err[512];
} CpuCanvas;

static const CanvasVTable CPU_CANVAS_VTABLE;

static CpuCanvas *cpu_canvas(Canvas *c)
{
    return (CpuCanvas *)c;
}

static UiColor cpu_color(Rgba c)
{
    return (UiColor){c.r, c.g, c.b, c.a};
}

static unsigned char cpu_byte(float v)
{
    return (unsigned char)lroundf((v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v) * 255.0f);
}

/* The image's clip: the frame, narrowed by the canvas clip. */
static void cpu_apply_clip(CpuCanvas *k)
{
    int x0 = k->ox, y0 = k->oy, x1 = k->ox + k->fw, y1 = k->oy + k->fh;
    if (k->clip_on) {
        int cx0 = k->ox + k->clip[0], cy0 = k->oy + k->clip[1];
        int cx1 = cx0 + k->clip[2], cy1 = cy0 + k->clip[3];
        x0 = cx0 > x0 ? cx0 : x0;
        y0 = cy0 > y0 ? cy0 : y0;
        x1 = cx1 < x1 ? cx1 : x1;
        y1 = cy1 < y1 ? cy1 : y1;
    }
    soft_clip(k->img, x0, y0, x1 - x0, y1 - y0);
}

/* xy (n points) moved to image coordinates, in the scratch buffer; NULL when out of memory. */
static float *cpu_points(CpuCanvas *k, const float *xy, int n)
{
    if (n > k->xy_cap) {
        int cap = n > 2 * k->xy_cap ? n : 2 * k->xy_cap;
        float *m = realloc(k->xy, sizeof *m * 2 * (size_t)cap);
        if (!m)
            return NULL;
        k->xy = m;
        k->xy_cap = cap;
    }
    for (int i = 0; i < n; i++) {
        k->xy[2 * i] = xy[2 * i] + (float)k->ox;
        k->xy[2 * i + 1] = xy[2 * i + 1] + (float)k->oy;
    }
    return k->xy;
}

/* The fonts, opened on the first call that needs them; NULL (and err set) when they cannot
 * be. */
static SoftFont *cpu_font(CpuCanvas *k)
{
    if (!k->font && !k->font_tried) {
        k->font_tried = true;
        k->font = soft_font_open(k->data_dir, k->base_px, k->err, sizeof k->err);
    }
    return k->font;
}

static void cpu_destroy(Canvas *c)
{
    CpuCanvas *k = cpu_canvas(c);
    soft_font_close(k->font);
    free(k->xy);
    if (k->owns_img) {
        soft_canvas_free(k->img);
        free(k->img);
    }
    free(k);
}

static void cpu_begin(Canvas *c, int target_w, int target_h, int x, int y, int w, int h)
{
    CpuCanvas *k = cpu_canvas(c);
    assert(target_w == k->img->w && target_h == k->img->h);
    (void)target_w;
    (void)target_h;
    k->ox = x;
    k->oy = y;
    k->fw = w > 0 ? w : 0;
    k->fh = h > 0 ? h : 0;
    k->clip_on = false;
    cpu_apply_clip(k);
}

static void cpu_flush(Canvas *c)
{
    (void)c; /* every call has drawn already */
}

static void cpu_clip(Canvas *c, int x, int y, int w, int h)
{
    CpuCanvas *k = cpu_canvas(c);
    k->clip_on = true;
    k->clip[0] = x;
    k->clip[1] = y;
    k->clip[2] = w;
    k->clip[3] = h;
    cpu_apply_clip(k);
}

static void cpu_clip_off(Canvas *c)
{
    CpuCanvas *k = cpu_canvas(c);
    k->clip_on = false;
    cpu_apply_clip(k);
}

static void cpu_rect(Canvas *c, float x, float y, float w, float h, Rgba col)
{
    CpuCanvas *k = cpu_canvas(c);
    soft_rect(k->img, x + (float)k->ox, y + (float)k->oy, w, h, cpu_color(col));
}

static void cpu_round_rect(Canvas *c, float x, float y, float w, float h, float r, Rgba col)
{
    CpuCanvas *k = cpu_canvas(c);
    soft_round_rect(k->img, x + (float)k->ox, y + (float)k->oy, w, h, r, cpu_color(col));
}

static void cpu_convex(Canvas *c, const float *xy, int n, Rgba col)
{
    CpuCanvas *k = cpu_canvas(c);
    float *p = cpu_points(k, xy, n);
    if (p)
        soft_convex(k->img, p, n, cpu_color(col));
}

static void cpu_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s)
{
    CpuCanvas *k = cpu_canvas(c);
    float ox = (float)k->ox, oy = (float)k->oy;
    float p[4] = {x0 + ox, y0 + oy, x1 + ox, y1 + oy};
    int n = x0 == x1 && y0 == y1 ? 1 : 2;
    if (s->halo > 0.0f && s->halo_alpha > 0.0f) {
        unsigned char g = cpu_byte(CANVAS_HALO_GRAY);
        soft_polyline(k->img, p, n, 2.0f * (s->radius + s->halo),
                      (UiColor){g, g, g, cpu_byte(s->halo_alpha)});
    }
    if (s->radius > 0.0f && s->color[3] > 0.0f)
        soft_polyline(k->img, p, n, 2.0f * s->radius,
                      (UiColor){cpu_byte(s->color[0]), cpu_byte(s->color[1]),
                                cpu_byte(s->color[2]), cpu_byte(s->color[3])});
}

static void cpu_polyline(Canvas *c, const float *xy, int n, float width, Rgba col)
{
    CpuCanvas *k = cpu_canvas(c);
    float *p = cpu_points(k, xy, n);
    if (p)
        soft_polyline(k->img, p, n, width, cpu_color(col));
}

static float cpu_text(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col)
{
    CpuCanvas *k = cpu_canvas(c);
    SoftFont *f = cpu_font(k);
    if (!f)
        return 0.0f;
    return soft_text_draw(k->img, f, (SoftFace)face, x + (float)k->ox, y + (float)k->oy, utf8,
                          cpu_color(col));
}

static float cpu_measure(Canvas *c, FontFace face, const char *utf8)
{
    SoftFont *f = cpu_font(cpu_canvas(c));
    return f ? soft_text_measure(f, (SoftFace)face, utf8) : 0.0f;
}

static int cpu_face_px(Canvas *c, FontFace face)
{
    CpuCanvas *k = cpu_canvas(c);
    SoftFont *f = cpu_font(k);
    /* Without fonts (an error to report) a plausible size keeps layouts apart. */
    return f ? soft_font_px(f, (SoftFace)face) : (int)lroundf(k->base_px);
}

static int cpu_line_height(Canvas *c, FontFace face)
{
    SoftFont *f = cpu_font(cpu_canvas(c));
    return f ? soft_font_line_height(f, (SoftFace)face) : cpu_face_px(c, face);
}

/* Pixel coordinates are pinned this far out, so floats stay finite (soft_polyline clips the
 * segments to the image in double). */
static const double CPU_MAX_PX = 1e30;

/* Every enabled run's path as two polylines, its dark halo, then its colored core, like the
 * GL layer's segments, simplified as the GPU buffers are (figure/pathlod.h, PATHLOD_PX);
 * non-finite points are skipped.
 * false only when out of memory. */
static bool cpu_paths(Canvas *c, const PlotScene *sc, char *err, size_t errlen)
{
    float rc, hw;
    plot_path_widths(sc, c->scale, &rc, &hw);
    unsigned char g = (unsigned char)lroundf(CANVAS_HALO_GRAY * 255.0f);
    Rgba halo = {g, g, g, 204}; /* alpha 0.8 */
    float *xy = NULL;
    long cap = 0;
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (!plot_run_enabled(sc, i) || run->n < 2)
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
        PathLod lod;
        for (long k = 0; k < run->n; k++) {
            double x, y, fx, fy;
            view_world_to_screen(&sc->view, run->pts[k].x, run->pts[k].y, &x, &y);
            if (!isfinite(x) || !isfinite(y))
                continue;
            x = fmax(-CPU_MAX_PX, fmin(CPU_MAX_PX, x));
            y = fmax(-CPU_MAX_PX, fmin(CPU_MAX_PX, y));
            if (m == 0) {
                pathlod_start(&lod, PATHLOD_PX, x, y);
                fx = x;
                fy = y;
            } else if (!pathlod_add(&lod, x, y, &fx, &fy)) {
                continue;
            }
            xy[2 * m] = (float)fx;
            xy[2 * m + 1] = (float)fy;
            m++;
        }
        if (m > 0 && lod.tail) {
            xy[2 * m] = (float)lod.tx;
            xy[2 * m + 1] = (float)lod.ty;
            m++;
        }
        int n = (int)(m < INT_MAX ? m : INT_MAX);
        canvas_polyline(c, xy, n, 2.0f * (rc + hw), halo);
        canvas_polyline(c, xy, n, 2.0f * rc, plot_run_rgba(plot_color_of(sc, i)));
    }
    free(xy);
    return true;
}

/* The cloud (figure/plot.h): every copy's whole line, run by run, copy by copy, blended once
 * as a whole. false only when out of memory. */
static bool cpu_cloud(Canvas *c, const PlotScene *sc, char *err, size_t errlen)
{
    for (int i = 0; i < plot_n_runs(sc); i++) {
        float hw, min_px;
        Rgba col;
        plot_cloud_style(sc, c->scale, i, &hw, &min_px, &col);
        for (int k = 0; k < sc->cloud_k; k++) {
            const Run *copy = plot_cloud_copy(sc, i, k);
            if (!copy)
                continue;
            int n = 0;
            float *xy = plot_cloud_line(sc, copy, min_px, &n);
            if (!xy) {
                snprintf(err, errlen, "out of memory for a cloud path of %ld points", copy->n);
                return false;
            }
            canvas_polyline(c, xy, n, 2.0f * hw, col);
            free(xy);
        }
    }
    return true;
}

static bool cpu_plot(Canvas *c, int slot, const PlotScene *sc, int x, int y, int w, int h,
                     char *err, size_t errlen)
{
    (void)slot;
    CpuCanvas *k = cpu_canvas(c);
    if (sc->surface) {
        FieldScale sfs = surface3d_scale(sc, c->scale);
        if (!soft_surface_at(k->img, x, y, w, h, sc->ls, &sc->map, &sc->camera, &sfs)) {
            snprintf(err, errlen, "a %dx%d 3D pane at (%d, %d) does not fit the %dx%d image "
                     "(or out of memory)", w, h, x, y, k->img->w, k->img->h);
            return false;
        }
        cpu_begin(c, k->img->w, k->img->h, x, y, w, h);
        surface3d_paths(c, sc);
        cpu_begin(c, k->img->w, k->img->h, 0, 0, k->img->w, k->img->h);
        return true;
    }
    /* A data landscape's smooth field fits its colour scale to its nodes' values (what
     * plot_field_scale would evaluate again). */
    ViewBox box = view_bounds(&sc->view);
    SoftNodes nodes = {0};
    bool smooth = sc->ls->data && soft_nodes_eval(&nodes, sc->ls, &sc->view, k->threads);
    FieldScale fs = smooth ? plot_field_scale_lattice(sc, c->scale, nodes.f)
                           : plot_field_scale(sc, c->scale, &box);
    /* (a data landscape without its nodes, out of memory: the exact field, as
     * soft_field_smooth_at would fall back to) */
    bool drawn = smooth ? soft_field_nodes_at(k->img, x, y, &nodes, &fs, SOFT_RGBA, k->threads)
                        : soft_field_at(k->img, x, y, sc->ls, &sc->view, &fs, k->threads);
    soft_nodes_free(&nodes);
    if (!drawn) {
        snprintf(err, errlen, "a %dx%d pane at (%d, %d) is not inside the %dx%d image", w, h, x,
                 y, k->img->w, k->img->h);
        return false;
    }
    cpu_begin(c, k->img->w, k->img->h, x, y, w, h);
    plot_basins(c, sc);
    plot_crit_markers(c, sc);
    bool ok = cpu_paths(c, sc, err, errlen) && cpu_cloud(c, sc, err, errlen);
    cpu_begin(c, k->img->w, k->img->h, 0, 0, k->img->w, k->img->h);
    return ok;
}

static bool cpu_busy(const Canvas *c)
{
    (void)c;
    return false;
}

static const CanvasVTable CPU_CANVAS_VTABLE = {
    .name = "cpu",
    .destroy = cpu_destroy,
    .begin = cpu_begin,
    .flush = cpu_flush,
    .clip = cpu_clip,
    .clip_off = cpu_clip_off,
    .rect = cpu_rect,
    .round_rect = cpu_round_rect,
    .convex = cpu_convex,
    .stroke = cpu_stroke,
    .polyline = cpu_polyline,
    .text = cpu_text,
    .measure = cpu_measure,
    .line_height = cpu_line_height,
    .face_px = cpu_face_px,
    .plot = cpu_plot,
    .busy = cpu_busy,
};

/* The fonts' base size at a UI scale. */
static float cpu_base_px(float scale)
{
    return 20.0f * (scale > 0.25f ? scale : 1.0f);
}

Canvas *canvas_soft_create(SoftCanvas *img, const char *data_dir, float scale, int threads)
{
    CpuCanvas *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->base.vt = &CPU_CANVAS_VTABLE;
    k->base.scale = scale > 0.25f ? scale : 1.0f;
    k->img = img;
    k->base_px = cpu_base_px(scale);
    k->threads = threads > 0 ? threads : 2;
    snprintf(k->data_dir, sizeof k->data_dir, "%s", data_dir);
    cpu_begin(&k->base, img->w, img->h, 0, 0, img->w, img->h);
    return &k->base;
}

Canvas *canvas_soft_open(int w, int h, float scale, int threads, char *err, size_t errlen)
{
    char dir[1024];
    if (!datadir_locate(dir, sizeof dir, err, errlen))
        return NULL;
    SoftCanvas *img = calloc(1, sizeof *img);
    if (!img || !soft_canvas_init(img, w, h)) {
        snprintf(err, errlen, "cannot make a %dx%d image (bad size or out of memory)", w, h);
        free(img);
        return NULL;
    }
    Canvas *c = canvas_soft_create(img, dir, scale, threads);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        soft_canvas_free(img);
        free(img);
        return NULL;
    }
    cpu_canvas(c)->owns_img = true;
    return c;
}

SoftCanvas *canvas_soft_image(Canvas *c)
{
    assert(c->vt == &CPU_CANVAS_VTABLE);
    return cpu_canvas(c)->img;
}

void canvas_soft_set_scale(Canvas *c, float scale)
{
    CpuCanvas *k = cpu_canvas(c);
    assert(c->vt == &CPU_CANVAS_VTABLE);
    if (fabsf(cpu_base_px(scale) - k->base_px) < 1e-3f)
        return;
    soft_font_close(k->font);
    k->font = NULL;
    k->font_tried = false;
    k->err[0] = '\0';
    k->base_px = cpu_base_px(scale);
    c->scale = scale > 0.25f ? scale : 1.0f;
}

const char *canvas_soft_error(const Canvas *c)
{
    assert(c->vt == &CPU_CANVAS_VTABLE);
    const CpuCanvas *k = (const CpuCanvas *)c;
    return k->err[0] ? k->err : NULL;
}
