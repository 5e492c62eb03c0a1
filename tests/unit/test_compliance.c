/* Unit tests for core/compliance: the contact compliance engine.
 *
 * Table-driven: one row is one case, written as data (policy, debtor,
 * history as ISO-8601 strings with offsets, channel and point, the moment,
 * and the expected verdict: allowed, the set of reason codes by name, the
 * binding reason, next_allowed or "none"). Each group runs its whole table
 * and reports every failing row by its description before failing.
 *
 * Besides the stated expectations every row checks the verdict's own
 * invariants: allowed <=> no reasons; allowed -> next_allowed == now; flag
 * reasons first, then time reasons latest-clearing first; next_allowed is
 * not before any time reason clears; the engine allows at next_allowed and
 * still blocks one second before it.
 *
 * Legal background: JP = 貸金業法21条 (and the 内閣府令 quiet hours 21:00-08:00),
 * US = Regulation F, 12 CFR 1006.6 (inconvenient times, several candidate
 * locations), 1006.14(b) (7-in-7, 7 days after a conversation, exclusions),
 * 1006.22(f)(3) (employer email), 1006.6(e) (opt-out notice). Expected
 * instants across DST were cross-checked with Python zoneinfo. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/compliance.h"
#include "core/zone.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAXP 8
#define MAXE 16
#define NO_POINT (-1)

#define TOKYO "Asia/Tokyo"
#define NEW_YORK "America/New_York"
#define LOS_ANGELES "America/Los_Angeles"
#define HONOLULU "Pacific/Honolulu"

/* ---- the table ------------------------------------------------------------ */

enum {
    F_CEASE = 1 << 0,
    F_ATTORNEY = 1 << 1,
    F_DISPUTE = 1 << 2,
    F_BANKRUPTCY = 1 << 3,
    F_DECEASED = 1 << 4,
    F_EMP_PROHIBITS = 1 << 5,
    F_WORK_CONSENT = 1 << 6,
    F_SMS_CONSENT = 1 << 7,
    F_EMAIL_CONSENT = 1 << 8,
    F_SMS_OPT_OUT = 1 << 9,
    F_EMAIL_OPT_OUT = 1 << 10,
};
#define F_CONSENT (F_SMS_CONSENT | F_EMAIL_CONSENT)

enum { NOTICE_ANY, NOTICE_YES, NOTICE_NO };

/* The points a row gets when it names none; indices for .point. */
static const char *const std_points[] = {
    "mobile +819012345678",        "home +81312345678",
    "work +81355556666",           "email taro@example.jp",
    "work_email taro@corp.example", "address 1-1-1_Chiyoda_Tokyo",
};
enum { P_MOBILE, P_HOME, P_WORK, P_EMAIL, P_WORK_EMAIL, P_ADDR };

struct row {
    const char *desc;
    const char *policy;              ///< "JP" or "US"
    void (*tweak)(struct policy *);  ///< optional change to the defaults
    const char *zones;               ///< "Asia/Tokyo" or "A|B" (candidate zones); "?Name": a zone that did
                                     ///< not load (unknown_zone); "" no zone at all
    const char *balance;             ///< "USD -500" (minor units); NULL: not loaded
    unsigned flags;                  ///< F_*
    const char *status;              ///< the account's status; NULL: "active"
    const char *window;              ///< "10:00-18:00" or NULL
    const char *points[MAXP];        ///< "kind target [bad] [dnc]"; none: std_points
    const char *events[MAXE];        ///< "ISO channel in|out outcome [consent]"
    const char *channel;             ///< "phone", "sms", "email", "letter"
    int point;                       ///< index into the points, NO_POINT for none
    const char *now;                 ///< ISO-8601 with offset
    bool allowed;
    const char *reasons;             ///< "a,b" (a set; "" when allowed)
    const char *binding;             ///< the first reason; NULL when allowed
    const char *next;                ///< ISO-8601 or "none"
    bool ordered;                    ///< reasons must come in exactly this order
    const char *clears;              ///< optional "code@ISO": that reason's clears_at
    int notice;                      ///< NOTICE_*: needs_opt_out_notice
};

/* ---- building a case ------------------------------------------------------ */

static struct zone_cache *cache;

struct fixture {
    struct policy p;
    struct debtor d;
    struct contact_point pts[MAXP];
    struct contact_event ev[MAXE];
    const struct contact_point *point;
    enum channel ch;
    dun_time now;
};

struct msg {
    char buf[4096];
    size_t len;
    int n;
};

static void note(struct msg *m, const char *fmt, ...)
{
    if (m->len >= sizeof m->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(m->buf + m->len, sizeof m->buf - m->len, fmt, ap);
    va_end(ap);
    if (w > 0)
        m->len += (size_t)w < sizeof m->buf - m->len ? (size_t)w : sizeof m->buf - m->len - 1;
    m->n++;
}

static dun_time iso(const char *s)
{
    dun_time t = 0;
    if (!iso8601_parse(s, &t))
        fail_msg("bad ISO-8601 in the table: \"%s\"", s);
    return t;
}

/* t as local ISO in the debtor's first zone, for messages. */
static const char *show(const struct debtor *d, dun_time t, char *out, size_t n)
{
    int off = d->nzones > 0 ? zone_offset(d->zones[0], t) : 0;
    iso8601_format(t, off, true, out, n);
    return out;
}

static bool parse_point(const char *spec, struct contact_point *pt)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s", spec);
    memset(pt, 0, sizeof *pt);
    char *save = NULL;
    char *kind = strtok_r(buf, " ", &save), *target = strtok_r(NULL, " ", &save);
    if (!kind || !target)
        return false;
    static const struct {
        const char *name;
        enum point_kind kind;
        enum channel ch;
    } kinds[] = {
        {"mobile", PK_MOBILE, CH_PHONE},          {"home", PK_HOME, CH_PHONE},
        {"work", PK_WORK, CH_PHONE},              {"email", PK_PERSONAL_EMAIL, CH_EMAIL},
        {"work_email", PK_WORK_EMAIL, CH_EMAIL}, {"address", PK_ADDRESS, CH_LETTER},
    };
    size_t k = 0;
    while (k < N(kinds) && strcmp(kinds[k].name, kind) != 0)
        k++;
    if (k == N(kinds))
        return false;
    pt->kind = kinds[k].kind;
    pt->channel = kinds[k].ch;
    snprintf(pt->target, sizeof pt->target, "%s", target);
    for (char *w; (w = strtok_r(NULL, " ", &save));) {
        if (strcmp(w, "bad") == 0)
            pt->bad = true;
        else if (strcmp(w, "dnc") == 0)
            pt->dnc = true;
        else
            return false;
    }
    return true;
}

static bool parse_event(const char *spec, struct contact_event *e)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s", spec);
    memset(e, 0, sizeof *e);
    char *save = NULL;
    char *at = strtok_r(buf, " ", &save), *ch = strtok_r(NULL, " ", &save);
    char *dir = strtok_r(NULL, " ", &save), *outcome = strtok_r(NULL, " ", &save);
    if (!at || !ch || !dir || !outcome || !iso8601_parse(at, &e->at) || !channel_parse(ch, &e->channel))
        return false;
    if (strcmp(dir, "out") != 0 && strcmp(dir, "in") != 0)
        return false;
    e->outbound = strcmp(dir, "out") == 0;
    snprintf(e->outcome, sizeof e->outcome, "%s", outcome);
    for (char *w; (w = strtok_r(NULL, " ", &save));) {
        if (strcmp(w, "consent") == 0)
            e->consent_given = true;
        else
            return false;
    }
    return true;
}

/* The debtor's zones: from a ring of arrays, so that each debtor a test
 * builds keeps its own while it is checked. */
static void load_zones(struct debtor *d, const char *spec)
{
    static const struct zone *ring[8][16];
    static char unknown[8][80];
    static int next;
    const struct zone **zs = ring[next];
    char buf[300];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    d->nzones = 0;
    d->unknown_zone = NULL;
    for (char *name = strtok_r(buf, "|", &save); name; name = strtok_r(NULL, "|", &save)) {
        if (name[0] == '?') { /* a stored zone that does not load */
            snprintf(unknown[next], sizeof unknown[next], "%s", name + 1);
            d->unknown_zone = unknown[next];
            continue;
        }
        char err[256] = "";
        const struct zone *z = zone_cache_get(cache, name, err, sizeof err);
        if (!z)
            fail_msg("zone %s: %s", name, err);
        assert_true(d->nzones < (int)N(ring[0]));
        zs[d->nzones++] = z;
    }
    d->zones = zs;
    next = (next + 1) % (int)N(ring);
}

static void load_balance(struct debtor *d, const char *spec)
{
    long long minor;
    if (!spec)
        return;
    if (sscanf(spec, "%3s %lld", d->currency, &minor) != 2)
        fail_msg("bad balance \"%s\" in the table", spec);
    d->has_balance = true;
    d->balance_minor = minor;
}

static void build(const struct row *r, struct fixture *f)
{
    memset(f, 0, sizeof *f);
    if (strcmp(r->policy, "JP") == 0)
        policy_default_jp(&f->p);
    else if (strcmp(r->policy, "US") == 0)
        policy_default_us(&f->p);
    else
        fail_msg("%s: unknown policy %s", r->desc, r->policy);
    if (r->tweak)
        r->tweak(&f->p);

    struct debtor *d = &f->d;
    load_zones(d, r->zones);
    load_balance(d, r->balance);
    if (r->window) {
        char a[8], b[8];
        if (sscanf(r->window, "%5[0-9:]-%5[0-9:]", a, b) != 2 || !hhmm_parse(a, &d->window_start) ||
            !hhmm_parse(b, &d->window_end))
            fail_msg("%s: bad window %s", r->desc, r->window);
        d->has_window = true;
    }
    d->cease = r->flags & F_CEASE;
    d->attorney = r->flags & F_ATTORNEY;
    d->dispute = r->flags & F_DISPUTE;
    d->bankruptcy = r->flags & F_BANKRUPTCY;
    d->deceased = r->flags & F_DECEASED;
    d->employer_prohibits_contact = r->flags & F_EMP_PROHIBITS;
    d->workplace_contact_consent = r->flags & F_WORK_CONSENT;
    d->sms_consent = r->flags & F_SMS_CONSENT;
    d->email_consent = r->flags & F_EMAIL_CONSENT;
    d->sms_opt_out = r->flags & F_SMS_OPT_OUT;
    d->email_opt_out = r->flags & F_EMAIL_OPT_OUT;
    snprintf(d->status, sizeof d->status, "%s", r->status ? r->status : "active");

    const char *const *specs = r->points[0] ? r->points : std_points;
    size_t np = r->points[0] ? MAXP : N(std_points);
    for (size_t i = 0; i < np && specs[i]; i++) {
        if (!parse_point(specs[i], &f->pts[d->npoints]))
            fail_msg("%s: bad point \"%s\"", r->desc, specs[i]);
        d->npoints++;
    }
    d->points = f->pts;
    for (size_t i = 0; i < MAXE && r->events[i]; i++) {
        if (!parse_event(r->events[i], &f->ev[d->nevents]))
            fail_msg("%s: bad event \"%s\"", r->desc, r->events[i]);
        d->nevents++;
    }
    d->events = f->ev;

    if (!channel_parse(r->channel, &f->ch))
        fail_msg("%s: bad channel %s", r->desc, r->channel);
    if (r->point != NO_POINT) {
        if (r->point < 0 || (size_t)r->point >= d->npoints)
            fail_msg("%s: point %d not in the table", r->desc, r->point);
        f->point = &f->pts[r->point];
    }
    f->now = iso(r->now);
}

/* ---- checking a case ------------------------------------------------------- */

static void reason_list(const struct verdict *v, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < v->nreasons && len < n; i++) {
        int w = snprintf(out + len, n - len, "%s%s", i ? "," : "", reason_name(v->reasons[i].code));
        if (w > 0)
            len += (size_t)w;
    }
}

/* Expected reason names into codes; returns the count. */
static int expected_codes(const struct row *r, enum reason_code *codes, int max)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s", r->reasons ? r->reasons : "");
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (n == max || !reason_parse(w, &codes[n]))
            fail_msg("%s: bad reason name \"%s\" in the table", r->desc, w);
        n++;
    }
    return n;
}

static void check_row(const struct row *r, struct msg *m)
{
    struct fixture f;
    build(r, &f);
    const struct debtor *d = &f.d;
    struct verdict v;
    compliance_check(&f.p, d, f.ch, f.point, f.now, &v);

    char got[400], a[48], b[48];
    reason_list(&v, got, sizeof got);

    if (v.channel != f.ch)
        note(m, "\n    channel %s, want %s", channel_name(v.channel), channel_name(f.ch));
    if (strcmp(v.target, f.point ? f.point->target : "") != 0)
        note(m, "\n    target \"%s\", want \"%s\"", v.target, f.point ? f.point->target : "");
    if (v.allowed != r->allowed)
        note(m, "\n    allowed=%d, want %d (reasons: %s)", v.allowed, r->allowed, got);

    /* the set of reasons */
    enum reason_code want[MAX_REASONS + 4];
    int nwant = expected_codes(r, want, (int)N(want));
    int cnt_got[R_COUNT] = {0}, cnt_want[R_COUNT] = {0};
    for (int i = 0; i < v.nreasons; i++)
        cnt_got[v.reasons[i].code]++;
    for (int i = 0; i < nwant; i++)
        cnt_want[want[i]]++;
    if (memcmp(cnt_got, cnt_want, sizeof cnt_got) != 0)
        note(m, "\n    reasons {%s}, want {%s}", got, r->reasons ? r->reasons : "");
    else if (r->ordered)
        for (int i = 0; i < nwant; i++)
            if (v.reasons[i].code != want[i]) {
                note(m, "\n    reasons in order %s, want %s", got, r->reasons);
                break;
            }

    /* the binding reason */
    if (r->binding) {
        if (v.nreasons == 0)
            note(m, "\n    no binding reason, want %s", r->binding);
        else if (strcmp(reason_name(v.reasons[0].code), r->binding) != 0)
            note(m, "\n    binding %s, want %s (reasons: %s)", reason_name(v.reasons[0].code), r->binding,
                 got);
    }

    /* next_allowed */
    if (strcmp(r->next, "none") == 0) {
        if (v.has_next)
            note(m, "\n    next_allowed %s, want none", show(d, v.next_allowed, a, sizeof a));
    } else {
        dun_time want_next = iso(r->next);
        if (!v.has_next)
            note(m, "\n    next_allowed none, want %s", show(d, want_next, b, sizeof b));
        else if (v.next_allowed != want_next)
            note(m, "\n    next_allowed %s, want %s", show(d, v.next_allowed, a, sizeof a),
                 show(d, want_next, b, sizeof b));
    }

    /* one reason's clears_at */
    if (r->clears) {
        char code_s[40];
        const char *at = strchr(r->clears, '@');
        enum reason_code code = R_COUNT;
        if (!at || (size_t)(at - r->clears) >= sizeof code_s)
            fail_msg("%s: bad clears spec %s", r->desc, r->clears);
        snprintf(code_s, sizeof code_s, "%.*s", (int)(at - r->clears), r->clears);
        if (!reason_parse(code_s, &code))
            fail_msg("%s: bad clears reason %s", r->desc, code_s);
        dun_time want_at = iso(at + 1);
        int i = 0;
        while (i < v.nreasons && v.reasons[i].code != code)
            i++;
        if (i == v.nreasons)
            note(m, "\n    no %s reason to check clears_at", code_s);
        else if (!v.reasons[i].clears || v.reasons[i].clears_at != want_at)
            note(m, "\n    %s clears=%d at %s, want at %s", code_s, v.reasons[i].clears,
                 show(d, v.reasons[i].clears_at, a, sizeof a), show(d, want_at, b, sizeof b));
    }

    if (r->notice != NOTICE_ANY && v.needs_opt_out_notice != (r->notice == NOTICE_YES))
        note(m, "\n    needs_opt_out_notice=%d, want %d", v.needs_opt_out_notice, r->notice == NOTICE_YES);

    /* ---- invariants of any verdict ---- */
    if (v.allowed != (v.nreasons == 0))
        note(m, "\n    allowed=%d with %d reasons", v.allowed, v.nreasons);
    if (v.allowed && (!v.has_next || v.next_allowed != f.now))
        note(m, "\n    allowed but next_allowed is not now");
    dun_time latest = f.now;
    bool seen_time = false;
    for (int i = 0; i < v.nreasons; i++) {
        const struct reason *x = &v.reasons[i];
        if (x->text[0] == '\0')
            note(m, "\n    reason %s without text", reason_name(x->code));
        if (!x->clears) {
            if (seen_time)
                note(m, "\n    flag reason %s after a time reason", reason_name(x->code));
            continue;
        }
        if (x->clears_at <= f.now)
            note(m, "\n    time reason %s clears at %s, not after now", reason_name(x->code),
                 show(d, x->clears_at, a, sizeof a));
        if (seen_time && x->clears_at > v.reasons[i - 1].clears_at)
            note(m, "\n    time reason %s clears after the one before it", reason_name(x->code));
        if (x->clears_at > latest)
            latest = x->clears_at;
        seen_time = true;
    }
    if (!v.allowed && v.nreasons > 0 && !v.reasons[0].clears && v.has_next)
        note(m, "\n    a flag reason binds but next_allowed is set");
    if (!v.allowed && v.has_next) {
        if (v.next_allowed < latest)
            note(m, "\n    next_allowed %s before a time reason clears (%s)",
                 show(d, v.next_allowed, a, sizeof a), show(d, latest, b, sizeof b));
        struct verdict w;
        compliance_check(&f.p, d, f.ch, f.point, v.next_allowed, &w);
        if (!w.allowed) {
            reason_list(&w, got, sizeof got);
            note(m, "\n    not allowed at its own next_allowed %s (%s)", show(d, v.next_allowed, a, sizeof a),
                 got);
        }
        compliance_check(&f.p, d, f.ch, f.point, v.next_allowed - 1, &w);
        if (w.allowed)
            note(m, "\n    already allowed one second before next_allowed %s",
                 show(d, v.next_allowed, a, sizeof a));
    }
}

static void run_rows(const char *group, const struct row *rows, size_t n)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        struct msg m = {.len = 0, .n = 0};
        m.buf[0] = '\0';
        check_row(&rows[i], &m);
        if (m.n) {
            print_error("FAIL %s[%zu] %s:%s\n", group, i, rows[i].desc, m.buf);
            failed++;
        }
    }
    if (failed)
        fail_msg("%s: %d of %zu rows failed", group, failed, n);
}

#define RUN(group, rows) run_rows(group, rows, N(rows))

/* ---- policy tweaks ---------------------------------------------------------- */

static void no_daily_cap(struct policy *p) { p->phone_daily_cap = 0; }
static void quiet_letters_too(struct policy *p) { p->quiet_channels |= CH_BIT(CH_LETTER); }
static void no_window(struct policy *p) { p->preferred_window = false; }
static void no_quiet(struct policy *p) { p->quiet_start = p->quiet_end = 0; }
static void no_quiet_no_cap(struct policy *p) { p->quiet_start = p->quiet_end = p->phone_daily_cap = 0; }
static void seven_is_three(struct policy *p) { p->calls_in_7_days = 3; }

/* ---- 1. quiet hours -------------------------------------------------------------- */

static const struct row quiet_rows[] = {
    {.desc = "JP phone 20:59:59 local is allowed", .policy = "JP", .zones = TOKYO, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-16T20:59:59+09:00", .allowed = true, .reasons = "",
     .next = "2026-11-16T20:59:59+09:00", .notice = NOTICE_NO},
    {.desc = "JP phone 21:00:00 local is quiet; opens 08:00 the next day", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T21:00:00+09:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-17T08:00:00+09:00",
     .clears = "quiet_hours@2026-11-17T08:00:00+09:00"},
    {.desc = "JP phone 07:59:59 local is quiet; opens 08:00 the same day", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_HOME, .now = "2026-11-17T07:59:59+09:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP phone 08:00:00 local is allowed", .policy = "JP", .zones = TOKYO, .channel = "phone",
     .point = P_HOME, .now = "2026-11-17T08:00:00+09:00", .allowed = true, .reasons = "",
     .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP phone at local midnight given in UTC (15:00Z) is quiet", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T15:00:00Z", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-16T23:00:00Z"},
    {.desc = "US New York phone 20:59:59 EST is allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-16T20:59:59-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-16T20:59:59-05:00", .notice = NOTICE_NO},
    {.desc = "US New York phone 21:00:00 EST is blocked; opens 08:00 the next day", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T21:00:00-05:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-17T08:00:00-05:00"},
    {.desc = "US New York phone 07:59:59 EST is blocked; opens 08:00", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-17T07:59:59-05:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-17T08:00:00-05:00"},
    {.desc = "US New York phone 08:00:00 EST is allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-17T08:00:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-17T08:00:00-05:00"},
    {.desc = "US Honolulu (no DST) 20:59 HST in July is allowed", .policy = "US", .zones = HONOLULU,
     .channel = "phone", .point = P_MOBILE, .now = "2026-07-01T20:59:00-10:00", .allowed = true, .reasons = "",
     .next = "2026-07-01T20:59:00-10:00"},
    {.desc = "US Honolulu 21:00 HST in July is blocked; opens 08:00 HST = 18:00Z", .policy = "US",
     .zones = HONOLULU, .channel = "phone", .point = P_MOBILE, .now = "2026-07-02T07:00:00Z",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-07-02T18:00:00Z"},
    {.desc = "US Honolulu 07:59 HST in January (17:59Z) is blocked; opens 18:00Z", .policy = "US",
     .zones = HONOLULU, .channel = "phone", .point = P_MOBILE, .now = "2026-01-15T17:59:00Z",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-01-15T08:00:00-10:00"},
    {.desc = "US Honolulu 08:00 HST in January is allowed", .policy = "US", .zones = HONOLULU,
     .channel = "phone", .point = P_MOBILE, .now = "2026-01-15T08:00:00-10:00", .allowed = true,
     .reasons = "", .next = "2026-01-15T18:00:00Z"},
    {.desc = "JP SMS at 21:30 is quiet (conservative default)", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T21:30:00+09:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-17T08:00:00+09:00",
     .notice = NOTICE_NO},
    {.desc = "JP letter at 21:30 is allowed (quiet hours do not apply to post)", .policy = "JP",
     .zones = TOKYO, .channel = "letter", .point = P_ADDR, .now = "2026-11-16T21:30:00+09:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T21:30:00+09:00", .notice = NOTICE_NO},
    {.desc = "JP email at 03:00 is quiet; opens 08:00", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-17T03:00:00+09:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-17T08:00:00+09:00", .notice = NOTICE_NO},
    {.desc = "US email at 21:30 is an inconvenient time; carries the opt-out notice", .policy = "US",
     .zones = NEW_YORK, .flags = F_CONSENT, .channel = "email", .point = P_EMAIL,
     .now = "2026-11-16T21:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-17T08:00:00-05:00", .notice = NOTICE_YES},
    {.desc = "US letter at 23:00 is allowed", .policy = "US", .zones = NEW_YORK, .channel = "letter",
     .point = P_ADDR, .now = "2026-11-16T23:00:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-16T23:00:00-05:00", .notice = NOTICE_NO},
    {.desc = "JP tweak: quiet hours for letters too -> letter at 21:30 blocked", .policy = "JP",
     .tweak = quiet_letters_too, .zones = TOKYO, .channel = "letter", .point = P_ADDR,
     .now = "2026-11-16T21:30:00+09:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP tweak: no quiet hours (start == end) -> phone at 23:00 allowed", .policy = "JP",
     .tweak = no_quiet, .zones = TOKYO, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T23:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T23:00:00+09:00"},
};

static void test_quiet_hours(void **state)
{
    (void)state;
    RUN("quiet", quiet_rows);
}

/* ---- 2. US daylight saving time ---------------------------------------------------- */

static const struct row dst_rows[] = {
    {.desc = "spring forward: blocked 2026-03-07 21:30 EST opens 2026-03-08 08:00 EDT = 12:00Z",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .now = "2026-03-07T21:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-03-08T12:00:00Z", .clears = "quiet_hours@2026-03-08T08:00:00-04:00"},
    {.desc = "spring forward: 01:59:59 EST (just before the gap) opens 08:00 EDT", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-03-08T01:59:59-05:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-03-08T08:00:00-04:00"},
    {.desc = "spring forward: 03:00 EDT (just after the gap) is still quiet", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-03-08T07:00:00Z",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-03-08T08:00:00-04:00"},
    {.desc = "spring forward day: 07:59 EDT blocked", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-03-08T07:59:00-04:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-03-08T08:00:00-04:00"},
    {.desc = "spring forward day: 11:59:59Z = 07:59:59 EDT blocked (not 06:59 EST)", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-03-08T11:59:59Z",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-03-08T12:00:00Z"},
    {.desc = "spring forward day: 08:00 EDT allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-03-08T12:00:00Z", .allowed = true, .reasons = "",
     .next = "2026-03-08T08:00:00-04:00"},
    {.desc = "spring forward day: 20:59 EDT allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-03-08T20:59:00-04:00", .allowed = true, .reasons = "",
     .next = "2026-03-08T20:59:00-04:00"},
    {.desc = "spring forward day: 21:00 EDT blocked; opens 2026-03-09 08:00 EDT", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-03-08T21:00:00-04:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-03-09T08:00:00-04:00"},
    {.desc = "fall back: blocked 2026-10-31 21:30 EDT opens 2026-11-01 08:00 EST = 13:00Z", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-10-31T21:30:00-04:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-01T13:00:00Z"},
    {.desc = "fall back: the first 01:30 (EDT) opens 08:00 EST", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-01T01:30:00-04:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-01T08:00:00-05:00"},
    {.desc = "fall back: the second 01:30 (EST) opens 08:00 EST", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-01T01:30:00-05:00", .reasons = "quiet_hours",
     .binding = "quiet_hours", .next = "2026-11-01T08:00:00-05:00"},
    {.desc = "fall back day: 07:59 EST (12:59Z) blocked", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-01T12:59:00Z", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-01T08:00:00-05:00"},
    {.desc = "fall back day: 08:00 EST allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-01T08:00:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-01T08:00:00-05:00"},
    {.desc = "fall back day: 20:59 EST allowed", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-01T20:59:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-01T20:59:00-05:00"},
    {.desc = "fall back day: 21:00 EST (02:00Z) blocked; opens 2026-11-02 08:00 EST", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .now = "2026-11-02T02:00:00Z",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-02T08:00:00-05:00"},
    {.desc = "7-in-7 across spring forward: one call a day 03-02..03-08 -> opens 03-09 08:00 EDT",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-03-02T10:00:00-05:00 phone out no_answer", "2026-03-03T10:00:00-05:00 phone out no_answer",
                "2026-03-04T10:00:00-05:00 phone out no_answer", "2026-03-05T10:00:00-05:00 phone out no_answer",
                "2026-03-06T10:00:00-05:00 phone out no_answer", "2026-03-07T10:00:00-05:00 phone out no_answer",
                "2026-03-08T10:00:00-04:00 phone out no_answer"},
     .now = "2026-03-08T12:00:00-04:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-03-09T08:00:00-04:00", .clears = "seven_in_seven@2026-03-09T00:00:00-04:00"},
    {.desc = "conversation 10-28 (EDT): day 7 is 11-03 (EST) blocked; opens 11-04 08:00 EST", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-10-28T10:00:00-04:00 phone out conversation"}, .now = "2026-11-03T12:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-04T08:00:00-05:00",
     .clears = "after_conversation@2026-11-04T00:00:00-05:00"},
};

static void test_dst(void **state)
{
    (void)state;
    RUN("dst", dst_rows);
}

/* ---- 3. several candidate zones ------------------------------------------------------ */

static const struct row zones_rows[] = {
    {.desc = "NY|LA: 08:30 New York = 05:30 Los Angeles -> blocked; opens 08:00 LA", .policy = "US",
     .zones = NEW_YORK "|" LOS_ANGELES, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T08:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-16T08:00:00-08:00"},
    {.desc = "LA|NY (order reversed): 08:30 New York -> blocked; opens 08:00 LA", .policy = "US",
     .zones = LOS_ANGELES "|" NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T08:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-16T16:00:00Z"},
    {.desc = "NY|LA: 20:30 Los Angeles = 23:30 New York -> blocked; opens 08:00 LA next day", .policy = "US",
     .zones = NEW_YORK "|" LOS_ANGELES, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T20:30:00-08:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-17T08:00:00-08:00"},
    {.desc = "NY|LA: 12:00 New York = 09:00 LA -> allowed", .policy = "US", .zones = NEW_YORK "|" LOS_ANGELES,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "NY|LA: 17:59 LA = 20:59 NY -> allowed", .policy = "US", .zones = NEW_YORK "|" LOS_ANGELES,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T17:59:00-08:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T17:59:00-08:00"},
    {.desc = "NY|LA: 18:00 LA = 21:00 NY -> blocked; opens 08:00 LA next day", .policy = "US",
     .zones = NEW_YORK "|" LOS_ANGELES, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T18:00:00-08:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-17T08:00:00-08:00"},
    {.desc = "NY|Honolulu: 12:59 NY = 07:59 HST -> blocked; opens 13:00 NY", .policy = "US",
     .zones = NEW_YORK "|" HONOLULU, .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:59:00-05:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-16T13:00:00-05:00"},
    {.desc = "NY|Honolulu: 13:00 NY = 08:00 HST -> allowed", .policy = "US", .zones = NEW_YORK "|" HONOLULU,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T13:00:00-05:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T13:00:00-05:00"},
    {.desc = "NY|LA SMS: 08:30 NY -> blocked in LA too (all communications)", .policy = "US",
     .zones = NEW_YORK "|" LOS_ANGELES, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .now = "2026-11-16T08:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-16T08:00:00-08:00", .notice = NOTICE_YES},
    {.desc = "NY|LA window 10:00-18:00: 10:30 NY = 07:30 LA -> quiet and window; opens 10:00 LA",
     .policy = "US", .zones = NEW_YORK "|" LOS_ANGELES, .window = "10:00-18:00", .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-16T10:30:00-05:00", .reasons = "preferred_window,quiet_hours",
     .binding = "preferred_window", .ordered = true, .next = "2026-11-16T10:00:00-08:00"},
};

static void test_candidate_zones(void **state)
{
    (void)state;
    RUN("zones", zones_rows);
}

/* Day-counting rules with several candidate zones. docs/compliance.md:
 * "Day-based counts (daily cap, 7-in-7, the conversation rule) use the
 * calendar of the debtor's first zone." The debtor phoned in at 23:30 in
 * Los Angeles on 11-16, which is 02:30 on 11-17 in New York; so day 1 is
 * 11-17 when New York is listed first and 11-16 when Los Angeles is. (A
 * stricter reading, every candidate zone's calendar, would block the second
 * row too; see the report that came with this suite.) */
static const struct row zone_day_rows[] = {
    {.desc = "NY|LA: conversation 11-16 23:30 LA = 11-17 02:30 NY (day 1 = 11-17) -> 11-23 12:00 NY blocked",
     .policy = "US", .zones = NEW_YORK "|" LOS_ANGELES, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-16T23:30:00-08:00 phone in conversation"}, .now = "2026-11-23T12:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-24T08:00:00-08:00",
     .clears = "after_conversation@2026-11-24T00:00:00-05:00"},
    {.desc = "LA|NY: the same conversation is on 11-16 in LA (the first zone) -> 11-23 12:00 NY allowed",
     .policy = "US", .zones = LOS_ANGELES "|" NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-16T23:30:00-08:00 phone in conversation"}, .now = "2026-11-23T12:00:00-05:00",
     .allowed = true, .reasons = "", .next = "2026-11-23T12:00:00-05:00"},
    {.desc = "LA|NY: 11-22 12:00 NY (day 7 in LA) blocked; opens 11-23 08:00 LA", .policy = "US",
     .zones = LOS_ANGELES "|" NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-16T23:30:00-08:00 phone in conversation"}, .now = "2026-11-22T12:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-23T08:00:00-08:00",
     .clears = "after_conversation@2026-11-23T00:00:00-08:00"},
};

static void test_candidate_zone_days(void **state)
{
    (void)state;
    RUN("zone_days", zone_day_rows);
}

/* ---- 4. US 7-in-7 ------------------------------------------------------------------------ */

#define CALL(day, hm, outcome) "2026-11-" day "T" hm ":00-05:00 phone out " outcome

static const struct row seven_rows[] = {
    {.desc = "6 counted attempts in 7 days -> the 7th is allowed", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "voicemail"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "busy"), CALL("15", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "7 counted attempts (one a day 11-10..11-16) -> the 8th blocked until 11-17 (08:00: midnight "
             "is quiet)",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "voicemail"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "busy"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-17T08:00:00-05:00", .clears = "seven_in_seven@2026-11-17T00:00:00-05:00"},
    {.desc = "7 attempts, 3 on the oldest day 11-11 -> blocked until the day 11-11 leaves: 11-18",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_HOME,
     .events = {CALL("11", "09:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("11", "11:00", "no_answer"), CALL("13", "09:00", "no_answer"),
                CALL("13", "15:00", "no_answer"), CALL("16", "09:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-18T08:00:00-05:00", .clears = "seven_in_seven@2026-11-18T00:00:00-05:00"},
    {.desc = "8 attempts logged in 7 days -> still blocked until the count drops below 7 (11-18)",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "09:00", "no_answer"), CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-18T08:00:00-05:00", .clears = "seven_in_seven@2026-11-18T00:00:00-05:00"},
    {.desc = "7 attempts, one not_connected -> 6 counted -> allowed", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "not_connected"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "7 attempts, one with the debtor's consent -> 6 counted -> allowed", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer") " consent", CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "6 outbound + 3 inbound calls -> inbound do not count -> allowed", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                "2026-11-16T09:00:00-05:00 phone in no_answer", "2026-11-16T10:00:00-05:00 phone in voicemail",
                "2026-11-15T11:00:00-05:00 phone in no_answer"},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "7 attempts but the oldest was on 11-09 (day 8 back) -> 6 in the window -> allowed",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("09", "20:00", "no_answer"), CALL("10", "10:00", "no_answer"),
                CALL("11", "10:00", "no_answer"), CALL("12", "10:00", "no_answer"),
                CALL("13", "10:00", "no_answer"), CALL("14", "10:00", "no_answer"),
                CALL("15", "10:00", "no_answer")},
     .now = "2026-11-16T08:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T08:00:00-05:00"},
    {.desc = "days are local: a call at 2026-11-10T04:30Z is 11-09 23:30 in New York -> outside -> allowed",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-10T04:30:00Z phone out no_answer", CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "events in any order: 7 counted, listed newest first -> blocked until 11-17", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("16", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("10", "10:00", "no_answer")},
     .now = "2026-11-16T20:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-17T08:00:00-05:00"},
    {.desc = "7-in-7 does not limit SMS", .policy = "US", .zones = NEW_YORK, .flags = F_CONSENT,
     .channel = "sms", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00",
     .notice = NOTICE_YES},
    {.desc = "tweak calls_in_7_days=3: attempts 11-14..11-16 -> blocked until 11-14 leaves the window "
             "(11-21)",
     .policy = "US", .tweak = seven_is_three, .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-21T08:00:00-05:00", .clears = "seven_in_seven@2026-11-21T00:00:00-05:00"},
};

static void test_seven_in_seven(void **state)
{
    (void)state;
    RUN("seven", seven_rows);
}

/* ---- 5. US: 7 days after a telephone conversation ----------------------------------------------- */

static const struct row conversation_rows[] = {
    {.desc = "conversation 11-16 10:00 (day 1): a call 11-16 15:00 is blocked until 11-23 08:00",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("16", "10:00", "conversation")}, .now = "2026-11-16T15:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-23T08:00:00-05:00",
     .clears = "after_conversation@2026-11-23T00:00:00-05:00"},
    {.desc = "conversation 11-16: 11-19 12:00 blocked", .policy = "US", .zones = NEW_YORK, .channel = "phone",
     .point = P_HOME, .events = {CALL("16", "10:00", "conversation")}, .now = "2026-11-19T12:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "conversation 11-16: 11-22 (day 7) 20:59 blocked", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .events = {CALL("16", "10:00", "conversation")},
     .now = "2026-11-22T20:59:00-05:00", .reasons = "after_conversation", .binding = "after_conversation",
     .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "conversation 11-16: 11-23 (day 8) 08:00 allowed", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .events = {CALL("16", "10:00", "conversation")},
     .now = "2026-11-23T08:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "conversation 11-16: 11-23 07:59:59 blocked by quiet hours only", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE, .events = {CALL("16", "10:00", "conversation")},
     .now = "2026-11-23T07:59:59-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "an inbound conversation starts the clock too", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .events = {"2026-11-16T10:00:00-05:00 phone in conversation"},
     .now = "2026-11-18T12:00:00-05:00", .reasons = "after_conversation", .binding = "after_conversation",
     .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "conversation at 2026-11-17T04:30Z = 11-16 23:30 local: day 1 is 11-16 -> 11-22 blocked",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-17T04:30:00Z phone in conversation"}, .now = "2026-11-22T12:00:00-05:00",
     .reasons = "after_conversation", .binding = "after_conversation", .next = "2026-11-23T08:00:00-05:00"},
    {.desc = "conversation at 2026-11-17T04:30Z = 11-16 23:30 local -> 11-23 allowed", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-17T04:30:00Z phone in conversation"}, .now = "2026-11-23T12:00:00-05:00",
     .allowed = true, .reasons = "", .next = "2026-11-23T12:00:00-05:00"},
    {.desc = "the latest of two conversations binds (11-10 and 11-14 -> 11-21)", .policy = "US",
     .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("14", "10:00", "conversation"), CALL("10", "10:00", "conversation")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "after_conversation", .binding = "after_conversation",
     .next = "2026-11-21T08:00:00-05:00", .clears = "after_conversation@2026-11-21T00:00:00-05:00"},
    {.desc = "a no_answer call does not start the clock", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE, .events = {CALL("16", "10:00", "no_answer")},
     .now = "2026-11-17T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-17T12:00:00-05:00"},
    {.desc = "a phone conversation does not block SMS", .policy = "US", .zones = NEW_YORK, .flags = F_CONSENT,
     .channel = "sms", .point = P_MOBILE, .events = {CALL("16", "10:00", "conversation")},
     .now = "2026-11-17T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-17T12:00:00-05:00"},
    {.desc = "JP has no after-conversation rule: call the next day allowed", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_MOBILE, .events = {"2026-11-16T10:00:00+09:00 phone out conversation"},
     .now = "2026-11-17T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-17T12:00:00+09:00"},
};

static void test_after_conversation(void **state)
{
    (void)state;
    RUN("conversation", conversation_rows);
}

/* ---- 6. JP: at most 3 call attempts a local day --------------------------------------------------- */

#define JCALL(day, hm, outcome) "2026-11-" day "T" hm ":00+09:00 phone out " outcome

static const struct row daily_rows[] = {
    {.desc = "JP 3 calls today -> the 4th blocked; opens 08:00 tomorrow (midnight is quiet)", .policy = "JP",
     .zones = TOKYO, .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T12:00:00+09:00", .reasons = "daily_cap", .binding = "daily_cap",
     .next = "2026-11-17T08:00:00+09:00", .clears = "daily_cap@2026-11-17T00:00:00+09:00"},
    {.desc = "JP 2 calls today -> the 3rd allowed", .policy = "JP", .zones = TOKYO, .channel = "phone",
     .point = P_MOBILE, .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP 3 calls yesterday -> allowed today at 08:00", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("15", "09:00", "no_answer"), JCALL("15", "10:00", "no_answer"),
                JCALL("15", "20:59", "no_answer")},
     .now = "2026-11-16T08:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T08:00:00+09:00"},
    {.desc = "JP 3 calls today across numbers, one inbound -> 2 outbound -> allowed", .policy = "JP",
     .zones = TOKYO, .channel = "phone", .point = P_HOME,
     .events = {JCALL("16", "09:00", "no_answer"), "2026-11-16T10:00:00+09:00 phone in conversation",
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP counts every attempt, not_connected too -> blocked", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("16", "09:00", "not_connected"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "conversation")},
     .now = "2026-11-16T12:00:00+09:00", .reasons = "daily_cap", .binding = "daily_cap",
     .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP days are local: 3 calls from 2026-11-15T23:30Z (08:30 JST 11-16) -> blocked", .policy = "JP",
     .zones = TOKYO, .channel = "phone", .point = P_MOBILE,
     .events = {"2026-11-15T23:30:00Z phone out no_answer", "2026-11-16T00:30:00Z phone out no_answer",
                "2026-11-16T01:30:00Z phone out no_answer"},
     .now = "2026-11-16T03:00:00Z", .reasons = "daily_cap", .binding = "daily_cap",
     .next = "2026-11-16T23:00:00Z"},
    {.desc = "JP 3 calls today, asked at 20:59:59 -> blocked until tomorrow 08:00", .policy = "JP",
     .zones = TOKYO, .channel = "phone", .point = P_WORK, .flags = F_WORK_CONSENT,
     .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T20:59:59+09:00", .reasons = "daily_cap", .binding = "daily_cap",
     .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP tweak phone_daily_cap=0 (no limit): 3 calls today -> allowed", .policy = "JP",
     .tweak = no_daily_cap, .zones = TOKYO, .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "US has no daily cap: 3 calls today -> allowed", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_MOBILE,
     .events = {CALL("16", "09:00", "no_answer"), CALL("16", "10:00", "no_answer"),
                CALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "the daily cap does not limit SMS", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .channel = "sms", .point = P_MOBILE,
     .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
};

static void test_daily_cap(void **state)
{
    (void)state;
    RUN("daily", daily_rows);
}

/* ---- 7. the debtor's preferred window --------------------------------------------------------- */

static const struct row window_rows[] = {
    {.desc = "window 10:00-18:00: 09:30 blocked; opens 10:00", .policy = "JP", .zones = TOKYO,
     .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T09:30:00+09:00",
     .reasons = "preferred_window", .binding = "preferred_window", .next = "2026-11-16T10:00:00+09:00",
     .clears = "preferred_window@2026-11-16T10:00:00+09:00"},
    {.desc = "window 10:00-18:00: 18:00 blocked; opens 10:00 the next day", .policy = "JP", .zones = TOKYO,
     .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T18:00:00+09:00",
     .reasons = "preferred_window", .binding = "preferred_window", .next = "2026-11-17T10:00:00+09:00"},
    {.desc = "window 10:00-18:00: 12:00 allowed", .policy = "JP", .zones = TOKYO, .window = "10:00-18:00",
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "",
     .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "window 10:00-18:00: 10:00:00 and 17:59:59 are inside (17:59:59)", .policy = "JP",
     .zones = TOKYO, .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T17:59:59+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T17:59:59+09:00"},
    {.desc = "window 10:00-18:00 in US New York: 09:30 EST blocked; opens 10:00", .policy = "US",
     .zones = NEW_YORK, .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T09:30:00-05:00", .reasons = "preferred_window", .binding = "preferred_window",
     .next = "2026-11-16T10:00:00-05:00"},
    {.desc = "window applies to SMS: 09:30 blocked", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .window = "10:00-18:00", .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T09:30:00+09:00",
     .reasons = "preferred_window", .binding = "preferred_window", .next = "2026-11-16T10:00:00+09:00"},
    {.desc = "window applies to email: 19:00 blocked; opens 10:00 next day", .policy = "US",
     .zones = NEW_YORK, .flags = F_CONSENT, .window = "10:00-18:00", .channel = "email", .point = P_EMAIL,
     .now = "2026-11-16T19:00:00-05:00", .reasons = "preferred_window", .binding = "preferred_window",
     .next = "2026-11-17T10:00:00-05:00", .notice = NOTICE_YES},
    {.desc = "window does not apply to letters: letter at 07:00 allowed", .policy = "JP", .zones = TOKYO,
     .window = "10:00-18:00", .channel = "letter", .point = P_ADDR, .now = "2026-11-16T07:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T07:00:00+09:00"},
    {.desc = "tweak preferred_window=false: the window is ignored (09:30 allowed)", .policy = "US",
     .tweak = no_window, .zones = NEW_YORK, .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T09:30:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T09:30:00-05:00"},
    {.desc = "window 19:00-22:00 at 21:30: quiet only; next is 19:00 next day (08:00-19:00 outside window)",
     .policy = "US", .zones = NEW_YORK, .window = "19:00-22:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T21:30:00-05:00", .reasons = "quiet_hours", .binding = "quiet_hours",
     .next = "2026-11-17T19:00:00-05:00"},
    {.desc = "window across midnight 20:00-09:00: 12:00 blocked; opens 20:00", .policy = "JP",
     .zones = TOKYO, .window = "20:00-09:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T12:00:00+09:00", .reasons = "preferred_window", .binding = "preferred_window",
     .next = "2026-11-16T20:00:00+09:00"},
    {.desc = "window 06:00-07:00 lies inside quiet hours: never allowed -> next none", .policy = "JP",
     .zones = TOKYO, .window = "06:00-07:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T12:00:00+09:00", .reasons = "preferred_window", .binding = "preferred_window",
     .next = "none"},
};

static void test_preferred_window(void **state)
{
    (void)state;
    RUN("window", window_rows);
}

/* ---- 8. flags, consent, opt-out, attorney -------------------------------------------------------- */

static const struct row flag_rows[] = {
    {.desc = "JP SMS without sms_consent -> no_consent, none", .policy = "JP", .zones = TOKYO,
     .flags = F_EMAIL_CONSENT, .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "no_consent", .binding = "no_consent", .next = "none"},
    {.desc = "JP email without email_consent -> no_consent, none", .policy = "JP", .zones = TOKYO,
     .flags = F_SMS_CONSENT, .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "no_consent", .binding = "no_consent", .next = "none"},
    {.desc = "US SMS without sms_consent -> no_consent, none", .policy = "US", .zones = NEW_YORK,
     .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .reasons = "no_consent",
     .binding = "no_consent", .next = "none", .notice = NOTICE_YES},
    {.desc = "US SMS with consent at noon -> allowed, with the opt-out notice", .policy = "US",
     .zones = NEW_YORK, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00",
     .notice = NOTICE_YES},
    {.desc = "US email with consent at noon -> allowed, with the opt-out notice", .policy = "US",
     .zones = NEW_YORK, .flags = F_CONSENT, .channel = "email", .point = P_EMAIL,
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00",
     .notice = NOTICE_YES},
    {.desc = "JP SMS with consent at noon -> allowed, no opt-out notice", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00", .notice = NOTICE_NO},
    {.desc = "JP cease blocks phone", .policy = "JP", .zones = TOKYO, .flags = F_CEASE, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00", .reasons = "cease", .binding = "cease",
     .next = "none"},
    {.desc = "JP cease blocks letters", .policy = "JP", .zones = TOKYO, .flags = F_CEASE, .channel = "letter",
     .point = P_ADDR, .now = "2026-11-16T12:00:00+09:00", .reasons = "cease", .binding = "cease",
     .next = "none"},
    {.desc = "US cease blocks email", .policy = "US", .zones = NEW_YORK, .flags = F_CEASE | F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00-05:00", .reasons = "cease",
     .binding = "cease", .next = "none"},
    {.desc = "US cease blocks letters", .policy = "US", .zones = NEW_YORK, .flags = F_CEASE,
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00-05:00", .reasons = "cease",
     .binding = "cease", .next = "none"},
    {.desc = "US attorney blocks phone", .policy = "US", .zones = NEW_YORK, .flags = F_ATTORNEY,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "US attorney blocks SMS", .policy = "US", .zones = NEW_YORK, .flags = F_ATTORNEY | F_CONSENT,
     .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "US attorney blocks email", .policy = "US", .zones = NEW_YORK, .flags = F_ATTORNEY | F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00-05:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "US attorney blocks letters", .policy = "US", .zones = NEW_YORK, .flags = F_ATTORNEY,
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00-05:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "JP attorney blocks phone", .policy = "JP", .zones = TOKYO, .flags = F_ATTORNEY,
     .channel = "phone", .point = P_HOME, .now = "2026-11-16T12:00:00+09:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    /* 受任通知: after the attorney's notice no direct demand goes, by any channel (docs/compliance.md) */
    {.desc = "JP attorney blocks SMS", .policy = "JP", .zones = TOKYO, .flags = F_ATTORNEY | F_CONSENT,
     .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "JP attorney blocks email", .policy = "JP", .zones = TOKYO, .flags = F_ATTORNEY | F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00+09:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    {.desc = "JP attorney blocks letters", .policy = "JP", .zones = TOKYO, .flags = F_ATTORNEY,
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00+09:00", .reasons = "attorney",
     .binding = "attorney", .next = "none"},
    /* an account that is not active is contacted by no channel, under any policy */
    {.desc = "JP paused account: phone blocked, not_active, none", .policy = "JP", .zones = TOKYO,
     .status = "paused", .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "not_active", .binding = "not_active", .next = "none"},
    {.desc = "JP paused account: SMS blocked", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .status = "paused", .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "not_active", .binding = "not_active", .next = "none"},
    {.desc = "US closed account: email blocked", .policy = "US", .zones = NEW_YORK, .flags = F_CONSENT,
     .status = "closed", .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00-05:00",
     .reasons = "not_active", .binding = "not_active", .next = "none", .notice = NOTICE_YES},
    {.desc = "US paid account: letter blocked", .policy = "US", .zones = NEW_YORK, .status = "paid",
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00-05:00", .reasons = "not_active",
     .binding = "not_active", .next = "none"},
    {.desc = "paused at 22:00 in Tokyo: not_active binds before quiet hours, none", .policy = "JP",
     .zones = TOKYO, .status = "paused", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T22:00:00+09:00", .reasons = "not_active,quiet_hours", .binding = "not_active",
     .next = "none", .ordered = true},
    {.desc = "paused, no SMS consent: not_active binds before no_consent", .policy = "JP", .zones = TOKYO,
     .status = "paused", .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "not_active,no_consent", .binding = "not_active", .next = "none", .ordered = true},
    {.desc = "US SMS opt-out -> opt_out", .policy = "US", .zones = NEW_YORK, .flags = F_CONSENT | F_SMS_OPT_OUT,
     .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .reasons = "opt_out",
     .binding = "opt_out", .next = "none"},
    {.desc = "US email opt-out -> opt_out", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT | F_EMAIL_OPT_OUT, .channel = "email", .point = P_EMAIL,
     .now = "2026-11-16T12:00:00-05:00", .reasons = "opt_out", .binding = "opt_out", .next = "none"},
    {.desc = "opt-out is per medium: SMS opt-out does not block email", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT | F_SMS_OPT_OUT, .channel = "email", .point = P_EMAIL,
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "opt-out is per medium: SMS and email opt-out do not block phone", .policy = "US",
     .zones = NEW_YORK, .flags = F_CONSENT | F_SMS_OPT_OUT | F_EMAIL_OPT_OUT, .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "JP email opt-out and no consent -> both reasons", .policy = "JP", .zones = TOKYO,
     .flags = F_EMAIL_OPT_OUT, .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "opt_out,no_consent", .next = "none"},
    {.desc = "JP dispute blocks letters", .policy = "JP", .zones = TOKYO, .flags = F_DISPUTE,
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00+09:00", .reasons = "dispute",
     .binding = "dispute", .next = "none"},
    {.desc = "US dispute blocks phone", .policy = "US", .zones = NEW_YORK, .flags = F_DISPUTE,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00", .reasons = "dispute",
     .binding = "dispute", .next = "none"},
    {.desc = "US bankruptcy blocks email", .policy = "US", .zones = NEW_YORK, .flags = F_BANKRUPTCY | F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-16T12:00:00-05:00", .reasons = "bankruptcy",
     .binding = "bankruptcy", .next = "none"},
    {.desc = "JP bankruptcy blocks phone", .policy = "JP", .zones = TOKYO, .flags = F_BANKRUPTCY,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00", .reasons = "bankruptcy",
     .binding = "bankruptcy", .next = "none"},
    {.desc = "US deceased blocks letters", .policy = "US", .zones = NEW_YORK, .flags = F_DECEASED,
     .channel = "letter", .point = P_ADDR, .now = "2026-11-16T12:00:00-05:00", .reasons = "deceased",
     .binding = "deceased", .next = "none"},
    {.desc = "JP deceased blocks SMS", .policy = "JP", .zones = TOKYO, .flags = F_DECEASED | F_CONSENT,
     .channel = "sms", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00", .reasons = "deceased",
     .binding = "deceased", .next = "none"},
};

static void test_flags(void **state)
{
    (void)state;
    RUN("flags", flag_rows);
}

/* ---- 9. contact points: DNC, wrong numbers, mobiles, workplace, employer email ------------------------ */

static const struct row point_rows[] = {
    {.desc = "DNC number: phone -> dnc", .policy = "US", .zones = NEW_YORK,
     .points = {"mobile +12125550101 dnc"}, .channel = "phone", .point = 0,
     .now = "2026-11-16T12:00:00-05:00", .reasons = "dnc", .binding = "dnc", .next = "none"},
    {.desc = "DNC number: SMS -> dnc", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .points = {"mobile +819012345678 dnc"}, .channel = "sms", .point = 0, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "dnc", .binding = "dnc", .next = "none"},
    {.desc = "bad (wrong) number -> no_contact_point", .policy = "US", .zones = NEW_YORK,
     .points = {"home +12125550102 bad", "mobile +12125550101"}, .channel = "phone", .point = 0,
     .now = "2026-11-16T12:00:00-05:00", .reasons = "no_contact_point", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "bounced email -> no_contact_point", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .points = {"email taro@example.jp bad"}, .channel = "email", .point = 0,
     .now = "2026-11-16T12:00:00+09:00", .reasons = "no_contact_point", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "SMS to a home number -> no_contact_point", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .channel = "sms", .point = P_HOME, .now = "2026-11-16T12:00:00+09:00", .reasons = "no_contact_point",
     .binding = "no_contact_point", .next = "none"},
    {.desc = "SMS with no mobile on file -> no_contact_point", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT, .points = {"home +12125550102"}, .channel = "sms", .point = NO_POINT,
     .now = "2026-11-16T12:00:00-05:00", .reasons = "no_contact_point", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "no email on file -> no_contact_point", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .points = {"mobile +819012345678"}, .channel = "email", .point = NO_POINT,
     .now = "2026-11-16T12:00:00+09:00", .reasons = "no_contact_point", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "no email on file and no consent -> no_contact_point binds", .policy = "JP", .zones = TOKYO,
     .points = {"mobile +819012345678"}, .channel = "email", .point = NO_POINT,
     .now = "2026-11-16T12:00:00+09:00", .reasons = "no_contact_point,no_consent", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "letter with an address -> allowed", .policy = "US", .zones = NEW_YORK,
     .points = {"address 1_Main_St_Springfield"}, .channel = "letter", .point = 0,
     .now = "2026-11-16T12:00:00-05:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00",
     .notice = NOTICE_NO},
    {.desc = "letter without an address -> no_contact_point", .policy = "US", .zones = NEW_YORK,
     .points = {"mobile +12125550101"}, .channel = "letter", .point = NO_POINT,
     .now = "2026-11-16T12:00:00-05:00", .reasons = "no_contact_point", .binding = "no_contact_point",
     .next = "none"},
    {.desc = "JP workplace number without consent -> workplace", .policy = "JP", .zones = TOKYO,
     .channel = "phone", .point = P_WORK, .now = "2026-11-16T12:00:00+09:00", .reasons = "workplace",
     .binding = "workplace", .next = "none"},
    {.desc = "JP workplace number with workplace_contact_consent -> allowed", .policy = "JP", .zones = TOKYO,
     .flags = F_WORK_CONSENT, .channel = "phone", .point = P_WORK, .now = "2026-11-16T12:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP workplace number with consent at 21:30 -> quiet only", .policy = "JP", .zones = TOKYO,
     .flags = F_WORK_CONSENT, .channel = "phone", .point = P_WORK, .now = "2026-11-16T21:30:00+09:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "US work number, employer does not prohibit -> allowed", .policy = "US", .zones = NEW_YORK,
     .channel = "phone", .point = P_WORK, .now = "2026-11-16T12:00:00-05:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "US work number, employer prohibits -> workplace", .policy = "US", .zones = NEW_YORK,
     .flags = F_EMP_PROHIBITS, .channel = "phone", .point = P_WORK, .now = "2026-11-16T12:00:00-05:00",
     .reasons = "workplace", .binding = "workplace", .next = "none"},
    {.desc = "US employer prohibits: the mobile is still allowed", .policy = "US", .zones = NEW_YORK,
     .flags = F_EMP_PROHIBITS, .channel = "phone", .point = P_MOBILE, .now = "2026-11-16T12:00:00-05:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
    {.desc = "US work email -> employer_email (never used)", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT, .channel = "email", .point = P_WORK_EMAIL, .now = "2026-11-16T12:00:00-05:00",
     .reasons = "employer_email", .binding = "employer_email", .next = "none", .notice = NOTICE_YES},
    {.desc = "US work email, employer also prohibits -> employer_email once (not also workplace)",
     .policy = "US", .zones = NEW_YORK, .flags = F_CONSENT | F_EMP_PROHIBITS, .channel = "email",
     .point = P_WORK_EMAIL, .now = "2026-11-16T12:00:00-05:00", .reasons = "employer_email",
     .binding = "employer_email", .next = "none"},
    {.desc = "JP work email with email consent -> allowed", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .channel = "email", .point = P_WORK_EMAIL, .now = "2026-11-16T12:00:00+09:00", .allowed = true,
     .reasons = "", .next = "2026-11-16T12:00:00+09:00", .notice = NOTICE_NO},
};

static void test_points(void **state)
{
    (void)state;
    RUN("points", point_rows);
}

/* ---- 10. JP intervals between SMS, emails, letters -------------------------------------------------- */

static const struct row interval_rows[] = {
    {.desc = "JP last SMS 23h ago -> interval; next = last + 24h", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-15T13:00:00+09:00 sms out sent"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-16T13:00:00+09:00",
     .clears = "interval@2026-11-16T13:00:00+09:00"},
    {.desc = "JP last SMS exactly 24h ago -> allowed", .policy = "JP", .zones = TOKYO, .flags = F_CONSENT,
     .channel = "sms", .point = P_MOBILE, .events = {"2026-11-15T12:00:00+09:00 sms out sent"},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP a failed SMS 1h ago does not start the interval", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T11:00:00+09:00 sms out failed", "2026-11-14T12:00:00+09:00 sms out sent"},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP an SMS of unknown fate (the sender stopped with it in hand) 8 min ago -> interval",
     .policy = "JP", .zones = TOKYO, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T11:52:00+09:00 sms out unknown"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-17T11:52:00+09:00",
     .clears = "interval@2026-11-17T11:52:00+09:00"},
    {.desc = "JP a cancelled SMS 1h ago does not start the interval", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T11:00:00+09:00 sms out cancelled"}, .now = "2026-11-16T12:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP an email of unknown fate 1h ago -> email interval", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "email", .point = P_EMAIL,
     .events = {"2026-11-16T11:00:00+09:00 email out unknown"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-17T11:00:00+09:00"},
    {.desc = "JP an inbound SMS 1h ago does not start the interval", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T11:00:00+09:00 sms in received"}, .now = "2026-11-16T12:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP the latest of several SMS binds (events out of order)", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-13T12:00:00+09:00 sms out sent", "2026-11-16T10:00:00+09:00 sms out sent",
                "2026-11-14T12:00:00+09:00 sms out sent"},
     .now = "2026-11-16T12:00:00+09:00", .reasons = "interval", .binding = "interval",
     .next = "2026-11-17T10:00:00+09:00"},
    {.desc = "JP SMS interval ends at 21:30 (quiet) -> next is 08:00 the day after", .policy = "JP",
     .zones = TOKYO, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-15T21:30:00+09:00 sms out sent"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-17T08:00:00+09:00",
     .clears = "interval@2026-11-16T21:30:00+09:00"},
    {.desc = "JP last email 23h ago -> interval; next = last + 24h", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "email", .point = P_EMAIL,
     .events = {"2026-11-15T13:00:00+09:00 email out sent"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-16T13:00:00+09:00"},
    {.desc = "JP an SMS does not start the email interval", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "email", .point = P_EMAIL,
     .events = {"2026-11-16T11:00:00+09:00 sms out sent"}, .now = "2026-11-16T12:00:00+09:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP letter 6 days ago -> interval; next = last + 7 days", .policy = "JP", .zones = TOKYO,
     .channel = "letter", .point = P_ADDR, .events = {"2026-11-10T12:00:00+09:00 letter out sent"},
     .now = "2026-11-16T12:00:00+09:00", .reasons = "interval", .binding = "interval",
     .next = "2026-11-17T12:00:00+09:00", .clears = "interval@2026-11-17T12:00:00+09:00"},
    {.desc = "JP letter 7 days ago -> allowed", .policy = "JP", .zones = TOKYO, .channel = "letter",
     .point = P_ADDR, .events = {"2026-11-09T12:00:00+09:00 letter out sent"},
     .now = "2026-11-16T12:00:00+09:00", .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00+09:00"},
    {.desc = "JP letter interval may end at night: letters are not quiet -> next = last + 7 days",
     .policy = "JP", .zones = TOKYO, .channel = "letter", .point = P_ADDR,
     .events = {"2026-11-09T22:00:00+09:00 letter out sent"}, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-16T22:00:00+09:00"},
    {.desc = "US has no SMS interval: SMS 1h ago -> allowed", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T11:00:00-05:00 sms out sent"}, .now = "2026-11-16T12:00:00-05:00",
     .allowed = true, .reasons = "", .next = "2026-11-16T12:00:00-05:00"},
};

static void test_intervals(void **state)
{
    (void)state;
    RUN("interval", interval_rows);
}

/* ---- 11. several reasons at once ---------------------------------------------------------------- */

static const struct row multi_rows[] = {
    {.desc = "JP 22:00, 3 calls today, window 10-18 -> window, quiet, cap; next 10:00 next day",
     .policy = "JP", .zones = TOKYO, .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("16", "09:00", "no_answer"), JCALL("16", "10:00", "no_answer"),
                JCALL("16", "11:00", "no_answer")},
     .now = "2026-11-16T22:00:00+09:00", .reasons = "preferred_window,quiet_hours,daily_cap",
     .binding = "preferred_window", .ordered = true, .next = "2026-11-17T10:00:00+09:00",
     .clears = "daily_cap@2026-11-17T00:00:00+09:00"},
    {.desc = "JP cease at 22:00 -> the flag reason binds before quiet hours; next none", .policy = "JP",
     .zones = TOKYO, .flags = F_CEASE, .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-16T22:00:00+09:00", .reasons = "cease,quiet_hours", .binding = "cease", .ordered = true,
     .next = "none"},
    {.desc = "US attorney SMS at 22:00 -> attorney first, then quiet; next none", .policy = "US",
     .zones = NEW_YORK, .flags = F_ATTORNEY | F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .now = "2026-11-16T22:00:00-05:00", .reasons = "attorney,quiet_hours", .binding = "attorney",
     .ordered = true, .next = "none", .notice = NOTICE_YES},
    {.desc = "US 22:00, conversation today, 7 attempts -> after_conversation, quiet, 7-in-7; next 11-23 08:00",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "conversation")},
     .now = "2026-11-16T22:00:00-05:00", .reasons = "after_conversation,quiet_hours,seven_in_seven",
     .binding = "after_conversation", .ordered = true, .next = "2026-11-23T08:00:00-05:00",
     .clears = "seven_in_seven@2026-11-17T00:00:00-05:00"},
    {.desc = "JP SMS at 22:00, last SMS 10:00 today -> interval (10:00) before quiet (08:00)", .policy = "JP",
     .zones = TOKYO, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T10:00:00+09:00 sms out sent"}, .now = "2026-11-16T22:00:00+09:00",
     .reasons = "interval,quiet_hours", .binding = "interval", .ordered = true,
     .next = "2026-11-17T10:00:00+09:00"},
    {.desc = "US 7 attempts at 12:00 with window 13:00-14:00: 7-in-7 clears at midnight, then quiet, then "
             "the window -> next 11-17 13:00",
     .policy = "US", .zones = NEW_YORK, .window = "13:00-14:00", .channel = "phone", .point = P_MOBILE,
     .events = {CALL("10", "10:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-16T12:00:00-05:00", .reasons = "seven_in_seven,preferred_window",
     .binding = "seven_in_seven", .ordered = true, .next = "2026-11-17T13:00:00-05:00"},
    {.desc = "US work number on the DNC list, employer prohibits -> two flag reasons, no time",
     .policy = "US", .zones = NEW_YORK, .flags = F_EMP_PROHIBITS, .points = {"work +12125550199 dnc"},
     .channel = "phone", .point = 0, .now = "2026-11-16T12:00:00-05:00", .reasons = "workplace,dnc",
     .next = "none"},
};

static void test_several_reasons(void **state)
{
    (void)state;
    RUN("multi", multi_rows);
}

/* ---- 12. entries recorded after the fact -------------------------------------------------------------
 *
 * docs/compliance.md: "Caps count every call on record for the day or
 * window, including entries recorded after the moment being checked, so a
 * late entry cannot exceed them." (store_log_contact checks a backdated
 * `--at` against the whole log.) A late entry on day D lies in seven 7-day
 * windows, D-6..D up to D..D+6, and must not push any of them past the
 * limit. */

static const struct row backdated_rows[] = {
    {.desc = "JP backdated 09:00 with 3 calls logged later that day -> daily_cap", .policy = "JP",
     .zones = TOKYO, .channel = "phone", .point = P_MOBILE,
     .events = {JCALL("16", "10:00", "no_answer"), JCALL("16", "11:00", "no_answer"),
                JCALL("16", "12:00", "no_answer")},
     .now = "2026-11-16T09:00:00+09:00", .reasons = "daily_cap", .binding = "daily_cap",
     .next = "2026-11-17T08:00:00+09:00"},
    {.desc = "JP SMS spacing holds both ways: 09:00 with an SMS logged at 20:00 -> next 11-17 20:00",
     .policy = "JP", .zones = TOKYO, .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE,
     .events = {"2026-11-16T20:00:00+09:00 sms out sent"}, .now = "2026-11-16T09:00:00+09:00",
     .reasons = "interval", .binding = "interval", .next = "2026-11-17T20:00:00+09:00",
     .clears = "interval@2026-11-17T20:00:00+09:00"},
    {.desc = "US backdated 11-10 with 7 counted calls 11-11..11-16 -> 11-10..11-16 would hold 8 -> "
             "seven_in_seven until 11-18",
     .policy = "US", .zones = NEW_YORK, .channel = "phone", .point = P_MOBILE,
     .events = {CALL("11", "09:00", "no_answer"), CALL("11", "10:00", "no_answer"),
                CALL("12", "10:00", "no_answer"), CALL("13", "10:00", "no_answer"),
                CALL("14", "10:00", "no_answer"), CALL("15", "10:00", "no_answer"),
                CALL("16", "10:00", "no_answer")},
     .now = "2026-11-10T12:00:00-05:00", .reasons = "seven_in_seven", .binding = "seven_in_seven",
     .next = "2026-11-18T08:00:00-05:00"},
};

static void test_backdated(void **state)
{
    (void)state;
    RUN("backdated", backdated_rows);
}

/* ---- 13. a contact point of the wrong medium ---------------------------------------------------------
 *
 * no_contact_point means "no usable number / address for the channel"
 * (docs/compliance.md), and SMS to a landline already gets it; a phone call
 * to an email address or a letter to a phone number must not come out
 * allowed either. compliance_all and store_log_contact never pair them, but
 * compliance_check is public and takes any point. */
static const struct row medium_rows[] = {
    {.desc = "phone call to an email address point -> no_contact_point", .policy = "US", .zones = NEW_YORK,
     .flags = F_CONSENT, .channel = "phone", .point = P_EMAIL, .now = "2026-11-16T12:00:00-05:00",
     .reasons = "no_contact_point", .binding = "no_contact_point", .next = "none"},
    {.desc = "letter to a phone number point -> no_contact_point", .policy = "JP", .zones = TOKYO,
     .channel = "letter", .point = P_MOBILE, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "no_contact_point", .binding = "no_contact_point", .next = "none"},
    {.desc = "email to a postal address point -> no_contact_point", .policy = "JP", .zones = TOKYO,
     .flags = F_CONSENT, .channel = "email", .point = P_ADDR, .now = "2026-11-16T12:00:00+09:00",
     .reasons = "no_contact_point", .binding = "no_contact_point", .next = "none"},
};

static void test_point_medium(void **state)
{
    (void)state;
    RUN("medium", medium_rows);
}

/* ---- compliance_all and compliance_best ---------------------------------------------------------- */

static void debtor_with(struct debtor *d, const char *zones, const struct contact_point *pts, size_t n)
{
    memset(d, 0, sizeof *d);
    load_zones(d, zones);
    d->points = pts;
    d->npoints = n;
    d->sms_consent = d->email_consent = true;
}

static void make_points(struct contact_point *pts, const char *const *specs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!parse_point(specs[i], &pts[i]))
            fail_msg("bad point %s", specs[i]);
}

static void test_all_per_point(void **state)
{
    (void)state;
    static const char *const specs[] = {
        "mobile +819011110000", "home +81311110000",  "mobile +819022220000 dnc",
        "email a@example.jp",   "work_email a@corp.example", "address Chiyoda_1-1",
    };
    struct contact_point pts[N(specs)];
    make_points(pts, specs, N(specs));
    struct policy p;
    policy_default_jp(&p);
    struct debtor d;
    debtor_with(&d, TOKYO, pts, N(pts));
    dun_time now = iso("2026-11-16T12:00:00+09:00");

    struct verdict out[16];
    size_t n = compliance_all(&p, &d, now, out, N(out));
    static const struct {
        enum channel ch;
        size_t pt; ///< the point the verdict is about
        bool allowed;
        enum reason_code reason;
    } want[] = {
        {CH_PHONE, 0, true, 0}, {CH_PHONE, 1, true, 0},  {CH_PHONE, 2, false, R_DNC},
        {CH_SMS, 0, true, 0},   {CH_SMS, 2, false, R_DNC}, {CH_EMAIL, 3, true, 0},
        {CH_EMAIL, 4, true, 0}, {CH_LETTER, 5, true, 0},
    };
    assert_int_equal(n, N(want));
    for (size_t i = 0; i < n; i++) {
        const char *target = pts[want[i].pt].target;
        if (out[i].channel != want[i].ch || strcmp(out[i].target, target) != 0 ||
            out[i].allowed != want[i].allowed ||
            (!want[i].allowed && (out[i].nreasons != 1 || out[i].reasons[0].code != want[i].reason)))
            fail_msg("verdict %zu: %s %s allowed=%d, want %s %s allowed=%d", i, channel_name(out[i].channel),
                     out[i].target, out[i].allowed, channel_name(want[i].ch), target, want[i].allowed);
        /* each verdict is the one compliance_check gives for that point */
        struct verdict one;
        compliance_check(&p, &d, want[i].ch, &pts[want[i].pt], now, &one);
        assert_int_equal(one.allowed, out[i].allowed);
        assert_int_equal(one.nreasons, out[i].nreasons);
        assert_string_equal(one.target, out[i].target);
    }

    /* best: the allowed phone, the allowed SMS */
    const struct verdict *b = compliance_best(out, n, CH_PHONE);
    assert_non_null(b);
    assert_true(b->allowed);
    b = compliance_best(out, n, CH_SMS);
    assert_non_null(b);
    assert_string_equal(b->target, "+819011110000");

    /* max caps the output: the first three are the phone verdicts */
    struct verdict few[3];
    assert_int_equal(compliance_all(&p, &d, now, few, N(few)), 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(few[i].channel, CH_PHONE);
    assert_int_equal(compliance_all(&p, &d, now, few, 0), 0);
}

static void test_all_empty_channels(void **state)
{
    (void)state;
    struct policy p;
    policy_default_us(&p);
    struct debtor d;
    debtor_with(&d, NEW_YORK, NULL, 0);
    dun_time now = iso("2026-11-16T12:00:00-05:00");
    struct verdict out[8];
    size_t n = compliance_all(&p, &d, now, out, N(out));
    assert_int_equal(n, CH_COUNT);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].channel, (enum channel)i);
        assert_false(out[i].allowed);
        assert_string_equal(out[i].target, "");
        assert_int_equal(out[i].nreasons, 1);
        assert_int_equal(out[i].reasons[0].code, R_NO_CONTACT_POINT);
        assert_false(out[i].has_next);
    }

    /* only a landline and a work email: SMS gets exactly one no_contact_point
     * verdict, the work email its employer_email verdict, letter one
     * no_contact_point */
    static const char *const specs[] = {"home +12125550102", "work_email j@corp.example"};
    struct contact_point pts[N(specs)];
    make_points(pts, specs, N(specs));
    debtor_with(&d, NEW_YORK, pts, N(pts));
    n = compliance_all(&p, &d, now, out, N(out));
    assert_int_equal(n, 4);
    assert_int_equal(out[0].channel, CH_PHONE);
    assert_true(out[0].allowed);
    assert_int_equal(out[1].channel, CH_SMS);
    assert_string_equal(out[1].target, "");
    assert_int_equal(out[1].nreasons, 1);
    assert_int_equal(out[1].reasons[0].code, R_NO_CONTACT_POINT);
    assert_int_equal(out[2].channel, CH_EMAIL);
    assert_string_equal(out[2].target, "j@corp.example");
    assert_int_equal(out[2].reasons[0].code, R_EMPLOYER_EMAIL);
    assert_true(out[2].needs_opt_out_notice);
    assert_int_equal(out[3].channel, CH_LETTER);
    assert_int_equal(out[3].reasons[0].code, R_NO_CONTACT_POINT);
    assert_false(out[3].needs_opt_out_notice);
    assert_null(compliance_best(out, 0, CH_PHONE));
}

/* No policy applies (the account names none, its creditor has none, and its
 * zones imply none): nothing is allowed on any channel at any hour, and only
 * a change of the account's data opens it. The reasons that hold under any
 * policy (the point, the do-not-call list, opt-outs) still show. */
static void test_no_policy(void **state)
{
    (void)state;
    static const char *const specs[] = {
        "mobile +12125550100", "home +12125550101 dnc", "email j@example.com", "address 1_Main_St",
    };
    struct contact_point pts[N(specs)];
    make_points(pts, specs, N(specs));
    struct debtor d;
    debtor_with(&d, "Europe/London", pts, N(pts));
    d.email_opt_out = true;
    static const struct {
        enum channel ch;
        const char *target;
        enum reason_code also; ///< R_COUNT: no_policy alone
    } want[] = {
        {CH_PHONE, "+12125550100", R_COUNT}, {CH_PHONE, "+12125550101", R_DNC},
        {CH_SMS, "+12125550100", R_COUNT},   {CH_EMAIL, "j@example.com", R_OPT_OUT},
        {CH_LETTER, "1_Main_St", R_COUNT},
    };
    static const char *const moments[] = {"2026-11-16T12:00:00+00:00", "2026-11-16T03:00:00+00:00"};
    for (size_t m = 0; m < N(moments); m++) {
        struct verdict out[16];
        size_t n = compliance_all(NULL, &d, iso(moments[m]), out, N(out));
        assert_int_equal(n, N(want));
        for (size_t i = 0; i < n; i++) {
            const struct verdict *v = &out[i];
            int expect = want[i].also == R_COUNT ? 1 : 2;
            if (v->channel != want[i].ch || strcmp(v->target, want[i].target) != 0 || v->allowed || v->has_next ||
                v->needs_opt_out_notice || v->nreasons != expect)
                fail_msg("%s verdict %zu: %s %s allowed=%d has_next=%d reasons=%d", moments[m], i,
                         channel_name(v->channel), v->target, v->allowed, v->has_next, v->nreasons);
            bool no_policy = false, also = want[i].also == R_COUNT;
            for (int k = 0; k < v->nreasons; k++) {
                no_policy |= v->reasons[k].code == R_NO_POLICY;
                also |= v->reasons[k].code == want[i].also;
                assert_false(v->reasons[k].clears);
            }
            assert_true(no_policy);
            assert_true(also);
        }
        assert_false(compliance_best(out, n, CH_PHONE)->allowed);
    }

    /* one channel without a point: no_contact_point (first, for the queue's dot) and no_policy */
    struct verdict v;
    debtor_with(&d, "Europe/London", NULL, 0);
    compliance_check(NULL, &d, CH_SMS, NULL, iso(moments[0]), &v);
    assert_false(v.allowed);
    assert_int_equal(v.nreasons, 2);
    assert_int_equal(v.reasons[0].code, R_NO_CONTACT_POINT);
    assert_int_equal(v.reasons[1].code, R_NO_POLICY);
    assert_non_null(strstr(v.reasons[1].text, "jurisdiction"));

    /* an opt-out confirmation does not lift it: without a policy nothing is known to be allowed */
    debtor_with(&d, "Europe/London", pts, N(pts));
    compliance_check(NULL, &d, CH_SMS, &pts[0], iso(moments[0]), &v);
    verdict_waive_for_confirmation(&v);
    assert_false(v.allowed);
    assert_int_equal(v.reasons[0].code, R_NO_POLICY);

    /* not active holds without a policy too */
    snprintf(d.status, sizeof d.status, "closed");
    compliance_check(NULL, &d, CH_PHONE, &pts[0], iso(moments[0]), &v);
    assert_false(v.allowed);
    assert_int_equal(v.reasons[0].code, R_NOT_ACTIVE);
    assert_non_null(strstr(v.reasons[0].text, "the account is closed"));
}

static void test_best_prefers_soonest(void **state)
{
    (void)state;
    /* at 22:00 JP: the work number (no consent) never opens, the mobile
     * opens at 08:00 -> best is the mobile even though the work number
     * comes first */
    static const char *const specs[] = {"work +81355556666", "mobile +819012345678", "home +81312345678 bad"};
    struct contact_point pts[N(specs)];
    make_points(pts, specs, N(specs));
    struct policy p;
    policy_default_jp(&p);
    struct debtor d;
    debtor_with(&d, TOKYO, pts, N(pts));
    struct verdict out[8];
    size_t n = compliance_all(&p, &d, iso("2026-11-16T22:00:00+09:00"), out, N(out));
    const struct verdict *b = compliance_best(out, n, CH_PHONE);
    assert_non_null(b);
    assert_string_equal(b->target, "+819012345678");
    assert_false(b->allowed);
    assert_true(b->has_next);
    assert_true(b->next_allowed == iso("2026-11-17T08:00:00+09:00"));

    /* hand-made verdicts: allowed beats blocked wherever it stands; among
     * blocked ones the soonest; a channel not present gives NULL */
    struct verdict v[5];
    memset(v, 0, sizeof v);
    dun_time t0 = iso("2026-11-16T12:00:00Z");
    v[0] = (struct verdict){.channel = CH_PHONE, .allowed = false, .has_next = false, .nreasons = 1};
    v[1] = (struct verdict){.channel = CH_PHONE, .allowed = false, .has_next = true, .next_allowed = t0 + 7200,
                            .nreasons = 1};
    v[2] = (struct verdict){.channel = CH_PHONE, .allowed = false, .has_next = true, .next_allowed = t0 + 3600,
                            .nreasons = 1};
    v[3] = (struct verdict){.channel = CH_SMS, .allowed = false, .has_next = true, .next_allowed = t0,
                            .nreasons = 1};
    v[4] = (struct verdict){.channel = CH_SMS, .allowed = true, .has_next = true, .next_allowed = t0};
    assert_ptr_equal(compliance_best(v, 5, CH_PHONE), &v[2]);
    assert_ptr_equal(compliance_best(v, 2, CH_PHONE), &v[1]);
    assert_ptr_equal(compliance_best(v, 1, CH_PHONE), &v[0]);
    assert_ptr_equal(compliance_best(v, 5, CH_SMS), &v[4]);
    assert_null(compliance_best(v, 5, CH_EMAIL));
    assert_null(compliance_best(v, 5, CH_LETTER));
}

/* ---- the opt-out confirmation's waiver ----------------------------------------------------------- */

/* A STOP at 22:00 in Tokyo from a debtor texted at 10:00: the confirmation
 * ignores the opt-out and the SMS spacing, not quiet hours, and opens at
 * 08:00 (not "never", as the opt-out alone would say, and not at 10:00, when
 * the spacing ends); a flag that time cannot clear still says never. */
static void test_waive_for_confirmation(void **state)
{
    (void)state;
    static const char *const specs[] = {"mobile +819012345678"};
    struct contact_point pts[N(specs)];
    make_points(pts, specs, N(specs));
    struct policy p;
    policy_default_jp(&p);
    struct debtor d;
    debtor_with(&d, TOKYO, pts, N(pts));
    d.sms_opt_out = true;
    struct contact_event ev = {.at = iso("2026-11-16T10:00:00+09:00"), .channel = CH_SMS, .outbound = true,
                               .outcome = "delivered"};
    d.events = &ev;
    d.nevents = 1;
    struct verdict v;
    compliance_check(&p, &d, CH_SMS, &pts[0], iso("2026-11-16T22:00:00+09:00"), &v);
    assert_false(v.allowed);
    assert_false(v.has_next);
    assert_int_equal(v.nreasons, 3);
    verdict_waive_for_confirmation(&v);
    assert_false(v.allowed);
    assert_int_equal(v.nreasons, 1);
    assert_int_equal(v.reasons[0].code, R_QUIET_HOURS);
    assert_true(v.has_next);
    assert_true(v.next_allowed == iso("2026-11-17T08:00:00+09:00"));

    compliance_check(&p, &d, CH_SMS, &pts[0], iso("2026-11-16T12:00:00+09:00"), &v);
    verdict_waive_for_confirmation(&v);
    assert_true(v.allowed);
    assert_int_equal(v.nreasons, 0);

    /* the answer to STOP goes to a paused account too: the debtor asked */
    snprintf(d.status, sizeof d.status, "paused");
    compliance_check(&p, &d, CH_SMS, &pts[0], iso("2026-11-16T12:00:00+09:00"), &v);
    assert_false(v.allowed);
    assert_int_equal(v.reasons[0].code, R_NOT_ACTIVE);
    assert_non_null(strstr(v.reasons[0].text, "the account is paused: no contact while it is not active"));
    verdict_waive_for_confirmation(&v);
    assert_true(v.allowed);
    assert_int_equal(v.nreasons, 0);
    snprintf(d.status, sizeof d.status, "active");

    d.cease = true;
    compliance_check(&p, &d, CH_SMS, &pts[0], iso("2026-11-16T22:00:00+09:00"), &v);
    verdict_waive_for_confirmation(&v);
    assert_false(v.allowed);
    assert_false(v.has_next);
}

/* ---- every zone counts; a zone that does not load blocks (issue 10, item 1) ---------------------- */

#define FIVE_ZONES "America/New_York|America/Chicago|America/Denver|America/Los_Angeles|Pacific/Honolulu"

static const struct row zone_rows[] = {
    {.desc = "five zones: 06:30 in Honolulu (the fifth) is quiet; opens 08:00 there", .policy = "US",
     .zones = FIVE_ZONES, .channel = "phone", .point = P_MOBILE, .now = "2026-11-20T06:30:00-10:00",
     .reasons = "quiet_hours", .binding = "quiet_hours", .next = "2026-11-20T08:00:00-10:00"},
    {.desc = "five zones: 08:00 in Honolulu is 13:00 in New York: allowed", .policy = "US", .zones = FIVE_ZONES,
     .channel = "phone", .point = P_MOBILE, .now = "2026-11-20T08:00:00-10:00", .allowed = true, .reasons = "",
     .next = "2026-11-20T08:00:00-10:00"},
    {.desc = "five zones: 20:30 in New York is allowed there but 21:30 nowhere: allowed", .policy = "US",
     .zones = FIVE_ZONES, .channel = "phone", .point = P_MOBILE, .now = "2026-11-20T20:30:00-05:00",
     .allowed = true, .reasons = "", .next = "2026-11-20T20:30:00-05:00"},
    {.desc = "a zone that did not load blocks the call: zone_unknown, none", .policy = "US",
     .zones = NEW_YORK "|?America/Nowhere", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-20T11:30:00-05:00", .reasons = "zone_unknown", .binding = "zone_unknown", .next = "none"},
    {.desc = "a zone that did not load blocks SMS and email", .policy = "JP", .zones = "?Asia/Tokio",
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE, .now = "2026-11-20T12:00:00+09:00",
     .reasons = "zone_unknown", .binding = "zone_unknown", .next = "none"},
    {.desc = "... and email", .policy = "JP", .zones = "?Asia/Tokio", .flags = F_CONSENT, .channel = "email",
     .point = P_EMAIL, .now = "2026-11-20T12:00:00+09:00", .reasons = "zone_unknown", .binding = "zone_unknown",
     .next = "none"},
    {.desc = "a letter, which no clock rule checks, goes", .policy = "JP", .zones = "?Asia/Tokio",
     .channel = "letter", .point = P_ADDR, .now = "2026-11-20T12:00:00+09:00", .allowed = true, .reasons = "",
     .next = "2026-11-20T12:00:00+09:00"},
    {.desc = "unless the policy keeps letters to hours too", .policy = "JP", .tweak = quiet_letters_too,
     .zones = "?Asia/Tokio", .channel = "letter", .point = P_ADDR, .now = "2026-11-20T12:00:00+09:00",
     .reasons = "zone_unknown", .binding = "zone_unknown", .next = "none"},
    {.desc = "no zone at all is not UTC: the call is blocked", .policy = "US", .zones = "", .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-20T16:30:00Z", .reasons = "zone_unknown", .binding = "zone_unknown",
     .next = "none"},
    {.desc = "no zone, but no rule reads the clock (no quiet hours, no daily cap): allowed",
     .policy = "JP", .tweak = no_quiet_no_cap, .zones = "", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-20T16:30:00Z", .allowed = true, .reasons = "", .next = "2026-11-20T16:30:00Z"},
    {.desc = "a preferred window is read on the debtor's clock: blocked without a zone", .policy = "JP",
     .tweak = no_quiet_no_cap, .zones = "", .window = "10:00-18:00", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-20T16:30:00Z", .reasons = "zone_unknown", .binding = "zone_unknown", .next = "none"},
};

static void test_zones_all_count(void **state)
{
    (void)state;
    RUN("zones", zone_rows);
    /* The sentence names the zone. */
    struct policy p;
    policy_default_us(&p);
    struct contact_point pt;
    assert_true(parse_point("mobile +12125550100", &pt));
    struct debtor d = {0};
    load_zones(&d, NEW_YORK "|?America/Nowhere");
    d.points = &pt;
    d.npoints = 1;
    struct verdict v;
    compliance_check(&p, &d, CH_PHONE, &pt, iso("2026-11-20T11:30:00-05:00"), &v);
    assert_int_equal(v.nreasons, 1);
    assert_string_equal(v.reasons[0].text, "the time zone \"America/Nowhere\" cannot be loaded (misspelt, or not in"
                                           " this machine's tzdata): the debtor's local time is unknown");
    load_zones(&d, "");
    compliance_check(&p, &d, CH_PHONE, &pt, iso("2026-11-20T11:30:00-05:00"), &v);
    assert_string_equal(v.reasons[0].text, "no time zone on file: the debtor's local time is unknown");
    /* An opt-out confirmation is not sent on a guessed clock either. */
    verdict_waive_for_confirmation(&v);
    assert_false(v.allowed);
}

/* ---- nothing to collect (issue 10, item 5) ------------------------------------------------------- */

static const struct row balance_rows[] = {
    {.desc = "a zero balance blocks the call: no_balance, none", .policy = "US", .zones = NEW_YORK,
     .balance = "USD 0", .channel = "phone", .point = P_MOBILE, .now = "2026-11-20T12:00:00-05:00",
     .reasons = "no_balance", .binding = "no_balance", .next = "none"},
    {.desc = "a credit balance blocks the SMS", .policy = "US", .zones = NEW_YORK, .balance = "USD -500",
     .flags = F_CONSENT, .channel = "sms", .point = P_MOBILE, .now = "2026-11-20T12:00:00-05:00",
     .reasons = "no_balance", .binding = "no_balance", .next = "none", .notice = NOTICE_YES},
    {.desc = "... the email", .policy = "JP", .zones = TOKYO, .balance = "JPY 0", .flags = F_CONSENT,
     .channel = "email", .point = P_EMAIL, .now = "2026-11-20T12:00:00+09:00", .reasons = "no_balance",
     .binding = "no_balance", .next = "none"},
    {.desc = "... and the letter", .policy = "JP", .zones = TOKYO, .balance = "JPY -1", .channel = "letter",
     .point = P_ADDR, .now = "2026-11-20T12:00:00+09:00", .reasons = "no_balance", .binding = "no_balance",
     .next = "none"},
    {.desc = "one cent owed: allowed", .policy = "US", .zones = NEW_YORK, .balance = "USD 1", .channel = "phone",
     .point = P_MOBILE, .now = "2026-11-20T12:00:00-05:00", .allowed = true, .reasons = "",
     .next = "2026-11-20T12:00:00-05:00"},
    {.desc = "at night with nothing owed: no_balance binds before quiet hours", .policy = "US", .zones = NEW_YORK,
     .balance = "USD 0", .channel = "phone", .point = P_MOBILE, .now = "2026-11-20T22:00:00-05:00",
     .reasons = "no_balance,quiet_hours", .binding = "no_balance", .next = "none", .ordered = true},
    {.desc = "paid and at zero: both reasons, not_active first", .policy = "US", .zones = NEW_YORK,
     .status = "paid", .balance = "USD 0", .channel = "phone", .point = P_MOBILE,
     .now = "2026-11-20T12:00:00-05:00", .reasons = "not_active,no_balance", .binding = "not_active",
     .next = "none", .ordered = true},
};

static void test_no_balance(void **state)
{
    (void)state;
    RUN("balance", balance_rows);
    struct policy p;
    policy_default_us(&p);
    struct contact_point pt;
    assert_true(parse_point("mobile +12125550100", &pt));
    struct debtor d = {.has_balance = true, .balance_minor = -500, .currency = "USD", .sms_consent = true,
                       .points = &pt, .npoints = 1};
    load_zones(&d, NEW_YORK);
    struct verdict v;
    compliance_check(&p, &d, CH_SMS, &pt, iso("2026-11-20T12:00:00-05:00"), &v);
    assert_string_equal(v.reasons[0].text, "the balance is -$5.00 (in credit): nothing to collect");
    /* Thanks for a payment asks for nothing: it goes. */
    verdict_waive_for_thanks(&v);
    assert_true(v.allowed);
    assert_true(v.has_next);
    /* At night, thanks wait for the morning. */
    compliance_check(&p, &d, CH_SMS, &pt, iso("2026-11-20T22:00:00-05:00"), &v);
    verdict_waive_for_thanks(&v);
    assert_false(v.allowed);
    assert_int_equal(v.reasons[0].code, R_QUIET_HOURS);
    assert_true(v.has_next && v.next_allowed == iso("2026-11-21T08:00:00-05:00"));
    /* Thanks do not pass an opt-out. */
    d.sms_opt_out = true;
    compliance_check(&p, &d, CH_SMS, &pt, iso("2026-11-20T12:00:00-05:00"), &v);
    verdict_waive_for_thanks(&v);
    assert_false(v.allowed);
    assert_int_equal(v.reasons[0].code, R_OPT_OUT);
    /* The answer to STOP is no collection message either. */
    compliance_check(&p, &d, CH_SMS, &pt, iso("2026-11-20T12:00:00-05:00"), &v);
    verdict_waive_for_confirmation(&v);
    assert_true(v.allowed);
    /* A zero balance says so in the currency. */
    d.sms_opt_out = false;
    d.balance_minor = 0;
    snprintf(d.currency, sizeof d.currency, "JPY");
    compliance_check(&p, &d, CH_PHONE, &pt, iso("2026-11-20T12:00:00-05:00"), &v);
    assert_string_equal(v.reasons[0].text, "the balance is ¥0: nothing to collect");
}

/* ---- names and defaults ---------------------------------------------------------------------- */

static void test_names_round_trip(void **state)
{
    (void)state;
    static const char *const channels[CH_COUNT] = {"phone", "sms", "email", "letter"};
    for (int i = 0; i < CH_COUNT; i++) {
        enum channel c = CH_COUNT;
        assert_string_equal(channel_name((enum channel)i), channels[i]);
        assert_true(channel_parse(channels[i], &c));
        assert_int_equal(c, i);
    }
    static const char *const reasons[R_COUNT] = {
        "quiet_hours", "preferred_window", "daily_cap", "seven_in_seven", "after_conversation", "interval",
        "not_active",  "no_balance",       "workplace",   "employer_email", "cease",          "attorney",
        "dispute",
        "bankruptcy",  "deceased",         "opt_out",     "no_consent",   "dnc",                "no_contact_point",
        "no_policy",   "zone_unknown",
    };
    for (int i = 0; i < R_COUNT; i++) {
        enum reason_code r = R_COUNT;
        assert_string_equal(reason_name((enum reason_code)i), reasons[i]);
        assert_true(reason_parse(reasons[i], &r));
        assert_int_equal(r, i);
        assert_true(reason_parse(reason_name((enum reason_code)i), &r));
        assert_int_equal(r, i);
    }
    enum channel c = CH_SMS;
    enum reason_code r = R_DNC;
    assert_false(channel_parse("fax", &c));
    assert_false(channel_parse("Phone", &c));
    assert_false(channel_parse("", &c));
    assert_int_equal(c, CH_SMS);
    assert_false(reason_parse("quiet", &r));
    assert_false(reason_parse("QUIET_HOURS", &r));
    assert_false(reason_parse("", &r));
    assert_int_equal(r, R_DNC);
    assert_string_equal(channel_name(CH_COUNT), "?");
    assert_string_equal(reason_name(R_COUNT), "?");
}

static void test_policy_defaults(void **state)
{
    (void)state;
    struct policy jp, us;
    policy_default_jp(&jp);
    policy_default_us(&us);
    assert_string_equal(jp.code, "JP");
    assert_string_equal(us.code, "US");
    assert_int_equal(jp.quiet_start, 21 * 60);
    assert_int_equal(jp.quiet_end, 8 * 60);
    assert_int_equal(us.quiet_start, 21 * 60);
    assert_int_equal(us.quiet_end, 8 * 60);
    assert_int_equal(jp.quiet_channels, CH_BIT(CH_PHONE) | CH_BIT(CH_SMS) | CH_BIT(CH_EMAIL));
    assert_int_equal(us.quiet_channels, CH_BIT(CH_PHONE) | CH_BIT(CH_SMS) | CH_BIT(CH_EMAIL));
    assert_int_equal(jp.phone_daily_cap, 3);
    assert_int_equal(us.phone_daily_cap, 0);
    assert_int_equal(jp.calls_in_7_days, 0);
    assert_int_equal(us.calls_in_7_days, 7);
    assert_false(jp.after_conversation);
    assert_true(us.after_conversation);
    assert_int_equal(jp.sms_interval, 86400);
    assert_int_equal(jp.email_interval, 86400);
    assert_int_equal(jp.letter_interval, 7 * 86400);
    assert_true(jp.workplace_needs_consent);
    assert_false(us.workplace_needs_consent);
    assert_true(us.employer_prohibition && us.employer_email_blocked);
    assert_int_equal(jp.attorney_channels, CH_ALL);
    assert_int_equal(us.attorney_channels, CH_ALL);
    assert_int_equal(jp.cease_channels, CH_ALL);
    assert_true(us.electronic_opt_out_notice);
    assert_false(jp.electronic_opt_out_notice);
}

/* ---- setup ------------------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    cache = zone_cache_new();
    return cache ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    zone_cache_free(&cache);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quiet_hours),
        cmocka_unit_test(test_dst),
        cmocka_unit_test(test_candidate_zones),
        cmocka_unit_test(test_candidate_zone_days),
        cmocka_unit_test(test_seven_in_seven),
        cmocka_unit_test(test_after_conversation),
        cmocka_unit_test(test_daily_cap),
        cmocka_unit_test(test_preferred_window),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_intervals),
        cmocka_unit_test(test_several_reasons),
        cmocka_unit_test(test_backdated),
        cmocka_unit_test(test_point_medium),
        cmocka_unit_test(test_all_per_point),
        cmocka_unit_test(test_all_empty_channels),
        cmocka_unit_test(test_no_policy),
        cmocka_unit_test(test_best_prefers_soonest),
        cmocka_unit_test(test_waive_for_confirmation),
        cmocka_unit_test(test_zones_all_count),
        cmocka_unit_test(test_no_balance),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_policy_defaults),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
