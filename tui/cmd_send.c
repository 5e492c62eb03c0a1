/* dun send REF --channel sms|email [--template NAME] [--wait] [--undo SECONDS] [--json]
 *
 * One message from a script: the account's recommended template (or the
 * named one), rendered by the module the account screen uses (tui/outgoing.h),
 * queued in the outbox under the account lock and the compliance check. It
 * never talks to a gateway: the sender (dun serve, or a demo TUI) delivers
 * it. Exit 0 queued, 2 usage, setup or render error, 3 refused (by the
 * policy, a template that does not fit the account, or an identical message
 * still waiting). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "core/zone.h"
#include "tui/cli.h"
#include "tui/messaging.h"
#include "tui/outgoing.h"

enum { MAX_UNDO = 300 };

struct send_args {
    const char *ref;
    const char *template_name; ///< NULL: the recommended one
    enum channel channel;
    bool wait, json;
    int undo;
};

const struct cli_usage usage_send = {
    "[--agent LOGIN] send REF --channel sms|email [--template NAME] [--wait] [--undo SECONDS] [--json]",
    "Queue one SMS or email for the account: the recommended template, or NAME; dun serve delivers it.",
    "  --wait          refused only until a time (quiet hours, a cap): queue it for then\n"
    "  --undo SECONDS  hold it that long before release (0 to 300, default 0)\n"
    "  --agent LOGIN   send as that agent, on an account they may act on (else the system sends)\n"
    "  NAME must fit the account: a first notice needs something overdue, thanks a recent payment, ...\n"
    "  exit 0 queued, 2 usage, setup or render error, 3 refused (nothing queued): by the policy, a\n"
    "  template that would say something untrue of the account, or an identical message still waiting\n"};

static bool parse_undo(const char *text, int *undo)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 0 || n > MAX_UNDO) {
        cli_error("--undo takes 0 to %d seconds, not \"%s\"", MAX_UNDO, text);
        return false;
    }
    *undo = (int)n;
    return true;
}

/* 0 when the command line is whole, else the exit status after saying what
 * is wrong. */
static int parse_args(int argc, char **argv, struct send_args *a)
{
    const char *channel = NULL;
    for (int i = 1; i < argc; i++) {
        bool more = i + 1 < argc;
        if (strcmp(argv[i], "--channel") == 0 && more)
            channel = argv[++i];
        else if (strcmp(argv[i], "--template") == 0 && more)
            a->template_name = argv[++i];
        else if (strcmp(argv[i], "--undo") == 0 && more) {
            if (!parse_undo(argv[++i], &a->undo))
                return 2;
        } else if (strcmp(argv[i], "--wait") == 0)
            a->wait = true;
        else if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (!a->ref && argv[i][0] != '-')
            a->ref = argv[i];
        else
            return cli_bad_argument(&usage_send, argc, argv, i);
    }
    if (!a->ref)
        return cli_usage_errorf(&usage_send, "the account's REF is missing");
    if (!channel)
        return cli_usage_errorf(&usage_send, "--channel is missing");
    if (!channel_parse(channel, &a->channel) || (a->channel != CH_SMS && a->channel != CH_EMAIL))
        return cli_usage_errorf(&usage_send, "--channel takes sms or email, not %s", channel);
    return 0;
}

/* The template to send; NULL after saying what there is for this channel
 * and language. */
static const struct template_row *choose(const struct outgoing *o, const struct send_args *a)
{
    const struct template_row *t = a->template_name ? outgoing_find(o, a->template_name, a->channel)
                                                    : outgoing_recommended(o, a->channel);
    if (t)
        return t;
    enum channel other = a->channel == CH_SMS ? CH_EMAIL : CH_SMS;
    if (!a->template_name)
        cli_error("no %s template for %s in language \"%s\"", channel_name(a->channel), outgoing_purpose(o),
                  o->acc->language);
    else if (outgoing_find(o, a->template_name, other))
        cli_error("%s is a template for %s, not %s", a->template_name, channel_name(other), channel_name(a->channel));
    else
        cli_error("no %s template named \"%s\"", channel_name(a->channel), a->template_name);
    char names[1024];
    outgoing_list(o, a->channel, names, sizeof names);
    cli_fprintf(stderr, "     %s templates in \"%s\": %s\n", channel_name(a->channel), o->acc->language,
            names[0] ? names : "none");
    return NULL;
}

/* After a render error: where the missing value comes from, when the error
 * names a field ("{{phone}} has no value: ..."). */
static void field_hint(const char *err)
{
    const char *open = strstr(err, "{{"), *close = open ? strstr(open, "}}") : NULL;
    char field[32];
    if (!close || (size_t)(close - open - 2) >= sizeof field)
        return;
    snprintf(field, sizeof field, "%.*s", (int)(close - open - 2), open + 2);
    const char *setting = outgoing_setting_for(field);
    if (setting)
        cli_fprintf(stderr, "     set %s in dun.conf (see the operator guide)\n", setting);
    else if (strcmp(field, "agent") == 0)
        cli_fprintf(stderr, "     send as an agent: dun --agent LOGIN send ...\n");
}

static bool render(const struct outgoing *o, const struct template_row *t, enum channel ch, char *subject, size_t sn,
                   char *body, size_t bn)
{
    char err[512];
    if (outgoing_render(o, ch, t->subject, t->body, subject, sn, body, bn, err, sizeof err))
        return true;
    cli_error("%s for %s cannot be rendered: %s", t->name, o->acc->ref, err);
    field_hint(err);
    return false;
}

/* opens: when it opens, as the workstation says it (see when()). */
static void print_refused(const struct verdict *v, const struct send_args *a, const char *target, const char *opens)
{
    cli_fprintf(stderr, "dun: refused: %s to %s is not allowed now\n", channel_name(a->channel), target);
    for (int k = 0; k < v->nreasons; k++)
        cli_fprintf(stderr, "  %s: %s\n", reason_name(v->reasons[k].code), v->reasons[k].text);
    if (!v->has_next) {
        cli_fprintf(stderr, "  opens only when the flag above changes\n");
        return;
    }
    cli_fprintf(stderr, "  opens %s%s\n", opens, a->wait ? "" : "; --wait queues it for then");
}

static void print_json(int64_t id, const struct send_args *a, const char *template_name, const char *target,
                       dun_time release, const struct zone *z, const char *subject, const char *body)
{
    struct strbuf sb = {0};
    char t[40];
    iso8601_format(release, zone_offset(z, release), false, t, sizeof t);
    sb_printf(&sb, "{\"id\": %lld, \"ref\": ", (long long)id);
    sb_json_string(&sb, a->ref);
    sb_printf(&sb, ", \"channel\": \"%s\", \"template\": ", channel_name(a->channel));
    sb_json_string(&sb, template_name);
    sb_puts(&sb, ", \"target\": ");
    sb_json_string(&sb, target);
    sb_printf(&sb, ", \"release_at\": \"%s\", \"subject\": ", t);
    sb_json_string(&sb, subject);
    sb_puts(&sb, ", \"body\": ");
    sb_json_string(&sb, body);
    sb_puts(&sb, "}\n");
    fputs(sb_cstr(&sb), stdout);
    sb_free(&sb);
}

static void print_queued(int64_t id, const struct send_args *a, const char *template_name, const char *target,
                         dun_time now, dun_time release, const char *at)
{
    cli_printf("queued: message %lld, %s to %s (%s) for %s\n", (long long)id, channel_name(a->channel), target,
           template_name, a->ref);
    /* The undo window alone is expected; a later release is the window. */
    cli_printf("%s %s\n", release > now + a->undo ? "waits for its window: released at" : "released at", at);
}

/* Everything one send needs, released together. */
struct send_ctx {
    struct messaging msg;      ///< zeroed until loaded: messaging_free is safe either way
    struct db *db;
    struct agent agent;
    bool acting;               ///< an agent sends (else the system: agent unset)
    struct outgoing_book book;
    struct zone_cache *zones;
};

static void ctx_free(struct send_ctx *c)
{
    outgoing_book_free(&c->book);
    zone_cache_free(&c->zones);
    db_close(&c->db);
    messaging_free(&c->msg);
}

/* Settings, database, agent and the account; false after saying why. */
static bool ctx_open(struct send_ctx *c, struct cli *cli, const struct send_args *a)
{
    char err[1024];
    if (!messaging_load(&c->msg, err, sizeof err)) {
        cli_error("%s", err);
        return false;
    }
    if (!(c->db = cli_open_db(cli, true)))
        return false;
    int acting = cli_acting_agent(cli, c->db, a->ref, "nothing queued", &c->agent);
    if (acting < 0)
        return false;
    /* No agent: the system sends (agent_id 0); {{agent}} has no value. */
    c->acting = acting == 1;
    int found = outgoing_book_load(c->db, a->ref, cli->now, &c->msg, c->acting ? c->agent.display_name : NULL,
                                   &c->book, err, sizeof err);
    if (found == 0)
        cli_error("no account with ref \"%s\"", a->ref);
    else if (found < 0)
        cli_error("could not load %s: %s", a->ref, err);
    if (found <= 0)
        return false;
    if (!(c->zones = zone_cache_new())) {
        cli_error("out of memory");
        return false;
    }
    return true;
}

static const struct zone *debtor_zone(struct send_ctx *c)
{
    char err[128];
    const struct zone *z = zone_cache_get(c->zones, c->book.acc.first_zone, err, sizeof err);
    return z ? z : zone_cache_get(c->zones, "UTC", err, sizeof err);
}

/* The acting agent's clock; the debtor's when the system acts. */
static const struct zone *agent_zone(struct send_ctx *c)
{
    char err[128];
    const struct zone *z = c->acting ? zone_cache_get(c->zones, c->agent.time_zone, err, sizeof err) : NULL;
    return z ? z : debtor_zone(c);
}

/* t as the workstation says it (zone_format_near): the debtor's clock, with
 * the day when it is not today, and the agent's beside it when it reads
 * differently: "Sat 11-21 08:00 JST (yours: Fri 11-20 18:00 EST)". */
static void when(struct send_ctx *c, dun_time t, dun_time now, char *out, size_t n)
{
    zone_format_near(t, now, debtor_zone(c), agent_zone(c), out, n);
}

/* Queue the rendered message; the exit code. */
static int enqueue(struct send_ctx *c, struct cli *cli, const struct send_args *a, const struct template_row *t,
                   const char *target, const char *subject, const char *body)
{
    struct outbox_request r = {.ref = a->ref, .channel = a->channel, .target = target, .subject = subject,
                               .body = body, .template_name = t->name, .agent_id = c->acting ? c->agent.id : 0,
                               .now = cli->now, .undo_seconds = a->undo, .wait_for_window = a->wait,
                               .thanks = strcmp(t->purpose, "payment_thanks") == 0,
                               .link_days = outgoing_link_days(&c->msg)};
    int64_t id = 0;
    dun_time release = 0;
    struct verdict v;
    char err[1024];
    int q = outbox_enqueue(c->db, &r, c->zones, &id, &release, &v, err, sizeof err);
    if (q == OUTBOX_TWIN_WAITING) {
        cli_fprintf(stderr, "dun: refused: %s: nothing queued\n", err);
        return 3;
    }
    if (q < 0) {
        cli_error("not queued: %s", err);
        return 2;
    }
    char at[200];
    if (q == 0) {
        if (v.has_next)
            when(c, v.next_allowed, cli->now, at, sizeof at);
        print_refused(&v, a, target, v.has_next ? at : "");
        return 3;
    }
    if (a->json)
        print_json(id, a, t->name, target, release, debtor_zone(c), subject, body);
    else
        print_queued(id, a, t->name, target, cli->now, release, (when(c, release, cli->now, at, sizeof at), at));
    return 0;
}

int cmd_send(struct cli *cli, int argc, char **argv)
{
    struct send_args a = {0};
    int bad = parse_args(argc, argv, &a);
    if (bad)
        return bad;
    struct send_ctx c = {0};
    int rc = 2;
    char subject[512], body[4096];
    const struct template_row *t;
    const char *target;
    if (!ctx_open(&c, cli, &a) || !(t = choose(&c.book.out, &a)))
        goto out;
    char why[300];
    if (!outgoing_fits(&c.book.out, t, zone_local(debtor_zone(&c), cli->now).date, why, sizeof why)) {
        cli_fprintf(stderr, "dun: refused: %s\n", why);
        rc = 3;
        goto out;
    }
    if (!(target = outgoing_target(&c.book.out, a.channel))) {
        cli_fprintf(stderr, "dun: refused: %s has no %s on file\n", a.ref,
                a.channel == CH_SMS ? "usable mobile number" : "email address");
        rc = 3;
        goto out;
    }
    if (render(&c.book.out, t, a.channel, subject, sizeof subject, body, sizeof body))
        rc = enqueue(&c, cli, &a, t, target, subject, body);
out:
    ctx_free(&c);
    return rc;
}
