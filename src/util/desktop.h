/* desktop.h - the desktop's conventions for a program started from its menu: whether this
 * process was (working directory $HOME or "/", where launchers start programs), and where the
 * window's exports go then (the XDG pictures or documents directory, as `xdg-user-dir`
 * answers it); started from a terminal in a folder, they stay in that folder.
 *
 * The decisions take their inputs in a DesktopEnv (no getenv inside), so a test drives each
 * case; desktop_env_read and desktop_export_dir fill it from this process. libc only.
 */
#ifndef LOSSLENS_DESKTOP_H
#define LOSSLENS_DESKTOP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    DESKTOP_DIR_PICTURES,  /* XDG_PICTURES_DIR, else $HOME/Pictures: PNG, GIF */
    DESKTOP_DIR_DOCUMENTS, /* XDG_DOCUMENTS_DIR, else $HOME/Documents: CSV, scene files */
    DESKTOP_DIR_COUNT
} DesktopDirKind;

/* What the decisions depend on. NULL or "" means unknown / unset. */
typedef struct {
    const char *cwd;       /* the working directory, absolute and resolved (getcwd) */
    const char *home;      /* $HOME, resolved */
    const char *user_dirs; /* the text of $XDG_CONFIG_HOME/user-dirs.dirs (XDG_CONFIG_HOME
                              defaulting to $HOME/.config), NULL when there is none */
    bool stderr_tty;       /* stderr is a terminal */
    bool display;          /* $DISPLAY or $WAYLAND_DISPLAY is set */
} DesktopEnv;

/* true when env->cwd is env->home or "/" (trailing slashes ignored): the working directory a
 * desktop menu, a file manager or a session starts a program in. false when either is
 * unknown. */
bool desktop_started_from_menu(const DesktopEnv *env);

/* The user directory of kind into buf: its XDG_*_DIR line in env->user_dirs ("$HOME/..." or
 * an absolute path, in double quotes; "$HOME/" alone means $HOME itself), else
 * $HOME/Pictures or $HOME/Documents. false when $HOME is unknown (and the line does not give
 * an absolute path) or when buf is too small; buf is then "". */
bool desktop_user_dir(const DesktopEnv *env, DesktopDirKind kind, char *buf, size_t len);

/* Where the window's exports of kind go, into buf: the user directory of kind when started
 * from the menu, else the working directory. *user_dir (when not NULL) says which one it is
 * (a user directory may have to be created). false when neither is known or buf is too
 * small. */
bool desktop_choose_export_dir(const DesktopEnv *env, DesktopDirKind kind, char *buf,
                               size_t len, bool *user_dir);

/* Whether a start-up error should also show in a message box: started from the menu, stderr
 * not a terminal (nobody reads it) and a display to show the box on. A program run by a
 * script or a test (its own working directory, stderr a pipe) never blocks on a box. */
bool desktop_wants_error_box(const DesktopEnv *env);

/* ---- This process ------------------------------------------------------------------- */

/* Storage for the strings of a DesktopEnv read from this process. */
typedef struct {
    char cwd[4096], home[4096];
    char user_dirs[8192];
    DesktopEnv env;
} DesktopEnvBuf;

/* Fills b->env from getcwd, $HOME (resolved), $XDG_CONFIG_HOME and the user-dirs.dirs file
 * (its first 8 KiB), isatty(2), $DISPLAY and $WAYLAND_DISPLAY. Never fails: what cannot be
 * read stays unknown. */
void desktop_env_read(DesktopEnvBuf *b);

/* desktop_choose_export_dir for this process, creating a user directory (and its parents,
 * mode 0755) when it does not exist. false with a message in err naming the directory. */
bool desktop_export_dir(DesktopDirKind kind, char *buf, size_t len, char *err, size_t errlen);

#endif
