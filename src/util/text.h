/* text.h - fitting text to a width, for every widget and label that must not spill out of its
 * box: cut with an ellipsis, or wrapped at words. The width of text comes from a callback
 * (SDL2_ttf or the glyph atlas in the program, a fixed-width fake in tests). libc only. */
#ifndef LOSSLENS_TEXT_H
#define LOSSLENS_TEXT_H

#include <stddef.h>

/* The width of the n bytes of UTF-8 at s (not necessarily NUL-terminated); must not decrease
 * when text is appended. */
typedef float (*TextMeasure)(void *user, const char *s, size_t n);

/* Writes to out (size bytes, size > strlen(ellipsis)) the len bytes at s when they measure
 * <= maxw and fit out; else the longest prefix of whole characters, trailing spaces dropped,
 * followed by ellipsis, that measures <= maxw (the ellipsis alone when no prefix does). Never
 * splits a UTF-8 sequence. out is NUL-terminated; returns its length. */
size_t text_fit(char *out, size_t size, const char *s, size_t len, float maxw,
                const char *ellipsis, TextMeasure measure, void *user);

/* The first line of the len bytes at s wrapped to width: the longest run of whole words
 * (spaces between them kept) that measures <= width, ending early at a '\n'; a first word
 * wider than width is cut after the last character that fits (at least one character).
 * Returns the line's length in bytes, trailing spaces not counted; *next receives the offset
 * where the next line starts: after the '\n', or after the spaces where the line broke (len
 * at the end), > 0 whenever len > 0. Call again from *next until it reaches len. */
size_t text_wrap(const char *s, size_t len, float width, TextMeasure measure, void *user,
                 size_t *next);

#endif
