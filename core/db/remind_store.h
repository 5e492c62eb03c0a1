/* The store side of `dun remind` (migrations 024-028): the accounts due in
 * a range of dates with what the screening reads, the wording rules, a
 * batch of assignments written in one transaction with their messages, and
 * every assignment's outcome for `dun metrics --reminders`. The rules
 * themselves are in core/remind and core/remind_effect. */
#ifndef DUN_DB_REMIND_STORE_H
#define DUN_DB_REMIND_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/db/outbox.h"
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
    bool has_birth;
    int64_t birth;        ///< birth date (days since 1970-01-01), when known: the rules' age band
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

/** An assignment for this account and due date exists already. */
enum { REMIND_ALREADY = -4 };

/** One account of a batch (remind_store_assign_batch). */
struct remind_item {
    struct remind_assignment a;  ///< in
    struct outbox_request req;   ///< in: a treatment's rendered message; req.body NULL for the holdout
    int result;                  ///< out: 1 stored (a treatment's message queued), 0 the policy refused the
                                 ///< message (v; stored with the reason in `blocked`), REMIND_ALREADY, -1 error
    struct verdict v;            ///< out, for a treatment
    int64_t message_id;          ///< out, when queued
    dun_time contact_at;         ///< out: when the contact is recorded (the window's opening when it waits)
    dun_time release_at;         ///< out, when queued
};

/**
 * Store n assignments (at most a few thousand: they are locked together) in
 * one transaction: the accounts are locked, assignments already written for their due date are left alone,
 * each treatment's message gets the outbox's verdict on the locked facts
 * (waiting for its window when it may), and the rows (contacts, messages,
 * links, events, assignments) are written with one COPY and one statement.
 * All share a.at. False with err on a store error: nothing is stored and
 * every result is -1.
 */
bool remind_store_assign_batch(struct db *db, struct remind_item *items, size_t n, struct zone_cache *zones,
                               char *err, size_t errlen);

/**
 * Every assignment's outcomes at now (core/remind_effect), in due-date
 * order. An assignment whose debtor's zone cannot be loaded has no
 * calendar to read a deadline in: it is left out and counted in
 * *unknown_zone. *out is the caller's to free.
 */
bool remind_store_results(struct db *db, dun_time now, struct zone_cache *zones, struct remind_result **out,
                          size_t *n, size_t *unknown_zone, char *err, size_t errlen);

#endif
