/* palette.h - the runs' colors: Okabe-Ito, colorblind-safe, without black (it vanishes on
 * viridis' dark end), most distinct first. One table for the plot, the legend and the
 * panel's swatches. libc only. */
#ifndef LOSSLENS_PALETTE_H
#define LOSSLENS_PALETTE_H

enum { PALETTE_SIZE = 7 };

/* The color of run i (any int; wraps around) as 0..255 RGB. */
void palette_run_rgb(int i, unsigned char rgb[3]);

#endif
