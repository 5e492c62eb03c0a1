/* What needs a supervisor. See review_store.h. */
#include "core/db/review_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/inbound.h"
#include "core/validate.h"

static const char review_sql[] =
    "SELECT kind, id, ref, name, channel, party, body, why, at, opt_out, accounts, account_id, subject FROM ("
    " SELECT CASE WHEN o.state = 'unknown' THEN 1 ELSE 0 END AS kind, o.id, a.ref, a.debtor_name AS name,"
    "        o.channel, o.target AS party, o.body, left(o.last_error, 590) AS why,"
    "        extract(epoch FROM o.updated_at)::bigint AS at, false AS opt_out, 1 AS accounts, o.account_id,"
    "        left(o.subject, 500) AS subject"
    "   FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id"
    "  WHERE o.reviewed_at IS NULL"
    "    AND (o.state = 'unknown' OR (o.state = 'failed' AND o.sent_at IS NULL AND o.resent_as IS NULL))"
    " UNION ALL"
    " SELECT CASE WHEN cardinality(i.candidates) > 1 THEN 3 ELSE 2 END, i.id, '', '', i.channel, i.sender,"
    "        i.body,"
    "        CASE WHEN cardinality(i.candidates) > 1 THEN left((SELECT string_agg(ref, ', ' ORDER BY id)"
    "             FROM dun.accounts WHERE id = ANY (i.candidates)), 590) ELSE '' END,"
    "        extract(epoch FROM i.received_at)::bigint, i.opt_out, cardinality(i.candidates), 0, ''"
    "   FROM dun.inbound i WHERE i.account_id IS NULL AND i.reviewed_at IS NULL"
    ") r ORDER BY at DESC, kind, id DESC LIMIT $1";

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void fill(PGresult *r, int i, struct review_item *it)
{
    it->kind = (enum review_kind)atoi(PQgetvalue(r, i, 0));
    it->id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
    copy(it->ref, sizeof it->ref, PQgetvalue(r, i, 2));
    copy(it->name, sizeof it->name, PQgetvalue(r, i, 3));
    copy(it->channel, sizeof it->channel, PQgetvalue(r, i, 4));
    copy(it->party, sizeof it->party, PQgetvalue(r, i, 5));
    copy(it->body, sizeof it->body, PQgetvalue(r, i, 6));
    copy(it->why, sizeof it->why, PQgetvalue(r, i, 7));
    it->at = strtoll(PQgetvalue(r, i, 8), NULL, 10);
    it->opt_out = PQgetvalue(r, i, 9)[0] == 't';
    it->accounts = atoi(PQgetvalue(r, i, 10));
    it->account_id = strtoll(PQgetvalue(r, i, 11), NULL, 10);
    copy(it->subject, sizeof it->subject, PQgetvalue(r, i, 12));
}

bool review_load(struct db *db, size_t limit, struct review_item **out, size_t *n, char *err, size_t errlen)
{
    char lim[32];
    snprintf(lim, sizeof lim, "%zu", limit);
    const char *p[] = {lim};
    *out = NULL;
    *n = 0;
    PGresult *r = db_query(db, review_sql, 1, p, err, errlen);
    if (!r)
        return false;
    int rows = PQntuples(r);
    struct review_item *items = calloc(rows > 0 ? (size_t)rows : 1, sizeof *items);
    if (!items) {
        PQclear(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < rows; i++)
        fill(r, i, &items[i]);
    PQclear(r);
    *out = items;
    *n = (size_t)rows;
    return true;
}

void review_describe(const struct review_item *it, char *out, size_t n)
{
    char who[64], text[80];
    const char *what = strcmp(it->channel, "email") == 0 ? "an email" : "an SMS";
    inbound_sender_mask(it->party, who, sizeof who); /* an SMSC may have dropped the + */
    size_t len = strlen(it->body), most = 60; /* a glimpse, cut between characters: the list shows the rest */
    if (len > most) {
        len = most;
        while (len > 0 && ((unsigned char)it->body[len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(text, sizeof text, "%.*s%s", (int)len, it->body, it->body[len] ? "..." : "");
    for (char *c = text; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' ';
    switch (it->kind) {
    case REVIEW_NOT_SENT:
        snprintf(out, n, "%s to %s did not go out (%s)", what, it->ref, it->why);
        break;
    case REVIEW_IN_DOUBT:
        snprintf(out, n, "%s to %s may have been delivered (no answer came for it): it counts as sent", what,
                 it->ref);
        break;
    case REVIEW_NO_ACCOUNT:
        snprintf(out, n, "%s from %s matched no account: \"%s\"%s", what, who, text,
                 it->opt_out ? " (an opt-out: nobody could be opted out)" : "");
        break;
    case REVIEW_SEVERAL:
        snprintf(out, n, "%s from %s is on %d accounts (%s): \"%s\"%s", what, who, it->accounts, it->why, text,
                 it->opt_out ? " (an opt-out: each of them is opted out)" : "");
        break;
    }
}

int review_headline(struct db *db, int64_t inbound_id, int *count, char *text, size_t n, char *err, size_t errlen)
{
    *count = 0;
    text[0] = '\0';
    PGresult *r = db_query(db,
        "SELECT (SELECT count(*) FROM dun.outbox WHERE reviewed_at IS NULL AND (state = 'unknown'"
        "           OR (state = 'failed' AND sent_at IS NULL AND resent_as IS NULL)))"
        "     + (SELECT count(*) FROM dun.inbound WHERE account_id IS NULL AND reviewed_at IS NULL)",
        0, NULL, err, errlen);
    if (!r)
        return -1;
    *count = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (*count == 0)
        return 0;
    struct review_item *items;
    size_t k, pick = 0;
    if (!review_load(db, 50, &items, &k, err, errlen)) /* the one asked about is among the newest */
        return -1;
    for (size_t i = 0; inbound_id > 0 && i < k; i++)
        if ((items[i].kind == REVIEW_NO_ACCOUNT || items[i].kind == REVIEW_SEVERAL) && items[i].id == inbound_id)
            pick = i;
    if (k > 0)
        review_describe(&items[pick], text, n);
    free(items);
    return 1;
}

bool review_dismiss(struct db *db, enum review_kind kind, int64_t id, int64_t agent_id, dun_time now, char *err,
                    size_t errlen)
{
    char i[32], ag[32], at[32];
    snprintf(i, sizeof i, "%lld", (long long)id);
    snprintf(ag, sizeof ag, "%lld", (long long)agent_id);
    snprintf(at, sizeof at, "%lld", (long long)now);
    const char *p[] = {i, ag, at};
    bool outbox = kind == REVIEW_NOT_SENT || kind == REVIEW_IN_DOUBT;
    PGresult *r = db_query(db, outbox
        ? "WITH up AS (UPDATE dun.outbox SET reviewed_at = to_timestamp($3), reviewed_by = $2"
          "             WHERE id = $1 AND reviewed_at IS NULL RETURNING id)"
          " INSERT INTO dun.outbox_events (outbox_id, state, detail, at)"
          " SELECT id, 'reviewed', 'taken off the review list by ' || (SELECT login FROM dun.agents WHERE id = $2),"
          "        to_timestamp($3) FROM up RETURNING outbox_id"
        : "UPDATE dun.inbound SET reviewed_at = to_timestamp($3), reviewed_by = $2"
          " WHERE id = $1 AND reviewed_at IS NULL RETURNING id",
        3, p, err, errlen);
    if (!r)
        return false;
    bool done = PQntuples(r) == 1;
    PQclear(r);
    if (!done)
        snprintf(err, errlen, "it is no longer on the list (another supervisor took it off, or it is gone)");
    return done;
}
