/* The queue row's SQL, shared by the whole queue (store.c) and its stored
 * order and windows (queue_window.c). Private to core/db. */
#ifndef DUN_CORE_DB_QUEUE_SQL_H
#define DUN_CORE_DB_QUEUE_SQL_H

#include <libpq-fe.h>

#include "core/db/lease_sql.h"
#include "core/db/store.h"
#include "core/queue.h"

/* The row's 18 columns (store_queue_fill_row reads them); $2 is now. The
 * last is who else works the account now (its live lease), '' for nobody. */
#define QUEUE_SELECT \
    "SELECT a.id, a.ref, a.debtor_name, a.balance_minor, a.currency," \
    "       a.oldest_unpaid_due_date - DATE '1970-01-01', a.due_date - DATE '1970-01-01'," \
    "       a.time_zones[1], a.prior_delinquencies," \
    "       p.status, p.promised_date - DATE '1970-01-01'," \
    "       c.at_epoch, c.channel, c.outcome," \
    "       (SELECT extract(epoch FROM min(due_at))::bigint FROM dun.callbacks cb" \
    "         WHERE cb.account_id = a.id AND cb.done_at IS NULL)," \
    "       EXISTS (SELECT 1 FROM dun.inbound i WHERE i.account_id = a.id AND i.read_at IS NULL)," \
    "       a.assigned_agent_id IS NULL, coalesce(lh.login, '')"
#define QUEUE_COLUMNS 18
/* Joined after dun.accounts a (and any other FROM items). */
#define QUEUE_LATERALS \
    "  LEFT JOIN LATERAL (SELECT status, promised_date FROM dun.promises" \
    "                      WHERE account_id = a.id AND status <> 'cancelled'" \
    "                        AND created_at <= to_timestamp($2)" \
    "                      ORDER BY status = 'pending' DESC,"  /* the next promise due, else the latest */ \
    "                               CASE WHEN status = 'pending' THEN promised_date END," \
    "                               created_at DESC, id DESC LIMIT 1) p ON true" \
    "  LEFT JOIN LATERAL (SELECT extract(epoch FROM at)::bigint AS at_epoch, channel, outcome" \
    "                       FROM dun.contacts WHERE account_id = a.id AND at <= to_timestamp($2)" \
    "                        AND outcome <> 'cancelled'"  /* taken back: it never reached anyone */ \
    "                      ORDER BY at DESC LIMIT 1) c ON true" \
    "  LEFT JOIN (" LEASE_OTHERS ") lh ON lh.account_id = a.id"

/** Row i's first QUEUE_COLUMNS columns into *q (zeroed first). */
void store_queue_fill_row(const PGresult *r, int i, struct queue_row *q);

/** Bind the book's rows to their facts and policies (the zones loaded too). */
void store_queue_book_bind(struct queue_book *b, struct zone_cache *zones);

#endif
