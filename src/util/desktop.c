/* desktop.c - started from the desktop's menu or from a terminal, and where the window's
 * exports go accordingly: the XDG user directories (user-dirs.dirs, as xdg-user-dir reads it)
 * or the working directory. The decisions are pure; the last two functions read this process.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "util/desktop.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *key;      /* the variable in user-dirs.dirs */
    const char *fallback; /* under $HOME, as xdg-user-dirs names it in English */
} DESKTOP_DIRS[] = {
    [DESKTOP_DIR_PICTURES] = {"XDG_PICTURES_DIR", "Pictures"},
    [DESKTOP_DIR_DOCUMENTS] = {"XDG_DOCUMENTS_DIR", "Documents"},
};
static_assert(sizeof DESKTOP_DIRS / sizeof DESKTOP_DIRS[0] == DESKTOP_DIR_COUNT,
              "one row per user directory");

/* Length of path without its trailing slashes ("/" keeps its one). */
static size_t desktop_trimmed_len(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    return n;
}

static bool desktop_same_path(const char *a, const char *b)
{
    size_t na = desktop_trimmed_len(a), nb = desktop_trimmed_len(b);
    return na == nb && strncmp(a, b, na) == 0;
}

bool desktop_started_from_menu(const DesktopEnv *env)
{
    if (!env->cwd || !*env->cwd)
        return false;
    if (desktop_same_path(env->cwd, "/"))
        return true;
    return env->home && *env->home && desktop_same_path(env->cwd, env->home);
}

/* snprintf into buf; false (buf "") when it does not fit. */
static bool desktop_put(char *buf, size_t len, const char *a, size_t na, const char *b)
{
    int n = snprintf(buf, len, "%.*s%s", (int)na, a, b);
    if (n < 0 || (size_t)n >= len) {
        if (len)
            buf[0] = '\0';
        return false;
    }
    size_t t = desktop_trimmed_len(buf);
    buf[t] = '\0';
    return true;
}

/* The value of `KEY="..."` on one line (quotes removed, \" \\ \$ unescaped) into out; false
 * when the line is not an assignment of key. */
static bool desktop_line_value(const char *line, size_t n, const char *key, char *out,
                               size_t len)
{
    size_t i = 0, k = strlen(key);
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (n - i < k + 2 || strncmp(line + i, key, k) != 0 || line[i + k] != '=' ||
        line[i + k + 1] != '"')
        return false;
    size_t o = 0;
    for (i += k + 2; i < n && line[i] != '"'; i++) {
        if (line[i] == '\\' && i + 1 < n)
            i++;
        if (o + 1 >= len)
            return false;
        out[o++] = line[i];
    }
    out[o] = '\0';
    return i < n; /* the closing quote */
}

bool desktop_user_dir(const DesktopEnv *env, DesktopDirKind kind, char *buf, size_t len)
{
    assert(kind >= 0 && kind < DESKTOP_DIR_COUNT);
    const char *home = env->home && *env->home ? env->home : NULL;
    char found[4096] = "";
    /* The last valid assignment wins, as when the file is sourced by a shell. */
    for (const char *line = env->user_dirs; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char value[4096];
        if (desktop_line_value(line, n, DESKTOP_DIRS[kind].key, value, sizeof value)) {
            bool under_home = strncmp(value, "$HOME", 5) == 0 &&
                              (value[5] == '/' || value[5] == '\0');
            if ((under_home && home) || value[0] == '/')
                snprintf(found, sizeof found, "%s", value);
        }
        line = end ? end + 1 : line + n;
    }
    if (found[0] == '/')
        return desktop_put(buf, len, found, strlen(found), "");
    if (!home) {
        if (len)
            buf[0] = '\0';
        return false;
    }
    if (found[0]) /* "$HOME/rest" */
        return desktop_put(buf, len, home, desktop_trimmed_len(home), found + 5);
    char rest[64];
    snprintf(rest, sizeof rest, "/%s", DESKTOP_DIRS[kind].fallback);
    return desktop_put(buf, len, home, desktop_trimmed_len(home), rest);
}

bool desktop_choose_export_dir(const DesktopEnv *env, DesktopDirKind kind, char *buf,
                               size_t len, bool *user_dir)
{
    bool menu = desktop_started_from_menu(env);
    if (user_dir)
        *user_dir = menu;
    if (menu)
        return desktop_user_dir(env, kind, buf, len);
    if (!env->cwd || !*env->cwd) {
        if (len)
            buf[0] = '\0';
        return false;
    }
    return desktop_put(buf, len, env->cwd, strlen(env->cwd), "");
}

bool desktop_wants_error_box(const DesktopEnv *env)
{
    return desktop_started_from_menu(env) && !env->stderr_tty && env->display;
}

void desktop_env_read(DesktopEnvBuf *b)
{
    *b = (DesktopEnvBuf){.env = {.cwd = NULL}};
    const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    b->env.display = (x11 && *x11) || (wl && *wl);
    b->env.stderr_tty = isatty(2) == 1;
    if (getcwd(b->cwd, sizeof b->cwd))
        b->env.cwd = b->cwd;
    const char *home = getenv("HOME");
    if (home && *home) {
        char real[PATH_MAX];
        snprintf(b->home, sizeof b->home, "%s", realpath(home, real) ? real : home);
        b->env.home = b->home;
    }
    const char *config = getenv("XDG_CONFIG_HOME");
    char path[4096 + 64];
    if (config && config[0] == '/')
        snprintf(path, sizeof path, "%s/user-dirs.dirs", config);
    else if (b->env.home)
        snprintf(path, sizeof path, "%s/.config/user-dirs.dirs", b->home);
    else
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(b->user_dirs, 1, sizeof b->user_dirs - 1, f);
    fclose(f);
    b->user_dirs[n] = '\0';
    b->env.user_dirs = b->user_dirs;
}

/* mkdir -p dir (0755); false with errno set. */
static bool desktop_make_dirs(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (stat(path, &st) != 0 && mkdir(path, 0755) != 0 && errno != EEXIST)
            return false;
        *p = c;
        if (!c)
            break;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return true;
}

bool desktop_export_dir(DesktopDirKind kind, char *buf, size_t len, char *err, size_t errlen)
{
    DesktopEnvBuf *b = malloc(sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    desktop_env_read(b);
    bool user_dir = false;
    bool ok = desktop_choose_export_dir(&b->env, kind, buf, len, &user_dir);
    free(b);
    if (!ok) {
        snprintf(err, errlen, user_dir ? "no %s directory ($HOME is not set)"
                                       : "the current directory is unknown",
                 DESKTOP_DIRS[kind].fallback);
        return false;
    }
    if (user_dir && !desktop_make_dirs(buf)) {
        snprintf(err, errlen, "cannot create the directory %s: %s", buf, strerror(errno));
        return false;
    }
    return true;
}
