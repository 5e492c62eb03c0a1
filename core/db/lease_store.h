/* The work lock (issue 13, part 3; migration 029): who holds an account's
 * lease, taking and renewing one, releasing it, a supervisor's take-over
 * (audited), and the live leases of many accounts for the queue. Lease
 * times are the database's clock; the token is the holding session's
 * (32 hex digits), also set as the session's dun.lease_token so that the
 * database lets this session, and only this one, write on the account. */
#ifndef DUN_DB_LEASE_STORE_H
#define DUN_DB_LEASE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct db;

/** Who holds a live lease. */
struct lease_holder {
    int64_t agent_id;
    char login[64];
    char name[128];
    dun_time since;  ///< the database's clock
};

/**
 * Take the account's lease, or renew it (the same token), for seconds.
 * 1 held (the session's dun.lease_token is now token), 0 someone else's
 * live lease (*h says whose; this agent in another session counts as
 * someone else), -1 error.
 */
int lease_take(struct db *db, int64_t account_id, int64_t agent_id, const char *token, int seconds,
               struct lease_holder *h, char *err, size_t errlen);

/** Let go of the lease when it is still this token's; the session's token
 *  is cleared either way. False only on a store error. */
bool lease_release(struct db *db, int64_t account_id, const char *token, char *err, size_t errlen);

/**
 * A supervisor or admin takes the account over from its holder: the lease
 * becomes agent_id's with token, and dun.audit records who, from whom, and
 * reason, in the same transaction. The former holder's next write and
 * renewal fail. 1 taken over (*from says from whom), 0 nobody held it (it
 * is simply taken), -1 error.
 */
int lease_take_over(struct db *db, int64_t account_id, int64_t agent_id, const char *token, int seconds,
                    const char *reason, struct lease_holder *from, char *err, size_t errlen);

/** The live leases on these accounts held by anyone but this session (the
 *  lease it holds, if any): holders[i] for ids[i], agent_id 0 when free.
 *  The queue's rows carry the same (queue_row.in_use_by). */
bool lease_holders(struct db *db, const int64_t *ids, size_t n, struct lease_holder *holders, char *err,
                   size_t errlen);

/** The SQLSTATE of the lease guard's refusal: a write on an account in use
 *  (db_refused_with(db, LEASE_IN_USE) after the failed write). */
#define LEASE_IN_USE "DL001"

#endif
