/* glplat_webgl2.c - the web page's WebGL 2 (OpenGL ES 3.0 under emscripten): GLSL ES 3.00
 * with default precisions, and, as WebGL has no texture swizzle, the glyph atlas as RGBA8
 * texels (255, 255, 255, coverage), expanded here on upload.
 */
#include "render/glplat.h"

#include <assert.h>
#include <stdlib.h>

#include <SDL.h>
#include <epoxy/gl.h>

const char GLPLAT_CONTEXT_NAME[] = "WebGL 2";

void glplat_request_context(void)
{
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
}

bool glplat_context_ok(void)
{
    return true; /* emscripten made a WebGL 2 context or none (MIN_WEBGL_VERSION=2) */
}

const char *glplat_glsl_header(void)
{
    return "#version 300 es\n"
           "precision highp float;\n"
           "precision highp int;\n"
           "precision highp sampler2D;";
}

/* cov as white RGBA texels in a malloc'ed block, or NULL without memory. */
static unsigned char *glplat_expand(size_t n, const unsigned char *cov)
{
    unsigned char *rgba = malloc(n * 4);
    for (size_t i = 0; rgba && i < n; i++) {
        rgba[4 * i + 0] = rgba[4 * i + 1] = rgba[4 * i + 2] = 255;
        rgba[4 * i + 3] = cov ? cov[i] : 0;
    }
    return rgba;
}

void glplat_coverage_image(int size, const unsigned char *cov)
{
    unsigned char *rgba = glplat_expand((size_t)size * (size_t)size, cov);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    free(rgba);
}

const GLenum GLPLAT_TARGET_FORMAT = GL_RGBA;

void glplat_color_target_image(int w, int h)
{
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GLPLAT_TARGET_FORMAT, GL_UNSIGNED_BYTE,
                 NULL);
}

void glplat_coverage_sub_image(int x, int y, int w, int h, const unsigned char *cov)
{
    unsigned char *rgba = glplat_expand((size_t)w * (size_t)h, cov);
    if (!rgba)
        return;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    free(rgba);
}

const char GLPLAT_FP64_EXTENSION[] = "";

bool glplat_fp64(void)
{
    return false; /* WebGL 2 has no double in shaders */
}

void glplat_uniform_double(GLint loc, int comps, int n, const double *v)
{
    (void)loc, (void)comps, (void)n, (void)v;
    assert(0 && "no double uniforms on WebGL 2 (glplat_fp64 is false)");
}

bool glplat_partial_present(SDL_Window *win)
{
    (void)win;
    return false; /* the browser composites whole canvases */
}

void glplat_drawable_size(SDL_Window *win, int *w, int *h)
{
    (void)win;
    *w = *h = 0;
}

void glplat_present_box(SDL_Window *win, int x, int y, int w, int h)
{
    (void)win, (void)x, (void)y, (void)w, (void)h;
    assert(0 && "no partial present on WebGL 2 (glplat_partial_present is false)");
}
