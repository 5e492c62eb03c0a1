#include "core/db/agent_store.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/db/db.h"

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src); }

static void rollback(struct db *db)
{
    char e[64];
    db_exec(db, "ROLLBACK", 0, NULL, e, sizeof e);
}

bool agent_add(struct db *db, const char *login, const char *name, const char *team, const char *role,
               bool *team_created, char *err, size_t errlen)
{
    const char *p[] = {login, name, team, role}, *t[] = {team};
    *team_created = false;
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    PGresult *r = db_query(db, "SELECT NOT EXISTS (SELECT 1 FROM dun.teams WHERE name = $1)", 1, t, err, errlen);
    if (r)
        *team_created = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (r && db_exec(db, "SELECT dun.agent_add($1, $2, $3, $4)", 4, p, err, errlen) && db_commit(db, err, errlen))
        return true;
    rollback(db);
    *team_created = false;
    return false;
}

bool agent_disable(struct db *db, const char *login, char *err, size_t errlen)
{
    const char *p[] = {login};
    return db_exec(db, "SELECT dun.agent_disable($1)", 1, p, err, errlen);
}

bool team_pool_set(struct db *db, const char *team, bool on, long long *waiting, char *err, size_t errlen)
{
    const char *p[] = {team, on ? "true" : "false"};
    PGresult *r = db_query(db, "SELECT dun.team_pool_set($1, $2)", 2, p, err, errlen);
    if (!r)
        return false;
    *waiting = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return true;
}

bool agent_list(struct db *db, struct agent_listing **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT g.login, g.display_name, g.role, coalesce(t.name, ''), g.active, coalesce(r.rolcanlogin, false)"
        "  FROM dun.agents g LEFT JOIN dun.teams t ON t.id = g.team_id LEFT JOIN pg_roles r ON r.rolname = g.login"
        " ORDER BY t.name NULLS LAST, g.login", 0, NULL, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++) {
        struct agent_listing *a = &(*out)[i];
        copy(a->login, sizeof a->login, PQgetvalue(r, i, 0));
        copy(a->name, sizeof a->name, PQgetvalue(r, i, 1));
        copy(a->role, sizeof a->role, PQgetvalue(r, i, 2));
        copy(a->team, sizeof a->team, PQgetvalue(r, i, 3));
        a->active = PQgetvalue(r, i, 4)[0] == 't';
        a->can_login = PQgetvalue(r, i, 5)[0] == 't';
    }
    *n = (size_t)rows;
    PQclear(r);
    return true;
}
