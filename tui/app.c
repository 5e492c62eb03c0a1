/* The app: screen stack, status line, prompt, and the one event loop that
 * polls stdin, the database socket and the signal pipe. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/channels/desktop.h"
#include "core/db/account_store.h"
#include "core/db/db.h"
#include "core/db/inbox_store.h"
#include "core/db/outbox.h"
#include "core/db/review_store.h"
#include "core/db/thanks_store.h"
#include "core/money.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/messaging.h"
#include "tui/sender.h"
#include "tui/term.h"
#include "tui/tui.h"

enum { MESSAGE_SECONDS = 5, RECONNECT_SECONDS = 3, UNDO_LATE_SECONDS = 10 };

static int curses_attr(enum tui_attr a)
{
    bool color = has_colors();
    switch (a) {
    case ATTR_HEADER: return A_BOLD | (color ? COLOR_PAIR(1) : 0);
    case ATTR_SELECTED: return A_REVERSE;
    case ATTR_DIM: return A_DIM;
    case ATTR_TITLE: return color ? COLOR_PAIR(4) : A_REVERSE;
    case ATTR_ERROR: return A_BOLD | (color ? COLOR_PAIR(2) : 0);
    case ATTR_GOOD: return color ? COLOR_PAIR(3) : 0;
    default: return A_NORMAL;
    }
}

void tui_text(const struct tui_canvas *c, int row, int col, int width, enum tui_attr attr,
              enum tui_align align, const char *text)
{
    if (row < 0 || row >= c->r.h || col >= c->r.w || width <= 0)
        return;
    if (col + width > c->r.w)
        width = c->r.w - col;
    char buf[2048];
    if (align == ALIGN_RIGHT)
        utf8_fit_right(text, width, c->ascii, buf, sizeof buf);
    else
        utf8_fit(text, width, c->ascii, buf, sizeof buf);
    attrset(curses_attr(attr));
    mvaddstr(c->r.y + row, c->r.x + col, buf);
    attrset(A_NORMAL);
}

/* The text tui_wrapped lays out (at most 2 KiB of it, room left for the
 * cursor), and the columns a line of it may fill (room for a hanging 。). */
enum { WRAP_MAX = 2048 };
static void wrap_copy(char line[WRAP_MAX], const char *text, size_t len)
{
    if (len >= WRAP_MAX - 1)
        len = WRAP_MAX - 2;
    memcpy(line, text, len);
    line[len] = '\0';
}

static int wrap_columns(int width)
{
    return width > 6 ? width - 3 : 3;
}

int tui_wrapped_rows(int width, const char *text, size_t len)
{
    char line[WRAP_MAX];
    wrap_copy(line, text, len);
    int rows = 0;
    const char *p = line;
    do {
        p += utf8_wrap(p, wrap_columns(width));
        rows++;
    } while (*p);
    return rows;
}

size_t tui_wrap_piece(const char *text, size_t len, int width)
{
    char line[WRAP_MAX];
    wrap_copy(line, text, len);
    return utf8_wrap(line, wrap_columns(width));
}

/* Where the terminal's cursor goes after this draw (-1: hidden). Only the
 * loop's thread draws, so one place for it is enough. */
static int cursor_row = -1, cursor_col = -1;

void tui_place_cursor(const struct tui_canvas *c, int row, int col)
{
    if (row < 0 || row >= c->r.h || col < 0 || col >= c->r.w)
        return;
    cursor_row = c->r.y + row;
    cursor_col = c->r.x + col;
}

int tui_wrapped(const struct tui_canvas *c, int row, int end, int col, int width, enum tui_attr attr,
                const char *text, size_t len, bool cursor)
{
    char line[WRAP_MAX];
    wrap_copy(line, text, len);
    const char *p = line;
    do {
        size_t n = utf8_wrap(p, wrap_columns(width));
        char piece[sizeof line + 1];
        memcpy(piece, p, n);
        piece[n] = '\0';
        p += n;
        if (cursor && !*p)
            strcat(piece, "_");
        tui_text(c, row++, col, width, attr, ALIGN_LEFT, piece);
    } while (*p && row < end);
    return row;
}

/* The first key bound to a in context ("j" of "j, Down"); false when none. */
static bool first_key(const struct keymap *km, const char *context, enum action a, char *out, size_t n)
{
    if (keymap_keys_for(km, context, a, out, n) == 0)
        return false;
    out[strcspn(out, ",")] = '\0';
    return true;
}

void tui_keybar(const struct tui_canvas *c, int row, struct app *app, const struct screen *s)
{
    char bar[1024] = "", item[128], key[DUN_KEY_NAME_SIZE * 4], help[96] = "";
    const char *ctx = s->ops->name;
    if (first_key(app->keys, ctx, ACT_HELP, key, sizeof key))
        snprintf(help, sizeof help, "%s %s", key, action_info(ACT_HELP)->label);
    int room = c->r.w - 2 - (help[0] ? utf8_width(help) + 2 : 0), used = 0;
    bool agent = strcmp(app->agent.role, "agent") == 0;
    bool read_only = app->lock.account_id && !app->lock.held;
    for (const enum action *a = s->ops->actions; a && *a != ACTION_NONE; a++) {
        unsigned pre = action_info(*a)->pre;
        if (action_is_navigation(*a) || (agent && (pre & PRE_SUPERVISOR)) || (read_only && (pre & PRE_LEASE)) ||
            (*a == ACT_TAKE_OVER && !read_only) || !first_key(app->keys, ctx, *a, key, sizeof key))
            continue; /* not offered: what only a supervisor may do, writes on an account in use */
        snprintf(item, sizeof item, "%s%s %s", used ? "  " : "", key, action_info(*a)->label);
        int w = utf8_width(item);
        if (used + w > room || strlen(bar) + strlen(item) >= sizeof bar)
            break; /* priority order: nothing after the first that does not fit */
        strcat(bar, item);
        used += w;
    }
    if (help[0]) {
        if (used)
            strcat(bar, "  ");
        strcat(bar, help);
    }
    tui_text(c, row, 1, c->r.w - 1, ATTR_DIM, ALIGN_LEFT, bar);
}

void tui_fill_row(const struct tui_canvas *c, int row, enum tui_attr attr)
{
    tui_text(c, row, 0, c->r.w, attr, ALIGN_LEFT, "");
}

static struct screen *top(struct app *app)
{
    return app->depth > 0 ? app->stack[app->depth - 1] : NULL;
}

bool app_push(struct app *app, const struct screen_ops *ops, const void *arg)
{
    if (app->depth == (int)(sizeof app->stack / sizeof app->stack[0])) {
        app_message(app, true, "too many screens open");
        return false;
    }
    struct screen *s = calloc(1, sizeof *s);
    if (!s)
        return false;
    s->ops = ops;
    s->below = top(app);
    s->priv = ops->priv_size ? calloc(1, ops->priv_size) : NULL;
    if ((ops->priv_size && !s->priv) || (ops->open && !ops->open(s, app, arg))) {
        free(s->priv);
        free(s);
        return false;
    }
    app->stack[app->depth++] = s;
    app->dirty = true;
    return true;
}

void app_pop(struct app *app)
{
    struct screen *s = top(app);
    if (!s)
        return;
    if (s->ops->close)
        s->ops->close(s);
    free(s->priv);
    free(s);
    app->depth--;
    if (app->depth == 0)
        app->quit = true;
    else if (top(app)->ops->on_event) { /* back on top: it may need fresh data */
        struct app_event ev = {EV_FOCUS, NULL, 0};
        top(app)->ops->on_event(top(app), app, &ev);
    }
    app->dirty = true;
}

static void set_message(struct app *app, bool error, bool until_key, const char *fmt, va_list ap)
{
    vsnprintf(app->message, sizeof app->message, fmt, ap);
    app->message_is_error = error;
    app->message_until = app->now + MESSAGE_SECONDS;
    app->message_until_key = until_key;
    app->dirty = true;
}

void app_message(struct app *app, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_message(app, error, false, fmt, ap);
    va_end(ap);
}

void app_notice(struct app *app, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_message(app, error, true, fmt, ap);
    va_end(ap);
}

/* Shown now? A notice stays past its time until a key clears it. */
static bool message_showing(const struct app *app)
{
    return app->message[0] && (app->now < app->message_until || app->message_until_key);
}

void app_pending_add(struct app *app, int64_t id, int64_t account_id, int channel, const char *what,
                     const char *subject, const char *body)
{
    if (app->npending == PENDING_MAX) { /* the oldest is nearly out of its window anyway */
        memmove(app->pending, app->pending + 1, sizeof app->pending[0] * (PENDING_MAX - 1));
        app->npending--;
    }
    struct pending_message *p = &app->pending[app->npending++];
    p->id = id;
    p->account_id = account_id;
    p->channel = channel;
    p->until = app->now + app->undo_seconds;
    snprintf(p->what, sizeof p->what, "%s", what);
    snprintf(p->text, sizeof p->text, "%s%s%s", subject && *subject ? subject : "", subject && *subject ? "\n\n" : "",
             body);
    app->dirty = true;
}

const struct pending_message *app_pending_find(const struct app *app, int64_t account_id, int channel)
{
    for (int i = 0; i < app->npending; i++)
        if (app->pending[i].account_id == account_id && app->pending[i].channel == channel)
            return &app->pending[i];
    return NULL;
}

/* Released messages leave the list: their undo window is over (one the
 * agent took back while the database was away stays until it is cancelled). */
static void release_pending(struct app *app)
{
    int kept = 0;
    for (int i = 0; i < app->npending; i++)
        if (app->now < app->pending[i].until || app->pending[i].cancel_wanted) {
            app->pending[kept++] = app->pending[i];
        } else {
            memcpy(app->released_what, app->pending[i].what, sizeof app->released_what);
            app->released_at = app->now;
        }
    if (kept < app->npending && kept == 0)
        app_message(app, false, "released: the message is on its way");
    app->npending = kept;
}

/* u: the last message still waiting goes back; u again, the one before.
 * With the database away the wish is kept and carried out when it is back. */
static void undo_pending(struct app *app)
{
    char err[256];
    int last = app->npending - 1;
    while (last >= 0 && app->pending[last].cancel_wanted)
        last--;
    if (last < 0 && app->released_what[0] && app->now - app->released_at <= UNDO_LATE_SECONDS) {
        app_message(app, true, "too late to take back: %s left its undo window %lld s ago", app->released_what,
                    (long long)(app->now - app->released_at));
        return;
    }
    if (last < 0) {
        app_message(app, true, "no message is waiting to be sent");
        return;
    }
    struct pending_message *p = &app->pending[last];
    if (!app->db_up) {
        p->cancel_wanted = true;
        app_notice(app, true, "u: cancelled once the database is back (%s)", p->what);
        return;
    }
    if (outbox_cancel(app->db, p->id, app->now, err, sizeof err))
        app_message(app, false, "cancelled: the message will not be sent (%s)", p->what);
    else
        app_message(app, true, "%s", err);
    memmove(p, p + 1, sizeof *p * (size_t)(app->npending - last - 1));
    app->npending--;
}

/* The database is back: carry out the cancels asked for meanwhile, first;
 * what became of them goes into note ("" when there were none). */
static void cancel_wanted_pending(struct app *app, char *note, size_t n)
{
    char err[256];
    int kept = 0;
    note[0] = '\0';
    for (int i = 0; i < app->npending; i++) {
        struct pending_message *p = &app->pending[i];
        if (!p->cancel_wanted) {
            app->pending[kept++] = *p;
            continue;
        }
        size_t len = strlen(note);
        if (outbox_cancel(app->db, p->id, app->now, err, sizeof err))
            snprintf(note + len, n - len, "%scancelled: the message will not be sent (%s)", len ? "; " : "", p->what);
        else
            snprintf(note + len, n - len, "%s%s could not be taken back: %s", len ? "; " : "", p->what, err);
    }
    app->npending = kept;
}

/* M: the last waiting message whole, in its own screen. */
static void read_pending(struct app *app)
{
    if (app->npending == 0) {
        app_message(app, true, "no message is waiting to be sent");
        return;
    }
    const struct pending_message *p = &app->pending[app->npending - 1];
    char title[400];
    snprintf(title, sizeof title, "Waiting to be sent: %s (u takes it back)", p->what);
    struct entry_request req = {title, p->text};
    app_push(app, &entry_screen, &req);
}

void app_confirm(struct app *app, confirm_fn yes, const char *fmt, ...)
{
    va_list ap;
    char question[200];
    va_start(ap, fmt);
    vsnprintf(question, sizeof question, fmt, ap);
    va_end(ap);
    snprintf(app->prompt_label, sizeof app->prompt_label, "%s (y/n) ", question);
    app->prompt_text[0] = '\0';
    app->prompt_done = NULL;
    app->confirm_yes = yes;
    app->prompting = true;
    app->dirty = true;
}

/* y answers yes, n or Esc no; any other key leaves the question standing. */
static void confirm_key(struct app *app, int key)
{
    confirm_fn yes = app->confirm_yes;
    if (key == 'y' || key == 'Y' || key == 'n' || key == 'N' || key == 27 || key == 7) {
        app->prompting = false;
        app->confirm_yes = NULL;
        if ((key == 'y' || key == 'Y') && top(app))
            yes(top(app), app);
    }
    app->dirty = true;
}

void app_prompt(struct app *app, const char *label, const char *initial, prompt_done_fn done)
{
    app->confirm_yes = NULL;
    app->prompting = true;
    snprintf(app->prompt_label, sizeof app->prompt_label, "%s", label);
    snprintf(app->prompt_text, sizeof app->prompt_text, "%s", initial ? initial : "");
    app->prompt_done = done;
    app->dirty = true;
}

static void broadcast(struct app *app, enum app_event_kind kind)
{
    struct app_event ev = {kind, NULL, 0};
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i]->ops->on_event)
            app->stack[i]->ops->on_event(app->stack[i], app, &ev);
    app->dirty = true;
}

/* --- drawing ------------------------------------------------------------- */

const struct zone *app_agent_zone(struct app *app)
{
    char err[128];
    const struct zone *z = zone_cache_get(app->zones, app->agent.time_zone, err, sizeof err);
    return z ? z : zone_cache_get(app->zones, "UTC", err, sizeof err);
}

/* The status line's right part: the database's state and the agent's clock. */
static void status_right(struct app *app, char *out, size_t n)
{
    const struct zone *z = app_agent_zone(app);
    struct local_time lt = zone_local(z, app->now);
    char date[16];
    date_format(lt.date, date, sizeof date);
    snprintf(out, n, " db %s | %s %02d:%02d %s ", app->db_up ? "ok" : "LOST, retrying", date, lt.minute_of_day / 60,
             lt.minute_of_day % 60, zone_abbrev(z, app->now));
}

static enum tui_attr message_attr(const struct app *app)
{
    return app->message_is_error ? ATTR_ERROR : ATTR_TITLE;
}

/* A message that does not fit beside the status line's right part: it is
 * drawn above the status line instead (message_panel). */
static bool message_too_long(struct app *app, int cols)
{
    char right[160];
    status_right(app, right, sizeof right);
    return message_showing(app) && 1 + utf8_width(app->message) > cols - utf8_width(right);
}

static void draw_status(struct app *app, const struct tui_canvas *c)
{
    char left[512], right[160];
    if (app->prompting) {
        snprintf(left, sizeof left, "%s%s", app->prompt_label, app->prompt_text);
        tui_text(c, 0, 0, c->r.w, ATTR_NORMAL, ALIGN_LEFT, left);
        int x = utf8_width(left);
        if (x < c->r.w) {
            move(c->r.y, x);
            curs_set(1);
        }
        return;
    }
    curs_set(0);
    status_right(app, right, sizeof right);
    int rw = utf8_width(right);
    bool here = message_showing(app) && !message_too_long(app, c->r.w);
    if (here)
        snprintf(left, sizeof left, " %s", app->message);
    else
        snprintf(left, sizeof left, " %s (%s)%s%s", app->agent.display_name, app->agent.login,
                 app->agent.team[0] ? " | " : "", app->agent.team);
    tui_text(c, 0, 0, c->r.w - rw, here ? message_attr(app) : ATTR_TITLE, ALIGN_LEFT, left);
    tui_text(c, 0, c->r.w - rw, rw, app->db_up ? ATTR_TITLE : ATTR_ERROR, ALIGN_LEFT, right);
}

/* A message too long for the status line takes the rows above it, wrapped,
 * at most a third of the body, for as long as it shows: a refusal's reason
 * and when contact opens are read whole, also at 80 columns. */
static struct tui_canvas message_panel(struct app *app, struct tui_canvas *body)
{
    int want = tui_wrapped_rows(body->r.w - 2, app->message, strlen(app->message)), most = body->r.h / 3;
    int h = want < most ? want : most > 0 ? most : 0;
    struct tui_canvas mc = {{body->r.y + body->r.h - h, body->r.x, h, body->r.w}, app->ascii};
    body->r.h -= h;
    return mc;
}

static void draw_message(struct app *app, const struct tui_canvas *c)
{
    for (int row = 0; row < c->r.h; row++)
        tui_fill_row(c, row, message_attr(app));
    tui_wrapped(c, 0, c->r.h, 1, c->r.w - 2, message_attr(app), app->message, strlen(app->message), false);
}

/* The waiting message's first line: when it goes, and how to take it back. */
static void pending_head(const struct app *app, char *head, size_t n)
{
    const struct pending_message *last = &app->pending[app->npending - 1];
    char more[64] = "";
    long left = (long)(last->until - app->now);
    if (app->npending > 1)
        snprintf(more, sizeof more, "; %d more waiting", app->npending - 1);
    if (last->cancel_wanted)
        snprintf(head, n, "Held: %s is cancelled as soon as the database is back%s", last->what, more);
    else
        snprintf(head, n, "Sending in %ld s: %s (u takes it back%s)", left > 0 ? left : 0, last->what, more);
}

/* The rows the first line takes, wrapped so that "u takes it back" is
 * never cut (a narrow terminal, several waiting). */
static int pending_head_rows(const struct app *app, int width)
{
    char head[600];
    pending_head(app, head, sizeof head);
    return tui_wrapped_rows(width - 2, head, strlen(head));
}

/* The waiting message takes the bottom of the body: its first line saying
 * what goes when, then the text wrapped, at most half the body. */
static struct tui_canvas pending_panel(struct app *app, struct tui_canvas *body)
{
    const struct pending_message *last = &app->pending[app->npending - 1];
    int head = pending_head_rows(app, body->r.w), want = head, most = body->r.h / 2;
    for (const char *p = last->text; p;) { /* paragraph by paragraph, as draw_pending lays it out */
        const char *nl = strchr(p, '\n');
        want += tui_wrapped_rows(body->r.w - 4, p, nl ? (size_t)(nl - p) : strlen(p));
        p = nl ? nl + 1 : NULL;
    }
    int h = want < most ? want : most;
    struct screen *s = top(app);
    if (s && s->ops == &entry_screen) /* it is being read whole: the countdown line is enough */
        h = head;
    if (h < head + 1)
        h = body->r.h > head + 1 ? head + 1 : 0;
    struct tui_canvas pc = {{body->r.y + body->r.h - h, body->r.x, h, body->r.w}, app->ascii};
    body->r.h -= h;
    return pc;
}

static void draw_pending(struct app *app, const struct tui_canvas *c)
{
    const struct pending_message *last = &app->pending[app->npending - 1];
    char head[600];
    pending_head(app, head, sizeof head);
    int row = pending_head_rows(app, c->r.w);
    row = row < c->r.h ? row : c->r.h;
    for (int r = 0; r < row; r++)
        tui_fill_row(c, r, ATTR_SELECTED);
    tui_wrapped(c, 0, row, 1, c->r.w - 2, ATTR_SELECTED, head, strlen(head), false);
    const char *p = last->text;
    while (p && row < c->r.h) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        row = tui_wrapped(c, row, c->r.h, 2, c->r.w - 4, ATTR_NORMAL, p, len, false);
        p = nl ? nl + 1 : NULL;
    }
    if (p && c->r.h > 1) /* cut: say so rather than end mid-message */
        tui_text(c, c->r.h - 1, c->r.w - 30, 30, ATTR_DIM, ALIGN_RIGHT, "(more: M reads it whole)");
}

static void draw_too_small(int rows, int cols, bool ascii)
{
    char size[64], need[64];
    erase();
    snprintf(size, sizeof size, "Terminal too small: %dx%d.", cols, rows);
    snprintf(need, sizeof need, "dun needs at least %dx%d.", MIN_COLS, MIN_ROWS);
    const char *lines[] = {size, need, "Enlarge the window, or press q to quit."};
    struct tui_canvas c = {{0, 0, rows, cols}, ascii};
    int y = rows > 3 ? (rows - 3) / 2 : 0;
    for (int i = 0; i < 3; i++)
        tui_text(&c, y + i, 0, cols, i == 0 ? ATTR_ERROR : ATTR_NORMAL, ALIGN_LEFT, lines[i]);
}

static void draw(struct app *app)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    struct layout l = layout_compute(rows, cols);
    if (l.too_small) {
        draw_too_small(rows, cols, app->ascii);
    } else {
        struct screen *s = top(app);
        char title[512] = "dun";
        if (s && s->ops->title)
            s->ops->title(s, app, title, sizeof title);
        struct tui_canvas tc = {l.title, app->ascii}, bc = {l.body, app->ascii},
                          sc = {l.status, app->ascii};
        erase();
        tui_text(&tc, 0, 0, tc.r.w, ATTR_TITLE, ALIGN_LEFT, title);
        struct tui_canvas pc = {{0, 0, 0, 0}, app->ascii}, mc = pc;
        if (!app->prompting && message_too_long(app, cols))
            mc = message_panel(app, &bc);
        if (app->npending > 0)
            pc = pending_panel(app, &bc);
        cursor_row = cursor_col = -1;
        if (s)
            s->ops->draw(s, app, &bc);
        if (pc.r.h > 0)
            draw_pending(app, &pc);
        if (mc.r.h > 0)
            draw_message(app, &mc);
        draw_status(app, &sc);
        if (!app->prompting && cursor_row >= 0) { /* a text field's cursor, where typing goes */
            move(cursor_row, cursor_col);
            curs_set(1);
        }
    }
    wnoutrefresh(stdscr);
    doupdate();
    app->dirty = false;
}

/* --- input --------------------------------------------------------------- */

static void prompt_key(struct app *app, int key)
{
    size_t len = strlen(app->prompt_text);
    if (key == 27 || key == (DUN_KEY_FN | KEY_EXIT) || key == 7) { /* Esc, C-g */
        app->prompting = false;
    } else if (key == 10 || key == 13 || key == (DUN_KEY_FN | KEY_ENTER)) {
        app->prompting = false;
        if (app->prompt_done && top(app))
            app->prompt_done(top(app), app, app->prompt_text);
    } else if (key == 127 || key == 8 || key == (DUN_KEY_FN | KEY_BACKSPACE)) {
        while (len > 0 && ((unsigned char)app->prompt_text[len - 1] & 0xC0) == 0x80)
            len--; /* drop a whole UTF-8 character */
        if (len > 0)
            len--;
        app->prompt_text[len] = '\0';
    } else if (key == 21) { /* C-u */
        app->prompt_text[0] = '\0';
    } else if (key >= 32 && !(key & DUN_KEY_FN)) {
        char enc[4];
        size_t n = utf8_encode((uint32_t)key, enc);
        if (len + n < sizeof app->prompt_text) {
            memcpy(app->prompt_text + len, enc, n);
            app->prompt_text[len + n] = '\0';
        }
    }
    app->dirty = true;
}

bool app_online(struct app *app, const char *what)
{
    if (!app->db_up)
        app_message(app, true, "%s: not now, the database is not reachable (dun is reconnecting)", what);
    return app->db_up;
}

/* Preconditions are checked once here, before any handler runs. */
static bool allowed(struct app *app, enum action a)
{
    const struct action_info *info = action_info(a);
    if ((info->pre & PRE_ONLINE) && !app_online(app, info->label))
        return false;
    if ((info->pre & PRE_SUPERVISOR) && strcmp(app->agent.role, "agent") == 0) {
        app_message(app, true, "%s is for supervisors", info->label);
        return false;
    }
    return !(info->pre & PRE_LEASE) || lease_writable(app, app->lock.account_id);
}

static void global_action(struct app *app, enum action a)
{
    switch (a) {
    case ACT_QUIT:
        app->quit = true;
        break;
    case ACT_BACK:
        if (app->depth > 1)
            app_pop(app);
        else /* Esc on the queue must not end the working day by accident */
            app_message(app, false, "this is the first screen: press q to quit");
        break;
    case ACT_HELP:
        if (strcmp(top(app)->ops->name, "help") != 0)
            app_push(app, &help_screen, NULL);
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        app->dirty = true;
        break;
    case ACT_UNDO_SEND:
        undo_pending(app);
        break;
    case ACT_READ_PENDING:
        read_pending(app);
        break;
    case ACT_THANK:
        thanks_give_open(app, 0, NULL);
        break;
    case ACT_THANKS_LOG:
        if (strcmp(top(app)->ops->name, "thanks") != 0)
            app_push(app, &thanks_screen, NULL);
        break;
    default:
        app_message(app, true, "%s does nothing here (press ? for this screen's keys)", action_info(a)->label);
        break;
    }
}

static void dispatch_key(struct app *app, int key)
{
    /* A key is the next action: what the last one said goes (a notice once
     * it has been up its time), so no message outlives its moment. */
    if (app->message[0] && (!app->message_until_key || app->now >= app->message_until)) {
        app->message_until_key = false;
        app->message[0] = '\0';
        app->dirty = true;
    }
    if (app->prompting) {
        if (app->confirm_yes)
            confirm_key(app, key);
        else
            prompt_key(app, key);
        return;
    }
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    struct screen *s = top(app);
    if (s->ops->key && !layout_compute(rows, cols).too_small && s->ops->key(s, app, key)) {
        app->dirty = true;
        return;
    }
    enum action a = keymap_lookup(app->keys, s->ops->name, key);
    if (layout_compute(rows, cols).too_small && a != ACT_QUIT && a != ACT_BACK)
        return;
    if (a == ACTION_NONE) {
        char name[32];
        key_format(key, name, sizeof name);
        app_message(app, true, "%s is not bound here (press ? for help)", name);
        return;
    }
    if (!allowed(app, a))
        return;
    if (!s->ops->handle || s->ops->handle(s, app, a) == NOT_HANDLED)
        global_action(app, a);
    app->dirty = true;
}

static void read_keys(struct app *app)
{
    wint_t ch;
    int rc;
    while (!app->quit && (rc = get_wch(&ch)) != ERR) {
        if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
            broadcast(app, EV_RESIZE);
            continue;
        }
        dispatch_key(app, key_from_curses((int)ch, rc == KEY_CODE_YES));
    }
}

/* --- clock and database -------------------------------------------------- */

static dun_time real_now(void)
{
    return (dun_time)time(NULL);
}

/* The same news on the desktop, for an agent whose terminal is behind
 * another window (the status line has it too). */
static void to_desktop(struct app *app, const char *summary, const char *body, bool critical)
{
    if (app->desktop)
        desktop_notify(app->desktop, summary, body, critical ? DESKTOP_CRITICAL : DESKTOP_NORMAL);
}

static bool callback_announced(const struct app *app, int64_t id)
{
    for (int i = 0; i < app->ncallbacks_announced; i++)
        if (app->callbacks_announced[i] == id)
            return true;
    return false;
}

/* Each callback is announced once, by its own name, when it comes due: on
 * the status line and on the desktop. The set of announced ones keeps only
 * those still due (a worked callback leaves it). */
static void check_callbacks(struct app *app)
{
    enum { MAX_DUE = 32 };
    struct due_callback due[MAX_DUE];
    int64_t still[MAX_DUE];
    char err[256], line[256] = "", one[300], when[32], only[300] = "";
    dun_time next;
    int n = store_agent_callbacks(app->db, app->agent.id, app->now, due, MAX_DUE, &next, err, sizeof err);
    if (n < 0)
        return;
    app->next_callback = next;
    int fresh = 0;
    bool first_late = false;
    for (int i = 0; i < n; i++) {
        still[i] = due[i].id;
        if (callback_announced(app, due[i].id))
            continue;
        const struct zone *z = app_agent_zone(app);
        struct local_time lt = zone_local(z, due[i].due_at);
        bool late = app->now - due[i].due_at >= CALLBACK_DUE_SECONDS;
        snprintf(when, sizeof when, "%02d:%02d %s", lt.minute_of_day / 60, lt.minute_of_day % 60,
                 zone_abbrev(z, due[i].due_at));
        if (fresh == 0) {
            first_late = late;
            snprintf(only, sizeof only, "%s %s (%s)", due[i].ref, due[i].name, when);
        }
        snprintf(one, sizeof one, "%s%s %s (%s %s)", fresh ? ", " : "", due[i].ref, due[i].name,
                 late ? "late," : "due", when);
        if (strlen(line) + strlen(one) < sizeof line)
            strcat(line, one);
        char summary[300], body[300];
        snprintf(summary, sizeof summary, "Callback %s: %s", late ? "late" : "due", due[i].ref);
        snprintf(body, sizeof body, "%s, promised for %s", due[i].name, when);
        to_desktop(app, summary, body, false);
        fresh++;
    }
    memcpy(app->callbacks_announced, still, (size_t)n * sizeof still[0]);
    app->ncallbacks_announced = n;
    if (fresh == 1)
        app_notice(app, false, "callback %s: %s", first_late ? "late" : "due", only);
    else if (fresh > 1)
        app_notice(app, false, "callbacks: %s", line);
}

void app_callbacks_changed(struct app *app)
{
    app->next_callback = app->now;
}

static void mark_db_lost(struct app *app);
static void announce_unseen_thanks(struct app *app);

/* The demo TUI's own sender: record what has finished; with claim (once a
 * second), start what is due. */
static void send_messages(struct app *app, bool claim)
{
    char err[256], alert[400];
    if (app->sender && app->db_up && sender_pump(app->sender, app->now, claim, err, sizeof err) < 0) {
        if (db_alive(app->db) && (!app->system_db || db_alive(app->system_db)))
            app_message(app, true, "sending: %s", err);
        else
            mark_db_lost(app);
    }
    if (app->sender && sender_alert(app->sender, alert, sizeof alert))
        app_message(app, true, "sending: %s", alert);
}

static void tick(struct app *app, dun_time *last_reconnect)
{
    dun_time before = app->now;
    /* A connection that broke during a query has no socket left to turn
     * readable: its status is the only news of it. */
    if (app->db_up && !db_alive(app->db))
        mark_db_lost(app);
    app->now = real_now() + app->clock_skew;
    if (app->now != before) {
        struct app_event ev = {EV_TICK, NULL, 0};
        struct screen *s = top(app);
        if (s && s->ops->on_event)
            s->ops->on_event(s, app, &ev);
        send_messages(app, true);
    }
    if (app->now / 60 != before / 60)
        broadcast(app, EV_MINUTE);
    lease_tick(app, false);
    if (app->db_up && (app->now / 60 != before / 60 || (app->next_callback && app->now >= app->next_callback)))
        check_callbacks(app);
    if (app->npending > 0) { /* the countdown moves; at its end the message is released */
        app->dirty = true;
        release_pending(app);
    }
    if (app->thanks_unseen_due && app->db_up && !message_showing(app))
        announce_unseen_thanks(app);
    if (app->message[0] && app->now >= app->message_until && !app->message_until_key) {
        app->message[0] = '\0';
        app->dirty = true;
    }
    if (!app->db_up && app->now - *last_reconnect >= RECONNECT_SECONDS) {
        *last_reconnect = app->now;
        if (db_reconnect(app->db)) {
            char err[128];
            app->db_up = true; /* LISTENing again: the session's setup does it (db_target.listen) */
            char cancels[400];
            cancel_wanted_pending(app, cancels, sizeof cancels); /* before this TUI's own sender can claim them */
            struct outbox_recovery recovered; /* the sender lock went with the old connection */
            if (app->system_db && !db_alive(app->system_db))
                db_reconnect(app->system_db);
            if (app->sender && ((app->system_db && !db_alive(app->system_db)) ||
                                !sender_restart(app->sender, app->now, &recovered, err, sizeof err))) {
                sender_stop(app->sender, app->now, 0);
                sender_free(&app->sender);
            }
            lease_tick(app, true); /* the session's lease token went with the old connection */
            lease_let_go_left(app); /* accounts closed while it was away */
            reference_forget(&app->reference); /* a change's NOTIFY may have been lost with the connection */
            broadcast(app, EV_DB_BACK);
            app->thanks_unseen_due = true; /* a thanks' NOTIFY may have been lost with the connection */
            if (cancels[0])
                app_notice(app, false, "database connection restored; %s", cancels);
            else
                app_message(app, false, "database connection restored");
        }
    }
}

static void mark_db_lost(struct app *app)
{
    if (!app->db_up)
        return;
    app->db_up = false;
    broadcast(app, EV_DB_LOST);
    app_message(app, true, "lost the database connection; retrying every %d s", RECONNECT_SECONDS);
}

/* A reply arrived on one of the agent's accounts: say so on the status line. */
static void announce_reply(struct app *app, long long account)
{
    char ref[257], text[256], err[256], summary[300];
    if (store_latest_reply(app->db, app->agent.id, account, ref, sizeof ref, text, sizeof text, err, sizeof err) != 1)
        return;
    app_notice(app, false, "reply from %s: %s", ref, text);
    snprintf(summary, sizeof summary, "Reply from %s", ref);
    to_desktop(app, summary, text, false);
}

/* The debtor promised on the link's page: the assigned agent is told. */
static void announce_self_promise(struct app *app, long long account)
{
    struct self_promise sp;
    char err[256], amount[64], date[16], text[400];
    if (store_latest_self_promise(app->db, app->agent.id, account, &sp, err, sizeof err) != 1)
        return;
    const struct currency *cur = currency_find(sp.currency);
    if (cur)
        money_format(sp.amount_minor, cur, app->ascii, amount, sizeof amount);
    else
        snprintf(amount, sizeof amount, "%lld %s", (long long)sp.amount_minor, sp.currency);
    date_format(sp.date, date, sizeof date);
    snprintf(text, sizeof text, "%s promised on the link's page: %s on %s", sp.ref, amount, date);
    app_notice(app, false, "%s", text);
    to_desktop(app, "A promise through the link", text, false);
}

/* A provider refused dun's credentials (or works again): every agent sees it. */
static void announce_pauses(struct app *app)
{
    char text[512], err[256];
    if (!outbox_provider_pauses(app->db, text, sizeof text, err, sizeof err))
        return;
    if (text[0]) {
        app_notice(app, true, "messages held: %s", text);
        to_desktop(app, "Messages held", text, true);
    } else
        app_message(app, false, "messages are going out again");
}

/* Something landed on the review list (a reply that found no account, a
 * message a stopped sender left): supervisors and admins are told on the
 * status line and the desktop, not only in a log. */
static void announce_review(struct app *app, long long inbound_id)
{
    char text[700], err[256], key[DUN_KEY_NAME_SIZE * 4] = "";
    int count;
    /* The list on screen reloads itself; the notice is for elsewhere. */
    if (strcmp(app->agent.role, "agent") == 0 || strcmp(top(app)->ops->name, "review") == 0 ||
        review_headline(app->db, inbound_id, &count, text, sizeof text, err, sizeof err) != 1)
        return;
    if (!first_key(app->keys, "queue", ACT_REVIEW, key, sizeof key))
        snprintf(key, sizeof key, "%s", action_info(ACT_REVIEW)->name);
    app_notice(app, true, "to review: %s (%d waiting; %s on the queue lists them)", text, count, key);
    to_desktop(app, "dun: to review", text, true);
}

/* A colleague thanked this agent: at once on the status line and the
 * desktop; shown, so seen (not offered again at the next start). Thanks to
 * others only reload an open log. */
static void announce_thanks(struct app *app, long long id)
{
    struct thanks_row t;
    char err[256], summary[300];
    if (thanks_get(app->db, id, &t, err, sizeof err) != 1 || t.receiver_id != app->agent.id)
        return;
    app_notice(app, false, "thanks from %s: %s", t.giver_name, t.body);
    snprintf(summary, sizeof summary, "Thanks from %s", t.giver_name);
    to_desktop(app, summary, t.body, false);
    if (!thanks_mark_seen(app->db, app->agent.id, t.id, err, sizeof err))
        app_message(app, true, "could not mark the thanks seen: %s", err);
}

/* Thanks received while dun was not running, once the status line is free
 * (after the start's own news): shown, so seen; L lists them all. */
static void announce_unseen_thanks(struct app *app)
{
    struct thanks_row *rows;
    size_t n;
    char err[256], key[DUN_KEY_NAME_SIZE * 4], summary[300];
    app->thanks_unseen_due = false;
    if (!thanks_unseen(app->db, app->agent.id, &rows, &n, err, sizeof err))
        return;
    if (!first_key(app->keys, "queue", ACT_THANKS_LOG, key, sizeof key))
        snprintf(key, sizeof key, "%s", action_info(ACT_THANKS_LOG)->name);
    const struct thanks_row *last = n ? &rows[n - 1] : NULL;
    if (n == 1)
        app_notice(app, false, "thanks from %s while you were away: %s", last->giver_name, last->body);
    else if (n > 1)
        app_notice(app, false, "%zu thanks while you were away (%s lists them); the latest from %s: %s", n, key,
                   last->giver_name, last->body);
    if (n) {
        if (n == 1)
            snprintf(summary, sizeof summary, "Thanks from %s", last->giver_name);
        else
            snprintf(summary, sizeof summary, "%zu thanks while you were away", n);
        to_desktop(app, summary, last->body, false);
        if (!thanks_mark_seen(app->db, app->agent.id, last->id, err, sizeof err))
            app_message(app, true, "could not mark your thanks seen: %s", err);
    }
    free(rows);
}

/* Notifications also arrive with query results (this TUI's own writes; a
 * demo TUI's sender), without the socket turning readable: handle whatever
 * libpq holds, every turn of the loop. */
static void handle_notifies(struct app *app)
{
    PGnotify *n;
    bool review = false;
    long long review_id = 0;
    while (app->db_up && (n = PQnotifies(app->db->conn)) != NULL) {
        char what[16] = "";
        long long account = 0;
        /* This session's own lease taken or let go tells it nothing: every
         * screen would load its rows again for nothing. */
        bool own_lease = strncmp(n->extra, "lease:", 6) == 0 && n->be_pid == PQbackendPID(app->db->conn);
        if (!own_lease && sscanf(n->extra, "%15[^:]:%lld", what, &account) == 2) {
            bool thanks = strcmp(what, "thanks") == 0; /* its number is a thanks, not an account */
            struct app_event ev = {EV_NOTIFY, what, thanks ? 0 : account};
            for (int i = 0; i < app->depth; i++)
                if (app->stack[i]->ops->on_event)
                    app->stack[i]->ops->on_event(app->stack[i], app, &ev);
            if (strcmp(what, "lease") == 0 && account == app->lock.account_id)
                lease_tick(app, true); /* it changed hands: learn at once */
            if (strcmp(what, "reference") == 0)
                reference_forget(&app->reference); /* read again by the next account opened */
            if (strcmp(what, "inbound") == 0)
                announce_reply(app, account);
            else if (strcmp(what, "selfpromise") == 0)
                announce_self_promise(app, account);
            else if (strcmp(what, "provider") == 0)
                announce_pauses(app);
            else if (thanks)
                announce_thanks(app, account);
            else if (strcmp(what, "review") == 0) { /* an inbound id, or 0 for messages */
                review = true;
                review_id = account > review_id ? account : review_id;
            }
            app->dirty = true;
        }
        PQfreemem(n);
    }
    /* A burst (a gateway refusing a batch) is one notice, not one each. */
    if (review)
        announce_review(app, review_id);
}

static void db_readable(struct app *app)
{
    PGconn *c = app->db->conn;
    if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK)
        mark_db_lost(app);
}

int tui_run(struct app *app)
{
    dun_time last_reconnect = 0;
    int rc = 0;
    app->thanks_unseen_due = true;
    draw(app); /* the first paint waits for nothing that can come after it */
    if (!app->message[0])
        announce_review(app, 0);
    if (!app->message[0]) /* else after the start's own message has been read */
        check_callbacks(app);
    else
        app->next_callback = app->now + MESSAGE_SECONDS;
    while (!app->quit && app->depth > 0) {
        if (app->dirty)
            draw(app);
        enum { OWN = 3, MAX_FDS = OWN + SENDER_MAX_SOCKETS };
        struct pollfd fds[MAX_FDS] = {{.fd = 0, .events = POLLIN}, {.fd = term_wake_fd(), .events = POLLIN},
                                      {.fd = app->db_up ? PQsocket(app->db->conn) : -1, .events = POLLIN}};
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int wait_ms = 1000 - (int)(ts.tv_nsec / 1000000); /* wake on the next second */
        int curl_wait = -1, ncurl = app->sender ? sender_pollfds(app->sender, fds + OWN, MAX_FDS - OWN, &curl_wait) : 0;
        if (curl_wait >= 0 && curl_wait < wait_ms)
            wait_ms = curl_wait;
        int n = poll(fds, (nfds_t)(OWN + ncurl), wait_ms);
        int poll_errno = errno;
        int sig = term_stop_signal();
        if (sig) {
            rc = 128 + sig; /* the shell's convention for "ended by a signal" */
            break;
        }
        if (n < 0 && poll_errno != EINTR && poll_errno != EAGAIN) {
            rc = 2;
            break;
        }
        if (app->sender) {
            sender_work(app->sender, fds + OWN, n > 0 ? ncurl : 0);
            send_messages(app, sender_wants_claim(app->sender));
        }
        read_keys(app); /* also catches KEY_RESIZE after SIGWINCH interrupted poll */
        if (n > 0 && fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)))
            db_readable(app);
        tick(app, &last_reconnect);
        handle_notifies(app);
    }
    while (app->depth > 0)
        app_pop(app);
    return rc;
}
