/* The work lock's reads and writes (migration 029). */
#include "core/db/lease_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/lease_sql.h"

static void num(char *out, size_t n, int64_t v) { snprintf(out, n, "%lld", (long long)v); }

static void read_holder(const PGresult *r, int i, int col, struct lease_holder *h)
{
    h->agent_id = strtoll(PQgetvalue(r, i, col), NULL, 10);
    snprintf(h->login, sizeof h->login, "%s", PQgetvalue(r, i, col + 1));
    snprintf(h->name, sizeof h->name, "%s", PQgetvalue(r, i, col + 2));
    h->since = strtoll(PQgetvalue(r, i, col + 3), NULL, 10);
}

/* Who holds the account's live lease; *h zeroed when nobody does. */
static bool holder_of(struct db *db, const char *acc, struct lease_holder *h, char *err, size_t errlen)
{
    const char *p[] = {acc};
    PGresult *r = db_query(db,
        "SELECT l.holder_id, g.login, g.display_name, floor(extract(epoch FROM l.since))::bigint"
        "  FROM dun.account_leases l JOIN dun.agents g ON g.id = l.holder_id"
        " WHERE l.account_id = $1 AND l.expires_at > clock_timestamp()", 1, p, err, errlen);
    if (!r)
        return false;
    memset(h, 0, sizeof *h);
    if (PQntuples(r) == 1)
        read_holder(r, 0, 0, h);
    PQclear(r);
    return true;
}

static bool set_token(struct db *db, const char *token, char *err, size_t errlen)
{
    const char *p[] = {token};
    return db_exec(db, "SELECT set_config('dun.lease_token', $1, false)", 1, p, err, errlen);
}

int lease_take(struct db *db, int64_t account_id, int64_t agent_id, const char *token, int seconds,
               struct lease_holder *h, char *err, size_t errlen)
{
    char acc[32], ag[32], secs[16];
    num(acc, sizeof acc, account_id);
    num(ag, sizeof ag, agent_id);
    snprintf(secs, sizeof secs, "%d", seconds);
    const char *p[] = {acc, ag, token, secs};
    /* Held: the session names its token (the work lock's triggers read it)
     * in the same round trip. */
    PGresult *r = db_query(db,
        "SELECT h, CASE WHEN h IS NOT NULL THEN set_config('dun.lease_token', $3, false) END"
        "  FROM dun.lease_take($1, $2, $3, $4::int) h", 4, p, err, errlen);
    if (!r)
        return -1;
    bool held = !PQgetisnull(r, 0, 0);
    PQclear(r);
    if (held)
        return 1;
    if (!holder_of(db, acc, h, err, errlen))
        return -1;
    return h->agent_id ? 0 : lease_take(db, account_id, agent_id, token, seconds, h, err, errlen); /* it just ended */
}

bool lease_release(struct db *db, int64_t account_id, const char *token, char *err, size_t errlen)
{
    char acc[32];
    num(acc, sizeof acc, account_id);
    const char *p[] = {acc, token};
    /* One round trip: the row, the session's token, and the news. */
    return db_exec(db,
                   "WITH gone AS (DELETE FROM dun.account_leases WHERE account_id = $1 AND token = $2)"
                   " SELECT set_config('dun.lease_token', '', false), pg_notify('dun', 'lease:' || $1)",
                   2, p, err, errlen);
}

static void rollback(struct db *db)
{
    char e[64];
    db_exec(db, "ROLLBACK", 0, NULL, e, sizeof e);
}

int lease_take_over(struct db *db, int64_t account_id, int64_t agent_id, const char *token, int seconds,
                    const char *reason, struct lease_holder *from, char *err, size_t errlen)
{
    char acc[32], ag[32], secs[16], detail[400];
    num(acc, sizeof acc, account_id);
    num(ag, sizeof ag, agent_id);
    snprintf(secs, sizeof secs, "%d", seconds);
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    const char *lock[] = {acc};
    PGresult *l = db_query(db, "SELECT 1 FROM dun.accounts WHERE id = $1 FOR UPDATE", 1, lock, err, errlen);
    PQclear(l);
    if (!l || !holder_of(db, acc, from, err, errlen)) {
        rollback(db);
        return -1;
    }
    snprintf(detail, sizeof detail, "took over from %s: %s", from->agent_id ? from->login : "nobody", reason);
    const char *p[] = {acc, ag, token, secs}, *audit[] = {acc, ag, detail};
    bool ok = db_exec(db, "DELETE FROM dun.account_leases WHERE account_id = $1", 1, p, err, errlen) &&
              db_exec(db, "SELECT dun.lease_take($1, $2, $3, $4::int)", 4, p, err, errlen) &&
              db_exec(db, "INSERT INTO dun.audit (agent_id, action, account_id, detail)"
                          " VALUES ($2, 'lease_take_over', $1, $3)", 3, audit, err, errlen) &&
              db_commit(db, err, errlen) &&
              set_token(db, token, err, errlen);
    if (!ok) {
        rollback(db);
        return -1;
    }
    return from->agent_id ? 1 : 0;
}

bool lease_holders(struct db *db, const int64_t *ids, size_t n, struct lease_holder *holders, char *err,
                   size_t errlen)
{
    memset(holders, 0, n * sizeof *holders);
    if (n == 0)
        return true;
    char *arr = db_id_array(ids, n);
    if (!arr) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *p[] = {arr};
    PGresult *r = db_query(db,
        "SELECT * FROM (" LEASE_OTHERS ") h WHERE h.account_id = ANY($1::bigint[])",
        1, p, err, errlen);
    free(arr);
    if (!r)
        return false;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        for (size_t k = 0; k < n; k++)
            if (ids[k] == id)
                read_holder(r, i, 1, &holders[k]);
    }
    PQclear(r);
    return true;
}
