/* Fuzz what dun serve does with a webhook request's arguments that is
 * pure: the sender of an inbound SMS (/mo from=) masked for the log line
 * and normalised as a phone number, and the other arguments as text.
 *
 * The input is a query string ("from=%2B8190...&to=5555&text=STOP"),
 * decoded here as libmicrohttpd decodes GET arguments (+ and %XX); the
 * decoding itself is libmicrohttpd's, not fuzzed here. Not covered: the
 * opt-out keyword check (inbound_is_opt_out) lives in core/db/outbox.c,
 * which links libpq; token_ok and key_ok are static in tui/serve.c.
 * Properties:
 *  - contact_mask writes a NUL-terminated mask within any buffer size;
 *    the mask of valid UTF-8 is valid UTF-8 (it goes to logs and the
 *    inbox), but for an address cut to fit; of a number longer than 7 characters it shows at most 7 of
 *    them, of an address no more of the local part than its first
 *    character;
 *  - a sender phone_normalize accepts is '+' and 7..15 digits, and
 *    normalising it again changes nothing.
 */
#include "tests/fuzz/fuzz.h"

#include "core/utf8.h"
#include "core/validate.h"

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

/* Decode s in place: '+' is a space, %XX a byte (a %00 ends the value, as
 * it ends a C string). */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '+')
            *o++ = ' ';
        else if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
            *o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
            s += 2;
        } else
            *o++ = *s;
    }
    *o = '\0';
}

static size_t chars(const char *s)
{
    return utf8_length(s);
}

static void check_mask(const char *value)
{
    char out[64];
    size_t len = strlen(value);
    for (size_t n = 1; n <= sizeof out; n += n < 8 ? 1 : 13) {
        memset(out, 'X', sizeof out);
        contact_mask(value, out, n);
        FUZZ_CHECK(memchr(out, '\0', n), "contact_mask wrote past %zu bytes", n);
        /* An address cut by snprintf may end in part of a character. */
        bool cut = strchr(value, '@') && strlen(out) + 1 == n;
        if (utf8_invalid_offset(value, len) == len && !cut)
            FUZZ_CHECK(utf8_invalid_offset(out, strlen(out)) == strlen(out),
                       "\"%s\" masked into %zu bytes as invalid UTF-8 \"%s\"", value, n, out);
    }
    contact_mask(value, out, sizeof out);
    const char *at = strchr(value, '@');
    size_t shown = 0;
    if (at) {
        const char *out_at = strchr(out, '@');
        FUZZ_CHECK(out_at, "\"%s\" masked as \"%s\", without its domain", value, out);
        for (const char *p = out; p < out_at; p++)
            shown += *p != '*';
        FUZZ_CHECK(shown <= 1, "\"%s\" masked as \"%s\" shows %zu of the local part", value, out, shown);
    } else if (chars(value) > 7 && !strchr(value, '*')) {
        for (const char *p = out; *p; p++)
            shown += *p != '*' && ((unsigned char)*p & 0xC0) != 0x80;
        FUZZ_CHECK(shown <= 7, "\"%s\" masked as \"%s\" shows %zu characters", value, out, shown);
    }
}

static void check_sender(const char *from)
{
    char e164[32], again[32], err[256];
    if (!phone_normalize(from, e164, sizeof e164, err, sizeof err)) {
        FUZZ_CHECK(err[0], "\"%s\" refused without a reason", from);
        return;
    }
    size_t n = strlen(e164);
    FUZZ_CHECK(e164[0] == '+' && e164[1] >= '1' && e164[1] <= '9' && n >= 8 && n <= 16 &&
                   strspn(e164 + 1, "0123456789") == n - 1,
               "\"%s\" normalised as \"%s\"", from, e164);
    FUZZ_CHECK(phone_normalize(e164, again, sizeof again, err, sizeof err) && strcmp(again, e164) == 0,
               "\"%s\" normalised again as \"%s\"", e164, again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = fuzz_cstr(data, size);
    for (char *save = NULL, *pair = strtok_r(query, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        char *value = eq ? eq + 1 : pair + strlen(pair);
        if (eq)
            *eq = '\0';
        unescape(pair);
        unescape(value);
        check_mask(value);
        if (strcmp(pair, "from") == 0)
            check_sender(value);
    }
    free(query);
    return 0;
}
