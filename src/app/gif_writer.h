/* gif_writer.h - animated GIF export: RGBA frames in, a looping GIF89a out. libc + giflib.
 * One 255-colour palette is chosen from the first frame (median cut) and every frame is mapped
 * to it; frames after the first store only the rectangle that changed. */
#ifndef LOSSLENS_GIF_WRITER_H
#define LOSSLENS_GIF_WRITER_H

#include <stdbool.h>
#include <stddef.h>

/* Most colours gif_writer_reserve_colors accepts. */
#define GIF_WRITER_MAX_RESERVED 64

typedef struct GifWriter GifWriter;

/* Starts a GIF of width x height pixels (1..65535 each) whose frames each show for delay_cs
 * centiseconds (0..65535; most viewers treat under 2 as 10). The animation loops forever.
 * Writes through util/outfile: a regular path gets a temporary file beside it that
 * gif_writer_close renames to path, so it never holds a partial file; a link is followed,
 * a FIFO or device written directly, a read-only file refused. Returns NULL and fills err
 * (naming path) when the arguments are out of range or path cannot be written; nothing is
 * left behind. */
GifWriter *gif_writer_open(const char *path, int width, int height, int delay_cs, char *err,
                           size_t errlen);

/* Ordered (8x8 Bayer) dithering when mapping frames to the palette; off by default. It hides
 * banding in smooth gradients at the cost of a noisier, larger file. Set before any frame. */
void gif_writer_set_dither(GifWriter *w, bool on);

/* Puts rgb (count colours, 3 bytes each, count <= GIF_WRITER_MAX_RESERVED) into the palette
 * exactly, whether or not the first frame shows them: for colours that only appear later,
 * such as trajectory lines drawn after frame one. Call before the first frame. */
void gif_writer_reserve_colors(GifWriter *w, const unsigned char *rgb, int count);

/* Appends one frame. rgba holds width*height pixels of 4 bytes (R, G, B, ignored alpha);
 * stride_bytes (>= 4*width) separates rows in memory. bottom_up is true when the first row in
 * memory is the bottom of the picture (glReadPixels). The first frame fixes the palette.
 * Returns false and fills err (naming path) on failure: out of memory for the first frame's
 * palette leaves the writer as it was; after a write error it only accepts gif_writer_abort
 * or gif_writer_close, which then fails and removes the temporary file. */
bool gif_writer_add_frame(GifWriter *w, const unsigned char *rgba, int stride_bytes,
                          bool bottom_up, char *err, size_t errlen);

/* Finishes the file and renames it to path. Fails (and fills err, naming path) when no frame
 * was added, an earlier frame failed, or writing or renaming fails; then the temporary file
 * is removed and path is left as it was. Frees w in every case. */
bool gif_writer_close(GifWriter *w, char *err, size_t errlen);

/* Drops the animation: removes the temporary file and frees w. path is left as it was.
 * Accepts NULL. */
void gif_writer_abort(GifWriter *w);

#endif
