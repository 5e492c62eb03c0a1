/* Calendar arithmetic and strict date/time text, without the C library's
 * clock or locale. Civil <-> days uses Howard Hinnant's era algorithm, which
 * is exact for the whole proleptic Gregorian calendar. */
#include "core/date.h"

#include <stdlib.h>

#include "core/fmt.h"

#define SECS_PER_DAY 86400
#define MAX_OFFSET (18 * 3600) // ISO 8601 / RFC 3339 never go beyond ±18:00

int64_t date_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;                         // [0, 399]
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // March-based
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
    return era * 146097 + doe - 719468;
}

void date_to_civil(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int date_weekday(int64_t days)
{
    return (int)floor_mod(days + 4, 7); // 1970-01-01 was a Thursday
}

static bool is_leap(int64_t y)
{
    return floor_mod(y, 4) == 0 && (floor_mod(y, 100) != 0 || floor_mod(y, 400) == 0);
}

int date_days_in_month(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return len[m - 1] + (m == 2 && is_leap(y));
}

/* Exactly n ASCII digits at s; no sign, no spaces (strtol would allow both). */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* YYYY-MM-DD at the start of s, not requiring the string to end there. */
static bool date_prefix(const char *s, int64_t *days)
{
    int y, m, d;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return false;
    *days = date_from_civil(y, m, d);
    return true;
}

bool date_parse(const char *s, int64_t *days)
{
    int64_t v;
    if (!s || !date_prefix(s, &v) || s[10] != '\0')
        return false;
    *days = v;
    return true;
}

size_t date_put(char *out, int64_t days)
{
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    size_t k = 0;
    // Negative years get an explicit sign and four digits ("-0001"), as in ISO 8601.
    if (y < 0)
        out[k++] = '-';
    k += fmt_put_padded(out + k, y < 0 ? -(uint64_t)(int64_t)y : (uint64_t)y, 4);
    out[k++] = '-';
    k += fmt_put_padded(out + k, (uint64_t)m, 2);
    out[k++] = '-';
    return k + fmt_put_padded(out + k, (uint64_t)d, 2);
}

void date_format(int64_t days, char *out, size_t n)
{
    char text[DATE_TEXT_MAX];
    fmt_copy(out, n, text, date_put(text, days));
}

/* Zone designator at s: Z, ±HH:MM, ±HHMM or ±HH; must end the string. */
static bool parse_offset(const char *s, int *offset)
{
    int h, mi = 0;
    if (s[0] == 'Z' && s[1] == '\0') {
        *offset = 0;
        return true;
    }
    if ((s[0] != '+' && s[0] != '-') || !digits(s + 1, 2, &h))
        return false;
    const char *p = s + 3;
    if (*p == ':')
        p++;
    if (*p != '\0') {
        if (!digits(p, 2, &mi) || p[2] != '\0')
            return false;
    } else if (p != s + 3) {
        return false; // "+09:" with nothing after the colon
    }
    int v = h * 3600 + mi * 60;
    if (mi > 59 || v > MAX_OFFSET)
        return false;
    *offset = s[0] == '-' ? -v : v;
    return true;
}

/* HH:MM[:SS[.frac]] at s; *rest points past it. */
static bool parse_clock(const char *s, int *secs, const char **rest)
{
    int h, mi, sec = 0;
    if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &mi))
        return false;
    s += 5;
    if (*s == ':') {
        if (!digits(s + 1, 2, &sec))
            return false;
        s += 3;
        if (*s == '.') { // fractions are dropped, but need at least one digit
            if (s[1] < '0' || s[1] > '9')
                return false;
            for (s++; *s >= '0' && *s <= '9'; s++)
                ;
        }
    }
    if (h > 23 || mi > 59 || sec > 59) // no 24:00, no leap second
        return false;
    *secs = h * 3600 + mi * 60 + sec;
    *rest = s;
    return true;
}

bool iso8601_parse(const char *s, dun_time *t)
{
    int64_t days;
    int secs, offset;
    const char *rest;
    if (!s || !date_prefix(s, &days) || (s[10] != 'T' && s[10] != ' '))
        return false;
    if (!parse_clock(s + 11, &secs, &rest) || !parse_offset(rest, &offset))
        return false;
    *t = days * SECS_PER_DAY + secs - offset;
    return true;
}

/* "HH:MM:SS" or "HH:MM" of seconds; digits as %02d (more for an hour past 99). */
static size_t put_clock(char *out, int64_t secs, bool with_seconds)
{
    size_t k = fmt_put_padded(out, (uint64_t)(secs / 3600), 2);
    out[k++] = ':';
    k += fmt_put_padded(out + k, (uint64_t)(secs / 60 % 60), 2);
    if (with_seconds) {
        out[k++] = ':';
        k += fmt_put_padded(out + k, (uint64_t)(secs % 60), 2);
    }
    return k;
}

size_t iso8601_put(char *out, dun_time t, int offset_seconds, bool use_z)
{
    int64_t local = t + offset_seconds;
    size_t k = date_put(out, floor_div(local, SECS_PER_DAY));
    out[k++] = 'T';
    k += put_clock(out + k, floor_mod(local, SECS_PER_DAY), true);
    if (offset_seconds == 0 && use_z) {
        out[k++] = 'Z';
    } else {
        out[k++] = offset_seconds < 0 ? '-' : '+';
        int64_t a = offset_seconds < 0 ? -(int64_t)offset_seconds : offset_seconds;
        // Whole-minute offsets are the norm; only pre-1900 local mean time has
        // seconds, and dropping them would misstate the instant.
        k += put_clock(out + k, a, a % 60 != 0);
    }
    out[k] = '\0';
    return k;
}

void iso8601_format(dun_time t, int offset_seconds, bool use_z, char *out, size_t n)
{
    char text[ISO8601_TEXT_MAX];
    fmt_copy(out, n, text, iso8601_put(text, t, offset_seconds, use_z));
}

bool hhmm_parse(const char *s, int *minutes)
{
    int h, m;
    if (!s)
        return false;
    int hlen = (s[0] && s[1] == ':') ? 1 : 2; // H:MM or HH:MM
    if (!digits(s, hlen, &h) || s[hlen] != ':' || !digits(s + hlen + 1, 2, &m) ||
        s[hlen + 3] != '\0')
        return false;
    if (m > 59 || h > 24 || (h == 24 && m != 0)) // 24:00 closes a day-long window
        return false;
    *minutes = h * 60 + m;
    return true;
}

const char *date_weekday_abbrev(int64_t days)
{
    static const char *const names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return names[date_weekday(days)];
}

bool date_in_range(int64_t days)
{
    return days >= date_from_civil(1900, 1, 1) && days <= date_from_civil(2199, 12, 31);
}

bool time_in_range(dun_time t)
{
    return date_in_range(floor_div(t, 86400));
}
