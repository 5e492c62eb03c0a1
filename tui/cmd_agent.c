/* dun agent add|list|disable|target: managing agents. add and disable make
 * and unmake the agent's PostgreSQL login role with its row (migration 031,
 * the system and admins only); target sets the monthly collection target
 * `dun metrics` measures against (a supervisor for their team, an admin for
 * anyone). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/agent_store.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "tui/cli.h"

const struct cli_usage usage_agent = {
    "agent add LOGIN --name NAME --team TEAM --role agent|supervisor|admin\n"
    "       dun agent list | disable LOGIN | target LOGIN AMOUNT [--currency CUR]",
    "Manage agents: their database login roles, and their monthly targets.",
    "  add LOGIN       a PostgreSQL login role LOGIN in dun_agent, dun_supervisor or dun_admin, and\n"
    "                  its agent row, in one transaction (a new team is created); set how it\n"
    "                  authenticates in PostgreSQL (peer, .pgpass, certificates). Admins only\n"
    "  list            every agent: login, name, role, team, whether active and able to log in\n"
    "  disable LOGIN   the role loses LOGIN; the agent's history stays. Admins only\n"
    "  target LOGIN AMOUNT  the monthly collection target, in major units as people type money\n"
    "                  (500000, ¥500,000, 5,000.00); a supervisor for their team, an admin for anyone\n"
    "  --currency CUR  the target's currency (default: the agent's current one, JPY when never set)\n"};

static int agent_add_cmd(struct cli *cli, int argc, char **argv)
{
    const char *login = NULL, *name = NULL, *team = NULL, *role = NULL;
    for (int i = 2; i < argc; i++) {
        bool more = i + 1 < argc;
        if (strcmp(argv[i], "--name") == 0 && more)
            name = argv[++i];
        else if (strcmp(argv[i], "--team") == 0 && more)
            team = argv[++i];
        else if (strcmp(argv[i], "--role") == 0 && more)
            role = argv[++i];
        else if (argv[i][0] != '-' && !login)
            login = argv[i];
        else
            return cli_bad_argument(&usage_agent, argc, argv, i);
    }
    const char *missing = !login ? "the LOGIN" : !name ? "--name" : !team ? "--team" : !role ? "--role" : NULL;
    if (missing)
        return cli_usage_errorf(&usage_agent, "agent add: %s is missing", missing);
    if (strcmp(role, "agent") != 0 && strcmp(role, "supervisor") != 0 && strcmp(role, "admin") != 0)
        return cli_usage_errorf(&usage_agent, "--role takes agent, supervisor or admin, not \"%s\"", role);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    char err[512];
    bool created;
    int rc = 2;
    if (!agent_add(db, login, name, team, role, &created, err, sizeof err))
        cli_error("%s; nothing created", err);
    else {
        cli_printf("agent %s (%s, %s) added: database login role %s in dun_%s%s\n", login, name, role, login, role,
                   created ? "; team created" : "");
        rc = 0;
    }
    db_close(&db);
    return rc;
}

static int agent_list_cmd(struct cli *cli)
{
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent_listing *a = NULL;
    size_t n = 0;
    char err[512] = "", role[128] = "";
    bool admin = false;
    bool ok = store_current_user(db, role, sizeof role, &admin, err, sizeof err) && admin &&
              agent_list(db, &a, &n, err, sizeof err);
    db_close(&db);
    if (!ok) {
        if (!admin && !err[0])
            snprintf(err, sizeof err, "only an admin may list the agents (you are %s)", role);
        cli_error("%s", err);
        return 2;
    }
    cli_printf("%-16s %-24s %-10s %-20s %s\n", "LOGIN", "NAME", "ROLE", "TEAM", "STATE");
    for (size_t i = 0; i < n; i++)
        cli_printf("%-16s %-24s %-10s %-20s %s\n", a[i].login, a[i].name, a[i].role, a[i].team[0] ? a[i].team : "-",
                   !a[i].active ? "disabled" : a[i].can_login ? "active" : "active (no login role)");
    free(a);
    return 0;
}

static int agent_disable_cmd(struct cli *cli, int argc, char **argv)
{
    if (argc != 3 || argv[2][0] == '-')
        return cli_usage_errorf(&usage_agent, "agent disable takes one LOGIN");
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    char err[512];
    bool ok = agent_disable(db, argv[2], err, sizeof err);
    db_close(&db);
    if (!ok) {
        cli_error("%s; nothing changed", err);
        return 2;
    }
    cli_printf("agent %s disabled: it can no longer log in; its history stays\n", argv[2]);
    return 0;
}

int cmd_agent(struct cli *cli, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return agent_add_cmd(cli, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return argc == 2 ? agent_list_cmd(cli) : cli_bad_argument(&usage_agent, argc, argv, 2);
    if (argc >= 2 && strcmp(argv[1], "disable") == 0)
        return agent_disable_cmd(cli, argc, argv);
    const char *words[3] = {NULL, NULL, NULL}, *currency = NULL;
    int nwords = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--currency") == 0 && i + 1 < argc)
            currency = argv[++i];
        else if ((argv[i][0] == '-' && argv[i][1]) || nwords == 3)
            return cli_bad_argument(&usage_agent, argc, argv, i);
        else
            words[nwords++] = argv[i];
    }
    if (nwords == 0)
        return cli_usage_errorf(&usage_agent, "what to do is missing (add, list, disable or target)");
    if (strcmp(words[0], "target") != 0)
        return cli_usage_errorf(&usage_agent, "agent takes add, list, disable or target, not \"%s\"", words[0]);
    if (nwords < 3)
        return cli_usage_errorf(&usage_agent, "%s is missing", nwords < 2 ? "the agent's LOGIN" : "the AMOUNT");
    if (currency && !currency_find(currency))
        return cli_usage_errorf(&usage_agent, "--currency takes a currency code dun knows (JPY, USD, ...), not \"%s\"",
                                currency);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent actor;
    char err[512], cur[4];
    int64_t minor = 0;
    int rc = 2;
    if (cli_resolve_agent(cli, db, &actor)) {
        int r = store_agent_set_target(db, &actor, words[1], words[2], currency, &minor, cur, err, sizeof err);
        if (r == 1) {
            char shown[48];
            money_format(minor, currency_find(cur), false, shown, sizeof shown);
            cli_printf("%s's monthly target is now %s\n", words[1], shown);
            rc = 0;
        } else {
            cli_error("%s; nothing changed", err);
        }
    }
    db_close(&db);
    return rc;
}
