/* Promise settlement in the store: load each account's promises and
 * payments, settle them in core (core/settle.h), write back what changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/settle.h"
#include "core/strbuf.h"
#include "core/zone.h"

enum { SETTLE_BATCH = 500 }; /* accounts loaded together */

static int64_t i64(PGresult *r, int row, int col) { return strtoll(PQgetvalue(r, row, col), NULL, 10); }


/* Lock the given accounts that exist in id order (the order every writer
 * locks in) and return their ids, ascending; with skip_locked, those another
 * transaction holds are left out. */
static bool lock_accounts(struct db *db, const int64_t *ids, size_t n, bool skip_locked, int64_t **out,
                          size_t *nout, char *err, size_t errlen)
{
    *out = NULL;
    *nout = 0;
    char *arr = db_id_array(ids, n);
    if (!arr) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *p[] = {arr};
    PGresult *r = db_query(db, skip_locked
                                   ? "SELECT id FROM dun.accounts WHERE id = ANY($1::bigint[]) ORDER BY id"
                                     " FOR UPDATE SKIP LOCKED"
                                   : "SELECT id FROM dun.accounts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
                           1, p, err, errlen);
    free(arr);
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = malloc((rows > 0 ? (size_t)rows : 1) * sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        (*out)[i] = i64(r, i, 0);
    *nout = (size_t)rows;
    PQclear(r);
    return true;
}

static const char accounts_sql[] =
    "SELECT a.id, a.time_zones[1], coalesce(po.promise_grace_days, 1)"
    "  FROM dun.accounts a JOIN dun.account_policy ap ON ap.account_id = a.id"
    "  LEFT JOIN dun.policies po ON po.code = ap.policy_code"
    " WHERE a.id = ANY($1::bigint[]) ORDER BY a.id";

/* Promises made after `now` are not judged yet (a replayed moment). */
static const char promises_sql[] =
    "SELECT account_id, id, amount_minor, floor(extract(epoch FROM created_at))::bigint,"
    "       promised_date - DATE '1970-01-01', status, paid_minor"
    "  FROM dun.promises"
    " WHERE account_id = ANY($1::bigint[]) AND created_at <= to_timestamp($2)"
    " ORDER BY account_id, id";

static const char payments_sql[] =
    "SELECT account_id, amount_minor, floor(extract(epoch FROM paid_at))::bigint"
    "  FROM dun.payments"
    " WHERE account_id = ANY($1::bigint[]) AND paid_at <= to_timestamp($2)"
    " ORDER BY account_id, paid_at, id";

/* cancelled stays cancelled whatever settle_promises says, and is never rewritten. */
static const char update_sql[] =
    "WITH up AS (UPDATE dun.promises p SET status = u.status, paid_minor = u.paid,"
    "       settled_at = CASE WHEN u.status = 'pending' THEN NULL"
    "                         WHEN u.status <> p.status OR p.settled_at IS NULL THEN to_timestamp($4)"
    "                         ELSE p.settled_at END"
    "  FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(id, status, paid)"
    " WHERE p.id = u.id AND p.status <> 'cancelled' RETURNING p.account_id)"
    /* open queues and accounts bring those rows up to date */
    " SELECT count(pg_notify('dun', 'promise:' || account_id)) FROM (SELECT DISTINCT account_id FROM up) a";

static const char plans_sql[] =
    "UPDATE dun.plans pl SET status = s.status"
    "  FROM (SELECT plan_id, CASE WHEN bool_or(status IN ('broken', 'partial')) THEN 'broken'"  /* a short instalment breaks the plan */
    "                             WHEN bool_and(status = 'kept') THEN 'kept' ELSE 'active' END AS status"
    "          FROM dun.promises"
    "         WHERE account_id = ANY($1::bigint[]) AND plan_id IS NOT NULL AND status <> 'cancelled'"
    "         GROUP BY plan_id) s"
    " WHERE pl.id = s.plan_id AND pl.status <> 'cancelled' AND pl.status <> s.status";

struct stored {
    enum promise_status status;
    int64_t paid;
};

static void count_change(struct settle_counts *c, enum promise_status s)
{
    switch (s) {
    case PS_KEPT: c->kept++; break;
    case PS_PARTIAL: c->partial++; break;
    case PS_BROKEN: c->broken++; break;
    case PS_PENDING: c->pending++; break;
    case PS_CANCELLED: break;
    }
}

/* Settle one batch of locked accounts (ids ascending). */
static bool settle_batch(struct db *db, const int64_t *ids, size_t n, dun_time now, struct zone_cache *zones,
                         struct settle_counts *counts, char *err, size_t errlen)
{
    char at[32];
    snprintf(at, sizeof at, "%lld", (long long)now);
    char *arr = db_id_array(ids, n);
    if (!arr) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *p[] = {arr, at};
    PGresult *ra = db_query(db, accounts_sql, 1, p, err, errlen);
    PGresult *rp = ra ? db_query(db, promises_sql, 2, p, err, errlen) : NULL;
    PGresult *rm = rp ? db_query(db, payments_sql, 2, p, err, errlen) : NULL;
    struct settle_promise *prom = NULL;
    struct stored *old = NULL;
    struct settle_payment *pay = NULL;
    struct strbuf cids = {0}, cstatus = {0}, cpaid = {0};
    bool ok = false;
    if (!rm)
        goto out;
    int na = PQntuples(ra), np = PQntuples(rp), nm = PQntuples(rm);
    prom = calloc(np > 0 ? (size_t)np : 1, sizeof *prom);
    old = calloc(np > 0 ? (size_t)np : 1, sizeof *old);
    pay = calloc(nm > 0 ? (size_t)nm : 1, sizeof *pay);
    if (!prom || !old || !pay) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    size_t changed = 0;
    int ip = 0, im = 0;
    for (int ia = 0; ia < na; ia++) {
        int64_t id = i64(ra, ia, 0);
        char zerr[160];
        const struct zone *z = PQgetisnull(ra, ia, 1) ? NULL
                             : zone_cache_get(zones, PQgetvalue(ra, ia, 1), zerr, sizeof zerr);
        if (!z)
            z = zone_cache_get(zones, "UTC", zerr, sizeof zerr);
        if (!z) {
            snprintf(err, errlen, "cannot load the UTC time zone: %s", zerr);
            goto out;
        }
        int grace = atoi(PQgetvalue(ra, ia, 2));
        /* Rows of both results are ordered by account id, like the accounts. */
        while (ip < np && i64(rp, ip, 0) < id)
            ip++;
        while (im < nm && i64(rm, im, 0) < id)
            im++;
        int p0 = ip, m0 = im;
        for (; ip < np && i64(rp, ip, 0) == id; ip++) {
            struct settle_promise *q = &prom[ip];
            q->id = i64(rp, ip, 1);
            q->amount = i64(rp, ip, 2);
            q->created_date = zone_local(z, i64(rp, ip, 3)).date;
            q->due_date = i64(rp, ip, 4);
            if (!promise_status_parse(PQgetvalue(rp, ip, 5), &q->status)) {
                snprintf(err, errlen, "promise %lld has an unknown status \"%s\"", (long long)q->id,
                         PQgetvalue(rp, ip, 5));
                goto out;
            }
            q->paid = i64(rp, ip, 6);
            old[ip] = (struct stored){q->status, q->paid};
        }
        for (; im < nm && i64(rm, im, 0) == id; im++) {
            pay[im].amount = i64(rm, im, 1);
            pay[im].paid_date = zone_local(z, i64(rm, im, 2)).date;
        }
        if (ip == p0)
            continue;
        settle_promises(prom + p0, (size_t)(ip - p0), pay + m0, (size_t)(im - m0), zone_local(z, now).date, grace);
        for (int k = p0; k < ip; k++) {
            if (old[k].status == PS_CANCELLED ||
                (prom[k].status == old[k].status && prom[k].paid == old[k].paid))
                continue;
            const char *sep = changed ? "," : "{";
            sb_printf(&cids, "%s%lld", sep, (long long)prom[k].id);
            sb_printf(&cstatus, "%s%s", sep, promise_status_name(prom[k].status));
            sb_printf(&cpaid, "%s%lld", sep, (long long)prom[k].paid);
            changed++;
            if (prom[k].status != old[k].status && counts)
                count_change(counts, prom[k].status);
        }
    }
    if (changed) {
        sb_putc(&cids, '}');
        sb_putc(&cstatus, '}');
        sb_putc(&cpaid, '}');
        if (cids.failed || cstatus.failed || cpaid.failed) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        const char *u[] = {sb_cstr(&cids), sb_cstr(&cstatus), sb_cstr(&cpaid), at};
        if (!db_exec(db, update_sql, 4, u, err, errlen))
            goto out;
    }
    ok = db_exec(db, plans_sql, 1, p, err, errlen);
out:
    PQclear(ra);
    PQclear(rp);
    PQclear(rm);
    free(prom);
    free(old);
    free(pay);
    sb_free(&cids);
    sb_free(&cstatus);
    sb_free(&cpaid);
    free(arr);
    return ok;
}

/* The next accounts after cursor with a promise to settle, ascending.
 * only_pending: one still pending and due by today's date in some zone
 * (local dates run at most a day ahead of UTC's, and grace only delays),
 * the only kind the date alone can settle; payments settle the accounts
 * they are imported to. So a pass reads the few promises falling due, not
 * every pending one in the book. */
static const char *const next_sql[] = {
    "SELECT DISTINCT account_id FROM dun.promises WHERE account_id > $1 AND status <> 'cancelled'"
    " ORDER BY account_id LIMIT $2",
    "SELECT DISTINCT account_id FROM dun.promises WHERE account_id > $1 AND status = 'pending'"
    "   AND promised_date <= (to_timestamp($3) AT TIME ZONE 'UTC')::date"
    " ORDER BY account_id LIMIT $2",
};

int store_settle_step(struct db *db, int64_t *cursor, bool only_pending, dun_time now, struct zone_cache *zones,
                      struct settle_counts *counts, char *err, size_t errlen)
{
    char after[32], limit[16], at[32], e2[128];
    snprintf(after, sizeof after, "%lld", (long long)*cursor);
    snprintf(limit, sizeof limit, "%d", SETTLE_BATCH);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {after, limit, at};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    PGresult *r = db_query(db, next_sql[only_pending], only_pending ? 3 : 2, p, err, errlen);
    int found = r ? PQntuples(r) : 0;
    int64_t *want = r ? malloc(((size_t)found + 1) * sizeof *want) : NULL;
    for (int i = 0; want && i < found; i++)
        want[i] = i64(r, i, 0);
    PQclear(r);
    int64_t *ids = NULL;
    size_t nids = 0;
    /* Locked in id order; one a writer holds now is skipped: the next pass settles it. */
    bool ok = want && lock_accounts(db, want, (size_t)found, true, &ids, &nids, err, errlen) &&
              (nids == 0 || settle_batch(db, ids, nids, now, zones, counts, err, errlen)) &&
              db_exec(db, "COMMIT", 0, NULL, err, errlen);
    if (!want && r)
        snprintf(err, errlen, "out of memory");
    if (!ok)
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    else
        *cursor = found == SETTLE_BATCH ? want[found - 1] : 0;
    free(want);
    free(ids);
    return ok ? found : -1;
}

int store_settle_accounts(struct db *db, const int64_t *account_ids, size_t n, dun_time now,
                          struct zone_cache *zones, struct settle_counts *counts, char *err, size_t errlen)
{
    int64_t *ids;
    size_t nids;
    if (counts)
        memset(counts, 0, sizeof *counts);
    if (!lock_accounts(db, account_ids, n, false, &ids, &nids, err, errlen))
        return -1;
    bool ok = true;
    for (size_t i = 0; ok && i < nids; i += SETTLE_BATCH)
        ok = settle_batch(db, ids + i, nids - i < SETTLE_BATCH ? nids - i : SETTLE_BATCH, now, zones, counts,
                          err, errlen);
    free(ids);
    return ok ? 0 : -1;
}
