# Who may act on an account from the command line: an agent on the accounts
# assigned to them, a supervisor on their team's accounts (assigned to an
# agent of their team), an admin on every account, the system (no --agent)
# as before. `dun --agent X log-contact` and `dun --agent X send` on any other
# account are refused with exit 2, a message naming the account and its
# agent, and nothing recorded or queued.
. tests/lib.sh
fresh_db ownership
"$DUN" migrate >/dev/null
sql "INSERT INTO dun.teams (name) VALUES ('Tokyo'), ('Osaka')" >/dev/null
sql "INSERT INTO dun.agents (login, display_name, role, team_id) VALUES
     ('alice', 'Alice A', 'agent', (SELECT id FROM dun.teams WHERE name = 'Tokyo')),
     ('bob', 'Bob B', 'agent', (SELECT id FROM dun.teams WHERE name = 'Tokyo')),
     ('tlead', 'Tokyo Lead', 'supervisor', (SELECT id FROM dun.teams WHERE name = 'Tokyo')),
     ('olead', 'Osaka Lead', 'supervisor', (SELECT id FROM dun.teams WHERE name = 'Osaka')),
     ('root', 'The Admin', 'admin', NULL)" >/dev/null
export DUN_SPOOL_DIR="$TMP/spool" DUN_SMS_PROVIDER=spool DUN_EMAIL_PROVIDER=spool
company_conf
# 19:30 in New York: inside the contact window; US allows 7 calls in 7 days
# and an SMS at any interval, so only ownership can refuse here.
export DUN_NOW=2026-11-20T00:30:00Z
cat >"$TMP/acc.csv" <<'CSV'
ref,name,currency,balance,language,time_zone,phone_mobile,sms_consent,assigned_agent,oldest_unpaid_due_date
BOB-1,Bea One,USD,100.00,en,America/New_York,+12125550701,true,bob,2026-10-01
BOB-2,Ben Two,USD,100.00,en,America/New_York,+12125550702,true,bob,2026-10-01
ALICE-1,Al One,USD,100.00,en,America/New_York,+12125550703,true,alice,2026-10-01
NOBODY-1,Nat Nobody,USD,100.00,en,America/New_York,+12125550704,true,,2026-10-01
CSV
"$DUN" import accounts "$TMP/acc.csv" >/dev/null || not_ok "accounts imported"

acc() { echo "(SELECT id FROM dun.accounts WHERE ref = '$1')"; }
contacts() { sql "SELECT count(*) FROM dun.contacts WHERE account_id = $(acc "$1")"; }
queued() { sql "SELECT count(*) FROM dun.outbox WHERE account_id = $(acc "$1")"; }
call() { # call LOGIN REF: one outbound call logged as LOGIN
    "$DUN" --agent "$1" log-contact "$2" --channel phone --target "$(sql "SELECT number FROM dun.phones WHERE account_id = $(acc "$2")")" \
        --outcome no_answer
}
# No sender runs here: what waits is marked sent first, so each send is a new
# message and not a repeat of one still waiting (which dun send refuses).
sent() { sql "UPDATE dun.outbox SET state = 'sent' WHERE state = 'queued'" >/dev/null; }
text() { sent; "$DUN" --agent "$1" send "$2" --channel sms; }

# --- an agent on another agent's account ----------------------------------------------
expect_rc 2 "alice may not log a call on bob's BOB-1" call alice BOB-1
contains "$TMP/err" "BOB-1" "the message names the account"
contains "$TMP/err" "bob (Bob B, team Tokyo)" "and the agent it is assigned to"
equal "$(contacts BOB-1)" 0 "nothing is recorded"
expect_rc 2 "alice may not send an SMS on BOB-2" text alice BOB-2
contains "$TMP/err" "BOB-2" "the message names the account"
contains "$TMP/err" "bob (Bob B, team Tokyo)" "and its agent"
equal "$(queued BOB-2)|$(contacts BOB-2)" "0|0" "nothing is queued or recorded"
expect_rc 2 "an inbound contact is refused the same way" \
    "$DUN" --agent alice log-contact BOB-1 --channel phone --target +12125550701 --outcome conversation --in
equal "$(contacts BOB-1)" 0 "still nothing recorded"
expect_rc 2 "alice may not act on an account assigned to nobody" call alice NOBODY-1
contains "$TMP/err" "not assigned to any agent" "and is told it is nobody's"

# --- the agent on their own ---------------------------------------------------------------
expect_rc 0 "bob logs a call on his BOB-1" call bob BOB-1
expect_rc 0 "bob sends an SMS on his BOB-2" text bob BOB-2
expect_rc 0 "alice logs a call on her ALICE-1" call alice ALICE-1

# --- supervisors ---------------------------------------------------------------------------
expect_rc 0 "the Tokyo supervisor logs a call on bob's BOB-1 (her team)" call tlead BOB-1
expect_rc 0 "and sends an SMS on BOB-2" text tlead BOB-2
n1=$(contacts BOB-1) n2=$(queued BOB-2)
expect_rc 2 "the Osaka supervisor may not log a call on BOB-1 (another team)" call olead BOB-1
contains "$TMP/err" "bob (Bob B, team Tokyo)" "the message names bob"
contains "$TMP/err" "not to supervisor olead" "and who was refused"
expect_rc 2 "nor send on BOB-2" text olead BOB-2
equal "$(contacts BOB-1)|$(queued BOB-2)" "$n1|$n2" "nothing recorded or queued for the Osaka supervisor"
expect_rc 2 "a supervisor may not act on an account assigned to nobody" call tlead NOBODY-1

# --- admins and the system ------------------------------------------------------------------
expect_rc 0 "the admin logs a call on BOB-1" call root BOB-1
expect_rc 0 "and sends on BOB-2" text root BOB-2
expect_rc 0 "and acts on an account assigned to nobody" call root NOBODY-1
expect_rc 0 "without --agent (the system), log-contact is as before" \
    "$DUN" log-contact BOB-1 --channel phone --target +12125550701 --outcome no_answer
sent
expect_rc 0 "and so is send" "$DUN" send BOB-2 --channel sms
equal "$(contacts BOB-1)" 4 "BOB-1 has the four allowed calls: bob, the Tokyo supervisor, the admin, the system"
equal "$(queued BOB-2)" 4 "BOB-2 has the four allowed messages"
expect_rc 2 "an unknown account is still named as unknown" \
    "$DUN" --agent bob log-contact NOPE-1 --channel phone --target +12125550799 --outcome no_answer
contains "$TMP/err" 'no account with ref "NOPE-1"' "no account with ref NOPE-1"
finish
