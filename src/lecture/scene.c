/* scene.c - scene files: INI text read into a SceneDesc, and written back.
 *
 * The text is checked line by line first (length in bytes, control bytes, UTF-8), then a small
 * reader of our own collects every key with its line number (no line-length limit of its
 * own, so a line is never cut in two), and only then are the keys interpreted, in an order
 * that does not depend on the file's (opt before a run's other keys, schedule before its
 * parameters). Every message is "NAME:LINE: what was expected".
 */
#include "lecture/scene.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "lecture/spec.h"
#include "util/outfile.h"
#include "util/utf8.h"

enum {
    SCENE_MAX_FILE = 1 << 20,
    SCENE_MAX_ENTRIES = 4096,
    SCENE_KEY_LEN = 32,
    SCENE_WRAP = 100, /* saved title and caption lines wrap near this many bytes */
};

static const char *const OVERLAY_IDS[] = {
    [OVERLAY_GRADIENT_FIELD] = "gradient-field", [OVERLAY_DIRECTIONS] = "directions",
    [OVERLAY_TAYLOR] = "taylor",                 [OVERLAY_EIGEN] = "eigen",
    [OVERLAY_CRITICAL] = "critical",             [OVERLAY_MINIBATCH] = "minibatch",
    [OVERLAY_LOSS_PLOT] = "loss-plot",           [OVERLAY_TRIALS] = "trials",
    [OVERLAY_BASINS] = "basins",                 [OVERLAY_SWEEP] = "sweep",
};
static_assert(sizeof OVERLAY_IDS / sizeof OVERLAY_IDS[0] == OVERLAY_COUNT, "overlay ids");

static const char *const LAYOUT_IDS[] = { [LAYOUT_SINGLE] = "single", [LAYOUT_1X2] = "1x2",
                                          [LAYOUT_2X2] = "2x2" };
static_assert(sizeof LAYOUT_IDS / sizeof LAYOUT_IDS[0] == LAYOUT_COUNT, "layout ids");
static const char *const LEGEND_IDS[] = { [LEGEND_AUTO] = "auto", [LEGEND_COMPACT] = "compact",
                                          [LEGEND_OFF] = "off" };
static_assert(sizeof LEGEND_IDS / sizeof LEGEND_IDS[0] == LEGEND_MODE_COUNT, "legend ids");

const char *scene_legend_id(LegendMode m)
{
    return (m >= 0 && m < LEGEND_MODE_COUNT) ? LEGEND_IDS[m] : "?";
}

static const char *const LOSS_AXIS_IDS[] = { [LOSS_AXIS_VALUE] = "value",
                                             [LOSS_AXIS_GAP] = "gap" };
static_assert(sizeof LOSS_AXIS_IDS / sizeof LOSS_AXIS_IDS[0] == LOSS_AXIS_COUNT, "loss ids");

const char *scene_loss_axis_id(LossAxisMode m)
{
    return (m >= 0 && m < LOSS_AXIS_COUNT) ? LOSS_AXIS_IDS[m] : "?";
}

static const int LAYOUT_PANES[] = { [LAYOUT_SINGLE] = 1, [LAYOUT_1X2] = 2, [LAYOUT_2X2] = 4 };
static_assert(sizeof LAYOUT_PANES / sizeof LAYOUT_PANES[0] == LAYOUT_COUNT, "pane counts");

const char *scene_overlay_id(OverlayKind k)
{
    return (k >= 0 && k < OVERLAY_COUNT) ? OVERLAY_IDS[k] : "?";
}

const char *scene_layout_id(PaneLayout l)
{
    return (l >= 0 && l < LAYOUT_COUNT) ? LAYOUT_IDS[l] : "?";
}

typedef enum { SECTION_SCENE, SECTION_PANE, SECTION_RUN, SECTION_UNKNOWN } SectionKind;

typedef struct {
    SectionKind section;
    int seq;  /* which [section] header it follows (1-based; 0 = before any) */
    int line; /* line of the key (of its first line, for continued values) */
    char key[SCENE_KEY_LEN];
    char *value; /* NUL-terminated, in Parse.arena; continued values joined by one space */
    size_t value_len;
} Entry;

typedef struct {
    const char *text, *name;
    size_t len;
    int line, seq;
    int *seq_line; /* line of each [section] header, by seq (SCENE_MAX_ENTRIES of them) */
    SectionKind *seq_kind; /* and its kind, so empty sections count too */
    const char *section; /* the current section's name (in text), section_len bytes */
    size_t section_len;
    bool in_section;
    SectionKind kind;    /* the current section's */
    int scene_line;      /* line of the [scene] header, 0 before it */
    Entry *entries;
    int n;
    char *arena; /* every value, back to back: at most len + 1 bytes (see read_text) */
    size_t used;
    char *err;
    size_t errlen;
    bool failed;
} Parse;

/* printf-checked (and no -Wformat-nonliteral from clang) where the compiler knows how. */
#if defined(__GNUC__)
#define SCENE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SCENE_PRINTF(f, a)
#endif

SCENE_PRINTF(3, 4) static bool fail(Parse *p, int line, const char *fmt, ...)
{
    if (p->failed) {
        return false;
    }
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "%s:%d: %s", p->name, line, msg);
    p->failed = true;
    return false;
}

/* Every line at most SCENE_MAX_LINE bytes, no control bytes, valid UTF-8. */
static bool check_text(Parse *p)
{
    const char *s = p->text;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < p->len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            line++;
            start = ++i;
            continue;
        }
        if (i - start >= SCENE_MAX_LINE) {
            return fail(p, line, "line longer than %d bytes", SCENE_MAX_LINE);
        }
        bool crlf = c == '\r' && i + 1 < p->len && s[i + 1] == '\n';
        if (c < 0x20 && c != '\t' && !crlf) {
            return fail(p, line, "unexpected control character (byte 0x%02x): expected text",
                        c);
        }
        size_t n = utf8_valid(s + i, p->len - i);
        if (n == 0) {
            return fail(p, line, "not valid UTF-8 text");
        }
        i += n;
    }
    return true;
}

static bool is_text_key(const char *key)
{
    return strcmp(key, "title") == 0 || strcmp(key, "caption") == 0 ||
           strcmp(key, "expr") == 0 || strcmp(key, "params") == 0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Where an inline comment (whitespace, then ';') starts in [s, e), or e. */
static const char *comment_start(const char *s, const char *e)
{
    for (const char *c = s + 1; c < e; c++) {
        if (*c == ';' && is_blank(c[-1])) {
            while (c > s && is_blank(c[-1])) {
                c--;
            }
            return c;
        }
    }
    return e;
}

/* Appends [s, e) and a NUL to the arena; returns where it starts. */
static char *arena_put(Parse *p, const char *s, const char *e)
{
    char *v = p->arena + p->used;
    memcpy(v, s, (size_t)(e - s));
    v[e - s] = '\0';
    p->used += (size_t)(e - s) + 1;
    return v;
}

/* A `key = value` line (value already without its comment and blanks). */
static Entry *collect(Parse *p, const char *name, size_t name_len, const char *value,
                      const char *value_end)
{
    SectionKind kind;
    if (!p->in_section) {
        fail(p, p->line, "'%.*s' outside a section: expected [scene], [pane] or [run] before "
             "it", (int)name_len, name);
        return NULL;
    }
    kind = p->kind;
    if (kind == SECTION_UNKNOWN) {
        fail(p, p->line, "unknown section [%.*s]: expected [scene], [pane] or [run]",
             (int)p->section_len, p->section);
        return NULL;
    }
    if (name_len >= SCENE_KEY_LEN) {
        fail(p, p->line, "unknown key '%.40s...'", name);
        return NULL;
    }
    for (int i = p->n - 1; i >= 0 && p->entries[i].seq == p->seq; i--) {
        const Entry *e = &p->entries[i];
        if (strlen(e->key) == name_len && memcmp(e->key, name, name_len) == 0) {
            fail(p, p->line, "duplicate key '%s' (first on line %d)", e->key, e->line);
            return NULL;
        }
    }
    if (p->n == SCENE_MAX_ENTRIES) {
        fail(p, p->line, "too many keys (at most %d)", SCENE_MAX_ENTRIES);
        return NULL;
    }
    Entry *e = &p->entries[p->n++];
    *e = (Entry){ .section = kind, .seq = p->seq, .line = p->line };
    memcpy(e->key, name, name_len);
    e->key[name_len] = '\0';
    e->value = arena_put(p, value, value_end);
    e->value_len = (size_t)(value_end - value);
    return e;
}

/* A [section] header at s (after its indentation), the line ending at e. */
static bool section_line(Parse *p, const char *s, const char *e)
{
    const char *close = memchr(s, ']', (size_t)(e - s));
    const char *after = close ? close + 1 : e;
    while (after < e && is_blank(*after)) {
        after++;
    }
    if (!close || (after < e && *after != ';' && *after != '#')) {
        return fail(p, p->line, "expected 'key = value', '[section]' or a comment");
    }
    p->section = s + 1;
    p->section_len = (size_t)(close - s - 1);
    p->in_section = true;
    SectionKind kind = SECTION_UNKNOWN;
    static const char *const NAMES[] = { [SECTION_SCENE] = "scene", [SECTION_PANE] = "pane",
                                         [SECTION_RUN] = "run" };
    for (int k = 0; k < SECTION_UNKNOWN; k++) {
        if (strlen(NAMES[k]) == p->section_len && !memcmp(NAMES[k], p->section,
                                                            p->section_len)) {
            kind = (SectionKind)k;
        }
    }
    if (kind == SECTION_SCENE && p->scene_line) {
        return fail(p, p->line, "a second [scene] section (the first is on line %d): a scene "
                    "has one", p->scene_line);
    }
    p->scene_line = kind == SECTION_SCENE ? p->line : p->scene_line;
    p->kind = kind;
    p->seq++;
    if (p->seq < SCENE_MAX_ENTRIES) {
        p->seq_line[p->seq] = p->line;
        p->seq_kind[p->seq] = kind;
    }
    return true;
}

/* The whole text, line by line (the format is in README.md): blank lines and lines starting
 * with '#' or ';' are skipped; an indented line directly below a title or caption (or below
 * its continuation) continues it word for word, whatever it starts with; `[name]` opens a
 * section; anything else is `key = value` (or `key: value`) with an optional ` ;` comment.
 * Keys and values lose their surrounding blanks. */
static bool read_text(Parse *p)
{
    const char *t = p->text, *end = t + p->len;
    const char *s = t;
    if (p->len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
        s += 3; /* a byte-order mark */
    }
    Entry *last = NULL; /* the entry an indented line directly below would continue */
    while (s < end && !p->failed) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        eol = eol ? eol : end;
        const char *a = s, *b = eol;
        s = eol < end ? eol + 1 : end;
        p->line++;
        bool indented = a < b && is_blank(*a);
        b -= b > a && b[-1] == '\r'; /* CRLF */
        while (a < b && is_blank(*a)) {
            a++;
        }
        while (b > a && is_blank(b[-1])) {
            b--;
        }
        if (a == b) {
            last = NULL;
            continue;
        }
        if (indented && last && is_text_key(last->key)) {
            /* The arena's last value is this entry's: extend it in place. */
            char *v = last->value;
            size_t n = last->value_len;
            if (n > 0) {
                v[n++] = ' ';
            }
            memcpy(v + n, a, (size_t)(b - a));
            n += (size_t)(b - a);
            v[n] = '\0';
            last->value_len = n;
            p->used = (size_t)(v - p->arena) + n + 1;
            continue;
        }
        if (*a == '#' || *a == ';') {
            last = indented ? last : NULL;
            continue;
        }
        if (indented && last) {
            return fail(p, p->line, "indented line continues '%s': keys must start at the "
                        "beginning of a line", last->key);
        }
        last = NULL;
        if (*a == '[') {
            if (!section_line(p, a, b)) {
                return false;
            }
            continue;
        }
        const char *cut = comment_start(a, b);
        const char *sep = a;
        while (sep < cut && *sep != '=' && *sep != ':') {
            sep++;
        }
        if (sep == cut) {
            return fail(p, p->line, "expected 'key = value', '[section]' or a comment");
        }
        const char *name_end = sep, *value = sep + 1;
        while (name_end > a && is_blank(name_end[-1])) {
            name_end--;
        }
        while (value < b && is_blank(*value)) {
            value++;
        }
        /* A ';' right at the value's start is text: a comment needs a blank before it. */
        const char *value_end = value < b ? comment_start(value, b) : b;
        while (value_end > value && is_blank(value_end[-1])) {
            value_end--;
        }
        last = collect(p, a, (size_t)(name_end - a), value, value_end);
    }
    return !p->failed;
}

/* ---- interpreting the collected keys ---- */

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1")) {
        *out = true;
    } else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") ||
               !strcmp(v, "0")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

static bool parse_overlays(Parse *p, const Entry *e, unsigned *out)
{
    char buf[SCENE_MAX_LINE + 1];
    snprintf(buf, sizeof buf, "%s", e->value); /* one line: never cut */
    unsigned bits = 0;
    if (strcmp(buf, "none") == 0 || buf[0] == '\0') {
        *out = 0;
        return true;
    }
    char *save = NULL;
    for (char *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        int k = 0;
        while (k < OVERLAY_COUNT && strcmp(tok, OVERLAY_IDS[k]) != 0) {
            k++;
        }
        if (k == OVERLAY_COUNT) {
            return fail(p, e->line, "overlays: unknown overlay '%s' (expected none or a list "
                        "of gradient-field, directions, taylor, eigen, critical, minibatch, "
                        "loss-plot)", tok);
        }
        bits |= 1u << k;
    }
    *out = bits;
    return true;
}

/* params = k=10:1:100, a=0.5 (replacing any inherited ones). */
static bool scene_parse_params(Parse *p, const Entry *e, LandscapeTypedDesc *typed)
{
    char buf[SCENE_MAX_LINE + 1];
    snprintf(buf, sizeof buf, "%s", e->value);
    typed->n_params = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        LandscapeParam lp;
        char msg[256];
        if (!landscape_param_parse(tok, &lp, msg, sizeof msg)) {
            return fail(p, e->line, "params: %s", msg);
        }
        if (!landscape_typed_desc_add(typed, &lp)) {
            return fail(p, e->line, "params: at most %d parameters", EXPR_MAX_PARAMS);
        }
    }
    return true;
}

/* A pane's typed function compiles with its parameters; otherwise "NAME:LINE: expr: column
 * 7: ..." with the text and a caret under the column, LINE the expr key's. */
static bool scene_check_typed(Parse *p, const PaneDesc *pane, int first, int end)
{
    if (p->failed || pane->ls || !pane->typed.text[0]) {
        return !p->failed;
    }
    ExprError xe;
    if (landscape_typed_check(&pane->typed, &xe)) {
        return true;
    }
    int line = 0;
    for (int k = first; k < end && !line; k++) {
        line = strcmp(p->entries[k].key, "expr") == 0 ? p->entries[k].line : 0;
    }
    for (int k = 0; k < p->n && !line; k++) {
        bool scene = p->entries[k].section == SECTION_SCENE;
        line = scene && strcmp(p->entries[k].key, "expr") == 0 ? p->entries[k].line : 0;
    }
    char caret[1024];
    expr_format_caret(pane->typed.text, &xe, 2, caret, sizeof caret);
    snprintf(p->err, p->errlen, "%s:%d: expr: %s\n%s", p->name, line, xe.message, caret);
    size_t n = strlen(p->err);
    if (n > 0 && p->err[n - 1] == '\n') {
        p->err[n - 1] = '\0'; /* callers add their own newline */
    }
    p->failed = true;
    return false;
}

/* Keys a pane (or [scene], as defaults for every pane) understands. */
static bool pane_key(Parse *p, const Entry *e, PaneDesc *pane, bool *handled)
{
    *handled = true;
    if (strcmp(e->key, "landscape") == 0) {
        const Landscape *ls = landscape_find(e->value);
        if (!ls) {
            return fail(p, e->line, "landscape: unknown landscape '%s' (see losslens --list)",
                        e->value);
        }
        pane->ls = ls;
        pane->typed = (LandscapeTypedDesc){ 0 };
    } else if (strcmp(e->key, "expr") == 0) {
        if (strlen(e->value) > EXPR_MAX_TEXT) {
            return fail(p, e->line, "expr: at most %d bytes", EXPR_MAX_TEXT);
        }
        snprintf(pane->typed.text, sizeof pane->typed.text, "%s", e->value);
        pane->ls = NULL;
    } else if (strcmp(e->key, "params") == 0) {
        return scene_parse_params(p, e, &pane->typed);
    } else if (strcmp(e->key, "view") == 0) {
        double v[4];
        if (!spec_parse_doubles(e->value, v, 4) || !(v[0] < v[1]) || !(v[2] < v[3])) {
            return fail(p, e->line, "view: expected XMIN,XMAX,YMIN,YMAX with finite numbers, "
                        "XMIN < XMAX and YMIN < YMAX, got '%s'", e->value);
        }
        pane->view = (ViewBox){ v[0], v[1], v[2], v[3] };
        pane->has_view = true;
    } else if (strcmp(e->key, "start") == 0) {
        if (!spec_parse_doubles(e->value, pane->start, 2)) {
            return fail(p, e->line, "start: expected X,Y with two finite numbers, got '%s'",
                        e->value);
        }
    } else if (strcmp(e->key, "chord") == 0) {
        double v[4];
        if (!spec_parse_doubles(e->value, v, 4) || (v[0] == v[2] && v[1] == v[3])) {
            return fail(p, e->line, "chord: expected AX,AY,BX,BY with finite numbers and two "
                        "different points, got '%s'", e->value);
        }
        memcpy(pane->chord, v, sizeof v);
        pane->has_chord = true;
    } else if (strcmp(e->key, "mode") == 0) {
        if (strcmp(e->value, "3d") != 0 && strcmp(e->value, "contour") != 0) {
            return fail(p, e->line, "mode: expected contour or 3d, got '%s'", e->value);
        }
        pane->surface = strcmp(e->value, "3d") == 0;
    } else if (strcmp(e->key, "loss_plot") == 0) {
        bool on;
        if (!parse_bool(e->value, &on)) {
            return fail(p, e->line, "loss_plot: expected true or false, got '%s'", e->value);
        }
        pane->no_loss_plot = !on;
    } else {
        *handled = false;
    }
    return true;
}

static bool scene_key(Parse *p, const Entry *e, SceneDesc *s, PaneDesc *defaults,
                      bool *has_layout, bool *has_start)
{
    bool handled;
    if (!pane_key(p, e, defaults, &handled)) {
        return false;
    }
    if (handled) {
        *has_start |= strcmp(e->key, "start") == 0;
        return true;
    }
    long n;
    double v;
    if (strcmp(e->key, "title") == 0 || strcmp(e->key, "caption") == 0) {
        bool title = e->key[0] == 't';
        size_t cap = title ? sizeof s->title : sizeof s->caption;
        if (strlen(e->value) >= cap) {
            return fail(p, e->line, "%s: at most %zu bytes", e->key, cap - 1);
        }
        strcpy(title ? s->title : s->caption, e->value);
    } else if (strcmp(e->key, "layout") == 0) {
        int k = 0;
        while (k < LAYOUT_COUNT && strcmp(e->value, LAYOUT_IDS[k]) != 0) {
            k++;
        }
        if (k == LAYOUT_COUNT) {
            return fail(p, e->line, "layout: expected single, 1x2 or 2x2, got '%s'", e->value);
        }
        s->layout = (PaneLayout)k;
        *has_layout = true;
    } else if (strcmp(e->key, "link") == 0) {
        if (!parse_bool(e->value, &s->link)) {
            return fail(p, e->line, "link: expected true or false, got '%s'", e->value);
        }
    } else if (strcmp(e->key, "overlays") == 0) {
        return parse_overlays(p, e, &s->overlays);
    } else if (strcmp(e->key, "legend") == 0) {
        int k = 0;
        while (k < LEGEND_MODE_COUNT && strcmp(e->value, LEGEND_IDS[k]) != 0) {
            k++;
        }
        if (k == LEGEND_MODE_COUNT) {
            return fail(p, e->line, "legend: expected auto, compact or off, got '%s'", e->value);
        }
        s->legend = (LegendMode)k;
    } else if (strcmp(e->key, "loss") == 0) {
        int k = 0;
        while (k < LOSS_AXIS_COUNT && strcmp(e->value, LOSS_AXIS_IDS[k]) != 0) {
            k++;
        }
        if (k == LOSS_AXIS_COUNT) {
            return fail(p, e->line, "loss: expected value or gap, got '%s'", e->value);
        }
        s->loss_axis = (LossAxisMode)k;
    } else if (strcmp(e->key, "cloud") == 0) {
        if (!spec_parse_long(e->value, 0, SCENE_MAX_CLOUD, &n)) {
            return fail(p, e->line, "cloud: expected a whole number from 0 to %d, got '%s'",
                        SCENE_MAX_CLOUD, e->value);
        }
        s->cloud = (int)n;
    } else if (strcmp(e->key, "speed") == 0) {
        if (!spec_parse_double(e->value, &v) || v <= 0.0 || v > 1e6) {
            return fail(p, e->line, "speed: expected steps per second in (0, 1e6], got '%s'",
                        e->value);
        }
        s->speed = v;
    } else if (strcmp(e->key, "table_tol") == 0) {
        if (!spec_parse_double(e->value, &v) || !(v >= 1e-12 && v <= 1.0)) {
            return fail(p, e->line, "table_tol: expected a loss tolerance in [1e-12, 1], got '%s'",
                        e->value);
        }
        s->table_tol = v;
    } else if (strcmp(e->key, "steps") == 0) {
        if (!spec_parse_long(e->value, 1, SCENE_MAX_STEPS, &n)) {
            return fail(p, e->line, "steps: expected a whole number from 1 to %d, got '%s'",
                        SCENE_MAX_STEPS, e->value);
        }
        s->steps = n;
    } else {
        return fail(p, e->line, "unknown key '%s' in [scene] (expected title, caption, "
                    "landscape, view, start, chord, layout, link, overlays, legend, loss, cloud, speed, "
                    "table_tol or steps)",
                    e->key);
    }
    return true;
}

/* One [run] section: opt first, then schedule, then the rest, whatever the file's order. */
static bool run_section(Parse *p, int first, int end, int header_line, RunDesc *out)
{
    const Entry *opt = NULL;
    for (int i = first; i < end; i++) {
        if (strcmp(p->entries[i].key, "opt") == 0) {
            opt = &p->entries[i];
        }
    }
    if (!opt) {
        return fail(p, header_line, "[run] needs opt = ID (one of the optimizers in "
                    "losslens --list)");
    }
    char err[300];
    RunDesc d = *out;
    if (!spec_parse_run(opt->value, out, &d, err, sizeof err) || strchr(opt->value, ':')) {
        return fail(p, opt->line, "opt: %s", strchr(opt->value, ':') ?
                    "expected an optimizer id alone; give its keys on their own lines" : err);
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = first; i < end; i++) {
            const Entry *e = &p->entries[i];
            bool is_schedule = strcmp(e->key, "schedule") == 0;
            if (e == opt || is_schedule != (pass == 0)) {
                continue;
            }
            if (!spec_apply_run_key(&d, e->key, e->value, err, sizeof err)) {
                return fail(p, e->line, "%s", err);
            }
        }
    }
    *out = d;
    return true;
}

/* A pane's own keys, over the [scene] defaults; without a start anywhere it starts at its
 * landscape's default start. */
static bool pane_section(Parse *p, int first, int end, int header_line, bool scene_start,
                         PaneDesc *pane)
{
    bool own_start = false;
    for (int k = first; k < end; k++) {
        bool handled;
        if (!pane_key(p, &p->entries[k], pane, &handled)) {
            return false;
        }
        if (!handled) {
            return fail(p, p->entries[k].line, "unknown key '%s' in [pane] (expected "
                        "landscape, expr, params, view, start, chord, mode or loss_plot)", p->entries[k].key);
        }
        own_start |= strcmp(p->entries[k].key, "start") == 0;
    }
    if (!pane->ls && !pane->typed.text[0]) {
        return fail(p, header_line, "[pane] needs landscape = ID or expr = TEXT (and [scene] "
                    "has none to inherit)");
    }
    if (!scene_check_typed(p, pane, first, end)) {
        return false;
    }
    if (!own_start && !scene_start) {
        pane->start[0] = pane->ls ? pane->ls->start[0] : LANDSCAPE_TYPED_START_X;
        pane->start[1] = pane->ls ? pane->ls->start[1] : LANDSCAPE_TYPED_START_Y;
    }
    return true;
}

static bool interpret(Parse *p, SceneDesc *s)
{
    PaneDesc defaults = { .ls = NULL };
    bool has_layout = false, scene_start = false;
    *s = (SceneDesc){ .layout = LAYOUT_SINGLE };
    for (int i = 0; i < p->n; i++) {
        if (p->entries[i].section == SECTION_SCENE &&
            !scene_key(p, &p->entries[i], s, &defaults, &has_layout, &scene_start)) {
            return false;
        }
    }
    /* Panes and runs in file order, empty sections included; runs before any [pane] open
     * the first pane. */
    if (p->seq >= SCENE_MAX_ENTRIES) {
        return fail(p, p->line, "too many sections (at most %d)", SCENE_MAX_ENTRIES - 1);
    }
    int i = 0;
    while (i < p->n && p->entries[i].seq == 0) {
        i++;
    }
    for (int seq = 1; seq <= p->seq; seq++) {
        int end = i;
        while (end < p->n && p->entries[end].seq == seq) {
            end++;
        }
        int first = i, line = p->seq_line[seq];
        SectionKind kind = p->seq_kind[seq];
        i = end;
        if (kind == SECTION_SCENE) {
            continue;
        }
        if (kind == SECTION_UNKNOWN) {
            return fail(p, line, "unknown section: expected [scene], [pane] or [run]");
        }
        if (kind == SECTION_PANE || s->n_panes == 0) {
            if (s->n_panes == SCENE_MAX_PANES) {
                return fail(p, line, "too many panes (at most %d)", SCENE_MAX_PANES);
            }
            PaneDesc *pane = &s->panes[s->n_panes++];
            *pane = defaults;
            if (kind == SECTION_PANE) {
                if (!pane_section(p, first, end, line, scene_start, pane)) {
                    return false;
                }
                continue;
            }
            if (!pane->ls && !pane->typed.text[0]) {
                return fail(p, line, "[run] before any landscape: give landscape = ID in "
                            "[scene] or a [pane]");
            }
            if (!scene_check_typed(p, pane, 0, 0)) {
                return false;
            }
            if (!scene_start) {
                pane->start[0] = pane->ls ? pane->ls->start[0] : LANDSCAPE_TYPED_START_X;
                pane->start[1] = pane->ls ? pane->ls->start[1] : LANDSCAPE_TYPED_START_Y;
            }
        }
        PaneDesc *pane = &s->panes[s->n_panes - 1];
        if (pane->n_runs == SCENE_MAX_RUNS) {
            return fail(p, line, "too many runs in one pane (at most %d)", SCENE_MAX_RUNS);
        }
        RunDesc *run = &pane->runs[pane->n_runs];
        *run = run_desc_default(OPTIM_GD);
        const char *key;
        char why[300];
        if (!run_section(p, first, end, line, run)) {
            return false;
        }
        if (!spec_check_run_landscape(run, pane->ls, &key, why, sizeof why)) {
            int at = line;
            for (int k = first; k < end; k++) {
                at = strcmp(p->entries[k].key, key) == 0 ? p->entries[k].line : at;
            }
            return fail(p, at, "%s", why);
        }
        pane->n_runs++;
    }
    if (s->n_panes == 0) {
        return fail(p, p->line, "expected at least one [run] section");
    }
    for (int k = 0; k < s->n_panes; k++) {
        if (s->panes[k].n_runs == 0) {
            return fail(p, p->line, "pane %d has no [run] section after it", k + 1);
        }
    }
    if (!has_layout) {
        s->layout = s->n_panes == 1 ? LAYOUT_SINGLE : s->n_panes == 2 ? LAYOUT_1X2 : LAYOUT_2X2;
    } else if (s->n_panes > LAYOUT_PANES[s->layout]) {
        return fail(p, p->line, "layout %s holds %d pane(s), but the scene has %d",
                    LAYOUT_IDS[s->layout], LAYOUT_PANES[s->layout], s->n_panes);
    }
    return true;
}

bool scene_parse(const char *text, size_t len, const char *name, SceneDesc *out, char *err,
                 size_t errlen)
{
    Parse p = { .text = text, .len = len, .name = name, .err = err, .errlen = errlen };
    if (len > SCENE_MAX_FILE) {
        snprintf(err, errlen, "%s: larger than %d bytes", name, SCENE_MAX_FILE);
        return false;
    }
    if (!check_text(&p)) {
        return false;
    }
    p.entries = malloc(SCENE_MAX_ENTRIES * sizeof *p.entries);
    p.arena = malloc(len + 16);
    p.seq_line = calloc(SCENE_MAX_ENTRIES, sizeof *p.seq_line);
    p.seq_kind = calloc(SCENE_MAX_ENTRIES, sizeof *p.seq_kind);
    SceneDesc *s = malloc(sizeof *s);
    if (!p.entries || !p.arena || !p.seq_line || !p.seq_kind || !s) {
        free(p.entries);
        free(p.arena);
        free(p.seq_line);
        free(p.seq_kind);
        free(s);
        snprintf(err, errlen, "%s: out of memory", name);
        return false;
    }
    bool ok = read_text(&p) && interpret(&p, s);
    if (ok) {
        *out = *s;
    }
    free(p.entries);
    free(p.arena);
    free(p.seq_line);
    free(p.seq_kind);
    free(s);
    return ok;
}

bool scene_load(const char *path, SceneDesc *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    char *buf = malloc(SCENE_MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, SCENE_MAX_FILE + 1, f) : 0;
    bool read_error = ferror(f);
    fclose(f);
    if (!buf || read_error) {
        snprintf(err, errlen, "%s: cannot read%s", path, buf ? "" : ": out of memory");
        free(buf);
        return false;
    }
    bool ok = scene_parse(buf, n, path, out, err, errlen);
    free(buf);
    return ok;
}

/* ---- writing ---- */

typedef struct {
    char *buf;
    size_t len, cap;
    bool oom;
} Text;

SCENE_PRINTF(2, 3) static void put(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->oom || n < 0) {
        return;
    }
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap * 2 : 4096) + (size_t)n;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->oom = true;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* Where to end the line that starts at value[start] (n bytes in all): at a single space near
 * SCENE_WRAP bytes (never inside a UTF-8 sequence: spaces are ASCII, and utf8_cut finds the
 * search's start), or n when no such space comes. The reader joins continued lines with one
 * space, so a space between two non-blank bytes is the only place a value can be split. */
static size_t wrap_end(const char *value, size_t start, size_t n)
{
    if (n - start <= SCENE_WRAP) {
        return n;
    }
    size_t cut = start + utf8_cut(value + start, n - start, SCENE_WRAP);
    size_t best = n;
    for (size_t i = start + 1; i + 1 < n; i++) {
        bool single = value[i] == ' ' && !is_blank(value[i - 1]) && !is_blank(value[i + 1]);
        if (single && (i <= cut || best == n)) {
            best = i;
        }
        if (single && i > cut) {
            break;
        }
    }
    return best;
}

/* A text value, wrapped at single spaces onto indented continuation lines, which the reader
 * takes word for word. A value with an inline-comment marker (a blank, then ';') starts on
 * the line below its key, since only the key's own line has comments. */
static void put_text(Text *t, const char *key, const char *value)
{
    size_t n = strlen(value);
    bool below = comment_start(value, value + n) != value + n;
    put(t, "%s =%s", key, below || n == 0 ? "\n" : "");
    for (size_t start = 0; start < n;) {
        size_t end = wrap_end(value, start, n);
        put(t, "%s%.*s\n", start > 0 || below ? "    " : " ", (int)(end - start),
            value + start);
        start = end < n ? end + 1 : n;
    }
}

static void put_run(Text *t, const RunDesc *d)
{
    char spec[1024];
    spec_format_run(d, spec, sizeof spec);
    put(t, "\n[run]\n");
    char *keys = strchr(spec, ':');
    if (keys) {
        *keys++ = '\0';
    }
    put(t, "opt = %s\n", spec);
    for (char *kv = keys ? strtok(keys, ",") : NULL; kv; kv = strtok(NULL, ",")) {
        char *eq = strchr(kv, '=');
        if (eq) {
            *eq = '\0';
            put(t, "%s = %s\n", kv, eq + 1);
        }
    }
}

char *scene_format(const SceneDesc *s)
{
    Text t = { 0 };
    put(&t, "# losslens scene\n[scene]\n");
    put_text(&t, "title", s->title);
    put_text(&t, "caption", s->caption);
    put(&t, "layout = %s\n", LAYOUT_IDS[s->layout]);
    put(&t, "link = %s\n", s->link ? "true" : "false");
    put(&t, "overlays = ");
    int written = 0;
    for (int k = 0; k < OVERLAY_COUNT; k++) {
        if (s->overlays & (1u << k)) {
            put(&t, "%s%s", written++ ? "," : "", OVERLAY_IDS[k]);
        }
    }
    put(&t, "%s\n", written ? "" : "none");
    put(&t, "cloud = %d\n", s->cloud);
    put(&t, "legend = %s\n", LEGEND_IDS[s->legend]);
    if (s->loss_axis != LOSS_AXIS_VALUE) {
        put(&t, "loss = %s\n", LOSS_AXIS_IDS[s->loss_axis]);
    }
    if (s->speed > 0) {
        put(&t, "speed = %.17g\n", s->speed);
    }
    if (s->table_tol > 0) {
        put(&t, "table_tol = %.17g\n", s->table_tol);
    }
    if (s->steps > 0) {
        put(&t, "steps = %ld\n", s->steps);
    }
    for (int i = 0; i < s->n_panes; i++) {
        const PaneDesc *pane = &s->panes[i];
        if (pane->typed.text[0]) {
            put(&t, "\n[pane]\n");
            put_text(&t, "expr", pane->typed.text);
            if (pane->typed.n_params > 0) {
                char params[EXPR_MAX_PARAMS * 96];
                landscape_typed_desc_format_params(&pane->typed, params, sizeof params);
                put_text(&t, "params", params);
            }
        } else {
            put(&t, "\n[pane]\nlandscape = %s\n", pane->ls->id);
        }
        if (pane->has_view) {
            put(&t, "view = %.17g,%.17g,%.17g,%.17g\n", pane->view.xmin, pane->view.xmax,
                pane->view.ymin, pane->view.ymax);
        }
        put(&t, "start = %.17g,%.17g\n", pane->start[0], pane->start[1]);
        if (pane->has_chord) {
            put(&t, "chord = %.17g,%.17g,%.17g,%.17g\n", pane->chord[0], pane->chord[1],
                pane->chord[2], pane->chord[3]);
        }
        if (pane->surface)
            put(&t, "mode = 3d\n");
        if (pane->no_loss_plot)
            put(&t, "loss_plot = false\n");
        for (int r = 0; r < pane->n_runs; r++) {
            put_run(&t, &pane->runs[r]);
        }
    }
    if (t.oom) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

bool scene_save(const char *path, const SceneDesc *s, char *err, size_t errlen)
{
    char *text = scene_format(s);
    if (!text) {
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    OutFile out;
    bool ok = outfile_open(&out, path, false, err, errlen);
    if (ok && fputs(text, out.f) < 0) {
        outfile_abort(&out);
        snprintf(err, errlen, "cannot write '%s'", path);
        ok = false;
    } else if (ok) {
        ok = outfile_commit(&out, err, errlen);
    }
    free(text);
    return ok;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int scene_list(const char *dir, char paths[][SCENE_PATH_LEN], int max)
{
    DIR *d = opendir(dir);
    if (!d) {
        return 0;
    }
    int n = 0;
    for (struct dirent *e = readdir(d); e && n < max; e = readdir(d)) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".ini") == 0 && e->d_name[0] != '.' &&
            (size_t)snprintf(paths[n], SCENE_PATH_LEN, "%s/%s", dir, e->d_name) <
                SCENE_PATH_LEN) {
            n++;
        }
    }
    closedir(d);
    qsort(paths, (size_t)n, SCENE_PATH_LEN, compare_paths);
    return n;
}
