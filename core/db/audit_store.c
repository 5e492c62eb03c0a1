#include "core/db/audit_store.h"

#include <stdio.h>

#include "core/db/db.h"

bool audit_export(struct db *db, int64_t agent_id, const char *what, long long rows, char *err, size_t errlen)
{
    char ag[32], n[32];
    snprintf(ag, sizeof ag, "%lld", (long long)agent_id);
    snprintf(n, sizeof n, "%lld", rows);
    const char *p[] = {agent_id > 0 ? ag : NULL, what, n};
    return db_exec(db, "INSERT INTO dun.audit (agent_id, action, detail, row_count) VALUES ($1, 'export', $2, $3)",
                   3, p, err, errlen);
}
