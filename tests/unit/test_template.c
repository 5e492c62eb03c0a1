/* Unit tests for core/template: merge fields and their refusals, money and
 * dates per currency and language, opt-out detection and rule, SMS
 * encoding and segment counts, and the template chooser's preference order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/template.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

/* Values with every field set: a JPY account in Japanese. */
static struct merge_values ja_values(void)
{
    struct merge_values v = {
        .name = "山田太郎",
        .agent = "佐藤",
        .company = "さくらクレジット",
        .phone = "0120-123-456",
        .payment_link = "https://pay.example.co.jp/a/8K2QX7",
        .opt_out = "配信停止はSTOPと返信",
        .currency = "JPY",
        .has_balance = true,
        .balance_minor = 48000,
        .has_amount_due = true,
        .amount_due_minor = 12000,
        .has_due_date = true,
        .due_date = date_from_civil(2026, 11, 25),
        .has_promise = true,
        .promise_minor = 5000,
        .promise_date = date_from_civil(2026, 12, 1),
        .language = "ja",
    };
    return v;
}

static struct merge_values en_values(void)
{
    struct merge_values v = ja_values();
    v.name = "John Smith";
    v.agent = "Alex";
    v.company = "Maple Credit";
    v.phone = "(800) 555-0142";
    v.payment_link = "https://pay.maplecredit.com/p/8K2QX7";
    v.opt_out = "Reply STOP to opt out.";
    v.currency = "USD";
    v.balance_minor = 123456;
    v.amount_due_minor = 50000;
    v.promise_minor = 2550;
    v.language = "en";
    return v;
}

/* Render and expect success with exactly `want`. */
static void renders(const char *text, const struct merge_values *v, const char *want)
{
    char out[512], err[256];
    bool ok = template_render(text, v, out, sizeof out, err, sizeof err);
    if (!ok)
        fail_msg("render \"%s\" failed: %s", text, err);
    assert_string_equal(out, want);
}

/* Render and expect failure whose sentence contains `want_err`; the output is empty. */
static void refuses(const char *text, const struct merge_values *v, const char *want_err)
{
    char out[512], err[256];
    memset(out, 'x', sizeof out);
    bool ok = template_render(text, v, out, sizeof out, err, sizeof err);
    if (ok)
        fail_msg("render \"%s\" succeeded: \"%s\"", text, out);
    if (!strstr(err, want_err))
        fail_msg("render \"%s\": error \"%s\" lacks \"%s\"", text, err, want_err);
    assert_string_equal(out, "");
}

/* ---- each merge field ------------------------------------------------------ */

static void test_each_field_ja(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    renders("{{name}}様", &v, "山田太郎様");
    renders("{{balance}}", &v, "¥48,000");
    renders("{{amount_due}}", &v, "¥12,000");
    renders("{{due_date}}", &v, "2026年11月25日");
    renders("{{promise_amount}}", &v, "¥5,000");
    renders("{{promise_date}}", &v, "2026年12月1日");
    renders("{{agent}}", &v, "佐藤");
    renders("{{company}}", &v, "さくらクレジット");
    renders("{{phone}}", &v, "0120-123-456");
    renders("{{payment_link}}", &v, "https://pay.example.co.jp/a/8K2QX7");
    renders("{{opt_out}}", &v, "配信停止はSTOPと返信");
}

static void test_each_field_en(void **state)
{
    (void)state;
    struct merge_values v = en_values();
    renders("Dear {{name}},", &v, "Dear John Smith,");
    renders("{{balance}}", &v, "$1,234.56");
    renders("{{amount_due}}", &v, "$500.00");
    renders("{{due_date}}", &v, "Nov 25, 2026");
    renders("{{promise_amount}}", &v, "$25.50");
    renders("{{promise_date}}", &v, "Dec 1, 2026");
    renders("{{agent}}", &v, "Alex");
    renders("{{company}}", &v, "Maple Credit");
    renders("{{phone}}", &v, "(800) 555-0142");
    renders("{{payment_link}}", &v, "https://pay.maplecredit.com/p/8K2QX7");
    renders("{{opt_out}}", &v, "Reply STOP to opt out.");
}

static void test_whole_message(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    renders("{{company}}です。{{name}}様、{{due_date}}期日のお支払い{{amount_due}}の確認が取れておりません。"
            "お問合せ: {{phone}} {{opt_out}}",
            &v,
            "さくらクレジットです。山田太郎様、2026年11月25日期日のお支払い¥12,000の確認が取れておりません。"
            "お問合せ: 0120-123-456 配信停止はSTOPと返信");
    /* Spaces inside the braces, the same field twice, text without fields. */
    renders("{{ name }} / {{name}}", &v, "山田太郎 / 山田太郎");
    renders("no fields at all", &v, "no fields at all");
    renders("", &v, "");
    /* A lone brace or closing braces are text. */
    renders("{x} }} {", &v, "{x} }} {");
}

/* ---- refusals ------------------------------------------------------------------ */

static void test_unknown_field(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    refuses("Hello {{nmae}}", &v, "{{nmae}} is not a merge field");
    refuses("{{Name}}", &v, "{{Name}} is not a merge field");
    refuses("{{}}", &v, "{{}} is not a merge field");
    refuses("{{{name}}}", &v, "is not a merge field");
    char err[256];
    assert_false(template_check("{{amount}}", err, sizeof err));
    assert_non_null(strstr(err, "{{amount}} is not a merge field"));
    assert_true(template_check("{{name}} {{opt_out}} { }}", err, sizeof err));
}

static void test_empty_value(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    v.name = "";
    refuses("{{name}}様", &v, "{{name}} has no value");
    v.name = NULL;
    refuses("{{name}}様", &v, "{{name}} has no value");
    v.name = " \xE3\x80\x80 ";
    refuses("{{name}}様", &v, "{{name}} has no value");
    v = ja_values();
    v.has_promise = false;
    refuses("{{promise_amount}}", &v, "{{promise_amount}} has no value: record a promise first");
    refuses("{{promise_date}}", &v, "{{promise_date}} has no value: record a promise first");
    renders("{{amount_due}}", &v, "¥12,000"); /* other fields are unaffected */
    v = ja_values();
    v.has_balance = false;
    refuses("{{balance}}", &v, "{{balance}} has no value");
    v.has_amount_due = false;
    refuses("{{amount_due}}", &v, "{{amount_due}} has no value");
    v.has_due_date = false;
    refuses("{{due_date}}", &v, "{{due_date}} has no value");
    v = ja_values();
    v.opt_out = NULL;
    refuses("text {{opt_out}}", &v, "{{opt_out}} has no value");
    v.payment_link = "";
    refuses("{{payment_link}}", &v, "{{payment_link}} has no value");
    v = ja_values();
    v.phone = NULL;
    refuses("{{phone}}", &v, "{{phone}}");
    v.agent = NULL;
    refuses("{{agent}}", &v, "{{agent}}");
    v.company = NULL;
    refuses("{{company}}", &v, "{{company}}");
    /* A missing value that the template does not use is no problem. */
    renders("{{name}}", &v, "山田太郎");
    /* A value that would itself put {{ in the message. */
    v = ja_values();
    v.name = "{{x}}";
    refuses("{{name}}", &v, "contains {{");
    /* ...or that makes {{ with the text or the value beside it (found by
     * tests/fuzz/fuzz_template.c): the message would look half-merged. */
    v.name = "ACME {";
    refuses("{{name}}{ offer", &v, "{{name}} cannot be merged");
    v.agent = "{x";
    refuses("{{name}}{{agent}}", &v, "{{name}} cannot be merged");
    renders("{{name}} { offer", &v, "ACME { { offer");
    renders("{{agent}}{", &v, "{x{");
    /* Money needs a known currency. */
    v = ja_values();
    v.currency = "XYZ";
    refuses("{{balance}}", &v, "\"XYZ\" is not known");
    v.currency = NULL;
    refuses("{{balance}}", &v, "no currency");
}

static void test_unclosed(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    refuses("Hello {{name", &v, "never closed with }}");
    refuses("Hello {{name}", &v, "\"{{name}\" opens a merge field");
    refuses("{{name {{phone}}", &v, "\"{{name \" opens a merge field");
    refuses("{{name\n}}", &v, "never closed");
    refuses("ok {{name}} then {{", &v, "never closed");
    char err[256];
    assert_false(template_check("a {{b", err, sizeof err));
    assert_non_null(strstr(err, "never closed"));
}

static void count_each(void *ctx, const char *message)
{
    char *last = ctx;
    snprintf(last, 256, "%s", message);
}

/* Every bad {{...}} is reported, each once; a good text reports none. */
static void test_check_each(void **state)
{
    (void)state;
    char last[256] = "";
    assert_int_equal(template_check_each("{{name}} {{ balance }} {", count_each, last), 0);
    assert_string_equal(last, "");
    assert_int_equal(template_check_each("{{nmae}} {{phone {{balanse}} {{opt_out}}", count_each, last), 3);
    assert_non_null(strstr(last, "{{balanse}} is not a merge field"));
    assert_int_equal(template_check_each("{{a}}{{b}}", NULL, NULL), 2);
    assert_int_equal(template_check_each("tail {{", NULL, NULL), 1);
    assert_int_equal(template_check_each(NULL, NULL, NULL), 0);
    /* template_check keeps the first. */
    char err[256];
    assert_false(template_check("{{nmae}} {{balanse}}", err, sizeof err));
    assert_non_null(strstr(err, "{{nmae}}"));
    assert_true(template_check("no fields", err, sizeof err));
}

/* The tokens of rendered links, in order; look-alikes are skipped. */
static void test_next_link_token(void **state)
{
    (void)state;
    const char *text = "see https://x.example/p/0123456789abcdef0123456789abcdef and /p/0123 and "
                       "/p/ABCDEF0123456789abcdef0123456789 then http://y/p/ffffffffffffffffffffffffffffffff.";
    const char *s = text;
    char token[33];
    assert_true(template_next_link_token(&s, token));
    assert_string_equal(token, "0123456789abcdef0123456789abcdef");
    assert_true(template_next_link_token(&s, token)); /* short and upper-case ones are not links */
    assert_string_equal(token, "ffffffffffffffffffffffffffffffff");
    assert_false(template_next_link_token(&s, token));
    s = "";
    assert_false(template_next_link_token(&s, token));
}

static void test_has_field(void **state)
{
    (void)state;
    assert_true(template_has_field("a {{opt_out}}", "opt_out"));
    assert_true(template_has_field("a {{ opt_out }}", "opt_out"));
    assert_false(template_has_field("Reply STOP", "opt_out"));
    assert_false(template_has_field("{{opt_outs}} {{opt_out", "opt_out"));
    assert_true(template_has_field("{{name}}", "name"));
    assert_false(template_has_field(NULL, "name"));
}

static void test_does_not_fit(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    char out[16], err[128];
    assert_true(template_render("{{amount_due}}", &v, out, 9, err, sizeof err)); /* 8 bytes: ¥ takes 2 */
    assert_string_equal(out, "¥12,000");
    assert_false(template_render("{{amount_due}}", &v, out, 8, err, sizeof err));
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "does not fit"));
    assert_false(template_render("0123456789abcdef", &v, out, sizeof out, err, sizeof err));
    assert_string_equal(out, "");
    assert_true(template_render("0123456789abcde", &v, out, sizeof out, err, sizeof err));
    assert_false(template_render("x", &v, out, 0, err, sizeof err));
}

/* ---- money and dates --------------------------------------------------------- */

static void test_money_per_currency(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    v.amount_due_minor = 12000;
    renders("{{amount_due}}", &v, "¥12,000");
    v.amount_due_minor = 1234567;
    renders("{{amount_due}}", &v, "¥1,234,567");
    v.currency = "USD";
    v.amount_due_minor = 123456;
    renders("{{amount_due}}", &v, "$1,234.56");
    v.amount_due_minor = 5;
    renders("{{amount_due}}", &v, "$0.05");
    v.balance_minor = -500; /* a credit */
    renders("{{balance}}", &v, "-$5.00");
    /* The currency, not the language, decides: an English text for a JPY account. */
    v = en_values();
    v.currency = "JPY";
    v.amount_due_minor = 12000;
    renders("{{amount_due}} due {{due_date}}", &v, "¥12,000 due Nov 25, 2026");
}

static void test_dates_per_language(void **state)
{
    (void)state;
    struct merge_values v = ja_values();
    v.due_date = date_from_civil(2026, 11, 25);
    renders("{{due_date}}", &v, "2026年11月25日");
    v.language = "ja-JP";
    renders("{{due_date}}", &v, "2026年11月25日");
    v.language = "JA";
    renders("{{due_date}}", &v, "2026年11月25日");
    v.language = "en";
    renders("{{due_date}}", &v, "Nov 25, 2026");
    v.language = "en-US";
    v.due_date = date_from_civil(2027, 1, 5);
    renders("{{due_date}}", &v, "Jan 5, 2027");
    v.language = NULL; /* unknown or none: English */
    renders("{{due_date}}", &v, "Jan 5, 2027");
    v.language = "fr";
    v.due_date = date_from_civil(2028, 2, 29);
    renders("{{due_date}}", &v, "Feb 29, 2028");
    v.language = "jav"; /* not "ja" */
    renders("{{due_date}}", &v, "Feb 29, 2028");
}

/* ---- opt-out ---------------------------------------------------------------------- */

static void test_opt_out_detection(void **state)
{
    (void)state;
    assert_true(template_has_opt_out("Hello {{name}}. {{opt_out}}"));
    assert_true(template_has_opt_out("Hello. {{ opt_out }}"));
    assert_true(template_has_opt_out("Reply STOP to opt out."));
    assert_true(template_has_opt_out("STOP"));
    assert_true(template_has_opt_out("(STOP)"));
    assert_true(template_has_opt_out("To unsubscribe, reply."));
    assert_true(template_has_opt_out("Unsubscribe: https://example.com/u"));
    assert_true(template_has_opt_out("配信停止はこちら"));
    assert_true(template_has_opt_out("配信を停止する場合は返信してください"));
    assert_false(template_has_opt_out("Hello {{name}}, payment due {{due_date}}."));
    assert_false(template_has_opt_out("Please stop by our office."));
    assert_false(template_has_opt_out("NONSTOP service, STOPPED"));
    assert_false(template_has_opt_out("{{opt_outs}}"));
    assert_false(template_has_opt_out(""));
    assert_false(template_has_opt_out(NULL));
}

static void test_opt_out_rule(void **state)
{
    (void)state;
    assert_true(template_requires_opt_out(true, "sms"));
    assert_true(template_requires_opt_out(true, "email"));
    assert_false(template_requires_opt_out(true, "phone"));
    assert_false(template_requires_opt_out(true, "letter"));
    assert_false(template_requires_opt_out(false, "sms"));
    assert_false(template_requires_opt_out(false, "email"));
    assert_false(template_requires_opt_out(true, NULL));
}

/* ---- SMS counting ------------------------------------------------------------------- */

static void repeat(char *out, size_t n, const char *unit, int times)
{
    size_t len = strlen(unit), used = 0;
    for (int i = 0; i < times; i++) {
        assert_true(used + len < n);
        memcpy(out + used, unit, len);
        used += len;
    }
    out[used] = '\0';
}

static void expect_sms(const char *text, bool ucs2, int chars, int segments)
{
    struct sms_count c;
    sms_count(text, &c);
    if (c.ucs2 != ucs2 || c.chars != chars || c.segments != segments)
        fail_msg("sms_count(%.40s...): ucs2=%d chars=%d segments=%d, want %d %d %d", text, c.ucs2,
                 c.chars, c.segments, ucs2, chars, segments);
}

static void test_sms_gsm(void **state)
{
    (void)state;
    char buf[2048];
    expect_sms("", false, 0, 1);
    expect_sms("Hello", false, 5, 1);
    repeat(buf, sizeof buf, "a", 160);
    expect_sms(buf, false, 160, 1);
    repeat(buf, sizeof buf, "a", 161);
    expect_sms(buf, false, 161, 2);
    repeat(buf, sizeof buf, "a", 306); /* 153 per part */
    expect_sms(buf, false, 306, 2);
    repeat(buf, sizeof buf, "a", 307);
    expect_sms(buf, false, 307, 3);
    /* The whole basic set besides ASCII is still GSM-7, one septet each. */
    expect_sms("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà", false, 44, 1);
}

static void test_sms_extension(void **state)
{
    (void)state;
    char buf[2048];
    expect_sms("{}[]~^|€\\", false, 18, 1);
    expect_sms("Pay {{here}}", false, 16, 1);
    repeat(buf, sizeof buf, "€", 80);
    expect_sms(buf, false, 160, 1);
    repeat(buf, sizeof buf, "€", 81);
    expect_sms(buf, false, 162, 2);
    /* An escape pair never straddles two parts: 152 'a' then a '€' fill
     * the first part's 153 septets only to 152 + the pair goes to part 2. */
    repeat(buf, sizeof buf, "a", 152);
    strcat(buf, "€");
    char tail[512];
    repeat(tail, sizeof tail, "a", 152);
    strcat(buf, tail);
    expect_sms(buf, false, 306, 3); /* 152 | 2 + 151 | 1 */
    /* A character outside the alphabet makes the whole text UCS-2. */
    expect_sms("Hello `x`", true, 9, 1);
    expect_sms("tab\there", true, 8, 1);
    expect_sms("It’s due", true, 8, 1); /* a curly apostrophe */
}

static void test_sms_japanese(void **state)
{
    (void)state;
    char buf[2048];
    repeat(buf, sizeof buf, "あ", 70);
    expect_sms(buf, true, 70, 1);
    repeat(buf, sizeof buf, "あ", 71);
    expect_sms(buf, true, 71, 2);
    repeat(buf, sizeof buf, "あ", 134); /* 67 per part */
    expect_sms(buf, true, 134, 2);
    repeat(buf, sizeof buf, "あ", 135);
    expect_sms(buf, true, 135, 3);
    /* One Japanese character among ASCII makes it all UCS-2. */
    repeat(buf, sizeof buf, "a", 69);
    strcat(buf, "円");
    expect_sms(buf, true, 70, 1);
}

static void test_sms_emoji(void **state)
{
    (void)state;
    char buf[2048];
    expect_sms("😀", true, 2, 1); /* U+1F600: a surrogate pair */
    expect_sms("ok 😀", true, 5, 1);
    repeat(buf, sizeof buf, "😀", 35);
    expect_sms(buf, true, 70, 1);
    repeat(buf, sizeof buf, "😀", 36);
    expect_sms(buf, true, 72, 2);
    /* 66 units then an emoji: the pair goes whole to part 2. */
    repeat(buf, sizeof buf, "あ", 66);
    strcat(buf, "😀");
    strcat(buf, "あ");
    expect_sms(buf, true, 69, 1);
    repeat(buf, sizeof buf, "あ", 66);
    strcat(buf, "😀");
    strcat(buf, "ああああ"); /* 66 + 2 + 4 = 72: 66 | 2 + 4 */
    expect_sms(buf, true, 72, 2);
    repeat(buf, sizeof buf, "あ", 66);
    strcat(buf, "😀");
    char tail[512];
    repeat(tail, sizeof tail, "あ", 66); /* 66 | 2 + 65 | 1 */
    strcat(buf, tail);
    expect_sms(buf, true, 134, 3);
}

/* ---- choosing a template --------------------------------------------------------------- */

static struct template_row T(const char *channel, const char *name, const char *purpose,
                             const char *language, const char *segment)
{
    struct template_row t;
    memset(&t, 0, sizeof t);
    snprintf(t.channel, sizeof t.channel, "%s", channel);
    snprintf(t.name, sizeof t.name, "%s", name);
    snprintf(t.purpose, sizeof t.purpose, "%s", purpose);
    snprintf(t.language, sizeof t.language, "%s", language);
    snprintf(t.segment, sizeof t.segment, "%s", segment);
    snprintf(t.body, sizeof t.body, "%s {{opt_out}}", name);
    return t;
}

static const char *pick(const struct template_row *t, size_t n, const char *channel,
                        const char *purpose, const char *language, const char *segment)
{
    const struct template_row *r = template_recommend(t, n, channel, purpose, language, segment);
    return r ? r->name : "(none)";
}

static void test_recommend(void **state)
{
    (void)state;
    struct template_row t[] = {
        T("sms", "en_any", "pre_due", "en", ""),
        T("sms", "en_card", "pre_due", "en", "card"),
        T("sms", "ja_any", "pre_due", "ja", ""),
        T("sms", "ja_card", "pre_due", "ja", "card"),
        T("sms", "ja_loan", "pre_due", "ja", "loan"),
        T("email", "ja_email", "pre_due", "ja", ""),
        T("sms", "ja_first", "first_notice", "ja", ""),
        T("sms", "en_first_card", "first_notice", "en", "card"),
        T("sms", "fr_any", "pre_due", "fr", ""),
    };
    size_t n = N(t);
    /* 1. language and exact segment */
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja", "card"), "ja_card");
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja-JP", "loan"), "ja_loan");
    /* 2. language, any segment */
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja", "auto"), "ja_any");
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja", ""), "ja_any");
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja", NULL), "ja_any");
    /* 3. English, exact segment; 4. English, any */
    assert_string_equal(pick(t, n, "sms", "pre_due", "de", "card"), "en_card");
    assert_string_equal(pick(t, n, "sms", "pre_due", "de", "auto"), "en_any");
    assert_string_equal(pick(t, n, "sms", "pre_due", NULL, NULL), "en_any");
    assert_string_equal(pick(t, n, "sms", "pre_due", "", "card"), "en_card");
    /* The language beats the segment: ja any over en card. */
    assert_string_equal(pick(t, n, "sms", "pre_due", "ja", "auto"), "ja_any");
    assert_string_equal(pick(t, n, "sms", "pre_due", "fr", "card"), "fr_any");
    /* The channel and purpose must match. */
    assert_string_equal(pick(t, n, "email", "pre_due", "ja", "card"), "ja_email");
    assert_string_equal(pick(t, n, "email", "pre_due", "en", ""), "(none)");
    assert_string_equal(pick(t, n, "sms", "first_notice", "ja", "card"), "ja_first");
    assert_string_equal(pick(t, n, "sms", "first_notice", "de", "card"), "en_first_card");
    /* A segment-only English template does not serve another segment. */
    assert_string_equal(pick(t, n, "sms", "first_notice", "de", "loan"), "(none)");
    assert_string_equal(pick(t, n, "sms", "payment_thanks", "ja", ""), "(none)");
    assert_null(template_recommend(t, 0, "sms", "pre_due", "ja", ""));
    assert_null(template_recommend(NULL, 0, "sms", "pre_due", "ja", ""));
    /* Among equals the first in the array wins (the loader's order). */
    struct template_row two[] = {T("sms", "first", "pre_due", "ja", ""), T("sms", "second", "pre_due", "ja", "")};
    assert_string_equal(pick(two, 2, "sms", "pre_due", "ja", ""), "first");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_link_token),
        cmocka_unit_test(test_each_field_ja),
        cmocka_unit_test(test_each_field_en),
        cmocka_unit_test(test_whole_message),
        cmocka_unit_test(test_unknown_field),
        cmocka_unit_test(test_empty_value),
        cmocka_unit_test(test_unclosed),
        cmocka_unit_test(test_check_each),
        cmocka_unit_test(test_has_field),
        cmocka_unit_test(test_does_not_fit),
        cmocka_unit_test(test_money_per_currency),
        cmocka_unit_test(test_dates_per_language),
        cmocka_unit_test(test_opt_out_detection),
        cmocka_unit_test(test_opt_out_rule),
        cmocka_unit_test(test_sms_gsm),
        cmocka_unit_test(test_sms_extension),
        cmocka_unit_test(test_sms_japanese),
        cmocka_unit_test(test_sms_emoji),
        cmocka_unit_test(test_recommend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
