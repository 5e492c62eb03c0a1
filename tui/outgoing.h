/* An account's outgoing message: its purpose, the recommended (or named)
 * template, where it goes, the merge values and the rendered text. The one
 * place this is decided, shared by the account screen (s, e, S, E),
 * `dun send` and dun serve's opt-out confirmation, so that all of them pick
 * and render a message alike.
 *
 * Ownership: struct outgoing only points at what its caller owns (the
 * account as loaded by store_account_load, the templates from
 * store_templates_load, the messaging settings, the policy, the agent's
 * name) and must not outlive any of it. The functions on it allocate
 * nothing, keep no state, do no I/O and read no clock. Queueing
 * (outbox_enqueue), verdicts and the undo window stay with the caller.
 * struct outgoing_book is the one exception: it loads and owns the account,
 * the templates and the policies for callers that have none loaded (commands,
 * dun serve); outgoing_book_free releases it. No curses here.
 */
#ifndef DUN_TUI_OUTGOING_H
#define DUN_TUI_OUTGOING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/date.h"
#include "core/db/account_store.h"
#include "core/template.h"
#include "core/template_row.h" /* TEMPLATE_OPT_OUT_CONFIRMATION */

struct db;
struct messaging;


struct outgoing {
    const struct account_detail *acc;
    const struct template_row *templates;
    size_t ntemplates;
    const struct messaging *msg;  ///< company, phone, link, opt-out texts; NULL: none loaded
    const char *agent_name;       ///< {{agent}}; NULL or "": no value (a template using it is refused)
    bool demo;                    ///< the embedded demo database: example phone and payment link
    const struct policy *policy;  ///< the debtor's policy, for its opt-out instruction rule;
                                  ///< NULL: not checked (the opt-out confirmation is exempt)
};

/** What a message to this account is for, from its state: an open promise
 *  gets its confirmation (restating amount and date), else broken_promise
 *  after a broken one, payment_thanks after a payment in the last 30 days
 *  with nothing overdue, nothing left to pay, or made on or after the day
 *  the oldest unpaid amount fell due (in the debtor's calendar), pre_due
 *  before the due date, else first_notice. */
const char *outgoing_purpose(const struct outgoing *o);

/**
 * Does template t say only what is true of the account on `today` (days
 * since 1970-01-01, the debtor's calendar)? Its purpose states something:
 * first_notice that a payment is overdue; pre_due that one is coming up
 * (a due date today or later, nothing overdue); promise_confirmation that a
 * promise is open; broken_promise that the last promise broke;
 * payment_thanks that a payment arrived in the last 30 days. An
 * opt_out_confirmation only answers the debtor's STOP (dun serve sends it,
 * not this path). Any other purpose passes. Whatever it says, a message that
 * asks for money (template_purpose_collects) does not fit a balance of zero
 * or less. False with one sentence in why.
 */
bool outgoing_fits(const struct outgoing *o, const struct template_row *t, int64_t today, char *why, size_t n);

/** Where a message on ch goes: SMS the first good mobile; email the
 *  personal address, else the first. NULL when there is none. */
const char *outgoing_target(const struct outgoing *o, enum channel ch);

/** The recommended template on ch for the purpose, language and segment
 *  (template_recommend); NULL when none fits. */
const struct template_row *outgoing_recommended(const struct outgoing *o, enum channel ch);

/** The template called name on ch: in the account's language when there is
 *  one, else in any language. NULL when ch has no such name. */
const struct template_row *outgoing_find(const struct outgoing *o, const char *name, enum channel ch);

/** The names of the templates on ch in the account's language, comma
 *  separated, as many as fit in n bytes. */
void outgoing_list(const struct outgoing *o, enum channel ch, char *out, size_t n);

/** The values merged into a message on ch. Strings point into the account,
 *  the settings or static text. */
void outgoing_merge_values(const struct outgoing *o, enum channel ch, struct merge_values *v);

/** A new {{link}}: public_url (DUN_PUBLIC_URL) + "/p/" + 32 random hex
 *  digits (128 bits from getrandom) into out; NULL when public_url is not
 *  set (the field then has no value and rendering names the setting), but
 *  the embedded demo's dun serve default (http://127.0.0.1:8088). The
 *  outbox records the token with the message (dun.links). */
const char *outgoing_new_link(const struct messaging *m, bool demo, char *out, size_t n);
/** dun.conf link_days (DUN_LINK_DAYS), 1-365; 14 when unset or not one. */
int outgoing_link_days(const struct messaging *m);

/** Which dun.conf setting gives a merge field ("phone" -> "company_phone");
 *  NULL for a field taken from the account or the agent. */
const char *outgoing_setting_for(const char *field);

/**
 * Render a subject (email only; "" for SMS) and body for ch. False, with one
 * sentence in err, when a field has no value (template_render names it) or
 * the policy wants an opt-out instruction the body lacks.
 */
bool outgoing_render(const struct outgoing *o, enum channel ch, const char *subject_text, const char *body_text,
                     char *subject, size_t sn, char *body, size_t bn, char *err, size_t errlen);

/** An account with its templates and policies, loaded for one message; out
 *  points into the book, so a book is not copied once loaded. */
struct outgoing_book {
    struct account_detail acc;
    struct template_row *templates;
    size_t ntemplates;
    struct policy *pols;
    size_t npols;
    struct outgoing out;
};

/** Load ref as of now. msg and agent_name are kept by pointer (see struct
 *  outgoing); demo comes from the database target. 1 loaded, 0 no such
 *  account, -1 store error (err); the book is empty unless 1. */
int outgoing_book_load(struct db *db, const char *ref, dun_time now, const struct messaging *msg,
                       const char *agent_name, struct outgoing_book *b, char *err, size_t errlen);
void outgoing_book_free(struct outgoing_book *b);

/** The opt-out confirmation of ref rendered from its template, in the
 *  account's language. False with the reason in err when it cannot be (no
 *  account, no template, a field without a value). */
bool outgoing_opt_out_confirmation(struct db *db, const char *ref, dun_time now, const struct messaging *msg,
                                   char *body, size_t bn, char *err, size_t errlen);

#endif
