/* Helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Each target is one LLVMFuzzerTestOneInput over a core parser. Besides
 * "no crash, no sanitizer report", a target checks properties of what the
 * code under test returns (a value read back after it is written, an
 * output that fits its buffer); a property that does not hold aborts with
 * FUZZ_CHECK's message, so libFuzzer keeps the input as a crash.
 *
 * Header-only: every target includes it once. Ownership: fuzz_cstr's
 * string is the caller's to free; fuzz_rows keeps nothing past its return.
 */
#ifndef DUN_TESTS_FUZZ_H
#define DUN_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Abort with a message when a property does not hold. */
#define FUZZ_CHECK(cond, ...)                                                            \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "fuzz property failed at %s:%d: %s\n  ", __FILE__, __LINE__, \
                    #cond);                                                              \
            fprintf(stderr, __VA_ARGS__);                                                \
            fputc('\n', stderr);                                                         \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/** The input as a new NUL-terminated string (it ends at the first NUL, as
 *  every C string dun handles does). The caller frees it. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/** A signed 64-bit number from the first 8 bytes of the input (0 when
 *  shorter), for targets that also try values no text would give. */
static inline int64_t fuzz_i64(const uint8_t *data, size_t size)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 8 && i < size; i++)
        v |= (uint64_t)data[i] << (8 * i);
    return (int64_t)v;
}

/** v folded into [lo, hi] (lo <= hi), keeping small values as they are. */
static inline int64_t fuzz_clamp(int64_t v, int64_t lo, int64_t hi)
{
    if (v >= lo && v <= hi)
        return v;
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    return (int64_t)((uint64_t)lo + (uint64_t)v % span);
}

/** Called with one data row of an import file: in[c] is the row's text of
 *  column c, NULL when the header has no such column. */
typedef void (*fuzz_row_fn)(const char *const *in, size_t line, void *ctx);

/**
 * Read the input as an import file, the way core/db/import.c does: the
 * first record is the header, whose names (spaces around them trimmed) pick
 * the columns by find(); every later sound, non-blank record with as many
 * fields as the header becomes in[0..ncols) for each(). A header with an
 * unknown or repeated column ends it, as the import refuses such a file.
 * Blank rows are passed on too: the required columns must catch them.
 */
static inline void fuzz_rows(const uint8_t *data, size_t size, int ncols, int (*find)(const char *name),
                             fuzz_row_fn each, void *ctx)
{
    enum { MAX_FIELDS = 64 };
    struct csv_scanner sc;
    struct csv_record rec = {0};
    int col_of[MAX_FIELDS];
    const char *in[MAX_FIELDS];
    size_t nheader = 0;
    if (ncols > MAX_FIELDS)
        abort();
    csv_scanner_init(&sc, (const char *)data, size);
    if (!csv_next(&sc, &rec) || rec.error || rec.nfields > MAX_FIELDS)
        goto out;
    nheader = rec.nfields;
    bool seen[MAX_FIELDS] = {false};
    for (size_t i = 0; i < nheader; i++) {
        char *name = rec.fields[i];
        while (*name == ' ')
            name++;
        size_t n = strlen(name);
        while (n > 0 && name[n - 1] == ' ')
            name[--n] = '\0';
        int c = find(name);
        if (c < 0 || seen[c])
            goto out;
        seen[c] = true;
        col_of[i] = c;
    }
    while (csv_next(&sc, &rec)) {
        if (rec.error || rec.nfields != nheader)
            continue;
        for (int c = 0; c < ncols; c++)
            in[c] = NULL;
        for (size_t i = 0; i < nheader; i++)
            in[col_of[i]] = rec.fields[i];
        each(in, rec.line, ctx);
    }
out:
    csv_record_free(&rec);
}

/** Does s consist of an optional '-' and decimal digits only (what the
 *  validators write for numbers the store reads)? */
static inline bool fuzz_is_integer(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

#endif
