/* outfile.c - temporary file, then rename: the one way losslens writes its outputs. */
#include "util/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool outfile_open(OutFile *o, const char *path, bool allow_stdout, char *err, size_t errlen)
{
    *o = (OutFile){ .path = path };
    if (allow_stdout && strcmp(path, "-") == 0) {
        o->f = stdout;
        o->to_stdout = true;
        return true;
    }
    int fd = -1;
    if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s.XXXXXX", path) >= sizeof o->tmp) {
        errno = ENAMETOOLONG;
    } else {
        fd = mkstemp(o->tmp);
    }
    if (fd >= 0) {
        fchmod(fd, 0644); /* mkstemp's 0600 is too private for an exported figure */
        o->f = fdopen(fd, "wb");
        if (!o->f) {
            int e = errno;
            close(fd);
            unlink(o->tmp);
            errno = e;
        }
    }
    if (!o->f) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return false;
    }
    return true;
}

bool outfile_commit(OutFile *o, char *err, size_t errlen)
{
    if (o->to_stdout) {
        bool ok = fflush(stdout) == 0 && !ferror(stdout);
        if (!ok) {
            snprintf(err, errlen, "cannot write to standard output: %s", strerror(errno));
        }
        return ok;
    }
    bool ok = !ferror(o->f);
    ok = fclose(o->f) == 0 && ok;
    o->f = NULL;
    if (!ok || rename(o->tmp, o->path) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", o->path,
                 errno ? strerror(errno) : "write error");
        unlink(o->tmp);
        return false;
    }
    return true;
}

void outfile_abort(OutFile *o)
{
    if (o->to_stdout || !o->f) {
        return;
    }
    fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
}
