/* Script hints: context order and selection (see hints.h for the rules). */
#include "core/hints.h"

#include <stdio.h>
#include <string.h>

#include "core/template.h"
#include "core/utf8.h"

static const struct hint_context no_flags;

size_t hints_contexts(const struct hint_context *c, const char **out, size_t max)
{
    if (!c)
        c = &no_flags;
    /* No demand talk in a dispute or with a third party; with a third party,
     * nothing at all about the account; before the due date, nothing about
     * a missed payment. */
    bool no_demand = c->dispute || c->third_party;
    bool no_account = c->third_party;
    bool not_due = c->pre_due;

    const struct {
        const char *name;
        bool show;
    } order[HINT_CONTEXT_MAX] = {
        {"third_party", c->third_party},
        {"dispute", c->dispute && !no_account},
        {"upset", c->upset},
        {"payment_received", c->payment_received && !no_account},
        {"promise_kept", c->promise_kept && !no_account},
        {"broken_promise", c->broken_promise && !no_demand && !not_due},
        {"first_contact", c->first_contact && !no_account && !not_due},
        {"pre_due", c->pre_due && !no_demand},
        {"opening", true},
        {"cushion", true},
        {"confirm", !no_demand && !not_due},
        {"thanks", true},
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
            if (strcmp(all[i].context, contexts[ci]) == 0 && language_matches(all[i].language, use))
                out[k++] = &all[i];
    }
    return k;
}

/* The hints' own placeholder names, as template fields. */
static const char *template_field(const char *name, size_t len)
{
    static const char *const alias[][2] = {{"debtor", "name"}, {"amount", "amount_due"}, {"callback_number", "phone"}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strlen(alias[i][0]) == len && strncmp(name, alias[i][0], len) == 0)
            return alias[i][1];
    return NULL;
}

void hints_fill(const char *text, const struct merge_values *v, const char *creditor, char *out, size_t n)
{
    size_t o = 0;
    if (n == 0)
        return;
    for (const char *p = text; *p && o + 1 < n;) {
        const char *end = strncmp(p, "{{", 2) == 0 ? strstr(p + 2, "}}") : NULL;
        char value[256] = "";
        if (end) {
            size_t len = (size_t)(end - p - 2);
            const char *field = template_field(p + 2, len);
            char one[80], err[160];
            if (len == 8 && strncmp(p + 2, "creditor", 8) == 0 && creditor && *creditor)
                snprintf(value, sizeof value, "%s", creditor);
            else if (len < 60 && snprintf(one, sizeof one, "{{%.*s}}", (int)(field ? strlen(field) : len),
                                          field ? field : p + 2) > 0 &&
                     !template_render(one, v, value, sizeof value, err, sizeof err))
                value[0] = '\0'; /* unknown here, or no value: keep the placeholder */
        }
        if (value[0]) {
            size_t vl = strlen(value);
            if (o + vl >= n)
                vl = n - 1 - o; /* what fits; the cut below keeps whole characters */
            memcpy(out + o, value, vl);
            o += vl;
            p = end + 2;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    out[utf8_invalid_offset(out, o)] = '\0'; /* a cut never splits a character */
}
