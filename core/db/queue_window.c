#include "core/db/queue_window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/debtor_sql.h"
#include "core/db/queue_sql.h"
#include "core/fmt.h"
#include "core/strbuf.h"

/* The stored order: core/queue.c's comparison (score, days past due,
 * balance highest first, then ref), the account's id last so that every
 * position is one account. */
#define KEY_ORDER "k.score DESC NULLS LAST, k.dpd DESC, k.balance_minor DESC, k.ref, k.account_id"

/* Stale keys with their rows: $1 agent, $2 now, $3 at most, $4 accounts.
 * A key holds from when it was computed to its edge (migration 041).
 * Inactive accounts too, so that their keys are put to rest. The book's
 * (dun serve) the first to go stale first; an agent's the ones never
 * computed, then from the top of its queue down, so that what the agent
 * sees first is right first. */
/* The stale keys are chosen first, in a subquery of their own (LIMIT keeps
 * it apart): joined with the rows' many parts in one query, the planner
 * went from a few rows to all of them (1.4 s a step at 100k accounts). */
#define STALE_SQL(stale, scope, order)                                                                      \
    QUEUE_SELECT ", k.gen, a.status = 'active', " DEBTOR_COLUMNS                                            \
    "  FROM (SELECT k.* FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id"                   \
    "         WHERE " stale " AND " scope " ORDER BY " order " LIMIT $3) k"                                   \
    "  JOIN dun.accounts a ON a.id = k.account_id" DEBTOR_POLICY_JOIN QUEUE_LATERALS " ORDER BY " order
#define STALE_FACTS (QUEUE_COLUMNS + 2)
#define STALE_AT_NOW "(k.edge <= to_timestamp($2) OR k.computed_at > to_timestamp($2))"
/* The book's through the two indexes, each ordered and limited: an OR of
 * them would read every key. */
#define STALE_IN_BOOK                                                                                   \
    "k.account_id IN ((SELECT account_id FROM dun.queue_keys WHERE edge <= to_timestamp($2)"           \
    "                   ORDER BY edge LIMIT $3)"                                                        \
    "                 UNION ALL (SELECT account_id FROM dun.queue_keys WHERE computed_at > to_timestamp($2)" \
    "                             AND edge > to_timestamp($2) ORDER BY computed_at DESC LIMIT $3))"
static const char stale_agent_sql[] = STALE_SQL(STALE_AT_NOW, STORE_WORKLIST, "k.score IS NOT NULL, " KEY_ORDER);
static const char stale_ids_sql[] =
    STALE_SQL(STALE_AT_NOW, "$1::bigint IS NOT NULL AND a.id = ANY ($4::bigint[])", "k.edge");
static const char stale_book_sql[] = STALE_SQL(STALE_IN_BOOK, "$1::bigint IS NOT NULL", "k.edge");

/* The engine's keys as of $8, written only where the account's gen is still
 * the one read with its facts. An inactive account's key rests at every
 * moment: no score, no edge, computed at -infinity.
 * Rows another session holds are skipped, not waited for: a writer that
 * holds one has made it stale, and dun serve or a workstation computing the
 * same keys writes the same; taking them in id order, two refreshes never
 * deadlock. */
static const char keys_write_sql[] =
    "UPDATE dun.queue_keys k SET score = u.score, dpd = u.dpd, balance_minor = u.bal, ref = u.ref,"
    "       edge = to_timestamp(u.edge),"
    "       computed_at = CASE WHEN u.score IS NULL THEN '-infinity' ELSE to_timestamp($8) END"
    "  FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::int[], $5::bigint[], $6::text[], $7::float8[])"
    "       AS u(id, gen, score, dpd, bal, ref, edge)"
    " WHERE k.account_id = u.id AND k.gen = u.gen"
    "   AND k.account_id IN (SELECT account_id FROM dun.queue_keys WHERE account_id = ANY ($1::bigint[])"
    "                         ORDER BY account_id FOR UPDATE SKIP LOCKED)";

struct stale_sink {
    struct queue_row *rows;
    int64_t *gens;
    bool *active;
    size_t n, cap;
    struct debtor_sink facts;
    char *err;
    size_t errlen;
};

static bool take_stale(const PGresult *r, int i, void *ctx)
{
    struct stale_sink *k = ctx;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        struct queue_row *rows = realloc(k->rows, cap * sizeof *rows);
        if (rows)
            k->rows = rows;
        int64_t *gens = realloc(k->gens, cap * sizeof *gens);
        if (gens)
            k->gens = gens;
        bool *active = realloc(k->active, cap * sizeof *active);
        if (active)
            k->active = active;
        if (!rows || !gens || !active) {
            snprintf(k->err, k->errlen, "out of memory computing %zu queue keys", k->n + 1);
            return false;
        }
        k->cap = cap;
    }
    store_queue_fill_row(r, i, &k->rows[k->n]);
    k->gens[k->n] = strtoll(PQgetvalue(r, i, QUEUE_COLUMNS), NULL, 10);
    k->active[k->n] = PQgetvalue(r, i, QUEUE_COLUMNS + 1)[0] == 't';
    k->n++;
    if (debtor_sink_take(&k->facts, r, i, STALE_FACTS))
        return true;
    snprintf(k->err, k->errlen, "out of memory computing %zu queue keys", k->n);
    return false;
}

/* The whole-number columns through the shared array builder. */
static int64_t key_id(const void *k, size_t i) { return ((const struct stale_sink *)k)->rows[i].account_id; }
static int64_t key_gen(const void *k, size_t i) { return ((const struct stale_sink *)k)->gens[i]; }
static int64_t key_dpd(const void *k, size_t i) { return ((const struct stale_sink *)k)->rows[i].days_past_due; }
static int64_t key_bal(const void *k, size_t i) { return ((const struct stale_sink *)k)->rows[i].balance_minor; }

/* The score ("%.17g": exact, so the order read back is the engine's) and
 * the edge, as float8[]; an inactive account's are NULL and Infinity.
 * NULL when out of memory. */
static char *score_or_edge_array(const struct stale_sink *k, bool edge)
{
    struct strbuf sb = {0};
    sb_putc(&sb, '{');
    for (size_t i = 0; i < k->n; i++) {
        if (i)
            sb_putc(&sb, ',');
        if (!k->active[i])
            sb_puts(&sb, edge ? "Infinity" : "NULL");
        else if (edge)
            sb_put_int64(&sb, k->rows[i].edge);
        else
            sb_printf(&sb, "%.17g", k->rows[i].score.total);
    }
    sb_putc(&sb, '}');
    char *s = sb.failed ? NULL : strdup(sb_cstr(&sb));
    sb_free(&sb);
    return s;
}

static bool keys_write(struct db *db, const struct stale_sink *k, const char *now, char *err, size_t errlen)
{
    const char **refs = malloc((k->n ? k->n : 1) * sizeof *refs);
    char *a[7] = {db_id_array_of(k, k->n, key_id),  db_id_array_of(k, k->n, key_gen), score_or_edge_array(k, false),
                  db_id_array_of(k, k->n, key_dpd), db_id_array_of(k, k->n, key_bal), NULL,
                  score_or_edge_array(k, true)};
    if (refs) {
        for (size_t i = 0; i < k->n; i++)
            refs[i] = k->rows[i].ref;
        a[5] = db_text_array(refs, k->n);
    }
    bool ok = true;
    for (int i = 0; i < 7; i++)
        ok = ok && a[i];
    if (!ok)
        snprintf(err, errlen, "out of memory writing %zu queue keys", k->n);
    const char *p[8] = {a[0], a[1], a[2], a[3], a[4], a[5], a[6], now};
    ok = ok && db_exec(db, keys_write_sql, 8, p, err, errlen);
    for (int i = 0; i < 7; i++)
        free(a[i]);
    free(refs);
    return ok;
}

long store_queue_keys_refresh(struct db *db, int64_t agent_id, const int64_t *ids, size_t nids, dun_time now,
                              struct zone_cache *zones, size_t max, char *err, size_t errlen)
{
    char id[FMT_INT_MAX], at[FMT_INT_MAX], lim[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    fmt_put_int64(at, now);
    fmt_put_int64(lim, (int64_t)max);
    char *wanted = nids ? db_id_array(ids, nids) : NULL;
    if (nids && !wanted) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const char *p[] = {id, at, lim, wanted};
    const char *sql = nids ? stale_ids_sql : agent_id > 0 ? stale_agent_sql : stale_book_sql;
    struct stale_sink k = {.err = err, .errlen = errlen};
    struct queue_book b = {0};
    bool ok = db_query_each(db, sql, nids ? 4 : 3, p, take_stale, &k, err, errlen);
    free(wanted);
    if (ok && k.n > 0) {
        b.rows = k.rows;
        b.n = k.n;
        ok = store_policies_load(db, &b.pols, &b.npols, &b.weights, err, errlen);
        struct debtor_query q = {.now = now, .since = compliance_history_since(b.pols, b.npols, now)};
        ok = debtor_sink_finish(db, ok, &q, &k.facts, &b.recs, &b.nrecs, err, errlen);
        if (ok) {
            store_queue_book_bind(&b, zones);
            queue_compute(b.rows, b.n, now, zones);
            queue_evaluate(b.rows, b.n, &b.weights, now, zones);
            ok = keys_write(db, &k, at, err, errlen);
        }
        b.rows = NULL; /* the sink's */
        queue_book_free(&b);
    }
    long n = ok ? (long)k.n : -1;
    debtor_records_free(&k.facts.recs, &k.facts.n); /* when nothing took them */
    free(k.rows);
    free(k.gens);
    free(k.active);
    return n;
}

bool store_queue_count(struct db *db, int64_t agent_id, size_t *n, char *err, size_t errlen)
{
    char id[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    const char *p[] = {id};
    PGresult *r = db_query(db, "SELECT dun.queue_length($1)", 1, p, err, errlen); /* kept as accounts change */
    if (!r)
        return false;
    *n = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return true;
}

/* $1 agent, $2 now, $3 limit, $4 offset. The window's accounts come from
 * the keys alone; only they get the row's lateral work. */
static const char window_sql[] =
    "WITH k AS (SELECT k.account_id, k.score, k.dpd, k.balance_minor, k.ref"
    "             FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id"
    "            WHERE " STORE_WORKLIST " AND a.status = 'active'"
    "            ORDER BY " KEY_ORDER " LIMIT $3 OFFSET $4)"
    QUEUE_SELECT ", " DEBTOR_COLUMNS " FROM k JOIN dun.accounts a ON a.id = k.account_id" DEBTOR_POLICY_JOIN
    QUEUE_LATERALS " ORDER BY " KEY_ORDER;

struct window_sink {
    struct queue_row *rows;
    size_t n, cap;
    struct debtor_sink facts;
};

static bool take_window_row(const PGresult *r, int i, void *ctx)
{
    struct window_sink *k = ctx;
    if (k->n == k->cap) /* sized from the limit */
        return false;
    store_queue_fill_row(r, i, &k->rows[k->n++]);
    return debtor_sink_take(&k->facts, r, i, QUEUE_COLUMNS);
}

bool store_queue_window_load(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                             size_t offset, size_t limit, struct queue_book *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    char id[FMT_INT_MAX], at[FMT_INT_MAX], lim[FMT_INT_MAX], off[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    fmt_put_int64(at, now);
    fmt_put_int64(lim, (int64_t)limit);
    fmt_put_int64(off, (int64_t)offset);
    const char *p[] = {id, at, lim, off};
    struct window_sink k = {.rows = calloc(limit ? limit : 1, sizeof *k.rows), .cap = limit};
    if (!k.rows) {
        snprintf(err, errlen, "out of memory for %zu queue rows", limit);
        return false;
    }
    b->rows = k.rows;
    bool ok = db_query_each(db, window_sql, 4, p, take_window_row, &k, err, errlen) &&
              store_policies_load(db, &b->pols, &b->npols, &b->weights, err, errlen);
    b->n = k.n;
    struct debtor_query q = {.now = now, .since = compliance_history_since(b->pols, b->npols, now)};
    if (!debtor_sink_finish(db, ok, &q, &k.facts, &b->recs, &b->nrecs, err, errlen)) {
        queue_book_free(b);
        return false;
    }
    store_queue_book_bind(b, zones);
    queue_compute(b->rows, b->n, now, zones);
    queue_evaluate(b->rows, b->n, &b->weights, now, zones);
    for (size_t i = 0; i < b->n; i++)
        b->rows[i].rank = (int)(offset + i + 1);
    return true;
}

/* $1 agent, $3 text, $4 from, $5 direction (1 or -1). Positions count the
 * stored order; the first match past `from` in the direction, wrapping. */
static const char find_sql[] =
    "SELECT pos FROM (SELECT row_number() OVER (ORDER BY " KEY_ORDER ") - 1 AS pos, a.debtor_name, a.ref"
    "                   FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id"
    "                  WHERE " STORE_WORKLIST " AND a.status = 'active') q"
    " WHERE strpos(lower(q.debtor_name), lower($2)) > 0 OR strpos(lower(q.ref), lower($2)) > 0"
    " ORDER BY CASE WHEN $4::int > 0 THEN pos > $3::bigint ELSE pos < $3::bigint END DESC,"
    "          pos * $4::int"
    " LIMIT 1";

/* A statement answering one position, or none: 1 found (*pos), 0 none, -1
 * store error. */
static int position_of(struct db *db, const char *sql, int n, const char *const *p, size_t *pos, char *err,
                       size_t errlen)
{
    PGresult *r = db_query(db, sql, n, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        *pos = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return found;
}

int store_queue_window_find(struct db *db, int64_t agent_id, const char *text, size_t from, int dir, size_t *pos,
                            char *err, size_t errlen)
{
    char id[FMT_INT_MAX], at[FMT_INT_MAX], d[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    fmt_put_int64(at, (int64_t)from);
    fmt_put_int64(d, dir > 0 ? 1 : -1);
    const char *p[] = {id, text, at, d};
    return position_of(db, find_sql, 4, p, pos, err, errlen);
}

/* $1 agent, $2 account: its position in the stored order, counted as the
 * search counts it. */
static const char position_sql[] =
    "SELECT pos FROM (SELECT row_number() OVER (ORDER BY " KEY_ORDER ") - 1 AS pos, a.id"
    "                   FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id"
    "                  WHERE " STORE_WORKLIST " AND a.status = 'active') q"
    " WHERE q.id = $2::bigint";

int store_queue_window_position(struct db *db, int64_t agent_id, int64_t account_id, size_t *pos, char *err,
                                size_t errlen)
{
    char id[FMT_INT_MAX], acc[FMT_INT_MAX];
    fmt_put_int64(id, agent_id);
    fmt_put_int64(acc, account_id);
    const char *p[] = {id, acc};
    return position_of(db, position_sql, 2, p, pos, err, errlen);
}
