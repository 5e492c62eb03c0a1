#include "core/account_row.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/locate.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "core/validate.h"
#include "core/zone.h"

/* Refs and names are read, searched and compared: nothing invisible in them.
 * A postal address may span lines, as it does on an envelope. */
#define ACOL_TEXT(c)                                        \
    ((c) == ACOL_REF || (c) == ACOL_NAME ? TEXT_NAME        \
     : (c) == ACOL_ADDRESS               ? TEXT_MULTILINE   \
                                         : TEXT_LINE)
const struct row_column account_columns[ACOL_COUNT] = {
#define X(id, nm, req) [ACOL_##id] = {nm, req, ACOL_TEXT(ACOL_##id)},
    ACCOUNT_COLUMNS(X)
#undef X
};

static const char *const statuses[] = {"active", "paused", "closed", "paid", NULL};
static const char *const languages[] = {"ja", "en", NULL};

const char *account_column_name(enum account_column c) { return account_columns[c].name; }
bool account_column_required(enum account_column c) { return account_columns[c].required; }

int row_column_find(const struct row_column *cols, int n, const char *name)
{
    for (int c = 0; c < n; c++)
        if (strcmp(cols[c].name, name) == 0)
            return c;
    return -1;
}

int row_text_check(const struct row_column *cols, int n, const char *const in[], row_error_fn err, void *ctx)
{
    int problems = 0;
    char why[300];
    for (int c = 0; c < n; c++)
        if (in[c] && *in[c] && !text_check(in[c], cols[c].text, why, sizeof why)) {
            err(ctx, cols[c].name, why);
            problems++;
        }
    return problems;
}

int account_column_find(const char *name) { return row_column_find(account_columns, ACOL_COUNT, name); }

struct check {
    const char *const *in;
    char **out;
    row_error_fn err;
    void *ctx;
    int problems;
};

static void problem(struct check *k, enum account_column c, const char *fmt, const char *detail)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, detail);
    k->err(k->ctx, account_columns[c].name, msg);
    k->problems++;
}

static void keep(struct check *k, enum account_column c, const char *v)
{
    k->out[c] = strdup(v);
}

static bool is_flag(enum account_column c)
{
    return (c >= ACOL_SMS_CONSENT && c <= ACOL_WORKPLACE_CONTACT_CONSENT) || c == ACOL_DECEASED ||
           c == ACOL_SMS_OPT_OUT || c == ACOL_EMAIL_OPT_OUT;
}

static bool given(const char *const in[ACOL_COUNT], enum account_column c)
{
    return in[c] && *in[c];
}

/* The zones as the array literal the store takes: "{Asia/Tokyo,America/New_York}".
 * Zone names need no quoting (zone_load accepts letters, digits and "/_-+"). */
static void keep_zone_list(struct check *k, struct strbuf *list)
{
    sb_putc(list, '}');
    if (list->failed)
        problem(k, ACOL_TIME_ZONE, "%s", "out of memory");
    else
        keep(k, ACOL_TIME_ZONE, sb_cstr(list));
    sb_free(list);
}

static void keep_zones(struct check *k, const char *const *names, int n)
{
    struct strbuf list = {0};
    sb_putc(&list, '{');
    for (int i = 0; i < n; i++)
        sb_printf(&list, "%s%s", i ? "," : "", names[i]);
    keep_zone_list(k, &list);
}

/* Any number of "|"-separated zones: the compliance engine checks them all. */
static void check_zones(struct check *k, const char *v, struct zone_cache *zones)
{
    char name[80], err[160];
    struct strbuf list = {0};
    sb_putc(&list, '{');
    for (const char *p = v;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == 0 || len >= sizeof name) {
            problem(k, ACOL_TIME_ZONE, "\"%s\" is not a list of IANA zones (e.g. Asia/Tokyo or America/New_York|America/Chicago)", v);
            sb_free(&list);
            return;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        if (!zone_cache_get(zones, name, err, sizeof err)) {
            problem(k, ACOL_TIME_ZONE, "%s", err);
            sb_free(&list);
            return;
        }
        sb_printf(&list, "%s%s", p == v ? "" : ",", name);
        if (!bar)
            break;
        p = bar + 1;
    }
    keep_zone_list(k, &list);
}

static void check_field(struct check *k, enum account_column c, const char *v, struct zone_cache *zones)
{
    char err[256], buf[64];
    int64_t days, minor;
    int a, b;
    bool flag;

    if (is_flag(c)) {
        if (!bool_parse(v, &flag))
            problem(k, c, "\"%s\" is not true or false", v);
        else
            keep(k, c, flag ? "t" : "f");
        return;
    }
    switch (c) {
    case ACOL_REF:
        if (utf8_length(v) > 64)
            problem(k, c, "%s", "longer than 64 characters");
        else
            keep(k, c, v);
        break;
    case ACOL_CURRENCY:
        if (!currency_find(v))
            problem(k, c, "\"%s\" is not a currency dun knows (ISO 4217 code such as JPY or USD)", v);
        else
            keep(k, c, v);
        break;
    case ACOL_BALANCE: {
        const struct currency *cur = currency_find(k->in[ACOL_CURRENCY] ? k->in[ACOL_CURRENCY] : "");
        if (!cur)
            break; /* the currency column reports it */
        if (!money_parse(v, cur, MONEY_ALLOW_NEGATIVE, &minor, err, sizeof err)) {
            problem(k, c, "%s", err);
            break;
        }
        snprintf(buf, sizeof buf, "%" PRId64, minor);
        keep(k, c, buf);
        break;
    }
    case ACOL_LANGUAGE:
        if (!word_in(v, languages))
            problem(k, c, "\"%s\" is not a supported language (ja or en)", v);
        else
            keep(k, c, v);
        break;
    case ACOL_TIME_ZONE:
        check_zones(k, v, zones);
        break;
    case ACOL_DUE_DATE:
    case ACOL_OLDEST_UNPAID_DUE_DATE:
    case ACOL_BIRTH_DATE:
        if (!date_parse(v, &days))
            problem(k, c, "\"%s\" is not a date (YYYY-MM-DD)", v);
        else if (!date_in_range(days))
            problem(k, c, "\"%s\" is outside the dates dun accepts (" DATE_RANGE_TEXT ")", v);
        else
            keep(k, c, v);
        break;
    case ACOL_STATUS:
        if (!word_in(v, statuses))
            problem(k, c, "\"%s\" is not a status (active, paused, closed or paid)", v);
        else
            keep(k, c, v);
        break;
    case ACOL_ASSIGNED_AGENT:
        if (!login_valid(v))
            problem(k, c, "\"%s\" is not an agent login", v);
        else
            keep(k, c, v);
        break;
    case ACOL_PRIOR_DELINQUENCIES: {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 0 || n > 10000)
            problem(k, c, "\"%s\" is not a count (a whole number, 0 or more)", v);
        else
            keep(k, c, v);
        break;
    }
    case ACOL_PHONE_MOBILE:
    case ACOL_PHONE_HOME:
    case ACOL_PHONE_WORK:
        if (!phone_normalize(v, buf, sizeof buf, err, sizeof err))
            problem(k, c, "%s", err);
        else
            keep(k, c, buf);
        break;
    case ACOL_EMAIL:
    case ACOL_EMAIL_WORK:
        if (!email_valid(v, err, sizeof err))
            problem(k, c, "%s", err);
        else
            keep(k, c, v);
        break;
    case ACOL_JURISDICTION: {
        bool code = strlen(v) <= 16 && v[0] >= 'A' && v[0] <= 'Z';
        for (const char *q = v; code && *q; q++)
            code = (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_';
        if (!code)
            problem(k, c, "\"%s\" is not a policy code (JP, US, or one defined in dun.policies)", v);
        else
            keep(k, c, v);
        break;
    }
    case ACOL_PREFERRED_CONTACT_WINDOW:
        if (!window_parse(v, &a, &b, err, sizeof err))
            problem(k, c, "%s", err);
        else
            keep(k, c, v);
        break;
    default: /* free text: name, creditor, segment, team */
        if (strlen(v) > 200)
            problem(k, c, "%s", "longer than 200 bytes");
        else
            keep(k, c, v);
        break;
    }
}

int account_row_validate(const char *const in[ACOL_COUNT], struct zone_cache *zones,
                         char *out[ACOL_COUNT], row_error_fn err, void *ctx)
{
    struct check k = {in, out, err, ctx, 0};
    for (int c = 0; c < ACOL_COUNT; c++) {
        out[c] = NULL;
        const char *v = in[c];
        if (!v || !*v) {
            if (account_columns[c].required)
                problem(&k, (enum account_column)c, "%s", "required, but empty");
            continue;
        }
        check_field(&k, (enum account_column)c, v, zones);
    }
    return k.problems;
}

void account_row_clear(char *out[ACOL_COUNT])
{
    for (int c = 0; c < ACOL_COUNT; c++) {
        free(out[c]);
        out[c] = NULL;
    }
}

/* --- where the debtor is ------------------------------------------------- */

/* The columns that say where the debtor is, in the order candidates are kept. */
static const enum account_column location_sources[] = {ACOL_PHONE_MOBILE, ACOL_PHONE_HOME, ACOL_PHONE_WORK,
                                                       ACOL_ADDRESS};

/* The zones the row's numbers and address indicate, into out[ACOL_TIME_ZONE]. */
static void infer_zones(struct check *k, struct zone_cache *zones)
{
    struct locate_zones z = {0};
    bool unread = false; /* a source that failed validation: it reports itself */
    char err[160];
    for (size_t i = 0; i < sizeof location_sources / sizeof location_sources[0]; i++) {
        enum account_column c = location_sources[i];
        if (k->out[c] && c == ACOL_ADDRESS)
            locate_address(&z, k->out[c]);
        else if (k->out[c])
            locate_phone(&z, k->out[c]);
        else
            unread |= given(k->in, c);
    }
    if (z.n == 0) {
        if (!unread)
            problem(k, ACOL_TIME_ZONE, "%s",
                    "empty, and no time zone can be inferred from the phone numbers or the address:"
                    " give the debtor's IANA zone(s), e.g. America/New_York");
        return;
    }
    for (int i = 0; i < z.n; i++)
        if (!zone_cache_get(zones, z.zone[i], err, sizeof err)) {
            problem(k, ACOL_TIME_ZONE, "empty, and the zone inferred from the phone numbers or the address: %s", err);
            return;
        }
    keep_zones(k, z.zone, z.n);
}

/* A new account needs a policy: one its zones imply, when it names none. */
static void check_jurisdiction(struct check *k)
{
    const char *stored = k->out[ACOL_TIME_ZONE]; /* "{a,b}" */
    size_t len = strlen(stored);
    int n = 1;
    for (const char *q = stored; *q; q++)
        n += *q == ',';
    char *list = len >= 2 ? strndup(stored + 1, len - 2) : NULL;
    const char **names = malloc((size_t)n * sizeof *names);
    if (!list || !names) {
        problem(k, ACOL_JURISDICTION, "%s", "out of memory");
        free(list);
        free(names);
        return;
    }
    n = 0;
    for (char *save = NULL, *z = strtok_r(list, ",", &save); z; z = strtok_r(NULL, ",", &save))
        names[n++] = z;
    if (!locate_jurisdiction(names, n)) {
        struct strbuf shown = {0};
        for (int i = 0; i < n; i++)
            sb_printf(&shown, "%s%s", i ? ", " : "", names[i]);
        problem(k, ACOL_JURISDICTION,
                "empty, and none can be inferred from the time zones (%s): give JP, US or a code from dun.policies,"
                " or a policy for the creditor in dun.creditor_policies", sb_cstr(&shown));
        sb_free(&shown);
    }
    free(names);
    free(list);
}

int account_row_locate(const char *const in[ACOL_COUNT], struct zone_cache *zones, const struct account_known *known,
                       char *out[ACOL_COUNT], row_error_fn err, void *ctx)
{
    struct check k = {in, out, err, ctx, 0};
    if (known->exists) /* its stored zones and jurisdiction stand */
        return 0;
    if (!given(in, ACOL_TIME_ZONE))
        infer_zones(&k, zones);
    if (out[ACOL_TIME_ZONE] && !given(in, ACOL_JURISDICTION) && !known->creditor_policy)
        check_jurisdiction(&k);
    return k.problems;
}
