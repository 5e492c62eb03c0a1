/* dun metrics: a team's figures over a period, one row per agent and the
 * team's total, as text, JSON or CSV. Every figure comes from
 * core/metrics.c by way of store_metrics_load (one aggregate query). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/metrics.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "tui/cli.h"

const struct cli_usage usage_metrics = {
    "metrics [--team T] [--agent LOGIN] [--period P] [--from DATE] [--to DATE] [--json] [--csv]\n"
    "       dun metrics --reminders [--json]",
    "Print a team's figures over a period, or what the pre-due reminders did against the holdout.",
    "  --team T       that team (default: yours; only an admin may name another)\n"
    "  --agent LOGIN  only that agent's row, with the team's total (who you are is\n"
    "                 the --agent before the command, or the database role)\n"
    "  --period P     today (the default), week (since Monday) or month (since the 1st),\n"
    "                 in your time zone, up to now\n"
    "  --from DATE --to DATE\n"
    "                 whole days YYYY-MM-DD, both included, instead of --period\n"
    "  --json         one object: the period, the agents, the total\n"
    "  --csv          one line per agent and currency, then the total's\n"
    "  --reminders    per due cycle, over all cycles and per segment: delinquency, payment\n"
    "                 within a day after the due date and link clicks, reminded against held\n"
    "                 out, with the difference, its 95% interval, the MDE and a verdict\n"
    "An agent sees their own row and the team's total, never a colleague's row.\n"
    "Definitions: docs/supervisor-guide.md.\n"};

struct metrics_opts {
    const char *team, *only, *period, *from, *to;
    bool json, csv, reminders;
};

/* --- text ------------------------------------------------------------------------ */

/* An amount right-aligned in 15 columns (a symbol such as ¥ is one column
 * but two bytes, so printf's widths would not do). */
static void fmt_money(int64_t minor, const char *code, char *out, size_t n)
{
    char text[40];
    const struct currency *c = currency_find(code);
    if (c)
        money_format(minor, c, false, text, sizeof text);
    else
        snprintf(text, sizeof text, "%s %lld", code, (long long)minor);
    utf8_fit_right(text, 15, false, out, n);
}

static void text_counts(const char *who, const struct metrics_figures *f)
{
    char rpc[8], ptp[8], kept[8];
    metrics_rate_format(f->rpc, f->attempts, rpc, sizeof rpc);
    metrics_rate_format(f->promises, f->rpc, ptp, sizeof ptp);
    metrics_rate_format(f->kept, f->due, kept, sizeof kept);
    cli_printf("%-12s %5lld %5lld %5lld %5s %4lld %5s %5s %5lld %5lld %5lld %3lld/%lld\n", who,
               (long long)f->attempts, (long long)f->connects, (long long)f->rpc, rpc, (long long)f->promises, ptp,
               kept, (long long)f->sent, (long long)f->delivered, (long long)f->replies, (long long)f->thanks_given,
               (long long)f->thanks_received);
}

static void text_money(const char *who, const struct metrics_figures *f)
{
    for (size_t i = 0; i < f->nmoney; i++) {
        const struct metrics_money *m = &f->money[i];
        char promised[64], collected[64], target[64], kept[8], pct[8];
        fmt_money(m->promised, m->currency, promised, sizeof promised);
        fmt_money(m->collected, m->currency, collected, sizeof collected);
        if (m->target)
            fmt_money(m->target, m->currency, target, sizeof target);
        else
            utf8_fit_right("-", 15, false, target, sizeof target);
        metrics_rate_format(m->kept_amount, m->due_amount, kept, sizeof kept);
        metrics_rate_format(m->collected, m->target, pct, sizeof pct);
        cli_printf("%-12s %-3s %s %5s %s %s %5s\n", who, m->currency, promised, kept, collected, target, pct);
    }
}

static void text_hours(const struct metrics_figures *f)
{
    cli_printf("\nContacts by hour (each agent's own time zone)\nHOUR   ATT  CONN   RPC  RPC%%\n");
    for (int h = 0; h < 24; h++) {
        if (!f->hour_attempts[h])
            continue;
        char rate[8];
        metrics_rate_format(f->hour_rpc[h], f->hour_attempts[h], rate, sizeof rate);
        cli_printf("%02d    %4lld  %4lld  %4lld  %4s\n", h, (long long)f->hour_attempts[h],
                   (long long)f->hour_connects[h], (long long)f->hour_rpc[h], rate);
    }
}

static void text_out(const char *team, const struct metrics_period *p, const struct metrics_team *t)
{
    char d1[16], d2[16];
    date_format(p->first_day, d1, sizeof d1);
    date_format(p->last_day, d2, sizeof d2);
    cli_printf("Team %s, %s to %s\n\n", team, d1, d2);
    cli_printf("%-12s %5s %5s %5s %5s %4s %5s %5s %5s %5s %5s %s\n", "AGENT", "ATT", "CONN", "RPC", "RPC%",
               "PTP", "PTP%", "KEPT%", "SENT", "DLVD", "REPL", "THANKS+/-");
    for (size_t i = 0; i < t->n; i++)
        text_counts(t->agents[i].login, &t->agents[i].f);
    text_counts("TEAM TOTAL", &t->total);
    cli_printf("\n%-12s %-3s %15s %5s %15s %15s %5s\n", "AGENT", "CUR", "PROMISED", "KEPT%", "COLLECTED",
               "MONTH TARGET", "%TGT");
    for (size_t i = 0; i < t->n; i++)
        text_money(t->agents[i].login, &t->agents[i].f);
    text_money("TEAM TOTAL", &t->total);
    text_hours(&t->total);
}

/* --- JSON -------------------------------------------------------------------------- */

/* A rate as a number with four decimals, or null when there is no denominator. */
static void json_rate(struct strbuf *sb, const char *name, int64_t num, int64_t den)
{
    if (den == 0)
        sb_printf(sb, ", \"%s\": null", name);
    else
        sb_printf(sb, ", \"%s\": %.4f", name, (double)num / (double)den);
}

static void json_figures(struct strbuf *sb, const struct metrics_figures *f)
{
    sb_printf(sb, "\"attempts\": %lld, \"connects\": %lld, \"rpc\": %lld", (long long)f->attempts,
              (long long)f->connects, (long long)f->rpc);
    json_rate(sb, "rpc_rate", f->rpc, f->attempts);
    sb_printf(sb, ", \"promises\": %lld", (long long)f->promises);
    json_rate(sb, "ptp_rate", f->promises, f->rpc);
    sb_printf(sb, ", \"kept_due\": %lld, \"kept\": %lld", (long long)f->due, (long long)f->kept);
    json_rate(sb, "kept_rate", f->kept, f->due);
    sb_printf(sb, ", \"messages_sent\": %lld, \"messages_delivered\": %lld, \"messages_no_report\": %lld,"
                  " \"replies\": %lld",
              (long long)f->sent, (long long)f->delivered, (long long)f->no_report, (long long)f->replies);
    sb_printf(sb, ", \"thanks_given\": %lld, \"thanks_received\": %lld, \"money\": [",
              (long long)f->thanks_given, (long long)f->thanks_received);
    for (size_t i = 0; i < f->nmoney; i++) {
        const struct metrics_money *m = &f->money[i];
        sb_printf(sb, "%s{\"currency\": ", i ? ", " : "");
        sb_json_string(sb, m->currency);
        sb_printf(sb, ", \"promised_minor\": %lld, \"kept_due_minor\": %lld, \"kept_minor\": %lld",
                  (long long)m->promised, (long long)m->due_amount, (long long)m->kept_amount);
        json_rate(sb, "kept_amount_rate", m->kept_amount, m->due_amount);
        sb_printf(sb, ", \"collected_minor\": %lld, \"collected_mtd_minor\": %lld, \"target_minor\": %lld",
                  (long long)m->collected, (long long)m->collected_mtd, (long long)m->target);
        json_rate(sb, "target_rate", m->collected, m->target);
        sb_puts(sb, "}");
    }
    sb_puts(sb, "], \"hours\": [");
    bool first = true;
    for (int h = 0; h < 24; h++) {
        if (!f->hour_attempts[h])
            continue;
        sb_printf(sb, "%s{\"hour\": %d, \"attempts\": %lld, \"connects\": %lld, \"rpc\": %lld", first ? "" : ", ",
                  h, (long long)f->hour_attempts[h], (long long)f->hour_connects[h], (long long)f->hour_rpc[h]);
        json_rate(sb, "rpc_rate", f->hour_rpc[h], f->hour_attempts[h]);
        sb_puts(sb, "}");
        first = false;
    }
    sb_puts(sb, "]");
}

static void json_out(const char *team, const struct metrics_period *p, const struct metrics_team *t)
{
    struct strbuf sb = {0};
    char buf[40];
    sb_puts(&sb, "{\"team\": ");
    sb_json_string(&sb, team);
    date_format(p->first_day, buf, sizeof buf);
    sb_printf(&sb, ", \"first_day\": \"%s\"", buf);
    date_format(p->last_day, buf, sizeof buf);
    sb_printf(&sb, ", \"last_day\": \"%s\"", buf);
    iso8601_format(p->from, 0, true, buf, sizeof buf);
    sb_printf(&sb, ", \"from\": \"%s\"", buf);
    iso8601_format(p->to, 0, true, buf, sizeof buf);
    sb_printf(&sb, ", \"to\": \"%s\",\n \"agents\": [\n", buf);
    for (size_t i = 0; i < t->n; i++) {
        sb_puts(&sb, "  {\"login\": ");
        sb_json_string(&sb, t->agents[i].login);
        sb_puts(&sb, ", \"name\": ");
        sb_json_string(&sb, t->agents[i].name);
        sb_puts(&sb, ", ");
        json_figures(&sb, &t->agents[i].f);
        sb_puts(&sb, i + 1 < t->n ? "},\n" : "}\n");
    }
    sb_puts(&sb, " ],\n \"total\": {");
    json_figures(&sb, &t->total);
    sb_puts(&sb, "}}\n");
    fputs(sb_cstr(&sb), stdout);
    sb_free(&sb);
}

/* --- CSV ---------------------------------------------------------------------------- */

static void csv_num(struct strbuf *sb, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    csv_append_field(sb, buf, false);
}

static void csv_rate(struct strbuf *sb, int64_t num, int64_t den, bool last)
{
    char buf[24] = "";
    if (den)
        snprintf(buf, sizeof buf, "%.4f", (double)num / (double)den);
    csv_append_field(sb, buf, last);
}

/* One line per currency (one with no currency when there is no money). */
static void csv_rows(struct strbuf *sb, const char *row, const char *login, const struct metrics_figures *f)
{
    size_t lines = f->nmoney ? f->nmoney : 1;
    for (size_t i = 0; i < lines; i++) {
        const struct metrics_money *m = f->nmoney ? &f->money[i] : &(struct metrics_money){.currency = ""};
        csv_append_field(sb, row, false);
        csv_append_field(sb, login, false);
        csv_num(sb, f->attempts);
        csv_num(sb, f->connects);
        csv_num(sb, f->rpc);
        csv_rate(sb, f->rpc, f->attempts, false);
        csv_num(sb, f->promises);
        csv_rate(sb, f->promises, f->rpc, false);
        csv_num(sb, f->due);
        csv_num(sb, f->kept);
        csv_rate(sb, f->kept, f->due, false);
        csv_num(sb, f->sent);
        csv_num(sb, f->delivered);
        csv_num(sb, f->no_report);
        csv_num(sb, f->replies);
        csv_num(sb, f->thanks_given);
        csv_num(sb, f->thanks_received);
        csv_append_field(sb, m->currency, false);
        csv_num(sb, m->promised);
        csv_rate(sb, m->kept_amount, m->due_amount, false);
        csv_num(sb, m->collected);
        csv_num(sb, m->target);
        csv_rate(sb, m->collected, m->target, true);
    }
}

static void csv_out(const struct metrics_team *t)
{
    struct strbuf sb = {0};
    sb_puts(&sb, "row,login,attempts,connects,rpc,rpc_rate,promises,ptp_rate,kept_due,kept,kept_rate,"
                 "messages_sent,messages_delivered,messages_no_report,replies,thanks_given,thanks_received,currency,promised_minor,"
                 "kept_amount_rate,collected_minor,target_minor,target_rate\n");
    for (size_t i = 0; i < t->n; i++)
        csv_rows(&sb, "agent", t->agents[i].login, &t->agents[i].f);
    csv_rows(&sb, "total", "", &t->total);
    fputs(sb_cstr(&sb), stdout);
    sb_free(&sb);
}

/* --- the command -------------------------------------------------------------------- */

static int parse_args(struct metrics_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--json") == 0)
            o->json = true;
        else if (strcmp(a, "--csv") == 0)
            o->csv = true;
        else if (strcmp(a, "--reminders") == 0)
            o->reminders = true;
        else if (strcmp(a, "--team") == 0 && has)
            o->team = argv[++i];
        else if (strcmp(a, "--agent") == 0 && has)
            o->only = argv[++i];
        else if (strcmp(a, "--period") == 0 && has)
            o->period = argv[++i];
        else if (strcmp(a, "--from") == 0 && has)
            o->from = argv[++i];
        else if (strcmp(a, "--to") == 0 && has)
            o->to = argv[++i];
        else
            return cli_bad_argument(&usage_metrics, argc, argv, i);
    }
    if (o->json && o->csv)
        return cli_usage_errorf(&usage_metrics, "--json and --csv: choose one");
    if (o->reminders && (o->csv || o->team || o->only || o->period || o->from || o->to))
        return cli_usage_errorf(&usage_metrics, "--reminders takes only --json: it covers every due cycle of the"
                                " whole batch");
    if (o->period && (o->from || o->to))
        return cli_usage_errorf(&usage_metrics, "--period and --from/--to: choose one");
    if (!o->from != !o->to)
        return cli_usage_errorf(&usage_metrics, "%s needs %s too", o->from ? "--from" : "--to",
                                o->from ? "--to" : "--from");
    enum metrics_period_kind k;
    if (o->period && !metrics_period_parse(o->period, &k))
        return cli_usage_errorf(&usage_metrics, "--period takes today, week or month, not \"%s\"", o->period);
    int64_t d;
    const char *bad = !o->from ? NULL : !date_parse(o->from, &d) ? o->from : !date_parse(o->to, &d) ? o->to : NULL;
    if (bad)
        return cli_usage_errorf(&usage_metrics, "\"%s\" is not a date YYYY-MM-DD", bad);
    return 0;
}

/* The period in the viewer's zone (its words were checked by parse_args);
 * false with the usage error printed. */
static bool make_period(const struct metrics_opts *o, const struct cli *cli, const struct zone *z,
                        struct metrics_period *p)
{
    enum metrics_period_kind k = MP_TODAY;
    int64_t d1 = 0, d2 = 0;
    char err[200];
    if (o->period)
        metrics_period_parse(o->period, &k); /* checked by parse_args */
    if (o->from) {
        k = MP_RANGE;
        date_parse(o->from, &d1);
        date_parse(o->to, &d2);
    }
    if (!metrics_period_make(k, d1, d2, cli->now, z, p, err, sizeof err)) {
        cli_usage_errorf(&usage_metrics, "%s", err);
        return false;
    }
    return true;
}

static int run(struct db *db, const struct cli *cli, const struct metrics_opts *o, struct zone_cache *zones)
{
    struct agent viewer;
    if (!cli_resolve_agent(cli, db, &viewer))
        return 2;
    char err[512];
    const struct zone *z = zone_cache_get(zones, viewer.time_zone, err, sizeof err);
    if (!z) {
        cli_error("your time zone \"%s\" cannot be loaded: %s", viewer.time_zone, err);
        return 2;
    }
    struct metrics_period p;
    if (!make_period(o, cli, z, &p))
        return 2;
    struct metrics_team t;
    char team[128];
    int rc = store_metrics_load(db, &viewer, o->team, o->only, &p, &t, team, sizeof team, err, sizeof err);
    if (rc != 1) {
        cli_error("%s", err);
        return 2;
    }
    char what[200];
    snprintf(what, sizeof what, "metrics %s (team %s)", o->json ? "--json" : "--csv", team);
    if ((o->json || o->csv) && !cli_audit_export(db, &viewer, what, (long long)t.n)) {
        store_metrics_free(&t);
        return 2;
    }
    if (o->json)
        json_out(team, &p, &t);
    else if (o->csv)
        csv_out(&t);
    else
        text_out(team, &p, &t);
    store_metrics_free(&t);
    return 0;
}

int cmd_metrics(struct cli *cli, int argc, char **argv)
{
    struct metrics_opts o = {0};
    int rc = parse_args(&o, argc, argv);
    if (rc)
        return rc;
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct zone_cache *zones = zone_cache_new();
    rc = o.reminders ? metrics_reminders(cli, db, zones, o.json) : run(db, cli, &o, zones);
    zone_cache_free(&zones);
    db_close(&db);
    return rc;
}
