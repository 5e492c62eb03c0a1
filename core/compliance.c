#include "core/compliance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fmt.h"
#include "core/money.h"
#include "core/zone.h"

static const char *const channel_names[CH_COUNT] = {"phone", "sms", "email", "letter"};
static const char *const reason_names[R_COUNT] = {
#define X(id, name) [R_##id] = name,
    REASON_CODES(X)
#undef X
};

const char *channel_name(enum channel c) { return c < CH_COUNT ? channel_names[c] : "?"; }
const char *reason_name(enum reason_code r) { return r < R_COUNT ? reason_names[r] : "?"; }

bool channel_parse(const char *name, enum channel *c)
{
    for (int i = 0; i < CH_COUNT; i++)
        if (strcmp(name, channel_names[i]) == 0) {
            *c = (enum channel)i;
            return true;
        }
    return false;
}

bool reason_parse(const char *name, enum reason_code *r)
{
    for (int i = 0; i < R_COUNT; i++)
        if (strcmp(name, reason_names[i]) == 0) {
            *r = (enum reason_code)i;
            return true;
        }
    return false;
}

void policy_default_jp(struct policy *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "JP");
    p->quiet_start = 21 * 60;
    p->quiet_end = 8 * 60;
    p->quiet_channels = CH_BIT(CH_PHONE) | CH_BIT(CH_SMS) | CH_BIT(CH_EMAIL);
    p->preferred_window = true;
    p->phone_daily_cap = 3;
    p->sms_interval = 86400;
    p->email_interval = 86400;
    p->letter_interval = 7 * 86400;
    p->workplace_needs_consent = true;
    p->cease_channels = CH_ALL;
    p->attorney_channels = CH_ALL; /* 受任通知: no direct demand by any channel (docs/compliance.md) */
    p->dispute_channels = CH_ALL;
    p->bankruptcy_channels = CH_ALL;
    p->deceased_channels = CH_ALL;
    p->sms_needs_consent = true;
    p->email_needs_consent = true;
}

void policy_default_us(struct policy *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "US");
    p->quiet_start = 21 * 60;
    p->quiet_end = 8 * 60;
    p->quiet_channels = CH_BIT(CH_PHONE) | CH_BIT(CH_SMS) | CH_BIT(CH_EMAIL);
    p->preferred_window = true;
    p->calls_in_7_days = 7;
    p->after_conversation = true;
    p->employer_prohibition = true;
    p->employer_email_blocked = true;
    p->cease_channels = CH_ALL;
    p->attorney_channels = CH_ALL;
    p->dispute_channels = CH_ALL;
    p->bankruptcy_channels = CH_ALL;
    p->deceased_channels = CH_ALL;
    p->sms_needs_consent = true;
    p->email_needs_consent = true;
    p->electronic_opt_out_notice = true;
}

/* --- helpers ---------------------------------------------------------------- */

struct check {
    const struct policy *p;
    const struct debtor *d;
    enum channel ch;
    const struct contact_point *point;
};

static void hhmm(int minute, char *out, size_t n)
{
    if (minute < 0) { /* never from a clock or a window; printf writes it as it is */
        snprintf(out, n, "%02d:%02d", (minute / 60) % 24, minute % 60);
        return;
    }
    char text[2 * FMT_INT_MAX];
    size_t k = fmt_put_padded(text, (uint64_t)((minute / 60) % 24), 2);
    text[k++] = ':';
    k += fmt_put_padded(text + k, (uint64_t)(minute % 60), 2);
    fmt_copy(out, n, text, k);
}

/* Day-based counts use the calendar of the debtor's first zone; without a
 * zone they are not counted at all (zone_unknown blocks the call instead). */
static bool has_calendar(const struct debtor *d)
{
    return d->nzones > 0;
}

static int64_t local_date(const struct debtor *d, dun_time t)
{
    return zone_local(d->zones[0], t).date;
}

static dun_time local_midnight(const struct debtor *d, int64_t date)
{
    return zone_instant(d->zones[0], date, 0);
}

static bool in_range(int minute, int start, int end)
{
    return start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end);
}

/* The next instant at or after t when zone z's clock shows `minute`. */
static dun_time next_local(const struct zone *z, dun_time t, int minute)
{
    struct local_time lt = zone_local(z, t);
    dun_time at = zone_instant(z, lt.date, minute);
    return at > t ? at : zone_instant(z, lt.date + 1, minute);
}

static bool is_outbound_call(const struct contact_event *e)
{
    return e->channel == CH_PHONE && e->outbound;
}

/* --- time rules: blocked at t? and from when not ---------------------------- */

typedef bool (*time_rule)(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n);

static bool rule_quiet(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    const struct policy *p = k->p;
    if (!(p->quiet_channels & CH_BIT(k->ch)) || p->quiet_start == p->quiet_end)
        return false;
    bool blocked = false;
    for (int i = 0; i < k->d->nzones; i++) {
        const struct zone *z = k->d->zones[i];
        struct local_time lt = zone_local(z, t);
        if (!in_range(lt.minute_of_day, p->quiet_start, p->quiet_end))
            continue;
        dun_time open = next_local(z, t, p->quiet_end);
        if (!blocked || open > *clears) {
            char now_s[8], a[8], b[8];
            hhmm(lt.minute_of_day, now_s, sizeof now_s);
            hhmm(p->quiet_start, a, sizeof a);
            hhmm(p->quiet_end, b, sizeof b);
            snprintf(text, n, "it is %s in %s: no %s contact between %s and %s local time", now_s,
                     zone_name(z), channel_name(k->ch), a, b);
            *clears = open;
        }
        blocked = true;
    }
    return blocked;
}

static bool rule_window(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    const struct debtor *d = k->d;
    if (!k->p->preferred_window || !d->has_window || k->ch == CH_LETTER)
        return false;
    bool blocked = false;
    for (int i = 0; i < d->nzones; i++) {
        const struct zone *z = d->zones[i];
        struct local_time lt = zone_local(z, t);
        if (in_range(lt.minute_of_day, d->window_start, d->window_end))
            continue;
        dun_time open = next_local(z, t, d->window_start);
        if (!blocked || open > *clears) {
            char a[8], b[8];
            hhmm(d->window_start, a, sizeof a);
            hhmm(d->window_end, b, sizeof b);
            snprintf(text, n, "the debtor asked to be contacted only %s-%s (%s)", a, b, zone_name(z));
            *clears = open;
        }
        blocked = true;
    }
    return blocked;
}

static bool rule_daily_cap(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    if (k->ch != CH_PHONE || k->p->phone_daily_cap <= 0 || !has_calendar(k->d))
        return false;
    int64_t today = local_date(k->d, t);
    int count = 0;
    for (size_t i = 0; i < k->d->nevents; i++) {
        const struct contact_event *e = &k->d->events[i];
        if (is_outbound_call(e) && local_date(k->d, e->at) == today)
            count++; /* later calls of the same day count too: a backdated entry must not exceed the cap */
    }
    if (count < k->p->phone_daily_cap)
        return false;
    *clears = local_midnight(k->d, today + 1);
    snprintf(text, n, "%d call attempts already today (at most %d a day)", count, k->p->phone_daily_cap);
    return true;
}

/* Reg F: attempts that did not connect, and calls the debtor consented to,
 * do not count toward 7-in-7. */
static bool counts_for_seven(const struct contact_event *e)
{
    return is_outbound_call(e) && strcmp(e->outcome, "not_connected") != 0 && !e->consent_given;
}

static int calls_in_days(const struct check *k, int64_t first, int64_t last)
{
    int count = 0;
    for (size_t i = 0; i < k->d->nevents; i++) {
        const struct contact_event *e = &k->d->events[i];
        if (!counts_for_seven(e))
            continue;
        int64_t day = local_date(k->d, e->at);
        if (day >= first && day <= last)
            count++;
    }
    return count;
}

/* The most attempts in any 7-day window that contains `day`: a call on `day`
 * must not push any of them over the limit (later entries included). */
static int worst_window(const struct check *k, int64_t day)
{
    int worst = 0;
    for (int64_t end = day; end <= day + 6; end++) {
        int count = calls_in_days(k, end - 6, end);
        if (count > worst)
            worst = count;
    }
    return worst;
}

static bool rule_seven(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    int cap = k->p->calls_in_7_days;
    if (k->ch != CH_PHONE || cap <= 0 || !has_calendar(k->d))
        return false;
    int64_t today = local_date(k->d, t);
    int count = worst_window(k, today);
    if (count < cap)
        return false;
    int64_t day = today + 1;
    while (day <= today + 14 && worst_window(k, day) >= cap)
        day++;
    *clears = local_midnight(k->d, day);
    snprintf(text, n, "%d call attempts within 7 days (at most %d in 7 consecutive days)", count, cap);
    return true;
}

static bool rule_conversation(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    if (k->ch != CH_PHONE || !k->p->after_conversation || !has_calendar(k->d))
        return false;
    int64_t today = local_date(k->d, t);
    bool blocked = false;
    for (size_t i = 0; i < k->d->nevents; i++) {
        const struct contact_event *e = &k->d->events[i];
        if (e->channel != CH_PHONE || strcmp(e->outcome, "conversation") != 0 || e->at > t)
            continue;
        int64_t day = local_date(k->d, e->at); /* day 1 of the 7 */
        if (today < day || today > day + 6)
            continue;
        dun_time open = local_midnight(k->d, day + 7);
        if (!blocked || open > *clears) {
            char date[16];
            date_format(day, date, sizeof date);
            snprintf(text, n, "a phone conversation on %s: no calls for 7 days counting that day", date);
            *clears = open;
        }
        blocked = true;
    }
    return blocked;
}

/* An outbound message that surely never reached the debtor. Everything else
 * counts toward the spacing: sent, delivered, queued (on its way), and
 * unknown (a sender stopped with it in the provider's hands: it may have
 * arrived, so it counts as if it had). */
static bool never_reached(const struct contact_event *e)
{
    return strcmp(e->outcome, "failed") == 0 || strcmp(e->outcome, "cancelled") == 0;
}

static bool rule_interval(const struct check *k, dun_time t, dun_time *clears, char *text, size_t n)
{
    int interval = k->ch == CH_SMS ? k->p->sms_interval
                 : k->ch == CH_EMAIL ? k->p->email_interval
                 : k->ch == CH_LETTER ? k->p->letter_interval : 0;
    if (interval <= 0)
        return false;
    /* Spacing holds both ways, so an entry recorded after the fact keeps it too. */
    bool found = false;
    dun_time last = 0;
    for (size_t i = 0; i < k->d->nevents; i++) {
        const struct contact_event *e = &k->d->events[i];
        if (e->channel == k->ch && e->outbound && !never_reached(e) && t > e->at - interval && t < e->at + interval && (!found || e->at > last)) {
            last = e->at;
            found = true;
        }
    }
    if (!found)
        return false;
    *clears = last + interval;
    char ago[16];
    int64_t s = t > last ? t - last : last - t;
    if (s < 3600)
        snprintf(ago, sizeof ago, "%lldm", (long long)(s / 60));
    else
        snprintf(ago, sizeof ago, "%lldh", (long long)(s / 3600));
    int hours = interval / 3600;
    if (hours % 24 == 0)
        snprintf(text, n, "the last %s was %s ago: at most one every %d day%s", channel_name(k->ch),
                 ago, hours / 24, hours == 24 ? "" : "s");
    else
        snprintf(text, n, "the last %s was %s ago: at most one every %d hours", channel_name(k->ch),
                 ago, hours);
    return true;
}

static const struct {
    enum reason_code code;
    time_rule fn;
} time_rules[] = {
    {R_QUIET_HOURS, rule_quiet},           {R_PREFERRED_WINDOW, rule_window},
    {R_DAILY_CAP, rule_daily_cap},         {R_SEVEN_IN_SEVEN, rule_seven},
    {R_AFTER_CONVERSATION, rule_conversation}, {R_INTERVAL, rule_interval},
};
enum { NTIME_RULES = sizeof time_rules / sizeof time_rules[0] };

/* --- rules only a flag change clears ------------------------------------------ */

static void add(struct verdict *v, enum reason_code code, bool clears, dun_time at, const char *text)
{
    if (v->nreasons >= MAX_REASONS)
        return;
    struct reason *r = &v->reasons[v->nreasons++];
    r->code = code;
    r->clears = clears;
    r->clears_at = at;
    fmt_copy_str(r->text, sizeof r->text, text);
}

static void flag_rule(struct verdict *v, const struct check *k, bool flag, unsigned mask,
                      enum reason_code code, const char *text)
{
    if (flag && (mask & CH_BIT(k->ch)))
        add(v, code, false, 0, text);
}

/* Whether the point can carry the channel at all; false when there is none. */
static bool point_fit_rules(struct verdict *v, const struct check *k)
{
    const struct contact_point *pt = k->point;
    if (!pt) {
        add(v, R_NO_CONTACT_POINT, false, 0,
            k->ch == CH_SMS ? "no mobile number on file" :
            k->ch == CH_LETTER ? "no postal address on file" : "no contact point on file for this channel");
        return false;
    }
    if (pt->channel != (k->ch == CH_SMS ? CH_PHONE : k->ch))
        add(v, R_NO_CONTACT_POINT, false, 0, "this contact point is not for this channel");
    else if (pt->bad)
        add(v, R_NO_CONTACT_POINT, false, 0, "this contact point was reported wrong or undeliverable");
    else if (k->ch == CH_SMS && pt->kind != PK_MOBILE)
        add(v, R_NO_CONTACT_POINT, false, 0, "SMS goes to mobile numbers only");
    if ((k->ch == CH_PHONE || k->ch == CH_SMS) && pt->dnc)
        add(v, R_DNC, false, 0, "this number is on the do-not-call list");
    return true;
}

static void workplace_rules(struct verdict *v, const struct check *k)
{
    const struct policy *p = k->p;
    const struct debtor *d = k->d;
    const struct contact_point *pt = k->point;
    if (k->ch == CH_PHONE && pt->kind == PK_WORK) {
        if (p->workplace_needs_consent && !d->workplace_contact_consent)
            add(v, R_WORKPLACE, false, 0, "a workplace number: no calls without the debtor's recorded consent");
        if (p->employer_prohibition && d->employer_prohibits_contact)
            add(v, R_WORKPLACE, false, 0, "the employer prohibits contact at work");
    }
    if (k->ch == CH_EMAIL && pt->kind == PK_WORK_EMAIL) {
        if (p->employer_email_blocked)
            add(v, R_EMPLOYER_EMAIL, false, 0, "an employer-provided email address must not be used");
        else if (p->employer_prohibition && d->employer_prohibits_contact)
            add(v, R_WORKPLACE, false, 0, "the employer prohibits contact at work");
    }
}

/* A settled or credit balance: nothing to collect, so no collection
 * contact (a payment-thanks message waives it: verdict_waive_for_thanks). */
static void balance_rule(struct verdict *v, const struct debtor *d)
{
    if (!d->has_balance || d->balance_minor > 0)
        return;
    char amount[64], text[160];
    const struct currency *cur = currency_find(d->currency);
    if (cur)
        money_format(d->balance_minor, cur, false, amount, sizeof amount);
    else
        snprintf(amount, sizeof amount, "%lld %s", (long long)d->balance_minor, d->currency);
    snprintf(text, sizeof text, "the balance is %s%s: nothing to collect", amount,
             d->balance_minor < 0 ? " (in credit)" : "");
    add(v, R_NO_BALANCE, false, 0, text);
}

/* What holds under any policy, or none: the account's status and balance,
 * the debtor's opt-outs, the point's fitness and the do-not-call list.
 * False when there is no point. */
static bool universal_rules(struct verdict *v, const struct check *k)
{
    const char *status = k->d->status;
    if (status[0] && strcmp(status, "active") != 0) { /* only a change of status opens it */
        char text[80];
        snprintf(text, sizeof text, "the account is %s: no contact while it is not active", status);
        add(v, R_NOT_ACTIVE, false, 0, text);
    }
    balance_rule(v, k->d);
    if (k->ch == CH_SMS && k->d->sms_opt_out)
        add(v, R_OPT_OUT, false, 0, "the debtor opted out of SMS");
    if (k->ch == CH_EMAIL && k->d->email_opt_out)
        add(v, R_OPT_OUT, false, 0, "the debtor opted out of email");
    return point_fit_rules(v, k);
}

static void policy_flag_rules(struct verdict *v, const struct check *k, bool has_point)
{
    const struct policy *p = k->p;
    const struct debtor *d = k->d;
    flag_rule(v, k, d->cease, p->cease_channels, R_CEASE, "the debtor asked us to cease communication");
    flag_rule(v, k, d->attorney, p->attorney_channels, R_ATTORNEY,
              "the debtor is represented by an attorney: contact the attorney instead");
    flag_rule(v, k, d->dispute, p->dispute_channels, R_DISPUTE,
              "the debt is disputed: contact is paused until the dispute is resolved");
    flag_rule(v, k, d->bankruptcy, p->bankruptcy_channels, R_BANKRUPTCY, "the debtor is in bankruptcy");
    flag_rule(v, k, d->deceased, p->deceased_channels, R_DECEASED, "the debtor is recorded as deceased");
    if (k->ch == CH_SMS && p->sms_needs_consent && !d->sms_consent)
        add(v, R_NO_CONSENT, false, 0, "no consent to SMS on file");
    if (k->ch == CH_EMAIL && p->email_needs_consent && !d->email_consent)
        add(v, R_NO_CONSENT, false, 0, "no consent to email on file");
    if (has_point)
        workplace_rules(v, k);
}

/* Does a rule of the policy read the debtor's clock or calendar for this
 * channel (quiet hours, the preferred window, the day-based call limits)? */
static bool clock_rules_apply(const struct check *k)
{
    const struct policy *p = k->p;
    if ((p->quiet_channels & CH_BIT(k->ch)) && p->quiet_start != p->quiet_end)
        return true;
    if (p->preferred_window && k->d->has_window && k->ch != CH_LETTER)
        return true;
    return k->ch == CH_PHONE && (p->phone_daily_cap > 0 || p->calls_in_7_days > 0 || p->after_conversation);
}

/* Those rules cannot be checked without every zone: blocked until the
 * account's zones are fixed, never judged in a guessed one (UTC). */
static void zone_rule(struct verdict *v, const struct check *k)
{
    const struct debtor *d = k->d;
    if ((!d->unknown_zone && d->nzones > 0) || !clock_rules_apply(k))
        return;
    char text[200];
    if (d->unknown_zone)
        snprintf(text, sizeof text, "the time zone \"%s\" cannot be loaded (misspelt, or not in this machine's"
                 " tzdata): the debtor's local time is unknown", d->unknown_zone);
    else
        snprintf(text, sizeof text, "no time zone on file: the debtor's local time is unknown");
    add(v, R_ZONE_UNKNOWN, false, 0, text);
}

/* --- the verdict -------------------------------------------------------------- */

/* Binding first: no contact point (nothing to reach, whatever else holds),
 * then what only a flag change clears, then what clears last. */
static int binding_order(const void *a, const void *b)
{
    const struct reason *x = a, *y = b;
    if ((x->code == R_NO_CONTACT_POINT) != (y->code == R_NO_CONTACT_POINT))
        return x->code == R_NO_CONTACT_POINT ? -1 : 1;
    if (x->clears != y->clears)
        return x->clears ? 1 : -1;
    if (!x->clears)
        return (int)x->code - (int)y->code;
    if (x->clears_at != y->clears_at)
        return x->clears_at > y->clears_at ? -1 : 1;
    return (int)x->code - (int)y->code;
}

/* Latest clearing time among the time rules blocking at t; false if none blocks. */
static bool blocked_until(const struct check *k, dun_time t, dun_time *until)
{
    bool blocked = false;
    char text[200];
    for (int i = 0; i < NTIME_RULES; i++) {
        dun_time c;
        if (time_rules[i].fn(k, t, &c, text, sizeof text)) {
            if (!blocked || c > *until)
                *until = c;
            blocked = true;
        }
    }
    return blocked;
}

void compliance_check(const struct policy *p, const struct debtor *d, enum channel ch,
                      const struct contact_point *point, dun_time now, struct verdict *v)
{
    struct check k = {p, d, ch, point};
    memset(v, 0, sizeof *v);
    v->channel = ch;
    if (point)
        fmt_copy_str(v->target, sizeof v->target, point->target);
    bool has_point = universal_rules(v, &k);
    if (!p) { /* nothing is known to be allowed: only a change of the account's data opens it */
        add(v, R_NO_POLICY, false, 0,
            "no contact policy applies to this account: set its jurisdiction (JP, US or a code in dun.policies)");
    } else {
        v->needs_opt_out_notice = p->electronic_opt_out_notice && (ch == CH_SMS || ch == CH_EMAIL);
        policy_flag_rules(v, &k, has_point);
        zone_rule(v, &k);
        for (int i = 0; i < NTIME_RULES; i++) {
            dun_time c;
            char text[200];
            if (time_rules[i].fn(&k, now, &c, text, sizeof text))
                add(v, time_rules[i].code, true, c, text);
        }
    }
    if (v->nreasons > 1)
        qsort(v->reasons, (size_t)v->nreasons, sizeof v->reasons[0], binding_order);
    v->allowed = v->nreasons == 0;
    if (v->allowed) {
        v->has_next = true;
        v->next_allowed = now;
        return;
    }
    if (!v->reasons[0].clears)
        return; /* only a flag change can allow it */
    /* Walk forward: each step jumps to when every rule blocking then clears. */
    dun_time t = now, until = now;
    for (int step = 0; step < 64 && t < now + 400LL * 86400; step++) {
        if (!blocked_until(&k, t, &until)) {
            v->has_next = true;
            v->next_allowed = t;
            return;
        }
        t = until > t ? until : t + 60;
    }
}

static void add_verdict(const struct policy *p, const struct debtor *d, enum channel ch,
                        const struct contact_point *pt, dun_time now, struct verdict *out,
                        size_t max, size_t *n)
{
    if (*n < max)
        compliance_check(p, d, ch, pt, now, &out[(*n)++]);
}

size_t compliance_all(const struct policy *p, const struct debtor *d, dun_time now,
                      struct verdict *out, size_t max)
{
    size_t n = 0;
    for (int ch = 0; ch < CH_COUNT; ch++) {
        size_t before = n;
        for (size_t i = 0; i < d->npoints; i++) {
            const struct contact_point *pt = &d->points[i];
            bool fits = ch == CH_SMS ? pt->channel == CH_PHONE && pt->kind == PK_MOBILE
                                     : pt->channel == (enum channel)ch;
            if (fits)
                add_verdict(p, d, (enum channel)ch, pt, now, out, max, &n);
        }
        if (n == before)
            add_verdict(p, d, (enum channel)ch, NULL, now, out, max, &n);
    }
    return n;
}

const struct verdict *compliance_best(const struct verdict *v, size_t n, enum channel ch)
{
    const struct verdict *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct verdict *c = &v[i];
        if (c->channel != ch)
            continue;
        if (!best || (c->allowed && !best->allowed) ||
            (!best->allowed && !c->allowed && c->has_next &&
             (!best->has_next || c->next_allowed < best->next_allowed)))
            best = c;
    }
    return best;
}

static bool waived_for_confirmation(enum reason_code r)
{
    return r == R_OPT_OUT || r == R_NO_CONSENT || r == R_INTERVAL || r == R_NOT_ACTIVE || r == R_NO_BALANCE;
}

static bool waived_for_thanks(enum reason_code r)
{
    return r == R_NO_BALANCE;
}

/* Drop the reasons `waived` names and work out the verdict without them. */
static void waive(struct verdict *v, bool (*waived)(enum reason_code))
{
    int k = 0;
    for (int i = 0; i < v->nreasons; i++)
        if (!waived(v->reasons[i].code))
            v->reasons[k++] = v->reasons[i];
    bool dropped = k < v->nreasons;
    v->nreasons = k;
    if (k == 0 && !v->allowed) {
        v->allowed = true;
        v->has_next = true;
        return;
    }
    if (!dropped || k == 0)
        return;
    /* next_allowed was where the dropped reasons clear too, or "never" for
     * an opt-out: now it is where the last of those left clears (a STOP in
     * quiet hours is confirmed when they end). */
    v->has_next = true;
    v->next_allowed = 0;
    for (int i = 0; i < k && v->has_next; i++) {
        v->has_next = v->reasons[i].clears;
        if (v->reasons[i].clears_at > v->next_allowed)
            v->next_allowed = v->reasons[i].clears_at;
    }
}

void verdict_waive_for_confirmation(struct verdict *v) { waive(v, waived_for_confirmation); }
void verdict_waive_for_thanks(struct verdict *v) { waive(v, waived_for_thanks); }
