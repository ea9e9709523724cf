/* test_render_png.c - `losslens ... --png FILE` end to end: runs the built executable, reads
 * the PNG back with libpng, checks its size and that its pixels are the CPU reference field
 * (with --plain the field fills the image exactly; without, the axes frame it; a full-HD
 * figure of six 500-step runs everywhere away from its paths and panels; each pane of a
 * 1x2 scene its own landscape), and that a failure leaves no file behind.
 *
 * argv[1] is the losslens executable. The export draws on the CPU: no display needed.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <png.h>

#include "lecture/options.h"
#include "lecture/session.h"
#include "landscape/landscape.h"
#include "lecture/colormap.h"
#include "lecture/view.h"
#include "figure/figure.h"
#include "figure/pane.h"
#include "figure/surface3d.h"
#include "render/canvas_soft.h"
#include "test.h"
#include "run_program.h"
#include "ui/screen.h"

static const char *g_exe;
static char g_dir[256];

/* Runs losslens with args (NULL-terminated); returns its exit status, -1 if it did not exit. */
static int run_losslens(const char *const *args)
{
    return test_run_program(g_exe, args, NULL);
}

typedef struct {
    int w, h;
    unsigned char *rgb; /* top row first */
} Image;

static bool read_png(const char *path, Image *img)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&pi, path))
        return false;
    pi.format = PNG_FORMAT_RGB;
    img->w = (int)pi.width;
    img->h = (int)pi.height;
    img->rgb = malloc(PNG_IMAGE_SIZE(pi));
    if (!img->rgb || !png_image_finish_read(&pi, NULL, img->rgb, 0, NULL)) {
        png_image_free(&pi);
        free(img->rgb);
        return false;
    }
    return true;
}

/* CPU reference color at pixel (i, j) (j from the top) of ls in view v; false when the pixel
 * is within reach of a contour line (where GPU and CPU may differ). */
static bool reference_pixel_in(const Landscape *ls, View v, int i, int j, unsigned char out[3])
{
    ViewBox box = view_bounds(&v);
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.3f);
    double x = box.xmin + (i + 0.5) * v.scale, y = box.ymax - (j + 0.5) * v.scale;
    double g[2];
    double f = landscape_eval(ls, x, y, g, NULL);
    float fw = colormap_fwidth(&fs, f, g[0], g[1], v.scale);
    float rgb[3];
    colormap_shade(&fs, (float)f, fw, rgb);
    for (int c = 0; c < 3; c++)
        out[c] = (unsigned char)lroundf(rgb[c] * 255.0f);
    float t = (colormap_symlog((float)f, fs.c) - fs.s_lo) / (fs.s_hi - fs.s_lo);
    float u = t * fs.levels, k = floorf(u + 0.5f);
    float dpx = fabsf(u - k) / (fs.levels * fmaxf(fw, 1e-8f));
    return dpx > 0.5f * fs.line_px + 3.0f;
}

static int pixel_diff(const Image *img, int i, int j, const unsigned char want[3])
{
    const unsigned char *p = img->rgb + 3 * ((size_t)j * img->w + (size_t)i);
    int d = 0;
    for (int c = 0; c < 3; c++) {
        int e = abs((int)p[c] - (int)want[c]);
        d = e > d ? e : d;
    }
    return d;
}

/* reference_pixel_in for ls's default view fitted to w x h (no axes: --plain). */
static bool reference_pixel(const Landscape *ls, int w, int h, int i, int j,
                            unsigned char out[3])
{
    return reference_pixel_in(ls, view_fit(&ls->view, w, h), i, j, out);
}

/* Far from the markers: the critical points and the run's start (top-right corner). */
static bool clear_of_markers(const Landscape *ls, int w, int h, int i, int j, double sx0,
                             double sy0)
{
    View v = view_fit(&ls->view, w, h);
    for (int k = 0; k < ls->n_crit; k++) {
        double sx, sy;
        view_world_to_screen(&v, ls->crit[k].x, ls->crit[k].y, &sx, &sy);
        if (hypot(sx - i, sy - j) < 14.0)
            return false;
    }
    return hypot(sx0 - i, sy0 - j) > 60.0;
}

/* The session the export draws for args (parsed as losslens parses them), stepped as the
 * export steps it. */
static bool session_of(const char *const *args, int n, Session *s, Options *o)
{
    char *argv[48];
    argv[0] = (char *)"losslens";
    for (int k = 0; k < n && k < 46; k++)
        argv[k + 1] = (char *)args[k];
    char err[512];
    if (!options_parse(n + 1, argv, o, err, sizeof err)) {
        fprintf(stderr, "options: %s\n", err);
        return false;
    }
    long steps = o->steps > 0 ? o->steps : 200;
    if (!session_init(s, &o->scene, o->speed, steps, err, sizeof err))
        return false;
    session_seek(s, steps);
    return true;
}

/* The figure's layout of s on a w x h image at UI scale 1 (no panel, no timeline, as --png
 * lays it out), with every pane's view fitted to it. */
static FigureLayout figure_of(Session *s, int w, int h)
{
    char err[256];
    FigureLayout l = {0};
    Canvas *c = canvas_soft_open(w, h, 1.0f, 1, err, sizeof err);
    ASSERT(c != NULL);
    if (!c)
        return l;
    l = figure_layout(c, s, &(FigureLayoutDesc){.w = w, .h = h, .ui_scale = 1.0f});
    figure_fit_views(c, s, &l, NULL);
    canvas_destroy(c);
    return l;
}

/* Where that figure puts pane p's legend, in image pixels: over the plot (pane_legend) or in
 * the strip beside it. */
static UiRect legend_box_of(Session *s, int p, int w, int h)
{
    char err[256];
    FigureLayout l = figure_of(s, w, h);
    if (l.legend[p].w > 0.0f)
        return l.legend[p];
    Canvas *c = canvas_soft_open(w, h, 1.0f, 1, err, sizeof err);
    UiRect box = {0};
    if (c) {
        UiRect plot = l.screen.plot[p];
        PlotScene ps = figure_plot_scene(s, p);
        LegendPlace lp = pane_legend(c, &ps, plot, NULL);
        box = (UiRect){plot.x + lp.box.x, plot.y + lp.box.y, lp.box.w, lp.box.h};
        canvas_destroy(c);
    }
    return box;
}

/* The view a figure's pane of w x h pixels (at UI scale 1) fits its home window to: inside
 * the axis strips its decorations draw (figure_fit_views). */
static View figure_view(const ViewBox *home, int w, int h)
{
    char err[256];
    Canvas *c = canvas_soft_open(8, 8, 1.0f, 1, err, sizeof err);
    int left = 0, bottom = 0;
    ASSERT(c != NULL);
    if (c)
        pane_axis_strips(c, &left, &bottom);
    canvas_destroy(c);
    return view_fit_inset(home, w, h, left, bottom);
}

TEST(test_plain_png_is_the_field)
{
    const Landscape *ls = landscape_find("himmelblau");
    ASSERT(ls != NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/plain.png", g_dir);
    /* One tiny step from the top-right corner: the trajectory stays inside a small disc. */
    const char *args[] = {"--landscape", "himmelblau", "--opt", "gd:lr=0.00001", "--steps", "1",
                          "--start", "5.5,5.5", "--plain", "--size", "333x222", "--png", path,
                          NULL};
    ASSERT(run_losslens(args) == 0);
    Image img = {0};
    ASSERT(read_png(path, &img));
    ASSERT(img.w == 333 && img.h == 222);
    if (!img.rgb)
        return;
    View v = view_fit(&ls->view, 333, 222);
    double sx0, sy0;
    view_world_to_screen(&v, 5.5, 5.5, &sx0, &sy0);
    int checked = 0, bad = 0;
    for (int j = 1; j < img.h; j += 4) {
        for (int i = 1; i < img.w; i += 4) {
            unsigned char want[3];
            if (!reference_pixel(ls, 333, 222, i, j, want) ||
                !clear_of_markers(ls, 333, 222, i, j, sx0, sy0))
                continue;
            checked++;
            bad += pixel_diff(&img, i, j, want) > 3;
        }
    }
    printf("  plain: %d of %d sampled pixels differ from the CPU field\n", bad, checked);
    ASSERT(checked > 300);
    ASSERT(bad == 0);
    /* The field reaches every edge: no axes, legend or margins. */
    static const int corners[][2] = {{0, 0}, {332, 221}, {0, 221}, {166, 221}, {0, 111}};
    for (size_t c = 0; c < sizeof corners / sizeof corners[0]; c++) {
        unsigned char want[3];
        reference_pixel(ls, 333, 222, corners[c][0], corners[c][1], want);
        ASSERT(pixel_diff(&img, corners[c][0], corners[c][1], want) <= 6);
    }
    free(img.rgb);
    ASSERT(test_count_files(g_dir) == 1); /* no temporary file left */
    remove(path);
}

TEST(test_figure_png_has_axes_and_legend)
{
    const Landscape *ls = landscape_find("himmelblau");
    char path[512];
    snprintf(path, sizeof path, "%s/figure.png", g_dir);
    const char *args[] = {"--landscape", "himmelblau", "--steps", "50", "--size", "800x500",
                          "--png", path, NULL};
    ASSERT(run_losslens(args) == 0);
    Image img = {0};
    ASSERT(read_png(path, &img));
    ASSERT(img.w == 800 && img.h == 500);
    if (!img.rgb)
        return;
    /* The bottom-left corner is the axis strip: darker than the field it covers. */
    unsigned char field[3];
    reference_pixel(ls, 800, 500, 2, 497, field);
    const unsigned char *p = img.rgb + 3 * ((size_t)497 * 800 + 2);
    ASSERT(p[0] + p[1] + p[2] < field[0] + field[1] + field[2] - 60);
    /* The legend panel is darker than the field it lies on. */
    static Session s;
    Options o;
    ASSERT(session_of(args, 6, &s, &o));
    UiRect lb = legend_box_of(&s, 0, 800, 500);
    int lx = (int)(lb.x + 0.5f * lb.w), ly = (int)(lb.y + 6.0f);
    ASSERT(lb.w > 50.0f && lb.h > 30.0f);
    reference_pixel_in(ls, s.panes[0].view, lx, ly, field);
    p = img.rgb + 3 * ((size_t)ly * 800 + (size_t)lx);
    ASSERT(p[0] + p[1] + p[2] < field[0] + field[1] + field[2] - 30);
    session_free(&s);
    free(img.rgb);
    remove(path);
}

/* Pixel distance from (px, py) to the segment a-b. */
static double seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0.0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0.0;
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    return hypot(ax + t * dx - px, ay + t * dy - py);
}

/* Whether pixel (i, j) of pane p (view v, the pane's own pixels) is clear of everything
 * drawn over the field: the runs' paths (recomputed in this process exactly as the export
 * steps them), their start and current markers with the step arrows, and the landscape's
 * critical points. */
static bool clear_of_drawing(const Session *s, int p, const View *v, int i, int j)
{
    const Pane *pane = &s->panes[p];
    double px = i + 0.5, py = j + 0.5;
    for (int k = 0; k < pane->desc.ls->n_crit; k++) {
        double sx, sy;
        view_world_to_screen(v, pane->desc.ls->crit[k].x, pane->desc.ls->crit[k].y, &sx, &sy);
        if (hypot(sx - px, sy - py) < 16.0)
            return false;
    }
    for (int r = 0; r < pane->desc.n_runs; r++) {
        const Run *run = &pane->runs[r];
        double ax, ay, bx, by;
        view_world_to_screen(v, run->pts[0].x, run->pts[0].y, &ax, &ay);
        if (hypot(ax - px, ay - py) < 16.0)
            return false;
        for (long k = 0; k + 1 < run->n; k++) {
            view_world_to_screen(v, run->pts[k + 1].x, run->pts[k + 1].y, &bx, &by);
            if (seg_dist(px, py, ax, ay, bx, by) < 10.0)
                return false;
            ax = bx;
            ay = by;
        }
        if (hypot(ax - px, ay - py) < 90.0) /* the current point's marker and arrow */
            return false;
    }
    return true;
}

TEST(test_full_hd_figure_of_six_runs)
{
    enum { FW = 1920, FH = 1080 };
    char path[512];
    snprintf(path, sizeof path, "%s/six.png", g_dir);
    const char *args[] = {"--landscape", "rosenbrock", "--steps", "500",
                          "--opt", "gd:lr=0.001", "--opt", "momentum:lr=0.0005",
                          "--opt", "nesterov:lr=0.0005", "--opt", "adagrad:lr=0.5",
                          "--opt", "rmsprop:lr=0.01", "--opt", "adam:lr=0.05",
                          "--size", "1920x1080", "--png", path, NULL};
    int n_args = (int)(sizeof args / sizeof args[0]) - 1;
    ASSERT(run_losslens(args) == 0);
    Image img = {0};
    ASSERT(read_png(path, &img));
    ASSERT(img.w == FW && img.h == FH);
    static Session s;
    Options o;
    ASSERT(session_of(args, n_args, &s, &o));
    if (!img.rgb || s.n_panes != 1) {
        free(img.rgb);
        return;
    }
    const Landscape *ls = s.panes[0].desc.ls;
    View v = figure_view(&s.panes[0].home, FW, FH);
    ASSERT(s.panes[0].desc.n_runs == 6 && s.panes[0].runs[5].n == 501);
    int checked = 0, bad = 0;
    for (int j = 3; j < FH; j += 13) {
        for (int i = 3; i < FW; i += 13) {
            /* Not under the legend (top left), nor the axis strips. */
            if ((i < 760 && j < 480) || i < 70 || j > FH - 40)
                continue;
            unsigned char want[3];
            if (!reference_pixel_in(ls, v, i, j, want) ||
                !clear_of_drawing(&s, 0, &v, i, j))
                continue;
            checked++;
            bad += pixel_diff(&img, i, j, want) > 0;
        }
    }
    printf("  six runs: %d of %d sampled field pixels differ from colormap_shade\n", bad,
           checked);
    ASSERT(checked > 4000);
    ASSERT(bad == 0);
    session_free(&s);
    free(img.rgb);
    remove(path);
}

TEST(test_two_pane_scene_exports_both_panes)
{
    char scene[512], path[512];
    snprintf(scene, sizeof scene, "%s/two.ini", g_dir);
    snprintf(path, sizeof path, "%s/two.png", g_dir);
    FILE *f = fopen(scene, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fputs("[scene]\nlayout = 1x2\nsteps = 20\n\n"
          "[pane]\nlandscape = himmelblau\n[run]\nopt = gd\nlr = 0.01\n\n"
          "[pane]\nlandscape = six-hump-camel\n[run]\nopt = momentum\nlr = 0.01\n",
          f);
    fclose(f);
    const char *args[] = {"--scene", scene, "--size", "900x400", "--png", path, NULL};
    ASSERT(run_losslens(args) == 0);
    Image img = {0};
    ASSERT(read_png(path, &img));
    ASSERT(img.w == 900 && img.h == 400);
    static Session s;
    Options o;
    ASSERT(session_of(args, 2, &s, &o));
    ASSERT(s.n_panes == 2);
    if (!img.rgb || s.n_panes != 2) {
        free(img.rgb);
        return;
    }
    /* The layout the window and the export share: side by side, a gap between. */
    FigureLayout fl = figure_of(&s, 900, 400);
    Screen scr = fl.screen;
    ASSERT(scr.plot[0].y == scr.plot[1].y && scr.plot[0].x + scr.plot[0].w < scr.plot[1].x);
    for (int p = 0; p < 2; p++) {
        UiRect pr = scr.plot[p];
        int pw = (int)pr.w, ph = (int)pr.h;
        const Landscape *ls = s.panes[p].desc.ls;
        View v = s.panes[p].view; /* as figure_fit_views fitted it, inside the axis strips */
        ASSERT(v.w == pw && v.h == ph);
        UiRect lb = legend_box_of(&s, p, 900, 400);
        int checked = 0, bad = 0, other = 0;
        for (int j = 2; j < ph; j += 5) {
            for (int i = 2; i < pw; i += 5) {
                if (ui_rect_contains(lb, pr.x + (float)i, pr.y + (float)j) || i < 80 ||
                    j > ph - 36)
                    continue; /* the legend and the axes */
                unsigned char want[3], want_other[3];
                if (!reference_pixel_in(ls, v, i, j, want) ||
                    !clear_of_drawing(&s, p, &v, i, j))
                    continue;
                checked++;
                int x = (int)pr.x + i, y = (int)pr.y + j;
                bad += pixel_diff(&img, x, y, want) > 0;
                /* ... and it is this pane's landscape, not the other's. */
                const Landscape *lo = s.panes[1 - p].desc.ls;
                reference_pixel_in(lo, v, i, j, want_other);
                other += pixel_diff(&img, x, y, want_other) > 12;
            }
        }
        printf("  pane %d (%s): %d of %d sampled field pixels differ, %d unlike the other "
               "landscape\n", p, ls->id, bad, checked, other);
        ASSERT(checked > 400);
        ASSERT(bad == 0);
        ASSERT(other > checked / 2);
    }
    /* The gap between the panes is the background. */
    const unsigned char *g = img.rgb + 3 * ((size_t)200 * 900 + (size_t)(scr.plot[0].w + 1));
    ASSERT(g[0] == 18 && g[1] == 20 && g[2] == 28);
    session_free(&s);
    free(img.rgb);
    remove(path);
    remove(scene);
}

/* `--png --3d`: where the surface shows, its pixels are the CPU evaluation of the surface
 * there: the ray through the pixel meets the surface at (x, y), and surface_shade of its t
 * and exact normal is the pixel's color (away from contour lines, silhouettes and markers). */
TEST(test_png_3d_is_the_surface)
{
    char path[512];
    snprintf(path, sizeof path, "%s/surface.png", g_dir);
    const char *args[] = {"--landscape", "saddle", "--opt", "gd:lr=0.01", "--steps", "1",
                          "--3d", "--plain", "--size", "480x300", "--png", path, NULL};
    ASSERT(run_losslens(args) == 0);
    Image img = {0};
    ASSERT(read_png(path, &img));
    ASSERT(img.w == 480 && img.h == 300);
    static Session s;
    Options o;
    ASSERT(session_of(args, 12, &s, &o));
    if (!img.rgb || s.n_panes != 1) {
        free(img.rgb);
        return;
    }
    const Landscape *ls = s.panes[0].desc.ls;
    PlotScene ps = figure_plot_scene(&s, 0);
    FieldScale fs = surface3d_scale(&ps, 1.0f);
    SurfaceMap m = ps.map;
    Camera3D cam = ps.camera;
    mat4 mvp;
    camera3d_matrix(&cam, 480, 300, mvp);
    vec3 eye;
    camera3d_eye(&cam, eye);
    /* Markers: the start ball and the critical points, in pixels. */
    double mk[8][2];
    int nm = 0;
    ps.view.w = 480;
    ps.view.h = 300;
    Surface3dView v3;
    surface3d_view(&ps, &v3);
    const TrajPoint *p0 = &s.panes[0].runs[0].pts[0];
    if (surface3d_point(&v3, p0->x, p0->y, p0->loss, &mk[nm][0], &mk[nm][1]))
        nm++;
    for (int k = 0; k < ls->n_crit && nm < 8; k++)
        if (surface3d_point(&v3, ls->crit[k].x, ls->crit[k].y,
                            landscape_eval(ls, ls->crit[k].x, ls->crit[k].y, NULL, NULL),
                            &mk[nm][0], &mk[nm][1]))
            nm++;
    int checked = 0, bad = 0;
    double n = fs.levels;
    for (int j = 4; j < img.h - 4; j += 3) {
        for (int i = 4; i < img.w - 4; i += 3) {
            double x, y, xa, ya, xb, yb;
            if (!surface_pick(&m, ls, &cam, 480, 300, i + 0.5, j + 0.5, &x, &y) ||
                !surface_pick(&m, ls, &cam, 480, 300, i + 1.5, j + 0.5, &xa, &ya) ||
                !surface_pick(&m, ls, &cam, 480, 300, i + 0.5, j + 1.5, &xb, &yb) ||
                !surface_pick(&m, ls, &cam, 480, 300, i - 0.5, j - 0.5, &xb, &yb))
                continue; /* off the surface or on its silhouette */
            bool near_marker = false;
            for (int k = 0; k < nm; k++)
                near_marker |= hypot(mk[k][0] - (i + 0.5), mk[k][1] - (j + 0.5)) < 16.0;
            double g[2];
            double f = landscape_eval(ls, x, y, g, NULL);
            double t = surface_t(&m, f);
            double ta = surface_t(&m, landscape_eval(ls, xa, ya, NULL, NULL));
            double tb = surface_t(&m, landscape_eval(ls, xb, yb, NULL, NULL));
            double fw = fabs(ta - t) + fabs(tb - t);
            double u = t * n;
            /* away from contour lines (0.3 bands) and where a pixel spans little of t */
            if (near_marker || t < 0.0 || t > 1.0 || fabs(u - floor(u + 0.5)) < 0.3 ||
                fw > 0.004)
                continue;
            float nrm[3], b[3], view[3];
            surface_normal(&m, f, g[0], g[1], nrm);
            surface_to_box(&m, x, y, f, b);
            float vl = 0.0f;
            for (int k = 0; k < 3; k++) {
                view[k] = eye[k] - b[k];
                vl += view[k] * view[k];
            }
            for (int k = 0; k < 3; k++)
                view[k] /= sqrtf(vl);
            float rgb[3];
            surface_shade(&fs, (float)t, (float)fw, nrm, view, false, rgb);
            unsigned char want[3];
            for (int k = 0; k < 3; k++)
                want[k] = (unsigned char)lroundf(rgb[k] * 255.0f);
            checked++;
            bad += pixel_diff(&img, i, j, want) > 8;
        }
    }
    printf("  3d: %d of %d sampled surface pixels differ from the CPU evaluation\n", bad,
           checked);
    ASSERT(checked > 150);
    ASSERT(bad <= checked / 50);
    /* A corner above the box is the background. */
    unsigned char bg[3] = {SURFACE3D_BG.r, SURFACE3D_BG.g, SURFACE3D_BG.b};
    ASSERT(pixel_diff(&img, 2, 2, bg) == 0);
    free(img.rgb);
    session_free(&s);
    remove(path);
}

/* Writes a one-pane 3D scene of the saddle with these overlays (no legend, no title: the
 * plot is the whole image) into g_dir/name. */
static bool write_3d_scene(const char *path, const char *overlays)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "[scene]\nlandscape = saddle\nlegend = off\noverlays = %s\nsteps = 1\n"
               "[pane]\nmode = 3d\n[run]\nopt = gd\nlr = 0.01\n", overlays);
    return fclose(f) == 0;
}

/* `--png --3d` with the gradient field: at the surface point over each arrow's centre (not
 * hidden by a hill) the image has the arrow's magnitude color; with the critical overlay the
 * saddle's label pill shows beside its marker (the same image without it differs there). */
TEST(test_png_3d_overlays)
{
    char path[512], bare_path[512], scene[512], bare_scene[512], crit_scene[512];
    snprintf(path, sizeof path, "%s/ov3d.png", g_dir);
    snprintf(bare_path, sizeof bare_path, "%s/bare3d.png", g_dir);
    snprintf(scene, sizeof scene, "%s/ov3d.ini", g_dir);
    snprintf(bare_scene, sizeof bare_scene, "%s/bare3d.ini", g_dir);
    snprintf(crit_scene, sizeof crit_scene, "%s/crit3d.ini", g_dir);
    ASSERT(write_3d_scene(scene, "gradient-field"));
    ASSERT(write_3d_scene(bare_scene, "none"));
    ASSERT(write_3d_scene(crit_scene, "critical"));
    const char *args[] = {"--scene", scene, "--size", "640x400", "--png", path, NULL};
    const char *bare_args[] = {"--scene", bare_scene, "--size", "640x400", "--png", bare_path,
                               NULL};
    ASSERT(run_losslens(args) == 0);
    ASSERT(run_losslens(bare_args) == 0);
    Image img = {0}, bare = {0};
    ASSERT(read_png(path, &img) && read_png(bare_path, &bare));
    static Session s;
    Options o;
    ASSERT(session_of(args, 6, &s, &o));
    if (!img.rgb || !bare.rgb || s.n_panes != 1 || !s.panes[0].desc.surface) {
        free(img.rgb);
        free(bare.rgb);
        return;
    }
    const Landscape *ls = s.panes[0].desc.ls;
    PlotScene ps = figure_plot_scene(&s, 0);
    ps.view.w = 640;
    ps.view.h = 400;
    Surface3dView v;
    surface3d_view(&ps, &v);
    const SurfaceMap *m = &ps.map;
    int nx, ny;
    surface3d_field_grid(&v, 1.0f, &nx, &ny);
    enum { MAXC = 18 * 18 };
    double cx[MAXC], cy[MAXC], mag[MAXC], gmin = INFINITY, gmax = 0.0;
    int nc = 0;
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx && nc < MAXC; i++) {
            double x = m->cx + m->half * m->xr * (2.0 * (i + 0.5) / nx - 1.0);
            double y = m->cy + m->half * m->yr * (2.0 * (j + 0.5) / ny - 1.0), g[2];
            double f = landscape_eval(ls, x, y, g, NULL);
            float b[3];
            surface_to_box(m, x, y, f, b);
            b[2] += (float)SURFACE_LIFT;
            if (surface_occluded(m, ls, &ps.camera, b))
                continue;
            cx[nc] = x;
            cy[nc] = y;
            mag[nc] = hypot(g[0], g[1]);
            if (mag[nc] > 0.0) {
                gmin = fmin(gmin, mag[nc]);
                gmax = fmax(gmax, mag[nc]);
            }
            nc++;
        }
    }
    int checked = 0, good = 0;
    for (int k = 0; k < nc; k++) {
        double sx, sy;
        double f = landscape_eval(ls, cx[k], cy[k], NULL, NULL);
        if (mag[k] == 0.0 || !surface3d_point(&v, cx[k], cy[k], f, &sx, &sy) || sx < 2 ||
            sy < 2 || sx > 637 || sy > 397)
            continue;
        double t = gmax > gmin ? log(mag[k] / gmin) / log(gmax / gmin) : 1.0;
        Rgba c = overlay_magnitude_color(t);
        unsigned char want[3] = {c.r, c.g, c.b};
        int i = (int)floor(sx), j = (int)floor(sy);
        checked++;
        /* the shaft is 2.5 px wide with a dark halo: its core within a pixel of the point */
        int best = 255;
        for (int dj = -1; dj <= 1; dj++)
            for (int di = -1; di <= 1; di++) {
                int d = pixel_diff(&img, i + di, j + dj, want);
                best = d < best ? d : best;
            }
        good += best <= 40;
    }
    printf("  3d gradient field: %d of %d arrow centres in the arrow's color\n", good, checked);
    ASSERT(checked >= 20);
    ASSERT(good >= checked * 8 / 10);
    /* The saddle's label: up and right of its marker, where the bare image differs. */
    const char *crit_args[] = {"--scene", crit_scene, "--size", "640x400", "--png", path, NULL};
    ASSERT(run_losslens(crit_args) == 0);
    free(img.rgb);
    img = (Image){0};
    ASSERT(read_png(path, &img));
    double sx, sy;
    ASSERT(surface3d_point(&v, 0.0, 0.0, landscape_eval(ls, 0.0, 0.0, NULL, NULL), &sx, &sy));
    int changed = 0;
    for (int j = (int)sy - 40; j < (int)sy; j++)
        for (int i = (int)sx + 6; i < (int)sx + 90; i++)
            if (img.rgb && i >= 0 && j >= 0 && i < 640 && j < 400) {
                const unsigned char *p = bare.rgb + 3 * ((size_t)j * 640 + (size_t)i);
                changed += pixel_diff(&img, i, j, p) > 40;
            }
    printf("  3d critical: %d pixels of the saddle's label\n", changed);
    ASSERT(changed > 200);
    free(img.rgb);
    free(bare.rgb);
    session_free(&s);
    remove(path);
    remove(bare_path);
    remove(scene);
    remove(bare_scene);
    remove(crit_scene);
}

/* Where the model's line through a point of the saddle (x^2 - y^2, its own Taylor model)
 * must lie: surface points of {x^2 - y^2 = f(p)} near p. Fills px (pixels) of those at
 * least r0 pixels from p's and within rw world units of p, not hidden by a hill; returns
 * how many. */
static int saddle_level_pixels(const PlotScene *ps, Surface3dView *v, double x0, double y0,
                               double r0, double rw, double (*px)[2], int max)
{
    double c = x0 * x0 - y0 * y0, sx0, sy0;
    int n = 0;
    if (!surface3d_point(v, x0, y0, c, &sx0, &sy0))
        return 0;
    for (int k = -200; k <= 200 && n < max; k++) {
        double y = y0 + 0.005 * k, xx = c + y * y;
        if (xx < 0.0)
            continue;
        double x = x0 >= 0.0 ? sqrt(xx) : -sqrt(xx), sx, sy;
        float b[3];
        surface_to_box(&ps->map, x, y, c, b);
        b[2] += (float)SURFACE_LIFT;
        if (!surface3d_point(v, x, y, c, &sx, &sy) ||
            surface_occluded(&ps->map, ps->ls, &ps->camera, b))
            continue;
        if (hypot(sx - sx0, sy - sy0) < r0 || hypot(x - x0, y - y0) > rw)
            continue;
        px[n][0] = sx;
        px[n][1] = sy;
        n++;
    }
    return n;
}

/* The smallest pixel_diff to want within a pixel of (sx, sy). */
static int near_diff(const Image *img, double sx, double sy, const unsigned char want[3])
{
    int i = (int)floor(sx), j = (int)floor(sy), best = 255;
    for (int dj = -1; dj <= 1; dj++)
        for (int di = -1; di <= 1; di++)
            if (i + di >= 0 && j + dj >= 0 && i + di < img->w && j + dj < img->h) {
                int d = pixel_diff(img, i + di, j + dj, want);
                best = d < best ? d : best;
            }
    return best;
}

/* Renders `--png` at 640x400 of a scene on landscape `land` with `overlays` and of the same
 * scene without overlays (`body`: the rest of [scene], then its panes and runs), into *img
 * and *bare; the scene's argv (6 entries) in args for session_of. false when any step
 * fails. */
static bool png_with_and_without(const char *tag, const char *land, const char *overlays,
                                 const char *body, Image *img, Image *bare,
                                 const char *args[7])
{
    static char path[512], bare_path[512], scene[512], bare_scene[512];
    snprintf(path, sizeof path, "%s/%s.png", g_dir, tag);
    snprintf(bare_path, sizeof bare_path, "%s/%s-bare.png", g_dir, tag);
    snprintf(scene, sizeof scene, "%s/%s.ini", g_dir, tag);
    snprintf(bare_scene, sizeof bare_scene, "%s/%s-bare.ini", g_dir, tag);
    FILE *f = fopen(scene, "w"), *g = fopen(bare_scene, "w");
    if (f)
        fprintf(f, "[scene]\nlandscape = %s\nlegend = off\noverlays = %s\n%s", land, overlays,
                body);
    if (g)
        fprintf(g, "[scene]\nlandscape = %s\nlegend = off\noverlays = none\n%s", land, body);
    bool ok = f && g;
    ok = (f ? fclose(f) == 0 : false) && ok;
    ok = (g ? fclose(g) == 0 : false) && ok;
    const char *a[] = {"--scene", scene, "--size", "640x400", "--png", path, NULL};
    const char *b[] = {"--scene", bare_scene, "--size", "640x400", "--png", bare_path, NULL};
    memcpy(args, a, sizeof a);
    return ok && run_losslens(a) == 0 && run_losslens(b) == 0 && read_png(path, img) &&
           read_png(bare_path, bare);
}

/* Removes what png_with_and_without(tag, ...) wrote. */
static void remove_with_and_without(const char *tag)
{
    static const char *const ends[4] = {".png", "-bare.png", ".ini", "-bare.ini"};
    for (int i = 0; i < 4; i++) {
        char name[512];
        snprintf(name, sizeof name, "%s/%s%s", g_dir, tag, ends[i]);
        remove(name);
    }
}

/* `--png --3d` with the Taylor model, the eigenvectors and the line-search trials, on the
 * saddle (which is its own Taylor model, so the model's lines lie on the surface): the
 * model's line through the current point shows in the Taylor color on the surface's level
 * line through it; each eigenvector's arrow, lying on the surface, in its eigenvalue's color
 * 30 px from the point along it (the saddle's two eigenvalues are equal in size: both arms
 * OVERLAY_EIGEN_PX long); the trials of a line-search run: a ring at the accepted one. */
TEST(test_png_3d_taylor_eigen_trials)
{
    static const char *const overlays[3] = {"taylor", "eigen", "trials"};
    static Session s;
    Options o;
    int checked[3] = {0}, good[3] = {0};
    for (int ov = 0; ov < 3; ov++) {
        /* The trials: L-BFGS's first step on Rosenbrock overshoots across the valley. */
        const char *body = ov < 2 ? "steps = 1\nstart = 0.8, -0.6\n[pane]\nmode = 3d\n[run]\n"
                                    "opt = gd\nlr = 0.01\n"
                                  : "steps = 1\n[pane]\nmode = 3d\n[run]\nopt = lbfgs\n";
        const char *land = ov < 2 ? "saddle" : "rosenbrock";
        const char *args[7];
        Image img = {0}, bare = {0};
        ASSERT(png_with_and_without("te3d", land, overlays[ov], body, &img, &bare, args));
        ASSERT(session_of(args, 6, &s, &o));
        if (!img.rgb || !bare.rgb || s.n_panes != 1) {
            free(img.rgb);
            free(bare.rgb);
            return;
        }
        PlotScene ps = figure_plot_scene(&s, 0);
        ps.view.w = 640;
        ps.view.h = 400;
        Surface3dView v;
        surface3d_view(&ps, &v);
        const TrajPoint *p = run_last(&s.panes[0].runs[0]);
        double x0 = p->x, y0 = p->y;
        if (ov == 0) {
            Rgba c = overlay_color(OVERLAY_COLOR_TAYLOR);
            unsigned char want[3] = {c.r, c.g, c.b};
            double px[400][2];
            /* The patch's world radius: OVERLAY_TAYLOR_PX (at most 0.45 of the pane's height)
             * where the plane looks longest at p, at most a quarter of the box. */
            double e = 1e-3 * ps.map.half, sx0, sy0, sx1, sy1, sx2, sy2;
            ASSERT(surface3d_point(&v, x0, y0, x0 * x0 - y0 * y0, &sx0, &sy0) &&
                   surface3d_point(&v, x0 + e, y0, (x0 + e) * (x0 + e) - y0 * y0, &sx1, &sy1) &&
                   surface3d_point(&v, x0, y0 + e, x0 * x0 - (y0 + e) * (y0 + e), &sx2, &sy2));
            double ppu = fmax(hypot(sx1 - sx0, sy1 - sy0), hypot(sx2 - sx0, sy2 - sy0)) / e;
            double rw = fmin(fmin(OVERLAY_TAYLOR_PX, 0.45 * 400) / ppu, 0.5 * ps.map.half);
            /* off the ball, inside the patch's unfaded part (0.75 rw) */
            int n = saddle_level_pixels(&ps, &v, x0, y0, 14.0, 0.7 * rw, px, 400);
            for (int k = 0; k < n; k++) {
                checked[0]++;
                good[0] += near_diff(&img, px[k][0], px[k][1], want) <= 40 &&
                           near_diff(&bare, px[k][0], px[k][1], want) > 60;
            }
        } else if (ov == 2) {
            /* each rejected trial: the magenta ring around it (at least 6 of the 9 x 9 pixels
             * around its point), where the bare image has none */
            const Run *run = &s.panes[0].runs[0];
            Rgba c = overlay_color(OVERLAY_COLOR_NEWTON);
            unsigned char want[3] = {c.r, c.g, c.b};
            for (int k = 0; k < run->n_trials; k++) {
                double x = run->trials[k][0], y = run->trials[k][1], sx, sy;
                double fv = landscape_eval(ps.ls, x, y, NULL, NULL);
                float b[3];
                surface_to_box(&ps.map, x, y, fv, b);
                b[2] += (float)SURFACE_LIFT;
                /* (the accepted one and one where the step began lie under the balls) */
                if (overlay_trial_accepted(run, k) || (x == run->prev.x && y == run->prev.y) ||
                    fabs(x - ps.map.cx) > ps.map.xr * ps.map.half ||
                    fabs(y - ps.map.cy) > ps.map.yr * ps.map.half ||
                    !surface3d_point(&v, x, y, fv, &sx, &sy) ||
                    surface_occluded(&ps.map, ps.ls, &ps.camera, b))
                    continue;
                int ring = 0, was = 0;
                for (int dj = -4; dj <= 4; dj++)
                    for (int di = -4; di <= 4; di++) {
                        int i = (int)sx + di, j = (int)sy + dj;
                        if (i >= 0 && j >= 0 && i < 640 && j < 400) {
                            ring += pixel_diff(&img, i, j, want) <= 40;
                            was += pixel_diff(&bare, i, j, want) <= 40;
                        }
                    }
                checked[2]++;
                good[2] += ring >= 6 && was == 0;
            }
        } else {
            double sx0, sy0, sx1, sy1;
            ASSERT(surface3d_point(&v, x0, y0, p->loss, &sx0, &sy0));
            for (int k = 0; k < 2; k++) {
                /* the saddle's Hessian diag(2, -2): eigenvectors along the axes */
                double ux = k == 0 ? 0.0 : 1.0, uy = k == 0 ? 1.0 : 0.0;
                Rgba c = overlay_color(k == 0 ? OVERLAY_COLOR_EIGEN_NEG : OVERLAY_COLOR_EIGEN_POS);
                unsigned char want[3] = {c.r, c.g, c.b};
                double e = 1e-3, x1 = x0 + e * ux, y1 = y0 + e * uy;
                ASSERT(surface3d_point(&v, x1, y1, x1 * x1 - y1 * y1, &sx1, &sy1));
                double ppu = hypot(sx1 - sx0, sy1 - sy0) / e;
                for (int sign = -1; sign <= 1; sign += 2) {
                    double d = sign * 30.0 / ppu, x = x0 + d * ux, y = y0 + d * uy, sx, sy;
                    ASSERT(surface3d_point(&v, x, y, x * x - y * y, &sx, &sy));
                    checked[1]++;
                    good[1] += near_diff(&img, sx, sy, want) <= 40;
                }
            }
        }
        free(img.rgb);
        free(bare.rgb);
        session_free(&s);
    }
    printf("  3d taylor: %d of %d points of the model's line in its color; eigen: %d of %d "
           "arm points; trials: %d of %d rejected trials ringed\n", good[0], checked[0],
           good[1], checked[1], good[2], checked[2]);
    ASSERT(checked[0] >= 30 && good[0] >= checked[0] * 8 / 10);
    ASSERT(checked[1] == 4 && good[1] == 4);
    ASSERT(checked[2] >= 1 && good[2] == checked[2]);
    remove_with_and_without("te3d");
}

/* The minibatch overlay in 3D: where its lines (overlay_minibatch_lines over the box, each
 * at its level's height) pass, the image is brighter than without. */
typedef struct {
    const PlotScene *ps;
    Surface3dView *v;
    const Image *img, *bare;
    int checked, good;
} BatchCheck;

static void batch_check_line(void *ctx, const ContourSegment *seg, int n, double level)
{
    BatchCheck *bc = ctx;
    double t = surface_t(&bc->ps->map, level);
    for (int k = 0; k < n && t >= 0.0 && t <= 1.0; k += 3) {
        double x = 0.5 * (seg[k].x0 + seg[k].x1), y = 0.5 * (seg[k].y0 + seg[k].y1), sx, sy;
        if (!surface3d_point(bc->v, x, y, level, &sx, &sy) || sx < 2 || sy < 2 ||
            sx > bc->img->w - 3 || sy > bc->img->h - 3)
            continue;
        int best = -255;
        for (int dj = -1; dj <= 1; dj++)
            for (int di = -1; di <= 1; di++) {
                size_t o = 3 * ((size_t)((int)sy + dj) * (size_t)bc->img->w + (size_t)((int)sx + di));
                int d = 0;
                for (int c = 0; c < 3; c++)
                    d += (int)bc->img->rgb[o + c] - (int)bc->bare->rgb[o + c];
                best = d > best ? d : best;
            }
        bc->checked++;
        bc->good += best >= 60;
    }
}

TEST(test_png_3d_minibatch)
{
    const char *body = "start = -1.5, -2.5\nsteps = 20\n[pane]\nmode = 3d\n[run]\nopt = gd\n"
                       "lr = 1\nbatch = 16\n";
    const char *args[7];
    Image img = {0}, bare = {0};
    ASSERT(png_with_and_without("mb3d", "logistic", "minibatch", body, &img, &bare, args));
    static Session s;
    static OverlayCache cache;
    Options o;
    ASSERT(session_of(args, 6, &s, &o));
    if (img.rgb && bare.rgb && s.n_panes == 1) {
        PlotScene ps = figure_plot_scene(&s, 0);
        ps.view.w = 640;
        ps.view.h = 400;
        Surface3dView v;
        surface3d_view(&ps, &v);
        const SurfaceMap *m = &ps.map;
        ViewBox box = {m->cx - m->xr * m->half, m->cx + m->xr * m->half,
                       m->cy - m->yr * m->half, m->cy + m->yr * m->half};
        View home = view_fit(&box, 640, 400);
        BatchCheck bc = {&ps, &v, &img, &bare, 0, 0};
        ASSERT(overlay_minibatch_lines(ps.ls, &s.panes[0].runs[0], &home, &cache,
                                       batch_check_line, &bc));
        printf("  3d minibatch: %d of %d points of its lines brighter than without\n", bc.good,
               bc.checked);
        /* (some cross the path, its balls, or the surface's own light contour lines) */
        ASSERT(bc.checked >= 30 && bc.good >= bc.checked * 7 / 10);
    }
    free(img.rgb);
    free(bare.rgb);
    session_free(&s);
    remove_with_and_without("mb3d");
}

/* The 3D axes' labels (surface3d_axes_layout) never meet, at 1280x720 and 1920x1080, with
 * and without presenter mode (whose larger text crowded scene 27's ticks), for scene 27's
 * 3D pane and other landscapes' surfaces; tick labels remain (thinned, not all gone) and
 * the three names θ₁, θ₂, L show. */
TEST(test_3d_axis_labels_keep_apart)
{
    char scene[512];
    const char *dd = getenv("LOSSLENS_DATA_DIR"); /* the source tree: the scenes */
    snprintf(scene, sizeof scene, "%s/assets/scenes/27-surface-rosenbrock.ini", dd ? dd : ".");
    const char *cases[][4] = {
        {"--scene", scene, NULL, NULL},
        {"--landscape", "himmelblau", "--3d", NULL},
        {"--landscape", "plateau", "--3d", NULL},
        {"--landscape", "six-hump-camel", "--3d", NULL},
    };
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    int checked = 0;
    for (int k = 0; k < 4; k++) {
        for (int z = 0; z < 2; z++) {
            for (int pres = 0; pres < 2; pres++) {
                static Session s;
                Options o;
                const char *args[6] = {cases[k][0], cases[k][1], cases[k][2], NULL};
                int na = cases[k][2] ? 3 : 2;
                ASSERT(session_of(args, na, &s, &o));
                int w = sizes[z][0], h = sizes[z][1];
                float scale = figure_ui_scale(h, 1.0f, 1.0f, pres);
                char err[256];
                Canvas *c = canvas_soft_open(w, h, scale, 1, err, sizeof err);
                ASSERT(c != NULL);
                if (!c) {
                    session_free(&s);
                    return;
                }
                FigureLayout l = figure_layout(
                    c, &s, &(FigureLayoutDesc){.w = w, .h = h, .ui_scale = scale,
                                               .presenter = pres});
                figure_fit_views(c, &s, &l, NULL);
                for (int p = 0; p < s.n_panes; p++) {
                    if (!s.panes[p].desc.surface)
                        continue;
                    PlotScene ps = figure_plot_scene(&s, p);
                    ps.presenter = pres;
                    int x, y, pw, ph;
                    plot_pixel_rect(l.screen.plot[p], &x, &y, &pw, &ph);
                    view_resize(&ps.view, pw, ph);
                    static Surface3dAxes ax;
                    surface3d_axes_layout(c, &ps, &ax);
                    int meet = 0, names = 0;
                    for (int i = 0; i < ax.n; i++) {
                        const float *a = ax.label[i].box;
                        names += ax.label[i].face == FONT_BODY;
                        for (int j = i + 1; j < ax.n; j++) {
                            const float *b = ax.label[j].box;
                            if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] &&
                                b[1] < a[1] + a[3]) {
                                fprintf(stderr, "  case %d %dx%d%s: '%s' meets '%s'\n", k, w, h,
                                        pres ? " presenter" : "", ax.label[i].text,
                                        ax.label[j].text);
                                meet++;
                            }
                        }
                    }
                    ASSERT(meet == 0);
                    ASSERT(names == 3);
                    /* ticks thinned, not gone: six tick labels at least over the three axes */
                    ASSERT(ax.n - names >= 6 && ax.n_ticks == ax.n - names);
                    checked++;
                }
                canvas_destroy(c);
                session_free(&s);
            }
        }
    }
    ASSERT(checked == 4 * 2 * 2);
}

TEST(test_png_failure_leaves_no_file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/missing-dir/out.png", g_dir);
    const char *args[] = {"--landscape", "bowl", "--size", "64x64", "--png", path, NULL};
    int rc = run_losslens(args);
    ASSERT(rc != 0 && rc != -1);
    struct stat st;
    ASSERT(stat(path, &st) != 0);
    ASSERT(test_count_files(g_dir) == 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_render_png LOSSLENS\n");
        return 2;
    }
    g_exe = argv[1];
    snprintf(g_dir, sizeof g_dir, "/tmp/losslens-png-XXXXXX");
    if (!mkdtemp(g_dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN_TEST(test_plain_png_is_the_field);
    RUN_TEST(test_figure_png_has_axes_and_legend);
    RUN_TEST(test_full_hd_figure_of_six_runs);
    RUN_TEST(test_two_pane_scene_exports_both_panes);
    RUN_TEST(test_png_3d_is_the_surface);
    RUN_TEST(test_png_3d_overlays);
    RUN_TEST(test_png_3d_taylor_eigen_trials);
    RUN_TEST(test_png_3d_minibatch);
    RUN_TEST(test_3d_axis_labels_keep_apart);
    RUN_TEST(test_png_failure_leaves_no_file);
    rmdir(g_dir);
    return TEST_MAIN("test_render_png");
}
