/* Nudges: when and whom to thank, from the day's rows the store loads.
 *
 * A nudge is a suggestion with its reason and editable words; nothing is
 * ever sent from here (the thanks form sends, after the viewer reads the
 * words). The rules, all for the viewer's local day `today`:
 *
 *   promise_kept   a promise the colleague took was kept today
 *   hard_call      a call they logged today as refused or dispute, or
 *                  while U marked the customer upset
 *   not_thanked    nobody has thanked them for N days (or, never thanked,
 *                  since they joined)
 *   before_correct the drill-down only: their day shows a problem, no
 *                  other nudge is about them and nobody thanked them today,
 *                  so one thanks them for the calls they made: thank
 *                  before correcting
 *
 * A promise_kept or hard_call nudge is left out when the colleague was
 * thanked (by anyone) at or after the event, and every nudge is left out
 * when the viewer dismissed it (kind, subject, day). Event nudges come
 * newest first, the not_thanked ones after them in people[] order (the
 * store lists the longest wait first).
 *
 * Problems of a day (the drill-down), below the thanks: a promise that
 * broke today, a message that failed today, NUDGE_NO_CONNECT_ATTEMPTS or
 * more calls today without one connect.
 *
 * Words: the first phrase of the context in the receiver's language, else
 * English, with {{name}}, {{ref}}, {{amount}}, {{days}}, {{calls}} filled.
 * Pure: libc and core only, no clock, no allocation. */
#ifndef DUN_CORE_NUDGES_H
#define DUN_CORE_NUDGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/thanks.h"

enum { NUDGE_DEFAULT_DAYS = 7, NUDGE_NO_CONNECT_ATTEMPTS = 10 };

enum nudge_kind { NK_PROMISE_KEPT, NK_HARD_CALL, NK_NOT_THANKED, NK_BEFORE_CORRECT, NK_PROBLEM };

/** "promise_kept", "hard_call", ... as stored in dun.nudge_dismissals. */
const char *nudge_kind_name(enum nudge_kind k);
/** The kind named name; false when there is none (NK_PROBLEM is not stored). */
bool nudge_kind_parse(const char *name, enum nudge_kind *k);

/** The call outcomes that make a hard call, NULL-terminated: the store
 *  loads only those (and upset calls), the rule below decides. */
extern const char *const nudge_hard_outcomes[];

/** What the store loads: one row of a colleague's day. */
enum nudge_row_kind { NR_CALL, NR_PROMISE_MADE, NR_PROMISE_SETTLED, NR_MESSAGE, NR_THANKS_GIVEN, NR_THANKS_RECEIVED };
struct nudge_row {
    enum nudge_row_kind kind;
    int64_t id;          ///< the contact, promise, outbox or thanks id
    int64_t agent_id;    ///< whose day it is
    dun_time at;
    int64_t day;         ///< at as the viewer's local date
    int64_t account_id;  ///< 0: none
    char ref[65];
    char channel[8];     ///< NR_CALL, NR_MESSAGE
    bool outbound;       ///< NR_CALL
    char status[24];     ///< NR_CALL: outcome; promises: status; NR_MESSAGE: state
    bool upset;          ///< NR_CALL: logged while U was on
    int64_t amount;      ///< promises: minor units
    char currency[4];
    char other[128];     ///< thanks: the other person's name
    char text[THANKS_BODY_MAX]; ///< thanks: the words
};

/** A colleague who may be thanked, and since when nobody has. */
struct nudge_person {
    int64_t id;
    char login[65];
    char name[128];
    char language[8];
    dun_time last_thanked;  ///< 0: never
    int64_t since_day;      ///< the local date of the last thanks, else of joining
};

struct nudge_dismissal {
    enum nudge_kind kind;
    int64_t subject_id;
    int64_t day;
};

struct nudge_phrase {
    char language[8];
    char context[16];   ///< promise_kept, dispute, refused, upset, not_thanked, before_correct
    char text[804];     ///< 200 characters (the table's CHECK)
};

struct nudge_input {
    const struct nudge_person *people; ///< whom the viewer may be nudged about (not the viewer)
    size_t npeople;
    const struct nudge_row *rows;
    size_t nrows;
    const struct nudge_dismissal *dismissed;
    size_t ndismissed;
    const struct nudge_phrase *phrases; ///< in position order
    size_t nphrases;
    int64_t today;
    int not_thanked_days;               ///< N (1..365)
    bool ascii;                         ///< amounts without ¥ and the like
};

struct nudge {
    enum nudge_kind kind;
    int64_t subject_id;  ///< promise, contact or agent id (what a dismissal names)
    int64_t day;
    int64_t agent_id;    ///< whom it is about
    dun_time at;         ///< the event; 0 for not_thanked
    int64_t account_id;  ///< 0: none
    char ref[65];
    char login[65];
    char reason[300];    ///< why, in the screen's language (English)
    char words[THANKS_BODY_MAX]; ///< the thanks offered; "" for a problem
};

/** Every nudge of the input in order (see above), at most max. */
size_t nudges_derive(const struct nudge_input *in, struct nudge *out, size_t max);

/** The problems of agent_id's day in in->rows, into out as NK_PROBLEM
 *  nudges (reason set, no words). */
size_t nudges_problems(const struct nudge_input *in, int64_t agent_id, struct nudge *out, size_t max);

/** The drill-down's list for agent_id: the thanks first, then the problems
 *  (thank before correcting). With a problem and no thanks nudge left, a
 *  before_correct one leads (unless dismissed). */
size_t nudges_day(const struct nudge_input *in, int64_t agent_id, struct nudge *out, size_t max);

/** Fill {{name}}, {{ref}}, {{amount}}, {{days}}, {{calls}} of text into out;
 *  a field not given (NULL) or unknown is copied as written. */
struct nudge_fields {
    const char *name, *ref, *amount, *days, *calls;
};
void nudges_fill(const char *text, const struct nudge_fields *f, char *out, size_t n);

#endif
