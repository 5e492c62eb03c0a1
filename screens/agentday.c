/* An agent's day (Enter on their row of the metrics screen), read-only:
 * whom to thank first, then what to look at (thank before correcting),
 * then what they did today, newest first, and their queue in its order.
 * Nothing here writes the agent's accounts: the only keys that write are
 * t (the thanks form, saved by the one thanking) and x (a dismissal).
 *
 * Also the nudge helpers the metrics screen shares (screens/screen.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/nudges_store.h"
#include "core/db/store.h"
#include "core/metrics.h"
#include "core/money.h"
#include "core/nudges.h"
#include "core/queue.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/tui.h"

enum { DAY_MAX = 64, QUEUE_SHOWN = 10 };

bool nudges_today(struct app *app, int64_t day_agent_id, struct nudge_book *b, struct nudge *out, size_t max,
                  size_t *n, int64_t *today)
{
    char err[512];
    struct metrics_period p;
    *n = 0;
    if (!metrics_period_make(MP_TODAY, 0, 0, app->now, app_agent_zone(app), &p, err, sizeof err)) {
        app_message(app, true, "%s", err);
        return false;
    }
    /* up to and including now: a thanks saved this second counts */
    struct nudge_query q = {p.from, app->now + 1, p.today, day_agent_id};
    if (!nudge_book_load(app->db, &app->agent, &q, b, err, sizeof err)) {
        app_message(app, true, "could not load the nudges: %s", err);
        return false;
    }
    struct nudge_input in = {b->people, b->npeople, b->rows, b->nrows, b->dismissed, b->ndismissed,
                             b->phrases, b->nphrases, p.today, app->nudge_days, app->ascii};
    *n = day_agent_id ? nudges_day(&in, day_agent_id, out, max) : nudges_derive(&in, out, max);
    if (today)
        *today = p.today;
    return true;
}

bool nudge_act(struct app *app, const struct nudge *n, enum action a)
{
    char err[256];
    if (n->kind == NK_PROBLEM) {
        app_message(app, true, "that is a problem to look at, not a thanks: choose a suggestion above it");
        return false;
    }
    if (a == ACT_NUDGE_THANK) { /* the form: read, edit, and only its save records anything */
        thanks_give_prefilled(app, n->account_id, n->ref, n->login, n->words);
        return false;
    }
    if (!nudge_dismiss(app->db, app->agent.id, n, app->now, err, sizeof err)) {
        app_message(app, true, "could not dismiss it: %s", err);
        return false;
    }
    app_message(app, false, "dismissed: this suggestion will not come back");
    return true;
}

struct day_state {
    char login[65];
    int64_t agent_id;
    struct nudge *items;     ///< owned: thanks first, then problems
    size_t n, selected;
    struct nudge_book book;  ///< the day's rows, newest first
    struct queue_book queue;
    int64_t today;
    bool stale;
    dun_time loaded_at;
};

static void reload(struct day_state *st, struct app *app)
{
    char err[512];
    st->stale = false;
    st->loaded_at = app->now;
    nudge_book_free(&st->book);
    nudges_today(app, st->agent_id, &st->book, st->items, DAY_MAX, &st->n, &st->today);
    if (st->selected >= st->n)
        st->selected = st->n ? st->n - 1 : 0;
    queue_book_free(&st->queue);
    /* the queue's own store and order, as the agent sees it now */
    if (!store_queue_book_load(app->db, st->agent_id, app->now, app->zones, &st->queue, err, sizeof err))
        app_message(app, true, "could not load the queue: %s", err);
}

static bool day_open(struct screen *s, struct app *app, const void *arg)
{
    struct day_state *st = s->priv;
    const struct agentday_request *req = arg;
    char why[300], err[300];
    int rc = nudge_day_agent(app->db, &app->agent, req->login, &st->agent_id, why, sizeof why, err, sizeof err);
    if (rc != 1) {
        app_message(app, true, "%s", rc == 0 ? why : err);
        return false;
    }
    st->items = calloc(DAY_MAX, sizeof *st->items);
    if (!st->items) {
        app_message(app, true, "out of memory");
        return false;
    }
    snprintf(st->login, sizeof st->login, "%s", req->login);
    reload(st, app);
    return true;
}

static void day_close(struct screen *s)
{
    struct day_state *st = s->priv;
    free(st->items);
    nudge_book_free(&st->book);
    queue_book_free(&st->queue);
}

static enum handled day_handle(struct screen *s, struct app *app, enum action a)
{
    struct day_state *st = s->priv;
    if (screen_list_move(&st->selected, st->n, a))
        return HANDLED;
    switch (a) {
    case ACT_REFRESH: reload(st, app); break;
    case ACT_OPEN:
        app_message(app, false, "read-only: this is %s's day; their accounts open from their own queue", st->login);
        break;
    case ACT_NUDGE_THANK:
    case ACT_NUDGE_DISMISS:
        if (st->n == 0)
            app_message(app, true, "nothing to thank or dismiss here");
        else if (nudge_act(app, &st->items[st->selected], a))
            reload(st, app);
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void day_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    struct day_state *st = s->priv;
    if (ev->kind == EV_FOCUS || ev->kind == EV_DB_BACK)
        reload(st, app);
    else if (ev->kind == EV_NOTIFY || ev->kind == EV_MINUTE)
        st->stale = true; /* as the metrics: at most one reload a second */
    else if (ev->kind == EV_TICK && st->stale && app->now != st->loaded_at) {
        reload(st, app);
        app->dirty = true;
    }
}

/* --- drawing --------------------------------------------------------------- */

static void amount(const struct nudge_row *r, bool ascii, char *out, size_t n)
{
    const struct currency *c = currency_find(r->currency);
    if (c)
        money_format(r->amount, c, ascii, out, n);
    else
        snprintf(out, n, "%s %lld", r->currency, (long long)r->amount);
}

/* One line of activity: "14:05  call     A1  refused, upset". */
static void activity_line(const struct nudge_row *r, const struct zone *z, bool ascii, char *out, size_t n)
{
    struct local_time lt = zone_local(z, r->at);
    char money[48];
    int h = lt.minute_of_day / 60, m = lt.minute_of_day % 60;
    amount(r, ascii, money, sizeof money);
    switch (r->kind) {
    case NR_CALL:
        snprintf(out, n, "%02d:%02d  %-8s %s  %s%s", h, m, strcmp(r->channel, "phone") ? r->channel : "call",
                 r->ref, r->status, r->upset ? ", upset" : "");
        break;
    case NR_PROMISE_MADE: snprintf(out, n, "%02d:%02d  %-8s %s  %s taken", h, m, "promise", r->ref, money); break;
    case NR_PROMISE_SETTLED: snprintf(out, n, "%02d:%02d  %-8s %s  %s %s", h, m, "promise", r->ref, money, r->status); break;
    case NR_MESSAGE: snprintf(out, n, "%02d:%02d  %-8s %s  %s", h, m, r->channel, r->ref, r->status); break;
    case NR_THANKS_GIVEN: snprintf(out, n, "%02d:%02d  %-8s to %s: %s", h, m, "thanks", r->other, r->text); break;
    case NR_THANKS_RECEIVED: snprintf(out, n, "%02d:%02d  %-8s from %s: %s", h, m, "thanks", r->other, r->text); break;
    }
}

static int draw_items(struct day_state *st, const struct tui_canvas *c, int row, int end)
{
    bool thanks_head = false, problem_head = false;
    for (size_t i = 0; i < st->n && row < end; i++) {
        const struct nudge *n = &st->items[i];
        bool problem = n->kind == NK_PROBLEM;
        if (!problem && !thanks_head) {
            tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, "Thank first (t opens the thanks form, x dismisses)");
            thanks_head = true;
        } else if (problem && !problem_head) {
            tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, "Then, to look at together");
            problem_head = true;
        }
        enum tui_attr attr = i == st->selected ? ATTR_SELECTED : ATTR_NORMAL;
        tui_fill_row(c, row, attr);
        tui_text(c, row++, 2, c->r.w - 3, attr, ALIGN_LEFT, n->reason);
        if (!problem && row < end) {
            char words[THANKS_BODY_MAX + 8];
            snprintf(words, sizeof words, "\"%s\"", n->words);
            tui_text(c, row++, 4, c->r.w - 5, ATTR_DIM, ALIGN_LEFT, words);
        }
    }
    if (st->n == 0)
        tui_text(c, row++, 1, c->r.w - 2, ATTR_DIM, ALIGN_LEFT, "Nothing to thank or look at today that dun can see.");
    return row + 1;
}

static int draw_queue(struct day_state *st, struct app *app, const struct tui_canvas *c, int row, int end)
{
    char head[120];
    snprintf(head, sizeof head, "Queue, in the agent's order (%zu accounts; read-only)", st->queue.n);
    tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, head);
    static const enum queue_cell cells[] = {QC_RANK, QC_REF, QC_NAME, QC_BALANCE, QC_DPD, QC_PROMISE};
    static const int widths[] = {4, 12, 20, 12, 5, 16};
    for (size_t i = 0; i < st->queue.n && i < QUEUE_SHOWN && row < end; i++, row++) {
        int x = 2;
        for (size_t k = 0; k < sizeof cells / sizeof cells[0] && x < c->r.w; k++) {
            char text[300];
            queue_cell_text(&st->queue.rows[i], cells[k], app->now, app->zones, c->ascii, widths[k], text, sizeof text);
            tui_text(c, row, x, widths[k], ATTR_NORMAL, queue_cell_right_aligned(cells[k]) ? ALIGN_RIGHT : ALIGN_LEFT,
                     text);
            x += widths[k] + 1;
        }
    }
    return row + 1;
}

static void day_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct day_state *st = s->priv;
    int end = c->r.h - 1;
    int row = draw_items(st, c, 0, end);
    if (row < end)
        tui_text(c, row++, 1, c->r.w - 2, ATTR_HEADER, ALIGN_LEFT, "Today, newest first");
    const struct zone *z = app_agent_zone(app);
    int room = end - row - (st->queue.n ? 3 : 1);
    size_t shown = 0;
    for (size_t i = 0; i < st->book.nrows && (int)shown < room && row < end; i++, shown++) {
        char line[THANKS_BODY_MAX + 400];
        activity_line(&st->book.rows[i], z, c->ascii, line, sizeof line);
        tui_text(c, row++, 2, c->r.w - 3, ATTR_NORMAL, ALIGN_LEFT, line);
    }
    if (st->book.nrows == 0 && row < end)
        tui_text(c, row++, 2, c->r.w - 3, ATTR_DIM, ALIGN_LEFT, "Nothing yet today.");
    if (row + 1 < end)
        draw_queue(st, app, c, row + 1, end);
    tui_keybar(c, end, app, s);
}

static void day_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct day_state *st = s->priv;
    char d[16];
    (void)app;
    date_format(st->today, d, sizeof d);
    snprintf(out, n, " dun | Day of %s | %s | read-only", st->login, d);
}

static const enum action day_actions[] = {
    ACT_NUDGE_THANK, ACT_NUDGE_DISMISS, ACT_REFRESH, ACT_BACK, NAVIGATION_ACTIONS, ACTION_NONE,
};

const struct screen_ops agentday_screen = {
    .name = "agentday",
    .priv_size = sizeof(struct day_state),
    .open = day_open,
    .handle = day_handle,
    .on_event = day_event,
    .draw = day_draw,
    .close = day_close,
    .title = day_title,
    .actions = day_actions,
};
