/* fuzz_parsers.c - the scene, command-line and run-spec parsers under random and mutated input,
 * one target per build: -DFUZZ_SCENE (scene_parse), -DFUZZ_OPTIONS (options_parse, the input's
 * lines as arguments) or -DFUZZ_SPEC (spec_parse_run). One check per input: parsing never
 * crashes; a refusal has a message; what parses formats to text that parses again and formats
 * to the same text (the same scene, bit for bit). With -DFUZZ_LIBFUZZER -fsanitize=fuzzer it
 * is a libFuzzer target; otherwise main() runs a seeded, time-bounded campaign over mutations
 * of the shipped scenes (a unit test).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lecture/options.h"
#include "lecture/scene.h"
#include "lecture/spec.h"
#include "run/rng.h"
#include "bench.h"

#if !defined(FUZZ_SCENE) && !defined(FUZZ_OPTIONS) && !defined(FUZZ_SPEC)
#error "define FUZZ_SCENE, FUZZ_OPTIONS or FUZZ_SPEC"
#endif

enum { FUZZ_MAX_INPUT = 1 << 16, FUZZ_MAX_ARGS = 32 };

/* Aborts on a broken invariant, so both libFuzzer and the driver report the input. */
static void check(bool ok, const char *what, const char *text)
{
    if (ok) {
        return;
    }
    fprintf(stderr, "fuzz: %s for input \"%.600s\"\n", what, text);
    abort();
}

#if !defined(FUZZ_SPEC)
/* The scene formatted, parsed back and formatted again: the same text. */
static void check_scene_round_trip(const SceneDesc *s, const char *input)
{
    char *a = scene_format(s);
    check(a != NULL, "scene_format failed", input);
    SceneDesc *b = malloc(sizeof *b);
    char err[512] = "";
    check(b && scene_parse(a, strlen(a), "saved.ini", b, err, sizeof err),
          "the saved scene does not parse again", a);
    char *c = scene_format(b);
    check(c && strcmp(a, c) == 0, "the saved scene parses to another scene", a);
    free(c);
    free(b);
    free(a);
}
#endif

/* Checks one input; true when it parsed. */
static bool fuzz_one(const uint8_t *data, size_t size)
{
    bool parsed = false;
    char *text = malloc(size + 1);
    if (!text) {
        return false;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    char err[1024] = "";
#if defined(FUZZ_SCENE)
    SceneDesc *s = malloc(sizeof *s);
    if (s && scene_parse(text, size, "f.ini", s, err, sizeof err)) {
        parsed = true;
        check(s->n_panes >= 1 && s->n_panes <= SCENE_MAX_PANES, "pane count", text);
        check_scene_round_trip(s, text);
    } else if (s) {
        check(strncmp(err, "f.ini", 5) == 0, "refusal without a located message", text);
    }
    free(s);
#elif defined(FUZZ_OPTIONS)
    /* One argument per line; --scene (files are the scene target's) is left out. */
    char *argv[FUZZ_MAX_ARGS + 1] = { "losslens" };
    int argc = 1;
    for (char *p = text; argc < FUZZ_MAX_ARGS && p <= text + size;) {
        char *nl = memchr(p, '\n', (size_t)(text + size - p));
        if (nl) {
            *nl = '\0';
        }
        argv[argc++] = p;
        p = nl ? nl + 1 : text + size + 1;
    }
    bool scene = false;
    for (int i = 1; i < argc; i++) {
        scene |= strncmp(argv[i], "--scene", 7) == 0;
    }
    Options *o = malloc(sizeof *o);
    if (o && !scene && options_parse(argc, argv, o, err, sizeof err)) {
        parsed = true;
        check(o->steps >= 1 && o->steps <= OPTIONS_MAX_STEPS, "steps out of range", text);
        check_scene_round_trip(&o->scene, text);
    } else if (o && !scene) {
        check(err[0] != '\0', "refusal without a message", text);
    }
    free(o);
#else
    RunDesc base = run_desc_default(OPTIM_GD), d, d2;
    if (spec_parse_run(text, &base, &d, err, sizeof err)) {
        parsed = true;
        char a[1024], b[1024];
        spec_format_run(&d, a, sizeof a);
        check(spec_parse_run(a, &base, &d2, err, sizeof err), "the formatted spec is refused", a);
        spec_format_run(&d2, b, sizeof b);
        check(strcmp(a, b) == 0, "the formatted spec parses to another run", a);
    } else {
        check(err[0] != '\0', "refusal without a message", text);
    }
#endif
    free(text);
    return parsed;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size <= FUZZ_MAX_INPUT) {
        fuzz_one(data, size);
    }
    return 0;
}
#else

/* n == 0 gives 0 (rng_below needs n >= 1). */
static size_t below(Rng *r, size_t n)
{
    return n ? (size_t)rng_below(r, n) : 0;
}

/* The seed corpus: the shipped scenes' text (scene target), as flags (options target: each
 * run as --opt with its spec, the landscape, start and steps) or as run specs (spec target). */
typedef struct {
    char *text[256];
    size_t len[256];
    int n;
} Corpus;

static void corpus_add(Corpus *c, const char *text, size_t len)
{
    if (c->n < 256 && (c->text[c->n] = malloc(len + 1)) != NULL) {
        memcpy(c->text[c->n], text, len);
        c->text[c->n][len] = '\0';
        c->len[c->n++] = len;
    }
}

static void corpus_add_scene(Corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(FUZZ_MAX_INPUT);
    size_t n = f && buf ? fread(buf, 1, FUZZ_MAX_INPUT - 1, f) : 0;
    if (f) {
        fclose(f);
    }
    SceneDesc *s = malloc(sizeof *s);
    char err[512];
    if (!buf || !s || n == 0 || !scene_parse(buf, n, path, s, err, sizeof err)) {
        free(buf);
        free(s);
        return;
    }
#if defined(FUZZ_SCENE)
    corpus_add(c, buf, n);
#else
    for (int p = 0; p < s->n_panes; p++) {
        char line[2048], spec[1024];
        size_t used = 0;
        if (!s->panes[p].ls)
            continue; /* a typed function's pane: --expr is fuzzed by fuzz_expr */
#if defined(FUZZ_OPTIONS)
        used = (size_t)snprintf(line, sizeof line, "--landscape\n%s\n--start=%.17g,%.17g\n"
                                "--steps\n%ld", s->panes[p].ls->id, s->panes[p].start[0],
                                s->panes[p].start[1], s->steps > 0 ? s->steps : 200);
#endif
        for (int r = 0; r < s->panes[p].n_runs && used < sizeof line; r++) {
            spec_format_run(&s->panes[p].runs[r], spec, sizeof spec);
#if defined(FUZZ_OPTIONS)
            used += (size_t)snprintf(line + used, sizeof line - used, "\n--opt\n%s", spec);
#else
            corpus_add(c, spec, strlen(spec));
#endif
        }
#if defined(FUZZ_OPTIONS)
        corpus_add(c, line, used < sizeof line ? used : sizeof line - 1);
#endif
    }
#endif
    free(buf);
    free(s);
}

static const char *const TOKENS[] = {
    "[scene]\n", "[pane]\n", "[run]\n", "opt = ", "adam", "gd", "rmsprop", "lr = ", "=", ":",
    ",", "\n", "    ", " ; ", "#", ";", "[", "]", "caption = ", "title = ", "\t", "\xe6\xbc\xa2",
    "\xc3\xa9", "0x1p-1074", "1e308", "-0", "1e-400", "nan", "schedule", "step", "cosine",
    "gamma", "every", "period", "min_factor", "batch", "noise", "seed", "18446744073709551615",
    "--opt\n", "--batch\n", "--noise\n", "--schedule\n", "--start\n", "--view\n", "--steps\n",
    "--landscape\n", "logistic", "bowl", "--list=1\n", "--seed= -1\n", "--csv\n-\n", "\r\n",
};

/* Bytes worth putting in a scene, a flag or a spec. */
static const char FUZZ_BYTES[] = " =:,;#[]\n\t0123456789.e-x";

/* A random input: a mutated corpus entry, a token soup or raw bytes. */
static size_t make_input(Rng *r, const Corpus *c, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    size_t kind = below(r, 8);
    if (kind == 0) { /* raw bytes */
        n = below(r, 256);
        for (size_t i = 0; i < n; i++) {
            buf[i] = (uint8_t)below(r, 256);
        }
        return n;
    }
    if (kind == 1 || c->n == 0) { /* token soup */
        size_t count = 1 + below(r, 80);
        for (size_t i = 0; i < count; i++) {
            const char *t = TOKENS[below(r, sizeof TOKENS / sizeof TOKENS[0])];
            size_t m = strlen(t);
            if (n + m >= cap) {
                break;
            }
            memcpy(buf + n, t, m);
            n += m;
        }
        return n;
    }
    size_t pick = below(r, (size_t)c->n);
    n = c->len[pick] < cap ? c->len[pick] : cap - 1;
    memcpy(buf, c->text[pick], n);
    size_t muts = 1 + below(r, 8);
    for (size_t m = 0; m < muts && n > 0; m++) {
        size_t at = below(r, n);
        const char *t = TOKENS[below(r, sizeof TOKENS / sizeof TOKENS[0])];
        size_t tl = strlen(t);
        switch (below(r, 5)) {
        case 0: /* replace a byte */
            buf[at] = (uint8_t)FUZZ_BYTES[below(r, sizeof FUZZ_BYTES - 1)];
            break;
        case 1: /* delete a span */ {
            size_t len = 1 + below(r, n - at < 16 ? n - at : 16);
            memmove(buf + at, buf + at + len, n - at - len);
            n -= len;
            break;
        }
        case 2: /* duplicate a span */
            if (n * 2 < cap) {
                size_t len = 1 + below(r, n - at);
                memmove(buf + at + len, buf + at, n - at);
                n += len;
            }
            break;
        default: /* insert a token */
            if (n + tl < cap) {
                memmove(buf + at + tl, buf + at, n - at);
                memcpy(buf + at, t, tl);
                n += tl;
            }
            break;
        }
    }
    return n;
}

/* fuzz_X [SECONDS [SCENES_DIR [SEED]]]: at most 200,000 inputs or SECONDS (default 2) of
 * them, mutating the *.ini of SCENES_DIR. Fails when nothing at all parsed. */
int main(int argc, char **argv)
{
    double limit = argc > 1 ? atof(argv[1]) : 2.0;
    Rng r = rng_seeded(argc > 3 ? strtoull(argv[3], NULL, 10) : 20261202u);
    static Corpus corpus;
    if (argc > 2) {
        static char paths[SCENE_LIST_MAX][SCENE_PATH_LEN];
        int n = scene_list(argv[2], paths, SCENE_LIST_MAX);
        for (int i = 0; i < n; i++) {
            corpus_add_scene(&corpus, paths[i]);
        }
    }
    /* The corpus itself first: every entry must parse and round-trip. */
    for (int i = 0; i < corpus.n; i++) {
        check(fuzz_one((const uint8_t *)corpus.text[i], corpus.len[i]), "a seed is refused",
              corpus.text[i]);
    }
    static uint8_t buf[FUZZ_MAX_INPUT];
    double t0 = 1e-3 * bench_now_ms();
    long runs = 0, parsed = 0;
    while (runs < 200000 && 1e-3 * bench_now_ms() - t0 < limit) {
        size_t n = make_input(&r, &corpus, buf, sizeof buf - 1);
        parsed += fuzz_one(buf, n);
        runs++;
    }
    printf("fuzz: %d seeds, %ld inputs (%ld parsed) in %.2f s, no failure\n", corpus.n, runs,
           parsed, 1e-3 * bench_now_ms() - t0);
    for (int i = 0; i < corpus.n; i++) {
        free(corpus.text[i]);
    }
    return runs > 0 && parsed > 0 && corpus.n > 0 ? 0 : 1;
}
#endif
