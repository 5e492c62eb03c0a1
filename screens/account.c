/* The account screen: where an agent spends the call. Header, contact panel
 * with live verdicts, history timeline, script hints, one key per outcome,
 * and forms for promises, plans, callbacks and notes. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/account_store.h"
#include "core/db/db.h"
#include "core/db/inbox_store.h"
#include "core/db/store.h"
#include "core/hints.h"
#include "core/money.h"
#include "core/settle.h"
#include "core/template.h"
#include "core/db/outbox.h"
#include "core/utf8.h"
#include "core/zone.h"
#include "screens/screen.h"
#include "tui/form.h"
#include "tui/outgoing.h"
#include "tui/tui.h"

enum { HISTORY_LIMIT = 300, HINTS_WIDTH = 46, MIN_HINTS_COLS = 110 };

struct account_state {
    char ref[257];
    struct account_detail acc;
    struct history_item *history;
    size_t nhistory;
    int filter;                 ///< -1 all, else an enum history_kind
    int top;                    ///< first history row shown (among those the filter shows)
    int sel;                    ///< the selected history row (Enter shows it whole)
    int hpage;                  ///< history rows on screen at the last draw
    int phone;                  ///< selected phone index
    struct debtor_record *recs; ///< compliance facts for the verdicts
    size_t nrecs;
    struct policy *pols;
    size_t npols;
    struct hint *hints;
    size_t nhints;
    struct {
        size_t first, next;     ///< 1 + the index in hints of the first hint of the page shown,
                                ///< and of the next page (hints-page); 0: the first hint
    } hints_page;
    bool third_party, upset, talked;
    struct promise_ref replacing; ///< the open promise (or plan) the form being filled replaces; zeros: none
    void (*form_after_yes)(struct screen *s, struct app *app); ///< the form "replace it? y" opens
    bool loaded;
    struct template_row *templates;
    size_t ntemplates;
    /* compose */
    enum channel compose_channel;
    char compose_loaded[64];    ///< the template whose text fills the body
    struct app *app;            ///< for close: the lease goes with the screen
};

/* --- loading --------------------------------------------------------------- */

/* What changes with every event on the account: its facts and history. */
static void release_account(struct account_state *st)
{
    history_free(&st->history, &st->nhistory);
    debtor_records_free(&st->recs, &st->nrecs);
}

/* What the account is read against: policies, hints, templates. */
static void release_reference(struct account_state *st)
{
    free(st->pols);
    st->pols = NULL;
    st->npols = 0;
    free(st->hints);
    st->hints = NULL;
    st->nhints = 0;
    free(st->templates);
    st->templates = NULL;
    st->ntemplates = 0;
}

static void release(struct account_state *st)
{
    release_account(st);
    release_reference(st);
}

/* Copied from the session's (tui/reference.h) when the account opens, on R
 * (read again) and after a reconnect; not on each notification about the
 * account (a delivery report, a reply). */
static bool load_reference(struct account_state *st, struct app *app, bool afresh)
{
    char err[512];
    release_reference(st);
    if (afresh)
        reference_forget(&app->reference);
    if (!reference_copy(&app->reference, app->db, &st->pols, &st->npols, &st->hints, &st->nhints, &st->templates,
                        &st->ntemplates, err, sizeof err)) {
        app_message(app, true, "could not load %s: %s", st->ref, err);
        return false;
    }
    return true;
}

static bool load(struct account_state *st, struct app *app)
{
    char err[512];
    release_account(st);
    int found = store_account_load(app->db, st->ref, app->now, &st->acc, err, sizeof err);
    if (found <= 0) {
        app_message(app, true, found == 0 ? "no account %s" : "could not load %s: %s", st->ref, err);
        return false;
    }
    if (!store_history_load(app->db, st->acc.id, HISTORY_LIMIT, &st->history, &st->nhistory, err, sizeof err)) {
        app_message(app, true, "could not load %s: %s", st->ref, err);
        return false;
    }
    struct debtor_query q = {.ref = st->ref, .now = app->now,
                             .since = compliance_history_since(st->pols, st->npols, app->now)};
    if (!store_debtors_load(app->db, &q, &st->recs, &st->nrecs, err, sizeof err) || st->nrecs != 1) {
        app_message(app, true, "could not load %s: %s", st->ref, err);
        return false;
    }
    debtor_records_bind(st->recs, st->nrecs, app->zones);
    if (st->phone >= st->acc.nphones)
        st->phone = 0;
    st->loaded = true;
    return true;
}

/* Everything; afresh: the session's reference data read again too (R). */
static bool load_all(struct account_state *st, struct app *app, bool afresh)
{
    return load_reference(st, app, afresh) && load(st, app);
}

static const struct zone *debtor_zone(struct account_state *st, struct app *app)
{
    char err[128];
    const struct zone *z = zone_cache_get(app->zones, st->acc.first_zone, err, sizeof err);
    return z ? z : zone_cache_get(app->zones, "UTC", err, sizeof err);
}

static int64_t debtor_today(struct account_state *st, struct app *app)
{
    return zone_local(debtor_zone(st, app), app->now).date;
}

/* The verdict for one channel and point at `at`, from the loaded facts. */
static bool verdict_for(struct account_state *st, enum channel ch, const char *target, dun_time at,
                        struct verdict *v)
{
    if (st->nrecs != 1)
        return false;
    const struct policy *pol = policy_find(st->pols, st->npols, st->recs[0].policy_code); /* NULL: no_policy */
    const struct debtor *d = &st->recs[0].debtor;
    const struct contact_point *pt = NULL;
    for (size_t i = 0; i < d->npoints; i++)
        if (strcmp(d->points[i].target, target) == 0)
            pt = &d->points[i];
    compliance_check(pol, d, ch, pt, at, v);
    return true;
}

/* --- call outcomes ------------------------------------------------------------ */

static const char *selected_phone(struct account_state *st)
{
    if (st->acc.nphones == 0)
        return NULL;
    return st->acc.phones[st->phone].number;
}

static void log_outcome(struct screen *s, struct app *app, const char *outcome)
{
    struct account_state *st = s->priv;
    const char *number = selected_phone(st);
    if (!number) {
        app_message(app, true, "no phone number on file for %s", st->ref);
        return;
    }
    struct contact_record c = {.ref = st->ref, .channel = CH_PHONE, .outbound = true, .target = number,
                               .outcome = outcome, .at = app->now, .agent_id = app->agent.id,
                               .upset = st->upset};
    struct verdict v;
    char err[512];
    int r = store_log_contact(app->db, &c, app->zones, &v, err, sizeof err);
    if (r < 0) {
        app_message(app, true, "not recorded: %s", err);
        return;
    }
    if (r == 0) {
        app_message(app, true, "refused: %s: %s", reason_name(v.reasons[0].code), v.reasons[0].text);
        return;
    }
    /* The store marked a wrong number bad or raised the dispute with it. */
    if (strcmp(outcome, "third_party") == 0)
        app_message(app, false, "third party: do not disclose the debt; leave only your name and number");
    else if (strcmp(outcome, "dispute") == 0)
        app_message(app, false, "dispute recorded: contact is paused until it is resolved");
    else
        app_message(app, false, "recorded: %s", outcome);
    st->third_party = strcmp(outcome, "third_party") == 0;
    st->talked |= strcmp(outcome, "conversation") == 0 || strcmp(outcome, "refused") == 0;
    app_callbacks_changed(app); /* a call completes the due callback */
    load(st, app);
}

/* The outcomes that stay (a dispute pauses every contact; a wrong number is
 * not offered again) ask first: one stray key must not do that. */
static void log_dispute(struct screen *s, struct app *app)
{
    log_outcome(s, app, "dispute");
}

static void log_wrong_number(struct screen *s, struct app *app)
{
    log_outcome(s, app, "wrong_number");
}

static void ask_wrong_number(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    const char *number = selected_phone(st);
    if (!number)
        app_message(app, true, "no phone number on file for %s", st->ref);
    else
        app_confirm(app, log_wrong_number, "mark %s as a wrong number (it is not offered again)?", number);
}

/* --- forms ---------------------------------------------------------------------- */

static const struct currency *acc_currency(const struct account_state *st)
{
    const struct currency *c = currency_find(st->acc.currency);
    return c ? c : currency_find("USD");
}

/* "2026-12-01", "today", "tomorrow" or "+N" (days from today, the debtor's calendar). */
static bool parse_day(const char *text, int64_t today, int64_t *day)
{
    if (strcmp(text, "today") == 0 || strcmp(text, "今日") == 0) {
        *day = today;
        return true;
    }
    if (strcmp(text, "tomorrow") == 0 || strcmp(text, "明日") == 0) {
        *day = today + 1;
        return true;
    }
    if (text[0] == '+') {
        char *end;
        long n = strtol(text + 1, &end, 10);
        if (*end || n < 0 || n > 3660 || end == text + 1)
            return false;
        *day = today + n;
        return true;
    }
    return date_parse(text, day);
}

static void check_amount(struct form_field *f, struct account_state *st, int64_t *minor)
{
    char err[256], bal[64];
    const struct currency *cur = acc_currency(st);
    if (!money_parse(f->value, cur, 0, minor, err, sizeof err)) {
        snprintf(f->error, sizeof f->error, "%s", err);
        return;
    }
    if (*minor <= 0) {
        snprintf(f->error, sizeof f->error, "the amount must be more than zero");
        return;
    }
    money_format(*minor, cur, false, bal, sizeof bal);
    snprintf(f->note, sizeof f->note, "= %s", bal);
    if (*minor > st->acc.balance_minor) {
        money_format(st->acc.balance_minor, cur, false, bal, sizeof bal);
        snprintf(f->note, sizeof f->note, "note: above the balance of %s", bal);
    }
}

static void check_day(struct form_field *f, struct account_state *st, struct app *app, int64_t *day)
{
    int64_t today = debtor_today(st, app), last = today + st->acc.max_promise_days;
    char a[16];
    if (!parse_day(f->value, today, day)) {
        snprintf(f->error, sizeof f->error, "a date as YYYY-MM-DD (or today, tomorrow, +3)");
        return;
    }
    if (*day < today) {
        snprintf(f->error, sizeof f->error, "that date has passed (today is %s for the debtor)",
                 (date_format(today, a, sizeof a), a));
        return;
    }
    if (*day > last) {
        date_format(last, a, sizeof a);
        snprintf(f->error, sizeof f->error, "at most %d days ahead under policy %s (by %s)",
                 st->acc.max_promise_days, st->acc.policy, a);
        return;
    }
    date_format(*day, a, sizeof a);
    snprintf(f->note, sizeof f->note, "%s %s", date_weekday_abbrev(*day), a);
}

/* What a new promise or plan replaces (NULL: nothing open). */
static const struct promise_ref *replacement(const struct account_state *st)
{
    return st->replacing.promise_id || st->replacing.plan_id ? &st->replacing : NULL;
}

/* Promise: amount, date, method. */
static void promise_validate(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    int64_t minor, day;
    check_amount(&f->fields[0], st, &minor);
    check_day(&f->fields[1], st, app, &day);
    if (!f->fields[2].value[0])
        snprintf(f->fields[2].error, sizeof f->fields[2].error, "how will they pay? e.g. bank_transfer");
}

static bool promise_submit(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    int64_t minor, day;
    char err[512];
    check_amount(&f->fields[0], st, &minor);
    check_day(&f->fields[1], st, app, &day);
    if (!store_add_promise(app->db, app->now, st->acc.id, app->agent.id, minor, st->acc.currency, day, f->fields[2].value,
                           replacement(st), err, sizeof err)) {
        snprintf(f->banner, sizeof f->banner, "not saved (your entry is kept): %s", err);
        return false;
    }
    char amount[64], date[16];
    money_format(minor, acc_currency(st), false, amount, sizeof amount);
    date_format(day, date, sizeof date);
    app_message(app, false, "promise recorded: %s on %s %s (s or e sends a confirmation)", amount,
                date_weekday_abbrev(day), date);
    return true;
}

static const struct form_spec promise_form = {
    .title = "Promise to pay",
    .nfields = 3,
    .labels = {"Amount", "Date", "Method"},
    .validate = promise_validate,
    .submit = promise_submit,
};

/* Plan: total, instalments, frequency, first date, method; the schedule previews live. */
static bool plan_inputs(struct form *f, struct app *app, int64_t *total, int *count, enum plan_frequency *freq,
                        int64_t *first)
{
    struct account_state *st = f->ctx;
    check_amount(&f->fields[0], st, total);
    char *end;
    long n = strtol(f->fields[1].value, &end, 10);
    if (*end || n < 2 || n > 60 || end == f->fields[1].value)
        snprintf(f->fields[1].error, sizeof f->fields[1].error, "2 to 60 instalments");
    *count = (int)n;
    if (!plan_frequency_parse(f->fields[2].value, freq))
        snprintf(f->fields[2].error, sizeof f->fields[2].error, "weekly, biweekly or monthly");
    check_day(&f->fields[3], st, app, first);
    return !f->fields[0].error[0] && !f->fields[1].error[0] && !f->fields[2].error[0] && !f->fields[3].error[0];
}

static void plan_validate(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    int64_t total, first;
    int count;
    enum plan_frequency freq;
    if (!f->fields[4].value[0])
        snprintf(f->fields[4].error, sizeof f->fields[4].error, "how will they pay? e.g. direct_debit");
    if (!plan_inputs(f, app, &total, &count, &freq, &first))
        return;
    struct instalment sched[60];
    char err[256];
    if (!plan_schedule(total, count, freq, first, sched, err, sizeof err)) {
        snprintf(f->fields[0].error, sizeof f->fields[0].error, "%s", err);
        return;
    }
    size_t pos = (size_t)snprintf(f->preview, sizeof f->preview, "Schedule (%d %s instalments):\n", count,
                                  plan_frequency_name(freq));
    enum { HEAD = 8, TAIL = 2 }; /* a long plan: its first and last instalments (the last carries the remainder) */
    for (int i = 0; i < count && pos < sizeof f->preview - 80; i++) {
        if (count > HEAD + TAIL + 1 && i == HEAD) {
            pos += (size_t)snprintf(f->preview + pos, sizeof f->preview - pos, "     ... %d more ...\n",
                                    count - HEAD - TAIL);
            i = count - TAIL - 1;
            continue;
        }
        char d[16], m[64];
        date_format(sched[i].date, d, sizeof d);
        money_format(sched[i].amount, acc_currency(st), false, m, sizeof m);
        pos += (size_t)snprintf(f->preview + pos, sizeof f->preview - pos, "%3d  %s  %14s\n", i + 1, d, m);
    }
}

static bool plan_submit(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    int64_t total, first;
    int count;
    enum plan_frequency freq;
    struct instalment sched[60];
    char err[512];
    if (!plan_inputs(f, app, &total, &count, &freq, &first) ||
        !plan_schedule(total, count, freq, first, sched, err, sizeof err))
        return false;
    if (!store_add_plan(app->db, app->now, st->acc.id, app->agent.id, total, st->acc.currency, freq, sched, count,
                        f->fields[4].value, replacement(st), err, sizeof err)) {
        snprintf(f->banner, sizeof f->banner, "not saved (your entry is kept): %s", err);
        return false;
    }
    app_message(app, false, "plan recorded: %d %s instalments", count, plan_frequency_name(freq));
    return true;
}

static const struct form_spec plan_form = {
    .title = "Instalment plan",
    .nfields = 5,
    .labels = {"Total", "Instalments", "Frequency", "First date", "Method"},
    .validate = plan_validate,
    .submit = plan_submit,
};

/* Callback: date and time in the debtor's local time, checked against the
 * contact rules at that moment. */
static bool callback_instant(struct form *f, struct app *app, dun_time *at)
{
    struct account_state *st = f->ctx;
    int64_t day;
    int minute;
    const struct zone *z = debtor_zone(st, app);
    if (!parse_day(f->fields[0].value, debtor_today(st, app), &day))
        snprintf(f->fields[0].error, sizeof f->fields[0].error, "a date as YYYY-MM-DD (or today, tomorrow, +3)");
    if (!hhmm_parse(f->fields[1].value, &minute) || minute >= 1440)
        snprintf(f->fields[1].error, sizeof f->fields[1].error, "a time as HH:MM, the debtor's local time");
    if (f->fields[0].error[0] || f->fields[1].error[0])
        return false;
    *at = zone_instant(z, day, minute);
    if (*at <= app->now) {
        snprintf(f->fields[1].error, sizeof f->fields[1].error, "that moment has passed");
        return false;
    }
    return true;
}

static void callback_validate(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    dun_time at;
    if (!callback_instant(f, app, &at))
        return;
    char err[128];
    const struct zone *mine = zone_cache_get(app->zones, app->agent.time_zone, err, sizeof err);
    if (mine) {
        struct local_time lt = zone_local(mine, at);
        char d[16];
        date_format(lt.date, d, sizeof d);
        snprintf(f->fields[1].note, sizeof f->fields[1].note, "%s (%s); your time %s %02d:%02d %s",
                 zone_abbrev(debtor_zone(st, app), at), st->acc.first_zone, d, lt.minute_of_day / 60,
                 lt.minute_of_day % 60, zone_abbrev(mine, at));
    }
    const char *number = selected_phone(st);
    struct verdict v;
    if (number && verdict_for(st, CH_PHONE, number, at, &v) && !v.allowed)
        snprintf(f->fields[1].error, sizeof f->fields[1].error, "calls are not allowed then: %s",
                 v.reasons[0].text);
}

/* The call's outcome (callback_requested) and the callback, saved together:
 * Esc before this records nothing. */
static bool callback_submit(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    dun_time at;
    char err[512], when[160];
    if (!callback_instant(f, app, &at))
        return false;
    const char *number = selected_phone(st);
    struct contact_record c = {.ref = st->ref, .channel = CH_PHONE, .outbound = true, .target = number,
                               .outcome = "callback_requested", .at = app->now, .agent_id = app->agent.id};
    struct verdict v;
    bool then = false;
    int r = store_schedule_callback(app->db, &c, app->zones, at, f->fields[2].value, &v, &then, err, sizeof err);
    if (r == 0 && then) { /* the reason first: it is what a narrow screen must show */
        snprintf(f->banner, sizeof f->banner, "not saved: %s - calls are not allowed then, counting this call "
                 "(your entry is kept)", v.reasons[0].text);
        return false;
    }
    if (r <= 0) {
        snprintf(f->banner, sizeof f->banner, "not saved (your entry is kept): %s", r < 0 ? err : v.reasons[0].text);
        return false;
    }
    st->talked = true;
    zone_format_both(at, debtor_zone(st, app), app_agent_zone(app), false, when, sizeof when);
    app_message(app, false, "callback set for %s", when);
    app_callbacks_changed(app);
    return true;
}

static const struct form_spec callback_form = {
    .title = "Schedule a callback",
    .nfields = 3,
    .labels = {"Date", "Time (debtor)", "Note"},
    .validate = callback_validate,
    .submit = callback_submit,
};

/* A note takes up to 4,000 characters (docs/agent-guide.md). */
enum { NOTE_MAX_CHARS = 4000 };

static void note_validate(struct form *f, struct app *app)
{
    (void)app;
    const char *p = f->fields[0].value;
    while (*p == ' ' || *p == '\n')
        p++;
    if (!*p)
        snprintf(f->fields[0].error, sizeof f->fields[0].error, "write something first");
}

static bool note_submit(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    char err[512];
    if (!store_add_note(app->db, app->now, st->acc.id, app->agent.id, f->fields[0].value, err, sizeof err)) {
        snprintf(f->banner, sizeof f->banner, "not saved (your text is kept): %s", err);
        return false;
    }
    app_message(app, false, "note saved");
    return true;
}

static const struct form_spec note_form = {
    .title = "Note",
    .help = "Enter new line  Ctrl-D save  Esc cancel",
    .nfields = 1,
    .labels = {"Note"},
    .multiline = {true},
    .max_chars = {NOTE_MAX_CHARS},
    .validate = note_validate,
    .submit = note_submit,
};

static void open_form(struct screen *s, struct app *app, const struct form_spec *spec, const char *const *initial)
{
    struct form_request req = {.spec = spec, .ctx = s->priv};
    for (int i = 0; i < spec->nfields && initial; i++)
        req.initial[i] = initial[i];
    app_push(app, &form_screen, &req);
}

static void open_callback_form(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    if (!selected_phone(st)) {
        app_message(app, true, "no phone number on file for %s", st->ref);
        return;
    }
    const char *initial[] = {"today", "", ""};
    open_form(s, app, &callback_form, initial);
}

/* --- promises and plans: one stands at a time -------------------------------- */

static void open_promise_form(struct screen *s, struct app *app)
{
    const char *initial[] = {"", "", "bank_transfer"};
    open_form(s, app, &promise_form, initial);
}

static void open_plan_form(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    char amount[64];
    money_format_plain(st->acc.balance_minor, acc_currency(st), amount, sizeof amount);
    const char *initial[] = {amount, "3", "monthly", "", "bank_transfer"};
    open_form(s, app, &plan_form, initial);
}

/* "open promise of ¥10,000 by Sat 11-21", "plan of 3 instalments (next ¥16,666 by Mon 11-30)" */
static void describe_open(const struct account_state *st, char *out, size_t n)
{
    char money[64], d[16];
    int y, m, dd;
    money_format(st->acc.next_promise_minor, acc_currency(st), false, money, sizeof money);
    date_to_civil(st->acc.next_promise_date, &y, &m, &dd);
    snprintf(d, sizeof d, "%02d-%02d", m, dd);
    if (st->acc.open_plan_id)
        snprintf(out, n, "plan of %d instalments (next %s by %s %s)", st->acc.open_plan_instalments, money,
                 date_weekday_abbrev(st->acc.next_promise_date), d);
    else
        snprintf(out, n, "open promise of %s by %s %s", money, date_weekday_abbrev(st->acc.next_promise_date), d);
}

/* y to "replace it?": the form the agent asked for, replacing the open one. */
static void replace_open(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    st->replacing = (struct promise_ref){st->acc.open_promise_id, st->acc.open_plan_id};
    st->form_after_yes(s, app);
}

/* p or P: with a promise open, ask first; the new one replaces it. */
static void new_promise(struct screen *s, struct app *app, void (*form)(struct screen *, struct app *))
{
    struct account_state *st = s->priv;
    char what[200];
    st->replacing = (struct promise_ref){0, 0};
    if (!st->acc.has_open_promise) {
        form(s, app);
        return;
    }
    describe_open(st, what, sizeof what);
    st->form_after_yes = form;
    app_confirm(app, replace_open, "%s: replace it?", what);
}

static void cancel_open(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    struct promise_ref which = {st->acc.open_promise_id, st->acc.open_plan_id};
    char err[256];
    if (!store_cancel_promise(app->db, app->now, st->acc.id, app->agent.id, &which, err, sizeof err))
        app_message(app, true, "not cancelled: %s", err);
    else
        app_message(app, false, which.plan_id ? "plan cancelled" : "promise cancelled");
    load(st, app);
}

static void ask_cancel_promise(struct screen *s, struct app *app)
{
    struct account_state *st = s->priv;
    char what[200];
    if (!st->acc.has_open_promise) {
        app_message(app, true, "no open promise on %s", st->ref);
        return;
    }
    describe_open(st, what, sizeof what); /* a plan goes whole */
    app_confirm(app, cancel_open, "cancel the %s?", what);
}

static void callback_done(struct account_state *st, struct app *app)
{
    char err[256];
    int n = store_callback_done(app->db, app->now, st->acc.id, app->agent.id, err, sizeof err);
    if (n < 0)
        app_message(app, true, "not recorded: %s", err);
    else if (n == 0)
        app_message(app, true, "no callback is due on %s", st->ref);
    else {
        app_message(app, false, "callback marked done");
        app_callbacks_changed(app);
        load(st, app);
    }
}

/* --- messages -------------------------------------------------------------------- */

/* The shared composition module, over what this screen has loaded. */
static struct outgoing outgoing_of(struct account_state *st, struct app *app)
{
    const struct policy *pol = st->nrecs == 1 ? policy_find(st->pols, st->npols, st->recs[0].policy_code) : NULL;
    return (struct outgoing){.acc = &st->acc, .templates = st->templates, .ntemplates = st->ntemplates,
                             .msg = app->msg, .agent_name = app->agent.display_name,
                             .demo = app->db->target.embedded, .policy = pol};
}

/* Render subject and body; false with a sentence when a field has no value
 * or the policy wants an opt-out instruction the text lacks. */
static bool render_message(struct account_state *st, struct app *app, enum channel ch, const char *subject_text,
                           const char *body_text, char *subject, size_t sn, char *body, size_t bn, char *err, size_t errlen)
{
    struct outgoing o = outgoing_of(st, app);
    return outgoing_render(&o, ch, subject_text, body_text, subject, sn, body, bn, err, errlen);
}

static const char *message_target(struct account_state *st, struct app *app, enum channel ch)
{
    struct outgoing o = outgoing_of(st, app);
    return outgoing_target(&o, ch);
}

/* Queue a rendered message with the undo window; the panel counts down. */
static void queue_message(struct account_state *st, struct app *app, enum channel ch, const char *template_name,
                          const char *subject, const char *body)
{
    const char *target = message_target(st, app, ch);
    struct outgoing o = outgoing_of(st, app);
    const struct template_row *t = outgoing_find(&o, template_name, ch);
    struct outbox_request r = {.ref = st->ref, .channel = ch, .target = target, .subject = subject, .body = body,
                               .template_name = template_name, .agent_id = app->agent.id, .now = app->now,
                               .undo_seconds = app->undo_seconds,
                               .thanks = t && strcmp(t->purpose, "payment_thanks") == 0,
                               .link_days = outgoing_link_days(app->msg)};
    int64_t id;
    struct verdict v;
    char err[512];
    int q = outbox_enqueue(app->db, &r, app->zones, &id, NULL, &v, err, sizeof err);
    if (q < 0) {
        app_message(app, true, "not queued: %s", err);
        return;
    }
    if (q == 0) {
        app_message(app, true, "%s blocked: %s", channel_name(ch), v.reasons[0].text);
        return;
    }
    char what[320];
    snprintf(what, sizeof what, "%s to %s %s", ch == CH_SMS ? "SMS" : "email", st->ref, st->acc.name);
    app_pending_add(app, id, st->acc.id, ch, what, subject, body);
    load(st, app);
}

/* A channel that cannot be used now says why and when it opens. */
static bool channel_ready(struct account_state *st, struct app *app, enum channel ch)
{
    if (!app->msg) {
        app_message(app, true, "messages are off: %s", app->msg_error);
        return false;
    }
    if (app_pending_find(app, st->acc.id, ch)) { /* twice by accident: one goes */
        app_message(app, true, "%s to %s is still waiting: u takes it back", ch == CH_SMS ? "an SMS" : "an email", st->ref);
        return false;
    }
    const char *target = message_target(st, app, ch);
    if (!target) {
        bool marked = false; /* a mobile on file that an agent marked wrong: say so */
        for (int i = 0; ch == CH_SMS && i < st->acc.nphones; i++)
            marked |= st->acc.phones[i].bad && strcmp(st->acc.phones[i].kind, "mobile") == 0;
        app_message(app, true, ch == CH_SMS ? marked ? "no SMS: the mobile number is marked as a wrong number"
                                                     : "no mobile number on file"
                                            : "no email address on file");
        return false;
    }
    struct verdict v;
    struct outgoing o = outgoing_of(st, app);
    bool ok = verdict_for(st, ch, target, app->now, &v);
    if (ok && strcmp(outgoing_purpose(&o), "payment_thanks") == 0) /* thanks at a zero balance go */
        verdict_waive_for_thanks(&v);
    if (ok && !v.allowed) {
        char when[200] = "";
        if (v.has_next) { /* when first: the reason is long and the status line short */
            char at[160];
            zone_format_near(v.next_allowed, app->now, debtor_zone(st, app), app_agent_zone(app), at, sizeof at);
            snprintf(when, sizeof when, " now, opens %s", at);
        }
        app_message(app, true, "%s not allowed%s: %s", channel_name(ch), when, v.reasons[0].text);
        return false;
    }
    return true;
}

static void send_recommended(struct account_state *st, struct app *app, enum channel ch)
{
    if (!channel_ready(st, app, ch))
        return;
    struct outgoing o = outgoing_of(st, app);
    const struct template_row *t = outgoing_recommended(&o, ch);
    if (!t) {
        app_message(app, true, "no %s template for %s in %s", channel_name(ch), outgoing_purpose(&o), st->acc.language);
        return;
    }
    char subject[512], body[4096], err[512];
    if (!outgoing_fits(&o, t, debtor_today(st, app), err, sizeof err)) { /* one key never says something false */
        app_message(app, true, "not sent: %s", err);
        return;
    }
    if (!render_message(st, app, ch, t->subject, t->body, subject, sizeof subject, body, sizeof body, err, sizeof err)) {
        app_message(app, true, "not sent: %s", err);
        return;
    }
    queue_message(st, app, ch, t->name, subject, body);
}

/* Compose: template name, subject (email), body; the body is the rendered
 * template until the agent edits it; the preview counts SMS segments. */
static void compose_validate(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    enum channel ch = st->compose_channel;
    struct outgoing o = outgoing_of(st, app);
    const struct template_row *t = outgoing_find(&o, f->fields[0].value, ch);
    if (!t) {
        char names[200];
        outgoing_list(&o, ch, names, sizeof names);
        snprintf(f->fields[0].error, sizeof f->fields[0].error, "templates: %s", names);
    } else {
        /* A template that would say something untrue of the account: why, beside its name. */
        outgoing_fits(&o, t, debtor_today(st, app), f->fields[0].error, sizeof f->fields[0].error);
        if (strcmp(st->compose_loaded, t->name) != 0) {
            snprintf(st->compose_loaded, sizeof st->compose_loaded, "%s", t->name);
            snprintf(f->fields[1].value, sizeof f->fields[1].value, "%s", t->subject);
            snprintf(f->fields[2].value, sizeof f->fields[2].value, "%s", t->body);
        }
    }
    char subject[512], body[4096], err[512];
    if (!render_message(st, app, ch, f->fields[1].value, f->fields[2].value, subject, sizeof subject, body, sizeof body,
                        err, sizeof err)) {
        snprintf(f->fields[2].error, sizeof f->fields[2].error, "%s", err);
        return;
    }
    if (ch == CH_SMS) {
        struct sms_count c;
        sms_count(body, &c);
        snprintf(f->preview, sizeof f->preview, "Preview (%s, %d %s, %d segment%s):\n%s", c.ucs2 ? "UCS-2" : "GSM-7",
                 c.chars, c.ucs2 ? "characters" : "septets", c.segments, c.segments == 1 ? "" : "s", body);
    } else {
        snprintf(f->preview, sizeof f->preview, "Preview:\nSubject: %s\n\n%s", subject, body);
    }
}

static bool compose_submit(struct form *f, struct app *app)
{
    struct account_state *st = f->ctx;
    char subject[512], body[4096], err[512];
    struct outgoing o = outgoing_of(st, app);
    const struct template_row *t = outgoing_find(&o, f->fields[0].value, st->compose_channel);
    if (t && !outgoing_fits(&o, t, debtor_today(st, app), f->banner, sizeof f->banner))
        return false; /* the sending path checks for itself, whatever validate showed */
    if (!channel_ready(st, app, st->compose_channel))
        return false;
    if (!render_message(st, app, st->compose_channel, f->fields[1].value, f->fields[2].value, subject, sizeof subject,
                        body, sizeof body, err, sizeof err)) {
        snprintf(f->banner, sizeof f->banner, "%s", err);
        return false;
    }
    queue_message(st, app, st->compose_channel, f->fields[0].value, subject, body);
    return true;
}

#define TEMPLATE_FIELD_MAX(field) ((int)sizeof ((struct template_row *)0)->field - 1)

static const struct form_spec compose_form = {
    .title = "Compose",
    .help = "Tab next field  Enter new line in the body  Ctrl-D send  Esc cancel",
    .nfields = 3,
    .labels = {"Template", "Subject", "Body"},
    .multiline = {false, false, true},
    /* what a template may hold, so that the largest one loads whole */
    .max_chars = {TEMPLATE_FIELD_MAX(name), TEMPLATE_FIELD_MAX(subject), TEMPLATE_FIELD_MAX(body)},
    .validate = compose_validate,
    .submit = compose_submit,
};

static void compose(struct screen *s, struct app *app, enum channel ch)
{
    struct account_state *st = s->priv;
    if (!channel_ready(st, app, ch))
        return;
    struct outgoing o = outgoing_of(st, app);
    const struct template_row *t = outgoing_recommended(&o, ch);
    st->compose_channel = ch;
    st->compose_loaded[0] = '\0';
    const char *initial[] = {t ? t->name : "", "", ""};
    open_form(s, app, &compose_form, initial);
}

/* --- the screen ------------------------------------------------------------------ */

static bool account_open(struct screen *s, struct app *app, const void *arg)
{
    struct account_state *st = s->priv;
    snprintf(st->ref, sizeof st->ref, "%s", (const char *)arg);
    st->filter = -1;
    if (!app_online(app, "open")) /* an account is read from the database */
        return false;
    char err[256]; /* opening a pool account takes it (the first to open it works it); its replies are read */
    int took = store_account_enter(app->db, app->agent.id, st->ref, app->now, err, sizeof err);
    if (took < 0) {
        app_message(app, true, "could not open %s: %s", st->ref, err); /* taking it, were it the pool's */
        release(st);
        return false;
    }
    if (!load_all(st, app, false)) {
        release(st);
        return false;
    }
    if (took == 1)
        app_message(app, false, "%s taken from the team's pool: it is in your book now", st->ref);
    st->app = app;
    lease_open(app, st->acc.id, st->ref);
    return true;
}

static void account_close(struct screen *s)
{
    struct account_state *st = s->priv;
    if (st->app) {
        lease_close(st->app, st->acc.id);
        st->app->left_account = st->acc.id; /* not "next" for ]; its changes reach the queue as news */
    }
    release(st);
}

/* O, a supervisor on an account in use: the reason, then the account. */
static void take_over_done(struct screen *s, struct app *app, const char *text)
{
    (void)s;
    if (!text || !*text)
        app_message(app, true, "not taken over: a reason is needed (it is recorded)");
    else
        lease_take_over_open(app, text);
}

static void take_over(struct account_state *st, struct app *app)
{
    if (app->lock.account_id == st->acc.id && app->lock.held)
        app_message(app, false, "%s is yours already", st->ref);
    else
        app_prompt(app, "take over: why? ", "", take_over_done);
}

/* --- the history --------------------------------------------------------------- */

/* The i-th history row the filter shows, or NULL; *count gets how many it shows. */
static const struct history_item *shown_item(const struct account_state *st, int i, int *count)
{
    const struct history_item *found = NULL;
    int k = 0;
    for (size_t j = 0; j < st->nhistory; j++)
        if (st->filter < 0 || (int)st->history[j].kind == st->filter) {
            if (k == i)
                found = &st->history[j];
            k++;
        }
    if (count)
        *count = k;
    return found;
}

static void select_history(struct account_state *st, long i)
{
    int count;
    shown_item(st, 0, &count);
    st->sel = i < 0 ? 0 : i >= count ? (count > 0 ? count - 1 : 0) : (int)i;
}

/* Enter: the selected row whole, in its own screen. */
static void open_history(struct account_state *st, struct app *app)
{
    const struct history_item *h = shown_item(st, st->sel, NULL);
    if (!h) {
        app_message(app, true, "nothing on the history yet");
        return;
    }
    struct local_time lt = zone_local(app_agent_zone(app), h->at);
    char d[16], title[300];
    date_format(lt.date, d, sizeof d);
    snprintf(title, sizeof title, "%s | %s %02d:%02d %s %s %s", st->ref, d, lt.minute_of_day / 60, lt.minute_of_day % 60,
             zone_abbrev(app_agent_zone(app), h->at), history_kind_name(h->kind), h->agent);
    struct entry_request req = {title, h->detail ? h->detail : h->text};
    app_push(app, &entry_screen, &req);
}

static enum handled account_handle(struct screen *s, struct app *app, enum action a)
{
    struct account_state *st = s->priv;
    switch (a) {
    case ACT_OUTCOME_NOT_CONNECTED: log_outcome(s, app, "not_connected"); break;
    case ACT_OUTCOME_NO_ANSWER: log_outcome(s, app, "no_answer"); break;
    case ACT_OUTCOME_BUSY: log_outcome(s, app, "busy"); break;
    case ACT_OUTCOME_VOICEMAIL: log_outcome(s, app, "voicemail"); break;
    case ACT_OUTCOME_CONVERSATION: log_outcome(s, app, "conversation"); break;
    case ACT_OUTCOME_THIRD_PARTY: log_outcome(s, app, "third_party"); break;
    case ACT_OUTCOME_WRONG_NUMBER: ask_wrong_number(s, app); break;
    case ACT_OUTCOME_REFUSED: log_outcome(s, app, "refused"); break;
    case ACT_OUTCOME_DISPUTE:
        app_confirm(app, log_dispute, "record a dispute: contact pauses until it is resolved?");
        break;
    case ACT_CALLBACK: open_callback_form(s, app); break;
    case ACT_CALLBACK_DONE: callback_done(st, app); break;
    case ACT_PROMISE: new_promise(s, app, open_promise_form); break;
    case ACT_PLAN: new_promise(s, app, open_plan_form); break;
    case ACT_CANCEL_PROMISE: ask_cancel_promise(s, app); break;
    case ACT_NOTE: open_form(s, app, &note_form, NULL); break;
    case ACT_THANK: thanks_give_open(app, st->acc.id, st->acc.ref); break; /* tied to this account unless cleared */
    case ACT_FILTER_HISTORY:
        st->filter = st->filter + 1 >= HK_COUNT ? -1 : st->filter + 1;
        st->top = st->sel = 0;
        app_message(app, false, "history: %s", st->filter < 0 ? "everything" : history_kind_name(st->filter));
        break;
    case ACT_NEXT_NUMBER:
        if (st->acc.nphones > 0)
            st->phone = (st->phone + 1) % st->acc.nphones;
        break;
    case ACT_UPSET: st->upset = !st->upset; break;
    case ACT_HINTS_PAGE:
        if (!st->hints_page.first && !st->hints_page.next)
            app_message(app, false, "no other page of script hints");
        st->hints_page.first = st->hints_page.next;
        break;
    case ACT_SEND_SMS: send_recommended(st, app, CH_SMS); break;
    case ACT_SEND_EMAIL: send_recommended(st, app, CH_EMAIL); break;
    case ACT_COMPOSE_SMS: compose(s, app, CH_SMS); break;
    case ACT_COMPOSE_EMAIL: compose(s, app, CH_EMAIL); break;
    case ACT_MOVE_DOWN: select_history(st, st->sel + 1); break;
    case ACT_MOVE_UP: select_history(st, st->sel - 1); break;
    case ACT_PAGE_DOWN: case ACT_HALF_PAGE_DOWN: select_history(st, st->sel + (st->hpage > 1 ? st->hpage - 1 : 1)); break;
    case ACT_PAGE_UP: case ACT_HALF_PAGE_UP: select_history(st, st->sel - (st->hpage > 1 ? st->hpage - 1 : 1)); break;
    case ACT_FIRST: select_history(st, 0); break;
    case ACT_LAST: select_history(st, INT32_MAX); break;
    case ACT_OPEN: open_history(st, app); break;
    case ACT_REFRESH: load_all(st, app, true); break;
    case ACT_TAKE_OVER: take_over(st, app); break;
    case ACT_NEXT_ACCOUNT:
        app->open_next = true; /* the queue opens it: it knows the order */
        app->left_account = st->acc.id;
        app_pop(app);
        break;
    case ACT_VERDICTS: {
        struct queue_row row = {0};
        snprintf(row.ref, sizeof row.ref, "%s", st->acc.ref);
        snprintf(row.name, sizeof row.name, "%s", st->acc.name);
        app_push(app, &verdicts_screen, &row);
        break;
    }
    default: return NOT_HANDLED;
    }
    return HANDLED;
}

static void account_event(struct screen *s, struct app *app, const struct app_event *ev)
{
    struct account_state *st = s->priv;
    if (ev->kind == EV_DB_BACK)
        load_all(st, app, false); /* the app forgot its reference data: read again */
    else if (ev->kind == EV_FOCUS) {
        if (app->lock.account_id != st->acc.id) /* back from another account */
            lease_open(app, st->acc.id, st->ref);
        load(st, app);
    }
    else if (ev->kind == EV_NOTIFY && ev->account_id == st->acc.id && strcmp(ev->what, "lease") != 0)
        load(st, app); /* a delivery state or a reply: show it (who holds it is lease_tick's) */
}

static int draw_header(struct account_state *st, struct app *app, const struct tui_canvas *c)
{
    const struct account_detail *a = &st->acc;
    char line[600], bal[64], due[16] = "-", clock[64];
    money_format(a->balance_minor, acc_currency(st), c->ascii, bal, sizeof bal);
    if (a->has_due)
        date_format(a->due_date, due, sizeof due);
    int64_t today = debtor_today(st, app);
    /* Overdue: days past due; not yet: how long until the next debit. */
    char standing[48] = "current";
    if (a->has_oldest && today > a->oldest_unpaid)
        snprintf(standing, sizeof standing, "%d days past due", (int)(today - a->oldest_unpaid));
    else if ((a->has_oldest && today == a->oldest_unpaid) || (a->has_due && a->due_date == today))
        snprintf(standing, sizeof standing, "due today");
    else if (a->has_due && a->due_date == today + 1)
        snprintf(standing, sizeof standing, "due tomorrow");
    else if (a->has_due && a->due_date > today)
        snprintf(standing, sizeof standing, "due in %d days", (int)(a->due_date - today));
    const struct zone *z = debtor_zone(st, app);
    struct local_time lt = zone_local(z, app->now);
    char zerr[128]; /* a zone that does not load is shown in UTC, saying so (no verdict rests on it) */
    bool known = zone_cache_get(app->zones, a->first_zone, zerr, sizeof zerr) != NULL;
    snprintf(clock, sizeof clock, "%02d:%02d %s%s", lt.minute_of_day / 60, lt.minute_of_day % 60,
             zone_abbrev(z, app->now), known ? "" : ", zone unknown");
    snprintf(line, sizeof line, "%s  %s  %s", a->name, a->ref, a->creditor);
    tui_text(c, 0, 1, c->r.w - 1, ATTR_HEADER, ALIGN_LEFT, line);

    char status[16] = ""; /* PAUSED, CLOSED, PAID: nothing goes out, said beside the flags */
    if (strcmp(a->status, "active") != 0) {
        snprintf(status, sizeof status, "  %s", a->status);
        for (char *p = status; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    }
    snprintf(line, sizeof line, "%s  %s  policy %s%s%s%s  local %s (%s)  next due %s  segment %s",
             bal, standing, a->policy, status, a->dispute ? "  DISPUTE" : "", a->attorney ? "  ATTORNEY" : "", clock,
             a->zones, due, a->segment[0] ? a->segment : "-");
    int row = tui_wrapped(c, 1, 3, 1, c->r.w - 1, ATTR_NORMAL, line, strlen(line), false); /* narrow: two rows */
    if (!a->has_callback)
        return row + 1;
    char when[160];
    bool late = app->now - a->callback_at >= CALLBACK_DUE_SECONDS, now_due = a->callback_at <= app->now;
    zone_format_both(a->callback_at, z, app_agent_zone(app), false, when, sizeof when);
    snprintf(line, sizeof line, "%s %s%s%s", late ? "callback late: was due" : now_due ? "callback due since" : "callback",
             when, a->callback_note[0] ? " - " : "", a->callback_note);
    tui_text(c, row, 1, c->r.w - 1, now_due ? ATTR_ERROR : ATTR_HEADER, ALIGN_LEFT, line);
    return row + 2;
}

/* "quiet_hours, opens Fri 12-04 08:00 MST (yours: Sat 12-05 00:00 JST)":
 * the binding reason, and when it opens in both clocks, with the day when it
 * is not today. */
static void blocked_text(struct account_state *st, struct app *app, const struct verdict *v, char *out, size_t n)
{
    char when[160];
    if (!v->has_next) {
        snprintf(out, n, "%s", reason_name(v->nreasons ? v->reasons[0].code : R_NO_CONTACT_POINT));
        return;
    }
    zone_format_near(v->next_allowed, app->now, debtor_zone(st, app), app_agent_zone(app), when, sizeof when);
    snprintf(out, n, "%s, opens %s", reason_name(v->reasons[0].code), when);
}

/* One contact point: what it is, then its state, wrapped in its own column
 * so that when it opens is read whole. Returns the next free row. */
static int contact_line(const struct tui_canvas *c, int row, int width, const char *point, const char *state,
                        enum tui_attr attr)
{
    int pw = utf8_width(point);
    bool cut = pw > width / 2;
    if (cut)
        pw = width / 2;
    tui_text(c, row, 1, cut ? pw - 1 : pw, attr, ALIGN_LEFT, point); /* a cut point keeps a space before the state */
    int w = width - 1 - pw, end = row + 3 < c->r.h ? row + 3 : c->r.h;
    const char *yours = strstr(state, " (yours:");
    if (yours && utf8_width(state) > w) { /* break before the agent's clock rather than inside it */
        row = tui_wrapped(c, row, end, 1 + pw, w, attr, state, (size_t)(yours - state), false);
        state = yours + 1;
    }
    return tui_wrapped(c, row, end, 1 + pw, w, attr, state, strlen(state), false);
}

static int draw_contacts(struct account_state *st, struct app *app, const struct tui_canvas *c, int row, int width)
{
    char line[600];
    for (int i = 0; i < st->acc.nphones && row < c->r.h; i++, row++) {
        const struct phone_info *ph = &st->acc.phones[i];
        struct verdict v;
        const char *state = "?";
        if (ph->bad)
            state = "wrong number";
        else if (verdict_for(st, CH_PHONE, ph->number, app->now, &v)) {
            if (v.allowed)
                state = "call allowed";
            else {
                blocked_text(st, app, &v, line, sizeof line);
                state = line;
            }
        }
        char point[300];
        snprintf(point, sizeof point, "%s %-6s %-16s ", i == st->phone ? ">" : " ", ph->kind, ph->number);
        bool allowed = !ph->bad && strcmp(state, "call allowed") == 0;
        row = contact_line(c, row, width, point, state,
                           i == st->phone ? ATTR_HEADER : allowed ? ATTR_GOOD : ATTR_NORMAL) - 1;
    }
    for (int i = 0; i < st->acc.nemails && row < c->r.h; i++, row++) {
        struct verdict v;
        char state[300] = "?";
        bool known = verdict_for(st, CH_EMAIL, st->acc.emails[i].address, app->now, &v), ok = known && v.allowed;
        if (ok)
            snprintf(state, sizeof state, "allowed");
        else if (known)
            blocked_text(st, app, &v, state, sizeof state);
        snprintf(line, sizeof line, "  email  %s%s ", st->acc.emails[i].address,
                 strcmp(st->acc.emails[i].kind, "work") == 0 ? " (work)" : "");
        row = contact_line(c, row, width, line, state, ok ? ATTR_GOOD : ATTR_NORMAL) - 1;
    }
    if (st->acc.nphones == 0 && st->acc.nemails == 0 && row < c->r.h)
        tui_text(c, row++, 1, width - 1, ATTR_DIM, ALIGN_LEFT, "  no phone or email on file");
    return row + 1;
}

static void draw_history(struct account_state *st, struct app *app, const struct tui_canvas *c, int row,
                         int width, int bottom)
{
    char title[128];
    const struct zone *z = app_agent_zone(app); /* the agent's clock, as on the status line */
    snprintf(title, sizeof title, "History (%s; times: yours (%s))  f: filter  Enter: whole entry",
             st->filter < 0 ? "all" : history_kind_name(st->filter), zone_abbrev(z, app->now));
    tui_text(c, row++, 1, width - 1, ATTR_HEADER, ALIGN_LEFT, title);
    int skipped = 0, shown = 0;
    st->hpage = bottom - row;
    if (st->sel < st->top) /* keep the selection in view */
        st->top = st->sel;
    if (st->hpage > 0 && st->sel >= st->top + st->hpage)
        st->top = st->sel - st->hpage + 1;
    for (size_t i = 0; i < st->nhistory && row < bottom; i++) {
        const struct history_item *h = &st->history[i];
        if (st->filter >= 0 && (int)h->kind != st->filter)
            continue;
        if (skipped++ < st->top)
            continue;
        struct local_time lt = zone_local(z, h->at);
        char d[16], line[800], text[600];
        date_format(lt.date, d, sizeof d);
        snprintf(text, sizeof text, "%s", h->text);
        for (char *p = text; *p; p++)
            if (*p == '\n')
                *p = ' '; /* a note's lines, joined on the timeline */
        snprintf(line, sizeof line, "%s %02d:%02d %-8s %-7s %s", d + 5, lt.minute_of_day / 60, lt.minute_of_day % 60,
                 h->agent, history_kind_name(h->kind), text);
        tui_text(c, row++, 1, width - 1,
                 st->top + shown == st->sel ? ATTR_SELECTED : h->kind == HK_PAYMENT ? ATTR_GOOD : ATTR_NORMAL,
                 ALIGN_LEFT, line);
        shown++;
    }
    if (shown == 0 && row < bottom)
        tui_text(c, row, 1, width - 1, ATTR_DIM, ALIGN_LEFT, "  nothing yet");
}

static struct outgoing outgoing_of(struct account_state *st, struct app *app);

enum { HINTS_MAX = 40 };

/* The hints for the account's situation (core/hints.h), in display order. */
static size_t choose_hints(struct account_state *st, const struct hint **chosen)
{
    struct hint_context hc = {
        .first_contact = !st->acc.ever_contacted && !st->talked,
        .broken_promise = strcmp(st->acc.last_promise_status, "broken") == 0,
        .pre_due = st->acc.has_due && !st->acc.has_oldest,
        .dispute = st->acc.dispute,
        .third_party = st->third_party,
        .upset = st->upset,
        .promise_kept = strcmp(st->acc.last_promise_status, "kept") == 0,
        .payment_received = st->acc.paid_recently,
        .attorney = st->acc.attorney,
    };
    return hints_select(st->hints, st->nhints, st->acc.language, "en", &hc, chosen, HINTS_MAX);
}

/* Does hint i open its context on a page starting at hint first? Then its
 * context's name goes above it. */
static bool opens_context(const struct hint *const *chosen, size_t i, size_t first)
{
    return i == first || strcmp(chosen[i - 1]->context, chosen[i]->context) != 0;
}

/* Where the page asked for starts in chosen: 0 when its hint is no longer
 * chosen (the situation changed). */
static size_t hints_page_start(const struct account_state *st, const struct hint *const *chosen, size_t n)
{
    for (size_t i = 0; st->hints_page.first && i < n; i++)
        if (chosen[i] == &st->hints[st->hints_page.first - 1])
            return i;
    return 0;
}

/* The panel shows whole hints from the page's start while they fit. When
 * not all of them fit, or this is a later page, its last line says what
 * the hints-page key shows next: the next page, or the first again. */
static void draw_hints(struct account_state *st, struct app *app, const struct tui_canvas *c, int x, int row,
                       int bottom)
{
    struct outgoing o = outgoing_of(st, app);
    struct merge_values mv;
    outgoing_merge_values(&o, CH_PHONE, &mv);
    struct hint_values hv = {.merge = &mv, .creditor = st->acc.creditor, .method = st->acc.open_promise_method,
                             .has_last_payment = st->acc.has_last_payment};
    if (hv.has_last_payment)
        hv.last_payment_date = zone_local(debtor_zone(st, app), st->acc.last_paid_at).date;
    const struct hint *chosen[HINTS_MAX];
    size_t n = choose_hints(st, chosen), first = hints_page_start(st, chosen, n);
    int w = c->r.w - x;
    tui_text(c, row++, x, w, ATTR_HEADER, ALIGN_LEFT, st->acc.language[0] == 'j' ? "Script hints / ヒント" : "Script hints");

    char text[HINTS_MAX][1024];
    int rows[HINTS_MAX], need = 0;
    for (size_t i = first; i < n; i++) {
        hints_fill(chosen[i], &hv, text[i], sizeof text[i]);
        rows[i] = opens_context(chosen, i, first) + tui_wrapped_rows(w - 2, text[i], strlen(text[i]));
        need += rows[i];
    }
    bool paged = first > 0 || need > bottom - row;
    int end = paged ? bottom - 1 : bottom;
    size_t i = first;
    for (; i < n && (i == first || row + rows[i] <= end); i++) { /* the first even if cut: pages move on */
        if (opens_context(chosen, i, first))
            tui_text(c, row++, x, w, ATTR_DIM, ALIGN_LEFT, chosen[i]->context);
        tui_text(c, row, x, 2, ATTR_NORMAL, ALIGN_LEFT, "- ");
        row = tui_wrapped(c, row, end, x + 2, w - 2, ATTR_NORMAL, text[i], strlen(text[i]), false);
    }
    st->hints_page.next = i < n ? 1 + (size_t)(chosen[i] - st->hints) : 0;
    if (paged) {
        char keys[64], line[160];
        if (!keymap_keys_for(app->keys, "account", ACT_HINTS_PAGE, keys, sizeof keys))
            snprintf(keys, sizeof keys, "bind hints-page");
        snprintf(line, sizeof line,
                 i < n ? "-- more below: %s for the next page --" : "-- end of hints: %s for the first page --", keys);
        tui_text(c, bottom - 1, x, w, ATTR_HEADER, ALIGN_LEFT, line);
    }
}

/* A colleague is working the account: said above everything, in one row. */
static void draw_in_use(struct account_state *st, struct app *app, const struct tui_canvas *c, struct tui_canvas *rest)
{
    char in_use[300], line[400], key[64] = "";
    *rest = *c;
    lease_describe(app, in_use, sizeof in_use);
    if (!in_use[0] || app->lock.account_id != st->acc.id)
        return;
    if (strcmp(app->agent.role, "agent") != 0 && keymap_keys_for(app->keys, "account", ACT_TAKE_OVER, key, sizeof key))
        key[strcspn(key, ",")] = '\0';
    snprintf(line, sizeof line, "%s%s%s%s", in_use, key[0] ? " (" : "", key, key[0] ? " takes it over)" : "");
    tui_text(c, 0, 1, c->r.w - 1, ATTR_ERROR, ALIGN_LEFT, line);
    rest->r.y++;
    rest->r.h--;
}

static void account_draw(struct screen *s, struct app *app, const struct tui_canvas *whole)
{
    struct account_state *st = s->priv;
    if (!st->loaded)
        return;
    struct tui_canvas below;
    draw_in_use(st, app, whole, &below);
    const struct tui_canvas *c = &below;
    bool hints = c->r.w >= MIN_HINTS_COLS;
    int left = hints ? c->r.w - HINTS_WIDTH - 1 : c->r.w;
    int row = draw_header(st, app, c);
    int body_top = row;
    row = draw_contacts(st, app, c, row, left);
    draw_history(st, app, c, row, left, c->r.h - 1);
    if (hints)
        draw_hints(st, app, c, left + 1, body_top, c->r.h - 1);
    tui_keybar(c, c->r.h - 1, app, s);
}

static void account_title(struct screen *s, struct app *app, char *out, size_t n)
{
    struct account_state *st = s->priv;
    (void)app;
    snprintf(out, n, " dun | Account %s | %s", st->ref, st->acc.name);
}

static const enum action account_actions[] = {
    ACT_OUTCOME_NOT_CONNECTED,
    ACT_OUTCOME_NO_ANSWER,
    ACT_OUTCOME_BUSY,
    ACT_OUTCOME_VOICEMAIL,
    ACT_OUTCOME_CONVERSATION,
    ACT_OUTCOME_THIRD_PARTY,
    ACT_OUTCOME_WRONG_NUMBER,
    ACT_OUTCOME_REFUSED,
    ACT_OUTCOME_DISPUTE,
    ACT_CALLBACK,
    ACT_PROMISE,
    ACT_SEND_SMS,
    ACT_SEND_EMAIL,
    ACT_NOTE,
    ACT_PLAN,
    ACT_COMPOSE_SMS,
    ACT_COMPOSE_EMAIL,
    ACT_CALLBACK_DONE,
    ACT_CANCEL_PROMISE,
    ACT_NEXT_NUMBER,
    ACT_OPEN,
    ACT_FILTER_HISTORY,
    ACT_UPSET,
    ACT_HINTS_PAGE,
    ACT_VERDICTS,
    ACT_NEXT_ACCOUNT,
    ACT_TAKE_OVER,
    ACT_REFRESH,
    NAVIGATION_ACTIONS,
    ACTION_NONE,
};

const struct screen_ops account_screen = {
    .name = "account",
    .priv_size = sizeof(struct account_state),
    .open = account_open,
    .handle = account_handle,
    .on_event = account_event,
    .draw = account_draw,
    .close = account_close,
    .title = account_title,
    .actions = account_actions,
};
