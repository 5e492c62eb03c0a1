# The account workspace under tmux: open an account from the queue, log an
# outcome, enter a promise with a typo and fix it, see it in the history and
# the queue; hints differ between a first contact and a broken promise. A
# call a colleague logs on the open account shows at once, with no key.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_account
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date,due_date
JP-NEW,山田 太郎,JPY,50000,ja,Asia/Tokyo,+819012345678,true,demo,2026-10-01,2026-12-01
JP-PRE,高橋 次郎,JPY,30000,ja,Asia/Tokyo,+819011112222,true,demo,,2026-11-25
JP-BRK,佐藤 花子,JPY,80000,ja,Asia/Tokyo,+819087654321,true,demo,2026-09-01,2026-12-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, status, created_at)
     SELECT id, 10000, 'JPY', '2026-11-18', 'broken', '2026-11-10' FROM dun.accounts WHERE ref = 'JP-BRK';
     INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, target)
     SELECT id, 'phone', 'out', '2026-11-10T10:00:00+09:00', 'conversation', '+819087654321' FROM dun.accounts WHERE ref = 'JP-BRK'" >/dev/null
NOW=2026-11-20T10:00:00+09:00


start_dun 140 40 DUN_NOW=$NOW -- --agent demo
check "the queue opens" wait_for "JP-NEW"
check "Enter on a row opens the account" open_account JP-NEW
screen >"$TMP/a1"
contains "$TMP/a1" "山田 太郎" "the header names the debtor"
contains "$TMP/a1" "¥50,000" "and the balance"
contains "$TMP/a1" "policy JP" "and the policy"
contains "$TMP/a1" "+819012345678" "the contact panel lists the number"
contains "$TMP/a1" "call allowed" "with its live verdict"
contains "$TMP/a1" "first_contact" "a first contact shows first-contact hints"
check "a first contact has no broken-promise hints" sh -c "! grep -q broken_promise '$TMP/a1'"
contains "$TMP/a1" "お忙しいところ" "hints come in the account's language (ja)"
contains "$TMP/a1" "50 days past due" "the header says how long it is past due"
contains "$TMP/a1" "山田 太郎様ご本人" "hints name the debtor"
contains "$TMP/a1" "Demo Agentと申します" "and the agent"
contains "$TMP/a1" "¥50,000となっております" "and the amount"

keys 2
check "2 logs 'no answer'" wait_for "recorded: no_answer"
check "the history shows it" wait_for "phone out no_answer"

keys p
check "p opens the promise form" wait_for "Promise to pay"
typed "12.000"
check "a typo gets a message beside the field" wait_for "JPY has no minor unit"
keys Tab; typed "2026-11-25"; keys Enter; keys Enter
check "saving with a bad field is refused and says why" wait_for "nothing you typed is lost"
check "the typed date is still there" wait_for "2026-11-25"
keys C-u; typed "12,000"  # the failed save put the cursor on the first bad field
check "the fixed amount is accepted" wait_for "= ¥12,000"
keys C-d
check "the promise is saved" wait_for "promise recorded"
check "the history shows the promise" wait_for "¥12,000 on 2026-11-25 pending"
keys n; typed "Said salary comes on the 25th."; keys Enter; typed "給料日に払うとのこと"; keys C-d
check "a multi-line note is saved" wait_for "note saved"
check "and shows on the timeline" wait_for "Said salary comes on the 25th. 給料日に払うとのこと"
keys P
check "P with a promise open asks whether the plan replaces it" wait_for "open promise of ¥12,000 by Wed 11-25: replace it?"
keys y
check "P opens the plan form with the balance as total" wait_for "= ¥50,000"
keys Tab Tab Tab; typed "2026-11-30"
check "the schedule previews before saving" wait_for "3 monthly instalments"
check "the remainder goes on the last instalment" wait_for "¥16,668"
screen | grep -c "¥16,666" >"$TMP/n16666"
equal "$(cat "$TMP/n16666")" 2 "the first two instalments are equal"
keys C-d
check "the plan is saved" wait_for "plan recorded: 3 monthly instalments"
check "its instalments are on the history" wait_for "instalment 3"
keys q
check "q goes back to the queue" wait_for "PSEL"
check "the queue shows the plan's first instalment, which replaced the promise" wait_for "pending 11-30"

check "the broken-promise account opens" open_account JP-BRK
check "a broken promise shows broken-promise hints" wait_for "broken_promise"
keys t
check "third party: the no-disclosure reminder" wait_for "do not disclose the debt"
check "and the third-party hints" wait_for "third_party"
keys b
check "b opens the callback form" wait_for "Schedule a callback"
keys Tab; typed "22:00"
check "a callback in quiet hours is refused beside the field" wait_for "calls are not allowed then"
keys C-u; typed "11:30"
check "the agent's own time is shown beside it" wait_for "your time"
keys C-d
check "the callback is saved, its day and time resolved" wait_for "callback set for Fri 11-20 11:30 JST"
keys w
check "w asks before marking the number wrong" wait_for "as a wrong number (it is not offered again)?"
keys y
check "wrong number marks the number" wait_for "recorded: wrong_number"
keys q; keys q
wait_dead >/dev/null

# An account not yet due says when it is, not "-5 days past due".
start_dun 140 40 DUN_NOW=$NOW -- --agent demo
check "the queue opens" wait_for "JP-PRE"
check "the account not yet due opens" open_account JP-PRE
check "its header says it is due in 5 days" wait_for "due in 5 days"
DUN_NOW=2026-11-20T10:01:00+09:00 "$DUN" log-contact JP-PRE --channel phone --target +819011112222 --outcome voicemail \
    --note "by Ito" >/dev/null || not_ok "a colleague logs a call from elsewhere"
check "the colleague's call shows on the open account without a key pressed" \
    wait_for "phone out voicemail +819011112222 - by Ito" 5
keys q; keys q
wait_dead >/dev/null

# A due callback: on the status line at start, and at the top of the queue.
start_dun 140 30 DUN_NOW=2026-11-20T11:31:00+09:00 -- --agent demo
check "a due callback is announced on the status line" wait_for "callback due: JP-BRK"
check "and its account is first in the queue" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -q JP-BRK"
keys q
wait_dead >/dev/null
equal "$(sql "SELECT bad FROM dun.phones WHERE number = '+819087654321'")" t "the wrong number is stored as bad"
equal "$(sql "SELECT count(*) FROM dun.flag_changes WHERE flag = 'phone'")" 1 "and the flag change is on the history"
stop_tmux
finish
