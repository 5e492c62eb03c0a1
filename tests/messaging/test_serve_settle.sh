# Settlement is dun serve's work (issue 14): the workstation never settles
# on launch, whatever the book's size; dun serve settles by the date when it
# starts and every 5 minutes after, in steps of 500 accounts with a pending
# promise, each its own transaction, and logs what changed. dun settle goes
# through the book the same way.
. tests/lib.sh
. tests/e2e/tmux.sh
. tests/messaging/lib.sh
setup_db msg_settle
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,assigned_agent,oldest_unpaid_due_date
SETTLE-1,Late Promise,JPY,50000,ja,Asia/Tokyo,+819012341111,demo,2026-10-01
SETTLE-2,Kept Promise,JPY,50000,ja,Asia/Tokyo,+819012342222,demo,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"
sql "INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date, created_at)
     SELECT a.id, a.assigned_agent_id, 10000, 'JPY', current_date - 10, now() - interval '12 days'
       FROM dun.accounts a WHERE a.ref IN ('SETTLE-1', 'SETTLE-2');
     INSERT INTO dun.payments (account_id, payment_id, amount_minor, currency, paid_at)
     SELECT id, 'PAY-SETTLE-2', 10000, 'JPY', now() - interval '11 days' FROM dun.accounts WHERE ref = 'SETTLE-2'" >/dev/null \
    || not_ok "promises due 10 days ago, one of them paid"
status() { sql "SELECT p.status FROM dun.promises p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = '$1'"; }

start_tui
check "the agent's workstation opens" wait_for "SETTLE-1"
equal "$(status SETTLE-1)$(status SETTLE-2)" pendingpending "its launch settles nothing"
keys q; wait_dead >/dev/null

check "dun serve starts" start_serve
wait_sql 10 "SELECT string_agg(p.status, ' ' ORDER BY a.ref) FROM dun.promises p JOIN dun.accounts a ON a.id = p.account_id" \
    "broken kept" "dun serve settles by the date as it starts: one broken, one kept"
check "and logs what changed" grep -q "settle: 1 kept, 0 partial, 1 broken" "$TMP/serve.log"
stop_serve

sql "UPDATE dun.promises SET status = 'pending', settled_at = NULL, paid_minor = 0" >/dev/null
expect_rc 0 "dun settle goes through the book" "$DUN" settle
contains "$TMP/out" "settled: 1 kept, 0 partial, 1 broken" "and says what it settled"
msg_finish
