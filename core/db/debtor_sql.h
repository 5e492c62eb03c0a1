/* An account's compliance facts as columns of a statement, shared by the
 * loader (store_debtors_load) and the queue's reads, whose rows carry their
 * account's facts: one statement reads both. Private to core/db. */
#ifndef DUN_CORE_DB_DEBTOR_SQL_H
#define DUN_CORE_DB_DEBTOR_SQL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/db/store.h"

/* The facts of dun.accounts a joined with DEBTOR_POLICY_JOIN. */
#define DEBTOR_COLUMNS                                                                     \
    "a.id, a.ref, ap.policy_code, array_to_string(a.time_zones, ' '),"                     \
    "       a.preferred_window_start IS NOT NULL,"                                         \
    "       coalesce(extract(epoch FROM a.preferred_window_start)::int / 60, 0),"          \
    "       coalesce(extract(epoch FROM a.preferred_window_end)::int / 60, 0),"            \
    "       a.cease, a.attorney, a.dispute, a.bankruptcy, a.deceased,"                     \
    "       a.employer_prohibits_contact, a.workplace_contact_consent,"                    \
    "       a.sms_consent, a.email_consent, a.sms_opt_out, a.email_opt_out,"               \
    "       coalesce(a.postal_address, ''), a.status, a.balance_minor, a.currency"
#define DEBTOR_POLICY_JOIN " JOIN dun.account_policy ap ON ap.account_id = a.id"

/* Records taken from rows as they arrive, in an array that doubles. */
struct debtor_sink {
    struct debtor_record *recs;
    size_t n, cap;
    bool out_of_memory;
};

/** Row i's facts, from column col on, as the sink's next record; false
 *  when out of memory (noted in the sink, which stays whole for
 *  debtor_sink_finish). */
bool debtor_sink_take(struct debtor_sink *k, const PGresult *r, int i, int col);
/** Hand the sink's records over (sorted by account; *out never NULL), with
 *  their contact points and the history of q->since..q->now, when ok (the
 *  statement that filled the sink succeeded); else, or on a failure here
 *  (err says why), free them. The sink is emptied either way. */
bool debtor_sink_finish(struct db *db, bool ok, const struct debtor_query *q, struct debtor_sink *k,
                        struct debtor_record **out, size_t *n, char *err, size_t errlen);

#endif
