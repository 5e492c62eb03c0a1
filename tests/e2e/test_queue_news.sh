# An open queue follows changes made elsewhere without a reload (issue 14:
# it loads only the rows that changed, so every change to what it shows
# must be announced): a dispute raised from another session, an account
# assigned by an import, a callback closed elsewhere, a bulk import.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_queue_news
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00
sql "INSERT INTO dun.agents (login, display_name, role) VALUES ('sato', 'Sato Hiroshi', 'agent')" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date
OWN-1,Own Debtor,JPY,5000,Asia/Tokyo,+819012340001,sato,2026-09-01
OWN-2,Other Debtor,JPY,1000,Asia/Tokyo,+819012340002,sato,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null
row() { tmux -S "$SOCK" capture-pane -p -t t | grep -F "$1"; }
eventually() { k=0; while [ $k -lt 50 ]; do "$@" && return 0; sleep 0.1; k=$((k + 1)); done; return 1; }

start_dun 110 30 -- --agent sato
check "sato's queue opens" wait_for "OWN-2"
check "OWN-1 may be called now (P)" sh -c "tmux -S '$SOCK' capture-pane -p -t t | grep -F OWN-1 | grep -q P"

sql "UPDATE dun.accounts SET dispute = true WHERE ref = 'OWN-1'" >/dev/null
blocked() { ! row OWN-1 | grep -q P; }
check "a dispute raised elsewhere blocks OWN-1 on the open queue, without a reload" eventually blocked

printf 'ref,name,currency,balance,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date\nNEW-1,New Debtor,JPY,900000,Asia/Tokyo,+819012340003,sato,2026-08-01\n' >"$TMP/new.csv"
"$DUN" import accounts "$TMP/new.csv" >/dev/null
check "an account an import assigns to sato appears on the open queue" wait_for "NEW-1"
check "and the title counts it" wait_for "Queue | 3 accounts"

sql "INSERT INTO dun.callbacks (account_id, agent_id, due_at, note, created_at)
     SELECT a.id, g.id, '2026-11-27T14:00:00+09:00', 'call back', now() FROM dun.accounts a, dun.agents g
      WHERE a.ref = 'OWN-2' AND g.login = 'sato'" >/dev/null
check "a callback set elsewhere shows on its row" sh -c "sleep 0.5; tmux -S '$SOCK' capture-pane -p -t t | grep -F OWN-2 | grep -q 'cb '"
sql "UPDATE dun.callbacks SET done_at = now(), done_reason = 'done' WHERE account_id = (SELECT id FROM dun.accounts WHERE ref = 'OWN-2')" >/dev/null
nocb() { ! row OWN-2 | grep -q 'cb '; }
check "and closing it elsewhere takes it off" eventually nocb

# A bulk change (more than 100 accounts in one statement) loads the queue whole.
awk 'BEGIN { print "ref,name,currency,balance,time_zone,phone_mobile,assigned_agent";
             for (i = 1; i <= 150; i++) printf "BULK-%03d,Bulk Debtor,JPY,%d,Asia/Tokyo,+8190200%05d,sato\n", i, 100 + i, i }' >"$TMP/bulk.csv"
"$DUN" import accounts "$TMP/bulk.csv" >/dev/null
check "150 accounts imported at once reach the open queue" wait_for "Queue | 153 accounts"
keys q; wait_dead >/dev/null
stop_tmux
finish
