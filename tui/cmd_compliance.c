/* dun contact-check REF [--at TIME] [--json]
 * dun log-contact REF --channel C --target T --outcome O [--at TIME] [--in] [--consent] [--note TEXT] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact_row.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "core/zone.h"
#include "tui/cli.h"

enum { MAX_VERDICTS = 32 };

/* "2026-11-23 08:00 JST (Mon) / 2026-11-22 18:00 EST for you" */
static void print_text(const struct debtor_record *rec, const struct verdict *v, size_t n, dun_time at,
                       const struct zone *z, const struct zone *agent_zone)
{
    char buf[200];
    zone_format_both(at, z, agent_zone, true, buf, sizeof buf);
    cli_printf("%s  policy %s  at %s\n", rec->ref, rec->policy_code[0] ? rec->policy_code : "none", buf);
    if (rec->debtor.nzones == 0)
        cli_printf("  (times in UTC: the debtor's zone is unknown)\n");
    for (size_t i = 0; i < n; i++) {
        cli_printf("  %-6s %-28s %s\n", channel_name(v[i].channel), v[i].target[0] ? v[i].target : "-",
               v[i].allowed ? "ALLOWED" : "blocked");
        for (int k = 0; k < v[i].nreasons; k++)
            cli_printf("         %-18s %s\n", reason_name(v[i].reasons[k].code), v[i].reasons[k].text);
        if (!v[i].allowed) {
            if (v[i].has_next) {
                zone_format_both(v[i].next_allowed, z, agent_zone, true, buf, sizeof buf);
                cli_printf("         next allowed: %s\n", buf);
            } else {
                cli_printf("         next allowed: only when the flag above changes\n");
            }
        }
        if (v[i].needs_opt_out_notice)
            cli_printf("         messages must carry opt-out instructions\n");
    }
}

static void print_json(const struct debtor_record *rec, const struct verdict *v, size_t n, dun_time at,
                       const struct zone *z)
{
    struct strbuf sb = {0};
    char t[40];
    iso8601_format(at, zone_offset(z, at), false, t, sizeof t);
    sb_puts(&sb, "{\"ref\": ");
    sb_json_string(&sb, rec->ref);
    sb_printf(&sb, ", \"at\": \"%s\", \"policy\": ", t);
    if (rec->policy_code[0])
        sb_json_string(&sb, rec->policy_code);
    else
        sb_puts(&sb, "null");
    sb_puts(&sb, ", \"verdicts\": [");
    for (size_t i = 0; i < n; i++) {
        sb_printf(&sb, "%s\n  {\"channel\": \"%s\", \"target\": ", i ? "," : "", channel_name(v[i].channel));
        sb_json_string(&sb, v[i].target);
        sb_printf(&sb, ", \"allowed\": %s, \"reasons\": [", v[i].allowed ? "true" : "false");
        for (int k = 0; k < v[i].nreasons; k++) {
            sb_printf(&sb, "%s{\"code\": \"%s\", \"text\": ", k ? ", " : "", reason_name(v[i].reasons[k].code));
            sb_json_string(&sb, v[i].reasons[k].text);
            sb_puts(&sb, "}");
        }
        sb_puts(&sb, "], \"next_allowed\": ");
        if (v[i].has_next) {
            iso8601_format(v[i].next_allowed, zone_offset(z, v[i].next_allowed), false, t, sizeof t);
            sb_printf(&sb, "\"%s\"", t);
        } else {
            sb_puts(&sb, "null");
        }
        sb_printf(&sb, ", \"needs_opt_out_notice\": %s}", v[i].needs_opt_out_notice ? "true" : "false");
    }
    sb_puts(&sb, "\n]}\n");
    fputs(sb_cstr(&sb), stdout);
    sb_free(&sb);
}

static bool parse_at(const char *text, dun_time *at)
{
    if (!iso8601_parse(text, at)) {
        cli_error("--at \"%s\" is not an ISO 8601 time with an offset (e.g. 2026-11-22T20:59:00+09:00)", text);
        return false;
    }
    return true;
}

const struct cli_usage usage_contact_check = {
    "contact-check REF [--at ISO-8601] [--json]",
    "Every channel's verdict for the account: allowed or blocked, every reason, when it opens.", NULL};

int cmd_contact_check(struct cli *cli, int argc, char **argv)
{
    const char *ref = NULL;
    bool json = false;
    dun_time at = cli->now;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc) {
            if (!parse_at(argv[++i], &at))
                return 2;
        } else if (!ref && argv[i][0] != '-')
            ref = argv[i];
        else
            return cli_bad_argument(&usage_contact_check, argc, argv, i);
    }
    if (!ref)
        return cli_usage_errorf(&usage_contact_check, "the account's REF is missing");
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct policy *pols = NULL;
    struct debtor_record *recs = NULL;
    size_t npols = 0, nrecs = 0;
    char err[1024];
    int rc = 2;
    struct zone_cache *zones = zone_cache_new();
    if (!store_policies_load(db, &pols, &npols, NULL, err, sizeof err)) {
        cli_error("%s", err);
        goto out;
    }
    struct debtor_query q = {.ref = ref, .now = at, .since = compliance_history_since(pols, npols, at)};
    if (!store_debtors_load(db, &q, &recs, &nrecs, err, sizeof err)) {
        cli_error("%s", err);
        goto out;
    }
    if (nrecs != 1) {
        cli_error("no account with ref \"%s\"", ref);
        goto out;
    }
    debtor_records_bind(recs, nrecs, zones);
    const struct policy *pol = policy_find(pols, npols, recs[0].policy_code); /* NULL: no_policy verdicts */
    /* Times are shown in the debtor's first zone; with none loaded in UTC,
     * saying so (the verdicts do not rest on it: zone_unknown). */
    const struct zone *shown = recs[0].debtor.nzones > 0 ? recs[0].debtor.zones[0]
                                                         : zone_cache_get(zones, "UTC", err, sizeof err);
    if (!shown) {
        cli_error("cannot load the UTC time zone: %s", err);
        goto out;
    }
    struct agent agent;
    const struct zone *agent_zone = NULL;
    if (cli->agent && cli_resolve_agent(cli, db, &agent))
        agent_zone = zone_cache_get(zones, agent.time_zone, err, sizeof err);
    if (!agent_zone) /* the agent's zone when known, else the machine's */
        agent_zone = zone_cache_get(zones, getenv("TZ") && *getenv("TZ") ? getenv("TZ") : "Asia/Tokyo", err, sizeof err);
    if (!agent_zone)
        agent_zone = shown;
    struct verdict v[MAX_VERDICTS];
    size_t n = compliance_all(pol, &recs[0].debtor, at, v, MAX_VERDICTS);
    if (json)
        print_json(&recs[0], v, n, at, shown);
    else
        print_text(&recs[0], v, n, at, shown, agent_zone);
    rc = 0;
out:
    debtor_records_free(&recs, &nrecs);
    free(pols);
    zone_cache_free(&zones);
    db_close(&db);
    return rc;
}

const struct cli_usage usage_log_contact = {
    "log-contact REF --channel C --target T --outcome O [--at ISO-8601] [--in] [--consent] [--note TEXT]",
    "Record a contact through the compliance engine; an outbound one the policy forbids is refused (exit 3).",
    "  channels: phone sms email letter; the target is a number or an address\n"
    "  outcomes: not_connected no_answer busy voicemail conversation third_party\n"
    "            wrong_number refused dispute callback_requested sent delivered failed\n"
    "  --target  needed for an outbound contact; an inbound one may leave it out\n"
    "  --at      when it happened (default now); not more than a minute ahead of now\n"
    "  --in      the debtor contacted us (always recorded)\n"
    "  --agent LOGIN before the command: as that agent, on an account they may act on (else exit 2)\n"
    "  exit 0 recorded, 2 usage or setup error, 3 refused by the policy (nothing recorded)\n"};

/* A contact is logged once it has happened: a minute's grace for another
 * machine's clock, no more (a call logged ahead would count against that
 * day's cap). */
enum { LOG_AHEAD_SECONDS = 60 };

/* What the parsed command line lacks or gets wrong (at: --at as given, or
 * NULL); sets c->channel. 0 when it is whole, else the exit status after
 * saying so. */
static int check_contact_args(const struct cli *cli, struct contact_record *c, const char *channel, const char *at)
{
    const struct cli_usage *u = &usage_log_contact;
    if (!c->ref)
        return cli_usage_errorf(u, "the account's REF is missing");
    if (!channel)
        return cli_usage_errorf(u, "--channel is missing");
    if (!channel_parse(channel, &c->channel))
        return cli_usage_errorf(u, "--channel takes phone, sms, email or letter, not %s", channel);
    if (!c->outcome)
        return cli_usage_errorf(u, "--outcome is missing");
    if (!contact_outcome_valid(c->outcome))
        return cli_usage_errorf(u, "--outcome takes one of the outcomes below, not \"%s\"", c->outcome);
    if (c->outbound && (!c->target || !c->target[0]))
        return cli_usage_errorf(u, "an outbound contact needs --target (the number or address contacted)");
    if (at && c->at > cli->now + LOG_AHEAD_SECONDS) {
        char now[40];
        iso8601_format(cli->now, 0, true, now, sizeof now);
        cli_error("--at %s is in the future (it is %s now): log a contact once it has happened", at, now);
        return 2;
    }
    return 0;
}

/* A refused contact's "next allowed", as the workstation says it
 * (zone_format_near): the debtor's clock, with the day when it is not
 * today, and the acting agent's clock beside it when it reads differently;
 * the debtor's alone when no agent acts. UTC, said so, when the debtor's
 * zone cannot be loaded. */
static void print_next_allowed(struct db *db, const struct contact_record *c, const struct agent *agent,
                               struct zone_cache *zones, dun_time now, dun_time next)
{
    struct debtor_query q = {.ref = c->ref, .now = c->at, .since = c->at};
    struct debtor_record *recs = NULL;
    size_t n = 0;
    char err[256], at[200];
    const struct zone *debtor = NULL;
    if (store_debtors_load(db, &q, &recs, &n, err, sizeof err) && n == 1) {
        debtor_records_bind(recs, n, zones);
        debtor = recs[0].debtor.nzones > 0 ? recs[0].debtor.zones[0] : NULL; /* the cache's */
    }
    debtor_records_free(&recs, &n);
    const struct zone *shown = debtor ? debtor : zone_cache_get(zones, "UTC", err, sizeof err);
    const struct zone *mine = agent ? zone_cache_get(zones, agent->time_zone, err, sizeof err) : NULL;
    if (!shown) { /* not even UTC loads: the instant itself */
        iso8601_format(next, 0, true, at, sizeof at);
        cli_fprintf(stderr, "  next allowed: %s\n", at);
        return;
    }
    zone_format_near(next, now, shown, mine ? mine : shown, at, sizeof at);
    cli_fprintf(stderr, "  next allowed: %s%s\n", at, debtor ? "" : " (the debtor's zone is unknown)");
}

int cmd_log_contact(struct cli *cli, int argc, char **argv)
{
    struct contact_record c = {.outbound = true, .at = cli->now};
    const char *channel = NULL, *at = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (strcmp(a, "--channel") == 0 && more)
            channel = argv[++i];
        else if (strcmp(a, "--target") == 0 && more)
            c.target = argv[++i];
        else if (strcmp(a, "--outcome") == 0 && more)
            c.outcome = argv[++i];
        else if (strcmp(a, "--note") == 0 && more)
            c.note = argv[++i];
        else if (strcmp(a, "--at") == 0 && more) {
            if (!parse_at(at = argv[++i], &c.at))
                return 2;
        } else if (strcmp(a, "--in") == 0)
            c.outbound = false;
        else if (strcmp(a, "--consent") == 0)
            c.consent_given = true;
        else if (!c.ref && a[0] != '-')
            c.ref = a;
        else
            return cli_bad_argument(&usage_log_contact, argc, argv, i);
    }
    int bad = check_contact_args(cli, &c, channel, at);
    if (bad)
        return bad;
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent agent;
    int acting = cli_acting_agent(cli, db, c.ref, "nothing recorded", &agent);
    if (acting < 0) {
        db_close(&db);
        return 2;
    }
    if (acting)
        c.agent_id = agent.id;
    struct zone_cache *zones = zone_cache_new();
    struct verdict v;
    char err[1024];
    int r = store_log_contact(db, &c, zones, &v, err, sizeof err);
    int rc = 0;
    if (r < 0) {
        cli_error("%s", err);
        rc = 2;
    } else if (r == 0) {
        cli_fprintf(stderr, "dun: refused: %s to %s is not allowed now\n", channel_name(c.channel),
                c.target ? c.target : "-");
        for (int k = 0; k < v.nreasons; k++)
            cli_fprintf(stderr, "  %s: %s\n", reason_name(v.reasons[k].code), v.reasons[k].text);
        if (v.has_next)
            print_next_allowed(db, &c, acting ? &agent : NULL, zones, cli->now, v.next_allowed);
        rc = 3;
    } else {
        cli_printf("recorded: %s %s %s %s\n", c.ref, channel_name(c.channel), c.outbound ? "out" : "in", c.outcome);
    }
    zone_cache_free(&zones);
    db_close(&db);
    return rc;
}
