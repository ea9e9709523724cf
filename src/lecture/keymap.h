/* keymap.h - every key and mouse gesture of the window in one table: the window dispatches
 * keys through it, and the help overlay (H) and --help list its rows. Display-free: a key is
 * a printable ASCII character (itself, lower case for letters) or a KEY_* code below, with
 * KEY_MOD_* flags; the window maps SDL's keycodes onto these. */
#ifndef LOSSLENS_KEYMAP_H
#define LOSSLENS_KEYMAP_H

/* Keys that are no printable character; printable ASCII (0x20 to 0x7E) is the character. */
typedef enum {
    KEY_NONE = 0,
    KEY_RIGHT = 0x100,
    KEY_LEFT,
    KEY_UP,
    KEY_DOWN,
    KEY_PAGE_UP,
    KEY_PAGE_DOWN,
    KEY_HOME,
    KEY_TAB,
} KeyCode;

enum {
    KEY_MOD_NONE = 0,
    KEY_MOD_SHIFT = 1 << 0,
    KEY_MOD_CTRL = 1 << 1,
    KEY_MOD_ALT = 1 << 2,
    KEY_MOD_GUI = 1 << 3, /* the system key: Windows, Command */
};

/* What the lecturer can do from the keyboard. */
typedef enum {
    KEY_ACTION_NONE,         /* an unbound key; the unused chords of a row */
    KEY_ACTION_PLAY,         /* play / pause (at the end: from the start again) */
    KEY_ACTION_STEP_FORWARD, /* one step, stopping the clock */
    KEY_ACTION_STEP_BACK,
    KEY_ACTION_RESTART,      /* back to step 0 */
    KEY_ACTION_SLIDE_NEXT,   /* the next / previous scene of the directory */
    KEY_ACTION_SLIDE_PREV,
    KEY_ACTION_ZOOM_IN,      /* about the selected pane's centre */
    KEY_ACTION_ZOOM_OUT,
    KEY_ACTION_PAN_UP,       /* the view moves up (the picture down) by a tenth */
    KEY_ACTION_PAN_DOWN,
    KEY_ACTION_PAN_LEFT,
    KEY_ACTION_PAN_RIGHT,
    KEY_ACTION_RESET_VIEW,   /* fit the selected pane's view again */
    KEY_ACTION_LEVELS_FEWER, /* contour levels, two at a time */
    KEY_ACTION_LEVELS_MORE,
    KEY_ACTION_LANDSCAPE,    /* landscape n of the selected pane: n is the key's range index */
    KEY_ACTION_PANEL,        /* show / hide the control panel */
    KEY_ACTION_LEGEND,       /* legends: placed, compact, off (SceneDesc.legend) */
    KEY_ACTION_READOUT,      /* the hover readout on / off */
    KEY_ACTION_BASINS,       /* the basins overlay on / off (OVERLAY_BASINS) */
    KEY_ACTION_SWEEP,        /* the sweep pane on / off (OVERLAY_SWEEP) */
    KEY_ACTION_PRESENTER,
    KEY_ACTION_FULLSCREEN,
    KEY_ACTION_SCREENSHOT,
    KEY_ACTION_GIF,
    KEY_ACTION_CSV,
    KEY_ACTION_SAVE_SCENE,
    KEY_ACTION_HELP,
    KEY_ACTION_QUIT,
    KEY_ACTION_SURFACE,      /* the selected pane: contours <-> the surface in 3D */
    KEY_ACTION_HEIGHT,       /* the surface's height: symmetric-log <-> linear in L */
    KEY_ACTION_COUNT
} KeyAction;

/* One key, or a range of keys, with the modifiers held, and what it does. */
typedef struct {
    int key;          /* KeyCode or printable character; KEY_NONE: an unused slot */
    int last;         /* a range key..last ('1'..'9'); 0: key alone */
    unsigned mods;    /* KEY_MOD_* (see keymap_lookup for Shift) */
    KeyAction action;
} KeyChord;

enum { KEYMAP_MAX_CHORDS = 4 };

/* One row of the table as the help lists it. A row without chords documents a mouse
 * gesture, which the window handles itself. */
typedef struct {
    const char *keys; /* as shown, UTF-8: "Space", "PageDown  PageUp", "Ctrl+S" */
    const char *desc; /* what it does: "play / pause" */
    KeyChord chords[KEYMAP_MAX_CHORDS];
} KeyBinding;

/* The table, in the order shown; returns its length. */
int keymap_bindings(const KeyBinding **out);

/* The action of key (a KeyCode or printable character) with the KEY_MOD_* flags mods: the
 * chord that names exactly these modifiers; failing that, with Shift held, the chord without
 * Shift (Shift+R restarts like R, while Shift+Right has a chord of its own). Ctrl, Alt and
 * GUI are never ignored: Ctrl+R is unbound. *index (if not NULL) receives the key's place in
 * a range chord (2 for '3' of '1'..'9'), else 0. KEY_ACTION_NONE when nothing is bound. */
KeyAction keymap_lookup(int key, unsigned mods, int *index);

#endif
