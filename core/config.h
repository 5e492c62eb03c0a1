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

/** $XDG_CONFIG_HOME/dun/NAME or $HOME/.config/dun/NAME into out. False if neither is set. */
bool config_path(const char *name, char *out, size_t n);

#endif
