/* Managing agents (issue 13, part 1; migration 031): each agent is a
 * PostgreSQL login role in dun_agent, dun_supervisor or dun_admin with its
 * row in dun.agents, made and disabled together by the database functions
 * dun.agent_add and dun.agent_disable (the system and admins only). */
#ifndef DUN_DB_AGENT_STORE_H
#define DUN_DB_AGENT_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct db;

/** Create the login role and the agent row in one transaction (a team
 *  that does not exist is created; *team_created says so). False with the
 *  database's sentence in err: nothing is created. */
bool agent_add(struct db *db, const char *login, const char *name, const char *team, const char *role,
               bool *team_created, char *err, size_t errlen);

/** Disable: the row stays (inactive, with its history), the role loses
 *  LOGIN. False with err. */
bool agent_disable(struct db *db, const char *login, char *err, size_t errlen);

struct agent_listing {
    char login[65], name[128], role[16], team[128];
    bool active, can_login; ///< can_login: the role exists and may log in
};

/** Turn team's unassigned pool on or off (migration 034; the system and
 *  admins only). *waiting: the active unassigned accounts in it. False
 *  with the database's sentence in err. */
bool team_pool_set(struct db *db, const char *team, bool on, long long *waiting, char *err, size_t errlen);

/** Every agent, by team then login. *out is the caller's to free. */
bool agent_list(struct db *db, struct agent_listing **out, size_t *n, char *err, size_t errlen);

#endif
