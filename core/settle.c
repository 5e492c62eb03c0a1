/* Promise settlement and instalment schedules.
 *
 * Settlement allocates payments greedily: payments in date order, and each
 * payment's money to the open promises in due-date order. That gives the
 * same split as "each promise in due order takes from the payments in date
 * order" (both fill the same promise x payment grid from its top-left), but
 * needs no per-payment bookkeeping, so nothing is allocated. The orders are
 * found by selection rather than by sorting, because the caller's arrays must
 * not move; a debtor has tens or hundreds of promises and payments, so the
 * quadratic scans cost microseconds. */
#include "core/settle.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {"pending", "kept", "partial", "broken", "cancelled"};
static const char *const frequency_names[] = {"weekly", "biweekly", "monthly"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *promise_status_name(enum promise_status s)
{
    return (size_t)s < N(status_names) ? status_names[s] : "?";
}

bool promise_status_parse(const char *name, enum promise_status *s)
{
    for (size_t i = 0; name && i < N(status_names); i++)
        if (strcmp(name, status_names[i]) == 0) {
            *s = (enum promise_status)i;
            return true;
        }
    return false;
}

const char *plan_frequency_name(enum plan_frequency f)
{
    return (size_t)f < N(frequency_names) ? frequency_names[f] : "?";
}

bool plan_frequency_parse(const char *name, enum plan_frequency *f)
{
    for (size_t i = 0; name && i < N(frequency_names); i++)
        if (strcmp(name, frequency_names[i]) == 0) {
            *f = (enum plan_frequency)i;
            return true;
        }
    return false;
}

/* --- settlement ------------------------------------------------------------ */

/* Promise order: due date, then id, then array position so that even
 * duplicate ids give one total order (and hence a repeatable result). */
static bool promise_before(const struct settle_promise *p, size_t a, size_t b)
{
    if (p[a].due_date != p[b].due_date)
        return p[a].due_date < p[b].due_date;
    if (p[a].id != p[b].id)
        return p[a].id < p[b].id;
    return a < b;
}

/* Payments by date, array position breaking ties. */
static bool payment_before(const struct settle_payment *pay, size_t a, size_t b)
{
    if (pay[a].paid_date != pay[b].paid_date)
        return pay[a].paid_date < pay[b].paid_date;
    return a < b;
}

/* The first payment after `prev` in that order (prev == m: the very first);
 * m when there is none. */
static size_t next_payment(const struct settle_payment *pay, size_t m, size_t prev)
{
    size_t best = m;
    for (size_t j = 0; j < m; j++) {
        if (prev < m && !payment_before(pay, prev, j))
            continue;
        if (best == m || payment_before(pay, j, best))
            best = j;
    }
    return best;
}

/* A payment counts for a promise only inside the promise's life: money paid
 * before it was made was for something else, money paid after the grace
 * period is too late to keep it. */
static bool in_window(const struct settle_promise *q, int64_t paid_date, int grace_days)
{
    return paid_date >= q->created_date && paid_date <= q->due_date + grace_days;
}

/* The first promise in order that can still take money paid on this date:
 * not cancelled, not yet covered, and the date inside its window. n if none. */
static size_t first_taker(const struct settle_promise *p, size_t n, int64_t paid_date, int grace_days)
{
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        if (p[i].status == PS_CANCELLED || p[i].paid >= p[i].amount ||
            !in_window(&p[i], paid_date, grace_days))
            continue;
        if (best == n || promise_before(p, i, best))
            best = i;
    }
    return best;
}

/* Hand one payment's money to the promises in due order. Each step either
 * uses the payment up or covers a promise, so a whole settlement costs
 * O((m + n) * n) rather than a walk of every promise per payment. */
static void allocate(struct settle_promise *p, size_t n, const struct settle_payment *pay,
                     int grace_days)
{
    int64_t left = pay->amount;
    size_t i;
    while (left > 0 && (i = first_taker(p, n, pay->paid_date, grace_days)) < n) {
        int64_t take = p[i].amount - p[i].paid;
        if (take > left)
            take = left;
        p[i].paid += take;
        left -= take;
    }
}

static enum promise_status judge(const struct settle_promise *q, int64_t today, int grace_days)
{
    if (q->paid >= q->amount)
        return PS_KEPT; // covered: kept at once, even before the due date
    if (today <= q->due_date + grace_days)
        return PS_PENDING; // there is still time
    return q->paid > 0 ? PS_PARTIAL : PS_BROKEN;
}

void settle_promises(struct settle_promise *p, size_t n, const struct settle_payment *pay, size_t m,
                     int64_t today, int grace_days)
{
    // Start from nothing so a second run gives the same answer as the first.
    for (size_t i = 0; i < n; i++)
        p[i].paid = 0;
    for (size_t j = next_payment(pay, m, m); j < m; j = next_payment(pay, m, j))
        if (pay[j].amount > 0)
            allocate(p, n, &pay[j], grace_days);
    for (size_t i = 0; i < n; i++)
        if (p[i].status != PS_CANCELLED)
            p[i].status = judge(&p[i], today, grace_days);
}

/* --- plans ----------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The i-th monthly date keeps first's day of month, clamped to the month's
 * last day, and is computed from first each time: stepping from the previous
 * date would turn Jan 31 -> Feb 28 -> Mar 28. */
static int64_t monthly_date(int64_t first, int i)
{
    int y, m, d;
    date_to_civil(first, &y, &m, &d);
    int months = (m - 1) + i;
    y += months / 12;
    m = months % 12 + 1;
    int last = date_days_in_month(y, m);
    return date_from_civil(y, m, d < last ? d : last);
}

bool plan_schedule(int64_t total, int count, enum plan_frequency f, int64_t first,
                   struct instalment *out, char *err, size_t errlen)
{
    if (count < 2 || count > 60) {
        set_err(err, errlen, "a plan has 2 to 60 instalments, not %d", count);
        return false;
    }
    if (total < count) {
        set_err(err, errlen,
                "the total (%lld) is less than the number of instalments (%d): "
                "each instalment must be at least one minor unit",
                (long long)total, count);
        return false;
    }
    if ((size_t)f >= N(frequency_names)) {
        set_err(err, errlen, "unknown plan frequency %d", (int)f);
        return false;
    }
    int64_t each = total / count;
    for (int i = 0; i < count; i++) {
        out[i].amount = each;
        switch (f) {
        case PLAN_WEEKLY: out[i].date = first + 7 * (int64_t)i; break;
        case PLAN_BIWEEKLY: out[i].date = first + 14 * (int64_t)i; break;
        case PLAN_MONTHLY: out[i].date = monthly_date(first, i); break;
        }
    }
    out[count - 1].amount += total % count; // the remainder goes on the last one
    return true;
}
