/* Unit tests for keymaps/: key names, the action table, the keys-file
 * parser (errors, duplicates, overrides, unbind) and lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h> /* KEY_* codes only */
#include <string.h>

#include "keymaps/keymap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FN(k) (DUN_KEY_FN | (k))

/* --- helpers ------------------------------------------------------------- */

struct reports {
    size_t count;
    char msg[16][256];
};

static void collect(void *ctx, const char *message)
{
    struct reports *r = ctx;
    if (r->count < N(r->msg))
        snprintf(r->msg[r->count], sizeof r->msg[0], "%s", message);
    r->count++;
}

static struct keymap *defaults(void)
{
    struct reports r = {0};
    struct keymap *km = keymap_new();
    assert_non_null(km);
    assert_true(keymap_load_defaults(km, collect, &r));
    assert_int_equal(r.count, 0);
    return km;
}

static enum action look(const struct keymap *km, const char *context, const char *key)
{
    int k = key_parse(key);
    assert_true(k >= 0);
    return keymap_lookup(km, context, k);
}

static void assert_name(int key, const char *want)
{
    char buf[DUN_KEY_NAME_SIZE];
    key_format(key, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* --- keys ---------------------------------------------------------------- */

static const char *const canonical[] = {
    "Esc", "Enter", "Tab", "BackTab", "Space", "Backspace", "Up", "Down",
    "Left", "Right", "PageUp", "PageDown", "Home", "End", "Insert", "Delete",
    "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
    "C-a", "C-b", "C-c", "C-d", "C-e", "C-f", "C-g", "C-h", "C-k", "C-l",
    "C-n", "C-o", "C-p", "C-q", "C-r", "C-s", "C-t", "C-u", "C-v", "C-w",
    "C-x", "C-y", "C-z",
};

static void test_named_keys_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(canonical); i++) {
        int key = key_parse(canonical[i]);
        assert_true(key >= 0);
        assert_name(key, canonical[i]);
        for (size_t k = 0; k < i; k++) /* every name is a different key */
            assert_int_not_equal(key, key_parse(canonical[k]));
    }
}

static void test_key_codes(void **state)
{
    (void)state;
    static const struct { const char *name; int key; } codes[] = {
        {"Esc", 27},  {"Enter", 10}, {"Tab", 9}, {"Space", ' '}, {"C-a", 1},
        {"C-z", 26},  {"Down", FN(KEY_DOWN)}, {"Up", FN(KEY_UP)},
        {"Left", FN(KEY_LEFT)}, {"Right", FN(KEY_RIGHT)},
        {"PageDown", FN(KEY_NPAGE)}, {"PageUp", FN(KEY_PPAGE)},
        {"Home", FN(KEY_HOME)}, {"End", FN(KEY_END)}, {"Insert", FN(KEY_IC)},
        {"Delete", FN(KEY_DC)}, {"Backspace", FN(KEY_BACKSPACE)},
        {"BackTab", FN(KEY_BTAB)}, {"F1", FN(KEY_F(1))}, {"F12", FN(KEY_F(12))},
    };
    for (size_t i = 0; i < N(codes); i++)
        assert_int_equal(key_parse(codes[i].name), codes[i].key);
    assert_true(DUN_KEY_FN > 0x10FFFF);
}

static void test_other_spellings(void **state)
{
    (void)state;
    static const struct { const char *in, *canon; } alt[] = {
        {"PgUp", "PageUp"}, {"PgDn", "PageDown"}, {"Escape", "Esc"},
        {"Return", "Enter"}, {"Ins", "Insert"}, {"Del", "Delete"},
        {"pagedown", "PageDown"}, {"ESC", "Esc"}, {"enter", "Enter"},
        {"f5", "F5"}, {"^d", "C-d"}, {"^D", "C-d"}, {"C-D", "C-d"},
        {"c-l", "C-l"}, {"C-i", "Tab"}, {"C-j", "Enter"}, {"C-m", "Enter"},
    };
    for (size_t i = 0; i < N(alt); i++)
        assert_name(key_parse(alt[i].in), alt[i].canon);
}

static void test_utf8_characters(void **state)
{
    (void)state;
    static const struct { const char *s; int cp; } chars[] = {
        {"j", 'j'}, {"G", 'G'}, {"?", '?'}, {"/", '/'}, {"#", '#'}, {"^", '^'},
        {"-", '-'}, {"C", 'C'}, {"F", 'F'}, {"\xc3\xa9", 0xE9},
        {"\xe3\x81\x82", 0x3042}, {"\xe3\x82\xa2", 0x30A2}, {"\xe2\x82\xac", 0x20AC},
        {"\xf0\x9f\x98\x80", 0x1F600}, {"\xef\xbf\xbd", 0xFFFD},
    };
    for (size_t i = 0; i < N(chars); i++) {
        assert_int_equal(key_parse(chars[i].s), chars[i].cp);
        assert_name(chars[i].cp, chars[i].s);
    }
}

static void test_key_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "jj", "C-", "C-1", "C-Up", "^[", "^^", "F0", "F13", "F01", "F1x",
        "Foo", "Pagedn", "\xff", "\xe3\x81", "\xe3\x81\x82\xe3\x81\x82",
        "\x01", "\x1b", "\x7f", "\xc2\x85", "a b", "\xed\xa0\x80",
    };
    for (size_t i = 0; i < N(bad); i++)
        assert_int_equal(key_parse(bad[i]), -1);
    assert_int_equal(key_parse("^"), '^'); /* a lone ^ is the character */
    assert_int_equal(key_parse(NULL), -1);
}

static void test_key_format_edges(void **state)
{
    (void)state;
    char buf[DUN_KEY_NAME_SIZE];
    assert_name(-1, "<invalid>");
    assert_name(0, "<invalid>");
    assert_name(0xD800, "<invalid>");
    assert_name(0x110000, "<invalid>");
    assert_name(FN(KEY_RESIZE), "<keycode 410>");
    assert_name(FN(KEY_F(13)), "<keycode 277>");
    assert_name(13, "Enter");
    assert_name(127, "Backspace");
    key_format(FN(KEY_NPAGE), buf, 8); /* "PageDown" needs 9 */
    assert_string_equal(buf, "");
    key_format(0x3042, buf, 3);        /* never half a character */
    assert_string_equal(buf, "");
    key_format('j', buf, 2);
    assert_string_equal(buf, "j");
    key_format('j', NULL, 0);          /* no room: nothing happens */
}

static void test_key_from_curses(void **state)
{
    (void)state;
    assert_int_equal(key_from_curses('j', false), 'j');
    assert_int_equal(key_from_curses(0x3042, false), 0x3042);
    assert_int_equal(key_from_curses(4, false), key_parse("C-d"));
    assert_int_equal(key_from_curses(KEY_DOWN, true), key_parse("Down"));
    assert_int_equal(key_from_curses(KEY_F(5), true), key_parse("F5"));
    assert_int_equal(key_from_curses(KEY_ENTER, true), key_parse("Enter"));
    assert_int_equal(key_from_curses('\r', false), key_parse("Enter"));
    assert_int_equal(key_from_curses('\n', false), key_parse("Enter"));
    assert_int_equal(key_from_curses(127, false), key_parse("Backspace"));
    assert_int_equal(key_from_curses(KEY_BACKSPACE, true), key_parse("Backspace"));
    assert_int_equal(key_from_curses(8, false), key_parse("C-h"));
    assert_int_equal(key_from_curses(27, false), key_parse("Esc"));
    assert_int_equal(key_from_curses(-1, false), -1);
}

/* --- actions and contexts ------------------------------------------------ */

static void test_action_table(void **state)
{
    (void)state;
    for (int i = 1; i < ACTION_COUNT; i++) {
        const struct action_info *info = action_info((enum action)i);
        assert_non_null(info);
        assert_int_equal(info->id, i);
        assert_true(info->name[0] && info->help[0]);
        assert_int_equal(info->pre & ~(PRE_ACCOUNT | PRE_SUPERVISOR | PRE_ONLINE | PRE_LEASE), 0);
        if (info->pre & PRE_LEASE) /* a write on the account needs the database too */
            assert_true(info->pre & PRE_ONLINE);
        assert_int_equal(action_by_name(info->name), i);
    }
    assert_string_equal(action_info(ACT_MOVE_DOWN)->name, "move-down");
    assert_string_equal(action_info(ACT_HALF_PAGE_UP)->name, "half-page-up");
    assert_string_equal(action_info(ACT_REDRAW)->name, "redraw");
    assert_int_equal(action_info(ACT_OPEN)->pre, PRE_ACCOUNT);
    assert_int_equal(action_info(ACT_REFRESH)->pre, PRE_ONLINE);
    assert_int_equal(action_info(ACT_PROMISE)->pre, PRE_ONLINE | PRE_LEASE);
    assert_int_equal(action_info(ACT_THANK)->pre & PRE_LEASE, 0); /* thanks are about a colleague */
    assert_int_equal(action_info(ACT_QUIT)->pre, PRE_NONE);
    assert_string_equal(action_info(ACTION_NONE)->name, "none");
    assert_null(action_info(ACTION_COUNT));
    assert_int_equal(action_by_name("none"), ACTION_NONE);
    assert_int_equal(action_by_name("Move-Down"), ACTION_NONE);
    assert_int_equal(action_by_name("nosuch"), ACTION_NONE);
    assert_int_equal(action_by_name(NULL), ACTION_NONE);
}

static void test_contexts(void **state)
{
    (void)state;
    static const char *const contexts[] = {KEYMAP_CONTEXTS};
    assert_string_equal(contexts[0], "generic");
    for (size_t i = 0; i < N(contexts); i++)
        assert_true(keymap_context_valid(contexts[i]));
    assert_true(keymap_context_valid("queue"));
    assert_true(keymap_context_valid("help"));
    assert_true(keymap_context_valid("account"));
    assert_false(keymap_context_valid("Queue"));
    assert_false(keymap_context_valid(""));
    assert_false(keymap_context_valid(NULL));
}

/* --- defaults ------------------------------------------------------------ */

static void test_defaults(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    assert_int_equal(look(km, "queue", "j"), ACT_MOVE_DOWN);
    assert_int_equal(keymap_lookup(km, "queue", key_from_curses(KEY_DOWN, true)), ACT_MOVE_DOWN);
    assert_int_equal(look(km, "queue", "C-d"), ACT_HALF_PAGE_DOWN);
    assert_int_equal(look(km, "queue", "C-u"), ACT_HALF_PAGE_UP);
    assert_int_equal(look(km, "queue", "C-f"), ACT_PAGE_DOWN);
    assert_int_equal(look(km, "queue", "PgUp"), ACT_PAGE_UP);
    assert_int_equal(look(km, "queue", "g"), ACT_FIRST);
    assert_int_equal(look(km, "queue", "End"), ACT_LAST);
    assert_int_equal(look(km, "queue", "q"), ACT_QUIT);
    assert_int_equal(look(km, "help", "q"), ACT_BACK);
    assert_int_equal(look(km, "account", "q"), ACT_BACK);
    assert_int_equal(look(km, "help", "Esc"), ACT_BACK);
    assert_int_equal(look(km, "queue", "?"), ACT_HELP);
    assert_int_equal(look(km, "queue", "F1"), ACT_HELP);
    assert_int_equal(look(km, "queue", "N"), ACT_SEARCH_PREV);
    assert_int_equal(look(km, "queue", "C-l"), ACT_REDRAW);
    assert_int_equal(look(km, "queue", "F5"), ACT_REFRESH);
    assert_int_equal(keymap_lookup(km, "queue", 13), ACT_OPEN);
    assert_int_equal(keymap_lookup(km, "queue", FN(KEY_ENTER)), ACT_OPEN);
    assert_int_equal(keymap_lookup(km, "queue", 10), ACT_OPEN);
    assert_int_equal(look(km, "queue", "x"), ACTION_NONE);
    assert_int_equal(keymap_lookup(km, "queue", -1), ACTION_NONE);
    /* a screen without a context of its own, or none: generic alone */
    assert_int_equal(look(km, "inbox", "q"), ACT_BACK);
    assert_int_equal(look(km, NULL, "j"), ACT_MOVE_DOWN);
    assert_int_equal(look(km, "generic", "q"), ACT_BACK);
    keymap_free(&km);
    assert_null(km);
}

/* Every action has a default key on the queue, the account screen, the
 * review list (the supervisors' actions on what it lists), the thank-you
 * log (its filter) or the metrics screen (its period and sorting). */
static void test_defaults_cover_every_action(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    char keys[128];
    for (int i = 1; i < ACTION_COUNT; i++) {
        bool bound = keymap_keys_for(km, "queue", (enum action)i, keys, sizeof keys) > 0 ||
                     keymap_keys_for(km, "account", (enum action)i, keys, sizeof keys) > 0 ||
                     keymap_keys_for(km, "review", (enum action)i, keys, sizeof keys) > 0 ||
                     keymap_keys_for(km, "thanks", (enum action)i, keys, sizeof keys) > 0 ||
                     keymap_keys_for(km, "metrics", (enum action)i, keys, sizeof keys) > 0;
        if (!bound)
            fail_msg("action %s has no default key", action_info((enum action)i)->name);
    }
    assert_int_equal(keymap_lookup(km, "account", '2'), ACT_OUTCOME_NO_ANSWER);
    assert_int_equal(keymap_lookup(km, "queue", 'T'), ACT_THANK); /* generic: from any screen */
    assert_int_equal(keymap_lookup(km, "account", 'L'), ACT_THANKS_LOG);
    assert_int_equal(keymap_lookup(km, "account", 'n'), ACT_NOTE);
    assert_int_equal(keymap_lookup(km, "queue", 'n'), ACT_SEARCH_NEXT);
    keymap_free(&km);
}

/* Loading the defaults again is a new file: nothing is a duplicate. */
static void test_defaults_twice(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    assert_true(keymap_load_defaults(km, NULL, NULL));
    assert_int_equal(look(km, "queue", "q"), ACT_QUIT);
    keymap_free(&km);
}

/* --- user files ---------------------------------------------------------- */

static void test_user_overrides(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    struct reports r = {0};
    const char *user = "# mine\n"
                       "bind generic j move-up\n"
                       "bind queue q back\n"
                       "bind queue Q quit\n"
                       "bind generic \xe3\x81\x82 search\n";
    assert_int_equal(keymap_load(km, "keys", user, collect, &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(look(km, "queue", "j"), ACT_MOVE_UP);
    assert_int_equal(look(km, "queue", "q"), ACT_BACK);
    assert_int_equal(look(km, "queue", "Q"), ACT_QUIT);
    assert_int_equal(look(km, "help", "\xe3\x81\x82"), ACT_SEARCH);
    assert_int_equal(look(km, "queue", "k"), ACT_MOVE_UP); /* defaults stay */
    keymap_free(&km);
}

static void test_bad_lines(void **state)
{
    (void)state;
    static const char *const want[] = {
        "user.keys:3: unknown action \"mvoe-down\" (did you mean \"move-down\"?)",
        "user.keys:4: unknown key name \"Dwn\" (did you mean \"Down\"?)",
        "user.keys:5: unknown context \"qeue\" (did you mean \"queue\"?)",
        "user.keys:6: wrong number of words: expected \"bind CONTEXT KEY ACTION\"",
        "user.keys:7: j in queue is already bound on line 2 (to move-down); this line wins",
        "user.keys:10: unknown command \"bnd\" (did you mean \"bind\"?)",
        "user.keys:11: wrong number of words: expected \"unbind CONTEXT KEY\"",
        "user.keys:13: unknown action \"frobnicate\"",
        "user.keys:14: wrong number of words: expected \"bind CONTEXT KEY ACTION\"",
        "user.keys:15: unknown context \"nowhere\"",
        "user.keys:15: unknown key name \"Nokey\"",
        "user.keys:15: unknown action \"nothing\"",
    };
    const char *text = "# a comment\n"                         /* 1 */
                       "bind queue j move-down\n"              /* 2 */
                       "bind queue x mvoe-down\n"              /* 3 */
                       "bind queue Dwn move-down\n"            /* 4 */
                       "bind qeue k move-up\n"                 /* 5 */
                       "bind queue k\n"                        /* 6 */
                       "bind queue j first\n"                  /* 7 */
                       "\n"                                    /* 8 */
                       "bind queue K move-up   # trailing\n"   /* 9 */
                       "bnd queue a help\n"                    /* 10 */
                       "unbind queue\n"                        /* 11 */
                       "bind generic # help # the # key\n"     /* 12 */
                       "bind queue z frobnicate\n"             /* 13 */
                       "bind queue z help extra\n"             /* 14 */
                       "bind nowhere Nokey nothing\n"          /* 15 */
                       "bind queue Space last";                /* 16, no newline */
    struct reports r = {0};
    struct keymap *km = keymap_new();
    assert_int_equal(keymap_load(km, "user.keys", text, collect, &r), N(want));
    assert_int_equal(r.count, N(want));
    for (size_t i = 0; i < N(want); i++)
        assert_string_equal(r.msg[i], want[i]);
    /* the good lines took effect, the bad ones did not */
    assert_int_equal(look(km, "queue", "j"), ACT_FIRST);
    assert_int_equal(look(km, "queue", "K"), ACT_MOVE_UP);
    assert_int_equal(look(km, "help", "#"), ACT_HELP);
    assert_int_equal(look(km, "queue", "Space"), ACT_LAST);
    assert_int_equal(look(km, "queue", "x"), ACTION_NONE);
    assert_int_equal(look(km, "queue", "k"), ACTION_NONE);
    assert_int_equal(look(km, "queue", "z"), ACTION_NONE);
    assert_int_equal(look(km, "queue", "a"), ACTION_NONE);
    /* no callback: the count alone */
    keymap_free(&km);
    km = keymap_new();
    assert_int_equal(keymap_load(km, NULL, text, NULL, NULL), N(want));
    keymap_free(&km);
}

static void test_unbind_and_none(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    struct reports r = {0};
    const char *user = "unbind generic j\n"
                       "bind queue q none\n"
                       "unbind queue x\n"; /* not bound: fine */
    assert_int_equal(keymap_load(km, "keys", user, collect, &r), 0);
    assert_int_equal(look(km, "queue", "j"), ACTION_NONE);
    assert_int_equal(look(km, "queue", "Down"), ACT_MOVE_DOWN);
    assert_int_equal(look(km, "queue", "q"), ACTION_NONE); /* hides generic */
    assert_int_equal(look(km, "help", "q"), ACT_BACK);
    assert_int_equal(keymap_load(km, "keys2", "unbind queue q\n", collect, &r), 0);
    assert_int_equal(look(km, "queue", "q"), ACT_BACK); /* generic again */
    /* unbind, then bind again in one file: not a duplicate */
    assert_int_equal(keymap_load(km, "keys3", "bind queue v last\nunbind queue v\n"
                                              "bind queue v first\n", collect, &r), 0);
    assert_int_equal(look(km, "queue", "v"), ACT_FIRST);
    assert_int_equal(r.count, 0);
    keymap_free(&km);
}

static void test_line_endings(void **state)
{
    (void)state;
    struct keymap *km = keymap_new();
    const char *text = "\xef\xbb\xbf# windows\r\n"
                       "bind queue j move-down\r\n"
                       "\r\n"
                       "  # indented comment\n"
                       "\tbind\tqueue\tl\tlast  \n"
                       "bind queue k move-up # comment";
    assert_int_equal(keymap_load(km, "w.keys", text, NULL, NULL), 0);
    assert_int_equal(look(km, "queue", "j"), ACT_MOVE_DOWN);
    assert_int_equal(look(km, "queue", "l"), ACT_LAST);
    assert_int_equal(look(km, "queue", "k"), ACT_MOVE_UP);
    assert_int_equal(keymap_load(km, "empty", "", NULL, NULL), 0);
    keymap_free(&km);
}

/* --- keys for the help screen -------------------------------------------- */

static void test_keys_for(void **state)
{
    (void)state;
    struct keymap *km = defaults();
    char out[64];
    assert_int_equal(keymap_keys_for(km, "queue", ACT_MOVE_DOWN, out, sizeof out), 2);
    assert_string_equal(out, "j, Down");
    assert_int_equal(keymap_keys_for(km, "generic", ACT_PAGE_DOWN, out, sizeof out), 2);
    assert_string_equal(out, "C-f, PageDown");
    assert_int_equal(keymap_keys_for(km, "queue", ACT_QUIT, out, sizeof out), 1);
    assert_string_equal(out, "q");
    assert_int_equal(keymap_keys_for(km, "help", ACT_QUIT, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(keymap_keys_for(km, "help", ACT_BACK, out, sizeof out), 2);
    assert_string_equal(out, "q, Esc");
    /* q in queue is quit, so it does not go back there */
    assert_int_equal(keymap_keys_for(km, "queue", ACT_BACK, out, sizeof out), 1);
    assert_string_equal(out, "Esc");
    assert_int_equal(keymap_keys_for(km, "queue", ACT_OPEN, out, sizeof out), 1);
    assert_string_equal(out, "Enter");
    /* the screen's own keys first */
    assert_int_equal(keymap_load(km, "keys", "bind queue J move-down\n"
                                             "bind queue \xe3\x81\x82 move-down\n", NULL, NULL), 0);
    assert_int_equal(keymap_keys_for(km, "queue", ACT_MOVE_DOWN, out, sizeof out), 4);
    assert_string_equal(out, "J, \xe3\x81\x82, j, Down");
    assert_int_equal(keymap_keys_for(km, "help", ACT_MOVE_DOWN, out, sizeof out), 2);
    /* whole names only */
    assert_int_equal(keymap_keys_for(km, "help", ACT_MOVE_DOWN, out, 7), 1);
    assert_string_equal(out, "j");
    assert_int_equal(keymap_keys_for(km, "help", ACT_MOVE_DOWN, out, 8), 2);
    assert_string_equal(out, "j, Down");
    assert_int_equal(keymap_keys_for(km, "help", ACT_MOVE_DOWN, out, 1), 0);
    assert_string_equal(out, "");
    assert_int_equal(keymap_keys_for(km, "help", ACTION_NONE, out, sizeof out), 0);
    assert_int_equal(keymap_keys_for(km, "help", ACTION_COUNT, out, sizeof out), 0);
    keymap_free(&km);
}

static void test_null_and_empty(void **state)
{
    (void)state;
    struct keymap *km = NULL;
    keymap_free(&km);
    keymap_free(NULL);
    assert_int_equal(keymap_load(NULL, "x", "", NULL, NULL), -1);
    km = keymap_new();
    assert_int_equal(keymap_load(km, "x", NULL, NULL, NULL), -1);
    assert_int_equal(keymap_lookup(km, "queue", 'j'), ACTION_NONE);
    assert_int_equal(keymap_lookup(NULL, "queue", 'j'), ACTION_NONE);
    char out[8] = "junk";
    assert_int_equal(keymap_keys_for(km, "queue", ACT_MOVE_DOWN, out, sizeof out), 0);
    assert_string_equal(out, "");
    keymap_free(&km);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_keys_round_trip),
        cmocka_unit_test(test_key_codes),
        cmocka_unit_test(test_other_spellings),
        cmocka_unit_test(test_utf8_characters),
        cmocka_unit_test(test_key_parse_rejects),
        cmocka_unit_test(test_key_format_edges),
        cmocka_unit_test(test_key_from_curses),
        cmocka_unit_test(test_action_table),
        cmocka_unit_test(test_contexts),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_defaults_cover_every_action),
        cmocka_unit_test(test_defaults_twice),
        cmocka_unit_test(test_user_overrides),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_unbind_and_none),
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_keys_for),
        cmocka_unit_test(test_null_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
