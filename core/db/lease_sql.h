/* Which leases a session sees as someone else's work, shared by the
 * lease reads (lease_store.c) and the queue's rows (queue_sql.h), which
 * carry their account's holder. Private to core/db. */
#ifndef DUN_CORE_DB_LEASE_SQL_H
#define DUN_CORE_DB_LEASE_SQL_H

/* Lease l is live and not this session's: the session names the lease it
 * holds in dun.lease_token (lease_take), '' or unset when it holds none. */
#define LEASE_OTHERS_LIVE \
    "l.expires_at > clock_timestamp() AND l.token IS DISTINCT FROM nullif(current_setting('dun.lease_token', true), '')"
/* Those leases with their holders: account_id, holder_id, login,
 * display_name, since (epoch seconds). */
#define LEASE_OTHERS                                                                                        \
    "SELECT l.account_id, l.holder_id, g.login, g.display_name, floor(extract(epoch FROM l.since))::bigint AS since" \
    "  FROM dun.account_leases l JOIN dun.agents g ON g.id = l.holder_id WHERE " LEASE_OTHERS_LIVE

#endif
