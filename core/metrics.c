/* Supervisor metrics from aggregate rows; see core/metrics.h and
 * docs/supervisor-guide.md, which states every formula below. */
#include "core/metrics.h"

#include <stdio.h>
#include <string.h>

#include "core/zone.h"

/* Every outcome of dun.contacts (contacts_outcome_check, last set by
 * migration 019), and how it counts. Only outbound phone
 * contacts are attempts; the message outcomes are here so that the table
 * covers the schema's whole list. */
static const struct metrics_outcome outcomes[] = {
    {"not_connected", false, false},
    {"no_answer", false, false},
    {"busy", false, false},
    {"voicemail", false, false},
    {"conversation", true, true},
    {"third_party", true, false},
    {"wrong_number", true, false},
    {"refused", true, true},
    {"dispute", true, true},
    {"callback_requested", true, true},
    {"queued", false, false},
    {"sent", false, false},
    {"delivered", false, false},
    {"failed", false, false},
    {"cancelled", false, false},
    {"unknown", false, false},
};

const struct metrics_outcome *metrics_outcome_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (strcmp(outcomes[i].name, name) == 0)
            return &outcomes[i];
    return NULL;
}

bool metrics_period_parse(const char *name, enum metrics_period_kind *k)
{
    static const char *names[] = {"today", "week", "month"};
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *k = (enum metrics_period_kind)i;
            return true;
        }
    return false;
}

bool metrics_period_make(enum metrics_period_kind k, int64_t first_day, int64_t last_day, dun_time now,
                         const struct zone *z, struct metrics_period *p, char *err, size_t errlen)
{
    int64_t today = zone_local(z, now).date;
    int y, m, d;
    switch (k) {
    case MP_TODAY:
        first_day = today;
        break;
    case MP_WEEK: /* weeks start on Monday (ISO 8601); date_weekday: 0 = Sunday */
        first_day = today - (date_weekday(today) + 6) % 7;
        break;
    case MP_MONTH:
        date_to_civil(today, &y, &m, &d);
        first_day = date_from_civil(y, m, 1);
        break;
    case MP_RANGE:
        if (last_day < first_day) {
            snprintf(err, errlen, "the period ends before it starts (--to is before --from)");
            return false;
        }
        if (first_day > today) {
            snprintf(err, errlen, "the period starts after today: there are no figures yet");
            return false;
        }
        break;
    }
    if (k != MP_RANGE)
        last_day = today;
    dun_time end = zone_instant(z, last_day + 1, 0);
    date_to_civil(today, &y, &m, &d);
    int64_t month_first = date_from_civil(y, m, 1);
    *p = (struct metrics_period){
        .now = now,
        .month_first = month_first,
        .month_from = zone_instant(z, month_first, 0),
        .from = zone_instant(z, first_day, 0),
        .to = end < now ? end : now,
        .first_day = first_day,
        .last_day = last_day,
        .today = today,
    };
    return true;
}

/* The money entry of currency in f, added when missing; NULL when full. */
static struct metrics_money *money_slot(struct metrics_figures *f, const char *currency)
{
    for (size_t i = 0; i < f->nmoney; i++)
        if (strcmp(f->money[i].currency, currency) == 0)
            return &f->money[i];
    if (f->nmoney == METRICS_MAX_CURRENCIES)
        return NULL;
    struct metrics_money *m = &f->money[f->nmoney++];
    memset(m, 0, sizeof *m);
    snprintf(m->currency, sizeof m->currency, "%s", currency);
    return m;
}

const struct metrics_money *metrics_money_find(const struct metrics_figures *f, const char *currency)
{
    for (size_t i = 0; i < f->nmoney; i++)
        if (strcmp(f->money[i].currency, currency) == 0)
            return &f->money[i];
    return NULL;
}

static bool add_contact(struct metrics_figures *f, const struct metrics_row *r, char *err, size_t errlen)
{
    const struct metrics_outcome *o = metrics_outcome_find(r->outcome);
    if (!o) {
        snprintf(err, errlen, "contact outcome \"%s\" is not in the metrics table (core/metrics.c): "
                 "it cannot be counted", r->outcome);
        return false;
    }
    if (strcmp(r->channel, "phone") != 0 || !r->outbound)
        return true; /* attempts are outbound calls only */
    int h = r->hour >= 0 && r->hour < 24 ? r->hour : 0;
    f->attempts += r->n;
    f->hour_attempts[h] += r->n;
    if (o->human) {
        f->connects += r->n;
        f->hour_connects[h] += r->n;
    }
    if (o->right_party) {
        f->rpc += r->n;
        f->hour_rpc[h] += r->n;
    }
    return true;
}

/* A promise is in the kept-rate cohort when its deadline (promised date +
 * grace) lies in the period and has passed: on the deadline itself it may
 * still be kept, so it is not judged yet (settle_promises does the same). */
static bool in_cohort(const struct metrics_row *r, const struct metrics_period *p)
{
    return r->day >= p->first_day && r->day <= p->last_day && r->day < p->today;
}

static bool add_money(struct metrics_figures *f, const struct metrics_row *r, const struct metrics_period *p,
                      char *err, size_t errlen)
{
    if (r->kind == MR_DUE && !in_cohort(r, p))
        return true;
    struct metrics_money *m = money_slot(f, r->currency);
    if (!m) {
        snprintf(err, errlen, "more than %d currencies in one team's figures", METRICS_MAX_CURRENCIES);
        return false;
    }
    switch (r->kind) {
    case MR_PROMISE:
        f->promises += r->n;
        m->promised += r->amount;
        break;
    case MR_DUE:
        f->due += r->n;
        m->due_amount += r->amount;
        if (strcmp(r->status, "kept") == 0) {
            f->kept += r->n;
            m->kept_amount += r->amount;
        }
        break;
    default: /* MR_PAYMENT: one row may count for the period, the month, or both */
        if (r->day >= p->first_day && r->day <= p->last_day)
            m->collected += r->amount;
        if (r->day >= p->month_first && r->day <= p->today)
            m->collected_mtd += r->amount;
        break;
    }
    return true;
}

static bool add_row(struct metrics_figures *f, const struct metrics_row *r, const struct metrics_period *p,
                    char *err, size_t errlen)
{
    switch (r->kind) {
    case MR_CONTACT: return add_contact(f, r, err, errlen);
    case MR_PROMISE:
    case MR_DUE:
    case MR_PAYMENT: return add_money(f, r, p, err, errlen);
    case MR_MESSAGE: /* every message handed over counts as sent, whatever came after */
        f->sent += r->n;
        if (strcmp(r->status, "delivered") == 0)
            f->delivered += r->n;
        else if (strcmp(r->status, "no_report") == 0)
            f->no_report += r->n;
        break;
    case MR_REPLY: f->replies += r->n; break;
    case MR_THANKS_GIVEN: f->thanks_given += r->n; break;
    case MR_THANKS_RECEIVED: f->thanks_received += r->n; break;
    }
    return true;
}

/* The agent's monthly target goes on their money entry of that currency. */
static bool add_target(struct metrics_figures *f, const struct metrics_agent *a, char *err, size_t errlen)
{
    if (a->target <= 0)
        return true;
    struct metrics_money *m = money_slot(f, a->target_currency);
    if (!m) {
        snprintf(err, errlen, "more than %d currencies in one team's figures", METRICS_MAX_CURRENCIES);
        return false;
    }
    m->target += a->target;
    return true;
}

/* The team total: counts add up; money adds up within each currency only. */
static bool add_figures(struct metrics_figures *t, const struct metrics_figures *f, char *err, size_t errlen)
{
    const int64_t *src[] = {&f->attempts, &f->connects, &f->rpc, &f->promises, &f->due, &f->kept, &f->sent,
                            &f->delivered, &f->no_report, &f->replies, &f->thanks_given, &f->thanks_received};
    int64_t *dst[] = {&t->attempts, &t->connects, &t->rpc, &t->promises, &t->due, &t->kept, &t->sent,
                      &t->delivered, &t->no_report, &t->replies, &t->thanks_given, &t->thanks_received};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        *dst[i] += *src[i];
    for (int h = 0; h < 24; h++) {
        t->hour_attempts[h] += f->hour_attempts[h];
        t->hour_connects[h] += f->hour_connects[h];
        t->hour_rpc[h] += f->hour_rpc[h];
    }
    for (size_t i = 0; i < f->nmoney; i++) {
        const struct metrics_money *m = &f->money[i];
        struct metrics_money *s = money_slot(t, m->currency);
        if (!s) {
            snprintf(err, errlen, "more than %d currencies in one team's figures", METRICS_MAX_CURRENCIES);
            return false;
        }
        s->promised += m->promised;
        s->due_amount += m->due_amount;
        s->kept_amount += m->kept_amount;
        s->collected += m->collected;
        s->collected_mtd += m->collected_mtd;
        s->target += m->target;
    }
    return true;
}

static struct metrics_agent *find_agent(struct metrics_team *t, int64_t id)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->agents[i].id == id)
            return &t->agents[i];
    return NULL;
}

bool metrics_compute(struct metrics_team *t, const struct metrics_row *rows, size_t n,
                     const struct metrics_period *p, char *err, size_t errlen)
{
    memset(&t->total, 0, sizeof t->total);
    for (size_t i = 0; i < t->n; i++) {
        memset(&t->agents[i].f, 0, sizeof t->agents[i].f);
        if (!add_target(&t->agents[i].f, &t->agents[i], err, errlen))
            return false;
    }
    for (size_t i = 0; i < n; i++) {
        struct metrics_agent *a = find_agent(t, rows[i].agent_id);
        if (a && !add_row(&a->f, &rows[i], p, err, errlen))
            return false;
    }
    for (size_t i = 0; i < t->n; i++)
        if (!add_figures(&t->total, &t->agents[i].f, err, errlen))
            return false;
    return true;
}

bool metrics_percent(int64_t num, int64_t den, int *pct)
{
    if (den == 0)
        return false;
    /* 128 bits: amounts in minor units times 200 must not overflow. */
    __int128 q = ((__int128)num * 200 + den) / ((__int128)den * 2);
    *pct = q > 1000000 ? 1000000 : q < -1000000 ? -1000000 : (int)q;
    return true;
}

void metrics_rate_format(int64_t num, int64_t den, char *out, size_t n)
{
    int pct;
    if (metrics_percent(num, den, &pct))
        snprintf(out, n, "%d%%", pct);
    else
        snprintf(out, n, "-");
}
