/* What the providers in core/channels/ share (not part of the API). */
#ifndef DUN_CHANNELS_INTERNAL_H
#define DUN_CHANNELS_INTERNAL_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/channels/provider.h"
#include "core/strbuf.h"

/* One message on its way: the courier owns it; the provider fills it in
 * begin() and judges it in finish(). */
struct transfer {
    struct provider *provider;
    int64_t tag;                   ///< the courier's caller's
    CURL *easy;                    ///< NULL when the message finished without the network
    struct strbuf reply;           ///< kannel: the answer body
    struct strbuf upload;          ///< smtp: the message bytes
    size_t uploaded;               ///< smtp: how many of them libcurl has read
    struct curl_slist *rcpt;       ///< smtp: the envelope recipient
    struct strbuf url;             ///< kannel: holds the password, wiped when the transfer is freed
    char curl_err[CURL_ERROR_SIZE];
    char last_reply[160];          ///< smtp: the server's last refusal
    struct send_outcome out;
    struct transfer *next;         ///< the courier's lists
};

struct provider_ops {
    const char *name;
    /** Prepare t for m: either set t->easy to a configured handle and return
     *  true, or fill t->out and return false (refused before sending, or
     *  delivered without the network, like the spool). */
    bool (*begin)(struct provider *p, struct transfer *t, const struct message *m);
    /** The transfer ended with rc: judge it into t->out (t->easy still set). */
    void (*finish)(struct provider *p, struct transfer *t, CURLcode rc);
    void (*destroy)(struct provider *p);
    /** Messages it takes at once when it needs no connection (the spool);
     *  0: one per connection. */
    int batch;
    /** Make what begin() finished at once durable (the spool's renames:
     *  one directory fsync for a batch, not one per message); the courier
     *  calls it before it hands any outcome back. NULL: nothing to do. */
    void (*flush)(struct provider *p);
};

struct provider {
    const struct provider_ops *ops;
};

/** Blank out every occurrence of secret in text (errors must never carry it). */
void chan_scrub(char *text, const char *secret);
/** A failure sentence into out->error. */
void chan_error(struct send_outcome *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** The complete RFC 5322 message for m (smtp.c; the spool writes the same bytes). */
bool chan_mail_compose(struct strbuf *out, const struct message *m, const char *from, const char *reply_to,
                       const char *domain, time_t now, char *err, size_t errlen);
/** The domain part of a From address, for Message-IDs. */
void chan_mail_domain(const char *from, char *out, size_t n);

#endif
