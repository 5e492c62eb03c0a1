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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdarg.h>
#include <unistd.h>

#include "core/db/db.h"
#include "core/db/outbox.h"
#include "core/db/store.h"
#include "core/zone.h"
#include "tui/cli.h"
#include "tui/messaging.h"

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

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    char stamp[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_list ap;
    va_start(ap, fmt);
    printf("%s ", stamp);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
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

static enum MHD_Result on_dlr(struct web *w, struct MHD_Connection *c)
{
    const char *id = arg(c, "id"), *type = arg(c, "type");
    if (!id || !type)
        return reply(c, 400, "id and type required\n");
    char err[512];
    if (!outbox_delivery_report(w->db, strtoll(id, NULL, 10), atoi(type), clock_now(w->skew), err, sizeof err)) {
        logf_("delivery report for message %s failed: %s", id, err);
        return reply(c, 500, "not recorded\n");
    }
    logf_("delivery report: message %s type %s", id, type);
    return reply(c, 200, "ok\n");
}

static enum MHD_Result on_mo(struct web *w, struct MHD_Connection *c)
{
    const char *from = arg(c, "from"), *to = arg(c, "to"), *text = arg(c, "text");
    if (!from || !text)
        return reply(c, 400, "from and text required\n");
    char err[512], ref[257];
    bool opt_out;
    dun_time now = clock_now(w->skew);
    if (!inbound_record(w->db, CH_SMS, from, to, text, w->keywords, now, ref, sizeof ref, &opt_out, err, sizeof err)) {
        logf_("inbound from %s not recorded: %s", from, err);
        return reply(c, 500, "not recorded\n");
    }
    logf_("inbound sms from %s%s%s%s", from, ref[0] ? " for " : " (no account)", ref, opt_out ? ": opt-out" : "");
    if (opt_out && ref[0]) {
        /* One confirmation, sent even though the debtor just opted out. */
        struct outbox_request r = {.ref = ref, .channel = CH_SMS, .target = from,
                                   .body = messaging_get(w->msg, "opt_out_reply", NULL,
                                                         "You will receive no more text messages from us. / 今後SMSはお送りしません。"),
                                   .template_name = "opt_out_confirmation_sms", .now = now, .confirmation = true};
        int64_t id;
        struct verdict v;
        int q = outbox_enqueue(w->db, &r, w->zones, &id, NULL, &v, err, sizeof err);
        if (q != 1)
            logf_("opt-out confirmation to %s not queued: %s", from, q == 0 ? v.reasons[0].text : err);
    }
    return reply(c, 200, "ok\n");
}

static enum MHD_Result on_unsubscribe(struct web *w, struct MHD_Connection *c)
{
    const char *key = arg(c, "key");
    char err[512];
    int r = key ? outbox_unsubscribe(w->db, key, clock_now(w->skew), err, sizeof err) : 0;
    if (r < 0)
        return reply(c, 500, "Something went wrong; please try again later.\n");
    if (r == 0)
        return reply(c, 404, "This unsubscribe link is not valid.\n");
    logf_("email opt-out through List-Unsubscribe");
    return reply(c, 200, "You will receive no more email from us.\n");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **state)
{
    struct web *w = cls;
    (void)version;
    (void)upload_data;
    if (!*state) { /* first call: headers only */
        *state = (void *)1;
        return MHD_YES;
    }
    *upload_size = 0;
    if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
        return reply(c, 405, "GET or POST\n");
    if (strcmp(url, "/health") == 0)
        return reply(c, 200, "ok\n");
    if (!ensure_db(w))
        return reply(c, 503, "database unavailable\n");
    if (strcmp(url, "/unsubscribe") == 0) /* authenticated by its per-message key */
        return on_unsubscribe(w, c);
    const char *bearer = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *given = arg(c, "token");
    if (bearer && strncmp(bearer, "Bearer ", 7) == 0)
        given = bearer + 7;
    if (!token_ok(given, w->token))
        return reply(c, 403, "bad token\n");
    if (strcmp(url, "/dlr") == 0)
        return on_dlr(w, c);
    if (strcmp(url, "/mo") == 0)
        return on_mo(w, c);
    return reply(c, 404, "no such endpoint\n");
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

static void send_due(struct db *db, struct messaging *m, struct zone_cache *zones, dun_time skew)
{
    char err[512];
    for (;;) {
        int n = sender_run_once(db, m, zones, clock_now(skew), err, sizeof err);
        if (n < 0) {
            logf_("sender: %s", err);
            if (!db_alive(db))
                db_reconnect(db);
            return;
        }
        if (n > 0)
            logf_("sender: handled %d message(s)", n);
        if (n < 20)
            return;
    }
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        cli_error("usage: dun serve   (settings in dun.conf: see the operator guide)");
        return 2;
    }
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
    struct db *db = cli_open_db(cli, true), *web_db = db ? cli_open_db(cli, true) : NULL;
    if (!db || !web_db) {
        db_close(&db);
        messaging_free(&msg);
        return 2;
    }
    dun_time skew = cli->now - (dun_time)time(NULL);
    int recovered = 0, rc = 0;
    struct zone_cache *zones = zone_cache_new(), *web_zones = zone_cache_new();
    struct web w = {.db = web_db, .msg = &msg, .zones = web_zones, .token = token,
                    .keywords = messaging_get(&msg, "opt_out_keywords", NULL, NULL), .skew = skew};
    struct MHD_Daemon *d = NULL;
    if (!outbox_sender_start(db, clock_now(skew), &recovered, err, sizeof err)) {
        cli_error("%s", err);
        rc = 2;
        goto out;
    }
    if (recovered)
        logf_("sender: %d message(s) left in sending by a stopped sender marked failed (never sent twice)", recovered);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &w,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT, 10u,
                         MHD_OPTION_END);
    if (!d) {
        cli_error("cannot listen on %s: %s", listen, strerror(errno));
        rc = 2;
        goto out;
    }
    logf_("dun serve: listening on %s; sms via %s, email via %s", listen, msg.sms_name, msg.email_name);
    signal(SIGINT, on_stop);
    signal(SIGTERM, on_stop);
    signal(SIGPIPE, SIG_IGN);
    db_exec(db, "LISTEN dun", 0, NULL, err, sizeof err);
    while (!stopping) {
        send_due(db, &msg, zones, skew);
        struct pollfd p = {.fd = db_alive(db) ? PQsocket(db->conn) : -1, .events = POLLIN};
        poll(&p, 1, 1000);
        if (p.fd >= 0 && (p.revents & POLLIN) && PQconsumeInput(db->conn)) {
            PGnotify *n;
            while ((n = PQnotifies(db->conn)) != NULL)
                PQfreemem(n); /* any outbox change: look for due messages now */
        }
    }
    logf_("dun serve: stopping");
out:
    if (d)
        MHD_stop_daemon(d);
    zone_cache_free(&zones);
    zone_cache_free(&web_zones);
    db_close(&web_db);
    db_close(&db);
    messaging_free(&msg);
    return rc;
}
