/* Fuzz keymaps/keymap.c: a user's keys file (~/.config/dun/keys) read on
 * top of the compiled-in defaults, and key names.
 *
 * The input is the file's text. Properties:
 *  - the count returned is the number of problems reported, each as
 *    "file:line: message" with a line the text has;
 *  - every key keymap_keys_for lists for an action in a context (one per
 *    input) is one keymap_lookup maps to that action there (the key bar
 *    and help say what the key does);
 *  - every word of the text that key_parse reads as a key is written by
 *    key_format as a name that reads back as the same key, and so is the
 *    key the first 4 bytes make when it has a name.
 */
#include "tests/fuzz/fuzz.h"

#include "keymaps/keymap.h"

static const char *const contexts[] = {KEYMAP_CONTEXTS, "nonsense"};

struct report {
    int count;
    size_t lines;
};

static void reported(void *ctx, const char *message)
{
    struct report *r = ctx;
    unsigned line = 0;
    FUZZ_CHECK(sscanf(message, "user.keys:%u: ", &line) == 1 && line >= 1 && line <= r->lines,
               "problem \"%s\" in a text of %zu lines", message, r->lines);
    r->count++;
}

static void check_key_name(int key)
{
    char name[DUN_KEY_NAME_SIZE];
    key_format(key, name, sizeof name);
    if (name[0] == '<' || name[0] == '\0')
        return; /* "<keycode N>" and "<invalid>" are not meant to be read */
    int back = key_parse(name);
    FUZZ_CHECK(back == key_parse(name) && back >= 0, "key %d written as \"%s\" does not read back", key, name);
    char again[DUN_KEY_NAME_SIZE];
    key_format(back, again, sizeof again);
    FUZZ_CHECK(strcmp(name, again) == 0, "key %d is \"%s\", which reads back as \"%s\"", key, name, again);
}

/* The keys listed for action in context, split at ", " from the left (a
 * key may be "," itself). */
static void check_listed(const struct keymap *km, const char *context, enum action a)
{
    char list[512];
    keymap_keys_for(km, context, a, list, sizeof list);
    for (char *p = list; *p;) {
        char *sep = strstr(p + 1, ", ");
        if (sep)
            *sep = '\0';
        int key = key_parse(p);
        FUZZ_CHECK(key >= 0 && keymap_lookup(km, context, key) == a, "\"%s\" listed for %s in %s, but does %s", p,
                   action_info(a)->name, context, key >= 0 ? action_info(keymap_lookup(km, context, key))->name : "?");
        p = sep ? sep + 2 : p + strlen(p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct keymap *km = keymap_new();
    FUZZ_CHECK(km && keymap_load_defaults(km, NULL, NULL), "the default keys do not load");
    struct report r = {0, 1};
    for (const char *p = text; *p; p++)
        r.lines += *p == '\n';
    int n = keymap_load(km, "user.keys", text, reported, &r);
    FUZZ_CHECK(n == r.count, "%d problems returned, %d reported", n, r.count);
    /* One context per input, picked by its length: listing is quadratic. */
    const char *context = contexts[size % (sizeof contexts / sizeof contexts[0])];
    for (int a = 1; a < ACTION_COUNT; a++)
        check_listed(km, context, (enum action)a);

    for (char *save = NULL, *w = strtok_r(text, " \t\r\n\v\f", &save); w; w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
        int key = key_parse(w);
        if (key >= 0)
            check_key_name(key);
    }
    check_key_name((int)(fuzz_i64(data, size) & 0x7fffffff));
    keymap_free(&km);
    free(text);
    return 0;
}
