/* export_gif.h - an animated GIF of a scene's runs as they step: the scene restarted at step
 * 0 and played to the end of its timeline in a fixed number of frames, each drawn by the
 * window's renderer (title band, panes, overlays, loss plots; no control panel, timeline or
 * cursor) into an offscreen framebuffer and fed to the GIF writer. From the window (the G
 * key) and from the command line (--gif FILE, no window).
 */
#ifndef LOSSLENS_EXPORT_GIF_H
#define LOSSLENS_EXPORT_GIF_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/options.h"
#include "lecture/session.h"
#include "render/render.h"

enum { EXPORT_GIF_DEFAULT_FRAMES = 60 };

typedef struct {
    const char *path;
    int width, height; /* the image, in pixels */
    int frames;        /* 0: EXPORT_GIF_DEFAULT_FRAMES */
    bool presenter;    /* presenter mode's contrast (the UI scale is the renderer's) */
} ExportGifDesc;

/* The step frame k of n shows, for a timeline of max_step steps: 0 first, max_step last,
 * evenly between (rounded); a single frame shows max_step. */
long export_gif_frame_step(int k, int n, long max_step);

/* How long each frame shows, in centiseconds: the time the window would take to play the
 * steps between two frames at speed steps per second, kept within 2..100. */
int export_gif_delay_cs(long max_step, int frames, double speed);

/* Writes the GIF of live's scene restarted at step 0 (its runs as they are now, with their
 * on/off state, contour levels, views and selection; live itself is not touched) through
 * d->frames frames of d->width x d->height, frame k at export_gif_frame_step. The palette
 * reserves the run colors exactly. Needs a current GL 3.3 context and r initialized in it;
 * binds framebuffer 0 when done. Returns false with a message naming the path on failure,
 * leaving no file behind. */
bool export_gif_write(Renderer *r, const Session *live, const ExportGifDesc *d, char *err,
                      size_t errlen);

/* `losslens ... --gif FILE [--frames N] [--size WxH]`: o's scene (every pane, o->steps
 * steps) without a window: a hidden window's context, or SDL's offscreen driver when there
 * is no display. Returns 0, or 1 after printing one line naming the failure. */
int app_export_gif(const Options *o);

#endif
