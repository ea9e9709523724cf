/* scene.c - scene files: INI text read with inih into a SceneDesc, and written back.
 *
 * The text is checked line by line first (length, control bytes, UTF-8), then inih collects
 * every key with its line number through a counting reader, and only then are the keys
 * interpreted, in an order that does not depend on the file's (opt before a run's other
 * keys, schedule before its parameters). Every message is "NAME:LINE: what was expected".
 */
#include "lecture/scene.h"

#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "lecture/spec.h"
#include "util/outfile.h"

enum {
    SCENE_MAX_FILE = 1 << 20,
    SCENE_MAX_LINE = 199, /* inih's INI_MAX_LINE is 200 with the newline */
    SCENE_MAX_ENTRIES = 4096,
    SCENE_KEY_LEN = 32,
    SCENE_VALUE_LEN = SCENE_MAX_LINE + 1,
};

static const char *const OVERLAY_IDS[] = {
    [OVERLAY_GRADIENT_FIELD] = "gradient-field", [OVERLAY_DIRECTIONS] = "directions",
    [OVERLAY_TAYLOR] = "taylor",                 [OVERLAY_EIGEN] = "eigen",
    [OVERLAY_CRITICAL] = "critical",             [OVERLAY_MINIBATCH] = "minibatch",
    [OVERLAY_LOSS_PLOT] = "loss-plot",           [OVERLAY_TRIALS] = "trials",
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
    char value[SCENE_VALUE_LEN * 3];
} Entry;

typedef struct {
    const char *text, *name;
    size_t len, pos;
    int line, seq;
    bool indented; /* the line just read starts with whitespace */
    int *seq_line; /* line of each [section] header, by seq (SCENE_MAX_ENTRIES of them) */
    SectionKind *seq_kind; /* and its kind, so empty sections count too */
    Entry *entries;
    int n;
    char *err;
    size_t errlen;
    bool failed;
} Parse;

static bool fail(Parse *p, int line, const char *fmt, ...)
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

/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0. */
static int utf8_len(const unsigned char *s, size_t n)
{
    int len = s[0] < 0x80 ? 1 : (s[0] >> 5) == 0x6 ? 2 : (s[0] >> 4) == 0xe ? 3
                              : (s[0] >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || (size_t)len > n) {
        return 0;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return len;
}

/* Every line short enough for inih, no control bytes, valid UTF-8. */
static bool check_text(Parse *p)
{
    const unsigned char *s = (const unsigned char *)p->text;
    int line = 1;
    size_t col = 0;
    for (size_t i = 0; i < p->len;) {
        if (s[i] == '\n') {
            line++;
            col = 0;
            i++;
            continue;
        }
        if (++col > SCENE_MAX_LINE) {
            return fail(p, line, "line longer than %d characters", SCENE_MAX_LINE);
        }
        if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\r') {
            return fail(p, line, "unexpected control character (byte 0x%02x): expected text",
                        s[i]);
        }
        int n = utf8_len(s + i, p->len - i);
        if (n == 0) {
            return fail(p, line, "not valid UTF-8 text");
        }
        i += (size_t)n;
    }
    return true;
}

/* inih's line source: counts lines and [section] headers so the handler knows both. */
static char *read_line(char *str, int num, void *stream)
{
    Parse *p = stream;
    if (p->pos >= p->len) {
        return NULL;
    }
    size_t n = 0;
    while (p->pos < p->len && n + 1 < (size_t)num) {
        char c = p->text[p->pos++];
        str[n++] = c;
        if (c == '\n') {
            break;
        }
    }
    str[n] = '\0';
    p->line++;
    const char *s = str;
    p->indented = *s == ' ' || *s == '\t';
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '[') {
        p->seq++;
        if (p->seq < SCENE_MAX_ENTRIES) {
            p->seq_line[p->seq] = p->line;
            p->seq_kind[p->seq] = !strncmp(s, "[scene]", 7) ? SECTION_SCENE
                                  : !strncmp(s, "[pane]", 6) ? SECTION_PANE
                                  : !strncmp(s, "[run]", 5)  ? SECTION_RUN
                                                             : SECTION_UNKNOWN;
        }
    }
    return str;
}

static bool is_text_key(const char *key)
{
    return strcmp(key, "title") == 0 || strcmp(key, "caption") == 0 ||
           strcmp(key, "expr") == 0 || strcmp(key, "params") == 0;
}

static int collect(void *user, const char *section, const char *name, const char *value)
{
    Parse *p = user;
    if (p->failed) {
        return 1; /* the first error is the one reported */
    }
    SectionKind kind;
    if (strcmp(section, "scene") == 0) {
        kind = SECTION_SCENE;
    } else if (strcmp(section, "pane") == 0) {
        kind = SECTION_PANE;
    } else if (strcmp(section, "run") == 0) {
        kind = SECTION_RUN;
    } else if (section[0] == '\0') {
        return fail(p, p->line, "'%s' outside a section: expected [scene], [pane] or [run] "
                    "before it", name);
    } else {
        return fail(p, p->line, "unknown section [%s]: expected [scene], [pane] or [run]",
                    section);
    }
    /* A repeated key in the same section: a continued value (indented line) of title or
     * caption, or an error. */
    for (int i = p->n - 1; i >= 0 && p->entries[i].seq == p->seq; i--) {
        Entry *e = &p->entries[i];
        if (strcmp(e->key, name) != 0) {
            continue;
        }
        if (p->indented && is_text_key(name) &&
            strlen(e->value) + 1 + strlen(value) < sizeof e->value) {
            strcat(e->value, " ");
            strcat(e->value, value);
            return 1;
        }
        if (p->indented) {
            return fail(p, p->line, "indented line continues '%s': keys must start at the "
                        "beginning of a line", name);
        }
        return fail(p, p->line, "duplicate key '%s' (first on line %d)", name, e->line);
    }
    if (p->n == SCENE_MAX_ENTRIES) {
        return fail(p, p->line, "too many keys (at most %d)", SCENE_MAX_ENTRIES);
    }
    if (strlen(name) >= SCENE_KEY_LEN) {
        return fail(p, p->line, "unknown key '%.40s...'", name);
    }
    Entry *e = &p->entries[p->n++];
    *e = (Entry){ .section = kind, .seq = p->seq, .line = p->line };
    strcpy(e->key, name);
    snprintf(e->value, sizeof e->value, "%s", value);
    return 1;
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
    char buf[SCENE_VALUE_LEN * 3];
    snprintf(buf, sizeof buf, "%s", e->value);
    unsigned bits = 0;
    if (strcmp(buf, "none") == 0 || buf[0] == '\0') {
        *out = 0;
        return true;
    }
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
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
    char buf[SCENE_VALUE_LEN * 3];
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
            return fail(p, e->line, "%s: at most %zu characters", e->key, cap - 1);
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
    } else if (strcmp(e->key, "steps") == 0) {
        if (!spec_parse_long(e->value, 1, SCENE_MAX_STEPS, &n)) {
            return fail(p, e->line, "steps: expected a whole number from 1 to %d, got '%s'",
                        SCENE_MAX_STEPS, e->value);
        }
        s->steps = n;
    } else {
        return fail(p, e->line, "unknown key '%s' in [scene] (expected title, caption, "
                    "landscape, view, start, layout, link, overlays, cloud, speed or steps)",
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
                        "landscape, expr, params, view or start)", p->entries[k].key);
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
        if (!run_section(p, first, end, line, run)) {
            return false;
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
    p.seq_line = calloc(SCENE_MAX_ENTRIES, sizeof *p.seq_line);
    p.seq_kind = calloc(SCENE_MAX_ENTRIES, sizeof *p.seq_kind);
    SceneDesc *s = malloc(sizeof *s);
    if (!p.entries || !p.seq_line || !p.seq_kind || !s) {
        free(p.entries);
        free(p.seq_line);
        free(p.seq_kind);
        free(s);
        snprintf(err, errlen, "%s: out of memory", name);
        return false;
    }
    int bad_line = ini_parse_stream(read_line, &p, collect, &p);
    bool ok = false;
    if (bad_line > 0 && !p.failed) {
        fail(&p, bad_line, "expected 'key = value', '[section]' or a comment");
    } else if (bad_line == 0 && !p.failed) {
        ok = interpret(&p, s);
    }
    if (ok) {
        *out = *s;
    }
    free(p.entries);
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

static void put(Text *t, const char *fmt, ...)
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

/* A text value, wrapped onto indented continuation lines to stay under inih's line length. */
static void put_text(Text *t, const char *key, const char *value)
{
    const size_t width = 150;
    size_t n = strlen(value);
    put(t, "%s = ", key);
    size_t start = 0;
    bool first = true;
    while (start < n) {
        size_t end = n;
        if (n - start > width) {
            end = start + width;
            while (end > start && value[end] != ' ') {
                end--;
            }
            if (end == start) {
                end = start + width; /* no space: hard cut (rejoined with a space) */
            }
        }
        put(t, "%s%.*s\n", first ? "" : "    ", (int)(end - start), value + start);
        first = false;
        start = end;
        while (start < n && value[start] == ' ') {
            start++;
        }
    }
    if (first) {
        put(t, "\n");
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
    if (s->speed > 0) {
        put(&t, "speed = %.17g\n", s->speed);
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
