#include "core/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/zone.h"

static const struct {
    const char *title;
    int width;
    bool right;
} cells[QC_COUNT] = {
    [QC_RANK] = {"#", 5, true},          [QC_REF] = {"REF", 12, false},
    [QC_NAME] = {"NAME", 20, false},     [QC_BALANCE] = {"BALANCE", 13, true},
    [QC_DPD] = {"DPD", 4, true},         [QC_PROMISE] = {"PROMISE", 14, false},
    [QC_LAST] = {"LAST CONTACT", 16, false}, [QC_CHANNELS] = {"PSEL", 4, false},
    [QC_LOCAL] = {"LOCAL", 9, false},
};

const char *queue_cell_title(enum queue_cell c) { return cells[c].title; }
int queue_cell_width(enum queue_cell c) { return cells[c].width; }
bool queue_cell_right_aligned(enum queue_cell c) { return cells[c].right; }

static const struct zone *row_zone(const struct queue_row *r, struct zone_cache *zones)
{
    char err[128];
    const struct zone *z = zone_cache_get(zones, r->time_zone, err, sizeof err);
    return z ? z : zone_cache_get(zones, "UTC", err, sizeof err);
}

void queue_compute(struct queue_row *rows, size_t n, dun_time now, struct zone_cache *zones)
{
    for (size_t i = 0; i < n; i++) {
        struct queue_row *r = &rows[i];
        const struct zone *z = row_zone(r, zones);
        int64_t today = z ? zone_local(z, now).date : floor_div(now, 86400);
        if (r->has_oldest_unpaid)
            r->days_past_due = (int)(today - r->oldest_unpaid);
        else if (r->has_due && r->due_date > today)
            r->days_past_due = (int)(today - r->due_date);
        else
            r->days_past_due = 0;
    }
}

static void evaluate_row(struct queue_row *r, const struct priority_weights *w, dun_time now,
                         struct zone_cache *zones)
{
    enum { MAX_V = 32 };
    struct verdict v[MAX_V];
    size_t nv = 0;
    r->any_allowed = false;
    r->has_next_open = false;
    for (int c = 0; c < CH_COUNT; c++)
        r->ind[c] = IND_NONE;
    if (r->debtor) /* a NULL policy blocks every channel (no_policy) */
        nv = compliance_all(r->policy, r->debtor, now, v, MAX_V);
    for (int c = 0; c < CH_COUNT; c++) {
        const struct verdict *best = compliance_best(v, nv, (enum channel)c);
        if (!best || (best->nreasons > 0 && best->reasons[0].code == R_NO_CONTACT_POINT))
            continue;
        r->ind[c] = best->allowed ? IND_ALLOWED : IND_BLOCKED;
        r->any_allowed |= best->allowed;
        if (!best->allowed && best->has_next && (!r->has_next_open || best->next_allowed < r->next_open)) {
            r->has_next_open = true;
            r->next_open = best->next_allowed;
        }
    }
    const struct zone *z = row_zone(r, zones);
    int64_t today = z ? zone_local(z, now).date : floor_div(now, 86400);
    struct priority_input in = {
        .promise_due_today = r->has_promise && strcmp(r->promise_status, "pending") == 0 &&
                             r->promise_date == today,
        .promise_broken_recently = r->has_promise && strcmp(r->promise_status, "broken") == 0 &&
                                   r->promise_date >= today - 3,
        .callback_due = r->has_callback && r->callback_at <= now,
        .days_past_due = r->days_past_due,
        .balance_minor = r->balance_minor,
        .prior_delinquencies = r->prior_delinquencies,
        .ever_contacted = r->has_last_contact,
        .days_since_contact = r->has_last_contact ? (double)(now - r->last_contact_at) / 86400.0 : 0,
        .contactable_now = r->any_allowed,
        .reply_unread = r->reply_unread,
    };
    priority_compute(w, &in, &r->score);
}

void queue_evaluate(struct queue_row *rows, size_t n, const struct priority_weights *w, dun_time now,
                    struct zone_cache *zones)
{
    for (size_t i = 0; i < n; i++)
        evaluate_row(&rows[i], w, now, zones);
}

static int compare(const void *a, const void *b)
{
    const struct queue_row *x = a, *y = b;
    if (x->score.total != y->score.total)
        return x->score.total > y->score.total ? -1 : 1;
    if (x->days_past_due != y->days_past_due)
        return x->days_past_due > y->days_past_due ? -1 : 1;
    if (x->balance_minor != y->balance_minor)
        return x->balance_minor > y->balance_minor ? -1 : 1;
    return strcmp(x->ref, y->ref);
}

void queue_sort(struct queue_row *rows, size_t n)
{
    if (n > 1)
        qsort(rows, n, sizeof *rows, compare);
    for (size_t i = 0; i < n; i++)
        rows[i].rank = (int)i + 1;
}

void format_age(int64_t s, char *out, size_t n)
{
    if (s < 0)
        s = 0;
    if (s < 3600)
        snprintf(out, n, "%lldm", (long long)(s / 60));
    else if (s < 86400)
        snprintf(out, n, "%lldh", (long long)(s / 3600));
    else if (s < 86400 * 14)
        snprintf(out, n, "%lldd", (long long)(s / 86400));
    else
        snprintf(out, n, "%lldw", (long long)(s / (86400 * 7)));
}


void queue_cell_text(const struct queue_row *r, enum queue_cell c, dun_time now,
                     struct zone_cache *zones, bool ascii, char *out, size_t n)
{
    char age[16];
    int y, m, d;
    out[0] = '\0';
    switch (c) {
    case QC_RANK:
        snprintf(out, n, "%d", r->rank);
        break;
    case QC_REF:
        snprintf(out, n, "%s", r->ref);
        break;
    case QC_NAME:
        snprintf(out, n, "%s", r->name);
        break;
    case QC_BALANCE: {
        const struct currency *cur = currency_find(r->currency);
        if (cur)
            money_format(r->balance_minor, cur, ascii, out, n);
        else
            snprintf(out, n, "%lld %s", (long long)r->balance_minor, r->currency);
        break;
    }
    case QC_DPD:
        snprintf(out, n, "%d", r->days_past_due);
        break;
    case QC_PROMISE:
        if (!r->has_promise)
            snprintf(out, n, "-");
        else {
            date_to_civil(r->promise_date, &y, &m, &d);
            snprintf(out, n, "%s %02d-%02d", r->promise_status, m, d);
        }
        break;
    case QC_LAST:
        if (!r->has_last_contact)
            snprintf(out, n, "never");
        else {
            format_age(now - r->last_contact_at, age, sizeof age);
            snprintf(out, n, "%s %s ago", r->last_channel, age);
        }
        break;
    case QC_CHANNELS: {
        static const char letters[CH_COUNT] = {'P', 'S', 'E', 'L'};
        size_t k = 0;
        for (int ch = 0; ch < CH_COUNT && k + 4 < n; ch++) {
            if (r->ind[ch] == IND_ALLOWED)
                out[k++] = letters[ch];
            else if (r->ind[ch] == IND_BLOCKED)
                out[k++] = (char)(letters[ch] - 'A' + 'a');
            else if (ascii)
                out[k++] = '.';
            else {
                memcpy(out + k, "\xC2\xB7", 2); /* middle dot */
                k += 2;
            }
        }
        out[k] = '\0';
        break;
    }
    case QC_LOCAL: {
        const struct zone *z = row_zone(r, zones);
        if (!z)
            break;
        struct local_time lt = zone_local(z, now);
        snprintf(out, n, "%s %02d:%02d", date_weekday_abbrev(lt.date), lt.minute_of_day / 60,
                 lt.minute_of_day % 60);
        break;
    }
    case QC_COUNT:
        break;
    }
}
