/* Fuzz core/money.c: amounts as people type them, and as dun writes them.
 *
 * The input's first line names the currency (a code dun knows; anything
 * else picks one by its first byte), the rest is the amount's text.
 * Properties:
 *  - a refusal comes with a sentence;
 *  - a parsed amount written by money_format (symbol or ASCII) and by
 *    money_format_plain parses back to the same minor units;
 *  - without MONEY_ALLOW_NEGATIVE the same text gives the same positive
 *    amount or a refusal;
 *  - an ASCII amount typed with full-width digits, commas and points (a
 *    Japanese IME) parses to the same value;
 *  - any int64 but INT64_MIN (whose magnitude no parse gives) written by
 *    either formatter parses back.
 */
#include "tests/fuzz/fuzz.h"

#include <inttypes.h>

#include "core/money.h"

static const char *const codes[] = {"JPY", "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF",
                                    "CNY", "HKD", "SGD", "KRW", "TWD", "PHP", "THB", "INR",
                                    "MXN", "BRL", "VND", "IDR", "KWD", "BHD"};
#define NCODES (sizeof codes / sizeof codes[0])

/* text parsed with flags: the value, or false. err must say why on false. */
static bool parse(const char *text, const struct currency *cur, int flags, int64_t *v)
{
    char err[256] = "";
    bool ok = money_parse(text, cur, flags, v, err, sizeof err);
    FUZZ_CHECK(ok || err[0], "\"%s\" (%s) refused without a reason", text, cur->code);
    return ok;
}

/* Every way dun writes v reads back as v. */
static void check_written(int64_t v, const struct currency *cur)
{
    char out[96];
    int64_t back;
    for (int ascii = 0; ascii <= 1; ascii++) {
        money_format(v, cur, ascii, out, sizeof out);
        FUZZ_CHECK(parse(out, cur, MONEY_ALLOW_NEGATIVE, &back) && back == v,
                   "%" PRId64 " %s written as \"%s\" does not read back", v, cur->code, out);
    }
    money_format_plain(v, cur, out, sizeof out);
    FUZZ_CHECK(parse(out, cur, MONEY_ALLOW_NEGATIVE, &back) && back == v,
               "%" PRId64 " %s written plain as \"%s\" does not read back", v, cur->code, out);
}

/* text with every ASCII digit, comma and point in full width, or NULL when
 * text is not all ASCII. The caller frees it. */
static char *full_width(const char *text)
{
    char *out = malloc(strlen(text) * 3 + 1), *o = out;
    if (!out)
        abort();
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            free(out);
            return NULL;
        }
        if (c >= '0' && c <= '9') {
            *o++ = '\xEF', *o++ = '\xBC', *o++ = (char)(0x90 + (c - '0'));
        } else if (c == ',' || c == '.') {
            *o++ = '\xEF', *o++ = '\xBC', *o++ = c == ',' ? '\x8C' : '\x8E';
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = fuzz_cstr(data, size);
    char *nl = strchr(input, '\n');
    const char *text = nl ? nl + 1 : input;
    if (nl)
        *nl = '\0';
    const struct currency *cur = currency_find(input);
    if (!cur || !nl)
        cur = currency_find(codes[size ? data[0] % NCODES : 0]);

    int64_t v, positive;
    if (parse(text, cur, MONEY_ALLOW_NEGATIVE, &v)) {
        check_written(v, cur);
        char *wide = full_width(text);
        int64_t w;
        if (wide)
            FUZZ_CHECK(parse(wide, cur, MONEY_ALLOW_NEGATIVE, &w) && w == v,
                       "\"%s\" is %" PRId64 " %s, but in full width \"%s\" it is not", text, v, cur->code, wide);
        free(wide);
    }
    if (parse(text, cur, 0, &positive))
        FUZZ_CHECK(positive >= 0 && parse(text, cur, MONEY_ALLOW_NEGATIVE, &v) && v == positive,
                   "\"%s\" %s: %" PRId64 " without a sign allowed, otherwise not", text, cur->code, positive);

    int64_t any = fuzz_i64(data, size);
    if (any != INT64_MIN)
        check_written(any, cur);
    free(input);
    return 0;
}
