/* export_png.c - `losslens ... --png FILE`: every run stepped to o->steps, the figure drawn into
 * an offscreen framebuffer of a hidden window's context (works under Xvfb and with
 * SDL_VIDEODRIVER=offscreen), read back and written with libpng at fast zlib settings to a
 * temporary name that is renamed into place, so a failure never leaves a truncated file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "app/app.h"
#include "app/window.h"
#include "render/glwin.h"

bool app_write_png(const char *path, const unsigned char *rgb, int w, int h, char *err,
                   size_t errlen)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "%s: path too long", path);
        return false;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write %.400s: %s", tmp, strerror(errno));
        return false;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *rows = malloc(sizeof(png_bytep) * (size_t)h);
    if (!png || !info || !rows)
        goto fail;
    if (setjmp(png_jmpbuf(png)))
        goto fail;
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* Fast settings: the figure is mostly flat bands, which the SUB filter + RLE squeeze well
     * at a fraction of the default level's time. */
    png_set_compression_level(png, 1);
    png_set_compression_strategy(png, Z_RLE);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_write_info(png, info);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (int y = 0; y < h; y++)
        rows[y] = (png_bytep)(rgb + (size_t)(h - 1 - y) * (size_t)w * 4);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    if (fclose(f) != 0) {
        snprintf(err, errlen, "cannot write %.400s: %s", tmp, strerror(errno));
        remove(tmp);
        return false;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %.400s to %.400s: %s", tmp, path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;

fail:
    snprintf(err, errlen, "cannot encode %s", path);
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    free(rows);
    fclose(f);
    remove(tmp);
    return false;
}

int app_export_png(const Options *o)
{
    char err[1024] = "";
    int rc = 1;
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 800;
    GlWindow gw = {0};
    Renderer *r = NULL;
    Session *s = NULL;
    RenderTarget target = {0};
    unsigned char *px = NULL;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        /* No display: without a driver named explicitly, fall back to SDL's offscreen driver
         * (EGL), which needs none. */
        const char *drv = getenv("SDL_VIDEODRIVER");
        bool retried = false;
        if (!(drv && *drv)) {
            snprintf(err, sizeof err, "%s", SDL_GetError());
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
            retried = SDL_Init(SDL_INIT_VIDEO) == 0;
        }
        if (!retried) {
            snprintf(err, sizeof err, "cannot initialize SDL video: %s", SDL_GetError());
            goto out;
        }
    }
    if (!glwin_open("losslens export", 64, 64, SDL_WINDOW_HIDDEN, &gw, err, sizeof err))
        goto out_sdl;
    r = malloc(sizeof *r);
    s = malloc(sizeof *s);
    if (!r || !s) {
        snprintf(err, sizeof err, "out of memory");
        goto out_gl;
    }
    float ui = h / 1080.0f > 1.0f ? h / 1080.0f : 1.0f;
    if (!render_init(r, ui, err, sizeof err))
        goto out_gl;
    long steps = o->steps > 0 ? o->steps : 200;
    if (!session_init(s, &o->scene, o->speed, steps, err, sizeof err))
        goto out_render;
    session_seek(s, steps);
    if (!render_target_resize(&target, w, h)) {
        snprintf(err, sizeof err, "cannot create a %dx%d framebuffer", w, h);
        goto out_session;
    }
    if (o->plain) {
        /* The field only: no title band either. */
        s->scene.title[0] = '\0';
        s->scene.caption[0] = '\0';
    }
    AppLayout l = app_layout(r, s, &(AppLayoutDesc){.w = w, .h = h, .ui_scale = ui});
    UiRect p0 = l.screen.plot[0];
    if (s->n_panes > 1 || p0.w != (float)w || p0.h != (float)h) {
        /* Gaps between panes, the title band and loss plots show the background. */
        glBindFramebuffer(GL_FRAMEBUFFER, target.fbo);
        glViewport(0, 0, w, h);
        glClearColor(0.07f, 0.08f, 0.11f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
    }
    render_title_band(r, s->scene.title, s->scene.caption, w, h, l.title);
    for (int p = 0; p < s->n_panes; p++) {
        UiRect rect = l.screen.plot[p];
        session_layout_pane(s, p, (int)rect.w, (int)rect.h);
        RenderScene rs = app_render_scene(s, p);
        rs.plain = o->plain;
        if (!render_image_rect(r, &rs, &target, rect, err, sizeof err))
            goto out_target;
    }
    px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        snprintf(err, sizeof err, "out of memory for a %dx%d image", w, h);
        goto out_target;
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px);
    if (app_write_png(o->png_path, px, w, h, err, sizeof err))
        rc = 0;
    free(px);
out_target:
    render_target_free(&target);
out_session:
    session_free(s);
out_render:
    render_free(r);
out_gl:
    free(s);
    free(r);
    glwin_close(&gw);
out_sdl:
    SDL_Quit();
out:
    if (rc != 0)
        fprintf(stderr, "losslens: png: %s\n", err);
    return rc;
}
