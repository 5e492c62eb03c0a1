/* The terminal layer: the only code that includes curses. The app owns the
 * screen stack, the database handle and the clock; screens draw through the
 * canvas helpers here. Only the loop's thread touches curses. */
#ifndef DUN_TUI_H
#define DUN_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/db/store.h"
#include "keymaps/keymap.h"
#include "tui/lease.h"
#include "tui/reference.h"

struct cli;
struct db;
struct messaging;
struct zone_cache;
struct screen;
struct screen_ops;
struct app;

/** A rectangle of the terminal a screen may draw in. */
struct rect {
    int y, x, h, w;
};

/** The whole terminal split into title bar, body and status line. */
struct layout {
    struct rect title, body, status;
    bool too_small; ///< below MIN_COLS x MIN_ROWS: show a message instead
};
enum { MIN_COLS = 60, MIN_ROWS = 10 };
/** Pure arithmetic, tested without a terminal. */
struct layout layout_compute(int rows, int cols);

/** Where a screen draws: a rect of stdscr, plus whether to avoid non-ASCII. */
struct tui_canvas {
    struct rect r;
    bool ascii;
};

enum tui_attr { ATTR_NORMAL, ATTR_HEADER, ATTR_SELECTED, ATTR_DIM, ATTR_TITLE, ATTR_ERROR, ATTR_GOOD };
enum tui_align { ALIGN_LEFT, ALIGN_RIGHT };

/** Draw UTF-8 text at (row, col) of the canvas in exactly `width` columns
 *  (cut with an ellipsis, padded with spaces). */
void tui_text(const struct tui_canvas *c, int row, int col, int width, enum tui_attr attr,
              enum tui_align align, const char *text);
/** Draw len bytes of text wrapped (utf8_wrap) over rows from `row` while
 *  row < end, in `width` columns less room for a hanging 。; `cursor` puts
 *  "_" after the last piece. Returns the next free row. */
int tui_wrapped(const struct tui_canvas *c, int row, int end, int col, int width, enum tui_attr attr,
                const char *text, size_t len, bool cursor);
/** How many rows tui_wrapped takes for the same text and width, with room
 *  to spare (the cursor off): for laying out before drawing. */
int tui_wrapped_rows(int width, const char *text, size_t len);
/** The bytes of the first row tui_wrapped makes of len bytes of text. */
size_t tui_wrap_piece(const char *text, size_t len, int width);
/** Show the terminal's cursor at (row, col) of the canvas after this draw
 *  (a text field's insertion point); hidden when no screen asks. */
void tui_place_cursor(const struct tui_canvas *c, int row, int col);
/** The key bar of screen s on row: its actions (struct screen_ops.actions)
 *  in their order as "KEY label", whole items only, as many as fit, with
 *  the help key last; keys as bound now, so a rebinding shows. */
void tui_keybar(const struct tui_canvas *c, int row, struct app *app, const struct screen *s);
/** Clear a whole canvas row with an attribute. */
void tui_fill_row(const struct tui_canvas *c, int row, enum tui_attr attr);

/** A one-key message waiting out its undo window: the app shows the last
 *  one on every screen, whole and wrapped, and u takes back the last one
 *  from any of them (again: the one before). */
struct pending_message {
    int64_t id;        ///< its outbox id
    int64_t account_id;
    int channel;       ///< enum channel
    dun_time until;    ///< released then
    char what[320];    ///< "SMS to MSG-1 Mary Undo"
    char text[4800];   ///< subject, a blank line, and the body, as they will go
    bool cancel_wanted; ///< u was pressed while the database was away: cancelled when it is back
};
enum { PENDING_MAX = 8 };

/** Called with the prompt's text when the user presses Enter (not on Esc). */
typedef void (*prompt_done_fn)(struct screen *s, struct app *app, const char *text);
/** Called when the user answers y to a question (not on n or Esc). */
typedef void (*confirm_fn)(struct screen *s, struct app *app);

struct app {
    struct cli *cli;
    struct db *db;
    struct agent agent;
    struct keymap *keys;
    struct zone_cache *zones;
    dun_time now;          ///< the clock the screens see (DUN_NOW moves forward from its start)
    dun_time clock_skew;   ///< DUN_NOW minus the real time at start
    bool ascii;            ///< the terminal is not UTF-8
    bool quit;
    bool db_up;
    struct screen *stack[8];
    int depth;
    char message[256];     ///< status line message
    bool message_is_error;
    dun_time message_until;
    bool message_until_key; ///< a notice: it stays until a key is pressed (after MESSAGE_SECONDS)
    bool dirty;
    struct messaging *msg; ///< delivery settings; NULL when they could not load (see msg_error)
    char msg_error[256];
    struct sender *sender; ///< owned: this TUI delivers messages itself (demo mode: no dun serve); else NULL
    struct db *system_db;  ///< owned: the embedded demo's system connection (settling, sending); else NULL
    int undo_seconds;      ///< how long a one-key message waits before release
    size_t queue_whole;    ///< DUN_QUEUE_WHOLE: the longest queue held whole; a longer one is windowed
    struct pending_message pending[PENDING_MAX]; ///< messages in their undo windows, oldest first
    int npending;
    char released_what[320]; ///< the last message whose undo window ended, for a u that comes just too late
    dun_time released_at;
    struct desktop *desktop; ///< owned: desktop notifications (libnotify); NULL when turned off
    int64_t callbacks_announced[32]; ///< due callbacks already announced: each is, once
    int ncallbacks_announced;
    dun_time next_callback;  ///< when to look for due callbacks again (0: at the next minute)
    bool thanks_unseen_due;  ///< thanks received while away are still to be shown (once the status line is free)
    int nudge_days;          ///< nudge_days: suggest thanking a colleague nobody thanked for this many days
    struct work_lock lock;   ///< the open account's lease (tui/lease.c)
    struct reference reference; ///< owned: policies, hints, templates kept for the session (tui/reference.c)
    bool desktop_notify;     ///< desktop_notify (default true)
    int tui_sender;          ///< tui_sender: 1 on, 0 off, -1 unset (on for the embedded demo only)
    bool open_next;          ///< the account screen asked for the next account: the queue opens it
    int64_t left_account;    ///< the account the last account screen showed (with open_next: not "next")
    /* the one-line prompt (search) */
    bool prompting;
    char prompt_label[256];
    char prompt_text[256];
    prompt_done_fn prompt_done;
    confirm_fn confirm_yes;    ///< set: the prompt is a y/n question
};

/** Push a screen built from ops; returns false (and says why) when open fails. */
bool app_push(struct app *app, const struct screen_ops *ops, const void *arg);
/** Pop the top screen; popping the last one quits. */
void app_pop(struct app *app);
/** A message on the status line for a few seconds. */
void app_message(struct app *app, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/** True when the database is up; else says so for `what` ("open: not now,
 *  the database is not reachable ...") and returns false. */
bool app_online(struct app *app, const char *what);
/** News the agent must not miss (a callback due, a reply, messages held): it
 *  stays on the status line until a key is pressed, at least a few seconds. */
void app_notice(struct app *app, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
struct zone;
/** The agent's zone, or UTC when it does not load (never NULL: UTC ships
 *  with tzdata). Owned by app->zones. */
const struct zone *app_agent_zone(struct app *app);
/** A callback was scheduled or worked: look again for the next one due. */
void app_callbacks_changed(struct app *app);
/** A message was queued with the undo window: show it until released. */
void app_pending_add(struct app *app, int64_t id, int64_t account_id, int channel, const char *what,
                     const char *subject, const char *body);
/** The message to account_id on channel still in its undo window, or NULL. */
const struct pending_message *app_pending_find(const struct app *app, int64_t account_id, int channel);
/** Start the one-line prompt on the status line. */
void app_prompt(struct app *app, const char *label, const char *initial, prompt_done_fn done);
/** Ask a y/n question on the status line ("... (y/n)" is added); yes runs
 *  for the screen on top when the answer is y. */
void app_confirm(struct app *app, confirm_fn yes, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Run the TUI until quit; returns the exit code. */
int tui_run(struct app *app);

#endif
