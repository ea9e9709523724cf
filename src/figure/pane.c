/* pane.c - the decorations of a pane's plot, composed once on the Canvas for every backend:
 * the start and current markers with the step arrow, the axis strips with nice ticks, the
 * legend (the landscape's name and formula, one entry per enabled run), the status pill; and
 * the title band above the panes with the scene's title and wrapped caption.
 */
#include "figure/pane.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "figure/legend.h"
#include "figure/surface3d.h"
#include "util/text.h"
#include "util/utf8.h"

static const Rgba PANE_STRIP = {10, 10, 16, 165};
static const Rgba PANE_BAND = {18, 20, 28, 255};

#define UTF8_ALPHA "\xce\xb1"
#define UTF8_BETA "\xce\xb2"
#define UTF8_MU "\xce\xbc"
#define UTF8_SIGMA "\xcf\x83"
#define UTF8_SUB1 "\xe2\x82\x81"
#define UTF8_SUB2 "\xe2\x82\x82"
#define UTF8_THETA "\xce\xb8"
#define UTF8_DOT " \xc2\xb7 "

/* A pane rectangle in whole pixels. */
typedef struct {
    int x, y, w, h;
} PaneRect;

/* Start marker, current-point marker and an arrow along the latest step. */
static void pane_run_markers(Canvas *c, const PlotScene *sc)
{
    float s = c->scale;
    int n_runs = plot_n_runs(sc);
    for (int i = 0; i < n_runs; i++) {
        const Run *run = &sc->runs[i];
        if (run->n < 1 || !plot_run_enabled(sc, i))
            continue;
        float col[4];
        plot_run_color(plot_color_of(sc, i), col);
        double x0, y0;
        view_world_to_screen(&sc->view, run->pts[0].x, run->pts[0].y, &x0, &y0);
        LineStyle ring = {{1.0f, 1.0f, 1.0f, 1.0f}, 5.5f * s, 1.2f * s, 0.8f};
        LineStyle core = {{col[0], col[1], col[2], 1.0f}, 3.6f * s, 0.0f, 0.0f};
        if (fabs(x0) < 1e6 && fabs(y0) < 1e6) {
            canvas_dot(c, (float)x0, (float)y0, &ring);
            canvas_dot(c, (float)x0, (float)y0, &core);
        }
        if (run->n < 2)
            continue;
        const TrajPoint *p = run_last(run), *q = &run->prev;
        double cx, cy, px, py;
        view_world_to_screen(&sc->view, p->x, p->y, &cx, &cy);
        view_world_to_screen(&sc->view, q->x, q->y, &px, &py);
        if (!(fabs(cx) < 1e6 && fabs(cy) < 1e6))
            continue;
        double dx = cx - px, dy = cy - py, len = sqrt(dx * dx + dy * dy);
        float rm = 7.0f * s;
        LineStyle arrow = {{col[0], col[1], col[2], 1.0f}, 1.6f * s, 1.4f * s, 0.85f};
        /* A step under a pixel (a converged run) has no heading worth an arrow. */
        if (len >= 1.0 && isfinite(len)) {
            /* Heading: from the marker's edge forward, at least long enough to read. */
            double ux = dx / len, uy = dy / len, sd = (double)s;
            double l = len < 18.0 * sd ? 18.0 * sd : len > 60.0 * sd ? 60.0 * sd : len;
            double off = (double)rm + 2.0 * sd, hl = 8.0 * sd;
            double axd = cx + ux * off, ayd = cy + uy * off;
            double bxd = axd + ux * l, byd = ayd + uy * l;
            const double ca = cos(0.5), sa = sin(0.5);
            float ax = (float)axd, ay = (float)ayd, bx = (float)bxd, by = (float)byd;
            float h1x = (float)(bxd - hl * (ux * ca - uy * sa));
            float h1y = (float)(byd - hl * (uy * ca + ux * sa));
            float h2x = (float)(bxd - hl * (ux * ca + uy * sa));
            float h2y = (float)(byd - hl * (uy * ca - ux * sa));
            canvas_stroke(c, ax, ay, bx, by, &arrow);
            canvas_stroke(c, h1x, h1y, bx, by, &arrow);
            canvas_stroke(c, h2x, h2y, bx, by, &arrow);
        }
        LineStyle cring = {{1.0f, 1.0f, 1.0f, 1.0f}, rm, 1.6f * s, 0.85f};
        LineStyle ccore = {{col[0], col[1], col[2], 1.0f}, rm - 2.2f * s, 0.0f, 0.0f};
        canvas_dot(c, (float)cx, (float)cy, &cring);
        canvas_dot(c, (float)cx, (float)cy, &ccore);
    }
}

/* The left axis strip's width for sc's y ticks on an h-pixel plot: the widest tick label
 * and a margin, at least pane_axis_strips' width. */
static float pane_left_strip(Canvas *c, const PlotScene *sc, int h)
{
    ViewBox box = view_bounds(&sc->view);
    double yt[VIEW_MAX_TICKS], ys;
    int ny = view_ticks(box.ymin, box.ymax, (int)(h / (100.0f * c->scale)) + 1, yt,
                        VIEW_MAX_TICKS, &ys);
    char buf[64];
    float lw = 0.0f;
    for (int i = 0; i < ny; i++) {
        view_format_tick(yt[i], ys, buf, sizeof buf);
        lw = fmaxf(lw, canvas_measure(c, FONT_SMALL, buf));
    }
    int left, bottom;
    pane_axis_strips(c, &left, &bottom);
    return fmaxf(lw + 16.0f * c->scale, (float)left);
}

/* Axis strips along the bottom and left edges with ticks at nice numbers. */
static void pane_axes(Canvas *c, const PlotScene *sc, int w, int h, float *left_w)
{
    float s = c->scale;
    const View *v = &sc->view;
    ViewBox box = view_bounds(v);
    float lh = (float)canvas_line_height(c, FONT_SMALL);
    float bh = lh + 10.0f * s;
    double xt[VIEW_MAX_TICKS], yt[VIEW_MAX_TICKS], xs, ys;
    int nx = view_ticks(box.xmin, box.xmax, (int)(w / (130.0f * s)) + 1, xt, VIEW_MAX_TICKS, &xs);
    int ny = view_ticks(box.ymin, box.ymax, (int)(h / (100.0f * s)) + 1, yt, VIEW_MAX_TICKS, &ys);
    char buf[64];
    float lw = pane_left_strip(c, sc, h);
    *left_w = lw;
    canvas_rect(c, 0.0f, (float)h - bh, (float)w, bh, PANE_STRIP);
    canvas_rect(c, 0.0f, 0.0f, lw, (float)h - bh, PANE_STRIP);
    Rgba tick = {235, 235, 240, 220};
    float tl = 6.0f * s, tk = s > 1.0f ? s : 1.0f;
    /* Axis names first so tick labels can avoid them. */
    const char *xname = UTF8_THETA UTF8_SUB1, *yname = UTF8_THETA UTF8_SUB2;
    float xnw = canvas_measure(c, FONT_BODY, xname);
    float xn_x = (float)w - xnw - 10.0f * s;
    canvas_text(c, FONT_BODY, xn_x, (float)h - bh + 0.5f * (bh - canvas_line_height(c, FONT_BODY)),
              xname, PLOT_TEXT);
    float yn_w = canvas_measure(c, FONT_BODY, yname);
    canvas_text(c, FONT_BODY, 0.5f * (lw - yn_w), 6.0f * s, yname, PLOT_TEXT);
    float yn_bottom = 6.0f * s + canvas_line_height(c, FONT_BODY);
    for (int i = 0; i < nx; i++) {
        double sx, sy;
        view_world_to_screen(v, xt[i], 0.0, &sx, &sy);
        view_format_tick(xt[i], xs, buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        float x = (float)sx - 0.5f * tw;
        if (x < lw + 4.0f * s || x + tw > xn_x - 8.0f * s)
            continue;
        canvas_rect(c, (float)sx - 0.5f * tk, (float)h - bh - tl, tk, tl, tick);
        canvas_text(c, FONT_SMALL, x, (float)h - bh + 5.0f * s, buf, PLOT_TEXT);
    }
    for (int i = 0; i < ny; i++) {
        double sx, sy;
        view_world_to_screen(v, 0.0, yt[i], &sx, &sy);
        float y = (float)sy - 0.5f * lh;
        if (y < yn_bottom + 2.0f * s || y + lh > h - bh - 2.0f * s)
            continue;
        view_format_tick(yt[i], ys, buf, sizeof buf);
        float tw = canvas_measure(c, FONT_SMALL, buf);
        canvas_rect(c, lw, (float)sy - 0.5f * tk, tl, tk, tick);
        canvas_text(c, FONT_SMALL, lw - 8.0f * s - tw, y, buf, PLOT_TEXT);
    }
}

void pane_axis_strips(Canvas *c, int *left, int *bottom)
{
    plot_axis_strips(c, left, bottom);
}

/* The play/pause pill at the top right, or at the bottom right when the legend reaches it;
 * the key hints only where they fit. */
static void pane_status(Canvas *c, const PlotScene *sc, int w, int h, UiRect legend)
{
    float s = c->scale;
    long step = sc->step;
    if (step < 0) {
        step = 0;
        for (int i = 0; i < plot_n_runs(sc); i++)
            if (plot_run_enabled(sc, i) && run_last_step(&sc->runs[i]) > step)
                step = run_last_step(&sc->runs[i]);
    }
    char line[128], hint[160];
    int k = snprintf(line, sizeof line, "%s", sc->playing ? "\xe2\x96\xb6  playing" : "paused");
    if (sc->playing)
        k += snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "%g steps/s", sc->speed);
    if (sc->max_steps > 0)
        snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "step %ld / %ld", step,
                 sc->max_steps);
    else
        snprintf(line + k, sizeof line - (size_t)k, UTF8_DOT "step %ld", step);
    snprintf(hint, sizeof hint, "Space play/pause" UTF8_DOT "\xe2\x86\x92 step" UTF8_DOT
                                "R reset" UTF8_DOT "H help" UTF8_DOT "Q quit");
    float pad = 10.0f * s, margin = 14.0f * s;
    float w1 = canvas_measure(c, FONT_BODY, line), w2 = canvas_measure(c, FONT_SMALL, hint);
    float lh1 = (float)canvas_line_height(c, FONT_BODY);
    float lh2 = (float)canvas_line_height(c, FONT_SMALL);
    bool with_hint = w2 + 2.0f * pad < 0.6f * (float)w;
    float pw = (with_hint && w2 > w1 ? w2 : w1) + 2.0f * pad;
    float ph = lh1 + (with_hint ? lh2 : 0.0f) + 2.0f * pad - 4.0f * s;
    float x = (float)w - pw - margin, y = margin;
    UiRect clear = {legend.x - margin, legend.y - margin, legend.w + 2.0f * margin,
                    legend.h + 2.0f * margin};
    if (ui_rect_overlaps(clear, (UiRect){x, y, pw, ph})) {
        /* Above the bottom axis strip instead. */
        float strip = (float)canvas_line_height(c, FONT_SMALL) + 10.0f * s;
        y = (float)h - strip - ph - margin;
        if (ui_rect_overlaps(clear, (UiRect){x, y, pw, ph}))
            return; /* no room anywhere: the legend matters more */
    }
    canvas_round_rect(c, x, y, pw, ph, 10.0f * s, plot_panel_color(sc));
    canvas_text(c, FONT_BODY, x + pw - pad - w1, y + pad - 2.0f * s, line, PLOT_TEXT);
    if (with_hint)
        canvas_text(c, FONT_SMALL, x + pw - pad - w2, y + pad - 2.0f * s + lh1, hint,
                  PLOT_TEXT_DIM);
}

/* The legend's place on a w x h plot (sc->view sized to it), clear of the axis strips. */
static LegendPlace pane_legend_at(Canvas *c, const PlotScene *sc, int w, int h,
                                  LegendCache *cache)
{
    int left, bottom;
    pane_axis_strips(c, &left, &bottom);
    return legend_place(c, sc, w, h, pane_left_strip(c, sc, h), (float)bottom, cache);
}

LegendPlace pane_legend(Canvas *c, const PlotScene *sc, UiRect rect, LegendCache *cache)
{
    PaneRect pr;
    plot_pixel_rect(rect, &pr.x, &pr.y, &pr.w, &pr.h);
    PlotScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    return pane_legend_at(c, &scene, pr.w, pr.h, cache);
}

/* The decorations of the pane at pr on a fb_w x fb_h target (either backend): the axis
 * strips under the run markers, so a start on the edge stays visible, then the legend, the
 * status pill and the legend's swatches. */
static void pane_decor(Canvas *c, const PlotScene *sc, int fb_w, int fb_h, PaneRect pr,
                       LegendCache *cache)
{
    int w = pr.w, h = pr.h;
    canvas_begin(c, fb_w, fb_h, pr.x, pr.y, w, h);
    float left_w = 0.0f;
    if (sc->surface) {
        if (!sc->plain)
            surface3d_axes(c, sc);
        surface3d_markers(c, sc);
    } else {
        if (!sc->plain)
            pane_axes(c, sc, w, h, &left_w);
        pane_run_markers(c, sc);
    }
    if (sc->plain) {
        canvas_flush(c);
        return;
    }
    LegendPlace lp = pane_legend_at(c, sc, w, h, cache);
    legend_draw(c, sc, &lp);
    if (sc->show_status)
        pane_status(c, sc, w, h, lp.shown ? lp.box : (UiRect){0});
    canvas_flush(c);
}

bool pane_draw(Canvas *c, int slot, const PlotScene *sc, int fb_w, int fb_h, UiRect rect,
               char *err, size_t errlen)
{
    if (!plot_draw_base(c, slot, sc, rect, err, errlen))
        return false;
    pane_draw_decor(c, sc, fb_w, fb_h, rect, NULL);
    return true;
}

void pane_draw_decor(Canvas *c, const PlotScene *sc, int fb_w, int fb_h, UiRect rect,
                     LegendCache *cache)
{
    PaneRect pr;
    plot_pixel_rect(rect, &pr.x, &pr.y, &pr.w, &pr.h);
    PlotScene scene = *sc;
    view_resize(&scene.view, pr.w, pr.h);
    pane_decor(c, &scene, fb_w, fb_h, pr, cache);
}

/* ---- The title band ----------------------------------------------------------------- */

enum { PANE_CAPTION_LINES = 3 };

/* Breaks caption into at most PANE_CAPTION_LINES lines of at most width pixels at words
 * (util/text.h); the last line, when more text follows, is the rest cut to the width with an
 * ellipsis. Returns the line count. */
static int pane_wrap(Canvas *c, FontFace face, const char *text, float width,
                     char lines[PANE_CAPTION_LINES][256])
{
    CanvasFace cf = {c, face};
    size_t len = strlen(text), at = 0;
    int n = 0;
    while (at < len && n < PANE_CAPTION_LINES) {
        while (at < len && text[at] == ' ')
            at++;
        if (at >= len)
            break;
        size_t next;
        size_t line = text_wrap(text + at, len - at, width, canvas_measure_bytes, &cf, &next);
        if (n == PANE_CAPTION_LINES - 1 && at + next < len) {
            /* Out of lines: the rest of this paragraph, cut with an ellipsis where the width
             * ends (or ending in one when a further paragraph follows). */
            size_t rest = len - at, nl = 0;
            while (nl < rest && text[at + nl] != '\n')
                nl++;
            char tmp[512];
            size_t k = utf8_cut(text + at, nl, sizeof tmp - 4);
            memcpy(tmp, text + at, k);
            tmp[k] = '\0';
            if (nl < rest)
                strcat(tmp, "\xe2\x80\xa6");
            text_fit(lines[n++], 256, tmp, strlen(tmp), width, "\xe2\x80\xa6",
                     canvas_measure_bytes, &cf);
            break;
        }
        size_t keep = utf8_cut(text + at, line, 255);
        memcpy(lines[n], text + at, keep);
        lines[n++][keep] = '\0';
        at += next;
    }
    return n;
}

float pane_title_height(Canvas *c, const char *title, const char *caption, float width)
{
    bool has_title = title && title[0], has_caption = caption && caption[0];
    if (!has_title && !has_caption)
        return 0.0f;
    float s = c->scale, pad = 10.0f * s;
    char lines[PANE_CAPTION_LINES][256];
    int n = has_caption ? pane_wrap(c, FONT_BODY, caption, width - 4.0f * pad, lines)
                        : 0;
    float h = 2.0f * pad;
    if (has_title)
        h += (float)canvas_line_height(c, FONT_TITLE);
    h += (float)n * (float)canvas_line_height(c, FONT_BODY);
    return ceilf(h);
}

void pane_title_band(Canvas *c, const char *title, const char *caption, int fb_w, int fb_h,
                       UiRect rect)
{
    PaneRect pr;
    plot_pixel_rect(rect, &pr.x, &pr.y, &pr.w, &pr.h);
    if (rect.w <= 0.0f || rect.h <= 0.0f)
        return;
    float s = c->scale, pad = 10.0f * s;
    canvas_begin(c, fb_w, fb_h, pr.x, pr.y, pr.w, pr.h);
    canvas_rect(c, 0.0f, 0.0f, (float)pr.w, (float)pr.h, PANE_BAND);
    canvas_rect(c, 0.0f, (float)pr.h - (s > 1.0f ? s : 1.0f), (float)pr.w, s > 1.0f ? s : 1.0f,
                (Rgba){255, 255, 255, 40});
    float y = pad;
    if (title && title[0]) {
        canvas_text(c, FONT_TITLE, 2.0f * pad, y, title, PLOT_TEXT);
        y += (float)canvas_line_height(c, FONT_TITLE);
    }
    if (caption && caption[0]) {
        char lines[PANE_CAPTION_LINES][256];
        int n = pane_wrap(c, FONT_BODY, caption, (float)pr.w - 4.0f * pad, lines);
        for (int i = 0; i < n; i++) {
            canvas_text(c, FONT_BODY, 2.0f * pad, y, lines[i], PLOT_TEXT_DIM);
            y += (float)canvas_line_height(c, FONT_BODY);
        }
    }
    canvas_flush(c);
}