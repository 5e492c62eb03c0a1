/* The account import row: its columns, and the validation that turns the
 * text of one CSV row into the normalized values the store upserts.
 * Format documented in docs/import-formats.md.
 */
#ifndef DUN_CORE_ACCOUNT_ROW_H
#define DUN_CORE_ACCOUNT_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/safetext.h" /* enum text_kind */

struct zone_cache;

/** One column of an import format: its CSV name, whether it is required,
 *  and what its text may hold (one line by default). */
struct row_column {
    const char *name;
    bool required;
    enum text_kind text;
};

/** The column called name (exact, lower case) among cols[0..n), or -1. */
int row_column_find(const struct row_column *cols, int n, const char *name);

/** Called once per problem found in a row. */
typedef void (*row_error_fn)(void *ctx, const char *column, const char *message);

/**
 * The text of a row, before anything else is checked: every given field
 * (in[c] not NULL, not empty) against its column's kind (text_check: no
 * control character or bidirectional override; nothing invisible in a ref
 * or a name; line breaks only where the column is multi-line). Each problem
 * through err, with the character's position and code point; returns how
 * many. The value itself is not repeated: it is what a terminal must not get.
 */
int row_text_check(const struct row_column *cols, int n, const char *const in[], row_error_fn err, void *ctx);

/* X(id, csv name, required) */
#define ACCOUNT_COLUMNS(X)                                  \
    X(REF, "ref", true)                                     \
    X(NAME, "name", true)                                   \
    X(CURRENCY, "currency", true)                           \
    X(BALANCE, "balance", true)                             \
    X(CREDITOR, "creditor", false)                          \
    X(LANGUAGE, "language", false)                          \
    X(TIME_ZONE, "time_zone", false)                        \
    X(DUE_DATE, "due_date", false)                          \
    X(OLDEST_UNPAID_DUE_DATE, "oldest_unpaid_due_date", false) \
    X(STATUS, "status", false)                              \
    X(SEGMENT, "segment", false)                            \
    X(ASSIGNED_AGENT, "assigned_agent", false)              \
    X(TEAM, "team", false)                                  \
    X(PRIOR_DELINQUENCIES, "prior_delinquencies", false)    \
    X(PHONE_MOBILE, "phone_mobile", false)                  \
    X(PHONE_HOME, "phone_home", false)                      \
    X(PHONE_WORK, "phone_work", false)                      \
    X(EMAIL, "email", false)                                \
    X(EMAIL_WORK, "email_work", false)                      \
    X(SMS_CONSENT, "sms_consent", false)                    \
    X(EMAIL_CONSENT, "email_consent", false)                \
    X(CEASE, "cease", false)                                \
    X(ATTORNEY, "attorney", false)                          \
    X(DISPUTE, "dispute", false)                            \
    X(BANKRUPTCY, "bankruptcy", false)                      \
    X(EMPLOYER_PROHIBITS_CONTACT, "employer_prohibits_contact", false) \
    X(WORKPLACE_CONTACT_CONSENT, "workplace_contact_consent", false)   \
    X(PREFERRED_CONTACT_WINDOW, "preferred_contact_window", false) \
    X(JURISDICTION, "jurisdiction", false)                  \
    X(ADDRESS, "address", false)                            \
    X(DECEASED, "deceased", false)                          \
    X(SMS_OPT_OUT, "sms_opt_out", false)                    \
    X(EMAIL_OPT_OUT, "email_opt_out", false)               \
    X(BIRTH_DATE, "birth_date", false)

enum account_column {
#define X(id, name, req) ACOL_##id,
    ACCOUNT_COLUMNS(X)
#undef X
    ACOL_COUNT
};

/** CSV name of a column. */
extern const struct row_column account_columns[ACOL_COUNT];

const char *account_column_name(enum account_column c);
/** Column by CSV name (exact, lower case), or -1. */
int account_column_find(const char *name);
bool account_column_required(enum account_column c);

/**
 * Validate one row. in[c] is the field text, or NULL when the file has no
 * such column. On success out[c] holds the normalized text the store expects
 * (NULL where the column is absent or empty):
 *   balance -> minor units ("1234.56" USD -> "123456"); flags -> "t"/"f";
 *   time_zone -> a PostgreSQL array literal "{Asia/Tokyo,America/New_York}"
 *   (any number of zones: the compliance engine checks every one);
 *   phones -> E.164; preferred_contact_window -> "HH:MM-HH:MM" as given.
 * out strings are allocated; free them with account_row_clear(). Returns the
 * number of problems reported through err (0 = valid).
 */
int account_row_validate(const char *const in[ACOL_COUNT], struct zone_cache *zones,
                         char *out[ACOL_COUNT], row_error_fn err, void *ctx);
void account_row_clear(char *out[ACOL_COUNT]);

/** What the store knows about a row's account (the import looks it up). */
struct account_known {
    bool exists;          ///< the ref is already in the store
    bool creditor_policy; ///< the row's creditor has an entry in dun.creditor_policies
};

/**
 * Where the debtor is, after account_row_validate (in and out as it left
 * them). When time_zone is empty, a new account takes the zones its phone
 * numbers and address indicate (core/locate.h) into out[ACOL_TIME_ZONE], and
 * is refused when they indicate none; an
 * existing account keeps its stored zones (out[ACOL_TIME_ZONE] stays NULL).
 * A new account with no jurisdiction whose creditor has no policy is refused
 * when its zones imply none (locate_jurisdiction). The language never
 * decides. Returns the number of problems reported through err.
 */
int account_row_locate(const char *const in[ACOL_COUNT], struct zone_cache *zones, const struct account_known *known,
                       char *out[ACOL_COUNT], row_error_fn err, void *ctx);

#endif
