# A queue longer than the screen holds whole (DUN_QUEUE_WHOLE; 5,000 by
# default, 20 here) comes as a window over the stored order: the rows on
# screen are the engine's order (`dun queue`) at the top, in the middle and
# at the end; search finds an account far below the window; a change made
# elsewhere and an account just worked reorder it; the whole queue's
# statement never runs, and the window reads only its own rows.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_queue_window
export DUN_NOW=2026-11-22T10:00:40+09:00
"$DUN" migrate >/dev/null && "$DUN" demo-data --accounts 1200 --seed 7 >/dev/null ||
    { not_ok "demo data"; finish; }
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
total=$(wc -l <"$TMP/order")
ref_at() { sed -n "${1}p" "$TMP/order"; }
# same_as_engine FIRST: the rows on screen are the engine's from rank FIRST
same_as_engine() {
    screen >"$TMP/shot"
    k=0
    while [ $k -lt 20 ]; do
        line=$(sed -n "$((k + 3))p" "$TMP/shot"); want=$(ref_at $(($1 + k)))
        [ -z "$want" ] && return 0
        printf '%s' "$line" | grep -qF -- " $want " || { echo "    | row $((k + 1)): want $want: $line"; return 1; }
        k=$((k + 1))
    done
}

log="$(dirname "$PG_CLUSTER_CONF_ROOT")/log/postgresql-15-regress.log"
# The workstation's statements (it runs as the agent's role, demo): the
# whole queue's and the windows'.
whole_queue() { grep -aF " demo@$PGDATABASE " "$log" | grep -cF "a.currency FROM dun.accounts a JOIN dun.account_policy ap ON ap.account_id = a.id  LEFT JOIN LATERAL"; }
mine() { grep -aF " demo@$PGDATABASE " "$log" | grep -acE "LOG:  (statement|execute)"; }
windows() { grep -aF " demo@$PGDATABASE " "$log" | grep -cF "LIMIT \$3 OFFSET \$4)"; }
# The stored order computed beforehand, as dun serve keeps it: the launch
# below is a workstation's everyday one (the keys it finds stale, it
# computes first: more statements).
"$DUN" reorder >/dev/null
sql "ALTER SYSTEM SET log_statement = 'all'" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
started=$(date +%s) # the workstation's clock: DUN_NOW's second (40) at this moment
start_dun 120 30 DUN_QUEUE_WHOLE=20 -- --agent demo
check "a $total-account queue opens as a window" wait_for "Queue | $total accounts | 1/$total" 20
sleep 1 # what is read after the first paint (callbacks, thanks) is part of the launch
launched=$(mine)
check "the launch takes $launched statements: at most 10" sh -c "[ $launched -le 10 ]"
check "its first page is the engine's order" same_as_engine 1
equal "$(whole_queue)" 0 "the whole queue's statement never ran"

keys G
check "G goes to the last account" wait_for "| $total/$total"
check "the last rows are the engine's last" sh -c "screen() { tmux -S '$SOCK' capture-pane -p -t t; }; screen | grep -qF -- ' $(ref_at "$total") '"
keys g
check "g comes back to the first" wait_for "| 1/$total"
keys C-f C-f C-f
sleep 0.5
pos=$(screen | sed -n 1p | sed -n 's/.*| \([0-9]*\)\/.*/\1/p')
top=$(screen | sed -n 3p | awk '{print $1}')
check "three pages down, the rows are the engine's ($top..)" same_as_engine "$top"

# Search reaches an account the window does not hold.
far=$(ref_at $((total - 3)))
keys / "$far" Enter
check "search finds $far, #$((total - 3)), outside the window" wait_for "| $((total - 3))/$total"
check "the cursor is on it" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -F -- ' $far ' | grep -q ."
keys g
wait_for "| 1/$total" >/dev/null

# A change made elsewhere: the first account disputes; the window follows.
first=$(ref_at 1)
sql "UPDATE dun.accounts SET dispute = true WHERE ref = '$first'" >/dev/null
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
check "a dispute set elsewhere moves $first down" \
    sh -c "for i in \$(seq 50); do tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -qF -- ' $first ' || exit 0; sleep 0.1; done; exit 1"
check "and the window is the engine's order again" same_as_engine 1

# Back from a worked account: its key is computed again, the window follows.
top1=$(ref_at 1)
keys Enter
check "the first account opens" wait_for "Account $top1"
keys 2
check "a call is logged" wait_for "recorded: no_answer"
keys q
check "back on the queue" wait_for "Queue | $total accounts"
sleep 0.5
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
check "the window is the engine's order after the call" same_as_engine 1
rows=$(windows)
check "every window asked for its own rows only ($rows windows)" sh -c "[ $rows -gt 3 ]"

# Opening an account already opened once this session (its reference data
# kept), then back from it only looked at: the lease let go, and nothing
# else (no change was announced, so the window stays as it is).
app_second() { echo $(( ($(date +%s) - started + 40) % 60 )); }
while [ "$(app_second)" -ge 45 ] || [ "$(app_second)" -lt 2 ]; do sleep 1; done # clear of the minute's own pass
before=$(mine)
keys Enter
check "an account opens again" wait_for "Account $(ref_at 1)"
sleep 1
opened=$(( $(mine) - before ))
check "opening it takes $opened statements: at most 10" sh -c "[ $opened -le 10 ]"
before=$(mine)
keys q
check "back on the queue" wait_for "Queue | $total accounts"
sleep 1
back=$(( $(mine) - before ))
check "back from an account looked at takes $back statement(s): at most 2" sh -c "[ $back -le 2 ]"
equal "$(whole_queue)" 0 "and the whole queue's statement still never ran"
sql "ALTER SYSTEM RESET log_statement" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null

# Another moment's order written meanwhile (a replay of 21:30 in Tokyo,
# when calls to Japan are closed): the next window this workstation reads
# is in its own moment's order, not the replay's.
DUN_NOW=2026-11-22T21:30:00+09:00 "$DUN" reorder >/dev/null
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
keys G; wait_for "| $total/$total" >/dev/null
keys g
check "back at the top after a replay of 21:30 reordered the book" wait_for "| 1/$total"
check "the window is this workstation's moment's order, not 21:30's" same_as_engine 1
keys q; wait_dead >/dev/null

# R: the cursor stays on its account. Two imports of 100 accounts that rank
# first come in meanwhile (a window takes accounts from outside it in only
# at the minute or on R: this workstation starts on a whole minute, so the
# next is a minute away); the account under the cursor moves 200 places
# down, past the window the workstation holds.
start_dun 120 30 DUN_QUEUE_WHOLE=20 DUN_NOW=2026-11-22T10:05:00+09:00 -- --agent demo
check "the window opens again" wait_for "| 1/$total" 20
keys j j j j
check "the cursor is on #5" wait_for "| 5/$total"
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
was=$(ref_at 5)
check "and on $was" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -qE '^ +5 $was '"
for batch in 1 2; do
    awk -v b=$batch 'BEGIN { print "ref,name,currency,balance,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date";
        for (i = 1; i <= 100; i++) printf "TOP-%d%03d,Top Debtor,JPY,9000000,Asia/Tokyo,+81903%d%05d,demo,2026-01-01\n", b, i, b, i }' >"$TMP/top.csv"
    "$DUN" import accounts "$TMP/top.csv" >/dev/null || not_ok "batch $batch imported"
done
"$DUN" queue --agent demo --json | sed -n 's/.*"ref": "\([^"]*\)".*/\1/p' >"$TMP/order"
at=$(grep -nxF "$was" "$TMP/order" | cut -d: -f1)
total=$(wc -l <"$TMP/order")
equal "$at" 205 "$was is #205 in the engine's order now"
keys R
check "R reloads the queue" wait_for "queue reloaded: $total accounts"
check "the cursor follows $was to #205" wait_for "| 205/$total"
check "the row under it is $was, on the same line of the screen" \
    sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 7p | grep -qE '^ *205 $was '"
check "and the rows are the engine's order there" same_as_engine "$(tmux -S "$SOCK" capture-pane -p -t t | sed -n 3p | awk '{print $1}')"
keys q; wait_dead >/dev/null

# dun serve keeps the order: every active account's key is computed.
sql "UPDATE dun.queue_keys SET edge = '-infinity'" >/dev/null
stale() { sql "SELECT count(*) FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id
                WHERE a.status = 'active' AND k.edge <= '$DUN_NOW'"; }
check "before dun serve, every key is stale" sh -c "[ $(stale) -gt 300 ]"
port=$(/usr/bin/python3 tests/channels/free_ports.py 1)
DUN_SERVE_TOKEN=window-test-token-0123456789 DUN_SERVE_LISTEN="127.0.0.1:$port" DUN_SMS_PROVIDER=spool \
    DUN_SPOOL_DIR="$TMP/spool" "$DUN" serve >"$TMP/serve.log" 2>&1 &
spid=$!
i=0; while [ $i -lt 100 ] && [ "$(stale)" != 0 ]; do sleep 0.2; i=$((i + 1)); done
kill $spid 2>/dev/null; wait $spid 2>/dev/null
equal "$(stale)" 0 "dun serve computed every stale key"
equal "$(sql "SELECT count(*) FROM dun.queue_keys k JOIN dun.accounts a ON a.id = k.account_id
               WHERE a.status <> 'active' AND k.edge <> 'infinity'")" 0 "an inactive account's key rests"
stop_tmux
finish
