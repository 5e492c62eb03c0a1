/* IANA time zones, read from the system's tzdata (TZif files).
 *
 * core needs "what is the UTC offset of zone Z at instant T" and nothing
 * else; this answers it without touching the process-wide TZ variable or
 * localtime(), so it is thread-safe, deterministic and testable with a fixed
 * clock. The files are read from $TZDIR, else /usr/share/zoneinfo.
 */
#ifndef DUN_CORE_ZONE_H
#define DUN_CORE_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct zone;

/**
 * A zone name is valid when it looks like an IANA name (letters, digits,
 * '/', '_', '-', '+'; no "..", no leading '/') and its TZif file loads.
 * Returns a new zone the caller frees with zone_free(), or NULL with a
 * human sentence in err.
 */
struct zone *zone_load(const char *name, char *err, size_t errlen);
/** Parse TZif bytes (v1, v2 or v3) under a given name. NULL with err on failure. */
struct zone *zone_parse(const char *name, const unsigned char *buf, size_t len, char *err, size_t errlen);
/** Frees *z and sets it to NULL. */
void zone_free(struct zone **z);

const char *zone_name(const struct zone *z);
/** Seconds east of UTC in force at t (uses the POSIX TZ footer past the last transition). */
int zone_offset(const struct zone *z, dun_time t);
/** Abbreviation in force at t ("JST", "EDT"). Owned by z. */
const char *zone_abbrev(const struct zone *z, dun_time t);

/** Local wall-clock fields of t in z. */
struct local_time {
    int64_t date;      ///< days since 1970-01-01, local
    int minute_of_day; ///< 0..1439
    int second;        ///< 0..59
    int offset;        ///< seconds east of UTC
};
struct local_time zone_local(const struct zone *z, dun_time t);

/**
 * t in the debtor's zone and the agent's, the one way dun shows both:
 * long  "Sun 2026-11-22 10:00 JST (your time: 2026-11-22 10:00 JST)" (commands),
 * short "Sun 11-22 10:00 JST (yours: Sun 10:00 JST)" (screens).
 */
void zone_format_both(dun_time t, const struct zone *debtor, const struct zone *agent, bool full, char *out,
                      size_t n);

/**
 * A moment near now, as screens say when something opens or is due: the
 * debtor's wall clock, with the day only when it is not the debtor's today,
 * then the agent's when it reads differently:
 *   "08:00 JST", "Fri 12-04 08:00 MST (yours: Sat 00:00 JST)", "21:00 EST (yours: 11:00 JST)".
 */
void zone_format_near(dun_time t, dun_time now, const struct zone *debtor, const struct zone *agent, char *out,
                      size_t n);

/**
 * The instant when the local clock in z shows date + minute_of_day.
 * In a gap (spring forward) it returns the first instant after the gap;
 * in an overlap (fall back) the earlier of the two.
 */
dun_time zone_instant(const struct zone *z, int64_t date, int minute_of_day);

/**
 * A small cache of loaded zones, owned by the caller. Lookups return a
 * zone owned by the cache, or NULL (err filled) when the name is invalid.
 */
struct zone_cache;
struct zone_cache *zone_cache_new(void);
const struct zone *zone_cache_get(struct zone_cache *c, const char *name, char *err, size_t errlen);
void zone_cache_free(struct zone_cache **c);

#endif
