/* The queue's stored order, kept by dun serve (core/db/queue_window.h): a
 * step computes the keys that went stale (an edge passed, an account
 * changed), at most KEYER_BATCH a step, so long queues open in order
 * without each workstation computing them. A step runs every
 * KEYER_STEP_GAP seconds while keys are stale, every KEYER_IDLE_GAP when
 * the last step found few. It shares dun serve's loop with the sender:
 * while messages are going out a step computes KEYER_BATCH_SENDING keys
 * (about 10 ms), not 2,000 (about 190 ms, which halved the sending after a
 * migration made every key stale). */
#ifndef DUN_TUI_KEYER_H
#define DUN_TUI_KEYER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

enum { KEYER_BATCH = 2000, KEYER_BATCH_SENDING = 100 };
#define KEYER_STEP_GAP 0.2
#define KEYER_IDLE_GAP 5.0

struct db;
struct zone_cache;

struct keyer {
    double last_step; ///< monotonic seconds
    bool behind;      ///< the last step was a full batch: more are stale
    bool failing;     ///< the last step failed (said once)
};

/** Call on every turn of the loop; sending: messages are going out (the
 *  smaller step). True with a line for the log in said (an error, or its
 *  end). */
bool keyer_step(struct keyer *k, struct db *db, struct zone_cache *zones, dun_time now, bool sending, char *said,
                size_t n);

#endif
