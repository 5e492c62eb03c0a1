# The queue as the order changes under the agent and the terminal narrows:
# PSEL and LOCAL are the last columns to go (80x24 shows every column);
# a reorder never scrolls the rows above the cursor out of view; coming back
# from a worked account puts the next best under the cursor.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_queue_layout
NOW=2026-11-22T10:00:57+09:00
export DUN_NOW=$NOW
"$DUN" migrate >/dev/null && "$DUN" demo-data --accounts 400 --seed 7 >/dev/null ||
    { not_ok "demo data"; finish; }
total=$("$DUN" queue --agent demo --json | grep -c '"rank"')
ref_at() { "$DUN" queue --agent demo --json --limit "$1" | sed -n "$(($1 + 1))s/.*\"ref\": \"\\([^\"]*\\)\".*/\\1/p"; }
header() { screen | sed -n 2p; }
row() { screen | sed -n "$(($1 + 2))p"; }

# --- columns ---------------------------------------------------------------
start_dun 80 24 -- --agent demo
check "the queue opens at 80x24" wait_for "Queue | $total accounts"
for col in '#' REF NAME BALANCE DPD PROMISE/CB LAST PSEL LOCAL; do
    check "80x24 shows the $col column" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -qF -- '$col'"
done
check "every row ends with its indicators and the debtor's local time" \
    sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -Eq '[PpSsEeLl·.]{4} (Sun|Mon|Tue|Wed|Thu|Fri|Sat) [0-9]{2}:[0-9]{2} *\$'"
tm resize-window -t t -x 60 -y 15
check "at 60x15 the queue still shows" wait_for "BALANCE"
check "PSEL stays at 60 columns" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -q PSEL"
check "LOCAL stays at 60 columns" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -q LOCAL"
check "LAST CONTACT gave way first" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -q LAST"
check "then PROMISE/CB" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | sed -n 2p | grep -q PROMISE"
keys q; wait_dead >/dev/null

# --- a reorder keeps the rows above the cursor in view ----------------------
# A callback on an account far down the queue comes due when the minute turns: it
# jumps to #1 while the cursor sits on the last row of the page.
# The lowest-ranked account from the 100th up, well below the first page,
# that may be called at 10:01 (the demo's calls this morning have closed
# some, e.g. after a conversation).
callable() { "$DUN" contact-check "$1" --at 2026-11-22T10:01:30+09:00 | grep -Eq '^ +phone .*ALLOWED'; }
rank=100; far=$(ref_at $rank)
while ! callable "$far" && [ $rank -gt 40 ]; do rank=$((rank - 1)); far=$(ref_at $rank); done
sql "INSERT INTO dun.callbacks (account_id, agent_id, due_at)
     SELECT a.id, a.assigned_agent_id, '2026-11-22T10:01:00+09:00' FROM dun.accounts a WHERE a.ref = '$far'" >/dev/null
start_dun 120 30 -- --agent demo
check "the queue opens at 120x30" wait_for "Queue | $total accounts"
i=1; while [ $i -lt 26 ]; do keys j; i=$((i + 1)); done
check "the cursor is on the last row of the page" wait_for "| 26/$total"
check "the callback comes due at the minute and goes first" \
    sh -c "for i in \$(seq 50); do tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -q '$far' && exit 0; sleep 0.2; done; exit 1"
check "the cursor kept its place on the page" wait_for "| 26/$total"
check "and #1 is in view" sh -c "tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -Eq '^ +1 '"

# --- back from a worked account, the next best is under the cursor -----------
# Only the worked account's row is loaded again (issue 14): PostgreSQL logs
# every statement meanwhile, and the order stays the engine's.
log="$(dirname "$PG_CLUSTER_CONF_ROOT")/log/postgresql-15-regress.log"
sql "ALTER SYSTEM SET log_statement = 'all'" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
whole_queue() { grep -c "a.status = 'active'\$" "$log"; }
some_rows() { grep -c "a.id = ANY (\$3::bigint\[\])\$" "$log"; }
keys g; wait_for "| 1/$total" >/dev/null
sleep 0.5
wholes=$(whole_queue); somes=$(some_rows)
keys Enter
check "the first account opens" wait_for "Account $far"
keys 2
check "the call is logged" wait_for "recorded: no_answer"
keys q
check "back on the queue, the worked account says where it went" wait_for "$far moved to #"
check "the cursor is still on the first row" wait_for "| 1/$total"
check "and the first row is the next best, not the worked account" \
    sh -c "! tmux -S '$SOCK' capture-pane -p -t t | sed -n 3p | grep -q '$far'"
sleep 0.5
equal "$(whole_queue)" "$wholes" "back from the account, the queue is not loaded whole again"
check "only the worked account's row is" sh -c "[ $(some_rows) -gt $somes ]"
sql "ALTER SYSTEM RESET log_statement" >/dev/null; sql "SELECT pg_reload_conf()" >/dev/null
screen >"$TMP/back"
for k in 1 2 3 4 5 6 7 8 9 10; do
    contains_line=$(sed -n "$((k + 2))p" "$TMP/back")
    ref=$(ref_at $k)
    check "row $k after the refresh is #$k of the engine's order ($ref)" \
        sh -c "printf '%s' '$contains_line' | grep -qF -- '$ref'"
done
keys q; wait_dead >/dev/null
stop_tmux
finish
