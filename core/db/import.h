/* Imports through COPY: a CSV file is checked record by record, the sound
 * records are validated row by row in core in one pass, the valid rows
 * streamed through COPY into a staging table, and merged with set-based
 * statements in one transaction. Nothing is written when any row is bad,
 * unless the caller asks for a partial import. */
#ifndef DUN_DB_IMPORT_H
#define DUN_DB_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"

struct lint_conf; /* core/lint.h */

struct db;
struct zone_cache;
struct settle_counts;

/** One problem: the physical line (1 = header), the column (or "" for the
 *  whole row) and a sentence. */
typedef void (*import_problem_fn)(void *ctx, size_t line, const char *column, const char *message);

struct import_result {
    size_t rows;      ///< data rows read (blank lines not counted)
    size_t imported;  ///< rows written (0 when rejected as a whole)
    size_t rejected;  ///< rows with at least one problem
    size_t already;   ///< rows already in the store, skipped (payments: same payment_id and details;
                      ///< templates: equal to the stored template; contacts: an identical entry)
    size_t repeated;  ///< contacts: rows identical to an earlier line of the file, stored once
    size_t created;   ///< templates: rows that were new (the rest of `imported` changed a stored one)
    bool header_bad;  ///< the header itself was unusable: nothing can be imported
};

/**
 * Import accounts from CSV bytes. Returns false only when the store failed
 * (err says why, nothing written); bad rows are reported through `problem`
 * and counted in `res`. Account imports take turns (a transaction-level
 * advisory lock, taken before the file's refs are looked up): a concurrent
 * one waits, then finds what the other stored.
 */
bool import_accounts(struct db *db, const char *data, size_t len, bool partial,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, char *err, size_t errlen);

/** Import contact history (teams migrating from another system). Same rules;
 *  an entry identical to one already in the log (res->already) or to an
 *  earlier line of the file (res->repeated) is not recorded twice:
 *  identical means the same account, channel, direction, time, outcome and
 *  target. */
bool import_contacts(struct db *db, const char *data, size_t len, bool partial,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, char *err, size_t errlen);

/**
 * Import payments received. Idempotent on payment_id: a payment already
 * stored with the same account, amount, currency and time is skipped
 * (counted in res->already); with other details it is a row error. In the
 * same transaction the new payments are inserted, each account's balance is
 * reduced by them, and the promises of those accounts are settled as of
 * `now` (store_settle_accounts; changes counted in *settled, which may be
 * NULL). The accounts are locked first, so concurrent imports of
 * overlapping files apply every payment once.
 */
bool import_payments(struct db *db, const char *data, size_t len, bool partial, dun_time now,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, struct settle_counts *settled, char *err, size_t errlen);

/**
 * Import message templates (supervisors edit them as a file: `dun templates
 * export`, edit, import). Upserted on (channel, name, language): a new key
 * is inserted with the table's defaults for the columns the file lacks; a
 * known one is updated in the columns the file has, and left untouched
 * (counted in res->already) when they equal the stored ones. Rows are
 * checked by template_row_validate (core/template_row.h), with the codes of
 * the policies that require an opt-out instruction; a valid row that would
 * be refused under them is reported through `warning` (may be NULL), which
 * rejects nothing. A first notice or reminder is also held to the template
 * lint (core/lint.h) against lint (the configured company names and
 * payment_link; NULL: checked against nothing configured), and a row that
 * breaks a rule is a problem like any other. Whether the caller may import
 * templates is the caller's to check.
 */
bool import_templates(struct db *db, const char *data, size_t len, bool partial, int64_t agent_id,
                      const struct lint_conf *lint, import_problem_fn problem, import_problem_fn warning, void *ctx, struct import_result *res,
                      char *err, size_t errlen);

#endif
