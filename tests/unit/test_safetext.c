/* Unit tests for core/safetext: text from data written visibly (no terminal
 * control reaches the terminal raw), printf whose arguments are escaped and
 * whose format is kept, and the import check of text columns. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "core/safetext.h"

static char out[1024];

static const char *visible(const char *s)
{
    struct strbuf sb = {0};
    sb_put_visible(&sb, s);
    snprintf(out, sizeof out, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, f);
    sb_vprintf_visible(&sb, f, ap);
    va_end(ap);
    snprintf(out, sizeof out, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

static void test_plain_text_is_kept(void **state)
{
    (void)state;
    assert_string_equal(visible(""), "");
    assert_string_equal(visible("John Smith"), "John Smith");
    assert_string_equal(visible("山田 太郎 ＳＴＯＰ"), "山田 太郎 ＳＴＯＰ");
    assert_string_equal(visible("C:\\path"), "C:\\path"); /* a backslash is text */
    assert_string_equal(visible("\xef\xbf\xbd"), "\xef\xbf\xbd"); /* U+FFFD written as such is text */
}

static void test_controls_are_escaped(void **state)
{
    (void)state;
    /* The title-setting sequence and the bell a hostile creditor file carries. */
    assert_string_equal(visible("\x1b]0;pwned\x07Mallory"), "\\x1b]0;pwned\\x07Mallory");
    assert_string_equal(visible("a\rb\nc\td"), "a\\x0db\\x0ac\\x09d");
    assert_string_equal(visible("x\x7fy"), "x\\x7fy");
    /* C1 controls as UTF-8 (U+009B is CSI on terminals that take C1). */
    assert_string_equal(visible("a\xc2\x9b" "2J"), "a\\u009b2J");
    /* Bytes that are not UTF-8, 0x9b among them (CSI on an 8-bit terminal). */
    assert_string_equal(visible("a\x9b" "2Jb"), "a\\x9b2Jb");
    assert_string_equal(visible("\xe3\x81"), "\\xe3\\x81");
    /* Bidirectional overrides and isolates. */
    assert_string_equal(visible("abc\xe2\x80\xae" "fdp.exe"), "abc\\u202efdp.exe");
    assert_string_equal(visible("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
}

static void test_printf_escapes_arguments_only(void **state)
{
    (void)state;
    assert_string_equal(fmt("no account \"%s\"\n", "A\x1b[2J"), "no account \"A\\x1b[2J\"\n");
    assert_string_equal(fmt("%s: %zu rows, %d bad, %lld id, %.1f%%", "f.csv", (size_t)12, -3, 1234567890123LL, 2.25),
                        "f.csv: 12 rows, -3 bad, 1234567890123 id, 2.2%");
    assert_string_equal(fmt("[%-6s|%6s]", "sms", "a\x07"), "[sms   | a\\x07]");
    assert_string_equal(fmt("[%-8s]", "a\x07"), "[a\\x07   ]");
    assert_string_equal(fmt("[%.3s]", "ab\x1b[2J"), "[ab\\x1b]"); /* cut first, then escaped */
    assert_string_equal(fmt("[%*s|%-*s|%.*s]", 4, "ab", 4, "cd", 2, "efgh"), "[  ab|cd  |ef]");
    assert_string_equal(fmt("%c%c%c", 'o', '\x1b', 'k'), "o\\x1bk");
    assert_string_equal(fmt("%5.1f|%-4d|%04x|%o|%X|%lu|%hhu|%jd|%td", 3.14159, 7, 255u, 8u, 0xabu, 9ul,
                            (unsigned char)200, (intmax_t)-5, (ptrdiff_t)6),
                        "  3.1|7   |00ff|10|AB|9|200|-5|6");
    assert_string_equal(fmt("%s", (const char *)NULL), "(null)");
    assert_string_equal(fmt("[%ls|%lc]", L"w\x1bx", (wint_t)L'y'), "[w\\x1bx|y]");
    assert_string_equal(fmt("100%%\n"), "100%\n");
}

static void test_check_line(void **state)
{
    (void)state;
    char why[200];
    assert_true(text_check("John Smith", TEXT_LINE, why, sizeof why));
    assert_true(text_check("山田 太郎", TEXT_NAME, why, sizeof why));
    assert_true(text_check("", TEXT_LINE, why, sizeof why));
    assert_false(text_check("Mal\x1b]0;x\x07", TEXT_LINE, why, sizeof why));
    assert_string_equal(why, "character 4 is a control character (U+001B ESC): remove it");
    assert_false(text_check("山田\x07", TEXT_LINE, why, sizeof why));
    assert_string_equal(why, "character 3 is a control character (U+0007 BEL): remove it");
    assert_false(text_check("a\tb", TEXT_LINE, why, sizeof why));
    assert_false(text_check("a\nb", TEXT_NAME, why, sizeof why));
    assert_false(text_check("a\xc2\x85" "b", TEXT_LINE, why, sizeof why));
    assert_string_equal(why, "character 2 is a control character (U+0085 C1 control): remove it");
    assert_false(text_check("x\x7f", TEXT_LINE, why, sizeof why));
    assert_string_equal(why, "character 2 is a control character (U+007F DEL): remove it");
}

static void test_check_multiline(void **state)
{
    (void)state;
    char why[200];
    assert_true(text_check("Dear {{name}},\r\n\tplease pay.\n", TEXT_MULTILINE, why, sizeof why));
    assert_false(text_check("Dear\n\x1b[31mname", TEXT_MULTILINE, why, sizeof why));
    assert_string_equal(why, "character 6 is a control character (U+001B ESC): remove it");
    assert_false(text_check("a\xe2\x80\xae" "b", TEXT_MULTILINE, why, sizeof why));
}

static void test_check_bidi_and_invisible(void **state)
{
    (void)state;
    char why[300];
    /* An override is refused in any text. */
    assert_false(text_check("INV-\xe2\x80\xae" "0001", TEXT_LINE, why, sizeof why));
    assert_string_equal(why, "character 5 is U+202E, a bidirectional override that changes the order text is"
                             " shown in: remove it");
    assert_false(text_check("\xe2\x81\xa7x", TEXT_LINE, why, sizeof why)); /* U+2067 isolate */
    /* Zero-width characters and marks: refused in names and refs, kept elsewhere. */
    assert_false(text_check("ACC\xe2\x80\x8b" "1", TEXT_NAME, why, sizeof why));
    assert_string_equal(why, "character 4 is U+200B, an invisible character (zero-width or direction mark): two"
                             " names that look the same would differ; remove it");
    assert_false(text_check("Jo\xe2\x80\x8dhn", TEXT_NAME, why, sizeof why));  /* ZWJ */
    assert_false(text_check("x\xe2\x80\x8f", TEXT_NAME, why, sizeof why));     /* RLM */
    assert_false(text_check("\xef\xbb\xbfName", TEXT_NAME, why, sizeof why));  /* BOM */
    assert_true(text_check("ACC\xe2\x80\x8b" "1", TEXT_LINE, why, sizeof why));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_kept),
        cmocka_unit_test(test_controls_are_escaped),
        cmocka_unit_test(test_printf_escapes_arguments_only),
        cmocka_unit_test(test_check_line),
        cmocka_unit_test(test_check_multiline),
        cmocka_unit_test(test_check_bidi_and_invisible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
