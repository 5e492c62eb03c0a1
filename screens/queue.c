/* The queue screen: the agent's accounts in priority order, one per row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/db/db.h"
#include "core/db/lease_store.h"
#include "core/db/queue_window.h"
#include "core/db/store.h"
#include "core/queue.h"
#include "core/utf8.h"
#include "screens/screen.h"
#include "tui/tui.h"

struct queue_state {
    struct queue_book book;
    struct queue_row *rows; /* = book.rows */
    size_t n;
    size_t selected, top;
    int page;          ///< body rows available for the list at the last draw
    char search[256];  ///< the last search text, for n / N
    bool loaded;
    struct queue_widths widths; ///< content widths of the rows, for the columns
    int64_t *changed;  ///< accounts a NOTIFY named since the rows were brought up to date
    size_t nchanged, capchanged;
    bool stale;        ///< a change to the whole book (an import): load it all again
    bool windowed;     ///< longer than app->queue_whole: rows are a window over the stored order
    size_t base;       ///< the position in the queue of rows[0] (0 when whole)
    size_t total;      ///< the queue's length (n when whole)
};

/* A long queue's window: about three pages around the cursor (four pages
 * on a tall terminal). */
enum { WINDOW_ROWS = 150, WINDOW_KEYS_MAX = 2000 };

/* The row of account_id, or n when it is not in the queue. */
static size_t index_of(const struct queue_state *q, int64_t account_id)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->rows[i].account_id == account_id)
            return i;
    return q->n;
}

/* How the cursor moves when the order changes under it. */
enum follow { FOLLOW_ACCOUNT, KEEP_POSITION, STAY_ON_ACCOUNT };

/* After a reorder: the cursor stays on its account while that account is
 * still on the page the agent sees; otherwise (and always with
 * KEEP_POSITION, when coming back from a worked account) it keeps its place
 * on the page, so the viewport never jumps, the rows above it stay the ones
 * ranked higher, and the next best account is under it. With
 * STAY_ON_ACCOUNT (R: the agent asked for the new order) it stays on its
 * account wherever that went, on the same line of the screen; in its place
 * only when the account left the queue. */
static void follow(struct queue_state *q, struct app *app, int64_t account, size_t was, enum follow how)
{
    size_t now_at = index_of(q, account), page = q->page > 0 ? (size_t)q->page : q->n;
    if (q->n == 0) {
        q->selected = q->top = 0;
        return;
    }
    if (how == STAY_ON_ACCOUNT && now_at < q->n) {
        size_t line = was >= q->top ? was - q->top : 0;
        q->selected = now_at;
        q->top = now_at >= line ? now_at - line : 0;
        return;
    }
    if (how == FOLLOW_ACCOUNT && now_at < q->n && now_at >= q->top && now_at < q->top + page) {
        q->selected = now_at;
        return;
    }
    q->selected = was < q->n ? was : q->n - 1;
    if (q->top >= q->n)
        q->top = q->selected;
    if (now_at < q->n && now_at != was)
        app_message(app, false, "%s moved to #%d", q->rows[now_at].ref, q->rows[now_at].rank);
}

/* Who is working row i now (its lease), after a colleague took or let go
 * of it: the rows read carry it otherwise. */
static void mark_in_use(struct queue_state *q, struct app *app, size_t i)
{
    char err[256];
    struct lease_holder h;
    if (lease_holders(app->db, &q->rows[i].account_id, 1, &h, err, sizeof err))
        snprintf(q->rows[i].in_use_by, sizeof q->rows[i].in_use_by, "%s", h.login);
}

/* ] on an account: the next row from the cursor nobody is working, not the
 * one just left; false when there is none. */
static bool open_next(struct queue_state *q, struct app *app)
{
    for (size_t k = 0; k < (q->windowed ? q->n - q->selected : q->n); k++) { /* a window: onwards only */
        size_t i = (q->selected + k) % q->n;
        if (q->rows[i].in_use_by[0] || q->rows[i].account_id == app->left_account)
            continue;
        q->selected = i;
        return app_push(app, &account_screen, q->rows[i].ref);
    }
    app_message(app, true, "no other account is free: every one is in use or this was the last");
    return false;
}

/* Where the cursor is: its account, and its and the viewport's positions
 * in the queue (not in the window). */
struct cursor {
    int64_t account;
    size_t at, top;
};

static struct cursor cursor_now(const struct queue_state *q)
{
    return (struct cursor){q->n > 0 ? q->rows[q->selected].account_id : 0, q->base + q->selected, q->base + q->top};
}

/* The book just loaded becomes the rows; the cursor follows as before. */
static void take_book(struct queue_state *q, struct app *app, struct queue_book *book, size_t base, size_t total,
                      struct cursor c, enum follow how)
{
    int64_t keep = c.account;
    size_t at = c.at, top = c.top;
    queue_book_free(&q->book);
    q->nchanged = 0;
    q->stale = false;
    q->book = *book;
    q->rows = book->rows;
    q->n = book->n;
    q->base = base;
    q->total = total;
    q->selected = at >= base ? at - base : 0;
    q->top = top >= base ? top - base : 0;
    queue_content_widths(q->rows, q->n, app->ascii, &q->widths);
    int digits = 1;
    for (size_t t = total; t >= 10; t /= 10)
        digits++;
    if (q->widths.w[QC_RANK] < digits)
        q->widths.w[QC_RANK] = digits;
    follow(q, app, keep, q->selected, how);
    q->loaded = true;
}

/* Where a window around position `at` starts: a page of room above it. */
static size_t window_base(const struct queue_state *q, size_t at)
{
    size_t above = q->page > 0 ? (size_t)q->page : WINDOW_ROWS / 3;
    return at > above ? at - above : 0;
}

/* How a window is read: always after the keys stale at this workstation's
 * moment are computed (the first WINDOW_KEYS_MAX from the top; dun serve
 * keeps the rest; one statement when none is), so that the order read is
 * its own moment's even when another moment's was written meanwhile (a
 * replay, a clock behind); with the queue's length read again (it may have
 * changed), or as a move within the same queue. */
enum { WINDOW_MOVE = 0, WINDOW_COUNT = 1 };

/* The window that starts at base. */
static bool load_window(struct queue_state *q, struct app *app, size_t base, int how_read, struct cursor c,
                        enum follow how)
{
    struct queue_book book;
    size_t total = q->total;
    char err[512];
    if (store_queue_keys_refresh(app->db, app->agent.id, NULL, 0, app->now, app->zones, WINDOW_KEYS_MAX, err,
                                 sizeof err) < 0) {
        app_message(app, true, "could not order the queue: %s", err);
        return false;
    }
    if ((how_read & WINDOW_COUNT) && !store_queue_count(app->db, app->agent.id, &total, err, sizeof err)) {
        app_message(app, true, "could not load the queue: %s", err);
        return false;
    }
    size_t rows = q->page > 0 && 4 * (size_t)q->page > WINDOW_ROWS ? 4 * (size_t)q->page : WINDOW_ROWS;
    if (!store_queue_window_load(app->db, app->agent.id, app->now, app->zones, base, rows, &book, err, sizeof err)) {
        app_message(app, true, "could not load the queue: %s", err);
        return false;
    }
    if (book.n == 0 && total > 0 && base > 0) { /* the queue shrank below the window: its end instead */
        queue_book_free(&book);
        q->total = total;
        c.at = total - 1;
        return load_window(q, app, window_base(q, total - 1), WINDOW_MOVE, c, how);
    }
    q->windowed = true;
    take_book(q, app, &book, base, total, c, how);
    return true;
}

/* The cursor's account moved out of the window just read: the window
 * around its new place, the cursor on it at the same line of the screen.
 * When it left the queue the cursor stays where the reload put it. */
static void window_to_account(struct queue_state *q, struct app *app, struct cursor c)
{
    size_t pos, line = c.at >= c.top ? c.at - c.top : 0;
    char err[256];
    int found = store_queue_window_position(app->db, app->agent.id, c.account, &pos, err, sizeof err);
    if (found < 0)
        app_message(app, true, "could not find the account in the queue: %s", err);
    if (found <= 0)
        return;
    struct cursor there = {c.account, pos, pos >= line ? pos - line : 0};
    load_window(q, app, window_base(q, pos), WINDOW_MOVE, there, STAY_ON_ACCOUNT);
}

/* Reload from the store; the cursor follows its account or keeps its place.
 * A queue longer than app->queue_whole (DUN_QUEUE_WHOLE) comes as a window. */
static bool reload(struct queue_state *q, struct app *app, enum follow how)
{
    struct queue_book book;
    size_t total = 0;
    char err[512];
    if (!store_queue_count(app->db, app->agent.id, &total, err, sizeof err)) {
        app_message(app, true, "could not load the queue: %s", err);
        return false;
    }
    if (total > app->queue_whole) {
        struct cursor c = cursor_now(q);
        q->total = total;
        if (!load_window(q, app, window_base(q, c.at), WINDOW_MOVE, c, how))
            return false;
        if (how == STAY_ON_ACCOUNT && c.account && index_of(q, c.account) == q->n)
            window_to_account(q, app, c);
        return true;
    }
    if (!store_queue_book_load(app->db, app->agent.id, app->now, app->zones, &book, err, sizeof err)) {
        app_message(app, true, "could not load the queue: %s", err);
        return false;
    }
    q->windowed = false;
    take_book(q, app, &book, 0, book.n, cursor_now(q), how);
    return true;
}

/* An account changed (a NOTIFY named it, or the agent just worked it):
 * remembered until the rows are brought up to date. */
static void note_changed(struct queue_state *q, int64_t account_id)
{
    for (size_t i = 0; i < q->nchanged; i++)
        if (q->changed[i] == account_id)
            return;
    if (q->nchanged == q->capchanged) {
        size_t cap = q->capchanged ? q->capchanged * 2 : 16;
        int64_t *p = realloc(q->changed, cap * sizeof *p);
        if (!p) { /* out of memory: load it all next time instead */
            q->stale = true;
            return;
        }
        q->changed = p;
        q->capchanged = cap;
    }
    q->changed[q->nchanged++] = account_id;
}

/* Only the changed accounts' rows, never the whole book: each is loaded
 * again and moved to its place; the cursor follows as reload() does. */
static void refresh_changed(struct queue_state *q, struct app *app, enum follow how)
{
    if (q->stale) {
        reload(q, app, how);
        return;
    }
    if (q->nchanged == 0)
        return;
    int64_t keep = q->n > 0 ? q->rows[q->selected].account_id : 0;
    char err[512];
    if (q->windowed) { /* their keys computed again, then the window at its place */
        if (store_queue_keys_refresh(app->db, app->agent.id, q->changed, q->nchanged, app->now, app->zones,
                                     q->nchanged, err, sizeof err) < 0)
            app_message(app, true, "could not bring the queue up to date: %s", err);
        else
            load_window(q, app, q->base, WINDOW_COUNT, cursor_now(q), how);
        return;
    }
    int done = store_queue_book_refresh(app->db, app->agent.id, app->now, app->zones, &q->book, q->changed,
                                        q->nchanged, err, sizeof err);
    if (done == 0) { /* an account joined the queue */
        reload(q, app, how);
        return;
    }
    if (done < 0) {
        app_message(app, true, "could not bring the queue up to date: %s", err);
        return;
    }
    q->rows = q->book.rows;
    q->n = q->book.n;
    for (size_t k = 0; k < q->nchanged; k++) {
        size_t i = index_of(q, q->changed[k]);
        if (i == q->n)
            continue;
        struct queue_widths w;
        queue_content_widths(&q->rows[i], 1, app->ascii, &w);
        for (int c = 0; c < QC_COUNT; c++)
            if (w.w[c] > q->widths.w[c])
                q->widths.w[c] = w.w[c];
    }
    q->nchanged = 0;
    follow(q, app, keep, q->selected, how);
}

/* The clock moved: verdicts and order change without a keypress, for the
 * rows whose edge (a window opening or closing, a new day) has come. */
static void reevaluate(struct queue_state *q, struct app *app)
{
    int64_t keep = q->n > 0 ? q->rows[q->selected].account_id : 0;
    if (q->windowed) { /* keys that went stale (dun serve computes most), then the window again */
        load_window(q, app, q->base, WINDOW_COUNT, cursor_now(q), FOLLOW_ACCOUNT);
        return;
    }
    if (queue_reevaluate_due(q->book.rows, q->book.n, &q->book.weights, app->now, app->zones) > 0)
        follow(q, app, keep, q->selected, FOLLOW_ACCOUNT);
}

static bool queue_open(struct screen *s, struct app *app, const void *arg)
{
    (void)arg;
    reload(s->priv, app, FOLLOW_ACCOUNT);
    return true;
}

static void queue_close(struct screen *s)
{
    struct queue_state *q = s->priv;
    queue_book_free(&q->book);
    free(q->changed);
}

/* The cursor to position target of the queue; a window moves to keep a
 * page of rows around it. */
static void move_to(struct queue_state *q, struct app *app, long target)
{
    if (q->n == 0)
        return;
    if (target < 0)
        target = 0;
    if (target >= (long)q->total)
        target = (long)q->total - 1;
    size_t at = (size_t)target, page = q->page > 0 ? (size_t)q->page : 1;
    bool near_top = at < q->base + page && q->base > 0;
    bool near_end = at + page >= q->base + q->n && q->base + q->n < q->total;
    bool inside = at >= q->base && at < q->base + q->n;
    /* Near the window's edges it moves ahead; offline, a move within the
     * rows it has still goes, and only one beyond them is refused. */
    if (q->windowed && (!inside || near_top || near_end) && (app->db_up || !inside)) {
        struct cursor c = {0, at, q->base + q->top};
        if (app_online(app, "more rows") && load_window(q, app, window_base(q, at), WINDOW_MOVE, c, KEEP_POSITION))
            return;
    }
    if (inside) /* else (no window beyond, the database away) it stays */
        q->selected = at - q->base;
}

static bool row_matches(const struct queue_row *r, const char *text)
{
    return utf8_contains_fold(r->name, text) || utf8_contains_fold(r->ref, text);
}

/* A window's search runs in the database, over the whole queue. */
static void search_stored(struct queue_state *q, struct app *app, int dir)
{
    if (!app_online(app, "search"))
        return;
    size_t from = q->base + q->selected, at = 0;
    char err[512];
    int found = store_queue_window_find(app->db, app->agent.id, q->search, from, dir, &at, err, sizeof err);
    if (found < 0)
        app_message(app, true, "could not search the queue: %s", err);
    else if (found == 0)
        app_message(app, true, "\"%s\" not found in the queue", q->search);
    else if (at == from)
        app_message(app, false, "\"%s\": this is the only match", q->search);
    else {
        if ((dir > 0 && at < from) || (dir < 0 && at > from))
            app_message(app, false, "search wrapped around");
        move_to(q, app, (long)at);
    }
}

/* Find the next (dir = 1) or previous (dir = -1) match, wrapping around. */
static void search(struct screen *s, struct app *app, int dir)
{
    struct queue_state *q = s->priv;
    if (!q->search[0]) {
        app_message(app, true, "no search yet: press / to search by name or ref");
        return;
    }
    if (q->windowed) {
        search_stored(q, app, dir);
        return;
    }
    for (size_t k = 1; k <= q->n; k++) {
        size_t i = (q->selected + q->n + (size_t)dir * k) % q->n;
        if (row_matches(&q->rows[i], q->search)) {
            if ((dir > 0 && i <= q->selected) || (dir < 0 && i >= q->selected))
                app_message(app, false, "search wrapped around");
            q->selected = i;
            return;
        }
    }
    app_message(app, true, "\"%s\" not found in the queue", q->search);
}

static void search_done(struct screen *s, struct app *app, const char *text)
{
    struct queue_state *q = s->priv;
    if (!text[0])
        return;
    snprintf(q->search, sizeof q->search, "%s", text);
    search(s, app, 1);
}

/* o: an account by its ref, when this agent may work it (a supervisor:
 * the team's), whether it is in this queue or not. */
static void goto_done(struct screen *s, struct app *app, const char *text)
{
    char why[600], err[512];
    (void)s;
    if (!text[0])
        return;
    int may = store_agent_may_act(app->db, &app->agent, text, why, sizeof why, err, sizeof err);
    if (may < 0)
        app_message(app, true, "could not open %s: %s", text, err);
    else if (may == 0)
        app_message(app, true, "%s", why);
    else
        app_push(app, &account_screen, text);
}

static enum handled queue_handle(struct screen *s, struct app *app, enum action a)
{
    struct queue_state *q = s->priv;
    long sel = (long)(q->base + q->selected), page = q->page > 1 ? q->page : 1;
    switch (a) {
    case ACT_MOVE_DOWN: move_to(q, app, sel + 1); break;
    case ACT_MOVE_UP: move_to(q, app, sel - 1); break;
    case ACT_PAGE_DOWN: move_to(q, app, sel + page); break;
    case ACT_PAGE_UP: move_to(q, app, sel - page); break;
    case ACT_HALF_PAGE_DOWN: move_to(q, app, sel + page / 2); break;
    case ACT_HALF_PAGE_UP: move_to(q, app, sel - page / 2); break;
    case ACT_FIRST: move_to(q, app, 0); break;
    case ACT_LAST: move_to(q, app, (long)q->total - 1); break;
    case ACT_SEARCH: app_prompt(app, "Search name or ref: ", "", search_done); break;
    case ACT_GOTO_ACCOUNT: app_prompt(app, "Open account (ref): ", "", goto_done); break;
    case ACT_SEARCH_NEXT: search(s, app, 1); break;
    case ACT_SEARCH_PREV: search(s, app, -1); break;
    case ACT_REFRESH:
        if (reload(q, app, STAY_ON_ACCOUNT)) /* else it said why */
            app_message(app, false, "queue reloaded: %zu accounts", q->total);
        break;
    case ACT_INBOX:
        app_push(app, &inbox_screen, NULL);
        break;
    case ACT_REVIEW:
        app_push(app, &review_screen, NULL);
        break;
    case ACT_METRICS:
        app_push(app, &metrics_screen, NULL);
        break;
    case ACT_VERDICTS:
        if (q->n == 0)
            app_message(app, true, "the queue is empty");
        else
            app_push(app, &verdicts_screen, &q->rows[q->selected]);
        break;
    case ACT_OPEN:
        if (q->n == 0)
            app_message(app, true, "the queue is empty");
        else
            app_push(app, &account_screen, q->rows[q->selected].ref);
        break;
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

/* NOTIFYs that change an account's row in the queue (its contacts,
 * messages, replies and replies read, promises, flags). */
static bool changes_row(const char *what)
{
    static const char *const kinds[] = {"contact", "outbox", "inbound", "read", "promise", "account", "selfpromise"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(what, kinds[i]) == 0)
            return true;
    return false;
}

static void queue_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    struct queue_state *q = s->priv;
    bool on_top = app->depth > 0 && app->stack[app->depth - 1] == s;
    if (ev->kind == EV_FOCUS) { /* back from an account: the next best is under the cursor */
        /* What changed meanwhile, the account's own work included, came as
         * news (every write announces its account): only those rows. */
        refresh_changed(q, app, KEEP_POSITION);
        if (app->open_next) {
            app->open_next = false;
            open_next(q, app);
        }
    } else if (ev->kind == EV_NOTIFY && strcmp(ev->what, "lease") == 0) {
        size_t i = index_of(q, ev->account_id); /* a colleague opened or closed one: that row only */
        if (i < q->n)
            mark_in_use(q, app, i);
    } else if (ev->kind == EV_NOTIFY && ev->account_id > 0 && changes_row(ev->what) &&
               (index_of(q, ev->account_id) < q->n || (strcmp(ev->what, "account") == 0 && !q->windowed))) {
        /* A row of this queue (a reply bumps its account), or an account
         * that may have joined it (reassigned, imported): a colleague's
         * call on their own account costs this queue nothing. A window
         * takes in accounts from outside it at the minute (its keys are
         * stale: dun serve computes them). */
        note_changed(q, ev->account_id);
        if (on_top)
            refresh_changed(q, app, FOLLOW_ACCOUNT);
    } else if (ev->kind == EV_NOTIFY && (strcmp(ev->what, "payment") == 0 || strcmp(ev->what, "book") == 0)) {
        q->stale = true; /* an import, a bulk change: any account may have changed */
        if (on_top)
            refresh_changed(q, app, FOLLOW_ACCOUNT);
    } else if (ev->kind == EV_DB_BACK) {
        reload(q, app, FOLLOW_ACCOUNT);
    } else if (ev->kind == EV_MINUTE) {
        reevaluate(q, app);
    }
}

/* Letters carry the meaning (P allowed, p blocked, a dot for none); colour
 * only repeats it, so a monochrome terminal loses nothing. */
static void draw_indicators(const struct tui_canvas *c, int row, int x, const struct queue_row *r,
                            const char *text)
{
    const char *p = text;
    for (int ch = 0; ch < CH_COUNT && *p; ch++) {
        size_t len = ((unsigned char)*p >= 0x80) ? 2 : 1;
        char one[4] = {0};
        memcpy(one, p, len);
        p += len;
        enum tui_attr a = r->ind[ch] == IND_ALLOWED ? ATTR_GOOD : r->ind[ch] == IND_BLOCKED ? ATTR_ERROR : ATTR_DIM;
        tui_text(c, row, x + ch, 1, a, ALIGN_LEFT, one);
    }
}

static void queue_draw(struct screen *s, struct app *app, const struct tui_canvas *c)
{
    struct queue_state *q = s->priv;
    int x[QC_COUNT], w[QC_COUNT];
    queue_columns(&q->widths, c->r.w - 1, w); /* one column of margin on the left */
    columns_positions(w, QC_COUNT, x);
    for (int k = 0; k < QC_COUNT; k++)
        if (w[k] > 0)
            tui_text(c, 0, 1 + x[k], w[k], ATTR_HEADER, queue_cell_right_aligned(k) ? ALIGN_RIGHT : ALIGN_LEFT,
                     queue_cell_title_fit(k, w[k]));
    q->page = c->r.h - 2; /* the header above, the key bar below */
    tui_keybar(c, c->r.h - 1, app, s);
    if (q->n == 0) {
        tui_text(c, 2, 2, c->r.w - 2, ATTR_DIM, ALIGN_LEFT,
                 q->loaded ? "No accounts are assigned to you." : "The queue could not be loaded.");
        return;
    }
    /* Keys moved the selection: keep it in view, scrolling by the least amount. */
    if (q->selected < q->top)
        q->top = q->selected;
    if (q->page > 0 && q->selected >= q->top + (size_t)q->page)
        q->top = q->selected - (size_t)q->page + 1;
    char cell[512];
    for (int row = 0; row < q->page && q->top + (size_t)row < q->n; row++) {
        size_t i = q->top + (size_t)row;
        /* A row a colleague is working reads dim: not for now. */
        enum tui_attr attr = i == q->selected ? ATTR_SELECTED : q->rows[i].in_use_by[0] ? ATTR_DIM : ATTR_NORMAL;
        tui_fill_row(c, row + 1, attr);
        for (int k = 0; k < QC_COUNT; k++) {
            if (w[k] == 0)
                continue;
            queue_cell_text(&q->rows[i], k, app->now, app->zones, c->ascii, w[k], cell, sizeof cell);
            if (k == QC_CHANNELS && attr == ATTR_NORMAL)
                draw_indicators(c, row + 1, 1 + x[k], &q->rows[i], cell);
            else
                tui_text(c, row + 1, 1 + x[k], w[k], attr,
                         queue_cell_right_aligned(k) ? ALIGN_RIGHT : ALIGN_LEFT, cell);
        }
    }
}

/* Something urgent ranked above the rows on screen: say so, since the
 * viewport does not jump to it by itself. */
static const char *above(const struct queue_state *q)
{
    size_t top = q->selected < q->top ? q->selected : q->top; /* as the next draw will scroll */
    for (size_t i = 0; i < top && i < q->n; i++) {
        if (q->rows[i].score.part[PF_CALLBACK_DUE] > 0)
            return " | a callback is due above: g";
        if (q->rows[i].reply_unread)
            return " | a reply is waiting above: g";
    }
    return "";
}

static void queue_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct queue_state *q = s->priv;
    (void)app;
    snprintf(out, n, " dun | Queue | %zu account%s | %zu/%zu%s", q->total, q->total == 1 ? "" : "s",
             q->n ? q->base + q->selected + 1 : 0, q->total, above(q));
}

static const enum action queue_actions[] = {
    ACT_OPEN,
    ACT_GOTO_ACCOUNT,
    ACT_VERDICTS,
    ACT_SEARCH,
    ACT_SEARCH_NEXT,
    ACT_SEARCH_PREV,
    ACT_INBOX,
    ACT_REFRESH,
    ACT_REVIEW,
    ACT_METRICS,
    NAVIGATION_ACTIONS,
    ACTION_NONE,
};

const struct screen_ops queue_screen = {
    .name = "queue",
    .priv_size = sizeof(struct queue_state),
    .open = queue_open,
    .handle = queue_handle,
    .on_event = queue_event,
    .draw = queue_draw,
    .close = queue_close,
    .title = queue_title,
    .actions = queue_actions,
};
