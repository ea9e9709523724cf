/* soft_surface.c - the 3D surface on the CPU canvas, for the exports without a display: the
 * mesh of lecture/surface.h projected through the same camera as the GL picture and filled
 * triangle by triangle with a depth buffer (the floor with the projected contours, then the
 * surface), each pixel shaded by surface_shade, the C twin of shaders/surface.frag.
 */
#include "render/soft.h"

#include <math.h>
#include <stdlib.h>

#include "figure/surface3d.h"

/* A projected vertex: pixel, depth, and what is interpolated across a triangle. */
typedef struct {
    float x, y, z;
    bool ok;
} SoftVert;

/* Fills triangle (a, b, c) of the mesh, vertices projected in pv (one set per plane). */
static void soft_surface_tri(SoftCanvas *cv, int ox, int oy, int w, int h, float *zbuf,
                             const SoftVert *pv, const float *mv, const unsigned *tri,
                             const FieldScale *fs, const float eye[3], bool floor)
{
    const SoftVert *v[3] = {&pv[tri[0]], &pv[tri[1]], &pv[tri[2]]};
    if (!v[0]->ok || !v[1]->ok || !v[2]->ok)
        return;
    float area = (v[1]->x - v[0]->x) * (v[2]->y - v[0]->y) -
                 (v[2]->x - v[0]->x) * (v[1]->y - v[0]->y);
    if (fabsf(area) < 1e-12f)
        return;
    float xmin = fminf(v[0]->x, fminf(v[1]->x, v[2]->x));
    float xmax = fmaxf(v[0]->x, fmaxf(v[1]->x, v[2]->x));
    float ymin = fminf(v[0]->y, fminf(v[1]->y, v[2]->y));
    float ymax = fmaxf(v[0]->y, fmaxf(v[1]->y, v[2]->y));
    int i0 = (int)floorf(xmin - 0.5f) + 1, i1 = (int)ceilf(xmax - 0.5f) - 1;
    int j0 = (int)floorf(ymin - 0.5f) + 1, j1 = (int)ceilf(ymax - 0.5f) - 1;
    i0 = i0 < 0 ? 0 : i0;
    j0 = j0 < 0 ? 0 : j0;
    i1 = i1 > w - 1 ? w - 1 : i1;
    j1 = j1 > h - 1 ? h - 1 : j1;
    /* Allow pixel centres exactly on an edge (and a hair beyond, against cracks). */
    if (i0 > i1 || j0 > j1)
        return;
    const float *a[3];
    for (int k = 0; k < 3; k++)
        a[k] = mv + SURFACE_VERTEX_FLOATS * tri[k];
    /* t over the screen: its gradient gives the contour lines' width, as fwidth(t). */
    float inv = 1.0f / area;
    float dtdx = ((a[1][6] - a[0][6]) * (v[2]->y - v[0]->y) -
                  (a[2][6] - a[0][6]) * (v[1]->y - v[0]->y)) * inv;
    float dtdy = ((a[2][6] - a[0][6]) * (v[1]->x - v[0]->x) -
                  (a[1][6] - a[0][6]) * (v[2]->x - v[0]->x)) * inv;
    float fw = fabsf(dtdx) + fabsf(dtdy);
    const float eps = -1e-5f * fabsf(area);
    for (int j = j0; j <= j1; j++) {
        float py = (float)j + 0.5f;
        for (int i = i0; i <= i1; i++) {
            float px = (float)i + 0.5f;
            float w0 = (v[1]->x - px) * (v[2]->y - py) - (v[2]->x - px) * (v[1]->y - py);
            float w1 = (v[2]->x - px) * (v[0]->y - py) - (v[0]->x - px) * (v[2]->y - py);
            float w2 = (v[0]->x - px) * (v[1]->y - py) - (v[1]->x - px) * (v[0]->y - py);
            if (area < 0.0f) {
                w0 = -w0;
                w1 = -w1;
                w2 = -w2;
            }
            if (w0 < eps || w1 < eps || w2 < eps)
                continue;
            float b0 = w0 / fabsf(area), b1 = w1 / fabsf(area), b2 = w2 / fabsf(area);
            float z = b0 * v[0]->z + b1 * v[1]->z + b2 * v[2]->z;
            float *zb = &zbuf[(size_t)j * (size_t)w + (size_t)i];
            if (!(z < *zb))
                continue;
            *zb = z;
            float t = b0 * a[0][6] + b1 * a[1][6] + b2 * a[2][6];
            float n[3], view[3], nl = 0.0f, vl = 0.0f;
            for (int k = 0; k < 3; k++) {
                n[k] = b0 * a[0][3 + k] + b1 * a[1][3 + k] + b2 * a[2][3 + k];
                float p = b0 * a[0][k] + b1 * a[1][k] + b2 * a[2][k];
                if (k == 2 && floor)
                    p = (float)SURFACE_FLOOR;
                view[k] = eye[k] - p;
                nl += n[k] * n[k];
                vl += view[k] * view[k];
            }
            nl = sqrtf(nl > 1e-20f ? nl : 1e-20f);
            vl = sqrtf(vl > 1e-20f ? vl : 1e-20f);
            for (int k = 0; k < 3; k++) {
                n[k] /= nl;
                view[k] /= vl;
            }
            float rgb[3];
            surface_shade(fs, t, fw, n, view, floor, rgb);
            unsigned char *o = cv->rgba + 4 * ((size_t)(oy + j) * (size_t)cv->w + (size_t)(ox + i));
            for (int k = 0; k < 3; k++)
                o[k] = (unsigned char)lroundf(rgb[k] * 255.0f);
            o[3] = 255;
        }
    }
}

bool soft_surface_at(SoftCanvas *c, int x, int y, int w, int h, const Landscape *ls,
                     const SurfaceMap *m, const Camera3D *cam, const FieldScale *fs)
{
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > c->w || y + h > c->h)
        return false;
    SurfaceMesh mesh;
    if (!surface_mesh_build(&mesh, ls, m, SURFACE_MESH_N))
        return false;
    size_t nv = (size_t)mesh.n * (size_t)mesh.n;
    SoftVert *pv = malloc(sizeof *pv * 2 * nv);
    float *zbuf = malloc(sizeof *zbuf * (size_t)w * (size_t)h);
    if (!pv || !zbuf) {
        free(pv);
        free(zbuf);
        surface_mesh_free(&mesh);
        return false;
    }
    for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
        zbuf[k] = INFINITY;
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            unsigned char *o = c->rgba + 4 * ((size_t)(y + j) * (size_t)c->w + (size_t)(x + i));
            o[0] = SURFACE3D_BG.r;
            o[1] = SURFACE3D_BG.g;
            o[2] = SURFACE3D_BG.b;
            o[3] = 255;
        }
    }
    mat4 mvp;
    vec3 eye;
    camera3d_matrix(cam, w, h, mvp);
    camera3d_eye(cam, eye);
    for (int plane = 0; plane < 2; plane++) {
        SoftVert *dst = pv + (size_t)plane * nv;
        for (size_t k = 0; k < nv; k++) {
            const float *mv = mesh.v + SURFACE_VERTEX_FLOATS * k;
            float p[3] = {mv[0], mv[1], plane == 0 ? (float)SURFACE_FLOOR : mv[2]};
            double sx, sy, d;
            dst[k].ok = isfinite(p[2]) && camera3d_project(mvp, w, h, p, &sx, &sy, &d);
            dst[k].x = (float)sx;
            dst[k].y = (float)sy;
            dst[k].z = (float)d;
        }
    }
    for (int plane = 0; plane < 2; plane++)
        for (int k = 0; k + 2 < mesh.n_idx; k += 3)
            soft_surface_tri(c, x, y, w, h, zbuf, pv + (size_t)plane * nv, mesh.v,
                             mesh.idx + k, fs, eye, plane == 0);
    free(pv);
    free(zbuf);
    surface_mesh_free(&mesh);
    return true;
}
