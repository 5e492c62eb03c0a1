/* The courier: every provider's transfers on one libcurl multi handle, so
 * messages travel side by side on kept-alive connections, and the caller's
 * event loop waits on their sockets together with its own (the terminal, the
 * database socket). Nothing here blocks.
 *
 *   courier_submit()   start a message
 *   courier_pollfds()  the sockets and the longest wait, for poll()
 *   courier_work()     after poll(): let libcurl move the transfers on
 *   courier_done()     collect how each message ended
 */
#ifndef DUN_CHANNELS_COURIER_H
#define DUN_CHANNELS_COURIER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/channels/provider.h"

struct courier;

/** NULL with err set when libcurl cannot start. */
struct courier *courier_new(char *err, size_t errlen);

/** Abandon what is still running (the providers may or may not have it),
 *  free everything and set *c to NULL. */
void courier_free(struct courier **c);

/** Start delivering m through p (m is copied as needed). tag is the caller's
 *  and comes back from courier_done. A message that needs no network (the
 *  spool) or is refused before sending is done at once. False only when out
 *  of memory (nothing started). */
bool courier_submit(struct courier *c, struct provider *p, const struct message *m, int64_t tag);

/** Transfers of p still running. */
int courier_busy(const struct courier *c, const struct provider *p);

/** Transfers running, of any provider. */
int courier_running(const struct courier *c);

/** Up to max sockets to wait on (fd and events set), and through *timeout_ms
 *  the longest poll() may wait before courier_work must run (-1: no limit;
 *  0 when finished messages wait for courier_done). */
int courier_pollfds(const struct courier *c, struct pollfd *fds, int max, int *timeout_ms);

/** Move the transfers on: fds/nfds as poll() returned them (revents), may be
 *  0/NULL when only time passed. */
void courier_work(struct courier *c, const struct pollfd *fds, int nfds);

/** The next finished message: true with *tag and *out set. */
bool courier_done(struct courier *c, int64_t *tag, struct send_outcome *out);

#endif
