/* keymap.c - the window's key and mouse table, written once: input.c dispatches on its
 * chords, the help overlay draws its rows and --help prints them. A key's row says what the
 * lecturer sees ("PageDown  PageUp"), its chords what the window does. */
#include "lecture/keymap.h"

#include <stddef.h>

#define ARROW_L "\xe2\x86\x90"
#define ARROW_R "\xe2\x86\x92"
#define ARROW_U "\xe2\x86\x91"
#define ARROW_D "\xe2\x86\x93"
#define MINUS "\xe2\x88\x92"
#define DASH "\xe2\x80\x93"

static const KeyBinding KEYMAP[] = {
    {"Space", "play / pause", {{' ', 0, KEY_MOD_NONE, KEY_ACTION_PLAY}}},
    {ARROW_R, "one step forward", {{KEY_RIGHT, 0, KEY_MOD_NONE, KEY_ACTION_STEP_FORWARD}}},
    {ARROW_L, "one step back", {{KEY_LEFT, 0, KEY_MOD_NONE, KEY_ACTION_STEP_BACK}}},
    {"R", "reset: back to step 0", {{'r', 0, KEY_MOD_NONE, KEY_ACTION_RESTART}}},
    {"PageDown  PageUp", "next / previous scene",
     {{KEY_PAGE_DOWN, 0, KEY_MOD_NONE, KEY_ACTION_SLIDE_NEXT},
      {KEY_PAGE_UP, 0, KEY_MOD_NONE, KEY_ACTION_SLIDE_PREV}}},
    {"Left click", "start the runs from there (every pane when linked)", {{0}}},
    {"Drag the start marker", "move the start point: the runs follow live", {{0}}},
    {"Right or middle drag", "pan", {{0}}},
    {"Wheel", "zoom about the cursor", {{0}}},
    {"+  " MINUS, "zoom in / out",
     {{'=', 0, KEY_MOD_NONE, KEY_ACTION_ZOOM_IN},
      {'+', 0, KEY_MOD_NONE, KEY_ACTION_ZOOM_IN},
      {'-', 0, KEY_MOD_NONE, KEY_ACTION_ZOOM_OUT}}},
    {ARROW_U " " ARROW_D "  Shift+" ARROW_L " " ARROW_R, "pan",
     {{KEY_UP, 0, KEY_MOD_NONE, KEY_ACTION_PAN_UP},
      {KEY_DOWN, 0, KEY_MOD_NONE, KEY_ACTION_PAN_DOWN},
      {KEY_LEFT, 0, KEY_MOD_SHIFT, KEY_ACTION_PAN_LEFT},
      {KEY_RIGHT, 0, KEY_MOD_SHIFT, KEY_ACTION_PAN_RIGHT}}},
    {"Home  0", "fit the view again",
     {{KEY_HOME, 0, KEY_MOD_NONE, KEY_ACTION_RESET_VIEW},
      {'0', 0, KEY_MOD_NONE, KEY_ACTION_RESET_VIEW}}},
    {"[  ]", "fewer / more contour levels",
     {{'[', 0, KEY_MOD_NONE, KEY_ACTION_LEVELS_FEWER},
      {']', 0, KEY_MOD_NONE, KEY_ACTION_LEVELS_MORE}}},
    {"1 " DASH " 9", "landscape of the selected pane",
     {{'1', '9', KEY_MOD_NONE, KEY_ACTION_LANDSCAPE}}},
    {"Tab", "show / hide the control panel", {{KEY_TAB, 0, KEY_MOD_NONE, KEY_ACTION_PANEL}}},
    {"L", "legends: placed clear of the paths, compact, off",
     {{'l', 0, KEY_MOD_NONE, KEY_ACTION_LEGEND}}},
    {"I", "the readout under the cursor on / off", {{'i', 0, KEY_MOD_NONE, KEY_ACTION_READOUT}}},
    {"B", "basins: where every start ends under the selected run, on / off",
     {{'b', 0, KEY_MOD_NONE, KEY_ACTION_BASINS}}},
    {"W", "sweep: the selected run over \xce\xb1 and \xce\xbc (\xce\xb2, \xce\xb2\xe2\x82\x81); "
          "a click on a cell takes its values",
     {{'w', 0, KEY_MOD_NONE, KEY_ACTION_SWEEP}}},
    {"P", "presenter mode on / off", {{'p', 0, KEY_MOD_NONE, KEY_ACTION_PRESENTER}}},
    {"F", "fullscreen on / off", {{'f', 0, KEY_MOD_NONE, KEY_ACTION_FULLSCREEN}}},
    {"S", "screenshot: a PNG (Pictures, or the terminal's folder)",
     {{'s', 0, KEY_MOD_NONE, KEY_ACTION_SCREENSHOT}}},
    {"G", "animated GIF from step 0 (Pictures, or the terminal's folder)",
     {{'g', 0, KEY_MOD_NONE, KEY_ACTION_GIF}}},
    {"C", "CSV of every trajectory shown (Documents, or the terminal's folder)",
     {{'c', 0, KEY_MOD_NONE, KEY_ACTION_CSV}}},
    {"Ctrl+S", "save the state as a scene file (Documents, or the terminal's folder)",
     {{'s', 0, KEY_MOD_CTRL, KEY_ACTION_SAVE_SCENE}}},
    {"V", "the selected pane: contours / the surface in 3D (left drag orbits, right drag "
          "pans, wheel zooms, Home resets)",
     {{'v', 0, KEY_MOD_NONE, KEY_ACTION_SURFACE}}},
    {"Shift+V", "the surface's height: log scale (as the colors) / linear in L",
     {{'v', 0, KEY_MOD_SHIFT, KEY_ACTION_HEIGHT}}},
    {"H", "help (Esc closes it)", {{'h', 0, KEY_MOD_NONE, KEY_ACTION_HELP}}},
    {"Q", "quit", {{'q', 0, KEY_MOD_NONE, KEY_ACTION_QUIT}}},
};

int keymap_bindings(const KeyBinding **out)
{
    *out = KEYMAP;
    return (int)(sizeof KEYMAP / sizeof KEYMAP[0]);
}

/* The chord for exactly key and mods, or NULL. */
static const KeyChord *keymap_find(int key, unsigned mods)
{
    for (size_t i = 0; i < sizeof KEYMAP / sizeof KEYMAP[0]; i++) {
        for (int k = 0; k < KEYMAP_MAX_CHORDS; k++) {
            const KeyChord *c = &KEYMAP[i].chords[k];
            int last = c->last ? c->last : c->key;
            if (c->key != KEY_NONE && c->key <= key && key <= last && c->mods == mods)
                return c;
        }
    }
    return NULL;
}

KeyAction keymap_lookup(int key, unsigned mods, int *index)
{
    const KeyChord *c = key == KEY_NONE ? NULL : keymap_find(key, mods);
    if (!c && (mods & KEY_MOD_SHIFT))
        c = keymap_find(key, mods & ~(unsigned)KEY_MOD_SHIFT);
    if (index)
        *index = c ? key - c->key : 0;
    return c ? c->action : KEY_ACTION_NONE;
}
