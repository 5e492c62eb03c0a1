#include "core/validate.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"

bool phone_normalize(const char *text, char *out, size_t n, char *err, size_t errlen)
{
    size_t k = 0, digits = 0;
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')')
            continue;
        if (c == '+' && k == 0) {
            if (k + 1 < n)
                out[k++] = c;
            continue;
        }
        if (c < '0' || c > '9') {
            snprintf(err, errlen, "\"%s\" is not an E.164 number (e.g. +819012345678)", text);
            return false;
        }
        digits++;
        if (k + 1 < n)
            out[k++] = c;
    }
    out[k < n ? k : n - 1] = '\0';
    if (out[0] != '+' || digits < 7 || digits > 15 || out[1] == '0' || k >= n) {
        snprintf(err, errlen, "\"%s\" is not an E.164 number: it needs '+', the country code and 7-15 digits (e.g. +819012345678)", text);
        return false;
    }
    return true;
}

bool email_valid(const char *text, char *err, size_t errlen)
{
    const char *at = strchr(text, '@');
    bool ok = at && at != text && !strchr(at + 1, '@') && strlen(text) <= 254;
    if (ok) {
        const char *dot = strrchr(at + 1, '.');
        ok = dot && dot > at + 1 && dot[1] != '\0';
    }
    for (const char *p = text; ok && *p; p++)
        if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' || (unsigned char)*p < 0x20)
            ok = false;
    if (!ok)
        snprintf(err, errlen, "\"%s\" is not an email address", text);
    return ok;
}

bool bool_parse(const char *t, bool *v)
{
    static const char *yes[] = {"true", "t", "yes", "y", "1"};
    static const char *no[] = {"false", "f", "no", "n", "0"};
    for (size_t i = 0; i < 5; i++) {
        if (strcasecmp(t, yes[i]) == 0) { *v = true; return true; }
        if (strcasecmp(t, no[i]) == 0) { *v = false; return true; }
    }
    return false;
}

bool window_parse(const char *text, int *start, int *end, char *err, size_t errlen)
{
    char a[8], b[8];
    const char *dash = strchr(text, '-');
    size_t al = dash ? (size_t)(dash - text) : 0;
    if (!dash || al == 0 || al >= sizeof a || strlen(dash + 1) >= sizeof b) {
        snprintf(err, errlen, "\"%s\" is not a window: use HH:MM-HH:MM, e.g. 09:00-18:00", text);
        return false;
    }
    memcpy(a, text, al);
    a[al] = '\0';
    strcpy(b, dash + 1);
    if (!hhmm_parse(a, start) || !hhmm_parse(b, end) || *start >= 1440) {
        snprintf(err, errlen, "\"%s\" is not a window: use HH:MM-HH:MM, e.g. 09:00-18:00", text);
        return false;
    }
    if (*start >= *end) {
        snprintf(err, errlen, "\"%s\": the window must start before it ends", text);
        return false;
    }
    return true;
}

bool login_valid(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

bool word_in(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(v, *words) == 0)
            return true;
    return false;
}

/* Bytes of the character at p: its first byte and the UTF-8 continuation
 * bytes after it, so a mask never keeps half of a character. */
static size_t char_bytes(const char *p)
{
    size_t b = 1;
    while (((unsigned char)p[b] & 0xC0) == 0x80)
        b++;
    return b;
}

void contact_mask(const char *value, char *out, size_t n)
{
    const char *at = strchr(value, '@');
    if (n == 0)
        return;
    if (at) { /* the first character when it is one byte, the domain whole */
        unsigned char c0 = (unsigned char)value[0];
        if (c0 >= 0x80 || at == value)
            snprintf(out, n, "***%s", at);
        else
            snprintf(out, n, "%c***%s", value[0], at);
        return;
    }
    size_t len = 0, k = 0, i = 0;
    for (const char *p = value; *p; p += char_bytes(p))
        len++;
    for (const char *p = value; *p; p += char_bytes(p), i++) {
        bool keep = len > 7 ? i < 3 || i >= len - 4 : i + 2 >= len;
        size_t b = keep ? char_bytes(p) : 1;
        if (k + b >= n)
            break;
        memcpy(out + k, keep ? p : "*", b);
        k += b;
    }
    out[k] = '\0';
}
