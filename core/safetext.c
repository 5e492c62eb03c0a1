#include "core/safetext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/utf8.h"

bool text_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

bool text_is_bidi_override(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Characters that show as nothing: zero-width spaces and joiners, direction
 * marks, fillers, tags. Two names that look the same can differ by one. */
static bool is_invisible(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F}, {0x200B, 0x200F}, {0x2060, 0x2064}, {0x206A, 0x206F}, {0x3164, 0x3164},
        {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0x1BCA0, 0x1BCA3}, {0xE0000, 0xE007F},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return true;
    return false;
}

void sb_put_visible(struct strbuf *sb, const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t run = i; /* plain bytes go in one append */
        uint32_t cp = 0;
        size_t used = 0;
        while (run < len) {
            used = utf8_decode(s + run, len - run, &cp);
            bool invalid = cp == 0xFFFD && utf8_invalid_offset(s + run, used) != used;
            if (invalid || text_is_control(cp) || text_is_bidi_override(cp))
                break;
            run += used;
        }
        sb_append(sb, s + i, run - i);
        if (run >= len)
            break;
        bool invalid = cp == 0xFFFD && utf8_invalid_offset(s + run, used) != used;
        if (invalid || cp < 0x80)
            sb_printf(sb, "\\x%02x", (unsigned char)s[run]);
        else
            sb_printf(sb, "\\u%04x", (unsigned)cp);
        i = run + used;
    }
}

/* --- printf with the arguments escaped ------------------------------------------ */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

struct spec {
    char flags[8];
    int width;       ///< -1: none
    int precision;   ///< -1: none
    enum length len;
    char conv;
};

/* Parse the conversion after '%' at *p (the '*' arguments taken from ap);
 * *p moves past it. False when it is not one this formatter takes. */
static bool parse_spec(const char **p, struct spec *s, va_list *ap)
{
    const char *q = *p;
    size_t nf = 0;
    while (*q && strchr("-+ #0", *q) && nf + 1 < sizeof s->flags)
        s->flags[nf++] = *q++;
    s->flags[nf] = '\0';
    s->width = -1;
    if (*q == '*') {
        s->width = va_arg(*ap, int);
        if (s->width < 0) { /* a negative width is a '-' flag */
            s->width = -s->width;
            if (nf + 1 < sizeof s->flags)
                s->flags[nf++] = '-', s->flags[nf] = '\0';
        }
        q++;
    } else if (*q >= '0' && *q <= '9') {
        s->width = (int)strtol(q, (char **)&q, 10);
    }
    s->precision = -1;
    if (*q == '.') {
        q++;
        if (*q == '*') {
            int pr = va_arg(*ap, int);
            s->precision = pr < 0 ? -1 : pr;
            q++;
        } else {
            s->precision = (int)strtol(q, (char **)&q, 10);
        }
    }
    s->len = LEN_NONE;
    if (q[0] == 'h' && q[1] == 'h')
        s->len = LEN_HH, q += 2;
    else if (q[0] == 'l' && q[1] == 'l')
        s->len = LEN_LL, q += 2;
    else if (*q && strchr("hljztL", *q)) {
        static const char letters[] = "hljztL";
        static const enum length lens[] = {LEN_H, LEN_L, LEN_J, LEN_Z, LEN_T, LEN_BIG_L};
        s->len = lens[strchr(letters, *q) - letters];
        q++;
    }
    s->conv = *q;
    if (!*q || !strchr("diouxXcspfFeEgGaA", *q))
        return false;
    *p = q + 1;
    return true;
}

/* The conversion as a printf format with no '*' and no length modifier
 * beyond the one given ("%-6s", "%.1f", "%lld"). */
static void spec_format(const struct spec *s, bool keep_precision, char *out, size_t n)
{
    static const char *const mods[] = {"", "hh", "h", "l", "ll", "j", "z", "t", "L"};
    char w[16] = "", pr[16] = "";
    if (s->width >= 0)
        snprintf(w, sizeof w, "%d", s->width);
    if (keep_precision && s->precision >= 0)
        snprintf(pr, sizeof pr, ".%d", s->precision);
    snprintf(out, n, "%%%s%s%s%s%c", s->flags, w, pr, mods[s->len], s->conv);
}

/* A %s or %c argument: cut to the precision, escaped, padded to the width. */
static void put_text(struct strbuf *sb, const struct spec *s, const char *text, size_t len)
{
    if (s->precision >= 0 && (size_t)s->precision < len)
        len = (size_t)s->precision;
    char *cut = malloc(len + 1);
    if (!cut) {
        sb->failed = true;
        return;
    }
    memcpy(cut, text, len);
    cut[len] = '\0';
    struct strbuf esc = {0};
    sb_put_visible(&esc, cut);
    free(cut);
    struct spec as_s = *s;
    as_s.conv = 's'; /* %c too: the escape may be longer than one byte */
    as_s.len = LEN_NONE;
    char f[40];
    spec_format(&as_s, false, f, sizeof f);
    sb_printf(sb, f, sb_cstr(&esc));
    sb->failed |= esc.failed;
    sb_free(&esc);
}

static void put_signed(struct strbuf *sb, const struct spec *s, const char *f, va_list *ap)
{
    switch (s->len) {
    case LEN_L: sb_printf(sb, f, va_arg(*ap, long)); break;
    case LEN_LL: sb_printf(sb, f, va_arg(*ap, long long)); break;
    case LEN_J: sb_printf(sb, f, va_arg(*ap, intmax_t)); break;
    case LEN_Z: sb_printf(sb, f, va_arg(*ap, size_t)); break;
    case LEN_T: sb_printf(sb, f, va_arg(*ap, ptrdiff_t)); break;
    default: sb_printf(sb, f, va_arg(*ap, int)); break; /* hh and h are promoted to int */
    }
}

static void put_unsigned(struct strbuf *sb, const struct spec *s, const char *f, va_list *ap)
{
    switch (s->len) {
    case LEN_L: sb_printf(sb, f, va_arg(*ap, unsigned long)); break;
    case LEN_LL: sb_printf(sb, f, va_arg(*ap, unsigned long long)); break;
    case LEN_J: sb_printf(sb, f, va_arg(*ap, uintmax_t)); break;
    case LEN_Z: sb_printf(sb, f, va_arg(*ap, size_t)); break;
    case LEN_T: sb_printf(sb, f, va_arg(*ap, ptrdiff_t)); break;
    default: sb_printf(sb, f, va_arg(*ap, unsigned)); break;
    }
}

/* GCC cannot check formats built at run time; each is built from a parsed
 * conversion and given an argument of the type that conversion names. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void put_conversion(struct strbuf *sb, const struct spec *s, va_list *ap)
{
    char f[40];
    spec_format(s, true, f, sizeof f);
    switch (s->conv) {
    case 's':
    case 'c': {
        /* Wide text is turned into the locale's bytes first, then escaped. */
        struct strbuf wide = {0};
        const char *text;
        char c = 0;
        if (s->len == LEN_L && s->conv == 's') {
            const wchar_t *w = va_arg(*ap, const wchar_t *);
            sb_printf(&wide, "%ls", w ? w : L"(null)");
            text = sb_cstr(&wide);
        } else if (s->len == LEN_L) {
            sb_printf(&wide, "%lc", (wint_t)va_arg(*ap, wint_t));
            text = sb_cstr(&wide);
        } else if (s->conv == 's') {
            text = va_arg(*ap, const char *);
            if (!text)
                text = "(null)";
        } else {
            c = (char)va_arg(*ap, int);
            text = &c;
        }
        put_text(sb, s, text, s->conv == 'c' && s->len != LEN_L ? (c ? 1 : 0) : strlen(text));
        sb_free(&wide);
        break;
    }
    case 'd':
    case 'i': put_signed(sb, s, f, ap); break;
    case 'p': sb_printf(sb, f, va_arg(*ap, void *)); break;
    case 'o':
    case 'u':
    case 'x':
    case 'X': put_unsigned(sb, s, f, ap); break;
    default: /* floating point */
        if (s->len == LEN_BIG_L)
            sb_printf(sb, f, va_arg(*ap, long double));
        else
            sb_printf(sb, f, va_arg(*ap, double));
        break;
    }
}
#pragma GCC diagnostic pop

void sb_vprintf_visible(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        size_t lit = pct ? (size_t)(pct - p) : strlen(p);
        sb_append(sb, p, lit);
        if (!pct)
            break;
        p = pct + 1;
        if (*p == '%') {
            sb_putc(sb, '%');
            p++;
            continue;
        }
        struct spec s;
        const char *after = p;
        if (!parse_spec(&after, &s, &args)) { /* not a conversion we take: kept as text */
            sb_putc(sb, '%');
            continue;
        }
        put_conversion(sb, &s, &args);
        p = after;
    }
    va_end(args);
}

void sb_printf_visible(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf_visible(sb, fmt, ap);
    va_end(ap);
}

/* --- import ------------------------------------------------------------------------ */

static const char *control_name(uint32_t cp)
{
    static const char *const c0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF",
                                       "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                       "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    if (cp < 0x20)
        return c0[cp];
    return cp == 0x7F ? "DEL" : "C1 control";
}

bool text_check(const char *v, enum text_kind kind, char *why, size_t n)
{
    size_t len = strlen(v), i = 0, pos = 0;
    while (i < len) {
        unsigned char b = (unsigned char)v[i];
        pos++;
        if (b >= 0x20 && b < 0x7F) { /* printable ASCII: nothing to judge */
            i++;
            continue;
        }
        uint32_t cp;
        size_t used = utf8_decode(v + i, len - i, &cp);
        bool line_break = cp == '\n' || cp == '\r' || cp == '\t';
        if (text_is_control(cp) && !(kind == TEXT_MULTILINE && line_break)) {
            snprintf(why, n, "character %zu is a control character (U+%04X %s): remove it", pos, (unsigned)cp,
                     control_name(cp));
            return false;
        }
        if (text_is_bidi_override(cp)) {
            snprintf(why, n, "character %zu is U+%04X, a bidirectional override that changes the order text is"
                     " shown in: remove it", pos, (unsigned)cp);
            return false;
        }
        if (kind == TEXT_NAME && is_invisible(cp)) {
            snprintf(why, n, "character %zu is U+%04X, an invisible character (zero-width or direction mark): two"
                     " names that look the same would differ; remove it", pos, (unsigned)cp);
            return false;
        }
        i += used;
    }
    return true;
}
