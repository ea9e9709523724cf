/* synth_input.h - synthetic SDL input for the window's tests and benchmarks: events pushed
 * onto SDL's queue as the user's hand would make them, read by the next app_window_frame.
 * Positions are drawable pixels; ratio is the drawable's pixels per window point
 * (app_window_pixel_ratio). */
#ifndef LOSSLENS_SYNTH_INPUT_H
#define LOSSLENS_SYNTH_INPUT_H

#include <stdbool.h>

#include <SDL.h>

void synth_motion(float ratio, float x, float y);
void synth_button(float ratio, bool down, Uint8 button, float x, float y);
/* A wheel turned by `clicks` (positive: away from the user), at the pointer's position. */
void synth_wheel(float clicks);
void synth_key(SDL_Keycode sym, Uint16 mod);

#endif
