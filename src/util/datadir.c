/* datadir.c - finding the data directory (shaders/, assets/): an explicit override, else the
 * build tree's override file beside the executable, else relative to the executable, else the
 * install prefix. libc (and /proc/self/exe) only; never prints.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "util/datadir.h"

#include "util/path.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "losslens_config.h"

#define DATADIR_PATH_MAX 4096

static const char *const DATADIR_SOURCE_NAMES[] = {
    [DATADIR_FROM_ENV] = "LOSSLENS_DATA_DIR",
    [DATADIR_FROM_OVERRIDE] = "build-tree override",
    [DATADIR_FROM_EXE] = "next to the executable",
    [DATADIR_FROM_INSTALL] = "install prefix",
};
static_assert(sizeof DATADIR_SOURCE_NAMES / sizeof DATADIR_SOURCE_NAMES[0] ==
                  DATADIR_SOURCE_COUNT,
              "one name per data directory source");

const char *datadir_source_name(DataDirSource source)
{
    assert(source >= 0 && source < DATADIR_SOURCE_COUNT);
    return DATADIR_SOURCE_NAMES[source];
}

static bool datadir_is_dir(const char *dir, const char *name)
{
    char path[DATADIR_PATH_MAX];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool datadir_has_data(const char *dir)
{
    return dir && *dir && datadir_is_dir(dir, "shaders") && datadir_is_dir(dir, "assets");
}

/* Reads the override file's first line (the data directory; relative to exe_dir unless
 * absolute) into out. Returns false when there is no such file (an unreadable or empty one
 * counts as present: *present tells them apart). */
static bool datadir_read_override(const char *exe_dir, char *out, size_t len, bool *present)
{
    char path[DATADIR_PATH_MAX];
    *present = false;
    snprintf(path, sizeof path, "%s/%s", exe_dir, DATADIR_OVERRIDE_FILE);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    *present = true;
    char line[DATADIR_PATH_MAX];
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return false;
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0])
        return false;
    int n = line[0] == '/' ? snprintf(out, len, "%s", line)
                           : snprintf(out, len, "%s/%s", exe_dir, line);
    return n > 0 && (size_t)n < len;
}

static bool datadir_accept(const char *dir, DataDirSource from, char *buf, size_t len,
                           DataDirSource *source, char *err, size_t errlen)
{
    if (strlen(dir) >= len) {
        snprintf(err, errlen, "data directory path too long: %s", dir);
        return false;
    }
    snprintf(buf, len, "%s", dir);
    if (source)
        *source = from;
    return true;
}

bool datadir_find(const DataDirDesc *desc, char *buf, size_t len, DataDirSource *source,
                  char *err, size_t errlen)
{
    assert(desc && buf && len > 0);
    buf[0] = '\0';
    if (desc->env && *desc->env) {
        if (!datadir_has_data(desc->env)) {
            snprintf(err, errlen, "LOSSLENS_DATA_DIR=%s has no shaders/ and assets/",
                     desc->env);
            return false;
        }
        return datadir_accept(desc->env, DATADIR_FROM_ENV, buf, len, source, err, errlen);
    }
    char exe_dir[DATADIR_PATH_MAX] = "";
    char cand[DATADIR_PATH_MAX];
    if (desc->exe_path && *desc->exe_path) {
        path_dirname(desc->exe_path, exe_dir, sizeof exe_dir);
        bool present;
        bool read = datadir_read_override(exe_dir, cand, sizeof cand, &present);
        if (present) {
            if (!read) {
                snprintf(err, errlen, "%s/%s is empty or unreadable (it names the data "
                         "directory)", exe_dir, DATADIR_OVERRIDE_FILE);
                return false;
            }
            if (!datadir_has_data(cand)) {
                snprintf(err, errlen, "%s/%s names %s, which has no shaders/ and assets/",
                         exe_dir, DATADIR_OVERRIDE_FILE, cand);
                return false;
            }
            return datadir_accept(cand, DATADIR_FROM_OVERRIDE, buf, len, source, err, errlen);
        }
        if (desc->exe_rel && *desc->exe_rel) {
            int n = snprintf(cand, sizeof cand, "%s/%s", exe_dir, desc->exe_rel);
            if (n > 0 && (size_t)n < sizeof cand && datadir_has_data(cand)) {
                /* "/opt/x/bin/../share/losslens" reads better as "/opt/x/share/losslens". */
                char real[PATH_MAX];
                const char *dir = realpath(cand, real) ? real : cand;
                return datadir_accept(dir, DATADIR_FROM_EXE, buf, len, source, err, errlen);
            }
        }
    }
    if (datadir_has_data(desc->install_dir))
        return datadir_accept(desc->install_dir, DATADIR_FROM_INSTALL, buf, len, source, err,
                              errlen);
    snprintf(err, errlen, "no data files (shaders/, assets/) in %s/%s or %s "
             "(set LOSSLENS_DATA_DIR)", exe_dir[0] ? exe_dir : "(unknown executable)",
             desc->exe_rel ? desc->exe_rel : "", desc->install_dir ? desc->install_dir : "");
    return false;
}

bool datadir_locate(char *buf, size_t len, char *err, size_t errlen)
{
    char exe[DATADIR_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    const DataDirDesc desc = {
        .env = getenv("LOSSLENS_DATA_DIR"),
        .exe_path = exe,
        .exe_rel = LOSSLENS_EXE_DATA_REL,
        .install_dir = LOSSLENS_INSTALL_DATA_DIR,
    };
    return datadir_find(&desc, buf, len, NULL, err, errlen);
}

bool datadir_path(const char *rel, char *buf, size_t len, char *err, size_t errlen)
{
    char dir[DATADIR_PATH_MAX];
    if (!datadir_locate(dir, sizeof dir, err, errlen)) {
        if (len)
            buf[0] = '\0';
        return false;
    }
    int n = snprintf(buf, len, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= len) {
        snprintf(err, errlen, "data path too long: %s/%s", dir, rel);
        if (len)
            buf[0] = '\0';
        return false;
    }
    return true;
}
