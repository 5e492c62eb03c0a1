#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/file.h"

struct entry {
    char *key, *value;
};

struct config {
    struct entry *e;
    size_t n, cap;
};

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void set(struct config *c, const char *key, const char *value)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->e[i].key, key) == 0) {
            free(c->e[i].value);
            c->e[i].value = strdup(value);
            return;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        struct entry *e = realloc(c->e, cap * sizeof *e);
        if (!e)
            return;
        c->e = e;
        c->cap = cap;
    }
    c->e[c->n].key = strdup(key);
    c->e[c->n].value = strdup(value);
    c->n++;
}

/* A value as written: in double quotes, all of it up to the closing quote;
 * otherwise up to a '#' that begins it or follows a space or a tab (a
 * comment after the value), trimmed. "Shop #1" keeps its '#'; so does
 * Shop#1. */
static char *unquote(char *value)
{
    for (char *close = value[0] == '"' ? strchr(value + 1, '"') : NULL; close; close = strchr(close + 1, '"')) {
        char *rest = close + 1;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (*rest == '\0' || *rest == '#') { /* the closing quote: then nothing, or a comment */
            *close = '\0';
            return value + 1;
        }
    }
    for (char *p = value; *p; p++)
        if (*p == '#' && (p == value || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    return trim(value);
}

struct config *config_parse(const char *file, const char *text, config_warn_fn warn, void *ctx)
{
    struct config *c = calloc(1, sizeof *c);
    char *copy = strdup(text ? text : "");
    if (!c || !copy) {
        free(c);
        free(copy);
        return NULL;
    }
    int lineno = 0;
    for (char *line = copy, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s:%d: expected \"key = value\"", file, lineno);
            if (warn)
                warn(ctx, msg);
            continue;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (*key == '\0') {
            char msg[512];
            snprintf(msg, sizeof msg, "%s:%d: expected \"key = value\"", file, lineno);
            if (warn)
                warn(ctx, msg);
            continue;
        }
        set(c, key, unquote(value));
    }
    free(copy);
    return c;
}

const char *config_get(const struct config *c, const char *key)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (strcmp(c->e[i].key, key) == 0)
            return c->e[i].value;
    return NULL;
}

void config_free(struct config **cp)
{
    struct config *c = *cp;
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].key);
        free(c->e[i].value);
    }
    free(c->e);
    free(c);
    *cp = NULL;
}

bool config_number(const char *text, bool decimals, double *out)
{
    double n = 0, scale = 1;
    int digits = 0;
    bool point = false;
    for (const char *p = text; *p; p++) {
        if (*p == '.' && decimals && !point && p[1]) { /* 0.5 or .5 */
            point = true;
        } else if (*p >= '0' && *p <= '9' && ++digits <= 15) {
            n = n * 10 + (*p - '0');
            if (point)
                scale *= 10;
        } else {
            return false;
        }
    }
    if (digits == 0)
        return false;
    *out = n / scale;
    return true;
}

bool config_flag(const char *text, bool *out)
{
    static const char *const on[] = {"true", "yes", "on", "1"}, *const off[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < sizeof on / sizeof *on; i++) {
        if (strcasecmp(text, on[i]) == 0)
            return *out = true, true;
        if (strcasecmp(text, off[i]) == 0)
            return *out = false, true;
    }
    return false;
}

bool config_path(const char *name, char *out, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg)
        return (size_t)snprintf(out, n, "%s/dun/%s", xdg, name) < n;
    if (home && *home)
        return (size_t)snprintf(out, n, "%s/.config/dun/%s", home, name) < n;
    return false;
}

/* --- secrets ------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A URI's password: "user:pw@" before the host, or password= in its query. */
static bool uri_has_password(const char *uri)
{
    const char *rest = strstr(uri, "://") + 3;
    size_t authority = strcspn(rest, "/?#");
    const char *at = memchr(rest, '@', authority);
    if (at && memchr(rest, ':', (size_t)(at - rest)))
        return true;
    const char *q = strchr(rest, '?');
    for (const char *p = q; p; p = strchr(p + 1, '&'))
        if (strncmp(p + 1, "password=", 9) == 0 && p[10] && p[10] != '&')
            return true;
    return false;
}

bool conninfo_has_password(const char *s)
{
    if (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0)
        return uri_has_password(s);
    /* keyword = value pairs; a value may be 'quoted' with \' and \\ inside. */
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        const char *key = s;
        while (*s && *s != '=' && *s != ' ' && *s != '\t')
            s++;
        size_t keylen = (size_t)(s - key);
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != '=')
            return false; /* not a conninfo libpq would take: nothing to judge */
        s++;
        while (*s == ' ' || *s == '\t')
            s++;
        bool empty = true;
        if (*s == '\'') {
            for (s++; *s && *s != '\''; s++) {
                if (*s == '\\' && s[1])
                    s++;
                empty = false;
            }
            if (*s)
                s++;
        } else {
            for (; *s && *s != ' ' && *s != '\t' && *s != '\n'; s++)
                empty = false;
        }
        if (keylen == 8 && strncmp(key, "password", 8) == 0 && !empty)
            return true;
    }
    return false;
}

bool config_secret(const struct config *c, char *out, size_t n)
{
    for (size_t i = 0; c && i < c->n; i++) {
        const char *k = c->e[i].key, *v = c->e[i].value;
        if (!v || !*v)
            continue;
        if (ends_with(k, "_password") || ends_with(k, "_token") || ends_with(k, "_secret")) {
            snprintf(out, n, "%s", k);
            return true;
        }
        if (strcmp(k, "database") == 0 && conninfo_has_password(v)) {
            snprintf(out, n, "the password in %s", k);
            return true;
        }
    }
    return false;
}

struct config *config_load(const char *path, config_warn_fn warn, void *ctx, bool *missing, char *err,
                           size_t errlen)
{
    *missing = false;
    char *text = file_read_all(path, NULL);
    if (!text) {
        *missing = errno == ENOENT; /* no file is no error: err stays as it was */
        if (!*missing)
            snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    struct config *c = config_parse(path, text, warn, ctx);
    free(text);
    if (!c) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    char what[160];
    struct stat st;
    mode_t open_to_others = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
    if (config_secret(c, what, sizeof what) && stat(path, &st) == 0 && (st.st_mode & open_to_others)) {
        bool readable = st.st_mode & (S_IRGRP | S_IROTH);
        snprintf(err, errlen, "%s holds a secret (%s) but others can %s it (mode %04o): chmod 600 %s", path, what,
                 readable ? "read" : "change", (unsigned)(st.st_mode & 07777), path);
        config_free(&c);
        return NULL;
    }
    return c;
}
