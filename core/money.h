/* Money: integer minor units plus an ISO 4217 currency. Never a float.
 *
 * Parsing is forgiving in the ways people type (12,000 / ¥12,000 / １２,０００円
 * / 1234.56) and strict where a typo would change the amount (12.345 USD,
 * 1.5 JPY, 1,23 are rejected with a sentence saying why).
 */
#ifndef DUN_CORE_MONEY_H
#define DUN_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct currency {
    const char *code;         ///< ISO 4217, e.g. "JPY"
    int digits;               ///< minor unit exponent: JPY 0, USD 2
    const char *symbol;       ///< UTF-8 symbol used when displaying, e.g. "¥"
    const char *ascii_symbol; ///< shown when the terminal is not UTF-8, e.g. "JPY "
};

/** The known currency with this code (case-sensitive, 3 upper-case letters), or NULL. */
const struct currency *currency_find(const char *code);

/** Options for money_parse. */
enum money_parse_flags {
    MONEY_ALLOW_NEGATIVE = 1 << 0, ///< a leading '-' is accepted (balances may be credits)
};

/**
 * Parse an amount in major units into minor units. Accepts surrounding
 * spaces, the currency's symbol or code before the number, thousands
 * separators in groups of three, full-width digits, and 円 after a JPY
 * amount. On failure returns false and writes one human sentence to err.
 */
bool money_parse(const char *text, const struct currency *cur, int flags,
                 int64_t *minor, char *err, size_t errlen);

/** Room for money_put's text with its NUL: sign, symbol (up to 4 bytes),
 *  19 digits, 6 commas, the point. */
#define MONEY_TEXT_MAX 48
/** money_format without a size: writes at out (MONEY_TEXT_MAX bytes),
 *  NUL-terminated; returns the length. For bulk output (no printf). */
size_t money_put(char *out, int64_t minor, const struct currency *cur, bool ascii);
/** money_format_plain the same way. */
size_t money_put_plain(char *out, int64_t minor, const struct currency *cur);

/** Format for display: ¥12,000, $1,234.56, -$5.00; ascii uses ascii_symbol. */
void money_format(int64_t minor, const struct currency *cur, bool ascii, char *out, size_t n);

/** Plain decimal without symbol or separators, e.g. "1234.56" (for CSV/JSON). */
void money_format_plain(int64_t minor, const struct currency *cur, char *out, size_t n);

#endif
