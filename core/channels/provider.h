/* Message providers: one small interface for SMS gateways, SMTP relays and
 * the spool that keeps demo messages on disk. A provider turns a message into
 * one libcurl transfer (or finishes it at once, like the spool); the courier
 * (core/channels/courier.h) runs the transfers of every provider side by side
 * on one curl multi handle and says how each ended. */
#ifndef DUN_CHANNELS_PROVIDER_H
#define DUN_CHANNELS_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h" /* enum channel */

struct message {
    int64_t id;                   ///< outbox id: the idempotency key (dlr id, Message-ID)
    enum channel channel;         ///< CH_SMS or CH_EMAIL
    const char *to;               ///< E.164 number or email address
    const char *subject;          ///< email: UTF-8 subject (RFC 2047 encoded on the wire)
    const char *body;             ///< UTF-8 text
    const char *list_unsubscribe; ///< email: "<https://...>" (one-click, RFC 8058) or "<mailto:...>", or NULL
    const char *report_key;       ///< SMS: the secret that signs its delivery-report URL; NULL or "": no
                                  ///< report is asked for
};

enum send_result {
    SEND_OK,
    SEND_TEMPORARY,     ///< try this message again later: surely not taken (no connection, 5xx, 4xx from SMTP)
    SEND_PERMANENT,     ///< this message cannot be sent (number rejected, mailbox unknown)
    SEND_ACCESS_DENIED, ///< the provider refused dun itself (credentials): hold every message for it
    SEND_IN_DOUBT,      ///< handed over, and no answer came (timeout, connection lost): it may have been
                        ///< delivered, so it counts as sent and is never tried again
};

struct send_outcome {
    enum send_result result;
    char provider_id[128];        ///< what the provider calls the message, if it says
    char error[256];              ///< one human sentence on failure (never contains secrets)
};

/** A provider; its internals are in core/channels/internal.h. */
struct provider;

/** "kannel", "smtp" or "spool". */
const char *provider_name(const struct provider *p);

/** How many messages p takes at once when it needs no connection (the
 *  spool); 0: one per connection, as configured. */
int provider_batch(const struct provider *p);

/** Deliver one message and wait for the outcome (a courier of its own: no
 *  connection is kept between calls). For tests and one-off sends; the
 *  sender uses a courier. */
enum send_result provider_send(struct provider *p, const struct message *m, struct send_outcome *out);

/** Free the provider and set *p to NULL. No transfer of it may be running. */
void provider_free(struct provider **p);

struct kannel_config {
    const char *url;         ///< e.g. http://127.0.0.1:13013/cgi-bin/sendsms
    const char *username;
    const char *password;    ///< secret: never logged
    const char *from;        ///< sender id shown on the phone
    const char *dlr_url;     ///< base URL for delivery reports, e.g. http://127.0.0.1:8088/dlr ; the provider
                             ///< appends ?id=<outbox id>&key=<report key>&type=%d ; NULL: no reports requested.
                             ///< It carries no secret of its own: Kannel logs it when a fetch fails
    long timeout_ms;
};
struct provider *provider_kannel_new(const struct kannel_config *c, char *err, size_t errlen);

struct smtp_config {
    const char *url;         ///< smtp://host:port or smtps://host:port
    const char *username;    ///< NULL: no AUTH
    const char *password;    ///< secret: never logged
    bool starttls;           ///< require STARTTLS on smtp://
    bool insecure_tls;       ///< accept a self-signed certificate (tests only)
    const char *from;        ///< "Team <team@example.com>" or an address
    const char *reply_to;    ///< may be NULL
    const char *helo_domain; ///< the domain after the URL path (EHLO name), e.g. "dun.example"
    long timeout_ms;
};
struct provider *provider_smtp_new(const struct smtp_config *c, char *err, size_t errlen);

/** Writes each message as a file under dir (created 0700): nothing leaves the machine. */
struct provider *provider_spool_new(const char *dir, char *err, size_t errlen);

#endif
