/* Settlement by the date, for dun serve: every SETTLER_SECONDS a pass
 * through the accounts with a pending promise (the only ones the date alone
 * changes; imports settle what their payments touch), one step of 500
 * accounts per call (store_settle_step), each its own short transaction, so
 * neither the sender nor the workstations wait on it for long. The
 * workstation never settles: its launch stays independent of the book. */
#ifndef DUN_TUI_SETTLER_H
#define DUN_TUI_SETTLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/db/store.h"

enum { SETTLER_SECONDS = 300 };
/* Between two steps of a pass: the sender's loop turns many times a second
 * under load, and must not spend its turns settling. */
#define SETTLER_STEP_GAP 1.0

struct db;
struct zone_cache;

struct settler {
    bool running;
    int64_t cursor;
    double last;      ///< when the last pass ended (monotonic seconds; 0: never)
    double last_step; ///< when the last step ran
    struct settle_counts counts;
};

/** Call on every turn of the loop: a step when a pass is due or running
 *  (at most one every SETTLER_STEP_GAP seconds).
 *  Pending promises only, so a replayed past (DUN_NOW) cannot undo a later
 *  settlement: what it settles, the real date settles the same way. True
 *  with a line for the log in said (a pass that changed something, or an
 *  error: tried again next pass). */
bool settler_step(struct settler *st, struct db *db, struct zone_cache *zones, dun_time now, char *said, size_t n);

#endif
