/* test_export_gif.c - `losslens ... --gif FILE --frames N` end to end: runs the built
 * executable, decodes the GIF with giflib and checks the frame count, the image size, the
 * frame delay (the play time between frames), the run colors reserved in the palette and
 * that the runs' paths grow from the first frame to the last; a scene file exports every
 * pane; a path that cannot be written fails with a message and leaves no file.
 *
 * argv[1] is the losslens executable, argv[2] the shipped scenes' directory. Needs OpenGL
 * 3.3 (a display, or SDL's offscreen driver); exits 77 (skipped) without one unless CI=true.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gif_lib.h>

#include "test.h"
#include "run_program.h"
#include "ui/palette.h"

static const char *g_exe, *g_scenes;
static char g_dir[256];

/* Runs losslens with args (NULL-terminated), stderr into g_dir/.stderr (which test_count_files
 * does not count); returns its exit status, -1 if it did not exit. */
static int run_losslens(const char *const *args)
{
    char log[300];
    snprintf(log, sizeof log, "%s/.stderr", g_dir);
    return test_run_program(g_exe, args, log);
}

static void last_stderr(char *buf, size_t len)
{
    char log[300];
    snprintf(log, sizeof log, "%s/.stderr", g_dir);
    FILE *f = fopen(log, "r");
    size_t n = f ? fread(buf, 1, len - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
}

/* The palette index of rgb in cm, or -1. */
static int palette_index(const ColorMapObject *cm, const unsigned char rgb[3])
{
    for (int i = 0; cm && i < cm->ColorCount; i++)
        if (cm->Colors[i].Red == rgb[0] && cm->Colors[i].Green == rgb[1] &&
            cm->Colors[i].Blue == rgb[2])
            return i;
    return -1;
}

/* Composes frames 0..upto onto canvas (palette indices, SWidth x SHeight): each frame's
 * rectangle over the previous ones, its transparent index leaving pixels as they were. */
static void compose(GifFileType *gif, int upto, unsigned char *canvas)
{
    for (int i = 0; i <= upto; i++) {
        const SavedImage *im = &gif->SavedImages[i];
        GraphicsControlBlock gcb = {0};
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        DGifSavedExtensionToGCB(gif, i, &gcb);
        const GifImageDesc *d = &im->ImageDesc;
        for (int y = 0; y < d->Height; y++) {
            for (int x = 0; x < d->Width; x++) {
                unsigned char v = im->RasterBits[y * d->Width + x];
                if ((int)v != gcb.TransparentColor)
                    canvas[(size_t)(d->Top + y) * (size_t)gif->SWidth + (size_t)(d->Left + x)] =
                        v;
            }
        }
    }
}

static long count_index(const unsigned char *canvas, size_t n, int index)
{
    long c = 0;
    for (size_t i = 0; i < n; i++)
        c += canvas[i] == index;
    return c;
}

TEST(test_gif_frames_size_delay_and_growing_paths)
{
    char path[320];
    snprintf(path, sizeof path, "%s/runs.gif", g_dir);
    const char *args[] = {"--landscape", "ravine", "--opt", "gd:lr=0.5", "--opt",
                          "momentum:lr=0.05", "--steps", "20", "--speed", "25", "--frames",
                          "5", "--size", "320x200", "--gif", path, NULL};
    ASSERT(run_losslens(args) == 0);
    int error = 0;
    GifFileType *gif = DGifOpenFileName(path, &error);
    ASSERT(gif != NULL);
    if (!gif)
        return;
    ASSERT(DGifSlurp(gif) == GIF_OK);
    printf("  %d frames of %dx%d\n", gif->ImageCount, gif->SWidth, gif->SHeight);
    ASSERT(gif->ImageCount == 5 && gif->SWidth == 320 && gif->SHeight == 200);
    /* 20 steps in 5 frames: 5 steps between frames, at 25 steps/s 0.2 s. */
    for (int i = 0; i < gif->ImageCount; i++) {
        GraphicsControlBlock gcb;
        ASSERT(DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK && gcb.DelayTime == 20);
    }
    /* Both run colors are palette entries. */
    for (int r = 0; r < 2; r++) {
        unsigned char rgb[3];
        palette_run_rgb(r, rgb);
        ASSERT(palette_index(gif->SColorMap, rgb) >= 0);
    }
    DGifCloseFile(gif, &error);
    remove(path);
}

TEST(test_gif_paths_grow_from_frame_to_frame)
{
    char path[320];
    snprintf(path, sizeof path, "%s/grow.gif", g_dir);
    const char *args[] = {"--landscape", "ravine", "--start", "-8,-1.5", "--opt", "gd:lr=0.5",
                          "--opt", "momentum:lr=0.1", "--steps", "30", "--frames", "4",
                          "--size", "800x500", "--gif", path, NULL};
    ASSERT(run_losslens(args) == 0);
    int error = 0;
    GifFileType *gif = DGifOpenFileName(path, &error);
    ASSERT(gif != NULL);
    if (!gif)
        return;
    ASSERT(DGifSlurp(gif) == GIF_OK);
    ASSERT(gif->ImageCount == 4);
    /* Each run's path covers more pixels in its color at the end than at the start (where
     * only its start marker and its legend swatch show). */
    size_t n = (size_t)gif->SWidth * (size_t)gif->SHeight;
    unsigned char *first = calloc(n, 1), *last = calloc(n, 1);
    ASSERT(first && last);
    if (first && last) {
        compose(gif, 0, first);
        compose(gif, gif->ImageCount - 1, last);
        for (int r = 0; r < 2; r++) {
            unsigned char rgb[3];
            palette_run_rgb(r, rgb);
            int k = palette_index(gif->SColorMap, rgb);
            ASSERT(k >= 0);
            long a = count_index(first, n, k), b = count_index(last, n, k);
            printf("  run %d: %ld pixels in its color at step 0, %ld at step 30\n", r, a, b);
            ASSERT(b > a + 100);
        }
    }
    free(first);
    free(last);
    DGifCloseFile(gif, &error);
    remove(path);
}

TEST(test_gif_of_a_scene_file)
{
    char path[320], scene[1024];
    snprintf(path, sizeof path, "%s/scene.gif", g_dir);
    snprintf(scene, sizeof scene, "%s/06-convex-vs-nonconvex.ini", g_scenes);
    const char *args[] = {"--scene", scene, "--frames", "3", "--size", "480x300", "--gif", path,
                          NULL};
    ASSERT(run_losslens(args) == 0);
    int error = 0;
    GifFileType *gif = DGifOpenFileName(path, &error);
    ASSERT(gif != NULL);
    if (!gif)
        return;
    ASSERT(DGifSlurp(gif) == GIF_OK);
    ASSERT(gif->ImageCount == 3 && gif->SWidth == 480 && gif->SHeight == 300);
    DGifCloseFile(gif, &error);
    remove(path);
}

TEST(test_gif_bad_path_fails_and_leaves_nothing)
{
    char path[320], msg[2048];
    snprintf(path, sizeof path, "%s/no-such-dir/x.gif", g_dir);
    int before = test_count_files(g_dir);
    const char *args[] = {"--frames", "5", "--size", "320x200", "--gif", path, NULL};
    int rc = run_losslens(args);
    last_stderr(msg, sizeof msg);
    printf("  exit %d: %s", rc, msg);
    ASSERT(rc == 1);
    ASSERT_STR_CONTAINS(msg, "losslens: --gif: ");
    ASSERT_STR_CONTAINS(msg, "no-such-dir/x.gif");
    ASSERT(access(path, F_OK) != 0 && test_count_files(g_dir) == before);
    /* Bad flags: the parser's exit code, nothing written. */
    snprintf(path, sizeof path, "%s/x.gif", g_dir);
    const char *bad[] = {"--frames", "0", "--gif", path, NULL};
    ASSERT(run_losslens(bad) == 2);
    ASSERT(access(path, F_OK) != 0 && test_count_files(g_dir) == before);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_export_gif PATH/TO/losslens SCENES_DIR\n");
        return 1;
    }
    g_exe = argv[1];
    g_scenes = argv[2];
    const char *base = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/losslens-gifx-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(g_dir)) {
        perror("mkdtemp");
        return 1;
    }
    /* Can this machine render at all? */
    char probe[320], msg[2048];
    snprintf(probe, sizeof probe, "%s/probe.gif", g_dir);
    const char *args[] = {"--frames", "1", "--size", "64x64", "--gif", probe, NULL};
    if (run_losslens(args) != 0) {
        last_stderr(msg, sizeof msg);
        rmdir(g_dir);
        return test_no_gl("test_export_gif", msg);
    }
    remove(probe);
    RUN_TEST(test_gif_frames_size_delay_and_growing_paths);
    RUN_TEST(test_gif_paths_grow_from_frame_to_frame);
    RUN_TEST(test_gif_of_a_scene_file);
    RUN_TEST(test_gif_bad_path_fails_and_leaves_nothing);
    char log[300];
    snprintf(log, sizeof log, "%s/.stderr", g_dir);
    remove(log);
    rmdir(g_dir);
    return TEST_MAIN("test_export_gif");
}
