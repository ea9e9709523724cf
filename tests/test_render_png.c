/* test_render_png.c - `losslens ... --png FILE` end to end: runs the built executable, reads
 * the PNG back with libpng, checks its size and that its pixels are the CPU reference field
 * (with --plain the field fills the image exactly; without, the axes frame it), and that a
 * failure leaves no file behind.
 *
 * argv[1] is the losslens executable. Needs a display with OpenGL 3.3; exits 77 (skipped)
 * without one unless CI=true.
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

#include "landscape/landscape.h"
#include "render/colormap.h"
#include "render/view.h"
#include "test.h"

static const char *g_exe;
static char g_dir[256];

/* Runs losslens with args (NULL-terminated); returns its exit status, -1 if it did not exit. */
static int run_losslens(const char *const *args)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = g_exe;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execv(g_exe, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

static int count_files(void)
{
    DIR *d = opendir(g_dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* CPU reference color at pixel (i, j) (j from the top) of ls's default view fitted to w x h;
 * false when the pixel is within reach of a contour line (where GPU and CPU may differ). */
static bool reference_pixel(const Landscape *ls, int w, int h, int i, int j,
                            unsigned char out[3])
{
    View v = view_fit(&ls->view, w, h);
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
    ASSERT(count_files() == 1); /* no temporary file left */
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
    /* The legend panel at the top left is darker than the field too. */
    reference_pixel(ls, 800, 500, 120, 30, field);
    p = img.rgb + 3 * ((size_t)30 * 800 + 120);
    ASSERT(p[0] + p[1] + p[2] < field[0] + field[1] + field[2] - 30);
    free(img.rgb);
    remove(path);
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
    ASSERT(count_files() == 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_render_png LOSSLENS\n");
        return 2;
    }
    g_exe = argv[1];
    const char *ci = getenv("CI");
    bool in_ci = ci && strcmp(ci, "true") == 0;
    snprintf(g_dir, sizeof g_dir, "/tmp/losslens-png-XXXXXX");
    if (!mkdtemp(g_dir)) {
        perror("mkdtemp");
        return 1;
    }
    /* Can this machine render at all? (a display, or SDL's offscreen driver with EGL) */
    char probe[512];
    snprintf(probe, sizeof probe, "%s/probe.png", g_dir);
    const char *args[] = {"--size", "16x16", "--png", probe, NULL};
    if (run_losslens(args) != 0) {
        fprintf(stderr, "test_render_png: losslens cannot render here%s\n",
                in_ci ? " (CI=true: failing)" : " (skipped)");
        rmdir(g_dir);
        return in_ci ? 1 : 77;
    }
    remove(probe);
    RUN_TEST(test_plain_png_is_the_field);
    RUN_TEST(test_figure_png_has_axes_and_legend);
    RUN_TEST(test_png_failure_leaves_no_file);
    rmdir(g_dir);
    return TEST_MAIN("test_render_png");
}
