/* glwin.c - opening an SDL window with an OpenGL 3.3 core context; when there is none, one
 * line that says which version the system does offer.
 */
#include "render/glwin.h"
#include "render/glplat.h"

#include <stdio.h>

#include <epoxy/gl.h>

bool glwin_open(const char *title, int w, int h, Uint32 flags, GlWindow *out, char *err,
                size_t errlen)
{
    SDL_Window **win = &out->win;
    SDL_GLContext *ctx = &out->ctx;
    SDL_GL_ResetAttributes();
    glplat_request_context();
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    *win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                            SDL_WINDOW_OPENGL | flags);
    if (!*win) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    *ctx = SDL_GL_CreateContext(*win);
    if (*ctx && glplat_context_ok())
        return true;
    /* Say what there is: ask for any context and report its version string. */
    char found[256] = "no OpenGL context at all";
    if (*ctx) {
        snprintf(found, sizeof found, "'%s'", (const char *)glGetString(GL_VERSION));
        SDL_GL_DeleteContext(*ctx);
    } else {
        SDL_GL_ResetAttributes();
        SDL_GLContext any = SDL_GL_CreateContext(*win);
        if (any) {
            const char *v = (const char *)glGetString(GL_VERSION);
            snprintf(found, sizeof found, "'%s'", v ? v : "?");
            SDL_GL_DeleteContext(any);
        } else {
            snprintf(found, sizeof found, "no OpenGL context (%s)", SDL_GetError());
        }
    }
    snprintf(err, errlen, "%s required; found %s", GLPLAT_CONTEXT_NAME, found);
    SDL_DestroyWindow(*win);
    *win = NULL;
    *ctx = NULL;
    return false;
}

void glwin_close(GlWindow *g)
{
    if (g->ctx)
        SDL_GL_DeleteContext(g->ctx);
    if (g->win)
        SDL_DestroyWindow(g->win);
    g->ctx = NULL;
    g->win = NULL;
}
