/* surface.c - the 3D surface's arithmetic on the CPU: the box map and height scaling, the
 * orbit camera, projection and picking, the mesh and the shading of one point, which
 * shaders/surface.frag mirrors (tests/test_surface.c checks the math, tests/test_render.c
 * compares the GL and CPU pictures).
 */
#include "lecture/surface.h"

#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

/* The light (box space, toward the light; normalized where used) and the shading weights. */
static const float SURFACE_LIGHT[3] = {0.35f, 0.45f, 0.82f};
static const float SURFACE_AMBIENT = 0.5f, SURFACE_DIFFUSE = 0.6f, SURFACE_SPECULAR = 0.15f;
static const float SURFACE_SHININESS = 40.0f, SURFACE_FLOOR_DIM = 0.45f;
static const float SURFACE_NEAR = 0.05f, SURFACE_FAR = 60.0f;

static double surface_unsymlog(double s, double c)
{
    double f = c * expm1(fabs(s));
    return s < 0.0 ? -f : f;
}

SurfaceMap surface_map(const ViewBox *box, const FieldScale *fs, bool linear)
{
    double w = box->xmax - box->xmin, h = box->ymax - box->ymin;
    double half = 0.5 * (w > h ? w : h);
    if (!(half > 0.0))
        half = 1.0;
    SurfaceMap m = {
        .cx = 0.5 * (box->xmin + box->xmax),
        .cy = 0.5 * (box->ymin + box->ymax),
        .half = half,
        .xr = 0.5 * w / half,
        .yr = 0.5 * h / half,
        .fs = *fs,
        .linear = linear,
        .f_lo = surface_unsymlog(fs->s_lo, fs->c),
        .f_hi = surface_unsymlog(fs->s_hi, fs->c),
    };
    if (!(m.f_hi > m.f_lo))
        m.f_hi = m.f_lo + 1.0;
    return m;
}

double surface_t(const SurfaceMap *m, double f)
{
    double s = log1p(fabs(f) / (double)m->fs.c);
    s = f < 0.0 ? -s : s;
    return (s - (double)m->fs.s_lo) / ((double)m->fs.s_hi - (double)m->fs.s_lo);
}

double surface_z(const SurfaceMap *m, double f)
{
    if (!isfinite(f))
        return (double)NAN;
    double t = m->linear ? (f - m->f_lo) / (m->f_hi - m->f_lo) : surface_t(m, f);
    double z = SURFACE_HEIGHT * t;
    return z < SURFACE_FLOOR ? SURFACE_FLOOR : z > 2.0 * SURFACE_HEIGHT ? 2.0 * SURFACE_HEIGHT : z;
}

double surface_dz_df(const SurfaceMap *m, double f)
{
    if (m->linear)
        return SURFACE_HEIGHT / (m->f_hi - m->f_lo);
    return SURFACE_HEIGHT / (((double)m->fs.s_hi - (double)m->fs.s_lo) * ((double)m->fs.c + fabs(f)));
}

void surface_to_box(const SurfaceMap *m, double x, double y, double f, float out[3])
{
    out[0] = (float)((x - m->cx) / m->half);
    out[1] = (float)((y - m->cy) / m->half);
    out[2] = (float)surface_z(m, f);
}

void surface_from_box(const SurfaceMap *m, double bx, double by, double *x, double *y)
{
    *x = m->cx + bx * m->half;
    *y = m->cy + by * m->half;
}

void surface_normal(const SurfaceMap *m, double f, double gx, double gy, float n[3])
{
    double k = surface_dz_df(m, f) * m->half;
    double nx = -k * gx, ny = -k * gy, len = sqrt(nx * nx + ny * ny + 1.0);
    if (!isfinite(len)) {
        n[0] = n[1] = 0.0f;
        n[2] = 1.0f;
        return;
    }
    n[0] = (float)(nx / len);
    n[1] = (float)(ny / len);
    n[2] = (float)(1.0 / len);
}

Camera3D camera3d_default(const SurfaceMap *m)
{
    float r = (float)sqrt(m->xr * m->xr + m->yr * m->yr);
    return (Camera3D){
        .yaw = -1.0f,   /* about -57 degrees: from the front right */
        .pitch = 0.55f, /* about 31 degrees above the horizon */
        .dist = 3.1f * r + 0.4f,
        .fov = 0.62f,
        .target = {0.0f, 0.0f, (float)(0.2 * SURFACE_HEIGHT)},
        .xr = (float)m->xr,
        .yr = (float)m->yr,
        .dist0 = 3.1f * r + 0.4f,
    };
}

void camera3d_eye(const Camera3D *c, vec3 eye)
{
    float cp = cosf(c->pitch);
    eye[0] = c->target[0] + c->dist * cp * cosf(c->yaw);
    eye[1] = c->target[1] + c->dist * cp * sinf(c->yaw);
    eye[2] = c->target[2] + c->dist * sinf(c->pitch);
}

/* The vertical field of view on a w x h viewport: c->fov, widened on viewports narrower
 * than SURFACE_WIDE_ASPECT so that they see as far to the sides as a wide one. */
static float camera3d_fovy(const Camera3D *c, int w, int h)
{
    const float SURFACE_WIDE_ASPECT = 1.6f;
    float aspect = (float)(w > 0 ? w : 1) / (float)(h > 0 ? h : 1);
    if (aspect >= SURFACE_WIDE_ASPECT)
        return c->fov;
    return 2.0f * atanf(tanf(0.5f * c->fov) * SURFACE_WIDE_ASPECT / aspect);
}

/* glm_perspective x glm_lookat, unframed. */
static void camera3d_raw(const Camera3D *c, int w, int h, mat4 dest)
{
    mat4 proj, look;
    vec3 eye, center = {c->target[0], c->target[1], c->target[2]}, up = {0.0f, 0.0f, 1.0f};
    camera3d_eye(c, eye);
    glm_perspective(camera3d_fovy(c, w, h), (float)(w > 0 ? w : 1) / (float)(h > 0 ? h : 1),
                    SURFACE_NEAR, SURFACE_FAR, proj);
    glm_lookat(eye, center, up, look);
    glm_mat4_mul(proj, look, dest);
}

/* The box's screen bounds (NDC, y up) seen from c's angles at the default distance and
 * target; false when a corner is behind the eye. */
static bool camera3d_box_ndc(const Camera3D *c, int w, int h, float lo[2], float hi[2])
{
    Camera3D ref = *c;
    ref.dist = c->dist0;
    ref.target[0] = ref.target[1] = 0.0f;
    ref.target[2] = (float)(0.2 * SURFACE_HEIGHT);
    mat4 m;
    camera3d_raw(&ref, w, h, m);
    lo[0] = lo[1] = INFINITY;
    hi[0] = hi[1] = -INFINITY;
    for (int k = 0; k < 8; k++) {
        vec4 p = {k & 1 ? c->xr : -c->xr, k & 2 ? c->yr : -c->yr,
                  k & 4 ? (float)SURFACE_HEIGHT : (float)SURFACE_FLOOR, 1.0f}, q;
        glm_mat4_mulv(m, p, q);
        if (!(q[3] > 1e-6f))
            return false;
        for (int i = 0; i < 2; i++) {
            lo[i] = fminf(lo[i], q[i] / q[3]);
            hi[i] = fmaxf(hi[i], q[i] / q[3]);
        }
    }
    return hi[0] > lo[0] && hi[1] > lo[1];
}

void camera3d_frame_rect(const Camera3D *c, int w, int h, float r[4])
{
    float fw = (float)(w > 0 ? w : 1), fh = (float)(h > 0 ? h : 1);
    float side = fmaxf(0.08f * fw, 40.0f), bottom = fmaxf(0.09f * fh, 32.0f);
    float top = fmaxf(0.04f * fh, 20.0f);
    /* A pane too small for the margins keeps at least its middle half. */
    side = fminf(side, 0.25f * fw);
    if (top + bottom > 0.5f * fh) {
        float k = 0.5f * fh / (top + bottom);
        top *= k;
        bottom *= k;
    }
    r[0] = side;
    r[1] = top;
    r[2] = fw - side;
    r[3] = fh - bottom;
    if (!(c->clear[2] > c->clear[0] && c->clear[3] > c->clear[1]))
        return;
    /* The clear rectangle grown outward to sixteenths of the viewport: a legend whose numbers
     * change its width by a few pixels every frame leaves the framing (and the surface's
     * cached picture) alone. */
    float gx = fw / 16.0f, gy = fh / 16.0f;
    float cl[4] = {floorf(c->clear[0] / gx) * gx, floorf(c->clear[1] / gy) * gy,
                   ceilf(c->clear[2] / gx) * gx, ceilf(c->clear[3] / gy) * gy};
    if (cl[0] >= r[2] || cl[2] <= r[0] || cl[1] >= r[3] || cl[3] <= r[1])
        return;
    /* Below, above, right of and left of the clear rectangle, with the margins from it. */
    float cand[4][4] = {
        {r[0], fmaxf(r[1], cl[3] + top), r[2], r[3]},
        {r[0], r[1], r[2], fminf(r[3], cl[1] - bottom)},
        {fmaxf(r[0], cl[2] + side), r[1], r[2], r[3]},
        {r[0], r[1], fminf(r[2], cl[0] - side), r[3]},
    };
    float lo[2], hi[2];
    bool box = c->xr > 0.0f && c->yr > 0.0f && c->dist0 > 0.0f &&
               camera3d_box_ndc(c, w, h, lo, hi);
    float best = 0.0f;
    int pick = -1;
    for (int k = 0; k < 4; k++) {
        float cw = cand[k][2] - cand[k][0], ch = cand[k][3] - cand[k][1];
        if (cw < 0.25f * (r[2] - r[0]) || ch < 0.25f * (r[3] - r[1]))
            continue;
        /* How large the box shows there (NDC spans are 2 across the viewport), else the
         * area. */
        float size = box ? fminf(2.0f * cw / fw / (hi[0] - lo[0]),
                                 2.0f * ch / fh / (hi[1] - lo[1]))
                         : cw * ch;
        if (size > best) {
            best = size;
            pick = k;
        }
    }
    if (pick >= 0)
        memcpy(r, cand[pick], sizeof cand[pick]);
}

/* The framing of camera3d_matrix: clip x' = k x + sh[0] w, y' = k y + sh[1] w; false (k = 1,
 * no shift) for a camera without one. */
static bool camera3d_fit(const Camera3D *c, int w, int h, float *kk, float sh[2])
{
    *kk = 1.0f;
    sh[0] = sh[1] = 0.0f;
    float lo[2], hi[2];
    if (!(c->xr > 0.0f && c->yr > 0.0f && c->dist0 > 0.0f) ||
        !camera3d_box_ndc(c, w, h, lo, hi))
        return false;
    float r[4];
    camera3d_frame_rect(c, w, h, r);
    float fw = (float)(w > 0 ? w : 1), fh = (float)(h > 0 ? h : 1);
    /* The target rectangle in NDC (y up). */
    float tlo[2] = {2.0f * r[0] / fw - 1.0f, 1.0f - 2.0f * r[3] / fh};
    float thi[2] = {2.0f * r[2] / fw - 1.0f, 1.0f - 2.0f * r[1] / fh};
    if (!(thi[0] > tlo[0] && thi[1] > tlo[1]))
        return false;
    float k = fminf((thi[0] - tlo[0]) / (hi[0] - lo[0]), (thi[1] - tlo[1]) / (hi[1] - lo[1]));
    for (int i = 0; i < 2; i++)
        sh[i] = 0.5f * (tlo[i] + thi[i]) - k * 0.5f * (lo[i] + hi[i]);
    *kk = k;
    return true;
}

void camera3d_matrix(const Camera3D *c, int w, int h, mat4 dest)
{
    camera3d_raw(c, w, h, dest);
    float k, sh[2];
    if (!camera3d_fit(c, w, h, &k, sh))
        return;
    /* x' = k x + sh w, y' = k y + sh w in clip space (cglm: dest[col][row]). */
    for (int col = 0; col < 4; col++) {
        dest[col][0] = k * dest[col][0] + sh[0] * dest[col][3];
        dest[col][1] = k * dest[col][1] + sh[1] * dest[col][3];
    }
}

bool camera3d_project(mat4 mvp, int w, int h, const float p[3], double *sx, double *sy,
                      double *depth)
{
    vec4 in = {p[0], p[1], p[2], 1.0f}, out;
    glm_mat4_mulv(mvp, in, out);
    if (!(out[3] > 1e-6f))
        return false;
    double x = out[0] / out[3], y = out[1] / out[3], z = out[2] / out[3];
    *sx = 0.5 * (x + 1.0) * w;
    *sy = 0.5 * (1.0 - y) * h;
    *depth = 0.5 * (z + 1.0);
    return z >= -1.0 && z <= 1.0;
}

void camera3d_ray(const Camera3D *c, int w, int h, double sx, double sy, float org[3],
                  float dir[3])
{
    mat4 mvp, inv;
    camera3d_matrix(c, w, h, mvp);
    glm_mat4_inv(mvp, inv);
    float nx = (float)(2.0 * sx / w - 1.0), ny = (float)(1.0 - 2.0 * sy / h);
    vec4 a = {nx, ny, -1.0f, 1.0f}, b = {nx, ny, 1.0f, 1.0f}, pa, pb;
    glm_mat4_mulv(inv, a, pa);
    glm_mat4_mulv(inv, b, pb);
    double d[3], len = 0.0;
    for (int k = 0; k < 3; k++) {
        org[k] = pa[k] / pa[3];
        d[k] = (double)(pb[k] / pb[3]) - (double)org[k];
        len += d[k] * d[k];
    }
    len = sqrt(len);
    for (int k = 0; k < 3; k++)
        dir[k] = (float)(d[k] / len);
}

void camera3d_orbit(Camera3D *c, double dx, double dy)
{
    const float PITCH_MIN = 0.087f, PITCH_MAX = 1.553f; /* 5 and 89 degrees */
    c->yaw -= (float)(dx * 0.008);
    c->pitch += (float)(dy * 0.008);
    c->pitch = c->pitch < PITCH_MIN ? PITCH_MIN : c->pitch > PITCH_MAX ? PITCH_MAX : c->pitch;
    c->yaw = fmodf(c->yaw, 6.2831853f);
}

void camera3d_zoom(Camera3D *c, double factor)
{
    if (!(factor > 0.0))
        return;
    c->dist = (float)((double)c->dist / factor);
    c->dist = c->dist < 0.5f ? 0.5f : c->dist > 20.0f ? 20.0f : c->dist;
}

void camera3d_pan(Camera3D *c, int w, int h, double dx, double dy)
{
    /* Box units per pixel at the target's distance. */
    float fit, sh[2];
    camera3d_fit(c, w, h, &fit, sh);
    float k = 2.0f * c->dist * tanf(0.5f * camera3d_fovy(c, w, h)) / (float)(h > 0 ? h : 1) /
              fit;
    float right[3] = {-sinf(c->yaw), cosf(c->yaw), 0.0f};
    /* The screen's up at the target: the view direction's part orthogonal to right. */
    float sp = sinf(c->pitch), cp = cosf(c->pitch);
    float up[3] = {-sp * cosf(c->yaw), -sp * sinf(c->yaw), cp};
    for (int i = 0; i < 3; i++)
        c->target[i] += k * (float)(-dx * (double)right[i] + dy * (double)up[i]);
}

/* Height of the surface over box point (bx, by) minus pz: > 0 below the surface. */
static double surface_gap(const SurfaceMap *m, const Landscape *ls, const float p[3])
{
    double x, y;
    surface_from_box(m, p[0], p[1], &x, &y);
    return surface_z(m, landscape_eval(ls, x, y, NULL, NULL)) - (double)p[2];
}

static bool surface_inside(const SurfaceMap *m, const float p[3])
{
    return fabsf(p[0]) <= (float)m->xr && fabsf(p[1]) <= (float)m->yr;
}

bool surface_pick(const SurfaceMap *m, const Landscape *ls, const Camera3D *c, int w, int h,
                  double sx, double sy, double *x, double *y)
{
    enum { STEPS = 1200, BISECT = 40 };
    float org[3], dir[3];
    camera3d_ray(c, w, h, sx, sy, org, dir);
    double len = (double)c->dist + 6.0, step = len / STEPS;
    double prev_s = -1.0, prev_g = NAN;
    for (int i = 0; i <= STEPS; i++) {
        double s = i * step;
        float p[3] = {org[0] + (float)s * dir[0], org[1] + (float)s * dir[1],
                      org[2] + (float)s * dir[2]};
        double g = surface_inside(m, p) ? surface_gap(m, ls, p) : (double)NAN;
        if (isfinite(g) && g >= 0.0 && isfinite(prev_g) && prev_g < 0.0) {
            double lo = prev_s, hi = s; /* above at lo, on or below at hi */
            for (int k = 0; k < BISECT && hi - lo > 1e-7; k++) {
                double mid = 0.5 * (lo + hi);
                float q[3] = {org[0] + (float)mid * dir[0], org[1] + (float)mid * dir[1],
                              org[2] + (float)mid * dir[2]};
                if (surface_gap(m, ls, q) >= 0.0)
                    hi = mid;
                else
                    lo = mid;
            }
            surface_from_box(m, (double)org[0] + hi * (double)dir[0],
                             (double)org[1] + hi * (double)dir[1], x, y);
            return true;
        }
        prev_g = g;
        prev_s = s;
    }
    return false;
}

/* The height of the surface over box (bx, by), for the line-of-sight march. */
typedef double (*SurfaceHeightFn)(const void *ctx, const SurfaceMap *m, double bx, double by);

/* Whether the surface (height) hides box point p from eye: somewhere on the line of sight
 * (marched at 64 samples per box unit, from 4 SURFACE_LIFT off p, until it leaves the box or
 * rises above ceiling) it rises above it by more than 0.002 box units. */
static bool surface_march(const SurfaceMap *m, SurfaceHeightFn height, const void *ctx,
                          const vec3 eye, const float p[3], double ceiling)
{
    enum { SAMPLES_PER_UNIT = 64 };
    /* Not at their own foot (a steep wall under a point lifted SURFACE_LIFT above it), and
     * by more than a rounding's worth. */
    const double skip = 4.0 * SURFACE_LIFT, margin = 0.002;
    double d[3] = {(double)eye[0] - (double)p[0], (double)eye[1] - (double)p[1],
                   (double)eye[2] - (double)p[2]};
    double len = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (!(len > skip))
        return false;
    int n = (int)ceil(len * SAMPLES_PER_UNIT);
    for (int i = 0; i <= n; i++) {
        double s = skip + (len - skip) * i / n;
        float q[3] = {p[0] + (float)(s * d[0] / len), p[1] + (float)(s * d[1] / len),
                      p[2] + (float)(s * d[2] / len)};
        if (!surface_inside(m, q) || (double)q[2] > ceiling)
            return false; /* out of the box, or above anything the surface reaches */
        if (height(ctx, m, q[0], q[1]) - (double)q[2] > margin)
            return true;
    }
    return false;
}

static double surface_height_exact(const void *ctx, const SurfaceMap *m, double bx, double by)
{
    double x, y;
    surface_from_box(m, bx, by, &x, &y);
    return surface_z(m, landscape_eval(ctx, x, y, NULL, NULL));
}

bool surface_occluded(const SurfaceMap *m, const Landscape *ls, const Camera3D *c,
                      const float p[3])
{
    vec3 eye;
    camera3d_eye(c, eye);
    return surface_march(m, surface_height_exact, ls, eye, p, 2.0 * SURFACE_HEIGHT);
}

bool surface_heights_build(SurfaceHeights *h, const Landscape *ls, const SurfaceMap *m, int n)
{
    *h = (SurfaceHeights){0};
    n = n < 2 ? 2 : n;
    float *z = malloc(sizeof *z * (size_t)n * (size_t)n);
    if (!z)
        return false;
    float top = (float)SURFACE_FLOOR;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
            /* The mesh's vertex (surface_mesh_build's arithmetic). */
            double bx = m->xr * (2.0 * i / (n - 1) - 1.0), by = m->yr * (2.0 * j / (n - 1) - 1.0);
            double x, y;
            surface_from_box(m, bx, by, &x, &y);
            float v = (float)surface_z(m, landscape_eval(ls, x, y, NULL, NULL));
            z[(size_t)j * (size_t)n + (size_t)i] = v;
            top = v > top ? v : top;
        }
    }
    *h = (SurfaceHeights){n, z, top};
    return true;
}

void surface_heights_free(SurfaceHeights *h)
{
    free(h->z);
    *h = (SurfaceHeights){0};
}

/* The height of h's mesh over box (bx, by): the cell's two triangles (a b d, a d c, as
 * surface_mesh_build splits it) interpolated linearly; NaN where a corner is undefined. */
static double surface_height_mesh(const void *ctx, const SurfaceMap *m, double bx, double by)
{
    const SurfaceHeights *h = ctx;
    double u = (bx / m->xr + 1.0) * 0.5 * (h->n - 1), v = (by / m->yr + 1.0) * 0.5 * (h->n - 1);
    int i = (int)floor(u), j = (int)floor(v);
    i = i < 0 ? 0 : i > h->n - 2 ? h->n - 2 : i;
    j = j < 0 ? 0 : j > h->n - 2 ? h->n - 2 : j;
    double fx = u - i, fy = v - j;
    const float *a = h->z + (size_t)j * (size_t)h->n + (size_t)i, *c = a + h->n;
    double za = a[0], zb = a[1], zc = c[0], zd = c[1];
    return fx >= fy ? za + fx * (zb - za) + fy * (zd - zb) : za + fy * (zc - za) + fx * (zd - zc);
}

bool surface_heights_occluded(const SurfaceHeights *h, const SurfaceMap *m, const vec3 eye,
                              const float p[3])
{
    /* Rising toward the eye, nothing above the highest vertex can be hidden. */
    double ceiling = eye[2] >= p[2] ? (double)h->top : 2.0 * SURFACE_HEIGHT;
    return surface_march(m, surface_height_mesh, h, eye, p, ceiling);
}

bool surface_mesh_build(SurfaceMesh *mesh, const Landscape *ls, const SurfaceMap *m, int n)
{
    *mesh = (SurfaceMesh){0};
    n = n < 2 ? 2 : n;
    size_t nv = (size_t)n * (size_t)n;
    float *v = malloc(sizeof *v * SURFACE_VERTEX_FLOATS * nv);
    unsigned *idx = malloc(sizeof *idx * 6 * (size_t)(n - 1) * (size_t)(n - 1));
    if (!v || !idx) {
        free(v);
        free(idx);
        return false;
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
            float *o = v + SURFACE_VERTEX_FLOATS * ((size_t)j * n + i);
            double bx = m->xr * (2.0 * i / (n - 1) - 1.0), by = m->yr * (2.0 * j / (n - 1) - 1.0);
            double x, y, g[2] = {0.0, 0.0};
            surface_from_box(m, bx, by, &x, &y);
            double f = landscape_eval(ls, x, y, g, NULL);
            o[0] = (float)bx;
            o[1] = (float)by;
            o[2] = (float)surface_z(m, f);
            surface_normal(m, f, g[0], g[1], o + 3);
            o[6] = isfinite(f) ? (float)surface_t(m, f) : NAN;
        }
    }
    int k = 0;
    for (int j = 0; j + 1 < n; j++) {
        for (int i = 0; i + 1 < n; i++) {
            unsigned a = (unsigned)(j * n + i), b = a + 1, c = a + (unsigned)n, d = c + 1;
            if (!isfinite(v[SURFACE_VERTEX_FLOATS * a + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * b + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * c + 2]) ||
                !isfinite(v[SURFACE_VERTEX_FLOATS * d + 2]))
                continue;
            const unsigned tri[6] = {a, b, d, a, d, c};
            for (int q = 0; q < 6; q++)
                idx[k++] = tri[q];
        }
    }
    *mesh = (SurfaceMesh){n, v, idx, k};
    return true;
}

void surface_mesh_free(SurfaceMesh *mesh)
{
    free(mesh->v);
    free(mesh->idx);
    *mesh = (SurfaceMesh){0};
}

void surface_shade(const FieldScale *fs, float t, float fw, const float nrm[3],
                   const float view[3], bool floor, float rgb[3])
{
    float base[3];
    colormap_shade_t(fs, t, fw, base);
    if (floor) {
        for (int c = 0; c < 3; c++)
            rgb[c] = base[c] * SURFACE_FLOOR_DIM;
        return;
    }
    float l[3], ll = sqrtf(SURFACE_LIGHT[0] * SURFACE_LIGHT[0] +
                           SURFACE_LIGHT[1] * SURFACE_LIGHT[1] +
                           SURFACE_LIGHT[2] * SURFACE_LIGHT[2]);
    float n[3] = {nrm[0], nrm[1], nrm[2]};
    /* Seen from below, the underside is lit as its own face. */
    if (n[0] * view[0] + n[1] * view[1] + n[2] * view[2] < 0.0f)
        for (int c = 0; c < 3; c++)
            n[c] = -n[c];
    float hv[3], hl = 0.0f;
    for (int c = 0; c < 3; c++) {
        l[c] = SURFACE_LIGHT[c] / ll;
        hv[c] = l[c] + view[c];
        hl += hv[c] * hv[c];
    }
    hl = sqrtf(hl > 1e-12f ? hl : 1e-12f);
    float diff = n[0] * l[0] + n[1] * l[1] + n[2] * l[2];
    float nh = (n[0] * hv[0] + n[1] * hv[1] + n[2] * hv[2]) / hl;
    diff = diff > 0.0f ? diff : 0.0f;
    float spec = SURFACE_SPECULAR * powf(nh > 0.0f ? nh : 0.0f, SURFACE_SHININESS);
    for (int c = 0; c < 3; c++) {
        float v = base[c] * (SURFACE_AMBIENT + SURFACE_DIFFUSE * diff) + spec;
        rgb[c] = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
    }
}

int surface_glsl_constants(char *buf, size_t len)
{
    return snprintf(buf, len,
                    "const vec3 SURFACE_LIGHT = vec3(%#.9g, %#.9g, %#.9g);\n"
                    "const float SURFACE_AMBIENT = %#.9g;\n"
                    "const float SURFACE_DIFFUSE = %#.9g;\n"
                    "const float SURFACE_SPECULAR = %#.9g;\n"
                    "const float SURFACE_SHININESS = %#.9g;\n"
                    "const float SURFACE_FLOOR_DIM = %#.9g;\n"
                    "const float SURFACE_FLOOR = %#.9g;\n",
                    (double)SURFACE_LIGHT[0], (double)SURFACE_LIGHT[1],
                    (double)SURFACE_LIGHT[2], (double)SURFACE_AMBIENT,
                    (double)SURFACE_DIFFUSE, (double)SURFACE_SPECULAR,
                    (double)SURFACE_SHININESS, (double)SURFACE_FLOOR_DIM,
                    (double)SURFACE_FLOOR);
}
