/* Inbound messages as people and SMS centres write them: whether a reply
 * asks to stop, and which stored numbers an originator can stand for.
 * Pure: tables and text in, answers out. The rules are documented in
 * docs/compliance.md ("Replies and opt-outs"). */
#ifndef DUN_CORE_INBOUND_H
#define DUN_CORE_INBOUND_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Fold a reply for keyword matching: full-width ASCII (ＳＴＯＰ) becomes
 * ASCII, every kind of space (the ideographic space U+3000, no-break
 * spaces, tabs, line breaks) one ASCII space, ASCII letters lower case;
 * spaces and punctuation at either end (. ! ? , 。 、 …) are dropped.
 * out is always NUL-terminated; returns false when text did not fit whole.
 */
bool inbound_fold(const char *text, char *out, size_t n);

/**
 * Is this reply an opt-out request? After folding and dropping a courtesy
 * word in front ("please stop"), it is when the reply
 *   - begins with an opt-out keyword (STOP, UNSUBSCRIBE, OPT OUT, 停止,
 *     配信停止, ストップ, ...) followed by nothing or by anything that does
 *     not continue an English word: "Stop please", "stop texting me",
 *     "停止してください" are opt-outs, "stopped" and "I can't stop by the
 *     office" are not;
 *   - or is, whole, one of the standard single-word requests (END, CANCEL,
 *     QUIT, REVOKE), which begin too many other sentences to count there.
 * keywords (dun.conf's opt_out_keywords, comma-separated; NULL for none)
 * add to the leading keywords and are folded the same way.
 */
bool inbound_is_opt_out(const char *text, const char *keywords);

enum { INBOUND_MAX_NUMBERS = 48, INBOUND_NUMBER_SIZE = 17 };

/** The E.164 numbers an originator can stand for. */
struct inbound_numbers {
    char e164[INBOUND_MAX_NUMBERS][INBOUND_NUMBER_SIZE];
    int n;
};

/**
 * The numbers a message's originator can be, separators (spaces, dashes,
 * dots, parentheses) removed as imports remove them:
 *   +817010000019, 00817010000019  the number itself;
 *   817010000019                   '+' and the number (SMSCs drop the '+'),
 *                                  and for ten digits also the North
 *                                  American number (+1 and the ten digits);
 *   07010000013                    a national number: in every country
 *                                  whose numbers are written with a leading
 *                                  0 at home, that country's code and the
 *                                  rest (+817010000013, +447010000013, ...).
 * The store keeps the candidates that are on file: a national number thus
 * matches by the country of the account's own number. Returns false (n 0)
 * when the originator is no phone number (a name, an email address).
 */
bool inbound_sender_numbers(const char *from, struct inbound_numbers *out);

/** The originator masked for a screen (contact_mask), as the number it is
 *  when that is certain: "817010000019" (an SMSC dropped the '+') reads
 *  "+81******0019", as numbers on file do; a national number (several
 *  countries), a name or an address is masked as given. */
void inbound_sender_mask(const char *from, char *out, size_t n);

#endif
