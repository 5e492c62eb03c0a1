# Small things a day on the floor turned up: an announcement that stays
# until the agent has seen it, one-key outcomes that cannot be undone ask
# first, replies read on the account are read, the verdict screen's own key
# closes it, help says when it goes on below, a long plan shows its last
# instalment, the wording reads right.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_floor
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date,due_date
FL-1,床 一郎,JPY,90000,ja,Asia/Tokyo,+819012341001,true,demo,2026-10-01,
FL-2,床 二郎,JPY,60000,ja,Asia/Tokyo,+819012341002,true,demo,,2026-11-21
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
sql "INSERT INTO dun.callbacks (account_id, agent_id, due_at) SELECT $(acc FL-1), id, '2026-11-20T07:00:00+09:00' FROM dun.agents;
     INSERT INTO dun.inbound (account_id, channel, sender, body, received_at)
     SELECT $(acc FL-1), 'sms', '+819012341001', '明日払います', '2026-11-20T09:00:00+09:00'" >/dev/null

start_dun 120 30 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
check "a late callback is announced as late, with the agent's zone" wait_for "callback late: FL-1 床 一郎 (07:00 JST)"
sleep 6
check "the announcement stays until the agent does something" wait_for "callback late: FL-1"
keys j
check "a key clears it" wait_gone "callback late: FL-1"

check "FL-2 opens" open_account FL-2
check "due tomorrow reads as such" wait_for "due tomorrow"
keys q; wait_for "PSEL" >/dev/null

check "FL-1 opens" open_account FL-1
keys d
check "d asks before recording a dispute" wait_for "record a dispute"
keys n
check "n records nothing" wait_gone "record a dispute"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc FL-1)")" 0 "no contact was recorded"
equal "$(sql "SELECT dispute FROM dun.accounts WHERE ref = 'FL-1'")" f "and no dispute raised"
keys w
check "w asks before marking the number wrong" wait_for "mark +819012341001 as a wrong number"
keys y
check "y records it" wait_for "wrong number"
keys s
check "s then says why there is no number to text" wait_for "marked as a wrong number"
keys v
check "v opens the verdicts" wait_for "Contact verdicts"
keys v
check "v closes them again, as the title says" wait_for "Account FL-1"
keys P; wait_for "Instalment plan" >/dev/null
keys Tab; keys C-u; typed "60"; keys Tab Tab; typed "2026-11-30"
check "a 60-instalment plan shows its last instalment" wait_for " 60  2031-10-30"
keys Escape; wait_for "discard" 2 >/dev/null && keys y
wait_for "Account FL-1" >/dev/null
keys q; wait_for "PSEL" >/dev/null
equal "$(sql "SELECT count(*) FROM dun.inbound WHERE read_at IS NULL")" 0 "a reply read on the account is read"

# Text is edited where the cursor is, not only at its end.
check "FL-2 opens for a note" open_account FL-2
keys n; wait_for "Note" >/dev/null
typed "abc"; keys Left; typed "X"
check "Left moves the cursor: typing goes in the middle" wait_for "abXc"
keys End; keys Enter; typed "second line"; keys Up; typed "!"
check "Up goes to the line above, typing goes there" wait_for "abXc!"
keys Escape
check "Esc asks before throwing away what was typed" wait_for "discard what you typed?"
keys n
keys C-d
check "the note is saved whole" wait_for "note saved"
equal "$(sql "SELECT body FROM dun.notes")" "abXc!
second line" "as typed, both lines"
keys q; wait_for "PSEL" >/dev/null
keys q
wait_dead >/dev/null

# A replayed past (DUN_NOW) does not undo settlements made since: a promise
# kept today stays kept when a TUI opens on last week.
sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, created_at)
     SELECT $(acc FL-1), 5000, 'JPY', current_date + 3, '2026-10-25T10:00:00+09:00';
     INSERT INTO dun.payments (account_id, amount_minor, currency, paid_at, payment_id)
     SELECT $(acc FL-1), 5000, 'JPY', now() - interval '1 minute', 'FL-PAY-1'" >/dev/null
"$DUN" settle >/dev/null
equal "$(sql "SELECT status FROM dun.promises WHERE amount_minor = 5000")" kept "the promise is kept today"
start_dun 120 30 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
wait_for "FL-2" >/dev/null
equal "$(sql "SELECT status FROM dun.promises WHERE amount_minor = 5000")" kept "a TUI replaying a day before the payment leaves it kept"
keys q; wait_dead >/dev/null

# Help at 80x24 says that more keys follow.
start_dun 80 24 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
wait_for "FL-2" >/dev/null
check "FL-2 opens at 80x24" open_account FL-2
keys '?'
check "help says more keys follow below" wait_for "more below"
keys q; wait_for "Account FL-2" >/dev/null; keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
