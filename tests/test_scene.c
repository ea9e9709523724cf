/* test_scene.c - scene files: a full scene lands in the right fields; key order never
 * matters; a saved scene reloads to identical trajectories; malformed files (random bytes,
 * missing fields, wrong types, huge or non-finite numbers, long lines) give "FILE:LINE:"
 * errors and never crash. */
#include <stdlib.h>
#include <unistd.h>

#include "lecture/scene.h"
#include "run/rng.h"
#include "test.h"

static bool parse(const char *text, SceneDesc *s, char *err)
{
    return scene_parse(text, strlen(text), "t.ini", s, err, 512);
}

static const char FULL[] =
    "# two panes\n"
    "[scene]\n"
    "title = Learning rate: too small, right, too large\n"
    "caption = Above 2/λmax the iterates overshoot\n"
    "    and finally diverge.\n"
    "layout = 2x2\n"
    "link = true\n"
    "overlays = directions, critical,loss-plot\n"
    "cloud = 8\n"
    "speed = 12.5\n"
    "steps = 300\n"
    "landscape = ravine\n"
    "\n"
    "[pane]\n"
    "start = -9,2.5\n"
    "[run]\n"
    "gamma = 0.5\n"
    "schedule = step ; comment\n"
    "opt = momentum\n"
    "lr = 0.05\n"
    "momentum = 0.8\n"
    "every = 10\n"
    "[run]\n"
    "opt = adam\n"
    "bias_correction = 0\n"
    "seed = 42\n"
    "\n"
    "[pane]\n"
    "landscape = logistic\n"
    "view = -2,6,-3,5\n"
    "[run]\n"
    "opt = gd\n"
    "batch = 16\n";

TEST(a_full_scene_lands_in_its_fields)
{
    SceneDesc s;
    char err[512] = "";
    ASSERT(parse(FULL, &s, err));
    if (err[0]) {
        fprintf(stderr, "  %s\n", err);
    }
    ASSERT(strcmp(s.title, "Learning rate: too small, right, too large") == 0);
    ASSERT(strcmp(s.caption, "Above 2/λmax the iterates overshoot and finally diverge.") == 0);
    ASSERT(s.layout == LAYOUT_2X2 && s.link && s.cloud == 8 && s.speed == 12.5 &&
           s.steps == 300);
    ASSERT(s.overlays == ((1u << OVERLAY_DIRECTIONS) | (1u << OVERLAY_CRITICAL) |
                          (1u << OVERLAY_LOSS_PLOT)));
    ASSERT(s.n_panes == 2);
    const PaneDesc *a = &s.panes[0], *b = &s.panes[1];
    ASSERT(strcmp(a->ls->id, "ravine") == 0 && !a->has_view);
    ASSERT(a->start[0] == -9 && a->start[1] == 2.5);
    ASSERT(a->n_runs == 2);
    const RunDesc *m = &a->runs[0];
    ASSERT(m->opt.kind == OPTIM_MOMENTUM && m->opt.lr == 0.05 && m->opt.momentum == 0.8);
    ASSERT(m->schedule.kind == SCHEDULE_STEP && m->schedule.gamma == 0.5 &&
           m->schedule.every == 10);
    ASSERT(a->runs[1].opt.kind == OPTIM_ADAM && !a->runs[1].opt.bias_correction &&
           a->runs[1].seed == 42 && a->runs[1].opt.lr == 0.001);
    ASSERT(strcmp(b->ls->id, "logistic") == 0 && b->has_view && b->view.xmin == -2 &&
           b->view.ymax == 5);
    ASSERT(b->start[0] == b->ls->start[0] && b->start[1] == b->ls->start[1]);
    ASSERT(b->n_runs == 1 && b->runs[0].batch == 16);
}

TEST(a_single_pane_scene_needs_no_pane_section)
{
    SceneDesc s;
    char err[512];
    ASSERT(parse("[scene]\nlandscape=bowl\n[run]\nopt=gd\n[run]\nopt=newton\n", &s, err));
    ASSERT(s.n_panes == 1 && s.layout == LAYOUT_SINGLE && s.panes[0].n_runs == 2);
    ASSERT(s.panes[0].start[0] == landscape_find("bowl")->start[0]);
    ASSERT(s.title[0] == '\0' && s.overlays == 0 && s.steps == 0);
}

typedef struct {
    const char *text;
    const char *message;
} BadScene;

static const BadScene BAD[] = {
    { "", "t.ini:0: expected at least one [run] section" },
    { "[scene]\nlandscape = bowl\n", "expected at least one [run] section" },
    { "lr = 1\n", "t.ini:1: 'lr' outside a section" },
    { "[scene]\nlandscape=bowl\n[weird]\nx=1\n", "t.ini:4: unknown section [weird]" },
    { "[scene]\nlandscape=moon\n[run]\nopt=gd\n", "t.ini:2: landscape: unknown landscape 'moon'" },
    { "[scene]\nlandscape=bowl\n[run]\nlr=0.1\n", "t.ini:3: [run] needs opt = ID" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=sgd\n", "t.ini:4: opt: unknown optimizer 'sgd'" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd:lr=1\n", "t.ini:4: opt: expected an optimizer id alone" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nlr=fast\n", "t.ini:5: lr: expected a number in (0, 1e+06], got 'fast'" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nlr=1e999\n", "t.ini:5: lr: expected" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nlr=nan\n", "t.ini:5: lr: expected" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nbeta1=0.9\n", "t.ini:5: gd has no hyperparameter 'beta1'" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nwhat=1\n", "t.ini:5: unknown key 'what' for gd" },
    { "[scene]\nlandscape=bowl\nsteps=100000000000\n[run]\nopt=gd\n", "t.ini:3: steps: expected a whole number from 1 to 10000000" },
    { "[scene]\nlandscape=bowl\nspeed=-1\n[run]\nopt=gd\n", "t.ini:3: speed: expected" },
    { "[scene]\nlandscape=bowl\nstart=1,inf\n[run]\nopt=gd\n", "t.ini:3: start: expected X,Y" },
    { "[scene]\nlandscape=bowl\nview=1,1,0,1\n[run]\nopt=gd\n", "t.ini:3: view: expected" },
    { "[scene]\nlandscape=bowl\nlink=maybe\n[run]\nopt=gd\n", "t.ini:3: link: expected true or false" },
    { "[scene]\nlandscape=bowl\noverlays=gradient,sparkles\n[run]\nopt=gd\n", "t.ini:3: overlays: unknown overlay 'gradient'" },
    { "[scene]\nlandscape=bowl\nlayout=3x3\n[run]\nopt=gd\n", "t.ini:3: layout: expected single, 1x2 or 2x2" },
    { "[scene]\nlandscape=bowl\ncolour=red\n[run]\nopt=gd\n", "t.ini:3: unknown key 'colour' in [scene]" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nlr=0.1\nlr=0.2\n", "t.ini:6: duplicate key 'lr' (first on line 5)" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\n  lr=0.2\n", "t.ini:5: indented line continues 'opt'" },
    { "[scene]\nlandscape=bowl\n[run\nopt=gd\n", "t.ini:3: expected 'key = value', '[section]' or a comment" },
    { "[scene]\nlandscape=bowl\njust words\n[run]\nopt=gd\n", "t.ini:3: expected 'key = value'" },
    { "[pane]\nstart=1,1\n[run]\nopt=gd\n", "t.ini:1: [pane] needs landscape = ID" },
    { "[run]\nopt=gd\n", "t.ini:1: [run] before any landscape" },
    { "[scene]\nlandscape=bowl\nlayout=single\n[pane]\n[run]\nopt=gd\n[pane]\n[run]\nopt=gd\n", "layout single holds 1 pane(s), but the scene has 2" },
    { "[scene]\nlandscape=bowl\n[pane]\nstart=0,0\n[pane]\n[run]\nopt=gd\n", "pane 1 has no [run] section after it" },
    { "[scene]\nlandscape=bowl\n[pane]\nlr=3\n[run]\nopt=gd\n", "t.ini:4: unknown key 'lr' in [pane]" },
    { "[scene]\ntitle=a\x01z\n", "t.ini:2: unexpected control character (byte 0x01)" },
    { "[scene]\ntitle=caf\xc3\n", "t.ini:2: not valid UTF-8 text" },
    { "[scene]\nparams = k=1\n\n[pane]\nexpr = x^2 + q*y\n[run]\nopt=gd\n",
      "t.ini:5: expr: column 7: unknown name 'q': the variables are x and y; parameters: k" },
    { "[scene]\nexpr = sin(x\n[run]\nopt=gd\n",
      "t.ini:2: expr: column 6: expected ')' to close the '(' at column 4" },
    { "[scene]\nexpr = x\nparams = k=1:2\n[run]\nopt=gd\n",
      "t.ini:3: params: k: expected VALUE or VALUE:MIN:MAX with finite numbers, got '1:2'" },
    { "[scene]\nexpr = x\nparams = k=5:1:2\n[run]\nopt=gd\n",
      "t.ini:3: params: k: expected MIN < MAX and MIN <= VALUE <= MAX" },
    { "[scene]\nexpr = x\nparams = 3=5\n[run]\nopt=gd\n",
      "t.ini:3: params: expected NAME=VALUE or NAME=VALUE:MIN:MAX" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nlr=0.1\nbatch=4\n",
      "t.ini:6: batch: 'bowl' is a closed-form landscape" },
    { "[scene]\nlandscape=logistic\n[run]\nopt=gd\nnoise=0.5\n",
      "t.ini:5: noise: 'logistic' is a data landscape" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\ngamma=0.5\n",
      "t.ini:5: gamma: the constant schedule has no parameter 'gamma'" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nschedule=step\nperiod=5\n",
      "t.ini:6: period: the step schedule has no parameter 'period' (it takes: gamma every)" },
    { "[scene]\nlandscape=bowl\n[run]\nopt=gd\nseed= -1\n",
      "t.ini:5: seed: expected a whole number from 0 to 2^64-1, got '-1'" },
};

TEST(malformed_scenes_name_the_line_and_what_was_expected)
{
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        SceneDesc s;
        char err[512] = "";
        ASSERT(!parse(BAD[i].text, &s, err));
        ASSERT_STR_CONTAINS(err, BAD[i].message);
    }
}

TEST(long_lines_and_big_files_are_refused)
{
    char *text = malloc(5000);
    strcpy(text, "[scene]\ntitle = ");
    size_t n = strlen(text);
    memset(text + n, 'a', 4000);
    strcpy(text + n + 4000, "\n[run]\nopt=gd\n");
    SceneDesc s;
    char err[512];
    ASSERT(!parse(text, &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:2: title: at most 127 bytes"); /* the line is read whole */
    free(text);
    text = malloc(5000);
    strcpy(text, "[scene]\ntitle = ");
    memset(text + n, 'a', 4090);
    strcpy(text + n + 4090, "\n[run]\nopt=gd\n");
    ASSERT(!parse(text, &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:2: line longer than 4096 bytes");
    free(text);

    size_t big = (1u << 20) + 10;
    text = malloc(big);
    memset(text, '#', big);
    ASSERT(!scene_parse(text, big, "big.ini", &s, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "big.ini: larger than");
    free(text);

    char title[200];
    memset(title, 'x', 150);
    title[150] = '\0';
    char buf[600];
    snprintf(buf, sizeof buf, "[scene]\nlandscape=bowl\ntitle=%s\n[run]\nopt=gd\n", title);
    ASSERT(!parse(buf, &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: title: at most 127 bytes");
}

/* text repeated until n bytes (whole copies only) into buf. */
static void repeat(char *buf, const char *text, size_t n)
{
    size_t m = strlen(text), used = 0;
    while (used + m <= n) {
        memcpy(buf + used, text, m);
        used += m;
    }
    buf[used] = '\0';
}

/* Formats a, parses the text back into b and formats b: the two texts must be the same. */
static bool reparses_same(const SceneDesc *a, SceneDesc *b, char *err)
{
    char *ta = scene_format(a);
    bool ok = ta && scene_parse(ta, strlen(ta), "saved.ini", b, err, 512);
    char *tb = ok ? scene_format(b) : NULL;
    ok = ok && tb && strcmp(ta, tb) == 0 && strcmp(a->title, b->title) == 0 &&
         strcmp(a->caption, b->caption) == 0;
    if (!ok) {
        fprintf(stderr, "not the same after saving: %s\n%s\n", err, ta ? ta : "(null)");
    }
    free(ta);
    free(tb);
    return ok;
}

TEST(long_non_ascii_lines_are_read_whole)
{
    /* 105 'é' (210 bytes) and "steps = 7" in one caption: once cut at 199 bytes and read as
     * a key; now the caption holds it all and steps stays unset. */
    char caption[400], text[1200];
    repeat(caption, "\xc3\xa9", 210);
    strcat(caption, " steps = 7");
    snprintf(text, sizeof text, "[scene]\nlandscape = bowl\ncaption = %s\n[run]\nopt = gd\n",
             caption);
    SceneDesc s;
    char err[512] = "";
    ASSERT(parse(text, &s, err));
    ASSERT(strcmp(s.caption, caption) == 0 && s.steps == 0);
    /* 65 CJK characters (195 bytes, three per character) load whole too. */
    repeat(caption, "\xe6\xbc\xa2", 195);
    snprintf(text, sizeof text, "[scene]\nlandscape = bowl\ntitle = t\ncaption = %s\n[run]\n"
             "opt = gd\n", caption);
    ASSERT(parse(text, &s, err) && strcmp(s.caption, caption) == 0);
    /* Line numbers after long lines stay right: a 300-byte comment, then an error. */
    char comment[400];
    repeat(comment, "\xc3\xa9", 300);
    snprintf(text, sizeof text, "# %s\n[scene]\nlandscape = bowl\n# %s\nlr = 1\n[run]\nopt=gd\n",
             comment, comment);
    ASSERT(!parse(text, &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:5: unknown key 'lr' in [scene]");
    /* A line over the limit in multi-byte characters: refused on its own line. */
    char *big = malloc(6000);
    strcpy(big, "[scene]\nlandscape = bowl\n\n# ");
    repeat(big + strlen(big), "\xe2\x82\xac", 4200);
    strcat(big, "\n[run]\nopt = gd\n");
    ASSERT(!parse(big, &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:4: line longer than 4096 bytes");
    /* Exactly at the limit is fine. */
    strcpy(big, "[scene]\nlandscape = bowl\n#");
    size_t at = strlen(big);
    memset(big + at, 'x', 4095);
    strcpy(big + at + 4095, "\n[run]\nopt = gd\n");
    ASSERT(parse(big, &s, err));
    free(big);
}

TEST(captions_may_hold_brackets_and_one_scene_section)
{
    SceneDesc s, b;
    char err[512] = "";
    ASSERT(parse("[scene]\nlandscape = bowl\ncaption = lists like\n    [1, 2] and\n"
                 "    [scene] are text here\n    # and so is this ; too\n[run]\nopt = gd\n",
                 &s, err));
    ASSERT(strcmp(s.caption, "lists like [1, 2] and [scene] are text here # and so is this "
                  "; too") == 0);
    ASSERT(s.n_panes == 1 && s.panes[0].n_runs == 1);
    ASSERT(reparses_same(&s, &b, err));
    /* ' ;' on the key's own line starts a comment; on a continuation it is text. */
    ASSERT(parse("[scene]\nlandscape = bowl\ncaption = before ; comment\n    a ; b\n[run]\n"
                 "opt = gd\n", &s, err));
    ASSERT(strcmp(s.caption, "before a ; b") == 0);
    ASSERT(reparses_same(&s, &b, err));
    /* Only title and caption continue: an indented line below another key is an error. */
    ASSERT(!parse("[scene]\nlandscape = bowl\nlink = true\n    x = 1\n[run]\nopt = gd\n", &s,
                  err));
    ASSERT_STR_CONTAINS(err, "t.ini:4: indented line continues 'link'");
    ASSERT(!parse("[scene]\nlandscape = bowl\n[run]\nopt = gd\n[scene]\ntitle = again\n", &s,
                  err));
    ASSERT_STR_CONTAINS(err, "t.ini:5: a second [scene] section (the first is on line 1)");
    ASSERT(!parse("[scene]\nlandscape = bowl\n[run] junk\nopt = gd\n", &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: expected 'key = value', '[section]' or a comment");
    /* CRLF line ends; a lone CR is a control character. */
    ASSERT(parse("[scene]\r\nlandscape = bowl\r\ntitle = crlf\r\n[run]\r\nopt = gd\r\n", &s,
                 err));
    ASSERT(strcmp(s.title, "crlf") == 0);
    ASSERT(!parse("[scene]\nlandscape = bowl\ntitle = a\rb\n[run]\nopt = gd\n", &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: unexpected control character (byte 0x0d)");
}

TEST(every_loaded_scene_saves_to_the_same_scene)
{
    SceneDesc a, b;
    char err[512] = "";
    ASSERT(parse(FULL, &a, err));
    /* A caption of 170 CJK characters and no space: no line is cut inside a character. */
    repeat(a.caption, "\xe6\xbc\xa2", 510);
    ASSERT(reparses_same(&a, &b, err));
    char *text = scene_format(&a);
    ASSERT(text && strstr(text, a.caption) != NULL); /* on one line, whole */
    free(text);
    /* Spaces, '[', '#' and ';' at every possible wrap point. */
    repeat(a.caption, "ab [c] #d ;e [scene] ", 500);
    a.caption[strlen(a.caption) - 1] = '\0'; /* no trailing blank: loaded values have none */
    ASSERT(reparses_same(&a, &b, err));
    repeat(a.caption, "w\xc3\xa9 ", 500);
    a.caption[strlen(a.caption) - 1] = '\0';
    ASSERT(reparses_same(&a, &b, err));
    strcpy(a.title, ";starts with a semicolon, has a\t;tab comment");
    strcpy(a.caption, "");
    ASSERT(reparses_same(&a, &b, err));
    /* Subnormal numbers (hex or decimal) are numbers: they reparse to the same bits. */
    ASSERT(parse("[scene]\nlandscape = bowl\nstart = 0x1p-1074, 4.9406564584124654e-324\n"
                 "[run]\nopt = rmsprop\nbeta = 0x1p-1074\neps = 2.2250738585072009e-308\n",
                 &a, err));
    ASSERT(a.panes[0].start[0] == 0x1p-1074 && a.panes[0].start[1] == 0x1p-1074);
    ASSERT(a.panes[0].runs[0].opt.beta == 0x1p-1074);
    ASSERT(a.panes[0].runs[0].opt.eps == 0x0.fffffffffffffp-1022);
    ASSERT(reparses_same(&a, &b, err));
    ASSERT(b.panes[0].runs[0].opt.beta == 0x1p-1074);
    ASSERT(b.panes[0].runs[0].opt.eps == 0x0.fffffffffffffp-1022);
    /* Underflow of a nonzero number to zero is still refused. */
    ASSERT(!parse("[scene]\nlandscape = bowl\nstart = 1e-400, 0\n[run]\nopt = gd\n", &a, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: start: expected X,Y");
}

TEST(random_bytes_never_crash)
{
    Rng rng = rng_seeded(2024);
    static const char *pieces[] = { "[scene]", "[run]", "[pane]", "opt", "=", "gd", "lr",
                                    "0.1", "\n", " ", "landscape", "bowl", ",", "1e308",
                                    "#", ";", "[", "]", "caption", "\t", "\xe2\x82\xac" };
    for (int iter = 0; iter < 3000; iter++) {
        char buf[2048];
        size_t n = 0;
        size_t len = rng_below(&rng, sizeof buf - 64);
        bool structured = iter % 2 == 0;
        while (n < len) {
            if (structured) {
                const char *p = pieces[rng_below(&rng, sizeof pieces / sizeof pieces[0])];
                size_t m = strlen(p);
                memcpy(buf + n, p, m);
                n += m;
            } else {
                buf[n++] = (char)rng_below(&rng, 256);
            }
        }
        SceneDesc s;
        char err[512] = "";
        if (!scene_parse(buf, n, "r.ini", &s, err, sizeof err)) {
            ASSERT(strncmp(err, "r.ini:", 6) == 0);
        }
    }
}

static void run_all(const SceneDesc *s, int pane, int r, long steps, Run *run)
{
    char err[128];
    const PaneDesc *p = &s->panes[pane];
    ASSERT(run_init(run, p->ls, &p->runs[r], p->start[0], p->start[1], err, sizeof err));
    for (long k = 0; k < steps; k++) {
        run_step(run);
    }
}

TEST(a_saved_scene_reloads_to_identical_trajectories)
{
    SceneDesc a, b;
    char err[512];
    ASSERT(parse(FULL, &a, err));
    /* exercise numbers that print long */
    a.panes[0].start[0] = 0.1 + 0.2;
    a.panes[0].runs[0].opt.lr = 1.0 / 3.0;
    a.panes[1].runs[0].noise = 0.0;
    a.panes[1].runs[0].seed = 18446744073709551615ull;
    strcpy(a.caption, "A long caption that goes on and on, well past one line of the file, "
           "so that the writer must wrap it onto continuation lines and the reader must "
           "join them back with single spaces, exactly as it was written here.");
    char path[] = "/tmp/losslens-scene-XXXXXX";
    int fd = mkstemp(path);
    ASSERT(fd >= 0);
    close(fd);
    ASSERT(scene_save(path, &a, err, sizeof err));
    ASSERT(scene_load(path, &b, err, sizeof err));
    unlink(path);
    ASSERT(strcmp(a.title, b.title) == 0 && strcmp(a.caption, b.caption) == 0);
    ASSERT(a.layout == b.layout && a.link == b.link && a.overlays == b.overlays &&
           a.cloud == b.cloud && a.speed == b.speed && a.steps == b.steps);
    ASSERT(a.n_panes == b.n_panes);
    for (int p = 0; p < a.n_panes && p < b.n_panes; p++) {
        ASSERT(a.panes[p].ls == b.panes[p].ls && a.panes[p].n_runs == b.panes[p].n_runs);
        ASSERT(a.panes[p].start[0] == b.panes[p].start[0]);
        for (int r = 0; r < a.panes[p].n_runs; r++) {
            Run ra, rb;
            run_all(&a, p, r, 500, &ra);
            run_all(&b, p, r, 500, &rb);
            ASSERT(ra.n == rb.n && memcmp(ra.pts, rb.pts, (size_t)ra.n * sizeof *ra.pts) == 0);
            run_free(&ra);
            run_free(&rb);
        }
    }
    ASSERT(!scene_load("/nonexistent/x.ini", &b, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "/nonexistent/x.ini: cannot open");
    ASSERT(!scene_save("/nonexistent/x.ini", &a, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "cannot write '/nonexistent/x.ini'");
}

/* expr and params, in [scene] (inherited) or [pane]: parsed, written back by scene_format,
 * and read again to the same text and parameter bits; the caret lines of an error follow
 * its FILE:LINE message. */
TEST(typed_functions_round_trip_through_a_scene)
{
    static const char TEXT[] =
        "[scene]\n"
        "title = typed\n"
        "layout = 1x2\n"
        "expr = x^2 + k*y^2\n"
        "params = k=10:1:100, a=0.5\n"
        "[pane]\n"
        "start = 2,1\n"
        "[run]\n"
        "opt = gd\n"
        "lr = 0.009\n"
        "[pane]\n"
        "expr = (1 - x)^2 + c*(y - x^2)^2 + a*\n"
        "    sin(x)\n"
        "params = c = 100.5 : 1 : 1000 , a=0.1\n"
        "[run]\n"
        "opt = newton\n";
    static SceneDesc a, b;
    char err[2048];
    ASSERT(parse(TEXT, &a, err));
    ASSERT(a.n_panes == 2 && !a.panes[0].ls && !a.panes[1].ls);
    const LandscapeTypedDesc *t0 = &a.panes[0].typed, *t1 = &a.panes[1].typed;
    ASSERT(strcmp(t0->text, "x^2 + k*y^2") == 0 && t0->n_params == 2);
    ASSERT(strcmp(t0->params[0].name, "k") == 0 && t0->params[0].value == 10.0);
    ASSERT(t0->params[0].min == 1.0 && t0->params[0].max == 100.0 && t0->params[0].has_range);
    ASSERT(strcmp(t0->params[1].name, "a") == 0 && t0->params[1].value == 0.5);
    /* no range given: value -+ max(|value|, 1) */
    ASSERT(!t0->params[1].has_range && t0->params[1].min == -0.5 && t0->params[1].max == 1.5);
    ASSERT(strcmp(t1->text, "(1 - x)^2 + c*(y - x^2)^2 + a* sin(x)") == 0);
    ASSERT(t1->n_params == 2 && t1->params[0].value == 100.5 && t1->params[1].value == 0.1);
    /* the default start of a typed function when none is given */
    ASSERT(a.panes[1].start[0] == LANDSCAPE_TYPED_START_X &&
           a.panes[1].start[1] == LANDSCAPE_TYPED_START_Y);
    a.panes[0].typed.params[1].value = 1.0 / 3.0; /* prints long */
    char *out = scene_format(&a);
    ASSERT(out != NULL);
    if (!out)
        return;
    /* a moved value keeps its range: written out in full */
    ASSERT(strstr(out, "expr = x^2 + k*y^2\nparams = k=10:1:100, "
                       "a=0.33333333333333331:-0.5:1.5\n"));
    ASSERT(strstr(out, "params = c=100.5:1:1000, a=0.10000000000000001\n"));
    ASSERT(parse(out, &b, err));
    free(out);
    for (int p = 0; p < 2; p++) {
        const LandscapeTypedDesc *x = &a.panes[p].typed, *y = &b.panes[p].typed;
        ASSERT(strcmp(x->text, y->text) == 0 && x->n_params == y->n_params);
        for (int i = 0; i < x->n_params; i++) {
            const LandscapeParam *u = &x->params[i], *v = &y->params[i];
            ASSERT(strcmp(u->name, v->name) == 0);
            ASSERT(memcmp(&u->value, &v->value, sizeof u->value) == 0);
            ASSERT(memcmp(&u->min, &v->min, sizeof u->min) == 0 && u->max == v->max);
        }
        ASSERT(!b.panes[p].ls && b.panes[p].start[0] == a.panes[p].start[0]);
    }
    /* landscape after expr (or expr after landscape) replaces it */
    ASSERT(parse("[scene]\nexpr = x\n[pane]\nlandscape = bowl\n[run]\nopt=gd\n", &b, err));
    ASSERT(b.panes[0].ls == landscape_find("bowl") && b.panes[0].typed.text[0] == '\0');
    ASSERT(parse("[scene]\nlandscape = bowl\n[pane]\nexpr = y\n[run]\nopt=gd\n", &b, err));
    ASSERT(!b.panes[0].ls && strcmp(b.panes[0].typed.text, "y") == 0);
    /* an error's message, then the text and a caret under its column */
    static const char BAD_EXPR[] = "[scene]\nexpr = x +* y\n[run]\nopt = gd\n";
    ASSERT(!scene_parse(BAD_EXPR, strlen(BAD_EXPR), "s.ini", &b, err, sizeof err));
    ASSERT(strcmp(err, "s.ini:2: expr: column 4: expected a number, a name or '(', found '*'\n"
                       "  x +* y\n"
                       "     ^") == 0);
}

TEST(scene_list_sorts_the_ini_files_of_a_folder)
{
    char dir[] = "/tmp/losslens-scenes-XXXXXX";
    ASSERT(mkdtemp(dir) != NULL);
    const char *names[] = { "02-b.ini", "10-z.ini", "01-a.ini", "notes.txt", ".hidden.ini" };
    for (int i = 0; i < 5; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        ASSERT(f != NULL);
        if (f) {
            fclose(f);
        }
    }
    char paths[SCENE_LIST_MAX][SCENE_PATH_LEN];
    int n = scene_list(dir, paths, SCENE_LIST_MAX);
    ASSERT(n == 3);
    char want[SCENE_PATH_LEN];
    snprintf(want, sizeof want, "%s/01-a.ini", dir);
    ASSERT(n == 3 && strcmp(paths[0], want) == 0);
    snprintf(want, sizeof want, "%s/10-z.ini", dir);
    ASSERT(n == 3 && strcmp(paths[2], want) == 0);
    for (int i = 0; i < 5; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    ASSERT(scene_list("/nonexistent-dir", paths, SCENE_LIST_MAX) == 0);
}

TEST(the_loss_axis_and_the_chord_are_scene_keys)
{
    SceneDesc s, b;
    char err[512] = "";
    ASSERT(parse("[scene]\nlandscape = bowl\nloss = gap\nchord = -1, 2, 3, -0.5\n"
                 "[pane]\n[run]\nopt = gd\n[pane]\nlandscape = saddle\nchord = 0,0,1,1\n"
                 "[run]\nopt = gd\n[pane]\nlandscape = ravine\n[run]\nopt = gd\n", &s, err));
    ASSERT(s.loss_axis == LOSS_AXIS_GAP);
    /* [scene]'s chord is every pane's default; a pane may set its own. */
    ASSERT(s.panes[0].has_chord && s.panes[0].chord[0] == -1 && s.panes[0].chord[1] == 2 &&
           s.panes[0].chord[2] == 3 && s.panes[0].chord[3] == -0.5);
    ASSERT(s.panes[1].has_chord && s.panes[1].chord[2] == 1 && s.panes[1].chord[3] == 1);
    ASSERT(s.panes[2].has_chord && s.panes[2].chord[0] == -1);
    ASSERT(reparses_same(&s, &b, err));
    ASSERT(b.loss_axis == LOSS_AXIS_GAP && b.panes[1].chord[2] == 1);
    ASSERT(parse("[scene]\nlandscape = bowl\n[run]\nopt = gd\n", &s, err));
    ASSERT(s.loss_axis == LOSS_AXIS_VALUE && !s.panes[0].has_chord);
    ASSERT(strcmp(scene_loss_axis_id(LOSS_AXIS_GAP), "gap") == 0);
    ASSERT(!parse("[scene]\nlandscape = bowl\nloss = excess\n[run]\nopt = gd\n", &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: loss: expected value or gap, got 'excess'");
    ASSERT(!parse("[scene]\nlandscape = bowl\n[pane]\nchord = 1, 1, 1, 1\n[run]\nopt = gd\n",
                  &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:4: chord: expected AX,AY,BX,BY");
    ASSERT(!parse("[scene]\nlandscape = bowl\nchord = 1, 2, 3\n[run]\nopt = gd\n", &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: chord: expected");
}

/* table_tol: the table's tolerance, kept through a save; 0 (the default) writes nothing. */
TEST(the_table_tolerance_is_a_scene_key)
{
    SceneDesc s, b;
    char err[512] = "";
    ASSERT(parse("[scene]\nlandscape = bowl\ntable_tol = 1e-6\n[run]\nopt = gd\n", &s, err));
    ASSERT(s.table_tol == 1e-6);
    ASSERT(reparses_same(&s, &b, err));
    ASSERT(b.table_tol == 1e-6);
    ASSERT(parse("[scene]\nlandscape = bowl\n[run]\nopt = gd\n", &s, err));
    ASSERT(s.table_tol == 0.0);
    char *text = scene_format(&s);
    ASSERT(text && strstr(text, "table_tol") == NULL);
    free(text);
    ASSERT(!parse("[scene]\nlandscape = bowl\ntable_tol = 2\n[run]\nopt = gd\n", &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:3: table_tol: expected a loss tolerance in [1e-12, 1], got '2'");
}

/* loss_plot = false leaves one pane's loss plot out; kept through a save. */
TEST(a_pane_may_leave_out_its_loss_plot)
{
    SceneDesc s, b;
    char err[512] = "";
    ASSERT(parse("[scene]\nlandscape = bowl\noverlays = loss-plot\nlayout = 1x2\n[pane]\n"
                 "[run]\nopt = gd\n[pane]\nloss_plot = false\n[run]\nopt = gd\n", &s, err));
    ASSERT(!s.panes[0].no_loss_plot && s.panes[1].no_loss_plot);
    ASSERT(reparses_same(&s, &b, err));
    ASSERT(!b.panes[0].no_loss_plot && b.panes[1].no_loss_plot);
    ASSERT(!parse("[scene]\nlandscape = bowl\n[pane]\nloss_plot = maybe\n[run]\nopt = gd\n",
                  &s, err));
    ASSERT_STR_CONTAINS(err, "t.ini:4: loss_plot: expected true or false, got 'maybe'");
}

int main(void)
{
    RUN_TEST(a_full_scene_lands_in_its_fields);
    RUN_TEST(a_single_pane_scene_needs_no_pane_section);
    RUN_TEST(malformed_scenes_name_the_line_and_what_was_expected);
    RUN_TEST(long_lines_and_big_files_are_refused);
    RUN_TEST(long_non_ascii_lines_are_read_whole);
    RUN_TEST(captions_may_hold_brackets_and_one_scene_section);
    RUN_TEST(every_loaded_scene_saves_to_the_same_scene);
    RUN_TEST(random_bytes_never_crash);
    RUN_TEST(a_saved_scene_reloads_to_identical_trajectories);
    RUN_TEST(typed_functions_round_trip_through_a_scene);
    RUN_TEST(scene_list_sorts_the_ini_files_of_a_folder);
    RUN_TEST(the_loss_axis_and_the_chord_are_scene_keys);
    RUN_TEST(the_table_tolerance_is_a_scene_key);
    RUN_TEST(a_pane_may_leave_out_its_loss_plot);
    return TEST_MAIN("test_scene");
}
