/* Calendar dates and instants, in plain arithmetic.
 *
 * A date is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it). An instant is seconds since the Unix epoch,
 * UTC. Nothing here reads the clock: "now" is always a parameter.
 */
#ifndef DUN_CORE_DATE_H
#define DUN_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t dun_time; ///< seconds since 1970-01-01T00:00:00Z

/** Days since 1970-01-01 of y-m-d. m is 1..12, d is 1..31 (not checked). */
int64_t date_from_civil(int y, int m, int d);
/** The inverse of date_from_civil. */
void date_to_civil(int64_t days, int *y, int *m, int *d);
/** 0 = Sunday .. 6 = Saturday. */
int date_weekday(int64_t days);
/** "Sun" .. "Sat" for a date. */
const char *date_weekday_abbrev(int64_t days);
/** Days in month m (1..12) of year y. */
int date_days_in_month(int y, int m);

/** Parse a strict YYYY-MM-DD that names a real day. False on anything else. */
bool date_parse(const char *s, int64_t *days);
/** Write YYYY-MM-DD; out needs 11 bytes (more for years past 9999). */
void date_format(int64_t days, char *out, size_t n);
/** Room for date_put's text with its NUL, whatever the year. */
#define DATE_TEXT_MAX 24
/** date_format without a size or printf: writes at out (DATE_TEXT_MAX
 *  bytes), NUL-terminated; returns the length. */
size_t date_put(char *out, int64_t days);

/**
 * Parse ISO 8601 with an explicit offset: YYYY-MM-DDTHH:MM[:SS[.frac]](Z|±HH:MM|±HHMM|±HH).
 * A space may stand for T. Fractions are dropped. Without an offset it is
 * rejected: an instant without a zone is ambiguous.
 */
bool iso8601_parse(const char *s, dun_time *t);
/** Write t shifted by offset_seconds as YYYY-MM-DDTHH:MM:SS±HH:MM (Z when 0 and use_z). */
void iso8601_format(dun_time t, int offset_seconds, bool use_z, char *out, size_t n);
/** Room for iso8601_put's text with its NUL. */
#define ISO8601_TEXT_MAX 48
/** iso8601_format without a size or printf: writes at out
 *  (ISO8601_TEXT_MAX bytes), NUL-terminated; returns the length. */
size_t iso8601_put(char *out, dun_time t, int offset_seconds, bool use_z);

/**
 * The dates dun takes from outside (every date and time column of every
 * import): 1900-01-01 to 2199-12-31. Outside them a date is a typo (year 1
 * renders as "Jan 1, 1"; PostgreSQL refuses year 0), refused with this text.
 */
#define DATE_RANGE_TEXT "1900-01-01 to 2199-12-31"
bool date_in_range(int64_t days);
/** An instant whose UTC date is in that range. */
bool time_in_range(dun_time t);

/** Parse HH:MM (00:00..23:59, and 24:00) into minutes since midnight. */
bool hhmm_parse(const char *s, int *minutes);

/** Floor division helpers used by date code and zone code. */
static inline int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static inline int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

#endif
