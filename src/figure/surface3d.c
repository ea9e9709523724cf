/* surface3d.c - the parts of a 3D pane drawn over the surface, for every backend: paths on
 * the surface, balls at the starts and current points, the box's axes. Points are projected
 * on the CPU (a few thousand per run at most after dropping those within a pixel and a half
 * of the last one kept), so a frame costs the points shown, not the mesh; while the camera
 * moves, from points and heights kept across its frames (Surface3dDraft).
 */
#include "figure/surface3d.h"

#include "analysis/analysis.h"
#include "figure/pathlod.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UTF8_THETA "\xce\xb8"
#define UTF8_SUB1 "\xe2\x82\x81"
#define UTF8_SUB2 "\xe2\x82\x82"

/* Alpha of what a hill hides: there, but behind. */
static const float SURFACE3D_HIDDEN_ALPHA = 0.3f;

/* Consecutive path points closer than this many pixels are merged. */
static const double SURFACE3D_PATH_PX = 1.5;

/* The draft's paths keep within this many pixels of their kept points (figure/pathlod.h): a
 * moving picture's lines, each three polylines of several triangles a segment, were the
 * most triangles of an orbiting frame on llvmpipe. */
static const double SURFACE3D_DRAFT_LOD_PX = 0.5;

void surface3d_view(const PlotScene *sc, Surface3dView *v)
{
    v->map = sc->map;
    v->w = sc->view.w;
    v->h = sc->view.h;
    camera3d_matrix(&sc->camera, v->w, v->h, v->mvp);
}

/* Box point -> pixel. */
static bool surface3d_box(Surface3dView *v, float bx, float by, float bz, double *sx,
                          double *sy)
{
    double d;
    return camera3d_project(v->mvp, v->w, v->h, (const float[3]){bx, by, bz}, sx, sy, &d);
}

/* Whether the surface hides the point of (x, y) at loss f (as drawn: lifted). */
static bool surface3d_hidden(const PlotScene *sc, double x, double y, double f)
{
    float b[3];
    surface_to_box(&sc->map, x, y, f, b);
    b[2] += (float)SURFACE_LIFT;
    return isfinite(b[2]) && surface_occluded(&sc->map, sc->ls, &sc->camera, b);
}

bool surface3d_point(Surface3dView *v, double x, double y, double f, double *sx, double *sy)
{
    float b[3];
    surface_to_box(&v->map, x, y, f, b);
    if (!isfinite(b[2]))
        return false;
    return surface3d_box(v, b[0], b[1], b[2] + (float)SURFACE_LIFT, sx, sy);
}

FieldScale surface3d_scale(const PlotScene *sc, float scale)
{
    /* The map's fit, not another over a dummy box for the look alone (every frame). */
    return plot_field_look(sc, scale, sc->map.fs);
}

/* Whether world (x, y) lies over the box. */
static bool surface3d_in_box(const Surface3dView *v, double x, double y)
{
    const SurfaceMap *m = &v->map;
    return fabs(x - m->cx) <= m->xr * m->half && fabs(y - m->cy) <= m->yr * m->half;
}

/* The landscape's critical points on the surface (those a hill hides are left out). */
static void surface3d_crit(Canvas *c, const PlotScene *sc, Surface3dView *v)
{
    for (int k = 0; k < sc->ls->n_crit; k++) {
        const CriticalPoint *cp = &sc->ls->crit[k];
        double x, y, f = landscape_eval(sc->ls, cp->x, cp->y, NULL, NULL);
        if (surface3d_point(v, cp->x, cp->y, f, &x, &y) &&
            !surface3d_hidden(sc, cp->x, cp->y, f))
            plot_crit_marker(c, cp->kind, (float)x, (float)y);
    }
}


/* The visible and hidden pixels of a path piece: xy and hid hold one point each per index,
 * the other NaN (a break). */
typedef struct {
    float *xy, *hid;
    int m;
} Surface3dPiece;

static void surface3d_piece_add(Surface3dPiece *pc, double sx, double sy, bool hidden)
{
    float *on = hidden ? pc->hid : pc->xy, *other = hidden ? pc->xy : pc->hid;
    on[2 * pc->m] = (float)sx;
    on[2 * pc->m + 1] = (float)sy;
    other[2 * pc->m] = other[2 * pc->m + 1] = NAN;
    pc->m++;
}

static void surface3d_piece_break(Surface3dPiece *pc)
{
    pc->xy[2 * pc->m] = pc->xy[2 * pc->m + 1] = pc->hid[2 * pc->m] = pc->hid[2 * pc->m + 1] = NAN;
    pc->m++;
}

static void surface3d_piece_draw(Canvas *c, const PlotScene *sc, int i, const Surface3dPiece *pc)
{
    float rc, hw;
    plot_path_widths(sc, c->scale, &rc, &hw);
    unsigned char g = (unsigned char)lroundf(CANVAS_HALO_GRAY * 255.0f);
    Rgba halo = {g, g, g, 204};
    Rgba col = plot_run_rgba(plot_color_of(sc, i)), faint = col;
    faint.a = (unsigned char)lroundf(SURFACE3D_HIDDEN_ALPHA * (float)col.a);
    canvas_polyline(c, pc->hid, pc->m, 1.4f * rc, faint);
    canvas_polyline(c, pc->xy, pc->m, 2.0f * (rc + hw), halo);
    canvas_polyline(c, pc->xy, pc->m, 2.0f * rc, col);
}

/* Point k of a run as a pixel of v; false when it is not drawn (off the box by more than
 * half of it, diverging, or not projecting). */
static bool surface3d_run_px(Surface3dView *v, const TrajPoint *p, double *sx, double *sy)
{
    bool inside = fabs(p->x - v->map.cx) <= 1.5 * v->map.xr * v->map.half &&
                  fabs(p->y - v->map.cy) <= 1.5 * v->map.yr * v->map.half;
    return inside && surface3d_point(v, p->x, p->y, p->loss, sx, sy) && fabs(*sx) < 1e6 &&
           fabs(*sy) < 1e6;
}

void surface3d_paths_more(Canvas *c, const PlotScene *sc, Surface3dPathState *st)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        Surface3dPathState *rs = &st[i];
        if (!plot_run_enabled(sc, i) || run->n < 2 || rs->done >= run->n) {
            rs->done = run->n > rs->done ? run->n : rs->done;
            continue;
        }
        /* Each point may add a turn, a break and itself; one more for the last kept. */
        size_t cap = 3 * (size_t)(run->n - rs->done) + 2;
        float *buf = malloc(sizeof *buf * 4 * cap);
        if (!buf)
            return;
        Surface3dPiece pc = {buf, buf + 2 * cap, 0};
        if (rs->have)
            surface3d_piece_add(&pc, rs->lx, rs->ly, rs->hidden);
        for (long k = rs->done; k < run->n; k++) {
            const TrajPoint *p = &run->pts[k];
            double sx, sy;
            if (!surface3d_run_px(&v, p, &sx, &sy)) {
                if (rs->have)
                    surface3d_piece_break(&pc);
                rs->have = false;
                continue;
            }
            if (rs->have && hypot(sx - rs->lx, sy - rs->ly) < SURFACE3D_PATH_PX)
                continue;
            bool hidden = surface3d_hidden(sc, p->x, p->y, p->loss);
            if (rs->have && hidden != rs->hidden) /* the turn ends the stretch before it too */
                surface3d_piece_add(&pc, sx, sy, !hidden);
            surface3d_piece_add(&pc, sx, sy, hidden);
            rs->hidden = hidden;
            rs->lx = sx;
            rs->ly = sy;
            rs->have = true;
        }
        rs->done = run->n;
        surface3d_piece_draw(c, sc, i, &pc);
        free(buf);
    }
}

void surface3d_paths_tails(Canvas *c, const PlotScene *sc, const Surface3dPathState *st)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        const Surface3dPathState *rs = &st[i];
        double sx, sy;
        if (!plot_run_enabled(sc, i) || run->n < 2 || !rs->have ||
            !surface3d_run_px(&v, run_last(run), &sx, &sy) ||
            (sx == rs->lx && sy == rs->ly))
            continue;
        const TrajPoint *p = run_last(run);
        bool hidden = surface3d_hidden(sc, p->x, p->y, p->loss);
        float buf[12];
        Surface3dPiece pc = {buf, buf + 6, 0};
        surface3d_piece_add(&pc, rs->lx, rs->ly, rs->hidden);
        if (hidden != rs->hidden)
            surface3d_piece_add(&pc, sx, sy, !hidden);
        surface3d_piece_add(&pc, sx, sy, hidden);
        surface3d_piece_draw(c, sc, i, &pc);
    }
}

void surface3d_crit_markers(Canvas *c, const PlotScene *sc)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    surface3d_crit(c, sc, &v);
}

void surface3d_paths(Canvas *c, const PlotScene *sc)
{
    Surface3dPathState st[PLOT_MAX_RUNS] = {{0}};
    surface3d_crit_markers(c, sc);
    surface3d_paths_more(c, sc, st);
    surface3d_paths_tails(c, sc, st);
}

/* What a draft's kept points and heights depend on besides the runs' own points. */
static uint64_t surface3d_draft_key(const PlotScene *sc)
{
    const SurfaceMap *m = &sc->map;
    uint64_t parts[] = {(uint64_t)(uintptr_t)sc->ls, landscape_fingerprint(sc->ls),
                        (uint64_t)(uintptr_t)sc->runs, (uint64_t)sc->n_runs,
                        (uint64_t)sc->generation, (uint64_t)m->linear};
    double maps[] = {m->cx, m->cy, m->half, m->xr, m->yr, m->fs.c, m->fs.s_lo, m->fs.s_hi,
                     m->f_lo, m->f_hi};
    uint64_t k = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        k = (k ^ parts[i]) * 1099511628211ull;
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
        uint64_t b;
        memcpy(&b, &maps[i], sizeof b);
        k = (k ^ b) * 1099511628211ull;
    }
    return k;
}

/* The exponent of the draft's merging distance at v's scale: the box's pixels per unit
 * (the longer of its two axes through the middle, at half height), SURFACE3D_DRAFT_PATH_PX
 * of them rounded down to a power of two; fallback when the box does not project. */
static int surface3d_draft_tol_exp(Surface3dView *v, int fallback)
{
    const float z = 0.5f * (float)SURFACE_HEIGHT;
    double ax, ay, bx, by, cx, cy, dx, dy;
    if (!surface3d_box(v, -1.0f, 0.0f, z, &ax, &ay) ||
        !surface3d_box(v, 1.0f, 0.0f, z, &bx, &by) ||
        !surface3d_box(v, 0.0f, -1.0f, z, &cx, &cy) ||
        !surface3d_box(v, 0.0f, 1.0f, z, &dx, &dy))
        return fallback;
    double ppu = 0.5 * fmax(hypot(bx - ax, by - ay), hypot(dx - cx, dy - cy));
    if (!(ppu > 1e-3) || !isfinite(ppu))
        return fallback;
    return (int)floor(log2((double)SURFACE3D_DRAFT_PATH_PX / ppu));
}

static void surface3d_draft_run_reset(Surface3dDraftRun *dr, unsigned long gen)
{
    dr->n = dr->done = 0;
    dr->have = false;
    dr->gen = gen;
}

/* Appends a point (NaN x: a break) to dr; false when out of memory. */
static bool surface3d_draft_push(Surface3dDraftRun *dr, float x, float y, float z)
{
    if (dr->n == dr->cap) {
        long cap = dr->cap ? 2 * dr->cap : 256;
        float *p = realloc(dr->p, sizeof *p * 3 * (size_t)cap);
        if (!p)
            return false;
        dr->p = p;
        dr->cap = cap;
    }
    float *o = dr->p + 3 * dr->n++;
    o[0] = x, o[1] = y, o[2] = z;
    return true;
}

/* Point p of a run as a lifted box point; false when the paths leave it out (off the box by
 * more than half of it, or diverging: surface3d_run_px's test before projecting). */
static bool surface3d_draft_box(const SurfaceMap *m, const TrajPoint *p, float b[3])
{
    if (!(fabs(p->x - m->cx) <= 1.5 * m->xr * m->half &&
          fabs(p->y - m->cy) <= 1.5 * m->yr * m->half))
        return false;
    surface_to_box(m, p->x, p->y, p->loss, b);
    b[2] += (float)SURFACE_LIFT;
    return isfinite(b[2]);
}

/* Takes run's points from dr->done on into dr, merged within tol. */
static void surface3d_draft_take(Surface3dDraftRun *dr, const Run *run, const SurfaceMap *m,
                                 float tol)
{
    for (long k = dr->done; k < run->n; k++) {
        float b[3];
        if (!surface3d_draft_box(m, &run->pts[k], b)) {
            if (dr->have && !surface3d_draft_push(dr, NAN, NAN, NAN))
                return;
            dr->have = false;
            continue;
        }
        if (dr->have) {
            const float *q = dr->p + 3 * (dr->n - 1);
            float dx = b[0] - q[0], dy = b[1] - q[1], dz = b[2] - q[2];
            if (dx * dx + dy * dy + dz * dz < tol * tol)
                continue;
        }
        if (!surface3d_draft_push(dr, b[0], b[1], b[2]))
            return;
        dr->have = true;
    }
    dr->done = run->n;
}

/* A draft path on its way into a piece: its pixels simplified (figure/pathlod.h) within
 * SURFACE3D_DRAFT_LOD_PX, stretch by stretch: a turn behind or out from behind a hill, and a
 * break, end one. */
typedef struct {
    Surface3dPiece *pc;
    PathLod lod;
    int was; /* whether the stretch's points are hidden (-1: no stretch) */
} Surface3dDraftLine;

/* Ends the stretch: its last point (the simplification's tail) into the piece. */
static void surface3d_draft_end(Surface3dDraftLine *dl)
{
    if (dl->was >= 0 && dl->lod.tail)
        surface3d_piece_add(dl->pc, dl->lod.tx, dl->lod.ty, dl->was);
}

/* Adds box point b (NULL: a break) as a pixel of v (a break when it does not project). */
static void surface3d_draft_add(Surface3dDraftLine *dl, Surface3dView *v,
                                const SurfaceHeights *hf, const vec3 eye, const float *b)
{
    double sx, sy;
    if (!b || !surface3d_box(v, b[0], b[1], b[2], &sx, &sy) ||
        !(fabs(sx) < 1e6 && fabs(sy) < 1e6)) {
        surface3d_draft_end(dl);
        if (dl->was >= 0)
            surface3d_piece_break(dl->pc);
        dl->was = -1;
        return;
    }
    int hidden = surface_heights_occluded(hf, &v->map, eye, b);
    if (dl->was == hidden) {
        double fx, fy;
        if (pathlod_add(&dl->lod, sx, sy, &fx, &fy))
            surface3d_piece_add(dl->pc, fx, fy, hidden);
        return;
    }
    if (dl->was >= 0) { /* the turn ends the stretch before it too */
        surface3d_draft_end(dl);
        surface3d_piece_add(dl->pc, sx, sy, !hidden);
    }
    pathlod_start(&dl->lod, SURFACE3D_DRAFT_LOD_PX, sx, sy);
    surface3d_piece_add(dl->pc, sx, sy, hidden);
    dl->was = hidden;
}

void surface3d_paths_draft(Canvas *c, const PlotScene *sc, Surface3dDraft *d)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    uint64_t key = surface3d_draft_key(sc);
    if (!d->valid || d->key != key) {
        surface_heights_free(&d->heights);
        for (int i = 0; i < PLOT_MAX_RUNS; i++)
            surface3d_draft_run_reset(&d->run[i], 0);
        d->valid = surface_heights_build(&d->heights, sc->ls, &sc->map, SURFACE_DRAFT_N);
        d->key = key;
        d->resets++;
    }
    surface3d_crit_markers(c, sc);
    if (!d->valid)
        return; /* out of memory: no paths while the camera moves */
    int tol_exp = surface3d_draft_tol_exp(&v, d->tol_exp);
    bool retol = tol_exp != d->tol_exp;
    d->tol_exp = tol_exp;
    float tol = ldexpf(1.0f, tol_exp);
    vec3 eye;
    camera3d_eye(&sc->camera, eye);
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        Surface3dDraftRun *dr = &d->run[i];
        if (retol || run->gen != dr->gen || run->n < dr->done) {
            surface3d_draft_run_reset(dr, run->gen);
            d->runs_made++;
        }
        surface3d_draft_take(dr, run, &sc->map, tol);
        if (!plot_run_enabled(sc, i) || run->n < 2)
            continue;
        /* Each point (the kept ones and the current one) adds at most three: the end of a
         * stretch, a turn and itself; or the end and a break. One more for the last end. */
        size_t cap = 3 * ((size_t)dr->n + 1) + 1;
        float *buf = malloc(sizeof *buf * 4 * cap);
        if (!buf)
            return;
        Surface3dPiece pc = {buf, buf + 2 * cap, 0};
        Surface3dDraftLine dl = {.pc = &pc, .was = -1};
        for (long k = 0; k < dr->n; k++) {
            const float *b = dr->p + 3 * k;
            surface3d_draft_add(&dl, &v, &d->heights, eye, isnan(b[0]) ? NULL : b);
        }
        /* On to the current point, unless it was kept or merged into the last kept. */
        float b[3];
        if (dr->have && surface3d_draft_box(&sc->map, run_last(run), b) &&
            memcmp(b, dr->p + 3 * (dr->n - 1), sizeof b))
            surface3d_draft_add(&dl, &v, &d->heights, eye, b);
        surface3d_draft_end(&dl);
        surface3d_piece_draw(c, sc, i, &pc);
        free(buf);
    }
}

void surface3d_draft_free(Surface3dDraft *d)
{
    for (int i = 0; i < PLOT_MAX_RUNS; i++)
        free(d->run[i].p);
    surface_heights_free(&d->heights);
    memset(d, 0, sizeof *d);
}

/* A ball of radius r in col at (x, y): a dark rim, the body, and a highlight toward the
 * light (up left). */
static void surface3d_ball(Canvas *c, float x, float y, float r, const float col[4])
{
    float s = c->scale;
    canvas_disc(c, x, y, r + 1.6f * s, (Rgba){250, 250, 252, 235});
    canvas_disc(c, x, y, r + 0.4f * s, (Rgba){12, 12, 18, 255});
    Rgba body = {(unsigned char)lroundf(col[0] * 205.0f), (unsigned char)lroundf(col[1] * 205.0f),
                 (unsigned char)lroundf(col[2] * 205.0f), 255};
    canvas_disc(c, x, y, r - 0.6f * s, body);
    Rgba lit = {(unsigned char)lroundf(60.0f + col[0] * 195.0f),
                (unsigned char)lroundf(60.0f + col[1] * 195.0f),
                (unsigned char)lroundf(60.0f + col[2] * 195.0f), 255};
    canvas_disc(c, x - 0.18f * r, y - 0.18f * r, 0.62f * r, lit);
    canvas_disc(c, x - 0.36f * r, y - 0.36f * r, 0.2f * r, (Rgba){255, 255, 255, 210});
}

/* A ball, or where a hill hides it a faint disc of its color. */
static void surface3d_marker(Canvas *c, const PlotScene *sc, const TrajPoint *p, float x,
                             float y, float r, const float col[4])
{
    if (!surface3d_hidden(sc, p->x, p->y, p->loss)) {
        surface3d_ball(c, x, y, r, col);
        return;
    }
    Rgba faint = {(unsigned char)lroundf(col[0] * 255.0f), (unsigned char)lroundf(col[1] * 255.0f),
                  (unsigned char)lroundf(col[2] * 255.0f),
                  (unsigned char)lroundf(SURFACE3D_HIDDEN_ALPHA * 255.0f)};
    canvas_disc(c, x, y, r, faint);
}

void surface3d_markers(Canvas *c, const PlotScene *sc)
{
    Surface3dView v;
    surface3d_view(sc, &v);
    float s = c->scale;
    for (int i = 0; i < plot_n_runs(sc); i++) {
        const Run *run = &sc->runs[i];
        if (run->n < 1 || !plot_run_enabled(sc, i))
            continue;
        float col[4];
        plot_run_color(plot_color_of(sc, i), col);
        double x, y;
        const TrajPoint *p0 = &run->pts[0], *p = run_last(run);
        if (surface3d_point(&v, p0->x, p0->y, p0->loss, &x, &y))
            surface3d_marker(c, sc, p0, (float)x, (float)y, 5.0f * s, col);
        if (run->n < 2)
            continue;
        /* The current point, with a thin line down to its place on the floor. */
        float b[3];
        surface_to_box(&v.map, p->x, p->y, p->loss, b);
        double fx, fy;
        if (isfinite(b[2]) && surface3d_box(&v, b[0], b[1], (float)SURFACE_FLOOR, &fx, &fy) &&
            surface3d_point(&v, p->x, p->y, p->loss, &x, &y)) {
            LineStyle drop = {{col[0], col[1], col[2], 0.55f}, 0.8f * s, 0.0f, 0.0f};
            canvas_stroke(c, (float)fx, (float)fy, (float)x, (float)y, &drop);
            LineStyle dot = {{col[0], col[1], col[2], 0.9f}, 2.6f * s, 1.0f * s, 0.6f};
            canvas_dot(c, (float)fx, (float)fy, &dot);
            surface3d_marker(c, sc, p, (float)x, (float)y, 7.5f * s, col);
        }
    }
}

/* Places a label centred at (x, y) in ax unless its box (grown by a quarter line on every
 * side) meets one placed before; true when placed. */
static bool surface3d_axes_put(Canvas *c, Surface3dAxes *ax, FontFace face, float x, float y,
                               const char *text, float w, float h)
{
    if (ax->n >= SURFACE3D_AXES_MAX_LABELS || !isfinite(x) || !isfinite(y))
        return false;
    w = w > 0.0f ? w : canvas_measure(c, face, text);
    h = h > 0.0f ? h : (float)canvas_line_height(c, face);
    float m = 0.25f * (float)canvas_line_height(c, FONT_SMALL);
    float box[4] = {x - 0.5f * w, y - 0.5f * h, w, h};
    for (int i = 0; i < ax->n; i++) {
        const float *o = ax->label[i].box;
        if (box[0] - m < o[0] + o[2] && o[0] < box[0] + box[2] + m && box[1] - m < o[1] + o[3] &&
            o[1] < box[1] + box[3] + m)
            return false;
    }
    Surface3dAxisLabel *l = &ax->label[ax->n++];
    memcpy(l->box, box, sizeof box);
    l->face = face;
    snprintf(l->text, sizeof l->text, "%s", text);
    return true;
}

/* Whether tick labels a and b (centres lx, ly, widths tw; lh tall) keep gap px apart. */
static bool surface3d_apart(const float *lx, const float *ly, const float *tw, int a, int b,
                            float lh, float gap)
{
    return fabsf(lx[b] - lx[a]) >= 0.5f * (tw[a] + tw[b]) + gap ||
           fabsf(ly[b] - ly[a]) >= lh + gap;
}

/* One axis from box point a to b with ticks at the box points at[0..n) (labels text[k])
 * pointing along out (box units), appended to ax, thinned by the space they get: the ticks
 * of the lowest rank (rank[k], NULL: all 0) at which their labels keep a gap of half a line
 * from each other, else of rank 0: ranked ones from the largest down, each kept where it
 * keeps apart from the last kept; unranked ones every stride-th, the smallest stride that
 * keeps them apart (evenly spaced still); each label
 * left out (with its tick) where it meets one already placed (another axis's). */
static void surface3d_axis(Canvas *c, Surface3dView *v, const float a[3], const float b[3],
                           const float (*at)[3], char (*text)[32], const int *rank, int n,
                           const float out[3], Surface3dAxes *ax)
{
    if (ax->n_lines >= SURFACE3D_AXES_MAX_LINES)
        return;
    float *ln = ax->line[ax->n_lines];
    double px0, py0, px1, py1;
    if (!surface3d_box(v, a[0], a[1], a[2], &px0, &py0) ||
        !surface3d_box(v, b[0], b[1], b[2], &px1, &py1))
        return;
    ln[0] = (float)px0, ln[1] = (float)py0, ln[2] = (float)px1, ln[3] = (float)py1;
    ax->n_lines++;
    /* The ticks' labels where they would sit, and the smallest stride that keeps them
     * apart. */
    enum { MAXT = VIEW_MAX_TICKS };
    float lx[MAXT], ly[MAXT], tw[MAXT], tx[MAXT][4];
    bool ok[MAXT];
    float lh = (float)canvas_line_height(c, FONT_SMALL), gap = 0.5f * lh;
    n = n < MAXT ? n : MAXT;
    for (int k = 0; k < n; k++) {
        double px, py, qx, qy, qlx, qly;
        const float *p = at[k];
        ok[k] = surface3d_box(v, p[0], p[1], p[2], &px, &py) &&
                surface3d_box(v, p[0] + out[0], p[1] + out[1], p[2] + out[2], &qx, &qy) &&
                surface3d_box(v, p[0] + 2.6f * out[0], p[1] + 2.6f * out[1],
                              p[2] + 2.6f * out[2], &qlx, &qly);
        tx[k][0] = (float)px, tx[k][1] = (float)py, tx[k][2] = (float)qx, tx[k][3] = (float)qy;
        lx[k] = (float)qlx;
        ly[k] = (float)qly;
        tw[k] = ok[k] ? canvas_measure(c, FONT_SMALL, text[k]) : 0.0f;
    }
    /* The ticks of rank <= top (the minor ones go first), every stride-th of them: the
     * first choice whose labels keep apart. */
    int top = 0;
    for (int k = 0; k < n; k++)
        top = rank && rank[k] > top ? rank[k] : top;
    int sel[MAXT], ns = 0;
    for (int stride = 1; stride <= n; top > 0 ? top-- : stride++) {
        ns = 0;
        int seen = 0;
        for (int k = 0; k < n; k++)
            if (ok[k] && (!rank || rank[k] <= top) && seen++ % stride == 0)
                sel[ns++] = k;
        bool apart = true;
        for (int q = 1; q < ns && apart; q++)
            apart = surface3d_apart(lx, ly, tw, sel[q - 1], sel[q], lh, gap);
        if (apart)
            break;
        if (rank && top == 0) {
            /* Ranked ticks (L's, on a log height, crowded towards 0): from the largest down,
             * each kept where it keeps apart from the last one kept. */
            int kept = 0;
            for (int q = ns - 1; q >= 0; q--)
                if (kept == 0 || surface3d_apart(lx, ly, tw, sel[ns - kept], sel[q], lh, gap))
                    sel[ns - 1 - kept++] = sel[q];
            memmove(sel, sel + ns - kept, sizeof *sel * (size_t)kept);
            ns = kept;
            break;
        }
    }
    for (int q = 0; q < ns; q++) {
        int k = sel[q];
        if (surface3d_axes_put(c, ax, FONT_SMALL, lx[k], ly[k], text[k], tw[k], lh) &&
            ax->n_ticks < SURFACE3D_AXES_MAX_LABELS)
            memcpy(ax->tick[ax->n_ticks++], tx[k], sizeof tx[k]);
    }
}

/* The name of the axis from a to b: beyond the top of a vertical axis, else beside the middle
 * of the axis outside the tick labels (along out), moved further out until it meets no
 * label placed before (left out after four tries). */
static void surface3d_axis_name(Canvas *c, Surface3dView *v, const float a[3], const float b[3],
                                const float out[3], const char *name, Surface3dAxes *ax)
{
    bool up = a[0] == b[0] && a[1] == b[1];
    for (int t = 0; t < 4; t++) {
        float e[3];
        double nx, ny;
        for (int k = 0; k < 3; k++)
            e[k] = up ? b[k] + (0.12f + 0.08f * t) * (b[k] - a[k])
                      : 0.5f * (a[k] + b[k]) + (6.0f + 2.5f * t) * out[k];
        if (surface3d_box(v, e[0], e[1], e[2], &nx, &ny) &&
            surface3d_axes_put(c, ax, FONT_BODY, (float)nx, (float)ny, name, -1.0f, -1.0f))
            return;
    }
}

/* Tick values of L between lo and hi: linear height, view_ticks' nice steps; log height,
 * 0 and +-1, 2, 5 times the powers of ten. Returns how many (at most max). */
static int surface3d_l_ticks(const SurfaceMap *m, double *out, int max)
{
    double lo = m->f_lo, hi = m->f_hi;
    if (m->linear)
        return view_ticks(lo, hi, 5, out, max, NULL);
    int n = 0;
    if (lo <= 0.0 && hi >= 0.0 && n < max)
        out[n++] = 0.0;
    for (int sign = -1; sign <= 1; sign += 2) {
        for (int e = -8; e <= 15; e++) {
            for (int k = 0; k < 3; k++) {
                double val = sign * (k == 0 ? 1.0 : k == 1 ? 2.0 : 5.0) * pow(10.0, e);
                if (val >= lo && val <= hi && n < max)
                    out[n++] = val;
            }
        }
    }
    /* by value, so the labels go up the axis in order */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && out[j - 1] > out[j]; j--) {
            double t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

void surface3d_axes_layout(Canvas *c, const PlotScene *sc, Surface3dAxes *ax)
{
    memset(ax, 0, sizeof *ax);
    enum { MAXT = VIEW_MAX_TICKS };
    Surface3dView v;
    surface3d_view(sc, &v);
    const SurfaceMap *m = &v.map;
    vec3 eye;
    camera3d_eye(&sc->camera, eye);
    float sx = eye[0] >= 0.0f ? 1.0f : -1.0f, sy = eye[1] >= 0.0f ? 1.0f : -1.0f;
    float xr = (float)m->xr, yr = (float)m->yr, fl = (float)SURFACE_FLOOR;
    float at[MAXT][3];
    char text[MAXT][32];
    int rank[MAXT];
    double t[MAXT], step;
    /* theta1 along the floor's edge nearest the eye */
    double x0 = m->cx - m->xr * m->half, x1 = m->cx + m->xr * m->half;
    int n = view_ticks(x0, x1, 5, t, MAXT, &step);
    for (int k = 0; k < n; k++) {
        at[k][0] = (float)((t[k] - m->cx) / m->half);
        at[k][1] = sy * yr;
        at[k][2] = fl;
        view_format_tick(t[k], step, text[k], sizeof text[k]);
    }
    surface3d_axis(c, &v, (const float[3]){-xr, sy * yr, fl}, (const float[3]){xr, sy * yr, fl},
                   (const float(*)[3])at, text, NULL, n,
                   (const float[3]){0.0f, sy * 0.045f, 0.0f}, ax);
    /* theta2 along the other near edge */
    double y0 = m->cy - m->yr * m->half, y1 = m->cy + m->yr * m->half;
    n = view_ticks(y0, y1, 5, t, MAXT, &step);
    for (int k = 0; k < n; k++) {
        at[k][0] = sx * xr;
        at[k][1] = (float)((t[k] - m->cy) / m->half);
        at[k][2] = fl;
        view_format_tick(t[k], step, text[k], sizeof text[k]);
    }
    surface3d_axis(c, &v, (const float[3]){sx * xr, -yr, fl}, (const float[3]){sx * xr, yr, fl},
                   (const float(*)[3])at, text, NULL, n,
                   (const float[3]){sx * 0.045f, 0.0f, 0.0f}, ax);
    /* L up the corner at the far end of the theta1 axis */
    n = surface3d_l_ticks(m, t, MAXT);
    for (int k = 0; k < n; k++) {
        at[k][0] = -sx * xr;
        at[k][1] = sy * yr;
        at[k][2] = (float)surface_z(m, t[k]);
        snprintf(text[k], sizeof text[k], "%g", t[k]);
        /* On the log height the powers of ten (and 0) stay longest, then the 5s, the 2s. */
        double e = t[k] != 0.0 ? fabs(t[k]) / pow(10.0, floor(log10(fabs(t[k])))) : 1.0;
        rank[k] = e < 1.5 ? 0 : e > 3.5 ? 1 : 2;
    }
    float top = (float)SURFACE_HEIGHT;
    surface3d_axis(c, &v, (const float[3]){-sx * xr, sy * yr, fl},
                   (const float[3]){-sx * xr, sy * yr, top}, (const float(*)[3])at, text,
                   m->linear ? NULL : rank, n, (const float[3]){-sx * 0.032f, sy * 0.032f, 0.0f},
                   ax);
    /* The names after every tick label, each where it meets none. */
    surface3d_axis_name(c, &v, (const float[3]){-xr, sy * yr, fl},
                        (const float[3]){xr, sy * yr, fl}, (const float[3]){0.0f, sy * 0.045f, 0.0f},
                        UTF8_THETA UTF8_SUB1, ax);
    surface3d_axis_name(c, &v, (const float[3]){sx * xr, -yr, fl},
                        (const float[3]){sx * xr, yr, fl}, (const float[3]){sx * 0.045f, 0.0f, 0.0f},
                        UTF8_THETA UTF8_SUB2, ax);
    surface3d_axis_name(c, &v, (const float[3]){-sx * xr, sy * yr, fl},
                        (const float[3]){-sx * xr, sy * yr, top}, (const float[3]){0.0f, 0.0f, 0.0f},
                        "L", ax);
}

void surface3d_axes(Canvas *c, const PlotScene *sc)
{
    static_assert(SURFACE3D_AXES_MAX_LINES >= 3, "three axes");
    Surface3dAxes ax;
    surface3d_axes_layout(c, sc, &ax);
    float s = c->scale;
    Rgba tick_col = {225, 228, 238, 230};
    LineStyle line = {{0.86f, 0.87f, 0.92f, 0.85f}, 0.9f * s, 0.8f * s, 0.5f};
    for (int i = 0; i < ax.n_lines; i++)
        canvas_stroke(c, ax.line[i][0], ax.line[i][1], ax.line[i][2], ax.line[i][3], &line);
    for (int i = 0; i < ax.n_ticks; i++)
        canvas_stroke(c, ax.tick[i][0], ax.tick[i][1], ax.tick[i][2], ax.tick[i][3], &line);
    for (int i = 0; i < ax.n; i++) {
        const Surface3dAxisLabel *l = &ax.label[i];
        canvas_text(c, l->face, l->box[0], l->box[1], l->text,
                    l->face == FONT_SMALL ? tick_col : PLOT_TEXT);
    }
}

/* ---- The overlays in 3D ----------------------------------------------------------------- */

#define UTF8_MINUS "\xe2\x88\x92"
#define UTF8_NABLA "\xe2\x88\x87"

enum { SURFACE3D_MAX_PILLS = 48, SURFACE3D_ARROW_SAMPLES = 24 };

/* The overlays' labels: pills kept off each other and inside the pane. */
typedef struct {
    Canvas *c;
    int w, h;
    int n;
    float box[SURFACE3D_MAX_PILLS][4];
    char text[SURFACE3D_MAX_PILLS][48];
    Rgba col[SURFACE3D_MAX_PILLS];
} Surface3dPills;

/* A pill with text gap px from (ax, ay) along the unit (ux, uy), moved sideways off earlier
 * ones where it can be (as the 2D overlays' labels). */
static void surface3d_pill_add(Surface3dPills *pl, float ax, float ay, float ux, float uy,
                               float gap, const char *text, Rgba col)
{
    if (pl->n == SURFACE3D_MAX_PILLS || !isfinite(ax) || !isfinite(ay))
        return;
    Canvas *c = pl->c;
    float s = c->scale, padx = 5.0f * s;
    float w = canvas_measure(c, FONT_SMALL, text) + 2.0f * padx;
    float h = (float)canvas_line_height(c, FONT_SMALL) + 2.0f * s;
    float reach = 0.5f * (fabsf(ux) * w + fabsf(uy) * h);
    float x = ax + ux * (gap + reach) - 0.5f * w, y = ay + uy * (gap + reach) - 0.5f * h;
    /* Where it wants to be, else one to three pill heights above or below, else (all taken)
     * where it wants to be after all. */
    const float tries[8] = {0.0f, -1.0f, 1.0f, -2.0f, 2.0f, -3.0f, 3.0f, 0.0f};
    for (int k = 0; k < 8; k++) {
        float tx = x, ty = y + tries[k] * (h + 2.0f);
        tx = fminf(fmaxf(tx, 2.0f), (float)pl->w - w - 2.0f);
        ty = fminf(fmaxf(ty, 2.0f), (float)pl->h - h - 2.0f);
        bool free_here = true;
        for (int i = 0; i < pl->n && free_here; i++) {
            const float *b = pl->box[i];
            free_here = !(tx < b[0] + b[2] && b[0] < tx + w && ty < b[1] + b[3] && b[1] < ty + h);
        }
        if (k == 7 || free_here) {
            x = tx;
            y = ty;
            break;
        }
    }
    float *b = pl->box[pl->n];
    b[0] = x, b[1] = y, b[2] = w, b[3] = h;
    snprintf(pl->text[pl->n], sizeof pl->text[0], "%s", text);
    pl->col[pl->n++] = col;
}

/* A square of half side r around (x, y) that later pills keep off (a marker), not drawn. */
static void surface3d_pill_avoid(Surface3dPills *pl, float x, float y, float r)
{
    if (pl->n == SURFACE3D_MAX_PILLS)
        return;
    float *b = pl->box[pl->n];
    b[0] = x - r, b[1] = y - r, b[2] = 2.0f * r, b[3] = 2.0f * r;
    pl->text[pl->n++][0] = '\0';
}

static void surface3d_pills_draw(Surface3dPills *pl)
{
    Canvas *c = pl->c;
    for (int i = 0; i < pl->n; i++) {
        const float *b = pl->box[i];
        if (!pl->text[i][0])
            continue;
        canvas_round_rect(c, b[0], b[1], b[2], b[3], 0.5f * b[3], (Rgba){12, 12, 20, 190});
        canvas_text(c, FONT_SMALL, b[0] + 5.0f * c->scale, b[1] + 1.0f * c->scale,
                    pl->text[i], pl->col[i]);
    }
}

/* The pixel of the surface over world (x, y) (lifted); false where f is undefined or the
 * point does not project. */
static bool surface3d_at(const PlotScene *sc, Surface3dView *v, double x, double y, double *sx,
                         double *sy)
{
    double f = landscape_eval(sc->ls, x, y, NULL, NULL);
    return isfinite(f) && surface3d_point(v, x, y, f, sx, sy) && fabs(*sx) < 1e6 &&
           fabs(*sy) < 1e6;
}

/* The pixel length of a short world step from (x, y) along the unit (ux, uy), per world
 * unit (how long a world length looks there); 0 when it does not project. */
static double surface3d_px_per_unit(const PlotScene *sc, Surface3dView *v, double x, double y,
                                    double ux, double uy)
{
    double e = 1e-3 * v->map.half, ax, ay, bx, by;
    if (!surface3d_at(sc, v, x, y, &ax, &ay) ||
        !surface3d_at(sc, v, x + e * ux, y + e * uy, &bx, &by))
        return 0.0;
    return hypot(bx - ax, by - ay) / e;
}

/* An arrow lying on the surface from world (x, y) along (dx, dy) (world units, its whole
 * length), as SURFACE3D_ARROW_SAMPLES strokes over the surface and a filled head of head px
 * at its tip; the tip's pixel in tip. false when it does not project. */
/* The pixels of SURFACE3D_ARROW_SAMPLES + 1 points lying on the surface from world (x, y)
 * along (dx, dy) (its whole length) into xy, up to the first that does not project;
 * returns how many. */
static int surface3d_on_surface(const PlotScene *sc, Surface3dView *v, double x, double y,
                                double dx, double dy, float xy[2 * (SURFACE3D_ARROW_SAMPLES + 1)])
{
    int n = 0;
    for (int k = 0; k <= SURFACE3D_ARROW_SAMPLES; k++) {
        double t = (double)k / SURFACE3D_ARROW_SAMPLES, sx, sy;
        if (!surface3d_at(sc, v, x + t * dx, y + t * dy, &sx, &sy))
            break;
        xy[2 * n] = (float)sx;
        xy[2 * n + 1] = (float)sy;
        n++;
    }
    return n;
}

static bool surface3d_arrow(Canvas *c, const PlotScene *sc, Surface3dView *v, double x,
                            double y, double dx, double dy, const LineStyle *st, float head,
                            Rgba col, float tip[2])
{
    float xy[2 * (SURFACE3D_ARROW_SAMPLES + 1)];
    int n = surface3d_on_surface(sc, v, x, y, dx, dy, xy);
    if (n < 2)
        return false;
    /* The head's direction: from where the shaft is head px short of the tip. */
    float tx = xy[2 * n - 2], ty = xy[2 * n - 1];
    int back = n - 2;
    while (back > 0 && hypotf(tx - xy[2 * back], ty - xy[2 * back + 1]) < 0.6f * head)
        back--;
    float ux = tx - xy[2 * back], uy = ty - xy[2 * back + 1], ul = hypotf(ux, uy);
    if (!(ul > 1e-3f))
        return false;
    ux /= ul;
    uy /= ul;
    /* The shaft stops under the head, which covers its end. */
    float cut = fminf(0.6f * head, 0.8f * ul);
    int m = n;
    while (m > 1 && hypotf(tx - xy[2 * (m - 1)], ty - xy[2 * (m - 1) + 1]) < cut)
        m--;
    xy[2 * m] = tx - cut * ux;
    xy[2 * m + 1] = ty - cut * uy;
    /* The halos under the cores (a segment's halo would darken its neighbour's core). */
    LineStyle halo = *st, core = *st;
    halo.color[3] = 0.0f;
    core.halo = core.halo_alpha = 0.0f;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < m; k++)
            canvas_stroke(c, xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3],
                          pass ? &core : &halo);
    overlay_arrowhead(c, tx, ty, ux, uy, fminf(head, 0.9f * ul + head * 0.5f), 1.0f * c->scale,
                      col);
    tip[0] = tx;
    tip[1] = ty;
    return true;
}

void surface3d_field_grid(Surface3dView *v, float scale, int *nx, int *ny)
{
    const SurfaceMap *m = &v->map;
    /* About one arrow per 1.4 OVERLAY_GRID_PX of the box's projected width, 6 to 18 across
     * its longer side. */
    double ax, ay, bx, by;
    int n = 12;
    if (surface3d_box(v, (float)-m->xr, 0.0f, 0.0f, &ax, &ay) &&
        surface3d_box(v, (float)m->xr, 0.0f, 0.0f, &bx, &by)) {
        double across = hypot(bx - ax, by - ay) / (1.4 * OVERLAY_GRID_PX * (double)scale);
        n = across < 6.0 ? 6 : across > 18.0 ? 18 : (int)across;
    }
    *nx = (int)lround(n * m->xr);
    *ny = (int)lround(n * m->yr);
    *nx = *nx < 2 ? 2 : *nx;
    *ny = *ny < 2 ? 2 : *ny;
}

/* The gradient field: arrows along -grad L on a grid over the box, lying on the surface
 * (each a fixed share of a cell long in the plane, so they run downhill on it), colored by
 * |grad L| as the 2D field's; those a hill hides are left out. */
static void surface3d_field(Canvas *c, const PlotScene *sc, Surface3dView *v)
{
    const SurfaceMap *m = &v->map;
    float s = c->scale;
    int nx, ny;
    surface3d_field_grid(v, s, &nx, &ny);
    double cell = 2.0 * m->half * fmax(m->xr / nx, m->yr / ny);
    double *g = malloc(sizeof *g * 4 * (size_t)nx * (size_t)ny);
    if (!g)
        return;
    double gmin = INFINITY, gmax = 0.0;
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
            double *gk = g + 4 * (j * nx + i);
            gk[0] = m->cx + m->half * m->xr * (2.0 * (i + 0.5) / nx - 1.0);
            gk[1] = m->cy + m->half * m->yr * (2.0 * (j + 0.5) / ny - 1.0);
            double f = landscape_eval(sc->ls, gk[0], gk[1], gk + 2, NULL);
            double mag = hypot(gk[2], gk[3]);
            if (!isfinite(f) || !isfinite(mag) || surface3d_hidden(sc, gk[0], gk[1], f)) {
                gk[2] = NAN;
                continue;
            }
            if (mag > 0.0) {
                gmin = fmin(gmin, mag);
                gmax = fmax(gmax, mag);
            }
        }
    }
    double span = gmax > gmin ? log(gmax / gmin) : 0.0;
    for (int k = 0; k < nx * ny; k++) {
        const double *gk = g + 4 * k;
        if (!isfinite(gk[2]))
            continue;
        double mag = hypot(gk[2], gk[3]);
        double t = span > 0.0 && mag > 0.0 ? log(mag / gmin) / span : 1.0;
        Rgba col = overlay_magnitude_color(t);
        LineStyle st = {{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f, 1.0f}, 1.25f * s,
                        1.0f * s, 0.6f};
        double px, py;
        if (mag == 0.0) {
            st.radius = 2.0f * s;
            if (surface3d_at(sc, v, gk[0], gk[1], &px, &py))
                canvas_dot(c, (float)px, (float)py, &st);
            continue;
        }
        double l = 0.62 * cell, ux = -gk[2] / mag, uy = -gk[3] / mag;
        float tip[2];
        surface3d_arrow(c, sc, v, gk[0] - 0.5 * l * ux, gk[1] - 0.5 * l * uy, l * ux, l * uy,
                        &st, 0.32f * OVERLAY_FIELD_ARROW_PX * s, col, tip);
    }
    free(g);
}

/* The critical overlay: every critical point in the box found (overlay.c's search, over
 * the pane's home window), marked on the surface as the 2D overlay marks them (minimum a
 * disc, maximum a triangle, saddle an X, degenerate a square), labelled "min", "max",
 * "saddle" and its L when few; those a hill hides are left out. */
static void surface3d_critical(Canvas *c, const PlotScene *sc, Surface3dView *v,
                               OverlayCache *cache, Surface3dPills *pl)
{
    const SurfaceMap *m = &v->map;
    ViewBox box = {m->cx - m->xr * m->half, m->cx + m->xr * m->half, m->cy - m->yr * m->half,
                   m->cy + m->yr * m->half};
    View home = view_fit(&box, v->w, v->h);
    const CriticalPoint *pts;
    int n = overlay_critical(sc->ls, &home, cache, &pts);
    float s = c->scale, r = OVERLAY_CRIT_PX * s;
    int shown = 0;
    for (int k = 0; k < n; k++)
        shown += pts[k].x >= box.xmin && pts[k].x <= box.xmax && pts[k].y >= box.ymin &&
                 pts[k].y <= box.ymax;
    if (shown > OVERLAY_CRIT_CROWD) {
        r *= 0.6f;
        s *= 0.75f;
    }
    Rgba col = overlay_color(OVERLAY_COLOR_CRITICAL);
    LineStyle st = {{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f, col.a / 255.0f}, 1.5f * s,
                    1.3f * s, 0.75f};
    /* The markers first, so that no label covers one. */
    for (int k = 0; k < n && shown <= OVERLAY_CRIT_LABELS; k++) {
        double f = landscape_eval(sc->ls, pts[k].x, pts[k].y, NULL, NULL), dx, dy;
        if (pts[k].x >= box.xmin && pts[k].x <= box.xmax && pts[k].y >= box.ymin &&
            pts[k].y <= box.ymax && surface3d_point(v, pts[k].x, pts[k].y, f, &dx, &dy))
            surface3d_pill_avoid(pl, (float)dx, (float)dy, 1.3f * r);
    }
    for (int k = 0; k < n; k++) {
        const CriticalPoint *cp = &pts[k];
        if (cp->x < box.xmin || cp->x > box.xmax || cp->y < box.ymin || cp->y > box.ymax)
            continue;
        double f = landscape_eval(sc->ls, cp->x, cp->y, NULL, NULL), dx, dy;
        if (!surface3d_point(v, cp->x, cp->y, f, &dx, &dy) ||
            surface3d_hidden(sc, cp->x, cp->y, f))
            continue;
        float x = (float)dx, y = (float)dy;
        LineStyle disc = st;
        disc.radius = r;
        CritPen pen = {canvas_pen_stroke, c, c};
        const char *name = overlay_crit_glyph(&pen, cp->kind, x, y, r, s, &st, &disc);
        if (shown <= OVERLAY_CRIT_LABELS) {
            char text[48];
            snprintf(text, sizeof text, "%s  L = %.3g", name, f);
            surface3d_pill_add(pl, x, y, 0.7071f, -0.7071f, r, text, col);
        }
    }
}

/* The directions at world point (x, y): steepest descent (white) and Newton's step
 * (magenta) lying on the surface, the contour's tangent through the point; labelled as in
 * 2D. Left out while the point is outside the box or behind a hill. */
static void surface3d_directions(Canvas *c, const PlotScene *sc, Surface3dView *v, double x,
                                 double y, Surface3dPills *pl)
{
    const SurfaceMap *m = &v->map;
    if (fabs(x - m->cx) > m->xr * m->half || fabs(y - m->cy) > m->yr * m->half)
        return;
    LocalInfo li;
    analysis_local(sc->ls, x, y, &li);
    double px, py;
    if (!isfinite(li.f) || !isfinite(li.grad_norm) || !surface3d_at(sc, v, x, y, &px, &py) ||
        surface3d_hidden(sc, x, y, li.f))
        return;
    float s = c->scale;
    Rgba cd = overlay_color(OVERLAY_COLOR_DESCENT), cn = overlay_color(OVERLAY_COLOR_NEWTON),
         ct = overlay_color(OVERLAY_COLOR_TANGENT);
    LineStyle st_desc = {{cd.r / 255.0f, cd.g / 255.0f, cd.b / 255.0f, cd.a / 255.0f},
                         1.7f * s, 1.4f * s, 0.7f};
    LineStyle st_newt = {{cn.r / 255.0f, cn.g / 255.0f, cn.b / 255.0f, cn.a / 255.0f},
                         2.7f * s, 1.4f * s, 0.7f};
    LineStyle st_tan = {{ct.r / 255.0f, ct.g / 255.0f, ct.b / 255.0f, ct.a / 255.0f}, 1.0f * s,
                        1.0f * s, 0.5f};
    bool has_g = li.grad_norm > 0.0;
    double ux = li.descent[0], uy = li.descent[1];
    /* World lengths that look OVERLAY_DIRECTION_PX and OVERLAY_TANGENT_PX long here. */
    double ppu = has_g ? surface3d_px_per_unit(sc, v, x, y, ux, uy) : 0.0;
    double tpu = has_g ? surface3d_px_per_unit(sc, v, x, y, -uy, ux) : 0.0;
    double cap = 0.5 * m->half;
    if (li.has_newton && ppu > 0.0 &&
        hypot(li.newton[0], li.newton[1]) * ppu < OVERLAY_STATIONARY_PX)
        has_g = false;
    if (has_g && tpu > 0.0) {
        double tl = fmin(OVERLAY_TANGENT_PX * (double)s / tpu, 0.5 * cap);
        double a0, a1, b0, b1;
        if (surface3d_at(sc, v, x + tl * uy, y - tl * ux, &a0, &a1) &&
            surface3d_at(sc, v, x - tl * uy, y + tl * ux, &b0, &b1))
            canvas_stroke(c, (float)a0, (float)a1, (float)b0, (float)b1, &st_tan);
    }
    float ntip[2] = {NAN, NAN}, dtip[2] = {NAN, NAN};
    bool newton = li.has_newton && has_g && ppu > 0.0;
    if (newton) {
        double nl = hypot(li.newton[0], li.newton[1]);
        double nx = li.newton[0] / nl, ny = li.newton[1] / nl;
        double npu = surface3d_px_per_unit(sc, v, x, y, nx, ny);
        bool inside = fabs(x + li.newton[0] - m->cx) <= m->xr * m->half &&
                      fabs(y + li.newton[1] - m->cy) <= m->yr * m->half;
        double len = nl;
        if (!inside || npu <= 0.0 || nl * npu < OVERLAY_NEWTON_MIN_PX * (double)s)
            len = npu > 0.0 ? fmin(OVERLAY_DIRECTION_PX * (double)s / npu, cap) : 0.0;
        newton = len > 0.0 && surface3d_arrow(c, sc, v, x, y, len * nx, len * ny, &st_newt,
                                              14.0f * s, cn, ntip);
    }
    if (has_g && ppu > 0.0) {
        double len = fmin(OVERLAY_DIRECTION_PX * (double)s / ppu, cap);
        has_g = surface3d_arrow(c, sc, v, x, y, len * ux, len * uy, &st_desc, 12.0f * s, cd,
                                dtip);
    }
    LineStyle st_dot = {{cd.r / 255.0f, cd.g / 255.0f, cd.b / 255.0f, cd.a / 255.0f}, 3.0f * s,
                        1.5f * s, 0.8f};
    canvas_dot(c, (float)px, (float)py, &st_dot);
    if (has_g) {
        float dx = dtip[0] - (float)px, dy = dtip[1] - (float)py, l = hypotf(dx, dy);
        surface3d_pill_add(pl, dtip[0], dtip[1], l > 0.0f ? dx / l : 0.0f,
                           l > 0.0f ? dy / l : 1.0f, 12.0f * s, UTF8_MINUS UTF8_NABLA "L", cd);
    } else {
        surface3d_pill_add(pl, (float)px, (float)py, 0.7071f, 0.7071f, 8.0f * s,
                           UTF8_NABLA "L \xe2\x89\x88 0", cd);
    }
    if (newton) {
        float dx = ntip[0] - (float)px, dy = ntip[1] - (float)py, l = hypotf(dx, dy);
        surface3d_pill_add(pl, ntip[0], ntip[1], l > 0.0f ? dx / l : 0.0f,
                           l > 0.0f ? dy / l : 1.0f, 12.0f * s, "Newton", cn);
    } else if (!li.has_newton) {
        surface3d_pill_add(pl, (float)px, (float)py, -0.7071f, 0.7071f, 8.0f * s,
                           "H singular: no Newton step", cn);
    }
}

/* A model's level line lifted onto its level's height (the Taylor model, the minibatch's
 * loss), inside the box and its heights (t in [0, 1]): each segment in st, faint where a
 * hill hides it (tested where the line has moved occl_px since the last test; never when
 * occl_px is 0), faded by overlay_rim_fade of its world distance from (fx, fy) over fade_r
 * when fade_r > 0. */
typedef struct {
    Canvas *c;
    const PlotScene *sc;
    Surface3dView *v;
    LineStyle st;
    double fx, fy, fade_r;
    float occl_px;
} Surface3dLevelPen;

static void surface3d_level_line(void *ctx, const ContourSegment *seg, int n, double level)
{
    Surface3dLevelPen *lp = ctx;
    const SurfaceMap *m = &lp->v->map;
    /* A level outside the box's heights would lie flat on its floor or ceiling. */
    double t = surface_t(m, level);
    if (!(t >= 0.0 && t <= 1.0))
        return;
    double lx = 0.0, ly = 0.0;
    bool have = false, hidden = false;
    double tx = 1e30, ty = 1e30; /* where occlusion was last tested */
    for (int k = 0; k <= n; k++) {
        double x = k < n ? seg[k].x0 : seg[n - 1].x1, y = k < n ? seg[k].y0 : seg[n - 1].y1;
        /* Inside the box only, as the surface. */
        if (!surface3d_in_box(lp->v, x, y)) {
            have = false;
            continue;
        }
        float b[3];
        surface_to_box(m, x, y, level, b);
        b[2] += (float)SURFACE_LIFT;
        double sx, sy;
        if (!isfinite(b[2]) || !surface3d_box(lp->v, b[0], b[1], b[2], &sx, &sy)) {
            have = false;
            continue;
        }
        if (lp->occl_px > 0.0f && hypot(sx - tx, sy - ty) >= (double)lp->occl_px) {
            hidden = surface_occluded(m, lp->sc->ls, &lp->sc->camera, b);
            tx = sx;
            ty = sy;
        }
        if (have) {
            LineStyle st = lp->st;
            float a = hidden ? SURFACE3D_HIDDEN_ALPHA : 1.0f;
            if (lp->fade_r > 0.0)
                a *= overlay_rim_fade((float)hypot(x - lp->fx, y - lp->fy), (float)lp->fade_r);
            st.color[3] *= a;
            st.halo_alpha *= a;
            if (a > 0.02f)
                canvas_stroke(lp->c, (float)lx, (float)ly, (float)sx, (float)sy, &st);
        }
        lx = sx;
        ly = sy;
        have = true;
    }
}

/* The world length that looks px pixels long at (x, y) in both directions of the plane
 * (the shorter of the two), capped at cap; 0 where it does not project. */
static double surface3d_world_len(const PlotScene *sc, Surface3dView *v, double x, double y,
                                  double px, double cap)
{
    double a = surface3d_px_per_unit(sc, v, x, y, 1.0, 0.0);
    double b = surface3d_px_per_unit(sc, v, x, y, 0.0, 1.0);
    double ppu = fmax(a, b);
    return ppu > 0.0 ? fmin(px / ppu, cap) : 0.0;
}

/* The Taylor model at the point: its level lines (the 2D overlay's, overlay_taylor_lines)
 * each lifted to the height of its level, so they stack into the quadratic patch itself (a
 * bowl at a minimum, a saddle's horse at a saddle) touching the surface at the point, faded
 * out over its rim; the patch about OVERLAY_TAYLOR_PX across on screen (at most a quarter of
 * the box). Where it sinks under the surface (a hill hides it) it is faint. */
static void surface3d_taylor(Canvas *c, const PlotScene *sc, Surface3dView *v,
                             const LocalInfo *li)
{
    float s = c->scale;
    double rw = surface3d_world_len(sc, v, li->x, li->y,
                                    fmin(OVERLAY_TAYLOR_PX * (double)s, 0.45 * fmin(v->w, v->h)),
                                    0.5 * v->map.half);
    if (!(rw > 0.0))
        return;
    Rgba col = overlay_color(OVERLAY_COLOR_TAYLOR);
    Surface3dLevelPen lp = {c, sc, v,
                            {{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f, col.a / 255.0f},
                             1.3f * s, 0.0f, 0.0f},
                            li->x, li->y, rw, 4.0f * s};
    overlay_taylor_lines(li, rw, surface3d_level_line, &lp);
}

/* The Hessian's eigenvectors at the point as double-headed arrows lying on the surface, each
 * as long on screen as the 2D overlay's (overlay_eigen_arms of OVERLAY_EIGEN_PX), colored
 * by the sign of its eigenvalue and labelled "λ₁ = …", "λ₂ = …": the surface curves up along
 * the amber one and down along the blue one. */
static void surface3d_eigen(Canvas *c, const PlotScene *sc, Surface3dView *v,
                            const LocalInfo *li, Surface3dPills *pl)
{
    float s = c->scale;
    double arm[2];
    overlay_eigen_arms(li, fmin(OVERLAY_EIGEN_PX * (double)s, 0.4 * fmin(v->w, v->h)), arm);
    for (int k = 0; k < 2; k++) {
        double ux = li->evec[k][0], uy = li->evec[k][1];
        double ppu = surface3d_px_per_unit(sc, v, li->x, li->y, ux, uy);
        if (!(ppu > 0.0) || arm[k] < 0.5)
            continue;
        double len = fmin(arm[k] / ppu, 0.5 * v->map.half);
        char text[48];
        Rgba col = overlay_eigen_label(li, k, text, sizeof text);
        LineStyle st = {{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f, col.a / 255.0f},
                        1.8f * s, 1.3f * s, 0.7f};
        float tip[2], back[2];
        float head = fminf(11.0f * s, 0.5f * (float)arm[k]);
        bool a = surface3d_arrow(c, sc, v, li->x, li->y, len * ux, len * uy, &st, head, col, tip);
        surface3d_arrow(c, sc, v, li->x, li->y, -len * ux, -len * uy, &st, head, col, back);
        double px, py;
        if (a && surface3d_at(sc, v, li->x, li->y, &px, &py)) {
            float dx = tip[0] - (float)px, dy = tip[1] - (float)py, l = hypotf(dx, dy);
            surface3d_pill_add(pl, tip[0], tip[1], l > 0.0f ? dx / l : 0.0f,
                               l > 0.0f ? dy / l : 1.0f, 10.0f * s, text, col);
        }
    }
}

/* The minibatch's loss over the box (the 2D overlay's lines, overlay_minibatch_lines, over
 * the pane's home window) lifted to the height of each level: where the minibatch's surface
 * runs above or below the full one the lines float off it. No line of sight is tested: on a
 * data landscape each test costs hundreds of passes over the dataset (the lines are faint,
 * and the data landscapes' bowls rarely hide them). */
static void surface3d_minibatch(Canvas *c, const PlotScene *sc, Surface3dView *v,
                                const Run *run, OverlayCache *cache)
{
    const SurfaceMap *m = &v->map;
    ViewBox box = {m->cx - m->xr * m->half, m->cx + m->xr * m->half, m->cy - m->yr * m->half,
                   m->cy + m->yr * m->half};
    View home = view_fit(&box, v->w, v->h);
    Rgba col = overlay_color(OVERLAY_COLOR_MINIBATCH);
    float s = c->scale;
    /* A little stronger than in 2D: on the lit surface the 2D overlay's faint ink vanishes. */
    Surface3dLevelPen lp = {c, sc, v,
                            {{col.r / 255.0f, col.g / 255.0f, col.b / 255.0f,
                              fminf(1.0f, 1.6f * col.a / 255.0f)},
                             0.8f * s, 0.0f, 0.0f},
                            0.0, 0.0, 0.0, 0.0f};
    overlay_minibatch_lines(sc->ls, run, &home, cache, surface3d_level_line, &lp);
}

/* The last step's line-search trials on the surface: from where the step began a faint line
 * lying on the surface to each trial, a ring at each (rejected ones hollow), with the 2D
 * overlay's pens (overlay_trial_styles); a trial a hill hides or off the box is left out. */
static void surface3d_trials(Canvas *c, const PlotScene *sc, Surface3dView *v, const Run *run)
{
    if (!run || run->n_trials < 1 || run->n < 2)
        return;
    LineStyle line, ring, hole;
    overlay_trial_styles(c->scale, &line, &ring, &hole);
    double x0 = run->prev.x, y0 = run->prev.y;
    for (int k = 0; k < run->n_trials; k++) {
        double x = run->trials[k][0], y = run->trials[k][1];
        float xy[2 * (SURFACE3D_ARROW_SAMPLES + 1)];
        int n = surface3d_on_surface(sc, v, x0, y0, x - x0, y - y0, xy);
        for (int q = 0; q + 1 < n; q++)
            canvas_stroke(c, xy[2 * q], xy[2 * q + 1], xy[2 * q + 2], xy[2 * q + 3], &line);
        double f = landscape_eval(sc->ls, x, y, NULL, NULL), px, py;
        if (n != SURFACE3D_ARROW_SAMPLES + 1 || !isfinite(f) || !surface3d_in_box(v, x, y) ||
            !surface3d_point(v, x, y, f, &px, &py) || surface3d_hidden(sc, x, y, f))
            continue;
        canvas_dot(c, (float)px, (float)py, &ring);
        if (!overlay_trial_accepted(run, k))
            canvas_dot(c, (float)px, (float)py, &hole);
    }
}

void surface3d_overlays(Canvas *c, const PlotScene *sc, const Surface3dOverlays *d,
                        OverlayCache *cache)
{
    const OverlayFlags *fl = &d->flags;
    bool at_point = d->point && (fl->directions || fl->taylor || fl->eigen);
    if (!at_point && !fl->gradient_field && !fl->critical && !fl->minibatch && !fl->trials)
        return;
    Surface3dView v;
    surface3d_view(sc, &v);
    Surface3dPills pl = {.c = c, .w = v.w, .h = v.h};
    /* The point's overlays while the point lies in the box, not behind a hill. */
    LocalInfo li;
    if (at_point) {
        const SurfaceMap *m = &v.map;
        double x = d->point[0], y = d->point[1];
        analysis_local(sc->ls, x, y, &li);
        at_point = fabs(x - m->cx) <= m->xr * m->half && fabs(y - m->cy) <= m->yr * m->half &&
                   isfinite(li.f) && !surface3d_hidden(sc, x, y, li.f);
    }
    /* Faint lines under everything, as in 2D. */
    if (fl->minibatch)
        surface3d_minibatch(c, sc, &v, d->batch_run, cache);
    if (fl->trials)
        surface3d_trials(c, sc, &v, d->trial_run);
    if (fl->gradient_field)
        surface3d_field(c, sc, &v);
    if (fl->taylor && at_point)
        surface3d_taylor(c, sc, &v, &li);
    if (fl->critical)
        surface3d_critical(c, sc, &v, cache, &pl);
    if (fl->eigen && at_point)
        surface3d_eigen(c, sc, &v, &li, &pl);
    if (fl->directions && d->point)
        surface3d_directions(c, sc, &v, d->point[0], d->point[1], &pl);
    surface3d_pills_draw(&pl);
    canvas_flush(c);
}
