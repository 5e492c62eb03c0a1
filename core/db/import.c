#include "core/db/import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/account_row.h"
#include "core/contact_row.h"
#include "core/csv.h"
#include "core/db/db.h"
#include "core/db/store.h"
#include "core/money.h"
#include "core/payment_row.h"
#include "core/strbuf.h"
#include "core/template_row.h"

enum { MAX_COLS = 64 };

struct job;

/* A sorted list of names the rows are checked against (agents, policies),
 * loaded once per import rather than queried per row. */
struct names {
    char **v;
    size_t n;
};

/* What differs between imports: columns, row validation, cross checks on
 * a validated row, the staging types, and how staged rows are applied. */
struct import_spec {
    const struct row_column *cols;
    int ncols;
    int (*validate)(struct job *j, const char *const in[], char *out[]);
    void (*clear)(char *out[]);
    const char *(*norm_type)(int c);
    /** Loads what validate needs from the store, once, with the file's
     *  sound records kept in the job (NULL: nothing). */
    bool (*prepare)(struct job *j, char *err, size_t errlen);
    /** Rejects a valid row for what other rows of the file say (NULL: none);
     *  false: rejected, reported. */
    bool (*accept)(struct job *j, const char *const in[], char *out[]);
    /** Columns import_norm has between line and the row's own (their
     *  definitions; NULL: none), those of them the COPY fills (the others
     *  take their defaults), and each row's values for those, written by
     *  norm_extra_write as COPY text, each followed by a tab. */
    const char *norm_extra;
    const char *norm_extra_columns;
    void (*norm_extra_write)(struct job *j, char *out[], struct strbuf *norm);
    /** The columns of import_norm the checks and the merge join on, for
     *  ANALYZE. */
    const char *analyze;
    /** Rejects staged rows that need the database to judge; counts them. */
    bool (*cross_check)(struct job *j, char *err, size_t errlen);
    bool (*apply)(struct job *j, char *err, size_t errlen);
};

struct job {
    const struct import_spec *spec;
    struct zone_cache *zones;
    struct db *db;
    import_problem_fn problem;
    import_problem_fn warning;    /* may be NULL */
    void *ctx;
    struct import_result *res;
    int col_of_field[MAX_COLS];   /* header position -> column, -1 unknown */
    bool present[MAX_COLS];
    size_t nfields;
    struct strbuf text;           /* the sound records' fields, trimmed, each NUL-terminated */
    size_t *row_at;               /* sound record n (0-based) -> its first field in text */
    size_t *lines;                /* sound record n (0-based) -> file line */
    size_t nlines;
    size_t staged;                /* rows in import_norm */
    size_t current_line;
    bool row_bad;
    struct names agents;          /* known logins */
    struct names policies;        /* known policy codes */
    struct names teams;           /* known team names */
    struct names existing;        /* accounts: the file's refs already in the store */
    struct ref_lines *seen;       /* accounts: each valid ref's first line */
    size_t known;                 /* accounts: staged rows whose ref was already in the store */
    struct names creditors;       /* accounts: creditors with a policy of their own */
    dun_time now;                 /* payments: settlement moment */
    struct settle_counts *settled; /* payments: settlement changes, or NULL */
    struct strbuf opt_out_policies; /* templates: "US", the codes that require an opt-out instruction */
    const struct lint_conf *lint;   /* templates: what the lint measures against */
};


static void report(struct job *j, size_t line, const char *column, const char *msg)
{
    j->problem(j->ctx, line, column, msg);
}

static void row_problem(void *ctx, const char *column, const char *msg)
{
    struct job *j = ctx;
    report(j, j->current_line, column, msg);
    j->row_bad = true;
}

static bool read_header(struct job *j, struct csv_record *h)
{
    bool ok = true;
    char msg[600];
    if (h->error) {
        report(j, h->line, "", h->error);
        return false;
    }
    j->nfields = h->nfields;
    for (size_t i = 0; i < h->nfields; i++) {
        char *name = h->fields[i];
        while (*name == ' ')
            name++;
        size_t n = strlen(name);
        while (n > 0 && name[n - 1] == ' ')
            name[--n] = '\0';
        int c = row_column_find(j->spec->cols, j->spec->ncols, name);
        if (i >= MAX_COLS) {
            report(j, h->line, name, "too many columns");
            ok = false;
            continue;
        }
        j->col_of_field[i] = c;
        if (c < 0) {
            snprintf(msg, sizeof msg, "unknown column \"%s\" (see docs/import-formats.md)", name);
            report(j, h->line, name, msg);
            ok = false;
        } else if (j->present[c]) {
            report(j, h->line, name, "this column appears twice in the header");
            ok = false;
        } else {
            j->present[c] = true;
        }
    }
    for (int c = 0; c < j->spec->ncols; c++)
        if (j->spec->cols[c].required && !j->present[c]) {
            report(j, h->line, j->spec->cols[c].name, "required column missing from the header");
            ok = false;
        }
    return ok;
}

/* Keep a sound record's fields, trimmed of spaces, for validation: its
 * line and where its fields start in j->text. False when out of memory. */
static bool keep_record(struct job *j, const struct csv_record *r, size_t *cap)
{
    if (j->nlines == *cap) {
        size_t n = *cap ? *cap * 2 : 1024;
        size_t *l = realloc(j->lines, n * sizeof *l), *at = l ? realloc(j->row_at, n * sizeof *at) : NULL;
        if (l)
            j->lines = l;
        if (!at)
            return false;
        j->row_at = at;
        *cap = n;
    }
    j->lines[j->nlines] = r->line;
    j->row_at[j->nlines++] = j->text.len;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->fields[i];
        size_t n = strlen(f);
        while (*f == ' ')
            f++, n--;
        while (n > 0 && f[n - 1] == ' ')
            n--;
        sb_append(&j->text, f, n);
        sb_putc(&j->text, '\0');
    }
    return !j->text.failed;
}

/* The header's name for field i of a record, "" when there is none. */
static const char *field_column(const struct job *j, int i)
{
    if (i < 0 || (size_t)i >= j->nfields || i >= MAX_COLS || j->col_of_field[i] < 0)
        return "";
    return j->spec->cols[j->col_of_field[i]].name;
}

/* Pass 1: structure. Sound records are kept in j (keep_record). */
static bool scan_records(struct job *j, const char *data, size_t len)
{
    struct csv_scanner sc;
    struct csv_record rec = {0};
    csv_scanner_init(&sc, data, len);
    if (!csv_next(&sc, &rec)) {
        report(j, 1, "", "the file is empty: a header row is required");
        j->res->header_bad = true;
        csv_record_free(&rec);
        return false;
    }
    if (!read_header(j, &rec)) {
        j->res->header_bad = true;
        csv_record_free(&rec);
        return false;
    }
    size_t cap = 0;
    bool ok = true;
    char msg[200];
    while (ok && csv_next(&sc, &rec)) {
        if (!rec.error && csv_record_blank(&rec)) /* a line of commas is a row: its columns say what is missing */
            continue;
        j->res->rows++;
        if (rec.error) {
            report(j, rec.line, field_column(j, rec.error_field), rec.error);
            j->res->rejected++;
        } else if (rec.nfields != j->nfields) {
            snprintf(msg, sizeof msg, "has %zu fields; the header has %zu", rec.nfields, j->nfields);
            report(j, rec.line, "", msg);
            j->res->rejected++;
        } else {
            ok = keep_record(j, &rec, &cap);
        }
    }
    csv_record_free(&rec);
    return ok;
}

/* Field f of kept record n. */
static const char *kept_field(const struct job *j, size_t n, size_t f)
{
    const char *p = j->text.data + j->row_at[n];
    while (f-- > 0)
        p += strlen(p) + 1;
    return p;
}

static const char *account_norm_type(int c)
{
    switch (c) {
    case ACOL_BALANCE: return "bigint";
    case ACOL_PRIOR_DELINQUENCIES: return "integer";
    case ACOL_DUE_DATE: case ACOL_OLDEST_UNPAID_DUE_DATE: case ACOL_BIRTH_DATE: return "date";
    case ACOL_TIME_ZONE: return "text[]";
    default:
        return ((c >= ACOL_SMS_CONSENT && c <= ACOL_WORKPLACE_CONTACT_CONSENT) || c == ACOL_DECEASED ||
                c == ACOL_SMS_OPT_OUT || c == ACOL_EMAIL_OPT_OUT) ? "boolean" : "text";
    }
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool names_load_params(struct db *db, const char *sql, int nparams, const char *const *params,
                              struct names *out, char *err, size_t errlen)
{
    PGresult *r = db_query(db, sql, nparams, params, err, errlen);
    if (!r)
        return false;
    out->n = (size_t)PQntuples(r);
    out->v = calloc(out->n + 1, sizeof *out->v);
    for (size_t i = 0; out->v && i < out->n; i++)
        out->v[i] = strdup(PQgetvalue(r, (int)i, 0));
    PQclear(r);
    if (out->v)
        qsort(out->v, out->n, sizeof *out->v, compare_str);
    return out->v != NULL;
}

static bool names_load(struct db *db, const char *sql, struct names *out, char *err, size_t errlen)
{
    return names_load_params(db, sql, 0, NULL, out, err, errlen);
}

static void names_free(struct names *names)
{
    for (size_t i = 0; names->v && i < names->n; i++)
        free(names->v[i]);
    free(names->v);
    names->v = NULL;
    names->n = 0;
}

static bool names_has(const struct names *names, const char *name)
{
    return bsearch(&name, names->v, names->n, sizeof *names->v, compare_str) != NULL;
}

static bool load_names(struct job *j, char *err, size_t errlen)
{
    return names_load(j->db, "SELECT login FROM dun.agents", &j->agents, err, errlen) &&
           names_load(j->db, "SELECT code FROM dun.policies", &j->policies, err, errlen) &&
           names_load(j->db, "SELECT name FROM dun.teams", &j->teams, err, errlen);
}

static void check_policy(struct job *j, const char *code)
{
    char msg[200];
    if (!code || names_has(&j->policies, code))
        return;
    snprintf(msg, sizeof msg, "no policy \"%s\" (dun.policies has JP and US built in)", code);
    row_problem(j, "jurisdiction", msg);
}

static void check_team(struct job *j, const char *name)
{
    char msg[300];
    if (!name || !*name || names_has(&j->teams, name))
        return;
    snprintf(msg, sizeof msg, "no team \"%s\" (dun agent add creates teams)", name);
    row_problem(j, "team", msg);
}

static void check_agent(struct job *j, const char *login)
{
    char msg[200];
    if (!login || !*login || names_has(&j->agents, login))
        return;
    snprintf(msg, sizeof msg, "no agent with login \"%s\"", login);
    row_problem(j, "assigned_agent", msg);
}

/* A line number as COPY text, followed by a tab. */
static void put_line(struct strbuf *sb, size_t line)
{
    char digits[24];
    size_t n = sizeof digits;
    digits[--n] = '\t';
    do
        digits[--n] = (char)('0' + line % 10);
    while ((line /= 10) > 0);
    sb_append(sb, digits + n, sizeof digits - n);
}

/* Pass 2: validate each kept record in core; good rows go to `norm` as COPY
 * text rows (line, the spec's extra columns, then every column), sent to
 * the server a part at a time while the next rows are checked. False with
 * err when a part could not be sent or memory ran out. */
static bool validate_rows(struct job *j, struct strbuf *norm, char *err, size_t errlen)
{
    enum { PART = 1 << 18 };
    for (size_t row = 0; row < j->nlines; row++) {
        const char *in[MAX_COLS] = {0};
        char *out[MAX_COLS];
        j->current_line = j->lines[row];
        j->row_bad = false;
        const char *field = j->text.data + j->row_at[row];
        for (size_t f = 0; f < j->nfields; f++, field += strlen(field) + 1)
            in[j->col_of_field[f]] = field;
        /* Controls first: the other checks would quote the text they judge. */
        if (row_text_check(j->spec->cols, j->spec->ncols, in, row_problem, j) > 0) {
            j->res->rejected++;
            continue;
        }
        j->spec->validate(j, in, out);
        if (j->row_bad || (j->spec->accept && !j->spec->accept(j, in, out))) {
            j->res->rejected++;
        } else {
            put_line(norm, j->current_line);
            if (j->spec->norm_extra_write)
                j->spec->norm_extra_write(j, out, norm);
            for (int c = 0; c < j->spec->ncols; c++)
                sb_copy_field(norm, out[c], c == j->spec->ncols - 1);
            j->staged++;
        }
        j->spec->clear(out);
        if (norm->len >= PART && !norm->failed) {
            if (!db_copy_put(j->db, norm->data, norm->len, err, errlen))
                return false;
            sb_reset(norm);
        }
    }
    if (norm->failed)
        snprintf(err, errlen, "out of memory while checking the rows");
    return !norm->failed;
}

/* import_norm, and the COPY into it that validate_rows feeds. */
static bool begin_norm(struct job *j, char *err, size_t errlen)
{
    struct strbuf sql = {0}, copy = {0};
    sb_puts(&sql, "CREATE TEMP TABLE import_norm (line integer");
    sb_puts(&copy, "COPY import_norm (line");
    if (j->spec->norm_extra) {
        sb_printf(&sql, ", %s", j->spec->norm_extra);
        sb_printf(&copy, ", %s", j->spec->norm_extra_columns);
    }
    for (int c = 0; c < j->spec->ncols; c++) {
        sb_printf(&sql, ", %s %s", j->spec->cols[c].name, j->spec->norm_type(c));
        sb_printf(&copy, ", %s", j->spec->cols[c].name);
    }
    sb_puts(&sql, ") ON COMMIT DROP");
    sb_puts(&copy, ") FROM STDIN");
    bool ok = !sql.failed && !copy.failed && db_exec(j->db, sb_cstr(&sql), 0, NULL, err, errlen) &&
              db_copy_begin(j->db, sb_cstr(&copy), err, errlen);
    sb_free(&sql);
    sb_free(&copy);
    return ok;
}

/* The last rows, the end of the COPY (aborted when validate_rows failed:
 * its err stands), and ANALYZE of what the merge joins on: its plans are
 * then made for the table's real size, not for an empty table's guess. */
static bool end_norm(struct job *j, struct strbuf *norm, bool validated, char *err, size_t errlen)
{
    char sql[200];
    if (!validated) {
        char e2[64];
        db_copy_end(j->db, false, e2, sizeof e2);
        return false;
    }
    bool ok = db_copy_put(j->db, norm->data ? norm->data : "", norm->len, err, errlen);
    ok = db_copy_end(j->db, ok, err, errlen) && ok;
    snprintf(sql, sizeof sql, "ANALYZE import_norm (%s)", j->spec->analyze);
    return ok && db_exec(j->db, sql, 0, NULL, err, errlen);
}

/* Each valid ref of an accounts file with the line it is first on: an open
 * addressing table sized once for every kept record. The refs point into
 * the job's text. */
struct ref_lines {
    const char **ref;
    size_t *line;
    size_t mask;
};

static struct ref_lines *ref_lines_new(size_t rows)
{
    size_t cap = 16;
    while (cap < 2 * rows)
        cap *= 2;
    struct ref_lines *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->ref = calloc(cap, sizeof *t->ref);
    t->line = calloc(cap, sizeof *t->line);
    t->mask = cap - 1;
    if (!t->ref || !t->line) {
        free(t->ref);
        free(t->line);
        free(t);
        return NULL;
    }
    return t;
}

static void ref_lines_free(struct ref_lines **t)
{
    if (*t) {
        free((*t)->ref);
        free((*t)->line);
        free(*t);
        *t = NULL;
    }
}

/* The line ref is first on; records it on `line` when it is new. */
static size_t ref_lines_first(struct ref_lines *t, const char *ref, size_t line)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)ref; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    size_t i = (size_t)h & t->mask;
    while (t->ref[i] && strcmp(t->ref[i], ref) != 0)
        i = (i + 1) & t->mask;
    if (!t->ref[i]) {
        t->ref[i] = ref;
        t->line[i] = line;
    }
    return t->line[i];
}

/* A ref twice in one file: the first valid row stands, later ones are
 * rejected. */
static bool account_accept(struct job *j, const char *const in[], char *out[])
{
    (void)out;
    size_t first = ref_lines_first(j->seen, in[ACOL_REF], j->current_line);
    if (first == j->current_line)
        return true;
    char msg[300];
    snprintf(msg, sizeof msg, "\"%s\" is already on line %zu", in[ACOL_REF], first);
    report(j, j->current_line, "ref", msg);
    return false;
}

struct target_column {
    int col;
    const char *account_column;
    const char *value;  /* SQL over n (import_norm), ag (agents) and tm (teams) */
    bool keep_stored;   /* an empty value leaves a stored account's as it is */
};

static const struct target_column targets[] = {
    {ACOL_NAME, "debtor_name", "n.name", false},
    {ACOL_CURRENCY, "currency", "n.currency", false},
    {ACOL_BALANCE, "balance_minor", "n.balance", false},
    {ACOL_CREDITOR, "creditor", "coalesce(n.creditor, '')", false},
    {ACOL_LANGUAGE, "language", "coalesce(n.language, 'en')", false},
    {ACOL_TIME_ZONE, "time_zones", "n.time_zone", true}, /* a new account's are inferred when not given */
    {ACOL_DUE_DATE, "due_date", "n.due_date", false},
    {ACOL_OLDEST_UNPAID_DUE_DATE, "oldest_unpaid_due_date", "n.oldest_unpaid_due_date", false},
    {ACOL_STATUS, "status", "coalesce(n.status, 'active')", false},
    {ACOL_SEGMENT, "segment", "coalesce(n.segment, '')", false},
    {ACOL_ASSIGNED_AGENT, "assigned_agent_id", "ag.id", false},
    {ACOL_TEAM, "team_id", "tm.id", false}, /* the pool an unassigned account waits in */
    {ACOL_PRIOR_DELINQUENCIES, "prior_delinquencies", "coalesce(n.prior_delinquencies, 0)", false},
    {ACOL_SMS_CONSENT, "sms_consent", "coalesce(n.sms_consent, false)", false},
    {ACOL_EMAIL_CONSENT, "email_consent", "coalesce(n.email_consent, false)", false},
    {ACOL_CEASE, "cease", "coalesce(n.cease, false)", false},
    {ACOL_ATTORNEY, "attorney", "coalesce(n.attorney, false)", false},
    {ACOL_DISPUTE, "dispute", "coalesce(n.dispute, false)", false},
    {ACOL_BANKRUPTCY, "bankruptcy", "coalesce(n.bankruptcy, false)", false},
    {ACOL_EMPLOYER_PROHIBITS_CONTACT, "employer_prohibits_contact", "coalesce(n.employer_prohibits_contact, false)", false},
    {ACOL_WORKPLACE_CONTACT_CONSENT, "workplace_contact_consent", "coalesce(n.workplace_contact_consent, false)", false},
    {ACOL_PREFERRED_CONTACT_WINDOW, "preferred_window_start", "split_part(n.preferred_contact_window, '-', 1)::time", false},
    {ACOL_PREFERRED_CONTACT_WINDOW, "preferred_window_end", "split_part(n.preferred_contact_window, '-', 2)::time", false},
    {ACOL_JURISDICTION, "jurisdiction", "n.jurisdiction", true},
    {ACOL_ADDRESS, "postal_address", "n.address", false},
    {ACOL_DECEASED, "deceased", "coalesce(n.deceased, false)", false},
    {ACOL_SMS_OPT_OUT, "sms_opt_out", "coalesce(n.sms_opt_out, false)", false},
    {ACOL_EMAIL_OPT_OUT, "email_opt_out", "coalesce(n.email_opt_out, false)", false},
    {ACOL_BIRTH_DATE, "birth_date", "n.birth_date", false},
};
enum { NTARGETS = sizeof targets / sizeof targets[0] };

/* The agents and teams the rows name, joined only when the file has them. */
static void join_names(const struct job *j, struct strbuf *sql)
{
    if (j->present[ACOL_ASSIGNED_AGENT])
        sb_puts(sql, " LEFT JOIN dun.agents ag ON ag.login = n.assigned_agent");
    if (j->present[ACOL_TEAM])
        sb_puts(sql, " LEFT JOIN dun.teams tm ON tm.name = n.team");
}

/* Accounts already stored: update only the columns the file has, so a
 * narrower file leaves the others; an empty time_zone or jurisdiction never
 * clears a stored one. An account the file leaves as it is is not written
 * (nor its updated_at): a monthly refresh pays only for what changed. */
static bool update_known_accounts(struct job *j, char *err, size_t errlen)
{
    struct strbuf sql = {0}, old = {0}, new = {0};
    sb_puts(&sql, "UPDATE dun.accounts ex SET updated_at = now()");
    for (size_t i = 0; i < NTARGETS; i++) {
        const struct target_column *t = &targets[i];
        if (!j->present[t->col])
            continue;
        sb_printf(&sql, ", %s = ", t->account_column);
        sb_printf(&new, "%s", new.len ? ", " : "");
        if (t->keep_stored) {
            sb_printf(&sql, "coalesce(%s, ex.%s)", t->value, t->account_column);
            sb_printf(&new, "coalesce(%s, ex.%s)", t->value, t->account_column);
        } else {
            sb_puts(&sql, t->value);
            sb_puts(&new, t->value);
        }
        sb_printf(&old, "%sex.%s", old.len ? ", " : "", t->account_column);
    }
    sb_puts(&sql, " FROM import_norm n");
    join_names(j, &sql);
    /* ROW(): a file with one such column compares one value all the same. */
    sb_printf(&sql, " WHERE n.known AND ex.ref = n.ref AND ROW(%s) IS DISTINCT FROM ROW(%s)", sb_cstr(&old),
              sb_cstr(&new));
    bool ok = !sql.failed && !old.failed && !new.failed && db_exec(j->db, sb_cstr(&sql), 0, NULL, err, errlen);
    sb_free(&sql);
    sb_free(&old);
    sb_free(&new);
    return ok;
}

/* New accounts: every column the file has (defaults for the rest), with the
 * id import_norm drew for the row, so its phones and emails need no join. */
static bool insert_new_accounts(struct job *j, char *err, size_t errlen)
{
    struct strbuf sql = {0}, sel = {0};
    sb_puts(&sql, "INSERT INTO dun.accounts (id, ref");
    sb_puts(&sel, ") SELECT n.id, n.ref");
    for (size_t i = 0; i < NTARGETS; i++) {
        const struct target_column *t = &targets[i];
        if (!j->present[t->col] && t->col != ACOL_LANGUAGE && t->col != ACOL_TIME_ZONE)
            continue;
        sb_printf(&sql, ", %s", t->account_column);
        sb_printf(&sel, ", %s", t->value);
    }
    sb_puts(&sql, sb_cstr(&sel));
    sb_puts(&sql, " FROM import_norm n");
    join_names(j, &sql);
    sb_puts(&sql, " WHERE NOT n.known");
    bool ok = !sql.failed && !sel.failed && db_exec(j->db, sb_cstr(&sql), 0, NULL, err, errlen);
    sb_free(&sql);
    sb_free(&sel);
    return ok;
}

struct point_column {
    int col;
    const char *table, *kind, *value_column, *conflict, *consent;
};

/* In this order: of two columns of a row with the same point, the later's
 * kind stands. */
static const struct point_column points[] = {
    {ACOL_PHONE_MOBILE, "phones", "mobile", "number", "(account_id, number)", "false"},
    {ACOL_PHONE_HOME, "phones", "home", "number", "(account_id, number)", "false"},
    {ACOL_PHONE_WORK, "phones", "work", "number", "(account_id, number)", "false"},
    {ACOL_EMAIL, "emails", "personal", "address", "(account_id, lower(address))", "coalesce(n.email_consent, false)"},
    {ACOL_EMAIL_WORK, "emails", "work", "address", "(account_id, lower(address))", "false"},
};
enum { NPOINTS = sizeof points / sizeof points[0] };

/* On a stored account, a contact point column in the file replaces the
 * imported point of that kind; points agents added by hand are left alone.
 * A point already as the file has it is not written again. */
static bool replace_known_points(struct job *j, char *err, size_t errlen)
{
    struct strbuf sql = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < NPOINTS; i++) {
        const struct point_column *p = &points[i];
        if (!j->present[p->col])
            continue;
        const char *col = account_column_name(p->col);
        sb_reset(&sql);
        sb_printf(&sql,
                  "DELETE FROM dun.%s x USING import_norm n JOIN dun.accounts a ON a.ref = n.ref"
                  " WHERE n.known AND x.account_id = a.id AND x.kind = $1 AND x.source = 'import'"
                  "   AND (n.%s IS NULL OR lower(x.%s) <> lower(n.%s))",
                  p->table, col, p->value_column, col);
        const char *params[] = {p->kind};
        ok = db_exec(j->db, sb_cstr(&sql), 1, params, err, errlen);
        sb_reset(&sql);
        sb_printf(&sql,
                  "INSERT INTO dun.%s AS x (account_id, %s, kind, consent, source)"
                  " SELECT a.id, n.%s, $1, %s, 'import' FROM import_norm n JOIN dun.accounts a ON a.ref = n.ref"
                  " WHERE n.known AND n.%s IS NOT NULL"
                  " ON CONFLICT %s DO UPDATE SET kind = excluded.kind, consent = excluded.consent"
                  " WHERE (x.kind, x.consent) IS DISTINCT FROM (excluded.kind, excluded.consent)",
                  p->table, p->value_column, col, p->consent, col, p->conflict);
        ok = ok && !sql.failed && db_exec(j->db, sb_cstr(&sql), 1, params, err, errlen);
    }
    sb_free(&sql);
    return ok;
}

/* The points of new accounts into one table ("phones" or "emails"): one
 * INSERT of every column the file has for it. Two columns of a row with the
 * same point make one row as replace_known_points leaves it: the earlier
 * column's spelling, the later column's kind and consent. */
static bool insert_new_points(struct job *j, const char *table, char *err, size_t errlen)
{
    struct strbuf sql = {0}, values = {0};
    const struct point_column *one = NULL;
    size_t n = 0;
    for (size_t i = 0; i < NPOINTS; i++) {
        const struct point_column *p = &points[i];
        if (strcmp(p->table, table) != 0 || !j->present[p->col])
            continue;
        one = p;
        sb_printf(&values, "%s(%zu, n.%s, '%s', %s)", n++ ? ", " : "", i, account_column_name(p->col), p->kind,
                  p->consent);
    }
    if (n == 0)
        return true;
    sb_printf(&sql, "INSERT INTO dun.%s (account_id, %s, kind, consent, source)", table, one->value_column);
    if (n == 1)
        sb_printf(&sql, " SELECT n.id, n.%s, '%s', %s, 'import' FROM import_norm n WHERE NOT n.known AND n.%s IS NOT NULL",
                  account_column_name(one->col), one->kind, one->consent, account_column_name(one->col));
    else
        sb_printf(&sql, " SELECT n.id, (array_agg(p.v ORDER BY p.ord))[1], (array_agg(p.kind ORDER BY p.ord DESC))[1],"
                        " (array_agg(p.consent ORDER BY p.ord DESC))[1], 'import'"
                        " FROM import_norm n CROSS JOIN LATERAL (VALUES %s) p(ord, v, kind, consent)"
                        " WHERE NOT n.known AND p.v IS NOT NULL GROUP BY n.id, lower(p.v)",
                  sb_cstr(&values));
    bool ok = !sql.failed && !values.failed && db_exec(j->db, sb_cstr(&sql), 0, NULL, err, errlen);
    sb_free(&sql);
    sb_free(&values);
    return ok;
}

static bool run_import(const struct import_spec *spec, struct db *db, const char *data, size_t len,
                       bool partial, dun_time now, struct settle_counts *settled, struct zone_cache *zones,
                       const struct lint_conf *lint, import_problem_fn problem, import_problem_fn warning, void *ctx,
                       struct import_result *res, char *err, size_t errlen)
{
    struct job j = {.spec = spec, .zones = zones, .db = db, .problem = problem, .warning = warning, .ctx = ctx,
                    .res = res, .now = now, .settled = settled, .lint = lint};
    struct strbuf norm = {0};
    memset(res, 0, sizeof *res);
    bool store_ok = true, scanned = scan_records(&j, data, len);
    if (!scanned) {
        if (!res->header_bad) {
            snprintf(err, errlen, "out of memory while reading the file");
            store_ok = false;
        }
        goto out;
    }
    store_ok = db_exec(db, "BEGIN", 0, NULL, err, errlen) &&
               load_names(&j, err, errlen) &&
               (!spec->prepare || spec->prepare(&j, err, errlen)) &&
               begin_norm(&j, err, errlen);
    if (store_ok) {
        bool validated = validate_rows(&j, &norm, err, errlen);
        store_ok = end_norm(&j, &norm, validated, err, errlen);
    }
    store_ok = store_ok && (!spec->cross_check || spec->cross_check(&j, err, errlen));
    if (store_ok && res->rejected > 0 && !partial) {
        store_ok = db_exec(db, "ROLLBACK", 0, NULL, err, errlen);
        goto out;
    }
    store_ok = store_ok && spec->apply(&j, err, errlen);
    store_ok = store_ok && db_exec(db, "COMMIT", 0, NULL, err, errlen);
    if (!store_ok) {
        char e2[64];
        db_exec(db, "ROLLBACK", 0, NULL, e2, sizeof e2);
        res->imported = 0;
    }
out:
    sb_free(&norm);
    sb_free(&j.text);
    free(j.row_at);
    free(j.lines);
    ref_lines_free(&j.seen);
    names_free(&j.agents);
    names_free(&j.policies);
    names_free(&j.teams);
    names_free(&j.existing);
    names_free(&j.creditors);
    sb_free(&j.opt_out_policies);
    return store_ok;
}

/* Account imports take turns (a transaction-level advisory lock), so the
 * refs found stored here are the ones stored when the rows are written. */
enum { ACCOUNT_IMPORT_LOCK = 0x64756e10 };

/* The file's refs, one a line, for the lookup of those already stored. */
static bool file_refs(struct job *j, struct strbuf *refs, char *err, size_t errlen)
{
    size_t f = 0;
    while (f < j->nfields && j->col_of_field[f] != ACOL_REF)
        f++;
    if (f == j->nfields) { /* read_header refuses a file without ref */
        snprintf(err, errlen, "the file has no ref column");
        return false;
    }
    for (size_t row = 0; row < j->nlines; row++) {
        sb_puts(refs, kept_field(j, row, f));
        sb_putc(refs, '\n');
    }
    if (refs->failed)
        snprintf(err, errlen, "out of memory while reading the file");
    return !refs->failed;
}

/* Which of the file's refs are already accounts (their zones and
 * jurisdiction stand), and which creditors have a policy: what the location
 * rules of a row depend on (account_row_locate). */
static bool account_prepare(struct job *j, char *err, size_t errlen)
{
    char lock[16];
    snprintf(lock, sizeof lock, "%d", ACCOUNT_IMPORT_LOCK);
    const char *lp[] = {lock};
    struct strbuf refs = {0};
    j->seen = ref_lines_new(j->nlines);
    if (!j->seen) {
        snprintf(err, errlen, "out of memory while reading the file");
        return false;
    }
    bool ok = db_exec(j->db, "SELECT pg_advisory_xact_lock($1)", 1, lp, err, errlen) &&
              file_refs(j, &refs, err, errlen);
    if (ok) {
        const char *p[] = {sb_cstr(&refs)};
        ok = names_load_params(j->db,
                               "SELECT a.ref FROM unnest(string_to_array($1, E'\\n')) f(ref)"
                               " JOIN dun.accounts a ON a.ref = f.ref",
                               1, p, &j->existing, err, errlen);
    }
    sb_free(&refs);
    return ok && names_load(j->db, "SELECT creditor FROM dun.creditor_policies", &j->creditors, err, errlen);
}

static int account_validate(struct job *j, const char *const in[], char *out[])
{
    int problems = account_row_validate(in, j->zones, out, row_problem, j);
    struct account_known known = {
        .exists = out[ACOL_REF] && names_has(&j->existing, out[ACOL_REF]),
        .creditor_policy = names_has(&j->creditors, in[ACOL_CREDITOR] ? in[ACOL_CREDITOR] : ""),
    };
    problems += account_row_locate(in, j->zones, &known, out, row_problem, j);
    if (out[ACOL_ASSIGNED_AGENT])
        check_agent(j, out[ACOL_ASSIGNED_AGENT]);
    if (out[ACOL_TEAM])
        check_team(j, out[ACOL_TEAM]);
    if (out[ACOL_JURISDICTION])
        check_policy(j, out[ACOL_JURISDICTION]);
    return problems;
}

/* import_norm's `known`: the ref was stored before this import. A new
 * account's id is drawn by import_norm's default as the row is copied, in
 * the file's order. */
static void account_norm_extra(struct job *j, char *out[], struct strbuf *norm)
{
    bool known = names_has(&j->existing, out[ACOL_REF]);
    j->known += known;
    sb_puts(norm, known ? "t\t" : "f\t");
}

/* Stored accounts first: their statements find them by ref, and new ones
 * are not there yet to be joined for nothing. */
static bool account_apply(struct job *j, char *err, size_t errlen)
{
    bool ok = j->known == 0 || (update_known_accounts(j, err, errlen) && replace_known_points(j, err, errlen));
    ok = ok && (j->known == j->staged ||
                (insert_new_accounts(j, err, errlen) && insert_new_points(j, "phones", err, errlen) &&
                 insert_new_points(j, "emails", err, errlen)));
    if (ok)
        j->res->imported = j->staged;
    return ok;
}

static const struct import_spec account_spec = {
    .cols = account_columns,
    .ncols = ACOL_COUNT,
    .validate = account_validate,
    .accept = account_accept,
    .clear = account_row_clear,
    .norm_type = account_norm_type,
    .norm_extra = "known boolean NOT NULL, id bigint NOT NULL DEFAULT nextval('dun.accounts_id_seq')",
    .norm_extra_columns = "known",
    .norm_extra_write = account_norm_extra,
    .analyze = "known, ref",
    .prepare = account_prepare,
    .apply = account_apply,
};

bool import_accounts(struct db *db, const char *data, size_t len, bool partial,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, char *err, size_t errlen)
{
    return run_import(&account_spec, db, data, len, partial, 0, NULL, zones, NULL, problem, NULL, ctx, res, err, errlen);
}

/* --- contacts ------------------------------------------------------------- */

static int contact_validate(struct job *j, const char *const in[], char *out[])
{
    return contact_row_validate(in, out, row_problem, j);
}

static const char *contact_norm_type(int c)
{
    return c == CCOL_AT ? "bigint" : c == CCOL_CONSENT_GIVEN ? "boolean" : "text";
}

/* Rows naming an account that does not exist are rejected. */
static bool unknown_refs(struct job *j, char *err, size_t errlen)
{
    char msg[300];
    PGresult *r = db_query(j->db,
        "SELECT n.line, n.account_ref FROM import_norm n"
        " WHERE NOT EXISTS (SELECT 1 FROM dun.accounts a WHERE a.ref = n.account_ref) ORDER BY n.line",
        0, NULL, err, errlen);
    if (!r)
        return false;
    int unknown = PQntuples(r);
    for (int i = 0; i < unknown; i++) {
        snprintf(msg, sizeof msg, "no account with ref \"%s\"", PQgetvalue(r, i, 1));
        report(j, (size_t)atol(PQgetvalue(r, i, 0)), "account_ref", msg);
    }
    PQclear(r);
    j->res->rejected += (size_t)unknown;
    return unknown == 0 || db_exec(j->db,
        "DELETE FROM import_norm n WHERE NOT EXISTS (SELECT 1 FROM dun.accounts a WHERE a.ref = n.account_ref)",
        0, NULL, err, errlen);
}

/* Entries identical to an earlier line of the file, or to one already in
 * the log, are skipped, so a file with a row twice, or the same history
 * imported twice, records each once (duplicates would inflate the caps).
 * Imported attempts count toward every cap. */
static bool contact_apply(struct job *j, char *err, size_t errlen)
{
    PGresult *r = db_query(j->db,
        "WITH distinct_rows AS ("
        "   SELECT DISTINCT ON (a.id, n.channel, n.direction, n.at, n.outcome, coalesce(n.target, ''))"
        "          a.id AS account_id, n.line, n.channel, n.direction, n.at, n.outcome,"
        "          coalesce(n.target, '') AS target, coalesce(n.consent_given, false) AS consent_given"
        "     FROM import_norm n JOIN dun.accounts a ON a.ref = n.account_ref"
        "    ORDER BY a.id, n.channel, n.direction, n.at, n.outcome, coalesce(n.target, ''), n.line),"
        " ins AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, consent_given, note)"
        "   SELECT d.account_id, d.channel, d.direction, to_timestamp(d.at), d.outcome, d.target, d.consent_given,"
        "          'imported'"
        "     FROM distinct_rows d"
        "    WHERE NOT EXISTS (SELECT 1 FROM dun.contacts c WHERE c.account_id = d.account_id AND c.channel = d.channel"
        "            AND c.direction = d.direction AND c.at = to_timestamp(d.at) AND c.outcome = d.outcome"
        "            AND c.target = d.target)"
        "    ORDER BY d.line RETURNING 1)"
        " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM distinct_rows), (SELECT count(*) FROM import_norm)",
        0, NULL, err, errlen);
    if (!r)
        return false;
    size_t inserted = (size_t)atol(PQgetvalue(r, 0, 0)), distinct = (size_t)atol(PQgetvalue(r, 0, 1)),
           rows = (size_t)atol(PQgetvalue(r, 0, 2));
    PQclear(r);
    j->res->imported = inserted;
    j->res->already = distinct - inserted;
    j->res->repeated = rows - distinct;
    return true;
}

static const struct import_spec contact_spec = {
    .cols = contact_columns,
    .ncols = CCOL_COUNT,
    .validate = contact_validate,
    .clear = contact_row_clear,
    .norm_type = contact_norm_type,
    .analyze = "account_ref",
    .cross_check = unknown_refs,
    .apply = contact_apply,
};

bool import_contacts(struct db *db, const char *data, size_t len, bool partial,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, char *err, size_t errlen)
{
    return run_import(&contact_spec, db, data, len, partial, 0, NULL, zones, NULL, problem, NULL, ctx, res, err, errlen);
}

/* --- payments ------------------------------------------------------------- */

static int payment_validate(struct job *j, const char *const in[], char *out[])
{
    return payment_row_validate(in, out, row_problem, j);
}

static const char *payment_norm_type(int c)
{
    return c == PCOL_AMOUNT || c == PCOL_PAID_AT ? "bigint" : "text";
}

/* The lines of rows found bad by the checks against the store. */
struct bad_lines {
    int *line;
    size_t n, cap;
};

static bool bad_line_add(struct bad_lines *b, int line)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        int *l = realloc(b->line, cap * sizeof *l);
        if (!l)
            return false;
        b->line = l;
        b->cap = cap;
    }
    b->line[b->n++] = line;
    return true;
}

static int compare_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A stored payment differs from a row when any of account, amount, currency
 * or time (to the second: imports drop fractions) differ; method may. */
#define PAYMENT_DIFFERS                                                              \
    " (a.ref <> n.account_ref OR p.amount_minor <> n.amount OR p.currency <> n.currency" \
    "  OR date_trunc('second', p.paid_at) <> to_timestamp(n.paid_at))"

static const char stored_differs_sql[] =
    "SELECT n.line, n.payment_id, a.ref, p.amount_minor, p.currency, floor(extract(epoch FROM p.paid_at))::bigint"
    "  FROM import_norm n JOIN dun.payments p ON p.payment_id = n.payment_id"
    "  JOIN dun.accounts a ON a.id = p.account_id"
    " WHERE" PAYMENT_DIFFERS " ORDER BY n.line";

static void stored_details(PGresult *r, int i, char *out, size_t n)
{
    char amount[64], at[40];
    const struct currency *cur = currency_find(PQgetvalue(r, i, 4));
    if (cur)
        money_format_plain(strtoll(PQgetvalue(r, i, 3), NULL, 10), cur, amount, sizeof amount);
    else
        snprintf(amount, sizeof amount, "%s minor units", PQgetvalue(r, i, 3));
    iso8601_format(strtoll(PQgetvalue(r, i, 5), NULL, 10), 0, true, at, sizeof at);
    snprintf(out, n, "account %s, %s %s, paid at %s", PQgetvalue(r, i, 2), amount, PQgetvalue(r, i, 4), at);
}

/* One check: each row the query returns is a problem in `column`. */
static bool payment_check(struct job *j, const char *sql, const char *column, struct bad_lines *bad,
                          void (*message)(PGresult *r, int i, char *msg, size_t n), char *err, size_t errlen)
{
    char msg[800];
    PGresult *r = db_query(j->db, sql, 0, NULL, err, errlen);
    if (!r)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < PQntuples(r); i++) {
        int line = atoi(PQgetvalue(r, i, 0));
        message(r, i, msg, sizeof msg);
        report(j, (size_t)line, column, msg);
        ok = bad_line_add(bad, line);
    }
    PQclear(r);
    if (!ok)
        snprintf(err, errlen, "out of memory");
    return ok;
}

static void msg_unknown_ref(PGresult *r, int i, char *msg, size_t n)
{
    snprintf(msg, n, "no account with ref \"%s\"", PQgetvalue(r, i, 1));
}

static void msg_currency(PGresult *r, int i, char *msg, size_t n)
{
    snprintf(msg, n, "%s is not the currency of account \"%s\" (%s)", PQgetvalue(r, i, 1), PQgetvalue(r, i, 3),
             PQgetvalue(r, i, 2));
}

static void msg_duplicate(PGresult *r, int i, char *msg, size_t n)
{
    snprintf(msg, n, "\"%s\" is already on line %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
}

static void msg_stored_differs(PGresult *r, int i, char *msg, size_t n)
{
    char details[400];
    stored_details(r, i, details, sizeof details);
    snprintf(msg, n, "payment_id \"%s\" was already imported with different details (%s)", PQgetvalue(r, i, 1),
             details);
}

/* The payments to each account, added up in line order (those not stored
 * yet: a stored one is skipped), must fit in 64 bits, and so must the
 * balance they leave; a line that breaks either is rejected. */
static const char sum_overflow_sql[] =
    "SELECT line, account_ref, running, balance_minor - running, running > 9223372036854775807 FROM ("
    "  SELECT n.line, n.account_ref, a.balance_minor,"
    "         sum(n.amount::numeric) OVER (PARTITION BY n.account_ref ORDER BY n.line) AS running"
    "    FROM import_norm n JOIN dun.accounts a ON a.ref = n.account_ref"
    "   WHERE NOT EXISTS (SELECT 1 FROM dun.payments p WHERE p.payment_id = n.payment_id)) s"
    " WHERE running > 9223372036854775807 OR balance_minor - running < -9223372036854775808 ORDER BY line";

static void msg_sum_overflow(PGresult *r, int i, char *msg, size_t n)
{
    if (PQgetvalue(r, i, 4)[0] == 't')
        snprintf(msg, n, "the payments to \"%s\" up to this line total %s minor units: more than dun can hold"
                 " (at most 9223372036854775807): check the amounts", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
    else
        snprintf(msg, n, "the payments to \"%s\" up to this line would leave a balance of %s minor units: less"
                 " than dun can hold (at least -9223372036854775808): check the amounts", PQgetvalue(r, i, 1),
                 PQgetvalue(r, i, 3));
}

/* Lock the accounts the file names (in id order, as every writer does) so a
 * concurrent import of the same accounts waits, then sees what it committed;
 * then reject rows the store contradicts. */
static bool payment_cross_check(struct job *j, char *err, size_t errlen)
{
    struct bad_lines bad = {0};
    PGresult *lock = db_query(j->db,
        "SELECT id FROM dun.accounts WHERE ref IN (SELECT account_ref FROM import_norm) ORDER BY id FOR UPDATE",
        0, NULL, err, errlen);
    if (!lock)
        return false;
    PQclear(lock);
    bool ok =
        payment_check(j,
            "SELECT n.line, n.account_ref FROM import_norm n"
            " WHERE NOT EXISTS (SELECT 1 FROM dun.accounts a WHERE a.ref = n.account_ref) ORDER BY n.line",
            "account_ref", &bad, msg_unknown_ref, err, errlen) &&
        payment_check(j,
            "SELECT n.line, n.currency, a.currency, a.ref FROM import_norm n"
            "  JOIN dun.accounts a ON a.ref = n.account_ref WHERE a.currency::text <> n.currency ORDER BY n.line",
            "currency", &bad, msg_currency, err, errlen) &&
        payment_check(j,
            "SELECT n.line, n.payment_id, d.first FROM import_norm n"
            " JOIN (SELECT payment_id, min(line) AS first FROM import_norm GROUP BY payment_id HAVING count(*) > 1) d"
            "   ON d.payment_id = n.payment_id AND n.line <> d.first ORDER BY n.line",
            "payment_id", &bad, msg_duplicate, err, errlen) &&
        payment_check(j, stored_differs_sql, "payment_id", &bad, msg_stored_differs, err, errlen) &&
        payment_check(j, sum_overflow_sql, "amount", &bad, msg_sum_overflow, err, errlen);
    if (ok && bad.n > 0) {
        qsort(bad.line, bad.n, sizeof *bad.line, compare_int);
        struct strbuf arr = {0};
        size_t distinct = 0;
        for (size_t i = 0; i < bad.n; i++)
            if (i == 0 || bad.line[i] != bad.line[i - 1])
                sb_printf(&arr, "%s%d", distinct++ ? "," : "{", bad.line[i]);
        sb_putc(&arr, '}');
        j->res->rejected += distinct;
        const char *p[] = {sb_cstr(&arr)};
        ok = !arr.failed &&
             db_exec(j->db, "DELETE FROM import_norm WHERE line = ANY($1::integer[])", 1, p, err, errlen);
        sb_free(&arr);
    }
    free(bad.line);
    return ok;
}

/* Insert the new payments (a payment_id already stored is not inserted
 * again: only the inserter reduces the balance), reduce the balances of
 * their accounts, and settle those accounts. */
static bool payment_apply(struct job *j, char *err, size_t errlen)
{
    PGresult *r = db_query(j->db,
        "WITH ins AS (INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id)"
        "   SELECT a.id, n.amount, n.currency, to_timestamp(n.paid_at), coalesce(n.method, ''), n.payment_id"
        "     FROM import_norm n JOIN dun.accounts a ON a.ref = n.account_ref"
        "    ORDER BY n.line ON CONFLICT (payment_id) DO NOTHING RETURNING account_id, amount_minor),"
        " per AS (SELECT account_id, sum(amount_minor)::bigint AS total, count(*) AS n FROM ins GROUP BY account_id),"
        " upd AS (UPDATE dun.accounts a SET balance_minor = a.balance_minor - per.total, updated_at = now()"
        "           FROM per WHERE a.id = per.account_id RETURNING a.id)"
        " SELECT upd.id, per.n, (SELECT count(*) FROM import_norm) FROM upd JOIN per ON per.account_id = upd.id"
        " ORDER BY upd.id",
        0, NULL, err, errlen);
    if (!r)
        return false;
    size_t touched = (size_t)PQntuples(r), inserted = 0, rows = 0;
    int64_t *ids = calloc(touched ? touched : 1, sizeof *ids);
    if (!ids) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (size_t i = 0; i < touched; i++) {
        ids[i] = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
        inserted += (size_t)atol(PQgetvalue(r, (int)i, 1));
        rows = (size_t)atol(PQgetvalue(r, (int)i, 2));
    }
    PQclear(r);
    /* A payment_id stored by a concurrent import of other accounts (whose
     * locks we do not hold) between our check and our insert. */
    bool ok = true;
    r = db_query(j->db, stored_differs_sql, 0, NULL, err, errlen);
    if (!r) {
        ok = false;
    } else if (PQntuples(r) > 0) {
        char details[400];
        stored_details(r, 0, details, sizeof details);
        snprintf(err, errlen, "line %s: payment_id \"%s\" was imported at the same time by another import with"
                 " different details (%s)", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), details);
        ok = false;
    }
    PQclear(r);
    if (ok && touched == 0) { /* nothing new: count the rows skipped */
        r = db_query(j->db, "SELECT count(*) FROM import_norm", 0, NULL, err, errlen);
        ok = r != NULL;
        if (r)
            rows = (size_t)atol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    if (ok) {
        j->res->imported = inserted;
        j->res->already = rows - inserted;
    }
    if (ok && touched > 0)
        ok = store_settle_accounts(j->db, ids, touched, j->now, j->zones, j->settled, err, errlen) == 0;
    /* One notice per import, not one per account: the metrics screen refreshes once. */
    if (ok && touched > 0)
        ok = db_notify(j->db, "payment", 0, err, errlen);
    free(ids);
    return ok;
}

static const struct import_spec payment_spec = {
    .cols = payment_columns,
    .ncols = PCOL_COUNT,
    .validate = payment_validate,
    .clear = payment_row_clear,
    .norm_type = payment_norm_type,
    .analyze = "account_ref, payment_id",
    .cross_check = payment_cross_check,
    .apply = payment_apply,
};

bool import_payments(struct db *db, const char *data, size_t len, bool partial, dun_time now,
                     struct zone_cache *zones, import_problem_fn problem, void *ctx,
                     struct import_result *res, struct settle_counts *settled, char *err, size_t errlen)
{
    if (settled)
        memset(settled, 0, sizeof *settled);
    return run_import(&payment_spec, db, data, len, partial, now, settled, zones, NULL, problem, NULL, ctx, res, err,
                      errlen);
}

/* --- templates ------------------------------------------------------------ */

static void row_warning(void *ctx, const char *column, const char *msg)
{
    struct job *j = ctx;
    if (j->warning)
        j->warning(j->ctx, j->current_line, column, msg);
}

/* The policies whose debtors get no SMS or email without an opt-out
 * instruction, named in the warning about a template without one. */
static bool template_prepare(struct job *j, char *err, size_t errlen)
{
    PGresult *r = db_query(j->db, "SELECT code FROM dun.policies WHERE electronic_opt_out_notice ORDER BY code",
                           0, NULL, err, errlen);
    if (!r)
        return false;
    for (int i = 0; i < PQntuples(r); i++)
        sb_printf(&j->opt_out_policies, "%s%s", i ? ", " : "", PQgetvalue(r, i, 0));
    PQclear(r);
    return !j->opt_out_policies.failed;
}

static int template_validate(struct job *j, const char *const in[], char *out[])
{
    return template_row_validate(in, sb_cstr(&j->opt_out_policies), j->lint, out, row_problem, row_warning, j);
}

static const char *template_norm_type(int c)
{
    return c == TCOL_ACTIVE ? "boolean" : "text";
}

#define TEMPLATE_KEY_EQ "d.channel = n.channel AND d.name = n.name AND d.language = n.language"

/* A (channel, name, language) twice in one file: the first row stands. */
static bool duplicate_templates(struct job *j, char *err, size_t errlen)
{
    char msg[300];
    PGresult *r = db_query(j->db,
        "SELECT n.line, n.channel, n.name, n.language, d.first FROM import_norm n"
        " JOIN (SELECT channel, name, language, min(line) AS first FROM import_norm"
        "        GROUP BY channel, name, language HAVING count(*) > 1) d"
        "   ON " TEMPLATE_KEY_EQ " AND n.line <> d.first ORDER BY n.line", 0, NULL, err, errlen);
    if (!r)
        return false;
    int dups = PQntuples(r);
    for (int i = 0; i < dups; i++) {
        snprintf(msg, sizeof msg, "the %s template \"%s\" (%s) is already on line %s", PQgetvalue(r, i, 1),
                 PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
        report(j, (size_t)atol(PQgetvalue(r, i, 0)), "name", msg);
    }
    PQclear(r);
    if (dups == 0)
        return true;
    j->res->rejected += (size_t)dups;
    return db_exec(j->db,
        "DELETE FROM import_norm n WHERE n.line > (SELECT min(line) FROM import_norm d WHERE " TEMPLATE_KEY_EQ ")",
        0, NULL, err, errlen);
}

/* What an insert writes for each column not in the key; the table's
 * defaults where the file has no value. */
static const struct {
    int col;
    const char *value; /* SQL over n (import_norm) */
} template_values[] = {
    {TCOL_PURPOSE, "n.purpose"},
    {TCOL_SEGMENT, "coalesce(n.segment, '')"},
    {TCOL_TONE, "coalesce(n.tone, 'soft')"},
    {TCOL_ACTIVE, "coalesce(n.active, true)"},
    {TCOL_SUBJECT, "coalesce(n.subject, '')"},
    {TCOL_BODY, "n.body"},
};

static bool count_rows(struct job *j, const char *sql, size_t *n, char *err, size_t errlen)
{
    PGresult *r = db_query(j->db, sql, 0, NULL, err, errlen);
    if (r)
        *n = (size_t)atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return r != NULL;
}

/* Insert new keys; on a known key update the columns the file has, and only
 * when one differs, so that importing an export changes nothing (not even
 * updated_at). Template imports take turns (the lock), so the counts are
 * exact; loading templates to send is not held up by it. */
static bool template_apply(struct job *j, char *err, size_t errlen)
{
    struct strbuf sql = {0}, set = {0}, old = {0}, new = {0};
    size_t rows = 0, created = 0, touched = 0;
    sb_puts(&sql, "WITH up AS (INSERT INTO dun.templates AS t (channel, name, language");
    for (size_t i = 0; i < sizeof template_values / sizeof template_values[0]; i++) {
        const char *col = template_columns[template_values[i].col].name;
        sb_printf(&sql, ", %s", col);
        if (!j->present[template_values[i].col])
            continue;
        sb_printf(&set, ", %s = excluded.%s", col, col);
        sb_printf(&old, "%st.%s", old.len ? ", " : "", col);
        sb_printf(&new, "%sexcluded.%s", new.len ? ", " : "", col);
    }
    sb_puts(&sql, ") SELECT n.channel, n.name, n.language");
    for (size_t i = 0; i < sizeof template_values / sizeof template_values[0]; i++)
        sb_printf(&sql, ", %s", template_values[i].value);
    sb_printf(&sql, " FROM import_norm n ORDER BY n.line"
                    " ON CONFLICT (channel, name, language) DO UPDATE SET updated_at = now()%s"
                    " WHERE (%s) IS DISTINCT FROM (%s) RETURNING 1) SELECT count(*) FROM up",
              sb_cstr(&set), sb_cstr(&old), sb_cstr(&new));
    bool ok = !sql.failed && !set.failed && !old.failed && !new.failed &&
              db_exec(j->db, "LOCK TABLE dun.templates IN SHARE ROW EXCLUSIVE MODE", 0, NULL, err, errlen) &&
              count_rows(j, "SELECT count(*) FROM import_norm", &rows, err, errlen) &&
              count_rows(j, "SELECT count(*) FROM import_norm n WHERE NOT EXISTS (SELECT 1 FROM dun.templates d"
                            " WHERE " TEMPLATE_KEY_EQ ")", &created, err, errlen) &&
              count_rows(j, sb_cstr(&sql), &touched, err, errlen);
    if (ok) {
        j->res->imported = touched;
        j->res->created = created;
        j->res->already = rows - touched;
    }
    sb_free(&sql);
    sb_free(&set);
    sb_free(&old);
    sb_free(&new);
    return ok;
}

static const struct import_spec template_spec = {
    .cols = template_columns,
    .ncols = TCOL_COUNT,
    .validate = template_validate,
    .clear = template_row_clear,
    .norm_type = template_norm_type,
    .analyze = "channel, name, language",
    .prepare = template_prepare,
    .cross_check = duplicate_templates,
    .apply = template_apply,
};

bool import_templates(struct db *db, const char *data, size_t len, bool partial, int64_t agent_id,
                      const struct lint_conf *lint, import_problem_fn problem, import_problem_fn warning, void *ctx, struct import_result *res,
                      char *err, size_t errlen)
{
    /* Who changes the templates, for dun.template_history (migration 011). */
    char agent[32];
    snprintf(agent, sizeof agent, "%lld", (long long)agent_id);
    const char *p[] = {agent_id > 0 ? agent : ""};
    if (!db_exec(db, "SELECT set_config('dun.agent_id', $1, false)", 1, p, err, errlen))
        return false;
    static const struct lint_conf nothing_configured;
    return run_import(&template_spec, db, data, len, partial, 0, NULL, NULL, lint ? lint : &nothing_configured,
                      problem, warning, ctx, res, err, errlen);
}
