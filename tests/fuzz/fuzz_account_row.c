/* Fuzz core/account_row.c: the validation of one row of `dun import
 * accounts`, then where the debtor is (account_row_locate), without a
 * database.
 *
 * The input is an import file (header and rows, tests/fuzz/fuzz.h
 * fuzz_rows). Properties, per row:
 *  - the count returned is the number of problems reported, each naming a
 *    column of the format and saying something;
 *  - a valid row has every required column, and what it hands the store
 *    is what the store reads: balance a whole number, flags t or f, dates
 *    YYYY-MM-DD, phones in E.164 (normalising again changes nothing), time
 *    zones an array literal {a,b};
 *  - nothing is handed on for an absent or empty column.
 * Zones load from the system's tzdata through one cache kept for the run.
 */
#include "tests/fuzz/fuzz.h"

#include "core/account_row.h"
#include "core/date.h"
#include "core/validate.h"
#include "core/zone.h"

static struct zone_cache *zones;

static void reported(void *ctx, const char *column, const char *message)
{
    FUZZ_CHECK(account_column_find(column) >= 0, "a problem in column \"%s\", which the format lacks", column);
    FUZZ_CHECK(message && message[0], "an empty problem in column %s", column);
    ++*(int *)ctx;
}

static bool given(const char *const *in, int c)
{
    return in[c] && in[c][0];
}

static void check_out(const char *const *in, char **out)
{
    char norm[64], err[256];
    int64_t days;
    for (int c = 0; c < ACOL_COUNT; c++) {
        const char *name = account_column_name((enum account_column)c);
        if (!given(in, c)) {
            FUZZ_CHECK(!account_column_required((enum account_column)c), "required %s empty but valid", name);
            FUZZ_CHECK(!out[c] || c == ACOL_TIME_ZONE, "%s is empty, yet \"%s\" is stored", name, out[c]);
            continue;
        }
        const char *v = out[c];
        FUZZ_CHECK(v, "%s \"%s\" valid, but nothing stored", name, in[c]);
        switch (c) {
        case ACOL_BALANCE:
            FUZZ_CHECK(fuzz_is_integer(v), "balance \"%s\" stored as \"%s\"", in[c], v);
            break;
        case ACOL_DUE_DATE:
        case ACOL_OLDEST_UNPAID_DUE_DATE:
            FUZZ_CHECK(date_parse(v, &days), "%s \"%s\" stored as \"%s\"", name, in[c], v);
            break;
        case ACOL_PHONE_MOBILE:
        case ACOL_PHONE_HOME:
        case ACOL_PHONE_WORK:
            FUZZ_CHECK(phone_normalize(v, norm, sizeof norm, err, sizeof err) && strcmp(norm, v) == 0,
                       "%s \"%s\" stored as \"%s\", not E.164", name, in[c], v);
            break;
        case ACOL_SMS_CONSENT:
        case ACOL_EMAIL_CONSENT:
        case ACOL_CEASE:
        case ACOL_ATTORNEY:
        case ACOL_DISPUTE:
        case ACOL_BANKRUPTCY:
        case ACOL_EMPLOYER_PROHIBITS_CONTACT:
        case ACOL_WORKPLACE_CONTACT_CONSENT:
        case ACOL_DECEASED:
        case ACOL_SMS_OPT_OUT:
        case ACOL_EMAIL_OPT_OUT:
            FUZZ_CHECK(strcmp(v, "t") == 0 || strcmp(v, "f") == 0, "flag %s \"%s\" stored as \"%s\"", name, in[c], v);
            break;
        default:
            break;
        }
    }
    const char *tz = out[ACOL_TIME_ZONE];
    if (tz)
        FUZZ_CHECK(tz[0] == '{' && tz[strlen(tz) - 1] == '}' && strlen(tz) > 2, "time zones stored as \"%s\"", tz);
}

static void row(const char *const *in, size_t line, void *ctx)
{
    (void)ctx;
    char *out[ACOL_COUNT];
    int problems = 0;
    int n = account_row_validate(in, zones, out, reported, &problems);
    FUZZ_CHECK(n == problems, "line %zu: %d problems returned, %d reported", line, n, problems);
    if (n == 0) {
        struct account_known known = {.exists = line % 2 == 0, .creditor_policy = line % 3 == 0};
        n = account_row_locate(in, zones, &known, out, reported, &problems);
        FUZZ_CHECK(n == problems, "line %zu: %d location problems returned, %d reported", line, n, problems);
        if (n == 0)
            check_out(in, out);
    }
    account_row_clear(out);
    for (int c = 0; c < ACOL_COUNT; c++)
        FUZZ_CHECK(!out[c], "account_row_clear left column %d", c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!zones && !(zones = zone_cache_new()))
        abort();
    fuzz_rows(data, size, ACOL_COUNT, account_column_find, row, NULL);
    return 0;
}
