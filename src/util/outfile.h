/* outfile.h - writing an output file so that a failure never leaves a partial or truncated
 * file: the data goes to a temporary name beside the destination (same directory, so the
 * final rename is atomic) and replaces it only when everything was written. libc only. */
#ifndef LOSSLENS_OUTFILE_H
#define LOSSLENS_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *f;        /* write here between open and commit/abort */
    const char *path;
    char tmp[4096];
    bool to_stdout; /* path "-": f is stdout, nothing is renamed */
} OutFile;

/* Opens a temporary file beside path (or stdout for "-" when allow_stdout). On failure
 * returns false with "cannot write 'PATH': reason" in err. */
bool outfile_open(OutFile *o, const char *path, bool allow_stdout, char *err, size_t errlen);
/* Closes and renames onto path (mode 0644). On any write or rename failure removes the
 * temporary file and returns false with a message. */
bool outfile_commit(OutFile *o, char *err, size_t errlen);
/* Closes and removes the temporary file. */
void outfile_abort(OutFile *o);

#endif
