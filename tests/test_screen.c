/* test_screen.c - the pane layout and its hit testing, and the loss plot's mapping. */
#include <math.h>

#include "test.h"
#include "ui/lossplot.h"
#include "ui/screen.h"

static bool rect_eq(UiRect r, float x, float y, float w, float h)
{
    return r.x == x && r.y == y && r.w == w && r.h == h;
}

TEST(single_pane_fills_beside_the_panel)
{
    Screen s = screen_layout(&(ScreenDesc){ .w = 1920, .h = 1080, .cols = 1, .rows = 1,
                                            .n_panes = 1, .panel_w = 420, .timeline_h = 60 });
    ASSERT(rect_eq(s.plot[0], 0, 0, 1500, 1020));
    ASSERT(rect_eq(s.panel, 1500, 0, 420, 1080));
    ASSERT(rect_eq(s.timeline, 0, 1020, 1500, 60));
    ASSERT(s.loss[0].w == 0 && s.loss[0].h == 0);
}

TEST(two_by_two_with_loss_plots)
{
    Screen s = screen_layout(&(ScreenDesc){ .w = 1000, .h = 820, .cols = 2, .rows = 2,
                                            .n_panes = 4, .panel_w = 0, .timeline_h = 20,
                                            .loss_frac = 0.25f, .gap = 10 });
    /* cells 495 x 395; plot 0.75 of the height, then the gap, then the loss plot */
    ASSERT(rect_eq(s.plot[0], 0, 0, 495, 296));
    ASSERT(rect_eq(s.loss[0], 0, 306, 495, 89));
    ASSERT(rect_eq(s.plot[1], 505, 0, 495, 296));
    ASSERT(rect_eq(s.plot[2], 0, 405, 495, 296));
    ASSERT(rect_eq(s.plot[3], 505, 405, 495, 296));
    ASSERT(s.panel.w == 0);
    int pane;
    ASSERT(screen_hit(&s, 10, 10, &pane) == SCREEN_PLOT && pane == 0);
    ASSERT(screen_hit(&s, 600, 500, &pane) == SCREEN_PLOT && pane == 3);
    ASSERT(screen_hit(&s, 600, 350, &pane) == SCREEN_LOSS && pane == 1);
    ASSERT(screen_hit(&s, 500, 100, &pane) == SCREEN_NONE && pane == -1); /* the gap */
    ASSERT(screen_hit(&s, 100, 810, &pane) == SCREEN_TIMELINE && pane == -1);
    /* edges: a rect holds its top-left pixel, not its right/bottom edge */
    ASSERT(screen_hit(&s, 494.9f, 0, &pane) == SCREEN_PLOT && pane == 0);
    ASSERT(screen_hit(&s, 495, 0, &pane) == SCREEN_NONE);
}

/* A pane whose scene says loss_plot = false: its plot takes the whole cell, the others keep
 * theirs. */
TEST(a_pane_may_leave_out_its_loss_plot)
{
    Screen s = screen_layout(&(ScreenDesc){ .w = 1000, .h = 820, .cols = 2, .rows = 2,
                                            .n_panes = 4, .timeline_h = 20, .loss_frac = 0.25f,
                                            .loss_off = 1u << 1 | 1u << 2, .gap = 10 });
    ASSERT(rect_eq(s.plot[0], 0, 0, 495, 296) && rect_eq(s.loss[0], 0, 306, 495, 89));
    ASSERT(rect_eq(s.plot[1], 505, 0, 495, 395) && s.loss[1].w == 0 && s.loss[1].h == 0);
    ASSERT(rect_eq(s.plot[2], 0, 405, 495, 395) && s.loss[2].w == 0);
    ASSERT(rect_eq(s.plot[3], 505, 405, 495, 296) && rect_eq(s.loss[3], 505, 711, 495, 89));
    int pane;
    ASSERT(screen_hit(&s, 600, 350, &pane) == SCREEN_PLOT && pane == 1);
}

TEST(one_by_two_side_by_side)
{
    Screen s = screen_layout(&(ScreenDesc){ .w = 1280, .h = 800, .cols = 2, .rows = 1,
                                            .n_panes = 2, .panel_w = 380, .gap = 8 });
    ASSERT(rect_eq(s.plot[0], 0, 0, 446, 800));
    ASSERT(rect_eq(s.plot[1], 454, 0, 446, 800));
    int pane;
    ASSERT(screen_hit(&s, 1000, 400, &pane) == SCREEN_PANEL);
    ASSERT(screen_hit(&s, 460, 400, &pane) == SCREEN_PLOT && pane == 1);
}

TEST(loss_plot_maps_decades_linearly)
{
    UiRect r = { 100, 50, 400, 300 };
    LossAxes a = lossplot_fit(r, 200, 1e-6, 3.0);
    ASSERT(!a.symlog);
    ASSERT(a.y_lo == -6 && a.y_hi == 1);
    ASSERT_NEAR(lossplot_x(&a, 0), 100, 1e-4);
    ASSERT_NEAR(lossplot_x(&a, 100), 300, 1e-4);
    ASSERT_NEAR(lossplot_x(&a, 200), 500, 1e-4);
    ASSERT_NEAR(lossplot_y(&a, 10.0), 50, 1e-3);   /* top */
    ASSERT_NEAR(lossplot_y(&a, 1e-6), 350, 1e-3);  /* bottom */
    ASSERT_NEAR(lossplot_y(&a, 1e-2), 350 - 4.0 / 7.0 * 300, 1e-3);
    ASSERT_NEAR(lossplot_y(&a, 1e-20), 350, 1e-3); /* clamped */
    double ticks[LOSSPLOT_MAX_TICKS];
    int n = lossplot_yticks(&a, ticks, LOSSPLOT_MAX_TICKS);
    ASSERT(n == 8);
    ASSERT_NEAR(ticks[0], 1e-6, 1e-18);
    ASSERT_NEAR(ticks[7], 10.0, 1e-12);
}

TEST(epoch_ticks_fall_every_n_over_b_steps)
{
    /* 400 px for steps 0 .. 300; 75 steps an epoch (300 points, B = 4): 100 px apart. */
    LossAxes a = lossplot_fit((UiRect){ 100, 50, 400, 300 }, 300, 1e-3, 1.0);
    long t[LOSSPLOT_MAX_TICKS], stride;
    int n = lossplot_epoch_ticks(&a, 75, 14.0f, t, LOSSPLOT_MAX_TICKS, &stride);
    ASSERT(n == 4 && stride == 1);
    ASSERT(t[0] == 75 && t[1] == 150 && t[2] == 225 && t[3] == 300);
    ASSERT_NEAR(lossplot_x(&a, (double)t[1]), 300, 1e-4);
    /* 10 steps an epoch: 13.3 px apart, under 14: every 2nd epoch. */
    n = lossplot_epoch_ticks(&a, 10, 14.0f, t, LOSSPLOT_MAX_TICKS, &stride);
    ASSERT(stride == 2 && n == 15 && t[0] == 20 && t[14] == 300);
    /* 1 step an epoch: 1.33 px; strides 1, 2, 5, 10, 20 → 20 (26.7 px). */
    n = lossplot_epoch_ticks(&a, 1, 14.0f, t, LOSSPLOT_MAX_TICKS, &stride);
    ASSERT(stride == 20 && n == 15 && t[0] == 20);
    /* Capped at max; no ticks without minibatches or before the first epoch ends. */
    ASSERT(lossplot_epoch_ticks(&a, 75, 14.0f, t, 2, &stride) == 2 && t[1] == 150);
    ASSERT(lossplot_epoch_ticks(&a, 0, 14.0f, t, LOSSPLOT_MAX_TICKS, &stride) == 0);
    ASSERT(lossplot_epoch_ticks(&a, 301, 14.0f, t, LOSSPLOT_MAX_TICKS, &stride) == 0);
}

TEST(loss_plot_handles_negative_losses)
{
    UiRect r = { 0, 0, 100, 100 };
    LossAxes a = lossplot_fit(r, 50, -4.0, 2.0);
    ASSERT(a.symlog);
    float y0 = lossplot_y(&a, 0.0), yn = lossplot_y(&a, -4.0), yp = lossplot_y(&a, 2.0);
    ASSERT(yp < y0 && y0 < yn); /* ordered, y down */
    ASSERT(yn <= 100 && yp >= 0);
    double ticks[LOSSPLOT_MAX_TICKS];
    int n = lossplot_yticks(&a, ticks, LOSSPLOT_MAX_TICKS);
    bool has_zero = false;
    for (int i = 0; i < n; i++) {
        has_zero |= ticks[i] == 0.0;
        if (i > 0) {
            ASSERT(ticks[i] > ticks[i - 1]);
        }
    }
    ASSERT(has_zero && n >= 3);
}

int main(void)
{
    RUN_TEST(single_pane_fills_beside_the_panel);
    RUN_TEST(two_by_two_with_loss_plots);
    RUN_TEST(a_pane_may_leave_out_its_loss_plot);
    RUN_TEST(one_by_two_side_by_side);
    RUN_TEST(loss_plot_maps_decades_linearly);
    RUN_TEST(loss_plot_handles_negative_losses);
    RUN_TEST(epoch_ticks_fall_every_n_over_b_steps);
    return TEST_MAIN("test_screen");
}
