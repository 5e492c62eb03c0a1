#include "core/payment_row.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#include "core/date.h"
#include "core/money.h"

const struct row_column payment_columns[PCOL_COUNT] = {
/* The ref and the payment's id are compared: nothing invisible in them. */
#define PCOL_TEXT(c) ((c) == PCOL_ACCOUNT_REF || (c) == PCOL_PAYMENT_ID ? TEXT_NAME : TEXT_LINE)
#define X(id, nm, req) [PCOL_##id] = {nm, req, PCOL_TEXT(PCOL_##id)},
    PAYMENT_COLUMNS(X)
#undef X
};

const char *payment_column_name(int c) { return payment_columns[c].name; }
bool payment_column_required(int c) { return payment_columns[c].required; }

int payment_column_find(const char *name) { return row_column_find(payment_columns, PCOL_COUNT, name); }

int payment_row_validate(const char *const in[], char *out[], row_error_fn err, void *ctx)
{
    int problems = 0;
    char msg[400], buf[64];
    const char *v;
#define BAD(col, ...) do { snprintf(msg, sizeof msg, __VA_ARGS__); err(ctx, payment_columns[col].name, msg); problems++; } while (0)
    for (int c = 0; c < PCOL_COUNT; c++) {
        out[c] = NULL;
        if ((!in[c] || !*in[c]) && payment_columns[c].required)
            BAD(c, "required, but empty");
    }
    if ((v = in[PCOL_ACCOUNT_REF]) && *v) {
        if (utf8_length(v) > 64)
            BAD(PCOL_ACCOUNT_REF, "longer than 64 characters");
        else
            out[PCOL_ACCOUNT_REF] = strdup(v);
    }
    const struct currency *cur = NULL;
    if ((v = in[PCOL_CURRENCY]) && *v) {
        if (!(cur = currency_find(v)))
            BAD(PCOL_CURRENCY, "\"%s\" is not a currency dun knows (ISO 4217 code such as JPY or USD)", v);
        else
            out[PCOL_CURRENCY] = strdup(v);
    }
    if ((v = in[PCOL_AMOUNT]) && *v && cur) { /* without a currency, the currency column reports it */
        char e[256];
        int64_t minor;
        if (!money_parse(v, cur, 0, &minor, e, sizeof e))
            BAD(PCOL_AMOUNT, "%s", e);
        else if (minor <= 0)
            BAD(PCOL_AMOUNT, "\"%s\" is not a payment: the amount must be more than zero", v);
        else {
            snprintf(buf, sizeof buf, "%" PRId64, minor);
            out[PCOL_AMOUNT] = strdup(buf);
        }
    }
    if ((v = in[PCOL_PAID_AT]) && *v) {
        dun_time at;
        if (!iso8601_parse(v, &at))
            BAD(PCOL_PAID_AT, "\"%s\" is not an ISO 8601 time with an offset (e.g. 2026-11-20T14:05:00+09:00)", v);
        else if (!time_in_range(at))
            BAD(PCOL_PAID_AT, "\"%s\" is outside the dates dun accepts (" DATE_RANGE_TEXT ")", v);
        else {
            snprintf(buf, sizeof buf, "%lld", (long long)at);
            out[PCOL_PAID_AT] = strdup(buf);
        }
    }
    if ((v = in[PCOL_METHOD]) && *v) {
        if (utf8_length(v) > PAYMENT_METHOD_MAX)
            BAD(PCOL_METHOD, "longer than %d characters", PAYMENT_METHOD_MAX);
        else
            out[PCOL_METHOD] = strdup(v);
    }
    if ((v = in[PCOL_PAYMENT_ID]) && *v) {
        if (utf8_length(v) > PAYMENT_ID_MAX)
            BAD(PCOL_PAYMENT_ID, "longer than %d characters", PAYMENT_ID_MAX);
        else
            out[PCOL_PAYMENT_ID] = strdup(v);
    }
#undef BAD
    return problems;
}

void payment_row_clear(char *out[])
{
    for (int c = 0; c < PCOL_COUNT; c++) {
        free(out[c]);
        out[c] = NULL;
    }
}
