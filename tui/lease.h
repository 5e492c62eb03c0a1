/* The workstation's side of the work lock (issue 13, part 3): the lease on
 * the account open on this screen. Taken when an account opens, renewed by
 * a heartbeat every third of the lease while it stays open (whatever screen
 * is on top), released when it closes. While someone else holds it the
 * account is read-only here, and the heartbeat keeps trying: the lease comes
 * to this screen as soon as the other one lets go or dies. A supervisor can
 * take it over with a reason (audited). The store side is
 * core/db/lease_store. */
#ifndef DUN_TUI_LEASE_H
#define DUN_TUI_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/db/lease_store.h"

struct app;

/** The account open on this screen and its lease. */
struct work_lock {
    int64_t account_id;        ///< 0: no account open
    char ref[257];
    char token[33];            ///< this session's token for it
    bool held;                 ///< this session holds the lease: it may write
    struct lease_holder other; ///< when not held, who does (agent_id 0: unknown, the store failed)
    dun_time tried_at;         ///< the last take or renewal (app->now)
    int seconds;               ///< the lease's length (lease_seconds, default 60)
    /** Leases this screen closed but could not let go of (the database
     *  was away): let go of when it is back, or taken again with the same
     *  token when the account opens first, so that the agent's own old
     *  lease never reads as a colleague's or "another session". */
    struct left_lease {
        int64_t account_id;
        char token[33];
    } left[8];
    int nleft;
};

enum { LEASE_DEFAULT_SECONDS = 60 };

/** The account opens: take its lease, or learn who holds it. */
void lease_open(struct app *app, int64_t account_id, const char *ref);
/** The account closes: let go of its lease (later, when the database is
 *  away: lease_let_go_left). */
void lease_close(struct app *app, int64_t account_id);
/** The database is back: let go of the leases closed while it was away. */
void lease_let_go_left(struct app *app);
/** Every tick: renew (or try again to take) once a third of the lease has
 *  passed, or at once with force (a NOTIFY about the lease, the database
 *  back). Tells the agent when the account changes hands. */
void lease_tick(struct app *app, bool force);
/** May this screen write on the account? When not, the status line says
 *  who has it. */
bool lease_writable(struct app *app, int64_t account_id);
/** "in use by Sato Hiroshi since 10:42 - read-only", "" when held. */
void lease_describe(const struct app *app, char *out, size_t n);
/** A supervisor or admin takes the open account over, for reason. */
void lease_take_over_open(struct app *app, const char *reason);

#endif
