#include "core/db/outbox.h"

#include "core/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/channels/provider.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "core/template.h"

enum { SENDER_LOCK = 0x64756e02, MAX_ATTEMPTS = 8 };

static void num(char *buf, size_t n, long long v) { snprintf(buf, n, "%lld", v); }

static bool event(struct db *db, int64_t id, const char *state, const char *detail, dun_time now, char *err,
                  size_t errlen)
{
    char i[32], at[32];
    num(i, sizeof i, id);
    num(at, sizeof at, now);
    const char *p[] = {i, state, detail ? detail : "", at};
    return db_exec(db, "INSERT INTO dun.outbox_events (outbox_id, state, detail, at) VALUES ($1, $2, $3, to_timestamp($4))",
                   4, p, err, errlen);
}

/* Every self-service link in a message's body ("/p/" and 32 hex digits,
 * as outgoing_new_link writes them), recorded with the message. */
static bool record_links(struct db *db, const struct outbox_request *r, int64_t id, int64_t account_id, char *err,
                         size_t errlen)
{
    char i[32], acc[32], at[32], days[16];
    num(i, sizeof i, id);
    num(acc, sizeof acc, account_id);
    num(at, sizeof at, r->now);
    snprintf(days, sizeof days, "%d", r->link_days > 0 ? r->link_days : 14);
    char token[33];
    for (const char *s = r->body; template_next_link_token(&s, token);) {
        const char *p[] = {token, i, acc, at, days};
        if (!db_exec(db,
                     "INSERT INTO dun.links (token, outbox_id, account_id, created_at, expires_at)"
                     " VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($4) + make_interval(days => $5::int))"
                     " ON CONFLICT (token) DO NOTHING", 5, p, err, errlen))
            return false;
    }
    return true;
}

static void rollback(struct db *db)
{
    char e[64];
    db_exec(db, "ROLLBACK", 0, NULL, e, sizeof e);
}

/* Inside the caller's transaction: lock the account, then look for a
 * message to it still waiting with the same channel, target, subject and
 * body (a script run twice, two screens). 1 found (err names it), 0 none,
 * -1 error. */
static int waiting_twin(struct db *db, const struct outbox_request *r, char *err, size_t errlen)
{
    const char *p[] = {r->ref, channel_name(r->channel), r->target ? r->target : "", r->subject ? r->subject : "",
                       r->body};
    PGresult *lock = db_query(db, "SELECT id FROM dun.accounts WHERE ref = $1 FOR UPDATE", 1, p, err, errlen);
    if (!lock)
        return -1;
    PQclear(lock);
    PGresult *q = db_query(db,
        "SELECT o.id FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id"
        " WHERE a.ref = $1 AND o.state = 'queued' AND o.channel = $2 AND o.target = $3 AND o.subject = $4"
        "   AND o.body = $5 ORDER BY o.id LIMIT 1", 5, p, err, errlen);
    if (!q)
        return -1;
    int found = PQntuples(q) == 1;
    if (found)
        snprintf(err, errlen, "an identical message is already waiting (message %s)", PQgetvalue(q, 0, 0));
    PQclear(q);
    return found;
}

int outbox_enqueue_in_tx(struct db *db, const struct outbox_request *r, struct zone_cache *zones, int64_t *id,
                         dun_time *release_at, struct verdict *v, char *err, size_t errlen)
{
    struct contact_record c = {.ref = r->ref, .channel = r->channel, .outbound = true, .target = r->target,
                               .outcome = "queued", .at = r->now, .agent_id = r->agent_id,
                               .note = r->template_name, .wait_for_window = r->wait_for_window,
                               .thanks = r->thanks};
    int64_t account_id = 0, contact_id = 0;
    int twin = waiting_twin(db, r, err, errlen);
    if (twin != 0)
        return twin > 0 ? OUTBOX_TWIN_WAITING : -1;
    int ok = store_contact_in_tx(db, &c, zones, r->confirmation, v, &account_id, &contact_id, err, errlen);
    if (ok != 1)
        return ok;
    char acc[32], ag[32], cid[32], release[32];
    num(acc, sizeof acc, account_id);
    num(ag, sizeof ag, r->agent_id);
    num(cid, sizeof cid, contact_id);
    /* A message waiting for its window is released when it opens (c.at). */
    dun_time release_time = r->now + (r->undo_seconds > 0 ? r->undo_seconds : 0);
    if (c.at > release_time)
        release_time = c.at;
    if (release_at)
        *release_at = release_time;
    num(release, sizeof release, release_time);
    char created[32];
    num(created, sizeof created, r->now);
    const char *p[] = {acc, r->agent_id > 0 ? ag : NULL, cid, channel_name(r->channel),
                       r->template_name ? r->template_name : "", r->target, r->subject ? r->subject : "",
                       r->body, release, created, r->confirmation ? "t" : "f", r->thanks ? "t" : "f"};
    PGresult *res = db_query(db,
        "INSERT INTO dun.outbox (account_id, agent_id, contact_id, channel, template, target, subject, body,"
        " release_at, next_attempt_at, created_at, updated_at, confirmation, thanks)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), to_timestamp($9), to_timestamp($10),"
        " to_timestamp($10), $11, $12) RETURNING id", 12, p, err, errlen);
    if (!res)
        return -1;
    *id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return record_links(db, r, *id, account_id, err, errlen) &&
                   event(db, *id, "queued", r->template_name, r->now, err, errlen) &&
                   db_notify(db, "outbox", account_id, err, errlen)
               ? 1
               : -1;
}

int outbox_enqueue(struct db *db, const struct outbox_request *r, struct zone_cache *zones, int64_t *id,
                   dun_time *release_at, struct verdict *v, char *err, size_t errlen)
{
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    int q = outbox_enqueue_in_tx(db, r, zones, id, release_at, v, err, errlen);
    if (q == 1 && !db_exec(db, "COMMIT", 0, NULL, err, errlen))
        q = -1;
    if (q != 1)
        rollback(db);
    return q;
}

/* The message to send again, locked; NULL with err when it is not one that
 * surely never left. */
static PGresult *resendable(struct db *db, const char *id, char *err, size_t errlen)
{
    const char *p[] = {id};
    PGresult *r = db_query(db,
        "SELECT o.state, o.sent_at IS NULL, o.resent_as, a.ref, o.channel, o.target, o.subject, o.body, o.template,"
        "       o.confirmation, o.thanks"
        "  FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id WHERE o.id = $1 FOR UPDATE OF o",
        1, p, err, errlen);
    if (!r)
        return NULL;
    if (PQntuples(r) != 1)
        snprintf(err, errlen, "message %s is gone", id);
    else if (!PQgetisnull(r, 0, 2))
        snprintf(err, errlen, "message %s was already sent again (as message %s)", id, PQgetvalue(r, 0, 2));
    else if (PQgetvalue(r, 0, 9)[0] == 't')
        snprintf(err, errlen, "message %s confirmed an opt-out: it is not sent again (the debtor asked for no more"
                 " texts; a confirmation goes only when the opt-out is new)", id);
    else if (strcmp(PQgetvalue(r, 0, 0), "failed") != 0 || PQgetvalue(r, 0, 1)[0] != 't')
        snprintf(err, errlen, "message %s is %s: only a message that did not go out is sent again%s", id,
                 PQgetvalue(r, 0, 0),
                 strcmp(PQgetvalue(r, 0, 0), "unknown") == 0 ? " (this one may have been delivered)" : "");
    else
        return r;
    PQclear(r);
    return NULL;
}

int outbox_resend(struct db *db, int64_t old_id, int64_t agent_id, const char *agent_login, dun_time now,
                  int undo_seconds, struct zone_cache *zones, int64_t *id, dun_time *release_at, struct verdict *v,
                  char *err, size_t errlen)
{
    char i[32];
    num(i, sizeof i, old_id);
    *id = 0;
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    PGresult *m = resendable(db, i, err, errlen);
    if (!m) {
        bool error = !db_alive(db);
        rollback(db);
        return error ? -1 : OUTBOX_NOT_RESENDABLE;
    }
    enum channel ch;
    channel_parse(PQgetvalue(m, 0, 4), &ch);
    struct outbox_request r = {.ref = PQgetvalue(m, 0, 3), .channel = ch, .target = PQgetvalue(m, 0, 5),
                               .subject = PQgetvalue(m, 0, 6), .body = PQgetvalue(m, 0, 7),
                               .template_name = PQgetvalue(m, 0, 8), .agent_id = agent_id, .now = now,
                               .undo_seconds = undo_seconds, .thanks = PQgetvalue(m, 0, 10)[0] == 't'};
    int q = outbox_enqueue_in_tx(db, &r, zones, id, release_at, v, err, errlen);
    PQclear(m);
    char nid[32], ag[32], at[32], detail[160];
    num(nid, sizeof nid, *id);
    num(ag, sizeof ag, agent_id);
    num(at, sizeof at, now);
    snprintf(detail, sizeof detail, "sent again as message %lld by %s", (long long)*id, agent_login);
    const char *p[] = {i, nid, ag, at};
    if (q == 1 && !(db_exec(db, "UPDATE dun.outbox SET resent_as = $2, reviewed_at = to_timestamp($4), reviewed_by = $3"
                                " WHERE id = $1", 4, p, err, errlen) &&
                    event(db, old_id, "resent", detail, now, err, errlen) &&
                    db_exec(db, "COMMIT", 0, NULL, err, errlen)))
        q = -1;
    if (q != 1)
        rollback(db);
    return q;
}

/* A message's move to a state: next_attempt (0: unchanged) when it goes
 * back to the queue. */
struct state_move {
    int64_t id;
    const char *state;
    const char *detail;
    dun_time next_attempt;
};

/* Move messages and their contact rows to their states, in the caller's
 * transaction, in two statements whatever n: the rows, their events and a
 * NOTIFY per account; then each contact row follows what the debtor may
 * have received (sent, delivered, failed, cancelled, unknown; no_report
 * leaves it sent). A message that is gone fails the whole set. */
static bool set_states(struct db *db, const struct state_move *m, size_t n, dun_time now, char *err, size_t errlen)
{
    if (n == 0)
        return true;
    const char **states = malloc(n * sizeof *states), **details = malloc(n * sizeof *details);
    int64_t *ids = malloc(n * sizeof *ids);
    char **nexts = calloc(n, sizeof *nexts);
    bool ok = states && details && ids && nexts;
    for (size_t i = 0; ok && i < n; i++) {
        ids[i] = m[i].id;
        states[i] = m[i].state;
        details[i] = m[i].detail ? m[i].detail : "";
        if (m[i].next_attempt && (nexts[i] = malloc(24)) != NULL)
            num(nexts[i], 24, m[i].next_attempt);
        ok = !m[i].next_attempt || nexts[i];
    }
    char *id_list = ok ? db_id_array(ids, n) : NULL, *state_list = ok ? db_text_array(states, n) : NULL;
    char *detail_list = ok ? db_text_array(details, n) : NULL;
    char *next_list = ok ? db_text_array((const char *const *)nexts, n) : NULL;
    char at[32];
    num(at, sizeof at, now);
    const char *p[] = {id_list, state_list, detail_list, next_list, at};
    PGresult *r = NULL;
    if (!id_list || !state_list || !detail_list || !next_list)
        snprintf(err, errlen, "out of memory");
    else
        r = db_query(db,
            "WITH m AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])"
            "             AS m(id, state, detail, next_at)),"
            " up AS (UPDATE dun.outbox o SET state = m.state, updated_at = to_timestamp($5),"
            "   next_attempt_at = coalesce(to_timestamp(m.next_at::bigint), o.next_attempt_at),"
            "   last_error = CASE WHEN m.state IN ('failed', 'queued', 'unknown') THEN m.detail ELSE o.last_error END,"
            "   sent_at = CASE WHEN m.state = 'sent' THEN to_timestamp($5)"
            "                  WHEN m.state = 'unknown' THEN coalesce(o.sent_at, to_timestamp($5)) ELSE o.sent_at END,"
            "   final_at = CASE WHEN m.state IN ('delivered', 'failed', 'cancelled') THEN to_timestamp($5)"
            "                   ELSE o.final_at END"
            "   FROM m WHERE o.id = m.id"
            "   RETURNING o.id, o.account_id,"
            "     o.state = 'unknown' OR (o.state = 'failed' AND o.sent_at IS NULL AND o.resent_as IS NULL) AS review),"
            " ev AS (INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
            "        SELECT m.id, m.state, m.detail, to_timestamp($5) FROM m JOIN up USING (id))"
            " SELECT (SELECT count(*) FROM up),"
            "        (SELECT count(pg_notify('dun', 'outbox:' || account_id)) FROM (SELECT DISTINCT account_id FROM up) a),"
            "        (SELECT count(pg_notify('dun', 'review:0')) FROM (SELECT 1 FROM up WHERE review LIMIT 1) v)",
            5, p, err, errlen);
    if (r && (size_t)strtoll(PQgetvalue(r, 0, 0), NULL, 10) != n) {
        snprintf(err, errlen, n == 1 ? "no message %lld" : "a message of %lld and its batch is gone", (long long)m[0].id);
        ok = false;
    }
    /* The contact log is append-only for every role: a message's row
     * follows its message through the one narrow function that may. */
    const char *q[] = {id_list};
    ok = ok && r && db_exec(db, "SELECT dun.message_contacts_follow($1::bigint[])", 1, q, err, errlen);
    PQclear(r);
    for (size_t i = 0; nexts && i < n; i++)
        free(nexts[i]);
    free(nexts);
    free(states);
    free(details);
    free(ids);
    free(id_list);
    free(state_list);
    free(detail_list);
    free(next_list);
    return ok;
}

static bool set_state(struct db *db, int64_t id, const char *state, const char *detail, dun_time now,
                      char *err, size_t errlen)
{
    struct state_move m = {.id = id, .state = state, .detail = detail};
    return set_states(db, &m, 1, now, err, errlen);
}

/* A message sent again in another's place and then taken back: the one it
 * replaced goes back on the review list, so it is not lost to an undo. */
static bool put_back_for_review(struct db *db, int64_t cancelled, dun_time now, char *err, size_t errlen)
{
    char i[32], at[32], detail[96];
    num(i, sizeof i, cancelled);
    num(at, sizeof at, now);
    snprintf(detail, sizeof detail, "message %lld, sent again in its place, was taken back", (long long)cancelled);
    const char *p[] = {i, at, detail};
    PGresult *r = db_query(db,
        "WITH up AS (UPDATE dun.outbox SET resent_as = NULL, reviewed_at = NULL, reviewed_by = NULL"
        "             WHERE resent_as = $1 RETURNING id)"
        " INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
        " SELECT id, 'review', $3, to_timestamp($2) FROM up RETURNING outbox_id",
        3, p, err, errlen);
    if (!r)
        return false;
    bool back = PQntuples(r) > 0;
    PQclear(r);
    return !back || db_notify(db, "review", 0, err, errlen);
}

bool outbox_cancel(struct db *db, int64_t id, dun_time now, char *err, size_t errlen)
{
    char i[32];
    num(i, sizeof i, id);
    const char *p[] = {i};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    PGresult *r = db_query(db, "SELECT state FROM dun.outbox WHERE id = $1 FOR UPDATE", 1, p, err, errlen);
    bool ok = r && PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "queued") == 0;
    if (r && !ok)
        snprintf(err, errlen, "too late: the message is already %s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "gone");
    PQclear(r);
    ok = ok && set_state(db, id, "cancelled", "cancelled by the agent", now, err, errlen) &&
         put_back_for_review(db, id, now, err, errlen) && db_exec(db, "COMMIT", 0, NULL, err, errlen);
    if (!ok)
        rollback(db);
    return ok;
}

/* --- sending ------------------------------------------------------------------ */

static const char claim_sql[] =
    "SELECT o.id, o.account_id, o.channel, o.target, o.subject, o.body, o.attempts, o.confirmation,"
    "       o.unsubscribe_key, o.report_key, o.thanks"
    "  FROM dun.outbox o"
    " WHERE o.state = 'queued' AND o.channel = $3"
    "   AND o.release_at <= to_timestamp($1) AND o.next_attempt_at <= to_timestamp($1)"
    " ORDER BY o.next_attempt_at, o.id LIMIT $2 FOR UPDATE SKIP LOCKED";

/* The window may have closed since the keystroke: check again now. rec is
 * the message's account (NULL: gone). 1 allowed, 0 not (v says why), -1
 * error, -2 it cannot be checked (err says why): the message fails, the
 * batch goes on. */
static int recheck(const struct debtor_record *rec, PGresult *r, int i, const struct policy *pols, size_t npols,
                   dun_time now, struct verdict *v, char *err, size_t errlen)
{
    if (!rec) {
        snprintf(err, errlen, "blocked at dispatch: the account is gone");
        return -2;
    }
    const struct policy *pol = policy_find(pols, npols, rec->policy_code); /* NULL: blocked, no_policy */
    enum channel ch;
    channel_parse(PQgetvalue(r, i, 2), &ch);
    /* The message's own contact row is in the history: check as if it were
     * not (on a copy: other messages of the batch share the record). */
    struct debtor d = rec->debtor;
    struct contact_event *events = malloc((rec->debtor.nevents ? rec->debtor.nevents : 1) * sizeof *events);
    if (!events) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    d.nevents = 0;
    for (size_t e = 0; e < rec->debtor.nevents; e++)
        if (!(rec->events[e].channel == ch && strcmp(rec->events[e].outcome, "queued") == 0))
            events[d.nevents++] = rec->events[e];
    d.events = events;
    const struct contact_point *pt = NULL;
    for (size_t p = 0; p < d.npoints; p++)
        if (strcasecmp(d.points[p].target, PQgetvalue(r, i, 3)) == 0)
            pt = &d.points[p];
    /* Allowed now and still when the sender may start it at the latest
     * (OUTBOX_CLAIM_HOLD_SECONDS): a window closing meanwhile keeps it. */
    bool confirmation = PQgetvalue(r, i, 7)[0] == 't', thanks = PQgetvalue(r, i, 10)[0] == 't';
    for (int k = 0; k < 2 && (k == 0 || v->allowed); k++) {
        compliance_check(pol, &d, ch, pt, now + k * (OUTBOX_CLAIM_HOLD_SECONDS + 1), v);
        if (confirmation)
            verdict_waive_for_confirmation(v);
        if (thanks)
            verdict_waive_for_thanks(v);
    }
    free(events);
    return v->allowed ? 1 : 0;
}

/* The debtor facts of every account in a claimed batch, in one load. */
static bool load_batch(struct db *db, PGresult *r, const struct policy *pols, size_t npols, dun_time now,
                       struct zone_cache *zones, struct debtor_record **recs, size_t *nrecs, char *err, size_t errlen)
{
    int rows = PQntuples(r);
    int64_t *ids = malloc((size_t)(rows ? rows : 1) * sizeof *ids);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        ids[i] = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    struct debtor_query q = {.account_ids = ids, .naccount_ids = (size_t)rows, .now = now,
                             .since = compliance_history_since(pols, npols, now)};
    bool ok = store_debtors_load(db, &q, recs, nrecs, err, errlen);
    free(ids);
    if (ok)
        debtor_records_bind(*recs, *nrecs, zones);
    return ok;
}

/* The claimed messages go to sending, in one statement for the batch (what
 * set_state does for one: the state, its event, a NOTIFY per account). */
static bool mark_sending(struct db *db, const struct outbox_item *items, int n, dun_time now, char *err,
                         size_t errlen)
{
    if (n == 0)
        return true;
    struct strbuf ids = {0};
    char at[32];
    num(at, sizeof at, now);
    for (int i = 0; i < n; i++)
        sb_printf(&ids, "%s%lld", i ? "," : "{", (long long)items[i].id);
    sb_puts(&ids, "}");
    const char *p[] = {sb_cstr(&ids), at};
    bool ok = !ids.failed &&
              db_exec(db,
                      "WITH up AS (UPDATE dun.outbox SET state = 'sending', attempts = attempts + 1,"
                      "                   updated_at = to_timestamp($2)"
                      "             WHERE id = ANY ($1::bigint[]) RETURNING id, account_id),"
                      "     ev AS (INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
                      "            SELECT id, 'sending', '', to_timestamp($2) FROM up)"
                      " SELECT pg_notify('dun', 'outbox:' || account_id) FROM (SELECT DISTINCT account_id FROM up) a",
                      2, p, err, errlen);
    if (ids.failed)
        snprintf(err, errlen, "out of memory");
    sb_free(&ids);
    return ok;
}

static void claimed_item(struct outbox_item *it, PGresult *r, int i)
{
    memset(it, 0, sizeof *it);
    it->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    it->account_id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    channel_parse(PQgetvalue(r, i, 2), &it->channel);
    snprintf(it->target, sizeof it->target, "%s", PQgetvalue(r, i, 3));
    snprintf(it->subject, sizeof it->subject, "%s", PQgetvalue(r, i, 4));
    snprintf(it->body, sizeof it->body, "%s", PQgetvalue(r, i, 5));
    it->attempts = atoi(PQgetvalue(r, i, 6)) + 1;
    snprintf(it->unsubscribe_key, sizeof it->unsubscribe_key, "%s", PQgetvalue(r, i, 8));
    snprintf(it->report_key, sizeof it->report_key, "%s", PQgetvalue(r, i, 9));
}

int outbox_claim(struct db *db, dun_time now, struct zone_cache *zones, enum channel ch, struct outbox_item *out,
                 int max, int *filled, char *err, size_t errlen)
{
    *filled = 0;
    char at[32], lim[16];
    num(at, sizeof at, now);
    snprintf(lim, sizeof lim, "%d", max);
    const char *p[] = {at, lim, channel_name(ch)};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    PGresult *r = db_query(db, claim_sql, 3, p, err, errlen);
    if (!r) {
        rollback(db);
        return -1;
    }
    int n = 0, rows = PQntuples(r);
    struct policy *pols = NULL; /* policies and debtor facts: once per batch, not per message */
    size_t npols = 0, nrecs = 0, nmoves = 0;
    struct debtor_record *recs = NULL;
    struct state_move *moves = malloc((size_t)(rows ? rows : 1) * sizeof *moves); /* the refused */
    char(*why)[300] = malloc((size_t)(rows ? rows : 1) * sizeof *why);
    bool ok = moves && why;
    if (!ok)
        snprintf(err, errlen, "out of memory");
    ok = ok && (rows == 0 || (store_policies_load(db, &pols, &npols, NULL, err, errlen) &&
                              load_batch(db, r, pols, npols, now, zones, &recs, &nrecs, err, errlen)));
    for (int i = 0; ok && i < rows; i++) {
        int64_t id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        struct verdict v;
        const struct debtor_record *rec = debtor_records_find(recs, nrecs, strtoll(PQgetvalue(r, i, 1), NULL, 10));
        int allowed = recheck(rec, r, i, pols, npols, now, &v, why[nmoves], sizeof why[nmoves]);
        struct state_move *m = &moves[nmoves];
        *m = (struct state_move){.id = id, .state = "failed", .detail = why[nmoves]};
        if (allowed == -2) {
            nmoves++;
        } else if (allowed < 0) {
            snprintf(err, errlen, "%s", why[nmoves]);
            ok = false;
        } else if (allowed == 0) {
            snprintf(why[nmoves], sizeof why[nmoves], "%s: %s: %s", v.has_next ? "waiting" : "blocked at dispatch",
                     reason_name(v.reasons[0].code), v.reasons[0].text);
            if (v.has_next) {
                m->state = "queued";
                m->next_attempt = v.next_allowed;
            }
            nmoves++;
        } else {
            claimed_item(&out[n++], r, i);
        }
    }
    PQclear(r);
    free(pols);
    debtor_records_free(&recs, &nrecs);
    ok = ok && set_states(db, moves, nmoves, now, err, errlen) && mark_sending(db, out, n, now, err, errlen);
    free(moves);
    free(why);
    *filled = n;
    if (!ok || !db_exec(db, "COMMIT", 0, NULL, err, errlen)) {
        rollback(db);
        return -1;
    }
    return n;
}

bool outbox_handed(struct db *db, const int64_t *ids, size_t n, const char *provider, dun_time now, char *err,
                   size_t errlen)
{
    if (n == 0)
        return true;
    struct strbuf list = {0};
    char at[32];
    num(at, sizeof at, now);
    for (size_t i = 0; i < n; i++)
        sb_printf(&list, "%s%lld", i ? "," : "{", (long long)ids[i]);
    sb_puts(&list, "}");
    const char *p[] = {sb_cstr(&list), at, provider};
    /* An event, not a column: the outbox row is what a delivery report and
     * the result contend for; the log only grows. */
    bool ok = !list.failed &&
              db_exec(db, "INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
                          " SELECT id, 'handed', 'to ' || $3, to_timestamp($2) FROM dun.outbox"
                          "  WHERE id = ANY ($1::bigint[]) AND state = 'sending'", 3, p, err, errlen);
    if (list.failed)
        snprintf(err, errlen, "out of memory");
    sb_free(&list);
    return ok;
}

/* 30 s, 2 min, 8 min, 32 min, ... capped at 2 h. */
static int backoff(int attempts)
{
    int s = 30;
    for (int i = 1; i < attempts && s < 7200; i++)
        s *= 4;
    return s > 7200 ? 7200 : s;
}

/* What a provider's answer moves a message still "sending" to. doubt is
 * room for the unknown state's sentence. */
static struct state_move answer_move(int64_t id, const struct send_outcome *o, int attempts, dun_time now,
                                     char *doubt, size_t doubtlen)
{
    struct state_move m = {.id = id, .state = "failed", .detail = o->error};
    if (o->result == SEND_OK) {
        m.state = "sent";
        m.detail = o->provider_id;
    } else if (o->result == SEND_IN_DOUBT) {
        snprintf(doubt, doubtlen, "%s: it may have been delivered, so it counts as sent and is never sent again",
                 o->error);
        m.state = "unknown";
        m.detail = doubt;
    } else if (o->result == SEND_TEMPORARY && attempts < MAX_ATTEMPTS) {
        m.state = "queued";
        m.next_attempt = now + backoff(attempts);
    }
    return m;
}

/* A delivery report beat the provider's answer: never move the message back
 * from delivered (or failed) to sent; the answer goes on its history. */
static bool answered_late(struct db *db, int64_t id, const struct send_outcome *o, dun_time now, char *err,
                          size_t errlen)
{
    char i[32], at[32];
    num(i, sizeof i, id);
    num(at, sizeof at, now);
    const char *q[] = {i, at};
    return event(db, id, "provider answered", o->result == SEND_OK ? o->provider_id : o->error, now, err, errlen) &&
           (o->result != SEND_OK ||
            db_exec(db, "UPDATE dun.outbox SET sent_at = coalesce(sent_at, to_timestamp($2)) WHERE id = $1", 2, q,
                    err, errlen));
}

static const struct outbox_answer *answer_of(const struct outbox_answer *a, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].id == id)
            return &a[i];
    return NULL;
}

/* In the caller's transaction: the provider and its id on each message,
 * which locks them; then the moves of those still sending. */
static bool record_answers(struct db *db, const struct outbox_answer *a, size_t n, dun_time now, char *err,
                           size_t errlen)
{
    int64_t *ids = malloc(n * sizeof *ids);
    const char **provs = malloc(n * sizeof *provs), **pids = malloc(n * sizeof *pids);
    struct state_move *moves = malloc(n * sizeof *moves);
    char(*doubts)[400] = malloc(n * sizeof *doubts);
    bool ok = ids && provs && pids && moves && doubts;
    for (size_t i = 0; ok && i < n; i++) {
        ids[i] = a[i].id;
        provs[i] = a[i].provider;
        pids[i] = a[i].out->provider_id;
    }
    char *id_list = ok ? db_id_array(ids, n) : NULL, *prov_list = ok ? db_text_array(provs, n) : NULL;
    char *pid_list = ok ? db_text_array(pids, n) : NULL;
    const char *p[] = {id_list, prov_list, pid_list};
    PGresult *r = NULL;
    if (!id_list || !prov_list || !pid_list)
        snprintf(err, errlen, "out of memory");
    else
        r = db_query(db,
            "UPDATE dun.outbox o SET provider = a.provider,"
            "       provider_message_id = CASE WHEN a.pid <> '' THEN a.pid ELSE o.provider_message_id END"
            "  FROM unnest($1::bigint[], $2::text[], $3::text[]) AS a(id, provider, pid)"
            " WHERE o.id = a.id RETURNING o.id, o.state, o.attempts", 3, p, err, errlen);
    ok = r != NULL;
    size_t nmoves = 0; /* a message deleted with its account meanwhile: nothing to record */
    for (int i = 0; ok && i < PQntuples(r); i++) {
        const struct outbox_answer *x = answer_of(a, n, strtoll(PQgetvalue(r, i, 0), NULL, 10));
        if (strcmp(PQgetvalue(r, i, 1), "sending") != 0)
            ok = answered_late(db, x->id, x->out, now, err, errlen);
        else {
            moves[nmoves] = answer_move(x->id, x->out, atoi(PQgetvalue(r, i, 2)), now, doubts[nmoves],
                                        sizeof doubts[nmoves]);
            nmoves++;
        }
    }
    ok = ok && set_states(db, moves, nmoves, now, err, errlen);
    PQclear(r);
    free(id_list);
    free(prov_list);
    free(pid_list);
    free(ids);
    free(provs);
    free(pids);
    free(moves);
    free(doubts);
    return ok;
}

bool outbox_record_answers(struct db *db, const struct outbox_answer *a, size_t n, dun_time now, char *err,
                           size_t errlen)
{
    if (n == 0)
        return true;
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    if (!record_answers(db, a, n, now, err, errlen) || !db_exec(db, "COMMIT", 0, NULL, err, errlen)) {
        rollback(db);
        return false;
    }
    return true;
}

int outbox_report_key_ok(struct db *db, int64_t id, const char *key, char *err, size_t errlen)
{
    char i[32];
    num(i, sizeof i, id);
    const char *p[] = {i};
    PGresult *r = db_query(db, "SELECT report_key::text FROM dun.outbox WHERE id = $1", 1, p, err, errlen);
    if (!r)
        return -1;
    /* The key is a secret: no early exit that would time its first difference. */
    const char *want = PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "";
    size_t a = strlen(key), b = strlen(want);
    unsigned diff = (unsigned)(a ^ b) | (b == 0);
    for (size_t k = 0; k < b; k++)
        diff |= (unsigned)(unsigned char)want[k] ^ (unsigned)(unsigned char)(k < a ? key[k] : 0);
    PQclear(r);
    return diff == 0;
}

bool outbox_delivery_report(struct db *db, int64_t id, int type, dun_time now, char *err, size_t errlen)
{
    const char *state = type == 1 ? "delivered" : (type == 2 || type == 16) ? "failed" : NULL;
    char i[32], detail[64];
    num(i, sizeof i, id);
    snprintf(detail, sizeof detail, "delivery report type %d", type);
    const char *p[] = {i};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    PGresult *r = db_query(db, "SELECT state FROM dun.outbox WHERE id = $1 FOR UPDATE", 1, p, err, errlen);
    bool ok = r != NULL;
    if (ok && PQntuples(r) != 1) {
        snprintf(err, errlen, "no message %lld", (long long)id);
        ok = false;
    }
    /* Reports can repeat or arrive out of order: only a message still open
     * moves on; a late one resolves unknown and no_report. */
    static const char *const open_states[] = {"sending", "sent", "unknown", "no_report", NULL};
    bool moves = false;
    for (const char *const *o = open_states; ok && state && *o; o++)
        moves |= strcmp(PQgetvalue(r, 0, 0), *o) == 0;
    PQclear(r);
    if (ok)
        ok = moves ? set_state(db, id, state, detail, now, err, errlen) : event(db, id, "report", detail, now, err, errlen);
    if (!ok || !db_commit(db, err, errlen)) {
        rollback(db);
        return false;
    }
    return true;
}

bool outbox_hold(struct db *db, int64_t id, dun_time until, const char *why, dun_time now, char *err,
                 size_t errlen)
{
    char i[32], t[32];
    num(i, sizeof i, id);
    num(t, sizeof t, until);
    const char *p[] = {i, t};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    /* Only a message still in sending goes back: one another sender's
     * recovery has failed meanwhile, or one deleted with its account, stays
     * as it is. */
    PGresult *r = db_query(db, "UPDATE dun.outbox SET attempts = greatest(attempts - 1, 0), next_attempt_at = to_timestamp($2)"
                               " WHERE id = $1 AND state = 'sending' RETURNING id", 2, p, err, errlen);
    bool ok = r != NULL, held = r && PQntuples(r) == 1;
    PQclear(r);
    ok = ok && (!held || set_state(db, id, "queued", why, now, err, errlen)) && db_exec(db, "COMMIT", 0, NULL, err, errlen);
    if (!ok)
        rollback(db);
    return ok;
}

/* What a stopped sender left in sending: handed to the provider (it may
 * have been delivered: unknown, counted as sent, never retried) or not yet
 * (it surely never left: failed, for a supervisor to send again). */
static bool resolve_left(struct db *db, int64_t id, bool handed, dun_time now, char *err, size_t errlen)
{
    return db_exec(db, "BEGIN", 0, NULL, err, errlen) &&
           (handed ? set_state(db, id, "unknown",
                               "the sender stopped after handing it to the provider: it may have been delivered,"
                               " so it counts as sent and is never sent again", now, err, errlen)
                   : set_state(db, id, "failed",
                               "the sender stopped before handing it to the provider: it never left", now, err,
                               errlen)) &&
           db_exec(db, "COMMIT", 0, NULL, err, errlen);
}

bool outbox_sender_start(struct db *db, dun_time now, const int64_t *mine, size_t nmine,
                         struct outbox_recovery *rec, char *err, size_t errlen)
{
    char lock[32];
    num(lock, sizeof lock, SENDER_LOCK);
    const char *p[] = {lock};
    memset(rec, 0, sizeof *rec);
    PGresult *r = db_query(db, "SELECT pg_try_advisory_lock($1)", 1, p, err, errlen);
    if (!r)
        return false;
    bool got = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (!got) {
        snprintf(err, errlen, "another sender (dun serve, or a TUI in demo mode) is running on this database");
        return false;
    }
    /* The caller's own messages, as a Postgres array literal. */
    struct strbuf ids = {0};
    sb_puts(&ids, "{");
    for (size_t k = 0; k < nmine; k++)
        sb_printf(&ids, "%s%lld", k ? "," : "", (long long)mine[k]);
    sb_puts(&ids, "}");
    const char *q[] = {ids.failed ? "{}" : sb_cstr(&ids)};
    /* Handed over in this attempt: a "handed" event after its last "sending" one. */
    r = db_query(db,
        "SELECT o.id, EXISTS (SELECT 1 FROM dun.outbox_events h WHERE h.outbox_id = o.id AND h.state = 'handed'"
        "                        AND h.id > (SELECT max(s.id) FROM dun.outbox_events s"
        "                                     WHERE s.outbox_id = o.id AND s.state = 'sending'))"
        "  FROM dun.outbox o WHERE o.state = 'sending' AND o.id <> ALL ($1::bigint[]) ORDER BY o.id",
        1, q, err, errlen);
    sb_free(&ids);
    if (!r)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        bool handed = PQgetvalue(r, i, 1)[0] == 't';
        ok = resolve_left(db, strtoll(PQgetvalue(r, i, 0), NULL, 10), handed, now, err, errlen);
        if (!ok)
            rollback(db);
        else if (handed)
            rec->unknown++;
        else
            rec->failed++;
    }
    PQclear(r);
    return ok;
}

bool outbox_sweep_no_report(struct db *db, int horizon_seconds, dun_time now, int *swept, char *err, size_t errlen)
{
    char h[32], at[32], lim[16], detail[96];
    num(h, sizeof h, horizon_seconds);
    num(at, sizeof at, now);
    num(lim, sizeof lim, OUTBOX_SWEEP_MAX);
    snprintf(detail, sizeof detail, "no delivery report within %d h", horizon_seconds / 3600);
    *swept = 0;
    /* Only SMS through a gateway get reports (email and the spool never do).
     * Looked for first with a plain read: the common case writes nothing. */
    const char *q[] = {h, at, lim};
    PGresult *due = db_query(db,
        "SELECT coalesce('{' || string_agg(id::text, ',') || '}', '{}') FROM (SELECT id FROM dun.outbox"
        " WHERE state = 'sent' AND channel = 'sms' AND provider <> 'spool'"
        "   AND sent_at <= to_timestamp($2) - make_interval(secs => $1::int) ORDER BY id LIMIT $3::int) d",
        3, q, err, errlen);
    if (!due)
        return false;
    char ids[OUTBOX_SWEEP_MAX * 21 + 3];
    snprintf(ids, sizeof ids, "%s", PQgetvalue(due, 0, 0));
    PQclear(due);
    if (strcmp(ids, "{}") == 0)
        return true;
    const char *p[] = {ids, at, detail};
    PGresult *r = db_query(db,
        "WITH up AS (UPDATE dun.outbox SET state = 'no_report', updated_at = to_timestamp($2)"
        "             WHERE id = ANY ($1::bigint[]) AND state = 'sent' RETURNING id, account_id),"
        "     ev AS (INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
        "            SELECT id, 'no_report', $3, to_timestamp($2) FROM up),"
        "     notes AS (SELECT pg_notify('dun', 'outbox:' || account_id) FROM (SELECT DISTINCT account_id FROM up) a)"
        " SELECT (SELECT count(*) FROM up), (SELECT count(*) FROM notes)",
        3, p, err, errlen);
    if (!r)
        return false;
    *swept = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return true;
}

/* --- provider pauses -------------------------------------------------------------- */

bool outbox_provider_paused(struct db *db, enum channel ch, const char *provider, dun_time until, const char *reason,
                            dun_time now, char *err, size_t errlen)
{
    char u[32], at[32];
    num(u, sizeof u, until);
    num(at, sizeof at, now);
    const char *p[] = {channel_name(ch), provider, u, reason, at};
    return db_exec(db,
                   "INSERT INTO dun.provider_status (channel, provider, paused_until, reason, since)"
                   " VALUES ($1, $2, to_timestamp($3), $4, to_timestamp($5))"
                   " ON CONFLICT (channel) DO UPDATE SET provider = $2, paused_until = to_timestamp($3), reason = $4",
                   5, p, err, errlen) &&
           db_notify(db, "provider", 0, err, errlen);
}

bool outbox_provider_ok(struct db *db, enum channel ch, char *err, size_t errlen)
{
    const char *p[] = {channel_name(ch)};
    PGresult *r = db_query(db, "DELETE FROM dun.provider_status WHERE channel = $1 RETURNING channel", 1, p, err, errlen);
    if (!r)
        return false;
    bool gone = PQntuples(r) > 0;
    PQclear(r);
    return !gone || db_notify(db, "provider", 0, err, errlen);
}

bool outbox_provider_pauses(struct db *db, char *out, size_t n, char *err, size_t errlen)
{
    out[0] = '\0';
    PGresult *r = db_query(db,
        "SELECT channel || ' via ' || provider || ' paused: ' || reason FROM dun.provider_status ORDER BY channel",
        0, NULL, err, errlen);
    if (!r)
        return false;
    size_t len = 0;
    for (int i = 0; i < PQntuples(r) && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "; " : "", PQgetvalue(r, i, 0));
    PQclear(r);
    return true;
}

int outbox_unsubscribe(struct db *db, const char *key, bool apply, dun_time now, char *err, size_t errlen)
{
    char at[32];
    num(at, sizeof at, now);
    const char *p[] = {key, at};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    /* A malformed key is simply unknown, not an error. */
    PGresult *r = db_query(db,
        "SELECT o.account_id FROM dun.outbox o"
        " WHERE o.unsubscribe_key::text = $1 AND o.channel = 'email' FOR UPDATE", 1, p, err, errlen);
    if (!r) {
        rollback(db);
        return -1;
    }
    if (PQntuples(r) != 1 || !apply) {
        int known = PQntuples(r) == 1;
        PQclear(r);
        rollback(db);
        return known;
    }
    char acc[32];
    snprintf(acc, sizeof acc, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    const char *q[] = {acc, at};
    bool ok = db_exec(db, "UPDATE dun.accounts SET email_opt_out = true, updated_at = now() WHERE id = $1", 1, q, err, errlen) &&
              db_exec(db, "INSERT INTO dun.flag_changes (account_id, flag, value, at)"
                          " VALUES ($1, 'email_opt_out', 'true (List-Unsubscribe)', to_timestamp($2))", 2, q, err, errlen) &&
              db_notify(db, "inbound", strtoll(acc, NULL, 10), err, errlen) &&
              db_commit(db, err, errlen);
    if (!ok)
        rollback(db);
    return ok ? 1 : -1;
}
