/* soft_text.c - text on the CPU canvas: SDL2_ttf rasterizes each glyph once (the same faces,
 * sizes, hinting, kerning and pen snapping as render/font.c, so the export matches the
 * window) into a cached coverage bitmap that is blended with the text color. Only TTF_Init:
 * SDL's video subsystem is never started.
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

#include <SDL.h>
#include <SDL_ttf.h>

enum { SOFT_CACHE_SIZE = 1024 };

static const struct {
    const char *file;
    float scale;
} SOFT_FACES[SOFT_FACE_COUNT] = {
    [SOFT_FACE_BODY] = {"assets/fonts/DejaVuSans.ttf", 1.0f},
    [SOFT_FACE_SMALL] = {"assets/fonts/DejaVuSans.ttf", 0.85f},
    [SOFT_FACE_TITLE] = {"assets/fonts/DejaVuSans-Bold.ttf", 1.2f},
};
static_assert(sizeof SOFT_FACES / sizeof SOFT_FACES[0] == SOFT_FACE_COUNT, "one row per face");

typedef struct {
    unsigned cp; /* code point; 0 = empty slot */
    int face;
    int w, h, advance;
    unsigned char *cov; /* w * h coverage, NULL when blank */
} SoftGlyph;

struct SoftFont {
    TTF_Font *ttf[SOFT_FACE_COUNT];
    /* The font files mapped in memory (a face sharing its file with an earlier one has
     * NULL): through SDL's file RWops FreeType costs a seek and a read system call per
     * glyph, ~100 us each here. */
    unsigned char *file[SOFT_FACE_COUNT];
    size_t size[SOFT_FACE_COUNT];
    int px[SOFT_FACE_COUNT], height[SOFT_FACE_COUNT];
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

SoftFont *soft_font_open(const char *data_dir, float base_px, char *err, size_t errlen)
{
    SoftFont *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory opening fonts");
        return NULL;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "SDL2_ttf: %s", TTF_GetError());
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
        SDL_RWops *rw = SDL_RWFromConstMem(f->file[same], (int)f->size[same]);
        f->ttf[i] = rw ? TTF_OpenFontRW(rw, 1, f->px[i]) : NULL;
        if (!f->ttf[i]) {
            snprintf(err, errlen, "font %s: %s", path, TTF_GetError());
            soft_font_close(f);
            return NULL;
        }
        TTF_SetFontHinting(f->ttf[i], TTF_HINTING_LIGHT);
        f->height[i] = TTF_FontHeight(f->ttf[i]);
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
        if (f->ttf[i])
            TTF_CloseFont(f->ttf[i]);
    for (int i = 0; i < SOFT_FACE_COUNT; i++)
        if (f->file[i])
            munmap(f->file[i], f->size[i]);
    TTF_Quit();
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

/* The coverage of one glyph as TTF_RenderGlyph32_Blended draws it (alpha channel). */
static SoftGlyph soft_glyph_raster(SoftFont *f, SoftFace face, unsigned cp)
{
    TTF_Font *t = f->ttf[face];
    unsigned use = TTF_GlyphIsProvided32(t, cp) ? cp : (unsigned)'?';
    int minx, maxx, miny, maxy, adv = 0;
    if (TTF_GlyphMetrics32(t, use, &minx, &maxx, &miny, &maxy, &adv) != 0)
        adv = 0;
    SoftGlyph g = {.cp = cp, .face = (int)face, .advance = adv};
    if (use == ' ')
        return g;
    SDL_Surface *s = TTF_RenderGlyph32_Blended(t, use, (SDL_Color){255, 255, 255, 255});
    if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = conv;
    }
    if (!s)
        return g;
    if (s->w > 0 && s->h > 0 && (g.cov = malloc((size_t)s->w * (size_t)s->h)) != NULL) {
        g.w = s->w;
        g.h = s->h;
        SDL_LockSurface(s);
        for (int y = 0; y < g.h; y++) {
            const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
            for (int x = 0; x < g.w; x++)
                g.cov[(size_t)y * (size_t)g.w + (size_t)x] = (unsigned char)(row[x] >> 24);
        }
        SDL_UnlockSurface(s);
    }
    SDL_FreeSurface(s);
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
            pen += (float)TTF_GetFontKerningSizeGlyphs32(f->ttf[face], prev, cp);
        if (draw && g->cov && fabsf(pen) < 1e8f)
            soft_glyph_blit(c, g, (int)pen, (int)top, col);
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
