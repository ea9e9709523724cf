/* export_gif.c - animated GIFs of a scene's runs as they step. A private copy of the session
 * restarts at step 0 and seeks frame by frame to the end of its timeline; each frame is the
 * window's own screen composition (window_draw_screen) drawn into an offscreen framebuffer
 * through the export's own pane caches, read back and handed to the GIF writer. Also the
 * headless --gif, in a hidden window's context.
 */
#include "app/export_gif.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gif_writer.h"
#include "app/window_impl.h"
#include "render/glwin.h"
#include "ui/palette.h"

/* A first frame's field is refined band by band on data landscapes; this bounds the loop
 * that waits for it (a band is at least 4 rows, so 16384 rows need at most 4096). */
enum { EXPORT_GIF_MAX_REFINE = 8192 };

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

static void export_gif_reserve(GifWriter *g, const Session *s)
{
    unsigned char rgb[PALETTE_SIZE * 3];
    int n = 0;
    for (int p = 0; p < s->n_panes; p++)
        n = s->panes[p].desc.n_runs > n ? s->panes[p].desc.n_runs : n;
    n = n < PALETTE_SIZE ? n : PALETTE_SIZE;
    for (int i = 0; i < n; i++)
        palette_run_rgb(i, rgb + 3 * i);
    static_assert(PALETTE_SIZE <= GIF_WRITER_MAX_RESERVED, "run colors fit the reserve");
    gif_writer_reserve_colors(g, rgb, n);
}

static bool export_gif_any_busy(const RenderPane *panes, int n)
{
    for (int p = 0; p < n; p++)
        if (render_pane_busy(&panes[p]))
            return true;
    return false;
}

bool export_gif_write(Renderer *r, const Session *live, const ExportGifDesc *d, char *err,
                      size_t errlen)
{
    int w = d->width, h = d->height, frames = d->frames > 0 ? d->frames
                                                             : EXPORT_GIF_DEFAULT_FRAMES;
    bool ok = false;
    GifWriter *g = NULL;
    RenderTarget target = {0};
    Session *s = malloc(sizeof *s);
    RenderPane *panes = calloc(SCENE_MAX_PANES, sizeof *panes);
    OverlayCache *overlays = calloc(SCENE_MAX_PANES, sizeof *overlays);
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!s || !panes || !overlays || !px) {
        snprintf(err, errlen, "%s: out of memory for %d x %d frames", d->path, w, h);
        goto out_free;
    }
    if (!export_gif_session(live, s, err, errlen))
        goto out_free;
    for (int p = 0; p < SCENE_MAX_PANES; p++)
        render_pane_init(&panes[p]);
    AppLayout layout = app_layout(r, s, &(AppLayoutDesc){ .w = w, .h = h,
                                                          .ui_scale = r->ui_scale });
    for (int p = 0; p < s->n_panes; p++)
        session_layout_pane(s, p, (int)layout.screen.plot[p].w, (int)layout.screen.plot[p].h);
    if (!render_target_resize(&target, w, h)) {
        snprintf(err, errlen, "%s: cannot create a %d x %d framebuffer", d->path, w, h);
        goto out_session;
    }
    g = gif_writer_open(d->path, w, h, export_gif_delay_cs(s->max_step, frames, s->speed), err,
                        errlen);
    if (!g)
        goto out_session;
    export_gif_reserve(g, s);
    ScreenDraw sd = { .r = r, .s = s, .panes = panes, .overlays = overlays, .layout = &layout,
                      .fbo = target.fbo, .w = w, .h = h, .presenter = d->presenter,
                      .point_pane = -1 };
    for (int k = 0; k < frames; k++) {
        session_seek(s, export_gif_frame_step(k, frames, s->max_step));
        int passes = 0;
        do {
            if (!window_draw_screen(&sd, err, errlen))
                goto out_gif;
        } while (export_gif_any_busy(panes, s->n_panes) && ++passes < EXPORT_GIF_MAX_REFINE);
        glBindFramebuffer(GL_READ_FRAMEBUFFER, target.fbo);
        glPixelStorei(GL_PACK_ALIGNMENT, 4);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px);
        if (!gif_writer_add_frame(g, px, w * 4, true, err, errlen))
            goto out_gif;
    }
    ok = gif_writer_close(g, err, errlen);
    g = NULL;
out_gif:
    gif_writer_abort(g);
out_session:
    render_target_free(&target);
    for (int p = 0; p < SCENE_MAX_PANES; p++)
        render_pane_free(&panes[p]);
    session_free(s);
out_free:
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    free(px);
    free(overlays);
    free(panes);
    free(s);
    return ok;
}

/* SDL video for an offscreen context: the display if there is one, else (unless a driver is
 * named in SDL_VIDEODRIVER) SDL's offscreen driver, which needs none. */
static bool export_gif_sdl_init(char *err, size_t errlen)
{
    if (SDL_Init(SDL_INIT_VIDEO) == 0)
        return true;
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (!(drv && *drv)) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        if (SDL_Init(SDL_INIT_VIDEO) == 0)
            return true;
    }
    snprintf(err, errlen, "cannot initialize SDL video: %s", SDL_GetError());
    return false;
}

int app_export_gif(const Options *o)
{
    char err[1024] = "";
    int rc = 1;
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 800;
    GlWindow gw = {0};
    Renderer *r = malloc(sizeof *r);
    Session *s = malloc(sizeof *s);
    if (!r || !s) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    if (!export_gif_sdl_init(err, sizeof err))
        goto out;
    if (!glwin_open("losslens export", 64, 64, SDL_WINDOW_HIDDEN, &gw, err, sizeof err))
        goto out_sdl;
    /* The window's look at this height: text grows past 1080 lines, and with presenter. */
    float ui = (h > 1080 ? (float)h / 1080.0f : 1.0f) * (float)o->ui_scale;
    ui *= o->present ? WINDOW_PRESENTER_SCALE : 1.0f;
    if (!render_init(r, ui, err, sizeof err))
        goto out_gl;
    if (!session_init(s, &o->scene, o->speed, o->steps > 0 ? o->steps : 200, err, sizeof err))
        goto out_render;
    s->levels = COLORMAP_LEVELS_DEFAULT;
    ExportGifDesc d = { .path = o->gif_path, .width = w, .height = h, .frames = o->frames,
                        .presenter = o->present };
    if (export_gif_write(r, s, &d, err, sizeof err))
        rc = 0;
    session_free(s);
out_render:
    render_free(r);
out_gl:
    glwin_close(&gw);
out_sdl:
    SDL_Quit();
out:
    free(s);
    free(r);
    if (rc != 0)
        fprintf(stderr, "losslens: --gif: %s\n", err);
    return rc;
}
