/* Versioned migrations embedded in the binary (core/db/sql/NNN_name.sql).
 * Each runs in its own transaction; an advisory lock makes concurrent runs
 * safe; a checksum catches an applied migration that was edited later. */
#include "core/strbuf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"

struct embedded_file {
    const char *name;
    const char *text;
};
extern const struct embedded_file migrations[];

enum { MIGRATE_LOCK = 0x64756e01 }; /* "dun" + 1 */

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static int migration_version(const char *name)
{
    return atoi(name);
}

static bool apply_one(struct db *db, const struct embedded_file *m, char *err, size_t errlen)
{
    char version[16], sum[32];
    snprintf(version, sizeof version, "%d", migration_version(m->name));
    snprintf(sum, sizeof sum, "%016llx", (unsigned long long)fnv1a(m->text));
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    /* Multi-statement SQL shipped in the binary: the one place PQexec is used. */
    PGresult *r = PQexec(db->conn, m->text);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "migration %s failed: %s", m->name, PQresultErrorMessage(r));
        err[strcspn(err, "\n")] = '\0';
        PQclear(r);
        char e2[64];
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
        return false;
    }
    PQclear(r);
    const char *p[] = {version, m->name, sum};
    if (!db_exec(db, "INSERT INTO dun.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                 3, p, err, errlen) ||
        !db_exec(db, "COMMIT", 0, NULL, err, errlen)) {
        char e2[64];
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
        return false;
    }
    return true;
}

int db_migrate(struct db *db, FILE *log, char *err, size_t errlen)
{
    char lock[16];
    snprintf(lock, sizeof lock, "%d", MIGRATE_LOCK);
    const char *lp[] = {lock};
    if (!db_exec(db, "SELECT pg_advisory_lock($1)", 1, lp, err, errlen))
        return -1;
    int applied = -1;
    if (!db_exec(db, "CREATE SCHEMA IF NOT EXISTS dun", 0, NULL, err, errlen) ||
        !db_exec(db,
                 "CREATE TABLE IF NOT EXISTS dun.schema_migrations ("
                 " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                 " applied_at timestamptz NOT NULL DEFAULT now())",
                 0, NULL, err, errlen))
        goto out;
    applied = 0;
    for (const struct embedded_file *m = migrations; m->name; m++) {
        char version[16];
        snprintf(version, sizeof version, "%d", migration_version(m->name));
        const char *p[] = {version};
        PGresult *r = db_query(db, "SELECT checksum FROM dun.schema_migrations WHERE version = $1",
                               1, p, err, errlen);
        if (!r) {
            applied = -1;
            goto out;
        }
        bool done = PQntuples(r) > 0;
        if (done && log) {
            char sum[32];
            snprintf(sum, sizeof sum, "%016llx", (unsigned long long)fnv1a(m->text));
            if (strcmp(sum, PQgetvalue(r, 0, 0)) != 0)
                fprintf(log, "dun: warning: migration %s was edited after it was applied; "
                             "add a new migration instead\n", m->name);
        }
        PQclear(r);
        if (done)
            continue;
        if (!apply_one(db, m, err, errlen)) {
            applied = -1;
            goto out;
        }
        if (log)
            fprintf(log, "applied %s\n", m->name);
        applied++;
    }
out:;
    char e2[128];
    db_exec(db, "SELECT pg_advisory_unlock($1)", 1, lp, e2, sizeof e2);
    return applied;
}

/* Every embedded migration must be there, not only the newest: branches
 * merged in another order can leave a gap below the highest version. */
int db_schema_check(struct db *db, char *err, size_t errlen)
{
    struct strbuf want = {0};
    int nwant = 0;
    for (const struct embedded_file *m = migrations; m->name; m++)
        sb_printf(&want, "%s%d", nwant++ ? "," : "{", migration_version(m->name));
    sb_puts(&want, "}");
    const char *p[] = {sb_cstr(&want)};
    PGresult *r = want.failed ? NULL
        : db_query(db,
                   "SELECT coalesce(max(version), 0), count(*) FILTER (WHERE version = ANY ($1::int[]))"
                   "  FROM dun.schema_migrations",
                   1, p, err, errlen);
    sb_free(&want);
    int have = r ? atoi(PQgetvalue(r, 0, 0)) : 0, count = r ? atoi(PQgetvalue(r, 0, 1)) : 0;
    PQclear(r);
    if (!r || count < nwant) {
        snprintf(err, errlen,
                 "the database has %d of this dun's %d schema migrations (up to version %d): run \"dun migrate\"",
                 count, nwant, have);
        return -1;
    }
    return 0;
}
