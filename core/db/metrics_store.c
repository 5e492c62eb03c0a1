/* The supervisor metrics in the store: who may see which team, the team's
 * agents, and one aggregate query whose rows core/metrics.c turns into
 * figures. Nothing here decides what a figure means. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/metrics.h"
#include "core/money.h"
#include "core/strbuf.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* The team's active agents, in login order. The team's existence comes
 * back as the first column, so an unknown team and an empty one differ. */
static const char roster_sql[] =
    "SELECT a.id, a.login, a.display_name, a.monthly_target_minor, a.target_currency"
    "  FROM dun.teams t LEFT JOIN dun.agents a ON a.team_id = t.id AND a.active"
    " WHERE t.name = $1 ORDER BY a.login";

/* One statement for every figure, in dun.team_figures (migration 032), which
 * counts across the team's books as the system: grouped rows per agent (and
 * outcome and hour, or currency, or deadline and status). $1 agent ids (the
 * function keeps the caller's team's only), $2/$3 the period's instants
 * [from, to), $4/$5 its first and last local dates; $6 the month's start
 * and $7 now (payments: month to date too), $8 the viewer's zone (the day a
 * payment counts on). */
static const char figures_sql[] =
    "SELECT * FROM dun.team_figures($1::bigint[], $2::bigint, $3::bigint, $4::date, $5::date, $6::bigint,"
    " $7::bigint, $8)";

static const struct {
    const char *name;
    enum metrics_row_kind kind;
} kinds[] = {
    {"contact", MR_CONTACT}, {"promise", MR_PROMISE}, {"due", MR_DUE},
    {"payment", MR_PAYMENT}, {"message", MR_MESSAGE},
    {"reply", MR_REPLY},     {"thanks_given", MR_THANKS_GIVEN}, {"thanks_received", MR_THANKS_RECEIVED},
};

static bool row_kind(const char *name, enum metrics_row_kind *k)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0) {
            *k = kinds[i].kind;
            return true;
        }
    return false;
}

/* Which team the viewer asks for, and may they? 1 yes (team filled), 0 no
 * (why in err). Supervisors and agents see their own team; admins any. */
static int choose_team(const struct agent *viewer, const char *team, char *out, size_t n, char *err,
                       size_t errlen)
{
    bool admin = strcmp(viewer->role, "admin") == 0;
    if (!team || !*team) {
        if (!viewer->team[0]) {
            snprintf(err, errlen, "%s %s is in no team: name one with --team", viewer->role, viewer->login);
            return 0;
        }
        team = viewer->team;
    } else if (!admin && strcmp(team, viewer->team) != 0) {
        snprintf(err, errlen, "%s %s may see the figures of team %s only, not of team %s", viewer->role,
                 viewer->login, viewer->team[0] ? viewer->team : "(none)", team);
        return 0;
    }
    copy(out, n, team);
    return 1;
}

/* The roster into t->agents; 0 with why for an unknown team. */
static int load_roster(struct db *db, const char *team, struct metrics_team *t, char *err, size_t errlen)
{
    const char *p[] = {team};
    PGresult *r = db_query(db, roster_sql, 1, p, err, errlen);
    if (!r)
        return -1;
    int rows = PQntuples(r);
    if (rows == 0) {
        PQclear(r);
        snprintf(err, errlen, "no team named \"%s\"", team);
        return 0;
    }
    t->agents = calloc((size_t)rows, sizeof *t->agents);
    if (!t->agents) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < rows; i++) {
        if (PQgetisnull(r, i, 0))
            continue; /* a team with no active agent: its one row is all NULL */
        struct metrics_agent *a = &t->agents[t->n++];
        a->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
        copy(a->login, sizeof a->login, PQgetvalue(r, i, 1));
        copy(a->name, sizeof a->name, PQgetvalue(r, i, 2));
        a->target = strtoll(PQgetvalue(r, i, 3), NULL, 10);
        copy(a->target_currency, sizeof a->target_currency, PQgetvalue(r, i, 4));
    }
    PQclear(r);
    return 1;
}

static char *id_array(const struct metrics_team *t)
{
    struct strbuf sb = {0};
    sb_putc(&sb, '{');
    for (size_t i = 0; i < t->n; i++)
        sb_printf(&sb, "%s%lld", i ? "," : "", (long long)t->agents[i].id);
    sb_putc(&sb, '}');
    if (sb.failed) {
        sb_free(&sb);
        return NULL;
    }
    sb_cstr(&sb);
    return sb.data;
}

static void fill_row(PGresult *r, int i, enum metrics_row_kind k, struct metrics_row *m)
{
    memset(m, 0, sizeof *m);
    m->kind = k;
    m->agent_id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    copy(m->channel, sizeof m->channel, PQgetvalue(r, i, 2));
    m->outbound = strcmp(PQgetvalue(r, i, 3), "out") == 0;
    copy(m->outcome, sizeof m->outcome, PQgetvalue(r, i, 4));
    m->hour = atoi(PQgetvalue(r, i, 5));
    copy(m->status, sizeof m->status, PQgetvalue(r, i, 6));
    m->day = strtoll(PQgetvalue(r, i, 7), NULL, 10);
    copy(m->currency, sizeof m->currency, PQgetvalue(r, i, 8));
    m->n = strtoll(PQgetvalue(r, i, 9), NULL, 10);
    m->amount = strtoll(PQgetvalue(r, i, 10), NULL, 10);
}

/* The one aggregate query, computed by core into t. */
static bool load_figures(struct db *db, struct metrics_team *t, const struct metrics_period *p, const char *zone,
                         char *err, size_t errlen)
{
    char from[24], to[24], d1[16], d2[16], month[24], now[24];
    snprintf(month, sizeof month, "%lld", (long long)p->month_from);
    snprintf(now, sizeof now, "%lld", (long long)p->now);
    snprintf(from, sizeof from, "%lld", (long long)p->from);
    snprintf(to, sizeof to, "%lld", (long long)p->to);
    date_format(p->first_day, d1, sizeof d1);
    date_format(p->last_day, d2, sizeof d2);
    char *ids = id_array(t);
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    const char *params[] = {ids, from, to, d1, d2, month, now, zone};
    PGresult *r = db_query(db, figures_sql, 8, params, err, errlen);
    free(ids);
    if (!r)
        return false;
    int rows = PQntuples(r);
    struct metrics_row *m = calloc(rows > 0 ? (size_t)rows : 1, sizeof *m);
    bool ok = m != NULL;
    if (!ok)
        snprintf(err, errlen, "out of memory");
    for (int i = 0; ok && i < rows; i++) {
        enum metrics_row_kind k;
        ok = row_kind(PQgetvalue(r, i, 0), &k);
        if (!ok)
            snprintf(err, errlen, "unexpected metrics row \"%s\"", PQgetvalue(r, i, 0));
        else
            fill_row(r, i, k, &m[i]);
    }
    PQclear(r);
    ok = ok && metrics_compute(t, m, (size_t)rows, p, err, errlen);
    free(m);
    return ok;
}

/* Keep only the rows the viewer may see: an agent their own (the total
 * stays the team's); with only_login, that agent's row. */
static int cut_rows(struct metrics_team *t, const struct agent *viewer, const char *only_login, const char *team,
                    char *err, size_t errlen)
{
    bool agent_role = strcmp(viewer->role, "agent") == 0;
    if (only_login && agent_role && strcmp(only_login, viewer->login) != 0) {
        snprintf(err, errlen, "agent %s may see their own figures and the team's total only, not %s's",
                 viewer->login, only_login);
        return 0;
    }
    const char *keep = only_login ? only_login : agent_role ? viewer->login : NULL;
    if (!keep)
        return 1;
    size_t kept = 0;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->agents[i].login, keep) == 0)
            t->agents[kept++] = t->agents[i];
    if (kept == 0 && only_login) {
        snprintf(err, errlen, "no active agent %s in team %s", only_login, team);
        return 0;
    }
    t->n = kept;
    return 1;
}

int store_metrics_load(struct db *db, const struct agent *viewer, const char *team, const char *only_login,
                       const struct metrics_period *p, struct metrics_team *t, char *team_out, size_t team_len,
                       char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    char name[128];
    int rc = choose_team(viewer, team, name, sizeof name, err, errlen);
    if (rc == 1)
        rc = load_roster(db, name, t, err, errlen);
    if (rc == 1 && !load_figures(db, t, p, viewer->time_zone, err, errlen))
        rc = -1;
    if (rc == 1)
        rc = cut_rows(t, viewer, only_login, name, err, errlen);
    if (rc != 1)
        store_metrics_free(t);
    else
        copy(team_out, team_len, name);
    return rc;
}

void store_metrics_free(struct metrics_team *t)
{
    free(t->agents);
    memset(t, 0, sizeof *t);
}

/* --- monthly targets ------------------------------------------------------------ */

int store_agent_set_target(struct db *db, const struct agent *actor, const char *login, const char *amount_text,
                           const char *currency, int64_t *minor_out, char *cur_out, char *err, size_t errlen)
{
    const char *p[] = {login};
    PGresult *r = db_query(db, "SELECT a.id, coalesce(t.name, ''), a.target_currency"
                               "  FROM dun.agents a LEFT JOIN dun.teams t ON t.id = a.team_id"
                               " WHERE a.login = $1 AND a.active", 1, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        snprintf(err, errlen, "no active agent with login \"%s\"", login);
        return 0;
    }
    char id[24], team[128], cur[4];
    copy(id, sizeof id, PQgetvalue(r, 0, 0));
    copy(team, sizeof team, PQgetvalue(r, 0, 1));
    copy(cur, sizeof cur, currency ? currency : PQgetvalue(r, 0, 2));
    PQclear(r);
    bool may = strcmp(actor->role, "admin") == 0 ||
               (strcmp(actor->role, "supervisor") == 0 && team[0] && strcmp(team, actor->team) == 0);
    if (!may) {
        snprintf(err, errlen, "%s %s may not set %s's target: only a supervisor of %s%s or an admin may",
                 actor->role, actor->login, login, team[0] ? "team " : "their team", team);
        return 0;
    }
    const struct currency *c = currency_find(cur);
    if (!c) {
        snprintf(err, errlen, "\"%s\" is not a currency dun knows (e.g. JPY, USD)", cur);
        return 0;
    }
    int64_t minor;
    char why[200];
    if (!money_parse(amount_text, c, 0, &minor, why, sizeof why)) {
        snprintf(err, errlen, "the target \"%s\": %s", amount_text, why);
        return 0;
    }
    char amount[24];
    snprintf(amount, sizeof amount, "%lld", (long long)minor);
    const char *u[] = {id, amount, cur};
    if (!db_exec(db, "UPDATE dun.agents SET monthly_target_minor = $2, target_currency = $3 WHERE id = $1", 3, u,
                 err, errlen))
        return -1;
    *minor_out = minor;
    copy(cur_out, 4, cur);
    return 1;
}

bool store_team_names(struct db *db, char (**names)[128], size_t *n, char *err, size_t errlen)
{
    *names = NULL;
    *n = 0;
    PGresult *r = db_query(db, "SELECT name FROM dun.teams ORDER BY name", 0, NULL, err, errlen);
    if (!r)
        return false;
    size_t k = (size_t)PQntuples(r);
    *names = k ? calloc(k, sizeof **names) : NULL;
    if (k && !*names) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (size_t i = 0; i < k; i++)
        snprintf((*names)[i], sizeof (*names)[i], "%s", PQgetvalue(r, (int)i, 0));
    *n = k;
    PQclear(r);
    return true;
}
