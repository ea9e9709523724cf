/* webgl/epoxy/gl.h - the web build's stand-in for libepoxy's header: on the include path of
 * the web build only (meson.build), so the renderer's `#include <epoxy/gl.h>` finds the
 * OpenGL ES 3.0 API that emscripten maps onto WebGL 2. There is nothing to load at run time.
 */
#ifndef LOSSLENS_WEBGL_EPOXY_GL_H
#define LOSSLENS_WEBGL_EPOXY_GL_H

#include <GLES3/gl3.h>

#endif
