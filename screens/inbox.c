/* The inbox: replies on my accounts, newest first. Enter opens the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/tui.h"

struct inbox_row {
    char ref[257];
    char name[256];
    char channel[8];
    char sender[256];
    char body[600];
    dun_time at;
    bool opt_out, unread;
};

struct inbox_state {
    struct inbox_row *rows;
    size_t n, selected, top;
};

static void reload(struct inbox_state *in, struct app *app)
{
    char agent[32], err[256];
    snprintf(agent, sizeof agent, "%lld", (long long)app->agent.id);
    const char *p[] = {agent};
    PGresult *r = db_query(app->db,
        "SELECT a.ref, a.debtor_name, i.channel, i.sender, i.body, extract(epoch FROM i.received_at)::bigint,"
        "       i.opt_out, i.read_at IS NULL"
        "  FROM dun.inbound i JOIN dun.accounts a ON a.id = i.account_id"
        " WHERE a.assigned_agent_id = $1 ORDER BY i.received_at DESC, i.id DESC LIMIT 500", 1, p, err, sizeof err);
    if (!r) {
        app_message(app, true, "could not load the inbox: %s", err);
        return;
    }
    free(in->rows);
    in->n = (size_t)PQntuples(r);
    in->rows = calloc(in->n ? in->n : 1, sizeof *in->rows);
    for (size_t i = 0; in->rows && i < in->n; i++) {
        struct inbox_row *row = &in->rows[i];
        snprintf(row->ref, sizeof row->ref, "%s", PQgetvalue(r, (int)i, 0));
        snprintf(row->name, sizeof row->name, "%s", PQgetvalue(r, (int)i, 1));
        snprintf(row->channel, sizeof row->channel, "%s", PQgetvalue(r, (int)i, 2));
        snprintf(row->sender, sizeof row->sender, "%s", PQgetvalue(r, (int)i, 3));
        snprintf(row->body, sizeof row->body, "%s", PQgetvalue(r, (int)i, 4));
        row->at = strtoll(PQgetvalue(r, (int)i, 5), NULL, 10);
        row->opt_out = PQgetvalue(r, (int)i, 6)[0] == 't';
        row->unread = PQgetvalue(r, (int)i, 7)[0] == 't';
    }
    if (!in->rows)
        in->n = 0;
    if (in->selected >= in->n)
        in->selected = in->n ? in->n - 1 : 0;
    PQclear(r);
}

static bool inbox_open(struct screen *s, struct app *app, const void *arg)
{
    (void)arg;
    reload(s->priv, app);
    return true;
}

static void inbox_close(struct screen *s)
{
    struct inbox_state *in = s->priv;
    free(in->rows);
}

static void mark_read(struct app *app, const char *ref)
{
    char err[256];
    const char *p[] = {ref};
    db_exec(app->db, "UPDATE dun.inbound SET read_at = now() WHERE read_at IS NULL AND account_id ="
                     " (SELECT id FROM dun.accounts WHERE ref = $1)", 1, p, err, sizeof err);
}

static enum handled inbox_handle(struct screen *s, struct app *app, enum action a)
{
    struct inbox_state *in = s->priv;
    switch (a) {
    case ACT_MOVE_DOWN: if (in->selected + 1 < in->n) in->selected++; break;
    case ACT_MOVE_UP: if (in->selected > 0) in->selected--; break;
    case ACT_FIRST: in->selected = 0; break;
    case ACT_LAST: in->selected = in->n ? in->n - 1 : 0; break;
    case ACT_REFRESH: reload(in, app); break;
    case ACT_INBOX: app_pop(app); break;
    case ACT_OPEN:
        if (in->n == 0)
            break;
        mark_read(app, in->rows[in->selected].ref);
        app_push(app, &account_screen, in->rows[in->selected].ref);
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void inbox_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    if (ev->kind == EV_FOCUS || ev->kind == EV_DB_BACK || (ev->kind == EV_NOTIFY && strcmp(ev->what, "inbound") == 0))
        reload(s->priv, app);
}

static void inbox_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct inbox_state *in = s->priv;
    char err[128], line[1200];
    const struct zone *z = zone_cache_get(app->zones, app->agent.time_zone, err, sizeof err);
    if (!z)
        z = zone_cache_get(app->zones, "UTC", err, sizeof err);
    tui_text(c, 0, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, "  RECEIVED     REF          NAME              FROM              MESSAGE");
    if (in->n == 0) {
        tui_text(c, 2, 2, c->r.w - 2, ATTR_DIM, ALIGN_LEFT, "No replies yet.");
        return;
    }
    int page = c->r.h - 1;
    if (in->selected < in->top)
        in->top = in->selected;
    if (page > 0 && in->selected >= in->top + (size_t)page)
        in->top = in->selected - (size_t)page + 1;
    for (int row = 0; row < page && in->top + (size_t)row < in->n; row++) {
        const struct inbox_row *r = &in->rows[in->top + (size_t)row];
        struct local_time lt = zone_local(z, r->at);
        char d[16], name[64], body[700];
        date_format(lt.date, d, sizeof d);
        snprintf(name, sizeof name, "%s", r->name);
        snprintf(body, sizeof body, "%s", r->body);
        for (char *p = body; *p; p++)
            if (*p == '\n')
                *p = ' ';
        snprintf(line, sizeof line, "%s %s %02d:%02d  %-12s %-17.17s %-17.17s %s%s", r->unread ? "*" : " ", d + 5,
                 lt.minute_of_day / 60, lt.minute_of_day % 60, r->ref, name, r->sender, r->opt_out ? "[OPT-OUT] " : "", body);
        enum tui_attr attr = in->top + (size_t)row == in->selected ? ATTR_SELECTED : r->opt_out ? ATTR_ERROR : ATTR_NORMAL;
        tui_fill_row(c, row + 1, attr);
        tui_text(c, row + 1, 1, c->r.w - 1, attr, ALIGN_LEFT, line);
    }
}

static void inbox_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct inbox_state *in = s->priv;
    (void)app;
    snprintf(out, n, " dun | Inbox | %zu repl%s | Enter opens the account, q back", in->n, in->n == 1 ? "y" : "ies");
}

static const enum action inbox_actions[] = {
    ACT_OPEN,
    ACT_INBOX,
    ACT_REFRESH,
    ACT_MOVE_DOWN,
    ACT_MOVE_UP,
    ACT_FIRST,
    ACT_LAST,
    ACTION_NONE,
};

const struct screen_ops inbox_screen = {
    .name = "inbox",
    .priv_size = sizeof(struct inbox_state),
    .open = inbox_open,
    .handle = inbox_handle,
    .on_event = inbox_event,
    .draw = inbox_draw,
    .close = inbox_close,
    .title = inbox_title,
    .actions = inbox_actions,
};
