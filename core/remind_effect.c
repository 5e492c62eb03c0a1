#include "core/remind_effect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zone.h"

static bool paid_in(const dun_time *paid, size_t n, dun_time from, dun_time until)
{
    for (size_t i = 0; i < n; i++)
        if (paid[i] >= from && paid[i] < until)
            return true;
    return false;
}

void remind_outcome(const struct zone *z, int64_t due, int grace, dun_time assigned_at, const dun_time *paid,
                    size_t npaid, dun_time now, struct remind_outcome *o)
{
    /* Deadlines are the start of the debtor's next day: "by the due date"
     * means any time on it, in the debtor's calendar. */
    dun_time deadline = zone_instant(z, due + (grace > 0 ? grace : 0) + 1, 0);
    dun_time due_start = zone_instant(z, due, 0), day_after_end = zone_instant(z, due + 2, 0);
    *o = (struct remind_outcome){0};
    o->settled = now >= deadline;
    o->delinquent = o->settled && !paid_in(paid, npaid, assigned_at, deadline);
    o->settled_1d = now >= day_after_end;
    o->paid_1d = o->settled_1d && paid_in(paid, npaid, due_start, day_after_end);
}

static void add(struct remind_cell *c, const struct remind_result *r)
{
    struct effect_group *d = r->holdout ? &c->delinquent.holdout : &c->delinquent.treatment;
    struct effect_group *p = r->holdout ? &c->paid_1d.holdout : &c->paid_1d.treatment;
    if (r->holdout)
        c->holdout++;
    else
        c->treatment++;
    c->blocked += !r->holdout && !r->messaged;
    d->n += r->o.settled;
    d->events += r->o.delinquent;
    p->n += r->o.settled_1d;
    p->events += r->o.paid_1d;
    if (!r->holdout && r->messaged) {
        c->clicks.n++;
        c->clicks.events += r->clicked;
    }
}

static int by_due(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void init_segments(struct remind_report *rep)
{
    size_t k = 0;
    for (int s = 0; s <= 5; s++, k++) {
        rep->segments[k].kind = RSEG_STRATUM;
        rep->segments[k].by = "prior_delinquencies";
        snprintf(rep->segments[k].value, sizeof rep->segments[k].value, s == 5 ? "%d+" : "%d", s);
    }
    static const char *const tones[] = {"formal", "casual"}, *const channels[] = {"sms", "email"};
    for (int i = 0; i < 2; i++, k++) {
        rep->segments[k].kind = RSEG_TONE;
        rep->segments[k].by = "tone";
        snprintf(rep->segments[k].value, sizeof rep->segments[k].value, "%s", tones[i]);
    }
    for (int i = 0; i < 2; i++, k++) {
        rep->segments[k].kind = RSEG_CHANNEL;
        rep->segments[k].by = "channel";
        snprintf(rep->segments[k].value, sizeof rep->segments[k].value, "%s", channels[i]);
    }
}

/* The distinct due dates of the results, ascending; false out of memory. */
static bool collect_cycles(const struct remind_result *r, size_t n, struct remind_report *rep)
{
    int64_t *due = malloc((n ? n : 1) * sizeof *due);
    if (!due)
        return false;
    for (size_t i = 0; i < n; i++)
        due[i] = r[i].due;
    qsort(due, n, sizeof *due, by_due);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || due[m - 1] != due[i])
            due[m++] = due[i];
    rep->cycle_due = due;
    rep->ncycles = m;
    return (rep->cycles = calloc(m ? m : 1, sizeof *rep->cycles)) != NULL;
}

bool remind_report_build(const struct remind_result *r, size_t n, struct remind_report *rep)
{
    memset(rep, 0, sizeof *rep);
    init_segments(rep);
    if (!collect_cycles(r, n, rep)) {
        remind_report_free(rep);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const int64_t *at = bsearch(&r[i].due, rep->cycle_due, rep->ncycles, sizeof *rep->cycle_due, by_due);
        add(&rep->cycles[at - rep->cycle_due], &r[i]);
        add(&rep->all, &r[i]);
        int s = r[i].stratum < 0 ? 0 : r[i].stratum > 5 ? 5 : r[i].stratum;
        add(&rep->segments[s].cell, &r[i]);
        add(&rep->segments[6 + !r[i].formal].cell, &r[i]);
        add(&rep->segments[8 + r[i].email].cell, &r[i]);
    }
    return true;
}

void remind_report_free(struct remind_report *rep)
{
    free(rep->cycle_due);
    free(rep->cycles);
    memset(rep, 0, sizeof *rep);
    init_segments(rep);
}
