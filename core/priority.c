#include "core/priority.h"

#include <math.h>
#include <string.h>

static const struct {
    const char *name;
    double weight;
} factors[PF_COUNT] = {
#define X(id, nm, w) [PF_##id] = {nm, w},
    PRIORITY_FACTORS(X)
#undef X
};

const char *priority_factor_name(enum priority_factor f)
{
    return f < PF_COUNT ? factors[f].name : "?";
}

void priority_weights_default(struct priority_weights *pw)
{
    for (int f = 0; f < PF_COUNT; f++)
        pw->w[f] = factors[f].weight;
}

bool priority_weights_set(struct priority_weights *pw, const char *name, double weight)
{
    for (int f = 0; f < PF_COUNT; f++)
        if (strcmp(factors[f].name, name) == 0) {
            pw->w[f] = weight;
            return true;
        }
    return false;
}

static int dpd_bucket(int dpd)
{
    return dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
}

void priority_compute(const struct priority_weights *pw, const struct priority_input *in,
                      struct priority_score *out)
{
    double value[PF_COUNT];
    value[PF_PROMISE_DUE_TODAY] = in->promise_due_today;
    value[PF_PROMISE_BROKEN] = in->promise_broken_recently;
    value[PF_CALLBACK_DUE] = in->callback_due;
    value[PF_CALLBACK_OVERDUE] = in->callback_overdue;
    value[PF_DPD_BUCKET] = dpd_bucket(in->days_past_due);
    value[PF_BALANCE] = in->balance_minor > 0 ? log10((double)in->balance_minor) : 0;
    value[PF_PRIOR_DELINQUENCIES] = in->prior_delinquencies > 5 ? 5 : in->prior_delinquencies;
    double days = in->ever_contacted ? in->days_since_contact : 30;
    value[PF_DAYS_SINCE_CONTACT] = days < 0 ? 0 : days > 30 ? 30 : days;
    value[PF_CONTACTABLE_NOW] = in->contactable_now;
    value[PF_PREDUE_HISTORY] = in->days_past_due < 0 && in->prior_delinquencies > 0;
    value[PF_REPLY_UNREAD] = in->reply_unread;
    out->total = 0;
    for (int f = 0; f < PF_COUNT; f++) {
        out->part[f] = pw->w[f] * value[f];
        out->total += out->part[f];
    }
}
