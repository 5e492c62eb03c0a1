/* Whole-file reading for imports and config files. */
#ifndef DUN_CORE_FILE_H
#define DUN_CORE_FILE_H

#include <stddef.h>

/** Read all of path into a new NUL-terminated buffer the caller frees; its
 *  length (without the NUL) in *len when len is not NULL. NULL with errno
 *  set when the file cannot be opened or read. */
char *file_read_all(const char *path, size_t *len);

#endif
