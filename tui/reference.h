/* The reference data an account screen reads on every open (the contact
 * policies, script hints, templates), kept for the session: loaded on the
 * first open, loaded again after a NOTIFY `reference:0` (migration 044:
 * any change to those tables) or a lost connection. What is enforced never
 * comes from here: a contact or a message re-checks the policies in its own
 * transaction.
 *
 * Ownership: struct reference owns its arrays (reference_forget frees them). A screen
 * gets copies of its own (reference_copy), so the cache may be loaded again
 * under a screen that stays open. No curses here. */
#ifndef DUN_TUI_REFERENCE_H
#define DUN_TUI_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compliance.h"
#include "core/hints.h"
#include "core/template.h"

struct db;

struct reference {
    bool loaded;
    struct policy *pols;
    size_t npols;
    struct hint *hints;
    size_t nhints;
    struct template_row *templates;
    size_t ntemplates;
};

/** Copies of the policies, hints and templates (loaded first when the
 *  cache is empty), each the caller's to free; false with err on a store
 *  error or no memory, nothing allocated. */
bool reference_copy(struct reference *r, struct db *db, struct policy **pols, size_t *npols, struct hint **hints,
                    size_t *nhints, struct template_row **templates, size_t *ntemplates, char *err, size_t errlen);
/** Free what is kept: the next copy loads it again. */
void reference_forget(struct reference *r);

#endif
