#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not regular is, for the sentence (and errno). */
static const char *not_regular(mode_t mode, int *errnum)
{
    *errnum = EINVAL;
    if (S_ISDIR(mode)) {
        *errnum = EISDIR;
        return "it is a directory, not a file";
    }
    if (S_ISFIFO(mode))
        return "it is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode))
        return "it is a character device, not a regular file";
    if (S_ISBLK(mode))
        return "it is a block device, not a regular file";
    if (S_ISSOCK(mode))
        return "it is a socket, not a regular file";
    return "it is not a regular file";
}

static void too_large(char *err, size_t errlen)
{
    snprintf(err, errlen, "it is larger than 200 MB (209,715,200 bytes), the most dun reads: split it");
}

/* Read fd to its end into a buffer of at least `hint` bytes; more than
 * FILE_MAX_BYTES (a file that grew while read) fails with EFBIG. */
static char *read_fd(int fd, size_t hint, size_t *len)
{
    size_t cap = hint + 1 > 65536 ? hint + 1 : 65536, used = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            errno = ENOMEM;
            return NULL;
        }
        if (used == cap) {
            if (cap > FILE_MAX_BYTES) {
                free(buf);
                errno = EFBIG;
                return NULL;
            }
            cap *= 2;
            char *b = realloc(buf, cap + 1);
            if (!b)
                free(buf);
            buf = b;
            continue;
        }
        ssize_t got = read(fd, buf + used, cap - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (got == 0)
            break;
        used += (size_t)got;
    }
    if (used > FILE_MAX_BYTES) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    buf[used] = '\0';
    *len = used;
    return buf;
}

char *file_read(const char *path, size_t *len, char *err, size_t errlen)
{
    /* O_NONBLOCK: opening a FIFO does not wait for a writer; it is refused next. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "%s", strerror(e));
        errno = e;
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        snprintf(err, errlen, "%s", strerror(e));
        errno = e;
        return NULL;
    }
    int e = 0;
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s", not_regular(st.st_mode, &e));
    } else if ((size_t)st.st_size > FILE_MAX_BYTES) {
        too_large(err, errlen);
        e = EFBIG;
    }
    if (e) {
        close(fd);
        errno = e;
        return NULL;
    }
    size_t n = 0;
    char *buf = read_fd(fd, (size_t)st.st_size, &n);
    e = errno;
    close(fd);
    if (!buf) {
        if (e == EFBIG)
            too_large(err, errlen);
        else
            snprintf(err, errlen, "%s", strerror(e));
        errno = e;
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

char *file_read_all(const char *path, size_t *len)
{
    char err[160];
    return file_read(path, len, err, sizeof err);
}
