/* dun queue [--agent LOGIN] [--limit N] [--json]: the queue the TUI shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/fmt.h"
#include "core/money.h"
#include "core/queue.h"
#include "core/safetext.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "tui/cli.h"

static const char *indicator_name(enum indicator i)
{
    return i == IND_ALLOWED ? "allowed" : i == IND_BLOCKED ? "blocked" : "none";
}

/* Output goes through one buffer, written out whenever it holds this much:
 * memory stays a few rows whatever the queue's length. */
enum { OUT_CHUNK = 64 * 1024 };

/* Write out what sb holds once it is a chunk (all of it when `last`); false
 * when the rows could not be kept or written, with the reason said. */
static bool out_flush(struct strbuf *sb, bool last)
{
    if (sb->failed) {
        cli_error("out of memory writing the queue");
        return false;
    }
    if (sb->len < OUT_CHUNK && !last)
        return true;
    if ((sb->len && fwrite(sb->data, 1, sb->len, stdout) != sb->len) || (last && fflush(stdout) != 0)) {
        cli_error("cannot write the queue: %s", strerror(errno));
        return false;
    }
    sb_reset(sb);
    return true;
}

static void put_fixed(struct strbuf *sb, double v, int decimals)
{
    char text[FMT_FIXED_MAX];
    sb_append(sb, text, fmt_put_fixed(text, v, decimals));
}

/* A "name": "value" pair of text the program wrote (no escaping needed). */
static void put_field(struct strbuf *sb, const char *name, const char *value, size_t len)
{
    sb_lit(sb, ", \"");
    sb_puts(sb, name);
    sb_lit(sb, "\": \"");
    sb_append(sb, value, len);
    sb_putc(sb, '"');
}

static void json_row(struct strbuf *sb, const struct queue_row *r, dun_time now, struct zone_cache *zones,
                     bool explain)
{
    char buf[ISO8601_TEXT_MAX], err[128];
    const struct currency *cur = currency_find(r->currency);
    sb_lit(sb, "  {\"rank\": ");
    sb_put_int64(sb, r->rank);
    sb_lit(sb, ", \"ref\": ");
    sb_json_string(sb, r->ref);
    sb_lit(sb, ", \"name\": ");
    sb_json_string(sb, r->name);
    sb_puts(sb, r->pool ? ", \"pool\": true" : ", \"pool\": false");
    sb_lit(sb, ", \"balance_minor\": ");
    sb_put_int64(sb, r->balance_minor);
    sb_lit(sb, ", \"currency\": ");
    sb_json_string(sb, r->currency);
    if (cur)
        put_field(sb, "balance", buf, money_put_plain(buf, r->balance_minor, cur));
    sb_lit(sb, ", \"days_past_due\": ");
    sb_put_int64(sb, r->days_past_due);
    if (r->has_promise) {
        put_field(sb, "promise_status", r->promise_status, strlen(r->promise_status));
        put_field(sb, "promise_date", buf, date_put(buf, r->promise_date));
    } else {
        sb_lit(sb, ", \"promise_status\": null, \"promise_date\": null");
    }
    if (r->has_last_contact) {
        put_field(sb, "last_contact_at", buf, iso8601_put(buf, r->last_contact_at, 0, true));
        put_field(sb, "last_contact_channel", r->last_channel, strlen(r->last_channel));
        put_field(sb, "last_contact_outcome", r->last_outcome, strlen(r->last_outcome));
    } else {
        sb_lit(sb, ", \"last_contact_at\": null, \"last_contact_channel\": null, \"last_contact_outcome\": null");
    }
    sb_lit(sb, ", \"time_zone\": ");
    sb_json_string(sb, r->time_zone);
    const struct zone *z = zone_cache_get(zones, r->time_zone, err, sizeof err);
    if (z)
        put_field(sb, "local_time", buf, iso8601_put(buf, now, zone_offset(z, now), false));
    sb_lit(sb, ", \"channels\": {");
    for (int c = 0; c < CH_COUNT; c++) {
        if (c)
            sb_lit(sb, ", ");
        sb_putc(sb, '"');
        sb_puts(sb, channel_name(c));
        sb_lit(sb, "\": \"");
        sb_puts(sb, indicator_name(r->ind[c]));
        sb_putc(sb, '"');
    }
    sb_lit(sb, "}, \"score\": ");
    put_fixed(sb, r->score.total, 2);
    if (explain) {
        sb_lit(sb, ", \"factors\": {");
        for (int f = 0; f < PF_COUNT; f++) {
            if (f)
                sb_lit(sb, ", ");
            sb_putc(sb, '"');
            sb_puts(sb, priority_factor_name(f));
            sb_lit(sb, "\": ");
            put_fixed(sb, r->score.part[f], 2);
        }
        sb_putc(sb, '}');
    }
    sb_putc(sb, '}');
}

static bool json_rows(const struct queue_row *rows, size_t n, dun_time now, struct zone_cache *zones,
                      bool explain)
{
    struct strbuf sb = {0};
    sb_lit(&sb, "[\n");
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        json_row(&sb, &rows[i], now, zones, explain);
        sb_puts(&sb, i + 1 < n ? ",\n" : "\n");
        ok = out_flush(&sb, false);
    }
    if (ok) {
        sb_lit(&sb, "]\n");
        ok = out_flush(&sb, true);
    }
    sb_free(&sb);
    return ok;
}

/* One fitted cell, after the two spaces between columns; text from data
 * made visible (core/safetext.h) as every command writes it. */
static void put_cell(struct strbuf *sb, int c, const char *text)
{
    char fitted[1024];
    int w = queue_cell_width(c);
    if (queue_cell_right_aligned(c))
        utf8_fit_right(text, w, false, fitted, sizeof fitted);
    else
        utf8_fit(text, w, false, fitted, sizeof fitted);
    if (c)
        sb_lit(sb, "  ");
    sb_put_visible(sb, fitted);
}

static void explain_line(struct strbuf *sb, const struct queue_row *r)
{
    sb_lit(sb, "       score ");
    put_fixed(sb, r->score.total, 1);
    sb_lit(sb, " =");
    bool first = true;
    for (int f = 0; f < PF_COUNT; f++) {
        if (r->score.part[f] == 0)
            continue;
        sb_puts(sb, first ? " " : " + ");
        sb_puts(sb, priority_factor_name(f));
        sb_putc(sb, ' ');
        put_fixed(sb, r->score.part[f], 1);
        first = false;
    }
    sb_putc(sb, '\n');
}

static bool text_table(const struct queue_row *rows, size_t n, dun_time now, struct zone_cache *zones,
                       bool explain)
{
    char cell[512];
    struct strbuf sb = {0};
    for (int c = 0; c < QC_COUNT; c++)
        put_cell(&sb, c, queue_cell_title(c));
    sb_putc(&sb, '\n');
    bool ok = out_flush(&sb, false);
    for (size_t i = 0; ok && i < n; i++) {
        for (int c = 0; c < QC_COUNT; c++) {
            queue_cell_text(&rows[i], c, now, zones, false, 0, cell, sizeof cell);
            put_cell(&sb, c, cell);
        }
        sb_putc(&sb, '\n');
        if (explain)
            explain_line(&sb, &rows[i]);
        ok = out_flush(&sb, false);
    }
    ok = ok && out_flush(&sb, true);
    sb_free(&sb);
    return ok;
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
    bool written = json ? json_rows(book.rows, n, cli->now, zones, explain)
                        : text_table(book.rows, n, cli->now, zones, explain);
    queue_book_free(&book);
    zone_cache_free(&zones);
    return written ? 0 : 2;
}
