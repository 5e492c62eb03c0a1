/* Unit tests for core/effect: the reminder's effect against a holdout, on
 * fixtures worked out by hand (each computation is in its test's comment,
 * rounded; the assertions allow 1e-6). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <math.h>

#include "core/effect.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static struct effect_counts counts(int64_t n1, int64_t e1, int64_t n0, int64_t e0)
{
    return (struct effect_counts){{n1, e1}, {n0, e0}};
}

static void test_rate(void **state)
{
    (void)state;
    double r = -1;
    assert_true(effect_rate((struct effect_group){8, 2}, &r));
    NEAR(r, 0.25);
    r = -1;
    assert_false(effect_rate((struct effect_group){0, 0}, &r)); /* no denominator */
    assert_false(effect_rate((struct effect_group){5, 6}, &r)); /* more events than accounts */
    assert_false(effect_rate((struct effect_group){5, -1}, &r));
    NEAR(r, -1); /* left alone */
}

/* n1 = n0 = 1000, treatment 100 delinquent (p1 = 0.10), holdout 150 (p0 = 0.15).
 *   diff = 0.10 - 0.15 = -0.05
 *   se = sqrt(0.1*0.9/1000 + 0.15*0.85/1000) = sqrt(0.00009 + 0.0001275)
 *      = sqrt(0.0002175) = 0.0147479; 1.96 se = 0.0289058
 *   interval [-0.0789058, -0.0210942]
 *   RR = 0.1/0.15 = 0.666667, ln RR = -0.405465
 *   se(ln RR) = sqrt(0.9/100 + 0.85/150) = sqrt(0.009 + 0.0056667) = 0.1211060
 *   ln RR +- 1.96 se = [-0.642833, -0.168097] -> RR [0.525780, 0.845272]
 *   relative reduction 1 - RR = 0.333333, interval [0.154728, 0.474199]
 *   MDE = 2.8016 sqrt(0.15*0.85*(1/1000 + 1/1000)) = 2.8016 * 0.0159687 = 0.0447380
 *   |diff| 0.05 >= 0.0447 and the interval excludes 0: significant. */
static void test_significant(void **state)
{
    (void)state;
    struct effect_counts c = counts(1000, 100, 1000, 150);
    struct effect e;
    effect_compute(&c, 0, &e);
    assert_true(e.has_rates);
    NEAR(e.p1, 0.10);
    NEAR(e.p0, 0.15);
    assert_true(e.diff.ok);
    NEAR(e.diff.est, -0.05);
    NEAR(e.diff.lo, -0.0789058);
    NEAR(e.diff.hi, -0.0210942);
    assert_true(e.relative.ok);
    NEAR(e.relative.est, 1.0 / 3);
    NEAR(e.relative.lo, 0.1547284);
    NEAR(e.relative.hi, 0.4741992);
    assert_true(e.has_mde);
    NEAR(e.mde, 0.0447380);
    assert_int_equal(e.verdict, EFFECT_SIGNIFICANT);
    assert_string_equal(effect_verdict_name(e.verdict), "significant");
}

/* The same rates on 200 each (p1 = 20/200, p0 = 30/200):
 *   se = sqrt(0.09/200 + 0.1275/200) = sqrt(0.0010875) = 0.0329773
 *   interval -0.05 +- 0.0646354 = [-0.1146354, 0.0146354]: includes 0
 *   MDE = 2.8016 sqrt(0.1275 * 0.01) = 2.8016 * 0.0357071 = 0.1000371 > 0.05
 *   se(ln RR) = sqrt(0.9/20 + 0.85/30) = 0.2708013;
 *   relative interval 1 - exp(-0.405465 +- 0.530771) = [-0.133495, 0.607899] */
/* The same fixture on one line, as `dun metrics --reminders` prints it: a
 * reduction for delinquency, a change for a payment rate (1 - RR turned
 * around: -33% [-47%, -15%]). */
static void test_format(void **state)
{
    (void)state;
    struct effect_counts c = counts(1000, 100, 1000, 150);
    struct effect e;
    char line[160];
    effect_compute(&c, 0, &e);
    effect_format(&e, true, line, sizeof line);
    assert_string_equal(line, "-5.0 pts [-7.9, -2.1], 33% fewer [15%, 47%], MDE 4.5 pts: significant");
    effect_format(&e, false, line, sizeof line);
    assert_string_equal(line, "-5.0 pts [-7.9, -2.1], -33% [-47%, -15%], MDE 4.5 pts: significant");
    /* More delinquent with the reminder: "more", not "-50% fewer".
     * p1 = 0.15, p0 = 0.10: 1 - RR = -0.5. */
    c = counts(1000, 150, 1000, 100);
    effect_compute(&c, 0, &e);
    effect_format(&e, true, line, sizeof line);
    assert_non_null(strstr(line, "+5.0 pts [+2.1, +7.9], 50% more ["));
    c = counts(0, 0, 10, 1);
    effect_compute(&c, 0, &e);
    effect_format(&e, true, line, sizeof line);
    assert_string_equal(line, "no difference computed, MDE n/a: not enough data");
}

static void test_too_small_to_tell(void **state)
{
    (void)state;
    struct effect_counts c = counts(200, 20, 200, 30);
    struct effect e;
    effect_compute(&c, 0, &e);
    NEAR(e.diff.lo, -0.1146354);
    NEAR(e.diff.hi, 0.0146354);
    NEAR(e.mde, 0.1000371);
    NEAR(e.relative.lo, -0.1334946);
    NEAR(e.relative.hi, 0.6078989);
    assert_int_equal(e.verdict, EFFECT_INCONCLUSIVE);
}

/* A naive test would call this one: p1 = 115/1000, p0 = 150/1000.
 *   diff = -0.035; se = sqrt(0.115*0.885/1000 + 0.0001275) = sqrt(0.000229275)
 *      = 0.0151418; interval [-0.0646780, -0.0053220] excludes 0,
 *   but MDE = 0.0447380 > 0.035: dun says no difference shown. */
static void test_under_mde_is_not_called(void **state)
{
    (void)state;
    struct effect_counts c = counts(1000, 115, 1000, 150);
    struct effect e;
    effect_compute(&c, 0, &e);
    NEAR(e.diff.lo, -0.0646780);
    NEAR(e.diff.hi, -0.0053220);
    assert_true(e.diff.hi < 0);
    assert_int_equal(e.verdict, EFFECT_INCONCLUSIVE);
    assert_non_null(e.reason);
}

/* No event in the treatment group: p1 = 0/1000, p0 = 150/1000.
 *   diff = -0.15, se = sqrt(0 + 0.0001275) = 0.0112916, interval
 *   [-0.1721315, -0.1278685]; MDE 0.0447380: significant.
 *   ln 0 is undefined: no relative reduction (no made-up half event). */
static void test_zero_events_in_treatment(void **state)
{
    (void)state;
    struct effect_counts c = counts(1000, 0, 1000, 150);
    struct effect e;
    effect_compute(&c, 0, &e);
    NEAR(e.diff.est, -0.15);
    NEAR(e.diff.lo, -0.1721315);
    NEAR(e.diff.hi, -0.1278685);
    assert_false(e.relative.ok);
    assert_int_equal(e.verdict, EFFECT_SIGNIFICANT);
}

/* No event in the holdout: p0 = 0, so RR and the MDE have no baseline. */
static void test_zero_events_in_holdout(void **state)
{
    (void)state;
    struct effect_counts c = counts(500, 3, 500, 0);
    struct effect e;
    effect_compute(&c, 0, &e);
    assert_true(e.has_rates);
    assert_true(e.diff.ok);
    NEAR(e.diff.est, 0.006);
    assert_false(e.relative.ok);
    assert_false(e.has_mde);
    assert_int_equal(e.verdict, EFFECT_NOT_ENOUGH_DATA);
}

/* An empty group: nothing is divided by 0, every figure is absent. */
static void test_empty_groups(void **state)
{
    (void)state;
    struct effect_counts cases[] = {counts(0, 0, 0, 0), counts(1000, 100, 0, 0), counts(0, 0, 1000, 150)};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e;
        effect_compute(&cases[i], 0, &e);
        assert_false(e.has_rates);
        assert_false(e.diff.ok);
        assert_false(e.relative.ok);
        assert_false(e.has_mde);
        assert_int_equal(e.verdict, EFFECT_NOT_ENOUGH_DATA);
        assert_string_equal(effect_verdict_name(e.verdict), "not enough data");
    }
}

/* 99 in a group is under the minimum of 100, however large the difference
 * (p1 = 0/99, p0 = 50/99); with a minimum of 50 it is judged. */
static void test_minimum_group(void **state)
{
    (void)state;
    struct effect_counts c = counts(99, 0, 99, 50);
    struct effect e;
    effect_compute(&c, 0, &e);
    assert_true(e.diff.ok);
    assert_int_equal(e.verdict, EFFECT_NOT_ENOUGH_DATA);
    effect_compute(&c, 50, &e);
    assert_int_equal(e.verdict, EFFECT_SIGNIFICANT);
}

/* Three due cycles summed as they come: (treatment n, events; holdout n, events)
 *   cycle 1: 400,40; 400,60   cycle 2: 350,35; 350,52   cycle 3: 250,25; 250,38
 *   running: 400,40;400,60 -> 750,75;750,112 -> 1000,100;1000,150 (the first fixture). */
static void test_cumulate(void **state)
{
    (void)state;
    struct effect_counts cyc[] = {counts(400, 40, 400, 60), counts(350, 35, 350, 52), counts(250, 25, 250, 38)};
    effect_cumulate(cyc, cyc, 3);
    assert_int_equal(cyc[0].treatment.n, 400);
    assert_int_equal(cyc[1].treatment.events, 75);
    assert_int_equal(cyc[1].holdout.events, 112);
    assert_int_equal(cyc[2].treatment.n, 1000);
    assert_int_equal(cyc[2].holdout.events, 150);
    struct effect e;
    effect_compute(&cyc[2], 0, &e);
    NEAR(e.diff.est, -0.05);
    /* per segment: the caller adds the segments' cells into one */
    struct effect_counts all = {{0, 0}, {0, 0}}, card = counts(600, 60, 600, 90), bank = counts(400, 40, 400, 60);
    effect_add(&all, &card);
    effect_add(&all, &bank);
    assert_int_equal(all.treatment.n, 1000);
    assert_int_equal(all.holdout.events, 150);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_significant), cmocka_unit_test(test_format),
        cmocka_unit_test(test_too_small_to_tell),
        cmocka_unit_test(test_under_mde_is_not_called),
        cmocka_unit_test(test_zero_events_in_treatment),
        cmocka_unit_test(test_zero_events_in_holdout),
        cmocka_unit_test(test_empty_groups),
        cmocka_unit_test(test_minimum_group),
        cmocka_unit_test(test_cumulate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
