/* Unit tests for core/inbound: replies folded for keywords, opt-out
 * requests as people type them (and sentences that only contain "stop"),
 * and the numbers an SMSC's originator can stand for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/inbound.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_fold(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"ＳＴＯＰ", "stop"},
        {"STOP\xE3\x80\x80", "stop"},                 // a trailing ideographic space
        {"\xE3\x80\x80 stop \xE3\x80\x80", "stop"},
        {"Stop   please", "stop please"},
        {"stop.", "stop"},
        {"STOP!!!", "stop"},
        {"停止。", "停止"},
        {"「停止」", "停止"},
        {"停止してください", "停止してください"},
        {"Ｓｔｏｐ　ｐｌｅａｓｅ！", "stop please"},
        {"st\xE2\x80\x8Bop", "stop"},                  // a zero-width space inside
        {"\t STOP \r\n", "stop"},
        {"", ""},
        {"...", ""},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[64];
        assert_true(inbound_fold(cases[i].in, out, sizeof out));
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("fold(\"%s\") = \"%s\", wanted \"%s\"", cases[i].in, out, cases[i].out);
    }
    char small[5];
    assert_false(inbound_fold("unsubscribe", small, sizeof small)); /* cut: said so */
    assert_string_equal(small, "unsu");
}

/* One table: each reply and whether it asks to stop. */
static void test_opt_out_table(void **state)
{
    (void)state;
    static const struct { const char *text; bool stop; } cases[] = {
        /* the keywords as they are */
        {"STOP", true}, {"stop", true}, {"Stop", true}, {"STOPALL", true}, {"UNSUBSCRIBE", true},
        {"停止", true}, {"配信停止", true}, {"ストップ", true}, {"配信解除", true},
        /* as people type them */
        {"ＳＴＯＰ", true},
        {"STOP\xE3\x80\x80", true},
        {"Stop please", true},
        {"please stop", true},
        {"Please, stop.", true},
        {"stop.", true},
        {"STOP!", true},
        {"stop texting me", true},
        {"Stop sending me messages", true},
        {"停止してください", true},
        {"配信停止してください", true},
        {"停止して下さい。", true},
        {"すみません、停止してください", true},
        {"やめてください", true},
        {"止めてください", true},
        {"opt out", true}, {"Opt-out", true},
        {"「停止」", true},
        /* standard single words, only alone */
        {"END", true}, {"cancel", true}, {"Quit.", true}, {"revoke", true}, {"cancel please", true},
        {"End of the month I'll pay", false},
        {"Cancel that, I will pay on Friday", false},
        /* "stop" inside a sentence is not a request */
        {"I can't stop by the office today", false},
        {"don't stop calling", false},
        {"I stopped paying because I lost my job", false},
        {"stopped", false},
        {"Stopwatch", false},
        {"支払いを停止しました", false},
        {"I paid today, thanks", false},
        {"明日払います", false},
        {"", false},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (inbound_is_opt_out(cases[i].text, NULL) != cases[i].stop)
            fail_msg("\"%s\" %s an opt-out", cases[i].text, cases[i].stop ? "should be" : "should not be");
}

static void test_opt_out_configured(void **state)
{
    (void)state;
    const char *kw = " いらない , No More,,";
    assert_true(inbound_is_opt_out("いらない", kw));
    assert_true(inbound_is_opt_out("いらないです", kw));
    assert_true(inbound_is_opt_out("no more", kw));
    assert_true(inbound_is_opt_out("ＮＯ　ＭＯＲＥ。", kw));
    assert_true(inbound_is_opt_out("No more texts please", kw));
    assert_false(inbound_is_opt_out("no moreover", kw));
    assert_false(inbound_is_opt_out("no", kw));
    assert_false(inbound_is_opt_out("いらない", NULL));
    assert_true(inbound_is_opt_out("STOP", "")); /* the built-in list stays */
}

static bool has(const struct inbound_numbers *o, const char *e164)
{
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->e164[i], e164) == 0)
            return true;
    return false;
}

static void test_sender_numbers(void **state)
{
    (void)state;
    struct inbound_numbers o;
    assert_true(inbound_sender_numbers("+817010000019", &o));
    assert_int_equal(o.n, 1);
    assert_string_equal(o.e164[0], "+817010000019");
    assert_true(inbound_sender_numbers("+81 70 1000 0014", &o));
    assert_int_equal(o.n, 1);
    assert_string_equal(o.e164[0], "+817010000014");
    assert_true(inbound_sender_numbers("817010000019", &o)); /* the SMSC dropped the '+' */
    assert_int_equal(o.n, 1);
    assert_string_equal(o.e164[0], "+817010000019");
    assert_true(inbound_sender_numbers("00817010000019", &o));
    assert_int_equal(o.n, 1);
    assert_string_equal(o.e164[0], "+817010000019");
    assert_true(inbound_sender_numbers("070-1000-0013", &o)); /* national: each country writing a leading 0 */
    assert_true(has(&o, "+817010000013"));
    assert_true(has(&o, "+447010000013"));
    assert_false(has(&o, "+17010000013")); /* North America has no trunk 0 */
    assert_false(has(&o, "+07010000013"));
    assert_true(inbound_sender_numbers("(212) 555-0100", &o)); /* ten digits: also +1 */
    assert_true(has(&o, "+12125550100"));
    assert_true(has(&o, "+2125550100"));
    assert_true(inbound_sender_numbers("12125550100", &o));
    assert_int_equal(o.n, 1);
    assert_string_equal(o.e164[0], "+12125550100");
}

static void test_sender_not_numbers(void **state)
{
    (void)state;
    static const char *cases[] = {"", "+", "DunBank", "tel:+819012345678", "a@b.example", "+81+90", "12345",
                                  "0123", "+1234567890123456", "0"};
    for (size_t i = 0; i < N(cases); i++) {
        struct inbound_numbers o;
        if (inbound_sender_numbers(cases[i], &o))
            fail_msg("\"%s\" read as %d number(s), the first %s", cases[i], o.n, o.e164[0]);
        assert_int_equal(o.n, 0);
    }
}

/* The inbox masks an originator as the number it is: the '+' an SMSC
 * dropped comes back, as numbers on file read. */
static void test_sender_mask(void **state)
{
    (void)state;
    char out[64];
    inbound_sender_mask("817010000019", out, sizeof out);
    assert_string_equal(out, "+81******0019");
    inbound_sender_mask("+81 70 1000 0019", out, sizeof out);
    assert_string_equal(out, "+81******0019");
    inbound_sender_mask("+817010000019", out, sizeof out);
    assert_string_equal(out, "+81******0019");
    inbound_sender_mask("07010000013", out, sizeof out); /* national: which country is not certain */
    assert_string_equal(out, "070****0013");
    inbound_sender_mask("taro@example.jp", out, sizeof out);
    assert_string_equal(out, "t***@example.jp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_opt_out_table),
        cmocka_unit_test(test_opt_out_configured),
        cmocka_unit_test(test_sender_numbers),
        cmocka_unit_test(test_sender_mask),
        cmocka_unit_test(test_sender_not_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
