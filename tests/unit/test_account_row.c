/* Unit tests for core/account_row: the import columns, and the validation
 * that turns one CSV row into the normalized values the store upserts.
 * Time zones come from the system tzdata through a zone_cache. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account_row.h"
#include "core/zone.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

struct reports {
    int n;
    char column[16][40];
    char message[16][512];
};

static void collect(void *ctx, const char *column, const char *message)
{
    struct reports *r = ctx;
    assert_true(r->n < 16);
    snprintf(r->column[r->n], sizeof r->column[0], "%s", column);
    snprintf(r->message[r->n], sizeof r->message[0], "%s", message);
    r->n++;
}

static int setup(void **state)
{
    struct zone_cache *zones = zone_cache_new();
    if (!zones)
        return -1;
    *state = zones;
    return 0;
}

static int teardown(void **state)
{
    struct zone_cache *zones = *state;
    zone_cache_free(&zones);
    return 0;
}

/* A complete, valid row. */
static void good_row(const char *in[ACOL_COUNT])
{
    for (int c = 0; c < ACOL_COUNT; c++)
        in[c] = NULL;
    in[ACOL_REF] = "JP-1";
    in[ACOL_NAME] = "山田 太郎";
    in[ACOL_CURRENCY] = "JPY";
    in[ACOL_BALANCE] = "¥12,000";
    in[ACOL_CREDITOR] = "Acme Finance";
    in[ACOL_LANGUAGE] = "ja";
    in[ACOL_TIME_ZONE] = "Asia/Tokyo|America/New_York";
    in[ACOL_DUE_DATE] = "2026-12-01";
    in[ACOL_OLDEST_UNPAID_DUE_DATE] = "2026-10-01";
    in[ACOL_STATUS] = "active";
    in[ACOL_SEGMENT] = "early";
    in[ACOL_ASSIGNED_AGENT] = "sato";
    in[ACOL_TEAM] = "Tokyo Recoveries";
    in[ACOL_PRIOR_DELINQUENCIES] = "2";
    in[ACOL_PHONE_MOBILE] = "+81 90-1234-5678";
    in[ACOL_PHONE_HOME] = "+81 3-1234-5678";
    in[ACOL_PHONE_WORK] = "+1 (212) 555-0100";
    in[ACOL_EMAIL] = "taro@example.jp";
    in[ACOL_EMAIL_WORK] = "t.yamada@acme.example.com";
    in[ACOL_SMS_CONSENT] = "true";
    in[ACOL_EMAIL_CONSENT] = "f";
    in[ACOL_CEASE] = "no";
    in[ACOL_ATTORNEY] = "N";
    in[ACOL_DISPUTE] = "0";
    in[ACOL_BANKRUPTCY] = "FALSE";
    in[ACOL_JURISDICTION] = "JP";
    in[ACOL_ADDRESS] = "東京都千代田区1-1";
    in[ACOL_DECEASED] = "false";
    in[ACOL_SMS_OPT_OUT] = "no";
    in[ACOL_EMAIL_OPT_OUT] = "yes";
    in[ACOL_BIRTH_DATE] = "1980-04-01";
    in[ACOL_EMPLOYER_PROHIBITS_CONTACT] = "yes";
    in[ACOL_WORKPLACE_CONTACT_CONSENT] = "1";
    in[ACOL_PREFERRED_CONTACT_WINDOW] = "09:00-18:00";
}

static int validate(const char *in[ACOL_COUNT], struct zone_cache *zones, char *out[ACOL_COUNT],
                    struct reports *r)
{
    memset(r, 0, sizeof *r);
    for (int c = 0; c < ACOL_COUNT; c++)
        out[c] = (char *)"stale"; // validate must overwrite every slot
    return account_row_validate(in, zones, out, collect, r);
}

static void expect_out(char *const out[ACOL_COUNT], enum account_column c, const char *want)
{
    if (!want) {
        if (out[c])
            fail_msg("%s: \"%s\", want NULL", account_column_name(c), out[c]);
        return;
    }
    if (!out[c] || strcmp(out[c], want) != 0)
        fail_msg("%s: \"%s\", want \"%s\"", account_column_name(c), out[c] ? out[c] : "(null)",
                 want);
}

/* ---- columns ------------------------------------------------------------ */

static void test_columns(void **state)
{
    (void)state;
    static const char *const names[ACOL_COUNT] = {
        "ref", "name", "currency", "balance", "creditor", "language", "time_zone", "due_date",
        "oldest_unpaid_due_date", "status", "segment", "assigned_agent", "team", "prior_delinquencies",
        "phone_mobile", "phone_home", "phone_work", "email", "email_work", "sms_consent",
        "email_consent", "cease", "attorney", "dispute", "bankruptcy",
        "employer_prohibits_contact", "workplace_contact_consent", "preferred_contact_window",
        "jurisdiction", "address", "deceased", "sms_opt_out", "email_opt_out", "birth_date",
    };
    for (int c = 0; c < ACOL_COUNT; c++) {
        assert_string_equal(account_column_name((enum account_column)c), names[c]);
        assert_int_equal(account_column_find(names[c]), c);
        bool required = c == ACOL_REF || c == ACOL_NAME || c == ACOL_CURRENCY || c == ACOL_BALANCE;
        assert_int_equal(account_column_required((enum account_column)c), required);
    }
    static const char *unknown[] = {"", "Ref", "REF", "refs", "re", " ref", "ref ", "phone",
                                    "time-zone", "oldest_unpaid", "balance\n"};
    for (size_t i = 0; i < N(unknown); i++)
        assert_int_equal(account_column_find(unknown[i]), -1);
}

/* ---- valid rows --------------------------------------------------------- */

static void test_good_row_normalizes(void **state)
{
    struct zone_cache *zones = *state;
    const char *in[ACOL_COUNT];
    char *out[ACOL_COUNT];
    struct reports r;
    good_row(in);
    int problems = validate(in, zones, out, &r);
    if (problems != 0)
        fail_msg("%d problems, first %s: %s", problems, r.column[0], r.message[0]);
    assert_int_equal(r.n, 0);
    static const struct { enum account_column c; const char *v; } want[] = {
        {ACOL_REF, "JP-1"},
        {ACOL_NAME, "山田 太郎"},
        {ACOL_CURRENCY, "JPY"},
        {ACOL_BALANCE, "12000"},
        {ACOL_CREDITOR, "Acme Finance"},
        {ACOL_LANGUAGE, "ja"},
        {ACOL_TIME_ZONE, "{Asia/Tokyo,America/New_York}"},
        {ACOL_DUE_DATE, "2026-12-01"},
        {ACOL_OLDEST_UNPAID_DUE_DATE, "2026-10-01"},
        {ACOL_STATUS, "active"},
        {ACOL_SEGMENT, "early"},
        {ACOL_ASSIGNED_AGENT, "sato"},
        {ACOL_TEAM, "Tokyo Recoveries"},
        {ACOL_PRIOR_DELINQUENCIES, "2"},
        {ACOL_PHONE_MOBILE, "+819012345678"},
        {ACOL_PHONE_HOME, "+81312345678"},
        {ACOL_PHONE_WORK, "+12125550100"},
        {ACOL_EMAIL, "taro@example.jp"},
        {ACOL_EMAIL_WORK, "t.yamada@acme.example.com"},
        {ACOL_SMS_CONSENT, "t"},
        {ACOL_EMAIL_CONSENT, "f"},
        {ACOL_CEASE, "f"},
        {ACOL_ATTORNEY, "f"},
        {ACOL_DISPUTE, "f"},
        {ACOL_BANKRUPTCY, "f"},
        {ACOL_EMPLOYER_PROHIBITS_CONTACT, "t"},
        {ACOL_WORKPLACE_CONTACT_CONSENT, "t"},
        {ACOL_PREFERRED_CONTACT_WINDOW, "09:00-18:00"},
        {ACOL_JURISDICTION, "JP"},
        {ACOL_ADDRESS, "東京都千代田区1-1"},
        {ACOL_DECEASED, "f"},
        {ACOL_SMS_OPT_OUT, "f"},
        {ACOL_EMAIL_OPT_OUT, "t"},
        {ACOL_BIRTH_DATE, "1980-04-01"},
    };
    assert_int_equal(N(want), ACOL_COUNT); // every column is checked
    for (size_t i = 0; i < N(want); i++)
        expect_out(out, want[i].c, want[i].v);
    account_row_clear(out);
    for (int c = 0; c < ACOL_COUNT; c++)
        assert_null(out[c]);
    account_row_clear(out); // clearing twice is harmless
}

static void test_balances(void **state)
{
    struct zone_cache *zones = *state;
    static const struct { const char *currency, *balance, *minor; } cases[] = {
        {"JPY", "12000", "12000"},      {"JPY", "12,000", "12000"},   {"JPY", "１２,０００円", "12000"},
        {"JPY", "JPY 12000", "12000"},  {"USD", "1234.56", "123456"}, {"USD", "$1,234.56", "123456"},
        {"USD", "1,234.5", "123450"},   {"USD", "-$5.00", "-500"},    {"USD", "0.05", "5"},
        {"KWD", "1.5", "1500"},         {"EUR", "€0", "0"},           {"JPY", "-12000", "-12000"},
        {"JPY", "9223372036854775807", "9223372036854775807"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *in[ACOL_COUNT] = {0};
        char *out[ACOL_COUNT];
        struct reports r;
        in[ACOL_REF] = "R";
        in[ACOL_NAME] = "N";
        in[ACOL_CURRENCY] = cases[i].currency;
        in[ACOL_BALANCE] = cases[i].balance;
        int problems = validate(in, zones, out, &r);
        if (problems)
            fail_msg("%s %s: %s: %s", cases[i].currency, cases[i].balance, r.column[0], r.message[0]);
        expect_out(out, ACOL_BALANCE, cases[i].minor);
        account_row_clear(out);
    }
}

/* Absent (NULL) and empty optional columns give NULL and no problem. */
static void test_optional_columns_absent_or_empty(void **state)
{
    struct zone_cache *zones = *state;
    for (int empty = 0; empty <= 1; empty++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        for (int c = 0; c < ACOL_COUNT; c++)
            in[c] = empty ? "" : NULL;
        in[ACOL_REF] = "US-1";
        in[ACOL_NAME] = "Smith, John";
        in[ACOL_CURRENCY] = "USD";
        in[ACOL_BALANCE] = "1234.56";
        assert_int_equal(validate(in, zones, out, &r), 0);
        assert_int_equal(r.n, 0);
        for (int c = 0; c < ACOL_COUNT; c++)
            if (!account_column_required((enum account_column)c))
                expect_out(out, (enum account_column)c, NULL);
        expect_out(out, ACOL_NAME, "Smith, John");
        expect_out(out, ACOL_BALANCE, "123456");
        account_row_clear(out);
    }
}

static void test_zone_lists(void **state)
{
    struct zone_cache *zones = *state;
    static const struct { const char *in, *out; } cases[] = {
        {"Asia/Tokyo", "{Asia/Tokyo}"},
        {"UTC", "{UTC}"},
        {"America/New_York|America/Chicago", "{America/New_York,America/Chicago}"},
        {"America/New_York|America/Chicago|America/Denver|America/Los_Angeles",
         "{America/New_York,America/Chicago,America/Denver,America/Los_Angeles}"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        good_row(in);
        in[ACOL_TIME_ZONE] = cases[i].in;
        int problems = validate(in, zones, out, &r);
        if (problems)
            fail_msg("%s: %s", cases[i].in, r.message[0]);
        expect_out(out, ACOL_TIME_ZONE, cases[i].out);
        account_row_clear(out);
    }
}

/* ---- problems ----------------------------------------------------------- */

static void test_required_empty(void **state)
{
    struct zone_cache *zones = *state;
    for (int empty = 0; empty <= 1; empty++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        good_row(in);
        in[ACOL_REF] = in[ACOL_NAME] = in[ACOL_CURRENCY] = in[ACOL_BALANCE] = empty ? "" : NULL;
        assert_int_equal(validate(in, zones, out, &r), 4);
        assert_int_equal(r.n, 4);
        static const char *cols[] = {"ref", "name", "currency", "balance"};
        for (int i = 0; i < 4; i++) {
            assert_string_equal(r.column[i], cols[i]);
            assert_string_equal(r.message[i], "required, but empty");
        }
        expect_out(out, ACOL_REF, NULL);
        expect_out(out, ACOL_BALANCE, NULL);
        expect_out(out, ACOL_EMAIL, "taro@example.jp"); // the rest is still normalized
        account_row_clear(out);
    }
}

/* Each bad field is reported once, under its own column, with a sentence
 * that names the problem (and quotes the value where that helps). */
static void test_each_bad_field(void **state)
{
    struct zone_cache *zones = *state;
    char long_ref[66], long_name[202];
    memset(long_ref, 'r', sizeof long_ref - 1);
    long_ref[sizeof long_ref - 1] = '\0';
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    static const struct { enum account_column c; const char *v, *why; } base[] = {
        {ACOL_CURRENCY, "XYZ", "\"XYZ\" is not a currency"},
        {ACOL_CURRENCY, "jpy", "\"jpy\" is not a currency"},
        {ACOL_BALANCE, "12.5", "JPY has no minor unit"},
        {ACOL_BALANCE, "1,23", "commas every three"},
        {ACOL_BALANCE, "$12", "looks like USD"},
        {ACOL_BALANCE, "twelve", "\"twelve\" is not an amount"},
        {ACOL_LANGUAGE, "fr", "\"fr\" is not a supported language"},
        {ACOL_LANGUAGE, "JA", "is not a supported language"},
        {ACOL_TIME_ZONE, "Mars/Olympus", "unknown time zone \"Mars/Olympus\""},
        {ACOL_TIME_ZONE, "Asia/Tokyo|Mars/Olympus", "unknown time zone \"Mars/Olympus\""},
        {ACOL_TIME_ZONE, "Asia/Tokyo|", "is not a list of IANA zones"},
        {ACOL_TIME_ZONE, "|Asia/Tokyo", "is not a list of IANA zones"},
        {ACOL_TIME_ZONE, "Asia/Tokyo||UTC", "is not a list of IANA zones"},
        {ACOL_TIME_ZONE, "Asia/Tokyo,UTC", "time zone"},
        {ACOL_TIME_ZONE, "../etc/passwd", "invalid time zone name"},
        {ACOL_DUE_DATE, "2026-02-30", "\"2026-02-30\" is not a date (YYYY-MM-DD)"},
        {ACOL_OLDEST_UNPAID_DUE_DATE, "12/01/2026", "\"12/01/2026\" is not a date"},
        {ACOL_BIRTH_DATE, "1980-13-01", "\"1980-13-01\" is not a date (YYYY-MM-DD)"},
        {ACOL_STATUS, "open", "\"open\" is not a status"},
        {ACOL_STATUS, "Active", "is not a status"},
        {ACOL_ASSIGNED_AGENT, "Sato", "\"Sato\" is not an agent login"},
        {ACOL_PRIOR_DELINQUENCIES, "-1", "\"-1\" is not a count"},
        {ACOL_PRIOR_DELINQUENCIES, "abc", "is not a count"},
        {ACOL_PRIOR_DELINQUENCIES, "1.5", "is not a count"},
        {ACOL_PRIOR_DELINQUENCIES, "10001", "is not a count"},
        {ACOL_PRIOR_DELINQUENCIES, "99999999999999999999", "is not a count"},
        {ACOL_PHONE_MOBILE, "090-1234-5678", "\"090-1234-5678\" is not an E.164 number"},
        {ACOL_PHONE_HOME, "+0 3 1234 5678", "is not an E.164 number"},
        {ACOL_PHONE_WORK, "call me", "is not an E.164 number"},
        {ACOL_EMAIL, "taro", "\"taro\" is not an email address"},
        {ACOL_EMAIL_WORK, "a@b", "is not an email address"},
        {ACOL_SMS_CONSENT, "maybe", "\"maybe\" is not true or false"},
        {ACOL_EMAIL_CONSENT, "2", "is not true or false"},
        {ACOL_CEASE, "ja", "is not true or false"},
        {ACOL_ATTORNEY, "on", "is not true or false"},
        {ACOL_DISPUTE, "x", "is not true or false"},
        {ACOL_BANKRUPTCY, "tru", "is not true or false"},
        {ACOL_EMPLOYER_PROHIBITS_CONTACT, "-", "is not true or false"},
        {ACOL_WORKPLACE_CONTACT_CONSENT, "none", "is not true or false"},
        {ACOL_PREFERRED_CONTACT_WINDOW, "21:00-08:00", "must start before it ends"},
        {ACOL_PREFERRED_CONTACT_WINDOW, "9am-5pm", "is not a window"},
    };
    struct { enum account_column c; const char *v, *why; } cases[N(base) + 2];
    for (size_t i = 0; i < N(base); i++) {
        cases[i].c = base[i].c;
        cases[i].v = base[i].v;
        cases[i].why = base[i].why;
    }
    cases[N(base)].c = ACOL_REF;
    cases[N(base)].v = long_ref;
    cases[N(base)].why = "longer than 64 characters";
    cases[N(base) + 1].c = ACOL_NAME;
    cases[N(base) + 1].v = long_name;
    cases[N(base) + 1].why = "longer than 200 bytes";

    for (size_t i = 0; i < N(cases); i++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        good_row(in);
        in[cases[i].c] = cases[i].v;
        int problems = validate(in, zones, out, &r);
        const char *col = account_column_name(cases[i].c);
        if (problems != 1 || r.n != 1)
            fail_msg("%s=\"%s\": %d problems (%d reports), want 1; first: %s: %s", col,
                     cases[i].v, problems, r.n, r.n ? r.column[0] : "-", r.n ? r.message[0] : "-");
        if (strcmp(r.column[0], col) != 0)
            fail_msg("%s=\"%s\" reported under %s", col, cases[i].v, r.column[0]);
        if (!strstr(r.message[0], cases[i].why))
            fail_msg("%s=\"%s\": \"%s\" lacks \"%s\"", col, cases[i].v, r.message[0], cases[i].why);
        expect_out(out, cases[i].c, NULL);
        if (cases[i].c != ACOL_CURRENCY)
            expect_out(out, ACOL_REF, cases[i].c == ACOL_REF ? NULL : "JP-1");
        account_row_clear(out);
    }
}

static void test_row_at_the_limits(void **state)
{
    struct zone_cache *zones = *state;
    char ref64[65], name200[201];
    memset(ref64, 'r', 64);
    ref64[64] = '\0';
    memset(name200, 'n', 200);
    name200[200] = '\0';
    const char *in[ACOL_COUNT];
    char *out[ACOL_COUNT];
    struct reports r;
    good_row(in);
    in[ACOL_REF] = ref64;
    in[ACOL_NAME] = name200;
    in[ACOL_PRIOR_DELINQUENCIES] = "10000";
    in[ACOL_PREFERRED_CONTACT_WINDOW] = "00:00-24:00";
    assert_int_equal(validate(in, zones, out, &r), 0);
    expect_out(out, ACOL_REF, ref64);
    expect_out(out, ACOL_NAME, name200);
    expect_out(out, ACOL_PRIOR_DELINQUENCIES, "10000");
    expect_out(out, ACOL_PREFERRED_CONTACT_WINDOW, "00:00-24:00");
    account_row_clear(out);

    /* Any number of zones: the engine checks them all (issue 10, item 1). */
    char many[1024] = "", literal[1024] = "{";
    for (int i = 0; i < 60; i++) {
        strcat(many, i ? "|Asia/Tokyo" : "Asia/Tokyo");
        strcat(literal, i ? ",Asia/Tokyo" : "Asia/Tokyo");
    }
    strcat(literal, "}");
    in[ACOL_TIME_ZONE] = many;
    assert_int_equal(validate(in, zones, out, &r), 0);
    expect_out(out, ACOL_TIME_ZONE, literal);
    account_row_clear(out);
    in[ACOL_TIME_ZONE] = "America/New_York|America/Chicago|America/Denver|America/Los_Angeles|Pacific/Honolulu";
    assert_int_equal(validate(in, zones, out, &r), 0);
    expect_out(out, ACOL_TIME_ZONE,
               "{America/New_York,America/Chicago,America/Denver,America/Los_Angeles,Pacific/Honolulu}");
    account_row_clear(out);

    /* A zone name longer than any real one. */
    char longzone[120];
    memset(longzone, 'A', sizeof longzone - 1);
    longzone[sizeof longzone - 1] = '\0';
    in[ACOL_TIME_ZONE] = longzone;
    assert_int_equal(validate(in, zones, out, &r), 1);
    assert_string_equal(r.column[0], "time_zone");
    account_row_clear(out);
}

/* ---- where the debtor is ------------------------------------------------ */

/* A row with the given location columns (NULL: absent) and nothing else
 * about where the debtor is, validated and then located. */
struct where {
    const char *desc;
    const char *time_zone, *mobile, *home, *work, *address, *jurisdiction;
    bool exists, creditor_policy;
    const char *zones;  ///< out[ACOL_TIME_ZONE] after, or NULL
    const char *column; ///< the one problem's column, or NULL for none
    const char *message; ///< a part of its message
};

static void test_locate(void **state)
{
    struct zone_cache *zones = *state;
    static const struct where cases[] = {
        {"the issue's row: +1 212, time_zone empty", "", "+1 212 555 0147", NULL, NULL, NULL, NULL, false, false,
         "{America/New_York}", NULL, NULL},
        {"time_zone column absent, a +81 number", NULL, "+81 90 1234 5678", NULL, NULL, NULL, NULL, false, false,
         "{Asia/Tokyo}", NULL, NULL},
        {"a Texas address: both Central and Mountain", "", NULL, NULL, NULL, "Austin TX 78701", NULL, false, false,
         "{America/Chicago,America/Denver}", NULL, NULL},
        {"a Japanese address", "", NULL, NULL, NULL, "大阪府大阪市北区1-1", NULL, false, false, "{Asia/Tokyo}", NULL,
         NULL},
        {"every number and the address, in column order, each zone once", "", "+1 813 555 0100", "+1 212 555 0101",
         NULL, "Dallas, TX 75201", "US", false, false, "{America/New_York,America/Chicago,America/Denver}", NULL,
         NULL},
        {"nothing to infer from", "", NULL, NULL, NULL, NULL, NULL, false, false, NULL, "time_zone",
         "empty, and no time zone can be inferred from the phone numbers or the address: give the debtor's IANA "
         "zone(s), e.g. America/New_York"},
        {"a Canadian number, a toll-free number, an address without a state", "", "+1 416 555 0100",
         "+1 800 555 0100", NULL, "Somewhere", NULL, false, false, NULL, "time_zone", "no time zone can be inferred"},
        {"six candidates: every one is kept (the engine checks them all)", "", "+1 907 555 0100",
         "+1 813 555 0100", "+81 3 1234 5678", "Austin TX 78701", "US", false, false,
         "{America/Anchorage,America/Adak,America/New_York,America/Chicago,Asia/Tokyo,America/Denver}", NULL, NULL},
        {"a number that failed validation reports itself, not the zone", "", "212-555-0147", NULL, NULL, NULL, NULL,
         false, false, NULL, "phone_mobile", "is not an E.164 number"},
        {"an existing account keeps its stored zones", "", "+1 212 555 0147", NULL, NULL, NULL, NULL, true, false,
         NULL, NULL, NULL},
        {"an existing account with nothing to infer from", "", NULL, NULL, NULL, NULL, NULL, true, false, NULL, NULL,
         NULL},
        {"a given zone wins over the numbers", "America/Chicago", "+1 212 555 0147", NULL, NULL, NULL, NULL, false,
         false, "{America/Chicago}", NULL, NULL},
        {"Japan and the US: no jurisdiction", "", "+81 90 1234 5678", "+1 212 555 0147", NULL, NULL, NULL, false,
         false, "{Asia/Tokyo,America/New_York}", "jurisdiction",
         "empty, and none can be inferred from the time zones (Asia/Tokyo, America/New_York): give JP, US or a code "
         "from dun.policies"},
        {"a given zone outside JP and US", "Europe/London", NULL, NULL, NULL, NULL, NULL, false, false,
         "{Europe/London}", "jurisdiction", "(Europe/London)"},
        {"a European number", "", "+44 7911 123456", NULL, NULL, NULL, NULL, false, false, "{Europe/London}",
         "jurisdiction", "(Europe/London)"},
        {"with a jurisdiction given", "", "+44 7911 123456", NULL, NULL, NULL, "US", false, false,
         "{Europe/London}", NULL, NULL},
        {"with a creditor policy the jurisdiction may stay empty", "", "+81 90 1234 5678", "+1 212 555 0147", NULL,
         NULL, NULL, false, true, "{Asia/Tokyo,America/New_York}", NULL, NULL},
        {"a bad zone is reported once, by validation", "Mars/Olympus", "+1 212 555 0147", NULL, NULL, NULL, NULL,
         false, false, NULL, "time_zone", "unknown time zone"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const struct where *w = &cases[i];
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        good_row(in);
        in[ACOL_LANGUAGE] = "en"; /* the language decides nothing */
        in[ACOL_TIME_ZONE] = w->time_zone;
        in[ACOL_PHONE_MOBILE] = w->mobile;
        in[ACOL_PHONE_HOME] = w->home;
        in[ACOL_PHONE_WORK] = w->work;
        in[ACOL_ADDRESS] = w->address;
        in[ACOL_JURISDICTION] = w->jurisdiction;
        struct account_known known = {w->exists, w->creditor_policy};
        int problems = validate(in, zones, out, &r);
        problems += account_row_locate(in, zones, &known, out, collect, &r);
        if (problems != (w->column ? 1 : 0) || problems != r.n)
            fail_msg("%s: %d problems (%s: %s)", w->desc, problems, r.n ? r.column[0] : "-",
                     r.n ? r.message[0] : "-");
        if (w->column && (strcmp(r.column[0], w->column) != 0 || !strstr(r.message[0], w->message)))
            fail_msg("%s: %s: %s, want %s: ...%s...", w->desc, r.column[0], r.message[0], w->column, w->message);
        if (!w->column || strcmp(w->column, "jurisdiction") == 0)
            expect_out(out, ACOL_TIME_ZONE, w->zones);
        account_row_clear(out);
    }
}

/* docs/import-formats.md and the accounts table (CHECK length(ref) <= 64,
 * which counts characters) allow a ref of up to 64 characters, and the
 * sentence says "characters": a 30-character Japanese ref (90 bytes) is
 * within the limit, and a 65-character one is not. */
static void test_ref_limit_counts_characters(void **state)
{
    struct zone_cache *zones = *state;
    char ref30[3 * 30 + 1], ref65[3 * 65 + 1];
    for (int i = 0; i < 65; i++) {
        if (i < 30)
            memcpy(ref30 + 3 * i, "債", 3);
        memcpy(ref65 + 3 * i, "債", 3);
    }
    ref30[90] = '\0';
    ref65[195] = '\0';
    const char *in[ACOL_COUNT];
    char *out[ACOL_COUNT];
    struct reports r;
    good_row(in);
    in[ACOL_REF] = ref65;
    assert_int_equal(validate(in, zones, out, &r), 1);
    assert_string_equal(r.column[0], "ref");
    account_row_clear(out);
    in[ACOL_REF] = ref30;
    int problems = validate(in, zones, out, &r);
    bool kept = out[ACOL_REF] && strcmp(out[ACOL_REF], ref30) == 0;
    account_row_clear(out); // before failing, so a failure does not also leak
    if (problems)
        fail_msg("a 30-character ref was refused: %s: %s", r.column[0], r.message[0]);
    assert_true(kept);
}

/* Several problems in one row are all reported, in column order. */
static void test_several_problems(void **state)
{
    struct zone_cache *zones = *state;
    const char *in[ACOL_COUNT];
    char *out[ACOL_COUNT];
    struct reports r;
    good_row(in);
    in[ACOL_NAME] = "";
    in[ACOL_BALANCE] = "12.345";
    in[ACOL_LANGUAGE] = "fr";
    in[ACOL_STATUS] = "open";
    in[ACOL_PHONE_MOBILE] = "090-1234-5678";
    in[ACOL_EMAIL] = "taro";
    in[ACOL_CEASE] = "maybe";
    assert_int_equal(validate(in, zones, out, &r), 7);
    assert_int_equal(r.n, 7);
    static const char *cols[] = {"name", "balance", "language", "status", "phone_mobile",
                                 "email", "cease"};
    for (int i = 0; i < 7; i++)
        assert_string_equal(r.column[i], cols[i]);
    assert_string_equal(r.message[0], "required, but empty");
    assert_non_null(strstr(r.message[1], "JPY has no minor unit"));
    /* The good fields are still normalized, so the caller must clear. */
    expect_out(out, ACOL_PHONE_HOME, "+81312345678");
    expect_out(out, ACOL_SMS_CONSENT, "t");
    account_row_clear(out);
}

/* A balance in an unknown currency is reported once, by the currency
 * column; the balance itself cannot be judged. */
static void test_unknown_currency_reported_once(void **state)
{
    struct zone_cache *zones = *state;
    static const struct { const char *currency, *balance, *why; } cases[] = {
        {"XYZ", "12,000", "\"XYZ\" is not a currency"},
        {"jpy", "12.345", "\"jpy\" is not a currency"},
        {"", "12,000", "required, but empty"},
        {NULL, "$12", "required, but empty"},
        {"US", "abc", "is not a currency"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        good_row(in);
        in[ACOL_CURRENCY] = cases[i].currency;
        in[ACOL_BALANCE] = cases[i].balance;
        assert_int_equal(validate(in, zones, out, &r), 1);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.column[0], "currency");
        if (!strstr(r.message[0], cases[i].why))
            fail_msg("\"%s\" lacks \"%s\"", r.message[0], cases[i].why);
        expect_out(out, ACOL_BALANCE, NULL);
        account_row_clear(out);
    }
}

/* Validating many rows with one zone cache and one out array, clearing in
 * between, leaks nothing (LeakSanitizer checks at exit). */
static void test_many_rows_no_leak(void **state)
{
    struct zone_cache *zones = *state;
    for (int i = 0; i < 500; i++) {
        const char *in[ACOL_COUNT];
        char *out[ACOL_COUNT];
        struct reports r;
        char ref[16];
        snprintf(ref, sizeof ref, "JP-%d", i);
        good_row(in);
        in[ACOL_REF] = ref;
        if (i % 3 == 0)
            in[ACOL_EMAIL] = "bad";
        int problems = validate(in, zones, out, &r);
        assert_int_equal(problems, i % 3 == 0);
        expect_out(out, ACOL_REF, ref);
        account_row_clear(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_good_row_normalizes),
        cmocka_unit_test(test_balances),
        cmocka_unit_test(test_optional_columns_absent_or_empty),
        cmocka_unit_test(test_zone_lists),
        cmocka_unit_test(test_locate),
        cmocka_unit_test(test_required_empty),
        cmocka_unit_test(test_each_bad_field),
        cmocka_unit_test(test_row_at_the_limits),
        cmocka_unit_test(test_ref_limit_counts_characters),
        cmocka_unit_test(test_several_problems),
        cmocka_unit_test(test_unknown_currency_reported_once),
        cmocka_unit_test(test_many_rows_no_leak),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
