#include "core/utf8.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    unsigned char c = s[0];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < need + 1) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need + 1;
}

size_t utf8_invalid_offset(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t used = utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && used == 1) /* a valid U+FFFD takes 3 bytes */
            return i;
        i += used;
    }
    return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

struct range { uint32_t lo, hi; };

static const struct range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
    {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E},
    {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E},
    {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_table(uint32_t cp, const struct range *t, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < t[mid].lo)
            hi = mid;
        else if (cp > t[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int codepoint_width(uint32_t cp)
{
    if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (in_table(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
        return 0;
    if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

int utf8_width(const char *s)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        w += codepoint_width(cp);
    }
    return w;
}

/* Control characters (C0, DEL, C1) and the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would make
 * the terminal show the rest of the line in another order, are shown as one
 * space: never sent raw. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Columns a character takes as utf8_fit draws it. */
static int display_width(uint32_t cp)
{
    return is_control(cp) ? 1 : codepoint_width(cp);
}

static int fitted_width(const char *s)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        w += display_width(cp);
    }
    return w;
}

/* Append up to `width` columns of s to out; returns columns used and sets
 * *cut when s did not fit. */
static int append_fitting(const char *s, int width, bool ascii, char *out, size_t n, size_t *pos,
                          bool *cut)
{
    size_t len = strlen(s), i = 0;
    int used = 0;
    *cut = false;
    while (i < len) {
        uint32_t cp;
        size_t step = utf8_decode(s + i, len - i, &cp);
        int w = display_width(cp);
        if (used + w > width) {
            *cut = true;
            break;
        }
        char enc[4];
        size_t elen;
        if (is_control(cp)) {
            enc[0] = ' ';
            elen = 1;
        } else if (ascii && cp >= 0x80) {
            memset(enc, '?', (size_t)w);
            elen = (size_t)w;
        } else {
            elen = utf8_encode(cp, enc);
        }
        if (*pos + elen + 1 > n) {
            *cut = true;
            break;
        }
        memcpy(out + *pos, enc, elen);
        *pos += elen;
        used += w;
        i += step;
    }
    return used;
}

size_t utf8_fit(const char *s, int width, bool ascii, char *out, size_t n)
{
    size_t pos = 0;
    bool cut;
    if (n == 0)
        return 0;
    if (width <= 0) {
        out[0] = '\0';
        return 0;
    }
    int used = append_fitting(s, width, ascii, out, n, &pos, &cut);
    if (cut) {
        /* Re-fit one column shorter and add the ellipsis. */
        pos = 0;
        used = append_fitting(s, width - 1, ascii, out, n, &pos, &cut);
        const char *ell = ascii ? "~" : "\xE2\x80\xA6";
        size_t el = strlen(ell);
        if (pos + el + 1 <= n) {
            memcpy(out + pos, ell, el);
            pos += el;
            used++;
        }
    }
    while (used < width && pos + 2 <= n) {
        out[pos++] = ' ';
        used++;
    }
    out[pos] = '\0';
    return pos;
}

size_t utf8_fit_right(const char *s, int width, bool ascii, char *out, size_t n)
{
    int w = fitted_width(s);
    if (w >= width || n == 0)
        return utf8_fit(s, width, ascii, out, n);
    size_t pad = (size_t)(width - w);
    if (pad + 1 > n)
        pad = n - 1;
    memset(out, ' ', pad);
    return pad + utf8_fit(s, w, ascii, out + pad, n - pad);
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool utf8_contains_fold(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0)
        return true;
    for (const char *h = hay; *h; h++) {
        size_t k = 0;
        while (k < nl && h[k] && ascii_lower(h[k]) == ascii_lower(needle[k]))
            k++;
        if (k == nl)
            return true;
    }
    return false;
}

static bool word_byte(unsigned char c)
{
    return c >= 0x21 && c < 0x80; /* ASCII, not a space: part of an English word */
}

/* Marks that must not start a line (JIS X 4051 line-start prohibition, the
 * common ones). */
static bool no_line_start(uint32_t cp)
{
    static const uint32_t marks[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x300D, 0x300F, 0xFF09, 0x3011,
                                     0xFF01, 0xFF1F, 0x30FC, 0x30FB, 0x309D, 0x309E, 0x30FD, 0x30FE};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (cp == marks[i])
            return true;
    /* Small kana: ぁぃぅぇぉっゃゅょゎ ゕゖ and their katakana ァィゥェォッャュョヮ ヵヶ. */
    static const uint32_t small[] = {0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
                                     0x3095, 0x3096};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (cp == small[i] || cp == small[i] + 0x60)
            return true;
    return false;
}

size_t utf8_wrap(const char *s, int width)
{
    size_t total = strlen(s), len = 0;
    int cols = 0;
    while (len < total) {
        uint32_t cp;
        size_t step = utf8_decode(s + len, total - len, &cp);
        int cw = codepoint_width(cp);
        if (cols + cw > width && len > 0 && !no_line_start(cp))
            break;
        cols += cw;
        len += step;
    }
    if (len >= total || len == 0)
        return len ? len : total;
    /* Inside an English word: go back to its start (or the space before). */
    if (word_byte((unsigned char)s[len]) && word_byte((unsigned char)s[len - 1])) {
        size_t start = len;
        while (start > 0 && word_byte((unsigned char)s[start - 1]))
            start--;
        if (start > 0)
            len = start;
    }
    while (s[len] == ' ') /* the space at a break stays on this line */
        len++;
    return len;
}
