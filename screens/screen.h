/* One screen = one small vtable, kept on the app's stack (tig's view_ops).
 * A handler returns NOT_HANDLED for actions it does not know; the global
 * handler then takes them (help, quit, back, redraw). */
#ifndef DUN_SCREENS_SCREEN_H
#define DUN_SCREENS_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymaps/keymap.h"

struct app;
struct tui_canvas;

enum handled { NOT_HANDLED = 0, HANDLED = 1 };

/** A list screen's cursor (screens/list.c): move-down, move-up, first and
 *  last over n rows; true when a was one of them (handled), else false. */
bool screen_list_move(size_t *selected, size_t n, enum action a);

/** Something that happened outside a keypress (clock tick, database back). */
enum app_event_kind { EV_TICK, EV_MINUTE, EV_DB_LOST, EV_DB_BACK, EV_RESIZE, EV_FOCUS, EV_NOTIFY };
struct app_event {
    enum app_event_kind kind;
    const char *what;      ///< EV_NOTIFY: "outbox", "inbound", "thanks", ...
    long long account_id;  ///< EV_NOTIFY: the account it is about (0 for "thanks")
};

struct screen;

struct screen_ops {
    const char *name;   ///< keymap context, e.g. "queue"
    size_t priv_size;   ///< bytes of private state allocated (zeroed) for each instance
    bool (*open)(struct screen *s, struct app *app, const void *arg);
    enum handled (*handle)(struct screen *s, struct app *app, enum action a);
    void (*on_event)(struct screen *s, struct app *app, const struct app_event *ev);
    void (*draw)(struct screen *s, struct app *app, const struct tui_canvas *c);
    void (*close)(struct screen *s);
    /** Optional: the title bar text. */
    void (*title)(struct screen *s, struct app *app, char *out, size_t n);
    /** Optional: raw keys before the keymap (text entry in forms); true = consumed. */
    bool (*key)(struct screen *s, struct app *app, int key);
    /** The actions this screen handles, most used first, ended by
     *  ACTION_NONE: the help screen lists them (with the global ones) and
     *  the key bar offers them in this order. NULL: none. */
    const enum action *actions;
};

/** Moving in a list or a text: on the help screen, not on the key bar. */
#define NAVIGATION_ACTIONS                                                                                  \
    ACT_MOVE_DOWN, ACT_MOVE_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_HALF_PAGE_DOWN, ACT_HALF_PAGE_UP, ACT_FIRST, \
        ACT_LAST

/** The actions every screen has, through the global handler. */
extern const enum action global_actions[];
/** Moving around: on the help screen, not on the key bar. */
bool action_is_navigation(enum action a);

struct screen {
    const struct screen_ops *ops;
    void *priv;
    struct screen *below; ///< the screen under this one (help describes it)
};

extern const struct screen_ops queue_screen;
extern const struct screen_ops help_screen;
extern const struct screen_ops verdicts_screen;
extern const struct screen_ops form_screen;
extern const struct screen_ops account_screen;
extern const struct screen_ops inbox_screen;
extern const struct screen_ops entry_screen;
extern const struct screen_ops review_screen;
extern const struct screen_ops thanks_screen;

/** T: the form that thanks a colleague, over whatever screen is on top;
 *  account_id/ref: the account on screen (0/NULL: none), offered as what
 *  the thanks is tied to. Says why on the status line when it cannot open. */
void thanks_give_open(struct app *app, int64_t account_id, const char *ref);
/** The same form with the colleague's login and the words filled in (a
 *  nudge's): nothing is saved until the one thanking saves the form. */
void thanks_give_prefilled(struct app *app, int64_t account_id, const char *ref, const char *to, const char *words);
extern const struct screen_ops metrics_screen;
extern const struct screen_ops agentday_screen;

struct nudge;
struct nudge_book;
/** Today's nudges for the viewer: the team's (day_agent_id 0) or one
 *  agent's day, thanks first then problems (core/nudges.h). b keeps the
 *  day's rows (free with nudge_book_free); *today, when not NULL, gets the
 *  viewer's local date. False (said on the status line) when they cannot load. */
bool nudges_today(struct app *app, int64_t day_agent_id, struct nudge_book *b, struct nudge *out, size_t max,
                  size_t *n, int64_t *today);
/** t (ACT_NUDGE_THANK): the thanks form, filled in from the nudge; x
 *  (ACT_NUDGE_DISMISS): never shown again. True when the list changed. */
bool nudge_act(struct app *app, const struct nudge *n, enum action a);

/** What agentday_screen opens: an agent's day, read-only. */
struct agentday_request {
    const char *login;
    const char *name;
};

/** What entry_screen opens with: the text is copied. */
struct entry_request {
    const char *title;
    const char *text;
};

#endif
