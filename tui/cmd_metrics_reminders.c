/* dun metrics --reminders [--json]: what the pre-due reminders did, against
 * the holdout, per due cycle, over all cycles and per segment. The outcomes
 * are core/remind_effect's, read by remind_store_results; every figure and
 * verdict is core/effect's. Reading them: docs/supervisor-guide.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/remind_store.h"
#include "core/effect.h"
#include "core/remind_effect.h"
#include "core/strbuf.h"
#include "core/zone.h"
#include "tui/cli.h"

/* --- text ------------------------------------------------------------------------ */

static void rate_text(struct effect_group g, const char *what, char *out, size_t n)
{
    double r;
    if (effect_rate(g, &r))
        snprintf(out, n, "%5.1f%% (%lld/%lld%s)", 100 * r, (long long)g.events, (long long)g.n, what);
    else
        snprintf(out, n, "    - (0%s)", what);
}

static void text_outcome(const char *label, const struct effect_counts *c, bool reduction)
{
    char t[48], h[48], line[200];
    struct effect e;
    rate_text(c->treatment, "", t, sizeof t);
    rate_text(c->holdout, "", h, sizeof h);
    effect_compute(c, 0, &e);
    effect_format(&e, reduction, line, sizeof line);
    cli_printf("  %-19s %-22s held out %-22s %s\n", label, t, h, line);
}

static void text_cell(const char *title, const struct remind_cell *c)
{
    char clicks[48];
    cli_printf("%s: reminded %lld (%lld blocked by the policy, %lld pending), held out %lld (%lld pending)\n", title,
               (long long)c->treatment, (long long)c->blocked, (long long)(c->treatment - c->delinquent.treatment.n),
               (long long)c->holdout, (long long)(c->holdout - c->delinquent.holdout.n));
    text_outcome("delinquent", &c->delinquent, true);
    text_outcome("paid within a day", &c->paid_1d, false);
    rate_text(c->clicks, " messages", clicks, sizeof clicks);
    cli_printf("  %-19s %s\n", "opened the link", clicks);
}

static void text_out(const struct remind_report *rep, dun_time now, size_t unknown_zone)
{
    char at[40], due[16], title[64];
    iso8601_format(now, 0, true, at, sizeof at);
    cli_printf("Pre-due reminders against the holdout at %s. Delinquent: not paid by the due date plus the grace\n"
               "days; every assignment counts, a blocked reminder too. Read at the horizon fixed in advance.\n\n",
               at);
    if (rep->ncycles == 0) {
        cli_printf("No reminders assigned yet: `dun remind` assigns them.\n");
        return;
    }
    for (size_t i = 0; i < rep->ncycles; i++) {
        date_format(rep->cycle_due[i], due, sizeof due);
        snprintf(title, sizeof title, "Due %s", due);
        text_cell(title, &rep->cycles[i]);
    }
    cli_printf("\n");
    text_cell("All cycles", &rep->all);
    const char *by = "";
    for (size_t i = 0; i < REMIND_SEGMENTS; i++) {
        const struct remind_segment *s = &rep->segments[i];
        if (s->cell.treatment + s->cell.holdout == 0)
            continue;
        if (strcmp(by, s->by) != 0)
            cli_printf("\nBy %s\n", s->by);
        by = s->by;
        text_cell(s->value, &s->cell);
    }
    if (unknown_zone)
        cli_printf("\n%zu assignments left out: their debtor's time zone cannot be loaded.\n", unknown_zone);
}

/* --- JSON -------------------------------------------------------------------------- */

static void json_group(struct strbuf *sb, const char *name, struct effect_group g, int64_t assigned)
{
    double r;
    sb_printf(sb, "\"%s\": {\"n\": %lld, \"events\": %lld, \"pending\": %lld, \"rate\": ", name, (long long)g.n,
              (long long)g.events, (long long)(assigned - g.n));
    if (effect_rate(g, &r))
        sb_printf(sb, "%.6f}", r);
    else
        sb_puts(sb, "null}");
}

static void json_interval(struct strbuf *sb, const char *name, struct effect_interval v)
{
    if (v.ok)
        sb_printf(sb, ", \"%s\": {\"estimate\": %.6f, \"low\": %.6f, \"high\": %.6f}", name, v.est, v.lo, v.hi);
    else
        sb_printf(sb, ", \"%s\": null", name);
}

static void json_outcome(struct strbuf *sb, const char *name, const struct effect_counts *c,
                         const struct remind_cell *cell)
{
    struct effect e;
    effect_compute(c, 0, &e);
    sb_printf(sb, ", \"%s\": {", name);
    json_group(sb, "treatment", c->treatment, cell->treatment);
    sb_puts(sb, ", ");
    json_group(sb, "holdout", c->holdout, cell->holdout);
    json_interval(sb, "difference", e.diff);
    json_interval(sb, "relative_reduction", e.relative);
    if (e.has_mde)
        sb_printf(sb, ", \"mde\": %.6f", e.mde);
    else
        sb_puts(sb, ", \"mde\": null");
    sb_printf(sb, ", \"verdict\": \"%s\", \"reason\": ", effect_verdict_name(e.verdict));
    sb_json_string(sb, e.reason);
    sb_puts(sb, "}");
}

static void json_cell(struct strbuf *sb, const struct remind_cell *c)
{
    double r;
    sb_printf(sb, "\"reminded\": %lld, \"blocked\": %lld, \"held_out\": %lld", (long long)c->treatment,
              (long long)c->blocked, (long long)c->holdout);
    json_outcome(sb, "delinquency", &c->delinquent, c);
    json_outcome(sb, "paid_within_1_day", &c->paid_1d, c);
    sb_printf(sb, ", \"clicks\": {\"messages\": %lld, \"clicked\": %lld, \"rate\": ", (long long)c->clicks.n,
              (long long)c->clicks.events);
    if (effect_rate(c->clicks, &r))
        sb_printf(sb, "%.6f}", r);
    else
        sb_puts(sb, "null}");
}

static void json_out(const struct remind_report *rep, dun_time now, size_t unknown_zone)
{
    struct strbuf sb = {0};
    char at[40], due[16];
    iso8601_format(now, 0, true, at, sizeof at);
    sb_printf(&sb, "{\"at\": \"%s\", \"unknown_zone\": %zu, \"cycles\": [", at, unknown_zone);
    for (size_t i = 0; i < rep->ncycles; i++) {
        date_format(rep->cycle_due[i], due, sizeof due);
        sb_printf(&sb, "%s{\"due_date\": \"%s\", ", i ? ", " : "", due);
        json_cell(&sb, &rep->cycles[i]);
        sb_puts(&sb, "}");
    }
    sb_puts(&sb, "], \"all\": {");
    json_cell(&sb, &rep->all);
    sb_puts(&sb, "}, \"segments\": [");
    bool first = true;
    for (size_t i = 0; i < REMIND_SEGMENTS; i++) {
        const struct remind_segment *s = &rep->segments[i];
        if (s->cell.treatment + s->cell.holdout == 0)
            continue;
        sb_printf(&sb, "%s{\"by\": \"%s\", \"value\": \"%s\", ", first ? "" : ", ", s->by, s->value);
        json_cell(&sb, &s->cell);
        sb_puts(&sb, "}");
        first = false;
    }
    sb_puts(&sb, "]}\n");
    fputs(sb_cstr(&sb), stdout);
    sb_free(&sb);
}

int metrics_reminders(struct cli *cli, struct db *db, struct zone_cache *zones, bool json)
{
    struct remind_result *res;
    size_t n, unknown_zone;
    char err[512];
    if (!remind_store_results(db, cli->now, zones, &res, &n, &unknown_zone, err, sizeof err)) {
        cli_error("%s", err);
        return 2;
    }
    struct remind_report rep;
    bool ok = remind_report_build(res, n, &rep);
    free(res);
    if (!ok) {
        cli_error("out of memory");
        return 2;
    }
    if (json)
        json_out(&rep, cli->now, unknown_zone);
    else
        text_out(&rep, cli->now, unknown_zone);
    remind_report_free(&rep);
    return 0;
}
