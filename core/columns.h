/* Fitting table columns into a terminal width: which columns shrink, in
 * which order, and which are dropped when even their narrowest forms do not
 * fit. Pure arithmetic (libc only), shared by every table on screen (the
 * queue, the inbox) so that they all give way the same documented way. */
#ifndef DUN_CORE_COLUMNS_H
#define DUN_CORE_COLUMNS_H

#include <stdbool.h>

enum { COLUMNS_MAX = 32 }; ///< columns beyond this many are left out

/** One column as its table wants it. */
struct column_spec {
    int pref;   ///< the width it wants (its content's widest, or a fixed width)
    int min;    ///< the narrowest it may become by shrinking (<= pref; = pref: never shrinks)
    int shrink; ///< shrink order: 1 shrinks first, then 2, ...; 0 never shrinks
    int drop;   ///< drop order when the minimums do not fit: 1 goes first; 0 is never dropped
    bool grow;  ///< takes the width left over (the first such column does)
};

/**
 * Lay n columns out in width, one space between neighbours. widths[i] gets
 * the width of column i, 0 when it is dropped. Columns shrink first (each
 * shrink rank in turn, down to its min), then the lowest drop rank goes and
 * the shrinking starts again from the preferred widths; left-over width goes
 * to the grow column. Columns that are never dropped may still overflow a
 * width too small for them: the caller cuts what does not fit. Returns the
 * width used.
 */
int columns_fit(int width, const struct column_spec *spec, int n, int *widths);

/** x positions from widths (dropped columns get the position of the next). */
void columns_positions(const int *widths, int n, int *x);

#endif
