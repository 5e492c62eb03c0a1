/* The agent's work queue: one row per account, its channel indicators, its
 * priority score (core/priority.h) and its display cells. */
#ifndef DUN_CORE_QUEUE_H
#define DUN_CORE_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compliance.h"
#include "core/date.h"
#include "core/priority.h"

struct zone_cache;

/** What the queue shows per channel: allowed now, blocked now, or no point. */
enum indicator { IND_NONE, IND_ALLOWED, IND_BLOCKED };

struct queue_row {
    int rank;                  ///< 1-based position after queue_sort
    int64_t account_id;
    char ref[257];             ///< up to 64 characters, UTF-8
    char name[256];            ///< debtor name, UTF-8
    int64_t balance_minor;
    char currency[4];
    bool has_oldest_unpaid;
    int64_t oldest_unpaid;     ///< date (days since epoch)
    bool has_due;
    int64_t due_date;          ///< next due / debit date
    int days_past_due;         ///< filled by queue_compute
    char promise_status[12];   ///< "", pending, kept, partial, broken
    bool has_promise;
    int64_t promise_date;
    bool has_last_contact;
    dun_time last_contact_at;
    char last_channel[8];
    char last_outcome[24];
    char time_zone[64];        ///< first candidate zone
    int prior_delinquencies;
    bool has_callback;
    bool reply_unread;         ///< an inbound reply nobody has read
    bool pool;                 ///< unassigned, in the team's pool: opening it takes it
    char in_use_by[65];        ///< the login of a colleague working it now (its lease), "" when free
    dun_time callback_at;      ///< earliest open callback
    /* compliance and priority, filled by queue_evaluate */
    const struct debtor *debtor;   ///< not owned; NULL: nothing known, all blocked
    const struct policy *policy;   ///< not owned; NULL: no policy applies, all blocked
    enum indicator ind[CH_COUNT];
    bool has_next_open;
    dun_time next_open;        ///< when the first channel opens, if none is open
    struct priority_score score;
    dun_time edge;             ///< the next moment time alone may change the verdicts or score (queue_evaluate)
};

/** Days past due at `now`, counted in the debtor's own calendar: from the
 *  oldest unpaid due date, or negative days until the next due date. */
void queue_compute(struct queue_row *rows, size_t n, dun_time now, struct zone_cache *zones);
/** Verdicts, indicators and priority score of every row at `now`
 *  (days past due must be computed first). */
void queue_evaluate(struct queue_row *rows, size_t n, const struct priority_weights *w, dun_time now,
                    struct zone_cache *zones);
/** Rows whose edge has come (edge <= now) evaluated again at now, and the
 *  rows kept in queue_sort's order; the others are not touched, so an idle
 *  queue costs nothing between edges. Returns how many were evaluated. */
size_t queue_reevaluate_due(struct queue_row *rows, size_t n, const struct priority_weights *w, dun_time now,
                            struct zone_cache *zones);
/** Sort by priority score (highest first), then days past due, then ref;
 *  number the ranks. */
void queue_sort(struct queue_row *rows, size_t n);
/** Row i of otherwise sorted rows was re-evaluated: move it to its place in
 *  queue_sort's order and renumber the ranks it passed. Returns its new
 *  index. Moves only the rows between its old and new places. */
size_t queue_place(struct queue_row *rows, size_t n, size_t i);

enum queue_cell {
    QC_RANK, QC_REF, QC_NAME, QC_BALANCE, QC_DPD, QC_PROMISE, QC_LAST, QC_CHANNELS, QC_LOCAL, QC_COUNT
};

/** Header text and full column width of each cell (`dun queue`'s table). */
const char *queue_cell_title(enum queue_cell c);
int queue_cell_width(enum queue_cell c);
bool queue_cell_right_aligned(enum queue_cell c);
/** The header for a column `width` wide: a shorter title when the full one
 *  does not fit ("LAST" for "LAST CONTACT"). */
const char *queue_cell_title_fit(enum queue_cell c, int width);

/**
 * Display text of one cell, e.g. "¥12,000", "pending 11-25", "phone 2d ago",
 * "Sun 14:05". width is the column's width on screen, 0 when unlimited: below
 * the full width, LAST CONTACT drops " ago" and PROMISE/CB abbreviates its
 * status ("pend 11-25") so that shrunk columns still read whole.
 */
void queue_cell_text(const struct queue_row *r, enum queue_cell c, dun_time now,
                     struct zone_cache *zones, bool ascii, int width, char *out, size_t n);

/** The widest content of the columns sized by their content (#, REF,
 *  BALANCE, DPD) over rows; the others are fixed. */
struct queue_widths {
    int w[QC_COUNT];
};
void queue_content_widths(const struct queue_row *rows, size_t n, bool ascii, struct queue_widths *cw);

/**
 * The queue's columns in a terminal `width` (core/columns.h): NAME shrinks
 * first (to 10), then LAST CONTACT (to 9), then PROMISE/CB (to 10), then REF
 * (to 8); when that is not enough, LAST CONTACT is dropped first, then
 * PROMISE/CB, DPD, #, BALANCE and NAME. REF and the compliance columns, PSEL
 * and LOCAL, are never dropped. widths[c] is 0 for a dropped column.
 */
void queue_columns(const struct queue_widths *cw, int width, int widths[QC_COUNT]);

/** "3m", "5h", "2d", "7w" for a duration in seconds (>= 0). */
void format_age(int64_t seconds, char *out, size_t n);

#endif
