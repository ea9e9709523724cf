/* utf8.h - decoding UTF-8 text into code points, for the two text renderers. libc only. */
#ifndef LOSSLENS_UTF8_H
#define LOSSLENS_UTF8_H

/* Decodes the code point at *s and advances *s past it. A malformed sequence decodes as
 * U+FFFD and advances one byte, so every input makes progress. *s must not be at the
 * terminating NUL. */
unsigned utf8_next(const char **s);

#endif
