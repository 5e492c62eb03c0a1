# Callbacks as an agent works them: each is announced once, by its own name,
# when it comes due; a call outcome, a promise or B completes it; one nobody
# worked stops being pinned to the top and shows as late; b records nothing
# until the callback is saved, and its date field takes what is typed.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_callbacks
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.agents (login, display_name, time_zone) VALUES ('demo', 'Demo Agent', 'Asia/Tokyo')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
CB-A,青木 一郎,JPY,50000,ja,Asia/Tokyo,+819012340001,true,demo,2026-10-01
CB-B,Brian Baker,JPY,40000,en,Asia/Tokyo,+819012340002,true,demo,2026-10-01
CB-C,千葉 三郎,JPY,30000,ja,Asia/Tokyo,+819012340003,true,demo,2026-10-01
CB-D,Dana Diaz,JPY,20000,en,Asia/Tokyo,+819012340004,true,demo,2026-10-01
CB-E,江藤 五郎,JPY,10000,ja,Asia/Tokyo,+819012340005,true,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
callback() { # callback REF DUE_AT
    sql "INSERT INTO dun.callbacks (account_id, agent_id, due_at, created_at)
         SELECT $(acc "$1"), id, '$2', '2026-11-19T12:00:00+09:00' FROM dun.agents WHERE login = 'demo'" >/dev/null
}
NOW=2026-11-20T10:00:50+09:00
callback CB-A 2026-11-20T10:00:54+09:00
callback CB-B 2026-11-20T10:01:02+09:00
callback CB-D 2026-11-19T15:00:00+09:00  # yesterday, never worked
callback CB-E 2026-11-20T10:00:00+09:00

# --- a callback nobody worked is late, not pinned above everything --------
DUN_NOW=$NOW "$DUN" queue --agent demo --json --explain >"$TMP/q.json"
rank_of() { /usr/bin/python3 -c "import json,sys; print([r['rank'] for r in json.load(open('$TMP/q.json')) if r['ref']=='$1'][0])"; }
factor() { /usr/bin/python3 -c "import json,sys; print([r['factors']['$2'] for r in json.load(open('$TMP/q.json')) if r['ref']=='$1'][0])"; }
equal "$(rank_of CB-E)" 1 "a callback due now is first"
equal "$(factor CB-D callback_due)" 0.0 "a callback due yesterday no longer counts as due"
check "but as late" sh -c "[ \"\$(printf '%s' '$(factor CB-D callback_overdue)' | cut -d. -f1)\" -gt 0 ]"
check "and it is not pinned above the rest" sh -c "[ $(rank_of CB-D) -gt 1 ]"

start_dun 120 30 DUN_NOW=$NOW -- --agent demo
check "the queue opens" wait_for "CB-A"
check "a late callback shows as late in the queue" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep CB-D | grep -q 'cb late'"
check "a callback is announced when it comes due, by its own name" wait_for "callback due: CB-A" 10
check "the next one is announced by its own name too" wait_for "callback due: CB-B" 15
check "not as the first one again" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'callback due: CB-A'"

# --- a call outcome completes the due callback ------------------------------
check "CB-B opens" open_account CB-B
check "the header shows its callback" wait_for "callback due"
keys 2
check "no answer is recorded" wait_for "recorded: no_answer"
keys q
check "back on the queue" wait_for "PSEL"
equal "$(sql "SELECT done_reason FROM dun.callbacks WHERE account_id = $(acc CB-B)")" contact \
    "logging the call completed the callback"
check "the worked account left the top" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -q CB-B"

# --- a promise completes it; so does B ----------------------------------------
check "CB-A opens" open_account CB-A
keys p; wait_for "Promise to pay" >/dev/null
typed "10000"; keys Tab; typed "tomorrow"; keys C-d
check "the promise is saved" wait_for "promise recorded"
equal "$(sql "SELECT done_reason FROM dun.callbacks WHERE account_id = $(acc CB-A)")" promise \
    "recording a promise completed the callback"
keys q; wait_for "PSEL" >/dev/null
check "CB-E opens" open_account CB-E
keys B
check "B marks the due callback done" wait_for "callback marked done"
equal "$(sql "SELECT done_reason FROM dun.callbacks WHERE account_id = $(acc CB-E)")" done "B completed it"
keys B
check "B with nothing due says so" wait_for "no callback is due"
keys q; wait_for "PSEL" >/dev/null

# --- b records nothing until the callback is saved ---------------------------
check "CB-C opens" open_account CB-C
keys b
check "b opens the callback form" wait_for "Schedule a callback"
keys Escape
check "Esc leaves it" wait_for "Account CB-C"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc CB-C)")" 0 \
    "cancelling the callback records no call attempt"
keys b; wait_for "Schedule a callback" >/dev/null
typed "tomorrow"
check "typing replaces the prefilled date" wait_for "tomorrow_"
check "rather than appending to it" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q todaytomorrow"
keys Tab; typed "10:30"; keys C-d
check "the callback is saved" wait_for "callback set for"
equal "$(sql "SELECT outcome FROM dun.contacts WHERE account_id = $(acc CB-C)")" callback_requested \
    "saving records the callback request once"
equal "$(sql "SELECT count(*) FROM dun.callbacks WHERE account_id = $(acc CB-C) AND done_at IS NULL")" 1 \
    "with the callback"
check "the header shows the scheduled callback" wait_for "callback Sat 11-21 10:30"
keys q; wait_for "PSEL" >/dev/null

# --- a callback later today after the day's last call is refused ------------
# Japan allows 3 call attempts a day. Two are logged; saving a callback
# records the third: a callback at 14:00 would be pinned at the top and
# then refused (daily_cap). The form says so and saves nothing.
for t in 08:30 09:00; do
    "$DUN" log-contact CB-D --channel phone --target +819012340004 --outcome no_answer \
        --at "2026-11-20T$t:00+09:00" >/dev/null || not_ok "a call at $t logged"
done
check "CB-D opens" open_account CB-D
keys b; wait_for "Schedule a callback" >/dev/null
typed "today"; keys Tab; typed "14:00"; keys C-d
check "a callback today after the day's last call is refused" \
    wait_for "not saved: 3 call attempts already today"
equal "$(sql "SELECT count(*) FROM dun.callbacks WHERE account_id = $(acc CB-D) AND done_at IS NULL AND due_at > '$NOW'")" 0 \
    "no callback is saved"
equal "$(sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc CB-D)")" 2 "and no third call"
keys Up C-u; typed "tomorrow"; keys Tab C-u; typed "14:00"; keys C-d
check "tomorrow at 14:00 it is saved" wait_for "callback set for"
keys q; wait_for "PSEL" >/dev/null
keys q
wait_dead >/dev/null
stop_tmux
finish
