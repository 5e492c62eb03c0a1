/* dun remind [--days-before N] [--min-prior-delinquencies K] [--holdout PCT] [--dry-run] [--at TIME] [--json]
 *
 * The daily pre-due reminder batch (issue 12). Active accounts due exactly
 * N days ahead in the debtor's own calendar (the first of its zones that
 * loads, as the compliance engine's day counts use), late K times or more
 * before, are screened (core/remind: cease, attorney, dispute, bankruptcy,
 * deceased, overdue, nothing owed, opted out, no channel, already assigned
 * this due cycle); the rest are drawn into treatment or holdout
 * (deterministic, stratified by prior delinquencies), their wording comes
 * from dun.reminder_rules, and each assignment is stored; a treatment's
 * message is queued in the same transaction through the outbox's
 * compliance check, waiting for its window when the debtor's is closed,
 * 1,000 accounts to a transaction (remind_store_assign_batch). So it is
 * safe from cron at any hour, and a second run queues nothing twice.
 * Exit 0 done, 2 usage, configuration or store error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/db/remind_store.h"
#include "core/db/store.h"
#include "core/remind.h"
#include "core/strbuf.h"
#include "core/zone.h"
#include "tui/cli.h"
#include "tui/messaging.h"
#include "tui/outgoing.h"

const struct cli_usage usage_remind = {
    "remind [--days-before N] [--min-prior-delinquencies K] [--holdout PCT] [--dry-run] [--at TIME] [--json]",
    "Queue pre-due reminders for accounts due N days ahead, keeping a holdout; safe to run from cron at any hour.",
    "  --days-before N                due exactly N days ahead in the debtor's calendar (0 to 60, default 3)\n"
    "  --min-prior-delinquencies K    late at least K times before (0 to 1000, default 2)\n"
    "  --holdout PCT                  percent held out, per stratum of prior delinquencies (0 to 100, default 10)\n"
    "  --dry-run                      list who would get what (ref, channel, template, arm); change nothing\n"
    "  --at TIME                      the moment to run as (ISO 8601 with an offset; at most a minute ahead\n"
    "                                 unless --dry-run)\n"
    "  --json                         the accounts and the summary as one JSON object\n"
    "  exit 0 done (whatever was left out), 2 usage, configuration or store error\n"};

struct remind_args {
    int days, min_prior, pct;
    bool dry, json;
    dun_time at;
};

enum { REMIND_MAX_REASONS = 48 };

struct tally {
    int selected, held_out, queued, waiting;
    int nreasons;
    struct {
        const char *name;
        int n;
    } blocked[REMIND_MAX_REASONS];
    bool config_error; ///< a message could not be rendered (a setting is missing): exit 2
};

static void block(struct tally *t, const char *reason)
{
    for (int i = 0; i < t->nreasons; i++)
        if (strcmp(t->blocked[i].name, reason) == 0) {
            t->blocked[i].n++;
            return;
        }
    if (t->nreasons < REMIND_MAX_REASONS) {
        t->blocked[t->nreasons].name = reason;
        t->blocked[t->nreasons++].n = 1;
    }
}

static bool parse_int(const char *opt, const char *text, int lo, int hi, int *out)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < lo || n > hi) {
        cli_error("%s takes %d to %d, not \"%s\"", opt, lo, hi, text);
        return false;
    }
    *out = (int)n;
    return true;
}

static int parse_args(int argc, char **argv, dun_time now, struct remind_args *a)
{
    *a = (struct remind_args){.days = 3, .min_prior = 2, .pct = 10, .at = now};
    bool at_given = false;
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        const char *o = argv[i];
        if (strcmp(o, "--days-before") == 0 && more) {
            if (!parse_int(o, argv[++i], 0, 60, &a->days))
                return cli_usage_error(&usage_remind);
        } else if (strcmp(o, "--min-prior-delinquencies") == 0 && more) {
            if (!parse_int(o, argv[++i], 0, 1000, &a->min_prior))
                return cli_usage_error(&usage_remind);
        } else if (strcmp(o, "--holdout") == 0 && more) {
            if (!parse_int(o, argv[++i], 0, 100, &a->pct))
                return cli_usage_error(&usage_remind);
        } else if (strcmp(o, "--at") == 0 && more) {
            if (!iso8601_parse(argv[++i], &a->at))
                return cli_usage_errorf(&usage_remind, "--at \"%s\" is not an ISO 8601 time with an offset"
                                        " (e.g. 2026-11-27T07:00:00+09:00)", argv[i]);
            at_given = true;
        } else if (strcmp(o, "--dry-run") == 0)
            a->dry = true;
        else if (strcmp(o, "--json") == 0)
            a->json = true;
        else
            return cli_bad_argument(&usage_remind, argc, argv, i);
    }
    if (at_given && !a->dry && a->at > now + 60)
        return cli_usage_errorf(&usage_remind, "--at is ahead of now: messages are not queued from the future"
                                " (use --dry-run to see a future day)");
    return 0;
}

/* The first of the account's zones that loads; NULL when none does. */
static const struct zone *account_zone(struct zone_cache *zones, const char *names)
{
    char buf[256], err[128];
    snprintf(buf, sizeof buf, "%s", names);
    for (char *save = NULL, *z = strtok_r(buf, " ", &save); z; z = strtok_r(NULL, " ", &save)) {
        const struct zone *found = zone_cache_get(zones, z, err, sizeof err);
        if (found)
            return found;
    }
    return NULL;
}

/* One account that passed the screening, with its draw and wording. */
struct chosen {
    const struct remind_account *acc;
    enum remind_channel ch;
    const struct remind_rule *rule;
    int64_t today;
    const struct zone *zone;
};

/* Everything a run holds, released together. */
struct remind_run {
    struct remind_args args;
    struct db *db;
    struct messaging msg;
    struct zone_cache *zones;
    struct remind_account *accs;
    size_t naccs;
    struct remind_rule *rules;
    size_t nrules;
    struct template_row *templates;
    size_t ntemplates;
    struct policy *pols;
    size_t npols;
    struct chosen *chosen;
    struct remind_pick *picks;
    size_t nchosen;
    struct tally tally;
    struct strbuf json; ///< the accounts array, with --json
};

static void run_free(struct remind_run *r)
{
    free(r->accs);
    free(r->rules);
    free(r->templates);
    free(r->pols);
    free(r->chosen);
    free(r->picks);
    sb_free(&r->json);
    zone_cache_free(&r->zones);
    db_close(&r->db);
    messaging_free(&r->msg);
}

/* A wording rule's template with {{link}} needs public_url: said once,
 * before anything is assigned, rather than once per account. */
static bool links_configured(struct remind_run *r)
{
    char link[600];
    if (outgoing_new_link(&r->msg, r->db->target.embedded, link, sizeof link))
        return true;
    for (size_t i = 0; i < r->nrules; i++)
        for (size_t k = 0; k < r->ntemplates; k++) {
            const struct template_row *t = &r->templates[k];
            if (strcmp(t->name, r->rules[i].template_name) == 0 &&
                (template_has_field(t->body, "link") || template_has_field(t->subject, "link"))) {
                cli_error("the reminder template %s (%s, %s) carries {{link}}, and public_url is not set: set it in"
                          " dun.conf to the address debtors reach dun serve at (see the operator guide)",
                          t->name, t->channel, t->language);
                return false;
            }
        }
    return true;
}

static bool run_load(struct remind_run *r, struct cli *cli)
{
    char err[1024];
    int64_t lo, hi;
    if (!messaging_load(&r->msg, err, sizeof err)) {
        cli_error("%s", err);
        return false;
    }
    if (!(r->db = cli_open_db(cli, true)))
        return false;
    if (!(r->zones = zone_cache_new())) {
        cli_error("out of memory");
        return false;
    }
    remind_due_range(r->args.at, r->args.days, &lo, &hi);
    if (!remind_store_candidates(r->db, lo, hi, r->args.min_prior, &r->accs, &r->naccs, err, sizeof err) ||
        !remind_store_rules(r->db, &r->rules, &r->nrules, err, sizeof err) ||
        !store_templates_load(r->db, &r->templates, &r->ntemplates, err, sizeof err) ||
        !store_policies_load(r->db, &r->pols, &r->npols, NULL, err, sizeof err)) {
        cli_error("%s", err);
        return false;
    }
    if (!links_configured(r))
        return false;
    r->chosen = calloc(r->naccs ? r->naccs : 1, sizeof *r->chosen);
    r->picks = calloc(r->naccs ? r->naccs : 1, sizeof *r->picks);
    if (!r->chosen || !r->picks) {
        cli_error("out of memory");
        return false;
    }
    return true;
}

/* Select, screen and pick the wording; what is left goes to the draw. */
static void screen_all(struct remind_run *r)
{
    for (size_t i = 0; i < r->naccs; i++) {
        const struct remind_account *a = &r->accs[i];
        const struct zone *z = account_zone(r->zones, a->zones);
        if (!z) {
            /* Its calendar is unknown: whether it is due N days ahead too. */
            r->tally.selected++;
            block(&r->tally, "zone_unknown");
            continue;
        }
        int64_t today = remind_local_today(z, r->args.at);
        if (!remind_due_in(a->due, today, r->args.days))
            continue;
        r->tally.selected++;
        enum remind_channel ch;
        enum remind_skip s = remind_screen(&a->facts, &ch);
        if (s != RS_NONE) {
            block(&r->tally, remind_skip_name(s));
            continue;
        }
        struct remind_traits traits = {a->language, a->currency, a->balance_minor, a->prior,
                                       a->has_birth ? remind_age(a->birth, today) : -1};
        const struct remind_rule *rule = remind_rule_match(r->rules, r->nrules, &traits);
        if (!rule) {
            block(&r->tally, "no_rule");
            continue;
        }
        r->chosen[r->nchosen] = (struct chosen){a, ch, rule, today, z};
        r->picks[r->nchosen] = (struct remind_pick){.ref = a->ref, .due = a->due, .stratum = remind_stratum(a->prior)};
        r->nchosen++;
    }
}

static const char *ch_name(enum remind_channel ch) { return ch == RC_SMS ? "sms" : "email"; }

/* One line per account (text), or one object in the JSON array. */
static void report(struct remind_run *r, size_t i, const char *outcome, int64_t id, dun_time release)
{
    const struct chosen *c = &r->chosen[i];
    const struct remind_pick *p = &r->picks[i];
    char rel[40] = "";
    if (release)
        iso8601_format(release, zone_offset(c->zone, release), false, rel, sizeof rel);
    if (r->args.json) {
        struct strbuf *sb = &r->json;
        sb_puts(sb, sb->len ? ", {\"ref\": " : "{\"ref\": ");
        sb_json_string(sb, c->acc->ref);
        sb_printf(sb, ", \"channel\": \"%s\", \"template\": ", ch_name(c->ch));
        sb_json_string(sb, c->rule->template_name);
        sb_printf(sb, ", \"tone\": \"%s\", \"arm\": \"%s\", \"stratum\": %d, \"outcome\": \"%s\"", c->rule->tone,
                  p->holdout ? "holdout" : "treatment", p->stratum, outcome);
        if (id)
            sb_printf(sb, ", \"message_id\": %lld, \"release_at\": \"%s\"", (long long)id, rel);
        sb_puts(sb, "}");
        return;
    }
    cli_printf("%s\t%s\t%s\t%s\tstratum %d\t%s", c->acc->ref, ch_name(c->ch), c->rule->template_name,
               p->holdout ? "holdout" : "treatment", p->stratum, outcome);
    if (id)
        cli_printf(" (message %lld, released %s)", (long long)id, rel);
    cli_printf("\n");
}

/* Render the treatment's message; false (counted) when it cannot go. */
static bool render(struct remind_run *r, const struct chosen *c, const struct outgoing *o, const char **target,
                   const struct template_row **t, char *subject, size_t sn, char *body, size_t bn)
{
    enum channel ch = c->ch == RC_SMS ? CH_SMS : CH_EMAIL;
    char why[512];
    if (!(*t = outgoing_find(o, c->rule->template_name, ch))) {
        cli_error("%s: no %s template \"%s\" (dun.reminder_rules names it)", c->acc->ref, channel_name(ch),
                  c->rule->template_name);
        block(&r->tally, "no_template");
        return false;
    }
    if (!outgoing_fits(o, *t, c->today, why, sizeof why)) {
        block(&r->tally, "does_not_fit");
        return false;
    }
    if (!(*target = outgoing_target(o, ch))) {
        block(&r->tally, "no_contact_point");
        return false;
    }
    if (!outgoing_render(o, ch, (*t)->subject, (*t)->body, subject, sn, body, bn, why, sizeof why)) {
        cli_error("%s: %s cannot be rendered: %s", c->acc->ref, (*t)->name, why);
        block(&r->tally, "render_error");
        r->tally.config_error = true;
        return false;
    }
    return true;
}

/* One item's result; a store error was said once for its chunk. */
static void count_result(struct remind_run *r, size_t i, int q, const struct verdict *v, int64_t id, dun_time rel)
{
    if (q == 1) {
        if (r->picks[i].holdout)
            r->tally.held_out++;
        else {
            r->tally.queued++;
            r->tally.waiting += rel > r->args.at;
        }
        report(r, i, r->picks[i].holdout ? "held_out" : rel > r->args.at ? "waits_for_window" : "queued", id, rel);
    } else if (q == 0) {
        block(&r->tally, v->nreasons ? reason_name(v->reasons[0].code) : "refused");
    } else if (q == REMIND_ALREADY) {
        block(&r->tally, "already_reminded");
    } else {
        block(&r->tally, "store_error");
        r->tally.config_error = true;
    }
}

enum { REMIND_CHUNK = 1000 }; /* accounts locked and written together */

/* One treatment's rendered message, alive until its chunk is stored. */
struct rendered {
    char subject[512], body[4096];
};

static int by_detail_id(const void *key, const void *item)
{
    int64_t k = *(const int64_t *)key, id = ((const struct account_detail *)item)->id;
    return (k > id) - (k < id);
}

/* The treatments' accounts of chosen [from, to), loaded together. */
static bool load_details(struct remind_run *r, size_t from, size_t to, struct account_detail **out, size_t *n,
                         char *err, size_t errlen)
{
    int64_t *ids = malloc((to - from) * sizeof *ids);
    size_t k = 0;
    if (!ids) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (size_t i = from; i < to; i++)
        if (!r->picks[i].holdout)
            ids[k++] = r->chosen[i].acc->id;
    bool ok = store_accounts_load(r->db, ids, k, r->args.at, out, n, err, errlen);
    free(ids);
    return ok;
}

/* Item k for chosen i: its assignment and, for a treatment, its message
 * rendered into m; false (counted) when it cannot be rendered. */
static bool make_item(struct remind_run *r, size_t i, struct account_detail *details, size_t ndetails,
                      struct rendered *m, struct remind_item *it)
{
    const struct chosen *c = &r->chosen[i];
    *it = (struct remind_item){.a = {.account_id = c->acc->id, .due = c->acc->due, .holdout = r->picks[i].holdout,
                                     .stratum = r->picks[i].stratum, .template_name = c->rule->template_name,
                                     .tone = c->rule->tone, .channel = ch_name(c->ch), .holdout_pct = r->args.pct,
                                     .at = r->args.at}};
    if (it->a.holdout)
        return true;
    struct account_detail *acc = bsearch(&c->acc->id, details, ndetails, sizeof *details, by_detail_id);
    if (!acc) {
        block(&r->tally, "gone");
        return false;
    }
    struct outgoing o = {.acc = acc, .templates = r->templates, .ntemplates = r->ntemplates, .msg = &r->msg,
                         .demo = r->db->target.embedded, .policy = policy_find(r->pols, r->npols, acc->policy)};
    const char *target;
    const struct template_row *t;
    if (!render(r, c, &o, &target, &t, m->subject, sizeof m->subject, m->body, sizeof m->body))
        return false;
    it->req = (struct outbox_request){.ref = c->acc->ref, .channel = c->ch == RC_SMS ? CH_SMS : CH_EMAIL,
                                      .target = target, .subject = m->subject, .body = m->body,
                                      .template_name = t->name, .now = r->args.at, .wait_for_window = true,
                                      .link_days = outgoing_link_days(&r->msg)};
    return true;
}

/* Store chosen [from, to) in one transaction, queueing the treatments'
 * messages with their assignments. */
static void assign_chunk(struct remind_run *r, size_t from, size_t to)
{
    char err[1024];
    struct account_detail *details = NULL;
    size_t ndetails = 0, n = 0;
    struct rendered *m = calloc(to - from, sizeof *m);
    struct remind_item *items = calloc(to - from, sizeof *items);
    size_t *which = calloc(to - from, sizeof *which);
    if (!m || !items || !which || !load_details(r, from, to, &details, &ndetails, err, sizeof err)) {
        cli_error("could not load accounts: %s", m && items && which ? err : "out of memory");
        for (size_t i = from; i < to; i++)
            block(&r->tally, "store_error");
        r->tally.config_error = true;
        goto out;
    }
    for (size_t i = from; i < to; i++)
        if (make_item(r, i, details, ndetails, &m[n], &items[n]))
            which[n++] = i;
    if (!remind_store_assign_batch(r->db, items, n, r->zones, err, sizeof err))
        cli_error("%zu accounts not stored: %s", n, err);
    for (size_t k = 0; k < n; k++)
        count_result(r, which[k], items[k].result, &items[k].v, items[k].message_id,
                     items[k].result == 1 && !items[k].a.holdout ? items[k].release_at : 0);
out:
    free(details);
    free(m);
    free(items);
    free(which);
}

static void summary(struct remind_run *r)
{
    const struct tally *t = &r->tally;
    char at[40];
    iso8601_format(r->args.at, 0, true, at, sizeof at);
    if (r->args.json) {
        struct strbuf sb = {0};
        sb_printf(&sb, "{\"at\": \"%s\", \"dry_run\": %s, \"days_before\": %d, \"min_prior_delinquencies\": %d,"
                       " \"holdout_pct\": %d, \"accounts\": [%s], \"selected\": %d, \"held_out\": %d,"
                       " \"queued\": %d, \"waiting_for_window\": %d, \"blocked\": {",
                  at, r->args.dry ? "true" : "false", r->args.days, r->args.min_prior, r->args.pct,
                  sb_cstr(&r->json), t->selected, t->held_out, t->queued, t->waiting);
        for (int i = 0; i < t->nreasons; i++)
            sb_printf(&sb, "%s\"%s\": %d", i ? ", " : "", t->blocked[i].name, t->blocked[i].n);
        sb_puts(&sb, "}}\n");
        fputs(sb_cstr(&sb), stdout);
        sb_free(&sb);
        return;
    }
    cli_printf("%s %d selected (due in %d days, late %d times or more before), %d held out, %d %s (%d waiting"
               " for their window)",
               r->args.dry ? "dry run:" : "remind:", t->selected, r->args.days, r->args.min_prior, t->held_out,
               t->queued, r->args.dry ? "would be queued" : "queued", t->waiting);
    int blocked = 0;
    for (int i = 0; i < t->nreasons; i++)
        blocked += t->blocked[i].n;
    cli_printf(", %d left out%s", blocked, blocked ? ":" : "");
    for (int i = 0; i < t->nreasons; i++)
        cli_printf(" %s %d%s", t->blocked[i].name, t->blocked[i].n, i + 1 < t->nreasons ? "," : "");
    cli_printf("\n");
}

int cmd_remind(struct cli *cli, int argc, char **argv)
{
    struct remind_run r = {0};
    int bad = parse_args(argc, argv, cli->now, &r.args);
    if (bad)
        return bad;
    int rc = 2;
    if (!run_load(&r, cli))
        goto out;
    screen_all(&r);
    if (!remind_assign(r.picks, r.nchosen, r.args.pct)) {
        cli_error("out of memory");
        goto out;
    }
    for (size_t i = 0; !r.args.dry && i < r.nchosen; i += REMIND_CHUNK)
        assign_chunk(&r, i, i + REMIND_CHUNK < r.nchosen ? i + REMIND_CHUNK : r.nchosen);
    for (size_t i = 0; r.args.dry && i < r.nchosen; i++) {
        if (r.picks[i].holdout)
            r.tally.held_out++;
        else
            r.tally.queued++;
        report(&r, i, r.picks[i].holdout ? "would_hold_out" : "would_queue", 0, 0);
    }
    summary(&r);
    rc = r.tally.config_error ? 2 : 0;
out:
    run_free(&r);
    return rc;
}
