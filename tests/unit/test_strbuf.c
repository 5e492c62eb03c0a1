/* Unit tests for core/strbuf: growth, printf, reset/free, and the two
 * escapers (PostgreSQL COPY text fields and JSON string literals). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_empty(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    assert_string_equal(sb_cstr(&sb), "");
    assert_int_equal(sb.len, 0);
    sb_append(&sb, "", 0); // an empty append leaves an empty, terminated string
    assert_string_equal(sb_cstr(&sb), "");
    assert_int_equal(sb.len, 0);
    assert_false(sb.failed);
    sb_free(&sb);
    assert_null(sb.data);
    assert_int_equal(sb.cap, 0);
    sb_free(&sb); // twice is harmless
}

static void test_append_and_growth(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    size_t total = 0;
    char chunk[1000];
    /* Appends of varying sizes, 1..999 bytes, to well past many KB. */
    for (size_t i = 1; total < 300000; i = i * 7 % 1000 + 1) {
        for (size_t k = 0; k < i; k++)
            chunk[k] = (char)('a' + (total + k) % 26);
        sb_append(&sb, chunk, i);
        total += i;
        assert_int_equal(sb.len, total);
        assert_true(sb.cap >= sb.len + 1);
        assert_int_equal(sb.data[sb.len], '\0');
    }
    assert_false(sb.failed);
    const char *s = sb_cstr(&sb);
    assert_int_equal(strlen(s), total);
    for (size_t k = 0; k < total; k++)
        if (s[k] != (char)('a' + k % 26))
            fail_msg("byte %zu is '%c'", k, s[k]);
    sb_free(&sb);

    /* One byte at a time, and puts. */
    for (int i = 0; i < 70000; i++)
        sb_putc(&sb, (char)('0' + i % 10));
    assert_int_equal(sb.len, 70000);
    assert_int_equal(sb_cstr(&sb)[69999], '9');
    sb_puts(&sb, "end");
    assert_int_equal(sb.len, 70003);
    assert_string_equal(sb_cstr(&sb) + 70000, "end");
    sb_free(&sb);

    /* One big append into an empty buffer. */
    char *big = malloc(1 << 20);
    assert_non_null(big);
    memset(big, 'z', 1 << 20);
    sb_append(&sb, big, 1 << 20);
    assert_int_equal(sb.len, 1 << 20);
    assert_memory_equal(sb.data, big, 1 << 20);
    assert_int_equal(sb.data[1 << 20], '\0');
    free(big);
    sb_free(&sb);
}

static void test_embedded_nul(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    sb_append(&sb, "a\0b", 3);
    sb_putc(&sb, '\0');
    assert_int_equal(sb.len, 4);
    assert_memory_equal(sb.data, "a\0b\0", 5);
    sb_free(&sb);
}

static void test_printf(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    sb_printf(&sb, "%d-%s-%zu", 42, "x", (size_t)7);
    assert_string_equal(sb_cstr(&sb), "42-x-7");
    sb_printf(&sb, "%s", "");
    assert_string_equal(sb_cstr(&sb), "42-x-7");
    sb_printf(&sb, ", f%zu text", (size_t)3);
    assert_string_equal(sb_cstr(&sb), "42-x-7, f3 text");
    assert_int_equal(sb.len, strlen("42-x-7, f3 text"));
    sb_free(&sb);

    /* Output far larger than the first allocation, after existing content. */
    char *big = malloc(20001);
    assert_non_null(big);
    memset(big, 'q', 20000);
    big[20000] = '\0';
    sb_puts(&sb, "head:");
    sb_printf(&sb, "[%s]%05d", big, 7);
    assert_int_equal(sb.len, 5 + 1 + 20000 + 1 + 5);
    assert_memory_equal(sb_cstr(&sb), "head:[", 6);
    assert_string_equal(sb_cstr(&sb) + 6 + 20000, "]00007");
    free(big);

    /* Many small printfs across several growths. */
    sb_reset(&sb);
    for (int i = 0; i < 5000; i++)
        sb_printf(&sb, "%d,", i % 10);
    assert_int_equal(sb.len, 10000);
    assert_memory_equal(sb_cstr(&sb), "0,1,2,3,4,", 10);
    assert_string_equal(sb_cstr(&sb) + 9990, "5,6,7,8,9,");
    sb_free(&sb);

    sb_printf(&sb, "%s", ""); // into a never-used buffer
    assert_string_equal(sb_cstr(&sb), "");
    assert_int_equal(sb.len, 0);
    sb_free(&sb);
}

static void test_reset_reuses(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    sb_reset(&sb); // on an empty buffer
    assert_string_equal(sb_cstr(&sb), "");
    sb_puts(&sb, "first contents");
    char *data = sb.data;
    size_t cap = sb.cap;
    sb_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb_cstr(&sb), "");
    assert_ptr_equal(sb.data, data); // storage is kept
    assert_int_equal(sb.cap, cap);
    sb_puts(&sb, "second");
    assert_string_equal(sb_cstr(&sb), "second");
    sb_free(&sb);
}

/* ---- COPY text fields --------------------------------------------------- */

static void test_copy_field(void **state)
{
    (void)state;
    static const struct { const char *v; bool last; const char *out; } cases[] = {
        {"plain", false, "plain\t"},
        {"plain", true, "plain\n"},
        {"", false, "\t"},
        {NULL, false, "\\N\t"},
        {NULL, true, "\\N\n"},
        {"\\N", false, "\\\\N\t"},            // the text \N is not NULL
        {"a\tb", false, "a\\tb\t"},
        {"line1\nline2", false, "line1\\nline2\t"},
        {"cr\r\n", false, "cr\\r\\n\t"},
        {"back\\slash", false, "back\\\\slash\t"},
        {"\\", true, "\\\\\n"},
        {"山田 太郎", false, "山田 太郎\t"},
        {"{Asia/Tokyo,America/New_York}", false, "{Asia/Tokyo,America/New_York}\t"},
        {"quote\"comma,", false, "quote\"comma,\t"}, // nothing else is special in text format
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct strbuf sb = {0};
        sb_copy_field(&sb, cases[i].v, cases[i].last);
        if (strcmp(sb_cstr(&sb), cases[i].out) != 0)
            fail_msg("case %zu: got \"%s\"", i, sb_cstr(&sb));
        sb_free(&sb);
    }

    /* A whole row. */
    struct strbuf sb = {0};
    sb_copy_field(&sb, "3", false);
    sb_copy_field(&sb, "JP-1", false);
    sb_copy_field(&sb, NULL, false);
    sb_copy_field(&sb, "a\tb\\c", true);
    assert_string_equal(sb_cstr(&sb), "3\tJP-1\t\\N\ta\\tb\\\\c\n");
    sb_free(&sb);
}

/* ---- JSON strings ------------------------------------------------------- */

static void test_json_string(void **state)
{
    (void)state;
    static const struct { const char *s, *out; } cases[] = {
        {"", "\"\""},
        {"plain", "\"plain\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
        {"\x01", "\"\\u0001\""},
        {"\x08\x0c", "\"\\u0008\\u000c\""},
        {"\x1b[0m", "\"\\u001b[0m\""},
        {"\x1f", "\"\\u001f\""},
        {" ~", "\" ~\""},
        {"/", "\"/\""},
        {"山田 太郎", "\"山田 太郎\""},
        {"😀", "\"😀\""},
        {"¥12,000", "\"¥12,000\""},
        /* DEL, C1 controls (U+009B is CSI) and the bidirectional overrides
         * would reach a terminal that shows the JSON: escaped too. */
        {"\x7f", "\"\\u007f\""},
        {"a\xc2\x9b" "2J", "\"a\\u009b2J\""},
        {"\xc2\xa0", "\"\xc2\xa0\""},  /* U+00A0 is text */
        {"x\xe2\x80\xae" "y\xe2\x81\xa9", "\"x\\u202ey\\u2069\""},
        {"\xe2\x80\xa6", "\"\xe2\x80\xa6\""},  /* an ellipsis is text */
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct strbuf sb = {0};
        sb_json_string(&sb, cases[i].s);
        if (strcmp(sb_cstr(&sb), cases[i].out) != 0)
            fail_msg("case %zu: got %s, want %s", i, sb_cstr(&sb), cases[i].out);
        sb_free(&sb);
    }

    /* Every control character comes out escaped: no raw byte below 0x20. */
    char all[32];
    for (int c = 1; c < 32; c++)
        all[c - 1] = (char)c;
    all[31] = '\0';
    struct strbuf sb = {0};
    sb_json_string(&sb, all);
    for (size_t k = 0; k < sb.len; k++)
        assert_true((unsigned char)sb.data[k] >= 0x20);
    assert_memory_equal(sb.data, "\"\\u0001\\u0002", 13);
    sb_free(&sb);

    /* Appends after what is there. */
    sb_puts(&sb, "{\"name\":");
    sb_json_string(&sb, "Smith, \"J\"");
    sb_putc(&sb, '}');
    assert_string_equal(sb_cstr(&sb), "{\"name\":\"Smith, \\\"J\\\"\"}");
    sb_free(&sb);
}

/* The escaper as it was written first, a byte at a time with printf: the
 * oracle for the one that appends runs of plain bytes. */
static void json_reference(struct strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                sb_printf(sb, "\\u%04x", *p);
            } else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
                sb_printf(sb, "\\u%04x", p[1]);
                p++;
            } else if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
                                        (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
                sb_printf(sb, "\\u%04x", 0x2000u | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu));
                p += 2;
            } else {
                sb_putc(sb, (char)*p);
            }
        }
    }
    sb_putc(sb, '"');
}

/* Random strings over the bytes that matter (controls, quotes, the lead
 * bytes of C1 and bidi controls, their continuations, plain text), cut
 * anywhere: the same bytes as the oracle's. */
static void test_json_string_random(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = {'a', ' ', '"', '\\', '\n', '\r', '\t', 0x01, 0x1b, 0x1f, 0x7f,
                                             0xc2, 0x80, 0x9b, 0x9f, 0xa0, 0xe2, 0x81, 0xa6, 0xa9, 0xaa,
                                             0xae, 0xaf, 0xe5, 0xb1, 0xb1};
    uint32_t seed = 12345;
    char text[40];
    for (int i = 0; i < 200000; i++) {
        size_t len = (size_t)(i % 39);
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            text[k] = (char)alphabet[(seed >> 16) % sizeof alphabet];
        }
        text[len] = '\0';
        struct strbuf got = {0}, want = {0};
        sb_json_string(&got, text);
        json_reference(&want, text);
        assert_string_equal(sb_cstr(&got), sb_cstr(&want));
        sb_free(&got);
        sb_free(&want);
    }
}

static void test_put_int64(void **state)
{
    (void)state;
    struct strbuf sb = {0};
    sb_lit(&sb, "n=");
    sb_put_int64(&sb, INT64_MIN);
    sb_lit(&sb, " ");
    sb_put_int64(&sb, 0);
    sb_lit(&sb, " ");
    sb_put_int64(&sb, INT64_MAX);
    assert_string_equal(sb_cstr(&sb), "n=-9223372036854775808 0 9223372036854775807");
    assert_int_equal(sb.len, strlen(sb_cstr(&sb)));
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_append_and_growth),
        cmocka_unit_test(test_embedded_nul),  cmocka_unit_test(test_printf),
        cmocka_unit_test(test_reset_reuses),  cmocka_unit_test(test_copy_field),
        cmocka_unit_test(test_json_string),   cmocka_unit_test(test_json_string_random),
        cmocka_unit_test(test_put_int64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
