/* dun queue [--agent LOGIN] [--limit N] [--json]: the queue the TUI shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "core/queue.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "tui/cli.h"

static const char *indicator_name(enum indicator i)
{
    return i == IND_ALLOWED ? "allowed" : i == IND_BLOCKED ? "blocked" : "none";
}

static void json_row(struct strbuf *sb, const struct queue_row *r, dun_time now, struct zone_cache *zones,
                     bool explain)
{
    char buf[128], err[128];
    const struct currency *cur = currency_find(r->currency);
    sb_printf(sb, "  {\"rank\": %d, \"ref\": ", r->rank);
    sb_json_string(sb, r->ref);
    sb_puts(sb, ", \"name\": ");
    sb_json_string(sb, r->name);
    sb_printf(sb, ", \"pool\": %s", r->pool ? "true" : "false");
    sb_printf(sb, ", \"balance_minor\": %lld, \"currency\": ", (long long)r->balance_minor);
    sb_json_string(sb, r->currency);
    if (cur) {
        money_format_plain(r->balance_minor, cur, buf, sizeof buf);
        sb_printf(sb, ", \"balance\": \"%s\"", buf);
    }
    sb_printf(sb, ", \"days_past_due\": %d", r->days_past_due);
    if (r->has_promise) {
        date_format(r->promise_date, buf, sizeof buf);
        sb_printf(sb, ", \"promise_status\": \"%s\", \"promise_date\": \"%s\"", r->promise_status, buf);
    } else {
        sb_puts(sb, ", \"promise_status\": null, \"promise_date\": null");
    }
    if (r->has_last_contact) {
        iso8601_format(r->last_contact_at, 0, true, buf, sizeof buf);
        sb_printf(sb, ", \"last_contact_at\": \"%s\", \"last_contact_channel\": \"%s\", \"last_contact_outcome\": \"%s\"",
                  buf, r->last_channel, r->last_outcome);
    } else {
        sb_puts(sb, ", \"last_contact_at\": null, \"last_contact_channel\": null, \"last_contact_outcome\": null");
    }
    sb_puts(sb, ", \"time_zone\": ");
    sb_json_string(sb, r->time_zone);
    const struct zone *z = zone_cache_get(zones, r->time_zone, err, sizeof err);
    if (z) {
        iso8601_format(now, zone_offset(z, now), false, buf, sizeof buf);
        sb_printf(sb, ", \"local_time\": \"%s\"", buf);
    }
    sb_puts(sb, ", \"channels\": {");
    for (int c = 0; c < CH_COUNT; c++)
        sb_printf(sb, "%s\"%s\": \"%s\"", c ? ", " : "", channel_name(c), indicator_name(r->ind[c]));
    sb_printf(sb, "}, \"score\": %.2f", r->score.total);
    if (explain) {
        sb_puts(sb, ", \"factors\": {");
        for (int f = 0; f < PF_COUNT; f++)
            sb_printf(sb, "%s\"%s\": %.2f", f ? ", " : "", priority_factor_name(f), r->score.part[f]);
        sb_puts(sb, "}");
    }
    sb_puts(sb, "}");
}

static void text_table(const struct queue_row *rows, size_t n, dun_time now, struct zone_cache *zones,
                       bool explain)
{
    char cell[512], fitted[1024];
    for (int c = 0; c < QC_COUNT; c++) {
        int w = queue_cell_width(c);
        if (queue_cell_right_aligned(c))
            utf8_fit_right(queue_cell_title(c), w, false, fitted, sizeof fitted);
        else
            utf8_fit(queue_cell_title(c), w, false, fitted, sizeof fitted);
        cli_printf("%s%s", c ? "  " : "", fitted);
    }
    cli_printf("\n");
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < QC_COUNT; c++) {
            queue_cell_text(&rows[i], c, now, zones, false, 0, cell, sizeof cell);
            int w = queue_cell_width(c);
            if (queue_cell_right_aligned(c))
                utf8_fit_right(cell, w, false, fitted, sizeof fitted);
            else
                utf8_fit(cell, w, false, fitted, sizeof fitted);
            cli_printf("%s%s", c ? "  " : "", fitted);
        }
        cli_printf("\n");
        if (explain) {
            cli_printf("       score %.1f =", rows[i].score.total);
            bool first = true;
            for (int f = 0; f < PF_COUNT; f++) {
                if (rows[i].score.part[f] == 0)
                    continue;
                cli_printf("%s %s %.1f", first ? "" : " +", priority_factor_name(f), rows[i].score.part[f]);
                first = false;
            }
            cli_printf("\n");
        }
    }
}

const struct cli_usage usage_queue = {
    "queue [--agent LOGIN] [--limit N] [--json] [--explain]",
    "Print the agent's queue in the workstation's order, best first.",
    "  --limit N   only the first N rows (N is 1 or more; without it, every row)\n"
    "  --json      an array of objects, one per row\n"
    "  --explain   each row's priority factors\n"};

/* --limit's value: a whole number of rows, at least 1 (0 would read as "no
 * limit" to some and "no rows" to others). */
static bool parse_limit(const char *text, long *limit)
{
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (end == text || *end || errno || n < 1) {
        cli_error("--limit takes a positive number of rows, not \"%s\"", text);
        return false;
    }
    *limit = n;
    return true;
}

int cmd_queue(struct cli *cli, int argc, char **argv)
{
    bool json = false, explain = false;
    long limit = 0; /* 0: every row */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--explain") == 0)
            explain = true;
        else if (strcmp(argv[i], "--agent") == 0 && i + 1 < argc)
            cli->agent = argv[++i];
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            if (!parse_limit(argv[++i], &limit))
                return 2;
        } else
            return cli_bad_argument(&usage_queue, argc, argv, i);
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent agent;
    struct queue_book book = {0};
    struct zone_cache *zones = zone_cache_new();
    char err[1024];
    int rc = 0;
    if (!cli_resolve_agent(cli, db, &agent)) {
        rc = 2;
    } else if (!store_queue_book_load(db, agent.id, cli->now, zones, &book, err, sizeof err)) {
        cli_error("%s", err);
        rc = 2;
    }
    size_t n = book.n;
    if (limit > 0 && (size_t)limit < n)
        n = (size_t)limit;
    if (!rc && json && !cli_audit_export(db, &agent, "queue --json", (long long)n))
        rc = 2;
    db_close(&db);
    if (rc) {
        queue_book_free(&book);
        zone_cache_free(&zones);
        return rc;
    }
    if (json) {
        struct strbuf sb = {0};
        sb_puts(&sb, "[\n");
        for (size_t i = 0; i < n; i++) {
            json_row(&sb, &book.rows[i], cli->now, zones, explain);
            sb_puts(&sb, i + 1 < n ? ",\n" : "\n");
        }
        sb_puts(&sb, "]\n");
        fputs(sb_cstr(&sb), stdout);
        sb_free(&sb);
    } else {
        text_table(book.rows, n, cli->now, zones, explain);
    }
    queue_book_free(&book);
    zone_cache_free(&zones);
    return 0;
}
