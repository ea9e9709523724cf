/* test_datadir.c - the data directory lookup's order in a temporary tree: the environment
 * override first (and no silent fallback when it is wrong), then the build tree's override
 * file beside the executable, then <exe dir>/../share/losslens, then the install directory. */
#define _XOPEN_SOURCE 700 /* realpath, mkdtemp, setenv */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "util/datadir.h"

static char g_root[PATH_MAX]; /* the temporary tree */

/* g_root/rel, in a rotating set of buffers so that a test can hold several at once. */
static const char *at(const char *rel)
{
    static char bufs[8][2 * PATH_MAX];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%.*s/%.*s", PATH_MAX - 1, g_root, PATH_MAX - 1, rel);
    return b;
}

static void make_dir(const char *rel)
{
    ASSERT(mkdir(at(rel), 0755) == 0);
}

static void write_file(const char *rel, const char *text)
{
    FILE *f = fopen(at(rel), "w");
    ASSERT(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A data directory: shaders/ and assets/ below rel. */
static void make_data(const char *rel)
{
    char sub[PATH_MAX];
    make_dir(rel);
    snprintf(sub, sizeof sub, "%s/shaders", rel);
    make_dir(sub);
    snprintf(sub, sizeof sub, "%s/assets", rel);
    make_dir(sub);
}

/* The tree: bin/losslens's directory holds nothing yet; share/losslens, src, inst are data
 * directories; empty/ is not one; half/ has shaders/ but its assets is a file. */
static bool make_tree(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(g_root, sizeof g_root, "%s/test_datadir.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_root))
        return false;
    make_dir("bin");
    make_dir("share");
    make_data("share/losslens");
    make_data("src");
    make_data("inst");
    make_dir("empty");
    make_dir("half");
    make_dir("half/shaders");
    write_file("half/assets", "not a directory\n");
    return true;
}

static void remove_tree(void)
{
    static const char *const rels[] = {
        "bin/losslens-data-dir", "half/assets", "half/shaders", "half", "empty",
        "inst/assets", "inst/shaders", "inst", "src/assets", "src/shaders", "src",
        "share/losslens/assets", "share/losslens/shaders", "share/losslens", "share", "bin",
    };
    for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++)
        remove(at(rels[i]));
    rmdir(g_root);
}

/* The lookup as the installed binary g_root/bin/losslens would run it. */
static DataDirDesc desc_for(const char *env)
{
    return (DataDirDesc){
        .env = env,
        .exe_path = at("bin/losslens"),
        .exe_rel = "../share/losslens",
        .install_dir = at("inst"),
    };
}

static bool find(const DataDirDesc *d, char *buf, DataDirSource *src, char *err)
{
    *src = DATADIR_SOURCE_COUNT;
    return datadir_find(d, buf, PATH_MAX, src, err, 512);
}

TEST(has_data_needs_both_directories)
{
    ASSERT(datadir_has_data(at("src")));
    ASSERT(!datadir_has_data(at("empty")));
    ASSERT(!datadir_has_data(at("half")));
    ASSERT(!datadir_has_data(at("missing")));
    ASSERT(!datadir_has_data(""));
    ASSERT(!datadir_has_data(NULL));
}

TEST(env_comes_first)
{
    char buf[PATH_MAX], err[512];
    DataDirSource src;
    write_file("bin/losslens-data-dir", at("inst")); /* an override file too: env still wins */
    DataDirDesc d = desc_for(at("src"));
    ASSERT(find(&d, buf, &src, err));
    ASSERT(strcmp(buf, at("src")) == 0);
    ASSERT(src == DATADIR_FROM_ENV);
    remove(at("bin/losslens-data-dir"));
}

TEST(bad_env_is_an_error_not_a_fallback)
{
    char buf[PATH_MAX] = "x", err[512] = "";
    DataDirSource src;
    DataDirDesc d = desc_for(at("empty")); /* share/losslens and inst would both do */
    ASSERT(!find(&d, buf, &src, err));
    ASSERT(buf[0] == '\0');
    ASSERT_STR_CONTAINS(err, "LOSSLENS_DATA_DIR=");
    ASSERT_STR_CONTAINS(err, at("empty"));
}

TEST(empty_env_counts_as_unset)
{
    char buf[PATH_MAX], err[512];
    DataDirSource src;
    DataDirDesc d = desc_for("");
    ASSERT(find(&d, buf, &src, err));
    ASSERT(src == DATADIR_FROM_EXE);
}

TEST(override_file_beside_the_executable)
{
    char buf[PATH_MAX], err[512];
    DataDirSource src;
    write_file("bin/losslens-data-dir", at("src"));
    DataDirDesc d = desc_for(NULL);
    ASSERT(find(&d, buf, &src, err));
    ASSERT(strcmp(buf, at("src")) == 0);
    ASSERT(src == DATADIR_FROM_OVERRIDE);

    /* A trailing newline (as meson writes it) and a path relative to the executable. */
    write_file("bin/losslens-data-dir", "../inst\n");
    ASSERT(find(&d, buf, &src, err));
    ASSERT(strcmp(buf, at("bin/../inst")) == 0);
    ASSERT(src == DATADIR_FROM_OVERRIDE);
    remove(at("bin/losslens-data-dir"));
}

TEST(override_without_data_is_an_error)
{
    char buf[PATH_MAX], err[512];
    DataDirSource src;
    DataDirDesc d = desc_for(NULL);
    write_file("bin/losslens-data-dir", at("empty"));
    ASSERT(!find(&d, buf, &src, err));
    ASSERT_STR_CONTAINS(err, at("bin/losslens-data-dir"));
    ASSERT_STR_CONTAINS(err, at("empty"));
    write_file("bin/losslens-data-dir", ""); /* present but names nothing */
    ASSERT(!find(&d, buf, &src, err));
    ASSERT_STR_CONTAINS(err, "losslens-data-dir is empty or unreadable");
    remove(at("bin/losslens-data-dir"));
}

TEST(next_to_the_executable_then_install)
{
    char buf[PATH_MAX], err[512], real[PATH_MAX];
    DataDirSource src;
    DataDirDesc d = desc_for(NULL);
    ASSERT(find(&d, buf, &src, err));
    ASSERT(src == DATADIR_FROM_EXE);
    ASSERT(realpath(at("share/losslens"), real) != NULL);
    ASSERT(strcmp(buf, real) == 0); /* "bin/../" resolved */

    d.exe_rel = "../nowhere";
    ASSERT(find(&d, buf, &src, err));
    ASSERT(src == DATADIR_FROM_INSTALL);
    ASSERT(strcmp(buf, at("inst")) == 0);

    d.exe_path = NULL; /* /proc/self/exe unreadable: steps 2 and 3 skipped */
    d.exe_rel = "../share/losslens";
    ASSERT(find(&d, buf, &src, err));
    ASSERT(src == DATADIR_FROM_INSTALL);
}

TEST(nothing_found)
{
    char buf[PATH_MAX] = "x", err[512];
    DataDirSource src;
    DataDirDesc d = desc_for(NULL);
    d.exe_rel = "../nowhere";
    d.install_dir = at("empty");
    ASSERT(!find(&d, buf, &src, err));
    ASSERT(buf[0] == '\0');
    ASSERT_STR_CONTAINS(err, "set LOSSLENS_DATA_DIR");
    ASSERT_STR_CONTAINS(err, at("empty"));
    ASSERT(src == DATADIR_SOURCE_COUNT); /* untouched */
}

TEST(too_small_a_buffer)
{
    char buf[8], err[512];
    DataDirDesc d = desc_for(at("src"));
    ASSERT(!datadir_find(&d, buf, sizeof buf, NULL, err, sizeof err));
    ASSERT_STR_CONTAINS(err, "too long");
}

/* This process: $LOSSLENS_DATA_DIR as the environment holds it. */
TEST(locate_reads_the_environment)
{
    char buf[PATH_MAX], err[512];
    ASSERT(setenv("LOSSLENS_DATA_DIR", at("src"), 1) == 0);
    ASSERT(datadir_locate(buf, sizeof buf, err, sizeof err));
    ASSERT(strcmp(buf, at("src")) == 0);
    ASSERT(datadir_path("assets/scenes", buf, sizeof buf, err, sizeof err));
    char want[PATH_MAX];
    snprintf(want, sizeof want, "%s/assets/scenes", at("src"));
    ASSERT(strcmp(buf, want) == 0);
    ASSERT(!datadir_path("assets/scenes", buf, 10, err, sizeof err));
    ASSERT(buf[0] == '\0');

    ASSERT(setenv("LOSSLENS_DATA_DIR", at("half"), 1) == 0);
    ASSERT(!datadir_locate(buf, sizeof buf, err, sizeof err));
    ASSERT_STR_CONTAINS(err, at("half"));
    ASSERT(!datadir_path("assets", buf, sizeof buf, err, sizeof err));
    unsetenv("LOSSLENS_DATA_DIR");
}

TEST(source_names)
{
    ASSERT(strcmp(datadir_source_name(DATADIR_FROM_ENV), "LOSSLENS_DATA_DIR") == 0);
    ASSERT(strcmp(datadir_source_name(DATADIR_FROM_OVERRIDE), "build-tree override") == 0);
    ASSERT(strcmp(datadir_source_name(DATADIR_FROM_EXE), "next to the executable") == 0);
    ASSERT(strcmp(datadir_source_name(DATADIR_FROM_INSTALL), "install prefix") == 0);
}

int main(void)
{
    if (!make_tree()) {
        fprintf(stderr, "test_datadir: cannot make a temporary directory\n");
        return 1;
    }
    RUN_TEST(has_data_needs_both_directories);
    RUN_TEST(env_comes_first);
    RUN_TEST(bad_env_is_an_error_not_a_fallback);
    RUN_TEST(empty_env_counts_as_unset);
    RUN_TEST(override_file_beside_the_executable);
    RUN_TEST(override_without_data_is_an_error);
    RUN_TEST(next_to_the_executable_then_install);
    RUN_TEST(nothing_found);
    RUN_TEST(too_small_a_buffer);
    RUN_TEST(locate_reads_the_environment);
    RUN_TEST(source_names);
    remove_tree();
    return TEST_MAIN("test_datadir");
}
