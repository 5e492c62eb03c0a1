/* Fuzz core/template.c: merging a template with an account's values,
 * checking a template, counting an SMS, and the opt-out test.
 *
 * The input's first CSV record holds the merge values in the order of
 * `columns` below (an empty field is no value; numbers are decimal, days
 * since 1970-01-01); the rest of the input is the template text.
 * Properties:
 *  - a message renders only from a template template_check accepts, and
 *    template_check_each finds a problem exactly when template_check does;
 *  - a rendered message fits its buffer and has no unmerged {{field}};
 *    it renders the same into a buffer just big enough, and is refused
 *    (nothing written) by one a byte smaller;
 *  - a refusal leaves the output empty and says why;
 *  - an SMS is at least one part; a template that uses {{opt_out}} carries
 *    an opt-out instruction.
 */
#include "tests/fuzz/fuzz.h"

#include "core/date.h"
#include "core/template.h"

enum { V_NAME, V_AGENT, V_COMPANY, V_PHONE, V_LINK, V_OPT_OUT, V_CURRENCY, V_BALANCE, V_DUE, V_DUE_DATE,
       V_PROMISE, V_PROMISE_DATE, V_LANGUAGE, V_COUNT };

/* Days PostgreSQL's date type holds (4713 BC .. 5874897 AD). */
#define PG_DAY_MIN (-2440588)
#define PG_DAY_MAX (2147483494)

static const char *field(const struct csv_record *r, int i)
{
    return (size_t)i < r->nfields && r->fields[i][0] ? r->fields[i] : NULL;
}

static bool number(const struct csv_record *r, int i, int64_t *v)
{
    const char *s = field(r, i);
    if (!s)
        return false;
    *v = strtoll(s, NULL, 10);
    return true;
}

static struct merge_values values(const struct csv_record *r)
{
    struct merge_values v = {
        .name = field(r, V_NAME), .agent = field(r, V_AGENT), .company = field(r, V_COMPANY),
        .phone = field(r, V_PHONE), .payment_link = field(r, V_LINK), .opt_out = field(r, V_OPT_OUT),
        .currency = field(r, V_CURRENCY), .language = field(r, V_LANGUAGE),
    };
    v.has_balance = number(r, V_BALANCE, &v.balance_minor);
    v.has_amount_due = number(r, V_DUE, &v.amount_due_minor);
    if ((v.has_due_date = number(r, V_DUE_DATE, &v.due_date)))
        v.due_date = fuzz_clamp(v.due_date, PG_DAY_MIN, PG_DAY_MAX);
    int64_t d;
    v.has_promise = number(r, V_PROMISE, &v.promise_minor) && number(r, V_PROMISE_DATE, &d);
    if (v.has_promise)
        v.promise_date = fuzz_clamp(d, PG_DAY_MIN, PG_DAY_MAX);
    return v;
}

static void count_each(void *ctx, const char *message)
{
    FUZZ_CHECK(message && message[0], "template_check_each reported an empty message");
    ++*(int *)ctx;
}

static void check_render(const char *text, const struct merge_values *v)
{
    static char out[4096], again[4096];
    char err[256];
    bool checked = template_check(text, err, sizeof err);
    int problems = 0;
    FUZZ_CHECK(template_check_each(text, count_each, &problems) == problems, "template_check_each miscounts");
    FUZZ_CHECK(checked == (problems == 0), "template_check says %d, template_check_each found %d problems",
               checked, problems);
    bool ok = template_render(text, v, out, sizeof out, err, sizeof err);
    if (!ok) {
        FUZZ_CHECK(out[0] == '\0' && err[0], "a refused render left \"%.40s\" and no reason", out);
        return;
    }
    FUZZ_CHECK(checked, "rendered a template template_check refuses");
    size_t len = strlen(out);
    FUZZ_CHECK(len < sizeof out && err[0] == '\0', "a render of %zu bytes with error \"%s\"", len, err);
    FUZZ_CHECK(!strstr(out, "{{"), "\"%.60s\" rendered as \"%.60s\", with a {{ left", text, out);
    FUZZ_CHECK(template_render(text, v, again, len + 1, err, sizeof err) && strcmp(out, again) == 0,
               "does not render the same into %zu bytes", len + 1);
    FUZZ_CHECK(!template_render(text, v, again, len, err, sizeof err) && again[0] == '\0' && err[0],
               "rendered %zu bytes into %zu", len, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = fuzz_cstr(data, size);
    size_t len = strlen(input);
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, input, len);
    if (!csv_next(&sc, &rec) || rec.error) {
        csv_record_free(&rec);
        free(input);
        return 0;
    }
    const char *text = input + rec.raw_end;
    struct merge_values v = values(&rec);
    check_render(text, &v);

    struct sms_count c;
    sms_count(text, &c);
    FUZZ_CHECK(c.segments >= 1 && c.chars >= 0, "an SMS of %d parts, %d characters", c.segments, c.chars);
    FUZZ_CHECK(c.segments == 1 || c.chars > (c.ucs2 ? 70 : 160), "%d characters in %d parts", c.chars, c.segments);
    if (template_has_field(text, "opt_out"))
        FUZZ_CHECK(template_has_opt_out(text), "uses {{opt_out}} but has no opt-out instruction");

    char date[64];
    template_format_date(v.has_due_date ? v.due_date : 0, v.language, date, sizeof date);
    csv_record_free(&rec);
    free(input);
    return 0;
}
