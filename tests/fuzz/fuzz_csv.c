/* Fuzz core/csv.c: the record scanner every import runs first, and the
 * field writer of the template export.
 *
 * The input is a file's bytes. Properties:
 *  - records tile the input after a byte order mark, each starting on the
 *    physical line its byte offset says (what FILE:LINE messages name);
 *  - a sound record's fields are valid UTF-8 and together no longer than
 *    the record's bytes;
 *  - a sound record written back with csv_append_field (after a header,
 *    as the template export writes) reads back as one sound record with
 *    the same fields.
 */
#include "tests/fuzz/fuzz.h"

#include "core/strbuf.h"
#include "core/utf8.h"

static size_t newlines(const char *buf, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += buf[i] == '\n';
    return n;
}

/* Write rec's fields as one record and scan it back. The record follows a
 * header line, as in an export: at byte 0 a field starting with U+FEFF
 * would be taken for a byte order mark. */
static void check_written_back(const struct csv_record *rec)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "header\n");
    for (size_t i = 0; i < rec->nfields; i++)
        csv_append_field(&sb, rec->fields[i], i + 1 == rec->nfields);
    FUZZ_CHECK(!sb.failed, "out of memory writing a record");
    struct csv_scanner sc;
    struct csv_record back = {0};
    csv_scanner_init(&sc, sb_cstr(&sb), sb.len);
    FUZZ_CHECK(csv_next(&sc, &back) && !back.error, "the header line");
    FUZZ_CHECK(csv_next(&sc, &back), "a written record reads back as nothing: \"%s\"", sb_cstr(&sb));
    FUZZ_CHECK(!back.error, "a written record reads back as an error (%s): \"%s\"", back.error, sb_cstr(&sb));
    FUZZ_CHECK(back.nfields == rec->nfields, "%zu fields written, %zu read back: \"%s\"", rec->nfields,
               back.nfields, sb_cstr(&sb));
    for (size_t i = 0; i < rec->nfields; i++)
        FUZZ_CHECK(strcmp(back.fields[i], rec->fields[i]) == 0, "field %zu \"%s\" reads back as \"%s\"", i + 1,
                   rec->fields[i], back.fields[i]);
    FUZZ_CHECK(!csv_next(&sc, &back), "one record written, a second read back: \"%s\"", sb_cstr(&sb));
    csv_record_free(&back);
    sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, buf, size);
    size_t at = (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    while (csv_next(&sc, &rec)) {
        FUZZ_CHECK(rec.raw_start == at, "a record starts at byte %zu, the last ended at %zu", rec.raw_start, at);
        FUZZ_CHECK(rec.raw_end > rec.raw_start && rec.raw_end <= size, "record bytes %zu..%zu of %zu",
                   rec.raw_start, rec.raw_end, size);
        FUZZ_CHECK(rec.line == 1 + newlines(buf, 0, rec.raw_start), "record at byte %zu said to start on line %zu",
                   rec.raw_start, rec.line);
        at = rec.raw_end;
        if (rec.error)
            continue;
        FUZZ_CHECK(rec.nfields >= 1, "a sound record with no field");
        size_t total = 0;
        for (size_t i = 0; i < rec.nfields; i++) {
            size_t len = strlen(rec.fields[i]);
            FUZZ_CHECK(utf8_invalid_offset(rec.fields[i], len) == len, "field %zu is not UTF-8", i + 1);
            total += len;
        }
        FUZZ_CHECK(total <= rec.raw_end - rec.raw_start, "fields of %zu bytes from a record of %zu", total,
                   rec.raw_end - rec.raw_start);
        check_written_back(&rec);
    }
    FUZZ_CHECK(at == size, "scanning stopped at byte %zu of %zu", at, size);
    csv_record_free(&rec);
    return 0;
}
