/* path.h - the parts of a file path, as text: its directory and its last component. libc
 * only; nothing touches the file system. */
#ifndef LOSSLENS_PATH_H
#define LOSSLENS_PATH_H

#include <stddef.h>

/* The directory part of path into buf: "/a/b/c" -> "/a/b", "c" -> ".", "/c" -> "/". */
void path_dirname(const char *path, char *buf, size_t len);
/* The last component of path (a pointer into it): "/a/b/c" -> "c". */
const char *path_basename(const char *path);

#endif
