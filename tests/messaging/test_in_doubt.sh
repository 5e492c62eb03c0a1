# In-doubt deliveries (issue 10, item 3). dun serve is killed (SIGKILL)
# with two SMS in hand: A already handed to Kannel (it reached the phone),
# B claimed and waiting for its slot (it never left). On restart A is
# UNKNOWN ("may have been delivered"): it counts toward the SMS interval, so
# the Japanese debtor is not texted again 8 minutes later, and it is never
# sent again; B is failed, and a supervisor sends it again with one key from
# the review list, through the compliance check. The agent sees UNKNOWN on
# the history; a late delivery report still resolves A to delivered.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_in_doubt
# The supervisor of the agent's team (a supervisor acts on their team's accounts).
sql "INSERT INTO dun.teams (name) VALUES ('Tokyo');
     UPDATE dun.agents SET team_id = (SELECT id FROM dun.teams) WHERE login = 'demo';
     INSERT INTO dun.agents (login, display_name, role, team_id, time_zone)
     VALUES ('lead', 'Lena Lead', 'supervisor', (SELECT id FROM dun.teams), 'Asia/Tokyo')" >/dev/null
A=+819012340101 B=+819012340102
cat >"$TMP/acc.csv" <<CSV
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
DOUBT-A,疑問 一郎,JPY,50000,ja,Asia/Tokyo,$A,true,demo,2026-10-01
DOUBT-B,未送 二郎,JPY,60000,ja,Asia/Tokyo,$B,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
msg() { sql "SELECT $2 FROM dun.outbox WHERE account_id = $(acc "$1") ORDER BY id LIMIT 1"; }
send() { env DUN_NOW="$(now_iso)" tests/as-agent --agent demo send "$1" --channel sms; }

expect_rc 0 "an SMS to DOUBT-A is queued" send DOUBT-A
expect_rc 0 "an SMS to DOUBT-B is queued" send DOUBT-B
# Two messages a second, two at a time: A starts at once, B is claimed with
# it and waits half a second for its slot. A row lock on A's contact row
# holds the sender right after Kannel accepted A (recording A's result
# updates that row; Kannel answers well within the half second). Delivery
# reports go nowhere: this test resolves A by hand at the end.
start_locker a "SELECT 1 FROM dun.contacts WHERE id = $(msg DOUBT-A contact_id) FOR NO KEY UPDATE"
poll 5 locker_holds a
check "dun serve starts" start_serve DUN_SMS_RATE=2 DUN_SMS_CONNECTIONS=2 DUN_PUBLIC_URL=http://127.0.0.1:9
check "the sender is held after Kannel accepted A" poll 10 serve_blocked_by a 1
check "A reached the phone" poll 5 phone_has "$A"
wait_sql 5 "SELECT string_agg(a.ref || ' ' || o.state, ', ' ORDER BY a.ref) FROM dun.outbox o JOIN dun.accounts a ON a.id = o.account_id" \
    "DOUBT-A sending, DOUBT-B sending" "A and B are both in sending (B claimed, waiting for its slot)"
stop_serve KILL
equal "$SERVE_RC" 137 "dun serve is killed with SIGKILL"
end_locker a
check "the killed sender's sessions end" poll 10 sql_is "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dun-serve-$$'" 0

check "dun serve starts again" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9
wait_sql 5 "SELECT state FROM dun.outbox WHERE account_id = $(acc DOUBT-A)" unknown \
    "A, handed to Kannel before the kill, is unknown (it may have been delivered)"
equal "$(msg DOUBT-B state)" failed "B, never handed to Kannel, is failed (it never left)"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc DOUBT-A)")" \
    unknown "A's contact row says unknown"
check "the restart log says which is which" grep -q "1 message(s) a stopped sender had handed to the provider marked unknown" "$TMP/serve.log"
sleep 1.5
equal "$(phone_count "$A")|$(phone_count "$B")" "1|0" "the phone got A once and B never; neither is retried"
equal "$(msg DOUBT-A attempts)" 1 "A was attempted once"

# --- 8 minutes later: A's message counts toward the SMS interval --------------------
stop_serve
CLOCK_BASE=$((CLOCK_BASE + 480))
expect_rc 3 "8 minutes later dun send to DOUBT-A is refused" send DOUBT-A
contains "$TMP/err" "the last sms was 8m ago" "by the SMS interval (the unknown message counts as sent)"
check "dun serve starts 8 minutes later" start_serve DUN_PUBLIC_URL=http://127.0.0.1:9
sleep 1.5
equal "$(phone_count "$A")" 1 "the debtor is not texted twice"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc DOUBT-A)")" 1 "nothing more is queued for A"

# --- the agent's history ------------------------------------------------------------
start_tui
check "DOUBT-A opens" open_account DOUBT-A
check "its history shows UNKNOWN (may have been delivered)" wait_for "sms UNKNOWN (may have been delivered) to $A"
keys q; wait_for "PSEL" >/dev/null
keys A
check "an agent's A is refused: the review list is for supervisors" wait_for "review is for supervisors"
keys q; wait_dead >/dev/null

# --- the supervisor's review list -------------------------------------------------------
# An opt-out confirmation that failed the day before: it is never sent again.
sql "INSERT INTO dun.accounts (ref, debtor_name, currency, balance_minor, language, time_zones, assigned_agent_id)
     SELECT 'DOUBT-C', '確認 三郎', 'JPY', 1000, 'ja', '{Asia/Tokyo}', id FROM dun.agents WHERE login = 'demo';
     INSERT INTO dun.outbox (account_id, channel, template, target, subject, body, release_at, next_attempt_at,
                             created_at, updated_at, confirmation, state, last_error)
     SELECT id, 'sms', 'opt_out_confirmation_sms', '+819012340103', '', 'No more texts will be sent.',
            '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z', '2026-11-19T00:00:00Z',
            true, 'failed', 'Kannel answered 503: Sending failed'
       FROM dun.accounts WHERE ref = 'DOUBT-C'" >/dev/null
start_dun 160 40 DUN_NOW="$(now_iso)" -- --agent lead
remember_pid "$(tm display -p '#{pid}')"
check "the supervisor is told at once what needs review" wait_for "to review:"
keys A
check "the review list opens" wait_for "Review |"
screen >"$TMP/review1"
contains "$TMP/review1" "NOT SENT" "B is listed as not sent"
contains "$TMP/review1" "UNKNOWN" "A is listed as unknown"
contains "$TMP/review1" "DOUBT-B" "with its account"
contains "$TMP/review1" "DOUBT-C" "and the failed confirmation"
keys j s
check "s on A (unknown) is refused: it may have been delivered" wait_for "not sent again: it may have been delivered"
keys j s
check "s on a failed opt-out confirmation is refused" wait_for "confirmed an opt-out: it is not sent again"
equal "$(sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc DOUBT-C)")" 1 "nothing is queued for C"
keys g s
check "s on B sends it again, with the undo window" wait_for "Sending in"
keys u
check "u takes the new message back" wait_for "cancelled: the message will not be sent"
wait_sql 5 "SELECT resent_as IS NULL AND reviewed_at IS NULL FROM dun.outbox WHERE id = $(msg DOUBT-B id)" t \
    "B is back on the review list: what replaced it was taken back"
check "and listed again" wait_for "DOUBT-B"
keys g s
check "s on B sends it again" wait_for "Sending in"
wait_sql 10 "SELECT count(*) || ' ' || max(state) FROM dun.outbox WHERE account_id = $(acc DOUBT-B) AND state <> 'cancelled' AND id <> (SELECT min(id) FROM dun.outbox WHERE account_id = $(acc DOUBT-B))" \
    "1 sent" "a new message to B is queued and sent"
equal "$(sql "SELECT o.resent_as = n.id FROM dun.outbox o, dun.outbox n WHERE o.id = $(msg DOUBT-B id) AND n.account_id = o.account_id AND n.id > o.id AND n.state <> 'cancelled'")" t \
    "the failed message records what replaced it"
equal "$(sql "SELECT a.login FROM dun.outbox o JOIN dun.agents a ON a.id = o.agent_id WHERE o.account_id = $(acc DOUBT-B) ORDER BY o.id DESC LIMIT 1")" lead \
    "the new message is the supervisor's"
check "B's phone gets it" poll 5 phone_has "$B"
check "B leaves the list" wait_gone "DOUBT-B"
check "A is still listed" wait_for "DOUBT-A"
keys g d
check "d takes A off the list" wait_gone "DOUBT-A"
equal "$(sql "SELECT a.login FROM dun.outbox o JOIN dun.agents a ON a.id = o.reviewed_by WHERE o.account_id = $(acc DOUBT-A)")" lead \
    "who took it off is recorded"
keys q; wait_for "Lena Lead" >/dev/null; keys q; wait_dead >/dev/null

# --- a late delivery report resolves unknown ---------------------------------------------
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -G "http://127.0.0.1:$SERVE_PORT/dlr" \
    --data-urlencode "id=$(msg DOUBT-A id)" --data-urlencode "key=$(msg DOUBT-A report_key)" --data-urlencode type=1)
equal "$code" 200 "a late delivery report for A is answered"
equal "$(msg DOUBT-A state)" delivered "it resolves A to delivered"
equal "$(sql "SELECT c.outcome FROM dun.contacts c JOIN dun.outbox o ON o.contact_id = c.id WHERE o.account_id = $(acc DOUBT-A)")" \
    delivered "and its contact row"
stop_serve
msg_finish
