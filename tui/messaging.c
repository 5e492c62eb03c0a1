#include "tui/messaging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channels/provider.h"
#include "core/config.h"
#include "core/db/db.h"
#include "core/db/outbox.h"

/* A setting's text: the environment (when env is not NULL and it is set),
 * then dun.conf; NULL when neither sets it. *from_env says which. */
static const char *lookup(const struct messaging *m, const char *key, const char *env, bool *from_env)
{
    const char *v = env ? getenv(env) : NULL;
    *from_env = v && *v;
    if (*from_env)
        return v;
    v = key && m && m->conf ? config_get(m->conf, key) : NULL;
    return v && *v ? v : NULL;
}

const char *messaging_get(const struct messaging *m, const char *key, const char *env, const char *dflt)
{
    bool from_env;
    const char *v = lookup(m, key, env, &from_env);
    return v ? v : dflt;
}

bool messaging_number(const struct messaging *m, const struct number_setting *s, double *out, char *err,
                      size_t errlen)
{
    bool from_env;
    const char *v = lookup(m, s->key, s->env, &from_env);
    double n;
    if (!v)
        n = s->dflt;
    else if (!config_number(v, s->decimals, &n) || n < s->lo || n > s->hi) {
        if (from_env)
            snprintf(err, errlen, "%s=%s: ", s->env, v);
        else
            snprintf(err, errlen, "%s: %s = %s: ", m->conf_path, s->key, v);
        size_t used = strlen(err);
        snprintf(err + used, errlen - used, "use a %snumber of %s from %.0f to %.0f", s->decimals ? "" : "whole ",
                 s->unit, s->lo, s->hi);
        return false;
    }
    *out = n;
    return true;
}

bool messaging_flag(const struct messaging *m, const char *key, const char *env, bool dflt, bool *out, char *err,
                    size_t errlen)
{
    bool from_env;
    const char *v = lookup(m, key, env, &from_env);
    if (!v) {
        *out = dflt;
        return true;
    }
    if (config_flag(v, out))
        return true;
    if (from_env)
        snprintf(err, errlen, "%s=%s: use true or false", env, v);
    else
        snprintf(err, errlen, "%s: %s = %s: use true or false", m->conf_path, key, v);
    return false;
}

static void warn(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "dun: %s\n", msg);
}

static bool load_conf(struct messaging *m, char *err, size_t errlen)
{
    bool missing;
    if (!config_path("dun.conf", m->conf_path, sizeof m->conf_path))
        return true;
    m->conf = config_load(m->conf_path, warn, NULL, &missing, err, errlen);
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

/* The sender's settings: tui/sender.c reads them itself, clamping; checked
 * here too so that a bad one stops every command at its start instead. */
static const struct number_setting sender_numbers[] = {
    {"sms_rate", "DUN_SMS_RATE", 0, 0, 10000, true, "messages per second"},
    {"email_rate", "DUN_EMAIL_RATE", 0, 0, 10000, true, "messages per second"},
    {"sms_connections", "DUN_SMS_CONNECTIONS", 4, 1, 16, false, "connections"},
    {"email_connections", "DUN_EMAIL_CONNECTIONS", 4, 1, 16, false, "connections"},
    {"provider_pause_seconds", "DUN_PROVIDER_PAUSE_SECONDS", 300, 1, 86400, false, "seconds"},
};

bool messaging_settings(struct messaging *m, char *err, size_t errlen)
{
    static const struct number_setting report_hours = {"delivery_report_hours", "DUN_DELIVERY_REPORT_HOURS", 48,
                                                       1, 720, false, "hours"};
    static const struct number_setting link_days = {"link_days", "DUN_LINK_DAYS", 14, 1, 365, false, "days"};
    double hours, days, unused;
    memset(m, 0, sizeof *m);
    if (!load_conf(m, err, errlen) || !messaging_number(m, &report_hours, &hours, err, errlen) ||
        !messaging_number(m, &link_days, &days, err, errlen))
        return false;
    for (size_t i = 0; i < sizeof sender_numbers / sizeof *sender_numbers; i++)
        if (!messaging_number(m, &sender_numbers[i], &unused, err, errlen))
            return false;
    if (!messaging_flag(m, "smtp_starttls", "DUN_SMTP_STARTTLS", true, &m->smtp_starttls, err, errlen) ||
        !messaging_flag(m, "smtp_insecure_tls", "DUN_SMTP_INSECURE_TLS", false, &m->smtp_insecure_tls, err, errlen))
        return false;
    m->delivery_report_hours = (int)hours;
    m->link_days = (int)days;
    spool_dir(m);
    return true;
}

bool messaging_providers(struct messaging *m, char *err, size_t errlen)
{
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
        struct smtp_config s = {
            .url = messaging_get(m, "smtp_url", "DUN_SMTP_URL", "smtp://127.0.0.1:25"),
            .username = messaging_get(m, "smtp_username", "DUN_SMTP_USERNAME", NULL),
            .password = messaging_get(m, "smtp_password", "DUN_SMTP_PASSWORD", NULL),
            .starttls = m->smtp_starttls,
            .insecure_tls = m->smtp_insecure_tls,
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

bool messaging_load(struct messaging *m, char *err, size_t errlen)
{
    return messaging_settings(m, err, errlen) && messaging_providers(m, err, errlen);
}

void messaging_free(struct messaging *m)
{
    provider_free(&m->sms);
    provider_free(&m->email);
    config_free(&m->conf);
}

