/* Fuzz core/date.c: dates, instants, clock times and contact windows as
 * imports, DUN_NOW and forms give them.
 *
 * The whole input is tried as each kind of text. Properties:
 *  - an accepted YYYY-MM-DD is written back by date_format exactly as
 *    given, and its civil fields convert back to the same day;
 *  - an accepted ISO 8601 instant, written by iso8601_format at any whole
 *    minute offset (or Z), parses back to the same instant;
 *  - an accepted HH:MM or window written as HH:MM reads back the same;
 *  - any day and instant PostgreSQL can store (the first 8 bytes as a
 *    number) converts to civil fields and back; written as text it reads
 *    back the same, or (outside 1900..2199, where a parser may refuse a
 *    year) not at all.
 */
#include "tests/fuzz/fuzz.h"

#include <inttypes.h>

#include "core/date.h"
#include "core/validate.h"

/* PostgreSQL's date and timestamptz ranges, in days and seconds since
 * 1970-01-01: 4713 BC to 5874897 AD, and 4713 BC to 294276 AD. */
#define PG_DAY_MIN (-2440588)
#define PG_DAY_MAX (2147483494)
#define PG_SEC_MIN (-210866803200LL)
#define PG_SEC_MAX (9224318015999LL)

static const int offsets[] = {0, 9 * 3600, -5 * 3600, 5 * 3600 + 45 * 60, -(9 * 3600 + 30 * 60), 18 * 3600,
                              -18 * 3600, 14 * 3600};

/* A formatted date or instant in the years every parser must read (an
 * import may refuse years outside them, not a year written this way). */
static bool usual_year(const char *s)
{
    int y = atoi(s);
    return s[0] >= '0' && s[0] <= '9' && s[4] == '-' && y >= 1900 && y <= 2199;
}

static void check_day(int64_t days)
{
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m), "day %" PRId64 " is %d-%d-%d", days,
               y, m, d);
    FUZZ_CHECK(date_from_civil(y, m, d) == days, "day %" PRId64 " is %d-%d-%d, which is day %" PRId64, days, y, m,
               d, date_from_civil(y, m, d));
    int wd = date_weekday(days);
    FUZZ_CHECK(wd >= 0 && wd <= 6 && date_weekday(days + 1) == (wd + 1) % 7, "weekday %d of day %" PRId64, wd, days);
    char text[32];
    int64_t back;
    date_format(days, text, sizeof text);
    if (usual_year(text))
        FUZZ_CHECK(date_parse(text, &back) && back == days, "day %" PRId64 " written as %s does not read back",
                   days, text);
    else if (date_parse(text, &back))
        FUZZ_CHECK(back == days, "day %" PRId64 " written as %s reads back as %" PRId64, days, text, back);
}

static void check_instant(dun_time t)
{
    char text[64];
    dun_time back;
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
        for (int z = 0; z <= 1; z++) {
            iso8601_format(t, offsets[i], z, text, sizeof text);
            bool read = iso8601_parse(text, &back);
            FUZZ_CHECK(read ? back == t : !usual_year(text), "%" PRId64 " written as %s reads back as %s", t, text,
                       read ? "another instant" : "nothing");
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size), text[64];
    int64_t days;
    dun_time t;
    int a, b;
    if (date_parse(s, &days)) {
        date_format(days, text, sizeof text);
        FUZZ_CHECK(strcmp(text, s) == 0, "\"%s\" is day %" PRId64 ", written as %s", s, days, text);
        check_day(days);
    }
    if (iso8601_parse(s, &t))
        check_instant(t);
    if (hhmm_parse(s, &a)) {
        FUZZ_CHECK(a >= 0 && a <= 24 * 60, "\"%s\" is minute %d", s, a);
        snprintf(text, sizeof text, "%02d:%02d", a / 60, a % 60);
        FUZZ_CHECK(hhmm_parse(text, &b) && a == b, "\"%s\" is minute %d, written as %s", s, a, text);
    }
    char err[256] = "";
    if (window_parse(s, &a, &b, err, sizeof err)) {
        FUZZ_CHECK(0 <= a && a < b && b <= 24 * 60, "window \"%s\" is %d..%d", s, a, b);
        int a2, b2;
        snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", a / 60, a % 60, b / 60, b % 60);
        FUZZ_CHECK(window_parse(text, &a2, &b2, err, sizeof err) && a2 == a && b2 == b,
                   "window \"%s\" written as %s", s, text);
    } else {
        FUZZ_CHECK(err[0], "window \"%s\" refused without a reason", s);
    }
    int64_t n = fuzz_i64(data, size);
    check_day(fuzz_clamp(n, PG_DAY_MIN, PG_DAY_MAX));
    check_instant(fuzz_clamp(n, PG_SEC_MIN, PG_SEC_MAX));
    free(s);
    return 0;
}
