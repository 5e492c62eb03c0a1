# Nudges, whom to thank: a supervisor sees one for a promise kept today,
# t opens the thanks form filled in (colleague, account, words), saving
# records the thanks and the nudge leaves; a dismissed one does not come
# back after reopening; Enter on an agent's row opens their day read-only,
# the thanks suggestion above the problem (thank before correcting).
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_nudges
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00
sql "INSERT INTO dun.teams (name) VALUES ('north');
INSERT INTO dun.agents (login, display_name, role, team_id, language, created_at) VALUES
 ('boss', 'Boss', 'supervisor', 1, 'en', '2026-11-01'),
 ('kato', '加藤', 'agent', 1, 'ja', '2026-11-01'),
 ('sato', '佐藤', 'agent', 1, 'ja', '2026-11-25'),
 ('smith', 'Smith', 'agent', 1, 'en', '2026-11-25');
INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id) VALUES
 ('A1', 'Debtor One', 500000, 'JPY', 3), ('A2', 'Debtor Two', 90000, 'JPY', 4);
INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date, status, created_at, settled_at) VALUES
 (1, 3, 12345, 'JPY', '2026-11-27', 'kept', '2026-11-20 10:00+09', '2026-11-27 11:00+09'),
 (2, 4, 5000, 'JPY', '2026-11-25', 'broken', '2026-11-20 10:00+09', '2026-11-27 09:00+09');
INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id) VALUES
 (2, 'phone', 'out', '2026-11-27 12:00+09', 'refused', 4);" >/dev/null

start_dun 120 45 -- --agent boss
check "the queue opens" wait_for "Queue"
keys m
check "the metrics screen shows whom to thank" wait_for "Whom to thank (3)"
check "a promise kept today, by whom" wait_for "佐藤's promise on A1 was kept today (¥12,345)"
check "a hard call handled today" wait_for "Smith handled a hard call on A2 today (refused)"
check "a colleague nobody has thanked" wait_for "nobody has thanked 加藤 yet (26 days in the team)"
check "the words, in the receiver's language" wait_for "ありがとうございます、佐藤さんの約束、今日入金がありました（A1、¥12,345）"
equal "$(sql "SELECT count(*) FROM dun.thanks")" 0 "nothing is sent by showing"

# Newest first: Smith's call (12:00), then 佐藤's promise (11:00).
keys Tab x
check "x dismisses" wait_for "dismissed: this suggestion will not come back"
check "the dismissed one leaves" wait_gone "Smith handled a hard call"
keys t
check "t opens the thanks form" wait_for "Thank a colleague"
check "filled in: whom" wait_for "to 佐藤 (sato)"
check "filled in: the account" wait_for "tied to A1"
check "filled in: the words" wait_for "今日入金がありました（A1、¥12,345）"
equal "$(sql "SELECT count(*) FROM dun.thanks")" 0 "nothing is sent before the form is saved"
keys C-d
check "saving records the thanks" wait_for "thanks recorded for 佐藤 (sato) on A1" 5
equal "$(sql "SELECT r.login || ' ' || a.ref || ' ' || t.body FROM dun.thanks t JOIN dun.agents r ON r.id = t.receiver_id
              JOIN dun.accounts a ON a.id = t.account_id")" \
    "sato A1 ありがとうございます、佐藤さんの約束、今日入金がありました（A1、¥12,345）。" "dun.thanks has it, tied to A1"
check "the nudge leaves once thanked" wait_gone "promise on A1 was kept"
check "the one nobody thanked stays" wait_for "nobody has thanked 加藤"

# Reopened: the dismissed nudge does not come back.
keys m
wait_for "Queue" >/dev/null
keys m
check "the metrics again" wait_for "Whom to thank (1)"
screen | grep -q "Smith handled a hard call" && not_ok "a dismissed nudge does not come back" \
    || ok "a dismissed nudge does not come back"

# Drill-down: Smith's day has a broken promise; thanks come first. The
# agents' rows are by login: boss, kato, sato, smith.
keys G k
keys Enter
check "Enter opens the agent's day" wait_for "Day of smith"
screen >"$TMP/day"
contains "$TMP/day" "read-only" "said to be read-only"
contains "$TMP/day" "thank Smith first, before what is below (1 call today)" "a thanks suggestion"
contains "$TMP/day" "Thanks for your calls today, Smith (1 so far)." "with its words"
contains "$TMP/day" "a promise on A2 broke today" "the problem"
thanks_line=$(grep -n "Thank first" "$TMP/day" | cut -d: -f1)
problem_line=$(grep -n "a promise on A2 broke today" "$TMP/day" | cut -d: -f1)
check "the thanks suggestion above the problem (line $thanks_line < $problem_line)" \
    sh -c "[ -n '$thanks_line' ] && [ -n '$problem_line' ] && [ $thanks_line -lt $problem_line ]"
contains "$TMP/day" "A2  refused" "today's activity: the call"
contains "$TMP/day" "Queue, in the agent's order (1 accounts; read-only)" "their queue"
keys Enter
check "Enter does nothing that writes" wait_for "read-only: this is smith's day"
keys q
check "back to the metrics" wait_for "Whom to thank (1)"
keys m q
wait_dead >/dev/null

# An agent drills into their own row only (it is the one row they see).
start_dun 120 45 -- --agent sato
check "an agent's queue" wait_for "A1"
keys m
check "an agent sees the nudges about colleagues" wait_for "nobody has thanked 加藤"
screen | grep -q "佐藤's promise" && not_ok "no nudge about oneself" || ok "no nudge about oneself"
keys Enter
check "an agent opens their own day" wait_for "Day of sato"
keys q m q
wait_dead >/dev/null

# U is recorded: a call smith logs while U is on is an upset customer's,
# and their supervisor is nudged to thank them for it.
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
U-1,Upset Person,JPY,50000,en,Asia/Tokyo,+819012349902,true,smith,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "an account for smith"
start_dun 120 45 -- --agent smith
check "smith's queue" wait_for "U-1"
open_account U-1 >/dev/null
keys U
sleep 0.3
keys c
check "the call is logged" wait_for "recorded: conversation" 5
equal "$(sql "SELECT outcome || ' ' || upset FROM dun.contacts c JOIN dun.accounts a ON a.id = c.account_id
              WHERE a.ref = 'U-1'")" "conversation true" "logged while U was on: recorded upset"
keys q q
wait_dead >/dev/null
# Later than smith's call: each session's clock starts again at DUN_NOW.
start_dun 120 45 DUN_NOW=2026-11-27T14:05:00+09:00 -- --agent boss
wait_for "Queue" >/dev/null
keys m
check "the supervisor is nudged for the upset customer" \
    wait_for "Smith handled a hard call on U-1 today (conversation, upset customer)"
check "with words for it" wait_for "Thanks for listening calmly to an upset customer on U-1 today, Smith."
keys m q
wait_dead >/dev/null
stop_tmux
finish
