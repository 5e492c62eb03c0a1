/* The session's reference data. See reference.h. */
#include "tui/reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/store.h"

void reference_forget(struct reference *r)
{
    free(r->pols);
    free(r->hints);
    free(r->templates);
    memset(r, 0, sizeof *r);
}

static bool load(struct reference *r, struct db *db, char *err, size_t errlen)
{
    reference_forget(r);
    r->loaded = store_policies_load(db, &r->pols, &r->npols, NULL, err, errlen) &&
                store_hints_load(db, &r->hints, &r->nhints, err, errlen) &&
                store_templates_load(db, &r->templates, &r->ntemplates, err, errlen);
    if (!r->loaded)
        reference_forget(r);
    return r->loaded;
}

/* A copy of n items of size bytes (room for one when n is 0, so that NULL
 * means no memory). */
static void *dup_items(const void *items, size_t n, size_t size)
{
    void *p = malloc((n ? n : 1) * size);
    if (p && n)
        memcpy(p, items, n * size);
    return p;
}

bool reference_copy(struct reference *r, struct db *db, struct policy **pols, size_t *npols, struct hint **hints,
                    size_t *nhints, struct template_row **templates, size_t *ntemplates, char *err, size_t errlen)
{
    if (!r->loaded && !load(r, db, err, errlen))
        return false;
    *pols = dup_items(r->pols, r->npols, sizeof *r->pols);
    *hints = dup_items(r->hints, r->nhints, sizeof *r->hints);
    *templates = dup_items(r->templates, r->ntemplates, sizeof *r->templates);
    if (!*pols || !*hints || !*templates) {
        free(*pols);
        free(*hints);
        free(*templates);
        *pols = NULL;
        *hints = NULL;
        *templates = NULL;
        snprintf(err, errlen, "out of memory");
        return false;
    }
    *npols = r->npols;
    *nhints = r->nhints;
    *ntemplates = r->ntemplates;
    return true;
}
