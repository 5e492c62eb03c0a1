/* The self-service link (issue 12): dun.links, read and clicked by dun serve's
 * /p/TOKEN page, and the promise its form records. */
#ifndef DUN_LINK_STORE_H
#define DUN_LINK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/db/db.h"

/** What the page shows, and what a promise through it needs. No reference,
 *  no name: the page shows the creditor, the amount and the due date only. */
struct link_page {
    int64_t account_id;
    int64_t agent_id;         ///< the assigned agent, 0 when none
    char language[4];         ///< "ja" or "en"
    char creditor[256];
    int64_t balance_minor;
    char currency[4];
    bool has_due;
    int64_t due_date;         ///< days since 1970-01-01: the oldest unpaid due date, else the next one
    int64_t today;            ///< the debtor's day now (the account's first zone)
    int max_promise_days;     ///< the policy's (30 when it has none)
    bool payable;             ///< active, and something is owed: a promise can be made
};

enum { LINK_UNKNOWN = 0, LINK_OK = 1, LINK_EXPIRED = 2, LINK_REFUSED = 3 };

/** token (32 lowercase hex digits; anything else is unknown) at now: LINK_OK
 *  with *pg filled, LINK_UNKNOWN, LINK_EXPIRED (expires_at <= now), or -1
 *  with err. With click, a valid link's click is recorded in the same
 *  statement (first_click_at once, clicks + 1); an unknown or expired one
 *  records nothing. */
int link_open(struct db *db, const char *token, dun_time now, bool click, struct link_page *pg, char *err,
              size_t errlen);

/** The debtor promises, through the link, to pay the whole balance on date:
 *  a promise with source self_service for the account's assigned agent,
 *  through store_add_promise_from (the account lock, one standing promise,
 *  the NOTIFY promise:<account id>). LINK_OK recorded; LINK_UNKNOWN /
 *  LINK_EXPIRED; LINK_REFUSED with a sentence in err for the debtor (a date
 *  outside today..today + max_promise_days, nothing owed, a promise already
 *  standing); -1 with err on a store error. */
int link_promise(struct db *db, const char *token, dun_time now, int64_t date, char *err, size_t errlen);

/** A token as dun makes them: 32 lowercase hex digits. */
bool link_token_ok(const char *token);

#endif
