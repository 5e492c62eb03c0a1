/* The priority score that orders the queue: a weighted sum of documented
 * factors, weights from dun.priority_weights. Each row keeps every factor's
 * contribution so `dun queue --explain` can show why it ranks where it does. */
#ifndef DUN_CORE_PRIORITY_H
#define DUN_CORE_PRIORITY_H

#include <stdbool.h>
#include <stddef.h>

/* X(id, name in dun.priority_weights, default weight) */
#define PRIORITY_FACTORS(X)                          \
    X(PROMISE_DUE_TODAY, "promise_due_today", 40)    \
    X(PROMISE_BROKEN, "promise_broken", 35)          \
    X(CALLBACK_DUE, "callback_due", 1000)            \
    X(CALLBACK_OVERDUE, "callback_overdue", 50)      \
    X(DPD_BUCKET, "dpd_bucket", 8)                   \
    X(BALANCE, "balance", 5)                         \
    X(PRIOR_DELINQUENCIES, "prior_delinquencies", 2) \
    X(DAYS_SINCE_CONTACT, "days_since_contact", 1)   \
    X(CONTACTABLE_NOW, "contactable_now", 100)       \
    X(PREDUE_HISTORY, "predue_history", 15)         \
    X(REPLY_UNREAD, "reply_unread", 200)

enum priority_factor {
#define X(id, name, w) PF_##id,
    PRIORITY_FACTORS(X)
#undef X
    PF_COUNT
};

/** How long a callback that came due stays at the top of the queue; after
 *  that nobody worked it and it counts as late (callback_overdue). */
enum { CALLBACK_DUE_SECONDS = 2 * 3600 };

struct priority_weights {
    double w[PF_COUNT];
};

const char *priority_factor_name(enum priority_factor f);
/** The defaults above (the migration seeds the same numbers). */
void priority_weights_default(struct priority_weights *pw);
/** Set one weight by its name; false when the name is unknown. */
bool priority_weights_set(struct priority_weights *pw, const char *name, double weight);

/** The facts a score is made of, already worked out for `now`. */
struct priority_input {
    bool promise_due_today;
    bool promise_broken_recently;
    bool callback_due;       ///< a callback came due less than CALLBACK_DUE_SECONDS ago
    bool callback_overdue;   ///< one came due longer ago and nobody worked it
    int days_past_due;
    long long balance_minor;
    int prior_delinquencies;
    bool ever_contacted;
    double days_since_contact;
    double contactable_now;  ///< 1 a call is allowed now; 0.5 only an SMS or email; 0 neither (a letter does not count)
    bool reply_unread;       ///< the debtor replied and nobody has read it yet
};

struct priority_score {
    double total;
    double part[PF_COUNT]; ///< weight x value of each factor
};

void priority_compute(const struct priority_weights *pw, const struct priority_input *in,
                      struct priority_score *out);

#endif
