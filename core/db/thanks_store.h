/* The thank-you log in the store (dun.thanks, dun.thanks_seen; migration
 * 021): giving one, listing them within a viewer's scope, the 30-day counts
 * per person, and what a recipient has not seen yet.
 *
 * Scope. Giving: a colleague of one's own team (an admin with no team: any
 * active agent). Reading: agents and supervisors see the thanks given or
 * received by someone of their team (and their own); admins see all. */
#ifndef DUN_DB_THANKS_STORE_H
#define DUN_DB_THANKS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/thanks.h"

struct db;
struct agent;

/** One thanks as the log shows it. */
struct thanks_row {
    int64_t id;
    dun_time at;
    int64_t giver_id, receiver_id;
    char giver_login[65], giver_name[128];
    char receiver_login[65], receiver_name[128];
    char body[THANKS_BODY_MAX];
    char ref[257]; ///< the account it is tied to, "" when none
};

/** A person of the viewer's scope with what they gave and received over the
 *  30 days up to the moment asked about. */
struct thanks_tally {
    struct thanks_person person;
    int given, received;
};

/** The colleagues giver may thank (themselves included, so that the form can
 *  say why not), by name then login. *out is allocated (never NULL on
 *  success); the caller frees it. */
bool thanks_colleagues(struct db *db, const struct agent *giver, struct thanks_person **out, size_t *n, char *err,
                       size_t errlen);

/** The active agent with this login when giver may thank them: 1, with p
 *  filled; 0 with a sentence in why (no such agent, or not of giver's
 *  team); -1 store error. */
int thanks_find_colleague(struct db *db, const struct agent *giver, const char *login, struct thanks_person *p,
                          char *why, size_t whylen, char *err, size_t errlen);

/** What to record. body as thanks_body_check left it. */
struct thanks_new {
    int64_t giver_id, receiver_id;
    const char *body;
    int64_t account_id; ///< 0: none
    dun_time at;
};

/**
 * Record a thanks and NOTIFY dun 'thanks:<id>' in the same statement (one
 * transaction). The giving rules are checked again here, whatever a form
 * showed: 1 recorded (*id set), 0 refused with a sentence in why (oneself,
 * a receiver not of the giver's team or no longer active, a body the rules
 * refuse), -1 store error.
 */
int thanks_give(struct db *db, const struct thanks_new *t, int64_t *id, char *why, size_t whylen, char *err,
                size_t errlen);

/** Which thanks to list. */
struct thanks_query {
    int64_t viewer_id;  ///< whose scope
    int64_t person_id;  ///< > 0: only those this agent gave or received
    dun_time since;     ///< created at or after (0: from the start)
    dun_time until;     ///< created at or before (the clock: DUN_NOW replays a moment)
    size_t limit;       ///< 0: every one
};

/** Newest first. *out is allocated (never NULL on success); caller frees. */
bool thanks_list(struct db *db, const struct thanks_query *q, struct thanks_row **out, size_t *n, char *err,
                 size_t errlen);

/** Every active agent of the viewer's scope, by name then login (never by
 *  count: recognition, not competition), with what they gave and received
 *  in the 30 days up to now. *out allocated (never NULL on success). */
bool thanks_tallies(struct db *db, int64_t viewer_id, dun_time now, struct thanks_tally **out, size_t *n,
                    char *err, size_t errlen);

/** One thanks by id: 1 found, 0 none, -1 error. */
int thanks_get(struct db *db, int64_t id, struct thanks_row *row, char *err, size_t errlen);

/** The thanks agent_id received that they have not been shown yet (newer
 *  than dun.thanks_seen), oldest first. *out allocated (never NULL on
 *  success). */
bool thanks_unseen(struct db *db, int64_t agent_id, struct thanks_row **out, size_t *n, char *err, size_t errlen);

/** Shown: every thanks agent_id received up to id (0: every one received so
 *  far) is seen. Never moves back. */
bool thanks_mark_seen(struct db *db, int64_t agent_id, int64_t up_to_id, char *err, size_t errlen);

#endif
