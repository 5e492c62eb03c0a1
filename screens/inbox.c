/* The inbox: replies on my accounts, newest first. Enter opens the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/db/inbox_store.h"
#include "core/utf8.h"
#include "core/inbound.h"
#include "core/validate.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/tui.h"

enum { INBOX_LIMIT = 500 };

struct inbox_state {
    struct inbox_item *rows;
    size_t n, selected, top;
};

static void reload(struct inbox_state *in, struct app *app)
{
    struct inbox_item *rows;
    size_t n;
    char err[256];
    if (!store_inbox_load(app->db, app->agent.id, INBOX_LIMIT, &rows, &n, err, sizeof err)) {
        app_message(app, true, "could not load the inbox: %s", err);
        return;
    }
    free(in->rows);
    in->rows = rows;
    in->n = n;
    if (in->selected >= in->n)
        in->selected = in->n ? in->n - 1 : 0;
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

static enum handled inbox_handle(struct screen *s, struct app *app, enum action a)
{
    struct inbox_state *in = s->priv;
    if (screen_list_move(&in->selected, in->n, a))
        return HANDLED;
    switch (a) {
    case ACT_REFRESH: reload(in, app); break;
    case ACT_INBOX: app_pop(app); break;
    case ACT_OPEN:
        if (in->n == 0)
            break;
        app_push(app, &account_screen, in->rows[in->selected].ref); /* which marks its replies read */
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

/* The inbox's columns, fitted as the queue's are (core/columns.h): the
 * message takes what is left; FROM and NAME give way first. */
enum { IC_NEW, IC_RECEIVED, IC_REF, IC_NAME, IC_FROM, IC_MESSAGE, IC_COUNT };
static const char *const inbox_titles[IC_COUNT] = {"", "RECEIVED", "REF", "NAME", "FROM", "MESSAGE"};

static void inbox_columns(const struct inbox_state *in, int width, int *w)
{
    struct column_spec spec[IC_COUNT] = {
        [IC_NEW] = {1, 1, 0, 0, false},       [IC_RECEIVED] = {11, 11, 0, 3, false},
        [IC_REF] = {3, 3, 0, 0, false},       [IC_NAME] = {16, 8, 1, 4, false},
        [IC_FROM] = {13, 8, 2, 2, false},     [IC_MESSAGE] = {10, 10, 0, 0, true},
    };
    for (size_t i = 0; i < in->n; i++) {
        int rw = utf8_width(in->rows[i].ref);
        if (rw > spec[IC_REF].pref)
            spec[IC_REF].pref = spec[IC_REF].min = rw > 20 ? 20 : rw;
    }
    columns_fit(width, spec, IC_COUNT, w);
}

static void inbox_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct inbox_state *in = s->priv;
    const struct zone *z = app_agent_zone(app);
    int w[IC_COUNT], x[IC_COUNT];
    inbox_columns(in, c->r.w - 1, w);
    columns_positions(w, IC_COUNT, x);
    for (int k = 0; k < IC_COUNT; k++)
        if (w[k] > 0)
            tui_text(c, 0, 1 + x[k], w[k], ATTR_HEADER, ALIGN_LEFT, inbox_titles[k]);
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
        const struct inbox_item *r = &in->rows[in->top + (size_t)row];
        struct local_time lt = zone_local(z, r->at);
        char d[16], cells[IC_COUNT][700];
        date_format(lt.date, d, sizeof d);
        snprintf(cells[IC_NEW], sizeof cells[0], "%s", r->unread ? "*" : " ");
        snprintf(cells[IC_RECEIVED], sizeof cells[0], "%s %02d:%02d", d + 5, lt.minute_of_day / 60, lt.minute_of_day % 60);
        snprintf(cells[IC_REF], sizeof cells[0], "%s", r->ref);
        snprintf(cells[IC_NAME], sizeof cells[0], "%s", r->name);
        inbound_sender_mask(r->sender, cells[IC_FROM], sizeof cells[0]);
        snprintf(cells[IC_MESSAGE], sizeof cells[0], "%s%s", r->opt_out ? "[OPT-OUT] " : "", r->body);
        for (char *p = cells[IC_MESSAGE]; *p; p++)
            if (*p == '\n')
                *p = ' ';
        enum tui_attr attr = in->top + (size_t)row == in->selected ? ATTR_SELECTED : r->opt_out ? ATTR_ERROR : ATTR_NORMAL;
        tui_fill_row(c, row + 1, attr);
        for (int k = 0; k < IC_COUNT; k++)
            if (w[k] > 0)
                tui_text(c, row + 1, 1 + x[k], w[k], attr, ALIGN_LEFT, cells[k]);
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
