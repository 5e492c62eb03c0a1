/* Actions, keys and key bindings.
 *
 * Every action is one line of keymaps/actions.def; the enum, the names used
 * in keys files and the help text all come from there. Bindings map
 * (context, key) to an action; a context is "generic" or a screen's name.
 * The default bindings are keymaps/default.keys, compiled in and parsed by
 * the same code as the user's file. No curses here: keys are plain ints.
 */
#ifndef DUN_KEYMAPS_KEYMAP_H
#define DUN_KEYMAPS_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* --- actions ------------------------------------------------------------- */

/** Preconditions of an action (struct action_info.pre), checked by the
 *  caller before the action runs. */
#define PRE_NONE       0u
#define PRE_ACCOUNT    (1u << 0) ///< needs a selected account
#define PRE_SUPERVISOR (1u << 1) ///< supervisor only
#define PRE_ONLINE     (1u << 2) ///< needs the database
#define PRE_LEASE      (1u << 3) ///< writes on the open account: needs its lease (tui/lease.h)

/** What a key does. ACTION_NONE (0) is "nothing"; the others are
 *  ACT_<ID> from actions.def, in its order. */
enum action {
    ACTION_NONE = 0,
#define ACTION(id, ...) ACT_##id,
#include "keymaps/actions.def"
#undef ACTION
    ACTION_COUNT
};

/** One row of the action table. */
struct action_info {
    enum action id;   ///< the action itself
    const char *name; ///< name in keys files, e.g. "move-down"
    const char *label; ///< a word or two for the key bar, e.g. "no answer"
    const char *help; ///< one line for the help screen ("{undo}": the undo window)
    unsigned pre;     ///< PRE_* flags
};

/** The table row of a (static storage, never freed); NULL when a is out of
 *  range. ACTION_NONE has a row named "none". */
const struct action_info *action_info(enum action a);
/** The action named name (exact, case-sensitive); ACTION_NONE when there is
 *  none (and for "none"). */
enum action action_by_name(const char *name);

/* --- keys ---------------------------------------------------------------- */

/**
 * A key is an int:
 *  - a printable character: its Unicode code point (' ' is 32, "Space");
 *  - Ctrl-a..Ctrl-z: 1..26; Tab is 9 (= C-i), Enter is 10 (= C-j; C-m,
 *    13 and KEY_ENTER are folded into 10), Esc is 27;
 *  - a special key: DUN_KEY_FN | the curses key code (KEY_DOWN, KEY_F(1)...).
 *    DEL (127) is folded into Backspace (DUN_KEY_FN | KEY_BACKSPACE).
 * Negative means "no key".
 */
#define DUN_KEY_FN 0x40000000

/** Room for any name key_format writes, NUL included. */
#define DUN_KEY_NAME_SIZE 24

/**
 * Parse a key name: a single UTF-8 character ("j", "?", "あ"), "C-x" or
 * "^x" (x a letter, either case), or a name, not case-sensitive: Esc
 * (Escape), Enter (Return), Tab, BackTab, Space, Backspace, Up, Down, Left,
 * Right, PageUp (PgUp), PageDown (PgDn), Home, End, Insert (Ins), Delete
 * (Del), F1..F12. Returns the key, or -1 when name is none of these.
 */
int key_parse(const char *name);

/** Write the canonical name of key into out: "j", "C-d", "PageDown",
 *  "Space", "あ"; key_parse reads it back. A key with no name gets
 *  "<keycode N>" or "<invalid>". out holds n bytes; DUN_KEY_NAME_SIZE is
 *  enough, and a name that does not fit leaves out empty (never a cut
 *  character). Not called key_name: ncursesw declares that one. */
void key_format(int key, char *out, size_t n);

/** Turn what wget_wch returned into a key: ch is the wide character, or the
 *  key code when wget_wch returned KEY_CODE_YES (is_keycode). With wgetch,
 *  pass is_keycode = ch >= KEY_MIN. Returns -1 for a negative ch. */
int key_from_curses(int ch, bool is_keycode);

/* --- bindings ------------------------------------------------------------ */

/** The contexts a keys file may name: "generic", which applies on every
 *  screen, then one per screen (its struct screen_ops.name). Append when a
 *  screen gets keys of its own. */
#define KEYMAP_CONTEXTS "generic", "queue", "account", "verdicts", "form", "inbox", "entry", "help", "review", "thanks", "metrics", "agentday"

/** Whether name is one of KEYMAP_CONTEXTS. */
bool keymap_context_valid(const char *name);

/** Receives each problem found while loading, as "file:line: message"
 *  (no newline). The string is valid only during the call. */
typedef void (*keymap_report_fn)(void *ctx, const char *message);

/** Bindings from (context, key) to action. Opaque. */
struct keymap;

/** An empty keymap, or NULL when out of memory. Free with keymap_free. */
struct keymap *keymap_new(void);
/** Free *km and set it to NULL. NULL and *km == NULL are fine. */
void keymap_free(struct keymap **km);

/**
 * Read a keys file already in memory (text, NUL-terminated) into km, on top
 * of what km holds: a binding replaces an earlier one for the same context
 * and key. Lines are
 *
 *     bind CONTEXT KEY ACTION
 *     unbind CONTEXT KEY
 *
 * blank, or comments: a line whose first word starts with '#', and any
 * words after a complete command that start with '#'. ACTION may be "none"
 * (the key does nothing in CONTEXT, hiding the generic binding); unbind
 * removes CONTEXT's own binding so the generic one applies again.
 *
 * Each problem goes to report (may be NULL) as "file_name:line: message" and
 * loading carries on with the next line; the good lines take effect. A key
 * bound twice in one context within this text is a problem too (the later
 * line wins); a binding that replaces one from an earlier call is not.
 *
 * Returns the number of problems reported (0: all good), or -1 when km or
 * text is NULL.
 */
int keymap_load(struct keymap *km, const char *file_name, const char *text,
                keymap_report_fn report, void *ctx);

/** Load the compiled-in keymaps/default.keys as "default.keys". True when it
 *  loaded without a problem. */
bool keymap_load_defaults(struct keymap *km, keymap_report_fn report, void *ctx);

/** The action of key in context: context's own binding, else the "generic"
 *  one, else ACTION_NONE. An unknown or NULL context uses "generic" alone.
 *  13 and DUN_KEY_FN|KEY_ENTER are looked up as Enter, 127 as Backspace. */
enum action keymap_lookup(const struct keymap *km, const char *context, int key);

/**
 * Write the names of the keys that run action in context into out, joined
 * by ", " (e.g. "j, Down"): context's own bindings, then generic ones that
 * context does not override, each in the order they were bound. out (n
 * bytes) is always terminated when n > 0; a name that does not fit is left
 * out along with those after it. Returns the number of names written.
 */
size_t keymap_keys_for(const struct keymap *km, const char *context,
                       enum action action, char *out, size_t n);

#endif
