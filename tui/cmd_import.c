/* dun import accounts|contacts|payments|templates FILE.csv [--partial]
 *
 * Templates reach every debtor, so importing them takes a supervisor or an
 * admin (--agent LOGIN, or the agent whose login is the database role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/import.h"
#include "core/db/store.h"
#include "core/config.h"
#include "core/file.h"
#include "core/lint.h"
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

/* One line for the report; prefix "" for a problem, "warning: " for a
 * warning (which rejects nothing). */
static void add(struct problems *ps, size_t line, const char *column, const char *prefix, const char *message)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 64;
        struct problem *p = realloc(ps->p, cap * sizeof *p);
        if (!p)
            return;
        ps->p = p;
        ps->cap = cap;
    }
    size_t len = strlen(ps->file) + strlen(column) + strlen(prefix) + strlen(message) + 40;
    char *text = malloc(len);
    if (!text)
        return;
    if (*column)
        snprintf(text, len, "%s:%zu: %s: %s%s", ps->file, line, column, prefix, message);
    else
        snprintf(text, len, "%s:%zu: %s%s", ps->file, line, prefix, message);
    ps->p[ps->n] = (struct problem){line, ps->n, text};
    ps->n++;
}

static void collect(void *ctx, size_t line, const char *column, const char *message)
{
    add(ctx, line, column, "", message);
}

static void collect_warning(void *ctx, size_t line, const char *column, const char *message)
{
    add(ctx, line, column, "warning: ", message);
}

static int by_line(const void *a, const void *b)
{
    const struct problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A template reaches every debtor it is chosen for: only a supervisor or an
 * admin changes them. */
static bool may_import_templates(const struct cli *cli, struct db *db, int64_t *agent_id)
{
    struct agent a;
    if (!cli_resolve_agent(cli, db, &a))
        return false;
    *agent_id = a.id;
    if (strcmp(a.role, "supervisor") == 0 || strcmp(a.role, "admin") == 0)
        return true;
    cli_error("importing templates is for supervisors and admins, and agent \"%s\" has the role %s: nothing"
              " imported (a supervisor runs: dun --agent LOGIN import templates FILE.csv)", a.login, a.role);
    return false;
}

static const char *noun(const char *kind)
{
    return strcmp(kind, "accounts") == 0   ? "account(s)"
           : strcmp(kind, "payments") == 0 ? "payment(s)"
           : strcmp(kind, "templates") == 0 ? "template(s)"
                                            : "contact(s)";
}

static void config_warning(void *ctx, const char *message)
{
    (void)ctx;
    cli_error("%s", message);
}

/* The settings the template lint measures against, as sending merges them
 * (tui/outgoing.c): company, company_ja and payment_link from dun.conf; the
 * embedded demo's payment page when none is set there. *conf is the caller's
 * to free. False with a sentence in err when dun.conf cannot be read. */
static bool lint_settings(const struct db *db, struct config **conf, struct lint_conf *lint, char *err, size_t errlen)
{
    char path[1024];
    bool missing = false;
    *conf = NULL;
    if (config_path("dun.conf", path, sizeof path)) {
        *conf = config_load(path, config_warning, NULL, &missing, err, errlen);
        if (!*conf && !missing)
            return false;
    }
    *lint = (struct lint_conf){0};
    if (*conf) {
        lint->company = config_get(*conf, "company");
        lint->company_ja = config_get(*conf, "company_ja");
        lint->payment_link = config_get(*conf, "payment_link");
    }
    if (!lint->payment_link && db->target.embedded)
        lint->payment_link = "https://pay.example/";
    return true;
}

static bool run_templates(struct db *db, const char *data, size_t len, bool partial, int64_t agent_id,
                          struct problems *ps, struct import_result *res, char *err, size_t errlen)
{
    struct config *conf;
    struct lint_conf lint;
    if (!lint_settings(db, &conf, &lint, err, errlen))
        return false;
    bool ok = import_templates(db, data, len, partial, agent_id, &lint, collect, collect_warning, ps, res, err, errlen);
    config_free(&conf);
    return ok;
}

static bool run(struct cli *cli, struct db *db, const char *kind, const char *data, size_t len, bool partial,
                int64_t agent_id, struct problems *ps, struct import_result *res, struct settle_counts *settled,
                char *err, size_t errlen)
{
    if (strcmp(kind, "templates") == 0)
        return run_templates(db, data, len, partial, agent_id, ps, res, err, errlen);
    struct zone_cache *zones = zone_cache_new();
    bool ok = strcmp(kind, "payments") == 0
                  ? import_payments(db, data, len, partial, cli->now, zones, collect, ps, res, settled, err, errlen)
                  : (strcmp(kind, "accounts") == 0 ? import_accounts : import_contacts)(db, data, len, partial, zones,
                                                                                      collect, ps, res, err, errlen);
    zone_cache_free(&zones);
    return ok;
}

static void print_imported(const char *file, const char *kind, const struct import_result *res,
                           const struct settle_counts *settled)
{
    bool payments = strcmp(kind, "payments") == 0, templates = strcmp(kind, "templates") == 0;
    /* Templates count every good row: one left as it was is imported too. */
    cli_printf("%s: imported %zu %s", file, templates ? res->imported + res->already : res->imported, noun(kind));
    if (templates)
        cli_printf(": %zu new, %zu changed, %zu unchanged", res->created, res->imported - res->created, res->already);
    if (payments)
        cli_printf(", %zu already imported", res->already);
    if (strcmp(kind, "contacts") == 0)
        cli_printf(", %zu already stored, %zu repeated in the file", res->already, res->repeated);
    if (res->rejected)
        cli_printf(", rejected %zu row(s)", res->rejected);
    cli_printf("\n");
    if (payments) {
        cli_printf("settled: %zu kept, %zu partial, %zu broken", settled->kept, settled->partial, settled->broken);
        if (settled->pending)
            cli_printf(", %zu pending again", settled->pending);
        cli_printf("\n");
    }
}

const struct cli_usage usage_import = {
    "import accounts|contacts|payments|templates FILE.csv [--partial]",
    "Import a CSV file: nothing is written unless every row is good, or --partial keeps the good rows.",
    "  templates  supervisors and admins only: dun --agent LOGIN import templates FILE.csv\n"
    "  exit 0 all imported, 1 rows rejected, 2 could not run; formats: docs/import-formats.md\n"};

int cmd_import(struct cli *cli, int argc, char **argv)
{
    const char *kind = NULL, *file = NULL;
    bool partial = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--partial") == 0)
            partial = true;
        else if (argv[i][0] == '-' && argv[i][1]) /* "-" may name a file */
            return cli_bad_argument(&usage_import, argc, argv, i);
        else if (!kind)
            kind = argv[i];
        else if (!file)
            file = argv[i];
        else
            return cli_bad_argument(&usage_import, argc, argv, i);
    }
    if (!kind)
        return cli_usage_errorf(&usage_import, "say what to import: accounts, contacts, payments or templates");
    if (strcmp(kind, "accounts") != 0 && strcmp(kind, "contacts") != 0 && strcmp(kind, "payments") != 0 &&
        strcmp(kind, "templates") != 0)
        return cli_usage_errorf(&usage_import, "unknown import \"%s\" (accounts, contacts, payments or templates)", kind);
    if (!file)
        return cli_usage_errorf(&usage_import, "the FILE to import is missing");
    size_t len;
    char ferr[200];
    char *data = file_read(file, &len, ferr, sizeof ferr);
    if (!data) {
        cli_error("cannot read %s: %s", file, ferr);
        return 2;
    }
    struct db *db = cli_open_db(cli, true);
    int64_t agent_id = 0;
    if (!db || (strcmp(kind, "templates") == 0 && !may_import_templates(cli, db, &agent_id))) {
        db_close(&db);
        free(data);
        return 2;
    }
    struct problems ps = {.file = file};
    struct import_result res;
    char err[1024];
    struct settle_counts settled = {0};
    bool ok = run(cli, db, kind, data, len, partial, agent_id, &ps, &res, &settled, err, sizeof err);
    if (ps.n > 1)
        qsort(ps.p, ps.n, sizeof *ps.p, by_line);
    for (size_t i = 0; i < ps.n; i++) {
        cli_fprintf(stderr, "%s\n", ps.p[i].text);
        free(ps.p[i].text);
    }
    free(ps.p);
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
    print_imported(file, kind, &res, &settled);
    return res.rejected ? 1 : 0;
}
