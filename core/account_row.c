#include "core/account_row.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/utf8.h"
#include "core/validate.h"
#include "core/zone.h"

const struct row_column account_columns[ACOL_COUNT] = {
#define X(id, nm, req) [ACOL_##id] = {nm, req},
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

static void check_zones(struct check *k, const char *v, struct zone_cache *zones)
{
    char list[512], err[160];
    size_t pos = 0;
    list[pos++] = '{';
    const char *p = v;
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char name[80];
        if (len == 0 || len >= sizeof name) {
            problem(k, ACOL_TIME_ZONE, "\"%s\" is not a list of IANA zones (e.g. Asia/Tokyo or America/New_York|America/Chicago)", v);
            return;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        if (!zone_cache_get(zones, name, err, sizeof err)) {
            problem(k, ACOL_TIME_ZONE, "%s", err);
            return;
        }
        if (pos + len + 2 >= sizeof list) {
            problem(k, ACOL_TIME_ZONE, "%s", "too many time zones");
            return;
        }
        if (pos > 1)
            list[pos++] = ',';
        memcpy(list + pos, name, len);
        pos += len;
        if (!bar)
            break;
        p = bar + 1;
    }
    list[pos++] = '}';
    list[pos] = '\0';
    keep(k, ACOL_TIME_ZONE, list);
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
        if (!date_parse(v, &days))
            problem(k, c, "\"%s\" is not a date (YYYY-MM-DD)", v);
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
    default: /* free text: name, creditor, segment */
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
