/* The queue's stored order, a step at a time: see tui/keyer.h. */
#include "tui/keyer.h"

#include <stdio.h>
#include <time.h>

#include "core/db/db.h"
#include "core/db/queue_window.h"
#include "tui/mono.h"

bool keyer_step(struct keyer *k, struct db *db, struct zone_cache *zones, dun_time now, bool sending, char *said,
                size_t n)
{
    said[0] = '\0';
    double gap = k->behind ? KEYER_STEP_GAP : KEYER_IDLE_GAP;
    if (k->last_step > 0 && mono_seconds() - k->last_step < gap)
        return false;
    k->last_step = mono_seconds();
    if (!db_alive(db))
        return false;
    char err[400];
    long batch = sending ? KEYER_BATCH_SENDING : KEYER_BATCH;
    long done = store_queue_keys_refresh(db, 0, NULL, 0, now, zones, (size_t)batch, err, sizeof err);
    k->behind = done >= batch;
    if (done < 0 && !k->failing)
        snprintf(said, n, "queue order: %s; tried again every %.0f s", err, KEYER_IDLE_GAP);
    else if (done >= 0 && k->failing)
        snprintf(said, n, "queue order: computing again");
    k->failing = done < 0;
    return said[0] != '\0';
}
