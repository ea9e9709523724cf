/* canvas_gl.c - the drawing interface on OpenGL: the batcher for shapes, text and translucent
 * polylines (mitred strips), the line markers for strokes. Switching from one queue to the
 * other flushes the first, and the markers get the batcher's clip as a scissor, so both
 * queues draw in call order inside the same frame and clip.
 */
#include "render/canvas_gl.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    Canvas base;
    Batcher *b;
    TrajRenderer *t;
    Font *f;
    CanvasGlPlotter plotter;
    int target_w, target_h; /* of the last begin */
} GlCanvas;

static GlCanvas *gl_canvas(Canvas *c)
{
    return (GlCanvas *)c;
}

static void gl_flush_strokes(GlCanvas *g)
{
    if (g->t->n_markers == 0)
        return;
    batcher_apply_scissor(g->b);
    traj_flush_markers(g->t);
}

/* The batcher, once the strokes queued before are drawn. */
static Batcher *gl_shapes(Canvas *c)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush_strokes(g);
    return g->b;
}

/* The line markers, once the shapes queued before are drawn. */
static TrajRenderer *gl_strokes(Canvas *c)
{
    GlCanvas *g = gl_canvas(c);
    if (g->b->n > 0)
        batcher_flush(g->b);
    return g->t;
}

static void gl_destroy(Canvas *c)
{
    free(gl_canvas(c));
}

static void gl_flush(Canvas *c)
{
    GlCanvas *g = gl_canvas(c);
    batcher_flush(g->b);
    gl_flush_strokes(g);
    glDisable(GL_SCISSOR_TEST);
}

static void gl_begin(Canvas *c, int target_w, int target_h, int x, int y, int w, int h)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush(c);
    g->target_w = target_w;
    g->target_h = target_h;
    if (x == 0 && y == 0 && w == target_w && h == target_h) {
        batcher_begin(g->b, w, h);
        traj_begin(g->t, w, h);
    } else {
        batcher_begin_rect(g->b, x, y, w, h, target_h);
        traj_begin_rect(g->t, x, y, w, h, target_h);
    }
}

static void gl_clip(Canvas *c, int x, int y, int w, int h)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush_strokes(g); /* under the old clip */
    batcher_clip(g->b, x, y, w, h);
}

static void gl_clip_off(Canvas *c)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush_strokes(g);
    batcher_clip_off(g->b);
}

static void gl_rect(Canvas *c, float x, float y, float w, float h, Rgba col)
{
    enum { GL_CLEAR_MIN_PX = 256 * 256 };
    /* A large opaque rectangle on whole pixels (a background) is a clear: the same pixels
     * as the quad, without shading them. */
    if (col.a == 255 && w * h >= (float)GL_CLEAR_MIN_PX && x == floorf(x) && y == floorf(y) &&
        w == floorf(w) && h == floorf(h)) {
        batcher_clear_rect(gl_shapes(c), (int)x, (int)y, (int)w, (int)h, col);
        return;
    }
    batcher_rect(gl_shapes(c), x, y, w, h, col);
}

static void gl_round_rect(Canvas *c, float x, float y, float w, float h, float r, Rgba col)
{
    batcher_round_rect(gl_shapes(c), x, y, w, h, r, col);
}

static void gl_convex(Canvas *c, const float *xy, int n, Rgba col)
{
    batcher_convex(gl_shapes(c), xy, n, col);
}

static void gl_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s)
{
    traj_marker_segment(gl_strokes(c), x0, y0, x1, y1, s);
}

/* One finite run of a polyline as a mitred strip: per segment a core band within hw - ½ px
 * of the line and a 1-px ramp to transparent either side, one quad of two triangles whose
 * alpha the batcher ramps per pixel (batcher_ramp_quad). Where the line turns by less than
 * 120 degrees, the segments either side of a vertex share its mitre as their edge, so the
 * alpha does not double where they meet (round caps would); at a sharper turn (a mitre
 * would reach past twice the width) each ends square across itself, not twisted (a quad
 * whose ends face opposite ways would pinch the line to nothing in its middle). A closed run
 * (last point = first) is mitred at its start too. Only segments first .. last - 1 are
 * emitted (see canvas_gl_strip); the ends at vertex k are computed from vertices k - 1, k
 * and k + 1 alone. */
static void gl_strip(Batcher *bt, const float *xy, int n, bool closed, int first, int last,
                     float hw, Rgba col)
{
    /* The band's inner and outer edges as fractions of the offset; the ramp's k puts alpha
     * 1 at the inner edge, 0 at the outer. */
    float in = fmaxf(hw - 0.5f, 0.0f) / hw, out = (hw + 0.5f) / hw, ramp = out / (out - in);
    float prev[2] = {0.0f, 0.0f};
    for (int k = first - 1; k < last; k++) {
        /* The unit normals of the segments before and after vertex k. */
        int a = k > 0 ? k - 1 : closed ? n - 2 : -1;
        int b = k < n - 1 ? k + 1 : closed ? 1 : -1;
        float nrm[2][2] = {{0.0f, 0.0f}, {0.0f, 0.0f}};
        bool have[2] = {false, false};
        const int ends[2][2] = {{a, k}, {k, b}};
        for (int e = 0; e < 2; e++) {
            int i0 = ends[e][0], i1 = ends[e][1];
            if (i0 < 0 || i1 < 0)
                continue;
            float dx = xy[2 * i1] - xy[2 * i0], dy = xy[2 * i1 + 1] - xy[2 * i0 + 1];
            float len = hypotf(dx, dy);
            if (len < 1e-6f)
                continue;
            nrm[e][0] = -dy / len;
            nrm[e][1] = dx / len;
            have[e] = true;
        }
        /* The offsets of the line's edges at vertex k, of the segment ending there (o) and
         * of the one starting there (next): the mitre, where the turn allows, else each
         * segment's own normal. */
        float o[2] = {0.0f, 0.0f}, next[2] = {0.0f, 0.0f};
        if (have[0] && have[1]) {
            float mx = nrm[0][0] + nrm[1][0], my = nrm[0][1] + nrm[1][1];
            float d = mx * nrm[1][0] + my * nrm[1][1];
            bool mitre = d > 0.5f;
            for (int i = 0; i < 2; i++) {
                o[i] = (mitre ? (i ? my : mx) / d : nrm[0][i]) * hw;
                next[i] = mitre ? o[i] : nrm[1][i] * hw;
            }
        } else if (have[0] || have[1]) {
            int e = have[1] ? 1 : 0;
            o[0] = next[0] = nrm[e][0] * hw;
            o[1] = next[1] = nrm[e][1] * hw;
        }
        if (k >= first) {
            float x0 = xy[2 * (k - 1)], y0 = xy[2 * (k - 1) + 1];
            float x1 = xy[2 * k], y1 = xy[2 * k + 1];
            /* The outer edges, at both ends. */
            const float q[8] = {x0 - out * prev[0], y0 - out * prev[1], x0 + out * prev[0],
                                y0 + out * prev[1], x1 - out * o[0],    y1 - out * o[1],
                                x1 + out * o[0],    y1 + out * o[1]};
            batcher_ramp_quad(bt, q, ramp, col);
        }
        prev[0] = next[0];
        prev[1] = next[1];
    }
}

static void gl_polyline(Canvas *c, const float *xy, int n, float width, Rgba col)
{
    Batcher *b = gl_shapes(c);
    float hw = 0.5f * width;
    int start = 0;
    for (int k = 0; k <= n; k++) {
        if (k < n && isfinite(xy[2 * k]) && isfinite(xy[2 * k + 1]))
            continue;
        int m = k - start;
        const float *p = xy + 2 * start;
        if (m >= 2)
            gl_strip(b, p, m, m > 3 && p[0] == p[2 * (m - 1)] && p[1] == p[2 * (m - 1) + 1], 1,
                     m, hw, col);
        start = k + 1;
    }
}

void canvas_gl_strip(Batcher *b, const float *xy, int n, int first, int last, float width,
                     Rgba col)
{
    if (n >= 2 && first >= 1 && first < last && last <= n)
        gl_strip(b, xy, n, false, first, last, 0.5f * width, col);
}

static float gl_text(Canvas *c, FontFace face, float x, float y, const char *utf8, Rgba col)
{
    return font_draw(gl_canvas(c)->f, gl_shapes(c), face, x, y, utf8, col);
}

static float gl_measure(Canvas *c, FontFace face, const char *utf8)
{
    return font_measure(gl_canvas(c)->f, face, utf8);
}

static int gl_line_height(Canvas *c, FontFace face)
{
    return font_line_height(gl_canvas(c)->f, face);
}

static int gl_face_px(Canvas *c, FontFace face)
{
    return gl_canvas(c)->f->px[face];
}

bool canvas_gl_plot_prepare(Canvas *c, int slot, const struct PlotScene *sc, int x, int y,
                            int w, int h, DamageList *damage, char *err, size_t errlen)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush(c);
    /* prepare draws its caches through c, begun on them: present's target is this one */
    int tw = g->target_w, th = g->target_h;
    bool ok = g->plotter.prepare(g->plotter.user, slot, sc, x, y, w, h, tw, th, damage, err,
                                 errlen);
    g->target_w = tw;
    g->target_h = th;
    return ok;
}

bool canvas_gl_plot_present(Canvas *c, int slot, const struct PlotScene *sc, int x, int y,
                            int w, int h, char *err, size_t errlen)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush(c);
    return g->plotter.present(g->plotter.user, slot, sc, x, y, w, h, g->target_w, g->target_h,
                              err, errlen);
}

static bool gl_plot(Canvas *c, int slot, const struct PlotScene *sc, int x, int y, int w,
                    int h, char *err, size_t errlen)
{
    return canvas_gl_plot_prepare(c, slot, sc, x, y, w, h, NULL, err, errlen) &&
           canvas_gl_plot_present(c, slot, sc, x, y, w, h, err, errlen);
}

void canvas_gl_limit(Canvas *c, const PixelBox *box)
{
    GlCanvas *g = gl_canvas(c);
    gl_flush_strokes(g); /* under the old limit */
    if (box)
        batcher_set_limit(g->b, box->x0, g->target_h - box->y1, box->x1 - box->x0,
                          box->y1 - box->y0);
    else
        batcher_limit_off(g->b);
}

static bool gl_busy(const Canvas *c)
{
    const GlCanvas *g = (const GlCanvas *)c;
    return g->plotter.busy(g->plotter.user);
}

static const CanvasVTable GL_CANVAS_VTABLE = {
    .name = "gl",
    .destroy = gl_destroy,
    .begin = gl_begin,
    .flush = gl_flush,
    .clip = gl_clip,
    .clip_off = gl_clip_off,
    .rect = gl_rect,
    .round_rect = gl_round_rect,
    .convex = gl_convex,
    .stroke = gl_stroke,
    .polyline = gl_polyline,
    .text = gl_text,
    .measure = gl_measure,
    .line_height = gl_line_height,
    .face_px = gl_face_px,
    .plot = gl_plot,
    .busy = gl_busy,
};

Canvas *canvas_gl_create(Batcher *b, TrajRenderer *t, Font *f, const CanvasGlPlotter *plotter)
{
    GlCanvas *g = malloc(sizeof *g);
    if (!g)
        return NULL;
    *g = (GlCanvas){{&GL_CANVAS_VTABLE, 1.0f}, b, t, f, *plotter, 0, 0};
    return &g->base;
}
