#include "core/lint.h"

#include <stdio.h>
#include <string.h>

#include "core/template.h"

/* A phrase ending in '*' also matches longer words ("garnish*": garnished,
 * garnishment). Words in all their forms that a debtor reads as a threat of
 * court; "attorney" is not here, because a template may rightly ask whether
 * the debtor has one. */
static const char *const threats_en[] = {
    "lawsuit*", "legal action*", "legal proceeding*", "legal steps", "court", "courts", "sue", "sued", "sues",
    "suing", "garnish*", "litigat*", "judgment*", "judgement*", "lien", "liens", "seize*", "seizure*",
    "prosecut*", "arrest*", "jail", "prison", NULL,
};

/* Japanese has no spaces between words: a substring is a match. */
static const char *const threats_ja[] = {
    "裁判", "訴訟", "提訴", "訴え", "法的措置", "法的手続", "法的な手続", "法的処置",
    "差し押さえ", "差し押え", "差押", "強制執行", "支払督促", "逮捕", NULL,
};

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

static bool word_char(char ch)
{
    ch = lower(ch);
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* Does s begin with word (ASCII, any case), and how long is the match? */
static size_t starts_with(const char *s, const char *word)
{
    size_t i = 0;
    for (; word[i] && word[i] != '*'; i++)
        if (lower(s[i]) != word[i])
            return 0;
    if (word[i] != '*' && word_char(s[i]))
        return 0; /* a longer word: "sue" in "suede" */
    return i;
}

static const char *threat_en(const char *text)
{
    for (const char *s = text; *s; s++) {
        if (s > text && word_char(s[-1]))
            continue; /* not at a word's start: "sue" in "pursue" */
        for (int i = 0; threats_en[i]; i++)
            if (starts_with(s, threats_en[i]))
                return threats_en[i];
    }
    return NULL;
}

const char *lint_legal_threat(const char *text)
{
    if (!text)
        return NULL;
    for (int i = 0; threats_ja[i]; i++)
        if (strstr(text, threats_ja[i]))
            return threats_ja[i];
    return threat_en(text);
}

/* strstr ignoring ASCII case. */
static bool contains(const char *hay, const char *needle)
{
    if (!hay || !needle || !*needle)
        return false;
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && lower(hay[i]) == lower(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static bool url_end(char ch)
{
    return ch == '\0' || ch == '/' || ch == '?' || ch == '#' || ch == ' ' || ch == '\t' || ch == '\n' ||
           ch == '\r' || ch == '"' || ch == '\'' || ch == '<' || ch == '>' || ch == ')' || (unsigned char)ch >= 0x80;
}

/* Past "http://", "https://" (any case), or at "www.": the authority. */
static const char *authority(const char *url)
{
    if (starts_with(url, "http://*"))
        return url + 7;
    if (starts_with(url, "https://*"))
        return url + 8;
    if (starts_with(url, "www.*"))
        return url;
    return NULL;
}

bool lint_url_host(const char *url, char *host, size_t n)
{
    const char *a = authority(url), *end;
    if (!a)
        return false;
    for (end = a; !url_end(*end); end++)
        if (*end == '@')
            a = end + 1; /* user@host: the host is what the browser visits */
    const char *colon = memchr(a, ':', (size_t)(end - a));
    if (colon)
        end = colon;
    if (end > a && end[-1] == '.')
        end--;
    size_t len = (size_t)(end - a);
    if (len == 0 || len >= n)
        return false;
    for (size_t i = 0; i < len; i++)
        host[i] = lower(a[i]);
    host[len] = '\0';
    return true;
}

struct run {
    const struct lint_template *t;
    const struct lint_conf *c;
    lint_fn each;
    void *ctx;
    int broken;
};

static void broken(struct run *r, const char *column, const char *msg)
{
    if (r->each)
        r->each(r->ctx, column, msg);
    r->broken++;
}

static bool names_sender(const char *text, const struct lint_conf *c)
{
    return text && (template_has_field(text, "company") || contains(text, c->company) || contains(text, c->company_ja));
}

static void check_sender(struct run *r)
{
    if (names_sender(r->t->body, r->c) || names_sender(r->t->subject, r->c))
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "rule sender: a first notice or reminder says who is writing: put {{company}} in it%s%s",
             r->c->company ? " or write the company name, " : "", r->c->company ? r->c->company : "");
    broken(r, "body", msg);
}

static void check_threat(struct run *r, const char *column, const char *text)
{
    const char *phrase = lint_legal_threat(text);
    if (!phrase)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "rule legal_threat: \"%.*s\" threatens legal action, which a first notice or reminder"
             " must not do", (int)strcspn(phrase, "*"), phrase);
    broken(r, column, msg);
}

/* Every link written out, not through {{payment_link}}. */
static void check_links(struct run *r, const char *column, const char *text)
{
    char allowed[256] = "", host[256];
    bool configured = r->c->payment_link && lint_url_host(r->c->payment_link, allowed, sizeof allowed);
    for (const char *s = text; s && *s; s++) {
        if ((s > text && word_char(s[-1])) || !authority(s))
            continue;
        if (!lint_url_host(s, host, sizeof host))
            snprintf(host, sizeof host, "%s", "?");
        if (configured && strcmp(host, allowed) == 0)
            continue;
        char msg[768];
        if (configured)
            snprintf(msg, sizeof msg, "rule link_domain: a link to %s: links go only to %s, the payment_link's"
                     " host (or use {{payment_link}})", host, allowed);
        else
            snprintf(msg, sizeof msg, "rule link_domain: a link to %s: no payment_link is configured, so use"
                     " {{payment_link}} rather than a written link", host);
        broken(r, column, msg);
        return; /* one report per text is enough to fix it */
    }
}

static void check_opt_out(struct run *r)
{
    const char *policies = r->c->opt_out_policies;
    bool required = policies && *policies;
    if (!template_requires_opt_out(required, r->t->channel) || template_has_opt_out(r->t->body))
        return;
    char msg[384];
    snprintf(msg, sizeof msg, "rule opt_out: policy %.100s requires an opt-out instruction (\"Reply STOP to opt"
             " out\") in every %s: add {{opt_out}}", policies, r->t->channel);
    broken(r, "body", msg);
}

bool lint_applies(const char *purpose, const char *name)
{
    return (purpose && (strcmp(purpose, "first_notice") == 0 || strcmp(purpose, "pre_due") == 0)) ||
           (name && strncmp(name, "reminder", 8) == 0);
}

int lint_template(const struct lint_template *t, const struct lint_conf *c, lint_fn each, void *ctx)
{
    static const struct lint_conf none;
    struct run r = {t, c ? c : &none, each, ctx, 0};
    if (!lint_applies(t->purpose, t->name))
        return 0;
    check_sender(&r);
    check_threat(&r, "subject", t->subject);
    check_threat(&r, "body", t->body);
    check_links(&r, "subject", t->subject);
    check_links(&r, "body", t->body);
    check_opt_out(&r);
    return r.broken;
}
