#include "core/db/account_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "core/utf8.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static bool b(PGresult *r, int row, int col) { return PQgetvalue(r, row, col)[0] == 't'; }
static int64_t detail_id(const void *items, size_t i) { return ((const struct account_detail *)items)[i].id; }

#define ACCOUNT_SELECT \
    "SELECT a.id, a.ref, a.debtor_name, a.creditor, a.language, a.segment, a.status, ap.policy_code," \
    "       array_to_string(a.time_zones, ' '), a.time_zones[1], a.balance_minor, a.currency," \
    "       a.due_date - DATE '1970-01-01', a.oldest_unpaid_due_date - DATE '1970-01-01'," \
    "       a.prior_delinquencies, coalesce(p.max_promise_days, 30), coalesce(p.promise_grace_days, 1)," \
    "       a.dispute, a.cease, a.attorney, a.bankruptcy, a.deceased, a.sms_consent, a.email_consent," \
    "       a.preferred_window_start IS NOT NULL," \
    "       coalesce(extract(epoch FROM a.preferred_window_start)::int / 60, 0)," \
    "       coalesce(extract(epoch FROM a.preferred_window_end)::int / 60, 0)," \
    "       coalesce(a.postal_address, '')," \
    "       EXISTS (SELECT 1 FROM dun.contacts c WHERE c.account_id = a.id AND c.outcome = 'conversation'" \
    "               AND c.at <= to_timestamp($2))," \
    "       EXISTS (SELECT 1 FROM dun.promises pr WHERE pr.account_id = a.id AND pr.status = 'pending')," \
    "       coalesce((SELECT pr.status FROM dun.promises pr WHERE pr.account_id = a.id" \
    "                  AND pr.status <> 'cancelled' ORDER BY pr.promised_date DESC, pr.id DESC LIMIT 1), '')," \
    "       EXISTS (SELECT 1 FROM dun.payments py WHERE py.account_id = a.id" \
    "               AND py.paid_at > to_timestamp($2) - interval '30 days' AND py.paid_at <= to_timestamp($2))," \
    "       np.amount_minor, np.promised_date - DATE '1970-01-01', a.sms_opt_out, a.email_opt_out," \
    "       cb.due, cb.note, CASE WHEN np.status = 'pending' THEN np.id END, np.plan_id," \
    "       (SELECT instalments FROM dun.plans pl WHERE pl.id = np.plan_id)," \
    "       extract(epoch FROM lp.at)::bigint," \
    "       CASE WHEN np.status = 'pending' THEN np.method ELSE '' END," \
    "       (lp.at AT TIME ZONE a.time_zones[1])::date - DATE '1970-01-01'" \
    "  FROM dun.accounts a" \
    "  LEFT JOIN LATERAL (SELECT max(py.paid_at) AS at FROM dun.payments py" \
    "                      WHERE py.account_id = a.id AND py.paid_at <= to_timestamp($2)) lp ON true" \
    "  LEFT JOIN LATERAL (SELECT extract(epoch FROM due_at)::bigint AS due, note FROM dun.callbacks" \
    "                      WHERE account_id = a.id AND done_at IS NULL ORDER BY due_at, id LIMIT 1) cb ON true" \
    "  LEFT JOIN LATERAL (SELECT id, plan_id, status, method, amount_minor, promised_date FROM dun.promises pr"  /* the next due, else the last */ \
    "                      WHERE pr.account_id = a.id AND pr.status <> 'cancelled'" \
    "                      ORDER BY pr.status = 'pending' DESC, CASE WHEN pr.status = 'pending' THEN pr.promised_date END," \
    "                               pr.promised_date DESC, pr.id DESC LIMIT 1) np ON true" \
    "  JOIN dun.account_policy ap ON ap.account_id = a.id" \
    "  LEFT JOIN dun.policies p ON p.code = ap.policy_code" /* none: promises within the table's defaults */

static const char account_sql[] = ACCOUNT_SELECT " WHERE a.ref = $1";
static const char accounts_sql[] = ACCOUNT_SELECT " WHERE a.id = ANY($1::bigint[]) ORDER BY a.id";

static void fill(PGresult *r, int i, struct account_detail *a)
{
    memset(a, 0, sizeof *a);
    a->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    copy(a->ref, sizeof a->ref, PQgetvalue(r, i, 1));
    copy(a->name, sizeof a->name, PQgetvalue(r, i, 2));
    copy(a->creditor, sizeof a->creditor, PQgetvalue(r, i, 3));
    copy(a->language, sizeof a->language, PQgetvalue(r, i, 4));
    copy(a->segment, sizeof a->segment, PQgetvalue(r, i, 5));
    copy(a->status, sizeof a->status, PQgetvalue(r, i, 6));
    copy(a->policy, sizeof a->policy, PQgetvalue(r, i, 7));
    copy(a->zones, sizeof a->zones, PQgetvalue(r, i, 8));
    copy(a->first_zone, sizeof a->first_zone, PQgetvalue(r, i, 9));
    a->balance_minor = strtoll(PQgetvalue(r, i, 10), NULL, 10);
    copy(a->currency, sizeof a->currency, PQgetvalue(r, i, 11));
    if ((a->has_due = !PQgetisnull(r, i, 12)))
        a->due_date = strtoll(PQgetvalue(r, i, 12), NULL, 10);
    if ((a->has_oldest = !PQgetisnull(r, i, 13)))
        a->oldest_unpaid = strtoll(PQgetvalue(r, i, 13), NULL, 10);
    a->prior_delinquencies = atoi(PQgetvalue(r, i, 14));
    a->max_promise_days = atoi(PQgetvalue(r, i, 15));
    a->grace_days = atoi(PQgetvalue(r, i, 16));
    a->dispute = b(r, i, 17);
    a->cease = b(r, i, 18);
    a->attorney = b(r, i, 19);
    a->bankruptcy = b(r, i, 20);
    a->deceased = b(r, i, 21);
    a->sms_consent = b(r, i, 22);
    a->email_consent = b(r, i, 23);
    a->has_window = b(r, i, 24);
    a->window_start = atoi(PQgetvalue(r, i, 25));
    a->window_end = atoi(PQgetvalue(r, i, 26));
    copy(a->address, sizeof a->address, PQgetvalue(r, i, 27));
    a->ever_contacted = b(r, i, 28);
    a->has_open_promise = b(r, i, 29);
    copy(a->last_promise_status, sizeof a->last_promise_status, PQgetvalue(r, i, 30));
    a->paid_recently = b(r, i, 31);
    if ((a->has_next_promise = !PQgetisnull(r, i, 32))) {
        a->next_promise_minor = strtoll(PQgetvalue(r, i, 32), NULL, 10);
        a->next_promise_date = strtoll(PQgetvalue(r, i, 33), NULL, 10);
    }
    a->sms_opt_out = b(r, i, 34);
    a->email_opt_out = b(r, i, 35);
    if ((a->has_callback = !PQgetisnull(r, i, 36))) {
        a->callback_at = strtoll(PQgetvalue(r, i, 36), NULL, 10);
        copy(a->callback_note, sizeof a->callback_note, PQgetvalue(r, i, 37));
    }
    if (!PQgetisnull(r, i, 38)) {
        a->open_promise_id = strtoll(PQgetvalue(r, i, 38), NULL, 10);
        a->open_plan_id = PQgetisnull(r, i, 39) ? 0 : strtoll(PQgetvalue(r, i, 39), NULL, 10);
        a->open_plan_instalments = PQgetisnull(r, i, 40) ? 0 : atoi(PQgetvalue(r, i, 40));
    }
    if ((a->has_last_payment = !PQgetisnull(r, i, 41))) {
        a->last_paid_at = strtoll(PQgetvalue(r, i, 41), NULL, 10);
        a->last_paid_date = strtoll(PQgetvalue(r, i, 43), NULL, 10);
    }
    copy(a->open_promise_method, sizeof a->open_promise_method, PQgetvalue(r, i, 42));
    a->open_promise_method[utf8_invalid_offset(a->open_promise_method, strlen(a->open_promise_method))] = '\0';
}

static int by_id(const void *key, const void *item)
{
    int64_t k = *(const int64_t *)key, id = ((const struct account_detail *)item)->id;
    return (k > id) - (k < id);
}

/* The account of row i's first column in a (n, ascending id), or NULL. */
static struct account_detail *owner(PGresult *r, int i, struct account_detail *a, size_t n)
{
    int64_t id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    return bsearch(&id, a, n, sizeof *a, by_id);
}

/* Phones and emails of the accounts a (n, ascending id), in one statement,
 * each in the order the screen lists them: usable numbers first, mobile
 * first; emails by kind. */
static bool load_points(struct db *db, struct account_detail *a, size_t n, char *err, size_t errlen)
{
    char *ids = db_id_array_of(a, n, detail_id);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *p[] = {ids};
    PGresult *r = db_query(db,
        "SELECT account_id, 'phone' AS what, number, kind, bad, bad::int AS o1,"
        "       CASE kind WHEN 'mobile' THEN '0' WHEN 'home' THEN '1' ELSE '2' END AS o2, id"
        "  FROM dun.phones WHERE account_id = ANY($1::bigint[])"
        " UNION ALL"
        " SELECT account_id, 'email', address, kind, false, 0, kind, id"
        "  FROM dun.emails WHERE account_id = ANY($1::bigint[])"
        " ORDER BY account_id, what DESC, o1, o2, id", 1, p, err, errlen);
    free(ids);
    for (int i = 0; r && i < PQntuples(r); i++) {
        struct account_detail *o = owner(r, i, a, n);
        if (!o)
            continue;
        if (PQgetvalue(r, i, 1)[0] == 'p' && o->nphones < ACCOUNT_MAX_PHONES) {
            struct phone_info *ph = &o->phones[o->nphones++];
            copy(ph->number, sizeof ph->number, PQgetvalue(r, i, 2));
            copy(ph->kind, sizeof ph->kind, PQgetvalue(r, i, 3));
            ph->bad = b(r, i, 4);
        } else if (PQgetvalue(r, i, 1)[0] == 'e' && o->nemails < ACCOUNT_MAX_EMAILS) {
            copy(o->emails[o->nemails].address, sizeof o->emails[0].address, PQgetvalue(r, i, 2));
            copy(o->emails[o->nemails].kind, sizeof o->emails[0].kind, PQgetvalue(r, i, 3));
            o->nemails++;
        }
    }
    bool ok = r != NULL;
    PQclear(r);
    return ok;
}

bool store_accounts_load(struct db *db, const int64_t *ids, size_t nids, dun_time now, struct account_detail **out,
                         size_t *n, char *err, size_t errlen)
{
    char at[32], *arr = db_id_array(ids, nids);
    *out = NULL;
    *n = 0;
    if (!arr) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {arr, at};
    PGresult *r = db_query(db, accounts_sql, 2, p, err, errlen);
    free(arr);
    if (!r)
        return false;
    int rows = PQntuples(r);
    struct account_detail *a = calloc(rows > 0 ? (size_t)rows : 1, sizeof *a);
    if (!a) {
        PQclear(r);
        snprintf(err, errlen, "out of memory for %d accounts", rows);
        return false;
    }
    for (int i = 0; i < rows; i++)
        fill(r, i, &a[i]);
    PQclear(r);
    if (rows > 0 && !load_points(db, a, (size_t)rows, err, errlen)) {
        free(a);
        return false;
    }
    *out = a;
    *n = (size_t)rows;
    return true;
}

int store_account_load(struct db *db, const char *ref, dun_time now, struct account_detail *a,
                       char *err, size_t errlen)
{
    char at[32];
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {ref, at};
    PGresult *r = db_query(db, account_sql, 2, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return 0;
    }
    fill(r, 0, a);
    PQclear(r);
    return load_points(db, a, 1, err, errlen) ? 1 : -1;
}

static const char *const kind_names[HK_COUNT] = {"payment", "contact", "promise", "note", "flag", "message"};

const char *history_kind_name(enum history_kind k) { return k < HK_COUNT ? kind_names[k] : "?"; }

/* One timeline from five tables; the text is composed in SQL so the client
 * only lays it out. Amounts come back in minor units with the currency.
 * detail is the whole entry where the one line cannot hold it; seq orders a
 * plan's instalments, made at the same moment, by their number. */
static const char history_sql[] =
    "SELECT kind, extract(epoch FROM at)::bigint, agent, text, amount, currency, detail FROM ("
    " SELECT 0 AS kind, paid_at AS at, '' AS agent,"
    "        '%A' || CASE WHEN method <> '' THEN ' by ' || method ELSE '' END"
    "        || ' (' || payment_id || ')' AS text, amount_minor AS amount, currency::text AS currency,"
    "        NULL AS detail, 0 AS seq"
    "   FROM dun.payments WHERE account_id = $1"
    " UNION ALL"
    " SELECT 1, c.at, coalesce(ag.login, ''),"
    "        CASE WHEN c.direction = 'in' AND c.channel IN ('sms', 'email')"  /* a reply reads as one */
    "             THEN c.channel || ' in from ' || c.target || ': ' || c.note"
    "             ELSE c.channel || ' ' || c.direction || ' ' || c.outcome"
    "                  || CASE WHEN c.target <> '' THEN ' ' || c.target ELSE '' END"
    "                  || CASE WHEN c.note <> '' THEN ' - ' || c.note ELSE '' END END, NULL, NULL,"
    "        CASE WHEN length(c.note) > 60 THEN c.note END, 0"
    "   FROM dun.contacts c LEFT JOIN dun.agents ag ON ag.id = c.agent_id WHERE c.account_id = $1"
    "    AND NOT EXISTS (SELECT 1 FROM dun.outbox o WHERE o.contact_id = c.id)"  /* shown as the message */
    " UNION ALL"
    " SELECT 2, p.created_at, coalesce(ag.login, ''),"
    "        '%A on ' || p.promised_date || ' ' || p.status"
    "        || CASE WHEN p.plan_id IS NOT NULL THEN ' (plan #' || p.plan_id || ', instalment ' || p.instalment || ')' ELSE '' END"
    "        || CASE WHEN p.source = 'self_service' THEN ' (self-service: by the debtor)' ELSE '' END,"
    "        p.amount_minor, p.currency::text, NULL, coalesce(p.instalment, 0)"
    "   FROM dun.promises p LEFT JOIN dun.agents ag ON ag.id = p.agent_id WHERE p.account_id = $1"
    " UNION ALL"
    " SELECT 3, n.created_at, coalesce(ag.login, ''), n.body, NULL, NULL, n.body, 0"
    "   FROM dun.notes n LEFT JOIN dun.agents ag ON ag.id = n.agent_id WHERE n.account_id = $1"
    " UNION ALL"
    " SELECT 4, f.at, coalesce(ag.login, ''), f.flag || ' = ' || f.value, NULL, NULL, NULL, 0"
    "   FROM dun.flag_changes f LEFT JOIN dun.agents ag ON ag.id = f.agent_id WHERE f.account_id = $1"
    " UNION ALL"
    " SELECT 5, o.created_at, coalesce(ag.login, ''),"
    "        o.channel || ' ' || state_text || ' to ' || o.target || ': '"
    "        || CASE WHEN o.subject <> '' THEN o.subject || ' / ' ELSE '' END || replace(o.body, E'\\n', ' '),"
    "        NULL, NULL,"
    "        o.channel || ' ' || state_text || E'\\nto ' || o.target"
    "        || CASE WHEN o.template <> '' THEN ' (' || o.template || ')' ELSE '' END"
    "        || CASE WHEN o.subject <> '' THEN E'\\nsubject: ' || o.subject ELSE '' END || E'\\n\\n' || o.body, 0"
    "   FROM dun.outbox o LEFT JOIN dun.agents ag ON ag.id = o.agent_id"
    "  CROSS JOIN LATERAL (SELECT CASE WHEN o.provider = 'spool' AND o.state = 'sent'"
    "                                  THEN 'SPOOLED - not delivered: configure a gateway'"
    "                                  WHEN o.state = 'unknown' THEN 'UNKNOWN (may have been delivered)'"
    "                                  WHEN o.state = 'no_report' THEN 'SENT - no delivery report'"
    "                                  ELSE upper(o.state) END"  /* why it failed, or is held, comes first */
    "                             || CASE WHEN o.last_error <> '' AND o.state IN ('failed', 'queued')"
    "                                     THEN ' (' || o.last_error || ')' ELSE '' END"
    "                             || CASE WHEN o.resent_as IS NOT NULL"
    "                                     THEN ' - sent again as message ' || o.resent_as ELSE '' END AS state_text) st"
    "  WHERE o.account_id = $1"
    ") h ORDER BY at DESC, kind, seq LIMIT $2";

/* Put the formatted amount where the text says %A. */
static void compose_text(char *out, size_t n, const char *text, const char *amount, const char *currency)
{
    const char *mark = amount ? strstr(text, "%A") : NULL;
    const struct currency *cur = currency_find(currency);
    if (!mark || !cur) {
        copy(out, n, text);
        return;
    }
    char money[64];
    money_format(strtoll(amount, NULL, 10), cur, false, money, sizeof money);
    snprintf(out, n, "%.*s%s%s", (int)(mark - text), text, money, mark + 2);
}

bool store_history_load(struct db *db, int64_t account_id, size_t limit, struct history_item **out,
                        size_t *n, char *err, size_t errlen)
{
    char id[32], lim[32];
    snprintf(id, sizeof id, "%lld", (long long)account_id);
    snprintf(lim, sizeof lim, "%zu", limit);
    const char *p[] = {id, lim};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db, history_sql, 2, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++) {
        struct history_item *h = &(*out)[i];
        h->kind = (enum history_kind)atoi(PQgetvalue(r, i, 0));
        h->at = strtoll(PQgetvalue(r, i, 1), NULL, 10);
        copy(h->agent, sizeof h->agent, PQgetvalue(r, i, 2));
        compose_text(h->text, sizeof h->text, PQgetvalue(r, i, 3), PQgetisnull(r, i, 4) ? NULL : PQgetvalue(r, i, 4),
                     PQgetvalue(r, i, 5));
        if (!PQgetisnull(r, i, 6) && !(h->detail = strdup(PQgetvalue(r, i, 6)))) {
            *n = (size_t)i;
            history_free(out, n);
            PQclear(r);
            snprintf(err, errlen, "out of memory");
            return false;
        }
    }
    PQclear(r);
    *n = (size_t)rows;
    return true;
}

void history_free(struct history_item **items, size_t *n)
{
    for (size_t i = 0; *items && i < *n; i++)
        free((*items)[i].detail);
    free(*items);
    *items = NULL;
    *n = 0;
}

/* --- writes ----------------------------------------------------------------- */

static void fmt_id(char *buf, size_t n, int64_t v) { snprintf(buf, n, "%lld", (long long)v); }

static void fmt_date(char *buf, size_t n, int64_t days) { date_format(days, buf, n); }

static bool flag_change(struct db *db, dun_time now, const char *acc, const char *ag, const char *flag,
                        const char *value, char *err, size_t errlen);

/* Inside the caller's transaction: cancel what which names if it is still
 * open; 1 cancelled, 0 nothing open matched, -1 error. */
static int cancel_in_tx(struct db *db, dun_time now, int64_t account_id, int64_t agent_id,
                        const struct promise_ref *which, const char *why, char *err, size_t errlen)
{
    char acc[32], ag[32], at[32], pr[32], pl[32];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(at, sizeof at, now);
    fmt_id(pr, sizeof pr, which->promise_id);
    fmt_id(pl, sizeof pl, which->plan_id);
    const char *p[] = {acc, at, pr, pl};
    PGresult *r = db_query(db,
        "UPDATE dun.promises SET status = 'cancelled', settled_at = to_timestamp($2)"
        " WHERE account_id = $1 AND status = 'pending' AND (id = $3 OR ($4 > 0 AND plan_id = $4))"
        " RETURNING amount_minor, currency, promised_date", 4, p, err, errlen);
    if (!r)
        return -1;
    int n = PQntuples(r);
    char what[200] = "";
    if (n > 0) {
        const struct currency *cur = currency_find(PQgetvalue(r, 0, 1));
        char money[64] = "";
        if (cur)
            money_format(strtoll(PQgetvalue(r, 0, 0), NULL, 10), cur, false, money, sizeof money);
        if (which->plan_id > 0)
            snprintf(what, sizeof what, "plan #%s cancelled (%d open instalment%s)%s", pl, n, n == 1 ? "" : "s", why);
        else
            snprintf(what, sizeof what, "%s on %s cancelled%s", money, PQgetvalue(r, 0, 2), why);
    }
    PQclear(r);
    if (n == 0)
        return 0;
    const char *plan[] = {pl, acc};
    if (which->plan_id > 0 &&
        !db_exec(db, "UPDATE dun.plans SET status = 'cancelled' WHERE id = $1 AND account_id = $2", 2, plan, err, errlen))
        return -1;
    return flag_change(db, now, acc, agent_id > 0 ? ag : NULL, "promise", what, err, errlen) ? 1 : -1;
}

bool store_cancel_promise(struct db *db, dun_time now, int64_t account_id, int64_t agent_id,
                          const struct promise_ref *which, char *err, size_t errlen)
{
    char e2[64];
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    int r = cancel_in_tx(db, now, account_id, agent_id, which, "", err, errlen);
    if (r == 0)
        snprintf(err, errlen, "it is no longer open (kept, broken or cancelled meanwhile)");
    if (r == 1 && db_exec(db, "COMMIT", 0, NULL, err, errlen))
        return true;
    db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    return false;
}

/* A promise still pending on the locked account: one stands already. */
static bool none_pending(struct db *db, const char *acc, char *err, size_t errlen)
{
    const char *p[] = {acc};
    PGresult *r = db_query(db,
        "SELECT amount_minor, currency, to_char(promised_date, 'MM-DD'), plan_id IS NOT NULL FROM dun.promises"
        " WHERE account_id = $1 AND status = 'pending' ORDER BY promised_date, id LIMIT 1", 1, p, err, errlen);
    if (!r)
        return false;
    bool none = PQntuples(r) == 0;
    if (!none) {
        const struct currency *cur = currency_find(PQgetvalue(r, 0, 1));
        char money[64] = "";
        if (cur)
            money_format(strtoll(PQgetvalue(r, 0, 0), NULL, 10), cur, false, money, sizeof money);
        snprintf(err, errlen, "another %s was recorded meanwhile: %s%s by %s: open it again to replace it",
                 b(r, 0, 3) ? "plan" : "promise", b(r, 0, 3) ? "next " : "", money, PQgetvalue(r, 0, 2));
    }
    PQclear(r);
    return none;
}

/* Before a new promise or plan, inside its transaction: lock the account
 * (two agents saving at once take turns), cancel what the caller replaces,
 * and refuse when a promise still stands that the caller did not name: it
 * was recorded after the caller's form opened. */
static bool replace_in_tx(struct db *db, dun_time now, int64_t account_id, int64_t agent_id,
                          const struct promise_ref *replace, char *err, size_t errlen)
{
    char acc[32];
    fmt_id(acc, sizeof acc, account_id);
    const char *p[] = {acc};
    return db_exec(db, "SELECT id FROM dun.accounts WHERE id = $1 FOR UPDATE", 1, p, err, errlen) &&
           (!replace || cancel_in_tx(db, now, account_id, agent_id, replace, " (replaced)", err, errlen) >= 0) &&
           none_pending(db, acc, err, errlen);
}

bool store_add_promise(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t amount,
                       const char *currency, int64_t date, const char *method, const struct promise_ref *replace,
                       char *err, size_t errlen)
{
    return store_add_promise_from(db, now, account_id, agent_id, amount, currency, date, method, replace, "agent", err,
                                  errlen);
}

bool store_add_promise_from(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t amount,
                            const char *currency, int64_t date, const char *method,
                            const struct promise_ref *replace, const char *source, char *err, size_t errlen)
{
    char acc[32], ag[32], amt[32], d[16], at[32];
    fmt_id(at, sizeof at, now);
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(amt, sizeof amt, amount);
    fmt_date(d, sizeof d, date);
    const char *p[] = {acc, agent_id > 0 ? ag : NULL, amt, currency, d, method ? method : "", at, source};
    char e2[64];
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    if (replace_in_tx(db, now, account_id, agent_id, replace, err, errlen) &&
        db_exec(db,
                "INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date, method,"
                " created_at, source) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7), $8)", 8, p, err, errlen) &&
        store_callbacks_complete_in_tx(db, account_id, now, "promise", agent_id, err, errlen) >= 0 &&
        db_notify(db, "promise", account_id, err, errlen) &&
        (strcmp(source, "self_service") != 0 || db_notify(db, "selfpromise", account_id, err, errlen)) &&
        db_exec(db, "COMMIT", 0, NULL, err, errlen))
        return true;
    db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    return false;
}

int store_latest_self_promise(struct db *db, int64_t agent_id, int64_t account_id, struct self_promise *out,
                              char *err, size_t errlen)
{
    char acc[32], ag[32];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    const char *p[] = {acc, ag};
    PGresult *r = db_query(db,
        "SELECT a.ref, p.amount_minor, p.currency, p.promised_date - DATE '1970-01-01'"
        "  FROM dun.promises p JOIN dun.accounts a ON a.id = p.account_id"
        " WHERE p.account_id = $1 AND a.assigned_agent_id = $2 AND p.source = 'self_service'"
        " ORDER BY p.id DESC LIMIT 1",
        2, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        snprintf(out->ref, sizeof out->ref, "%s", PQgetvalue(r, 0, 0));
        out->amount_minor = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
        snprintf(out->currency, sizeof out->currency, "%s", PQgetvalue(r, 0, 2));
        out->date = strtoll(PQgetvalue(r, 0, 3), NULL, 10);
    }
    PQclear(r);
    return found;
}

bool store_add_plan(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, int64_t total,
                    const char *currency, enum plan_frequency f, const struct instalment *schedule, int count,
                    const char *method, const struct promise_ref *replace, char *err, size_t errlen)
{
    char acc[32], ag[32], tot[32], cnt[16], first[16], e2[64], at[32];
    fmt_id(at, sizeof at, now);
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(tot, sizeof tot, total);
    snprintf(cnt, sizeof cnt, "%d", count);
    fmt_date(first, sizeof first, schedule[0].date);
    const char *p[] = {acc, agent_id > 0 ? ag : NULL, tot, currency, cnt, plan_frequency_name(f), first,
                       method ? method : "", at};
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    if (!replace_in_tx(db, now, account_id, agent_id, replace, err, errlen)) {
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
        return false;
    }
    PGresult *r = db_query(db,
        "INSERT INTO dun.plans (account_id, agent_id, total_minor, currency, instalments, frequency,"
        " first_date, method, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9)) RETURNING id",
        9, p, err, errlen);
    bool ok = r != NULL;
    char plan[32] = "";
    if (r) {
        copy(plan, sizeof plan, PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    for (int i = 0; ok && i < count; i++) {
        char amt[32], d[16], no[16];
        fmt_id(amt, sizeof amt, schedule[i].amount);
        fmt_date(d, sizeof d, schedule[i].date);
        snprintf(no, sizeof no, "%d", i + 1);
        const char *q[] = {acc, agent_id > 0 ? ag : NULL, amt, currency, d, method ? method : "", plan, no, at};
        ok = db_exec(db,
                     "INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date,"
                     " method, plan_id, instalment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9))",
                     9, q, err, errlen);
    }
    if (ok && store_callbacks_complete_in_tx(db, account_id, now, "promise", agent_id, err, errlen) >= 0 &&
        db_notify(db, "promise", account_id, err, errlen) && db_exec(db, "COMMIT", 0, NULL, err, errlen))
        return true;
    db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    return false;
}

bool store_add_note(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, const char *body,
                    char *err, size_t errlen)
{
    char acc[32], ag[32], at[32];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(at, sizeof at, now);
    const char *p[] = {acc, agent_id > 0 ? ag : NULL, body, at};
    return db_exec(db, "INSERT INTO dun.notes (account_id, agent_id, body, created_at) VALUES ($1, $2, $3, to_timestamp($4))",
                   4, p, err, errlen);
}

int store_callbacks_complete_in_tx(struct db *db, int64_t account_id, dun_time at, const char *reason,
                                   int64_t agent_id, char *err, size_t errlen)
{
    char acc[32], ag[32], when[32], by[32];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(when, sizeof when, at);
    fmt_id(by, sizeof by, at + CALLBACK_EARLY_SECONDS);
    const char *p[] = {acc, when, by, reason, agent_id > 0 ? ag : NULL};
    PGresult *r = db_query(db,
        "UPDATE dun.callbacks SET done_at = to_timestamp($2), done_reason = $4, done_by = $5"
        " WHERE account_id = $1 AND done_at IS NULL AND due_at <= to_timestamp($3)", 5, p, err, errlen);
    if (!r)
        return -1;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}

static bool insert_callback(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, dun_time due_at,
                            const char *note, char *err, size_t errlen)
{
    char acc[32], ag[32], at[32], created[32];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(at, sizeof at, due_at);
    fmt_id(created, sizeof created, now);
    const char *p[] = {acc, agent_id > 0 ? ag : NULL, at, note ? note : "", created};
    return db_exec(db,
                   "INSERT INTO dun.callbacks (account_id, agent_id, due_at, note, created_at)"
                   " VALUES ($1, $2, to_timestamp($3), $4, to_timestamp($5))", 5, p, err, errlen);
}

int store_schedule_callback(struct db *db, const struct contact_record *c, struct zone_cache *zones, dun_time due_at,
                            const char *note, struct verdict *v, bool *then_refused, char *err, size_t errlen)
{
    struct contact_record call = *c;
    int64_t account_id = 0;
    char e2[64];
    call.wait_for_window = false; /* the call happened at its time */
    *then_refused = false;
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return -1;
    int r = store_contact_in_tx(db, &call, zones, false, v, &account_id, NULL, err, errlen);
    /* The callback is a call then: it must be allowed then, counting this
     * call (which may be the day's last under the cap). */
    struct contact_record then = {.ref = c->ref, .channel = CH_PHONE, .outbound = true, .target = c->target,
                                  .outcome = "no_answer", .at = due_at, .agent_id = c->agent_id};
    if (r == 1 && (r = store_verdict_in_tx(db, &then, zones, v, err, errlen)) == 0)
        *then_refused = true;
    if (r == 1 && (!insert_callback(db, c->at, account_id, c->agent_id, due_at, note, err, errlen) ||
                   !db_exec(db, "COMMIT", 0, NULL, err, errlen)))
        r = -1;
    if (r != 1)
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
    return r;
}

int store_callback_done(struct db *db, dun_time now, int64_t account_id, int64_t agent_id, char *err, size_t errlen)
{
    return store_callbacks_complete_in_tx(db, account_id, now, "done", agent_id, err, errlen);
}

static bool flag_change(struct db *db, dun_time now, const char *acc, const char *ag, const char *flag,
                        const char *value, char *err, size_t errlen)
{
    char at[32];
    fmt_id(at, sizeof at, now);
    const char *p[] = {acc, ag, flag, value, at};
    return db_exec(db,
                   "INSERT INTO dun.flag_changes (account_id, agent_id, flag, value, at)"
                   " VALUES ($1, $2, $3, $4, to_timestamp($5))", 5, p, err, errlen);
}

bool store_outcome_follows_in_tx(struct db *db, int64_t account_id, const struct contact_record *c, char *err,
                                 size_t errlen)
{
    char acc[32], ag[32], what[64];
    fmt_id(acc, sizeof acc, account_id);
    fmt_id(ag, sizeof ag, c->agent_id);
    const char *agent = c->agent_id > 0 ? ag : NULL;
    if (strcmp(c->outcome, "wrong_number") == 0 && c->channel == CH_PHONE && c->target && *c->target) {
        const char *p[] = {acc, c->target};
        snprintf(what, sizeof what, "wrong number %s", c->target);
        return db_exec(db, "UPDATE dun.phones SET bad = true WHERE account_id = $1 AND number = $2", 2, p, err,
                       errlen) &&
               flag_change(db, c->at, acc, agent, "phone", what, err, errlen);
    }
    if (strcmp(c->outcome, "dispute") == 0) {
        const char *p[] = {acc};
        return db_exec(db, "UPDATE dun.accounts SET dispute = true, updated_at = now() WHERE id = $1 AND NOT dispute",
                       1, p, err, errlen) &&
               flag_change(db, c->at, acc, agent, "dispute", "raised", err, errlen);
    }
    return true;
}

int store_agent_callbacks(struct db *db, int64_t agent_id, dun_time now, struct due_callback *out, int max,
                          dun_time *next, char *err, size_t errlen)
{
    char ag[32], at[32], lim[16];
    fmt_id(ag, sizeof ag, agent_id);
    fmt_id(at, sizeof at, now);
    snprintf(lim, sizeof lim, "%d", max);
    const char *p[] = {ag, at, lim};
    /* The due ones, oldest first, then the next to come due. */
    PGresult *r = db_query(db,
        "SELECT id, ref, name, due FROM ("
        " (SELECT 0 AS k, cb.id, a.ref, a.debtor_name AS name, extract(epoch FROM cb.due_at)::bigint AS due"
        "    FROM dun.callbacks cb JOIN dun.accounts a ON a.id = cb.account_id"
        "   WHERE cb.done_at IS NULL AND cb.due_at <= to_timestamp($2)"
        "     AND (cb.agent_id = $1 OR (cb.agent_id IS NULL AND a.assigned_agent_id = $1))"
        "   ORDER BY cb.due_at, cb.id LIMIT $3)"
        " UNION ALL"
        " SELECT 1, 0, '', '', extract(epoch FROM min(cb.due_at))::bigint"
        "   FROM dun.callbacks cb JOIN dun.accounts a ON a.id = cb.account_id"
        "  WHERE cb.done_at IS NULL AND cb.due_at > to_timestamp($2)"
        "    AND (cb.agent_id = $1 OR (cb.agent_id IS NULL AND a.assigned_agent_id = $1))"
        ") c ORDER BY k, due, id",
        3, p, err, errlen);
    if (!r)
        return -1;
    int n = 0, rows = PQntuples(r);
    *next = 0;
    for (int i = 0; i < rows; i++) {
        if (i == rows - 1) { /* the aggregate: always last */
            if (!PQgetisnull(r, i, 3))
                *next = strtoll(PQgetvalue(r, i, 3), NULL, 10);
            break;
        }
        out[n].id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        copy(out[n].ref, sizeof out[n].ref, PQgetvalue(r, i, 1));
        copy(out[n].name, sizeof out[n].name, PQgetvalue(r, i, 2));
        out[n].due_at = strtoll(PQgetvalue(r, i, 3), NULL, 10);
        n++;
    }
    PQclear(r);
    return n;
}
