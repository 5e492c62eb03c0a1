/* dun reorder: compute every stale key of the queue's stored order now
 * (core/db/queue_window.h), a batch at a time. dun serve does the same
 * continuously; this is for an operator after a migration, an import or a
 * change of weights, when long queues should open in order at once. */
#include <stdio.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/queue_window.h"
#include "core/zone.h"
#include "tui/cli.h"

const struct cli_usage usage_reorder = {
    "reorder",
    "Compute the stored queue order of every account whose order is stale, now (dun serve does it as it runs).",
    NULL};

enum { REORDER_BATCH = 5000 };

int cmd_reorder(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_bad_argument(&usage_reorder, argc, argv, 1);
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct zone_cache *zones = zone_cache_new();
    char err[1024] = "out of memory";
    long n = 0, total = 0;
    bool ok = zones != NULL;
    /* Each batch its own statements: what is computed stays computed. A
     * batch that was not full was the last (a key whose account changed
     * meanwhile stays stale, for dun serve). */
    do {
        n = ok ? store_queue_keys_refresh(db, 0, NULL, 0, cli->now, zones, REORDER_BATCH, err, sizeof err) : -1;
        total += n > 0 ? n : 0;
    } while (n == REORDER_BATCH);
    ok = ok && n >= 0;
    zone_cache_free(&zones);
    db_close(&db);
    if (!ok) {
        cli_error("reorder stopped after %ld accounts: %s; run it again to go on", total, err);
        return 2;
    }
    cli_printf("reordered: %ld account%s\n", total, total == 1 ? "" : "s");
    return 0;
}
