# The account's history read as an agent reads it: Enter on a row shows it
# whole (a long note, a message's body and why it failed); a failed message
# says why on its row; a reply reads as a reply; a plan's instalments are in
# their order.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_history
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
HIS-1,履歴 花子,JPY,90000,ja,Asia/Tokyo,+819012348001,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc="(SELECT id FROM dun.accounts WHERE ref = 'HIS-1')"
long="Spoke with her sister first, then with her. She said salary comes on the 25th and that the bank moved her direct debit; she will call back after checking with the branch. ENDOFNOTE"
sql "INSERT INTO dun.notes (account_id, agent_id, body, created_at) SELECT $acc, id, '$long', '2026-11-19T09:00:00+09:00' FROM dun.agents;
     INSERT INTO dun.outbox (account_id, agent_id, channel, template, target, body, state, last_error, release_at,
                             next_attempt_at, created_at)
     SELECT $acc, id, 'sms', 'first_notice_sms', '+819012348001', 'Dun: please call us about your account. ENDOFBODY',
            'failed', 'Kannel answered 400: number not allowed', now(), now(), '2026-11-19T10:00:00+09:00' FROM dun.agents;
     INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target, note)
     SELECT $acc, 'sms', 'in', '2026-11-19T11:00:00+09:00', 'delivered', '+819012348001', '明日払います';
     INSERT INTO dun.inbound (account_id, channel, sender, body, received_at)
     SELECT $acc, 'sms', '+819012348001', '明日払います', '2026-11-19T11:00:00+09:00'" >/dev/null

start_dun 120 40 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
check "the queue opens" wait_for "HIS-1"
check "HIS-1 opens" open_account HIS-1
check "a failed message says why on its row, before its text" wait_for "FAILED (Kannel answered 400"
check "a reply reads as a reply" wait_for "sms in from +819012348001: 明日払います"
check "not as a delivery" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'sms in delivered'"

keys P; wait_for "Instalment plan" >/dev/null
keys Tab Tab Tab; typed "2026-11-30"; keys C-d
check "a plan is recorded" wait_for "plan recorded: 3 monthly instalments"
screen | grep -o 'on 20[0-9-]* pending (plan' | cut -d' ' -f2 >"$TMP/order"
equal "$(tr '\n' ' ' <"$TMP/order")" "2026-11-30 2026-12-30 2027-01-30 " "its instalments are in their order"

# Enter shows a row whole: the note (first row is selected; move to it).
keys G
keys Enter
check "Enter on the oldest row (G) shows the note whole" wait_for "ENDOFNOTE"
keys q
check "q goes back to the account" wait_for "Account HIS-1"
keys k
keys Enter
check "the failed message shows its body whole" wait_for "ENDOFBODY"
check "and why it failed, on a line of its own" wait_for "Kannel answered 400: number not allowed"
keys q; wait_for "Account HIS-1" >/dev/null
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
