/* Inbound messages: matching, recording, opt-outs. See inbound_store.h. */
#include "core/db/inbound_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db/db.h"
#include "core/inbound.h"
#include "core/strbuf.h"

static void num(char *buf, size_t n, long long v) { snprintf(buf, n, "%lld", v); }

/* The accounts the sender can be, locked, one row per (account, point),
 * ordered by account id (a fixed lock order). NULL on error. */
static PGresult *find_accounts(struct db *db, enum channel ch, const char *from, bool *guessed, char *err,
                               size_t errlen)
{
    if (ch == CH_EMAIL) {
        const char *p[] = {from};
        return db_query(db,
            "SELECT a.id, a.ref, e.address FROM dun.emails e JOIN dun.accounts a ON a.id = e.account_id"
            " WHERE lower(e.address) = lower($1) ORDER BY a.id, e.id FOR UPDATE OF a", 1, p, err, errlen);
    }
    struct inbound_numbers nums;
    inbound_sender_numbers(from, &nums); /* no number at all: nothing matches */
    *guessed = nums.n > 1;
    struct strbuf list = {0};
    sb_puts(&list, "{");
    for (int i = 0; i < nums.n; i++)
        sb_printf(&list, "%s%s", i ? "," : "", nums.e164[i]); /* '+' and digits only */
    sb_puts(&list, "}");
    const char *p[] = {sb_cstr(&list)};
    PGresult *r = list.failed ? NULL
        : db_query(db,
            "SELECT a.id, a.ref, p.number FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id"
            " WHERE p.number = ANY ($1::text[]) ORDER BY a.id, p.number FOR UPDATE OF a", 1, p, err, errlen);
    if (list.failed)
        snprintf(err, errlen, "out of memory");
    sb_free(&list);
    return r;
}

/* The distinct accounts in r (rows are ordered by account) as a Postgres
 * array literal, and how many. */
static int account_ids(PGresult *r, struct strbuf *ids)
{
    int n = 0;
    sb_puts(ids, "{");
    for (int i = 0; i < PQntuples(r); i++)
        if (i == 0 || strcmp(PQgetvalue(r, i, 0), PQgetvalue(r, i - 1, 0)) != 0)
            sb_printf(ids, "%s%s", n++ ? "," : "", PQgetvalue(r, i, 0));
    sb_puts(ids, "}");
    return n;
}

/* Set the channel's opt-out on one account; *newly when it was not set. */
static bool opt_out_account(struct db *db, const char *acc, enum channel ch, const char *value, const char *at,
                            bool *newly, char *err, size_t errlen)
{
    const char *f[] = {acc, at, ch == CH_SMS ? "sms_opt_out" : "email_opt_out", value};
    PGresult *u = db_query(db, ch == CH_SMS
        ? "UPDATE dun.accounts SET sms_opt_out = true, updated_at = now() WHERE id = $1 AND NOT sms_opt_out RETURNING id"
        : "UPDATE dun.accounts SET email_opt_out = true, updated_at = now() WHERE id = $1 AND NOT email_opt_out RETURNING id",
        1, f, err, errlen);
    if (!u)
        return false;
    *newly = PQntuples(u) == 1;
    PQclear(u);
    return !*newly ||
           db_exec(db, "INSERT INTO dun.flag_changes (account_id, flag, value, at) VALUES ($1, $3, $4, to_timestamp($2))",
                   4, f, err, errlen);
}

/* Inside the transaction: r holds the matched accounts (n of them, ids as
 * an array literal). Insert the message, its contact row when it has one
 * account, and the opt-outs. */
static bool record(struct db *db, enum channel ch, const char *from, const char *to, const char *text, PGresult *r,
                   int n, const char *ids, const char *at, struct inbound_result *res, char *err, size_t errlen)
{
    const char *acc = n == 1 ? PQgetvalue(r, 0, 0) : NULL;
    const char *q[] = {acc, channel_name(ch), from, to ? to : "", text, res->opt_out ? "t" : "f", at,
                       n > 1 ? ids : "{}"};
    PGresult *ins = db_query(db,
        "INSERT INTO dun.inbound (account_id, channel, sender, recipient, body, opt_out, received_at, candidates)"
        " VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7), $8) RETURNING id", 8, q, err, errlen);
    if (!ins)
        return false;
    res->id = strtoll(PQgetvalue(ins, 0, 0), NULL, 10);
    PQclear(ins);
    if (acc) {
        const char *c[] = {acc, channel_name(ch), at, res->number, text};
        if (!db_exec(db, "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note)"
                         " VALUES ($1, $2, 'in', to_timestamp($3), 'delivered', $4, left($5, 200))", 5, c, err, errlen))
            return false;
    }
    char value[64];
    snprintf(value, sizeof value, n > 1 ? "true (a stop from a number on %d accounts)" : "true", n);
    for (int i = 0; res->opt_out && i < PQntuples(r); i++) {
        if (i > 0 && strcmp(PQgetvalue(r, i, 0), PQgetvalue(r, i - 1, 0)) == 0)
            continue;
        bool newly;
        if (!opt_out_account(db, PQgetvalue(r, i, 0), ch, value, at, &newly, err, errlen))
            return false;
        res->opted_out += newly;
        /* several: the reply is on none of them, but each screen shows its new flag */
        if (newly && n > 1 && !db_notify(db, "account", strtoll(PQgetvalue(r, i, 0), NULL, 10), err, errlen))
            return false;
    }
    return acc ? db_notify(db, "inbound", strtoll(acc, NULL, 10), err, errlen)
               : db_notify(db, "review", res->id, err, errlen);
}

bool inbound_record(struct db *db, enum channel ch, const char *from, const char *to, const char *text,
                    const char *keywords, dun_time now, struct inbound_result *res, char *err, size_t errlen)
{
    char at[32];
    num(at, sizeof at, now);
    memset(res, 0, sizeof *res);
    res->opt_out = inbound_is_opt_out(text, keywords);
    if (!db_exec(db, "BEGIN", 0, NULL, err, errlen))
        return false;
    PGresult *r = find_accounts(db, ch, from, &res->guessed, err, errlen);
    struct strbuf ids = {0};
    int n = r ? account_ids(r, &ids) : 0;
    res->accounts = n;
    res->match = n == 1 ? INBOUND_ONE : n == 0 ? INBOUND_NONE : INBOUND_SEVERAL;
    if (n == 1) {
        snprintf(res->ref, sizeof res->ref, "%s", PQgetvalue(r, 0, 1));
        snprintf(res->number, sizeof res->number, "%s", PQgetvalue(r, 0, 2));
    }
    bool ok = r && !ids.failed && record(db, ch, from, to, text, r, n, sb_cstr(&ids), at, res, err, errlen);
    if (r && ids.failed)
        snprintf(err, errlen, "out of memory");
    PQclear(r);
    sb_free(&ids);
    if (!ok || !db_commit(db, err, errlen)) {
        char e[64];
        db_exec(db, "ROLLBACK", 0, NULL, e, sizeof e);
        return false;
    }
    return true;
}
