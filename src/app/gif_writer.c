/* gif_writer.c - animated GIF export. The first frame picks a global palette by median cut over
 * its exact colours; every frame is mapped through a lazily filled nearest-colour table, with
 * optional ordered dithering; frames after the first store only the changed rectangle, with
 * unchanged pixels inside it transparent, which keeps trajectory animations small. */
#include "app/gif_writer.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>

#include "util/outfile.h"

enum {
    GIF_WRITER_PALETTE = 256,
    /* Never a colour: marks pixels a later frame leaves as they were. */
    GIF_WRITER_TRANSPARENT = 255,
    /* The nearest-colour table keys on 7 bits per channel (128^3 entries, 4 MiB, touched only
     * where frames have colours). A smooth colormap gets palette entries 1-3 units apart; a
     * 32^3 table (8-unit cells) would merge them and bring the banding back. */
    GIF_WRITER_LUT_BITS = 7,
    GIF_WRITER_LUT_SHIFT = 8 - GIF_WRITER_LUT_BITS,
    GIF_WRITER_LUT_SIZE = 1 << (3 * GIF_WRITER_LUT_BITS),
    /* Peak-to-peak amplitude of the ordered dither, in 8-bit units: a few times the spacing
     * of the palette along a smooth gradient, enough to break bands where the palette runs
     * thin without a visible pattern where it does not. */
    GIF_WRITER_DITHER_SPREAD = 8,
    /* A first frame with more distinct colours than this (noise, photographs) is counted in
     * bins of 6 bits a channel instead, bounding the memory and the median cut's work. */
    GIF_WRITER_HIST_EXACT_MAX = 1 << 18,
    /* Lloyd passes over the median-cut palette, only when the first frame has at most this
     * many distinct colours (rendered frames have tens of thousands). */
    GIF_WRITER_REFINE_MAX = 1 << 16,
    GIF_WRITER_REFINE_PASSES = 3,
};

/* The palette sorted by green, so a nearest-colour search can stop once green alone is
 * farther than the best match so far: a few dozen distance tests instead of 255. */
typedef struct {
    int n;
    unsigned char rgb[GIF_WRITER_PALETTE][3]; /* sorted by green */
    unsigned char index[GIF_WRITER_PALETTE];  /* palette index of each sorted entry */
    int first[257];                           /* first sorted entry with green >= v */
} PaletteSearch;

struct GifWriter {
    GifFileType *gif; /* NULL until the first frame writes the header */
    OutFile out;      /* out.f is the file being written */
    char *path;
    int width, height, delay_cs;
    bool dither;
    bool failed;     /* a frame failed: the file is never published */
    int write_errno; /* errno of the first failed write, 0 if none */
    long n_frames;
    int n_reserved;
    unsigned char reserved[GIF_WRITER_MAX_RESERVED][3];
    int n_colors; /* palette entries in use, all below GIF_WRITER_TRANSPARENT */
    unsigned char palette[GIF_WRITER_PALETTE][3];
    PaletteSearch search; /* the palette, ordered for nearest-colour lookups */
    uint16_t *lut;             /* 0: not looked up yet, else palette index + 1 */
    unsigned char *cur, *prev; /* palette indices of this frame and of the canvas so far */
    GifPixelType *line;        /* one row for the encoder */
};

/* One distinct colour of the first frame and how many pixels have it. */
typedef struct {
    unsigned char c[3];
    uint32_t n;
} HistEntry;

/* A median-cut box: histogram entries [lo, hi) with their pixel count, sums and spread. */
typedef struct {
    size_t lo, hi;
    double n, sum[3], var[3]; /* var: sum of squared deviations per channel */
    double sse;               /* var[0] + var[1] + var[2]; 0 when it cannot be split */
} Box;

static void writer_free(GifWriter *w)
{
    if (!w) {
        return;
    }
    free(w->path);
    free(w->lut);
    free(w->cur);
    free(w->prev);
    free(w->line);
    free(w);
}

GifWriter *gif_writer_open(const char *path, int width, int height, int delay_cs, char *err,
                           size_t errlen)
{
    if (width < 1 || width > 65535 || height < 1 || height > 65535) {
        snprintf(err, errlen, "cannot write '%s': size %dx%d is outside 1..65535", path, width,
                 height);
        return NULL;
    }
    if (delay_cs < 0 || delay_cs > 65535) {
        snprintf(err, errlen, "cannot write '%s': frame delay %d cs is outside 0..65535", path,
                 delay_cs);
        return NULL;
    }
    size_t n = (size_t)width * (size_t)height;
    size_t len = strlen(path);
    GifWriter *w = calloc(1, sizeof *w);
    if (w) {
        w->path = malloc(len + 1);
        w->lut = calloc(GIF_WRITER_LUT_SIZE, sizeof *w->lut);
        w->cur = malloc(n);
        w->prev = malloc(n);
        w->line = malloc((size_t)width * sizeof *w->line);
    }
    if (!w || !w->path || !w->lut || !w->cur || !w->prev || !w->line) {
        writer_free(w);
        snprintf(err, errlen, "cannot write '%s': out of memory for %dx%d frames", path, width,
                 height);
        return NULL;
    }
    memcpy(w->path, path, len + 1);
    if (!outfile_open(&w->out, w->path, false, err, errlen)) {
        writer_free(w);
        return NULL;
    }
    w->width = width;
    w->height = height;
    w->delay_cs = delay_cs;
    return w;
}

void gif_writer_set_dither(GifWriter *w, bool on)
{
    w->dither = on;
}

void gif_writer_reserve_colors(GifWriter *w, const unsigned char *rgb, int count)
{
    assert(count >= 0 && count <= GIF_WRITER_MAX_RESERVED);
    assert(w->n_frames == 0);
    memcpy(w->reserved, rgb, (size_t)count * 3);
    w->n_reserved = count;
}

/* ---- palette: median cut over the first frame's exact colours, then Lloyd passes ---- */

/* Histogram slot: key 0xRRGGBB + 1 (0 marks an empty slot) and its pixel count. */
typedef struct {
    uint32_t key, n;
} HistSlot;

static size_t hist_slot(const HistSlot *slots, size_t mask, uint32_t key)
{
    uint32_t k = key; /* lowbias32: every key bit moves the low bits the mask keeps */
    k ^= k >> 16;
    k *= 0x7feb352du;
    k ^= k >> 15;
    k *= 0x846ca68bu;
    k ^= k >> 16;
    size_t i = (size_t)k & mask;
    while (slots[i].key != 0 && slots[i].key != key) {
        i = (i + 1) & mask;
    }
    return i;
}

/* Doubles an open-addressing table; false (table unchanged) when out of memory. */
static bool hist_grow(HistSlot **slots, size_t *cap)
{
    size_t new_cap = *cap * 2;
    HistSlot *t = calloc(new_cap, sizeof *t);
    if (!t) {
        return false;
    }
    for (size_t i = 0; i < *cap; i++) {
        if ((*slots)[i].key != 0) {
            t[hist_slot(t, new_cap - 1, (*slots)[i].key)] = (*slots)[i];
        }
    }
    free(*slots);
    *slots = t;
    *cap = new_cap;
    return true;
}

/* The distinct colours of a frame with their pixel counts, from a hash table that stays small
 * (and in cache) for rendered frames, which hold far fewer colours than pixels. Runs of one
 * colour along a row cost one comparison a pixel. NULL when out of memory, or (with *too_many
 * set) when the frame has more than GIF_WRITER_HIST_EXACT_MAX colours. */
static HistEntry *hist_exact(const unsigned char *rgba, int width, int height, int stride,
                             size_t *count, bool *too_many)
{
    size_t cap = 1u << 16, used = 0;
    HistSlot *slots = calloc(cap, sizeof *slots);
    HistEntry *h = NULL;
    if (!slots) {
        return NULL;
    }
    for (int y = 0; y < height; y++) {
        const unsigned char *p = rgba + (size_t)y * (size_t)stride;
        for (int x = 0; x < width;) {
            uint32_t key = ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) + 1;
            uint32_t run = 0;
            do {
                run++;
                x++;
                p += 4;
            } while (x < width && ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) + 1 == key);
            size_t i = hist_slot(slots, cap - 1, key);
            if (slots[i].key == 0) {
                if (used == GIF_WRITER_HIST_EXACT_MAX) {
                    *too_many = true;
                    goto done;
                }
                if (2 * (used + 1) > cap) {
                    if (!hist_grow(&slots, &cap)) {
                        goto done;
                    }
                    i = hist_slot(slots, cap - 1, key);
                }
                slots[i].key = key;
                used++;
            }
            slots[i].n += run;
        }
    }
    h = malloc(used * sizeof *h);
    if (!h) {
        goto done;
    }
    size_t j = 0;
    for (size_t i = 0; i < cap; i++) {
        if (slots[i].key != 0) {
            uint32_t c = slots[i].key - 1;
            h[j] = (HistEntry){{(unsigned char)(c >> 16), (unsigned char)(c >> 8),
                                (unsigned char)c},
                               slots[i].n};
            j++;
        }
    }
    *count = used;
done:
    free(slots);
    return h;
}

/* Bins of 6 bits a channel, each standing for the mean colour of its pixels. */
static HistEntry *hist_binned(const unsigned char *rgba, int width, int height, int stride,
                              size_t *count)
{
    enum { BINS = 1 << 18 };
    uint64_t (*acc)[4] = calloc(BINS, sizeof *acc); /* sums of R, G, B and the count */
    if (!acc) {
        return NULL;
    }
    for (int y = 0; y < height; y++) {
        const unsigned char *p = rgba + (size_t)y * (size_t)stride;
        for (int x = 0; x < width; x++, p += 4) {
            uint64_t *a = acc[(p[0] >> 2) << 12 | (p[1] >> 2) << 6 | p[2] >> 2];
            a[0] += p[0];
            a[1] += p[1];
            a[2] += p[2];
            a[3]++;
        }
    }
    size_t used = 0;
    for (size_t b = 0; b < BINS; b++) {
        used += acc[b][3] != 0;
    }
    HistEntry *h = malloc(used * sizeof *h);
    if (h) {
        size_t j = 0;
        for (size_t b = 0; b < BINS; b++) {
            uint64_t n = acc[b][3];
            if (n == 0) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                h[j].c[c] = (unsigned char)((acc[b][c] + n / 2) / n);
            }
            h[j].n = (uint32_t)n;
            j++;
        }
        *count = used;
    }
    free(acc);
    return h;
}

static void box_measure(Box *box, const HistEntry *h)
{
    double n = 0.0, s[3] = {0.0, 0.0, 0.0}, q[3] = {0.0, 0.0, 0.0};
    for (size_t i = box->lo; i < box->hi; i++) {
        double k = h[i].n;
        n += k;
        for (int c = 0; c < 3; c++) {
            double v = h[i].c[c];
            s[c] += k * v;
            q[c] += k * v * v;
        }
    }
    box->n = n;
    box->sse = 0.0;
    for (int c = 0; c < 3; c++) {
        box->sum[c] = s[c];
        box->var[c] = q[c] - s[c] * s[c] / n;
        box->sse += box->var[c];
    }
    if (box->hi - box->lo < 2) {
        box->sse = 0.0;
    }
}

/* Sorts the box's entries along its widest channel (counting sort through tmp) and returns
 * the index that splits them into two boxes of least total squared error; box->lo when every
 * entry shares that channel's value. */
static size_t box_split(const Box *box, HistEntry *h, HistEntry *tmp)
{
    int axis = 0;
    for (int c = 1; c < 3; c++) {
        if (box->var[c] > box->var[axis]) {
            axis = c;
        }
    }
    size_t start[257] = {0};
    for (size_t i = box->lo; i < box->hi; i++) {
        start[h[i].c[axis] + 1]++;
    }
    for (int d = 0; d < 256; d++) {
        start[d + 1] += start[d];
    }
    for (size_t i = box->lo; i < box->hi; i++) {
        tmp[box->lo + start[h[i].c[axis]]++] = h[i];
    }
    memcpy(h + box->lo, tmp + box->lo, (box->hi - box->lo) * sizeof *h);

    /* Least squared error of the halves = largest sum of |sum|^2 / n over the halves. */
    double nl = 0.0, sl[3] = {0.0, 0.0, 0.0}, best = -1.0;
    size_t at = box->lo;
    for (size_t i = box->lo; i + 1 < box->hi; i++) {
        nl += h[i].n;
        for (int c = 0; c < 3; c++) {
            sl[c] += (double)h[i].n * h[i].c[c];
        }
        if (h[i + 1].c[axis] == h[i].c[axis]) {
            continue;
        }
        double nr = box->n - nl, score = 0.0;
        for (int c = 0; c < 3; c++) {
            double sr = box->sum[c] - sl[c];
            score += sl[c] * sl[c] / nl + sr * sr / nr;
        }
        if (score > best) {
            best = score;
            at = i + 1;
        }
    }
    return at;
}

static void search_init(PaletteSearch *s, const unsigned char (*pal)[3], int n)
{
    int start[257] = {0};
    for (int i = 0; i < n; i++) {
        start[pal[i][1] + 1]++;
    }
    for (int v = 0; v < 256; v++) {
        start[v + 1] += start[v];
    }
    memcpy(s->first, start, sizeof start);
    for (int i = 0; i < n; i++) {
        int at = start[pal[i][1]]++;
        memcpy(s->rgb[at], pal[i], 3);
        s->index[at] = (unsigned char)i;
    }
    s->n = n;
}

/* Squared distance to sorted entry i if below *best_d (then *best_d and *best updated);
 * false once green alone is too far, which ends the walk in that direction. */
static inline bool search_try(const PaletteSearch *s, int i, int r2, int g2, int b2,
                              int *best_d, int *best)
{
    int dg = g2 - 2 * s->rgb[i][1];
    int d = dg * dg;
    if (d >= *best_d) {
        return false;
    }
    int dr = r2 - 2 * s->rgb[i][0];
    d += dr * dr;
    if (d < *best_d) {
        int db = b2 - 2 * s->rgb[i][2];
        d += db * db;
        if (d < *best_d) {
            *best_d = d;
            *best = i;
        }
    }
    return true;
}

/* Palette index nearest to a colour given in doubled units (2 * value, so a table cell's
 * centre is exact): walks out from the colour's green in both directions. */
static int search_nearest(const PaletteSearch *s, int r2, int g2, int b2)
{
    int best = 0, best_d = 1 << 30;
    int mid = s->first[(g2 + 1) / 2]; /* entries from mid on have 2 * green >= g2 */
    for (int i = mid; i < s->n && search_try(s, i, r2, g2, b2, &best_d, &best); i++) {
    }
    for (int i = mid - 1; i >= 0 && search_try(s, i, r2, g2, b2, &best_d, &best); i--) {
    }
    return s->index[best];
}

static unsigned char channel_round(double v)
{
    return (unsigned char)(v < 0.0 ? 0.0 : v > 255.0 ? 255.0 : v + 0.5);
}

/* Moves entries [n_fixed, n_colors) to the mean of the colours nearest to them (k-means). */
static void palette_refine(const HistEntry *h, size_t count, unsigned char (*pal)[3],
                           int n_fixed, int n_colors)
{
    if (count > GIF_WRITER_REFINE_MAX) {
        return;
    }
    for (int pass = 0; pass < GIF_WRITER_REFINE_PASSES; pass++) {
        double acc[GIF_WRITER_PALETTE][4] = {{0.0}};
        PaletteSearch search;
        search_init(&search, (const unsigned char (*)[3])pal, n_colors);
        for (size_t i = 0; i < count; i++) {
            int k = search_nearest(&search, 2 * h[i].c[0], 2 * h[i].c[1], 2 * h[i].c[2]);
            for (int c = 0; c < 3; c++) {
                acc[k][c] += (double)h[i].n * h[i].c[c];
            }
            acc[k][3] += h[i].n;
        }
        for (int k = n_fixed; k < n_colors; k++) {
            if (acc[k][3] > 0.0) {
                for (int c = 0; c < 3; c++) {
                    pal[k][c] = channel_round(acc[k][c] / acc[k][3]);
                }
            }
        }
    }
}

/* Fills w->palette from the reserved colours and the first frame. False when out of memory. */
static bool palette_choose(GifWriter *w, const unsigned char *rgba, int stride)
{
    size_t count = 0;
    bool too_many = false;
    HistEntry *h = hist_exact(rgba, w->width, w->height, stride, &count, &too_many);
    if (too_many) {
        h = hist_binned(rgba, w->width, w->height, stride, &count);
    }
    HistEntry *tmp = h ? malloc(count * sizeof *tmp) : NULL;
    if (!tmp) {
        free(h);
        return false;
    }
    memcpy(w->palette, w->reserved, (size_t)w->n_reserved * 3);
    int max_boxes = GIF_WRITER_TRANSPARENT - w->n_reserved;
    Box boxes[GIF_WRITER_PALETTE];
    int n_boxes = 1;
    boxes[0] = (Box){.lo = 0, .hi = count};
    box_measure(&boxes[0], h);
    /* Split the box with the largest squared error: a few pixels of a line colour far from
     * the colormap outweigh many pixels of a narrow gradient, so lines keep their colour. */
    while (n_boxes < max_boxes) {
        int pick = -1;
        for (int i = 0; i < n_boxes; i++) {
            if (boxes[i].sse > 0.0 && (pick < 0 || boxes[i].sse > boxes[pick].sse)) {
                pick = i;
            }
        }
        if (pick < 0) {
            break;
        }
        size_t at = box_split(&boxes[pick], h, tmp);
        if (at == boxes[pick].lo) {
            boxes[pick].sse = 0.0;
            continue;
        }
        boxes[n_boxes] = (Box){.lo = at, .hi = boxes[pick].hi};
        boxes[pick].hi = at;
        box_measure(&boxes[pick], h);
        box_measure(&boxes[n_boxes], h);
        n_boxes++;
    }
    for (int i = 0; i < n_boxes; i++) {
        for (int c = 0; c < 3; c++) {
            w->palette[w->n_reserved + i][c] = channel_round(boxes[i].sum[c] / boxes[i].n);
        }
    }
    w->n_colors = w->n_reserved + n_boxes;
    palette_refine(h, count, w->palette, w->n_reserved, w->n_colors);
    search_init(&w->search, (const unsigned char (*)[3])w->palette, w->n_colors);
    free(tmp);
    free(h);
    return true;
}

/* ---- mapping frames to the palette ---- */

/* Looks up (and remembers) the palette entry nearest to the centre of a table cell. */
static inline uint32_t lut_key(int r, int g, int b)
{
    return (uint32_t)(r >> GIF_WRITER_LUT_SHIFT) << (2 * GIF_WRITER_LUT_BITS) |
           (uint32_t)(g >> GIF_WRITER_LUT_SHIFT) << GIF_WRITER_LUT_BITS |
           (uint32_t)(b >> GIF_WRITER_LUT_SHIFT);
}

/* The palette entry of a LUT cell: a reserved colour (a run's) that lies in the cell is
 * kept exactly, since the median cut may hold near-copies of it (its anti-aliased edges)
 * closer to the cell's centre; else the entry nearest to the centre. */
static unsigned lut_fill(GifWriter *w, uint32_t key)
{
    for (int i = 0; i < w->n_reserved; i++) {
        if (lut_key(w->reserved[i][0], w->reserved[i][1], w->reserved[i][2]) == key) {
            w->lut[key] = (uint16_t)(i + 1);
            return (unsigned)i + 1;
        }
    }
    const int mask = (1 << GIF_WRITER_LUT_BITS) - 1, cell = 1 << GIF_WRITER_LUT_SHIFT;
    int r = (int)(key >> (2 * GIF_WRITER_LUT_BITS)) & mask;
    int g = (int)(key >> GIF_WRITER_LUT_BITS) & mask;
    int b = (int)key & mask;
    /* Doubled centre of the cell [k * cell, (k + 1) * cell - 1]. */
    int k = search_nearest(&w->search, 2 * r * cell + cell - 1, 2 * g * cell + cell - 1,
                           2 * b * cell + cell - 1);
    w->lut[key] = (uint16_t)(k + 1);
    return (unsigned)k + 1;
}

static inline int channel_clamp(int v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* Maps the frame into w->cur, top row first. */
static void frame_map(GifWriter *w, const unsigned char *rgba, int stride, bool bottom_up)
{
    static const unsigned char bayer[64] = {
        0,  32, 8,  40, 2,  34, 10, 42, 48, 16, 56, 24, 50, 18, 58, 26,
        12, 44, 4,  36, 14, 46, 6,  38, 60, 28, 52, 20, 62, 30, 54, 22,
        3,  35, 11, 43, 1,  33, 9,  41, 51, 19, 59, 27, 49, 17, 57, 25,
        15, 47, 7,  39, 13, 45, 5,  37, 63, 31, 55, 23, 61, 29, 53, 21,
    };
    int offset[64];
    for (int i = 0; i < 64; i++) {
        offset[i] = (2 * bayer[i] + 1) * GIF_WRITER_DITHER_SPREAD / 128 -
                    GIF_WRITER_DITHER_SPREAD / 2;
    }
    for (int y = 0; y < w->height; y++) {
        int row = bottom_up ? w->height - 1 - y : y;
        const unsigned char *p = rgba + (size_t)row * (size_t)stride;
        unsigned char *dst = w->cur + (size_t)y * (size_t)w->width;
        if (!w->dither) {
            for (int x = 0; x < w->width; x++, p += 4) {
                uint32_t key = lut_key(p[0], p[1], p[2]);
                unsigned e = w->lut[key];
                if (!e) {
                    e = lut_fill(w, key);
                }
                dst[x] = (unsigned char)(e - 1);
            }
            continue;
        }
        const int *d = offset + 8 * (y & 7);
        for (int x = 0; x < w->width; x++, p += 4) {
            int o = d[x & 7];
            uint32_t key = lut_key(channel_clamp(p[0] + o), channel_clamp(p[1] + o),
                                   channel_clamp(p[2] + o));
            unsigned e = w->lut[key];
            if (!e) {
                e = lut_fill(w, key);
            }
            dst[x] = (unsigned char)(e - 1);
        }
    }
}

/* The bounding rectangle [x0, x1) x [y0, y1) of pixels that differ from the canvas; false if
 * the frame is the same as the canvas. */
static bool frame_changes(const GifWriter *w, int *x0, int *y0, int *x1, int *y1)
{
    int width = w->width, top = -1, bottom = -1, left = width, right = -1;
    for (int y = 0; y < w->height; y++) {
        const unsigned char *c = w->cur + (size_t)y * (size_t)width;
        const unsigned char *p = w->prev + (size_t)y * (size_t)width;
        if (memcmp(c, p, (size_t)width) == 0) {
            continue;
        }
        if (top < 0) {
            top = y;
        }
        bottom = y;
        /* Only columns outside the rectangle so far can widen it. */
        int a = 0;
        while (a < left && c[a] == p[a]) {
            a++;
        }
        left = a < left ? a : left;
        int b = width - 1;
        while (b > right && c[b] == p[b]) {
            b--;
        }
        right = b > right ? b : right;
    }
    *x0 = left;
    *y0 = top;
    *x1 = right + 1;
    *y1 = bottom + 1;
    return top >= 0;
}

/* ---- encoding ---- */

/* giflib's output callback: every byte goes through here, so no write error goes unseen
 * (giflib ignores the result of many of its own writes). */
static int write_bytes(GifFileType *gif, const GifByteType *buf, int len)
{
    GifWriter *w = gif->UserData;
    if (w->write_errno != 0) {
        return 0;
    }
    errno = 0;
    if (len > 0 && fwrite(buf, 1, (size_t)len, w->out.f) != (size_t)len) {
        w->write_errno = errno ? errno : EIO;
        return 0;
    }
    return len;
}

/* Marks the writer failed and explains why, preferring the system's reason. */
static bool writer_fail(GifWriter *w, int gif_error, char *err, size_t errlen)
{
    const char *why = w->write_errno ? strerror(w->write_errno) : GifErrorString(gif_error);
    snprintf(err, errlen, "cannot write '%s': %s", w->path, why ? why : "GIF encoder error");
    w->failed = true;
    return false;
}

/* Screen descriptor with the global palette, then the NETSCAPE2.0 loop-forever block. */
static bool header_put(GifWriter *w, int *gif_error)
{
    w->gif = EGifOpen(w, write_bytes, gif_error);
    if (!w->gif) {
        return false;
    }
    EGifSetGifVersion(w->gif, true);
    GifColorType colors[GIF_WRITER_PALETTE] = {{0, 0, 0}};
    for (int i = 0; i < w->n_colors; i++) {
        colors[i] = (GifColorType){w->palette[i][0], w->palette[i][1], w->palette[i][2]};
    }
    ColorMapObject *map = GifMakeMapObject(GIF_WRITER_PALETTE, colors);
    if (!map) {
        *gif_error = E_GIF_ERR_NOT_ENOUGH_MEM;
        return false;
    }
    int rc = EGifPutScreenDesc(w->gif, w->width, w->height, 8, 0, map);
    GifFreeMapObject(map);
    /* Sub-block {1, loop count 0 (little-endian)}: repeat forever. */
    static const GifByteType loop[3] = {1, 0, 0};
    if (rc == GIF_ERROR ||
        EGifPutExtensionLeader(w->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(w->gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
        EGifPutExtensionBlock(w->gif, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(w->gif) == GIF_ERROR) {
        *gif_error = w->gif->Error;
        return false;
    }
    return true;
}

/* One image: the rectangle [x0, x1) x [y0, y1) of w->cur. In a delta frame, pixels equal to
 * the canvas are written transparent: long runs of one index compress far better. */
static bool frame_put(GifWriter *w, int x0, int y0, int x1, int y1, bool delta)
{
    GraphicsControlBlock gcb = {
        .DisposalMode = DISPOSE_DO_NOT,
        .UserInputFlag = false,
        .DelayTime = w->delay_cs,
        .TransparentColor = delta ? GIF_WRITER_TRANSPARENT : NO_TRANSPARENT_COLOR,
    };
    GifByteType ext[4];
    size_t len = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(w->gif, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) == GIF_ERROR ||
        EGifPutImageDesc(w->gif, x0, y0, x1 - x0, y1 - y0, false, NULL) == GIF_ERROR) {
        return false;
    }
    for (int y = y0; y < y1; y++) {
        size_t at = (size_t)y * (size_t)w->width + (size_t)x0;
        const unsigned char *c = w->cur + at, *p = w->prev + at;
        for (int x = 0; x < x1 - x0; x++) {
            w->line[x] = delta && c[x] == p[x] ? GIF_WRITER_TRANSPARENT : c[x];
        }
        if (EGifPutLine(w->gif, w->line, x1 - x0) == GIF_ERROR) {
            return false;
        }
    }
    return true;
}

bool gif_writer_add_frame(GifWriter *w, const unsigned char *rgba, int stride_bytes,
                          bool bottom_up, char *err, size_t errlen)
{
    assert(stride_bytes >= 4 * w->width);
    if (w->failed) {
        snprintf(err, errlen, "cannot write '%s': an earlier frame failed", w->path);
        return false;
    }
    bool first = w->n_frames == 0;
    if (first && !palette_choose(w, rgba, stride_bytes)) {
        snprintf(err, errlen, "cannot write '%s': out of memory choosing the palette",
                 w->path);
        return false;
    }
    int gif_error = 0;
    if (first && !header_put(w, &gif_error)) {
        return writer_fail(w, gif_error, err, errlen);
    }
    frame_map(w, rgba, stride_bytes, bottom_up);
    int x0 = 0, y0 = 0, x1 = w->width, y1 = w->height;
    if (!first && !frame_changes(w, &x0, &y0, &x1, &y1)) {
        /* Nothing changed, but the frame still needs an image to carry its delay. */
        x0 = y0 = 0;
        x1 = y1 = 1;
    }
    if (!frame_put(w, x0, y0, x1, y1, !first) || w->write_errno) {
        return writer_fail(w, w->gif->Error, err, errlen);
    }
    unsigned char *t = w->prev;
    w->prev = w->cur;
    w->cur = t;
    w->n_frames++;
    return true;
}

bool gif_writer_close(GifWriter *w, char *err, size_t errlen)
{
    bool ok = true;
    if (w->n_frames == 0) {
        snprintf(err, errlen, "cannot write '%s': no frames", w->path);
        ok = false;
    } else if (w->failed) {
        snprintf(err, errlen, "cannot write '%s': an earlier frame failed", w->path);
        ok = false;
    }
    if (w->gif) {
        int gif_error = 0;
        if (EGifCloseFile(w->gif, &gif_error) == GIF_ERROR && ok) {
            ok = writer_fail(w, gif_error, err, errlen);
        }
        w->gif = NULL;
    }
    if (ok && w->write_errno) {
        ok = writer_fail(w, 0, err, errlen);
    }
    if (ok) {
        ok = outfile_commit(&w->out, err, errlen);
    } else {
        outfile_abort(&w->out);
    }
    writer_free(w);
    return ok;
}

void gif_writer_abort(GifWriter *w)
{
    if (!w) {
        return;
    }
    if (w->gif) {
        EGifCloseFile(w->gif, NULL);
    }
    outfile_abort(&w->out);
    writer_free(w);
}
