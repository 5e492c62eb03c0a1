/* The queue's stored order (migration 038) and windows over it: a long
 * queue is shown a window of rows at a time, in the order the engine
 * computed and stored, so its cost follows the screen, not the book
 * (docs/architecture.md, "The queue's window"). */
#ifndef DUN_CORE_DB_QUEUE_WINDOW_H
#define DUN_CORE_DB_QUEUE_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/db/store.h"

struct db;
struct zone_cache;

/**
 * Compute the stale keys (edge passed, a change to their facts, never
 * computed) of up to max accounts at `now` with the engine in core/queue.c,
 * and store them. Scope: the agent's worklist (agent_id > 0, nids 0), the
 * given accounts (nids > 0), or the whole book (agent_id 0, nids 0: dun
 * serve). A key whose account changed while it was computed is not written
 * (it stays stale). Returns how many keys were computed, -1 on error.
 */
long store_queue_keys_refresh(struct db *db, int64_t agent_id, const int64_t *ids, size_t nids, dun_time now,
                              struct zone_cache *zones, size_t max, char *err, size_t errlen);

/** How many active accounts the agent's queue holds (STORE_WORKLIST): one
 *  lookup, the counts kept as accounts are written (migration 039). */
bool store_queue_count(struct db *db, int64_t agent_id, size_t *n, char *err, size_t errlen);

/**
 * Rows [offset, offset + limit) of the agent's queue in the stored order,
 * with their facts, evaluated at `now` but left in the stored order; ranks
 * count from offset + 1. On failure *b is left empty. Free with
 * queue_book_free.
 */
bool store_queue_window_load(struct db *db, int64_t agent_id, dun_time now, struct zone_cache *zones,
                             size_t offset, size_t limit, struct queue_book *b, char *err, size_t errlen);

/**
 * The position (0-based) in the stored order of the next account after
 * `from` (dir 1) or before it (dir -1), wrapping around, whose name or ref
 * contains text, case folded. 1 found (*pos), 0 none, -1 error.
 */
int store_queue_window_find(struct db *db, int64_t agent_id, const char *text, size_t from, int dir, size_t *pos,
                            char *err, size_t errlen);
/**
 * The position (0-based) in the stored order of account_id (a reload that
 * keeps the cursor on its account finds it there when it left the window).
 * Like the search it numbers the whole queue. 1 found (*pos), 0 not in the
 * queue, -1 error.
 */
int store_queue_window_position(struct db *db, int64_t agent_id, int64_t account_id, size_t *pos, char *err,
                                size_t errlen);

#endif
