/* dun remind's reads and writes (migration 024). */
#include "core/db/remind_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "core/template.h"
#include "core/zone.h"

static const char candidates_sql[] =
    "SELECT a.id, a.ref, a.language, a.currency, a.balance_minor, a.prior_delinquencies,"
    "       a.due_date - date '1970-01-01', array_to_string(a.time_zones, ' '),"
    "       a.cease, a.attorney, a.dispute, a.bankruptcy, a.deceased, a.oldest_unpaid_due_date IS NOT NULL,"
    "       a.sms_consent, a.sms_opt_out,"
    "       EXISTS (SELECT 1 FROM dun.phones p WHERE p.account_id = a.id AND p.kind = 'mobile' AND NOT p.bad),"
    "       a.email_opt_out, EXISTS (SELECT 1 FROM dun.emails e WHERE e.account_id = a.id),"
    "       EXISTS (SELECT 1 FROM dun.reminder_assignments r WHERE r.account_id = a.id AND r.due_date = a.due_date),"
    "       a.birth_date - date '1970-01-01'"
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
    if ((a->has_birth = !PQgetisnull(r, i, 20)))
        a->birth = i64(r, i, 20);
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
    if ((u->has_min_age = !PQgetisnull(r, i, 9)))
        u->min_age = (int)i64(r, i, 9);
    if ((u->has_max_age = !PQgetisnull(r, i, 10)))
        u->max_age = (int)i64(r, i, 10);
}

bool remind_store_rules(struct db *db, struct remind_rule **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT priority, coalesce(language, ''), coalesce(currency, ''), min_balance_minor, max_balance_minor,"
        "       min_prior, max_prior, template, tone, min_age, max_age FROM dun.reminder_rules ORDER BY priority, id",
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

/* --- the batch ------------------------------------------------------------------ */

static int64_t item_account(const void *items, size_t i)
{
    return ((const struct remind_item *)items)[i].a.account_id;
}

static struct remind_item *item_of(struct remind_item *items, size_t n, int64_t account_id)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].a.account_id == account_id)
            return &items[i];
    return NULL;
}

/* Under the lock: an assignment for the account and its due date already
 * written (another run) makes the item REMIND_ALREADY. */
static bool mark_already(struct db *db, struct remind_item *items, size_t n, char *err, size_t errlen)
{
    struct strbuf dues = {0};
    char *ids = db_id_array_of(items, n, item_account), day[16];
    sb_putc(&dues, '{');
    for (size_t i = 0; i < n; i++) {
        date_format(items[i].a.due, day, sizeof day);
        sb_printf(&dues, "%s%s", i ? "," : "", day);
    }
    sb_putc(&dues, '}');
    const char *p[] = {ids, sb_cstr(&dues)};
    PGresult *r = ids && !dues.failed ? db_query(db,
        "SELECT r.account_id FROM dun.reminder_assignments r"
        "  JOIN unnest($1::bigint[], $2::date[]) AS w(id, due) ON r.account_id = w.id AND r.due_date = w.due",
        2, p, err, errlen) : NULL;
    if (!ids || dues.failed)
        snprintf(err, errlen, "out of memory");
    for (int i = 0; r && i < PQntuples(r); i++) {
        struct remind_item *it = item_of(items, n, i64(r, i, 0));
        if (it)
            it->result = REMIND_ALREADY;
    }
    bool ok = r != NULL;
    PQclear(r);
    free(ids);
    sb_free(&dues);
    return ok;
}

/* The outbox's verdict on each treatment's message, on the locked facts:
 * 1 allowed (at the time it may wait for), 0 refused. */
static bool judge_items(struct remind_item *items, size_t n, const struct debtor_record *recs, size_t nrecs,
                        const struct policy *pols, size_t npols, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        struct remind_item *it = &items[i];
        if (it->result == REMIND_ALREADY)
            continue;
        it->result = 1;
        if (!it->req.body)
            continue; /* held out */
        const struct debtor_record *rec = debtor_records_find((struct debtor_record *)recs, nrecs, it->a.account_id);
        if (!rec) {
            snprintf(err, errlen, "%s: the account is gone", it->req.ref);
            return false;
        }
        struct contact_record c = {.ref = it->req.ref, .channel = it->req.channel, .outbound = true,
                                   .target = it->req.target, .outcome = "queued", .at = it->req.now,
                                   .note = it->req.template_name, .wait_for_window = it->req.wait_for_window};
        store_contact_verdict(policy_find(pols, npols, rec->policy_code), rec, &c, false, &it->v);
        it->result = it->v.allowed ? 1 : 0;
        it->contact_at = c.at;
        it->release_at = it->req.now + (it->req.undo_seconds > 0 ? it->req.undo_seconds : 0);
        if (c.at > it->release_at)
            it->release_at = c.at;
    }
    return true;
}

/* One COPY row per item to write: its assignment, and its message when it
 * is a treatment the policy allows. */
static void stage_row(struct strbuf *sb, const struct remind_item *it)
{
    char num[32], day[16], token[33];
    const struct remind_assignment *a = &it->a;
    bool message = it->result == 1 && it->req.body;
    const char *blocked = it->result == 0 ? (it->v.nreasons ? reason_name(it->v.reasons[0].code) : "blocked") : NULL;
    snprintf(num, sizeof num, "%lld", (long long)a->account_id);
    sb_copy_field(sb, num, false);
    date_format(a->due, day, sizeof day);
    sb_copy_field(sb, day, false);
    sb_copy_field(sb, a->holdout ? "holdout" : "treatment", false);
    sb_printf(sb, "%d\t%s\t%s\t%s\t%d\t%lld\t", a->stratum, a->template_name, a->tone, a->channel, a->holdout_pct,
              (long long)a->at);
    sb_copy_field(sb, blocked, false);
    const char *s = message ? it->req.body : "";
    bool link = message && template_next_link_token(&s, token);
    if (!message) {
        sb_puts(sb, "\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
        return;
    }
    sb_printf(sb, "%lld\t", (long long)it->contact_at);
    sb_copy_field(sb, it->req.target, false);
    sb_copy_field(sb, it->req.subject ? it->req.subject : "", false);
    sb_copy_field(sb, it->req.body, false);
    sb_printf(sb, "%lld\t", (long long)it->release_at);
    sb_copy_field(sb, link ? token : NULL, false);
    sb_printf(sb, "%d\n", it->req.link_days > 0 ? it->req.link_days : 14);
}

/* Every row a message makes, as outbox_enqueue_in_tx and store_contact_in_tx
 * make them one by one: the contact, the message, its link, its "queued"
 * event; then every assignment, with its message. */
static const char batch_sql[] =
    "WITH c AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note)"
    "           SELECT account_id, channel, 'out', to_timestamp(contact_at), 'queued', target, template"
    "             FROM remind_stage WHERE body IS NOT NULL RETURNING id, account_id),"
    "     o AS (INSERT INTO dun.outbox (account_id, contact_id, channel, template, target, subject, body,"
    "                                   release_at, next_attempt_at, created_at, updated_at)"
    "           SELECT s.account_id, c.id, s.channel, s.template, s.target, s.subject, s.body,"
    "                  to_timestamp(s.release_at), to_timestamp(s.release_at), to_timestamp(s.at), to_timestamp(s.at)"
    "             FROM remind_stage s JOIN c ON c.account_id = s.account_id RETURNING id, account_id),"
    "     l AS (INSERT INTO dun.links (token, outbox_id, account_id, created_at, expires_at)"
    "           SELECT s.token, o.id, s.account_id, to_timestamp(s.at), to_timestamp(s.at) + make_interval(days => s.link_days)"
    "             FROM remind_stage s JOIN o ON o.account_id = s.account_id WHERE s.token IS NOT NULL"
    "           ON CONFLICT (token) DO NOTHING),"
    "     e AS (INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
    "           SELECT o.id, 'queued', s.template, to_timestamp(s.at) FROM remind_stage s JOIN o ON o.account_id = s.account_id),"
    "     r AS (INSERT INTO dun.reminder_assignments (account_id, due_date, arm, stratum, template, tone, channel,"
    "                                                 holdout_pct, assigned_at, message_id, blocked)"
    "           SELECT s.account_id, s.due_date, s.arm, s.stratum, s.template, s.tone, s.channel, s.holdout_pct,"
    "                  to_timestamp(s.at), o.id, s.blocked FROM remind_stage s LEFT JOIN o ON o.account_id = s.account_id)"
    " SELECT o.account_id, o.id FROM o";

static bool write_items(struct db *db, struct remind_item *items, size_t n, char *err, size_t errlen)
{
    struct strbuf sb = {0};
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].result == 0 || items[i].result == 1) {
            stage_row(&sb, &items[i]);
            rows++;
        }
    if (sb.failed) {
        sb_free(&sb);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    bool ok = rows == 0 ||
              (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS remind_stage (account_id bigint, due_date date, arm text,"
                           " stratum int, template text, tone text, channel text, holdout_pct int, at bigint,"
                           " blocked text, contact_at bigint, target text, subject text, body text, release_at bigint,"
                           " token text, link_days int) ON COMMIT DELETE ROWS", 0, NULL, err, errlen) &&
               db_copy_in(db, "COPY remind_stage FROM STDIN", sb_cstr(&sb), sb.len, err, errlen));
    sb_free(&sb);
    PGresult *r = ok && rows ? db_query(db, batch_sql, 0, NULL, err, errlen) : NULL;
    struct strbuf queued = {0};
    sb_putc(&queued, '{');
    for (int i = 0; r && i < PQntuples(r); i++) {
        struct remind_item *it = item_of(items, n, i64(r, i, 0));
        if (it)
            it->message_id = i64(r, i, 1);
        sb_printf(&queued, "%s%s", i ? "," : "", PQgetvalue(r, i, 0));
    }
    sb_putc(&queued, '}');
    ok = rows == 0 || r != NULL;
    PQclear(r);
    /* Open screens of these accounts follow, once this commits. */
    const char *p[] = {sb_cstr(&queued)};
    ok = ok && (rows == 0 || db_exec(db, "SELECT count(pg_notify('dun', k || ':' || id))"
                                         "  FROM unnest($1::bigint[]) AS id, (VALUES ('contact'), ('outbox')) AS v(k)",
                                     1, p, err, errlen));
    sb_free(&queued);
    return ok;
}

bool remind_store_assign_batch(struct db *db, struct remind_item *items, size_t n, struct zone_cache *zones,
                               char *err, size_t errlen)
{
    if (n == 0)
        return true;
    struct policy *pols = NULL;
    struct debtor_record *recs = NULL;
    size_t npols = 0, nrecs = 0;
    int64_t *ids = malloc(n * sizeof *ids);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = items[i].a.account_id;
        items[i].result = -1;
        items[i].message_id = 0;
    }
    dun_time at = items[0].a.at;
    bool ok = db_exec(db, "BEGIN", 0, NULL, err, errlen) && store_policies_load(db, &pols, &npols, NULL, err, errlen);
    /* The accounts stay locked to the end: no other writer's contact can
     * slip between a verdict and its message (store_contact_in_tx's rule). */
    struct debtor_query q = {.account_ids = ids, .naccount_ids = n, .for_update = true, .now = at + 400LL * 86400,
                             .since = ok ? compliance_history_since(pols, npols, at) : 0};
    ok = ok && store_debtors_load(db, &q, &recs, &nrecs, err, errlen);
    if (ok)
        debtor_records_bind(recs, nrecs, zones);
    ok = ok && mark_already(db, items, n, err, errlen) &&
         judge_items(items, n, recs, nrecs, pols, npols, err, errlen) && write_items(db, items, n, err, errlen) &&
         db_commit(db, err, errlen);
    if (!ok) {
        rollback(db);
        for (size_t i = 0; i < n; i++)
            items[i].result = -1;
    }
    debtor_records_free(&recs, &nrecs);
    free(pols);
    free(ids);
    return ok;
}
