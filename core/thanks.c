#include "core/thanks.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

/* Spaces a person may type around a sentence, in either language. */
static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x3000;
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

/* in without the spaces at either end: [*from, *to). */
static void trim(const char *in, size_t len, size_t *from, size_t *to)
{
    size_t i = 0, end = 0;
    bool seen = false;
    *from = len;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(in + i, len - i, &cp);
        if (!is_space(cp)) {
            if (!seen)
                *from = i;
            seen = true;
            end = i + k;
        }
        i += k;
    }
    *to = seen ? end : len;
}

bool thanks_body_check(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
    size_t len = strlen(in), from, to, used = 0, chars = 0;
    out[0] = why[0] = '\0';
    if (utf8_invalid_offset(in, len) != len) {
        snprintf(why, whylen, "the text is not valid UTF-8");
        return false;
    }
    trim(in, len, &from, &to);
    for (size_t i = from; i < to;) {
        uint32_t cp;
        size_t k = utf8_decode(in + i, to - i, &cp);
        if (is_control(cp) && !is_space(cp)) {
            snprintf(why, whylen, "the text has a control character (U+%04X): write it as plain text", (unsigned)cp);
            return false;
        }
        const char *piece = in + i;
        if (cp == '\n' || cp == '\r' || cp == '\t' || cp == '\v' || cp == '\f') {
            piece = " ";
            k = 1;
            if (cp == '\r' && i + 1 < to && in[i + 1] == '\n')
                i++; /* CR LF is one line break */
        }
        chars++;
        if (used + k < outlen) {
            memcpy(out + used, piece, k);
            used += k;
        }
        i += k;
    }
    out[used] = '\0';
    if (chars == 0) {
        snprintf(why, whylen, "say what the thanks is for: the text is empty");
        return false;
    }
    if (chars > THANKS_MAX_CHARS || used + 1 >= outlen) {
        snprintf(why, whylen, "a thanks takes at most %d characters; this one has %zu", THANKS_MAX_CHARS, chars);
        return false;
    }
    return true;
}

bool thanks_people_check(int64_t giver_id, int64_t receiver_id, char *why, size_t whylen)
{
    if (giver_id != receiver_id) {
        why[0] = '\0';
        return true;
    }
    snprintf(why, whylen, "nobody thanks themselves: choose a colleague");
    return false;
}

/* ASCII case ignored, everything else exact. */
static bool same_fold(const char *a, const char *b)
{
    return strlen(a) == strlen(b) && utf8_contains_fold(a, b);
}

static bool starts_fold(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    char head[256];
    if (strlen(s) < n || n >= sizeof head)
        return false;
    memcpy(head, s, n);
    head[n] = '\0';
    return same_fold(head, prefix);
}

/* typed without surrounding spaces, into key. */
static void key_of(const char *typed, char *key, size_t n)
{
    size_t from, to;
    trim(typed, strlen(typed), &from, &to);
    snprintf(key, n, "%.*s", (int)(to - from), typed + from);
}

static bool exact(const struct thanks_person *p, const char *key)
{
    return same_fold(p->login, key) || same_fold(p->name, key);
}

static bool partial(const struct thanks_person *p, const char *key)
{
    return starts_fold(p->login, key) || utf8_contains_fold(p->name, key);
}

/* Does person i match, given whether any matches exactly? */
static bool matches(const struct thanks_person *p, const char *key, bool any_exact)
{
    return any_exact ? exact(p, key) : partial(p, key);
}

static bool any_exact(const struct thanks_person *people, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (exact(&people[i], key))
            return true;
    return false;
}

size_t thanks_match(const struct thanks_person *people, size_t n, const char *typed, size_t *first)
{
    char key[256];
    size_t count = 0;
    key_of(typed, key, sizeof key);
    *first = 0;
    if (!key[0])
        return 0;
    bool ex = any_exact(people, n, key);
    for (size_t i = 0; i < n; i++)
        if (matches(&people[i], key, ex)) {
            if (count++ == 0)
                *first = i;
        }
    return count;
}

void thanks_match_list(const struct thanks_person *people, size_t n, const char *typed, int64_t except, char *out,
                       size_t outlen)
{
    char key[256], one[220];
    size_t used = 0;
    key_of(typed, key, sizeof key);
    bool ex = key[0] && any_exact(people, n, key);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if ((key[0] && !matches(&people[i], key, ex)) || (except && people[i].id == except))
            continue;
        snprintf(one, sizeof one, "%s%s (%s)", used ? ", " : "", people[i].name, people[i].login);
        if (used + strlen(one) + 5 >= outlen) {
            snprintf(out + used, outlen - used, "%s", used ? ", ..." : "...");
            return;
        }
        memcpy(out + used, one, strlen(one) + 1);
        used += strlen(one);
    }
}
