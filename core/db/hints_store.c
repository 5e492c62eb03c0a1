/* Loading the script hints (dun.script_hints, migration 004). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/utf8.h"

/* Copy src into dst; a text longer than dst (the table's CHECK was changed)
 * is cut on a character boundary rather than mid-sequence. */
static void copy_text(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n) {
        size_t cut = 0;
        while (cut < len) {
            uint32_t cp;
            size_t step = utf8_decode(src + cut, len - cut, &cp);
            if (cut + step >= n)
                break;
            cut += step;
        }
        len = cut;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static const char hints_sql[] =
    "SELECT language, context, text FROM dun.script_hints"
    " WHERE active ORDER BY language, context, position, id";

bool store_hints_load(struct db *db, struct hint **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db, hints_sql, 0, NULL, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    *out = calloc(rows > 0 ? (size_t)rows : 1, sizeof **out);
    if (!*out) {
        PQclear(r);
        snprintf(err, errlen, "out of memory loading %d script hints", rows);
        return false;
    }
    for (int i = 0; i < rows; i++) {
        struct hint *h = &(*out)[i];
        copy_text(h->language, sizeof h->language, PQgetvalue(r, i, 0));
        copy_text(h->context, sizeof h->context, PQgetvalue(r, i, 1));
        copy_text(h->text, sizeof h->text, PQgetvalue(r, i, 2));
    }
    *n = (size_t)rows;
    PQclear(r);
    return true;
}
