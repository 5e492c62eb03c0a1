/* The message providers against real servers: Kannel with fakesmsc phones,
 * aiosmtpd, and the spool on disk. tests/channels/run starts the servers,
 * exports where they are, and runs this; each check prints "ok - ..." or
 * "not ok - ...", and the last line is "# done".
 *
 * Environment (all set by the runner):
 *   CH_TMP                 scratch directory
 *   KANNEL_DIR             tests/servers/kannel.sh's DIR (phone.log is there)
 *   KANNEL_SENDSMS_PORT, KANNEL_INJECT_PORT
 *   HTTP_PORT, HTTP_LOG    the request logger standing in for `dun serve`
 *   DUN_TOKEN              the token Kannel's MO get-url carries
 *   SMTP_DIR, SMTP_PORT    aiosmtpd (tests/channels/smtp_handler.py:Picky)
 *   TLS_DIR, TLS_PORT      aiosmtpd requiring STARTTLS, self-signed certificate
 *   SPOOL_DIR              where the spool provider may create its directory
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/channels/courier.h"
#include "core/channels/provider.h"
#include "core/file.h"
#include "core/strbuf.h"
#include "core/utf8.h"

static int failures;

static void check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s - ", cond ? "ok" : "not ok");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    if (!cond)
        failures++;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("    | ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        printf("not ok - environment variable %s is not set (run tests/channels/run)\n# done\n", name);
        exit(1);
    }
    return v;
}

static const char *result_name(enum send_result r)
{
    return r == SEND_OK ? "SEND_OK" : r == SEND_TEMPORARY ? "SEND_TEMPORARY" : r == SEND_IN_DOUBT ? "SEND_IN_DOUBT"
                                                                                               : "SEND_PERMANENT";
}

/* check that a send gave `want`, showing the outcome when it did not */
static void check_send(enum send_result got, enum send_result want, const struct send_outcome *o, const char *what)
{
    check(got == want && o->result == got, "%s: %s", what, result_name(want));
    if (got != want)
        note("got %s: %s", result_name(got), o->error);
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    fflush(stdout);
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static char *slurp(const char *path)
{
    char *s = file_read_all(path, NULL);
    return s ? s : strdup("");
}

static bool file_has(const char *path, const char *needle)
{
    char *s = slurp(path);
    bool yes = strstr(s, needle) != NULL;
    free(s);
    return yes;
}

/* Poll up to ms for path to contain needle. */
static bool wait_file_has(const char *path, const char *needle, long ms)
{
    for (double end = now_s() + (double)ms / 1000; now_s() < end; sleep_ms(50))
        if (file_has(path, needle))
            return true;
    return file_has(path, needle);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* %XX and '+' (space) decoding, as Kannel and HTTP query strings use. */
static void url_decode(const char *s, size_t n, struct strbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n) {
            char hex[3] = {s[i + 1], s[i + 2], 0};
            sb_putc(out, (char)strtol(hex, NULL, 16));
            i += 2;
        } else {
            sb_putc(out, s[i] == '+' ? ' ' : s[i]);
        }
    }
}

/* UTF-16BE bytes to UTF-8. */
static void utf16be_to_utf8(const unsigned char *b, size_t n, struct strbuf *out)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t cp = (uint32_t)b[i] << 8 | b[i + 1];
        if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < n) {
            uint32_t lo = (uint32_t)b[i + 2] << 8 | b[i + 3];
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        }
        char u[4];
        sb_append(out, u, utf8_encode(cp, u));
    }
}

/* UTF-8 to URL-encoded UTF-16BE (fakesmsc's "ucs2" message data). */
static void utf8_to_ucs2_url(const char *s, struct strbuf *out)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        unsigned units[2];
        int k = 0;
        if (cp >= 0x10000) {
            units[k++] = 0xD800 + ((cp - 0x10000) >> 10);
            units[k++] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        } else {
            units[k++] = cp;
        }
        for (int j = 0; j < k; j++)
            sb_printf(out, "%%%02X%%%02X", units[j] >> 8, units[j] & 0xFF);
    }
}

/* The text of the last message the phone got for `to` as "ucs-2" data,
 * decoded to UTF-8 into out; false when there is none. */
static bool phone_ucs2(const char *phone_log, const char *to, struct strbuf *out)
{
    char *log = slurp(phone_log);
    char key[128];
    snprintf(key, sizeof key, " %s ucs-2 ", to);
    char *last = NULL;
    for (char *p = strstr(log, key); p; p = strstr(p + 1, key))
        last = p;
    bool found = false;
    if (last) {
        char *data = last + strlen(key);
        char *eol = strchr(data, '\n');
        if (!eol)
            eol = data + strlen(data);
        char *gt = eol;
        while (gt > data && gt[-1] != '>')
            gt--;
        if (gt > data) {
            struct strbuf raw = {0};
            url_decode(data, (size_t)(gt - 1 - data), &raw);
            utf16be_to_utf8((const unsigned char *)sb_cstr(&raw), raw.len, out);
            sb_free(&raw);
            found = true;
        }
    }
    free(log);
    return found;
}

/* The decoded value of query parameter `name` in the last logged request
 * path containing `match`; false when there is none. */
static bool logged_param(const char *log_path, const char *match, const char *name, struct strbuf *out)
{
    char *log = slurp(log_path);
    char *line = NULL;
    for (char *p = strtok(log, "\n"); p; p = strtok(NULL, "\n"))
        if (strstr(p, match))
            line = p;
    bool found = false;
    if (line) {
        char *q = strchr(line, '?');
        for (char *kv = q ? q + 1 : NULL; kv && *kv;) {
            char *amp = strchr(kv, '&');
            size_t len = amp ? (size_t)(amp - kv) : strlen(kv);
            size_t nl = strlen(name);
            if (len > nl && strncmp(kv, name, nl) == 0 && kv[nl] == '=') {
                url_decode(kv + nl + 1, len - nl - 1, out);
                found = true;
            }
            kv = amp ? amp + 1 : NULL;
        }
    }
    free(log);
    return found;
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static int count_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(d);
    return n;
}

/* --- SMS through Kannel ------------------------------------------------------ */

static const char *JA_SMS = "山田様、お支払い期日は明日です。ご不明な点はお電話ください。";
static const char *EN_SMS = "Hello from dun: please pay €5.00 by Friday {ref #12}";

static struct provider *kannel(const char *password, const char *dlr_url)
{
    char url[256], err[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%s/cgi-bin/sendsms", env("KANNEL_SENDSMS_PORT"));
    struct kannel_config c = {
        .url = url, .username = "dun", .password = password, .from = "Dun",
        .dlr_url = dlr_url, .timeout_ms = 5000,
    };
    struct provider *p = provider_kannel_new(&c, err, sizeof err);
    if (!p)
        check(false, "provider_kannel_new: %s", err);
    return p;
}

static void test_sms(struct provider *k, const char *phone_log)
{
    struct send_outcome o;
    struct message en = {.id = 101, .channel = CH_SMS, .to = "+15551234567", .body = EN_SMS};
    check_send(provider_send(k, &en, &o), SEND_OK, &o, "English SMS accepted by Kannel");
    char want[512];
    snprintf(want, sizeof want, "<Dun +15551234567 text %s>", EN_SMS);
    check(wait_file_has(phone_log, want, 5000), "English SMS arrives at the phone intact");

    struct message ja = {.id = 102, .channel = CH_SMS, .to = "+819012345678", .body = JA_SMS};
    check_send(provider_send(k, &ja, &o), SEND_OK, &o, "Japanese SMS accepted by Kannel");
    check(wait_file_has(phone_log, "+819012345678 ucs-2 ", 5000), "Japanese SMS arrives as UCS-2");
    struct strbuf got = {0};
    bool found = phone_ucs2(phone_log, "+819012345678", &got);
    check(found && strcmp(sb_cstr(&got), JA_SMS) == 0, "Japanese SMS decodes to the original");
    if (!found || strcmp(sb_cstr(&got), JA_SMS) != 0)
        note("phone got \"%s\"", sb_cstr(&got));
    sb_free(&got);

    struct message bad = {.id = 103, .channel = CH_SMS, .to = "+99912345678", .body = "x"};
    check_send(provider_send(k, &bad, &o), SEND_PERMANENT, &o, "a number Kannel rejects (400)");
    check(strstr(o.error, "400") != NULL, "the rejection says why: %s", o.error);
    struct message two = {.id = 103, .channel = CH_SMS, .to = "+15551234567 +15557654321", .body = "x"};
    check_send(provider_send(k, &two, &o), SEND_PERMANENT, &o, "a recipient that is not one number is refused");

    struct message mail = {.id = 104, .channel = CH_EMAIL, .to = "a@b.example", .body = "x"};
    check_send(provider_send(k, &mail, &o), SEND_PERMANENT, &o, "kannel refuses an email");
}

/* Many messages through one courier, PAR at a time as the sender runs them:
 * they travel side by side, each ends once, all arrive, and the connections
 * to Kannel are kept alive and reused (no more than PAR of them). */
static void test_courier(struct provider *k, const char *phone_log)
{
    enum { N = 24, PAR = 4 };
    char err[128], bodies[N][48];
    struct courier *c = courier_new(err, sizeof err);
    check(c != NULL, "courier_new (%s)", c ? "ok" : err);
    if (!c)
        return;
    int seen[N] = {0}, submitted = 0, done = 0, ok = 0, max_running = 0, max_conns = 0;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (done < N) {
        while (submitted < N && courier_busy(c, k) < PAR) {
            snprintf(bodies[submitted], sizeof bodies[0], "courier message %02d", submitted);
            struct message m = {.id = 3000 + submitted, .channel = CH_SMS, .to = "+15550003333",
                                .body = bodies[submitted]};
            check(courier_submit(c, k, &m, submitted), "message %d submitted", submitted);
            submitted++;
        }
        if (courier_running(c) > max_running)
            max_running = courier_running(c);
        struct pollfd fds[16];
        int timeout, n = courier_pollfds(c, fds, 16, &timeout);
        if (n > max_conns)
            max_conns = n;
        poll(fds, (nfds_t)n, timeout < 0 || timeout > 200 ? 200 : timeout);
        courier_work(c, fds, n);
        int64_t tag;
        struct send_outcome o;
        while (courier_done(c, &tag, &o)) {
            done++;
            if (tag >= 0 && tag < N)
                seen[tag]++;
            ok += o.result == SEND_OK;
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - t0.tv_sec > 30)
            break;
    }
    int once = 0;
    for (int i = 0; i < N; i++)
        once += seen[i] == 1;
    check(ok == N && once == N, "%d messages through one courier: %d accepted, %d ended exactly once", N, ok, once);
    check(max_running == PAR, "they travel side by side (%d in flight at once)", max_running);
    check(max_conns >= 1 && max_conns <= PAR, "libcurl watched %d sockets at most (no more than %d)", max_conns, PAR);
    check(run("test \"$(ss -Htn state established '( dport = :%s )' | wc -l)\" -le %d", env("KANNEL_SENDSMS_PORT"),
              PAR) == 0 &&
              run("test \"$(ss -Htn state established '( dport = :%s )' | wc -l)\" -ge 1", env("KANNEL_SENDSMS_PORT")) == 0,
          "the connections to Kannel stay open for the next messages, no more than %d", PAR);
    courier_free(&c);
    check(c == NULL, "courier_free sets the pointer to NULL");
    char want[64];
    int arrived = 0;
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "courier message %02d>", i);
        arrived += wait_file_has(phone_log, want, i == 0 ? 10000 : 2000);
    }
    check(arrived == N, "all %d arrive at the phone (%d)", N, arrived);
}

static void test_wrong_password(void)
{
    struct provider *k = kannel("hunter2-wrong", NULL);
    if (!k)
        return;
    struct send_outcome o;
    struct message m = {.id = 105, .channel = CH_SMS, .to = "+15551234567", .body = "never sent"};
    check_send(provider_send(k, &m, &o), SEND_ACCESS_DENIED, &o,
               "wrong sendsms password (403): access denied, the provider is to be paused");
    check(strstr(o.error, "403") != NULL, "the error names the answer: %s", o.error);
    check(strstr(o.error, "hunter2") == NULL, "the error does not contain the password");
    provider_free(&k);
    check(k == NULL, "provider_free sets the pointer to NULL");
}

static void test_dlr(const char *http_log)
{
    char dlr[256];
    snprintf(dlr, sizeof dlr, "http://127.0.0.1:%s/dlr", env("HTTP_PORT"));
    struct provider *k = kannel("secret", dlr);
    if (!k)
        return;
    struct send_outcome o;
    /* Signed with the message's own key: the URL carries no shared secret. */
    const char *key = "6f1c2a44-5b0e-4d3a-9c7e-1a2b3c4d5e6f";
    struct message m = {.id = 4242, .channel = CH_SMS, .to = "+15557654321", .body = "Report back please",
                        .report_key = key};
    check_send(provider_send(k, &m, &o), SEND_OK, &o, "SMS with a delivery report URL accepted");
    char t8[128], t1[128];
    snprintf(t8, sizeof t8, "/dlr?id=4242&key=%s&type=8", key);
    snprintf(t1, sizeof t1, "/dlr?id=4242&key=%s&type=1", key);
    check(wait_file_has(http_log, t8, 10000), "Kannel calls the dlr-url with id=4242 type=8 (SMSC accepted)");
    check(wait_file_has(http_log, t1, 10000), "Kannel calls the dlr-url with id=4242 type=1 (delivered)");
    char *log = slurp(http_log);
    char *p8 = strstr(log, t8), *p1 = strstr(log, t1);
    check(p8 && p1 && p8 < p1, "type=8 comes before type=1");
    if (!(p8 && p1))
        note("requests logged: %s", log);
    free(log);
    provider_free(&k);
}

/* Inbound: a phone's message injected at the second fake SMSC reaches the
 * MO get-url (what `dun serve` will receive) as UTF-8. */
static void test_mo(const char *http_log)
{
    const char *tmp = env("CH_TMP");
    const char *text = "支払いました。ありがとう";
    struct strbuf ucs2 = {0};
    utf8_to_ucs2_url(text, &ucs2);
    const char *inject = "timeout 10 /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r %s -m 1 '%s' "
                         ">>%s/inject.log 2>&1 & echo $! >%s/inject.pid";
    run(inject, env("KANNEL_INJECT_PORT"), "+819011112222 5555 text I paid today", tmp, tmp);
    bool en = wait_file_has(http_log, "from=%2B819011112222", 5000);
    run("kill $(cat %s/inject.pid) 2>/dev/null; rm -f %s/inject.pid", tmp, tmp);
    check(en, "an inbound SMS reaches the MO URL");
    struct strbuf got = {0};
    logged_param(http_log, "from=%2B819011112222", "text", &got);
    check(strcmp(sb_cstr(&got), "I paid today") == 0, "inbound text intact (\"%s\")", sb_cstr(&got));
    sb_reset(&got);
    logged_param(http_log, "from=%2B819011112222", "token", &got);
    check(strcmp(sb_cstr(&got), env("DUN_TOKEN")) == 0, "inbound request carries the token");

    char msg[1024];
    snprintf(msg, sizeof msg, "+819033334444 5555 ucs2 %s", sb_cstr(&ucs2));
    run(inject, env("KANNEL_INJECT_PORT"), msg, tmp, tmp);
    bool ja = wait_file_has(http_log, "from=%2B819033334444", 5000);
    run("kill $(cat %s/inject.pid) 2>/dev/null; rm -f %s/inject.pid", tmp, tmp);
    check(ja, "an inbound UCS-2 SMS reaches the MO URL");
    sb_reset(&got);
    logged_param(http_log, "from=%2B819033334444", "text", &got);
    check(strcmp(sb_cstr(&got), text) == 0, "inbound Japanese arrives as UTF-8 (\"%s\")", sb_cstr(&got));
    sb_free(&got);
    sb_free(&ucs2);
}

static void test_kannel_down(struct provider *k, const char *phone_log)
{
    const char *dir = env("KANNEL_DIR");
    struct send_outcome o;
    check(run("sh tests/servers/kannel.sh stop %s", dir) == 0, "Kannel stops");
    struct message m = {.id = 106, .channel = CH_SMS, .to = "+15550001111", .body = "Retry after restart"};
    double t0 = now_s();
    check_send(provider_send(k, &m, &o), SEND_TEMPORARY, &o, "Kannel stopped: connection refused");
    check(now_s() - t0 < 2.0, "a refused connection fails fast (%.2f s)", now_s() - t0);
    check(strstr(o.error, "secret") == NULL, "the error does not contain the password (%s)", o.error);
    check(run("sh tests/servers/kannel.sh start %s", dir) == 0, "Kannel starts again");
    check_send(provider_send(k, &m, &o), SEND_OK, &o, "the retry succeeds on the same provider");
    check(wait_file_has(phone_log, "<Dun +15550001111 text Retry after restart>", 5000),
          "the retried SMS arrives at the phone");
}

/* --- email ----------------------------------------------------------------------- */

static const char *JA_SUBJECT =
    "【重要】山田太郎様へ：お支払い期日（2026年12月1日）のご案内と分割払いのご相談について";
static const char *JA_BODY = "山田太郎様\n"
                             "\n"
                             "いつもお世話になっております。お支払い期日は12月1日です。\n"
                             ".この行はドットで始まります\n"
                             "A long line in ASCII that goes on and on well past the seventy-six columns of "
                             "quoted-printable: 0123456789\n"
                             "Café €5 — trailing space here \n"
                             "督促チーム";

static struct provider *smtp(const char *port, bool starttls, bool insecure)
{
    char url[128], err[256];
    snprintf(url, sizeof url, "smtp://127.0.0.1:%s", port);
    struct smtp_config c = {
        .url = url, .starttls = starttls, .insecure_tls = insecure,
        .from = "督促チーム <team@dun.example>", .reply_to = "help@dun.example",
        .helo_domain = "dun.example", .timeout_ms = 5000,
    };
    struct provider *p = provider_smtp_new(&c, err, sizeof err);
    if (!p)
        check(false, "provider_smtp_new: %s", err);
    return p;
}

static void expect_dir(const char *name, const char *subject, const char *body, const char *from_name,
                       const char *from_addr, const char *to, const char *reply_to, const char *unsub, int count,
                       char *dir, size_t dirlen)
{
    snprintf(dir, dirlen, "%s/expect-%s", env("CH_TMP"), name);
    mkdir(dir, 0700);
    write_file(dir, "subject", subject);
    write_file(dir, "body", body);
    write_file(dir, "from_name", from_name);
    write_file(dir, "from_addr", from_addr);
    write_file(dir, "to", to);
    if (reply_to)
        write_file(dir, "reply_to", reply_to);
    if (unsub)
        write_file(dir, "list_unsubscribe", unsub);
    char n[16];
    snprintf(n, sizeof n, "%d", count);
    write_file(dir, "count", n);
}

static void test_email(void)
{
    const char *sdir = env("SMTP_DIR");
    char maildir[512], ex[512];
    snprintf(maildir, sizeof maildir, "%s/maildir", sdir);
    struct provider *s = smtp(env("SMTP_PORT"), false, false);
    if (!s)
        return;
    struct send_outcome o;
    const char *unsub = "<mailto:unsubscribe@dun.example?subject=unsubscribe-77>";
    struct message m = {.id = 77, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = JA_SUBJECT,
                        .body = JA_BODY, .list_unsubscribe = unsub};
    check_send(provider_send(s, &m, &o), SEND_OK, &o, "Japanese email accepted by the SMTP server");
    check(strcmp(o.provider_id, "<dun-77@dun.example>") == 0, "provider_id is the Message-ID (%s)", o.provider_id);
    check_send(provider_send(s, &m, &o), SEND_OK, &o, "the same outbox row sent again (a retry)");
    expect_dir("77", JA_SUBJECT, JA_BODY, "督促チーム", "team@dun.example", "taro@example.jp", "help@dun.example",
               unsub, 2, ex, sizeof ex);
    check(run("/usr/bin/python3 tests/channels/check_mail.py 'smtp email' %s '<dun-77@dun.example>' %s", maildir,
              ex) == 0,
          "the stored Japanese email reads back intact (both sends share one Message-ID)");

    const char *one_click = "<https://dun.example/unsubscribe?key=0c3f4a52-1111-4e5e-9f00-000000000078>";
    struct message ascii = {.id = 78, .channel = CH_EMAIL, .to = "Taro Yamada <taro@example.jp>",
                            .subject = "Payment reminder", .body = "Hello,\n.\n..\nplease pay.\n",
                            .list_unsubscribe = one_click};
    check_send(provider_send(s, &ascii, &o), SEND_OK, &o, "ASCII email accepted");
    expect_dir("78", "Payment reminder", "Hello,\n.\n..\nplease pay.\n", "督促チーム", "team@dun.example", "taro@example.jp",
               NULL, one_click, 1, ex, sizeof ex);
    check(run("/usr/bin/python3 tests/channels/check_mail.py 'ascii email' %s '<dun-78@dun.example>' %s", maildir,
              ex) == 0,
          "the stored ASCII email reads back intact");

    struct message gone = {.id = 79, .channel = CH_EMAIL, .to = "nobody@example.jp", .subject = "x", .body = "x"};
    check_send(provider_send(s, &gone, &o), SEND_PERMANENT, &o, "550 mailbox unavailable");
    check(strstr(o.error, "550") != NULL, "the error carries the server's reply: %s", o.error);
    struct message locked = {.id = 82, .channel = CH_EMAIL, .to = "locked@example.jp", .subject = "x", .body = "x"};
    check_send(provider_send(s, &locked, &o), SEND_ACCESS_DENIED, &o,
               "535 credentials refused: access denied, the provider is to be paused");
    check(strstr(o.error, "535") != NULL && strstr(o.error, "login"), "the error says so: %s", o.error);
    struct message busy = {.id = 80, .channel = CH_EMAIL, .to = "busy@example.jp", .subject = "x", .body = "x"};
    check_send(provider_send(s, &busy, &o), SEND_TEMPORARY, &o, "451 try again later");
    check(strstr(o.error, "451") != NULL, "the error carries the server's reply: %s", o.error);
    struct message after = {.id = 81, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = "After", .body = "ok"};
    check_send(provider_send(s, &after, &o), SEND_OK, &o, "the next message after refusals goes through");

    struct message bad = {.id = 82, .channel = CH_EMAIL, .to = "taro@example.jp\r\nBcc: x@evil.example",
                          .subject = "x", .body = "x"};
    check_send(provider_send(s, &bad, &o), SEND_PERMANENT, &o, "a recipient with a line break is refused");
    struct message sms = {.id = 83, .channel = CH_SMS, .to = "+15551234567", .body = "x"};
    check_send(provider_send(s, &sms, &o), SEND_PERMANENT, &o, "smtp refuses an SMS");

    check(run("sh tests/servers/smtp.sh stop %s", sdir) == 0, "the SMTP server stops");
    struct message down = {.id = 84, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = "Down", .body = "x"};
    check_send(provider_send(s, &down, &o), SEND_TEMPORARY, &o, "SMTP server stopped: connection refused");
    check(run("sh tests/servers/smtp.sh start %s %s", sdir, env("SMTP_PORT")) == 0, "the SMTP server starts again");
    check_send(provider_send(s, &down, &o), SEND_OK, &o, "the retry succeeds on the same provider");
    provider_free(&s);

    /* Requiring STARTTLS from a server that does not offer it must not send in clear. */
    char newdir[600];
    snprintf(newdir, sizeof newdir, "%s/new", maildir);
    int before = count_files(newdir);
    s = smtp(env("SMTP_PORT"), true, false);
    if (s) {
        check_send(provider_send(s, &down, &o), SEND_TEMPORARY, &o, "STARTTLS required but not offered");
        check(count_files(newdir) == before, "nothing was sent in clear");
        provider_free(&s);
    }
}

static void test_starttls(void)
{
    char newdir[600];
    snprintf(newdir, sizeof newdir, "%s/maildir/new", env("TLS_DIR"));
    struct send_outcome o;
    struct message m = {.id = 90, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = "Über TLS",
                        .body = "秘密の話"};
    struct provider *s = smtp(env("TLS_PORT"), true, true);
    if (s) {
        check_send(provider_send(s, &m, &o), SEND_OK, &o, "STARTTLS with a self-signed certificate (insecure_tls)");
        check(count_files(newdir) == 1, "the TLS server stored the message");
        provider_free(&s);
    }
    s = smtp(env("TLS_PORT"), true, false);
    if (s) {
        check_send(provider_send(s, &m, &o), SEND_TEMPORARY, &o, "an unverifiable certificate is refused");
        check(count_files(newdir) == 1, "nothing more was stored");
        provider_free(&s);
    }
}

static void test_config_errors(void)
{
    char err[256];
    struct kannel_config k = {.url = "ftp://x/", .username = "u", .password = "p"};
    check(provider_kannel_new(&k, err, sizeof err) == NULL && err[0], "kannel: a non-HTTP url is refused (%s)", err);
    struct smtp_config c = {.url = "smtp://127.0.0.1:1", .from = "no address"};
    check(provider_smtp_new(&c, err, sizeof err) == NULL && err[0], "smtp: a bad from is refused (%s)", err);
    c.from = "a@b.example";
    c.helo_domain = "bad domain/x";
    check(provider_smtp_new(&c, err, sizeof err) == NULL && err[0], "smtp: a bad helo domain is refused (%s)", err);
    struct smtp_config auth = {.url = "smtp://mail.example:587", .from = "a@b.example", .username = "u",
                               .password = "pw-in-clear"};
    check(provider_smtp_new(&auth, err, sizeof err) == NULL && !strstr(err, "pw-in-clear"),
          "smtp: a password is not sent in clear over the network (%s)", err);
    auth.starttls = true;
    struct provider *p = provider_smtp_new(&auth, err, sizeof err);
    check(p != NULL, "smtp: the same with starttls is accepted");
    provider_free(&p);
}

/* --- spool ------------------------------------------------------------------------ */

static void test_spool(void)
{
    char dir[512], err[256], path[700];
    snprintf(dir, sizeof dir, "%s/spool/out", env("SPOOL_DIR"));
    struct provider *p = provider_spool_new(dir, err, sizeof err);
    check(p != NULL, "spool provider created (%s)", p ? dir : err);
    if (!p)
        return;
    struct stat st;
    check(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "spool directory created 0700");
    struct send_outcome o;

    struct message sms = {.id = 5, .channel = CH_SMS, .to = "+819012345678", .body = JA_SMS};
    check_send(provider_send(p, &sms, &o), SEND_OK, &o, "spool SMS");
    snprintf(path, sizeof path, "%s/5.sms", dir);
    char want_id[800];
    snprintf(want_id, sizeof want_id, "spool:%s", path);
    check(strcmp(o.provider_id, want_id) == 0, "provider_id is spool:<path> (%s)", o.provider_id);
    check(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "spool SMS file is 0600");
    char *text = slurp(path);
    check(strstr(text, "To: +819012345678\n") && strstr(text, "Coding: UCS-2\n") && strstr(text, JA_SMS),
          "spool SMS holds recipient, coding and text");
    free(text);
    struct message gsm = {.id = 6, .channel = CH_SMS, .to = "+15551234567", .body = EN_SMS};
    provider_send(p, &gsm, &o);
    snprintf(path, sizeof path, "%s/6.sms", dir);
    check(file_has(path, "Coding: GSM 03.38\nParts: 1\n"), "GSM text is spooled as one GSM 03.38 part");

    struct message mail = {.id = 7, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = JA_SUBJECT,
                           .body = JA_BODY, .list_unsubscribe = "<mailto:unsubscribe@dun.example>"};
    check_send(provider_send(p, &mail, &o), SEND_OK, &o, "spool email");
    snprintf(path, sizeof path, "%s/7.eml", dir);
    check(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "spool email file is 0600");
    char ex[512];
    expect_dir("spool", JA_SUBJECT, JA_BODY, "dun", "dun@localhost", "taro@example.jp", NULL,
               "<mailto:unsubscribe@dun.example>", 1, ex, sizeof ex);
    check(run("/usr/bin/python3 tests/channels/check_mail.py 'spool email' %s '<dun-7@localhost>' %s", path, ex) == 0,
          "the spooled email is a full RFC 5322 message");
    check(file_has(path, "\r\n") && !file_has(path, "\r\n."), "spool email uses CRLF and no line starts with a dot");

    /* A subject cannot inject headers. */
    struct message inj = {.id = 8, .channel = CH_EMAIL, .to = "taro@example.jp",
                          .subject = "Hello\r\nBcc: x@evil.example", .body = "x"};
    check_send(provider_send(p, &inj, &o), SEND_OK, &o, "spool email with a line break in the subject");
    snprintf(path, sizeof path, "%s/8.eml", dir);
    check(!file_has(path, "\nBcc:") && file_has(path, "Subject: Hello  Bcc: x@evil.example\r\n"),
          "a line break in the subject cannot inject a header");

    /* A long ASCII subject is folded, not encoded; a lone dot stays data. */
    const char *long_subject = "Reminder: your payment of USD 1,234.56 for account 00012345 is due on "
                               "December 1, 2026; please call us at +1 555 0100 to arrange a plan";
    struct message folded = {.id = 9, .channel = CH_EMAIL, .to = "taro@example.jp", .subject = long_subject,
                             .body = "Line one\n.\nLine three"};
    check_send(provider_send(p, &folded, &o), SEND_OK, &o, "spool email with a long ASCII subject");
    snprintf(path, sizeof path, "%s/9.eml", dir);
    expect_dir("spool-9", long_subject, "Line one\n.\nLine three", "dun", "dun@localhost", "taro@example.jp", NULL,
               NULL, 1, ex, sizeof ex);
    check(run("/usr/bin/python3 tests/channels/check_mail.py 'folded subject' %s '<dun-9@localhost>' %s", path,
              ex) == 0,
          "a long ASCII subject folds within 78 columns and reads back whole");
    check(!file_has(path, "=?UTF-8?"), "an ASCII subject is not encoded");

    check_send(provider_send(p, &sms, &o), SEND_OK, &o, "spooling the same id again");
    check(count_prefix(dir, ".tmp-") == 0, "no temporary files left behind");
    check(count_files(dir) == 5, "one file per outbox id (%d)", count_files(dir));
    provider_free(&p);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char phone_log[512];
    snprintf(phone_log, sizeof phone_log, "%s/phone.log", env("KANNEL_DIR"));
    const char *http_log = env("HTTP_LOG");

    struct provider *k = kannel("secret", NULL);
    if (k) {
        test_sms(k, phone_log);
        test_courier(k, phone_log);
        test_wrong_password();
        test_dlr(http_log);
        test_mo(http_log);
        test_kannel_down(k, phone_log);
        provider_free(&k);
    }
    test_email();
    test_starttls();
    test_config_errors();
    test_spool();
    printf("# done\n");
    return failures ? 1 : 0;
}
