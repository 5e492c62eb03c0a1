/* Unit tests for core/date: civil arithmetic, strict parsers, formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct civil {
    int y, m, d;
    int64_t days;
    int weekday;
};

/* Expected values from Python's proleptic calendar (400-year shifted for y < 1). */
static const struct civil known[] = {
    {1970, 1, 1, 0, 4},          {1969, 12, 31, -1, 3},     {1968, 2, 29, -672, 4},
    {1960, 1, 1, -3653, 5},      {2000, 3, 1, 11017, 3},    {1900, 1, 1, -25567, 1},
    {1600, 2, 29, -135081, 2},   {1, 1, 1, -719162, 1},     {0, 3, 1, -719468, 3},
    {0, 2, 29, -719469, 2},      {-1, 12, 31, -719529, 5},  {-400, 2, 29, -865566, 2},
    {-4713, 11, 24, -2440588, 1}, {2026, 11, 22, 20779, 0}, {2028, 2, 29, 21243, 2},
    {2400, 2, 29, 157113, 2},    {9999, 12, 31, 2932896, 5}, {10000, 1, 1, 2932897, 6},
};

static void test_known_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(known); i++) {
        const struct civil *c = &known[i];
        int y, m, d;
        assert_int_equal(date_from_civil(c->y, c->m, c->d), c->days);
        date_to_civil(c->days, &y, &m, &d);
        assert_int_equal(y, c->y);
        assert_int_equal(m, c->m);
        assert_int_equal(d, c->d);
        assert_int_equal(date_weekday(c->days), c->weekday);
    }
}

/* Every day from year ~ -770 to ~10200 maps back to itself, and consecutive
 * days step through the calendar with no hole or repeat. */
static void test_round_trip_dense(void **state)
{
    (void)state;
    int py, pm, pd;
    date_to_civil(-1000001, &py, &pm, &pd);
    for (int64_t days = -1000000; days <= 3000000; days++) {
        int y, m, d;
        date_to_civil(days, &y, &m, &d);
        assert_int_equal(date_from_civil(y, m, d), days);
        if (d == 1) {
            assert_int_equal(pd, date_days_in_month(py, pm));
            assert_int_equal(m == 1 ? y - 1 : y, py);
            assert_int_equal(m == 1 ? 12 : m - 1, pm);
        } else {
            assert_true(y == py && m == pm && d == pd + 1);
        }
        py = y, pm = m, pd = d;
    }
}

static void test_round_trip_wide(void **state)
{
    (void)state;
    for (int64_t days = -700000000; days <= 700000000; days += 9973) {
        int y, m, d;
        date_to_civil(days, &y, &m, &d);
        assert_true(m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m));
        assert_int_equal(date_from_civil(y, m, d), days);
    }
}

static void test_days_in_month(void **state)
{
    (void)state;
    static const struct { int y, m, n; } cases[] = {
        {2026, 2, 28}, {2028, 2, 29}, {2000, 2, 29}, {1900, 2, 28}, {2100, 2, 28},
        {0, 2, 29},    {-4, 2, 29},   {-100, 2, 28}, {-400, 2, 29}, {-1, 2, 28},
        {2026, 1, 31}, {2026, 4, 30}, {2026, 12, 31}, {2026, 0, 0},  {2026, 13, 0},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(date_days_in_month(cases[i].y, cases[i].m), cases[i].n);
}

static void test_weekday(void **state)
{
    (void)state;
    int64_t sunday = date_from_civil(2026, 11, 22);
    assert_int_equal(date_weekday(sunday), 0);
    for (int i = -14; i <= 14; i++) // negative days wrap the right way
        assert_int_equal(date_weekday(sunday + i), ((i % 7) + 7) % 7);
    assert_int_equal(date_weekday(-1), 3);
    assert_int_equal(date_weekday(-7), 4);
}

static void test_date_parse_good(void **state)
{
    (void)state;
    static const struct { const char *s; int y, m, d; } cases[] = {
        {"2026-11-22", 2026, 11, 22}, {"2028-02-29", 2028, 2, 29}, {"2000-02-29", 2000, 2, 29},
        {"1970-01-01", 1970, 1, 1},   {"0000-01-01", 0, 1, 1},     {"9999-12-31", 9999, 12, 31},
        {"1969-12-31", 1969, 12, 31},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t days = 12345;
        assert_true(date_parse(cases[i].s, &days));
        assert_int_equal(days, date_from_civil(cases[i].y, cases[i].m, cases[i].d));
    }
}

static void test_date_parse_bad(void **state)
{
    (void)state;
    static const char *bad[] = {
        "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-01-32", "2026-1-01",  "2026-01-1",  "26-01-01",   "20260101",   "2026/01/01",
        "2026-01-01 ", " 2026-01-01", "2026-01-01x", "2026-01-01T00:00", "+2026-01-01",
        "-2026-01-01", "2026-+1-01", "2026-01- 1", "", "abcd-ef-gh", "2026-01",
    };
    for (size_t i = 0; i < N(bad); i++) {
        int64_t days = 777;
        assert_false(date_parse(bad[i], &days));
        assert_int_equal(days, 777); // untouched on failure
    }
    assert_false(date_parse(NULL, &(int64_t){0}));
}

static void test_date_format(void **state)
{
    (void)state;
    static const struct { int64_t days; const char *s; } cases[] = {
        {0, "1970-01-01"},        {20779, "2026-11-22"}, {-1, "1969-12-31"},
        {-719468, "0000-03-01"},  {-719529, "-0001-12-31"}, {2932897, "10000-01-01"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[32];
        date_format(cases[i].days, out, sizeof out);
        assert_string_equal(out, cases[i].s);
    }
    char small[5];
    date_format(20779, small, sizeof small); // truncates, stays terminated
    assert_string_equal(small, "2026");
}

static void test_iso8601_parse_good(void **state)
{
    (void)state;
    static const struct { const char *s; dun_time t; } cases[] = {
        {"2026-11-22T14:05:00+09:00", 1795323900},
        {"2026-11-22T05:05:00Z", 1795323900},
        {"2026-11-22 05:05:00Z", 1795323900},
        {"2026-03-08T07:00:00-0500", 1772971200},
        {"2026-01-01T00:00Z", 1767225600},
        {"2026-07-04T12:30-04", 1783182600},
        {"1969-12-31T23:59:59.999Z", -1},
        {"2000-02-29T12:00:00.5+05:30", 951805800},
        {"2026-11-22T00:00:00+18:00", 1795240800},
        {"2026-11-22T00:00:00-18:00", 1795370400},
        {"2026-11-22T23:59:59-00:00", 1795391999},
        {"1900-01-01T00:00:00Z", -2208988800},
        {"1970-01-01T00:00:00.000000001+00", 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        dun_time t = 42;
        if (!iso8601_parse(cases[i].s, &t))
            fail_msg("rejected %s", cases[i].s);
        assert_int_equal(t, cases[i].t);
    }
}

static void test_iso8601_parse_bad(void **state)
{
    (void)state;
    static const char *bad[] = {
        "2026-11-22T14:05:00",        // no offset: ambiguous
        "2026-11-22",                 "2026-11-22T",              "2026-11-22T14Z",
        "2026-11-22T24:00:00Z",       "2026-11-22T23:60:00Z",     "2026-11-22T23:59:60Z",
        "2026-11-22T9:05:00Z",        "2026-11-22T14:05:00+19:00", "2026-11-22T14:05:00+18:01",
        "2026-11-22T14:05:00+09:60",  "2026-11-22T14:05:00+9:00",  "2026-11-22T14:05:00+09:",
        "2026-11-22T14:05:00+090",    "2026-11-22T14:05:00+09:000", "2026-11-22T14:05:00Zx",
        "2026-11-22T14:05:00Z ",      "2026-11-22T14:05:00.Z",     "2026-11-22T14:05.5Z",
        "2026-11-22x14:05:00Z",       "2026-02-29T00:00:00Z",      "2026-11-22T14:05:00 Z",
        "2026-11-22T14:05:00z",       "",                          "2026-11-22T14:05:00+",
    };
    for (size_t i = 0; i < N(bad); i++) {
        dun_time t = 42;
        if (iso8601_parse(bad[i], &t))
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(t, 42);
    }
    assert_false(iso8601_parse(NULL, &(dun_time){0}));
}

static void test_iso8601_format(void **state)
{
    (void)state;
    static const struct { dun_time t; int off; bool z; const char *s; } cases[] = {
        {1795323900, 9 * 3600, true, "2026-11-22T14:05:00+09:00"},
        {1795323900, 0, true, "2026-11-22T05:05:00Z"},
        {1795323900, 0, false, "2026-11-22T05:05:00+00:00"},
        {1795323900, -5 * 3600, true, "2026-11-22T00:05:00-05:00"},
        {1795323900, -(5 * 3600 + 30 * 60), true, "2026-11-21T23:35:00-05:30"},
        {-1, 0, true, "1969-12-31T23:59:59Z"},
        {0, 5 * 3600 + 45 * 60, false, "1970-01-01T05:45:00+05:45"},
        {-2717650800, -17762, false, "1883-11-18T12:03:58-04:56:02"}, // LMT keeps its seconds
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[48];
        iso8601_format(cases[i].t, cases[i].off, cases[i].z, out, sizeof out);
        assert_string_equal(out, cases[i].s);
    }
}

/* What format writes, parse reads back, for every whole-minute offset. */
static void test_iso8601_round_trip(void **state)
{
    (void)state;
    for (int off = -18 * 3600; off <= 18 * 3600; off += 15 * 60) {
        for (dun_time t = -5000000000; t < 5000000000; t += 123456789) {
            char out[48];
            dun_time back = 0;
            iso8601_format(t, off, true, out, sizeof out);
            assert_true(iso8601_parse(out, &back));
            assert_int_equal(back, t);
        }
    }
}

static void test_hhmm_parse(void **state)
{
    (void)state;
    static const struct { const char *s; int minutes; } good[] = {
        {"08:00", 480}, {"8:00", 480}, {"00:00", 0}, {"0:05", 5},
        {"23:59", 1439}, {"24:00", 1440}, {"12:30", 750},
    };
    for (size_t i = 0; i < N(good); i++) {
        int m = -1;
        assert_true(hhmm_parse(good[i].s, &m));
        assert_int_equal(m, good[i].minutes);
    }
    static const char *bad[] = {
        "24:01", "25:00", "12:60", "12:5", "123:00", "12:00 ", " 12:00", "12:00x", "12",
        "12:",   ":30",   "",      "-1:00", "+1:00", "12.00", "1200", "12:000", "ab:cd",
    };
    for (size_t i = 0; i < N(bad); i++) {
        int m = -1;
        if (hhmm_parse(bad[i], &m))
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(m, -1);
    }
    assert_false(hhmm_parse(NULL, &(int){0}));
}

/* The dates imports accept: 1900-01-01..2199-12-31 (issue 10, items 5 and 12). */
static void test_import_range(void **state)
{
    (void)state;
    int64_t d;
    assert_true(date_parse("0000-01-01", &d)); /* a date by the calendar... */
    assert_false(date_in_range(d));            /* ...but not one dun takes in */
    assert_true(date_parse("0001-01-01", &d));
    assert_false(date_in_range(d));
    assert_false(date_in_range(date_from_civil(1899, 12, 31)));
    assert_true(date_in_range(date_from_civil(1900, 1, 1)));
    assert_true(date_in_range(date_from_civil(2026, 11, 20)));
    assert_true(date_in_range(date_from_civil(2199, 12, 31)));
    assert_false(date_in_range(date_from_civil(2200, 1, 1)));
    dun_time t;
    assert_true(iso8601_parse("1900-01-01T00:00:00Z", &t));
    assert_true(time_in_range(t));
    assert_false(time_in_range(t - 1));
    assert_true(iso8601_parse("2199-12-31T23:59:59Z", &t));
    assert_true(time_in_range(t));
    assert_false(time_in_range(t + 1));
    assert_true(iso8601_parse("0000-01-01T00:00:00Z", &t));
    assert_false(time_in_range(t));
}

static void test_floor_helpers(void **state)
{
    (void)state;
    assert_int_equal(floor_div(-1, 86400), -1);
    assert_int_equal(floor_div(-86400, 86400), -1);
    assert_int_equal(floor_div(86399, 86400), 0);
    assert_int_equal(floor_mod(-1, 86400), 86399);
    assert_int_equal(floor_mod(7, -3), -2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_dates),       cmocka_unit_test(test_round_trip_dense),
        cmocka_unit_test(test_round_trip_wide),   cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_weekday),           cmocka_unit_test(test_date_parse_good),
        cmocka_unit_test(test_date_parse_bad),    cmocka_unit_test(test_date_format),
        cmocka_unit_test(test_iso8601_parse_good), cmocka_unit_test(test_iso8601_parse_bad),
        cmocka_unit_test(test_iso8601_format),    cmocka_unit_test(test_iso8601_round_trip),
        cmocka_unit_test(test_hhmm_parse),        cmocka_unit_test(test_floor_helpers),
        cmocka_unit_test(test_import_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
