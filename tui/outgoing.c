#include "tui/outgoing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "tui/messaging.h"
#include "tui/token.h"

/* A payment on or after the day the oldest unpaid amount fell due answers
 * part of it: "we have not yet received your payment" would read as false. */
static bool paid_toward_overdue(const struct account_detail *a)
{
    return a->has_oldest && a->has_last_payment && a->last_paid_date >= a->oldest_unpaid;
}

const char *outgoing_purpose(const struct outgoing *o)
{
    const struct account_detail *a = o->acc;
    if (a->has_open_promise)
        return "promise_confirmation";
    if (strcmp(a->last_promise_status, "broken") == 0)
        return "broken_promise";
    if (a->paid_recently && (!a->has_oldest || a->balance_minor <= 0 || paid_toward_overdue(a)))
        return "payment_thanks";
    if (a->has_due && !a->has_oldest)
        return "pre_due";
    return "first_notice";
}

/* What a template of each purpose says about the account, and whether that
 * is so; false with the sentence in why. */
/* A message asking for money when nothing is owed: false, with the sentence. */
static bool owes(const struct account_detail *a, const struct template_row *t, char *why, size_t n)
{
    if (a->balance_minor > 0 || !template_purpose_collects(t->purpose))
        return true;
    char amount[64];
    const struct currency *cur = currency_find(a->currency);
    if (cur)
        money_format(a->balance_minor, cur, false, amount, sizeof amount);
    else
        snprintf(amount, sizeof amount, "%lld %s", (long long)a->balance_minor, a->currency);
    snprintf(why, n, "%s asks for payment, but on %s the balance is %s%s: nothing to collect", t->name, a->ref, amount,
             a->balance_minor < 0 ? " (in credit)" : "");
    return false;
}

bool outgoing_fits(const struct outgoing *o, const struct template_row *t, int64_t today, char *why, size_t n)
{
    const struct account_detail *a = o->acc;
    char day[16] = "";
    why[0] = '\0';
    if (!owes(a, t, why, n))
        return false;
    if (strcmp(t->purpose, "first_notice") == 0) {
        if (!a->has_oldest && a->has_due)
            snprintf(why, n, "%s tells of an overdue payment, but nothing on %s is overdue (next due %s)", t->name,
                     a->ref, (date_format(a->due_date, day, sizeof day), day));
        else if (!a->has_oldest)
            snprintf(why, n, "%s tells of an overdue payment, but nothing on %s is overdue", t->name, a->ref);
    } else if (strcmp(t->purpose, "pre_due") == 0) {
        if (a->has_oldest)
            snprintf(why, n, "%s tells of a payment coming up, but %s is overdue since %s", t->name, a->ref,
                     (date_format(a->oldest_unpaid, day, sizeof day), day));
        else if (!a->has_due)
            snprintf(why, n, "%s tells of a payment coming up, but %s has no due date", t->name, a->ref);
        else if (a->due_date < today)
            snprintf(why, n, "%s tells of a payment coming up, but %s's due date %s has passed", t->name, a->ref,
                     (date_format(a->due_date, day, sizeof day), day));
    } else if (strcmp(t->purpose, "promise_confirmation") == 0) {
        if (!a->has_open_promise)
            snprintf(why, n, "%s confirms a promise, but %s has no open promise", t->name, a->ref);
    } else if (strcmp(t->purpose, "broken_promise") == 0) {
        if (strcmp(a->last_promise_status, "broken") != 0)
            snprintf(why, n, "%s is about a broken promise, but %s's last promise is not broken", t->name, a->ref);
    } else if (strcmp(t->purpose, "payment_thanks") == 0) {
        if (!a->paid_recently)
            snprintf(why, n, "%s thanks for a payment, but %s has no payment in the last 30 days", t->name, a->ref);
    } else if (strcmp(t->purpose, "opt_out_confirmation") == 0) {
        snprintf(why, n, "%s only answers the debtor's STOP: dun sends it by itself", t->name);
    }
    return why[0] == '\0';
}

const char *outgoing_target(const struct outgoing *o, enum channel ch)
{
    const struct account_detail *a = o->acc;
    if (ch == CH_SMS) {
        for (int i = 0; i < a->nphones; i++)
            if (!a->phones[i].bad && strcmp(a->phones[i].kind, "mobile") == 0)
                return a->phones[i].number;
        return NULL;
    }
    for (int i = 0; i < a->nemails; i++)
        if (strcmp(a->emails[i].kind, "personal") == 0)
            return a->emails[i].address;
    return a->nemails ? a->emails[0].address : NULL;
}

const struct template_row *outgoing_recommended(const struct outgoing *o, enum channel ch)
{
    return template_recommend(o->templates, o->ntemplates, channel_name(ch), outgoing_purpose(o), o->acc->language,
                              o->acc->segment);
}

static bool named(const struct template_row *t, const char *name, enum channel ch)
{
    return strcmp(t->name, name) == 0 && strcmp(t->channel, channel_name(ch)) == 0;
}

const struct template_row *outgoing_find(const struct outgoing *o, const char *name, enum channel ch)
{
    for (size_t i = 0; i < o->ntemplates; i++)
        if (named(&o->templates[i], name, ch) && strcmp(o->templates[i].language, o->acc->language) == 0)
            return &o->templates[i];
    for (size_t i = 0; i < o->ntemplates; i++)
        if (named(&o->templates[i], name, ch))
            return &o->templates[i];
    return NULL;
}

void outgoing_list(const struct outgoing *o, enum channel ch, char *out, size_t n)
{
    size_t pos = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    /* Stop with room to spare rather than end the list on half a name. */
    for (size_t i = 0; i < o->ntemplates && pos + 40 < n; i++) {
        const struct template_row *t = &o->templates[i];
        if (strcmp(t->channel, channel_name(ch)) == 0 && strcmp(t->language, o->acc->language) == 0)
            pos += (size_t)snprintf(out + pos, n - pos, "%s%s", pos ? ", " : "", t->name);
    }
}

/* The values that come from the settings. The embedded demo has example
 * ones so one key works out of the box, a fictional toll-free number of
 * the debtor's language's country (a US debtor cannot dial 0120); a real
 * database must configure them (dun.conf), or the message is refused. */
static void settings_values(const struct outgoing *o, enum channel ch, struct merge_values *v)
{
    const struct messaging *m = o->msg;
    bool ja = strcmp(o->acc->language, "ja") == 0;
    const char *setting = ch == CH_SMS ? (ja ? "opt_out_sms_ja" : "opt_out_sms_en") : (ja ? "opt_out_email_ja" : "opt_out_email_en");
    const char *dflt = ch == CH_SMS ? (ja ? "配信停止は「停止」と返信" : "Reply STOP to opt out")
                                    : (ja ? "配信停止はメール内の配信停止リンクから" : "To stop these emails, use the unsubscribe link");
    const char *creditor = o->acc->creditor[0] ? o->acc->creditor : NULL;
    v->company = m ? messaging_get(m, ja ? "company_ja" : "company", NULL, NULL) : NULL;
    if (!v->company && m)
        v->company = messaging_get(m, "company", NULL, creditor);
    const char *demo_phone = ja ? "0120-000-000" : "1-800-555-0100";
    v->phone = m ? messaging_get(m, "company_phone", NULL, o->demo ? demo_phone : NULL) : NULL;
    v->payment_link = m ? messaging_get(m, "payment_link", NULL, o->demo ? "https://pay.example/" : NULL) : NULL;
    v->opt_out = m ? messaging_get(m, setting, NULL, dflt) : dflt;
}

void outgoing_merge_values(const struct outgoing *o, enum channel ch, struct merge_values *v)
{
    const struct account_detail *a = o->acc;
    memset(v, 0, sizeof *v);
    settings_values(o, ch, v);
    v->name = a->name;
    v->agent = o->agent_name;
    v->currency = a->currency;
    v->has_balance = v->has_amount_due = true;
    v->balance_minor = v->amount_due_minor = a->balance_minor;
    v->has_due_date = a->has_oldest || a->has_due;
    v->due_date = a->has_oldest ? a->oldest_unpaid : a->due_date;
    v->has_promise = a->has_next_promise;
    v->promise_minor = a->next_promise_minor;
    v->promise_date = a->next_promise_date;
    v->language = a->language;
}

const char *outgoing_new_link(const struct messaging *m, bool demo, char *out, size_t n)
{
    /* The demo's dun serve listens where serve_listen's default says. */
    const char *base = m ? messaging_get(m, "public_url", "DUN_PUBLIC_URL", demo ? "http://127.0.0.1:8088" : NULL) : NULL;
    char token[33];
    if (!base || !base[0] || !random_token(token))
        return NULL;
    size_t len = strlen(base);
    while (len > 0 && base[len - 1] == '/')
        len--;
    int w = snprintf(out, n, "%.*s/p/%s", (int)len, base, token);
    return w > 0 && (size_t)w < n ? out : NULL;
}

int outgoing_link_days(const struct messaging *m)
{
    return m && m->link_days > 0 ? m->link_days : 14;
}

const char *outgoing_setting_for(const char *field)
{
    static const char *const map[][2] = {
        {"company", "company (company_ja for Japanese)"},
        {"phone", "company_phone"},
        {"payment_link", "payment_link"},
        {"opt_out", "opt_out_sms_en, opt_out_sms_ja, opt_out_email_en or opt_out_email_ja"},
        {"link", "public_url"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], field) == 0)
            return map[i][1];
    return NULL;
}

bool outgoing_render(const struct outgoing *o, enum channel ch, const char *subject_text, const char *body_text,
                     char *subject, size_t sn, char *body, size_t bn, char *err, size_t errlen)
{
    struct merge_values v;
    outgoing_merge_values(o, ch, &v);
    char link[600];
    if (template_has_field(body_text, "link") || (ch == CH_EMAIL && template_has_field(subject_text, "link")))
        v.link = outgoing_new_link(o->msg, o->demo, link, sizeof link);
    subject[0] = '\0';
    if (ch == CH_EMAIL && !template_render(subject_text, &v, subject, sn, err, errlen))
        return false;
    if (!template_render(body_text, &v, body, bn, err, errlen))
        return false;
    if (o->policy && template_requires_opt_out(o->policy->electronic_opt_out_notice, channel_name(ch)) &&
        !template_has_opt_out(body_text)) {
        snprintf(err, errlen, "policy %s needs an opt-out instruction in every %s: add {{opt_out}}", o->acc->policy,
                 channel_name(ch));
        body[0] = '\0';
        return false;
    }
    return true;
}

/* --- loading, for callers without a loaded account ------------------------ */

void outgoing_book_free(struct outgoing_book *b)
{
    free(b->templates);
    free(b->pols);
    memset(b, 0, sizeof *b);
}

int outgoing_book_load(struct db *db, const char *ref, dun_time now, const struct messaging *msg,
                       const char *agent_name, struct outgoing_book *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    int found = store_account_load(db, ref, now, &b->acc, err, errlen);
    if (found <= 0)
        return found;
    if (!store_templates_load(db, &b->templates, &b->ntemplates, err, errlen) ||
        !store_policies_load(db, &b->pols, &b->npols, NULL, err, errlen)) {
        outgoing_book_free(b);
        return -1;
    }
    b->out = (struct outgoing){.acc = &b->acc, .templates = b->templates, .ntemplates = b->ntemplates, .msg = msg,
                               .agent_name = agent_name, .demo = db->target.embedded,
                               .policy = policy_find(b->pols, b->npols, b->acc.policy)};
    return 1;
}

bool outgoing_opt_out_confirmation(struct db *db, const char *ref, dun_time now, const struct messaging *msg,
                                   char *body, size_t bn, char *err, size_t errlen)
{
    struct outgoing_book b;
    char subject[8];
    body[0] = '\0';
    int found = outgoing_book_load(db, ref, now, msg, NULL, &b, err, errlen);
    if (found == 0)
        snprintf(err, errlen, "no account %s", ref);
    if (found <= 0)
        return false;
    /* The answer to STOP carries no opt-out instruction: no policy check. */
    b.out.policy = NULL;
    const struct template_row *t = outgoing_find(&b.out, TEMPLATE_OPT_OUT_CONFIRMATION, CH_SMS);
    bool ok = t && outgoing_render(&b.out, CH_SMS, "", t->body, subject, sizeof subject, body, bn, err, errlen);
    if (!t)
        snprintf(err, errlen, "no active template %s", TEMPLATE_OPT_OUT_CONFIRMATION);
    outgoing_book_free(&b);
    return ok;
}
