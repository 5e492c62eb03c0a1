/* What every provider shares: freeing, and keeping secrets out of error text. */
#include "core/channels/provider.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/channels/internal.h"

const char *provider_name(const struct provider *p)
{
    return p->ops->name;
}

int provider_batch(const struct provider *p)
{
    return p->ops->batch;
}

void provider_free(struct provider **p)
{
    if (!p || !*p)
        return;
    if ((*p)->ops && (*p)->ops->destroy)
        (*p)->ops->destroy(*p);
    *p = NULL;
}

/* Channel-internal (declared where used: kannel.c, smtp.c): overwrite every
 * occurrence of secret in text with '*', so that no message that reaches a
 * log or the outbox can carry a password, even if a server or libcurl echoes
 * it back. */
void chan_scrub(char *text, const char *secret)
{
    if (!text || !secret || !*secret)
        return;
    size_t n = strlen(secret);
    for (char *p = strstr(text, secret); p; p = strstr(p + n, secret))
        memset(p, '*', n);
}

/* Channel-internal: one sentence into out->error (truncated to fit). */
void chan_error(struct send_outcome *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->error, sizeof out->error, fmt, ap);
    va_end(ap);
}
