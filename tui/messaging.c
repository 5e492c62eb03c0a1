#include "tui/messaging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channels/provider.h"
#include "core/config.h"
#include "core/db/db.h"
#include "core/db/outbox.h"

const char *messaging_get(const struct messaging *m, const char *key, const char *env, const char *dflt)
{
    const char *v = env ? getenv(env) : NULL;
    if (v && *v)
        return v;
    v = m && m->conf ? config_get(m->conf, key) : NULL;
    return v && *v ? v : dflt;
}

static void warn(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "dun: %s\n", msg);
}

static bool load_conf(struct messaging *m, char *err, size_t errlen)
{
    char path[1024];
    bool missing;
    if (!config_path("dun.conf", path, sizeof path))
        return true;
    m->conf = config_load(path, warn, NULL, &missing, err, errlen);
    return m->conf || missing;
}

static void spool_dir(struct messaging *m)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    const char *dir = messaging_get(m, "spool_dir", "DUN_SPOOL_DIR", NULL);
    if (dir)
        snprintf(m->spool_dir, sizeof m->spool_dir, "%s", dir);
    else if (xdg && *xdg)
        snprintf(m->spool_dir, sizeof m->spool_dir, "%s/dun/spool", xdg);
    else if (home && *home)
        snprintf(m->spool_dir, sizeof m->spool_dir, "%s/.local/share/dun/spool", home);
    else
        snprintf(m->spool_dir, sizeof m->spool_dir, "/var/tmp/dun-spool");
}

/* A whole number from lo to hi; anything else is refused rather than read
 * as something else. */
static bool whole_setting(const struct messaging *m, const char *name, const char *env, const char *dflt, long lo,
                          long hi, const char *unit, int *out, char *err, size_t errlen)
{
    const char *v = messaging_get(m, name, env, dflt);
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < lo || n > hi) {
        snprintf(err, errlen, "%s = %s: use a whole number of %s from %ld to %ld", name, v, unit, lo, hi);
        return false;
    }
    *out = (int)n;
    return true;
}

bool messaging_load(struct messaging *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (!load_conf(m, err, errlen) ||
        !whole_setting(m, "delivery_report_hours", "DUN_DELIVERY_REPORT_HOURS", "48", 1, 720, "hours",
                       &m->delivery_report_hours, err, errlen) ||
        !whole_setting(m, "link_days", "DUN_LINK_DAYS", "14", 1, 365, "days", &m->link_days, err, errlen))
        return false;
    spool_dir(m);
    const char *token = messaging_get(m, "serve_token", "DUN_SERVE_TOKEN", "");
    const char *public_url = messaging_get(m, "public_url", "DUN_PUBLIC_URL", "http://127.0.0.1:8088");
    snprintf(m->dlr_base, sizeof m->dlr_base, "%s/dlr", public_url);
    m->sms_name = messaging_get(m, "sms_provider", "DUN_SMS_PROVIDER", "spool");
    m->email_name = messaging_get(m, "email_provider", "DUN_EMAIL_PROVIDER", "spool");
    if (strcmp(m->sms_name, "kannel") == 0) {
        struct kannel_config k = {
            .url = messaging_get(m, "kannel_url", "DUN_KANNEL_URL", "http://127.0.0.1:13013/cgi-bin/sendsms"),
            .username = messaging_get(m, "kannel_username", "DUN_KANNEL_USERNAME", ""),
            .password = messaging_get(m, "kannel_password", "DUN_KANNEL_PASSWORD", ""),
            .from = messaging_get(m, "sms_from", "DUN_SMS_FROM", "dun"),
            .dlr_url = token[0] ? m->dlr_base : NULL,
            .timeout_ms = 10000,
        };
        m->sms = provider_kannel_new(&k, err, errlen);
    } else if (strcmp(m->sms_name, "spool") == 0) {
        m->sms = provider_spool_new(m->spool_dir, err, errlen);
    } else {
        snprintf(err, errlen, "sms_provider = %s: use kannel or spool", m->sms_name);
    }
    if (!m->sms)
        return false;
    if (strcmp(m->email_name, "smtp") == 0) {
        const char *tls = messaging_get(m, "smtp_starttls", "DUN_SMTP_STARTTLS", "true");
        struct smtp_config s = {
            .url = messaging_get(m, "smtp_url", "DUN_SMTP_URL", "smtp://127.0.0.1:25"),
            .username = messaging_get(m, "smtp_username", "DUN_SMTP_USERNAME", NULL),
            .password = messaging_get(m, "smtp_password", "DUN_SMTP_PASSWORD", NULL),
            .starttls = strcmp(tls, "true") == 0,
            .insecure_tls = strcmp(messaging_get(m, "smtp_insecure_tls", "DUN_SMTP_INSECURE_TLS", "false"), "true") == 0,
            .from = messaging_get(m, "email_from", "DUN_EMAIL_FROM", "dun@localhost"),
            .reply_to = messaging_get(m, "email_reply_to", "DUN_EMAIL_REPLY_TO", NULL),
            .helo_domain = messaging_get(m, "smtp_helo", "DUN_SMTP_HELO", "localhost"),
            .timeout_ms = 15000,
        };
        m->email = provider_smtp_new(&s, err, errlen);
    } else if (strcmp(m->email_name, "spool") == 0) {
        m->email = provider_spool_new(m->spool_dir, err, errlen);
    } else {
        snprintf(err, errlen, "email_provider = %s: use smtp or spool", m->email_name);
    }
    return m->email != NULL;
}

void messaging_free(struct messaging *m)
{
    provider_free(&m->sms);
    provider_free(&m->email);
    config_free(&m->conf);
}

