/* The store: the only code that speaks libpq.
 *
 * Every query goes through PQexecParams (or COPY for bulk loads); the one
 * exception is the embedded migration files, which are multi-statement SQL
 * shipped inside the binary and run with PQexec.
 */
#ifndef DUN_DB_H
#define DUN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

/** Where the connection settings came from, resolved once at start. */
struct db_target {
    char conninfo[1024]; ///< libpq conninfo or URI ("" = libpq's PG* defaults)
    char source[256];    ///< human description: "--db", "DUN_DATABASE_URL", ...
    bool embedded;       ///< the private cluster under the data directory
    bool listen;         ///< the session LISTENs on "dun" from its setup, and again after a reconnect
};

struct db {
    PGconn *conn;
    struct db_target target;
    /** Errors leave out PostgreSQL's DETAIL, which can quote the row refused
     *  ("Failing row contains (..., +8190..., the message ...)"): set on a
     *  connection whose errors go to a log (dun serve). */
    bool no_detail;
    char sqlstate[6];    ///< the SQLSTATE of the last error db_query reported ("" when none was given)
};

/**
 * Resolve the settings: --db CONNINFO, then DUN_DATABASE_URL, then libpq's
 * PG* variables (PGHOST, PGDATABASE, PGSERVICE, ...), then "database = ..."
 * in dun.conf, else the embedded cluster. False with a sentence in err when
 * the config file cannot be read.
 */
bool db_resolve(const char *flag_db, struct db_target *t, char *err, size_t errlen);

/**
 * Connect (starting the embedded cluster first when that is the target and
 * start_embedded is set). NULL with a multi-line explanation in err: what was
 * tried, what libpq said, how to configure it.
 */
struct db *db_connect(const struct db_target *t, bool start_embedded, char *err, size_t errlen);
/** Close and free; sets *db to NULL. */
void db_close(struct db **db);

/** True while the connection is up. */
bool db_alive(struct db *db);
/** Try once to reconnect a lost connection. True when up again. */
bool db_reconnect(struct db *db);

/** Apply pending migrations under an advisory lock. Returns the number
 *  applied (0 when up to date), -1 with err on failure. Progress to log. */
int db_migrate(struct db *db, FILE *log, char *err, size_t errlen);
/** 0 when the schema is current; -1 with a sentence saying what to run. */
int db_schema_check(struct db *db, char *err, size_t errlen);

/** Run one parameterised command; false with libpq's message in err. */
bool db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
             char *err, size_t errlen);
/** Did the last error db_query reported carry this SQLSTATE? */
bool db_refused_with(const struct db *db, const char *sqlstate);
/** Run one parameterised query; NULL with err. Caller PQclear()s. */
PGresult *db_query(struct db *db, const char *sql, int nparams, const char *const *params,
                   char *err, size_t errlen);
/**
 * Run one parameterised query and hand each row to each(r, row, ctx) as it
 * arrives (libpq's single-row mode): the whole result is never held, so
 * memory stays one row's whatever the count. r is valid during the call
 * only. each returns false to stop (the rest is read and dropped; it says
 * why in err itself). True when every row was handed over; false with err.
 */
bool db_query_each(struct db *db, const char *sql, int nparams, const char *const *params,
                   bool (*each)(const PGresult *r, int row, void *ctx), void *ctx, char *err, size_t errlen);
/** A PostgreSQL array literal "{1,2,3}" of n ids, each id(items, i), for a
 *  $n::bigint[] parameter. The caller frees it; NULL when out of memory. */
char *db_id_array_of(const void *items, size_t n, int64_t (*id)(const void *items, size_t i));
/** db_id_array_of over a plain array of ids. */
char *db_id_array(const int64_t *ids, size_t n);
/** A PostgreSQL array literal of n strings, each quoted ("{\"a\",\"b\"}"), for
 *  a $n::text[] parameter; a NULL item is SQL NULL. The caller frees it;
 *  NULL when out of memory. */
char *db_text_array(const char *const *items, size_t n);
/** NOTIFY "dun" with "<what>:<account id>" (sent when the caller's
 *  transaction commits); open screens of that account follow it. */
bool db_notify(struct db *db, const char *what, int64_t account_id, char *err, size_t errlen);
/**
 * COMMIT the open transaction. When the connection breaks before COMMIT's
 * answer arrives, the transaction may have committed all the same: db_commit
 * then asks the server on a short connection of its own and returns true
 * when it did. db's own connection stays broken for its owner to reconnect
 * (db_alive is false). False with err when the server refused, rolled it
 * back, or cannot say. Use it where a failure is followed by running the
 * transaction again, so that a lost answer does not record it twice.
 */
bool db_commit(struct db *db, char *err, size_t errlen);
/** Send a buffer through COPY ... FROM STDIN already started by sql. */
bool db_copy_in(struct db *db, const char *sql, const char *data, size_t len,
                char *err, size_t errlen);
/** The same in parts, so the server reads while the caller makes the next
 *  part: db_copy_begin (sql is the COPY ... FROM STDIN), db_copy_put any
 *  number of times, then db_copy_end whatever happened: it ends the COPY
 *  (aborted when ok is false) so the connection can still roll back, and
 *  returns false with err when the COPY failed. */
bool db_copy_begin(struct db *db, const char *sql, char *err, size_t errlen);
bool db_copy_put(struct db *db, const char *data, size_t len, char *err, size_t errlen);
bool db_copy_end(struct db *db, bool ok, char *err, size_t errlen);

/** Copy libpq's current error, first line only, into err. */
void db_error(struct db *db, const char *what, char *err, size_t errlen);

/* --- the embedded cluster ------------------------------------------------ */

struct embedded {
    char base[512];   ///< $XDG_DATA_HOME/dun (or /var/lib/dun as root)
    char data[600];   ///< base/pg
    char socket[600]; ///< socket directory (data dir when short enough)
    char log[600];    ///< base/postgresql.log
    bool as_postgres; ///< run initdb/pg_ctl as the postgres user (we are root)
};

bool embedded_paths(struct embedded *e, char *err, size_t errlen);
/** 0 running, 3 stopped, 4 not created (pg_ctl's codes). */
int embedded_status(const struct embedded *e);
/** Create (first time), start and create the database; idempotent. */
bool embedded_start(const struct embedded *e, FILE *log, char *err, size_t errlen);
bool embedded_stop(const struct embedded *e, char *err, size_t errlen);
/** The cluster's conninfo as user (NULL: its owner, "dun", the system). */
void embedded_conninfo(const struct embedded *e, const char *user, char *out, size_t n);
/** Point t (the embedded cluster) at agent login's own role. The cluster
 *  trusts its socket, which only its OS user can reach: that user owns the
 *  demo and may open it as any of its agents, under that agent's row-level
 *  security. False with err when login cannot be a role's name. */
bool embedded_as_agent(struct db_target *t, const char *login, char *err, size_t errlen);

#endif
