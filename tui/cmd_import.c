/* dun import accounts|contacts|payments FILE.csv [--partial] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/import.h"
#include "core/db/store.h"
#include "core/file.h"
#include "core/zone.h"
#include "tui/cli.h"

struct problem {
    size_t line, seq;
    char *text;
};

struct problems {
    const char *file;
    struct problem *p;
    size_t n, cap;
};

static void collect(void *ctx, size_t line, const char *column, const char *message)
{
    struct problems *ps = ctx;
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 64;
        struct problem *p = realloc(ps->p, cap * sizeof *p);
        if (!p)
            return;
        ps->p = p;
        ps->cap = cap;
    }
    size_t len = strlen(ps->file) + strlen(column) + strlen(message) + 40;
    char *text = malloc(len);
    if (!text)
        return;
    if (*column)
        snprintf(text, len, "%s:%zu: %s: %s", ps->file, line, column, message);
    else
        snprintf(text, len, "%s:%zu: %s", ps->file, line, message);
    ps->p[ps->n] = (struct problem){line, ps->n, text};
    ps->n++;
}

static int by_line(const void *a, const void *b)
{
    const struct problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    const char *kind = NULL, *file = NULL;
    bool partial = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--partial") == 0)
            partial = true;
        else if (!kind)
            kind = argv[i];
        else if (!file)
            file = argv[i];
        else
            kind = NULL, i = argc;
    }
    if (!kind || !file ||
        (strcmp(kind, "accounts") != 0 && strcmp(kind, "contacts") != 0 && strcmp(kind, "payments") != 0)) {
        cli_error("usage: dun import accounts|contacts|payments FILE.csv [--partial]");
        return 2;
    }
    size_t len;
    char *data = file_read_all(file, &len);
    if (!data) {
        cli_error("cannot read %s: %s", file, strerror(errno));
        return 2;
    }
    struct db *db = cli_open_db(cli, true);
    if (!db) {
        free(data);
        return 2;
    }
    struct zone_cache *zones = zone_cache_new();
    struct problems ps = {.file = file};
    struct import_result res;
    char err[1024];
    bool accounts = strcmp(kind, "accounts") == 0, payments = strcmp(kind, "payments") == 0;
    struct settle_counts settled = {0};
    bool ok = payments ? import_payments(db, data, len, partial, cli->now, zones, collect, &ps, &res, &settled,
                                         err, sizeof err)
                       : (accounts ? import_accounts : import_contacts)(db, data, len, partial, zones, collect,
                                                                        &ps, &res, err, sizeof err);
    if (ps.n > 1)
        qsort(ps.p, ps.n, sizeof *ps.p, by_line);
    for (size_t i = 0; i < ps.n; i++) {
        fprintf(stderr, "%s\n", ps.p[i].text);
        free(ps.p[i].text);
    }
    free(ps.p);
    zone_cache_free(&zones);
    db_close(&db);
    free(data);
    if (!ok) {
        cli_error("import failed, nothing imported: %s", err);
        return 2;
    }
    if (res.header_bad) {
        cli_error("%s: the header is not usable; nothing imported", file);
        return 1;
    }
    if (res.rejected > 0 && !partial) {
        cli_error("%s: %zu of %zu rows have problems; nothing imported (fix them, or use --partial to import the %zu good rows)",
                  file, res.rejected, res.rows, res.rows - res.rejected);
        return 1;
    }
    printf("%s: imported %zu %s", file, res.imported,
           accounts ? "account(s)" : payments ? "payment(s)" : "contact(s)");
    if (payments)
        printf(", %zu already imported", res.already);
    if (res.rejected)
        printf(", rejected %zu row(s)", res.rejected);
    printf("\n");
    if (payments) {
        printf("settled: %zu kept, %zu partial, %zu broken", settled.kept, settled.partial, settled.broken);
        if (settled.pending)
            printf(", %zu pending again", settled.pending);
        printf("\n");
    }
    return res.rejected ? 1 : 0;
}
