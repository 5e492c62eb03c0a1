# Who you are and what you may see (issue 13, parts 1 and 2): dun agent add
# makes a PostgreSQL login role with its agent row; connected as that role
# with hand-written SQL in psql, an agent sees 0 of a colleague's accounts,
# cannot update them, cannot move their own account into the colleague's
# book, and can neither update nor delete a contact; a supervisor sees
# exactly the team; an admin sees all. dun takes the agent from the session
# role, refuses --agent naming someone else (exit 2), and only the system
# and admins manage agents. A disabled agent can no longer log in.
. tests/lib.sh
fresh_db roles
"$DUN" migrate >/dev/null
S=$$ # roles are the cluster's: names of this run only
A=sato-$S B=kato-$S L=lead-$S ADM=root-$S
PW=test-password-$S

expect_rc 0 "the system adds an agent" "$DUN" agent add "$A" --name "Sato Hana" --team "north-$S" --role agent
contains "$TMP/out" "agent $A (Sato Hana, agent) added: database login role $A in dun_agent; team created" "and says what it made"
"$DUN" agent add "$B" --name "Kato Ken" --team "south-$S" --role agent >/dev/null || not_ok "a second agent"
"$DUN" agent add "$L" --name "Lead North" --team "north-$S" --role supervisor >/dev/null || not_ok "a supervisor"
"$DUN" agent add "$ADM" --name "Root Admin" --team "north-$S" --role admin >/dev/null || not_ok "an admin"
equal "$(sql "SELECT string_agg(r || ' ' || pg_has_role(r, 'dun_agent', 'MEMBER') || ' ' || pg_has_role(r, 'dun_supervisor', 'MEMBER')
              || ' ' || pg_has_role(r, 'dun_admin', 'MEMBER'), ', ' ORDER BY r)
              FROM unnest(ARRAY['$A', '$L', '$ADM']) r")" \
    "$L true true false, $ADM true true true, $A true false false" "each is a login role in its group (an admin is also a supervisor and an agent)"
expect_rc 2 "an agent's login twice is refused" "$DUN" agent add "$A" --name X --team "north-$S" --role agent
contains "$TMP/err" "an agent with the login $A exists already; nothing created" "saying so"
expect_rc 2 "a database role that is not an agent is never taken over" "$DUN" agent add "$(sql "SELECT session_user")" --name X --team t --role agent
contains "$TMP/err" "exists already: it is not made an agent" "saying so"
expect_rc 2 "--role must be agent, supervisor or admin" "$DUN" agent add "x$S" --name X --team t --role boss

for r in "$A" "$B" "$L" "$ADM"; do sql "ALTER ROLE \"$r\" PASSWORD '$PW'" >/dev/null; done
id() { sql "SELECT id FROM dun.agents WHERE login = '$1'"; }
sql "INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, assigned_agent_id) VALUES
     ('A-1', 'One', 1000, 'JPY', $(id "$A")), ('A-2', 'Two', 2000, 'JPY', $(id "$A")),
     ('B-1', 'Three', 3000, 'JPY', $(id "$B")), ('N-1', 'Nobody', 4000, 'JPY', NULL);
     INSERT INTO dun.phones (account_id, number, kind) SELECT id, '+8190000000' || id, 'mobile' FROM dun.accounts;
     INSERT INTO dun.contacts (account_id, channel, direction, at, outcome)
     SELECT id, 'phone', 'out', now(), 'no_answer' FROM dun.accounts" >/dev/null
as() { # ROLE SQL: psql as that login role, the error kept
    r=$1; shift
    PGUSER=$r PGPASSWORD=$PW psql -X -qAt -v ON_ERROR_STOP=1 -c "$1" 2>"$TMP/as.err"
}
refused_as() { ! as "$@" >/dev/null; }

# --- an agent, in psql -------------------------------------------------------------------
equal "$(as "$A" "SELECT string_agg(ref, ' ' ORDER BY ref) FROM dun.accounts")" "A-1 A-2" "an agent sees their own accounts only"
equal "$(as "$A" "SELECT count(*) FROM dun.accounts WHERE ref IN ('B-1', 'N-1')")" 0 "0 of a colleague's (or the unassigned)"
equal "$(as "$A" "SELECT count(*) FROM dun.phones")" 2 "their phones only"
equal "$(as "$A" "SELECT count(*) FROM dun.contacts")" 2 "their contact log only"
equal "$(as "$A" "UPDATE dun.accounts SET balance_minor = 0 WHERE ref = 'B-1'")" "" "an update of a colleague's account touches nothing"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE ref = 'B-1'")" 3000 "it is unchanged"
check "moving their own account into a colleague's book is refused" refused_as "$A" \
    "UPDATE dun.accounts SET assigned_agent_id = $(id "$B") WHERE ref = 'A-1'"
contains "$TMP/as.err" "row-level security" "by the row-level security policy"
equal "$(sql "SELECT assigned_agent_id FROM dun.accounts WHERE ref = 'A-1'")" "$(id "$A")" "it stays theirs"
check "a contact cannot be updated" refused_as "$A" "UPDATE dun.contacts SET outcome = 'conversation'"
contains "$TMP/as.err" "permission denied" "permission denied"
check "nor deleted" refused_as "$A" "DELETE FROM dun.contacts"
check "a contact on a colleague's account cannot be written" refused_as "$A" \
    "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome)
     VALUES ($(sql "SELECT id FROM dun.accounts WHERE ref = 'B-1'"), 'phone', 'out', now(), 'no_answer')"
check "an agent cannot add agents" refused_as "$A" "SELECT dun.agent_add('x$S', 'X', 'north-$S', 'admin')"

# --- what an agent may change in their own book (migration 033) ------------------------
A1=$(sql "SELECT id FROM dun.accounts WHERE ref = 'A-1'")
sql "INSERT INTO dun.promises (account_id, agent_id, amount_minor, currency, promised_date)
     VALUES ($A1, $(id "$A"), 500, 'JPY', current_date + 3), ($A1, $(id "$A"), 500, 'JPY', current_date + 9);
     INSERT INTO dun.outbox (account_id, agent_id, channel, target, body, state, release_at, next_attempt_at)
     VALUES ($A1, $(id "$A"), 'sms', '+819000000001', 'hello', 'queued', now(), now())" >/dev/null || not_ok "the promises and the message"
check "an agent cannot change their own account's balance" refused_as "$A" "UPDATE dun.accounts SET balance_minor = 0 WHERE id = $A1"
contains "$TMP/as.err" "an agent may not change that in dun.accounts" "the wall says what it refused"
equal "$(sql "SELECT balance_minor FROM dun.accounts WHERE id = $A1")" 1000 "the balance is unchanged"
check "an agent records an SMS opt-out" as "$A" "UPDATE dun.accounts SET sms_opt_out = true WHERE id = $A1"
check "but cannot take it back" refused_as "$A" "UPDATE dun.accounts SET sms_opt_out = false WHERE id = $A1"
contains "$TMP/as.err" "may not move dun.accounts.sms_opt_out from true to false" "saying which move"
check "an agent cancels a pending promise" as "$A" \
    "UPDATE dun.promises SET status = 'cancelled', settled_at = now() WHERE id = (SELECT min(id) FROM dun.promises)"
check "but cannot call one kept" refused_as "$A" "UPDATE dun.promises SET status = 'kept' WHERE id = (SELECT max(id) FROM dun.promises)"
check "nor paid" refused_as "$A" "UPDATE dun.promises SET paid_minor = 500 WHERE id = (SELECT max(id) FROM dun.promises)"
check "nor say a message was delivered" refused_as "$A" "UPDATE dun.outbox SET state = 'delivered'"
check "but may cancel it in its undo window" as "$A" "UPDATE dun.outbox SET state = 'cancelled', updated_at = now()"
check "nor pretend a number is good again" refused_as "$A" "UPDATE dun.phones SET number = '+81000'"
# The work lock holds for updates too: while the supervisor has A-1 open,
# the agent cannot cancel its promise; taking a message back still works.
equal "$(sql "SELECT dun.lease_take($A1, $(id "$L"), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 60)")" taken "the supervisor opens A-1"
check "the agent cannot cancel a promise on it meanwhile" refused_as "$A" \
    "UPDATE dun.promises SET status = 'cancelled', settled_at = now() WHERE id = (SELECT max(id) FROM dun.promises)"
contains "$TMP/as.err" "the account is in use by Lead North" "in use by the supervisor"
sql "INSERT INTO dun.outbox (account_id, agent_id, channel, target, body, state, release_at, next_attempt_at)
     VALUES ($A1, $(id "$A"), 'sms', '+819000000001', 'again', 'queued', now(), now())" >/dev/null
check "but takes a message back" as "$A" "UPDATE dun.outbox SET state = 'cancelled', updated_at = now() WHERE state = 'queued'"
sql "DELETE FROM dun.account_leases" >/dev/null
equal "$(sql "SELECT string_agg(status, ' ' ORDER BY id) FROM dun.promises")" "cancelled pending" \
    "settlement stays the system's: the promises are as dun left them"
check "the system settles" sql "UPDATE dun.promises SET status = 'kept' WHERE id = (SELECT max(id) FROM dun.promises)"

# --- a supervisor and an admin ------------------------------------------------------
equal "$(as "$L" "SELECT string_agg(ref, ' ' ORDER BY ref) FROM dun.accounts")" "A-1 A-2" "a supervisor sees exactly the team's accounts"
equal "$(as "$ADM" "SELECT string_agg(ref, ' ' ORDER BY ref) FROM dun.accounts")" "A-1 A-2 B-1 N-1" "an admin sees all"

# --- dun as the session role ----------------------------------------------------------------
dun_as() { r=$1; shift; PGUSER=$r PGPASSWORD=$PW "$DUN" "$@" >"$TMP/out" 2>"$TMP/err"; }
check "dun queue as the agent's own role" dun_as "$A" queue --json
equal "$(python3 -c "import json; print(' '.join(sorted(r['ref'] for r in json.load(open('$TMP/out')))))")" "A-1 A-2" \
    "shows that agent's queue, with no --agent"
check "--agent naming themselves is fine" dun_as "$A" --agent "$A" queue
if dun_as "$A" --agent "$B" queue; then not_ok "--agent naming a colleague is refused"; else ok "--agent naming a colleague is refused"; fi
contains "$TMP/err" "--agent $B: you are connected to the database as $A, who may act only as themselves" "saying who they are"
check "an admin may act for an agent" dun_as "$ADM" --agent "$B" queue --json
equal "$(python3 -c "import json; print(' '.join(r['ref'] for r in json.load(open('$TMP/out'))))")" "B-1" "and sees that agent's queue"
if dun_as "$A" agent add "y$S" --name Y --team t --role agent; then not_ok "an agent cannot dun agent add"; else ok "an agent cannot dun agent add"; fi
contains "$TMP/err" "only an admin may add agents" "saying so"
if dun_as "$A" agent list; then not_ok "nor list the agents"; else ok "nor list the agents"; fi
check "an admin adds an agent (without CREATEROLE of their own)" dun_as "$ADM" agent add "new-$S" --name New --team "north-$S" --role agent

# --- disable ------------------------------------------------------------------------------
check "an admin disables an agent" dun_as "$ADM" agent disable "$B"
check "who can no longer log in" sh -c "! PGUSER='$B' PGPASSWORD='$PW' psql -X -qAt -c 'SELECT 1' >/dev/null 2>&1"
check "dun agent list says so" dun_as "$ADM" agent list
check "the list shows $B disabled" sh -c "grep -qE '^$B +Kato Ken +agent +south-$S +disabled' '$TMP/out'"
equal "$(sql "SELECT count(*) FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE g.login = '$B'")" 1 \
    "and their history stays"

# --- the team's unassigned pool (migration 034) ---------------------------------------------
north=$(sql "SELECT id FROM dun.teams WHERE name = 'north-$S'")
sql "INSERT INTO dun.accounts (ref, debtor_name, balance_minor, currency, team_id, time_zones)
     VALUES ('P-1', 'Pooled', 500, 'JPY', $north, '{Asia/Tokyo}');
     UPDATE dun.accounts SET time_zones = '{Asia/Tokyo}' WHERE ref = 'A-2';
     INSERT INTO dun.phones (account_id, number, kind) SELECT id, '+819000000077', 'mobile' FROM dun.accounts WHERE ref = 'P-1'" >/dev/null
equal "$(as "$A" "SELECT count(*) FROM dun.accounts WHERE ref = 'P-1'")" 0 "without a pool an agent does not see the team's unassigned account"
equal "$(as "$L" "SELECT count(*) FROM dun.accounts WHERE ref = 'P-1'")" 1 "the supervisor does"
if dun_as "$A" team pool "north-$S" on; then not_ok "an agent cannot turn the pool on"; else ok "an agent cannot turn the pool on"; fi
contains "$TMP/err" "only an admin may configure a team's pool" "saying so"
check "an admin turns the team's pool on" dun_as "$ADM" team pool "north-$S" on
contains "$TMP/out" "team north-$S: pool on; 1 unassigned account waits in it, in each of its agents' queues" "and is told what waits in it"
equal "$(as "$A" "SELECT count(*) FROM dun.accounts WHERE ref = 'P-1'")" 1 "with the pool configured, the agent does"
equal "$(as "$A" "SELECT count(*) FROM dun.phones p JOIN dun.accounts a ON a.id = p.account_id WHERE a.ref = 'P-1'")" 1 \
    "and what hangs off it"
check "but cannot change it without taking it" refused_as "$A" "UPDATE dun.accounts SET dispute = true WHERE ref = 'P-1'"
check "nor put their own account into the pool" refused_as "$A" \
    "UPDATE dun.accounts SET assigned_agent_id = NULL, team_id = $north WHERE ref = 'A-2'"
check "dun queue as the agent lists it as the pool's" dun_as "$A" queue --json
equal "$(python3 -c "import json; print(' '.join(r['ref'] for r in json.load(open('$TMP/out')) if r['pool']))")" "P-1" "pool: true"
export DUN_NOW=2026-11-27T10:00:00+09:00 # a Friday morning in Tokyo
check "working it from the CLI takes it" dun_as "$A" log-contact P-1 --channel phone --target +819000000077 \
    --outcome no_answer
equal "$(sql "SELECT g.login FROM dun.accounts a JOIN dun.agents g ON g.id = a.assigned_agent_id WHERE a.ref = 'P-1'")" "$A" \
    "P-1 is now in the agent's book"
equal "$(sql "SELECT value FROM dun.flag_changes f JOIN dun.accounts a ON a.id = f.account_id WHERE a.ref = 'P-1' AND flag = 'assigned'")" \
    "taken from the team's pool" "and its history says so"
sql "ALTER ROLE \"new-$S\" PASSWORD '$PW'" >/dev/null
equal "$(as "new-$S" "SELECT count(*) FROM dun.accounts WHERE ref = 'P-1'")" 0 "a colleague no longer sees it"

# --- an agent writes as themselves -------------------------------------------------------
check "a contact in a colleague's name is refused" refused_as "$A" \
    "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome, agent_id)
     VALUES ($A1, 'phone', 'out', now(), 'no_answer', $(id "new-$S"))"
contains "$TMP/as.err" "an agent writes in dun.contacts as themselves" "saying so"
check "and one as the system (no agent)" refused_as "$A" \
    "INSERT INTO dun.contacts (account_id, channel, direction, at, outcome) VALUES ($A1, 'phone', 'out', now(), 'no_answer')"
check "dun log-contact without --agent, as the agent's role, records it as the agent" \
    dun_as "$A" log-contact A-2 --channel phone \
    --target +8190000000$(sql "SELECT id FROM dun.accounts WHERE ref = 'A-2'") --outcome no_answer
equal "$(sql "SELECT g.login FROM dun.contacts c JOIN dun.agents g ON g.id = c.agent_id JOIN dun.accounts a ON a.id = c.account_id
              WHERE a.ref = 'A-2' ORDER BY c.id DESC LIMIT 1")" "$A" "under the agent's name"
finish
