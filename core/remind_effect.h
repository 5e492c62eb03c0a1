/* What the pre-due reminders did (`dun metrics --reminders`, issue 12 part
 * 4): each assignment's outcome at a moment, and the counts per due cycle,
 * over all cycles and per segment that core/effect turns into rates,
 * differences and verdicts.
 *
 * Ownership: pure arithmetic on what the caller hands in (no I/O, no clock;
 * the zone is loaded by the caller). The report owns its cycles array,
 * freed by remind_report_free. The reading of the figures is in
 * docs/supervisor-guide.md ("Reading the effect").
 *
 * Every assignment counts in its arm, a treatment the policy blocked too
 * (intention to treat: the holdout has its blocked-would-be accounts as
 * well, so leaving them out would bias the comparison).
 */
#ifndef DUN_CORE_REMIND_EFFECT_H
#define DUN_CORE_REMIND_EFFECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/effect.h"

struct zone;

/** One assignment's outcomes at a moment. An outcome is only read once its
 *  deadline has passed: before that the account is pending. */
struct remind_outcome {
    bool settled;    ///< the end of the due date + grace days (debtor's date) has passed
    bool delinquent; ///< settled, and no payment from the assignment up to that end
    bool settled_1d; ///< the end of the day after the due date has passed
    bool paid_1d;    ///< settled_1d, and a payment on the due date or the day after
};

/**
 * The outcomes at now of an assignment made at assigned_at for due date
 * `due` (days since 1970-01-01) with grace days `grace` (>= 0), in the
 * debtor's zone z. paid[] are the account's payment instants at or after
 * assigned_at, in any order (later ones than the deadlines are ignored).
 */
void remind_outcome(const struct zone *z, int64_t due, int grace, dun_time assigned_at, const dun_time *paid,
                    size_t npaid, dun_time now, struct remind_outcome *o);

/** One assignment as the report reads it. */
struct remind_result {
    int64_t due;
    bool holdout;
    int stratum;     ///< 0-5 (5: five or more)
    bool formal;     ///< the wording's tone: formal, else casual
    bool email;      ///< the channel: email, else SMS
    bool messaged;   ///< a treatment whose message was queued (not blocked)
    bool clicked;    ///< its link was opened
    struct remind_outcome o;
};

/** The counts of one cell. Pending accounts are in the arm's total but not
 *  in an outcome's n until that outcome's deadline has passed. */
struct remind_cell {
    int64_t treatment, holdout;  ///< assignments in each arm
    int64_t blocked;             ///< treatments the policy refused (no message)
    struct effect_counts delinquent; ///< n: settled; events: delinquent
    struct effect_counts paid_1d;    ///< n: settled_1d; events: paid_1d
    struct effect_group clicks;      ///< treatment only: n messaged, events clicked
};

/** Segments: each value of a kind is a cell. */
enum remind_segment_kind { RSEG_STRATUM, RSEG_TONE, RSEG_CHANNEL, RSEG_KINDS };
enum { REMIND_SEGMENTS = 6 + 2 + 2 };

struct remind_segment {
    enum remind_segment_kind kind;
    const char *by;    ///< "prior_delinquencies", "tone", "channel"
    char value[16];    ///< "2", "5+", "formal", "sms", ...
    struct remind_cell cell;
};

struct remind_report {
    int64_t *cycle_due;        ///< the due dates, ascending
    struct remind_cell *cycles;
    size_t ncycles;
    struct remind_cell all;    ///< every cycle together
    struct remind_segment segments[REMIND_SEGMENTS]; ///< every cycle, by segment; empty ones have no assignments
};

/** Build the report from results in any order. False only when out of
 *  memory (the report is then empty). */
bool remind_report_build(const struct remind_result *r, size_t n, struct remind_report *rep);
void remind_report_free(struct remind_report *rep);

#endif
