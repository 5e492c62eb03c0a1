/* Unit tests for core/remind_effect: an assignment's outcomes at the
 * debtor's deadlines (Tokyo and Honolulu, either side of the date line),
 * and the report's cycles, totals and segments against a fixture counted
 * by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/remind_effect.h"
#include "core/zone.h"
#include "tests/unit/clock.h"

/* Due 2026-12-01, grace 1: the deadline is the start of 12-03 local. */
static void test_deadlines_in_the_debtors_calendar(void **state)
{
    (void)state;
    struct zone *tokyo = load("Asia/Tokyo"), *hnl = load("Pacific/Honolulu");
    int64_t due = day("2026-12-01");
    dun_time assigned = at("2026-11-28T09:00:00+09:00");
    struct remind_outcome o;

    /* 23:59 on 12-02 in Tokyo: not settled yet; one minute later it is. */
    remind_outcome(tokyo, due, 1, assigned, NULL, 0, at("2026-12-02T23:59:00+09:00"), &o);
    assert_false(o.settled);
    assert_false(o.delinquent);
    assert_true(o.settled_1d == false);
    remind_outcome(tokyo, due, 1, assigned, NULL, 0, at("2026-12-03T00:00:00+09:00"), &o);
    assert_true(o.settled);
    assert_true(o.delinquent);
    assert_true(o.settled_1d);
    assert_false(o.paid_1d);

    /* The same instant is still 12-02 in Honolulu: pending there. */
    remind_outcome(hnl, due, 1, assigned, NULL, 0, at("2026-12-03T00:00:00+09:00"), &o);
    assert_false(o.settled);

    /* Paid at 23:30 on 12-02 Honolulu time (12-03 in Tokyo): in time there. */
    dun_time paid = at("2026-12-02T23:30:00-10:00");
    remind_outcome(hnl, due, 1, assigned, &paid, 1, at("2026-12-10T00:00:00Z"), &o);
    assert_true(o.settled);
    assert_false(o.delinquent);
    assert_true(o.paid_1d);
    /* ... and late in Tokyo, where that instant is 18:30 on 12-03. */
    remind_outcome(tokyo, due, 1, assigned, &paid, 1, at("2026-12-10T00:00:00Z"), &o);
    assert_true(o.delinquent);
    assert_false(o.paid_1d);

    /* Paid early (before the due date): not delinquent, not "within a day". */
    paid = at("2026-11-29T12:00:00+09:00");
    remind_outcome(tokyo, due, 1, assigned, &paid, 1, at("2026-12-10T00:00:00Z"), &o);
    assert_false(o.delinquent);
    assert_false(o.paid_1d);

    /* Grace 0: the deadline is the start of 12-02; grace 3: of 12-05. */
    remind_outcome(tokyo, due, 0, assigned, NULL, 0, at("2026-12-02T00:00:00+09:00"), &o);
    assert_true(o.settled);
    remind_outcome(tokyo, due, 3, assigned, NULL, 0, at("2026-12-04T23:00:00+09:00"), &o);
    assert_false(o.settled);
    assert_true(o.settled_1d);
    zone_free(&tokyo);
    zone_free(&hnl);
}

static struct remind_result res(const char *due, bool holdout, int stratum, bool formal, bool email, bool messaged,
                                bool clicked, bool settled, bool delinquent)
{
    return (struct remind_result){.due = day(due), .holdout = holdout, .stratum = stratum, .formal = formal,
                                  .email = email, .messaged = messaged, .clicked = clicked,
                                  .o = {.settled = settled, .delinquent = delinquent, .settled_1d = settled,
                                        .paid_1d = settled && !delinquent}};
}

/* Two cycles, counted by hand:
 *   12-01: T settled 3 (1 delinquent), T blocked 1 (settled, delinquent),
 *          H settled 2 (2 delinquent); clicks 2 of 3 messaged.
 *   12-08: T pending 1, H pending 1. */
static void test_report_against_hand_counts(void **state)
{
    (void)state;
    struct remind_result r[] = {
        res("2026-12-08", false, 2, false, false, true, false, false, false),
        res("2026-12-01", false, 2, false, false, true, true, true, false),
        res("2026-12-01", false, 3, true, false, true, true, true, true),
        res("2026-12-01", false, 7, true, true, true, false, true, false),
        res("2026-12-01", false, 2, false, false, false, false, true, true),
        res("2026-12-01", true, 2, false, false, false, false, true, true),
        res("2026-12-01", true, 3, true, false, false, false, true, true),
        res("2026-12-08", true, 2, false, false, false, false, false, false),
    };
    struct remind_report rep;
    assert_true(remind_report_build(r, sizeof r / sizeof r[0], &rep));
    assert_int_equal(rep.ncycles, 2);
    assert_int_equal(rep.cycle_due[0], day("2026-12-01"));
    const struct remind_cell *c = &rep.cycles[0];
    assert_int_equal(c->treatment, 4);
    assert_int_equal(c->holdout, 2);
    assert_int_equal(c->blocked, 1);
    assert_int_equal(c->delinquent.treatment.n, 4);
    assert_int_equal(c->delinquent.treatment.events, 2);
    assert_int_equal(c->delinquent.holdout.n, 2);
    assert_int_equal(c->delinquent.holdout.events, 2);
    assert_int_equal(c->paid_1d.treatment.events, 2);
    assert_int_equal(c->clicks.n, 3);
    assert_int_equal(c->clicks.events, 2);
    c = &rep.cycles[1];
    assert_int_equal(c->treatment, 1);
    assert_int_equal(c->delinquent.treatment.n, 0); /* pending */
    assert_int_equal(rep.all.treatment, 5);
    assert_int_equal(rep.all.holdout, 3);
    assert_int_equal(rep.all.delinquent.treatment.n, 4);
    assert_int_equal(rep.all.clicks.n, 4);
    /* Segments: stratum 2 holds 3 T + 2 H; 7 prior delinquencies is "5+". */
    assert_string_equal(rep.segments[2].value, "2");
    assert_int_equal(rep.segments[2].cell.treatment, 3);
    assert_int_equal(rep.segments[2].cell.holdout, 2);
    assert_string_equal(rep.segments[5].value, "5+");
    assert_int_equal(rep.segments[5].cell.treatment, 1);
    assert_string_equal(rep.segments[6].value, "formal");
    assert_int_equal(rep.segments[6].cell.treatment + rep.segments[6].cell.holdout, 3);
    assert_string_equal(rep.segments[9].value, "email");
    assert_int_equal(rep.segments[9].cell.treatment, 1);
    remind_report_free(&rep);
    assert_int_equal(rep.ncycles, 0);

    assert_true(remind_report_build(NULL, 0, &rep)); /* no assignments: an empty report */
    assert_int_equal(rep.ncycles, 0);
    assert_int_equal(rep.all.treatment, 0);
    remind_report_free(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadlines_in_the_debtors_calendar),
        cmocka_unit_test(test_report_against_hand_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
