/* Unit tests for core/nudges: whom to thank today, from hand-made rows: a
 * promise kept today, a dispute today, nobody's thanks for 7 days (and 6),
 * a dismissed nudge, thanks already given, and thank before correcting in
 * the drill-down. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/nudges.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum { TODAY = 20784 }; /* 2026-11-27 */
static const dun_time NOON = (dun_time)TODAY * 86400 + 3 * 3600; /* 12:00 in Tokyo */

static const struct nudge_phrase phrases[] = {
    {"ja", "promise_kept", "ありがとうございます、{{name}}さんの約束、今日入金がありました（{{ref}}、{{amount}}）"},
    {"en", "promise_kept", "Thanks, {{name}}: the promise on {{ref}} was paid today ({{amount}})."},
    {"en", "dispute", "Thanks for handling that dispute calmly today, {{name}}."},
    {"en", "upset", "Thanks for listening to an upset customer on {{ref}}, {{name}}."},
    {"en", "not_thanked", "Thanks for your steady work, {{name}} ({{days}} days)."},
    {"en", "before_correct", "Thanks for the {{calls}} calls today, {{name}}. {{unknown}}"},
};

/* yamada (ja) and smith (en), both thanked 2 days ago. */
static struct nudge_person people[2];

static void reset_people(void)
{
    people[0] = (struct nudge_person){1, "yamada", "山田", "ja", NOON - 2 * 86400, TODAY - 2};
    people[1] = (struct nudge_person){2, "smith", "Smith", "en", NOON - 2 * 86400, TODAY - 2};
}

static struct nudge_row row(enum nudge_row_kind k, int64_t id, int64_t agent, dun_time at, const char *status)
{
    struct nudge_row r = {.kind = k, .id = id, .agent_id = agent, .at = at, .day = TODAY, .account_id = 10 + id,
                          .outbound = true, .amount = 12345};
    snprintf(r.ref, sizeof r.ref, "A%lld", (long long)id);
    snprintf(r.status, sizeof r.status, "%s", status);
    snprintf(r.channel, sizeof r.channel, "%s", k == NR_MESSAGE ? "sms" : "phone");
    snprintf(r.currency, sizeof r.currency, "JPY");
    return r;
}

static struct nudge_input input(const struct nudge_row *rows, size_t n)
{
    reset_people();
    return (struct nudge_input){.people = people, .npeople = N(people), .rows = rows, .nrows = n,
                                .phrases = phrases, .nphrases = N(phrases), .today = TODAY,
                                .not_thanked_days = 7};
}

static void kept_today(void **state)
{
    (void)state;
    struct nudge_row rows[] = {row(NR_PROMISE_SETTLED, 1, 1, NOON, "kept")};
    struct nudge_input in = input(rows, 1);
    struct nudge out[8];
    assert_int_equal(nudges_derive(&in, out, 8), 1);
    assert_int_equal(out[0].kind, NK_PROMISE_KEPT);
    assert_int_equal(out[0].agent_id, 1);
    assert_int_equal(out[0].account_id, 11);
    assert_string_equal(out[0].login, "yamada");
    assert_string_equal(out[0].words, "ありがとうございます、山田さんの約束、今日入金がありました（A1、¥12,345）");
    assert_non_null(strstr(out[0].reason, "kept today"));
    /* yesterday's does not count; a broken one is no thanks */
    rows[0].day = TODAY - 1;
    assert_int_equal(nudges_derive(&in, out, 8), 0);
    rows[0] = row(NR_PROMISE_SETTLED, 1, 1, NOON, "broken");
    assert_int_equal(nudges_derive(&in, out, 8), 0);
}

static void dispute_today(void **state)
{
    (void)state;
    struct nudge_row rows[] = {row(NR_CALL, 5, 2, NOON, "dispute"), row(NR_CALL, 6, 2, NOON + 60, "no_answer"),
                               row(NR_CALL, 7, 2, NOON + 120, "conversation")};
    rows[2].upset = true;
    struct nudge_input in = input(rows, N(rows));
    struct nudge out[8];
    assert_int_equal(nudges_derive(&in, out, 8), 2);
    /* newest first: the upset customer, then the dispute */
    assert_int_equal(out[0].subject_id, 7);
    assert_string_equal(out[0].words, "Thanks for listening to an upset customer on A7, Smith.");
    assert_int_equal(out[1].kind, NK_HARD_CALL);
    assert_string_equal(out[1].words, "Thanks for handling that dispute calmly today, Smith.");
    /* the colleague was thanked since: nothing to suggest */
    people[1].last_thanked = NOON + 300;
    in.people = people;
    assert_int_equal(nudges_derive(&in, out, 8), 0);
}

static void not_thanked_seven_days(void **state)
{
    (void)state;
    struct nudge_input in = input(NULL, 0);
    struct nudge out[8];
    people[0].since_day = TODAY - 7;
    people[1].since_day = TODAY - 6;
    assert_int_equal(nudges_derive(&in, out, 8), 1);
    assert_int_equal(out[0].kind, NK_NOT_THANKED);
    assert_int_equal(out[0].subject_id, 1);
    assert_non_null(strstr(out[0].reason, "for 7 days"));
    /* no Japanese phrase: English */
    assert_string_equal(out[0].words, "Thanks for your steady work, 山田 (7 days).");
    in.not_thanked_days = 6;
    assert_int_equal(nudges_derive(&in, out, 8), 2);
}

static void dismissed_not_shown(void **state)
{
    (void)state;
    struct nudge_row rows[] = {row(NR_PROMISE_SETTLED, 1, 1, NOON, "kept"), row(NR_CALL, 5, 2, NOON, "refused")};
    struct nudge_dismissal d[] = {{NK_PROMISE_KEPT, 1, TODAY}, {NK_HARD_CALL, 5, TODAY - 1}};
    struct nudge_input in = input(rows, N(rows));
    in.dismissed = d;
    in.ndismissed = N(d);
    struct nudge out[8];
    /* the kept promise is dismissed today; yesterday's dismissal is not this call's */
    assert_int_equal(nudges_derive(&in, out, 8), 1);
    assert_int_equal(out[0].subject_id, 5);
    assert_string_equal(nudge_kind_name(NK_HARD_CALL), "hard_call");
    enum nudge_kind k;
    assert_true(nudge_kind_parse("not_thanked", &k));
    assert_int_equal(k, NK_NOT_THANKED);
    assert_false(nudge_kind_parse("problem", &k));
}

static void thank_before_correct(void **state)
{
    (void)state;
    /* smith: a dispute handled, a promise broken, a failed SMS */
    struct nudge_row rows[] = {row(NR_PROMISE_SETTLED, 3, 2, NOON - 60, "broken"),
                               row(NR_CALL, 5, 2, NOON, "dispute"), row(NR_MESSAGE, 8, 2, NOON + 60, "failed")};
    struct nudge_input in = input(rows, N(rows));
    struct nudge out[8];
    size_t n = nudges_day(&in, 2, out, 8);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].kind, NK_HARD_CALL);
    assert_int_equal(out[1].kind, NK_PROBLEM);
    assert_non_null(strstr(out[1].reason, "A3 broke today"));
    assert_non_null(strstr(out[2].reason, "A8 failed today"));
    assert_string_equal(out[1].words, "");

    /* no thanks due: one for the calls made leads, above the problems */
    struct nudge_row calls[12];
    for (int i = 0; i < 11; i++)
        calls[i] = row(NR_CALL, 20 + i, 2, NOON + i, "no_answer");
    calls[11] = row(NR_PROMISE_SETTLED, 3, 2, NOON - 60, "broken");
    in = input(calls, N(calls));
    n = nudges_day(&in, 2, out, 8);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].kind, NK_BEFORE_CORRECT);
    assert_string_equal(out[0].words, "Thanks for the 11 calls today, Smith. {{unknown}}");
    assert_int_equal(out[1].kind, NK_PROBLEM);
    assert_non_null(strstr(out[2].reason, "11 calls today and not one connect"));
    /* dismissed: the problems alone */
    struct nudge_dismissal d = {NK_BEFORE_CORRECT, 2, TODAY};
    in.dismissed = &d;
    in.ndismissed = 1;
    assert_int_equal(nudges_day(&in, 2, out, 8), 2);
    assert_int_equal(out[0].kind, NK_PROBLEM);
    /* thanked today already: the problems alone */
    in.dismissed = NULL;
    in.ndismissed = 0;
    people[1].last_thanked = NOON + 600;
    people[1].since_day = TODAY;
    assert_int_equal(nudges_day(&in, 2, out, 8), 2);
    /* a day without a problem: no before_correct */
    in = input(calls, 5);
    assert_int_equal(nudges_day(&in, 2, out, 8), 0);
    /* a problem and no call today: nothing specific to thank for, so no
     * thanks "for the 0 calls" (that would be praise, not thanks) */
    people[1].last_thanked = 0;
    in = input(&calls[11], 1);
    assert_int_equal(nudges_day(&in, 2, out, 8), 1);
    assert_int_equal(out[0].kind, NK_PROBLEM);
}

static void fill_cuts_whole_characters(void **state)
{
    (void)state;
    char out[8];
    struct nudge_fields f = {.name = "山田太郎"};
    nudges_fill("{{name}}", &f, out, sizeof out);
    assert_string_equal(out, "山田"); /* 6 bytes: a third character would not fit */
    char big[64];
    nudges_fill("a {{ref}} b {{x", &f, big, sizeof big);
    assert_string_equal(big, "a {{ref}} b {{x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_today),
        cmocka_unit_test(dispute_today),
        cmocka_unit_test(not_thanked_seven_days),
        cmocka_unit_test(dismissed_not_shown),
        cmocka_unit_test(thank_before_correct),
        cmocka_unit_test(fill_cuts_whole_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
