/* The transactional outbox: a message is queued together with its contact
 * record, under the account lock and the compliance re-check; a sender claims
 * due messages with FOR UPDATE SKIP LOCKED, re-checks at dispatch, delivers,
 * and records every state change. States:
 *   queued -> sending -> sent -> delivered | failed ; queued -> cancelled
 *   sending -> unknown     the sender stopped after handing it to the provider:
 *                          it may have been delivered; counts as sent, never
 *                          retried; a late delivery report resolves it
 *   sending -> failed      ... or before: it never left (a supervisor may send
 *                          it again: outbox_resend)
 *   sent -> no_report      no delivery report within the horizon
 *                          (outbox_sweep_no_report); a late report resolves it
 * Every change is NOTIFYed on channel "dun" as "outbox:<account id>". */
#ifndef DUN_DB_OUTBOX_H
#define DUN_DB_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/date.h"

struct db;
struct zone_cache;
struct send_outcome;

struct outbox_request {
    const char *ref;
    enum channel channel;      ///< CH_SMS or CH_EMAIL
    const char *target;        ///< mobile number or email address
    const char *subject;       ///< email only
    const char *body;
    const char *template_name;
    int64_t agent_id;          ///< 0 = the system (e.g. an opt-out confirmation)
    dun_time now;
    int undo_seconds;          ///< the message waits this long before release
    bool confirmation;         ///< an opt-out confirmation: consent and opt-out do not block it
    bool thanks;               ///< thanks for a payment (its template's purpose): a zero or credit
                               ///< balance does not block it (no_balance), here or at dispatch
    int link_days;             ///< a {{link}} in the body (/p/ + 32 hex) expires this many days
                               ///< after now (0 = 14); its token is recorded in dun.links
    bool wait_for_window;      ///< refused only until a time (quiet hours, a cap): queue it released
                               ///< then instead of refusing (*release_at says when)
};

enum { OUTBOX_TWIN_WAITING = -2, OUTBOX_NOT_RESENDABLE = -3 };

/** 1 queued (*id set; *release_at, when not NULL, is when it will be released),
 *  0 refused by the policy (v says why), -1 store error, OUTBOX_TWIN_WAITING
 *  refused because a message identical to it (same account, channel, target,
 *  subject and body) is still queued: err names it ("an identical message is
 *  already waiting (message 17)"). Nothing is queued unless 1. */
int outbox_enqueue(struct db *db, const struct outbox_request *r, struct zone_cache *zones, int64_t *id,
                   dun_time *release_at, struct verdict *v, char *err, size_t errlen);

/** outbox_enqueue inside the caller's transaction (its BEGIN, its COMMIT):
 *  the same account lock, twin check, compliance check, contact row and
 *  message, for a caller that writes more in the same transaction
 *  (`dun remind`'s assignment). The caller rolls back unless 1. */
int outbox_enqueue_in_tx(struct db *db, const struct outbox_request *r, struct zone_cache *zones, int64_t *id,
                         dun_time *release_at, struct verdict *v, char *err, size_t errlen);

/** Cancel a message still waiting; false with err when it has already gone. */
bool outbox_cancel(struct db *db, int64_t id, dun_time now, char *err, size_t errlen);

struct outbox_item {
    int64_t id;
    int64_t account_id;
    enum channel channel;
    char target[256];
    char subject[512];
    char body[4096];
    int attempts;
    char unsubscribe_key[40]; ///< for the List-Unsubscribe link
    char report_key[40];      ///< signs its delivery-report URL (SMS)
};

/**
 * Claim up to max messages of channel ch due at `now` (released, next attempt
 * reached) for delivery. Each is re-checked against the policy at this
 * moment and at the latest moment the sender may start it
 * (OUTBOX_CLAIM_HOLD_SECONDS, rounded up): a message whose window has closed,
 * or closes before then, goes back to the queue until it opens (it is not
 * dropped); one a flag now forbids (opt-out, cease, ...) fails. Returns the
 * number claimed into out (state sending), or -1 on error.
 * *filled is how many items were written to out, also on an error: when the
 * connection broke at COMMIT, their claim may have been committed.
 */
/** How long a claimed message may wait for a free connection before it
 *  starts; one that waited longer goes back to the queue and is checked
 *  again (tui/sender.c). */
#define OUTBOX_CLAIM_HOLD_SECONDS 1

int outbox_claim(struct db *db, dun_time now, struct zone_cache *zones, enum channel ch, struct outbox_item *out,
                 int max, int *filled, char *err, size_t errlen);

/** Give a claimed message back to the queue, untried: it was never handed to
 *  the provider (the sender stopped, or the provider is paused). It is due
 *  again at `until`; why goes on its history. */
bool outbox_hold(struct db *db, int64_t id, dun_time until, const char *why, dun_time now, char *err,
                 size_t errlen);

/** A provider's answer about one message. Borrows provider and out. */
struct outbox_answer {
    int64_t id;
    const char *provider;
    const struct send_outcome *out;
};

/** Record providers' answers, in one transaction of a few statements
 *  whatever n: each message sent; queued again with backoff (temporary);
 *  unknown (in doubt); or failed (permanent, or too many attempts). A
 *  message a delivery report has already moved keeps its state (the answer
 *  goes on its history). All or nothing: false with err records none. */
bool outbox_record_answers(struct db *db, const struct outbox_answer *a, size_t n, dun_time now, char *err,
                           size_t errlen);

/** Does key sign the delivery reports of message id (its report_key, given
 *  to the provider in that message's report URL)? 1 yes, 0 no (no such
 *  message, or another key), -1 error. Compared in constant time. */
int outbox_report_key_ok(struct db *db, int64_t id, const char *key, char *err, size_t errlen);

/** A delivery report: Kannel type 1 delivered, 2 or 16 failed, 8 accepted by
 *  the SMSC. It moves a message still open (sending, sent, unknown,
 *  no_report); a repeated or late one is only recorded as an event. */
bool outbox_delivery_report(struct db *db, int64_t id, int type, dun_time now, char *err, size_t errlen);

/** What a sender start found left in "sending" by a stopped sender. */
struct outbox_recovery {
    int unknown; ///< handed to the provider: may have been delivered
    int failed;  ///< never handed to the provider: never left
};

/**
 * A sender starting up, or getting its database connection back. Takes the
 * sender lock (one sender per database; false with err when another holds
 * it), then resolves messages a stopped sender left in "sending": those it
 * had handed to the provider become unknown (they may have been delivered:
 * counted as sent, never retried, so nothing arrives twice), the others
 * failed (they never left; a supervisor may send them again). Both are on
 * the review list (NOTIFY "review:0"). The ids in mine (the caller's
 * own messages still in hand, after a lost connection) are left alone.
 */
bool outbox_sender_start(struct db *db, dun_time now, const int64_t *mine, size_t nmine,
                         struct outbox_recovery *rec, char *err, size_t errlen);

/** Claimed messages (state sending) are about to be handed to provider:
 *  record it first (a "handed" event), so that a sender stopped from here
 *  on leaves them unknown rather than failed. */
bool outbox_handed(struct db *db, const int64_t *ids, size_t n, const char *provider, dun_time now, char *err,
                   size_t errlen);

enum { OUTBOX_SWEEP_MAX = 1000 };

/** SMS sent through a gateway more than horizon_seconds ago with no
 *  delivery report since become no_report, at most OUTBOX_SWEEP_MAX at a
 *  time; *swept says how many. Nothing is written when none is due. */
bool outbox_sweep_no_report(struct db *db, int horizon_seconds, dun_time now, int *swept, char *err, size_t errlen);

/**
 * Send again a message that did not go out (failed before any provider
 * accepted it), as agent_id: a new message with the same text to the same
 * place, through outbox_enqueue's compliance check (undo_seconds as an
 * agent's). The old one records it (resent_as) and leaves the review list.
 * Returns as outbox_enqueue, or OUTBOX_NOT_RESENDABLE (err says why: it may
 * have been delivered, it was sent again already, ...).
 */
int outbox_resend(struct db *db, int64_t id, int64_t agent_id, const char *agent_login, dun_time now,
                  int undo_seconds, struct zone_cache *zones, int64_t *new_id, dun_time *release_at,
                  struct verdict *v, char *err, size_t errlen);

/** A provider refused dun's credentials: its channel is paused until `until`
 *  (dun.provider_status, NOTIFY "provider:0"). */
bool outbox_provider_paused(struct db *db, enum channel ch, const char *provider, dun_time until, const char *reason,
                            dun_time now, char *err, size_t errlen);

/** A message got through on ch: any pause on record ends. */
bool outbox_provider_ok(struct db *db, enum channel ch, char *err, size_t errlen);

/** The pauses on record, one line each ("sms via kannel paused until ...: reason")
 *  into out (empty when none). */
bool outbox_provider_pauses(struct db *db, char *out, size_t n, char *err, size_t errlen);

/** The one-click unsubscribe of an email: the key from its List-Unsubscribe
 *  link sets that account's email opt-out (with apply false, only whether
 *  the key is known). 1 done (known), 0 unknown key, -1 error. */
int outbox_unsubscribe(struct db *db, const char *key, bool apply, dun_time now, char *err, size_t errlen);

#endif
