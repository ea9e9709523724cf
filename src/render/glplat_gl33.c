/* glplat_gl33.c - the desktop's OpenGL: a 3.3 core context through libepoxy, GLSL 330 as the
 * shader files are written, and the glyph atlas as one R8 channel swizzled to (1, 1, 1, R).
 */
#include "render/glplat.h"

#include <string.h>

#include <SDL.h>
#include <SDL_syswm.h>
#include <epoxy/gl.h>
#include <epoxy/glx.h>

const char GLPLAT_CONTEXT_NAME[] = "OpenGL 3.3 core profile";

void glplat_request_context(void)
{
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
}

bool glplat_context_ok(void)
{
    return epoxy_gl_version() >= 33;
}

const char *glplat_glsl_header(void)
{
    return "#version 330 core";
}

void glplat_coverage_image(int size, const unsigned char *cov)
{
    static const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, size, size, 0, GL_RED, GL_UNSIGNED_BYTE, cov);
    glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
}

void glplat_coverage_sub_image(int x, int y, int w, int h, const unsigned char *cov)
{
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, x, y, w, h, GL_RED, GL_UNSIGNED_BYTE, cov);
}

const GLenum GLPLAT_TARGET_FORMAT = GL_BGRA;

void glplat_color_target_image(int w, int h)
{
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GLPLAT_TARGET_FORMAT, GL_UNSIGNED_BYTE, NULL);
}

const char GLPLAT_FP64_EXTENSION[] = "#extension GL_ARB_gpu_shader_fp64 : enable";

bool glplat_fp64(void)
{
    return epoxy_gl_version() >= 40 || epoxy_has_gl_extension("GL_ARB_gpu_shader_fp64");
}

void glplat_uniform_double(GLint loc, int comps, int n, const double *v)
{
    if (comps == 2)
        glUniform2dv(loc, n, v);
    else
        glUniform1dv(loc, n, v);
}

/* Software rasterizers, where every pixel drawn costs CPU (Mesa's llvmpipe, softpipe). */
static bool glplat_software(void)
{
    const char *renderer = (const char *)glGetString(GL_RENDERER);
    return renderer && (strstr(renderer, "llvmpipe") || strstr(renderer, "softpipe") ||
                        strstr(renderer, "Software Rasterizer"));
}

/* win's X display and window when SDL draws it through GLX (its X11 driver, EGL not forced),
 * from SDL's own record of them (glXGetCurrentDisplay through libepoxy was seen to answer
 * NULL now and then right after SDL made the context current). */
static bool glplat_glx_window(SDL_Window *win, Display **dpy, Window *xwin)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!win || !SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11 ||
        SDL_GetHintBoolean(SDL_HINT_VIDEO_X11_FORCE_EGL, SDL_FALSE))
        return false;
    *dpy = info.info.x11.display;
    *xwin = info.info.x11.window;
    return *dpy != NULL && *xwin != 0;
}

bool glplat_partial_present(SDL_Window *win)
{
    Display *dpy;
    Window xwin;
    return glplat_glx_window(win, &dpy, &xwin) && glplat_software() &&
           epoxy_has_glx_extension(dpy, DefaultScreen(dpy), "GLX_MESA_copy_sub_buffer");
}

void glplat_drawable_size(SDL_Window *win, int *w, int *h)
{
    unsigned width = 0, height = 0;
    Display *dpy;
    Window xwin;
    if (glplat_glx_window(win, &dpy, &xwin)) {
        glXQueryDrawable(dpy, xwin, GLX_WIDTH, &width);
        glXQueryDrawable(dpy, xwin, GLX_HEIGHT, &height);
    }
    *w = (int)width;
    *h = (int)height;
}

void glplat_present_box(SDL_Window *win, int x, int y, int w, int h)
{
    Display *dpy;
    Window xwin;
    if (glplat_glx_window(win, &dpy, &xwin))
        glXCopySubBufferMESA(dpy, xwin, x, y, w, h);
}
