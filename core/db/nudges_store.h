/* Nudges in the store (migration 023): the rows core/nudges.c derives
 * suggestions from, dismissals, and whose day a viewer may drill into.
 * Nothing here decides what deserves thanks.
 *
 * Scope: the viewer's team, never the viewer (nobody thanks themselves);
 * an admin with no team: every active agent, as for giving thanks. */
#ifndef DUN_DB_NUDGES_STORE_H
#define DUN_DB_NUDGES_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/nudges.h"

struct db;
struct agent;

/** What nudges_derive / nudges_day read; every array owned (free with
 *  nudge_book_free). */
struct nudge_book {
    struct nudge_person *people;
    size_t npeople;
    struct nudge_row *rows;
    size_t nrows;
    struct nudge_dismissal *dismissed;
    size_t ndismissed;
    struct nudge_phrase *phrases;
    size_t nphrases;
};

/** Which day to load: [from, to) in the viewer's zone, today its local date. */
struct nudge_query {
    dun_time from, to;
    int64_t today;
    int64_t day_agent_id; ///< 0: the team's candidate rows (kept promises, hard calls);
                          ///< > 0: that agent's whole day (the drill-down)
};

/** Load the book for viewer; false with err on a store error (b left empty). */
bool nudge_book_load(struct db *db, const struct agent *viewer, const struct nudge_query *q, struct nudge_book *b,
                     char *err, size_t errlen);
void nudge_book_free(struct nudge_book *b);

/** The viewer will not be shown n again (its kind, subject and day). */
bool nudge_dismiss(struct db *db, int64_t viewer_id, const struct nudge *n, dun_time now, char *err, size_t errlen);

/** Whose day is login, and may viewer see it? An agent their own only, a
 *  supervisor their team's, an admin anyone's. 1 yes (*id set), 0 no with
 *  a sentence in why, -1 store error. */
int nudge_day_agent(struct db *db, const struct agent *viewer, const char *login, int64_t *id, char *why,
                    size_t whylen, char *err, size_t errlen);

#endif
