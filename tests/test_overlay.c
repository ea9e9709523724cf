/* test_overlay.c - the lecture's overlays on the GPU against closed forms: the gradient arrows'
 * grid, colors and tips on the bowl; steepest descent's tip and Newton's arrow to the minimum
 * on the ravine; the Taylor model's circles on the bowl and hyperbolas at a saddle; the
 * eigenvectors' 20:1 lengths on the ravine and their colors by sign; the critical points of
 * Himmelblau found, cached and marked by kind; the minibatch's contours following the batch;
 * the cloud's translucent paths. Every picture is drawn into a rect inset in a larger target
 * cleared to a known color, and nothing may land outside the rect.
 *
 * Every test runs on both backends of the canvas: the CPU renderer (no display needed), then
 * the GL one, which needs a display with OpenGL 3.3 (Xvfb + llvmpipe in CI). Without one the
 * GL pass is skipped (exit 77 if nothing failed), unless CI=true, where that is a failure.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epoxy/gl.h>

#include "analysis/analysis.h"
#include "landscape/landscape.h"
#include "render/glwin.h"
#include "figure/overlay.h"
#include "render/render.h"
#include "render/canvas_soft.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/palette.h"
#include "test.h"
#include "gl_test.h"

/* The target, and the pane's rect inside it. */
enum { TW = 720, TH = 540, RX = 40, RY = 20, RW = 640, RH = 480 };

static const Rgba BG = {30, 60, 90, 255};
/* Per channel: 8-bit rounding of the colors through the shaders. */
static const int COLOR_TOL = 3;

static Canvas *g_canvas; /* the canvas the tests draw on */
static Renderer *g_gl;    /* its GL renderer, or NULL for the CPU canvas */

typedef struct {
    unsigned char *px; /* TW x TH, rows bottom-up as GL reads them */
} Image;

static const unsigned char *image_at(const Image *im, int x, int y)
{
    return im->px + 4 * ((size_t)(TH - 1 - y) * TW + (size_t)x);
}

static int color_diff(const unsigned char *p, Rgba c)
{
    int d = abs(p[0] - c.r);
    d = abs(p[1] - c.g) > d ? abs(p[1] - c.g) : d;
    d = abs(p[2] - c.b) > d ? abs(p[2] - c.b) : d;
    return d;
}

/* The pixel covering pane coordinates (sx, sy). */
static bool is_color(const Image *im, double sx, double sy, Rgba c, int tol)
{
    int x = (int)floor(RX + sx), y = (int)floor(RY + sy);
    if (x < 0 || y < 0 || x >= TW || y >= TH)
        return false;
    return color_diff(image_at(im, x, y), c) <= tol;
}

/* The CPU renderer's picture of d, rows flipped to GL's order. */
static Image draw_cpu(OverlayDesc d, OverlayCache *cache)
{
    SoftCanvas *img = canvas_soft_image(g_canvas);
    soft_clear(img, (UiColor){BG.r, BG.g, BG.b, 255});
    canvas_begin(g_canvas, TW, TH, 0, 0, TW, TH);
    d.rect = (UiRect){RX, RY, RW, RH};
    overlay_draw(g_canvas, &d, cache);
    Image im = {malloc((size_t)TW * TH * 4)};
    for (int y = 0; y < TH; y++)
        memcpy(im.px + (size_t)(TH - 1 - y) * TW * 4, img->rgba + (size_t)y * TW * 4,
               (size_t)TW * 4);
    return im;
}

/* A TW x TH target cleared to BG, bound, its viewport set and no scissor. */
static RenderTarget gl_target_cleared(void)
{
    RenderTarget t = {0};
    ASSERT(render_target_resize(&t, TW, TH));
    glBindFramebuffer(GL_FRAMEBUFFER, t.fbo);
    glViewport(0, 0, TW, TH);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(BG.r / 255.0f, BG.g / 255.0f, BG.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    return t;
}

/* Draws d (rect set here) onto a fresh target cleared to BG and reads it back. */
static Image draw(OverlayDesc d, OverlayCache *cache)
{
    Renderer *r = g_gl;
    if (!r)
        return draw_cpu(d, cache);
    RenderTarget t = gl_target_cleared();
    batcher_begin(&r->batch, TW, TH);
    traj_begin(&r->traj, TW, TH);
    d.rect = (UiRect){RX, RY, RW, RH};
    overlay_draw(r->canvas, &d, cache);
    batcher_end(&r->batch);
    GLboolean scissor = glIsEnabled(GL_SCISSOR_TEST);
    ASSERT(!scissor);
    Image im = {malloc((size_t)TW * TH * 4)};
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, TW, TH, GL_RGBA, GL_UNSIGNED_BYTE, im.px);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    render_target_free(&t);
    /* OVERLAY_TEST_DUMP=dir: every picture as a PPM, to look at. */
    const char *dump = getenv("OVERLAY_TEST_DUMP");
    if (dump) {
        static int count;
        char path[1024];
        snprintf(path, sizeof path, "%s/overlay_%02d_%s.ppm", dump, count++,
                 !r ? "cpu" : "gl");
        FILE *f = fopen(path, "wb");
        if (f) {
            fprintf(f, "P6 %d %d 255\n", TW, TH);
            for (int y = 0; y < TH; y++)
                for (int x = 0; x < TW; x++)
                    fwrite(image_at(&im, x, y), 1, 3, f);
            fclose(f);
        }
    }
    return im;
}

/* Pixels of the target outside the rect that are not the background. */
static long outside_changed(const Image *im)
{
    long n = 0;
    for (int y = 0; y < TH; y++)
        for (int x = 0; x < TW; x++)
            if ((x < RX || x >= RX + RW || y < RY || y >= RY + RH) &&
                color_diff(image_at(im, x, y), BG) != 0)
                n++;
    return n;
}

static long inside_changed(const Image *im)
{
    long n = 0;
    for (int y = RY; y < RY + RH; y++)
        for (int x = RX; x < RX + RW; x++)
            n += color_diff(image_at(im, x, y), BG) != 0;
    return n;
}

static View pane_view(const Landscape *ls)
{
    return view_fit(&ls->view, RW, RH);
}

static void screen(const View *v, double x, double y, double *sx, double *sy)
{
    view_world_to_screen(v, x, y, sx, sy);
}

/* ---- Gradient field ---------------------------------------------------------------- */

TEST(test_gradient_field_bowl)
{
    const Landscape *ls = landscape_find("bowl");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.gradient_field = true}},
                    &cache);
    int nx = RW / OVERLAY_GRID_PX, ny = RH / OVERLAY_GRID_PX;
    ASSERT(nx == 10 && ny == 8);
    double cw = (double)RW / nx, chh = (double)RH / ny;
    /* |∇L| = 2 |θ| at each arrow's centre; the colors span log |∇L| over the arrows. */
    double gmin = INFINITY, gmax = 0.0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x, y;
            view_screen_to_world(&v, (i + 0.5) * cw, (j + 0.5) * chh, &x, &y);
            gmin = fmin(gmin, 2.0 * hypot(x, y));
            gmax = fmax(gmax, 2.0 * hypot(x, y));
        }
    int centres = 0, tips = 0, past_tip = 0, sides = 0, corners = 0;
    double half = 0.5 * OVERLAY_FIELD_ARROW_PX;
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
            double sx = (i + 0.5) * cw, sy = (j + 0.5) * chh, x, y;
            view_screen_to_world(&v, sx, sy, &x, &y);
            double m = 2.0 * hypot(x, y);
            Rgba want = overlay_magnitude_color(log(m / gmin) / log(gmax / gmin));
            /* −∇L points at the origin: (−x, −y) in the world, (−x, y) in pixels. */
            double ux = -x / hypot(x, y), uy = y / hypot(x, y);
            centres += is_color(&im, sx, sy, want, COLOR_TOL);
            /* The filled head, 4 px behind the tip. */
            tips += is_color(&im, sx + (half - 4.0) * ux, sy + (half - 4.0) * uy, want,
                             COLOR_TOL);
            past_tip += is_color(&im, sx + (half + 5.0) * ux, sy + (half + 5.0) * uy, want, 40);
            /* Thin: 5 px to the side of the shaft is not the arrow. */
            sides += is_color(&im, sx - 5.0 * uy, sy + 5.0 * ux, want, 40);
            /* Nothing at the cell's corner. */
            corners += is_color(&im, i * cw + 0.5, j * chh + 0.5, BG, 0);
        }
    }
    ASSERT(centres == nx * ny);
    ASSERT(tips == nx * ny);
    ASSERT(past_tip == 0);
    ASSERT(sides == 0);
    ASSERT(corners == nx * ny);
    /* The two ends of the colormap are far apart: the magnitude reads. */
    Rgba lo = overlay_magnitude_color(0.0), hi = overlay_magnitude_color(1.0);
    ASSERT(abs(lo.g - hi.g) + abs(lo.b - hi.b) > 200);
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
}

/* ---- Directions ---------------------------------------------------------------------- */

TEST(test_directions_ravine)
{
    const Landscape *ls = landscape_find("ravine");
    View v = pane_view(ls);
    static OverlayCache cache;
    const double p[2] = {-6.0, 2.0};
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.directions = true},
                                  .point = {p[0], p[1]}},
                    &cache);
    double px, py, ox, oy;
    screen(&v, p[0], p[1], &px, &py);
    screen(&v, 0.0, 0.0, &ox, &oy);
    /* ∇L = (x/10, 2y): descent (0.6, −4)/|·|, y down in pixels. */
    double gx = p[0] / 10.0, gy = 2.0 * p[1], gn = hypot(gx, gy);
    double ux = -gx / gn, uy = gy / gn, len = OVERLAY_DIRECTION_PX;
    Rgba white = overlay_color(OVERLAY_COLOR_DESCENT), pink = overlay_color(OVERLAY_COLOR_NEWTON);
    int shaft = 0;
    for (int k = 20; k < 80; k++)
        shaft += is_color(&im, px + k * ux, py + k * uy, white, COLOR_TOL);
    ASSERT(shaft == 60);
    ASSERT(is_color(&im, px + (len - 0.5) * ux, py + (len - 0.5) * uy, white, COLOR_TOL));
    ASSERT(!is_color(&im, px + (len + 5.0) * ux, py + (len + 5.0) * uy, white, 40));
    /* Newton's step lands on the minimum of a quadratic: its true length, on screen. */
    int along = 0, off = 0, n = 0;
    for (double f = 0.25; f <= 0.86; f += 0.01, n++) {
        double x = px + f * (ox - px), y = py + f * (oy - py);
        along += is_color(&im, x, y, pink, COLOR_TOL);
        double nl = hypot(ox - px, oy - py);
        off += is_color(&im, x + 9.0 * (oy - py) / nl, y - 9.0 * (ox - px) / nl, pink, 40);
    }
    ASSERT(along == n);
    ASSERT(off == 0);
    /* Its tip is at the origin, not beyond. */
    ASSERT(is_color(&im, ox - 0.5 * (ox - px) / hypot(ox - px, oy - py),
                    oy - 0.5 * (oy - py) / hypot(ox - px, oy - py), pink, COLOR_TOL));
    ASSERT(!is_color(&im, ox + 6.0 * (ox - px) / hypot(ox - px, oy - py),
                     oy + 6.0 * (oy - py) / hypot(ox - px, oy - py), pink, 40));
    ASSERT(outside_changed(&im) == 0);
    free(im.px);

    /* Far from the minimum (its end off screen) Newton's arrow is as long as steepest
     * descent's, still pointing at the origin. */
    View zoom = v;
    zoom.scale /= 8.0;
    zoom.cx = p[0];
    zoom.cy = p[1];
    im = draw((OverlayDesc){.ls = ls, .view = &zoom, .flags = {.directions = true},
                            .point = {p[0], p[1]}},
              &cache);
    screen(&zoom, p[0], p[1], &px, &py);
    screen(&zoom, 0.0, 0.0, &ox, &oy);
    double nl = hypot(ox - px, oy - py), nx = (ox - px) / nl, ny = (oy - py) / nl;
    ASSERT(is_color(&im, px + (len - 0.5) * nx, py + (len - 0.5) * ny, pink, COLOR_TOL));
    ASSERT(!is_color(&im, px + (len + 6.0) * nx, py + (len + 6.0) * ny, pink, 40));
    free(im.px);
}

TEST(test_directions_bowl_coincide)
{
    /* On the round bowl Newton and steepest descent agree: the white arrow lies on the
     * magenta one, which goes on to the minimum. */
    const Landscape *ls = landscape_find("bowl");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.directions = true},
                                  .point = {1.0, 1.0}},
                    &cache);
    double px, py, ox, oy;
    screen(&v, 1.0, 1.0, &px, &py);
    screen(&v, 0.0, 0.0, &ox, &oy);
    double d = hypot(ox - px, oy - py), ux = (ox - px) / d, uy = (oy - py) / d;
    Rgba white = overlay_color(OVERLAY_COLOR_DESCENT), pink = overlay_color(OVERLAY_COLOR_NEWTON);
    ASSERT(d > OVERLAY_DIRECTION_PX + 40.0);
    ASSERT(is_color(&im, px + 50.0 * ux, py + 50.0 * uy, white, COLOR_TOL));
    /* Newton's thicker shaft shows beside the white core ... */
    ASSERT(is_color(&im, px + 50.0 * ux - 2.2 * uy, py + 50.0 * uy + 2.2 * ux, pink, 60));
    /* ... and alone past the white tip. */
    ASSERT(is_color(&im, px + (OVERLAY_DIRECTION_PX + 25.0) * ux,
                    py + (OVERLAY_DIRECTION_PX + 25.0) * uy, pink, COLOR_TOL));
    free(im.px);
}

/* ---- Taylor model ------------------------------------------------------------------ */

/* The fraction of n points (world) along a curve whose pixels have color c. */
typedef void (*Curve)(double t, double *x, double *y);

static double fraction_on(const Image *im, const View *v, Curve curve, double t0, double t1,
                          int n, Rgba c)
{
    int hit = 0;
    for (int k = 0; k < n; k++) {
        double x, y, sx, sy;
        curve(t0 + (t1 - t0) * k / (n - 1), &x, &y);
        screen(v, x, y, &sx, &sy);
        hit += is_color(im, sx, sy, c, COLOR_TOL);
    }
    return (double)hit / n;
}

static double g_radius;

static void circle(double t, double *x, double *y)
{
    *x = g_radius * cos(t);
    *y = g_radius * sin(t);
}

static void hyperbola_right(double t, double *x, double *y)
{
    *x = sqrt(0.21 + t * t);
    *y = t;
}

static void hyperbola_left(double t, double *x, double *y)
{
    *x = -sqrt(0.21 + t * t);
    *y = t;
}

TEST(test_taylor_bowl_circles)
{
    const Landscape *ls = landscape_find("bowl");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.taylor = true},
                                  .point = {1.0, 1.0}},
                    &cache);
    Rgba cyan = overlay_color(OVERLAY_COLOR_TAYLOR);
    /* The model of a quadratic is the function: the level through (1, 1) is the circle of
     * radius √2 about the origin. Dashed 9 on, 6 off: about 60% of it is drawn. */
    const double pi = 3.14159265358979323846;
    g_radius = sqrt(2.0);
    double on = fraction_on(&im, &v, circle, pi / 4 - pi / 4, pi / 4 + pi / 4, 240, cyan);
    printf("  taylor circle r=sqrt2: %.2f dashed\n", on);
    ASSERT(on > 0.45 && on < 0.75);
    /* Twelve pixels inside and outside it: no line (the next levels are further away). */
    double step = 12.0 * v.scale;
    g_radius = sqrt(2.0) - step;
    ASSERT(fraction_on(&im, &v, circle, 0.0, pi / 2, 240, cyan) < 0.05);
    g_radius = sqrt(2.0) + step;
    ASSERT(fraction_on(&im, &v, circle, 0.0, pi / 2, 240, cyan) < 0.05);
    /* The disc is local: the same circle opposite the point is not drawn. */
    g_radius = sqrt(2.0);
    ASSERT(fraction_on(&im, &v, circle, pi + pi / 8, 1.5 * pi - pi / 8, 240, cyan) == 0.0);
    /* The disc crosses the rect's top edge: clipped there. */
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
}

TEST(test_taylor_saddle_hyperbolas)
{
    const Landscape *ls = landscape_find("saddle");
    View v = pane_view(ls);
    static OverlayCache cache;
    /* x² − y² at (0.5, 0.2) is 0.21: the level through the point is x² − y² = 0.21, both
     * branches inside the model's disc. */
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.taylor = true},
                                  .point = {0.5, 0.2}},
                    &cache);
    Rgba cyan = overlay_color(OVERLAY_COLOR_TAYLOR);
    double right = fraction_on(&im, &v, hyperbola_right, -0.4, 0.8, 240, cyan);
    double left = fraction_on(&im, &v, hyperbola_left, -0.1, 0.5, 240, cyan);
    printf("  taylor hyperbola branches: %.2f, %.2f dashed\n", right, left);
    ASSERT(right > 0.4 && right < 0.8);
    ASSERT(left > 0.4 && left < 0.8);
    free(im.px);
}

/* ---- Eigenvectors ------------------------------------------------------------------ */

/* How far from pixel (x, y) of the pane, stepping (dx, dy) a pixel at a time, pixels keep
 * color c: the last distance that does, in pixels. */
static int extent(const Image *im, int x, int y, int dx, int dy, Rgba c)
{
    int k = 0;
    while (k < 400 && color_diff(image_at(im, RX + x + (k + 1) * dx, RY + y + (k + 1) * dy), c) <=
                          COLOR_TOL)
        k++;
    return k;
}

TEST(test_eigen_ravine_lengths)
{
    const Landscape *ls = landscape_find("ravine");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.eigen = true},
                                  .point = {2.0, 1.0}},
                    &cache);
    double px, py;
    screen(&v, 2.0, 1.0, &px, &py);
    /* The point sits on a pixel corner here: pixel (px, py) has its centre half a pixel
     * right of and below it. */
    ASSERT(px == floor(px) && py == floor(py));
    Rgba pos = overlay_color(OVERLAY_COLOR_EIGEN_POS);
    /* H = diag(1/10, 2): λ₁ = 0.1 along x, λ₂ = 2 along y, lengths 110 px and 5.5 px (20:1).
     * A pixel is fully covered while its centre is within the core radius (1.8 px) less half
     * a pixel of the segment. */
    const double lmax = OVERLAY_EIGEN_PX, rc = 1.8;
    int x = (int)px, y = (int)py;
    int up = extent(&im, x, y, 0, -1, pos), down = extent(&im, x, y - 1, 0, 1, pos);
    int right = extent(&im, x, y, 1, 0, pos), left = extent(&im, x - 1, y, -1, 0, pos);
    printf("  eigen extents: up %d down %d right %d left %d\n", up, down, right, left);
    /* Pixel k steps away has its centre k + 0.5 px from the point. */
    ASSERT(up + 0.5 >= lmax + rc - 1.5 && up + 0.5 <= lmax + rc + 0.5);
    ASSERT(down + 0.5 >= lmax + rc - 1.5 && down + 0.5 <= lmax + rc + 0.5);
    ASSERT(right + 0.5 >= lmax / 20 + rc - 1.5 && right + 0.5 <= lmax / 20 + rc + 0.5);
    ASSERT(left + 0.5 >= lmax / 20 + rc - 1.5 && left + 0.5 <= lmax / 20 + rc + 0.5);
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
}

TEST(test_eigen_saddle_signs)
{
    /* x² − y²: λ = −2 along y (negative curvature), +2 along x; equal lengths. */
    const Landscape *ls = landscape_find("saddle");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.eigen = true},
                                  .point = {0.3, -0.4}},
                    &cache);
    double px, py;
    screen(&v, 0.3, -0.4, &px, &py);
    Rgba pos = overlay_color(OVERLAY_COLOR_EIGEN_POS);
    Rgba neg = overlay_color(OVERLAY_COLOR_EIGEN_NEG);
    for (int s = -1; s <= 1; s += 2) {
        for (int k = 10; k <= 100; k += 10) {
            ASSERT(is_color(&im, px + s * k, py + 0.5, pos, COLOR_TOL));
            ASSERT(is_color(&im, px + 0.5, py + s * k, neg, COLOR_TOL));
        }
        ASSERT(!is_color(&im, px + s * (OVERLAY_EIGEN_PX + 6), py + 0.5, pos, 40));
    }
    free(im.px);
}

/* ---- Critical points --------------------------------------------------------------- */

TEST(test_critical_himmelblau)
{
    const Landscape *ls = landscape_find("himmelblau");
    View v = pane_view(ls);
    static OverlayCache cache;
    memset(&cache, 0, sizeof cache);
    OverlayDesc d = {.ls = ls, .view = &v, .flags = {.critical = true}};
    Image im = draw(d, &cache);
    /* All nine known points found, with their kinds. */
    ASSERT(cache.n == ls->n_crit);
    int matched = 0;
    for (int i = 0; i < ls->n_crit; i++)
        for (int k = 0; k < cache.n; k++)
            matched += hypot(cache.points[k].x - ls->crit[i].x,
                             cache.points[k].y - ls->crit[i].y) < 1e-6 &&
                       cache.points[k].kind == ls->crit[i].kind;
    ASSERT(matched == ls->n_crit);
    Rgba white = overlay_color(OVERLAY_COLOR_CRITICAL);
    int minima = 0, discs = 0, saddles = 0, maxima = 0;
    for (int i = 0; i < ls->n_crit; i++) {
        double sx, sy;
        screen(&v, ls->crit[i].x, ls->crit[i].y, &sx, &sy);
        bool centre = is_color(&im, sx, sy, white, COLOR_TOL);
        switch (ls->crit[i].kind) {
        case CRIT_MINIMUM:
            minima += centre;
            /* A filled disc: white 3 px out in every direction. */
            discs += is_color(&im, sx + 3, sy, white, COLOR_TOL) &&
                     is_color(&im, sx - 3, sy, white, COLOR_TOL) &&
                     is_color(&im, sx, sy + 3, white, COLOR_TOL) &&
                     is_color(&im, sx, sy - 3, white, COLOR_TOL);
            break;
        case CRIT_SADDLE:
            /* An X: white along the diagonals, not straight out. */
            saddles += centre && is_color(&im, sx + 2.5, sy + 2.5, white, COLOR_TOL) &&
                       is_color(&im, sx - 2.5, sy + 2.5, white, COLOR_TOL) &&
                       !is_color(&im, sx + 4, sy, white, 40) &&
                       !is_color(&im, sx, sy - 4, white, 40);
            break;
        case CRIT_MAXIMUM:
            /* A triangle pointing up: wider below the centre than above it. */
            maxima += centre && is_color(&im, sx - 4, sy + 2, white, COLOR_TOL) &&
                      !is_color(&im, sx - 4, sy - 4, white, 40);
            break;
        case CRIT_DEGENERATE:
        case CRIT_KIND_COUNT:
            break;
        }
    }
    ASSERT(minima == 4);
    ASSERT(discs == 4);
    ASSERT(saddles == 4);
    ASSERT(maxima == 1);
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
    /* Cached: the same view does not search again, nor a pan within the searched box (the
     * view grown by half on each side); a pan out of it or a zoom does. */
    ASSERT(cache.critical_searches == 1);
    im = draw(d, &cache);
    free(im.px);
    ASSERT(cache.critical_searches == 1);
    ViewBox vb = view_bounds(&v);
    View moved = v;
    moved.cx += 0.45 * (vb.xmax - vb.xmin);
    d.view = &moved;
    im = draw(d, &cache);
    free(im.px);
    ASSERT(cache.critical_searches == 1);
    moved.cx = v.cx + 0.55 * (vb.xmax - vb.xmin);
    im = draw(d, &cache);
    free(im.px);
    ASSERT(cache.critical_searches == 2);
    View zoomed = moved;
    zoomed.scale /= 2.5;
    d.view = &zoomed;
    im = draw(d, &cache);
    free(im.px);
    ASSERT(cache.critical_searches == 3);
    /* What the search found is what is drawn: after panning, the minima still sit under
     * their markers. */
    d.view = &moved;
    im = draw(d, &cache);
    int still = 0;
    for (int i = 0; i < ls->n_crit; i++) {
        double sx, sy;
        screen(&moved, ls->crit[i].x, ls->crit[i].y, &sx, &sy);
        if (ls->crit[i].kind == CRIT_MINIMUM && sx > 10 && sx < RW - 10 && sy > 10 &&
            sy < RH - 10)
            still += is_color(&im, sx, sy, white, COLOR_TOL) ? 1 : -100;
    }
    ASSERT(still >= 1);
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
}

/* Pixels of the pane inside box (target pixels) that changed from the background farther
 * than reach px from every critical point of ls. */
static long stray_in(const Image *im, const View *v, const Landscape *ls, UiRect box,
                     double reach)
{
    long n = 0;
    for (int y = (int)box.y; y < (int)(box.y + box.h); y++)
        for (int x = (int)box.x; x < (int)(box.x + box.w); x++) {
            if (color_diff(image_at(im, x, y), BG) == 0)
                continue;
            bool near = false;
            for (int i = 0; i < ls->n_crit && !near; i++) {
                double sx, sy;
                screen(v, ls->crit[i].x, ls->crit[i].y, &sx, &sy);
                near = hypot(RX + sx - x, RY + sy - y) < reach;
            }
            n += !near;
        }
    return n;
}

/* The critical points' labels keep off the legend's panel (d.avoid) and the axis strips:
 * there only the markers themselves change pixels. */
TEST(test_critical_labels_keep_off_legend_and_strips)
{
    const Landscape *ls = landscape_find("himmelblau");
    View v = pane_view(ls);
    static OverlayCache cache;
    memset(&cache, 0, sizeof cache);
    double sx, sy; /* the minimum (3, 2): its label wants to go below right of it */
    screen(&v, 3.0, 2.0, &sx, &sy);
    UiRect legend = {(float)(RX + sx) - 4.0f, (float)(RY + sy) + 10.0f, 90.0f, 40.0f};
    double bx, by; /* the minimum (-3.78, -3.28), near the bottom left corner */
    screen(&v, -3.779310, -3.283186, &bx, &by);
    UiRect strip = {RX, (float)(RY + by) + 10.0f, RW, (float)(RH - by) - 10.0f};
    OverlayDesc d = {.ls = ls, .view = &v, .flags = {.critical = true}};
    Image im = draw(d, &cache);
    /* Without them, labels are drawn there (the check below can fail) ... */
    ASSERT(stray_in(&im, &v, ls, legend, 12.0) > 50);
    ASSERT(stray_in(&im, &v, ls, strip, 12.0) > 50);
    free(im.px);
    d.avoid = legend;
    d.strip_bottom = strip.h;
    im = draw(d, &cache);
    /* ... with them, none. */
    ASSERT(stray_in(&im, &v, ls, legend, 12.0) == 0);
    ASSERT(stray_in(&im, &v, ls, strip, 12.0) == 0);
    free(im.px);
}

TEST(test_critical_rastrigin_crowd)
{
    /* Rastrigin's grid of critical points (about 21 per axis over its default view): more
     * than the searched box (the view grown by half) can hold, so the view is searched; all
     * its known points are found and marked. */
    const Landscape *ls = landscape_find("rastrigin");
    View v = pane_view(ls);
    static OverlayCache cache;
    memset(&cache, 0, sizeof cache);
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.critical = true}}, &cache);
    printf("  rastrigin: %d critical points\n", cache.n);
    ASSERT(cache.n > 400 && cache.n < OVERLAY_MAX_CRITICAL);
    Rgba white = overlay_color(OVERLAY_COLOR_CRITICAL);
    int found = 0, marked = 0;
    for (int i = 0; i < ls->n_crit; i++) {
        for (int k = 0; k < cache.n; k++)
            found += hypot(cache.points[k].x - ls->crit[i].x,
                           cache.points[k].y - ls->crit[i].y) < 1e-6;
        double sx, sy;
        screen(&v, ls->crit[i].x, ls->crit[i].y, &sx, &sy);
        marked += is_color(&im, sx, sy, white, COLOR_TOL);
    }
    ASSERT(found == ls->n_crit);
    ASSERT(marked == ls->n_crit);
    free(im.px);
}

TEST(test_critical_data_landscape)
{
    /* Data landscapes use their own list (a search would take seconds): tiny-net's saddle
     * and two minima, marked without any search. */
    const Landscape *ls = landscape_find("tiny-net");
    View v = pane_view(ls);
    static OverlayCache cache;
    memset(&cache, 0, sizeof cache);
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = {.critical = true}}, &cache);
    ASSERT(cache.critical_searches == 0);
    ASSERT(cache.n == ls->n_crit && ls->n_crit == 3);
    Rgba white = overlay_color(OVERLAY_COLOR_CRITICAL);
    int marked = 0;
    for (int i = 0; i < ls->n_crit; i++) {
        double sx, sy;
        screen(&v, ls->crit[i].x, ls->crit[i].y, &sx, &sy);
        marked += is_color(&im, sx, sy, white, COLOR_TOL);
    }
    ASSERT(marked == 3);
    free(im.px);
}

/* ---- Minibatch contours ------------------------------------------------------------- */

TEST(test_minibatch_follows_batch)
{
    const Landscape *ls = landscape_find("logistic");
    ASSERT(ls && ls->data);
    View v = pane_view(ls);
    static OverlayCache cache;
    memset(&cache, 0, sizeof cache);
    char err[256];
    RunDesc rd = run_desc_default(OPTIM_GD);
    rd.batch = 8;
    rd.seed = 7;
    Run run;
    ASSERT(run_init(&run, ls, &rd, ls->start[0], ls->start[1], err, sizeof err));
    OverlayDesc d = {.ls = ls, .view = &v, .flags = {.minibatch = true}, .batch_run = &run};
    /* No step yet: no batch, nothing drawn. */
    Image im = draw(d, &cache);
    ASSERT(inside_changed(&im) == 0);
    free(im.px);
    run_step(&run);
    im = draw(d, &cache);
    ASSERT(cache.batch_samplings == 1);
    /* The samples are the minibatch's loss at the grid's nodes. */
    const int *idx;
    int nb = run_last_batch(&run, &idx);
    ASSERT(nb == 8);
    ViewBox box = view_bounds(&v);
    const int nodes[3][2] = {{0, 0}, {37, 21}, {OVERLAY_BATCH_NX - 1, OVERLAY_BATCH_NY - 1}};
    for (int k = 0; k < 3; k++) {
        int i = nodes[k][0], j = nodes[k][1];
        double x = i == OVERLAY_BATCH_NX - 1
                       ? box.xmax
                       : box.xmin + (box.xmax - box.xmin) * i / (OVERLAY_BATCH_NX - 1);
        double y = j == OVERLAY_BATCH_NY - 1
                       ? box.ymax
                       : box.ymin + (box.ymax - box.ymin) * j / (OVERLAY_BATCH_NY - 1);
        ASSERT(cache.batch_values[j * OVERLAY_BATCH_NX + i] ==
               landscape_eval_batch(ls, idx, nb, x, y, NULL, NULL));
    }
    ASSERT(cache.n_batch_levels >= OVERLAY_BATCH_LEVELS / 2);
    long first = inside_changed(&im);
    printf("  minibatch contours: %ld pixels, %d levels\n", first, cache.n_batch_levels);
    ASSERT(first > 2000);
    ASSERT(outside_changed(&im) == 0);
    /* Faint: no pixel is more than the line color's alpha away from the background. */
    Rgba c = overlay_color(OVERLAY_COLOR_MINIBATCH);
    int limit = (int)ceil((255 - BG.r) * c.a / 255.0) + 2, worst = 0;
    for (int y = RY; y < RY + RH; y++)
        for (int x = RX; x < RX + RW; x++) {
            int dd = color_diff(image_at(&im, x, y), BG);
            worst = dd > worst ? dd : worst;
        }
    printf("  minibatch: worst %d, limit %d\n", worst, limit);
    ASSERT(worst <= limit);
    /* Drawn again: cached. Another step: another batch, other lines. */
    Image again = draw(d, &cache);
    ASSERT(cache.batch_samplings == 1);
    ASSERT(memcmp(again.px, im.px, (size_t)TW * TH * 4) == 0);
    free(again.px);
    run_step(&run);
    Image next = draw(d, &cache);
    ASSERT(cache.batch_samplings == 2);
    long differ = 0;
    for (size_t k = 0; k < (size_t)TW * TH * 4; k++)
        differ += next.px[k] != im.px[k];
    ASSERT(differ > 500);
    free(next.px);
    free(im.px);
    run_free(&run);
}

/* ---- Cloud ------------------------------------------------------------------------- */

/* The plot's base for sc in the rect (figure/plot.h's cloud is the plot's own), on a fresh
 * target cleared to BG, read back. */
static Image draw_plot(PlotScene sc)
{
    char err[256];
    Renderer *r = g_gl;
    UiRect rect = {RX, RY, RW, RH};
    Image im = {malloc((size_t)TW * TH * 4)};
    if (!r) {
        SoftCanvas *img = canvas_soft_image(g_canvas);
        soft_clear(img, (UiColor){BG.r, BG.g, BG.b, 255});
        canvas_begin(g_canvas, TW, TH, 0, 0, TW, TH);
        ASSERT(plot_draw_base(g_canvas, 0, &sc, rect, err, sizeof err));
        for (int y = 0; y < TH; y++)
            memcpy(im.px + (size_t)(TH - 1 - y) * TW * 4, img->rgba + (size_t)y * TW * 4,
                   (size_t)TW * 4);
        return im;
    }
    RenderTarget t = gl_target_cleared();
    canvas_begin(r->canvas, TW, TH, 0, 0, TW, TH);
    ASSERT(plot_draw_base(r->canvas, 0, &sc, rect, err, sizeof err));
    canvas_flush(r->canvas);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, TW, TH, GL_RGBA, GL_UNSIGNED_BYTE, im.px);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    render_target_free(&t);
    return im;
}

/* The pixel covering pane coordinates (sx, sy) mixes a's color (the plot without the cloud)
 * and c at alpha a within tol. */
static bool is_mix(const Image *with, const Image *without, double sx, double sy, Rgba c,
                   double a, int tol)
{
    int x = (int)floor(RX + sx), y = (int)floor(RY + sy);
    const unsigned char *p = image_at(without, x, y);
    Rgba want = {(unsigned char)lround(p[0] + a * (c.r - p[0])),
                 (unsigned char)lround(p[1] + a * (c.g - p[1])),
                 (unsigned char)lround(p[2] + a * (c.b - p[2])), 255};
    return color_diff(image_at(with, x, y), want) <= tol;
}

TEST(test_cloud_translucent_paths)
{
    const Landscape *ls = landscape_find("bowl");
    View v = pane_view(ls);
    /* Put the x axis through pixel centres. */
    v.cy = 0.5 * v.scale;
    char err[256];
    RunDesc rd = run_desc_default(OPTIM_GD);
    rd.opt.lr = 0.25; /* θ ← θ/2 on the bowl: a straight path along the axis */
    /* Run 0 (one point: no path of its own) with two copies, from either side. */
    Run runs[3];
    ASSERT(run_init(&runs[0], ls, &rd, 0.0, 1.5, err, sizeof err));
    ASSERT(run_init(&runs[1], ls, &rd, 1.6, 0.0, err, sizeof err));
    ASSERT(run_init(&runs[2], ls, &rd, -1.6, 0.0, err, sizeof err));
    for (int k = 0; k < 4; k++) {
        run_step(&runs[1]);
        run_step(&runs[2]);
    }
    unsigned char color = 2;
    PlotScene sc = {.ls = ls, .view = v, .runs = runs, .n_runs = 1, .colors = &color,
                    .plain = true, .cloud = runs + 1, .cloud_k = 2};
    PlotScene bare = sc;
    bare.cloud = NULL;
    Image im = draw_plot(sc), none = draw_plot(bare);
    double a = lroundf(PLOT_CLOUD_ALPHA * 255.0f) / 255.0;
    Rgba c = plot_run_rgba(2);
    for (int r = 1; r < 3; r++) {
        double ax, ay, bx, by, cx, cy;
        screen(&v, runs[r].pts[0].x, 0.0, &ax, &ay);
        screen(&v, runs[r].pts[1].x, 0.0, &bx, &by);
        screen(&v, runs[r].pts[2].x, 0.0, &cx, &cy);
        /* Mid-segment: the plot and the run's color mixed at the cloud's alpha. */
        ASSERT(is_mix(&im, &none, 0.5 * (ax + bx), ay, c, a, 2));
        ASSERT(is_mix(&im, &none, 0.5 * (bx + cx), ay, c, a, 2));
        /* At the joint the two ends do not double up into a bead. */
        ASSERT(is_mix(&im, &none, bx, ay, c, a, 10));
        /* Thin: 3 px off the path, the plot as without it. */
        ASSERT(is_mix(&im, &none, 0.5 * (ax + bx), ay + 3.0, c, 0.0, 0));
        /* Beyond the start, nothing. */
        ASSERT(is_mix(&im, &none, ax + (r == 1 ? 6.0 : -6.0), ay, c, 0.0, 0));
    }
    ASSERT(outside_changed(&im) == 0);
    free(im.px);
    /* A copy without an optimizer (an exact run has no cloud) is skipped; so are the copies
     * of a disabled run. */
    Run blank = runs[2];
    blank.opt = NULL;
    Run pair[2] = {runs[1], blank};
    sc.cloud = pair;
    im = draw_plot(sc);
    double bx0, by0;
    screen(&v, -1.2, 0.0, &bx0, &by0);
    ASSERT(is_mix(&im, &none, bx0, by0, c, 0.0, 0));
    free(im.px);
    bool off = false;
    sc.enabled = &off;
    sc.cloud = runs + 1;
    im = draw_plot(sc);
    screen(&v, 1.2, 0.0, &bx0, &by0);
    ASSERT(is_mix(&im, &none, bx0, by0, c, 0.0, 0));
    free(im.px);
    free(none.px);
    for (int r = 0; r < 3; r++)
        run_free(&runs[r]);
}

TEST(test_nothing_without_flags)
{
    const Landscape *ls = landscape_find("himmelblau");
    View v = pane_view(ls);
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .point = {1.0, 1.0}}, &cache);
    ASSERT(inside_changed(&im) == 0 && outside_changed(&im) == 0);
    free(im.px);
    /* The point's overlays need the point in the pane: just outside it, nothing (no labels
     * stranded at the edge); just inside, something. */
    ViewBox vb = view_bounds(&v);
    OverlayFlags all = {.directions = true, .taylor = true, .eigen = true};
    im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = all,
                            .point = {vb.xmax + 0.05, 0.5 * (vb.ymin + vb.ymax)}},
              &cache);
    ASSERT(inside_changed(&im) == 0 && outside_changed(&im) == 0);
    free(im.px);
    im = draw((OverlayDesc){.ls = ls, .view = &v, .flags = all,
                            .point = {vb.xmax - 0.05, 0.5 * (vb.ymin + vb.ymax)}},
              &cache);
    ASSERT(inside_changed(&im) > 1000 && outside_changed(&im) == 0);
    free(im.px);
}

/* ---- The chord of convexity ------------------------------------------------------- */

TEST(test_chord_segment_and_inset)
{
    /* On the bowl: the segment a–b on the plot; in the inset, f along it (a parabola) under
     * the chord, at the pixels overlay_chord_inset gives analysis_chord's samples. */
    const Landscape *ls = landscape_find("bowl");
    View v = pane_view(ls);
    const double chord[4] = {-1.5, 1.0, 1.5, -0.5};
    static OverlayCache cache;
    Image im = draw((OverlayDesc){.ls = ls, .view = &v, .chord = chord}, &cache);
    Rgba white = overlay_color(OVERLAY_COLOR_CHORD_GRAPH);
    Rgba amber = overlay_color(OVERLAY_COLOR_CHORD);
    Rgba red = overlay_color(OVERLAY_COLOR_CHORD_ABOVE);
    double ax, ay, bx, by;
    screen(&v, chord[0], chord[1], &ax, &ay);
    screen(&v, chord[2], chord[3], &bx, &by);
    for (double t = 0.2; t <= 0.41; t += 0.05)
        ASSERT(is_color(&im, ax + t * (bx - ax), ay + t * (by - ay), white, 40));
    ASSERT(is_color(&im, ax, ay, amber, 40) && is_color(&im, bx, by, amber, 40));
    enum { N = OVERLAY_CHORD_SAMPLES };
    double f[N], ch[N];
    ASSERT(analysis_chord(ls, chord, chord + 2, N, f, ch) <= 1e-15);
    OverlayDesc at = {.rect = {RX, RY, RW, RH}};
    const float seg[4] = {(float)(RX + ax), (float)(RY + ay), (float)(RX + bx), (float)(RY + by)};
    ChordInset in = overlay_chord_inset(g_canvas, &at, seg, f, ch, N);
    ASSERT(in.box.x + in.box.w <= RX + RW && in.box.y + in.box.h <= RY + RH);
    /* Clear of the segment. */
    for (float t = 0.0f; t <= 1.0f; t += 0.01f) {
        float x = seg[0] + t * (seg[2] - seg[0]), y = seg[1] + t * (seg[3] - seg[1]);
        ASSERT(!(x >= in.box.x && x <= in.box.x + in.box.w && y >= in.box.y &&
                 y <= in.box.y + in.box.h));
    }
    ASSERT(in.lo < f[N / 2] && in.hi > ch[0]);
    long on_graph = 0, on_chord = 0, reds = 0;
    for (int i = 4; i < N - 4; i += 4) {
        float x = in.data.x + in.data.w * (float)i / (N - 1);
        float yf = in.data.y + in.data.h - (float)((f[i] - in.lo) / (in.hi - in.lo)) * in.data.h;
        float yc = in.data.y + in.data.h - (float)((ch[i] - in.lo) / (in.hi - in.lo)) * in.data.h;
        bool g = false, c = false;
        for (int d = -2; d <= 2; d++) {
            g |= is_color(&im, x - RX, yf - RY + d, white, 60);
            c |= is_color(&im, x - RX, yc - RY + d, amber, 60);
        }
        on_graph += g;
        on_chord += c;
    }
    for (int y = (int)in.data.y; y < (int)(in.data.y + in.data.h); y++)
        for (int x = (int)in.data.x; x < (int)(in.data.x + in.data.w); x++)
            reds += color_diff(image_at(&im, x, y), red) <= 30;
    printf("  chord inset: %ld of 23 graph samples, %ld chord samples found, %ld red pixels\n",
           on_graph, on_chord, reds);
    ASSERT(on_graph >= 21 && on_chord >= 21 && reds == 0);
    ASSERT(outside_changed(&im) == 0);
    /* A segment through the bottom right and a legend at the bottom left: the inset goes
     * to the top right. */
    const float diag[4] = {RX + RW * 0.5f, RY + RH * 0.5f, RX + RW - 1.0f, RY + RH - 1.0f};
    OverlayDesc crowded = {.rect = {RX, RY, RW, RH}, .avoid = {RX + 5, RY + RH - 150, 200, 140}};
    ChordInset moved = overlay_chord_inset(g_canvas, &crowded, diag, f, ch, N);
    ASSERT(moved.box.x > RX + RW / 2 && moved.box.y < RY + RH / 2);
    free(im.px);
    /* Two wells between its wells: the graph rises above the chord, drawn red. */
    const Landscape *tw = landscape_find("two-wells");
    View v2 = pane_view(tw);
    const double c2[4] = {-1.5, -0.5, 1.5, 0.5};
    im = draw((OverlayDesc){.ls = tw, .view = &v2, .chord = c2}, &cache);
    ASSERT(analysis_chord(tw, c2, c2 + 2, N, f, ch) > 1.0);
    screen(&v2, c2[0], c2[1], &ax, &ay);
    screen(&v2, c2[2], c2[3], &bx, &by);
    const float seg2[4] = {(float)(RX + ax), (float)(RY + ay), (float)(RX + bx), (float)(RY + by)};
    in = overlay_chord_inset(g_canvas, &at, seg2, f, ch, N);
    float xm = in.data.x + 0.5f * in.data.w;
    float ym = in.data.y + in.data.h -
               (float)((f[N / 2] - in.lo) / (in.hi - in.lo)) * in.data.h;
    bool found = false;
    for (int d = -2; d <= 2; d++)
        found |= is_color(&im, xm - RX, ym - RY + d, red, 60);
    ASSERT(found);
    free(im.px);
}

/* Every test, on g_canvas. */
static void run_tests(void)
{
    RUN_TEST(test_gradient_field_bowl);
    RUN_TEST(test_directions_ravine);
    RUN_TEST(test_directions_bowl_coincide);
    RUN_TEST(test_taylor_bowl_circles);
    RUN_TEST(test_taylor_saddle_hyperbolas);
    RUN_TEST(test_eigen_ravine_lengths);
    RUN_TEST(test_eigen_saddle_signs);
    RUN_TEST(test_critical_himmelblau);
    RUN_TEST(test_critical_labels_keep_off_legend_and_strips);
    RUN_TEST(test_critical_rastrigin_crowd);
    RUN_TEST(test_critical_data_landscape);
    RUN_TEST(test_minibatch_follows_batch);
    RUN_TEST(test_cloud_translucent_paths);
    RUN_TEST(test_nothing_without_flags);
    RUN_TEST(test_chord_segment_and_inset);
}

int main(void)
{
    char err[1024] = "";
    Canvas *cpu = canvas_soft_open(TW, TH, 1.0f, 2, err, sizeof err);
    if (!cpu) {
        fprintf(stderr, "test_overlay: canvas_soft_open: %s\n", err);
        return 1;
    }
    printf("CPU canvas:\n");
    g_canvas = cpu;
    g_gl = NULL;
    run_tests();
    ASSERT(canvas_soft_error(cpu) == NULL);
    canvas_destroy(cpu);

    GlWindow gw = {0};
    if (!test_gl_open("test_overlay", &gw, err, sizeof err))
        return test_no_gl("test_overlay", err);
    static Renderer r;
    if (!render_init(&r, 1.0f, err, sizeof err)) {
        fprintf(stderr, "test_overlay: render_init: %s\n", err);
        return 1;
    }
    printf("GL canvas:\n");
    g_canvas = r.canvas;
    g_gl = &r;
    run_tests();
    render_free(&r);
    glwin_close(&gw);
    SDL_Quit();
    return TEST_MAIN("test_overlay");
}
