/* Fuzz what dun serve does with a webhook request's arguments that is
 * pure: the sender of an inbound SMS (/mo from=) masked for the log line
 * and normalised as a phone number, and the other arguments as text.
 *
 * The input is a query string ("from=%2B8190...&to=5555&text=STOP"),
 * decoded here as libmicrohttpd decodes GET arguments (+ and %XX); the
 * decoding itself is libmicrohttpd's, not fuzzed here. Not covered:
 * token_ok and key_ok are static in tui/serve.c. Properties:
 *  - contact_mask writes a NUL-terminated mask within any buffer size;
 *    the mask of valid UTF-8 is valid UTF-8 (it goes to logs and the
 *    inbox), but for an address cut to fit; of a number longer than 7 characters it shows at most 7 of
 *    them, of an address no more of the local part than its first
 *    character;
 *  - a sender phone_normalize accepts is '+' and 7..15 digits, and
 *    normalising it again changes nothing;
 *  - the numbers a sender can stand for (inbound_sender_numbers) are each
 *    E.164 as imports store it, and include the number phone_normalize
 *    reads, so a STOP from a number on file always finds it;
 *  - a reply folded for the opt-out check (inbound_fold) is valid UTF-8
 *    when the reply is, folding it again changes nothing, and the opt-out
 *    answer is the same for the reply and its fold.
 */
#include "tests/fuzz/fuzz.h"

#include "core/inbound.h"
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

static void check_candidates(const char *from)
{
    struct inbound_numbers nums;
    char e164[32], again[32], err[256];
    bool any = inbound_sender_numbers(from, &nums);
    FUZZ_CHECK(any == (nums.n > 0) && nums.n <= INBOUND_MAX_NUMBERS, "\"%s\": %d numbers, returned %d", from,
               nums.n, any);
    for (int i = 0; i < nums.n; i++)
        FUZZ_CHECK(phone_normalize(nums.e164[i], again, sizeof again, err, sizeof err) &&
                       strcmp(again, nums.e164[i]) == 0,
                   "\"%s\" stands for \"%s\", which is not E.164", from, nums.e164[i]);
    if (!phone_normalize(from, e164, sizeof e164, err, sizeof err))
        return;
    bool found = false;
    for (int i = 0; i < nums.n && !found; i++)
        found = strcmp(nums.e164[i], e164) == 0;
    FUZZ_CHECK(found, "\"%s\" is %s on file, but a reply from it would not find it", from, e164);
}

static void check_opt_out(const char *text)
{
    char folded[512], twice[512];
    size_t len = strlen(text);
    bool whole = inbound_fold(text, folded, sizeof folded);
    FUZZ_CHECK(memchr(folded, '\0', sizeof folded), "fold of \"%s\" not terminated", text);
    if (!whole)
        return;
    if (utf8_invalid_offset(text, len) == len)
        FUZZ_CHECK(utf8_invalid_offset(folded, strlen(folded)) == strlen(folded),
                   "\"%s\" folded into invalid UTF-8", text);
    FUZZ_CHECK(inbound_fold(folded, twice, sizeof twice) && strcmp(folded, twice) == 0,
               "\"%s\" folds to \"%s\", then to \"%s\"", text, folded, twice);
    FUZZ_CHECK(inbound_is_opt_out(text, "halt,やめてください") == inbound_is_opt_out(folded, "halt,やめてください"),
               "\"%s\" and its fold \"%s\" differ as opt-outs", text, folded);
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
        if (strcmp(pair, "from") == 0) {
            check_sender(value);
            check_candidates(value);
        } else if (strcmp(pair, "text") == 0)
            check_opt_out(value);
    }
    free(query);
    return 0;
}
