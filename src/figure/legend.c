/* legend.c - the legend's forms (full: name, formula, two lines per run; compact: one line per
 * run; narrow: two small lines per run, for a strip beside the plot), their sizes, and their
 * placement in the first corner of the plot where the
 * panel hides nothing (legend_covered counts what it would hide).
 */
#include "figure/legend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/hud.h"
#include "util/text.h"

#define UTF8_DOT " \xc2\xb7 "
#define UTF8_ELLIPSIS "\xe2\x80\xa6"
#define UTF8_MINUS "\xe2\x88\x92"

/* Margins between the panel and the plot's edges (and the axis strips), at scale 1. */
static const float LEGEND_MARGIN = 14.0f;
/* A compact legend takes at most this share of the plot's width. */
static const float LEGEND_COMPACT_SHARE = 0.55f;

/* The text of one form, measured. */
typedef struct {
    int n;                              /* enabled runs shown */
    int run[PLOT_MAX_RUNS];             /* their indices */
    char title[PLOT_MAX_RUNS][256];     /* "Adam   α = 0.05, β₁ = 0.9, ..." */
    char status[PLOT_MAX_RUNS][192];    /* full: "step 200 · loss 1.2e-05 · converged...";
                                         * narrow: "loss 1.2e-05" or why the run stopped */
    char formula[320];
    FontFace formula_face;
    float pad, swatch, gap, entry_h, head_h, w, h;
    bool cut;                           /* a run's line is wider than max_w allows: drawn
                                         * cut short with an ellipsis */
} LegendText;

/* "L = f", or in sc's gap mode "L − L* = f − L*" written as the table and the inspector
 * write it (hud_format_value), so the three read the same. */
static void legend_loss(const PlotScene *sc, double f, int digits, char *out, size_t len)
{
    if (sc->gap) {
        char v[48];
        hud_format_value(hud_gap_value(f, sc->lstar), v, sizeof v);
        snprintf(out, len, "L " UTF8_MINUS " L* = %s", v);
    } else {
        snprintf(out, len, "L = %.*g", digits, f);
    }
}

/* The loss of a run, or why it stopped. */
static void legend_tail(const PlotScene *sc, const Run *run, char *out, size_t len)
{
    if (run->stop != RUN_ACTIVE) {
        run_status_text(run, out, len);
    } else {
        double loss = run->n > 0 ? run_last(run)->loss : (double)NAN;
        legend_loss(sc, loss, 3, out, len);
    }
}

/* The full form's status in gap mode: "step 300 · L − L* = 0.005 · why it stopped". */
static void legend_gap_status(const PlotScene *sc, const Run *run, char *out, size_t len)
{
    char loss[64], st[96] = "";
    legend_loss(sc, run->n > 0 ? run_last(run)->loss : (double)NAN, 4, loss, sizeof loss);
    run_status_text(run, st, sizeof st);
    snprintf(out, len, "step %ld" UTF8_DOT "%s%s%s", run_last_step(run), loss,
             st[0] ? UTF8_DOT : "", st);
}

static void legend_measure(Canvas *c, const PlotScene *sc, LegendForm form, float max_w,
                           LegendText *t)
{
    bool compact = form != LEGEND_FULL, narrow = form == LEGEND_NARROW;
    float s = c->scale;
    memset(t, 0, sizeof *t);
    for (int i = 0; i < plot_n_runs(sc); i++)
        if (plot_run_enabled(sc, i))
            t->run[t->n++] = i;
    for (int k = 0; k < t->n; k++) {
        const Run *run = &sc->runs[t->run[k]];
        run_format_label(run, t->title[k], sizeof t->title[k], t->status[k],
                         sizeof t->status[k]);
        run_format_title(run, sc->runs, plot_n_runs(sc), compact, t->title[k],
                         sizeof t->title[k]);
        if (sc->gap && !compact)
            legend_gap_status(sc, run, t->status[k], sizeof t->status[k]);
        if (compact) {
            char tail[96];
            legend_tail(sc, run, tail, sizeof tail);
            if (narrow) {
                snprintf(t->status[k], sizeof t->status[k], "%s", tail);
            } else {
                size_t n = strlen(t->title[k]);
                snprintf(t->title[k] + n, sizeof t->title[k] - n, UTF8_DOT "%s", tail);
            }
        }
    }
    t->pad = (compact ? 8.0f : 14.0f) * s;
    t->swatch = (compact ? 16.0f : 30.0f) * s;
    t->gap = (compact ? 7.0f : 10.0f) * s;
    float avail = max_w - 2.0f * t->pad, wmax;
    if (compact) {
        FontFace f = FONT_SMALL;
        wmax = canvas_measure(c, f, sc->ls->name);
        for (int k = 0; k < t->n; k++) {
            wmax = fmaxf(wmax, t->swatch + t->gap + canvas_measure(c, f, t->title[k]));
            if (narrow)
                wmax = fmaxf(wmax, t->swatch + t->gap + canvas_measure(c, f, t->status[k]));
        }
        t->entry_h = (float)canvas_line_height(c, f) * (narrow ? 2.0f : 1.0f) + 3.0f * s;
        t->head_h = (float)canvas_line_height(c, f) + 4.0f * s;
    } else {
        snprintf(t->formula, sizeof t->formula, "f(x, y) = %s",
                 sc->ls->formula ? sc->ls->formula : "");
        t->formula_face = FONT_BODY;
        float fw = canvas_measure(c, FONT_BODY, t->formula);
        if (fw > avail) {
            t->formula_face = FONT_SMALL;
            fw = canvas_measure(c, FONT_SMALL, t->formula);
        }
        wmax = fmaxf(canvas_measure(c, FONT_TITLE, sc->ls->name), fw);
        float runs_w = 0.0f;
        for (int k = 0; k < t->n; k++) {
            runs_w = fmaxf(runs_w, t->swatch + t->gap + canvas_measure(c, FONT_BODY, t->title[k]));
            runs_w = fmaxf(runs_w,
                           t->swatch + t->gap + canvas_measure(c, FONT_SMALL, t->status[k]));
        }
        /* A formula too long even in the small face is cut, as in a slide's footnote; the
         * runs' own lines are what the form must show whole. */
        wmax = fmaxf(fminf(wmax, avail), runs_w);
        t->entry_h = (float)(canvas_line_height(c, FONT_BODY) +
                             canvas_line_height(c, FONT_SMALL)) + 8.0f * s;
        t->head_h = (float)(canvas_line_height(c, FONT_TITLE) +
                            canvas_line_height(c, t->formula_face)) + 2.0f * s +
                    (t->n > 0 ? 10.0f * s : 0.0f);
    }
    t->cut = wmax > avail;
    t->w = fminf(wmax, fmaxf(avail, 0.0f)) + 2.0f * t->pad;
    t->h = 2.0f * t->pad - (compact ? 0.0f : 4.0f * s) + t->head_h + (float)t->n * t->entry_h;
}

bool legend_entry_text(Canvas *c, const PlotScene *sc, LegendForm form, int k, char *title,
                       size_t tlen, char *status, size_t slen)
{
    LegendText *t = malloc(sizeof *t); /* 8 KB of text: not on the stack twice */
    if (!t)
        return false;
    legend_measure(c, sc, form, 1e9f, t);
    bool ok = k >= 0 && k < t->n;
    if (ok) {
        snprintf(title, tlen, "%s", t->title[k]);
        snprintf(status, slen, "%s", form == LEGEND_COMPACT_FORM ? "" : t->status[k]);
    }
    free(t);
    return ok;
}

void legend_size(Canvas *c, const PlotScene *sc, LegendForm form, float max_w, float *w,
                 float *h)
{
    LegendText t;
    legend_measure(c, sc, form, max_w, &t);
    *w = t.w;
    *h = t.h;
}

/* ---- What a panel would hide -------------------------------------------------------- */

static bool legend_in(UiRect b, float x, float y)
{
    return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
}

/* Whether the segment reaches into b (Liang-Barsky clipping). */
static bool legend_segment_hits(float x0, float y0, float x1, float y1, UiRect b)
{
    if (fmaxf(x0, x1) < b.x || fminf(x0, x1) > b.x + b.w || fmaxf(y0, y1) < b.y ||
        fminf(y0, y1) > b.y + b.h)
        return false;
    if (legend_in(b, x0, y0) || legend_in(b, x1, y1))
        return true;
    float dx = x1 - x0, dy = y1 - y0, t0 = 0.0f, t1 = 1.0f;
    const float p[4] = {-dx, dx, -dy, dy};
    const float q[4] = {x0 - b.x, b.x + b.w - x0, y0 - b.y, b.y + b.h - y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0.0f) {
            if (q[i] < 0.0f)
                return false;
            continue;
        }
        float t = q[i] / p[i];
        if (p[i] < 0.0f) {
            if (t > t1)
                return false;
            t0 = fmaxf(t0, t);
        } else {
            if (t < t0)
                return false;
            t1 = fminf(t1, t);
        }
    }
    return t0 <= t1;
}

static bool legend_disc_hits(float x, float y, float r, UiRect b)
{
    float cx = fmaxf(b.x, fminf(x, b.x + b.w)), cy = fmaxf(b.y, fminf(y, b.y + b.h));
    return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

/* What the panel must not hide, in plot pixels: each path as segments (points closer than
 * 1.5 px to the last one kept merged; in the cache), and discs (markers, critical points). */
typedef struct {
    float disc[3 * (2 * PLOT_MAX_RUNS + 64)]; /* x, y, r */
    int n_disc;
} Discs;

static void discs_add(Discs *o, double x, double y, float r)
{
    if (o->n_disc < (int)(sizeof o->disc / sizeof o->disc[0]) / 3 && fabs(x) < 1e6 &&
        fabs(y) < 1e6) {
        o->disc[3 * o->n_disc] = (float)x;
        o->disc[3 * o->n_disc + 1] = (float)y;
        o->disc[3 * o->n_disc + 2] = r;
        o->n_disc++;
    }
}

/* Moves lc's segments with a view that only moved (the same scale and size) to v: the
 * points are where walking them again would put them, within rounding. */
static void legend_paths_move(LegendCache *lc, const View *v)
{
    double dx = (lc->view.cx - v->cx) / v->scale;
    double dy = (v->cy - lc->view.cy) / v->scale; /* screen y grows down */
    for (long k = 0; k < lc->n_seg; k++) {
        lc->seg[k][0] = (float)((double)lc->seg[k][0] + dx);
        lc->seg[k][1] = (float)((double)lc->seg[k][1] + dy);
        lc->seg[k][2] = (float)((double)lc->seg[k][2] + dx);
        lc->seg[k][3] = (float)((double)lc->seg[k][3] + dy);
    }
    for (int i = 0; i < PLOT_MAX_RUNS; i++) {
        lc->last[i][0] += dx; /* NAN stays NAN */
        lc->last[i][1] += dy;
    }
    lc->view = *v;
}

/* Brings lc's segments up to sc's runs: the points added since the last call, or all of
 * them when the view's scale or size, the runs or the enabled set changed or a run was
 * rewound (a view that only moved moves the segments: a drag costs no walk over every
 * point). */
static void legend_paths(const PlotScene *sc, LegendCache *lc)
{
    const View *v = &sc->view;
    int n_runs = plot_n_runs(sc);
    unsigned mask = plot_runs_mask(sc);
    bool moved = lc->view.scale == v->scale && lc->view.w == v->w && lc->view.h == v->h &&
                 !view_equal(&lc->view, v);
    bool fresh = lc->runs != sc->runs || lc->n_runs != n_runs ||
                 lc->generation != sc->generation || lc->enabled_mask != mask ||
                 (!moved && !view_equal(&lc->view, v));
    for (int i = 0; i < n_runs && !fresh; i++)
        fresh = sc->runs[i].n < lc->done[i] || sc->runs[i].gen != lc->gen[i];
    if (moved && !fresh)
        legend_paths_move(lc, v);
    if (fresh) {
        lc->runs = sc->runs;
        lc->n_runs = n_runs;
        lc->generation = sc->generation;
        lc->enabled_mask = mask;
        lc->view = *v;
        lc->n_seg = 0;
        for (int i = 0; i < PLOT_MAX_RUNS; i++) {
            lc->done[i] = 0;
            lc->last[i][0] = lc->last[i][1] = NAN;
        }
    }
    for (int i = 0; i < n_runs; i++) {
        const Run *run = &sc->runs[i];
        if (!((mask >> i) & 1u))
            continue;
        double *last = lc->last[i];
        for (long k = lc->done[i]; k < run->n; k++) {
            double sx, sy;
            view_world_to_screen(v, run->pts[k].x, run->pts[k].y, &sx, &sy);
            if (!(fabs(sx) < 1e6 && fabs(sy) < 1e6)) {
                last[0] = NAN; /* the path breaks where it leaves for infinity */
                continue;
            }
            if (isnan(last[0]) || (fabs(sx - last[0]) >= 1.5 || fabs(sy - last[1]) >= 1.5)) {
                if (!isnan(last[0]) && lc->n_seg < LEGEND_MAX_SEGMENTS) {
                    float *g = lc->seg[lc->n_seg++];
                    g[0] = (float)last[0];
                    g[1] = (float)last[1];
                    g[2] = (float)sx;
                    g[3] = (float)sy;
                }
                last[0] = sx;
                last[1] = sy;
            }
        }
        lc->done[i] = run->n;
        lc->gen[i] = run->gen;
    }
}

/* The markers and critical points in view. */
static void legend_discs(const PlotScene *sc, float scale, Discs *o)
{
    const View *v = &sc->view;
    o->n_disc = 0;
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (!plot_run_enabled(sc, i) || run->n < 1)
            continue;
        double sx, sy;
        view_world_to_screen(v, run->pts[0].x, run->pts[0].y, &sx, &sy);
        discs_add(o, sx, sy, 7.0f * scale);
        const TrajPoint *end = run_last(run);
        view_world_to_screen(v, end->x, end->y, &sx, &sy);
        discs_add(o, sx, sy, 9.0f * scale); /* the current marker, and the newest point */
    }
    for (int k = 0; k < sc->ls->n_crit + sc->n_crit; k++) {
        const CriticalPoint *cp = k < sc->ls->n_crit ? &sc->ls->crit[k]
                                                     : &sc->crit[k - sc->ls->n_crit];
        double sx, sy;
        view_world_to_screen(v, cp->x, cp->y, &sx, &sy);
        if (sx >= 0.0 && sy >= 0.0 && sx <= v->w && sy <= v->h)
            discs_add(o, sx, sy, 9.0f * scale);
    }
}

static int obstacles_count(const LegendCache *lc, const Discs *o, UiRect box, float path_r)
{
    UiRect grown = {box.x - path_r, box.y - path_r, box.w + 2.0f * path_r,
                    box.h + 2.0f * path_r};
    int n = 0;
    for (long k = 0; k < lc->n_seg; k++) {
        const float *g = lc->seg[k];
        n += legend_segment_hits(g[0], g[1], g[2], g[3], grown);
    }
    for (int k = 0; k < o->n_disc; k++)
        n += legend_disc_hits(o->disc[3 * k], o->disc[3 * k + 1], o->disc[3 * k + 2], box);
    return n;
}

/* The half-width of a drawn path, halo included. */
static float legend_path_r(const PlotScene *sc, float scale)
{
    float core, halo;
    plot_path_widths(sc, scale, &core, &halo);
    return core + halo;
}

int legend_covered(const PlotScene *sc, UiRect box, float scale)
{
    LegendCache *lc = calloc(1, sizeof *lc);
    if (!lc)
        return -1;
    Discs o;
    legend_paths(sc, lc);
    legend_discs(sc, scale, &o);
    int n = obstacles_count(lc, &o, box, legend_path_r(sc, scale));
    free(lc);
    return n;
}

/* ---- Placement and drawing ---------------------------------------------------------- */

static UiRect legend_at(LegendCorner k, float bw, float bh, int w, int h, float left,
                        float bottom, float m)
{
    bool right = k == LEGEND_TOP_RIGHT || k == LEGEND_BOTTOM_RIGHT;
    bool low = k == LEGEND_BOTTOM_LEFT || k == LEGEND_BOTTOM_RIGHT;
    float x = right ? (float)w - m - bw : left + m;
    float y = low ? (float)h - bottom - m - bh : m;
    return (UiRect){x, y, bw, bh};
}

bool legend_basins_box(Canvas *c, const PlotScene *sc, float x, float y, float w, float h,
                       UiRect *box, bool *compact)
{
    float s = c->scale, m = 10.0f * s;
    /* The full form, then the compact one; bottom left, bottom right, top left, top right:
     * the first that hides nothing. Where every one would hide a path, a marker or a
     * labelled point (a small pane), none is drawn: the picture comes first. */
    for (int form = 0; form < 2; form++) {
        float bw, bh;
        if (!plot_basins_legend_size(c, sc, form == 1, &bw, &bh) || bw > w || bh > h)
            continue;
        const UiRect corners[4] = {
            {x + m, y + h - bh - m, bw, bh},
            {x + w - bw - m, y + h - bh - m, bw, bh},
            {x + m, y + m, bw, bh},
            {x + w - bw - m, y + m, bw, bh},
        };
        for (int k = 0; k < 4; k++) {
            if (legend_covered(sc, corners[k], s) == 0) {
                *box = corners[k];
                *compact = form == 1;
                return true;
            }
        }
    }
    return false;
}

LegendPlace legend_place(Canvas *c, const PlotScene *sc, int w, int h, float left,
                         float bottom, LegendCache *cache)
{
    LegendPlace best = {.shown = false};
    if (sc->legend == LEGEND_OFF || sc->plain)
        return best;
    float s = c->scale, m = LEGEND_MARGIN * s;
    float r = legend_path_r(sc, s);
    LegendCache *lc = cache ? cache : calloc(1, sizeof *lc);
    if (!lc)
        return best; /* out of memory: no legend rather than one over a path */
    Discs o;
    legend_paths(sc, lc);
    legend_discs(sc, s, &o);
    best.covered = -1;
    bool best_cut = true;
    /* The full form, the one-line compact form, then the two-line narrow form, whose lines
     * are half as long: the first that hides nothing and shows every run's line whole wins;
     * else the one that hides least (a path under a panel is worse than a cut line), and of
     * those the one that cuts nothing. */
    static const LegendForm FORMS[] = {LEGEND_FULL, LEGEND_COMPACT_FORM, LEGEND_NARROW};
    /* The basins overlay's legend (bottom left, inside the strips) counts as one thing
     * hidden: the two panels never overlap. */
    UiRect basins;
    int inset_left, inset_bottom; /* the strips the figure draws the basins legend inside */
    plot_axis_strips(c, &inset_left, &inset_bottom);
    bool basins_compact;
    bool has_basins = legend_basins_box(c, sc, (float)inset_left, 0.0f,
                                        (float)(w - inset_left), (float)(h - inset_bottom),
                                        &basins, &basins_compact);
    for (int f = sc->legend == LEGEND_COMPACT ? 1 : 0; f < 3; f++) {
        bool compact = FORMS[f] != LEGEND_FULL;
        float max_w = (float)w - left - 2.0f * m;
        if (compact)
            max_w = fminf(max_w, LEGEND_COMPACT_SHARE * (float)w);
        LegendText t;
        legend_measure(c, sc, FORMS[f], max_w, &t);
        bool tall = t.h > (float)h - bottom - 2.0f * m;
        if (tall && !compact)
            continue; /* taller than the plot: only the compact form can fit */
        /* A compact form taller than the plot would hang over the axis strip and lose its
         * last lines: as bad as a cut line. */
        t.cut |= tall;
        for (int k = 0; k < LEGEND_CORNER_COUNT; k++) {
            UiRect box = legend_at((LegendCorner)k, t.w, t.h, w, h, left, bottom, m);
            int n = obstacles_count(lc, &o, box, r) +
                    (has_basins && ui_rect_overlaps(box, basins) ? 1 : 0);
            if (best.covered < 0 || n < best.covered || (n == best.covered && best_cut && !t.cut)) {
                best = (LegendPlace){true, FORMS[f], (LegendCorner)k, box, n, t.cut};
                best_cut = t.cut;
                if (n == 0 && !t.cut)
                    goto done;
            }
        }
    }
done:
    best.cut = best.shown && best_cut;
    if (!cache)
        free(lc);
    return best;
}

void legend_draw(Canvas *c, const PlotScene *sc, const LegendPlace *p)
{
    if (!p->shown)
        return;
    float s = c->scale;
    bool compact = p->form != LEGEND_FULL, narrow = p->form == LEGEND_NARROW;
    LegendText t;
    legend_measure(c, sc, p->form, p->box.w + 1.0f, &t);
    float x0 = p->box.x, y0 = p->box.y, inner = p->box.w - 2.0f * t.pad;
    canvas_round_rect(c, x0, y0, p->box.w, p->box.h, (compact ? 7.0f : 10.0f) * s,
                      plot_panel_color(sc));
    char cut[320];
    CanvasFace title_face = {c, compact ? FONT_SMALL : FONT_TITLE};
    float y = y0 + t.pad - (compact ? 0.0f : 2.0f * s);
    text_fit(cut, sizeof cut, sc->ls->name, strlen(sc->ls->name), inner, UTF8_ELLIPSIS,
             canvas_measure_bytes, &title_face);
    canvas_text(c, title_face.face, x0 + t.pad, y, cut, compact ? PLOT_TEXT_DIM : PLOT_TEXT);
    if (compact) {
        y += t.head_h;
    } else {
        y += (float)canvas_line_height(c, FONT_TITLE) + 2.0f * s;
        CanvasFace ff = {c, t.formula_face};
        text_fit(cut, sizeof cut, t.formula, strlen(t.formula), inner, UTF8_ELLIPSIS,
                 canvas_measure_bytes, &ff);
        canvas_text(c, t.formula_face, x0 + t.pad, y, cut, PLOT_TEXT_DIM);
        y += (float)canvas_line_height(c, t.formula_face);
        if (t.n > 0) {
            y += 5.0f * s;
            canvas_rect(c, x0 + t.pad, y, inner, s > 1.0f ? s : 1.0f, (Rgba){255, 255, 255, 50});
            y += 5.0f * s;
        }
    }
    float tx = x0 + t.pad + t.swatch + t.gap, tw = inner - t.swatch - t.gap;
    FontFace line_face = compact ? FONT_SMALL : FONT_BODY;
    float lh = (float)canvas_line_height(c, line_face);
    for (int k = 0; k < t.n; k++) {
        const Run *run = &sc->runs[t.run[k]];
        /* A run that diverged says so in a warm color, where the eye looks for it. */
        Rgba warm = {255, 170, 140, 255};
        bool stopped = run->stop != RUN_ACTIVE;
        CanvasFace lf = {c, line_face};
        text_fit(cut, sizeof cut, t.title[k], strlen(t.title[k]), tw, UTF8_ELLIPSIS,
                 canvas_measure_bytes, &lf);
        canvas_text(c, line_face, tx, y + 2.0f * s, cut,
                    compact && !narrow && stopped ? warm : PLOT_TEXT);
        if (!compact || narrow) {
            CanvasFace sf = {c, FONT_SMALL};
            text_fit(cut, sizeof cut, t.status[k], strlen(t.status[k]), tw, UTF8_ELLIPSIS,
                     canvas_measure_bytes, &sf);
            canvas_text(c, FONT_SMALL, tx, y + 2.0f * s + lh, cut,
                        stopped ? warm : PLOT_TEXT_DIM);
        }
        /* The swatch: a short thick bar in the run's color with a dark rim, like the path. */
        float sx = x0 + t.pad + 1.5f * s, sy = y + 2.0f * s + 0.5f * lh - 3.2f * s;
        float len = t.swatch - 4.0f * s;
        canvas_round_rect(c, sx - 1.2f * s, sy - 1.2f * s, len + 2.4f * s, 8.8f * s, 4.4f * s,
                          (Rgba){15, 15, 15, 200});
        canvas_round_rect(c, sx, sy, len, 6.4f * s, 3.2f * s, plot_run_rgba(plot_color_of(sc, t.run[k])));
        y += t.entry_h;
    }
}
