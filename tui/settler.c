/* Settlement by the date, a step at a time: see tui/settler.h. */
#include "tui/settler.h"

#include <stdio.h>
#include <time.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "tui/mono.h"

bool settler_step(struct settler *st, struct db *db, struct zone_cache *zones, dun_time now, char *said, size_t n)
{
    said[0] = '\0';
    if (st->running && mono_seconds() - st->last_step < SETTLER_STEP_GAP)
        return false;
    if (!st->running) {
        if (st->last > 0 && mono_seconds() - st->last < SETTLER_SECONDS)
            return false;
        if (!db_alive(db)) {
            st->last = mono_seconds();
            return false;
        }
        *st = (struct settler){.running = true};
    }
    char err[400];
    st->last_step = mono_seconds();
    int r = store_settle_step(db, &st->cursor, true, now, zones, &st->counts, err, sizeof err);
    if (r < 0)
        snprintf(said, n, "settle: %s; tried again in %d s", err, SETTLER_SECONDS);
    if (r >= 0 && st->cursor != 0)
        return false;
    if (r >= 0 && st->counts.kept + st->counts.partial + st->counts.broken > 0)
        snprintf(said, n, "settle: %zu kept, %zu partial, %zu broken", st->counts.kept, st->counts.partial,
                 st->counts.broken);
    st->running = false;
    st->last = mono_seconds();
    return said[0] != '\0';
}
