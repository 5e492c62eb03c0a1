/* Store queries used by the screens and commands: agents and the queue. */
#ifndef DUN_DB_STORE_H
#define DUN_DB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/queue.h"

struct db;
struct zone_cache;

struct agent {
    int64_t id;
    char login[65];
    char display_name[128];
    char role[16];      ///< agent, supervisor, admin
    char team[128];     ///< team name, "" when none
    char time_zone[64]; ///< the agent's own zone, for showing times beside the debtor's
    bool session_sees_all; ///< set by cli_resolve_agent: the session is the system or an admin (dun.sees_all())
};

/** Find an active agent by login. Returns 1 found, 0 not found, -1 store error (err). */
int store_agent_find(struct db *db, const char *login, struct agent *a, char *err, size_t errlen);
/** Who the session is (store_current_user's role and *for_others) and, in
 *  the same round trip, the active agent with login (NULL: the session's
 *  own role's). 1 found (*a set), 0 no such agent, -1 error. */
int store_session_agent(struct db *db, const char *login, char *role, size_t rolelen, bool *for_others,
                        struct agent *a, char *err, size_t errlen);
/**
 * May agent a act on account ref (log a contact, send a message)? Yes on the
 * accounts assigned to them or waiting in their team's pool; a supervisor
 * also on the accounts assigned to an agent of their team; an admin on every
 * account. 1 yes; 0 no, with a
 * sentence in why naming the account and the agent it is assigned to (or
 * that there is no such account); -1 store error (err).
 */
int store_agent_may_act(struct db *db, const struct agent *a, const char *ref, char *why, size_t whylen, char *err,
                        size_t errlen);
/**
 * Take account ref into agent_id's book when it waits in the agent's team's
 * pool (unassigned, the team has a pool: migration 034), recording it in
 * the account's flag changes. The first to take it gets it. 1 taken, 0 not
 * in the agent's pool (theirs already, someone else's, no pool), -1 store
 * error (err).
 */
int store_pool_take(struct db *db, int64_t agent_id, const char *ref, dun_time now, char *err, size_t errlen);
/** An agent opening an account: store_pool_take, and its unread replies
 *  marked read (NOTIFY read:<id>), in one statement. As store_pool_take. */
int store_account_enter(struct db *db, int64_t agent_id, const char *ref, dun_time now, char *err, size_t errlen);

/** SQL, accounts as a and the agent's id as $1: the accounts an agent works:
 *  their own, and their team's unassigned pool when it has one. */
#define STORE_WORKLIST \
    "(a.assigned_agent_id = $1 OR (a.assigned_agent_id IS NULL AND a.team_id = (SELECT dun.agent_pool($1::bigint))))"
/** Who the database says the session is: its role (session_user), the
 *  agent login it stands for; *for_others when that role may act for other
 *  agents (the system, or an admin: dun.sees_all(), migration 031). */
bool store_current_user(struct db *db, char *out, size_t n, bool *for_others, char *err, size_t errlen);


/* --- compliance facts ----------------------------------------------------- */

#include "core/compliance.h"
#include "core/priority.h"

/** Every policy in dun.policies, and when weights is not NULL the queue's
 *  weights from dun.priority_weights over the built-in defaults, in one
 *  statement (the queue's order needs both). *out is allocated; the caller
 *  frees it. */
bool store_policies_load(struct db *db, struct policy **out, size_t *n, struct priority_weights *weights, char *err,
                         size_t errlen);
/** The policy with this code among p[0..n), or NULL (as for "", an account
 *  with no policy: the engine then blocks everything, reason no_policy). */
const struct policy *policy_find(const struct policy *p, size_t n, const char *code);

/** One account's compliance facts, as loaded. Owns its arrays. */
struct debtor_record {
    int64_t account_id;
    char ref[257];
    char policy_code[16];          ///< "" when no policy applies
    char *zone_names;              ///< owned: every stored zone, each NUL-terminated, one after another
    int nzone_names;               ///< how many (no limit)
    const struct zone **zones;     ///< owned: room for nzone_names, filled by debtor_records_bind()
    struct debtor debtor;          ///< zones bound by debtor_records_bind()
    struct contact_point *points;
    struct contact_event *events;
};

/** Which accounts to load: an agent's active queue, some accounts by id, or one ref. */
struct debtor_query {
    int64_t agent_id;   ///< > 0: the agent's active accounts
    const int64_t *account_ids; ///< else, when naccount_ids > 0: these accounts
    size_t naccount_ids;
    const char *ref;    ///< else: this account
    bool for_update;    ///< lock the account rows (inside the caller's transaction)
    dun_time now;       ///< history up to now, from `since`
    dun_time since;
};

/** Load facts for the accounts the query names, sorted by account_id. */
bool store_debtors_load(struct db *db, const struct debtor_query *q, struct debtor_record **out,
                        size_t *n, char *err, size_t errlen);
/** Point each debtor's zones at the cache's loaded zones. A stored zone the
 *  cache cannot load becomes debtor.unknown_zone (the engine then blocks the
 *  channels its clock rules check: zone_unknown); never UTC. */
void debtor_records_bind(struct debtor_record *r, size_t n, struct zone_cache *zones);
/** Find by account id in a sorted array. */
struct debtor_record *debtor_records_find(struct debtor_record *r, size_t n, int64_t account_id);
void debtor_records_free(struct debtor_record **r, size_t *n);

/** Everything the queue needs, loaded together; rows point into recs/pols. */
struct queue_book {
    struct queue_row *rows;
    size_t n;
    struct debtor_record *recs;
    size_t nrecs;
    struct policy *pols;
    size_t npols;
    struct priority_weights weights;
};

/** Load the agent's queue with its compliance facts and weights, then
 *  evaluate and sort it at `now`. On failure *b is left empty. */
bool store_queue_book_load(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                           struct queue_book *b, char *err, size_t errlen);
void queue_book_free(struct queue_book *b);
/**
 * Bring the rows of some accounts up to date at `now`, after they changed
 * (back from one, a NOTIFY): their rows and facts are loaded again, each is
 * evaluated alone and moved to its place; one that left the queue is
 * removed. Policies and weights stay as loaded. 1 done; 0 an account
 * joined the queue (load the whole book instead); -1 error (err). The book
 * is unchanged unless 1.
 */
int store_queue_book_refresh(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                             struct queue_book *b, const int64_t *ids, size_t nids, char *err, size_t errlen);

/** How far back history must be read for the policies given. */
dun_time compliance_history_since(const struct policy *p, size_t n, dun_time now);

/**
 * Record one contact through the compliance engine: inside one transaction
 * the account row is locked, the verdict computed for `at` and, for an
 * outbound attempt, the insert refused when the verdict blocks it. Inbound
 * contacts are always recorded. A recorded contact NOTIFYs "contact:<account
 * id>" on channel "dun" in the same transaction. Returns 1 recorded, 0
 * refused (verdict filled), -1 store error (err).
 */
struct contact_record {
    const char *ref;
    enum channel channel;
    bool outbound;
    const char *target;
    const char *outcome;
    dun_time at;
    bool consent_given;
    int64_t agent_id;   ///< 0 = none
    const char *note;
    bool wait_for_window; ///< outbound refused only until a time: record it at that time instead
    bool thanks;          ///< a payment-thanks message: a zero or credit balance does not block it
    bool upset;           ///< logged while U marked the customer upset (a nudge to thank, core/nudges.h)
};
int store_log_contact(struct db *db, const struct contact_record *c, struct zone_cache *zones,
                      struct verdict *v, char *err, size_t errlen);
/** Inside the caller's transaction, the verdict for c as if it were made
 *  now, counting everything on record (what the transaction wrote too);
 *  the account row is locked. 1 allowed, 0 refused (v says why), -1 store
 *  error. Nothing is recorded. */
int store_verdict_in_tx(struct db *db, const struct contact_record *c, struct zone_cache *zones, struct verdict *v,
                        char *err, size_t errlen);
/** The same inside the caller's transaction (the account row stays locked
 *  until it ends). confirmation: opt-out and consent do not block (an
 *  opt-out confirmation). Sets the account and new contact ids. With
 *  c->wait_for_window, a contact the policy refuses only until a time
 *  (quiet hours, a cap) is recorded at that time: c->at moves to it. */
int store_contact_in_tx(struct db *db, struct contact_record *c, struct zone_cache *zones,
                        bool confirmation, struct verdict *v, int64_t *account_id, int64_t *contact_id,
                        char *err, size_t errlen);
/** The verdict store_contact_in_tx acts on, for a debtor loaded (and
 *  locked) by the caller: c->at moves as it says. pol NULL: no_policy. */
void store_contact_verdict(const struct policy *pol, const struct debtor_record *rec, struct contact_record *c,
                           bool confirmation, struct verdict *v);

/* --- script hints ----------------------------------------------------------- */

#include "core/hints.h"

/** Every active hint in dun.script_hints, ordered by language, context,
 *  position, id (the order hints_select keeps). *out is allocated (never
 *  NULL on success, even when *n is 0); the caller frees it. */
bool store_hints_load(struct db *db, struct hint **out, size_t *n, char *err, size_t errlen);

/* --- promise settlement ---------------------------------------------------- */

/** Promises whose status changed in one settlement, by the status they took. */
struct settle_counts {
    size_t kept, partial, broken, pending;
};

/**
 * Settle the promises of the given accounts as of `now`: each account's promises and its payments made up to
 * `now` go through settle_promises() in the debtor's first time zone, with
 * the grace days of the account's policy. Promises made after `now` and
 * cancelled ones are left alone. Only changed rows are written (status,
 * paid_minor, settled_at = now on becoming kept/partial/broken, NULL while
 * pending); plans follow their instalments (kept when all are kept, broken
 * when any is, else active). The accounts are locked FOR UPDATE in id order.
 * Runs inside the caller's transaction (no BEGIN/COMMIT here); idempotent.
 * counts (may be NULL) gets the number of promises that changed to each
 * status. Returns 0, or -1 with err (the caller rolls back).
 */
int store_settle_accounts(struct db *db, const int64_t *account_ids, size_t n, dun_time now,
                          struct zone_cache *zones, struct settle_counts *counts, char *err, size_t errlen);
/**
 * One step through the book: the next accounts (up to 500) after *cursor
 * with a promise to settle (only_pending: with one still pending and due by
 * today's date in some zone, the only kind the date alone can change) are
 * settled as store_settle_accounts does,
 * in a transaction of their own, so no lock is held across the book; an
 * account a writer holds is skipped (the next pass gets it). *cursor moves
 * on, to 0 when the pass is over. counts accumulate (zero them first).
 * Returns the accounts looked at (0: nothing left), -1 with err (the step
 * is rolled back; the earlier ones stay).
 */
int store_settle_step(struct db *db, int64_t *cursor, bool only_pending, dun_time now, struct zone_cache *zones,
                      struct settle_counts *counts, char *err, size_t errlen);

/* --- message templates ------------------------------------------------------ */

#include "core/template.h"

/** Every active template in dun.templates, ordered by channel, purpose,
 *  language, segment, name (template_recommend keeps the first of equals).
 *  A row whose text does not fit struct template_row fails the load with a
 *  sentence naming it (a template is never cut). *out is allocated (never
 *  NULL on success, even when *n is 0); the caller frees it. */
bool store_templates_load(struct db *db, struct template_row **out, size_t *n, char *err, size_t errlen);

struct strbuf;
/** Every template, active or not, appended to csv as the file `dun import
 *  templates` reads (header first; columns as in core/template_row.h;
 *  ordered by channel, name, language in byte order). Nothing is cut, so a
 *  row too long to send can be exported and fixed. *n gets the row count. */
bool store_templates_export(struct db *db, struct strbuf *csv, size_t *n, char *err, size_t errlen);

/* --- supervisor metrics ------------------------------------------------------ */

#include "core/metrics.h"

/**
 * A team's figures over period p, as viewer may see them: one aggregate
 * query over the team's active agents, computed by core/metrics.c. team
 * NULL: the viewer's team; p is in the viewer's zone (metrics_period_make
 * with viewer->time_zone). Supervisors and agents see their own team only,
 * admins any; an agent gets their own row alone (the total stays the whole
 * team's); only_login (may be NULL) keeps that agent's row. t->agents is
 * allocated (free with store_metrics_free); team_out gets the team's name.
 * Returns 1; 0 when refused or unknown (a sentence in err: exit 2); -1
 * store error.
 */
int store_metrics_load(struct db *db, const struct agent *viewer, const char *team, const char *only_login,
                       const struct metrics_period *p, struct metrics_team *t, char *team_out, size_t team_len,
                       char *err, size_t errlen);
void store_metrics_free(struct metrics_team *t);

/** Every team's name, in order, for an admin's choice of team: *names is
 *  allocated as one block of n names of 128 bytes each (free() it).
 *  False with err on a store error. */
bool store_team_names(struct db *db, char (**names)[128], size_t *n, char *err, size_t errlen);

/**
 * Set an agent's monthly target: amount_text parsed as money (money_parse)
 * in currency (NULL: the agent's current target currency). An admin may
 * set anyone's, a supervisor their own team's agents'. Returns 1 (the
 * minor units and currency set in *minor_out, cur_out[4]); 0 refused,
 * unknown login, bad currency or amount (a sentence in err); -1 store error.
 */
int store_agent_set_target(struct db *db, const struct agent *actor, const char *login, const char *amount_text,
                           const char *currency, int64_t *minor_out, char *cur_out, char *err, size_t errlen);

#endif
