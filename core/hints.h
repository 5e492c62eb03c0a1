/* Script hints: which lines of talk-track the account screen shows, and in
 * which order, for the situation an account is in.
 *
 * The hints themselves are data (dun.script_hints, seeded by migrations 004
 * and 017, edited by supervisors in SQL); this module only decides which
 * contexts apply and picks the hints for them in the account's language. It
 * is pure: libc only, no allocation, no I/O.
 *
 * Context order (hints_contexts): what fits the moment first, the generic
 * lines (known by heart) after it.
 *
 *   attorney                      alone: nothing else is shown
 *   third_party                   first of all: it changes what may be said
 *   dispute                       what may be said: no demand
 *   upset                         how to say it
 *   payment_received, promise_kept  the thanks that are due
 *   broken_promise, first_contact, pre_due  why we are calling
 *   opening, cushion              generic
 *   confirm                       the payment check
 *   thanks                        closing the call
 *
 * What may be said:
 *   - attorney: a lawyer represents the debtor, who is neither contacted
 *     nor asked to pay; only the attorney lines show (the note, and how to
 *     answer the debtor calling in), whatever else applies;
 *   - dispute or third_party: no demand talk, so "confirm", "broken_promise"
 *     and "pre_due" are left out;
 *   - third_party: the person on the line is not the account holder and
 *     must learn nothing about the debt, so every context that speaks about
 *     the account or to the account holder is left out too ("dispute",
 *     "first_contact", "promise_kept", "payment_received", "opening" (it
 *     names the company, which may be the creditor), "cushion" (softeners
 *     before a request to the account holder)); what remains is
 *     third_party, upset and thanks. And whatever its context, a hint is
 *     left out when it uses a field other than the agent's name
 *     ({{agent}}), the debtor's name ({{debtor}}, {{name}}) and the
 *     callback number ({{callback_number}}, {{phone}}): a supervisor's line
 *     naming the company, the creditor, an amount or a date never reaches
 *     a third party;
 *   - pre_due: nothing is overdue, so nothing that speaks of a missed or
 *     late payment: "confirm" (why was it missed?), "broken_promise" and
 *     "first_contact" (a way to pay what is overdue) are left out; the
 *     pre_due lines say why we call.
 *
 * Fields (hints_fill): a field dun knows is filled; one it cannot know for
 * this account is shown as a cue in the hint's language ("[payment
 * method]", "［お支払い方法］"), never as {{name}}.
 */
#ifndef DUN_CORE_HINTS_H
#define DUN_CORE_HINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The most contexts hints_contexts() can return (every context once). */
#define HINT_CONTEXT_MAX 13

/** Which situations apply to the account on screen. All false: an ordinary
 *  follow-up call (opening, cushion, confirm, thanks). */
struct hint_context {
    bool first_contact;    ///< no conversation with the debtor yet
    bool broken_promise;   ///< the last promise to pay was not kept
    bool pre_due;          ///< not yet due: a courtesy reminder
    bool dispute;          ///< the debtor disputes the debt
    bool third_party;      ///< someone other than the debtor is on the line
    bool upset;            ///< the person on the line is upset
    bool promise_kept;     ///< the last promise was kept
    bool payment_received; ///< a payment arrived since the last contact
    bool attorney;         ///< an attorney represents the debtor: no contact, no demand
};

/** One hint as loaded from dun.script_hints. text holds 300 characters
 *  (the table's CHECK counts characters) of up to 4 UTF-8 bytes each. */
struct hint {
    char language[8];  ///< ISO 639-1, lower case: "ja", "en", ...
    char context[24];  ///< one of the context names, e.g. "cushion"
    char text[1204];   ///< shown as written; {{placeholders}} included
};

/**
 * The context names to show for c, in display order (see above), into
 * out[0..max). The strings are static; the caller owns only the array.
 * Returns how many were stored (at most max; at most HINT_CONTEXT_MAX).
 * c NULL is treated as all false.
 */
size_t hints_contexts(const struct hint_context *c, const char **out, size_t max);

/**
 * Pick the hints to show: for each context of hints_contexts(c), in that
 * order, the hints of all[0..n) in `language`, or, when that context has
 * none in `language`, those in `fallback_language` (e.g. "en"); within a
 * context the order of `all` is kept (load them ordered by position). With
 * a third party, hints using other fields than the agent's name, the
 * debtor's name and the callback number are left out (see above).
 *
 * Languages match on the primary subtag, ignoring ASCII case, so "ja",
 * "JA" and "ja-JP" all select "ja" hints. language NULL or "" goes straight
 * to the fallback; fallback_language NULL or "" means no fallback.
 *
 * out[0..max) receives pointers into `all`: they stay valid as long as the
 * caller keeps `all`, which this function neither copies nor frees.
 * Returns how many were stored (at most max).
 */
size_t hints_select(const struct hint *all, size_t n, const char *language,
                    const char *fallback_language, const struct hint_context *c,
                    const struct hint **out, size_t max);

struct merge_values;

/** What a hint's fields are filled with: the message merge values and the
 *  fields only hints have. The caller owns every string. */
struct hint_values {
    const struct merge_values *merge; ///< the template fields (core/template.h); NULL: none.
                                      ///< Hints also call name "debtor", amount_due
                                      ///< "amount" and phone "callback_number".
    const char *creditor;             ///< {{creditor}}; NULL or "": not known
    const char *method;               ///< {{method}}: how the open promise is to be paid;
                                      ///< NULL or "": no open promise
    bool has_last_payment;
    int64_t last_payment_date;        ///< {{last_payment_date}}: days since 1970-01-01,
                                      ///< in the debtor's calendar
};

/**
 * Hint h as the agent reads it, into out (at most n bytes, cut on a
 * character boundary): each {{field}} v can answer is filled, dates and
 * amounts formatted as in messages for the hint's language; any other
 * field is its cue (hints_cue) in that language. Text between {{ and }}
 * that is not a field name (letters, digits, _) is copied as written.
 */
void hints_fill(const struct hint *h, const struct hint_values *v, char *out, size_t n);

/**
 * The cue for a field dun cannot fill, in language (primary subtag; a
 * language without cues gets English ones): "[payment method]" or
 * "［お支払い方法］" for "method". Written to out (at most n bytes). Returns
 * true when the cue table has the field; false when the cue was made from
 * the field's name ("[account number]" for "account_number").
 */
bool hints_cue(const char *field, const char *language, char *out, size_t n);

#endif
