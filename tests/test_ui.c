/* test_ui.c - the immediate-mode UI driven by synthetic mouse and key events, no display.
 *
 * Text is measured with a fixed-width fake font (0.5 * size per code point, lines 1.2 * size)
 * so every rectangle below can be computed by hand from the default style: at scale 1 a panel
 * at (0, 0) with a title has its body at x = 10, y = 50, rows 36 px high, 6 px apart.
 */
#include <stdlib.h>

#include "test.h"
#include "ui/ui.h"

#define VIEW_W 1280.0f
#define VIEW_H 720.0f

static float fake_width(void *user, const char *s, int len, float size)
{
    (void)user;
    int cps = 0;
    for (int i = 0; i < len; i++)
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return 0.5f * size * (float)cps;
}

static float fake_line(void *user, float size)
{
    (void)user;
    return 1.2f * size;
}

static UiContext *make_ctx(int command_capacity)
{
    UiContext *ctx = ui_create(&(UiDesc){
        .metrics = {fake_width, fake_line, NULL},
        .command_capacity = command_capacity,
    });
    ASSERT(ctx != NULL);
    return ctx;
}

/* ---- Scene driving -------------------------------------------------------------------- */

typedef struct {
    void (*draw)(UiContext *ctx, void *st);
    void *st;
} Scene;

static void frame(UiContext *ctx, Scene sc)
{
    ui_begin(ctx, VIEW_W, VIEW_H);
    sc.draw(ctx, sc.st);
    ui_end(ctx);
}

static void move_to(UiContext *ctx, Scene sc, float x, float y)
{
    ui_input_mouse_move(ctx, x, y);
    frame(ctx, sc);
}

static void press_at(UiContext *ctx, Scene sc, float x, float y)
{
    ui_input_mouse_down(ctx, x, y);
    frame(ctx, sc);
}

static void release_at(UiContext *ctx, Scene sc, float x, float y)
{
    ui_input_mouse_up(ctx, x, y);
    frame(ctx, sc);
}

static void click_at(UiContext *ctx, Scene sc, float x, float y)
{
    move_to(ctx, sc, x, y);
    press_at(ctx, sc, x, y);
    release_at(ctx, sc, x, y);
}

static void type_text(UiContext *ctx, Scene sc, const char *text)
{
    ui_input_text(ctx, text);
    frame(ctx, sc);
}

static void key(UiContext *ctx, Scene sc, UiKey k)
{
    ui_input_key(ctx, k);
    frame(ctx, sc);
}

static const UiCommand *find_text(const UiContext *ctx, const char *s)
{
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd))
        if (cmd->type == UI_CMD_TEXT && strcmp(cmd->text.str, s) == 0)
            return cmd;
    return NULL;
}

static int command_index(const UiContext *ctx, const UiCommand *target)
{
    const UiCommand *cmd = NULL;
    for (int i = 0; ui_next_command(ctx, &cmd); i++)
        if (cmd == target)
            return i;
    return -1;
}

static bool same_rect(UiRect a, UiRect b)
{
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

static bool same_color(UiColor a, UiColor b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static const UiRect big_panel = {0.0f, 0.0f, 400.0f, 300.0f};

/* Slider geometry in big_panel, row 0: cell (10, 50, 380, 36), value box 96 wide at the
 * right, track 380 - 96 - 6 = 278 wide, thumb 14: the thumb centre runs from x = 17 over
 * 264 px. */
#define ROW0_Y 68.0f
#define TRACK_X0 17.0f
#define TRACK_USABLE 264.0f
#define VALUE_BOX_X 342.0f

/* ---- Sliders -------------------------------------------------------------------------- */

typedef struct {
    double value, lo, hi;
    int flags;
    int res, all;
} SliderState;

static void slider_scene(UiContext *ctx, void *p)
{
    SliderState *st = p;
    ui_panel_begin(ctx, "Optimizer", big_panel, 0);
    st->res = ui_slider(ctx, "lr", &st->value, st->lo, st->hi, st->flags);
    st->all |= st->res;
    ui_panel_end(ctx);
}

TEST(test_slider_linear_drag_proportional)
{
    UiContext *ctx = make_ctx(0);
    SliderState st = {.value = 0.5, .lo = 0.0, .hi = 1.0};
    Scene sc = {slider_scene, &st};
    move_to(ctx, sc, 100.0f, ROW0_Y);

    /* Grab the thumb 4 px right of its centre (17 + 132 = 149): no jump. */
    press_at(ctx, sc, 153.0f, ROW0_Y);
    ASSERT(st.value == 0.5);
    ASSERT(!(st.res & UI_RES_CHANGE));
    ASSERT(st.res & UI_RES_ACTIVE);

    /* +66 px of 264 is a quarter of the range. */
    move_to(ctx, sc, 153.0f + 66.0f, ROW0_Y);
    ASSERT_NEAR(st.value, 0.75, 1e-12);
    ASSERT(st.res & UI_RES_CHANGE);
    /* -99 px: three eighths down. */
    move_to(ctx, sc, 153.0f + 66.0f - 99.0f, ROW0_Y);
    ASSERT_NEAR(st.value, 0.375, 1e-12);
    /* Vertical motion off the slider keeps dragging; only x counts. */
    move_to(ctx, sc, 153.0f + 66.0f - 99.0f + 33.0f, 250.0f);
    ASSERT_NEAR(st.value, 0.5, 1e-12);
    ASSERT(ui_wants_mouse(ctx));
    release_at(ctx, sc, 153.0f + 66.0f - 99.0f + 33.0f, 250.0f);
    ASSERT(!(st.res & UI_RES_ACTIVE));

    /* After the release, motion changes nothing. */
    move_to(ctx, sc, 300.0f, ROW0_Y);
    ASSERT_NEAR(st.value, 0.5, 1e-12);

    /* A press on the track away from the thumb jumps there: 33 px = 1/8. */
    press_at(ctx, sc, TRACK_X0 + 33.0f, ROW0_Y);
    ASSERT_NEAR(st.value, 0.125, 1e-12);
    release_at(ctx, sc, TRACK_X0 + 33.0f, ROW0_Y);

    /* The ends are exact even where lo + (hi - lo) rounds: 0.1 + 0.6 != 0.7 in double. */
    st.lo = 0.1;
    st.hi = 0.7;
    press_at(ctx, sc, 200.0f, ROW0_Y);
    move_to(ctx, sc, 1000.0f, ROW0_Y);
    ASSERT(st.value == 0.7);
    move_to(ctx, sc, -50.0f, ROW0_Y);
    ASSERT(st.value == 0.1);
    release_at(ctx, sc, -50.0f, ROW0_Y);
    ui_destroy(ctx);
}

/* The thumb rect of a slider in row 0 of big_panel, found in the command list. */
static bool find_thumb_x(const UiContext *ctx, float *x)
{
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd)) {
        if (cmd->type == UI_CMD_RECT && cmd->rect.rect.w == 14.0f &&
            cmd->rect.rect.h == 0.7f * 36.0f) {
            *x = cmd->rect.rect.x + 7.0f;
            return true;
        }
    }
    return false;
}

TEST(test_slider_log_ends_exact_middle_geometric)
{
    UiContext *ctx = make_ctx(0);
    SliderState st = {.value = 1.0, .lo = 1e-5, .hi = 10.0, .flags = UI_SLIDER_LOG};
    Scene sc = {slider_scene, &st};
    move_to(ctx, sc, 11.0f, ROW0_Y);

    press_at(ctx, sc, 11.0f, ROW0_Y); /* left of the thumb's leftmost centre */
    ASSERT(st.value == 1e-5);
    move_to(ctx, sc, TRACK_X0, ROW0_Y); /* exactly the left end */
    ASSERT(st.value == 1e-5);
    move_to(ctx, sc, TRACK_X0 + 0.5f * TRACK_USABLE, ROW0_Y);
    ASSERT_NEAR(st.value / sqrt(1e-5 * 10.0), 1.0, 1e-12);
    move_to(ctx, sc, TRACK_X0 + 0.25f * TRACK_USABLE, ROW0_Y);
    ASSERT_NEAR(st.value / pow(10.0, -3.5), 1.0, 1e-12);
    move_to(ctx, sc, TRACK_X0 + TRACK_USABLE, ROW0_Y); /* exactly the right end */
    ASSERT(st.value == 10.0);
    move_to(ctx, sc, 600.0f, ROW0_Y);
    ASSERT(st.value == 10.0);
    release_at(ctx, sc, 600.0f, ROW0_Y);

    /* The thumb sits where log(value) maps linearly: 1e-2 is halfway, 1e-4 a sixth. */
    float x = 0.0f;
    st.value = 1e-2;
    frame(ctx, sc);
    ASSERT(find_thumb_x(ctx, &x));
    ASSERT_NEAR(x, TRACK_X0 + 0.5f * TRACK_USABLE, 1e-3);
    st.value = 1e-4;
    frame(ctx, sc);
    ASSERT(find_thumb_x(ctx, &x));
    ASSERT_NEAR(x, TRACK_X0 + TRACK_USABLE / 6.0f, 1e-3);
    ui_destroy(ctx);
}

/* ---- Numeric entry -------------------------------------------------------------------- */

static void open_entry(UiContext *ctx, Scene sc)
{
    click_at(ctx, sc, VALUE_BOX_X, ROW0_Y);
}

TEST(test_numeric_entry_accepts_exact_value)
{
    UiContext *ctx = make_ctx(0);
    SliderState st = {.value = 0.1, .lo = 1e-5, .hi = 10.0, .flags = UI_SLIDER_LOG};
    Scene sc = {slider_scene, &st};
    frame(ctx, sc);
    ASSERT(find_text(ctx, "0.1") != NULL); /* the value box */
    ASSERT(!ui_wants_keyboard(ctx));

    open_entry(ctx, sc);
    ASSERT(ui_wants_keyboard(ctx));
    ASSERT(st.value == 0.1); /* opening the field changes nothing */
    ASSERT(st.res & UI_RES_ACTIVE);

    /* The shown text is selected: typing replaces it. */
    type_text(ctx, sc, "0.2");
    type_text(ctx, sc, "5");
    ASSERT(find_text(ctx, "0.25") != NULL);
    ASSERT(st.value == 0.1);
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 0.25);
    ASSERT(st.res & UI_RES_CHANGE);
    ASSERT(st.res & UI_RES_SUBMIT);
    ASSERT(!ui_wants_keyboard(ctx));
    ASSERT(ui_edit_error(ctx) == NULL);

    /* Exact: a value the slider could never land on by dragging. */
    open_entry(ctx, sc);
    type_text(ctx, sc, "0.001234567");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 0.001234567);

    /* Enter on the untouched text keeps the value bit for bit. */
    st.value = 0.1 + 0.2;
    open_entry(ctx, sc);
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 0.1 + 0.2);
    ASSERT(!(st.res & UI_RES_CHANGE));

    /* Editing keys: caret moves and UTF-8 aware deletion. */
    open_entry(ctx, sc);
    type_text(ctx, sc, "1.5");
    key(ctx, sc, UI_KEY_HOME);
    key(ctx, sc, UI_KEY_DELETE);  /* ".5" */
    type_text(ctx, sc, "3");      /* "3.5" */
    key(ctx, sc, UI_KEY_END);
    type_text(ctx, sc, "\xce\xb1"); /* "3.5α": invalid */
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.res & UI_RES_ERROR);
    ASSERT(st.value == 0.1 + 0.2);
    key(ctx, sc, UI_KEY_BACKSPACE); /* removes both bytes of α */
    ASSERT(ui_edit_error(ctx) == NULL);
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 3.5);
    ui_destroy(ctx);
}

TEST(test_numeric_entry_rejects_bad_text)
{
    UiContext *ctx = make_ctx(0);
    SliderState st = {.value = 0.25, .lo = 1e-5, .hi = 10.0, .flags = UI_SLIDER_LOG};
    Scene sc = {slider_scene, &st};
    frame(ctx, sc);
    static const char *const bad[] = {"abc", "1e999", "nan", "inf", "20", "-1", "0",
                                      "0.5x", "", "1e-6", "0x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        open_entry(ctx, sc);
        key(ctx, sc, UI_KEY_BACKSPACE); /* clear the selected text */
        type_text(ctx, sc, bad[i]);
        st.all = 0;
        key(ctx, sc, UI_KEY_ENTER);
        if (st.value != 0.25 || !(st.all & UI_RES_ERROR))
            fprintf(stderr, "  bad text \"%s\" was accepted\n", bad[i]);
        ASSERT(st.value == 0.25);
        ASSERT(st.all & UI_RES_ERROR);
        ASSERT(!(st.all & UI_RES_CHANGE));
        const char *msg = ui_edit_error(ctx);
        ASSERT(msg != NULL);
        if (msg)
            ASSERT(strcmp(msg, "expected a number in [1e-05, 10]") == 0);
        /* The error state lasts and is drawn, in the overlay above the panel. */
        frame(ctx, sc);
        ASSERT(ui_edit_error(ctx) != NULL);
        ASSERT(ui_wants_keyboard(ctx));
        const UiCommand *text = find_text(ctx, "expected a number in [1e-05, 10]");
        ASSERT(text != NULL);
        /* Esc cancels: value kept, error gone, field closed. */
        key(ctx, sc, UI_KEY_ESCAPE);
        ASSERT(ui_edit_error(ctx) == NULL);
        ASSERT(!ui_wants_keyboard(ctx));
        ASSERT(st.value == 0.25);
        ASSERT(find_text(ctx, "expected a number in [1e-05, 10]") == NULL);
        ASSERT(find_text(ctx, "0.25") != NULL);
    }

    /* After an error, valid text clears it and Enter sets it. */
    open_entry(ctx, sc);
    type_text(ctx, sc, "abc");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(ui_edit_error(ctx) != NULL);
    for (int i = 0; i < 3; i++)
        ui_input_key(ctx, UI_KEY_BACKSPACE);
    frame(ctx, sc);
    ASSERT(ui_edit_error(ctx) != NULL); /* empty text is still invalid */
    type_text(ctx, sc, "2");
    ASSERT(ui_edit_error(ctx) == NULL);
    ASSERT(st.value == 0.25); /* not yet committed */
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 2.0);

    /* Esc cancels valid text too. */
    open_entry(ctx, sc);
    type_text(ctx, sc, "3");
    key(ctx, sc, UI_KEY_ESCAPE);
    ASSERT(st.value == 2.0);
    ASSERT(!ui_wants_keyboard(ctx));

    /* A click elsewhere commits valid text and drops invalid text. */
    open_entry(ctx, sc);
    type_text(ctx, sc, "4");
    click_at(ctx, sc, 700.0f, 500.0f);
    ASSERT(st.value == 4.0);
    ASSERT(!ui_wants_keyboard(ctx));
    open_entry(ctx, sc);
    type_text(ctx, sc, "zz");
    key(ctx, sc, UI_KEY_ENTER);
    click_at(ctx, sc, 700.0f, 500.0f);
    ASSERT(st.value == 4.0);
    ASSERT(!ui_wants_keyboard(ctx));
    ASSERT(ui_edit_error(ctx) == NULL);
    ui_destroy(ctx);
}

typedef struct {
    int value;
    int res;
} IntState;

static void int_scene(UiContext *ctx, void *p)
{
    IntState *st = p;
    ui_panel_begin(ctx, "Run", big_panel, 0);
    st->res = ui_slider_int(ctx, "steps", &st->value, 1, 100, 0);
    ui_panel_end(ctx);
}

typedef struct {
    double value;
    UiSliderDesc desc;
    int res;
} DescSliderState;

static void desc_slider_scene(UiContext *ctx, void *p)
{
    DescSliderState *st = p;
    ui_panel_begin(ctx, "Optimizer", big_panel, 0);
    st->res = ui_slider_desc(ctx, "lr", &st->value, &st->desc);
    ui_panel_end(ctx);
}

/* The mark's rect (3 px wide at scale 1, 0.8 of the row tall), centre x, if drawn. */
static bool find_mark_x(const UiContext *ctx, float *x)
{
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd)) {
        if (cmd->type == UI_CMD_RECT && cmd->rect.rect.w == 3.0f &&
            cmd->rect.rect.h == 0.8f * 36.0f) {
            *x = cmd->rect.rect.x + 1.5f;
            return true;
        }
    }
    return false;
}

/* The learning-rate slider of the panel: a tick at the stability limit, Shift-drag at a tenth
 * of the pointer's travel, typed values beyond the track kept. */
TEST(test_slider_mark_fine_drag_typed_range)
{
    UiContext *ctx = make_ctx(0);
    DescSliderState st = {
        .value = 1.0,
        .desc = {.lo = 1e-5, .hi = 10.0, .type_lo = 1e-9, .type_hi = 1e6, .mark = 1.0,
                 .flags = UI_SLIDER_LOG},
    };
    Scene sc = {desc_slider_scene, &st};
    move_to(ctx, sc, 100.0f, ROW0_Y);
    /* log 1 is five sixths of the way from log 1e-5 to log 10: x = 17 + 220 = 237. */
    float mx = 0.0f;
    ASSERT(find_mark_x(ctx, &mx));
    ASSERT_NEAR(mx, 237.0, 1e-3);
    st.desc.mark = 100.0; /* beyond the track: no tick */
    move_to(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(!find_mark_x(ctx, &mx));
    st.desc.mark = NAN;
    move_to(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(!find_mark_x(ctx, &mx));

    /* Grab the thumb at its centre (237), Shift held: 60 px move it 6 px' worth. */
    press_at(ctx, sc, 237.0f, ROW0_Y);
    ASSERT(st.value == 1.0);
    ui_input_fine(ctx, true);
    move_to(ctx, sc, 297.0f, ROW0_Y);
    double decades_per_px = 6.0 / 264.0;
    ASSERT_NEAR(log10(st.value), 6.0 * decades_per_px, 1e-9);
    /* Shift released mid-drag: from here the thumb follows the pointer at full speed. */
    double at = st.value;
    ui_input_fine(ctx, false);
    move_to(ctx, sc, 297.0f, ROW0_Y);
    ASSERT(st.value == at);
    move_to(ctx, sc, 307.0f, ROW0_Y);
    ASSERT_NEAR(log10(st.value), log10(at) + 10.0 * decades_per_px, 1e-9);
    release_at(ctx, sc, 307.0f, ROW0_Y);

    /* Typed: 100 lies beyond the track but within what the box accepts, and is kept. */
    click_at(ctx, sc, VALUE_BOX_X + 10.0f, ROW0_Y);
    type_text(ctx, sc, "100");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 100.0);
    ASSERT(st.res & UI_RES_CHANGE);
    /* 0 is below type_lo: refused, the value kept. */
    click_at(ctx, sc, VALUE_BOX_X + 10.0f, ROW0_Y);
    type_text(ctx, sc, "0");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.res & UI_RES_ERROR);
    ASSERT(st.value == 100.0);
    key(ctx, sc, UI_KEY_ESCAPE);
    ui_destroy(ctx);
}

TEST(test_slider_int)
{
    UiContext *ctx = make_ctx(0);
    IntState st = {.value = 10};
    Scene sc = {int_scene, &st};
    move_to(ctx, sc, 11.0f, ROW0_Y);
    press_at(ctx, sc, 11.0f, ROW0_Y);
    ASSERT(st.value == 1);
    /* Halfway is 1 + 0.5 * 99 = 50.5, rounded to 51. */
    move_to(ctx, sc, TRACK_X0 + 0.5f * TRACK_USABLE, ROW0_Y);
    ASSERT(st.value == 51);
    move_to(ctx, sc, 500.0f, ROW0_Y);
    ASSERT(st.value == 100);
    release_at(ctx, sc, 500.0f, ROW0_Y);

    open_entry(ctx, sc);
    type_text(ctx, sc, "2.5");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 100);
    ASSERT(st.res & UI_RES_ERROR);
    const char *msg = ui_edit_error(ctx);
    ASSERT(msg && strcmp(msg, "expected an integer in [1, 100]") == 0);
    key(ctx, sc, UI_KEY_ESCAPE);
    open_entry(ctx, sc);
    type_text(ctx, sc, "7");
    key(ctx, sc, UI_KEY_ENTER);
    ASSERT(st.value == 7);
    ASSERT(st.res & UI_RES_CHANGE);
    ui_destroy(ctx);
}

/* ---- Buttons and toggles -------------------------------------------------------------- */

typedef struct {
    int res;
    int submits;
    bool flags[2];
    bool use_ids;
    int changes[2];
} ButtonState;

static void button_scene(UiContext *ctx, void *p)
{
    ButtonState *st = p;
    ui_panel_begin(ctx, "Controls", big_panel, 0);
    st->res = ui_button(ctx, "Reset");
    st->submits += (st->res & UI_RES_SUBMIT) != 0;
    ui_panel_end(ctx);
}

TEST(test_button_submits_once_per_click)
{
    UiContext *ctx = make_ctx(0);
    ButtonState st = {0};
    Scene sc = {button_scene, &st};
    move_to(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res == 0);
    press_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res == UI_RES_ACTIVE);
    frame(ctx, sc); /* held */
    ASSERT(st.res == UI_RES_ACTIVE);
    ASSERT(st.submits == 0);
    release_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res == UI_RES_SUBMIT);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.submits == 1);

    /* Press on the button, release elsewhere: no click. */
    press_at(ctx, sc, 100.0f, ROW0_Y);
    move_to(ctx, sc, 100.0f, 200.0f);
    release_at(ctx, sc, 100.0f, 200.0f);
    ASSERT(st.submits == 1);
    /* Press elsewhere, release on the button: no click either. */
    press_at(ctx, sc, 100.0f, 200.0f);
    move_to(ctx, sc, 100.0f, ROW0_Y);
    release_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.submits == 1);
    /* Press and release between two frames still count once. */
    ui_input_mouse_down(ctx, 100.0f, ROW0_Y);
    ui_input_mouse_up(ctx, 100.0f, ROW0_Y);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.submits == 2);
    ui_destroy(ctx);
}

static void checkbox_scene(UiContext *ctx, void *p)
{
    ButtonState *st = p;
    ui_panel_begin(ctx, "Runs", big_panel, 0);
    for (int i = 0; i < 2; i++) {
        if (st->use_ids)
            ui_push_id(ctx, i);
        int res = ui_checkbox(ctx, "visible", &st->flags[i]);
        st->changes[i] += (res & UI_RES_CHANGE) != 0;
        if (st->use_ids)
            ui_pop_id(ctx);
    }
    ui_panel_end(ctx);
}

TEST(test_checkbox_flips)
{
    UiContext *ctx = make_ctx(0);
    ButtonState st = {.use_ids = true};
    Scene sc = {checkbox_scene, &st};
    click_at(ctx, sc, 30.0f, ROW0_Y);
    ASSERT(st.flags[0] && !st.flags[1]);
    ASSERT(st.changes[0] == 1);
    click_at(ctx, sc, 30.0f, ROW0_Y);
    ASSERT(!st.flags[0] && !st.flags[1]);
    ASSERT(st.changes[0] == 2);
    /* The checked box draws its checkmark: four triangles. */
    click_at(ctx, sc, 30.0f, ROW0_Y);
    int tris = 0;
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd))
        tris += cmd->type == UI_CMD_TRIANGLE;
    ASSERT(tris == 4);
    ui_destroy(ctx);
}

TEST(test_push_id_separates_same_labels)
{
    UiContext *ctx = make_ctx(0);
    ButtonState st = {.use_ids = true};
    Scene sc = {checkbox_scene, &st};
    /* Row 1 is 50 + 36 + 6 = 92 .. 128. */
    click_at(ctx, sc, 30.0f, 110.0f);
    ASSERT(!st.flags[0] && st.flags[1]);
    ASSERT(st.changes[0] == 0 && st.changes[1] == 1);
    click_at(ctx, sc, 30.0f, ROW0_Y);
    ASSERT(st.flags[0] && st.flags[1]);
    ASSERT(st.changes[0] == 1 && st.changes[1] == 1);

    ui_begin(ctx, VIEW_W, VIEW_H);
    UiId plain = ui_get_id(ctx, "visible");
    ui_push_id(ctx, 0);
    UiId a = ui_get_id(ctx, "visible");
    ui_pop_id(ctx);
    ui_push_id(ctx, 1);
    UiId b = ui_get_id(ctx, "visible");
    ui_pop_id(ctx);
    ASSERT(ui_get_id(ctx, "visible") == plain);
    ASSERT(a != b && a != plain && b != plain);
    ASSERT(ui_get_id(ctx, "Reset##1") != ui_get_id(ctx, "Reset##2"));
    ui_end(ctx);
    ui_destroy(ctx);
}

/* ---- Dropdown ------------------------------------------------------------------------- */

typedef struct {
    int index;
    int res, button_submits;
    bool with_button;
} DropState;

static const char *const drop_items[] = {"GD", "Momentum", "Adam"};

static void drop_scene(UiContext *ctx, void *p)
{
    DropState *st = p;
    ui_panel_begin(ctx, "Optimizer", big_panel, 0);
    st->res = ui_dropdown(ctx, "kind", &st->index, drop_items, 3);
    if (st->with_button)
        st->button_submits += (ui_button(ctx, "Run") & UI_RES_SUBMIT) != 0;
    ui_panel_end(ctx);
}

TEST(test_dropdown_open_pick_close)
{
    UiContext *ctx = make_ctx(0);
    DropState st = {.index = 0};
    Scene sc = {drop_scene, &st};
    frame(ctx, sc);
    ASSERT(find_text(ctx, "GD") != NULL);
    ASSERT(find_text(ctx, "Adam") == NULL);

    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res & UI_RES_ACTIVE);
    ASSERT(st.index == 0);
    ASSERT(find_text(ctx, "Adam") != NULL);
    ASSERT(ui_wants_mouse(ctx));

    /* Items are 36 px rows under the box (y = 86): Adam is 158 .. 194. */
    click_at(ctx, sc, 100.0f, 170.0f);
    ASSERT(st.index == 2);
    frame(ctx, sc);
    ASSERT(!(st.res & UI_RES_ACTIVE));
    ASSERT(find_text(ctx, "Momentum") == NULL);

    /* A click outside the list (still on the panel) closes without a change. */
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res & UI_RES_ACTIVE);
    click_at(ctx, sc, 100.0f, 260.0f);
    ASSERT(!(st.res & UI_RES_ACTIVE));
    ASSERT(st.index == 2);
    /* ... and so does a click off the panel, which the open list still claims. */
    click_at(ctx, sc, 100.0f, ROW0_Y);
    move_to(ctx, sc, 900.0f, 600.0f);
    ASSERT(ui_wants_mouse(ctx));
    press_at(ctx, sc, 900.0f, 600.0f);
    release_at(ctx, sc, 900.0f, 600.0f);
    ASSERT(!(st.res & UI_RES_ACTIVE));
    ASSERT(st.index == 2);
    ASSERT(!ui_wants_mouse(ctx));
    /* Esc closes. */
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res & UI_RES_ACTIVE);
    key(ctx, sc, UI_KEY_ESCAPE);
    ASSERT(!(st.res & UI_RES_ACTIVE));
    ASSERT(st.index == 2);
    /* A click on the box itself closes it too. */
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res & UI_RES_ACTIVE);
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(!(st.res & UI_RES_ACTIVE));
    ui_destroy(ctx);
}

TEST(test_dropdown_list_takes_click_over_widget)
{
    UiContext *ctx = make_ctx(0);
    DropState st = {.index = 2, .with_button = true};
    Scene sc = {drop_scene, &st};
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.res & UI_RES_ACTIVE);

    /* Drawn above everything: the list comes after the button in the command order. */
    const UiCommand *run = find_text(ctx, "Run"), *gd = find_text(ctx, "GD");
    ASSERT(run && gd);
    ASSERT(command_index(ctx, gd) > command_index(ctx, run));

    /* GD's row (86 .. 122) covers the Run button (92 .. 128): the list takes the click. */
    click_at(ctx, sc, 100.0f, 110.0f);
    ASSERT(st.index == 0);
    ASSERT(st.button_submits == 0);
    frame(ctx, sc);
    ASSERT(st.button_submits == 0);
    /* With the list closed, the button works. */
    click_at(ctx, sc, 100.0f, 110.0f);
    ASSERT(st.button_submits == 1);
    ASSERT(st.index == 0);
    ui_destroy(ctx);
}

static void drop_low_scene(UiContext *ctx, void *p)
{
    DropState *st = p;
    ui_panel_begin(ctx, "Low", (UiRect){0.0f, 500.0f, 400.0f, 220.0f}, 0);
    st->button_submits += (ui_button(ctx, "Run") & UI_RES_SUBMIT) != 0;
    st->res = ui_dropdown(ctx, "kind", &st->index, drop_items, 3);
    ui_panel_end(ctx);
}

TEST(test_dropdown_opens_upward_over_earlier_widget)
{
    UiContext *ctx = make_ctx(0);
    DropState st = {.index = 0};
    Scene sc = {drop_low_scene, &st};
    /* Button at y 550 .. 586, dropdown at 592 .. 628; 108 px of list do not fit below 720,
     * so it opens upward: 484 .. 592, Adam at 556 .. 592, over the button drawn before. */
    click_at(ctx, sc, 100.0f, 610.0f);
    ASSERT(st.res & UI_RES_ACTIVE);
    const UiCommand *adam = find_text(ctx, "Adam");
    ASSERT(adam && adam->text.y == 556.0f + 6.0f);

    /* Hovering the list over the button does not highlight the button. */
    move_to(ctx, sc, 100.0f, 570.0f);
    const UiStyle *style = ui_get_style(ctx);
    const UiCommand *cmd = NULL;
    ASSERT(ui_next_command(ctx, &cmd));
    bool button_plain = false;
    while (ui_next_command(ctx, &cmd))
        if (cmd->type == UI_CMD_RECT &&
            same_rect(cmd->rect.rect, (UiRect){10.0f, 550.0f, 380.0f, 36.0f}))
            button_plain = same_color(cmd->color, style->colors[UI_COLOR_BUTTON]);
    ASSERT(button_plain);

    press_at(ctx, sc, 100.0f, 570.0f);
    release_at(ctx, sc, 100.0f, 570.0f);
    ASSERT(st.index == 2);
    ASSERT(st.button_submits == 0);
    ui_destroy(ctx);
}

/* ---- Commands, layout, scale, hit testing --------------------------------------------- */

static void label_scene(UiContext *ctx, void *p)
{
    (void)p;
    ui_panel_begin(ctx, "Run", (UiRect){10.0f, 20.0f, 300.0f, 200.0f}, 0);
    ui_label(ctx, "hello");
    ui_panel_end(ctx);
}

TEST(test_command_list_simple_panel)
{
    UiContext *ctx = make_ctx(0);
    Scene sc = {label_scene, NULL};
    frame(ctx, sc);
    const UiStyle *style = ui_get_style(ctx);
    const UiCommand *cmd = NULL;
    ASSERT(ui_next_command(ctx, &cmd));
    /* The background comes first. */
    ASSERT(cmd->type == UI_CMD_RECT);
    ASSERT(same_rect(cmd->rect.rect, (UiRect){10.0f, 20.0f, 300.0f, 200.0f}));
    ASSERT(same_color(cmd->color, style->colors[UI_COLOR_PANEL]));
    ASSERT(cmd->rect.radius == 6.0f);

    bool title_bar = false;
    int pushes = 0, pops = 0, count = 0;
    cmd = NULL;
    while (ui_next_command(ctx, &cmd)) {
        count++;
        if (cmd->type == UI_CMD_RECT &&
            same_rect(cmd->rect.rect, (UiRect){10.0f, 20.0f, 300.0f, 40.0f}))
            title_bar = same_color(cmd->color, style->colors[UI_COLOR_TITLE]);
        if (cmd->type == UI_CMD_CLIP_PUSH) {
            pushes++;
            /* Below the title bar. */
            ASSERT(same_rect(cmd->clip.rect, (UiRect){10.0f, 60.0f, 300.0f, 160.0f}));
        }
        if (cmd->type == UI_CMD_CLIP_POP) {
            pops++;
            ASSERT(same_rect(cmd->clip.rect, (UiRect){0.0f, 0.0f, VIEW_W, VIEW_H}));
        }
    }
    ASSERT(title_bar);
    ASSERT(pushes == 1 && pops == 1);
    ASSERT(count == 7); /* bg, bar, bar's lower half, title, clip, label, unclip */

    /* Title at the padding, centred in the 40 px bar; lines are 24 px. */
    const UiCommand *title = find_text(ctx, "Run");
    ASSERT(title != NULL);
    if (title) {
        ASSERT(title->text.x == 20.0f && title->text.y == 28.0f);
        ASSERT(title->text.size == 20.0f);
        ASSERT(same_color(title->color, style->colors[UI_COLOR_TITLE_TEXT]));
    }
    /* Label: body at (20, 70), centred in its 36 px row. */
    const UiCommand *label = find_text(ctx, "hello");
    ASSERT(label != NULL);
    if (label) {
        ASSERT(label->text.x == 20.0f && label->text.y == 76.0f);
        ASSERT(label->text.len == 5 && label->text.str[5] == '\0');
        ASSERT(same_color(label->color, style->colors[UI_COLOR_TEXT]));
    }
    ASSERT(!ui_overflowed(ctx));
    ui_destroy(ctx);
}

typedef struct {
    UiRect cells[3];
    float row2_y;
    const UiCommand *unused;
} LayoutState;

static void layout_scene(UiContext *ctx, void *p)
{
    LayoutState *st = p;
    float s = ui_get_scale(ctx);
    ui_panel_begin(ctx, "Scaled", (UiRect){0.0f, 0.0f, 400.0f * s, 300.0f * s}, 0);
    ui_layout_row(ctx, 3, (const float[]){100.0f, 50.0f, 0.0f}, 0.0f);
    for (int i = 0; i < 3; i++)
        st->cells[i] = ui_layout_next(ctx);
    ui_label(ctx, "next");
    st->row2_y = ui_last_rect(ctx).y;
    ui_panel_end(ctx);
}

TEST(test_scale_multiplies_layout)
{
    UiContext *ctx = make_ctx(0);
    LayoutState st = {0};
    Scene sc = {layout_scene, &st};
    frame(ctx, sc);
    /* Scale 1: body (10, 50, 380); the flexible cell takes 380 - 100 - 50 - 2 * 6. */
    ASSERT(same_rect(st.cells[0], (UiRect){10.0f, 50.0f, 100.0f, 36.0f}));
    ASSERT(same_rect(st.cells[1], (UiRect){116.0f, 50.0f, 50.0f, 36.0f}));
    ASSERT(same_rect(st.cells[2], (UiRect){172.0f, 50.0f, 218.0f, 36.0f}));
    ASSERT(st.row2_y == 92.0f);
    const UiCommand *t = find_text(ctx, "next");
    ASSERT(t && t->text.size == 20.0f);

    ui_set_scale(ctx, 2.0f);
    frame(ctx, sc);
    ASSERT(same_rect(st.cells[0], (UiRect){20.0f, 100.0f, 200.0f, 72.0f}));
    ASSERT(same_rect(st.cells[1], (UiRect){232.0f, 100.0f, 100.0f, 72.0f}));
    ASSERT(same_rect(st.cells[2], (UiRect){344.0f, 100.0f, 436.0f, 72.0f}));
    ASSERT(st.row2_y == 184.0f);
    t = find_text(ctx, "next");
    ASSERT(t && t->text.size == 40.0f);
    ASSERT(t && t->text.y == 184.0f + 0.5f * (72.0f - 48.0f));
    ui_destroy(ctx);
}

TEST(test_wants_mouse_over_panel)
{
    UiContext *ctx = make_ctx(0);
    Scene sc = {label_scene, NULL};
    ui_input_mouse_move(ctx, 50.0f, 50.0f);
    ASSERT(!ui_wants_mouse(ctx)); /* no frame yet: no panel known */
    frame(ctx, sc);
    ASSERT(ui_wants_mouse(ctx));
    ui_input_mouse_move(ctx, 500.0f, 500.0f);
    ASSERT(!ui_wants_mouse(ctx));
    ui_input_mouse_move(ctx, 309.5f, 219.5f); /* inside the bottom-right corner */
    ASSERT(ui_wants_mouse(ctx));
    ui_input_mouse_move(ctx, 310.0f, 100.0f); /* the right edge is outside */
    ASSERT(!ui_wants_mouse(ctx));
    ui_input_mouse_move(ctx, 9.0f, 100.0f);
    ASSERT(!ui_wants_mouse(ctx));

    /* A press that began on the panel stays the UI's until released, even off the panel. */
    ui_input_mouse_down(ctx, 100.0f, 100.0f);
    frame(ctx, sc);
    ui_input_mouse_move(ctx, 600.0f, 600.0f);
    ASSERT(ui_wants_mouse(ctx));
    ui_input_mouse_up(ctx, 600.0f, 600.0f);
    frame(ctx, sc);
    ASSERT(!ui_wants_mouse(ctx));
    /* A press on the plot is the app's. */
    ui_input_mouse_down(ctx, 600.0f, 600.0f);
    ASSERT(!ui_wants_mouse(ctx));
    ui_input_mouse_up(ctx, 600.0f, 600.0f);
    frame(ctx, sc);

    ASSERT(ui_rect_contains((UiRect){1.0f, 2.0f, 3.0f, 4.0f}, 1.0f, 2.0f));
    ASSERT(!ui_rect_contains((UiRect){1.0f, 2.0f, 3.0f, 4.0f}, 4.0f, 2.0f));
    ASSERT(!ui_rect_contains((UiRect){1.0f, 2.0f, 3.0f, 4.0f}, 1.0f, 6.0f));
    ui_destroy(ctx);
}

typedef struct {
    int submits_a, submits_b;
} OverlapState;

static void overlap_scene(UiContext *ctx, void *p)
{
    OverlapState *st = p;
    ui_panel_begin(ctx, "A", (UiRect){0.0f, 0.0f, 400.0f, 300.0f}, 0);
    st->submits_a += (ui_button(ctx, "go") & UI_RES_SUBMIT) != 0;
    ui_panel_end(ctx);
    ui_panel_begin(ctx, "B", (UiRect){200.0f, 0.0f, 400.0f, 300.0f}, 0);
    st->submits_b += (ui_button(ctx, "go") & UI_RES_SUBMIT) != 0;
    ui_panel_end(ctx);
}

TEST(test_later_panel_on_top)
{
    UiContext *ctx = make_ctx(0);
    OverlapState st = {0};
    Scene sc = {overlap_scene, &st};
    click_at(ctx, sc, 300.0f, ROW0_Y); /* both buttons lie under this point */
    ASSERT(st.submits_a == 0 && st.submits_b == 1);
    click_at(ctx, sc, 100.0f, ROW0_Y);
    ASSERT(st.submits_a == 1 && st.submits_b == 1);
    ui_destroy(ctx);
}

typedef struct {
    float first_y;
    int rows;
    bool auto_height;
} ScrollState;

static void scroll_scene(UiContext *ctx, void *p)
{
    ScrollState *st = p;
    ui_panel_begin(ctx, "List", (UiRect){0.0f, 0.0f, 400.0f, st->auto_height ? 0.0f : 200.0f},
                   0);
    for (int i = 0; i < st->rows; i++) {
        ui_push_id(ctx, i);
        ui_label(ctx, "row");
        if (i == 0)
            st->first_y = ui_last_rect(ctx).y;
        ui_pop_id(ctx);
    }
    ui_panel_end(ctx);
}

TEST(test_panel_scroll_and_auto_height)
{
    UiContext *ctx = make_ctx(0);
    ScrollState st = {.rows = 10};
    Scene sc = {scroll_scene, &st};
    /* Body 200 - 40 - 20 = 140 high; content 10 * 36 + 9 * 6 = 414: scrolls up to 274. */
    move_to(ctx, sc, 100.0f, 100.0f);
    ASSERT(st.first_y == 50.0f);
    ui_input_wheel(ctx, 0.0f, -1.0f);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.first_y == 50.0f - 48.0f);
    ui_input_wheel(ctx, 0.0f, -10.0f);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.first_y == 50.0f - 274.0f);
    ui_input_wheel(ctx, 0.0f, 2.0f);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.first_y == 50.0f - 274.0f + 96.0f);
    /* The wheel off the panel is the app's. */
    ui_input_mouse_move(ctx, 700.0f, 100.0f);
    ui_input_wheel(ctx, 0.0f, 5.0f);
    frame(ctx, sc);
    frame(ctx, sc);
    ASSERT(st.first_y == 50.0f - 274.0f + 96.0f);

    /* Auto height: 40 + 10 + 3 * 36 + 2 * 6 + 10 = 180. */
    st.rows = 3;
    st.auto_height = true;
    frame(ctx, sc);
    ASSERT(st.first_y == 50.0f);
    const UiCommand *cmd = NULL;
    ASSERT(ui_next_command(ctx, &cmd));
    ASSERT(cmd->type == UI_CMD_RECT &&
           same_rect(cmd->rect.rect, (UiRect){0.0f, 0.0f, 400.0f, 180.0f}));
    while (ui_next_command(ctx, &cmd))
        if (cmd->type == UI_CMD_CLIP_PUSH)
            ASSERT(same_rect(cmd->clip.rect, (UiRect){0.0f, 40.0f, 400.0f, 140.0f}));
    ui_input_mouse_move(ctx, 50.0f, 179.0f);
    ASSERT(ui_wants_mouse(ctx));
    ui_input_mouse_move(ctx, 50.0f, 181.0f);
    ASSERT(!ui_wants_mouse(ctx));
    ui_destroy(ctx);
}

/* ---- Text ----------------------------------------------------------------------------- */

typedef struct {
    const char *text;
    bool block;
    float width;
    UiRect rect;
} TextState;

static void text_scene(UiContext *ctx, void *p)
{
    TextState *st = p;
    ui_panel_begin(ctx, "Notes", (UiRect){0.0f, 0.0f, st->width + 20.0f, 400.0f}, 0);
    if (st->block)
        ui_text(ctx, st->text);
    else
        ui_label(ctx, st->text);
    st->rect = ui_last_rect(ctx);
    ui_panel_end(ctx);
}

/* The TEXT commands below the title bar, in order, joined by '|'. */
static void body_lines(const UiContext *ctx, char *out, size_t size, float max_w)
{
    out[0] = '\0';
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd)) {
        if (cmd->type != UI_CMD_TEXT || cmd->text.y < 40.0f)
            continue;
        ASSERT(fake_width(NULL, cmd->text.str, cmd->text.len, cmd->text.size) <= max_w);
        if (out[0])
            strncat(out, "|", size - strlen(out) - 1);
        strncat(out, cmd->text.str, size - strlen(out) - 1);
    }
}

TEST(test_text_wraps_and_label_truncates)
{
    UiContext *ctx = make_ctx(0);
    char lines[512];
    /* 10 px per character: a 380 px cell holds 38. */
    TextState st = {.text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj", .block = true,
                    .width = 380.0f};
    Scene sc = {text_scene, &st};
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 380.0f);
    ASSERT(strcmp(lines, "aaaa bbbb cccc dddd eeee ffff gggg|hhhh iiii jjjj") == 0);
    ASSERT(st.rect.h == 48.0f); /* two 24 px lines */

    st.text = "step\nsize  alpha";
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 380.0f);
    ASSERT(strcmp(lines, "step|size  alpha") == 0);

    /* A word wider than the cell is cut. */
    st.text = "0123456789012345678901234567890123456789012345 x";
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 380.0f);
    ASSERT(strcmp(lines, "01234567890123456789012345678901234567|89012345 x") == 0);
    ASSERT(st.rect.h == 48.0f);

    /* Labels are cut with "..." to the cell: 80 px holds "abcde" and "...". */
    st.block = false;
    st.width = 80.0f;
    st.text = "abcdefghijklmnop";
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 80.0f);
    ASSERT(strcmp(lines, "abcde...") == 0);
    st.text = "abcdefgh"; /* exactly 80 px: fits */
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 80.0f);
    ASSERT(strcmp(lines, "abcdefgh") == 0);
    st.text = "Reset##7"; /* the id suffix is not shown */
    frame(ctx, sc);
    body_lines(ctx, lines, sizeof lines, 80.0f);
    ASSERT(strcmp(lines, "Reset") == 0);
    ui_destroy(ctx);
}

/* ---- Buffers -------------------------------------------------------------------------- */

typedef struct {
    int n;
} ManyState;

static void many_scene(UiContext *ctx, void *p)
{
    ManyState *st = p;
    ui_panel_begin(ctx, "Many", (UiRect){0.0f, 0.0f, 400.0f, 700.0f}, 0);
    for (int i = 0; i < st->n; i++) {
        ui_push_id(ctx, i);
        ui_button(ctx, "b");
        ui_pop_id(ctx);
    }
    ui_panel_end(ctx);
}

TEST(test_command_overflow_flagged)
{
    UiContext *small = make_ctx(8);
    ManyState st = {.n = 10};
    Scene sc = {many_scene, &st};
    frame(small, sc);
    ASSERT(ui_overflowed(small));
    int count = 0;
    const UiCommand *cmd = NULL;
    while (ui_next_command(small, &cmd))
        count++;
    ASSERT(count == 8);
    /* The flag is per frame. */
    st.n = 0;
    frame(small, sc);
    ASSERT(!ui_overflowed(small));
    ui_destroy(small);

    UiContext *ctx = make_ctx(0);
    st.n = 10;
    frame(ctx, sc);
    ASSERT(!ui_overflowed(ctx));
    count = 0;
    cmd = NULL;
    while (ui_next_command(ctx, &cmd))
        count += cmd->type == UI_CMD_TEXT && strcmp(cmd->text.str, "b") == 0;
    ASSERT(count == 10);
    ui_destroy(ctx);
}

typedef struct {
    int res;
} SwatchState;

static void swatch_scene(UiContext *ctx, void *p)
{
    SwatchState *st = p;
    ui_panel_begin(ctx, "Colors", big_panel, 0);
    st->res = ui_color_button(ctx, "Adam", (UiColor){200, 40, 40, 255});
    ui_panel_end(ctx);
}

TEST(test_color_button)
{
    UiContext *ctx = make_ctx(0);
    SwatchState st = {0};
    Scene sc = {swatch_scene, &st};
    frame(ctx, sc);
    /* A 36 px square swatch with the label beside it. */
    bool swatch = false;
    const UiCommand *cmd = NULL;
    while (ui_next_command(ctx, &cmd))
        if (cmd->type == UI_CMD_RECT && same_color(cmd->color, (UiColor){200, 40, 40, 255}))
            swatch = same_rect(cmd->rect.rect, (UiRect){10.0f, 50.0f, 36.0f, 36.0f});
    ASSERT(swatch);
    const UiCommand *t = find_text(ctx, "Adam");
    ASSERT(t && t->text.x == 10.0f + 36.0f + 8.0f);
    move_to(ctx, sc, 20.0f, ROW0_Y);
    press_at(ctx, sc, 20.0f, ROW0_Y);
    ASSERT(st.res == UI_RES_ACTIVE);
    release_at(ctx, sc, 20.0f, ROW0_Y);
    ASSERT(st.res == UI_RES_SUBMIT);
    ui_destroy(ctx);
}

int main(void)
{
    RUN_TEST(test_slider_linear_drag_proportional);
    RUN_TEST(test_slider_log_ends_exact_middle_geometric);
    RUN_TEST(test_slider_mark_fine_drag_typed_range);
    RUN_TEST(test_numeric_entry_accepts_exact_value);
    RUN_TEST(test_numeric_entry_rejects_bad_text);
    RUN_TEST(test_slider_int);
    RUN_TEST(test_button_submits_once_per_click);
    RUN_TEST(test_checkbox_flips);
    RUN_TEST(test_push_id_separates_same_labels);
    RUN_TEST(test_dropdown_open_pick_close);
    RUN_TEST(test_dropdown_list_takes_click_over_widget);
    RUN_TEST(test_dropdown_opens_upward_over_earlier_widget);
    RUN_TEST(test_command_list_simple_panel);
    RUN_TEST(test_scale_multiplies_layout);
    RUN_TEST(test_wants_mouse_over_panel);
    RUN_TEST(test_later_panel_on_top);
    RUN_TEST(test_panel_scroll_and_auto_height);
    RUN_TEST(test_text_wraps_and_label_truncates);
    RUN_TEST(test_command_overflow_flagged);
    RUN_TEST(test_color_button);
    return TEST_MAIN("test_ui");
}
