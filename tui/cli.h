/* Subcommands: `dun migrate`, `dun import ...`, `dun queue ...`, ... They
 * never need a terminal. Each returns the process exit code:
 * 0 success, 1 rejected input (e.g. bad rows), 2 usage or setup error. */
#ifndef DUN_TUI_CLI_H
#define DUN_TUI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"

struct db;
struct zone_cache;

/** Options common to every command, parsed before the command name. */
struct cli {
    const char *db_flag; ///< --db CONNINFO, or NULL
    const char *agent;   ///< --agent LOGIN, or NULL
    dun_time now;        ///< DUN_NOW when set, else the real clock
    bool listen;         ///< cli_open_db's session LISTENs on "dun" (the workstation)
};

/**
 * A command's usage: the one place its text lives, beside the command's
 * parser. `dun CMD --help` prints it on stdout (exit 0), a usage error on
 * stderr (exit 2), and `dun --help` lists every synopsis and summary.
 */
struct cli_usage {
    const char *synopsis; ///< after "dun ": "queue [--agent LOGIN] [--limit N] [--json] [--explain]"
    const char *summary;  ///< what the command does: one sentence, one line
    const char *details;  ///< more lines ("  --json  ...\n"), or NULL
};

/** "usage: dun SYNOPSIS", the summary and the details. */
void cli_usage_print(FILE *out, const struct cli_usage *u);
/** The usage on stderr; returns 2, the exit status of a usage error. */
int cli_usage_error(const struct cli_usage *u);
/** What is wrong first ("dun: --channel takes sms or email, not fax"), then
 *  the usage, on stderr; returns 2. */
int cli_usage_errorf(const struct cli_usage *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * The usage error for argv[i], an argument the command's parser did not
 * take, named first: "--limit needs a value" (an option the synopsis gives
 * a value, with none after it), "unknown option --bogus" (one the synopsis
 * does not name), "unexpected argument "x"" (a word too many). Returns 2.
 */
int cli_bad_argument(const struct cli_usage *u, int argc, char **argv, int i);

extern const struct cli_usage usage_migrate, usage_db, usage_import, usage_templates, usage_demo_data, usage_queue,
    usage_serve, usage_send, usage_contact_check, usage_settle, usage_reorder, usage_log_contact, usage_metrics, usage_agent, usage_team, usage_remind;
/* the thank-you log (tui/cmd_thanks.c) */
extern const struct cli_usage usage_thanks, usage_thank;

/** dun.conf may be used: readable (or absent), and no secret in it that
 *  others can read (config_load). Prints why not and returns false: the
 *  caller exits 2. Every command checks it before anything else. */
bool cli_config_ok(void);

/** Connect (starting the embedded cluster when that is the target). With
 *  need_schema, also checks the schema is current (the embedded cluster is
 *  migrated automatically). On the embedded cluster, --agent LOGIN connects
 *  as that agent's own login role. Prints the reason and returns NULL on
 *  failure. */
struct db *cli_open_db(const struct cli *cli, bool need_schema);
/** The configured target as resolved, whatever --agent says: on the embedded
 *  cluster, its owner (the system). Caller owns it; NULL with err. */
struct db *cli_open_system_db(const struct cli *cli, char *err, size_t errlen);

/** "dun: " + message on stderr. Like cli_printf, every argument is data:
 *  its terminal controls are written visibly (\x1b), never raw. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Every command's text output goes through these: the format as written,
 *  each %s and %c argument with its terminal controls (C0, C1, DEL, bytes
 *  that are not UTF-8, bidirectional overrides) written visibly as \x1b or
 *  \u202e (sb_vprintf_visible), so a name or ref from data cannot drive the
 *  operator's terminal. */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_db(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_demo_data(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_contact_check(struct cli *cli, int argc, char **argv);
int cmd_log_contact(struct cli *cli, int argc, char **argv);
int cmd_settle(struct cli *cli, int argc, char **argv);
int cmd_reorder(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_send(struct cli *cli, int argc, char **argv);
int cmd_remind(struct cli *cli, int argc, char **argv);
int cmd_templates(struct cli *cli, int argc, char **argv);
int cmd_metrics(struct cli *cli, int argc, char **argv);
/** dun metrics --reminders (tui/cmd_metrics_reminders.c): 0 printed, 2 store error. */
int metrics_reminders(struct cli *cli, struct db *db, struct zone_cache *zones, bool json);
int cmd_agent(struct cli *cli, int argc, char **argv);
int cmd_team(struct cli *cli, int argc, char **argv);
int cmd_tui(struct cli *cli, int argc, char **argv);
int cmd_thanks(struct cli *cli, int argc, char **argv);
int cmd_thank(struct cli *cli, int argc, char **argv);

struct agent;
/** The agent named by --agent, else the one whose login is the database
 *  role. Prints why and returns false when there is none. */
bool cli_resolve_agent(const struct cli *cli, struct db *db, struct agent *a);
/** May agent a (given with --agent) act on account ref? store_agent_may_act;
 *  when not, prints why and `nothing` ("nothing recorded") and returns
 *  false: the caller exits 2. */
/** Record a bulk export of personal data in dun.audit before it is written
 *  out (who: the agent and the database role; what; how many rows). False,
 *  with the error printed, when it cannot be recorded: export nothing. */
bool cli_audit_export(struct db *db, const struct agent *a, const char *what, long long rows);
bool cli_agent_may_act(struct db *db, const struct agent *a, const char *ref, const char *nothing);
/** Who a write on account ref is recorded under: the agent --agent names, or
 *  the session's own agent when it connects as one (an agent never writes
 *  as the system); 1 with *a filled once they may act on ref (an account in
 *  their team's pool is taken into their book), 0 the system (no --agent, a
 *  role that acts for others), -1 refused or failed, said on stderr. */
int cli_acting_agent(const struct cli *cli, struct db *db, const char *ref, const char *nothing, struct agent *a);

#endif
