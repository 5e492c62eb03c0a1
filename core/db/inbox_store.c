#include "core/db/inbox_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

bool store_inbox_load(struct db *db, int64_t agent_id, size_t limit, struct inbox_item **out, size_t *n,
                      char *err, size_t errlen)
{
    char agent[32], lim[32];
    snprintf(agent, sizeof agent, "%lld", (long long)agent_id);
    snprintf(lim, sizeof lim, "%zu", limit);
    const char *p[] = {agent, lim};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db,
        "SELECT a.ref, a.debtor_name, i.channel, i.sender, i.body, extract(epoch FROM i.received_at)::bigint,"
        "       i.opt_out, i.read_at IS NULL"
        "  FROM dun.inbound i JOIN dun.accounts a ON a.id = i.account_id"
        " WHERE a.assigned_agent_id = $1 ORDER BY i.received_at DESC, i.id DESC LIMIT $2", 2, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    struct inbox_item *items = calloc(rows > 0 ? (size_t)rows : 1, sizeof *items);
    if (!items) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++) {
        struct inbox_item *it = &items[i];
        copy(it->ref, sizeof it->ref, PQgetvalue(r, i, 0));
        copy(it->name, sizeof it->name, PQgetvalue(r, i, 1));
        copy(it->channel, sizeof it->channel, PQgetvalue(r, i, 2));
        copy(it->sender, sizeof it->sender, PQgetvalue(r, i, 3));
        copy(it->body, sizeof it->body, PQgetvalue(r, i, 4));
        it->at = strtoll(PQgetvalue(r, i, 5), NULL, 10);
        it->opt_out = PQgetvalue(r, i, 6)[0] == 't';
        it->unread = PQgetvalue(r, i, 7)[0] == 't';
    }
    PQclear(r);
    *out = items;
    *n = (size_t)rows;
    return true;
}

int store_latest_reply(struct db *db, int64_t agent_id, int64_t account_id, char *ref, size_t refn, char *text,
                       size_t textn, char *err, size_t errlen)
{
    char id[32], agent[32];
    snprintf(id, sizeof id, "%lld", (long long)account_id);
    snprintf(agent, sizeof agent, "%lld", (long long)agent_id);
    const char *p[] = {id, agent};
    PGresult *r = db_query(db,
        "SELECT a.ref, left(i.body, 60) FROM dun.inbound i JOIN dun.accounts a ON a.id = i.account_id"
        " WHERE i.account_id = $1 AND a.assigned_agent_id = $2 ORDER BY i.received_at DESC, i.id DESC LIMIT 1",
        2, p, err, errlen);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        copy(ref, refn, PQgetvalue(r, 0, 0));
        copy(text, textn, PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return found;
}
