/* test_surface3d.c - what a 3D pane draws over its surface (figure/surface3d.h), without a
 * display: the moving camera's draft of the paths, kept across frames in a Surface3dDraft,
 * draws exactly what a fresh one draws after every change it must notice (the camera, new
 * points, a run restarted or replaced, the map, a typed function's parameter, a zoom by an
 * octave), and makes nothing again for what it need not (the camera orbiting, new points);
 * the surface's colour scale. The draws are recorded by a fake Canvas.
 */
#include "test.h"

#include "figure/surface3d.h"
#include "landscape/landscape.h"

/* A Canvas that records every polyline (and disc, stroke, convex: the markers) as floats. */
typedef struct {
    Canvas base;
    float *rec;
    size_t n, cap;
} RecCanvas;

static void rec_put(Canvas *c, float v)
{
    RecCanvas *r = (RecCanvas *)c;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 4096;
        r->rec = realloc(r->rec, sizeof *r->rec * r->cap);
        ASSERT(r->rec);
    }
    r->rec[r->n++] = v;
}

static void rec_col(Canvas *c, Rgba col)
{
    rec_put(c, (float)(col.r | col.g << 8 | col.b << 16 | (unsigned)col.a << 24));
}

static void rec_destroy(Canvas *c) { (void)c; }
static void rec_begin(Canvas *c, int tw, int th, int x, int y, int w, int h)
{
    (void)c, (void)tw, (void)th, (void)x, (void)y, (void)w, (void)h;
}
static void rec_flush(Canvas *c) { (void)c; }
static void rec_clip(Canvas *c, int x, int y, int w, int h)
{
    (void)c, (void)x, (void)y, (void)w, (void)h;
}
static void rec_clip_off(Canvas *c) { (void)c; }
static void rec_rect(Canvas *c, float x, float y, float w, float h, Rgba col)
{
    rec_put(c, x), rec_put(c, y), rec_put(c, w), rec_put(c, h), rec_col(c, col);
}
static void rec_round_rect(Canvas *c, float x, float y, float w, float h, float r, Rgba col)
{
    rec_rect(c, x, y, w, h, col);
    rec_put(c, r);
}
static void rec_convex(Canvas *c, const float *xy, int n, Rgba col)
{
    for (int i = 0; i < 2 * n; i++)
        rec_put(c, xy[i]);
    rec_col(c, col);
}
static void rec_stroke(Canvas *c, float x0, float y0, float x1, float y1, const LineStyle *s)
{
    rec_put(c, x0), rec_put(c, y0), rec_put(c, x1), rec_put(c, y1), rec_put(c, s->radius);
}
static void rec_polyline(Canvas *c, const float *xy, int n, float width, Rgba col)
{
    rec_put(c, (float)n);
    for (int i = 0; i < 2 * n; i++)
        rec_put(c, xy[i]);
    rec_put(c, width);
    rec_col(c, col);
}
static float rec_text(Canvas *c, FontFace face, float x, float y, const char *s, Rgba col)
{
    (void)c, (void)face, (void)x, (void)y, (void)col;
    return 8.0f * (float)strlen(s);
}
static float rec_measure(Canvas *c, FontFace face, const char *s)
{
    (void)c, (void)face;
    return 8.0f * (float)strlen(s);
}
static int rec_line_height(Canvas *c, FontFace face) { (void)c, (void)face; return 16; }
static int rec_face_px(Canvas *c, FontFace face) { (void)c, (void)face; return 14; }
static bool rec_plot(Canvas *c, int slot, const PlotScene *sc, int x, int y, int w, int h,
                     char *err, size_t errlen)
{
    (void)c, (void)slot, (void)sc, (void)x, (void)y, (void)w, (void)h, (void)err, (void)errlen;
    return true;
}
static bool rec_busy(const Canvas *c) { (void)c; return false; }

static const CanvasVTable REC_VT = {
    "rec", rec_destroy, rec_begin, rec_flush, rec_clip, rec_clip_off, rec_rect, rec_round_rect,
    rec_convex, rec_stroke, rec_polyline, rec_text, rec_measure, rec_line_height, rec_face_px,
    rec_plot, rec_busy,
};

/* The draft of sc drawn with d, recorded into r (emptied first). */
static void draw(RecCanvas *r, const PlotScene *sc, Surface3dDraft *d)
{
    r->n = 0;
    surface3d_paths_draft(&r->base, sc, d);
}

/* Whether the kept draft d draws sc exactly as a fresh one does (and draws some path). */
static bool same_as_fresh(const PlotScene *sc, Surface3dDraft *d)
{
    RecCanvas a = {{&REC_VT, 1.0f}, NULL, 0, 0}, b = {{&REC_VT, 1.0f}, NULL, 0, 0};
    Surface3dDraft fresh = {0};
    draw(&a, sc, d);
    draw(&b, sc, &fresh);
    bool same = a.n == b.n && a.n > 30 && !memcmp(a.rec, b.rec, sizeof *a.rec * a.n);
    surface3d_draft_free(&fresh);
    free(a.rec);
    free(b.rec);
    return same;
}

static void step_runs(Run *runs, int n, int steps)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < steps; k++)
            run_step(&runs[i]);
}

TEST(the_draft_paths_are_drawn_as_fresh_after_every_change)
{
    const Landscape *ros = landscape_find("rosenbrock");
    char err[128];
    Run runs[2];
    RunDesc gd = run_desc_default(OPTIM_GD), adam = run_desc_default(OPTIM_ADAM);
    gd.opt.lr = 0.001;
    adam.opt.lr = 0.05;
    ASSERT(run_init(&runs[0], ros, &gd, ros->start[0], ros->start[1], err, sizeof err));
    ASSERT(run_init(&runs[1], ros, &adam, ros->start[0], ros->start[1], err, sizeof err));
    step_runs(runs, 2, 600);
    FieldScale fs = colormap_fit(ros, &ros->view, COLORMAP_LEVELS_DEFAULT, 1.0f);
    PlotScene sc = {.ls = ros, .runs = runs, .n_runs = 2, .surface = true,
                    .view = {.w = 900, .h = 700, .scale = 1.0},
                    .map = surface_map(&ros->view, &fs, false)};
    sc.camera = camera3d_default(&sc.map);
    Surface3dDraft d = {0};
    ASSERT(same_as_fresh(&sc, &d));
    long resets = d.resets, made = d.runs_made;

    /* Orbiting and new points: the kept points serve, and draw as fresh ones would. */
    for (int f = 0; f < 5; f++) {
        camera3d_orbit(&sc.camera, 4.0, 1.0);
        step_runs(runs, 2, 7);
        ASSERT(same_as_fresh(&sc, &d));
    }
    ASSERT(d.resets == resets && d.runs_made == made);

    /* A run restarted elsewhere (Run.gen) and stepped past the points taken. */
    ASSERT(run_restart(&runs[0], -1.5, 2.5));
    step_runs(runs, 1, 800);
    ASSERT(same_as_fresh(&sc, &d));
    ASSERT(d.runs_made == made + 1 && d.resets == resets);

    /* A run rewound (fewer points). */
    ASSERT(run_rewind(&runs[1], 100));
    ASSERT(same_as_fresh(&sc, &d));

    /* The runs replaced (the session's generation). */
    RunDesc mom = run_desc_default(OPTIM_MOMENTUM);
    mom.opt.lr = 0.0005;
    run_free(&runs[1]);
    ASSERT(run_init(&runs[1], ros, &mom, ros->start[0], ros->start[1], err, sizeof err));
    step_runs(runs + 1, 1, 900);
    sc.generation++;
    ASSERT(same_as_fresh(&sc, &d));
    ASSERT(d.resets == ++resets);

    /* Another map: the box moved, the linear height. */
    ViewBox home = ros->view;
    home.xmin -= 0.5;
    sc.map = surface_map(&home, &fs, false);
    ASSERT(same_as_fresh(&sc, &d));
    ASSERT(d.resets == ++resets);
    sc.map = surface_map(&home, &fs, true);
    ASSERT(same_as_fresh(&sc, &d));
    ASSERT(d.resets == ++resets);

    /* A zoom by an octave: points merged at half the distance. */
    camera3d_zoom(&sc.camera, 2.5);
    made = d.runs_made;
    ASSERT(same_as_fresh(&sc, &d));
    ASSERT(d.runs_made == made + 2);
    surface3d_draft_free(&d);
    run_free(&runs[0]);
    run_free(&runs[1]);
}

/* A typed function's parameter moves: the same landscape, other heights and lines of
 * sight. */
TEST(the_draft_follows_a_typed_functions_parameter)
{
    LandscapeTypedDesc td = {.text = "a*(y - x^2)^2 + (1 - x)^2"};
    char err[128];
    ASSERT(landscape_param_parse("a=100:1:200", &td.params[0], err, sizeof err));
    td.n_params = 1;
    ExprError xe;
    LandscapeTyped *t = landscape_typed_create(&td, &xe);
    ASSERT(t);
    const Landscape *ls = &t->ls;
    Run run;
    RunDesc adam = run_desc_default(OPTIM_ADAM);
    adam.opt.lr = 0.05;
    ASSERT(run_init(&run, ls, &adam, -1.5, 2.0, err, sizeof err));
    step_runs(&run, 1, 800);
    ViewBox box = {-2.0, 2.0, -1.0, 3.0};
    FieldScale fs = colormap_fit(ls, &box, COLORMAP_LEVELS_DEFAULT, 1.0f);
    PlotScene sc = {.ls = ls, .runs = &run, .n_runs = 1, .surface = true,
                    .view = {.w = 900, .h = 700, .scale = 1.0},
                    .map = surface_map(&box, &fs, false)};
    sc.camera = camera3d_default(&sc.map);
    sc.camera.pitch = 0.1f; /* low, across the valley's walls */
    /* From eight sides: each kept draft draws as a fresh one, before and after the change,
     * and from some side the change shows (a lower wall hides less of the path). */
    Surface3dDraft d[8];
    memset(d, 0, sizeof d);
    RecCanvas before[8], after[8];
    for (int k = 0; k < 8; k++) {
        sc.camera.yaw = (float)k * 0.785f;
        ASSERT(same_as_fresh(&sc, &d[k]));
        before[k] = (RecCanvas){{&REC_VT, 1.0f}, NULL, 0, 0};
        draw(&before[k], &sc, &d[k]);
    }
    td.params[0].value = 5.0;
    landscape_typed_set_values(t, &td);
    int shows = 0;
    for (int k = 0; k < 8; k++) {
        sc.camera.yaw = (float)k * 0.785f;
        long resets = d[k].resets;
        ASSERT(same_as_fresh(&sc, &d[k]));
        ASSERT(d[k].resets == resets + 1);
        after[k] = (RecCanvas){{&REC_VT, 1.0f}, NULL, 0, 0};
        draw(&after[k], &sc, &d[k]);
        shows += before[k].n != after[k].n ||
                 memcmp(before[k].rec, after[k].rec, sizeof *before[k].rec * before[k].n);
        free(before[k].rec);
        free(after[k].rec);
        surface3d_draft_free(&d[k]);
    }
    ASSERT(shows > 0);
    run_free(&run);
    landscape_typed_destroy(t);
}

/* The surface's colors: the map's fit with the plot's contour look (levels, line width, the
 * presenter's opacity), as the 2D field's scale has them. */
TEST(the_surface_scale_is_the_maps_fit_with_the_plots_look)
{
    const Landscape *ls = landscape_find("himmelblau");
    FieldScale fit = colormap_fit(ls, &ls->view, 11, 1.0f);
    PlotScene sc = {.ls = ls, .surface = true, .map = surface_map(&ls->view, &fit, false)};
    for (int k = 0; k < 4; k++) {
        sc.levels = k & 1 ? 7 : 0;
        sc.presenter = k & 2;
        FieldScale a = surface3d_scale(&sc, 1.5f), b = plot_field_scale(&sc, 1.5f, &ls->view);
        ASSERT(a.c == fit.c && a.s_lo == fit.s_lo && a.s_hi == fit.s_hi);
        ASSERT(a.levels == b.levels && a.line_px == b.line_px && a.line_alpha == b.line_alpha);
        ASSERT(a.levels == (k & 1 ? 7 : COLORMAP_LEVELS_DEFAULT));
    }
}

int main(void)
{
    RUN_TEST(the_draft_paths_are_drawn_as_fresh_after_every_change);
    RUN_TEST(the_draft_follows_a_typed_functions_parameter);
    RUN_TEST(the_surface_scale_is_the_maps_fit_with_the_plots_look);
    return TEST_MAIN("test_surface3d");
}
