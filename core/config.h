/* dun.conf: "key = value" lines, '#' comments, read once at start.
 * Errors are reported as "file:line: message" and the rest still loads. */
#ifndef DUN_CORE_CONFIG_H
#define DUN_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/** Callback for each problem: "file:line: message" already formatted. */
typedef void (*config_warn_fn)(void *ctx, const char *message);

/** Parse text (named `file` in messages). Never NULL unless out of memory. */
struct config *config_parse(const char *file, const char *text, config_warn_fn warn, void *ctx);
/** Value of key, or NULL. Owned by the config. */
const char *config_get(const struct config *c, const char *key);
void config_free(struct config **c);

/** A setting's text as a number: digits, and with decimals an optional '.'
 *  and more digits ("0.5"); no sign, space, exponent or hex, at most 15
 *  digits (so the double is exact). False, *out untouched, for anything else. */
bool config_number(const char *text, bool decimals, double *out);
/** A yes/no setting: true, yes, on, 1 or false, no, off, 0 (any case) into
 *  *out; anything else false, *out untouched (never read as "off": a typo
 *  in smtp_starttls must not send in clear). */
bool config_flag(const char *text, bool *out);

/** $XDG_CONFIG_HOME/dun/NAME or $HOME/.config/dun/NAME into out. False if neither is set. */
bool config_path(const char *name, char *out, size_t n);

/**
 * Read and parse the file at path: the one way dun.conf is read. NULL with
 * *missing set when there is no such file (not an error: err is left as it
 * was); NULL with a sentence in err when
 * it cannot be read, or when it holds a secret (config_secret) while its
 * group or others may read or change it: "PATH holds a secret (smtp_password)
 * but others can read it (mode 0644): chmod 600 PATH". The caller frees the
 * config (config_free).
 */
struct config *config_load(const char *path, config_warn_fn warn, void *ctx, bool *missing, char *err,
                           size_t errlen);

/** What in c is a secret, for a message ("smtp_password", "the password in
 *  database"), into out; false when c holds none. Secrets: keys ending in
 *  _password, _token or _secret, and a database conninfo or URI that
 *  carries a password. The value itself is never copied. */
bool config_secret(const struct config *c, char *out, size_t n);

/** Does a libpq conninfo ("host=x password=y") or URI
 *  ("postgresql://user:pw@host/db", "...?password=pw") carry a password? */
bool conninfo_has_password(const char *conninfo);

#endif
