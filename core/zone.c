/* TZif reader (RFC 8536) and POSIX TZ footer evaluator.
 *
 * Offsets come from the transition table while it lasts and from the footer
 * rule after it, so any year is answered without the C library's tz state.
 * Leap-second records ("right/" zones) are skipped: dun_time is POSIX time. */
#include "core/zone.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SECS_PER_DAY 86400
#define HEADER_LEN 44
#define MAX_FILE (1 << 20)  // real TZif files are a few KB
#define MAX_NAME 255
#define ABBR_CAP 32
#define HMS_MAX_HOURS 167   // RFC 8536 v3: rule times within ±167h

enum rule_kind { RULE_JULIAN, RULE_ZERO_BASED, RULE_MONTH };

struct rule {
    enum rule_kind kind;
    int day;            // Jn: 1..365, n: 0..365, Mm.w.d: d 0..6
    int week, month;    // Mm.w.d only
    int32_t time;       // local seconds after midnight, may be <0 or >24h
};

struct footer {
    bool present, has_dst;
    int32_t std_off, dst_off; // seconds east of UTC
    char std_abbr[ABBR_CAP], dst_abbr[ABBR_CAP];
    struct rule start, end;
};

struct ttype {
    int32_t utoff;
    uint8_t abbr; // index into zone.abbrs
};

struct zone {
    char *name;
    size_t ntrans, ntypes;
    int64_t *trans;  // ascending transition instants
    uint8_t *tidx;   // type in force from trans[i]
    struct ttype *types;
    char *abbrs;     // NUL-terminated designations, plus a guard NUL
    struct footer ft;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- bounded big-endian reader ------------------------------------------ */

struct rd {
    const unsigned char *p;
    size_t left;
};

static const unsigned char *take(struct rd *r, uint64_t n)
{
    if (n > r->left)
        return NULL;
    const unsigned char *p = r->p;
    r->p += n;
    r->left -= (size_t)n;
    return p;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* ---- header and data block --------------------------------------------- */

struct counts {
    uint32_t isut, isstd, leap, time, type, chars;
};

static bool read_header(struct rd *r, char *version, struct counts *c)
{
    const unsigned char *h = take(r, HEADER_LEN);
    if (!h || memcmp(h, "TZif", 4) != 0)
        return false;
    *version = (char)h[4];
    c->isut = be32(h + 20);
    c->isstd = be32(h + 24);
    c->leap = be32(h + 28);
    c->time = be32(h + 32);
    c->type = be32(h + 36);
    c->chars = be32(h + 40);
    return true;
}

/* Bytes of a data block whose times are tsize (4 or 8) bytes wide. */
static uint64_t block_len(const struct counts *c, int tsize)
{
    return (uint64_t)c->time * (tsize + 1) + (uint64_t)c->type * 6 + c->chars +
           (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

static const char *check_counts(const struct counts *c)
{
    if (c->type == 0 || c->type > 256) // indices are one byte
        return "bad type count";
    if (c->chars == 0)
        return "no time zone abbreviations";
    if ((c->isut && c->isut != c->type) || (c->isstd && c->isstd != c->type))
        return "inconsistent indicator counts";
    return NULL;
}

static const char *read_transitions(struct zone *z, struct rd *r, const struct counts *c, int tsize)
{
    z->ntrans = c->time;
    if (c->time == 0)
        return NULL;
    z->trans = malloc(c->time * sizeof *z->trans);
    z->tidx = malloc(c->time);
    if (!z->trans || !z->tidx)
        return "out of memory";
    const unsigned char *t = take(r, (uint64_t)c->time * tsize);
    const unsigned char *ix = take(r, c->time);
    for (uint32_t i = 0; i < c->time; i++) {
        z->trans[i] = tsize == 8 ? be64(t + 8 * i) : (int32_t)be32(t + 4 * i);
        z->tidx[i] = ix[i];
        if (ix[i] >= c->type)
            return "transition names a missing type";
        if (i > 0 && z->trans[i] <= z->trans[i - 1])
            return "transitions out of order";
    }
    return NULL;
}

static const char *read_types(struct zone *z, struct rd *r, const struct counts *c)
{
    z->ntypes = c->type;
    z->types = malloc(c->type * sizeof *z->types);
    z->abbrs = malloc((size_t)c->chars + 1);
    if (!z->types || !z->abbrs)
        return "out of memory";
    const unsigned char *tt = take(r, (uint64_t)c->type * 6);
    for (uint32_t i = 0; i < c->type; i++) {
        const unsigned char *e = tt + 6 * i;
        z->types[i].utoff = (int32_t)be32(e);
        z->types[i].abbr = e[5];
        if (z->types[i].utoff == INT32_MIN || e[4] > 1 || e[5] >= c->chars)
            return "bad local time type";
    }
    memcpy(z->abbrs, take(r, c->chars), c->chars);
    z->abbrs[c->chars] = '\0'; // a last designation without NUL still ends
    return NULL;
}

/* Transitions and types; leap seconds and std/ut indicators are skipped. */
static const char *read_block(struct zone *z, struct rd *r, const struct counts *c, int tsize)
{
    const char *why = check_counts(c);
    if (why)
        return why;
    if (block_len(c, tsize) > r->left)
        return "truncated data";
    if ((why = read_transitions(z, r, c, tsize)) || (why = read_types(z, r, c)))
        return why;
    take(r, (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut);
    return NULL;
}

/* ---- POSIX TZ string ---------------------------------------------------- */

static bool is_alpha(char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); }
static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Up to max_digits digits; false when there are none. */
static bool num(const char **s, int max_digits, int *out)
{
    int v = 0, n = 0;
    for (; n < max_digits && is_digit(**s); n++, (*s)++)
        v = v * 10 + (**s - '0');
    *out = v;
    return n > 0;
}

/* "EST" or "<+09>"; POSIX wants at least three characters. */
static bool tz_name(const char **s, char *out)
{
    const char *p = *s;
    size_t n = 0;
    bool quoted = *p == '<';
    if (quoted)
        p++;
    while (quoted ? (is_alpha(*p) || is_digit(*p) || *p == '+' || *p == '-') : is_alpha(*p)) {
        if (n + 1 >= ABBR_CAP)
            return false;
        out[n++] = *p++;
    }
    out[n] = '\0';
    if (n < 3 || (quoted && *p++ != '>'))
        return false;
    *s = p;
    return true;
}

/* An optional ":mm" or ":ss" part; absent leaves *out at 0. */
static bool colon_field(const char **s, int *out)
{
    if (**s != ':')
        return true;
    (*s)++;
    return num(s, 2, out) && *out <= 59;
}

/* [+-]h[hh][:mm[:ss]], as seconds. Used for offsets and rule times. */
static bool tz_hms(const char **s, int32_t *out)
{
    int sign = 1, h, m = 0, sec = 0;
    if (**s == '+' || **s == '-')
        sign = *(*s)++ == '-' ? -1 : 1;
    if (!num(s, 3, &h) || h > HMS_MAX_HOURS || !colon_field(s, &m) || !colon_field(s, &sec))
        return false;
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static bool tz_rule(const char **s, struct rule *ru)
{
    bool ok;
    if (**s == 'J') {
        (*s)++;
        ru->kind = RULE_JULIAN;
        ok = num(s, 3, &ru->day) && ru->day >= 1 && ru->day <= 365;
    } else if (**s == 'M') {
        (*s)++;
        ru->kind = RULE_MONTH;
        ok = num(s, 2, &ru->month) && ru->month >= 1 && ru->month <= 12 && *(*s)++ == '.' &&
             num(s, 1, &ru->week) && ru->week >= 1 && ru->week <= 5 && *(*s)++ == '.' &&
             num(s, 1, &ru->day) && ru->day <= 6;
    } else {
        ru->kind = RULE_ZERO_BASED;
        ok = num(s, 3, &ru->day) && ru->day <= 365;
    }
    ru->time = 7200;
    if (ok && **s == '/') {
        (*s)++;
        ok = tz_hms(s, &ru->time);
    }
    return ok;
}

/* std offset [dst [offset] [,start[/time],end[/time]]] */
static bool parse_footer(const char *s, struct footer *ft)
{
    int32_t v;
    if (!tz_name(&s, ft->std_abbr) || !tz_hms(&s, &v))
        return false;
    ft->std_off = -v; // POSIX offsets count hours west
    ft->present = true;
    if (*s == '\0')
        return true;
    if (!tz_name(&s, ft->dst_abbr))
        return false;
    ft->has_dst = true;
    ft->dst_off = ft->std_off + 3600;
    if (*s != ',' && *s != '\0') {
        if (!tz_hms(&s, &v))
            return false;
        ft->dst_off = -v;
    }
    if (*s == '\0') // no rule: the customary US one, as glibc assumes
        s = ",M3.2.0,M11.1.0";
    return *s++ == ',' && tz_rule(&s, &ft->start) && *s++ == ',' && tz_rule(&s, &ft->end) &&
           *s == '\0';
}

/* The footer sits between two newlines after the v2+ data block. */
static const char *read_footer(struct zone *z, struct rd *r)
{
    const unsigned char *nl = take(r, 1);
    if (!nl || *nl != '\n')
        return "missing footer";
    const unsigned char *end = memchr(r->p, '\n', r->left);
    if (!end)
        return "unterminated footer";
    size_t n = (size_t)(end - r->p);
    char buf[256];
    if (n >= sizeof buf)
        return "footer too long";
    memcpy(buf, take(r, n + 1), n);
    buf[n] = '\0';
    if (n > 0 && !parse_footer(buf, &z->ft))
        return "bad TZ string in footer";
    return NULL;
}

/* ---- loading ------------------------------------------------------------ */

static const char *parse_all(struct zone *z, const unsigned char *buf, size_t len)
{
    struct rd r = {buf, len};
    struct counts c;
    char version;
    if (!read_header(&r, &version, &c))
        return "truncated header";
    if (version == 0)
        return read_block(z, &r, &c, 4);
    // v2+: the 32-bit block is only for old readers; skip to the 64-bit one.
    if (!take(&r, block_len(&c, 4)) || !read_header(&r, &version, &c))
        return "truncated data";
    const char *why = read_block(z, &r, &c, 8);
    return why ? why : read_footer(z, &r);
}

struct zone *zone_parse(const char *name, const unsigned char *buf, size_t len, char *err, size_t errlen)
{
    name = name ? name : "";
    if (!buf || len < 4 || memcmp(buf, "TZif", 4) != 0) {
        seterr(err, errlen, "unknown time zone \"%s\": not a TZif file", name);
        return NULL;
    }
    struct zone *z = calloc(1, sizeof *z);
    if (!z || !(z->name = strdup(name))) {
        free(z);
        seterr(err, errlen, "out of memory loading time zone \"%s\"", name);
        return NULL;
    }
    const char *why = parse_all(z, buf, len);
    if (why) {
        seterr(err, errlen, "time zone \"%s\" is corrupt: %s", name, why);
        zone_free(&z);
    }
    return z;
}

void zone_free(struct zone **z)
{
    if (!z || !*z)
        return;
    free((*z)->name);
    free((*z)->trans);
    free((*z)->tidx);
    free((*z)->types);
    free((*z)->abbrs);
    free(*z);
    *z = NULL;
}

/* IANA-looking: [A-Za-z0-9/_+-], no "..", not absolute. Checked before any
 * path is built so a name can never leave the zoneinfo directory. */
static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > MAX_NAME || name[0] == '/' || strstr(name, ".."))
        return false;
    return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789/_+-") == n;
}

/* Whole regular file, capped; NULL when missing, unreadable or too big. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_FILE &&
        (buf = malloc((size_t)st.st_size + 1))) {
        *len = fread(buf, 1, (size_t)st.st_size, f);
        if (ferror(f)) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

struct zone *zone_load(const char *name, char *err, size_t errlen)
{
    if (!name || !valid_name(name)) {
        seterr(err, errlen, "invalid time zone name \"%s\"", name ? name : "");
        return NULL;
    }
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    size_t plen = strlen(dir) + strlen(name) + 2;
    char *path = malloc(plen);
    if (!path) {
        seterr(err, errlen, "out of memory loading time zone \"%s\"", name);
        return NULL;
    }
    snprintf(path, plen, "%s/%s", dir, name);
    size_t len = 0;
    unsigned char *buf = read_file(path, &len);
    free(path);
    if (!buf) {
        seterr(err, errlen, "unknown time zone \"%s\"", name);
        return NULL;
    }
    struct zone *z = zone_parse(name, buf, len, err, errlen);
    free(buf);
    return z;
}

const char *zone_name(const struct zone *z) { return z->name; }

/* ---- evaluation --------------------------------------------------------- */

/* Day (since epoch) on which rule ru falls in year y. */
static int64_t rule_day(const struct rule *ru, int y)
{
    int64_t jan1 = date_from_civil(y, 1, 1);
    if (ru->kind == RULE_JULIAN) // Feb 29 is never counted
        return jan1 + ru->day - 1 + (ru->day >= 60 && date_days_in_month(y, 2) == 29);
    if (ru->kind == RULE_ZERO_BASED)
        return jan1 + ru->day;
    int64_t first = date_from_civil(y, ru->month, 1);
    int64_t day = first + floor_mod(ru->day - date_weekday(first), 7) + 7 * (ru->week - 1);
    if (ru->week == 5 && day >= first + date_days_in_month(y, ru->month))
        day -= 7; // "week 5" means the last such weekday
    return day;
}

/* Is DST in force at t? The latest rule change at or before t decides; the
 * years around t are all tried because rule times may spill across New Year.
 * On a tie (DST all year, e.g. "0/0,J365/25") DST wins. */
static bool footer_dst(const struct footer *ft, dun_time t)
{
    int y, m, d;
    date_to_civil(floor_div(t + ft->std_off, SECS_PER_DAY), &y, &m, &d);
    bool dst = false, found = false;
    dun_time best = 0;
    for (int yy = y - 1; yy <= y + 1; yy++) {
        dun_time on = rule_day(&ft->start, yy) * SECS_PER_DAY + ft->start.time - ft->std_off;
        dun_time off = rule_day(&ft->end, yy) * SECS_PER_DAY + ft->end.time - ft->dst_off;
        if (off <= t && (!found || off > best)) {
            best = off;
            dst = false;
            found = true;
        }
        if (on <= t && (!found || on >= best)) {
            best = on;
            dst = true;
            found = true;
        }
    }
    return dst;
}

struct period {
    int32_t off;
    const char *abbr;
};

static struct period type_period(const struct zone *z, size_t i)
{
    return (struct period){z->types[i].utoff, z->abbrs + z->types[i].abbr};
}

/* Keep rule arithmetic far from int64 overflow; such instants are fiction. */
static dun_time clamp(dun_time t)
{
    const dun_time lim = (dun_time)1 << 55; // ~1e9 years: int years stay valid
    return t > lim ? lim : t < -lim ? -lim : t;
}

static struct period footer_period(const struct footer *ft, dun_time t)
{
    if (ft->has_dst && footer_dst(ft, clamp(t)))
        return (struct period){ft->dst_off, ft->dst_abbr};
    return (struct period){ft->std_off, ft->std_abbr};
}

/* Type 0 rules before the first transition (RFC 8536); the footer rules
 * after the last one, or everywhere when there are no transitions. */
static struct period period_at(const struct zone *z, dun_time t)
{
    size_t n = z->ntrans;
    if (z->ft.present && (n == 0 || t > z->trans[n - 1]))
        return footer_period(&z->ft, t);
    if (n == 0 || t < z->trans[0])
        return type_period(z, 0);
    size_t lo = 0, hi = n; // largest i with trans[i] <= t
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return type_period(z, z->tidx[lo]);
}

int zone_offset(const struct zone *z, dun_time t) { return period_at(z, t).off; }

const char *zone_abbrev(const struct zone *z, dun_time t) { return period_at(z, t).abbr; }

struct local_time zone_local(const struct zone *z, dun_time t)
{
    int off = zone_offset(z, t);
    int64_t local = t + off;
    int64_t sod = floor_mod(local, SECS_PER_DAY);
    return (struct local_time){
        .date = floor_div(local, SECS_PER_DAY),
        .minute_of_day = (int)(sod / 60),
        .second = (int)(sod % 60),
        .offset = off,
    };
}

/* First instant in (lo, hi] whose offset differs from lo's: the transition
 * that opened a gap. */
static dun_time find_change(const struct zone *z, dun_time lo, dun_time hi)
{
    int before = zone_offset(z, lo);
    while (hi - lo > 1) {
        dun_time mid = lo + (hi - lo) / 2;
        if (zone_offset(z, mid) == before)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* Offsets a day either side bracket the answer (assumes at most one
 * transition within a day of it, true of every zone in use). */
dun_time zone_instant(const struct zone *z, int64_t date, int minute_of_day)
{
    dun_time local = date * SECS_PER_DAY + (dun_time)minute_of_day * 60;
    int early = zone_offset(z, local - SECS_PER_DAY);
    int late = zone_offset(z, local + SECS_PER_DAY);
    dun_time ta = local - early, tb = local - late;
    bool a_ok = zone_offset(z, ta) == early, b_ok = zone_offset(z, tb) == late;
    if (a_ok && b_ok)
        return ta < tb ? ta : tb; // overlap: the earlier reading
    if (a_ok || b_ok)
        return a_ok ? ta : tb;
    // Gap: the local time was skipped; tb is before the jump and ta after.
    return tb < ta ? find_change(z, tb, ta) : ta;
}

/* ---- cache -------------------------------------------------------------- */

struct zone_cache {
    struct zone **zones;
    size_t n, cap;
};

struct zone_cache *zone_cache_new(void) { return calloc(1, sizeof(struct zone_cache)); }

/* Linear search: a session sees a handful of zones. */
const struct zone *zone_cache_get(struct zone_cache *c, const char *name, char *err, size_t errlen)
{
    for (size_t i = 0; name && i < c->n; i++)
        if (strcmp(c->zones[i]->name, name) == 0)
            return c->zones[i];
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        struct zone **zs = realloc(c->zones, cap * sizeof *zs);
        if (!zs) {
            seterr(err, errlen, "out of memory loading time zone \"%s\"", name ? name : "");
            return NULL;
        }
        c->zones = zs;
        c->cap = cap;
    }
    struct zone *z = zone_load(name, err, errlen);
    if (z)
        c->zones[c->n++] = z;
    return z;
}

void zone_cache_free(struct zone_cache **c)
{
    if (!c || !*c)
        return;
    for (size_t i = 0; i < (*c)->n; i++)
        zone_free(&(*c)->zones[i]);
    free((*c)->zones);
    free(*c);
    *c = NULL;
}

void zone_format_both(dun_time t, const struct zone *debtor, const struct zone *agent, bool full, char *out,
                      size_t n)
{
    struct local_time a = zone_local(debtor, t), b = zone_local(agent, t);
    char d1[16], d2[16];
    date_format(a.date, d1, sizeof d1);
    date_format(b.date, d2, sizeof d2);
    if (full)
        snprintf(out, n, "%s %s %02d:%02d %s (your time: %s %02d:%02d %s)", date_weekday_abbrev(a.date), d1,
                 a.minute_of_day / 60, a.minute_of_day % 60, zone_abbrev(debtor, t), d2, b.minute_of_day / 60,
                 b.minute_of_day % 60, zone_abbrev(agent, t));
    else
        snprintf(out, n, "%s %s %02d:%02d %s (yours: %s %02d:%02d %s)", date_weekday_abbrev(a.date), d1 + 5,
                 a.minute_of_day / 60, a.minute_of_day % 60, zone_abbrev(debtor, t), date_weekday_abbrev(b.date),
                 b.minute_of_day / 60, b.minute_of_day % 60, zone_abbrev(agent, t));
}

/* "Fri 12-04 " when day is not today, else "". */
static void day_prefix(int64_t day, int64_t today, char *out, size_t n)
{
    int y, m, d;
    date_to_civil(day, &y, &m, &d);
    if (day == today)
        out[0] = '\0';
    else
        snprintf(out, n, "%s %02d-%02d ", date_weekday_abbrev(day), m, d);
}

void zone_format_near(dun_time t, dun_time now, const struct zone *debtor, const struct zone *agent, char *out,
                      size_t n)
{
    struct local_time a = zone_local(debtor, t), b = zone_local(agent, t);
    char da[24], db[24];
    day_prefix(a.date, zone_local(debtor, now).date, da, sizeof da);
    day_prefix(b.date, zone_local(agent, now).date, db, sizeof db);
    int len = snprintf(out, n, "%s%02d:%02d %s", da, a.minute_of_day / 60, a.minute_of_day % 60,
                       zone_abbrev(debtor, t));
    bool same = a.offset == b.offset && strcmp(zone_abbrev(debtor, t), zone_abbrev(agent, t)) == 0;
    if (!same && len >= 0 && (size_t)len < n)
        snprintf(out + len, n - (size_t)len, " (yours: %s%02d:%02d %s)", db, b.minute_of_day / 60,
                 b.minute_of_day % 60, zone_abbrev(agent, t));
}
