#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        size_t vl = strlen(value);
        if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
            value[vl - 1] = '\0';
            value++;
        }
        set(c, key, value);
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
