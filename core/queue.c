#include "core/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/columns.h"
#include "core/fmt.h"
#include "core/money.h"
#include "core/utf8.h"
#include "core/zone.h"

static const struct {
    const char *title;
    int width;
    bool right;
} cells[QC_COUNT] = {
    [QC_RANK] = {"#", 5, true},          [QC_REF] = {"REF", 12, false},
    [QC_NAME] = {"NAME", 20, false},     [QC_BALANCE] = {"BALANCE", 13, true},
    [QC_DPD] = {"DPD", 4, true},         [QC_PROMISE] = {"PROMISE/CB", 14, false},
    [QC_LAST] = {"LAST CONTACT", 16, false}, [QC_CHANNELS] = {"PSEL", 4, false},
    [QC_LOCAL] = {"LOCAL", 9, false},
};

/* How each column gives way (core/columns.h); pref 0: sized by content. */
static const struct column_spec fit_spec[QC_COUNT] = {
    [QC_RANK] = {0, 0, 0, 4, false},     [QC_REF] = {0, 8, 4, 0, false},
    [QC_NAME] = {20, 10, 1, 6, true},    [QC_BALANCE] = {0, 0, 0, 5, false},
    [QC_DPD] = {0, 0, 0, 3, false},      [QC_PROMISE] = {14, 10, 3, 2, false},
    [QC_LAST] = {16, 9, 2, 1, false},    [QC_CHANNELS] = {4, 4, 0, 0, false},
    [QC_LOCAL] = {9, 9, 0, 0, false},
};

const char *queue_cell_title(enum queue_cell c) { return cells[c].title; }

const char *queue_cell_title_fit(enum queue_cell c, int width)
{
    if (c == QC_LAST && width < (int)strlen(cells[c].title))
        return "LAST";
    return cells[c].title;
}

static int digits(long long v)
{
    int d = v < 0 ? 2 : 1;
    for (v = v < 0 ? -v : v; v >= 10; v /= 10)
        d++;
    return d;
}

void queue_content_widths(const struct queue_row *rows, size_t n, bool ascii, struct queue_widths *cw)
{
    for (int c = 0; c < QC_COUNT; c++)
        cw->w[c] = fit_spec[c].pref;
    cw->w[QC_RANK] = digits((long long)(n > 0 ? n : 1));
    cw->w[QC_REF] = cw->w[QC_BALANCE] = cw->w[QC_DPD] = 3;
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        int w = utf8_width(rows[i].ref);
        if (w > cw->w[QC_REF])
            cw->w[QC_REF] = w > 20 ? 20 : w;
        const struct currency *cur = currency_find(rows[i].currency);
        if (cur)
            money_format(rows[i].balance_minor, cur, ascii, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%lld %s", (long long)rows[i].balance_minor, rows[i].currency);
        if ((w = utf8_width(buf)) > cw->w[QC_BALANCE])
            cw->w[QC_BALANCE] = w;
        if ((w = digits(rows[i].days_past_due)) > cw->w[QC_DPD])
            cw->w[QC_DPD] = w;
    }
    int title = utf8_width(cells[QC_BALANCE].title);
    if (cw->w[QC_BALANCE] < title)
        cw->w[QC_BALANCE] = title;
}

void queue_columns(const struct queue_widths *cw, int width, int widths[QC_COUNT])
{
    struct column_spec spec[QC_COUNT];
    for (int c = 0; c < QC_COUNT; c++) {
        spec[c] = fit_spec[c];
        spec[c].pref = cw->w[c];
        if (spec[c].min == 0 || spec[c].min > spec[c].pref)
            spec[c].min = spec[c].pref;
    }
    columns_fit(width, spec, QC_COUNT, widths);
}
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

/* What the agent can do about the account now: call (the work of the queue),
 * else text or email; a letter is no action an agent takes from the queue. */
static double reach_now(const struct queue_row *r)
{
    if (r->ind[CH_PHONE] == IND_ALLOWED)
        return 1.0;
    return r->ind[CH_SMS] == IND_ALLOWED || r->ind[CH_EMAIL] == IND_ALLOWED ? 0.5 : 0.0;
}

/* The next time after now that the local clock in z shows minute m. */
static dun_time next_local(const struct zone *z, dun_time now, int m)
{
    struct local_time lt = zone_local(z, now);
    dun_time t = zone_instant(z, lt.date, m);
    return t > now ? t : zone_instant(z, lt.date + 1, m);
}

static void edge_at(dun_time *edge, dun_time t, dun_time now)
{
    if (t > now && t < *edge)
        *edge = t;
}

/* Where the row's clock-driven facts turn in zone z: its midnight (days past
 * due, a promise due today, the daily call cap), the policy's quiet hours and
 * the debtor's window. An allowed channel closes only at one of these; a
 * blocked one opens at next_open. */
static void zone_edges(const struct queue_row *r, const struct zone *z, dun_time now, dun_time *edge)
{
    edge_at(edge, next_local(z, now, 0), now);
    if (r->policy) {
        edge_at(edge, next_local(z, now, r->policy->quiet_start), now);
        edge_at(edge, next_local(z, now, r->policy->quiet_end), now);
    }
    if (r->debtor && r->debtor->has_window) {
        edge_at(edge, next_local(z, now, r->debtor->window_start), now);
        edge_at(edge, next_local(z, now, r->debtor->window_end), now);
    }
}

/* The first moment after now at which time alone may change the row's
 * indicators or score. Conservative: an edge may change nothing, but no
 * change comes between edges (a day at most). */
static dun_time row_edge(const struct queue_row *r, dun_time now, struct zone_cache *zones)
{
    dun_time edge = now + 86400;
    const struct zone *z = row_zone(r, zones);
    if (z)
        zone_edges(r, z, now, &edge);
    for (int k = 0; r->debtor && k < r->debtor->nzones; k++)
        if (r->debtor->zones[k])
            zone_edges(r, r->debtor->zones[k], now, &edge);
    if (r->has_next_open)
        edge_at(&edge, r->next_open, now);
    if (r->has_callback) {
        edge_at(&edge, r->callback_at, now);
        edge_at(&edge, r->callback_at + CALLBACK_DUE_SECONDS, now);
    }
    if (r->has_last_contact && now - r->last_contact_at < 30 * 86400) /* days_since_contact's next whole day */
        edge_at(&edge, r->last_contact_at + (floor_div(now - r->last_contact_at, 86400) + 1) * 86400, now);
    return edge;
}

static void evaluate_row(struct queue_row *r, const struct priority_weights *w, dun_time now,
                         struct zone_cache *zones)
{
    enum { MAX_V = 32 };
    struct verdict v[MAX_V];
    size_t nv = 0;
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
        .callback_due = r->has_callback && r->callback_at <= now && now - r->callback_at < CALLBACK_DUE_SECONDS,
        .callback_overdue = r->has_callback && now - r->callback_at >= CALLBACK_DUE_SECONDS,
        .days_past_due = r->days_past_due,
        .balance_minor = r->balance_minor,
        .prior_delinquencies = r->prior_delinquencies,
        .ever_contacted = r->has_last_contact,
        .days_since_contact = r->has_last_contact ? (double)floor_div(now - r->last_contact_at, 86400) : 0,
        .contactable_now = reach_now(r),
        .reply_unread = r->reply_unread,
    };
    priority_compute(w, &in, &r->score);
    r->edge = row_edge(r, now, zones);
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

/* Merge k sorted rows (moved) into the n - k sorted rows at the front of
 * rows, from the back, in place. */
static void merge_back(struct queue_row *rows, size_t n, const struct queue_row *moved, size_t k)
{
    size_t a = n - k, b = k, out = n;
    while (b > 0) {
        if (a > 0 && compare(&rows[a - 1], &moved[b - 1]) > 0)
            rows[--out] = rows[--a];
        else
            rows[--out] = moved[--b];
    }
}

size_t queue_reevaluate_due(struct queue_row *rows, size_t n, const struct priority_weights *w, dun_time now,
                            struct zone_cache *zones)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += rows[i].edge <= now;
    if (k == 0)
        return 0;
    struct queue_row *moved = k * 4 < n ? malloc(k * sizeof *moved) : NULL;
    if (!moved) { /* many, or no memory for the few: all of them, sorted again */
        queue_compute(rows, n, now, zones);
        queue_evaluate(rows, n, w, now, zones);
        queue_sort(rows, n);
        return n;
    }
    size_t kept = 0, m = 0;
    for (size_t i = 0; i < n; i++) { /* the due rows out, the rest closed up in order */
        if (rows[i].edge <= now)
            moved[m++] = rows[i];
        else
            rows[kept++] = rows[i];
    }
    queue_compute(moved, k, now, zones);
    queue_evaluate(moved, k, w, now, zones);
    if (k > 1)
        qsort(moved, k, sizeof *moved, compare);
    merge_back(rows, n, moved, k);
    free(moved);
    for (size_t i = 0; i < n; i++)
        rows[i].rank = (int)i + 1;
    return k;
}

size_t queue_place(struct queue_row *rows, size_t n, size_t i)
{
    struct queue_row moving = rows[i];
    /* Where it goes among the others: binary search, skipping its own slot. */
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct queue_row *other = &rows[mid < i ? mid : mid + 1];
        if (compare(other, &moving) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < i)
        memmove(&rows[lo + 1], &rows[lo], (i - lo) * sizeof *rows);
    else if (lo > i)
        memmove(&rows[i], &rows[i + 1], (lo - i) * sizeof *rows);
    rows[lo] = moving;
    for (size_t k = lo < i ? lo : i; k <= (lo < i ? i : lo); k++)
        rows[k].rank = (int)k + 1;
    return lo;
}

/* Text pieces joined into a cell, cut to its buffer as snprintf would cut
 * them: the cells of a long queue are written without printf. */
struct cell {
    char *out;
    size_t n, len;
};

static void cell_put(struct cell *c, const char *s, size_t len)
{
    if (c->len + 1 < c->n) {
        size_t room = c->n - 1 - c->len, k = len < room ? len : room;
        memcpy(c->out + c->len, s, k);
        c->out[c->len + k] = '\0';
    }
    c->len += len;
}

static void cell_str(struct cell *c, const char *s) { cell_put(c, s, strlen(s)); }

static void cell_int(struct cell *c, int64_t v)
{
    char text[FMT_INT_MAX];
    cell_put(c, text, fmt_put_int64(text, v));
}

/* "%02d" */
static void cell_2d(struct cell *c, int v)
{
    char text[FMT_INT_MAX];
    cell_put(c, text, fmt_put_padded(text, (uint64_t)v, 2));
}

/* "%02d<sep>%02d": 11-25, 14:05 */
static void cell_pair(struct cell *c, int a, char sep, int b)
{
    cell_2d(c, a);
    cell_put(c, &sep, 1);
    cell_2d(c, b);
}

static struct cell cell_start(char *out, size_t n)
{
    if (n)
        out[0] = '\0';
    return (struct cell){out, n, 0};
}

void format_age(int64_t s, char *out, size_t n)
{
    struct cell c = cell_start(out, n);
    if (s < 0)
        s = 0;
    if (s < 3600)
        cell_int(&c, s / 60), cell_put(&c, "m", 1);
    else if (s < 86400)
        cell_int(&c, s / 3600), cell_put(&c, "h", 1);
    else if (s < 86400 * 14)
        cell_int(&c, s / 86400), cell_put(&c, "d", 1);
    else
        cell_int(&c, s / (86400 * 7)), cell_put(&c, "w", 1);
}

/* The callback takes the PROMISE/CB cell when it is the next thing to do:
 * due, late, later today, or the only follow-up there is. */
static bool callback_shown(const struct queue_row *r, dun_time now, struct zone_cache *zones)
{
    if (!r->has_callback)
        return false;
    if (r->callback_at <= now || !r->has_promise || strcmp(r->promise_status, "pending") != 0)
        return true;
    const struct zone *z = row_zone(r, zones);
    return zone_local(z, r->callback_at).date == zone_local(z, now).date;
}

/* "cb late 11-19", "cb 10:30" (today, the debtor's time), "cb 11-21". */
static void callback_text(const struct queue_row *r, dun_time now, struct zone_cache *zones, bool full,
                          struct cell *c)
{
    const struct zone *z = row_zone(r, zones);
    struct local_time at = zone_local(z, r->callback_at);
    int y, m, d;
    date_to_civil(at.date, &y, &m, &d);
    if (now - r->callback_at >= CALLBACK_DUE_SECONDS && !full) { /* the date gives way: "late" counts */
        cell_str(c, "cb late");
    } else if (now - r->callback_at >= CALLBACK_DUE_SECONDS) {
        cell_str(c, "cb late ");
        cell_pair(c, m, '-', d);
    } else if (at.date == zone_local(z, now).date) {
        cell_str(c, "cb ");
        cell_pair(c, at.minute_of_day / 60, ':', at.minute_of_day % 60);
    } else {
        cell_str(c, "cb ");
        cell_pair(c, m, '-', d);
    }
}

/* A promise status in four letters, for a shrunk PROMISE/CB column. */
static const char *status_short(const char *status)
{
    static const char *const map[][2] = {{"pending", "pend"}, {"partial", "part"}, {"broken", "brkn"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], status) == 0)
            return map[i][1];
    return status;
}

static void cell_text(const struct queue_row *r, enum queue_cell c, dun_time now, struct zone_cache *zones,
                      bool ascii, bool full, char *out, size_t n);

void queue_cell_text(const struct queue_row *r, enum queue_cell c, dun_time now,
                     struct zone_cache *zones, bool ascii, int width, char *out, size_t n)
{
    cell_text(r, c, now, zones, ascii, true, out, n);
    if (width > 0 && utf8_width(out) > width && (c == QC_LAST || c == QC_PROMISE))
        cell_text(r, c, now, zones, ascii, false, out, n);
    /* Who is working it reads whole before the words around it do: "busy:
     * LOGIN", then the login alone (the row is dim). */
    static const char *const busy[] = {"busy: ", ""};
    for (size_t k = 0; k < 2 && c == QC_LAST && r->in_use_by[0] && width > 0 && utf8_width(out) > width; k++) {
        struct cell t = cell_start(out, n);
        cell_str(&t, busy[k]);
        cell_str(&t, r->in_use_by);
    }
}

static void cell_text(const struct queue_row *r, enum queue_cell c, dun_time now, struct zone_cache *zones,
                      bool ascii, bool full, char *out, size_t n)
{
    char age[16];
    int y, m, d;
    struct cell t = cell_start(out, n);
    switch (c) {
    case QC_RANK:
        cell_int(&t, r->rank);
        break;
    case QC_REF:
        cell_str(&t, r->ref);
        break;
    case QC_NAME: /* a pool account is nobody's yet: opening it makes it yours */
        if (r->pool)
            cell_str(&t, "pool: ");
        cell_str(&t, r->name);
        break;
    case QC_BALANCE: {
        const struct currency *cur = currency_find(r->currency);
        char money[MONEY_TEXT_MAX];
        if (cur) {
            cell_put(&t, money, money_put(money, r->balance_minor, cur, ascii));
        } else {
            cell_int(&t, r->balance_minor);
            cell_put(&t, " ", 1);
            cell_str(&t, r->currency);
        }
        break;
    }
    case QC_DPD:
        cell_int(&t, r->days_past_due);
        break;
    case QC_PROMISE:
        if (callback_shown(r, now, zones)) {
            callback_text(r, now, zones, full, &t);
        } else if (!r->has_promise) {
            cell_put(&t, "-", 1);
        } else {
            date_to_civil(r->promise_date, &y, &m, &d);
            cell_str(&t, full ? r->promise_status : status_short(r->promise_status));
            cell_put(&t, " ", 1);
            cell_pair(&t, m, '-', d);
        }
        break;
    case QC_LAST:
        if (r->in_use_by[0]) { /* being worked now says more than the last contact */
            cell_str(&t, full ? "in use by " : "in use: ");
            cell_str(&t, r->in_use_by);
        } else if (!r->has_last_contact) {
            cell_str(&t, "never");
        } else {
            format_age(now - r->last_contact_at, age, sizeof age);
            cell_str(&t, r->last_channel);
            cell_put(&t, " ", 1);
            cell_str(&t, age);
            if (full)
                cell_str(&t, " ago");
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
        char err[128]; /* no UTC clock passed off as the debtor's */
        const struct zone *z = zone_cache_get(zones, r->time_zone, err, sizeof err);
        if (!z) {
            cell_str(&t, "no zone");
            break;
        }
        struct local_time lt = zone_local(z, now);
        cell_str(&t, date_weekday_abbrev(lt.date));
        cell_put(&t, " ", 1);
        cell_pair(&t, lt.minute_of_day / 60, ':', lt.minute_of_day % 60);
        break;
    }
    case QC_COUNT:
        break;
    }
}
