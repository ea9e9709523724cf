/* test_panel.c - the control panel driven by synthetic mouse and key events, without a
 * display: Play toggles the clock, Step advances it, the learning-rate slider (dragged or
 * typed) recomputes the runs at once, the optimizer and landscape dropdowns swap them, Add
 * run adds one, and the stability limit 2/λmax is shown. Widgets are found by their text in
 * the command list, as a person finds them on screen. */
#include <math.h>
#include <stdlib.h>

#include "lecture/panel.h"
#include "test.h"

#define VIEW_W 1400.0f
#define VIEW_H 2400.0f

static float fake_width(void *user, const char *s, int len, float size)
{
    (void)user;
    int cps = 0;
    for (int i = 0; i < len; i++) {
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return 0.5f * size * (float)cps;
}

static float fake_line(void *user, float size)
{
    (void)user;
    return 1.2f * size;
}

typedef struct {
    UiContext *ui;
    Session s;
    PanelState st;
    bool changed;
} Fixture;

static void frame(Fixture *fx)
{
    ui_begin(fx->ui, VIEW_W, VIEW_H);
    fx->changed |= panel_draw(fx->ui, &fx->s, (UiRect){ 900, 0, 500, VIEW_H }, &fx->st);
    ui_end(fx->ui);
}

/* Centre of the last text command whose string is text (exact, or a prefix when it ends
 * in '*'); false when absent. */
static bool find_text(Fixture *fx, const char *text, float *x, float *y)
{
    size_t n = strlen(text);
    bool prefix = n > 0 && text[n - 1] == '*';
    const UiCommand *cmd = NULL;
    bool found = false;
    while (ui_next_command(fx->ui, &cmd)) {
        if (cmd->type == UI_CMD_TEXT &&
            (prefix ? strncmp(cmd->text.str, text, n - 1) == 0 : strcmp(cmd->text.str, text) == 0)) {
            *x = cmd->text.x + fake_width(NULL, cmd->text.str, cmd->text.len, cmd->text.size) / 2;
            *y = cmd->text.y + 0.6f * cmd->text.size;
            found = true;
        }
    }
    return found;
}

static void click(Fixture *fx, float x, float y)
{
    ui_input_mouse_move(fx->ui, x, y);
    frame(fx);
    ui_input_mouse_down(fx->ui, x, y);
    frame(fx);
    ui_input_mouse_up(fx->ui, x, y);
    frame(fx);
    frame(fx); /* what the click changed, on screen */
}

static bool click_text(Fixture *fx, const char *text)
{
    float x, y;
    if (!find_text(fx, text, &x, &y)) {
        fprintf(stderr, "  no text '%s' on screen\n", text);
        return false;
    }
    click(fx, x, y);
    return true;
}

static void setup(Fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    fx->ui = ui_create(&(UiDesc){ .metrics = { fake_width, fake_line, NULL } });
    ASSERT(fx->ui != NULL);
    SceneDesc scene = { .layout = LAYOUT_SINGLE, .n_panes = 1 };
    PaneDesc *pane = &scene.panes[0];
    pane->ls = landscape_find("ravine");
    pane->start[0] = -9;
    pane->start[1] = 2;
    pane->runs[0] = run_desc_default(OPTIM_GD);
    pane->runs[1] = run_desc_default(OPTIM_MOMENTUM);
    pane->n_runs = 2;
    char err[128];
    ASSERT(session_init(&fx->s, &scene, 10, 1000, err, sizeof err));
    frame(fx);
}

static void teardown(Fixture *fx)
{
    session_free(&fx->s);
    ui_destroy(fx->ui);
}

TEST(play_step_and_reset_drive_the_clock)
{
    Fixture fx;
    setup(&fx);
    ASSERT(click_text(&fx, "Play"));
    ASSERT(fx.s.playing);
    ASSERT(click_text(&fx, "Pause"));
    ASSERT(!fx.s.playing);
    for (int i = 0; i < 3; i++) {
        ASSERT(click_text(&fx, "Step"));
    }
    ASSERT(fx.s.step == 3 && fx.s.panes[0].runs[0].n == 4);
    ASSERT(click_text(&fx, "Back"));
    ASSERT(fx.s.step == 2 && fx.s.panes[0].runs[1].n == 3);
    ASSERT(click_text(&fx, "Reset"));
    ASSERT(fx.s.step == 0 && fx.s.panes[0].runs[0].n == 1);
    ASSERT(ui_wants_mouse(fx.ui));
    teardown(&fx);
}

TEST(typing_a_learning_rate_recomputes_the_runs)
{
    Fixture fx;
    setup(&fx);
    for (int i = 0; i < 3; i++) {
        ASSERT(click_text(&fx, "Step"));
    }
    ASSERT(click_text(&fx, "0.1")); /* gd's α value box */
    ui_input_key(fx.ui, UI_KEY_BACKSPACE);
    ui_input_key(fx.ui, UI_KEY_BACKSPACE);
    ui_input_key(fx.ui, UI_KEY_BACKSPACE);
    ui_input_text(fx.ui, "0.5");
    frame(&fx);
    ui_input_key(fx.ui, UI_KEY_ENTER);
    frame(&fx);
    const Run *run = &fx.s.panes[0].runs[0];
    ASSERT(fx.s.panes[0].desc.runs[0].opt.lr == 0.5);
    ASSERT(run->desc.opt.lr == 0.5 && run->n == 4);
    /* y <- y (1 - 2 α) on x²/20 + y² */
    ASSERT_NEAR(run->pts[1].y, 2.0 * (1 - 2 * 0.5), 1e-15);
    ASSERT_NEAR(run->pts[1].x, -9.0 * (1 - 0.1 * 0.5), 1e-14);
    ASSERT(fx.changed);
    /* bad text keeps the old value */
    ASSERT(click_text(&fx, "0.5"));
    ui_input_text(fx.ui, "x");
    ui_input_key(fx.ui, UI_KEY_ENTER);
    frame(&fx);
    ASSERT(fx.s.panes[0].desc.runs[0].opt.lr == 0.5);
    ASSERT(ui_edit_error(fx.ui) != NULL);
    ui_input_key(fx.ui, UI_KEY_ESCAPE);
    frame(&fx);
    teardown(&fx);
}

TEST(dragging_the_learning_rate_to_the_top_makes_gd_overshoot)
{
    Fixture fx;
    setup(&fx);
    for (int i = 0; i < 5; i++) {
        ASSERT(click_text(&fx, "Step"));
    }
    float x, y;
    ASSERT(find_text(&fx, "0.1", &x, &y));
    /* the track ends left of the value box (96 px wide, centred on the text) */
    float track_right = x - 48 - 20;
    ui_input_mouse_move(fx.ui, track_right, y);
    frame(&fx);
    ui_input_mouse_down(fx.ui, track_right, y);
    frame(&fx);
    ui_input_mouse_move(fx.ui, track_right + 400, y); /* past the end: exactly 10 */
    frame(&fx);
    ui_input_mouse_up(fx.ui, track_right + 400, y);
    frame(&fx);
    double lr = fx.s.panes[0].desc.runs[0].opt.lr;
    ASSERT(lr == 10.0);
    const Run *run = &fx.s.panes[0].runs[0];
    ASSERT(run->n == 6);
    ASSERT_NEAR(run->pts[5].y, 2.0 * pow(1 - 2 * lr, 5), 1e-6 * fabs(run->pts[5].y));
    ASSERT(fabs(run->pts[5].y) > 1e5); /* overshoot: |1 - 2α| = 19 */
    teardown(&fx);
}

TEST(dropdowns_swap_the_optimizer_and_the_landscape)
{
    Fixture fx;
    setup(&fx);
    ASSERT(click_text(&fx, "Step"));
    ASSERT(click_text(&fx, "Gradient descent"));
    ASSERT(click_text(&fx, "Adam"));
    const Pane *pane = &fx.s.panes[0];
    ASSERT(pane->desc.runs[0].opt.kind == OPTIM_ADAM && pane->runs[0].desc.opt.kind == OPTIM_ADAM);
    /* Adam at the ravine's rate (a hundredth of the view's shorter side, 8), not 0.001 */
    ASSERT_NEAR(pane->desc.runs[0].opt.lr, 0.08, 1e-12);
    ASSERT(pane->runs[0].desc.opt.lr == pane->desc.runs[0].opt.lr && pane->runs[0].n == 2);
    ASSERT(click_text(&fx, "Ravine"));
    ASSERT(click_text(&fx, "Himmelblau"));
    const Landscape *hb = landscape_find("himmelblau");
    ASSERT(pane->desc.ls == hb && pane->runs[1].ls == hb);
    /* nobody chose Adam's rate: Himmelblau's view is 12 wide and high */
    double hb_lr = fmin(hb->view.xmax - hb->view.xmin, hb->view.ymax - hb->view.ymin) / 100.0;
    ASSERT(pane->desc.runs[0].opt.lr == hb_lr && pane->runs[0].desc.opt.lr == hb_lr);
    ASSERT(pane->runs[1].pts[0].x == hb->start[0] && pane->runs[1].n == 2);
    ASSERT(click_text(&fx, "Add run"));
    ASSERT(pane->desc.n_runs == 3 && fx.s.selected_run == 2);
    teardown(&fx);
}

TEST(the_stability_limit_is_shown_beside_the_rate)
{
    Fixture fx;
    setup(&fx);
    float x, y;
    /* the ravine's λmax is 2 everywhere: gradient descent's limit 2/λmax = 1 */
    ASSERT(find_text(&fx, "stable for \xce\xb1 < 2/\xce\xbbmax = 1 here*", &x, &y));
    /* Nesterov's longer rule wraps rather than losing its number to "...": every word of
     * it is drawn, the last one too. */
    char err[128];
    ASSERT(session_set_optimizer(&fx.s, 0, 0, OPTIM_NESTEROV, err, sizeof err));
    frame(&fx);
    frame(&fx);
    bool whole = false, cut = false;
    const UiCommand *cmd = NULL;
    while (ui_next_command(fx.ui, &cmd)) {
        if (cmd->type != UI_CMD_TEXT)
            continue;
        size_t n = (size_t)cmd->text.len;
        const char *t = cmd->text.str;
        whole |= n >= 4 && strncmp(t + n - 4, "here", 4) == 0;
        cut |= n >= 6 && strncmp(t, "stable", 6) == 0 && strncmp(t + n - 3, "...", 3) == 0;
    }
    ASSERT(whole && !cut);
    teardown(&fx);
}

TEST(each_optimizer_states_its_own_stability_limit)
{
    const Landscape *ls = landscape_find("ravine"); /* λmax = 2 everywhere */
    char err[128], buf[160];
    static const struct {
        OptimKind kind;
        const char *want;
    } CASES[] = {
        {OPTIM_GD, "stable for \xce\xb1 < 2/\xce\xbbmax = 1 here"},
        /* heavy ball, μ = 0.9: 2(1 + μ)/λmax = 1.9 */
        {OPTIM_MOMENTUM, "stable for \xce\xb1 < 2(1 + \xce\xbc)/\xce\xbbmax = 1.9 here"},
        /* Nesterov, μ = 0.9: 2 * 1.9 / (2.8 * 2) = 0.678571... */
        {OPTIM_NESTEROV, "stable for \xce\xb1 < 2(1 + \xce\xbc)/((1 + 2\xce\xbc)\xce\xbbmax) = "
                         "0.6786 here"},
        {OPTIM_NEWTON, "stable for \xce\xb1 < 2 here"},
        {OPTIM_ADAM, "no fixed limit on \xce\xb1: the step adapts"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        RunDesc d = run_desc_default(CASES[i].kind);
        Run run;
        ASSERT(run_init(&run, ls, &d, 3.0, 1.0, err, sizeof err));
        panel_stability_text(&d.opt, ls, &run, buf, sizeof buf);
        if (strcmp(buf, CASES[i].want) != 0)
            fprintf(stderr, "  got '%s', want '%s'\n", buf, CASES[i].want);
        ASSERT(strcmp(buf, CASES[i].want) == 0);
        run_free(&run);
    }
}

/* Clears the focused text field (caret at the end) and types text, then Enter. */
static void retype(Fixture *fx, const char *text)
{
    for (int i = 0; i < 80; i++) {
        ui_input_key(fx->ui, UI_KEY_BACKSPACE);
        if (i % 8 == 7) {
            frame(fx); /* a frame takes a bounded number of events */
        }
    }
    ui_input_text(fx->ui, text);
    frame(fx);
    ui_input_key(fx->ui, UI_KEY_ENTER);
    frame(fx);
    frame(fx);
}

TEST(typing_a_function_compiles_on_enter_and_keeps_it_on_bad_text)
{
    Fixture fx;
    setup(&fx);
    /* The field shows the built-in's own definition. */
    ASSERT(click_text(&fx, "x^2/20 + y^2"));
    retype(&fx, "x^2 + k*y^2");
    const Pane *pane = &fx.s.panes[0];
    ASSERT(pane->typed && pane->desc.ls == &pane->typed->ls);
    ASSERT(pane->desc.ls->lid == LANDSCAPE_TYPED && strcmp(pane->desc.typed.text,
                                                           "x^2 + k*y^2") == 0);
    /* k was declared for the panel: 1 on [0, 2]. From a built-in, the typed default start. */
    ASSERT(pane->desc.typed.n_params == 1 && strcmp(pane->desc.typed.params[0].name, "k") == 0);
    ASSERT(pane->desc.typed.params[0].value == 1.0);
    ASSERT(pane->runs[0].pts[0].x == 0.5 && pane->runs[0].pts[0].y == 0.5);
    ASSERT(pane->runs[0].pts[0].loss == 0.25 + 1.0 * 0.25);
    ASSERT(fx.st.expr_error[0] == '\0');
    float x, y;
    ASSERT(find_text(&fx, "Custom", &x, &y)); /* the landscape list's entry */

    /* Bad text: the function stays, the error names the column, the caret marks it. */
    const LandscapeTyped *before = pane->typed;
    ASSERT(click_text(&fx, "x^2 + k*y^2"));
    ui_input_text(fx.ui, " + (y");
    frame(&fx);
    ui_input_key(fx.ui, UI_KEY_ENTER);
    frame(&fx);
    frame(&fx);
    ASSERT(pane->typed == before && strcmp(pane->desc.typed.text, "x^2 + k*y^2") == 0);
    ASSERT(strstr(fx.st.expr_error, "column 17: expected ')'") != NULL);
    ASSERT(fx.st.expr_mark == 16);
    ASSERT(find_text(&fx, "column 17: expected ')'*", &x, &y));
    ASSERT(strcmp(fx.st.expr, "x^2 + k*y^2 + (y") == 0); /* kept for fixing */

    /* The parameter's slider: typing 1.5 in its value box recomputes every run live. */
    ASSERT(click_text(&fx, "x^2 + k*y^2 + (y"));
    retype(&fx, "x^2 + k*y^2");
    ASSERT(fx.st.expr_error[0] == '\0');
    ASSERT(click_text(&fx, "k"));
    float kx, ky;
    ASSERT(find_text(&fx, "k", &kx, &ky));
    /* the value box sits at the right end of k's row */
    const UiCommand *cmd = NULL;
    float box_x = -1;
    while (ui_next_command(fx.ui, &cmd)) {
        if (cmd->type == UI_CMD_TEXT && strcmp(cmd->text.str, "1") == 0 &&
            fabsf(cmd->text.y - (ky - 0.6f * cmd->text.size)) < 1.0f) {
            box_x = cmd->text.x + 2;
        }
    }
    ASSERT(box_x > 0);
    click(&fx, box_x, ky);
    ui_input_key(fx.ui, UI_KEY_BACKSPACE);
    ui_input_text(fx.ui, "1.5");
    frame(&fx);
    ui_input_key(fx.ui, UI_KEY_ENTER);
    frame(&fx);
    ASSERT(pane->desc.typed.params[0].value == 1.5 && pane->typed->values[0] == 1.5);
    ASSERT(pane->runs[0].pts[0].loss == 0.25 + 1.5 * 0.25);
    ASSERT(pane->runs[0].ls == pane->desc.ls);
    teardown(&fx);
}

int main(void)
{
    RUN_TEST(play_step_and_reset_drive_the_clock);
    RUN_TEST(typing_a_learning_rate_recomputes_the_runs);
    RUN_TEST(dragging_the_learning_rate_to_the_top_makes_gd_overshoot);
    RUN_TEST(dropdowns_swap_the_optimizer_and_the_landscape);
    RUN_TEST(the_stability_limit_is_shown_beside_the_rate);
    RUN_TEST(each_optimizer_states_its_own_stability_limit);
    RUN_TEST(typing_a_function_compiles_on_enter_and_keeps_it_on_bad_text);
    return TEST_MAIN("test_panel");
}
