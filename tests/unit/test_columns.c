/* Unit tests for core/columns (fitting table columns into a width) and the
 * queue's own layout at the classic terminal sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/columns.h"
#include "core/queue.h"

static int used(const int *w, int n)
{
    int total = 0, shown = 0;
    for (int i = 0; i < n; i++)
        if (w[i] > 0) {
            total += w[i];
            shown++;
        }
    return total + (shown > 1 ? shown - 1 : 0);
}

/* Wide enough: preferred widths, the slack to the grow column. */
static void test_fits_and_grows(void **state)
{
    (void)state;
    struct column_spec s[3] = {{5, 5, 0, 0, false}, {10, 4, 1, 1, true}, {6, 6, 0, 0, false}};
    int w[3];
    assert_int_equal(columns_fit(40, s, 3, w), 40);
    assert_int_equal(w[0], 5);
    assert_int_equal(w[1], 27);
    assert_int_equal(w[2], 6);
}

/* Too narrow: shrink rank 1 to its minimum before rank 2 gives anything. */
static void test_shrinks_in_order(void **state)
{
    (void)state;
    struct column_spec s[3] = {{10, 4, 2, 0, false}, {10, 6, 1, 0, false}, {5, 5, 0, 0, false}};
    int w[3];
    columns_fit(25, s, 3, w); /* 27 wanted: column 1 gives 2 */
    assert_int_equal(w[0], 10);
    assert_int_equal(w[1], 8);
    columns_fit(19, s, 3, w); /* column 1 at its minimum 6, column 0 gives the rest */
    assert_int_equal(w[1], 6);
    assert_int_equal(w[0], 6);
    assert_int_equal(used(w, 3), 19);
}

/* Still too narrow at the minimums: drop by rank, then shrink again from
 * the preferred widths. */
static void test_drops_in_order(void **state)
{
    (void)state;
    struct column_spec s[4] = {{8, 8, 0, 0, false}, {10, 5, 1, 2, true}, {12, 12, 0, 1, false}, {4, 4, 0, 0, false}};
    int w[4];
    columns_fit(24, s, 4, w); /* 8+5+12+4+3 = 32 > 24: drop column 2 */
    assert_int_equal(w[2], 0);
    assert_int_equal(w[1], 10);
    assert_int_equal(used(w, 4), 24);
    columns_fit(13, s, 4, w); /* then column 1 too */
    assert_int_equal(w[1], 0);
    assert_int_equal(w[0], 8);
    assert_int_equal(w[3], 4);
    int x[4];
    columns_positions(w, 4, x);
    assert_int_equal(x[0], 0);
    assert_int_equal(x[3], 9);
}

static void queue_at(int width, int *w)
{
    struct queue_row r;
    memset(&r, 0, sizeof r);
    strcpy(r.ref, "DEMO-000451");
    strcpy(r.currency, "JPY");
    r.balance_minor = 782818;
    r.days_past_due = 178;
    struct queue_widths cw;
    queue_content_widths(&r, 1, false, &cw);
    cw.w[QC_RANK] = 3; /* a queue of a few hundred */
    queue_columns(&cw, width, w);
}

/* The queue at 80 columns keeps every column, the compliance ones whole. */
static void test_queue_80(void **state)
{
    (void)state;
    int w[QC_COUNT];
    queue_at(79, w);
    for (int c = 0; c < QC_COUNT; c++)
        if (w[c] == 0)
            fail_msg("column %s dropped at 80 columns", queue_cell_title((enum queue_cell)c));
    assert_int_equal(w[QC_CHANNELS], 4);
    assert_int_equal(w[QC_LOCAL], 9);
    assert_int_equal(w[QC_REF], 11);
    assert_true(w[QC_NAME] >= 10);
    assert_true(used(w, QC_COUNT) <= 79);
}

/* At 60 columns LAST CONTACT and PROMISE/CB go; PSEL and LOCAL stay. */
static void test_queue_60(void **state)
{
    (void)state;
    int w[QC_COUNT];
    queue_at(59, w);
    assert_int_equal(w[QC_LAST], 0);
    assert_int_equal(w[QC_PROMISE], 0);
    assert_int_equal(w[QC_CHANNELS], 4);
    assert_int_equal(w[QC_LOCAL], 9);
    assert_true(w[QC_NAME] >= 10);
    assert_true(used(w, QC_COUNT) <= 59);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fits_and_grows),
        cmocka_unit_test(test_shrinks_in_order),
        cmocka_unit_test(test_drops_in_order),
        cmocka_unit_test(test_queue_80),
        cmocka_unit_test(test_queue_60),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
