#include "core/inbound.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "core/validate.h"

/* --- folding ------------------------------------------------------------------ */

static bool is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F;
}

static bool is_invisible(uint32_t cp) { return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF; }

/* What people put around a one-word answer: dropped at either end. */
static bool is_edge_mark(uint32_t cp)
{
    static const uint32_t marks[] = {'.', '!', '?', ',', ';', ':', '~', '"', '\'', '(', ')', '[', ']', '*', '-',
                                     0x3001, 0x3002, 0x300C, 0x300D, 0x300E, 0x300F, 0x2026, 0xFF61, 0xFF64, 0x301C,
                                     0x30FB};
    if (is_space(cp))
        return true;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (marks[i] == cp)
            return true;
    return false;
}

static uint32_t fold_cp(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
        cp -= 0xFEE0;
    if (is_space(cp))
        return ' ';
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

/* The code point that ends s[0..len), and where it starts. */
static size_t last_cp(const char *s, size_t len, uint32_t *cp)
{
    size_t start = len - 1;
    while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80 && len - start < 4)
        start--;
    utf8_decode(s + start, len - start, cp);
    return start;
}

bool inbound_fold(const char *text, char *out, size_t n)
{
    size_t k = 0, len = strlen(text);
    bool whole = true;
    if (n == 0)
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        if (is_invisible(cp))
            continue;
        cp = fold_cp(cp);
        if (cp == ' ' && (k == 0 || out[k - 1] == ' '))
            continue; /* one space between words, none in front */
        char enc[4];
        size_t m = utf8_encode(cp, enc);
        if (k + m >= n) {
            whole = false;
            break;
        }
        memcpy(out + k, enc, m);
        k += m;
    }
    out[k] = '\0';
    /* Marks at the end ("stop.", "停止。", "STOP　"), then in front ("「停止」"). */
    uint32_t cp;
    while (k > 0) {
        size_t start = last_cp(out, k, &cp);
        if (!is_edge_mark(cp))
            break;
        k = start;
        out[k] = '\0';
    }
    size_t skip = 0;
    while (skip < k) {
        size_t m = utf8_decode(out + skip, k - skip, &cp);
        if (!is_edge_mark(cp))
            break;
        skip += m;
    }
    memmove(out, out + skip, k - skip + 1);
    return whole;
}

/* --- opt-out keywords ----------------------------------------------------------- */

/* A reply that begins with one of these asks to stop. */
static const char *const leading_keywords[] = {
    "stop", "stopall", "unsubscribe", "opt out", "opt-out", "optout",
    "停止", "配信停止", "送信停止", "配信解除", "ストップ", "止めて", "やめて", NULL,
};
/* Standard single-word requests (CTIA, the FCC's list) that also begin
 * ordinary sentences ("End of the month I'll pay"): only on their own. */
static const char *const whole_keywords[] = {"end", "cancel", "quit", "revoke", NULL};
/* Courtesy around a keyword: "please stop", "cancel please". */
static const char *const courtesy_before[] = {"please", "pls", "plz", "kindly", "すみません", "すいません", NULL};
static const char *const courtesy_after[] = {"please", "pls", "plz", "thanks", "thank you", "now", NULL};

static bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* Does s begin with word, not continued by more of an English word? Returns
 * what follows, or NULL. */
static const char *begins_with(const char *s, const char *word)
{
    size_t n = strlen(word);
    if (n == 0 || strncmp(s, word, n) != 0)
        return NULL;
    if (ascii_alnum(word[n - 1]) && ascii_alnum(s[n]))
        return NULL;
    return s + n;
}

static const char *skip_separators(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == ',')
            p++;
        else if (strncmp(p, "\xE3\x80\x81", 3) == 0) /* 、 */
            p += 3;
        else
            return p;
    }
}

static const char *drop_courtesy(const char *s)
{
    for (int round = 0; round < 3; round++) {
        const char *after = NULL;
        for (const char *const *c = courtesy_before; *c && !after; c++)
            after = begins_with(s, *c);
        if (!after)
            break;
        s = skip_separators(after);
    }
    return s;
}

static bool only_courtesy(const char *p)
{
    p = skip_separators(p);
    if (!*p)
        return true;
    for (const char *const *c = courtesy_after; *c; c++) {
        const char *after = begins_with(p, *c);
        if (after && !*skip_separators(after))
            return true;
    }
    return false;
}

/* The operator's own keywords, comma-separated, each folded. */
static bool leads_with_configured(const char *s, const char *keywords)
{
    const char *p = keywords;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char raw[128], kw[128];
        if (len < sizeof raw) {
            memcpy(raw, p, len);
            raw[len] = '\0';
            if (inbound_fold(raw, kw, sizeof kw) && kw[0] && begins_with(s, kw))
                return true;
        }
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

bool inbound_is_opt_out(const char *text, const char *keywords)
{
    char folded[512];
    bool whole = inbound_fold(text, folded, sizeof folded);
    const char *s = drop_courtesy(folded);
    for (const char *const *k = leading_keywords; *k; k++)
        if (begins_with(s, *k))
            return true;
    if (leads_with_configured(s, keywords))
        return true;
    for (const char *const *k = whole_keywords; whole && *k; k++) {
        const char *after = begins_with(s, *k);
        if (after && only_courtesy(after))
            return true;
    }
    return false;
}

/* --- originators ---------------------------------------------------------------- */

/* Countries whose numbers are written at home with a leading 0 (the trunk
 * prefix) that the international form drops: 03-1234-5678 in Tokyo is
 * +81 3 1234 5678. Countries without one (Italy keeps its 0; Spain,
 * Denmark, Norway, Singapore, Hong Kong have none) and those with another
 * prefix (8 in Russia) are left out: their national numbers are not read. */
static const char *const trunk_zero_codes[] = {
    "81", "82", "86", "886", "44", "49", "33", "31", "32", "41", "43", "46", "358", "353", "61", "64",
    "91", "63", "66", "84", "62", "60", "27", "90", "20", "234", "254", "92", "880", "94", "972", NULL,
};

/* Add "+" cc rest when it is a valid E.164 number (7-15 digits, not from 0). */
static void add_number(struct inbound_numbers *o, const char *cc, const char *rest)
{
    char num[INBOUND_NUMBER_SIZE + 8];
    int len = snprintf(num, sizeof num, "+%s%s", cc, rest);
    if (len < 8 || len > 16 || num[1] == '0' || o->n == INBOUND_MAX_NUMBERS)
        return;
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->e164[i], num) == 0)
            return;
    snprintf(o->e164[o->n++], INBOUND_NUMBER_SIZE, "%s", num);
}

bool inbound_sender_numbers(const char *from, struct inbound_numbers *out)
{
    char digits[32];
    size_t k = 0;
    bool plus = false;
    out->n = 0;
    for (const char *p = from; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')')
            continue;
        if (*p == '+' && k == 0 && !plus)
            plus = true;
        else if (*p >= '0' && *p <= '9' && k + 1 < sizeof digits)
            digits[k++] = *p;
        else
            return false; /* a name, an address, or too long for a number */
    }
    digits[k] = '\0';
    if (k == 0)
        return false;
    if (plus)
        add_number(out, "", digits);
    else if (strncmp(digits, "00", 2) == 0) /* the international call prefix */
        add_number(out, "", digits + 2);
    else if (digits[0] == '0')
        for (const char *const *cc = trunk_zero_codes; *cc; cc++)
            add_number(out, *cc, digits + 1);
    else {
        add_number(out, "", digits);
        if (k == 10 && digits[0] >= '2') /* North America: ten digits at home */
            add_number(out, "1", digits);
    }
    return out->n > 0;
}

void inbound_sender_mask(const char *from, char *out, size_t n)
{
    struct inbound_numbers nums;
    contact_mask(inbound_sender_numbers(from, &nums) && nums.n == 1 ? nums.e164[0] : from, out, n);
}
