/* overlay.c - the lecture's overlays: gradient arrows, steepest descent beside Newton, the
 * Taylor model's contours, the Hessian's eigenvectors, the critical points, the minibatch's
 * contours. Computed on the CPU in world coordinates, drawn through
 * the renderer's canvas in pixels bottom to top: translucent polylines, one layer of strokes
 * per overlay (a layer's halos before its cores, so they never darken each other), labels. */
#include "figure/overlay.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/contour.h"
#include "util/hash.h"

#define UTF8_MINUS "\xe2\x88\x92"
#define UTF8_NABLA "\xe2\x88\x87"
#define UTF8_LAMBDA "\xce\xbb"
#define UTF8_SUB1 "\xe2\x82\x81"
#define UTF8_SUB2 "\xe2\x82\x82"

static const Rgba OVERLAY_COLORS[OVERLAY_COLOR_COUNT] = {
    [OVERLAY_COLOR_DESCENT] = {255, 255, 255, 255},
    [OVERLAY_COLOR_NEWTON] = {255, 80, 214, 255},
    [OVERLAY_COLOR_TANGENT] = {235, 235, 240, 200},
    [OVERLAY_COLOR_TAYLOR] = {110, 245, 255, 255},
    [OVERLAY_COLOR_EIGEN_POS] = {255, 176, 64, 255},
    [OVERLAY_COLOR_EIGEN_NEG] = {140, 170, 255, 255},
    [OVERLAY_COLOR_CRITICAL] = {255, 255, 255, 255},
    [OVERLAY_COLOR_MINIBATCH] = {255, 255, 255, 110},
    [OVERLAY_COLOR_CHORD_GRAPH] = {245, 245, 250, 255},
    [OVERLAY_COLOR_CHORD_ABOVE] = {255, 90, 90, 255},
    [OVERLAY_COLOR_CHORD] = {255, 190, 70, 255},
};
static_assert(sizeof OVERLAY_COLORS / sizeof OVERLAY_COLORS[0] == OVERLAY_COLOR_COUNT,
              "one color per OverlayColor");

/* The gradient field's ramp: pale cream, sand, orange, red; it reads over every band of
 * viridis with the strokes' dark halo. */
static const double MAGNITUDE_STOPS[4][3] = {
    {255, 248, 225}, {255, 208, 130}, {255, 140, 50}, {235, 60, 45},
};

static const Rgba LABEL_PILL = {12, 12, 20, 190};

enum { MAX_LABELS = 64, MAX_OBSTACLES = 16, LABEL_TEXT = 64, TAYLOR_GRID = 65, TAYLOR_STEPS = 8 };

Rgba overlay_color(OverlayColor c)
{
    assert(c >= 0 && c < OVERLAY_COLOR_COUNT);
    return OVERLAY_COLORS[c];
}

Rgba overlay_magnitude_color(double t)
{
    t = isfinite(t) ? (t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t) : 0.0;
    double u = t * 3.0;
    int k = u >= 3.0 ? 2 : (int)u;
    double f = u - k;
    Rgba c = {0, 0, 0, 255};
    unsigned char *ch[3] = {&c.r, &c.g, &c.b};
    for (int i = 0; i < 3; i++)
        *ch[i] = (unsigned char)lround(MAGNITUDE_STOPS[k][i] +
                                       f * (MAGNITUDE_STOPS[k + 1][i] - MAGNITUDE_STOPS[k][i]));
    return c;
}

/* ---- Drawing context ------------------------------------------------------------------ */

typedef struct {
    float x0, y0, x1, y1;
    LineStyle style;
} Stroke;

typedef struct {
    float x, y, w, h; /* the pill */
    char text[LABEL_TEXT];
    Rgba color;
} Label;

typedef struct {
    Canvas *cv;
    const OverlayDesc *d;
    const View *v;
    float s;          /* ui scale */
    float x0, y0;     /* the rect's corner */
    float w, h;
    Stroke *strokes;  /* the current layer */
    int n_strokes, cap_strokes;
    Label labels[MAX_LABELS];
    int n_labels;
    float obstacles[MAX_OBSTACLES][4]; /* segments labels keep off (arrow shafts) */
    int n_obstacles;
} Ctx;

static void to_px(const Ctx *c, double wx, double wy, float *px, float *py)
{
    double sx, sy;
    view_world_to_screen(c->v, wx, wy, &sx, &sy);
    *px = (float)((double)c->x0 + sx);
    *py = (float)((double)c->y0 + sy);
}

/* Liang-Barsky: the part t0 <= t <= t1 of p + t dv (0 <= t <= 1) inside the box lo..hi;
 * false when nothing is left. */
static bool clip_param(const float p[2], const float dv[2], const float lo[2],
                       const float hi[2], float *t0, float *t1)
{
    *t0 = 0.0f;
    *t1 = 1.0f;
    for (int i = 0; i < 2; i++) {
        if (fabsf(dv[i]) < 1e-12f) {
            if (p[i] < lo[i] || p[i] > hi[i])
                return false;
            continue;
        }
        float ta = (lo[i] - p[i]) / dv[i], tb = (hi[i] - p[i]) / dv[i];
        *t0 = fmaxf(*t0, fminf(ta, tb));
        *t1 = fminf(*t1, fmaxf(ta, tb));
    }
    return *t0 <= *t1;
}

/* Clips the segment to the rect grown by margin; false when nothing is left. */
static bool clip_segment(const Ctx *c, float margin, float *x0, float *y0, float *x1, float *y1)
{
    if (!isfinite(*x0) || !isfinite(*y0) || !isfinite(*x1) || !isfinite(*y1))
        return false;
    float lo[2] = {c->x0 - margin, c->y0 - margin};
    float hi[2] = {c->x0 + c->w + margin, c->y0 + c->h + margin};
    float p[2] = {*x0, *y0}, dv[2] = {*x1 - *x0, *y1 - *y0};
    float t0, t1;
    if (!clip_param(p, dv, lo, hi, &t0, &t1))
        return false;
    *x0 = p[0] + t0 * dv[0];
    *y0 = p[1] + t0 * dv[1];
    *x1 = p[0] + t1 * dv[0];
    *y1 = p[1] + t1 * dv[1];
    return true;
}

static LineStyle style_of(Rgba col, float radius, float halo, float halo_alpha)
{
    return (LineStyle){{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f, col.a / 255.0f},
                       radius, halo, halo_alpha};
}

static void stroke(Ctx *c, float x0, float y0, float x1, float y1, const LineStyle *st)
{
    float m = st->radius + st->halo + 2.0f;
    if (!clip_segment(c, m, &x0, &y0, &x1, &y1))
        return;
    if (c->n_strokes == c->cap_strokes) {
        int cap = c->cap_strokes ? 2 * c->cap_strokes : 512;
        Stroke *s = realloc(c->strokes, sizeof *s * (size_t)cap);
        if (!s)
            return; /* out of memory: this stroke is left out */
        c->strokes = s;
        c->cap_strokes = cap;
    }
    c->strokes[c->n_strokes++] = (Stroke){x0, y0, x1, y1, *st};
}

static void dot(Ctx *c, float x, float y, const LineStyle *st)
{
    stroke(c, x, y, x, y, st);
}

/* An arrow from (x0, y0) to its tip (x1, y1) with a head of two strokes head px long. */
static void arrow(Ctx *c, float x0, float y0, float x1, float y1, float head, const LineStyle *st)
{
    float dx = x1 - x0, dy = y1 - y0, len = hypotf(dx, dy);
    stroke(c, x0, y0, x1, y1, st);
    if (len < 1e-3f)
        return;
    float ux = dx / len, uy = dy / len;
    const float ca = 0.866f, sa = 0.5f; /* 30 degrees either side of the shaft */
    float bx = -ux, by = -uy;
    stroke(c, x1, y1, x1 + head * (ca * bx - sa * by), y1 + head * (sa * bx + ca * by), st);
    stroke(c, x1, y1, x1 + head * (ca * bx + sa * by), y1 + head * (-sa * bx + ca * by), st);
}

/* Draws the layer's strokes and empties it: all halos, then all cores, so no
 * stroke's halo darkens another's core; or, for layers whose strokes never touch (separate
 * = true), each stroke with its halo in one instance, at half the fill cost. */
static void layer_emit_as(Ctx *c, bool separate)
{
    Canvas *cv = c->cv;
    for (int i = 0; i < c->n_strokes && !separate; i++) {
        const Stroke *k = &c->strokes[i];
        if (k->style.halo <= 0.0f || k->style.halo_alpha <= 0.0f)
            continue;
        LineStyle h = k->style;
        h.color[3] = 0.0f;
        canvas_stroke(cv, k->x0, k->y0, k->x1, k->y1, &h);
    }
    for (int i = 0; i < c->n_strokes; i++) {
        const Stroke *k = &c->strokes[i];
        LineStyle core = k->style;
        if (!separate) {
            core.halo = 0.0f;
            core.halo_alpha = 0.0f;
        }
        canvas_stroke(cv, k->x0, k->y0, k->x1, k->y1, &core);
    }
    c->n_strokes = 0;
}

static void layer_emit(Ctx *c)
{
    layer_emit_as(c, false);
}

/* A filled arrowhead with its tip at (x, y) pointing along (ux, uy), len px long,
 * over a dark rim of rim px. */
void overlay_arrowhead(Canvas *cv, float x, float y, float ux, float uy, float len, float rim,
                       Rgba col)
{
    float w = 0.45f * len, px = -uy, py = ux;
    float bx = x - len * ux, by = y - len * uy;
    float tri[6] = {x, y, bx + w * px, by + w * py, bx - w * px, by - w * py};
    /* The rim: the same triangle grown by rim px on every side (its incircle's centre fixed:
     * grown by rim / r_in). */
    float side = hypotf(len, w), r_in = len * w / (w + side);
    float cx = x - (len - r_in) * ux, cy = y - (len - r_in) * uy, g = 1.0f + rim / r_in;
    float big[6];
    for (int i = 0; i < 3; i++) {
        big[2 * i] = cx + g * (tri[2 * i] - cx);
        big[2 * i + 1] = cy + g * (tri[2 * i + 1] - cy);
    }
    canvas_convex(cv, big, 3, (Rgba){0, 0, 0, 150});
    canvas_convex(cv, tri, 3, col);
}

static void arrowhead(Ctx *c, float x, float y, float ux, float uy, float len, float rim,
                      Rgba col)
{
    overlay_arrowhead(c->cv, x, y, ux, uy, len, rim, col);
}

/* Collects the vertices (pixels) of a faint line, drawn as one translucent polyline (so
 * the alpha does not double where segments meet), merging those closer than min_px to the
 * last one kept (the last of a line is always kept), and breaking the line at points far
 * outside the pane. */
typedef struct {
    float *xy;
    int n, cap;
    float min_px;
} PolyBuf;

static void poly_flush(Ctx *c, PolyBuf *pb, float hw, Rgba col)
{
    canvas_polyline(c->cv, pb->xy, pb->n, 2.0f * hw, col);
    pb->n = 0;
}

static void poly_add(Ctx *c, PolyBuf *pb, float x, float y, bool last, float hw, Rgba col)
{
    float far = 4.0f * (c->w + c->h);
    if (!isfinite(x) || !isfinite(y) || fabsf(x - c->x0) > far || fabsf(y - c->y0) > far) {
        poly_flush(c, pb, hw, col);
        return;
    }
    if (pb->n > 0) {
        float d = hypotf(x - pb->xy[2 * pb->n - 2], y - pb->xy[2 * pb->n - 1]);
        if (d < pb->min_px && !last)
            return;
        if (d < pb->min_px && pb->n > 1)
            pb->n--; /* the last point replaces the one kept just before it */
    }
    if (pb->n == pb->cap) {
        int cap = pb->cap ? 2 * pb->cap : 256;
        float *m = realloc(pb->xy, sizeof *m * 2 * (size_t)cap);
        if (!m)
            return;
        pb->xy = m;
        pb->cap = cap;
    }
    pb->xy[2 * pb->n] = x;
    pb->xy[2 * pb->n + 1] = y;
    pb->n++;
}

/* ---- Labels ---------------------------------------------------------------------------- */

static void obstacle_add(Ctx *c, float x0, float y0, float x1, float y1)
{
    if (c->n_obstacles < MAX_OBSTACLES) {
        float *o = c->obstacles[c->n_obstacles++];
        o[0] = x0, o[1] = y0, o[2] = x1, o[3] = y1;
    }
}

static bool label_overlaps(const Ctx *c, float x, float y, float w, float h)
{
    const UiRect *a = &c->d->avoid; /* the legend's panel */
    if (a->w > 0.0f && x < a->x + a->w && a->x < x + w && y < a->y + a->h && a->y < y + h)
        return true;
    for (int i = 0; i < c->n_labels; i++) {
        const Label *l = &c->labels[i];
        if (x < l->x + l->w && l->x < x + w && y < l->y + l->h && l->y < y + h)
            return true;
    }
    float m = 3.0f * c->s, mr = 9.0f * c->s; /* a run marker's radius, halo included */
    for (int i = 0; i < c->d->n_marks; i++) {
        float px, py;
        to_px(c, c->d->marks[i][0], c->d->marks[i][1], &px, &py);
        if (px > x - mr && px < x + w + mr && py > y - mr && py < y + h + mr)
            return true;
    }
    for (int i = 0; i < c->n_obstacles; i++) {
        const float *o = c->obstacles[i];
        int steps = 1 + (int)(hypotf(o[2] - o[0], o[3] - o[1]) / 3.0f);
        for (int k = 0; k <= steps; k++) {
            float px = o[0] + (o[2] - o[0]) * k / steps, py = o[1] + (o[3] - o[1]) * k / steps;
            if (px > x - m && px < x + w + m && py > y - m && py < y + h + m)
                return true;
        }
    }
    return false;
}

/* A label whose pill sits gap px from (ax, ay) in direction (ux, uy) (unit, pixels), kept
 * inside the rect and moved sideways off earlier labels where it can be; where it cannot,
 * an optional label is left out (its marker says enough), any other goes where it wanted. */
static void label_put(Ctx *c, float ax, float ay, float ux, float uy, float gap,
                      const char *text, Rgba color, bool optional)
{
    if (c->n_labels == MAX_LABELS || !isfinite(ax) || !isfinite(ay))
        return;
    Canvas *cv = c->cv;
    float padx = 5.0f * c->s, pady = 1.0f * c->s;
    float w = canvas_measure(cv, FONT_SMALL, text) + 2.0f * padx;
    float h = (float)canvas_line_height(cv, FONT_SMALL) + 2.0f * pady;
    float reach = 0.5f * (fabsf(ux) * w + fabsf(uy) * h);
    float cx = ax + ux * (gap + reach), cy = ay + uy * (gap + reach);
    float x = cx - 0.5f * w, y = cy - 0.5f * h;
    float px = -uy, py = ux; /* sideways */
    /* Where it wants to be, else one or two label heights to either side, else (all taken)
     * where it wants to be after all. */
    const float tries[6] = {0.0f, 1.0f, -1.0f, 2.0f, -2.0f, 0.0f};
    for (int k = 0; k < 6; k++) {
        float tx = x + tries[k] * px * (h + 2.0f), ty = y + tries[k] * py * (h + 2.0f);
        /* inside the axis strips, where it reads */
        tx = fminf(fmaxf(tx, c->x0 + c->d->strip_left + 2.0f), c->x0 + c->w - w - 2.0f);
        ty = fminf(fmaxf(ty, c->y0 + 2.0f), c->y0 + c->h - c->d->strip_bottom - h - 2.0f);
        if (k == 5 && optional)
            return;
        if (k == 5 || !label_overlaps(c, tx, ty, w, h)) {
            x = tx;
            y = ty;
            break;
        }
    }
    Label *l = &c->labels[c->n_labels++];
    *l = (Label){x, y, w, h, {0}, color};
    snprintf(l->text, sizeof l->text, "%s", text);
}

static void label_add(Ctx *c, float ax, float ay, float ux, float uy, float gap,
                      const char *text, Rgba color)
{
    label_put(c, ax, ay, ux, uy, gap, text, color, false);
}

static void labels_draw(Ctx *c)
{
    Canvas *cv = c->cv;
    for (int i = 0; i < c->n_labels; i++) {
        const Label *l = &c->labels[i];
        canvas_round_rect(cv, l->x, l->y, l->w, l->h, 0.5f * l->h, LABEL_PILL);
        canvas_text(cv, FONT_SMALL, l->x + 5.0f * c->s, l->y + 1.0f * c->s, l->text, l->color);
    }
}

/* "0.1", "−2", "1.5e+03": three significant digits and a true minus sign. */
static void format_number(double v, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", v > 0 ? "\xe2\x88\x9e" : v < 0 ? UTF8_MINUS "\xe2\x88\x9e" : "?");
        return;
    }
    char num[24];
    snprintf(num, sizeof num, "%.3g", fabs(v));
    snprintf(buf, len, "%s%s", v < 0.0 && strcmp(num, "0") != 0 ? UTF8_MINUS : "", num);
}

/* ---- Gradient field ------------------------------------------------------------------ */

static void draw_gradient_field(Ctx *c)
{
    float sp = OVERLAY_GRID_PX * c->s;
    int nx = (int)floorf(c->w / sp), ny = (int)floorf(c->h / sp);
    nx = nx < 1 ? 1 : nx;
    ny = ny < 1 ? 1 : ny;
    double *g = malloc(sizeof *g * 2 * (size_t)nx * (size_t)ny);
    if (!g)
        return;
    double gmin = INFINITY, gmax = 0.0;
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
            double wx, wy, *gk = g + 2 * (j * nx + i);
            view_screen_to_world(c->v, (i + 0.5) * (double)c->w / nx,
                                 (j + 0.5) * (double)c->h / ny, &wx, &wy);
            double f = landscape_eval(c->d->ls, wx, wy, gk, NULL);
            double m = hypot(gk[0], gk[1]);
            if (!isfinite(f) || !isfinite(m)) {
                gk[0] = gk[1] = NAN;
                continue;
            }
            if (m > 0.0) {
                gmin = fmin(gmin, m);
                gmax = fmax(gmax, m);
            }
        }
    }
    double span = gmax > gmin ? log(gmax / gmin) : 0.0;
    float len = OVERLAY_FIELD_ARROW_PX * c->s, head = 0.32f * len;
    /* Shafts as single strokes (one instance each, halo included), then the filled heads
     * over them: a dense field stays cheap to fill. */
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                const double *gk = g + 2 * (j * nx + i);
                if (!isfinite(gk[0]))
                    continue;
                float cx = c->x0 + (float)((i + 0.5) * (double)c->w / nx);
                float cy = c->y0 + (float)((j + 0.5) * (double)c->h / ny);
                double m = hypot(gk[0], gk[1]);
                double t = span > 0.0 && m > 0.0 ? log(m / gmin) / span : 1.0;
                Rgba col = overlay_magnitude_color(t);
                LineStyle st = style_of(col, 1.25f * c->s, 1.0f * c->s, 0.6f);
                if (m == 0.0) {
                    st.radius = 2.0f * c->s;
                    if (pass == 0)
                        dot(c, cx, cy, &st);
                    continue;
                }
                /* Descent in pixels: y points down. */
                float ux = (float)(-gk[0] / m), uy = (float)(gk[1] / m);
                float tx = cx + 0.5f * len * ux, ty = cy + 0.5f * len * uy;
                if (pass == 0)
                    stroke(c, cx - 0.5f * len * ux, cy - 0.5f * len * uy, tx - 0.6f * head * ux,
                           ty - 0.6f * head * uy, &st);
                else if (tx > c->x0 - len && tx < c->x0 + c->w + len && ty > c->y0 - len &&
                         ty < c->y0 + c->h + len)
                    arrowhead(c, tx, ty, ux, uy, head, 1.0f * c->s, col);
            }
        }
        if (pass == 0)
            layer_emit_as(c, true);
    }
    free(g);
}

/* ---- Directions at the point ----------------------------------------------------------- */

static void draw_directions(Ctx *c, const LocalInfo *li)
{
    float px, py;
    to_px(c, li->x, li->y, &px, &py);
    if (!isfinite(px) || !isfinite(py) || !isfinite(li->grad_norm))
        return;
    float s = c->s, len = OVERLAY_DIRECTION_PX * s;
    LineStyle st_desc = style_of(overlay_color(OVERLAY_COLOR_DESCENT), 1.7f * s, 1.4f * s, 0.7f);
    LineStyle st_newt = style_of(overlay_color(OVERLAY_COLOR_NEWTON), 2.7f * s, 1.4f * s, 0.7f);
    LineStyle st_tan = style_of(overlay_color(OVERLAY_COLOR_TANGENT), 1.0f * s, 1.0f * s, 0.5f);
    bool has_g = li->grad_norm > 0.0;
    /* Where Newton's step is under half a pixel the point is stationary at this zoom: its
     * gradient's direction is rounding noise, so no arrow claims one. */
    if (li->has_newton &&
        hypot(li->newton[0], li->newton[1]) / c->v->scale < OVERLAY_STATIONARY_PX)
        has_g = false;
    float ux = (float)li->descent[0], uy = (float)-li->descent[1];
    if (has_g) {
        float tl = OVERLAY_TANGENT_PX * s;
        stroke(c, px - tl * uy, py + tl * ux, px + tl * uy, py - tl * ux, &st_tan);
    }
    layer_emit(c);
    /* Newton under steepest descent: where they coincide (a round bowl) both show. */
    float nx = 0.0f, ny = 0.0f, ntx = px, nty = py;
    bool newton = li->has_newton && has_g;
    if (newton) {
        nx = (float)(li->newton[0] / c->v->scale);
        ny = (float)(-li->newton[1] / c->v->scale);
        float nl = hypotf(nx, ny);
        ntx = px + nx;
        nty = py + ny;
        bool inside = ntx >= c->x0 && ntx <= c->x0 + c->w && nty >= c->y0 &&
                      nty <= c->y0 + c->h;
        if (!isfinite(nl) || nl <= 0.0f) {
            newton = false;
        } else {
            nx /= nl;
            ny /= nl;
            if (!inside || nl < OVERLAY_NEWTON_MIN_PX * s) {
                ntx = px + len * nx;
                nty = py + len * ny;
            }
            arrow(c, px, py, ntx, nty, 14.0f * s, &st_newt);
            obstacle_add(c, px, py, ntx, nty);
        }
    }
    /* One layer: both halos under both cores, so the white core shows on the magenta one. */
    float dtx = px + len * ux, dty = py + len * uy;
    if (has_g) {
        arrow(c, px, py, dtx, dty, 12.0f * s, &st_desc);
        obstacle_add(c, px, py, dtx, dty);
    }
    LineStyle st_dot = style_of(overlay_color(OVERLAY_COLOR_DESCENT), 3.0f * s, 1.5f * s, 0.8f);
    dot(c, px, py, &st_dot);
    layer_emit(c);
    if (has_g)
        label_add(c, dtx, dty, ux, uy, 12.0f * s, UTF8_MINUS UTF8_NABLA "L",
                  overlay_color(OVERLAY_COLOR_DESCENT));
    else
        label_add(c, px, py, 0.7071f, 0.7071f, 8.0f * s, UTF8_NABLA "L \xe2\x89\x88 0",
                  overlay_color(OVERLAY_COLOR_DESCENT));
    if (newton)
        label_add(c, ntx, nty, nx, ny, 12.0f * s, "Newton", overlay_color(OVERLAY_COLOR_NEWTON));
    else if (!li->has_newton)
        label_add(c, px, py, -0.7071f, 0.7071f, 8.0f * s, "H singular: no Newton step",
                  overlay_color(OVERLAY_COLOR_NEWTON));
}

/* ---- The second-order Taylor model ----------------------------------------------------- */

float overlay_rim_fade(float d, float radius)
{
    float t = (d - 0.75f * radius) / (0.25f * radius);
    if (t <= 0.0f)
        return 1.0f;
    if (t >= 1.0f)
        return 0.0f;
    return 1.0f - t * t * (3.0f - 2.0f * t);
}

/* Strokes the dashed pieces of one chained polyline (world segments), fading them out
 * towards radius px from (px, py). The dash pattern runs on along the whole line. */
static void dash_polyline(Ctx *c, const ContourSegment *seg, int n, float px, float py,
                          float radius, const LineStyle *st)
{
    float on = OVERLAY_DASH_PX * c->s, period = on + OVERLAY_GAP_PX * c->s;
    float phase = 0.0f;
    for (int k = 0; k < n; k++) {
        float ax, ay, bx, by;
        to_px(c, seg[k].x0, seg[k].y0, &ax, &ay);
        to_px(c, seg[k].x1, seg[k].y1, &bx, &by);
        float len = hypotf(bx - ax, by - ay);
        float t = 0.0f;
        while (t < len) {
            bool in_on = phase < on;
            float step = in_on ? on - phase : period - phase;
            float t1 = fminf(len, t + step);
            if (!(t1 > t))
                break; /* a step below float resolution */
            if (in_on) {
                float x0 = ax + (bx - ax) * t / len, y0 = ay + (by - ay) * t / len;
                float x1 = ax + (bx - ax) * t1 / len, y1 = ay + (by - ay) * t1 / len;
                float fade = overlay_rim_fade(hypotf(0.5f * (x0 + x1) - px, 0.5f * (y0 + y1) - py),
                                      radius);
                if (fade > 0.02f) {
                    LineStyle f = *st;
                    f.color[3] *= fade;
                    f.halo_alpha *= fade;
                    stroke(c, x0, y0, x1, y1, &f);
                }
            }
            phase += t1 - t;
            if (phase >= period)
                phase -= period;
            t = t1;
        }
    }
}

bool overlay_taylor_lines(const LocalInfo *li, double rw, OverlayLineFn emit, void *ctx)
{
    enum { N = TAYLOR_GRID };
    bool ok = false;
    double *val = malloc(sizeof *val * N * N);
    ContourSegment *seg = malloc(sizeof *seg * 2 * N * N);
    int *first = malloc(sizeof *first * (2 * N * N + 1));
    if (!val || !seg || !first || !isfinite(li->f) || !(rw > 0.0))
        goto done;
    ContourGrid g = {val, N, N, {li->x - rw, li->x + rw, li->y - rw, li->y + rw}};
    double lo = INFINITY, hi = -INFINITY;
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
            double dx = -rw + 2.0 * rw * i / (N - 1), dy = -rw + 2.0 * rw * j / (N - 1);
            double m = analysis_taylor(li, li->x + dx, li->y + dy);
            val[j * N + i] = m;
            if (dx * dx + dy * dy <= rw * rw && isfinite(m)) {
                lo = fmin(lo, m);
                hi = fmax(hi, m);
            }
        }
    }
    double step = (hi - lo) / TAYLOR_STEPS;
    if (!(step > 0.0) || !isfinite(step))
        goto done;
    long k0 = (long)ceil((lo - li->f) / step), k1 = (long)floor((hi - li->f) / step);
    for (long k = k0; k <= k1 && k - k0 <= TAYLOR_STEPS + 1; k++) {
        double level = li->f + (double)k * step;
        int n = contour_trace(&g, level, seg, 2 * N * N);
        int lines = contour_chain(seg, n, first);
        for (int l = 0; l < lines; l++)
            emit(ctx, seg + first[l], first[l + 1] - first[l], level);
    }
    ok = true;
done:
    free(val);
    free(seg);
    free(first);
    return ok;
}

typedef struct {
    Ctx *c;
    float px, py, radius;
    LineStyle st;
} TaylorPen;

static void taylor_dash(void *ctx, const ContourSegment *seg, int n, double level)
{
    TaylorPen *tp = ctx;
    dash_polyline(tp->c, seg, n, tp->px, tp->py, tp->radius, &tp->st);
}

static void draw_taylor(Ctx *c, const LocalInfo *li)
{
    float px, py;
    to_px(c, li->x, li->y, &px, &py);
    if (!isfinite(px) || !isfinite(py) || !isfinite(li->f))
        return;
    float radius = fminf(OVERLAY_TAYLOR_PX * c->s, 0.45f * fminf(c->w, c->h));
    TaylorPen tp = {c, px, py, radius,
                    style_of(overlay_color(OVERLAY_COLOR_TAYLOR), 1.3f * c->s, 1.1f * c->s,
                             0.6f)};
    if (overlay_taylor_lines(li, (double)radius * c->v->scale, taylor_dash, &tp))
        layer_emit(c);
}

/* ---- Eigenvectors ---------------------------------------------------------------------- */

void overlay_eigen_arms(const LocalInfo *li, double lmax, double len[2])
{
    double m = fmax(fabs(li->eig[0]), fabs(li->eig[1]));
    for (int k = 0; k < 2; k++)
        len[k] = m > 0.0 && isfinite(m) ? lmax * fabs(li->eig[k]) / m : 0.0;
}

Rgba overlay_eigen_label(const LocalInfo *li, int k, char *buf, size_t len)
{
    const char *names[2] = {UTF8_LAMBDA UTF8_SUB1, UTF8_LAMBDA UTF8_SUB2};
    char num[32];
    format_number(li->eig[k], num, sizeof num);
    snprintf(buf, len, "%s = %s", names[k], num);
    return overlay_color(li->eig[k] >= 0.0 ? OVERLAY_COLOR_EIGEN_POS : OVERLAY_COLOR_EIGEN_NEG);
}

static void draw_eigen(Ctx *c, const LocalInfo *li)
{
    float px, py;
    to_px(c, li->x, li->y, &px, &py);
    double m = fmax(fabs(li->eig[0]), fabs(li->eig[1]));
    if (!isfinite(px) || !isfinite(py) || !isfinite(m))
        return;
    float lmax = fminf(OVERLAY_EIGEN_PX * c->s, 0.4f * fminf(c->w, c->h));
    double arm[2];
    overlay_eigen_arms(li, lmax, arm);
    float tips[2][4];
    for (int k = 0; k < 2; k++) {
        double lam = li->eig[k];
        float ux = (float)li->evec[k][0], uy = (float)-li->evec[k][1];
        float len = (float)arm[k];
        Rgba col = overlay_color(lam >= 0.0 ? OVERLAY_COLOR_EIGEN_POS : OVERLAY_COLOR_EIGEN_NEG);
        LineStyle st = style_of(col, 1.8f * c->s, 1.3f * c->s, 0.7f);
        float head = fminf(11.0f * c->s, 0.5f * len);
        if (len >= 0.5f) {
            arrow(c, px, py, px + len * ux, py + len * uy, head, &st);
            arrow(c, px, py, px - len * ux, py - len * uy, head, &st);
            obstacle_add(c, px - len * ux, py - len * uy, px + len * ux, py + len * uy);
        }
        tips[k][0] = px + len * ux;
        tips[k][1] = py + len * uy;
        tips[k][2] = ux;
        tips[k][3] = uy;
    }
    layer_emit(c);
    for (int k = 0; k < 2; k++) {
        char text[LABEL_TEXT];
        Rgba col = overlay_eigen_label(li, k, text, sizeof text);
        label_add(c, tips[k][0], tips[k][1], tips[k][2], tips[k][3], 10.0f * c->s, text, col);
    }
}

/* ---- Critical points ------------------------------------------------------------------- */

/* Finds the critical points again only when needed. Closed-form landscapes: a search over
 * the view grown by half on every side, kept while the view stays inside it at a similar
 * zoom, so panning does not search every frame. Data landscapes: a search costs seconds
 * here (every evaluation is a pass over the dataset), so their own critical points, which
 * the dataset generator found by Newton's method on the same loss code. */
static void critical_update(const OverlayDesc *d, OverlayCache *cache)
{
    const Landscape *ls = d->ls;
    ViewBox vb = view_bounds(d->view);
    uint64_t fn = landscape_fingerprint(ls);
    if (cache->valid && cache->ls == ls && cache->fn == fn) {
        if (ls->data)
            return;
        double ratio = d->view->scale / cache->view.scale;
        if (vb.xmin >= cache->box.xmin && vb.xmax <= cache->box.xmax &&
            vb.ymin >= cache->box.ymin && vb.ymax <= cache->box.ymax && ratio > 0.5 &&
            ratio < 2.0)
            return;
    }
    if (ls->data) {
        cache->n = ls->n_crit < OVERLAY_MAX_CRITICAL ? ls->n_crit : OVERLAY_MAX_CRITICAL;
        memcpy(cache->points, ls->crit, sizeof *cache->points * (size_t)cache->n);
        cache->box = ls->view;
    } else {
        double gx = 0.5 * (vb.xmax - vb.xmin), gy = 0.5 * (vb.ymax - vb.ymin);
        cache->box = (ViewBox){vb.xmin - gx, vb.xmax + gx, vb.ymin - gy, vb.ymax + gy};
        cache->n = analysis_find_critical(ls, cache->box, cache->points, OVERLAY_MAX_CRITICAL);
        if (cache->n == OVERLAY_MAX_CRITICAL) {
            /* Too many to hold (rastrigin zoomed out): the view alone, searched again. */
            cache->box = vb;
            cache->n = analysis_find_critical(ls, vb, cache->points, OVERLAY_MAX_CRITICAL);
        }
        cache->critical_searches++;
    }
    cache->ls = ls;
    cache->fn = fn;
    cache->view = *d->view;
    cache->valid = true;
}

int overlay_critical(const Landscape *ls, const View *view, OverlayCache *cache,
                     const CriticalPoint **out)
{
    OverlayDesc d = {.ls = ls, .view = view};
    critical_update(&d, cache);
    *out = cache->points;
    return cache->n;
}

/* The pen of the 2D overlay: its clipped, batched strokes. */
static void ctx_stroke(void *ctx, float x0, float y0, float x1, float y1, const LineStyle *st)
{
    stroke(ctx, x0, y0, x1, y1, st);
}

void canvas_pen_stroke(void *ctx, float x0, float y0, float x1, float y1, const LineStyle *st)
{
    canvas_stroke(ctx, x0, y0, x1, y1, st);
}

const char *overlay_crit_glyph(const CritPen *pen, CritKind kind, float x, float y, float r,
                               float s, const LineStyle *st, const LineStyle *disc)
{
    switch (kind) {
    case CRIT_MINIMUM:
        pen->stroke(pen->ctx, x, y, x, y, disc);
        return "min";
    case CRIT_MAXIMUM: {
        /* A filled triangle (under the strokes) with a dark rim. */
        Rgba col = {(unsigned char)lroundf(st->color[0] * 255.0f),
                    (unsigned char)lroundf(st->color[1] * 255.0f),
                    (unsigned char)lroundf(st->color[2] * 255.0f),
                    (unsigned char)lroundf(st->color[3] * 255.0f)};
        float a = 1.1f * r, hx = 1.0825f * a, rim = 2.2f * s;
        float tri[6] = {x, y - a, x + hx, y + 0.5f * a, x - hx, y + 0.5f * a};
        float big[6] = {x, y - a - 2.0f * rim, x + hx + 1.732f * rim, y + 0.5f * a + rim,
                        x - hx - 1.732f * rim, y + 0.5f * a + rim};
        canvas_convex(pen->cv, big, 3, (Rgba){0, 0, 0, 150});
        canvas_convex(pen->cv, tri, 3, col);
        return "max";
    }
    case CRIT_SADDLE: {
        float a = 0.8f * r;
        pen->stroke(pen->ctx, x - a, y - a, x + a, y + a, st);
        pen->stroke(pen->ctx, x - a, y + a, x + a, y - a, st);
        return "saddle";
    }
    case CRIT_DEGENERATE:
    case CRIT_KIND_COUNT:
        break;
    }
    float a = 0.75f * r;
    LineStyle thin = *st;
    thin.radius = 1.1f * s;
    pen->stroke(pen->ctx, x - a, y - a, x + a, y - a, &thin);
    pen->stroke(pen->ctx, x + a, y - a, x + a, y + a, &thin);
    pen->stroke(pen->ctx, x + a, y + a, x - a, y + a, &thin);
    pen->stroke(pen->ctx, x - a, y + a, x - a, y - a, &thin);
    return "?";
}

static void draw_critical(Ctx *c, OverlayCache *cache)
{
    critical_update(c->d, cache);
    float s = c->s, r = OVERLAY_CRIT_PX * s, m = r + 4.0f * s;
    int in_view = 0;
    for (int k = 0; k < cache->n; k++) {
        float x, y;
        to_px(c, cache->points[k].x, cache->points[k].y, &x, &y);
        in_view += x >= c->x0 - m && x <= c->x0 + c->w + m && y >= c->y0 - m &&
                   y <= c->y0 + c->h + m;
    }
    /* Crowds (rastrigin) get smaller markers. */
    if (in_view > OVERLAY_CRIT_CROWD) {
        r *= 0.6f;
        s *= 0.75f;
    }
    Rgba col = overlay_color(OVERLAY_COLOR_CRITICAL);
    LineStyle st = style_of(col, 1.5f * s, 1.3f * s, 0.75f);
    LineStyle disc = style_of(col, r, 1.5f * s, 0.75f);
    Canvas *cv = c->cv;
    for (int k = 0; k < cache->n; k++) {
        const CriticalPoint *cp = &cache->points[k];
        float x, y;
        to_px(c, cp->x, cp->y, &x, &y);
        if (!(x >= c->x0 - m && x <= c->x0 + c->w + m && y >= c->y0 - m && y <= c->y0 + c->h + m))
            continue;
        CritPen pen = {ctx_stroke, c, cv};
        const char *name = overlay_crit_glyph(&pen, cp->kind, x, y, r, s, &st, &disc);
        if (cp->kind != CRIT_MINIMUM && cp->kind != CRIT_MAXIMUM && cp->kind != CRIT_SADDLE) {
            label_add(c, x, y, 0.7071f, -0.7071f, r, name, col);
            name = NULL;
        }
        /* A point under an axis strip keeps its (dimmed) marker but no label; in a small
         * pane a label that finds no free place is left out rather than piled on others. */
        bool under_strip = x < c->x0 + c->d->strip_left ||
                           y > c->y0 + c->h - c->d->strip_bottom;
        if (name && in_view <= OVERLAY_CRIT_LABELS && !under_strip)
            label_put(c, x, y, 0.7071f, 0.7071f, r, name, col, true);
    }
    layer_emit(c);
}

/* ---- The minibatch's contours ---------------------------------------------------------- */

static int double_cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

static void batch_sample(const Landscape *ls, const View *view, const int *idx, int nb,
                         OverlayCache *cache)
{
    enum { NX = OVERLAY_BATCH_NX, NY = OVERLAY_BATCH_NY };
    ViewBox box = view_bounds(view);
    double *sorted = malloc(sizeof *sorted * NX * NY);
    int n_finite = 0;
    for (int j = 0; j < NY; j++) {
        for (int i = 0; i < NX; i++) {
            double x = box.xmin + (box.xmax - box.xmin) * i / (NX - 1);
            double y = box.ymin + (box.ymax - box.ymin) * j / (NY - 1);
            if (i == NX - 1)
                x = box.xmax;
            if (j == NY - 1)
                y = box.ymax;
            double v = ls->eval_batch(idx, nb, x, y, NULL, NULL);
            cache->batch_values[j * NX + i] = v;
            if (sorted && isfinite(v))
                sorted[n_finite++] = v;
        }
    }
    cache->n_batch_levels = 0;
    if (sorted && n_finite > 0) {
        qsort(sorted, (size_t)n_finite, sizeof *sorted, double_cmp);
        for (int k = 0; k < OVERLAY_BATCH_LEVELS; k++) {
            double q = sorted[(int)((k + 0.5) / OVERLAY_BATCH_LEVELS * n_finite)];
            int nl = cache->n_batch_levels;
            if (nl == 0 || q > cache->batch_levels[nl - 1])
                cache->batch_levels[cache->n_batch_levels++] = q;
        }
    }
    free(sorted);
    cache->batch_samplings++;
}

bool overlay_minibatch_lines(const Landscape *ls, const Run *run, const View *view,
                             OverlayCache *cache, OverlayLineFn emit, void *ctx)
{
    if (!run || !ls->data || !ls->eval_batch)
        return false;
    const int *idx = NULL;
    int nb = run_last_batch(run, &idx);
    if (nb <= 0 || !idx)
        return false;
    uint64_t key = hash_bytes(HASH_SEED, idx, sizeof *idx * (size_t)nb);
    if (!cache->batch_valid || cache->batch_ls != ls || !view_equal(&cache->batch_view, view) ||
        cache->batch_key != key || cache->batch_len != nb) {
        batch_sample(ls, view, idx, nb, cache);
        cache->batch_ls = ls;
        cache->batch_view = *view;
        cache->batch_key = key;
        cache->batch_len = nb;
        cache->batch_valid = true;
    }
    enum { NX = OVERLAY_BATCH_NX, NY = OVERLAY_BATCH_NY, MAX_SEG = 4 * NX * NY };
    ContourSegment *seg = malloc(sizeof *seg * MAX_SEG);
    int *first = malloc(sizeof *first * (MAX_SEG + 1));
    if (!seg || !first) {
        free(seg);
        free(first);
        return false;
    }
    ContourGrid g = {cache->batch_values, NX, NY, view_bounds(view)};
    for (int l = 0; l < cache->n_batch_levels; l++) {
        int n = contour_trace(&g, cache->batch_levels[l], seg, MAX_SEG);
        n = n < MAX_SEG ? n : MAX_SEG;
        int lines = contour_chain(seg, n, first);
        for (int k = 0; k < lines; k++)
            emit(ctx, seg + first[k], first[k + 1] - first[k], cache->batch_levels[l]);
    }
    free(first);
    free(seg);
    return true;
}

typedef struct {
    Ctx *c;
    PolyBuf pb;
    float hw;
    Rgba col;
} BatchPen;

static void batch_polyline(void *ctx, const ContourSegment *seg, int n, double level)
{
    BatchPen *bp = ctx;
    Ctx *c = bp->c;
    for (int q = 0; q < n; q++) {
        float x, y;
        to_px(c, seg[q].x0, seg[q].y0, &x, &y);
        poly_add(c, &bp->pb, x, y, false, bp->hw, bp->col);
    }
    float x, y;
    to_px(c, seg[n - 1].x1, seg[n - 1].y1, &x, &y);
    poly_add(c, &bp->pb, x, y, true, bp->hw, bp->col);
    poly_flush(c, &bp->pb, bp->hw, bp->col);
}

static void draw_minibatch(Ctx *c, OverlayCache *cache)
{
    const OverlayDesc *d = c->d;
    BatchPen bp = {c, {.min_px = 1.5f * c->s}, 0.6f * c->s,
                   overlay_color(OVERLAY_COLOR_MINIBATCH)};
    overlay_minibatch_lines(d->ls, d->batch_run, d->view, cache, batch_polyline, &bp);
    free(bp.pb.xy);
}

/* ---- Line-search trials ---------------------------------------------------------------- */

/* The last step's trial points of d->trial_run: a faint line from where the step began
 * through every trial, a ring at each rejected one and a filled dot at the accepted one
 * (the run's current point), so a class sees the search halve its way back. */
void overlay_trial_styles(float s, LineStyle *line, LineStyle *ring, LineStyle *hole)
{
    Rgba col = overlay_color(OVERLAY_COLOR_NEWTON);
    *line = style_of((Rgba){col.r, col.g, col.b, 150}, 0.9f * s, 0.8f * s, 0.5f);
    *ring = style_of(col, 3.2f * s, 1.2f * s, 0.8f);
    *hole = style_of((Rgba){20, 20, 28, 255}, 1.8f * s, 0.0f, 0.0f);
}

bool overlay_trial_accepted(const Run *run, int k)
{
    const TrajPoint *to = run_last(run);
    return run->trials[k][0] == to->x && run->trials[k][1] == to->y;
}

static void draw_trials(Ctx *c)
{
    const Run *run = c->d->trial_run;
    if (!run || run->n_trials < 1 || run->n < 2)
        return;
    const TrajPoint *from = &run->prev;
    float x0, y0;
    to_px(c, from->x, from->y, &x0, &y0);
    LineStyle line, ring, hole;
    overlay_trial_styles(c->s, &line, &ring, &hole);
    for (int k = 0; k < run->n_trials; k++) {
        float x, y;
        to_px(c, run->trials[k][0], run->trials[k][1], &x, &y);
        if (!isfinite(x) || !isfinite(y))
            continue;
        stroke(c, x0, y0, x, y, &line);
        dot(c, x, y, &ring);
        if (!overlay_trial_accepted(run, k))
            dot(c, x, y, &hole);
    }
    layer_emit(c);
}

/* ---- Entry point ----------------------------------------------------------------------- */

/* ---- The chord of convexity ------------------------------------------------------------ */

/* Whether the segment (x0, y0)-(x1, y1) meets the box r. */
static bool segment_meets(const float seg[4], UiRect r)
{
    float p[2] = {seg[0], seg[1]}, dv[2] = {seg[2] - seg[0], seg[3] - seg[1]};
    float lo[2] = {r.x, r.y}, hi[2] = {r.x + r.w, r.y + r.h}, t0, t1;
    return clip_param(p, dv, lo, hi, &t0, &t1);
}

static bool boxes_meet(UiRect a, UiRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

ChordInset overlay_chord_inset(Canvas *cv, const OverlayDesc *d, const float seg[4],
                               const double *f, const double *chord, int n)
{
    UiRect rect = d->rect;
    float s = cv->scale, m = 12.0f * s;
    float w0 = fminf(OVERLAY_CHORD_W * s, 0.45f * rect.w);
    float h0 = fminf(OVERLAY_CHORD_H * s, 0.4f * rect.h);
    ChordInset in = {.box = {0}};
    bool placed = false, fallback = false;
    /* Full size in each corner, then smaller (a small pane), else the first corner that
     * holds neither end of the segment, else the bottom right. */
    static const float SIZES[3] = {1.0f, 0.75f, 0.6f};
    for (int z = 0; z < 3 && !placed; z++) {
        float w = w0 * SIZES[z], h = h0 * SIZES[z];
        float x_lo = rect.x + d->strip_left + m, x_hi = rect.x + rect.w - w - m;
        float y_lo = rect.y + m, y_hi = rect.y + rect.h - d->strip_bottom - h - m;
        const float corners[4][2] = {{x_hi, y_hi}, {x_lo, y_hi}, {x_hi, y_lo}, {x_lo, y_lo}};
        for (int k = 0; k < 4 && !placed; k++) {
            UiRect b = {corners[k][0], corners[k][1], w, h};
            UiRect grown = {b.x - m, b.y - m, b.w + 2.0f * m, b.h + 2.0f * m};
            bool legend = d->avoid.w > 0.0f && boxes_meet(grown, d->avoid);
            placed = !segment_meets(seg, grown) && !legend;
            const float ea[4] = {seg[0], seg[1], seg[0], seg[1]};
            const float eb[4] = {seg[2], seg[3], seg[2], seg[3]};
            if (placed || (z == 0 && k == 0) ||
                (z == 2 && !fallback && !legend && !segment_meets(ea, grown) &&
                 !segment_meets(eb, grown))) {
                in.box = b;
                fallback |= z == 2 && !placed;
            }
        }
    }
    float pad = 8.0f * s, head = (float)canvas_line_height(cv, FONT_SMALL) + 4.0f * s;
    in.data = (UiRect){in.box.x + pad, in.box.y + head + pad, in.box.w - 2.0f * pad,
                       in.box.h - head - 2.0f * pad - head};
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        for (int q = 0; q < 2; q++) {
            double v = q ? chord[i] : f[i];
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    if (!(lo < hi)) {
        lo = (isfinite(lo) ? lo : 0.0) - 1.0;
        hi = lo + 2.0;
    }
    double span = hi - lo;
    in.lo = lo - 0.1 * span;
    in.hi = hi + 0.1 * span;
    return in;
}

static float chord_px_y(const ChordInset *in, double v)
{
    double t = (v - in->lo) / (in->hi - in->lo);
    t = fmin(fmax(isfinite(t) ? t : 0.0, 0.0), 1.0);
    return in->data.y + in->data.h - (float)t * in->data.h;
}

static void draw_chord(Ctx *c)
{
    const double *a = c->d->chord, *b = c->d->chord + 2;
    float s = c->s;
    float ax, ay, bx, by;
    to_px(c, a[0], a[1], &ax, &ay);
    to_px(c, b[0], b[1], &bx, &by);
    LineStyle seg = style_of(overlay_color(OVERLAY_COLOR_CHORD_GRAPH), 1.6f * s, 1.4f * s, 0.7f);
    LineStyle end = style_of(overlay_color(OVERLAY_COLOR_CHORD), 4.5f * s, 1.5f * s, 0.8f);
    stroke(c, ax, ay, bx, by, &seg);
    dot(c, ax, ay, &end);
    dot(c, bx, by, &end);
    layer_emit(c);
    float len = hypotf(bx - ax, by - ay);
    float ux = len > 0.0f ? (ax - bx) / len : -1.0f, uy = len > 0.0f ? (ay - by) / len : 0.0f;
    label_add(c, ax, ay, ux, uy, 8.0f * s, "a", overlay_color(OVERLAY_COLOR_CHORD));
    label_add(c, bx, by, -ux, -uy, 8.0f * s, "b", overlay_color(OVERLAY_COLOR_CHORD));

    double f[OVERLAY_CHORD_SAMPLES], ch[OVERLAY_CHORD_SAMPLES];
    int n = OVERLAY_CHORD_SAMPLES;
    analysis_chord(c->d->ls, a, b, n, f, ch);
    const float seg_px[4] = {ax, ay, bx, by};
    ChordInset in = overlay_chord_inset(c->cv, c->d, seg_px, f, ch, n);
    Canvas *cv = c->cv;
    canvas_round_rect(cv, in.box.x, in.box.y, in.box.w, in.box.h, 8.0f * s, LABEL_PILL);
    const char *chord_text = "chord";
    const char *graph_text = "f(\xce\xbb""a + (1 \xe2\x88\x92 \xce\xbb)b)";
    float cw = canvas_measure(cv, FONT_SMALL, chord_text);
    if (canvas_measure(cv, FONT_SMALL, graph_text) + cw + 28.0f * s > in.box.w)
        graph_text = "f"; /* a small inset: the short name */
    canvas_text(cv, FONT_SMALL, in.box.x + 8.0f * s, in.box.y + 4.0f * s, graph_text,
                overlay_color(OVERLAY_COLOR_CHORD_GRAPH));
    canvas_text(cv, FONT_SMALL, in.box.x + in.box.w - 8.0f * s - cw, in.box.y + 4.0f * s,
                chord_text, overlay_color(OVERLAY_COLOR_CHORD));
    float ly = in.data.y + in.data.h + 2.0f * s;
    canvas_text(cv, FONT_SMALL, in.data.x, ly, "a", overlay_color(OVERLAY_COLOR_CHORD));
    float bw = canvas_measure(cv, FONT_SMALL, "b");
    canvas_text(cv, FONT_SMALL, in.data.x + in.data.w - bw, ly, "b", overlay_color(OVERLAY_COLOR_CHORD));
    LineStyle graph = style_of(overlay_color(OVERLAY_COLOR_CHORD_GRAPH), 1.3f * s, 0.0f, 0.0f);
    LineStyle above = style_of(overlay_color(OVERLAY_COLOR_CHORD_ABOVE), 1.8f * s, 0.0f, 0.0f);
    LineStyle line = style_of(overlay_color(OVERLAY_COLOR_CHORD), 1.3f * s, 0.0f, 0.0f);
    float x0 = in.data.x, dx = in.data.w / (float)(n - 1);
    canvas_stroke(cv, x0, chord_px_y(&in, ch[0]), x0 + in.data.w, chord_px_y(&in, ch[n - 1]),
                  &line);
    for (int i = 1; i < n; i++) {
        bool up = f[i] > ch[i] + 1e-12 || f[i - 1] > ch[i - 1] + 1e-12;
        canvas_stroke(cv, x0 + (float)(i - 1) * dx, chord_px_y(&in, f[i - 1]),
                      x0 + (float)i * dx, chord_px_y(&in, f[i]), up ? &above : &graph);
    }
    LineStyle ends = style_of(overlay_color(OVERLAY_COLOR_CHORD), 3.0f * s, 0.0f, 0.0f);
    canvas_dot(cv, x0, chord_px_y(&in, f[0]), &ends);
    canvas_dot(cv, x0 + in.data.w, chord_px_y(&in, f[n - 1]), &ends);
}

void overlay_draw(Canvas *cv, const OverlayDesc *d, OverlayCache *cache)
{
    const OverlayFlags *fl = &d->flags;
    bool at_point = fl->directions || fl->taylor || fl->eigen;
    bool any = at_point || fl->gradient_field || fl->critical || fl->minibatch ||
               fl->trials || d->chord;
    if (!any || !d->ls || !d->view || d->rect.w <= 0.0f || d->rect.h <= 0.0f)
        return;
    Ctx c = {.cv = cv, .d = d, .v = d->view, .s = cv->scale, .x0 = d->rect.x, .y0 = d->rect.y,
             .w = d->rect.w, .h = d->rect.h};
    int cx = (int)floorf(d->rect.x), cy = (int)floorf(d->rect.y);
    int cw = (int)ceilf(d->rect.x + d->rect.w) - cx, ch = (int)ceilf(d->rect.y + d->rect.h) - cy;
    canvas_clip(cv, cx, cy, cw, ch);

    /* Faint lines under everything. */
    if (fl->minibatch)
        draw_minibatch(&c, cache);
    if (fl->trials)
        draw_trials(&c);

    /* The point's overlays only while the point is in the pane (the cursor or a run's
     * current point may leave it): their labels would otherwise pile up at its edge. */
    LocalInfo li;
    if (at_point) {
        float px, py;
        to_px(&c, d->point[0], d->point[1], &px, &py);
        at_point = px >= c.x0 && px <= c.x0 + c.w && py >= c.y0 && py <= c.y0 + c.h;
    }
    if (at_point)
        analysis_local(d->ls, d->point[0], d->point[1], &li);
    if (fl->gradient_field)
        draw_gradient_field(&c);
    if (fl->taylor && at_point)
        draw_taylor(&c, &li);
    if (fl->critical)
        draw_critical(&c, cache);
    if (fl->eigen && at_point)
        draw_eigen(&c, &li);
    if (fl->directions && at_point)
        draw_directions(&c, &li);
    layer_emit(&c);
    if (d->chord)
        draw_chord(&c);
    labels_draw(&c);
    canvas_clip_off(cv);
    canvas_flush(cv);
    free(c.strokes);
}
