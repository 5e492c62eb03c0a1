/* Promise settlement and instalment schedules: pure arithmetic on integer
 * minor units and calendar dates. The store feeds promises and payments in
 * and writes the statuses back in the same transaction as the payments. */
#ifndef DUN_CORE_SETTLE_H
#define DUN_CORE_SETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

enum promise_status { PS_PENDING, PS_KEPT, PS_PARTIAL, PS_BROKEN, PS_CANCELLED };

const char *promise_status_name(enum promise_status s); ///< "pending", "kept", "partial", "broken", "cancelled"
bool promise_status_parse(const char *name, enum promise_status *s);

struct settle_promise {
    int64_t id;
    int64_t amount;          ///< minor units, > 0
    int64_t created_date;    ///< local date the promise was made (days since epoch)
    int64_t due_date;        ///< local date it falls due
    enum promise_status status; ///< in: as stored; out: as settled (cancelled stays cancelled)
    int64_t paid;            ///< out: minor units allocated to it
};

struct settle_payment {
    int64_t amount;          ///< minor units, > 0
    int64_t paid_date;       ///< local date of the payment
};

/**
 * Allocate payments to promises and decide each promise's status as of
 * `today` (a local date). Rules:
 *  - Promises are served in order of due date (then id); cancelled ones take nothing.
 *  - Payments are taken in date order; a payment counts for a promise only when
 *    it was made on or after the day the promise was made and no later than its
 *    due date + grace_days. Money left after covering one promise flows to the
 *    next open one; what no promise can take is simply not allocated.
 *  - kept: allocated >= amount (as soon as that happens, even before the due date);
 *    broken: due date + grace passed with nothing allocated;
 *    partial: due date + grace passed with part allocated;
 *    otherwise pending.
 * Idempotent: the result depends only on the inputs, never on the previous status
 * (except cancelled).
 */
void settle_promises(struct settle_promise *p, size_t n, const struct settle_payment *pay, size_t m,
                     int64_t today, int grace_days);

enum plan_frequency { PLAN_WEEKLY, PLAN_BIWEEKLY, PLAN_MONTHLY };
const char *plan_frequency_name(enum plan_frequency f); ///< "weekly", "biweekly", "monthly"
bool plan_frequency_parse(const char *name, enum plan_frequency *f);

struct instalment {
    int64_t date;    ///< local date
    int64_t amount;  ///< minor units
};

/**
 * Split `total` into `count` instalments (2..60) starting on `first`, every
 * week, two weeks or month. Amounts are equal in whole minor units, with the
 * remainder added to the last one, so they add up exactly to total. Monthly dates keep the day of month, clamped to the
 * month's last day (Jan 31 -> Feb 28 -> Mar 31). Returns false (with a sentence)
 * when count is out of range or total < count.
 */
bool plan_schedule(int64_t total, int count, enum plan_frequency f, int64_t first,
                   struct instalment *out, char *err, size_t errlen);

#endif
