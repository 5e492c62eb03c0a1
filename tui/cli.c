#include "tui/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/db/audit_store.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/safetext.h"
#include "core/strbuf.h"

/* The one way commands write text: the format as written, its arguments
 * (refs, names, file names, the user's own arguments, errors quoting
 * values) with terminal controls made visible (core/safetext.h). */
static void vout(FILE *f, const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
    struct strbuf sb = {0};
    sb_puts(&sb, prefix);
    sb_vprintf_visible(&sb, fmt, ap);
    sb_puts(&sb, suffix);
    fputs(sb_cstr(&sb), f);
    sb_free(&sb);
}

void cli_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(f, "", fmt, ap, "");
    va_end(ap);
}

void cli_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(stdout, "", fmt, ap, "");
    va_end(ap);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(stderr, "dun: ", fmt, ap, "\n");
    va_end(ap);
}

void cli_usage_print(FILE *out, const struct cli_usage *u)
{
    fprintf(out, "usage: dun %s\n%s\n%s", u->synopsis, u->summary, u->details ? u->details : "");
}

int cli_usage_error(const struct cli_usage *u)
{
    cli_usage_print(stderr, u);
    return 2;
}

int cli_usage_errorf(const struct cli_usage *u, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vout(stderr, "dun: ", fmt, ap, "\n");
    va_end(ap);
    return cli_usage_error(u);
}

/* Does the synopsis name option opt ("[--limit N]", "--channel C", "[--json]"),
 * and does a value follow it there? */
static bool synopsis_names(const char *synopsis, const char *opt, bool *takes_value)
{
    size_t len = strlen(opt);
    for (const char *p = strstr(synopsis, opt); len > 2 && p; p = strstr(p + 1, opt)) {
        char after = p[len];
        if ((p != synopsis && p[-1] != ' ' && p[-1] != '[') || (after != ' ' && after != ']' && after != '\0'))
            continue;
        *takes_value = after == ' ' && p[len + 1] != '[' && p[len + 1] != '-' && p[len + 1] != '\0';
        return true;
    }
    return false;
}

int cli_bad_argument(const struct cli_usage *u, int argc, char **argv, int i)
{
    const char *a = argv[i];
    bool takes_value = false;
    if (a[0] != '-' || !a[1])
        return cli_usage_errorf(u, "unexpected argument \"%s\"", a);
    if (!synopsis_names(u->synopsis, a, &takes_value))
        return cli_usage_errorf(u, "unknown option %s", a);
    if (takes_value && i + 1 >= argc)
        return cli_usage_errorf(u, "%s needs a value", a);
    return cli_usage_errorf(u, "%s is not taken there", a);
}

bool cli_config_ok(void)
{
    char path[1024], err[1500];
    bool missing;
    if (!config_path("dun.conf", path, sizeof path))
        return true;
    struct config *c = config_load(path, NULL, NULL, &missing, err, sizeof err);
    if (!c && !missing) {
        cli_error("%s", err);
        return false;
    }
    config_free(&c);
    return true;
}

/* The embedded cluster, migrated by its owner, opened again as the agent's own
 * login role: the demo's agent works under row-level security like any
 * agent on the floor. */
static bool embedded_reopen_as_agent(struct db **db, const char *login)
{
    char err[2048];
    struct db_target t = (*db)->target;
    const char *p[] = {login};
    PGresult *r = NULL;
    bool ok = embedded_as_agent(&t, login, err, sizeof err) &&
              (r = db_query(*db, "SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin", 1, p, err, sizeof err));
    if (r && PQntuples(r) == 0) {
        snprintf(err, sizeof err,
                 "no agent login \"%s\" in the embedded cluster (dun demo-data creates the demo's agents;"
                 " dun agent add creates others)", login);
        ok = false;
    }
    PQclear(r);
    db_close(db);
    if (ok)
        *db = db_connect(&t, false, err, sizeof err);
    if (!ok || !*db) {
        cli_error("%s", err);
        return false;
    }
    return true;
}

struct db *cli_open_system_db(const struct cli *cli, char *err, size_t errlen)
{
    struct db_target t;
    return db_resolve(cli->db_flag, &t, err, errlen) ? db_connect(&t, false, err, errlen) : NULL;
}

struct db *cli_open_db(const struct cli *cli, bool need_schema)
{
    struct db_target t;
    char err[2048];
    if (!db_resolve(cli->db_flag, &t, err, sizeof err)) {
        cli_error("%s", err);
        return NULL;
    }
    t.listen = cli->listen;
    struct db *db = db_connect(&t, true, err, sizeof err);
    if (!db) {
        cli_error("%s", err);
        return NULL;
    }
    if (t.embedded && db_migrate(db, NULL, err, sizeof err) < 0) {
        cli_error("migrating the embedded database failed: %s", err);
        db_close(&db);
        return NULL;
    }
    if (t.embedded && cli->agent && !embedded_reopen_as_agent(&db, cli->agent))
        return NULL;
    if (need_schema && db_schema_check(db, err, sizeof err) < 0) {
        cli_error("%s", err);
        db_close(&db);
        return NULL;
    }
    return db;
}

const struct cli_usage usage_migrate = {
    "migrate", "Apply the pending schema migrations (idempotent, safe to run concurrently).", NULL};

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_bad_argument(&usage_migrate, argc, argv, 1);
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return 2;
    char err[1024];
    int n = db_migrate(db, stdout, err, sizeof err);
    db_close(&db);
    if (n < 0) {
        cli_error("%s", err);
        return 2;
    }
    if (n == 0)
        cli_printf("schema is up to date\n");
    else
        cli_printf("applied %d migration(s)\n", n);
    return 0;
}

const struct cli_usage usage_db = {
    "db status|start|stop", "Manage the embedded cluster (dun's own PostgreSQL, used when no database is configured).",
    "  status   exits 0 running, 3 stopped, 4 not created\n"};

int cmd_db(struct cli *cli, int argc, char **argv)
{
    (void)cli;
    struct embedded e;
    char err[1024];
    if (argc < 2)
        return cli_usage_errorf(&usage_db, "say status, start or stop");
    if (argv[1][0] == '-' || argc > 2)
        return cli_bad_argument(&usage_db, argc, argv, argv[1][0] == '-' ? 1 : 2);
    if (strcmp(argv[1], "status") && strcmp(argv[1], "start") && strcmp(argv[1], "stop"))
        return cli_usage_errorf(&usage_db, "db takes status, start or stop, not \"%s\"", argv[1]);
    if (!embedded_paths(&e, err, sizeof err)) {
        cli_error("%s", err);
        return 2;
    }
    if (strcmp(argv[1], "start") == 0) {
        if (!embedded_start(&e, stdout, err, sizeof err)) {
            cli_error("%s", err);
            return 2;
        }
        struct db_target t = {.embedded = true};
        embedded_conninfo(&e, NULL, t.conninfo, sizeof t.conninfo);
        snprintf(t.source, sizeof t.source, "the embedded cluster");
        struct db *db = db_connect(&t, false, err, sizeof err);
        if (!db || db_migrate(db, NULL, err, sizeof err) < 0) {
            cli_error("%s", err);
            db_close(&db);
            return 2;
        }
        db_close(&db);
        cli_printf("running: %s\n", e.data);
        return 0;
    }
    if (strcmp(argv[1], "stop") == 0) {
        if (!embedded_stop(&e, err, sizeof err)) {
            cli_error("%s", err);
            return 2;
        }
        cli_printf("stopped: %s\n", e.data);
        return 0;
    }
    int st = embedded_status(&e);
    char conninfo[700];
    embedded_conninfo(&e, NULL, conninfo, sizeof conninfo);
    cli_printf("embedded cluster: %s\n", st == 0 ? "running" : st == 3 ? "stopped" : "not created");
    cli_printf("data directory:   %s\nlog:              %s\nconninfo:         %s\n", e.data, e.log, conninfo);
    return st;
}

bool cli_resolve_agent(const struct cli *cli, struct db *db, struct agent *a)
{
    char role[128], err[512];
    bool for_others;
    int found = store_session_agent(db, cli->agent, role, sizeof role, &for_others, a, err, sizeof err);
    if (found < 0) {
        cli_error("%s", err);
        return false;
    }
    /* Identity comes from the database: a flag names someone else only for
     * a role allowed to act for others. */
    if (cli->agent && !for_others && strcmp(cli->agent, role) != 0) {
        cli_error("--agent %s: you are connected to the database as %s, who may act only as themselves"
                  " (only an admin or the system role may act for another agent)", cli->agent, role);
        return false;
    }
    a->session_sees_all = for_others;
    if (found == 0) {
        if (cli->agent)
            cli_error("no active agent with login \"%s\" (agents are created by dun demo-data or an admin)",
                      cli->agent);
        else
            cli_error("the database role \"%s\" is not an agent login; say who you are with --agent LOGIN", role);
        return false;
    }
    return true;
}

bool cli_agent_may_act(struct db *db, const struct agent *a, const char *ref, const char *nothing)
{
    char why[600], err[512];
    int may = store_agent_may_act(db, a, ref, why, sizeof why, err, sizeof err);
    if (may < 0)
        cli_error("%s", err);
    else if (may == 0)
        cli_error("%s; %s", why, nothing);
    return may == 1;
}

int cli_acting_agent(const struct cli *cli, struct db *db, const char *ref, const char *nothing, struct agent *a)
{
    char role[128], err[512];
    bool for_others;
    if (!cli->agent) { /* the system writes unless the session is an agent's own role */
        if (!store_current_user(db, role, sizeof role, &for_others, err, sizeof err)) {
            cli_error("%s", err);
            return -1;
        }
        if (for_others)
            return 0;
    }
    if (!cli_resolve_agent(cli, db, a) || !cli_agent_may_act(db, a, ref, nothing))
        return -1;
    if (store_pool_take(db, a->id, ref, cli->now, err, sizeof err) < 0) { /* the work makes a pool account theirs */
        cli_error("could not take %s from the team's pool: %s; %s", ref, err, nothing);
        return -1;
    }
    return 1;
}

bool cli_audit_export(struct db *db, const struct agent *a, const char *what, long long rows)
{
    char detail[300], err[512];
    snprintf(detail, sizeof detail, "%s for %s", what, a ? a->login : "nobody");
    if (audit_export(db, a ? a->id : 0, detail, rows, err, sizeof err))
        return true;
    cli_error("not exported: the export could not be recorded in the audit log (%s)", err);
    return false;
}
