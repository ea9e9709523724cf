/* soft_text.c - text on the CPU canvas, on FreeType directly (no SDL2, so an export maps
 * neither SDL2 nor SDL2_ttf): each glyph is rasterized once into a cached coverage bitmap
 * that is blended with the text color. The faces, sizes, hinting (light), advances, kerning,
 * line heights and glyph placement are SDL2_ttf 2.20's for the same calls render/font.c
 * makes (TTF_GlyphMetrics32, TTF_GetFontKerningSizeGlyphs32, TTF_RenderGlyph32_Blended), so
 * the export lays text out like the window; tests/test_soft_text.c checks it against
 * SDL2_ttf glyph by glyph.
 */
#include "render/soft.h"
#include "util/utf8.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H

enum { SOFT_CACHE_SIZE = 1024 };

/* FreeType's 26.6 fixed point to whole pixels, as SDL2_ttf rounds them. */
#define SOFT_FT_FLOOR(x) ((int)(((x) & -64) / 64))
#define SOFT_FT_CEIL(x) SOFT_FT_FLOOR((x) + 63)

static const struct {
    const char *file;
    float scale;
} SOFT_FACES[SOFT_FACE_COUNT] = {
    [SOFT_FACE_BODY] = {"assets/fonts/DejaVuSans.ttf", 1.0f},
    [SOFT_FACE_SMALL] = {"assets/fonts/DejaVuSans.ttf", 0.85f},
    [SOFT_FACE_TITLE] = {"assets/fonts/DejaVuSans-Bold.ttf", 1.2f},
};
static_assert(sizeof SOFT_FACES / sizeof SOFT_FACES[0] == SOFT_FACE_COUNT, "one row per face");

/* A glyph's coverage sits at (x, y) from the pen and the line's top: where SDL2_ttf's blended
 * surface of the glyph alone, drawn at the pen, puts it. */
typedef struct {
    unsigned cp; /* code point; 0 = empty slot */
    int face;
    int x, y, w, h, advance;
    unsigned char *cov; /* w * h coverage, NULL when blank */
} SoftGlyph;

struct SoftFont {
    FT_Library lib;
    FT_Face ft[SOFT_FACE_COUNT];
    /* The font files mapped in memory (a face sharing its file with an earlier one has
     * NULL). */
    unsigned char *file[SOFT_FACE_COUNT];
    size_t size[SOFT_FACE_COUNT];
    int px[SOFT_FACE_COUNT], height[SOFT_FACE_COUNT], ascent[SOFT_FACE_COUNT];
    SoftGlyph cache[SOFT_CACHE_SIZE];
    int n_cached;
};

/* Maps a whole file read-only; NULL with a message naming it on failure. Mapped rather than
 * read: FreeType touches a fraction of the 700 KB, and fresh heap pages are expensive to
 * fault in on the project's virtual machines. */
static unsigned char *soft_map_file(const char *path, size_t *size, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    void *p = MAP_FAILED;
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "font %s: %s", path, fd >= 0 ? "cannot read it" : strerror(e));
        return NULL;
    }
    *size = (size_t)st.st_size;
    return p;
}

/* The charmap TTF_OpenFont picks: UCS-4 first, then the Unicode or symbol ones. */
static void soft_pick_charmap(FT_Face face)
{
    FT_CharMap found = NULL;
    for (int i = 0; i < face->num_charmaps && !found; i++) {
        FT_CharMap m = face->charmaps[i];
        if (m->platform_id == 3 && m->encoding_id == 10)
            found = m;
    }
    for (int i = 0; i < face->num_charmaps && !found; i++) {
        FT_CharMap m = face->charmaps[i];
        if ((m->platform_id == 3 && (m->encoding_id == 1 || m->encoding_id == 0)) ||
            (m->platform_id == 2 && m->encoding_id == 1) || m->platform_id == 0)
            found = m;
    }
    if (found)
        FT_Set_Charmap(face, found);
}

SoftFont *soft_font_open(const char *data_dir, float base_px, char *err, size_t errlen)
{
    SoftFont *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory opening fonts");
        return NULL;
    }
    if (FT_Init_FreeType(&f->lib) != 0) {
        snprintf(err, errlen, "FreeType: cannot start it");
        free(f);
        return NULL;
    }
    for (int i = 0; i < SOFT_FACE_COUNT; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, SOFT_FACES[i].file);
        int px = (int)lroundf(base_px * SOFT_FACES[i].scale);
        f->px[i] = px < 6 ? 6 : px;
        int same = 0;
        while (same < i && strcmp(SOFT_FACES[same].file, SOFT_FACES[i].file) != 0)
            same++;
        if (same == i && !(f->file[i] = soft_map_file(path, &f->size[i], err, errlen))) {
            soft_font_close(f);
            return NULL;
        }
        FT_Face face = NULL;
        /* TTF_OpenFont's size: px points at FreeType's default 72 dpi. */
        if (FT_New_Memory_Face(f->lib, f->file[same], (FT_Long)f->size[same], 0, &face) != 0 ||
            !FT_IS_SCALABLE(face) || FT_Set_Char_Size(face, 0, f->px[i] * 64, 0, 0) != 0) {
            if (face)
                FT_Done_Face(face);
            snprintf(err, errlen, "font %s: not a font FreeType can scale", path);
            soft_font_close(f);
            return NULL;
        }
        soft_pick_charmap(face);
        f->ft[i] = face;
        FT_Fixed scale = face->size->metrics.y_scale;
        f->ascent[i] = SOFT_FT_CEIL(FT_MulFix(face->ascender, scale));
        f->height[i] = SOFT_FT_CEIL(FT_MulFix(face->ascender - face->descender, scale));
    }
    return f;
}

static void soft_font_flush(SoftFont *f)
{
    for (int i = 0; i < SOFT_CACHE_SIZE; i++)
        free(f->cache[i].cov);
    memset(f->cache, 0, sizeof f->cache);
    f->n_cached = 0;
}

void soft_font_close(SoftFont *f)
{
    if (!f)
        return;
    soft_font_flush(f);
    for (int i = 0; i < SOFT_FACE_COUNT; i++)
        if (f->ft[i])
            FT_Done_Face(f->ft[i]);
    for (int i = 0; i < SOFT_FACE_COUNT; i++)
        if (f->file[i])
            munmap(f->file[i], f->size[i]);
    if (f->lib)
        FT_Done_FreeType(f->lib);
    free(f);
}

int soft_font_line_height(const SoftFont *f, SoftFace face)
{
    assert(face >= 0 && face < SOFT_FACE_COUNT);
    return f->height[face];
}

int soft_font_px(const SoftFont *f, SoftFace face)
{
    assert(face >= 0 && face < SOFT_FACE_COUNT);
    return f->px[face];
}

/* One glyph as render/font.c gets it from SDL2_ttf: cp, or '?' where the face lacks it; the
 * advance TTF_GlyphMetrics32 gives (the hinted advance rounded up); the coverage of
 * TTF_RenderGlyph32_Blended's surface (alpha), which starts at the pen or at the glyph's
 * left edge, whichever is further left, and at the line's top or at the glyph's top,
 * whichever is higher (a glyph reaching left of the pen or above the ascent moves right or
 * down by as much). A space is not rendered, as font.c does not render it. */
static SoftGlyph soft_glyph_raster(SoftFont *f, SoftFace face, unsigned cp)
{
    FT_Face t = f->ft[face];
    FT_UInt idx = FT_Get_Char_Index(t, cp);
    unsigned use = idx ? cp : (unsigned)'?';
    idx = idx ? idx : FT_Get_Char_Index(t, '?');
    SoftGlyph g = {.cp = cp, .face = (int)face};
    if (FT_Load_Glyph(t, idx, FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT) != 0)
        return g;
    FT_GlyphSlot s = t->glyph;
    g.advance = SOFT_FT_CEIL((int)s->metrics.horiAdvance);
    if (use == ' ' || FT_Render_Glyph(s, FT_RENDER_MODE_NORMAL) != 0)
        return g;
    const FT_Bitmap *bm = &s->bitmap;
    if (bm->width == 0 || bm->rows == 0 || bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return g;
    g.x = s->bitmap_left > 0 ? s->bitmap_left : 0;
    g.y = f->ascent[face] - s->bitmap_top > 0 ? f->ascent[face] - s->bitmap_top : 0;
    if ((g.cov = malloc((size_t)bm->width * bm->rows)) == NULL)
        return g;
    g.w = (int)bm->width;
    g.h = (int)bm->rows;
    for (int y = 0; y < g.h; y++)
        memcpy(g.cov + (size_t)y * (size_t)g.w, bm->buffer + (ptrdiff_t)y * bm->pitch,
               (size_t)g.w);
    return g;
}

/* The cached glyph of cp, rasterized on first use; the cache starts over when half full. */
static const SoftGlyph *soft_glyph(SoftFont *f, SoftFace face, unsigned cp)
{
    unsigned h = (cp * 2654435761u) ^ (unsigned)face * 40503u;
    for (int probe = 0; probe < SOFT_CACHE_SIZE; probe++) {
        SoftGlyph *g = &f->cache[(h + (unsigned)probe) % SOFT_CACHE_SIZE];
        if (g->cp == cp && g->face == (int)face)
            return g;
        if (g->cp == 0)
            break;
    }
    if (f->n_cached >= SOFT_CACHE_SIZE / 2)
        soft_font_flush(f);
    for (int probe = 0;; probe++) {
        SoftGlyph *slot = &f->cache[(h + (unsigned)probe) % SOFT_CACHE_SIZE];
        if (slot->cp == 0) {
            *slot = soft_glyph_raster(f, face, cp);
            f->n_cached++;
            return slot;
        }
    }
}

/* Blends a glyph's coverage with its top-left at pixel (x0, y0), clipped. */
static void soft_glyph_blit(SoftCanvas *c, const SoftGlyph *g, int x0, int y0, UiColor col)
{
    int i0 = x0 > c->clip_x0 ? x0 : c->clip_x0;
    int j0 = y0 > c->clip_y0 ? y0 : c->clip_y0;
    int i1 = x0 + g->w < c->clip_x1 ? x0 + g->w : c->clip_x1;
    int j1 = y0 + g->h < c->clip_y1 ? y0 + g->h : c->clip_y1;
    for (int j = j0; j < j1; j++) {
        const unsigned char *cov = g->cov + (size_t)(j - y0) * (size_t)g->w;
        unsigned char *p = c->rgba + ((size_t)j * (size_t)c->w + (size_t)i0) * 4;
        for (int i = i0; i < i1; i++, p += 4) {
            unsigned a = (cov[i - x0] * (unsigned)col.a + 127u) / 255u;
            if (a == 0)
                continue;
            for (int k = 0; k < 3; k++) {
                unsigned s = k == 0 ? col.r : k == 1 ? col.g : col.b;
                unsigned v = p[k] * (255u - a) + s * a + 128u;
                p[k] = (unsigned char)((v + (v >> 8)) >> 8);
            }
            p[3] = 255;
        }
    }
}

/* The kerning of the pair as TTF_GetFontKerningSizeGlyphs32 gives it: the font's kerning
 * table (FT_KERNING_DEFAULT: grid-fitted) between the code points' glyphs (glyph 0 for a
 * missing one), truncated towards minus infinity to whole pixels. */
static int soft_kerning(const SoftFont *f, SoftFace face, unsigned prev, unsigned cp)
{
    FT_Face t = f->ft[face];
    if (!FT_HAS_KERNING(t))
        return 0;
    FT_Vector d;
    if (FT_Get_Kerning(t, FT_Get_Char_Index(t, prev), FT_Get_Char_Index(t, cp),
                       FT_KERNING_DEFAULT, &d) != 0)
        return 0;
    return (int)(d.x >> 6);
}

/* Measures (c NULL) or draws text; the pen starts at round(x) like render/font.c. */
static float soft_text_run(SoftCanvas *c, SoftFont *f, SoftFace face, float x, float y,
                           const char *s, UiColor col)
{
    assert(face >= 0 && face < SOFT_FACE_COUNT);
    float pen = roundf(x), top = roundf(y);
    unsigned prev = 0;
    bool draw = c && col.a > 0 && fabsf(top) < 1e8f;
    while (*s) {
        unsigned cp = utf8_next(&s);
        const SoftGlyph *g = soft_glyph(f, face, cp);
        if (prev)
            pen += (float)soft_kerning(f, face, prev, cp);
        if (draw && g->cov && fabsf(pen) < 1e8f)
            soft_glyph_blit(c, g, (int)pen + g->x, (int)top + g->y, col);
        pen += (float)g->advance;
        prev = cp;
    }
    return pen - roundf(x);
}

float soft_text_measure(SoftFont *f, SoftFace face, const char *utf8)
{
    return soft_text_run(NULL, f, face, 0.0f, 0.0f, utf8, (UiColor){0, 0, 0, 0});
}

float soft_text_draw(SoftCanvas *c, SoftFont *f, SoftFace face, float x, float y,
                     const char *utf8, UiColor col)
{
    return soft_text_run(c, f, face, x, y, utf8, col);
}
