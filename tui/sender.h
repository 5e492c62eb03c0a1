/* The sender: claims due messages from the outbox and delivers them through
 * the courier (one curl multi handle), without blocking the event loop that
 * drives it: `dun serve`'s, or the demo TUI's.
 *
 * Each provider has a lane with a rate (messages per second), a number of
 * messages in flight at once, and a pause: a provider that refuses dun's
 * credentials holds its channel (messages go back to the queue untried, the
 * pause is recorded in dun.provider_status for every screen to show) and is
 * tried again after provider_pause_seconds.
 *
 * An outcome that cannot be recorded (the database went away) is kept and
 * recorded once it is back; the sender's own messages are spared by the
 * crash recovery when it takes the sender lock again (sender_restart).
 * Each message is recorded as handed to its provider just before it is
 * (outbox_handed), so a sender killed at any point leaves every message it
 * held either surely unsent (failed) or possibly delivered (unknown).
 * Once a minute it also labels sent SMS whose delivery report has not come
 * within delivery_report_hours (outbox_sweep_no_report). */
#ifndef DUN_TUI_SENDER_H
#define DUN_TUI_SENDER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

/** Room enough for every socket the sender's transfers can have open (up to
 *  16 in flight per provider, two sockets each while connecting). */
enum { SENDER_MAX_SOCKETS = 128 };

struct db;
struct messaging;
struct zone_cache;
struct sender;

/** Borrows db, m and zones for its life. NULL with err set. */
struct sender *sender_new(struct db *db, struct messaging *m, struct zone_cache *zones, char *err, size_t errlen);
void sender_free(struct sender **s);

struct outbox_recovery;

/** Take the sender lock (again, after a lost connection) and resolve what a
 *  crashed sender left in "sending" (outbox_sender_start), sparing this
 *  sender's own messages. */
bool sender_restart(struct sender *s, dun_time now, struct outbox_recovery *rec, char *err, size_t errlen);

/** Record what has finished; with claim, also claim what is due and start
 *  it. Returns the messages recorded, -1 on a store error (err; nothing is
 *  lost: call again once the database is back). */
int sender_pump(struct sender *s, dun_time now, bool claim, char *err, size_t errlen);

/** Messages are in flight, waiting for their slot, or just finished and
 *  not yet recorded: the loop's other work should keep its steps small. */
bool sender_active(const struct sender *s);

/** The last claim took all it could and there is room: claim again now. */
bool sender_wants_claim(const struct sender *s);

/** The sockets to wait on (up to max) and the longest wait in ms (-1: none). */
int sender_pollfds(struct sender *s, struct pollfd *fds, int max, int *timeout_ms);

/** After poll(): move transfers on (fds as poll() returned them). */
void sender_work(struct sender *s, const struct pollfd *fds, int nfds);

/** Something to tell since the last call (a pause began, an outcome could
 *  not be recorded), as a sentence; false when nothing. */
bool sender_alert(struct sender *s, char *out, size_t n);

/** Stopping: claimed messages not yet started go back to the queue; waits up
 *  to wait_ms for those in flight and records them. What is still in flight
 *  then stays "sending" and is resolved by the next sender_restart. */
void sender_stop(struct sender *s, dun_time now, int wait_ms);

#endif
