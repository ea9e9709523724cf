/* gl_test.h - what every GL test program needs first: SDL video and a hidden window with an
 * OpenGL 3.3 core context (current on return). Include after test.h; the program links the
 * renderer. */
#ifndef LOSSLENS_GL_TEST_H
#define LOSSLENS_GL_TEST_H

#include <SDL.h>

#include "render/glwin.h"

/* false with the reason in err when there is no display or no OpenGL 3.3; then
 * `return test_no_gl(prog, err);`. */
static inline bool test_gl_open(const char *prog, GlWindow *gw, char *err, size_t errlen)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "SDL video: %s", SDL_GetError());
        return false;
    }
    return glwin_open(prog, 64, 64, SDL_WINDOW_HIDDEN, gw, err, errlen);
}

#endif
