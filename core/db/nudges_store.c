/* Nudges in the store: see core/db/nudges_store.h. */
#include "core/db/nudges_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/strbuf.h"

/* Whom viewer v may be nudged about: thanks go within the team (thanks_store.c's rule). */
#define IN_TEAM "((v.role = 'admin' AND v.team_id IS NULL) OR a.team_id = v.team_id)"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int64_t num(PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Colleagues, with their last thanks received up to now: the longest wait first. */
static const char people_sql[] =
    "SELECT a.id, a.login, a.display_name, a.language,"
    "       coalesce(extract(epoch FROM max(th.created_at))::bigint, 0),"
    "       (coalesce(max(th.created_at), a.created_at) AT TIME ZONE $2)::date - DATE '1970-01-01' AS since"
    "  FROM dun.agents v JOIN dun.agents a ON a.active AND a.id <> v.id AND " IN_TEAM
    "  LEFT JOIN dun.thanks th ON th.receiver_id = a.id AND th.created_at < to_timestamp($3::bigint)"
    " WHERE v.id = $1::bigint"
    " GROUP BY a.id ORDER BY since, a.login";

/* The day's rows, from dun.team_moments (migration 032), which reads across
 * the team's books as the system: for the team ($5 = 0) only what may
 * deserve thanks (kept promises; calls with an outcome of $6 or marked
 * upset: core decides); for one agent ($5) everything they did, for the
 * drill-down. $3/$4 the day's instants, $2 the viewer's zone (the local date
 * of each row); $1 the viewer, who must be the caller. */
static const char rows_sql[] =
    "SELECT * FROM dun.team_moments($1::bigint, $2, $3::bigint, $4::bigint, $5::bigint, $6::text[])";

static const struct {
    const char *name;
    enum nudge_row_kind kind;
} row_kinds[] = {
    {"call", NR_CALL}, {"settled", NR_PROMISE_SETTLED}, {"made", NR_PROMISE_MADE},
    {"message", NR_MESSAGE}, {"given", NR_THANKS_GIVEN}, {"received", NR_THANKS_RECEIVED},
};

static void row_from(PGresult *r, int i, struct nudge_row *n)
{
    memset(n, 0, sizeof *n);
    for (size_t k = 0; k < sizeof row_kinds / sizeof row_kinds[0]; k++)
        if (strcmp(row_kinds[k].name, PQgetvalue(r, i, 0)) == 0)
            n->kind = row_kinds[k].kind;
    n->id = num(r, i, 1);
    n->agent_id = num(r, i, 2);
    n->at = num(r, i, 3);
    n->day = num(r, i, 4);
    n->account_id = num(r, i, 5);
    copy(n->ref, sizeof n->ref, PQgetvalue(r, i, 6));
    copy(n->channel, sizeof n->channel, PQgetvalue(r, i, 7));
    n->outbound = strcmp(PQgetvalue(r, i, 8), "out") == 0;
    copy(n->status, sizeof n->status, PQgetvalue(r, i, 9));
    n->upset = PQgetvalue(r, i, 10)[0] == 't';
    n->amount = num(r, i, 11);
    copy(n->currency, sizeof n->currency, PQgetvalue(r, i, 12));
    copy(n->other, sizeof n->other, PQgetvalue(r, i, 13));
    copy(n->text, sizeof n->text, PQgetvalue(r, i, 14));
}

/* Run sql and give back its rows in a new array of size each (never NULL on
 * success), filled by fill. */
static bool load(struct db *db, const char *sql, int np, const char *const *p, size_t size, void **out, size_t *n,
                 void (*fill)(PGresult *, int, void *), char *err, size_t errlen)
{
    PGresult *r = db_query(db, sql, np, p, err, errlen);
    *out = NULL;
    *n = 0;
    if (!r)
        return false;
    int rows = PQntuples(r);
    char *a = calloc((size_t)rows + 1, size);
    if (!a) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        fill(r, i, a + (size_t)i * size);
    PQclear(r);
    *out = a;
    *n = (size_t)rows;
    return true;
}

static void fill_row(PGresult *r, int i, void *to) { row_from(r, i, to); }

static void fill_person(PGresult *r, int i, void *to)
{
    struct nudge_person *p = to;
    p->id = num(r, i, 0);
    copy(p->login, sizeof p->login, PQgetvalue(r, i, 1));
    copy(p->name, sizeof p->name, PQgetvalue(r, i, 2));
    copy(p->language, sizeof p->language, PQgetvalue(r, i, 3));
    p->last_thanked = num(r, i, 4);
    p->since_day = num(r, i, 5);
}

static void fill_dismissal(PGresult *r, int i, void *to)
{
    struct nudge_dismissal *d = to;
    nudge_kind_parse(PQgetvalue(r, i, 0), &d->kind);
    d->subject_id = num(r, i, 1);
    d->day = num(r, i, 2);
}

static void fill_phrase(PGresult *r, int i, void *to)
{
    struct nudge_phrase *p = to;
    copy(p->language, sizeof p->language, PQgetvalue(r, i, 0));
    copy(p->context, sizeof p->context, PQgetvalue(r, i, 1));
    copy(p->text, sizeof p->text, PQgetvalue(r, i, 2));
}

/* {refused,dispute}: core's list of hard outcomes as a text[] parameter. */
static char *hard_array(void)
{
    struct strbuf sb = {0};
    sb_putc(&sb, '{');
    for (int i = 0; nudge_hard_outcomes[i]; i++)
        sb_printf(&sb, "%s%s", i ? "," : "", nudge_hard_outcomes[i]);
    sb_putc(&sb, '}');
    if (sb.failed) {
        sb_free(&sb);
        return NULL;
    }
    sb_cstr(&sb);
    return sb.data;
}

bool nudge_book_load(struct db *db, const struct agent *viewer, const struct nudge_query *q, struct nudge_book *b,
                     char *err, size_t errlen)
{
    char id[24], from[24], to[24], agent[24], today[16];
    snprintf(id, sizeof id, "%lld", (long long)viewer->id);
    snprintf(from, sizeof from, "%lld", (long long)q->from);
    snprintf(to, sizeof to, "%lld", (long long)q->to);
    snprintf(agent, sizeof agent, "%lld", (long long)q->day_agent_id);
    date_format(q->today, today, sizeof today);
    char *hard = hard_array();
    memset(b, 0, sizeof *b);
    if (!hard) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *pp[] = {id, viewer->time_zone, to};
    const char *rp[] = {id, viewer->time_zone, from, to, agent, hard};
    const char *dp[] = {id, today};
    bool ok = load(db, people_sql, 3, pp, sizeof *b->people, (void **)&b->people, &b->npeople, fill_person, err,
                   errlen) &&
              load(db, rows_sql, 6, rp, sizeof *b->rows, (void **)&b->rows, &b->nrows, fill_row, err, errlen) &&
              load(db, "SELECT kind, subject_id, day - DATE '1970-01-01' FROM dun.nudge_dismissals"
                       " WHERE viewer_id = $1::bigint AND day >= $2::date", 2, dp, sizeof *b->dismissed,
                   (void **)&b->dismissed, &b->ndismissed, fill_dismissal, err, errlen) &&
              load(db, "SELECT language, context, text FROM dun.nudge_phrases WHERE active"
                       " ORDER BY context, position, id", 0, NULL, sizeof *b->phrases, (void **)&b->phrases,
                   &b->nphrases, fill_phrase, err, errlen);
    free(hard);
    if (!ok)
        nudge_book_free(b);
    return ok;
}

void nudge_book_free(struct nudge_book *b)
{
    free(b->people);
    free(b->rows);
    free(b->dismissed);
    free(b->phrases);
    memset(b, 0, sizeof *b);
}

bool nudge_dismiss(struct db *db, int64_t viewer_id, const struct nudge *n, dun_time now, char *err, size_t errlen)
{
    char id[24], subject[24], day[16], at[24];
    snprintf(id, sizeof id, "%lld", (long long)viewer_id);
    snprintf(subject, sizeof subject, "%lld", (long long)n->subject_id);
    snprintf(at, sizeof at, "%lld", (long long)now);
    date_format(n->day, day, sizeof day);
    const char *p[] = {id, nudge_kind_name(n->kind), subject, day, at};
    return db_exec(db, "INSERT INTO dun.nudge_dismissals (viewer_id, kind, subject_id, day, at)"
                       " VALUES ($1, $2, $3, $4::date, to_timestamp($5::bigint)) ON CONFLICT DO NOTHING",
                   5, p, err, errlen);
}

int nudge_day_agent(struct db *db, const struct agent *viewer, const char *login, int64_t *id, char *why,
                    size_t whylen, char *err, size_t errlen)
{
    const char *p[] = {login};
    PGresult *r = db_query(db, "SELECT a.id, coalesce(t.name, '') FROM dun.agents a"
                               "  LEFT JOIN dun.teams t ON t.id = a.team_id WHERE a.login = $1", 1, p, err, errlen);
    if (!r)
        return -1;
    int may = 0;
    if (PQntuples(r) != 1)
        snprintf(why, whylen, "no agent with login \"%s\"", login);
    else if (strcmp(viewer->role, "agent") == 0 && strcmp(login, viewer->login) != 0)
        snprintf(why, whylen, "agent %s may see their own day only, not %s's", viewer->login, login);
    else if (strcmp(viewer->role, "supervisor") == 0 && strcmp(PQgetvalue(r, 0, 1), viewer->team) != 0)
        snprintf(why, whylen, "supervisor %s may see the days of team %s only", viewer->login, viewer->team);
    else {
        *id = num(r, 0, 0);
        may = 1;
    }
    PQclear(r);
    return may;
}
