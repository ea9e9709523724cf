/* canvas_record.c - a frame's calls recorded, matched against the last frame's, and replayed
 * inside the boxes that changed (see canvas_record.h). */
#include "render/canvas_record.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <epoxy/gl.h>

#include "figure/plot.h"
#include "render/canvas_gl.h"

typedef enum {
    REC_BEGIN,
    REC_CLIP,
    REC_CLIP_OFF,
    REC_RECT,
    REC_ROUND_RECT,
    REC_CONVEX,
    REC_STROKE,
    REC_POLYLINE,
    REC_TEXT,
    REC_PLOT,
} RecOp;

/* One call. Unused numbers stay zero, so a call hashes the same from frame to frame. */
typedef struct {
    RecOp op;
    int face;          /* REC_TEXT */
    int i[6];          /* REC_BEGIN: target w, h, x, y, w, h; REC_CLIP: x, y, w, h;
                        * REC_PLOT: slot, x, y, w, h, index into scenes */
    float f[12];       /* shapes' coordinates; REC_STROKE: x0, y0, x1, y1 and the style */
    Rgba col;
    size_t data, n;    /* REC_TEXT: offset of its bytes in text; REC_CONVEX, REC_POLYLINE:
                        * offset of its n points in pts */
    PixelBox box;      /* the target pixels it may touch (state calls: empty) */
    uint64_t hash;     /* what it draws and where, the clip and frame in force included */
} RecCmd;

/* A frame's calls. */
typedef struct {
    RecCmd *cmd;
    size_t n, cap;
    char *text;
    size_t n_text, cap_text;
    float *pts;
    size_t n_pts, cap_pts;
    PlotScene *scenes;
    size_t n_scenes, cap_scenes;
    int w, h;
} RecFrame;

typedef struct {
    Canvas base;
    Canvas *gl;
    RecFrame frame[2];
    int cur;            /* frame[cur] is being recorded; frame[!cur] is the last replayed */
    bool have_last;     /* frame[!cur] is what the target holds */
    size_t replayed;    /* calls of frame[cur] replayed so far */
    GLint fbo;          /* the framebuffer of canvas_record_begin */
    /* The state while recording, in target pixels. */
    int ox, oy;         /* origin of the frame begun on */
    PixelBox frame_box; /* the frame begun on */
    PixelBox clip_box;  /* the clip in force (the frame when none) */
    DamageList plot_damage; /* what the plots' caches said changed */
} Recorder;

static Recorder *rec(Canvas *c)
{
    return (Recorder *)c;
}

/* ---- Growing arrays --------------------------------------------------------------- */

static bool rec_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(*p, cap2 * size);
    if (!q)
        return false;
    *p = q;
    *cap = cap2;
    return true;
}

static void rec_frame_clear(RecFrame *f, int w, int h)
{
    f->n = f->n_text = f->n_pts = f->n_scenes = 0;
    f->w = w;
    f->h = h;
}

static void rec_frame_free(RecFrame *f)
{
    free(f->cmd);
    free(f->text);
    free(f->pts);
    free(f->scenes);
    memset(f, 0, sizeof *f);
}

/* A new call of frame f (zeroed), or NULL when out of memory (the call is dropped, and the
 * frame will be replayed whole: see rec_replay). */
static RecCmd *rec_push(Recorder *r, RecOp op)
{
    RecFrame *f = &r->frame[r->cur];
    if (!rec_grow((void **)&f->cmd, &f->cap, f->n + 1, sizeof *f->cmd)) {
        r->have_last = false;
        return NULL;
    }
    RecCmd *c = &f->cmd[f->n++];
    memset(c, 0, sizeof *c);
    c->op = op;
    return c;
}

/* ---- Hashing ---------------------------------------------------------------------- */

static uint64_t rec_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t rec_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, b + i, 8);
        h = rec_mix(h, v);
    }
    uint64_t tail = 0;
    memcpy(&tail, b + i, n - i);
    return rec_mix(rec_mix(h, tail), n);
}

/* The hash of a call from its numbers, its data and the state it draws under. */
static void rec_seal(Recorder *r, RecCmd *c, const void *data, size_t bytes)
{
    uint64_t h = rec_mix(0x84222325cbf29ce4ull, (uint64_t)c->op * 31u + (uint64_t)c->face);
    h = rec_bytes(h, c->i, sizeof c->i);
    h = rec_bytes(h, c->f, sizeof c->f);
    h = rec_bytes(h, &c->col, sizeof c->col);
    const int state[6] = {r->ox, r->oy, r->clip_box.x0, r->clip_box.y0, r->clip_box.x1,
                          r->clip_box.y1};
    h = rec_bytes(h, state, sizeof state);
    if (data)
        h = rec_bytes(h, data, bytes);
    c->hash = h;
}

/* ---- Boxes ------------------------------------------------------------------------ */

/* The target pixels of the frame-relative float box [x0, x1] x [y0, y1] grown by pad, cut
 * to the clip in force. */
static PixelBox rec_box(const Recorder *r, float x0, float y0, float x1, float y1, float pad)
{
    if (!(isfinite(x0) && isfinite(y0) && isfinite(x1) && isfinite(y1)))
        return r->clip_box; /* whatever it is, it stays inside the clip */
    PixelBox b = {(int)floorf(x0 - pad) + r->ox, (int)floorf(y0 - pad) + r->oy,
                  (int)ceilf(x1 + pad) + r->ox, (int)ceilf(y1 + pad) + r->oy};
    return pixelbox_intersect(b, r->clip_box);
}

/* The box of n points (non-finite ones skipped) grown by pad. */
static PixelBox rec_points_box(const Recorder *r, const float *xy, int n, float pad)
{
    DamageBounds b = damage_bounds_none();
    for (int k = 0; k < n; k++)
        damage_bounds_add(&b, xy[2 * k], xy[2 * k + 1]);
    if (!damage_bounds_any(b))
        return (PixelBox){0, 0, 0, 0};
    return rec_box(r, (float)b.x0, (float)b.y0, (float)b.x1, (float)b.y1, pad);
}

/* Antialiased edges reach a pixel past a shape's outline; this covers rounding too. */
static const float REC_EDGE_PAD = 2.0f;

/* ---- The recording canvas --------------------------------------------------------- */

static void rec_destroy(Canvas *c)
{
    Recorder *r = rec(c);
    rec_frame_free(&r->frame[0]);
    rec_frame_free(&r->frame[1]);
    free(r);
}

static void rec_begin(Canvas *c, int target_w, int target_h, int x, int y, int w, int h)
{
    Recorder *r = rec(c);
    RecCmd *k = rec_push(r, REC_BEGIN);
    if (k) {
        const int v[6] = {target_w, target_h, x, y, w, h};
        memcpy(k->i, v, sizeof v);
    }
    r->ox = x;
    r->oy = y;
    r->frame_box = pixelbox_intersect((PixelBox){x, y, x + w, y + h},
                                      (PixelBox){0, 0, target_w, target_h});
    r->clip_box = r->frame_box;
}

static void rec_flush(Canvas *c)
{
    (void)c; /* a replay flushes at its end */
}

static void rec_clip(Canvas *c, int x, int y, int w, int h)
{
    Recorder *r = rec(c);
    RecCmd *k = rec_push(r, REC_CLIP);
    if (k) {
        const int v[4] = {x, y, w, h};
        memcpy(k->i, v, sizeof v);
    }
    r->clip_box = pixelbox_intersect((PixelBox){x + r->ox, y + r->oy, x + w + r->ox,
                                                y + h + r->oy},
                                     r->frame_box);
}

static void rec_clip_off(Canvas *c)
{
    Recorder *r = rec(c);
    rec_push(r, REC_CLIP_OFF);
    r->clip_box = r->frame_box;
}

static void rec_rect_like(Canvas *c, RecOp op, float x, float y, float w, float h, float rad,
                          Rgba col)
{
    Recorder *r = rec(c);
    RecCmd *k = rec_push(r, op);
    if (!k)
        return;
    k->f[0] = x;
    k->f[1] = y;
    k->f[2] = w;
    k->f[3] = h;
    k->f[4] = rad;
    k->col = col;
    k->box = rec_box(r, x, y, x + w, y + h, REC_EDGE_PAD);
    rec_seal(r, k, NULL, 0);
}

static void rec_rect(Canvas *c, float x, float y, float w, float h, Rgba col)
{
    rec_rect_like(c, REC_RECT, x, y, w, h, 0.0f, col);
}

static void rec_round_rect(Canvas *c, float x, float y, float w, float h, float rad, Rgba col)
{
    rec_rect_like(c, REC_ROUND_RECT, x, y, w, h, rad, col);
}

/* A call with n points (convex, polyline) kept in the frame's point array. */
static void rec_points(Canvas *c, RecOp op, const float *xy, int n, float width, Rgba col)
{
    Recorder *r = rec(c);
    RecFrame *f = &r->frame[r->cur];
    if (!rec_grow((void **)&f->pts, &f->cap_pts, f->n_pts + 2 * (size_t)n, sizeof *f->pts)) {
        r->have_last = false;
        return;
    }
    RecCmd *k = rec_push(r, op);
    if (!k)
        return;
    k->data = f->n_pts;
    k->n = (size_t)n;
    memcpy(f->pts + f->n_pts, xy, 2 * (size_t)n * sizeof *xy);
    f->n_pts += 2 * (size_t)n;
    k->f[0] = width;
    k->col = col;
    k->box = rec_points_box(r, xy, n, 0.5f * width + REC_EDGE_PAD);
    rec_seal(r, k, xy, 2 * (size_t)n * sizeof *xy);
}

static void rec_convex(Canvas *c, const float *xy, int n, Rgba col)
{
    rec_points(c, REC_CONVEX, xy, n, 0.0f, col);
}

static void rec_polyline(Canvas *c, const float *xy, int n, float width, Rgba col)
{
    rec_points(c, REC_POLYLINE, xy, n, width, col);
}

static void rec_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s)
{
    Recorder *r = rec(c);
    RecCmd *k = rec_push(r, REC_STROKE);
    if (!k)
        return;
    const float v[11] = {x0, y0, x1, y1, s->color[0], s->color[1], s->color[2], s->color[3],
                         s->radius, s->halo, s->halo_alpha};
    memcpy(k->f, v, sizeof v);
    float reach = s->radius + (s->halo_alpha > 0.0f ? s->halo : 0.0f) + REC_EDGE_PAD;
    k->box = rec_box(r, fminf(x0, x1), fminf(y0, y1), fmaxf(x0, x1), fmaxf(y0, y1), reach);
    rec_seal(r, k, NULL, 0);
}

static float rec_measure(Canvas *c, FontFace face, const char *utf8)
{
    return canvas_measure(rec(c)->gl, face, utf8);
}

static float rec_text(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col)
{
    Recorder *r = rec(c);
    float width = canvas_measure(r->gl, face, utf8);
    RecFrame *f = &r->frame[r->cur];
    size_t len = strlen(utf8);
    if (!rec_grow((void **)&f->text, &f->cap_text, f->n_text + len + 1, 1)) {
        r->have_last = false;
        return width;
    }
    RecCmd *k = rec_push(r, REC_TEXT);
    if (!k)
        return width;
    k->face = (int)face;
    k->f[0] = x;
    k->f[1] = y;
    k->col = col;
    k->data = f->n_text;
    k->n = len;
    memcpy(f->text + f->n_text, utf8, len + 1);
    f->n_text += len + 1;
    /* The glyphs sit on whole pixels inside the line box; a few overhang it. */
    int lh = canvas_line_height(r->gl, face);
    float pad = REC_EDGE_PAD + 0.125f * (float)canvas_face_px(r->gl, face);
    float x0 = floorf(x), y0 = floorf(y);
    k->box = rec_box(r, x0, y0, x0 + width, y0 + (float)lh, pad);
    rec_seal(r, k, utf8, len);
    return width;
}

static int rec_line_height(Canvas *c, FontFace face)
{
    return canvas_line_height(rec(c)->gl, face);
}

static int rec_face_px(Canvas *c, FontFace face)
{
    return canvas_face_px(rec(c)->gl, face);
}

static bool rec_plot(Canvas *c, int slot, const PlotScene *sc, int x, int y, int w, int h,
                     char *err, size_t errlen)
{
    Recorder *r = rec(c);
    RecFrame *f = &r->frame[r->cur];
    /* The cache, brought up to date now (offscreen), says what of its pixels will change. */
    canvas_begin(r->gl, f->w, f->h, 0, 0, f->w, f->h);
    bool ok = canvas_gl_plot_prepare(r->gl, slot, sc, x, y, w, h, &r->plot_damage, err, errlen);
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)r->fbo);
    if (!ok)
        return false;
    if (!rec_grow((void **)&f->scenes, &f->cap_scenes, f->n_scenes + 1, sizeof *f->scenes)) {
        r->have_last = false;
        return true;
    }
    RecCmd *k = rec_push(r, REC_PLOT);
    if (k) {
        f->scenes[f->n_scenes] = *sc;
        const int v[6] = {slot, x, y, w, h, (int)f->n_scenes++};
        memcpy(k->i, v, sizeof v);
        k->box = pixelbox_intersect((PixelBox){x, y, x + w, y + h},
                                    (PixelBox){0, 0, f->w, f->h});
        /* Matched by its slot and rectangle (not the scene's index in this frame). */
        k->i[5] = 0;
        rec_seal(r, k, NULL, 0);
        k->i[5] = v[5];
    }
    /* Afterwards the canvas is begun on the whole target (canvas_plot's contract). */
    rec_begin(c, f->w, f->h, 0, 0, f->w, f->h);
    return true;
}

static bool rec_busy(const Canvas *c)
{
    return canvas_busy(((const Recorder *)c)->gl);
}

static const CanvasVTable REC_VTABLE = {
    .name = "gl",
    .destroy = rec_destroy,
    .begin = rec_begin,
    .flush = rec_flush,
    .clip = rec_clip,
    .clip_off = rec_clip_off,
    .rect = rec_rect,
    .round_rect = rec_round_rect,
    .convex = rec_convex,
    .stroke = rec_stroke,
    .polyline = rec_polyline,
    .text = rec_text,
    .measure = rec_measure,
    .line_height = rec_line_height,
    .face_px = rec_face_px,
    .plot = rec_plot,
    .busy = rec_busy,
};

Canvas *canvas_record_create(Canvas *gl)
{
    Recorder *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base = (Canvas){&REC_VTABLE, gl->scale};
    r->gl = gl;
    return &r->base;
}

void canvas_record_begin(Canvas *rc, int w, int h)
{
    Recorder *r = rec(rc);
    /* The frame replayed last becomes the one to compare with (one recorded but never
     * replayed is dropped). */
    if (r->replayed > 0)
        r->cur = !r->cur;
    rec_frame_clear(&r->frame[r->cur], w, h);
    r->replayed = 0;
    r->plot_damage.n = 0;
    r->base.scale = r->gl->scale;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &r->fbo);
    r->ox = r->oy = 0;
    r->frame_box = r->clip_box = (PixelBox){0, 0, w, h};
}

void canvas_record_forget(Canvas *rc)
{
    rec(rc)->have_last = false;
}

/* ---- Matching two frames ---------------------------------------------------------- */

static bool rec_draws(const RecCmd *c)
{
    return c->op != REC_BEGIN && c->op != REC_CLIP && c->op != REC_CLIP_OFF;
}

/* Adds to d the boxes of the calls of `now` and `last` that are not in both in the same
 * order: each call of `now` takes the first call of `last` with its hash after the last one
 * taken; the calls passed over and the ones left untaken damage their boxes. false when out
 * of memory. */
static bool rec_diff(const RecFrame *now, const RecFrame *last, DamageList *d)
{
    enum { NONE = -1 };
    /* An open-addressed table: per hash, the first untaken call of `last` (head), and per
     * call the next one with the same hash. */
    typedef struct {
        uint64_t hash;
        long head;
        bool used;
    } Bucket;
    size_t cap = 64;
    while (cap < 2 * last->n)
        cap *= 2;
    Bucket *table = calloc(cap, sizeof *table);
    long *next = malloc((last->n + 1) * sizeof *next);
    bool *taken = calloc(last->n + 1, sizeof *taken);
    if (!table || !next || !taken) {
        free(table);
        free(next);
        free(taken);
        return false;
    }
    for (size_t i = last->n; i-- > 0;) {
        const RecCmd *c = &last->cmd[i];
        next[i] = NONE;
        if (!rec_draws(c))
            continue;
        size_t s = (size_t)(c->hash & (cap - 1));
        while (table[s].used && table[s].hash != c->hash)
            s = (s + 1) & (cap - 1);
        next[i] = table[s].used ? table[s].head : NONE;
        table[s] = (Bucket){c->hash, (long)i, true}; /* walking back: the first is the head */
    }
    long after = 0; /* calls of `last` before this one can no longer be taken */
    for (size_t j = 0; j < now->n; j++) {
        const RecCmd *c = &now->cmd[j];
        if (!rec_draws(c))
            continue;
        size_t s = (size_t)(c->hash & (cap - 1));
        while (table[s].used && table[s].hash != c->hash)
            s = (s + 1) & (cap - 1);
        long i = table[s].used ? table[s].head : NONE;
        while (i != NONE && i < after)
            i = next[i]; /* passed over for good: `after` only grows */
        if (i == NONE) {
            if (table[s].used)
                table[s].head = NONE;
            damage_add(d, c->box);
            continue;
        }
        table[s].head = next[i];
        taken[i] = true;
        after = i + 1;
    }
    for (size_t i = 0; i < last->n; i++)
        if (rec_draws(&last->cmd[i]) && !taken[i])
            damage_add(d, last->cmd[i].box);
    free(table);
    free(next);
    free(taken);
    return true;
}

/* ---- Replaying ------------------------------------------------------------------- */

/* Calls [from, to) of f onto the GL canvas; the drawing calls only where they touch limit
 * (NULL: all of them). */
/* The index of the last call of f that paints every pixel of box opaquely (a 2D plot, whose
 * present copies its whole cached pane over its rectangle), or 0 when none does: what the
 * calls before it draw in box is covered anyway. */
static size_t rec_last_cover(const RecFrame *f, PixelBox box)
{
    for (size_t j = f->n; j-- > 0;) {
        const RecCmd *c = &f->cmd[j];
        if (c->op == REC_PLOT && !f->scenes[c->i[5]].surface && c->box.x0 <= box.x0 &&
            c->box.y0 <= box.y0 && c->box.x1 >= box.x1 && c->box.y1 >= box.y1)
            return j;
    }
    return 0;
}

/* Plays calls from .. to-1 of f on the GL canvas: with limit, only those that meet it, and
 * of the drawing ones before the last that covers it (rec_last_cover) none. */
static bool rec_play(Recorder *r, const RecFrame *f, size_t from, size_t to,
                     const PixelBox *limit, char *err, size_t errlen)
{
    Canvas *gl = r->gl;
    size_t cover = limit ? rec_last_cover(f, *limit) : 0;
    for (size_t j = from; j < to; j++) {
        const RecCmd *c = &f->cmd[j];
        if (rec_draws(c) && limit && (j < cover || !pixelbox_meets(c->box, *limit)))
            continue;
        const float *p = f->pts + c->data;
        switch (c->op) {
        case REC_BEGIN:
            canvas_begin(gl, c->i[0], c->i[1], c->i[2], c->i[3], c->i[4], c->i[5]);
            break;
        case REC_CLIP:
            canvas_clip(gl, c->i[0], c->i[1], c->i[2], c->i[3]);
            break;
        case REC_CLIP_OFF:
            canvas_clip_off(gl);
            break;
        case REC_RECT:
            canvas_rect(gl, c->f[0], c->f[1], c->f[2], c->f[3], c->col);
            break;
        case REC_ROUND_RECT:
            canvas_round_rect(gl, c->f[0], c->f[1], c->f[2], c->f[3], c->f[4], c->col);
            break;
        case REC_CONVEX:
            canvas_convex(gl, p, (int)c->n, c->col);
            break;
        case REC_POLYLINE:
            canvas_polyline(gl, p, (int)c->n, c->f[0], c->col);
            break;
        case REC_STROKE: {
            LineStyle s = {{c->f[4], c->f[5], c->f[6], c->f[7]}, c->f[8], c->f[9], c->f[10]};
            canvas_stroke(gl, c->f[0], c->f[1], c->f[2], c->f[3], &s);
            break;
        }
        case REC_TEXT:
            canvas_text(gl, (FontFace)c->face, c->f[0], c->f[1], f->text + c->data, c->col);
            break;
        case REC_PLOT:
            if (!canvas_gl_plot_present(gl, c->i[0], &f->scenes[c->i[5]], c->i[1], c->i[2],
                                        c->i[3], c->i[4], err, errlen))
                return false;
            break;
        }
    }
    return true;
}

bool canvas_record_replay(Canvas *rc, bool full, DamageList *damage, char *err, size_t errlen)
{
    Recorder *r = rec(rc);
    RecFrame *now = &r->frame[r->cur], *last = &r->frame[!r->cur];
    DamageList local;
    DamageList *d = damage ? damage : &local;
    d->n = 0;
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)r->fbo);
    full = full || r->replayed > 0 || !r->have_last || last->w != now->w ||
           last->h != now->h;
    if (!full) {
        for (int i = 0; i < r->plot_damage.n; i++)
            damage_add(d, r->plot_damage.box[i]);
        full = !rec_diff(now, last, d);
    }
    bool ok = true;
    if (full) {
        d->n = 0;
        damage_add(d, (PixelBox){0, 0, now->w, now->h});
        canvas_gl_limit(r->gl, NULL);
        ok = rec_play(r, now, r->replayed, now->n, NULL, err, errlen);
    } else {
        damage_finish(d, now->w, now->h);
        for (int k = 0; k < d->n && ok; k++) {
            canvas_begin(r->gl, now->w, now->h, 0, 0, now->w, now->h);
            canvas_gl_limit(r->gl, &d->box[k]);
            ok = rec_play(r, now, 0, now->n, &d->box[k], err, errlen);
        }
        canvas_gl_limit(r->gl, NULL);
    }
    canvas_flush(r->gl);
    r->replayed = now->n;
    /* What the target holds now is this frame, unless a plot failed halfway. */
    r->have_last = ok;
    return ok;
}
