/* What the unit tests share for time: a zone from the system's tzdata, a
 * date, an instant; each fails the test when its text is wrong. Include
 * after cmocka.h. */
#ifndef DUN_TESTS_UNIT_CLOCK_H
#define DUN_TESTS_UNIT_CLOCK_H

#include "core/date.h"
#include "core/zone.h"

static inline struct zone *load(const char *name)
{
    char err[256] = "";
    struct zone *z = zone_load(name, err, sizeof err);
    if (!z)
        fail_msg("zone_load(%s): %s", name, err);
    return z;
}

static inline int64_t day(const char *s)
{
    int64_t d;
    assert_true(date_parse(s, &d));
    return d;
}

static inline dun_time at(const char *s)
{
    dun_time t;
    assert_true(iso8601_parse(s, &t));
    return t;
}

#endif
