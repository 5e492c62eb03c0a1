/* Message templates: merge fields, opt-out rules, SMS length and the choice
 * of template for a message.
 *
 * Ownership: this module owns rendering and choosing; the texts themselves
 * are data (dun.templates, seeded by migration 007 and edited by
 * supervisors with `dun templates export` and `dun import templates`, whose
 * rows core/template_row.c checks), loaded by core/db/template_store.c
 * (store_templates_load in core/db/store.h). Sending, the undo window and
 * the outbox belong to the messaging code, which calls this module. It is
 * pure: libc only, no allocation, no I/O, no clock (dates are parameters).
 *
 * Merge fields, written {{name}} (spaces inside the braces are allowed):
 *
 *   {{name}}            the debtor's name, as written
 *   {{balance}}         the balance, in the account's currency (¥12,000, $1,234.56)
 *   {{amount_due}}      the amount now due, same format
 *   {{due_date}}        the due date: ja 2026年11月25日, otherwise Nov 25, 2026
 *   {{promise_amount}}  the amount of the open promise
 *   {{promise_date}}    the date of the open promise
 *   {{agent}}           the sending agent's display name
 *   {{company}}         the company the message is sent for
 *   {{phone}}           the number to call back
 *   {{payment_link}}    the payment page
 *   {{opt_out}}         the opt-out instruction ("Reply STOP to opt out.")
 *
 * A message never goes out half-merged: template_render fails, with one
 * sentence naming the field, on an unknown field, a field without a value
 * (NULL, empty or blank text; a money or date field whose has_* flag is
 * false), an unclosed {{, a value that itself contains {{ or makes {{ with
 * what follows it ("ACME {" before "{"), or output that does not fit; on
 * failure the output is the empty string.
 */
#ifndef DUN_CORE_TEMPLATE_H
#define DUN_CORE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The values a template is merged with. Strings are UTF-8; NULL = no value. */
struct merge_values {
    const char *name, *agent, *company, *phone, *payment_link, *opt_out;
    const char *link;         ///< the message's own page on dun serve (PUBLIC_URL/p/TOKEN)
    const char *currency;     ///< ISO 4217 code of every amount, e.g. "JPY"
    bool has_balance;
    int64_t balance_minor;    ///< minor units (a credit is negative)
    bool has_amount_due;
    int64_t amount_due_minor;
    bool has_due_date;
    int64_t due_date;         ///< days since 1970-01-01 (core/date.h)
    bool has_promise;         ///< both promise fields below are set
    int64_t promise_minor;
    int64_t promise_date;     ///< days since 1970-01-01
    const char *language;     ///< the debtor's language for dates: "ja", "en", "ja-JP", ...; NULL = en
};

/**
 * Merge v into text, writing at most n bytes (NUL included) to out. On
 * failure returns false, leaves out empty and writes one human sentence to
 * err, e.g. "{{promise_amount}} has no value: record a promise first".
 * A lone '{' or a "}}" without an opening "{{" is copied as written.
 */
bool template_render(const char *text, const struct merge_values *v, char *out, size_t n,
                     char *err, size_t errlen);

/** A date (days since 1970-01-01) as the date fields show it in language:
 *  ja 2026年11月25日, otherwise Nov 25, 2026. Writes at most n bytes. */
void template_format_date(int64_t days, const char *language, char *out, size_t n);

/** Check text alone (no values): every {{ is closed and names a known
 *  field. For editing and for checking stored templates. */
bool template_check(const char *text, char *err, size_t errlen);

/** The same check, reporting every bad {{...}} (one sentence each, naming
 *  it) through each (may be NULL); returns how many there are. */
int template_check_each(const char *text, void (*each)(void *ctx, const char *message), void *ctx);

/** Does text use the merge field called field ("opt_out"), spaces inside
 *  the braces allowed? */
bool template_has_field(const char *text, const char *field);

/** The next self-service link token in a rendered text ("/p/" then 32
 *  lowercase hex digits, as {{link}} renders): copies it into token and
 *  moves *s past it; false when there is none left. */
bool template_next_link_token(const char **s, char token[33]);

/**
 * Does the body carry an opt-out instruction? True when it contains
 * {{opt_out}}, or literally: "STOP" as a word (upper case, as carriers
 * match it), "unsubscribe" (any case), "配信停止" or "配信を停止".
 */
bool template_has_opt_out(const char *text);

/**
 * Must a message on this channel carry an opt-out instruction? Only when the
 * debtor's policy requires it (policy.electronic_opt_out_notice, US) and the
 * channel is "sms" or "email"; the same rule as verdict.needs_opt_out_notice.
 * The opt-out confirmation itself is the answer to STOP and is exempt: its
 * caller does not ask.
 */
bool template_requires_opt_out(bool policy_requires, const char *channel);

/** How an SMS body is encoded and billed. */
struct sms_count {
    bool ucs2;    ///< false: GSM 03.38 default alphabet (7-bit)
    int chars;    ///< GSM-7: septets (extension characters count 2); UCS-2: UTF-16 code units
    int segments; ///< parts the provider sends (and bills); an empty text is 1
};

/**
 * Count an SMS. Text made only of the GSM 03.38 default alphabet (its
 * basic set, plus the extension table's ^ { } \ [ ] ~ | € and form feed,
 * which take 2 septets each) is GSM-7: 160 septets fit in one part, 153 per
 * part when concatenated. Anything else is UCS-2: 70 code units in one
 * part, 67 per part, a character outside the BMP (emoji) takes 2. A part
 * never splits an escape pair or a surrogate pair, as handsets require.
 * Invalid UTF-8 counts as U+FFFD (UCS-2).
 */
void sms_count(const char *utf8, struct sms_count *c);

/** One template as loaded from dun.templates (see 006_messaging.sql). */
struct template_row {
    char channel[8];    ///< "sms" or "email"
    char name[64];      ///< e.g. "first_notice_sms"
    char purpose[32];   ///< first_notice, pre_due, promise_confirmation, payment_thanks,
                        ///< broken_promise, opt_out_confirmation
    char language[4];   ///< ISO 639-1: "ja", "en"
    char segment[32];   ///< "" = any segment
    char tone[12];      ///< soft, neutral, firm
    char subject[256];  ///< email only; may hold merge fields
    char body[2048];
};

/** Does a message of this purpose ask the debtor for money? Every purpose
 *  but payment_thanks and opt_out_confirmation does: at a zero or credit
 *  balance there is nothing to collect, and such a message is refused
 *  (docs/compliance.md, no_balance). */
bool template_purpose_collects(const char *purpose);

/**
 * Recommend the template for a message: among t[0..n) with this channel and
 * purpose, the first (in the order of t) of, in preference:
 *   1. the language, the exact segment;   2. the language, segment "" (any);
 *   3. English, the exact segment;        4. English, segment "".
 * Languages match on the primary subtag ignoring case ("ja-JP" -> "ja");
 * language NULL or "" goes to English; segment NULL or "" asks for "" only.
 * Returns a pointer into t, or NULL when nothing fits.
 */
const struct template_row *template_recommend(const struct template_row *t, size_t n,
                                              const char *channel, const char *purpose,
                                              const char *language, const char *segment);

#endif
