# The work lock between workstations (each its own tmux server): sato opens
# an account; sato's second window sees "in use by sato" in the queue and
# the account read-only, with who and since when: a call is refused and
# nothing is written. kill -9 of the first window's dun frees it within the
# lease (3 s here): the second window gets it by itself and logs the call.
# The supervisor opens a team account by its ref (o), read-only while sato
# works it, takes it over with a reason (audited), and sato's screen turns
# read-only. ] opens the next account nobody is working.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_lock
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00
sql "INSERT INTO dun.teams (name) VALUES ('north');
INSERT INTO dun.agents (login, display_name, role, team_id) VALUES
 ('boss', 'Boss Lead', 'supervisor', 1), ('sato', 'Sato Hiroshi', 'agent', 1);
INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, time_zones, assigned_agent_id, oldest_unpaid_due_date)
VALUES ('LOCK-1', 'Debtor One', 500000, 'JPY', '{Asia/Tokyo}', 2, '2026-10-01'),
       ('LOCK-2', 'Debtor Two', 400000, 'JPY', '{Asia/Tokyo}', 2, '2026-10-02'),
       ('LOCK-3', 'Debtor Three', 300000, 'JPY', '{Asia/Tokyo}', 2, '2026-10-03');
INSERT INTO dun.phones (account_id, number, kind) SELECT id, '+8190123456' || lpad(id::text, 2, '0'), 'mobile'
  FROM dun.accounts" >/dev/null
calls_by() { sql "SELECT count(*) FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id WHERE g.login = '$1'"; }
start_as() { # NAME LOGIN: a workstation in its own tmux server, remembered as NAME
    SOCK="$TMP/none.sock"
    start_dun 110 30 DUN_LEASE_SECONDS=3 -- --agent "$2"
    eval "SOCK_$1=\$SOCK"
}
on() { eval "SOCK=\$SOCK_$1"; }

start_as one sato
check "sato's queue opens" wait_for "LOCK-1"
check "sato opens LOCK-1" open_account LOCK-1

# sato again, in a second window: the queue says LOCK-1 is in use.
start_as two sato
check "the second window's queue says LOCK-1 is in use" wait_for "in use by sato"
check "it opens LOCK-1" open_account LOCK-1
check "read-only, saying who and since when" wait_for "in use by you in another session since"
keys c
check "a call is refused on the status line" wait_for "LOCK-1: in use by you in another session"
equal "$(calls_by sato)" 0 "and nothing is written"
expect_rc 2 "a script of sato's cannot log a call on it either" \
    "$DUN" --agent sato log-contact LOCK-1 --channel phone --target +81901234560$(sql "SELECT id FROM dun.accounts WHERE ref = 'LOCK-1'") --outcome no_answer
contains "$TMP/err" "in use by you in another session" "the database says why"
equal "$(calls_by sato)" 0 "nothing is written"

# The first window's dun dies: the lease runs out (3 s) and comes to the second.
on one
kill -9 "$(dun_pid)"
on two
check "within the lease time the second window gets LOCK-1 by itself" wait_for "LOCK-1 is yours now" 8
check "no longer read-only" wait_gone "in use by you"
keys c
check "the call is logged" poll 5 sh -c "[ \"\$(psql -X -qAt -c \"SELECT count(*) FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id WHERE g.login = 'sato'\")\" = 1 ]"
keys q; wait_for "LOCK-3" >/dev/null

# A take-over: sato works LOCK-2; the supervisor opens it by its ref (o).
check "sato opens LOCK-2" open_account LOCK-2
start_as boss boss
check "the supervisor's queue is open" wait_for "Queue"
keys o; typed LOCK-2; keys Enter
check "o opens a team account by its ref, read-only while sato works it" wait_for "in use by Sato Hiroshi since"
check "and says a supervisor can take it over" wait_for "(O takes it over)"
keys c
check "the supervisor's call is refused too" wait_for "LOCK-2: in use by Sato Hiroshi"
equal "$(calls_by boss)" 0 "nothing is written"
keys O
check "O asks why" wait_for "take over: why?"
typed "the debtor asked for a supervisor"; keys Enter
check "the supervisor has it" wait_for "LOCK-2 is yours: taken over from Sato Hiroshi"
equal "$(sql "SELECT g.login || ': ' || a.detail FROM dun.audit a JOIN dun.agents g ON g.id = a.agent_id
              WHERE a.action = 'lease_take_over'")" "boss: took over from sato: the debtor asked for a supervisor" \
    "the take-over is audited: who, from whom, why"
on two
check "sato's screen turns read-only by itself" wait_for "LOCK-2 was taken over: in use by Boss Lead" 5
keys 2
check "and sato's call is refused" wait_for "LOCK-2: in use by Boss Lead"
equal "$(calls_by sato)" 1 "nothing more of sato's is written"
on boss
keys c
check "the supervisor's call goes in" poll 5 sh -c "[ \"\$(psql -X -qAt -c \"SELECT count(*) FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id WHERE g.login = 'boss'\")\" = 1 ]"

# ] : the next account nobody else is working. LOCK-2 is the supervisor's;
# LOCK-1 is taken on a third workstation (straight in the database).
sql "SELECT dun.lease_take((SELECT id FROM dun.accounts WHERE ref = 'LOCK-1'), 1, '$(printf '%032x' 7)', 60)" >/dev/null
sleep 0.5 # the NOTIFY reaches the queue under the account screen
on two
keys ]
check "] opens the next free account, skipping those in use" wait_for "Account LOCK-3"
check "which sato holds: no read-only line" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q 'in use by'"
keys q; wait_for "Queue" >/dev/null; keys q
on boss; keys q; wait_for "Queue" >/dev/null; keys q
check "every lease is let go when the screens close" poll 5 sh -c "[ \"\$(psql -X -qAt -c \"SELECT count(*) FROM dun.account_leases l JOIN dun.accounts a ON a.id = l.account_id WHERE a.ref <> 'LOCK-1'\")\" = 0 ]"
stop_tmux; on one; stop_tmux; on two; stop_tmux
finish
