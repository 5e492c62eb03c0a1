#include "core/money.h"

#include <stdio.h>
#include <string.h>

#include "core/fmt.h"

static const struct currency currencies[] = {
    {"JPY", 0, "¥", "JPY "},  {"USD", 2, "$", "$"},     {"EUR", 2, "€", "EUR "},
    {"GBP", 2, "£", "GBP "},  {"CAD", 2, "CA$", "CA$"}, {"AUD", 2, "A$", "A$"},
    {"NZD", 2, "NZ$", "NZ$"}, {"CHF", 2, "CHF ", "CHF "}, {"CNY", 2, "CN¥", "CNY "},
    {"HKD", 2, "HK$", "HK$"}, {"SGD", 2, "S$", "S$"},   {"KRW", 0, "₩", "KRW "},
    {"TWD", 2, "NT$", "NT$"}, {"PHP", 2, "₱", "PHP "},  {"THB", 2, "฿", "THB "},
    {"INR", 2, "₹", "INR "},  {"MXN", 2, "MX$", "MX$"}, {"BRL", 2, "R$", "R$"},
    {"VND", 0, "₫", "VND "},  {"IDR", 2, "Rp", "Rp"},   {"KWD", 3, "KD ", "KWD "},
    {"BHD", 3, "BD ", "BHD "},
};

const struct currency *currency_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++)
        if (strcmp(currencies[i].code, code) == 0)
            return &currencies[i];
    return NULL;
}

/* Read one character of the amount, folding full-width forms to ASCII so a
 * Japanese IME's １２，０００ parses like 12,000. Returns bytes consumed. */
static int next_char(const char *s, char *c)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) { /* ０-９ */
        *c = (char)('0' + (u[2] - 0x90));
        return 3;
    }
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) { *c = ','; return 3; } /* ， */
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) { *c = '.'; return 3; } /* ． */
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) { *c = '-'; return 3; } /* － */
    *c = s[0];
    return 1;
}

static const char *skip_spaces(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0) /* ideographic space */
            s += 3;
        else
            return s;
    }
}

static bool starts_with(const char *s, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    while (n > 0 && prefix[n - 1] == ' ')
        n--; /* "JPY " matches "JPY12" too */
    if (n == 0 || strncmp(s, prefix, n) != 0)
        return false;
    *rest = s + n;
    return true;
}

/* Strip a currency marker before the number. A marker of another currency
 * is an error: "$12" for a JPY account is more likely a mistake than a typo. */
static bool strip_prefix(const char **s, const struct currency *cur, char *err, size_t errlen)
{
    const char *rest;
    if (**s >= '0' && **s <= '9') /* no marker starts with a digit */
        return true;
    if (starts_with(*s, cur->symbol, &rest) || starts_with(*s, cur->code, &rest) ||
        starts_with(*s, cur->ascii_symbol, &rest) ||
        (strcmp(cur->code, "JPY") == 0 && starts_with(*s, "\xEF\xBF\xA5", &rest))) { /* ￥ */
        *s = skip_spaces(rest);
        return true;
    }
    for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++) {
        const struct currency *o = &currencies[i];
        if (o == cur)
            continue;
        if (starts_with(*s, o->symbol, &rest) || starts_with(*s, o->code, &rest)) {
            if (strcmp(o->symbol, cur->symbol) == 0)
                continue;
            snprintf(err, errlen, "that looks like %s, but this amount is in %s", o->code, cur->code);
            return false;
        }
    }
    return true;
}

/* Drop trailing ASCII and ideographic spaces; returns the new length. */
static size_t trim_end(char *buf)
{
    size_t n = strlen(buf);
    for (;;) {
        if (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(buf + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    buf[n] = '\0';
    return n;
}

static void strip_suffix(char *buf, const struct currency *cur)
{
    size_t n = trim_end(buf);
    size_t cn = strlen(cur->code);
    if (strcmp(cur->code, "JPY") == 0 && n >= 3 && strcmp(buf + n - 3, "円") == 0)
        buf[n - 3] = '\0';
    else if (n > cn && strcmp(buf + n - cn, cur->code) == 0)
        buf[n - cn] = '\0';
    trim_end(buf);
}

/* Check that commas split the integer part into groups of three. */
static bool grouping_ok(const char *digits_with_commas, size_t len)
{
    const char *comma = memchr(digits_with_commas, ',', len);
    if (!comma)
        return true;
    size_t lead = (size_t)(comma - digits_with_commas);
    if (lead == 0 || lead > 3)
        return false;
    size_t i = lead;
    while (i < len) {
        if (digits_with_commas[i] != ',' || i + 4 > len)
            return false;
        for (size_t k = 1; k <= 3; k++)
            if (digits_with_commas[i + k] == ',')
                return false;
        i += 4;
    }
    return true;
}

bool money_parse(const char *text, const struct currency *cur, int flags,
                 int64_t *minor, char *err, size_t errlen)
{
    char ascii[128];
    size_t n = 0;
    bool negative = false;

    if (!cur) {
        snprintf(err, errlen, "unknown currency");
        return false;
    }
    const char *s = skip_spaces(text);
    if (*s == '-' || strncmp(s, "\xEF\xBC\x8D", 3) == 0) {
        negative = true;
        s += (*s == '-') ? 1 : 3;
        s = skip_spaces(s);
    }
    if (!strip_prefix(&s, cur, err, errlen))
        return false;
    if (!negative && *s == '-') {
        negative = true;
        s = skip_spaces(s + 1);
    }
    while (*s && n + 1 < sizeof ascii) {
        char c;
        s += next_char(s, &c);
        ascii[n++] = c;
        if ((unsigned char)c >= 0x80) { /* copy the rest of a multibyte char as is */
            while (((unsigned char)*s & 0xC0) == 0x80 && n + 1 < sizeof ascii)
                ascii[n++] = *s++;
        }
    }
    ascii[n] = '\0';
    if (*s) {
        snprintf(err, errlen, "the amount is too long");
        return false;
    }
    strip_suffix(ascii, cur);
    n = strlen(ascii);
    if (n == 0) {
        snprintf(err, errlen, "enter an amount, e.g. %s", cur->digits ? "1234.56" : "12000");
        return false;
    }
    if (negative && !(flags & MONEY_ALLOW_NEGATIVE)) {
        snprintf(err, errlen, "the amount must not be negative");
        return false;
    }

    const char *dot = strchr(ascii, '.');
    size_t int_len = dot ? (size_t)(dot - ascii) : n;
    for (size_t i = 0; i < n; i++) {
        char c = ascii[i];
        if (!(c >= '0' && c <= '9') && c != ',' && !(c == '.' && ascii + i == dot)) {
            snprintf(err, errlen, "\"%s\" is not an amount: unexpected character", text);
            return false;
        }
    }
    if (int_len == 0 || !grouping_ok(ascii, int_len)) {
        snprintf(err, errlen, "\"%s\" is not an amount: use digits with commas every three, e.g. %s",
                 text, cur->digits ? "1,234.56" : "12,000");
        return false;
    }
    size_t frac_len = dot ? n - int_len - 1 : 0;
    if (dot && memchr(dot + 1, ',', frac_len)) {
        snprintf(err, errlen, "\"%s\" is not an amount: comma after the decimal point", text);
        return false;
    }
    if (dot && cur->digits == 0) {
        snprintf(err, errlen, "%s has no minor unit: enter a whole amount, e.g. 12000", cur->code);
        return false;
    }
    if ((int)frac_len > cur->digits || (dot && frac_len == 0)) {
        snprintf(err, errlen, "%s has %d decimal places: \"%s\" has %zu", cur->code, cur->digits,
                 text, frac_len);
        return false;
    }

    int64_t value = 0;
    const int64_t limit = INT64_MAX / 10;
    for (size_t i = 0; i < n; i++) {
        if (ascii[i] == ',' || ascii[i] == '.')
            continue;
        if (value > limit || (value == limit && ascii[i] - '0' > INT64_MAX % 10)) {
            snprintf(err, errlen, "the amount is too large");
            return false;
        }
        value = value * 10 + (ascii[i] - '0');
    }
    for (int k = (int)frac_len; k < cur->digits; k++) {
        if (value > INT64_MAX / 10) {
            snprintf(err, errlen, "the amount is too large");
            return false;
        }
        value *= 10;
    }
    *minor = negative ? -value : value;
    return true;
}

/* The magnitude of minor in major units, e.g. "1,234.56"; out: MONEY_TEXT_MAX. */
static size_t put_digits(int64_t minor, const struct currency *cur, bool group, char *out)
{
    uint64_t mag = minor < 0 ? (uint64_t)(-(minor + 1)) + 1 : (uint64_t)minor;
    uint64_t scale = 1;
    for (int i = 0; i < cur->digits; i++)
        scale *= 10;
    char digits[FMT_INT_MAX];
    size_t len = fmt_put_uint64(digits, mag / scale), g = 0;
    for (size_t i = 0; i < len; i++) {
        if (group && i > 0 && (len - i) % 3 == 0)
            out[g++] = ',';
        out[g++] = digits[i];
    }
    if (cur->digits > 0) {
        out[g++] = '.';
        g += fmt_put_padded(out + g, mag % scale, cur->digits);
    }
    out[g] = '\0';
    return g;
}

size_t money_put(char *out, int64_t minor, const struct currency *cur, bool ascii)
{
    size_t k = 0;
    if (minor < 0)
        out[k++] = '-';
    const char *sym = ascii ? cur->ascii_symbol : cur->symbol;
    size_t slen = strlen(sym);
    memcpy(out + k, sym, slen);
    return k + slen + put_digits(minor, cur, true, out + k + slen);
}

size_t money_put_plain(char *out, int64_t minor, const struct currency *cur)
{
    size_t k = 0;
    if (minor < 0)
        out[k++] = '-';
    return k + put_digits(minor, cur, false, out + k);
}

void money_format(int64_t minor, const struct currency *cur, bool ascii, char *out, size_t n)
{
    char text[MONEY_TEXT_MAX];
    fmt_copy(out, n, text, money_put(text, minor, cur, ascii));
}

void money_format_plain(int64_t minor, const struct currency *cur, char *out, size_t n)
{
    char text[MONEY_TEXT_MAX];
    fmt_copy(out, n, text, money_put_plain(text, minor, cur));
}
