#include "core/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"

void csv_scanner_init(struct csv_scanner *sc, const char *buf, size_t len)
{
    sc->buf = buf;
    sc->len = len;
    sc->pos = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    sc->line = 1;
}

static bool text_push(struct csv_record *r, char c)
{
    if (r->text_len + 1 >= r->text_cap) {
        size_t cap = r->text_cap ? r->text_cap * 2 : 256;
        char *t = realloc(r->text, cap);
        if (!t)
            return false;
        r->text = t;
        r->text_cap = cap;
    }
    r->text[r->text_len++] = c;
    return true;
}

/* Fields are stored as offsets into text while scanning (text may move),
 * then turned into pointers at the end. */
static bool field_start(struct csv_record *r)
{
    if (r->nfields == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **f = realloc(r->fields, cap * sizeof *f);
        if (!f)
            return false;
        r->fields = f;
        r->cap = cap;
    }
    r->fields[r->nfields++] = (char *)(uintptr_t)r->text_len;
    return true;
}

/* Skip to just after the next line ending (used after a fault). */
static void skip_line(struct csv_scanner *sc)
{
    while (sc->pos < sc->len && sc->buf[sc->pos] != '\n')
        sc->pos++;
    if (sc->pos < sc->len) {
        sc->pos++;
        sc->line++;
    }
}

/* One byte of the current field's text; past CSV_FIELD_MAX, or past the
 * record's last allowed field, nothing more is kept (the record is bad). */
static void field_byte(struct csv_record *r, char c, bool *too_long)
{
    size_t start = (size_t)(uintptr_t)r->fields[r->nfields - 1];
    if (r->text_len - start >= CSV_FIELD_MAX) {
        if (!*too_long)
            r->error_field = (int)r->nfields - 1;
        *too_long = true;
        return;
    }
    text_push(r, c);
}

static bool fail(struct csv_scanner *sc, struct csv_record *r, const char *why)
{
    r->error = why;
    r->error_field = -1;
    r->nfields = 0; /* the field offsets were never turned into pointers */
    skip_line(sc);
    r->raw_end = sc->pos;
    return true;
}

bool csv_next(struct csv_scanner *sc, struct csv_record *r)
{
    if (sc->pos >= sc->len)
        return false;
    r->nfields = 0;
    r->text_len = 0;
    r->error = NULL;
    r->error_field = -1;
    r->line = sc->line;
    r->raw_start = sc->pos;

    const char *b = sc->buf;
    if (!field_start(r))
        return fail(sc, r, "out of memory");
    bool quoted = false, after_quote = false, field_begun = false, too_long = false, too_wide = false;
    for (;;) {
        if (sc->pos >= sc->len) {
            if (quoted)
                return fail(sc, r, "a quoted field is not closed before the end of the file");
            break;
        }
        char c = b[sc->pos];
        if (c == '\0')
            return fail(sc, r, "contains a NUL byte");
        if (quoted) {
            if (c == '"') {
                if (sc->pos + 1 < sc->len && b[sc->pos + 1] == '"') {
                    field_byte(r, '"', &too_long);
                    sc->pos += 2;
                    continue;
                }
                quoted = false;
                after_quote = true;
                sc->pos++;
                continue;
            }
            if (c == '\n')
                sc->line++;
            field_byte(r, c, &too_long);
            sc->pos++;
            continue;
        }
        if (c == ',') {
            if (r->nfields == CSV_FIELDS_MAX) { /* the rest of the record is scanned, not kept */
                too_wide = true;
                r->text_len = (size_t)(uintptr_t)r->fields[r->nfields - 1];
            } else {
                text_push(r, '\0');
                if (!field_start(r))
                    return fail(sc, r, "out of memory");
            }
            after_quote = field_begun = false;
            sc->pos++;
            continue;
        }
        if (c == '\n' || (c == '\r' && sc->pos + 1 < sc->len && b[sc->pos + 1] == '\n')) {
            sc->pos += (c == '\r') ? 2 : 1;
            sc->line++;
            break;
        }
        if (after_quote)
            return fail(sc, r, "text after a closing quote (quote the whole field and double inner quotes)");
        if (c == '"') {
            if (field_begun)
                return fail(sc, r, "a quote inside an unquoted field (quote the whole field and double inner quotes)");
            quoted = true;
            field_begun = true;
            sc->pos++;
            continue;
        }
        field_begun = true;
        field_byte(r, c, &too_long);
        sc->pos++;
    }
    text_push(r, '\0');
    r->raw_end = sc->pos;
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->text + (uintptr_t)r->fields[i];
    size_t raw_len = r->raw_end - r->raw_start;
    if (too_wide) {
        r->error = "has more than 1,024 fields";
        r->error_field = -1;
    } else if (too_long) {
        r->error = "longer than 65,536 bytes (the most a field may hold)";
    } else if (utf8_invalid_offset(b + r->raw_start, raw_len) != raw_len)
        r->error = "contains bytes that are not UTF-8 (save the file as UTF-8)";
    else if (raw_len >= 2 && b[r->raw_start] == '\\' && b[r->raw_start + 1] == '.' &&
             (raw_len == 2 || b[r->raw_start + 2] == '\n' || b[r->raw_start + 2] == '\r'))
        r->error = "a line \"\\.\" is not a record";
    return true;
}

void csv_record_free(struct csv_record *r)
{
    free(r->fields);
    free(r->text);
    memset(r, 0, sizeof *r);
}

bool csv_record_blank(const struct csv_record *r)
{
    return r->nfields == 0 || (r->nfields == 1 && r->fields[0][0] == '\0');
}

void csv_append_field(struct strbuf *sb, const char *value, bool last)
{
    size_t len = strlen(value);
    /* \. alone on a line would read as the end of PostgreSQL's COPY data. */
    bool quote = strpbrk(value, ",\"\r\n") != NULL || (len > 0 && (value[0] == ' ' || value[len - 1] == ' ')) ||
                 strcmp(value, "\\.") == 0;
    if (!quote) {
        sb_append(sb, value, len);
    } else {
        sb_putc(sb, '"');
        for (const char *p = value; *p; p++) {
            if (*p == '"')
                sb_putc(sb, '"');
            sb_putc(sb, *p);
        }
        sb_putc(sb, '"');
    }
    sb_putc(sb, last ? '\n' : ',');
}
