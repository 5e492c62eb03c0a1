/* Inbound messages (replies through dun serve's /mo): matched to the
 * account whose number or address sent them, recorded for the inbox and the
 * history, and honoured when they ask to stop. A message that matches no
 * account, or several, is kept for a supervisor's review (NOTIFY
 * "review:<inbound id>") and never dropped. */
#ifndef DUN_DB_INBOUND_STORE_H
#define DUN_DB_INBOUND_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/date.h"

struct db;

enum inbound_match { INBOUND_ONE, INBOUND_NONE, INBOUND_SEVERAL };

struct inbound_result {
    enum inbound_match match;
    int accounts;       ///< how many accounts the sender could be
    char ref[257];      ///< INBOUND_ONE: the account; else ""
    char number[256];   ///< INBOUND_ONE: the number or address on file it matched (where an answer goes)
    bool guessed;       ///< the sender could be more than one number (a national number, ten digits
                        ///< without '+'): a match depends on the country guessed, so nothing is sent back
    bool opt_out;       ///< the text asks to stop (core/inbound.h)
    int opted_out;      ///< accounts this message newly opted out (a repeated STOP: 0)
    int64_t id;         ///< its dun.inbound id
};

/**
 * Record an inbound message. The sender is read as core/inbound.h reads
 * originators (a number without '+', a national number, spaces) and
 * matched to the numbers on file (email: the address, any case). One
 * account: the reply goes on it (inbox, history, NOTIFY "inbound:<id>").
 * None or several: it is kept with no account, the accounts it could be
 * recorded, and supervisors are told (NOTIFY "review:<inbound id>"). An
 * opt-out request sets the channel's opt-out on every account it could be
 * from: when in doubt, the debtor's wish is honoured. keywords: dun.conf's
 * opt_out_keywords (may be NULL). False only on a store error.
 */
bool inbound_record(struct db *db, enum channel ch, const char *from, const char *to, const char *text,
                    const char *keywords, dun_time now, struct inbound_result *res, char *err, size_t errlen);

#endif
