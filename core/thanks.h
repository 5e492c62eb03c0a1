/* The thank-you log's rules, without a database: what a thanks may say
 * (trimmed, 1 to 280 characters: characters, not bytes, Japanese or not),
 * that nobody thanks themselves, and finding the colleague meant from what
 * was typed (a login or a name). The store enforces the same limits in the
 * schema (migration 021); these give the sentence first. */
#ifndef DUN_CORE_THANKS_H
#define DUN_CORE_THANKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The most a thanks says, in characters (dun.thanks.body's CHECK). */
enum { THANKS_MAX_CHARS = 280, THANKS_BODY_MAX = 4 * THANKS_MAX_CHARS + 1 };

/**
 * The body as it will be stored: leading and trailing spaces (ASCII
 * whitespace and the ideographic space U+3000) dropped, each line break or
 * tab inside turned into one space (a thanks is one line wherever it is
 * shown). Refused, with a sentence in why: nothing left, more than
 * THANKS_MAX_CHARS characters, bytes that are not UTF-8, or another control
 * character. out (at least THANKS_BODY_MAX bytes) gets the body; true when
 * it may be stored.
 */
bool thanks_body_check(const char *in, char *out, size_t outlen, char *why, size_t whylen);

/** Nobody thanks themselves: false with a sentence when giver == receiver. */
bool thanks_people_check(int64_t giver_id, int64_t receiver_id, char *why, size_t whylen);

/** A colleague who may be thanked (the caller owns the array). */
struct thanks_person {
    int64_t id;
    char login[65];
    char name[128];
};

/**
 * The colleagues meant by what was typed (surrounding spaces ignored): an
 * exact login or name (ASCII case ignored) is that one alone; else every
 * login starting with it and every name containing it. Returns how many
 * match and sets *first to the index of the first (people[] order); 0 when
 * typed is empty.
 */
size_t thanks_match(const struct thanks_person *people, size_t n, const char *typed, size_t *first);

/** The matches of typed as "Name (login), ..." into out, as many as fit,
 *  "..." when some did not: for the form's line under the field. The
 *  person whose id is except (the one thanking; 0 for none) is left out:
 *  nobody is offered themselves. */
void thanks_match_list(const struct thanks_person *people, size_t n, const char *typed, int64_t except, char *out,
                       size_t outlen);

#endif
