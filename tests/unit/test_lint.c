/* Unit tests for core/lint: the rules a first notice or reminder passes
 * (sender named, no threat of legal action, links only to the payment page's
 * host, the opt-out instruction where a policy requires it), which templates
 * they apply to, the threat table's word matching and the URL host. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/lint.h"

struct found {
    int n;
    char column[8][16];
    char message[8][512];
};

static void collect(void *ctx, const char *column, const char *message)
{
    struct found *f = ctx;
    assert_true(f->n < 8);
    snprintf(f->column[f->n], sizeof f->column[0], "%s", column);
    snprintf(f->message[f->n], sizeof f->message[0], "%s", message);
    f->n++;
}

static const struct lint_conf conf = {
    .company = "Dun Test Finance",
    .company_ja = "ダン債権回収",
    .payment_link = "https://pay.dun.example/",
    .opt_out_policies = "US",
};

/* Lint an English first-notice SMS with this body; f holds the reports. */
static int lint_body(const char *body, struct found *f)
{
    struct lint_template t = {"sms", "first_notice", "first_notice_sms", "", body};
    memset(f, 0, sizeof *f);
    return lint_template(&t, &conf, collect, f);
}

/* Exactly one broken rule, in column, its message containing text. */
static void one(const char *body, const char *column, const char *text)
{
    struct found f;
    assert_int_equal(lint_body(body, &f), 1);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.column[0], column);
    if (!strstr(f.message[0], text))
        fail_msg("\"%s\" not in \"%s\"", text, f.message[0]);
}

static void test_applies(void **state)
{
    (void)state;
    assert_true(lint_applies("first_notice", "first_notice_sms"));
    assert_true(lint_applies("pre_due", "pre_due_email"));
    assert_true(lint_applies("broken_promise", "reminder_second_sms")); /* by name */
    assert_false(lint_applies("broken_promise", "broken_promise_sms"));
    assert_false(lint_applies("payment_thanks", "payment_thanks_sms"));
    assert_false(lint_applies("opt_out_confirmation", "opt_out_confirmation_sms"));
    /* a thank-you may say anything the other checks allow */
    struct lint_template t = {"sms", "payment_thanks", "payment_thanks_sms", "", "Thanks, no court needed"};
    assert_int_equal(lint_template(&t, &conf, NULL, NULL), 0);
}

/* The shipped texts pass (migration 007, English and Japanese). */
static void test_seeded_style_passes(void **state)
{
    (void)state;
    struct found f;
    assert_int_equal(lint_body("{{company}}: Hello {{name}}, we have not yet received your payment of {{amount_due}}"
                               " that was due on {{due_date}}. If you have already paid, please disregard this"
                               " message. Questions: {{phone}}. {{opt_out}}", &f), 0);
    assert_int_equal(lint_body("{{company}}です。{{name}}様、{{due_date}}期日のお支払い{{amount_due}}の確認が取れて"
                               "おりません。お問合せ: {{phone}} {{opt_out}}", &f), 0);
    struct lint_template email = {"email", "pre_due", "pre_due_email", "Your payment on {{due_date}}",
                                  "Dear {{name}},\n\nPay at {{payment_link}} or https://PAY.dun.example/acct?x=1\n"
                                  "\n{{company}}\n{{opt_out}}"};
    assert_int_equal(lint_template(&email, &conf, collect, &f), 0);
}

static void test_sender(void **state)
{
    (void)state;
    struct found f;
    one("Hello {{name}}, please call {{phone}}. {{opt_out}}", "body", "rule sender:");
    assert_int_equal(lint_body("Dun Test Finance: Hello {{name}}. {{opt_out}}", &f), 0);   /* the name, written */
    assert_int_equal(lint_body("DUN TEST FINANCE: Hello {{name}}. {{opt_out}}", &f), 0);   /* any case */
    assert_int_equal(lint_body("ダン債権回収です。{{name}}様 {{opt_out}}", &f), 0);         /* company_ja */
    assert_int_equal(lint_body("{{ company }}: Hello. {{opt_out}}", &f), 0);             /* spaces in braces */
    /* an email may name the company in its subject */
    struct lint_template t = {"email", "first_notice", "first_notice_email", "【{{company}}】ご確認", "{{name}}様 {{opt_out}}"};
    assert_int_equal(lint_template(&t, &conf, collect, &f), 0);
    /* without a configured name only {{company}} names the sender */
    struct lint_conf bare = {0};
    t.subject = "Dun Test Finance";
    memset(&f, 0, sizeof f);
    assert_int_equal(lint_template(&t, &bare, collect, &f), 1);
    assert_non_null(strstr(f.message[0], "put {{company}} in it"));
}

static void test_legal_threat(void **state)
{
    (void)state;
    one("{{company}}: pay or we will file a LAWSUIT. {{opt_out}}", "body", "rule legal_threat: \"lawsuit\"");
    one("{{company}}: we may take Legal Action. {{opt_out}}", "body", "\"legal action\"");
    one("{{company}}: we will see you in court. {{opt_out}}", "body", "\"court\"");
    one("{{company}}: we will sue. {{opt_out}}", "body", "\"sue\"");
    one("{{company}}: your wages may be garnished. {{opt_out}}", "body", "\"garnish\"");
    one("{{company}}です。期日までにお支払いがない場合、訴訟を検討します。{{opt_out}}", "body", "\"訴訟\"");
    one("{{company}}です。法的措置を取ります。{{opt_out}}", "body", "\"法的措置\"");
    one("{{company}}です。給与を差し押さえます。{{opt_out}}", "body", "\"差し押さえ\"");
    one("{{company}}です。裁判になります。{{opt_out}}", "body", "\"裁判\"");
    /* words that merely contain one */
    assert_null(lint_legal_threat("We pursue every issue with courtesy; suede shoes; a tissue."));
    assert_null(lint_legal_threat(NULL));
    assert_string_equal(lint_legal_threat("Sued."), "sued");
    /* in an email's subject, reported on the subject */
    struct found f = {0};
    struct lint_template t = {"email", "first_notice", "first_notice_email", "Final notice before court",
                              "{{company}} {{opt_out}}"};
    assert_int_equal(lint_template(&t, &conf, collect, &f), 1);
    assert_string_equal(f.column[0], "subject");
}

static void test_link_domain(void **state)
{
    (void)state;
    struct found f;
    assert_int_equal(lint_body("{{company}}: pay at {{payment_link}} {{opt_out}}", &f), 0);
    assert_int_equal(lint_body("{{company}}: pay at https://pay.dun.example/x {{opt_out}}", &f), 0);
    one("{{company}}: pay at https://bit.ly/3xYz {{opt_out}}", "body",
        "rule link_domain: a link to bit.ly: links go only to pay.dun.example");
    one("{{company}}: pay at http://pay.dun.example.evil.test/ {{opt_out}}", "body", "pay.dun.example.evil.test");
    one("{{company}}: pay at https://pay.dun.example@evil.test/ {{opt_out}}", "body", "a link to evil.test");
    one("{{company}}: pay at www.example.com {{opt_out}}", "body", "a link to www.example.com");
    /* nothing configured: only the merge field */
    struct lint_conf bare = {.company = "Dun Test Finance"};
    struct lint_template t = {"sms", "first_notice", "x", "", "{{company}} https://pay.dun.example/"};
    memset(&f, 0, sizeof f);
    assert_int_equal(lint_template(&t, &bare, collect, &f), 1);
    assert_non_null(strstr(f.message[0], "no payment_link is configured"));
}

static void test_url_host(void **state)
{
    (void)state;
    char h[64];
    assert_true(lint_url_host("https://user@Pay.Example:443/x?y", h, sizeof h));
    assert_string_equal(h, "pay.example");
    assert_true(lint_url_host("HTTP://pay.example./", h, sizeof h));
    assert_string_equal(h, "pay.example");
    assert_true(lint_url_host("www.Example.com。", h, sizeof h)); /* ends at the first non-ASCII byte */
    assert_string_equal(h, "www.example.com");
    assert_false(lint_url_host("https:///x", h, sizeof h));
    assert_false(lint_url_host("ftp://x", h, sizeof h));
    assert_false(lint_url_host("https://a-very-long-host.example", h, 8));
}

static void test_opt_out(void **state)
{
    (void)state;
    struct found f;
    one("{{company}}: Hello {{name}}, please call {{phone}}.", "body", "rule opt_out: policy US requires");
    assert_int_equal(lint_body("{{company}}: Hello {{name}}. Reply STOP to opt out.", &f), 0);
    /* no policy requires one: not a lint problem (template_row warns instead) */
    struct lint_conf jp = conf;
    jp.opt_out_policies = "";
    struct lint_template t = {"sms", "pre_due", "pre_due_sms", "", "{{company}}: Hello {{name}}."};
    assert_int_equal(lint_template(&t, &jp, NULL, NULL), 0);
}

/* Several broken rules are each reported. */
static void test_all_at_once(void **state)
{
    (void)state;
    struct found f;
    assert_int_equal(lint_body("Pay now or we sue: https://evil.test/pay", &f), 4);
    assert_non_null(strstr(f.message[0], "rule sender"));
    assert_non_null(strstr(f.message[1], "rule legal_threat"));
    assert_non_null(strstr(f.message[2], "rule link_domain"));
    assert_non_null(strstr(f.message[3], "rule opt_out"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_applies),     cmocka_unit_test(test_seeded_style_passes),
        cmocka_unit_test(test_sender),      cmocka_unit_test(test_legal_threat),
        cmocka_unit_test(test_link_domain), cmocka_unit_test(test_url_host),
        cmocka_unit_test(test_opt_out),     cmocka_unit_test(test_all_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
