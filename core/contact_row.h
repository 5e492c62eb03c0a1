/* The contact history import row (teams migrating from another system):
 * its columns and validation. Format in docs/import-formats.md. */
#ifndef DUN_CORE_CONTACT_ROW_H
#define DUN_CORE_CONTACT_ROW_H

#include <stdbool.h>

#include "core/account_row.h" /* row_error_fn */

#define CONTACT_COLUMNS(X)                  \
    X(ACCOUNT_REF, "account_ref", true)     \
    X(CHANNEL, "channel", true)             \
    X(DIRECTION, "direction", true)         \
    X(AT, "at", true)                       \
    X(OUTCOME, "outcome", true)             \
    X(TARGET, "target", false)              \
    X(CONSENT_GIVEN, "consent_given", false)

enum contact_column {
#define X(id, name, req) CCOL_##id,
    CONTACT_COLUMNS(X)
#undef X
    CCOL_COUNT
};

extern const struct row_column contact_columns[CCOL_COUNT];

const char *contact_column_name(int c);
int contact_column_find(const char *name);
bool contact_column_required(int c);
/** Is this one of the outcomes the contact log knows? */
bool contact_outcome_valid(const char *outcome);

/**
 * Validate one row; out[c] gets normalized text (at -> seconds since the
 * epoch, phone targets -> E.164, consent -> t/f). Returns the problem count.
 */
int contact_row_validate(const char *const in[], char *out[], row_error_fn err, void *ctx);
void contact_row_clear(char *out[]);

#endif
