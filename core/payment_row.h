/* The payment import row (payments received, from the creditor's or the
 * payment processor's export): its columns and validation. Format in
 * docs/import-formats.md. */
#ifndef DUN_CORE_PAYMENT_ROW_H
#define DUN_CORE_PAYMENT_ROW_H

#include <stdbool.h>

#include "core/account_row.h" /* row_error_fn */

#define PAYMENT_COLUMNS(X)                  \
    X(ACCOUNT_REF, "account_ref", true)     \
    X(AMOUNT, "amount", true)               \
    X(CURRENCY, "currency", true)           \
    X(PAID_AT, "paid_at", true)             \
    X(METHOD, "method", false)              \
    X(PAYMENT_ID, "payment_id", true)

enum payment_column {
#define X(id, name, req) PCOL_##id,
    PAYMENT_COLUMNS(X)
#undef X
    PCOL_COUNT
};

enum { PAYMENT_ID_MAX = 128, PAYMENT_METHOD_MAX = 64 };

extern const struct row_column payment_columns[PCOL_COUNT];

const char *payment_column_name(int c);
int payment_column_find(const char *name);
bool payment_column_required(int c);

/**
 * Validate one row; out[c] gets normalized text: amount -> minor units of the
 * row's currency (more than zero), paid_at -> seconds since the epoch; the
 * other columns as given. Whether the account exists, uses that currency and
 * whether the payment_id is new are for the store to judge. Returns the
 * problem count.
 */
int payment_row_validate(const char *const in[], char *out[], row_error_fn err, void *ctx);
void payment_row_clear(char *out[]);

#endif
