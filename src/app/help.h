/* help.h - the help overlay (H): every row of the key table (lecture/keymap.h, which --help
 * prints too), drawn centred over everything. */
#ifndef LOSSLENS_HELP_H
#define LOSSLENS_HELP_H

#include "render/render.h"

/* Draws the overlay onto the bound framebuffer of fb_w x fb_h pixels: a dimmed screen and a
 * box with the table, centred. */
void help_draw(Renderer *r, int fb_w, int fb_h);

#endif
