/* Desktop notifications through libnotify over D-Bus, for the agent at the
 * terminal: a reply on one of their accounts, a callback coming due,
 * messages held because a gateway refused dun's credentials.
 *
 * A worker thread owns libnotify, so that a slow or absent notification
 * server never stalls the screen (libnotify's calls are synchronous D-Bus
 * round trips). With no session bus, or no notification server on it, the
 * notifications fail quietly: the status line always carries the same text. */
#ifndef DUN_CHANNELS_DESKTOP_H
#define DUN_CHANNELS_DESKTOP_H

#include <stdbool.h>
#include <stddef.h>

enum desktop_urgency { DESKTOP_NORMAL, DESKTOP_CRITICAL };

struct desktop;

/** Start the worker. app_name names dun to the notification server. NULL
 *  when the thread cannot start (out of resources). */
struct desktop *desktop_new(const char *app_name);

/** Stop the worker, free it and set *d to NULL. A notification still in
 *  progress after a second (a server that does not answer) is abandoned:
 *  the worker is left to end with the process. */
void desktop_free(struct desktop **d);

/** Queue a notification; summary and body are copied. False when the queue
 *  is full (the server is not keeping up): this one is dropped. */
bool desktop_notify(struct desktop *d, const char *summary, const char *body, enum desktop_urgency urgency);

/** Why the last notification did not reach a server ("" when it did, or
 *  none was tried yet), into out. */
void desktop_last_error(struct desktop *d, char *out, size_t n);

#endif
