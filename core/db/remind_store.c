/* dun remind's reads and writes (migration 024). */
#include "core/db/remind_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/zone.h"

static const char candidates_sql[] =
    "SELECT a.id, a.ref, a.language, a.currency, a.balance_minor, a.prior_delinquencies,"
    "       a.due_date - date '1970-01-01', array_to_string(a.time_zones, ' '),"
    "       a.cease, a.attorney, a.dispute, a.bankruptcy, a.deceased, a.oldest_unpaid_due_date IS NOT NULL,"
    "       a.sms_consent, a.sms_opt_out,"
    "       EXISTS (SELECT 1 FROM dun.phones p WHERE p.account_id = a.id AND p.kind = 'mobile' AND NOT p.bad),"
    "       a.email_opt_out, EXISTS (SELECT 1 FROM dun.emails e WHERE e.account_id = a.id),"
    "       EXISTS (SELECT 1 FROM dun.reminder_assignments r WHERE r.account_id = a.id AND r.due_date = a.due_date)"
    "  FROM dun.accounts a"
    " WHERE a.status = 'active' AND a.due_date BETWEEN $1::date AND $2::date AND a.prior_delinquencies >= $3::int"
    " ORDER BY a.ref";

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src); }
static bool yes(const PGresult *r, int i, int c) { return PQgetvalue(r, i, c)[0] == 't'; }
static int64_t i64(const PGresult *r, int i, int c) { return strtoll(PQgetvalue(r, i, c), NULL, 10); }

static void read_candidate(const PGresult *r, int i, struct remind_account *a)
{
    a->id = i64(r, i, 0);
    copy(a->ref, sizeof a->ref, PQgetvalue(r, i, 1));
    copy(a->language, sizeof a->language, PQgetvalue(r, i, 2));
    copy(a->currency, sizeof a->currency, PQgetvalue(r, i, 3));
    a->balance_minor = i64(r, i, 4);
    a->prior = (int)i64(r, i, 5);
    a->due = i64(r, i, 6);
    copy(a->zones, sizeof a->zones, PQgetvalue(r, i, 7));
    a->facts = (struct remind_facts){
        .cease = yes(r, i, 8), .attorney = yes(r, i, 9), .dispute = yes(r, i, 10), .bankruptcy = yes(r, i, 11),
        .deceased = yes(r, i, 12), .overdue = yes(r, i, 13), .balance_minor = a->balance_minor,
        .sms_consent = yes(r, i, 14), .sms_opt_out = yes(r, i, 15), .has_mobile = yes(r, i, 16),
        .email_opt_out = yes(r, i, 17), .has_email = yes(r, i, 18), .already = yes(r, i, 19)};
}

bool remind_store_candidates(struct db *db, int64_t lo, int64_t hi, int min_prior, struct remind_account **out,
                             size_t *n, char *err, size_t errlen)
{
    char l[16], h[16], k[16];
    date_format(lo, l, sizeof l);
    date_format(hi, h, sizeof h);
    snprintf(k, sizeof k, "%d", min_prior);
    const char *p[] = {l, h, k};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db, candidates_sql, 3, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        snprintf(err, errlen, "out of memory for %d accounts", rows);
        return false;
    }
    for (int i = 0; i < rows; i++)
        read_candidate(r, i, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return true;
}

static void read_rule(const PGresult *r, int i, struct remind_rule *u)
{
    memset(u, 0, sizeof *u);
    u->priority = (int)i64(r, i, 0);
    copy(u->language, sizeof u->language, PQgetvalue(r, i, 1));
    copy(u->currency, sizeof u->currency, PQgetvalue(r, i, 2));
    if ((u->has_min_balance = !PQgetisnull(r, i, 3)))
        u->min_balance_minor = i64(r, i, 3);
    if ((u->has_max_balance = !PQgetisnull(r, i, 4)))
        u->max_balance_minor = i64(r, i, 4);
    if ((u->has_min_prior = !PQgetisnull(r, i, 5)))
        u->min_prior = (int)i64(r, i, 5);
    if ((u->has_max_prior = !PQgetisnull(r, i, 6)))
        u->max_prior = (int)i64(r, i, 6);
    copy(u->template_name, sizeof u->template_name, PQgetvalue(r, i, 7));
    copy(u->tone, sizeof u->tone, PQgetvalue(r, i, 8));
}

bool remind_store_rules(struct db *db, struct remind_rule **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT priority, coalesce(language, ''), coalesce(currency, ''), min_balance_minor, max_balance_minor,"
        "       min_prior, max_prior, template, tone FROM dun.reminder_rules ORDER BY priority, id",
        0, NULL, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        snprintf(err, errlen, "out of memory for %d rules", rows);
        return false;
    }
    for (int i = 0; i < rows; i++)
        read_rule(r, i, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return true;
}

static void rollback(struct db *db)
{
    char e[64];
    db_exec(db, "ROLLBACK", 0, NULL, e, sizeof e);
}

/* Inside the transaction: the assignment row with its message (0: none;
 * blocked: the policy's reason for a treatment it refused, else NULL),
 * unless one exists for the account and due date. 1 written,
 * REMIND_ALREADY, -1 error. */
static int insert_assignment(struct db *db, const struct remind_assignment *a, int64_t message_id,
                             const char *blocked, char *err, size_t errlen)
{
    char acc[32], due[16], stratum[16], pct[16], at[32], msg[32];
    snprintf(acc, sizeof acc, "%lld", (long long)a->account_id);
    date_format(a->due, due, sizeof due);
    snprintf(stratum, sizeof stratum, "%d", a->stratum);
    snprintf(pct, sizeof pct, "%d", a->holdout_pct);
    snprintf(at, sizeof at, "%lld", (long long)a->at);
    snprintf(msg, sizeof msg, "%lld", (long long)message_id);
    const char *p[] = {acc, due, a->holdout ? "holdout" : "treatment", stratum, a->template_name, a->tone,
                       a->channel, pct, at, message_id > 0 ? msg : NULL, blocked};
    PGresult *r = db_query(db,
        "INSERT INTO dun.reminder_assignments (account_id, due_date, arm, stratum, template, tone, channel,"
        " holdout_pct, assigned_at, message_id, blocked)"
        " VALUES ($1, $2::date, $3, $4::int, $5, $6, $7, $8::int, to_timestamp($9), $10::bigint, $11)"
        " ON CONFLICT (account_id, due_date) DO NOTHING RETURNING id",
        11, p, err, errlen);
    if (!r)
        return -1;
    int written = PQntuples(r) == 1;
    PQclear(r);
    return written ? 1 : REMIND_ALREADY;
}

/* A treatment the policy refused keeps its assignment, with the reason and
 * no message: the effect is measured on every account drawn (intention to
 * treat), and it is not drawn again in this cycle. */
static bool record_blocked(struct db *db, const struct remind_assignment *a, const struct verdict *v, char *err,
                           size_t errlen)
{
    const char *why = v->nreasons > 0 ? reason_name(v->reasons[0].code) : "blocked";
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    int q = insert_assignment(db, a, 0, why, err, errlen); /* REMIND_ALREADY: another run kept it */
    if ((q == 1 || q == REMIND_ALREADY) && db_commit(db, err, errlen))
        return true;
    rollback(db);
    return false;
}

int remind_store_assign(struct db *db, const struct remind_assignment *a, const struct outbox_request *r,
                        struct zone_cache *zones, int64_t *id, dun_time *release_at, struct verdict *v, char *err,
                        size_t errlen)
{
    *id = 0;
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    /* The message first (it takes the account lock): a run that loses a
     * race to another one finds the assignment taken and rolls its message
     * back with it. */
    int q = r ? outbox_enqueue_in_tx(db, r, zones, id, release_at, v, err, errlen) : 1;
    if (q == 1)
        q = insert_assignment(db, a, *id, NULL, err, errlen);
    if (q == 1 && !db_commit(db, err, errlen))
        q = -1;
    if (q != 1)
        rollback(db);
    if (q == 0 && !record_blocked(db, a, v, err, errlen))
        q = -1;
    return q;
}

/* Every assignment with what its outcomes are read from: the debtor's first
 * zone (as settlement reads dates), the policy's grace days, and the
 * payments from the assignment up to two days past the latest deadline in
 * UTC (no zone's day ends later than that). */
static const char results_sql[] =
    "SELECT r.due_date - date '1970-01-01', r.arm = 'holdout', r.stratum, r.tone = 'formal', r.channel = 'email',"
    "       r.message_id IS NOT NULL, floor(extract(epoch FROM r.assigned_at))::bigint, a.time_zones[1],"
    "       coalesce(po.promise_grace_days, 1),"
    "       EXISTS (SELECT 1 FROM dun.links l WHERE l.outbox_id = r.message_id AND l.clicks > 0),"
    "       array_to_string(ARRAY(SELECT floor(extract(epoch FROM p.paid_at))::bigint FROM dun.payments p"
    "                               WHERE p.account_id = r.account_id AND p.paid_at >= r.assigned_at"
    "                                 AND p.paid_at < (r.due_date + greatest(coalesce(po.promise_grace_days, 1), 1) + 2)"
    "                                                 ::timestamp AT TIME ZONE 'UTC'), ' ')"
    "  FROM dun.reminder_assignments r JOIN dun.accounts a ON a.id = r.account_id"
    "  JOIN dun.account_policy ap ON ap.account_id = a.id LEFT JOIN dun.policies po ON po.code = ap.policy_code"
    " ORDER BY r.due_date";

enum { RESULT_MAX_PAYMENTS = 64 };

/* One row's outcomes; false when its zone cannot be loaded. */
static bool read_result(const PGresult *r, int i, struct zone_cache *zones, dun_time now, struct remind_result *o)
{
    char err[160];
    const struct zone *z = zone_cache_get(zones, PQgetvalue(r, i, 7), err, sizeof err);
    if (!z)
        return false;
    dun_time paid[RESULT_MAX_PAYMENTS];
    size_t np = 0;
    for (char *s = PQgetvalue(r, i, 10), *end; *s && np < RESULT_MAX_PAYMENTS; s = end) {
        paid[np++] = strtoll(s, &end, 10);
        if (end == s)
            break;
    }
    *o = (struct remind_result){.due = i64(r, i, 0), .holdout = yes(r, i, 1), .stratum = (int)i64(r, i, 2),
                                .formal = yes(r, i, 3), .email = yes(r, i, 4), .messaged = yes(r, i, 5),
                                .clicked = yes(r, i, 9)};
    remind_outcome(z, o->due, (int)i64(r, i, 8), i64(r, i, 6), paid, np, now, &o->o);
    return true;
}

bool remind_store_results(struct db *db, dun_time now, struct zone_cache *zones, struct remind_result **out,
                          size_t *n, size_t *unknown_zone, char *err, size_t errlen)
{
    *out = NULL;
    *n = *unknown_zone = 0;
    PGresult *r = db_query(db, results_sql, 0, NULL, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        snprintf(err, errlen, "out of memory for %d assignments", rows);
        return false;
    }
    for (int i = 0; i < rows; i++) {
        if (read_result(r, i, zones, now, &(*out)[*n]))
            (*n)++;
        else
            (*unknown_zone)++;
    }
    PQclear(r);
    return true;
}
