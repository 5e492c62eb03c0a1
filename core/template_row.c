#include "core/template_row.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lint.h"
#include "core/template.h"
#include "core/validate.h"

const struct row_column template_columns[TCOL_COUNT] = {
#define X(id, nm, req) [TCOL_##id] = {nm, req, TCOL_##id == TCOL_BODY ? TEXT_MULTILINE : TEXT_LINE},
    TEMPLATE_COLUMNS(X)
#undef X
};

/* The CHECK lists of dun.templates (006_messaging.sql). */
static const char *const channels[] = {"sms", "email", NULL};
static const char *const purposes[] = {"first_notice", "pre_due", "promise_confirmation", "payment_thanks",
                                       "broken_promise", "opt_out_confirmation", NULL};
static const char *const tones[] = {"soft", "neutral", "firm", NULL};

/* The loader refuses a row that does not fit struct template_row, and then
 * nothing can be sent at all: the limits are its field sizes. */
#define FIELD_MAX(f) (sizeof ((struct template_row *)0)->f - 1)

int template_column_find(const char *name) { return row_column_find(template_columns, TCOL_COUNT, name); }

struct check {
    const char *const *in;
    char **out;
    row_error_fn err;
    void *ctx;
    int problems;
    enum template_column column; /* for merge field problems */
};

static void problem(struct check *k, enum template_column c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(struct check *k, enum template_column c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    k->err(k->ctx, template_columns[c].name, msg);
    k->problems++;
}

static void field_problem(void *ctx, const char *message)
{
    struct check *k = ctx;
    problem(k, k->column, "%s", message);
}

/* The value of column c when the file has it and it is not empty. */
static const char *given(const struct check *k, enum template_column c)
{
    const char *v = k->in[c];
    return v && *v ? v : NULL;
}

static bool is(const struct check *k, enum template_column c, const char *word)
{
    const char *v = given(k, c);
    return v && strcmp(v, word) == 0;
}

/* A short identifier: [a-z][a-z0-9_]*, as the shipped names are. */
static bool name_valid(const char *v)
{
    if (!(*v >= 'a' && *v <= 'z') || strlen(v) > FIELD_MAX(name))
        return false;
    for (; *v; v++)
        if (!((*v >= 'a' && *v <= 'z') || (*v >= '0' && *v <= '9') || *v == '_'))
            return false;
    return true;
}

static bool language_valid(const char *v)
{
    return strlen(v) == 2 && v[0] >= 'a' && v[0] <= 'z' && v[1] >= 'a' && v[1] <= 'z';
}

/* The words a column takes, for one enum-like check. */
static void check_word(struct check *k, enum template_column c, const char *const *words, const char *list)
{
    const char *v = given(k, c);
    if (!v)
        return;
    if (word_in(v, words))
        k->out[c] = strdup(v);
    else
        problem(k, c, "\"%s\" is not a %s (%s)", v, template_columns[c].name, list);
}

/* Reported in column order, as a reader of the file meets them. */
static void check_keys(struct check *k)
{
    const char *v;
    check_word(k, TCOL_CHANNEL, channels, "sms or email");
    if ((v = given(k, TCOL_NAME))) {
        if (!name_valid(v))
            problem(k, TCOL_NAME, "\"%s\" is not a template name (lower-case letters, digits and _, starting with"
                    " a letter, at most %zu characters)", v, FIELD_MAX(name));
        else if (strcmp(v, TEMPLATE_OPT_OUT_CONFIRMATION) == 0 &&
                 (!is(k, TCOL_CHANNEL, "sms") || !is(k, TCOL_PURPOSE, "opt_out_confirmation")))
            problem(k, TCOL_NAME, "%s answers STOP and is sent without the consent and opt-out checks: it must"
                    " be an sms template with purpose opt_out_confirmation", v);
        else
            k->out[TCOL_NAME] = strdup(v);
    }
    if ((v = given(k, TCOL_LANGUAGE))) {
        if (!language_valid(v))
            problem(k, TCOL_LANGUAGE, "\"%s\" is not a language code (two lower-case letters, e.g. ja or en)", v);
        else
            k->out[TCOL_LANGUAGE] = strdup(v);
    }
    check_word(k, TCOL_PURPOSE, purposes,
               "first_notice, pre_due, promise_confirmation, payment_thanks, broken_promise or opt_out_confirmation");
    if ((v = given(k, TCOL_SEGMENT))) {
        if (strlen(v) > FIELD_MAX(segment) || strpbrk(v, "\r\n"))
            problem(k, TCOL_SEGMENT, "a segment is one line of at most %zu bytes", FIELD_MAX(segment));
        else
            k->out[TCOL_SEGMENT] = strdup(v);
    }
    check_word(k, TCOL_TONE, tones, "soft, neutral or firm");
    if ((v = given(k, TCOL_ACTIVE))) {
        bool flag;
        if (!bool_parse(v, &flag))
            problem(k, TCOL_ACTIVE, "\"%s\" is not true or false", v);
        else
            k->out[TCOL_ACTIVE] = strdup(flag ? "t" : "f");
    }
}

/* Line breaks as LF whatever the editor wrote (CRLF, or CR alone). */
static char *lf_only(const char *v)
{
    char *s = malloc(strlen(v) + 1), *o = s;
    if (!s)
        return NULL;
    for (; *v; v++) {
        if (*v == '\r' && v[1] == '\n')
            continue;
        *o++ = *v == '\r' ? '\n' : *v;
    }
    *o = '\0';
    return s;
}

static void check_subject(struct check *k)
{
    const char *v = given(k, TCOL_SUBJECT);
    bool email = is(k, TCOL_CHANNEL, "email");
    if (!v) {
        if (email)
            problem(k, TCOL_SUBJECT, "an email template needs a subject%s",
                    k->in[TCOL_SUBJECT] ? "" : " (the file has no subject column)");
        return;
    }
    if (is(k, TCOL_CHANNEL, "sms")) {
        problem(k, TCOL_SUBJECT, "an SMS has no subject: leave it empty");
        return;
    }
    int before = k->problems;
    if (strpbrk(v, "\r\n"))
        problem(k, TCOL_SUBJECT, "a subject is one line: it has a line break");
    if (strlen(v) > FIELD_MAX(subject))
        problem(k, TCOL_SUBJECT, "%zu bytes long: at most %zu", strlen(v), FIELD_MAX(subject));
    k->column = TCOL_SUBJECT;
    template_check_each(v, field_problem, k);
    if (k->problems == before)
        k->out[TCOL_SUBJECT] = strdup(v);
}

static void check_body(struct check *k)
{
    const char *v = given(k, TCOL_BODY);
    if (!v)
        return;
    char *body = lf_only(v);
    if (!body) {
        problem(k, TCOL_BODY, "out of memory");
        return;
    }
    int before = k->problems;
    if (strlen(body) > FIELD_MAX(body))
        problem(k, TCOL_BODY, "%zu bytes long: at most %zu", strlen(body), FIELD_MAX(body));
    k->column = TCOL_BODY;
    template_check_each(body, field_problem, k);
    if (is(k, TCOL_CHANNEL, "sms")) {
        struct sms_count c;
        sms_count(body, &c);
        if (c.segments > TEMPLATE_SMS_MAX_SEGMENTS)
            problem(k, TCOL_BODY, "an SMS of %d parts (%d %s characters as written): at most %d; shorten it",
                    c.segments, c.chars, c.ucs2 ? "UCS-2" : "GSM-7", TEMPLATE_SMS_MAX_SEGMENTS);
    }
    if (is(k, TCOL_PURPOSE, "opt_out_confirmation") && template_has_field(body, "opt_out"))
        problem(k, TCOL_BODY, "the opt-out confirmation answers STOP: it must not ask again with {{opt_out}}");
    if (k->problems == before)
        k->out[TCOL_BODY] = body;
    else
        free(body);
}

static void lint_problem(void *ctx, const char *column, const char *message)
{
    struct check *k = ctx;
    problem(k, (enum template_column)template_column_find(column), "%s", message);
}

/* The lint reads the text as given: a row broken in its form as well is
 * told about both at once. */
static void check_lint(struct check *k, const struct lint_conf *lint, const char *opt_out_policies)
{
    struct lint_conf c = *lint;
    c.opt_out_policies = opt_out_policies;
    struct lint_template t = {given(k, TCOL_CHANNEL), given(k, TCOL_PURPOSE), given(k, TCOL_NAME),
                              given(k, TCOL_SUBJECT), given(k, TCOL_BODY)};
    if (t.body)
        lint_template(&t, &c, lint_problem, k);
}

int template_row_validate(const char *const in[], const char *opt_out_policies, const struct lint_conf *lint,
                          char *out[], row_error_fn err, row_error_fn warn, void *ctx)
{
    struct check k = {.in = in, .out = out, .err = err, .ctx = ctx};
    for (int c = 0; c < TCOL_COUNT; c++) {
        out[c] = NULL;
        if (template_columns[c].required && !given(&k, (enum template_column)c))
            problem(&k, (enum template_column)c, "required, but empty");
    }
    check_keys(&k);
    check_subject(&k);
    check_body(&k);
    if (lint)
        check_lint(&k, lint, opt_out_policies);
    if (k.problems == 0 && warn && opt_out_policies && *opt_out_policies &&
        !is(&k, TCOL_PURPOSE, "opt_out_confirmation") && !template_has_opt_out(out[TCOL_BODY])) {
        char msg[300];
        snprintf(msg, sizeof msg, "no opt-out instruction ({{opt_out}}): this template will be refused"
                 " for accounts under a policy that requires one (%s)", opt_out_policies);
        warn(ctx, template_columns[TCOL_BODY].name, msg);
    }
    return k.problems;
}

void template_row_clear(char *out[])
{
    for (int c = 0; c < TCOL_COUNT; c++) {
        free(out[c]);
        out[c] = NULL;
    }
}
