/* A strict RFC 4180 record scanner.
 *
 * Finds record boundaries, the physical line each record starts on, its
 * unquoted fields, and the structural faults (unterminated or stray quotes,
 * NUL bytes, invalid UTF-8) of a record, so that imports validate sound
 * records field by field and report bad ones by line.
 */
#ifndef DUN_CORE_CSV_H
#define DUN_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

/** The most bytes one field may hold, and the most fields one record may
 *  have (docs/import-formats.md): a longer field or a wider record is a
 *  malformed record, scanned to its end but never held in memory whole. */
enum { CSV_FIELD_MAX = 65536, CSV_FIELDS_MAX = 1024 };

struct csv_record {
    char **fields;      ///< unquoted fields, NUL-terminated, owned by the record
    size_t nfields;
    size_t line;        ///< 1-based physical line the record starts on
    size_t raw_start;   ///< byte range of the record in the input,
    size_t raw_end;     ///< including its line ending
    const char *error;  ///< static sentence when the record is malformed, else NULL
    int error_field;    ///< with error: the field (0-based) it is about, or -1 for the record
    /* private */
    size_t cap;
    char *text;
    size_t text_len, text_cap;
};

/** Scanner over one buffer. The buffer must outlive the scanner. */
struct csv_scanner {
    const char *buf;
    size_t len, pos, line;
};

/** Start scanning; skips a UTF-8 byte order mark. */
void csv_scanner_init(struct csv_scanner *sc, const char *buf, size_t len);
/**
 * Read the next record into rec (reusing its storage). Returns false at the
 * end of input. A malformed record still returns true with rec->error set;
 * scanning resumes at the next line.
 */
bool csv_next(struct csv_scanner *sc, struct csv_record *rec);
/** Free the record's storage (the struct itself is the caller's). */
void csv_record_free(struct csv_record *rec);
/** True for a blank line: one empty field. A line of commas is not blank:
 *  it is a record whose fields are empty. */
bool csv_record_blank(const struct csv_record *rec);

struct strbuf;
/**
 * Append one field of a CSV record that csv_next reads back as value: in
 * double quotes (inner quotes doubled) when it holds a comma, a quote or a
 * line break, starts or ends with a space, or is \. (which alone on a line
 * would end PostgreSQL's data); as written otherwise. A comma
 * follows, or with `last` the LF that ends the record.
 */
void csv_append_field(struct strbuf *sb, const char *value, bool last);

#endif
