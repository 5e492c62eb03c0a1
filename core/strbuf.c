#include "core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"

static bool reserve(struct strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *d = realloc(sb->data, cap);
    if (!d) {
        sb->failed = true;
        return false;
    }
    sb->data = d;
    sb->cap = cap;
    return true;
}

void sb_append(struct strbuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s) { sb_append(sb, s, strlen(s)); }
void sb_putc(struct strbuf *sb, char c) { sb_append(sb, &c, 1); }

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

const char *sb_cstr(struct strbuf *sb)
{
    return sb->data && !sb->failed ? sb->data : "";
}

void sb_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
    free(sb->data);
    memset(sb, 0, sizeof *sb);
}

void sb_copy_field(struct strbuf *sb, const char *v, bool last)
{
    if (!v) {
        sb_puts(sb, "\\N");
    } else {
        /* Runs without a byte to escape are appended whole: imports write
         * millions of fields. */
        for (const char *p = v; *p;) {
            size_t run = strcspn(p, "\\\t\n\r");
            sb_append(sb, p, run);
            p += run;
            if (!*p)
                break;
            sb_puts(sb, *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" : "\\r");
            p++;
        }
    }
    sb_putc(sb, last ? '\n' : '\t');
}

void sb_put_int64(struct strbuf *sb, int64_t v)
{
    char text[FMT_INT_MAX];
    sb_append(sb, text, fmt_put_int64(text, v));
}

/* "\u00XX"-style escape of a code point below U+10000, lower-case hex. */
static void json_escape(struct strbuf *sb, unsigned cp)
{
    static const char hex[] = "0123456789abcdef";
    char e[6] = {'\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15]};
    sb_append(sb, e, sizeof e);
}

/* Bytes of p to escape: 0 none, else how many make up the character
 * (a C0 control or DEL, a C1 control, a bidirectional control). */
static int json_special(const unsigned char *p)
{
    if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
        return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) /* C1: CSI on some terminals */
        return 2;
    if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
        return 3; /* U+202A-U+202E, U+2066-U+2069: they reorder what a terminal shows */
    return 0;
}

void sb_json_string(struct strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;; p++) {
        int special = *p ? json_special(p) : 0;
        if (!*p || special) /* the plain bytes so far go in one append */
            sb_append(sb, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        if (!special)
            continue;
        switch (*p) {
        case '"': sb_append(sb, "\\\"", 2); break;
        case '\\': sb_append(sb, "\\\\", 2); break;
        case '\n': sb_append(sb, "\\n", 2); break;
        case '\r': sb_append(sb, "\\r", 2); break;
        case '\t': sb_append(sb, "\\t", 2); break;
        default:
            if (special == 1)
                json_escape(sb, *p);
            else if (special == 2)
                json_escape(sb, p[1]);
            else
                json_escape(sb, 0x2000u | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu));
        }
        p += special - 1;
        run = p + 1;
    }
    sb_putc(sb, '"');
}
