/* The demo's reminder history (demo_generate calls it after the book is
 * written): two past due cycles, 7 and 14 days ago in each debtor's
 * calendar, of pre-due reminders to up to DEMO_REMINDED demo accounts that
 * were late twice or more and consented to SMS: a tenth held out, the rest
 * texted three days before their due date (delivered), some links opened,
 * and payments on the due date or the day after that come a little more
 * often after a reminder. So the metrics screen and `dun metrics
 * --reminders` have an effect to show from the first `make run`. Arms,
 * clicks and payments are drawn from the ref's number: the same seed gives
 * the same history. */
#include "core/db/demo.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/db/db.h"

enum { DEMO_REMINDED = 2000 };

/* One statement: the accounts and arms, then each treatment's contact and
 * delivered message, a third of the links opened, the assignments, and the
 * payments (85% of the reminded, 75% of the held out, by a hash). */
static const char history_sql[] =
    "WITH pick AS ("
    "  SELECT a.id, substr(a.ref, 6) AS num, substr(a.ref, 6)::bigint AS k, a.language, a.time_zones[1] AS tz, least(a.prior_delinquencies, 5) AS stratum,"
    "         greatest(least(a.balance_minor / 10, 5000000), 100) AS amount, a.currency,"
    "         (SELECT p.number FROM dun.phones p WHERE p.account_id = a.id AND p.kind = 'mobile' AND NOT p.bad"
    "           ORDER BY p.id LIMIT 1) AS number"
    "    FROM dun.accounts a"
    "   WHERE a.ref ~ '" DEMO_REF_PATTERN "' AND a.prior_delinquencies >= 2 AND a.sms_consent AND NOT a.sms_opt_out"
    "     AND NOT (a.cease OR a.attorney OR a.dispute OR a.bankruptcy OR a.deceased)"
    "   ORDER BY a.ref LIMIT $2),"
    " arm AS ("
    "  SELECT pick.*, c.n, (to_timestamp($1) AT TIME ZONE tz)::date - 7 * c.n AS due,"
    "         CASE WHEN (pick.k * 31 + c.n) % 10 = 0 THEN 'holdout' ELSE 'treatment' END AS arm,"
    "         ((to_timestamp($1) AT TIME ZONE tz)::date - 7 * c.n - 3 + time '10:00') AT TIME ZONE tz AS sent"
    "    FROM pick, (VALUES (1), (2)) AS c(n) WHERE pick.number IS NOT NULL),"
    " c AS (INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note, created_at)"
    "       SELECT id, 'sms', 'out', sent, 'queued', number, 'remind_casual', sent FROM arm WHERE arm = 'treatment'"
    "       RETURNING id, account_id, at),"
    " o AS (INSERT INTO dun.outbox (account_id, contact_id, channel, template, target, body, state, provider,"
    "                               release_at, next_attempt_at, created_at, updated_at, sent_at, final_at)"
    "       SELECT c.account_id, c.id, 'sms', 'remind_casual', arm.number,"
    "              CASE WHEN arm.language = 'ja'"
    "                   THEN to_char(arm.due, 'FMMM\"月\"FMDD\"日\"') || 'はお支払日です。いつもありがとうございます。'"
    "                   ELSE 'Just a heads-up: your payment is due on ' || to_char(arm.due, 'Mon FMDD') || '. Thanks!'"
    "              END, 'delivered', 'demo', c.at, c.at, c.at, c.at, c.at, c.at + interval '1 minute'"
    "         FROM c JOIN arm ON arm.id = c.account_id AND arm.sent = c.at AND arm.arm = 'treatment'"
    "       RETURNING id, account_id, created_at),"
    " ok AS (SELECT o.*, arm.k FROM o JOIN arm ON arm.id = o.account_id AND arm.sent = o.created_at),"
    " l AS (INSERT INTO dun.links (token, outbox_id, account_id, created_at, expires_at, first_click_at, clicks)"
    "       SELECT replace(gen_random_uuid()::text, '-', ''), ok.id, ok.account_id, ok.created_at,"
    "              ok.created_at + interval '14 days',"
    "              CASE WHEN ok.k % 3 = 0 THEN ok.created_at + interval '2 hours' END, CASE WHEN ok.k % 3 = 0 THEN 1 ELSE 0 END"
    "         FROM ok),"
    " r AS (INSERT INTO dun.reminder_assignments (account_id, due_date, arm, stratum, template, tone, channel,"
    "                                             message_id, holdout_pct, assigned_at)"
    "       SELECT arm.id, arm.due, arm.arm, arm.stratum, 'remind_casual', 'casual', 'sms', o.id, 10, arm.sent"
    "         FROM arm LEFT JOIN o ON o.account_id = arm.id AND o.created_at = arm.sent),"
    " pay AS (INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, method, payment_id, created_at)"
    "         SELECT id, amount, currency, (due + (k % 2)::int + time '12:00') AT TIME ZONE tz, 'bank_transfer',"
    "                'DEMO-REMIND-' || num || '-' || n, (due + (k % 2)::int + time '12:00') AT TIME ZONE tz"
    "           FROM arm WHERE (k * 7919 + n * 104729) % 100 < CASE WHEN arm = 'treatment' THEN 85 ELSE 75 END"
    "         RETURNING 1)"
    " SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM pay)";

bool demo_reminders(struct db *db, dun_time now, long *messages, long *payments, char *err, size_t errlen)
{
    char at[32], limit[16];
    snprintf(at, sizeof at, "%lld", (long long)now);
    snprintf(limit, sizeof limit, "%d", DEMO_REMINDED);
    const char *p[] = {at, limit};
    PGresult *r = db_query(db, history_sql, 2, p, err, errlen);
    if (!r)
        return false;
    *messages = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    *payments = strtol(PQgetvalue(r, 0, 1), NULL, 10);
    PQclear(r);
    return true;
}
