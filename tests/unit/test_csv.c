/* Unit tests for core/csv: record boundaries, the physical line each record
 * starts on, unquoting, byte ranges, and the structural faults (after which
 * scanning carries on at the next line). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/strbuf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAXF 8
#define ERR(l, why) {l, why, 0, {NULL}}

/* What one record should look like. error is a substring of rec->error, or
 * NULL for a sound record (then the fields are checked). */
struct want {
    size_t line;
    const char *error;
    size_t nfields;
    const char *fields[MAXF];
};

/* Scan buf (len bytes) and compare every record with w[0..n). Also checks
 * that the records' byte ranges tile the input after any BOM. */
static void check_scan(const char *buf, size_t len, const struct want *w, size_t n)
{
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, buf, len);
    size_t expect_start = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    size_t i = 0;
    while (csv_next(&sc, &rec)) {
        if (i >= n)
            fail_msg("record %zu (line %zu) was not expected", i + 1, rec.line);
        if (rec.line != w[i].line)
            fail_msg("record %zu: line %zu, want %zu", i + 1, rec.line, w[i].line);
        assert_int_equal(rec.raw_start, expect_start);
        assert_true(rec.raw_end > rec.raw_start && rec.raw_end <= len);
        expect_start = rec.raw_end;
        if (w[i].error) {
            if (!rec.error || !strstr(rec.error, w[i].error))
                fail_msg("record %zu: error \"%s\", want \"%s\"", i + 1,
                         rec.error ? rec.error : "(none)", w[i].error);
        } else {
            if (rec.error)
                fail_msg("record %zu: unexpected error \"%s\"", i + 1, rec.error);
            if (rec.nfields != w[i].nfields)
                fail_msg("record %zu: %zu fields, want %zu", i + 1, rec.nfields, w[i].nfields);
            for (size_t f = 0; f < rec.nfields; f++)
                if (strcmp(rec.fields[f], w[i].fields[f]) != 0)
                    fail_msg("record %zu field %zu: \"%s\", want \"%s\"", i + 1, f + 1,
                             rec.fields[f], w[i].fields[f]);
        }
        i++;
    }
    if (i != n)
        fail_msg("%zu records, want %zu", i, n);
    assert_int_equal(expect_start, len); // the last record ends at the end of input
    assert_false(csv_next(&sc, &rec));   // and the end stays the end
    csv_record_free(&rec);
}

#define SCAN(text, ...)                                                                  \
    do {                                                                                 \
        static const struct want w_[] = {__VA_ARGS__};                                   \
        check_scan(text, sizeof(text) - 1, w_, N(w_));                                   \
    } while (0)

/* ---- sound input -------------------------------------------------------- */

static void test_simple_records(void **state)
{
    (void)state;
    SCAN("ref,name,balance\nJP-1,Taro,12000\n",
         {1, NULL, 3, {"ref", "name", "balance"}},
         {2, NULL, 3, {"JP-1", "Taro", "12000"}});
    SCAN("a\n", {1, NULL, 1, {"a"}});
    SCAN("a,b\n1,2", {1, NULL, 2, {"a", "b"}}, {2, NULL, 2, {"1", "2"}}); // no final newline
    SCAN("山田 太郎,佐藤\n", {1, NULL, 2, {"山田 太郎", "佐藤"}});
}

static void test_crlf(void **state)
{
    (void)state;
    SCAN("a,b\r\n1,2\r\n", {1, NULL, 2, {"a", "b"}}, {2, NULL, 2, {"1", "2"}});
    SCAN("a,b\r\n1,2", {1, NULL, 2, {"a", "b"}}, {2, NULL, 2, {"1", "2"}});
    SCAN("\"q\"\r\nx\r\n", {1, NULL, 1, {"q"}}, {2, NULL, 1, {"x"}});
    SCAN("a\r\n\r\nb\r\n", {1, NULL, 1, {"a"}}, {2, NULL, 1, {""}}, {3, NULL, 1, {"b"}});
}

static void test_bom_skipped(void **state)
{
    (void)state;
    SCAN("\xEF\xBB\xBFref,name\nJP-1,Taro\n",
         {1, NULL, 2, {"ref", "name"}}, {2, NULL, 2, {"JP-1", "Taro"}});
    check_scan("\xEF\xBB\xBF", 3, NULL, 0); // a BOM alone is an empty file

    /* Only a leading BOM is skipped; a BOM later is data. */
    SCAN("a\n\xEF\xBB\xBF" "b\n", {1, NULL, 1, {"a"}}, {2, NULL, 1, {"\xEF\xBB\xBF" "b"}});

    struct csv_scanner sc;
    struct csv_record rec = {0};
    const char text[] = "\xEF\xBB\xBFref\n";
    csv_scanner_init(&sc, text, sizeof text - 1);
    assert_true(csv_next(&sc, &rec));
    assert_int_equal(rec.raw_start, 3);
    assert_int_equal(rec.raw_end, sizeof text - 1);
    csv_record_free(&rec);
}

static void test_quoted_fields(void **state)
{
    (void)state;
    SCAN("\"Smith, John\",USD\n", {1, NULL, 2, {"Smith, John", "USD"}});
    SCAN("\"say \"\"hi\"\"\",x\n", {1, NULL, 2, {"say \"hi\"", "x"}});
    SCAN("\"\"\"\"\n", {1, NULL, 1, {"\""}});
    SCAN("\"\",\"\"\n", {1, NULL, 2, {"", ""}});
    SCAN("\"12,000\",\"a\"\"\"\n", {1, NULL, 2, {"12,000", "a\""}});
    SCAN("\"ends at eof\"", {1, NULL, 1, {"ends at eof"}});
    SCAN("\"a\",\"b\"\r\n", {1, NULL, 2, {"a", "b"}});
}

static void test_multiline_fields(void **state)
{
    (void)state;
    SCAN("a,\"line1\nline2\",c\nnext,1\n",
         {1, NULL, 3, {"a", "line1\nline2", "c"}},
         {3, NULL, 2, {"next", "1"}});
    SCAN("\"x\n\ny\",1\n2,3\n\"p\nq\"\n4\n",
         {1, NULL, 2, {"x\n\ny", "1"}},
         {4, NULL, 2, {"2", "3"}},
         {5, NULL, 1, {"p\nq"}},
         {7, NULL, 1, {"4"}});
    SCAN("\"a\r\nb\",c\r\nd\r\n", // CRLF inside quotes is kept as data, and counts as a line
         {1, NULL, 2, {"a\r\nb", "c"}},
         {3, NULL, 1, {"d"}});
    SCAN("\"\n\n\n\"\nlast", {1, NULL, 1, {"\n\n\n"}}, {5, NULL, 1, {"last"}});
}

static void test_empty_fields(void **state)
{
    (void)state;
    SCAN(",,\n", {1, NULL, 3, {"", "", ""}});
    SCAN("a,,c\n", {1, NULL, 3, {"a", "", "c"}});
    SCAN("a,\n", {1, NULL, 2, {"a", ""}});
    SCAN(",a\n", {1, NULL, 2, {"", "a"}});
    SCAN("\n", {1, NULL, 1, {""}});
    SCAN("\n\n", {1, NULL, 1, {""}}, {2, NULL, 1, {""}});
    SCAN("a,\"\",c", {1, NULL, 3, {"a", "", "c"}});
    SCAN(" a , b \n", {1, NULL, 2, {" a ", " b "}}); // spaces are data; trimming is later
}

static void test_record_blank(void **state)
{
    (void)state;
    static const struct { const char *text; bool blank; } cases[] = {
        /* a line of commas is a record of empty fields, not a blank line (issue 10, item 13) */
        {"\n", true},    {",,,\n", false}, {"\"\"\n", true}, {"\"\",\"\"\n", false},
        {"a\n", false},  {",a\n", false},  {" \n", false},   {"\"\n\"\n", false},
        {"\r\n", true},  {",", false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct csv_scanner sc;
        struct csv_record rec = {0};
        csv_scanner_init(&sc, cases[i].text, strlen(cases[i].text));
        assert_true(csv_next(&sc, &rec));
        assert_null(rec.error);
        if (csv_record_blank(&rec) != cases[i].blank)
            fail_msg("case %zu: blank %d", i, !cases[i].blank);
        csv_record_free(&rec);
    }
    struct csv_record none = {0};
    assert_true(csv_record_blank(&none)); // no fields at all
}

/* ---- faults ------------------------------------------------------------- */

/* A field longer than CSV_FIELD_MAX is a fault of that field: the record is
 * scanned to its end (a quoted one across lines too) without being kept,
 * and the next record is read as usual. */
static void test_field_limit(void **state)
{
    (void)state;
    size_t big = CSV_FIELD_MAX + 10;
    char *buf = malloc(big + 64);
    assert_non_null(buf);
    for (int quoted = 0; quoted < 2; quoted++) {
        for (size_t n = CSV_FIELD_MAX; n <= CSV_FIELD_MAX + 1; n++) {
            size_t len = 0;
            len += (size_t)sprintf(buf, "a,%s", quoted ? "\"" : "");
            memset(buf + len, 'x', n);
            if (quoted)
                memcpy(buf + len + n / 2, "\n", 1); /* a line break inside the quoted field */
            len += n;
            len += (size_t)sprintf(buf + len, "%s,c\nnext,1,2\n", quoted ? "\"" : "");
            struct csv_scanner sc;
            struct csv_record rec = {0};
            csv_scanner_init(&sc, buf, len);
            assert_true(csv_next(&sc, &rec));
            if (n == CSV_FIELD_MAX) {
                assert_null(rec.error);
                assert_int_equal(rec.nfields, 3);
                assert_int_equal(strlen(rec.fields[1]), CSV_FIELD_MAX);
            } else {
                assert_string_equal(rec.error, "longer than 65,536 bytes (the most a field may hold)");
                assert_int_equal(rec.error_field, 1);
                assert_true(rec.text_cap <= 2 * (size_t)CSV_FIELD_MAX + 64); /* never held whole */
            }
            assert_true(csv_next(&sc, &rec));
            assert_null(rec.error);
            assert_int_equal(rec.line, quoted ? 3 : 2);
            assert_string_equal(rec.fields[0], "next");
            assert_false(csv_next(&sc, &rec));
            csv_record_free(&rec);
        }
    }
    free(buf);
}

/* More than CSV_FIELDS_MAX fields: a fault of the record, kept small. */
static void test_fields_limit(void **state)
{
    (void)state;
    size_t len = 0;
    char *buf = malloc(3 * 100000 + 16);
    assert_non_null(buf);
    for (int i = 0; i < CSV_FIELDS_MAX - 1; i++)
        buf[len++] = ',';
    memcpy(buf + len, "\n", 2);
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, buf, len + 1);
    assert_true(csv_next(&sc, &rec));
    assert_null(rec.error);
    assert_int_equal(rec.nfields, CSV_FIELDS_MAX);
    len = 0;
    for (int i = 0; i < 100000; i++)
        len += (size_t)sprintf(buf + len, "a,");
    buf[len++] = '\n';
    csv_scanner_init(&sc, buf, len);
    assert_true(csv_next(&sc, &rec));
    assert_string_equal(rec.error, "has more than 1,024 fields");
    assert_int_equal(rec.error_field, -1);
    assert_true(rec.cap <= CSV_FIELDS_MAX);
    assert_false(csv_next(&sc, &rec));
    csv_record_free(&rec);
    free(buf);
}

static void test_unclosed_quote(void **state)
{
    (void)state;
    SCAN("a,\"bc\n", ERR(1, "not closed"));
    /* An open quote runs to the end of the file: nothing after it is a record. */
    SCAN("ok,1\n2,\"open\n3,4\n", {1, NULL, 2, {"ok", "1"}}, ERR(2, "not closed"));
}

static void test_stray_quotes(void **state)
{
    (void)state;
    SCAN("ab\"c\",d\n1,2\n", ERR(1, "quote inside an unquoted field"), {2, NULL, 2, {"1", "2"}});
    SCAN("a,b\"\n1,2\n", ERR(1, "quote inside an unquoted field"), {2, NULL, 2, {"1", "2"}});
    SCAN("\"ab\"c,d\n1,2\n", ERR(1, "text after a closing quote"), {2, NULL, 2, {"1", "2"}});
    SCAN("\"ab\" ,d\n1,2\n", ERR(1, "text after a closing quote"), {2, NULL, 2, {"1", "2"}});
    SCAN("\"ab\"\rx\n1,2\n", ERR(1, "text after a closing quote"), {2, NULL, 2, {"1", "2"}});
    SCAN(" \"a\"\n1\n", ERR(1, "quote inside an unquoted field"), {2, NULL, 1, {"1"}});
    /* Errors one after another, then a good record, then the end without a newline. */
    SCAN("x\"\n\"y\"z\ngood\na\"", ERR(1, "quote inside"), ERR(2, "text after"),
         {3, NULL, 1, {"good"}}, ERR(4, "quote inside"));
    /* An error in a record after a multi-line field keeps the line count. */
    SCAN("\"a\nb\",1\nc\"d\ne\n", {1, NULL, 2, {"a\nb", "1"}}, ERR(3, "quote inside"),
         {4, NULL, 1, {"e"}});
}

static void test_nul_byte(void **state)
{
    (void)state;
    SCAN("a\0b,c\n1,2\n", ERR(1, "NUL"), {2, NULL, 2, {"1", "2"}});
    SCAN("ok\n\0\n1,2", {1, NULL, 1, {"ok"}}, ERR(2, "NUL"), {3, NULL, 2, {"1", "2"}});
    /* A NUL inside a multi-line quoted field: the lines already crossed count. */
    SCAN("\"a\nb\0\",c\n1,2\n", ERR(1, "NUL"), {3, NULL, 2, {"1", "2"}});
    SCAN("a,\0", ERR(1, "NUL"));
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    SCAN("a,\xFF\n1,2\n", ERR(1, "not UTF-8"), {2, NULL, 2, {"1", "2"}});
    SCAN("\"\x82\xA0\x82\xA2\",x\nok\n", ERR(1, "not UTF-8"), {2, NULL, 1, {"ok"}}); // Shift_JIS
    SCAN("\"a\n\xE5\xB1\",x\nok\n", ERR(1, "not UTF-8"), {3, NULL, 1, {"ok"}});
    SCAN("a,\xED\xA0\x80\nok", ERR(1, "not UTF-8"), {2, NULL, 1, {"ok"}}); // surrogate
    SCAN("山田,\xE5\xB1\n", ERR(1, "not UTF-8")); // truncated at the line end
}

static void test_copy_end_marker(void **state)
{
    (void)state;
    SCAN("a\n\\.\nb\n", {1, NULL, 1, {"a"}}, ERR(2, "\\."), {3, NULL, 1, {"b"}});
    SCAN("\\.\r\nb\n", ERR(1, "\\."), {2, NULL, 1, {"b"}});
    SCAN("\\.", ERR(1, "\\."));
    SCAN("\\.x\n", {1, NULL, 1, {"\\.x"}}); // only the marker on its own is refused
}

/* ---- storage ------------------------------------------------------------ */

/* One record struct reused over records that need more room each time
 * (fields past the initial 16, text past the initial 256 bytes), and then
 * smaller ones again. */
static void test_growth_and_reuse(void **state)
{
    (void)state;
    size_t cap = 300000;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t len = 0;
    /* line 1: 200 fields "f0".."f199" */
    for (int i = 0; i < 200; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%sf%d", i ? "," : "", i);
    buf[len++] = '\n';
    /* line 2: one quoted field of 100000 bytes with doubled quotes */
    buf[len++] = '"';
    for (int i = 0; i < 50000; i++) {
        buf[len++] = (i % 1000 == 999) ? '"' : 'x';
        if (i % 1000 == 999)
            buf[len++] = '"';
    }
    buf[len++] = '"';
    buf[len++] = '\n';
    /* line 3: small */
    memcpy(buf + len, "s,t\n", 4);
    len += 4;

    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, buf, len);

    assert_true(csv_next(&sc, &rec));
    assert_null(rec.error);
    assert_int_equal(rec.nfields, 200);
    for (int i = 0; i < 200; i++) {
        char want[8];
        snprintf(want, sizeof want, "f%d", i);
        assert_string_equal(rec.fields[i], want);
    }

    assert_true(csv_next(&sc, &rec));
    assert_null(rec.error);
    assert_int_equal(rec.line, 2);
    assert_int_equal(rec.nfields, 1);
    assert_int_equal(strlen(rec.fields[0]), 50000);
    for (int i = 0; i < 50000; i++)
        assert_int_equal(rec.fields[0][i], (i % 1000 == 999) ? '"' : 'x');

    assert_true(csv_next(&sc, &rec));
    assert_int_equal(rec.line, 3);
    assert_int_equal(rec.nfields, 2);
    assert_string_equal(rec.fields[0], "s");
    assert_string_equal(rec.fields[1], "t");
    assert_false(csv_next(&sc, &rec));

    csv_record_free(&rec);
    assert_null(rec.fields);
    assert_int_equal(rec.nfields, 0);
    csv_record_free(&rec); // twice is harmless
    free(buf);
}

/* A sound record's raw bytes, scanned on their own, give the same fields:
 * raw_start/raw_end really bracket the record (what goes to COPY). */
static void test_raw_range_rescans(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF" "ref,name\r\nJP-1,\"山田\n太郎\"\r\n\"a,b\",\"\"\"q\"\"\"\nlast,x";
    struct csv_scanner sc, sub;
    struct csv_record rec = {0}, again = {0};
    csv_scanner_init(&sc, text, sizeof text - 1);
    size_t records = 0;
    while (csv_next(&sc, &rec)) {
        assert_null(rec.error);
        csv_scanner_init(&sub, text + rec.raw_start, rec.raw_end - rec.raw_start);
        assert_true(csv_next(&sub, &again));
        assert_null(again.error);
        assert_int_equal(again.nfields, rec.nfields);
        for (size_t f = 0; f < rec.nfields; f++)
            assert_string_equal(again.fields[f], rec.fields[f]);
        assert_false(csv_next(&sub, &again)); // exactly one record in the range
        records++;
    }
    assert_int_equal(records, 4);
    csv_record_free(&rec);
    csv_record_free(&again);
}

static void test_empty_input(void **state)
{
    (void)state;
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, "", 0);
    assert_false(csv_next(&sc, &rec));
    csv_scanner_init(&sc, "\xEF\xBB", 2); // half a BOM is data (and invalid UTF-8)
    assert_true(csv_next(&sc, &rec));
    assert_non_null(rec.error);
    assert_false(csv_next(&sc, &rec));
    csv_record_free(&rec);
}

/* What csv_append_field writes, csv_next reads back as written; fields are
 * quoted only when they must be. */
static void test_append_round_trip(void **state)
{
    (void)state;
    static const char *const fields[] = {"plain", "", "a,b", "say \"hi\"", "山田\n太郎\r\n様", " lead", "trail ",
                                         "{{name}}"};
    struct strbuf sb = {0};
    for (int row = 0; row < 2; row++)
        for (size_t i = 0; i < N(fields); i++)
            csv_append_field(&sb, fields[i], i == N(fields) - 1);
    assert_false(sb.failed);
    assert_memory_equal(sb.data, "plain,,\"a,b\",\"say \"\"hi\"\"\",\"山田\n太郎\r\n様\",\" lead\",\"trail \",{{name}}\n",
                        strlen("plain,,\"a,b\",\"say \"\"hi\"\"\",\"山田\n太郎\r\n様\",\" lead\",\"trail \",{{name}}\n"));
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, sb.data, sb.len);
    size_t lines[] = {1, 4};
    for (int row = 0; row < 2; row++) {
        assert_true(csv_next(&sc, &rec));
        assert_null(rec.error);
        assert_int_equal(rec.line, lines[row]); /* the quoted line breaks count */
        assert_int_equal(rec.nfields, N(fields));
        for (size_t i = 0; i < N(fields); i++)
            assert_string_equal(rec.fields[i], fields[i]);
    }
    assert_false(csv_next(&sc, &rec));
    csv_record_free(&rec);
    sb_free(&sb);
}

/* A record of the one field \. is data, not PostgreSQL's end-of-data
 * line: written, it must read back (found by tests/fuzz/fuzz_csv.c). */
static void test_append_copy_end_marker(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    csv_append_field(&sb, "header", true);
    csv_append_field(&sb, "\\.", true);
    csv_append_field(&sb, "\\.", false); /* quoted wherever it stands: a simpler rule */
    csv_append_field(&sb, "x", true);
    assert_false(sb.failed);
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, sb.data, sb.len);
    assert_true(csv_next(&sc, &rec));
    assert_true(csv_next(&sc, &rec));
    if (rec.error)
        fail_msg("\\. written alone reads back as an error: %s", rec.error);
    assert_int_equal(rec.nfields, 1);
    assert_string_equal(rec.fields[0], "\\.");
    assert_true(csv_next(&sc, &rec));
    assert_null(rec.error);
    assert_string_equal(rec.fields[0], "\\.");
    assert_string_equal(sb_cstr(&sb), "header\n\"\\.\"\n\"\\.\",x\n");
    csv_record_free(&rec);
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_records),   cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bom_skipped),      cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_multiline_fields), cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_record_blank),     cmocka_unit_test(test_unclosed_quote),
        cmocka_unit_test(test_stray_quotes),     cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),     cmocka_unit_test(test_copy_end_marker),
        cmocka_unit_test(test_growth_and_reuse), cmocka_unit_test(test_raw_range_rescans),
        cmocka_unit_test(test_append_copy_end_marker),
        cmocka_unit_test(test_empty_input),      cmocka_unit_test(test_append_round_trip),
        cmocka_unit_test(test_field_limit),      cmocka_unit_test(test_fields_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
