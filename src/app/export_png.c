/* export_png.c - `losslens ... --png FILE`: every run stepped to o->steps, then the window's
 * picture of the session (title band, every pane with its axes and legend, the scene's
 * overlays and loss plots) drawn by the CPU renderer: no SDL video and no GL context, which
 * alone would cost more than the whole figure. Written by render/pngio (zlib level 1) under a
 * temporary name renamed into place, so a failure never leaves a partial file.
 * LOSSLENS_TIMING=1 prints where the time went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/window.h" /* app_export_png */
#include "render/hud.h"
#include "render/overlay.h"
#include "render/pngio.h"

/* The window's background, where the panes do not cover the image. */
static const UiColor EXPORT_BG = {18, 20, 28, 255};

enum { EXPORT_MAX_THREADS = 16 };

bool app_write_png(const char *path, const unsigned char *rgbx, int w, int h, char *err,
                   size_t errlen)
{
    return pngio_write_rgbx(path, w, h, rgbx, 4 * w, true, err, errlen);
}

static double export_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

/* Pane p's overlays as the scene turns them on, at the selected run's current point (the
 * window's choice when the pointer is elsewhere), with the cloud of each stochastic run. */
/* Draws the session onto r's image as the window lays it out at the image's size. */
static bool export_draw(Renderer *r, Session *s, const Options *o, float ui, char *err,
                        size_t errlen)
{
    int w = r->image.w, h = r->image.h;
    AppLayout l = app_layout(r, s, &(AppLayoutDesc){.w = w, .h = h, .ui_scale = ui});
    UiRect p0 = l.screen.plot[0];
    if (s->n_panes > 1 || p0.w != (float)w || p0.h != (float)h)
        soft_clear(&r->image, EXPORT_BG); /* gaps, the title band's and loss plots' places */
    render_title_band(r, s->scene.title, s->scene.caption, w, h, l.title);
    OverlayCache *cache = calloc(1, sizeof *cache);
    if (!cache) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    bool ok = true;
    for (int p = 0; p < s->n_panes && ok; p++) {
        UiRect plot = l.screen.plot[p], loss = l.screen.loss[p];
        session_layout_pane(s, p, (int)plot.w, (int)plot.h);
        RenderScene rs = app_render_scene(s, p);
        rs.plain = o->plain;
        rs.presenter = o->present;
        ok = render_cpu_pane_base(r, &rs, plot, err, errlen);
        if (!ok)
            break;
        canvas_begin(r->canvas, w, h, 0, 0, w, h);
        if (!o->plain)
            app_draw_overlays(r, s, p, plot, NULL, cache);
        render_pane_decor(r, &rs, 0, w, h, plot);
        if (loss.w > 0.0f && loss.h > 0.0f && !o->plain) {
            canvas_begin(r->canvas, w, h, 0, 0, w, h);
            app_draw_hud(r, s, p, loss);
        }
    }
    free(cache);
    return ok && render_cpu_check(r, err, errlen);
}

int app_export_png(const Options *o)
{
    char err[1024] = "";
    bool timing = getenv("LOSSLENS_TIMING") != NULL;
    double t0 = export_now_ms();
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 800;
    float ui = (h / 1080.0f > 1.0f ? h / 1080.0f : 1.0f) * (float)o->ui_scale;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 2 : cores > EXPORT_MAX_THREADS ? EXPORT_MAX_THREADS : (int)cores;
    Renderer *r = malloc(sizeof *r);
    Session *s = malloc(sizeof *s);
    int rc = 1;
    if (!r || !s) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    if (!render_init_cpu(r, ui, w, h, threads, err, sizeof err))
        goto out;
    long steps = o->steps > 0 ? o->steps : 200;
    if (!session_init(s, &o->scene, o->speed, steps, err, sizeof err))
        goto out_render;
    session_seek(s, steps);
    if (o->plain) {
        /* The field only: no title band either. */
        s->scene.title[0] = '\0';
        s->scene.caption[0] = '\0';
    }
    double t1 = export_now_ms();
    bool drawn = export_draw(r, s, o, ui, err, sizeof err);
    double t2 = export_now_ms();
    if (drawn && pngio_write_rgba(o->png_path, w, h, r->image.rgba, 4 * w, false, err,
                                  sizeof err))
        rc = 0;
    if (timing)
        fprintf(stderr, "losslens: png: setup and runs %.1f ms, drawing %.1f ms, "
                        "encoding and writing %.1f ms\n",
                t1 - t0, t2 - t1, export_now_ms() - t2);
    session_free(s);
out_render:
    render_free(r);
out:
    free(s);
    free(r);
    if (rc != 0)
        fprintf(stderr, "losslens: png: %s\n", err);
    return rc;
}
