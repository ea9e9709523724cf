/* export.h - the figure exports: `--png FILE` and `--gif FILE` from the command line, and the
 * animated GIF behind the window's G key. Each draws with the figure composer
 * (figure/figure.h) on the CPU canvas (render/canvas_soft.h): no display, no SDL video and no
 * GL context, so the window's picture, the PNG and every GIF frame are the same composition.
 */
#ifndef LOSSLENS_EXPORT_H
#define LOSSLENS_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lecture/options.h"
#include "lecture/session.h"

enum { EXPORT_GIF_DEFAULT_FRAMES = 60 };

typedef struct {
    const char *path;
    int width, height; /* the image, in pixels */
    int frames;        /* 0: EXPORT_GIF_DEFAULT_FRAMES */
    float ui_scale;    /* the figure's scale (figure_ui_scale) */
    bool presenter;    /* presenter mode's contrast */
} ExportGifDesc;

/* The step frame k of n shows: 0 first, max_step last, evenly rounded between. */
long export_gif_frame_step(int k, int n, long max_step);

/* The delay between frames in 1/100 s that plays the steps at `speed` steps per second,
 * clamped to [2, 100]. */
int export_gif_delay_cs(long max_step, int frames, double speed);

/* Writes the GIF of a copy of live restarted at step 0 (its scene, clock length, run toggles,
 * levels, tolerance, selection and views), seeking frame by frame to the end of its timeline.
 * live is not changed. false with a message (no file left behind) on failure. */
bool export_gif_write(const Session *live, const ExportGifDesc *d, char *err, size_t errlen);

/* The command line's exports: every run stepped to o->steps (PNG) or played from step 0 to
 * o->steps (GIF) at o's size. 0 on success, 1 with one "losslens: ..." line on stderr. */
int app_export_png(const Options *o);
/* A w x h RGBA image (top row first) as a PNG through render/pngio (HeadlessPngFn: the
 * basin map's and the sweep's images). */
bool app_export_rgba(const char *path, int w, int h, const unsigned char *rgba, char *err,
                     size_t len);
int app_export_gif(const Options *o);

#endif
