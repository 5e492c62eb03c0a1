/* The review list (supervisors and admins): messages that did not go out
 * (s sends one again, through the compliance check), messages that may have
 * been delivered (UNKNOWN: never sent again), and inbound messages that
 * matched no account or several. d takes an item off the list; Enter opens
 * an outbound item's account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inbound.h"
#include "core/columns.h"
#include "core/db/outbox.h"
#include "core/db/review_store.h"
#include "core/db/store.h"
#include "core/utf8.h"
#include "core/validate.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/tui.h"

enum { REVIEW_LIMIT = 500 };

struct review_state {
    struct review_item *rows;
    size_t n, selected, top;
};

static void reload(struct review_state *rv, struct app *app)
{
    struct review_item *rows;
    size_t n;
    char err[256];
    if (!review_load(app->db, REVIEW_LIMIT, &rows, &n, err, sizeof err)) {
        app_message(app, true, "could not load the review list: %s", err);
        return;
    }
    free(rv->rows);
    rv->rows = rows;
    rv->n = n;
    if (rv->selected >= rv->n)
        rv->selected = rv->n ? rv->n - 1 : 0;
}

static bool review_open(struct screen *s, struct app *app, const void *arg)
{
    (void)arg;
    reload(s->priv, app);
    return true;
}

static void review_close(struct screen *s)
{
    struct review_state *rv = s->priv;
    free(rv->rows);
}

static const struct review_item *selected(const struct review_state *rv)
{
    return rv->n ? &rv->rows[rv->selected] : NULL;
}

/* s: a message that did not go out goes again, as this supervisor's, with
 * the undo window; the compliance check decides as for any message. */
static void resend(struct review_state *rv, struct app *app)
{
    const struct review_item *it = selected(rv);
    char why[512], err[512];
    if (!it)
        return;
    if (it->kind != REVIEW_NOT_SENT) {
        app_message(app, true, it->kind == REVIEW_IN_DOUBT
                                   ? "not sent again: it may have been delivered (UNKNOWN), and a text never goes twice"
                                   : "an inbound message: there is nothing to send again");
        return;
    }
    int may = store_agent_may_act(app->db, &app->agent, it->ref, why, sizeof why, err, sizeof err);
    if (may != 1) {
        app_message(app, true, "%s", may == 0 ? why : err);
        return;
    }
    int64_t id;
    dun_time release;
    struct verdict v;
    enum channel ch;
    channel_parse(it->channel, &ch);
    int q = outbox_resend(app->db, it->id, app->agent.id, app->agent.login, app->now, app->undo_seconds, app->zones,
                          &id, &release, &v, err, sizeof err);
    if (q == 0)
        app_message(app, true, "%s not allowed now: %s", it->channel, v.reasons[0].text);
    else if (q != 1)
        app_message(app, true, "not sent again: %s", err);
    else {
        char what[320];
        snprintf(what, sizeof what, "%s to %s %s (sent again)", ch == CH_SMS ? "SMS" : "email", it->ref, it->name);
        app_pending_add(app, id, it->account_id, ch, what, it->subject, it->body);
    }
    reload(rv, app);
}

static void dismiss(struct review_state *rv, struct app *app)
{
    const struct review_item *it = selected(rv);
    char err[256];
    if (!it)
        return;
    if (review_dismiss(app->db, it->kind, it->id, app->agent.id, app->now, err, sizeof err))
        app_message(app, false, "taken off the review list");
    else
        app_message(app, true, "%s", err);
    reload(rv, app);
}

static enum handled review_handle(struct screen *s, struct app *app, enum action a)
{
    struct review_state *rv = s->priv;
    if (screen_list_move(&rv->selected, rv->n, a))
        return HANDLED;
    switch (a) {
    case ACT_REFRESH: reload(rv, app); break;
    case ACT_REVIEW: app_pop(app); break;
    case ACT_RESEND: resend(rv, app); break;
    case ACT_DISMISS: dismiss(rv, app); break;
    case ACT_OPEN:
        if (selected(rv) && selected(rv)->ref[0])
            app_push(app, &account_screen, selected(rv)->ref);
        else if (selected(rv))
            app_message(app, true, "no single account: see the column WHO");
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void review_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    if (ev->kind == EV_FOCUS || ev->kind == EV_DB_BACK || ev->kind == EV_MINUTE ||
        (ev->kind == EV_NOTIFY && strcmp(ev->what, "review") == 0))
        reload(s->priv, app);
}

enum { RC_WHEN, RC_WHAT, RC_REF, RC_PARTY, RC_WHY, RC_MESSAGE, RC_COUNT };
static const char *const review_titles[RC_COUNT] = {"WHEN", "WHAT", "WHO", "TO/FROM", "WHY", "MESSAGE"};

static void review_columns(const struct review_state *rv, int width, int *w)
{
    struct column_spec spec[RC_COUNT] = {
        [RC_WHEN] = {11, 11, 0, 3, false},  [RC_WHAT] = {10, 10, 0, 0, false},
        [RC_REF] = {6, 6, 1, 0, false},     [RC_PARTY] = {13, 8, 2, 2, false},
        [RC_WHY] = {24, 12, 3, 1, false},   [RC_MESSAGE] = {10, 10, 0, 0, true},
    };
    for (size_t i = 0; i < rv->n; i++) {
        int rw = utf8_width(rv->rows[i].ref[0] ? rv->rows[i].ref : "-");
        if (rw > spec[RC_REF].pref)
            spec[RC_REF].pref = rw > 24 ? 24 : rw;
    }
    columns_fit(width, spec, RC_COUNT, w);
}

static void cells_of(const struct review_item *r, const struct zone *z, char cells[RC_COUNT][700])
{
    static const char *const what[] = {"NOT SENT", "UNKNOWN", "NO ACCOUNT", "ACCOUNTS"};
    struct local_time lt = zone_local(z, r->at);
    char d[16];
    date_format(lt.date, d, sizeof d);
    snprintf(cells[RC_WHEN], 700, "%s %02d:%02d", d + 5, lt.minute_of_day / 60, lt.minute_of_day % 60);
    if (r->kind == REVIEW_SEVERAL)
        snprintf(cells[RC_WHAT], 700, "%d %s", r->accounts, what[r->kind]);
    else
        snprintf(cells[RC_WHAT], 700, "%s", what[r->kind]);
    snprintf(cells[RC_REF], 700, "%s", r->ref[0] ? r->ref : "-");
    inbound_sender_mask(r->party, cells[RC_PARTY], 700);
    if (r->kind == REVIEW_IN_DOUBT)
        snprintf(cells[RC_WHY], 700, "may have been delivered: never sent again");
    else if (r->kind == REVIEW_NO_ACCOUNT)
        snprintf(cells[RC_WHY], 700, "matched no account");
    else
        snprintf(cells[RC_WHY], 700, "%s", r->why);
    snprintf(cells[RC_MESSAGE], 700, "%s%s", r->opt_out ? "[OPT-OUT] " : "", r->body);
    for (int k = 0; k < RC_COUNT; k++)
        for (char *p = cells[k]; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
}

static void review_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct review_state *rv = s->priv;
    const struct zone *z = app_agent_zone(app);
    int w[RC_COUNT], x[RC_COUNT];
    review_columns(rv, c->r.w - 1, w);
    columns_positions(w, RC_COUNT, x);
    for (int k = 0; k < RC_COUNT; k++)
        if (w[k] > 0)
            tui_text(c, 0, 1 + x[k], w[k], ATTR_HEADER, ALIGN_LEFT, review_titles[k]);
    if (rv->n == 0) {
        tui_text(c, 2, 2, c->r.w - 2, ATTR_DIM, ALIGN_LEFT, "Nothing to review.");
        tui_keybar(c, c->r.h - 1, app, s);
        return;
    }
    int page = c->r.h - 2;
    if (rv->selected < rv->top)
        rv->top = rv->selected;
    if (page > 0 && rv->selected >= rv->top + (size_t)page)
        rv->top = rv->selected - (size_t)page + 1;
    for (int row = 0; row < page && rv->top + (size_t)row < rv->n; row++) {
        const struct review_item *r = &rv->rows[rv->top + (size_t)row];
        char cells[RC_COUNT][700];
        cells_of(r, z, cells);
        bool sel = rv->top + (size_t)row == rv->selected;
        enum tui_attr attr = sel ? ATTR_SELECTED : r->opt_out || r->kind == REVIEW_NOT_SENT ? ATTR_ERROR : ATTR_NORMAL;
        tui_fill_row(c, row + 1, attr);
        for (int k = 0; k < RC_COUNT; k++)
            if (w[k] > 0)
                tui_text(c, row + 1, 1 + x[k], w[k], attr, ALIGN_LEFT, cells[k]);
    }
    tui_keybar(c, c->r.h - 1, app, s);
}

static void review_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct review_state *rv = s->priv;
    (void)app;
    snprintf(out, n, " dun | Review | %zu item%s: messages that did not go out or may have arrived, replies with no"
             " single account", rv->n, rv->n == 1 ? "" : "s");
}

static const enum action review_actions[] = {
    ACT_RESEND,
    ACT_DISMISS,
    ACT_OPEN,
    ACT_REFRESH,
    ACT_REVIEW,
    NAVIGATION_ACTIONS,
    ACTION_NONE,
};

const struct screen_ops review_screen = {
    .name = "review",
    .priv_size = sizeof(struct review_state),
    .open = review_open,
    .handle = review_handle,
    .on_event = review_event,
    .draw = review_draw,
    .close = review_close,
    .title = review_title,
    .actions = review_actions,
};
