/* pngio.h - one PNG writer for every export: 8-bit RGBA rows from memory to a file, with fast
 * settings (the SUB filter, runs as deflate matches with fixed codes or zlib level 1
 * run-length, bands of rows deflated on threads) since figures are written while the user
 * waits. zlib only (no libpng, no GL, no SDL): the CPU
 * figure export and the window's screenshots share it.
 */
#ifndef LOSSLENS_PNGIO_H
#define LOSSLENS_PNGIO_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the w x h image at rgba (4 bytes per pixel, rows `stride` bytes apart, stride >=
 * 4 w) to path. bottom_up: the first row in memory is the bottom of the image (glReadPixels);
 * otherwise it is the top. An image whose alpha is 255 everywhere is stored as RGB (smaller;
 * it reads back as the same pixels, alpha 255). Written through util/outfile: a regular file
 * is replaced only when complete (a failure leaves neither a partial file nor a changed old
 * one), links are followed, FIFOs and devices written, a read-only file refused. On failure
 * returns false with a message naming the path. */
bool pngio_write_rgba(const char *path, int w, int h, const unsigned char *rgba, int stride,
                      bool bottom_up, char *err, size_t errlen);
/* The same for pixels whose 4th byte means nothing (a window read back with glReadPixels):
 * stored as RGB whatever it holds. */
bool pngio_write_rgbx(const char *path, int w, int h, const unsigned char *rgbx, int stride,
                      bool bottom_up, char *err, size_t errlen);

#endif
