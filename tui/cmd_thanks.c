/* dun thanks [--agent LOGIN] [--since DATE] [--json]: the thank-you log as
 * the acting agent may read it; dun thank LOGIN TEXT: give one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/db/thanks_store.h"
#include "core/strbuf.h"
#include "core/thanks.h"
#include "core/zone.h"
#include "tui/cli.h"

const struct cli_usage usage_thanks = {
    "thanks [--agent LOGIN] [--since DATE] [--json]",
    "List the thank-you log, newest first, as the acting agent may read it (their team; an admin: everyone).",
    "  --agent LOGIN  only the thanks LOGIN gave or received (the acting agent is the\n"
    "                 global option: dun --agent ME thanks --agent LOGIN)\n"
    "  --since DATE   from DATE (YYYY-MM-DD, midnight in the acting agent's zone) or an\n"
    "                 ISO 8601 time with an offset\n"
    "  --json         an array of objects, one per thanks\n"};

const struct cli_usage usage_thank = {
    "thank LOGIN TEXT",
    "Thank colleague LOGIN for TEXT (at most 280 characters), as the acting agent (--agent).",
    "  LOGIN must be an active agent of the acting agent's team (an admin with no team:\n"
    "  any active agent), not the acting agent. Prints what was recorded.\n"};

/* The acting agent's zone (UTC when theirs does not load); the caller frees it. */
static struct zone *agent_zone(const struct agent *a)
{
    char err[256];
    struct zone *z = zone_load(a->time_zone, err, sizeof err);
    return z ? z : zone_load("UTC", err, sizeof err);
}

/* "2026-11-20T10:00:00+09:00" in zone z. */
static void when(dun_time t, const struct zone *z, char *out, size_t n)
{
    iso8601_format(t, z ? zone_offset(z, t) : 0, !z, out, n);
}

/* --since: a day in the viewer's zone, or an instant. */
static bool parse_since(const char *v, const struct agent *a, dun_time *since)
{
    int64_t day;
    if (iso8601_parse(v, since))
        return true;
    if (!date_parse(v, &day)) {
        cli_error("--since \"%s\" is not a date (YYYY-MM-DD) or an ISO 8601 time with an offset", v);
        return false;
    }
    struct zone *z = agent_zone(a);
    *since = z ? zone_instant(z, day, 0) : 0;
    zone_free(&z);
    return true;
}

static void json_row(struct strbuf *sb, const struct thanks_row *t, const struct zone *z)
{
    char at[64];
    when(t->at, z, at, sizeof at);
    sb_printf(sb, "  {\"id\": %lld, \"at\": \"%s\", \"giver\": ", (long long)t->id, at);
    sb_json_string(sb, t->giver_login);
    sb_puts(sb, ", \"giver_name\": ");
    sb_json_string(sb, t->giver_name);
    sb_puts(sb, ", \"receiver\": ");
    sb_json_string(sb, t->receiver_login);
    sb_puts(sb, ", \"receiver_name\": ");
    sb_json_string(sb, t->receiver_name);
    sb_puts(sb, ", \"body\": ");
    sb_json_string(sb, t->body);
    sb_puts(sb, ", \"account\": ");
    if (t->ref[0])
        sb_json_string(sb, t->ref);
    else
        sb_puts(sb, "null");
    sb_puts(sb, "}");
}

static void print_rows(const struct thanks_row *rows, size_t n, const struct agent *viewer, bool json)
{
    char at[64];
    struct zone *z = agent_zone(viewer);
    if (json) {
        struct strbuf sb = {0};
        sb_puts(&sb, "[\n");
        for (size_t i = 0; i < n; i++) {
            json_row(&sb, &rows[i], z);
            sb_puts(&sb, i + 1 < n ? ",\n" : "\n");
        }
        sb_puts(&sb, "]\n");
        fputs(sb_cstr(&sb), stdout);
        sb_free(&sb);
        zone_free(&z);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        when(rows[i].at, z, at, sizeof at);
        cli_printf("%s  %s -> %s  %s%s%s%s\n", at, rows[i].giver_login, rows[i].receiver_login, rows[i].body,
                   rows[i].ref[0] ? " (" : "", rows[i].ref, rows[i].ref[0] ? ")" : "");
    }
    if (n == 0)
        cli_printf("no thanks to list\n");
    zone_free(&z);
}

/* The person --agent names, within the viewer's sight. */
static bool find_person(struct db *db, const struct agent *viewer, const char *login, int64_t *id)
{
    struct agent p;
    char err[512];
    int found = store_agent_find(db, login, &p, err, sizeof err);
    if (found < 0)
        cli_error("%s", err);
    else if (found == 0)
        cli_error("--agent: no active agent with login \"%s\"", login);
    else if (strcmp(viewer->role, "admin") != 0 && p.id != viewer->id &&
             (!viewer->team[0] || strcmp(p.team, viewer->team) != 0))
        cli_error("--agent: %s is not in your team: you see your own team's thanks", login);
    else
        *id = p.id;
    return found == 1 && *id;
}

int cmd_thanks(struct cli *cli, int argc, char **argv)
{
    const char *person = NULL, *since_text = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--agent") == 0 && i + 1 < argc)
            person = argv[++i];
        else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc)
            since_text = argv[++i];
        else
            return cli_bad_argument(&usage_thanks, argc, argv, i);
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent viewer;
    struct thanks_query q = {.until = cli->now};
    struct thanks_row *rows = NULL;
    size_t n = 0;
    char err[1024];
    int rc = 0;
    if (!cli_resolve_agent(cli, db, &viewer) || (since_text && !parse_since(since_text, &viewer, &q.since)) ||
        (person && !find_person(db, &viewer, person, &q.person_id)))
        rc = 2;
    else {
        q.viewer_id = viewer.id;
        if (!thanks_list(db, &q, &rows, &n, err, sizeof err)) {
            cli_error("%s", err);
            rc = 2;
        } else if (json && !cli_audit_export(db, &viewer, "thanks --json", (long long)n)) {
            rc = 2;
        }
    }
    db_close(&db);
    if (rc == 0)
        print_rows(rows, n, &viewer, json);
    free(rows);
    return rc;
}

/* Everything that can be said before the database: text, arguments. */
static int thank_args(int argc, char **argv, struct cli *cli, const char **login, const char **text)
{
    *login = *text = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--agent") == 0 && i + 1 < argc)
            cli->agent = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return cli_bad_argument(&usage_thank, argc, argv, i);
        else if (!*login)
            *login = argv[i];
        else if (!*text)
            *text = argv[i];
        else
            return cli_bad_argument(&usage_thank, argc, argv, i);
    }
    if (!*login || !*text)
        return cli_usage_errorf(&usage_thank, "say whom to thank and for what: dun thank LOGIN \"TEXT\"");
    return 0;
}

int cmd_thank(struct cli *cli, int argc, char **argv)
{
    const char *login, *text;
    char body[THANKS_BODY_MAX], why[600], err[1024];
    int rc = thank_args(argc, argv, cli, &login, &text);
    if (rc)
        return rc;
    if (!thanks_body_check(text, body, sizeof body, why, sizeof why)) {
        cli_error("nothing recorded: %s", why);
        return 2;
    }
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct agent giver = {0};
    struct thanks_person to = {0};
    int64_t id = 0;
    int found = cli_resolve_agent(cli, db, &giver) ? thanks_find_colleague(db, &giver, login, &to, why, sizeof why, err,
                                                                           sizeof err)
                                                   : -2;
    if (found == 1 && !thanks_people_check(giver.id, to.id, why, sizeof why))
        found = 0;
    struct thanks_new t = {.giver_id = giver.id, .receiver_id = to.id, .body = body, .at = cli->now};
    int given = found == 1 ? thanks_give(db, &t, &id, why, sizeof why, err, sizeof err) : found;
    db_close(&db);
    if (given == 1) {
        char at[64];
        struct zone *z = agent_zone(&giver);
        when(cli->now, z, at, sizeof at);
        zone_free(&z);
        cli_printf("thanks %lld recorded at %s: %s -> %s (%s): %s\n", (long long)id, at, giver.login, to.login, to.name,
                   body);
        return 0;
    }
    if (given == 0)
        cli_error("nothing recorded: %s", why);
    else if (given == -1)
        cli_error("%s", err);
    return 2;
}
