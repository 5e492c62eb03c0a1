/* Pre-due reminders (`dun remind`): the pure rules. Who is due N days ahead
 * in the debtor's own calendar, who is left out and why, which channel,
 * the holdout draw (deterministic, stratified by prior delinquencies) and
 * the wording rule (dun.reminder_rules) that picks the template and tone.
 * No I/O, no clock: the moment and the debtor's zone are passed in. */
#ifndef DUN_CORE_REMIND_H
#define DUN_CORE_REMIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct zone;

/** Strata: prior delinquencies 0, 1, 2, 3, 4 and "5 or more" (5). */
enum { REMIND_STRATUM_TOP = 5 };

/** Why a selected account gets no reminder, before any draw. The order is
 *  the order they are tested in: an account counts under the first. */
enum remind_skip {
    RS_NONE = 0,
    RS_CEASE,            ///< the debtor asked that communication cease
    RS_ATTORNEY,         ///< represented by an attorney
    RS_DISPUTE,          ///< the debt is disputed
    RS_BANKRUPTCY,       ///< in bankruptcy
    RS_DECEASED,         ///< recorded as deceased
    RS_OVERDUE,          ///< something is already overdue: a pre-due reminder would be untrue
    RS_NO_BALANCE,       ///< nothing to collect
    RS_OPTED_OUT,        ///< opted out of every channel it could be reached by
    RS_NO_CHANNEL,       ///< no SMS consent (or no usable mobile) and no email on file
    RS_ALREADY_REMINDED, ///< an assignment (treatment or holdout) exists for this due cycle
    RS_COUNT
};

/** "cease", "attorney", ... "already_reminded" ("" for RS_NONE). */
const char *remind_skip_name(enum remind_skip s);

enum remind_channel { RC_NONE, RC_SMS, RC_EMAIL };

/** What the screening reads of one account. */
struct remind_facts {
    bool cease, attorney, dispute, bankruptcy, deceased;
    bool overdue;         ///< an oldest unpaid due date is set
    int64_t balance_minor;
    bool sms_consent, sms_opt_out, has_mobile; ///< has_mobile: a mobile number not marked bad
    bool email_opt_out, has_email;
    bool already;         ///< assigned already in this due cycle
};

/**
 * The first reason the account is left out, or RS_NONE with *ch the channel:
 * SMS with SMS consent, no SMS opt-out and a usable mobile; else email when
 * an address is on file and email is not opted out (the policy may still
 * want email consent: the compliance check at queueing decides). RS_OPTED_OUT
 * when no channel is left and an opt-out is why; RS_NO_CHANNEL otherwise.
 */
enum remind_skip remind_screen(const struct remind_facts *f, enum remind_channel *ch);

/** The debtor's local date at now in z (days since 1970-01-01). */
int64_t remind_local_today(const struct zone *z, dun_time now);

/** Is due exactly n days after the local date today? */
bool remind_due_in(int64_t due, int64_t today, int n);

/** The due dates (inclusive) an account can have to be due n days ahead in
 *  some zone at now: local dates are at most a day from UTC's (UTC-12 to
 *  UTC+14), so [UTC date + n - 1, UTC date + n + 1]. The store narrows by
 *  it; remind_due_in decides. */
void remind_due_range(dun_time now, int n, int64_t *lo, int64_t *hi);

/** min(prior delinquencies, REMIND_STRATUM_TOP). */
int remind_stratum(int prior_delinquencies);

/** A 64-bit hash of ref and the due date (FNV-1a over "ref|YYYY-MM-DD",
 *  then a final mix): the account's draw for that due cycle. */
uint64_t remind_draw(const char *ref, int64_t due);

/** One account in the holdout assignment. */
struct remind_pick {
    const char *ref;
    int64_t due;
    int stratum;
    bool holdout; ///< out: the result
};

/**
 * Assign holdout_pct percent (0-100) of the accounts to the holdout, in
 * each (stratum, due date) group separately: the group is ordered by each
 * account's draw, and systematic sampling with a start drawn from the
 * group's key takes every (100/pct)-th. So each group's holdout count is
 * floor or ceil of pct% of its size, the expected share is exactly pct%,
 * and the same accounts give the same arms in any order. O(n log n);
 * false only when out of memory (nothing assigned).
 */
bool remind_assign(struct remind_pick *p, size_t n, int holdout_pct);

/** A wording rule: every condition set must hold; the lowest priority wins. */
struct remind_rule {
    int priority;
    char language[4];          ///< "" any
    char currency[4];          ///< "" any; the balance band is only read with a currency
    bool has_min_balance, has_max_balance;
    int64_t min_balance_minor; ///< inclusive
    int64_t max_balance_minor; ///< exclusive
    bool has_min_prior, has_max_prior;
    int min_prior, max_prior;  ///< inclusive both
    bool has_min_age, has_max_age;
    int min_age, max_age;      ///< inclusive both; an age band only matches a known age
    char template_name[64];
    char tone[12];             ///< "formal" or "casual"
};

/** What a wording rule reads of an account. */
struct remind_traits {
    const char *language, *currency;
    int64_t balance_minor;
    int prior;  ///< prior delinquencies
    int age;    ///< whole years on the run's day, or -1 when not known
};

/** The rule for an account, or NULL when none matches. rules need not be
 *  sorted; of equal priorities the first in the array wins. */
const struct remind_rule *remind_rule_match(const struct remind_rule *rules, size_t n, const struct remind_traits *t);

/** Whole years from birth to today (days since 1970-01-01, the debtor's
 *  calendar); -1 when birth is after today. One born on 29 February is a
 *  year older on 1 March in common years. */
int remind_age(int64_t birth, int64_t today);

#endif
