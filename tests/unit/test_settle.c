/* Unit tests for core/settle: promise settlement and instalment schedules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/settle.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* --- names ------------------------------------------------------------------- */

static void test_status_names(void **state)
{
    (void)state;
    static const char *names[] = {"pending", "kept", "partial", "broken", "cancelled"};
    for (size_t i = 0; i < N(names); i++) {
        enum promise_status s = PS_CANCELLED;
        assert_string_equal(promise_status_name((enum promise_status)i), names[i]);
        assert_true(promise_status_parse(names[i], &s));
        assert_int_equal(s, i);
    }
    static const char *bad[] = {"Pending", "kept ", "", "done", "broke"};
    for (size_t i = 0; i < N(bad); i++) {
        enum promise_status s = PS_PARTIAL;
        assert_false(promise_status_parse(bad[i], &s));
        assert_int_equal(s, PS_PARTIAL); // untouched on failure
    }
    assert_false(promise_status_parse(NULL, &(enum promise_status){PS_KEPT}));
    assert_string_equal(promise_status_name((enum promise_status)99), "?");
}

static void test_frequency_names(void **state)
{
    (void)state;
    static const char *names[] = {"weekly", "biweekly", "monthly"};
    for (size_t i = 0; i < N(names); i++) {
        enum plan_frequency f = PLAN_MONTHLY;
        assert_string_equal(plan_frequency_name((enum plan_frequency)i), names[i]);
        assert_true(plan_frequency_parse(names[i], &f));
        assert_int_equal(f, i);
        assert_string_equal(plan_frequency_name(f), names[i]);
    }
    static const char *bad[] = {"Weekly", "fortnightly", "", "month", "monthly "};
    for (size_t i = 0; i < N(bad); i++) {
        enum plan_frequency f = PLAN_BIWEEKLY;
        assert_false(plan_frequency_parse(bad[i], &f));
        assert_int_equal(f, PLAN_BIWEEKLY);
    }
    assert_false(plan_frequency_parse(NULL, &(enum plan_frequency){PLAN_WEEKLY}));
    assert_string_equal(plan_frequency_name((enum plan_frequency)7), "?");
}

/* --- settlement -------------------------------------------------------------- */

/* Dates in the table are days after BASE, so the cases read as small numbers. */
#define BASE 20513 // 2026-03-01

struct p_case {
    int64_t id, amount;
    int created, due;
    enum promise_status in, want;
    int64_t want_paid;
};

struct pay_case {
    int64_t amount;
    int date;
};

struct settle_case {
    const char *name;
    int today, grace;
    struct p_case p[5];
    size_t n;
    struct pay_case pay[4];
    size_t m;
};

#define P(...) {__VA_ARGS__}
static const struct settle_case settle_cases[] = {
    {"exact payment", 5, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1, {{10000, 5}}, 1},
    {"overpayment, one promise", 5, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1,
     {{15000, 5}}, 1},
    {"overpayment flows to the next", 5, 1,
     {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000), P(2, 10000, 0, 20, PS_PENDING, PS_PENDING, 5000)},
     2, {{15000, 5}}, 1},
    {"several payments add up", 9, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1,
     {{3000, 2}, {3000, 4}, {4000, 9}}, 3},
    {"partial, still in time", 11, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_PENDING, 4000)}, 1,
     {{4000, 5}}, 1},
    {"partial after grace", 12, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_PARTIAL, 4000)}, 1,
     {{4000, 5}}, 1},
    {"late within grace", 11, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1, {{10000, 11}}, 1},
    {"late within a longer grace", 13, 3, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1,
     {{10000, 13}}, 1},
    {"payment after grace", 12, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_BROKEN, 0)}, 1, {{10000, 12}}, 1},
    {"late payment flows to a later promise", 15, 1,
     {P(1, 10000, 0, 10, PS_PENDING, PS_BROKEN, 0), P(2, 10000, 0, 30, PS_PENDING, PS_KEPT, 10000)}, 2,
     {{10000, 15}}, 1},
    {"nothing paid before due", 8, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_PENDING, 0)}, 1, {{0, 0}}, 0},
    {"nothing paid, last day of grace", 11, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_PENDING, 0)}, 1,
     {{0, 0}}, 0},
    {"nothing paid after grace", 12, 1, {P(1, 10000, 0, 10, PS_PENDING, PS_BROKEN, 0)}, 1, {{0, 0}}, 0},
    {"paid before the promise was made", 20, 1, {P(1, 10000, 5, 10, PS_PENDING, PS_BROKEN, 0)}, 1,
     {{10000, 4}}, 1},
    {"paid the day the promise was made", 5, 1, {P(1, 10000, 5, 10, PS_PENDING, PS_KEPT, 10000)}, 1,
     {{10000, 5}}, 1},
    {"served in due-date order, not array order", 5, 1,
     {P(1, 10000, 0, 20, PS_PENDING, PS_PENDING, 0), P(2, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 2,
     {{10000, 5}}, 1},
    {"same due date: lower id first", 5, 1,
     {P(9, 10000, 0, 10, PS_PENDING, PS_PENDING, 0), P(3, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 2,
     {{10000, 5}}, 1},
    // In array order the day-8 payment would fill promise 1 and the day-2 one
    // would be too early for promise 2; in date order both are kept.
    {"payments taken in date order", 8, 1,
     {P(1, 5000, 0, 10, PS_PENDING, PS_KEPT, 5000), P(2, 5000, 6, 30, PS_PENDING, PS_KEPT, 5000)}, 2,
     {{5000, 8}, {5000, 2}}, 2},
    {"cancelled takes nothing and stays cancelled", 5, 1,
     {P(1, 10000, 0, 10, PS_CANCELLED, PS_CANCELLED, 0), P(2, 10000, 0, 20, PS_PENDING, PS_KEPT, 10000)},
     2, {{10000, 5}}, 1},
    {"cancelled stays cancelled after its grace", 30, 1,
     {P(1, 10000, 0, 10, PS_CANCELLED, PS_CANCELLED, 0)}, 1, {{0, 0}}, 0},
    // A weekly plan: the first instalment is paid, the second missed, and one
    // payment on day 20 covers the third and, a week early, the fourth.
    {"plan instalments", 22, 1,
     {P(11, 2500, 0, 7, PS_PENDING, PS_KEPT, 2500), P(12, 2500, 0, 14, PS_PENDING, PS_BROKEN, 0),
      P(13, 2500, 0, 21, PS_PENDING, PS_KEPT, 2500), P(14, 2500, 0, 28, PS_PENDING, PS_KEPT, 2500),
      P(15, 2500, 0, 35, PS_PENDING, PS_PENDING, 0)},
     5, {{2500, 6}, {5000, 20}}, 2},
    {"plan instalment partly paid, then the rest late", 16, 1,
     {P(11, 2500, 0, 7, PS_PENDING, PS_PARTIAL, 1000), P(12, 2500, 0, 14, PS_PENDING, PS_KEPT, 2500),
      P(13, 2500, 0, 21, PS_PENDING, PS_PENDING, 1500)},
     3, {{1000, 7}, {4000, 15}}, 2},
    {"grace 0: paid on the due date", 10, 0, {P(1, 10000, 0, 10, PS_PENDING, PS_KEPT, 10000)}, 1,
     {{10000, 10}}, 1},
    {"grace 0: paid the day after", 11, 0, {P(1, 10000, 0, 10, PS_PENDING, PS_BROKEN, 0)}, 1,
     {{10000, 11}}, 1},
    {"grace 0: nothing, due today", 10, 0, {P(1, 10000, 0, 10, PS_PENDING, PS_PENDING, 0)}, 1, {{0, 0}}, 0},
    {"grace 0: nothing, due yesterday", 11, 0, {P(1, 10000, 0, 10, PS_PENDING, PS_BROKEN, 0)}, 1,
     {{0, 0}}, 0},
    {"grace 0: part paid, due yesterday", 11, 0, {P(1, 10000, 0, 10, PS_PENDING, PS_PARTIAL, 1)}, 1,
     {{1, 10}}, 1},
};

static void load(const struct settle_case *c, struct settle_promise *p, struct settle_payment *pay)
{
    for (size_t i = 0; i < c->n; i++)
        p[i] = (struct settle_promise){
            .id = c->p[i].id,
            .amount = c->p[i].amount,
            .created_date = BASE + c->p[i].created,
            .due_date = BASE + c->p[i].due,
            .status = c->p[i].in,
            .paid = -777, // whatever was stored must not leak into the result
        };
    for (size_t j = 0; j < c->m; j++)
        pay[j] = (struct settle_payment){.amount = c->pay[j].amount, .paid_date = BASE + c->pay[j].date};
}

static void check(const struct settle_case *c, const struct settle_promise *p)
{
    for (size_t i = 0; i < c->n; i++) {
        if (p[i].status != c->p[i].want || p[i].paid != c->p[i].want_paid)
            fail_msg("%s: promise %lld is %s with %lld paid, want %s with %lld", c->name,
                     (long long)p[i].id, promise_status_name(p[i].status), (long long)p[i].paid,
                     promise_status_name(c->p[i].want), (long long)c->p[i].want_paid);
    }
}

static void test_settle_table(void **state)
{
    (void)state;
    assert_int_equal(date_from_civil(2026, 3, 1), BASE);
    for (size_t k = 0; k < N(settle_cases); k++) {
        struct settle_promise p[5];
        struct settle_payment pay[4];
        const struct settle_case *c = &settle_cases[k];
        load(c, p, pay);
        settle_promises(p, c->n, pay, c->m, BASE + c->today, c->grace);
        check(c, p);
    }
}

/* Twice in a row gives the same answer, and the stored status does not matter
 * (unless it is cancelled): every non-cancelled starting status ends the same. */
static void test_settle_idempotent(void **state)
{
    (void)state;
    static const enum promise_status starts[] = {PS_PENDING, PS_KEPT, PS_PARTIAL, PS_BROKEN};
    for (size_t k = 0; k < N(settle_cases); k++) {
        const struct settle_case *c = &settle_cases[k];
        for (size_t s = 0; s < N(starts); s++) {
            struct settle_promise p[5];
            struct settle_payment pay[4];
            load(c, p, pay);
            for (size_t i = 0; i < c->n; i++)
                if (p[i].status != PS_CANCELLED)
                    p[i].status = starts[(s + i) % N(starts)];
            settle_promises(p, c->n, pay, c->m, BASE + c->today, c->grace);
            check(c, p);
            settle_promises(p, c->n, pay, c->m, BASE + c->today, c->grace);
            check(c, p);
        }
    }
}

static void test_settle_empty(void **state)
{
    (void)state;
    settle_promises(NULL, 0, NULL, 0, BASE, 1);
    struct settle_payment pay = {.amount = 500, .paid_date = BASE};
    settle_promises(NULL, 0, &pay, 1, BASE, 1); // money with nowhere to go
    struct settle_promise p = {.id = 1, .amount = 500, .created_date = BASE, .due_date = BASE + 3,
                               .status = PS_KEPT, .paid = 500};
    settle_promises(&p, 1, NULL, 0, BASE + 9, 1);
    assert_int_equal(p.status, PS_BROKEN);
    assert_int_equal(p.paid, 0);
}

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) % n;
}

/* Random books: nothing is allocated beyond a promise's amount or beyond what
 * was paid, the answer does not depend on the order of either array, and the
 * status always agrees with the money and the dates. */
static void test_settle_random(void **state)
{
    (void)state;
    enum { NP = 8, NM = 6 };
    for (int round = 0; round < 3000; round++) {
        struct settle_promise p[NP], q[NP];
        struct settle_payment pay[NM], pay2[NM];
        size_t n = rnd(NP + 1), m = rnd(NM + 1);
        int grace = (int)rnd(4);
        int64_t today = BASE + rnd(60), paid_total = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t created = BASE + rnd(30);
            p[i] = (struct settle_promise){.id = (int64_t)i + 1,
                                           .amount = 1 + rnd(5000),
                                           .created_date = created,
                                           .due_date = created + rnd(20),
                                           .status = rnd(6) == 0 ? PS_CANCELLED : (enum promise_status)rnd(4)};
        }
        for (size_t j = 0; j < m; j++) {
            pay[j] = (struct settle_payment){.amount = 1 + rnd(6000), .paid_date = BASE + rnd(60)};
            paid_total += pay[j].amount;
        }
        // The same books, both arrays reversed.
        for (size_t i = 0; i < n; i++)
            q[i] = p[n - 1 - i];
        for (size_t j = 0; j < m; j++)
            pay2[j] = pay[m - 1 - j];
        settle_promises(p, n, pay, m, today, grace);
        settle_promises(q, n, pay2, m, today, grace);

        int64_t allocated = 0;
        for (size_t i = 0; i < n; i++) {
            const struct settle_promise *a = &p[i], *b = &q[n - 1 - i];
            assert_int_equal(a->status, b->status);
            assert_int_equal(a->paid, b->paid);
            assert_true(a->paid >= 0 && a->paid <= a->amount);
            allocated += a->paid;
            bool over = today > a->due_date + grace;
            switch (a->status) {
            case PS_CANCELLED: assert_int_equal(a->paid, 0); break;
            case PS_KEPT: assert_int_equal(a->paid, a->amount); break;
            case PS_PENDING: assert_true(!over && a->paid < a->amount); break;
            case PS_PARTIAL: assert_true(over && a->paid > 0 && a->paid < a->amount); break;
            case PS_BROKEN: assert_true(over && a->paid == 0); break;
            }
        }
        assert_true(allocated <= paid_total);
    }
}

/* --- plans ------------------------------------------------------------------- */

static void assert_date(int64_t days, int y, int m, int d)
{
    int yy, mm, dd;
    date_to_civil(days, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", yy, mm, dd, y, m, d);
}

static void test_plan_amounts(void **state)
{
    (void)state;
    static const struct { int64_t total; int count; int64_t want[4]; } cases[] = {
        {10000, 3, {3333, 3333, 3334}}, // JPY 10,000
        {10000, 3, {3333, 3333, 3334}}, // USD 100.00 in cents: the same arithmetic
        {9999, 3, {3333, 3333, 3333}},
        {100, 4, {25, 25, 25, 25}},
        {3, 3, {1, 1, 1}},
        {5, 2, {2, 3}},
        {11, 4, {2, 2, 2, 5}}, // the whole remainder lands on the last one
    };
    for (size_t k = 0; k < N(cases); k++) {
        struct instalment out[4];
        char err[128] = "";
        assert_true(plan_schedule(cases[k].total, cases[k].count, PLAN_MONTHLY,
                                  date_from_civil(2026, 1, 15), out, err, sizeof err));
        for (int i = 0; i < cases[k].count; i++)
            assert_int_equal(out[i].amount, cases[k].want[i]);
        assert_date(out[0].date, 2026, 1, 15);
        assert_date(out[1].date, 2026, 2, 15);
    }
}

struct ymd {
    int y, m, d;
};

static void check_dates(enum plan_frequency f, struct ymd first, const struct ymd *want, int count)
{
    struct instalment out[13];
    char err[128] = "";
    assert_true(plan_schedule(100000, count, f, date_from_civil(first.y, first.m, first.d), out, err,
                              sizeof err));
    for (int i = 0; i < count; i++)
        assert_date(out[i].date, want[i].y, want[i].m, want[i].d);
}

static void test_plan_weekly(void **state)
{
    (void)state;
    static const struct ymd want[] = {{2026, 12, 24}, {2026, 12, 31}, {2027, 1, 7}, {2027, 1, 14}};
    check_dates(PLAN_WEEKLY, want[0], want, N(want));
}

static void test_plan_biweekly(void **state)
{
    (void)state;
    static const struct ymd want[] = {{2028, 2, 15}, {2028, 2, 29}, {2028, 3, 14}, {2028, 3, 28}};
    check_dates(PLAN_BIWEEKLY, want[0], want, N(want));
}

static void test_plan_monthly(void **state)
{
    (void)state;
    // The day of month survives a short month: Jan 31 -> Feb 28 -> Mar 31.
    static const struct ymd jan31[] = {{2027, 1, 31}, {2027, 2, 28}, {2027, 3, 31},
                                       {2027, 4, 30}, {2027, 5, 31}};
    check_dates(PLAN_MONTHLY, jan31[0], jan31, N(jan31));
    static const struct ymd leap[] = {{2028, 1, 31}, {2028, 2, 29}, {2028, 3, 31}};
    check_dates(PLAN_MONTHLY, leap[0], leap, N(leap));
    static const struct ymd wrap[] = {{2026, 11, 30}, {2026, 12, 30}, {2027, 1, 30}, {2027, 2, 28},
                                      {2027, 3, 30}};
    check_dates(PLAN_MONTHLY, wrap[0], wrap, N(wrap));
    static const struct ymd year[] = {
        {2026, 1, 29}, {2026, 2, 28}, {2026, 3, 29}, {2026, 4, 29}, {2026, 5, 29},
        {2026, 6, 29}, {2026, 7, 29}, {2026, 8, 29}, {2026, 9, 29}, {2026, 10, 29},
        {2026, 11, 29}, {2026, 12, 29}, {2027, 1, 29},
    };
    check_dates(PLAN_MONTHLY, year[0], year, N(year));
}

/* For every total and count the amounts add up exactly, are equal but for
 * the last, which carries less than one more instalment, and dates rise. */
static void test_plan_sum_property(void **state)
{
    (void)state;
    static const enum plan_frequency freqs[] = {PLAN_WEEKLY, PLAN_BIWEEKLY, PLAN_MONTHLY};
    int64_t first = date_from_civil(2026, 8, 31);
    for (int count = 2; count <= 60; count++) {
        for (int64_t total = count; total < 5000000000000LL; total = total * 3 + count + 1) {
            struct instalment out[60];
            char err[128] = "";
            enum plan_frequency f = freqs[(size_t)count % N(freqs)];
            assert_true(plan_schedule(total, count, f, first, out, err, sizeof err));
            int64_t sum = 0;
            for (int i = 0; i < count; i++) {
                assert_true(out[i].amount >= 1);
                if (i < count - 1)
                    assert_int_equal(out[i].amount, out[0].amount);
                if (i > 0)
                    assert_true(out[i].date > out[i - 1].date);
                sum += out[i].amount;
            }
            assert_int_equal(sum, total);
            assert_true(out[count - 1].amount - out[0].amount < count);
            assert_int_equal(out[0].date, first);
        }
    }
}

static void test_plan_rejects(void **state)
{
    (void)state;
    static const struct { int64_t total; int count; const char *says; } bad[] = {
        {10000, 1, "2 to 60"}, {10000, 61, "2 to 60"}, {10000, 0, "2 to 60"}, {10000, -3, "2 to 60"},
        {2, 3, "less than"},   {0, 2, "less than"},    {-100, 2, "less than"}, {59, 60, "less than"},
    };
    for (size_t k = 0; k < N(bad); k++) {
        struct instalment out[61];
        memset(out, 0x5a, sizeof out);
        char err[160] = "";
        if (plan_schedule(bad[k].total, bad[k].count, PLAN_WEEKLY, BASE, out, err, sizeof err))
            fail_msg("accepted %lld in %d", (long long)bad[k].total, bad[k].count);
        if (!strstr(err, bad[k].says))
            fail_msg("for %lld in %d: \"%s\"", (long long)bad[k].total, bad[k].count, err);
        for (size_t i = 0; i < sizeof out; i++) // nothing written on failure
            assert_int_equal(((unsigned char *)out)[i], 0x5a);
    }
    char err[160] = "";
    assert_false(plan_schedule(2, 3, PLAN_MONTHLY, BASE, NULL, err, sizeof err));
    assert_string_equal(err, "the total (2) is less than the number of instalments (3): "
                             "each instalment must be at least one minor unit");
    assert_false(plan_schedule(100, 2, (enum plan_frequency)3, BASE, NULL, err, sizeof err));
    assert_true(err[0] != '\0');
    assert_false(plan_schedule(100, 1, PLAN_WEEKLY, BASE, NULL, NULL, 0)); // no room for a sentence
    struct instalment ok[60];
    assert_true(plan_schedule(60, 60, PLAN_WEEKLY, BASE, ok, NULL, 0)); // the limits themselves
    assert_int_equal(ok[59].amount, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),      cmocka_unit_test(test_frequency_names),
        cmocka_unit_test(test_settle_table),      cmocka_unit_test(test_settle_idempotent),
        cmocka_unit_test(test_settle_empty),      cmocka_unit_test(test_settle_random),
        cmocka_unit_test(test_plan_amounts),      cmocka_unit_test(test_plan_weekly),
        cmocka_unit_test(test_plan_biweekly),     cmocka_unit_test(test_plan_monthly),
        cmocka_unit_test(test_plan_sum_property), cmocka_unit_test(test_plan_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
