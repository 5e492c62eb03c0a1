/* Unit tests for core/metrics: the figures of docs/supervisor-guide.md,
 * against fixtures whose answers were worked out by hand (in the comments). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/metrics.h"
#include "core/zone.h"
#include "tests/unit/clock.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct metrics_row contact(int64_t agent, const char *channel, bool out, const char *outcome, int hour,
                                  int64_t n)
{
    struct metrics_row r = {.kind = MR_CONTACT, .agent_id = agent, .outbound = out, .hour = hour, .n = n};
    strcpy(r.channel, channel);
    strcpy(r.outcome, outcome);
    return r;
}

static struct metrics_row money(enum metrics_row_kind k, int64_t agent, const char *cur, int64_t n, int64_t amount)
{
    struct metrics_row r = {.kind = k, .agent_id = agent, .n = n, .amount = amount};
    strcpy(r.currency, cur);
    return r;
}

static struct metrics_row paid(int64_t agent, int64_t day, const char *cur, int64_t amount)
{
    struct metrics_row r = money(MR_PAYMENT, agent, cur, 1, amount);
    r.day = day;
    return r;
}

static struct metrics_row msg(int64_t agent, const char *state, int64_t n)
{
    struct metrics_row r = {.kind = MR_MESSAGE, .agent_id = agent, .n = n};
    strcpy(r.status, state);
    return r;
}

static struct metrics_row due(int64_t agent, int64_t day, const char *status, int64_t amount)
{
    struct metrics_row r = money(MR_DUE, agent, "JPY", 1, amount);
    r.day = day;
    strcpy(r.status, status);
    return r;
}

/* Month to date on Friday 2026-11-27 14:00 in Tokyo. */
static struct metrics_period november(void)
{
    struct zone *z = load("Asia/Tokyo");
    dun_time now;
    assert_true(iso8601_parse("2026-11-27T14:00:00+09:00", &now));
    struct metrics_period p;
    char err[160];
    assert_true(metrics_period_make(MP_MONTH, 0, 0, now, z, &p, err, sizeof err));
    zone_free(&z);
    return p;
}

static void test_outcome_table(void **state)
{
    (void)state;
    /* Every outcome dun.contacts accepts (contacts_outcome_check, migration 019);
     * tests/store/test_metrics.sh checks the same against the schema. */
    static const char *all[] = {"not_connected", "no_answer", "busy", "voicemail", "conversation", "third_party",
                                "wrong_number", "refused", "dispute", "callback_requested", "queued", "sent",
                                "delivered", "failed", "cancelled", "unknown"};
    for (size_t i = 0; i < N(all); i++)
        assert_non_null(metrics_outcome_find(all[i]));
    static const char *rpc[] = {"conversation", "refused", "dispute", "callback_requested"};
    for (size_t i = 0; i < N(rpc); i++)
        assert_true(metrics_outcome_find(rpc[i])->human && metrics_outcome_find(rpc[i])->right_party);
    assert_true(metrics_outcome_find("third_party")->human);
    assert_false(metrics_outcome_find("third_party")->right_party);
    assert_true(metrics_outcome_find("wrong_number")->human);
    assert_false(metrics_outcome_find("wrong_number")->right_party);
    assert_false(metrics_outcome_find("voicemail")->human);
    assert_null(metrics_outcome_find("answered_by_dog"));
    assert_null(metrics_outcome_find(NULL));
}

static void test_period(void **state)
{
    (void)state;
    struct zone *z = load("Asia/Tokyo");
    dun_time now;
    assert_true(iso8601_parse("2026-11-27T14:00:00+09:00", &now)); /* a Friday */
    struct metrics_period p;
    char err[160];
    dun_time t;
    assert_true(metrics_period_make(MP_TODAY, 0, 0, now, z, &p, err, sizeof err));
    assert_true(iso8601_parse("2026-11-27T00:00:00+09:00", &t));
    assert_int_equal(p.from, t);
    assert_int_equal(p.to, now);
    assert_int_equal(p.today, date_from_civil(2026, 11, 27));
    assert_true(metrics_period_make(MP_WEEK, 0, 0, now, z, &p, err, sizeof err));
    assert_true(iso8601_parse("2026-11-23T00:00:00+09:00", &t)); /* Monday */
    assert_int_equal(p.from, t);
    assert_int_equal(p.first_day, date_from_civil(2026, 11, 23));
    assert_true(metrics_period_make(MP_MONTH, 0, 0, now, z, &p, err, sizeof err));
    assert_int_equal(p.first_day, date_from_civil(2026, 11, 1));
    assert_int_equal(p.last_day, date_from_civil(2026, 11, 27));
    /* A range ends at the midnight after its last day. */
    assert_true(metrics_period_make(MP_RANGE, date_from_civil(2026, 10, 1), date_from_civil(2026, 10, 31), now, z,
                                    &p, err, sizeof err));
    assert_true(iso8601_parse("2026-11-01T00:00:00+09:00", &t));
    assert_int_equal(p.to, t);
    assert_false(metrics_period_make(MP_RANGE, date_from_civil(2026, 10, 2), date_from_civil(2026, 10, 1), now, z,
                                     &p, err, sizeof err));
    assert_non_null(strstr(err, "ends before it starts"));
    assert_false(metrics_period_make(MP_RANGE, date_from_civil(2026, 12, 1), date_from_civil(2026, 12, 2), now, z,
                                     &p, err, sizeof err));
    enum metrics_period_kind k;
    assert_true(metrics_period_parse("week", &k));
    assert_int_equal(k, MP_WEEK);
    assert_false(metrics_period_parse("year", &k));
    zone_free(&z);
}

/* Agent 1 (JPY target ¥1,000,000) and agent 2 (USD target $5,000.00). */
static void test_team(void **state)
{
    (void)state;
    struct metrics_agent agents[2] = {
        {.id = 1, .login = "sato", .target = 1000000, .target_currency = "JPY"},
        {.id = 2, .login = "smith", .target = 500000, .target_currency = "USD"},
    };
    struct metrics_team t = {agents, 2, {0}};
    int64_t nov = date_from_civil(2026, 11, 1);
    struct metrics_row rows[] = {
        contact(1, "phone", true, "conversation", 10, 3),
        contact(1, "phone", true, "no_answer", 10, 5),
        contact(1, "phone", true, "third_party", 11, 2),
        contact(1, "phone", true, "refused", 11, 1),
        contact(1, "sms", true, "sent", 11, 4),           /* not a call */
        contact(1, "phone", false, "conversation", 12, 2), /* they called us: not an attempt */
        contact(2, "phone", true, "voicemail", 9, 4),
        contact(99, "phone", true, "conversation", 9, 7), /* not in the team */
        money(MR_PROMISE, 1, "JPY", 2, 30000),
        /* The cohort on the 27th: deadlines from the 1st up to the 26th. */
        due(1, nov + 25, "kept", 10000),   /* the 26th: yesterday, judged */
        due(1, nov + 19, "broken", 5000),  /* the 20th */
        due(1, nov + 26, "pending", 7000), /* the 27th, today: may still be kept */
        due(1, nov + 27, "pending", 8000), /* due the 26th + 2 days' grace: not yet */
        due(1, nov - 1, "kept", 9000),     /* October: another period */
        paid(1, nov + 26, "JPY", 250000),
        paid(1, nov + 2, "USD", 1000),
        paid(2, nov + 19, "USD", 20000),
        paid(2, nov - 1, "USD", 777), /* October: neither the period nor the month */
        msg(2, "delivered", 5),
        msg(2, "unknown", 1), /* in doubt: counts as sent */
        money(MR_REPLY, 2, "", 1, 0),
        money(MR_THANKS_GIVEN, 1, "", 2, 0),
        money(MR_THANKS_RECEIVED, 2, "", 2, 0),
    };
    struct metrics_period p = november();
    char err[160], buf[16];
    assert_true(metrics_compute(&t, rows, N(rows), &p, err, sizeof err));
    const struct metrics_figures *a = &agents[0].f;
    /* 3 + 5 + 2 + 1 calls; 3 + 2 + 1 answered; 3 + 1 by the debtor. */
    assert_int_equal(a->attempts, 11);
    assert_int_equal(a->connects, 6);
    assert_int_equal(a->rpc, 4);
    metrics_rate_format(a->rpc, a->attempts, buf, sizeof buf);
    assert_string_equal(buf, "36%"); /* 4/11 = 36.4% */
    metrics_rate_format(a->promises, a->rpc, buf, sizeof buf);
    assert_string_equal(buf, "50%"); /* 2/4 */
    assert_int_equal(a->due, 2);
    assert_int_equal(a->kept, 1);
    const struct metrics_money *jpy = metrics_money_find(a, "JPY");
    assert_non_null(jpy);
    assert_int_equal(jpy->promised, 30000);
    assert_int_equal(jpy->due_amount, 15000);
    assert_int_equal(jpy->kept_amount, 10000);
    metrics_rate_format(jpy->kept_amount, jpy->due_amount, buf, sizeof buf);
    assert_string_equal(buf, "67%"); /* 10,000 / 15,000 */
    assert_int_equal(jpy->collected, 250000);
    assert_int_equal(jpy->target, 1000000);
    assert_int_equal(a->hour_attempts[10], 8);
    assert_int_equal(a->hour_connects[10], 3);
    assert_int_equal(a->hour_rpc[11], 1);
    assert_int_equal(a->thanks_given, 2);
    /* Agent 2: four voicemails, nobody answered, no RPC: no PTP rate. */
    const struct metrics_figures *b = &agents[1].f;
    assert_int_equal(b->attempts, 4);
    assert_int_equal(b->connects, 0);
    metrics_rate_format(b->promises, b->rpc, buf, sizeof buf);
    assert_string_equal(buf, "-");
    metrics_rate_format(b->kept, b->due, buf, sizeof buf);
    assert_string_equal(buf, "-");
    assert_int_equal(b->sent, 6);
    assert_int_equal(b->delivered, 5);
    assert_int_equal(b->replies, 1);
    assert_int_equal(b->thanks_received, 2);
    /* The total: yen and dollars side by side, never added together. */
    assert_int_equal(t.total.attempts, 15);
    assert_int_equal(t.total.nmoney, 2);
    const struct metrics_money *ty = metrics_money_find(&t.total, "JPY");
    const struct metrics_money *tu = metrics_money_find(&t.total, "USD");
    assert_int_equal(ty->collected, 250000);
    assert_int_equal(ty->target, 1000000);
    assert_int_equal(tu->collected, 21000);
    assert_int_equal(tu->collected_mtd, 21000); /* the period is the month */
    assert_int_equal(tu->target, 500000);
    metrics_rate_format(ty->collected, ty->target, buf, sizeof buf);
    assert_string_equal(buf, "25%");
    metrics_rate_format(tu->collected, tu->target, buf, sizeof buf);
    assert_string_equal(buf, "4%"); /* 21,000 / 500,000 = 4.2% */
    assert_int_equal(t.total.hour_attempts[9], 4); /* agent 99's seven calls are not the team's */
}

/* Today's collected is a part of the month's; the month's is always there. */
static void test_today_and_month(void **state)
{
    (void)state;
    struct metrics_agent a = {.id = 1, .target = 100000, .target_currency = "JPY"};
    struct metrics_team t = {&a, 1, {0}};
    struct zone *z = load("Asia/Tokyo");
    dun_time now;
    assert_true(iso8601_parse("2026-11-27T14:00:00+09:00", &now));
    struct metrics_period p;
    char err[160];
    assert_true(metrics_period_make(MP_TODAY, 0, 0, now, z, &p, err, sizeof err));
    zone_free(&z);
    assert_int_equal(p.month_first, date_from_civil(2026, 11, 1));
    int64_t today = date_from_civil(2026, 11, 27);
    struct metrics_row rows[] = {paid(1, today, "JPY", 300), paid(1, today - 3, "JPY", 4000)};
    assert_true(metrics_compute(&t, rows, N(rows), &p, err, sizeof err));
    assert_int_equal(a.f.money[0].collected, 300);
    assert_int_equal(a.f.money[0].collected_mtd, 4300);
    assert_int_equal(t.total.money[0].collected_mtd, 4300);
}

static void test_empty_team(void **state)
{
    (void)state;
    struct metrics_team t = {NULL, 0, {0}};
    struct metrics_row rows[] = {contact(1, "phone", true, "conversation", 10, 3)};
    struct metrics_period p = november();
    char err[160], buf[16];
    assert_true(metrics_compute(&t, rows, N(rows), &p, err, sizeof err));
    assert_int_equal(t.total.attempts, 0);
    assert_int_equal(t.total.nmoney, 0);
    metrics_rate_format(t.total.rpc, t.total.attempts, buf, sizeof buf);
    assert_string_equal(buf, "-");
}

/* A sent SMS whose delivery report never came (no_report, issue 10 item 4)
 * is sent, not delivered, and counted apart. */
static void test_no_report(void **state)
{
    (void)state;
    struct metrics_agent a = {.id = 1};
    struct metrics_team t = {&a, 1, {0}};
    struct metrics_row rows[] = {msg(1, "delivered", 3), msg(1, "no_report", 2), msg(1, "unknown", 1)};
    struct metrics_period p = november();
    char err[160];
    assert_true(metrics_compute(&t, rows, N(rows), &p, err, sizeof err));
    assert_int_equal(a.f.sent, 6);
    assert_int_equal(a.f.delivered, 3);
    assert_int_equal(a.f.no_report, 2);
    assert_int_equal(t.total.no_report, 2);
}

static void test_unknown_outcome(void **state)
{
    (void)state;
    struct metrics_agent a = {.id = 1};
    struct metrics_team t = {&a, 1, {0}};
    struct metrics_row rows[] = {contact(1, "phone", true, "answered_by_dog", 10, 1)};
    struct metrics_period p = november();
    char err[160];
    assert_false(metrics_compute(&t, rows, N(rows), &p, err, sizeof err));
    assert_non_null(strstr(err, "\"answered_by_dog\" is not in the metrics table"));
}

static void test_rates(void **state)
{
    (void)state;
    char buf[16];
    int pct = -1;
    assert_false(metrics_percent(5, 0, &pct));
    assert_int_equal(pct, -1); /* untouched */
    metrics_rate_format(0, 0, buf, sizeof buf);
    assert_string_equal(buf, "-");
    metrics_rate_format(1, 8, buf, sizeof buf);
    assert_string_equal(buf, "13%"); /* 12.5% rounds half up */
    metrics_rate_format(3, 2, buf, sizeof buf);
    assert_string_equal(buf, "150%");
    assert_true(metrics_percent(INT64_MAX / 2, INT64_MAX, &pct)); /* no overflow on large amounts */
    assert_int_equal(pct, 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcome_table), cmocka_unit_test(test_period),       cmocka_unit_test(test_team),
        cmocka_unit_test(test_today_and_month), cmocka_unit_test(test_empty_team),    cmocka_unit_test(test_unknown_outcome), cmocka_unit_test(test_rates), cmocka_unit_test(test_no_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
