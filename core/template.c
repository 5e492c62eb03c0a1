/* Message templates: merging, opt-out rules, SMS counting and the choice of
 * template (see template.h). */
#include "core/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/utf8.h"

/* ---- the merge fields ------------------------------------------------------ */

enum field_kind { F_TEXT, F_MONEY, F_DATE };

enum field_id {
    FLD_NAME, FLD_BALANCE, FLD_AMOUNT_DUE, FLD_DUE_DATE, FLD_PROMISE_AMOUNT, FLD_PROMISE_DATE,
    FLD_AGENT, FLD_COMPANY, FLD_PHONE, FLD_PAYMENT_LINK, FLD_OPT_OUT, FLD_LINK, FLD_COUNT
};

static const struct {
    const char *name;
    enum field_kind kind;
    const char *missing; ///< what to do when it has no value
} fields[FLD_COUNT] = {
    [FLD_NAME] = {"name", F_TEXT, "the account has no debtor name"},
    [FLD_BALANCE] = {"balance", F_MONEY, "the account has no balance"},
    [FLD_AMOUNT_DUE] = {"amount_due", F_MONEY, "the account has no amount due"},
    [FLD_DUE_DATE] = {"due_date", F_DATE, "the account has no due date"},
    [FLD_PROMISE_AMOUNT] = {"promise_amount", F_MONEY, "record a promise first"},
    [FLD_PROMISE_DATE] = {"promise_date", F_DATE, "record a promise first"},
    [FLD_AGENT] = {"agent", F_TEXT, "your agent display name is not set"},
    [FLD_COMPANY] = {"company", F_TEXT, "no company name is configured"},
    [FLD_PHONE] = {"phone", F_TEXT, "no call-back number is configured"},
    [FLD_PAYMENT_LINK] = {"payment_link", F_TEXT, "no payment link is configured"},
    [FLD_OPT_OUT] = {"opt_out", F_TEXT, "no opt-out instruction is configured for this channel"},
    [FLD_LINK] = {"link", F_TEXT, "no public_url is configured for dun serve's pages"},
};

static const char field_list[] = "name, balance, amount_due, due_date, promise_amount, "
                                 "promise_date, agent, company, phone, payment_link, opt_out or link";

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Copy at most max bytes of s[0..len) into out (size > max), cut on a
 * character boundary, for quoting a bad piece of template in a message. */
static void quote(const char *s, size_t len, size_t max, char *out)
{
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
}

/* One {{...}} at s (which starts with "{{"). Sets *end past the closing
 * "}}" and *id to the field, or FLD_COUNT for an unknown name (then
 * name/name_len is the name as written). False when the braces are not
 * closed on this field: no "}}" at all, or another "{{" or a line break
 * comes first. */
static bool parse_field(const char *s, const char **end, enum field_id *id, const char **name,
                        size_t *name_len)
{
    const char *p = s + 2;
    const char *close = strstr(p, "}}");
    if (!close)
        return false;
    for (const char *q = p; q < close; q++)
        if (*q == '\n' || *q == '\r' || (q[0] == '{' && q[1] == '{'))
            return false;
    const char *a = p, *b = close;
    while (a < b && is_space(*a))
        a++;
    while (b > a && is_space(b[-1]))
        b--;
    *name = a;
    *name_len = (size_t)(b - a);
    *end = close + 2;
    *id = FLD_COUNT;
    for (int i = 0; i < FLD_COUNT; i++)
        if (strlen(fields[i].name) == *name_len && memcmp(fields[i].name, a, *name_len) == 0)
            *id = (enum field_id)i;
    return true;
}

/* Check the field at s; false with err when it is unclosed or unknown. */
static bool field_at(const char *s, const char **end, enum field_id *id, char *err, size_t errlen)
{
    const char *name;
    size_t name_len;
    char shown[48];
    if (!parse_field(s, end, id, &name, &name_len)) {
        size_t len = strcspn(s, "\r\n");
        const char *next = strstr(s + 2, "{{");
        if (next && (size_t)(next - s) < len)
            len = (size_t)(next - s);
        quote(s, len, 24, shown);
        set_err(err, errlen, "\"%s\" opens a merge field that is never closed with }}", shown);
        return false;
    }
    if (*id == FLD_COUNT) {
        quote(name, name_len, 32, shown);
        set_err(err, errlen, "{{%s}} is not a merge field: use %s", shown, field_list);
        return false;
    }
    return true;
}

int template_check_each(const char *text, void (*each)(void *ctx, const char *message), void *ctx)
{
    int problems = 0;
    char err[256];
    for (const char *s = text ? strstr(text, "{{") : NULL; s; ) {
        const char *end = NULL;
        enum field_id id;
        bool good = field_at(s, &end, &id, err, sizeof err);
        if (!good) {
            problems++;
            if (each)
                each(ctx, err);
        }
        /* An unknown name was read to its "}}" (end is set); an unclosed
         * one was not, so look again just after its "{{". */
        s = strstr(end ? end : s + 2, "{{");
    }
    return problems;
}

/* The first problem template_check_each finds, for template_check. */
struct first {
    char *err;
    size_t errlen;
    bool seen;
};

static void keep_first(void *ctx, const char *message)
{
    struct first *f = ctx;
    if (!f->seen)
        set_err(f->err, f->errlen, "%s", message);
    f->seen = true;
}

bool template_check(const char *text, char *err, size_t errlen)
{
    if (!text) {
        set_err(err, errlen, "the template has no text");
        return false;
    }
    struct first f = {err, errlen, false};
    return template_check_each(text, keep_first, &f) == 0;
}

/* ---- formatting values ------------------------------------------------------ */

static bool lower_eq(char a, char b)
{
    if (a >= 'A' && a <= 'Z')
        a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z')
        b = (char)(b - 'A' + 'a');
    return a == b;
}

/* Does have (e.g. "ja") equal the primary subtag of want ("ja", "JA", "ja-JP")? */
static bool language_matches(const char *have, const char *want)
{
    if (!want)
        return false;
    size_t i = 0;
    for (; want[i] && want[i] != '-' && want[i] != '_'; i++)
        if (!have[i] || !lower_eq(have[i], want[i]))
            return false;
    return i > 0 && have[i] == '\0';
}

void template_format_date(int64_t days, const char *language, char *out, size_t n)
{
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    date_to_civil(days, &y, &m, &d);
    if (language_matches("ja", language))
        snprintf(out, n, "%d年%d月%d日", y, m, d);
    else
        snprintf(out, n, "%s %d, %d", months[m - 1], d, y);
}

/* Blank: nothing but spaces, tabs, line breaks and ideographic spaces. */
static bool blank(const char *s)
{
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
            s += 3;
        else
            return false;
    }
    return true;
}

/* The text of field id into buf (or a pointer to the caller's string).
 * NULL with err when it has no value or cannot be shown. */
static const char *field_value(enum field_id id, const struct merge_values *v, char *buf,
                               size_t n, char *err, size_t errlen)
{
    const char *name = fields[id].name;
    const char *s = NULL;
    bool has = false;
    int64_t num = 0;
    switch (id) {
    case FLD_NAME: s = v->name; break;
    case FLD_AGENT: s = v->agent; break;
    case FLD_COMPANY: s = v->company; break;
    case FLD_PHONE: s = v->phone; break;
    case FLD_PAYMENT_LINK: s = v->payment_link; break;
    case FLD_OPT_OUT: s = v->opt_out; break;
    case FLD_LINK: s = v->link; break;
    case FLD_BALANCE: has = v->has_balance; num = v->balance_minor; break;
    case FLD_AMOUNT_DUE: has = v->has_amount_due; num = v->amount_due_minor; break;
    case FLD_PROMISE_AMOUNT: has = v->has_promise; num = v->promise_minor; break;
    case FLD_DUE_DATE: has = v->has_due_date; num = v->due_date; break;
    case FLD_PROMISE_DATE: has = v->has_promise; num = v->promise_date; break;
    case FLD_COUNT: break;
    }
    switch (fields[id].kind) {
    case F_TEXT:
        if (!s || blank(s)) {
            set_err(err, errlen, "{{%s}} has no value: %s", name, fields[id].missing);
            return NULL;
        }
        if (strstr(s, "{{")) {
            set_err(err, errlen, "{{%s}} cannot be merged: its value contains {{", name);
            return NULL;
        }
        return s;
    case F_MONEY: {
        if (!has) {
            set_err(err, errlen, "{{%s}} has no value: %s", name, fields[id].missing);
            return NULL;
        }
        const struct currency *cur = currency_find(v->currency);
        if (!cur) {
            if (!v->currency || !*v->currency)
                set_err(err, errlen, "{{%s}} cannot be shown: the account has no currency", name);
            else
                set_err(err, errlen, "{{%s}} cannot be shown: the currency \"%s\" is not known", name,
                        v->currency);
            return NULL;
        }
        money_format(num, cur, false, buf, n);
        return buf;
    }
    case F_DATE:
        if (!has) {
            set_err(err, errlen, "{{%s}} has no value: %s", name, fields[id].missing);
            return NULL;
        }
        template_format_date(num, v->language, buf, n);
        return buf;
    }
    return NULL;
}

/* ---- rendering ------------------------------------------------------------- */

struct out {
    char *p;
    size_t n, len;
    bool full;
};

static void put(struct out *o, const char *s, size_t len)
{
    if (o->full || len >= o->n - o->len) {
        o->full = true;
        return;
    }
    memcpy(o->p + o->len, s, len);
    o->len += len;
    o->p[o->len] = '\0';
}

/* Would s, put after what o holds, make a {{ that neither has? Only a value
 * ending in '{' can (text before a field cannot end in '{': "{{{" opens a
 * field named "{..."). */
static bool makes_braces(const struct out *o, const char *s)
{
    return o->len > 0 && o->p[o->len - 1] == '{' && s[0] == '{';
}

static bool refuse_braces(enum field_id last, char *out, char *err, size_t errlen)
{
    set_err(err, errlen, "{{%s}} cannot be merged here: its value and what follows it make {{",
            last < FLD_COUNT ? fields[last].name : "?");
    out[0] = '\0';
    return false;
}

bool template_render(const char *text, const struct merge_values *v, char *out, size_t n,
                     char *err, size_t errlen)
{
    if (err && errlen > 0)
        err[0] = '\0';
    if (!out || n == 0) {
        set_err(err, errlen, "the message does not fit: there is no room for it");
        return false;
    }
    out[0] = '\0';
    if (!text || !v) {
        set_err(err, errlen, "%s", !text ? "the template has no text" : "there are no values to merge");
        return false;
    }
    struct out o = {out, n, 0, false};
    const char *s = text;
    enum field_id last = FLD_COUNT; /* the field merged last */
    for (;;) {
        const char *open = strstr(s, "{{");
        size_t len = open ? (size_t)(open - s) : strlen(s);
        if (len > 0 && makes_braces(&o, s))
            return refuse_braces(last, out, err, errlen);
        put(&o, s, len);
        if (!open)
            break;
        const char *end;
        enum field_id id;
        if (!field_at(open, &end, &id, err, errlen)) {
            out[0] = '\0';
            return false;
        }
        char buf[64];
        const char *val = field_value(id, v, buf, sizeof buf, err, errlen);
        if (!val) {
            out[0] = '\0';
            return false;
        }
        if (makes_braces(&o, val))
            return refuse_braces(last, out, err, errlen);
        put(&o, val, strlen(val));
        last = id;
        s = end;
    }
    if (o.full) {
        set_err(err, errlen, "the message does not fit: it is longer than %zu bytes", n - 1);
        out[0] = '\0';
        return false;
    }
    return true;
}

/* ---- opt-out ------------------------------------------------------------------ */

static bool ascii_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool template_has_field(const char *text, const char *field)
{
    if (!text || !field)
        return false;
    for (const char *s = strstr(text, "{{"); s; s = strstr(s + 2, "{{")) {
        const char *end, *name;
        size_t len;
        enum field_id id;
        if (parse_field(s, &end, &id, &name, &len) && id != FLD_COUNT && strcmp(fields[id].name, field) == 0)
            return true;
    }
    return false;
}

bool template_has_opt_out(const char *text)
{
    if (!text)
        return false;
    if (template_has_field(text, "opt_out"))
        return true;
    for (const char *s = strstr(text, "STOP"); s; s = strstr(s + 1, "STOP"))
        if ((s == text || !ascii_alnum(s[-1])) && !ascii_alnum(s[4]))
            return true;
    return utf8_contains_fold(text, "unsubscribe") || strstr(text, "配信停止") ||
           strstr(text, "配信を停止");
}

bool template_requires_opt_out(bool policy_requires, const char *channel)
{
    return policy_requires && channel && (strcmp(channel, "sms") == 0 || strcmp(channel, "email") == 0);
}

/* ---- SMS length ---------------------------------------------------------------- */

/* Septets cp takes in the GSM 03.38 default alphabet: 1 (basic set), 2
 * (extension table, sent as ESC + char), 0 (not representable). */
static int gsm_septets(uint32_t cp)
{
    if (cp == '\n' || cp == '\r')
        return 1;
    if (cp == '\f' || cp == '^' || cp == '{' || cp == '}' || cp == '\\' || cp == '[' || cp == ']' ||
        cp == '~' || cp == '|' || cp == 0x20AC)
        return 2;
    if (cp >= 0x20 && cp <= 0x7E)
        return cp == '`' ? 0 : 1;
    static const uint16_t basic[] = {
        0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
        0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
        0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393,
        0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9,
    };
    for (size_t i = 0; i < sizeof basic / sizeof basic[0]; i++)
        if (basic[i] == cp)
            return 1;
    return 0;
}

void sms_count(const char *utf8, struct sms_count *c)
{
    if (!utf8)
        utf8 = "";
    size_t len = strlen(utf8);
    c->ucs2 = false;
    int septets = 0, units = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(utf8 + i, len - i, &cp);
        int w = gsm_septets(cp);
        if (w == 0)
            c->ucs2 = true;
        septets += w;
        units += cp > 0xFFFF ? 2 : 1;
    }
    c->chars = c->ucs2 ? units : septets;
    int single = c->ucs2 ? 70 : 160, part = c->ucs2 ? 67 : 153;
    if (c->chars <= single) {
        c->segments = 1;
        return;
    }
    /* Fill parts greedily; a character that does not fit starts the next. */
    int segments = 1, used = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(utf8 + i, len - i, &cp);
        int w = c->ucs2 ? (cp > 0xFFFF ? 2 : 1) : gsm_septets(cp);
        if (used + w > part) {
            segments++;
            used = 0;
        }
        used += w;
    }
    c->segments = segments;
}

/* ---- choosing a template ------------------------------------------------------------ */

bool template_purpose_collects(const char *purpose)
{
    return strcmp(purpose, "payment_thanks") != 0 && strcmp(purpose, "opt_out_confirmation") != 0;
}

const struct template_row *template_recommend(const struct template_row *t, size_t n,
                                              const char *channel, const char *purpose,
                                              const char *language, const char *segment)
{
    if (!t || !channel || !purpose)
        return NULL;
    if (!segment)
        segment = "";
    bool has_language = language && *language && language[0] != '-' && language[0] != '_';
    const struct template_row *best = NULL;
    int best_rank = 5;
    for (size_t i = 0; i < n; i++) {
        const struct template_row *r = &t[i];
        if (strcmp(r->channel, channel) != 0 || strcmp(r->purpose, purpose) != 0)
            continue;
        bool exact = *segment && strcmp(r->segment, segment) == 0;
        bool any = r->segment[0] == '\0';
        if (!exact && !any)
            continue;
        int rank;
        if (has_language && language_matches(r->language, language))
            rank = exact ? 1 : 2;
        else if (strcmp(r->language, "en") == 0)
            rank = exact ? 3 : 4;
        else
            continue;
        if (rank < best_rank) {
            best = r;
            best_rank = rank;
        }
    }
    return best;
}

bool template_next_link_token(const char **s, char token[33])
{
    for (const char *p = *s; (p = strstr(p, "/p/")) != NULL; p += 3) {
        if (strspn(p + 3, "0123456789abcdef") != 32)
            continue;
        memcpy(token, p + 3, 32);
        token[32] = '\0';
        *s = p + 35;
        return true;
    }
    return false;
}
