/* Unit tests for core/money: currency table, forgiving-but-strict parsing in
 * minor units, display and plain formatting, and format -> parse round trips. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const codes[] = {
    "JPY", "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "CNY", "HKD", "SGD",
    "KRW", "TWD", "PHP", "THB", "INR", "MXN", "BRL", "VND", "IDR", "KWD", "BHD",
};

static const struct currency *cur(const char *code)
{
    const struct currency *c = currency_find(code);
    if (!c)
        fail_msg("currency_find(%s) returned NULL", code);
    return c;
}

/* ---- currency table ----------------------------------------------------- */

static void test_currency_find(void **state)
{
    (void)state;
    static const struct { const char *code; int digits; const char *symbol; } cases[] = {
        {"JPY", 0, "¥"}, {"USD", 2, "$"}, {"EUR", 2, "€"}, {"GBP", 2, "£"},
        {"KRW", 0, "₩"}, {"KWD", 3, "KD "}, {"BHD", 3, "BD "}, {"VND", 0, "₫"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const struct currency *c = cur(cases[i].code);
        assert_string_equal(c->code, cases[i].code);
        assert_int_equal(c->digits, cases[i].digits);
        assert_string_equal(c->symbol, cases[i].symbol);
        assert_non_null(c->ascii_symbol);
        for (const char *p = c->ascii_symbol; *p; p++) // ascii_symbol really is ASCII
            assert_true((unsigned char)*p < 0x80);
    }
    for (size_t i = 0; i < N(codes); i++)
        assert_string_equal(cur(codes[i])->code, codes[i]);
    static const char *unknown[] = {"jpy", "Usd", "XXX", "", "JP", "JPYY", " JPY", "JPY "};
    for (size_t i = 0; i < N(unknown); i++)
        assert_null(currency_find(unknown[i]));
    assert_null(currency_find(NULL));
}

/* ---- parsing: accepted -------------------------------------------------- */

struct good {
    const char *text;
    const char *code;
    int flags;
    int64_t minor;
};

static void check_good(const struct good *g, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t minor = -777;
        char err[256] = "";
        if (!money_parse(g[i].text, cur(g[i].code), g[i].flags, &minor, err, sizeof err))
            fail_msg("rejected %s \"%s\": %s", g[i].code, g[i].text, err);
        if (minor != g[i].minor)
            fail_msg("%s \"%s\": got %" PRId64 ", want %" PRId64, g[i].code, g[i].text, minor,
                     g[i].minor);
    }
}

static void test_parse_jpy(void **state)
{
    (void)state;
    static const struct good cases[] = {
        {"12000", "JPY", 0, 12000},
        {"12,000", "JPY", 0, 12000},
        {"¥12,000", "JPY", 0, 12000},
        {"¥12000", "JPY", 0, 12000},
        {"¥ 12,000", "JPY", 0, 12000},
        {"\xEF\xBF\xA5" "12,000", "JPY", 0, 12000},             // full-width yen ￥
        {"JPY 12000", "JPY", 0, 12000},
        {"JPY12000", "JPY", 0, 12000},
        {"JPY 12,000", "JPY", 0, 12000},
        {"１２,０００", "JPY", 0, 12000},                      // full-width digits
        {"１２，０００", "JPY", 0, 12000},                     // and full-width comma
        {"１２０００円", "JPY", 0, 12000},
        {"12000円", "JPY", 0, 12000},
        {"12,000円", "JPY", 0, 12000},
        {"¥12,000円", "JPY", 0, 12000},
        {"12000JPY", "JPY", 0, 12000},
        {"  12000  ", "JPY", 0, 12000},
        {"\t12,000\t", "JPY", 0, 12000},
        {"\xE3\x80\x80" "12000", "JPY", 0, 12000},              // leading ideographic space
        {"0", "JPY", 0, 0},
        {"000", "JPY", 0, 0},
        {"1", "JPY", 0, 1},
        {"999", "JPY", 0, 999},
        {"1,000", "JPY", 0, 1000},
        {"1,234,567", "JPY", 0, 1234567},
        {"123,456,789,012", "JPY", 0, 123456789012},
        {"9223372036854775807", "JPY", 0, INT64_MAX},
        {"9,223,372,036,854,775,807", "JPY", 0, INT64_MAX},
        {"₩12,000", "KRW", 0, 12000},
    };
    check_good(cases, N(cases));
}

static void test_parse_decimal_currencies(void **state)
{
    (void)state;
    static const struct good cases[] = {
        {"1234.56", "USD", 0, 123456},
        {"$1,234.56", "USD", 0, 123456},
        {"1,234.5", "USD", 0, 123450},
        {"1234", "USD", 0, 123400},
        {"1,234", "USD", 0, 123400},
        {"0.05", "USD", 0, 5},
        {"0.5", "USD", 0, 50},
        {"$0.01", "USD", 0, 1},
        {"$ 12", "USD", 0, 1200},
        {"USD 12.30", "USD", 0, 1230},
        {"USD12.3", "USD", 0, 1230},
        {"12.30USD", "USD", 0, 1230},
        {"１２．５", "USD", 0, 1250},                          // full-width point
        {"92233720368547758.07", "USD", 0, INT64_MAX},
        {"€12.50", "EUR", 0, 1250},
        {"EUR 12.50", "EUR", 0, 1250},
        {"£1", "GBP", 0, 100},
        {"CA$5.25", "CAD", 0, 525},
        {"CHF 7.10", "CHF", 0, 710},
        {"1.234", "KWD", 0, 1234},                              // KWD has 3 decimals
        {"1.5", "KWD", 0, 1500},
        {"KD 1.5", "KWD", 0, 1500},
        {"KWD 1,000.001", "KWD", 0, 1000001},
        {"9223372036854775.807", "KWD", 0, INT64_MAX},
        {"BD 0.001", "BHD", 0, 1},
    };
    check_good(cases, N(cases));
}

static void test_parse_negative(void **state)
{
    (void)state;
    static const struct good cases[] = {
        {"-5", "USD", MONEY_ALLOW_NEGATIVE, -500},
        {"-$5.00", "USD", MONEY_ALLOW_NEGATIVE, -500},
        {"$-5.00", "USD", MONEY_ALLOW_NEGATIVE, -500},
        {"- 5", "USD", MONEY_ALLOW_NEGATIVE, -500},
        {"-0.05", "USD", MONEY_ALLOW_NEGATIVE, -5},
        {"-12,000", "JPY", MONEY_ALLOW_NEGATIVE, -12000},
        {"-¥12,000", "JPY", MONEY_ALLOW_NEGATIVE, -12000},
        {"－１２０００", "JPY", MONEY_ALLOW_NEGATIVE, -12000},  // full-width minus
        {"-0", "JPY", MONEY_ALLOW_NEGATIVE, 0},
        {"-9223372036854775807", "JPY", MONEY_ALLOW_NEGATIVE, -INT64_MAX},
        {"-92233720368547758.07", "USD", MONEY_ALLOW_NEGATIVE, -INT64_MAX},
        {"12000", "JPY", MONEY_ALLOW_NEGATIVE, 12000}, // the flag does not require a sign
    };
    check_good(cases, N(cases));
}

/* ---- parsing: rejected with a sentence ---------------------------------- */

struct bad {
    const char *text;
    const char *code;
    int flags;
    const char *why; ///< a substring the sentence must contain
};

static void test_parse_rejected(void **state)
{
    (void)state;
    static const struct bad cases[] = {
        {"12.345", "USD", 0, "USD has 2 decimal places: \"12.345\" has 3"},
        {"1.2345", "KWD", 0, "KWD has 3 decimal places"},
        {"12.", "USD", 0, "decimal places"},
        {"1.5", "JPY", 0, "JPY has no minor unit"},
        {"12000.0", "JPY", 0, "no minor unit"},
        {"1.5", "KRW", 0, "KRW has no minor unit"},
        {"1,23", "JPY", 0, "commas every three"},
        {"12,0000", "JPY", 0, "commas every three"},
        {",123", "JPY", 0, "commas every three"},
        {"1234,567", "JPY", 0, "commas every three"},
        {"1,,234", "JPY", 0, "commas every three"},
        {"1,234,", "JPY", 0, "commas every three"},
        {"12,00.50", "USD", 0, "commas every three"},
        {".5", "USD", 0, "not an amount"},
        {"1.234,5", "KWD", 0, "comma after the decimal point"},
        {"1.2.3", "USD", 0, "not an amount"},
        {"abc", "JPY", 0, "\"abc\" is not an amount"},
        {"12a", "JPY", 0, "unexpected character"},
        {"1 000", "JPY", 0, "unexpected character"},
        {"1e5", "JPY", 0, "unexpected character"},
        {"+5", "JPY", 0, "unexpected character"},
        {"", "JPY", 0, "enter an amount, e.g. 12000"},
        {"   ", "JPY", 0, "enter an amount"},
        {"", "USD", 0, "enter an amount, e.g. 1234.56"},
        {"¥", "JPY", 0, "enter an amount"},
        {"円", "JPY", 0, "enter an amount"},
        {"$12", "JPY", 0, "that looks like USD, but this amount is in JPY"},
        {"€12", "JPY", 0, "looks like EUR"},
        {"USD 12", "JPY", 0, "looks like USD"},
        {"¥12", "USD", 0, "looks like JPY"},
        {"£12.00", "USD", 0, "looks like GBP"},
        {"HK$12.00", "USD", 0, "looks like HKD"},
        {"12円", "USD", 0, "not an amount"},
        {"-5", "JPY", 0, "must not be negative"},
        {"-$5.00", "USD", 0, "must not be negative"},
        {"－５", "JPY", 0, "must not be negative"},
        {"--5", "JPY", MONEY_ALLOW_NEGATIVE, "not an amount"},
        {"9223372036854775808", "JPY", 0, "too large"},
        {"99999999999999999999", "JPY", 0, "too large"},
        {"9,223,372,036,854,775,808", "JPY", 0, "too large"},
        {"92233720368547758.08", "USD", 0, "too large"},
        {"92233720368547759", "USD", 0, "too large"}, // overflows only when scaled to cents
        {"9223372036854776", "KWD", 0, "too large"},
        {"-9223372036854775808", "JPY", MONEY_ALLOW_NEGATIVE, "too large"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t minor = -777;
        char err[256] = "";
        if (money_parse(cases[i].text, cur(cases[i].code), cases[i].flags, &minor, err, sizeof err))
            fail_msg("accepted %s \"%s\" as %" PRId64, cases[i].code, cases[i].text, minor);
        assert_int_equal(minor, -777); // untouched on failure
        if (!strstr(err, cases[i].why))
            fail_msg("%s \"%s\": sentence \"%s\" lacks \"%s\"", cases[i].code, cases[i].text, err,
                     cases[i].why);
    }
}

static void test_parse_limits(void **state)
{
    (void)state;
    int64_t minor = -777;
    char err[256] = "";

    assert_false(money_parse("12", NULL, 0, &minor, err, sizeof err));
    assert_string_equal(err, "unknown currency");

    /* Longer than the internal buffer: a sentence, no overflow. */
    char longtext[600];
    memset(longtext, '1', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    assert_false(money_parse(longtext, cur("JPY"), 0, &minor, err, sizeof err));
    assert_string_equal(err, "the amount is too long");
    char wide[3 * 200 + 1]; // 200 full-width digits: 200 ASCII digits, too long
    for (size_t i = 0; i < 200; i++)
        memcpy(wide + 3 * i, "１", 3);
    wide[600] = '\0';
    assert_false(money_parse(wide, cur("JPY"), 0, &minor, err, sizeof err));
    assert_int_equal(minor, -777);

    /* A small error buffer truncates the sentence but keeps it terminated. */
    char small[8];
    memset(small, 'x', sizeof small);
    assert_false(money_parse("abc", cur("JPY"), 0, &minor, small, sizeof small));
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_false(money_parse("abc", cur("JPY"), 0, &minor, NULL, 0));

    /* A stray multi-byte character, or a lone lead byte at the end. */
    assert_false(money_parse("12€", cur("JPY"), 0, &minor, err, sizeof err));
    assert_false(money_parse("12\xEF", cur("JPY"), 0, &minor, err, sizeof err));
    assert_false(money_parse("12\xEF\xBC", cur("JPY"), 0, &minor, err, sizeof err));
    assert_int_equal(minor, -777);
}

/* Surrounding spaces are accepted before the amount (including the
 * ideographic space an IME types), so they must be after it too, and a
 * suffix (円 or the code) may be separated by a space like a prefix is. */
static void test_parse_trailing_space_and_suffix(void **state)
{
    (void)state;
    static const struct good cases[] = {
        {"12000\xE3\x80\x80", "JPY", 0, 12000},     // trailing ideographic space
        {"\xE3\x80\x80" "12000\xE3\x80\x80", "JPY", 0, 12000},
        {"12,000 円", "JPY", 0, 12000},
        {"12000 JPY", "JPY", 0, 12000},
        {"1,234.56 USD", "USD", 0, 123456},
    };
    check_good(cases, N(cases));
}

/* ---- formatting --------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    static const struct { int64_t minor; const char *code; bool ascii; const char *s; } cases[] = {
        {12000, "JPY", false, "¥12,000"},
        {123456, "USD", false, "$1,234.56"},
        {-500, "USD", false, "-$5.00"},
        {5, "USD", false, "$0.05"},
        {-5, "USD", false, "-$0.05"},
        {0, "JPY", false, "¥0"},
        {0, "USD", false, "$0.00"},
        {12000, "JPY", true, "JPY 12,000"},
        {-12000, "JPY", true, "-JPY 12,000"},
        {999, "JPY", false, "¥999"},
        {1000, "JPY", false, "¥1,000"},
        {100000, "JPY", false, "¥100,000"},
        {1000000, "JPY", false, "¥1,000,000"},
        {99999, "USD", false, "$999.99"},
        {100000, "USD", false, "$1,000.00"},
        {1250, "EUR", false, "€12.50"},
        {1250, "EUR", true, "EUR 12.50"},
        {1234567, "KWD", false, "KD 1,234.567"},
        {1, "KWD", true, "KWD 0.001"},
        {12000, "KRW", false, "₩12,000"},
        {525, "CAD", true, "CA$5.25"},
        {INT64_MAX, "USD", false, "$92,233,720,368,547,758.07"},
        {INT64_MIN, "USD", false, "-$92,233,720,368,547,758.08"},
        {INT64_MAX, "JPY", false, "¥9,223,372,036,854,775,807"},
        {INT64_MIN, "JPY", true, "-JPY 9,223,372,036,854,775,808"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[64];
        memset(out, 'x', sizeof out);
        money_format(cases[i].minor, cur(cases[i].code), cases[i].ascii, out, sizeof out);
        assert_string_equal(out, cases[i].s);
    }
}

static void test_format_plain(void **state)
{
    (void)state;
    static const struct { int64_t minor; const char *code; const char *s; } cases[] = {
        {123456, "USD", "1234.56"},   {-5, "USD", "-0.05"},       {12000, "JPY", "12000"},
        {0, "USD", "0.00"},           {0, "JPY", "0"},            {-12000, "JPY", "-12000"},
        {1234, "KWD", "1.234"},       {-1, "KWD", "-0.001"},      {100, "USD", "1.00"},
        {1234567, "USD", "12345.67"}, {INT64_MAX, "USD", "92233720368547758.07"},
        {INT64_MIN, "USD", "-92233720368547758.08"},
        {INT64_MAX, "JPY", "9223372036854775807"},
        {INT64_MIN, "JPY", "-9223372036854775808"},
        {INT64_MIN, "KWD", "-9223372036854775.808"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[64];
        money_format_plain(cases[i].minor, cur(cases[i].code), out, sizeof out);
        assert_string_equal(out, cases[i].s);
    }
}

/* The extremes format in every currency, in both modes, without a crash
 * (UBSan checks the negation of INT64_MIN). */
static void test_format_extremes_every_currency(void **state)
{
    (void)state;
    static const int64_t values[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX};
    for (size_t c = 0; c < N(codes); c++) {
        for (size_t v = 0; v < N(values); v++) {
            char out[96], plain[64];
            money_format(values[v], cur(codes[c]), false, out, sizeof out);
            assert_true(strlen(out) > 0);
            money_format(values[v], cur(codes[c]), true, out, sizeof out);
            for (const char *p = out; *p; p++)
                assert_true((unsigned char)*p < 0x80);
            money_format_plain(values[v], cur(codes[c]), plain, sizeof plain);
            assert_true(strlen(plain) > 0);
            assert_int_equal(plain[0] == '-', values[v] < 0);
        }
    }
}

static void test_format_truncates(void **state)
{
    (void)state;
    char out[5];
    money_format(123456, cur("USD"), false, out, sizeof out);
    assert_string_equal(out, "$1,2");
    money_format_plain(123456, cur("USD"), out, sizeof out);
    assert_string_equal(out, "1234");
    char one[1] = {'x'};
    money_format_plain(123456, cur("USD"), one, sizeof one);
    assert_int_equal(one[0], '\0');
}

/* ---- round trips -------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static int64_t next_value(void)
{
    rng ^= rng << 13; // xorshift64
    rng ^= rng >> 7;
    rng ^= rng << 17;
    int64_t v = (int64_t)(rng >> (rng % 63)); // spread over magnitudes
    return (rng & 1) ? -v : v;
}

static void check_round_trip(const struct currency *c, int64_t v)
{
    char text[96], err[256] = "";
    int64_t back = 0;

    money_format_plain(v, c, text, sizeof text);
    if (!money_parse(text, c, MONEY_ALLOW_NEGATIVE, &back, err, sizeof err))
        fail_msg("%s plain \"%s\" (%" PRId64 ") rejected: %s", c->code, text, v, err);
    if (back != v)
        fail_msg("%s plain \"%s\": %" PRId64 " came back as %" PRId64, c->code, text, v, back);

    for (int ascii = 0; ascii <= 1; ascii++) {
        money_format(v, c, ascii, text, sizeof text);
        back = 0;
        if (!money_parse(text, c, MONEY_ALLOW_NEGATIVE, &back, err, sizeof err))
            fail_msg("%s display \"%s\" (%" PRId64 ") rejected: %s", c->code, text, v, err);
        if (back != v)
            fail_msg("%s display \"%s\": %" PRId64 " came back as %" PRId64, c->code, text, v, back);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    static const int64_t edges[] = {
        0, 1, -1, 9, 10, 99, 100, 999, 1000, 1001, 12000, 123456, 999999, 1000000,
        INT64_MAX, INT64_MAX - 1, -INT64_MAX, 1000000000000000000,
    };
    for (size_t c = 0; c < N(codes); c++) {
        const struct currency *cc = cur(codes[c]);
        for (size_t i = 0; i < N(edges); i++)
            check_round_trip(cc, edges[i]);
        for (int i = 0; i < 2000; i++) {
            int64_t v = next_value();
            if (v == INT64_MIN) // parsing stops at -INT64_MAX
                continue;
            check_round_trip(cc, v);
        }
    }
    for (int64_t v = -20000; v <= 20000; v += 7)
        check_round_trip(cur("USD"), v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_currency_find),
        cmocka_unit_test(test_parse_jpy),
        cmocka_unit_test(test_parse_decimal_currencies),
        cmocka_unit_test(test_parse_negative),
        cmocka_unit_test(test_parse_rejected),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_parse_trailing_space_and_suffix),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_plain),
        cmocka_unit_test(test_format_extremes_every_currency),
        cmocka_unit_test(test_format_truncates),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
