/* Fuzz core/payment_row.c: the validation of one row of `dun import
 * payments`, without a database.
 *
 * The input is an import file (tests/fuzz/fuzz.h fuzz_rows). Properties,
 * per row:
 *  - the count returned is the number of problems reported, each naming a
 *    column of the format and saying something;
 *  - a valid row has every required column; its amount is handed on as
 *    minor units more than zero, paid_at as whole seconds; an empty
 *    column hands on nothing.
 */
#include "tests/fuzz/fuzz.h"

#include "core/payment_row.h"

static void reported(void *ctx, const char *column, const char *message)
{
    FUZZ_CHECK(payment_column_find(column) >= 0, "a problem in column \"%s\", which the format lacks", column);
    FUZZ_CHECK(message && message[0], "an empty problem in column %s", column);
    ++*(int *)ctx;
}

static void check_out(const char *const *in, char **out)
{
    for (int c = 0; c < PCOL_COUNT; c++) {
        bool given = in[c] && in[c][0];
        FUZZ_CHECK(given || !payment_column_required(c), "required %s empty but valid", payment_column_name(c));
        FUZZ_CHECK(given == (out[c] != NULL), "%s given as \"%s\", handed on as \"%s\"", payment_column_name(c),
                   in[c] ? in[c] : "(absent)", out[c] ? out[c] : "(nothing)");
    }
    const char *amount = out[PCOL_AMOUNT];
    FUZZ_CHECK(fuzz_is_integer(amount) && amount[0] != '-' && strtoll(amount, NULL, 10) > 0,
               "amount \"%s\" handed on as \"%s\"", in[PCOL_AMOUNT], amount);
    FUZZ_CHECK(fuzz_is_integer(out[PCOL_PAID_AT]), "paid_at \"%s\" handed on as \"%s\"", in[PCOL_PAID_AT],
               out[PCOL_PAID_AT]);
}

static void row(const char *const *in, size_t line, void *ctx)
{
    (void)ctx;
    char *out[PCOL_COUNT];
    int problems = 0;
    int n = payment_row_validate(in, out, reported, &problems);
    FUZZ_CHECK(n == problems, "line %zu: %d problems returned, %d reported", line, n, problems);
    if (n == 0)
        check_out(in, out);
    payment_row_clear(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows(data, size, PCOL_COUNT, payment_column_find, row, NULL);
    return 0;
}
