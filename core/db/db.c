#include "core/db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/fmt.h"

static void first_line(const char *msg, char *out, size_t n)
{
    size_t len = strcspn(msg ? msg : "", "\n");
    if (len >= n)
        len = n - 1;
    memcpy(out, msg ? msg : "", len);
    out[len] = '\0';
}

/* "primary message (detail)" without libpq's "ERROR:  " prefix; the
 * primary message alone on a connection that wants no detail. */
static void result_error(const PGresult *r, struct db *db, char *err, size_t errlen)
{
    PGconn *conn = db->conn;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "");
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = r && !db->no_detail ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
    char line[600];
    if (!primary) {
        first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn), line, sizeof line);
        if (!line[0])
            first_line(PQerrorMessage(conn), line, sizeof line);
        snprintf(err, errlen, "%s", line);
    } else if (detail) {
        snprintf(err, errlen, "%s (%s)", primary, detail);
    } else {
        snprintf(err, errlen, "%s", primary);
    }
}

void db_error(struct db *db, const char *what, char *err, size_t errlen)
{
    char line[400];
    first_line(db && db->conn ? PQerrorMessage(db->conn) : "no connection", line, sizeof line);
    snprintf(err, errlen, "%s: %s", what, line);
}

static bool pg_env_set(void)
{
    static const char *vars[] = {"PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE",
                                 "PGUSER", "PGSERVICE", "PGSERVICEFILE", NULL};
    for (const char **v = vars; *v; v++) {
        const char *s = getenv(*v);
        if (s && *s)
            return true;
    }
    return false;
}

static void warn_stderr(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "dun: %s\n", msg);
}

bool db_resolve(const char *flag_db, struct db_target *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    const char *url = getenv("DUN_DATABASE_URL");
    if (flag_db) {
        snprintf(t->conninfo, sizeof t->conninfo, "%s", flag_db);
        snprintf(t->source, sizeof t->source, "--db");
        return true;
    }
    if (url && *url) {
        snprintf(t->conninfo, sizeof t->conninfo, "%s", url);
        snprintf(t->source, sizeof t->source, "DUN_DATABASE_URL");
        return true;
    }
    if (pg_env_set()) {
        snprintf(t->source, sizeof t->source, "libpq's PG* environment variables");
        return true;
    }
    char path[1024];
    bool missing;
    if (config_path("dun.conf", path, sizeof path)) {
        struct config *c = config_load(path, warn_stderr, NULL, &missing, err, errlen);
        if (!c && !missing)
            return false;
        const char *db = config_get(c, "database");
        if (db && *db) {
            snprintf(t->conninfo, sizeof t->conninfo, "%s", db);
            snprintf(t->source, sizeof t->source, "database = in %s", path);
        }
        config_free(&c);
        if (t->source[0])
            return true;
    }
    struct embedded e;
    if (!embedded_paths(&e, err, errlen))
        return false;
    embedded_conninfo(&e, NULL, t->conninfo, sizeof t->conninfo);
    snprintf(t->source, sizeof t->source, "the embedded cluster in %s", e.data);
    t->embedded = true;
    return true;
}

/* Describe the target without its password, for messages. */
static void describe(PGconn *conn, char *out, size_t n)
{
    const char *host = PQhost(conn), *port = PQport(conn), *dbn = PQdb(conn), *user = PQuser(conn);
    snprintf(out, n, "host=%s port=%s dbname=%s user=%s", host && *host ? host : "(default)",
             port && *port ? port : "(default)", dbn ? dbn : "?", user ? user : "?");
}

/* Server notices would be written to stderr, which is the user's screen
 * while the TUI runs: drop them. Warnings still arrive as errors. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static void session_setup(PGconn *conn, bool listen)
{
    PQsetNoticeProcessor(conn, ignore_notice, NULL);
    /* jit off: dun's queries are many short ones and a few scans over an
     * agent's accounts, whose high cost estimates made PostgreSQL spend more
     * time compiling them (~0.3 s for the queue) than running them. */
    /* Constant SQL, one round trip (PQexec takes several statements). */
    PQclear(PQexec(conn, listen ? "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
                                  " SET client_min_messages = warning; SET jit = off; LISTEN dun"
                                : "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
                                  " SET client_min_messages = warning; SET jit = off"));
}

/* A new libpq connection to the target (the caller checks its status). */
static PGconn *open_conn(const struct db_target *t)
{
    char conninfo[1100];
    /* A dead server must not hang the terminal: default a short timeout. */
    bool uri = strncmp(t->conninfo, "postgres", 8) == 0;
    if (!uri && !strstr(t->conninfo, "connect_timeout") && !getenv("PGCONNECT_TIMEOUT"))
        snprintf(conninfo, sizeof conninfo, "connect_timeout=5 %s", t->conninfo);
    else
        snprintf(conninfo, sizeof conninfo, "%s", t->conninfo);
    return PQconnectdb(conninfo);
}

struct db *db_connect(const struct db_target *t, bool start_embedded, char *err, size_t errlen)
{
    if (t->embedded && start_embedded) {
        struct embedded e;
        char why[600];
        if (!embedded_paths(&e, why, sizeof why) || !embedded_start(&e, NULL, why, sizeof why)) {
            snprintf(err, errlen,
                     "cannot start the embedded database\n  %s\n"
                     "  or point dun at a server: --db CONNINFO, DUN_DATABASE_URL, PG* variables,\n"
                     "  or \"database = ...\" in ~/.config/dun/dun.conf",
                     why);
            return NULL;
        }
    }
    struct db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    db->target = *t;
    db->conn = open_conn(t);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
        char said[600] = "out of memory", where[400] = "";
        if (db->conn) {
            first_line(PQerrorMessage(db->conn), said, sizeof said);
            describe(db->conn, where, sizeof where);
        }
        snprintf(err, errlen,
                 "cannot connect to the database\n"
                 "  tried:  %s (from %s)\n"
                 "  libpq:  %s\n"
                 "  configure it with --db CONNINFO, DUN_DATABASE_URL, libpq's PG* variables\n"
                 "  or \"database = ...\" in ~/.config/dun/dun.conf; with none of them set,\n"
                 "  dun runs its own embedded cluster.",
                 where, t->source, said);
        db_close(&db);
        return NULL;
    }
    session_setup(db->conn, db->target.listen);
    return db;
}

void db_close(struct db **dbp)
{
    struct db *db = *dbp;
    if (!db)
        return;
    if (db->conn)
        PQfinish(db->conn);
    free(db);
    *dbp = NULL;
}

bool db_alive(struct db *db)
{
    return db && db->conn && PQstatus(db->conn) == CONNECTION_OK;
}

bool db_reconnect(struct db *db)
{
    if (!db || !db->conn)
        return false;
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK)
        return false;
    session_setup(db->conn, db->target.listen);
    return PQstatus(db->conn) == CONNECTION_OK; /* the server may have gone again meanwhile */
}

PGresult *db_query(struct db *db, const char *sql, int nparams, const char *const *params,
                   char *err, size_t errlen)
{
    PGresult *r = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        result_error(r, db, err, errlen);
        PQclear(r);
        return NULL;
    }
    return r;
}

bool db_query_each(struct db *db, const char *sql, int nparams, const char *const *params,
                   bool (*each)(const PGresult *r, int row, void *ctx), void *ctx, char *err, size_t errlen)
{
    if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0)) {
        result_error(NULL, db, err, errlen);
        return false;
    }
    /* Refused only when the query is not the connection's one pending: the
     * rows then come whole, and are handed over the same way. */
    PQsetSingleRowMode(db->conn);
    bool ok = true, stopped = false;
    PGresult *r;
    while ((r = PQgetResult(db->conn))) { /* to the end: the connection is ready for the next query */
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
            for (int i = 0; ok && !stopped && i < PQntuples(r); i++)
                stopped = !each(r, i, ctx);
        } else if (ok) {
            result_error(r, db, err, errlen);
            ok = false;
        }
        PQclear(r);
    }
    return ok && !stopped;
}

bool db_refused_with(const struct db *db, const char *sqlstate)
{
    return strcmp(db->sqlstate, sqlstate) == 0;
}

bool db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
             char *err, size_t errlen)
{
    PGresult *r = db_query(db, sql, nparams, params, err, errlen);
    PQclear(r);
    return r != NULL;
}

char *db_id_array_of(const void *items, size_t n, int64_t (*id)(const void *items, size_t i))
{
    size_t cap = n * 21 + 3;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t pos = 0;
    s[pos++] = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            s[pos++] = ',';
        pos += fmt_put_int64(s + pos, id(items, i));
    }
    s[pos++] = '}';
    s[pos] = '\0';
    return s;
}

static int64_t plain_id(const void *items, size_t i) { return ((const int64_t *)items)[i]; }

char *db_id_array(const int64_t *ids, size_t n) { return db_id_array_of(ids, n, plain_id); }

char *db_text_array(const char *const *items, size_t n)
{
    size_t cap = 3;
    for (size_t i = 0; i < n; i++)
        cap += items[i] ? 2 * strlen(items[i]) + 3 : 5;
    char *s = malloc(cap), *w = s;
    if (!s)
        return NULL;
    *w++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *w++ = ',';
        if (!items[i]) {
            memcpy(w, "NULL", 4);
            w += 4;
            continue;
        }
        *w++ = '"';
        for (const char *c = items[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *w++ = '\\';
            *w++ = *c;
        }
        *w++ = '"';
    }
    *w++ = '}';
    *w = '\0';
    return s;
}

bool db_notify(struct db *db, const char *what, int64_t account_id, char *err, size_t errlen)
{
    char payload[64];
    snprintf(payload, sizeof payload, "%s:%lld", what, (long long)account_id);
    const char *p[] = {payload};
    return db_exec(db, "SELECT pg_notify('dun', $1)", 1, p, err, errlen);
}

/* After COMMIT's answer was lost with the connection: ask the server, on a
 * connection of our own, what became of transaction xid. The caller's
 * connection is left broken: its owner reconnects it and restores whatever
 * its session held (LISTEN, advisory locks). */
static bool commit_fate(const struct db *db, const char *xid, char *err, size_t errlen)
{
    char lost[300];
    snprintf(lost, sizeof lost, "%s", err);
    PGconn *conn = open_conn(&db->target);
    const char *p[] = {xid};
    PGresult *r = PQstatus(conn) == CONNECTION_OK
                      ? PQexecParams(conn, "SELECT pg_xact_status($1::xid8)", 1, NULL, p, NULL, NULL, 0)
                      : NULL;
    const char *fate = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)
                           ? PQgetvalue(r, 0, 0)
                           : "unknown";
    bool committed = strcmp(fate, "committed") == 0;
    if (!committed)
        snprintf(err, errlen, "%s; at COMMIT, so the transaction %s", lost,
                 strcmp(fate, "aborted") == 0 ? "was rolled back" : "may or may not have committed");
    PQclear(r);
    PQfinish(conn);
    return committed;
}

bool db_commit(struct db *db, char *err, size_t errlen)
{
    PGresult *r = db_query(db, "SELECT pg_current_xact_id_if_assigned()", 0, NULL, err, errlen);
    if (!r)
        return false;
    char xid[32] = ""; /* "": nothing written, nothing to lose */
    if (!PQgetisnull(r, 0, 0))
        snprintf(xid, sizeof xid, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (db_exec(db, "COMMIT", 0, NULL, err, errlen))
        return true;
    /* With the connection up, the server answered: it refused. */
    return xid[0] && !db_alive(db) && commit_fate(db, xid, err, errlen);
}

bool db_copy_begin(struct db *db, const char *sql, char *err, size_t errlen)
{
    PGresult *r = PQexecParams(db->conn, sql, 0, NULL, NULL, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
        result_error(r, db, err, errlen);
        PQclear(r);
        return false;
    }
    PQclear(r);
    return true;
}

bool db_copy_put(struct db *db, const char *data, size_t len, char *err, size_t errlen)
{
    const size_t chunk = 1 << 16;
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        if (PQputCopyData(db->conn, data + off, (int)n) != 1) {
            db_error(db, "COPY", err, errlen);
            return false;
        }
    }
    return true;
}

bool db_copy_end(struct db *db, bool ok, char *err, size_t errlen)
{
    PGresult *r;
    if (PQputCopyEnd(db->conn, ok ? NULL : "dun could not send the data") != 1 && ok) {
        db_error(db, "COPY", err, errlen);
        ok = false;
    }
    while ((r = PQgetResult(db->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && ok) {
            result_error(r, db, err, errlen);
            ok = false;
        }
        PQclear(r);
    }
    return ok;
}

bool db_copy_in(struct db *db, const char *sql, const char *data, size_t len,
                char *err, size_t errlen)
{
    if (!db_copy_begin(db, sql, err, errlen))
        return false;
    /* Always end the COPY, so the connection can still roll back. */
    bool ok = db_copy_put(db, data, len, err, errlen);
    return db_copy_end(db, ok, err, errlen);
}
