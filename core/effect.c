#include "core/effect.h"

#include <math.h>
#include <stdio.h>

bool effect_rate(struct effect_group g, double *rate)
{
    if (g.n <= 0 || g.events < 0 || g.events > g.n)
        return false;
    *rate = (double)g.events / (double)g.n;
    return true;
}

static void group_add(struct effect_group *a, struct effect_group b)
{
    a->n += b.n;
    a->events += b.events;
}

void effect_add(struct effect_counts *a, const struct effect_counts *b)
{
    group_add(&a->treatment, b->treatment);
    group_add(&a->holdout, b->holdout);
}

void effect_cumulate(const struct effect_counts *in, struct effect_counts *out, size_t n)
{
    struct effect_counts sum = {{0, 0}, {0, 0}};
    for (size_t i = 0; i < n; i++) {
        effect_add(&sum, &in[i]);
        out[i] = sum;
    }
}

static struct effect_interval around(double est, double se)
{
    return (struct effect_interval){true, est, est - EFFECT_Z_ALPHA * se, est + EFFECT_Z_ALPHA * se};
}

/* Unpooled (Wald): the groups' variances are not assumed equal, since the
 * reminder is expected to change the rate. */
static struct effect_interval difference(double p1, double p0, const struct effect_counts *c)
{
    double se = sqrt(p1 * (1 - p1) / (double)c->treatment.n + p0 * (1 - p0) / (double)c->holdout.n);
    return around(p1 - p0, se);
}

/* On the log scale the risk ratio is near normal; the interval is turned
 * back and flipped, since 1 - RR falls as RR rises. */
static struct effect_interval reduction(double p1, double p0, const struct effect_counts *c)
{
    if (c->treatment.events == 0 || c->holdout.events == 0)
        return (struct effect_interval){false, 0, 0, 0};
    double se = sqrt((1 - p1) / ((double)c->treatment.n * p1) + (1 - p0) / ((double)c->holdout.n * p0));
    struct effect_interval log_rr = around(log(p1 / p0), se);
    return (struct effect_interval){true, 1 - p1 / p0, 1 - exp(log_rr.hi), 1 - exp(log_rr.lo)};
}

static bool detectable(double p0, const struct effect_counts *c, double *mde)
{
    if (p0 <= 0 || p0 >= 1)
        return false;
    double spread = p0 * (1 - p0) * (1 / (double)c->treatment.n + 1 / (double)c->holdout.n);
    *mde = (EFFECT_Z_ALPHA + EFFECT_Z_POWER) * sqrt(spread);
    return true;
}

static void judge(const struct effect_counts *c, int64_t min_group, struct effect *e)
{
    if (!e->has_rates || c->treatment.n < min_group || c->holdout.n < min_group) {
        e->verdict = EFFECT_NOT_ENOUGH_DATA;
        e->reason = "not enough data: a group is empty or smaller than the minimum";
    } else if (!e->has_mde) {
        e->verdict = EFFECT_NOT_ENOUGH_DATA;
        e->reason = "not enough data: the holdout's rate is 0 or 1, so there is no baseline to measure against";
    } else if (fabs(e->diff.est) < e->mde) {
        e->verdict = EFFECT_INCONCLUSIVE;
        e->reason = "no difference shown: it is smaller than these groups can detect (the MDE)";
    } else if (e->diff.lo <= 0 && e->diff.hi >= 0) {
        e->verdict = EFFECT_INCONCLUSIVE;
        e->reason = "no difference shown: the 95% interval includes 0";
    } else {
        e->verdict = EFFECT_SIGNIFICANT;
        e->reason = "significant: at least the MDE, and the 95% interval excludes 0";
    }
}

void effect_compute(const struct effect_counts *c, int64_t min_group, struct effect *e)
{
    *e = (struct effect){0};
    if (min_group <= 0)
        min_group = EFFECT_MIN_GROUP;
    e->has_rates = effect_rate(c->treatment, &e->p1) && effect_rate(c->holdout, &e->p0);
    if (e->has_rates) {
        e->diff = difference(e->p1, e->p0, c);
        e->relative = reduction(e->p1, e->p0, c);
        e->has_mde = detectable(e->p0, c, &e->mde);
    }
    judge(c, min_group, e);
}

const char *effect_verdict_name(enum effect_verdict v)
{
    switch (v) {
    case EFFECT_SIGNIFICANT:
        return "significant";
    case EFFECT_INCONCLUSIVE:
        return "no difference shown";
    case EFFECT_NOT_ENOUGH_DATA:
        break;
    }
    return "not enough data";
}

void effect_format(const struct effect *e, bool reduction, char *out, size_t n)
{
    char diff[64] = "no difference computed", rel[64] = "", mde[40] = "MDE n/a";
    if (e->diff.ok)
        snprintf(diff, sizeof diff, "%+.1f pts [%+.1f, %+.1f]", 100 * e->diff.est, 100 * e->diff.lo,
                 100 * e->diff.hi);
    /* + 0.0 turns a rounded -0 into 0. */
    double est = 100 * e->relative.est + 0.0, lo = 100 * e->relative.lo + 0.0, hi = 100 * e->relative.hi + 0.0;
    if (e->relative.ok && reduction && est >= -0.5)
        snprintf(rel, sizeof rel, ", %.0f%% fewer [%.0f%%, %.0f%%]", est, lo, hi);
    else if (e->relative.ok && reduction) /* more, not fewer: said so, with the interval turned around */
        snprintf(rel, sizeof rel, ", %.0f%% more [%.0f%%, %.0f%%]", -est, -hi, -lo);
    else if (e->relative.ok) /* a change: the reduction turned around, its interval too */
        snprintf(rel, sizeof rel, ", %+.0f%% [%+.0f%%, %+.0f%%]", -est + 0.0, -hi + 0.0, -lo + 0.0);
    if (e->has_mde)
        snprintf(mde, sizeof mde, "MDE %.1f pts", 100 * e->mde);
    snprintf(out, n, "%s%s, %s: %s", diff, rel, mde, effect_verdict_name(e->verdict));
}
