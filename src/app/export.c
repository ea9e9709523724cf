/* export.c - `--png`, `--gif` and the G key's GIF: the session drawn by the figure composer on
 * the CPU canvas (no SDL video, no GL context, which alone would cost more than the whole
 * figure), then encoded: render/pngio for the PNG, app/gif_writer for the GIF.
 * Both write under a temporary name renamed into place, so a failure leaves no partial file.
 * LOSSLENS_TIMING=1 prints where a PNG's time went.
 */
#include "app/export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/gif_writer.h"
#include "figure/figure.h"
#include "lecture/basinview.h"
#include "lecture/sweepview.h"
#include "render/canvas_soft.h"
#include "render/pngio.h"
#include "ui/palette.h"

enum { EXPORT_MAX_THREADS = 16, EXPORT_DEFAULT_W = 1280, EXPORT_DEFAULT_H = 800,
       EXPORT_DEFAULT_STEPS = 200 };

long export_gif_frame_step(int k, int n, long max_step)
{
    if (n <= 1 || k >= n - 1)
        return max_step;
    if (k <= 0)
        return 0;
    return (long)llround((double)k * (double)max_step / (double)(n - 1));
}

int export_gif_delay_cs(long max_step, int frames, double speed)
{
    double steps = frames > 1 ? (double)max_step / (double)(frames - 1) : (double)max_step;
    double cs = speed > 0.0 ? 100.0 * steps / speed : 10.0;
    return cs < 2.0 ? 2 : cs > 100.0 ? 100 : (int)lround(cs);
}

static double export_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int export_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 2 : cores > EXPORT_MAX_THREADS ? EXPORT_MAX_THREADS : (int)cores;
}

/* Lays s out on c's image (every pane's view sized to its plot) and draws it. */
static bool export_draw(Canvas *c, Session *s, bool plain, bool presenter, char *err,
                        size_t errlen)
{
    SoftCanvas *img = canvas_soft_image(c);
    /* the sweep pane's map first: whether it is a strip decides where it goes */
    bool changed;
    if (!sweepview_update(s, false, &changed, err, errlen) ||
        !sweepview_update(s, true, &changed, err, errlen))
        return false;
    FigureLayout l = figure_layout(c, s, &(FigureLayoutDesc){.w = img->w, .h = img->h,
                                                             .ui_scale = c->scale,
                                                             .plain = plain,
                                                             .presenter = presenter});
    FigurePaneCache *caches = calloc(SCENE_MAX_PANES, sizeof *caches);
    if (!caches) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    figure_fit_views(c, s, &l, caches);
    /* the basins overlay at its refined resolution: a coarse map, then the fine one */
    if (!basinview_update(s, NULL, false, &changed, err, errlen) ||
        !basinview_update(s, NULL, true, &changed, err, errlen)) {
        free(caches);
        return false;
    }
    FigureDesc d = {.plain = plain, .presenter = presenter, .point_pane = -1,
                    .readout_pane = -1, .ring_pane = -1};
    bool ok = figure_draw(c, s, &l, &d, caches, err, errlen);
    free(caches);
    const char *e = ok ? canvas_soft_error(c) : NULL;
    if (e)
        snprintf(err, errlen, "%s", e);
    return ok && !e;
}

bool app_export_rgba(const char *path, int w, int h, const unsigned char *rgba, char *err,
                     size_t len)
{
    return pngio_write_rgba(path, w, h, rgba, 4 * w, false, err, len);
}

int app_export_png(const Options *o)
{
    char err[1024] = "";
    bool timing = getenv("LOSSLENS_TIMING") != NULL;
    double t0 = export_now_ms();
    int w = o->width > 0 ? o->width : EXPORT_DEFAULT_W;
    int h = o->height > 0 ? o->height : EXPORT_DEFAULT_H;
    float ui = figure_ui_scale(h, 1.0f, (float)o->ui_scale, o->present);
    int rc = 1;
    Session *s = malloc(sizeof *s);
    Canvas *c = canvas_soft_open(w, h, ui, export_threads(), err, sizeof err);
    if (!s || !c) {
        if (!s)
            snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    long steps = o->steps > 0 ? o->steps : EXPORT_DEFAULT_STEPS;
    if (!session_init(s, &o->scene, o->speed, steps, err, sizeof err))
        goto out;
    s->threads = export_threads(); /* the runs side by side: the same bits */
    session_seek(s, steps);
    double t1 = export_now_ms();
    bool drawn = session_check_complete(s, err, sizeof err) &&
                 export_draw(c, s, o->plain, o->present, err, sizeof err);
    double t2 = export_now_ms();
    SoftCanvas *img = canvas_soft_image(c);
    /* The CPU canvas is opaque (render/soft.h): RGB without scanning 8 MB for alpha. */
    if (drawn && pngio_write_rgbx(o->png_path, w, h, img->rgba, 4 * w, false, err, sizeof err))
        rc = 0;
    if (timing)
        fprintf(stderr, "losslens: png: setup and runs %.1f ms, drawing %.1f ms, "
                        "encoding and writing %.1f ms\n",
                t1 - t0, t2 - t1, export_now_ms() - t2);
    session_free(s);
out:
    canvas_destroy(c);
    free(s);
    if (rc != 0)
        fprintf(stderr, "losslens: png: %s\n", err);
    return rc;
}

/* The export's copy of live: the same scene and clock length at step 0, with live's run
 * toggles, levels, tolerance, selection and views. */
static bool export_gif_session(const Session *live, Session *s, char *err, size_t errlen)
{
    SceneDesc *sd = malloc(sizeof *sd);
    if (!sd) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    session_scene(live, sd);
    bool ok = session_init(s, sd, live->speed, live->max_step, err, errlen);
    free(sd);
    if (!ok)
        return false;
    s->levels = live->levels;
    s->f_tol = live->f_tol;
    s->selected_pane = live->selected_pane;
    s->selected_run = live->selected_run;
    for (int p = 0; p < s->n_panes; p++) {
        memcpy(s->panes[p].enabled, live->panes[p].enabled, sizeof s->panes[p].enabled);
        if (live->panes[p].has_view) {
            s->panes[p].view = live->panes[p].view;
            s->panes[p].has_view = true;
        }
    }
    return true;
}

/* The runs' colors go into every frame's palette exactly. */
static void export_gif_reserve(GifWriter *g, const Session *s)
{
    unsigned char rgb[PALETTE_SIZE * 3];
    unsigned used = 0;
    for (int p = 0; p < s->n_panes; p++)
        for (int i = 0; i < s->panes[p].desc.n_runs; i++)
            used |= 1u << (s->panes[p].color[i] % PALETTE_SIZE);
    int n = 0;
    for (int c = 0; c < PALETTE_SIZE; c++)
        if ((used >> c) & 1u)
            palette_run_rgb(c, rgb + 3 * n++);
    static_assert(PALETTE_SIZE <= GIF_WRITER_MAX_RESERVED, "run colors fit the reserve");
    static_assert(PALETTE_SIZE <= 32, "a color set fits the mask");
    gif_writer_reserve_colors(g, rgb, n);
}

bool export_gif_write(const Session *live, const ExportGifDesc *d, char *err, size_t errlen)
{
    int w = d->width, h = d->height;
    int frames = d->frames > 0 ? d->frames : EXPORT_GIF_DEFAULT_FRAMES;
    bool ok = false;
    GifWriter *g = NULL;
    Session *s = malloc(sizeof *s);
    Canvas *c = canvas_soft_open(w, h, d->ui_scale, export_threads(), err, errlen);
    if (!s || !c) {
        if (!s)
            snprintf(err, errlen, "%s: out of memory for %d x %d frames", d->path, w, h);
        goto out_free;
    }
    if (!export_gif_session(live, s, err, errlen))
        goto out_free;
    g = gif_writer_open(d->path, w, h, export_gif_delay_cs(s->max_step, frames, s->speed), err,
                        errlen);
    if (!g)
        goto out_session;
    export_gif_reserve(g, s);
    const unsigned char *px = canvas_soft_image(c)->rgba;
    for (int k = 0; k < frames; k++) {
        session_seek(s, export_gif_frame_step(k, frames, s->max_step));
        if (!session_check_complete(s, err, errlen) ||
            !export_draw(c, s, false, d->presenter, err, errlen) ||
            !gif_writer_add_frame(g, px, w * 4, false, err, errlen))
            goto out_gif;
    }
    ok = gif_writer_close(g, err, errlen);
    g = NULL;
out_gif:
    gif_writer_abort(g);
out_session:
    session_free(s);
out_free:
    canvas_destroy(c);
    free(s);
    return ok;
}

int app_export_gif(const Options *o)
{
    char err[1024] = "";
    int rc = 1;
    int w = o->width > 0 ? o->width : EXPORT_DEFAULT_W;
    int h = o->height > 0 ? o->height : EXPORT_DEFAULT_H;
    Session *s = malloc(sizeof *s);
    if (!s) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    long steps = o->steps > 0 ? o->steps : EXPORT_DEFAULT_STEPS;
    if (!session_init(s, &o->scene, o->speed, steps, err, sizeof err))
        goto out;
    ExportGifDesc d = {.path = o->gif_path, .width = w, .height = h, .frames = o->frames,
                       .ui_scale = figure_ui_scale(h, 1.0f, (float)o->ui_scale, o->present),
                       .presenter = o->present};
    if (export_gif_write(s, &d, err, sizeof err))
        rc = 0;
    session_free(s);
out:
    free(s);
    if (rc != 0)
        fprintf(stderr, "losslens: --gif: %s\n", err);
    return rc;
}
