/* outfile.h - writing an output file to the path the user named, never replacing what is not
 * a file of ours: a regular file (or a path that does not exist yet) gets its data through a
 * temporary name beside it (same directory, so the final rename is atomic) and keeps its
 * mode; a symbolic link is followed and its target written (the link stays); FIFOs, character
 * devices and /dev/stdout (/proc/self/fd, /dev/fd) are written directly; a read-only file,
 * a directory, a block device or a socket is refused. A pending temporary file is removed if
 * the program is interrupted (SIGINT, SIGTERM) or hits the file-size limit (SIGXFSZ). libc. */
#ifndef LOSSLENS_OUTFILE_H
#define LOSSLENS_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* How outfile_open writes to the path. */
typedef enum {
    OUTFILE_STDOUT,  /* path "-": f is stdout */
    OUTFILE_RENAME,  /* temporary file, renamed over the target on commit */
    OUTFILE_COPY,    /* temporary file, copied into the target on commit (a file with other
                        hard links, or in a directory we cannot create files in) */
    OUTFILE_DIRECT,  /* f writes the target itself (FIFO, character device, /dev/stdout) */
} OutFileMode;

enum { OUTFILE_PATH_MAX = 4096 };

typedef struct {
    FILE *f;        /* write here between open and commit/abort */
    const char *path;                /* as the caller named it (messages) */
    char target[OUTFILE_PATH_MAX];   /* the path after following symbolic links */
    char tmp[OUTFILE_PATH_MAX];      /* the temporary file (RENAME and COPY) */
    OutFileMode mode;
    int slot;       /* registry slot of tmp for the signal handler, -1 if none */
} OutFile;

/* Opens path for writing as described above (stdout for "-" when allow_stdout). On failure
 * returns false with "cannot write 'PATH': reason" in err and leaves nothing behind. */
bool outfile_open(OutFile *o, const char *path, bool allow_stdout, char *err, size_t errlen);
/* Finishes the write: RENAME renames onto the target (its old mode and owner kept), COPY
 * copies into it, DIRECT and STDOUT flush. On any failure removes the temporary file and
 * returns false with a message. */
bool outfile_commit(OutFile *o, char *err, size_t errlen);
/* Closes and removes the temporary file (DIRECT: closes; what was written stays). */
void outfile_abort(OutFile *o);

/* True when out names the same existing file as in (following links), so that writing it
 * would destroy the input; "-" and paths that do not exist are never the same. */
bool outfile_same_file(const char *out, const char *in);

#endif
