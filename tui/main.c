/* dun: the program's entry point. Global options, then a subcommand; with
 * no subcommand, the TUI. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "gen/version.h"
#include "tui/cli.h"

static const struct command {
    const char *name;
    int (*run)(struct cli *, int, char **);
    const struct cli_usage *usage;
} commands[] = {
    {"migrate", cmd_migrate, &usage_migrate},
    {"db", cmd_db, &usage_db},
    {"import", cmd_import, &usage_import},
    {"templates", cmd_templates, &usage_templates},
    {"demo-data", cmd_demo_data, &usage_demo_data},
    {"queue", cmd_queue, &usage_queue},
    {"serve", cmd_serve, &usage_serve},
    {"send", cmd_send, &usage_send},
    {"remind", cmd_remind, &usage_remind},
    {"contact-check", cmd_contact_check, &usage_contact_check},
    {"settle", cmd_settle, &usage_settle},
    {"reorder", cmd_reorder, &usage_reorder},
    {"log-contact", cmd_log_contact, &usage_log_contact},
    {"thanks", cmd_thanks, &usage_thanks},
    {"thank", cmd_thank, &usage_thank},
    {"metrics", cmd_metrics, &usage_metrics},
    {"agent", cmd_agent, &usage_agent},
    {"team", cmd_team, &usage_team},
};

static const struct command *find_command(const char *name)
{
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (strcmp(name, commands[c].name) == 0)
            return &commands[c];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: dun [--db CONNINFO] [--agent LOGIN] [COMMAND ...]\n"
                 "       dun COMMAND --help | dun help [COMMAND] | dun --version\n\n"
                 "With no command, opens the terminal workstation.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  dun %s\n      %s\n", commands[i].usage->synopsis, commands[i].usage->summary);
    fprintf(out, "\nenvironment: DUN_DATABASE_URL, PG*, DUN_NOW (ISO 8601 clock override),\n"
                 "XDG_CONFIG_HOME (dun.conf, keys), XDG_DATA_HOME (embedded cluster).\n"
                 "See dun(1).\n");
}

/* "dun 0.9.0 (git 1a2b3c4)"; a build without git has the number alone. */
static void version(void)
{
    printf("dun %s", DUN_VERSION);
    if (DUN_COMMIT[0])
        printf(" (git %s)", DUN_COMMIT);
    printf("\n");
}

/* --help or -h among a command's arguments: its usage instead of running it. */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

/* dun help [COMMAND] */
static int help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return 0;
    }
    const struct command *c = find_command(argv[1]);
    if (!c || argc > 2) {
        cli_error("unknown command \"%s\" (try dun --help)", argv[1]);
        return 2;
    }
    cli_usage_print(stdout, c->usage);
    return 0;
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
        } else if (strcmp(argv[i], "--version") == 0) {
            version();
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--agent") == 0) {
            cli_error("%s needs a %s", argv[i], argv[i][2] == 'd' ? "CONNINFO" : "LOGIN");
            return 2;
        } else if (argv[i][0] == '-') {
            cli_error("unknown option %s (try dun --help)", argv[i]);
            return 2;
        } else
            break;
    }
    const struct command *c = i < argc ? find_command(argv[i]) : NULL;
    if (c && wants_help(argc - i, argv + i)) {
        cli_usage_print(stdout, c->usage);
        return 0;
    }
    if (i < argc && strcmp(argv[i], "help") == 0)
        return help(argc - i, argv + i);
    if (!resolve_now(&cli.now) || !cli_config_ok())
        return 2;
    if (i == argc)
        return cmd_tui(&cli, 0, argv + i);
    if (c)
        return c->run(&cli, argc - i, argv + i);
    cli_error("unknown command \"%s\"", argv[i]);
    usage(stderr);
    return 2;
}
