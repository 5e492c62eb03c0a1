/* Unit tests for core/hints: which contexts the script hints panel shows for
 * an account's situation, in which order, and which hints it picks in the
 * account's language (with the fallback language per context). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hints.h"
#include "core/template.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* The contexts for c joined with spaces, for one readable comparison. */
static const char *contexts_of(const struct hint_context *c, char *buf, size_t n)
{
    const char *names[HINT_CONTEXT_MAX];
    size_t k = hints_contexts(c, names, N(names));
    assert_true(k <= HINT_CONTEXT_MAX);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < k; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? " " : "", names[i]);
        assert_true(w > 0 && (size_t)w < n - used);
        used += (size_t)w;
    }
    return buf;
}

static bool contains(const char **names, size_t k, const char *name)
{
    for (size_t i = 0; i < k; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static struct hint H(const char *language, const char *context, const char *text)
{
    struct hint h;
    memset(&h, 0, sizeof h);
    snprintf(h.language, sizeof h.language, "%s", language);
    snprintf(h.context, sizeof h.context, "%s", context);
    snprintf(h.text, sizeof h.text, "%s", text);
    return h;
}

/* A small stored set, as the loader returns it: ordered by language,
 * context, position. "fr" has an opening and a cushion only. */
static struct hint store[32];
static size_t nstore;

static int setup(void **state)
{
    (void)state;
    size_t k = 0;
    store[k++] = H("en", "confirm", "en confirm 1");
    store[k++] = H("en", "confirm", "en confirm 2");
    store[k++] = H("en", "cushion", "en cushion 1");
    store[k++] = H("en", "dispute", "en dispute 1");
    store[k++] = H("en", "opening", "en opening 1");
    store[k++] = H("en", "opening", "en opening 2");
    store[k++] = H("en", "thanks", "en thanks 1");
    store[k++] = H("en", "third_party", "en third_party 1");
    store[k++] = H("fr", "cushion", "fr cushion 2");   /* position 5 */
    store[k++] = H("fr", "cushion", "fr cushion 1");   /* position 9: stored order wins */
    store[k++] = H("fr", "opening", "fr opening 1");
    store[k++] = H("ja", "confirm", "ja confirm 1");
    store[k++] = H("ja", "cushion", "ja cushion 1");
    store[k++] = H("ja", "cushion", "ja cushion 2");
    store[k++] = H("ja", "cushion", "ja cushion 3");
    store[k++] = H("ja", "opening", "ja opening 1");
    store[k++] = H("ja", "thanks", "ja thanks 1");
    nstore = k;
    return 0;
}

static void assert_texts(const struct hint **got, size_t k, const char *const *want, size_t nwant)
{
    for (size_t i = 0; i < k && i < nwant; i++)
        if (strcmp(got[i]->text, want[i]) != 0)
            fail_msg("hint %zu: got \"%s\", want \"%s\"", i, got[i]->text, want[i]);
    assert_int_equal(k, nwant);
}

/* ---- hints_contexts ----------------------------------------------------- */

static void test_ordinary_call(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {0};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "opening cushion confirm thanks");
    assert_string_equal(contexts_of(NULL, buf, sizeof buf), "opening cushion confirm thanks");
}

static void test_first_contact_vs_broken_promise(void **state)
{
    (void)state;
    char a[256], b[256];
    struct hint_context first = {.first_contact = true};
    struct hint_context broken = {.broken_promise = true};
    assert_string_equal(contexts_of(&first, a, sizeof a),
                        "first_contact opening cushion confirm thanks");
    assert_string_equal(contexts_of(&broken, b, sizeof b),
                        "broken_promise opening cushion confirm thanks");
    assert_string_not_equal(a, b);

    const char *names[HINT_CONTEXT_MAX];
    size_t k = hints_contexts(&first, names, N(names));
    assert_false(contains(names, k, "broken_promise"));
    k = hints_contexts(&broken, names, N(names));
    assert_true(contains(names, k, "broken_promise"));
    assert_false(contains(names, k, "first_contact"));
}

static void test_dispute_drops_confirm(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {.dispute = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "dispute opening cushion thanks");

    /* No demand talk while disputed: a broken promise or a due date does not
     * bring it back; upset comes right after the dispute, then the thanks
     * for the payment, all before the generic lines. */
    c = (struct hint_context){.dispute = true, .broken_promise = true, .pre_due = true,
                              .upset = true, .payment_received = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf),
                        "dispute upset payment_received opening cushion thanks");
}

/* A third party must learn nothing about the debt: no opening (it names the
 * company, which may be the creditor), no cushion before a request to the
 * account holder, nothing about the account; the third-party lines say
 * what to say, upset how to say it, thanks how to close. */
static void test_third_party_only_what_may_be_said(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {.third_party = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "third_party thanks");

    /* With every other flag set, third_party is still first and nothing
     * that speaks about the account is shown; upset (how to talk) stays. */
    c = (struct hint_context){.first_contact = true, .broken_promise = true, .pre_due = true,
                              .dispute = true, .third_party = true, .upset = true,
                              .promise_kept = true, .payment_received = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "third_party upset thanks");
}

/* An attorney represents the debtor: no call script at all, only the lines
 * that say so and how to answer the debtor calling in, whatever else holds. */
static void test_attorney_only_attorney_lines(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {.attorney = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "attorney");
    c = (struct hint_context){.attorney = true, .first_contact = true, .broken_promise = true,
                              .pre_due = true, .dispute = true, .third_party = true, .upset = true,
                              .promise_kept = true, .payment_received = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "attorney");
    c.attorney = false;
    const char *names[HINT_CONTEXT_MAX];
    size_t k = hints_contexts(&c, names, N(names));
    assert_false(contains(names, k, "attorney"));
}

/* The sections that fit the moment come before the generic opening and
 * cushion lines: how to talk (upset), the thanks that are due, why we call. */
static void test_situational_order(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {.first_contact = true, .upset = true, .promise_kept = true,
                             .payment_received = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf),
                        "upset payment_received promise_kept first_contact opening cushion "
                        "confirm thanks");
    c = (struct hint_context){.broken_promise = true, .payment_received = true, .upset = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf),
                        "upset payment_received broken_promise opening cushion confirm thanks");
}

/* Not yet due: no line about a missed payment. confirm asks why a payment
 * was missed, broken_promise speaks of one, first_contact offers a way to
 * pay what is overdue; the courtesy lines of pre_due say why we call. */
static void test_pre_due_no_missed_payment(void **state)
{
    (void)state;
    char buf[256];
    struct hint_context c = {.pre_due = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf), "pre_due opening cushion thanks");
    c = (struct hint_context){.pre_due = true, .first_contact = true, .broken_promise = true,
                              .upset = true, .payment_received = true};
    assert_string_equal(contexts_of(&c, buf, sizeof buf),
                        "upset payment_received pre_due opening cushion thanks");
}

static void test_contexts_max(void **state)
{
    (void)state;
    struct hint_context c = {.broken_promise = true};
    const char *names[HINT_CONTEXT_MAX] = {0};
    const char *guard = "untouched";
    names[2] = guard;
    assert_int_equal(hints_contexts(&c, names, 2), 2);
    assert_string_equal(names[0], "broken_promise");
    assert_string_equal(names[1], "opening");
    assert_ptr_equal(names[2], guard);
    assert_int_equal(hints_contexts(&c, names, 0), 0);
}

/* ---- hints_select ------------------------------------------------------- */

static void test_select_language(void **state)
{
    (void)state;
    const struct hint *got[32];
    struct hint_context c = {0};
    size_t k = hints_select(store, nstore, "ja", "en", &c, got, N(got));
    static const char *const want[] = {"ja opening 1", "ja cushion 1", "ja cushion 2",
                                       "ja cushion 3", "ja confirm 1", "ja thanks 1"};
    assert_texts(got, k, want, N(want));
    for (size_t i = 0; i < k; i++)
        assert_true(got[i] >= store && got[i] < store + nstore); /* points into the input */

    /* A tag with a region, in any case, selects the same. */
    const struct hint *again[32];
    assert_int_equal(hints_select(store, nstore, "JA-jp", "en", &c, again, N(again)), k);
    assert_memory_equal(got, again, k * sizeof *got);
}

static void test_select_fallback(void **state)
{
    (void)state;
    const struct hint *got[32];
    struct hint_context c = {0};
    /* fr has opening and cushion; confirm and thanks come from en. */
    size_t k = hints_select(store, nstore, "fr", "en", &c, got, N(got));
    static const char *const want[] = {"fr opening 1", "fr cushion 2", "fr cushion 1",
                                       "en confirm 1", "en confirm 2", "en thanks 1"};
    assert_texts(got, k, want, N(want));

    /* The fallback applies per context: ja's cushion is never mixed with en's. */
    k = hints_select(store, nstore, "ja", "en", &c, got, N(got));
    for (size_t i = 0; i < k; i++)
        assert_string_equal(got[i]->language, "ja");

    /* No fallback: contexts missing in fr are simply empty. */
    k = hints_select(store, nstore, "fr", NULL, &c, got, N(got));
    static const char *const fr_only[] = {"fr opening 1", "fr cushion 2", "fr cushion 1"};
    assert_texts(got, k, fr_only, N(fr_only));

    /* Unknown or missing language: the fallback throughout. */
    k = hints_select(store, nstore, "", "en", &c, got, N(got));
    static const char *const en[] = {"en opening 1", "en opening 2", "en cushion 1",
                                     "en confirm 1", "en confirm 2", "en thanks 1"};
    assert_texts(got, k, en, N(en));
    assert_int_equal(hints_select(store, nstore, NULL, "en", &c, got, N(got)), N(en));
    assert_int_equal(hints_select(store, nstore, "de", "en", &c, got, N(got)), N(en));
}

static void test_select_stored_order_and_context_order(void **state)
{
    (void)state;
    const struct hint *got[32];
    /* Stored alphabetically by context; shown in context order, each
     * context's hints in stored order. */
    struct hint_context c = {.third_party = true};
    size_t k = hints_select(store, nstore, "en", "en", &c, got, N(got));
    static const char *const want[] = {"en third_party 1", "en thanks 1"};
    assert_texts(got, k, want, N(want));

    /* Dispute hints exist only in en: a ja account gets them in en, and
     * no confirm in either language. */
    c = (struct hint_context){.dispute = true};
    k = hints_select(store, nstore, "ja", "en", &c, got, N(got));
    static const char *const disp[] = {"en dispute 1", "ja opening 1", "ja cushion 1",
                                       "ja cushion 2", "ja cushion 3", "ja thanks 1"};
    assert_texts(got, k, disp, N(disp));
}

/* With a third party, a line is shown only when every field in it may be
 * said to anyone: the agent's name, the debtor's name, the callback number.
 * A line naming the company, the creditor, an amount, a date or a method is
 * left out, whichever context it is in (a supervisor may add such lines). */
static void test_third_party_fields(void **state)
{
    (void)state;
    struct hint lines[] = {
        H("en", "thanks", "Thank you, {{debtor}}."),
        H("en", "thanks", "You can reach {{agent}} on {{callback_number}} or {{ phone }}, {{name}}."),
        H("en", "thanks", "Thanks from all of us at {{company}}."),
        H("en", "third_party", "It is about {{creditor}}."),
        H("en", "third_party", "Please ask them to call {{agent}}."),
        H("en", "third_party", "They owe {{amount}} ({{balance}}, {{amount_due}})."),
        H("en", "upset", "Was {{method}} a problem?"),
        H("en", "upset", "It was due on {{due_date}}; last paid {{last_payment_date}}."),
        H("en", "upset", "Pay at {{payment_link}}: {{promise_amount}} on {{promise_date}}."),
        H("en", "upset", "Your {{account_number}}."),
        H("en", "upset", "Slow down; {{ two words }} is no field."),
    };
    const struct hint *got[16];
    struct hint_context c = {.third_party = true, .upset = true};
    size_t k = hints_select(lines, N(lines), "en", "en", &c, got, N(got));
    static const char *const want[] = {
        "Please ask them to call {{agent}}.",
        "Slow down; {{ two words }} is no field.",
        "Thank you, {{debtor}}.",
        "You can reach {{agent}} on {{callback_number}} or {{ phone }}, {{name}}.",
    };
    assert_texts(got, k, want, N(want));

    /* With the account holder the same lines all show. */
    c = (struct hint_context){.upset = true};
    k = hints_select(lines, N(lines), "en", "en", &c, got, N(got));
    assert_int_equal(k, 8);
}

static void test_select_max(void **state)
{
    (void)state;
    const struct hint *got[8] = {0};
    struct hint_context c = {0};
    assert_int_equal(hints_select(store, nstore, "ja", "en", &c, got, 3), 3);
    assert_string_equal(got[0]->text, "ja opening 1");
    assert_string_equal(got[1]->text, "ja cushion 1");
    assert_string_equal(got[2]->text, "ja cushion 2");
    assert_null(got[3]);
    assert_int_equal(hints_select(store, nstore, "ja", "en", &c, got, 0), 0);
    assert_int_equal(hints_select(NULL, 0, "ja", "en", &c, got, N(got)), 0);
}

/* --- filling placeholders ---------------------------------------------------- */

static const struct merge_values ja_values = {
    .name = "山田 太郎", .agent = "鈴木", .company = "ダン債権回収", .currency = "JPY",
    .has_amount_due = true, .amount_due_minor = 50000, .has_balance = true, .balance_minor = 50000,
    .has_due_date = true, .due_date = 20423 /* 2025-12-01 */, .language = "ja",
};

/* Fill text as a hint in language with v, and compare. */
static void fill(const char *language, const char *text, const struct hint_values *v, const char *want)
{
    struct hint h = H(language, "opening", text);
    char out[512];
    hints_fill(&h, v, out, sizeof out);
    assert_string_equal(out, want);
}

static const struct hint_values ja_fill = {.merge = &ja_values};

static void test_fill_known(void **state)
{
    (void)state;
    fill("ja", "お忙しいところ恐れ入ります。{{company}}の{{agent}}と申します。", &ja_fill,
         "お忙しいところ恐れ入ります。ダン債権回収の鈴木と申します。");
    fill("ja", "恐れ入りますが、{{debtor}}様ご本人でいらっしゃいますか。", &ja_fill,
         "恐れ入りますが、山田 太郎様ご本人でいらっしゃいますか。");
    fill("ja", "ご請求金額は{{amount}}となっております。", &ja_fill, "ご請求金額は¥50,000となっております。");
    fill("ja", "{{ debtor }}様", &ja_fill, "山田 太郎様"); /* spaces inside, as in templates */
    struct hint_values v = {.merge = &ja_values, .creditor = "Pioneer Loans"};
    fill("en", "I'm calling about your {{creditor}} account.", &v,
         "I'm calling about your Pioneer Loans account.");
}

/* The fields only hints have: the last payment date (formatted as dates
 * are in messages, for the hint's language) and the open promise's method. */
static void test_fill_hint_fields(void **state)
{
    (void)state;
    struct hint_values v = {.merge = &ja_values, .method = "bank_transfer", .has_last_payment = true,
                            .last_payment_date = 20774 /* 2026-11-17 */};
    fill("ja", "{{last_payment_date}}のお支払いを確かに確認いたしました。", &v,
         "2026年11月17日のお支払いを確かに確認いたしました。");
    fill("en", "We received your payment on {{last_payment_date}}. Thank you.", &v,
         "We received your payment on Nov 17, 2026. Thank you.");
    fill("en", "Is {{method}} still the easiest way for you to pay?", &v,
         "Is bank_transfer still the easiest way for you to pay?");
    /* An English line (the fallback) on a Japanese account: an English date. */
    fill("en", "The payment was due on {{due_date}}.", &ja_fill, "The payment was due on Dec 1, 2025.");
    fill("ja", "お支払期日は{{due_date}}", &ja_fill, "お支払期日は2025年12月1日");
}

/* What dun cannot know is a cue in the hint's language, never {{name}}. */
static void test_fill_cues(void **state)
{
    (void)state;
    static const struct merge_values en_values = {.name = "Jane Roe", .language = "en"};
    const struct hint_values en_fill = {.merge = &en_values};
    fill("en", "Is {{method}} still the easiest way?", &en_fill, "Is [payment method] still the easiest way?");
    fill("en", "You can reach us on {{callback_number}}.", &en_fill,
         "You can reach us on [your callback number].");
    fill("ja", "お支払い方法は{{method}}でよろしかったでしょうか。", &ja_fill,
         "お支払い方法は［お支払い方法］でよろしかったでしょうか。");
    fill("ja", "いつでも{{callback_number}}までお問い合わせください。", &ja_fill,
         "いつでも［折り返し先の電話番号］までお問い合わせください。");
    fill("en", "Paid by {{method}} on {{last_payment_date}}?", &en_fill,
         "Paid by [payment method] on [the date of the last payment]?");
    fill("ja", "{{last_payment_date}}のお支払い", &ja_fill, "［前回のお支払い日］のお支払い");
    fill("en", "{{promise_date}} then", &en_fill, "[the promised date] then");
    fill("ja", "{{agent}}と申します", &(struct hint_values){.merge = &en_values}, "［担当者名］と申します");
    /* Blank, or a value with {{ of its own, is no value. */
    struct hint_values odd = {.merge = &en_values, .creditor = " ", .method = "{{x}}"};
    fill("en", "About your {{creditor}} account, by {{method}}", &odd,
         "About your [the creditor's name] account, by [payment method]");
    fill("en", "Hello {{debtor}}", NULL, "Hello [the account holder's name]");
    /* A field no table knows: its name, readable, in the language's brackets. */
    fill("en", "Account {{account_number}}.", &en_fill, "Account [account number].");
    fill("ja", "番号は{{account_number}}です", &ja_fill, "番号は［account number］です");
    /* Not a field name: copied as written. */
    fill("en", "a lone {{ brace and }} more", &en_fill, "a lone {{ brace and }} more");
    fill("en", "unclosed {{debtor", &en_fill, "unclosed {{debtor");
}

/* The cue table: every field the seeded hints (migration 004) and the
 * template fields use has a cue in English and in Japanese. */
static void test_cue_table(void **state)
{
    (void)state;
    static const char *const fields[] = {
        "agent", "company", "debtor", "amount", "due_date", "method", "callback_number", "creditor",
        "promise_date", "last_payment_date", /* the seeded hints */
        "name", "balance", "amount_due", "promise_amount", "phone", "payment_link", /* templates' names */
    };
    char en[128], ja[128];
    for (size_t i = 0; i < N(fields); i++) {
        if (!hints_cue(fields[i], "en", en, sizeof en) || !hints_cue(fields[i], "ja", ja, sizeof ja))
            fail_msg("no cue for %s", fields[i]);
        if (en[0] != '[' || strncmp(ja, "［", strlen("［")) != 0 || strstr(en, "{{") || strstr(ja, "{{"))
            fail_msg("%s: cues \"%s\" / \"%s\"", fields[i], en, ja);
        for (const char *p = ja; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                fail_msg("%s: the Japanese cue \"%s\" is not Japanese", fields[i], ja);
    }
    hints_cue("method", "en", en, sizeof en);
    assert_string_equal(en, "[payment method]");
    hints_cue("callback_number", "en", en, sizeof en);
    assert_string_equal(en, "[your callback number]");
    hints_cue("callback_number", "ja", ja, sizeof ja);
    assert_string_equal(ja, "［折り返し先の電話番号］");
    hints_cue("method", "JA-jp", ja, sizeof ja);
    assert_string_equal(ja, "［お支払い方法］");
    /* A language without cues gets the English ones. */
    assert_true(hints_cue("method", "fr", en, sizeof en));
    assert_string_equal(en, "[payment method]");
    assert_true(hints_cue("method", NULL, en, sizeof en));
    assert_string_equal(en, "[payment method]");
    assert_false(hints_cue("account_number", "en", en, sizeof en));
    assert_string_equal(en, "[account number]");
}

static void test_fill_truncates_whole_characters(void **state)
{
    (void)state;
    char out[8];
    struct hint h = H("ja", "opening", "{{debtor}}様");
    hints_fill(&h, &ja_fill, out, sizeof out);
    assert_string_equal(out, "山田 "); /* never half of 太 */
    struct hint cue = H("ja", "opening", "{{method}}");
    hints_fill(&cue, &ja_fill, out, sizeof out);
    assert_string_equal(out, "［お"); /* the cue is cut the same way */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordinary_call),
        cmocka_unit_test(test_first_contact_vs_broken_promise),
        cmocka_unit_test(test_dispute_drops_confirm),
        cmocka_unit_test(test_third_party_only_what_may_be_said),
        cmocka_unit_test(test_attorney_only_attorney_lines),
        cmocka_unit_test(test_situational_order),
        cmocka_unit_test(test_pre_due_no_missed_payment),
        cmocka_unit_test(test_contexts_max),
        cmocka_unit_test(test_select_language),
        cmocka_unit_test(test_select_fallback),
        cmocka_unit_test(test_select_stored_order_and_context_order),
        cmocka_unit_test(test_third_party_fields),
        cmocka_unit_test(test_select_max),
        cmocka_unit_test(test_fill_known),
        cmocka_unit_test(test_fill_hint_fields),
        cmocka_unit_test(test_fill_cues),
        cmocka_unit_test(test_cue_table),
        cmocka_unit_test(test_fill_truncates_whole_characters),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
