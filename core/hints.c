/* Script hints: context order and selection (see hints.h for the rules). */
#include "core/hints.h"

#include <stdio.h>
#include <string.h>

#include "core/template.h"
#include "core/utf8.h"

static const struct hint_context no_flags;

/* ---- fields ----------------------------------------------------------------- */

/* The hints' own names for template fields. */
static const char *template_field(const char *name)
{
    static const char *const alias[][2] = {{"debtor", "name"}, {"amount", "amount_due"}, {"callback_number", "phone"}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(name, alias[i][0]) == 0)
            return alias[i][1];
    return name;
}

/* The field name between {{ and }} (spaces around it allowed) into name;
 * false when it is not one (empty, too long, other characters). */
static bool field_name(const char *from, const char *to, char *name, size_t n)
{
    while (from < to && (*from == ' ' || *from == '\t'))
        from++;
    while (to > from && (to[-1] == ' ' || to[-1] == '\t'))
        to--;
    size_t len = (size_t)(to - from);
    if (len == 0 || len >= n)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = from[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    memcpy(name, from, len);
    name[len] = '\0';
    return true;
}

/* The fields anyone who answers the phone may hear: who is calling, for
 * whom, and where to call back (template names, after the aliases). */
static bool said_to_anyone(const char *field)
{
    static const char *const fields[] = {"agent", "name", "phone"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(template_field(field), fields[i]) == 0)
            return true;
    return false;
}

/* May h be said to a third party: does it use only such fields? The text
 * is scanned as hints_fill reads it. */
static bool fit_for_third_party(const struct hint *h)
{
    for (const char *p = strstr(h->text, "{{"); p; p = strstr(p, "{{")) {
        const char *end = strstr(p + 2, "}}");
        char name[48];
        if (!end || !field_name(p + 2, end, name, sizeof name)) {
            p++;
            continue;
        }
        if (!said_to_anyone(name))
            return false;
        p = end + 2;
    }
    return true;
}

/* ---- contexts --------------------------------------------------------------- */

size_t hints_contexts(const struct hint_context *c, const char **out, size_t max)
{
    if (!c)
        c = &no_flags;
    /* With an attorney, nothing but the attorney lines. With a third party,
     * nothing about the account or to the account holder; in a dispute, no
     * demand; before the due date, nothing about a missed payment. */
    bool attorney = c->attorney;
    bool holder = !attorney && !c->third_party; /* talking with the account holder */
    bool demand = holder && !c->dispute;
    bool overdue = demand && !c->pre_due;

    const struct {
        const char *name;
        bool show;
    } order[HINT_CONTEXT_MAX] = {
        {"attorney", attorney},
        {"third_party", c->third_party && !attorney},
        {"dispute", c->dispute && holder},
        {"upset", c->upset && !attorney},
        {"payment_received", c->payment_received && holder},
        {"promise_kept", c->promise_kept && holder},
        {"broken_promise", c->broken_promise && overdue},
        {"first_contact", c->first_contact && holder && !c->pre_due},
        {"pre_due", c->pre_due && demand},
        {"opening", holder},
        {"cushion", holder},
        {"confirm", overdue},
        {"thanks", !attorney},
    };
    size_t k = 0;
    for (size_t i = 0; i < HINT_CONTEXT_MAX && k < max; i++)
        if (order[i].show)
            out[k++] = order[i].name;
    return k;
}

static char lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Does the hint's language equal the primary subtag of want ("ja-JP" -> "ja")? */
static bool language_matches(const char *have, const char *want)
{
    size_t i = 0;
    for (; want[i] && want[i] != '-' && want[i] != '_'; i++)
        if (lower(have[i]) != lower(want[i]))
            return false;
    return i > 0 && have[i] == '\0';
}

static bool has_context(const struct hint *all, size_t n, const char *language,
                        const char *context)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].context, context) == 0 && language_matches(all[i].language, language))
            return true;
    return false;
}

size_t hints_select(const struct hint *all, size_t n, const char *language,
                    const char *fallback_language, const struct hint_context *c,
                    const struct hint **out, size_t max)
{
    const char *contexts[HINT_CONTEXT_MAX];
    size_t nc = hints_contexts(c, contexts, HINT_CONTEXT_MAX);
    bool have_lang = language && *language;
    bool have_fallback = fallback_language && *fallback_language;
    bool third_party = c && c->third_party;
    size_t k = 0;
    for (size_t ci = 0; ci < nc && k < max; ci++) {
        const char *use = NULL;
        if (have_lang && has_context(all, n, language, contexts[ci]))
            use = language;
        else if (have_fallback)
            use = fallback_language;
        if (!use)
            continue;
        for (size_t i = 0; i < n && k < max; i++)
            if (strcmp(all[i].context, contexts[ci]) == 0 && language_matches(all[i].language, use) &&
                (!third_party || fit_for_third_party(&all[i])))
                out[k++] = &all[i];
    }
    return k;
}

/* ---- filling ---------------------------------------------------------------- */

/* The cue table: one row per field (template names, after the aliases
 * above), one column per language of cue_languages. */
enum { CUE_LANGUAGES = 2 };
static const char *const cue_languages[CUE_LANGUAGES] = {"en", "ja"};
static const char *const cue_brackets[CUE_LANGUAGES][2] = {{"[", "]"}, {"［", "］"}};
static const struct {
    const char *field;
    const char *cue[CUE_LANGUAGES];
} cues[] = {
    {"name", {"[the account holder's name]", "［ご契約者のお名前］"}},
    {"agent", {"[your name]", "［担当者名］"}},
    {"company", {"[our company name]", "［当社名］"}},
    {"creditor", {"[the creditor's name]", "［ご契約先の名称］"}},
    {"amount_due", {"[the amount due]", "［ご請求金額］"}},
    {"balance", {"[the balance]", "［ご請求残高］"}},
    {"due_date", {"[the due date]", "［お支払期日］"}},
    {"promise_amount", {"[the promised amount]", "［お約束の金額］"}},
    {"promise_date", {"[the promised date]", "［お約束の日付］"}},
    {"phone", {"[your callback number]", "［折り返し先の電話番号］"}},
    {"payment_link", {"[the payment page address]", "［お支払いページのURL］"}},
    {"method", {"[payment method]", "［お支払い方法］"}},
    {"last_payment_date", {"[the date of the last payment]", "［前回のお支払い日］"}},
};

bool hints_cue(const char *field, const char *language, char *out, size_t n)
{
    size_t lang = 0; /* English unless the table has the language */
    for (size_t i = 0; i < CUE_LANGUAGES; i++)
        if (language && language_matches(cue_languages[i], language))
            lang = i;
    const char *canonical = template_field(field);
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++)
        if (strcmp(cues[i].field, canonical) == 0) {
            snprintf(out, n, "%s", cues[i].cue[lang]);
            return true;
        }
    /* Not in the table: the name itself, readable ("account_number" ->
     * "[account number]"). */
    snprintf(out, n, "%s%s%s", cue_brackets[lang][0], field, cue_brackets[lang][1]);
    for (char *q = out; n > 0 && *q; q++)
        if (*q == '_')
            *q = ' ';
    return false;
}

/* A text value that can be shown: set, not blank, no {{ of its own. */
static bool usable(const char *s)
{
    if (!s || strstr(s, "{{"))
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return true;
    return false;
}

/* The value of field into out; false when v has none for it. mv is the
 * merge values with the hint's language. */
static bool field_value(const char *field, const struct hint_values *v, const struct merge_values *mv,
                        const char *language, char *out, size_t n)
{
    bool creditor = strcmp(field, "creditor") == 0;
    if (creditor || strcmp(field, "method") == 0) {
        const char *s = creditor ? v->creditor : v->method;
        if (!usable(s))
            return false;
        snprintf(out, n, "%s", s);
        return true;
    }
    if (strcmp(field, "last_payment_date") == 0) {
        if (!v->has_last_payment)
            return false;
        template_format_date(v->last_payment_date, language, out, n);
        return true;
    }
    char one[64], err[160];
    snprintf(one, sizeof one, "{{%s}}", template_field(field));
    return template_render(one, mv, out, n, err, sizeof err);
}

void hints_fill(const struct hint *h, const struct hint_values *v, char *out, size_t n)
{
    static const struct hint_values none;
    if (n == 0)
        return;
    if (!v)
        v = &none;
    /* Dates and amounts read as a message in the hint's own language would
     * show them (an English fallback line gets an English date). */
    struct merge_values mv = {0};
    if (v->merge)
        mv = *v->merge;
    mv.language = h->language;
    size_t o = 0;
    for (const char *p = h->text; *p && o + 1 < n;) {
        const char *end = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        char name[48], value[256];
        if (!end || !field_name(p + 2, end, name, sizeof name)) {
            out[o++] = *p++;
            continue;
        }
        if (!field_value(name, v, &mv, h->language, value, sizeof value))
            hints_cue(name, h->language, value, sizeof value);
        size_t vl = strlen(value);
        if (o + vl >= n)
            vl = n - 1 - o; /* what fits; the cut below keeps whole characters */
        memcpy(out + o, value, vl);
        o += vl;
        p = end + 2;
    }
    out[o] = '\0';
    out[utf8_invalid_offset(out, o)] = '\0'; /* a cut never splits a character */
}
