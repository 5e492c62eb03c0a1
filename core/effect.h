/* The effect of a reminder measured against a randomised holdout (issue 12,
 * part 4): rates, the difference with its 95% interval, the relative
 * reduction with its 95% interval, the minimum detectable effect, and a
 * verdict that will not call a difference real before the sample can show it.
 *
 * Ownership: this module is arithmetic on counts (libc and libm only, no I/O,
 * no clock, no allocation). Which accounts were in which group, which cycle
 * and which segment they belong to, and what counts as an event (not paid by
 * the due date plus grace, paid within a day after it, a click) are the
 * caller's: it groups, sums with effect_add, and hands the totals in. The
 * reading of these figures for supervisors is in docs/supervisor-guide.md
 * ("Reading the effect").
 *
 * Groups: "treatment" got the reminder, "holdout" did not. A difference is
 * treatment minus holdout, so for the delinquency rate a negative difference
 * (and a positive relative reduction) is the reminder working.
 */
#ifndef DUN_CORE_EFFECT_H
#define DUN_CORE_EFFECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** 1.96: the two-sided 95% normal quantile (alpha 0.05). */
#define EFFECT_Z_ALPHA 1.96
/** 0.8416: the normal quantile for 80% power. */
#define EFFECT_Z_POWER 0.8416

/** The smallest group a verdict is given for. Below it the normal
 *  approximation behind every interval here is too rough to act on. */
enum { EFFECT_MIN_GROUP = 100 };

/** One group's counts: n accounts, of which events had the outcome. */
struct effect_group {
    int64_t n, events;
};

/** Both groups of one cell (a due cycle, a segment, a running total). */
struct effect_counts {
    struct effect_group treatment, holdout;
};

/**
 * A proportion events / n. False, leaving *rate alone, when there is no
 * denominator (n <= 0) or the counts are impossible (events < 0 or > n):
 * "not enough data", never a division by zero.
 */
bool effect_rate(struct effect_group g, double *rate);

/** Add b into a, group by group: the caller's aggregation per cycle,
 *  per segment or over all. */
void effect_add(struct effect_counts *a, const struct effect_counts *b);

/** out[i] = in[0] + ... + in[i]: the cumulative figures after each due
 *  cycle, given the cycles in order. in and out may be the same array. */
void effect_cumulate(const struct effect_counts *in, struct effect_counts *out, size_t n);

enum effect_verdict {
    EFFECT_NOT_ENOUGH_DATA, ///< a group is empty or under the minimum, or the holdout's rate is 0 or 1
    EFFECT_INCONCLUSIVE,    ///< measured, but smaller than the MDE or the interval includes 0
    EFFECT_SIGNIFICANT,     ///< both groups large enough, |difference| >= MDE, the interval excludes 0
};

/** An estimate with its 95% interval. */
struct effect_interval {
    bool ok; ///< false: not computed (the struct says why in effect.reason)
    double est, lo, hi;
};

struct effect {
    bool has_rates;                 ///< both groups have a rate
    double p1, p0;                  ///< treatment's and holdout's rate
    struct effect_interval diff;    ///< p1 - p0, Wald, unpooled
    struct effect_interval relative; ///< 1 - p1/p0, from the log risk ratio
    bool has_mde;
    double mde;                     ///< the smallest |p1 - p0| these sizes detect (80% power, alpha 0.05)
    enum effect_verdict verdict;
    const char *reason;             ///< one sentence for the verdict (static text)
};

/**
 * The figures for one cell. min_group is the smallest group a verdict is
 * given for (0 = EFFECT_MIN_GROUP).
 *
 *  - diff: se = sqrt(p1(1-p1)/n1 + p0(1-p0)/n0), interval diff +- 1.96 se.
 *    Computed whenever both groups have a rate (an empty group: not).
 *  - relative: RR = p1/p0, se(ln RR) = sqrt((1-p1)/(n1 p1) + (1-p0)/(n0 p0)),
 *    interval 1 - exp(ln RR +- 1.96 se). Not computed when either group has
 *    0 events: ln 0 is undefined and dun adds no made-up half event; the
 *    difference still stands.
 *  - mde: (1.96 + 0.8416) sqrt(p0(1-p0)(1/n1 + 1/n0)), the holdout's rate as
 *    baseline. Not computed when p0 is 0 or 1 (no variance to measure against).
 *  - verdict: EFFECT_SIGNIFICANT only when each group has at least min_group
 *    accounts, the MDE is computed, |diff| >= mde and the interval excludes
 *    0; EFFECT_NOT_ENOUGH_DATA when a group is under min_group or the MDE is
 *    not computed; EFFECT_INCONCLUSIVE otherwise.
 */
void effect_compute(const struct effect_counts *c, int64_t min_group, struct effect *e);

/** "not enough data", "no difference shown", "significant". */
const char *effect_verdict_name(enum effect_verdict v);

/**
 * One line for a cell: "-6.7 pts [-19.3, +5.9], 28% fewer [-26%, 60%],
 * MDE 17.0 pts: not enough data". reduction: the relative figure reads as a
 * reduction ("fewer": delinquency); else as a change ("+12% [+2%, +23%]":
 * a payment rate). Parts that are not computed say so or are left out.
 */
void effect_format(const struct effect *e, bool reduction, char *out, size_t n);

#endif
