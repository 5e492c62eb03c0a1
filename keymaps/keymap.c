/* Actions, keys and key bindings: the table from actions.def, key names,
 * the keys-file parser and lookup. curses.h is here for KEY_* codes only. */
#include "keymaps/keymap.h"

#include <curses.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/* build/gen/default_keys.c, made by tools/embed.c from keymaps/default.keys */
extern const char default_keys[];

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FN(k) (DUN_KEY_FN | (k))
#define K_ESC 27
#define K_ENTER 10 /* our Enter; KEY_ENTER is the curses code */
#define K_TAB 9
#define K_DEL 127
#define HINT_MAX 32   /* longest word a hint is looked for */
#define MAX_WORDS 5   /* more than any command takes */

/* --- actions ------------------------------------------------------------- */

static const struct action_info actions[ACTION_COUNT] = {
    [ACTION_NONE] = {ACTION_NONE, "none", "nothing", "Do nothing", PRE_NONE},
#define ACTION(id, name, label, help, pre) [ACT_##id] = {ACT_##id, name, label, help, pre},
#include "keymaps/actions.def"
#undef ACTION
};

const struct action_info *action_info(enum action a)
{
    if ((int)a < 0 || a >= ACTION_COUNT)
        return NULL;
    return &actions[a];
}

enum action action_by_name(const char *name)
{
    if (!name)
        return ACTION_NONE;
    for (size_t i = 1; i < N(actions); i++)
        if (strcmp(actions[i].name, name) == 0)
            return actions[i].id;
    return ACTION_NONE;
}

/* --- keys ---------------------------------------------------------------- */

static const struct named_key {
    const char *name;
    int key;
    bool alias; /* read, never written */
} named_keys[] = {
    {"Esc", K_ESC, false},
    {"Enter", K_ENTER, false},
    {"Tab", K_TAB, false},
    {"BackTab", FN(KEY_BTAB), false},
    {"Space", ' ', false},
    {"Backspace", FN(KEY_BACKSPACE), false},
    {"Up", FN(KEY_UP), false},
    {"Down", FN(KEY_DOWN), false},
    {"Left", FN(KEY_LEFT), false},
    {"Right", FN(KEY_RIGHT), false},
    {"PageUp", FN(KEY_PPAGE), false},
    {"PageDown", FN(KEY_NPAGE), false},
    {"Home", FN(KEY_HOME), false},
    {"End", FN(KEY_END), false},
    {"Insert", FN(KEY_IC), false},
    {"Delete", FN(KEY_DC), false},
    {"Escape", K_ESC, true},
    {"Return", K_ENTER, true},
    {"PgUp", FN(KEY_PPAGE), true},
    {"PgDn", FN(KEY_NPAGE), true},
    {"Ins", FN(KEY_IC), true},
    {"Del", FN(KEY_DC), true},
};

/* One key for each physical key: C-m, 13 and curses' KEY_ENTER are Enter;
 * DEL is Backspace. */
static int key_normalize(int key)
{
    switch (key) {
    case '\r':
    case FN(KEY_ENTER):
        return K_ENTER;
    case K_DEL:
        return FN(KEY_BACKSPACE);
    default:
        return key;
    }
}

static bool is_ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* C-x, c-x or ^x with x a letter. */
static int parse_ctrl(const char *s)
{
    const char *x = NULL;
    if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-')
        x = s + 2;
    else if (s[0] == '^')
        x = s + 1;
    if (!x || !is_ascii_letter(x[0]) || x[1])
        return -1;
    return (x[0] | 0x20) - 'a' + 1;
}

static bool is_printable(uint32_t cp)
{
    return cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0) && cp <= 0x10FFFF &&
           !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Exactly one printable UTF-8 character. */
static int parse_char(const char *s)
{
    size_t len = strlen(s);
    uint32_t cp;
    size_t used = utf8_decode(s, len, &cp);
    if (used != len || (cp == 0xFFFD && used == 1) || !is_printable(cp))
        return -1;
    return (int)cp;
}

static int parse_named(const char *s)
{
    for (size_t i = 0; i < N(named_keys); i++)
        if (strcasecmp(named_keys[i].name, s) == 0)
            return named_keys[i].key;
    return -1;
}

/* F1..F12, no leading zero. */
static int parse_fkey(const char *s)
{
    if ((s[0] != 'F' && s[0] != 'f') || s[1] < '1' || s[1] > '9')
        return -1;
    int n = s[1] - '0';
    if (s[2]) {
        if (s[2] < '0' || s[2] > '9' || s[3])
            return -1;
        n = n * 10 + (s[2] - '0');
    }
    return n <= 12 ? FN(KEY_F(n)) : -1;
}

int key_parse(const char *name)
{
    if (!name || !*name)
        return -1;
    int key = parse_ctrl(name);
    if (key < 0)
        key = parse_char(name);
    if (key < 0)
        key = parse_named(name);
    if (key < 0)
        key = parse_fkey(name);
    return key < 0 ? -1 : key_normalize(key);
}

static const char *canonical_name(int key)
{
    for (size_t i = 0; i < N(named_keys); i++)
        if (named_keys[i].key == key)
            return named_keys[i].name;
    return NULL;
}

/* 1..12 for F1..F12, else 0. */
static int fkey_number(int key)
{
    if (key < 0 || !(key & DUN_KEY_FN))
        return 0;
    int code = key & ~DUN_KEY_FN;
    return code >= KEY_F(1) && code <= KEY_F(12) ? code - KEY_F0 : 0;
}

/* s into out when it fits whole, else out empty. */
static void put_name(char *out, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len < n)
        memcpy(out, s, len + 1);
    else
        out[0] = '\0';
}

void key_format(int key, char *out, size_t n)
{
    if (!out || n == 0)
        return;
    char buf[DUN_KEY_NAME_SIZE];
    key = key_normalize(key);
    const char *named = canonical_name(key);
    if (named)
        snprintf(buf, sizeof buf, "%s", named);
    else if (key >= 1 && key <= 26)
        snprintf(buf, sizeof buf, "C-%c", 'a' + key - 1);
    else if (fkey_number(key))
        snprintf(buf, sizeof buf, "F%d", fkey_number(key));
    else if (key > 0 && (key & DUN_KEY_FN))
        snprintf(buf, sizeof buf, "<keycode %d>", key & ~DUN_KEY_FN);
    else if (key > 0 && is_printable((uint32_t)key))
        buf[utf8_encode((uint32_t)key, buf)] = '\0';
    else
        snprintf(buf, sizeof buf, "<invalid>");
    put_name(out, n, buf);
}

int key_from_curses(int ch, bool is_keycode)
{
    if (ch < 0)
        return -1;
    return key_normalize(is_keycode ? FN(ch) : ch);
}

/* --- contexts ------------------------------------------------------------ */

static const char *const contexts[] = {KEYMAP_CONTEXTS};
#define CTX_GENERIC 0 /* KEYMAP_CONTEXTS starts with "generic" */

static int context_index(const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < N(contexts); i++)
        if (strcmp(contexts[i], name) == 0)
            return (int)i;
    return -1;
}

bool keymap_context_valid(const char *name)
{
    return context_index(name) >= 0;
}

/* --- the keymap ---------------------------------------------------------- */

struct binding {
    int key;
    int context;        ///< index into contexts[]
    enum action action; ///< ACTION_NONE for "none"
    unsigned load;      ///< which keymap_load call bound it
    unsigned line;      ///< its line in that text
};

struct keymap {
    struct binding *bindings; ///< in the order first bound
    size_t count, cap;
    unsigned loads; ///< keymap_load calls so far
};

struct keymap *keymap_new(void)
{
    return calloc(1, sizeof(struct keymap));
}

void keymap_free(struct keymap **km)
{
    if (!km || !*km)
        return;
    free((*km)->bindings);
    free(*km);
    *km = NULL;
}

static struct binding *find(const struct keymap *km, int context, int key)
{
    for (size_t i = 0; i < km->count; i++)
        if (km->bindings[i].context == context && km->bindings[i].key == key)
            return &km->bindings[i];
    return NULL;
}

/* Replace the binding of b's (context, key), or append b. */
static bool set_binding(struct keymap *km, const struct binding *b)
{
    struct binding *old = find(km, b->context, b->key);
    if (old) {
        *old = *b;
        return true;
    }
    if (km->count == km->cap) {
        size_t cap = km->cap ? km->cap * 2 : 64;
        struct binding *grown = realloc(km->bindings, cap * sizeof *grown);
        if (!grown)
            return false;
        km->bindings = grown;
        km->cap = cap;
    }
    km->bindings[km->count++] = *b;
    return true;
}

static void remove_binding(struct keymap *km, int context, int key)
{
    struct binding *b = find(km, context, key);
    if (!b)
        return;
    size_t after = km->count - (size_t)(b - km->bindings) - 1;
    memmove(b, b + 1, after * sizeof *b);
    km->count--;
}

enum action keymap_lookup(const struct keymap *km, const char *context, int key)
{
    if (!km || key < 0)
        return ACTION_NONE;
    key = key_normalize(key);
    int c = context_index(context);
    const struct binding *b = c > CTX_GENERIC ? find(km, c, key) : NULL;
    if (!b)
        b = find(km, CTX_GENERIC, key);
    return b ? b->action : ACTION_NONE;
}

/* --- listing keys -------------------------------------------------------- */

struct joiner {
    char *out;
    size_t n, used, count;
    bool full;
};

static void join_key(struct joiner *j, int key)
{
    char name[DUN_KEY_NAME_SIZE];
    key_format(key, name, sizeof name);
    const char *sep = j->count ? ", " : "";
    size_t need = strlen(sep) + strlen(name);
    if (j->full || j->used + need >= j->n) {
        j->full = true;
        return;
    }
    snprintf(j->out + j->used, j->n - j->used, "%s%s", sep, name);
    j->used += need;
    j->count++;
}

size_t keymap_keys_for(const struct keymap *km, const char *context,
                       enum action action, char *out, size_t n)
{
    struct joiner j = {out, n, 0, 0, false};
    if (!out || n == 0)
        return 0;
    out[0] = '\0';
    if (!km || action <= ACTION_NONE || action >= ACTION_COUNT)
        return 0;
    int c = context_index(context);
    for (size_t i = 0; c > CTX_GENERIC && i < km->count; i++)
        if (km->bindings[i].context == c && km->bindings[i].action == action)
            join_key(&j, km->bindings[i].key);
    for (size_t i = 0; i < km->count; i++) {
        const struct binding *b = &km->bindings[i];
        if (b->context == CTX_GENERIC && b->action == action &&
            !(c > CTX_GENERIC && find(km, c, b->key)))
            join_key(&j, b->key);
    }
    return j.count;
}

/* --- hints --------------------------------------------------------------- */

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

/* Levenshtein distance ignoring ASCII case; SIZE_MAX past HINT_MAX bytes. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > HINT_MAX || lb > HINT_MAX)
        return SIZE_MAX;
    size_t row[HINT_MAX + 1];
    for (size_t k = 0; k <= lb; k++)
        row[k] = k;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t k = 1; k <= lb; k++) {
            size_t up = row[k];
            size_t cost = ascii_lower(a[i - 1]) != ascii_lower(b[k - 1]);
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[k - 1] + 1 < best)
                best = row[k - 1] + 1;
            row[k] = best;
            diag = up;
        }
    }
    return row[lb];
}

typedef const char *(*name_at_fn)(size_t i); /* NULL: skip i */

/* The one candidate within a small edit distance of word, or NULL. */
static const char *closest(const char *word, name_at_fn name_at, size_t count)
{
    size_t limit = strlen(word) <= 4 ? 1 : 2;
    size_t best = SIZE_MAX;
    const char *found = NULL;
    bool tie = false;
    for (size_t i = 0; i < count; i++) {
        const char *name = name_at(i);
        size_t d = name ? edit_distance(word, name) : SIZE_MAX;
        if (d < best) {
            best = d;
            found = name;
            tie = false;
        } else if (d == best) {
            tie = true;
        }
    }
    return best <= limit && !tie ? found : NULL;
}

static const char *action_name_at(size_t i) { return actions[i].name; }
static const char *context_name_at(size_t i) { return contexts[i]; }

static const char *key_name_at(size_t i)
{
    return named_keys[i].alias ? NULL : named_keys[i].name;
}

static const char *command_name_at(size_t i)
{
    return i == 0 ? "bind" : "unbind";
}

/* --- loading ------------------------------------------------------------- */

struct loader {
    struct keymap *km;
    const char *file;
    unsigned line;
    unsigned load;
    keymap_report_fn report;
    void *ctx;
    int problems;
};

static void problem(struct loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void problem(struct loader *ld, const char *fmt, ...)
{
    char msg[512];
    int len = ld->line ? snprintf(msg, sizeof msg, "%s:%u: ", ld->file, ld->line)
                       : snprintf(msg, sizeof msg, "%s: ", ld->file);
    if (len >= 0 && (size_t)len < sizeof msg) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg + len, sizeof msg - (size_t)len, fmt, ap);
        va_end(ap);
    }
    ld->problems++;
    if (ld->report)
        ld->report(ld->ctx, msg);
}

/* `unknown WHAT "word"`, with a hint when one name is close. */
static void unknown(struct loader *ld, const char *what, const char *word,
                    name_at_fn name_at, size_t count)
{
    const char *hint = closest(word, name_at, count);
    if (hint)
        problem(ld, "unknown %s \"%s\" (did you mean \"%s\"?)", what, word, hint);
    else
        problem(ld, "unknown %s \"%s\"", what, word);
}

static int check_context(struct loader *ld, const char *word)
{
    int c = context_index(word);
    if (c < 0)
        unknown(ld, "context", word, context_name_at, N(contexts));
    return c;
}

static int check_key(struct loader *ld, const char *word)
{
    int key = key_parse(word);
    if (key < 0)
        unknown(ld, "key name", word, key_name_at, N(named_keys));
    return key;
}

static bool check_action(struct loader *ld, const char *word, enum action *a)
{
    *a = action_by_name(word);
    if (*a != ACTION_NONE || strcmp(word, actions[ACTION_NONE].name) == 0)
        return true;
    unknown(ld, "action", word, action_name_at, N(actions));
    return false;
}

static void do_bind(struct loader *ld, char **w)
{
    enum action a;
    int c = check_context(ld, w[1]);
    int key = check_key(ld, w[2]);
    bool ok = check_action(ld, w[3], &a);
    if (c < 0 || key < 0 || !ok)
        return;
    const struct binding *old = find(ld->km, c, key);
    if (old && old->load == ld->load) {
        char name[DUN_KEY_NAME_SIZE];
        key_format(key, name, sizeof name);
        problem(ld, "%s in %s is already bound on line %u (to %s); this line wins",
                name, contexts[c], old->line, actions[old->action].name);
    }
    struct binding b = {key, c, a, ld->load, ld->line};
    if (!set_binding(ld->km, &b))
        problem(ld, "out of memory");
}

static void do_unbind(struct loader *ld, char **w)
{
    int c = check_context(ld, w[1]);
    int key = check_key(ld, w[2]);
    if (c >= 0 && key >= 0)
        remove_binding(ld->km, c, key);
}

/* Words a command takes, itself included; 1 for an unknown one. */
static size_t command_words(const char *command)
{
    if (strcmp(command, "bind") == 0)
        return 4;
    if (strcmp(command, "unbind") == 0)
        return 3;
    return 1;
}

/* Split s in place at blanks. Stops at a word starting with '#' when it is
 * the first word or comes after the command's last word. Stores at most
 * max words; returns how many there are. */
static size_t split_words(char *s, char **w, size_t max)
{
    static const char blanks[] = " \t\r\v\f";
    size_t count = 0, want = 0;
    for (;;) {
        s += strspn(s, blanks);
        if (!*s || (*s == '#' && count >= want))
            return count;
        char *word = s;
        s += strcspn(s, blanks);
        if (*s)
            *s++ = '\0';
        if (count < max)
            w[count] = word;
        if (count++ == 0)
            want = command_words(word);
    }
}

static void load_line(struct loader *ld, char *line)
{
    char *w[MAX_WORDS];
    size_t count = split_words(line, w, N(w));
    if (count == 0)
        return;
    size_t want = command_words(w[0]);
    if (want == 1)
        unknown(ld, "command", w[0], command_name_at, 2);
    else if (count != want)
        problem(ld, "wrong number of words: expected \"%s\"",
                want == 4 ? "bind CONTEXT KEY ACTION" : "unbind CONTEXT KEY");
    else if (want == 4)
        do_bind(ld, w);
    else
        do_unbind(ld, w);
}

int keymap_load(struct keymap *km, const char *file_name, const char *text,
                keymap_report_fn report, void *ctx)
{
    if (!km || !text)
        return -1;
    struct loader ld = {km, file_name ? file_name : "(keys)", 0, ++km->loads, report, ctx, 0};
    char *copy = strdup(text);
    if (!copy) {
        problem(&ld, "out of memory");
        return ld.problems;
    }
    char *p = copy;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) /* a byte order mark */
        p += 3;
    while (p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        ld.line++;
        load_line(&ld, p);
        p = nl ? nl + 1 : NULL;
    }
    free(copy);
    return ld.problems;
}

bool keymap_load_defaults(struct keymap *km, keymap_report_fn report, void *ctx)
{
    return keymap_load(km, "default.keys", default_keys, report, ctx) == 0;
}
