/* glwin.h - an SDL window with a current OpenGL >= 3.3 core context, loaded through libepoxy.
 * Used by the window, the PNG export (hidden window) and the GL tests and benchmarks.
 */
#ifndef LOSSLENS_GLWIN_H
#define LOSSLENS_GLWIN_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

typedef struct {
    SDL_Window *win;
    SDL_GLContext ctx;
} GlWindow;

/* Opens a w x h window (flags are added to SDL_WINDOW_OPENGL; SDL_WINDOW_HIDDEN for offscreen
 * work) and makes a 3.3 core context current. SDL video must be initialized. On failure
 * returns false with err naming what was found, e.g. "OpenGL 3.3 core profile required; found
 * '2.1 Mesa 22.3.6'", and leaves nothing open. */
bool glwin_open(const char *title, int w, int h, Uint32 flags, GlWindow *out, char *err,
                size_t errlen);
void glwin_close(GlWindow *g);

#endif
