/* dun: the program's entry point. Global options, then a subcommand; with
 * no subcommand, the TUI. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "tui/cli.h"

static const struct command {
    const char *name;
    int (*run)(struct cli *, int, char **);
    const char *usage;
} commands[] = {
    {"migrate", cmd_migrate, "migrate                      apply database migrations"},
    {"db", cmd_db, "db status|start|stop         manage the embedded cluster"},
    {"import", cmd_import, "import accounts|contacts|payments|templates FILE.csv [--partial]"},
    {"templates", cmd_templates, "templates export [FILE.csv]   message templates as CSV, to edit and import"},
    {"demo-data", cmd_demo_data, "demo-data --accounts N [--seed S] [--if-empty] [--replace]"},
    {"queue", cmd_queue, "queue [--agent LOGIN] [--limit N] [--json] [--explain]"},
    {"serve", cmd_serve, "serve                        send messages; receive delivery reports and replies"},
    {"send", cmd_send, "send REF --channel sms|email [--template NAME] [--wait] [--undo SECONDS] [--json]"},
    {"contact-check", cmd_contact_check, "contact-check REF [--at ISO-8601] [--json]"},
    {"settle", cmd_settle, "settle [--at ISO-8601]       settle promises against payments"},
    {"log-contact", cmd_log_contact, "log-contact REF --channel C --target T --outcome O [--at TIME] [--in] [--consent]"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: dun [--db CONNINFO] [--agent LOGIN] [COMMAND ...]\n\n"
                 "With no command, opens the terminal workstation.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  dun %s\n", commands[i].usage);
    fprintf(out, "\nenvironment: DUN_DATABASE_URL, PG*, DUN_NOW (ISO 8601 clock override),\n"
                 "XDG_CONFIG_HOME (dun.conf, keys), XDG_DATA_HOME (embedded cluster).\n"
                 "See dun(1).\n");
}

/* The clock: DUN_NOW for tests and demos, else the real time. This is the
 * one place the real clock is read for commands; the TUI ticks from it. */
static bool resolve_now(dun_time *now)
{
    const char *env = getenv("DUN_NOW");
    if (env && *env) {
        if (!iso8601_parse(env, now)) {
            cli_error("DUN_NOW=\"%s\" is not an ISO 8601 time with an offset (e.g. 2026-11-22T20:59:00+09:00)", env);
            return false;
        }
        return true;
    }
    *now = (dun_time)time(NULL);
    return true;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    struct cli cli = {0};
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            cli.db_flag = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            cli.db_flag = argv[i] + 5;
        else if (strcmp(argv[i], "--agent") == 0 && i + 1 < argc)
            cli.agent = argv[++i];
        else if (strncmp(argv[i], "--agent=", 8) == 0)
            cli.agent = argv[i] + 8;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-') {
            cli_error("unknown option %s (try dun --help)", argv[i]);
            return 2;
        } else
            break;
    }
    if (!resolve_now(&cli.now))
        return 2;
    if (i == argc)
        return cmd_tui(&cli, 0, argv + i);
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (strcmp(argv[i], commands[c].name) == 0)
            return commands[c].run(&cli, argc - i, argv + i);
    if (strcmp(argv[i], "help") == 0) {
        usage(stdout);
        return 0;
    }
    cli_error("unknown command \"%s\"", argv[i]);
    usage(stderr);
    return 2;
}
