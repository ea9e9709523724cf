/* shader.c - reading data files and building GL programs with a prelude of #defines injected
 * after the #version line (how one field shader is specialized per landscape without per-pixel
 * branching).
 */
#include "render/shader.h"
#include "render/glplat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/datadir.h"

char *asset_read_file(const char *dir, const char *rel, size_t *size, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return NULL;
    }
    char *data = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        data = malloc((size_t)n + 1);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
        snprintf(err, errlen, "cannot read %s", path);
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    data[n] = '\0';
    if (size)
        *size = (size_t)n;
    return data;
}

static GLuint shader_compile(const char *dir, const char *name, GLenum type, const char *prelude,
                             char *err, size_t errlen)
{
    char rel[256];
    snprintf(rel, sizeof rel, "shaders/%s", name);
    char *src = asset_read_file(dir, rel, NULL, err, errlen);
    if (!src)
        return 0;
    static const char version[] = "#version 330 core";
    if (strncmp(src, version, sizeof version - 1) != 0) {
        snprintf(err, errlen, "%s: must start with '%s'", rel, version);
        free(src);
        return 0;
    }
    /* Split after the first line: the platform's version line (glplat.h), prelude, #line to
     * keep the log's numbers right. */
    char *nl = strchr(src, '\n');
    const char *rest = nl ? nl + 1 : "";
    const char *parts[4] = {glplat_glsl_header(), "\n", prelude ? prelude : "", "\n#line 2\n"};
    const char *srcs[5] = {parts[0], parts[1], parts[2], parts[3], rest};
    GLuint sh = glCreateShader(type);
    glShaderSource(sh, 5, srcs, NULL);
    glCompileShader(sh);
    free(src);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = "";
        glGetShaderInfoLog(sh, sizeof log, NULL, log);
        log[strcspn(log, "\n")] = '\0';
        snprintf(err, errlen, "%s: %s", rel, log);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

bool shader_build(const char *dir, const char *vs, const char *fs, const char *prelude,
                  const char *const *names, int n_uniforms, GLint *locs, GLuint *program,
                  char *err, size_t errlen)
{
    GLuint v = shader_compile(dir, vs, GL_VERTEX_SHADER, prelude, err, errlen);
    if (!v)
        return false;
    GLuint f = shader_compile(dir, fs, GL_FRAGMENT_SHADER, prelude, err, errlen);
    if (!f) {
        glDeleteShader(v);
        return false;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, v);
    glAttachShader(p, f);
    glLinkProgram(p);
    glDeleteShader(v);
    glDeleteShader(f);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024] = "";
        glGetProgramInfoLog(p, sizeof log, NULL, log);
        log[strcspn(log, "\n")] = '\0';
        snprintf(err, errlen, "linking %s + %s: %s", vs, fs, log);
        glDeleteProgram(p);
        return false;
    }
    for (int i = 0; i < n_uniforms; i++)
        locs[i] = glGetUniformLocation(p, names[i]);
    *program = p;
    return true;
}
