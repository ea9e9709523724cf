/* glplat.h - what differs between the OpenGL the desktop program draws with (3.3 core through
 * libepoxy) and the web page's WebGL 2 (OpenGL ES 3.0): the context asked of SDL, the GLSL
 * version line, and how the glyph atlas holds coverage. One implementation per platform
 * (glplat_gl33.c, glplat_webgl2.c); meson builds the one of the host it compiles for.
 */
#ifndef LOSSLENS_GLPLAT_H
#define LOSSLENS_GLPLAT_H

#include <stdbool.h>

#include <SDL.h>
#include <epoxy/gl.h>

/* What glwin asks for and names when it is missing, e.g. "OpenGL 3.3 core profile". */
extern const char GLPLAT_CONTEXT_NAME[];

/* Sets SDL's GL attributes (version, profile) for the next SDL_GL_CreateContext. */
void glplat_request_context(void);

/* Whether the current context is the one asked for. */
bool glplat_context_ok(void);

/* What replaces each shader file's first line (`#version 330 core`): the version line, and on
 * OpenGL ES the default precisions. No trailing newline. */
const char *glplat_glsl_header(void);

/* (Re)defines the bound GL_TEXTURE_2D as a size x size coverage texture from cov (size * size
 * bytes, rows packed): sampled, it gives white RGB with alpha = coverage. */
void glplat_coverage_image(int size, const unsigned char *cov);

/* Replaces the w x h block at (x, y) of that texture with cov (w * h bytes, rows packed). */
void glplat_coverage_sub_image(int x, int y, int w, int h, const unsigned char *cov);

/* (Re)defines the bound GL_TEXTURE_2D as a w x h 8-bit RGBA colour target (contents undefined),
 * laid out as the window's buffer is where that can be asked for. On the desktop: the unsized
 * GL_RGBA with GL_BGRA data, for which Mesa picks its B8G8R8A8 layout (a sized GL_RGBA8 gets
 * R8G8B8A8), the window's own, so that llvmpipe copies a target to the window with a memcpy
 * rather than a shader pass (1 ms rather than 4-5 at 1920x1080); see RenderTarget.top_down
 * for the other half. */
void glplat_color_target_image(int w, int h);
/* The pixel format (with GL_UNSIGNED_BYTE) such a target holds as it is: GL_BGRA on the
 * desktop, GL_RGBA on WebGL 2. Pixels uploaded in it are copied without a conversion. */
extern const GLenum GLPLAT_TARGET_FORMAT;

/* Whether shaders may compute in double: GL_ARB_gpu_shader_fp64 (or GL 4.0) on the desktop
 * when the driver has it (Mesa's llvmpipe does); never on WebGL 2. The basin map's shader
 * needs it (render/basin_gl.h). */
bool glplat_fp64(void);
/* The line a shader's prelude starts with to compute in double (glplat_fp64 true). */
extern const char GLPLAT_FP64_EXTENSION[];
/* glUniform1dv / glUniform2dv (comps 1 or 2) of n values of the bound program, where
 * glplat_fp64 is true. */
void glplat_uniform_double(GLint loc, int comps, int n, const double *v);

/* Whether win's frames may be shown a part at a time (glplat_present_box) instead of swapped
 * whole: on X11 with GLX_MESA_copy_sub_buffer, when the context renders in software (Mesa's
 * llvmpipe), where every pixel drawn costs CPU and a frame that redraws only what changed
 * pays. On a GPU, or where the extension is missing (Wayland, WebGL), frames are swapped
 * whole (with the swap interval's pacing). */
bool glplat_partial_present(SDL_Window *win);
/* Shows the w x h box at GL pixel (x, y) (bottom-left origin) of win's back buffer; the
 * back buffer keeps its pixels (no swap). Only where glplat_partial_present(win). */
void glplat_present_box(SDL_Window *win, int x, int y, int w, int h);
/* win's size as the window system has it now (0 x 0 when unknown), where
 * glplat_partial_present(win): the back buffer follows it only at a swap. */
void glplat_drawable_size(SDL_Window *win, int *w, int *h);

#endif
