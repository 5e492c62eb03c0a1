/* What needs a supervisor: messages that did not go out (failed before any
 * provider accepted them: a supervisor may send them again, through the
 * compliance check), messages that may have been delivered (unknown: a
 * sender stopped with them in hand; never sent again), and inbound
 * messages that matched no account or several. An item stays on the list
 * until it is sent again or a supervisor takes it off (reviewed). */
#ifndef DUN_DB_REVIEW_STORE_H
#define DUN_DB_REVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct db;

enum review_kind {
    REVIEW_NOT_SENT,   ///< outbox, failed before any provider accepted it: may be sent again
    REVIEW_IN_DOUBT,   ///< outbox, unknown: may have been delivered
    REVIEW_NO_ACCOUNT, ///< inbound, the sender matched no account
    REVIEW_SEVERAL,    ///< inbound, the sender matched several accounts
};

struct review_item {
    enum review_kind kind;
    int64_t id;         ///< outbox id, or inbound id
    int64_t account_id; ///< outbox items: the account; 0 for inbound ones
    char ref[257];      ///< the account (outbox items); "" for inbound ones
    char name[256];
    char channel[8];
    char party[256];    ///< to (outbox) or from (inbound), as stored: mask it for lists
    char subject[512];  ///< an email's subject ("" otherwise)
    char body[4096];    ///< the text (outbox_item holds as much)
    char why[600];      ///< why it failed, or the accounts a sender could be
    dun_time at;
    bool opt_out;       ///< inbound: it asks to stop
    int accounts;       ///< REVIEW_SEVERAL: how many accounts the sender could be
};

/** The open items, newest first, at most limit. *out is allocated (never
 *  NULL on success); the caller frees it. */
bool review_load(struct db *db, size_t limit, struct review_item **out, size_t *n, char *err, size_t errlen);

/** The item in one sentence, the number masked ("an SMS from 819*****9999
 *  matched no account: "STOP" (an opt-out, nobody opted out)"). */
void review_describe(const struct review_item *it, char *out, size_t n);

/** How many items are open, and one described (review_describe): the
 *  inbound message inbound_id when it is open (the one just announced),
 *  else the newest. 1 some, 0 none, -1 error. */
int review_headline(struct db *db, int64_t inbound_id, int *count, char *text, size_t n, char *err, size_t errlen);

/** Take an item off the list: agent_id has seen it. False with err when it
 *  is gone or already off the list. */
bool review_dismiss(struct db *db, enum review_kind kind, int64_t id, int64_t agent_id, dun_time now, char *err,
                    size_t errlen);

#endif
