/* font.c - SDL2_ttf glyphs packed on demand into one coverage atlas texture (shelf packing), and
 * UTF-8 text measured and drawn glyph by glyph through the batcher. When the atlas fills, it
 * is cleared and refilled (after flushing what the batcher holds).
 */
#include "render/font.h"
#include "render/glplat.h"
#include "util/utf8.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

enum { FONT_WHITE_PX = 4, FONT_PAD = 1 };

static const struct {
    const char *file;
    float scale;
} FONT_FACES[FONT_FACE_COUNT] = {
    [FONT_BODY] = {"assets/fonts/DejaVuSans.ttf", 1.0f},
    [FONT_SMALL] = {"assets/fonts/DejaVuSans.ttf", 0.85f},
    [FONT_TITLE] = {"assets/fonts/DejaVuSans-Bold.ttf", 1.2f},
};
static_assert(sizeof FONT_FACES / sizeof FONT_FACES[0] == FONT_FACE_COUNT, "one row per face");

static void font_clear_atlas(Font *f)
{
    /* Coverage only (sampled as white RGB with alpha = coverage: glplat.h), a white block at
     * the origin for solid shapes. */
    unsigned char *px = calloc((size_t)FONT_ATLAS_SIZE * FONT_ATLAS_SIZE, 1);
    if (px) {
        for (int y = 0; y < FONT_WHITE_PX; y++)
            memset(px + (size_t)y * FONT_ATLAS_SIZE, 255, FONT_WHITE_PX);
    }
    glBindTexture(GL_TEXTURE_2D, f->atlas);
    glplat_coverage_image(FONT_ATLAS_SIZE, px);
    free(px);
    memset(f->cache, 0, sizeof f->cache);
    f->n_cached = 0;
    f->shelf_x = FONT_WHITE_PX + FONT_PAD;
    f->shelf_y = 0;
    f->shelf_h = FONT_WHITE_PX;
}

bool font_init(Font *f, const char *data_dir, float base_px, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    /* SDL_ttf counts TTF_Init/TTF_Quit (since 2.0.18): every Font holds one reference, so
     * freeing an old Font never shuts the library down under a newer one. */
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "SDL2_ttf: %s", TTF_GetError());
        return false;
    }
    f->ttf_inited = true;
    for (int i = 0; i < FONT_FACE_COUNT; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, FONT_FACES[i].file);
        int px = (int)lroundf(base_px * FONT_FACES[i].scale);
        f->px[i] = px < 6 ? 6 : px;
        TTF_Font *t = TTF_OpenFont(path, f->px[i]);
        if (!t) {
            snprintf(err, errlen, "font %s: %s", path, TTF_GetError());
            font_free(f);
            return false;
        }
        TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
        f->ttf[i] = t;
        f->height[i] = TTF_FontHeight(t);
        f->ascent[i] = TTF_FontAscent(t);
    }
    glGenTextures(1, &f->atlas);
    glBindTexture(GL_TEXTURE_2D, f->atlas);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    font_clear_atlas(f);
    return true;
}

void font_free(Font *f)
{
    for (int i = 0; i < FONT_FACE_COUNT; i++)
        if (f->ttf[i])
            TTF_CloseFont(f->ttf[i]);
    if (f->atlas)
        glDeleteTextures(1, &f->atlas);
    if (f->ttf_inited)
        TTF_Quit();
    memset(f, 0, sizeof *f);
}

void font_bind(Font *f, Batcher *b)
{
    float w = 0.5f * FONT_WHITE_PX / FONT_ATLAS_SIZE;
    batcher_set_atlas(b, f->atlas, w, w);
}

int font_line_height(const Font *f, FontFace face)
{
    return f->height[face];
}

/* Rasterizes cp into the atlas; NULL only when it cannot be placed even in an empty atlas. */
static const FontGlyph *font_glyph(Font *f, Batcher *b, FontFace face, unsigned cp)
{
    unsigned h = (cp * 2654435761u) ^ (unsigned)face * 40503u;
    for (int probe = 0; probe < FONT_CACHE_SIZE; probe++) {
        FontGlyph *g = &f->cache[(h + (unsigned)probe) % FONT_CACHE_SIZE];
        if (g->cp == cp && g->face == (int)face)
            return g;
        if (g->cp == 0)
            break;
    }
    TTF_Font *t = f->ttf[face];
    unsigned use = TTF_GlyphIsProvided32(t, cp) ? cp : (unsigned)'?';
    int minx, maxx, miny, maxy, adv = 0;
    if (TTF_GlyphMetrics32(t, use, &minx, &maxx, &miny, &maxy, &adv) != 0)
        adv = 0;
    SDL_Surface *s = NULL;
    if (use != ' ')
        s = TTF_RenderGlyph32_Blended(t, use, (SDL_Color){255, 255, 255, 255});
    if (s && s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        s = c;
    }
    int w = s ? s->w : 0, hh = s ? s->h : 0;
    if (f->shelf_x + w + FONT_PAD > FONT_ATLAS_SIZE) {
        f->shelf_x = 0;
        f->shelf_y += f->shelf_h + FONT_PAD;
        f->shelf_h = 0;
    }
    if (f->shelf_y + hh > FONT_ATLAS_SIZE || f->n_cached >= FONT_CACHE_SIZE / 2) {
        if (b)
            batcher_flush(b);
        font_clear_atlas(f);
        if (w + FONT_PAD > FONT_ATLAS_SIZE || hh > FONT_ATLAS_SIZE - FONT_WHITE_PX) {
            SDL_FreeSurface(s);
            return NULL;
        }
    }
    FontGlyph g = {.cp = cp, .face = face, .x = (short)f->shelf_x, .y = (short)f->shelf_y,
                   .w = (short)w, .h = (short)hh, .advance = (short)adv};
    if (s && w > 0 && hh > 0) {
        unsigned char *px = malloc((size_t)w * (size_t)hh);
        if (px) {
            SDL_LockSurface(s);
            for (int y = 0; y < hh; y++) {
                const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
                for (int x = 0; x < w; x++)
                    px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(row[x] >> 24);
            }
            SDL_UnlockSurface(s);
            glBindTexture(GL_TEXTURE_2D, f->atlas);
            glplat_coverage_sub_image(g.x, g.y, w, hh, px);
            free(px);
        }
    }
    SDL_FreeSurface(s);
    f->shelf_x += w + FONT_PAD;
    f->shelf_h = hh > f->shelf_h ? hh : f->shelf_h;
    for (int probe = 0; probe < FONT_CACHE_SIZE; probe++) {
        FontGlyph *slot = &f->cache[(h + (unsigned)probe) % FONT_CACHE_SIZE];
        if (slot->cp == 0) {
            *slot = g;
            f->n_cached++;
            return slot;
        }
    }
    return NULL;
}

/* The kerning between code points prev and cp in face, from the cache or SDL2_ttf. */
static int font_kerning(Font *f, FontFace face, unsigned prev, unsigned cp)
{
    unsigned h = (prev * 2654435761u) ^ (cp * 40503u) ^ (unsigned)face * 97u;
    for (int probe = 0; probe < FONT_KERN_SIZE; probe++) {
        FontKern *k = &f->kern[(h + (unsigned)probe) % FONT_KERN_SIZE];
        if (k->prev == prev && k->cp == cp && k->face == (int)face)
            return k->kern;
        if (k->prev == 0)
            break;
    }
    int kern = TTF_GetFontKerningSizeGlyphs32(f->ttf[face], prev, cp);
    if (f->n_kern >= FONT_KERN_SIZE / 2) {
        memset(f->kern, 0, sizeof f->kern);
        f->n_kern = 0;
    }
    for (int probe = 0; probe < FONT_KERN_SIZE; probe++) {
        FontKern *k = &f->kern[(h + (unsigned)probe) % FONT_KERN_SIZE];
        if (k->prev == 0) {
            *k = (FontKern){.prev = prev, .cp = cp, .face = (int)face, .kern = kern};
            f->n_kern++;
            break;
        }
    }
    return kern;
}

static float font_run(Font *f, Batcher *b, FontFace face, float x, float y, const char *s, Rgba c)
{
    float pen = roundf(x), top = roundf(y);
    unsigned prev = 0;
    while (*s) {
        unsigned cp = utf8_next(&s);
        const FontGlyph *g = font_glyph(f, b, face, cp);
        if (!g)
            continue;
        if (prev)
            pen += (float)font_kerning(f, face, prev, cp);
        if (b && g->w > 0) {
            const float inv = 1.0f / FONT_ATLAS_SIZE;
            batcher_quad_uv(b, f->atlas, pen, top, pen + g->w, top + g->h, g->x * inv, g->y * inv,
                          (g->x + g->w) * inv, (g->y + g->h) * inv, c);
        }
        pen += g->advance;
        prev = cp;
    }
    return pen - roundf(x);
}

float font_measure(Font *f, FontFace face, const char *utf8)
{
    return font_run(f, NULL, face, 0.0f, 0.0f, utf8, (Rgba){0, 0, 0, 0});
}

float font_draw(Font *f, Batcher *b, FontFace face, float x, float y, const char *utf8, Rgba c)
{
    return font_run(f, b, face, x, y, utf8, c);
}
