/* The template lint (issue 12, part 5): what a first notice or a reminder
 * must and must not say, checked when a template is imported
 * (`dun import templates`, through core/template_row.c) so that a template
 * that breaks a rule never reaches dun.templates. The rules, for
 * supervisors, are in docs/supervisor-guide.md ("The template lint").
 *
 * Ownership: this module judges a template's text alone (libc only, no I/O,
 * no clock, no allocation). What is configured (the company's names, the
 * payment page, whether a policy requires an opt-out instruction) is data
 * the caller passes in; the caller reads dun.conf and dun.policies.
 */
#ifndef DUN_CORE_LINT_H
#define DUN_CORE_LINT_H

#include <stdbool.h>
#include <stddef.h>

/** What the lint measures a template against. Any field may be NULL/false. */
struct lint_conf {
    const char *company;      ///< dun.conf company: naming it literally names the sender
    const char *company_ja;   ///< dun.conf company_ja, likewise
    const char *payment_link; ///< dun.conf payment_link: a written URL must be on its host
    const char *opt_out_policies; ///< the policies requiring an opt-out instruction ("US"); NULL or "" = none
};

/** A template as the lint reads it; subject may be NULL or "" (SMS). */
struct lint_template {
    const char *channel, *purpose, *name, *subject, *body;
};

/** Called once per broken rule: column ("body" or "subject") and one
 *  sentence beginning "rule RULE: ", RULE one of sender, legal_threat,
 *  link_domain, opt_out. */
typedef void (*lint_fn)(void *ctx, const char *column, const char *message);

/**
 * Is this template a first notice or a reminder, the ones the lint checks?
 * Purpose first_notice or pre_due (the reminder before a due date), or a
 * name beginning "reminder".
 */
bool lint_applies(const char *purpose, const char *name);

/**
 * Check t (when lint_applies) against the four rules:
 *   sender        the body or subject has {{company}}, or c->company or
 *                 c->company_ja written out (ASCII letters in any case);
 *   legal_threat  no phrase of the table (lint_legal_threat) in subject or body;
 *   link_domain   every http://, https:// or www. link written in subject or
 *                 body is on the host of c->payment_link (none configured:
 *                 no written link at all; {{payment_link}} is always fine);
 *   opt_out       when c->opt_out_policies names any, an sms or email body
 *                 carries an opt-out instruction (template_has_opt_out, core/template.h).
 * Returns the number of broken rules, each reported through each (may be NULL).
 */
int lint_template(const struct lint_template *t, const struct lint_conf *c, lint_fn each, void *ctx);

/**
 * The first threat of legal action in text, as the table spells it, or
 * NULL. English phrases match ASCII case-insensitively as whole words
 * ("sue" but not "pursue", "court" but not "courtesy"; "garnish" also as
 * "garnishment"); Japanese ones anywhere ("訴訟", "差し押さえ", ...).
 */
const char *lint_legal_threat(const char *text);

/**
 * The host of a URL ("https://user@Pay.Example:443/x" -> "pay.example"),
 * lower case, without port, user or a final dot, into host. url may start
 * with a scheme or with "www."; the host ends at /, ?, #, a space or a
 * character that is not ASCII. False when there is no host or it does not fit.
 */
bool lint_url_host(const char *url, char *host, size_t n);

#endif
