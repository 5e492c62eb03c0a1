/* A growable byte buffer. On allocation failure it keeps what it has and
 * sets `failed`, so callers check once at the end instead of at every append. */
#ifndef DUN_CORE_STRBUF_H
#define DUN_CORE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
    char *data;   ///< NUL-terminated when len > 0 or after sb_cstr()
    size_t len, cap;
    bool failed;
};

void sb_append(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** A string literal, its length known at compile time. */
#define sb_lit(sb, literal) sb_append((sb), "" literal, sizeof(literal) - 1)
/** An integer in decimal, as "%lld" writes it but without printf. */
void sb_put_int64(struct strbuf *sb, int64_t v);
/** The contents as a C string ("" when empty); owned by sb. */
const char *sb_cstr(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/** One field of a PostgreSQL COPY text-format row: NULL becomes \N; tab,
 *  newline, CR and backslash are escaped. `last` ends the row. */
void sb_copy_field(struct strbuf *sb, const char *value, bool last);
/** A JSON string literal with the quotes: " and \ escaped, \n \r \t, other
 *  C0 controls, DEL, C1 controls and the bidirectional controls as \uXXXX;
 *  every other byte (UTF-8) as it is. */
void sb_json_string(struct strbuf *sb, const char *s);

#endif
