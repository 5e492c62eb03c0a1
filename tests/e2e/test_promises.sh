# Promises as an agent keeps them straight: a new promise while one is open
# asks, and replaces it (the old one is cancelled, so a payment can only
# settle the one standing); X cancels the open promise, or the plan it
# belongs to. A promise recorded by someone else while the form is open
# is not doubled: the save is refused inside its transaction, the entry is
# kept, and the next p asks to replace the one that now stands.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_promises
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
PR-1,約束 太郎,JPY,90000,ja,Asia/Tokyo,+819012347001,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
promises() { sql "SELECT string_agg(amount_minor || ':' || status, ' ' ORDER BY id) FROM dun.promises"; }

start_dun 120 40 DUN_NOW=2026-11-20T10:00:00+09:00 -- --agent demo
check "the queue opens" wait_for "PR-1"
check "PR-1 opens" open_account PR-1
keys p; wait_for "Promise to pay" >/dev/null
typed "10000"; keys Tab; typed "tomorrow"; keys C-d
check "a first promise is recorded" wait_for "promise recorded: ¥10,000 on Sat 2026-11-21"
keys p
check "a second promise asks first" wait_for "open promise of ¥10,000 by Sat 11-21: replace it? (y/n)"
keys n
check "n leaves it" wait_gone "replace it?"
equal "$(promises)" "10000:pending" "nothing changed"
keys p; wait_for "replace it?" >/dev/null; keys y
check "y opens the form" wait_for "Promise to pay"
typed "15000"; keys Tab; typed "+3"; keys C-d
check "the new promise is recorded" wait_for "promise recorded: ¥15,000 on Mon 2026-11-23"
equal "$(promises)" "10000:cancelled 15000:pending" "it replaced the open one: one promise stands"
check "the history shows the old one cancelled" wait_for "¥10,000 on 2026-11-21 cancelled"

keys X
check "X asks before cancelling the open promise" wait_for "cancel the open promise of ¥15,000 by Mon 11-23? (y/n)"
keys y
check "X cancels it" wait_for "promise cancelled"
equal "$(promises)" "10000:cancelled 15000:cancelled" "no promise stands"
keys X
check "X with nothing open says so" wait_for "no open promise"

keys P; wait_for "Instalment plan" >/dev/null
keys Tab Tab Tab; typed "2026-11-30"; keys C-d
check "a plan is recorded" wait_for "plan recorded: 3 monthly instalments"
keys X
check "X on a plan cancels the plan" wait_for "cancel the plan of 3 instalments"
keys y
check "the plan is cancelled" wait_for "plan cancelled"
equal "$(sql "SELECT status FROM dun.plans")" cancelled "the plan's status"
equal "$(sql "SELECT count(*) FROM dun.promises WHERE plan_id IS NOT NULL AND status <> 'cancelled'")" 0 \
    "and every open instalment"

# Another agent (here: psql) records a promise while this form is open.
keys p; wait_for "Promise to pay" >/dev/null
typed "20000"; keys Tab; typed "+5"
sql "INSERT INTO dun.promises (account_id, amount_minor, currency, promised_date, created_at)
     SELECT id, 3000, 'JPY', '2026-12-03', '2026-11-20T10:00:00+09:00' FROM dun.accounts WHERE ref = 'PR-1'" >/dev/null
keys C-d
check "the save is refused, naming the promise recorded meanwhile" \
    wait_for "another promise was recorded meanwhile: ¥3,000 by 12-03: open it again to replace it"
check "the form is still open" wait_for "Promise to pay"
check "with the entry kept" wait_for "20000"
equal "$(sql "SELECT string_agg(amount_minor || ':' || status, ' ' ORDER BY id) FROM dun.promises WHERE plan_id IS NULL AND status = 'pending'")" \
    "3000:pending" "one promise stands: the other agent's"
keys Escape
check "Esc asks before throwing the entry away" wait_for "discard what you typed?"
keys y
check "the form closes" wait_gone "Promise to pay"
keys p
check "p now asks to replace the one that stands" wait_for "open promise of ¥3,000 by Thu 12-03: replace it? (y/n)"
keys y; wait_for "Promise to pay" >/dev/null
typed "20000"; keys Tab; typed "+5"; keys C-d
check "replacing it is recorded" wait_for "promise recorded: ¥20,000 on Wed 2026-11-25"
equal "$(sql "SELECT string_agg(amount_minor::text, ' ' ORDER BY id) FROM dun.promises WHERE plan_id IS NULL AND status = 'pending'")" \
    "20000" "and only the new one stands"
keys q; wait_for "PSEL" >/dev/null; keys q
wait_dead >/dev/null
stop_tmux
finish
