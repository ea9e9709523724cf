/* test_soft_text.c - the CPU canvas's text (render/soft.h, FreeType directly) against SDL2_ttf,
 * which the window's text uses (render/font.c): for the three faces, the line heights, every
 * glyph's advance, the kerning of every pair of printable ASCII characters, and every glyph's
 * pixels as TTF_RenderGlyph32_Blended gives them, drawn at the pen like font.c draws them.
 * No display: SDL2_ttf needs only TTF_Init.
 */
#include "test.h"

#include <SDL.h>
#include <SDL_ttf.h>

#include "render/soft.h"

static const struct {
    const char *file;
    float scale;
} FACES[SOFT_FACE_COUNT] = {
    [SOFT_FACE_BODY] = {"assets/fonts/DejaVuSans.ttf", 1.0f},
    [SOFT_FACE_SMALL] = {"assets/fonts/DejaVuSans.ttf", 0.85f},
    [SOFT_FACE_TITLE] = {"assets/fonts/DejaVuSans-Bold.ttf", 1.2f},
};

/* Printable ASCII, then what the figures write beyond it (Greek, sub- and superscripts,
 * minus, arrows, the replacement character) and one code point DejaVu lacks ('?' instead). */
static int test_code_points(unsigned *cps)
{
    int n = 0;
    for (unsigned c = 32; c < 127; c++)
        cps[n++] = c;
    for (unsigned c = 0x391; c <= 0x3C9; c++)
        cps[n++] = c;
    static const unsigned more[] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB7, 0xD7, 0x2080, 0x2081, 0x2082,
                                    0x2212, 0x2190, 0x2192, 0x2026, 0x2014, 0x221E, 0x2207,
                                    0x2248, 0x2264, 0x2265, 0xFFFD, 0x4E00};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        cps[n++] = more[i];
    return n;
}

/* cp as NUL-terminated UTF-8 (cp < 0x10000). */
static void test_utf8(unsigned cp, char *s)
{
    if (cp < 0x80) {
        s[0] = (char)cp;
        s[1] = '\0';
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        s[2] = '\0';
    } else {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        s[3] = '\0';
    }
}

/* Base sizes: the UI's 20 px at scales 1, 1.5 and 0.65. */
static float base_px[] = {20.0f, 30.0f, 13.0f};

TEST(test_soft_text_matches_sdl2_ttf)
{
    ASSERT(TTF_Init() == 0);
    unsigned cps[256];
    int ncp = test_code_points(cps);
    for (size_t b = 0; b < sizeof base_px / sizeof base_px[0]; b++) {
        char err[512];
        SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, base_px[b], err, sizeof err);
        ASSERT(f);
        if (!f)
            continue;
        SoftCanvas c;
        ASSERT(soft_canvas_init(&c, 96, 96));
        for (int face = 0; face < SOFT_FACE_COUNT; face++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", LOSSLENS_SOURCE_DATA_DIR, FACES[face].file);
            int px = soft_font_px(f, (SoftFace)face);
            TTF_Font *t = TTF_OpenFont(path, px);
            ASSERT(t);
            if (!t)
                continue;
            TTF_SetFontHinting(t, TTF_HINTING_LIGHT);
            ASSERT(soft_font_line_height(f, (SoftFace)face) == TTF_FontHeight(t));
            int adv[256], bad_adv = 0, bad_px = 0, bad_kern = 0, max_diff = 0;
            for (int i = 0; i < ncp; i++) {
                unsigned use = TTF_GlyphIsProvided32(t, cps[i]) ? cps[i] : (unsigned)'?';
                int minx, maxx, miny, maxy;
                adv[i] = 0;
                ASSERT(TTF_GlyphMetrics32(t, use, &minx, &maxx, &miny, &maxy, &adv[i]) == 0);
                char s[8];
                test_utf8(cps[i], s);
                if (soft_text_measure(f, (SoftFace)face, s) != (float)adv[i]) {
                    if (bad_adv++ < 5)
                        fprintf(stderr, "face %d px %d U+%04X: advance %g, SDL2_ttf %d\n",
                                face, px, cps[i], (double)soft_text_measure(f, (SoftFace)face, s),
                                adv[i]);
                }
                /* The glyph drawn white on black at (16, 16) against SDL2_ttf's surface
                 * alpha there. */
                soft_clear(&c, (UiColor){0, 0, 0, 255});
                soft_text_draw(&c, f, (SoftFace)face, 16.0f, 16.0f, s,
                               (UiColor){255, 255, 255, 255});
                unsigned char want[96 * 96] = {0};
                SDL_Surface *g = use == ' ' ? NULL
                                 : TTF_RenderGlyph32_Blended(t, use, (SDL_Color){255, 255, 255, 255});
                if (g) {
                    SDL_Surface *a = SDL_ConvertSurfaceFormat(g, SDL_PIXELFORMAT_ARGB8888, 0);
                    for (int y = 0; a && y < a->h && y + 16 < 96; y++)
                        for (int x = 0; x < a->w && x + 16 < 96; x++)
                            want[(y + 16) * 96 + x + 16] = (unsigned char)(
                                ((const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch))[x] >>
                                24);
                    SDL_FreeSurface(a);
                    SDL_FreeSurface(g);
                }
                int diff = 0;
                for (int p = 0; p < 96 * 96; p++) {
                    int d = abs((int)c.rgba[p * 4] - (int)want[p]);
                    diff = d > diff ? d : diff;
                }
                max_diff = diff > max_diff ? diff : max_diff;
                if (diff > 0 && bad_px++ < 5)
                    fprintf(stderr, "face %d px %d U+%04X: pixels differ by up to %d\n", face,
                            px, cps[i], diff);
            }
            /* Kerning: every pair of printable ASCII characters (AV, To, Ty, ... kern). */
            for (int i = 1; i < 95; i++)
                for (int j = 1; j < 95; j++) {
                    char s[3] = {(char)cps[i], (char)cps[j], '\0'};
                    float want = (float)(adv[i] + adv[j] +
                                         TTF_GetFontKerningSizeGlyphs32(t, cps[i], cps[j]));
                    if (soft_text_measure(f, (SoftFace)face, s) != want && bad_kern++ < 5)
                        fprintf(stderr, "face %d px %d \"%s\": width %g, SDL2_ttf %g\n", face,
                                px, s, (double)soft_text_measure(f, (SoftFace)face, s), (double)want);
                }
            ASSERT(bad_adv == 0);
            ASSERT(bad_kern == 0);
            ASSERT(bad_px == 0 && max_diff == 0);
            TTF_CloseFont(t);
        }
        soft_canvas_free(&c);
        soft_font_close(f);
    }
    TTF_Quit();
}

/* A pair that DejaVu Sans kerns, so that the comparison above compares something. */
TEST(test_soft_text_kerns)
{
    char err[512];
    SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, sizeof err);
    ASSERT(f);
    if (!f)
        return;
    float av = soft_text_measure(f, SOFT_FACE_BODY, "AV");
    float a = soft_text_measure(f, SOFT_FACE_BODY, "A"), v = soft_text_measure(f, SOFT_FACE_BODY, "V");
    ASSERT(av < a + v);
    soft_font_close(f);
}

int main(void)
{
    RUN_TEST(test_soft_text_matches_sdl2_ttf);
    RUN_TEST(test_soft_text_kerns);
    return TEST_MAIN("test_soft_text");
}
