/* Supervisor metrics, defined once: every figure `dun metrics` (and any
 * screen) shows is computed here from aggregate rows the store hands in.
 * No SQL and no clock: the period comes in as a parameter. The formulas and
 * their denominators are written out in docs/supervisor-guide.md. */
#ifndef DUN_CORE_METRICS_H
#define DUN_CORE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct zone;

/* --- outcomes: the one table ------------------------------------------------ */

/** How a contact outcome counts. A phone outcome the table does not know
 *  fails the computation (metrics_compute), so a new outcome added to the
 *  schema cannot be counted silently as one thing or another. */
struct metrics_outcome {
    const char *name;  ///< as in dun.contacts.outcome
    bool human;        ///< a person answered: counts as a connect
    bool right_party;  ///< the person was the debtor: counts as an RPC
};
/** The class of an outcome, or NULL when the table does not have it. */
const struct metrics_outcome *metrics_outcome_find(const char *name);

/* --- the period ---------------------------------------------------------------- */

enum metrics_period_kind { MP_TODAY, MP_WEEK, MP_MONTH, MP_RANGE };
/** "today", "week", "month" -> kind; false for anything else. */
bool metrics_period_parse(const char *name, enum metrics_period_kind *k);

/** A period: instants [from, to) and the same as local dates in the
 *  viewer's zone. `today` is the viewer's local date at `now`: a promise is
 *  judged only once its deadline is before today (core/settle.h). */
struct metrics_period {
    dun_time from, to;          ///< to is never after now
    int64_t first_day, last_day; ///< local dates, inclusive
    int64_t today;
    dun_time now;
    dun_time month_from;        ///< the 1st of this month, 00:00: month to date, whatever the period
    int64_t month_first;
};
/**
 * Today: local midnight to now; week: Monday 00:00 to now; month: the 1st
 * 00:00 to now; MP_RANGE: first_day 00:00 to the midnight after last_day (or
 * now, when earlier). False with a sentence when last_day is before
 * first_day or first_day is after today.
 */
bool metrics_period_make(enum metrics_period_kind k, int64_t first_day, int64_t last_day, dun_time now,
                         const struct zone *z, struct metrics_period *p, char *err, size_t errlen);

/* --- rows in -------------------------------------------------------------------- */

/** What one aggregate row counts; the store groups by these keys. */
enum metrics_row_kind {
    MR_CONTACT,         ///< contacts at in the period: channel, direction, outcome, hour; n
    MR_PROMISE,         ///< promises made in the period (not cancelled): currency; n, amount
    MR_DUE,             ///< promises (not cancelled) by deadline = promised date + grace: day, status, currency; n, amount
    MR_PAYMENT,         ///< payments on the agent's accounts since the earlier of the period's and the
                        ///< month's start, up to now: day (viewer's local date), currency; amount
    MR_MESSAGE,         ///< messages the agent sent (handed over) in the period: status = outbox state; n
    MR_REPLY,           ///< replies received in the period on the agent's accounts: n
    MR_THANKS_GIVEN,    ///< n
    MR_THANKS_RECEIVED, ///< n
};

struct metrics_row {
    enum metrics_row_kind kind;
    int64_t agent_id;
    char channel[8];     ///< MR_CONTACT: phone, sms, ...
    bool outbound;       ///< MR_CONTACT
    char outcome[24];    ///< MR_CONTACT
    int hour;            ///< MR_CONTACT: hour of day in the agent's zone, 0..23
    char status[12];     ///< MR_DUE: the promise's status; MR_MESSAGE: the message's state
    int64_t day;         ///< MR_DUE: the deadline; MR_PAYMENT: the day paid (local dates)
    char currency[4];    ///< MR_PROMISE, MR_DUE, MR_PAYMENT
    int64_t n;
    int64_t amount;      ///< minor units of currency
};

/* --- figures out ------------------------------------------------------------------- */

enum { METRICS_MAX_CURRENCIES = 8 };

/** Money of one currency; never added to another currency's. */
struct metrics_money {
    char currency[4];
    int64_t promised;     ///< amount of the promises made
    int64_t due_amount;   ///< amount of the kept-rate cohort
    int64_t kept_amount;  ///< amount of its kept promises
    int64_t collected;    ///< payments in the period
    int64_t collected_mtd; ///< payments this month to date (the progress to the monthly target)
    int64_t target;       ///< monthly target in this currency (0: none)
};

struct metrics_figures {
    int64_t attempts, connects, rpc;
    int64_t promises;
    int64_t due, kept;                  ///< the kept-rate cohort and its kept promises
    int64_t sent, delivered, replies;
    int64_t no_report;                  ///< sent SMS whose delivery report never came (in sent, not delivered)
    int64_t thanks_given, thanks_received;
    int64_t hour_attempts[24], hour_connects[24], hour_rpc[24];
    struct metrics_money money[METRICS_MAX_CURRENCIES];
    size_t nmoney;
};

struct metrics_agent {
    int64_t id;
    char login[65];
    char name[128];
    int64_t target;          ///< monthly_target_minor
    char target_currency[4];
    struct metrics_figures f;
};

/** A team's figures: its agents (array owned by the caller) and their total. */
struct metrics_team {
    struct metrics_agent *agents;
    size_t n;
    struct metrics_figures total;
};

/**
 * Fill every agent's figures (and the total) from rows; agents[] come in
 * with id, login, name and target set, their figures zeroed here. Rows of
 * agents not in the team are ignored; MR_DUE rows count only when their
 * deadline lies in the period and before p->today. False with a sentence
 * for a phone outcome the table does not know or more currencies than
 * METRICS_MAX_CURRENCIES.
 */
bool metrics_compute(struct metrics_team *t, const struct metrics_row *rows, size_t n,
                     const struct metrics_period *p, char *err, size_t errlen);

/** The money entry of a currency, or NULL. */
const struct metrics_money *metrics_money_find(const struct metrics_figures *f, const char *currency);

/** num/den as whole per cent, rounded half up; false (nothing written) when
 *  den is 0: there is no rate, and it is shown as "-". */
bool metrics_percent(int64_t num, int64_t den, int *pct);
/** "42%" or "-" when den is 0. */
void metrics_rate_format(int64_t num, int64_t den, char *out, size_t n);

#endif
