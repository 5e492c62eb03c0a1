/* The inbox: replies on an agent's accounts, for the inbox screen and the
 * status line. */
#ifndef DUN_DB_INBOX_STORE_H
#define DUN_DB_INBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct db;

struct inbox_item {
    char ref[257];
    char name[256];
    char channel[8];
    char sender[256];   ///< as received: mask it for lists (contact_mask)
    char body[600];
    dun_time at;
    bool opt_out, unread;
};

/** The replies on the agent's accounts, newest first, at most limit. *out
 *  is allocated (never NULL on success); the caller frees it. */
bool store_inbox_load(struct db *db, int64_t agent_id, size_t limit, struct inbox_item **out, size_t *n,
                      char *err, size_t errlen);
/** The newest reply on account_id when it is the agent's: its ref and the
 *  first 60 characters. 1 found, 0 none (not the agent's), -1 error. */
int store_latest_reply(struct db *db, int64_t agent_id, int64_t account_id, char *ref, size_t refn, char *text,
                       size_t textn, char *err, size_t errlen);

#endif
