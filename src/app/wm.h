/* wm.h - the window's size as the display server has it.
 *
 * SDL takes a fullscreen request as done and reports the display's size at once; without a
 * window manager to carry it out (a bare X server, Xvfb) the window keeps its size, and a
 * frame laid out for the reported size would be cut off. */
#ifndef LOSSLENS_WM_H
#define LOSSLENS_WM_H

#include <stdbool.h>

#include <SDL.h>

/* The window's real size in window coordinates into *w, *h, where the display server can be
 * asked (X11); false elsewhere (Wayland, other systems), where SDL's own size stands. */
bool wm_real_size(SDL_Window *win, int *w, int *h);

#endif
