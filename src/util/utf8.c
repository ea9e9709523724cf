/* utf8.c - the one UTF-8 decoder (the GL glyph atlas and the CPU text renderer) and the one
 * set of boundary rules (caret steps, cutting text to a buffer or a width). */
#include "util/utf8.h"

static int utf8_is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

size_t utf8_valid(const char *s, size_t n)
{
    unsigned c = (unsigned char)s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len > n)
        return 0;
    /* Stops at the first byte that is not a continuation: never reads past a NUL. */
    for (size_t i = 1; i < len; i++)
        if (!utf8_is_continuation(s[i]))
            return 0;
    return len;
}

unsigned utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t n = utf8_valid(*s, 4);
    if (n == 0) {
        *s += 1;
        return 0xFFFD;
    }
    unsigned cp = n == 1 ? p[0] : p[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3Fu);
    *s += n;
    return cp;
}

size_t utf8_forward(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return len;
    i++;
    while (i < len && utf8_is_continuation(s[i]))
        i++;
    return i;
}

size_t utf8_back(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && utf8_is_continuation(s[i]))
        i--;
    return i;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && utf8_is_continuation(s[max]))
        max--;
    return max;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t n = len > 0; /* offset 0 is a boundary whatever its byte */
    for (size_t i = 1; i < len; i++)
        n += !utf8_is_continuation(s[i]);
    return n;
}
