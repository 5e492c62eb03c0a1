# The metrics screen: m from the queue opens it in 80 columns; it follows a
# colleague's payment import and a call logged in another session within
# 2 s by itself (LISTEN/NOTIFY); a burst
# of 200 notices costs at most one refresh query a second (counted from
# PostgreSQL's own statement log); an agent sees no colleague's row.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_metrics
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00
sql "INSERT INTO dun.teams (name) VALUES ('north');
INSERT INTO dun.agents (login, display_name, role, team_id, monthly_target_minor, target_currency) VALUES
 ('boss', 'Boss', 'supervisor', 1, 0, 'JPY'),
 ('sato', 'Sato', 'agent', 1, 1000000, 'JPY'),
 ('smith', 'Smith', 'agent', 1, 500000, 'USD');
INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id) VALUES
 ('A1', 'Debtor One', 500000, 'JPY', 2), ('A2', 'Debtor Two', 90000, 'USD', 3);
INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id) VALUES
 (1, 'phone', 'out', '2026-11-27 10:00+09', 'conversation', 2),
 (2, 'phone', 'out', '2026-11-27 10:00+09', 'no_answer', 3);" >/dev/null

# --- a supervisor ----------------------------------------------------------------
start_dun 80 30 -- --agent boss
check "the queue opens" wait_for "Queue"
keys m
check "m opens the metrics screen" wait_for "Metrics | team north"
screen >"$TMP/s1"
contains "$TMP/s1" "RPC%" "the table's header"
contains "$TMP/s1" "smith" "smith's row"
contains "$TMP/s1" "TEAM" "the team's total"
contains "$TMP/s1" "Contacts by hour" "the chart below the table"
check "nothing wider than 80 columns" /usr/bin/python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
sys.exit(any(w(l) > 80 for l in open('$TMP/s1', encoding='utf-8').read().split(chr(10))))"

printf 'account_ref,amount,currency,paid_at,method,payment_id\nA1,"12,345",JPY,2026-11-27T11:00:00+09:00,bank,PAY-1\n' >"$TMP/pay.csv"
"$DUN" import payments "$TMP/pay.csv" >/dev/null || not_ok "a colleague imports a payment"
check "the screen shows the payment within 2 s, by itself" wait_for "¥12,345" 2
check "and the month's progress to target" wait_for "Month to date JPY" 2

# A colleague's call, logged from another session: smith's ATT goes 1 -> 2.
sql "UPDATE dun.accounts SET time_zones = '{Asia/Tokyo}' WHERE ref = 'A2';
     INSERT INTO dun.phones (account_id, number, kind) VALUES (2, '+819012345602', 'mobile')" >/dev/null
smith_att() { screen | awk '$1 == "smith" { print $2; exit }'; }
equal "$(smith_att)" 1 "smith has one attempt"
expect_rc 0 "smith logs a call in another session" \
    "$DUN" --agent smith log-contact A2 --channel phone --target +819012345602 --outcome conversation
check "the screen counts it within 2 s, by itself" \
    sh -c "for i in \$(seq 20); do [ \"\$(tmux -S '$SOCK' capture-pane -p -t t | awk '\$1 == \"smith\" { print \$2; exit }')\" = 2 ] && exit 0; sleep 0.1; done; exit 1"

# The reminders' effect: no section before `dun remind` assigned anyone;
# R (refresh) brings it in, verdict first.
screen >"$TMP/s2"
not_contains() { grep -qF "$2" "$1" && not_ok "$3" || ok "$3"; }
not_contains "$TMP/s2" "Pre-due reminders" "no reminders section while nothing is assigned"
sql "INSERT INTO dun.reminder_assignments (account_id, due_date, arm, stratum, template, tone, channel, blocked,
                                           holdout_pct, assigned_at)
     VALUES (1, '2026-11-20', 'treatment', 2, 'remind_casual', 'casual', 'sms', 'no_consent', 50, '2026-11-17 09:00+09'),
            (2, '2026-11-20', 'holdout', 2, 'remind_casual', 'casual', 'sms', NULL, 50, '2026-11-17 09:00+09')" >/dev/null
keys R
check "R: the reminders' effect over all cycles" wait_for "Pre-due reminders, all cycles: 1 reminded, 1 held out (R reloads)" 2
check "delinquency against the holdout, verdict first" wait_for "delinquent 100.0% reminded vs 100.0% held out: not enough data" 2
screen >"$TMP/s3"
check "still nothing wider than 80 columns" /usr/bin/python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
sys.exit(any(w(l) > 80 for l in open('$TMP/s3', encoding='utf-8').read().split(chr(10))))"

keys p
check "p: this week" wait_for "this week"
keys p
check "p again: month to date" wait_for "month to date (from 11-01)"
keys s
check "s sorts by the next column" wait_for "by ATT, high first"

keys m
check "m again goes back to the queue" wait_for "Queue"
keys q
wait_dead >/dev/null

# A burst: 200 notices about calls over about 2 s, each its own transaction,
# to a new session whose statements PostgreSQL logs.
log="$(dirname "$PG_CLUSTER_CONF_ROOT")/log/postgresql-15-regress.log"
sql "ALTER DATABASE $PGDATABASE SET log_statement = 'all'" >/dev/null
start_dun 80 30 -- --agent boss
wait_for "Queue" >/dev/null
keys m
wait_for "Metrics | team north" >/dev/null
sleep 1
before=$(grep -c "FROM dun.team_figures(" "$log")
start=$(date +%s)
i=0
{ while [ $i -lt 200 ]; do echo "SELECT pg_notify('dun', 'contact:$i'); SELECT pg_sleep(0.01);"; i=$((i + 1)); done; } |
    psql -X -q -o /dev/null
sleep 2
seconds=$(( $(date +%s) - start ))
after=$(grep -c "FROM dun.team_figures(" "$log")
refreshes=$((after - before))
check "200 notices refreshed the figures, at most once a second ($refreshes queries in ${seconds} s)" \
    sh -c "[ $refreshes -ge 1 ] && [ $refreshes -le $((seconds + 1)) ]"
sql "ALTER DATABASE $PGDATABASE RESET log_statement" >/dev/null
keys m; wait_for "Queue" >/dev/null; keys q
wait_dead >/dev/null

# --- an agent -------------------------------------------------------------------------
start_dun 80 30 -- --agent sato
check "an agent's queue opens" wait_for "A1"
keys m
check "an agent opens the metrics screen too" wait_for "Metrics | team north"
screen >"$TMP/s2"
contains "$TMP/s2" "sato" "their own row"
contains "$TMP/s2" "TEAM" "the team's total"
check "no colleague's row" sh -c "! grep -q 'smith\|boss' '$TMP/s2'"
keys a
check "a: an agent is told only an admin sees other teams" wait_for "only an admin sees other teams"
keys m; wait_for "A1" >/dev/null; keys q
wait_dead >/dev/null

# --- an admin sees every team, one at a time -------------------------------------------
sql "INSERT INTO dun.teams (name) VALUES ('south');
     INSERT INTO dun.agents (login, display_name, role, team_id) VALUES
      ('root', 'Root', 'admin', NULL), ('kim', 'Kim', 'agent', (SELECT id FROM dun.teams WHERE name = 'south'))" >/dev/null
start_dun 80 30 -- --agent root
check "an admin's queue opens" wait_for "Queue"
keys m
check "an admin in no team starts at the first team" wait_for "Metrics | team north"
keys a
check "a: the next team" wait_for "Metrics | team south"
check "with its agents" wait_for "kim"
keys a
check "a again: back to the first" wait_for "Metrics | team north"
keys m; wait_for "Queue" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
