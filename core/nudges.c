/* Nudges: the rules that turn a day's rows into suggestions of whom to
 * thank, and the problems a drill-down shows below them. See core/nudges.h. */
#include "core/nudges.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/metrics.h"
#include "core/money.h"

static const char *const kind_names[] = {"promise_kept", "hard_call", "not_thanked", "before_correct", "problem"};

const char *nudge_kind_name(enum nudge_kind k)
{
    return k <= NK_PROBLEM ? kind_names[k] : "?";
}

bool nudge_kind_parse(const char *name, enum nudge_kind *k)
{
    for (int i = 0; name && i < NK_PROBLEM; i++)
        if (strcmp(kind_names[i], name) == 0) {
            *k = (enum nudge_kind)i;
            return true;
        }
    return false;
}

const char *const nudge_hard_outcomes[] = {"refused", "dispute", NULL};

static bool hard_outcome(const char *outcome)
{
    for (int i = 0; nudge_hard_outcomes[i]; i++)
        if (strcmp(nudge_hard_outcomes[i], outcome) == 0)
            return true;
    return false;
}

/* --- words --------------------------------------------------------------------- */

/* Append src to out (n bytes, used so far *k), never cutting a UTF-8
 * character: a field that does not fit whole is cut before its character. */
static void put(char *out, size_t n, size_t *k, const char *src, size_t len)
{
    if (*k + len >= n) {
        len = n - 1 - *k;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out + *k, src, len);
    *k += len;
    out[*k] = '\0';
}

static const char *field_value(const struct nudge_fields *f, const char *name, size_t len)
{
    static const char *const names[] = {"name", "ref", "amount", "days", "calls"};
    const char *values[] = {f->name, f->ref, f->amount, f->days, f->calls};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
            return values[i];
    return NULL;
}

void nudges_fill(const char *text, const struct nudge_fields *f, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    while (*text && k + 1 < n) {
        const char *open = strstr(text, "{{"), *close = open ? strstr(open + 2, "}}") : NULL;
        if (!close) {
            put(out, n, &k, text, strlen(text));
            return;
        }
        const char *v = field_value(f, open + 2, (size_t)(close - open - 2));
        put(out, n, &k, text, (size_t)(open - text));
        if (v)
            put(out, n, &k, v, strlen(v));
        else /* not a field dun fills here: shown as written */
            put(out, n, &k, open, (size_t)(close + 2 - open));
        text = close + 2;
    }
}

/* Same primary language: "ja" matches "ja-JP", case ignored. */
static bool same_language(const char *a, const char *b)
{
    size_t la = strcspn(a, "-_"), lb = strcspn(b, "-_");
    return la == lb && strncasecmp(a, b, la) == 0;
}

static const char *phrase(const struct nudge_input *in, const char *context, const char *language)
{
    const char *english = NULL;
    for (size_t i = 0; i < in->nphrases; i++) {
        const struct nudge_phrase *p = &in->phrases[i];
        if (strcmp(p->context, context) != 0)
            continue;
        if (language && same_language(p->language, language))
            return p->text;
        if (!english && strcmp(p->language, "en") == 0)
            english = p->text;
    }
    return english;
}

/* The words of context for person p; "" when there is no phrase at all. */
static void words(const struct nudge_input *in, const char *context, const struct nudge_person *p,
                  const struct nudge_fields *f, char *out, size_t n)
{
    const char *text = phrase(in, context, p->language);
    struct nudge_fields g = *f;
    g.name = p->name;
    out[0] = '\0';
    if (text)
        nudges_fill(text, &g, out, n);
}

/* --- the rules ------------------------------------------------------------------- */

static const struct nudge_person *person(const struct nudge_input *in, int64_t id)
{
    for (size_t i = 0; i < in->npeople; i++)
        if (in->people[i].id == id)
            return &in->people[i];
    return NULL;
}

static bool dismissed(const struct nudge_input *in, enum nudge_kind k, int64_t subject, int64_t day)
{
    for (size_t i = 0; i < in->ndismissed; i++)
        if (in->dismissed[i].kind == k && in->dismissed[i].subject_id == subject && in->dismissed[i].day == day)
            return true;
    return false;
}

static void fmt_amount(const struct nudge_row *r, bool ascii, char *out, size_t n)
{
    const struct currency *c = currency_find(r->currency);
    if (c)
        money_format(r->amount, c, ascii, out, n);
    else
        snprintf(out, n, "%s %lld", r->currency, (long long)r->amount);
}

/* The nudge a row of today makes, if any: true with *out filled. */
static bool event_nudge(const struct nudge_input *in, const struct nudge_row *r, struct nudge *out)
{
    const struct nudge_person *p = person(in, r->agent_id);
    if (!p || r->day != in->today || (p->last_thanked && p->last_thanked >= r->at))
        return false; /* not someone to thank here, not today, or thanked since */
    const char *context;
    enum nudge_kind k;
    char amount[48] = "";
    if (r->kind == NR_PROMISE_SETTLED && strcmp(r->status, "kept") == 0) {
        k = NK_PROMISE_KEPT;
        context = "promise_kept";
        fmt_amount(r, in->ascii, amount, sizeof amount);
    } else if (r->kind == NR_CALL && (hard_outcome(r->status) || r->upset)) {
        k = NK_HARD_CALL;
        context = hard_outcome(r->status) ? r->status : "upset";
    } else {
        return false;
    }
    if (dismissed(in, k, r->id, r->day))
        return false;
    *out = (struct nudge){.kind = k, .subject_id = r->id, .day = r->day, .agent_id = p->id, .at = r->at,
                          .account_id = r->account_id};
    snprintf(out->ref, sizeof out->ref, "%s", r->ref);
    snprintf(out->login, sizeof out->login, "%s", p->login);
    if (k == NK_PROMISE_KEPT)
        snprintf(out->reason, sizeof out->reason, "%s's promise on %s was kept today (%s)", p->name, r->ref, amount);
    else
        snprintf(out->reason, sizeof out->reason, "%s handled a hard call on %s today (%s%s)", p->name, r->ref,
                 r->status, r->upset ? ", upset customer" : "");
    struct nudge_fields f = {.ref = r->ref, .amount = amount};
    words(in, context, p, &f, out->words, sizeof out->words);
    return true;
}

static bool not_thanked_nudge(const struct nudge_input *in, const struct nudge_person *p, struct nudge *out)
{
    int64_t days = in->today - p->since_day;
    if (days < in->not_thanked_days || dismissed(in, NK_NOT_THANKED, p->id, in->today))
        return false;
    *out = (struct nudge){.kind = NK_NOT_THANKED, .subject_id = p->id, .day = in->today, .agent_id = p->id};
    snprintf(out->login, sizeof out->login, "%s", p->login);
    if (p->last_thanked)
        snprintf(out->reason, sizeof out->reason, "nobody has thanked %s for %lld days", p->name, (long long)days);
    else
        snprintf(out->reason, sizeof out->reason, "nobody has thanked %s yet (%lld days in the team)", p->name,
                 (long long)days);
    char d[24];
    snprintf(d, sizeof d, "%lld", (long long)days);
    struct nudge_fields f = {.days = d};
    words(in, "not_thanked", p, &f, out->words, sizeof out->words);
    return true;
}

/* Events newest first (then by subject, for a stable order); the
 * not_thanked ones stay after them in people[] order. */
static int by_time(const void *x, const void *y)
{
    const struct nudge *a = x, *b = y;
    if (a->at != b->at)
        return a->at > b->at ? -1 : 1;
    return a->subject_id < b->subject_id ? -1 : a->subject_id > b->subject_id;
}

size_t nudges_derive(const struct nudge_input *in, struct nudge *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < in->nrows && k < max; i++)
        k += event_nudge(in, &in->rows[i], &out[k]);
    size_t events = k;
    for (size_t i = 0; i < in->npeople && k < max; i++)
        k += not_thanked_nudge(in, &in->people[i], &out[k]);
    qsort(out, events, sizeof *out, by_time);
    return k;
}

/* --- a day's problems ------------------------------------------------------------ */

static void problem(struct nudge *out, const struct nudge_row *r, int64_t agent_id, const char *fmt, const char *what)
{
    *out = (struct nudge){.kind = NK_PROBLEM, .subject_id = r ? r->id : agent_id, .agent_id = agent_id,
                          .at = r ? r->at : 0, .day = r ? r->day : 0};
    if (r)
        snprintf(out->ref, sizeof out->ref, "%s", r->ref);
    snprintf(out->reason, sizeof out->reason, fmt, r ? r->ref : "", what);
}

size_t nudges_problems(const struct nudge_input *in, int64_t agent_id, struct nudge *out, size_t max)
{
    size_t k = 0;
    int64_t attempts = 0, connects = 0;
    for (size_t i = 0; i < in->nrows; i++) {
        const struct nudge_row *r = &in->rows[i];
        if (r->agent_id != agent_id || r->day != in->today)
            continue;
        if (r->kind == NR_PROMISE_SETTLED && strcmp(r->status, "broken") == 0 && k < max)
            problem(&out[k++], r, agent_id, "a promise on %s broke today%s", "");
        else if (r->kind == NR_MESSAGE && strcmp(r->status, "failed") == 0 && k < max)
            problem(&out[k++], r, agent_id, "a message to %s failed today (%s)", r->channel);
        else if (r->kind == NR_CALL && r->outbound && strcmp(r->channel, "phone") == 0) {
            const struct metrics_outcome *o = metrics_outcome_find(r->status);
            attempts++;
            connects += o && o->human;
        }
    }
    if (attempts >= NUDGE_NO_CONNECT_ATTEMPTS && connects == 0 && k < max) {
        problem(&out[k], NULL, agent_id, "%s%s", "");
        snprintf(out[k++].reason, sizeof out->reason, "%lld calls today and not one connect", (long long)attempts);
    }
    return k;
}

static int64_t calls_today(const struct nudge_input *in, int64_t agent_id)
{
    int64_t n = 0;
    for (size_t i = 0; i < in->nrows; i++)
        n += in->rows[i].kind == NR_CALL && in->rows[i].agent_id == agent_id && in->rows[i].day == in->today &&
             in->rows[i].outbound;
    return n;
}

/* Thank before correcting: the day has a problem and no other thanks. Only
 * for calls made today: thanks for nothing in particular is praise. */
static bool before_correct(const struct nudge_input *in, int64_t agent_id, struct nudge *out)
{
    const struct nudge_person *p = person(in, agent_id);
    int64_t n = calls_today(in, agent_id);
    if (!p || n == 0 || (p->last_thanked && p->since_day >= in->today) ||
        dismissed(in, NK_BEFORE_CORRECT, agent_id, in->today))
        return false; /* thanked today already: the correction may come */
    char calls[24];
    snprintf(calls, sizeof calls, "%lld", (long long)n);
    *out = (struct nudge){.kind = NK_BEFORE_CORRECT, .subject_id = agent_id, .day = in->today, .agent_id = agent_id};
    snprintf(out->login, sizeof out->login, "%s", p->login);
    snprintf(out->reason, sizeof out->reason, "thank %s first, before what is below (%s call%s today)", p->name,
             calls, strcmp(calls, "1") == 0 ? "" : "s");
    struct nudge_fields f = {.calls = calls};
    words(in, "before_correct", p, &f, out->words, sizeof out->words);
    return true;
}

size_t nudges_day(const struct nudge_input *in, int64_t agent_id, struct nudge *out, size_t max)
{
    /* The same rules as the panel, over this one colleague. */
    const struct nudge_person *p = person(in, agent_id);
    struct nudge_input one = *in;
    one.people = p;
    one.npeople = p ? 1 : 0;
    size_t k = nudges_derive(&one, out, max);
    size_t problems = nudges_problems(in, agent_id, out + k, max - k);
    if (problems && k == 0 && problems < max) {
        memmove(out + 1, out, problems * sizeof *out);
        if (before_correct(in, agent_id, &out[0]))
            k++;
        else
            memmove(out, out + 1, problems * sizeof *out);
    }
    return k + problems;
}
