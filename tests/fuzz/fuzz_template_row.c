/* Fuzz core/template_row.c: the validation of one row of `dun import
 * templates` (what `dun templates export` writes), without a database.
 *
 * The input is an import file (tests/fuzz/fuzz.h fuzz_rows); rows are
 * checked both with and without a policy that requires an opt-out
 * instruction. Properties, per row:
 *  - the count returned is the number of problems reported, each naming a
 *    column of the format and saying something;
 *  - a valid row has every required column; its body has LF line breaks
 *    only and passes template_check, and fits struct template_row (the
 *    loader refuses one that does not); a subject is one line; an SMS has
 *    no subject and at most TEMPLATE_SMS_MAX_SEGMENTS parts; active is t
 *    or f; the warning about a missing opt-out comes only for a valid row;
 *  - a valid row's body and subject render with every merge field given
 *    (what the import accepts can be sent).
 */
#include "tests/fuzz/fuzz.h"

#include "core/template.h"
#include "core/template_row.h"

struct counts {
    int problems, warnings;
};

static void reported(void *ctx, const char *column, const char *message)
{
    FUZZ_CHECK(template_column_find(column) >= 0, "a problem in column \"%s\", which the format lacks", column);
    FUZZ_CHECK(message && message[0], "an empty problem in column %s", column);
    ((struct counts *)ctx)->problems++;
}

static void warned(void *ctx, const char *column, const char *message)
{
    FUZZ_CHECK(strcmp(column, "body") == 0 && message && message[0], "a warning in column %s", column);
    ((struct counts *)ctx)->warnings++;
}

/* Every merge field with a value, as an account with a promise has them. */
static const struct merge_values full = {
    .name = "山田太郎", .agent = "佐藤", .company = "ACME", .phone = "0120-123-456",
    .payment_link = "https://pay.example/x", .opt_out = "Reply STOP to opt out.", .currency = "JPY",
    .has_balance = true, .balance_minor = 48000, .has_amount_due = true, .amount_due_minor = 12000,
    .has_due_date = true, .due_date = 20782, .has_promise = true, .promise_minor = 5000, .promise_date = 20788,
    .language = "ja",
};

/* What the import accepts can be sent: it renders with every value. */
static void check_renders(const char *text)
{
    static char out[65536];
    char err[256];
    FUZZ_CHECK(template_render(text, &full, out, sizeof out, err, sizeof err),
               "accepted \"%.60s\" does not render: %s", text, err);
}

static void check_out(const char *const *in, char **out)
{
    struct template_row t;
    char err[256];
    for (int c = 0; c < TCOL_COUNT; c++)
        FUZZ_CHECK(!template_columns[c].required || (in[c] && in[c][0] && out[c]), "required %s empty but valid",
                   template_columns[c].name);
    const char *body = out[TCOL_BODY], *subject = out[TCOL_SUBJECT];
    FUZZ_CHECK(!strchr(body, '\r'), "a body with a CR");
    FUZZ_CHECK(strlen(body) < sizeof t.body, "a body of %zu bytes", strlen(body));
    FUZZ_CHECK(template_check(body, err, sizeof err), "a body with a bad merge field: %s", err);
    check_renders(body);
    if (subject)
        check_renders(subject);
    if (strcmp(out[TCOL_CHANNEL], "sms") == 0) {
        struct sms_count c;
        sms_count(body, &c);
        FUZZ_CHECK(!subject && c.segments <= TEMPLATE_SMS_MAX_SEGMENTS, "an SMS of %d parts, subject %s", c.segments,
                   subject ? subject : "(none)");
    } else {
        FUZZ_CHECK(subject && !strpbrk(subject, "\r\n") && strlen(subject) < sizeof t.subject &&
                       template_check(subject, err, sizeof err),
                   "an email's subject \"%s\"", subject ? subject : "(none)");
    }
    const char *active = out[TCOL_ACTIVE];
    if (active)
        FUZZ_CHECK(strcmp(active, "t") == 0 || strcmp(active, "f") == 0, "active handed on as \"%s\"", active);
    FUZZ_CHECK(strlen(out[TCOL_NAME]) < sizeof t.name && (!out[TCOL_SEGMENT] || strlen(out[TCOL_SEGMENT]) < sizeof t.segment),
               "a name or segment that does not fit");
}

/* The lint as an import runs it, against a configured company and page. */
static const struct lint_conf lint = {.company = "ACME", .payment_link = "https://pay.example/"};

static void row(const char *const *in, size_t line, void *ctx)
{
    (void)ctx;
    static const char *const policies[] = {NULL, "US"};
    for (size_t p = 0; p < 2; p++) {
        char *out[TCOL_COUNT];
        struct counts k = {0, 0};
        int n = template_row_validate(in, policies[p], p ? &lint : NULL, out, reported, warned, &k);
        FUZZ_CHECK(n == k.problems, "line %zu: %d problems returned, %d reported", line, n, k.problems);
        FUZZ_CHECK(k.warnings <= (n == 0 && policies[p]), "line %zu: %d warnings with %d problems", line,
                   k.warnings, n);
        if (n == 0)
            check_out(in, out);
        template_row_clear(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows(data, size, TCOL_COUNT, template_column_find, row, NULL);
    return 0;
}
