/* Unit tests for core/remind: due N days ahead in the debtor's calendar
 * (across the date line), screening and its order, the deterministic
 * holdout draw (stable, close to the share on 10,000 accounts, stratified),
 * and the wording rules. Zones come from the system tzdata. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/remind.h"
#include "core/zone.h"
#include "tests/unit/clock.h"

/* Is an account due on `due` reminded `n` days ahead at `now` in `zone`? */
static bool due_in(const char *zone, const char *now, const char *due, int n)
{
    struct zone *z = load(zone);
    bool r = remind_due_in(day(due), remind_local_today(z, at(now)), n);
    zone_free(&z);
    return r;
}

/* 10:30 UTC on Fri 2026-11-27 is 00:30 on the 28th in Kiritimati (UTC+14)
 * and 23:30 on the 26th in Pago Pago (UTC-11): two calendar days apart. */
static void test_due_across_the_date_line(void **state)
{
    (void)state;
    const char *now = "2026-11-27T10:30:00Z";
    assert_true(due_in("Pacific/Kiritimati", now, "2026-12-01", 3));
    assert_false(due_in("Pacific/Kiritimati", now, "2026-11-30", 3));
    assert_true(due_in("Pacific/Pago_Pago", now, "2026-11-29", 3));
    assert_false(due_in("Pacific/Pago_Pago", now, "2026-12-01", 3));
    assert_true(due_in("UTC", now, "2026-11-30", 3));
    assert_true(due_in("Asia/Tokyo", now, "2026-11-30", 3));          /* 19:30 JST on the 27th */
    assert_true(due_in("Asia/Tokyo", "2026-11-27T15:00:00Z", "2026-12-01", 3)); /* 00:00 JST on the 28th */
    assert_true(due_in("America/New_York", "2026-11-28T04:59:00Z", "2026-11-30", 3)); /* 23:59 on the 27th */
    assert_true(due_in("America/New_York", "2026-11-28T05:00:00Z", "2026-12-01", 3));
    /* The store's narrowing range holds every zone's answer. */
    int64_t lo, hi;
    remind_due_range(at(now), 3, &lo, &hi);
    assert_int_equal(lo, day("2026-11-29"));
    assert_int_equal(hi, day("2026-12-01"));
    assert_true(remind_due_in(day("2026-12-04"), day("2026-12-04"), 0));
}

static void test_screen_order_and_channel(void **state)
{
    (void)state;
    enum remind_channel ch;
    struct remind_facts ok = {.balance_minor = 100, .sms_consent = true, .has_mobile = true, .has_email = true};
    assert_int_equal(remind_screen(&ok, &ch), RS_NONE);
    assert_int_equal(ch, RC_SMS);
    struct remind_facts f = ok;
    f.sms_consent = false;
    assert_int_equal(remind_screen(&f, &ch), RS_NONE);
    assert_int_equal(ch, RC_EMAIL);
    f.has_email = false;
    assert_int_equal(remind_screen(&f, &ch), RS_NO_CHANNEL);
    f = ok;
    f.sms_opt_out = true;
    assert_int_equal(remind_screen(&f, &ch), RS_NONE); /* email is left */
    assert_int_equal(ch, RC_EMAIL);
    f.email_opt_out = true;
    assert_int_equal(remind_screen(&f, &ch), RS_OPTED_OUT);
    f = ok;
    f.has_mobile = false; /* consent but no usable mobile: email */
    assert_int_equal(remind_screen(&f, &ch), RS_NONE);
    assert_int_equal(ch, RC_EMAIL);
    f = ok;
    f.cease = f.attorney = f.already = true;
    assert_int_equal(remind_screen(&f, &ch), RS_CEASE); /* the first reason */
    f.cease = false;
    assert_int_equal(remind_screen(&f, &ch), RS_ATTORNEY);
    f = ok;
    f.dispute = true;
    assert_int_equal(remind_screen(&f, &ch), RS_DISPUTE);
    f = ok;
    f.bankruptcy = true;
    assert_int_equal(remind_screen(&f, &ch), RS_BANKRUPTCY);
    f = ok;
    f.overdue = true;
    assert_int_equal(remind_screen(&f, &ch), RS_OVERDUE);
    f = ok;
    f.balance_minor = 0;
    assert_int_equal(remind_screen(&f, &ch), RS_NO_BALANCE);
    f = ok;
    f.already = true;
    assert_int_equal(remind_screen(&f, &ch), RS_ALREADY_REMINDED);
    assert_int_equal(ch, RC_NONE);
    assert_string_equal(remind_skip_name(RS_ALREADY_REMINDED), "already_reminded");
    assert_string_equal(remind_skip_name(RS_OPTED_OUT), "opted_out");
}

enum { MANY = 10000 };

struct population {
    char refs[MANY][16];
    struct remind_pick p[MANY];
};

static struct population *population(int64_t due, bool strata)
{
    struct population *pop = calloc(1, sizeof *pop);
    assert_non_null(pop);
    for (int i = 0; i < MANY; i++) {
        snprintf(pop->refs[i], sizeof pop->refs[i], "ACC-%05d", i);
        /* uneven strata: 2 is the largest, 5+ small */
        int prior = strata ? (i % 10 < 5 ? 2 : i % 10 < 8 ? 3 : i % 10 < 9 ? 4 : 7) : 2;
        pop->p[i] = (struct remind_pick){.ref = pop->refs[i], .due = due, .stratum = remind_stratum(prior)};
    }
    return pop;
}

static void test_draw_is_stable(void **state)
{
    (void)state;
    assert_true(remind_draw("A-1", day("2026-12-01")) == remind_draw("A-1", day("2026-12-01")));
    assert_true(remind_draw("A-1", day("2026-12-01")) != remind_draw("A-1", day("2026-12-31")));
    assert_true(remind_draw("A-1", day("2026-12-01")) != remind_draw("A-2", day("2026-12-01")));
    /* The same accounts in another order get the same arms. */
    struct population *a = population(day("2026-12-01"), true), *b = population(day("2026-12-01"), true);
    for (int i = 0; i < MANY / 2; i++) { /* reverse b */
        struct remind_pick t = b->p[i];
        b->p[i] = b->p[MANY - 1 - i];
        b->p[MANY - 1 - i] = t;
    }
    assert_true(remind_assign(a->p, MANY, 10));
    assert_true(remind_assign(b->p, MANY, 10));
    for (int i = 0; i < MANY; i++)
        assert_int_equal(a->p[i].holdout, b->p[MANY - 1 - i].holdout);
    free(a);
    free(b);
}

static int held(const struct population *pop, int stratum)
{
    int n = 0;
    for (int i = 0; i < MANY; i++)
        n += pop->p[i].holdout && (stratum < 0 || pop->p[i].stratum == stratum);
    return n;
}

static void test_share_close_to_requested(void **state)
{
    (void)state;
    int pcts[] = {0, 1, 10, 25, 50, 100};
    for (size_t k = 0; k < sizeof pcts / sizeof pcts[0]; k++) {
        struct population *pop = population(day("2026-12-01"), false);
        assert_true(remind_assign(pop->p, MANY, pcts[k]));
        int h = held(pop, -1), want = MANY * pcts[k] / 100;
        assert_in_range(h, want > 0 ? want - 1 : 0, want + 1);
        free(pop);
    }
    /* The draw itself is uniform: about a tenth of hashes below 10%. */
    int below = 0;
    for (int i = 0; i < MANY; i++) {
        char ref[16];
        snprintf(ref, sizeof ref, "R%d", i);
        below += remind_draw(ref, day("2026-12-01")) % 100 < 10;
    }
    assert_in_range(below, 900, 1100);
}

static void test_stratified(void **state)
{
    (void)state;
    struct population *pop = population(day("2026-12-01"), true);
    int size[REMIND_STRATUM_TOP + 1] = {0};
    for (int i = 0; i < MANY; i++)
        size[pop->p[i].stratum]++;
    assert_int_equal(size[5], 1000); /* prior 7 is stratum 5 ("5 or more") */
    assert_true(remind_assign(pop->p, MANY, 10));
    for (int s = 0; s <= REMIND_STRATUM_TOP; s++) {
        int h = held(pop, s);
        /* floor or ceil of 10% of each stratum, not merely overall */
        assert_in_range(h, size[s] / 10, (size[s] + 9) / 10);
    }
    /* A small stratum still gets its share on average: 3 accounts at 50%
     * are 1 or 2, never 0 or 3. */
    struct remind_pick small[3] = {{"S-1", day("2026-12-01"), 4, false}, {"S-2", day("2026-12-01"), 4, false},
                                   {"S-3", day("2026-12-01"), 4, false}};
    assert_true(remind_assign(small, 3, 50));
    int h = small[0].holdout + small[1].holdout + small[2].holdout;
    assert_in_range(h, 1, 2);
    free(pop);
}

static void test_rules(void **state)
{
    (void)state;
    struct remind_rule rules[] = {
        {.priority = 100, .template_name = "remind_casual", .tone = "casual"},
        {.priority = 10, .has_min_prior = true, .min_prior = 4, .template_name = "remind_formal", .tone = "formal"},
        {.priority = 20, .currency = "JPY", .has_min_balance = true, .min_balance_minor = 100000,
         .template_name = "remind_formal", .tone = "formal"},
        {.priority = 30, .language = "en", .has_max_balance = true, .max_balance_minor = 5000,
         .template_name = "never", .tone = "casual"}, /* a band with no currency never matches */
    };
    size_t n = sizeof rules / sizeof rules[0];
#define MATCH(r, k, lang, cur, bal, prior) \
    remind_rule_match(r, k, &(struct remind_traits){lang, cur, bal, prior, -1})
    assert_string_equal(MATCH(rules, n, "ja", "JPY", 50000, 2)->template_name, "remind_casual");
    assert_string_equal(MATCH(rules, n, "ja", "JPY", 100000, 2)->template_name, "remind_formal");
    assert_string_equal(MATCH(rules, n, "en", "USD", 100000, 2)->template_name, "remind_casual");
    assert_string_equal(MATCH(rules, n, "en", "USD", 100, 5)->tone, "formal");
    assert_null(MATCH(rules + 1, 1, "en", "USD", 100, 2));
#undef MATCH
}

/* An age band: 18-29 casual, 65 and over formal; an unknown age matches
 * neither and falls through to the rule with no band. */
static void test_age_band(void **state)
{
    (void)state;
    struct remind_rule rules[] = {
        {.priority = 100, .template_name = "remind_plain", .tone = "casual"},
        {.priority = 5, .has_min_age = true, .min_age = 18, .has_max_age = true, .max_age = 29,
         .template_name = "remind_young", .tone = "casual"},
        {.priority = 6, .has_min_age = true, .min_age = 65, .template_name = "remind_senior", .tone = "formal"},
    };
    struct remind_traits t = {"ja", "JPY", 50000, 2, 25};
    assert_string_equal(remind_rule_match(rules, 3, &t)->template_name, "remind_young");
    t.age = 29;
    assert_string_equal(remind_rule_match(rules, 3, &t)->template_name, "remind_young");
    t.age = 30;
    assert_string_equal(remind_rule_match(rules, 3, &t)->template_name, "remind_plain");
    t.age = 65;
    assert_string_equal(remind_rule_match(rules, 3, &t)->template_name, "remind_senior");
    t.age = -1;
    assert_string_equal(remind_rule_match(rules, 3, &t)->template_name, "remind_plain");

    /* Whole years in the debtor's calendar, the day before and on the birthday. */
    assert_int_equal(remind_age(day("1990-11-28"), day("2026-11-27")), 35);
    assert_int_equal(remind_age(day("1990-11-27"), day("2026-11-27")), 36);
    assert_int_equal(remind_age(day("2000-02-29"), day("2026-02-28")), 25);
    assert_int_equal(remind_age(day("2000-02-29"), day("2026-03-01")), 26);
    assert_int_equal(remind_age(day("2026-11-28"), day("2026-11-27")), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_across_the_date_line), cmocka_unit_test(test_screen_order_and_channel),
        cmocka_unit_test(test_draw_is_stable),           cmocka_unit_test(test_share_close_to_requested),
        cmocka_unit_test(test_stratified),               cmocka_unit_test(test_rules), cmocka_unit_test(test_age_band),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
