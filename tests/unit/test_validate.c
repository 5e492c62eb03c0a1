/* Unit tests for core/validate: E.164 phones, email addresses, booleans,
 * contact windows and agent logins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/validate.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- phones ------------------------------------------------------------- */

static void test_phone_good(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"+81 90-1234-5678", "+819012345678"},
        {"+819012345678", "+819012345678"},
        {"+1 (212) 555-0100", "+12125550100"},
        {"+1 212 555 0100", "+12125550100"},
        {"+44.20.7946.0958", "+442079460958"},
        {"  +81 3 1234 5678  ", "+81312345678"},
        {"+1234567", "+1234567"},                 // 7 digits: the shortest
        {"+123456789012345", "+123456789012345"}, // 15 digits: the longest
        {"+1-2-3-4-5-6-7", "+1234567"},
        {"(+81) 90 1234 5678", "+819012345678"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[17], err[256] = "";
        if (!phone_normalize(cases[i].in, out, sizeof out, err, sizeof err))
            fail_msg("rejected \"%s\": %s", cases[i].in, err);
        assert_string_equal(out, cases[i].out);
    }
}

static void test_phone_bad(void **state)
{
    (void)state;
    static const char *cases[] = {
        "090-1234-5678",         // no + and country code
        "819012345678",
        "+0 90 1234 5678",       // country codes do not start with 0
        "+081 90 1234 5678",
        "+123456",               // 6 digits
        "+1234567890123456",     // 16 digits
        "+81 90 ABCD 5678",
        "+81-90-1234-567x",
        "tel:+819012345678",
        "+81/90/1234/5678",
        "81+9012345678",         // + not first
        "++819012345678",
        "+81 90 1234 5678 ext 9",
        "+８１９０１２３４５６７８", // full-width digits are not ASCII digits
        "",
        "+",
        "   ",
        "+()- .",
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[17], err[256] = "";
        if (phone_normalize(cases[i], out, sizeof out, err, sizeof err))
            fail_msg("accepted \"%s\" as %s", cases[i], out);
        assert_non_null(strstr(err, "E.164"));
        char quoted[300];
        snprintf(quoted, sizeof quoted, "\"%s\"", cases[i]);
        if (!strstr(err, quoted))
            fail_msg("sentence \"%s\" does not quote the input", err);
    }
}

/* ---- email -------------------------------------------------------------- */

static void test_email(void **state)
{
    (void)state;
    static const char *good[] = {
        "taro@example.jp", "john.smith+tag@mail.example.com", "a@b.co", "x_y-z@sub.domain.org",
        "山田@例え.jp",
    };
    for (size_t i = 0; i < N(good); i++) {
        char err[256] = "";
        if (!email_valid(good[i], err, sizeof err))
            fail_msg("rejected \"%s\": %s", good[i], err);
    }
    char too_long[300];
    memset(too_long, 'a', sizeof too_long);
    memcpy(too_long + 255 - 12, "@example.com", 13); // 255 characters in all
    static const char *bad[] = {
        "",          "taro",         "@example.jp",       "taro@",          "taro@example",
        "taro@.jp",  "taro@example.", "a@b@c.d",          "taro @example.jp", "taro@ex ample.jp",
        "a,b@c.d",   "a;b@c.d",      "<taro@example.jp>", "a\t@b.c",        "a\n@b.c",
        "taro@example.jp, jiro@example.jp",
    };
    for (size_t i = 0; i < N(bad); i++) {
        char err[256] = "";
        if (email_valid(bad[i], err, sizeof err))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_non_null(strstr(err, "is not an email address"));
    }
    char err[512];
    assert_false(email_valid(too_long, err, sizeof err));
    too_long[1] = '\0';
    memmove(too_long + 1, "@example.com", 13); // "a@example.com"
    assert_true(email_valid(too_long, err, sizeof err));
}

/* ---- booleans ----------------------------------------------------------- */

static void test_bool_parse(void **state)
{
    (void)state;
    static const struct { const char *s; bool v; } good[] = {
        {"true", true},   {"TRUE", true},   {"True", true}, {"t", true},  {"T", true},
        {"yes", true},    {"Yes", true},    {"y", true},    {"Y", true},  {"1", true},
        {"false", false}, {"FALSE", false}, {"f", false},   {"F", false}, {"no", false},
        {"NO", false},    {"n", false},     {"N", false},   {"0", false},
    };
    for (size_t i = 0; i < N(good); i++) {
        bool v = !good[i].v;
        if (!bool_parse(good[i].s, &v))
            fail_msg("rejected \"%s\"", good[i].s);
        assert_int_equal(v, good[i].v);
    }
    static const char *bad[] = {
        "", " true", "true ", "tru", "truee", "yess", "on", "off", "2", "-1", "00", "10",
        "nope", "はい",
    };
    for (size_t i = 0; i < N(bad); i++) {
        bool v = true;
        if (bool_parse(bad[i], &v))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_true(v); // untouched
        v = false;
        assert_false(bool_parse(bad[i], &v));
        assert_false(v);
    }
}

/* ---- contact windows ---------------------------------------------------- */

static void test_window_good(void **state)
{
    (void)state;
    static const struct { const char *s; int start, end; } cases[] = {
        {"09:00-18:00", 540, 1080}, {"00:00-24:00", 0, 1440}, {"8:30-12:00", 510, 720},
        {"23:59-24:00", 1439, 1440}, {"00:00-00:01", 0, 1},   {"18:00-21:00", 1080, 1260},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int start = -1, end = -1;
        char err[256] = "";
        if (!window_parse(cases[i].s, &start, &end, err, sizeof err))
            fail_msg("rejected \"%s\": %s", cases[i].s, err);
        assert_int_equal(start, cases[i].start);
        assert_int_equal(end, cases[i].end);
    }
}

static void test_window_bad(void **state)
{
    (void)state;
    static const struct { const char *s, *why; } cases[] = {
        {"21:00-08:00", "must start before it ends"}, // overnight windows are refused
        {"09:00-09:00", "must start before it ends"},
        {"18:00-09:00", "must start before it ends"},
        {"24:00-24:00", "not a window"},              // 24:00 only ends a window
        {"09:00", "not a window"},
        {"-18:00", "not a window"},
        {"09:00-", "not a window"},
        {"09:00-25:00", "not a window"},
        {"09:60-18:00", "not a window"},
        {"9-18", "not a window"},
        {"09:00 - 18:00", "not a window"},
        {"09:00-18:00-19:00", "not a window"},
        {"09:00\xE2\x80\x93" "18:00", "not a window"}, // en dash
        {"", "not a window"},
        {"-", "not a window"},
        {"aa:bb-cc:dd", "not a window"},
        {"0000009:00-18:00", "not a window"},
        {"09:00-0000018:00", "not a window"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int start = -1, end = -1;
        char err[256] = "";
        if (window_parse(cases[i].s, &start, &end, err, sizeof err))
            fail_msg("accepted \"%s\" as %d-%d", cases[i].s, start, end);
        if (!strstr(err, cases[i].why))
            fail_msg("\"%s\": sentence \"%s\" lacks \"%s\"", cases[i].s, err, cases[i].why);
        if (strncmp(err, "\"", 1) != 0 || !strstr(err, cases[i].s))
            fail_msg("\"%s\": sentence \"%s\" does not quote the input", cases[i].s, err);
    }
    int a, b;
    assert_false(window_parse("21:00-08:00", &a, &b, NULL, 0)); // no room for a sentence is fine
}

/* ---- logins ------------------------------------------------------------- */

static void test_login_valid(void **state)
{
    (void)state;
    char max[65], over[66];
    memset(max, 'a', 64);
    max[64] = '\0';
    memset(over, 'a', 65);
    over[65] = '\0';
    static const char *good[] = {"sato", "a", "j.smith", "agent_01", "9lives", "a-b", "a..b", "a."};
    for (size_t i = 0; i < N(good); i++)
        if (!login_valid(good[i]))
            fail_msg("rejected \"%s\"", good[i]);
    assert_true(login_valid(max));
    static const char *bad[] = {
        "", "Sato", "SATO", ".sato", "_a", "-a", "sa to", "sato!", "佐藤", "a/b", "a@b", " a", "a ",
        "a\tb",
    };
    for (size_t i = 0; i < N(bad); i++)
        if (login_valid(bad[i]))
            fail_msg("accepted \"%s\"", bad[i]);
    assert_false(login_valid(over));
}

static void test_contact_mask(void **state)
{
    (void)state;
    char out[64];
    contact_mask("+819012348001", out, sizeof out);
    assert_string_equal(out, "+81******8001");
    contact_mask("+12125550111", out, sizeof out);
    assert_string_equal(out, "+12*****0111");
    contact_mask("tess@example.com", out, sizeof out);
    assert_string_equal(out, "t***@example.com");
    contact_mask("山田@example.jp", out, sizeof out);
    assert_string_equal(out, "***@example.jp");
    contact_mask("12345", out, sizeof out);
    assert_string_equal(out, "***45");
    contact_mask("+819012348001", out, 5); /* cut, never past n */
    assert_string_equal(out, "+81*");
}

/* Characters, not bytes, are kept and starred: a number typed in full width
 * (as an SMSC may pass it on) is masked to whole characters, never to half
 * of one (found by tests/fuzz/fuzz_webhook.c). */
static void test_contact_mask_characters(void **state)
{
    (void)state;
    char out[64];
    contact_mask("０９０１２３４８００１", out, sizeof out);
    assert_string_equal(out, "０９０****８００１");
    contact_mask("０９０１２３４８００１", out, 8); /* cut between characters */
    assert_string_equal(out, "０９");
    contact_mask("山田太郎", out, sizeof out);
    assert_string_equal(out, "**太郎");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_good), cmocka_unit_test(test_phone_bad),
        cmocka_unit_test(test_email),      cmocka_unit_test(test_bool_parse),
        cmocka_unit_test(test_window_good), cmocka_unit_test(test_window_bad),
        cmocka_unit_test(test_login_valid),
        cmocka_unit_test(test_contact_mask), cmocka_unit_test(test_contact_mask_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
