/* Fuzz core/config.c: dun.conf, "key = value" lines read once at start.
 *
 * The input is the file's text. Properties:
 *  - every problem is reported as "dun.conf:LINE: message" with a line the
 *    text has, and reading carries on;
 *  - a value has no line break; reading the same text twice gives the same
 *    values, for the settings dun reads and the first line's key;
 *  - a first line "key = value" (key not a comment) sets key.
 */
#include "tests/fuzz/fuzz.h"

#include "core/config.h"

static const char *const keys[] = {"database", "serve_token", "serve_listen", "opt_out_keywords", "opt_out_reply",
                                   "sms_provider", "email_provider", "kannel_password", "smtp_password", "company"};

struct report {
    size_t lines;
};

static void reported(void *ctx, const char *message)
{
    struct report *r = ctx;
    unsigned line = 0;
    FUZZ_CHECK(sscanf(message, "dun.conf:%u: ", &line) == 1 && line >= 1 && line <= r->lines,
               "problem \"%s\" in a text of %zu lines", message, r->lines);
}

static void check_value(const struct config *a, const struct config *b, const char *key)
{
    const char *v = config_get(a, key), *w = config_get(b, key);
    FUZZ_CHECK((v == NULL) == (w == NULL) && (!v || strcmp(v, w) == 0), "%s read twice differs", key);
    FUZZ_CHECK(!v || !strchr(v, '\n'), "%s = \"%s\" has a line break", key, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct report r = {1};
    for (const char *p = text; *p; p++)
        r.lines += *p == '\n';
    struct config *a = config_parse("dun.conf", text, reported, &r);
    struct config *b = config_parse("dun.conf", text, NULL, NULL);
    FUZZ_CHECK(a && b, "config_parse returned NULL");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        check_value(a, b, keys[i]);

    /* The first line's key, trimmed as the parser trims it. */
    char *eq = strchr(text, '=');
    char *nl = strchr(text, '\n');
    if (eq && (!nl || eq < nl)) {
        *eq = '\0';
        char *k = text;
        while (*k == ' ' || *k == '\t')
            k++;
        size_t n = strlen(k);
        while (n > 0 && (k[n - 1] == ' ' || k[n - 1] == '\t' || k[n - 1] == '\r'))
            k[--n] = '\0';
        if (*k && *k != '#')
            FUZZ_CHECK(config_get(a, k), "the first line sets \"%s\", which config_get does not find", k);
        check_value(a, b, k);
    }
    config_free(&a);
    config_free(&b);
    FUZZ_CHECK(!a && !b, "config_free left its pointer");
    free(text);
    return 0;
}
