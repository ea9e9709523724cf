/* text.c - text fitted to a width: cut with an ellipsis (labels, dropdowns, titles) and
 * wrapped at words (text blocks, captions), measured through the caller's callback. Both
 * search the cut by bisection over character boundaries: widths only grow with the text. */
#include "util/text.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

#include "util/utf8.h"

/* One search: the text, the width and what "fits" means for a prefix of p bytes. */
typedef struct TextFit {
    const char *s;
    size_t len;
    float maxw;
    TextMeasure measure;
    void *user;
    bool (*fits)(const struct TextFit *f, size_t p);
    char *out; /* with an ellipsis: the candidate is composed here */
    const char *ellipsis;
    size_t dots;
} TextFit;

static bool text_fits_plain(const TextFit *f, size_t p)
{
    return f->measure(f->user, f->s, p) <= f->maxw;
}

/* Composes the first p bytes, trailing spaces dropped, and the ellipsis in f->out. */
static size_t text_compose(const TextFit *f, size_t p)
{
    while (p > 0 && f->s[p - 1] == ' ')
        p--;
    memcpy(f->out, f->s, p);
    memcpy(f->out + p, f->ellipsis, f->dots + 1);
    return p + f->dots;
}

static bool text_fits_dots(const TextFit *f, size_t p)
{
    return f->measure(f->user, f->out, text_compose(f, p)) <= f->maxw;
}

/* The largest boundary p < hi that fits, given that hi (a boundary) does not; 0 when none
 * does. */
static size_t text_bisect(const TextFit *f, size_t hi)
{
    size_t lo = 0; /* fits, or is the answer when nothing does */
    for (;;) {
        size_t mid = utf8_cut(f->s, f->len, lo + (hi - lo) / 2);
        if (mid <= lo)
            mid = utf8_forward(f->s, f->len, lo);
        if (mid >= hi)
            return lo;
        if (f->fits(f, mid))
            lo = mid;
        else
            hi = mid;
    }
}

size_t text_fit(char *out, size_t size, const char *s, size_t len, float maxw,
                const char *ellipsis, TextMeasure measure, void *user)
{
    size_t dots = strlen(ellipsis);
    assert(size > dots);
    if (len < size && measure(user, s, len) <= maxw) {
        memcpy(out, s, len);
        out[len] = '\0';
        return len;
    }
    TextFit f = {.s = s, .len = len, .maxw = maxw, .measure = measure, .user = user,
                 .fits = text_fits_dots, .out = out, .ellipsis = ellipsis, .dots = dots};
    size_t cap = utf8_cut(s, len, size - dots - 1);
    size_t keep = text_fits_dots(&f, cap) ? cap : text_bisect(&f, cap);
    return text_compose(&f, keep);
}

size_t text_wrap(const char *s, size_t len, float width, TextMeasure measure, void *user,
                 size_t *next)
{
    size_t end = 0, q = 0;
    for (;;) {
        size_t word_end = q;
        while (word_end < len && s[word_end] != ' ' && s[word_end] != '\n')
            word_end++;
        if (measure(user, s, word_end) > width) {
            if (end == 0) { /* one word wider than the line: cut it */
                TextFit f = {.s = s, .len = len, .maxw = width, .measure = measure,
                             .user = user, .fits = text_fits_plain};
                end = text_bisect(&f, word_end);
                if (end == 0)
                    end = utf8_forward(s, len, 0);
            }
            break;
        }
        end = word_end;
        if (word_end >= len || s[word_end] == '\n')
            break;
        q = word_end + 1;
    }
    size_t p = end;
    if (p < len && s[p] == '\n')
        p++;
    else
        while (p < len && s[p] == ' ')
            p++;
    *next = p;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    return end;
}
