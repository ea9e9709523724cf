/* pngio.c - the PNG writer shared by the exports, on zlib alone and on threads: rows get the
 * SUB filter (a run of one colour becomes zeros), RGB when the image is opaque, and bands of
 * rows are deflated at once by one thread each (our own runs-only encoding with deflate's
 * fixed codes, or where that compresses poorly zlib's level 1 run-length strategy), each
 * band a raw deflate stream that ends on a byte boundary (a sync flush; the last one final),
 * so that their concatenation is the image's one zlib stream (pigz's way), its Adler-32
 * combined from the bands'. Written through util/outfile (a regular file is replaced only
 * once complete; links, FIFOs and devices are written, never replaced).
 */
#include "render/pngio.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "util/hugemem.h"
#include "util/outfile.h"
#include "util/vectorize.h"

/* Bands: at most this many threads, and no band under PNGIO_MIN_BAND_BYTES of filtered rows
 * (a thread costs more than deflating less). */
enum {
    PNGIO_ZLIB_LEVEL = 1,
    PNGIO_MAX_BANDS = 8,
    PNGIO_MIN_BAND_BYTES = 1 << 18,
    /* under the 64 KB - 262 of input at which zlib first slides its window */
    PNGIO_CHUNK_BYTES = 65000
};

typedef struct {
    /* the image */
    const unsigned char *rgba;
    int w, stride, h;
    bool bottom_up, opaque;
    /* this band: rows [y0, y1) of the image, top first */
    int y0, y1;
    bool last;
    const struct PngioCodes *codes; /* pngio_band_runs' */
    /* the result: IDAT chunk data (the zlib header first when y0 == 0), its CRC-32 over the
     * chunk type and data, the band's Adler-32 of the filtered rows; ok false when out of
     * memory or zlib failed; mem the band's one allocation (zlib's arena, then out) */
    unsigned char *mem, *out;
    size_t n_out;
    uLong crc, adler;
    bool ok;
} PngioBand;

/* Row y (top first) filtered with SUB into dst: the filter byte, then each byte minus the one
 * a pixel to the left (bpp 3 or 4 bytes). */
static void pngio_filter_row(const PngioBand *b, int y, unsigned char *dst)
{
    int row = b->bottom_up ? b->h - 1 - y : y;
    const unsigned char *p = b->rgba + (size_t)row * (size_t)b->stride;
    *dst++ = 1; /* SUB */
    if (b->opaque) {
        /* A pixel at a time: its four bytes minus the left one's, bytewise (SWAR: the high
         * bits apart so that no borrow crosses a byte), stored as four bytes of which the
         * next pixel's store overwrites the fourth (the last pixel's goes into the next
         * row's filter byte, written after, or the buffer's slack: pngio_band_deflate). */
        const uint32_t H = 0x80808080u;
        uint32_t left = 0;
        for (int x = 0; x < b->w; x++, p += 4, dst += 3) {
            uint32_t cur, d;
            memcpy(&cur, p, 4);
            d = ((cur | H) - (left & ~H)) ^ ((cur ^ ~left) & H);
            memcpy(dst, &d, 4);
            left = cur;
        }
    } else {
        dst[0] = p[0], dst[1] = p[1], dst[2] = p[2], dst[3] = p[3];
        for (int i = 4; i < 4 * b->w; i++)
            dst[i] = (unsigned char)(p[i] - p[i - 4]);
    }
}

/* Adler-32 of n bytes continued from adler, as zlib's adler32 but in blocks of
 * PNGIO_ADLER_BLOCK bytes whose sums GCC vectorizes (zlib 1.2's takes a byte at a time: a
 * third of the writer's time here). Per block of k bytes, a += sum p[i] and b += k a_before
 * + sum (k - i) p[i]; both sums fit in 32 bits for k <= 4096 (4096^2 255 / 2 < 2^32). */
enum { PNGIO_ADLER_BLOCK = 4096, PNGIO_ADLER_MOD = 65521 };

UTIL_VECTORIZE static uLong pngio_adler32(uLong adler, const unsigned char *p, size_t n)
{
    uint32_t a = (uint32_t)(adler & 0xffff), b = (uint32_t)(adler >> 16);
    while (n > 0) {
        uint32_t k = n < PNGIO_ADLER_BLOCK ? (uint32_t)n : PNGIO_ADLER_BLOCK;
        uint32_t sum = 0, weighted = 0;
        for (uint32_t i = 0; i < k; i++) {
            sum += p[i];
            weighted += (k - i) * (uint32_t)p[i];
        }
        b = (uint32_t)(((uint64_t)b + (uint64_t)k * a + weighted) % PNGIO_ADLER_MOD);
        a = (a + sum) % PNGIO_ADLER_MOD;
        p += k;
        n -= k;
    }
    return (uLong)b << 16 | a;
}

/* zlib's state for one band (about 330 KB at memLevel 8: window, hash chains, pending
 * output) from one huge page, handed out in order and freed at once: as separate mallocs
 * it was ~80 fresh small pages, each a page fault. */
typedef struct {
    unsigned char *base;
    size_t used, size;
} PngioArena;

/* zlib's ~330 KB (window, hash table and chain, pending output) and one chunk of rows */
enum { PNGIO_ARENA_BYTES = 512 << 10 };

static voidpf pngio_zalloc(voidpf opaque, uInt items, uInt size)
{
    PngioArena *a = opaque;
    size_t n = ((size_t)items * size + 63) & ~(size_t)63;
    if (!a->base || n > a->size - a->used)
        return Z_NULL;
    void *p = a->base + a->used;
    a->used += n;
    return p;
}

static void pngio_zfree(voidpf opaque, voidpf p)
{
    (void)opaque, (void)p; /* the arena goes at once */
}

/* ---- The runs' own deflate ------------------------------------------------------------
 * A figure is mostly flat colour, which the SUB filter makes runs of zeros. deflate's fixed
 * Huffman codes (RFC 1951, 3.2.6) with matches at distance 1 only (zlib's run-length strategy
 * without its dynamic trees) encode such rows at memory speed: a run is a match of up to 258
 * bytes (18 bits), anything else a literal (8 or 9 bits). A band whose output grows past
 * 1 / PNGIO_RUNS_MAX_RATIO of its input (shaded surfaces, photographs) is deflated by zlib
 * instead, whose dynamic codes make it smaller. */
enum { PNGIO_RUNS_MAX_RATIO = 4 };

/* Bit strings, first bit in the lowest bit: the codes reversed (deflate sends Huffman codes
 * from their top bit). lit[v] for literal v; match[m] for a match of m bytes (3..258) at
 * distance 1: its length code, the extra bits, then distance code 0 (5 zero bits). */
typedef struct PngioCodes {
    uint32_t lit[256], match[259];
    unsigned char lit_n[256], match_n[259];
} PngioCodes;

static uint32_t pngio_reverse(uint32_t code, int n)
{
    uint32_t r = 0;
    for (int i = 0; i < n; i++, code >>= 1)
        r = r << 1 | (code & 1u);
    return r;
}

static void pngio_codes_init(PngioCodes *t)
{
    for (int v = 0; v < 256; v++) {
        bool low = v < 144;
        t->lit_n[v] = low ? 8 : 9;
        t->lit[v] = pngio_reverse(low ? 0x30u + (uint32_t)v : 0x190u + (uint32_t)v - 144u,
                                  t->lit_n[v]);
    }
    /* length symbols 257..285: base lengths and extra bits */
    static const unsigned short BASE[29] = {3,  4,  5,  6,  7,  8,  9,  10,  11,  13,
                                            15, 17, 19, 23, 27, 31, 35, 43,  51,  59,
                                            67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const unsigned char EXTRA[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                            2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    for (int m = 3; m <= 258; m++) {
        int k = 28;
        while (BASE[k] > m)
            k--;
        int sym = 257 + k;
        /* symbols 256..279: 7-bit codes from 0; 280..287: 8-bit codes from 0xc0 */
        int n = sym < 280 ? 7 : 8;
        uint32_t code = pngio_reverse(sym < 280 ? (uint32_t)(sym - 256)
                                                : 0xc0u + (uint32_t)(sym - 280), n);
        t->match[m] = code | (uint32_t)(m - BASE[k]) << n;
        t->match_n[m] = (unsigned char)(n + EXTRA[k] + 5); /* distance code 0: 00000 */
    }
}

/* A bit writer into out (the caller sees to the room). */
typedef struct {
    uint64_t acc;
    int n;
    unsigned char *out;
} PngioBits;

static inline void pngio_put(PngioBits *w, uint32_t bits, int n)
{
    w->acc |= (uint64_t)bits << w->n;
    w->n += n;
    while (w->n >= 8) {
        *w->out++ = (unsigned char)w->acc;
        w->acc >>= 8;
        w->n -= 8;
    }
}

/* The bytes of one chunk of filtered rows as literals and distance-1 matches; *prev the byte
 * before in the band (-1: none, the band's first byte). Runs are counted 8 bytes at a time. */
static void pngio_runs_chunk(const PngioCodes *t, PngioBits *w, const unsigned char *p,
                             size_t n, int *prev)
{
    size_t i = 0;
    while (i < n) {
        if (*prev >= 0) {
            uint64_t v = (uint64_t)*prev * 0x0101010101010101u;
            size_t len = 0;
            while (i + len + 8 <= n) {
                uint64_t word;
                memcpy(&word, p + i + len, 8);
                uint64_t x = word ^ v;
                if (x) {
                    len += (size_t)__builtin_ctzll(x) / 8; /* little-endian: first byte low */
                    goto counted;
                }
                len += 8;
            }
            while (i + len < n && p[i + len] == (unsigned char)*prev)
                len++;
        counted:
            if (len >= 3) {
                size_t left = len;
                for (; left >= 3; left -= left > 258 ? 258 : left)
                    pngio_put(w, t->match[left > 258 ? 258 : left],
                              t->match_n[left > 258 ? 258 : left]);
                for (; left > 0; left--) /* the 1 or 2 bytes a match cannot take */
                    pngio_put(w, t->lit[*prev], t->lit_n[*prev]);
                i += len;
                continue;
            }
        }
        *prev = p[i];
        pngio_put(w, t->lit[p[i]], t->lit_n[p[i]]);
        i++;
    }
}

/* The band by pngio_runs_chunk into b->out + head: one block of fixed codes, the last band's
 * final, another's followed by an empty stored block (zlib's sync flush: the next band starts
 * on a byte). false, leaving b->out's contents undefined, as soon as the output passes
 * 1 / PNGIO_RUNS_MAX_RATIO of the rows read (pngio_band_deflate's room allows for that and
 * one more chunk of 9-bit literals). */
static bool pngio_band_runs(PngioBand *b, unsigned char *in, size_t row_bytes, int chunk,
                            size_t head)
{
    PngioBits w = {.out = b->out + head};
    b->adler = adler32(0L, Z_NULL, 0);
    pngio_put(&w, (b->last ? 1u : 0u) | 1u << 1, 3); /* BFINAL, then BTYPE 01: fixed codes */
    int prev = -1;
    size_t read = 0;
    for (int y = b->y0; y < b->y1; y += chunk) {
        int rows = b->y1 - y < chunk ? b->y1 - y : chunk;
        for (int r = 0; r < rows; r++)
            pngio_filter_row(b, y + r, in + row_bytes * (size_t)r);
        size_t n = row_bytes * (size_t)rows;
        b->adler = pngio_adler32(b->adler, in, n);
        pngio_runs_chunk(b->codes, &w, in, n, &prev);
        read += n;
        if ((size_t)(w.out - b->out) > read / PNGIO_RUNS_MAX_RATIO + 64)
            return false;
    }
    pngio_put(&w, 0, 7); /* end of block: symbol 256, seven zero bits */
    if (!b->last)
        pngio_put(&w, 0, 3); /* a stored block, not final */
    if (w.n > 0)
        pngio_put(&w, 0, 8 - w.n); /* to a byte */
    if (!b->last) {
        static const unsigned char EMPTY[4] = {0, 0, 0xff, 0xff}; /* LEN 0, NLEN */
        memcpy(w.out, EMPTY, 4);
        w.out += 4;
    }
    b->n_out = (size_t)(w.out - b->out);
    return true;
}

static void *pngio_band_deflate(void *arg)
{
    PngioBand *b = arg;
    size_t row_bytes = 1 + (size_t)b->w * (b->opaque ? 3u : 4u);
    /* Rows are filtered a chunk at a time into one small buffer, which stays in cache (a
     * whole band's worth of fresh heap pages cost more to fault in than to deflate), and
     * each chunk is a deflate stream of its own, ended by a sync flush and followed by a
     * deflateReset: zlib slides its 32 KB window every 32 KB of input once 64 KB are in,
     * rewriting its whole hash table and chain (64 K entries) each time, which cost more
     * than the deflating itself. A chunk short of a slide never pays it; the run-length
     * strategy only refers to the byte before, so a restart costs a literal and the
     * flush's 5 bytes (0.5% of the file). */
    int chunk = (int)(PNGIO_CHUNK_BYTES / row_bytes);
    chunk = chunk < 1 ? 1 : chunk;
    int n_chunks = (b->y1 - b->y0 + chunk - 1) / chunk;
    /* One allocation for the band: zlib's arena, then the compressed output, whose bound
     * is generous but of which only the few hundred KB deflate writes are touched: arena
     * and output together fit the first huge page, one page to clear instead of two. */
    size_t head = b->y0 == 0 ? 2 : 0;
    size_t cap = head + (size_t)n_chunks *
                            (deflateBound(Z_NULL, (uLong)(row_bytes * (size_t)chunk)) + 16);
    /* pngio_band_runs: up to the ratio's limit, then one more chunk of 9-bit literals */
    size_t cap_runs = head + row_bytes * (size_t)(b->y1 - b->y0) / PNGIO_RUNS_MAX_RATIO + 64 +
                      row_bytes * (size_t)chunk * 9 / 8 + 64;
    cap = cap > cap_runs ? cap : cap_runs;
    b->mem = hugemem_alloc(PNGIO_ARENA_BYTES + cap);
    PngioArena arena = {.base = b->mem, .size = PNGIO_ARENA_BYTES};
    /* + 4: pngio_filter_row stores a row's last pixel as four bytes */
    unsigned char *in = pngio_zalloc(&arena, 1, (uInt)(row_bytes * (size_t)chunk + 4));
    if (in) {
        b->out = b->mem + PNGIO_ARENA_BYTES;
        b->out[0] = 0x78, b->out[1] = 0x01; /* deflate, 32 KB window, fastest; FCHECK */
        if (pngio_band_runs(b, in, row_bytes, chunk, head)) {
            b->ok = true;
            b->crc = crc32(crc32(0L, (const Bytef *)"IDAT", 4), b->out, (uInt)b->n_out);
            return NULL;
        }
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = pngio_zalloc;
    z.zfree = pngio_zfree;
    z.opaque = &arena;
    /* raw deflate (-15): the zlib header and Adler-32 are written once for all bands */
    if (!in || deflateInit2(&z, PNGIO_ZLIB_LEVEL, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK) {
        free(b->mem);
        b->mem = NULL;
        return NULL;
    }
    b->out = b->mem + PNGIO_ARENA_BYTES;
    b->adler = adler32(0L, Z_NULL, 0);
    b->ok = true;
    b->out[0] = 0x78, b->out[1] = 0x01; /* deflate, 32 KB window, fastest; FCHECK */
    z.next_out = b->out + head;
    z.avail_out = (uInt)(cap - head);
    for (int y = b->y0; b->ok && y < b->y1; y += chunk) {
        int rows = b->y1 - y < chunk ? b->y1 - y : chunk;
        for (int r = 0; r < rows; r++)
            pngio_filter_row(b, y + r, in + row_bytes * (size_t)r);
        z.next_in = in;
        z.avail_in = (uInt)(row_bytes * (size_t)rows);
        b->adler = pngio_adler32(b->adler, in, z.avail_in);
        /* a chunk ends with a sync flush (on a byte boundary, the stream not ended), the
         * image's last one with the final block */
        bool final = b->last && y + rows >= b->y1;
        int rc = deflate(&z, final ? Z_FINISH : Z_SYNC_FLUSH);
        b->ok = (final ? rc == Z_STREAM_END : rc == Z_OK) && z.avail_in == 0 &&
                (final || deflateReset(&z) == Z_OK);
    }
    if (b->ok) {
        b->n_out = cap - z.avail_out;
        b->crc = crc32(crc32(0L, (const Bytef *)"IDAT", 4), b->out, (uInt)b->n_out);
    }
    deflateEnd(&z);
    return NULL;
}

static void pngio_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC-32 (crc over type and data, or computed here when
 * have_crc is false). */
static bool pngio_chunk(FILE *fp, const char *type, const unsigned char *data, size_t n,
                        bool have_crc, uLong crc)
{
    unsigned char len[4], c[4];
    pngio_be32(len, (uint32_t)n);
    if (!have_crc) {
        crc = crc32(0L, (const Bytef *)type, 4);
        crc = n > 0 ? crc32(crc, data, (uInt)n) : crc; /* crc32(crc, NULL, 0) restarts */
    }
    pngio_be32(c, (uint32_t)crc);
    return fwrite(len, 1, 4, fp) == 4 && fwrite(type, 1, 4, fp) == 4 &&
           (n == 0 || fwrite(data, 1, n, fp) == n) && fwrite(c, 1, 4, fp) == 4;
}

static bool pngio_opaque(int w, int h, const unsigned char *rgba, int stride)
{
    for (int y = 0; y < h; y++) {
        const unsigned char *p = rgba + (size_t)y * (size_t)stride + 3;
        unsigned all = 255;
        for (int x = 0; x < w; x++)
            all &= p[4 * x];
        if (all != 255)
            return false;
    }
    return true;
}

/* Encodes the image into fp; false with a message in msg. */
static bool pngio_encode(FILE *fp, int w, int h, const unsigned char *rgba, int stride,
                         bool bottom_up, bool ignore_alpha, char *msg, size_t msglen)
{
    bool opaque = ignore_alpha || pngio_opaque(w, h, rgba, stride);
    size_t row_bytes = 1 + (size_t)w * (opaque ? 3u : 4u);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = (int)(row_bytes * (size_t)h / PNGIO_MIN_BAND_BYTES);
    n = n < 1 ? 1 : n > cores ? (int)(cores > 0 ? cores : 1) : n;
    n = n > PNGIO_MAX_BANDS ? PNGIO_MAX_BANDS : n > h ? h : n;
    PngioBand band[PNGIO_MAX_BANDS];
    PngioCodes codes;
    pngio_codes_init(&codes);
    for (int i = 0; i < n; i++)
        band[i] = (PngioBand){.rgba = rgba, .w = w, .stride = stride, .h = h,
                              .bottom_up = bottom_up, .opaque = opaque, .codes = &codes,
                              .y0 = (int)((long)h * i / n), .y1 = (int)((long)h * (i + 1) / n),
                              .last = i == n - 1};
    /* bands 1.. on threads, band 0 here; a thread that cannot start leaves its band to us */
    pthread_t tid[PNGIO_MAX_BANDS];
    bool started[PNGIO_MAX_BANDS] = {false};
    for (int i = 1; i < n; i++)
        started[i] = pthread_create(&tid[i], NULL, pngio_band_deflate, &band[i]) == 0;
    pngio_band_deflate(&band[0]);
    for (int i = 1; i < n; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            pngio_band_deflate(&band[i]);
    }
    bool ok = true;
    uLong adler = adler32(0L, Z_NULL, 0);
    for (int i = 0; i < n; i++) {
        ok = ok && band[i].ok;
        if (ok)
            adler = adler32_combine(adler, band[i].adler,
                                    (z_off_t)(row_bytes * (size_t)(band[i].y1 - band[i].y0)));
    }
    if (!ok)
        snprintf(msg, msglen, "out of memory");
    static const unsigned char sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    unsigned char ihdr[13], tail[4];
    pngio_be32(ihdr, (uint32_t)w);
    pngio_be32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;                /* bits per channel */
    ihdr[9] = opaque ? 2 : 6;   /* RGB or RGBA */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no interlace */
    pngio_be32(tail, (uint32_t)adler);
    if (ok) {
        ok = fwrite(sig, 1, 8, fp) == 8 && pngio_chunk(fp, "IHDR", ihdr, 13, false, 0);
        for (int i = 0; ok && i < n; i++)
            ok = pngio_chunk(fp, "IDAT", band[i].out, band[i].n_out, true, band[i].crc);
        ok = ok && pngio_chunk(fp, "IDAT", tail, 4, false, 0) &&
             pngio_chunk(fp, "IEND", NULL, 0, false, 0);
        if (!ok)
            snprintf(msg, msglen, "write error");
    }
    for (int i = 0; i < n; i++)
        free(band[i].mem);
    return ok;
}

static bool pngio_write(const char *path, int w, int h, const unsigned char *rgba, int stride,
                        bool bottom_up, bool ignore_alpha, char *err, size_t errlen)
{
    if (w <= 0 || h <= 0 || stride < 4 * w || !rgba) {
        snprintf(err, errlen, "%s: invalid image (%dx%d, stride %d)", path, w, h, stride);
        return false;
    }
    OutFile out;
    if (!outfile_open(&out, path, false, err, errlen)) {
        return false;
    }
    char msg[256] = "";
    if (!pngio_encode(out.f, w, h, rgba, stride, bottom_up, ignore_alpha, msg, sizeof msg)) {
        outfile_abort(&out);
        snprintf(err, errlen, "cannot write '%s': %s", path, msg);
        return false;
    }
    return outfile_commit(&out, err, errlen);
}

bool pngio_write_rgba(const char *path, int w, int h, const unsigned char *rgba, int stride,
                      bool bottom_up, char *err, size_t errlen)
{
    return pngio_write(path, w, h, rgba, stride, bottom_up, false, err, errlen);
}

bool pngio_write_rgbx(const char *path, int w, int h, const unsigned char *rgbx, int stride,
                      bool bottom_up, char *err, size_t errlen)
{
    return pngio_write(path, w, h, rgbx, stride, bottom_up, true, err, errlen);
}
