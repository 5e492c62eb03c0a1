/* Unit tests for core/utf8: strict decoding, encoding, our own width table,
 * fitting text into terminal columns, and case-folding search. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- decoding ----------------------------------------------------------- */

static void test_decode_valid(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len; uint32_t cp; size_t used; } cases[] = {
        {"A", 1, 0x41, 1},
        {"\x7F", 1, 0x7F, 1},
        {"\x00", 1, 0x00, 1},
        {"\xC2\x80", 2, 0x80, 2},
        {"\xC3\xA9", 2, 0xE9, 2},                 // é
        {"\xDF\xBF", 2, 0x7FF, 2},
        {"\xE0\xA0\x80", 3, 0x800, 3},
        {"\xE5\xB1\xB1", 3, 0x5C71, 3},           // 山
        {"\xED\x9F\xBF", 3, 0xD7FF, 3},           // just below the surrogates
        {"\xEE\x80\x80", 3, 0xE000, 3},           // just above them
        {"\xEF\xBD\xB6", 3, 0xFF76, 3},           // ｶ
        {"\xEF\xBF\xBD", 3, 0xFFFD, 3},           // a real U+FFFD
        {"\xEF\xBF\xBF", 3, 0xFFFF, 3},
        {"\xF0\x90\x80\x80", 4, 0x10000, 4},
        {"\xF0\x9F\x98\x80", 4, 0x1F600, 4},      // 😀
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4},
        {"\xE5\xB1\xB1" "abc", 6, 0x5C71, 3},     // stops after one code point
    };
    for (size_t i = 0; i < N(cases); i++) {
        uint32_t cp = 0xDEAD;
        size_t used = utf8_decode(cases[i].s, cases[i].len, &cp);
        if (cp != cases[i].cp || used != cases[i].used)
            fail_msg("case %zu: got U+%04X/%zu, want U+%04X/%zu", i, (unsigned)cp, used,
                     (unsigned)cases[i].cp, cases[i].used);
    }
    uint32_t cp = 0xDEAD;
    assert_int_equal(utf8_decode("abc", 0, &cp), 0);
    assert_int_equal(cp, 0);
}

static void test_decode_invalid(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len; } cases[] = {
        /* overlong forms */
        {"\xC0\x80", 2},         {"\xC1\xBF", 2},         {"\xE0\x80\x80", 3},
        {"\xE0\x9F\xBF", 3},     {"\xF0\x80\x80\x80", 4}, {"\xF0\x8F\xBF\xBF", 4},
        /* UTF-16 surrogates */
        {"\xED\xA0\x80", 3},     {"\xED\xAD\xBF", 3},     {"\xED\xB0\x80", 3},
        {"\xED\xBF\xBF", 3},
        /* beyond U+10FFFF, and the old 5- and 6-byte forms */
        {"\xF4\x90\x80\x80", 4}, {"\xF5\x80\x80\x80", 4}, {"\xF7\xBF\xBF\xBF", 4},
        {"\xF8\x88\x80\x80\x80", 5}, {"\xFC\x84\x80\x80\x80\x80", 6},
        {"\xFE", 1},             {"\xFF", 1},
        /* stray continuation bytes */
        {"\x80", 1},             {"\xBF", 1},             {"\x80\x80", 2},
        /* truncated sequences: at the end of the input ... */
        {"\xC3", 1},             {"\xE5\xB1", 2},         {"\xE5", 1},
        {"\xF0\x9F\x98", 3},     {"\xF0\x9F", 2},         {"\xF0", 1},
        /* ... cut by len ... */
        {"\xE5\xB1\xB1", 2},     {"\xF0\x9F\x98\x80", 3}, {"\xC3\xA9", 1},
        /* ... or interrupted by another character */
        {"\xC3" "A", 2},         {"\xE5\xB1" "A", 3},     {"\xE5" "AB", 3},
        {"\xF0\x9F\x98" "A", 4}, {"\xE5\xB1\xC3\xA9", 4}, {"\xE5\x00\x80", 3},
    };
    for (size_t i = 0; i < N(cases); i++) {
        uint32_t cp = 0;
        size_t used = utf8_decode(cases[i].s, cases[i].len, &cp);
        if (cp != 0xFFFD || used != 1)
            fail_msg("case %zu: got U+%04X/%zu, want U+FFFD/1", i, (unsigned)cp, used);
    }
}

static void test_invalid_offset(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len, off; } cases[] = {
        {"", 0, 0},
        {"abc", 3, 3},
        {"山田 太郎", 13, 13},
        {"ab\xFF", 3, 2},
        {"\xFF" "ab", 3, 0},
        {"山\xE5\xB1", 5, 3},                    // truncated at the end
        {"a\xED\xA0\x80" "b", 5, 1},             // surrogate
        {"\xC0\x80", 2, 0},                      // overlong NUL
        {"ok\xEF\xBF\xBD", 5, 5},                // a genuine U+FFFD is valid
        {"a\0b", 3, 3},                          // NUL is valid UTF-8
        {"😀\xF4\x90\x80\x80", 8, 4},
        {"Sato 佐藤\x80", 12, 11},
        {"abc\xE5\xB1\xB1", 5, 3},               // len cuts a character
    };
    for (size_t i = 0; i < N(cases); i++) {
        size_t off = utf8_invalid_offset(cases[i].s, cases[i].len);
        if (off != cases[i].off)
            fail_msg("case %zu: got %zu, want %zu", i, off, cases[i].off);
    }
}

/* Every scalar value encodes to the shortest form and decodes back. */
static void test_encode_round_trip(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t len = utf8_encode(cp, buf);
        size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (len != want)
            fail_msg("U+%04X encoded in %zu bytes", (unsigned)cp, len);
        uint32_t back = 0;
        if (utf8_decode(buf, len, &back) != len || back != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)back);
        if (utf8_invalid_offset(buf, len) != len)
            fail_msg("U+%04X encoding reported invalid", (unsigned)cp);
    }
    char buf[4];
    assert_int_equal(utf8_encode(0x5C71, buf), 3);
    assert_memory_equal(buf, "山", 3);
}

/* ---- widths ------------------------------------------------------------- */

static void test_codepoint_width(void **state)
{
    (void)state;
    static const struct { uint32_t cp; int w; } cases[] = {
        {'A', 1},     {' ', 1},     {'~', 1},     {0x00, 0},    {0x07, 0},    {0x1B, 0},
        {0x1F, 0},    {0x7F, 0},    {0x85, 0},    {0x9F, 0},    {0xA0, 1},    {0xE9, 1},
        {0x0301, 0},  {0x036F, 0},  {0x3099, 0},  {0x200B, 0},  {0x200D, 0},  {0xFE0F, 0},
        {0xFEFF, 0},  {0x2026, 1},  {0x0410, 1},  {0x1100, 2},  {0x3000, 2},  {0x3042, 2},
        {0x30AB, 2},  {0x5C71, 2},  {0x4E00, 2},  {0x9FFF, 2},  {0xAC00, 2},  {0xD7A3, 2},
        {0xFF01, 2},  {0xFF21, 2},  {0xFF10, 2},  {0xFF60, 2},  {0xFF61, 1},  {0xFF76, 1},
        {0xFF9F, 1},  {0xFFE5, 2},  {0x1F600, 2}, {0x1F680, 2}, {0x1F44D, 2}, {0x20000, 2},
        {0x2FFFD, 2}, {0xE0100, 0}, {0x10FFFF, 1}, {0xFFFD, 1},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (codepoint_width(cases[i].cp) != cases[i].w)
            fail_msg("U+%04X: width %d, want %d", (unsigned)cases[i].cp,
                     codepoint_width(cases[i].cp), cases[i].w);
}

static void test_utf8_width(void **state)
{
    (void)state;
    static const struct { const char *s; int w; } cases[] = {
        {"", 0},
        {"Yamada Taro", 11},
        {"山田 太郎", 9},
        {"ｶﾀｶﾅ", 4},                 // half-width katakana: 1 each
        {"カタカナ", 8},
        {"ｶﾞ", 2},                   // half-width voiced mark is a spacing character
        {"e\xCC\x81", 1},            // e + combining acute
        {"\xE3\x81\x8B\xE3\x82\x99", 2}, // か + combining dakuten
        {"😀", 2},
        {"👍👍", 4},
        {"Sato 佐藤", 9},
        {"Ａ１", 4},
        {"¥12,000", 7},
        {"a\tb", 2},                 // controls take no columns in a measurement
        {"\xFF", 1},                 // invalid byte shows as U+FFFD
    };
    for (size_t i = 0; i < N(cases); i++)
        if (utf8_width(cases[i].s) != cases[i].w)
            fail_msg("\"%s\": width %d, want %d", cases[i].s, utf8_width(cases[i].s), cases[i].w);
}

/* ---- fitting ------------------------------------------------------------ */

struct fit_case {
    const char *s;
    int width;
    bool ascii;
    const char *out;
};

/* s with control bytes (C0, DEL, and the UTF-8 of C1) shown as \xNN, for messages. */
static const char *visible(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 5 < n; p++) {
        bool c1 = p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
        if (*p < 0x20 || *p == 0x7F || c1) {
            k += (size_t)snprintf(buf + k, n - k, "\\x%02X", c1 ? p[1] : *p);
            p += c1;
        } else {
            buf[k++] = (char)*p;
        }
    }
    buf[k] = '\0';
    return buf;
}

static void check_fit(const struct fit_case *c, size_t n, bool right)
{
    for (size_t i = 0; i < n; i++) {
        char out[256];
        memset(out, 'x', sizeof out);
        size_t len = right ? utf8_fit_right(c[i].s, c[i].width, c[i].ascii, out, sizeof out)
                           : utf8_fit(c[i].s, c[i].width, c[i].ascii, out, sizeof out);
        if (strcmp(out, c[i].out) != 0) {
            char vs[128], vo[128], vw[128];
            fail_msg("fit%s(\"%s\", %d, %s) = \"%s\", want \"%s\"", right ? "_right" : "",
                     visible(c[i].s, vs, sizeof vs), c[i].width, c[i].ascii ? "ascii" : "utf8",
                     visible(out, vo, sizeof vo), visible(c[i].out, vw, sizeof vw));
        }
        assert_int_equal(len, strlen(out));
        if (c[i].width > 0)
            assert_int_equal(utf8_width(out), c[i].width);
    }
}

static void test_fit(void **state)
{
    (void)state;
    static const struct fit_case cases[] = {
        {"abc", 5, false, "abc  "},
        {"abc", 3, false, "abc"},
        {"abcdef", 4, false, "abc…"},
        {"abcdef", 1, false, "…"},
        {"", 3, false, "   "},
        {"山田太郎", 8, false, "山田太郎"},
        {"山田太郎", 9, false, "山田太郎 "},
        {"山田太郎", 5, false, "山田…"},      // 山田 + … = 5 columns exactly
        {"山田太郎", 4, false, "山… "},       // 田 would straddle: ellipsis, then pad
        {"山田太郎", 3, false, "山…"},
        {"山田太郎", 2, false, "… "},
        {"山田太郎", 1, false, "…"},
        {"a山", 2, false, "a…"},
        {"山田 太郎", 9, false, "山田 太郎"},
        {"山田 太郎", 6, false, "山田 …"},
        {"Sato 佐藤", 9, false, "Sato 佐藤"},
        {"Sato 佐藤", 8, false, "Sato 佐…"},
        {"Sato 佐藤", 7, false, "Sato … "},
        {"ｶﾀｶﾅ", 4, false, "ｶﾀｶﾅ"},
        {"ｶﾀｶﾅ", 3, false, "ｶﾀ…"},
        {"😀x", 3, false, "😀x"},
        {"😀x", 2, false, "… "},
        {"e\xCC\x81", 2, false, "e\xCC\x81 "},  // combining mark kept, 0 columns
        {"a\tb\nc", 5, false, "a b c"},          // control characters become spaces
        {"x\x7Fy\r", 4, false, "x y "},
        {"\x1B[31mred", 8, false, " [31mred"},   // no escape sequence reaches the terminal
        {"\xFF" "a", 3, false, "\xEF\xBF\xBD" "a "}, // invalid byte shown as U+FFFD
        /* ascii: '?' per column a non-ASCII character would take */
        {"山田", 4, true, "????"},
        {"山田 太郎", 9, true, "???? ????"},
        {"山田太郎", 5, true, "????~"},
        {"山田太郎", 4, true, "??~ "},
        {"ｶﾀｶﾅ", 4, true, "????"},
        {"Sato 佐藤", 9, true, "Sato ????"},
        {"¥12,000", 8, true, "?12,000 "},
        {"e\xCC\x81", 2, true, "e "},            // a combining mark takes no column
        {"abcdef", 4, true, "abc~"},
        {"a\tb", 3, true, "a b"},
    };
    check_fit(cases, N(cases), false);
}

static void test_fit_zero_width_and_buffers(void **state)
{
    (void)state;
    char out[16];
    memset(out, 'x', sizeof out);
    assert_int_equal(utf8_fit("abc", 0, false, out, sizeof out), 0);
    assert_string_equal(out, "");
    memset(out, 'x', sizeof out);
    assert_int_equal(utf8_fit("abc", -3, false, out, sizeof out), 0);
    assert_string_equal(out, "");

    /* n == 0 writes nothing at all. */
    memset(out, 'x', sizeof out);
    assert_int_equal(utf8_fit("abc", 3, false, out, 0), 0);
    assert_int_equal(out[0], 'x');
    assert_int_equal(utf8_fit_right("abc", 3, false, out, 0), 0);
    assert_int_equal(out[0], 'x');

    /* A buffer smaller than 4*width+1 stays terminated, inside its size, and
     * never ends in half a character. */
    for (size_t n = 1; n < sizeof out; n++) {
        static const char *const inputs[] = {"山田太郎", "Sato 佐藤", "😀😀😀", "abcdefgh", ""};
        for (size_t k = 0; k < N(inputs); k++) {
            for (int right = 0; right <= 1; right++) {
                memset(out, 'x', sizeof out);
                size_t len = right ? utf8_fit_right(inputs[k], 8, false, out, n)
                                   : utf8_fit(inputs[k], 8, false, out, n);
                assert_true(len < n);
                assert_int_equal(strlen(out), len);
                assert_int_equal(utf8_invalid_offset(out, len), len);
                assert_true(utf8_width(out) <= 8);
                if (n < sizeof out)
                    assert_int_equal(out[n], 'x'); // nothing past n
            }
        }
    }
}

/* For many strings and widths: exactly `width` columns, valid UTF-8, and
 * the output starts with a prefix of the input (no character split). */
static void test_fit_exact_width_property(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "山田 太郎", "Sato 佐藤", "ｶﾀｶﾅとカタカナ", "a山b田c", "😀 ok 👍", "e\xCC\x81t\xC3\xA9",
        "株式会社ABC商事", "", "x", "ＡＢＣ１２３", "長い名前の債務者さん、とても長い",
    };
    for (size_t i = 0; i < N(inputs); i++) {
        int full = utf8_width(inputs[i]);
        for (int w = 1; w <= 40; w++) {
            for (int ascii = 0; ascii <= 1; ascii++) {
                char out[4 * 40 + 1];
                size_t len = utf8_fit(inputs[i], w, ascii, out, sizeof out);
                assert_int_equal(strlen(out), len);
                if (utf8_width(out) != w)
                    fail_msg("fit(\"%s\", %d, %d) = \"%s\" is %d columns", inputs[i], w, ascii,
                             out, utf8_width(out));
                assert_int_equal(utf8_invalid_offset(out, len), len);
                if (ascii)
                    for (size_t b = 0; b < len; b++)
                        assert_true((unsigned char)out[b] < 0x80);
                if (!ascii && w >= full) // fits: the text itself, then padding
                    assert_memory_equal(out, inputs[i], strlen(inputs[i]));
                if (!ascii && w < full) { // cut: a prefix, then the ellipsis, then spaces
                    const char *ell = strstr(out, "…");
                    assert_non_null(ell);
                    assert_memory_equal(out, inputs[i], (size_t)(ell - out));
                    for (const char *p = ell + 3; *p; p++)
                        assert_int_equal(*p, ' ');
                }
            }
        }
    }
}

/* C1 control characters (U+0080..U+009F, e.g. U+009B, the 8-bit CSI) are
 * control characters too: they must not reach the terminal. */
static void test_fit_c1_controls(void **state)
{
    (void)state;
    static const struct fit_case cases[] = {
        {"a\xC2\x9B" "b", 3, false, "a b"},
        {"a\xC2\x85" "b", 3, false, "a b"},
        {"a\xC2\x9B" "b", 3, true, "a b"},
    };
    check_fit(cases, N(cases), false);
}

/* The bidirectional embeddings, overrides and isolates would make the
 * terminal show the rest of the line reversed ("Eve \u202Edesrever"): a
 * space, like a control character. */
static void test_fit_bidi_overrides(void **state)
{
    (void)state;
    static const struct fit_case cases[] = {
        {"Eve \xE2\x80\xAE" "ab", 7, false, "Eve  ab"},
        {"\xE2\x80\xAA" "x\xE2\x80\xAC", 3, false, " x "},
        {"a\xE2\x81\xA6" "b\xE2\x81\xA9", 4, false, "a b "},
        {"a\xE2\x80\x8F" "b", 2, false, "a\xE2\x80\x8F" "b"}, // a direction mark reorders nothing: kept
    };
    check_fit(cases, N(cases), false);
}

static void test_fit_right(void **state)
{
    (void)state;
    static const struct fit_case cases[] = {
        {"42", 5, false, "   42"},
        {"¥12,000", 9, false, "  ¥12,000"},
        {"$1,234.56", 13, false, "    $1,234.56"},
        {"山田", 5, false, " 山田"},
        {"山田", 4, false, "山田"},
        {"山田太郎", 5, false, "山田…"},     // too wide: cut like utf8_fit
        {"abc", 3, false, "abc"},
        {"", 3, false, "   "},
        {"¥12,000", 9, true, "  ?12,000"},
        {"山田", 6, true, "  ????"},
        {"e\xCC\x81", 3, false, "  e\xCC\x81"},
    };
    check_fit(cases, N(cases), true);
    char out[8];
    assert_int_equal(utf8_fit_right("abc", 0, false, out, sizeof out), 0);
    assert_string_equal(out, "");
}

/* utf8_fit shows a control character as one space, so utf8_fit_right must
 * count it as one column too, or it cuts text that fits. */
static void test_fit_right_control_chars(void **state)
{
    (void)state;
    static const struct fit_case cases[] = {
        {"a\tb", 5, false, "  a b"},
        {"x\ny", 3, false, "x y"},
    };
    check_fit(cases, N(cases), true);
}

/* ---- search ------------------------------------------------------------- */

static void test_contains_fold(void **state)
{
    (void)state;
    static const struct { const char *hay, *needle; bool found; } cases[] = {
        {"Yamada Taro", "yamada", true},
        {"yamada taro", "YAMADA", true},
        {"Yamada Taro", "DA TA", true},
        {"Yamada Taro", "taro", true},
        {"Yamada Taro", "taros", false},
        {"Yamada Taro", "", true},
        {"", "", true},
        {"", "a", false},
        {"ab", "abc", false},
        {"xxab", "AB", true},
        {"山田 太郎", "田 太", true},
        {"山田 太郎", "山田", true},
        {"山田 太郎", "山下", false},
        {"Sato 佐藤", "SATO 佐", true},
        {"ＡＢＣ", "abc", false},          // full-width is not folded
        {"ＡＢＣ", "ＡＢＣ", true},
        {"Ｙ", "ｙ", false},
        {"Ärzte", "ärzte", false},         // only ASCII letters fold
        {"Ärzte", "RZTE", true},
        {"JP-1", "jp-1", true},
        {"@[`{", "@[`{", true},            // the neighbours of A-Z and a-z do not fold
        {"@", "`", false},
        {"[", "{", false},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (utf8_contains_fold(cases[i].hay, cases[i].needle) != cases[i].found)
            fail_msg("contains_fold(\"%s\", \"%s\") != %d", cases[i].hay, cases[i].needle,
                     cases[i].found);
}

static void wrap_lines(const char *text, int width, const char *want)
{
    char got[1024] = "";
    for (const char *p = text; *p;) {
        size_t n = utf8_wrap(p, width);
        strncat(got, p, n);
        strcat(got, "|");
        p += n;
    }
    assert_string_equal(got, want);
}

static void test_wrap(void **state)
{
    (void)state;
    wrap_lines("Sorry to trouble you, is now a good time?", 12, "Sorry to |trouble you, |is now a |good time?|");
    wrap_lines("お忙しいところ恐れ入ります。", 8, "お忙しい|ところ恐|れ入りま|す。|");
    /* 。 never starts a line: it hangs past the width. */
    wrap_lines("今お時間よろしいでしょうか。", 8, "今お時間|よろしい|でしょう|か。|");
    wrap_lines("ありがとうございます。", 10, "ありがとう|ございます。|");
    /* An English name inside Japanese text is not split. */
    wrap_lines("ダン債権回収のDemo Agentと申します", 20, "ダン債権回収のDemo |Agentと申します|");
    wrap_lines("ダン債権回収のDemoAgentと申します", 18, "ダン債権回収の|DemoAgentと申しま|す|");
    /* Nor does a small kana. */
    wrap_lines("キャンセル", 2, "キャ|ン|セ|ル|");
    wrap_lines("キャンセル", 6, "キャン|セル|");
    wrap_lines("ファイル", 2, "ファ|イ|ル|");
    /* A word longer than the line is cut where it must be. */
    wrap_lines("abcdefghij", 4, "abcd|efgh|ij|");
    wrap_lines("", 4, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_invalid_offset),
        cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_codepoint_width),
        cmocka_unit_test(test_utf8_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_fit_zero_width_and_buffers),
        cmocka_unit_test(test_fit_exact_width_property),
        cmocka_unit_test(test_fit_c1_controls),
        cmocka_unit_test(test_fit_bidi_overrides),
        cmocka_unit_test(test_fit_right),
        cmocka_unit_test(test_fit_right_control_chars),
        cmocka_unit_test(test_contains_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
