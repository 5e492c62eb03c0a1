/* The self-service link: see link_store.h. */
#include "core/db/link_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/account_store.h"

bool link_token_ok(const char *token)
{
    return token && strlen(token) == 32 && strspn(token, "0123456789abcdef") == 32;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

int link_open(struct db *db, const char *token, dun_time now, bool click, struct link_page *pg, char *err,
              size_t errlen)
{
    memset(pg, 0, sizeof *pg);
    if (!link_token_ok(token))
        return LINK_UNKNOWN;
    char at[32];
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {token, at, click ? "t" : "f"};
    /* The click is counted by the same statement that finds a valid link:
     * an expired one is found by the second part and counted by nothing. */
    PGresult *r = db_query(db,
        "WITH hit AS (UPDATE dun.links SET clicks = clicks + 1,"
        "   first_click_at = coalesce(first_click_at, to_timestamp($2))"
        "  WHERE token = $1 AND expires_at > to_timestamp($2) AND $3::boolean RETURNING account_id)"
        " SELECT l.expires_at > to_timestamp($2), a.id, coalesce(a.assigned_agent_id, 0), a.language, a.creditor,"
        "   a.balance_minor, a.currency, coalesce(a.oldest_unpaid_due_date, a.due_date)::text,"
        "   ((to_timestamp($2) AT TIME ZONE a.time_zones[1])::date)::text,"
        "   coalesce(pol.max_promise_days, 30), a.status = 'active' AND a.balance_minor > 0,"
        "   (SELECT count(*) FROM hit)"
        "  FROM dun.links l JOIN dun.accounts a ON a.id = l.account_id"
        "  LEFT JOIN dun.account_policy ap ON ap.account_id = a.id"
        "  LEFT JOIN dun.policies pol ON pol.code = ap.policy_code"
        " WHERE l.token = $1", 3, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return LINK_UNKNOWN;
    }
    if (PQgetvalue(r, 0, 0)[0] != 't') {
        PQclear(r);
        return LINK_EXPIRED;
    }
    pg->account_id = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    pg->agent_id = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
    copy(pg->language, sizeof pg->language, PQgetvalue(r, 0, 3));
    copy(pg->creditor, sizeof pg->creditor, PQgetvalue(r, 0, 4));
    pg->balance_minor = strtoll(PQgetvalue(r, 0, 5), NULL, 10);
    copy(pg->currency, sizeof pg->currency, PQgetvalue(r, 0, 6));
    pg->has_due = !PQgetisnull(r, 0, 7) && date_parse(PQgetvalue(r, 0, 7), &pg->due_date);
    if (!date_parse(PQgetvalue(r, 0, 8), &pg->today))
        pg->today = now / 86400;
    pg->max_promise_days = atoi(PQgetvalue(r, 0, 9));
    pg->payable = PQgetvalue(r, 0, 10)[0] == 't';
    PQclear(r);
    return LINK_OK;
}

int link_promise(struct db *db, const char *token, dun_time now, int64_t date, char *err, size_t errlen)
{
    struct link_page pg;
    int o = link_open(db, token, now, false, &pg, err, errlen);
    if (o != LINK_OK)
        return o;
    if (!pg.payable) {
        snprintf(err, errlen, "nothing is owed on this account now");
        return LINK_REFUSED;
    }
    if (date < pg.today || date > pg.today + pg.max_promise_days) {
        snprintf(err, errlen, "the date must be from today to %d days ahead", pg.max_promise_days);
        return LINK_REFUSED;
    }
    char e[512];
    if (store_add_promise_from(db, now, pg.account_id, pg.agent_id, pg.balance_minor, pg.currency, date,
                               "self-service link", NULL, "self_service", e, sizeof e))
        return LINK_OK;
    if (strstr(e, "was recorded meanwhile")) { /* one promise stands already: not the debtor's to replace */
        snprintf(err, errlen, "a payment date is already arranged");
        return LINK_REFUSED;
    }
    snprintf(err, errlen, "%s", e);
    return -1;
}
