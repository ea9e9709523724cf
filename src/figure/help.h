/* help.h - the help overlay (H): every row of the key table (lecture/keymap.h, which --help
 * prints too), drawn centred over everything. */
#ifndef LOSSLENS_HELP_H
#define LOSSLENS_HELP_H

#include "figure/canvas.h"

/* Draws the overlay through c onto its fb_w x fb_h target: a dimmed screen and a
 * box with the table, centred. */
void help_draw(Canvas *c, int fb_w, int fb_h);

#endif
