/* Fuzz core/contact_row.c: the validation of one row of `dun import
 * contacts` (history from another system), without a database.
 *
 * The input is an import file (tests/fuzz/fuzz.h fuzz_rows). Properties,
 * per row:
 *  - the count returned is the number of problems reported, each naming a
 *    column of the format and saying something;
 *  - a valid row has every required column; `at` is handed on as whole
 *    seconds, a phone or SMS target in E.164 (normalising again changes
 *    nothing), consent as t or f; an empty column hands on nothing.
 */
#include "tests/fuzz/fuzz.h"

#include "core/contact_row.h"
#include "core/validate.h"

static void reported(void *ctx, const char *column, const char *message)
{
    FUZZ_CHECK(contact_column_find(column) >= 0, "a problem in column \"%s\", which the format lacks", column);
    FUZZ_CHECK(message && message[0], "an empty problem in column %s", column);
    ++*(int *)ctx;
}

static void check_out(const char *const *in, char **out)
{
    char norm[64], err[256];
    for (int c = 0; c < CCOL_COUNT; c++) {
        bool given = in[c] && in[c][0];
        FUZZ_CHECK(given || !contact_column_required(c), "required %s empty but valid", contact_column_name(c));
        FUZZ_CHECK(given == (out[c] != NULL), "%s given as \"%s\", handed on as \"%s\"", contact_column_name(c),
                   in[c] ? in[c] : "(absent)", out[c] ? out[c] : "(nothing)");
    }
    FUZZ_CHECK(fuzz_is_integer(out[CCOL_AT]), "at \"%s\" handed on as \"%s\"", in[CCOL_AT], out[CCOL_AT]);
    FUZZ_CHECK(contact_outcome_valid(out[CCOL_OUTCOME]), "outcome \"%s\" accepted", out[CCOL_OUTCOME]);
    const char *ch = out[CCOL_CHANNEL], *target = out[CCOL_TARGET];
    if (target && (strcmp(ch, "phone") == 0 || strcmp(ch, "sms") == 0))
        FUZZ_CHECK(phone_normalize(target, norm, sizeof norm, err, sizeof err) && strcmp(norm, target) == 0,
                   "target \"%s\" handed on as \"%s\", not E.164", in[CCOL_TARGET], target);
    const char *consent = out[CCOL_CONSENT_GIVEN];
    if (consent)
        FUZZ_CHECK(strcmp(consent, "t") == 0 || strcmp(consent, "f") == 0, "consent \"%s\" handed on as \"%s\"",
                   in[CCOL_CONSENT_GIVEN], consent);
}

static void row(const char *const *in, size_t line, void *ctx)
{
    (void)ctx;
    char *out[CCOL_COUNT];
    int problems = 0;
    int n = contact_row_validate(in, out, reported, &problems);
    FUZZ_CHECK(n == problems, "line %zu: %d problems returned, %d reported", line, n, problems);
    if (n == 0)
        check_out(in, out);
    contact_row_clear(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows(data, size, CCOL_COUNT, contact_column_find, row, NULL);
    return 0;
}
