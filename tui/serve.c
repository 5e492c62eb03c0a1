/* dun serve: the message sender and the webhook endpoint.
 *
 * The main thread sends: it holds the sender lock, claims due messages
 * (woken by NOTIFY or every second), delivers and records. libmicrohttpd's
 * own thread answers delivery reports (/dlr), inbound SMS (/mo) and one-click
 * unsubscribes (/unsubscribe) on a second connection of its own, since a
 * libpq connection must not be shared between threads. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdarg.h>
#include <unistd.h>

#include "core/inbound.h"
#include "core/db/db.h"
#include "core/db/inbound_store.h"
#include "core/db/link_store.h"
#include "core/money.h"
#include "core/template.h"
#include "core/db/outbox.h"
#include "core/db/store.h"
#include "core/safetext.h"
#include "core/strbuf.h"
#include "core/validate.h"
#include "core/zone.h"
#include "tui/cli.h"
#include "tui/keyer.h"
#include "tui/messaging.h"
#include "tui/mono.h"
#include "tui/outgoing.h"
#include "tui/sender.h"
#include "tui/settler.h"

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

struct web {
    struct db *db;              ///< used only on the HTTP thread
    struct messaging *msg;
    struct zone_cache *zones;   ///< the HTTP thread's own cache
    const char *token;
    const char *keywords;
    dun_time skew;              ///< DUN_NOW minus the real clock at start
};

static dun_time clock_now(dun_time skew) { return (dun_time)time(NULL) + skew; }

/* One line on stdout (the journal): a time stamp, then the text with every
 * argument escaped (a ref or an error from the database is data). One write
 * per line, so the sender's and the HTTP thread's lines do not mix. */
static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &tm);
    struct strbuf line = {0};
    sb_puts(&line, stamp);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf_visible(&line, fmt, ap);
    va_end(ap);
    sb_putc(&line, '\n');
    fputs(sb_cstr(&line), stdout);
    fflush(stdout);
    sb_free(&line);
}

/* libmicrohttpd's own messages (a connection refused at a limit, ...). A
 * flood would write one per connection: a repeat within a minute is
 * counted, and the count written with the next different message. */
static struct {
    pthread_mutex_t lock;
    char last[256];
    unsigned repeats;
    time_t since;
} mhd_said = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void mhd_log_repeats(time_t now)
{
    if (mhd_said.repeats)
        logf_("libmicrohttpd: %u more times in %lld s: %s", mhd_said.repeats, (long long)(now - mhd_said.since),
              mhd_said.last);
    mhd_said.repeats = 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char text[256];
    vsnprintf(text, sizeof text, fmt, ap);
    text[strcspn(text, "\n")] = '\0';
    time_t now = time(NULL);
    pthread_mutex_lock(&mhd_said.lock);
    if (strcmp(text, mhd_said.last) == 0 && now - mhd_said.since < 60) {
        mhd_said.repeats++;
    } else {
        mhd_log_repeats(now);
        logf_("libmicrohttpd: %s", text);
        snprintf(mhd_said.last, sizeof mhd_said.last, "%s", text);
        mhd_said.since = now;
    }
    pthread_mutex_unlock(&mhd_said.lock);
}

/* What an endpoint answers. The dispatcher queues it once it is final, so
 * that an endpoint can be run a second time after a lost connection. */
struct answer {
    unsigned status;
    bool html;
    char body[8192];
};

static void say(struct answer *a, unsigned status, const char *text)
{
    a->status = status;
    a->html = false;
    snprintf(a->body, sizeof a->body, "%s", text);
}

static enum MHD_Result reply(struct MHD_Connection *c, const struct answer *a)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(a->body), (void *)a->body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", a->html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    if (a->html)
        MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, a->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Constant time: the token must not leak through timing. */
static bool token_ok(const char *given, const char *want)
{
    if (!given || !want || !*want)
        return false;
    size_t a = strlen(given), b = strlen(want);
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < b; i++)
        diff |= (unsigned)(unsigned char)want[i] ^ (unsigned)(unsigned char)(i < a ? given[i] : 0);
    return diff == 0;
}

static const char *arg(struct MHD_Connection *c, const char *key)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

static bool ensure_db(struct web *w)
{
    if (db_alive(w->db) || db_reconnect(w->db))
        return true;
    return false;
}

static bool key_ok(const char *key);

/* A whole number written in at most 18 digits (nothing else) into *n. */
static bool number_ok(const char *s, int64_t *n)
{
    size_t len = s ? strlen(s) : 0;
    if (len == 0 || len > 18 || strspn(s, "0123456789") != len)
        return false;
    *n = strtoll(s, NULL, 10);
    return true;
}

/* A delivery report, signed by its message's own key (the URL the sender
 * gave Kannel): the token does not open it, and neither does the key of
 * another message, so a report URL that leaks is worth that message alone. */
static void on_dlr(struct web *w, struct MHD_Connection *c, bool post, struct answer *a)
{
    (void)post;
    int64_t id, type;
    if (!number_ok(arg(c, "id"), &id) || !number_ok(arg(c, "type"), &type) || type > 1000) {
        say(a, 400, "id and type (whole numbers) required\n");
        return;
    }
    char err[512];
    const char *key = arg(c, "key");
    int signed_ok = key_ok(key) ? outbox_report_key_ok(w->db, id, key, err, sizeof err) : 0;
    if (signed_ok == 0) {
        logf_("delivery report for message %lld refused: %s", (long long)id,
              key ? "the key is not that message's" : "it has no key");
        say(a, 403, "not signed for this message\n");
        return;
    }
    if (signed_ok < 0 || !outbox_delivery_report(w->db, id, (int)type, clock_now(w->skew), err, sizeof err)) {
        logf_("delivery report for message %lld failed: %s", (long long)id, err);
        say(a, 500, "not recorded\n");
        return;
    }
    logf_("delivery report: message %lld type %lld", (long long)id, (long long)type);
    say(a, 200, "ok\n");
}

/* One confirmation, sent even though the debtor just opted out: the seeded
 * template in the debtor's language, else the opt_out_reply text. A STOP in
 * quiet hours is answered when the window opens rather than not at all. */
static void confirm_opt_out(struct web *w, const char *ref, const char *number, dun_time now)
{
    char body[2048], at[40], err[512], who[64];
    contact_mask(number, who, sizeof who); /* logs carry no one's whole number */
    const char *reply_text = body;
    /* The STOP's COMMIT may have gone through as the connection broke. */
    if (!ensure_db(w)) {
        logf_("opt-out confirmation to %s not queued: the database connection is lost", who);
        return;
    }
    if (!outgoing_opt_out_confirmation(w->db, ref, now, w->msg, body, sizeof body, err, sizeof err)) {
        logf_("opt-out confirmation for %s: template %s not used (%s); sending the opt_out_reply text", ref,
              TEMPLATE_OPT_OUT_CONFIRMATION, err);
        reply_text = messaging_get(w->msg, "opt_out_reply", NULL,
                                   "You will receive no more text messages from us. / 今後SMSはお送りしません。");
    }
    struct outbox_request r = {.ref = ref, .channel = CH_SMS, .target = number, .body = reply_text,
                               .template_name = TEMPLATE_OPT_OUT_CONFIRMATION, .now = now,
                               .confirmation = true, .wait_for_window = true};
    int64_t id;
    dun_time release = now;
    struct verdict v;
    int q = outbox_enqueue(w->db, &r, w->zones, &id, &release, &v, err, sizeof err);
    iso8601_format(release, 0, true, at, sizeof at);
    if (q != 1)
        logf_("opt-out confirmation to %s not queued: %s", who, q == 0 ? v.reasons[0].text : err);
    else
        logf_("opt-out confirmation to %s queued as message %lld, goes at %s%s", who, (long long)id, at,
              release > now ? " (waits for the contact window)" : "");
}

/* What became of an inbound message, for the log: no whole number in it. */
static void log_inbound(const char *who, const struct inbound_result *r)
{
    const char *stop = !r->opt_out                ? ""
                       : r->match == INBOUND_NONE ? ": opt-out (nobody could be opted out)"
                       : r->opted_out             ? ": opt-out"
                                                  : ": opt-out (already opted out)";
    if (r->match == INBOUND_ONE)
        logf_("inbound sms from %s for %s%s", who, r->ref, stop);
    else if (r->match == INBOUND_NONE)
        logf_("inbound sms from %s (no account; kept for review)%s", who, stop);
    else
        logf_("inbound sms from %s is on %d accounts (kept for review)%s%s", who, r->accounts, stop,
              r->opted_out ? "; each of them opted out, no confirmation sent" : "");
}

static void on_mo(struct web *w, struct MHD_Connection *c, bool post, struct answer *a)
{
    (void)post;
    const char *from = arg(c, "from"), *to = arg(c, "to"), *text = arg(c, "text");
    if (!from || !text) {
        say(a, 400, "from and text required\n");
        return;
    }
    char err[512], who[64];
    struct inbound_result res;
    dun_time now = clock_now(w->skew);
    inbound_sender_mask(from, who, sizeof who);
    if (!inbound_record(w->db, CH_SMS, from, to, text, w->keywords, now, &res, err, sizeof err)) {
        logf_("inbound from %s not recorded: %s", who, err);
        say(a, 500, "not recorded\n");
        return;
    }
    log_inbound(who, &res);
    /* Answered at the number on file: the originator may be written
     * differently. Not when the match rests on a guessed country: it may
     * be a stranger's number that looks the same at home. */
    if (res.match == INBOUND_ONE && res.opted_out && !res.guessed)
        confirm_opt_out(w, res.ref, res.number, now);
    else if (res.match == INBOUND_ONE && res.opted_out)
        logf_("opt-out confirmation for %s not sent: the sender was read as a national number", res.ref);
    say(a, 200, "ok\n");
}

/* A key as dun makes them (a UUID): safe to put back into a page. */
static bool key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    return n == 36 && strspn(key, "0123456789abcdefABCDEF-") == n;
}

/* RFC 8058: the mail client's one-click unsubscribe is a POST to the link.
 * A GET (a person following the link, or a scanner checking it) only shows
 * a page whose button makes that POST, so a scanner opts nobody out. */
static void on_unsubscribe(struct web *w, struct MHD_Connection *c, bool post, struct answer *a)
{
    const char *key = arg(c, "key");
    char err[512];
    int r = key_ok(key) ? outbox_unsubscribe(w->db, key, post, clock_now(w->skew), err, sizeof err) : 0;
    if (r < 0) {
        logf_("unsubscribe not recorded: %s", err);
        say(a, 500, "Something went wrong; please try again later.\n");
        return;
    }
    if (r == 0) {
        say(a, 404, "This unsubscribe link is not valid.\n");
        return;
    }
    if (!post) {
        a->status = 200;
        a->html = true;
        snprintf(a->body, sizeof a->body,
                 "<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
                 "<p>Stop receiving email from us? / メールの配信を停止しますか?</p>"
                 "<form method=\"post\" action=\"/unsubscribe?key=%s\">"
                 "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                 "<button type=\"submit\">Unsubscribe / 配信停止</button></form></body></html>\n", key);
        return;
    }
    logf_("email opt-out through List-Unsubscribe");
    say(a, 200, "You will receive no more email from us. / 今後メールはお送りしません。\n");
}

/* Text from data into a page: &, <, >, " and ' as entities. */
static void html_escape(struct strbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        case '\'': sb_puts(b, "&#39;"); break;
        default: sb_putc(b, *s);
        }
    }
}

/* What a request's body held: only the link's form reads it (date=...). */
struct request {
    char body[512];
    size_t len;
};

/* A value of an application/x-www-form-urlencoded body; only the plain
 * characters a date input sends (digits and '-') are taken. */
static bool form_value(const char *body, const char *key, char *out, size_t n)
{
    size_t k = strlen(key);
    for (const char *s = body; s && *s; s = strchr(s, '&') ? strchr(s, '&') + 1 : NULL) {
        if (strncmp(s, key, k) == 0 && s[k] == '=') {
            const char *v = s + k + 1;
            size_t len = strcspn(v, "&");
            if (len == 0 || len >= n || strspn(v, "0123456789-") < len)
                return false;
            memcpy(out, v, len);
            out[len] = '\0';
            return true;
        }
    }
    return false;
}

/* The plain page of a link that is not (or no longer) valid: no detail. */
static void link_gone(struct answer *a, unsigned status)
{
    a->status = status;
    a->html = true;
    snprintf(a->body, sizeof a->body,
             "<!doctype html><html><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>dun</title></head>"
             "<body style=\"font-size:1.25rem\"><p>This link is not valid. / このリンクは無効です。</p></body></html>\n");
}

static const char link_style[] =
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<style>body{font-family:sans-serif;font-size:1.25rem;line-height:1.5;margin:1rem;max-width:40rem}"
    "p.amount{font-size:2rem;font-weight:bold;margin:.25rem 0}input,button{font-size:1.25rem;padding:.6rem;"
    "width:100%;box-sizing:border-box;margin:.4rem 0}</style>";

/* The page of a valid link: the creditor, the amount, the due date, how to
 * pay, and the form whose button POSTs a promise. Nothing else about the
 * account: no reference, no name. */
static void link_page(struct web *w, const char *token, const struct link_page *pg, const char *note,
                      struct answer *a)
{
    bool ja = strcmp(pg->language, "ja") == 0;
    const char *company = messaging_get(w->msg, ja ? "company_ja" : "company", NULL, NULL);
    if (!company)
        company = messaging_get(w->msg, "company", NULL, pg->creditor[0] ? pg->creditor : NULL);
    const char *pay = messaging_get(w->msg, "payment_link", NULL, NULL);
    const char *phone = messaging_get(w->msg, "company_phone", NULL, NULL);
    char money[64] = "", due[64] = "", today[16], last[16];
    const struct currency *cur = currency_find(pg->currency);
    if (cur)
        money_format(pg->balance_minor, cur, false, money, sizeof money);
    if (pg->has_due)
        template_format_date(pg->due_date, pg->language, due, sizeof due);
    date_format(pg->today, today, sizeof today);
    date_format(pg->today + pg->max_promise_days, last, sizeof last);
    struct strbuf b = {0};
    sb_printf(&b, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">%s<title>%s</title></head><body>",
              ja ? "ja" : "en", link_style, ja ? "お支払いについて" : "Your payment");
    if (company) {
        sb_puts(&b, "<h1>");
        html_escape(&b, company);
        sb_puts(&b, "</h1>");
    }
    if (note) {
        sb_puts(&b, "<p role=\"alert\"><strong>");
        html_escape(&b, note);
        sb_puts(&b, "</strong></p>");
    }
    if (pg->balance_minor <= 0) {
        /* Paid (or in credit): nothing to ask for, and no button. */
        sb_printf(&b, "<p id=\"settled\">%s</p></body></html>\n",
                  ja ? "お支払いは済んでいます。ありがとうございました。" : "Nothing is due. Thank you for your payment.");
        a->status = 200;
        a->html = true;
        snprintf(a->body, sizeof a->body, "%s", sb_cstr(&b));
        sb_free(&b);
        return;
    }
    sb_printf(&b, "<p>%s</p><p class=\"amount\">", ja ? "お支払い金額" : "Amount due");
    html_escape(&b, money);
    sb_puts(&b, "</p>");
    if (pg->has_due) {
        sb_printf(&b, "<p>%s <strong>", ja ? "お支払い期日:" : "Due date:");
        html_escape(&b, due);
        sb_puts(&b, "</strong></p>");
    }
    if (pay || phone) {
        sb_printf(&b, "<h2>%s</h2>", ja ? "お支払い方法" : "How to pay");
        if (pay) {
            sb_puts(&b, "<p><a href=\"");
            html_escape(&b, pay);
            sb_printf(&b, "\">%s</a></p>", ja ? "オンラインで支払う" : "Pay online");
        }
        if (phone) {
            sb_printf(&b, "<p>%s <a href=\"tel:", ja ? "お電話:" : "Phone:");
            html_escape(&b, phone);
            sb_puts(&b, "\">");
            html_escape(&b, phone);
            sb_puts(&b, "</a></p>");
        }
    }
    if (pg->payable) {
        /* The button names the date chosen ("I will pay on 2026-11-27",
         * 「2026年11月27日に支払います」); without script it names today's. */
        char shown[64];
        template_format_date(pg->today, pg->language, shown, sizeof shown);
        const char *script = ja ? "var m=this.value.match(/^(\\d+)-0?(\\d+)-0?(\\d+)$/);"
                                  "if(m)document.getElementById('promise').textContent=m[1]+'年'+m[2]+'月'+m[3]+'日に支払います'"
                                : "if(this.value)document.getElementById('promise').textContent='I will pay on '+this.value";
        sb_printf(&b,
                  "<form method=\"post\" action=\"/p/%s\"><label for=\"date\">%s</label>"
                  "<input type=\"date\" id=\"date\" name=\"date\" required min=\"%s\" max=\"%s\" value=\"%s\""
                  " oninput=\"%s\">"
                  "<button type=\"submit\" id=\"promise\">",
                  token, ja ? "お支払い予定日" : "The day you will pay", today, last, today, script);
        sb_puts(&b, ja ? "" : "I will pay on ");
        html_escape(&b, ja ? shown : today);
        sb_puts(&b, ja ? "に支払います</button></form>" : "</button></form>");
    }
    sb_puts(&b, "</body></html>\n");
    a->status = 200;
    a->html = true;
    snprintf(a->body, sizeof a->body, "%s", sb_cstr(&b));
    sb_free(&b);
}

/* /p/TOKEN: the message's own page. A GET counts the click and shows the
 * page; only a POST (its form's button) records a promise, so a link
 * scanner that follows the link promises nothing. An unknown or expired
 * token gets a plain page and nothing is recorded. */
static void on_link(struct web *w, bool post, struct answer *a, const char *url,
                    const char *body)
{
    const char *token = url + 3;
    char err[512];
    struct link_page pg;
    dun_time now = clock_now(w->skew);
    int r;
    if (!post) {
        r = link_open(w->db, token, now, true, &pg, err, sizeof err);
        if (r == LINK_OK)
            link_page(w, token, &pg, NULL, a);
    } else {
        char d[16];
        int64_t date = 0;
        bool dated = form_value(body, "date", d, sizeof d) && date_parse(d, &date);
        r = dated ? link_promise(w->db, token, now, date, err, sizeof err) : LINK_REFUSED;
        if (!dated)
            snprintf(err, sizeof err, "choose a date");
        if (r == LINK_REFUSED && link_open(w->db, token, now, false, &pg, err + 256, sizeof err - 256) == LINK_OK) {
            bool ja = strcmp(pg.language, "ja") == 0;
            char note[300];
            snprintf(note, sizeof note, "%s (%s)", ja ? "記録できませんでした" : "Not recorded", err);
            link_page(w, token, &pg, note, a);
            a->status = 422;
            return;
        }
        if (r == LINK_OK) {
            char when[16];
            date_format(date, when, sizeof when);
            logf_("self-service promise through a link for %s", when);
            (void)link_open(w->db, token, now, false, &pg, err, sizeof err);
            bool ja = strcmp(pg.language, "ja") == 0;
            char shown[64];
            template_format_date(date, pg.language, shown, sizeof shown);
            struct strbuf t = {0}, page = {0};
            sb_printf(&t, ja ? "%sにお支払いいただくご予定を承りました。担当者にもお伝えしました。"
                             : "We have noted that you will pay on %s. Your contact person has been told.", shown);
            sb_printf(&page, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">%s<title>%s</title>"
                             "</head><body><h1>%s</h1><p>", ja ? "ja" : "en", link_style,
                      ja ? "ありがとうございます" : "Thank you", ja ? "ありがとうございます" : "Thank you");
            html_escape(&page, sb_cstr(&t));
            sb_puts(&page, "</p></body></html>\n");
            a->status = 200;
            a->html = true;
            snprintf(a->body, sizeof a->body, "%s", sb_cstr(&page));
            sb_free(&t);
            sb_free(&page);
            return;
        }
    }
    if (r < 0) {
        logf_("link page: %s", err);
        say(a, 500, "Something went wrong; please try again later.\n");
    } else if (r == LINK_EXPIRED) {
        link_gone(a, 410);
    } else if (r != LINK_OK) {
        link_gone(a, 404);
    }
}

/* The endpoints that touch the database. */
static const struct endpoint {
    const char *path;
    bool needs_token; ///< false: authenticated by a key of the message's own (report, unsubscribe)
    void (*run)(struct web *, struct MHD_Connection *, bool post, struct answer *);
} endpoints[] = {
    {"/dlr", false, on_dlr},
    {"/mo", true, on_mo},
    {"/unsubscribe", false, on_unsubscribe},
};

/* Every endpoint gets one more try after a lost connection: a restarted
 * PostgreSQL shows only when the next statement fails, and the caller
 * (Kannel, a mail client) does not send the request again. db_commit makes
 * the second try safe when only COMMIT's answer was lost. */
static void run_endpoint(const struct endpoint *e, struct web *w, struct MHD_Connection *c, bool post,
                         struct answer *a)
{
    e->run(w, c, post, a);
    if (a->status < 500 || db_alive(w->db))
        return;
    if (!db_reconnect(w->db)) {
        logf_("%s: the database connection is lost and cannot be restored yet", e->path);
        return;
    }
    logf_("%s: the database connection was lost; reconnected, trying once more", e->path);
    e->run(w, c, post, a);
}

/* /p/TOKEN, with run_endpoint's one more try after a lost connection. */
static void run_link(struct web *w, bool post, const char *url, const char *body,
                     struct answer *a)
{
    on_link(w, post, a, url, body);
    if (a->status < 500 || db_alive(w->db) || !db_reconnect(w->db))
        return;
    logf_("/p/: the database connection was lost; reconnected, trying once more");
    on_link(w, post, a, url, body);
}

/* Frees what handle allocated for a request, however it ended. */
static void request_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)c;
    (void)code;
    free(*state);
    *state = NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **state)
{
    struct web *w = cls;
    (void)version;
    if (!*state) { /* first call: headers only */
        struct request *rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *state = rq;
        return MHD_YES;
    }
    struct request *rq = *state;
    if (*upload_size) { /* a body: the link's form (date=...); RFC 8058's fixed one is not needed */
        size_t room = sizeof rq->body - 1 - rq->len, take = *upload_size < room ? *upload_size : room;
        memcpy(rq->body + rq->len, upload_data, take);
        rq->len += take;
        rq->body[rq->len] = '\0';
        *upload_size = 0;
        return MHD_YES;
    }
    struct answer a;
    const struct endpoint *e = NULL;
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
        if (strcmp(url, endpoints[i].path) == 0)
            e = &endpoints[i];
    const char *bearer = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *given = bearer && strncmp(bearer, "Bearer ", 7) == 0 ? bearer + 7 : arg(c, "token");
    if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
        say(&a, 405, "GET or POST\n");
    else if (strcmp(url, "/health") == 0)
        say(&a, 200, "ok\n");
    else if (!ensure_db(w))
        say(&a, 503, "database unavailable\n");
    else if (strncmp(url, "/p/", 3) == 0)
        run_link(w, strcmp(method, "POST") == 0, url, rq->body, &a);
    else if ((!e || e->needs_token) && !token_ok(given, w->token))
        say(&a, 403, "bad token\n");
    else if (!e)
        say(&a, 404, "no such endpoint\n");
    else
        run_endpoint(e, w, c, strcmp(method, "POST") == 0, &a);
    return reply(c, &a);
}

static bool parse_listen(const char *s, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)atoi(colon + 1));
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 && sa->sin_port != 0;
}

/* What a stopped sender left behind, as the sender start resolved it. */
static void log_recovery(const struct outbox_recovery *r)
{
    if (r->unknown)
        logf_("sender: %d message(s) a stopped sender had handed to the provider marked unknown: they may have"
              " been delivered, count as sent and are never sent again", r->unknown);
    if (r->failed)
        logf_("sender: %d message(s) a stopped sender had not handed to the provider marked failed: they never"
              " left; a supervisor may send them again", r->failed);
}

/* After the database comes back, the sender claims nothing for this long:
 * a workstation that took a message back while the database was away
 * (held, app.c) reconnects within its 3 s retry and cancels it first;
 * claimed now, a message whose undo window ran out meanwhile would go. */
enum { RECONNECT_GRACE_SECONDS = 10 };
static double claims_resume; ///< monotonic time the grace ends (0: none)

/* One round of the sender; false when this process can no longer send (the
 * database came back and another sender has taken the lock meanwhile). */
static bool send_round(struct db *db, struct sender *snd, dun_time now, bool claim)
{
    char err[512];
    int n = sender_pump(snd, now, claim, err, sizeof err);
    if (n > 0)
        logf_("sender: handled %d message(s)", n);
    char alert[400];
    if (sender_alert(snd, alert, sizeof alert))
        logf_("sender: %s", alert);
    if (n >= 0)
        return true;
    if (db_alive(db)) {
        logf_("sender: %s", err);
        return true;
    }
    struct outbox_recovery recovered;
    if (!db_reconnect(db))
        return true; /* still down: outcomes are kept, tried again next round */
    char e2[512];
    db_exec(db, "LISTEN dun", 0, NULL, e2, sizeof e2);
    if (!sender_restart(snd, now, &recovered, e2, sizeof e2)) {
        logf_("sender: %s; stopping", e2);
        return false;
    }
    claims_resume = mono_seconds() + RECONNECT_GRACE_SECONDS;
    logf_("sender: database connection restored; claiming again in %d s, once workstations have taken back what"
          " they held", RECONNECT_GRACE_SECONDS);
    log_recovery(&recovered);
    return true;
}

/* Did a notification say something may be due (anything but a call
 * logged)? Drains what the connection has read. */
static bool outbox_changed(struct db *db)
{
    bool changed = false;
    PGnotify *note;
    while (db_alive(db) && (note = PQnotifies(db->conn)) != NULL) {
        changed |= strncmp(note->extra, "contact:", 8) != 0;
        PQfreemem(note);
    }
    return changed;
}

/* The sender's loop: wait on the database socket (NOTIFY: something was
 * queued) and on the courier's sockets together; claim at most once a
 * second unless notified. Settlement and the queue's order step in between
 * (tui/settler.h, tui/keyer.h). */
static int run_sender(struct db *db, struct sender *snd, struct zone_cache *zones, dun_time skew)
{
    double last_claim = 0;
    bool claim = true;
    struct settler settler = {0};
    struct keyer keyer = {0};
    while (!stopping) {
        dun_time now = clock_now(skew);
        char said[600];
        if (settler_step(&settler, db, zones, now, said, sizeof said))
            logf_("%s", said);
        if (keyer_step(&keyer, db, zones, now, sender_active(snd), said, sizeof said))
            logf_("%s", said);
        if (claim || sender_wants_claim(snd) || mono_seconds() - last_claim >= 1.0) {
            claim = true;
            last_claim = mono_seconds();
        }
        if (mono_seconds() < claims_resume)
            claim = false; /* the grace after a reconnection; the tick ends it */
        if (!send_round(db, snd, now, claim))
            return 2;
        /* Notifications that came with the round's own query results
         * (a message refused at dispatch, a batch claimed) are already
         * read: the socket will not turn readable for them. */
        claim = outbox_changed(db);
        enum { MAX_FDS = 1 + SENDER_MAX_SOCKETS };
        struct pollfd fds[MAX_FDS] = {{.fd = db_alive(db) ? PQsocket(db->conn) : -1, .events = POLLIN}};
        int wait = -1, ncurl = sender_pollfds(snd, fds + 1, MAX_FDS - 1, &wait);
        double left = 1.0 - (mono_seconds() - last_claim);
        int tick = left > 0 ? (int)(left * 1000.0) + 1 : 0;
        if (claim)
            tick = 0;
        if (keyer.behind && tick > (int)(KEYER_STEP_GAP * 1000)) /* stale keys left: the next step soon */
            tick = (int)(KEYER_STEP_GAP * 1000);
        int n = poll(fds, (nfds_t)(1 + ncurl), wait >= 0 && wait < tick ? wait : tick);
        sender_work(snd, fds + 1, n > 0 ? ncurl : 0);
        /* Any outbox change (a message queued, a window opened): look for
         * due messages now. */
        if (n > 0 && fds[0].fd >= 0 && (fds[0].revents & POLLIN))
            PQconsumeInput(db->conn);
        claim |= outbox_changed(db);
    }
    return 0;
}

/* How many connections the webhook holds, and for how long a quiet one. */
struct serve_limits {
    unsigned max_connections; ///< all clients together (serve_max_connections)
    unsigned per_ip;          ///< from one address (serve_per_ip)
    unsigned timeout;         ///< seconds a connection may stay silent (serve_timeout)
};

static bool limits_load(const struct messaging *m, struct serve_limits *l)
{
    static const struct number_setting max_connections = {"serve_max_connections", "DUN_SERVE_MAX_CONNECTIONS",
                                                          1024, 16, 100000, false, "connections"};
    static const struct number_setting per_ip = {"serve_per_ip", "DUN_SERVE_PER_IP", 128, 1, 100000, false,
                                                 "connections"};
    static const struct number_setting timeout = {"serve_timeout", "DUN_SERVE_TIMEOUT", 5, 1, 3600, false,
                                                  "seconds"};
    char err[1200];
    double all, one, quiet;
    if (!messaging_number(m, &max_connections, &all, err, sizeof err) ||
        !messaging_number(m, &per_ip, &one, err, sizeof err) ||
        !messaging_number(m, &timeout, &quiet, err, sizeof err)) {
        cli_error("%s", err);
        return false;
    }
    l->max_connections = (unsigned)all;
    l->per_ip = (unsigned)one;
    l->timeout = (unsigned)quiet;
    return true;
}

/* Descriptors beside the webhook's connections: stdio, the listening and
 * epoll sockets, two database connections, the courier's transfers. */
enum { FD_RESERVE = 64 + SENDER_MAX_SOCKETS };

/* Raise the open-file limit to fit every connection allowed; where the hard
 * limit does not allow it, fewer connections (said in the log). */
static void fit_fd_limit(struct serve_limits *l)
{
    struct rlimit rl;
    rlim_t need = (rlim_t)l->max_connections + FD_RESERVE;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
        return;
    rlim_t was = rl.rlim_cur;
    rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ? rl.rlim_max : need;
    if (rl.rlim_cur > was && setrlimit(RLIMIT_NOFILE, &rl) != 0)
        rl.rlim_cur = was;
    if (rl.rlim_cur >= need)
        return;
    unsigned fit = rl.rlim_cur > FD_RESERVE + 16 ? (unsigned)(rl.rlim_cur - FD_RESERVE) : 16;
    logf_("dun serve: serve_max_connections lowered from %u to %u: the open-file limit is %llu (raise it, e.g."
          " LimitNOFILE= in the systemd unit)", l->max_connections, fit, (unsigned long long)rl.rlim_cur);
    l->max_connections = fit;
}

/* The webhook's HTTP daemon: one thread of its own waiting with epoll (poll
 * where there is none), so no limit but ours caps the connections (select
 * stops at descriptor 1024); a client that goes quiet is dropped after the
 * timeout; one address holds at most per_ip connections, so a flood from one
 * client leaves room for Kannel. Requests are answered one at a time: the
 * thread has one database connection. */
static struct MHD_Daemon *start_web(struct web *w, const struct sockaddr_in *sa, const struct serve_limits *l)
{
    unsigned mode = MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL_INTERNAL_THREAD
                                                                            : MHD_USE_POLL_INTERNAL_THREAD;
    return MHD_start_daemon(mode | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, w, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
                            NULL, MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa, MHD_OPTION_CONNECTION_LIMIT,
                            l->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->per_ip,
                            MHD_OPTION_CONNECTION_TIMEOUT, l->timeout, MHD_OPTION_NOTIFY_COMPLETED, request_done,
                            NULL, MHD_OPTION_END);
}

const struct cli_usage usage_serve = {
    "serve", "Send queued messages; take delivery reports, replies and unsubscribes on the webhook.",
    "  settings in dun.conf or the environment (serve_token, serve_listen, providers): see the operator guide\n"};

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return cli_bad_argument(&usage_serve, argc, argv, 1);
    struct messaging msg;
    char err[1024];
    if (!messaging_load(&msg, err, sizeof err)) {
        cli_error("%s", err);
        messaging_free(&msg);
        return 2;
    }
    const char *token = messaging_get(&msg, "serve_token", "DUN_SERVE_TOKEN", "");
    const char *listen = messaging_get(&msg, "serve_listen", "DUN_SERVE_LISTEN", "127.0.0.1:8088");
    struct sockaddr_in sa;
    if (!token[0] || strlen(token) < 16) {
        cli_error("serve_token (or DUN_SERVE_TOKEN) must be set to a secret of at least 16 characters");
        messaging_free(&msg);
        return 2;
    }
    if (!parse_listen(listen, &sa)) {
        cli_error("serve_listen = %s: use ADDRESS:PORT, e.g. 127.0.0.1:8088", listen);
        messaging_free(&msg);
        return 2;
    }
    struct serve_limits limits;
    if (!limits_load(&msg, &limits)) {
        messaging_free(&msg);
        return 2;
    }
    struct db *db = cli_open_db(cli, true), *web_db = db ? cli_open_db(cli, true) : NULL;
    if (!db || !web_db) {
        db_close(&db);
        messaging_free(&msg);
        return 2;
    }
    db->no_detail = web_db->no_detail = true; /* their errors are logged: no row quoted in them */
    dun_time skew = cli->now - (dun_time)time(NULL);
    struct outbox_recovery recovered;
    int rc = 0;
    struct zone_cache *zones = zone_cache_new(), *web_zones = zone_cache_new();
    struct web w = {.db = web_db, .msg = &msg, .zones = web_zones, .token = token,
                    .keywords = messaging_get(&msg, "opt_out_keywords", NULL, NULL), .skew = skew};
    struct MHD_Daemon *d = NULL;
    struct sender *snd = NULL;
    snd = sender_new(db, &msg, zones, err, sizeof err);
    if (!snd || !sender_restart(snd, clock_now(skew), &recovered, err, sizeof err)) {
        cli_error("%s", err);
        rc = 2;
        goto out;
    }
    log_recovery(&recovered);
    fit_fd_limit(&limits);
    d = start_web(&w, &sa, &limits);
    if (!d) {
        cli_error("cannot listen on %s: %s", listen, strerror(errno));
        rc = 2;
        goto out;
    }
    logf_("dun serve: listening on %s (at most %u connections, %u from one address, %u s for a quiet one);"
          " sms via %s, email via %s", listen, limits.max_connections, limits.per_ip, limits.timeout, msg.sms_name,
          msg.email_name);
    signal(SIGINT, on_stop);
    signal(SIGTERM, on_stop);
    signal(SIGPIPE, SIG_IGN);
    db_exec(db, "LISTEN dun", 0, NULL, err, sizeof err);
    rc = run_sender(db, snd, zones, skew);
    /* Messages in flight get a moment to finish and be recorded. */
    sender_stop(snd, clock_now(skew), 10000);
    logf_("dun serve: stopping");
out:
    if (d)
        MHD_stop_daemon(d);
    mhd_log_repeats(time(NULL));
    sender_free(&snd);
    zone_cache_free(&zones);
    zone_cache_free(&web_zones);
    db_close(&web_db);
    db_close(&db);
    messaging_free(&msg);
    return rc;
}
