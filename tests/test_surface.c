/* test_surface.c - the 3D surface's math (lecture/surface.h): projection of known points by
 * hand, the picking round trip pixel -> surface point -> pixel, the height scaling and its
 * derivative against central differences, the normals against the surface's own slope, the
 * mesh's size, and the shading against hand arithmetic.
 */
#include <ctype.h>
#include "test.h"

#include "lecture/surface.h"

static SurfaceMap test_map(const Landscape *ls, bool linear)
{
    FieldScale fs = colormap_fit(ls, &ls->view, COLORMAP_LEVELS_DEFAULT, 1.3f);
    return surface_map(&ls->view, &fs, linear);
}

/* Eye on +X at distance 2 looking at the origin, 90 degree field of view, square viewport:
 * +Y is screen right, +Z screen up, and a point at depth 2 lands at ndc = offset / 2. */
TEST(test_project_known_points)
{
    Camera3D c = {.yaw = 0.0f, .pitch = 0.0f, .dist = 2.0f, .fov = (float)(GLM_PI / 2.0),
                  .target = {0.0f, 0.0f, 0.0f}};
    mat4 mvp;
    /* 320 x 200 (aspect 1.6): y in ndc is offset / 2, x is offset / (2 x 1.6). */
    camera3d_matrix(&c, 320, 200, mvp);
    double sx, sy, d;
    ASSERT(camera3d_project(mvp, 320, 200, (const float[3]){0.0f, 0.0f, 0.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sx, 160.0, 1e-3);
    ASSERT_NEAR(sy, 100.0, 1e-3);
    ASSERT(camera3d_project(mvp, 320, 200, (const float[3]){0.0f, 1.0f, 0.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sx, 160.0 * 1.3125, 1e-3);
    ASSERT_NEAR(sy, 100.0, 1e-3);
    ASSERT(camera3d_project(mvp, 320, 200, (const float[3]){0.0f, 0.0f, 1.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sx, 160.0, 1e-3);
    ASSERT_NEAR(sy, 50.0, 1e-3);
    /* A square viewport sees as wide as a 1.6:1 one: tan(fovy / 2) = 1.6. */
    camera3d_matrix(&c, 200, 200, mvp);
    ASSERT(camera3d_project(mvp, 200, 200, (const float[3]){0.0f, 1.0f, 0.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sx, 100.0 * (1.0 + 0.5 / 1.6), 1e-3);
    ASSERT(camera3d_project(mvp, 200, 200, (const float[3]){0.0f, 0.0f, 1.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sy, 100.0 * (1.0 - 0.5 / 1.6), 1e-3);
    /* A wide viewport: x in ndc divides by the aspect 2. */
    camera3d_matrix(&c, 400, 200, mvp);
    ASSERT(camera3d_project(mvp, 400, 200, (const float[3]){0.0f, 1.0f, 0.0f}, &sx, &sy, &d));
    ASSERT_NEAR(sx, 250.0, 1e-3);
    /* Nearer points have smaller depth; a point behind the eye does not project. */
    double d_near, d_far;
    ASSERT(camera3d_project(mvp, 400, 200, (const float[3]){1.0f, 0.0f, 0.0f}, &sx, &sy, &d_near));
    ASSERT(camera3d_project(mvp, 400, 200, (const float[3]){-1.0f, 0.0f, 0.0f}, &sx, &sy, &d_far));
    ASSERT(d_near < d_far);
    ASSERT(!camera3d_project(mvp, 400, 200, (const float[3]){3.0f, 0.0f, 0.0f}, &sx, &sy, &d));
}

/* The ray through a pixel passes through every box point that projects to it. */
TEST(test_ray_through_projected_point)
{
    Camera3D c = {.yaw = -1.0f, .pitch = 0.6f, .dist = 3.0f, .fov = 0.7f,
                  .target = {0.1f, -0.2f, 0.3f}};
    mat4 mvp;
    camera3d_matrix(&c, 640, 480, mvp);
    float p[3] = {0.4f, 0.3f, 0.5f}, org[3], dir[3];
    double sx, sy, d;
    ASSERT(camera3d_project(mvp, 640, 480, p, &sx, &sy, &d));
    camera3d_ray(&c, 640, 480, sx, sy, org, dir);
    /* distance from p to the line */
    double v[3] = {(double)(p[0] - org[0]), (double)(p[1] - org[1]), (double)(p[2] - org[2])};
    double along = v[0] * (double)dir[0] + v[1] * (double)dir[1] + v[2] * (double)dir[2];
    double dist2 = 0.0;
    for (int k = 0; k < 3; k++) {
        double e = v[k] - along * (double)dir[k];
        dist2 += e * e;
    }
    ASSERT(along > 0.0);
    ASSERT_NEAR(sqrt(dist2), 0.0, 1e-4);
}

/* Pixel -> surface point -> pixel within 1 px, over a grid of pixels, for several
 * landscapes; most of the grid hits the surface with the default camera. */
TEST(test_pick_round_trip)
{
    const char *ids[] = {"rosenbrock", "saddle", "himmelblau"};
    for (int l = 0; l < 3; l++) {
        const Landscape *ls = landscape_find(ids[l]);
        ASSERT(ls != NULL);
        if (!ls)
            continue;
        SurfaceMap m = test_map(ls, false);
        Camera3D c = camera3d_default(&m);
        int w = 960, h = 600, hits = 0, tried = 0;
        mat4 mvp;
        camera3d_matrix(&c, w, h, mvp);
        for (int j = 1; j < 20; j++) {
            for (int i = 1; i < 20; i++) {
                double sx = w * i / 20.0, sy = h * j / 20.0, x, y, px, py, d;
                tried++;
                if (!surface_pick(&m, ls, &c, w, h, sx, sy, &x, &y))
                    continue;
                hits++;
                float b[3];
                surface_to_box(&m, x, y, landscape_eval(ls, x, y, NULL, NULL), b);
                ASSERT(camera3d_project(mvp, w, h, b, &px, &py, &d));
                ASSERT(hypot(px - sx, py - sy) < 1.0);
            }
        }
        printf("%s: %d of %d pixels hit\n", ids[l], hits, tried);
        ASSERT(hits >= 50);
    }
    /* The centre of the screen: the default camera looks at the box, so it hits. */
    const Landscape *ls = landscape_find("saddle");
    SurfaceMap m = test_map(ls, false);
    Camera3D c = camera3d_default(&m);
    double x, y;
    ASSERT(surface_pick(&m, ls, &c, 400, 300, 200.0, 150.0, &x, &y));
    /* Above the top of the view nothing is hit. */
    ASSERT(!surface_pick(&m, ls, &c, 400, 300, 200.0, 0.5, &x, &y));
}

/* Where the ray through pixel (sx, sy) first comes into the box's column: above the surface
 * (so picking sees the first hill it meets from above), or under it (it came in under the
 * sheet's edge, which picking does not see). */
static bool enters_above(const SurfaceMap *m, const Landscape *ls, const Camera3D *c, int w,
                         int h, double sx, double sy)
{
    float org[3], dir[3];
    camera3d_ray(c, w, h, sx, sy, org, dir);
    for (double s = 0.0; s < (double)c->dist + 6.0; s += 1e-3) {
        double bx = (double)org[0] + s * (double)dir[0], by = (double)org[1] + s * (double)dir[1];
        if (fabs(bx) <= m->xr && fabs(by) <= m->yr) {
            double x, y;
            surface_from_box(m, bx, by, &x, &y);
            return surface_z(m, landscape_eval(ls, x, y, NULL, NULL)) <
                   (double)org[2] + s * (double)dir[2];
        }
    }
    return false;
}

/* Occlusion agrees with picking: a surface point is hidden exactly when the ray through its
 * pixel first meets the surface somewhere nearer the eye. Checked on a grid of points of
 * three landscapes from a low camera (where hills hide valleys), for rays that come into the
 * box above the surface, ignoring the points whose pick lands within a few hundredths of
 * them (the silhouettes, where both are a matter of sampling); and from straight above
 * nothing is hidden. */
TEST(test_occlusion_agrees_with_picking)
{
    const char *ids[] = {"himmelblau", "rosenbrock", "six-hump-camel"};
    for (int l = 0; l < 3; l++) {
        const Landscape *ls = landscape_find(ids[l]);
        ASSERT(ls != NULL);
        if (!ls)
            continue;
        SurfaceMap m = test_map(ls, false);
        Camera3D c = camera3d_default(&m);
        c.pitch = 0.45f; /* 26 degrees up: hills stand in front of valleys */
        int w = 960, h = 600, agree = 0, tried = 0, hidden = 0;
        mat4 mvp;
        camera3d_matrix(&c, w, h, mvp);
        vec3 eye;
        camera3d_eye(&c, eye);
        for (int j = 1; j < 24; j++) {
            for (int i = 1; i < 24; i++) {
                double bx = m.xr * (-1.0 + 2.0 * i / 24.0), by = m.yr * (-1.0 + 2.0 * j / 24.0);
                double x, y, sx, sy, dep, hx, hy;
                surface_from_box(&m, bx, by, &x, &y);
                float p[3];
                surface_to_box(&m, x, y, landscape_eval(ls, x, y, NULL, NULL), p);
                p[2] += (float)SURFACE_LIFT;
                if (!isfinite(p[2]) || !camera3d_project(mvp, w, h, p, &sx, &sy, &dep) ||
                    sx < 0 || sy < 0 || sx >= w || sy >= h ||
                    !enters_above(&m, ls, &c, w, h, sx, sy) ||
                    !surface_pick(&m, ls, &c, w, h, sx, sy, &hx, &hy))
                    continue;
                float q[3];
                surface_to_box(&m, hx, hy, landscape_eval(ls, hx, hy, NULL, NULL), q);
                double dp = (double)glm_vec3_distance(eye, p);
                double dq = (double)glm_vec3_distance(eye, q);
                double apart = hypot((double)q[0] - (double)p[0], (double)q[1] - (double)p[1]);
                if (apart < 0.05)
                    continue; /* on a silhouette, or the point itself */
                tried++;
                bool nearer = dq < dp;
                bool occ = surface_occluded(&m, ls, &c, p);
                hidden += occ;
                agree += occ == nearer;

            }
        }
        printf("%s: occlusion agrees with picking at %d of %d points (%d hidden)\n", ids[l],
               agree, tried, hidden);
        ASSERT(tried >= 20 && hidden >= 3 && agree >= tried * 95 / 100);
        /* From straight above nothing hides anything. */
        c.pitch = 1.55f;
        for (int k = 0; k < 50; k++) {
            double x, y;
            surface_from_box(&m, m.xr * (-0.9 + 1.8 * (k % 10) / 9.0),
                             m.yr * (-0.9 + 1.8 * (k / 10) / 4.0), &x, &y);
            float p[3];
            surface_to_box(&m, x, y, landscape_eval(ls, x, y, NULL, NULL), p);
            p[2] += (float)SURFACE_LIFT;
            ASSERT(!surface_occluded(&m, ls, &c, p));
        }
    }
}

/* The draft's heights are the full mesh's vertices at every SURFACE_DRAFT_STRIDE-th one (the
 * mesh the window draws while the camera moves); lines of sight over them agree with those
 * over the landscape itself almost everywhere, and nothing hides from straight above. */
TEST(test_heights_are_the_draft_mesh)
{
    const char *ids[] = {"himmelblau", "rosenbrock", "six-hump-camel"};
    for (int l = 0; l < 3; l++) {
        const Landscape *ls = landscape_find(ids[l]);
        SurfaceMap m = test_map(ls, false);
        SurfaceMesh mesh;
        SurfaceHeights hf;
        ASSERT(surface_mesh_build(&mesh, ls, &m, SURFACE_MESH_N));
        ASSERT(surface_heights_build(&hf, ls, &m, SURFACE_DRAFT_N));
        ASSERT(hf.n == SURFACE_DRAFT_N);
        float top = (float)SURFACE_FLOOR;
        for (int j = 0; j < hf.n; j++) {
            for (int i = 0; i < hf.n; i++) {
                const float *v = mesh.v + SURFACE_VERTEX_FLOATS *
                                              (size_t)(SURFACE_DRAFT_STRIDE * (j * mesh.n + i));
                ASSERT(hf.z[j * hf.n + i] == v[2]);
                top = v[2] > top ? v[2] : top;
            }
        }
        ASSERT(hf.top == top);
        Camera3D c = camera3d_default(&m);
        c.pitch = 0.45f;
        vec3 eye;
        camera3d_eye(&c, eye);
        int agree = 0, tried = 0, hidden = 0;
        for (int j = 1; j < 40; j++) {
            for (int i = 1; i < 40; i++) {
                double x, y;
                surface_from_box(&m, m.xr * (-1.0 + 2.0 * i / 40.0),
                                 m.yr * (-1.0 + 2.0 * j / 40.0), &x, &y);
                float p[3];
                surface_to_box(&m, x, y, landscape_eval(ls, x, y, NULL, NULL), p);
                p[2] += (float)SURFACE_LIFT;
                if (!isfinite(p[2]))
                    continue;
                bool exact = surface_occluded(&m, ls, &c, p);
                tried++;
                hidden += exact;
                agree += exact == surface_heights_occluded(&hf, &m, eye, p);
            }
        }
        printf("%s: the draft mesh's lines of sight agree at %d of %d points (%d hidden)\n",
               ids[l], agree, tried, hidden);
        ASSERT(hidden >= 10 && agree >= tried * 95 / 100);
        c.pitch = 1.55f;
        camera3d_eye(&c, eye);
        for (int k = 0; k < 50; k++) {
            double x, y;
            surface_from_box(&m, m.xr * (-0.9 + 1.8 * (k % 10) / 9.0),
                             m.yr * (-0.9 + 1.8 * (k / 10) / 4.0), &x, &y);
            float p[3];
            surface_to_box(&m, x, y, landscape_eval(ls, x, y, NULL, NULL), p);
            p[2] += (float)SURFACE_LIFT;
            ASSERT(!surface_heights_occluded(&hf, &m, eye, p));
        }
        surface_heights_free(&hf);
        surface_mesh_free(&mesh);
    }
}

/* The lighting constants pasted into the shaders are float literals: GLSL ES (WebGL 2)
 * refuses "const float SURFACE_SHININESS = 40;". */
TEST(test_glsl_constants_are_float_literals)
{
    char buf[1024];
    int n = surface_glsl_constants(buf, sizeof buf);
    ASSERT(n > 0 && (size_t)n < sizeof buf);
    int numbers = 0;
    for (const char *p = buf; *p; p++) {
        bool starts = (*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' && p[1] <= '9');
        if (!starts || (p > buf && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.')))
            continue;
        size_t len = strspn(p, "-0123456789.eE+");
        ASSERT(memchr(p, '.', len) != NULL);
        numbers++;
        p += len - 1;
    }
    ASSERT(numbers == 9);
}

/* Height: t maps to [0, SURFACE_HEIGHT]; its derivative is the chain rule's; the normal
 * is perpendicular to the surface's slope in both directions. */
TEST(test_height_and_normals)
{
    const Landscape *ls = landscape_find("rosenbrock");
    for (int lin = 0; lin < 2; lin++) {
        SurfaceMap m = test_map(ls, lin);
        ASSERT_NEAR(surface_z(&m, m.f_lo), 0.0, 1e-5);
        ASSERT_NEAR(surface_z(&m, m.f_hi), SURFACE_HEIGHT, 1e-4);
        double f0 = 3.7, hstep = 1e-5 * (1.0 + f0);
        double num = (surface_z(&m, f0 + hstep) - surface_z(&m, f0 - hstep)) / (2.0 * hstep);
        ASSERT_NEAR(surface_dz_df(&m, f0), num, 1e-6 * fabs(num) + 1e-9);
        double x = -0.6, y = 0.8, g[2];
        double f = landscape_eval(ls, x, y, g, NULL);
        float n[3];
        surface_normal(&m, f, g[0], g[1], n);
        ASSERT_NEAR(n[0] * n[0] + n[1] * n[1] + n[2] * n[2], 1.0, 1e-5);
        /* slope of Z along X and Y (box units), by central differences */
        double e = 1e-6;
        double zx = (surface_z(&m, landscape_eval(ls, x + e * m.half, y, NULL, NULL)) -
                     surface_z(&m, landscape_eval(ls, x - e * m.half, y, NULL, NULL))) / (2 * e);
        double zy = (surface_z(&m, landscape_eval(ls, x, y + e * m.half, NULL, NULL)) -
                     surface_z(&m, landscape_eval(ls, x, y - e * m.half, NULL, NULL))) / (2 * e);
        /* tangents (1, 0, zx) and (0, 1, zy) are perpendicular to n */
        ASSERT_NEAR((double)n[0] + (double)n[2] * zx, 0.0, 1e-3 * (1.0 + fabs(zx)));
        ASSERT_NEAR((double)n[1] + (double)n[2] * zy, 0.0, 1e-3 * (1.0 + fabs(zy)));
    }
    /* Box <-> world round trip. */
    SurfaceMap m = test_map(ls, false);
    float b[3];
    double x, y;
    surface_to_box(&m, 0.25, -0.5, 1.0, b);
    surface_from_box(&m, b[0], b[1], &x, &y);
    ASSERT_NEAR(x, 0.25, 1e-6);
    ASSERT_NEAR(y, -0.5, 1e-6);
    ASSERT(fabsf(b[0]) <= 1.0f && fabsf(b[1]) <= 1.0f);
}

TEST(test_mesh_size_and_vertices)
{
    const Landscape *ls = landscape_find("saddle");
    SurfaceMap m = test_map(ls, false);
    SurfaceMesh mesh;
    ASSERT(surface_mesh_build(&mesh, ls, &m, 33));
    ASSERT(mesh.n == 33);
    ASSERT(mesh.n_idx == 6 * 32 * 32);
    /* Vertex (i, j) = (7, 20): its world point, height and t. */
    const float *v = mesh.v + SURFACE_VERTEX_FLOATS * (20 * 33 + 7);
    double x, y;
    surface_from_box(&m, v[0], v[1], &x, &y);
    double f = landscape_eval(ls, x, y, NULL, NULL);
    ASSERT_NEAR(v[0], m.xr * (2.0 * 7 / 32 - 1.0), 1e-6);
    ASSERT_NEAR(v[2], surface_z(&m, f), 1e-5);
    ASSERT_NEAR(v[6], surface_t(&m, f), 1e-5);
    surface_mesh_free(&mesh);
    ASSERT(mesh.v == NULL && mesh.n_idx == 0);
}

TEST(test_shade_by_hand)
{
    FieldScale fs = {.c = 1.0f, .s_lo = 0.0f, .s_hi = 1.0f, .levels = 10, .line_px = 1.3f,
                     .line_alpha = 0.5f};
    float base[3], rgb[3];
    /* Mid-band, far from any line: the fill alone. */
    colormap_shade_t(&fs, 0.45f, 0.001f, base);
    float fill[3];
    colormap_viridis(0.45f, fill);
    for (int c = 0; c < 3; c++)
        ASSERT_NEAR(base[c], fill[c], 1e-6);
    float up[3] = {0.0f, 0.0f, 1.0f}, side[3] = {1.0f, 0.0f, 0.0f};
    surface_shade(&fs, 0.45f, 0.001f, up, side, true, rgb);
    for (int c = 0; c < 3; c++)
        ASSERT_NEAR(rgb[c], 0.45f * base[c], 1e-6);
    /* Lit from the light's own direction: ambient + diffuse (+ a small specular): brighter
     * than a face turned away from it, which gets the ambient only. */
    float l[3] = {0.35f, 0.45f, 0.82f}, ll = sqrtf(0.35f * 0.35f + 0.45f * 0.45f + 0.82f * 0.82f);
    for (int c = 0; c < 3; c++)
        l[c] /= ll;
    float away[3] = {-l[0], -l[1], l[2] > 0 ? -0.0f : 0.0f};
    float lit[3], dark[3];
    surface_shade(&fs, 0.45f, 0.001f, l, l, false, lit);
    float an = sqrtf(away[0] * away[0] + away[1] * away[1] + away[2] * away[2]);
    for (int c = 0; c < 3; c++)
        away[c] /= an;
    float eye[3] = {away[0], away[1], away[2]};
    surface_shade(&fs, 0.45f, 0.001f, away, eye, false, dark);
    for (int c = 0; c < 3; c++) {
        ASSERT_NEAR(lit[c], fminf(1.0f, base[c] * 1.1f + 0.15f), 1e-4);
        ASSERT(dark[c] < lit[c]);
    }
}

TEST(test_camera_moves)
{
    const Landscape *ls = landscape_find("saddle");
    SurfaceMap m = test_map(ls, false);
    Camera3D c = camera3d_default(&m), d = c;
    camera3d_orbit(&d, 100.0, 0.0);
    ASSERT(fabsf(d.yaw - c.yaw) > 0.5f && d.pitch == c.pitch);
    camera3d_orbit(&d, 0.0, 1e6);
    ASSERT(d.pitch < 1.56f);
    camera3d_zoom(&d, 2.0);
    ASSERT_NEAR(d.dist, (double)c.dist / 2.0, 1e-5);
    /* Pan: the target's pixel moves with the drag. */
    Camera3D e = c;
    camera3d_pan(&e, 800, 600, 40.0, 0.0);
    mat4 mvp, mvp0;
    camera3d_matrix(&c, 800, 600, mvp0);
    camera3d_matrix(&e, 800, 600, mvp);
    double sx, sy, sx0, sy0, dd;
    ASSERT(camera3d_project(mvp0, 800, 600, c.target, &sx0, &sy0, &dd));
    ASSERT(camera3d_project(mvp, 800, 600, c.target, &sx, &sy, &dd));
    ASSERT_NEAR(sx - sx0, 40.0, 1.0);
    ASSERT_NEAR(sy - sy0, 0.0, 1.0);
}

/* The default camera frames the whole box inside camera3d_frame_rect of any pane shape (wide,
 * tall, small) and fills it across or down, from any orbit; with a legend's panel anywhere
 * (a band across the top or the bottom, a box in any corner, one in the middle of a side)
 * the box's picture stays clear of it. */
TEST(test_default_camera_frames_the_box)
{
    static const int sizes[][2] = {{1920, 1080}, {440, 430}, {640, 300}, {300, 700},
                                   {1200, 260}, {320, 240}};
    /* Legends as fractions of the pane: x0, y0, x1, y1 (all zero: none). */
    static const float clears[][4] = {
        {0.0f, 0.0f, 0.0f, 0.0f},     {0.0f, 0.0f, 1.0f, 0.12f},   {0.0f, 0.86f, 1.0f, 1.0f},
        {0.02f, 0.02f, 0.3f, 0.3f},   {0.7f, 0.02f, 0.98f, 0.3f},  {0.02f, 0.7f, 0.3f, 0.98f},
        {0.7f, 0.7f, 0.98f, 0.98f},   {0.75f, 0.35f, 0.98f, 0.65f}, {0.02f, 0.35f, 0.25f, 0.65f},
    };
    enum { NC = sizeof clears / sizeof clears[0] };
    ViewBox boxes[2] = {{-2.0, 2.0, -1.0, 3.0}, {-6.0, 6.0, -2.0, 2.0}};
    int n = 0;
    for (int b = 0; b < 2; b++) {
        FieldScale fs = {.c = 1.0, .s_lo = 0.0, .s_hi = 1.0, .levels = 10};
        SurfaceMap m = surface_map(&boxes[b], &fs, false);
        for (int k = 0; k < (int)(sizeof sizes / sizeof sizes[0]); k++) {
            for (int t = 0; t < NC; t++) {
                for (int o = 0; o < 3; o++) {
                    int w = sizes[k][0], h = sizes[k][1];
                    Camera3D c = camera3d_default(&m);
                    float cl[4] = {clears[t][0] * w, clears[t][1] * h, clears[t][2] * w,
                                   clears[t][3] * h};
                    memcpy(c.clear, cl, sizeof cl);
                    camera3d_orbit(&c, 150.0 * o, -30.0 * o);
                    float r[4];
                    camera3d_frame_rect(&c, w, h, r);
                    mat4 mvp;
                    camera3d_matrix(&c, w, h, mvp);
                    double lo[2] = {1e9, 1e9}, hi[2] = {-1e9, -1e9};
                    for (int q = 0; q < 8; q++) {
                        float p[3] = {q & 1 ? (float)m.xr : -(float)m.xr,
                                      q & 2 ? (float)m.yr : -(float)m.yr,
                                      q & 4 ? (float)SURFACE_HEIGHT : (float)SURFACE_FLOOR};
                        double sx, sy, d;
                        ASSERT(camera3d_project(mvp, w, h, p, &sx, &sy, &d));
                        lo[0] = fmin(lo[0], sx), hi[0] = fmax(hi[0], sx);
                        lo[1] = fmin(lo[1], sy), hi[1] = fmax(hi[1], sy);
                    }
                    ASSERT(lo[0] >= (double)r[0] - 0.5 && hi[0] <= (double)r[2] + 0.5);
                    ASSERT(lo[1] >= (double)r[1] - 0.5 && hi[1] <= (double)r[3] + 0.5);
                    ASSERT(r[0] > 0.0f && r[1] > 0.0f && r[2] < (float)w && r[3] < (float)h);
                    double fill = fmax((hi[0] - lo[0]) / ((double)r[2] - (double)r[0]),
                                       (hi[1] - lo[1]) / ((double)r[3] - (double)r[1]));
                    ASSERT(fill > 0.99);
                    /* The box's picture (its bounds, less half a pixel) and the legend do
                     * not meet. */
                    bool meets = cl[2] > cl[0] && lo[0] + 0.5 < (double)cl[2] &&
                                 (double)cl[0] < hi[0] - 0.5 && lo[1] + 0.5 < (double)cl[3] &&
                                 (double)cl[1] < hi[1] - 0.5;
                    if (meets)
                        fprintf(stderr, "  %dx%d legend %d orbit %d: the box (%.0f..%.0f, "
                                "%.0f..%.0f) meets it\n", w, h, t, o, lo[0], hi[0], lo[1],
                                hi[1]);
                    ASSERT(!meets);
                    n++;
                }
            }
        }
    }
    ASSERT(n == 2 * 6 * NC * 3);
}

int main(void)
{
    RUN_TEST(test_project_known_points);
    RUN_TEST(test_ray_through_projected_point);
    RUN_TEST(test_pick_round_trip);
    RUN_TEST(test_glsl_constants_are_float_literals);
    RUN_TEST(test_occlusion_agrees_with_picking);
    RUN_TEST(test_height_and_normals);
    RUN_TEST(test_mesh_size_and_vertices);
    RUN_TEST(test_shade_by_hand);
    RUN_TEST(test_camera_moves);
    RUN_TEST(test_default_camera_frames_the_box);
    RUN_TEST(test_heights_are_the_draft_mesh);
    return TEST_MAIN("test_surface");
}
