/* Unit tests for core/textedit: editing in the middle of UTF-8 text, line
 * moves at the same display column, and a full buffer left unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/textedit.h"

static void test_insert_in_the_middle(void **state)
{
    (void)state;
    char buf[32] = "abc";
    struct text_edit t = {buf, sizeof buf, 3};
    te_left(&t);
    assert_true(te_insert(&t, "X", 1));
    assert_string_equal(buf, "abXc");
    te_home(&t);
    assert_true(te_insert(&t, "<", 1));
    te_end(&t);
    assert_true(te_insert(&t, ">", 1));
    assert_string_equal(buf, "<abXc>");
}

static void test_utf8_characters_move_whole(void **state)
{
    (void)state;
    char buf[64] = "山田太郎";
    struct text_edit t = {buf, sizeof buf, strlen(buf)};
    te_left(&t);
    te_left(&t);
    assert_int_equal(t.cursor, 6); /* after 山田 */
    te_backspace(&t);
    assert_string_equal(buf, "山太郎");
    te_delete(&t);
    assert_string_equal(buf, "山郎");
    te_right(&t);
    te_right(&t); /* past the end: stays */
    assert_int_equal(t.cursor, strlen(buf));
}

static void test_lines(void **state)
{
    (void)state;
    char buf[64] = "一二三四\nab\nxyz";
    struct text_edit t = {buf, sizeof buf, 6}; /* after 一二: column 4 */
    assert_true(te_down(&t));
    assert_int_equal(t.cursor, strlen("一二三四\nab")); /* "ab" is shorter: its end */
    assert_true(te_down(&t));
    assert_int_equal(t.cursor, strlen("一二三四\nab\nxy"));
    assert_false(te_down(&t));
    assert_true(te_up(&t));
    assert_true(te_up(&t));
    assert_int_equal(t.cursor, 3); /* column 2 on the first line: after 一 */
    assert_false(te_up(&t));
    te_kill_line(&t);
    assert_string_equal(buf, "一\nab\nxyz");
}

static void test_full_buffer(void **state)
{
    (void)state;
    char buf[4] = "abc";
    struct text_edit t = {buf, sizeof buf, 1};
    assert_false(te_insert(&t, "X", 1));
    assert_string_equal(buf, "abc");
    assert_int_equal(t.cursor, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_in_the_middle),
        cmocka_unit_test(test_utf8_characters_move_whole),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_full_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
