/* synth_input.c - see synth_input.h. */
#include "synth_input.h"

#include <math.h>

static Uint32 synth_window(void)
{
    return SDL_GetWindowID(SDL_GL_GetCurrentWindow());
}

void synth_motion(float ratio, float x, float y)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = synth_window();
    e.motion.x = (int)lroundf(x / ratio);
    e.motion.y = (int)lroundf(y / ratio);
    SDL_PushEvent(&e);
}

void synth_button(float ratio, bool down, Uint8 button, float x, float y)
{
    SDL_Event e = {0};
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = synth_window();
    e.button.button = button;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = (int)lroundf(x / ratio);
    e.button.y = (int)lroundf(y / ratio);
    SDL_PushEvent(&e);
}

void synth_wheel(float clicks)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEWHEEL;
    e.wheel.windowID = synth_window();
    e.wheel.y = (Sint32)lroundf(clicks);
    e.wheel.preciseY = clicks;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    SDL_PushEvent(&e);
}

void synth_key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.windowID = synth_window();
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
}
