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
    char spool_dir[600];
    char dlr_base[600];       ///< public_url + /dlr (each message adds its id and report key)
    int delivery_report_hours; ///< a sent SMS with no report after this long is "no_report"
    int link_days;             ///< a {{link}} stays valid this many days (1-365, default 14)
};

/** A setting: the environment variable (when env is not NULL and set), then
 *  dun.conf (m may be NULL: none), then dflt. */
const char *messaging_get(const struct messaging *m, const char *key, const char *env, const char *dflt);

/** Read the settings and build the providers. False with a sentence in err. */
bool messaging_load(struct messaging *m, char *err, size_t errlen);
void messaging_free(struct messaging *m);

#endif
