/* shader.h - finding data files and building GL programs from the shaders directory.
 *
 * Data files (shaders/, assets/) live under one directory, found by util/datadir.h (an
 * explicit override, the build tree's override file, beside the executable, the install
 * prefix; never the source tree by a baked-in path, never the working directory). Needs a
 * current GL 3.3 context.
 */
#ifndef LOSSLENS_SHADER_H
#define LOSSLENS_SHADER_H

#include <stdbool.h>
#include <stddef.h>

#include <epoxy/gl.h>

/* Reads dir/rel into a malloc'd NUL-terminated string (caller frees); NULL with err on failure. */
char *asset_read_file(const char *dir, const char *rel, size_t *size, char *err, size_t errlen);

/* Compiles and links dir/shaders/<vs> and dir/shaders/<fs>. `prelude` (may be NULL) is inserted
 * right after each file's first line, which must be `#version 330 core`. On success stores the
 * program and looks up the uniform names[0..n_uniforms-1] into locs (-1 when a name is unused).
 * On failure returns false with the file name and the driver's log in err and creates nothing. */
bool shader_build(const char *dir, const char *vs, const char *fs, const char *prelude,
                  const char *const *names, int n_uniforms, GLint *locs, GLuint *program,
                  char *err, size_t errlen);

#endif
