/* The contact compliance engine: may this debtor be contacted now, by which
 * channel, and if not, why not and from when?
 *
 * Pure: the account, its contact history, the policy and the moment are all
 * parameters; zones come in already loaded. Every path that records or sends
 * an outbound contact asks this engine inside its writing transaction. The
 * rules and their legal sources are documented in docs/compliance.md.
 */
#ifndef DUN_CORE_COMPLIANCE_H
#define DUN_CORE_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct zone;

enum channel { CH_PHONE, CH_SMS, CH_EMAIL, CH_LETTER, CH_COUNT };

/* Stable reason codes (documented; JSON and tests use the names). */
#define REASON_CODES(X)                \
    X(QUIET_HOURS, "quiet_hours")      \
    X(PREFERRED_WINDOW, "preferred_window") \
    X(DAILY_CAP, "daily_cap")          \
    X(SEVEN_IN_SEVEN, "seven_in_seven") \
    X(AFTER_CONVERSATION, "after_conversation") \
    X(INTERVAL, "interval")            \
    X(NOT_ACTIVE, "not_active")        \
    X(NO_BALANCE, "no_balance")        \
    X(WORKPLACE, "workplace")          \
    X(EMPLOYER_EMAIL, "employer_email") \
    X(CEASE, "cease")                  \
    X(ATTORNEY, "attorney")            \
    X(DISPUTE, "dispute")              \
    X(BANKRUPTCY, "bankruptcy")        \
    X(DECEASED, "deceased")            \
    X(OPT_OUT, "opt_out")              \
    X(NO_CONSENT, "no_consent")        \
    X(DNC, "dnc")                      \
    X(NO_CONTACT_POINT, "no_contact_point") \
    X(NO_POLICY, "no_policy")          \
    X(ZONE_UNKNOWN, "zone_unknown")

enum reason_code {
#define X(id, name) R_##id,
    REASON_CODES(X)
#undef X
    R_COUNT
};

const char *channel_name(enum channel c);          ///< "phone", "sms", "email", "letter"
bool channel_parse(const char *name, enum channel *c);
const char *reason_name(enum reason_code r);        ///< "quiet_hours", ...
bool reason_parse(const char *name, enum reason_code *r);

/** Channel bit for policy masks. */
#define CH_BIT(c) (1u << (c))
#define CH_ALL (CH_BIT(CH_PHONE) | CH_BIT(CH_SMS) | CH_BIT(CH_EMAIL) | CH_BIT(CH_LETTER))

/**
 * A policy: numbers and switches, loaded from dun.policies. A zero limit
 * means "no such limit". Masks say which channels a rule applies to.
 */
struct policy {
    char code[16];             ///< "JP", "US", or a custom code
    int quiet_start;           ///< minute of day quiet hours begin (21:00 = 1260)
    int quiet_end;             ///< minute of day they end (08:00 = 480)
    unsigned quiet_channels;   ///< channels that respect quiet hours
    bool preferred_window;     ///< honour the debtor's stated window (phone, sms, email)
    int phone_daily_cap;       ///< outbound call attempts per debtor per local day (JP 3)
    int calls_in_7_days;       ///< US 7-in-7: attempts allowed in 7 consecutive days
    bool after_conversation;   ///< US: no call for 7 days after a phone conversation
    int sms_interval;          ///< minimum seconds between outbound SMS (JP 86400)
    int email_interval;        ///< ... between emails
    int letter_interval;       ///< ... between letters (JP 7 days)
    bool workplace_needs_consent;     ///< JP: work numbers only with consent
    bool employer_prohibition;        ///< US: employer prohibits -> no work contact
    bool employer_email_blocked;      ///< US: never use an employer-provided email
    unsigned cease_channels;          ///< channels cease-communication blocks
    unsigned attorney_channels;       ///< channels attorney representation blocks
    unsigned dispute_channels;        ///< channels an open dispute pauses
    unsigned bankruptcy_channels;
    unsigned deceased_channels;
    bool sms_needs_consent;
    bool email_needs_consent;
    bool electronic_opt_out_notice;   ///< US: SMS/email must carry opt-out instructions
};

/** The two built-in policies with their documented defaults. */
void policy_default_jp(struct policy *p);
void policy_default_us(struct policy *p);

enum point_kind { PK_MOBILE, PK_HOME, PK_WORK, PK_PERSONAL_EMAIL, PK_WORK_EMAIL, PK_ADDRESS };

/** A phone number, email address or postal address of the debtor. */
struct contact_point {
    enum channel channel;   ///< CH_PHONE for numbers (SMS uses mobile numbers), CH_EMAIL, CH_LETTER
    enum point_kind kind;
    char target[256];       ///< E.164, address, or postal address
    bool bad;               ///< reported wrong number / bounced
    bool dnc;               ///< on the do-not-call list
};

/** One entry of the contact log. */
struct contact_event {
    dun_time at;
    enum channel channel;
    bool outbound;
    char outcome[24];       ///< not_connected, no_answer, conversation, sent, ...
    bool consent_given;     ///< the debtor consented to this call (US 7-in-7 exclusion)
};

struct debtor {
    const struct zone *const *zones; ///< the candidate zones (nzones, any number), the caller's; several when
                                     ///< the location is uncertain: a moment must be allowed in every one
    int nzones;
    const char *unknown_zone; ///< a stored zone that could not be loaded (NULL: none). With one, or with no
                              ///< zone at all, every channel a rule checks by the debtor's clock or calendar
                              ///< is blocked (zone_unknown): a verdict never rests on a guessed zone
    char status[12];        ///< the account's status ("active", "paused", "closed", "paid"): anything
                            ///< but "active" blocks every channel (not_active); "" = not loaded, as active
    bool has_window;
    int window_start, window_end; ///< preferred contact window, minutes of local day
    bool cease, attorney, dispute, bankruptcy, deceased;
    bool employer_prohibits_contact, workplace_contact_consent;
    bool sms_consent, email_consent, sms_opt_out, email_opt_out;
    bool has_balance;       ///< balance_minor and currency are loaded (false: not checked)
    int64_t balance_minor;  ///< zero or less: settled or in credit, nothing to collect (no_balance)
    char currency[4];
    const struct contact_point *points;
    size_t npoints;
    const struct contact_event *events; ///< any order
    size_t nevents;
};

enum { MAX_REASONS = 12 };

struct reason {
    enum reason_code code;
    char text[200];         ///< one human sentence
    bool clears;            ///< time alone clears it (false: only a flag change can)
    dun_time clears_at;     ///< when it stops blocking, if clears
};

struct verdict {
    enum channel channel;
    char target[256];       ///< "" when there is no contact point
    bool allowed;
    struct reason reasons[MAX_REASONS]; ///< every applicable reason, the binding one first
    int nreasons;
    bool has_next;          ///< next_allowed is known (false: only a flag change allows it)
    dun_time next_allowed;  ///< earliest moment it becomes allowed given the known history
    bool needs_opt_out_notice; ///< the message must carry opt-out instructions
};

/**
 * The verdict for one channel and target at `now`. For CH_SMS the target is
 * a mobile number, for CH_PHONE any number. A point not on file gets
 * no_contact_point. p NULL: no policy applies to the account, and nothing
 * is allowed (no_policy, beside the reasons no policy decides: the point's
 * fitness, the do-not-call list, opt-outs).
 */
void compliance_check(const struct policy *p, const struct debtor *d, enum channel ch,
                      const struct contact_point *point, dun_time now, struct verdict *v);

/**
 * Verdicts for every channel and contact point: phone per number, SMS per
 * mobile, email per address, letter per address; a channel with no point
 * gets one no_contact_point verdict. p NULL: every verdict is no_policy.
 * Returns the number written (<= max).
 */
size_t compliance_all(const struct policy *p, const struct debtor *d, dun_time now,
                      struct verdict *out, size_t max);

/**
 * An opt-out confirmation answers the debtor's own request, so consent,
 * opt-out, message spacing, the balance and the account's status (a paused
 * account's debtor is answered too) do not apply to it: drop those reasons;
 * the verdict is allowed again when nothing else blocks, else it opens when
 * the reasons left clear (has_next false when one of them never does by
 * itself).
 */
void verdict_waive_for_confirmation(struct verdict *v);

/**
 * A payment-thanks message asks for nothing, so a settled or credit balance
 * (no_balance) does not block it; every other reason stands. As
 * verdict_waive_for_confirmation otherwise.
 */
void verdict_waive_for_thanks(struct verdict *v);

/** The best verdict of one channel among `v` (allowed first, else the one
 *  that opens soonest); NULL when the channel is absent. */
const struct verdict *compliance_best(const struct verdict *v, size_t n, enum channel ch);

#endif
