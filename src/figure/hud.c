/* hud.c - the panels beside the contour plots: the loss-versus-step plot (log or symlog y,
 * decimated to a min/max pair per pixel column so long runs stay cheap), the run table, the
 * inspector of the selected run and the timeline. Drawn through the renderer's canvas
 * (render/canvas.h; GL or CPU): panels and text first, curves and markers over them.
 */
#include "figure/hud.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "optim/optim.h"
#include "optim/schedule.h"
#include "lecture/view.h"
#include "ui/palette.h"
#include "util/text.h"
#include "util/utf8.h"

/* The legend's look (render.c): translucent dark panels, light text. */
static const Rgba HUD_PANEL = {14, 14, 22, 190};
static const Rgba HUD_TEXT = {240, 240, 245, 255};
static const Rgba HUD_TEXT_DIM = {190, 192, 205, 255};
static const Rgba HUD_TEXT_OFF = {150, 152, 165, 170};
static const Rgba HUD_GRID = {255, 255, 255, 26};
static const Rgba HUD_AXIS = {235, 235, 240, 150};
static const Rgba HUD_CLOCK = {255, 255, 255, 95};
static const Rgba HUD_RULE = {255, 255, 255, 50};
static const Rgba HUD_HIGHLIGHT = {255, 255, 255, 24};
static const Rgba HUD_WARN = {255, 140, 125, 255};
static const Rgba HUD_TRACK = {255, 255, 255, 60};
static const Rgba HUD_TRACK_DONE = {235, 235, 242, 215};

static const float HUD_FAINT_ALPHA = 0.35f;
/* The loss axis reaches at most this factor above the runs that did not diverge (and every
 * start), and no further than HUD_MIN_RELATIVE_LOSS times its top downwards. */
static const double HUD_DIVERGED_HEADROOM = 1e4;
static const double HUD_MIN_RELATIVE_LOSS = 1e-16;

enum {
    HUD_MAX_RUNS = PLOT_MAX_RUNS,
    HUD_TICK_BUF = 640, /* every decade of the doubles fits */
    HUD_MAX_YTICKS = 48,
    HUD_MAX_XTICKS = 32,
};

#define UTF8_MINUS "\xe2\x88\x92"
#define UTF8_TIMES "\xc3\x97"
#define UTF8_DASH "\xe2\x80\x94"
#define UTF8_INF "\xe2\x88\x9e"
#define UTF8_ALPHA "\xce\xb1"
#define UTF8_THETA "\xce\xb8"
#define UTF8_NABLA "\xe2\x88\x87"
#define UTF8_DELTA "\xce\x94"
#define UTF8_DOT " \xc2\xb7 "
#define UTF8_SUPER_MINUS "\xe2\x81\xbb"

static const char *const HUD_SUPERSCRIPT[10] = {
    "\xe2\x81\xb0", "\xc2\xb9",     "\xc2\xb2",     "\xc2\xb3",     "\xe2\x81\xb4",
    "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9",
};

/* ---- Text ------------------------------------------------------------------------------ */

/* Appends s at buf[k] (truncating); returns the new length. */
static size_t hud_append(char *buf, size_t len, size_t k, const char *s)
{
    if (k + 1 >= len)
        return k;
    int n = snprintf(buf + k, len - k, "%s", s);
    if (n < 0)
        return k;
    return k + (size_t)n < len ? k + (size_t)n : len - 1;
}

/* "⁻¹²" */
static void hud_superscript(long e, char *buf, size_t len)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%ld", e < 0 ? -e : e);
    size_t k = 0;
    buf[0] = '\0';
    if (e < 0)
        k = hud_append(buf, len, k, UTF8_SUPER_MINUS);
    for (const char *d = digits; *d; d++)
        k = hud_append(buf, len, k, HUD_SUPERSCRIPT[*d - '0']);
}

void hud_format_value(double v, char *buf, size_t len)
{
    if (len == 0)
        return;
    if (isnan(v)) {
        snprintf(buf, len, "%s", UTF8_DASH);
        return;
    }
    const char *sign = v < 0.0 ? UTF8_MINUS : "";
    double a = fabs(v);
    if (isinf(a)) {
        snprintf(buf, len, "%s%s", sign, UTF8_INF);
        return;
    }
    if (a == 0.0) {
        snprintf(buf, len, "0");
        return;
    }
    if (a >= 1e-3 && a < 1e5) {
        if (a >= 999.5)
            snprintf(buf, len, "%s%.0f", sign, a);
        else
            snprintf(buf, len, "%s%.3g", sign, a);
        return;
    }
    int e = (int)floor(log10(a));
    char m[32];
    for (int pass = 0; pass < 2; pass++) {
        /* Scaled in two factors so subnormals and 1e308 stay finite. */
        double scaled = e < -290 ? (a * 1e100) / pow(10.0, e + 100) : a / pow(10.0, e);
        snprintf(m, sizeof m, "%.2f", scaled);
        double back = strtod(m, NULL);
        if (back >= 10.0)
            e++;
        else if (back < 1.0)
            e--;
        else
            break;
    }
    /* "1.20" -> "1.2", "1.00" -> "1" */
    char *end = m + strlen(m) - 1;
    while (end > m && *end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    char sup[48];
    hud_superscript(e, sup, sizeof sup);
    if (strcmp(m, "1") == 0)
        snprintf(buf, len, "%s10%s", sign, sup);
    else
        snprintf(buf, len, "%s%s" UTF8_TIMES "10%s", sign, m, sup);
}

/* A decade tick of the loss axis: "0", "1", "10", "10⁻⁴", "−10³". */
static void hud_decade_label(double v, char *buf, size_t len)
{
    if (v == 0.0) {
        snprintf(buf, len, "0");
        return;
    }
    long e = lround(log10(fabs(v)));
    char sup[48] = "";
    if (e != 0 && e != 1)
        hud_superscript(e, sup, sizeof sup);
    snprintf(buf, len, "%s%s%s", v < 0.0 ? UTF8_MINUS : "", e == 0 ? "1" : "10", sup);
}

/* A step tick: "250", "20k" for round thousands from 10000 on. */
static void hud_step_label(long k, char *buf, size_t len)
{
    if (k >= 10000 && k % 1000 == 0)
        snprintf(buf, len, "%ldk", k / 1000);
    else
        snprintf(buf, len, "%ld", k);
}

static void hud_format_pair(double a, double b, char *buf, size_t len)
{
    char sa[48], sb[48];
    hud_format_value(a, sa, sizeof sa);
    hud_format_value(b, sb, sizeof sb);
    snprintf(buf, len, "(%s, %s)", sa, sb);
}

/* Text with U+0302 (the hat of m̂, v̂) placed over the letter before it: the font draws one
 * code point at a time, so the combining mark would otherwise sit beside its letter. Draws
 * when `draw`; returns the width. */
static float hud_text(Canvas *cv, bool draw, FontFace face, float x, float y, const char *s,
                      Rgba c)
{
    static const char HAT[] = "\xcc\x82", HAT_GLYPH[] = "\xcb\x86"; /* U+0302, U+02C6 */
    float pen = x;
    char seg[128];
    while (*s) {
        const char *hat = strstr(s, HAT);
        size_t n = hat ? (size_t)(hat - s) : strlen(s);
        n = n < sizeof seg - 1 ? n : sizeof seg - 1;
        memcpy(seg, s, n);
        seg[n] = '\0';
        pen += draw ? canvas_text(cv, face, pen, y, seg, c) : canvas_measure(cv, face, seg);
        if (!hat)
            break;
        if (n > 0 && draw) {
            /* The letter the hat goes on: the last code point of the segment. */
            size_t k = utf8_back(seg, n);
            float wl = canvas_measure(cv, face, seg + k);
            float wh = canvas_measure(cv, face, HAT_GLYPH);
            canvas_text(cv, face, pen - wl + 0.5f * (wl - wh), y, HAT_GLYPH, c);
        }
        s = hat + strlen(HAT);
    }
    return pen - x;
}

/* ---- Shared ---------------------------------------------------------------------------- */

/* Each panel starts and ends unclipped; the canvas keeps the order of what was drawn. */
static void hud_unclip(Canvas *cv)
{
    canvas_clip_off(cv);
}

static void hud_clip(Canvas *cv, UiRect rect)
{
    canvas_clip(cv, (int)floorf(rect.x), (int)floorf(rect.y), (int)ceilf(rect.w),
                (int)ceilf(rect.h));
}

static bool hud_enabled(const HudRuns *h, int i)
{
    return !h->enabled || h->enabled[i];
}

/* The index of the kept point shown at the clock, or -1 when the run has none. */
static long hud_last(const Run *run, long step)
{
    if (!run || run->n < 1)
        return -1;
    return run_index_at(run, step < 0 ? 0 : step);
}

static int hud_n_runs(const HudRuns *h)
{
    if (!h->runs || h->n_runs <= 0)
        return 0;
    return h->n_runs < HUD_MAX_RUNS ? h->n_runs : HUD_MAX_RUNS;
}

/* Run i's palette index. */
static int hud_color(const HudRuns *h, int i)
{
    return h->colors ? h->colors[i] : i;
}

static LineStyle hud_run_style(int color, float alpha, float radius, float halo,
                               float halo_alpha)
{
    unsigned char c[3];
    palette_run_rgb(color, c);
    return (LineStyle){{c[0] / 255.0f, c[1] / 255.0f, c[2] / 255.0f, alpha}, radius, halo,
                       halo_alpha};
}

/* A short thick stroke in palette color `color`, the legend's swatch. */
static void hud_swatch(Canvas *cv, int color, float x, float cy, float w, float alpha)
{
    float s = cv->scale;
    LineStyle st = hud_run_style(color, alpha, 2.2f * s, 1.2f * s, 0.8f * alpha);
    canvas_stroke(cv, x + 3.0f * s, cy, x + w - 3.0f * s, cy, &st);
}

/* ---- Loss plot ------------------------------------------------------------------------- */

typedef enum { HUD_SERIES_LOSS, HUD_SERIES_BATCH, HUD_SERIES_MEAN } HudSeries;

/* Walks one curve of a run in step order. */
typedef struct {
    const TrajPoint *pts;
    HudSeries kind;
    double m, beta_pow; /* MEAN: the exponential mean and beta^(j+1) */
    const HudRuns *h;   /* LOSS: shown as hud_gap(h, loss) */
} SeriesIter;

double hud_gap_value(double f, double lstar)
{
    if (!isfinite(lstar))
        return f;
    return fmax(f - lstar, DBL_EPSILON * fmax(fabs(lstar), 1.0));
}

double hud_gap(const HudRuns *h, double f)
{
    return h->gap ? hud_gap_value(f, h->lstar) : f;
}

/* The step value j is plotted at: kept point j's, or for the minibatch series the step
 * before kept point j + 1 (where its minibatch loss was measured). */
static double hud_series_x(const SeriesIter *it, long j)
{
    return it->kind == HUD_SERIES_LOSS ? (double)it->pts[j].step
                                       : (double)(it->pts[j + 1].step - 1);
}

/* Value j: the loss at kept point j, the minibatch loss measured one step before kept point
 * j + 1 (recorded with it), or its running mean. Call with j = 0, 1, 2, ... */
static double hud_series_next(SeriesIter *it, long j)
{
    if (it->kind == HUD_SERIES_LOSS)
        return hud_gap(it->h, it->pts[j].loss);
    double v = it->pts[j + 1].batch_loss;
    if (it->kind == HUD_SERIES_BATCH)
        return v;
    if (isfinite(v)) {
        it->m = HUD_MEAN_BETA * it->m + (1.0 - HUD_MEAN_BETA) * v;
        it->beta_pow *= HUD_MEAN_BETA;
    }
    return it->beta_pow < 1.0 ? it->m / (1.0 - it->beta_pow) : (double)NAN;
}

/* Height of loss f on the plot: 0 at the bottom of the data area, 1 at the top. This is
 * lossplot_y before its clamp (the same scale as ui/lossplot.c), so strokes that leave the
 * range are cut at its edge rather than flattened along it. */
static double hud_plot_t(const LossAxes *a, double f)
{
    double s = a->symlog ? copysign(log10(1.0 + fabs(f) / a->c), f) : log10(fmax(f, 1e-300));
    return (s - a->y_lo) / (a->y_hi - a->y_lo);
}

static float hud_plot_py(const LossAxes *a, double t)
{
    return a->r.y + a->r.h - (float)t * a->r.h;
}

/* The part of the stroke (x0, t0) - (x1, t1) inside the data area (0 <= t <= 1). */
static void hud_stroke(Canvas *cv, const LossAxes *a, float x0, double t0, float x1,
                       double t1, const LineStyle *st)
{
    if ((t0 < 0.0 && t1 < 0.0) || (t0 > 1.0 && t1 > 1.0))
        return;
    double u0 = 0.0, u1 = 1.0, dt = t1 - t0;
    if (dt != 0.0) {
        double ua = -t0 / dt, ub = (1.0 - t0) / dt;
        u0 = fmax(u0, fmin(ua, ub));
        u1 = fmin(u1, fmax(ua, ub));
        if (u0 > u1)
            return;
    }
    float dx = x1 - x0;
    canvas_stroke(cv, x0 + (float)u0 * dx, hud_plot_py(a, t0 + u0 * dt),
                        x0 + (float)u1 * dx, hud_plot_py(a, t0 + u1 * dt), st);
}

/* The values that fall into one pixel column. */
typedef struct {
    long col;
    double x_first, x_last; /* steps */
    double first, last, lo, hi;
} HudColumn;

typedef struct {
    bool have;
    float x;
    double t;
} HudPen;

static void hud_column_emit(Canvas *cv, const LossAxes *a, const HudColumn *c,
                            const LineStyle *st, HudPen *pen)
{
    float xf = lossplot_x(a, c->x_first), xl = lossplot_x(a, c->x_last);
    double tf = hud_plot_t(a, c->first);
    if (pen->have)
        hud_stroke(cv, a, pen->x, pen->t, xf, tf, st);
    float xm = 0.5f * (xf + xl);
    hud_stroke(cv, a, xm, hud_plot_t(a, c->lo), xm, hud_plot_t(a, c->hi), st);
    *pen = (HudPen){true, xl, hud_plot_t(a, c->last)};
}

/* Draws values 0 .. count-1 of a series as a polyline; when there are more than two values
 * per pixel column, as one min/max stroke per column joined first-to-last, which looks the
 * same and costs O(width) markers (the values themselves only get compared: the height is
 * monotone in the loss, so only each column's extremes are mapped). */
static void hud_draw_series(Canvas *cv, const LossAxes *a, SeriesIter *it, long count,
                            const LineStyle *st)
{
    HudPen pen = {false, 0.0f, 0.0};
    if ((double)count <= 2.0 * (double)a->r.w) {
        for (long j = 0; j < count; j++) {
            double v = hud_series_next(it, j);
            if (!isfinite(v)) {
                pen.have = false;
                continue;
            }
            float x = lossplot_x(a, hud_series_x(it, j));
            double t = hud_plot_t(a, v);
            if (pen.have)
                hud_stroke(cv, a, pen.x, pen.t, x, t, st);
            pen = (HudPen){true, x, t};
        }
        return;
    }
    double cols_per_step = (double)a->r.w / a->k_max;
    HudColumn c = {.col = -1};
    for (long j = 0; j < count; j++) {
        double v = hud_series_next(it, j);
        if (!isfinite(v))
            continue;
        double xj = hud_series_x(it, j);
        long col = (long)(xj * cols_per_step);
        if (col != c.col) {
            if (c.col >= 0)
                hud_column_emit(cv, a, &c, st, &pen);
            c = (HudColumn){col, xj, xj, v, v, v, v};
        } else {
            c.x_last = xj;
            c.last = v;
            c.lo = v < c.lo ? v : c.lo;
            c.hi = v > c.hi ? v : c.hi;
        }
    }
    if (c.col >= 0)
        hud_column_emit(cv, a, &c, st, &pen);
}

/* Where a diverged run is shown to end: its last point, or, when that is above the chart,
 * its last step on the top edge, with the x where its loss left the chart in *exit_x. */
static void hud_diverged_end(const LossAxes *a, const Run *run, long last, float *x, float *y,
                             float *exit_x)
{
    *x = *exit_x = lossplot_x(a, (double)run->pts[last].step);
    double t = hud_plot_t(a, run->pts[last].loss);
    if (t <= 1.0) {
        *y = lossplot_y(a, run->pts[last].loss);
        return;
    }
    *y = a->r.y;
    for (long j = last - 1; j >= 0; j--) {
        double tj = hud_plot_t(a, run->pts[j].loss);
        if (tj <= 1.0) {
            double tn = hud_plot_t(a, run->pts[j + 1].loss);
            double u = (1.0 - tj) / (tn - tj);
            double sj = (double)run->pts[j].step, sn = (double)run->pts[j + 1].step;
            *exit_x = lossplot_x(a, sj + u * (sn - sj));
            return;
        }
    }
}

typedef struct {
    LossAxes a;
    bool ok;   /* the data area is big enough to draw into */
    float pad; /* inner margin of the panel */
    double yt[HUD_MAX_YTICKS];
    int ny;
    float label_w; /* widest y tick label */
    long last[HUD_MAX_RUNS];       /* point shown per run; -1: not drawn */
    bool stochastic[HUD_MAX_RUNS]; /* minibatch losses differ from the full losses */
} PlotLayout;

static bool hud_differs(double a, double b)
{
    return fabs(a - b) > 1e-9 * fmax(fabs(a), fabs(b));
}

/* Decade ticks far enough apart for their labels: every s-th decade (s from the spacing),
 * on a symlog axis counted outwards from 0, which is always kept. */
static int hud_loss_ticks(const LossAxes *a, float gap, double *out, int max)
{
    double all[HUD_TICK_BUF];
    int n = lossplot_yticks(a, all, HUD_TICK_BUF);
    double per_decade = (double)a->r.h / (a->y_hi - a->y_lo);
    /* Strides that read well: 10⁰ 10³ 10⁶ ..., 10⁰ 10⁵⁰ 10¹⁰⁰ ... */
    static const long NICE[] = {1, 2, 3, 5, 10, 20, 25, 50, 100, 200};
    long need = per_decade >= (double)gap ? 1 : (long)ceil((double)gap / per_decade);
    long stride = need;
    for (size_t i = 0; i < sizeof NICE / sizeof NICE[0]; i++) {
        if (NICE[i] >= need) {
            stride = NICE[i];
            break;
        }
    }
    int m = 0;
    if (!a->symlog) {
        for (int i = 0; i < n && m < max; i++) {
            if (isfinite(all[i]) && lround(log10(all[i])) % stride == 0)
                out[m++] = all[i];
        }
        return m;
    }
    int z = 0;
    while (z < n && all[z] < 0.0)
        z++;
    long c_exp = lround(log10(a->c));
    float y0 = lossplot_y(a, 0.0);
    if (z < n && all[z] == 0.0 && m < max)
        out[m++] = 0.0;
    for (int dir = 1; dir >= -1; dir -= 2) {
        float last = y0;
        for (int i = dir > 0 ? z + (z < n && all[z] == 0.0) : z - 1; i >= 0 && i < n && m < max;
             i += dir) {
            if (!isfinite(all[i]))
                continue;
            float y = lossplot_y(a, all[i]);
            if ((lround(log10(fabs(all[i]))) - c_exp) % stride == 0 && fabsf(y - last) >= gap) {
                out[m++] = all[i];
                last = y;
            }
        }
    }
    return m;
}

static void hud_plot_layout(Canvas *cv, const HudRuns *h, UiRect rect, PlotLayout *p)
{
    float s = cv->scale;
    int n = hud_n_runs(h);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < HUD_MAX_RUNS; i++) {
        p->last[i] = -1;
        p->stochastic[i] = false;
    }
    /* The range of the runs that did not diverge and of every start ("sane"), and of
     * everything: a diverged run's 10³⁰⁰ must not flatten the others into the floor. */
    double s_lo = INFINITY, s_hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        const Run *run = &h->runs[i];
        long last = hud_enabled(h, i) ? hud_last(run, h->step) : -1;
        p->last[i] = last;
        bool sane = run->stop != RUN_DIVERGED;
        for (long k = 0; k <= last; k++) {
            double v = hud_gap(h, run->pts[k].loss);
            double b = k > 0 && !h->gap ? run->pts[k].batch_loss : v;
            if (k > 0 && !h->gap && !p->stochastic[i] &&
                hud_differs(b, run->pts[k - 1].loss))
                p->stochastic[i] = true;
            for (int q = 0; q < 2; q++) {
                double x = q ? b : v;
                if (!isfinite(x))
                    continue;
                if (q) {
                    /* A minibatch's loss may read 10⁻⁹ where one point is classified well:
                     * it widens the range only upwards, and below sits on the floor. */
                    hi = x > hi ? x : hi;
                    s_hi = (sane || k == 0) && x > s_hi ? x : s_hi;
                    continue;
                }
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
                if (sane || k == 0) {
                    s_lo = x < s_lo ? x : s_lo;
                    s_hi = x > s_hi ? x : s_hi;
                }
            }
        }
    }
    if (s_lo <= s_hi) {
        double mag = fmax(fabs(s_lo), fabs(s_hi));
        double cap = HUD_DIVERGED_HEADROOM * (mag > 0.0 ? mag : 1.0);
        hi = fmin(hi, s_hi > 0.0 ? HUD_DIVERGED_HEADROOM * s_hi : cap);
        lo = fmax(lo, -cap);
    }
    /* At most 16 decades, so one run converging to 10⁻³⁰⁰ does not flatten the others
     * either: lower losses sit on the floor. */
    if (lo > 0.0 && hi > 0.0)
        lo = fmax(lo, hi * HUD_MIN_RELATIVE_LOSS);
    long k_max = h->step > 10 ? h->step : 10;
    float pad = 10.0f * s;
    float body = (float)canvas_line_height(cv, FONT_BODY);
    float small = (float)canvas_line_height(cv, FONT_SMALL);
    float y0 = rect.y + pad + body + 0.5f * small;
    float y1 = rect.y + rect.h - pad - body - 2.0f * s;
    p->pad = pad;
    p->a = lossplot_fit((UiRect){rect.x, y0, rect.w, y1 - y0}, k_max, lo, hi);
    p->ny = y1 - y0 > 1.0f ? hud_loss_ticks(&p->a, 1.3f * small, p->yt, HUD_MAX_YTICKS) : 0;
    p->label_w = 0.0f;
    for (int i = 0; i < p->ny; i++) {
        char buf[64];
        hud_decade_label(p->yt[i], buf, sizeof buf);
        float w = canvas_measure(cv, FONT_SMALL, buf);
        p->label_w = w > p->label_w ? w : p->label_w;
    }
    float x0 = rect.x + pad + p->label_w + 10.0f * s;
    float x1 = rect.x + rect.w - pad - 8.0f * s;
    p->a.r = (UiRect){x0, y0, x1 - x0, y1 - y0};
    p->ok = p->a.r.w >= 24.0f && p->a.r.h >= 24.0f;
}

LossAxes hud_loss_axes(Canvas *cv, const HudRuns *h, UiRect rect)
{
    PlotLayout p;
    hud_plot_layout(cv, h, rect, &p);
    return p.a;
}

/* The epochs of the pane's first enabled minibatch run (run_steps_per_epoch): a faint line
 * in its color where each epoch ends, marked at the top, labelled "epoch e" (or "e" where
 * that does not fit) inside the data area. */
static void hud_epoch_ticks(Canvas *cv, const HudRuns *h, const LossAxes *a)
{
    int n = hud_n_runs(h), run = -1;
    long per = 0;
    for (int i = 0; i < n && run < 0; i++) {
        per = hud_enabled(h, i) ? run_steps_per_epoch(&h->runs[i]) : 0;
        run = per > 0 ? i : -1;
    }
    if (run < 0)
        return;
    float s = cv->scale, tk = s > 1.0f ? s : 1.0f;
    long ticks[HUD_MAX_XTICKS], stride;
    int nt = lossplot_epoch_ticks(a, per, 14.0f * s, ticks, HUD_MAX_XTICKS, &stride);
    unsigned char rgb[3];
    palette_run_rgb(hud_color(h, run), rgb);
    Rgba line = {rgb[0], rgb[1], rgb[2], 70}, mark = {rgb[0], rgb[1], rgb[2], 230};
    float gap = (float)(stride * per) * a->r.w / (float)a->k_max;
    char buf[48];
    snprintf(buf, sizeof buf, "epoch %ld", ticks[nt > 0 ? nt - 1 : 0] / per);
    bool words = canvas_measure(cv, FONT_SMALL, buf) + 8.0f * s < gap;
    snprintf(buf, sizeof buf, "%ld", ticks[nt > 0 ? nt - 1 : 0] / per);
    bool numbers = canvas_measure(cv, FONT_SMALL, buf) + 6.0f * s < gap;
    for (int i = 0; i < nt; i++) {
        float x = lossplot_x(a, (double)ticks[i]);
        canvas_rect(cv, x - 0.5f * tk, a->r.y, tk, a->r.h, line);
        canvas_rect(cv, x - tk, a->r.y, 2.0f * tk, 7.0f * s, mark);
        if (!words && !numbers)
            continue;
        snprintf(buf, sizeof buf, words ? "epoch %ld" : "%ld", ticks[i] / per);
        float w = canvas_measure(cv, FONT_SMALL, buf);
        if (x + 3.0f * s + w <= a->r.x + a->r.w)
            canvas_text(cv, FONT_SMALL, x + 3.0f * s, a->r.y + 2.0f * s, buf, HUD_TEXT_DIM);
    }
}

/* Grid, axes, tick labels, axis names and the clock's line: the layer under the curves. */
static void hud_plot_frame(Canvas *cv, const HudRuns *h, UiRect rect, const PlotLayout *p)
{
    float s = cv->scale, tk = s > 1.0f ? s : 1.0f;
    const LossAxes *a = &p->a;
    UiRect d = a->r;
    float small = (float)canvas_line_height(cv, FONT_SMALL);
    float body = (float)canvas_line_height(cv, FONT_BODY);
    char buf[64];
    for (int i = 0; i < p->ny; i++) {
        float y = lossplot_y(a, p->yt[i]);
        canvas_rect(cv, d.x, y - 0.5f * tk, d.w, tk, HUD_GRID);
        canvas_rect(cv, d.x - 5.0f * s, y - 0.5f * tk, 5.0f * s, tk, HUD_AXIS);
        hud_decade_label(p->yt[i], buf, sizeof buf);
        float w = canvas_measure(cv, FONT_SMALL, buf);
        canvas_text(cv, FONT_SMALL, d.x - 8.0f * s - w, y - 0.5f * small, buf, HUD_TEXT);
    }
    canvas_rect(cv, d.x - tk, d.y, tk, d.h + tk, HUD_AXIS);
    canvas_rect(cv, d.x - tk, d.y + d.h, d.w + tk, tk, HUD_AXIS);

    const char *yname = h->gap ? "L(" UTF8_THETA ") " UTF8_MINUS " L*" : "L(" UTF8_THETA ")";
    const char *xname = "step";
    float name_y = rect.y + p->pad - 2.0f * s;
    float yname_w = canvas_text(cv, FONT_BODY, rect.x + p->pad, name_y, yname, HUD_TEXT);
    float xname_w = canvas_measure(cv, FONT_BODY, xname);
    float xname_x = d.x + d.w - xname_w;
    float row_y = d.y + d.h + 4.0f * s;
    canvas_text(cv, FONT_BODY, xname_x, row_y, xname, HUD_TEXT);

    int target = (int)(d.w / (80.0f * s));
    int most = (int)(a->k_max / 2.0);
    target = target > most ? most : target;
    target = target < 2 ? 2 : target;
    double xt[HUD_MAX_XTICKS], xs;
    int nx = view_ticks(0.0, a->k_max, target, xt, HUD_MAX_XTICKS, &xs);
    for (int i = 0; i < nx; i++) {
        float x = lossplot_x(a, xt[i]);
        hud_step_label(lround(xt[i]), buf, sizeof buf);
        float w = canvas_measure(cv, FONT_SMALL, buf);
        float lx = x - 0.5f * w;
        canvas_rect(cv, x - 0.5f * tk, d.y + d.h, tk, 5.0f * s, HUD_AXIS);
        if (lx < rect.x + p->pad || lx + w > xname_x - 8.0f * s)
            continue;
        canvas_text(cv, FONT_SMALL, lx, row_y + 0.5f * (body - small), buf, HUD_TEXT);
    }

    hud_epoch_ticks(cv, h, a);

    /* The clock: a vertical line, its step in the top row beside L(θ). */
    float xc = lossplot_x(a, (double)(h->step > 0 ? h->step : 0));
    float lw = 1.5f * s > 1.0f ? 1.5f * s : 1.0f;
    canvas_rect(cv, xc - 0.5f * lw, d.y, lw, d.h, HUD_CLOCK);
    snprintf(buf, sizeof buf, "step %ld", h->step > 0 ? h->step : 0);
    float w = canvas_measure(cv, FONT_SMALL, buf);
    float lx = xc - 0.5f * w;
    float lo_x = rect.x + p->pad + yname_w + 12.0f * s, hi_x = rect.x + rect.w - p->pad - w;
    lx = lx > hi_x ? hi_x : lx;
    if (lx >= lo_x)
        canvas_text(cv, FONT_SMALL, lx, name_y + 0.5f * (body - small), buf, HUD_TEXT_DIM);
}

void hud_loss_plot(Canvas *cv, const HudRuns *h, UiRect rect)
{
    hud_unclip(cv);
    float s = cv->scale;
    canvas_round_rect(cv, rect.x, rect.y, rect.w, rect.h, 10.0f * s, HUD_PANEL);
    PlotLayout p;
    hud_plot_layout(cv, h, rect, &p);
    if (!p.ok) {
        canvas_flush(cv);
        return;
    }
    hud_plot_frame(cv, h, rect, &p);

    int n = hud_n_runs(h);
    /* The faint minibatch losses under every solid curve. */
    for (int i = 0; i < n; i++) {
        if (p.last[i] < 1 || !p.stochastic[i])
            continue;
        LineStyle st = hud_run_style(hud_color(h, i), HUD_FAINT_ALPHA, 0.9f * s, 0.0f, 0.0f);
        SeriesIter it = {h->runs[i].pts, HUD_SERIES_BATCH, 0.0, 1.0, h};
        hud_draw_series(cv, &p.a, &it, p.last[i], &st);
    }
    for (int i = 0; i < n; i++) {
        if (p.last[i] < 0)
            continue;
        LineStyle st = hud_run_style(hud_color(h, i), 1.0f, 1.4f * s, 0.0f, 0.0f);
        SeriesIter it = {h->runs[i].pts, p.stochastic[i] ? HUD_SERIES_MEAN : HUD_SERIES_LOSS,
                         0.0, 1.0, h};
        hud_draw_series(cv, &p.a, &it, p.stochastic[i] ? p.last[i] : p.last[i] + 1, &st);
    }
    /* Where each run is now: a dot, or a cross where it diverged. */
    for (int i = 0; i < n; i++) {
        const Run *run = &h->runs[i];
        long k = p.last[i];
        if (k < 0 || !isfinite(run->pts[k].loss))
            continue;
        float x = lossplot_x(&p.a, (double)run->pts[k].step);
        float y = lossplot_y(&p.a, hud_gap(h, run->pts[k].loss));
        if (run->stop == RUN_DIVERGED && k == run->n - 1) {
            /* Off the chart: dots along its top from where it left to the step it
             * diverged at, and the cross there. */
            float exit_x;
            hud_diverged_end(&p.a, run, k, &x, &y, &exit_x);
            LineStyle dot = hud_run_style(hud_color(h, i), 0.8f, 1.2f * s, 0.0f, 0.0f);
            for (float dx = exit_x + 8.0f * s; dx < x - 6.0f * s; dx += 7.0f * s)
                canvas_dot(cv, dx, y, &dot);
            LineStyle st = hud_run_style(hud_color(h, i), 1.0f, 1.6f * s, 1.2f * s, 0.85f);
            float e = 5.0f * s;
            canvas_stroke(cv, x - e, y - e, x + e, y + e, &st);
            canvas_stroke(cv, x - e, y + e, x + e, y - e, &st);
        } else {
            LineStyle ring = {{1.0f, 1.0f, 1.0f, 1.0f}, 4.6f * s, 1.0f * s, 0.7f};
            LineStyle core = hud_run_style(hud_color(h, i), 1.0f, 3.0f * s, 0.0f, 0.0f);
            canvas_dot(cv, x, y, &ring);
            canvas_dot(cv, x, y, &core);
        }
    }
    canvas_flush(cv);
}


/* ---- Table ----------------------------------------------------------------------------- */

void hud_table_tol_header(double f_tol, bool gap, char *buf, size_t len)
{
    char tol[48];
    hud_format_value(f_tol, tol, sizeof tol);
    snprintf(buf, len, "L%s < %s from step", gap ? " " UTF8_MINUS " L*" : "", tol);
}

void hud_table_row(const Run *run, long step, double f_tol, double lstar, HudRow *out)
{
    const OptimVTable *vt = optim_vtable(run->desc.opt.kind);
    snprintf(out->name, sizeof out->name, "%s", vt ? vt->name : "?");
    snprintf(out->id, sizeof out->id, "%s", vt ? vt->id : "?");
    char lr[48];
    hud_format_value(run->desc.opt.lr, lr, sizeof lr);
    snprintf(out->detail, sizeof out->detail, UTF8_ALPHA " = %s", lr);
    long k = hud_last(run, step);
    hud_format_value(k >= 0 ? hud_gap_value(run->pts[k].loss, lstar) : (double)NAN, out->loss,
                     sizeof out->loss);
    /* L − L* < tol: L < L* + tol. */
    long shown = k >= 0 ? run->pts[k].step : -1;
    TrajPoint first_pt;
    long first = shown >= 0 ? run_below_since(run, shown, isfinite(lstar) ? lstar + f_tol : f_tol,
                                              &first_pt)
                            : -1;
    /* A run that spent more than one gradient per step, or searched, also shows what it
     * spent: "12 (13 ∇L, 40 L)". */
    const TrajPoint *at = first >= 0 ? &first_pt : NULL;
    if (at && first <= shown && (at->grad_evals != first || at->loss_evals != 0))
        snprintf(out->steps, sizeof out->steps, "%ld (%ld " UTF8_NABLA "L, %ld L)", first,
                 at->grad_evals, at->loss_evals);
    else if (first >= 0 && first <= shown)
        snprintf(out->steps, sizeof out->steps, "%ld", first);
    else
        snprintf(out->steps, sizeof out->steps, "%s", UTF8_DASH);
    run_status_text(run, out->status, sizeof out->status);
    if (!out->status[0])
        snprintf(out->status, sizeof out->status, "%s", UTF8_DASH);
}

typedef struct {
    HudRow rows[HUD_MAX_RUNS];
    int n;
    char steps_head[96];
    const char *head[4];
    float name_w[HUD_MAX_RUNS]; /* each row's name */
    float col[4];               /* column widths: optimizer (+ α), loss, steps, status */
    float detail_w;             /* the optimizer column with α */
    float detail_id_w;          /* the same with the optimizers' ids for names */
    float pad, gap, sw, sw_gap, row_h, head_h;
} TableLayout;

static void hud_table_layout(Canvas *cv, const HudRuns *h, TableLayout *t)
{
    float s = cv->scale;
    t->n = hud_n_runs(h);
    t->pad = 12.0f * s;
    t->gap = 20.0f * s;
    t->sw = 28.0f * s;
    t->sw_gap = 10.0f * s;
    t->row_h = (float)canvas_line_height(cv, FONT_BODY) + 8.0f * s;
    t->head_h = (float)canvas_line_height(cv, FONT_SMALL) + 8.0f * s;
    bool gap = h->gap && isfinite(h->lstar);
    hud_table_tol_header(h->f_tol, gap, t->steps_head, sizeof t->steps_head);
    t->head[0] = "optimizer";
    t->head[1] = h->gap ? "L " UTF8_MINUS " L*" : "loss";
    t->head[2] = t->steps_head;
    t->head[3] = "status";
    for (int c = 0; c < 4; c++)
        t->col[c] = canvas_measure(cv, FONT_SMALL, t->head[c]);
    t->detail_w = t->detail_id_w = 0.0f;
    for (int i = 0; i < t->n; i++) {
        HudRow *row = &t->rows[i];
        hud_table_row(&h->runs[i], h->step, h->f_tol, gap ? h->lstar : (double)NAN, row);
        /* The detail names what sets this run apart from the others (batch, schedule, bias
         * correction, seed): the compact title without the optimizer's id. */
        char title[256];
        run_format_title(&h->runs[i], h->runs, h->n_runs, true, title, sizeof title);
        const char *sp = strchr(title, ' ');
        const char *d = sp ? sp + 1 : title + strlen(title); /* the id alone: no details */
        if (strncmp(d, "\xc2\xb7 ", 3) == 0)
            d += 3; /* no hyperparameter before the first " · " */
        size_t n = utf8_cut(d, strlen(d), sizeof row->detail - 1);
        memcpy(row->detail, d, n);
        row->detail[n] = '\0';
        t->name_w[i] = canvas_measure(cv, FONT_BODY, row->name);
        float det = canvas_measure(cv, FONT_BODY, row->detail);
        float dw = t->name_w[i] + 10.0f * s + det;
        float idw = canvas_measure(cv, FONT_BODY, row->id) + 10.0f * s + det;
        t->col[0] = t->name_w[i] > t->col[0] ? t->name_w[i] : t->col[0];
        t->detail_w = dw > t->detail_w ? dw : t->detail_w;
        t->detail_id_w = fmaxf(t->detail_id_w, idw);
        const char *cell[3] = {row->loss, row->steps, row->status};
        for (int c = 1; c < 4; c++) {
            float w = canvas_measure(cv, FONT_BODY, cell[c - 1]);
            t->col[c] = w > t->col[c] ? w : t->col[c];
        }
    }
}

/* Width without the optimizer column. */
static float hud_table_rest(const TableLayout *t)
{
    return t->col[1] + t->col[2] + t->col[3] + 3.0f * t->gap + 2.0f * t->pad + t->sw +
           t->sw_gap;
}

/* How much the details may widen the table's name column, at scale 1. */
static const float HUD_DETAIL_MAX_PX = 320.0f;

void hud_table_size(Canvas *cv, const HudRuns *h, float *w, float *hgt)
{
    TableLayout t;
    hud_table_layout(cv, h, &t);
    /* The details (what tells the runs apart) ask for at most HUD_DETAIL_MAX_PX more: the
     * table then cuts them to fit rather than leaving the loss plot no room. */
    float name = fminf(fmaxf(t.detail_w, t.col[0]), t.col[0] + HUD_DETAIL_MAX_PX * cv->scale);
    *w = hud_table_rest(&t) + name;
    *hgt = 2.0f * t.pad - 2.0f * cv->scale + t.head_h + (float)t.n * t.row_h;
}

void hud_table(Canvas *cv, const HudRuns *h, UiRect rect)
{
    hud_unclip(cv);
    float s = cv->scale;
    TableLayout t;
    hud_table_layout(cv, h, &t);
    float body = (float)canvas_line_height(cv, FONT_BODY);
    canvas_round_rect(cv, rect.x, rect.y, rect.w, rect.h, 10.0f * s, HUD_PANEL);
    /* The name column takes what the other columns leave; details are cut to it. Where a
     * detail would be cut, the rows name their optimizers by id ("gd", "lbfgs"), as the
     * compact legend does: the details are what tells two gd runs apart. */
    float name_col = rect.w - hud_table_rest(&t);
    if (name_col < t.detail_w) {
        float id_col = canvas_measure(cv, FONT_SMALL, t.head[0]);
        for (int i = 0; i < t.n; i++) {
            snprintf(t.rows[i].name, sizeof t.rows[i].name, "%s", t.rows[i].id);
            t.name_w[i] = canvas_measure(cv, FONT_BODY, t.rows[i].name);
            id_col = fmaxf(id_col, t.name_w[i]);
        }
        t.col[0] = id_col;
    }
    bool with_detail = name_col > t.col[0] + 40.0f * s;
    if (with_detail)
        t.col[0] = name_col;
    float cx[4];
    cx[0] = rect.x + t.pad + t.sw + t.sw_gap;
    for (int c = 1; c < 4; c++)
        cx[c] = cx[c - 1] + t.col[c - 1] + t.gap;

    hud_clip(cv, rect);
    float y = rect.y + t.pad - 2.0f * s;
    for (int c = 0; c < 4; c++) {
        /* Numbers right-aligned under right-aligned headers. */
        float w = canvas_measure(cv, FONT_SMALL, t.head[c]);
        float x = c == 1 || c == 2 ? cx[c] + t.col[c] - w : cx[c];
        canvas_text(cv, FONT_SMALL, x, y, t.head[c], HUD_TEXT_DIM);
    }
    y += t.head_h - 4.0f * s;
    canvas_rect(cv, rect.x + t.pad, y, rect.w - 2.0f * t.pad, s > 1.0f ? s : 1.0f, HUD_RULE);
    y += 4.0f * s;
    float sw_y[HUD_MAX_RUNS];
    int shown = 0;
    for (int i = 0; i < t.n && y + body <= rect.y + rect.h; i++, shown++) {
        const HudRow *row = &t.rows[i];
        bool on = hud_enabled(h, i);
        Rgba tc = on ? HUD_TEXT : HUD_TEXT_OFF, dc = on ? HUD_TEXT_DIM : HUD_TEXT_OFF;
        if (i == h->selected)
            canvas_round_rect(cv, rect.x + 0.5f * t.pad, y, rect.w - t.pad, t.row_h, 6.0f * s,
                               HUD_HIGHLIGHT);
        float ty = y + 4.0f * s;
        canvas_text(cv, FONT_BODY, cx[0], ty, row->name, tc);
        if (with_detail) {
            char cut[sizeof row->detail];
            float room = t.col[0] - t.name_w[i] - 10.0f * s;
            text_fit(cut, sizeof cut, row->detail, strlen(row->detail), room,
                     "\xe2\x80\xa6", canvas_measure_bytes, &(CanvasFace){cv, FONT_BODY});
            canvas_text(cv, FONT_BODY, cx[0] + t.name_w[i] + 10.0f * s, ty, cut, dc);
        }
        float w = canvas_measure(cv, FONT_BODY, row->loss);
        canvas_text(cv, FONT_BODY, cx[1] + t.col[1] - w, ty, row->loss, tc);
        w = canvas_measure(cv, FONT_BODY, row->steps);
        canvas_text(cv, FONT_BODY, cx[2] + t.col[2] - w, ty, row->steps,
                  strcmp(row->steps, UTF8_DASH) ? tc : dc);
        Rgba stc = !on ? HUD_TEXT_OFF
                       : h->runs[i].stop != RUN_ACTIVE ? HUD_WARN
                       : strcmp(row->status, UTF8_DASH) ? tc
                                                        : dc;
        canvas_text(cv, FONT_BODY, cx[3], ty, row->status, stc);
        sw_y[i] = ty + 0.5f * body;
        y += t.row_h;
    }
    hud_unclip(cv);
    for (int i = 0; i < shown; i++)
        hud_swatch(cv, hud_color(h, i), rect.x + t.pad, sw_y[i], t.sw, hud_enabled(h, i) ? 1.0f : 0.4f);
    canvas_flush(cv);
}

/* ---- Inspector ------------------------------------------------------------------------- */

int hud_inspector_lines(const Run *run, long step, double lstar, HudLine *lines, int max)
{
    long k = hud_last(run, step);
    if (k < 0 || max <= 0)
        return 0;
    const TrajPoint *p = &run->pts[k];
    int n = 0;
    snprintf(lines[n].label, sizeof lines[n].label, "step");
    snprintf(lines[n].value, sizeof lines[n].value, "%ld", p->step);
    if (++n == max)
        return n;
    char lr[48];
    hud_format_value(run_current_lr(run), lr, sizeof lr);
    snprintf(lines[n].label, sizeof lines[n].label, UTF8_ALPHA);
    if (run->desc.schedule.kind != SCHEDULE_CONSTANT)
        snprintf(lines[n].value, sizeof lines[n].value, "%s" UTF8_DOT "%s schedule", lr,
                 schedule_id(run->desc.schedule.kind));
    else
        snprintf(lines[n].value, sizeof lines[n].value, "%s", lr);
    if (++n == max)
        return n;
    snprintf(lines[n].label, sizeof lines[n].label, UTF8_THETA);
    hud_format_pair(p->x, p->y, lines[n].value, sizeof lines[n].value);
    if (++n == max)
        return n;
    snprintf(lines[n].label, sizeof lines[n].label, "%s",
             isfinite(lstar) ? "L " UTF8_MINUS " L*" : "L");
    hud_format_value(hud_gap_value(p->loss, lstar), lines[n].value, sizeof lines[n].value);
    if (++n == max)
        return n;
    snprintf(lines[n].label, sizeof lines[n].label, UTF8_NABLA "L");
    hud_format_pair(p->gx, p->gy, lines[n].value, sizeof lines[n].value);
    if (++n == max)
        return n;
    OptimState st = {0};
    if (run->opt)
        optim_state(run->opt, &st);
    for (int j = 0; j < st.n; j++) {
        snprintf(lines[n].label, sizeof lines[n].label, "%s", st.name[j]);
        hud_format_pair(st.value[j][0], st.value[j][1], lines[n].value, sizeof lines[n].value);
        if (++n == max)
            return n;
    }
    /* The exact point one step before: the run keeps the newest one's; a thinned one is
     * recomputed. */
    TrajPoint before = *p;
    if (k == run->n - 1 && p->step > 0)
        before = run->prev;
    else if (k > 0 && run->pts[k - 1].step == p->step - 1)
        before = run->pts[k - 1];
    else if (p->step > 0 && !run_point_at(run, p->step - 1, &before))
        before = *p;
    const TrajPoint *q = &before;
    snprintf(lines[n].label, sizeof lines[n].label, UTF8_DELTA UTF8_THETA);
    hud_format_pair(p->x - q->x, p->y - q->y, lines[n].value, sizeof lines[n].value);
    return n + 1;
}

/* The inspector's metrics: title and rule, then one line per quantity. */
typedef struct {
    float pad, sw, title_h, line_h, label_w, value_w, top;
} InspectorLayout;

static void hud_inspector_layout(Canvas *cv, const HudLine *lines, int n, InspectorLayout *l)
{
    float s = cv->scale;
    l->pad = 14.0f * s;
    l->sw = 28.0f * s;
    l->title_h = (float)canvas_line_height(cv, FONT_TITLE);
    l->line_h = (float)canvas_line_height(cv, FONT_BODY) + 2.0f * s;
    l->top = l->pad - 2.0f * s + l->title_h + 10.0f * s;
    l->label_w = l->value_w = 0.0f;
    for (int i = 0; i < n; i++) {
        float w = hud_text(cv, false, FONT_BODY, 0.0f, 0.0f, lines[i].label, HUD_TEXT);
        float v = canvas_measure(cv, FONT_BODY, lines[i].value);
        l->label_w = w > l->label_w ? w : l->label_w;
        l->value_w = v > l->value_w ? v : l->value_w;
    }
}

/* Rows per column when n lines are set in cols columns. */
static int hud_inspector_rows(int n, int cols)
{
    return cols > 1 ? (n + cols - 1) / cols : n;
}

/* One column's width: label, gap, value. */
static float hud_inspector_col_w(const InspectorLayout *l, float s)
{
    return l->label_w + 16.0f * s + l->value_w;
}

void hud_inspector_size(Canvas *cv, const HudRuns *h, float w[2], float hgt[2])
{
    HudLine lines[HUD_INSPECTOR_MAX_LINES];
    int n = 0;
    const char *name = "no run selected";
    if (h->selected >= 0 && h->selected < hud_n_runs(h)) {
        const Run *run = &h->runs[h->selected];
        n = hud_inspector_lines(run, h->step, h->gap ? h->lstar : (double)NAN, lines,
                                HUD_INSPECTOR_MAX_LINES);
        const OptimVTable *vt = optim_vtable(run->desc.opt.kind);
        name = vt ? vt->name : "?";
    }
    InspectorLayout l;
    hud_inspector_layout(cv, lines, n, &l);
    float s = cv->scale;
    float title_w = l.sw + 10.0f * s + canvas_measure(cv, FONT_TITLE, name);
    for (int cols = 1; cols <= 2; cols++) {
        float body_w = (float)cols * hud_inspector_col_w(&l, s) + (float)(cols - 1) * l.pad;
        w[cols - 1] = 2.0f * l.pad + (title_w > body_w ? title_w : body_w);
        hgt[cols - 1] = l.top + (float)hud_inspector_rows(n, cols) * l.line_h + l.pad - 2.0f * s;
    }
}

void hud_inspector(Canvas *cv, const HudRuns *h, UiRect rect)
{
    hud_unclip(cv);
    float s = cv->scale;
    canvas_round_rect(cv, rect.x, rect.y, rect.w, rect.h, 10.0f * s, HUD_PANEL);
    int sel = h->selected;
    if (sel < 0 || sel >= hud_n_runs(h)) {
        canvas_text(cv, FONT_BODY, rect.x + 14.0f * s, rect.y + 12.0f * s, "no run selected",
                  HUD_TEXT_DIM);
        canvas_flush(cv);
        return;
    }
    const Run *run = &h->runs[sel];
    HudLine lines[HUD_INSPECTOR_MAX_LINES];
    int n = hud_inspector_lines(run, h->step, h->gap ? h->lstar : (double)NAN, lines,
                                HUD_INSPECTOR_MAX_LINES);
    const OptimVTable *vt = optim_vtable(run->desc.opt.kind);
    InspectorLayout l;
    hud_inspector_layout(cv, lines, n, &l);

    hud_clip(cv, rect);
    float y = rect.y + l.pad - 2.0f * s;
    canvas_text(cv, FONT_TITLE, rect.x + l.pad + l.sw + 10.0f * s, y, vt ? vt->name : "?",
              HUD_TEXT);
    float sw_y = y + 0.5f * l.title_h;
    canvas_rect(cv, rect.x + l.pad, y + l.title_h + 4.0f * s, rect.w - 2.0f * l.pad,
                 s > 1.0f ? s : 1.0f, HUD_RULE);
    /* As many columns as the rect's height asks for (hud_panel_layout sized it). */
    int fit = (int)((rect.h - l.top - l.pad + 2.0f * s) / l.line_h);
    int cols = fit >= n || fit < 1 ? 1 : (n + fit - 1) / fit;
    int rows = hud_inspector_rows(n, cols);
    float col_w = hud_inspector_col_w(&l, s) + l.pad;
    for (int i = 0; i < n; i++) {
        float x = rect.x + l.pad + (float)(i / rows) * col_w;
        y = rect.y + l.top + (float)(i % rows) * l.line_h;
        if (y + l.line_h - 2.0f * s > rect.y + rect.h)
            continue;
        hud_text(cv, true, FONT_BODY, x, y, lines[i].label, HUD_TEXT_DIM);
        canvas_text(cv, FONT_BODY, x + l.label_w + 16.0f * s, y, lines[i].value, HUD_TEXT);
    }
    hud_unclip(cv);
    hud_swatch(cv, hud_color(h, sel), rect.x + l.pad, sw_y, l.sw, hud_enabled(h, sel) ? 1.0f : 0.4f);
    canvas_flush(cv);
}

/* ---- Timeline -------------------------------------------------------------------------- */

void hud_timeline_bar(UiRect rect, float *x0, float *x1)
{
    /* A square at the left for the play button, half of one at the right for the thumb and
     * the last label. */
    float e = rect.h < 0.25f * rect.w ? rect.h : 0.25f * rect.w;
    e = e > 0.0f ? e : 0.0f;
    *x0 = rect.x + e;
    *x1 = rect.x + rect.w - 0.6f * e;
    if (*x1 < *x0)
        *x1 = *x0;
}

long hud_timeline_step_at(UiRect rect, long max_step, float x)
{
    if (max_step <= 0)
        return 0;
    float x0, x1;
    hud_timeline_bar(rect, &x0, &x1);
    if (!(x > x0))
        return 0;
    if (x >= x1)
        return max_step;
    double t = ((double)x - (double)x0) / ((double)x1 - (double)x0);
    long k = (long)llround(t * (double)max_step);
    return k < 0 ? 0 : k > max_step ? max_step : k;
}

void hud_timeline(Canvas *cv, long step, long max_step, bool playing, UiRect rect)
{
    hud_unclip(cv);
    float s = cv->scale;
    float small = (float)canvas_line_height(cv, FONT_SMALL);
    canvas_round_rect(cv, rect.x, rect.y, rect.w, rect.h, 10.0f * s, HUD_PANEL);
    float x0, x1;
    hud_timeline_bar(rect, &x0, &x1);
    float e = x0 - rect.x;
    bool labels = rect.h >= small + 28.0f * s;
    float cy = labels ? rect.y + 0.5f * (rect.h - small) + 2.0f * s : rect.y + 0.5f * rect.h;

    /* The play button shows what a press does. */
    float bx = rect.x + 0.55f * e, by = cy;
    float sz = 0.34f * (e < rect.h ? e : rect.h);
    if (playing) {
        float bw = 0.34f * sz;
        canvas_round_rect(cv, bx - 0.5f * sz, by - 0.5f * sz, bw, sz, 0.3f * bw, HUD_TEXT);
        canvas_round_rect(cv, bx + 0.5f * sz - bw, by - 0.5f * sz, bw, sz, 0.3f * bw,
                           HUD_TEXT);
    } else {
        float tri[6] = {bx - 0.4f * sz, by - 0.55f * sz, bx + 0.6f * sz, by,
                        bx - 0.4f * sz, by + 0.55f * sz};
        canvas_convex(cv, tri, 3, HUD_TEXT);
    }

    long k = step < 0 ? 0 : step > max_step && max_step > 0 ? max_step : step;
    double t = max_step > 0 ? (double)k / (double)max_step : 0.0;
    float xt = x0 + (float)t * (x1 - x0);
    float th = 4.0f * s;

    if (labels) {
        char buf[48];
        float ly = cy + 10.0f * s;
        float lo_x = rect.x + 0.5f * e, hi_x = rect.x + rect.w - 8.0f * s;
        /* The clock's label first: the ticks make way for it and for the end's label. */
        snprintf(buf, sizeof buf, "%ld", k);
        float cw = canvas_measure(cv, FONT_SMALL, buf);
        float cl = xt - 0.5f * cw;
        cl = cl < lo_x ? lo_x : cl + cw > hi_x ? hi_x - cw : cl;
        canvas_text(cv, FONT_SMALL, cl, ly, buf, HUD_TEXT);
        float busy[2][2] = {{cl - 8.0f * s, cl + cw + 8.0f * s}, {0.0f, 0.0f}};
        if (max_step > 0) {
            hud_step_label(max_step, buf, sizeof buf);
            float ew = canvas_measure(cv, FONT_SMALL, buf);
            float el = x1 - 0.5f * ew;
            el = el + ew > hi_x ? hi_x - ew : el;
            if (el > busy[0][1] || el + ew < busy[0][0]) {
                canvas_text(cv, FONT_SMALL, el, ly, buf, HUD_TEXT_DIM);
                busy[1][0] = el - 8.0f * s;
                busy[1][1] = el + ew + 8.0f * s;
            }
            canvas_rect(cv, x1 - 0.5f, cy + 0.5f * th + 1.0f * s, 1.0f, 4.0f * s, HUD_AXIS);
        }
        int target = (int)((x1 - x0) / (90.0f * s));
        target = target > max_step ? (int)max_step : target;
        double ticks[HUD_MAX_XTICKS], ts;
        int nt = max_step > 0 && target >= 1
                     ? view_ticks(0.0, (double)max_step, target, ticks, HUD_MAX_XTICKS, &ts)
                     : 0;
        for (int i = 0; i < nt; i++) {
            float x = x0 + (float)(ticks[i] / (double)max_step) * (x1 - x0);
            canvas_rect(cv, x - 0.5f, cy + 0.5f * th + 1.0f * s, 1.0f, 4.0f * s, HUD_AXIS);
            hud_step_label(lround(ticks[i]), buf, sizeof buf);
            float w = canvas_measure(cv, FONT_SMALL, buf);
            float lx = x - 0.5f * w;
            bool clash = false;
            for (int j = 0; j < 2; j++)
                clash = clash || (lx < busy[j][1] && lx + w > busy[j][0]);
            if (clash || lx < lo_x || lx + w > hi_x)
                continue;
            canvas_text(cv, FONT_SMALL, lx, ly, buf, HUD_TEXT_DIM);
        }
    }
    /* The track as round-capped strokes: rounded rectangles this thin show seams where
     * their translucent rims overlap (GL). */
    LineStyle track = {{HUD_TRACK.r / 255.0f, HUD_TRACK.g / 255.0f, HUD_TRACK.b / 255.0f,
                        HUD_TRACK.a / 255.0f}, 0.5f * th, 0.0f, 0.0f};
    LineStyle done = {{HUD_TRACK_DONE.r / 255.0f, HUD_TRACK_DONE.g / 255.0f,
                       HUD_TRACK_DONE.b / 255.0f, HUD_TRACK_DONE.a / 255.0f}, 0.5f * th, 0.0f,
                      0.0f};
    canvas_stroke(cv, xt, cy, x1, cy, &track);
    canvas_stroke(cv, x0, cy, xt, cy, &done);
    LineStyle thumb = {{1.0f, 1.0f, 1.0f, 1.0f}, 7.0f * s, 1.5f * s, 0.6f};
    canvas_dot(cv, xt, cy, &thumb);
    canvas_flush(cv);
}

/* ---- The loss rect's parts ------------------------------------------------------------ */

/* The loss plot keeps at least this width (scale 1) beside the table. */
static const float HUD_PLOT_MIN_PX = 360.0f;

HudPanelLayout hud_panel_layout(Canvas *cv, const HudRuns *h, UiRect rect)
{
    HudPanelLayout l = {.plot = rect};
    float s = cv->scale, tw, th, gap = 8.0f * s;
    hud_table_size(cv, h, &tw, &th);
    TableLayout t;
    hud_table_layout(cv, h, &t);
    float tw_min = hud_table_rest(&t) + t.col[0]; /* names, no details */
    /* ids with their details whole: what the table may give up for the inspector */
    float tw_ids = fminf(tw, hud_table_rest(&t) + fmaxf(t.detail_id_w, t.col[0]));
    /* The loss plot keeps at least HUD_PLOT_MIN_PX (scaled) and a third of the rect. */
    float plot_min = fmaxf(HUD_PLOT_MIN_PX * s, rect.w / 3.0f);
    if (rect.w - gap - tw_min < plot_min)
        return l; /* the loss plot alone */
    tw = fminf(tw, rect.w - gap - plot_min);
    l.table = (UiRect){rect.x + rect.w - tw, rect.y, tw, fminf(th, rect.h)};
    float right = tw; /* what the table and the inspector take at the right */
    /* The inspector in one column, else two (half the height): under the table, else
     * beside it, where the table gives up width by naming its optimizers by id, never
     * cutting the details that tell its runs apart, and the loss plot down to a quarter of
     * the rect (never under HUD_PLOT_MIN_PX). */
    plot_min = fmaxf(HUD_PLOT_MIN_PX * s, rect.w / 4.0f);
    float isz_w[2], isz_h[2];
    if (h->selected >= 0)
        hud_inspector_size(cv, h, isz_w, isz_h);
    for (int cols = 1; h->selected >= 0 && cols <= 2 && l.inspector.w <= 0.0f; cols++) {
        float iw = isz_w[cols - 1], ih = isz_h[cols - 1];
        if (iw <= tw && th + gap + ih <= rect.h) {
            l.inspector = (UiRect){l.table.x, rect.y + th + gap, tw, ih};
        } else if (ih <= rect.h && rect.w - tw_ids - 2.0f * gap - iw >= plot_min) {
            tw = fminf(tw, rect.w - 2.0f * gap - iw - plot_min);
            l.table = (UiRect){rect.x + rect.w - tw, rect.y, tw, fminf(th, rect.h)};
            right = tw + gap + iw;
            l.inspector = (UiRect){l.table.x - gap - iw, rect.y, iw, ih};
        }
    }
    l.plot = (UiRect){rect.x, rect.y, rect.w - right - gap, rect.h};
    return l;
}

void hud_panel(Canvas *cv, const HudRuns *h, UiRect rect)
{
    HudPanelLayout l = hud_panel_layout(cv, h, rect);
    hud_loss_plot(cv, h, l.plot);
    if (l.table.w > 0.0f)
        hud_table(cv, h, l.table);
    if (l.inspector.w > 0.0f)
        hud_inspector(cv, h, l.inspector);
}
