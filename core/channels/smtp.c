/* Email through an SMTP relay with libcurl, and the RFC 5322 message itself.
 *
 * The whole message (headers and a single text/plain UTF-8 part) is composed
 * here as bytes and uploaded as is, rather than through curl_mime, so that
 * the spool provider can write exactly what would go on the wire
 * (chan_mail_compose is shared with spool.c). The body is 7bit when it is
 * plain short-lined ASCII and quoted-printable otherwise, so it passes any
 * relay whether or not it offers 8BITMIME.
 *
 * Message-ID is <dun-<outbox id>@<helo domain>>: a retry of the same outbox
 * row sends the same id, and receivers can drop the duplicate.
 *
 * Each message is one transfer on the courier's multi handle; libcurl keeps
 * the SMTP connection alive from one message to the next.
 *
 * Results: accepted -> SEND_OK; no connection, timeout, TLS or protocol
 * trouble, 4xx replies -> SEND_TEMPORARY; credentials refused (535, 530,
 * libcurl's login denied) -> SEND_ACCESS_DENIED: no message can go until the
 * operator fixes them; other 5xx replies (550 mailbox unavailable, 554
 * rejected) -> SEND_PERMANENT.
 */
#include "core/channels/provider.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strbuf.h"
#include "core/utf8.h"

#include "core/channels/internal.h"

#define SMTP_DEFAULT_TIMEOUT_MS 30000L

/* --- addresses --------------------------------------------------------------- */

/* A plain addr-spec: local@domain with no spaces, controls, brackets or
 * separators. Deliberately stricter than RFC 5322 (no quoted local parts). */
static bool addr_ok(const char *a, size_t n)
{
    if (n == 0 || n > 254)
        return false;
    const char *at = memchr(a, '@', n);
    if (!at || at == a || at == a + n - 1 || memchr(at + 1, '@', (size_t)(a + n - at - 1)))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c <= 0x20 || c == 0x7F || strchr("<>()[]\\,;:\"", c))
            return false;
    }
    return true;
}

/* Split "Display Name <addr@x>" or "addr@x" into its parts (pointers into s).
 * False when there is no acceptable address or s holds a line break. */
static bool parse_mailbox(const char *s, const char **name, size_t *name_len, const char **addr, size_t *addr_len)
{
    if (!s || strpbrk(s, "\r\n"))
        return false;
    const char *lt = strrchr(s, '<');
    if (lt) {
        const char *gt = strchr(lt, '>');
        if (!gt || gt[1] != '\0')
            return false;
        *addr = lt + 1;
        *addr_len = (size_t)(gt - lt - 1);
        const char *e = lt;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        *name = s;
        *name_len = (size_t)(e - s);
    } else {
        while (*s == ' ')
            s++;
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        *addr = s;
        *addr_len = n;
        *name = s;
        *name_len = 0;
    }
    return addr_ok(*addr, *addr_len);
}

/* --- header encoding ------------------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_base64(struct strbuf *sb, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63], i + 1 < n ? b64[(v >> 6) & 63] : '=',
                     i + 2 < n ? b64[v & 63] : '='};
        sb_append(sb, q, 4);
    }
}

/* Bytes of UTF-8 text per encoded-word: 42 bytes -> 56 base64 characters, so
 * "=?UTF-8?B?" + 56 + "?=" is 68 characters (under RFC 2047's 75), and even
 * the first one after "Subject: " stays within 78 columns. */
#define EW_BYTES 42

/* RFC 2047 B encoded-words, each a whole number of characters, separated by
 * folding whitespace (CRLF SP) which decoders drop between encoded-words. */
static void put_encoded_words(struct strbuf *sb, const char *s, size_t n)
{
    size_t i = 0;
    bool first = true;
    while (i < n) {
        size_t start = i;
        while (i < n) {
            uint32_t cp;
            size_t used = utf8_decode(s + i, n - i, &cp);
            if (i + used - start > EW_BYTES && i > start)
                break;
            i += used;
        }
        if (!first)
            sb_puts(sb, "\r\n ");
        first = false;
        sb_puts(sb, "=?UTF-8?B?");
        put_base64(sb, (const unsigned char *)s + start, i - start);
        sb_puts(sb, "?=");
    }
}

static bool all_printable_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7F)
            return false;
    return true;
}

/* Unstructured header text (Subject): plain when printable ASCII, folded at
 * spaces to stay near 78 columns; encoded-words otherwise. Control
 * characters (a CR or LF that would inject a header) become spaces first. */
static void put_unstructured(struct strbuf *sb, const char *name, const char *text)
{
    struct strbuf clean = {0};
    for (const char *p = text ? text : ""; *p; p++)
        sb_putc(&clean, ((unsigned char)*p < 0x20 || *p == 0x7F) ? ' ' : *p);
    const char *s = sb_cstr(&clean);
    size_t n = clean.len;

    size_t longest = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == ' ' ? 0 : run + 1;
        if (run > longest)
            longest = run;
    }
    sb_printf(sb, "%s: ", name);
    if (all_printable_ascii(s, n) && !strstr(s, "=?") && longest <= 76 - strlen(name)) {
        size_t col = strlen(name) + 2;
        const char *p = s;
        while (*p) {
            const char *sp = strchr(p + 1, ' ');
            size_t w = sp ? (size_t)(sp - p) : strlen(p);
            if (col + w > 78 && p != s && *p == ' ') {
                sb_puts(sb, "\r\n");
                col = 0;
            }
            sb_append(sb, p, w);
            col += w;
            p += w;
        }
    } else {
        put_encoded_words(sb, s, n);
    }
    sb_puts(sb, "\r\n");
    sb_free(&clean);
}

/* A display name as a phrase: atoms as they are, quoted when it has
 * specials, encoded-words when it is not ASCII. */
static void put_display_name(struct strbuf *sb, const char *s, size_t n)
{
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"' && all_printable_ascii(s, n)) {
        sb_append(sb, s, n);
        return;
    }
    if (!all_printable_ascii(s, n)) {
        put_encoded_words(sb, s, n);
        return;
    }
    bool plain = true;
    for (size_t i = 0; i < n; i++)
        if (strchr("()<>[]:;@\\,.\"", s[i]))
            plain = false;
    if (plain) {
        sb_append(sb, s, n);
        return;
    }
    sb_putc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            sb_putc(sb, '\\');
        sb_putc(sb, s[i]);
    }
    sb_putc(sb, '"');
}

static void put_mailbox(struct strbuf *sb, const char *name, size_t name_len, const char *addr, size_t addr_len)
{
    if (name_len) {
        put_display_name(sb, name, name_len);
        sb_puts(sb, " <");
        sb_append(sb, addr, addr_len);
        sb_putc(sb, '>');
    } else {
        sb_append(sb, addr, addr_len);
    }
}

/* RFC 5322 date in UTC, with English names whatever the locale. */
static void put_date(struct strbuf *sb, time_t now)
{
    static const char *const day[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&now, &tm);
    sb_printf(sb, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", day[tm.tm_wday], tm.tm_mday,
              mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* --- body -------------------------------------------------------------------- */

/* The body with every line ending as CRLF and a final CRLF. */
static void crlf_lines(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '\r') {
            if (s[1] == '\n')
                s++;
            sb_puts(sb, "\r\n");
        } else if (*s == '\n') {
            sb_puts(sb, "\r\n");
        } else {
            sb_putc(sb, *s);
        }
    }
    if (sb->len < 2 || memcmp(sb_cstr(sb) + sb->len - 2, "\r\n", 2) != 0)
        sb_puts(sb, "\r\n");
}

static bool needs_qp(const char *s, size_t n)
{
    size_t line = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' || c == '\n') {
            line = 0;
            continue;
        }
        if (c >= 0x80 || (c < 0x20 && c != '\t') || c == 0x7F || ++line > 76)
            return true;
    }
    return false;
}

/* Quoted-printable (RFC 2045 6.7) of CRLF-separated text: lines of at most 76
 * characters with soft breaks, trailing blanks and every non-ASCII byte
 * escaped, and '.' at a line start escaped so no relay ever sees a lone dot. */
static void put_qp(struct strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
            sb_puts(sb, "\r\n");
            col = 0;
            i++;
            continue;
        }
        bool at_eol = i + 1 == n || s[i + 1] == '\r';
        bool literal = (c >= 33 && c <= 126 && c != '=' && !(c == '.' && col == 0)) ||
                       ((c == ' ' || c == '\t') && !at_eol);
        size_t w = literal ? 1 : 3;
        if (col + w > 75) { /* room for the '=' of a soft break */
            sb_puts(sb, "=\r\n");
            col = 0;
            if (c == '.') {
                literal = false;
                w = 3;
            }
        }
        if (literal) {
            sb_putc(sb, (char)c);
        } else {
            char e[3] = {'=', hex[c >> 4], hex[c & 15]};
            sb_append(sb, e, 3);
        }
        col += w;
    }
}

/* --- composing ------------------------------------------------------------ */

/* Channel-internal (also used by spool.c): the complete RFC 5322 message for
 * m. from is "Name <addr>" or an address; reply_to may be NULL; domain names
 * the Message-ID. now is the Date header's moment: providers read the real
 * clock for it, and for nothing else. False with err set when m cannot be sent
 * as it is (a permanent problem of the message, not of the relay). */
bool chan_mail_compose(struct strbuf *out, const struct message *m, const char *from, const char *reply_to,
                       const char *domain, time_t now, char *err, size_t errlen)
{
    const char *fn, *fa, *tn, *ta, *rn = NULL, *ra = NULL;
    size_t fnl, fal, tnl, tal, rnl = 0, ral = 0;
    if (!parse_mailbox(from, &fn, &fnl, &fa, &fal)) {
        snprintf(err, errlen, "the sender address is not a plain email address");
        return false;
    }
    if (!m->to || !parse_mailbox(m->to, &tn, &tnl, &ta, &tal)) {
        snprintf(err, errlen, "the recipient is not a plain email address");
        return false;
    }
    if (reply_to && *reply_to && !parse_mailbox(reply_to, &rn, &rnl, &ra, &ral)) {
        snprintf(err, errlen, "the reply-to address is not a plain email address");
        return false;
    }
    const char *subject = m->subject ? m->subject : "";
    const char *body = m->body ? m->body : "";
    if (utf8_invalid_offset(subject, strlen(subject)) != strlen(subject) ||
        utf8_invalid_offset(body, strlen(body)) != strlen(body)) {
        snprintf(err, errlen, "the subject or body is not valid UTF-8");
        return false;
    }
    const char *unsub = m->list_unsubscribe;
    if (unsub && (!*unsub || strpbrk(unsub, "\r\n") || !all_printable_ascii(unsub, strlen(unsub)))) {
        snprintf(err, errlen, "the List-Unsubscribe value is not one line of ASCII");
        return false;
    }

    put_date(out, now);
    sb_puts(out, "From: ");
    put_mailbox(out, fn, fnl, fa, fal);
    sb_puts(out, "\r\nTo: ");
    put_mailbox(out, tn, tnl, ta, tal);
    sb_puts(out, "\r\n");
    if (ra) {
        sb_puts(out, "Reply-To: ");
        put_mailbox(out, rn, rnl, ra, ral);
        sb_puts(out, "\r\n");
    }
    put_unstructured(out, "Subject", subject);
    sb_printf(out, "Message-ID: <dun-%" PRId64 "@%s>\r\n", m->id, domain);
    sb_puts(out, "MIME-Version: 1.0\r\n");
    if (unsub) {
        /* Folded before the link when the line would pass 78 columns. */
        size_t width = sizeof "List-Unsubscribe: " - 1 + strlen(unsub) + (unsub[0] == '<' ? 0 : 2);
        sb_printf(out, "List-Unsubscribe:%s%s%s%s\r\n", width > 78 ? "\r\n " : " ", unsub[0] == '<' ? "" : "<",
                  unsub, unsub[0] == '<' ? "" : ">");
        /* RFC 8058: an https link answers a POST, so mail clients can offer
         * one-click unsubscribe and a link scanner's GET changes nothing. */
        if (strncmp(unsub + (unsub[0] == '<'), "https://", 8) == 0 || strncmp(unsub + (unsub[0] == '<'), "http://", 7) == 0)
            sb_puts(out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    sb_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n");

    struct strbuf text = {0};
    crlf_lines(&text, body);
    if (needs_qp(sb_cstr(&text), text.len)) {
        sb_puts(out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        put_qp(out, sb_cstr(&text), text.len);
        if (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2) != 0)
            sb_puts(out, "\r\n");
    } else {
        sb_puts(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
        sb_append(out, sb_cstr(&text), text.len);
    }
    bool failed = text.failed || out->failed;
    sb_free(&text);
    if (failed) {
        snprintf(err, errlen, "out of memory composing the message");
        return false;
    }
    return true;
}

/* Channel-internal (also used by spool.c): the domain for Message-ID when
 * none is configured: the sender's, else "localhost". */
void chan_mail_domain(const char *from, char *out, size_t n)
{
    const char *name, *addr;
    size_t nl, al;
    snprintf(out, n, "localhost");
    if (from && parse_mailbox(from, &name, &nl, &addr, &al)) {
        const char *at = memchr(addr, '@', al);
        snprintf(out, n, "%.*s", (int)(addr + al - at - 1), at + 1);
    }
}

/* --- the provider ---------------------------------------------------------- */

struct smtp {
    struct provider base;
    char *url;      /* with the EHLO name as its path */
    char *username;
    char *password; /* secret: never logged; also scrubbed from error text */
    char *from, *reply_to, *domain;
    char envelope_from[300];
    bool starttls, insecure_tls;
    long timeout_ms;
};

static size_t on_read(char *buf, size_t size, size_t nitems, void *userdata)
{
    struct transfer *t = userdata;
    size_t room = size * nitems, left = t->upload.len - t->uploaded;
    size_t n = left < room ? left : room;
    memcpy(buf, t->upload.data + t->uploaded, n);
    t->uploaded += n;
    return n;
}

/* libcurl hands SMTP server replies to the header callback: keep the last
 * refusal (4xx/5xx; the 221 that answers curl's QUIT comes after it). */
static size_t on_reply(char *data, size_t size, size_t nitems, void *userdata)
{
    struct transfer *t = userdata;
    size_t n = size * nitems, j = 0;
    if (n < 3 || (data[0] != '4' && data[0] != '5'))
        return n;
    for (size_t i = 0; i < n && j + 1 < sizeof t->last_reply; i++)
        if (data[i] != '\r' && data[i] != '\n')
            t->last_reply[j++] = (unsigned char)data[i] < 0x20 ? ' ' : data[i];
    t->last_reply[j] = '\0';
    return n;
}

/* A handle for one message, with the relay's settings. */
static CURL *smtp_easy(struct smtp *s, struct transfer *t)
{
    CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    curl_easy_setopt(h, CURLOPT_URL, s->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, s->timeout_ms < 10000 ? s->timeout_ms : 10000L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, s->envelope_from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, t->rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)t->upload.len);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_reply);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->curl_err);
    if (s->starttls)
        curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (s->insecure_tls) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (s->username) {
        curl_easy_setopt(h, CURLOPT_USERNAME, s->username);
        curl_easy_setopt(h, CURLOPT_PASSWORD, s->password);
    }
    return h;
}

static bool smtp_begin(struct provider *p, struct transfer *t, const struct message *m)
{
    struct smtp *s = (struct smtp *)p;
    struct send_outcome *out = &t->out;
    if (m->channel != CH_EMAIL) {
        chan_error(out, "smtp sends email only, not %s", channel_name(m->channel));
        out->result = SEND_PERMANENT;
        return false;
    }
    char err[200];
    /* The Date header is the only use of the real clock in providers. */
    if (!chan_mail_compose(&t->upload, m, s->from, s->reply_to, s->domain, time(NULL), err, sizeof err)) {
        chan_error(out, "%s", err);
        out->result = strstr(err, "memory") ? SEND_TEMPORARY : SEND_PERMANENT;
        return false;
    }
    const char *tn, *ta;
    size_t tnl, tal;
    parse_mailbox(m->to, &tn, &tnl, &ta, &tal); /* checked by chan_mail_compose */
    char rcpt[300];
    snprintf(rcpt, sizeof rcpt, "<%.*s>", (int)tal, ta);
    t->rcpt = curl_slist_append(NULL, rcpt);
    if (t->rcpt)
        t->easy = smtp_easy(s, t);
    if (!t->easy) {
        chan_error(out, "out of memory");
        out->result = SEND_TEMPORARY;
        return false;
    }
    snprintf(out->provider_id, sizeof out->provider_id, "<dun-%" PRId64 "@%s>", m->id, s->domain);
    return true;
}

static void smtp_finish(struct provider *p, struct transfer *t, CURLcode rc)
{
    struct smtp *s = (struct smtp *)p;
    struct send_outcome *out = &t->out;
    if (rc == CURLE_OK) {
        out->result = SEND_OK; /* provider_id was set in begin */
        return;
    }
    out->provider_id[0] = '\0';
    long code = 0;
    if (t->last_reply[0])
        code = strtol(t->last_reply, NULL, 10);
    else
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
    /* The whole message was written and the server's verdict never came:
     * it may have taken it. */
    bool in_doubt = t->uploaded > 0 && t->uploaded == t->upload.len && code < 400;
    if (rc == CURLE_LOGIN_DENIED || code == 535 || code == 530)
        out->result = SEND_ACCESS_DENIED;
    else if (in_doubt)
        out->result = SEND_IN_DOUBT;
    else
        out->result = code >= 500 && code < 600 ? SEND_PERMANENT : SEND_TEMPORARY;
    if (code >= 400 && code < 600 && t->last_reply[0])
        chan_error(out, "SMTP server refused %s: %s", out->result == SEND_ACCESS_DENIED ? "dun's login" : "the message",
                   t->last_reply);
    else
        chan_error(out, "%s: %s", in_doubt ? "the SMTP server took the message and did not answer" : "SMTP delivery failed",
                   t->curl_err[0] ? t->curl_err : curl_easy_strerror(rc));
    chan_scrub(out->error, s->password);
}

static void smtp_destroy(struct provider *p)
{
    struct smtp *s = (struct smtp *)p;
    if (s->password)
        memset(s->password, 0, strlen(s->password));
    free(s->password);
    free(s->username);
    free(s->url);
    free(s->from);
    free(s->reply_to);
    free(s->domain);
    free(s);
    curl_global_cleanup();
}

static const struct provider_ops smtp_ops = {
    .name = "smtp",
    .begin = smtp_begin,
    .finish = smtp_finish,
    .destroy = smtp_destroy,
};

static bool domain_ok(const char *d)
{
    if (!*d || strlen(d) > 200)
        return false;
    for (const char *p = d; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '.'))
            return false;
    return true;
}

/* Is the URL's host this machine (where cleartext AUTH crosses no network)? */
static bool loopback_url(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    bool yes = false;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        yes = strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "[::1]") == 0;
    curl_free(host);
    curl_url_cleanup(u);
    return yes;
}

struct provider *provider_smtp_new(const struct smtp_config *c, char *err, size_t errlen)
{
    const char *name, *addr;
    size_t nl, al;
    if (!c->url || (strncmp(c->url, "smtp://", 7) != 0 && strncmp(c->url, "smtps://", 8) != 0)) {
        snprintf(err, errlen, "smtp: url must start with smtp:// or smtps://");
        return NULL;
    }
    if (!c->from || !parse_mailbox(c->from, &name, &nl, &addr, &al)) {
        snprintf(err, errlen, "smtp: from must be an address or \"Name <address>\"");
        return NULL;
    }
    if (c->reply_to && *c->reply_to && !parse_mailbox(c->reply_to, &name, &nl, &addr, &al)) {
        snprintf(err, errlen, "smtp: reply_to must be an address or \"Name <address>\"");
        return NULL;
    }
    char domain[256];
    if (c->helo_domain && *c->helo_domain)
        snprintf(domain, sizeof domain, "%s", c->helo_domain);
    else
        chan_mail_domain(c->from, domain, sizeof domain);
    if (!domain_ok(domain)) {
        snprintf(err, errlen, "smtp: helo_domain must be a domain name");
        return NULL;
    }
    if (c->username && *c->username && !c->password) {
        snprintf(err, errlen, "smtp: a username needs a password");
        return NULL;
    }
    if (c->username && *c->username && !c->starttls && strncmp(c->url, "smtps://", 8) != 0 &&
        !loopback_url(c->url)) {
        /* AUTH PLAIN/LOGIN would carry the password in clear across the network. */
        snprintf(err, errlen, "smtp: a password is only sent over TLS: use smtps:// or starttls");
        return NULL;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(err, errlen, "smtp: libcurl failed to initialise");
        return NULL;
    }
    struct smtp *s = calloc(1, sizeof *s);
    if (!s) {
        curl_global_cleanup();
        snprintf(err, errlen, "smtp: out of memory");
        return NULL;
    }
    s->base.ops = &smtp_ops;
    s->from = strdup(c->from);
    s->reply_to = c->reply_to && *c->reply_to ? strdup(c->reply_to) : NULL;
    s->domain = strdup(domain);
    s->password = c->password ? strdup(c->password) : NULL;
    s->username = c->username && *c->username ? strdup(c->username) : NULL;
    s->starttls = c->starttls;
    s->insecure_tls = c->insecure_tls;
    s->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : SMTP_DEFAULT_TIMEOUT_MS;
    parse_mailbox(c->from, &name, &nl, &addr, &al);
    snprintf(s->envelope_from, sizeof s->envelope_from, "<%.*s>", (int)al, addr);

    /* The URL path is the EHLO name; without one libcurl would send its own. */
    struct strbuf url = {0};
    size_t ul = strlen(c->url);
    while (ul > 0 && c->url[ul - 1] == '/')
        ul--;
    sb_append(&url, c->url, ul);
    sb_printf(&url, "/%s", domain);
    s->url = url.failed ? NULL : strdup(sb_cstr(&url));
    sb_free(&url);
    if (!s->from || (c->reply_to && *c->reply_to && !s->reply_to) || !s->domain ||
        (c->password && !s->password) || (c->username && *c->username && !s->username) || !s->url) {
        smtp_destroy(&s->base);
        snprintf(err, errlen, "smtp: out of memory");
        return NULL;
    }
    CURLU *u = curl_url();
    bool url_ok = u && curl_url_set(u, CURLUPART_URL, s->url, 0) == CURLUE_OK;
    curl_url_cleanup(u);
    if (!url_ok) {
        smtp_destroy(&s->base);
        snprintf(err, errlen, "smtp: libcurl does not accept the url");
        return NULL;
    }
    return &s->base;
}
