/* test_desktop.c - started from the menu or a terminal, and where the window's exports go:
 * the pure decisions over hand-made environments (user-dirs.dirs lines, $HOME, the working
 * directory), then desktop_export_dir for this process in a temporary $HOME, where it must
 * create the user directory. */
#define _XOPEN_SOURCE 700 /* mkdtemp, setenv */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "util/desktop.h"

static const char USER_DIRS[] =
    "# This file is written by xdg-user-dirs-update\n"
    "XDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
    "XDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n"
    "  XDG_PICTURES_DIR=\"/srv/shared/Bilder\"\n";

TEST(menu_means_cwd_is_home_or_root)
{
    ASSERT(desktop_started_from_menu(&(DesktopEnv){.cwd = "/home/ada", .home = "/home/ada"}));
    ASSERT(desktop_started_from_menu(&(DesktopEnv){.cwd = "/home/ada", .home = "/home/ada/"}));
    ASSERT(desktop_started_from_menu(&(DesktopEnv){.cwd = "/", .home = "/home/ada"}));
    ASSERT(desktop_started_from_menu(&(DesktopEnv){.cwd = "/", .home = NULL}));
    ASSERT(!desktop_started_from_menu(&(DesktopEnv){.cwd = "/home/ada/talk",
                                                    .home = "/home/ada"}));
    /* a prefix of $HOME is not $HOME */
    ASSERT(!desktop_started_from_menu(&(DesktopEnv){.cwd = "/home/adam", .home = "/home/ada"}));
    ASSERT(!desktop_started_from_menu(&(DesktopEnv){.cwd = "/home", .home = "/home/ada"}));
    ASSERT(!desktop_started_from_menu(&(DesktopEnv){.cwd = "/home/ada", .home = ""}));
    ASSERT(!desktop_started_from_menu(&(DesktopEnv){.cwd = NULL, .home = "/home/ada"}));
}

TEST(user_dirs_lines_are_read)
{
    char buf[256];
    DesktopEnv env = {.cwd = "/home/ada", .home = "/home/ada", .user_dirs = USER_DIRS};
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, sizeof buf));
    ASSERT(strcmp(buf, "/home/ada/Dokumente") == 0);
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
    ASSERT(strcmp(buf, "/srv/shared/Bilder") == 0);
    /* no file: the English defaults under $HOME */
    env.user_dirs = NULL;
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
    ASSERT(strcmp(buf, "/home/ada/Pictures") == 0);
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, sizeof buf));
    ASSERT(strcmp(buf, "/home/ada/Documents") == 0);
}

TEST(user_dirs_odd_lines)
{
    char buf[256];
    DesktopEnv env = {.home = "/home/ada/"};
    /* "$HOME/" is the disabled directory: $HOME itself, without a trailing slash */
    env.user_dirs = "XDG_PICTURES_DIR=\"$HOME/\"\n";
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
    ASSERT(strcmp(buf, "/home/ada") == 0);
    /* relative, unquoted, commented or $HOMEX values are not valid: the default */
    const char *bad[] = {"XDG_PICTURES_DIR=\"Pictures2\"\n", "XDG_PICTURES_DIR=$HOME/P\n",
                         "#XDG_PICTURES_DIR=\"$HOME/P\"\n", "XDG_PICTURES_DIR=\"$HOMEX/P\"\n",
                         "XDG_PICTURES_DIRX=\"$HOME/P\"\n", "XDG_PICTURES_DIR=\"$HOME/P"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        env.user_dirs = bad[i];
        ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
        ASSERT(strcmp(buf, "/home/ada/Pictures") == 0);
    }
    /* the last valid assignment wins; escapes are undone; no newline at the end */
    env.user_dirs = "XDG_PICTURES_DIR=\"$HOME/A\"\nXDG_PICTURES_DIR=\"nope\"\n"
                    "XDG_PICTURES_DIR=\"$HOME/My \\\"Pics\\\"\"";
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
    ASSERT(strcmp(buf, "/home/ada/My \"Pics\"") == 0);
    /* without $HOME only an absolute line gives a directory */
    env.home = NULL;
    env.user_dirs = USER_DIRS;
    ASSERT(desktop_user_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf));
    ASSERT(strcmp(buf, "/srv/shared/Bilder") == 0);
    ASSERT(!desktop_user_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, sizeof buf));
    ASSERT(buf[0] == '\0');
    /* too small a buffer */
    env.home = "/home/ada";
    ASSERT(!desktop_user_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, 10));
    ASSERT(buf[0] == '\0');
}

TEST(exports_go_to_the_terminal_folder_or_the_user_dirs)
{
    char buf[256];
    bool user = true;
    /* from a terminal in a project folder: that folder, whatever the kind */
    DesktopEnv env = {.cwd = "/home/ada/talk", .home = "/home/ada", .user_dirs = USER_DIRS};
    ASSERT(desktop_choose_export_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf, &user));
    ASSERT(strcmp(buf, "/home/ada/talk") == 0 && !user);
    ASSERT(desktop_choose_export_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, sizeof buf, &user));
    ASSERT(strcmp(buf, "/home/ada/talk") == 0 && !user);
    /* from the menu ($HOME or /): pictures and documents */
    env.cwd = "/home/ada";
    ASSERT(desktop_choose_export_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf, &user));
    ASSERT(strcmp(buf, "/srv/shared/Bilder") == 0 && user);
    env.cwd = "/";
    ASSERT(desktop_choose_export_dir(&env, DESKTOP_DIR_DOCUMENTS, buf, sizeof buf, &user));
    ASSERT(strcmp(buf, "/home/ada/Dokumente") == 0 && user);
    /* nothing known */
    env = (DesktopEnv){.cwd = NULL, .home = "/home/ada"};
    ASSERT(!desktop_choose_export_dir(&env, DESKTOP_DIR_PICTURES, buf, sizeof buf, &user));
    ASSERT(!user);
}

TEST(error_box_only_from_the_menu_without_a_terminal)
{
    DesktopEnv env = {.cwd = "/home/ada", .home = "/home/ada", .display = true};
    ASSERT(desktop_wants_error_box(&env));
    env.cwd = "/";
    ASSERT(desktop_wants_error_box(&env));
    env.stderr_tty = true; /* someone reads stderr */
    ASSERT(!desktop_wants_error_box(&env));
    env.stderr_tty = false;
    env.display = false; /* nowhere to show it */
    ASSERT(!desktop_wants_error_box(&env));
    env.display = true;
    env.cwd = "/home/ada/build"; /* a script or a test: its own folder, stderr a pipe */
    ASSERT(!desktop_wants_error_box(&env));
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The process side in a temporary $HOME: from $HOME the user directory is created (with its
 * parents, from user-dirs.dirs in $XDG_CONFIG_HOME); from a folder below it, that folder. */
TEST(export_dir_of_this_process)
{
    const char *tmp = getenv("TMPDIR");
    char home[PATH_MAX], old[PATH_MAX], path[PATH_MAX + 64], buf[PATH_MAX + 64], err[512];
    snprintf(home, sizeof home, "%s/test_desktop.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ASSERT(mkdtemp(home) != NULL && getcwd(old, sizeof old) != NULL);
    char real[PATH_MAX];
    ASSERT(realpath(home, real) != NULL);
    snprintf(home, sizeof home, "%s", real);
    snprintf(path, sizeof path, "%s/cfg", home);
    ASSERT(mkdir(path, 0755) == 0);
    snprintf(path, sizeof path, "%s/cfg/user-dirs.dirs", home);
    FILE *f = fopen(path, "w");
    ASSERT(f != NULL);
    if (f) {
        fputs("XDG_PICTURES_DIR=\"$HOME/media/Bilder\"\n", f);
        fclose(f);
    }
    const char *old_home = getenv("HOME"), *old_cfg = getenv("XDG_CONFIG_HOME");
    char saved_home[PATH_MAX] = "", saved_cfg[PATH_MAX] = "";
    snprintf(saved_home, sizeof saved_home, "%s", old_home ? old_home : "");
    snprintf(saved_cfg, sizeof saved_cfg, "%s", old_cfg ? old_cfg : "");
    setenv("HOME", home, 1);
    snprintf(path, sizeof path, "%s/cfg", home);
    setenv("XDG_CONFIG_HOME", path, 1);
    ASSERT(chdir(home) == 0);

    ASSERT(desktop_export_dir(DESKTOP_DIR_PICTURES, buf, sizeof buf, err, sizeof err));
    snprintf(path, sizeof path, "%s/media/Bilder", home);
    ASSERT(strcmp(buf, path) == 0 && is_dir(path));
    ASSERT(desktop_export_dir(DESKTOP_DIR_DOCUMENTS, buf, sizeof buf, err, sizeof err));
    snprintf(path, sizeof path, "%s/Documents", home);
    ASSERT(strcmp(buf, path) == 0 && is_dir(path));
    /* a file where the directory should be: an error naming it */
    snprintf(path, sizeof path, "%s/cfg/user-dirs.dirs", home);
    f = fopen(path, "w");
    if (f) {
        fputs("XDG_PICTURES_DIR=\"$HOME/cfg/user-dirs.dirs/x\"\n", f);
        fclose(f);
    }
    ASSERT(!desktop_export_dir(DESKTOP_DIR_PICTURES, buf, sizeof buf, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "cannot create the directory ");
    ASSERT_STR_CONTAINS(err, "/cfg/user-dirs.dirs/x: Not a directory");
    /* from a folder that is not $HOME: that folder, nothing created */
    snprintf(path, sizeof path, "%s/media", home);
    ASSERT(chdir(path) == 0);
    ASSERT(desktop_export_dir(DESKTOP_DIR_DOCUMENTS, buf, sizeof buf, err, sizeof err));
    ASSERT(strcmp(buf, path) == 0);

    ASSERT(chdir(old) == 0);
    if (saved_home[0])
        setenv("HOME", saved_home, 1);
    else
        unsetenv("HOME");
    if (saved_cfg[0])
        setenv("XDG_CONFIG_HOME", saved_cfg, 1);
    else
        unsetenv("XDG_CONFIG_HOME");
    const char *rm[] = {"media/Bilder", "media", "Documents", "cfg/user-dirs.dirs", "cfg", ""};
    for (size_t i = 0; i < sizeof rm / sizeof rm[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", home, rm[i]);
        remove(path);
    }
}

int main(void)
{
    RUN_TEST(menu_means_cwd_is_home_or_root);
    RUN_TEST(user_dirs_lines_are_read);
    RUN_TEST(user_dirs_odd_lines);
    RUN_TEST(exports_go_to_the_terminal_folder_or_the_user_dirs);
    RUN_TEST(error_box_only_from_the_menu_without_a_terminal);
    RUN_TEST(export_dir_of_this_process);
    return TEST_MAIN("test_desktop");
}
