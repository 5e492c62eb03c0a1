/* dun templates export [FILE.csv]
 *
 * Every message template, active or not, as the CSV `dun import templates`
 * reads back (stdout without FILE, or with "-"), so that a supervisor edits
 * a file instead of SQL. Open to everyone: it changes nothing. Importing is
 * in cmd_import.c, for supervisors only. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/db/db.h"
#include "core/db/store.h"
#include "core/strbuf.h"
#include "tui/cli.h"

const struct cli_usage usage_templates = {
    "templates export [FILE.csv]",
    "Write every message template, active or not, as CSV (to standard output without FILE, or with -).",
    "  edit it, then (supervisors): dun --agent LOGIN import templates FILE.csv\n"};

/* The whole file or nothing useful: an error names the file. */
static bool write_file(const char *path, const struct strbuf *csv)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        cli_error("cannot write %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = fwrite(csv->data ? csv->data : "", 1, csv->len, f) == csv->len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        cli_error("cannot write %s: %s", path, strerror(saved));
    return ok;
}

int cmd_templates(struct cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1]) /* "-" is standard output */
            return cli_bad_argument(&usage_templates, argc, argv, i);
    if (argc < 2)
        return cli_usage_errorf(&usage_templates, "say export");
    if (strcmp(argv[1], "export") != 0)
        return cli_usage_errorf(&usage_templates, "templates takes export, not \"%s\"", argv[1]);
    if (argc > 3)
        return cli_bad_argument(&usage_templates, argc, argv, 3);
    const char *file = argc == 3 && strcmp(argv[2], "-") != 0 ? argv[2] : NULL;
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return 2;
    struct strbuf csv = {0};
    size_t n = 0;
    char err[1024];
    bool ok = store_templates_export(db, &csv, &n, err, sizeof err);
    if (!ok)
        cli_error("exporting templates failed: %s", err);
    ok = ok && cli_audit_export(db, NULL, "templates export", (long long)n); /* no agent is named for it */
    db_close(&db);
    if (ok && file)
        ok = write_file(file, &csv);
    else if (ok && !(ok = fwrite(csv.data ? csv.data : "", 1, csv.len, stdout) == csv.len && fflush(stdout) == 0))
        cli_error("cannot write the templates to standard output: %s", strerror(errno));
    if (ok && file)
        cli_printf("%s: exported %zu template(s)\n", file, n);
    sb_free(&csv);
    return ok ? 0 : 2;
}
