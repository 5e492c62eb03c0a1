/* Where a debtor is, from what an account row says: the candidate IANA zones
 * its phone numbers and postal address indicate, and the jurisdiction those
 * zones imply. Used when the import has no time zone for a new account; the
 * rules are documented in docs/import-formats.md ("Time zone and
 * jurisdiction"). Pure tables: no clock, no tzdata.
 */
#ifndef DUN_CORE_LOCATE_H
#define DUN_CORE_LOCATE_H

#include <stdbool.h>

enum { LOCATE_MAX = 64 }; ///< more than every zone the tables name

/** Candidate zones, each once, in the order first indicated. The names are
 *  static strings owned by the tables. */
struct locate_zones {
    const char *zone[LOCATE_MAX];
    int n;
};

/**
 * Add the zones an E.164 number ("+12125550100") indicates: its country's
 * zone when the country has one; for +1 the zones of the US state or
 * territory its area code is assigned to. A country with several zones, an
 * area code outside the US (Canada, the Caribbean), a non-geographic one
 * (toll-free 8xx, 5xx, 900) or one not in the table indicates nothing.
 * Returns whether the number indicates anything.
 */
bool locate_phone(struct locate_zones *z, const char *e164);

/**
 * Add the zones a postal address indicates: every USPS state or territory
 * code written before a ZIP code ("New York, NY 10001", "Austin TX
 * 78701-1234") gives that state's zones; a Japanese address (日本, the word
 * Japan, or a prefecture such as 東京都, 大阪府, 北海道, 福岡県) gives
 * Asia/Tokyo. Returns whether the address indicates anything.
 */
bool locate_address(struct locate_zones *z, const char *address);

/** A zone of the United States: the states, DC, Puerto Rico, the US Virgin
 *  Islands, Guam, the Northern Mariana Islands and American Samoa, by their
 *  IANA names and the old aliases that name the same places. */
bool locate_zone_is_us(const char *zone);

/**
 * The policy code the candidate zones imply: "US" when every zone is a US
 * zone, "JP" when every zone is Asia/Tokyo (or its alias Japan), else NULL
 * (also when n is 0). The view dun.account_policy (migration 012) applies
 * the same rule to accounts with neither a jurisdiction nor a creditor
 * policy.
 */
const char *locate_jurisdiction(const char *const *zones, int n);

#endif
