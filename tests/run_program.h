/* run_program.h - running the built losslens from a test: fork, exec with the given
 * arguments, wait. Include after test.h. */
#ifndef LOSSLENS_RUN_PROGRAM_H
#define LOSSLENS_RUN_PROGRAM_H

#include <dirent.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs exe with args (NULL-terminated, at most 30) and its stderr sent to stderr_path (NULL:
 * inherited). Returns its exit status, or -1 when it did not exit normally. */
static inline int test_run_program(const char *exe, const char *const *args,
                                   const char *stderr_path)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = exe;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (stderr_path && !freopen(stderr_path, "w", stderr))
            _exit(126);
        execv(exe, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* How many files dir holds, not counting names that start with '.' (so a test's stderr log
 * and temporary files of its own can hide there): "no output file was left behind". */
static inline int test_count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

#endif
