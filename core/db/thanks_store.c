#include "core/db/thanks_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"

/* May giver g thank r? The one rule, in SQL, for every query here. */
#define MAY_THANK "((g.role = 'admin' AND g.team_id IS NULL) OR r.team_id = g.team_id OR r.id = g.id)"
/* Is person p within viewer v's sight? */
#define IN_SCOPE(p) "(v.role = 'admin' OR " p ".id = v.id OR " p ".team_id = v.team_id)"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int64_t num(PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static void person_from(PGresult *r, int row, int col, struct thanks_person *p)
{
    p->id = num(r, row, col);
    copy(p->login, sizeof p->login, PQgetvalue(r, row, col + 1));
    copy(p->name, sizeof p->name, PQgetvalue(r, row, col + 2));
}

bool thanks_colleagues(struct db *db, const struct agent *giver, struct thanks_person **out, size_t *n, char *err,
                       size_t errlen)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)giver->id);
    const char *p[] = {id};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT r.id, r.login, r.display_name FROM dun.agents g JOIN dun.agents r ON r.active AND " MAY_THANK
        " WHERE g.id = $1 ORDER BY r.display_name, r.login", 1, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = calloc((size_t)rows + 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        person_from(r, i, 0, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return true;
}

int thanks_find_colleague(struct db *db, const struct agent *giver, const char *login, struct thanks_person *p,
                          char *why, size_t whylen, char *err, size_t errlen)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)giver->id);
    const char *params[] = {id, login};
    PGresult *r = db_query(db,
        "SELECT r.id, r.login, r.display_name, " MAY_THANK ", coalesce(t.name, '')"
        "  FROM dun.agents g JOIN dun.agents r ON r.login = $2 AND r.active"
        "  LEFT JOIN dun.teams t ON t.id = r.team_id WHERE g.id = $1", 2, params, err, errlen);
    if (!r)
        return -1;
    int found = 0;
    why[0] = '\0';
    if (PQntuples(r) != 1)
        snprintf(why, whylen, "no active agent with login \"%s\"", login);
    else if (PQgetvalue(r, 0, 3)[0] != 't')
        snprintf(why, whylen, "%s (%s) is not in your team%s%s: thanks go to a colleague of your own team",
                 PQgetvalue(r, 0, 2), login, PQgetvalue(r, 0, 4)[0] ? "; they are in " : "", PQgetvalue(r, 0, 4));
    else {
        person_from(r, 0, 0, p);
        found = 1;
    }
    PQclear(r);
    return found;
}

int thanks_give(struct db *db, const struct thanks_new *t, int64_t *id, char *why, size_t whylen, char *err,
                size_t errlen)
{
    char body[THANKS_BODY_MAX];
    if (!thanks_people_check(t->giver_id, t->receiver_id, why, whylen) ||
        !thanks_body_check(t->body, body, sizeof body, why, whylen))
        return 0;
    char g[32], r_id[32], acc[32], at[32];
    snprintf(g, sizeof g, "%lld", (long long)t->giver_id);
    snprintf(r_id, sizeof r_id, "%lld", (long long)t->receiver_id);
    snprintf(acc, sizeof acc, "%lld", (long long)t->account_id);
    snprintf(at, sizeof at, "%lld", (long long)t->at);
    const char *p[] = {g, r_id, body, t->account_id > 0 ? acc : NULL, at};
    /* The insert and its NOTIFY are one statement: one transaction. */
    PGresult *r = db_query(db,
        "WITH ins AS (INSERT INTO dun.thanks (giver_id, receiver_id, body, account_id, created_at)"
        "   SELECT g.id, r.id, $3, $4::bigint, to_timestamp($5::bigint)"
        "     FROM dun.agents g JOIN dun.agents r ON r.id = $2::bigint"
        "    WHERE g.id = $1::bigint AND g.active AND r.active AND r.id <> g.id AND " MAY_THANK
        "   RETURNING id)"
        " SELECT id, pg_notify('dun', 'thanks:' || id) FROM ins", 5, p, err, errlen);
    if (!r)
        return -1;
    int done = PQntuples(r) == 1;
    if (done)
        *id = num(r, 0, 0);
    else
        snprintf(why, whylen, "not recorded: they are no longer an active colleague of your team");
    PQclear(r);
    return done;
}

#define ROW_COLUMNS                                                                                                 \
    "SELECT th.id, extract(epoch FROM th.created_at)::bigint, th.giver_id, th.receiver_id, gv.login,"             \
    " gv.display_name, rc.login, rc.display_name, th.body, coalesce(acc.ref, '')"                                 \
    "  FROM dun.thanks th JOIN dun.agents gv ON gv.id = th.giver_id JOIN dun.agents rc ON rc.id = th.receiver_id" \
    "  LEFT JOIN dun.accounts acc ON acc.id = th.account_id"

static void row_from(PGresult *r, int i, struct thanks_row *t)
{
    memset(t, 0, sizeof *t);
    t->id = num(r, i, 0);
    t->at = num(r, i, 1);
    t->giver_id = num(r, i, 2);
    t->receiver_id = num(r, i, 3);
    copy(t->giver_login, sizeof t->giver_login, PQgetvalue(r, i, 4));
    copy(t->giver_name, sizeof t->giver_name, PQgetvalue(r, i, 5));
    copy(t->receiver_login, sizeof t->receiver_login, PQgetvalue(r, i, 6));
    copy(t->receiver_name, sizeof t->receiver_name, PQgetvalue(r, i, 7));
    copy(t->body, sizeof t->body, PQgetvalue(r, i, 8));
    copy(t->ref, sizeof t->ref, PQgetvalue(r, i, 9));
}

/* Every row of r into a new array. */
static bool rows_from(PGresult *r, struct thanks_row **out, size_t *n, char *err, size_t errlen)
{
    int rows = PQntuples(r);
    *out = calloc((size_t)rows + 1, sizeof **out);
    *n = 0;
    if (!*out) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        row_from(r, i, &(*out)[i]);
    *n = (size_t)rows;
    return true;
}

bool thanks_list(struct db *db, const struct thanks_query *q, struct thanks_row **out, size_t *n, char *err,
                 size_t errlen)
{
    char viewer[32], person[32], since[32], until[32], limit[32];
    snprintf(viewer, sizeof viewer, "%lld", (long long)q->viewer_id);
    snprintf(person, sizeof person, "%lld", (long long)q->person_id);
    snprintf(since, sizeof since, "%lld", (long long)q->since);
    snprintf(until, sizeof until, "%lld", (long long)q->until);
    snprintf(limit, sizeof limit, "%zu", q->limit);
    const char *p[] = {viewer, person, since, until, q->limit ? limit : NULL};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        ROW_COLUMNS " JOIN dun.agents v ON v.id = $1::bigint"
        " WHERE (" IN_SCOPE("gv") " OR " IN_SCOPE("rc") ")"
        "   AND ($2::bigint = 0 OR th.giver_id = $2::bigint OR th.receiver_id = $2::bigint)"
        "   AND th.created_at >= to_timestamp($3::bigint) AND th.created_at <= to_timestamp($4::bigint)"
        " ORDER BY th.created_at DESC, th.id DESC LIMIT $5::bigint", 5, p, err, errlen);
    if (!r)
        return false;
    bool ok = rows_from(r, out, n, err, errlen);
    PQclear(r);
    return ok;
}

bool thanks_tallies(struct db *db, int64_t viewer_id, dun_time now, struct thanks_tally **out, size_t *n, char *err,
                    size_t errlen)
{
    char viewer[32], at[32];
    snprintf(viewer, sizeof viewer, "%lld", (long long)viewer_id);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {viewer, at};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT a.id, a.login, a.display_name,"
        "       count(*) FILTER (WHERE th.giver_id = a.id), count(*) FILTER (WHERE th.receiver_id = a.id)"
        "  FROM dun.agents v JOIN dun.agents a ON a.active AND " IN_SCOPE("a")
        "  LEFT JOIN dun.thanks th ON (th.giver_id = a.id OR th.receiver_id = a.id)"
        "       AND th.created_at > to_timestamp($2::bigint) - interval '30 days'"
        "       AND th.created_at <= to_timestamp($2::bigint)"
        " WHERE v.id = $1::bigint"
        " GROUP BY a.id, a.login, a.display_name ORDER BY a.display_name, a.login", 2, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = calloc((size_t)rows + 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++) {
        person_from(r, i, 0, &(*out)[i].person);
        (*out)[i].given = (int)num(r, i, 3);
        (*out)[i].received = (int)num(r, i, 4);
    }
    *n = (size_t)rows;
    PQclear(r);
    return true;
}

int thanks_get(struct db *db, int64_t id, struct thanks_row *row, char *err, size_t errlen)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)id);
    const char *p[] = {s};
    PGresult *r = db_query(db, ROW_COLUMNS " WHERE th.id = $1::bigint", 1, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        row_from(r, 0, row);
    PQclear(r);
    return found;
}

bool thanks_unseen(struct db *db, int64_t agent_id, struct thanks_row **out, size_t *n, char *err, size_t errlen)
{
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)agent_id);
    const char *p[] = {s};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        ROW_COLUMNS " WHERE th.receiver_id = $1::bigint"
        "   AND th.id > coalesce((SELECT last_seen_id FROM dun.thanks_seen WHERE agent_id = $1::bigint), 0)"
        " ORDER BY th.id", 1, p, err, errlen);
    if (!r)
        return false;
    bool ok = rows_from(r, out, n, err, errlen);
    PQclear(r);
    return ok;
}

bool thanks_mark_seen(struct db *db, int64_t agent_id, int64_t up_to_id, char *err, size_t errlen)
{
    char s[32], up[32];
    snprintf(s, sizeof s, "%lld", (long long)agent_id);
    snprintf(up, sizeof up, "%lld", (long long)up_to_id);
    const char *p[] = {s, up};
    return db_exec(db,
        "INSERT INTO dun.thanks_seen (agent_id, last_seen_id)"
        " SELECT $1::bigint, CASE WHEN $2::bigint > 0 THEN $2::bigint"
        "        ELSE coalesce((SELECT max(id) FROM dun.thanks WHERE receiver_id = $1::bigint), 0) END"
        " ON CONFLICT (agent_id) DO UPDATE SET last_seen_id = greatest(dun.thanks_seen.last_seen_id, excluded.last_seen_id)",
        2, p, err, errlen);
}
