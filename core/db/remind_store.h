/* The store side of `dun remind` (migration 024): the accounts due in a
 * range of dates with what the screening reads, the wording rules, and one
 * account's assignment written in the same transaction as its message.
 * The rules themselves are in core/remind. */
#ifndef DUN_DB_REMIND_STORE_H
#define DUN_DB_REMIND_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/remind.h"
#include "core/remind_effect.h"

struct db;
struct zone_cache;
struct outbox_request;

struct remind_account {
    int64_t id;
    char ref[257];
    char language[4];
    char currency[4];
    int64_t balance_minor;
    int prior;
    int64_t due;          ///< days since 1970-01-01
    char zones[256];      ///< candidate zones, space separated, the first first
    struct remind_facts facts; ///< already: assigned for this due date
};

/** Active accounts with a due date in [lo, hi] and at least min_prior prior
 *  delinquencies, by ref. *out is the caller's to free. */
bool remind_store_candidates(struct db *db, int64_t lo, int64_t hi, int min_prior, struct remind_account **out,
                             size_t *n, char *err, size_t errlen);

/** Every row of dun.reminder_rules. *out is the caller's to free. */
bool remind_store_rules(struct db *db, struct remind_rule **out, size_t *n, char *err, size_t errlen);

struct remind_assignment {
    int64_t account_id;
    int64_t due;
    bool holdout;
    int stratum;
    const char *template_name;
    const char *tone;
    const char *channel;
    int holdout_pct;
    dun_time at;
};

enum { REMIND_ALREADY = -4 };

/**
 * Store one assignment; for the treatment (r not NULL) queue its message
 * through outbox_enqueue_in_tx in the same transaction and record its id.
 * 1 stored (and queued: *id, *release_at), 0 refused by the policy (v says
 * why; the assignment is stored with that reason in `blocked` and no
 * message), REMIND_ALREADY an assignment for this account and
 * due date exists (nothing stored), OUTBOX_TWIN_WAITING, -1 error.
 */
int remind_store_assign(struct db *db, const struct remind_assignment *a, const struct outbox_request *r,
                        struct zone_cache *zones, int64_t *id, dun_time *release_at, struct verdict *v, char *err,
                        size_t errlen);

/**
 * Every assignment's outcomes at now (core/remind_effect), in due-date
 * order. An assignment whose debtor's zone cannot be loaded has no
 * calendar to read a deadline in: it is left out and counted in
 * *unknown_zone. *out is the caller's to free.
 */
bool remind_store_results(struct db *db, dun_time now, struct zone_cache *zones, struct remind_result **out,
                          size_t *n, size_t *unknown_zone, char *err, size_t errlen);

#endif
