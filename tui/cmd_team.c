/* dun team pool TEAM on|off: whether a team's unassigned accounts form a
 * pool its agents work from (migration 034; the system and admins only). */
#include <string.h>

#include "core/db/agent_store.h"
#include "core/db/db.h"
#include "tui/cli.h"

const struct cli_usage usage_team = {
    "team pool TEAM on|off",
    "Turn a team's pool of unassigned accounts on or off.",
    "  pool TEAM on   the team's agents see the accounts assigned to nobody but the team (the\n"
    "                 import's team column) in their queue; the first to open or work one\n"
    "                 takes it into their book. Admins only\n"
    "  pool TEAM off  only the team's supervisors see them, and hand them out\n"};

int cmd_team(struct cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if ((argv[i][0] == '-' && argv[i][1]) || i > 3)
            return cli_bad_argument(&usage_team, argc, argv, i);
    if (argc < 2)
        return cli_usage_errorf(&usage_team, "what to do is missing (pool)");
    if (strcmp(argv[1], "pool") != 0)
        return cli_usage_errorf(&usage_team, "team takes pool, not \"%s\"", argv[1]);
    if (argc < 4)
        return cli_usage_errorf(&usage_team, "%s is missing", argc < 3 ? "the TEAM" : "on or off");
    bool on = strcmp(argv[3], "on") == 0;
    if (!on && strcmp(argv[3], "off") != 0)
        return cli_usage_errorf(&usage_team, "team pool takes on or off, not \"%s\"", argv[3]);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    char err[512];
    long long waiting = 0;
    bool ok = team_pool_set(db, argv[2], on, &waiting, err, sizeof err);
    db_close(&db);
    if (!ok) {
        cli_error("%s; nothing changed", err);
        return 2;
    }
    cli_printf("team %s: pool %s; %lld unassigned account%s wait%s in it%s\n", argv[2], on ? "on" : "off", waiting,
               waiting == 1 ? "" : "s", waiting == 1 ? "s" : "", on ? ", in each of its agents' queues" : "");
    return 0;
}
