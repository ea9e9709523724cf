/* test_outfile.c - util/outfile writes to the path it is given and never replaces what is not a
 * regular file of ours: a regular file keeps its mode, a symlink stays a link to the written
 * target, hard links all see the data, a FIFO and a character device (our own mknod'ed copy of
 * /dev/null when root, so the real one is never at risk) are written and stay what they were,
 * a read-only file is refused, and SIGTERM / SIGXFSZ leave no temporary file behind. */
#define _DEFAULT_SOURCE /* mknod and makedev */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "util/outfile.h"

static char dir[256];

static void path_in(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static bool write_text(const char *path, const char *text, char *err, size_t errlen)
{
    OutFile o;
    if (!outfile_open(&o, path, false, err, errlen)) {
        return false;
    }
    fputs(text, o.f);
    return outfile_commit(&o, err, errlen);
}

static bool file_is(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "rb");
    if (!f) {
        return false;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}

/* Entries in dir whose name holds ".tmp-": temporary files left behind. */
static int leftovers(void)
{
    int n = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        n += strstr(e->d_name, ".tmp-") != NULL;
    }
    if (d) {
        closedir(d);
    }
    return n;
}

TEST(test_regular_file_replaced_keeping_its_mode)
{
    char p[300], err[512];
    path_in(p, sizeof p, "plain.csv");
    ASSERT(write_text(p, "new file\n", err, sizeof err));
    ASSERT(file_is(p, "new file\n"));
    chmod(p, 0640);
    ASSERT(write_text(p, "second\n", err, sizeof err));
    struct stat st;
    ASSERT(stat(p, &st) == 0 && (st.st_mode & 07777) == 0640 && S_ISREG(st.st_mode));
    ASSERT(file_is(p, "second\n"));
    ASSERT(leftovers() == 0);
}

TEST(test_symlink_writes_its_target_and_stays)
{
    char target[300], link[300], dangling[300], made[300], err[512];
    path_in(target, sizeof target, "target.csv");
    path_in(link, sizeof link, "link.csv");
    ASSERT(write_text(target, "old\n", err, sizeof err));
    ASSERT(symlink("target.csv", link) == 0); /* relative, resolved beside the link */
    ASSERT(write_text(link, "through the link\n", err, sizeof err));
    struct stat st;
    ASSERT(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    ASSERT(file_is(target, "through the link\n"));
    /* A dangling link: its target is created, the link stays. */
    path_in(dangling, sizeof dangling, "dangling.csv");
    path_in(made, sizeof made, "made-by-link.csv");
    ASSERT(symlink(made, dangling) == 0);
    ASSERT(write_text(dangling, "made\n", err, sizeof err));
    ASSERT(lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode));
    ASSERT(file_is(made, "made\n"));
    ASSERT(leftovers() == 0);
}

TEST(test_hard_links_all_see_the_data)
{
    char a[300], b[300], err[512];
    path_in(a, sizeof a, "hard-a.csv");
    path_in(b, sizeof b, "hard-b.csv");
    ASSERT(write_text(a, "one\n", err, sizeof err));
    ASSERT(link(a, b) == 0);
    ASSERT(write_text(b, "both names\n", err, sizeof err));
    ASSERT(file_is(a, "both names\n"));
    struct stat sa, sb;
    ASSERT(stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino);
    ASSERT(sa.st_nlink == 2);
    ASSERT(leftovers() == 0);
}

TEST(test_read_only_file_refused_untouched)
{
    char p[300], err[512] = "";
    path_in(p, sizeof p, "readonly.csv");
    ASSERT(write_text(p, "keep\n", err, sizeof err));
    chmod(p, 0444);
    ASSERT(!write_text(p, "overwritten\n", err, sizeof err));
    ASSERT_STR_CONTAINS(err, "readonly.csv': the file is read-only");
    ASSERT(file_is(p, "keep\n"));
    /* A directory is no file to write either. */
    ASSERT(!write_text(dir, "x", err, sizeof err));
    ASSERT_STR_CONTAINS(err, "it is a directory");
    ASSERT(leftovers() == 0);
}

TEST(test_fifo_written_directly_and_stays_a_fifo)
{
    char p[300], err[512];
    path_in(p, sizeof p, "pipe");
    ASSERT(mkfifo(p, 0600) == 0);
    int rd = open(p, O_RDONLY | O_NONBLOCK); /* a reader, so opening for writing succeeds */
    ASSERT(rd >= 0);
    ASSERT(write_text(p, "down the pipe\n", err, sizeof err));
    char buf[64] = "";
    ssize_t n = read(rd, buf, sizeof buf - 1);
    ASSERT(n == 14 && memcmp(buf, "down the pipe\n", 14) == 0);
    close(rd);
    struct stat st;
    ASSERT(lstat(p, &st) == 0 && S_ISFIFO(st.st_mode));
    ASSERT(leftovers() == 0);
}

TEST(test_character_device_written_and_kept)
{
    /* Root may make a node: our own copy of /dev/null (1,3), so a bug could only ever replace
     * it. Otherwise the real /dev/null, which a non-root process cannot replace anyway. */
    char p[300], err[512];
    path_in(p, sizeof p, "null");
    const char *dev = mknod(p, S_IFCHR | 0666, makedev(1, 3)) == 0 ? p : "/dev/null";
    ASSERT(dev == p || geteuid() != 0);
    ASSERT(write_text(dev, "into the void\n", err, sizeof err));
    struct stat st;
    ASSERT(lstat(dev, &st) == 0 && S_ISCHR(st.st_mode));
    ASSERT(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3);
    ASSERT(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    ASSERT(leftovers() == 0);
}

TEST(test_same_file_sees_through_links)
{
    char a[300], l[300], other[300], err[512];
    path_in(a, sizeof a, "scene.ini");
    path_in(l, sizeof l, "scene-link.ini");
    path_in(other, sizeof other, "other.ini");
    ASSERT(write_text(a, "[scene]\n", err, sizeof err));
    ASSERT(write_text(other, "[scene]\n", err, sizeof err));
    ASSERT(symlink(a, l) == 0);
    ASSERT(outfile_same_file(a, a));
    ASSERT(outfile_same_file(l, a));
    ASSERT(!outfile_same_file(other, a));
    ASSERT(!outfile_same_file("-", a));
    path_in(other, sizeof other, "absent.ini");
    ASSERT(!outfile_same_file(other, a));
}

/* In a child: opens path, writes, and ends by signal or by the file-size limit. Returns the
 * child's wait status. */
static int child_status(const char *path, int how)
{
    pid_t pid = fork();
    if (pid == 0) {
        char err[512];
        OutFile o;
        signal(SIGINT, SIG_DFL); /* even when this test itself was started ignoring it */
        if (how == SIGXFSZ) {
            struct rlimit rl = { 4096, 4096 };
            setrlimit(RLIMIT_FSIZE, &rl);
        }
        if (!outfile_open(&o, path, false, err, sizeof err)) {
            _exit(3);
        }
        for (int i = 0; i < 10000; i++) {
            fputs("0123456789abcdef\n", o.f);
        }
        if (how == SIGTERM || how == SIGINT) {
            fflush(o.f);
            kill(getpid(), how);
            _exit(4); /* not reached: the signal ends the process */
        }
        bool ok = outfile_commit(&o, err, sizeof err);
        _exit(!ok && strstr(err, strerror(EFBIG)) ? 5 : 6);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

TEST(test_signals_leave_no_temporary_file)
{
    char p[300];
    path_in(p, sizeof p, "interrupted.csv");
    int st = child_status(p, SIGTERM);
    ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    ASSERT(leftovers() == 0);
    ASSERT(access(p, F_OK) != 0);
    st = child_status(p, SIGINT);
    ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
    ASSERT(leftovers() == 0);
    ASSERT(access(p, F_OK) != 0);
    /* Past the file-size limit: the write fails with EFBIG, reported; nothing is left. */
    st = child_status(p, SIGXFSZ);
    ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 5);
    ASSERT(leftovers() == 0);
    ASSERT(access(p, F_OK) != 0);
    /* The handlers are back to what they were once nothing is pending. */
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    ASSERT(sa.sa_handler == SIG_DFL);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/losslens-outfile-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN_TEST(test_regular_file_replaced_keeping_its_mode);
    RUN_TEST(test_symlink_writes_its_target_and_stays);
    RUN_TEST(test_hard_links_all_see_the_data);
    RUN_TEST(test_read_only_file_refused_untouched);
    RUN_TEST(test_fifo_written_directly_and_stays_a_fifo);
    RUN_TEST(test_character_device_written_and_kept);
    RUN_TEST(test_same_file_sees_through_links);
    RUN_TEST(test_signals_leave_no_temporary_file);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", dir);
    }
    return TEST_MAIN("test_outfile");
}
