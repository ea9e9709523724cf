/* font.h - text through SDL2_ttf into ONE glyph atlas texture, drawn with the batcher.
 *
 * Glyphs are rasterized on first use (any Unicode code point the font has: θ, α, β₁, ², −)
 * into a shelf-packed coverage atlas (R8, read as white RGB with alpha = coverage) that also
 * holds the white texels the batcher uses for solid shapes. Faces are a few fixed pixel sizes
 * of DejaVu Sans.
 */
#ifndef LOSSLENS_FONT_H
#define LOSSLENS_FONT_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

#include "render/batcher.h"
#include "figure/canvas.h" /* FontFace */

enum { FONT_ATLAS_SIZE = 1024, FONT_CACHE_SIZE = 2048, FONT_KERN_SIZE = 4096 };

typedef struct {
    unsigned cp;      /* code point; 0 = empty slot */
    int face;
    short x, y, w, h; /* atlas rectangle */
    short advance;
} FontGlyph;

/* The kerning of a pair of code points in a face, as SDL2_ttf gives it. */
typedef struct {
    unsigned prev, cp; /* prev = 0: empty slot */
    int face;
    int kern;
} FontKern;

typedef struct {
    void *ttf[FONT_FACE_COUNT]; /* TTF_Font * */
    int px[FONT_FACE_COUNT];    /* pixel size */
    int height[FONT_FACE_COUNT], ascent[FONT_FACE_COUNT];
    GLuint atlas;
    int shelf_x, shelf_y, shelf_h; /* packing cursor */
    FontGlyph cache[FONT_CACHE_SIZE];
    int n_cached;
    /* Kerning asked of SDL2_ttf once per pair: it loads both glyphs through FreeType (from
     * the font file) on every call, which cost a text-heavy frame milliseconds. */
    FontKern kern[FONT_KERN_SIZE];
    int n_kern;
    bool ttf_inited;
} Font;

/* Opens assets/fonts/DejaVuSans.ttf (body, small) and DejaVuSans-Bold.ttf (title) under data_dir
 * at sizes base_px * (1.0, 0.85, 1.2) and creates the atlas. Needs a current GL context. */
bool font_init(Font *f, const char *data_dir, float base_px, char *err, size_t errlen);
void font_free(Font *f);

/* Makes the batcher use this atlas for glyphs and solid shapes. */
void font_bind(Font *f, Batcher *b);

/* Line height and ascent in pixels of a face. */
int font_line_height(const Font *f, FontFace face);

/* Width in pixels of UTF-8 text. */
float font_measure(Font *f, FontFace face, const char *utf8);

/* Draws UTF-8 text with its top-left at (x, y) (snapped to whole pixels); returns the width. */
float font_draw(Font *f, Batcher *b, FontFace face, float x, float y, const char *utf8, Rgba c);

#endif
