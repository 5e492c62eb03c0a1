#include "core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void sb_json_string(struct strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                sb_printf(sb, "\\u%04x", *p);
            } else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) { /* C1: CSI on some terminals */
                sb_printf(sb, "\\u%04x", p[1]);
                p++;
            } else if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
                                        (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
                /* U+202A-U+202E, U+2066-U+2069: they reorder what a terminal shows */
                sb_printf(sb, "\\u%04x", 0x2000u | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu));
                p += 2;
            } else {
                sb_putc(sb, (char)*p);
            }
        }
    }
    sb_putc(sb, '"');
}
