/* ui.h - immediate-mode widgets for the losslens control panels (microui's pattern).
 *
 * Per frame:   ui_input_*() for each event  ->  ui_begin()  ->  panels and widgets
 *              ->  ui_end()  ->  the renderer walks the commands with ui_next_command().
 *
 * Units: every coordinate and size is in pixels of the drawable, origin at the top-left, y
 * down. Style metrics are given at scale 1 and multiplied by the UI scale (ui_set_scale) when
 * used; rectangles passed in by the caller (panel rects, mouse positions) are already pixels
 * and are not scaled.
 * Ownership: the context owns its command and text buffers; they are allocated once by
 * ui_create and never per frame. Every string argument (labels, items, text) need only live
 * for the call: text that is drawn is copied into the context's buffer.
 * Dependencies: libc only (no SDL, no GL). Text is measured through callbacks, so the
 * program uses SDL2_ttf and the tests a fixed-width fake font.
 *
 * Ids: a widget's id is a hash of its label, seeded by the id stack (ui_push_id*) and the
 * panel's title, so two widgets with the same label in one panel, e.g. inside a loop, must
 * push the loop index. A label may carry a
 * "##suffix" that is hashed but not displayed ("Reset##run2" shows "Reset").
 */
#ifndef LOSSLENS_UI_H
#define LOSSLENS_UI_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    float x, y, w, h;
} UiRect;

typedef struct {
    unsigned char r, g, b, a; /* straight (not premultiplied) alpha */
} UiColor;

typedef uint32_t UiId;

typedef struct UiContext UiContext;

/* ---- Results -------------------------------------------------------------------------- */

/* Flags returned by widgets (bitwise or). */
enum {
    /* The widget holds the interaction this frame: the mouse is held on it (button, slider
     * drag), its value is being typed (numeric entry) or its list is open (dropdown). */
    UI_RES_ACTIVE = 1 << 0,
    /* The user completed an action: a click (press and release on the widget) on a button,
     * swatch or checkbox, or Enter accepted the typed value. Reported once per action. */
    UI_RES_SUBMIT = 1 << 1,
    /* The widget wrote a new value to *value this frame. */
    UI_RES_CHANGE = 1 << 2,
    /* Enter (or Tab) was rejected this frame: the typed text is not a number in range. The
     * old value is kept; the error state lasts until Esc or valid text (ui_edit_error). */
    UI_RES_ERROR = 1 << 3,
};

/* Widget and panel options. */
enum {
    UI_SLIDER_LOG = 1 << 0,        /* thumb position maps log(value) linearly; needs lo > 0 */
    UI_PANEL_NO_TITLE = 1 << 0,    /* no title bar */
    UI_PANEL_AUTO_HEIGHT = 1 << 1, /* height fits the content (also when rect.h <= 0) */
};

/* ---- Style ---------------------------------------------------------------------------- */

typedef enum {
    UI_COLOR_TEXT,
    UI_COLOR_TEXT_DIM,
    UI_COLOR_PANEL,        /* panel background: dark, translucent */
    UI_COLOR_TITLE,        /* title bar background */
    UI_COLOR_TITLE_TEXT,
    UI_COLOR_BORDER,
    UI_COLOR_BUTTON,
    UI_COLOR_BUTTON_HOVER,
    UI_COLOR_BUTTON_ACTIVE,
    UI_COLOR_BASE,         /* slider track, value box, checkbox, text field */
    UI_COLOR_BASE_HOVER,
    UI_COLOR_ACCENT,       /* the one accent: slider fill, checkmark box, focus, selection */
    UI_COLOR_SELECTION,    /* selected text and the current dropdown item */
    UI_COLOR_ERROR,
    UI_COLOR_POPUP,        /* dropdown list background */
    UI_COLOR_SCROLLBAR,
    UI_COLOR_COUNT
} UiColorId;

/* Metrics at scale 1, in pixels. */
typedef struct {
    float font_size;     /* 20: readable from the back of a lecture hall */
    float widget_height; /* 36 */
    float padding;       /* 8: inside widgets (text inset) */
    float spacing;       /* 6: between cells and rows */
    float panel_padding; /* 10: between the panel edge and its content */
    float title_height;  /* 40 */
    float radius;        /* 6: corner radius of panels and widgets */
    float border;        /* 2: outline thickness */
    float thumb_width;   /* 14: slider thumb */
    float track_height;  /* 6: slider track */
    float value_width;   /* 96: slider value box (at most half the cell) */
    float scroll_step;   /* 48: panel scroll per wheel notch */
    UiColor colors[UI_COLOR_COUNT];
} UiStyle;

/* The high-contrast default: light text on dark translucent panels, one amber accent. */
UiStyle ui_style_default(void);

/* ---- Context -------------------------------------------------------------------------- */

typedef struct {
    /* Width in pixels of the len bytes of UTF-8 at text, set at size px. */
    float (*text_width)(void *user, const char *text, int len, float size);
    /* Height in pixels of one line of text at size px. */
    float (*line_height)(void *user, float size);
    void *user;
} UiTextMetrics;

/* Zero means default in every field except metrics, whose two callbacks are required. */
typedef struct {
    UiTextMetrics metrics;
    const UiStyle *style; /* copied; NULL: ui_style_default() */
    float scale;          /* 0: 1 */
    int command_capacity; /* 0: 4096 commands, plus a quarter of that for the overlay */
    int text_capacity;    /* 0: 64 KiB of copied strings per frame */
} UiDesc;

/* Allocates a context and its fixed buffers. NULL when out of memory. */
UiContext *ui_create(const UiDesc *desc);
void ui_destroy(UiContext *ctx);

/* Style and scale may be changed between frames only. The scale multiplies every metric of
 * the style (font size, heights, padding, fixed row widths): 2 for HiDPI or presenter mode.
 * Panel rectangles come from the caller, who multiplies them by ui_get_scale as it sees fit.
 * ui_get_style returns the unscaled style. */
void ui_set_style(UiContext *ctx, const UiStyle *style);
const UiStyle *ui_get_style(const UiContext *ctx);
void ui_set_scale(UiContext *ctx, float scale);
float ui_get_scale(const UiContext *ctx);

/* ---- Input (call between frames, before ui_begin) -------------------------------------- */

typedef enum {
    UI_KEY_ENTER,
    UI_KEY_ESCAPE,
    UI_KEY_BACKSPACE,
    UI_KEY_DELETE,
    UI_KEY_LEFT,
    UI_KEY_RIGHT,
    UI_KEY_HOME,
    UI_KEY_END,
    UI_KEY_TAB,
    UI_KEY_COUNT
} UiKey;

/* Positions in pixels of the drawable. Only the left button is the UI's. */
void ui_input_mouse_move(UiContext *ctx, float x, float y);
void ui_input_mouse_down(UiContext *ctx, float x, float y);
void ui_input_mouse_up(UiContext *ctx, float x, float y);
/* Wheel notches, SDL's sign: dy > 0 scrolls up (content moves down). */
void ui_input_wheel(UiContext *ctx, float dx, float dy);
/* A key press (including repeats). Keys and text are kept in arrival order. */
void ui_input_key(UiContext *ctx, UiKey key);
/* NUL-terminated UTF-8 text typed (SDL_TEXTINPUT); copied. */
void ui_input_text(UiContext *ctx, const char *utf8);
/* Fine control (Shift held) on or off: sliders dragged while it is on move UI_SLIDER_FINE of
 * the pointer's travel. Holds until changed. */
void ui_input_fine(UiContext *ctx, bool fine);

/* True when the app should not treat the mouse as its own: the pointer is over a panel of
 * the last frame, a widget holds the mouse, a dropdown list is open, or the current press
 * began over the UI. Valid between frames (at event time). */
bool ui_wants_mouse(const UiContext *ctx);
/* True while a value is being typed: keys belong to the UI, not to the app's shortcuts. */
bool ui_wants_keyboard(const UiContext *ctx);

/* Whether (x, y) lies in r; the left and top edges are inside, the right and bottom not. */
bool ui_rect_contains(UiRect r, float x, float y);
/* Whether a and b share an area (touching edges do not). */
bool ui_rect_overlaps(UiRect a, UiRect b);

/* ---- Frame ---------------------------------------------------------------------------- */

/* Starts a frame on a drawable of width x height pixels: clears the command buffer. */
void ui_begin(UiContext *ctx, float width, float height);
/* Ends the frame: closes what was not drawn this frame, consumes this frame's input. The
 * id stack must be empty and no panel open. */
void ui_end(UiContext *ctx);

/* ---- Draw commands -------------------------------------------------------------------- */

typedef enum {
    UI_CMD_RECT,      /* filled rect, corners rounded by radius (0: square) */
    UI_CMD_RECT_LINE, /* outline of thickness px drawn inside rect */
    UI_CMD_TEXT,      /* one line of text */
    UI_CMD_TRIANGLE,  /* filled triangle, any winding (arrows, checkmarks) */
    UI_CMD_CLIP_PUSH, /* clip to rect (already intersected with the enclosing clip) */
    UI_CMD_CLIP_POP,  /* restore the enclosing clip, given in rect */
    UI_CMD_COUNT
} UiCommandType;

/* A renderer needs no clip stack: on CLIP_PUSH and CLIP_POP alike it sets its scissor to
 * clip.rect. Every frame starts, and the overlay layer is drawn, with the whole drawable as
 * the clip. Text strings point into the context's buffer, are NUL-terminated and valid until
 * the next ui_begin. */
typedef struct {
    UiCommandType type;
    UiColor color;
    union {
        struct {
            UiRect rect;
            float radius;
        } rect;
        struct {
            UiRect rect;
            float thickness;
        } line;
        struct {
            float x, y; /* top-left of a line box of line_height(size) */
            float size; /* font size in px, already scaled */
            const char *str;
            int len; /* bytes */
        } text;
        struct {
            float x[3], y[3];
        } tri;
        struct {
            UiRect rect;
        } clip;
    };
} UiCommand;

/* Walks the commands of the last frame, in drawing order: the main layer, then the overlay
 * (open dropdown lists, error messages), which is drawn above everything. Start with
 * *cmd = NULL; returns false when there are no more. Call after ui_end. */
bool ui_next_command(const UiContext *ctx, const UiCommand **cmd);
/* True when the last frame ran out of command or text space and dropped commands. */
bool ui_overflowed(const UiContext *ctx);

/* Custom drawing inside a panel (clipped to it; skipped when wholly clipped). */
void ui_draw_rect(UiContext *ctx, UiRect rect, UiColor color, float radius);
void ui_draw_rect_line(UiContext *ctx, UiRect rect, UiColor color, float thickness);
void ui_draw_text(UiContext *ctx, const char *text, float x, float y, float size,
                  UiColor color);
void ui_draw_triangle(UiContext *ctx, const float x[3], const float y[3], UiColor color);
/* Width and line height of text at the style's (scaled) font size. */
float ui_text_width(const UiContext *ctx, const char *text);
float ui_line_height(const UiContext *ctx);

/* ---- Ids ------------------------------------------------------------------------------ */

UiId ui_get_id(const UiContext *ctx, const char *label);
void ui_push_id(UiContext *ctx, int n);
void ui_push_id_str(UiContext *ctx, const char *str);
void ui_pop_id(UiContext *ctx);

/* ---- Panels and layout ---------------------------------------------------------------- */

/* A panel at rect (pixels, from the app): background, optional title bar, and a clipped
 * body that scrolls with the wheel when its content is taller. Widgets go between begin and
 * end; panels do not nest. Panels declared later are on top for hit testing. The title (its
 * "##" suffix included) names the panel: titles must differ between panels. */
void ui_panel_begin(UiContext *ctx, const char *title, UiRect rect, int flags);
void ui_panel_end(UiContext *ctx);

/* Starts a row of n cells (n <= 16). widths[i] > 0 is a fixed width in style pixels
 * (scaled); <= 0 shares what is left equally. widths NULL: n equal cells. height > 0 is in
 * style pixels (scaled); 0: the widget height. n = 0 means one full-width cell. The row
 * repeats until the next ui_layout_row; a panel starts with one full-width cell per row. */
void ui_layout_row(UiContext *ctx, int n, const float *widths, float height);
/* The next cell of the layout (for custom widgets). */
UiRect ui_layout_next(UiContext *ctx);
/* The rect of the last widget or cell. */
UiRect ui_last_rect(const UiContext *ctx);

/* ---- Widgets -------------------------------------------------------------------------- */

/* One line of text, cut with "..." when too wide. */
void ui_label(UiContext *ctx, const char *text);
/* A block of text word-wrapped to the cell width ('\n' breaks lines); the cell grows. */
void ui_text(UiContext *ctx, const char *text);
/* SUBMIT on a click; ACTIVE while held. */
int ui_button(UiContext *ctx, const char *label);
/* A checkbox with its label. A click flips *value: SUBMIT | CHANGE. */
int ui_checkbox(UiContext *ctx, const char *label, bool *value);
/* A filled swatch of color (with the label beside it when the label shows text). SUBMIT on
 * a click, e.g. to cycle a run's color. */
int ui_color_button(UiContext *ctx, const char *label, UiColor color);

/* A slider for lo <= *value <= hi (lo < hi) and its value box, which shows 4 significant
 * digits (the value itself keeps every bit). The label is the id only: put a ui_label in the
 * cell before it.
 * Dragging maps the pointer linearly onto [lo, hi] (with UI_SLIDER_LOG onto log lo .. log hi)
 * and the two ends map exactly to lo and hi; grabbing the thumb does not make it jump.
 * Clicking the value box turns it into a text field: Enter (or Tab) parses the whole text
 * with strtod; a finite number in [lo, hi] is set (CHANGE when it differs, and SUBMIT), any
 * other text keeps the old value and shows an error (ERROR) until Esc or valid text. Esc
 * cancels; a click elsewhere commits valid text and cancels invalid text. */
int ui_slider(UiContext *ctx, const char *label, double *value, double lo, double hi,
              int flags);
/* A slider with more to say than its range (desc struct: zero fields mean the default).
 *   lo, hi            the track's range, as ui_slider's;
 *   type_lo, type_hi  what the value box accepts when typed (both 0: [lo, hi]), so a value
 *                     beyond the track (a scene's alpha = 100) can be typed and is kept: the
 *                     thumb then rests at the track's end;
 *   mark              a tick drawn across the track at this value (a stability limit) when it
 *                     lies strictly inside (lo, hi); anything else (0, NAN) draws none;
 *   flags             UI_SLIDER_LOG.
 * Dragging with fine control on (ui_input_fine: Shift held) moves the thumb a tenth of the
 * pointer's travel, from where it was when fine control began. */
typedef struct {
    double lo, hi;
    double type_lo, type_hi;
    double mark;
    int flags;
} UiSliderDesc;
int ui_slider_desc(UiContext *ctx, const char *label, double *value, const UiSliderDesc *desc);
/* The fraction of the pointer's travel a slider follows under fine control. */
#define UI_SLIDER_FINE 0.1
/* The same for integers; typed text must be an integer in [lo, hi]. */
int ui_slider_int(UiContext *ctx, const char *label, int *value, int lo, int hi, int flags);
/* A box showing items[*index]; a click opens the list of count items over everything else,
 * where it takes the clicks first. A click on an item sets *index (CHANGE when it differs)
 * and closes; Esc or a click elsewhere closes without a change. ACTIVE while open. */
int ui_dropdown(UiContext *ctx, const char *label, int *index, const char *const *items,
                int count);

/* A one-line text field editing buf (cap bytes with the NUL, at most UI_TEXT_FIELD_MAX + 1).
 * A click focuses it with the caret at the end; typing, Backspace, Delete, Left, Right,
 * Home and End edit a copy. Enter writes the copy to buf (SUBMIT, and CHANGE when it
 * differs) and lets go; Esc or a click elsewhere lets go and leaves buf as it was. ACTIVE
 * while focused. mark >= 0: the byte offset of an error in buf, shown unfocused as a red
 * outline and a caret under that character (give the row room: about 1.7 widget heights);
 * -1: none. */
enum { UI_TEXT_FIELD_MAX = 4096 };
int ui_text_field(UiContext *ctx, const char *label, char *buf, int cap, int mark);

/* The message of the numeric entry's error state ("expected a number in [1e-05, 10]"), or
 * NULL when no field is in error. Owned by the context; valid until the next frame. */
const char *ui_edit_error(const UiContext *ctx);

#endif
