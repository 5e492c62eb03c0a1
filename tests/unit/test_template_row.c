/* Unit tests for core/template_row: the columns of `dun import templates`
 * and the checks that keep a template that cannot be sent as written out of
 * dun.templates (channel, purpose, tone, language, name, subject, every
 * {{field}}, SMS parts, the opt-out confirmation), the warning about a
 * template without an opt-out instruction, and what a valid row becomes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/template_row.h"

/* ---- helpers ------------------------------------------------------------ */

struct reports {
    int n, warnings;
    char column[16][40];
    char message[16][512];
    char warning[512];
};

static void collect(void *ctx, const char *column, const char *message)
{
    struct reports *r = ctx;
    assert_true(r->n < 16);
    snprintf(r->column[r->n], sizeof r->column[0], "%s", column);
    snprintf(r->message[r->n], sizeof r->message[0], "%s", message);
    r->n++;
}

static void collect_warning(void *ctx, const char *column, const char *message)
{
    struct reports *r = ctx;
    assert_string_equal(column, "body");
    snprintf(r->warning, sizeof r->warning, "%s", message);
    r->warnings++;
}

/* A valid English SMS row, every column given. */
static void sms_row(const char *in[TCOL_COUNT])
{
    in[TCOL_CHANNEL] = "sms";
    in[TCOL_NAME] = "first_notice_sms";
    in[TCOL_LANGUAGE] = "en";
    in[TCOL_PURPOSE] = "first_notice";
    in[TCOL_SEGMENT] = "";
    in[TCOL_TONE] = "soft";
    in[TCOL_ACTIVE] = "true";
    in[TCOL_SUBJECT] = "";
    in[TCOL_BODY] = "{{company}}: Hello {{name}}, {{amount_due}} was due on {{due_date}}. {{opt_out}}";
}

/* A valid Japanese email row. */
static void email_row(const char *in[TCOL_COUNT])
{
    sms_row(in);
    in[TCOL_CHANNEL] = "email";
    in[TCOL_NAME] = "first_notice_email";
    in[TCOL_LANGUAGE] = "ja";
    in[TCOL_SUBJECT] = "【{{company}}】お支払い状況のご確認";
    in[TCOL_BODY] = "{{name}}様\r\n\r\nお支払い{{amount_due}}の確認が取れておりません。\r\n\r\n{{opt_out}}";
}

/* Validate with the US rule; problems and the warning land in r. */
static int run(const char *in[TCOL_COUNT], struct reports *r, char *out[TCOL_COUNT])
{
    memset(r, 0, sizeof *r);
    return template_row_validate(in, "US", NULL, out, collect, collect_warning, r);
}

/* The row is refused with exactly one problem, in column, containing text. */
static void refused(const char *in[TCOL_COUNT], const char *column, const char *text)
{
    struct reports r;
    char *out[TCOL_COUNT];
    int n = run(in, &r, out);
    if (n != 1 || r.n != 1)
        fail_msg("wanted 1 problem in %s (\"%s\"), got %d; first: %s: %s", column, text, r.n,
                 r.n ? r.column[0] : "-", r.n ? r.message[0] : "-");
    assert_string_equal(r.column[0], column);
    if (!strstr(r.message[0], text))
        fail_msg("\"%s\" not in \"%s\"", text, r.message[0]);
    assert_int_equal(r.warnings, 0);
    template_row_clear(out);
}

/* ---- tests ------------------------------------------------------------- */

static void test_columns(void **state)
{
    (void)state;
    static const char *const names[] = {"channel", "name", "language", "purpose", "segment",
                                        "tone", "active", "subject", "body"};
    for (int c = 0; c < TCOL_COUNT; c++) {
        assert_string_equal(template_columns[c].name, names[c]);
        assert_int_equal(template_column_find(names[c]), c);
    }
    assert_true(template_columns[TCOL_BODY].required && template_columns[TCOL_PURPOSE].required);
    assert_false(template_columns[TCOL_SUBJECT].required || template_columns[TCOL_ACTIVE].required);
    assert_int_equal(template_column_find("Body"), -1);
}

static void test_valid_sms(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    sms_row(in);
    in[TCOL_ACTIVE] = "no";
    assert_int_equal(run(in, &r, out), 0);
    assert_int_equal(r.warnings, 0);
    assert_string_equal(out[TCOL_CHANNEL], "sms");
    assert_string_equal(out[TCOL_NAME], "first_notice_sms");
    assert_string_equal(out[TCOL_ACTIVE], "f");
    assert_string_equal(out[TCOL_BODY], in[TCOL_BODY]);
    assert_null(out[TCOL_SEGMENT]); /* empty: the table's default ('') */
    assert_null(out[TCOL_SUBJECT]);
    template_row_clear(out);

    /* Optional columns absent from the file: defaults, no problem. */
    in[TCOL_SEGMENT] = in[TCOL_TONE] = in[TCOL_ACTIVE] = in[TCOL_SUBJECT] = NULL;
    assert_int_equal(run(in, &r, out), 0);
    assert_null(out[TCOL_TONE]);
    assert_null(out[TCOL_ACTIVE]);
    template_row_clear(out);
    /* Spaces inside the braces are allowed, as when rendering. */
    in[TCOL_BODY] = "Hello {{ name }}. {{opt_out}}";
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
}

static void test_valid_email_multiline(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    email_row(in);
    assert_int_equal(run(in, &r, out), 0);
    assert_string_equal(out[TCOL_SUBJECT], "【{{company}}】お支払い状況のご確認");
    /* CRLF from a spreadsheet becomes LF; the Japanese text is untouched. */
    assert_string_equal(out[TCOL_BODY], "{{name}}様\n\nお支払い{{amount_due}}の確認が取れておりません。\n\n{{opt_out}}");
    template_row_clear(out);
    in[TCOL_BODY] = "line one\rline two {{opt_out}}";
    assert_int_equal(run(in, &r, out), 0);
    assert_string_equal(out[TCOL_BODY], "line one\nline two {{opt_out}}");
    template_row_clear(out);
}

static void test_required(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    sms_row(in);
    in[TCOL_CHANNEL] = "";
    in[TCOL_NAME] = NULL;
    in[TCOL_BODY] = "";
    assert_int_equal(run(in, &r, out), 3);
    assert_string_equal(r.column[0], "channel");
    assert_string_equal(r.column[1], "name");
    assert_string_equal(r.column[2], "body");
    for (int i = 0; i < 3; i++)
        assert_string_equal(r.message[i], "required, but empty");
    assert_null(out[TCOL_CHANNEL]);
    assert_null(out[TCOL_NAME]);
    template_row_clear(out);
}

static void test_words(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    sms_row(in);
    in[TCOL_CHANNEL] = "fax";
    refused(in, "channel", "\"fax\" is not a channel (sms or email)");
    sms_row(in);
    in[TCOL_CHANNEL] = "SMS";
    refused(in, "channel", "is not a channel");
    sms_row(in);
    in[TCOL_PURPOSE] = "reminder";
    refused(in, "purpose", "\"reminder\" is not a purpose (first_notice, pre_due,");
    sms_row(in);
    in[TCOL_TONE] = "stern";
    refused(in, "tone", "\"stern\" is not a tone (soft, neutral or firm)");
    sms_row(in);
    in[TCOL_ACTIVE] = "maybe";
    refused(in, "active", "\"maybe\" is not true or false");
}

static void test_language(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    static const char *const bad[] = {"EN", "eng", "e", "j1", "ja-JP", "日本"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sms_row(in);
        in[TCOL_LANGUAGE] = bad[i];
        refused(in, "language", "is not a language code (two lower-case letters, e.g. ja or en)");
    }
    struct reports r;
    char *out[TCOL_COUNT];
    sms_row(in);
    in[TCOL_LANGUAGE] = "ko"; /* any two letters: the chooser falls back to English */
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
}

static void test_name(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    static const char *const bad[] = {"First_Notice", "1st_notice", "_notice", "first-notice", "first notice",
                                      "お知らせ"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sms_row(in);
        in[TCOL_NAME] = bad[i];
        refused(in, "name", "is not a template name (lower-case letters, digits and _");
    }
    char longest[64], too_long[65];
    memset(longest, 'a', 63);
    longest[63] = '\0';
    memset(too_long, 'a', 64);
    too_long[64] = '\0';
    sms_row(in);
    in[TCOL_NAME] = longest;
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
    in[TCOL_NAME] = too_long;
    refused(in, "name", "at most 63 characters");
}

/* The template that answers STOP is sent without the consent and opt-out
 * checks: its name is kept for exactly that. */
static void test_opt_out_confirmation(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    sms_row(in);
    in[TCOL_NAME] = "opt_out_confirmation_sms";
    in[TCOL_PURPOSE] = "opt_out_confirmation";
    in[TCOL_BODY] = "{{company}}: You have been unsubscribed. Questions: {{phone}}";
    assert_int_equal(run(in, &r, out), 0);
    assert_int_equal(r.warnings, 0); /* it answers STOP: no opt-out line wanted */
    template_row_clear(out);

    in[TCOL_BODY] = "{{company}}: You have been unsubscribed. {{ opt_out }}";
    refused(in, "body", "the opt-out confirmation answers STOP: it must not ask again with {{opt_out}}");
    /* A literal STOP is fine in the answer to one. */
    in[TCOL_BODY] = "You replied STOP and will get no more texts.";
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);

    sms_row(in);
    in[TCOL_NAME] = "opt_out_confirmation_sms";
    refused(in, "name", "must be an sms template with purpose opt_out_confirmation");
    email_row(in);
    in[TCOL_NAME] = "opt_out_confirmation_sms";
    in[TCOL_PURPOSE] = "opt_out_confirmation";
    in[TCOL_BODY] = "Unsubscribed.";
    refused(in, "name", "answers STOP");
}

static void test_merge_fields(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    sms_row(in);
    in[TCOL_BODY] = "Hello {{name}}, you owe {{balanse}}. {{opt_out}}";
    refused(in, "body", "{{balanse}} is not a merge field: use name, balance,");
    in[TCOL_BODY] = "Hello {{name, you owe {{balance}}. {{opt_out}}";
    refused(in, "body", "\"{{name, you owe \" opens a merge field that is never closed with }}");
    in[TCOL_BODY] = "Hello {{name}} {{";
    refused(in, "body", "never closed");
    in[TCOL_BODY] = "Hello {{}} {{opt_out}}";
    refused(in, "body", "{{}} is not a merge field");

    /* Every bad field is named, not only the first. */
    in[TCOL_BODY] = "{{nmae}} owes {{balanse}} by {{due_date}}; call {{phone {{opt_out}}";
    assert_int_equal(run(in, &r, out), 3);
    assert_non_null(strstr(r.message[0], "{{nmae}}"));
    assert_non_null(strstr(r.message[1], "{{balanse}}"));
    assert_non_null(strstr(r.message[2], "\"{{phone \" opens a merge field"));
    template_row_clear(out);

    /* The subject's fields are checked too, and reported in its column. */
    email_row(in);
    in[TCOL_SUBJECT] = "{{compnay}}: your payment";
    refused(in, "subject", "{{compnay}} is not a merge field");
}

static void test_subject(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    email_row(in);
    in[TCOL_SUBJECT] = "";
    refused(in, "subject", "an email template needs a subject");
    in[TCOL_SUBJECT] = NULL;
    refused(in, "subject", "needs a subject (the file has no subject column)");
    in[TCOL_SUBJECT] = "Your payment\nBcc: everyone@example.com";
    refused(in, "subject", "a subject is one line");
    char long_subject[300];
    memset(long_subject, 'x', 256);
    long_subject[256] = '\0';
    in[TCOL_SUBJECT] = long_subject;
    refused(in, "subject", "256 bytes long: at most 255");
    sms_row(in);
    in[TCOL_SUBJECT] = "Hello";
    refused(in, "subject", "an SMS has no subject: leave it empty");
}

/* Fill buf with n copies of the UTF-8 character ch. */
static const char *repeat(char *buf, const char *ch, int n)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(buf, ch);
    return buf;
}

static void test_sms_parts(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    static char body[2048];
    sms_row(in);
    in[TCOL_BODY] = repeat(body, "a", 3 * 153); /* GSM-7: 3 parts of 153 */
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
    in[TCOL_BODY] = repeat(body, "a", 3 * 153 + 1);
    refused(in, "body", "an SMS of 4 parts (460 GSM-7 characters as written): at most 3; shorten it");
    in[TCOL_BODY] = repeat(body, "あ", 3 * 67); /* UCS-2: 3 parts of 67 */
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
    in[TCOL_BODY] = repeat(body, "あ", 3 * 67 + 1);
    refused(in, "body", "an SMS of 4 parts (202 UCS-2 characters as written)");
    /* An email is not counted in parts. */
    email_row(in);
    in[TCOL_BODY] = repeat(body, "あ", 300);
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
}

static void test_body_size(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    static char body[4096];
    email_row(in);
    in[TCOL_BODY] = repeat(body, "x", 2047);
    assert_int_equal(run(in, &r, out), 0);
    template_row_clear(out);
    in[TCOL_BODY] = repeat(body, "x", 2048);
    refused(in, "body", "2048 bytes long: at most 2047");
    /* Counted after CRLF becomes LF. */
    repeat(body, "x", 2045);
    strcat(body, "\r\n");
    assert_int_equal(run(in, &r, out), 0);
    assert_int_equal(strlen(out[TCOL_BODY]), 2046);
    template_row_clear(out);
}

static void test_opt_out_warning(void **state)
{
    (void)state;
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r;
    sms_row(in);
    in[TCOL_BODY] = "{{company}}: Hello {{name}}, please call {{phone}}.";
    assert_int_equal(run(in, &r, out), 0); /* allowed ... */
    assert_int_equal(r.warnings, 1);         /* ... with a word about it */
    assert_string_equal(r.warning, "no opt-out instruction ({{opt_out}}): this template will be refused for "
                                   "accounts under a policy that requires one (US)");
    assert_non_null(out[TCOL_BODY]);
    template_row_clear(out);

    /* The policies are the caller's list; none: nothing to warn about. */
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "CA, US", NULL, out, collect, collect_warning, &r), 0);
    assert_non_null(strstr(r.warning, "(CA, US)"));
    template_row_clear(out);
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "", NULL, out, collect, collect_warning, &r), 0);
    assert_int_equal(r.warnings, 0);
    template_row_clear(out);
    assert_int_equal(template_row_validate(in, "US", NULL, out, collect, NULL, &r), 0); /* no warn: fine */
    template_row_clear(out);

    /* An instruction written out is one too (as the sender judges it). */
    in[TCOL_BODY] = "{{company}}: Hello {{name}}. Reply STOP to opt out.";
    assert_int_equal(run(in, &r, out), 0);
    assert_int_equal(r.warnings, 0);
    template_row_clear(out);
    email_row(in);
    in[TCOL_BODY] = "{{name}}様\n\nお支払いのご確認です。";
    assert_int_equal(run(in, &r, out), 0);
    assert_int_equal(r.warnings, 1);
    template_row_clear(out);
    /* A row with problems gets them, not the warning as well. */
    in[TCOL_BODY] = "{{nmae}}様";
    assert_int_equal(run(in, &r, out), 1);
    assert_int_equal(r.warnings, 0);
    template_row_clear(out);
}

/* With the lint (as `dun import templates` runs it): a first notice that
 * threatens court is refused, in its column, with the rule; the same words
 * in a thank-you are not the lint's business; the opt-out rule refuses what
 * is otherwise only a warning. */
static void test_lint(void **state)
{
    (void)state;
    static const struct lint_conf lint = {.company = "Dun Test Finance", .payment_link = "https://pay.dun.example/"};
    const char *in[TCOL_COUNT];
    char *out[TCOL_COUNT];
    struct reports r = {0};
    sms_row(in);
    assert_int_equal(template_row_validate(in, "US", &lint, out, collect, collect_warning, &r), 0);
    template_row_clear(out);
    in[TCOL_BODY] = "{{company}}: {{name}}, pay {{amount_due}} or we go to court. {{opt_out}}";
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "US", &lint, out, collect, collect_warning, &r), 1);
    assert_string_equal(r.column[0], "body");
    assert_string_equal(r.message[0], "rule legal_threat: \"court\" threatens legal action, which a first notice or"
                                      " reminder must not do");
    template_row_clear(out);
    in[TCOL_PURPOSE] = "payment_thanks";
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "US", &lint, out, collect, collect_warning, &r), 0);
    template_row_clear(out);
    /* an email's subject is its own column */
    email_row(in);
    in[TCOL_SUBJECT] = "【{{company}}】訴訟のご案内";
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "US", &lint, out, collect, collect_warning, &r), 1);
    assert_string_equal(r.column[0], "subject");
    template_row_clear(out);
    sms_row(in);
    in[TCOL_BODY] = "{{company}}: Hello {{name}}, please call {{phone}}.";
    memset(&r, 0, sizeof r);
    assert_int_equal(template_row_validate(in, "US", &lint, out, collect, collect_warning, &r), 1);
    assert_non_null(strstr(r.message[0], "rule opt_out:"));
    assert_int_equal(r.warnings, 0);
    template_row_clear(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_valid_sms),
        cmocka_unit_test(test_valid_email_multiline),
        cmocka_unit_test(test_required),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_language),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_opt_out_confirmation),
        cmocka_unit_test(test_merge_fields),
        cmocka_unit_test(test_subject),
        cmocka_unit_test(test_sms_parts),
        cmocka_unit_test(test_body_size),
        cmocka_unit_test(test_opt_out_warning),
        cmocka_unit_test(test_lint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
