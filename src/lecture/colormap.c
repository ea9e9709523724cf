/* colormap.c - the field's color arithmetic on the CPU: viridis, the symmetric-log scale fitted
 * to the view, bands and anti-aliased contour lines. shaders/field.frag mirrors colormap_shade
 * line by line; tests/test_render.c compares the two pixel by pixel.
 */
#include "lecture/colormap.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { VIRIDIS_DEGREE = 6, FIT_GRID = 48 };

/* Polynomial fit of matplotlib's viridis (Matt Zucker's coefficients): rgb(t) = sum c_k t^k. */
static const float VIRIDIS_COEF[VIRIDIS_DEGREE + 1][3] = {
    {0.2777273272234177f, 0.005407344544966578f, 0.3340998053353061f},
    {0.1050930431085774f, 1.404613529898575f, 1.384590162594685f},
    {-0.3308618287255563f, 0.214847559468213f, 0.09509516302823659f},
    {-4.634230498983486f, -5.799100973351585f, -19.33244095627987f},
    {6.228269936347081f, 14.17993336680509f, 56.69055260068105f},
    {4.776384997670288f, -13.74514537774601f, -65.35303263337234f},
    {-5.435455855934631f, 4.645852612178535f, 26.3124352495832f},
};

/* Contour lines fade out where neighbouring lines come closer than this many pixels. */
static const float LINE_FADE_PX = 3.0f, LINE_FADE_RANGE_PX = 5.0f;

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void colormap_viridis(float t, float rgb[3])
{
    t = clampf(t, 0.0f, 1.0f);
    for (int c = 0; c < 3; c++) {
        float v = VIRIDIS_COEF[VIRIDIS_DEGREE][c];
        for (int k = VIRIDIS_DEGREE - 1; k >= 0; k--)
            v = VIRIDIS_COEF[k][c] + t * v;
        rgb[c] = clampf(v, 0.0f, 1.0f);
    }
}

float colormap_symlog(float f, float c)
{
    float s = logf(1.0f + fabsf(f) / c);
    return f < 0.0f ? -s : s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int colormap_levels(int levels)
{
    return levels < COLORMAP_LEVELS_MIN ? COLORMAP_LEVELS_MIN
           : levels > COLORMAP_LEVELS_MAX ? COLORMAP_LEVELS_MAX
                                          : levels;
}

/* colormap_fit's samples, rows [j0, j1) of nx each into out[j * nx + i]: the FIT_GRID x
 * FIT_GRID grid over box, or the lattice of view where it is not NULL. */
typedef struct {
    const Landscape *ls;
    const ViewBox *box;
    const View *view;
    int nx;
    double *out;
    int j0, j1;
} FitRows;

static void *fit_rows(void *arg)
{
    const FitRows *r = arg;
    const ViewBox *box = r->box;
    for (int j = r->j0; j < r->j1; j++) {
        for (int i = 0; i < r->nx; i++) {
            double x, y;
            if (r->view) {
                view_lattice_point(r->view, i, j, &x, &y);
            } else {
                x = box->xmin + (box->xmax - box->xmin) * (i + 0.5) / FIT_GRID;
                y = box->ymin + (box->ymax - box->ymin) * (j + 0.5) / FIT_GRID;
            }
            /* the evaluation for pictures: a data landscape's 2,000 losses over its dataset
             * are most of a view change's cost on the CPU otherwise; a closed form gets
             * landscape_eval's bits */
            double err;
            r->out[j * r->nx + i] = landscape_eval_fast(r->ls, x, y, NULL, NULL, &err);
        }
    }
    return NULL;
}

/* rows [0, ny) of r: a data landscape's (milliseconds of losses over its dataset) in two
 * halves, one on a second thread (the values do not depend on which); a closed form's are
 * cheaper than a thread. */
static void fit_sample(FitRows r, int ny)
{
    FitRows half[2] = {r, r};
    half[0].j0 = 0;
    half[0].j1 = half[1].j0 = ny / 2;
    half[1].j1 = ny;
    pthread_t tid;
    bool threaded = r.ls->data && pthread_create(&tid, NULL, fit_rows, &half[1]) == 0;
    fit_rows(&half[0]);
    if (threaded)
        pthread_join(tid, NULL);
    else
        fit_rows(&half[1]);
}

FieldScale colormap_fit(const Landscape *ls, const ViewBox *box, int levels, float line_px)
{
    double grid[FIT_GRID * FIT_GRID];
    fit_sample((FitRows){ls, box, NULL, FIT_GRID, grid, 0, 0}, FIT_GRID);
    return colormap_fit_values(ls, box, grid, FIT_GRID * FIT_GRID, levels, line_px);
}

/* Whether a view's lattice has enough points inside it to fit a scale to: half the grid's
 * (a full-HD pane has 60 x 34, the window's beside its panel 48 x 32, its points as far
 * apart as the grid's there; a smaller pane takes the grid). */
static bool fit_lattice_enough(const View *v)
{
    int nx, ny;
    view_lattice_size(v, &nx, &ny);
    return (long)(nx - 1) * (long)(ny - 1) >= FIT_GRID * FIT_GRID / 2;
}

FieldScale colormap_fit_view(const Landscape *ls, const View *v, int levels, float line_px)
{
    ViewBox box = view_bounds(v);
    int nx, ny;
    view_lattice_size(v, &nx, &ny);
    /* only the points inside the view (all but the last column and row), in the order
     * colormap_fit_lattice takes them */
    double *inside = ls->data && fit_lattice_enough(v)
                         ? malloc(sizeof *inside * (size_t)(nx - 1) * (size_t)(ny - 1))
                         : NULL;
    if (!inside) /* a closed form, a small view, or out of memory */
        return colormap_fit(ls, &box, levels, line_px);
    fit_sample((FitRows){ls, &box, v, nx - 1, inside, 0, 0}, ny - 1);
    FieldScale fs =
        colormap_fit_values(ls, &box, inside, (nx - 1) * (ny - 1), levels, line_px);
    free(inside);
    return fs;
}

FieldScale colormap_fit_lattice(const Landscape *ls, const View *v, const double *lattice,
                                int levels, float line_px)
{
    ViewBox box = view_bounds(v);
    int nx, ny;
    view_lattice_size(v, &nx, &ny);
    /* the points inside the view: all but the last column and row */
    double *inside = fit_lattice_enough(v)
                         ? malloc(sizeof *inside * (size_t)(nx - 1) * (size_t)(ny - 1))
                         : NULL;
    if (!inside)
        return colormap_fit(ls, &box, levels, line_px);
    int n = 0;
    for (int b = 0; b + 1 < ny; b++)
        for (int a = 0; a + 1 < nx; a++)
            inside[n++] = lattice[b * nx + a];
    FieldScale fs = colormap_fit_values(ls, &box, inside, n, levels, line_px);
    free(inside);
    return fs;
}

FieldScale colormap_fit_values(const Landscape *ls, const ViewBox *box, const double *samples,
                               int n_samples, int levels, float line_px)
{
    enum { N = FIT_GRID * FIT_GRID };
    double vals[N + 64];
    double absv[N + 64];
    /* every stride-th sample, at most N of them */
    int stride = n_samples > N ? (n_samples + N - 1) / N : 1;
    int n = 0;
    for (int k = 0; k < n_samples; k += stride)
        if (isfinite(samples[k]) && fabs(samples[k]) < 1e30)
            vals[n++] = samples[k];
    /* The known critical points inside the view pin the extremes the samples may step over. */
    for (int k = 0; k < ls->n_crit && n < N + 64; k++) {
        const CriticalPoint *cp = &ls->crit[k];
        if (cp->x < box->xmin || cp->x > box->xmax || cp->y < box->ymin || cp->y > box->ymax)
            continue;
        double f = landscape_eval(ls, cp->x, cp->y, NULL, NULL);
        if (isfinite(f) && fabs(f) < 1e30)
            vals[n++] = f;
    }
    FieldScale fs = {
        .c = 1.0f, .s_lo = 0.0f, .s_hi = 1.0f, .levels = colormap_levels(levels),
        .line_px = line_px, .line_alpha = 0.5f,
    };
    if (n == 0)
        return fs;
    double m = 0.0;
    for (int k = 0; k < n; k++) {
        absv[k] = fabs(vals[k]);
        if (absv[k] > m)
            m = absv[k];
    }
    qsort(absv, (size_t)n, sizeof absv[0], cmp_double);
    double c = absv[(n - 1) / 50];
    if (c < 1e-4 * m)
        c = 1e-4 * m;
    if (!(c > 1e-30))
        c = 1.0;
    fs.c = (float)c;
    float lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < n; k++) {
        float s = colormap_symlog((float)vals[k], fs.c);
        lo = s < lo ? s : lo;
        hi = s > hi ? s : hi;
    }
    if (!(hi - lo > 1e-6f * (fabsf(lo) + fabsf(hi)) + 1e-6f)) {
        lo -= 0.5f;
        hi += 0.5f;
    }
    fs.s_lo = lo;
    fs.s_hi = hi;
    return fs;
}

float colormap_fwidth(const FieldScale *fs, double f, double gx, double gy, double px_world)
{
    /* dt/df = 1 / ((s_hi - s_lo) (c + |f|)); per pixel both axes move px_world. */
    double dtdf = 1.0 / (((double)fs->s_hi - (double)fs->s_lo) * ((double)fs->c + fabs(f)));
    return (float)(dtdf * (fabs(gx) + fabs(gy)) * px_world);
}

void colormap_shade(const FieldScale *fs, float f, float fw, float rgb[3])
{
    colormap_shade_t(fs, (colormap_symlog(f, fs->c) - fs->s_lo) / (fs->s_hi - fs->s_lo), fw,
                     rgb);
}

void colormap_shade_t(const FieldScale *fs, float t, float fw, float rgb[3])
{
    float n = (float)fs->levels;
    float band = floorf(clampf(t, 0.0f, 1.0f) * n);
    band = band > n - 1.0f ? n - 1.0f : band;
    float fill[3], lc[3];
    colormap_viridis((band + 0.5f) / n, fill);

    /* Distance in pixels to the nearest interior level, and a 1-px linear coverage ramp. */
    fw = fw > 1e-8f ? fw : 1e-8f;
    float u = t * n;
    float k = floorf(u + 0.5f);
    float dpx = fabsf(u - k) / (n * fw);
    float cov = clampf(0.5f * fs->line_px + 0.5f - dpx, 0.0f, 1.0f);
    float fade = clampf((1.0f / (n * fw) - LINE_FADE_PX) / LINE_FADE_RANGE_PX, 0.0f, 1.0f);
    if (k < 1.0f || k > n - 1.0f)
        cov = 0.0f;
    float a = fs->line_alpha * cov * fade;

    /* The line takes its level's color pushed toward white on the dark end, black on the
     * bright end, so it reads on every band. */
    colormap_viridis(k / n, lc);
    float lum = 0.2126f * lc[0] + 0.7152f * lc[1] + 0.0722f * lc[2];
    float target = lum < 0.45f ? 1.0f : 0.0f;
    for (int c = 0; c < 3; c++) {
        float line = lc[c] + (target - lc[c]) * 0.6f;
        rgb[c] = fill[c] + (line - fill[c]) * a;
    }
}

int colormap_glsl_constants(char *buf, size_t len)
{
    size_t used = 0;
    int total = 0;
    int w = snprintf(buf, len, "const float LINE_FADE_PX = %#.9g;\n"
                               "const float LINE_FADE_RANGE_PX = %#.9g;\n"
                               "const int HATCH_PX = %d;\n"
                               "const float HATCH_LIGHT = %d.0 / 255.0;\n"
                               "const float HATCH_DARK = %d.0 / 255.0;\n"
                               "const vec3 VIRIDIS_COEF[%d] = vec3[](\n",
                     (double)LINE_FADE_PX, (double)LINE_FADE_RANGE_PX, COLORMAP_HATCH_PX,
                     COLORMAP_HATCH_LIGHT, COLORMAP_HATCH_DARK, VIRIDIS_DEGREE + 1);
    for (int k = 0;; k++) {
        if (w < 0)
            return -1;
        total += w;
        used = (size_t)total < len ? (size_t)total : len;
        if (k > VIRIDIS_DEGREE)
            break;
        w = snprintf(buf + used, len - used, "    vec3(%#.9g, %#.9g, %#.9g)%s\n",
                     (double)VIRIDIS_COEF[k][0], (double)VIRIDIS_COEF[k][1],
                     (double)VIRIDIS_COEF[k][2], k < VIRIDIS_DEGREE ? "," : ");");
    }
    return total;
}
