/* plot.h - what one pane's plot shows (a PlotScene: the landscape, its view and the runs)
 * and the look that every backend draws it with: the field's contour scale, the runs'
 * colors and path widths, the critical-point markers. The figure composer describes each
 * pane with a PlotScene and asks the canvas to draw its base (canvas_plot: the field, the
 * critical points, the paths); the backends read these facts so the window, the PNG and the
 * GIF look the same. Display-free: libc, the core and the Canvas interface.
 */
#ifndef LOSSLENS_PLOT_H
#define LOSSLENS_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/canvas.h"
#include "figure/pathlod.h"
#include "landscape/landscape.h"
#include "lecture/colormap.h"
#include "lecture/scene.h"
#include "lecture/surface.h"
#include "lecture/view.h"
#include "run/run.h"
#include "ui/ui.h"
#include "ui/palette.h"

enum { PLOT_MAX_RUNS = 16, PLOT_PALETTE_SIZE = PALETTE_SIZE };

/* What to draw in one pane. The runs are drawn up to their current point count (run->n). */
typedef struct PlotScene {
    const Landscape *ls;
    View view;           /* resized to the pane's rectangle by whoever draws it */
    int levels;          /* contour bands; 0 = COLORMAP_LEVELS_DEFAULT */
    const Run *runs;     /* n_runs runs, colored by index from the palette */
    int n_runs;
    const bool *enabled; /* NULL: every run; else run i is drawn (and listed) when enabled[i] */
    const unsigned char *colors; /* run i's palette index (NULL: i) */
    unsigned generation; /* a change means the runs were replaced or rewound: redraw them */
    bool plain;          /* no axes, legend or labels */
    LegendMode legend;   /* how the legend shows (figure/legend.h) */
    bool interacting;    /* the view is moving: a backend may draw a cheaper field */
    bool show_status;    /* the play/pause pill with the key hints (the window) */
    bool playing;        /* for the status text */
    double speed;        /* steps per second, for the status text */
    long max_steps;      /* the runs' step budget, for the status text (0 = none) */
    long step;           /* the clock, for the status text (< 0: the longest run's step) */
    const CriticalPoint *crit; /* the critical points the critical overlay shows (NULL:
                          * none, or the overlay is off): the legend keeps off them as
                          * off ls's listed ones */
    int n_crit;
    bool gap;            /* the figure shows losses as L − lstar (scene key `loss = gap`,
                          * hud_gap_value), and the legend's losses say so */
    double lstar;        /* L*, the landscape's known minimum (analysis_known_minimum) */
    bool presenter;      /* for a projector: contour lines PLOT_PRESENTER_LINE_ALPHA times
                          * more opaque (at most 1), the legend's and status pill's panels at
                          * alpha PLOT_PRESENTER_PANEL_ALPHA, trajectories PLOT_PRESENTER_PATH
                          * times as wide (the canvas's scale already makes text and lines
                          * bigger) */
    const Run *cloud;    /* n_runs x cloud_k seeded copies of the runs (run i's copy c at
                          * [i * cloud_k + c]; an exact run's copies have no optimizer), drawn
                          * over the paths as the cloud (see plot_cloud_*), or NULL */
    int cloud_k;
    const struct BasinLayer *basins; /* the basins overlay's map (lecture/basinview.h) drawn
                          * over the field under the paths, or NULL */
    bool surface;        /* the surface in 3D instead of the contours (figure/surface3d.h):
                          * seen through camera, its box and height from map */
    Camera3D camera;
    SurfaceMap map;
} PlotScene;

#define PLOT_PRESENTER_LINE_ALPHA 1.6f
#define PLOT_PRESENTER_PATH 1.4f
enum { PLOT_PRESENTER_PANEL_ALPHA = 235 };
/* Contour lines are this many pixels wide at scale 1. */
#define PLOT_FIELD_LINE_PX 1.3f
/* Text in the plots: bright, and dimmed for secondary lines. */
static const Rgba PLOT_TEXT = {240, 240, 245, 255};
static const Rgba PLOT_TEXT_DIM = {190, 192, 205, 255};

/* Whether run i is drawn, and how many runs are (at most PLOT_MAX_RUNS). */
bool plot_run_enabled(const PlotScene *sc, int i);
int plot_n_runs(const PlotScene *sc);
/* The runs drawn, a bit each (bit i: run i; PLOT_MAX_RUNS <= 32). */
unsigned plot_runs_mask(const PlotScene *sc);

/* The palette index of run i of sc (sc->colors[i], or i). */
int plot_color_of(const PlotScene *sc, int i);

/* Color of palette index i (ui/palette.h's table), as 0..1 RGBA, and as 8-bit. */
void plot_run_color(int i, float rgba[4]);
Rgba plot_run_rgba(int i);

/* The field's colormap and contour scale for sc's view box at canvas scale `scale`
 * (presenter mode: bolder contour lines): colormap_fit over box (a data landscape's
 * colormap_fit_view of sc's view, whose bounds box is), then plot_field_look. */
FieldScale plot_field_scale(const PlotScene *sc, float scale, const ViewBox *box);
/* plot_field_scale of a data landscape from its values at sc's view's whole lattice
 * (colormap_fit_lattice), where the caller has them already (the smooth field's nodes): the
 * same scale, without evaluating them again. */
FieldScale plot_field_scale_lattice(const PlotScene *sc, float scale, const double *lattice);
/* fs (colormap_fit's) with sc's contour look at canvas scale `scale`: sc's levels, the line
 * width, and in presenter mode more opaque lines. No sampling of the landscape. */
FieldScale plot_field_look(const PlotScene *sc, float scale, FieldScale fs);

/* The trajectories' look at canvas scale `scale`: the colored core's radius and the dark
 * halo's width beyond it, in pixels. */
void plot_path_widths(const PlotScene *sc, float scale, float *core, float *halo);

/* ---- The cloud ----------------------------------------------------------------------
 * Every enabled run's seeded copies (PlotScene.cloud), each a thin translucent line in its
 * run's color at alpha PLOT_CLOUD_ALPHA, drawn over every run's path (tails included) in the
 * plot's base, each copy's line blended once as a whole (canvas_polyline: where it meets
 * itself the alpha does not double; where copies cross, it does, so the cloud is denser
 * where more copies went). A copy's line (its points in pixels of the pane): a point is kept
 * when it lies at least min_px from the last one kept (the first of a line always), and the
 * points kept are simplified as the paths are (figure/pathlod.h, to PATHLOD_PX): a stretch
 * of them within PATHLOD_PX of a straight line is one segment, ending at the last one kept
 * (a copy running straight adds no vertices, only moves its last); the copy's last point
 * always ends it (replacing the last one kept when closer than min_px, unless that one
 * starts the line); a point not finite or farther than 4 (w + h) from the pane ends the
 * line, and is not drawn. */
#define PLOT_CLOUD_ALPHA 0.3f

/* Run i's copy c (c < sc->cloud_k) when the cloud draws it, else NULL (no cloud, run i
 * disabled, or an exact run's copy). */
const Run *plot_cloud_copy(const PlotScene *sc, int i, int c);
/* The cloud's line at canvas scale `scale`: half its width, the thinning distance (pixels)
 * and run i's color with the cloud's alpha. */
void plot_cloud_style(const PlotScene *sc, float scale, int i, float *hw, float *min_px,
                      Rgba *col);

/* A copy's line read so far, for backends that draw it as it grows. Each vertex read is
 * final but the last of a line (the simplification's tail, which moves while the points
 * run straight); what the copy's last point changes is not read (plot_cloud_last_line). */
typedef struct {
    float *xy;  /* 2 n floats: the vertices kept, pixels of the pane; a NaN pair ends a line */
    long *at;   /* at[v]: the index of the point that made entry v (that started it) */
    int n, cap;
    int line;   /* the first entry of the last line (after the last break) */
    long seen;  /* points read: all but the copy's last */
    unsigned long gen; /* the copy's Run.gen when read */
    PathLod lod; /* the last line's simplification: its tail is the last entry */
} PlotCloudPath;

/* Zero is empty; plot_cloud_path_free frees and empties. */
void plot_cloud_path_free(PlotCloudPath *p);
/* Reads copy's points p->seen .. copy->n - 2 into p (sc->view sized to the pane). Call it
 * with a path emptied (memset 0 after plot_cloud_path_free) when the copy was rewound or
 * replaced (its gen changed, or fewer points than seen + 1). false when out of memory. */
bool plot_cloud_path_read(PlotCloudPath *p, const PlotScene *sc, const Run *copy,
                          float min_px);
/* Whether the segment ending at vertex v of p (v and v - 1 vertices of one line) is final:
 * every vertex its strip's ends depend on (v - 2 .. v + 1, canvas_gl_strip) is read and no
 * last point can change it; *key is then the index of the point that made it so (keys
 * grow with the points read: a segment made final by later points has a larger key). */
bool plot_cloud_segment_final(const PlotCloudPath *p, int v, long *key);
/* Whether a segment ends at entry v of p (v and v - 1 are vertices of one line); if so,
 * [*from, *to] are the entries canvas_gl_strip needs to draw it: the vertices of its line
 * from v - 2 to v + 1 that are read (v is segment *v - *from of them). */
bool plot_cloud_segment_span(const PlotCloudPath *p, int v, int *from, int *to);
/* The end of the copy's last line as drawn now, its last point applied: the segments
 * plot_cloud_segment_final does not hold yet, with the two vertices before them (their
 * context): writes the points (at most 5) into out, returns how many, and sets *first to
 * the first of those segments (segment k joins out[k - 1] and out[k]; nothing to draw when
 * *first >= the count). p holds the copy's points up to its last (plot_cloud_path_read). */
int plot_cloud_last_line(const PlotCloudPath *p, const PlotScene *sc, const Run *copy,
                         float min_px, float out[10], int *first);
/* The copy's whole line with its last point, as canvas_polyline takes it (NaN pairs break
 * it): a malloc'ed array of 2 *n floats (caller frees), NULL when out of memory or empty. */
float *plot_cloud_line(const PlotScene *sc, const Run *copy, float min_px, int *n);

/* The translucent panels' color (legend, status pill): more opaque in presenter mode. */
Rgba plot_panel_color(const PlotScene *sc);

/* The landscape's critical points in view (sc->view sized to the frame c was begun on): a
 * plus at minima, an x at saddles, a dot elsewhere. */
/* The basins overlay's cells (sc->basins, when set) over the field, translucent
 * (BASINVIEW_ALPHA), each cell's edges rounded to whole pixels so they tile without seams.
 * Every backend calls it after the field and before the critical points and paths. */
void plot_basins(Canvas *c, const PlotScene *sc);
/* Its legend in box (target pixels; legend_basins_box places it and picks the form): the
 * hues of up to 6 minima with their coordinates (else how many), black, grey, shading; the
 * compact form (small panes) has three short rows: how many minima, diverged, not
 * converged. */
void plot_basins_legend(Canvas *c, const PlotScene *sc, UiRect box, bool compact);
/* Its size in that form; false without basins. */
bool plot_basins_legend_size(Canvas *c, const PlotScene *sc, bool compact, float *w, float *h);
/* The axis strips drawn over a plot's left and bottom edges at c's scale, in pixels. */
void plot_axis_strips(Canvas *c, int *left, int *bottom);

void plot_crit_markers(Canvas *c, const PlotScene *sc);
/* One of those markers, for a critical point of that kind at pixel (x, y). */
void plot_crit_marker(Canvas *c, CritKind kind, float x, float y);

/* Draws the pane's base through c: sc->view is resized to rect (whole pixels) and the
 * backend draws the field, the critical points, every enabled run's path and the cloud (see
 * canvas_plot). false with a message when the backend cannot (a shader that does not build,
 * out of memory). */
bool plot_draw_base(Canvas *c, int slot, const PlotScene *sc, UiRect rect, char *err,
                    size_t errlen);

/* A UiRect in whole pixels (at least 1 x 1). */
void plot_pixel_rect(UiRect r, int *x, int *y, int *w, int *h);

#endif
