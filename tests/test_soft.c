/* test_soft.c - the CPU canvas without a display: the field against colormap_shade pixel for
 * pixel and across thread counts, into a pane of a larger image, and the data landscapes'
 * interpolated (smooth) field against the exact one within 1/255; shape coverage against
 * areas, polyline reach and blending, clipping, text inside its measured box, the PNG writer
 * read back with libpng; and the Canvas interface's CPU backend: frames and clips, strokes
 * against the formula of shaders/line.frag, text as soft_text draws it, missing fonts
 * reported.
 */
#include <dirent.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>
#include <zlib.h>

#include "losslens_config.h"
#include "render/canvas_soft.h"
#include "lecture/colormap.h"
#include "render/pngio.h"
#include "render/soft.h"
#include "lecture/view.h"
#include "test.h"

static const UiColor WHITE = {255, 255, 255, 255};
static const UiColor BLACK = {0, 0, 0, 255};

static const unsigned char *px_at(const SoftCanvas *c, int i, int j)
{
    return c->rgba + ((size_t)j * (size_t)c->w + (size_t)i) * 4;
}

/* colormap_shade's 0..1 component as a byte, the way the GL tests round it (NaN: 0). */
static unsigned char ref_byte(float v)
{
    return v > 0.0f ? (unsigned char)lroundf(fminf(v, 1.0f) * 255.0f) : 0;
}

/* Renders ls in v with soft_field and counts the pixels that differ from the reference:
 * landscape_eval at view_screen_to_world of the pixel centre, colormap_fwidth, colormap_shade
 * (colormap_hatch where f is undefined; counted into *undefined when not NULL). */
static long field_mismatches_of(const Landscape *ls, const View *v, const FieldScale *fs,
                                int threads, long *undefined)
{
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, v->w, v->h));
    ASSERT(soft_field(&c, ls, v, fs, threads));
    long bad = 0;
    for (int j = 0; j < v->h; j++) {
        for (int i = 0; i < v->w; i++) {
            double x, y, g[2];
            view_screen_to_world(v, i + 0.5, j + 0.5, &x, &y);
            double f = landscape_eval(ls, x, y, g, NULL);
            float rgb[3];
            colormap_shade(fs, (float)f, colormap_fwidth(fs, f, g[0], g[1], v->scale), rgb);
            if (!colormap_defined((float)f)) {
                /* undefined: the hatch, rows counted from the bottom as gl_FragCoord's */
                rgb[0] = rgb[1] = rgb[2] = colormap_hatch(i, v->h - 1 - j) / 255.0f;
                if (undefined)
                    (*undefined)++;
            }
            const unsigned char *p = px_at(&c, i, j);
            bool same = p[3] == 255;
            for (int k = 0; k < 3; k++)
                same = same && p[k] == ref_byte(rgb[k]);
            if (!same && bad++ == 0)
                fprintf(stderr, "%s: pixel (%d, %d) f=%g: got %d %d %d, want %d %d %d\n", ls->id,
                        i, j, f, p[0], p[1], p[2], ref_byte(rgb[0]), ref_byte(rgb[1]),
                        ref_byte(rgb[2]));
        }
    }
    soft_canvas_free(&c);
    return bad;
}

static long field_mismatches(const Landscape *ls, const View *v, const FieldScale *fs,
                             int threads)
{
    return field_mismatches_of(ls, v, fs, threads, NULL);
}

/* A typed function with a parameter, undefined left of x = -1 (log) and where 1 - y^2 < 0
 * (sqrt): hatched grey there, the colormap elsewhere, byte for byte; the hatch alternates
 * in stripes of COLORMAP_HATCH_PX pixels. */
TEST(field_hatches_where_a_typed_function_is_undefined)
{
    static LandscapeTypedDesc d;
    snprintf(d.text, sizeof d.text, "%s", "log(x + 1) + k*sqrt(1 - y^2) + x^2");
    LandscapeParam lp;
    char msg[128];
    ASSERT(landscape_param_parse("k=0.5", &lp, msg, sizeof msg));
    ASSERT(landscape_typed_desc_add(&d, &lp));
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(&d, &xe);
    ASSERT(t != NULL);
    if (!t)
        return;
    View v = view_fit(&(ViewBox){-3.0, 3.0, -2.0, 2.0}, 150, 100);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(&t->ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    long undefined = 0;
    ASSERT(field_mismatches_of(&t->ls, &v, &fs, 2, &undefined) == 0);
    /* defined only on (-1, 3] x [-1, 1]: 4/6 x 2/4 of the view is not */
    ASSERT(undefined > 150 * 100 / 2 && undefined < 150 * 100 * 3 / 4);
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, v.w, v.h));
    ASSERT(soft_field(&c, &t->ls, &v, &fs, 1));
    /* the bottom-left corner pixel is undefined: light, then dark from column 4 */
    ASSERT(px_at(&c, 0, v.h - 1)[0] == COLORMAP_HATCH_LIGHT);
    ASSERT(px_at(&c, 3, v.h - 1)[0] == COLORMAP_HATCH_LIGHT);
    ASSERT(px_at(&c, 4, v.h - 1)[0] == COLORMAP_HATCH_DARK);
    ASSERT(px_at(&c, 4, v.h - 1)[1] == COLORMAP_HATCH_DARK);
    soft_canvas_free(&c);
    landscape_typed_destroy(t);
}

TEST(field_equals_colormap_shade_every_pixel)
{
    /* Every closed-form landscape (and one data landscape) in its default view, with the
     * export's line width and a few level counts: not one byte may differ. */
    int tried = 0;
    for (int id = 0; id < LANDSCAPE_COUNT; id++) {
        const Landscape *ls = landscape_at(id);
        int w = ls->data ? 64 : 173, h = ls->data ? 40 : 111;
        if (ls->lid == LANDSCAPE_TINY_NET)
            continue; /* as slow per pixel as logistic; logistic covers data landscapes */
        View v = view_fit(&ls->view, w, h);
        ViewBox box = view_bounds(&v);
        int levels = id % 3 == 0 ? COLORMAP_LEVELS_DEFAULT : id % 3 == 1 ? 7 : 40;
        FieldScale fs = colormap_fit(ls, &box, levels, 1.3f);
        long bad = field_mismatches(ls, &v, &fs, 2);
        if (bad)
            fprintf(stderr, "%s: %ld of %d pixels differ\n", ls->id, bad, w * h);
        ASSERT(bad == 0);
        tried++;
    }
    ASSERT(tried == LANDSCAPE_COUNT - 1);
}

TEST(field_equals_colormap_shade_wide_line_and_far_out)
{
    /* Thick lines (line_px 4) on rastrigin; then beale and rosenbrock zoomed out to 1e300
     * per pixel, where f overflows to inf (or NaN): still the reference (the undefined
     * hatch there), byte for byte. */
    const Landscape *ra = landscape_find("rastrigin");
    ASSERT(ra != NULL);
    View v = view_fit(&ra->view, 150, 90);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ra, &box, 12, 4.0f);
    ASSERT(field_mismatches(ra, &v, &fs, 1) == 0);
    const char *ids[] = {"beale", "rosenbrock"};
    for (int k = 0; k < 2; k++) {
        const Landscape *ls = landscape_find(ids[k]);
        ASSERT(ls != NULL);
        View far = {.cx = 0.0, .cy = 0.0, .scale = 1e300, .w = 40, .h = 30};
        ViewBox fb = view_bounds(&far);
        FieldScale ffs = colormap_fit(ls, &fb, 18, 1.3f);
        ASSERT(field_mismatches(ls, &far, &ffs, 2) == 0);
    }
}

TEST(field_full_hd_spot_checks)
{
    /* The export size: a few hundred pixels spread over 1920 x 1080 against the reference. */
    const Landscape *ls = landscape_find("himmelblau");
    ASSERT(ls != NULL);
    View v = view_fit(&ls->view, 1920, 1080);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 1920, 1080));
    ASSERT(soft_field(&c, ls, &v, &fs, 2));
    int bad = 0, checked = 0;
    unsigned seed = 12345u;
    for (int n = 0; n < 400; n++) {
        seed = seed * 1664525u + 1013904223u;
        int i = (int)(seed >> 8) % 1920;
        seed = seed * 1664525u + 1013904223u;
        int j = (int)(seed >> 8) % 1080;
        double x, y, g[2];
        view_screen_to_world(&v, i + 0.5, j + 0.5, &x, &y);
        double f = landscape_eval(ls, x, y, g, NULL);
        float rgb[3];
        colormap_shade(&fs, (float)f, colormap_fwidth(&fs, f, g[0], g[1], v.scale), rgb);
        const unsigned char *p = px_at(&c, i, j);
        for (int k = 0; k < 3; k++)
            bad += p[k] != ref_byte(rgb[k]);
        checked++;
    }
    ASSERT(checked == 400);
    ASSERT(bad == 0);
    /* Corners: the view's extremes are where the field is steepest. */
    int corners[4][2] = {{0, 0}, {1919, 0}, {0, 1079}, {1919, 1079}};
    for (int k = 0; k < 4; k++) {
        double x, y, g[2];
        view_screen_to_world(&v, corners[k][0] + 0.5, corners[k][1] + 0.5, &x, &y);
        double f = landscape_eval(ls, x, y, g, NULL);
        float rgb[3];
        colormap_shade(&fs, (float)f, colormap_fwidth(&fs, f, g[0], g[1], v.scale), rgb);
        const unsigned char *p = px_at(&c, corners[k][0], corners[k][1]);
        ASSERT(p[0] == ref_byte(rgb[0]) && p[1] == ref_byte(rgb[1]) &&
               p[2] == ref_byte(rgb[2]));
    }
    soft_canvas_free(&c);
}

TEST(field_same_bytes_for_any_thread_count)
{
    const char *ids[] = {"rosenbrock", "six-hump-camel", "tiny-net"};
    for (int k = 0; k < 3; k++) {
        const Landscape *ls = landscape_find(ids[k]);
        ASSERT(ls != NULL);
        int w = ls->data ? 90 : 333, h = ls->data ? 50 : 201;
        View v = view_fit(&ls->view, w, h);
        ViewBox box = view_bounds(&v);
        FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        SoftCanvas a, b, c3;
        ASSERT(soft_canvas_init(&a, w, h) && soft_canvas_init(&b, w, h) &&
               soft_canvas_init(&c3, w, h));
        ASSERT(soft_field(&a, ls, &v, &fs, 1));
        ASSERT(soft_field(&b, ls, &v, &fs, 2));
        ASSERT(soft_field(&c3, ls, &v, &fs, 3));
        size_t n = (size_t)w * (size_t)h * 4;
        ASSERT(memcmp(a.rgba, b.rgba, n) == 0);
        ASSERT(memcmp(a.rgba, c3.rgba, n) == 0);
        /* Not a blank image: a field has several bands. */
        int distinct = 0;
        for (size_t p = 4; p < n; p += 4)
            distinct += memcmp(a.rgba + p, a.rgba + p - 4, 3) != 0;
        ASSERT(distinct > w);
        soft_canvas_free(&a);
        soft_canvas_free(&b);
        soft_canvas_free(&c3);
    }
}

TEST(field_rejects_size_mismatch)
{
    const Landscape *ls = landscape_find("bowl");
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 20, 10));
    View v = view_fit(&ls->view, 21, 10);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, 10, 1.3f);
    ASSERT(!soft_field(&c, ls, &v, &fs, 2));
    soft_canvas_free(&c);
}

/* Sum of the red channel / 255 over the canvas: the covered area when drawing white on black. */
static double coverage_sum(const SoftCanvas *c)
{
    double s = 0.0;
    for (size_t p = 0; p < (size_t)c->w * (size_t)c->h; p++)
        s += c->rgba[4 * p] / 255.0;
    return s;
}

/* Pixels strictly between background and full color. */
static int partial_pixels(const SoftCanvas *c)
{
    int n = 0;
    for (size_t p = 0; p < (size_t)c->w * (size_t)c->h; p++)
        n += c->rgba[4 * p] > 0 && c->rgba[4 * p] < 255;
    return n;
}

TEST(shapes_cover_their_area)
{
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 200, 160));
    for (size_t p = 0; p < 200 * 160; p++)
        ASSERT(c.rgba[4 * p] == 0 && c.rgba[4 * p + 3] == 255);

    soft_rect(&c, 10.3f, 20.7f, 50.5f, 30.25f, WHITE);
    ASSERT_NEAR(coverage_sum(&c), 50.5 * 30.25, 0.01 * 50.5 * 30.25);
    ASSERT(partial_pixels(&c) > 100); /* four fractional edges */
    ASSERT(px_at(&c, 30, 30)[0] == 255 && px_at(&c, 9, 30)[0] == 0 && px_at(&c, 61, 30)[0] == 0);

    soft_clear(&c, BLACK);
    soft_disc(&c, 100.2f, 80.7f, 30.0f, WHITE);
    double disc = 3.14159265358979 * 30.0 * 30.0;
    ASSERT_NEAR(coverage_sum(&c), disc, 0.01 * disc);
    ASSERT(partial_pixels(&c) > 100);
    ASSERT(px_at(&c, 100, 80)[0] == 255 && px_at(&c, 100, 80 - 32)[0] == 0);

    soft_clear(&c, BLACK);
    /* A square rotated by 30 degrees (side 60) and a triangle, either winding. */
    float sq[8];
    for (int k = 0; k < 4; k++) {
        double a = 0.5235987755982988 + k * 1.5707963267948966;
        sq[2 * k] = (float)(100.0 + 42.42640687119285 * cos(a));
        sq[2 * k + 1] = (float)(80.0 + 42.42640687119285 * sin(a));
    }
    soft_convex(&c, sq, 4, WHITE);
    ASSERT_NEAR(coverage_sum(&c), 3600.0, 36.0);
    ASSERT(partial_pixels(&c) > 100);
    soft_clear(&c, BLACK);
    float tri[6] = {20.0f, 20.0f, 20.5f, 120.0f, 150.0f, 70.25f}; /* clockwise on screen */
    double tri_area = 0.5 * fabs((20.5 - 20.0) * (70.25 - 20.0) - (150.0 - 20.0) * (120.0 - 20.0));
    soft_convex(&c, tri, 3, WHITE);
    ASSERT_NEAR(coverage_sum(&c), tri_area, 0.01 * tri_area);
    float tri_ccw[6] = {tri[0], tri[1], tri[4], tri[5], tri[2], tri[3]};
    soft_clear(&c, BLACK);
    soft_convex(&c, tri_ccw, 3, WHITE);
    ASSERT_NEAR(coverage_sum(&c), tri_area, 0.01 * tri_area);

    soft_clear(&c, BLACK);
    soft_round_rect(&c, 20.5f, 30.25f, 120.0f, 80.0f, 12.0f, WHITE);
    double rr = 120.0 * 80.0 - (4.0 - 3.14159265358979) * 144.0;
    ASSERT_NEAR(coverage_sum(&c), rr, 0.01 * rr);
    ASSERT(partial_pixels(&c) > 100);
    /* The corner is cut: the pixel at the bounding box corner is empty, the middle full. */
    ASSERT(px_at(&c, 21, 31)[0] == 0 && px_at(&c, 80, 70)[0] == 255);

    /* Straight alpha: 50% white over black is mid grey, and the canvas stays opaque. */
    soft_clear(&c, BLACK);
    soft_rect(&c, 0.0f, 0.0f, 10.0f, 10.0f, (UiColor){255, 255, 255, 128});
    ASSERT(px_at(&c, 5, 5)[0] == 128 && px_at(&c, 5, 5)[3] == 255);
    soft_canvas_free(&c);
}

TEST(polyline_reach_and_caps)
{
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 100, 100));
    /* A horizontal segment along the pixel centres of row 50, width 4 (radius 2). */
    float seg[4] = {20.0f, 50.5f, 80.0f, 50.5f};
    soft_polyline(&c, seg, 2, 4.0f, WHITE);
    for (int i = 25; i <= 75; i++) {
        for (int j = 40; j <= 60; j++) {
            int d = abs(j - 50), v = px_at(&c, i, j)[0];
            if (d <= 1)
                ASSERT(v == 255);
            else if (d == 2)
                ASSERT(v == 128); /* the 1-px ramp: half covered at the nominal edge */
            else
                ASSERT(v == 0);
        }
    }
    /* Round caps: reach 2 px past the ends on the axis, nothing 4 px away in any direction. */
    ASSERT(px_at(&c, 18, 50)[0] > 0 && px_at(&c, 81, 50)[0] > 0);
    for (int j = 0; j < 100; j++)
        for (int i = 0; i < 100; i++) {
            double dx = i + 0.5 < 20.0 ? 20.0 - (i + 0.5) : i + 0.5 > 80.0 ? i + 0.5 - 80.0 : 0.0;
            double dy = j + 0.5 - 50.5, d = sqrt(dx * dx + dy * dy);
            if (d >= 4.0)
                ASSERT(px_at(&c, i, j)[0] == 0);
            if (d <= 2.0)
                ASSERT(px_at(&c, i, j)[0] > 0);
        }
    soft_canvas_free(&c);
}

TEST(polyline_blends_once_and_joins_round)
{
    SoftCanvas a, b;
    ASSERT(soft_canvas_init(&a, 120, 120) && soft_canvas_init(&b, 120, 120));
    UiColor half = {255, 255, 255, 128};
    /* There and back again, plus a repeated point: the same pixels as the single segment. */
    float back[10] = {10.0f, 10.0f, 100.0f, 90.0f, 100.0f, 90.0f, 10.0f, 10.0f, 55.0f, 50.0f};
    float once[4] = {10.0f, 10.0f, 100.0f, 90.0f};
    soft_polyline(&a, back, 5, 6.0f, half);
    soft_polyline(&b, once, 2, 6.0f, half);
    ASSERT(memcmp(a.rgba, b.rgba, 120 * 120 * 4) == 0);
    ASSERT(px_at(&a, 55, 50)[0] == 128);
    /* An L: the outer corner of the join is rounded (on the circle of radius 3.5 about the
     * vertex), the inside of the corner filled. */
    soft_clear(&a, BLACK);
    float ell[6] = {20.5f, 20.5f, 60.5f, 20.5f, 60.5f, 80.5f};
    soft_polyline(&a, ell, 3, 6.0f, WHITE);
    ASSERT(px_at(&a, 60, 20)[0] == 255 && px_at(&a, 62, 20)[0] == 255);
    ASSERT(px_at(&a, 60, 18)[0] == 255);
    /* Past both segments' ends, 2.24 px from the vertex: only the round join covers it. */
    ASSERT(px_at(&a, 62, 19)[0] == 255);
    /* 4.24 px from the vertex, where a miter join would reach: empty. */
    ASSERT(px_at(&a, 63, 17)[0] == 0);
    /* The buffer is clean for the next call: a polyline elsewhere leaves the L alone. */
    float other[4] = {100.0f, 100.0f, 110.0f, 110.0f};
    unsigned char before = px_at(&a, 40, 20)[0];
    soft_polyline(&a, other, 2, 2.0f, WHITE);
    ASSERT(px_at(&a, 40, 20)[0] == before);
    soft_canvas_free(&a);
    soft_canvas_free(&b);
}

TEST(polyline_huge_and_non_finite_points)
{
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 80, 60));
    /* A diverging run: from the canvas to 1e30 and back through NaN. */
    float pts[10] = {-1e30f, 30.5f, 1e30f, 30.5f, NAN, 5.0f, 40.0f, 10.0f, 40.0f, 10.0f};
    soft_polyline(&c, pts, 5, 2.0f, WHITE);
    for (int i = 0; i < 80; i++)
        ASSERT(px_at(&c, i, 30)[0] == 255 && px_at(&c, i, 27)[0] == 0);
    /* The lone finite segment at the end is a zero-length dot (radius 1). */
    ASSERT(px_at(&c, 39, 9)[0] > 0 && px_at(&c, 40, 9)[0] > 0);
    ASSERT(px_at(&c, 40, 13)[0] == 0);
    /* n == 1 is a dot too. */
    float dot[2] = {10.5f, 50.5f};
    soft_polyline(&c, dot, 1, 5.0f, WHITE);
    ASSERT(px_at(&c, 10, 50)[0] == 255 && px_at(&c, 10, 48)[0] == 255);
    ASSERT(px_at(&c, 12, 48)[0] > 0 && px_at(&c, 12, 48)[0] < 255 && px_at(&c, 10, 47)[0] == 0);
    soft_canvas_free(&c);
}

TEST(clip_keeps_outside_untouched)
{
    SoftCanvas c;
    ASSERT(soft_canvas_init(&c, 120, 90));
    SoftFont *f = NULL;
    char err[512];
    f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, sizeof err);
    ASSERT(f != NULL);
    soft_clip(&c, 30, 20, 50, 40);
    float big[8] = {-50.0f, -50.0f, 200.0f, -50.0f, 200.0f, 200.0f, -50.0f, 200.0f};
    float line[4] = {-10.0f, 45.0f, 130.0f, 45.0f};
    soft_rect(&c, -5.5f, -5.5f, 200.0f, 200.0f, (UiColor){200, 10, 10, 255});
    soft_round_rect(&c, 0.0f, 0.0f, 120.0f, 90.0f, 8.0f, (UiColor){10, 200, 10, 200});
    soft_convex(&c, big, 4, (UiColor){10, 10, 200, 150});
    soft_disc(&c, 60.0f, 40.0f, 100.0f, (UiColor){90, 90, 90, 100});
    soft_polyline(&c, line, 2, 9.0f, WHITE);
    if (f)
        soft_text_draw(&c, f, SOFT_FACE_TITLE, 0.0f, 30.0f, "Clipped text WWWWWWWW", WHITE);
    for (int j = 0; j < 90; j++)
        for (int i = 0; i < 120; i++) {
            bool inside = i >= 30 && i < 80 && j >= 20 && j < 60;
            const unsigned char *p = px_at(&c, i, j);
            if (inside)
                ASSERT(p[0] + p[1] + p[2] > 0);
            else
                ASSERT(p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 255);
        }
    /* soft_clip_off restores the whole canvas; a clip off the canvas draws nothing. */
    soft_clip_off(&c);
    soft_rect(&c, 0.0f, 0.0f, 2.0f, 2.0f, WHITE);
    ASSERT(px_at(&c, 0, 0)[0] == 255);
    soft_clip(&c, 500, 500, 10, 10);
    soft_rect(&c, 0.0f, 0.0f, 120.0f, 90.0f, (UiColor){1, 2, 3, 255});
    ASSERT(px_at(&c, 0, 0)[0] == 255 && px_at(&c, 100, 5)[0] == 0);
    soft_font_close(f);
    soft_canvas_free(&c);
}

TEST(text_inside_its_measured_box)
{
    char err[512];
    SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, sizeof err);
    if (!f)
        fprintf(stderr, "%s\n", err);
    ASSERT(f != NULL);
    if (!f)
        return;
    int hb = soft_font_line_height(f, SOFT_FACE_BODY);
    int hs = soft_font_line_height(f, SOFT_FACE_SMALL);
    int ht = soft_font_line_height(f, SOFT_FACE_TITLE);
    ASSERT(hs < hb && hb < ht && hb >= 20 && hb <= 30);
    const char *s[3] = {"Rosenbrock  f(x, y) = (1 \xe2\x88\x92 x)\xc2\xb2",
                        "Adam   \xce\xb1 = 0.05 \xc2\xb7 \xce\xb2\xe2\x82\x81 = 0.9",
                        "\xce\xb8\xe2\x82\x81 Ag|jy \xff bad utf-8"};
    SoftFace faces[3] = {SOFT_FACE_TITLE, SOFT_FACE_BODY, SOFT_FACE_SMALL};
    for (int k = 0; k < 3; k++) {
        SoftCanvas c;
        ASSERT(soft_canvas_init(&c, 500, 60));
        float x = 12.4f, y = 10.6f;
        float mw = soft_text_measure(f, faces[k], s[k]);
        float dw = soft_text_draw(&c, f, faces[k], x, y, s[k], WHITE);
        ASSERT(mw == dw && mw > 100.0f && mw < 480.0f);
        int x0 = 12, y0 = 11, x1 = x0 + (int)ceilf(mw);
        int y1 = y0 + soft_font_line_height(f, faces[k]);
        long inside = 0, outside = 0, full = 0;
        for (int j = 0; j < 60; j++)
            for (int i = 0; i < 500; i++) {
                int v = px_at(&c, i, j)[0];
                if (!v)
                    continue;
                if (i >= x0 && i < x1 && j >= y0 && j < y1)
                    inside++;
                else
                    outside++;
                full += v == 255;
            }
        ASSERT(outside == 0);
        ASSERT(inside > 300);
        ASSERT(full > 50); /* glyph stems are solid */
        /* Drawn again in a color with alpha: the same pixels, dimmer. */
        SoftCanvas d;
        ASSERT(soft_canvas_init(&d, 500, 60));
        soft_text_draw(&d, f, faces[k], x, y, s[k], (UiColor){255, 255, 255, 128});
        long same_set = 0, brighter = 0;
        for (size_t p = 0; p < 500 * 60; p++) {
            same_set += (c.rgba[4 * p] > 0) == (d.rgba[4 * p] > 0) || c.rgba[4 * p] < 3;
            brighter += d.rgba[4 * p] > (c.rgba[4 * p] + 1) / 2 + 1;
        }
        ASSERT(same_set == 500 * 60 && brighter == 0);
        soft_canvas_free(&c);
        soft_canvas_free(&d);
    }
    /* Kerning and advances match a second measurement (the cache does not change them). */
    ASSERT(soft_text_measure(f, SOFT_FACE_BODY, "AVATAR") ==
           soft_text_measure(f, SOFT_FACE_BODY, "AVATAR"));
    ASSERT(soft_text_measure(f, SOFT_FACE_BODY, "") == 0.0f);
    soft_font_close(f);

    char msg[512] = "";
    ASSERT(soft_font_open("/nonexistent-losslens-dir", 20.0f, msg, sizeof msg) == NULL);
    ASSERT_STR_CONTAINS(msg, "/nonexistent-losslens-dir/assets/fonts/DejaVuSans.ttf");
}

/* Reads a PNG back as RGBA with libpng's simplified API; malloc'd, NULL on failure. *alpha:
 * whether the file stores an alpha channel. */
static unsigned char *read_png(const char *path, int *w, int *h, bool *alpha)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return NULL;
    *alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    img.format = PNG_FORMAT_RGBA;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&img);
        return NULL;
    }
    *w = (int)img.width;
    *h = (int)img.height;
    return buf;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Every chunk of a PNG file: its CRC-32 right, IHDR first and IEND last with nothing after
 * it. The number of IDAT chunks into *n_idat. */
static bool png_chunks_valid(const char *path, int *n_idat)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    unsigned char head[8], c[8];
    bool ok = fread(head, 1, 8, fp) == 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
    bool ihdr = false, iend = false;
    *n_idat = 0;
    while (ok && !iend && fread(c, 1, 8, fp) == 8) {
        uint32_t n = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];
        unsigned char *data = malloc(n + 4u);
        ok = data && fread(data, 1, n + 4u, fp) == n + 4u;
        if (ok) {
            uLong crc = crc32(crc32(0L, c + 4, 4), data, n);
            uint32_t want = (uint32_t)data[n] << 24 | (uint32_t)data[n + 1] << 16 |
                            (uint32_t)data[n + 2] << 8 | data[n + 3];
            ok = crc == want && (ihdr || memcmp(c + 4, "IHDR", 4) == 0);
            ihdr = true;
            *n_idat += memcmp(c + 4, "IDAT", 4) == 0;
            iend = memcmp(c + 4, "IEND", 4) == 0;
        }
        free(data);
    }
    ok = ok && iend && fgetc(fp) == EOF;
    fclose(fp);
    return ok;
}

/* An image large enough to be deflated in several bands on threads (pngio.c): valid chunks,
 * several IDATs, and the pixels back, opaque (RGB) and not, flipped and not; with noise (zlib
 * deflates the bands) and without: flat bands, ramps (runs of a non-zero difference), runs of
 * every length from 1 to 600 between single odd pixels (pngio's own runs encoding, whose
 * file is then under a tenth of the pixels' bytes). */
TEST(png_bands_round_trip)
{
    char path[] = "/tmp/losslens-test-soft-bands-XXXXXX";
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    close(fd);
    enum { W = 1100, H = 701 };
    unsigned char *img = malloc((size_t)W * H * 4);
    for (int noise = 0; noise < 2; noise++)
    for (int opaque = 0; opaque < 2; opaque++)
        for (int flip = 0; flip < 2; flip++) {
            for (size_t i = 0; i < (size_t)W * H * 4; i++) /* bands with some noise */
                img[i] = (unsigned char)((i / 4 / W / 50) * 40 + (i % 4) * 9 +
                                         (noise ? (i * 2654435761u) >> 29 : 0));
            for (size_t px = 0, gap = 1; !noise && px < (size_t)W * H; px += gap, gap++) {
                if (gap > 600)
                    gap = 1;
                img[4 * px + px % 3] ^= 0x5a; /* an odd pixel, then a run of gap - 1 */
            }
            for (int j = 0; !noise && j < H; j += 7) /* ramps: runs of a constant difference */
                for (int i = 100; i < 900; i++)
                    for (int c = 0; c < 4; c++)
                        img[((size_t)j * W + (size_t)i) * 4 + c] = (unsigned char)(i * 3);
            if (opaque)
                for (size_t i = 3; i < (size_t)W * H * 4; i += 4)
                    img[i] = 255;
            char err[512] = "";
            ASSERT(pngio_write_rgba(path, W, H, img, W * 4, flip, err, sizeof err));
            int n_idat = 0;
            ASSERT(png_chunks_valid(path, &n_idat));
            ASSERT(n_idat >= 2);
            struct stat st;
            ASSERT(stat(path, &st) == 0);
            if (!noise)
                ASSERT(st.st_size < (off_t)W * H * (opaque ? 3 : 4) / 10);
            printf("  bands, noise %d, opaque %d, flip %d: %ld bytes\n", noise, opaque, flip,
                   (long)st.st_size);
            int w = 0, h = 0;
            bool alpha = false;
            unsigned char *back = read_png(path, &w, &h, &alpha);
            ASSERT(back && w == W && h == H && alpha == !opaque);
            int bad = 0;
            for (int j = 0; back && j < H; j++) {
                int src = flip ? H - 1 - j : j;
                bad += memcmp(back + (size_t)j * W * 4, img + (size_t)src * W * 4, W * 4) != 0;
            }
            ASSERT(bad == 0);
            free(back);
        }
    unlink(path);
    free(img);
}

TEST(png_round_trip)
{
    char dir[] = "/tmp/losslens-test-soft-XXXXXX";
    ASSERT(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/out.png", dir);
    enum { W = 37, H = 23, STRIDE = W * 4 + 12 };
    unsigned char *img = malloc((size_t)STRIDE * H);
    for (int j = 0; j < H; j++)
        for (int i = 0; i < STRIDE; i++)
            img[j * STRIDE + i] = (unsigned char)(i * 7 + j * 31 + (i / 4) * (j % 5));
    char err[512] = "";
    for (int opaque = 0; opaque < 2; opaque++) {
        if (opaque)
            for (int j = 0; j < H; j++)
                for (int i = 0; i < W; i++)
                    img[j * STRIDE + 4 * i + 3] = 255;
        for (int flip = 0; flip < 2; flip++) {
            bool ok = pngio_write_rgba(path, W, H, img, STRIDE, flip, err, sizeof err);
            if (!ok)
                fprintf(stderr, "%s\n", err);
            ASSERT(ok);
            int w = 0, h = 0;
            bool alpha = false;
            unsigned char *back = read_png(path, &w, &h, &alpha);
            ASSERT(back != NULL && w == W && h == H);
            ASSERT(alpha == !opaque); /* opaque images are stored as RGB */
            if (!back)
                continue;
            int bad = 0;
            for (int j = 0; j < H; j++) {
                int src = flip ? H - 1 - j : j;
                bad += memcmp(back + (size_t)j * W * 4, img + (size_t)src * STRIDE, W * 4) != 0;
            }
            ASSERT(bad == 0);
            free(back);
        }
    }
    /* Only out.png: no temporary file left beside it. */
    ASSERT(count_entries(dir) == 1);
    struct stat st;
    ASSERT(stat(path, &st) == 0 && st.st_size > 0);

    /* A missing directory: false, a message naming the path, and no file. */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no-such-dir/fig.png", dir);
    err[0] = '\0';
    ASSERT(!pngio_write_rgba(missing, W, H, img, STRIDE, false, err, sizeof err));
    ASSERT_STR_CONTAINS(err, missing);
    ASSERT(stat(missing, &st) != 0);
    /* A target that cannot be replaced (a directory): the old entry stays, no temp file. */
    char blocked[300];
    snprintf(blocked, sizeof blocked, "%s/blocked.png", dir);
    ASSERT(mkdir(blocked, 0755) == 0);
    err[0] = '\0';
    ASSERT(!pngio_write_rgba(blocked, W, H, img, STRIDE, false, err, sizeof err));
    ASSERT_STR_CONTAINS(err, blocked);
    ASSERT(count_entries(dir) == 2);
    ASSERT(stat(blocked, &st) == 0 && S_ISDIR(st.st_mode));
    /* Bad arguments are refused with the path too. */
    ASSERT(!pngio_write_rgba(path, W, H, img, W * 4 - 1, false, err, sizeof err));
    ASSERT_STR_CONTAINS(err, path);
    rmdir(blocked);
    unlink(path);
    rmdir(dir);
    free(img);
}

/* ---- The field into a pane, and smooth ----------------------------------------------- */

TEST(field_at_pane_offset)
{
    enum { CW = 300, CH = 200, X0 = 40, Y0 = 30, PW = 200, PH = 120 };
    const Landscape *ls = landscape_find("six-hump-camel");
    View v = view_fit(&ls->view, PW, PH);
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    SoftCanvas big, one;
    ASSERT(soft_canvas_init(&big, CW, CH) && soft_canvas_init(&one, PW, PH));
    soft_clear(&big, (UiColor){1, 2, 3, 255});
    ASSERT(soft_field_at(&big, X0, Y0, ls, &v, &fs, 2));
    ASSERT(soft_field(&one, ls, &v, &fs, 1));
    long bad = 0, outside = 0;
    for (int j = 0; j < CH; j++) {
        for (int i = 0; i < CW; i++) {
            const unsigned char *p = px_at(&big, i, j);
            bool in = i >= X0 && i < X0 + PW && j >= Y0 && j < Y0 + PH;
            if (in)
                bad += memcmp(p, px_at(&one, i - X0, j - Y0), 4) != 0;
            else
                outside += p[0] != 1 || p[1] != 2 || p[2] != 3;
        }
    }
    ASSERT(bad == 0 && outside == 0);
    /* A pane that does not fit is refused and draws nothing. */
    soft_clear(&big, (UiColor){1, 2, 3, 255});
    ASSERT(!soft_field_at(&big, CW - PW + 1, 0, ls, &v, &fs, 2));
    ASSERT(!soft_field_at(&big, -1, 0, ls, &v, &fs, 2));
    ASSERT(!soft_field_smooth_at(&big, 0, CH - PH + 1, ls, &v, &fs, 2));
    ASSERT(px_at(&big, CW / 2, CH / 2)[0] == 1);
    soft_canvas_free(&big);
    soft_canvas_free(&one);
}

/* Channels where the smooth field differs from the exact one, and by how much at most. */
static long smooth_vs_exact(const Landscape *ls, const View *v, int *worst)
{
    ViewBox box = view_bounds(v);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    SoftCanvas a, b;
    ASSERT(soft_canvas_init(&a, v->w, v->h) && soft_canvas_init(&b, v->w, v->h));
    ASSERT(soft_field(&a, ls, v, &fs, 2));
    ASSERT(soft_field_smooth_at(&b, 0, 0, ls, v, &fs, 2));
    long n = 0;
    *worst = 0;
    for (int j = 0; j < v->h; j++) {
        for (int i = 0; i < v->w; i++) {
            const unsigned char *p = px_at(&a, i, j), *q = px_at(&b, i, j);
            for (int k = 0; k < 4; k++) {
                int d = abs(p[k] - q[k]);
                n += d != 0;
                *worst = d > *worst ? d : *worst;
            }
        }
    }
    soft_canvas_free(&a);
    soft_canvas_free(&b);
    return n;
}

/* The smooth field (what --png draws for the data landscapes) against the exact one, every
 * pixel, in the default view, zoomed in on the minimum, zoomed out, and off centre: no
 * colour channel off by more than 1/255. */
TEST(field_smooth_matches_exact_on_data_landscapes)
{
    static const char *const IDS[] = {"logistic", "tiny-net"};
    for (size_t k = 0; k < sizeof IDS / sizeof IDS[0]; k++) {
        const Landscape *ls = landscape_find(IDS[k]);
        ASSERT(ls != NULL && ls->data != NULL && ls->n_crit > 0);
        View base = view_fit(&ls->view, 640, 360);
        View views[4] = {base, base, base, base};
        views[1].cx = ls->crit[0].x;
        views[1].cy = ls->crit[0].y;
        views[1].scale = base.scale / 16.0;
        views[2].scale = base.scale * 6.0;
        views[3].cx += 100.0 * base.scale;
        views[3].cy -= 37.0 * base.scale;
        views[3].w = 333;
        views[3].h = 217;
        for (int n = 0; n < 4; n++) {
            int worst;
            long diff = smooth_vs_exact(ls, &views[n], &worst);
            printf("  %s, smooth, view %d: %ld of %d channels differ (worst %d)\n", IDS[k], n,
                   diff, views[n].w * views[n].h * 4, worst);
            ASSERT(worst <= 1);
        }
    }
    /* At full HD zoomed out, tiny-net's ridge along t1 = 0 is a few pixels wide: narrower
     * than a cell, so only the check at the centres sees it (a case the corners' estimates
     * alone got wrong by 13/255). */
    const Landscape *tn = landscape_find("tiny-net");
    View hd = view_fit(&tn->view, 1920, 1080);
    hd.scale *= 6.0;
    int worst;
    long diff = smooth_vs_exact(tn, &hd, &worst);
    printf("  tiny-net, smooth, 1920x1080 zoomed out: %ld of %d channels differ (worst %d)\n",
           diff, 1920 * 1080 * 4, worst);
    ASSERT(worst <= 1);
    /* Where f overflows (rosenbrock far out) the cells split down to pixels evaluated
     * themselves: the bytes are the exact field's. */
    const Landscape *ls = landscape_find("rosenbrock");
    View far = {.cx = 1e160, .cy = 0.0, .scale = 1e157, .w = 64, .h = 48};
    ASSERT(smooth_vs_exact(ls, &far, &worst) == 0);
}

/* The smooth field's nodes: the values at the view's lattice (view_lattice_point) that
 * landscape_eval_fast gives, so colormap_fit_lattice of them is colormap_fit_view's scale to
 * the bit, and the field drawn from them is soft_field_smooth_at's, byte for byte. In full
 * HD the scale comes from the lattice's 60 x 34 points, close to the 48 x 48 grid's (the
 * same view); a pane too small for enough of them takes the grid's itself. */
TEST(field_nodes_are_the_lattice_values)
{
    static const char *const IDS[] = {"logistic", "tiny-net"};
    static const int SIZES[2][2] = {{1920, 1080}, {301, 173}};
    for (size_t k = 0; k < 2 * sizeof IDS / sizeof IDS[0]; k++) {
        const Landscape *ls = landscape_find(IDS[k / 2]);
        int w = SIZES[k % 2][0], h = SIZES[k % 2][1];
        View v = view_fit(&ls->view, w, h);
        v.cx += 7.3 * v.scale;
        SoftNodes nodes;
        ASSERT(soft_nodes_eval(&nodes, ls, &v, 2));
        ASSERT(nodes.nx == (w + 31) / 32 + 1 && nodes.ny == (h + 31) / 32 + 1);
        long bad = 0;
        for (int b = 0; b < nodes.ny; b++) {
            for (int a = 0; a < nodes.nx; a++) {
                double x, y, err;
                view_lattice_point(&v, a, b, &x, &y);
                double f = landscape_eval_fast(ls, x, y, NULL, NULL, &err);
                bad += memcmp(&f, &nodes.f[b * nodes.nx + a], sizeof f) != 0;
            }
        }
        ASSERT(bad == 0);
        ViewBox box = view_bounds(&v);
        FieldScale a = colormap_fit_view(ls, &v, COLORMAP_LEVELS_DEFAULT, 1.3f);
        FieldScale b = colormap_fit_lattice(ls, &v, nodes.f, COLORMAP_LEVELS_DEFAULT, 1.3f);
        FieldScale grid = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
        printf("  %s %dx%d: grid's c %g, s %g..%g; lattice's c %g, s %g..%g\n", ls->id, w, h,
               (double)grid.c, (double)grid.s_lo, (double)grid.s_hi, (double)a.c, (double)a.s_lo,
               (double)a.s_hi);
        ASSERT(memcmp(&a, &b, sizeof a) == 0);
        if (k % 2) {
            ASSERT(memcmp(&a, &grid, sizeof a) == 0);
        } else {
            ASSERT(memcmp(&a, &grid, sizeof a) != 0);
            ASSERT(fabsf(a.c - grid.c) <= 0.1f * grid.c);
            ASSERT(fabsf(a.s_lo - grid.s_lo) <= 0.05f * (grid.s_hi - grid.s_lo));
            ASSERT(fabsf(a.s_hi - grid.s_hi) <= 0.05f * (grid.s_hi - grid.s_lo));
        }
        SoftCanvas p, q, r;
        ASSERT(soft_canvas_init(&p, v.w, v.h) && soft_canvas_init(&q, v.w, v.h) &&
               soft_canvas_init(&r, v.w, v.h));
        ASSERT(soft_field_nodes_at(&p, 0, 0, &nodes, &a, SOFT_RGBA, 2));
        ASSERT(soft_field_smooth_at(&q, 0, 0, ls, &v, &a, 2));
        ASSERT(memcmp(p.rgba, q.rgba, (size_t)v.w * v.h * 4) == 0);
        /* In the window's byte order (SOFT_BGRA): the same pixels, red and blue swapped. */
        ASSERT(soft_field_nodes_at(&r, 0, 0, &nodes, &a, SOFT_BGRA, 2));
        long swapped_bad = 0, red_not_blue = 0;
        for (long px = 0; px < (long)v.w * v.h; px++) {
            const unsigned char *o = p.rgba + 4 * px, *z = r.rgba + 4 * px;
            swapped_bad += z[0] != o[2] || z[1] != o[1] || z[2] != o[0] || z[3] != o[3];
            red_not_blue += o[0] != o[2];
        }
        ASSERT(swapped_bad == 0 && red_not_blue > (long)v.w * v.h / 2);
        soft_canvas_free(&p);
        soft_canvas_free(&q);
        soft_canvas_free(&r);
        soft_nodes_free(&nodes);
        ASSERT(nodes.node == NULL && nodes.f == NULL);
    }
}

/* ---- The Canvas interface on the CPU -------------------------------------------------- */

TEST(canvas_frame_and_clip)
{
    SoftCanvas img;
    ASSERT(soft_canvas_init(&img, 100, 80));
    Canvas *c = canvas_soft_create(&img, LOSSLENS_SOURCE_DATA_DIR, 1.0f, 2);
    ASSERT(c != NULL);
    if (!c)
        return;
    canvas_begin(c, 100, 80, 20, 10, 50, 40);
    canvas_rect(c, -10.0f, -10.0f, 200.0f, 200.0f, (Rgba){255, 255, 255, 255});
    canvas_clip(c, 5, 5, 10, 10);
    canvas_rect(c, 0.0f, 0.0f, 100.0f, 100.0f, (Rgba){255, 0, 0, 255});
    canvas_clip_off(c);
    canvas_rect(c, 45.0f, 35.0f, 20.0f, 20.0f, (Rgba){0, 0, 255, 255});
    canvas_flush(c);
    long bad = 0;
    for (int j = 0; j < 80; j++) {
        for (int i = 0; i < 100; i++) {
            bool frame = i >= 20 && i < 70 && j >= 10 && j < 50;
            bool clip = i >= 25 && i < 35 && j >= 15 && j < 25;
            bool blue = i >= 65 && i < 70 && j >= 45 && j < 50;
            unsigned char want[3] = {0, 0, 0};
            if (blue)
                want[2] = 255;
            else if (clip)
                want[0] = 255;
            else if (frame)
                want[0] = want[1] = want[2] = 255;
            bad += memcmp(px_at(&img, i, j), want, 3) != 0;
        }
    }
    ASSERT(bad == 0);
    canvas_destroy(c);
    soft_canvas_free(&img);
}

/* What shaders/line.frag writes over dst for a pixel d px from a stroke of style s. */
static void line_frag(float d, const LineStyle *s, const unsigned char dst[3], float out[3])
{
    float core = fminf(fmaxf(s->radius + 0.5f - d, 0.0f), 1.0f) * s->color[3];
    float halo = fminf(fmaxf(s->radius + s->halo + 0.5f - d, 0.0f), 1.0f) * s->halo_alpha;
    float a = core + halo * (1.0f - core);
    for (int k = 0; k < 3; k++) {
        float rgb = a > 0.0f ? (s->color[k] * core + CANVAS_HALO_GRAY * halo * (1.0f - core)) / a
                             : 0.0f;
        out[k] = 255.0f * (rgb * a) + dst[k] * (1.0f - a);
    }
}

TEST(canvas_stroke_is_line_frag)
{
    SoftCanvas img;
    ASSERT(soft_canvas_init(&img, 120, 60));
    soft_clear(&img, (UiColor){200, 180, 40, 255});
    Canvas *c = canvas_soft_create(&img, LOSSLENS_SOURCE_DATA_DIR, 1.0f, 2);
    ASSERT(c != NULL);
    if (!c)
        return;
    /* A frame offset, a horizontal stroke through y = 30.3 and a dot at (25, 15). */
    canvas_begin(c, 120, 60, 10, 5, 100, 50);
    LineStyle st = {{0.2f, 0.6f, 1.0f, 0.9f}, 3.0f, 2.0f, 0.7f};
    canvas_stroke(c, 10.0f, 25.3f, 90.0f, 25.3f, &st);
    LineStyle dot = {{1.0f, 1.0f, 1.0f, 1.0f}, 4.0f, 1.5f, 0.8f};
    canvas_dot(c, 15.0f, 10.0f, &dot);
    const unsigned char bg[3] = {200, 180, 40};
    int worst = 0, checked = 0;
    for (int j = 18; j < 44; j++) {
        float d = fabsf((float)j + 0.5f - 30.3f), want[3];
        line_frag(d, &st, bg, want);
        const unsigned char *p = px_at(&img, 60, j);
        for (int k = 0; k < 3; k++) {
            int e = (int)fabsf((float)p[k] - want[k]);
            worst = e > worst ? e : worst;
        }
        checked++;
    }
    for (int j = 7; j < 24; j++) {
        for (int i = 17; i < 34; i++) {
            float d = hypotf((float)i + 0.5f - 25.0f, (float)j + 0.5f - 15.0f), want[3];
            line_frag(d, &dot, bg, want);
            const unsigned char *p = px_at(&img, i, j);
            for (int k = 0; k < 3; k++) {
                int e = (int)fabsf((float)p[k] - want[k]);
                worst = e > worst ? e : worst;
            }
            checked++;
        }
    }
    printf("  strokes: worst channel error %d over %d pixels\n", worst, checked);
    ASSERT(worst <= 3);
    /* Far from both: the background. */
    ASSERT(memcmp(px_at(&img, 60, 50), bg, 3) == 0 && memcmp(px_at(&img, 100, 8), bg, 3) == 0);
    canvas_destroy(c);
    soft_canvas_free(&img);
}

TEST(canvas_text_is_soft_text)
{
    SoftCanvas a, b;
    ASSERT(soft_canvas_init(&a, 200, 60) && soft_canvas_init(&b, 200, 60));
    char err[256];
    SoftFont *f = soft_font_open(LOSSLENS_SOURCE_DATA_DIR, 20.0f, err, sizeof err);
    Canvas *c = canvas_soft_create(&a, LOSSLENS_SOURCE_DATA_DIR, 1.0f, 2);
    ASSERT(f != NULL && c != NULL);
    if (!f || !c)
        return;
    const char *text = "\xce\xb8\xe2\x82\x81 = \xe2\x88\x92" "2.5";
    canvas_begin(c, 200, 60, 30, 20, 150, 40);
    float w = canvas_text(c, FONT_TITLE, 4.3f, 2.0f, text, (Rgba){250, 240, 10, 255});
    ASSERT(w > 20.0f);
    ASSERT(w == soft_text_measure(f, SOFT_FACE_TITLE, text));
    ASSERT(canvas_measure(c, FONT_SMALL, text) == soft_text_measure(f, SOFT_FACE_SMALL, text));
    for (int k = 0; k < FONT_FACE_COUNT; k++) {
        ASSERT(canvas_line_height(c, (FontFace)k) == soft_font_line_height(f, (SoftFace)k));
        ASSERT(canvas_face_px(c, (FontFace)k) == soft_font_px(f, (SoftFace)k));
    }
    soft_text_draw(&b, f, SOFT_FACE_TITLE, 34.3f, 22.0f, text, (UiColor){250, 240, 10, 255});
    ASSERT(memcmp(a.rgba, b.rgba, (size_t)200 * 60 * 4) == 0);
    ASSERT(canvas_soft_error(c) == NULL);
    canvas_destroy(c);
    soft_font_close(f);
    soft_canvas_free(&a);
    soft_canvas_free(&b);
}

TEST(canvas_missing_fonts_reported)
{
    SoftCanvas img;
    ASSERT(soft_canvas_init(&img, 64, 32));
    Canvas *c = canvas_soft_create(&img, "/nonexistent-losslens-dir", 1.0f, 2);
    ASSERT(c != NULL);
    if (!c)
        return;
    /* Shapes need no font: nothing is read until text is drawn. */
    canvas_rect(c, 0.0f, 0.0f, 4.0f, 4.0f, (Rgba){255, 255, 255, 255});
    ASSERT(canvas_soft_error(c) == NULL);
    ASSERT(canvas_text(c, FONT_BODY, 10.0f, 4.0f, "abc", (Rgba){255, 255, 255, 255}) == 0.0f);
    const char *e = canvas_soft_error(c);
    ASSERT(e != NULL);
    if (e)
        ASSERT_STR_CONTAINS(e, "DejaVuSans");
    long lit = 0;
    for (int j = 0; j < 32; j++)
        for (int i = 8; i < 64; i++)
            lit += px_at(&img, i, j)[0] != 0;
    ASSERT(lit == 0);
    canvas_destroy(c);
    soft_canvas_free(&img);
}

int main(void)
{
    RUN_TEST(field_equals_colormap_shade_every_pixel);
    RUN_TEST(field_hatches_where_a_typed_function_is_undefined);
    RUN_TEST(field_equals_colormap_shade_wide_line_and_far_out);
    RUN_TEST(field_full_hd_spot_checks);
    RUN_TEST(field_same_bytes_for_any_thread_count);
    RUN_TEST(field_rejects_size_mismatch);
    RUN_TEST(field_at_pane_offset);
    RUN_TEST(field_smooth_matches_exact_on_data_landscapes);
    RUN_TEST(field_nodes_are_the_lattice_values);
    RUN_TEST(shapes_cover_their_area);
    RUN_TEST(polyline_reach_and_caps);
    RUN_TEST(polyline_blends_once_and_joins_round);
    RUN_TEST(polyline_huge_and_non_finite_points);
    RUN_TEST(clip_keeps_outside_untouched);
    RUN_TEST(text_inside_its_measured_box);
    RUN_TEST(png_round_trip);
    RUN_TEST(png_bands_round_trip);
    RUN_TEST(canvas_frame_and_clip);
    RUN_TEST(canvas_stroke_is_line_frag);
    RUN_TEST(canvas_text_is_soft_text);
    RUN_TEST(canvas_missing_fonts_reported);
    return TEST_MAIN("test_soft");
}
