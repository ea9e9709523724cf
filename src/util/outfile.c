/* outfile.c - the one way losslens writes its outputs: to the path the user named, through a
 * temporary file and a rename only where the target is (or will be) a regular file of ours,
 * and with a small signal-safe registry so an interrupted program leaves no temporary behind.
 */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OUTFILE_SLOTS = 16, OUTFILE_MAX_HOPS = 40, OUTFILE_TMP_TRIES = 64 };

static const int OUTFILE_SIGNALS[] = { SIGINT, SIGTERM, SIGXFSZ };
#define OUTFILE_NSIG ((int)(sizeof OUTFILE_SIGNALS / sizeof OUTFILE_SIGNALS[0]))

/* The pending temporary files, for the signal handler. These are the program's only mutable
 * file-scope variables, and deliberately so: a signal handler receives no context pointer, so
 * what it must unlink (and the actions it must hand the signal back to) can only be reached
 * through statics. Slots are claimed and released by the writing thread (outputs are written
 * from one thread at a time); a slot's path is complete before its flag is set, so the
 * handler, which only reads, never sees half a name. More than OUTFILE_SLOTS pending files
 * still write correctly; the extra ones are just not cleaned up on a signal. */
static char outfile_pending[OUTFILE_SLOTS][OUTFILE_PATH_MAX];
static volatile sig_atomic_t outfile_pending_used[OUTFILE_SLOTS];
static struct sigaction outfile_saved[OUTFILE_NSIG];
static int outfile_n_pending; /* slots in use; the handlers are installed while > 0 */

static void outfile_on_signal(int sig)
{
    /* Past the file-size limit a write fails with EFBIG once this handler returns: the writer
     * reports it and removes its temporary file itself, with a clear message. */
    if (sig == SIGXFSZ) {
        return;
    }
    int saved_errno = errno;
    for (int i = 0; i < OUTFILE_SLOTS; i++) {
        if (outfile_pending_used[i]) {
            unlink(outfile_pending[i]);
        }
    }
    /* Hand the signal to whoever had it (by default: the process ends with this signal). It
     * is blocked while this handler runs, so raise() delivers it once we return. */
    for (int k = 0; k < OUTFILE_NSIG; k++) {
        if (OUTFILE_SIGNALS[k] == sig) {
            sigaction(sig, &outfile_saved[k], NULL);
        }
    }
    raise(sig);
    errno = saved_errno;
}

static int outfile_register(const char *tmp)
{
    int slot = -1;
    for (int i = 0; i < OUTFILE_SLOTS && slot < 0; i++) {
        slot = outfile_pending_used[i] ? -1 : i;
    }
    if (slot < 0) {
        return -1;
    }
    memcpy(outfile_pending[slot], tmp, strlen(tmp) + 1);
    if (outfile_n_pending++ == 0) {
        struct sigaction sa = { .sa_handler = outfile_on_signal };
        sigemptyset(&sa.sa_mask);
        for (int k = 0; k < OUTFILE_NSIG; k++) {
            /* A signal ignored on entry (nohup, a shell's background job) stays ignored. */
            sigaction(OUTFILE_SIGNALS[k], NULL, &outfile_saved[k]);
            if (outfile_saved[k].sa_handler != SIG_IGN) {
                sigaction(OUTFILE_SIGNALS[k], &sa, NULL);
            }
        }
    }
    outfile_pending_used[slot] = 1;
    return slot;
}

static void outfile_unregister(OutFile *o)
{
    if (o->slot < 0) {
        return;
    }
    outfile_pending_used[o->slot] = 0;
    o->slot = -1;
    if (--outfile_n_pending == 0) {
        for (int k = 0; k < OUTFILE_NSIG; k++) {
            sigaction(OUTFILE_SIGNALS[k], &outfile_saved[k], NULL);
        }
    }
}

static bool outfile_fail(const OutFile *o, int e, const char *why, char *err, size_t errlen)
{
    snprintf(err, errlen, "cannot write '%s': %s", o->path, why ? why : strerror(e));
    return false;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Follows the symbolic links of path's last component into o->target. *magic is set when a
 * link is one of the kernel's descriptors (/proc/.../fd/N, /dev/fd/N, hence /dev/stdout):
 * those are opened through the link, never resolved to a name. Returns 0 or an errno. */
static int outfile_resolve(OutFile *o, bool *magic)
{
    char link[OUTFILE_PATH_MAX];
    *magic = false;
    if ((size_t)snprintf(o->target, sizeof o->target, "%s", o->path) >= sizeof o->target) {
        return ENAMETOOLONG;
    }
    for (int hop = 0; hop < OUTFILE_MAX_HOPS; hop++) {
        struct stat st;
        if (lstat(o->target, &st) != 0 || !S_ISLNK(st.st_mode)) {
            return 0;
        }
        if (starts_with(o->target, "/proc/") || starts_with(o->target, "/dev/fd/")) {
            *magic = true;
            return 0;
        }
        ssize_t n = readlink(o->target, link, sizeof link - 1);
        if (n < 0) {
            return errno;
        }
        link[n] = '\0';
        if (link[0] == '/') {
            memcpy(o->target, link, (size_t)n + 1);
            continue;
        }
        char *slash = strrchr(o->target, '/');
        size_t dir = slash ? (size_t)(slash - o->target) + 1 : 0;
        if (dir + (size_t)n + 1 > sizeof o->target) {
            return ENAMETOOLONG;
        }
        memcpy(o->target + dir, link, (size_t)n + 1);
    }
    return ELOOP;
}

/* A fresh temporary file beside the target, created with mode (umask applies). */
static int outfile_make_tmp(OutFile *o, mode_t mode)
{
    int fd = -1;
    errno = 0;
    for (int k = 0; k < OUTFILE_TMP_TRIES && fd < 0; k++) {
        if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s.tmp-%ld-%d", o->target,
                             (long)getpid(), k) >= sizeof o->tmp) {
            errno = ENAMETOOLONG;
            break;
        }
        fd = open(o->tmp, O_RDWR | O_CREAT | O_EXCL, mode);
        if (fd < 0 && errno != EEXIST) {
            break;
        }
    }
    return fd;
}

static bool outfile_fdopen(OutFile *o, int fd, char *err, size_t errlen)
{
    o->f = fdopen(fd, o->mode == OUTFILE_COPY ? "w+b" : "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        if (o->mode == OUTFILE_RENAME || o->mode == OUTFILE_COPY) {
            unlink(o->tmp);
            outfile_unregister(o);
        }
        return outfile_fail(o, e, NULL, err, errlen);
    }
    return true;
}

bool outfile_open(OutFile *o, const char *path, bool allow_stdout, char *err, size_t errlen)
{
    *o = (OutFile){ .path = path, .slot = -1 };
    if (allow_stdout && strcmp(path, "-") == 0) {
        o->f = stdout;
        o->mode = OUTFILE_STDOUT;
        return true;
    }
    bool magic;
    int e = outfile_resolve(o, &magic);
    if (e) {
        return outfile_fail(o, e, NULL, err, errlen);
    }
    struct stat st;
    bool exists = stat(o->target, &st) == 0;
    if (!exists && errno != ENOENT) {
        return outfile_fail(o, errno, NULL, err, errlen);
    }
    if (magic || (exists && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))) {
        /* Written as it is: no O_CREAT (nothing is made), no O_TRUNC (a device or pipe has
         * nothing to cut); a regular file behind /dev/stdout is appended to, as stdout is. */
        int flags = O_WRONLY | (exists && S_ISREG(st.st_mode) ? O_APPEND : 0);
        int fd = open(o->target, flags);
        if (fd < 0) {
            return outfile_fail(o, errno, NULL, err, errlen);
        }
        o->mode = OUTFILE_DIRECT;
        return outfile_fdopen(o, fd, err, errlen);
    }
    if (exists && S_ISDIR(st.st_mode)) {
        return outfile_fail(o, 0, "it is a directory", err, errlen);
    }
    if (exists && !S_ISREG(st.st_mode)) {
        return outfile_fail(o, 0, "not a regular file, FIFO or character device", err,
                            errlen);
    }
    if (exists && ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
                   access(o->target, W_OK) != 0)) {
        return outfile_fail(o, 0, "the file is read-only", err, errlen);
    }
    o->mode = exists && st.st_nlink > 1 ? OUTFILE_COPY : OUTFILE_RENAME;
    int fd = outfile_make_tmp(o, exists ? (st.st_mode & 0777) : 0666);
    if (fd < 0 && exists && (errno == EACCES || errno == EPERM || errno == EROFS)) {
        /* A writable file in a directory we cannot add to: write it in place. */
        fd = open(o->target, O_WRONLY | O_TRUNC);
        o->mode = OUTFILE_DIRECT;
    }
    if (fd < 0) {
        return outfile_fail(o, errno, NULL, err, errlen);
    }
    if (o->mode != OUTFILE_DIRECT) {
        o->slot = outfile_register(o->tmp);
        if (exists && o->mode == OUTFILE_RENAME) {
            /* The renamed file replaces the old one: keep its owner (when we may) and its
             * mode, set bits included, which the umask cut from the temporary file. */
            if (fchown(fd, st.st_uid, st.st_gid) != 0) {
                /* not ours to give away: the file becomes ours, as an editor's save does */
            }
            fchmod(fd, st.st_mode & 07777);
        }
    }
    return outfile_fdopen(o, fd, err, errlen);
}

/* Copies the finished temporary file into the target (a file with other hard links). */
static int outfile_copy(OutFile *o)
{
    if (fseek(o->f, 0, SEEK_SET) != 0) {
        return errno;
    }
    int fd = open(o->target, O_WRONLY | O_TRUNC);
    if (fd < 0) {
        return errno;
    }
    char buf[1 << 16];
    size_t n;
    int e = 0;
    while (!e && (n = fread(buf, 1, sizeof buf, o->f)) > 0) {
        for (size_t done = 0; !e && done < n;) {
            ssize_t w = write(fd, buf + done, n - done);
            e = w < 0 ? (errno == EINTR ? 0 : errno) : 0;
            done += w > 0 ? (size_t)w : 0;
        }
    }
    e = !e && ferror(o->f) ? EIO : e;
    if (close(fd) != 0 && !e) {
        e = errno;
    }
    return e;
}

bool outfile_commit(OutFile *o, char *err, size_t errlen)
{
    if (o->mode == OUTFILE_STDOUT) {
        errno = 0;
        bool ok = fflush(stdout) == 0 && !ferror(stdout);
        if (!ok) {
            snprintf(err, errlen, "cannot write to standard output: %s",
                     strerror(errno ? errno : EIO));
        }
        return ok;
    }
    errno = 0;
    int e = fflush(o->f) != 0 || ferror(o->f) ? (errno ? errno : EIO) : 0;
    if (!e && o->mode == OUTFILE_COPY) {
        e = outfile_copy(o);
    }
    if (fclose(o->f) != 0 && !e) {
        e = errno ? errno : EIO;
    }
    o->f = NULL;
    if (!e && o->mode == OUTFILE_RENAME && rename(o->tmp, o->target) != 0) {
        e = errno;
    }
    if (o->mode == OUTFILE_COPY || (e && o->mode == OUTFILE_RENAME)) {
        unlink(o->tmp);
    }
    outfile_unregister(o);
    return e ? outfile_fail(o, e, NULL, err, errlen) : true;
}

void outfile_abort(OutFile *o)
{
    if (o->mode == OUTFILE_STDOUT || !o->f) {
        return;
    }
    fclose(o->f);
    o->f = NULL;
    if (o->mode != OUTFILE_DIRECT) {
        unlink(o->tmp);
    }
    outfile_unregister(o);
}

bool outfile_same_file(const char *out, const char *in)
{
    struct stat a, b;
    return strcmp(out, "-") != 0 && stat(out, &a) == 0 && stat(in, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
