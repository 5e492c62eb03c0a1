/* Unit tests for core/zone: TZif parsing, POSIX footers, offsets, local time
 * and its inverse, name checks, $TZDIR and the cache. Real zones come from
 * the system tzdata; expected values were cross-checked with Python zoneinfo
 * and glibc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/zone.h"
#include "tests/unit/clock.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SYS_ZONEINFO "/usr/share/zoneinfo"

/* ---- helpers ------------------------------------------------------------ */

static dun_time utc(int y, int mo, int d, int h, int mi, int s)
{
    return date_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

struct expect {
    dun_time t;
    int offset;
    const char *abbrev;
};

static void check_zone(const char *name, const struct expect *e, size_t n)
{
    struct zone *z = load(name);
    for (size_t i = 0; i < n; i++) {
        if (zone_offset(z, e[i].t) != e[i].offset || strcmp(zone_abbrev(z, e[i].t), e[i].abbrev) != 0)
            fail_msg("%s at %lld: got %d %s, want %d %s", name, (long long)e[i].t,
                     zone_offset(z, e[i].t), zone_abbrev(z, e[i].t), e[i].offset, e[i].abbrev);
    }
    zone_free(&z);
    assert_null(z);
}

/* ---- a small TZif writer for hand-made files ----------------------------- */

struct ttspec {
    int32_t utoff;
    uint8_t isdst, abbr;
};

struct block {
    size_t ntrans;
    const int64_t *trans;
    const uint8_t *idx;
    size_t ntypes;
    const struct ttspec *types;
    const char *chars; // NUL-separated designations
    size_t nchars;
};

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put_header(unsigned char *p, char version, const struct block *b)
{
    memcpy(p, "TZif", 4);
    p[4] = (unsigned char)version;
    memset(p + 5, 0, 15);
    p += 20;
    uint32_t counts[6] = {0, 0, 0, (uint32_t)b->ntrans, (uint32_t)b->ntypes, (uint32_t)b->nchars};
    for (int i = 0; i < 6; i++)
        p = put32(p, counts[i]);
    return p;
}

static unsigned char *put_block(unsigned char *p, const struct block *b, int tsize)
{
    for (size_t i = 0; i < b->ntrans; i++) {
        if (tsize == 8)
            p = put32(p, (uint32_t)((uint64_t)b->trans[i] >> 32));
        p = put32(p, (uint32_t)b->trans[i]);
    }
    for (size_t i = 0; i < b->ntrans; i++)
        *p++ = b->idx[i];
    for (size_t i = 0; i < b->ntypes; i++) {
        p = put32(p, (uint32_t)b->types[i].utoff);
        *p++ = b->types[i].isdst;
        *p++ = b->types[i].abbr;
    }
    memcpy(p, b->chars, b->nchars);
    return p + b->nchars;
}

/* version 0 writes v1 only; otherwise v1 block, v2 header, 64-bit block, footer. */
static size_t build(unsigned char *buf, char version, const struct block *v1, const struct block *v2,
                    const char *footer)
{
    unsigned char *p = put_block(put_header(buf, version, v1), v1, 4);
    if (version != 0) {
        p = put_block(put_header(p, version, v2), v2, 8);
        p += sprintf((char *)p, "\n%s\n", footer);
    }
    return (size_t)(p - buf);
}

static const struct ttspec lmt_type[] = {{0, 0, 0}};
static const struct block lmt_only = {0, NULL, NULL, 1, lmt_type, "LMT", 4};

/* A v3 file with no transitions: the footer alone rules every instant. */
static struct zone *footer_zone(const char *footer)
{
    unsigned char buf[512];
    char err[256] = "";
    size_t len = build(buf, '3', &lmt_only, &lmt_only, footer);
    struct zone *z = zone_parse("Test/Footer", buf, len, err, sizeof err);
    if (!z)
        fail_msg("footer %s: %s", footer, err);
    return z;
}

/* ---- real zones --------------------------------------------------------- */

static void test_tokyo(void **state)
{
    (void)state;
    const struct expect e[] = {
        {utc(1990, 6, 1, 0, 0, 0), 32400, "JST"},
        {utc(2026, 11, 22, 5, 5, 0), 32400, "JST"},
        {utc(2080, 1, 1, 0, 0, 0), 32400, "JST"},
    };
    check_zone("Asia/Tokyo", e, N(e));
}

static void test_new_york_2026(void **state)
{
    (void)state;
    dun_time spring = utc(2026, 3, 8, 7, 0, 0), fall = utc(2026, 11, 1, 6, 0, 0);
    const struct expect e[] = {
        {spring - 1, -18000, "EST"}, {spring, -14400, "EDT"},
        {fall - 1, -14400, "EDT"},   {fall, -18000, "EST"},
        {utc(2026, 1, 15, 12, 0, 0), -18000, "EST"}, {utc(2026, 7, 4, 12, 0, 0), -14400, "EDT"},
    };
    check_zone("America/New_York", e, N(e));
}

static void test_honolulu_all_year(void **state)
{
    (void)state;
    struct zone *z = load("Pacific/Honolulu");
    for (int y = 1970; y <= 2090; y += 40)
        for (int m = 1; m <= 12; m++) {
            dun_time t = utc(y, m, 15, 12, 0, 0);
            assert_int_equal(zone_offset(z, t), -36000);
            assert_string_equal(zone_abbrev(z, t), "HST");
        }
    zone_free(&z);
}

static void test_us_mainland(void **state)
{
    (void)state;
    static const struct expect denver[] = {
        {1772960400 - 1, -25200, "MST"}, {1772960400, -21600, "MDT"},
        {1793520000 - 1, -21600, "MDT"}, {1793520000, -25200, "MST"},
    };
    static const struct expect chicago[] = {
        {1772956800 - 1, -21600, "CST"}, {1772956800, -18000, "CDT"},
        {1793516400 - 1, -18000, "CDT"}, {1793516400, -21600, "CST"},
    };
    static const struct expect los_angeles[] = {
        {1772964000 - 1, -28800, "PST"}, {1772964000, -25200, "PDT"},
        {1793523600 - 1, -25200, "PDT"}, {1793523600, -28800, "PST"},
    };
    check_zone("America/Denver", denver, N(denver));
    check_zone("America/Chicago", chicago, N(chicago));
    check_zone("America/Los_Angeles", los_angeles, N(los_angeles));
}

/* 2080 is past the last transition of any tzdata file (2037): only the
 * footer "EST5EDT,M3.2.0,M11.1.0" can answer. */
static void test_far_future_footer(void **state)
{
    (void)state;
    static const struct expect e[] = {
        {3477279600 - 1, -18000, "EST"}, {3477279600, -14400, "EDT"}, // 2080-03-10 07:00Z
        {3497839200 - 1, -14400, "EDT"}, {3497839200, -18000, "EST"}, // 2080-11-03 06:00Z
    };
    check_zone("America/New_York", e, N(e));
}

static void test_zone_local(void **state)
{
    (void)state;
    struct zone *tokyo = load("Asia/Tokyo");
    struct local_time lt = zone_local(tokyo, utc(2026, 11, 22, 5, 5, 7));
    assert_int_equal(lt.date, date_from_civil(2026, 11, 22));
    assert_int_equal(lt.minute_of_day, 14 * 60 + 5);
    assert_int_equal(lt.second, 7);
    assert_int_equal(lt.offset, 32400);
    assert_string_equal(zone_name(tokyo), "Asia/Tokyo");
    zone_free(&tokyo);

    struct zone *ny = load("America/New_York"); // crosses back a day
    lt = zone_local(ny, utc(2026, 1, 1, 3, 0, 59));
    assert_int_equal(lt.date, date_from_civil(2025, 12, 31));
    assert_int_equal(lt.minute_of_day, 22 * 60);
    assert_int_equal(lt.second, 59);
    assert_int_equal(lt.offset, -18000);
    zone_free(&ny);

    struct zone *hnl = load("Pacific/Honolulu"); // before the epoch
    lt = zone_local(hnl, -1);
    assert_int_equal(lt.date, -1);
    assert_int_equal(lt.minute_of_day, 13 * 60 + 59);
    assert_int_equal(lt.second, 59);
    zone_free(&hnl);
}

static void test_zone_instant(void **state)
{
    (void)state;
    struct zone *ny = load("America/New_York");
    static const struct { int y, m, d, minute; dun_time want; } cases[] = {
        {2026, 7, 4, 9 * 60, 1783170000},             // 13:00Z, plain summer time
        {2026, 3, 8, 1 * 60 + 59, 1772953140},        // 06:59Z, just before the gap
        {2026, 3, 8, 2 * 60, 1772953200},             // gap start -> 07:00Z
        {2026, 3, 8, 2 * 60 + 30, 1772953200},        // inside the gap -> 07:00Z
        {2026, 3, 8, 3 * 60, 1772953200},             // 03:00 EDT is that same instant
        {2026, 11, 1, 1 * 60 + 30, 1793511000},       // overlap -> 05:30Z (EDT reading)
        {2026, 11, 1, 0 * 60 + 59, 1793509140},       // 04:59Z before the overlap
        {2026, 11, 1, 2 * 60, 1793516400},            // 07:00Z after it
        {2026, 12, 31, 24 * 60, 1798779600},          // 24:00 = next midnight EST
        {2080, 3, 10, 2 * 60 + 30, 3477279600},       // footer-era gap
    };
    for (size_t i = 0; i < N(cases); i++) {
        dun_time got = zone_instant(ny, date_from_civil(cases[i].y, cases[i].m, cases[i].d),
                                    cases[i].minute);
        if (got != cases[i].want)
            fail_msg("case %zu: got %lld want %lld", i, (long long)got, (long long)cases[i].want);
    }
    zone_free(&ny);

    struct zone *tokyo = load("Asia/Tokyo");
    assert_int_equal(zone_instant(tokyo, date_from_civil(2026, 11, 22), 14 * 60 + 5), 1795323900);
    zone_free(&tokyo);
}

/* zone_local(zone_instant(x)) == x for every valid local minute of a year
 * with both transitions. */
static void test_instant_local_round_trip(void **state)
{
    (void)state;
    struct zone *ny = load("America/New_York");
    int64_t first = date_from_civil(2026, 1, 1), last = date_from_civil(2026, 12, 31);
    for (int64_t d = first; d <= last; d++)
        for (int minute = 0; minute < 1440; minute += 30) {
            struct local_time lt = zone_local(ny, zone_instant(ny, d, minute));
            bool gap = d == date_from_civil(2026, 3, 8) && minute >= 120 && minute < 180;
            if (gap)
                assert_int_equal(lt.minute_of_day, 180);
            else
                assert_true(lt.date == d && lt.minute_of_day == minute && lt.second == 0);
        }
    zone_free(&ny);
}

/* ---- hand-made files ---------------------------------------------------- */

static void test_footer_rules(void **state)
{
    (void)state;
    static const struct {
        const char *footer;
        struct expect e[6];
    } cases[] = {
        // v3: negative rule times (Nuuk since 2024)
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
         {{1893455999, -7200, "-02"}, {1901149199, -7200, "-02"}, {1901149200, -3600, "-01"},
          {1919293199, -3600, "-01"}, {1919293200, -7200, "-02"}, {1909094400, -3600, "-01"}}},
        // DST all year: the end rule (Dec 31 25:00) meets the next start
        {"EST5EDT,0/0,J365/25",
         {{1893455999, -14400, "EDT"}, {1909094400, -14400, "EDT"}, {1901149200, -14400, "EDT"},
          {1924991999, -14400, "EDT"}, {1924992000, -14400, "EDT"}, {1924995600, -14400, "EDT"}}},
        // negative DST (Dublin): "daylight" time is the winter one
        {"IST-1GMT0,M10.5.0,M3.5.0/1",
         {{1893455999, 0, "GMT"}, {1901149199, 0, "GMT"}, {1901149200, 3600, "IST"},
          {1919293199, 3600, "IST"}, {1919293200, 0, "GMT"}, {1909094400, 3600, "IST"}}},
        // southern hemisphere: DST spans New Year
        {"AEST-10AEDT,M10.1.0,M4.1.0/3",
         {{1893455999, 39600, "AEDT"}, {1901721599, 39600, "AEDT"}, {1901721600, 36000, "AEST"},
          {1917446399, 36000, "AEST"}, {1917446400, 39600, "AEDT"}, {1909094400, 36000, "AEST"}}},
        // rule time past 24h (Jerusalem)
        {"IST-2IDT,M3.4.4/26,M10.5.0",
         {{1893455999, 7200, "IST"}, {1900972799, 7200, "IST"}, {1900972800, 10800, "IDT"},
          {1919285999, 10800, "IDT"}, {1919286000, 7200, "IST"}, {1909094400, 10800, "IDT"}}},
        // v3 extremes: -25h and 50h
        {"<-03>3<-02>,M3.2.0/-25,M11.1.0/50",
         {{1893455999, -10800, "-03"}, {1899251999, -10800, "-03"}, {1899252000, -7200, "-02"},
          {1920081599, -7200, "-02"}, {1920081600, -10800, "-03"}, {1909094400, -7200, "-02"}}},
        // Jn never counts Feb 29: J60 is March 1 in 2028
        {"XXX3YYY,J60,J300",
         {{1830297599, -10800, "XXX"}, {1835499599, -10800, "XXX"}, {1835499600, -7200, "YYY"},
          {1856231999, -7200, "YYY"}, {1856232000, -10800, "XXX"}, {1846022400, -7200, "YYY"}}},
        // zero-based n counts it: 59 is Feb 29 in 2028, Mar 1 in 2029
        // (Python's zoneinfo puts this a day early; glibc agrees with us)
        {"XXX3YYY,59,299",
         {{1835413199, -10800, "XXX"}, {1835413200, -7200, "YYY"}, {1856145599, -7200, "YYY"},
          {1856145600, -10800, "XXX"}, {1867035599, -10800, "XXX"}, {1867035600, -7200, "YYY"}}},
        {"<+09>-9", {{1893455999, 32400, "+09"}, {1909094400, 32400, "+09"}, {-5000000000, 32400, "+09"},
                     {0, 32400, "+09"}, {4000000000, 32400, "+09"}, {1, 32400, "+09"}}},
        {"JST-9", {{1893455999, 32400, "JST"}, {1909094400, 32400, "JST"}, {-5000000000, 32400, "JST"},
                   {0, 32400, "JST"}, {4000000000, 32400, "JST"}, {1, 32400, "JST"}}},
        // DST named without a rule: the US rule, as glibc assumes
        {"EST5EDT",
         {{3477279599, -18000, "EST"}, {3477279600, -14400, "EDT"}, {3497839199, -14400, "EDT"},
          {3497839200, -18000, "EST"}, {1909094400, -14400, "EDT"}, {1893455999, -18000, "EST"}}},
        // explicit DST offset and h:mm:ss forms
        {"<+0530>-5:30<+0630>-6:30:00,M3.2.0/2:00:00,M11.1.0",
         {{1909094400, 23400, "+0630"}, {1893455999, 19800, "+0530"}, {0, 19800, "+0530"},
          {1909094401, 23400, "+0630"}, {1893455998, 19800, "+0530"}, {1, 19800, "+0530"}}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct zone *z = footer_zone(cases[i].footer);
        for (size_t j = 0; j < N(cases[i].e); j++) {
            const struct expect *e = &cases[i].e[j];
            if (zone_offset(z, e->t) != e->offset || strcmp(zone_abbrev(z, e->t), e->abbrev) != 0)
                fail_msg("%s at %lld: got %d %s, want %d %s", cases[i].footer, (long long)e->t,
                         zone_offset(z, e->t), zone_abbrev(z, e->t), e->offset, e->abbrev);
        }
        zone_free(&z);
    }
}

static void test_bad_footers(void **state)
{
    (void)state;
    static const char *bad[] = {
        "JST-9x", "JS-9", "JST", "<+09-9", "<>-9", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
        "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J100", "EST5EDT,J366,J100",
        "EST5EDT,366,100", "EST5EDT,M3.2.0/168,M11.1.0", "EST168", "EST5:60", "EST5EDT,M3.2.0,M11.1.0,",
        "EST5EDT;M3.2.0,M11.1.0", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ5",
    };
    for (size_t i = 0; i < N(bad); i++) {
        unsigned char buf[512];
        char err[256] = "";
        size_t len = build(buf, '2', &lmt_only, &lmt_only, bad[i]);
        struct zone *z = zone_parse("Test/Bad", buf, len, err, sizeof err);
        if (z)
            fail_msg("accepted footer %s", bad[i]);
        assert_non_null(strstr(err, "Test/Bad"));
    }
}

static void test_empty_footer_uses_last_type(void **state)
{
    (void)state;
    static const int64_t trans[] = {0, 3000000000}; // the second needs 64 bits
    static const uint8_t idx[] = {1, 0};
    static const struct ttspec types[] = {{3600, 0, 0}, {7200, 1, 4}};
    const struct block b = {2, trans, idx, 2, types, "AAA\0BBB", 8};
    unsigned char buf[512];
    size_t len = build(buf, '2', &lmt_only, &b, "");
    struct zone *z = zone_parse("Test/Empty", buf, len, NULL, 0);
    assert_non_null(z);
    assert_int_equal(zone_offset(z, -1), 3600); // type 0 before the first
    assert_string_equal(zone_abbrev(z, 0), "BBB");
    assert_int_equal(zone_offset(z, 2999999999), 7200);
    assert_int_equal(zone_offset(z, 3000000000), 3600);
    assert_int_equal(zone_offset(z, INT64_MAX), 3600);
    zone_free(&z);
}

/* A v2 file whose v1 block lies: the 64-bit block must win. */
static void test_v2_block_preferred(void **state)
{
    (void)state;
    static const struct ttspec old_type[] = {{-3600, 0, 0}};
    static const struct ttspec new_type[] = {{7200, 0, 0}};
    const struct block v1 = {0, NULL, NULL, 1, old_type, "OLD", 4};
    const struct block v2 = {0, NULL, NULL, 1, new_type, "NEW", 4};
    unsigned char buf[512];
    size_t len = build(buf, '2', &v1, &v2, "");
    struct zone *z = zone_parse("Test/V2", buf, len, NULL, 0);
    assert_non_null(z);
    assert_int_equal(zone_offset(z, 0), 7200);
    assert_string_equal(zone_abbrev(z, 0), "NEW");
    zone_free(&z);
}

static void test_v1_file(void **state)
{
    (void)state;
    static const int64_t trans[] = {-1000, 1000000};
    static const uint8_t idx[] = {1, 2};
    static const struct ttspec types[] = {{-17762, 0, 0}, {-18000, 0, 4}, {-14400, 1, 8}};
    const struct block b = {2, trans, idx, 3, types, "LMT\0EST\0EDT", 12};
    unsigned char buf[512];
    size_t len = build(buf, 0, &b, NULL, NULL);
    struct zone *z = zone_parse("Test/V1", buf, len, NULL, 0);
    assert_non_null(z);
    assert_int_equal(zone_offset(z, -1001), -17762);
    assert_string_equal(zone_abbrev(z, -1000), "EST");
    assert_int_equal(zone_offset(z, 999999), -18000);
    assert_string_equal(zone_abbrev(z, 1000000), "EDT");
    assert_int_equal(zone_offset(z, 4000000000), -14400); // no footer in v1: last type stays
    zone_free(&z);
}

static void test_corrupt_files(void **state)
{
    (void)state;
    static const int64_t sorted[] = {0, 100}, unsorted[] = {100, 0};
    static const uint8_t ok_idx[] = {0, 0}, bad_idx[] = {0, 1};
    static const struct ttspec one[] = {{0, 0, 0}}, bad_abbr[] = {{0, 0, 9}}, bad_dst[] = {{0, 2, 0}};
    static const struct ttspec min_off[] = {{INT32_MIN, 0, 0}};
    const struct block cases[] = {
        {2, unsorted, ok_idx, 1, one, "UTC", 4},    // transitions out of order
        {2, sorted, bad_idx, 1, one, "UTC", 4},     // index names a missing type
        {0, NULL, NULL, 1, bad_abbr, "UTC", 4},     // abbreviation index past chars
        {0, NULL, NULL, 1, bad_dst, "UTC", 4},      // isdst not 0/1
        {0, NULL, NULL, 1, min_off, "UTC", 4},      // forbidden offset
        {0, NULL, NULL, 0, one, "UTC", 4},          // no types
        {0, NULL, NULL, 1, one, "", 0},             // no designations
    };
    for (size_t i = 0; i < N(cases); i++) {
        unsigned char buf[512];
        char err[256] = "";
        size_t len = build(buf, '2', &lmt_only, &cases[i], "UTC0");
        assert_null(zone_parse("Test/Corrupt", buf, len, err, sizeof err));
        assert_non_null(strstr(err, "corrupt"));
    }
}

static void test_parse_rejects_garbage(void **state)
{
    (void)state;
    static const char *junk[] = {"", "TZi", "TZif", "hello, world", "TZif2\n\n\n\n", "\x00\x01\x02\x03"};
    for (size_t i = 0; i < N(junk); i++) {
        char err[256] = "";
        assert_null(zone_parse("Junk", (const unsigned char *)junk[i], strlen(junk[i]) + 1, err, sizeof err));
        assert_true(err[0] != '\0');
    }
    char err[256] = "";
    assert_null(zone_parse("Junk", NULL, 0, err, sizeof err));
    assert_string_equal(err, "unknown time zone \"Junk\": not a TZif file");
    assert_null(zone_parse("Junk", (const unsigned char *)"TZ", 2, NULL, 0)); // no err buffer
}

/* Every proper prefix of a real file is rejected, without reading past it. */
static void test_truncated_files(void **state)
{
    (void)state;
    size_t len;
    unsigned char *full = slurp(SYS_ZONEINFO "/America/New_York", &len);
    for (size_t n = 0; n < len; n++) {
        unsigned char *part = malloc(n ? n : 1); // exact size so ASan sees overreads
        assert_non_null(part);
        memcpy(part, full, n);
        assert_null(zone_parse("Cut", part, n, NULL, 0));
        free(part);
    }
    struct zone *z = zone_parse("Whole", full, len, NULL, 0);
    assert_non_null(z);
    zone_free(&z);
    free(full);
}

/* Random byte damage may parse or not, but never crashes or leaks. */
static void test_mutated_files(void **state)
{
    (void)state;
    size_t len;
    unsigned char *full = slurp(SYS_ZONEINFO "/Europe/Dublin", &len);
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        memcpy(copy, full, len);
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[(seed >> 8) % len] = (unsigned char)(seed >> 24);
        }
        struct zone *z = zone_parse("Mut", copy, len, NULL, 0);
        if (z) {
            (void)zone_offset(z, 4000000000);
            (void)zone_instant(z, 25000, 150);
            zone_free(&z);
        }
    }
    free(copy);
    free(full);
}

/* ---- loading by name ---------------------------------------------------- */

static void test_load_rejects_names(void **state)
{
    (void)state;
    static const struct { const char *name, *err; } cases[] = {
        {"../etc/passwd", "invalid time zone name \"../etc/passwd\""},
        {"/etc/passwd", "invalid time zone name \"/etc/passwd\""},
        {"", "invalid time zone name \"\""},
        {"Asia/../../etc/passwd", "invalid time zone name \"Asia/../../etc/passwd\""},
        {"America/New York", "invalid time zone name \"America/New York\""},
        {"Asia/Tokyo\n", "invalid time zone name \"Asia/Tokyo\n\""},
        {"Asia/Tokyo;ls", "invalid time zone name \"Asia/Tokyo;ls\""},
        {"Asia/*", "invalid time zone name \"Asia/*\""},
        {"Mars/Base", "unknown time zone \"Mars/Base\""},
        {"America", "unknown time zone \"America\""}, // a directory
        {"zone.tab", "invalid time zone name \"zone.tab\""},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char err[256] = "";
        struct zone *z = zone_load(cases[i].name, err, sizeof err);
        assert_null(z);
        assert_string_equal(err, cases[i].err);
    }
    char long_name[400];
    memset(long_name, 'A', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_null(zone_load(long_name, NULL, 0));
    assert_null(zone_load(NULL, NULL, 0));
}

static void test_load_accepts_iana_names(void **state)
{
    (void)state;
    static const char *names[] = {"UTC", "Etc/GMT+5", "Etc/GMT-14", "America/Port-au-Prince",
                                  "America/Argentina/Buenos_Aires", "EST5EDT"};
    for (size_t i = 0; i < N(names); i++) {
        struct zone *z = load(names[i]);
        assert_string_equal(zone_name(z), names[i]);
        zone_free(&z);
    }
    struct zone *z = load("Etc/GMT+5"); // POSIX sign: GMT+5 is five hours west
    assert_int_equal(zone_offset(z, 0), -18000);
    zone_free(&z);
    zone_free(&z); // freeing NULL is harmless
    zone_free(NULL);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A private zoneinfo tree with a copy of Tokyo under a made-up name: if it
 * loads, and the real Tokyo does not, the files came from $TZDIR. */
static void test_tzdir_honoured(void **state)
{
    (void)state;
    char dir[] = "/tmp/dun_tzdir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], zone_path[96], fake_path[96];
    snprintf(sub, sizeof sub, "%s/Test", dir);
    snprintf(zone_path, sizeof zone_path, "%s/Test/Home", dir);
    snprintf(fake_path, sizeof fake_path, "%s/Test/Fake", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    size_t len;
    unsigned char *tokyo = slurp(SYS_ZONEINFO "/Asia/Tokyo", &len);
    write_file(zone_path, tokyo, len);
    write_file(fake_path, "not a zone\n", 11);
    free(tokyo);

    char *saved = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
    assert_int_equal(setenv("TZDIR", dir, 1), 0);
    char err[256] = "";
    struct zone *z = zone_load("Test/Home", err, sizeof err);
    assert_non_null(z);
    assert_int_equal(zone_offset(z, 0), 32400);
    assert_string_equal(zone_abbrev(z, 0), "JST");
    zone_free(&z);
    assert_null(zone_load("Asia/Tokyo", err, sizeof err));
    assert_string_equal(err, "unknown time zone \"Asia/Tokyo\"");
    assert_null(zone_load("Test/Fake", err, sizeof err));
    assert_string_equal(err, "unknown time zone \"Test/Fake\": not a TZif file");
    if (saved)
        setenv("TZDIR", saved, 1);
    else
        unsetenv("TZDIR");
    free(saved);

    assert_int_equal(unlink(zone_path), 0);
    assert_int_equal(unlink(fake_path), 0);
    assert_int_equal(rmdir(sub), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* ---- a moment near now, in both clocks --------------------------------- */

static void test_format_near(void **state)
{
    (void)state;
    char err[160], out[160];
    struct zone *den = zone_load("America/Denver", err, sizeof err), *tyo = zone_load("Asia/Tokyo", err, sizeof err);
    assert_non_null(den);
    assert_non_null(tyo);
    dun_time now = utc(2026, 12, 4, 4, 30, 0); /* Thu 21:30 MST, Fri 13:30 JST */
    /* Tomorrow morning in Denver: the day, and the agent's clock with its own day. */
    zone_format_near(utc(2026, 12, 4, 15, 0, 0), now, den, tyo, out, sizeof out);
    assert_string_equal(out, "Fri 12-04 08:00 MST (yours: Sat 12-05 00:00 JST)");
    /* Later today in Denver, still today in Tokyo: no day on either side. */
    zone_format_near(utc(2026, 12, 4, 4, 45, 0), now, den, tyo, out, sizeof out);
    assert_string_equal(out, "21:45 MST (yours: 13:45 JST)");
    /* The same clock: said once. */
    zone_format_near(utc(2026, 12, 4, 5, 0, 0), now, tyo, tyo, out, sizeof out);
    assert_string_equal(out, "14:00 JST");
    zone_free(&den);
    zone_free(&tyo);
}

/* ---- cache -------------------------------------------------------------- */

static void test_cache(void **state)
{
    (void)state;
    static const char *names[] = {
        "Asia/Tokyo", "America/New_York", "America/Chicago", "America/Denver",
        "America/Los_Angeles", "Pacific/Honolulu", "Europe/London", "Europe/Paris",
        "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC", "America/Phoenix",
    };
    struct zone_cache *c = zone_cache_new();
    assert_non_null(c);
    char err[256] = "";
    const struct zone *first = zone_cache_get(c, "Asia/Tokyo", err, sizeof err);
    assert_non_null(first);
    assert_ptr_equal(zone_cache_get(c, "Asia/Tokyo", err, sizeof err), first);
    for (size_t i = 0; i < N(names); i++) // more than the first allocation holds
        assert_non_null(zone_cache_get(c, names[i], err, sizeof err));
    for (size_t i = 0; i < N(names); i++) {
        const struct zone *z = zone_cache_get(c, names[i], err, sizeof err);
        assert_string_equal(zone_name(z), names[i]);
    }
    assert_ptr_equal(zone_cache_get(c, "Asia/Tokyo", err, sizeof err), first);
    assert_ptr_not_equal(zone_cache_get(c, "UTC", err, sizeof err), first);
    assert_null(zone_cache_get(c, "Mars/Base", err, sizeof err));
    assert_string_equal(err, "unknown time zone \"Mars/Base\"");
    assert_null(zone_cache_get(c, "../etc/passwd", err, sizeof err));
    zone_cache_free(&c);
    assert_null(c);
    zone_cache_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokyo),
        cmocka_unit_test(test_new_york_2026),
        cmocka_unit_test(test_honolulu_all_year),
        cmocka_unit_test(test_us_mainland),
        cmocka_unit_test(test_far_future_footer),
        cmocka_unit_test(test_zone_local),
        cmocka_unit_test(test_zone_instant),
        cmocka_unit_test(test_instant_local_round_trip),
        cmocka_unit_test(test_footer_rules),
        cmocka_unit_test(test_bad_footers),
        cmocka_unit_test(test_empty_footer_uses_last_type),
        cmocka_unit_test(test_v2_block_preferred),
        cmocka_unit_test(test_v1_file),
        cmocka_unit_test(test_corrupt_files),
        cmocka_unit_test(test_parse_rejects_garbage),
        cmocka_unit_test(test_truncated_files),
        cmocka_unit_test(test_mutated_files),
        cmocka_unit_test(test_load_rejects_names),
        cmocka_unit_test(test_load_accepts_iana_names),
        cmocka_unit_test(test_tzdir_honoured),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_format_near),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
