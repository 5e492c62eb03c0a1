/* dun agent target LOGIN AMOUNT [--currency CUR]: an agent's monthly
 * collection target, the one `dun metrics` measures against. */
#include <stdio.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "tui/cli.h"

const struct cli_usage usage_agent = {
    "agent target LOGIN AMOUNT [--currency CUR]",
    "Set an agent's monthly collection target (a supervisor for their team, an admin for anyone).",
    "  AMOUNT          in major units as people type money (500000, ¥500,000, 5,000.00)\n"
    "  --currency CUR  the target's currency (default: the agent's current one, JPY when never set)\n"
    "Who sets it is the --agent before the command, or the database role.\n"};

int cmd_agent(struct cli *cli, int argc, char **argv)
{
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
        return cli_usage_errorf(&usage_agent, "what to do is missing (agent target)");
    if (strcmp(words[0], "target") != 0)
        return cli_usage_errorf(&usage_agent, "agent takes target, not \"%s\"", words[0]);
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
