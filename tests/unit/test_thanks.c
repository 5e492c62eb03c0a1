/* Unit tests for core/thanks: the body's rules (trimmed, 1 to 280
 * characters counted as characters, not bytes; line breaks folded; controls
 * refused), nobody thanking themselves, and the type-ahead over colleagues. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/thanks.h"

static char out[THANKS_BODY_MAX], why[256];

/* n copies of s */
static const char *repeat(const char *s, int n)
{
    static char buf[8192];
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(buf, s);
    return buf;
}

static void test_trimmed(void **state)
{
    (void)state;
    assert_true(thanks_body_check("  thanks for the cover \n", out, sizeof out, why, sizeof why));
    assert_string_equal(out, "thanks for the cover");
    assert_true(thanks_body_check("\u3000ありがとう\u3000", out, sizeof out, why, sizeof why));
    assert_string_equal(out, "ありがとう");
}

static void test_empty(void **state)
{
    (void)state;
    assert_false(thanks_body_check("", out, sizeof out, why, sizeof why));
    assert_non_null(strstr(why, "empty"));
    assert_false(thanks_body_check(" \t\n\u3000 ", out, sizeof out, why, sizeof why));
    assert_non_null(strstr(why, "empty"));
}

static void test_characters_not_bytes(void **state)
{
    (void)state;
    /* 280 Japanese characters are 840 bytes: taken */
    assert_true(thanks_body_check(repeat("あ", 280), out, sizeof out, why, sizeof why));
    assert_int_equal(strlen(out), 840);
    assert_false(thanks_body_check(repeat("あ", 281), out, sizeof out, why, sizeof why));
    assert_non_null(strstr(why, "at most 280 characters"));
    assert_non_null(strstr(why, "281"));
    assert_true(thanks_body_check(repeat("a", 280), out, sizeof out, why, sizeof why));
    assert_false(thanks_body_check(repeat("a", 281), out, sizeof out, why, sizeof why));
    /* spaces trimmed before counting */
    char padded[400];
    snprintf(padded, sizeof padded, "   %s   ", repeat("b", 280));
    assert_true(thanks_body_check(padded, out, sizeof out, why, sizeof why));
}

static void test_line_breaks_and_controls(void **state)
{
    (void)state;
    assert_true(thanks_body_check("one\r\ntwo\nthree\tfour", out, sizeof out, why, sizeof why));
    assert_string_equal(out, "one two three four");
    assert_false(thanks_body_check("bell\a", out, sizeof out, why, sizeof why));
    assert_non_null(strstr(why, "control character"));
    assert_false(thanks_body_check("esc \x1b[31m red", out, sizeof out, why, sizeof why));
    assert_false(thanks_body_check("bad \xff byte", out, sizeof out, why, sizeof why));
    assert_non_null(strstr(why, "UTF-8"));
}

static void test_not_self(void **state)
{
    (void)state;
    assert_true(thanks_people_check(1, 2, why, sizeof why));
    assert_false(thanks_people_check(7, 7, why, sizeof why));
    assert_non_null(strstr(why, "themselves"));
}

static const struct thanks_person team[] = {
    {1, "sato", "佐藤 花子"},
    {2, "satoshi", "Satoshi Ito"},
    {3, "suzuki", "鈴木 一郎"},
    {4, "ann", "Ann Sato"},
};

static void test_match(void **state)
{
    (void)state;
    size_t first, n = sizeof team / sizeof team[0];
    assert_int_equal(thanks_match(team, n, "", &first), 0);
    assert_int_equal(thanks_match(team, n, "   ", &first), 0);
    /* an exact login is that one alone, though others start with it */
    assert_int_equal(thanks_match(team, n, "sato", &first), 1);
    assert_int_equal(first, 0);
    assert_int_equal(thanks_match(team, n, " SATO ", &first), 1);
    /* a login prefix, a part of a name, in either language */
    assert_int_equal(thanks_match(team, n, "sat", &first), 3); /* sato, satoshi, Ann Sato */
    assert_int_equal(thanks_match(team, n, "鈴木", &first), 1);
    assert_int_equal(first, 2);
    assert_int_equal(thanks_match(team, n, "ito", &first), 1);
    assert_int_equal(first, 1);
    assert_int_equal(thanks_match(team, n, "nobody", &first), 0);
    /* an exact name */
    assert_int_equal(thanks_match(team, n, "ann sato", &first), 1);
    assert_int_equal(first, 3);
}

static void test_match_list(void **state)
{
    (void)state;
    char list[200];
    size_t n = sizeof team / sizeof team[0];
    thanks_match_list(team, n, "sat", 0, list, sizeof list);
    assert_string_equal(list, "佐藤 花子 (sato), Satoshi Ito (satoshi), Ann Sato (ann)");
    thanks_match_list(team, n, "", 0, list, sizeof list);
    assert_non_null(strstr(list, "鈴木 一郎 (suzuki)"));
    /* the one thanking is not offered */
    for (size_t i = 0; i < n; i++)
        if (strcmp(team[i].login, "suzuki") == 0)
            thanks_match_list(team, n, "", team[i].id, list, sizeof list);
    assert_null(strstr(list, "(suzuki)"));
    assert_non_null(strstr(list, "(sato)"));
    char small[30];
    thanks_match_list(team, n, "", 0, small, sizeof small);
    assert_non_null(strstr(small, "..."));
    assert_true(strlen(small) < sizeof small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trimmed),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_characters_not_bytes),
        cmocka_unit_test(test_line_breaks_and_controls),
        cmocka_unit_test(test_not_self),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_match_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
