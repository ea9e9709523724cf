/* test_gif.c - the GIF writer: files written here are decoded again with giflib and checked
 * against the frames that went in (screen size, frame count, loop block, delays, colours of
 * the composed canvas), plus the failure paths and a 1920x1080 timing. */
#include "app/gif_writer.h"

#include <dirent.h>
#include <gif_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

typedef struct {
    int width, height;
    unsigned char *rgb; /* width * height * 3 */
} Canvas;

/* A decoded file: its images composed in order onto a canvas, and the facts tests check. */
typedef struct {
    bool ok;
    char version[7];
    int width, height, frames;
    int delays[16], disposal[16];
    int rect_area[16]; /* width * height of each stored image */
    int loop_count;    /* -1 when there is no NETSCAPE2.0 block */
    Canvas canvas[16]; /* the canvas after each frame (first 16) */
} Decoded;

static char tmp_dir[256];

static void tmp_dir_make(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/losslens-gif-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        exit(1);
    }
}

static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d) {
        return -1;
    }
    for (struct dirent *e; (e = readdir(d));) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* Viridis-like: linear between five samples of matplotlib's viridis. */
static void colormap(double t, unsigned char out[3])
{
    static const double stops[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37},
    };
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    double u = t * 4.0;
    int i = u >= 4.0 ? 3 : (int)u;
    double f = u - i;
    for (int c = 0; c < 3; c++) {
        out[c] = (unsigned char)(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]) + 0.5);
    }
}

static const unsigned char line_red[3] = {228, 26, 28};
static const unsigned char line_white[3] = {250, 250, 250};

/* Frame k: a smooth field through the colormap, a thick red line that moves right by 9 px per
 * frame and a white marker. Top row first, 4 bytes per pixel, alpha scrambled. */
static void frame_draw(unsigned char *rgba, int width, int height, int k)
{
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            unsigned char *p = rgba + ((size_t)y * (size_t)width + (size_t)x) * 4;
            double t = 0.5 + 0.3 * sin(x * 6.0 / width) * cos(y * 4.0 / height) +
                       0.2 * ((double)x / width - (double)y / height);
            colormap(t, p);
            p[3] = (unsigned char)(x * 7 + y);
        }
    }
    int x0 = width / 16 + 9 * k, y0 = height / 8, y1 = height - height / 8;
    for (int y = y0; y < y1; y++) {
        int xc = x0 + (y - y0) / 3;
        for (int x = xc - 1; x <= xc + 1; x++) {
            if (x >= 0 && x < width) {
                memcpy(rgba + ((size_t)y * (size_t)width + (size_t)x) * 4, line_red, 3);
            }
        }
    }
    for (int y = 10; y < 16 && y < height; y++) {
        for (int x = 10; x < 16 && x < width; x++) {
            memcpy(rgba + ((size_t)y * (size_t)width + (size_t)x) * 4, line_white, 3);
        }
    }
}

static void decoded_free(Decoded *d)
{
    for (int i = 0; i < 16; i++) {
        free(d->canvas[i].rgb);
    }
}

static int loop_count_find(const ExtensionBlock *blocks, int n)
{
    for (int i = 0; i + 1 < n; i++) {
        if (blocks[i].Function == APPLICATION_EXT_FUNC_CODE && blocks[i].ByteCount == 11 &&
            memcmp(blocks[i].Bytes, "NETSCAPE2.0", 11) == 0 &&
            blocks[i + 1].Function == CONTINUE_EXT_FUNC_CODE && blocks[i + 1].ByteCount == 3 &&
            blocks[i + 1].Bytes[0] == 1) {
            return blocks[i + 1].Bytes[1] | blocks[i + 1].Bytes[2] << 8;
        }
    }
    return -1;
}

/* Decodes path with DGifSlurp and composes every image onto the canvas, as a viewer would. */
static Decoded decode(const char *path)
{
    Decoded d;
    memset(&d, 0, sizeof d);
    d.loop_count = -1;
    FILE *f = fopen(path, "rb");
    if (!f || fread(d.version, 1, 6, f) != 6) {
        if (f) {
            fclose(f);
        }
        return d;
    }
    fclose(f);
    int error = 0;
    GifFileType *gif = DGifOpenFileName(path, &error);
    if (!gif) {
        fprintf(stderr, "DGifOpenFileName: %s\n", GifErrorString(error));
        return d;
    }
    if (DGifSlurp(gif) != GIF_OK) {
        fprintf(stderr, "DGifSlurp: %s\n", GifErrorString(gif->Error));
        DGifCloseFile(gif, &error);
        return d;
    }
    d.width = gif->SWidth;
    d.height = gif->SHeight;
    d.frames = gif->ImageCount;
    if (gif->ImageCount > 0) {
        d.loop_count = loop_count_find(gif->SavedImages[0].ExtensionBlocks,
                                       gif->SavedImages[0].ExtensionBlockCount);
    }
    if (d.loop_count < 0) {
        d.loop_count = loop_count_find(gif->ExtensionBlocks, gif->ExtensionBlockCount);
    }
    size_t n = (size_t)d.width * (size_t)d.height * 3;
    unsigned char *canvas = calloc(n, 1);
    for (int i = 0; i < gif->ImageCount && i < 16; i++) {
        const SavedImage *img = &gif->SavedImages[i];
        GraphicsControlBlock gcb = {.TransparentColor = NO_TRANSPARENT_COLOR};
        DGifSavedExtensionToGCB(gif, i, &gcb);
        d.delays[i] = gcb.DelayTime;
        d.disposal[i] = gcb.DisposalMode;
        const GifImageDesc *desc = &img->ImageDesc;
        d.rect_area[i] = desc->Width * desc->Height;
        const ColorMapObject *map = desc->ColorMap ? desc->ColorMap : gif->SColorMap;
        for (int y = 0; y < desc->Height; y++) {
            for (int x = 0; x < desc->Width; x++) {
                int idx = img->RasterBits[(size_t)y * (size_t)desc->Width + (size_t)x];
                int cx = desc->Left + x, cy = desc->Top + y;
                if (idx == gcb.TransparentColor || cx >= d.width || cy >= d.height) {
                    continue;
                }
                unsigned char *p = canvas + ((size_t)cy * (size_t)d.width + (size_t)cx) * 3;
                p[0] = map->Colors[idx].Red;
                p[1] = map->Colors[idx].Green;
                p[2] = map->Colors[idx].Blue;
            }
        }
        d.canvas[i] = (Canvas){d.width, d.height, malloc(n)};
        memcpy(d.canvas[i].rgb, canvas, n);
    }
    free(canvas);
    DGifCloseFile(gif, &error);
    d.ok = true;
    return d;
}

/* Largest and mean per-channel difference between a decoded canvas and an RGBA frame. */
static void canvas_error(const Canvas *c, const unsigned char *rgba, double *max_err,
                         double *mean_err)
{
    double sum = 0.0, max = 0.0;
    size_t n = (size_t)c->width * (size_t)c->height;
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++) {
            double e = fabs((double)c->rgb[i * 3 + k] - rgba[i * 4 + k]);
            sum += e;
            max = e > max ? e : max;
        }
    }
    *max_err = max;
    *mean_err = sum / (double)(n * 3);
}

static const unsigned char *canvas_at(const Canvas *c, int x, int y)
{
    return c->rgb + ((size_t)y * (size_t)c->width + (size_t)x) * 3;
}

TEST(test_five_frames_round_trip)
{
    enum { W = 320, H = 200, N = 5 };
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/anim.gif", tmp_dir);
    unsigned char *frames[N];
    GifWriter *w = gif_writer_open(path, W, H, 7, err, sizeof err);
    ASSERT(w != NULL);
    if (!w) {
        return;
    }
    for (int k = 0; k < N; k++) {
        frames[k] = malloc((size_t)W * H * 4);
        frame_draw(frames[k], W, H, k);
        ASSERT(gif_writer_add_frame(w, frames[k], W * 4, false, err, sizeof err));
    }
    ASSERT(access(path, F_OK) != 0); /* nothing at path until close */
    ASSERT(gif_writer_close(w, err, sizeof err));
    ASSERT(dir_entries(tmp_dir) == 1); /* the temporary file was renamed, not copied */

    Decoded d = decode(path);
    ASSERT(d.ok);
    ASSERT(strcmp(d.version, "GIF89a") == 0);
    ASSERT(d.width == W && d.height == H);
    ASSERT(d.frames == N);
    ASSERT(d.loop_count == 0); /* NETSCAPE2.0, repeat forever */
    for (int k = 0; k < d.frames && k < N; k++) {
        ASSERT(d.delays[k] == 7);
        ASSERT(d.disposal[k] == DISPOSE_DO_NOT);
        double max_err, mean_err;
        canvas_error(&d.canvas[k], frames[k], &max_err, &mean_err);
        /* A smooth field through 255 colours: every pixel close, on average very close. */
        ASSERT(max_err <= 6.0);
        ASSERT(mean_err <= 1.0);
        if (k == 0) {
            printf("320x200 gradient: max channel error %.0f, mean %.3f\n", max_err, mean_err);
        }
        /* The line and the marker keep their exact colours. */
        int y = H / 2, x = W / 16 + 9 * k + (y - H / 8) / 3;
        const unsigned char *p = canvas_at(&d.canvas[k], x, y);
        ASSERT(p[0] == line_red[0] && p[1] == line_red[1] && p[2] == line_red[2]);
        p = canvas_at(&d.canvas[k], 12, 12);
        ASSERT(p[0] == line_white[0] && p[1] == line_white[1] && p[2] == line_white[2]);
        /* Where the line was last frame the field shows again. */
        if (k > 0) {
            x -= 9;
            p = canvas_at(&d.canvas[k], x, y);
            const unsigned char *q = frames[k] + ((size_t)y * W + (size_t)x) * 4;
            ASSERT_NEAR(p[0], q[0], 6);
            ASSERT_NEAR(p[1], q[1], 6);
            ASSERT_NEAR(p[2], q[2], 6);
        }
    }
    ASSERT(d.rect_area[0] == W * H);
    for (int k = 1; k < d.frames && k < N; k++) {
        /* Only the band the line swept: 9 px per row shift plus the line's slant. */
        ASSERT(d.rect_area[k] > 0 && d.rect_area[k] < W * H / 2);
    }
    decoded_free(&d);
    for (int k = 0; k < N; k++) {
        free(frames[k]);
    }
    unlink(path);
}

TEST(test_bottom_up_rows_and_stride)
{
    enum { W = 64, H = 40, STRIDE = W * 4 + 12 };
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/flip.gif", tmp_dir);
    /* Top half red, bottom half blue, a green dot at (5, 3) from the top; stored bottom row
     * first with padded rows, as glReadPixels with a pack alignment would give it. */
    unsigned char *buf = calloc((size_t)STRIDE * H, 1);
    for (int y = 0; y < H; y++) {
        unsigned char *row = buf + (size_t)(H - 1 - y) * STRIDE;
        for (int x = 0; x < W; x++) {
            unsigned char *p = row + x * 4;
            p[0] = y < H / 2 ? 220 : 10;
            p[1] = (x == 5 && y == 3) ? 200 : 20;
            p[2] = y < H / 2 ? 30 : 240;
            p[3] = 255;
        }
        memset(row + W * 4, 0x5a, STRIDE - W * 4); /* padding must be ignored */
    }
    GifWriter *w = gif_writer_open(path, W, H, 4, err, sizeof err);
    ASSERT(w != NULL);
    if (!w) {
        free(buf);
        return;
    }
    ASSERT(gif_writer_add_frame(w, buf, STRIDE, true, err, sizeof err));
    ASSERT(gif_writer_close(w, err, sizeof err));
    Decoded d = decode(path);
    ASSERT(d.ok && d.frames == 1);
    if (d.ok && d.frames == 1) {
        const unsigned char *top = canvas_at(&d.canvas[0], 30, 2);
        const unsigned char *bottom = canvas_at(&d.canvas[0], 30, H - 2);
        const unsigned char *dot = canvas_at(&d.canvas[0], 5, 3);
        /* Three colours fit the palette exactly. */
        ASSERT(top[0] == 220 && top[1] == 20 && top[2] == 30);
        ASSERT(bottom[0] == 10 && bottom[1] == 20 && bottom[2] == 240);
        ASSERT(dot[0] == 220 && dot[1] == 200 && dot[2] == 30);
    }
    decoded_free(&d);
    free(buf);
    unlink(path);
}

TEST(test_unchanged_frame_and_reserved_colour)
{
    enum { W = 48, H = 32 };
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/same.gif", tmp_dir);
    unsigned char *a = malloc((size_t)W * H * 4);
    frame_draw(a, W, H, 0);
    GifWriter *w = gif_writer_open(path, W, H, 0, err, sizeof err);
    ASSERT(w != NULL);
    if (!w) {
        free(a);
        return;
    }
    /* Orange only appears in frame three; reserving it keeps it exact. */
    static const unsigned char orange[3] = {255, 127, 14};
    gif_writer_reserve_colors(w, orange, 1);
    ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
    ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
    memcpy(a + ((size_t)20 * W + 30) * 4, orange, 3);
    ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
    ASSERT(gif_writer_close(w, err, sizeof err));
    Decoded d = decode(path);
    ASSERT(d.ok && d.frames == 3);
    if (d.ok && d.frames == 3) {
        ASSERT(d.rect_area[1] == 1); /* nothing changed: one transparent pixel */
        ASSERT(d.rect_area[2] == 1); /* one pixel changed */
        ASSERT(d.delays[0] == 0 && d.delays[2] == 0);
        ASSERT(memcmp(d.canvas[0].rgb, d.canvas[1].rgb, (size_t)W * H * 3) == 0);
        const unsigned char *p = canvas_at(&d.canvas[2], 30, 20);
        ASSERT(p[0] == 255 && p[1] == 127 && p[2] == 14);
    }
    decoded_free(&d);
    free(a);
    unlink(path);
}

TEST(test_dither_keeps_local_means)
{
    enum { W = 256, H = 64 };
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/dither.gif", tmp_dir);
    unsigned char *a = malloc((size_t)W * H * 4);
    frame_draw(a, W, H, 0);
    GifWriter *w = gif_writer_open(path, W, H, 10, err, sizeof err);
    ASSERT(w != NULL);
    if (!w) {
        free(a);
        return;
    }
    gif_writer_set_dither(w, true);
    ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
    ASSERT(gif_writer_close(w, err, sizeof err));
    Decoded d = decode(path);
    ASSERT(d.ok && d.frames == 1);
    if (d.ok && d.frames == 1) {
        double max_err, mean_err, worst_block = 0.0;
        canvas_error(&d.canvas[0], a, &max_err, &mean_err);
        ASSERT(max_err <= 8.0); /* half the dither's spread (4) plus the palette's error */
        /* 8x8 block means (away from the line and the marker) match the input's. */
        for (int by = 0; by < H / 8; by++) {
            for (int bx = 16; bx < W / 8; bx++) {
                for (int c = 0; c < 3; c++) {
                    double s_in = 0.0, s_out = 0.0;
                    for (int y = by * 8; y < by * 8 + 8; y++) {
                        for (int x = bx * 8; x < bx * 8 + 8; x++) {
                            s_in += a[((size_t)y * W + (size_t)x) * 4 + (size_t)c];
                            s_out += canvas_at(&d.canvas[0], x, y)[c];
                        }
                    }
                    double e = fabs(s_in - s_out) / 64.0;
                    worst_block = e > worst_block ? e : worst_block;
                }
            }
        }
        printf("dithered: max channel error %.0f, mean %.3f, worst 8x8 block mean %.3f\n",
               max_err, mean_err, worst_block);
        ASSERT(worst_block <= 1.5);
    }
    decoded_free(&d);
    free(a);
    unlink(path);
}

TEST(test_open_in_missing_directory_fails)
{
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/no/such/dir/out.gif", tmp_dir);
    GifWriter *w = gif_writer_open(path, 10, 10, 5, err, sizeof err);
    ASSERT(w == NULL);
    ASSERT_STR_CONTAINS(err, path);
    ASSERT_STR_CONTAINS(err, "No such file");
    ASSERT(dir_entries(tmp_dir) == 0);
    if (w) {
        gif_writer_abort(w);
    }
    err[0] = '\0';
    snprintf(path, sizeof path, "%s/bad.gif", tmp_dir);
    ASSERT(gif_writer_open(path, 0, 10, 5, err, sizeof err) == NULL);
    ASSERT_STR_CONTAINS(err, path);
    ASSERT(gif_writer_open(path, 10, 10, -1, err, sizeof err) == NULL);
    ASSERT_STR_CONTAINS(err, "delay");
    ASSERT(dir_entries(tmp_dir) == 0);
}

TEST(test_abort_and_empty_close_leave_nothing)
{
    enum { W = 32, H = 16 };
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/aborted.gif", tmp_dir);
    unsigned char *a = malloc((size_t)W * H * 4);
    frame_draw(a, W, H, 1);
    GifWriter *w = gif_writer_open(path, W, H, 5, err, sizeof err);
    ASSERT(w != NULL);
    ASSERT(dir_entries(tmp_dir) == 1); /* the temporary file */
    if (w) {
        ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
        gif_writer_abort(w);
    }
    ASSERT(dir_entries(tmp_dir) == 0);
    ASSERT(access(path, F_OK) != 0);

    w = gif_writer_open(path, W, H, 5, err, sizeof err);
    ASSERT(w != NULL);
    if (w) {
        ASSERT(!gif_writer_close(w, err, sizeof err));
        ASSERT_STR_CONTAINS(err, "no frames");
        ASSERT_STR_CONTAINS(err, path);
    }
    ASSERT(dir_entries(tmp_dir) == 0);
    gif_writer_abort(NULL);
    free(a);
}

static bool file_holds(const char *path, const char *text)
{
    char buf[64] = "";
    FILE *f = fopen(path, "rb");
    if (!f) {
        return false;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}

TEST(test_existing_file_kept_until_close)
{
    enum { W = 16, H = 8 };
    char path[512], err[512] = "";
    snprintf(path, sizeof path, "%s/old.gif", tmp_dir);
    FILE *f = fopen(path, "wb");
    ASSERT(f != NULL);
    if (!f) {
        return;
    }
    fputs("old", f);
    fclose(f);
    unsigned char *a = malloc((size_t)W * H * 4);
    frame_draw(a, W, H, 0);
    GifWriter *w = gif_writer_open(path, W, H, 5, err, sizeof err);
    ASSERT(w != NULL);
    if (w) {
        ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
        ASSERT(file_holds(path, "old"));
        gif_writer_abort(w);
    }
    ASSERT(file_holds(path, "old"));
    ASSERT(dir_entries(tmp_dir) == 1);
    w = gif_writer_open(path, W, H, 5, err, sizeof err);
    ASSERT(w != NULL);
    if (w) {
        ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
        ASSERT(gif_writer_close(w, err, sizeof err));
    }
    Decoded d = decode(path);
    ASSERT(d.ok && d.frames == 1 && d.width == W);
    decoded_free(&d);
    unlink(path);
    free(a);
}

TEST(test_rename_failure_removes_temporary)
{
    enum { W = 16, H = 8 };
    char path[512], inner[600], err[512] = "";
    /* path becomes a directory that is not empty after the open: rename cannot replace it. */
    snprintf(path, sizeof path, "%s/taken.gif", tmp_dir);
    snprintf(inner, sizeof inner, "%s/keep", path);
    unsigned char *a = malloc((size_t)W * H * 4);
    frame_draw(a, W, H, 0);
    GifWriter *w = gif_writer_open(path, W, H, 5, err, sizeof err);
    ASSERT(w != NULL);
    ASSERT(mkdir(path, 0700) == 0);
    FILE *f = fopen(inner, "wb");
    ASSERT(f != NULL);
    if (f) {
        fclose(f);
    }
    if (w) {
        ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
        ASSERT(!gif_writer_close(w, err, sizeof err));
        ASSERT_STR_CONTAINS(err, path);
    }
    ASSERT(dir_entries(tmp_dir) == 1); /* the directory, no temporary file */
    ASSERT(dir_entries(path) == 1);
    /* A directory is refused up front (util/outfile), leaving nothing behind. */
    ASSERT(gif_writer_open(path, W, H, 5, err, sizeof err) == NULL);
    ASSERT_STR_CONTAINS(err, "it is a directory");
    ASSERT(dir_entries(tmp_dir) == 1);
    unlink(inner);
    rmdir(path);
    free(a);
}

TEST(test_full_hd_timing)
{
    enum { W = 1920, H = 1080, N = 6 };
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/hd.gif", tmp_dir);
    unsigned char *a = malloc((size_t)W * H * 4);
    unsigned char *b = malloc((size_t)W * H * 4);
    GifWriter *w = gif_writer_open(path, W, H, 4, err, sizeof err);
    ASSERT(w != NULL && a && b);
    if (!w || !a || !b) {
        free(a);
        free(b);
        return;
    }
    double ms[N + 1];
    for (int k = 0; k < N; k++) {
        frame_draw(a, W, H, k);
        double t0 = now_ms();
        ASSERT(gif_writer_add_frame(w, a, W * 4, false, err, sizeof err));
        ms[k] = now_ms() - t0;
    }
    /* Everything changes: a whole new frame through the encoder. */
    for (size_t i = 0; i < (size_t)W * H; i++) {
        memcpy(b + i * 4, a + ((size_t)W * H - 1 - i) * 4, 4);
    }
    double t0 = now_ms();
    ASSERT(gif_writer_add_frame(w, b, W * 4, false, err, sizeof err));
    ms[N] = now_ms() - t0;
    ASSERT(gif_writer_close(w, err, sizeof err));
    struct stat st;
    ASSERT(stat(path, &st) == 0);
    printf("1920x1080 add_frame: first (palette + full image) %.1f ms; moving line %.1f %.1f "
           "%.1f %.1f %.1f ms; all changed %.1f ms; %d frames, %.0f KiB\n",
           ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[N], N + 1, (double)st.st_size / 1024.0);
    Decoded d = decode(path);
    ASSERT(d.ok && d.frames == N + 1 && d.width == W && d.height == H);
    if (d.ok && d.frames == N + 1) {
        double max_err, mean_err;
        canvas_error(&d.canvas[N - 1], a, &max_err, &mean_err);
        ASSERT(max_err <= 8.0 && mean_err <= 1.0);
        canvas_error(&d.canvas[N], b, &max_err, &mean_err);
        ASSERT(max_err <= 8.0 && mean_err <= 1.0);
        printf("1920x1080 gradient: max channel error %.0f, mean %.3f\n", max_err, mean_err);
    }
    decoded_free(&d);
    free(a);
    free(b);
    unlink(path);
}

int main(void)
{
    tmp_dir_make();
    RUN_TEST(test_five_frames_round_trip);
    RUN_TEST(test_bottom_up_rows_and_stride);
    RUN_TEST(test_unchanged_frame_and_reserved_colour);
    RUN_TEST(test_dither_keeps_local_means);
    RUN_TEST(test_open_in_missing_directory_fails);
    RUN_TEST(test_abort_and_empty_close_leave_nothing);
    RUN_TEST(test_existing_file_kept_until_close);
    RUN_TEST(test_rename_failure_removes_temporary);
    RUN_TEST(test_full_hd_timing);
    rmdir(tmp_dir);
    return TEST_MAIN("test_gif");
}
