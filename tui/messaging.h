/* Message delivery settings and providers, from dun.conf and the environment.
 * Secrets (gateway and SMTP passwords, the webhook token) come from the
 * config file, which must then be mode 0600, or from the environment; never
 * from argv, never printed. */
#ifndef DUN_TUI_MESSAGING_H
#define DUN_TUI_MESSAGING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

struct config;
struct provider;
struct db;
struct zone_cache;

struct messaging {
    struct config *conf;      ///< owned; may be NULL (no dun.conf)
    struct provider *sms;     ///< owned
    struct provider *email;   ///< owned
    const char *sms_name;     ///< "kannel" or "spool"
    const char *email_name;   ///< "smtp" or "spool"
    char conf_path[1024];     ///< dun.conf's path, for messages ("" when there is none)
    char spool_dir[600];
    char dlr_base[600];       ///< public_url + /dlr (each message adds its id and report key)
    int delivery_report_hours; ///< a sent SMS with no report after this long is "no_report"
    int link_days;             ///< a {{link}} stays valid this many days (1-365, default 14)
    bool smtp_starttls;        ///< smtp_starttls (default true): never send in clear unless told
    bool smtp_insecure_tls;    ///< smtp_insecure_tls (default false)
};

/** A setting: the environment variable (when env is not NULL and set), then
 *  dun.conf (m may be NULL: none), then dflt. */
const char *messaging_get(const struct messaging *m, const char *key, const char *env, const char *dflt);

/** A numeric setting: where it is read from, its default and its range. */
struct number_setting {
    const char *key;  ///< in dun.conf; NULL: the environment only
    const char *env;  ///< the environment variable; NULL: dun.conf only
    double dflt;      ///< when neither sets it (or sets it empty)
    double lo, hi;
    bool decimals;    ///< a fraction is allowed (a rate); else a whole number
    const char *unit; ///< plural, for the message: "seconds"
};

/** The one reader of numeric settings: s's value (the environment, then
 *  dun.conf, m may be NULL, then the default) into *out. A value that is not
 *  a number from lo to hi is never replaced by another: false, *out
 *  untouched, and one line in err naming where it came from and the value:
 *  "DUN_QUEUE_WHOLE=abc: use a whole number of accounts from 0 to 1000000",
 *  "/home/a/.config/dun/dun.conf: undo_seconds = ten: use ...". Callers
 *  stop with exit status 2 and that line. */
bool messaging_number(const struct messaging *m, const struct number_setting *s, double *out, char *err,
                      size_t errlen);

/** The one reader of yes/no settings (config_flag: true/false, yes/no,
 *  on/off, 1/0): the environment, then dun.conf, then dflt, into *out. Any
 *  other value is never read as either: false and one line in err naming
 *  where it came from ("DUN_SMTP_STARTTLS=maybe: use true or false"); the
 *  caller stops with exit status 2. */
bool messaging_flag(const struct messaging *m, const char *key, const char *env, bool dflt, bool *out, char *err,
                    size_t errlen);

/** Read dun.conf and check the delivery settings every command shares
 *  (delivery_report_hours, link_days, the sender's rates, connections and
 *  pause, smtp_starttls and smtp_insecure_tls). False with a sentence in err; the caller stops with exit status
 *  2 (and calls messaging_free). */
bool messaging_settings(struct messaging *m, char *err, size_t errlen);
/** Build the providers from the settings messaging_settings read. False
 *  with a sentence in err. */
bool messaging_providers(struct messaging *m, char *err, size_t errlen);
/** messaging_settings, then messaging_providers. */
bool messaging_load(struct messaging *m, char *err, size_t errlen);
void messaging_free(struct messaging *m);

#endif
