/* The account workspace's store: one account's details and history, and the
 * writes an agent makes during a call. Every write is one transaction and is
 * stamped with the caller's clock (`now`), so DUN_NOW replays stay coherent. */
#ifndef DUN_DB_ACCOUNT_STORE_H
#define DUN_DB_ACCOUNT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/settle.h"

struct db;

struct phone_info {
    char number[20];
    char kind[8];       ///< mobile, home, work
    bool bad;
};

struct email_info {
    char address[256];
    char kind[10];      ///< personal, work
};

enum { ACCOUNT_MAX_PHONES = 8, ACCOUNT_MAX_EMAILS = 4 };

struct account_detail {
    int64_t id;
    char ref[257];
    char name[256];
    char creditor[256];
    char language[4];
    char segment[64];
    char status[12];
    char policy[16];
    char zones[256];            ///< "Asia/Tokyo" or "America/New_York America/Chicago"
    char first_zone[64];
    int64_t balance_minor;
    char currency[4];
    bool has_due, has_oldest;
    int64_t due_date, oldest_unpaid;
    int prior_delinquencies;
    int max_promise_days, grace_days;
    bool dispute, cease, attorney, bankruptcy, deceased, sms_consent, email_consent;
    bool has_window;
    int window_start, window_end;
    char address[256];
    struct phone_info phones[ACCOUNT_MAX_PHONES];
    int nphones;
    struct email_info emails[ACCOUNT_MAX_EMAILS];
    int nemails;
    /* for hints and the header */
    bool ever_contacted;        ///< any conversation before
    bool has_open_promise;
    char last_promise_status[12];
    bool paid_recently;         ///< a payment in the last 30 days
    bool has_next_promise;      ///< the next pending promise, else the latest one (merge fields)
    int64_t next_promise_minor, next_promise_date;
    int64_t open_promise_id;    ///< the next pending promise (has_open_promise), else 0
    int64_t open_plan_id;       ///< the plan it is an instalment of, else 0
    int open_plan_instalments;
    bool sms_opt_out, email_opt_out;
    bool has_callback;          ///< an open callback: the earliest one
    dun_time callback_at;
    char callback_note[256];
    bool has_last_payment;      ///< a payment by `now` (the hints' {{last_payment_date}})
    dun_time last_paid_at;      ///< the latest one
    int64_t last_paid_date;     ///< its day in the debtor's (first) zone, days since 1970-01-01
    char open_promise_method[256]; ///< how the next pending promise is to be paid, cut on a
                                   ///< character boundary; "" when none
};

/** The accounts with these ids, each as store_account_load fills one, in
 *  ascending id (ids with no account are left out): a few statements for
 *  any number. *out is the caller's to free. */
bool store_accounts_load(struct db *db, const int64_t *ids, size_t nids, dun_time now, struct account_detail **out,
                         size_t *n, char *err, size_t errlen);

/** 1 found, 0 no such ref, -1 store error. */
int store_account_load(struct db *db, const char *ref, dun_time now, struct account_detail *a,
                       char *err, size_t errlen);

enum history_kind { HK_PAYMENT, HK_CONTACT, HK_PROMISE, HK_NOTE, HK_FLAG, HK_MESSAGE, HK_COUNT };
const char *history_kind_name(enum history_kind k); ///< "payment", "contact", ...

struct history_item {
    enum history_kind kind;
    dun_time at;
    char agent[65];
    char text[600];     ///< one line, or several separated by '\n' for notes
    char *detail;       ///< owned: the whole entry (a note, a message with its subject, body and
                        ///< why it failed), several lines; NULL when text says it all
};

/** Newest first (a plan's instalments in their order), up to limit items.
 *  *out is allocated; free it with history_free. */
bool store_history_load(struct db *db, int64_t account_id, size_t limit, struct history_item **out,
                        size_t *n, char *err, size_t errlen);
/** Free what store_history_load allocated; sets *items to NULL, *n to 0. */
void history_free(struct history_item **items, size_t *n);

/** An open promise, or the plan it belongs to, that a new one replaces or
 *  the agent cancels: the whole plan when plan_id is set. */
struct promise_ref {
    int64_t promise_id;
    int64_t plan_id;
};

/** A promise (or a plan's instalments), and the due callback it completes,
 *  in one transaction; replace (may be NULL) is cancelled in the same one,
 *  so that only one promise stands and a payment settles that one. Under
 *  the account's lock, a pending promise the caller did not name (recorded
 *  meanwhile, e.g. by another agent) refuses the new one: false, with err
 *  "another promise was recorded meanwhile: ¥3,000 by 12-03: open it again
 *  to replace it", nothing written. */
bool store_add_promise(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t amount,
                       const char *currency, int64_t date, const char *method, const struct promise_ref *replace,
                       char *err, size_t errlen);
/** store_add_promise with who recorded it: source "agent" (what
 *  store_add_promise writes) or "self_service" (the debtor, through the
 *  link: core/db/link_store). The same lock, rules and NOTIFY promise:<id>. */
bool store_add_promise_from(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t amount,
                            const char *currency, int64_t date, const char *method,
                            const struct promise_ref *replace, const char *source, char *err, size_t errlen);
/** A promise the debtor made on the link's page (source self_service). */
struct self_promise {
    char ref[257];
    int64_t amount_minor;
    char currency[4];
    int64_t date;
};
/** The newest self-service promise on account_id when the account is
 *  agent_id's: 1 found, 0 none (or not theirs), -1 error. A self-service
 *  promise also NOTIFYs "selfpromise:<account>", so the agent is told. */
int store_latest_self_promise(struct db *db, int64_t agent_id, int64_t account_id, struct self_promise *out,
                              char *err, size_t errlen);
bool store_add_plan(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t total, const char *currency,
                    enum plan_frequency f, const struct instalment *schedule, int count, const char *method,
                    const struct promise_ref *replace, char *err, size_t errlen);
/** The agent cancels an open promise, or a plan with its open instalments
 *  (a flag change on the history says who). False with err when nothing
 *  open matched. */
bool store_cancel_promise(struct db *db, dun_time now, int64_t account_id, int64_t agent_id,
                          const struct promise_ref *which, char *err, size_t errlen);
bool store_add_note(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, const char *body, char *err,
                    size_t errlen);
/* --- callbacks -------------------------------------------------------------
 * A callback is due from its due_at. A phone contact logged on the account
 * (store_contact_in_tx), a promise or plan, or the agent's explicit done
 * completes the open callbacks due by then, or due within
 * CALLBACK_EARLY_SECONDS after (an agent may call a little early). */
enum { CALLBACK_EARLY_SECONDS = 10 * 60 };

/** Inside the caller's transaction: complete the account's callbacks due by
 *  at (+ CALLBACK_EARLY_SECONDS), saying how ("contact", "promise", "done").
 *  Returns how many, or -1 with err. */
int store_callbacks_complete_in_tx(struct db *db, int64_t account_id, dun_time at, const char *reason,
                                   int64_t agent_id, char *err, size_t errlen);

struct contact_record;
struct zone_cache;
struct verdict;
/**
 * The debtor asked to be called back: record the call's outcome c (phone,
 * callback_requested) through the compliance check, and the callback due at
 * due_at, in one transaction. The callback must be a call allowed at due_at,
 * counting the call just recorded. 1 saved, 0 refused, nothing saved (v
 * says why; *then_refused when it is the callback's time that is refused,
 * not the call), -1 store error.
 */
int store_schedule_callback(struct db *db, const struct contact_record *c, struct zone_cache *zones, dun_time due_at,
                            const char *note, struct verdict *v, bool *then_refused, char *err, size_t errlen);
/** The agent marks the account's due callback done. Returns how many were
 *  completed (0: none is due), -1 with err. */
int store_callback_done(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, char *err, size_t errlen);
/** What a contact's outcome changes on its account, in the caller's
 *  transaction (store_contact_in_tx's), with a flag change on the history:
 *  a call's wrong_number marks that number bad (never offered again); a
 *  dispute pauses every contact until it is resolved. Whoever records the
 *  outcome, the workstation or `dun log-contact`, gets the same. */
bool store_outcome_follows_in_tx(struct db *db, int64_t account_id, const struct contact_record *c, char *err,
                                 size_t errlen);

struct due_callback {
    int64_t id;
    char ref[257];
    char name[256];
    dun_time due_at;
};
/** The agent's open callbacks due by `now`, oldest first (at most max), and
 *  in *next when the next one comes due (0: none is scheduled). Returns how
 *  many were written, or -1 with err. */
int store_agent_callbacks(struct db *db, int64_t agent_id, dun_time now, struct due_callback *out, int max,
                          dun_time *next, char *err, size_t errlen);

#endif
