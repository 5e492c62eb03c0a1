/* Unit tests for core/file: only a regular file of at most FILE_MAX_BYTES
 * is read; everything else is refused at once with a sentence (issue 10,
 * item 13: a directory gave "Input/output error", /dev/zero was read until
 * memory ran out, a FIFO blocked forever). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"

static char dir[64];

static void path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

static void refused(const char *p, const char *want, int want_errno)
{
    char err[200] = "";
    size_t len = 7;
    assert_null(file_read(p, &len, err, sizeof err));
    assert_string_equal(err, want);
    assert_int_equal(len, 7); /* untouched */
    errno = 0;
    assert_null(file_read_all(p, NULL));
    assert_int_equal(errno, want_errno);
}

static void test_regular_file(void **state)
{
    (void)state;
    char p[128], err[200];
    path(p, sizeof p, "ok.csv");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("ref,name\nA,\xE5\xB1\xB1\n", f);
    fclose(f);
    size_t len = 0;
    char *text = file_read(p, &len, err, sizeof err);
    assert_non_null(text);
    assert_int_equal(len, 15);
    assert_string_equal(text, "ref,name\nA,\xE5\xB1\xB1\n");
    free(text);
    path(p, sizeof p, "empty.csv");
    f = fopen(p, "wb");
    fclose(f);
    text = file_read(p, &len, err, sizeof err);
    assert_non_null(text);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    free(text);
}

static void test_not_regular(void **state)
{
    (void)state;
    char p[128];
    path(p, sizeof p, "a-directory.csv");
    assert_int_equal(mkdir(p, 0700), 0);
    refused(p, "it is a directory, not a file", EISDIR);
    path(p, sizeof p, "fifo.csv");
    assert_int_equal(mkfifo(p, 0600), 0);
    refused(p, "it is a FIFO (named pipe), not a regular file", EINVAL); /* returns: nobody writes */
    refused("/dev/zero", "it is a character device, not a regular file", EINVAL);
    refused("/dev/null", "it is a character device, not a regular file", EINVAL);
}

static void test_too_large(void **state)
{
    (void)state;
    char p[128];
    path(p, sizeof p, "sparse.csv"); /* no disk used: a hole */
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)FILE_MAX_BYTES + 1), 0);
    fclose(f);
    refused(p, "it is larger than 200 MB (209,715,200 bytes), the most dun reads: split it", EFBIG);
}

static void test_missing(void **state)
{
    (void)state;
    char p[128];
    path(p, sizeof p, "nope.csv");
    refused(p, "No such file or directory", ENOENT);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dun-test-file.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"ok.csv", "empty.csv", "fifo.csv", "sparse.csv"};
    char p[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        path(p, sizeof p, names[i]);
        unlink(p);
    }
    path(p, sizeof p, "a-directory.csv");
    rmdir(p);
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_file),
        cmocka_unit_test(test_not_regular),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
