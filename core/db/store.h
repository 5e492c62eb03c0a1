/* Store queries used by the screens and commands: agents and the queue. */
#ifndef DUN_DB_STORE_H
#define DUN_DB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/queue.h"

struct db;

struct agent {
    int64_t id;
    char login[65];
    char display_name[128];
    char role[16];      ///< agent, supervisor, admin
    char team[128];     ///< team name, "" when none
    char time_zone[64]; ///< the agent's own zone, for showing times beside the debtor's
};

/** Find an active agent by login. Returns 1 found, 0 not found, -1 store error (err). */
int store_agent_find(struct db *db, const char *login, struct agent *a, char *err, size_t errlen);
/** The login matching the database role (current_user), for a default identity. */
bool store_current_user(struct db *db, char *out, size_t n, char *err, size_t errlen);

/**
 * The active accounts assigned to the agent, unsorted, as of `now` (contacts
 * after `now` are ignored so DUN_NOW replays a moment). *rows is allocated;
 * the caller frees it. limit 0 = no limit is applied here (sorting happens
 * in core, after which callers cut).
 */
bool store_queue_load(struct db *db, int64_t agent_id, dun_time now, struct queue_row **rows,
                      size_t *n, char *err, size_t errlen);

#endif
