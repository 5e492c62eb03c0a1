/* Demo data: a realistic, reproducible book of accounts for trying dun out.
 *
 * Two teams (Tokyo and US), their agents (login "demo" and supervisor
 * "demo-lead" among them), and N accounts, half Japanese debtors in JPY and
 * half US debtors in USD, with phones, emails, a contact history, promises,
 * payments and notes. Everything is drawn from a PRNG seeded with the seed
 * and placed relative to the given clock, so the same seed and the same
 * "now" give the same data. The whole run is one transaction: it either
 * lands completely or not at all. Demo accounts are recognised by their ref
 * (DEMO-000001, ...) and demo payments by their id (DEMO-PAY-0000001, ...,
 * and DEMO-REMIND-... for those after the demo's reminders).
 */
#ifndef DUN_DB_DEMO_H
#define DUN_DB_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct db;

#define DEMO_REF_PREFIX "DEMO-"
/** SQL regular expression matching the refs demo-data creates. */
#define DEMO_REF_PATTERN "^DEMO-[0-9]{6,}$"
#define DEMO_MAX_ACCOUNTS 1000000L
#define DEMO_MAX_AGENTS 8

struct demo_options {
    long accounts;  ///< 1 .. DEMO_MAX_ACCOUNTS
    uint64_t seed;  ///< any value; the command's default is 1
    bool if_empty;  ///< do nothing when dun.accounts has any row
    bool replace;   ///< delete earlier demo data first (same transaction)
    dun_time now;   ///< the clock every date and time is relative to
};

struct demo_agent_count {
    const char *login; ///< static string
    long accounts;     ///< demo accounts assigned to the agent
};

struct demo_stats {
    long existing; ///< DEMO_NOT_EMPTY: accounts in the table; DEMO_EXISTS: demo accounts
    long replaced; ///< demo accounts deleted by replace
    long accounts, phones, emails, contacts, promises, payments, notes, messages, thanks;
    long unassigned;
    bool zone_fallback; ///< tzdata was missing: fixed standard offsets were used
    size_t nagents;
    struct demo_agent_count agents[DEMO_MAX_AGENTS];
};

enum demo_status {
    DEMO_DONE,      ///< generated and committed
    DEMO_NOT_EMPTY, ///< if_empty and the table has accounts: nothing done
    DEMO_EXISTS,    ///< demo accounts exist and replace was not asked: nothing done
    DEMO_FAILED,    ///< err says why; the transaction was rolled back
};

/**
 * Generate demo data in one transaction on db (which must be outside a
 * transaction). Fills *st (zeroed first). On DEMO_FAILED, err holds one
 * sentence and nothing was changed.
 */
enum demo_status demo_generate(struct db *db, const struct demo_options *opt,
                               struct demo_stats *st, char *err, size_t errlen);

/**
 * Inside demo_generate's transaction, after the book: two past cycles of
 * pre-due reminders with a holdout, their delivered messages, some opened
 * links and the payments that followed (core/db/demo_reminders.c). Sets how
 * many messages and payments it wrote. False with err on a store error.
 */
bool demo_reminders(struct db *db, dun_time now, long *messages, long *payments, char *err, size_t errlen);

#endif
