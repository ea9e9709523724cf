/* canvas_record.h - the window's frame, redrawn where it changed. A Canvas that records the
 * calls of a frame instead of drawing them, then replays them onto the GL canvas: all of
 * them, or only inside the boxes where this frame's drawing differs from the last replayed
 * frame's, whose pixels the target still holds. Two frames' calls are matched by what each
 * draws and where (the clip and frame in force included); a call that is in one frame and
 * not the other, or whose order among the matched ones changed, damages its box; a plot
 * (canvas_plot) is matched by its slot and rectangle and damages what its cache says changed
 * (CanvasGlPlotter.prepare, run while recording). Inside a damaged box every call that
 * touches it is drawn again in order, on top of what the calls before it drew, so every
 * pixel of the target ends as a full replay would leave it.
 *
 * canvas_measure and the like answer from the GL canvas straight away; the caches of the
 * plots are brought up to date while recording (offscreen), so a replay only draws on the
 * target.
 */
#ifndef LOSSLENS_CANVAS_RECORD_H
#define LOSSLENS_CANVAS_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/canvas.h"
#include "render/damage.h"

/* A recorder that replays on gl (a canvas_gl_create canvas, which must outlive it). NULL when
 * out of memory; canvas_destroy frees it. */
Canvas *canvas_record_create(Canvas *gl);

/* Starts recording a frame for the framebuffer bound now, w x h pixels. */
void canvas_record_begin(Canvas *rc, int w, int h);

/* Draws what was recorded since the frame began (or since the last replay of this frame)
 * on the framebuffer it began on: every call when `full`, when the recorder has no frame to
 * compare with (the first, after canvas_record_forget, another size) or when this frame was
 * replayed in parts before; otherwise only inside the boxes where this frame differs from
 * the last one replayed. damage (may be NULL) gets the boxes drawn: the whole target for a
 * full replay, none when nothing changed. false with a message in err when a plot cannot be
 * drawn. */
bool canvas_record_replay(Canvas *rc, bool full, DamageList *damage, char *err, size_t errlen);

/* The target no longer holds the last frame replayed (something else drew on it, or it was
 * lost): the next replay draws everything. */
void canvas_record_forget(Canvas *rc);

#endif
