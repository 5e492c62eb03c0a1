# A team's unassigned pool (issue 13): with the pool configured, each agent
# of the team sees the team's unassigned accounts in their queue, marked
# "pool:"; opening one takes it into their book (the history says so) and
# it leaves the colleague's queue; without the pool they see none of them.
# Both agents run as their own login roles, under row-level security.
. tests/lib.sh
. tests/e2e/tmux.sh
fresh_db e2e_pool
"$DUN" migrate >/dev/null
export DUN_NOW=2026-11-27T14:00:00+09:00
sql "INSERT INTO dun.teams (name) VALUES ('north'), ('south');
INSERT INTO dun.agents (login, display_name, role, team_id) VALUES
 ('sato', 'Sato Hiroshi', 'agent', 1), ('kato', 'Kato Ken', 'agent', 1), ('lee', 'Lee Min', 'agent', 2)" >/dev/null
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,time_zone,phone_mobile,assigned_agent,team,oldest_unpaid_due_date
OWN-1,Own Debtor,JPY,1000,Asia/Tokyo,+819012340001,sato,,2026-10-01
POOL-1,Pool Debtor,JPY,2000,Asia/Tokyo,+819012340002,,north,2026-10-01
SOUTH-1,South Debtor,JPY,3000,Asia/Tokyo,+819012340003,,south,2026-10-01
CSV
expect_rc 0 "accounts import with a team for the unassigned" "$DUN" import accounts "$TMP/acc.csv"
equal "$(sql "SELECT t.name FROM dun.accounts a JOIN dun.teams t ON t.id = a.team_id WHERE a.ref = 'POOL-1'")" north \
    "POOL-1 waits in north's pool"
printf 'ref,name,currency,balance,time_zone,team\nBAD-1,Bad,JPY,1,Asia/Tokyo,nowhere\n' >"$TMP/bad.csv"
expect_rc 1 "a team that does not exist is refused" "$DUN" import accounts "$TMP/bad.csv"
contains "$TMP/err" 'bad.csv:2: team: no team "nowhere"' "with FILE:LINE"

start_dun 110 30 -- --agent sato
check "without a pool, sato's queue has sato's own account" wait_for "OWN-1"
check "and not the team's unassigned one" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q POOL-1"
keys q; wait_dead >/dev/null

expect_rc 0 "dun team pool north on" "$DUN" team pool north on
"$DUN" team pool south on >/dev/null
expect_rc 2 "an unknown team" "$DUN" team pool nowhere on
contains "$TMP/err" 'no team "nowhere"; nothing changed' "is refused"
expect_rc 2 "neither on nor off" "$DUN" team pool north maybe
start_dun 110 30 -- --agent kato
SOCK_KATO=$SOCK
check "with north's pool, kato's queue has POOL-1" wait_for "POOL-1"
check "marked as the pool's" wait_for "pool: Pool Debtor"
check "but not south's" sh -c "! tmux -S '$SOCK' capture-pane -p -t t | grep -q SOUTH-1"
SOCK="$TMP/none.sock" # a second workstation beside kato's (start_dun ends the server on SOCK)
start_dun 110 30 -- --agent sato
SOCK_SATO=$SOCK
check "sato's queue has it too" wait_for "pool: Pool Debtor"
check "sato opens it" open_account POOL-1
check "and is told it is theirs now" wait_for "POOL-1 taken from the team's pool: it is in your book now"
equal "$(sql "SELECT g.login FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE a.ref = 'POOL-1'")" sato \
    "POOL-1 is assigned to sato"
check "the history says so" wait_for "taken from the team's pool"
keys q
check "back on sato's queue it is sato's own" wait_for "Pool Debtor"
check "no longer marked as the pool's" wait_gone "pool: Pool Debtor"
SOCK=$SOCK_KATO
check "on kato's open queue it is gone at once, without a reload" wait_gone "POOL-1"
tm kill-server 2>/dev/null
SOCK=$SOCK_SATO
tm kill-server 2>/dev/null
finish
