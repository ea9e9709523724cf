/* utf8.h - UTF-8 without a library: decoding into code points (for the two text renderers)
 * and the byte offsets where text may be cut or a caret may stop. libc only.
 *
 * A boundary is an offset whose byte is not a continuation byte (10xxxxxx), or the end: cutting
 * there never splits a well-formed sequence, and stray bytes count as characters of their
 * own. */
#ifndef LOSSLENS_UTF8_H
#define LOSSLENS_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the well-formed sequence at s within its first n bytes (n >= 1), or
 * 0 when the lead byte is no lead byte, a continuation byte is missing or it would pass n.
 * Overlong forms and surrogates are not checked. */
size_t utf8_valid(const char *s, size_t n);

/* Decodes the code point at *s and advances *s past it. A malformed sequence decodes as
 * U+FFFD and advances one byte, so every input makes progress. *s must not be at the
 * terminating NUL. */
unsigned utf8_next(const char **s);

/* The boundary after offset i in the len bytes at s: i + 1 and past the continuation bytes
 * that follow; len when i >= len - 1. */
size_t utf8_forward(const char *s, size_t len, size_t i);

/* The boundary before offset i (i <= the length of s): i - 1 and back over continuation
 * bytes; 0 when i <= 1. */
size_t utf8_back(const char *s, size_t i);

/* The longest prefix of the len bytes at s that is at most max bytes and ends at a boundary:
 * len when len <= max, else the boundary at or before max. For cutting text to a buffer. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* The number of characters (boundaries before the end) in the len bytes at s. */
size_t utf8_count(const char *s, size_t len);

#endif
