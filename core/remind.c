#include "core/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zone.h"

static const char *const skip_names[RS_COUNT] = {
    [RS_NONE] = "",
    [RS_CEASE] = "cease",
    [RS_ATTORNEY] = "attorney",
    [RS_DISPUTE] = "dispute",
    [RS_BANKRUPTCY] = "bankruptcy",
    [RS_DECEASED] = "deceased",
    [RS_OVERDUE] = "overdue",
    [RS_NO_BALANCE] = "no_balance",
    [RS_OPTED_OUT] = "opted_out",
    [RS_NO_CHANNEL] = "no_channel",
    [RS_ALREADY_REMINDED] = "already_reminded",
};

const char *remind_skip_name(enum remind_skip s)
{
    return s >= 0 && s < RS_COUNT ? skip_names[s] : "";
}

static enum remind_skip flag_skip(const struct remind_facts *f)
{
    if (f->cease)
        return RS_CEASE;
    if (f->attorney)
        return RS_ATTORNEY;
    if (f->dispute)
        return RS_DISPUTE;
    if (f->bankruptcy)
        return RS_BANKRUPTCY;
    if (f->deceased)
        return RS_DECEASED;
    if (f->overdue)
        return RS_OVERDUE;
    if (f->balance_minor <= 0)
        return RS_NO_BALANCE;
    return RS_NONE;
}

enum remind_skip remind_screen(const struct remind_facts *f, enum remind_channel *ch)
{
    *ch = RC_NONE;
    enum remind_skip s = flag_skip(f);
    if (s != RS_NONE)
        return s;
    if (f->sms_consent && f->has_mobile && !f->sms_opt_out)
        *ch = RC_SMS;
    else if (f->has_email && !f->email_opt_out)
        *ch = RC_EMAIL;
    if (*ch == RC_NONE) {
        /* An opt-out is why when the channel would otherwise be there. */
        bool sms_would = f->sms_consent && f->has_mobile;
        if ((sms_would && f->sms_opt_out) || (f->has_email && f->email_opt_out))
            return RS_OPTED_OUT;
        return RS_NO_CHANNEL;
    }
    if (f->already) {
        *ch = RC_NONE;
        return RS_ALREADY_REMINDED;
    }
    return RS_NONE;
}

int64_t remind_local_today(const struct zone *z, dun_time now)
{
    return zone_local(z, now).date;
}

bool remind_due_in(int64_t due, int64_t today, int n)
{
    return due - today == n;
}

void remind_due_range(dun_time now, int n, int64_t *lo, int64_t *hi)
{
    int64_t utc_today = floor_div(now, 86400);
    *lo = utc_today + n - 1;
    *hi = utc_today + n + 1;
}

int remind_stratum(int prior)
{
    if (prior < 0)
        return 0;
    return prior > REMIND_STRATUM_TOP ? REMIND_STRATUM_TOP : prior;
}

static uint64_t mix(uint64_t h)
{
    /* splitmix64's finalizer: FNV-1a alone is weak in its low bits. */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t remind_draw(const char *ref, int64_t due)
{
    char day[16];
    date_format(due, day, sizeof day);
    uint64_t h = fnv(0xcbf29ce484222325ULL, ref);
    h = fnv(h, "|");
    return mix(fnv(h, day));
}

/* The start of a group's systematic sample: 0..99, from its key. */
static int group_start(int64_t due, int stratum)
{
    char key[32];
    snprintf(key, sizeof key, "stratum %d", stratum);
    return (int)(remind_draw(key, due) % 100);
}

struct keyed {
    struct remind_pick *p;
    uint64_t draw;
};

static int by_group_then_draw(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->p->due != y->p->due)
        return x->p->due < y->p->due ? -1 : 1;
    if (x->p->stratum != y->p->stratum)
        return x->p->stratum < y->p->stratum ? -1 : 1;
    if (x->draw != y->draw)
        return x->draw < y->draw ? -1 : 1;
    return strcmp(x->p->ref, y->p->ref);
}

static bool same_group(const struct keyed *a, const struct keyed *b)
{
    return a->p->due == b->p->due && a->p->stratum == b->p->stratum;
}

bool remind_assign(struct remind_pick *p, size_t n, int pct)
{
    if (pct < 0)
        pct = 0;
    if (pct > 100)
        pct = 100;
    struct keyed *k = calloc(n ? n : 1, sizeof *k);
    if (!k)
        return false;
    for (size_t i = 0; i < n; i++)
        k[i] = (struct keyed){&p[i], remind_draw(p[i].ref, p[i].due)};
    qsort(k, n, sizeof *k, by_group_then_draw);
    int64_t i_in_group = 0, start = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || !same_group(&k[i], &k[i - 1])) {
            i_in_group = 0;
            start = group_start(k[i].p->due, k[i].p->stratum);
        }
        /* Holdout where floor((i*pct + start)/100) steps up. */
        int64_t before = (i_in_group * pct + start) / 100, after = ((i_in_group + 1) * pct + start) / 100;
        k[i].p->holdout = after > before;
        i_in_group++;
    }
    free(k);
    return true;
}

static bool in_band(bool has_min, int min, bool has_max, int max, int v)
{
    return (!has_min || v >= min) && (!has_max || v <= max);
}

static bool rule_fits(const struct remind_rule *r, const struct remind_traits *t)
{
    if (r->language[0] && strcmp(r->language, t->language) != 0)
        return false;
    if (r->currency[0] && strcmp(r->currency, t->currency) != 0)
        return false;
    if ((r->has_min_balance || r->has_max_balance) && !r->currency[0])
        return false; /* a band in no currency compares yen with cents */
    if (r->has_min_balance && t->balance_minor < r->min_balance_minor)
        return false;
    if (r->has_max_balance && t->balance_minor >= r->max_balance_minor)
        return false;
    if ((r->has_min_age || r->has_max_age) && t->age < 0)
        return false; /* an age band says nothing of an unknown age */
    return in_band(r->has_min_prior, r->min_prior, r->has_max_prior, r->max_prior, t->prior) &&
           in_band(r->has_min_age, r->min_age, r->has_max_age, r->max_age, t->age);
}

const struct remind_rule *remind_rule_match(const struct remind_rule *rules, size_t n, const struct remind_traits *t)
{
    const struct remind_rule *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (rule_fits(&rules[i], t) && (!best || rules[i].priority < best->priority))
            best = &rules[i];
    return best;
}

int remind_age(int64_t birth, int64_t today)
{
    if (birth > today)
        return -1;
    int by, bm, bd, ty, tm, td;
    date_to_civil(birth, &by, &bm, &bd);
    date_to_civil(today, &ty, &tm, &td);
    return ty - by - (tm < bm || (tm == bm && td < bd));
}
