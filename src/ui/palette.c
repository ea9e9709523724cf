/* palette.c - the Okabe-Ito run colors. */
#include "ui/palette.h"

static const unsigned char PALETTE[PALETTE_SIZE][3] = {
    { 0xE6, 0x9F, 0x00 }, /* orange */
    { 0x56, 0xB4, 0xE9 }, /* sky blue */
    { 0xCC, 0x79, 0xA7 }, /* reddish purple */
    { 0xF0, 0xE4, 0x42 }, /* yellow */
    { 0x00, 0x9E, 0x73 }, /* bluish green */
    { 0xD5, 0x5E, 0x00 }, /* vermillion */
    { 0x00, 0x72, 0xB2 }, /* blue */
};

void palette_run_rgb(int i, unsigned char rgb[3])
{
    const unsigned char *c = PALETTE[(i % PALETTE_SIZE + PALETTE_SIZE) % PALETTE_SIZE];
    rgb[0] = c[0];
    rgb[1] = c[1];
    rgb[2] = c[2];
}
