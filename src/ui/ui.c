/* ui.c - the immediate-mode UI: input state, ids, layout, widgets and the command buffer.
 *
 * State that outlives a frame is small and keyed by id: the widget holding the mouse
 * (active), the value being typed (focus), the open dropdown (open) and each panel's scroll.
 * Everything a frame draws goes into two fixed command arrays, the main layer and the
 * overlay drawn above it; nothing is allocated after ui_create.
 */
#include "ui/ui.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/text.h"
#include "util/utf8.h"

#define UI_ID_STACK_MAX 16
#define UI_CLIP_STACK_MAX 16
#define UI_MAX_PANELS 16
#define UI_MAX_COLUMNS 16
#define UI_EDIT_MAX (UI_TEXT_FIELD_MAX + 1) /* numbers and ui_text_field */
#define UI_MSG_MAX 96
#define UI_EVENTS_MAX 64
#define UI_EVENT_TEXT_MAX 256
#define UI_ELLIPSIS "..."

/* Private slider option: the value is an integer. */
#define UI_SLIDER_INT_ (1 << 8)

enum { LAYER_MAIN, LAYER_OVERLAY, LAYER_COUNT };

typedef struct {
    int key; /* UiKey, EVENT_TEXT for typed text, EVENT_USED once consumed */
    int text_off, text_len;
} InputEvent;

enum { EVENT_TEXT = -1, EVENT_USED = -2 };

typedef struct {
    UiId id;
    UiRect rect;
} PanelHit;

typedef struct {
    UiId id;
    float scroll;
    unsigned last_frame;
} PanelScroll;

typedef struct {
    UiRect body;  /* content area, unscrolled */
    float x, y;   /* top-left of the current row */
    int ncols, col;
    float widths[UI_MAX_COLUMNS];
    float row_h;   /* the row's cell height */
    float row_max; /* the tallest cell of the current row */
    float max_y;   /* bottom of the lowest cell so far */
} Layout;

typedef struct {
    UiId id;
    UiRect rect;
    int flags;
    bool auto_height, hovered;
    int bg_cmd, clip_cmd; /* main-layer indices patched by auto height; -1 if dropped */
    float title_h;
    PanelScroll *scroll;
    Layout layout;
} PanelFrame;

struct UiContext {
    UiTextMetrics metrics;
    UiStyle style;
    float scale;

    /* Commands: one array, [0, cap[0]) the main layer, then cap[1] for the overlay. */
    UiCommand *cmds;
    int cap[LAYER_COUNT], count[LAYER_COUNT];
    int layer;
    char *text;
    int text_len, text_cap;
    bool overflow, last_overflow;

    /* Input that persists across frames. */
    float mouse_x, mouse_y;
    bool mouse_down;
    bool capture; /* the current press began over the UI */
    /* Input of this frame. */
    bool mouse_pressed, mouse_released;
    float wheel_x, wheel_y;
    unsigned keys; /* bit per UiKey pressed this frame */
    InputEvent events[UI_EVENTS_MAX];
    int event_count;
    char event_text[UI_EVENT_TEXT_MAX];
    int event_text_len;

    /* The frame being built. */
    bool in_frame;
    unsigned frame;
    UiRect viewport;
    UiId id_stack[UI_ID_STACK_MAX];
    int id_depth;
    UiRect clip_stack[UI_CLIP_STACK_MAX];
    int clip_depth;
    bool in_panel;
    PanelFrame panel;
    PanelHit panels[UI_MAX_PANELS], prev_panels[UI_MAX_PANELS];
    int panel_count, prev_panel_count;
    UiId hover_panel;   /* topmost panel of the last frame under the mouse, 0 if none */
    bool press_blocked; /* this frame's press closed a popup or picked an item */
    bool popup_hover;   /* the mouse is over the open dropdown list */
    bool wheel_used;
    UiRect last_rect;
    PanelScroll scrolls[UI_MAX_PANELS];

    /* Widget state. */
    UiId active;
    bool active_seen;
    /* The dragged slider: its thumb was at track position drag_t (unclamped) when the
     * pointer was at drag_x; it follows the pointer from there over a track drag_usable
     * px long, at UI_SLIDER_FINE of its travel while fine. Anchored again when fine
     * control changes. */
    double drag_t;
    float drag_x, drag_usable;
    bool fine; /* fine control is on (ui_input_fine) */
    UiId open;
    bool open_seen;
    UiRect popup_rect;
    UiId focus;
    bool focus_seen;
    char edit[UI_EDIT_MAX];
    int edit_len, edit_caret;
    bool edit_select_all, edit_error;
    char edit_msg[UI_MSG_MAX];
};

/* ---- Style ---------------------------------------------------------------------------- */

static const UiColor default_colors[] = {
    [UI_COLOR_TEXT] = {240, 240, 240, 255},
    [UI_COLOR_TEXT_DIM] = {170, 176, 188, 255},
    [UI_COLOR_PANEL] = {16, 18, 24, 224},
    [UI_COLOR_TITLE] = {38, 42, 56, 240},
    [UI_COLOR_TITLE_TEXT] = {255, 255, 255, 255},
    [UI_COLOR_BORDER] = {96, 102, 118, 255},
    [UI_COLOR_BUTTON] = {52, 58, 76, 255},
    [UI_COLOR_BUTTON_HOVER] = {72, 80, 104, 255},
    [UI_COLOR_BUTTON_ACTIVE] = {96, 106, 138, 255},
    [UI_COLOR_BASE] = {8, 10, 14, 255},
    [UI_COLOR_BASE_HOVER] = {30, 34, 46, 255},
    [UI_COLOR_ACCENT] = {255, 172, 40, 255},
    [UI_COLOR_SELECTION] = {255, 172, 40, 110},
    [UI_COLOR_ERROR] = {220, 50, 50, 255},
    [UI_COLOR_POPUP] = {26, 29, 38, 250},
    [UI_COLOR_SCROLLBAR] = {130, 136, 150, 200},
};
static_assert(sizeof default_colors / sizeof default_colors[0] == UI_COLOR_COUNT,
              "one default color per UiColorId");

UiStyle ui_style_default(void)
{
    UiStyle s = {
        .font_size = 20.0f,
        .widget_height = 36.0f,
        .padding = 8.0f,
        .spacing = 6.0f,
        .panel_padding = 10.0f,
        .title_height = 40.0f,
        .radius = 6.0f,
        .border = 2.0f,
        .thumb_width = 14.0f,
        .track_height = 6.0f,
        .value_width = 96.0f,
        .scroll_step = 48.0f,
    };
    memcpy(s.colors, default_colors, sizeof s.colors);
    return s;
}

/* A style metric in pixels at the current scale. */
static float px(const UiContext *ctx, float v)
{
    return v * ctx->scale;
}

static UiColor color(const UiContext *ctx, UiColorId id)
{
    return ctx->style.colors[id];
}

/* ---- Context -------------------------------------------------------------------------- */

UiContext *ui_create(const UiDesc *desc)
{
    assert(desc && desc->metrics.text_width && desc->metrics.line_height);
    UiContext *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->metrics = desc->metrics;
    ctx->style = desc->style ? *desc->style : ui_style_default();
    ctx->scale = desc->scale > 0.0f ? desc->scale : 1.0f;
    ctx->cap[LAYER_MAIN] = desc->command_capacity > 0 ? desc->command_capacity : 4096;
    ctx->cap[LAYER_OVERLAY] = ctx->cap[LAYER_MAIN] / 4 > 8 ? ctx->cap[LAYER_MAIN] / 4 : 8;
    ctx->text_cap = desc->text_capacity > 0 ? desc->text_capacity : 64 * 1024;
    ctx->cmds = calloc((size_t)(ctx->cap[LAYER_MAIN] + ctx->cap[LAYER_OVERLAY]),
                       sizeof *ctx->cmds);
    ctx->text = malloc((size_t)ctx->text_cap);
    if (!ctx->cmds || !ctx->text) {
        ui_destroy(ctx);
        return NULL;
    }
    ctx->mouse_x = ctx->mouse_y = -1e9f;
    return ctx;
}

void ui_destroy(UiContext *ctx)
{
    if (!ctx)
        return;
    free(ctx->cmds);
    free(ctx->text);
    free(ctx);
}

void ui_set_style(UiContext *ctx, const UiStyle *style)
{
    assert(!ctx->in_frame && style);
    ctx->style = *style;
}

const UiStyle *ui_get_style(const UiContext *ctx)
{
    return &ctx->style;
}

void ui_set_scale(UiContext *ctx, float scale)
{
    assert(!ctx->in_frame && scale > 0.0f);
    ctx->scale = scale;
}

float ui_get_scale(const UiContext *ctx)
{
    return ctx->scale;
}

/* ---- Geometry and text ---------------------------------------------------------------- */

bool ui_rect_overlaps(UiRect a, UiRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool ui_rect_contains(UiRect r, float x, float y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

static UiRect rect_intersect(UiRect a, UiRect b)
{
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (UiRect){x0, y0, fmaxf(0.0f, x1 - x0), fmaxf(0.0f, y1 - y0)};
}

static bool rect_overlaps(UiRect a, UiRect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static float font_size(const UiContext *ctx)
{
    return px(ctx, ctx->style.font_size);
}

static float text_width_n(const UiContext *ctx, const char *s, int len)
{
    return len > 0 ? ctx->metrics.text_width(ctx->metrics.user, s, len, font_size(ctx)) : 0.0f;
}

float ui_text_width(const UiContext *ctx, const char *text)
{
    return text_width_n(ctx, text, (int)strlen(text));
}

float ui_line_height(const UiContext *ctx)
{
    return ctx->metrics.line_height(ctx->metrics.user, font_size(ctx));
}

/* The metrics as util/text's measure callback (user: the UiContext). */
static float text_measure(void *user, const char *s, size_t n)
{
    return text_width_n(user, s, (int)n);
}

/* Byte offsets of the UTF-8 character after / before position i (util/utf8's boundaries). */
static int edit_next(const char *s, int len, int i)
{
    return (int)utf8_forward(s, (size_t)len, (size_t)i);
}

static int edit_prev(const char *s, int i)
{
    return (int)utf8_back(s, (size_t)i);
}

/* The displayed part of a label: everything before "##". */
static int label_len(const char *label)
{
    const char *hash = strstr(label, "##");
    return hash ? (int)(hash - label) : (int)strlen(label);
}

/* ---- Command buffer ------------------------------------------------------------------- */

static UiCommand *push_cmd(UiContext *ctx, UiCommandType type, UiColor c)
{
    int layer = ctx->layer;
    if (ctx->count[layer] >= ctx->cap[layer]) {
        ctx->overflow = true;
        return NULL;
    }
    int base = layer == LAYER_MAIN ? 0 : ctx->cap[LAYER_MAIN];
    UiCommand *cmd = &ctx->cmds[base + ctx->count[layer]++];
    memset(cmd, 0, sizeof *cmd);
    cmd->type = type;
    cmd->color = c;
    return cmd;
}

/* Copies len bytes of s (NUL-terminated) into the frame's text buffer. */
static const char *push_text(UiContext *ctx, const char *s, int len)
{
    if (ctx->text_len + len + 1 > ctx->text_cap) {
        ctx->overflow = true;
        return NULL;
    }
    char *dst = ctx->text + ctx->text_len;
    memcpy(dst, s, (size_t)len);
    dst[len] = '\0';
    ctx->text_len += len + 1;
    return dst;
}

static UiRect clip_top(const UiContext *ctx)
{
    return ctx->clip_stack[ctx->clip_depth - 1];
}

/* Main-layer drawing wholly outside the clip is dropped; the overlay is never clipped. */
static bool clipped_out(const UiContext *ctx, UiRect r)
{
    return ctx->layer == LAYER_MAIN && !rect_overlaps(r, clip_top(ctx));
}

static void draw_rect(UiContext *ctx, UiRect r, UiColor c, float radius)
{
    if (r.w <= 0.0f || r.h <= 0.0f || clipped_out(ctx, r))
        return;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_RECT, c);
    if (cmd) {
        cmd->rect.rect = r;
        cmd->rect.radius = fminf(radius, 0.5f * fminf(r.w, r.h));
    }
}

static void draw_rect_line(UiContext *ctx, UiRect r, UiColor c, float thickness)
{
    if (r.w <= 0.0f || r.h <= 0.0f || clipped_out(ctx, r))
        return;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_RECT_LINE, c);
    if (cmd) {
        cmd->line.rect = r;
        cmd->line.thickness = thickness;
    }
}

static void draw_text_sized(UiContext *ctx, const char *s, int len, float x, float y,
                            float size, UiColor c)
{
    if (len <= 0)
        return;
    float w = ctx->metrics.text_width(ctx->metrics.user, s, len, size);
    UiRect box = {x, y, w, ctx->metrics.line_height(ctx->metrics.user, size)};
    if (clipped_out(ctx, box))
        return;
    const char *copy = push_text(ctx, s, len);
    if (!copy)
        return;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_TEXT, c);
    if (cmd) {
        cmd->text.x = x;
        cmd->text.y = y;
        cmd->text.size = size;
        cmd->text.str = copy;
        cmd->text.len = len;
    }
}

static void draw_text_n(UiContext *ctx, const char *s, int len, float x, float y, UiColor c)
{
    draw_text_sized(ctx, s, len, x, y, font_size(ctx), c);
}

static void draw_triangle(UiContext *ctx, const float x[3], const float y[3], UiColor c)
{
    UiRect box = {fminf(x[0], fminf(x[1], x[2])), fminf(y[0], fminf(y[1], y[2])), 0, 0};
    box.w = fmaxf(x[0], fmaxf(x[1], x[2])) - box.x;
    box.h = fmaxf(y[0], fmaxf(y[1], y[2])) - box.y;
    box.w = fmaxf(box.w, 1.0f);
    box.h = fmaxf(box.h, 1.0f);
    if (clipped_out(ctx, box))
        return;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_TRIANGLE, c);
    if (cmd) {
        memcpy(cmd->tri.x, x, sizeof cmd->tri.x);
        memcpy(cmd->tri.y, y, sizeof cmd->tri.y);
    }
}

/* A thick segment as two triangles. */
static void draw_segment(UiContext *ctx, float x0, float y0, float x1, float y1, float t,
                         UiColor c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0.0f)
        return;
    float nx = -dy / len * 0.5f * t, ny = dx / len * 0.5f * t;
    draw_triangle(ctx, (float[3]){x0 + nx, x1 + nx, x1 - nx},
                  (float[3]){y0 + ny, y1 + ny, y1 - ny}, c);
    draw_triangle(ctx, (float[3]){x0 + nx, x1 - nx, x0 - nx},
                  (float[3]){y0 + ny, y1 - ny, y0 - ny}, c);
}

/* Text vertically centred in r at x, cut with "..." to fit maxw. */
static void draw_text_fit(UiContext *ctx, const char *s, int len, float x, UiRect r, float maxw,
                          UiColor c)
{
    float y = r.y + 0.5f * (r.h - ui_line_height(ctx));
    char buf[256];
    size_t n = text_fit(buf, sizeof buf, s, (size_t)len, maxw, UI_ELLIPSIS, text_measure, ctx);
    draw_text_n(ctx, buf, (int)n, x, y, c);
}

static void push_clip(UiContext *ctx, UiRect r)
{
    assert(ctx->clip_depth < UI_CLIP_STACK_MAX);
    UiRect clip = rect_intersect(r, clip_top(ctx));
    ctx->clip_stack[ctx->clip_depth++] = clip;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_CLIP_PUSH, (UiColor){0, 0, 0, 0});
    if (cmd)
        cmd->clip.rect = clip;
}

static void pop_clip(UiContext *ctx)
{
    assert(ctx->clip_depth > 1);
    ctx->clip_depth--;
    UiCommand *cmd = push_cmd(ctx, UI_CMD_CLIP_POP, (UiColor){0, 0, 0, 0});
    if (cmd)
        cmd->clip.rect = clip_top(ctx);
}

bool ui_next_command(const UiContext *ctx, const UiCommand **cmd)
{
    assert(!ctx->in_frame);
    const UiCommand *base = ctx->cmds;
    int main_cap = ctx->cap[LAYER_MAIN];
    int i = *cmd ? (int)(*cmd - base) + 1 : 0;
    if (i < main_cap && i >= ctx->count[LAYER_MAIN])
        i = main_cap;
    if (i >= main_cap && i - main_cap >= ctx->count[LAYER_OVERLAY])
        return false;
    *cmd = base + i;
    return true;
}

bool ui_overflowed(const UiContext *ctx)
{
    return ctx->last_overflow;
}

void ui_draw_rect(UiContext *ctx, UiRect rect, UiColor c, float radius)
{
    draw_rect(ctx, rect, c, radius);
}

void ui_draw_rect_line(UiContext *ctx, UiRect rect, UiColor c, float thickness)
{
    draw_rect_line(ctx, rect, c, thickness);
}

void ui_draw_text(UiContext *ctx, const char *text, float x, float y, float size, UiColor c)
{
    draw_text_sized(ctx, text, (int)strlen(text), x, y, size, c);
}

void ui_draw_triangle(UiContext *ctx, const float x[3], const float y[3], UiColor c)
{
    draw_triangle(ctx, x, y, c);
}

/* ---- Input ---------------------------------------------------------------------------- */

static bool over_ui(const UiContext *ctx, float x, float y)
{
    if (ctx->open && ui_rect_contains(ctx->popup_rect, x, y))
        return true;
    for (int i = 0; i < ctx->prev_panel_count; i++)
        if (ui_rect_contains(ctx->prev_panels[i].rect, x, y))
            return true;
    return false;
}

void ui_input_mouse_move(UiContext *ctx, float x, float y)
{
    ctx->mouse_x = x;
    ctx->mouse_y = y;
}

void ui_input_mouse_down(UiContext *ctx, float x, float y)
{
    ui_input_mouse_move(ctx, x, y);
    ctx->mouse_down = true;
    ctx->mouse_pressed = true;
    if (over_ui(ctx, x, y) || ctx->open)
        ctx->capture = true;
}

void ui_input_mouse_up(UiContext *ctx, float x, float y)
{
    ui_input_mouse_move(ctx, x, y);
    ctx->mouse_down = false;
    ctx->mouse_released = true;
}

void ui_input_wheel(UiContext *ctx, float dx, float dy)
{
    ctx->wheel_x += dx;
    ctx->wheel_y += dy;
}

void ui_input_key(UiContext *ctx, UiKey key)
{
    assert(key >= 0 && key < UI_KEY_COUNT);
    ctx->keys |= 1u << key;
    if (ctx->event_count < UI_EVENTS_MAX)
        ctx->events[ctx->event_count++] = (InputEvent){.key = (int)key};
}

void ui_input_text(UiContext *ctx, const char *utf8)
{
    int len = (int)strlen(utf8);
    if (len == 0 || ctx->event_count >= UI_EVENTS_MAX ||
        ctx->event_text_len + len > UI_EVENT_TEXT_MAX)
        return;
    memcpy(ctx->event_text + ctx->event_text_len, utf8, (size_t)len);
    ctx->events[ctx->event_count++] =
        (InputEvent){.key = EVENT_TEXT, .text_off = ctx->event_text_len, .text_len = len};
    ctx->event_text_len += len;
}

/* The dragged slider's track position with the pointer at x. */
static double slider_drag_t(const UiContext *ctx, float x)
{
    double travel = (double)(x - ctx->drag_x) / (double)ctx->drag_usable;
    return ctx->drag_t + (ctx->fine ? UI_SLIDER_FINE * travel : travel);
}

void ui_input_fine(UiContext *ctx, bool fine)
{
    if (fine != ctx->fine && ctx->active) {
        /* Anchored again where the thumb is now, so it does not jump. */
        ctx->drag_t = slider_drag_t(ctx, ctx->mouse_x);
        ctx->drag_x = ctx->mouse_x;
    }
    ctx->fine = fine;
}

bool ui_wants_mouse(const UiContext *ctx)
{
    return ctx->active || ctx->open || ctx->capture || over_ui(ctx, ctx->mouse_x, ctx->mouse_y);
}

bool ui_wants_keyboard(const UiContext *ctx)
{
    return ctx->focus != 0;
}

static bool key_pressed(const UiContext *ctx, UiKey key)
{
    return (ctx->keys >> key) & 1u;
}

/* Removes key from this frame's input so that nothing after the caller sees it. */
static void consume_key(UiContext *ctx, UiKey key)
{
    ctx->keys &= ~(1u << key);
    for (int i = 0; i < ctx->event_count; i++)
        if (ctx->events[i].key == (int)key)
            ctx->events[i].key = EVENT_USED;
}

/* ---- Frame ---------------------------------------------------------------------------- */

void ui_begin(UiContext *ctx, float width, float height)
{
    assert(!ctx->in_frame);
    ctx->in_frame = true;
    ctx->frame++;
    ctx->count[LAYER_MAIN] = ctx->count[LAYER_OVERLAY] = 0;
    ctx->layer = LAYER_MAIN;
    ctx->text_len = 0;
    ctx->overflow = false;
    ctx->viewport = (UiRect){0.0f, 0.0f, width > 0.0f ? width : 1e9f,
                             height > 0.0f ? height : 1e9f};
    ctx->clip_stack[0] = ctx->viewport;
    ctx->clip_depth = 1;
    ctx->id_depth = 0;
    ctx->panel_count = 0;
    ctx->in_panel = false;
    ctx->wheel_used = false;
    ctx->press_blocked = false;
    ctx->active_seen = ctx->open_seen = ctx->focus_seen = false;
    ctx->last_rect = (UiRect){0, 0, 0, 0};

    /* Panels declared later lie on top: the last one under the mouse gets it. */
    ctx->hover_panel = 0;
    for (int i = 0; i < ctx->prev_panel_count; i++)
        if (ui_rect_contains(ctx->prev_panels[i].rect, ctx->mouse_x, ctx->mouse_y))
            ctx->hover_panel = ctx->prev_panels[i].id;

    /* An open list takes the mouse first: a press anywhere else only closes it. */
    ctx->popup_hover = ctx->open && ui_rect_contains(ctx->popup_rect, ctx->mouse_x,
                                                     ctx->mouse_y);
    if (ctx->open && ctx->mouse_pressed && !ctx->popup_hover) {
        ctx->open = 0;
        ctx->press_blocked = true;
    }
    if (ctx->open && key_pressed(ctx, UI_KEY_ESCAPE)) {
        ctx->open = 0;
        consume_key(ctx, UI_KEY_ESCAPE);
    }
}

static void end_edit(UiContext *ctx)
{
    ctx->focus = 0;
    ctx->edit_error = false;
    ctx->edit_msg[0] = '\0';
}

void ui_end(UiContext *ctx)
{
    assert(ctx->in_frame && !ctx->in_panel);
    assert(ctx->id_depth == 0 && ctx->clip_depth == 1);
    ctx->in_frame = false;
    ctx->last_overflow = ctx->overflow;

    /* What was not drawn this frame lets go. */
    if (!ctx->active_seen || !ctx->mouse_down)
        ctx->active = 0;
    if (!ctx->open_seen)
        ctx->open = 0;
    if (!ctx->focus_seen)
        end_edit(ctx);

    memcpy(ctx->prev_panels, ctx->panels, sizeof ctx->panels);
    ctx->prev_panel_count = ctx->panel_count;

    if (!ctx->mouse_down)
        ctx->capture = false;
    ctx->mouse_pressed = ctx->mouse_released = false;
    ctx->wheel_x = ctx->wheel_y = 0.0f;
    ctx->keys = 0;
    ctx->event_count = 0;
    ctx->event_text_len = 0;
}

/* ---- Ids ------------------------------------------------------------------------------ */

/* An id is the low 32 bits of util/hash's FNV-1a over the label, seeded by the pushed id. */
static UiId id_hash(const UiContext *ctx, const void *data, size_t size)
{
    uint64_t seed = ctx->id_depth > 0 ? ctx->id_stack[ctx->id_depth - 1] : HASH_SEED;
    return (UiId)hash_bytes(seed, data, size);
}

UiId ui_get_id(const UiContext *ctx, const char *label)
{
    UiId id = id_hash(ctx, label, strlen(label));
    return id ? id : 1; /* 0 means "none" */
}

static void push_id_hash(UiContext *ctx, UiId id)
{
    assert(ctx->id_depth < UI_ID_STACK_MAX);
    ctx->id_stack[ctx->id_depth++] = id;
}

void ui_push_id(UiContext *ctx, int n)
{
    push_id_hash(ctx, id_hash(ctx, &n, sizeof n));
}

void ui_push_id_str(UiContext *ctx, const char *str)
{
    push_id_hash(ctx, id_hash(ctx, str, strlen(str)));
}

void ui_pop_id(UiContext *ctx)
{
    assert(ctx->id_depth > 0);
    ctx->id_depth--;
}

/* ---- Hit testing ---------------------------------------------------------------------- */

/* Whether the mouse is over r for the widget being drawn: in the overlay only the popup
 * itself counts; in the main layer the list above, another panel on top or the clip hide
 * it. */
static bool mouse_over(const UiContext *ctx, UiRect r)
{
    if (!ui_rect_contains(r, ctx->mouse_x, ctx->mouse_y))
        return false;
    if (ctx->layer == LAYER_OVERLAY)
        return true;
    if (ctx->popup_hover || !ctx->in_panel || !ctx->panel.hovered)
        return false;
    return ui_rect_contains(clip_top(ctx), ctx->mouse_x, ctx->mouse_y);
}

static bool pressed(const UiContext *ctx)
{
    return ctx->mouse_pressed && !ctx->press_blocked;
}

/* A release that ended the press (not one followed by a new press in the same frame). */
static bool released(const UiContext *ctx)
{
    return ctx->mouse_released && !ctx->mouse_down;
}

/* Press-and-release logic shared by buttons, checkboxes and swatches. */
static int click_logic(UiContext *ctx, UiId id, UiRect r, bool *hover)
{
    int res = 0;
    *hover = mouse_over(ctx, r);
    if (*hover && pressed(ctx))
        ctx->active = id;
    if (ctx->active == id) {
        ctx->active_seen = true;
        if (released(ctx)) {
            if (*hover)
                res |= UI_RES_SUBMIT;
            ctx->active = 0;
        } else {
            res |= UI_RES_ACTIVE;
        }
    }
    return res;
}

static UiColor button_color(const UiContext *ctx, UiId id, bool hover)
{
    if (ctx->active == id)
        return color(ctx, UI_COLOR_BUTTON_ACTIVE);
    return color(ctx, hover ? UI_COLOR_BUTTON_HOVER : UI_COLOR_BUTTON);
}

/* ---- Panels and layout ---------------------------------------------------------------- */

static PanelScroll *panel_scroll(UiContext *ctx, UiId id)
{
    PanelScroll *oldest = &ctx->scrolls[0];
    for (int i = 0; i < UI_MAX_PANELS; i++) {
        if (ctx->scrolls[i].id == id) {
            ctx->scrolls[i].last_frame = ctx->frame;
            return &ctx->scrolls[i];
        }
        if (ctx->scrolls[i].last_frame < oldest->last_frame)
            oldest = &ctx->scrolls[i];
    }
    *oldest = (PanelScroll){.id = id, .scroll = 0.0f, .last_frame = ctx->frame};
    return oldest;
}

static void layout_set_row(Layout *l, const UiContext *ctx, int n, const float *widths,
                           float height)
{
    assert(n >= 0 && n <= UI_MAX_COLUMNS);
    if (n == 0) {
        n = 1;
        widths = NULL;
    }
    float gap = px(ctx, ctx->style.spacing), fixed = 0.0f;
    int flex = 0;
    for (int i = 0; i < n; i++) {
        if (widths && widths[i] > 0.0f)
            fixed += px(ctx, widths[i]);
        else
            flex++;
    }
    float share = flex ? fmaxf(0.0f, (l->body.w - fixed - gap * (float)(n - 1)) / (float)flex)
                       : 0.0f;
    for (int i = 0; i < n; i++)
        l->widths[i] = widths && widths[i] > 0.0f ? px(ctx, widths[i]) : share;
    l->ncols = n;
    l->row_h = height > 0.0f ? px(ctx, height) : px(ctx, ctx->style.widget_height);
}

void ui_layout_row(UiContext *ctx, int n, const float *widths, float height)
{
    assert(ctx->in_panel);
    Layout *l = &ctx->panel.layout;
    if (l->col > 0)
        l->y += l->row_max + px(ctx, ctx->style.spacing);
    l->col = 0;
    l->row_max = 0.0f;
    layout_set_row(l, ctx, n, widths, height);
}

UiRect ui_layout_next(UiContext *ctx)
{
    assert(ctx->in_panel);
    Layout *l = &ctx->panel.layout;
    float gap = px(ctx, ctx->style.spacing);
    if (l->col >= l->ncols) {
        l->y += l->row_max + gap;
        l->col = 0;
        l->row_max = 0.0f;
    }
    float x = l->body.x;
    for (int i = 0; i < l->col; i++)
        x += l->widths[i] + gap;
    UiRect r = {x, l->y, l->widths[l->col], l->row_h};
    l->col++;
    l->row_max = fmaxf(l->row_max, r.h);
    l->max_y = fmaxf(l->max_y, r.y + r.h);
    ctx->last_rect = r;
    return r;
}

/* Grows the last cell to height h (text blocks). */
static void layout_grow(UiContext *ctx, float h)
{
    Layout *l = &ctx->panel.layout;
    ctx->last_rect.h = fmaxf(ctx->last_rect.h, h);
    l->row_max = fmaxf(l->row_max, ctx->last_rect.h);
    l->max_y = fmaxf(l->max_y, ctx->last_rect.y + ctx->last_rect.h);
}

UiRect ui_last_rect(const UiContext *ctx)
{
    return ctx->last_rect;
}

static UiRect panel_body(const UiContext *ctx, const PanelFrame *p)
{
    float pad = px(ctx, ctx->style.panel_padding);
    return (UiRect){p->rect.x + pad, p->rect.y + p->title_h + pad,
                    fmaxf(0.0f, p->rect.w - 2.0f * pad),
                    fmaxf(0.0f, p->rect.h - p->title_h - 2.0f * pad)};
}

/* Widgets are clipped to the panel below the title bar, padding included, so that focus
 * outlines at the content's edge stay visible. */
static UiRect panel_clip(const PanelFrame *p)
{
    return (UiRect){p->rect.x, p->rect.y + p->title_h, p->rect.w,
                    fmaxf(0.0f, p->rect.h - p->title_h)};
}

void ui_panel_begin(UiContext *ctx, const char *title, UiRect rect, int flags)
{
    assert(ctx->in_frame && !ctx->in_panel);
    PanelFrame *p = &ctx->panel;
    memset(p, 0, sizeof *p);
    p->id = ui_get_id(ctx, title);
    p->flags = flags;
    p->auto_height = (flags & UI_PANEL_AUTO_HEIGHT) || rect.h <= 0.0f;
    if (p->auto_height)
        rect.h = ctx->viewport.h; /* provisional: fixed in ui_panel_end */
    p->rect = rect;
    p->title_h = (flags & UI_PANEL_NO_TITLE) ? 0.0f : px(ctx, ctx->style.title_height);
    /* The topmost panel of the last frame under the mouse; a panel new this frame counts
     * when nothing was there. */
    p->hovered = ctx->hover_panel ? ctx->hover_panel == p->id
                                  : ui_rect_contains(rect, ctx->mouse_x, ctx->mouse_y);
    ctx->in_panel = true;
    push_id_hash(ctx, p->id); /* same labels in different panels do not collide */

    float radius = px(ctx, ctx->style.radius);
    p->bg_cmd = -1;
    UiCommand *bg = push_cmd(ctx, UI_CMD_RECT, color(ctx, UI_COLOR_PANEL));
    if (bg) {
        bg->rect.rect = rect;
        bg->rect.radius = radius;
        p->bg_cmd = ctx->count[LAYER_MAIN] - 1;
    }
    if (p->title_h > 0.0f) {
        UiRect bar = {rect.x, rect.y, rect.w, p->title_h};
        draw_rect(ctx, bar, color(ctx, UI_COLOR_TITLE), radius);
        /* Square off the bar's lower corners where it meets the body. */
        draw_rect(ctx, (UiRect){bar.x, bar.y + 0.5f * bar.h, bar.w, 0.5f * bar.h},
                  color(ctx, UI_COLOR_TITLE), 0.0f);
        float pad = px(ctx, ctx->style.panel_padding);
        draw_text_fit(ctx, title, label_len(title), rect.x + pad, bar, rect.w - 2.0f * pad,
                      color(ctx, UI_COLOR_TITLE_TEXT));
    }

    p->scroll = panel_scroll(ctx, p->id);
    if (p->auto_height)
        p->scroll->scroll = 0.0f;
    push_clip(ctx, panel_clip(p));
    p->clip_cmd = ctx->count[LAYER_MAIN] > 0 ? ctx->count[LAYER_MAIN] - 1 : -1;

    Layout *l = &p->layout;
    l->body = panel_body(ctx, p);
    l->x = l->body.x;
    l->y = l->body.y - p->scroll->scroll;
    l->max_y = l->y;
    layout_set_row(l, ctx, 1, NULL, 0.0f);
}

void ui_panel_end(UiContext *ctx)
{
    assert(ctx->in_panel);
    PanelFrame *p = &ctx->panel;
    Layout *l = &p->layout;
    float pad = px(ctx, ctx->style.panel_padding);
    float content_h = l->max_y - (l->body.y - p->scroll->scroll);

    if (p->auto_height) {
        p->rect.h = p->title_h + 2.0f * pad + content_h;
        if (p->bg_cmd >= 0)
            ctx->cmds[p->bg_cmd].rect.rect = p->rect;
        if (p->clip_cmd >= 0 && ctx->cmds[p->clip_cmd].type == UI_CMD_CLIP_PUSH)
            ctx->cmds[p->clip_cmd].clip.rect =
                rect_intersect(panel_clip(p), ctx->clip_stack[ctx->clip_depth - 2]);
    } else {
        /* Scrolling takes effect next frame: this frame's commands are already placed. */
        float max_scroll = fmaxf(0.0f, content_h - l->body.h);
        float s = p->scroll->scroll;
        if (p->hovered && !ctx->wheel_used && ctx->wheel_y != 0.0f && !ctx->open) {
            s -= ctx->wheel_y * px(ctx, ctx->style.scroll_step);
            ctx->wheel_used = true;
        }
        p->scroll->scroll = fminf(fmaxf(s, 0.0f), max_scroll);
        if (max_scroll > 0.0f) {
            float w = px(ctx, 4.0f), track_h = l->body.h;
            float thumb_h = fmaxf(px(ctx, 20.0f), track_h * l->body.h / content_h);
            float y = l->body.y + (track_h - thumb_h) * p->scroll->scroll / max_scroll;
            draw_rect(ctx, (UiRect){p->rect.x + p->rect.w - 0.5f * pad - 0.5f * w, y, w,
                                    thumb_h},
                      color(ctx, UI_COLOR_SCROLLBAR), 0.5f * w);
        }
    }
    pop_clip(ctx);
    ui_pop_id(ctx);

    if (ctx->panel_count < UI_MAX_PANELS)
        ctx->panels[ctx->panel_count++] = (PanelHit){p->id, p->rect};
    ctx->in_panel = false;
}

/* ---- Simple widgets ------------------------------------------------------------------- */

void ui_label(UiContext *ctx, const char *text)
{
    UiRect r = ui_layout_next(ctx);
    draw_text_fit(ctx, text, label_len(text), r.x, r, r.w, color(ctx, UI_COLOR_TEXT));
}

void ui_text(UiContext *ctx, const char *text)
{
    UiRect r = ui_layout_next(ctx);
    float lh = ui_line_height(ctx);
    int len = (int)strlen(text), lines = 0, p = 0;
    UiColor c = color(ctx, UI_COLOR_TEXT);
    while (p < len) {
        size_t next;
        size_t n = text_wrap(text + p, (size_t)(len - p), r.w, text_measure, ctx, &next);
        draw_text_n(ctx, text + p, (int)n, r.x, r.y + (float)lines * lh, c);
        lines++;
        p += (int)next;
    }
    layout_grow(ctx, (float)lines * lh);
}

int ui_button(UiContext *ctx, const char *label)
{
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    bool hover;
    int res = click_logic(ctx, id, r, &hover);
    draw_rect(ctx, r, button_color(ctx, id, hover), px(ctx, ctx->style.radius));
    int len = label_len(label);
    float pad = px(ctx, ctx->style.padding), tw = text_width_n(ctx, label, len);
    float x = tw <= r.w - 2.0f * pad ? r.x + 0.5f * (r.w - tw) : r.x + pad;
    draw_text_fit(ctx, label, len, x, r, r.w - 2.0f * pad, color(ctx, UI_COLOR_TEXT));
    return res;
}

int ui_checkbox(UiContext *ctx, const char *label, bool *value)
{
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    bool hover;
    int res = click_logic(ctx, id, r, &hover);
    if (res & UI_RES_SUBMIT) {
        *value = !*value;
        res |= UI_RES_CHANGE;
    }
    float side = 0.66f * fminf(r.h, px(ctx, ctx->style.widget_height));
    UiRect box = {r.x, r.y + 0.5f * (r.h - side), side, side};
    float radius = 0.5f * px(ctx, ctx->style.radius);
    if (*value) {
        draw_rect(ctx, box, color(ctx, UI_COLOR_ACCENT), radius);
        UiColor ink = color(ctx, UI_COLOR_BASE);
        float t = 0.14f * side;
        float ax = box.x + 0.22f * side, ay = box.y + 0.52f * side;
        float bx = box.x + 0.42f * side, by = box.y + 0.72f * side;
        float cx = box.x + 0.80f * side, cy = box.y + 0.28f * side;
        draw_segment(ctx, ax, ay, bx, by, t, ink);
        draw_segment(ctx, bx, by, cx, cy, t, ink);
    } else {
        draw_rect(ctx, box, color(ctx, hover ? UI_COLOR_BASE_HOVER : UI_COLOR_BASE), radius);
        draw_rect_line(ctx, box, color(ctx, UI_COLOR_BORDER), px(ctx, ctx->style.border));
    }
    float x = box.x + box.w + px(ctx, ctx->style.padding);
    draw_text_fit(ctx, label, label_len(label), x, r, r.x + r.w - x, color(ctx, UI_COLOR_TEXT));
    return res;
}

int ui_color_button(UiContext *ctx, const char *label, UiColor swatch)
{
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    bool hover;
    int res = click_logic(ctx, id, r, &hover);
    int len = label_len(label);
    UiRect box = r;
    if (len > 0)
        box.w = fminf(r.w, r.h);
    float radius = px(ctx, ctx->style.radius);
    draw_rect(ctx, box, swatch, radius);
    UiColorId edge = ctx->active == id ? UI_COLOR_ACCENT
                     : hover           ? UI_COLOR_TEXT
                                       : UI_COLOR_BORDER;
    draw_rect_line(ctx, box, color(ctx, edge), px(ctx, ctx->style.border));
    if (len > 0) {
        float x = box.x + box.w + px(ctx, ctx->style.padding);
        draw_text_fit(ctx, label, len, x, r, r.x + r.w - x, color(ctx, UI_COLOR_TEXT));
    }
    return res;
}

/* ---- Numeric entry -------------------------------------------------------------------- */

/* Parses the whole of s as a finite number in [lo, hi] (an integer when integer is set).
 * On failure writes the message shown under the field. */
static bool parse_number(const char *s, double lo, double hi, bool integer, double *out,
                         char *msg, size_t msg_size)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    bool ok = end != s && *end == '\0' && isfinite(v) && v >= lo && v <= hi &&
              !(errno == ERANGE && fabs(v) > 1.0) && !(integer && v != floor(v));
    if (ok) {
        *out = v;
        return true;
    }
    snprintf(msg, msg_size, "expected %s in [%g, %g]", integer ? "an integer" : "a number",
             lo, hi);
    return false;
}

/* The shortest %g text that reads back as v exactly. */
static void format_exact(char *buf, size_t size, double v, bool integer)
{
    if (integer) {
        snprintf(buf, size, "%d", (int)v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static void begin_edit(UiContext *ctx, UiId id, double v, bool integer)
{
    ctx->focus = id;
    format_exact(ctx->edit, sizeof ctx->edit, v, integer);
    ctx->edit_len = (int)strlen(ctx->edit);
    ctx->edit_caret = ctx->edit_len;
    ctx->edit_select_all = true; /* typing replaces the shown value */
    ctx->edit_error = false;
    ctx->edit_msg[0] = '\0';
}

static void edit_clear_selection(UiContext *ctx)
{
    if (ctx->edit_select_all) {
        ctx->edit_len = ctx->edit_caret = 0;
        ctx->edit[0] = '\0';
        ctx->edit_select_all = false;
    }
}

static void edit_insert(UiContext *ctx, const char *s, int len)
{
    edit_clear_selection(ctx);
    if (ctx->edit_len + len >= UI_EDIT_MAX)
        return;
    memmove(ctx->edit + ctx->edit_caret + len, ctx->edit + ctx->edit_caret,
            (size_t)(ctx->edit_len - ctx->edit_caret + 1));
    memcpy(ctx->edit + ctx->edit_caret, s, (size_t)len);
    ctx->edit_len += len;
    ctx->edit_caret += len;
}

/* Deletes the bytes [a, b) of the edit buffer. */
static void edit_delete(UiContext *ctx, int a, int b)
{
    memmove(ctx->edit + a, ctx->edit + b, (size_t)(ctx->edit_len - b + 1));
    ctx->edit_len -= b - a;
    ctx->edit_caret = a;
}

/* Tries to commit the typed text; on failure enters (or stays in) the error state. */
static int edit_commit(UiContext *ctx, double *value, double lo, double hi, bool integer)
{
    double v;
    if (!parse_number(ctx->edit, lo, hi, integer, &v, ctx->edit_msg, sizeof ctx->edit_msg)) {
        ctx->edit_error = true;
        return UI_RES_ERROR;
    }
    int res = UI_RES_SUBMIT;
    if (v != *value) {
        *value = v;
        res |= UI_RES_CHANGE;
    }
    end_edit(ctx);
    return res;
}

/* Runs the text field that replaces a value box while focused. */
static int edit_number(UiContext *ctx, UiRect r, double *value, double lo, double hi,
                       bool integer)
{
    ctx->focus_seen = true;
    if (pressed(ctx) && !ui_rect_contains(r, ctx->mouse_x, ctx->mouse_y)) {
        /* A click elsewhere commits valid text and drops invalid text. */
        int res = ctx->edit_error ? 0 : edit_commit(ctx, value, lo, hi, integer);
        end_edit(ctx);
        return res & ~UI_RES_ERROR;
    }
    bool edited = false;
    for (int i = 0; i < ctx->event_count; i++) {
        InputEvent *e = &ctx->events[i];
        int len = ctx->edit_len, caret = ctx->edit_caret;
        switch (e->key) {
        case EVENT_TEXT:
            edit_insert(ctx, ctx->event_text + e->text_off, e->text_len);
            edited = true;
            break;
        case UI_KEY_BACKSPACE:
            if (ctx->edit_select_all)
                edit_clear_selection(ctx);
            else if (caret > 0)
                edit_delete(ctx, edit_prev(ctx->edit, caret), caret);
            edited = true;
            break;
        case UI_KEY_DELETE:
            if (ctx->edit_select_all)
                edit_clear_selection(ctx);
            else if (caret < len)
                edit_delete(ctx, caret, edit_next(ctx->edit, len, caret));
            edited = true;
            break;
        case UI_KEY_LEFT:
            ctx->edit_caret = ctx->edit_select_all ? 0 : edit_prev(ctx->edit, caret);
            ctx->edit_select_all = false;
            break;
        case UI_KEY_RIGHT:
            ctx->edit_caret = ctx->edit_select_all ? len : edit_next(ctx->edit, len, caret);
            ctx->edit_select_all = false;
            break;
        case UI_KEY_HOME:
            ctx->edit_caret = 0;
            ctx->edit_select_all = false;
            break;
        case UI_KEY_END:
            ctx->edit_caret = len;
            ctx->edit_select_all = false;
            break;
        case UI_KEY_ENTER:
        case UI_KEY_TAB: {
            e->key = EVENT_USED;
            int res = edit_commit(ctx, value, lo, hi, integer);
            if (!ctx->focus)
                return res;
            return res | UI_RES_ACTIVE;
        }
        case UI_KEY_ESCAPE:
            e->key = EVENT_USED;
            end_edit(ctx);
            return 0;
        default:
            break;
        }
        e->key = EVENT_USED;
    }
    /* The error shows until the text becomes valid (or Esc). */
    double v;
    char scratch[UI_MSG_MAX];
    if (edited && ctx->edit_error &&
        parse_number(ctx->edit, lo, hi, integer, &v, scratch, sizeof scratch)) {
        ctx->edit_error = false;
        ctx->edit_msg[0] = '\0';
    }
    return UI_RES_ACTIVE;
}

static void draw_edit_field(UiContext *ctx, UiRect r)
{
    float pad = px(ctx, ctx->style.padding), border = px(ctx, ctx->style.border);
    float lh = ui_line_height(ctx);
    UiColor edge = color(ctx, ctx->edit_error ? UI_COLOR_ERROR : UI_COLOR_ACCENT);
    draw_rect(ctx, r, color(ctx, UI_COLOR_BASE), px(ctx, ctx->style.radius));
    draw_rect_line(ctx, r, edge, border);

    /* Scroll the text left when the caret would leave the field. */
    float inner = r.w - 2.0f * pad;
    float caret_x = text_width_n(ctx, ctx->edit, ctx->edit_caret);
    float shift = fmaxf(0.0f, caret_x - inner);
    float x = r.x + pad - shift, y = r.y + 0.5f * (r.h - lh);
    push_clip(ctx, (UiRect){r.x + border, r.y, r.w - 2.0f * border, r.h});
    if (ctx->edit_select_all && ctx->edit_len > 0)
        draw_rect(ctx, (UiRect){x, y, text_width_n(ctx, ctx->edit, ctx->edit_len), lh},
                  color(ctx, UI_COLOR_SELECTION), 0.0f);
    draw_text_n(ctx, ctx->edit, ctx->edit_len, x, y, color(ctx, UI_COLOR_TEXT));
    if (!ctx->edit_select_all)
        draw_rect(ctx, (UiRect){x + caret_x, y, fmaxf(1.0f, px(ctx, 2.0f)), lh},
                  color(ctx, UI_COLOR_ACCENT), 0.0f);
    pop_clip(ctx);

    if (ctx->edit_error && ctx->edit_msg[0]) {
        /* The message floats under the field, above everything else. */
        int len = (int)strlen(ctx->edit_msg);
        float w = text_width_n(ctx, ctx->edit_msg, len) + 2.0f * pad;
        float h = px(ctx, ctx->style.widget_height);
        float bx = fminf(r.x, ctx->viewport.w - w);
        float by = r.y + r.h + px(ctx, 2.0f);
        if (by + h > ctx->viewport.h)
            by = r.y - h - px(ctx, 2.0f);
        UiRect box = {fmaxf(0.0f, bx), by, w, h};
        int saved = ctx->layer;
        ctx->layer = LAYER_OVERLAY;
        draw_rect(ctx, box, color(ctx, UI_COLOR_ERROR), px(ctx, ctx->style.radius));
        draw_text_n(ctx, ctx->edit_msg, len, box.x + pad, box.y + 0.5f * (h - lh),
                    color(ctx, UI_COLOR_TEXT));
        ctx->layer = saved;
    }
}

/* ---- Text field ------------------------------------------------------------------------ */

int ui_text_field(UiContext *ctx, const char *label, char *buf, int cap, int mark)
{
    assert(buf && cap > 0);
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    bool hover = mouse_over(ctx, r);
    int res = 0;
    if (ctx->focus != id && hover && pressed(ctx)) {
        ctx->focus = id;
        int n = (int)strlen(buf);
        n = n < cap - 1 ? n : cap - 1;
        n = n < UI_EDIT_MAX - 1 ? n : UI_EDIT_MAX - 1;
        memcpy(ctx->edit, buf, (size_t)n);
        ctx->edit[n] = '\0';
        ctx->edit_len = ctx->edit_caret = n;
        ctx->edit_select_all = false;
        ctx->edit_error = false;
        ctx->edit_msg[0] = '\0';
    } else if (ctx->focus == id && pressed(ctx) && !hover) {
        end_edit(ctx); /* a click elsewhere cancels: buf keeps its text */
    }
    if (ctx->focus == id) {
        ctx->focus_seen = true;
        res |= UI_RES_ACTIVE;
        for (int i = 0; i < ctx->event_count && ctx->focus == id; i++) {
            InputEvent *e = &ctx->events[i];
            int len = ctx->edit_len, caret = ctx->edit_caret;
            switch (e->key) {
            case EVENT_TEXT:
                if (ctx->edit_len + e->text_len < cap)
                    edit_insert(ctx, ctx->event_text + e->text_off, e->text_len);
                break;
            case UI_KEY_BACKSPACE:
                if (caret > 0)
                    edit_delete(ctx, edit_prev(ctx->edit, caret), caret);
                break;
            case UI_KEY_DELETE:
                if (caret < len)
                    edit_delete(ctx, caret, edit_next(ctx->edit, len, caret));
                break;
            case UI_KEY_LEFT:
                ctx->edit_caret = edit_prev(ctx->edit, caret);
                break;
            case UI_KEY_RIGHT:
                ctx->edit_caret = edit_next(ctx->edit, len, caret);
                break;
            case UI_KEY_HOME:
                ctx->edit_caret = 0;
                break;
            case UI_KEY_END:
                ctx->edit_caret = len;
                break;
            case UI_KEY_ENTER:
                if (strcmp(buf, ctx->edit) != 0)
                    res |= UI_RES_CHANGE;
                memcpy(buf, ctx->edit, (size_t)ctx->edit_len + 1);
                res = (res | UI_RES_SUBMIT) & ~UI_RES_ACTIVE;
                end_edit(ctx);
                break;
            case UI_KEY_ESCAPE:
                res &= ~UI_RES_ACTIVE;
                end_edit(ctx);
                break;
            default:
                break;
            }
            e->key = EVENT_USED;
        }
    }
    if (ctx->focus == id) {
        draw_edit_field(ctx, r);
    } else {
        float pad = px(ctx, ctx->style.padding), lh = ui_line_height(ctx);
        bool err = mark >= 0;
        draw_rect(ctx, r, color(ctx, hover ? UI_COLOR_BASE_HOVER : UI_COLOR_BASE),
                  px(ctx, ctx->style.radius));
        if (err)
            draw_rect_line(ctx, r, color(ctx, UI_COLOR_ERROR), px(ctx, ctx->style.border));
        /* With a mark the text sits in the upper part and a caret points up at the mark. */
        UiRect tr = err ? (UiRect){r.x, r.y, r.w, fmaxf(lh, r.h - lh)} : r;
        int len = (int)strlen(buf);
        push_clip(ctx, r);
        draw_text_fit(ctx, buf, len, r.x + pad, tr, r.w - 2.0f * pad,
                      color(ctx, UI_COLOR_TEXT));
        if (err) {
            int at = mark < len ? mark : len;
            float x = r.x + pad + text_width_n(ctx, buf, at);
            float cw = at < len ? text_width_n(ctx, buf + at, edit_next(buf, len, at) - at)
                                : text_width_n(ctx, " ", 1);
            float y = tr.y + 0.5f * (tr.h + lh);
            float a = fmaxf(3.0f, 0.3f * lh), cx = fminf(x + 0.5f * cw, r.x + r.w - pad);
            draw_triangle(ctx, (float[3]){cx - a, cx + a, cx},
                          (float[3]){y + a, y + a, y}, color(ctx, UI_COLOR_ERROR));
        }
        pop_clip(ctx);
    }
    ctx->last_rect = r;
    return res;
}

const char *ui_edit_error(const UiContext *ctx)
{
    return ctx->focus && ctx->edit_error ? ctx->edit_msg : NULL;
}

/* ---- Sliders -------------------------------------------------------------------------- */

/* Thumb position t in [0, 1] of value v. */
static double slider_t(double v, double lo, double hi, int flags)
{
    double t = (flags & UI_SLIDER_LOG) ? (log(v) - log(lo)) / (log(hi) - log(lo))
                                       : (v - lo) / (hi - lo);
    return t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
}

/* Value at thumb position t; the ends are exactly lo and hi. */
static double slider_value(double t, double lo, double hi, int flags)
{
    if (t <= 0.0)
        return lo;
    if (t >= 1.0)
        return hi;
    double v = (flags & UI_SLIDER_LOG) ? exp(log(lo) + t * (log(hi) - log(lo)))
                                       : lo + t * (hi - lo);
    if (flags & UI_SLIDER_INT_)
        v = floor(v + 0.5);
    return v < lo ? lo : v > hi ? hi : v;
}

static int slider_core(UiContext *ctx, const char *label, double *value,
                       const UiSliderDesc *desc)
{
    double lo = desc->lo, hi = desc->hi;
    int flags = desc->flags;
    bool typed_range = desc->type_lo != 0.0 || desc->type_hi != 0.0;
    double type_lo = typed_range ? desc->type_lo : lo, type_hi = typed_range ? desc->type_hi : hi;
    assert(lo < hi && (!(flags & UI_SLIDER_LOG) || lo > 0.0) && type_lo <= type_hi);
    bool integer = flags & UI_SLIDER_INT_;
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    float gap = px(ctx, ctx->style.spacing);
    float value_w = fminf(px(ctx, ctx->style.value_width), 0.5f * r.w);
    UiRect track = {r.x, r.y, fmaxf(0.0f, r.w - value_w - gap), r.h};
    UiRect box = {r.x + r.w - value_w, r.y, value_w, r.h};
    float thumb_w = px(ctx, ctx->style.thumb_width);
    float usable = fmaxf(1.0f, track.w - thumb_w);
    float x0 = track.x + 0.5f * thumb_w; /* thumb centre at t = 0 */
    int res = 0;

    /* The value box: a click turns it into a text field. */
    bool box_hover = mouse_over(ctx, box);
    if (ctx->focus == id)
        res |= edit_number(ctx, box, value, type_lo, type_hi, integer);
    else if (box_hover && pressed(ctx))
        begin_edit(ctx, id, *value, integer);
    if (ctx->focus == id) {
        ctx->focus_seen = true;
        res |= UI_RES_ACTIVE;
    }

    /* The track: a press on the thumb grabs it where it is, elsewhere jumps to the press. */
    bool hover = mouse_over(ctx, track);
    float cx = x0 + (float)slider_t(*value, lo, hi, flags) * usable;
    if (hover && pressed(ctx)) {
        ctx->active = id;
        float d = ctx->mouse_x - cx;
        float grab_dx = fabsf(d) <= 0.5f * thumb_w ? d : 0.0f;
        ctx->drag_x = ctx->mouse_x;
        ctx->drag_t = (double)(ctx->mouse_x - grab_dx - x0) / (double)usable;
        ctx->drag_usable = usable;
    }
    if (ctx->active == id) {
        ctx->active_seen = true;
        double t = slider_drag_t(ctx, ctx->mouse_x);
        double v = slider_value(t, lo, hi, flags);
        if (v != *value) {
            *value = v;
            res |= UI_RES_CHANGE;
        }
        if (released(ctx))
            ctx->active = 0;
        else
            res |= UI_RES_ACTIVE;
        cx = x0 + (float)slider_t(*value, lo, hi, flags) * usable;
    }

    float th = px(ctx, ctx->style.track_height);
    float ty = r.y + 0.5f * (r.h - th);
    draw_rect(ctx, (UiRect){track.x, ty, track.w, th},
              color(ctx, hover ? UI_COLOR_BASE_HOVER : UI_COLOR_BASE), 0.5f * th);
    draw_rect(ctx, (UiRect){track.x, ty, cx - track.x, th}, color(ctx, UI_COLOR_ACCENT),
              0.5f * th);
    if (desc->mark > lo && desc->mark < hi) {
        float mx = x0 + (float)slider_t(desc->mark, lo, hi, flags) * usable;
        float mw = fmaxf(2.0f, px(ctx, 3.0f));
        draw_rect(ctx, (UiRect){mx - 0.5f * mw, r.y + 0.1f * r.h, mw, 0.8f * r.h},
                  color(ctx, UI_COLOR_ERROR), 0.0f);
    }
    draw_rect(ctx, (UiRect){cx - 0.5f * thumb_w, r.y + 0.15f * r.h, thumb_w, 0.7f * r.h},
              button_color(ctx, id, hover), 0.5f * px(ctx, ctx->style.radius));

    if (ctx->focus == id) {
        draw_edit_field(ctx, box);
    } else {
        char buf[48];
        if (integer)
            snprintf(buf, sizeof buf, "%d", (int)*value);
        else
            snprintf(buf, sizeof buf, "%.4g", *value);
        int len = (int)strlen(buf);
        float pad = px(ctx, ctx->style.padding);
        draw_rect(ctx, box, color(ctx, box_hover ? UI_COLOR_BASE_HOVER : UI_COLOR_BASE),
                  px(ctx, ctx->style.radius));
        float tw = text_width_n(ctx, buf, len);
        float x = tw <= box.w - 2.0f * pad ? box.x + 0.5f * (box.w - tw) : box.x + pad;
        draw_text_fit(ctx, buf, len, x, box, box.w - 2.0f * pad, color(ctx, UI_COLOR_TEXT));
    }
    ctx->last_rect = r;
    return res;
}

int ui_slider(UiContext *ctx, const char *label, double *value, double lo, double hi,
              int flags)
{
    return slider_core(ctx, label, value,
                       &(UiSliderDesc){ .lo = lo, .hi = hi, .flags = flags & ~UI_SLIDER_INT_ });
}

int ui_slider_desc(UiContext *ctx, const char *label, double *value, const UiSliderDesc *desc)
{
    UiSliderDesc d = *desc;
    d.flags &= ~UI_SLIDER_INT_;
    return slider_core(ctx, label, value, &d);
}

int ui_slider_int(UiContext *ctx, const char *label, int *value, int lo, int hi, int flags)
{
    double v = *value;
    int res = slider_core(ctx, label, &v,
                          &(UiSliderDesc){ .lo = lo, .hi = hi, .flags = flags | UI_SLIDER_INT_ });
    *value = (int)v;
    return res;
}

/* ---- Dropdown ------------------------------------------------------------------------- */

static void draw_down_arrow(UiContext *ctx, float cx, float cy, float a, UiColor c)
{
    draw_triangle(ctx, (float[3]){cx - a, cx + a, cx}, (float[3]){cy - 0.5f * a, cy - 0.5f * a,
                                                                  cy + 0.5f * a}, c);
}

int ui_dropdown(UiContext *ctx, const char *label, int *index, const char *const *items,
                int count)
{
    assert(count > 0 && items);
    UiId id = ui_get_id(ctx, label);
    UiRect r = ui_layout_next(ctx);
    float pad = px(ctx, ctx->style.padding), radius = px(ctx, ctx->style.radius);
    int res = 0;
    bool hover = mouse_over(ctx, r);
    if (ctx->open != id && hover && pressed(ctx))
        ctx->open = id; /* the list lies outside the box: this press picks nothing */

    UiColor box_color = ctx->open == id ? color(ctx, UI_COLOR_BUTTON_ACTIVE)
                                        : button_color(ctx, id, hover);
    draw_rect(ctx, r, box_color, radius);
    float a = 0.22f * fminf(r.h, px(ctx, ctx->style.widget_height));
    float arrow_cx = r.x + r.w - pad - a;
    draw_down_arrow(ctx, arrow_cx, r.y + 0.5f * r.h, a, color(ctx, UI_COLOR_TEXT));
    const char *cur = *index >= 0 && *index < count ? items[*index] : "";
    draw_text_fit(ctx, cur, (int)strlen(cur), r.x + pad, r, arrow_cx - a - pad - (r.x + pad),
                  color(ctx, UI_COLOR_TEXT));

    if (ctx->open == id) {
        ctx->open_seen = true;
        res |= UI_RES_ACTIVE;
        float item_h = r.h, list_h = item_h * (float)count;
        UiRect list = {r.x, r.y + r.h, r.w, list_h};
        if (list.y + list_h > ctx->viewport.h && r.y - list_h >= 0.0f)
            list.y = r.y - list_h; /* no room below: open upwards */
        ctx->popup_rect = list;

        int saved = ctx->layer;
        ctx->layer = LAYER_OVERLAY;
        draw_rect(ctx, list, color(ctx, UI_COLOR_POPUP), radius);
        for (int i = 0; i < count; i++) {
            UiRect ir = {list.x, list.y + item_h * (float)i, list.w, item_h};
            bool ih = mouse_over(ctx, ir);
            if (ih && pressed(ctx)) {
                if (*index != i)
                    res |= UI_RES_CHANGE;
                *index = i;
                ctx->open = 0;
                ctx->press_blocked = true;
                res &= ~UI_RES_ACTIVE;
            }
            if (i == *index)
                draw_rect(ctx, ir, color(ctx, UI_COLOR_SELECTION), 0.0f);
            else if (ih)
                draw_rect(ctx, ir, color(ctx, UI_COLOR_BUTTON_HOVER), 0.0f);
            draw_text_fit(ctx, items[i], (int)strlen(items[i]), ir.x + pad, ir,
                          ir.w - 2.0f * pad, color(ctx, UI_COLOR_TEXT));
        }
        draw_rect_line(ctx, list, color(ctx, UI_COLOR_ACCENT), px(ctx, ctx->style.border));
        ctx->layer = saved;
    }
    ctx->last_rect = r;
    return res;
}
