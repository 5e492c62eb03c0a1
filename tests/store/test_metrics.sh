# dun metrics against a fixture whose figures were worked out by hand
# (docs/supervisor-guide.md has the definitions); who sees what (a
# supervisor their team, an admin any team, an agent their own row and the
# team's total only); usage errors exit 2; dun agent target. Everyone runs
# as their own login role, under row-level security.
. tests/lib.sh
fresh_db metrics
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00 # a Friday afternoon in Tokyo

sql "INSERT INTO dun.teams (name) VALUES ('north'), ('south');
INSERT INTO dun.agents (login, display_name, role, team_id, monthly_target_minor, target_currency) VALUES
 ('boss', 'Boss', 'supervisor', 1, 0, 'JPY'),
 ('sato', 'Sato', 'agent', 1, 1000000, 'JPY'),
 ('smith', 'Smith', 'agent', 1, 0, 'USD'),
 ('kim', 'Kim', 'supervisor', 2, 0, 'JPY'),
 ('lee', 'Lee', 'agent', 2, 0, 'JPY');
INSERT INTO dun.agents (login, display_name, role) VALUES ('root', 'Root', 'admin');
INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id) VALUES
 ('A1', 'Debtor One', 500000, 'JPY', 2), ('A2', 'Debtor Two', 90000, 'USD', 3), ('B1', 'Debtor Three', 1000, 'JPY', 5);" >/dev/null
agent_logins # each runs as their own login role (tests/as-agent)

# Sato's calls today (Tokyo): 10:00 conversation, 10:20 and 10:40 no answer,
# 11:00 refused; one inbound call and one SMS, which are not attempts.
sql "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id) VALUES
 (1, 'phone', 'out', '2026-11-27 10:00+09', 'conversation', 2),
 (1, 'phone', 'out', '2026-11-27 10:20+09', 'no_answer', 2),
 (1, 'phone', 'out', '2026-11-27 10:40+09', 'no_answer', 2),
 (1, 'phone', 'out', '2026-11-27 11:00+09', 'refused', 2),
 (1, 'phone', 'in', '2026-11-27 12:00+09', 'conversation', 2),
 (1, 'sms', 'out', '2026-11-27 12:05+09', 'sent', 2),
 (1, 'phone', 'out', '2026-11-26 10:00+09', 'conversation', 2);" >/dev/null
# Promises (grace: 1 day, no policy applies): one made today; a kept one due
# the 20th, a broken one due the 25th (deadline the 26th: judged), a pending
# one due the 26th (deadline today: not judged yet).
sql "INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date, status, created_at) VALUES
 (1, 2, 30000, 'JPY', '2026-11-30', 'pending', '2026-11-27 10:05+09'),
 (1, 2, 10000, 'JPY', '2026-11-20', 'kept', '2026-11-10 10:00+09'),
 (1, 2, 5000, 'JPY', '2026-11-25', 'broken', '2026-11-11 10:00+09'),
 (1, 2, 7000, 'JPY', '2026-11-26', 'pending', '2026-11-12 10:00+09');
INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, payment_id) VALUES
 (1, 250000, 'JPY', '2026-11-27 09:00+09', 'P1'), (2, 20000, 'USD', '2026-11-20 09:00+09', 'P2'),
 (1, 99999, 'JPY', '2026-10-31 09:00+09', 'P0');
-- Smith's messages today: one delivered, one in doubt (unknown), one with no
-- delivery report (no_report), one still
-- queued (not sent: not counted); a reply on his account.
INSERT INTO dun.outbox (account_id, agent_id, channel, target, body, state, release_at, next_attempt_at, sent_at) VALUES
 (2, 3, 'sms', '+12025550100', 'hi', 'delivered', now(), now(), '2026-11-27 10:00+09'),
 (2, 3, 'sms', '+12025550100', 'hi', 'unknown', now(), now(), '2026-11-27 10:30+09'),
 (2, 3, 'sms', '+12025550100', 'hi', 'no_report', now(), now(), '2026-11-27 10:45+09'),
 (2, 3, 'sms', '+12025550100', 'hi', 'queued', now(), now(), NULL);
INSERT INTO dun.inbound (account_id, channel, sender, body, received_at) VALUES
 (2, 'sms', '+12025550100', 'ok', '2026-11-27 11:00+09');
INSERT INTO dun.thanks (giver_id, receiver_id, body, created_at) VALUES (3, 2, 'thanks for the cover', '2026-11-27 12:00+09');" >/dev/null

# Every outcome the schema accepts is in core's table: one call of each on
# team south's account (an outcome the table lacks would fail the command).
sql "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id)
 SELECT 3, 'phone', 'out', '2026-11-27 09:00+09', o, 5
   FROM regexp_matches((SELECT pg_get_constraintdef(oid) FROM pg_constraint
                        WHERE conrelid = 'dun.contacts'::regclass AND conname LIKE '%outcome%'), '''([a-z_]+)''', 'g') AS m(a),
        LATERAL (SELECT a[1] AS o) x" >/dev/null
equal "$(sql "SELECT count(*) >= 13 FROM dun.contacts WHERE account_id = 3")" "t" "the fixture has a call of every outcome"

# jq-less JSON reading: python3 prints one value.
js() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$TMP/out')); print($1)"; }

# --- a supervisor: the whole team ------------------------------------------------
expect_rc 0 "a supervisor's metrics --json (today)" tests/as-agent --agent boss metrics --json
equal "$(js "' '.join(a['login'] for a in d['agents'])")" "boss sato smith" "one row per agent of the team, by login"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['attempts']")" 4 "sato: 4 attempts today (inbound and SMS are not)"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['connects']")" 2 "sato: 2 connects (conversation, refused)"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['rpc']")" 2 "sato: 2 right-party contacts"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['rpc_rate']")" 0.5 "RPC rate 2/4"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['promises']")" 1 "one promise made today"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['ptp_rate']")" 0.5 "PTP rate 1/2"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['kept_rate']")" None "no promise was judged today: no kept rate"
equal "$(js "[a for a in d['agents'] if a['login']=='smith'][0]['rpc_rate']")" None "smith made no call: no RPC rate, not 0"
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['thanks_received']")" 1 "thanks received"
equal "$(js "[(a['messages_sent'], a['messages_delivered'], a['messages_no_report'], a['replies']) for a in d['agents'] if a['login']=='smith'][0]")" \
    "(3, 1, 1, 1)" "messages: sent (delivered, in doubt or without a report), delivered, no delivery report, replies"
equal "$(js "[a for a in d['agents'] if a['login']=='smith'][0]['thanks_given']")" 1 "thanks given"
equal "$(js "d['total']['attempts']")" 4 "the team total"
equal "$(js "[(h['hour'], h['attempts'], h['rpc']) for h in d['total']['hours']]")" "[(10, 3, 1), (11, 1, 1)]" \
    "contacts by hour in the agent's zone (Tokyo)"
equal "$(js "[(m['collected_minor'], m['collected_mtd_minor']) for m in d['total']['money'] if m['currency']=='USD'][0]")" \
    "(0, 20000)" "today nothing in dollars; month to date the 20th's payment"
equal "$(js "d['first_day'] + ' ' + d['from']")" "2026-11-27 2026-11-26T15:00:00Z" "today starts at midnight in the viewer's zone"

expect_rc 0 "month to date" tests/as-agent --agent boss metrics --json --period month
equal "$(js "[a for a in d['agents'] if a['login']=='sato'][0]['attempts']")" 5 "five calls this month"
equal "$(js "[(a['kept_due'], a['kept']) for a in d['agents'] if a['login']=='sato'][0]")" "(2, 1)" \
    "kept rate: the promises whose deadline passed (the 21st, the 26th), not the one due today"
equal "$(js "[m['kept_amount_rate'] for m in d['agents'][1]['money']][0]")" 0.6667 "amount-weighted: 10,000 of 15,000"
equal "$(js "sorted((m['currency'], m['collected_minor'], m['target_minor']) for m in d['total']['money'])")" \
    "[('JPY', 250000, 1000000), ('USD', 20000, 0)]" "the total keeps yen and dollars apart (October's payment is not in)"

expect_rc 0 "a date range" tests/as-agent --agent boss metrics --json --from 2026-11-26 --to 2026-11-26
equal "$(js "d['total']['attempts']")" 1 "only the 26th's call"

expect_rc 0 "--csv" tests/as-agent --agent boss metrics --csv --period month
equal "$(head -1 "$TMP/out" | cut -d, -f1-3)" "row,login,attempts" "a header"
equal "$(grep -c '^total,' "$TMP/out")" 2 "the total: one line per currency"
expect_rc 0 "text" tests/as-agent --agent boss metrics --period month
contains "$TMP/out" "TEAM TOTAL" "the text table has the team's total"
contains "$TMP/out" "¥250,000" "money formatted in its currency"

# --- an agent: their own row and the total, nobody else's ------------------------------
expect_rc 0 "an agent's metrics" tests/as-agent --agent sato metrics --json
equal "$(js "' '.join(a['login'] for a in d['agents'])")" "sato" "an agent sees only their own row"
equal "$(js "d['total']['attempts']")" 4 "and the team's total"
expect_rc 0 "an agent's CSV" tests/as-agent --agent sato metrics --csv
equal "$(grep -c '^agent,' "$TMP/out")" 1 "one agent line in the CSV"
check "no other agent's login in it" sh -c "! grep -q 'smith\|boss' '$TMP/out'"
expect_rc 2 "an agent asking for a colleague's row" tests/as-agent --agent sato metrics --agent smith
contains "$TMP/err" "may see their own figures and the team's total only" "says why"
expect_rc 2 "an agent asking for another team" tests/as-agent --agent sato metrics --team south
expect_rc 0 "--agent LOGIN for a supervisor" tests/as-agent --agent boss metrics --json --agent smith
equal "$(js "' '.join(a['login'] for a in d['agents'])")" "smith" "keeps that agent's row"

# --- teams -----------------------------------------------------------------------------
expect_rc 2 "a supervisor naming another team" tests/as-agent --agent boss metrics --team south
contains "$TMP/err" "may see the figures of team north only" "says whose figures they may see"
expect_rc 2 "an admin in no team must name one" tests/as-agent --agent root metrics
contains "$TMP/err" "in no team: name one with --team" "says so"
expect_rc 0 "an admin sees any team" tests/as-agent --agent root metrics --json --team south
equal "$(js "d['total']['attempts']")" "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = 3")" \
    "every outcome counted without error (south's calls)"
expect_rc 2 "an unknown team" tests/as-agent --agent root metrics --team nosuch
contains "$TMP/err" 'no team named "nosuch"' "names it"
expect_rc 2 "an unknown agent" tests/as-agent --agent boss metrics --agent nobody
contains "$TMP/err" "no active agent nobody in team north" "names it"

# --- bad periods -------------------------------------------------------------------------
expect_rc 2 "--period year" tests/as-agent --agent boss metrics --period year
equal "$(head -1 "$TMP/err")" 'dun: --period takes today, week or month, not "year"' "says what --period takes"
expect_rc 2 "--from without --to" tests/as-agent --agent boss metrics --from 2026-11-01
contains "$TMP/err" "--from needs --to too" "says so"
expect_rc 2 "--to before --from" tests/as-agent --agent boss metrics --from 2026-11-20 --to 2026-11-10
contains "$TMP/err" "ends before it starts" "says so"
expect_rc 2 "a date that is not one" tests/as-agent --agent boss metrics --from 2026-11-31 --to 2026-12-01
contains "$TMP/err" '"2026-11-31" is not a date' "names it"
expect_rc 2 "a period in the future" tests/as-agent --agent boss metrics --from 2026-12-01 --to 2026-12-02
expect_rc 2 "--period and --from together" tests/as-agent --agent boss metrics --period week --from 2026-11-01 --to 2026-11-02
expect_rc 2 "--json and --csv together" tests/as-agent --agent boss metrics --json --csv

# --- dun agent target ----------------------------------------------------------------------
expect_rc 0 "a supervisor sets a target on their team" tests/as-agent --agent boss agent target smith 5,000.00 --currency USD
contains "$TMP/out" "smith's monthly target is now \$5,000.00" "says what it is now"
equal "$(sql "SELECT monthly_target_minor || ' ' || target_currency FROM dun.agents WHERE login = 'smith'")" \
    "500000 USD" "stored in minor units with its currency"
expect_rc 0 "the currency defaults to the agent's" tests/as-agent --agent root agent target sato ¥1,200,000
equal "$(sql "SELECT monthly_target_minor || ' ' || target_currency FROM dun.agents WHERE login = 'sato'")" \
    "1200000 JPY" "an admin may set anyone's"
expect_rc 2 "an agent may not" tests/as-agent --agent sato agent target sato 9999999
contains "$TMP/err" "only a supervisor of team north or an admin may" "says who may"
expect_rc 2 "nor another team's supervisor" tests/as-agent --agent kim agent target sato 1
expect_rc 2 "an unknown login" tests/as-agent --agent boss agent target nobody 100
contains "$TMP/err" 'no active agent with login "nobody"' "names it"
expect_rc 2 "a bad amount" tests/as-agent --agent boss agent target smith 12.345
contains "$TMP/err" 'the target "12.345"' "names it"
expect_rc 2 "a bad currency" tests/as-agent --agent boss agent target smith 10 --currency XXX
expect_rc 2 "a missing amount" tests/as-agent --agent boss agent target smith
equal "$(sql "SELECT monthly_target_minor FROM dun.agents WHERE login = 'smith'")" 500000 "nothing changed by the refusals"
expect_rc 0 "the target shows in the metrics" tests/as-agent --agent boss metrics --json --period month
equal "$(js "sorted((m['currency'], m['target_minor'], m['target_rate']) for m in d['total']['money'])")" \
    "[('JPY', 1200000, 0.2083), ('USD', 500000, 0.04)]" "per currency: collected over target"

finish
