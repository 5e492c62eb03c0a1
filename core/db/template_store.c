/* Loading the message templates (dun.templates, migrations 006 and 007)
 * for sending, and exporting them for supervisors to edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "core/template_row.h"

/* Copy a column into a fixed field; false when it does not fit. A template
 * is never cut: a shortened body could lose its opt-out line. */
static bool copy_field(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        return false;
    memcpy(dst, src, len + 1);
    return true;
}

static const char templates_sql[] =
    "SELECT channel, name, purpose, language, segment, tone, subject, body FROM dun.templates"
    " WHERE active ORDER BY channel, purpose, language, segment, name, id";

bool store_templates_load(struct db *db, struct template_row **out, size_t *n, char *err, size_t errlen)
{
    static const struct {
        const char *column;
        size_t offset, size;
    } cols[] = {
        {"channel", offsetof(struct template_row, channel), sizeof ((struct template_row *)0)->channel},
        {"name", offsetof(struct template_row, name), sizeof ((struct template_row *)0)->name},
        {"purpose", offsetof(struct template_row, purpose), sizeof ((struct template_row *)0)->purpose},
        {"language", offsetof(struct template_row, language), sizeof ((struct template_row *)0)->language},
        {"segment", offsetof(struct template_row, segment), sizeof ((struct template_row *)0)->segment},
        {"tone", offsetof(struct template_row, tone), sizeof ((struct template_row *)0)->tone},
        {"subject", offsetof(struct template_row, subject), sizeof ((struct template_row *)0)->subject},
        {"body", offsetof(struct template_row, body), sizeof ((struct template_row *)0)->body},
    };
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db, templates_sql, 0, NULL, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    struct template_row *t = calloc(rows > 0 ? (size_t)rows : 1, sizeof *t);
    if (!t) {
        PQclear(r);
        snprintf(err, errlen, "out of memory loading %d message templates", rows);
        return false;
    }
    for (int i = 0; i < rows; i++) {
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            const char *v = PQgetvalue(r, i, (int)c);
            if (!copy_field((char *)&t[i] + cols[c].offset, cols[c].size, v)) {
                snprintf(err, errlen,
                         "the %s template \"%.64s\" (%.8s) has a %s of %zu bytes, more than the %zu "
                         "dun can send: shorten it in dun.templates",
                         PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 3), cols[c].column,
                         strlen(v), cols[c].size - 1);
                free(t);
                PQclear(r);
                return false;
            }
        }
    }
    *out = t;
    *n = (size_t)rows;
    PQclear(r);
    return true;
}

bool store_templates_export(struct db *db, struct strbuf *csv, size_t *n, char *err, size_t errlen)
{
    struct strbuf sql = {0};
    *n = 0;
    sb_puts(&sql, "SELECT ");
    for (int c = 0; c < TCOL_COUNT; c++) {
        const char *col = template_columns[c].name;
        sb_printf(&sql, c ? ", %s" : "%s", c == TCOL_ACTIVE ? "CASE WHEN active THEN 'true' ELSE 'false' END" : col);
        csv_append_field(csv, col, c == TCOL_COUNT - 1);
    }
    /* Byte order, so the same table gives the same file under any locale. */
    sb_puts(&sql, " FROM dun.templates ORDER BY channel COLLATE \"C\", name COLLATE \"C\", language COLLATE \"C\"");
    if (sql.failed) {
        sb_free(&sql);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    PGresult *r = db_query(db, sb_cstr(&sql), 0, NULL, err, errlen);
    sb_free(&sql);
    if (!r)
        return false;
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++)
        for (int c = 0; c < TCOL_COUNT; c++)
            csv_append_field(csv, PQgetvalue(r, i, c), c == TCOL_COUNT - 1);
    PQclear(r);
    if (csv->failed) {
        snprintf(err, errlen, "out of memory exporting %d templates", rows);
        return false;
    }
    *n = (size_t)rows;
    return true;
}
