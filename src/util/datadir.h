/* datadir.h - where the data files (shaders/, assets/) are: one lookup shared by the renderer
 * and the app, libc only (no display needed, so it is unit-tested).
 *
 * The order, first match wins:
 *   1. $LOSSLENS_DATA_DIR when set and not empty: an explicit override. When it does not hold
 *      shaders/ and assets/ the lookup fails (it never falls back silently).
 *   2. The build tree's override: a file named DATADIR_OVERRIDE_FILE beside the executable
 *      (meson writes it into the build directory and never installs it) whose first line is
 *      the source root. Same rule: present but pointing at no data is an error.
 *   3. Relative to the executable: <exe dir>/<rel>, rel being the path from bindir to
 *      datadir/losslens that meson computed ("../share/losslens"), so a relocated or DESTDIR
 *      install finds its own files.
 *   4. The compiled-in install directory (prefix/share/losslens).
 * Never the source tree by a path baked into the binary, never the working directory.
 */
#ifndef LOSSLENS_DATADIR_H
#define LOSSLENS_DATADIR_H

#include <stdbool.h>
#include <stddef.h>

/* The build tree's override file, looked up in the executable's directory. */
#define DATADIR_OVERRIDE_FILE "losslens-data-dir"

typedef enum {
    DATADIR_FROM_ENV,
    DATADIR_FROM_OVERRIDE,
    DATADIR_FROM_EXE,
    DATADIR_FROM_INSTALL,
    DATADIR_SOURCE_COUNT
} DataDirSource;

/* Everything the lookup depends on, so that a test can drive each step. NULL or "" skips
 * that step. */
typedef struct {
    const char *env;         /* the value of $LOSSLENS_DATA_DIR */
    const char *exe_path;    /* the running executable's path (steps 2 and 3) */
    const char *exe_rel;     /* path from the executable's directory to the data (step 3) */
    const char *install_dir; /* the install prefix's data directory (step 4) */
} DataDirDesc;

/* true when dir holds the directories shaders/ and assets/. */
bool datadir_has_data(const char *dir);

/* Runs the lookup over desc and writes the directory into buf (and, when source is not NULL,
 * which step found it). Returns false with a message in err when an explicit override (step
 * 1 or 2) holds no data, when none of the steps finds any, or when buf is too small; buf is
 * then "". */
bool datadir_find(const DataDirDesc *desc, char *buf, size_t len, DataDirSource *source,
                  char *err, size_t errlen);

/* datadir_find for this process: $LOSSLENS_DATA_DIR, the executable from /proc/self/exe (no
 * steps 2 and 3 where it cannot be read) and the directories meson configured. */
bool datadir_locate(char *buf, size_t len, char *err, size_t errlen);

/* <data dir>/<rel> (for instance "assets/scenes") into buf, found by datadir_locate; false
 * with a message in err as datadir_locate, or when the result does not fit. */
bool datadir_path(const char *rel, char *buf, size_t len, char *err, size_t errlen);

/* "LOSSLENS_DATA_DIR", "build-tree override", "next to the executable", "install prefix". */
const char *datadir_source_name(DataDirSource source);

#endif
