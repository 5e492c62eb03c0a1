/* The message template import row (`dun import templates`, what
 * `dun templates export` writes): its columns, and the validation that
 * keeps a template that cannot be sent as written out of dun.templates.
 * Format and rules in docs/import-formats.md; for supervisors in
 * docs/supervisor-guide.md.
 *
 * Ownership: this module judges one row's text alone (libc only, no I/O, no
 * clock). Rendering and the merge field list are core/template.c's; which
 * policies want an opt-out instruction is data the caller passes in; the
 * store (core/db/import.c) rejects a key twice in one file and upserts.
 */
#ifndef DUN_CORE_TEMPLATE_ROW_H
#define DUN_CORE_TEMPLATE_ROW_H

#include <stdbool.h>

#include "core/account_row.h" /* struct row_column, row_error_fn */
#include "core/lint.h"

/* X(id, csv name, required), in the order the export writes them. */
#define TEMPLATE_COLUMNS(X)             \
    X(CHANNEL, "channel", true)         \
    X(NAME, "name", true)               \
    X(LANGUAGE, "language", true)       \
    X(PURPOSE, "purpose", true)         \
    X(SEGMENT, "segment", false)        \
    X(TONE, "tone", false)              \
    X(ACTIVE, "active", false)          \
    X(SUBJECT, "subject", false)        \
    X(BODY, "body", true)

enum template_column {
#define X(id, name, req) TCOL_##id,
    TEMPLATE_COLUMNS(X)
#undef X
    TCOL_COUNT
};

extern const struct row_column template_columns[TCOL_COUNT];

int template_column_find(const char *name);

/** An SMS template may take at most this many parts, counted as written
 *  (core/template.h sms_count; a {{field}} counts as its own characters). */
enum { TEMPLATE_SMS_MAX_SEGMENTS = 3 };

/** The template that answers STOP (dun serve renders it, tui/outgoing.c),
 *  so an import keeps it an SMS whose purpose is opt_out_confirmation. */
#define TEMPLATE_OPT_OUT_CONFIRMATION "opt_out_confirmation_sms"

/**
 * Validate one row. in[c] is the field text, or NULL when the file has no
 * such column. On success out[c] holds what the store writes (NULL where
 * the column is absent or empty, so the table's default applies): active ->
 * "t"/"f"; line breaks in the body -> LF; the rest as given.
 *
 * opt_out_policies names the policies that refuse a message without an
 * opt-out instruction (e.g. "US"; NULL or "" = none). A valid row whose
 * body carries none (template_has_opt_out), other than an opt-out
 * confirmation, is reported once through warn (may be NULL), column "body".
 *
 * lint, when not NULL, also holds a first notice or reminder to the template
 * lint (core/lint.h) with the configured company names and payment_link, and
 * opt_out_policies for its opt_out rule: each broken rule is a problem
 * ("rule legal_threat: ..."), so the row is refused. `dun import templates`
 * always passes one; NULL checks the row's form alone.
 * Returns the number of problems reported through err (0 = valid).
 */
int template_row_validate(const char *const in[], const char *opt_out_policies, const struct lint_conf *lint,
                          char *out[], row_error_fn err, row_error_fn warn, void *ctx);
void template_row_clear(char *out[]);

#endif
