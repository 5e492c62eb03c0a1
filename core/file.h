/* Whole-file reading for imports and config files. */
#ifndef DUN_CORE_FILE_H
#define DUN_CORE_FILE_H

#include <stddef.h>

/** The largest file dun reads whole: 200 MB (docs/import-formats.md, dun(1)). */
#define FILE_MAX_BYTES ((size_t)200 * 1024 * 1024)

/**
 * Read all of path into a new NUL-terminated buffer the caller frees; its
 * length (without the NUL) in *len when len is not NULL. Only a regular
 * file of at most FILE_MAX_BYTES is read: a directory, a FIFO, a device or
 * a socket is refused without reading (a FIFO is never waited on), and so
 * is a larger file. NULL with one sentence in err ("it is a directory, not
 * a file") when the file is refused or cannot be opened or read.
 */
char *file_read(const char *path, size_t *len, char *err, size_t errlen);

/** file_read, with errno instead of a sentence: EISDIR a directory, EINVAL
 *  another file that is not regular, EFBIG larger than FILE_MAX_BYTES, else
 *  what open or read said. */
char *file_read_all(const char *path, size_t *len);

#endif
