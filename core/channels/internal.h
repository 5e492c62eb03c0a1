/* Helpers shared by the providers in core/channels/ (not part of the API). */
#ifndef DUN_CHANNELS_INTERNAL_H
#define DUN_CHANNELS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/channels/provider.h"
#include "core/strbuf.h"

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
