/* Unit tests for core/fmt and the printf-free put functions of money and
 * date: each must write exactly what the printf it replaces writes (the C
 * library is the oracle), at the edges (INT64_MIN, negative zero, ties) and
 * over many pseudo-random values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/fmt.h"
#include "core/money.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* xorshift64*: the same pseudo-random values on every run. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static void test_int64(void **state)
{
    (void)state;
    static const int64_t cases[] = {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321,
                                    INT64_MAX, INT64_MIN, INT64_MIN + 1, INT64_MAX - 1};
    char got[FMT_INT_MAX], want[32];
    for (size_t i = 0; i < N(cases); i++) {
        size_t len = fmt_put_int64(got, cases[i]);
        snprintf(want, sizeof want, "%lld", (long long)cases[i]);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
    }
    assert_int_equal(fmt_put_int64(got, INT64_MIN), FMT_INT_MAX - 1); /* the longest fits */
    assert_int_equal(fmt_put_uint64(got, UINT64_MAX), 20);
    assert_string_equal(got, "18446744073709551615");
    uint64_t s = 42;
    for (int i = 0; i < 100000; i++) {
        int64_t v = (int64_t)next_random(&s) >> (i % 64);
        fmt_put_int64(got, v);
        snprintf(want, sizeof want, "%lld", (long long)v);
        assert_string_equal(got, want);
    }
}

static void test_padded(void **state)
{
    (void)state;
    char got[FMT_INT_MAX];
    assert_int_equal(fmt_put_padded(got, 5, 2), 2);
    assert_string_equal(got, "05");
    fmt_put_padded(got, 99, 2);
    assert_string_equal(got, "99");
    assert_int_equal(fmt_put_padded(got, 100, 2), 3); /* an hour past 99, like %02d */
    assert_string_equal(got, "100");
    fmt_put_padded(got, 0, 4);
    assert_string_equal(got, "0000");
    fmt_put_padded(got, 12345, 4); /* wider than asked: all digits, like %04d */
    assert_string_equal(got, "12345");
    fmt_put_padded(got, 7, 0);
    assert_string_equal(got, "7");
    fmt_put_padded(got, 1, 20);
    assert_string_equal(got, "00000000000000000001");
}

static void expect_fixed(double v, int decimals)
{
    char got[FMT_FIXED_MAX], want[FMT_FIXED_MAX];
    size_t len = fmt_put_fixed(got, v, decimals);
    snprintf(want, sizeof want, "%.*f", decimals, v);
    if (strcmp(got, want) != 0)
        fail_msg("%.17g with %d decimals: got \"%s\", printf writes \"%s\"", v, decimals, got, want);
    assert_int_equal(len, strlen(want));
}

static void test_fixed_edges(void **state)
{
    (void)state;
    static const double cases[] = {
        0.0, -0.0, 0.001, -0.001, 0.005, -0.005, 0.004999999, 0.015, 0.025, 0.125, 0.375, 0.625, -0.125,
        1.005, 2.675, 209.54, 208.295, 1e15, -1e15, 4503599627370495.5, 1e16, 1e300, -1e300, DBL_MAX,
        DBL_MIN, 5e-324, 0.5, 1.5, 2.5, -2.5, 99.995, 99.994999, 123456.785, INFINITY, -INFINITY, NAN,
    };
    for (size_t i = 0; i < N(cases); i++)
        for (int d = 0; d <= 6; d++)
            expect_fixed(cases[i], d);
    char got[FMT_FIXED_MAX];
    fmt_put_fixed(got, -0.001, 2); /* the sign of what rounds to zero stays */
    assert_string_equal(got, "-0.00");
    fmt_put_fixed(got, 0.125, 2); /* an exact tie goes to even */
    assert_string_equal(got, "0.12");
}

/* Values near every tie: k + 0.5 hundredths, one ulp either side. */
static void test_fixed_ties(void **state)
{
    (void)state;
    for (int k = -20000; k <= 20000; k++) {
        double tie = (k + 0.5) / 100.0;
        expect_fixed(tie, 2);
        expect_fixed(nextafter(tie, INFINITY), 2);
        expect_fixed(nextafter(tie, -INFINITY), 2);
        expect_fixed(tie, 1);
    }
}

static void test_fixed_random(void **state)
{
    (void)state;
    uint64_t s = 7;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = next_random(&s);
        double v;
        if (i % 2) { /* any bit pattern: every magnitude, NaNs, infinities */
            memcpy(&v, &r, sizeof v);
        } else { /* the scores' range, where ties are likely */
            v = (double)(int64_t)(r % 2000000) / 1000.0 - 1000.0;
        }
        expect_fixed(v, (int)(r % 7));
    }
}

static void test_copy(void **state)
{
    (void)state;
    char out[6], want[6];
    static const char *const cases[] = {"", "abc", "abcde", "abcdef", "abcdefghij"};
    for (size_t i = 0; i < N(cases); i++) {
        memset(out, 'x', sizeof out);
        size_t len = fmt_copy_str(out, sizeof out, cases[i]);
        snprintf(want, sizeof want, "%s", cases[i]);
        assert_string_equal(out, want);
        assert_int_equal(len, strlen(cases[i]));
    }
    assert_int_equal(fmt_copy_str(out, 0, "abc"), 3); /* no room: nothing written */
    fmt_copy_str(out, sizeof out, NULL);
    assert_string_equal(out, "");
}

static void test_money_put(void **state)
{
    (void)state;
    static const struct {
        int64_t minor;
        const char *code;
        const char *shown, *plain;
    } cases[] = {
        {0, "USD", "$0.00", "0.00"},
        {-1, "USD", "-$0.01", "-0.01"},
        {-500, "USD", "-$5.00", "-5.00"},
        {123456, "USD", "$1,234.56", "1234.56"},
        {12000, "JPY", "¥12,000", "12000"},
        {-12000, "JPY", "-¥12,000", "-12000"},
        {999, "JPY", "¥999", "999"},
        {1000, "JPY", "¥1,000", "1000"},
        {1, "KWD", "KD 0.001", "0.001"},
        {-1234567, "KWD", "-KD 1,234.567", "-1234.567"},
        {INT64_MIN, "USD", "-$92,233,720,368,547,758.08", "-92233720368547758.08"},
        {INT64_MIN, "JPY", "-¥9,223,372,036,854,775,808", "-9223372036854775808"},
        {INT64_MIN, "KWD", "-KD 9,223,372,036,854,775.808", "-9223372036854775.808"},
        {INT64_MAX, "JPY", "¥9,223,372,036,854,775,807", "9223372036854775807"},
    };
    char out[MONEY_TEXT_MAX], formatted[MONEY_TEXT_MAX];
    for (size_t i = 0; i < N(cases); i++) {
        const struct currency *cur = currency_find(cases[i].code);
        assert_non_null(cur);
        size_t len = money_put(out, cases[i].minor, cur, false);
        assert_string_equal(out, cases[i].shown);
        assert_int_equal(len, strlen(cases[i].shown));
        money_format(cases[i].minor, cur, false, formatted, sizeof formatted);
        assert_string_equal(formatted, out);
        len = money_put_plain(out, cases[i].minor, cur);
        assert_string_equal(out, cases[i].plain);
        assert_int_equal(len, strlen(cases[i].plain));
    }
    /* The longest text fits the room promised: sign, 4-byte symbol, every digit and comma. */
    const struct currency *chf = currency_find("CHF");
    assert_true(money_put(out, INT64_MIN, chf, true) < MONEY_TEXT_MAX);
    money_format(INT64_MIN, chf, false, formatted, 8); /* a short buffer cuts, as snprintf did */
    assert_string_equal(formatted, "-CHF 92");
}

/* The printf formats date_put and iso8601_put replace, as the oracle. */
static void printf_date(int64_t days, char *out, size_t n)
{
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    if (y < 0)
        snprintf(out, n, "-%04lld-%02d-%02d", -(long long)y, m, d);
    else
        snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static void printf_iso8601(dun_time t, int off, bool use_z, char *out, size_t n)
{
    int64_t local = t + off, sod = floor_mod(local, 86400);
    char date[DATE_TEXT_MAX];
    printf_date(floor_div(local, 86400), date, sizeof date);
    int hh = (int)(sod / 3600), mm = (int)(sod / 60 % 60), ss = (int)(sod % 60);
    int a = off < 0 ? -off : off;
    if (off == 0 && use_z)
        snprintf(out, n, "%sT%02d:%02d:%02dZ", date, hh, mm, ss);
    else if (a % 60)
        snprintf(out, n, "%sT%02d:%02d:%02d%c%02d:%02d:%02d", date, hh, mm, ss, off < 0 ? '-' : '+', a / 3600,
                 a / 60 % 60, a % 60);
    else
        snprintf(out, n, "%sT%02d:%02d:%02d%c%02d:%02d", date, hh, mm, ss, off < 0 ? '-' : '+', a / 3600,
                 a / 60 % 60);
}

static void test_dates(void **state)
{
    (void)state;
    char got[ISO8601_TEXT_MAX], want[ISO8601_TEXT_MAX];
    static const int64_t days[] = {0, -1, 20779, -719528, -719529, -1000000, 2932896, 100000000, -100000000};
    for (size_t i = 0; i < N(days); i++) {
        size_t len = date_put(got, days[i]);
        printf_date(days[i], want, sizeof want);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
    }
    date_put(got, 20779);
    assert_string_equal(got, "2026-11-22");
    date_put(got, -719529); /* 1 BC is year 0; the day before it is year -1 */
    assert_string_equal(got, "-0001-12-31");
    iso8601_put(got, 1795309200, 9 * 3600, false);
    assert_string_equal(got, "2026-11-22T10:00:00+09:00");
    iso8601_put(got, 1795309200, 0, true);
    assert_string_equal(got, "2026-11-22T01:00:00Z");
    iso8601_put(got, 0, -(4 * 3600 + 56 * 60 + 2), false); /* local mean time keeps its seconds */
    assert_string_equal(got, "1969-12-31T19:03:58-04:56:02");
    uint64_t s = 99;
    static const int offsets[] = {0, 3600, -18000, 19800, 20700, -12600, -17762, 64800, -64800};
    for (int i = 0; i < 50000; i++) {
        dun_time t = (dun_time)(next_random(&s) % 20000000000ULL) - 10000000000LL;
        int off = offsets[i % N(offsets)];
        bool z = i % 3 == 0;
        size_t len = iso8601_put(got, t, off, z);
        printf_iso8601(t, off, z, want, sizeof want);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
        char cut[12];
        iso8601_format(t, off, z, cut, sizeof cut); /* a short buffer cuts, as snprintf did */
        snprintf(want, sizeof cut, "%s", got);
        assert_string_equal(cut, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int64),       cmocka_unit_test(test_padded),
        cmocka_unit_test(test_fixed_edges), cmocka_unit_test(test_fixed_ties),
        cmocka_unit_test(test_fixed_random), cmocka_unit_test(test_copy),
        cmocka_unit_test(test_money_put),   cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
