#include "core/db/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/debtor_sql.h"
#include "core/db/queue_sql.h"
#include "core/fmt.h"

static void copy(char *dst, size_t n, const char *src) { fmt_copy_str(dst, n, src); }

#define AGENT_COLUMNS "a.id, a.login, a.display_name, a.role, coalesce(t.name, ''), a.time_zone"

/* An agent from AGENT_COLUMNS starting at column c. */
static void fill_agent(PGresult *r, int c, struct agent *a)
{
    memset(a, 0, sizeof *a);
    a->id = strtoll(PQgetvalue(r, 0, c), NULL, 10);
    copy(a->login, sizeof a->login, PQgetvalue(r, 0, c + 1));
    copy(a->display_name, sizeof a->display_name, PQgetvalue(r, 0, c + 2));
    copy(a->role, sizeof a->role, PQgetvalue(r, 0, c + 3));
    copy(a->team, sizeof a->team, PQgetvalue(r, 0, c + 4));
    copy(a->time_zone, sizeof a->time_zone, PQgetvalue(r, 0, c + 5));
}

int store_agent_find(struct db *db, const char *login, struct agent *a, char *err, size_t errlen)
{
    const char *p[] = {login};
    PGresult *r = db_query(db,
        "SELECT " AGENT_COLUMNS " FROM dun.agents a LEFT JOIN dun.teams t ON t.id = a.team_id"
        " WHERE a.login = $1 AND a.active", 1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        fill_agent(r, 0, a);
    PQclear(r);
    return found;
}

int store_session_agent(struct db *db, const char *login, char *role, size_t rolelen, bool *for_others,
                        struct agent *a, char *err, size_t errlen)
{
    const char *p[] = {login};
    PGresult *r = db_query(db,
        "SELECT session_user, dun.sees_all(), " AGENT_COLUMNS
        "  FROM (SELECT 1) one"
        "  LEFT JOIN dun.agents a ON a.login = coalesce($1, session_user::text) AND a.active"
        "  LEFT JOIN dun.teams t ON t.id = a.team_id", 1, p, err, errlen);
    if (!r)
        return -1;
    copy(role, rolelen, PQgetvalue(r, 0, 0));
    *for_others = PQgetvalue(r, 0, 1)[0] == 't';
    int found = !PQgetisnull(r, 0, 2);
    if (found)
        fill_agent(r, 2, a);
    PQclear(r);
    return found;
}

int store_agent_may_act(struct db *db, const struct agent *a, const char *ref, char *why, size_t whylen, char *err,
                        size_t errlen)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    const char *p[] = {ref, id};
    PGresult *r = db_query(db,
        "SELECT acc.assigned_agent_id = me.id, owner.login, owner.display_name, coalesce(t.name, ''),"
        "       owner.team_id IS NOT NULL AND owner.team_id = me.team_id,"
        "       acc.assigned_agent_id IS NULL AND acc.team_id = dun.agent_pool(me.id)"
        "  FROM dun.accounts acc JOIN dun.agents me ON me.id = $2"
        "  LEFT JOIN dun.agents owner ON owner.id = acc.assigned_agent_id"
        "  LEFT JOIN dun.teams t ON t.id = owner.team_id"
        " WHERE acc.ref = $1", 2, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        snprintf(why, whylen, "no account with ref \"%s\"", ref);
        return 0;
    }
    bool assigned = !PQgetisnull(r, 0, 1), mine = PQgetvalue(r, 0, 0)[0] == 't';
    bool same_team = PQgetvalue(r, 0, 4)[0] == 't';
    bool in_pool = PQgetvalue(r, 0, 5)[0] == 't'; /* theirs to take */
    bool may = mine || in_pool || strcmp(a->role, "admin") == 0 || (same_team && strcmp(a->role, "supervisor") == 0);
    const char *team = PQgetvalue(r, 0, 3);
    char others[200] = "only that agent or an admin may";
    if (team[0])
        snprintf(others, sizeof others, "only that agent, a supervisor of team %s, or an admin may", team);
    if (may)
        why[0] = '\0';
    else if (!assigned)
        snprintf(why, whylen, "account %s is not assigned to any agent; only an admin may act on it", ref);
    else
        snprintf(why, whylen, "account %s is assigned to %s (%s%s%s), not to %s %s; %s act on it", ref,
                 PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), team[0] ? ", team " : "", team, a->role, a->login, others);
    PQclear(r);
    return may;
}

/* $1 ref, $2 agent, $3 now: a pool account of the agent's team becomes the
 * agent's, the change on its flag log; the rows of the accounts taken. */
#define POOL_TAKE_CTE                                                                                          \
    "WITH took AS (UPDATE dun.accounts a SET assigned_agent_id = $2, updated_at = now()"                      \
    "               WHERE a.ref = $1 AND a.assigned_agent_id IS NULL"                                          \
    "                 AND a.team_id = (SELECT dun.agent_pool($2::bigint)) RETURNING a.id),"                    \
    "     logged AS (INSERT INTO dun.flag_changes (account_id, flag, value, agent_id, at)"                       \
    "                SELECT id, 'assigned', 'taken from the team''s pool', $2, to_timestamp($3) FROM took"     \
    "                RETURNING account_id)"

static const char pool_take_sql[] = POOL_TAKE_CTE " SELECT count(*) FROM logged";
/* Entering also reads the account's replies, announced as every change an
 * open queue shows is (read:<id>: not inbound, which says a reply came).
 * Before the account is loaded: a reply that comes in between stays unread,
 * and is on the history all the same. */
static const char enter_sql[] =
    POOL_TAKE_CTE ","
    "     rd AS (UPDATE dun.inbound SET read_at = to_timestamp($3) WHERE read_at IS NULL"
    "             AND account_id = (SELECT id FROM dun.accounts WHERE ref = $1) RETURNING account_id)"
    " SELECT (SELECT count(*) FROM logged),"
    "        (SELECT count(pg_notify('dun', 'read:' || account_id)) FROM (SELECT DISTINCT account_id FROM rd) a)";

static int take(struct db *db, const char *sql, int64_t agent_id, const char *ref, dun_time now, char *err,
                size_t errlen)
{
    char id[32], at[32];
    snprintf(id, sizeof id, "%lld", (long long)agent_id);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {ref, id, at};
    PGresult *r = db_query(db, sql, 3, p, err, errlen);
    if (!r)
        return -1;
    int taken = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return taken;
}

int store_pool_take(struct db *db, int64_t agent_id, const char *ref, dun_time now, char *err, size_t errlen)
{
    return take(db, pool_take_sql, agent_id, ref, now, err, errlen);
}

int store_account_enter(struct db *db, int64_t agent_id, const char *ref, dun_time now, char *err, size_t errlen)
{
    return take(db, enter_sql, agent_id, ref, now, err, errlen);
}

bool store_current_user(struct db *db, char *out, size_t n, bool *for_others, char *err, size_t errlen)
{
    PGresult *r = db_query(db, "SELECT session_user, dun.sees_all()", 0, NULL, err, errlen);
    if (!r)
        return false;
    copy(out, n, PQgetvalue(r, 0, 0));
    *for_others = PQgetvalue(r, 0, 1)[0] == 't';
    PQclear(r);
    return true;
}

/* The active accounts the agent works (STORE_WORKLIST), unsorted, with
 * their facts, as of $2 (contacts after it are ignored, so that DUN_NOW
 * replays a moment). */
#define QUEUE_SQL                                                                                    \
    QUEUE_SELECT ", " DEBTOR_COLUMNS " FROM dun.accounts a" DEBTOR_POLICY_JOIN QUEUE_LATERALS         \
    " WHERE " STORE_WORKLIST " AND a.status = 'active'"
static const char queue_sql[] = QUEUE_SQL;
/* The same rows for some accounts only ($3): a refresh after they changed. */
static const char queue_some_sql[] = QUEUE_SQL " AND a.id = ANY ($3::bigint[])";

void store_queue_fill_row(const PGresult *r, int i, struct queue_row *q)
{
    memset(q, 0, sizeof *q);
    q->account_id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
    copy(q->ref, sizeof q->ref, PQgetvalue(r, i, 1));
    copy(q->name, sizeof q->name, PQgetvalue(r, i, 2));
    q->balance_minor = strtoll(PQgetvalue(r, i, 3), NULL, 10);
    copy(q->currency, sizeof q->currency, PQgetvalue(r, i, 4));
    if ((q->has_oldest_unpaid = !PQgetisnull(r, i, 5)))
        q->oldest_unpaid = strtoll(PQgetvalue(r, i, 5), NULL, 10);
    if ((q->has_due = !PQgetisnull(r, i, 6)))
        q->due_date = strtoll(PQgetvalue(r, i, 6), NULL, 10);
    copy(q->time_zone, sizeof q->time_zone, PQgetvalue(r, i, 7));
    q->prior_delinquencies = atoi(PQgetvalue(r, i, 8));
    if ((q->has_promise = !PQgetisnull(r, i, 9))) {
        copy(q->promise_status, sizeof q->promise_status, PQgetvalue(r, i, 9));
        q->promise_date = strtoll(PQgetvalue(r, i, 10), NULL, 10);
    }
    if ((q->has_last_contact = !PQgetisnull(r, i, 11))) {
        q->last_contact_at = strtoll(PQgetvalue(r, i, 11), NULL, 10);
        copy(q->last_channel, sizeof q->last_channel, PQgetvalue(r, i, 12));
        copy(q->last_outcome, sizeof q->last_outcome, PQgetvalue(r, i, 13));
    }
    if ((q->has_callback = !PQgetisnull(r, i, 14)))
        q->callback_at = strtoll(PQgetvalue(r, i, 14), NULL, 10);
    q->reply_unread = PQgetvalue(r, i, 15)[0] == 't';
    q->pool = PQgetvalue(r, i, 16)[0] == 't';
    copy(q->in_use_by, sizeof q->in_use_by, PQgetvalue(r, i, 17));
}

/* The rows as they arrive, in an array that doubles, and their accounts'
 * facts. */
struct row_sink {
    struct queue_row *rows;
    size_t n, cap;
    struct debtor_sink facts;
    char *err;
    size_t errlen;
};

static bool take_row(const PGresult *r, int i, void *ctx)
{
    struct row_sink *k = ctx;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 256;
        struct queue_row *rows = realloc(k->rows, cap * sizeof *rows);
        if (!rows) {
            snprintf(k->err, k->errlen, "out of memory loading %zu queue rows", k->n + 1);
            return false;
        }
        k->rows = rows;
        k->cap = cap;
    }
    store_queue_fill_row(r, i, &k->rows[k->n++]);
    return debtor_sink_take(&k->facts, r, i, QUEUE_COLUMNS);
}

/* The rows of a QUEUE_SQL statement (the caller frees them) and their
 * facts (for debtor_sink_finish, also on failure). */
static bool load_rows(struct db *db, const char *sql, int nparams, const char *const *p, struct queue_row **rows,
                      size_t *n, struct debtor_sink *facts, char *err, size_t errlen)
{
    struct row_sink sink = {.err = err, .errlen = errlen};
    bool ok = db_query_each(db, sql, nparams, p, take_row, &sink, err, errlen);
    if (!ok) {
        free(sink.rows);
        sink.rows = NULL;
        sink.n = 0;
    }
    *rows = sink.rows;
    *n = sink.n;
    *facts = sink.facts;
    return ok;
}

void queue_book_free(struct queue_book *b)
{
    free(b->rows);
    debtor_records_free(&b->recs, &b->nrecs);
    free(b->pols);
    memset(b, 0, sizeof *b);
}

static void queue_book_evaluate(struct queue_book *b, dun_time now, struct zone_cache *zones)
{
    queue_compute(b->rows, b->n, now, zones);
    queue_evaluate(b->rows, b->n, &b->weights, now, zones);
    queue_sort(b->rows, b->n);
}

bool store_queue_book_load(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                           struct queue_book *b, char *err, size_t errlen)
{
    char id[FMT_INT_MAX], at[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    fmt_put_int64(at, now);
    const char *p[] = {id, at};
    struct debtor_sink facts;
    memset(b, 0, sizeof *b);
    bool ok = load_rows(db, queue_sql, 2, p, &b->rows, &b->n, &facts, err, errlen) &&
              store_policies_load(db, &b->pols, &b->npols, &b->weights, err, errlen);
    struct debtor_query q = {.now = now, .since = compliance_history_since(b->pols, b->npols, now)};
    if (!debtor_sink_finish(db, ok, &q, &facts, &b->recs, &b->nrecs, err, errlen)) {
        queue_book_free(b);
        return false;
    }
    store_queue_book_bind(b, zones);
    queue_book_evaluate(b, now, zones);
    return true;
}

void store_queue_book_bind(struct queue_book *b, struct zone_cache *zones)
{
    debtor_records_bind(b->recs, b->nrecs, zones);
    for (size_t i = 0; i < b->n; i++) {
        struct debtor_record *rec = debtor_records_find(b->recs, b->nrecs, b->rows[i].account_id);
        if (!rec)
            continue;
        b->rows[i].debtor = &rec->debtor;
        b->rows[i].policy = policy_find(b->pols, b->npols, rec->policy_code);
    }
}

/* Swap a freshly loaded (and bound) record into the book's slot for the
 * same account; the old one is freed with the fresh ones. */
static void record_swap(struct debtor_record *slot, struct debtor_record *fresh)
{
    struct debtor_record old = *slot;
    *slot = *fresh;
    *fresh = old;
}

/* Row i of the book took its account's fresh row: evaluate it alone and
 * move it to its place. */
static void row_replace(struct queue_book *b, size_t i, const struct queue_row *fresh, dun_time now,
                        struct zone_cache *zones)
{
    b->rows[i] = *fresh;
    struct debtor_record *rec = debtor_records_find(b->recs, b->nrecs, fresh->account_id);
    b->rows[i].debtor = rec ? &rec->debtor : NULL;
    b->rows[i].policy = rec ? policy_find(b->pols, b->npols, rec->policy_code) : NULL;
    queue_compute(&b->rows[i], 1, now, zones);
    queue_evaluate(&b->rows[i], 1, &b->weights, now, zones);
    queue_place(b->rows, b->n, i);
}

static void row_remove(struct queue_book *b, size_t i)
{
    memmove(&b->rows[i], &b->rows[i + 1], (b->n - i - 1) * sizeof *b->rows);
    b->n--;
    for (size_t k = i; k < b->n; k++)
        b->rows[k].rank = (int)k + 1;
}

static size_t row_of(const struct queue_book *b, int64_t account_id)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->rows[i].account_id == account_id)
            return i;
    return b->n;
}

/* Fold fresh rows and records into the book. False when an account joined
 * the queue (the book has no record slot for it): nothing is lost, the
 * caller loads the whole book. */
static bool book_merge(struct queue_book *b, const int64_t *ids, size_t nids, struct queue_row *rows, size_t nrows,
                       struct debtor_record *recs, size_t nrecs, dun_time now, struct zone_cache *zones)
{
    for (size_t k = 0; k < nrows; k++)
        if (row_of(b, rows[k].account_id) == b->n ||
            !debtor_records_find(b->recs, b->nrecs, rows[k].account_id) ||
            !debtor_records_find(recs, nrecs, rows[k].account_id))
            return false;
    for (size_t k = 0; k < nrecs; k++) {
        struct debtor_record *slot = debtor_records_find(b->recs, b->nrecs, recs[k].account_id);
        if (slot)
            record_swap(slot, &recs[k]);
    }
    /* No binding again: a record's debtor points into heap arrays that
     * moved with it, and the rows point at the slots, which stay. */
    for (size_t k = 0; k < nrows; k++)
        row_replace(b, row_of(b, rows[k].account_id), &rows[k], now, zones);
    for (size_t k = 0; k < nids; k++) { /* gone from the queue: paid off, reassigned, closed */
        bool kept = false;
        for (size_t j = 0; j < nrows && !kept; j++)
            kept = rows[j].account_id == ids[k];
        size_t i = kept ? b->n : row_of(b, ids[k]);
        if (i < b->n)
            row_remove(b, i);
    }
    return true;
}

int store_queue_book_refresh(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                             struct queue_book *b, const int64_t *ids, size_t nids, char *err, size_t errlen)
{
    if (nids == 0)
        return 1;
    char id[32], at[32], *wanted = db_id_array(ids, nids);
    snprintf(id, sizeof id, "%lld", (long long)agent_id);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {id, at, wanted};
    struct queue_row *rows = NULL;
    size_t nrows = 0, nrecs = 0;
    struct debtor_record *recs = NULL;
    struct debtor_query q = {.now = now, .since = compliance_history_since(b->pols, b->npols, now)};
    struct debtor_sink facts = {0};
    if (!wanted)
        snprintf(err, errlen, "out of memory");
    bool read = wanted && load_rows(db, queue_some_sql, 3, p, &rows, &nrows, &facts, err, errlen);
    int done = debtor_sink_finish(db, read, &q, &facts, &recs, &nrecs, err, errlen) ? 1 : -1;
    if (done == 1)
        debtor_records_bind(recs, nrecs, zones);
    if (done == 1 && !book_merge(b, ids, nids, rows, nrows, recs, nrecs, now, zones))
        done = 0;
    free(wanted);
    free(rows);
    debtor_records_free(&recs, &nrecs);
    return done;
}
