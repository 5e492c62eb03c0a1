/* dun settle [--at ISO-8601]: settle every account's promises against its
 * payments, as of --at or the clock (DUN_NOW), in one transaction. */
#include <stdio.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/zone.h"
#include "tui/cli.h"

const struct cli_usage usage_settle = {
    "settle [--at ISO-8601]",
    "Settle every account's promises against its payments (kept, partial, broken), as of --at or now.", NULL};

int cmd_settle(struct cli *cli, int argc, char **argv)
{
    dun_time at = cli->now;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--at=", 5) == 0)
            v = argv[i] + 5;
        else
            return cli_bad_argument(&usage_settle, argc, argv, i);
        if (!iso8601_parse(v, &at)) {
            cli_error("--at \"%s\" is not an ISO 8601 time with an offset (e.g. 2026-11-22T20:59:00+09:00)", v);
            return 2;
        }
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct zone_cache *zones = zone_cache_new();
    struct settle_counts c = {0};
    char err[1024] = "out of memory";
    /* Through the book 500 accounts at a time, each step its own transaction. */
    int64_t cursor = 0;
    int n = 0;
    bool ok = zones != NULL;
    while (ok && (n = store_settle_step(db, &cursor, false, at, zones, &c, err, sizeof err)) > 0 && cursor != 0)
        ;
    ok = ok && n >= 0;
    zone_cache_free(&zones);
    db_close(&db);
    if (!ok) {
        cli_error("settlement stopped: %s; what it settled before stays settled (run it again: it is idempotent)",
                  err);
        return 2;
    }
    cli_printf("settled: %zu kept, %zu partial, %zu broken", c.kept, c.partial, c.broken);
    if (c.pending)
        cli_printf(", %zu pending again", c.pending);
    cli_printf("\n");
    return 0;
}
