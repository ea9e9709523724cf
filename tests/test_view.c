/* test_view.c - the equal-scale camera: fitting keeps both axes at one scale and contains the
 * requested window, screen <-> world round trips, pan and zoom about a point, nice ticks.
 * No display needed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lecture/view.h"
#include "test.h"

TEST(test_fit_contains_box_with_equal_scale)
{
    static const ViewBox boxes[] = {
        {-2, 2, -2, 2}, {-10, 10, -4, 4}, {-2, 2, -1, 3}, {-0.001, 0.003, 5, 5.002},
        {-100, 300, -1, 1}, {3, 4, -50, 50},
    };
    static const int sizes[][2] = {{1920, 1080}, {640, 480}, {480, 640}, {1000, 1000}, {7, 3}};
    for (size_t b = 0; b < sizeof boxes / sizeof boxes[0]; b++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            const ViewBox *box = &boxes[b];
            View v = view_fit(box, sizes[s][0], sizes[s][1]);
            ViewBox got = view_bounds(&v);
            double bw = box->xmax - box->xmin, bh = box->ymax - box->ymin;
            double eps = 1e-12 * (fabs(box->xmax) + fabs(box->ymax) + bw + bh);
            /* Equal scale: world per pixel is the same on both axes. */
            ASSERT_NEAR((got.xmax - got.xmin) / v.w, (got.ymax - got.ymin) / v.h,
                        1e-12 * v.scale);
            /* Contains the box ... */
            ASSERT(got.xmin <= box->xmin + eps && got.xmax >= box->xmax - eps);
            ASSERT(got.ymin <= box->ymin + eps && got.ymax >= box->ymax - eps);
            /* ... and is the smallest such: one axis is tight. */
            bool tight_x = fabs((got.xmax - got.xmin) - bw) <= 1e-9 * bw;
            bool tight_y = fabs((got.ymax - got.ymin) - bh) <= 1e-9 * bh;
            ASSERT(tight_x || tight_y);
            /* Centered on it. */
            ASSERT_NEAR(0.5 * (got.xmin + got.xmax), 0.5 * (box->xmin + box->xmax), eps + 1e-12);
            ASSERT_NEAR(0.5 * (got.ymin + got.ymax), 0.5 * (box->ymin + box->ymax), eps + 1e-12);
        }
    }
}

TEST(test_fit_wide_window_pads_x)
{
    /* A square box in a 2:1 window: y is tight, x is padded to twice the width. */
    View v = view_fit(&(ViewBox){-1, 1, -1, 1}, 800, 400);
    ViewBox b = view_bounds(&v);
    ASSERT_NEAR(v.scale, 2.0 / 400, 1e-15);
    ASSERT_NEAR(b.xmin, -2.0, 1e-12);
    ASSERT_NEAR(b.xmax, 2.0, 1e-12);
    ASSERT_NEAR(b.ymin, -1.0, 1e-12);
    ASSERT_NEAR(b.ymax, 1.0, 1e-12);
}

TEST(test_fit_degenerate_box_has_positive_scale)
{
    View v = view_fit(&(ViewBox){1, 1, 2, 2}, 100, 50);
    ASSERT(v.scale > 0.0 && isfinite(v.scale));
    ASSERT_NEAR(v.cx, 1.0, 0.0);
    ASSERT_NEAR(v.cy, 2.0, 0.0);
}

TEST(test_screen_world_round_trip)
{
    View v = view_fit(&(ViewBox){-2, 2, -1, 3}, 1280, 800);
    double wx, wy, sx, sy;
    /* The top-left corner of the top-left pixel is (xmin, ymax); y points down on screen. */
    ViewBox b = view_bounds(&v);
    view_screen_to_world(&v, 0.0, 0.0, &wx, &wy);
    ASSERT_NEAR(wx, b.xmin, 1e-12);
    ASSERT_NEAR(wy, b.ymax, 1e-12);
    view_screen_to_world(&v, 1280.0, 800.0, &wx, &wy);
    ASSERT_NEAR(wx, b.xmax, 1e-12);
    ASSERT_NEAR(wy, b.ymin, 1e-12);
    for (int i = 0; i < 50; i++) {
        double px = 13.7 * i, py = 800.0 - 11.3 * i;
        view_screen_to_world(&v, px, py, &wx, &wy);
        view_world_to_screen(&v, wx, wy, &sx, &sy);
        ASSERT_NEAR(sx, px, 1e-9);
        ASSERT_NEAR(sy, py, 1e-9);
    }
}

TEST(test_matrix_maps_bounds_to_clip)
{
    View v = view_fit(&(ViewBox){-3, 5, 1, 2}, 640, 480);
    ViewBox b = view_bounds(&v);
    mat4 m;
    view_matrix(&v, 0.0, 0.0, m);
    vec4 lo = {(float)b.xmin, (float)b.ymin, 0.0f, 1.0f};
    vec4 hi = {(float)b.xmax, (float)b.ymax, 0.0f, 1.0f};
    vec4 clo, chi;
    glm_mat4_mulv(m, lo, clo);
    glm_mat4_mulv(m, hi, chi);
    ASSERT_NEAR(clo[0], -1.0, 1e-5);
    ASSERT_NEAR(clo[1], -1.0, 1e-5);
    ASSERT_NEAR(chi[0], 1.0, 1e-5);
    ASSERT_NEAR(chi[1], 1.0, 1e-5);
    /* With an origin shift the same world point lands at the same clip position. */
    mat4 m2;
    view_matrix(&v, 1.0, 1.5, m2);
    vec4 p = {(float)(b.xmin - 1.0), (float)(b.ymin - 1.5), 0.0f, 1.0f}, cp;
    glm_mat4_mulv(m2, p, cp);
    ASSERT_NEAR(cp[0], -1.0, 1e-5);
    ASSERT_NEAR(cp[1], -1.0, 1e-5);
    /* The pixel matrix puts (0,0) top-left and (w,h) bottom-right. */
    mat4 pm;
    view_pixel_matrix(640, 480, pm);
    vec4 tl = {0, 0, 0, 1}, br = {640, 480, 0, 1}, ctl, cbr;
    glm_mat4_mulv(pm, tl, ctl);
    glm_mat4_mulv(pm, br, cbr);
    ASSERT_NEAR(ctl[0], -1.0, 1e-6);
    ASSERT_NEAR(ctl[1], 1.0, 1e-6);
    ASSERT_NEAR(cbr[0], 1.0, 1e-6);
    ASSERT_NEAR(cbr[1], -1.0, 1e-6);
}

TEST(test_pan_follows_the_mouse)
{
    View v = view_fit(&(ViewBox){-2, 2, -2, 2}, 400, 400);
    double wx0, wy0, wx1, wy1;
    view_screen_to_world(&v, 100, 120, &wx0, &wy0);
    view_pan(&v, 30, -40); /* drag right 30 px and up 40 px */
    /* The world point that was under (100,120) is now under (130, 80). */
    view_screen_to_world(&v, 130, 80, &wx1, &wy1);
    ASSERT_NEAR(wx1, wx0, 1e-12);
    ASSERT_NEAR(wy1, wy0, 1e-12);
}

TEST(test_zoom_keeps_point_under_cursor)
{
    View v = view_fit(&(ViewBox){-2, 2, -1, 3}, 1280, 800);
    double before = v.scale;
    double wx0, wy0, wx1, wy1;
    view_screen_to_world(&v, 900, 200, &wx0, &wy0);
    view_zoom_at(&v, 900, 200, 2.0);
    ASSERT_NEAR(v.scale, before / 2.0, 1e-15);
    view_screen_to_world(&v, 900, 200, &wx1, &wy1);
    ASSERT_NEAR(wx1, wx0, 1e-12);
    ASSERT_NEAR(wy1, wy0, 1e-12);
    view_zoom_at(&v, 17, 733, 1.0 / 3.0);
    ASSERT_NEAR(v.scale, before * 1.5, 1e-15);
    /* Zoom stays equal-scale: bounds aspect equals pixel aspect. */
    ViewBox b = view_bounds(&v);
    ASSERT_NEAR((b.xmax - b.xmin) / (b.ymax - b.ymin), 1280.0 / 800.0, 1e-12);
    /* Clamped, never zero or negative. */
    for (int i = 0; i < 200; i++)
        view_zoom_at(&v, 0, 0, 10.0);
    ASSERT(v.scale >= 1e-12 && v.scale > 0.0);
    view_zoom_at(&v, 0, 0, -1.0); /* ignored */
    ASSERT(v.scale >= 1e-12);
}

TEST(test_resize_keeps_center_and_scale)
{
    View v = view_fit(&(ViewBox){-2, 2, -2, 2}, 400, 400);
    double s = v.scale;
    view_resize(&v, 1000, 300);
    ASSERT_NEAR(v.scale, s, 0.0);
    ASSERT_NEAR(v.cx, 0.0, 0.0);
    ASSERT(v.w == 1000 && v.h == 300);
}

static bool is_nice(double step)
{
    double p = pow(10.0, floor(log10(step) + 1e-12));
    double m = step / p;
    return fabs(m - 1.0) < 1e-9 || fabs(m - 2.0) < 1e-9 || fabs(m - 5.0) < 1e-9;
}

TEST(test_nice_ticks)
{
    double t[VIEW_MAX_TICKS], step;
    /* 4.26 / 9 = 0.47: the smallest nice step above is 0.5. */
    int n = view_ticks(-2.13, 2.13, 9, t, VIEW_MAX_TICKS, &step);
    ASSERT_NEAR(step, 0.5, 1e-15);
    ASSERT(n == 9);
    ASSERT_NEAR(t[0], -2.0, 1e-15);
    ASSERT_NEAR(t[4], 0.0, 0.0); /* exactly zero, not -1e-17 */
    ASSERT_NEAR(t[8], 2.0, 1e-15);

    n = view_ticks(0.0, 1.0, 5, t, VIEW_MAX_TICKS, &step);
    ASSERT_NEAR(step, 0.2, 1e-15);
    ASSERT(n == 6);
    ASSERT_NEAR(t[3], 0.6, 1e-15);

    static const double spans[][2] = {
        {-5.12, 5.12}, {0.0012, 0.0019}, {-1e6, 3e6}, {-10, 10}, {99.5, 100.5}, {-4.5, 4.5},
    };
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
        for (int target = 2; target <= 12; target++) {
            n = view_ticks(spans[i][0], spans[i][1], target, t, VIEW_MAX_TICKS, &step);
            ASSERT(is_nice(step));
            ASSERT(n >= 1);
            ASSERT(n <= 2 * target + 2);
            for (int k = 0; k < n; k++) {
                ASSERT(t[k] >= spans[i][0] - 1e-9 * step && t[k] <= spans[i][1] + 1e-9 * step);
                ASSERT_NEAR(t[k] / step, round(t[k] / step), 1e-6);
                if (k > 0)
                    ASSERT_NEAR(t[k] - t[k - 1], step, 1e-9 * step);
            }
        }
    }
}

TEST(test_tick_labels)
{
    char buf[64];
    view_format_tick(0.5, 0.5, buf, sizeof buf);
    ASSERT(strcmp(buf, "0.5") == 0);
    view_format_tick(-2.0, 1.0, buf, sizeof buf);
    ASSERT(strcmp(buf, "\xe2\x88\x92" "2") == 0);
    view_format_tick(0.0, 0.25, buf, sizeof buf);
    ASSERT(strcmp(buf, "0.00") == 0);
    view_format_tick(1.5, 0.5, buf, sizeof buf);
    ASSERT(strcmp(buf, "1.5") == 0);
    view_format_tick(2e-5, 1e-5, buf, sizeof buf);
    ASSERT_STR_CONTAINS(buf, "2e-05");
}

int main(void)
{
    RUN_TEST(test_fit_contains_box_with_equal_scale);
    RUN_TEST(test_fit_wide_window_pads_x);
    RUN_TEST(test_fit_degenerate_box_has_positive_scale);
    RUN_TEST(test_screen_world_round_trip);
    RUN_TEST(test_matrix_maps_bounds_to_clip);
    RUN_TEST(test_pan_follows_the_mouse);
    RUN_TEST(test_zoom_keeps_point_under_cursor);
    RUN_TEST(test_resize_keeps_center_and_scale);
    RUN_TEST(test_nice_ticks);
    RUN_TEST(test_tick_labels);
    return TEST_MAIN("test_view");
}
