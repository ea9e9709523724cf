/* help.h - the help overlay (H): every key and mouse action of the window in one table,
 * drawn centred over everything. The same list is in --help (src/app/options.c). */
#ifndef LOSSLENS_HELP_H
#define LOSSLENS_HELP_H

#include "figure/canvas.h"

typedef struct {
    const char *keys;   /* "Space", "Shift+\u2192" */
    const char *action; /* "play / pause" */
} HelpEntry;

/* The table, in the order shown; returns its length. */
int help_entries(const HelpEntry **out);

/* Draws the overlay through c onto its fb_w x fb_h target: a dimmed screen and a
 * box with the table, centred. */
void help_draw(Canvas *c, int fb_w, int fb_h);

#endif
